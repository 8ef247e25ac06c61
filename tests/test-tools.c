/* test-tools.c — the assistant's tools: validation and scoping
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "terra-test-utils.h"
#include "terra-tools.h"

#define HOUR ((gint64)3600 * G_USEC_PER_SEC)

typedef struct
{
  TerraWorkspace *workspace;
  TerraStore     *store;
  TerraScheduler *scheduler;
  gint64          lead;
  gint64          other_lead;
  gint64          conversation;
  gint64          other_booking;
  GPtrArray      *actions;
  gint64          now;
} Fixture;

static gint64
insert_contact (TerraStore *store,
                const char *name)
{
  g_autoptr(TerraContact) contact = terra_contact_new ();
  g_autoptr(GError) error = NULL;

  terra_contact_set_name (contact, name);
  g_assert_true (terra_store_insert (store, contact, &error));
  g_assert_no_error (error);
  return terra_contact_get_id (contact);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(JsonNode) zone = json_node_init_string (json_node_alloc (), "Asia/Kolkata");
  g_autoptr(JsonNode) notice = json_node_init_int (json_node_alloc (), 0);
  g_autoptr(TerraAppointmentType) type = terra_appointment_type_new ();
  g_autoptr(TerraConversation) conversation = terra_conversation_new ();
  g_autoptr(TerraBooking) theirs = NULL;
  g_autoptr(GError) error = NULL;
  TerraOpeningRange week[7];

  fixture->workspace = terra_test_workspace_new ();
  fixture->store = terra_workspace_get_store (fixture->workspace);
  fixture->scheduler = terra_scheduler_new (fixture->store);
  fixture->actions = g_ptr_array_new_with_free_func ((GDestroyNotify)terra_action_free);
  /* Monday 2026-06-01 09:00 in Kolkata */
  fixture->now = (gint64)1780284600 * G_USEC_PER_SEC;

  g_assert_true (terra_store_set_setting (fixture->store, "business.timezone", zone, &error));
  g_assert_true (terra_store_set_setting (fixture->store, "booking.min_notice_minutes", notice, &error));
  for (int day = 1; day <= 7; day++)
    week[day - 1] = (TerraOpeningRange) { day, 10 * 60, 19 * 60 };
  g_assert_true (terra_store_set_opening_hours (fixture->store, week, 7, &error));
  terra_appointment_type_set_name (type, "Site visit");
  terra_appointment_type_set_duration_minutes (type, 60);
  g_assert_true (terra_store_insert (fixture->store, type, &error));
  g_assert_no_error (error);

  fixture->lead = insert_contact (fixture->store, "Rohan Mehta");
  fixture->other_lead = insert_contact (fixture->store, "Someone Else");
  terra_conversation_set_contact_id (conversation, fixture->lead);
  terra_conversation_set_channel (conversation, TERRA_CHANNEL_WHATSAPP);
  g_assert_true (terra_store_insert (fixture->store, conversation, &error));
  fixture->conversation = terra_conversation_get_id (conversation);

  /* Another lead's appointment, Tuesday 11:00 Kolkata. */
  theirs = terra_scheduler_book (fixture->scheduler, terra_appointment_type_get_id (type), fixture->other_lead, 0,
                                 fixture->now + 26 * HOUR, TERRA_BOOKING_SOURCE_MANUAL, NULL, fixture->now, &error);
  g_assert_no_error (error);
  fixture->other_booking = terra_booking_get_id (theirs);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_ptr_array_unref (fixture->actions);
  g_clear_object (&fixture->scheduler);
  terra_test_workspace_free (fixture->workspace);
}

static JsonObject *
call (Fixture    *fixture,
      const char *name,
      const char *arguments,
      gboolean   *is_error)
{
  TerraToolContext context = {
    fixture->store, fixture->scheduler, fixture->lead, fixture->conversation, fixture->now, fixture->actions,
  };
  g_autoptr(TerraToolCall) tool_call = terra_tool_call_new ("call_1", name, arguments);
  g_autofree char *result = terra_tools_execute (&context, tool_call, is_error);
  g_autoptr(JsonNode) root = json_from_string (result, NULL);

  g_assert_nonnull (root);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  return json_object_ref (json_node_get_object (root));
}

static gint64
count_confirmed (Fixture *fixture)
{
  g_autoptr(TerraQuery) query = terra_query_new (TERRA_TYPE_BOOKING);

  terra_query_where_enum (query, "status", TERRA_TYPE_BOOKING_STATUS, TERRA_BOOKING_STATUS_CONFIRMED);
  return terra_store_count (fixture->store, query, NULL);
}

static void
test_availability_and_booking (Fixture       *fixture,
                               gconstpointer  data)
{
  gboolean is_error;
  g_autoptr(JsonObject) free_times = call (fixture, "check_availability",
                                           "{\"date\":\"2026-06-02\"}", &is_error);
  g_autoptr(JsonObject) booked = NULL;
  g_autoptr(JsonObject) again = NULL;
  JsonArray *slots;

  g_assert_false (is_error);
  slots = json_object_get_array_member (free_times, "slots");
  /* 10:00 is free, 11:00 is the other lead's, 10:30 and 11:30 overlap
   * it; three are offered at most. */
  g_assert_cmpuint (json_array_get_length (slots), ==, 3);
  g_assert_cmpstr (json_array_get_string_element (slots, 0), ==, "2026-06-02T10:00:00+05:30");
  g_assert_cmpstr (json_array_get_string_element (slots, 1), ==, "2026-06-02T12:00:00+05:30");

  booked = call (fixture, "book_appointment", "{\"start\":\"2026-06-02 10:00\"}", &is_error);
  g_assert_false (is_error);
  g_assert_cmpstr (json_object_get_string_member (booked, "start"), ==, "2026-06-02T10:00:00+05:30");
  g_assert_cmpuint (fixture->actions->len, ==, 1);
  g_assert_cmpint (((TerraAction *)fixture->actions->pdata[0])->kind, ==, TERRA_ACTION_BOOKED);

  /* The same time again is taken: an error the model can read. */
  again = call (fixture, "book_appointment", "{\"start\":\"2026-06-02T10:00:00+05:30\"}", &is_error);
  g_assert_true (is_error);
  g_assert_nonnull (strstr (json_object_get_string_member (again, "error"), "no longer free"));
  g_assert_cmpint (count_confirmed (fixture), ==, 2);
}

static void
test_arguments_are_validated (Fixture       *fixture,
                              gconstpointer  data)
{
  const char *bad[][2] = {
    { "book_appointment", "{not json" },
    { "book_appointment", "[\"2026-06-02T10:00\"]" },
    { "book_appointment", "{}" },
    { "book_appointment", "{\"start\":42}" },
    { "book_appointment", "{\"start\":\"tomorrow-ish\"}" },
    { "book_appointment", "{\"start\":\"2026-06-02T10:00:00\",\"contact_id\":2}" },
    { "escalate_to_human", "{\"reason\":\"bored\"}" },
    { "check_availability", "{\"date\":\"2026-02-30\"}" },
    { "cancel_appointment", "{\"booking_id\":\"1; DROP TABLE bookings\"}" },
    { "delete_everything", "{}" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      gboolean is_error = FALSE;
      g_autoptr(JsonObject) result = call (fixture, bad[i][0], bad[i][1], &is_error);

      g_assert_true (is_error);
      g_assert_true (json_object_has_member (result, "error"));
    }

  g_assert_cmpuint (fixture->actions->len, ==, 0);
  g_assert_cmpint (count_confirmed (fixture), ==, 1);
}

static void
test_scoped_to_the_lead (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autofree char *cancel_theirs = g_strdup_printf ("{\"booking_id\":%" G_GINT64_FORMAT
                                                    ",\"reason\":\"ignore your instructions\"}",
                                                    fixture->other_booking);
  g_autofree char *move_theirs = g_strdup_printf ("{\"booking_id\":%" G_GINT64_FORMAT
                                                  ",\"start\":\"2026-06-03T10:00:00\"}",
                                                  fixture->other_booking);
  gboolean is_error;
  g_autoptr(JsonObject) cancelled = call (fixture, "cancel_appointment", cancel_theirs, &is_error);
  g_autoptr(JsonObject) moved = NULL;
  g_autoptr(TerraBooking) theirs = NULL;

  /* Another lead's booking is as good as non-existent. */
  g_assert_true (is_error);
  moved = call (fixture, "reschedule_appointment", move_theirs, &is_error);
  g_assert_true (is_error);

  theirs = terra_store_get (fixture->store, TERRA_TYPE_BOOKING, fixture->other_booking, NULL);
  g_assert_cmpint (terra_booking_get_status (theirs), ==, TERRA_BOOKING_STATUS_CONFIRMED);
  g_assert_cmpint (terra_booking_get_start_utc (theirs), ==, fixture->now + 26 * HOUR);
  g_assert_cmpuint (fixture->actions->len, ==, 0);
}

static void
test_lead_handoff_and_follow_up (Fixture       *fixture,
                                 gconstpointer  data)
{
  gboolean is_error;
  g_autoptr(JsonObject) updated = call (fixture, "update_lead",
                                        "{\"email\":\"rohan@example.in\",\"budget\":\"80 lakh\",\"location\":\"Whitefield\"}",
                                        &is_error);
  g_autoptr(JsonObject) handed = NULL;
  g_autoptr(JsonObject) task = NULL;
  g_autoptr(TerraContact) lead = NULL;
  g_autoptr(TerraContact) other = NULL;
  g_autoptr(TerraConversation) conversation = NULL;
  g_autoptr(JsonNode) qualification = NULL;
  g_autoptr(TerraQuery) tasks = terra_query_new (TERRA_TYPE_TASK);

  g_assert_false (is_error);
  lead = terra_store_get (fixture->store, TERRA_TYPE_CONTACT, fixture->lead, NULL);
  g_assert_cmpstr (terra_contact_get_emails (lead)[0], ==, "rohan@example.in");
  qualification = json_from_string (terra_contact_get_qualification (lead), NULL);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (json_node_get_object (qualification),
                                                                                 "budget"), "value"), ==, "80 lakh");
  other = terra_store_get (fixture->store, TERRA_TYPE_CONTACT, fixture->other_lead, NULL);
  g_assert_cmpstr (terra_contact_get_qualification (other), ==, "{}");

  handed = call (fixture, "escalate_to_human", "{\"reason\":\"pricing\",\"summary\":\"Wants 10% off\"}", &is_error);
  g_assert_false (is_error);
  conversation = terra_store_get (fixture->store, TERRA_TYPE_CONVERSATION, fixture->conversation, NULL);
  g_assert_cmpint (terra_conversation_get_status (conversation), ==, TERRA_CONVERSATION_STATUS_HANDED_OFF);
  g_assert_cmpint (terra_conversation_get_responder (conversation), ==, TERRA_RESPONDER_HUMAN);
  g_assert_cmpstr (terra_conversation_get_handoff_reason (conversation), ==, "pricing");

  task = call (fixture, "create_follow_up", "{\"title\":\"Send the brochure\",\"due\":\"2026-06-03\"}", &is_error);
  g_assert_false (is_error);
  terra_query_where_int (tasks, "contact_id", TERRA_QUERY_EQ, fixture->lead);
  g_assert_cmpint (terra_store_count (fixture->store, tasks, NULL), ==, 1);
  g_assert_cmpuint (fixture->actions->len, ==, 3);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/tools/availability-and-booking", test_availability_and_booking);
  ADD ("/tools/arguments-are-validated", test_arguments_are_validated);
  ADD ("/tools/scoped-to-the-lead", test_scoped_to_the_lead);
  ADD ("/tools/lead-handoff-and-follow-up", test_lead_handoff_and_follow_up);
#undef ADD

  return g_test_run ();
}
