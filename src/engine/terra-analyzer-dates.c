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

#include "terra-analyzer-private.h"

#define MAX_ANCHORS 16

typedef enum
{
  ANCHOR_DATE,
  ANCHOR_TIME,
  ANCHOR_PART,
  ANCHOR_INSTANT,  /* "in 2 hours" */
} AnchorKind;

typedef struct
{
  AnchorKind kind;
  guint      first;       /* tokens, inclusive */
  guint      last;
  GDate      date;
  int        span_days;   /* 1, or 7 for a week, 2 for a weekend */
  gboolean   week;
  int        hour;
  int        minute;
  int        meridiem;    /* -1 unknown, 0 am, 12 pm */
  TerraPart  part;        /* a date may carry one: "tonight" */
  gint64     instant;
} Anchor;

typedef struct
{
  TerraAnalyzerScan *msg;
  GTimeZone    *zone;
  gint64        now;
  GDate         today;
  int           weekday;      /* of today, 1 = Monday */
  gboolean      month_first;
  Anchor        anchors[MAX_ANCHORS];
  guint         n_anchors;
} Dates;

static inline const TerraToken *
token_at (const Dates *d,
          guint        i)
{
  return i < d->msg->n_tokens ? &d->msg->tokens[i] : NULL;
}

static inline guint32
flags_at (const Dates *d,
          guint        i)
{
  const TerraToken *token = token_at (d, i);

  return token != NULL && token->kind != TERRA_TOKEN_SYMBOL ? _terra_token_flags (token) : 0;
}

static inline const TerraLexEntry *
lex_at (const Dates *d,
        guint        i)
{
  const TerraToken *token = token_at (d, i);

  return token != NULL ? _terra_token_lex (token) : NULL;
}

static inline gboolean
is_symbol (const Dates *d,
           guint        i,
           gunichar     c)
{
  const TerraToken *token = token_at (d, i);

  return token != NULL && token->kind == TERRA_TOKEN_SYMBOL && token->symbol == c;
}

static inline gboolean
is_word (const Dates *d,
         guint        i,
         const char  *key)
{
  const TerraToken *token = token_at (d, i);

  return token != NULL && _terra_token_is (token, key);
}

/* A plain whole number, not already part of something else. */
static inline gboolean
is_integer (const Dates *d,
            guint        i,
            guint        max_digits)
{
  const TerraToken *token = token_at (d, i);

  return token != NULL && token->kind == TERRA_TOKEN_NUMBER && !token->consumed &&
         token->n_decimals == 0 && !token->grouped && token->n_digits <= max_digits;
}

static inline gboolean
is_year (const Dates *d,
         guint        i)
{
  return is_integer (d, i, 4) && token_at (d, i)->n_digits == 4;
}

static inline gboolean
is_ordinal (const Dates *d,
            guint        i)
{
  return is_word (d, i, "st") || is_word (d, i, "nd") || is_word (d, i, "rd") ||
         is_word (d, i, "th");
}

static void
add_anchor (Dates        *d,
            const Anchor *anchor)
{
  if (d->n_anchors < MAX_ANCHORS)
    d->anchors[d->n_anchors++] = *anchor;
}

static void
set_offset_date (Dates  *d,
                 Anchor *a,
                 int     days)
{
  a->date = d->today;
  if (days > 0)
    g_date_add_days (&a->date, days);
}

/* Days from today to a weekday: mode 0 bare, 1 "this", 2 "next". */
static int
days_to_weekday (const Dates *d,
                 int          weekday,
                 int          mode)
{
  int delta = (weekday - d->weekday + 7) % 7;

  switch (mode)
    {
    case 0:
      return delta == 0 ? 7 : delta;
    case 1:
      return delta;
    default:
      return (8 - d->weekday) + (weekday - 1);
    }
}

/* Completes a day and month with the year: this year's unless passed. */
static gboolean
set_day_month (Dates  *d,
               Anchor *a,
               int     day,
               int     month,
               int     year)
{
  if (year < 0)
    {
      year = g_date_get_year (&d->today);
      if (g_date_valid_dmy (day, month, year))
        {
          GDate candidate;

          g_date_clear (&candidate, 1);
          g_date_set_dmy (&candidate, day, month, year);
          if (g_date_compare (&candidate, &d->today) < 0)
            year++;
        }
    }
  else if (year < 100)
    year += 2000;

  if (year < 1900 || year > 2200 || !g_date_valid_dmy (day, month, year))
    return FALSE;

  g_date_set_dmy (&a->date, day, month, year);
  return TRUE;
}

/* "in 2 days", "in an hour", "after a couple of weeks", "2 din baad" */
static int
parse_relative (Dates  *d,
                guint   i,
                Anchor *a,
                gboolean prefixed)
{
  const TerraToken *token = token_at (d, i);
  const TerraLexEntry *lex;
  double amount;
  guint j = i + 1;

  if (token == NULL || token->consumed)
    return -1;

  if (token->kind == TERRA_TOKEN_NUMBER)
    {
      if (token->n_decimals > 1 || token->number <= 0 || token->number > 400)
        return -1;
      amount = token->number;
    }
  else if (flags_at (d, i) & TERRA_LEX_NUMBER)
    {
      amount = lex_at (d, i)->number;
      /* "a couple of", "a few" */
      if (amount == 1 && (flags_at (d, j) & TERRA_LEX_NUMBER) && lex_at (d, j)->number > 1)
        amount = lex_at (d, j++)->number;
      if (is_word (d, j, "of"))
        j++;
    }
  else
    return -1;

  if (!(flags_at (d, j) & TERRA_LEX_UNIT))
    return -1;
  lex = lex_at (d, j++);

  if (!prefixed)
    {
      /* "2 days later", "do din baad", "2 din mein" */
      if (!(flags_at (d, j) & TERRA_LEX_LATER))
        return -1;
      j++;
    }

  a->first = i;
  a->last = j - 1;
  switch (lex->unit)
    {
    case TERRA_UNIT_MINUTE:
    case TERRA_UNIT_HOUR:
      a->kind = ANCHOR_INSTANT;
      a->instant = d->now + (gint64)(amount * (lex->unit == TERRA_UNIT_HOUR ? 60 : 1) * 60) * G_USEC_PER_SEC;
      break;
    case TERRA_UNIT_DAY:
      set_offset_date (d, a, (int)amount);
      break;
    case TERRA_UNIT_WEEK:
      set_offset_date (d, a, (int)(amount * 7));
      break;
    case TERRA_UNIT_MONTH:
      a->date = d->today;
      g_date_add_months (&a->date, (int)amount);
      break;
    default:
      return -1;
    }

  return j;
}

/* "25 Dec", "25th of December 2026", "Dec 25", "25/12", "2026-12-25" */
static int
parse_calendar_date (Dates  *d,
                     guint   i,
                     Anchor *a)
{
  const TerraToken *token = token_at (d, i);
  guint j;

  if (token == NULL || token->consumed)
    return -1;

  if (token->kind == TERRA_TOKEN_NUMBER)
    {
      int day = (int)token->number;
      int year = -1;

      /* 25 Dec, 25th of December, 25 Dec 2026 */
      if (is_integer (d, i, 2) && day >= 1 && day <= 31)
        {
          j = i + 1;
          if (is_ordinal (d, j))
            j++;
          if (is_word (d, j, "of"))
            j++;
          if (flags_at (d, j) & TERRA_LEX_MONTH)
            {
              int month = lex_at (d, j)->month;

              j++;
              if (is_symbol (d, j, ',') && is_year (d, j + 1))
                j++;
              if (is_year (d, j))
                year = (int)token_at (d, j++)->number;
              if (!set_day_month (d, a, day, month, year))
                return -1;
              a->first = i;
              a->last = j - 1;
              return j;
            }
        }

      /* 25/12, 25/12/2026, 25-12-2026, 2026-12-25 */
      if (is_integer (d, i, 4) && token_at (d, i + 1) != NULL && token_at (d, i + 1)->attached &&
          (is_symbol (d, i + 1, '/') || is_symbol (d, i + 1, '-')) &&
          is_integer (d, i + 2, 2) && token_at (d, i + 2)->attached)
        {
          gunichar separator = token_at (d, i + 1)->symbol;
          gboolean three = is_symbol (d, i + 3, separator) && is_integer (d, i + 4, 4) &&
                           token_at (d, i + 4)->n_digits != 3 && token_at (d, i + 4)->n_digits != 1 &&
                           token_at (d, i + 3)->attached && token_at (d, i + 4)->attached;
          int first = (int)token->number;
          int second = (int)token_at (d, i + 2)->number;
          int month;

          /* "2-3 days" is a range, not a date. */
          if (separator == '-' && !three)
            return -1;
          year = three ? (int)token_at (d, i + 4)->number : -1;

          if (token->n_digits == 4)
            {
              /* ISO 8601 */
              if (!three)
                return -1;
              year = first;
              month = second;
              day = (int)token_at (d, i + 4)->number;
            }
          else if (token->n_digits > 2)
            return -1;
          else if (d->month_first)
            month = first, day = second;
          else
            day = first, month = second;

          if (flags_at (d, i + (three ? 5 : 3)) & TERRA_LEX_UNIT)
            return -1;
          if (month < 1 || month > 12 || !set_day_month (d, a, day, month, year))
            return -1;
          a->first = i;
          a->last = i + (three ? 4 : 2);
          return a->last + 1;
        }

      /* 25.12.2026: the tokenizer read "25.12" as one number. */
      if (token->n_decimals == 2 && token->n_digits <= 2 && is_symbol (d, i + 1, '.') &&
          is_year (d, i + 2) && token_at (d, i + 1)->attached)
        {
          int month = (int)lround ((token->number - day) * 100);

          if (!set_day_month (d, a, day, month, (int)token_at (d, i + 2)->number))
            return -1;
          a->first = i;
          a->last = i + 2;
          return i + 3;
        }

      return -1;
    }

  /* Dec 25, December 25th, Dec 25, 2026 */
  if (flags_at (d, i) & TERRA_LEX_MONTH)
    {
      int month = lex_at (d, i)->month;
      int day, year = -1;

      j = i + 1;
      if (!is_integer (d, j, 2))
        return -1;
      day = (int)token_at (d, j++)->number;
      if (is_ordinal (d, j))
        j++;
      if (is_symbol (d, j, ',') && is_year (d, j + 1))
        j++;
      if (is_year (d, j))
        year = (int)token_at (d, j++)->number;
      if (day < 1 || !set_day_month (d, a, day, month, year))
        return -1;
      a->first = i;
      a->last = j - 1;
      return j;
    }

  return -1;
}

static gboolean
weekday_abbreviation_ok (const Dates *d,
                         guint        i)
{
  const TerraToken *token = token_at (d, i);

  return token->capitalized || (i > 0 && is_word (d, i - 1, "on")) ||
         token_at (d, i + 1) == NULL || token_at (d, i + 1)->kind == TERRA_TOKEN_NUMBER;
}

static int
parse_date (Dates  *d,
            guint   i,
            Anchor *a)
{
  guint32 flags = flags_at (d, i);
  const TerraLexEntry *lex = lex_at (d, i);
  int end;

  a->kind = ANCHOR_DATE;
  a->first = a->last = i;
  a->span_days = 1;

  /* "day after tomorrow" */
  if (is_word (d, i, "day") && is_word (d, i + 1, "after") &&
      (flags_at (d, i + 2) & TERRA_LEX_DAY_OFFSET) && lex_at (d, i + 2)->day_offset == 1)
    {
      set_offset_date (d, a, 2);
      a->last = i + 2;
      return i + 3;
    }

  if (flags & TERRA_LEX_DAY_OFFSET)
    {
      set_offset_date (d, a, lex->day_offset);
      if (flags & TERRA_LEX_DAY_PART)
        a->part = lex->part;
      return i + 1;
    }

  if (flags & (TERRA_LEX_THIS | TERRA_LEX_NEXT))
    {
      guint32 next = flags_at (d, i + 1);
      int mode = (flags & TERRA_LEX_NEXT) ? 2 : 1;

      a->last = i + 1;
      if (next & TERRA_LEX_WEEKDAY)
        {
          set_offset_date (d, a, days_to_weekday (d, lex_at (d, i + 1)->weekday, mode));
          return i + 2;
        }
      if (next & TERRA_LEX_WEEKEND)
        {
          if (mode == 1 && d->weekday == G_DATE_SUNDAY)
            set_offset_date (d, a, 0);
          else
            {
              set_offset_date (d, a, days_to_weekday (d, G_DATE_SATURDAY, mode));
              a->span_days = 2;
            }
          a->week = TRUE;
          return i + 2;
        }
      if (next & TERRA_LEX_WEEK)
        {
          if (mode == 1)
            {
              set_offset_date (d, a, 0);
              a->span_days = 8 - d->weekday;
            }
          else
            {
              set_offset_date (d, a, 8 - d->weekday);
              a->span_days = 7;
            }
          a->week = TRUE;
          return i + 2;
        }
      /* "this evening": today; the part is an anchor of its own. */
      if (mode == 1 && (next & TERRA_LEX_DAY_PART) && !(next & TERRA_LEX_DAY_OFFSET))
        {
          set_offset_date (d, a, 0);
          a->last = i;
          return i + 1;
        }
      return -1;
    }

  if (flags & TERRA_LEX_WEEKDAY)
    {
      if ((flags & TERRA_LEX_ABBREVIATION) && !weekday_abbreviation_ok (d, i))
        return -1;
      set_offset_date (d, a, days_to_weekday (d, lex->weekday, 0));
      return i + 1;
    }

  if (flags & TERRA_LEX_WEEKEND)
    {
      if (d->weekday == G_DATE_SUNDAY)
        set_offset_date (d, a, 0);
      else
        {
          set_offset_date (d, a, days_to_weekday (d, G_DATE_SATURDAY, 1));
          a->span_days = 2;
        }
      a->week = TRUE;
      return i + 1;
    }

  if (flags & TERRA_LEX_IN)
    {
      end = parse_relative (d, i + 1, a, TRUE);
      if (end >= 0)
        a->first = i;
      return end;
    }

  end = parse_relative (d, i, a, FALSE);
  if (end >= 0)
    return end;

  return parse_calendar_date (d, i, a);
}

/* "3pm", "3:30 pm", "15:00", "3.30pm", "5 baje", "at 4", "noon" */
static int
parse_time (Dates    *d,
            guint     i,
            Anchor   *a,
            gboolean  after_date)
{
  const TerraToken *token = token_at (d, i);
  guint32 flags = flags_at (d, i);
  gboolean colon = FALSE, oclock = FALSE, dotted = FALSE, cued;
  int hour, minute = 0, meridiem = -1;
  guint j = i + 1;

  a->kind = ANCHOR_TIME;
  a->first = i;

  if (flags & TERRA_LEX_CLOCK)
    {
      a->hour = lex_at (d, i)->hour;
      a->minute = 0;
      a->meridiem = -1;
      a->last = i;
      return i + 1;
    }

  /* "paanch baje", "five o'clock" */
  if ((flags & TERRA_LEX_NUMBER) && (flags_at (d, j) & TERRA_LEX_OCLOCK) &&
      token->kind == TERRA_TOKEN_WORD)
    {
      a->hour = lex_at (d, i)->number;
      a->minute = 0;
      a->meridiem = -1;
      a->last = j;
      return j + 1;
    }

  if (token == NULL || token->kind != TERRA_TOKEN_NUMBER || token->consumed)
    return -1;

  if (token->n_decimals == 2 && token->n_digits <= 2)
    {
      hour = (int)token->number;
      minute = (int)lround ((token->number - hour) * 100);
      dotted = TRUE;
    }
  else if (is_integer (d, i, 2))
    {
      hour = (int)token->number;
      if (is_symbol (d, j, ':') && is_integer (d, j + 1, 2) && token_at (d, j + 1)->n_digits == 2)
        {
          minute = (int)token_at (d, j + 1)->number;
          colon = TRUE;
          j += 2;
        }
    }
  else
    return -1;

  if (flags_at (d, j) & TERRA_LEX_MERIDIEM)
    meridiem = lex_at (d, j++)->hour;
  else if ((is_word (d, j, "a") || is_word (d, j, "p")) && is_symbol (d, j + 1, '.') &&
           is_word (d, j + 2, "m"))
    {
      meridiem = is_word (d, j, "p") ? 12 : 0;
      j += 3;
      if (is_symbol (d, j, '.'))
        j++;
    }
  else if (flags_at (d, j) & TERRA_LEX_OCLOCK)
    {
      oclock = TRUE;
      j++;
    }
  else if ((flags_at (d, j) & TERRA_LEX_CLOCK) && hour == 12)
    {
      /* "12 noon", "12 midnight" */
      meridiem = lex_at (d, j)->hour;
      j++;
    }

  cued = i > 0 && ((flags_at (d, i - 1) & TERRA_LEX_AT) || is_symbol (d, i - 1, '@'));
  if (meridiem < 0 && !colon && !oclock)
    {
      /* A bare number is an hour only after "at" or a day, and not when
       * it counts something: "at 2 locations", "Monday 3 people". */
      if (!(cued || after_date) || hour > 12)
        return -1;
      if (flags_at (d, j) & (TERRA_LEX_UNIT | TERRA_LEX_MAGNITUDE | TERRA_LEX_CURRENCY))
        return -1;
      if (token_at (d, j) != NULL && token_at (d, j)->kind == TERRA_TOKEN_WORD &&
          token_at (d, j)->attached)
        return -1;
      if (dotted && !cued)
        return -1;
    }

  if (minute > 59 || hour > 23 || (meridiem >= 0 && (hour < 1 || hour > 12)))
    return -1;

  a->hour = hour;
  a->minute = minute;
  a->meridiem = meridiem;
  a->last = j - 1;
  return j;
}

static int
parse_part (Dates  *d,
            guint   i,
            Anchor *a)
{
  if (!(flags_at (d, i) & TERRA_LEX_DAY_PART))
    return -1;
  /* "good morning" greets; "shubh ratri" too. */
  if (i > 0 && (flags_at (d, i - 1) & TERRA_LEX_GOOD))
    return -1;

  a->kind = ANCHOR_PART;
  a->first = a->last = i;
  a->part = lex_at (d, i)->part;
  return i + 1;
}

/* Whether the tokens between two anchors only join them. */
static gboolean
joins (const Dates *d,
       guint        from,
       guint        to)
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
local_instant (const Dates *d,
               const GDate *date,
               int          hour,
               int          minute,
               GDateTime  **out)
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
emit (Dates        *d,
      const Anchor *date,
      const Anchor *time,
      TerraPart     part,
      const Anchor *instant,
      guint         first,
      guint         last)
{
  TerraAnalyzerScan *msg = d->msg;
  const TerraToken *a = token_at (d, first), *b = token_at (d, last);
  g_autoptr(GDateTime) start_time = NULL;
  TerraAnalyzerEntity *entity;
  TerraAnalyzerEntity e = { 0 };
  GDate day;

  e.hour = e.minute = -1;
  e.day_part = TERRA_DAY_PART_ALL;
  g_date_clear (&day, 1);

  if (instant != NULL)
    {
      g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (instant->instant / G_USEC_PER_SEC);

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
resolve_groups (Dates *d)
{
  guint k = 0;

  while (k < d->n_anchors)
    {
      const Anchor *date = NULL, *time = NULL, *instant = NULL;
      TerraPart part = TERRA_PART_NONE;
      guint first = d->anchors[k].first, last = d->anchors[k].last;
      gboolean has_part = FALSE;

      for (; k < d->n_anchors; k++)
        {
          const Anchor *a = &d->anchors[k];
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
  Dates d = { .msg = msg };

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
      Anchor a = { .meridiem = -1 };
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

      end = parse_date (&d, i, &a);
      if (end < 0)
        end = parse_time (&d, i, &a, after_date);
      if (end < 0)
        end = parse_part (&d, i, &a);

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
