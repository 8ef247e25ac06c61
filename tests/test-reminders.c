/* test-reminders.c — desktop reminders before appointments
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The tests drive time through terra_reminders_check(), starting from the
 * real time so that the checks the reminders run by themselves (after each
 * change, with the real time) find nothing the test did not expect.
 */

#include "config.h"

#include "terra-reminders.h"
#include "terra-test-utils.h"

#define SECOND ((gint64)G_USEC_PER_SEC)
#define MINUTE (60 * SECOND)
#define HOUR (60 * MINUTE)

typedef struct
{
  TerraWorkspace *workspace;
  TerraStore     *store;
  TerraReminders *reminders;
  GPtrArray      *reminded;  /* TerraBooking */
  gint64          contact;
  gint64          base;      /* the real time when the test started */
} Fixture;

static void
remind_cb (TerraReminders *reminders,
           TerraBooking   *booking,
           Fixture        *fixture)
{
  g_assert_true (TERRA_IS_BOOKING (booking));
  g_ptr_array_add (fixture->reminded, g_object_ref (booking));
}

static void
set_reminder_minutes (Fixture *fixture,
                      gint64   minutes)
{
  g_autoptr(JsonNode) node = json_node_init_int (json_node_alloc (), minutes);
  g_autoptr(GError) error = NULL;

  g_assert_true (terra_store_set_setting (fixture->store, "calendar.reminder_minutes", node, &error));
  g_assert_no_error (error);
}

static TerraBooking *
add_booking (Fixture *fixture,
             gint64   start)
{
  g_autoptr(TerraBooking) booking = terra_booking_new ();
  g_autofree char *uid = g_uuid_string_random ();
  g_autoptr(GError) error = NULL;

  terra_booking_set_uid (booking, uid);
  terra_booking_set_contact_id (booking, fixture->contact);
  terra_booking_set_title (booking, "Site visit");
  terra_booking_set_start_utc (booking, start);
  terra_booking_set_end_utc (booking, start + HOUR);
  terra_booking_set_timezone (booking, "Asia/Kolkata");
  terra_booking_set_location (booking, "Whitefield");
  terra_booking_set_source (booking, TERRA_BOOKING_SOURCE_MANUAL);
  g_assert_true (terra_store_insert (fixture->store, booking, &error));
  g_assert_no_error (error);

  return g_steal_pointer (&booking);
}

static void
update_booking (Fixture      *fixture,
                TerraBooking *booking)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (terra_store_update (fixture->store, booking, &error));
  g_assert_no_error (error);
}

/* Lets the change notifier deliver, and the reminders react to it. */
static void
settle (void)
{
  for (int i = 0; i < 3; i++)
    terra_test_iterate_main_context ();
}

static void
assert_reminded (Fixture      *fixture,
                 guint         index,
                 TerraBooking *booking)
{
  TerraBooking *reminded;

  g_assert_cmpuint (fixture->reminded->len, >, index);
  reminded = g_ptr_array_index (fixture->reminded, index);
  g_assert_cmpint (terra_booking_get_id (reminded), ==, terra_booking_get_id (booking));
  g_assert_cmpint (terra_booking_get_start_utc (reminded), ==, terra_booking_get_start_utc (booking));
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(TerraContact) contact = terra_contact_new ();
  g_autoptr(GError) error = NULL;

  fixture->workspace = terra_test_workspace_new ();
  fixture->store = terra_workspace_get_store (fixture->workspace);
  fixture->reminded = g_ptr_array_new_with_free_func (g_object_unref);
  fixture->base = g_get_real_time ();

  terra_contact_set_name (contact, "Kavya Nair");
  g_assert_true (terra_store_insert (fixture->store, contact, &error));
  g_assert_no_error (error);
  fixture->contact = terra_contact_get_id (contact);

  set_reminder_minutes (fixture, 30);
  settle ();

  fixture->reminders = terra_reminders_new (fixture->store,
                                            terra_workspace_get_notifier (fixture->workspace));
  g_signal_connect (fixture->reminders, "remind", G_CALLBACK (remind_cb), fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->reminders);
  g_clear_pointer (&fixture->reminded, g_ptr_array_unref);
  terra_test_workspace_free (fixture->workspace);
}

/* Once at the reminder time, never twice, and again after a move. */
static void
test_reminds_once (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(TerraBooking) booking = add_booking (fixture, fixture->base + 45 * MINUTE);
  gint64 start = terra_booking_get_start_utc (booking);
  gint64 new_start = start + 3 * HOUR;

  settle ();
  terra_reminders_check (fixture->reminders, fixture->base);
  g_assert_cmpuint (fixture->reminded->len, ==, 0);

  terra_reminders_check (fixture->reminders, start - 30 * MINUTE - SECOND);
  g_assert_cmpuint (fixture->reminded->len, ==, 0);

  terra_reminders_check (fixture->reminders, start - 30 * MINUTE);
  g_assert_cmpuint (fixture->reminded->len, ==, 1);
  assert_reminded (fixture, 0, booking);

  terra_reminders_check (fixture->reminders, start - 30 * MINUTE);
  terra_reminders_check (fixture->reminders, start - 10 * MINUTE);
  g_assert_cmpuint (fixture->reminded->len, ==, 1);

  /* Moved three hours later: reminded again, for the new time only. */
  terra_booking_set_start_utc (booking, new_start);
  terra_booking_set_end_utc (booking, new_start + HOUR);
  update_booking (fixture, booking);
  settle ();
  g_assert_cmpuint (fixture->reminded->len, ==, 1);

  terra_reminders_check (fixture->reminders, start - 5 * MINUTE);
  g_assert_cmpuint (fixture->reminded->len, ==, 1);

  terra_reminders_check (fixture->reminders, new_start - 30 * MINUTE);
  g_assert_cmpuint (fixture->reminded->len, ==, 2);
  assert_reminded (fixture, 1, booking);

  terra_reminders_check (fixture->reminders, new_start - MINUTE);
  g_assert_cmpuint (fixture->reminded->len, ==, 2);

  /* Once it has started, it is not due any more. */
  terra_reminders_check (fixture->reminders, new_start);
  g_assert_cmpuint (fixture->reminded->len, ==, 2);
}

static void
test_cancelled_never (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(TerraBooking) booking = add_booking (fixture, fixture->base + 2 * HOUR);
  gint64 start = terra_booking_get_start_utc (booking);

  terra_booking_set_status (booking, TERRA_BOOKING_STATUS_CANCELLED);
  terra_booking_set_cancel_reason (booking, "The lead changed plans");
  update_booking (fixture, booking);
  settle ();

  terra_reminders_check (fixture->reminders, start - 30 * MINUTE);
  terra_reminders_check (fixture->reminders, start - 15 * MINUTE);
  terra_reminders_check (fixture->reminders, start - MINUTE);
  g_assert_cmpuint (fixture->reminded->len, ==, 0);
}

static void
test_zero_minutes_never (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(TerraBooking) booking = add_booking (fixture, fixture->base + 2 * HOUR);
  gint64 start = terra_booking_get_start_utc (booking);

  set_reminder_minutes (fixture, 0);
  settle ();

  terra_reminders_check (fixture->reminders, start - 30 * MINUTE);
  terra_reminders_check (fixture->reminders, start - MINUTE);
  terra_reminders_check (fixture->reminders, start - 1);
  g_assert_cmpuint (fixture->reminded->len, ==, 0);

  /* Switched back on, the booking is due again. */
  set_reminder_minutes (fixture, 30);
  settle ();
  terra_reminders_check (fixture->reminders, start - MINUTE);
  g_assert_cmpuint (fixture->reminded->len, ==, 1);
  assert_reminded (fixture, 0, booking);
}

/* Several bookings due at once are each reminded once; one further ahead
 * waits for its own time. */
static void
test_several (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(TerraBooking) first = add_booking (fixture, fixture->base + 2 * HOUR);
  g_autoptr(TerraBooking) second = add_booking (fixture, fixture->base + 2 * HOUR + 10 * MINUTE);
  g_autoptr(TerraBooking) later = add_booking (fixture, fixture->base + 5 * HOUR);

  settle ();
  terra_reminders_check (fixture->reminders, fixture->base + 2 * HOUR - 10 * MINUTE);
  g_assert_cmpuint (fixture->reminded->len, ==, 2);
  assert_reminded (fixture, 0, first);
  assert_reminded (fixture, 1, second);

  terra_reminders_check (fixture->reminders, fixture->base + 2 * HOUR + 5 * MINUTE);
  g_assert_cmpuint (fixture->reminded->len, ==, 2);

  terra_reminders_check (fixture->reminders, fixture->base + 5 * HOUR - 30 * MINUTE);
  g_assert_cmpuint (fixture->reminded->len, ==, 3);
  assert_reminded (fixture, 2, later);
}

/* The notification's words, in the booking's time zone (India: UTC+5:30). */
static void
test_describe (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GDateTime) start_time = g_date_time_new_utc (2026, 12, 1, 8, 30, 0);
  gint64 start = g_date_time_to_unix (start_time) * G_USEC_PER_SEC;
  g_autoptr(TerraBooking) booking = add_booking (fixture, start);
  g_autofree char *title = NULL;
  g_autofree char *body = NULL;
  g_autofree char *later_title = NULL;
  g_autofree char *later_body = NULL;

  title = terra_reminders_describe (fixture->reminders, booking, start - 30 * MINUTE, &body);
  g_assert_cmpstr (title, ==, "Site visit in 30 minutes");
  g_assert_cmpstr (body, ==, "Kavya Nair · 14:00–15:00 · Whitefield");

  later_title = terra_reminders_describe (fixture->reminders, booking, start - 2 * HOUR, &later_body);
  g_assert_cmpstr (later_title, ==, "Site visit in 2 hours");
  g_assert_cmpstr (later_body, ==, body);
}

static gboolean
timed_out_cb (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

/* Without any call to check: a booking made while the reminders run arms
 * their timer, which fires when it is due. */
static void
test_timer (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(TerraBooking) booking = NULL;
  gboolean timed_out = FALSE;
  guint guard;

  terra_reminders_check (fixture->reminders, g_get_real_time ());
  booking = add_booking (fixture, g_get_real_time () + 30 * MINUTE + 1500 * 1000);

  guard = g_timeout_add_seconds (10, timed_out_cb, &timed_out);
  while (fixture->reminded->len == 0 && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (guard);

  g_assert_false (timed_out);
  g_assert_cmpuint (fixture->reminded->len, ==, 1);
  assert_reminded (fixture, 0, booking);
  g_assert_cmpint (g_get_real_time (), >=, terra_booking_get_start_utc (booking) - 30 * MINUTE);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/reminders/once", Fixture, NULL, fixture_set_up, test_reminds_once, fixture_tear_down);
  g_test_add ("/reminders/cancelled", Fixture, NULL, fixture_set_up, test_cancelled_never, fixture_tear_down);
  g_test_add ("/reminders/zero-minutes", Fixture, NULL, fixture_set_up, test_zero_minutes_never, fixture_tear_down);
  g_test_add ("/reminders/several", Fixture, NULL, fixture_set_up, test_several, fixture_tear_down);
  g_test_add ("/reminders/describe", Fixture, NULL, fixture_set_up, test_describe, fixture_tear_down);
  g_test_add ("/reminders/timer", Fixture, NULL, fixture_set_up, test_timer, fixture_tear_down);

  return g_test_run ();
}
