/* test-event-webhooks.c — signed event webhooks: which events are queued,
 * what the receiver gets, retries, refusals
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A fake receiver on loopback records each POST; the test checks it the way
 * a receiver would: the signature over the raw body with the shared secret,
 * the headers, and the event's fields.
 */

#include "config.h"

#include "fake-provider-server.h"
#include "terra-event-webhooks.h"
#include "terra-inbound.h"
#include "terra-outbox.h"
#include "terra-setting-keys.h"
#include "terra-store-outbox.h"
#include "terra-test-utils.h"

#define SECRET "test-signing-secret-of-this-workspace"
#define WAIT_TIMEOUT (10 * G_USEC_PER_SEC)
#define BASE_DELAY (100 * G_TIME_SPAN_MILLISECOND)

typedef struct
{
  TerraTestWorkspace *workspace;
  FakeProviderServer *receiver;
  TerraOutbox        *outbox;
} Fixture;

static void
set_setting (TerraStore *store,
             const char *key,
             const char *text)
{
  g_autoptr(JsonNode) value = NULL;
  g_autoptr(GError) error = NULL;

  value = terra_setting_keys_parse (key, text, &error);
  g_assert_no_error (error);
  g_assert_true (terra_store_set_setting (store, key, value, &error));
  g_assert_no_error (error);
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autofree char *url = NULL;

  fixture->workspace = terra_test_workspace_new ();
  fixture->receiver = fake_provider_server_new ();
  fake_provider_server_set_fallback_json (fixture->receiver, 200, NULL, "{\"ok\": true}");
  url = fake_provider_server_get_url (fixture->receiver, "/hooks/terra");
  set_setting (terra_workspace_get_store (fixture->workspace), "webhooks.url", url);
  /* Everything but the daily summary, which the outbox would queue at
   * start and which has a test of its own. */
  set_setting (terra_workspace_get_store (fixture->workspace), "webhooks.events",
               "message.received,lead.qualified,lead.hot,booking.created,booking.cancelled,handoff.requested");

  fixture->outbox = terra_outbox_new (fixture->workspace);
  terra_outbox_set_retry_policy (fixture->outbox, BASE_DELAY, 10 * G_USEC_PER_SEC, 3);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  terra_outbox_stop (fixture->outbox);
  g_clear_object (&fixture->outbox);
  g_clear_pointer (&fixture->receiver, fake_provider_server_free);
  g_clear_pointer (&fixture->workspace, terra_test_workspace_free);
}

static TerraStore *
fixture_store (Fixture *fixture)
{
  return terra_workspace_get_store (fixture->workspace);
}

static TerraIngestResult
receive (TerraStore *store,
         const char *from,
         const char *text)
{
  g_autoptr(GError) error = NULL;
  TerraInboundMessage inbound = { 0 };
  TerraIngestResult result = { 0 };

  inbound.channel = TERRA_CHANNEL_SMS;
  inbound.from = from;
  inbound.name = "Ravi Menon";
  inbound.text = text;
  g_assert_true (terra_store_ingest_message (store, &inbound, &result, &error));
  g_assert_no_error (error);
  return result;
}

static GPtrArray *
webhook_rows (TerraStore *store)
{
  g_autoptr(TerraQuery) query = terra_query_new (TERRA_TYPE_OUTBOX_ITEM);
  g_autoptr(GError) error = NULL;
  GPtrArray *items;

  terra_query_where_enum (query, "kind", TERRA_TYPE_OUTBOX_KIND, TERRA_OUTBOX_WEBHOOK);
  terra_query_order_by (query, "id", FALSE);
  items = terra_store_list (store, query, &error);
  g_assert_no_error (error);
  return items;
}

static JsonObject *
parse_object (const char *json,
              JsonNode  **holder)
{
  *holder = json_from_string (json, NULL);
  g_assert_nonnull (*holder);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (*holder));
  return json_node_get_object (*holder);
}

static void
start_outbox (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (terra_outbox_start (fixture->outbox, &error));
  g_assert_no_error (error);
}

static void
wait_for_requests (Fixture *fixture,
                   guint    n_requests)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_TIMEOUT;

  while (fake_provider_server_get_n_requests (fixture->receiver) < n_requests)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      terra_test_iterate_main_context ();
      g_usleep (5 * G_TIME_SPAN_MILLISECOND);
    }
}

static void
wait_for_row_status (TerraStore        *store,
                     guint              index,
                     TerraOutboxStatus  status)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_TIMEOUT;

  for (;;)
    {
      g_autoptr(GPtrArray) rows = webhook_rows (store);

      if (rows->len > index && terra_outbox_item_get_status (rows->pdata[index]) == status)
        return;
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      terra_test_iterate_main_context ();
      g_usleep (5 * G_TIME_SPAN_MILLISECOND);
    }
}

/* What a receiver checks: the signature of the raw body with the shared
 * secret, and that the headers name the body's event. Returns the body's
 * object, held by *holder. */
static JsonObject *
verify_request (const FakeRequest  *request,
                JsonNode          **holder)
{
  g_autoptr(GHmac) hmac = g_hmac_new (G_CHECKSUM_SHA256, (const guchar *)SECRET, strlen (SECRET));
  g_autofree char *expected = NULL;
  JsonObject *event;

  g_assert_cmpstr (request->method, ==, "POST");
  g_assert_cmpstr (request->path, ==, "/hooks/terra");
  g_assert_true (g_str_has_prefix (fake_request_get_header (request, "Content-Type"), "application/json"));

  g_hmac_update (hmac, (const guchar *)request->body, strlen (request->body));
  expected = g_strconcat ("sha256=", g_hmac_get_string (hmac), NULL);
  g_assert_cmpstr (fake_request_get_header (request, "X-Terra-Signature"), ==, expected);

  event = parse_object (request->body, holder);
  g_assert_cmpstr (fake_request_get_header (request, "X-Terra-Event"), ==,
                   json_object_get_string_member (event, "type"));
  g_assert_cmpstr (fake_request_get_header (request, "X-Terra-Delivery"), ==,
                   json_object_get_string_member (event, "id"));
  g_assert_true (g_str_has_prefix (json_object_get_string_member (event, "id"), "evt_"));
  g_assert_true (g_str_has_suffix (json_object_get_string_member (event, "created_at"), "Z"));
  g_assert_true (json_object_has_member (event, "data"));
  return event;
}

/* The HMAC is the standard one (RFC 4231-style check with a known vector). */
static void
test_signature (void)
{
  const char *body = "The quick brown fox jumps over the lazy dog";
  g_autofree char *signature = terra_event_webhooks_sign ("key", body, strlen (body));

  g_assert_cmpstr (signature, ==, "sha256=f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8");
}

/* Nothing is queued without an address; the event list filters; the
 * setting refuses unknown events. */
static void
test_subscription (Fixture       *fixture,
                   gconstpointer  data)
{
  TerraStore *store = fixture_store (fixture);
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) refused = NULL;
  g_autoptr(JsonNode) holder = NULL;
  gboolean queued = TRUE;
  JsonObject *event;

  set_setting (store, "webhooks.url", "");
  receive (store, "+14155550111", "Hello?");
  g_assert_true (terra_store_queue_event_webhook (store, "summary.daily", "{}", &error));
  g_assert_no_error (error);
  rows = webhook_rows (store);
  g_assert_cmpuint (rows->len, ==, 0);
  g_clear_pointer (&rows, g_ptr_array_unref);

  set_setting (store, "webhooks.url", "https://example.com/terra");
  set_setting (store, "webhooks.events", "booking.created, summary.daily");
  receive (store, "+14155550111", "Still there?");
  rows = webhook_rows (store);
  g_assert_cmpuint (rows->len, ==, 0);
  g_clear_pointer (&rows, g_ptr_array_unref);

  g_assert_true (terra_store_queue_event_webhook_once (store, "summary.daily", "2026-11-21",
                                                       "{\"conversations\": 4}", &queued, &error));
  g_assert_true (queued);
  g_assert_true (terra_store_queue_event_webhook_once (store, "summary.daily", "2026-11-21",
                                                       "{\"conversations\": 4}", &queued, &error));
  g_assert_false (queued);
  rows = webhook_rows (store);
  g_assert_cmpuint (rows->len, ==, 1);
  event = parse_object (terra_outbox_item_get_payload (rows->pdata[0]), &holder);
  g_assert_cmpstr (json_object_get_string_member (event, "type"), ==, "summary.daily");
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (event, "data"), "conversations"), ==, 4);

  g_assert_false (terra_store_queue_event_webhook (store, "lead.cold", "{}", &error));
  g_assert_error (error, TERRA_STORE_ERROR, TERRA_STORE_ERROR_INVALID);
  g_clear_error (&error);
  refused = terra_setting_keys_parse ("webhooks.events", "message.received,lead.cold", &error);
  g_assert_null (refused);
  g_assert_error (error, TERRA_STORE_ERROR, TERRA_STORE_ERROR_INVALID);
}

/* Events from messages, leads, bookings and handoffs reach the receiver,
 * signed, with their data. */
static void
test_delivery (Fixture       *fixture,
               gconstpointer  data)
{
  TerraStore *store = fixture_store (fixture);
  g_autoptr(GError) error = NULL;
  g_autoptr(TerraContact) contact = NULL;
  g_autoptr(GHashTable) types = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  TerraIngestResult result;
  guint n;

  start_outbox (fixture);
  result = receive (store, "+14155550112", "I'd like to see the 2-bedroom on Friday");

  /* The lead turns hot and qualified in one update. */
  contact = terra_store_get (store, TERRA_TYPE_CONTACT, result.contact_id, &error);
  g_object_set (contact, "temperature", TERRA_TEMPERATURE_HOT, "score", 85,
                "qualified-at", g_get_real_time (), NULL);
  g_assert_true (terra_store_update (store, contact, &error));
  g_assert_no_error (error);

  g_assert_true (terra_store_log_event (store, "handoff.requested", result.contact_id, result.conversation_id,
                                        "{\"reason\": \"asked for a human\"}", &error));
  g_assert_no_error (error);

  wait_for_requests (fixture, 4);
  g_usleep (100 * G_TIME_SPAN_MILLISECOND);
  n = fake_provider_server_get_n_requests (fixture->receiver);
  g_assert_cmpuint (n, ==, 4);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(JsonNode) holder = NULL;
      JsonObject *event = verify_request (fake_provider_server_get_request (fixture->receiver, i), &holder);
      const char *type = json_object_get_string_member (event, "type");
      JsonObject *event_data = json_object_get_object_member (event, "data");

      g_hash_table_add (types, g_strdup (type));
      if (g_str_equal (type, "message.received"))
        {
          g_assert_cmpstr (json_object_get_string_member (event_data, "text"), ==,
                           "I'd like to see the 2-bedroom on Friday");
          g_assert_cmpint (json_object_get_int_member (event_data, "message_id"), ==, result.message_id);
          g_assert_cmpint (json_object_get_int_member (event_data, "contact_id"), ==, result.contact_id);
          g_assert_cmpstr (json_object_get_string_member (event_data, "channel"), ==, "sms");
        }
      else if (g_str_equal (type, "lead.hot") || g_str_equal (type, "lead.qualified"))
        {
          g_assert_cmpstr (json_object_get_string_member (event_data, "name"), ==, "Ravi Menon");
          g_assert_cmpint (json_object_get_int_member (event_data, "score"), ==, 85);
          g_assert_cmpint (json_object_get_int_member (event_data, "conversation_id"), ==, result.conversation_id);
        }
      else if (g_str_equal (type, "handoff.requested"))
        {
          g_assert_cmpstr (json_object_get_string_member (event_data, "reason"), ==, "asked for a human");
          g_assert_cmpint (json_object_get_int_member (event_data, "conversation_id"), ==, result.conversation_id);
        }
    }
  g_assert_true (g_hash_table_contains (types, "message.received"));
  g_assert_true (g_hash_table_contains (types, "lead.hot"));
  g_assert_true (g_hash_table_contains (types, "lead.qualified"));
  g_assert_true (g_hash_table_contains (types, "handoff.requested"));
  g_assert_cmpint (terra_store_outbox_count (store, TERRA_OUTBOX_SENT, NULL), ==, 4);
}

/* A 500 is retried with the very same body and delivery id, so receivers
 * can drop duplicates; Retry-After is honoured. */
static void
test_retry_same_delivery (Fixture       *fixture,
                          gconstpointer  data)
{
  TerraStore *store = fixture_store (fixture);
  g_autoptr(JsonNode) first_holder = NULL;
  g_autoptr(JsonNode) second_holder = NULL;
  const FakeRequest *first, *second;

  fake_provider_server_queue_json (fixture->receiver, 500, NULL, "{\"error\": \"oops\"}");
  fake_provider_server_queue_json (fixture->receiver, 503, "Retry-After: 1", "{\"error\": \"later\"}");
  receive (fixture_store (fixture), "+14155550113", "Price?");
  start_outbox (fixture);
  wait_for_row_status (store, 0, TERRA_OUTBOX_SENT);

  g_assert_cmpuint (fake_provider_server_get_n_requests (fixture->receiver), ==, 3);
  first = fake_provider_server_get_request (fixture->receiver, 0);
  second = fake_provider_server_get_request (fixture->receiver, 2);
  verify_request (first, &first_holder);
  verify_request (second, &second_holder);
  g_assert_cmpstr (first->body, ==, second->body);
  g_assert_cmpstr (fake_request_get_header (first, "X-Terra-Delivery"), ==,
                   fake_request_get_header (second, "X-Terra-Delivery"));
  /* The receiver asked for a second's pause, longer than the backoff. */
  g_assert_cmpint (second->time - fake_provider_server_get_request (fixture->receiver, 1)->time, >=,
                   G_USEC_PER_SEC * 8 / 10);
}

/* A receiver that keeps failing: given up after the limit, and the owner
 * is told; 410 Gone stops at once. */
static void
test_dead_letters (Fixture       *fixture,
                   gconstpointer  data)
{
  TerraStore *store = fixture_store (fixture);
  g_autoptr(TerraQuery) query = terra_query_new (TERRA_TYPE_EVENT_RECORD);
  g_autoptr(GPtrArray) failures = NULL;
  g_autoptr(GPtrArray) rows = NULL;

  fake_provider_server_set_fallback_json (fixture->receiver, 500, NULL, "{}");
  receive (store, "+14155550114", "First");
  start_outbox (fixture);
  wait_for_row_status (store, 0, TERRA_OUTBOX_DEAD);
  g_assert_cmpuint (fake_provider_server_get_n_requests (fixture->receiver), ==, 3);

  fake_provider_server_set_fallback_json (fixture->receiver, 410, NULL, "{}");
  receive (store, "+14155550115", "Second");
  wait_for_row_status (store, 1, TERRA_OUTBOX_DEAD);
  g_assert_cmpuint (fake_provider_server_get_n_requests (fixture->receiver), ==, 4);

  rows = webhook_rows (store);
  g_assert_cmpint (terra_outbox_item_get_attempts (rows->pdata[1]), ==, 1);
  g_assert_nonnull (strstr (terra_outbox_item_get_last_error (rows->pdata[1]), "410"));

  terra_query_where_text (query, "kind", TERRA_QUERY_EQ, "webhook.failed");
  terra_query_order_by (query, "id", FALSE);
  failures = terra_store_list (store, query, NULL);
  g_assert_cmpuint (failures->len, ==, 2);
  g_assert_nonnull (strstr (terra_event_record_get_payload (failures->pdata[0]), "\"event_type\":\"message.received\""));
  g_assert_nonnull (strstr (terra_event_record_get_payload (failures->pdata[0]), "attempts_exhausted"));
}

/* Yesterday's totals, in the business time zone, once per day. */
static void
test_daily_summary (Fixture       *fixture,
                    gconstpointer  data)
{
  TerraStore *store = fixture_store (fixture);
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier ("Asia/Kolkata");
  g_autoptr(GDateTime) before = g_date_time_new (zone, 2026, 3, 8, 23, 50, 0);
  g_autoptr(GDateTime) during = g_date_time_new (zone, 2026, 3, 9, 15, 30, 0);
  g_autoptr(GDateTime) after = g_date_time_new (zone, 2026, 3, 10, 0, 10, 0);
  g_autoptr(GDateTime) next_morning = g_date_time_new (zone, 2026, 3, 10, 2, 0, 0);
  g_autoptr(TerraContact) contact = terra_contact_new ();
  g_autoptr(TerraConversation) conversation = terra_conversation_new ();
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(JsonNode) holder = NULL;
  g_autoptr(GError) error = NULL;
  GDateTime *times[] = { before, during, during, after };
  gboolean queued = FALSE;
  JsonObject *event, *summary;

  set_setting (store, "business.timezone", "Asia/Kolkata");
  set_setting (store, "webhooks.events", "summary.daily");

  /* Two messages on the 9th (local), one just before and one just after. */
  terra_contact_set_name (contact, "Meera");
  g_assert_true (terra_store_insert (store, contact, &error));
  g_object_set (conversation, "contact-id", terra_contact_get_id (contact), "channel", TERRA_CHANNEL_TELEGRAM,
                "created-at", g_date_time_to_unix (during) * G_USEC_PER_SEC, NULL);
  g_assert_true (terra_store_insert (store, conversation, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (times); i++)
    {
      g_autoptr(TerraMessage) message = terra_message_new ();

      g_object_set (message, "conversation-id", terra_conversation_get_id (conversation),
                    "direction", TERRA_DIRECTION_INBOUND, "author", TERRA_AUTHOR_LEAD,
                    "channel", TERRA_CHANNEL_TELEGRAM, "body", "Do you have weekend slots?",
                    "created-at", g_date_time_to_unix (times[i]) * G_USEC_PER_SEC, NULL);
      g_assert_true (terra_store_insert (store, message, &error));
      g_assert_no_error (error);
    }

  g_assert_true (terra_event_webhooks_queue_daily_summary (store, g_date_time_to_unix (next_morning) * G_USEC_PER_SEC,
                                                           &queued, &error));
  g_assert_no_error (error);
  g_assert_true (queued);
  g_assert_true (terra_event_webhooks_queue_daily_summary (store, g_date_time_to_unix (next_morning) * G_USEC_PER_SEC,
                                                           &queued, &error));
  g_assert_false (queued);

  rows = webhook_rows (store);
  g_assert_cmpuint (rows->len, ==, 1);
  event = parse_object (terra_outbox_item_get_payload (rows->pdata[0]), &holder);
  g_assert_cmpstr (json_object_get_string_member (event, "type"), ==, "summary.daily");
  summary = json_object_get_object_member (event, "data");
  g_assert_cmpstr (json_object_get_string_member (summary, "date"), ==, "2026-03-09");
  g_assert_cmpstr (json_object_get_string_member (summary, "time_zone"), ==, "Asia/Kolkata");
  g_assert_cmpint (json_object_get_int_member (summary, "messages_received"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (summary, "conversations_started"), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  /* The signing secret comes from the environment override, as on a
   * server; the receiver knows the same value. */
  g_setenv ("TERRA_SECRET_WEBHOOK_SIGNING_SECRET", SECRET, TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/event-webhooks/signature", test_signature);
#define ADD(path, func) g_test_add ("/event-webhooks/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("subscription", test_subscription);
  ADD ("delivery", test_delivery);
  ADD ("retry-same-delivery", test_retry_same_delivery);
  ADD ("dead-letters", test_dead_letters);
  ADD ("daily-summary", test_daily_summary);
#undef ADD

  return g_test_run ();
}
