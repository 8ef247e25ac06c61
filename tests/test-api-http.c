/* test-api-http.c — the REST endpoints over a real loopback socket: the
 * server's routing, authentication and error bodies around the handlers
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <libsoup/soup.h>
#include <string.h>

#include "terra-server.h"
#include "terra-test-utils.h"

#define API_KEY "fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210"
#define FEED_TOKEN "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

typedef struct
{
  TerraWorkspace    *workspace;
  TerraOrchestrator *orchestrator;
  TerraServer       *server;
  SoupSession       *session;
} Fixture;

typedef struct
{
  guint     status;
  char     *content_type;
  char     *text;
  JsonNode *json;
} Answer;

static void
answer_free (Answer *answer)
{
  g_free (answer->content_type);
  g_free (answer->text);
  g_clear_pointer (&answer->json, json_node_unref);
  g_free (answer);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Answer, answer_free)

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(TerraAppointmentType) type = terra_appointment_type_new ();
  g_autoptr(GError) error = NULL;
  TerraStore *store;
  TerraOpeningRange week[7];

  g_setenv ("TERRA_SECRET_API_KEY", API_KEY, TRUE);
  g_setenv ("TERRA_SECRET_CALENDAR_FEED_TOKEN", FEED_TOKEN, TRUE);

  fixture->workspace = terra_test_workspace_new ();
  store = terra_workspace_get_store (fixture->workspace);
  for (int day = 1; day <= 7; day++)
    week[day - 1] = (TerraOpeningRange) { day, 0, 24 * 60 };
  g_assert_true (terra_store_set_opening_hours (store, week, 7, &error));
  terra_appointment_type_set_name (type, "Call");
  terra_appointment_type_set_duration_minutes (type, 30);
  g_assert_true (terra_store_insert (store, type, &error));
  g_assert_no_error (error);

  fixture->orchestrator = terra_orchestrator_new (fixture->workspace);
  fixture->server = terra_server_new (fixture->workspace, fixture->orchestrator);
  terra_server_set_port (fixture->server, 0);
  g_assert_true (terra_server_start (fixture->server, &error));
  g_assert_no_error (error);
  fixture->session = soup_session_new ();
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->session);
  terra_server_stop (fixture->server);
  g_clear_object (&fixture->server);
  g_clear_object (&fixture->orchestrator);
  terra_test_iterate_main_context ();
  terra_test_workspace_free (fixture->workspace);
  g_unsetenv ("TERRA_SECRET_API_KEY");
  g_unsetenv ("TERRA_SECRET_CALENDAR_FEED_TOKEN");
}

/* One request; @key NULL sends no Authorization header. */
static Answer *
request (Fixture    *fixture,
         const char *method,
         const char *path,
         const char *key,
         const char *body)
{
  g_autofree char *url = g_strconcat (terra_server_get_url (fixture->server), path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  Answer *answer = g_new0 (Answer, 1);
  const char *content_type;

  g_assert_nonnull (msg);
  if (key != NULL)
    {
      g_autofree char *authorization = g_strconcat ("Bearer ", key, NULL);

      soup_message_headers_append (soup_message_get_request_headers (msg), "Authorization", authorization);
    }
  if (body != NULL)
    {
      g_autoptr(GBytes) request_body = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (msg, "application/json", request_body);
    }

  bytes = soup_session_send_and_read (fixture->session, msg, NULL, &error);
  g_assert_no_error (error);

  answer->status = soup_message_get_status (msg);
  content_type = soup_message_headers_get_one (soup_message_get_response_headers (msg), "Content-Type");
  answer->content_type = g_strdup (content_type);
  answer->text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  if (content_type != NULL && g_str_has_prefix (content_type, "application/json"))
    {
      answer->json = json_from_string (answer->text, &error);
      g_assert_no_error (error);
    }
  g_test_message ("%s %s → %u %s", method, path, answer->status, answer->text);
  return answer;
}

static gint64
count_contacts (Fixture *fixture)
{
  g_autoptr(TerraQuery) query = terra_query_new (TERRA_TYPE_CONTACT);

  return terra_store_count (terra_workspace_get_store (fixture->workspace), query, NULL);
}

static const char *
error_code (Answer *answer)
{
  JsonObject *error;

  g_assert_nonnull (answer->json);
  error = json_object_get_object_member (json_node_get_object (answer->json), "error");
  g_assert_nonnull (error);
  g_assert_nonnull (json_object_get_string_member (error, "message"));
  return json_object_get_string_member (error, "code");
}

static void
test_authentication (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(Answer) none = request (fixture, "GET", "/api/v1/conversations", NULL, NULL);
  g_autoptr(Answer) wrong = request (fixture, "GET", "/api/v1/conversations", API_KEY "x", NULL);
  g_autoptr(Answer) right = request (fixture, "GET", "/api/v1/conversations", API_KEY, NULL);

  g_assert_cmpuint (none->status, ==, 401);
  g_assert_cmpstr (error_code (none), ==, "unauthorized");
  g_assert_cmpuint (wrong->status, ==, 401);
  g_assert_cmpuint (right->status, ==, 200);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (right->json), "total"), ==, 0);
}

/* A lead's chat and the owner's view of it, end to end over HTTP. */
static void
test_chat_round_trip (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(Answer) chat = NULL;
  g_autoptr(Answer) listed = NULL;
  g_autoptr(Answer) detail = NULL;
  g_autofree char *path = NULL;
  JsonArray *messages;
  gint64 conversation_id;

  chat = request (fixture, "POST", "/api/v1/chat", API_KEY,
                  "{\"from\": \"site-1\", \"name\": \"Priya <b>\", \"text\": \"Hello, do you do site visits?\"}");
  g_assert_cmpuint (chat->status, ==, 200);
  g_assert_nonnull (json_object_get_string_member (json_node_get_object (chat->json), "reply"));
  conversation_id = json_object_get_int_member (json_node_get_object (chat->json), "conversation_id");

  listed = request (fixture, "GET", "/api/v1/conversations?channel=api&q=Priya", API_KEY, NULL);
  g_assert_cmpuint (listed->status, ==, 200);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (listed->json), "total"), ==, 1);

  path = g_strdup_printf ("/api/v1/conversations/%" G_GINT64_FORMAT, conversation_id);
  detail = request (fixture, "GET", path, API_KEY, NULL);
  g_assert_cmpuint (detail->status, ==, 200);
  messages = json_object_get_array_member (json_node_get_object (detail->json), "messages");
  g_assert_cmpuint (json_array_get_length (messages), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (messages, 0), "text"), ==,
                   "Hello, do you do site visits?");
}

static void
test_errors (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(Answer) malformed = request (fixture, "POST", "/api/v1/chat", API_KEY, "{\"from\": \"x\", ");
  g_autoptr(Answer) invalid = request (fixture, "POST", "/api/v1/bookings", API_KEY,
                                       "{\"from\": \"x\", \"start\": \"2026-02-30T10:00:00Z\"}");
  g_autoptr(Answer) missing = request (fixture, "GET", "/api/v1/conversations/4242", API_KEY, NULL);
  g_autoptr(Answer) method = request (fixture, "PUT", "/api/v1/bookings/1", API_KEY, "{}");
  g_autoptr(Answer) unknown = request (fixture, "DELETE", "/api/v1/bookings/4242", API_KEY, NULL);

  g_assert_cmpuint (malformed->status, ==, 400);
  g_assert_cmpstr (error_code (malformed), ==, "bad_request");
  g_assert_cmpuint (invalid->status, ==, 400);
  g_assert_nonnull (strstr (invalid->text, "start"));
  g_assert_cmpuint (missing->status, ==, 404);
  g_assert_cmpstr (error_code (missing), ==, "not_found");
  g_assert_cmpuint (method->status, ==, 405);
  g_assert_cmpuint (unknown->status, ==, 404);
}

/* Booking the same time twice over HTTP: the second is a 409; once the
 * first is cancelled, the time can be booked again. */
static void
test_booking_conflict (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) tomorrow = g_date_time_add_days (now, 1);
  g_autoptr(GDateTime) noon = NULL;
  g_autoptr(Answer) first = NULL;
  g_autoptr(Answer) second = NULL;
  g_autoptr(Answer) cancelled = NULL;
  g_autoptr(Answer) third = NULL;
  g_autofree char *path = NULL;
  g_autofree char *start = NULL;
  g_autofree char *body = NULL;

  noon = g_date_time_new_local (g_date_time_get_year (tomorrow), g_date_time_get_month (tomorrow),
                                g_date_time_get_day_of_month (tomorrow), 12, 0, 0);
  start = g_date_time_format_iso8601 (noon);
  body = g_strdup_printf ("{\"from\": \"site-2\", \"start\": \"%s\"}", start);

  first = request (fixture, "POST", "/api/v1/bookings", API_KEY, body);
  g_assert_cmpuint (first->status, ==, 201);
  second = request (fixture, "POST", "/api/v1/bookings", API_KEY, body);
  g_assert_cmpuint (second->status, ==, 409);
  g_assert_cmpstr (error_code (second), ==, "conflict");

  /* DELETE with a JSON body: the reason travels. */
  path = g_strdup_printf ("/api/v1/bookings/%" G_GINT64_FORMAT,
                          json_object_get_int_member (json_node_get_object (first->json), "id"));
  cancelled = request (fixture, "DELETE", path, API_KEY, "{\"reason\": \"Rain\"}");
  g_assert_cmpuint (cancelled->status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (cancelled->json), "cancel_reason"), ==,
                   "Rain");
  third = request (fixture, "POST", "/api/v1/bookings", API_KEY, body);
  g_assert_cmpuint (third->status, ==, 201);
}

typedef struct
{
  guint n_pending;
  guint statuses[8];
  guint n_done;
} Race;

typedef struct
{
  Race        *race;
  SoupMessage *msg;
} RaceRequest;

static void
race_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  RaceRequest *request = data;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  bytes = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  g_assert_no_error (error);
  request->race->statuses[request->race->n_done++] = soup_message_get_status (request->msg);
  request->race->n_pending--;
  g_object_unref (request->msg);
  g_free (request);
}

/* Eight clients ask for the same time at once: exactly one gets it. */
static void
test_booking_race (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) later = g_date_time_add_days (now, 2);
  g_autoptr(GDateTime) start = NULL;
  g_autofree char *start_text = NULL;
  g_autofree char *url = g_strconcat (terra_server_get_url (fixture->server), "/api/v1/bookings", NULL);
  Race race = { 0 };
  guint created = 0, conflicts = 0;

  start = g_date_time_new_local (g_date_time_get_year (later), g_date_time_get_month (later),
                                 g_date_time_get_day_of_month (later), 15, 0, 0);
  start_text = g_date_time_format_iso8601 (start);

  for (guint i = 0; i < G_N_ELEMENTS (race.statuses); i++)
    {
      g_autofree char *body = g_strdup_printf ("{\"from\": \"racer-%u\", \"start\": \"%s\"}", i, start_text);
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));
      RaceRequest *request = g_new0 (RaceRequest, 1);

      request->race = &race;
      request->msg = soup_message_new ("POST", url);
      soup_message_headers_append (soup_message_get_request_headers (request->msg), "Authorization",
                                   "Bearer " API_KEY);
      soup_message_set_request_body_from_bytes (request->msg, "application/json", bytes);
      race.n_pending++;
      soup_session_send_and_read_async (fixture->session, request->msg, G_PRIORITY_DEFAULT, NULL,
                                        race_done_cb, request);
    }
  while (race.n_pending > 0)
    g_main_context_iteration (NULL, TRUE);

  for (guint i = 0; i < race.n_done; i++)
    {
      created += race.statuses[i] == 201;
      conflicts += race.statuses[i] == 409;
    }
  g_assert_cmpuint (created, ==, 1);
  g_assert_cmpuint (conflicts, ==, G_N_ELEMENTS (race.statuses) - 1);
  /* The losers' senders were made for their requests alone: gone again. */
  g_assert_cmpint (count_contacts (fixture), ==, 1);
}

static void
test_calendar_feed (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(Answer) none = request (fixture, "GET", "/calendar.ics", NULL, NULL);
  g_autoptr(Answer) wrong = request (fixture, "GET", "/calendar.ics?token=abc", NULL, NULL);
  g_autoptr(Answer) right = request (fixture, "GET", "/calendar.ics?token=" FEED_TOKEN, NULL, NULL);

  g_assert_cmpuint (none->status, ==, 401);
  g_assert_cmpuint (wrong->status, ==, 403);
  g_assert_cmpuint (right->status, ==, 200);
  g_assert_true (g_str_has_prefix (right->content_type, "text/calendar"));
  g_assert_true (g_str_has_prefix (right->text, "BEGIN:VCALENDAR\r\n"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/api-http/authentication", test_authentication);
  ADD ("/api-http/chat-round-trip", test_chat_round_trip);
  ADD ("/api-http/errors", test_errors);
  ADD ("/api-http/booking-conflict", test_booking_conflict);
  ADD ("/api-http/booking-race", test_booking_race);
  ADD ("/api-http/calendar-feed", test_calendar_feed);
#undef ADD

  return g_test_run ();
}
