/* test-server.c — the HTTP server over real loopback sockets
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What a client of POST /api/v1/messages and /healthz sees: the API key,
 * acknowledgements that mean "stored", duplicates stored once, clear 4xx
 * JSON errors for every kind of bad input, the limits (body size, rate,
 * header floods, slow clients) and a server that keeps serving through
 * thousands of garbage requests.
 */
#include "config.h"

#include "server-test-client.h"
#include "terra-server-private.h"
#include "terra-setting-keys.h"
#include "terra-test-utils.h"

#define KEY "test-key-0123456789abcdef"

typedef struct
{
  TerraTestWorkspace *workspace;
  TerraServer        *server;
  guint               port;
} Fixture;

static void
set_setting (TerraWorkspace *workspace,
             const char     *key,
             const char     *value)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = terra_setting_keys_parse (key, value, &error);

  g_assert_no_error (error);
  terra_store_set_setting (terra_workspace_get_store (workspace), key, node, &error);
  g_assert_no_error (error);
}

/* A server on a free port; rate limits off unless given. */
static void
fixture_start (Fixture    *f,
               const char *per_address,
               const char *per_key)
{
  g_autoptr(GError) error = NULL;

  f->workspace = terra_test_workspace_new ();
  set_setting (f->workspace, "server.rate_per_address", per_address != NULL ? per_address : "0");
  set_setting (f->workspace, "server.rate_per_key", per_key != NULL ? per_key : "0");

  f->server = terra_server_new (f->workspace, NULL);
  terra_server_set_port (f->server, 0);
  f->server->headers_timeout_us = 1 * G_USEC_PER_SEC;
  f->server->body_timeout_us = 1 * G_USEC_PER_SEC;
  terra_server_start (f->server, &error);
  g_assert_no_error (error);
  f->port = terra_server_get_port (f->server);
  g_assert_cmpuint (f->port, >, 0);
}

static void
fixture_stop (Fixture *f)
{
  terra_server_stop (f->server);
  g_clear_object (&f->server);
  g_clear_pointer (&f->workspace, terra_test_workspace_free);
}

/* How many messages with @external_id the workspace holds. */
static gint64
count_messages (TerraWorkspace *workspace,
                const char     *external_id)
{
  g_autoptr(TerraStore) store = terra_workspace_open_store (workspace, NULL);
  g_autoptr(TerraQuery) query = terra_query_new (TERRA_TYPE_MESSAGE);
  g_autoptr(GError) error = NULL;
  gint64 count;

  if (external_id != NULL)
    terra_query_where_text (query, "external_id", TERRA_QUERY_EQ, external_id);
  count = terra_store_count (store, query, &error);
  g_assert_no_error (error);
  return count;
}

static void
assert_error (TestReply  *reply,
              guint       status,
              const char *code)
{
  g_autofree char *actual = NULL;

  g_assert_cmpuint (reply->status, ==, status);
  actual = test_reply_error_code (reply);
  g_assert_cmpstr (actual, ==, code);
}

static void
test_health (void)
{
  Fixture f = { 0 };
  g_autoptr(TestReply) reply = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *url = NULL;
  JsonObject *object;

  fixture_start (&f, NULL, NULL);
  reply = test_http (f.port, "GET", "/healthz", NULL, NULL, NULL, 0);
  g_assert_cmpuint (reply->status, ==, 200);
  node = test_reply_json (reply);
  object = json_node_get_object (node);
  g_assert_cmpstr (json_object_get_string_member (object, "status"), ==, "ok");
  g_assert_cmpstr (json_object_get_string_member (object, "version"), ==, PACKAGE_VERSION);
  g_assert_cmpint (json_object_get_int_member (object, "uptime"), >=, 0);
  url = g_strdup_printf ("http://127.0.0.1:%u", f.port);
  g_assert_cmpstr (terra_server_get_url (f.server), ==, url);
  fixture_stop (&f);
}

static void
test_auth (void)
{
  Fixture f = { 0 };
  g_autoptr(TestReply) none = NULL;
  g_autoptr(TestReply) wrong = NULL;
  g_autoptr(TestReply) almost = NULL;
  g_autoptr(TestReply) right = NULL;
  g_autofree char *challenge = NULL;

  fixture_start (&f, NULL, NULL);

  none = test_post_message (f.port, NULL, "+15550001", "Hello", "auth-1");
  assert_error (none, 401, "unauthorized");
  challenge = test_reply_header (none, "WWW-Authenticate");
  g_assert_true (g_str_has_prefix (challenge, "Bearer"));

  wrong = test_post_message (f.port, "not-the-key", "+15550001", "Hello", "auth-1");
  assert_error (wrong, 401, "unauthorized");
  /* One character short: still wrong. */
  almost = test_post_message (f.port, "test-key-0123456789abcde", "+15550001", "Hello", "auth-1");
  assert_error (almost, 401, "unauthorized");
  g_assert_cmpint (count_messages (f.workspace, NULL), ==, 0);

  right = test_post_message (f.port, KEY, "+15550001", "Hello", "auth-1");
  g_assert_cmpuint (right->status, ==, 202);
  g_assert_cmpint (count_messages (f.workspace, "auth-1"), ==, 1);
  fixture_stop (&f);
}

static void
test_ingest (void)
{
  Fixture f = { 0 };
  g_autoptr(TestReply) reply = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *object;
  gint64 conversation_id;
  TerraMessage *message;

  fixture_start (&f, NULL, NULL);
  reply = test_post_message (f.port, KEY, "+919800000001", "Is the 2BHK in Indiranagar available?", "ingest-1");
  g_assert_cmpuint (reply->status, ==, 202);
  node = test_reply_json (reply);
  object = json_node_get_object (node);
  conversation_id = json_object_get_int_member (object, "conversation_id");
  g_assert_cmpint (conversation_id, >, 0);
  g_assert_cmpint (json_object_get_int_member (object, "message_id"), >, 0);
  g_assert_false (json_object_get_boolean_member (object, "duplicate"));

  /* Acknowledged means stored: readable at once from another connection. */
  {
    g_autoptr(TerraStore) store = terra_workspace_open_store (f.workspace, &error);

    g_assert_no_error (error);
    messages = terra_store_list_messages (store, conversation_id, &error);
    g_assert_no_error (error);
  }
  g_assert_cmpuint (messages->len, ==, 1);
  message = messages->pdata[0];
  g_assert_cmpstr (terra_message_get_body (message), ==, "Is the 2BHK in Indiranagar available?");
  g_assert_cmpint (terra_message_get_channel (message), ==, TERRA_CHANNEL_API);
  g_assert_cmpint (terra_message_get_direction (message), ==, TERRA_DIRECTION_INBOUND);
  fixture_stop (&f);
}

typedef struct
{
  guint   port;
  gint64  message_id;
  gboolean duplicate;
  guint   status;
} DuplicateRun;

static gpointer
post_duplicate (gpointer data)
{
  DuplicateRun *run = data;
  g_autoptr(TestReply) reply = test_post_message (run->port, KEY, "+15550002", "Same message", "dup-1");

  run->status = reply->status;
  if (reply->status == 202)
    {
      g_autoptr(JsonNode) node = test_reply_json (reply);

      run->message_id = json_object_get_int_member (json_node_get_object (node), "message_id");
      run->duplicate = json_object_get_boolean_member (json_node_get_object (node), "duplicate");
    }
  return NULL;
}

/* Providers retry: the same message id, even eight times at once, is
 * acknowledged every time and stored once. */
static void
test_duplicates (void)
{
  Fixture f = { 0 };
  DuplicateRun runs[8];
  GThread *threads[8];
  guint firsts = 0;

  fixture_start (&f, NULL, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (runs); i++)
    {
      runs[i] = (DuplicateRun) { .port = f.port };
      threads[i] = g_thread_new ("client", post_duplicate, &runs[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (runs); i++)
    g_thread_join (threads[i]);

  for (guint i = 0; i < G_N_ELEMENTS (runs); i++)
    {
      g_assert_cmpuint (runs[i].status, ==, 202);
      g_assert_cmpint (runs[i].message_id, ==, runs[0].message_id);
      if (!runs[i].duplicate)
        firsts++;
    }
  g_assert_cmpuint (firsts, ==, 1);
  g_assert_cmpint (count_messages (f.workspace, "dup-1"), ==, 1);
  fixture_stop (&f);
}

static void
expect_bad_body (guint       port,
                 const char *body,
                 gssize      length,
                 const char *message_part)
{
  g_autoptr(TestReply) reply = test_http (port, "POST", "/api/v1/messages", KEY, NULL, body, length);

  assert_error (reply, 400, "bad_request");
  if (message_part != NULL)
    g_assert_nonnull (strstr (reply->body, message_part));
}

static void
test_bad_input (void)
{
  Fixture f = { 0 };
  static const char broken_utf8[] = "{\"from\":\"+1555\",\"text\":\"caf\xc3\x28\"}";

  fixture_start (&f, NULL, NULL);
  expect_bad_body (f.port, "{\"from\": \"+1555\", \"text\": ", -1, "JSON");
  expect_bad_body (f.port, broken_utf8, sizeof broken_utf8 - 1, "UTF-8");
  expect_bad_body (f.port, "{\"text\": \"Hello\"}", -1, "from");
  expect_bad_body (f.port, "{\"from\": \"+1555\"}", -1, "text");
  expect_bad_body (f.port, "{\"from\": 15551234, \"text\": \"Hello\"}", -1, "from");
  expect_bad_body (f.port, "{\"from\": \"+1555\", \"text\": \"Hi\", \"channel\": \"pigeon\"}", -1, "pigeon");
  expect_bad_body (f.port, "[\"from\", \"text\"]", -1, "object");
  expect_bad_body (f.port, "", 0, NULL);
  expect_bad_body (f.port, "{\"from\": \"+1555\", \"text\": \"\"}", -1, NULL);
  expect_bad_body (f.port, "{\"from\": \"\", \"text\": \"Hello\"}", -1, NULL);

  /* None of it was stored. */
  g_assert_cmpint (count_messages (f.workspace, NULL), ==, 0);
  fixture_stop (&f);
}

static void
test_not_found (void)
{
  Fixture f = { 0 };
  g_autoptr(TestReply) missing = NULL;
  g_autoptr(TestReply) wrong_method = NULL;
  g_autoptr(TestReply) health_post = NULL;
  g_autofree char *allow = NULL;

  fixture_start (&f, NULL, NULL);
  missing = test_http (f.port, "GET", "/api/v1/nothing-here", KEY, NULL, NULL, 0);
  assert_error (missing, 404, "not_found");

  wrong_method = test_http (f.port, "GET", "/api/v1/messages", KEY, NULL, NULL, 0);
  assert_error (wrong_method, 405, "method_not_allowed");
  allow = test_reply_header (wrong_method, "Allow");
  g_assert_cmpstr (allow, ==, "POST");

  health_post = test_http (f.port, "DELETE", "/healthz", NULL, NULL, NULL, 0);
  assert_error (health_post, 405, "method_not_allowed");
  fixture_stop (&f);
}

/* A 10 MB body is refused as soon as it is announced, and one sent in
 * chunks as soon as it crosses the limit; nothing is stored and the
 * server goes on. */
static void
test_too_large (void)
{
  Fixture f = { 0 };
  gsize size = 10 * 1024 * 1024;
  g_autofree char *big = g_malloc (size);
  g_autoptr(GString) chunked = g_string_new (NULL);
  g_autoptr(TestReply) announced = NULL;
  g_autoptr(TestReply) streamed = NULL;
  g_autoptr(TestReply) after = NULL;
  gint64 started;

  memset (big, 'a', size);
  fixture_start (&f, NULL, NULL);

  started = g_get_monotonic_time ();
  announced = test_http (f.port, "POST", "/api/v1/messages", KEY, NULL, big, size);
  assert_error (announced, 413, "too_large");
  g_test_message ("413 for 10 MB after %.1f ms", (g_get_monotonic_time () - started) / 1000.0);

  g_string_append_printf (chunked,
                          "POST /api/v1/messages HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                          "Authorization: Bearer " KEY "\r\nTransfer-Encoding: chunked\r\n\r\n");
  for (guint i = 0; i < 64; i++)
    {
      g_string_append_printf (chunked, "%x\r\n", 16384);
      g_string_append_len (chunked, big, 16384);
      g_string_append (chunked, "\r\n");
    }
  g_string_append (chunked, "0\r\n\r\n");
  streamed = test_http_raw (f.port, chunked->str, chunked->len);
  assert_error (streamed, 413, "too_large");

  after = test_post_message (f.port, KEY, "+15550003", "Still here?", "after-large");
  g_assert_cmpuint (after->status, ==, 202);
  g_assert_cmpint (count_messages (f.workspace, NULL), ==, 1);
  fixture_stop (&f);
}

static void
test_header_flood (void)
{
  Fixture f = { 0 };
  g_autoptr(GString) request = g_string_new ("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n");
  g_autoptr(GString) huge = g_string_new ("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ");
  g_autoptr(TestReply) many = NULL;
  g_autoptr(TestReply) long_one = NULL;
  g_autoptr(TestReply) after = NULL;

  fixture_start (&f, NULL, NULL);

  /* Many small headers, within libsoup's 64 KiB for the header block. */
  for (guint i = 0; i < 3000; i++)
    g_string_append_printf (request, "X-F%u: %u\r\n", i, i);
  g_string_append (request, "\r\n");
  many = test_http_raw (f.port, request->str, request->len);
  g_assert_cmpuint (many->status, ==, 431);

  /* A megabyte of header: past libsoup's limit the connection is dropped
   * (or refused with a 4xx), never served. */
  for (guint i = 0; i < 1024 * 1024 / 16; i++)
    g_string_append (huge, "0123456789abcdef");
  g_string_append (huge, "\r\n\r\n");
  long_one = test_http_raw (f.port, huge->str, huge->len);
  g_assert_true (long_one->status == 0 || (long_one->status >= 400 && long_one->status < 500));

  after = test_http (f.port, "GET", "/healthz", NULL, NULL, NULL, 0);
  g_assert_cmpuint (after->status, ==, 200);
  fixture_stop (&f);
}

/* Garbage of every kind, thousands of times: each gets a 4xx, none a 5xx
 * or silence, and a good request still works at the end. */
static void
test_random_bodies (void)
{
  Fixture f = { 0 };
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261122);
  g_autoptr(TestReply) last = NULL;
  static const char *fragments[] = {
    "{", "}", "[", "]", "\"from\"", "\"text\"", ":", ",", "null", "true", "12345",
    "\"+1555\"", "\"\\u0000\"", "\"\\ud800\"", "\xff", "\xc3", "{\"from\":{}}", "\"channel\":1",
  };
  guint n = g_test_slow () ? 5000 : 2000;

  fixture_start (&f, NULL, NULL);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GString) body = g_string_new (NULL);
      g_autoptr(TestReply) reply = NULL;
      guint parts = g_rand_int_range (rand, 0, 40);

      if (i % 2 == 0)
        for (guint j = 0; j < parts * 8; j++)
          g_string_append_c (body, (char)g_rand_int_range (rand, 1, 256));
      else
        for (guint j = 0; j < parts; j++)
          g_string_append (body, fragments[g_rand_int_range (rand, 0, G_N_ELEMENTS (fragments))]);

      reply = test_http (f.port, "POST", "/api/v1/messages", KEY, NULL, body->str, body->len);
      if (reply->status != 400)
        g_error ("body %u (%" G_GSIZE_FORMAT " bytes) got %u", i, body->len, reply->status);
    }

  last = test_post_message (f.port, KEY, "+15550004", "A real lead after the storm", "after-random");
  g_assert_cmpuint (last->status, ==, 202);
  g_assert_cmpint (count_messages (f.workspace, NULL), ==, 1);
  fixture_stop (&f);
}

static void
test_rate_limit_address (void)
{
  Fixture f = { 0 };
  guint limited = 0;
  guint ok = 0;
  g_autoptr(TestReply) other = NULL;

  /* 5 a second, bursts of 10. */
  fixture_start (&f, "5", NULL);
  for (guint i = 0; i < 30; i++)
    {
      g_autoptr(TestReply) reply = test_http (f.port, "GET", "/healthz", NULL, NULL, NULL, 0);

      if (reply->status == 429)
        {
          g_autofree char *retry_after = test_reply_header (reply, "Retry-After");

          assert_error (reply, 429, "rate_limited");
          g_assert_nonnull (retry_after);
          g_assert_cmpuint (g_ascii_strtoull (retry_after, NULL, 10), >=, 1);
          limited++;
        }
      else
        {
          g_assert_cmpuint (reply->status, ==, 200);
          ok++;
        }
    }
  g_assert_cmpuint (ok, >=, 10);
  g_assert_cmpuint (limited, >=, 10);

  /* Behind a local tunnel, the forwarded client address has its own
   * bucket. */
  other = test_http (f.port, "GET", "/healthz", NULL, "X-Forwarded-For: 203.0.113.9\r\n", NULL, 0);
  g_assert_cmpuint (other->status, ==, 200);
  fixture_stop (&f);
}

static void
test_rate_limit_key (void)
{
  Fixture f = { 0 };
  guint limited = 0;

  /* 2 a second with the key, bursts of 4. */
  fixture_start (&f, NULL, "2");
  for (guint i = 0; i < 12; i++)
    {
      g_autofree char *id = g_strdup_printf ("rate-%u", i);
      g_autoptr(TestReply) reply = test_post_message (f.port, KEY, "+15550005", "Hello again", id);

      if (reply->status == 429)
        {
          g_autofree char *retry_after = test_reply_header (reply, "Retry-After");

          assert_error (reply, 429, "rate_limited");
          g_assert_nonnull (retry_after);
          limited++;
        }
      else
        g_assert_cmpuint (reply->status, ==, 202);
    }
  g_assert_cmpuint (limited, >=, 6);
  /* What was refused was not stored. */
  g_assert_cmpint (count_messages (f.workspace, NULL), ==, 12 - limited);
  fixture_stop (&f);
}

/* A client that sends half its headers, or half its body, is cut off. */
static void
test_slow_client (void)
{
  Fixture f = { 0 };
  static const char *partial[] = {
    "POST /api/v1/messages HTTP/1.1\r\nHost: 127.0.0.1\r\n",
    "POST /api/v1/messages HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\n{\"from\":",
  };

  fixture_start (&f, NULL, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (partial); i++)
    {
      g_autoptr(GSocketClient) client = g_socket_client_new ();
      g_autoptr(GSocketConnection) connection = NULL;
      g_autoptr(GError) error = NULL;
      char buffer[256];
      gint64 started = g_get_monotonic_time ();
      gssize n;

      g_socket_client_set_timeout (client, 20);
      connection = g_socket_client_connect_to_host (client, "127.0.0.1", f.port, NULL, &error);
      g_assert_no_error (error);
      g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (connection)),
                                 partial[i], strlen (partial[i]), NULL, NULL, &error);
      g_assert_no_error (error);

      /* Closed with no answer, well before the client's own timeout. */
      n = g_input_stream_read (g_io_stream_get_input_stream (G_IO_STREAM (connection)),
                               buffer, sizeof buffer, NULL, NULL);
      g_assert_cmpint (n, <=, 0);
      g_assert_cmpint (g_get_monotonic_time () - started, <, 10 * G_USEC_PER_SEC);
    }
  fixture_stop (&f);
}

static void
test_port_in_use (void)
{
  Fixture f = { 0 };
  g_autoptr(TerraServer) second = NULL;
  g_autoptr(GError) error = NULL;

  fixture_start (&f, NULL, NULL);
  second = terra_server_new (f.workspace, NULL);
  terra_server_set_port (second, f.port);
  g_assert_false (terra_server_start (second, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_ADDRESS_IN_USE);
  g_assert_nonnull (strstr (error->message, "already in use"));
  g_assert_false (terra_server_is_running (second));
  fixture_stop (&f);
}

typedef struct
{
  guint       port;
  guint       index;
  GPtrArray  *acknowledged;  /* external ids answered 202 */
  guint       failures;
} StopClient;

static gpointer
stop_client (gpointer data)
{
  StopClient *client = data;

  for (guint i = 0; i < 200; i++)
    {
      g_autofree char *id = g_strdup_printf ("stop-%u-%u", client->index, i);
      g_autofree char *from = g_strdup_printf ("+1666%04u", client->index * 1000 + i);
      g_autoptr(TestReply) reply = test_post_message (client->port, KEY, from, "Before the stop", id);

      if (reply->status == 202)
        g_ptr_array_add (client->acknowledged, g_steal_pointer (&id));
      else if (++client->failures > 3)
        break;
    }
  return NULL;
}

/* Stopping while clients send: whatever was acknowledged is stored. */
static void
test_stop_loses_nothing (void)
{
  Fixture f = { 0 };
  StopClient clients[4];
  GThread *threads[4];
  guint total = 0;

  fixture_start (&f, NULL, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (clients); i++)
    {
      clients[i] = (StopClient) { .port = f.port, .index = i,
                                  .acknowledged = g_ptr_array_new_with_free_func (g_free) };
      threads[i] = g_thread_new ("client", stop_client, &clients[i]);
    }

  while (count_messages (f.workspace, NULL) < 50)
    g_usleep (5000);
  terra_server_stop (f.server);

  for (guint i = 0; i < G_N_ELEMENTS (clients); i++)
    {
      g_thread_join (threads[i]);
      for (guint j = 0; j < clients[i].acknowledged->len; j++)
        g_assert_cmpint (count_messages (f.workspace, clients[i].acknowledged->pdata[j]), ==, 1);
      total += clients[i].acknowledged->len;
      g_ptr_array_unref (clients[i].acknowledged);
    }
  g_test_message ("%u messages acknowledged before the stop, all stored", total);
  g_assert_cmpuint (total, >=, 1);
  fixture_stop (&f);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("TERRA_SECRET_API_KEY", KEY, TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/server/health", test_health);
  g_test_add_func ("/server/auth", test_auth);
  g_test_add_func ("/server/ingest", test_ingest);
  g_test_add_func ("/server/duplicates", test_duplicates);
  g_test_add_func ("/server/bad-input", test_bad_input);
  g_test_add_func ("/server/not-found", test_not_found);
  g_test_add_func ("/server/too-large", test_too_large);
  g_test_add_func ("/server/header-flood", test_header_flood);
  g_test_add_func ("/server/random-bodies", test_random_bodies);
  g_test_add_func ("/server/rate-limit/address", test_rate_limit_address);
  g_test_add_func ("/server/rate-limit/key", test_rate_limit_key);
  g_test_add_func ("/server/slow-client", test_slow_client);
  g_test_add_func ("/server/port-in-use", test_port_in_use);
  g_test_add_func ("/server/stop-loses-nothing", test_stop_loses_nothing);

  return g_test_run ();
}
