/* test-store-hours.c — terra_store_is_open_at: the week, special days, DST
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The business is in Europe/Berlin (CET = UTC+1 in winter, CEST = UTC+2
 * from 2026-03-29 to 2026-10-25), open Monday to Friday 09:00–17:00 and
 * also Monday 00:00–01:00. Instants are written out by hand in UTC, so a
 * wrong time zone or a day taken from UTC instead of Berlin shows.
 */

#include "config.h"

#include "terra-test-utils.h"

static gint64
utc (int year, int month, int day, int hour, int minute)
{
  g_autoptr(GDateTime) time = g_date_time_new_utc (year, month, day, hour, minute, 0);

  return g_date_time_to_unix (time) * G_USEC_PER_SEC;
}

static void
set_date (GDate *date, int year, int month, int day)
{
  g_date_clear (date, 1);
  g_date_set_dmy (date, day, month, year);
}

static TerraTestWorkspace *
make_business (void)
{
  g_autoptr(JsonNode) zone = json_node_init_string (json_node_alloc (), "Europe/Berlin");
  g_autoptr(GError) error = NULL;
  TerraTestWorkspace *workspace = terra_test_workspace_new ();
  TerraStore *store = terra_workspace_get_store (workspace);
  TerraOpeningRange ranges[6];

  g_assert_true (terra_store_set_setting (store, "business.timezone", zone, &error));
  g_assert_no_error (error);
  for (int day = 1; day <= 5; day++)
    ranges[day - 1] = (TerraOpeningRange) { day, 9 * 60, 17 * 60 };
  ranges[5] = (TerraOpeningRange) { 1, 0, 60 };
  g_assert_true (terra_store_set_opening_hours (store, ranges, G_N_ELEMENTS (ranges), &error));
  g_assert_no_error (error);
  return workspace;
}

static void
test_week (void)
{
  g_autoptr(TerraTestWorkspace) workspace = make_business ();
  TerraStore *store = terra_workspace_get_store (workspace);

  /* Monday 2026-11-23, CET. */
  g_assert_false (terra_store_is_open_at (store, utc (2026, 11, 23, 7, 59)));  /* 08:59 */
  g_assert_true (terra_store_is_open_at (store, utc (2026, 11, 23, 8, 0)));    /* 09:00 */
  g_assert_true (terra_store_is_open_at (store, utc (2026, 11, 23, 15, 59)));  /* 16:59 */
  g_assert_false (terra_store_is_open_at (store, utc (2026, 11, 23, 16, 0)));  /* 17:00 */
  /* Sunday 2026-11-22 at noon: closed all day. */
  g_assert_false (terra_store_is_open_at (store, utc (2026, 11, 22, 11, 0)));
  /* Sunday 23:30 UTC is already Monday 00:30 in Berlin: the weekday is
   * the business's, not UTC's. */
  g_assert_true (terra_store_is_open_at (store, utc (2026, 11, 22, 23, 30)));
  /* Saturday 00:30 Berlin (Friday 23:30 UTC): no Saturday hours. */
  g_assert_false (terra_store_is_open_at (store, utc (2026, 11, 27, 23, 30)));
}

static void
test_special_days (void)
{
  g_autoptr(TerraTestWorkspace) workspace = make_business ();
  TerraStore *store = terra_workspace_get_store (workspace);
  TerraOpeningRange afternoon = { 2, 13 * 60, 15 * 60 };
  g_autoptr(GError) error = NULL;
  GDate date;

  /* A holiday on Monday 2026-11-23: closed, even in the weekly hours. */
  set_date (&date, 2026, 11, 23);
  g_assert_true (terra_store_set_day_override (store, &date, NULL, 0, "Holiday", &error));
  g_assert_no_error (error);
  g_assert_false (terra_store_is_open_at (store, utc (2026, 11, 23, 9, 0)));   /* 10:00 */
  g_assert_false (terra_store_is_open_at (store, utc (2026, 11, 22, 23, 30))); /* 00:30 */

  /* Tuesday 2026-11-24 open only 13:00–15:00. */
  set_date (&date, 2026, 11, 24);
  g_assert_true (terra_store_set_day_override (store, &date, &afternoon, 1, "Short day", &error));
  g_assert_no_error (error);
  g_assert_false (terra_store_is_open_at (store, utc (2026, 11, 24, 9, 0)));   /* 10:00 */
  g_assert_true (terra_store_is_open_at (store, utc (2026, 11, 24, 13, 0)));   /* 14:00 */
  g_assert_false (terra_store_is_open_at (store, utc (2026, 11, 24, 14, 0)));  /* 15:00 */

  /* Wednesday keeps the week's hours. */
  g_assert_true (terra_store_is_open_at (store, utc (2026, 11, 25, 9, 0)));

  /* Clearing the holiday gives Monday its week back. */
  set_date (&date, 2026, 11, 23);
  g_assert_true (terra_store_clear_day_override (store, &date, &error));
  g_assert_no_error (error);
  g_assert_true (terra_store_is_open_at (store, utc (2026, 11, 23, 9, 0)));
}

static void
test_summer_time (void)
{
  g_autoptr(TerraTestWorkspace) workspace = make_business ();
  TerraStore *store = terra_workspace_get_store (workspace);

  /* 07:00 UTC is 08:00 on Monday 2026-03-23 (CET): not yet open … */
  g_assert_false (terra_store_is_open_at (store, utc (2026, 3, 23, 7, 0)));
  /* … and 09:00 a week later (CEST), after the clocks went forward. */
  g_assert_true (terra_store_is_open_at (store, utc (2026, 3, 30, 7, 0)));
  /* In summer 17:00 is 15:00 UTC. */
  g_assert_true (terra_store_is_open_at (store, utc (2026, 10, 23, 14, 59)));
  g_assert_false (terra_store_is_open_at (store, utc (2026, 10, 23, 15, 0)));
  /* Monday 2026-10-26, back in CET: 08:00 UTC is 09:00 again. */
  g_assert_false (terra_store_is_open_at (store, utc (2026, 10, 26, 7, 30)));
  g_assert_true (terra_store_is_open_at (store, utc (2026, 10, 26, 8, 0)));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/store/hours/week", test_week);
  g_test_add_func ("/store/hours/special-days", test_special_days);
  g_test_add_func ("/store/hours/summer-time", test_summer_time);

  return g_test_run ();
}
