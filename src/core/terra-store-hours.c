/* terra-store-hours.c — whether the business is open at a given instant
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One answer for the engine (which sends the away message outside the
 * opening hours when assistant.working_hours_only is on) and the Dashboard
 * (which says so): the week's opening ranges, unless the date has its own
 * (a closed day, or special hours), read in the business time zone so that
 * the clocks changing to or from summer time move nothing.
 */

#include "config.h"

#include "terra-store.h"

static gboolean
open_on_override (GPtrArray *overrides,
                  int        minute)
{
  for (guint i = 0; i < overrides->len; i++)
    {
      TerraDayOverride *day = g_ptr_array_index (overrides, i);

      if (!day->closed && minute >= day->start_minute && minute < day->end_minute)
        return TRUE;
    }
  return FALSE;
}

/**
 * terra_store_is_open_at:
 * @self: a #TerraStore
 * @now_us: the instant, µs since the epoch
 *
 * Whether @now_us falls in the business's opening hours: a date with its
 * own entries (closed, or open in special ranges) follows them, any other
 * the weekly ranges. Minutes are the wall-clock ones of the business time
 * zone.
 *
 * Returns: %TRUE when open
 */
gboolean
terra_store_is_open_at (TerraStore *self,
                        gint64      now_us)
{
  g_autoptr(GTimeZone) zone = NULL;
  g_autoptr(GDateTime) instant = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GArray) hours = NULL;
  g_autoptr(GPtrArray) overrides = NULL;
  int weekday;
  int minute;
  GDate today;

  g_return_val_if_fail (TERRA_IS_STORE (self), FALSE);

  zone = terra_store_get_time_zone (self);
  instant = g_date_time_new_from_unix_utc (now_us / G_USEC_PER_SEC);
  local = g_date_time_to_timezone (instant, zone);
  weekday = g_date_time_get_day_of_week (local);
  minute = g_date_time_get_hour (local) * 60 + g_date_time_get_minute (local);

  g_date_clear (&today, 1);
  g_date_set_dmy (&today, g_date_time_get_day_of_month (local), g_date_time_get_month (local),
                  g_date_time_get_year (local));
  overrides = terra_store_list_day_overrides (self, &today, &today, NULL);
  if (overrides != NULL && overrides->len > 0)
    return open_on_override (overrides, minute);

  hours = terra_store_get_opening_hours (self, NULL);
  for (guint i = 0; hours != NULL && i < hours->len; i++)
    {
      TerraOpeningRange *range = &g_array_index (hours, TerraOpeningRange, i);

      if (range->weekday == weekday && minute >= range->start_minute && minute < range->end_minute)
        return TRUE;
    }
  return FALSE;
}
