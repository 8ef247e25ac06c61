/* test-telegram.c — Telegram: long polling with a durable offset, the
 * optional webhook with its secret token, and sendMessage
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "fake-channel-server.h"
#include "terra-channel-senders.h"
#include "terra-runtime.h"
#include "terra-telegram.h"
#include "terra-telegram-poller.h"
#include "terra-test-utils.h"

#define WEBHOOK_SECRET "telegram-webhook-secret"

static char *
message_json (gint64      chat_id,
              gint64      message_id,
              const char *first_name,
              const char *text)
{
  return g_strdup_printf ("{\"message_id\":%" G_GINT64_FORMAT ",\"from\":{\"id\":%" G_GINT64_FORMAT ","
                          "\"is_bot\":false,\"first_name\":\"%s\",\"last_name\":\"Sharma\",\"language_code\":\"en\"},"
                          "\"chat\":{\"id\":%" G_GINT64_FORMAT ",\"first_name\":\"%s\",\"type\":\"private\"},"
                          "\"date\":1763800000,\"text\":\"%s\"}",
                          message_id, chat_id, first_name, chat_id, first_name, text);
}

/* The webhook. */

typedef struct
{
  TerraTestWorkspace *workspace;
  TerraStore         *store;
  FakeWebhookHost    *host;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->workspace = terra_test_workspace_new ();
  fixture->store = terra_workspace_get_store (fixture->workspace);
  fixture->host = fake_webhook_host_new (fixture->workspace, terra_telegram_attach);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_pointer (&fixture->host, fake_webhook_host_free);
  g_clear_pointer (&fixture->workspace, terra_test_workspace_free);
}

static guint
post_update (Fixture    *fixture,
             const char *body,
             const char *secret,
             char      **response)
{
  g_autofree char *url = fake_webhook_host_get_url (fixture->host, "/webhooks/telegram");
  const char *headers[] = { "X-Telegram-Bot-Api-Secret-Token", secret, NULL };

  return fake_http_request ("POST", url, "application/json", body, strlen (body),
                            secret != NULL ? headers : NULL, response);
}

static void
test_webhook_message (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *message = message_json (987654321, 42, "Priya", "Hi, can I book a trial class?");
  g_autofree char *update = g_strdup_printf ("{\"update_id\":10001,\"message\":%s}", message);
  g_autoptr(TerraMessage) stored = NULL;
  g_autoptr(TerraContact) contact = NULL;

  g_assert_cmpuint (post_update (fixture, update, WEBHOOK_SECRET, NULL), ==, 200);
  stored = fake_only_message (fixture->store);
  g_assert_cmpstr (terra_message_get_body (stored), ==, "Hi, can I book a trial class?");
  g_assert_cmpint (terra_message_get_channel (stored), ==, TERRA_CHANNEL_TELEGRAM);
  g_assert_cmpstr (terra_message_get_external_id (stored), ==, "987654321:42");
  contact = terra_store_find_contact_by_identity (fixture->store, TERRA_CHANNEL_TELEGRAM, "987654321", NULL);
  g_assert_nonnull (contact);
  g_assert_cmpstr (terra_contact_get_name (contact), ==, "Priya Sharma");

  /* Telegram retries too: stored once. */
  g_assert_cmpuint (post_update (fixture, update, WEBHOOK_SECRET, NULL), ==, 200);
  g_assert_cmpint (fake_count (fixture->store, TERRA_TYPE_MESSAGE), ==, 1);
}

static void
test_webhook_secret (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *message = message_json (987654321, 43, "Priya", "Hello");
  g_autofree char *update = g_strdup_printf ("{\"update_id\":10002,\"message\":%s}", message);
  g_autofree char *response = NULL;

  g_assert_cmpuint (post_update (fixture, update, "guessed", &response), ==, 403);
  g_assert_nonnull (strstr (response, "\"forbidden\""));
  g_assert_cmpuint (post_update (fixture, update, NULL, NULL), ==, 403);
  g_assert_cmpint (fake_count (fixture->store, TERRA_TYPE_MESSAGE), ==, 0);

  /* Without a configured secret the webhook accepts nobody. */
  g_unsetenv ("TERRA_SECRET_TELEGRAM_WEBHOOK_SECRET");
  g_assert_cmpuint (post_update (fixture, update, WEBHOOK_SECRET, NULL), ==, 403);
  g_setenv ("TERRA_SECRET_TELEGRAM_WEBHOOK_SECRET", WEBHOOK_SECRET, TRUE);
  g_setenv ("TERRA_SECRET_API_KEY", "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", TRUE);
  g_assert_cmpint (fake_count (fixture->store, TERRA_TYPE_MESSAGE), ==, 0);
}

static void
test_webhook_malformed (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *url = fake_webhook_host_get_url (fixture->host, "/webhooks/telegram");
  g_autofree char *edited = NULL;
  g_autofree char *message = message_json (987654321, 44, "Priya", "Hello (edited)");
  g_autofree char *response = NULL;

  g_assert_cmpuint (post_update (fixture, "{\"update_id\":", WEBHOOK_SECRET, &response), ==, 400);
  g_assert_nonnull (strstr (response, "\"bad_request\""));
  g_assert_cmpuint (post_update (fixture, "{\"message\":{}}", WEBHOOK_SECRET, NULL), ==, 400);
  g_assert_cmpuint (post_update (fixture, "[1,2]", WEBHOOK_SECRET, NULL), ==, 400);
  g_assert_cmpuint (fake_http_request ("GET", url, NULL, NULL, 0, NULL, NULL), ==, 405);

  /* A kind of update Terra does not keep is acknowledged and ignored. */
  edited = g_strdup_printf ("{\"update_id\":10003,\"edited_message\":%s}", message);
  g_assert_cmpuint (post_update (fixture, edited, WEBHOOK_SECRET, NULL), ==, 200);
  g_assert_cmpint (fake_count (fixture->store, TERRA_TYPE_MESSAGE), ==, 0);
}

/* Long polling and sending. */

typedef struct
{
  TerraTestWorkspace *workspace;
  TerraStore         *store;
  FakeChannelServer  *fake;
} PollFixture;

static void
poll_set_up (PollFixture   *fixture,
             gconstpointer  data)
{
  g_autofree char *api_base = NULL;

  fixture->workspace = terra_test_workspace_new ();
  fixture->store = terra_workspace_get_store (fixture->workspace);
  fixture->fake = fake_channel_server_new ();
  api_base = fake_channel_server_get_url (fixture->fake, "");
  fake_set_setting (fixture->store, "telegram.api_base", api_base);
  g_setenv ("TERRA_SECRET_TELEGRAM_BOT_TOKEN", FAKE_TELEGRAM_TOKEN, TRUE);
}

static void
poll_tear_down (PollFixture   *fixture,
                gconstpointer  data)
{
  g_setenv ("TERRA_SECRET_TELEGRAM_BOT_TOKEN", FAKE_TELEGRAM_TOKEN, TRUE);
  g_clear_pointer (&fixture->fake, fake_channel_server_free);
  g_clear_pointer (&fixture->workspace, terra_test_workspace_free);
}

static void
wait_for_messages (TerraStore *store,
                   gint64      n)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (fake_count (store, TERRA_TYPE_MESSAGE) < n)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (20 * 1000);
    }
}

static void
wait_for_polls (TerraTelegramPoller *poller,
                guint                n)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (terra_telegram_poller_get_n_polls (poller) < n)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (20 * 1000);
    }
}

static void
add_update (PollFixture *fixture,
            gint64       update_id,
            gint64       chat_id,
            const char  *name,
            const char  *text)
{
  g_autofree char *message = message_json (chat_id, update_id + 500, name, text);

  fake_channel_server_add_update (fixture->fake, update_id, message);
}

static TerraTelegramPoller *
start_poller (PollFixture *fixture)
{
  TerraTelegramPoller *poller = terra_telegram_poller_new (fixture->workspace, NULL);

  terra_telegram_poller_set_poll_timeout (poller, 1);
  terra_telegram_poller_start (poller);
  return poller;
}

static gint64
offset_in_request (FakeChannelRequest *request)
{
  g_autoptr(JsonNode) root = fake_channel_request_get_json (request);

  return json_object_get_int_member_with_default (json_node_get_object (root), "offset", 0);
}

static void
test_poll_and_restart (PollFixture   *fixture,
                       gconstpointer  data)
{
  g_autoptr(TerraTelegramPoller) poller = NULL;
  g_autoptr(FakeChannelRequest) first = NULL;
  g_autoptr(FakeChannelRequest) last = NULL;
  guint n_requests;

  add_update (fixture, 700, 111, "Priya", "Hello!");
  add_update (fixture, 701, 222, "Arjun", "What does a trial class cost?");
  add_update (fixture, 702, 111, "Priya", "And is Saturday free?");

  poller = start_poller (fixture);
  wait_for_messages (fixture->store, 3);
  /* The offset was committed with the messages: the next poll confirms them. */
  g_assert_cmpint (terra_store_get_setting_int (fixture->store, "telegram.update_offset"), ==, 703);
  wait_for_polls (poller, 2);
  g_assert_cmpuint (fake_channel_server_get_n_kept_updates (fixture->fake), ==, 0);
  terra_telegram_poller_stop (poller);
  g_clear_object (&poller);

  first = fake_channel_server_get_request (fixture->fake, FAKE_SERVICE_TELEGRAM, "/getUpdates", 0);
  g_assert_cmpstr (first->path, ==, "/bot" FAKE_TELEGRAM_TOKEN "/getUpdates");
  g_assert_cmpint (offset_in_request (first), ==, 0);
  g_assert_cmpint (fake_count (fixture->store, TERRA_TYPE_CONVERSATION), ==, 2);

  /* A restart asks from the stored offset: nothing twice, nothing lost. */
  n_requests = fake_channel_server_get_n_requests (fixture->fake, FAKE_SERVICE_TELEGRAM, "/getUpdates");
  poller = start_poller (fixture);
  add_update (fixture, 703, 222, "Arjun", "I'll take Saturday.");
  wait_for_messages (fixture->store, 4);
  terra_telegram_poller_stop (poller);

  last = fake_channel_server_get_request (fixture->fake, FAKE_SERVICE_TELEGRAM, "/getUpdates", n_requests);
  g_assert_cmpint (offset_in_request (last), ==, 703);
  g_assert_cmpint (fake_count (fixture->store, TERRA_TYPE_MESSAGE), ==, 4);
  g_assert_cmpint (terra_store_get_setting_int (fixture->store, "telegram.update_offset"), ==, 704);
}

static void
test_poll_redelivery (PollFixture   *fixture,
                      gconstpointer  data)
{
  g_autoptr(TerraTelegramPoller) poller = NULL;
  g_autoptr(JsonNode) zero = json_node_init_int (json_node_alloc (), 0);

  add_update (fixture, 900, 111, "Priya", "Hello!");
  poller = start_poller (fixture);
  wait_for_messages (fixture->store, 1);
  terra_telegram_poller_stop (poller);
  g_clear_object (&poller);

  /* Even if Telegram sent an update again, it is one message. */
  add_update (fixture, 900, 111, "Priya", "Hello!");
  terra_store_set_setting (fixture->store, "telegram.update_offset", zero, NULL);
  poller = start_poller (fixture);
  wait_for_polls (poller, 1);
  terra_telegram_poller_stop (poller);
  g_assert_cmpint (fake_count (fixture->store, TERRA_TYPE_MESSAGE), ==, 1);
  g_assert_cmpint (terra_store_get_setting_int (fixture->store, "telegram.update_offset"), ==, 901);
}

static void
test_poll_recovers (PollFixture   *fixture,
                    gconstpointer  data)
{
  g_autoptr(TerraTelegramPoller) poller = NULL;

  /* Telegram failing, then asking to slow down: the poller waits and
   * tries again, and gets the message in the end. */
  fake_channel_server_fail_next (fixture->fake, FAKE_SERVICE_TELEGRAM, 502,
                                 "{\"ok\":false,\"error_code\":502,\"description\":\"Bad Gateway\"}");
  fake_channel_server_fail_next (fixture->fake, FAKE_SERVICE_TELEGRAM, 429,
                                 "{\"ok\":false,\"error_code\":429,\"description\":\"Too Many Requests: retry after 1\","
                                 "\"parameters\":{\"retry_after\":1}}");
  fake_channel_server_fail_next (fixture->fake, FAKE_SERVICE_TELEGRAM, 409,
                                 "{\"ok\":false,\"error_code\":409,\"description\":\"Conflict: can't use getUpdates "
                                 "method while webhook is active; use deleteWebhook to delete the webhook first\"}");
  add_update (fixture, 50, 333, "Meera", "Do you teach on weekends?");

  g_test_expect_message ("terra-telegram", G_LOG_LEVEL_WARNING, "*Bad Gateway*");
  g_test_expect_message ("terra-telegram", G_LOG_LEVEL_WARNING, "*Too Many Requests*");
  /* The owner learns what to do about a webhook that blocks polling. */
  g_test_expect_message ("terra-telegram", G_LOG_LEVEL_WARNING, "*telegram.webhook=true*");
  poller = start_poller (fixture);
  wait_for_messages (fixture->store, 1);
  terra_telegram_poller_stop (poller);
  g_test_assert_expected_messages ();
  g_assert_cmpuint (fake_channel_server_get_n_requests (fixture->fake, FAKE_SERVICE_TELEGRAM, "/getUpdates"), >=, 4);
}

static void
test_stop_while_waiting (PollFixture   *fixture,
                         gconstpointer  data)
{
  g_autoptr(TerraTelegramPoller) poller = terra_telegram_poller_new (fixture->workspace, NULL);
  gint64 start;

  /* A long poll in flight is cancelled at once, not waited out. */
  terra_telegram_poller_set_poll_timeout (poller, 30);
  terra_telegram_poller_start (poller);
  while (fake_channel_server_get_n_requests (fixture->fake, FAKE_SERVICE_TELEGRAM, "/getUpdates") == 0)
    g_usleep (10 * 1000);
  start = g_get_monotonic_time ();
  terra_telegram_poller_stop (poller);
  g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC);
}

static void
test_no_token (PollFixture   *fixture,
               gconstpointer  data)
{
  g_autoptr(TerraTelegramPoller) poller = NULL;
  gint64 start;

  /* A workspace without a bot: no request, no warning, a prompt stop. */
  g_unsetenv ("TERRA_SECRET_TELEGRAM_BOT_TOKEN");
  add_update (fixture, 60, 333, "Meera", "Hello?");
  poller = start_poller (fixture);
  g_usleep (300 * 1000);
  start = g_get_monotonic_time ();
  terra_telegram_poller_stop (poller);
  g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC);
  g_assert_cmpuint (fake_channel_server_get_n_requests (fixture->fake, FAKE_SERVICE_TELEGRAM, NULL), ==, 0);
  g_assert_cmpint (fake_count (fixture->store, TERRA_TYPE_MESSAGE), ==, 0);
}

static void
test_should_poll (PollFixture   *fixture,
                  gconstpointer  data)
{
  g_autoptr(JsonNode) yes = json_node_init_boolean (json_node_alloc (), TRUE);

  g_assert_true (terra_telegram_should_poll (fixture->store));
  terra_store_set_setting (fixture->store, "telegram.webhook", yes, NULL);
  g_assert_false (terra_telegram_should_poll (fixture->store));
  g_unsetenv ("TERRA_SECRET_TELEGRAM_BOT_TOKEN");
  g_assert_false (terra_telegram_should_poll (fixture->store));
}

static void
test_send (PollFixture   *fixture,
           gconstpointer  data)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(FakeChannelRequest) request = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;

  g_assert_true (terra_channel_send (session, fixture->store, TERRA_CHANNEL_TELEGRAM, "987654321",
                                     "Saturday 10:00 is yours, Priya!", &id, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (id, "987654321:"));

  request = fake_channel_server_get_request (fixture->fake, FAKE_SERVICE_TELEGRAM, "/sendMessage", 0);
  g_assert_cmpstr (request->path, ==, "/bot" FAKE_TELEGRAM_TOKEN "/sendMessage");
  root = fake_channel_request_get_json (request);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (root), "chat_id"), ==, "987654321");
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (root), "text"), ==,
                   "Saturday 10:00 is yours, Priya!");
}

static void
test_send_errors (PollFixture   *fixture,
                  gconstpointer  data)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;

  fake_channel_server_fail_next (fixture->fake, FAKE_SERVICE_TELEGRAM, 403,
                                 "{\"ok\":false,\"error_code\":403,\"description\":\"Forbidden: bot was blocked by the user\"}");
  g_assert_false (terra_telegram_send (session, fixture->store, "987654321", "Hi", &id, NULL, &error));
  g_assert_error (error, TERRA_CHANNEL_ERROR, TERRA_CHANNEL_ERROR_PERMANENT);
  g_assert_nonnull (strstr (error->message, "blocked"));
  g_clear_error (&error);

  fake_channel_server_fail_next (fixture->fake, FAKE_SERVICE_TELEGRAM, 429,
                                 "{\"ok\":false,\"error_code\":429,\"description\":\"Too Many Requests: retry after 5\","
                                 "\"parameters\":{\"retry_after\":5}}");
  g_assert_false (terra_telegram_send (session, fixture->store, "987654321", "Hi", &id, NULL, &error));
  g_assert_error (error, TERRA_CHANNEL_ERROR, TERRA_CHANNEL_ERROR_RETRY);
  g_clear_error (&error);

  g_setenv ("TERRA_SECRET_TELEGRAM_BOT_TOKEN", "123456:revoked", TRUE);
  g_assert_false (terra_telegram_send (session, fixture->store, "987654321", "Hi", &id, NULL, &error));
  g_assert_error (error, TERRA_CHANNEL_ERROR, TERRA_CHANNEL_ERROR_NOT_CONFIGURED);
  /* The token is part of the address; it never shows in a message. */
  g_assert_null (strstr (error->message, "revoked"));
  g_clear_error (&error);

  g_assert_false (terra_telegram_send (session, fixture->store, "987654321", "", &id, NULL, &error));
  g_assert_error (error, TERRA_CHANNEL_ERROR, TERRA_CHANNEL_ERROR_PERMANENT);
  g_assert_null (id);
  g_assert_cmpuint (fake_channel_server_get_n_requests (fixture->fake, FAKE_SERVICE_TELEGRAM, NULL), ==, 3);
}

/* End to end in the running app: a Telegram message fetched by the
 * runtime's poller is answered by the engine, and the answer reaches the
 * lead's chat through the outbox and sendMessage. */
static void
test_runtime_answers (PollFixture   *fixture,
                      gconstpointer  data)
{
  g_autoptr(TerraRuntime) runtime = terra_runtime_new (fixture->workspace);
  g_autoptr(GError) error = NULL;
  g_autoptr(FakeChannelRequest) sent = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(TerraQuery) query = terra_query_new (TERRA_TYPE_MESSAGE);
  g_autoptr(GPtrArray) replies = NULL;
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  TerraMessage *reply;

  terra_runtime_set_server_address (runtime, "127.0.0.1", 0);
  g_assert_true (terra_runtime_start (runtime, &error));
  g_assert_no_error (error);
  add_update (fixture, 1, 555000111, "Kiran", "Hi, what are your opening hours?");

  while (fake_channel_server_get_n_requests (fixture->fake, FAKE_SERVICE_TELEGRAM, "/sendMessage") == 0)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (20 * 1000);
    }
  terra_runtime_stop (runtime);

  sent = fake_channel_server_get_request (fixture->fake, FAKE_SERVICE_TELEGRAM, "/sendMessage", 0);
  root = fake_channel_request_get_json (sent);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (root), "chat_id"), ==, "555000111");
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (root), "text"), !=, "");

  /* The reply in the conversation is the text that was sent. */
  terra_query_where_enum (query, "direction", TERRA_TYPE_DIRECTION, TERRA_DIRECTION_OUTBOUND);
  replies = terra_store_list (fixture->store, query, NULL);
  g_assert_cmpuint (replies->len, >=, 1);
  reply = g_ptr_array_index (replies, 0);
  g_assert_cmpint (terra_message_get_channel (reply), ==, TERRA_CHANNEL_TELEGRAM);
  g_assert_cmpstr (terra_message_get_body (reply), ==,
                   json_object_get_string_member (json_node_get_object (root), "text"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/terra-test-bus", TRUE);
  g_setenv ("TERRA_SECRET_TELEGRAM_WEBHOOK_SECRET", WEBHOOK_SECRET, TRUE);
  g_setenv ("TERRA_SECRET_API_KEY", "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", TRUE);

#define ADD(path, func) g_test_add ("/telegram/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("webhook/message", test_webhook_message);
  ADD ("webhook/secret", test_webhook_secret);
  ADD ("webhook/malformed", test_webhook_malformed);
#undef ADD
#define ADD(path, func) g_test_add ("/telegram/" path, PollFixture, NULL, poll_set_up, func, poll_tear_down)
  ADD ("poll/offset-survives-restart", test_poll_and_restart);
  ADD ("poll/redelivery", test_poll_redelivery);
  ADD ("poll/recovers", test_poll_recovers);
  ADD ("poll/stop", test_stop_while_waiting);
  ADD ("poll/no-token", test_no_token);
  ADD ("poll/should-poll", test_should_poll);
  ADD ("send/text", test_send);
  ADD ("runtime/answers", test_runtime_answers);
  ADD ("send/errors", test_send_errors);
#undef ADD

  return g_test_run ();
}
