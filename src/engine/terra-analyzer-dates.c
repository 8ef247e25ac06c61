/* terra-analyzer-dates.c — dates and times, resolved in the business's zone
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Pieces are found first — a day ("tomorrow", "next Monday", "25 Dec",
 * "25/12", "in 2 days"), a time ("3pm", "15:00", "5 baje", "at 4"), a part
 * of a day ("morning", "shaam") — then neighbours joined by little words
 * ("at", "on", ",") become one entity: "tomorrow at 3pm", "kal shaam 5
 * baje", "next Monday morning".
 *
 * Conventions, the same every time:
 * - a bare weekday is the next one after today ("Monday" said on a Monday
 *   is a week later); "this Monday" may be today; "next Monday" is the
 *   Monday of next week (Monday to Sunday), so said on a Monday it is seven
 *   days later and said on a Saturday it is two;
 * - a date without a year that has passed is next year's;
 * - a time without a day is today's if still ahead, else tomorrow's;
 * - an hour without am/pm is in business hours: 1–7 afternoon, 8–12
 *   morning and noon, unless a part of the day says otherwise;
 * - 12/05 is the 12th of May, except in zones of the Americas.
 * Local times are made with g_date_time_new() in the business zone, so a
 * day across a daylight-saving change keeps its wall-clock time.
 */

#define G_LOG_DOMAIN "terra-analyzer"

#include "config.h"

#include <math.h>

#include "terra-analyzer-dates-private.h"

static void
add_anchor (TerraDateScan         *d,
            const TerraDateAnchor *anchor)
{
  if (d->n_anchors < TERRA_DATE_MAX_ANCHORS)
    d->anchors[d->n_anchors++] = *anchor;
}

/* Whether the tokens between two anchors only join them. */
static gboolean
joins (const TerraDateScan *d,
       guint                from,
       guint                to)
{
  if (to < from)
    return TRUE;
  if (to - from >= 3)
    return FALSE;

  for (guint i = from; i <= to; i++)
    {
      const TerraToken *token = token_at (d, i);

      if (token->kind == TERRA_TOKEN_SYMBOL)
        {
          if (token->symbol != ',' && token->symbol != '-' && token->symbol != '@')
            return FALSE;
        }
      else if (!(_terra_token_flags (token) & TERRA_LEX_CONNECTOR))
        return FALSE;
    }

  return TRUE;
}

static int
resolve_hour (int       hour,
              int       meridiem,
              TerraPart part)
{
  if (meridiem >= 0)
    return hour % 12 + meridiem;
  if (hour > 12 || hour == 0)
    return hour;

  switch (part)
    {
    case TERRA_PART_MORNING:
      return hour;
    case TERRA_PART_AFTERNOON:
    case TERRA_PART_EVENING:
      return hour < 12 ? hour + 12 : 12;
    case TERRA_PART_NIGHT:
      return hour == 12 ? 0 : hour >= 6 ? hour + 12 : hour;
    case TERRA_PART_NONE:
    default:
      return hour <= 7 ? hour + 12 : hour;
    }
}

static gint64
local_instant (const TerraDateScan  *d,
               const GDate          *date,
               int                   hour,
               int                   minute,
               GDateTime           **out)
{
  g_autoptr(GDateTime) time = NULL;
  GDate day = *date;

  if (hour >= 24)
    {
      g_date_add_days (&day, hour / 24);
      hour %= 24;
    }
  time = g_date_time_new (d->zone, g_date_get_year (&day), g_date_get_month (&day),
                          g_date_get_day (&day), hour, minute, 0);
  if (time == NULL)
    return 0;
  if (out != NULL)
    *out = g_date_time_ref (time);

  return g_date_time_to_unix (time) * G_USEC_PER_SEC;
}

static void
part_hours (TerraPart  part,
            int       *start,
            int       *end)
{
  switch (part)
    {
    case TERRA_PART_MORNING:   *start = 6;  *end = 12; break;
    case TERRA_PART_AFTERNOON: *start = 12; *end = 17; break;
    case TERRA_PART_EVENING:   *start = 17; *end = 21; break;
    case TERRA_PART_NIGHT:     *start = 20; *end = 24; break;
    case TERRA_PART_NONE:
    default:                   *start = 0;  *end = 24; break;
    }
}

static TerraDayPart
scheduler_part (TerraPart part)
{
  switch (part)
    {
    case TERRA_PART_MORNING:   return TERRA_DAY_PART_MORNING;
    case TERRA_PART_AFTERNOON: return TERRA_DAY_PART_AFTERNOON;
    case TERRA_PART_EVENING:
    case TERRA_PART_NIGHT:     return TERRA_DAY_PART_EVENING;
    case TERRA_PART_NONE:
    default:                   return TERRA_DAY_PART_ALL;
    }
}

/* Turns a group of joined anchors into one entity. */
static void
emit (TerraDateScan         *d,
      const TerraDateAnchor *date,
      const TerraDateAnchor *time,
      TerraPart              part,
      const TerraDateAnchor *instant,
      guint                  first,
      guint                  last)
{
  TerraAnalyzerScan *msg = d->msg;
  const TerraToken *a = token_at (d, first), *b = token_at (d, last);
  g_autoptr(GDateTime) start_time = NULL;
  TerraAnalyzerEntity *entity;
  TerraAnalyzerEntity e = { 0 };
  GDate day;

  g_assert (first <= last && last < msg->n_tokens);

  e.hour = e.minute = -1;
  e.day_part = TERRA_DAY_PART_ALL;
  g_date_clear (&day, 1);

  if (instant != NULL)
    {
      g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (instant->instant / G_USEC_PER_SEC);

      if (utc == NULL)
        return;
      start_time = g_date_time_to_timezone (utc, d->zone);
      e.grain = TERRA_TIME_GRAIN_MINUTE;
      e.start_utc = instant->instant;
      e.end_utc = e.start_utc + G_TIME_SPAN_HOUR;
      g_date_set_dmy (&day, g_date_time_get_day_of_month (start_time),
                      g_date_time_get_month (start_time), g_date_time_get_year (start_time));
      e.hour = g_date_time_get_hour (start_time);
      e.minute = g_date_time_get_minute (start_time);
    }
  else if (time != NULL)
    {
      int hour = resolve_hour (time->hour, time->meridiem, part);

      if (date != NULL)
        day = date->date;
      else
        {
          /* Today's if still ahead, else tomorrow's. */
          day = d->today;
          if (local_instant (d, &day, hour, time->minute, NULL) <= d->now)
            g_date_add_days (&day, 1);
        }
      e.grain = TERRA_TIME_GRAIN_MINUTE;
      e.start_utc = local_instant (d, &day, hour, time->minute, &start_time);
      e.end_utc = e.start_utc + G_TIME_SPAN_HOUR;
      e.hour = hour;
      e.minute = time->minute;
      e.day_part = scheduler_part (part);
    }
  else if (date != NULL)
    {
      GDate end_day;
      int start_hour, end_hour;

      day = date->date;
      end_day = day;
      part_hours (part, &start_hour, &end_hour);
      if (part != TERRA_PART_NONE && !date->week)
        {
          e.grain = TERRA_TIME_GRAIN_DAY_PART;
          e.day_part = scheduler_part (part);
          e.start_utc = local_instant (d, &day, start_hour, 0, &start_time);
          e.end_utc = local_instant (d, &end_day, end_hour, 0, NULL);
        }
      else
        {
          e.grain = date->week ? TERRA_TIME_GRAIN_WEEK : TERRA_TIME_GRAIN_DAY;
          g_date_add_days (&end_day, date->span_days);
          e.start_utc = local_instant (d, &day, 0, 0, &start_time);
          e.end_utc = local_instant (d, &end_day, 0, 0, NULL);
        }
    }
  else
    return;

  if (start_time == NULL)
    return;

  entity = _terra_scan_add_entity (msg, TERRA_ANALYZER_ENTITY_DATETIME,
                                   a->offset, b->offset + b->length);
  entity->start_utc = e.start_utc;
  entity->end_utc = e.end_utc;
  entity->grain = e.grain;
  entity->day_part = e.day_part;
  entity->date = day;
  entity->hour = e.hour;
  entity->minute = e.minute;
  entity->value = g_date_time_format (start_time, "%Y-%m-%dT%H:%M:%S%:z");
}

static void
resolve_groups (TerraDateScan *d)
{
  guint k = 0;

  while (k < d->n_anchors)
    {
      const TerraDateAnchor *date = NULL, *time = NULL, *instant = NULL;
      TerraPart part = TERRA_PART_NONE;
      guint first = d->anchors[k].first, last = d->anchors[k].last;
      gboolean has_part = FALSE;

      for (; k < d->n_anchors; k++)
        {
          const TerraDateAnchor *a = &d->anchors[k];
          gboolean a_part = a->kind == ANCHOR_PART || (a->kind == ANCHOR_DATE && a->part != TERRA_PART_NONE);

          if (date != NULL || time != NULL || instant != NULL || has_part)
            {
              if (!joins (d, last + 1, a->first - 1) || instant != NULL ||
                  a->kind == ANCHOR_INSTANT ||
                  (a->kind == ANCHOR_DATE && date != NULL) ||
                  (a->kind == ANCHOR_TIME && time != NULL) ||
                  (a_part && has_part))
                break;
            }

          switch (a->kind)
            {
            case ANCHOR_DATE:    date = a; break;
            case ANCHOR_TIME:    time = a; break;
            case ANCHOR_INSTANT: instant = a; break;
            case ANCHOR_PART:    break;
            default:             g_assert_not_reached ();
            }
          if (a_part)
            {
              part = a->part;
              has_part = TRUE;
            }
          last = a->last;
        }

      emit (d, date, time, part, instant, first, last);
    }
}

void
_terra_analyzer_find_dates (TerraAnalyzerScan *msg)
{
  const TerraAnalyzerContext *context = msg->context;
  const guint32 cues = TERRA_LEX_MONTH | TERRA_LEX_WEEKDAY | TERRA_LEX_DAY_OFFSET |
                       TERRA_LEX_DAY_PART | TERRA_LEX_MERIDIEM | TERRA_LEX_OCLOCK |
                       TERRA_LEX_WEEK | TERRA_LEX_WEEKEND | TERRA_LEX_CLOCK | TERRA_LEX_UNIT;
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GTimeZone) zone = NULL;
  gboolean digits = FALSE;
  TerraDateScan d = { .msg = msg };

  /* Most messages name no time at all: leave at once. */
  for (guint i = 0; i < msg->n_tokens && !digits; i++)
    digits = msg->tokens[i].kind == TERRA_TOKEN_NUMBER && !msg->tokens[i].consumed;
  if (!(msg->seen_flags & cues) && !digits)
    return;

  zone = context->time_zone != NULL ? g_time_zone_ref (context->time_zone) : g_time_zone_new_utc ();
  d.zone = zone;
  d.now = context->now;
  utc = g_date_time_new_from_unix_utc (d.now / G_USEC_PER_SEC);
  if (utc == NULL)
    return;
  local = g_date_time_to_timezone (utc, zone);
  g_date_clear (&d.today, 1);
  g_date_set_dmy (&d.today, g_date_time_get_day_of_month (local),
                  g_date_time_get_month (local), g_date_time_get_year (local));
  d.weekday = g_date_time_get_day_of_week (local);
  d.month_first = g_str_has_prefix (g_time_zone_get_identifier (zone), "America/");

  for (guint i = 0; i < msg->n_tokens;)
    {
      TerraDateAnchor a = { .meridiem = -1 };
      gboolean after_date;
      int end;

      g_date_clear (&a.date, 1);
      if (msg->tokens[i].consumed)
        {
          i++;
          continue;
        }

      after_date = d.n_anchors > 0 && d.anchors[d.n_anchors - 1].kind == ANCHOR_DATE &&
                   joins (&d, d.anchors[d.n_anchors - 1].last + 1, i - 1);

      end = _terra_dates_parse_date (&d, i, &a);
      if (end < 0)
        end = _terra_dates_parse_time (&d, i, &a, after_date);
      if (end < 0)
        end = _terra_dates_parse_part (&d, i, &a);

      if (end < 0)
        {
          i++;
          continue;
        }

      add_anchor (&d, &a);
      i = end;
    }

  resolve_groups (&d);
}
