/* terra-analyzer-dates-parse.c — the pieces of a date: days, times, parts
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each parser reads from one token on and says where its piece ends; the
 * conventions they follow are listed in terra-analyzer-dates.c.
 */

#define G_LOG_DOMAIN "terra-analyzer"

#include "config.h"

#include <math.h>

#include "terra-analyzer-dates-private.h"

static void
set_offset_date (TerraDateScan   *d,
                 TerraDateAnchor *a,
                 int              days)
{
  a->date = d->today;
  if (days > 0)
    g_date_add_days (&a->date, days);
}

/* Days from today to a weekday: mode 0 bare, 1 "this", 2 "next". */
static int
days_to_weekday (const TerraDateScan *d,
                 int                  weekday,
                 int                  mode)
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
set_day_month (TerraDateScan   *d,
               TerraDateAnchor *a,
               int              day,
               int              month,
               int              year)
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
parse_relative (TerraDateScan   *d,
                guint            i,
                TerraDateAnchor *a,
                gboolean         prefixed)
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
parse_calendar_date (TerraDateScan   *d,
                     guint            i,
                     TerraDateAnchor *a)
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
weekday_abbreviation_ok (const TerraDateScan *d,
                         guint                i)
{
  const TerraToken *token = token_at (d, i);

  return token->capitalized || (i > 0 && is_word (d, i - 1, "on")) ||
         token_at (d, i + 1) == NULL || token_at (d, i + 1)->kind == TERRA_TOKEN_NUMBER;
}

int
_terra_dates_parse_date (TerraDateScan   *d,
                         guint            i,
                         TerraDateAnchor *a)
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
      /* "next month": the whole of it. */
      if ((next & TERRA_LEX_UNIT) && lex_at (d, i + 1)->unit == TERRA_UNIT_MONTH)
        {
          GDate first = d->today, after;

          g_date_set_day (&first, 1);
          if (mode == 2)
            g_date_add_months (&first, 1);
          after = first;
          g_date_add_months (&after, 1);
          if (mode == 1)
            first = d->today;
          a->date = first;
          a->span_days = g_date_days_between (&first, &after);
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
      const TerraToken *after = token_at (d, i + 1);

      /* "on weekends", "the weekend", "weekend?" but not "weekend batches". */
      if (!(i > 0 && (is_word (d, i - 1, "on") || is_word (d, i - 1, "the") ||
                      is_word (d, i - 1, "over") || is_word (d, i - 1, "at"))) &&
          after != NULL && after->kind != TERRA_TOKEN_SYMBOL)
        return -1;
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

/* "5 in the evening", "7 tonight" */
static gboolean
part_follows (const TerraDateScan *d,
              guint                j)
{
  for (guint k = j; k < j + 3; k++)
    {
      guint32 flags = flags_at (d, k);

      if (flags & TERRA_LEX_DAY_PART)
        return TRUE;
      if (!(flags & TERRA_LEX_CONNECTOR))
        return FALSE;
    }

  return FALSE;
}

/* "3pm", "3:30 pm", "15:00", "3.30pm", "5 baje", "at 4", "noon" */
int
_terra_dates_parse_time (TerraDateScan   *d,
                         guint            i,
                         TerraDateAnchor *a,
                         gboolean         after_date)
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
      if (!(cued || after_date || part_follows (d, j)) || hour > 12)
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

int
_terra_dates_parse_part (TerraDateScan   *d,
                         guint            i,
                         TerraDateAnchor *a)
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
