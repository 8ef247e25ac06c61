/* test-twilio.c — Twilio SMS and WhatsApp: the signed webhook, status
 * callbacks and the Messages API sender, over real loopback sockets
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
#include "terra-twilio.h"

#define PUBLIC_URL "https://terra-shop.example.net/webhooks/twilio"

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
  fake_set_setting (fixture->store, "twilio.public_url", PUBLIC_URL);
  fixture->host = fake_webhook_host_new (fixture->workspace, terra_twilio_attach);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_pointer (&fixture->host, fake_webhook_host_free);
  g_clear_pointer (&fixture->workspace, terra_test_workspace_free);
}

static char *
encode_form (const char * const *pairs)
{
  g_autoptr(GString) form = g_string_new (NULL);

  for (guint i = 0; pairs[i] != NULL; i += 2)
    {
      g_autofree char *name = g_uri_escape_string (pairs[i], NULL, FALSE);
      g_autofree char *value = g_uri_escape_string (pairs[i + 1], NULL, FALSE);

      g_string_append_printf (form, "%s%s=%s", i > 0 ? "&" : "", name, value);
    }
  return g_string_free (g_steal_pointer (&form), FALSE);
}

/* Posts @pairs as Twilio would, signed for @signed_url with @token (no
 * signature header when @token is NULL). */
static guint
post_form (Fixture            *fixture,
           const char * const *pairs,
           const char         *signed_url,
           const char         *token,
           char              **response)
{
  g_autofree char *url = fake_webhook_host_get_url (fixture->host, "/webhooks/twilio");
  g_autofree char *body = encode_form (pairs);
  g_autofree char *signature = token != NULL
    ? terra_twilio_compute_signature (token, signed_url, pairs) : NULL;
  const char *headers[] = { "X-Twilio-Signature", signature, NULL };

  return fake_http_request ("POST", url, "application/x-www-form-urlencoded", body, strlen (body),
                            signature != NULL ? headers : NULL, response);
}

static void
test_signature_vectors (void)
{
  /* Twilio's own SDK test vectors (PROTOCOLS.md). */
  const char *pairs[] = {
    "To", "+18005551212",
    "CallSid", "CA1234567890ABCDE",
    "Digits", "1234",
    "From", "+14158675309",
    "Caller", "+14158675309",
    NULL
  };
  const char *url = "https://mycompany.com/myapp.php?foo=1&bar=2";
  const char *url_with_port = "https://mycompany.com:443/myapp.php?foo=1&bar=2";
  g_autofree char *signature = terra_twilio_compute_signature ("12345", url, pairs);
  g_autofree char *signature_with_port = terra_twilio_compute_signature ("12345", url_with_port, pairs);
  const char *changed[] = {
    "To", "+18005551212", "CallSid", "CA1234567890ABCDE", "Digits", "1235",
    "From", "+14158675309", "Caller", "+14158675309", NULL
  };

  g_assert_cmpstr (signature, ==, "RSOYDt4T1cUTdK1PDd93/VVr8B8=");
  g_assert_cmpstr (signature_with_port, ==, "kvajT1Ptam85bY51eRf/AJRuM3w=");

  /* Either way of writing the URL is accepted with either signature. */
  g_assert_true (terra_twilio_check_signature ("12345", url, pairs, "RSOYDt4T1cUTdK1PDd93/VVr8B8="));
  g_assert_true (terra_twilio_check_signature ("12345", url, pairs, "kvajT1Ptam85bY51eRf/AJRuM3w="));
  g_assert_true (terra_twilio_check_signature ("12345", url_with_port, pairs, "RSOYDt4T1cUTdK1PDd93/VVr8B8="));

  /* A changed digit, another token, no signature: refused. */
  g_assert_false (terra_twilio_check_signature ("12345", url, changed, "RSOYDt4T1cUTdK1PDd93/VVr8B8="));
  g_assert_false (terra_twilio_check_signature ("54321", url, pairs, "RSOYDt4T1cUTdK1PDd93/VVr8B8="));
  g_assert_false (terra_twilio_check_signature ("12345", url, pairs, NULL));
  g_assert_false (terra_twilio_check_signature ("12345", url, pairs, "RSOYDt4T1cUTdK1PDd93/VVr8B8"));
}

static void
test_inbound_sms (Fixture       *fixture,
                  gconstpointer  data)
{
  const char *pairs[] = {
    "MessageSid", "SM11111111111111111111111111111111",
    "AccountSid", FAKE_TWILIO_SID,
    "From", "+14155550100",
    "To", "+15005550006",
    "Body", "Hi! Is the 2BHK on Park Street still available?",
    "NumMedia", "0",
    "SmsStatus", "received",
    NULL
  };
  g_autofree char *response = NULL;
  g_autoptr(TerraMessage) message = NULL;
  g_autoptr(TerraContact) contact = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (post_form (fixture, pairs, PUBLIC_URL, FAKE_TWILIO_TOKEN, &response), ==, 200);
  /* An empty TwiML answer: the reply goes out later through the API. */
  g_assert_cmpstr (response, ==, "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response></Response>");

  message = fake_only_message (fixture->store);
  g_assert_cmpstr (terra_message_get_body (message), ==, "Hi! Is the 2BHK on Park Street still available?");
  g_assert_cmpint (terra_message_get_channel (message), ==, TERRA_CHANNEL_SMS);
  g_assert_cmpint (terra_message_get_direction (message), ==, TERRA_DIRECTION_INBOUND);
  g_assert_cmpstr (terra_message_get_external_id (message), ==, "SM11111111111111111111111111111111");
  contact = terra_store_find_contact_by_identity (fixture->store, TERRA_CHANNEL_SMS, "+14155550100", &error);
  g_assert_no_error (error);
  g_assert_nonnull (contact);
}

static void
test_inbound_whatsapp_media (Fixture       *fixture,
                             gconstpointer  data)
{
  const char *pairs[] = {
    "MessageSid", "MM22222222222222222222222222222222",
    "From", "whatsapp:+919876543210",
    "To", "whatsapp:+14155238886",
    "Body", "",
    "ProfileName", "Asha Verma",
    "WaId", "919876543210",
    "NumMedia", "2",
    "MediaUrl0", "https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM2/Media/ME1",
    "MediaContentType0", "image/jpeg",
    "MediaUrl1", "https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM2/Media/ME2",
    "MediaContentType1", "application/pdf",
    NULL
  };
  g_autoptr(TerraMessage) message = NULL;
  g_autoptr(TerraContact) contact = NULL;
  g_autoptr(JsonNode) attachments = NULL;
  g_autoptr(GError) error = NULL;
  JsonArray *array;

  g_assert_cmpuint (post_form (fixture, pairs, PUBLIC_URL, FAKE_TWILIO_TOKEN, NULL), ==, 200);

  message = fake_only_message (fixture->store);
  g_assert_cmpint (terra_message_get_channel (message), ==, TERRA_CHANNEL_WHATSAPP);
  attachments = json_from_string (terra_message_get_attachments (message), &error);
  g_assert_no_error (error);
  array = json_node_get_array (attachments);
  g_assert_cmpuint (json_array_get_length (array), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 0), "url"), ==,
                   "https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM2/Media/ME1");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 1), "content_type"), ==,
                   "application/pdf");

  /* The WhatsApp address without its "whatsapp:" prefix, named by the profile. */
  contact = terra_store_find_contact_by_identity (fixture->store, TERRA_CHANNEL_WHATSAPP, "+919876543210", &error);
  g_assert_no_error (error);
  g_assert_nonnull (contact);
  g_assert_cmpstr (terra_contact_get_name (contact), ==, "Asha Verma");
}

static void
test_button_reply (Fixture       *fixture,
                   gconstpointer  data)
{
  const char *pairs[] = {
    "MessageSid", "SM33333333333333333333333333333333",
    "From", "whatsapp:+919876543210",
    "Body", "",
    "ButtonText", "Book a visit",
    "ButtonPayload", "book",
    NULL
  };
  g_autoptr(TerraMessage) message = NULL;

  g_assert_cmpuint (post_form (fixture, pairs, PUBLIC_URL, FAKE_TWILIO_TOKEN, NULL), ==, 200);
  message = fake_only_message (fixture->store);
  g_assert_cmpstr (terra_message_get_body (message), ==, "Book a visit");
}

static void
test_location (Fixture       *fixture,
               gconstpointer  data)
{
  const char *pairs[] = {
    "MessageSid", "SM34343434343434343434343434343434",
    "From", "whatsapp:+919876543210",
    "Body", "",
    "Latitude", "12.9715987",
    "Longitude", "77.5945627",
    "Label", "MG Road Metro",
    "Address", "Mahatma Gandhi Rd, Bengaluru",
    NULL
  };
  g_autoptr(TerraMessage) message = NULL;

  g_assert_cmpuint (post_form (fixture, pairs, PUBLIC_URL, FAKE_TWILIO_TOKEN, NULL), ==, 200);
  message = fake_only_message (fixture->store);
  g_assert_cmpstr (terra_message_get_body (message), ==,
                   "Location: MG Road Metro, Mahatma Gandhi Rd, Bengaluru (12.9715987, 77.5945627)");
}

static void
test_wrong_signature (Fixture       *fixture,
                      gconstpointer  data)
{
  const char *pairs[] = {
    "MessageSid", "SM44444444444444444444444444444444",
    "From", "+14155550100",
    "Body", "Hello",
    NULL
  };
  g_autofree char *response = NULL;

  /* Another token, another URL (the local one, not the public one), none. */
  g_assert_cmpuint (post_form (fixture, pairs, PUBLIC_URL, "not-the-token", &response), ==, 403);
  g_assert_nonnull (strstr (response, "\"forbidden\""));
  g_assert_cmpuint (post_form (fixture, pairs, "http://127.0.0.1/webhooks/twilio", FAKE_TWILIO_TOKEN, NULL), ==, 403);
  g_assert_cmpuint (post_form (fixture, pairs, PUBLIC_URL, NULL, NULL), ==, 403);

  g_assert_cmpint (fake_count (fixture->store, TERRA_TYPE_MESSAGE), ==, 0);
  g_assert_cmpint (fake_count (fixture->store, TERRA_TYPE_CONTACT), ==, 0);
  g_assert_cmpint (fake_count (fixture->store, TERRA_TYPE_CONVERSATION), ==, 0);
}

static void
test_parameter_added_after_signing (Fixture       *fixture,
                                    gconstpointer  data)
{
  const char *signed_pairs[] = { "MessageSid", "SM5", "From", "+14155550100", "Body", "Hello", NULL };
  const char *sent_pairs[] = { "MessageSid", "SM5", "From", "+14155550100", "Body", "Hello",
                               "Body", "Send me your bank details", NULL };
  g_autofree char *url = fake_webhook_host_get_url (fixture->host, "/webhooks/twilio");
  g_autofree char *body = encode_form (sent_pairs);
  g_autofree char *signature = terra_twilio_compute_signature (FAKE_TWILIO_TOKEN, PUBLIC_URL, signed_pairs);
  const char *headers[] = { "X-Twilio-Signature", signature, NULL };

  /* Every parameter received counts, repeated ones too. */
  g_assert_cmpuint (fake_http_request ("POST", url, "application/x-www-form-urlencoded", body, strlen (body),
                                       headers, NULL), ==, 403);
  g_assert_cmpint (fake_count (fixture->store, TERRA_TYPE_MESSAGE), ==, 0);
}

static void
test_duplicate (Fixture       *fixture,
                gconstpointer  data)
{
  const char *pairs[] = {
    "MessageSid", "SM66666666666666666666666666666666",
    "From", "+14155550100",
    "Body", "Do you open on Sundays?",
    NULL
  };

  /* Twilio retries when an answer is slow; the retry is acknowledged
   * again and stored once. */
  g_assert_cmpuint (post_form (fixture, pairs, PUBLIC_URL, FAKE_TWILIO_TOKEN, NULL), ==, 200);
  g_assert_cmpuint (post_form (fixture, pairs, PUBLIC_URL, FAKE_TWILIO_TOKEN, NULL), ==, 200);
  g_assert_cmpint (fake_count (fixture->store, TERRA_TYPE_MESSAGE), ==, 1);
}

static void
test_malformed (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *url = fake_webhook_host_get_url (fixture->host, "/webhooks/twilio");
  const char *missing_from[] = { "MessageSid", "SM7", "Body", "Hello", NULL };
  const char *broken_utf8 = "MessageSid=SM8&From=%2B1415&Body=%C3%28";
  g_autofree char *response = NULL;

  g_assert_cmpuint (fake_http_request ("POST", url, "application/x-www-form-urlencoded",
                                       "Body=%ZZ&From=x", 15, NULL, &response), ==, 400);
  g_assert_nonnull (strstr (response, "\"bad_request\""));
  g_assert_cmpuint (fake_http_request ("POST", url, "application/x-www-form-urlencoded",
                                       broken_utf8, strlen (broken_utf8), NULL, NULL), ==, 400);
  g_assert_cmpuint (fake_http_request ("POST", url, "application/json", "{}", 2, NULL, NULL), ==, 400);
  g_assert_cmpuint (fake_http_request ("GET", url, NULL, NULL, 0, NULL, NULL), ==, 405);
  /* Signed, but without a sender. */
  g_assert_cmpuint (post_form (fixture, missing_from, PUBLIC_URL, FAKE_TWILIO_TOKEN, NULL), ==, 400);

  g_assert_cmpint (fake_count (fixture->store, TERRA_TYPE_MESSAGE), ==, 0);
}

/* Random bytes in unsigned forms: each gets 400 (broken) or 403 (not
 * Twilio's), never a crash or a 500, and nothing is stored. */
static void
test_random_forms (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261122);
  g_autofree char *url = fake_webhook_host_get_url (fixture->host, "/webhooks/twilio");
  const char *alphabet = "=&%+abcMessageSidFromBody0123456789\xc3\xa9\xff";

  for (guint i = 0; i < 400; i++)
    {
      g_autoptr(GString) body = g_string_new ("MessageSid=SMfuzz&From=%2B1415&");
      guint n = g_rand_int_range (rand, 0, 60);
      guint status;

      for (guint j = 0; j < n; j++)
        g_string_append_c (body, alphabet[g_rand_int_range (rand, 0, strlen (alphabet))]);
      status = fake_http_request ("POST", url, "application/x-www-form-urlencoded", body->str, body->len,
                                  NULL, NULL);
      g_assert_true (status == 403 || status == 400);
    }
  g_assert_cmpint (fake_count (fixture->store, TERRA_TYPE_MESSAGE), ==, 0);
}

static void
test_public_url_host_only (Fixture       *fixture,
                           gconstpointer  data)
{
  const char *pairs[] = { "MessageSid", "SM10", "From", "+14155550100", "Body", "Hello", NULL };
  g_autofree char *webhook = NULL;

  /* Only the tunnel's address pasted: Twilio still called (and signed)
   * the full webhook address. */
  fake_set_setting (fixture->store, "twilio.public_url", "https://quiet-river-1234.trycloudflare.com/");
  webhook = terra_twilio_get_webhook_url (fixture->store);
  g_assert_cmpstr (webhook, ==, "https://quiet-river-1234.trycloudflare.com/webhooks/twilio");
  g_assert_cmpuint (post_form (fixture, pairs, webhook, FAKE_TWILIO_TOKEN, NULL), ==, 200);
  g_assert_cmpint (fake_count (fixture->store, TERRA_TYPE_MESSAGE), ==, 1);
}

static void
test_not_configured (Fixture       *fixture,
                     gconstpointer  data)
{
  const char *pairs[] = { "MessageSid", "SM9", "From", "+14155550100", "Body", "Hello", NULL };

  /* Without the public URL no signature can be checked: nothing gets in. */
  fake_set_setting (fixture->store, "twilio.public_url", "");
  g_assert_cmpuint (post_form (fixture, pairs, PUBLIC_URL, FAKE_TWILIO_TOKEN, NULL), ==, 403);
  g_assert_cmpint (fake_count (fixture->store, TERRA_TYPE_MESSAGE), ==, 0);
}

static TerraDelivery
delivery_of (TerraStore *store,
             gint64      message_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TerraMessage) message = terra_store_get (store, TERRA_TYPE_MESSAGE, message_id, &error);

  g_assert_no_error (error);
  return terra_message_get_delivery (message);
}

static void
post_status (Fixture    *fixture,
             const char *sid,
             const char *to,
             const char *status,
             const char *error_code)
{
  const char *pairs[] = {
    "MessageSid", sid, "SmsSid", sid, "MessageStatus", status, "SmsStatus", status,
    "To", to, "From", "+15005550006", "AccountSid", FAKE_TWILIO_SID,
    error_code != NULL ? "ErrorCode" : NULL, error_code, NULL
  };

  g_assert_cmpuint (post_form (fixture, pairs, PUBLIC_URL, FAKE_TWILIO_TOKEN, NULL), ==, 200);
}

static void
test_status_callbacks (Fixture       *fixture,
                       gconstpointer  data)
{
  gint64 sms = fake_add_sent_message (fixture->store, TERRA_CHANNEL_SMS, "+14155550100", "SMaaaa");
  gint64 whatsapp = fake_add_sent_message (fixture->store, TERRA_CHANNEL_WHATSAPP, "+919876543210", "SMbbbb");
  g_autoptr(TerraQuery) failures = terra_query_new (TERRA_TYPE_EVENT_RECORD);

  post_status (fixture, "SMaaaa", "+14155550100", "sent", NULL);
  g_assert_cmpint (delivery_of (fixture->store, sms), ==, TERRA_DELIVERY_SENT);
  post_status (fixture, "SMaaaa", "+14155550100", "delivered", NULL);
  g_assert_cmpint (delivery_of (fixture->store, sms), ==, TERRA_DELIVERY_DELIVERED);
  /* Callbacks overtake each other; a late "sent" does not undo "delivered". */
  post_status (fixture, "SMaaaa", "+14155550100", "sent", NULL);
  g_assert_cmpint (delivery_of (fixture->store, sms), ==, TERRA_DELIVERY_DELIVERED);

  post_status (fixture, "SMbbbb", "whatsapp:+919876543210", "read", NULL);
  g_assert_cmpint (delivery_of (fixture->store, whatsapp), ==, TERRA_DELIVERY_READ);

  /* A failure is shown on the message and written to the audit log. */
  post_status (fixture, "SMcccc", "+14155550100", "failed", "30003");
  sms = fake_add_sent_message (fixture->store, TERRA_CHANNEL_SMS, "+14155550100", "SMdddd");
  post_status (fixture, "SMdddd", "+14155550100", "undelivered", "30003");
  g_assert_cmpint (delivery_of (fixture->store, sms), ==, TERRA_DELIVERY_FAILED);
  terra_query_where_text (failures, "kind", TERRA_QUERY_EQ, "message.delivery_failed");
  g_assert_cmpint (terra_store_count (fixture->store, failures, NULL), ==, 1);

  /* A status never adds a message. */
  g_assert_cmpint (fake_count (fixture->store, TERRA_TYPE_MESSAGE), ==, 3);
}

/* The real server routes Twilio's posts to the adapter, with its own
 * limits in front. */
static void
test_through_server (void)
{
  g_autoptr(TerraTestWorkspace) workspace = terra_test_workspace_new ();
  g_autoptr(TerraServer) server = terra_server_new (workspace, NULL);
  g_autoptr(GError) error = NULL;
  const char *pairs[] = {
    "MessageSid", "SM77777777777777777777777777777777",
    "From", "+14155550100",
    "Body", "Hello from the real server",
    NULL
  };
  g_autofree char *body = encode_form (pairs);
  g_autofree char *signature = terra_twilio_compute_signature (FAKE_TWILIO_TOKEN, PUBLIC_URL, pairs);
  const char *headers[] = { "X-Twilio-Signature", signature, NULL };
  g_autofree char *url = NULL;
  g_autofree char *response = NULL;
  g_autoptr(TerraMessage) message = NULL;

  fake_set_setting (terra_workspace_get_store (workspace), "twilio.public_url", PUBLIC_URL);
  terra_server_set_bind (server, "127.0.0.1");
  terra_server_set_port (server, 0);
  g_assert_true (terra_server_start (server, &error));
  g_assert_no_error (error);
  url = g_strconcat (terra_server_get_url (server), "/webhooks/twilio", NULL);

  g_assert_cmpuint (fake_http_request ("POST", url, "application/x-www-form-urlencoded", body, strlen (body),
                                       headers, &response), ==, 200);
  g_assert_nonnull (strstr (response, "<Response></Response>"));
  g_assert_cmpuint (fake_http_request ("POST", url, "application/x-www-form-urlencoded", body, strlen (body),
                                       NULL, NULL), ==, 403);
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
  api_base = fake_channel_server_get_url (fixture->fake, "");
  fake_set_setting (fixture->store, "twilio.api_base", api_base);
  fake_set_setting (fixture->store, "twilio.account_sid", FAKE_TWILIO_SID);
  fake_set_setting (fixture->store, "twilio.from_number", "+15005550006");
  fake_set_setting (fixture->store, "twilio.public_url", PUBLIC_URL);
  g_setenv ("TERRA_SECRET_TWILIO_AUTH_TOKEN", FAKE_TWILIO_TOKEN, TRUE);
}

static void
send_tear_down (SendFixture   *fixture,
                gconstpointer  data)
{
  g_setenv ("TERRA_SECRET_TWILIO_AUTH_TOKEN", FAKE_TWILIO_TOKEN, TRUE);
  g_clear_object (&fixture->session);
  g_clear_pointer (&fixture->fake, fake_channel_server_free);
  g_clear_pointer (&fixture->workspace, terra_test_workspace_free);
}

static void
test_send_sms (SendFixture   *fixture,
               gconstpointer  data)
{
  g_autofree char *sid = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FakeChannelRequest) request = NULL;
  g_autoptr(GHashTable) form = NULL;
  g_autofree char *credentials = g_base64_encode ((const guchar *)FAKE_TWILIO_SID ":" FAKE_TWILIO_TOKEN,
                                                  strlen (FAKE_TWILIO_SID ":" FAKE_TWILIO_TOKEN));
  g_autofree char *authorization = g_strconcat ("Basic ", credentials, NULL);

  g_assert_true (terra_twilio_send (fixture->session, fixture->store, TERRA_CHANNEL_SMS, "+14155550100",
                                    "Yes — Saturday 11:00 works. See you then!", &sid, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (sid, "SM"));

  g_assert_cmpuint (fake_channel_server_get_n_requests (fixture->fake, FAKE_SERVICE_TWILIO, NULL), ==, 1);
  request = fake_channel_server_get_request (fixture->fake, FAKE_SERVICE_TWILIO, NULL, 0);
  g_assert_cmpstr (request->method, ==, "POST");
  g_assert_cmpstr (request->path, ==, "/2010-04-01/Accounts/" FAKE_TWILIO_SID "/Messages.json");
  g_assert_cmpstr (fake_channel_request_get_header (request, "Authorization"), ==, authorization);
  g_assert_true (g_str_has_prefix (fake_channel_request_get_header (request, "Content-Type"),
                                   "application/x-www-form-urlencoded"));
  form = fake_channel_request_get_form (request);
  g_assert_cmpstr (g_hash_table_lookup (form, "To"), ==, "+14155550100");
  g_assert_cmpstr (g_hash_table_lookup (form, "From"), ==, "+15005550006");
  g_assert_cmpstr (g_hash_table_lookup (form, "Body"), ==, "Yes — Saturday 11:00 works. See you then!");
  g_assert_cmpstr (g_hash_table_lookup (form, "StatusCallback"), ==, PUBLIC_URL);
}

static void
test_send_whatsapp (SendFixture   *fixture,
                    gconstpointer  data)
{
  g_autofree char *sid = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FakeChannelRequest) request = NULL;
  g_autoptr(GHashTable) form = NULL;

  /* Without a Cloud API phone number id, WhatsApp goes through Twilio. */
  g_assert_true (terra_channel_send (fixture->session, fixture->store, TERRA_CHANNEL_WHATSAPP, "+919876543210",
                                     "Namaste! The flat is free on Saturday.", &sid, NULL, &error));
  g_assert_no_error (error);
  request = fake_channel_server_get_request (fixture->fake, FAKE_SERVICE_TWILIO, NULL, 0);
  form = fake_channel_request_get_form (request);
  g_assert_cmpstr (g_hash_table_lookup (form, "To"), ==, "whatsapp:+919876543210");
  g_assert_cmpstr (g_hash_table_lookup (form, "From"), ==, "whatsapp:+15005550006");
}

static void
test_send_errors (SendFixture   *fixture,
                  gconstpointer  data)
{
  g_autofree char *sid = NULL;
  g_autoptr(GError) error = NULL;

  fake_channel_server_fail_next (fixture->fake, FAKE_SERVICE_TWILIO, 400,
                                 "{\"code\":21211,\"message\":\"The 'To' number 123 is not a valid phone number.\",\"status\":400}");
  g_assert_false (terra_twilio_send (fixture->session, fixture->store, TERRA_CHANNEL_SMS, "123", "Hi", &sid, NULL, &error));
  g_assert_error (error, TERRA_CHANNEL_ERROR, TERRA_CHANNEL_ERROR_PERMANENT);
  g_assert_nonnull (strstr (error->message, "21211"));
  g_assert_false (terra_channel_error_is_transient (error));
  g_clear_error (&error);

  fake_channel_server_fail_next (fixture->fake, FAKE_SERVICE_TWILIO, 429,
                                 "{\"code\":20429,\"message\":\"Too Many Requests\",\"status\":429}");
  g_assert_false (terra_twilio_send (fixture->session, fixture->store, TERRA_CHANNEL_SMS, "+14155550100", "Hi", &sid, NULL, &error));
  g_assert_error (error, TERRA_CHANNEL_ERROR, TERRA_CHANNEL_ERROR_RETRY);
  g_assert_true (terra_channel_error_is_transient (error));
  g_clear_error (&error);

  fake_channel_server_fail_next (fixture->fake, FAKE_SERVICE_TWILIO, 503, "{}");
  g_assert_false (terra_twilio_send (fixture->session, fixture->store, TERRA_CHANNEL_SMS, "+14155550100", "Hi", &sid, NULL, &error));
  g_assert_error (error, TERRA_CHANNEL_ERROR, TERRA_CHANNEL_ERROR_RETRY);
  g_clear_error (&error);

  fake_channel_server_fail_next (fixture->fake, FAKE_SERVICE_TWILIO, 400,
                                 "{\"code\":63016,\"message\":\"Failed to send freeform message because you are outside the allowed window.\",\"status\":400}");
  g_assert_false (terra_twilio_send (fixture->session, fixture->store, TERRA_CHANNEL_WHATSAPP, "+919876543210", "Hi", &sid, NULL, &error));
  g_assert_error (error, TERRA_CHANNEL_ERROR, TERRA_CHANNEL_ERROR_WINDOW_CLOSED);
  g_clear_error (&error);

  /* A wrong auth token is the owner's to fix, not a reason to drop. */
  g_setenv ("TERRA_SECRET_TWILIO_AUTH_TOKEN", "stale-token", TRUE);
  g_assert_false (terra_twilio_send (fixture->session, fixture->store, TERRA_CHANNEL_SMS, "+14155550100", "Hi", &sid, NULL, &error));
  g_assert_error (error, TERRA_CHANNEL_ERROR, TERRA_CHANNEL_ERROR_NOT_CONFIGURED);
  g_clear_error (&error);
  g_assert_null (sid);
  g_assert_cmpuint (fake_channel_server_get_n_requests (fixture->fake, FAKE_SERVICE_TWILIO, NULL), ==, 5);
}

static void
test_send_not_configured (SendFixture   *fixture,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sid = NULL;

  fake_set_setting (fixture->store, "twilio.account_sid", "");
  g_assert_false (terra_twilio_send (fixture->session, fixture->store, TERRA_CHANNEL_SMS, "+14155550100", "Hi", &sid, NULL, &error));
  g_assert_error (error, TERRA_CHANNEL_ERROR, TERRA_CHANNEL_ERROR_NOT_CONFIGURED);
  g_assert_nonnull (strstr (error->message, "twilio.account_sid"));
  g_clear_error (&error);

  /* The web chat and the API have no provider to send through. */
  g_assert_false (terra_channel_send (fixture->session, fixture->store, TERRA_CHANNEL_WEBCHAT, "visitor", "Hi", &sid, NULL, &error));
  g_assert_error (error, TERRA_CHANNEL_ERROR, TERRA_CHANNEL_ERROR_NOT_CONFIGURED);
  g_assert_cmpuint (fake_channel_server_get_n_requests (fixture->fake, FAKE_SERVICE_TWILIO, NULL), ==, 0);
}

static void
test_send_network_down (SendFixture   *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sid = NULL;
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  guint16 port = g_socket_listener_add_any_inet_port (listener, NULL, NULL);
  g_autofree char *closed = NULL;

  /* A port that was free a moment ago and has nobody listening now. */
  g_socket_listener_close (listener);
  closed = g_strdup_printf ("http://127.0.0.1:%u", port);
  fake_set_setting (fixture->store, "twilio.api_base", closed);
  g_assert_false (terra_twilio_send (fixture->session, fixture->store, TERRA_CHANNEL_SMS, "+14155550100", "Hi", &sid, NULL, &error));
  g_assert_nonnull (error);
  g_assert_true (error->domain == G_IO_ERROR);
  g_assert_true (terra_channel_error_is_transient (error));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  /* Secrets come from the environment only; no keyring is asked. */
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/terra-test-bus", TRUE);
  g_setenv ("TERRA_SECRET_TWILIO_AUTH_TOKEN", FAKE_TWILIO_TOKEN, TRUE);
  /* The real server wants the REST API's key too. */
  g_setenv ("TERRA_SECRET_API_KEY", "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", TRUE);

  g_test_add_func ("/twilio/signature/vectors", test_signature_vectors);
  g_test_add_func ("/twilio/webhook/through-server", test_through_server);
#define ADD(path, func) g_test_add ("/twilio/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("webhook/sms", test_inbound_sms);
  ADD ("webhook/whatsapp-media", test_inbound_whatsapp_media);
  ADD ("webhook/button", test_button_reply);
  ADD ("webhook/location", test_location);
  ADD ("webhook/wrong-signature", test_wrong_signature);
  ADD ("webhook/added-parameter", test_parameter_added_after_signing);
  ADD ("webhook/duplicate", test_duplicate);
  ADD ("webhook/malformed", test_malformed);
  ADD ("webhook/random-forms", test_random_forms);
  ADD ("webhook/public-url-host-only", test_public_url_host_only);
  ADD ("webhook/not-configured", test_not_configured);
  ADD ("webhook/status", test_status_callbacks);
#undef ADD
#define ADD(path, func) g_test_add ("/twilio/" path, SendFixture, NULL, send_set_up, func, send_tear_down)
  ADD ("send/sms", test_send_sms);
  ADD ("send/whatsapp", test_send_whatsapp);
  ADD ("send/errors", test_send_errors);
  ADD ("send/not-configured", test_send_not_configured);
  ADD ("send/network-down", test_send_network_down);
#undef ADD

  return g_test_run ();
}
