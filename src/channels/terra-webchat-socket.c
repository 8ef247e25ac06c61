/* terra-webchat-socket.c — one visitor's socket and the protocol on it
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A socket first says hello with the site token and the visitor's id; a
 * wrong token closes it with 1008 (policy violation) before anything is
 * read or written. Then each message is validated, limited per visitor,
 * stored durably and only then acknowledged, and the engine is woken.
 * Frames are JSON text; see terra-webchat.h for the protocol.
 */
#define G_LOG_DOMAIN "terra-webchat"

#include "config.h"

#include <glib/gi18n.h>

#include "terra-store-webchat.h"
#include "terra-webchat-private.h"

/* A visitor has this long to say hello before the socket is closed, so
 * idle sockets cannot pile up. */
#define HELLO_TIMEOUT_SECONDS 15
/* Pings keep NAT mappings open and find visitors who vanished. */
#define KEEPALIVE_SECONDS     30
/* Frames of any kind (typing included): a burst, then a steady rate. A
 * socket that floods beyond it is closed. */
#define FRAME_BURST           30.0
#define FRAMES_PER_SECOND     2.0
#define MAX_NAME_BYTES        100
#define MAX_CLIENT_ID         64

struct _TerraWebchatClient
{
  TerraWebchat            *webchat;        /* borrowed: frees its clients before itself */
  SoupWebsocketConnection *connection;
  char                    *visitor;        /* set once the hello was accepted */
  char                    *name;
  gint64                   conversation_id; /* 0 until the visitor has one */
  GSource                 *hello_timeout;
  double                   frame_tokens;
  gint64                   frames_at_us;
  gulong                   message_handler;
  gulong                   closed_handler;
};

gint64
_terra_webchat_client_get_conversation (TerraWebchatClient *client)
{
  return client->conversation_id;
}

const char *
_terra_webchat_client_get_visitor (TerraWebchatClient *client)
{
  return client->visitor;
}

void
_terra_webchat_client_send (TerraWebchatClient *client,
                            const char         *frame)
{
  if (soup_websocket_connection_get_state (client->connection) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_send_text (client->connection, frame);
}

void
_terra_webchat_client_close (TerraWebchatClient *client,
                             gushort             code,
                             const char         *reason)
{
  if (soup_websocket_connection_get_state (client->connection) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_close (client->connection, code, reason);
}

static void
send_builder (TerraWebchatClient *client,
              JsonBuilder        *builder)
{
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  g_autofree char *frame = json_to_string (root, FALSE);

  _terra_webchat_client_send (client, frame);
}

static void
send_error (TerraWebchatClient *client,
            const char         *code,
            const char         *message,
            const char         *client_id,
            guint               retry_after)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, "error");
  json_builder_set_member_name (builder, "code");
  json_builder_add_string_value (builder, code);
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, message);
  if (client_id != NULL)
    {
      json_builder_set_member_name (builder, "client_id");
      json_builder_add_string_value (builder, client_id);
    }
  if (retry_after > 0)
    {
      json_builder_set_member_name (builder, "retry_after");
      json_builder_add_int_value (builder, retry_after);
    }
  json_builder_end_object (builder);
  send_builder (client, builder);
}

/* Compares without an early exit, so the time taken does not tell how
 * much of a guessed token was right. */
static gboolean
token_equal (const char *a,
             const char *b)
{
  gsize length_a = strlen (a);
  gsize length_b = strlen (b);
  guchar diff = length_a != length_b;

  for (gsize i = 0; i < length_a; i++)
    diff |= (guchar)a[i] ^ (guchar)b[i % MAX (length_b, 1)];
  return diff == 0 && length_b > 0;
}

static gboolean
is_valid_id (const char *id,
             gsize       min_length,
             gsize       max_length)
{
  gsize length;

  if (id == NULL)
    return FALSE;
  length = strlen (id);
  if (length < min_length || length > max_length)
    return FALSE;
  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isalnum (id[i]) && id[i] != '-' && id[i] != '_')
      return FALSE;
  return TRUE;
}

static gboolean
is_blank (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return FALSE;
  return TRUE;
}

static const char *
member_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static void
send_history (TerraWebchatClient *client,
              GPtrArray          *messages)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, "history");
  json_builder_set_member_name (builder, "visitor");
  json_builder_add_string_value (builder, client->visitor);
  json_builder_set_member_name (builder, "messages");
  json_builder_begin_array (builder);
  for (guint i = 0; messages != NULL && i < messages->len; i++)
    {
      TerraMessage *message = messages->pdata[i];

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_int_value (builder, terra_message_get_id (message));
      json_builder_set_member_name (builder, "author");
      json_builder_add_string_value (builder, _terra_webchat_author_name (terra_message_get_author (message)));
      json_builder_set_member_name (builder, "text");
      json_builder_add_string_value (builder, terra_message_get_body (message));
      json_builder_set_member_name (builder, "created_at");
      json_builder_add_int_value (builder, terra_message_get_created_at (message));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  send_builder (client, builder);
}

/* Replies that waited while the visitor was away reach them in the
 * history, so they count as sent now. */
static void
mark_history_sent (TerraStore *store,
                   GPtrArray  *messages)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < messages->len; i++)
    {
      TerraMessage *message = messages->pdata[i];
      gint64 id = terra_message_get_id (message);

      if (terra_message_get_direction (message) == TERRA_DIRECTION_OUTBOUND &&
          terra_message_get_delivery (message) == TERRA_DELIVERY_PENDING)
        g_array_append_val (ids, id);
    }
  if (!terra_store_webchat_mark_sent (store, (const gint64 *)ids->data, ids->len, &error))
    g_warning ("Could not mark web chat replies as sent: %s", error->message);
}

static char *
normalize_origin (const char *origin)
{
  g_autofree char *lower = g_ascii_strdown (origin, -1);
  gsize length;

  g_strstrip (lower);
  length = strlen (lower);
  while (length > 0 && lower[length - 1] == '/')
    lower[--length] = '\0';
  return g_steal_pointer (&lower);
}

/* Terra's own /chat page: the page and the socket have the same host. The
 * port is not compared, since a tunnel in front of Terra changes it. */
static gboolean
is_own_origin (TerraWebchatClient *client,
               const char         *origin)
{
  GUri *request = soup_websocket_connection_get_uri (client->connection);
  g_autoptr(GUri) page = g_uri_parse (origin, G_URI_FLAGS_NONE, NULL);

  return request != NULL && page != NULL && g_uri_get_host (request) != NULL &&
         g_uri_get_host (page) != NULL &&
         g_ascii_strcasecmp (g_uri_get_host (request), g_uri_get_host (page)) == 0;
}

/* Browsers name the site a socket comes from in its Origin header; with
 * webchat.allowed_origins set, only those sites (and Terra's own /chat
 * page) may use the chat, so a copied embed code does not work elsewhere.
 * A program that sends no Origin is not a browser and could send any
 * Origin anyway: for it, the token alone decides. */
static gboolean
origin_allowed (TerraWebchatClient *client,
                TerraStore         *store)
{
  const char *origin = soup_websocket_connection_get_origin (client->connection);
  g_autofree char *allowed = terra_store_get_setting_string (store, "webchat.allowed_origins");
  g_autofree char *wanted = NULL;
  g_auto(GStrv) entries = NULL;

  if (origin == NULL || allowed == NULL || *g_strstrip (allowed) == '\0' || is_own_origin (client, origin))
    return TRUE;

  wanted = normalize_origin (origin);
  entries = g_strsplit_set (allowed, " ,", -1);
  for (guint i = 0; entries[i] != NULL; i++)
    {
      g_autofree char *entry = normalize_origin (entries[i]);

      if (*entry != '\0' && g_str_equal (entry, wanted))
        return TRUE;
    }
  return FALSE;
}

static void
stop_hello_timeout (TerraWebchatClient *client)
{
  if (client->hello_timeout != NULL)
    g_source_destroy (client->hello_timeout);
  g_clear_pointer (&client->hello_timeout, g_source_unref);
}

static void
handle_hello (TerraWebchatClient *client,
              JsonObject         *frame)
{
  TerraWebchat *webchat = client->webchat;
  const char *token = member_string (frame, "token");
  const char *visitor = member_string (frame, "visitor");
  const char *name = member_string (frame, "name");
  g_autoptr(GError) error = NULL;
  g_autofree char *site_token = NULL;
  g_autoptr(GPtrArray) messages = NULL;
  TerraStore *store;
  gint64 conversation_id;

  if (client->visitor != NULL)
    {
      send_error (client, "bad_request", _("Hello was already said"), NULL, 0);
      return;
    }

  store = _terra_webchat_get_store (webchat, &error);
  if (store != NULL)
    site_token = terra_store_webchat_site_token (store, FALSE, &error);
  if (site_token == NULL)
    {
      g_warning ("The web chat cannot check tokens: %s", error->message);
      _terra_webchat_client_close (client, SOUP_WEBSOCKET_CLOSE_SERVER_ERROR, "unavailable");
      return;
    }
  if (token == NULL || !token_equal (token, site_token))
    {
      _terra_webchat_client_close (client, SOUP_WEBSOCKET_CLOSE_POLICY_VIOLATION, "invalid token");
      return;
    }
  if (!origin_allowed (client, store))
    {
      _terra_webchat_client_close (client, SOUP_WEBSOCKET_CLOSE_POLICY_VIOLATION, "origin not allowed");
      return;
    }

  stop_hello_timeout (client);

  /* A browser without storage (or a broken id) gets a new identity; the
   * widget keeps the one the history frame names. */
  if (!is_valid_id (visitor, 8, TERRA_WEBCHAT_MAX_VISITOR_ID))
    {
      g_autofree char *uuid = g_uuid_string_random ();
      g_autofree char *id = NULL;
      g_auto(GStrv) parts = g_strsplit (uuid, "-", -1);

      id = g_strjoinv ("", parts);
      if (!_terra_webchat_add_visitor_socket (webchat, id))
        return;
      client->visitor = g_steal_pointer (&id);
    }
  else if (!_terra_webchat_add_visitor_socket (webchat, visitor))
    {
      _terra_webchat_client_close (client, SOUP_WEBSOCKET_CLOSE_POLICY_VIOLATION, "too many sockets");
      return;
    }
  else
    client->visitor = g_strdup (visitor);

  if (name != NULL && *name != '\0' && strlen (name) <= MAX_NAME_BYTES && g_utf8_validate (name, -1, NULL))
    client->name = g_strdup (name);

  conversation_id = terra_store_webchat_find_conversation (store, client->visitor, &error);
  if (conversation_id > 0)
    messages = terra_store_webchat_list_history (store, conversation_id, TERRA_WEBCHAT_HISTORY_LIMIT, &error);
  if (conversation_id < 0 || (conversation_id > 0 && messages == NULL))
    {
      g_warning ("Could not read a visitor’s history: %s", error->message);
      _terra_webchat_client_close (client, SOUP_WEBSOCKET_CLOSE_SERVER_ERROR, "unavailable");
      return;
    }

  if (conversation_id > 0)
    {
      client->conversation_id = conversation_id;
      _terra_webchat_bind (webchat, client, conversation_id);
    }
  send_history (client, messages);
  if (messages != NULL)
    mark_history_sent (store, messages);
}

static void
send_ack (TerraWebchatClient *client,
          const char         *client_id,
          gint64              message_id)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, "ack");
  if (client_id != NULL)
    {
      json_builder_set_member_name (builder, "client_id");
      json_builder_add_string_value (builder, client_id);
    }
  json_builder_set_member_name (builder, "message_id");
  json_builder_add_int_value (builder, message_id);
  json_builder_end_object (builder);
  send_builder (client, builder);
}

/* The visitor's other tabs show what this one sent. */
static void
share_with_other_tabs (TerraWebchatClient *client,
                       TerraStore         *store,
                       gint64              message_id)
{
  g_autoptr(TerraMessage) message = terra_store_get (store, TERRA_TYPE_MESSAGE, message_id, NULL);
  g_autofree char *frame = NULL;

  if (message == NULL)
    return;
  frame = _terra_webchat_message_frame (message);
  _terra_webchat_broadcast (client->webchat, client->conversation_id, client, frame);
}

/* The typing dots appear only when the assistant will answer: not in a
 * conversation the owner took over, not when the owner turned the
 * assistant off (for all channels or for the web chat), and not without
 * an engine. */
static void
announce_typing (TerraWebchatClient *client,
                 TerraStore         *store)
{
  g_autoptr(TerraConversation) conversation = NULL;

  if (client->webchat->orchestrator == NULL || !terra_store_get_setting_boolean (store, "assistant.enabled") ||
      !terra_store_get_setting_boolean (store, "channels.webchat") ||
      !terra_store_get_setting_boolean (store, "assistant.typing_indicator"))
    return;
  conversation = terra_store_get (store, TERRA_TYPE_CONVERSATION, client->conversation_id, NULL);
  if (conversation == NULL || terra_conversation_get_responder (conversation) != TERRA_RESPONDER_ASSISTANT)
    return;
  _terra_webchat_broadcast (client->webchat, client->conversation_id, NULL, "{\"type\":\"typing\"}");
}

static void
handle_message (TerraWebchatClient *client,
                JsonObject         *frame)
{
  TerraWebchat *webchat = client->webchat;
  const char *text = member_string (frame, "text");
  const char *client_id = member_string (frame, "client_id");
  g_autofree char *external_id = NULL;
  g_autoptr(GError) error = NULL;
  TerraInboundMessage inbound = { 0 };
  TerraIngestResult result = { 0 };
  TerraStore *store;
  guint retry_after = 0;

  if (client_id != NULL && !is_valid_id (client_id, 1, MAX_CLIENT_ID))
    {
      send_error (client, "bad_request", _("The message id is not valid"), NULL, 0);
      return;
    }
  if (text == NULL || is_blank (text) || strlen (text) > TERRA_INBOUND_MAX_TEXT ||
      !g_utf8_validate (text, -1, NULL))
    {
      send_error (client, "bad_request", _("The message is empty or too long"), client_id, 0);
      return;
    }
  if (!terra_rate_limiter_take (webchat->message_limiter, client->visitor, g_get_monotonic_time (), &retry_after))
    {
      send_error (client, "rate_limited", _("You are sending messages too fast. Please wait a moment."),
                  client_id, retry_after);
      return;
    }

  /* The client's id makes a message sent again after a lost ack (the
   * widget resends on reconnect) the same message. */
  if (client_id != NULL)
    external_id = g_strconcat (client->visitor, ":", client_id, NULL);
  inbound.channel = TERRA_CHANNEL_WEBCHAT;
  inbound.external_id = external_id;
  inbound.from = client->visitor;
  inbound.name = client->name;
  inbound.text = text;

  store = _terra_webchat_get_store (webchat, &error);
  if (store == NULL || !terra_store_ingest_message (store, &inbound, &result, &error))
    {
      gboolean invalid = g_error_matches (error, TERRA_STORE_ERROR, TERRA_STORE_ERROR_INVALID);

      if (!invalid)
        g_warning ("Could not store a web chat message: %s", error->message);
      send_error (client, invalid ? "bad_request" : "unavailable",
                  invalid ? error->message : _("The message could not be saved. Please try again."),
                  client_id, 0);
      return;
    }

  if (client->conversation_id != result.conversation_id)
    {
      if (client->conversation_id > 0)
        _terra_webchat_unbind (webchat, client, client->conversation_id);
      client->conversation_id = result.conversation_id;
      _terra_webchat_bind (webchat, client, result.conversation_id);
    }

  send_ack (client, client_id, result.message_id);
  if (result.duplicate)
    return;
  share_with_other_tabs (client, store, result.message_id);
  announce_typing (client, store);
  if (webchat->context != NULL)
    terra_channel_context_enqueue (webchat->context, result.conversation_id);
}

static gboolean
take_frame_token (TerraWebchatClient *client)
{
  gint64 now = g_get_monotonic_time ();

  client->frame_tokens = MIN (FRAME_BURST, client->frame_tokens +
                              (now - client->frames_at_us) / (double)G_USEC_PER_SEC * FRAMES_PER_SECOND);
  client->frames_at_us = now;
  if (client->frame_tokens < 1.0)
    return FALSE;
  client->frame_tokens -= 1.0;
  return TRUE;
}

static void
message_cb (SoupWebsocketConnection *connection,
            gint                     type,
            GBytes                  *bytes,
            gpointer                 user_data)
{
  TerraWebchatClient *client = user_data;
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  gsize size;
  const char *data = g_bytes_get_data (bytes, &size);
  JsonObject *frame;
  const char *kind;

  if (type != SOUP_WEBSOCKET_DATA_TEXT)
    {
      _terra_webchat_client_close (client, SOUP_WEBSOCKET_CLOSE_UNSUPPORTED_DATA, "text frames only");
      return;
    }
  if (!take_frame_token (client))
    {
      _terra_webchat_client_close (client, SOUP_WEBSOCKET_CLOSE_POLICY_VIOLATION, "too many frames");
      return;
    }
  if (!g_utf8_validate (data, size, NULL) || !json_parser_load_from_data (parser, data, size, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      send_error (client, "bad_request", _("A frame must be a JSON object"), NULL, 0);
      return;
    }

  frame = json_node_get_object (json_parser_get_root (parser));
  kind = member_string (frame, "type");
  if (g_strcmp0 (kind, "hello") == 0)
    handle_hello (client, frame);
  else if (client->visitor == NULL)
    _terra_webchat_client_close (client, SOUP_WEBSOCKET_CLOSE_POLICY_VIOLATION, "hello first");
  else if (g_strcmp0 (kind, "message") == 0)
    handle_message (client, frame);
  else if (g_strcmp0 (kind, "typing") != 0)
    send_error (client, "bad_request", _("Unknown frame type"), NULL, 0);
}

static void
closed_cb (SoupWebsocketConnection *connection,
           gpointer                 user_data)
{
  TerraWebchatClient *client = user_data;

  _terra_webchat_remove_client (client->webchat, client);
}

static gboolean
hello_timeout_cb (gpointer user_data)
{
  TerraWebchatClient *client = user_data;

  g_clear_pointer (&client->hello_timeout, g_source_unref);
  _terra_webchat_client_close (client, SOUP_WEBSOCKET_CLOSE_POLICY_VIOLATION, "no hello");
  return G_SOURCE_REMOVE;
}

TerraWebchatClient *
_terra_webchat_client_new (TerraWebchat            *webchat,
                           SoupWebsocketConnection *connection)
{
  TerraWebchatClient *client = g_new0 (TerraWebchatClient, 1);

  client->webchat = webchat;
  client->connection = g_object_ref (connection);
  client->frame_tokens = FRAME_BURST;
  client->frames_at_us = g_get_monotonic_time ();

  soup_websocket_connection_set_max_incoming_payload_size (connection, TERRA_WEBCHAT_MAX_FRAME);
  soup_websocket_connection_set_keepalive_interval (connection, KEEPALIVE_SECONDS);
  client->message_handler = g_signal_connect (connection, "message", G_CALLBACK (message_cb), client);
  client->closed_handler = g_signal_connect (connection, "closed", G_CALLBACK (closed_cb), client);

  client->hello_timeout = g_timeout_source_new_seconds (HELLO_TIMEOUT_SECONDS);
  g_source_set_callback (client->hello_timeout, hello_timeout_cb, client, NULL);
  _terra_webchat_attach_source (webchat, client->hello_timeout);
  return client;
}

void
_terra_webchat_client_free (TerraWebchatClient *client)
{
  stop_hello_timeout (client);
  g_clear_signal_handler (&client->message_handler, client->connection);
  g_clear_signal_handler (&client->closed_handler, client->connection);
  g_clear_object (&client->connection);
  g_free (client->visitor);
  g_free (client->name);
  g_free (client);
}
