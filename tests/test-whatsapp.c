/* test-whatsapp.c — the WhatsApp Cloud API: the verify handshake, signed
 * events, statuses, and the Graph API sender with the 24-hour window
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "fake-channel-server.h"
#include "terra-channel-senders.h"
#include "terra-server.h"
#include "terra-test-utils.h"
#include "terra-whatsapp.h"

#define APP_SECRET   "whatsapp-app-secret"
#define VERIFY_TOKEN "my-verify-token"

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
  fixture->host = fake_webhook_host_new (fixture->workspace, terra_whatsapp_attach);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_pointer (&fixture->host, fake_webhook_host_free);
  g_clear_pointer (&fixture->workspace, terra_test_workspace_free);
}

/* Posts @body with the signature of @signed_body under @secret (no header
 * when @secret is NULL). */
static guint
post_event (Fixture    *fixture,
            const char *body,
            const char *signed_body,
            const char *secret,
            char      **response)
{
  g_autofree char *url = fake_webhook_host_get_url (fixture->host, "/webhooks/whatsapp");
  g_autofree char *signature = secret != NULL
    ? terra_whatsapp_compute_signature (secret, signed_body, strlen (signed_body)) : NULL;
  const char *headers[] = { "X-Hub-Signature-256", signature, NULL };

  return fake_http_request ("POST", url, "application/json", body, strlen (body),
                            signature != NULL ? headers : NULL, response);
}

static guint
post_signed (Fixture    *fixture,
             const char *body)
{
  return post_event (fixture, body, body, APP_SECRET, NULL);
}

/* The envelope Meta wraps around a "value". */
static char *
event (const char *value)
{
  return g_strdup_printf ("{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"102290129340398\","
                          "\"changes\":[{\"field\":\"messages\",\"value\":{\"messaging_product\":\"whatsapp\","
                          "\"metadata\":{\"display_phone_number\":\"15550783881\",\"phone_number_id\":\"" FAKE_PHONE_NUMBER_ID "\"},"
                          "%s}}]}]}", value);
}

static void
test_signature (void)
{
  const char *body = "The quick brown fox jumps over the lazy dog";
  g_autofree char *signature = terra_whatsapp_compute_signature ("key", body, strlen (body));
  g_autofree char *normalized = terra_whatsapp_normalize_address ("919876543210");
  g_autofree char *user_id = terra_whatsapp_normalize_address ("US.13491208655302741918");

  /* The published HMAC-SHA256 example, lowercase hex with Meta's prefix. */
  g_assert_cmpstr (signature, ==, "sha256=f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8");
  g_assert_cmpstr (normalized, ==, "+919876543210");
  g_assert_cmpstr (user_id, ==, "US.13491208655302741918");
}

static void
test_verify (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *good = fake_webhook_host_get_url (fixture->host,
    "/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=" VERIFY_TOKEN "&hub.challenge=1158201444");
  g_autofree char *wrong = fake_webhook_host_get_url (fixture->host,
    "/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=guess&hub.challenge=1158201444");
  g_autofree char *mode = fake_webhook_host_get_url (fixture->host,
    "/webhooks/whatsapp?hub.mode=unsubscribe&hub.verify_token=" VERIFY_TOKEN "&hub.challenge=1");
  g_autofree char *missing = fake_webhook_host_get_url (fixture->host, "/webhooks/whatsapp?hub.mode=subscribe");
  g_autofree char *response = NULL;

  g_assert_cmpuint (fake_http_request ("GET", good, NULL, NULL, 0, NULL, &response), ==, 200);
  g_assert_cmpstr (response, ==, "1158201444");
  g_assert_cmpuint (fake_http_request ("GET", wrong, NULL, NULL, 0, NULL, NULL), ==, 403);
  g_assert_cmpuint (fake_http_request ("GET", mode, NULL, NULL, 0, NULL, NULL), ==, 403);
  g_assert_cmpuint (fake_http_request ("GET", missing, NULL, NULL, 0, NULL, NULL), ==, 400);
}

static void
test_text (Fixture       *fixture,
           gconstpointer  data)
{
  /* Written a minute ago, delivered now. */
  gint64 written = g_get_real_time () / G_USEC_PER_SEC - 60;
  g_autofree char *messages = g_strdup_printf (
    "\"contacts\":[{\"profile\":{\"name\":\"Ravi Kumar\"},\"wa_id\":\"919876543210\"}],"
    "\"messages\":[{\"from\":\"919876543210\",\"id\":\"wamid.HBgMOTE5ODc2NTQzMjEwFQIAEhgUM0EB\","
    "\"timestamp\":\"%" G_GINT64_FORMAT "\",\"type\":\"text\",\"text\":{\"body\":\"What are your fees for a haircut?\"}}]",
    written);
  g_autofree char *body = event (messages);
  g_autofree char *response = NULL;
  g_autoptr(TerraMessage) message = NULL;
  g_autoptr(TerraContact) contact = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (post_event (fixture, body, body, APP_SECRET, &response), ==, 200);

  message = fake_only_message (fixture->store);
  g_assert_cmpstr (terra_message_get_body (message), ==, "What are your fees for a haircut?");
  g_assert_cmpint (terra_message_get_channel (message), ==, TERRA_CHANNEL_WHATSAPP);
  g_assert_cmpstr (terra_message_get_external_id (message), ==, "wamid.HBgMOTE5ODc2NTQzMjEwFQIAEhgUM0EB");
  /* When the lead wrote, not when Meta delivered it. */
  g_assert_cmpint (terra_message_get_created_at (message), ==, written * G_USEC_PER_SEC);
  contact = terra_store_find_contact_by_identity (fixture->store, TERRA_CHANNEL_WHATSAPP, "+919876543210", &error);
  g_assert_no_error (error);
  g_assert_nonnull (contact);
  g_assert_cmpstr (terra_contact_get_name (contact), ==, "Ravi Kumar");
}

static int
compare_bodies (gconstpointer a,
                gconstpointer b)
{
  return g_strcmp0 (terra_message_get_body (*(TerraMessage **)a), terra_message_get_body (*(TerraMessage **)b));
}

static void
test_buttons_and_lists (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *body = event (
    "\"contacts\":[{\"profile\":{\"name\":\"Ravi\"},\"wa_id\":\"919876543210\"}],"
    "\"messages\":["
    "{\"from\":\"919876543210\",\"id\":\"wamid.1\",\"timestamp\":\"1763800001\",\"type\":\"interactive\","
    " \"interactive\":{\"type\":\"button_reply\",\"button_reply\":{\"id\":\"yes\",\"title\":\"Yes, book it\"}}},"
    "{\"from\":\"919876543210\",\"id\":\"wamid.2\",\"timestamp\":\"1763800002\",\"type\":\"interactive\","
    " \"interactive\":{\"type\":\"list_reply\",\"list_reply\":{\"id\":\"s3\",\"title\":\"Saturday 11:00\",\"description\":\"Hair\"}}},"
    "{\"from\":\"919876543210\",\"id\":\"wamid.3\",\"timestamp\":\"1763800003\",\"type\":\"button\","
    " \"button\":{\"text\":\"Call me back\",\"payload\":\"callback\"}},"
    "{\"from\":\"919876543210\",\"id\":\"wamid.4\",\"timestamp\":\"1763800004\",\"type\":\"reaction\","
    " \"reaction\":{\"message_id\":\"wamid.1\",\"emoji\":\"\\ud83d\\udc4d\"}}"
    "]");
  g_autoptr(TerraQuery) query = terra_query_new (TERRA_TYPE_MESSAGE);
  g_autoptr(GPtrArray) messages = NULL;

  g_assert_cmpuint (post_signed (fixture, body), ==, 200);

  /* The titles the lead tapped become the text; a reaction is no message. */
  messages = terra_store_list (fixture->store, query, NULL);
  g_assert_cmpuint (messages->len, ==, 3);
  g_ptr_array_sort (messages, compare_bodies);
  g_assert_cmpstr (terra_message_get_body (g_ptr_array_index (messages, 0)), ==, "Call me back");
  g_assert_cmpstr (terra_message_get_body (g_ptr_array_index (messages, 1)), ==, "Saturday 11:00");
  g_assert_cmpstr (terra_message_get_body (g_ptr_array_index (messages, 2)), ==, "Yes, book it");
  /* One lead, one conversation. */
  g_assert_cmpint (fake_count (fixture->store, TERRA_TYPE_CONVERSATION), ==, 1);
}

static void
test_media_and_user_id (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *body = event (
    "\"contacts\":[{\"profile\":{\"name\":\"Mina\"},\"user_id\":\"US.13491208655302741918\"}],"
    "\"messages\":[{\"from_user_id\":\"US.13491208655302741918\",\"id\":\"wamid.img\",\"timestamp\":\"1763800000\","
    "\"type\":\"image\",\"image\":{\"id\":\"1479537139650973\",\"mime_type\":\"image/jpeg\",\"caption\":\"This one?\"}}]");
  g_autoptr(TerraMessage) message = NULL;
  g_autoptr(TerraContact) contact = NULL;

  g_assert_cmpuint (post_signed (fixture, body), ==, 200);
  message = fake_only_message (fixture->store);
  g_assert_cmpstr (terra_message_get_body (message), ==, "This one?");
  g_assert_nonnull (strstr (terra_message_get_attachments (message), "whatsapp-media:1479537139650973"));
  g_assert_nonnull (strstr (terra_message_get_attachments (message), "image/jpeg"));
  /* A lead known only by a business-scoped id is still a contact. */
  contact = terra_store_find_contact_by_identity (fixture->store, TERRA_CHANNEL_WHATSAPP,
                                                  "US.13491208655302741918", NULL);
  g_assert_nonnull (contact);
  g_assert_cmpstr (terra_contact_get_name (contact), ==, "Mina");
}

static void
test_wrong_signature (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *body = event (
    "\"messages\":[{\"from\":\"919876543210\",\"id\":\"wamid.5\",\"timestamp\":\"1763800000\","
    "\"type\":\"text\",\"text\":{\"body\":\"Hello\"}}]");
  g_autofree char *reencoded = NULL;
  g_autoptr(JsonNode) node = json_from_string (body, NULL);
  g_autofree char *response = NULL;

  g_assert_cmpuint (post_event (fixture, body, body, "another-secret", &response), ==, 403);
  g_assert_nonnull (strstr (response, "\"forbidden\""));
  g_assert_cmpuint (post_event (fixture, body, body, NULL, NULL), ==, 403);
  /* The signature covers the raw bytes: the same JSON re-encoded differs. */
  reencoded = json_to_string (node, TRUE);
  g_assert_cmpuint (post_event (fixture, body, reencoded, APP_SECRET, NULL), ==, 403);

  g_assert_cmpint (fake_count (fixture->store, TERRA_TYPE_MESSAGE), ==, 0);
  g_assert_cmpint (fake_count (fixture->store, TERRA_TYPE_CONTACT), ==, 0);
}

static void
test_duplicate (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *body = event (
    "\"messages\":[{\"from\":\"919876543210\",\"id\":\"wamid.6\",\"timestamp\":\"1763800000\","
    "\"type\":\"text\",\"text\":{\"body\":\"Are you open today?\"}}]");

  /* Meta retries an event until it gets 200. */
  g_assert_cmpuint (post_signed (fixture, body), ==, 200);
  g_assert_cmpuint (post_signed (fixture, body), ==, 200);
  g_assert_cmpint (fake_count (fixture->store, TERRA_TYPE_MESSAGE), ==, 1);
}

static void
test_malformed (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *url = fake_webhook_host_get_url (fixture->host, "/webhooks/whatsapp");
  g_autofree char *response = NULL;
  const char *bad_utf8 = "{\"object\":\"whatsapp_business_account\",\"entry\":[\"\xc3\x28\"]}";

  g_assert_cmpuint (post_event (fixture, "{\"object\": ", "{\"object\": ", APP_SECRET, &response), ==, 400);
  g_assert_nonnull (strstr (response, "\"bad_request\""));
  g_assert_cmpuint (post_signed (fixture, "[]"), ==, 400);
  g_assert_cmpuint (post_signed (fixture, "{\"object\":\"page\",\"entry\":[]}"), ==, 400);
  g_assert_cmpuint (post_signed (fixture, bad_utf8), ==, 400);
  g_assert_cmpuint (fake_http_request ("PUT", url, "application/json", "{}", 2, NULL, NULL), ==, 405);
  g_assert_cmpint (fake_count (fixture->store, TERRA_TYPE_MESSAGE), ==, 0);
}

/* Random bytes and mangled events, correctly signed, so they reach the
 * parser: each gets 400 (or 200 when it happens to be a valid event), never
 * a crash or a 500, and the handler keeps serving. */
static void
test_random_bodies (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *valid = event (
    "\"contacts\":[{\"profile\":{\"name\":\"Ravi\"},\"wa_id\":\"919876543210\"}],"
    "\"messages\":[{\"from\":\"919876543210\",\"id\":\"wamid.fuzz\",\"timestamp\":\"1763800000\","
    "\"type\":\"interactive\",\"interactive\":{\"button_reply\":{\"title\":\"Yes\"}}}],"
    "\"statuses\":[{\"id\":\"wamid.x\",\"status\":\"failed\",\"errors\":[1,{}]}]");
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261122);
  gsize length = strlen (valid);

  for (guint i = 0; i < 400; i++)
    {
      g_autofree char *body = g_strdup (valid);
      g_autofree char *url = fake_webhook_host_get_url (fixture->host, "/webhooks/whatsapp");
      g_autofree char *signature = NULL;
      const char *headers[] = { "X-Hub-Signature-256", NULL, NULL };
      gsize cut = g_rand_int_range (rand, 0, length);
      guint status;

      /* Flip a few bytes to anything at all, and cut the rest sometimes. */
      for (guint j = 0; j < 3; j++)
        body[g_rand_int_range (rand, 0, length)] = (char)g_rand_int_range (rand, 1, 256);
      if (i % 2 == 0)
        body[cut] = '\0';
      signature = terra_whatsapp_compute_signature (APP_SECRET, body, strlen (body));
      headers[1] = signature;
      status = fake_http_request ("POST", url, "application/json", body, strlen (body), headers, NULL);
      g_assert_true (status == 200 || status == 400);
    }

  g_assert_cmpuint (post_signed (fixture, valid), ==, 200);
  g_assert_cmpint (fake_count (fixture->store, TERRA_TYPE_MESSAGE), ==, 1);
}

static TerraDelivery
delivery_of (TerraStore *store,
             gint64      message_id)
{
  g_autoptr(TerraMessage) message = terra_store_get (store, TERRA_TYPE_MESSAGE, message_id, NULL);

  return terra_message_get_delivery (message);
}

static void
test_statuses (Fixture       *fixture,
               gconstpointer  data)
{
  gint64 first = fake_add_sent_message (fixture->store, TERRA_CHANNEL_WHATSAPP, "+919876543210", "wamid.out1");
  gint64 second = fake_add_sent_message (fixture->store, TERRA_CHANNEL_WHATSAPP, "+919876543210", "wamid.out2");
  g_autofree char *delivered = event (
    "\"statuses\":[{\"id\":\"wamid.out1\",\"status\":\"delivered\",\"timestamp\":\"1763800100\",\"recipient_id\":\"919876543210\"},"
    "{\"id\":\"wamid.out1\",\"status\":\"sent\",\"timestamp\":\"1763800090\",\"recipient_id\":\"919876543210\"},"
    "{\"id\":\"wamid.unknown\",\"status\":\"read\",\"timestamp\":\"1763800090\",\"recipient_id\":\"919876543210\"}]");
  g_autofree char *read = event (
    "\"statuses\":[{\"id\":\"wamid.out1\",\"status\":\"read\",\"timestamp\":\"1763800200\",\"recipient_id\":\"919876543210\"}]");
  g_autofree char *failed = event (
    "\"statuses\":[{\"id\":\"wamid.out2\",\"status\":\"failed\",\"timestamp\":\"1763800300\",\"recipient_id\":\"919876543210\","
    "\"errors\":[{\"code\":131026,\"title\":\"Message undeliverable\"}]}]");
  g_autoptr(TerraQuery) failures = terra_query_new (TERRA_TYPE_EVENT_RECORD);
  g_autoptr(GPtrArray) events = NULL;

  g_assert_cmpuint (post_signed (fixture, delivered), ==, 200);
  g_assert_cmpint (delivery_of (fixture->store, first), ==, TERRA_DELIVERY_DELIVERED);
  g_assert_cmpuint (post_signed (fixture, read), ==, 200);
  g_assert_cmpint (delivery_of (fixture->store, first), ==, TERRA_DELIVERY_READ);
  g_assert_cmpuint (post_signed (fixture, failed), ==, 200);
  g_assert_cmpint (delivery_of (fixture->store, second), ==, TERRA_DELIVERY_FAILED);

  /* The owner can see why it failed. */
  terra_query_where_text (failures, "kind", TERRA_QUERY_EQ, "message.delivery_failed");
  events = terra_store_list (fixture->store, failures, NULL);
  g_assert_cmpuint (events->len, ==, 1);
  g_assert_nonnull (strstr (terra_event_record_get_payload (g_ptr_array_index (events, 0)), "131026"));
  g_assert_cmpint (fake_count (fixture->store, TERRA_TYPE_MESSAGE), ==, 2);
}

/* The real server routes Meta's calls to the adapter, with its limits in
 * front: a body far over the limit is refused before anyone reads it (with
 * Expect: 100-continue the client is told before it sends the body). */
static void
test_through_server (void)
{
  g_autoptr(TerraTestWorkspace) workspace = terra_test_workspace_new ();
  g_autoptr(TerraServer) server = terra_server_new (workspace, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *body = event (
    "\"messages\":[{\"from\":\"919876543210\",\"id\":\"wamid.server\",\"timestamp\":\"1763800000\","
    "\"type\":\"text\",\"text\":{\"body\":\"Hello from the real server\"}}]");
  g_autofree char *signature = terra_whatsapp_compute_signature (APP_SECRET, body, strlen (body));
  const char *headers[] = { "X-Hub-Signature-256", signature, NULL };
  g_autofree char *url = NULL;
  g_autofree char *verify = NULL;
  g_autofree char *response = NULL;
  g_autofree char *huge = g_malloc (10 * 1024 * 1024);
  g_autofree char *huge_signature = NULL;
  const char *huge_headers[] = { "Expect", "100-continue", "X-Hub-Signature-256", NULL, NULL };
  g_autoptr(TerraMessage) message = NULL;

  terra_server_set_bind (server, "127.0.0.1");
  terra_server_set_port (server, 0);
  g_assert_true (terra_server_start (server, &error));
  g_assert_no_error (error);
  url = g_strconcat (terra_server_get_url (server), "/webhooks/whatsapp", NULL);
  verify = g_strconcat (url, "?hub.mode=subscribe&hub.verify_token=" VERIFY_TOKEN "&hub.challenge=42", NULL);

  g_assert_cmpuint (fake_http_request ("GET", verify, NULL, NULL, 0, NULL, &response), ==, 200);
  g_assert_cmpstr (response, ==, "42");
  g_assert_cmpuint (fake_http_request ("POST", url, "application/json", body, strlen (body), headers, NULL), ==, 200);

  memset (huge, ' ', 10 * 1024 * 1024);
  memcpy (huge, "{\"object\":\"whatsapp_business_account\",\"entry\":[]}", 49);
  huge_signature = terra_whatsapp_compute_signature (APP_SECRET, huge, 10 * 1024 * 1024);
  huge_headers[3] = huge_signature;
  g_assert_cmpuint (fake_http_request ("POST", url, "application/json", huge, 10 * 1024 * 1024, huge_headers, NULL), ==, 413);
  terra_server_stop (server);

  message = fake_only_message (terra_workspace_get_store (workspace));
  g_assert_cmpstr (terra_message_get_body (message), ==, "Hello from the real server");
}

/* Sending. */

typedef struct
{
  TerraTestWorkspace *workspace;
  TerraStore         *store;
  FakeChannelServer  *fake;
  SoupSession        *session;
} SendFixture;

static void
send_set_up (SendFixture   *fixture,
             gconstpointer  data)
{
  g_autofree char *api_base = NULL;

  fixture->workspace = terra_test_workspace_new ();
  fixture->store = terra_workspace_get_store (fixture->workspace);
  fixture->fake = fake_channel_server_new ();
  fixture->session = soup_session_new ();
  api_base = fake_channel_server_get_url (fixture->fake, "/v21.0");
  fake_set_setting (fixture->store, "whatsapp.api_base", api_base);
  fake_set_setting (fixture->store, "whatsapp.phone_number_id", FAKE_PHONE_NUMBER_ID);
  g_setenv ("TERRA_SECRET_WHATSAPP_TOKEN", FAKE_GRAPH_TOKEN, TRUE);
}

static void
send_tear_down (SendFixture   *fixture,
                gconstpointer  data)
{
  g_setenv ("TERRA_SECRET_WHATSAPP_TOKEN", FAKE_GRAPH_TOKEN, TRUE);
  g_clear_object (&fixture->session);
  g_clear_pointer (&fixture->fake, fake_channel_server_free);
  g_clear_pointer (&fixture->workspace, terra_test_workspace_free);
}

/* The lead at +919876543210 wrote @seconds_ago. */
static void
lead_wrote (TerraStore *store,
            gint64      seconds_ago)
{
  static guint counter;
  g_autofree char *id = g_strdup_printf ("wamid.in%u", ++counter);
  TerraInboundMessage inbound = {
    .channel = TERRA_CHANNEL_WHATSAPP,
    .external_id = id,
    .from = "+919876543210",
    .text = "Is Saturday free?",
    .received_at = g_get_real_time () / G_USEC_PER_SEC - seconds_ago,
  };
  g_autoptr(GError) error = NULL;

  terra_store_ingest_message (store, &inbound, NULL, &error);
  g_assert_no_error (error);
}

static void
test_send (SendFixture   *fixture,
           gconstpointer  data)
{
  g_autofree char *id = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FakeChannelRequest) request = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object;
  JsonObject *text;

  lead_wrote (fixture->store, 60 * 60);
  g_assert_true (terra_channel_send (fixture->session, fixture->store, TERRA_CHANNEL_WHATSAPP, "+919876543210",
                                     "Saturday 11:00 is free. Shall I book it?", &id, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (id, "wamid."));

  /* Through the Cloud API, not Twilio, since a phone number id is set. */
  g_assert_cmpuint (fake_channel_server_get_n_requests (fixture->fake, FAKE_SERVICE_TWILIO, NULL), ==, 0);
  request = fake_channel_server_get_request (fixture->fake, FAKE_SERVICE_GRAPH, NULL, 0);
  g_assert_nonnull (request);
  g_assert_cmpstr (request->method, ==, "POST");
  g_assert_cmpstr (request->path, ==, "/v21.0/" FAKE_PHONE_NUMBER_ID "/messages");
  g_assert_cmpstr (fake_channel_request_get_header (request, "Authorization"), ==, "Bearer " FAKE_GRAPH_TOKEN);
  root = fake_channel_request_get_json (request);
  object = json_node_get_object (root);
  g_assert_cmpstr (json_object_get_string_member (object, "messaging_product"), ==, "whatsapp");
  g_assert_cmpstr (json_object_get_string_member (object, "recipient_type"), ==, "individual");
  g_assert_cmpstr (json_object_get_string_member (object, "to"), ==, "919876543210");
  g_assert_cmpstr (json_object_get_string_member (object, "type"), ==, "text");
  text = json_object_get_object_member (object, "text");
  g_assert_cmpstr (json_object_get_string_member (text, "body"), ==, "Saturday 11:00 is free. Shall I book it?");
  g_assert_false (json_object_get_boolean_member (text, "preview_url"));
}

static void
test_window_closed (SendFixture   *fixture,
                    gconstpointer  data)
{
  g_autofree char *id = NULL;
  g_autoptr(GError) error = NULL;

  /* Never wrote: no window at all. */
  g_assert_false (terra_whatsapp_send (fixture->session, fixture->store, "+919876543210", "Hello", &id, NULL, &error));
  g_assert_error (error, TERRA_CHANNEL_ERROR, TERRA_CHANNEL_ERROR_WINDOW_CLOSED);
  g_clear_error (&error);

  /* Wrote 25 hours ago: closed, and nothing reaches Meta. */
  lead_wrote (fixture->store, 25 * 60 * 60);
  g_assert_false (terra_whatsapp_send (fixture->session, fixture->store, "+919876543210", "Hello", &id, NULL, &error));
  g_assert_error (error, TERRA_CHANNEL_ERROR, TERRA_CHANNEL_ERROR_WINDOW_CLOSED);
  g_assert_false (terra_channel_error_is_transient (error));
  g_clear_error (&error);
  g_assert_cmpuint (fake_channel_server_get_n_requests (fixture->fake, FAKE_SERVICE_GRAPH, NULL), ==, 0);

  /* Wrote again 23 hours ago: open; the bare wa_id is the same lead. */
  lead_wrote (fixture->store, 23 * 60 * 60);
  g_assert_true (terra_whatsapp_send (fixture->session, fixture->store, "919876543210", "Hello", &id, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (fake_channel_server_get_n_requests (fixture->fake, FAKE_SERVICE_GRAPH, NULL), ==, 1);
}

static void
test_send_errors (SendFixture   *fixture,
                  gconstpointer  data)
{
  g_autofree char *id = NULL;
  g_autoptr(GError) error = NULL;

  lead_wrote (fixture->store, 60);

  fake_channel_server_fail_next (fixture->fake, FAKE_SERVICE_GRAPH, 400,
    "{\"error\":{\"message\":\"Message failed to send because more than 24 hours have passed\",\"type\":\"OAuthException\",\"code\":131047,\"fbtrace_id\":\"A\"}}");
  g_assert_false (terra_whatsapp_send (fixture->session, fixture->store, "+919876543210", "Hi", &id, NULL, &error));
  g_assert_error (error, TERRA_CHANNEL_ERROR, TERRA_CHANNEL_ERROR_WINDOW_CLOSED);
  g_clear_error (&error);

  fake_channel_server_fail_next (fixture->fake, FAKE_SERVICE_GRAPH, 400,
    "{\"error\":{\"message\":\"(#130429) Rate limit hit\",\"type\":\"OAuthException\",\"code\":130429}}");
  g_assert_false (terra_whatsapp_send (fixture->session, fixture->store, "+919876543210", "Hi", &id, NULL, &error));
  g_assert_error (error, TERRA_CHANNEL_ERROR, TERRA_CHANNEL_ERROR_RETRY);
  g_clear_error (&error);

  fake_channel_server_fail_next (fixture->fake, FAKE_SERVICE_GRAPH, 400,
    "{\"error\":{\"message\":\"(#100) Invalid parameter\",\"type\":\"OAuthException\",\"code\":100}}");
  g_assert_false (terra_whatsapp_send (fixture->session, fixture->store, "+919876543210", "Hi", &id, NULL, &error));
  g_assert_error (error, TERRA_CHANNEL_ERROR, TERRA_CHANNEL_ERROR_PERMANENT);
  g_assert_nonnull (strstr (error->message, "Invalid parameter"));
  g_clear_error (&error);

  fake_channel_server_fail_next (fixture->fake, FAKE_SERVICE_GRAPH, 500, "{\"error\":{\"message\":\"x\",\"code\":2}}");
  g_assert_false (terra_whatsapp_send (fixture->session, fixture->store, "+919876543210", "Hi", &id, NULL, &error));
  g_assert_error (error, TERRA_CHANNEL_ERROR, TERRA_CHANNEL_ERROR_RETRY);
  g_clear_error (&error);

  g_setenv ("TERRA_SECRET_WHATSAPP_TOKEN", "expired-token", TRUE);
  g_assert_false (terra_whatsapp_send (fixture->session, fixture->store, "+919876543210", "Hi", &id, NULL, &error));
  g_assert_error (error, TERRA_CHANNEL_ERROR, TERRA_CHANNEL_ERROR_NOT_CONFIGURED);
  g_clear_error (&error);

  g_unsetenv ("TERRA_SECRET_WHATSAPP_TOKEN");
  g_assert_false (terra_whatsapp_send (fixture->session, fixture->store, "+919876543210", "Hi", &id, NULL, &error));
  g_assert_error (error, TERRA_CHANNEL_ERROR, TERRA_CHANNEL_ERROR_NOT_CONFIGURED);
  g_assert_nonnull (strstr (error->message, "whatsapp_token"));
  g_assert_null (id);
  g_assert_cmpuint (fake_channel_server_get_n_requests (fixture->fake, FAKE_SERVICE_GRAPH, NULL), ==, 5);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/terra-test-bus", TRUE);
  g_setenv ("TERRA_SECRET_WHATSAPP_APP_SECRET", APP_SECRET, TRUE);
  g_setenv ("TERRA_SECRET_WHATSAPP_VERIFY_TOKEN", VERIFY_TOKEN, TRUE);
  g_setenv ("TERRA_SECRET_API_KEY", "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", TRUE);

  g_test_add_func ("/whatsapp/signature", test_signature);
  g_test_add_func ("/whatsapp/webhook/through-server", test_through_server);
#define ADD(path, func) g_test_add ("/whatsapp/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("webhook/verify", test_verify);
  ADD ("webhook/text", test_text);
  ADD ("webhook/buttons-and-lists", test_buttons_and_lists);
  ADD ("webhook/media-and-user-id", test_media_and_user_id);
  ADD ("webhook/wrong-signature", test_wrong_signature);
  ADD ("webhook/duplicate", test_duplicate);
  ADD ("webhook/malformed", test_malformed);
  ADD ("webhook/random-bodies", test_random_bodies);
  ADD ("webhook/statuses", test_statuses);
#undef ADD
#define ADD(path, func) g_test_add ("/whatsapp/" path, SendFixture, NULL, send_set_up, func, send_tear_down)
  ADD ("send/text", test_send);
  ADD ("send/window-closed", test_window_closed);
  ADD ("send/errors", test_send_errors);
#undef ADD

  return g_test_run ();
}
