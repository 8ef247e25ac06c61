/* test-scheduler.c — free slots, booking rules and atomic bookings
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The business is in Europe/Berlin, which changes its clocks on
 * 2026-03-29 (02:00 CET → 03:00 CEST) and 2026-10-25 (03:00 CEST → 02:00
 * CET). Expected instants are written out by hand in UTC.
 */

#include "config.h"

#include "terra-scheduler.h"
#include "terra-test-utils.h"

#define MINUTE ((gint64)60 * G_USEC_PER_SEC)
#define HOUR (60 * MINUTE)

typedef struct
{
  TerraWorkspace *workspace;
  TerraStore     *store;
  TerraScheduler *scheduler;
  gint64          visit;   /* 60 min, no buffers */
  gint64          survey;  /* 60 min, 15 min buffers */
  gint64          contact;
} Fixture;

static gint64
utc (int year, int month, int day, int hour, int minute)
{
  g_autoptr(GDateTime) time = g_date_time_new_utc (year, month, day, hour, minute, 0);

  return g_date_time_to_unix (time) * G_USEC_PER_SEC;
}

static void
set_int (TerraStore *store,
         const char *key,
         gint64      value)
{
  g_autoptr(JsonNode) node = json_node_init_int (json_node_alloc (), value);
  g_autoptr(GError) error = NULL;

  g_assert_true (terra_store_set_setting (store, key, node, &error));
  g_assert_no_error (error);
}

static gint64
add_type (TerraStore *store,
          const char *name,
          int         buffers)
{
  g_autoptr(TerraAppointmentType) type = terra_appointment_type_new ();
  g_autoptr(GError) error = NULL;

  terra_appointment_type_set_name (type, name);
  terra_appointment_type_set_duration_minutes (type, 60);
  terra_appointment_type_set_buffer_before_minutes (type, buffers);
  terra_appointment_type_set_buffer_after_minutes (type, buffers);
  g_assert_true (terra_store_insert (store, type, &error));
  g_assert_no_error (error);
  return terra_appointment_type_get_id (type);
}

/* Open every day from open_minute to close_minute, Berlin time. */
static void
set_daily_hours (TerraStore *store,
                 int         open_minute,
                 int         close_minute)
{
  TerraOpeningRange ranges[7];
  g_autoptr(GError) error = NULL;

  for (int day = 1; day <= 7; day++)
    ranges[day - 1] = (TerraOpeningRange) { day, open_minute, close_minute };
  g_assert_true (terra_store_set_opening_hours (store, ranges, 7, &error));
  g_assert_no_error (error);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(JsonNode) zone = json_node_init_string (json_node_alloc (), "Europe/Berlin");
  g_autoptr(TerraContact) contact = terra_contact_new ();
  g_autoptr(GError) error = NULL;

  fixture->workspace = terra_test_workspace_new ();
  fixture->store = terra_workspace_get_store (fixture->workspace);
  fixture->scheduler = terra_scheduler_new (fixture->store);

  g_assert_true (terra_store_set_setting (fixture->store, "business.timezone", zone, &error));
  set_int (fixture->store, "booking.min_notice_minutes", 0);
  set_int (fixture->store, "booking.horizon_days", 365);
  set_int (fixture->store, "booking.slot_minutes", 30);
  fixture->visit = add_type (fixture->store, "Site visit", 0);
  fixture->survey = add_type (fixture->store, "Survey", 15);

  terra_contact_set_name (contact, "Kavya Nair");
  g_assert_true (terra_store_insert (fixture->store, contact, &error));
  g_assert_no_error (error);
  fixture->contact = terra_contact_get_id (contact);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->scheduler);
  terra_test_workspace_free (fixture->workspace);
}

static void
assert_slots (GArray       *slots,
              const gint64 *expected,
              guint         n_expected)
{
  g_assert_nonnull (slots);
  for (guint i = 0; i < MIN (slots->len, n_expected); i++)
    g_assert_cmpint (g_array_index (slots, TerraSlot, i).start_utc, ==, expected[i]);
  g_assert_cmpuint (slots->len, ==, n_expected);
}

static GArray *
day_slots (Fixture      *fixture,
           gint64        type,
           int           year,
           int           month,
           int           day,
           TerraDayPart  part,
           gint64        now)
{
  g_autoptr(GError) error = NULL;
  GDate date;
  GArray *slots;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, day, month, year);
  slots = terra_scheduler_free_slots_on_day (fixture->scheduler, type, &date, part, now, &error);
  g_assert_no_error (error);
  return slots;
}

static void
test_spring_forward (Fixture       *fixture,
                     gconstpointer  data)
{
  gint64 now = utc (2026, 3, 20, 0, 0);
  g_autoptr(GArray) normal = NULL;
  g_autoptr(GArray) changing = NULL;
  /* 01:00, 01:30 CET, then 03:00, 03:30, 04:00 CEST: 02:00–03:00 does not exist. */
  const gint64 expected[] = {
    utc (2026, 3, 29, 0, 0), utc (2026, 3, 29, 0, 30),
    utc (2026, 3, 29, 1, 0), utc (2026, 3, 29, 1, 30), utc (2026, 3, 29, 2, 0),
  };

  set_daily_hours (fixture->store, 60, 300);

  normal = day_slots (fixture, fixture->visit, 2026, 3, 22, TERRA_DAY_PART_ALL, now);
  g_assert_cmpuint (normal->len, ==, 7);

  changing = day_slots (fixture, fixture->visit, 2026, 3, 29, TERRA_DAY_PART_ALL, now);
  assert_slots (changing, expected, G_N_ELEMENTS (expected));
  for (guint i = 0; i < changing->len; i++)
    g_assert_cmpint (g_array_index (changing, TerraSlot, i).end_utc -
                     g_array_index (changing, TerraSlot, i).start_utc, ==, HOUR);
}

static void
test_fall_back (Fixture       *fixture,
                gconstpointer  data)
{
  gint64 now = utc (2026, 10, 20, 0, 0);
  g_autoptr(GArray) slots = NULL;
  gint64 close = utc (2026, 10, 25, 4, 0); /* 05:00 CET */

  set_daily_hours (fixture->store, 60, 300);
  slots = day_slots (fixture, fixture->visit, 2026, 10, 25, TERRA_DAY_PART_ALL, now);

  /* Opens 01:00 CEST = 23:00 UTC the day before; nothing offered twice,
   * nothing after closing, in time order. */
  g_assert_cmpuint (slots->len, >=, 7);
  g_assert_cmpint (g_array_index (slots, TerraSlot, 0).start_utc, ==, utc (2026, 10, 24, 23, 0));
  for (guint i = 0; i < slots->len; i++)
    {
      const TerraSlot *slot = &g_array_index (slots, TerraSlot, i);

      g_assert_cmpint (slot->end_utc, <=, close);
      if (i > 0)
        g_assert_cmpint (slot->start_utc, >, g_array_index (slots, TerraSlot, i - 1).start_utc);
    }
  g_assert_cmpint (g_array_index (slots, TerraSlot, slots->len - 1).start_utc, ==, utc (2026, 10, 25, 3, 0));
}

static void
test_notice_and_horizon (Fixture       *fixture,
                         gconstpointer  data)
{
  /* Monday 2026-06-01, 10:10 Berlin (08:10 UTC). */
  gint64 now = utc (2026, 6, 1, 8, 10);
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) next = NULL;
  g_autoptr(GArray) far = NULL;
  const gint64 expected[] = { utc (2026, 6, 1, 10, 30), utc (2026, 6, 1, 11, 0), utc (2026, 6, 1, 11, 30) };

  set_daily_hours (fixture->store, 9 * 60, 17 * 60);
  set_int (fixture->store, "booking.min_notice_minutes", 120);
  set_int (fixture->store, "booking.horizon_days", 7);

  /* 12:10 at the earliest → 12:30 Berlin is the first start. */
  next = terra_scheduler_next_free_slots (fixture->scheduler, fixture->visit, now, 3, now, &error);
  g_assert_no_error (error);
  assert_slots (next, expected, G_N_ELEMENTS (expected));

  far = terra_scheduler_find_free_slots (fixture->scheduler, fixture->visit,
                                         now + 8 * G_TIME_SPAN_DAY, now + 20 * G_TIME_SPAN_DAY,
                                         10, now, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (far->len, ==, 0);
}

static TerraBooking *
book (Fixture *fixture,
      gint64   type,
      gint64   start,
      gint64   now,
      GError **error)
{
  return terra_scheduler_book (fixture->scheduler, type, fixture->contact, 0, start,
                               TERRA_BOOKING_SOURCE_MANUAL, "Bring the floor plan", now, error);
}

static void
test_buffers (Fixture       *fixture,
              gconstpointer  data)
{
  gint64 now = utc (2026, 6, 1, 5, 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(TerraBooking) noon = NULL;
  g_autoptr(GArray) slots = NULL;
  /* A 12:00–13:00 survey with 15 min buffers leaves 09:00…10:30 and
   * 13:30…16:00 for another survey (Berlin = UTC+2 in June). */
  const gint64 expected[] = {
    utc (2026, 6, 1, 7, 0), utc (2026, 6, 1, 7, 30), utc (2026, 6, 1, 8, 0), utc (2026, 6, 1, 8, 30),
    utc (2026, 6, 1, 11, 30), utc (2026, 6, 1, 12, 0), utc (2026, 6, 1, 12, 30),
    utc (2026, 6, 1, 13, 0), utc (2026, 6, 1, 13, 30), utc (2026, 6, 1, 14, 0),
  };

  set_daily_hours (fixture->store, 9 * 60, 17 * 60);
  noon = book (fixture, fixture->survey, utc (2026, 6, 1, 10, 0), now, &error);
  g_assert_no_error (error);
  g_assert_cmpint (terra_booking_get_end_utc (noon), ==, utc (2026, 6, 1, 11, 0));

  slots = day_slots (fixture, fixture->survey, 2026, 6, 1, TERRA_DAY_PART_ALL, now);
  assert_slots (slots, expected, G_N_ELEMENTS (expected));
}

static void
test_day_limit_overrides_and_busy (Fixture       *fixture,
                                   gconstpointer  data)
{
  gint64 now = utc (2026, 6, 1, 5, 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(TerraBooking) first = NULL;
  g_autoptr(TerraBooking) second = NULL;
  g_autoptr(GArray) full = NULL;
  g_autoptr(GArray) holiday = NULL;
  g_autoptr(GArray) special = NULL;
  g_autoptr(GArray) busy_day = NULL;
  g_autoptr(GPtrArray) busy = g_ptr_array_new_with_free_func ((GDestroyNotify)terra_busy_time_free);
  TerraOpeningRange afternoon = { 0, 14 * 60, 16 * 60 };
  const gint64 special_expected[] = { utc (2026, 6, 3, 12, 0), utc (2026, 6, 3, 12, 30), utc (2026, 6, 3, 13, 0) };
  GDate date;

  set_daily_hours (fixture->store, 9 * 60, 17 * 60);
  set_int (fixture->store, "booking.max_per_day", 1);

  /* The day's one appointment is taken: nothing else that day. */
  first = book (fixture, fixture->visit, utc (2026, 6, 1, 7, 0), now, &error);
  g_assert_no_error (error);
  full = day_slots (fixture, fixture->visit, 2026, 6, 1, TERRA_DAY_PART_ALL, now);
  g_assert_cmpuint (full->len, ==, 0);
  second = book (fixture, fixture->visit, utc (2026, 6, 1, 12, 0), now, &error);
  g_assert_error (error, TERRA_SCHEDULER_ERROR, TERRA_SCHEDULER_ERROR_DAY_FULL);
  g_assert_null (second);
  g_clear_error (&error);

  /* A holiday, and a day with special hours. */
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, 2, 6, 2026);
  g_assert_true (terra_store_set_day_override (fixture->store, &date, NULL, 0, "Holiday", &error));
  holiday = day_slots (fixture, fixture->visit, 2026, 6, 2, TERRA_DAY_PART_ALL, now);
  g_assert_cmpuint (holiday->len, ==, 0);

  g_date_set_dmy (&date, 3, 6, 2026);
  g_assert_true (terra_store_set_day_override (fixture->store, &date, &afternoon, 1, "Short day", &error));
  g_assert_no_error (error);
  special = day_slots (fixture, fixture->visit, 2026, 6, 3, TERRA_DAY_PART_ALL, now);
  assert_slots (special, special_expected, G_N_ELEMENTS (special_expected));

  /* Both special dates are listed back, by date. */
  {
    GDate from, to;
    g_autoptr(GPtrArray) saved = NULL;
    const TerraDayOverride *holiday_row, *short_row;

    g_date_clear (&from, 1);
    g_date_clear (&to, 1);
    g_date_set_dmy (&from, 1, 6, 2026);
    g_date_set_dmy (&to, 30, 6, 2026);
    saved = terra_store_list_day_overrides (fixture->store, &from, &to, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (saved->len, ==, 2);
    holiday_row = g_ptr_array_index (saved, 0);
    short_row = g_ptr_array_index (saved, 1);
    g_assert_cmpint (g_date_get_day (&holiday_row->date), ==, 2);
    g_assert_true (holiday_row->closed);
    g_assert_cmpstr (holiday_row->note, ==, "Holiday");
    g_assert_cmpint (g_date_get_day (&short_row->date), ==, 3);
    g_assert_false (short_row->closed);
    g_assert_cmpint (short_row->start_minute, ==, 14 * 60);
    g_assert_cmpint (short_row->end_minute, ==, 16 * 60);
  }

  /* An imported busy time 10:00–11:30 Berlin on the 4th is never offered. */
  {
    TerraBusyTime *dentist = g_new0 (TerraBusyTime, 1);

    dentist->summary = g_strdup ("Dentist");
    dentist->start_utc = utc (2026, 6, 4, 8, 0);
    dentist->end_utc = utc (2026, 6, 4, 9, 30);
    g_ptr_array_add (busy, dentist);
  }
  g_assert_true (terra_store_replace_busy_times (fixture->store, "personal.ics", busy, &error));
  g_assert_no_error (error);
  busy_day = day_slots (fixture, fixture->visit, 2026, 6, 4, TERRA_DAY_PART_MORNING, now);
  {
    const gint64 expected[] = { utc (2026, 6, 4, 7, 0), utc (2026, 6, 4, 9, 30) };

    assert_slots (busy_day, expected, G_N_ELEMENTS (expected));
  }
}

static void
test_booking_errors_reschedule_cancel (Fixture       *fixture,
                                       gconstpointer  data)
{
  gint64 now = utc (2026, 6, 1, 5, 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(TerraBooking) booking = NULL;
  g_autoptr(TerraBooking) clash = NULL;
  g_autoptr(TerraBooking) reread = NULL;
  g_autoptr(GArray) near = NULL;
  gint64 ten = utc (2026, 6, 2, 8, 0);

  set_daily_hours (fixture->store, 9 * 60, 17 * 60);
  set_int (fixture->store, "booking.min_notice_minutes", 60);

  g_assert_null (book (fixture, fixture->visit, now + 30 * MINUTE, now, &error));
  g_assert_error (error, TERRA_SCHEDULER_ERROR, TERRA_SCHEDULER_ERROR_TOO_SOON);
  g_clear_error (&error);
  g_assert_null (book (fixture, fixture->visit, utc (2026, 6, 2, 15, 30), now, &error)); /* 17:30 */
  g_assert_error (error, TERRA_SCHEDULER_ERROR, TERRA_SCHEDULER_ERROR_CLOSED);
  g_clear_error (&error);
  g_assert_null (book (fixture, 9999, ten, now, &error));
  g_assert_error (error, TERRA_SCHEDULER_ERROR, TERRA_SCHEDULER_ERROR_INVALID);
  g_clear_error (&error);

  booking = book (fixture, fixture->visit, ten, now, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (terra_booking_get_timezone (booking), ==, "Europe/Berlin");
  g_assert_cmpint (terra_booking_get_source (booking), ==, TERRA_BOOKING_SOURCE_MANUAL);

  clash = book (fixture, fixture->visit, ten + 30 * MINUTE, now, &error);
  g_assert_error (error, TERRA_SCHEDULER_ERROR, TERRA_SCHEDULER_ERROR_SLOT_TAKEN);
  g_clear_error (&error);

  /* Asked for the taken 10:00: the nearest free times around it. */
  near = terra_scheduler_free_slots_near (fixture->scheduler, fixture->visit, ten, 2, now, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (near->len, ==, 2);
  g_assert_cmpint (g_array_index (near, TerraSlot, 0).start_utc, ==, ten - HOUR);
  g_assert_cmpint (g_array_index (near, TerraSlot, 1).start_utc, ==, ten + HOUR);

  /* While it is being moved, its own time is offered again. */
  {
    g_autoptr(GArray) with_it = day_slots (fixture, fixture->visit, 2026, 6, 2, TERRA_DAY_PART_MORNING, now);
    g_autoptr(GArray) moving = NULL;

    terra_scheduler_set_moving_booking (fixture->scheduler, terra_booking_get_id (booking));
    moving = day_slots (fixture, fixture->visit, 2026, 6, 2, TERRA_DAY_PART_MORNING, now);
    terra_scheduler_set_moving_booking (fixture->scheduler, 0);
    g_assert_cmpuint (moving->len, ==, with_it->len + 3); /* 09:30, 10:00, 10:30 */
  }

  /* Moving it half an hour later overlaps only itself: allowed. */
  g_assert_true (terra_scheduler_reschedule (fixture->scheduler, terra_booking_get_id (booking),
                                             ten + 30 * MINUTE, now, &error));
  g_assert_no_error (error);
  reread = terra_store_get (fixture->store, TERRA_TYPE_BOOKING, terra_booking_get_id (booking), &error);
  g_assert_cmpint (terra_booking_get_start_utc (reread), ==, ten + 30 * MINUTE);
  g_assert_cmpint (terra_booking_get_end_utc (reread), ==, ten + 90 * MINUTE);
  g_clear_object (&reread);

  g_assert_true (terra_scheduler_cancel (fixture->scheduler, terra_booking_get_id (booking),
                                         "Lead found another flat", &error));
  g_assert_no_error (error);
  reread = terra_store_get (fixture->store, TERRA_TYPE_BOOKING, terra_booking_get_id (booking), &error);
  g_assert_cmpint (terra_booking_get_status (reread), ==, TERRA_BOOKING_STATUS_CANCELLED);
  g_assert_cmpstr (terra_booking_get_cancel_reason (reread), ==, "Lead found another flat");

  /* Its time is free again; a cancelled booking cannot be cancelled twice. */
  g_clear_object (&clash);
  clash = book (fixture, fixture->visit, ten, now, &error);
  g_assert_no_error (error);
  g_assert_false (terra_scheduler_cancel (fixture->scheduler, terra_booking_get_id (booking), "", &error));
  g_assert_error (error, TERRA_SCHEDULER_ERROR, TERRA_SCHEDULER_ERROR_INVALID);
}

typedef struct
{
  TerraWorkspace *workspace;
  gint64          type;
  gint64          contact;
  gint64          start;
  gint64          now;
  gint           *go;
  gboolean        booked;
  GError         *error;
} Racer;

static gpointer
racer_thread (gpointer data)
{
  Racer *racer = data;
  g_autoptr(TerraStore) store = terra_workspace_open_store (racer->workspace, &racer->error);
  g_autoptr(TerraScheduler) scheduler = NULL;
  g_autoptr(TerraBooking) booking = NULL;

  g_assert_nonnull (store);
  scheduler = terra_scheduler_new (store);
  while (!g_atomic_int_get (racer->go))
    g_thread_yield ();

  booking = terra_scheduler_book (scheduler, racer->type, racer->contact, 0, racer->start,
                                  TERRA_BOOKING_SOURCE_ASSISTANT, NULL, racer->now, &racer->error);
  racer->booked = booking != NULL;
  return NULL;
}

static void
test_race (Fixture       *fixture,
           gconstpointer  data)
{
  gint64 now = utc (2026, 6, 1, 5, 0);
  const guint rounds = 150;
  g_autoptr(TerraQuery) confirmed = terra_query_new (TERRA_TYPE_BOOKING);

  set_daily_hours (fixture->store, 0, 24 * 60);

  for (guint round = 0; round < rounds; round++)
    {
      gint go = 0;
      Racer racers[2];
      GThread *threads[2];

      for (guint i = 0; i < 2; i++)
        {
          racers[i] = (Racer) { fixture->workspace, fixture->visit, fixture->contact,
                                utc (2026, 6, 2, 0, 0) + round * HOUR, now, &go, FALSE, NULL };
          threads[i] = g_thread_new ("racer", racer_thread, &racers[i]);
        }
      g_atomic_int_set (&go, 1);
      for (guint i = 0; i < 2; i++)
        g_thread_join (threads[i]);

      /* Exactly one wins; the loser is told the slot is taken. */
      g_assert_true (racers[0].booked != racers[1].booked);
      for (guint i = 0; i < 2; i++)
        if (!racers[i].booked)
          g_assert_error (racers[i].error, TERRA_SCHEDULER_ERROR, TERRA_SCHEDULER_ERROR_SLOT_TAKEN);
        else
          g_assert_no_error (racers[i].error);
      g_clear_error (&racers[0].error);
      g_clear_error (&racers[1].error);
    }

  terra_query_where_enum (confirmed, "status", TERRA_TYPE_BOOKING_STATUS, TERRA_BOOKING_STATUS_CONFIRMED);
  g_assert_cmpint (terra_store_count (fixture->store, confirmed, NULL), ==, rounds);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/scheduler/spring-forward", test_spring_forward);
  ADD ("/scheduler/fall-back", test_fall_back);
  ADD ("/scheduler/notice-and-horizon", test_notice_and_horizon);
  ADD ("/scheduler/buffers", test_buffers);
  ADD ("/scheduler/day-limit-overrides-and-busy", test_day_limit_overrides_and_busy);
  ADD ("/scheduler/errors-reschedule-cancel", test_booking_errors_reschedule_cancel);
  ADD ("/scheduler/race", test_race);
#undef ADD

  return g_test_run ();
}
