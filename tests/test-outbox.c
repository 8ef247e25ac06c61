/* test-outbox.c — durable delivery of replies: rows made by the schema,
 * order per conversation, backoff, dead letters, restarts
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The outbox sends through a small sender that POSTs each message over
 * loopback to a fake provider, which records what it got and answers what
 * the test queued (500s, 400s, or a closed port for a network failure).
 */

#include "config.h"

#include <gio/gio.h>

#include "fake-provider-server.h"
#include "terra-channel-senders.h"
#include "terra-desk.h"
#include "terra-inbound.h"
#include "terra-outbox.h"
#include "terra-setting-keys.h"
#include "terra-store-outbox.h"
#include "terra-test-utils.h"

#define WAIT_TIMEOUT (10 * G_USEC_PER_SEC)
#define BASE_DELAY (100 * G_TIME_SPAN_MILLISECOND)

/* Where fake_send() POSTs; swapped by the network-failure test while the
 * outbox thread runs. */
static GMutex send_lock;
static char *send_url;

static void
set_send_url (const char *url)
{
  g_mutex_lock (&send_lock);
  g_free (send_url);
  send_url = g_strdup (url);
  g_mutex_unlock (&send_lock);
}

/* A channel sender with the provider's error mapping: 2xx sent (the answer's
 * "id" is the provider's id), 5xx retry, 403 the WhatsApp window, other 4xx
 * permanent, and network errors as they come. */
static gboolean
fake_send (SoupSession   *session,
           TerraStore    *store,
           TerraChannel   channel,
           const char    *to,
           const char    *text,
           char         **out_external_id,
           GCancellable  *cancellable,
           GError       **error)
{
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) parsed = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autofree char *url = NULL;
  char *json;
  guint status;

  g_mutex_lock (&send_lock);
  url = g_strdup (send_url);
  g_mutex_unlock (&send_lock);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "channel");
  json_builder_add_string_value (builder, terra_enum_to_nick (TERRA_TYPE_CHANNEL, channel));
  json_builder_set_member_name (builder, "to");
  json_builder_add_string_value (builder, to);
  json_builder_set_member_name (builder, "text");
  json_builder_add_string_value (builder, text);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json = json_to_string (root, FALSE);
  body = g_bytes_new_take (json, strlen (json));

  message = soup_message_new (SOUP_METHOD_POST, url);
  soup_message_set_request_body_from_bytes (message, "application/json", body);
  answer = soup_session_send_and_read (session, message, cancellable, error);
  if (answer == NULL)
    return FALSE;

  status = soup_message_get_status (message);
  if (SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      g_autofree char *text_answer = g_strndup (g_bytes_get_data (answer, NULL), g_bytes_get_size (answer));

      /* Real providers never repeat an id; the fake's fixed answer is made
       * unique with the text. */
      parsed = json_from_string (text_answer, NULL);
      if (parsed != NULL && JSON_NODE_HOLDS_OBJECT (parsed))
        *out_external_id = g_strdup_printf ("%s-%s",
                                            json_object_get_string_member_with_default (json_node_get_object (parsed),
                                                                                        "id", ""),
                                            text);
      return TRUE;
    }
  if (status >= 500 || status == 429)
    g_set_error (error, TERRA_CHANNEL_ERROR, TERRA_CHANNEL_ERROR_RETRY, "provider answered %u", status);
  else if (status == 403)
    g_set_error (error, TERRA_CHANNEL_ERROR, TERRA_CHANNEL_ERROR_WINDOW_CLOSED, "24-hour window closed");
  else
    g_set_error (error, TERRA_CHANNEL_ERROR, TERRA_CHANNEL_ERROR_PERMANENT, "provider refused: %u", status);
  return FALSE;
}

typedef struct
{
  TerraTestWorkspace *workspace;
  FakeProviderServer *server;
  TerraOutbox        *outbox;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autofree char *url = NULL;

  fixture->workspace = terra_test_workspace_new ();
  fixture->server = fake_provider_server_new ();
  url = fake_provider_server_get_url (fixture->server, "/send");
  set_send_url (url);
  fake_provider_server_set_fallback_json (fixture->server, 200, NULL, "{\"id\": \"ok\"}");

  fixture->outbox = terra_outbox_new (fixture->workspace);
  terra_outbox_set_send_func (fixture->outbox, fake_send);
  terra_outbox_set_retry_policy (fixture->outbox, BASE_DELAY, 10 * G_USEC_PER_SEC, 4);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  terra_outbox_stop (fixture->outbox);
  g_clear_object (&fixture->outbox);
  g_clear_pointer (&fixture->server, fake_provider_server_free);
  g_clear_pointer (&fixture->workspace, terra_test_workspace_free);
}

static TerraStore *
fixture_store (Fixture *fixture)
{
  return terra_workspace_get_store (fixture->workspace);
}

/* A lead who wrote on @channel from @address; returns the conversation. */
static gint64
start_conversation (TerraStore   *store,
                    TerraChannel  channel,
                    const char   *address)
{
  g_autoptr(GError) error = NULL;
  TerraInboundMessage inbound = { 0 };
  TerraIngestResult result = { 0 };

  inbound.channel = channel;
  inbound.from = address;
  inbound.name = "Asha Rao";
  inbound.text = "Is the flat on Elm Street still available?";
  g_assert_true (terra_store_ingest_message (store, &inbound, &result, &error));
  g_assert_no_error (error);
  return result.conversation_id;
}

static gint64
add_reply (TerraStore    *store,
           gint64         conversation_id,
           TerraChannel   channel,
           const char    *text,
           TerraDelivery  delivery)
{
  g_autoptr(TerraMessage) reply = terra_message_new ();
  g_autoptr(GError) error = NULL;

  terra_message_set_conversation_id (reply, conversation_id);
  terra_message_set_direction (reply, TERRA_DIRECTION_OUTBOUND);
  terra_message_set_author (reply, TERRA_AUTHOR_ASSISTANT);
  terra_message_set_channel (reply, channel);
  terra_message_set_body (reply, text);
  terra_message_set_delivery (reply, delivery);
  g_assert_true (terra_store_insert (store, reply, &error));
  g_assert_no_error (error);
  return terra_message_get_id (reply);
}

static GPtrArray *
list_outbox (TerraStore *store)
{
  g_autoptr(TerraQuery) query = terra_query_new (TERRA_TYPE_OUTBOX_ITEM);
  g_autoptr(GError) error = NULL;
  GPtrArray *items;

  terra_query_order_by (query, "id", FALSE);
  items = terra_store_list (store, query, &error);
  g_assert_no_error (error);
  return items;
}

static TerraOutboxItem *
item_for_message (TerraStore *store,
                  gint64      message_id)
{
  g_autoptr(GPtrArray) items = list_outbox (store);

  for (guint i = 0; i < items->len; i++)
    if (terra_outbox_item_get_message_id (items->pdata[i]) == message_id)
      return g_object_ref (items->pdata[i]);
  return NULL;
}

static TerraDelivery
delivery_of (TerraStore *store,
             gint64      message_id)
{
  g_autoptr(TerraMessage) message = terra_store_get (store, TERRA_TYPE_MESSAGE, message_id, NULL);

  g_assert_nonnull (message);
  return terra_message_get_delivery (message);
}

static TerraOutboxStatus
status_of (TerraStore *store,
           gint64      message_id)
{
  g_autoptr(TerraOutboxItem) item = item_for_message (store, message_id);

  g_assert_nonnull (item);
  return terra_outbox_item_get_status (item);
}

/* Waits, running the main context (change events wake the outbox through
 * it), until the message's row reaches @status. */
static void
wait_for_status (TerraStore        *store,
                 gint64             message_id,
                 TerraOutboxStatus  status)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_TIMEOUT;

  while (status_of (store, message_id) != status)
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("message %" G_GINT64_FORMAT ": outbox status %s, expected %s", message_id,
                 terra_enum_to_nick (TERRA_TYPE_OUTBOX_STATUS, status_of (store, message_id)),
                 terra_enum_to_nick (TERRA_TYPE_OUTBOX_STATUS, status));
      terra_test_iterate_main_context ();
      g_usleep (5 * G_TIME_SPAN_MILLISECOND);
    }
}

static const char *
request_text (FakeProviderServer *server,
              guint               index,
              char              **to)
{
  const FakeRequest *request = fake_provider_server_get_request (server, index);
  g_autoptr(JsonNode) body = fake_request_get_json (request);
  static char text[256];
  JsonObject *object;

  g_assert_nonnull (body);
  object = json_node_get_object (body);
  g_strlcpy (text, json_object_get_string_member (object, "text"), sizeof text);
  if (to != NULL)
    *to = g_strdup (json_object_get_string_member (object, "to"));
  return text;
}

static gboolean
has_event (TerraStore  *store,
           const char  *kind,
           const char  *needle)
{
  g_autoptr(TerraQuery) query = terra_query_new (TERRA_TYPE_EVENT_RECORD);
  g_autoptr(GPtrArray) events = NULL;

  terra_query_where_text (query, "kind", TERRA_QUERY_EQ, kind);
  events = terra_store_list (store, query, NULL);
  for (guint i = 0; events != NULL && i < events->len; i++)
    if (needle == NULL || strstr (terra_event_record_get_payload (events->pdata[i]), needle) != NULL)
      return TRUE;
  return FALSE;
}

static void
start_outbox (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (terra_outbox_start (fixture->outbox, &error));
  g_assert_no_error (error);
}

/* Which replies get a row: pending outbound messages on the channels that
 * need a network delivery, in the transaction that made them pending. */
static void
test_rows_from_triggers (Fixture       *fixture,
                         gconstpointer  data)
{
  TerraStore *store = fixture_store (fixture);
  gint64 telegram = start_conversation (store, TERRA_CHANNEL_TELEGRAM, "4242");
  gint64 webchat = start_conversation (store, TERRA_CHANNEL_WEBCHAT, "visitor-1");
  g_autoptr(TerraOutboxItem) item = NULL;
  g_autoptr(TerraMessage) draft_message = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;
  gint64 rolled_back, reply, draft, web_reply;

  /* The inbound messages made none. */
  items = list_outbox (store);
  g_assert_cmpuint (items->len, ==, 0);
  g_clear_pointer (&items, g_ptr_array_unref);

  /* A reply's row shares its transaction: rolled back together. */
  g_assert_true (terra_store_begin (store, &error));
  rolled_back = add_reply (store, telegram, TERRA_CHANNEL_TELEGRAM, "Yes, it is!", TERRA_DELIVERY_PENDING);
  item = item_for_message (store, rolled_back);
  g_assert_nonnull (item);
  g_clear_object (&item);
  terra_store_rollback (store);
  items = list_outbox (store);
  g_assert_cmpuint (items->len, ==, 0);
  g_clear_pointer (&items, g_ptr_array_unref);

  reply = add_reply (store, telegram, TERRA_CHANNEL_TELEGRAM, "Yes, it is!", TERRA_DELIVERY_PENDING);
  item = item_for_message (store, reply);
  g_assert_nonnull (item);
  g_assert_cmpint (terra_outbox_item_get_kind (item), ==, TERRA_OUTBOX_MESSAGE);
  g_assert_cmpint (terra_outbox_item_get_status (item), ==, TERRA_OUTBOX_PENDING);
  g_assert_cmpint (terra_outbox_item_get_conversation_id (item), ==, telegram);
  g_assert_cmpstr (terra_outbox_item_get_channel (item), ==, "telegram");
  g_assert_true (g_str_has_prefix (terra_outbox_item_get_idempotency_key (item), "message:"));

  /* The web chat pushes its own replies over its socket. */
  web_reply = add_reply (store, webchat, TERRA_CHANNEL_WEBCHAT, "Hello visitor", TERRA_DELIVERY_PENDING);
  g_assert_null (item_for_message (store, web_reply));

  /* A draft waits for approval without a row; approving it adds one, once. */
  draft = add_reply (store, telegram, TERRA_CHANNEL_TELEGRAM, "Shall I book Tuesday?", TERRA_DELIVERY_NONE);
  g_assert_null (item_for_message (store, draft));
  draft_message = terra_store_get (store, TERRA_TYPE_MESSAGE, draft, &error);
  terra_message_set_draft (draft_message, TERRA_DRAFT_APPROVED);
  terra_message_set_delivery (draft_message, TERRA_DELIVERY_PENDING);
  g_assert_true (terra_store_update (store, draft_message, &error));
  g_assert_no_error (error);
  g_assert_true (terra_store_update (store, draft_message, &error));
  items = list_outbox (store);
  g_assert_cmpuint (items->len, ==, 2);
  g_assert_cmpint (terra_outbox_item_get_message_id (items->pdata[1]), ==, draft);
}

/* Rows leave in order within a conversation; one failing conversation
 * does not hold up another; a 500 is retried after a backoff. */
static void
test_order_and_retry (Fixture       *fixture,
                      gconstpointer  data)
{
  TerraStore *store = fixture_store (fixture);
  gint64 first = start_conversation (store, TERRA_CHANNEL_SMS, "+14155550101");
  gint64 second = start_conversation (store, TERRA_CHANNEL_WHATSAPP, "+14155550102");
  const char *first_texts[] = { "A1", "A2", "A3" };
  const char *second_texts[] = { "B1", "B2", "B3" };
  gint64 first_ids[3], second_ids[3];
  GPtrArray *seen_first = g_ptr_array_new_with_free_func (g_free);
  GPtrArray *seen_second = g_ptr_array_new_with_free_func (g_free);
  gint64 a1_times[2] = { 0 };
  guint a1_count = 0;
  guint last_b = 0;

  for (int i = 0; i < 3; i++)
    {
      first_ids[i] = add_reply (store, first, TERRA_CHANNEL_SMS, first_texts[i], TERRA_DELIVERY_PENDING);
      second_ids[i] = add_reply (store, second, TERRA_CHANNEL_WHATSAPP, second_texts[i], TERRA_DELIVERY_PENDING);
    }

  /* The very first request (A1) meets a failing provider. */
  fake_provider_server_queue_json (fixture->server, 500, NULL, "{\"error\": \"busy\"}");
  start_outbox (fixture);
  wait_for_status (store, first_ids[2], TERRA_OUTBOX_SENT);
  wait_for_status (store, second_ids[2], TERRA_OUTBOX_SENT);

  g_assert_cmpuint (fake_provider_server_get_n_requests (fixture->server), ==, 7);
  for (guint i = 0; i < 7; i++)
    {
      g_autofree char *to = NULL;
      const char *text = request_text (fixture->server, i, &to);

      if (g_str_equal (to, "+14155550101"))
        {
          if (g_str_equal (text, "A1"))
            a1_times[a1_count++] = fake_provider_server_get_request (fixture->server, i)->time;
          else
            g_ptr_array_add (seen_first, g_strdup (text));
        }
      else
        {
          g_ptr_array_add (seen_second, g_strdup (text));
          last_b = i;
        }
    }

  /* A1 twice (500, then success), then A2, A3; B in order, and B was not
   * kept waiting behind A's retry. */
  g_assert_cmpuint (a1_count, ==, 2);
  g_assert_cmpuint (seen_first->len, ==, 2);
  g_assert_cmpstr (seen_first->pdata[0], ==, "A2");
  g_assert_cmpstr (seen_first->pdata[1], ==, "A3");
  g_assert_cmpuint (seen_second->len, ==, 3);
  for (int i = 0; i < 3; i++)
    g_assert_cmpstr (seen_second->pdata[i], ==, second_texts[i]);
  g_assert_cmpint (fake_provider_server_get_request (fixture->server, last_b)->time, <, a1_times[1]);
  g_assert_cmpint (a1_times[1] - a1_times[0], >=, BASE_DELAY * 8 / 10);

  /* Sent replies say so, with the provider's id for status reports. */
  for (int i = 0; i < 3; i++)
    {
      g_autoptr(TerraMessage) message = terra_store_get (store, TERRA_TYPE_MESSAGE, first_ids[i], NULL);

      g_autofree char *expected = g_strdup_printf ("ok-%s", first_texts[i]);

      g_assert_cmpint (terra_message_get_delivery (message), ==, TERRA_DELIVERY_SENT);
      g_assert_cmpstr (terra_message_get_external_id (message), ==, expected);
    }
  {
    g_autoptr(TerraOutboxItem) a1 = item_for_message (store, first_ids[0]);

    g_assert_cmpint (terra_outbox_item_get_attempts (a1), ==, 2);
  }

  g_ptr_array_unref (seen_first);
  g_ptr_array_unref (seen_second);
}

/* A provider that keeps failing: attempts spaced by a growing backoff, then
 * the row is dead, the message failed, and the owner is told. */
static void
test_backoff_and_dead_letter (Fixture       *fixture,
                              gconstpointer  data)
{
  TerraStore *store = fixture_store (fixture);
  gint64 conversation = start_conversation (store, TERRA_CHANNEL_SMS, "+14155550103");
  g_autoptr(TerraOutboxItem) item = NULL;
  gint64 reply;

  fake_provider_server_set_fallback_json (fixture->server, 503, NULL, "{\"error\": \"down\"}");
  reply = add_reply (store, conversation, TERRA_CHANNEL_SMS, "See you at 5", TERRA_DELIVERY_PENDING);
  start_outbox (fixture);
  wait_for_status (store, reply, TERRA_OUTBOX_DEAD);

  /* Exactly the limit of 4 attempts, each wait about twice the one before
   * (base 100 ms, ±20 % jitter). */
  g_assert_cmpuint (fake_provider_server_get_n_requests (fixture->server), ==, 4);
  for (guint i = 1; i < 4; i++)
    {
      gint64 gap = fake_provider_server_get_request (fixture->server, i)->time -
                   fake_provider_server_get_request (fixture->server, i - 1)->time;
      gint64 expected = BASE_DELAY << (i - 1);

      g_assert_cmpint (gap, >=, expected * 8 / 10);
      g_assert_cmpint (gap, <=, expected * 12 / 10 + 1500 * G_TIME_SPAN_MILLISECOND);
    }

  item = item_for_message (store, reply);
  g_assert_cmpint (terra_outbox_item_get_attempts (item), ==, 4);
  g_assert_nonnull (strstr (terra_outbox_item_get_last_error (item), "4 attempts"));
  g_assert_cmpint (delivery_of (store, reply), ==, TERRA_DELIVERY_FAILED);
  g_assert_true (has_event (store, "delivery.failed", "\"reason\":\"attempts_exhausted\""));

  /* The owner's "try again" gives it a fresh start. */
  fake_provider_server_set_fallback_json (fixture->server, 200, NULL, "{\"id\": \"SM1\"}");
  g_assert_true (terra_store_outbox_retry (store, terra_outbox_item_get_id (item), NULL));
  g_assert_cmpint (delivery_of (store, reply), ==, TERRA_DELIVERY_PENDING);
  terra_outbox_wake (fixture->outbox);
  wait_for_status (store, reply, TERRA_OUTBOX_SENT);
  g_assert_cmpint (delivery_of (store, reply), ==, TERRA_DELIVERY_SENT);
}

/* A port nobody listens on: connection refused, retried; once the provider
 * is reachable again the message goes out. */
static void
test_network_failure (Fixture       *fixture,
                      gconstpointer  data)
{
  TerraStore *store = fixture_store (fixture);
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dead_url = NULL;
  g_autofree char *live_url = NULL;
  g_autoptr(TerraOutboxItem) item = NULL;
  gint64 conversation = start_conversation (store, TERRA_CHANNEL_TELEGRAM, "777");
  gint64 deadline = g_get_monotonic_time () + WAIT_TIMEOUT;
  guint16 port;
  gint64 reply;

  /* Take a free port and let it go again. */
  port = g_socket_listener_add_any_inet_port (listener, NULL, &error);
  g_assert_no_error (error);
  g_socket_listener_close (listener);
  dead_url = g_strdup_printf ("http://127.0.0.1:%u/send", port);
  set_send_url (dead_url);

  reply = add_reply (store, conversation, TERRA_CHANNEL_TELEGRAM, "Thanks!", TERRA_DELIVERY_PENDING);
  start_outbox (fixture);

  do
    {
      g_clear_object (&item);
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (10 * G_TIME_SPAN_MILLISECOND);
      item = item_for_message (store, reply);
    }
  while (terra_outbox_item_get_status (item) != TERRA_OUTBOX_FAILED);
  g_assert_cmpstr (terra_outbox_item_get_last_error (item), !=, "");
  g_assert_cmpint (delivery_of (store, reply), ==, TERRA_DELIVERY_PENDING);
  g_assert_cmpuint (fake_provider_server_get_n_requests (fixture->server), ==, 0);

  live_url = fake_provider_server_get_url (fixture->server, "/send");
  set_send_url (live_url);
  wait_for_status (store, reply, TERRA_OUTBOX_SENT);
  g_assert_cmpuint (fake_provider_server_get_n_requests (fixture->server), ==, 1);
  g_assert_cmpstr (request_text (fixture->server, 0, NULL), ==, "Thanks!");
}

/* Refusals that no retry fixes are dead at the first attempt. */
static void
test_permanent_failures (Fixture       *fixture,
                         gconstpointer  data)
{
  TerraStore *store = fixture_store (fixture);
  gint64 sms = start_conversation (store, TERRA_CHANNEL_SMS, "+14155550104");
  gint64 whatsapp = start_conversation (store, TERRA_CHANNEL_WHATSAPP, "+14155550105");
  g_autoptr(TerraOutboxItem) refused_item = NULL;
  gint64 refused, windowed, later;

  fake_provider_server_queue_json (fixture->server, 400, NULL, "{\"code\": 21211}");
  fake_provider_server_queue_json (fixture->server, 403, NULL, "{\"error\": \"window\"}");
  refused = add_reply (store, sms, TERRA_CHANNEL_SMS, "Invalid number", TERRA_DELIVERY_PENDING);
  start_outbox (fixture);
  wait_for_status (store, refused, TERRA_OUTBOX_DEAD);
  windowed = add_reply (store, whatsapp, TERRA_CHANNEL_WHATSAPP, "Too late", TERRA_DELIVERY_PENDING);
  wait_for_status (store, windowed, TERRA_OUTBOX_DEAD);

  refused_item = item_for_message (store, refused);
  g_assert_cmpint (terra_outbox_item_get_attempts (refused_item), ==, 1);
  g_assert_true (has_event (store, "delivery.failed", "\"reason\":\"permanent\""));
  g_assert_true (has_event (store, "delivery.failed", "\"reason\":\"window_closed\""));
  g_assert_cmpint (delivery_of (store, windowed), ==, TERRA_DELIVERY_FAILED);

  /* A dead row does not block its conversation. */
  later = add_reply (store, sms, TERRA_CHANNEL_SMS, "Second try", TERRA_DELIVERY_PENDING);
  wait_for_status (store, later, TERRA_OUTBOX_SENT);
  g_assert_cmpuint (fake_provider_server_get_n_requests (fixture->server), ==, 3);
}

/* What was sent is never sent again after a restart; a row a crash left
 * "sending" is sent once its lease ran out; a message a provider already
 * reported on is reconciled without a request. */
static void
test_restart_idempotent (Fixture       *fixture,
                         gconstpointer  data)
{
  TerraStore *store = fixture_store (fixture);
  gint64 conversation = start_conversation (store, TERRA_CHANNEL_SMS, "+14155550106");
  g_autoptr(TerraOutboxItem) claimed = NULL;
  g_autoptr(TerraOutboxItem) interrupted = NULL;
  g_autoptr(TerraMessage) reported_message = NULL;
  g_autoptr(GError) error = NULL;
  gint64 sent, crashed, reported;

  sent = add_reply (store, conversation, TERRA_CHANNEL_SMS, "Once only", TERRA_DELIVERY_PENDING);
  start_outbox (fixture);
  wait_for_status (store, sent, TERRA_OUTBOX_SENT);
  terra_outbox_stop (fixture->outbox);
  g_assert_cmpuint (fake_provider_server_get_n_requests (fixture->server), ==, 1);

  /* A run that claimed a row and died before the answer. */
  crashed = add_reply (store, conversation, TERRA_CHANNEL_SMS, "Interrupted", TERRA_DELIVERY_PENDING);
  g_assert_true (terra_store_outbox_claim (store, TERRA_OUTBOX_MESSAGE, g_get_real_time (),
                                           50 * G_TIME_SPAN_MILLISECOND,
                                           &claimed, &error));
  g_assert_no_error (error);
  g_assert_cmpint (terra_outbox_item_get_message_id (claimed), ==, crashed);
  g_assert_cmpint (terra_outbox_item_get_status (claimed), ==, TERRA_OUTBOX_SENDING);

  /* A reply the provider already reported as delivered. */
  reported = add_reply (store, conversation, TERRA_CHANNEL_SMS, "Reported", TERRA_DELIVERY_PENDING);
  reported_message = terra_store_get (store, TERRA_TYPE_MESSAGE, reported, NULL);
  terra_message_set_delivery (reported_message, TERRA_DELIVERY_DELIVERED);
  g_assert_true (terra_store_update (store, reported_message, &error));

  /* A new process: a new outbox on the same workspace. */
  g_clear_object (&fixture->outbox);
  fixture->outbox = terra_outbox_new (fixture->workspace);
  terra_outbox_set_send_func (fixture->outbox, fake_send);
  terra_outbox_set_retry_policy (fixture->outbox, BASE_DELAY, 10 * G_USEC_PER_SEC, 4);
  start_outbox (fixture);
  wait_for_status (store, crashed, TERRA_OUTBOX_SENT);
  wait_for_status (store, reported, TERRA_OUTBOX_SENT);

  g_assert_cmpuint (fake_provider_server_get_n_requests (fixture->server), ==, 2);
  g_assert_cmpstr (request_text (fixture->server, 0, NULL), ==, "Once only");
  g_assert_cmpstr (request_text (fixture->server, 1, NULL), ==, "Interrupted");
  interrupted = item_for_message (store, crashed);
  g_assert_cmpint (terra_outbox_item_get_attempts (interrupted), ==, 2);
  g_assert_cmpint (delivery_of (store, reported), ==, TERRA_DELIVERY_DELIVERED);

  /* And one more restart sends nothing. */
  terra_outbox_stop (fixture->outbox);
  start_outbox (fixture);
  g_usleep (300 * G_TIME_SPAN_MILLISECOND);
  g_assert_cmpuint (fake_provider_server_get_n_requests (fixture->server), ==, 2);
}

/* The outbox sleeps without polling and wakes on the change event of a new
 * reply, long before its idle check. */
static void
test_woken_by_changes (Fixture       *fixture,
                       gconstpointer  data)
{
  TerraStore *store = fixture_store (fixture);
  gint64 conversation = start_conversation (store, TERRA_CHANNEL_TELEGRAM, "9001");
  gint64 started;
  gint64 reply;

  start_outbox (fixture);
  g_usleep (100 * G_TIME_SPAN_MILLISECOND);
  terra_test_iterate_main_context ();

  started = g_get_monotonic_time ();
  reply = add_reply (store, conversation, TERRA_CHANNEL_TELEGRAM, "Right away", TERRA_DELIVERY_PENDING);
  wait_for_status (store, reply, TERRA_OUTBOX_SENT);
  /* Far below the minute of the idle check, even on a loaded machine. */
  g_assert_cmpint (g_get_monotonic_time () - started, <, 5 * G_USEC_PER_SEC);
}

/* The owner's own replies and approved drafts leave through the outbox,
 * with the words the owner approved. */
static void
test_desk_replies (Fixture       *fixture,
                   gconstpointer  data)
{
  TerraStore *store = fixture_store (fixture);
  gint64 conversation = start_conversation (store, TERRA_CHANNEL_WHATSAPP, "+14155550107");
  g_autoptr(TerraMessage) draft_message = terra_message_new ();
  g_autoptr(GError) error = NULL;
  gint64 owner_reply = 0;

  terra_message_set_conversation_id (draft_message, conversation);
  terra_message_set_direction (draft_message, TERRA_DIRECTION_OUTBOUND);
  terra_message_set_author (draft_message, TERRA_AUTHOR_ASSISTANT);
  terra_message_set_channel (draft_message, TERRA_CHANNEL_WHATSAPP);
  terra_message_set_body (draft_message, "We can do Tuesday at 10.");
  terra_message_set_draft (draft_message, TERRA_DRAFT_PENDING);
  terra_message_set_delivery (draft_message, TERRA_DELIVERY_NONE);
  g_assert_true (terra_store_insert (store, draft_message, &error));
  g_assert_no_error (error);

  start_outbox (fixture);
  g_assert_true (terra_store_approve_draft (store, terra_message_get_id (draft_message),
                                            "We can do Tuesday at 10:30.", &error));
  g_assert_no_error (error);
  wait_for_status (store, terra_message_get_id (draft_message), TERRA_OUTBOX_SENT);

  g_assert_true (terra_store_send_owner_message (store, conversation, "Hi, this is Priya from the office.",
                                                 &owner_reply, &error));
  g_assert_no_error (error);
  wait_for_status (store, owner_reply, TERRA_OUTBOX_SENT);

  g_assert_cmpuint (fake_provider_server_get_n_requests (fixture->server), ==, 2);
  g_assert_cmpstr (request_text (fixture->server, 0, NULL), ==, "We can do Tuesday at 10:30.");
  g_assert_cmpstr (request_text (fixture->server, 1, NULL), ==, "Hi, this is Priya from the office.");
  g_assert_cmpint (delivery_of (store, owner_reply), ==, TERRA_DELIVERY_SENT);
}

/* With the real Telegram sender, against a fake Bot API: the request on
 * the wire, a 429 retried, and the message id kept for status reports. */
static void
test_telegram_wire (Fixture       *fixture,
                    gconstpointer  data)
{
  TerraStore *store = fixture_store (fixture);
  g_autofree char *api_base = fake_provider_server_get_url (fixture->server, "");
  g_autoptr(JsonNode) api_base_value = json_node_init_string (json_node_alloc (), api_base);
  g_autoptr(TerraMessage) message = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(GError) error = NULL;
  const FakeRequest *request;
  gint64 conversation = start_conversation (store, TERRA_CHANNEL_TELEGRAM, "4242");
  gint64 reply;

  g_assert_true (terra_store_set_setting (store, "telegram.api_base", api_base_value, &error));
  g_assert_no_error (error);
  terra_outbox_set_send_func (fixture->outbox, NULL);
  fake_provider_server_queue_json (fixture->server, 429, NULL,
                                   "{\"ok\": false, \"error_code\": 429, \"description\": \"Too Many Requests\","
                                   " \"parameters\": {\"retry_after\": 0}}");
  fake_provider_server_queue_json (fixture->server, 200, NULL,
                                   "{\"ok\": true, \"result\": {\"message_id\": 77, \"chat\": {\"id\": 4242},"
                                   " \"date\": 1700000000, \"text\": \"On my way\"}}");

  reply = add_reply (store, conversation, TERRA_CHANNEL_TELEGRAM, "On my way", TERRA_DELIVERY_PENDING);
  start_outbox (fixture);
  wait_for_status (store, reply, TERRA_OUTBOX_SENT);

  g_assert_cmpuint (fake_provider_server_get_n_requests (fixture->server), ==, 2);
  request = fake_provider_server_get_request (fixture->server, 1);
  g_assert_cmpstr (request->method, ==, "POST");
  g_assert_cmpstr (request->path, ==, "/bot123456:TEST-TOKEN/sendMessage");
  body = fake_request_get_json (request);
  g_assert_nonnull (body);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (body), "text"), ==, "On my way");

  message = terra_store_get (store, TERRA_TYPE_MESSAGE, reply, &error);
  g_assert_cmpint (terra_message_get_delivery (message), ==, TERRA_DELIVERY_SENT);
  g_assert_cmpstr (terra_message_get_external_id (message), ==, "4242:77");
}

/* A webhook receiver that never answers holds up only the webhooks: the
 * lead's reply goes out at once, and stopping interrupts the hung call. */
static void
test_hung_webhook_receiver (Fixture       *fixture,
                            gconstpointer  data)
{
  TerraStore *store = fixture_store (fixture);
  g_autoptr(FakeProviderServer) receiver = fake_provider_server_new ();
  g_autofree char *hook_url = fake_provider_server_get_url (receiver, "/hook");
  g_autoptr(JsonNode) url_value = json_node_init_string (json_node_alloc (), hook_url);
  g_autoptr(TerraOutboxItem) hung = NULL;
  gint64 deadline = g_get_monotonic_time () + WAIT_TIMEOUT;
  gint64 conversation, reply, started, stop_started;

  g_assert_true (terra_store_set_setting (store, "webhooks.url", url_value, NULL));
  {
    g_autoptr(JsonNode) events = terra_setting_keys_parse ("webhooks.events", "message.received", NULL);

    g_assert_true (terra_store_set_setting (store, "webhooks.events", events, NULL));
  }
  fake_provider_server_queue (receiver, 200, "application/json", NULL, NULL, FAKE_END_NO_ANSWER);
  start_outbox (fixture);

  /* The lead's message is a message.received webhook, which hangs. */
  conversation = start_conversation (store, TERRA_CHANNEL_SMS, "+14155550108");
  while (fake_provider_server_get_n_requests (receiver) < 1)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      terra_test_iterate_main_context ();
      g_usleep (5 * G_TIME_SPAN_MILLISECOND);
    }

  started = g_get_monotonic_time ();
  reply = add_reply (store, conversation, TERRA_CHANNEL_SMS, "Answered while the hook hangs",
                     TERRA_DELIVERY_PENDING);
  wait_for_status (store, reply, TERRA_OUTBOX_SENT);
  g_assert_cmpint (g_get_monotonic_time () - started, <, 5 * G_USEC_PER_SEC);

  stop_started = g_get_monotonic_time ();
  terra_outbox_stop (fixture->outbox);
  g_assert_cmpint (g_get_monotonic_time () - stop_started, <, 5 * G_USEC_PER_SEC);

  /* The interrupted webhook waits for the next start, not given up. */
  {
    g_autoptr(GPtrArray) items = list_outbox (store);

    for (guint i = 0; i < items->len; i++)
      if (terra_outbox_item_get_kind (items->pdata[i]) == TERRA_OUTBOX_WEBHOOK)
        hung = g_object_ref (items->pdata[i]);
  }
  g_assert_nonnull (hung);
  g_assert_cmpint (terra_outbox_item_get_status (hung), ==, TERRA_OUTBOX_FAILED);
  g_assert_cmpstr (terra_outbox_item_get_last_error (hung), ==, "Terra stopped while sending");
}

static void
test_backoff_curve (void)
{
  /* 5 s · 2^(n-1) with ±20 % jitter, capped at one hour. */
  for (int attempts = 1; attempts <= 12; attempts++)
    for (int i = 0; i < 50; i++)
      {
        gint64 delay = terra_outbox_backoff (attempts, 5 * G_USEC_PER_SEC, G_TIME_SPAN_HOUR);
        double ideal = MIN (5.0 * G_USEC_PER_SEC * (1 << (attempts - 1)), (double)G_TIME_SPAN_HOUR);

        g_assert_cmpint (delay, >=, (gint64)(ideal * 0.8) - 1);
        g_assert_cmpint (delay, <=, G_TIME_SPAN_HOUR);
        g_assert_cmpint (delay, <=, (gint64)(ideal * 1.2) + 1);
      }
  g_assert_cmpint (terra_outbox_backoff (1000, 5 * G_USEC_PER_SEC, G_TIME_SPAN_HOUR), <=, G_TIME_SPAN_HOUR);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_setenv ("TERRA_SECRET_TELEGRAM_BOT_TOKEN", "123456:TEST-TOKEN", TRUE);
  g_setenv ("TERRA_SECRET_WEBHOOK_SIGNING_SECRET", "outbox-test-secret", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/outbox/backoff-curve", test_backoff_curve);
#define ADD(path, func) g_test_add ("/outbox/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("rows-from-triggers", test_rows_from_triggers);
  ADD ("order-and-retry", test_order_and_retry);
  ADD ("backoff-and-dead-letter", test_backoff_and_dead_letter);
  ADD ("network-failure", test_network_failure);
  ADD ("permanent-failures", test_permanent_failures);
  ADD ("restart-idempotent", test_restart_idempotent);
  ADD ("woken-by-changes", test_woken_by_changes);
  ADD ("desk-replies", test_desk_replies);
  ADD ("telegram-wire", test_telegram_wire);
  ADD ("hung-webhook-receiver", test_hung_webhook_receiver);
#undef ADD

  status = g_test_run ();
  g_clear_pointer (&send_url, g_free);
  return status;
}
