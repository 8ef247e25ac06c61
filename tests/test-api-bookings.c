/* test-api-bookings.c — free slots, bookings, the calendar feed and the
 * route table of the REST API, called as the server calls them
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "test-api-common.h"
#include "terra-api-calendar.h"

#define FEED_TOKEN "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

static const char *
member_string (JsonObject *object,
               const char *name)
{
  g_assert_true (json_object_has_member (object, name));
  return json_object_get_string_member (object, name);
}

/* The start times GET /api/v1/slots offers for @query. */
static GPtrArray *
slot_starts (ApiFixture *fixture,
             const char *query)
{
  g_autoptr(JsonNode) answer = api_call (fixture, terra_api_list_slots, 0, query, NULL, 200);
  GPtrArray *starts = g_ptr_array_new_with_free_func (g_free);
  JsonArray *slots = json_object_get_array_member (api_object (answer), "slots");

  for (guint i = 0; i < json_array_get_length (slots); i++)
    g_ptr_array_add (starts, g_strdup (member_string (json_array_get_object_element (slots, i), "start")));
  return starts;
}

static gboolean
offers (GPtrArray  *starts,
        const char *start)
{
  for (guint i = 0; i < starts->len; i++)
    if (g_strcmp0 (g_ptr_array_index (starts, i), start) == 0)
      return TRUE;
  return FALSE;
}

static gint64
new_contact (ApiFixture *fixture,
             const char *name)
{
  g_autoptr(TerraContact) contact = terra_contact_new ();
  g_autoptr(GError) error = NULL;

  terra_contact_set_name (contact, name);
  g_assert_true (terra_store_insert (fixture->store, contact, &error));
  g_assert_no_error (error);
  return terra_contact_get_id (contact);
}

/* Books @start for @contact_id through the API; returns the booking id. */
static gint64
book (ApiFixture *fixture,
      gint64      contact_id,
      const char *start)
{
  g_autofree char *body = g_strdup_printf ("{\"contact_id\": %" G_GINT64_FORMAT ", \"start\": \"%s\"}",
                                           contact_id, start);
  g_autoptr(JsonNode) answer = api_call (fixture, terra_api_create_booking, 0, NULL, body, 201);

  return json_object_get_int_member (api_object (answer), "id");
}

static TerraBooking *
get_booking (ApiFixture *fixture,
             gint64      id)
{
  g_autoptr(GError) error = NULL;
  TerraBooking *booking = terra_store_get (fixture->store, TERRA_TYPE_BOOKING, id, &error);

  g_assert_no_error (error);
  return booking;
}

/* Slots */

static void
test_slots (ApiFixture    *fixture,
            gconstpointer  data)
{
  g_autoptr(GPtrArray) tuesday = NULL;
  g_autoptr(GPtrArray) sunday = NULL;
  g_autoptr(GPtrArray) upcoming = NULL;
  g_autoptr(GPtrArray) utc = NULL;
  g_autoptr(JsonNode) answer = NULL;
  JsonObject *type;

  /* A whole day by its date: 10:00 to 18:00 every half hour, in the
   * business's time zone. */
  tuesday = slot_starts (fixture, "from=2026-06-02&to=2026-06-02");
  g_assert_cmpuint (tuesday->len, ==, 17);
  g_assert_cmpstr (g_ptr_array_index (tuesday, 0), ==, "2026-06-02T10:00:00+05:30");
  g_assert_cmpstr (g_ptr_array_index (tuesday, 16), ==, "2026-06-02T18:00:00+05:30");

  sunday = slot_starts (fixture, "from=2026-06-07&to=2026-06-07");
  g_assert_cmpuint (sunday->len, ==, 0);

  /* Without a range: from now on; the hour's notice makes 10:00 today the
   * first. */
  upcoming = slot_starts (fixture, NULL);
  g_assert_cmpuint (upcoming->len, >, 17);
  g_assert_cmpstr (g_ptr_array_index (upcoming, 0), ==, "2026-06-01T10:00:00+05:30");

  /* An instant with an offset: 04:30Z is 10:00 in Kolkata. */
  utc = slot_starts (fixture, "from=2026-06-02T04:30:00Z&to=2026-06-02T06:00:00Z&limit=2");
  g_assert_cmpuint (utc->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (utc, 1), ==, "2026-06-02T10:30:00+05:30");

  answer = api_call (fixture, terra_api_list_slots, 0, "from=2026-06-02&to=2026-06-02", NULL, 200);
  g_assert_cmpstr (member_string (api_object (answer), "timezone"), ==, "Asia/Kolkata");
  type = json_object_get_object_member (api_object (answer), "appointment_type");
  g_assert_cmpint (json_object_get_int_member (type, "id"), ==, fixture->type_id);
  g_assert_cmpint (json_object_get_int_member (type, "duration_minutes"), ==, 60);
}

static void
test_slots_invalid (ApiFixture    *fixture,
                    gconstpointer  data)
{
  struct { const char *query; guint status; const char *fragment; } cases[] = {
    { "from=2026-02-30", 400, "from" },
    { "from=2026-06-31&to=2026-07-01", 400, "from" },
    { "from=2026-06-02T24:30:00Z", 400, "from" },
    { "from=next%20tuesday", 400, "from" },
    { "from=2026-06-02&to=2026-6-3", 400, "to" },
    { "from=2026-06-03&to=2026-06-02T10:00:00Z", 400, "after" },
    { "from=2026-06-01&to=2026-09-01", 400, "62" },
    { "type_id=0", 400, "type_id" },
    { "type_id=77", 404, "77" },
    { "limit=501", 400, "limit" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    api_fails (fixture, terra_api_list_slots, 0, cases[i].query, NULL, cases[i].status, cases[i].fragment);
}

static void
test_slots_without_types (ApiFixture    *fixture,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (terra_store_delete (fixture->store, TERRA_TYPE_APPOINTMENT_TYPE, fixture->type_id, &error));
  g_assert_no_error (error);
  api_fails (fixture, terra_api_list_slots, 0, NULL, NULL, 400, "appointment type");
  api_fails (fixture, terra_api_create_booking, 0, NULL,
             "{\"from\": \"web-1\", \"start\": \"2026-06-02T11:00:00+05:30\"}", 400, "appointment type");
  g_assert_cmpint (api_count (fixture->store, TERRA_TYPE_CONTACT), ==, 0);
}

/* Bookings */

static void
test_booking_create (ApiFixture    *fixture,
                     gconstpointer  data)
{
  g_autoptr(JsonNode) created = NULL;
  g_autoptr(JsonNode) local = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autofree char *body = NULL;
  JsonObject *booking;
  gint64 contacts, other;

  created = api_call (fixture, terra_api_create_booking, 0, NULL,
                      "{\"from\": \"web-5\", \"name\": \"Kiran Rao\", \"start\": \"2026-06-02T11:00:00+05:30\", "
                      "\"notes\": \"Wants a corner flat <b>please</b>\"}",
                      201);
  booking = api_object (created);
  g_assert_cmpint (json_object_get_int_member (booking, "id"), >, 0);
  g_assert_cmpstr (member_string (booking, "start"), ==, "2026-06-02T11:00:00+05:30");
  g_assert_cmpstr (member_string (booking, "end"), ==, "2026-06-02T12:00:00+05:30");
  g_assert_cmpstr (member_string (booking, "status"), ==, "confirmed");
  g_assert_cmpstr (member_string (booking, "source"), ==, "manual");
  g_assert_cmpstr (member_string (booking, "title"), ==, "Site visit — Kiran Rao");
  g_assert_cmpstr (member_string (booking, "location"), ==, "Sunrise Towers sales office");
  g_assert_cmpstr (member_string (booking, "notes"), ==, "Wants a corner flat <b>please</b>");
  g_assert_cmpint (json_object_get_int_member (booking, "conversation_id"), >, 0);

  /* The time is no longer offered. */
  after = slot_starts (fixture, "from=2026-06-02&to=2026-06-02");
  g_assert_false (offers (after, "2026-06-02T11:00:00+05:30"));
  g_assert_true (offers (after, "2026-06-02T12:00:00+05:30"));

  /* Taken: 409, for a known contact and for a new sender alike, and the
   * new sender is not left behind. */
  contacts = api_count (fixture->store, TERRA_TYPE_CONTACT);
  other = new_contact (fixture, "Asha");
  body = g_strdup_printf ("{\"contact_id\": %" G_GINT64_FORMAT ", \"start\": \"2026-06-02T11:30:00+05:30\"}", other);
  api_fails (fixture, terra_api_create_booking, 0, NULL, body, 409, NULL);
  api_fails (fixture, terra_api_create_booking, 0, NULL,
             "{\"from\": \"web-6\", \"start\": \"2026-06-02T11:00:00+05:30\"}", 409, NULL);
  g_assert_cmpint (api_count (fixture->store, TERRA_TYPE_CONTACT), ==, contacts + 1);
  g_assert_cmpint (api_count (fixture->store, TERRA_TYPE_CONVERSATION), ==, 1);
  g_assert_cmpint (api_count (fixture->store, TERRA_TYPE_BOOKING), ==, 1);

  /* A known sender whose conversation was closed: the refused booking
   * leaves no new conversation behind either. */
  {
    g_autoptr(TerraConversation) conversation = NULL;
    g_autoptr(GError) error = NULL;

    conversation = terra_store_get (fixture->store, TERRA_TYPE_CONVERSATION,
                                    json_object_get_int_member (booking, "conversation_id"), &error);
    g_assert_no_error (error);
    terra_conversation_set_status (conversation, TERRA_CONVERSATION_STATUS_CLOSED);
    g_assert_true (terra_store_update (fixture->store, conversation, &error));
    g_assert_no_error (error);
  }
  api_fails (fixture, terra_api_create_booking, 0, NULL,
             "{\"from\": \"web-5\", \"start\": \"2026-06-02T11:00:00+05:30\"}", 409, NULL);
  g_assert_cmpint (api_count (fixture->store, TERRA_TYPE_CONVERSATION), ==, 1);
  g_assert_cmpint (api_count (fixture->store, TERRA_TYPE_CONTACT), ==, contacts + 1);

  /* A time without an offset is the business's local time. */
  g_free (body);
  body = g_strdup_printf ("{\"contact_id\": %" G_GINT64_FORMAT ", \"start\": \"2026-06-02T15:00\"}", other);
  local = api_call (fixture, terra_api_create_booking, 0, NULL, body, 201);
  g_assert_cmpstr (member_string (api_object (local), "start"), ==, "2026-06-02T15:00:00+05:30");
  g_assert_cmpint (api_count (fixture->store, TERRA_TYPE_BOOKING), ==, 2);
}

static void
test_booking_create_invalid (ApiFixture    *fixture,
                             gconstpointer  data)
{
  gint64 contact = new_contact (fixture, "Kiran");
  struct { const char *start; guint status; const char *fragment; } times[] = {
    { "2026-06-02T08:00:00+05:30", 400, "open" },
    { "2026-06-07T11:00:00+05:30", 400, "open" },
    { "2026-06-01T09:30:00+05:30", 400, "notice" },
    { "2027-06-01T11:00:00+05:30", 400, "ahead" },
    { "2026-06-31T10:00:00+05:30", 400, "start" },
    { "2026-02-29T10:00:00+05:30", 400, "start" },
    { "2026-06-02T10:61:00+05:30", 400, "start" },
    { "tomorrow at ten", 400, "start" },
    { "", 400, "start" },
  };
  struct { const char *body; guint status; const char *fragment; } bodies[] = {
    { "{\"start\": \"2026-06-02T11:00:00+05:30\"}", 400, "contact_id" },
    { "{\"contact_id\": 1, \"from\": \"web-1\", \"start\": \"2026-06-02T11:00:00+05:30\"}", 400, "contact_id" },
    { "{\"contact_id\": 999, \"start\": \"2026-06-02T11:00:00+05:30\"}", 404, "999" },
    { "{\"conversation_id\": 998, \"start\": \"2026-06-02T11:00:00+05:30\"}", 404, "998" },
    { "{\"contact_id\": 1, \"appointment_type_id\": 997, \"start\": \"2026-06-02T11:00:00+05:30\"}", 404, "997" },
    { "{\"contact_id\": 1}", 400, "start" },
    { "{\"contact_id\": 1, \"start\": 1780290000}", 400, "start" },
    { "{\"contact_id\": 1, \"start\": \"2026-06-02T11:00:00+05:30\", \"room\": 4}", 400, "room" },
    { "[1, 2]", 400, "object" },
  };

  g_assert_cmpint (contact, ==, 1);
  for (guint i = 0; i < G_N_ELEMENTS (times); i++)
    {
      g_autofree char *body = g_strdup_printf ("{\"contact_id\": 1, \"start\": \"%s\"}", times[i].start);

      api_fails (fixture, terra_api_create_booking, 0, NULL, body, times[i].status, times[i].fragment);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    api_fails (fixture, terra_api_create_booking, 0, NULL, bodies[i].body, bodies[i].status, bodies[i].fragment);

  g_assert_cmpint (api_count (fixture->store, TERRA_TYPE_BOOKING), ==, 0);
  g_assert_cmpint (api_count (fixture->store, TERRA_TYPE_CONTACT), ==, 1);
}

static void
test_booking_update (ApiFixture    *fixture,
                     gconstpointer  data)
{
  g_autoptr(JsonNode) moved = NULL;
  g_autoptr(JsonNode) noted = NULL;
  g_autoptr(TerraBooking) booking = NULL;
  g_autoptr(GPtrArray) slots = NULL;
  g_autofree char *other_body = NULL;
  gint64 kiran = new_contact (fixture, "Kiran");
  gint64 asha = new_contact (fixture, "Asha");
  gint64 id = book (fixture, kiran, "2026-06-02T11:00:00+05:30");
  gint64 asha_booking = book (fixture, asha, "2026-06-03T15:00:00+05:30");
  gint64 start;

  moved = api_call (fixture, terra_api_update_booking, id, NULL, "{\"start\": \"2026-06-03T12:00:00+05:30\"}", 200);
  g_assert_cmpstr (member_string (api_object (moved), "start"), ==, "2026-06-03T12:00:00+05:30");
  g_assert_cmpint (json_object_get_int_member (api_object (moved), "id"), ==, id);
  slots = slot_starts (fixture, "from=2026-06-02&to=2026-06-02");
  g_assert_true (offers (slots, "2026-06-02T11:00:00+05:30"));

  noted = api_call (fixture, terra_api_update_booking, id, NULL, "{\"notes\": \"Bring ID; \\\"gate 2\\\"\"}", 200);
  g_assert_cmpstr (member_string (api_object (noted), "notes"), ==, "Bring ID; \"gate 2\"");
  g_assert_cmpstr (member_string (api_object (noted), "start"), ==, "2026-06-03T12:00:00+05:30");

  /* Onto Asha's time: 409, and the notes sent with it are not kept. */
  booking = get_booking (fixture, id);
  start = terra_booking_get_start_utc (booking);
  api_fails (fixture, terra_api_update_booking, id, NULL,
             "{\"start\": \"2026-06-03T15:30:00+05:30\", \"notes\": \"changed\"}", 409, NULL);
  g_clear_object (&booking);
  booking = get_booking (fixture, id);
  g_assert_cmpint (terra_booking_get_start_utc (booking), ==, start);
  g_assert_cmpstr (terra_booking_get_notes (booking), ==, "Bring ID; \"gate 2\"");

  /* Acting for Asha, Kiran's booking does not exist. */
  other_body = g_strdup_printf ("{\"contact_id\": %" G_GINT64_FORMAT ", \"notes\": \"mine now\"}", asha);
  api_fails (fixture, terra_api_update_booking, id, NULL, other_body, 404, NULL);
  g_clear_object (&booking);
  booking = get_booking (fixture, id);
  g_assert_cmpstr (terra_booking_get_notes (booking), ==, "Bring ID; \"gate 2\"");

  api_fails (fixture, terra_api_update_booking, id, NULL, "{}", 400, "start");
  api_fails (fixture, terra_api_update_booking, id, NULL, "{\"start\": \"2026-13-01T10:00:00Z\"}", 400, "start");
  api_fails (fixture, terra_api_update_booking, id, NULL, "{\"start\": \"2026-06-03T21:00:00+05:30\"}", 400, NULL);
  api_fails (fixture, terra_api_update_booking, id, NULL, "{\"title\": \"x\"}", 400, "title");
  api_fails (fixture, terra_api_update_booking, 4242, NULL, "{\"notes\": \"x\"}", 404, "4242");
  g_clear_object (&booking);
  booking = get_booking (fixture, id);
  g_assert_cmpint (terra_booking_get_start_utc (booking), ==, start);
  (void)asha_booking;
}

static void
test_booking_cancel (ApiFixture    *fixture,
                     gconstpointer  data)
{
  g_autoptr(JsonNode) cancelled = NULL;
  g_autoptr(JsonNode) by_query = NULL;
  g_autoptr(GPtrArray) slots = NULL;
  g_autofree char *asha_query = NULL;
  g_autofree char *kiran_query = NULL;
  gint64 kiran = new_contact (fixture, "Kiran");
  gint64 asha = new_contact (fixture, "Asha");
  gint64 id = book (fixture, kiran, "2026-06-02T11:00:00+05:30");
  gint64 second = book (fixture, kiran, "2026-06-04T11:00:00+05:30");
  g_autoptr(TerraBooking) kept = NULL;

  /* Acting for Asha: 404, and Kiran's booking stands. */
  asha_query = g_strdup_printf ("contact_id=%" G_GINT64_FORMAT, asha);
  api_fails (fixture, terra_api_cancel_booking, id, asha_query, NULL, 404, NULL);
  kept = get_booking (fixture, id);
  g_assert_cmpint (terra_booking_get_status (kept), ==, TERRA_BOOKING_STATUS_CONFIRMED);

  cancelled = api_call (fixture, terra_api_cancel_booking, id, NULL, "{\"reason\": \"Changed plans\"}", 200);
  g_assert_cmpstr (member_string (api_object (cancelled), "status"), ==, "cancelled");
  g_assert_cmpstr (member_string (api_object (cancelled), "cancel_reason"), ==, "Changed plans");
  slots = slot_starts (fixture, "from=2026-06-02&to=2026-06-02");
  g_assert_true (offers (slots, "2026-06-02T11:00:00+05:30"));

  /* Already cancelled: a conflict, not a second cancellation. */
  api_fails (fixture, terra_api_cancel_booking, id, NULL, NULL, 409, "cancelled");

  kiran_query = g_strdup_printf ("contact_id=%" G_GINT64_FORMAT "&reason=Travelling", kiran);
  by_query = api_call (fixture, terra_api_cancel_booking, second, kiran_query, NULL, 200);
  g_assert_cmpstr (member_string (api_object (by_query), "cancel_reason"), ==, "Travelling");

  api_fails (fixture, terra_api_cancel_booking, 4242, NULL, NULL, 404, "4242");
  api_fails (fixture, terra_api_cancel_booking, id, NULL, "{\"because\": \"x\"}", 400, "because");
}

/* The calendar feed */

static void
test_calendar_feed (ApiFixture    *fixture,
                    gconstpointer  data)
{
  g_autoptr(TerraBooking) booking = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *regenerated = NULL;
  g_auto(GStrv) lines = NULL;
  gint64 kiran = new_contact (fixture, "Kiran");
  gint64 id = book (fixture, kiran, "2026-06-02T11:00:00+05:30");
  JsonNode *none;

  g_setenv ("TERRA_SECRET_CALENDAR_FEED_TOKEN", FEED_TOKEN, TRUE);

  api_fails (fixture, terra_api_calendar_feed, 0, NULL, NULL, 401, "token");
  api_fails (fixture, terra_api_calendar_feed, 0, "token=", NULL, 401, "token");
  api_fails (fixture, terra_api_calendar_feed, 0, "token=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdee",
             NULL, 403, NULL);
  api_fails (fixture, terra_api_calendar_feed, 0, "token=0123", NULL, 403, NULL);
  api_fails (fixture, terra_api_calendar_feed, 0, "token=" FEED_TOKEN "0", NULL, 403, NULL);

  none = api_call (fixture, terra_api_calendar_feed, 0, "token=" FEED_TOKEN, NULL, 200);
  g_assert_null (none);
  g_assert_cmpstr (fixture->content_type, ==, "text/calendar; charset=utf-8");
  g_assert_true (g_str_has_prefix (fixture->last_text, "BEGIN:VCALENDAR\r\nMETHOD:PUBLISH\r\n"));
  g_assert_true (g_str_has_suffix (fixture->last_text, "END:VCALENDAR\r\n"));
  booking = get_booking (fixture, id);
  g_assert_nonnull (strstr (fixture->last_text, terra_booking_get_uid (booking)));
  g_assert_nonnull (strstr (fixture->last_text, "Kiran"));
  /* Every line ends in CRLF. */
  lines = g_strsplit (fixture->last_text, "\n", -1);
  for (guint i = 0; lines[i + 1] != NULL; i++)
    g_assert_true (g_str_has_suffix (lines[i], "\r"));

  /* While the environment sets the token, it cannot be replaced here. */
  regenerated = terra_calendar_feed_regenerate_token (terra_workspace_get_id (fixture->workspace), &error);
  g_assert_null (regenerated);
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "TERRA_SECRET_CALENDAR_FEED_TOKEN"));

  g_unsetenv ("TERRA_SECRET_CALENDAR_FEED_TOKEN");
}

/* The routes */

static const TerraApiRoute *
find_route (const char *method,
            const char *pattern)
{
  for (const TerraApiRoute *route = terra_api_routes; route->method != NULL; route++)
    if (g_str_equal (route->method, method) && g_str_equal (route->pattern, pattern))
      return route;
  return NULL;
}

static void
test_routes (void)
{
  static const char *const endpoints[][2] = {
    { "POST", "/api/v1/chat" },
    { "GET", "/api/v1/conversations" },
    { "GET", "/api/v1/conversations/{id}" },
    { "POST", "/api/v1/conversations/{id}/messages" },
    { "POST", "/api/v1/conversations/{id}/takeover" },
    { "POST", "/api/v1/conversations/{id}/handback" },
    { "GET", "/api/v1/slots" },
    { "POST", "/api/v1/bookings" },
    { "PATCH", "/api/v1/bookings/{id}" },
    { "DELETE", "/api/v1/bookings/{id}" },
    { "GET", "/api/v1/metrics" },
    { "POST", "/api/v1/knowledge" },
    { "POST", "/api/v1/knowledge/faqs" },
    { "GET", "/api/v1/knowledge/search" },
    { "GET", "/calendar.ics" },
  };
  guint n_routes = 0;

  for (guint i = 0; i < G_N_ELEMENTS (endpoints); i++)
    {
      const TerraApiRoute *route = find_route (endpoints[i][0], endpoints[i][1]);

      g_assert_nonnull (route);
      g_assert_nonnull (route->handler);
      /* Only the feed goes without the API key; it has its own token. */
      if (g_str_has_prefix (route->pattern, "/api/"))
        g_assert_true (route->flags & TERRA_API_ROUTE_BEARER);
      else
        g_assert_false (route->flags & TERRA_API_ROUTE_BEARER);
    }

  for (const TerraApiRoute *route = terra_api_routes; route->method != NULL; route++)
    {
      g_assert_true (find_route (route->method, route->pattern) == route);
      n_routes++;
    }
  g_assert_cmpuint (n_routes, ==, G_N_ELEMENTS (endpoints));
  g_assert_null (find_route ("POST", "/api/v1/messages"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, ApiFixture, NULL, api_fixture_set_up, func, api_fixture_tear_down)
  ADD ("/api/slots", test_slots);
  ADD ("/api/slots/invalid", test_slots_invalid);
  ADD ("/api/slots/without-types", test_slots_without_types);
  ADD ("/api/bookings/create", test_booking_create);
  ADD ("/api/bookings/create-invalid", test_booking_create_invalid);
  ADD ("/api/bookings/update", test_booking_update);
  ADD ("/api/bookings/cancel", test_booking_cancel);
  ADD ("/api/calendar-feed", test_calendar_feed);
#undef ADD
  g_test_add_func ("/api/routes", test_routes);

  return g_test_run ();
}
