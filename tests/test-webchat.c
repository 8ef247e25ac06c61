/* test-webchat.c — the web chat over real loopback sockets: the files a
 * website embeds, the token, the socket protocol, history, limits, and the
 * assistant's reply streamed word by word
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The server here is a bare SoupServer with only the web chat attached,
 * running on the test's main context; the visitor is a SoupSession
 * WebSocket client, as a browser would be.
 */

#include "config.h"

#include <libsoup/soup.h>

#include "terra-desk.h"
#include "terra-orchestrator.h"
#include "terra-server.h"
#include "terra-store-webchat.h"
#include "terra-test-utils.h"
#include "terra-webchat.h"

#define TIMEOUT_US (20 * G_USEC_PER_SEC)

typedef struct
{
  TerraTestWorkspace  *workspace;
  TerraStore          *store;
  TerraOrchestrator   *orchestrator;
  TerraChannelContext  context;
  SoupServer          *server;
  TerraServer         *terra_server;
  SoupSession         *session;
  char                *base;
  char                *token;
} Fixture;

typedef struct
{
  SoupWebsocketConnection *connection;
  GPtrArray               *frames;   /* JsonNode */
  guint                    read;     /* frames already looked at */
  gboolean                 closed;
  gushort                  close_code;
} Visitor;

static void
set_string (TerraStore *store,
            const char *key,
            const char *value)
{
  g_autoptr(JsonNode) node = json_node_init_string (json_node_alloc (), value);

  g_assert_true (terra_store_set_setting (store, key, node, NULL));
}

static void
start_server (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  GSList *uris;
  g_autofree char *uri = NULL;

  fixture->context.workspace = fixture->workspace;
  fixture->context.store = fixture->store;
  fixture->context.orchestrator = fixture->orchestrator;
  fixture->context.context = g_main_context_default ();

  fixture->server = soup_server_new (NULL, NULL);
  terra_webchat_attach (fixture->server, &fixture->context);
  g_assert_true (soup_server_listen_local (fixture->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);

  uris = soup_server_get_uris (fixture->server);
  uri = g_uri_to_string (uris->data);
  g_slist_free_full (uris, (GDestroyNotify)g_uri_unref);
  /* "http://127.0.0.1:PORT/" without the slash. */
  fixture->base = g_strndup (uri, strlen (uri) - 1);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->workspace = terra_test_workspace_new ();
  fixture->store = terra_workspace_get_store (fixture->workspace);
  fixture->session = soup_session_new ();
  fixture->token = terra_webchat_get_site_token (fixture->store, NULL);
  g_assert_nonnull (fixture->token);

  /* The end-to-end test starts the engine first. */
  if (data == NULL)
    start_server (fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->server);
  if (fixture->terra_server != NULL)
    terra_server_stop (fixture->terra_server);
  g_clear_object (&fixture->terra_server);
  if (fixture->orchestrator != NULL)
    terra_orchestrator_stop (fixture->orchestrator);
  g_clear_object (&fixture->orchestrator);
  g_clear_object (&fixture->session);
  /* Let closing sockets finish. */
  for (int i = 0; i < 20; i++)
    terra_test_iterate_main_context ();
  g_free (fixture->base);
  g_free (fixture->token);
  terra_test_workspace_free (fixture->workspace);
}

/* HTTP */

static void
store_result (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static GBytes *
http_get (Fixture     *fixture,
          const char  *method,
          const char  *path,
          guint       *status,
          char       **content_type)
{
  g_autofree char *url = g_strconcat (fixture->base, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  gint64 deadline = g_get_monotonic_time () + TIMEOUT_US;
  GBytes *body;

  /* The server runs on this thread's context: wait by iterating it. */
  soup_session_send_and_read_async (fixture->session, msg, G_PRIORITY_DEFAULT, NULL, store_result, &result);
  while (result == NULL && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (result);
  body = soup_session_send_and_read_finish (fixture->session, result, &error);
  g_assert_no_error (error);
  *status = soup_message_get_status (msg);
  if (content_type != NULL)
    *content_type = g_strdup (soup_message_headers_get_content_type (soup_message_get_response_headers (msg), NULL));
  return body;
}

/* The WebSocket visitor */

static void
visitor_message_cb (SoupWebsocketConnection *connection,
                    gint                     type,
                    GBytes                  *bytes,
                    gpointer                 user_data)
{
  Visitor *visitor = user_data;
  g_autoptr(GError) error = NULL;
  gsize size;
  const char *data = g_bytes_get_data (bytes, &size);
  JsonNode *node = json_from_string (data, &error);

  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  g_ptr_array_add (visitor->frames, node);
}

static void
visitor_closed_cb (SoupWebsocketConnection *connection,
                   gpointer                 user_data)
{
  Visitor *visitor = user_data;

  visitor->closed = TRUE;
  visitor->close_code = soup_websocket_connection_get_close_code (connection);
}

static void
connected_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  SoupWebsocketConnection **connection = user_data;
  g_autoptr(GError) error = NULL;

  *connection = soup_session_websocket_connect_finish (SOUP_SESSION (source), result, &error);
  g_assert_no_error (error);
}

static Visitor *
visitor_connect_from (Fixture    *fixture,
                      const char *origin)
{
  g_autofree char *url = g_strconcat (fixture->base, "/chat/ws", NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  Visitor *visitor = g_new0 (Visitor, 1);
  gint64 deadline = g_get_monotonic_time () + TIMEOUT_US;

  visitor->frames = g_ptr_array_new_with_free_func ((GDestroyNotify)json_node_unref);
  soup_session_websocket_connect_async (fixture->session, msg, origin, NULL,
                                        G_PRIORITY_DEFAULT, NULL, connected_cb, &visitor->connection);
  while (visitor->connection == NULL && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (visitor->connection);
  g_signal_connect (visitor->connection, "message", G_CALLBACK (visitor_message_cb), visitor);
  g_signal_connect (visitor->connection, "closed", G_CALLBACK (visitor_closed_cb), visitor);
  return visitor;
}

/* A visitor on the business's website. */
static Visitor *
visitor_connect (Fixture *fixture)
{
  return visitor_connect_from (fixture, "https://shop.example");
}

static void
visitor_free (Visitor *visitor)
{
  gint64 deadline = g_get_monotonic_time () + TIMEOUT_US;

  if (soup_websocket_connection_get_state (visitor->connection) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_close (visitor->connection, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
  while (!visitor->closed && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handlers_disconnect_by_data (visitor->connection, visitor);
  g_object_unref (visitor->connection);
  g_ptr_array_unref (visitor->frames);
  g_free (visitor);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Visitor, visitor_free)

static void
visitor_send (Visitor    *visitor,
              const char *format,
              ...) G_GNUC_PRINTF (2, 3);

static void
visitor_send (Visitor    *visitor,
              const char *format,
              ...)
{
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  soup_websocket_connection_send_text (visitor->connection, text);
}

static void
visitor_send_json (Visitor    *visitor,
                   const char *type,
                   const char *member,
                   const char *value,
                   const char *member2,
                   const char *value2)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, type);
  if (member != NULL)
    {
      json_builder_set_member_name (builder, member);
      json_builder_add_string_value (builder, value);
    }
  if (member2 != NULL)
    {
      json_builder_set_member_name (builder, member2);
      json_builder_add_string_value (builder, value2);
    }
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  text = json_to_string (root, FALSE);
  soup_websocket_connection_send_text (visitor->connection, text);
}

static const char *
frame_type (JsonNode *frame)
{
  return json_object_get_string_member (json_node_get_object (frame), "type");
}

/* The next frame of @type, skipping others (they stay readable through
 * visitor->frames); NULL when the socket closed or time ran out. */
static JsonObject *
visitor_wait (Visitor    *visitor,
              const char *type)
{
  gint64 deadline = g_get_monotonic_time () + TIMEOUT_US;

  while (g_get_monotonic_time () < deadline)
    {
      while (visitor->read < visitor->frames->len)
        {
          JsonNode *frame = visitor->frames->pdata[visitor->read++];

          if (g_str_equal (frame_type (frame), type))
            return json_node_get_object (frame);
        }
      if (visitor->closed)
        return NULL;
      g_main_context_iteration (NULL, TRUE);
    }
  return NULL;
}

static void
visitor_wait_closed (Visitor *visitor)
{
  gint64 deadline = g_get_monotonic_time () + TIMEOUT_US;

  while (!visitor->closed && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (visitor->closed);
}

static JsonObject *
visitor_hello (Fixture    *fixture,
               Visitor    *visitor,
               const char *visitor_id)
{
  JsonObject *history;

  visitor_send_json (visitor, "hello", "token", fixture->token, "visitor", visitor_id);
  history = visitor_wait (visitor, "history");
  g_assert_nonnull (history);
  return history;
}

static gint64
visitor_say (Visitor    *visitor,
             const char *text,
             const char *client_id)
{
  JsonObject *ack;

  visitor_send_json (visitor, "message", "text", text, "client_id", client_id);
  ack = visitor_wait (visitor, "ack");
  g_assert_nonnull (ack);
  g_assert_cmpstr (json_object_get_string_member (ack, "client_id"), ==, client_id);
  g_assert_cmpint (json_object_get_int_member (ack, "message_id"), >, 0);
  return json_object_get_int_member (ack, "message_id");
}

static TerraMessage *
get_message (Fixture *fixture,
             gint64   id)
{
  g_autoptr(GError) error = NULL;
  TerraMessage *message = terra_store_get (fixture->store, TERRA_TYPE_MESSAGE, id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (message);
  return message;
}

static gint64
count (Fixture *fixture,
       GType    type)
{
  g_autoptr(TerraQuery) query = terra_query_new (type);

  return terra_store_count (fixture->store, query, NULL);
}

/* Tests */

/* What a website embeds is served by Terra itself, small and with the
 * right types, and never renders text as HTML. */
static void
test_files (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GBytes) js = NULL;
  g_autoptr(GBytes) css = NULL;
  g_autoptr(GBytes) missing = NULL;
  g_autoptr(GBytes) posted = NULL;
  g_autofree char *js_type = NULL;
  g_autofree char *css_type = NULL;
  g_autofree char *js_text = NULL;
  guint status;

  js = http_get (fixture, "GET", "/chat/widget.js", &status, &js_type);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (js_type, ==, "text/javascript");
  g_assert_cmpuint (g_bytes_get_size (js), <, 16 * 1024);
  js_text = g_strndup (g_bytes_get_data (js, NULL), g_bytes_get_size (js));
  g_assert_nonnull (strstr (js_text, "new WebSocket"));
  g_assert_nonnull (strstr (js_text, "textContent"));
  g_assert_null (strstr (js_text, "innerHTML"));
  g_assert_null (strstr (js_text, "insertAdjacentHTML"));
  g_assert_null (strstr (js_text, "document.write"));

  css = http_get (fixture, "GET", "/chat/widget.css", &status, &css_type);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (css_type, ==, "text/css");
  g_assert_cmpuint (g_bytes_get_size (css), <, 8 * 1024);

  missing = http_get (fixture, "GET", "/chat/nothing.js", &status, NULL);
  g_assert_cmpuint (status, ==, 404);
  posted = http_get (fixture, "POST", "/chat/widget.js", &status, NULL);
  g_assert_cmpuint (status, ==, 405);
}

/* The standalone page carries the token and the owner's greeting,
 * escaped: a greeting with markup stays text. */
static void
test_page (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(GBytes) page = NULL;
  g_autofree char *type = NULL;
  g_autofree char *text = NULL;
  g_autofree char *token_attr = g_strdup_printf ("data-token=\"%s\"", fixture->token);
  guint status;

  set_string (fixture->store, "business.name", "Sunrise & Sons");
  set_string (fixture->store, "webchat.greeting", "<b onclick=\"x()\">Hi!</b>");
  set_string (fixture->store, "webchat.color", "javascript:alert(1)");

  page = http_get (fixture, "GET", "/chat", &status, &type);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (type, ==, "text/html");
  text = g_strndup (g_bytes_get_data (page, NULL), g_bytes_get_size (page));
  g_assert_nonnull (strstr (text, token_attr));
  g_assert_nonnull (strstr (text, "<title>Chat with Sunrise &amp; Sons</title>"));
  g_assert_nonnull (strstr (text, "data-greeting=\"&lt;b onclick=&quot;x()&quot;&gt;Hi!&lt;/b&gt;\""));
  g_assert_nonnull (strstr (text, "data-color=\"#3584e4\""));
  g_assert_null (strstr (text, "javascript:"));
  g_assert_null (strstr (text, "<b onclick"));
}

/* The code the owner copies: one script tag, every value escaped, bad
 * colours and positions replaced by the defaults. */
static void
test_embed_code (void)
{
  g_autofree char *plain = NULL;
  g_autofree char *hostile = NULL;

  plain = terra_webchat_embed_code ("https://chat.example.com/", "0123abcd", "#aa3300", "left", "Hello!");
  g_assert_cmpstr (plain, ==,
                   "<script src=\"https://chat.example.com/chat/widget.js\" data-token=\"0123abcd\" "
                   "data-color=\"#aa3300\" data-position=\"left\" data-greeting=\"Hello!\" async></script>");

  hostile = terra_webchat_embed_code ("http://127.0.0.1:8642", "t\"k", "red\" onload=\"x", "top",
                                      "\"><script>alert('hi')</script> & more");
  g_assert_cmpstr (hostile, ==,
                   "<script src=\"http://127.0.0.1:8642/chat/widget.js\" data-token=\"t&quot;k\" "
                   "data-color=\"#3584e4\" data-position=\"right\" "
                   "data-greeting=\"&quot;&gt;&lt;script&gt;alert(&#39;hi&#39;)&lt;/script&gt; &amp; more\" "
                   "async></script>");
}

/* The token is made once and kept; regenerating it changes it. */
static void
test_site_token (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *again = terra_webchat_get_site_token (fixture->store, NULL);
  g_autofree char *fresh = NULL;

  g_assert_cmpuint (strlen (fixture->token), ==, 32);
  for (const char *p = fixture->token; *p != '\0'; p++)
    g_assert_true (g_ascii_isxdigit (*p));
  g_assert_cmpstr (again, ==, fixture->token);

  fresh = terra_webchat_regenerate_site_token (fixture->store, NULL);
  g_assert_nonnull (fresh);
  g_assert_cmpstr (fresh, !=, fixture->token);
  g_clear_pointer (&again, g_free);
  again = terra_webchat_get_site_token (fixture->store, NULL);
  g_assert_cmpstr (again, ==, fresh);
}

/* A wrong token, a missing one, an old one after regenerating, and talk
 * before hello are all refused with a policy violation; nothing is
 * stored. */
static void
test_wrong_token (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *fresh = NULL;
  const char *bad[] = { "wrong", "", NULL };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(Visitor) visitor = visitor_connect (fixture);

      if (bad[i] != NULL)
        visitor_send_json (visitor, "hello", "token", bad[i], "visitor", "visitor-0001");
      else
        visitor_send_json (visitor, "hello", "visitor", "visitor-0001", NULL, NULL);
      visitor_wait_closed (visitor);
      g_assert_cmpuint (visitor->close_code, ==, SOUP_WEBSOCKET_CLOSE_POLICY_VIOLATION);
      g_assert_null (visitor_wait (visitor, "history"));
    }

  {
    g_autoptr(Visitor) visitor = visitor_connect (fixture);

    visitor_send_json (visitor, "message", "text", "Hello?", "client_id", "c1");
    visitor_wait_closed (visitor);
    g_assert_cmpuint (visitor->close_code, ==, SOUP_WEBSOCKET_CLOSE_POLICY_VIOLATION);
  }

  fresh = terra_webchat_regenerate_site_token (fixture->store, NULL);
  {
    g_autoptr(Visitor) visitor = visitor_connect (fixture);

    visitor_send_json (visitor, "hello", "token", fixture->token, "visitor", "visitor-0001");
    visitor_wait_closed (visitor);
    g_assert_cmpuint (visitor->close_code, ==, SOUP_WEBSOCKET_CLOSE_POLICY_VIOLATION);
  }

  g_assert_cmpint (count (fixture, TERRA_TYPE_MESSAGE), ==, 0);
  g_assert_cmpint (count (fixture, TERRA_TYPE_CONTACT), ==, 0);
}

/* With allowed origins set, a copied embed code on another site is
 * refused; the listed sites and Terra's own /chat page are not. */
static void
test_allowed_origins (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *own_origin = g_strdup (fixture->base);

  set_string (fixture->store, "webchat.allowed_origins", "https://www.example.com, HTTPS://Shop.Example/");

  {
    g_autoptr(Visitor) visitor = visitor_connect_from (fixture, "https://evil.example");

    visitor_send_json (visitor, "hello", "token", fixture->token, "visitor", "copied-visitor");
    visitor_wait_closed (visitor);
    g_assert_cmpuint (visitor->close_code, ==, SOUP_WEBSOCKET_CLOSE_POLICY_VIOLATION);
  }
  {
    g_autoptr(Visitor) visitor = visitor_connect (fixture);

    visitor_hello (fixture, visitor, "shop-visitor");
  }
  {
    g_autoptr(Visitor) visitor = visitor_connect_from (fixture, own_origin);

    visitor_hello (fixture, visitor, "page-visitor");
  }
  {
    g_autoptr(Visitor) visitor = visitor_connect_from (fixture, NULL);

    visitor_hello (fixture, visitor, "script-visitor");
  }
}

/* Hello, a message, its ack after the commit; the message is in the
 * workspace as the visitor's; sent again after a lost ack, it is stored
 * once. A page view alone leaves no contact behind. */
static void
test_send_and_ack (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(Visitor) visitor = visitor_connect (fixture);
  g_autoptr(TerraMessage) message = NULL;
  g_autoptr(TerraContact) contact = NULL;
  JsonObject *history;
  JsonObject *ack;
  gint64 id;

  visitor_send (visitor, "{\"type\":\"hello\",\"token\":\"%s\",\"visitor\":\"v-12345678\",\"name\":\"Asha\"}",
                fixture->token);
  history = visitor_wait (visitor, "history");
  g_assert_nonnull (history);
  g_assert_cmpstr (json_object_get_string_member (history, "visitor"), ==, "v-12345678");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (history, "messages")), ==, 0);
  g_assert_cmpint (count (fixture, TERRA_TYPE_CONTACT), ==, 0);

  id = visitor_say (visitor, "Do you have a 2BHK near the park?", "m-1");
  message = get_message (fixture, id);
  g_assert_cmpstr (terra_message_get_body (message), ==, "Do you have a 2BHK near the park?");
  g_assert_cmpint (terra_message_get_channel (message), ==, TERRA_CHANNEL_WEBCHAT);
  g_assert_cmpint (terra_message_get_direction (message), ==, TERRA_DIRECTION_INBOUND);
  g_assert_cmpint (terra_message_get_author (message), ==, TERRA_AUTHOR_LEAD);

  contact = terra_store_find_contact_by_identity (fixture->store, TERRA_CHANNEL_WEBCHAT, "v-12345678", NULL);
  g_assert_nonnull (contact);
  g_assert_cmpstr (terra_contact_get_name (contact), ==, "Asha");

  /* The widget resends what was not acknowledged. */
  visitor_send_json (visitor, "message", "text", "Do you have a 2BHK near the park?", "client_id", "m-1");
  ack = visitor_wait (visitor, "ack");
  g_assert_nonnull (ack);
  g_assert_cmpint (json_object_get_int_member (ack, "message_id"), ==, id);
  g_assert_cmpint (count (fixture, TERRA_TYPE_MESSAGE), ==, 1);
}

/* The visitor comes back (a new socket, the same id from localStorage)
 * and sees the conversation; the owner's reply written while they were
 * away is in it and now counts as sent; a reply written while they are
 * connected arrives at once. */
static void
test_history_and_owner_reply (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TerraMessage) away_reply = NULL;
  g_autoptr(TerraMessage) live_reply = NULL;
  gint64 first, conversation_id, away_id, live_id;
  JsonObject *history;
  JsonObject *pushed;
  JsonArray *messages;

  {
    g_autoptr(Visitor) visitor = visitor_connect (fixture);

    visitor_hello (fixture, visitor, "returning-visitor");
    first = visitor_say (visitor, "Is there parking?", "a1");
  }

  conversation_id = terra_store_webchat_find_conversation (fixture->store, "returning-visitor", &error);
  g_assert_no_error (error);
  g_assert_cmpint (conversation_id, >, 0);
  g_assert_true (terra_store_send_owner_message (fixture->store, conversation_id,
                                                 "Yes, one covered space per flat.", &away_id, &error));
  g_assert_no_error (error);
  away_reply = get_message (fixture, away_id);
  g_assert_cmpint (terra_message_get_delivery (away_reply), ==, TERRA_DELIVERY_PENDING);

  {
    g_autoptr(Visitor) visitor = visitor_connect (fixture);

    history = visitor_hello (fixture, visitor, "returning-visitor");
    messages = json_object_get_array_member (history, "messages");
    g_assert_cmpuint (json_array_get_length (messages), ==, 2);
    g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (messages, 0), "id"), ==, first);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (messages, 0), "author"), ==, "lead");
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (messages, 1), "text"), ==,
                     "Yes, one covered space per flat.");
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (messages, 1), "author"), ==, "human");
    g_clear_object (&away_reply);
    away_reply = get_message (fixture, away_id);
    g_assert_cmpint (terra_message_get_delivery (away_reply), ==, TERRA_DELIVERY_SENT);

    /* The owner answers from the desk while the visitor is here. */
    g_assert_true (terra_store_send_owner_message (fixture->store, conversation_id,
                                                   "Would you like to visit on Saturday?", &live_id, &error));
    g_assert_no_error (error);
    pushed = visitor_wait (visitor, "message");
    g_assert_nonnull (pushed);
    g_assert_cmpint (json_object_get_int_member (pushed, "id"), ==, live_id);
    g_assert_cmpstr (json_object_get_string_member (pushed, "author"), ==, "human");
    g_assert_cmpstr (json_object_get_string_member (pushed, "text"), ==, "Would you like to visit on Saturday?");
    live_reply = get_message (fixture, live_id);
    g_assert_cmpint (terra_message_get_delivery (live_reply), ==, TERRA_DELIVERY_SENT);
  }
}

/* Markup in a message is stored and sent back exactly as typed: the
 * widget shows it as text. */
static void
test_html_is_text (Fixture       *fixture,
                   gconstpointer  data)
{
  const char *text = "<img src=x onerror=\"alert(1)\"> & <script>alert('x')</script>";
  g_autoptr(TerraMessage) message = NULL;
  JsonObject *history;
  JsonArray *messages;
  gint64 id;

  {
    g_autoptr(Visitor) visitor = visitor_connect (fixture);

    visitor_hello (fixture, visitor, "html-visitor");
    id = visitor_say (visitor, text, "h1");
  }
  message = get_message (fixture, id);
  g_assert_cmpstr (terra_message_get_body (message), ==, text);

  {
    g_autoptr(Visitor) visitor = visitor_connect (fixture);

    history = visitor_hello (fixture, visitor, "html-visitor");
    messages = json_object_get_array_member (history, "messages");
    g_assert_cmpuint (json_array_get_length (messages), ==, 1);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (messages, 0), "text"), ==, text);
  }
}

/* Limits: too many messages a minute, an empty or oversized message, a
 * frame that is not JSON, a frame bigger than the limit. */
static void
test_limits (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(Visitor) visitor = visitor_connect (fixture);
  g_autofree char *huge = NULL;
  JsonObject *error;
  guint accepted = 0;

  visitor_hello (fixture, visitor, "busy-visitor");

  visitor_send (visitor, "this is not json");
  error = visitor_wait (visitor, "error");
  g_assert_nonnull (error);
  g_assert_cmpstr (json_object_get_string_member (error, "code"), ==, "bad_request");

  visitor_send_json (visitor, "message", "text", "   \n ", "client_id", "blank");
  error = visitor_wait (visitor, "error");
  g_assert_nonnull (error);
  g_assert_cmpstr (json_object_get_string_member (error, "client_id"), ==, "blank");

  for (guint i = 0; i < TERRA_WEBCHAT_MAX_PER_MINUTE + 1; i++)
    {
      g_autofree char *client_id = g_strdup_printf ("r%u", i);

      visitor_send_json (visitor, "message", "text", "Hello again", "client_id", client_id);
    }
  for (;;)
    {
      JsonNode *frame;

      while (visitor->read >= visitor->frames->len && !visitor->closed)
        g_main_context_iteration (NULL, TRUE);
      g_assert_false (visitor->closed);
      frame = visitor->frames->pdata[visitor->read++];
      if (g_str_equal (frame_type (frame), "ack"))
        accepted++;
      else if (g_str_equal (frame_type (frame), "error"))
        {
          JsonObject *object = json_node_get_object (frame);

          g_assert_cmpstr (json_object_get_string_member (object, "code"), ==, "rate_limited");
          g_assert_cmpint (json_object_get_int_member (object, "retry_after"), >=, 1);
          break;
        }
    }
  g_assert_cmpuint (accepted, ==, TERRA_WEBCHAT_MAX_PER_MINUTE);
  g_assert_cmpint (count (fixture, TERRA_TYPE_MESSAGE), ==, TERRA_WEBCHAT_MAX_PER_MINUTE);

  huge = g_strnfill (TERRA_WEBCHAT_MAX_FRAME + 1, 'a');
  visitor_send (visitor, "{\"type\":\"message\",\"text\":\"%s\"}", huge);
  /* libsoup drops the connection at once (its 1009 frame may not make
   * it out first). */
  visitor_wait_closed (visitor);
  g_assert_cmpuint (visitor->close_code, !=, SOUP_WEBSOCKET_CLOSE_NORMAL);
  g_assert_cmpint (count (fixture, TERRA_TYPE_MESSAGE), ==, TERRA_WEBCHAT_MAX_PER_MINUTE);
}

/* End to end with the built-in engine: the visitor sends, sees the
 * typing dots, the reply word by word, then the stored reply, whose text
 * is the words put together; the reply counts as sent. */
static void
test_streamed_reply (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) streamed = g_string_new (NULL);
  g_autoptr(TerraMessage) reply = NULL;
  g_autoptr(Visitor) visitor = NULL;
  JsonObject *final;
  guint n_deltas = 0;
  gint64 reply_id;

  set_string (fixture->store, "business.name", "Sunrise Homes");
  set_string (fixture->store, "business.timezone", "Asia/Kolkata");
  fixture->orchestrator = terra_orchestrator_new (fixture->workspace);
  g_assert_true (terra_orchestrator_start (fixture->orchestrator, &error));
  g_assert_no_error (error);
  start_server (fixture);

  visitor = visitor_connect (fixture);
  visitor_hello (fixture, visitor, "stream-visitor");
  visitor_say (visitor, "Hi! What are your opening hours?", "s1");
  g_assert_nonnull (visitor_wait (visitor, "typing"));

  final = visitor_wait (visitor, "message");
  g_assert_nonnull (final);
  g_assert_cmpstr (json_object_get_string_member (final, "author"), ==, "assistant");

  /* Every delta came before the stored reply. */
  for (guint i = 0; i < visitor->read; i++)
    {
      JsonObject *frame = json_node_get_object (visitor->frames->pdata[i]);

      if (g_str_equal (json_object_get_string_member (frame, "type"), "delta"))
        {
          g_string_append (streamed, json_object_get_string_member (frame, "text"));
          n_deltas++;
        }
    }
  g_assert_cmpuint (n_deltas, >=, 3);
  g_assert_cmpstr (streamed->str, ==, json_object_get_string_member (final, "text"));

  reply_id = json_object_get_int_member (final, "id");
  reply = get_message (fixture, reply_id);
  g_assert_cmpstr (terra_message_get_body (reply), ==, streamed->str);
  g_assert_cmpint (terra_message_get_delivery (reply), ==, TERRA_DELIVERY_SENT);

  /* The change notifier's later look at the same reply sends nothing
   * twice. */
  for (int i = 0; i < 5; i++)
    {
      g_usleep (G_USEC_PER_SEC / 2);
      while (g_main_context_iteration (NULL, FALSE))
        ;
    }
  for (guint i = visitor->read; i < visitor->frames->len; i++)
    g_assert_cmpstr (frame_type (visitor->frames->pdata[i]), !=, "message");

  /* With the web chat's assistant turned off, messages are stored and
   * acknowledged, and no typing dots promise an answer. */
  {
    g_autoptr(JsonNode) off = json_node_init_boolean (json_node_alloc (), FALSE);

    g_assert_true (terra_store_set_setting (fixture->store, "channels.webchat", off, NULL));
  }
  visitor->read = visitor->frames->len;
  visitor_say (visitor, "Anyone?", "s2");
  g_assert_true (terra_orchestrator_wait_idle (fixture->orchestrator, 20000));
  for (int i = 0; i < 3; i++)
    {
      g_usleep (G_USEC_PER_SEC / 5);
      while (g_main_context_iteration (NULL, FALSE))
        ;
    }
  for (guint i = visitor->read; i < visitor->frames->len; i++)
    g_assert_cmpstr (frame_type (visitor->frames->pdata[i]), !=, "typing");

  /* The owner may turn the dots off; the reply still comes. */
  {
    g_autoptr(JsonNode) on = json_node_init_boolean (json_node_alloc (), TRUE);
    g_autoptr(JsonNode) off = json_node_init_boolean (json_node_alloc (), FALSE);

    g_assert_true (terra_store_set_setting (fixture->store, "channels.webchat", on, NULL));
    g_assert_true (terra_store_set_setting (fixture->store, "assistant.typing_indicator", off, NULL));
  }
  visitor->read = visitor->frames->len;
  {
    guint mark = visitor->read;
    JsonObject *answer;

    visitor_say (visitor, "Do you have parking?", "s3");
    answer = visitor_wait (visitor, "message");
    g_assert_nonnull (answer);
    g_assert_cmpstr (json_object_get_string_member (answer, "author"), ==, "assistant");
    for (guint i = mark; i < visitor->frames->len; i++)
      g_assert_cmpstr (frame_type (visitor->frames->pdata[i]), !=, "typing");
  }
}

/* In approval mode the visitor sees nothing of a draft; once the owner
 * approves it (with their own wording), it arrives whole. */
static void
test_approved_draft (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(Visitor) visitor = NULL;
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(TerraMessage) approved = NULL;
  TerraMessage *draft = NULL;
  JsonObject *pushed;
  gint64 conversation_id;

  set_string (fixture->store, "assistant.approval", "all");
  fixture->orchestrator = terra_orchestrator_new (fixture->workspace);
  g_assert_true (terra_orchestrator_start (fixture->orchestrator, &error));
  g_assert_no_error (error);
  start_server (fixture);

  visitor = visitor_connect (fixture);
  visitor_hello (fixture, visitor, "draft-visitor");
  visitor_say (visitor, "Can I see the flat on Sunday?", "d1");
  g_assert_true (terra_orchestrator_wait_idle (fixture->orchestrator, 20000));
  for (int i = 0; i < 3; i++)
    {
      g_usleep (G_USEC_PER_SEC / 5);
      while (g_main_context_iteration (NULL, FALSE))
        ;
    }
  for (guint i = visitor->read; i < visitor->frames->len; i++)
    {
      g_assert_cmpstr (frame_type (visitor->frames->pdata[i]), !=, "delta");
      g_assert_cmpstr (frame_type (visitor->frames->pdata[i]), !=, "message");
    }

  conversation_id = terra_store_webchat_find_conversation (fixture->store, "draft-visitor", NULL);
  messages = terra_store_list_messages (fixture->store, conversation_id, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < messages->len; i++)
    if (terra_message_get_draft (messages->pdata[i]) == TERRA_DRAFT_PENDING)
      draft = messages->pdata[i];
  g_assert_nonnull (draft);

  g_assert_true (terra_store_approve_draft (fixture->store, terra_message_get_id (draft),
                                            "Yes, Sunday at 11 works. See you there!", &error));
  g_assert_no_error (error);
  pushed = visitor_wait (visitor, "message");
  g_assert_nonnull (pushed);
  g_assert_cmpint (json_object_get_int_member (pushed, "id"), ==, terra_message_get_id (draft));
  g_assert_cmpstr (json_object_get_string_member (pushed, "text"), ==, "Yes, Sunday at 11 works. See you there!");
  approved = get_message (fixture, terra_message_get_id (draft));
  g_assert_cmpint (terra_message_get_delivery (approved), ==, TERRA_DELIVERY_SENT);
}

/* Two tabs of one visitor share the conversation: what one sends, the
 * other shows, and the owner's reply reaches both. */
static void
test_two_tabs (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(Visitor) first = visitor_connect (fixture);
  g_autoptr(Visitor) second = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *echo;
  JsonObject *reply;
  gint64 id, conversation_id, reply_id;

  visitor_hello (fixture, first, "tabbed-visitor");
  visitor_say (first, "Hello from the first tab", "t1");

  second = visitor_connect (fixture);
  visitor_hello (fixture, second, "tabbed-visitor");
  id = visitor_say (first, "And once more", "t2");

  echo = visitor_wait (second, "message");
  g_assert_nonnull (echo);
  g_assert_cmpint (json_object_get_int_member (echo, "id"), ==, id);
  g_assert_cmpstr (json_object_get_string_member (echo, "author"), ==, "lead");
  g_assert_cmpstr (json_object_get_string_member (echo, "text"), ==, "And once more");

  conversation_id = terra_store_webchat_find_conversation (fixture->store, "tabbed-visitor", NULL);
  g_assert_true (terra_store_send_owner_message (fixture->store, conversation_id, "Hi both tabs", &reply_id, &error));
  g_assert_no_error (error);
  reply = visitor_wait (first, "message");
  g_assert_nonnull (reply);
  g_assert_cmpint (json_object_get_int_member (reply, "id"), ==, reply_id);
  reply = visitor_wait (second, "message");
  g_assert_nonnull (reply);
  g_assert_cmpint (json_object_get_int_member (reply, "id"), ==, reply_id);
}

/* When the server stops, open sockets are told it is going away (and the
 * widget reconnects later); nothing is left behind. */
static void
test_server_stop (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(Visitor) visitor = visitor_connect (fixture);

  visitor_hello (fixture, visitor, "leaving-visitor");
  visitor_say (visitor, "Still there?", "l1");
  g_clear_object (&fixture->server);
  visitor_wait_closed (visitor);
  g_assert_cmpuint (visitor->close_code, ==, SOUP_WEBSOCKET_CLOSE_GOING_AWAY);
}

/* The real server: its own thread, its own context and store, limits in
 * front. The widget is served, a visitor talks to the engine and gets the
 * streamed reply, the owner's reply crosses from the main thread, and a
 * stop says goodbye to the socket. */
static void
test_terra_server (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) js = NULL;
  g_autoptr(Visitor) visitor = NULL;
  JsonObject *reply;
  gint64 conversation_id, owner_id;
  guint status;

  set_string (fixture->store, "business.name", "Sunrise Homes");
  fixture->orchestrator = terra_orchestrator_new (fixture->workspace);
  g_assert_true (terra_orchestrator_start (fixture->orchestrator, &error));
  g_assert_no_error (error);
  /* The REST API's key; without it the server warns that the API is off. */
  g_setenv ("TERRA_SECRET_API_KEY", "webchat-test-api-key-0123456789abcdef", TRUE);
  fixture->terra_server = terra_server_new (fixture->workspace, fixture->orchestrator);
  terra_server_set_port (fixture->terra_server, 0);
  g_assert_true (terra_server_start (fixture->terra_server, &error));
  g_assert_no_error (error);
  fixture->base = g_strdup (terra_server_get_url (fixture->terra_server));

  js = http_get (fixture, "GET", "/chat/widget.js", &status, NULL);
  g_assert_cmpuint (status, ==, 200);

  visitor = visitor_connect (fixture);
  visitor_hello (fixture, visitor, "server-visitor");
  visitor_say (visitor, "Hello, is there parking?", "p1");
  g_assert_nonnull (visitor_wait (visitor, "delta"));
  reply = visitor_wait (visitor, "message");
  g_assert_nonnull (reply);
  g_assert_cmpstr (json_object_get_string_member (reply, "author"), ==, "assistant");

  conversation_id = terra_store_webchat_find_conversation (fixture->store, "server-visitor", NULL);
  g_assert_true (terra_store_send_owner_message (fixture->store, conversation_id, "This is the owner.",
                                                 &owner_id, &error));
  g_assert_no_error (error);
  reply = visitor_wait (visitor, "message");
  g_assert_nonnull (reply);
  g_assert_cmpint (json_object_get_int_member (reply, "id"), ==, owner_id);
  g_assert_cmpstr (json_object_get_string_member (reply, "author"), ==, "human");

  terra_server_stop (fixture->terra_server);
  visitor_wait_closed (visitor);
  g_assert_cmpuint (visitor->close_code, ==, SOUP_WEBSOCKET_CLOSE_GOING_AWAY);
  g_unsetenv ("TERRA_SECRET_API_KEY");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func, data) \
  g_test_add (path, Fixture, data, fixture_set_up, func, fixture_tear_down)

  ADD ("/webchat/files", test_files, NULL);
  ADD ("/webchat/page", test_page, NULL);
  g_test_add_func ("/webchat/embed-code", test_embed_code);
  ADD ("/webchat/site-token", test_site_token, NULL);
  ADD ("/webchat/wrong-token", test_wrong_token, NULL);
  ADD ("/webchat/allowed-origins", test_allowed_origins, NULL);
  ADD ("/webchat/send-and-ack", test_send_and_ack, NULL);
  ADD ("/webchat/history-and-owner-reply", test_history_and_owner_reply, NULL);
  ADD ("/webchat/html-is-text", test_html_is_text, NULL);
  ADD ("/webchat/limits", test_limits, NULL);
  ADD ("/webchat/two-tabs", test_two_tabs, NULL);
  ADD ("/webchat/server-stop", test_server_stop, NULL);
  ADD ("/webchat/streamed-reply", test_streamed_reply, "engine");
  ADD ("/webchat/approved-draft", test_approved_draft, "engine");
  ADD ("/webchat/terra-server", test_terra_server, "server");

#undef ADD

  return g_test_run ();
}
