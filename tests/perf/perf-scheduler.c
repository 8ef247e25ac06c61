/* perf-scheduler.c — slot search in a busy calendar
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Goal (scheduling issue): the next 3 free slots in a calendar with 5,000
 * bookings over a year, median under 1 ms. Prints its figures; run with
 * `meson test -C _build --benchmark perf-scheduler -v`.
 */

#include "config.h"

#include "terra-scheduler.h"
#include "terra-test-utils.h"

#define N_BOOKINGS 5000
#define N_SEARCHES 2000
#define HOUR ((gint64)3600 * G_USEC_PER_SEC)

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double da = *(const double *)a;
  double db = *(const double *)b;

  return da < db ? -1 : da > db ? 1 : 0;
}

/* About 14 one-hour appointments a day, 09:00–19:00 local, for a year. */
static void
fill_year (TerraStore *store,
           gint64      type_id,
           gint64      contact_id,
           gint64      first_day)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261121);
  g_autoptr(GError) error = NULL;
  guint made = 0;

  g_assert_true (terra_store_begin (store, &error));
  for (guint day = 0; made < N_BOOKINGS; day++)
    for (guint hour = 9; hour < 19 && made < N_BOOKINGS; hour++)
      {
        g_autoptr(TerraBooking) booking = NULL;
        gint64 start = first_day + day * G_TIME_SPAN_DAY + hour * HOUR;

        /* Leave about one hour in ten free, at random. */
        if (g_rand_int_range (rand, 0, 100) < 8)
          continue;

        booking = terra_booking_new ();
        terra_booking_set_contact_id (booking, contact_id);
        terra_booking_set_appointment_type_id (booking, type_id);
        terra_booking_set_start_utc (booking, start);
        terra_booking_set_end_utc (booking, start + HOUR);
        terra_booking_set_timezone (booking, "UTC");
        terra_booking_set_source (booking, TERRA_BOOKING_SOURCE_ASSISTANT);
        g_assert_true (terra_store_insert (store, booking, &error));
        made++;
      }
  g_assert_true (terra_store_commit (store, &error));
  g_assert_no_error (error);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(TerraTestWorkspace) workspace = terra_test_workspace_new ();
  TerraStore *store = terra_workspace_get_store (workspace);
  g_autoptr(TerraScheduler) scheduler = terra_scheduler_new (store);
  g_autoptr(TerraAppointmentType) type = terra_appointment_type_new ();
  g_autoptr(TerraContact) contact = terra_contact_new ();
  g_autoptr(JsonNode) zone = json_node_init_string (json_node_alloc (), "UTC");
  g_autoptr(JsonNode) horizon = json_node_init_int (json_node_alloc (), 400);
  g_autoptr(GArray) timings = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  g_autoptr(GError) error = NULL;
  TerraOpeningRange ranges[7];
  gint64 first_day = (gint64)1798761600 * G_USEC_PER_SEC; /* 2027-01-01 00:00 UTC */
  double median, p95;

  g_assert_true (terra_store_set_setting (store, "business.timezone", zone, &error));
  g_assert_true (terra_store_set_setting (store, "booking.horizon_days", horizon, &error));
  for (int day = 1; day <= 7; day++)
    ranges[day - 1] = (TerraOpeningRange) { day, 9 * 60, 19 * 60 };
  g_assert_true (terra_store_set_opening_hours (store, ranges, 7, &error));
  terra_appointment_type_set_name (type, "Site visit");
  terra_appointment_type_set_duration_minutes (type, 60);
  g_assert_true (terra_store_insert (store, type, &error));
  g_assert_true (terra_store_insert (store, contact, &error));
  g_assert_no_error (error);

  fill_year (store, terra_appointment_type_get_id (type), terra_contact_get_id (contact), first_day);

  for (guint i = 0; i < N_SEARCHES; i++)
    {
      gint64 now = first_day + g_rand_int_range (rand, 0, 360) * G_TIME_SPAN_DAY
                   + g_rand_int_range (rand, 0, 24) * HOUR;
      gint64 started = g_get_monotonic_time ();
      g_autoptr(GArray) slots = terra_scheduler_next_free_slots (scheduler, terra_appointment_type_get_id (type),
                                                                 now, 3, now, &error);
      double elapsed = (g_get_monotonic_time () - started) / 1000.0;

      g_assert_no_error (error);
      g_assert_cmpuint (slots->len, ==, 3);
      g_array_append_val (timings, elapsed);
    }

  g_array_sort (timings, compare_doubles);
  median = g_array_index (timings, double, N_SEARCHES / 2);
  p95 = g_array_index (timings, double, N_SEARCHES * 95 / 100);

  g_print ("# perf-scheduler: next 3 free slots, %d bookings over a year, %d searches\n",
           N_BOOKINGS, N_SEARCHES);
  g_print ("# median %.3f ms, p95 %.3f ms, max %.3f ms (goal: median < 1 ms)\n",
           median, p95, g_array_index (timings, double, N_SEARCHES - 1));
  g_print ("1..1\n%s 1 - median next-3-slots search under 1 ms\n", median < 1.0 ? "ok" : "not ok");

  return median < 1.0 ? 0 : 1;
}
