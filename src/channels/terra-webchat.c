/* terra-webchat.c — the web chat: its files, its sockets, its replies
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Replies reach a visitor's socket in two ways, neither of them polling:
 *
 * - The assistant's reply, word by word, through the orchestrator's reply
 *   stream: a worker thread calls us for each piece and once when the
 *   reply is stored; we hop to the server thread with an idle source.
 * - Every stored message the visitor should see (the assistant's reply,
 *   the owner's manual reply from the window or the REST API, a draft the
 *   owner approved) through the workspace's change notifier: its "changed"
 *   signal runs on the main thread, which hops to the server thread too.
 *
 * Either way the server thread then "flushes" the conversation: it sends
 * what still waits for delivery ('pending') to the conversation's sockets
 * and marks it 'sent'. The delivery state in the database is what keeps a
 * message from being sent twice, whichever path comes first; a visitor
 * who is away finds what waited in the history of the next visit.
 */
#define G_LOG_DOMAIN "terra-webchat"

#include "config.h"

#include <glib/gi18n.h>

#include "terra-api.h"
#include "terra-store-webchat.h"
#include "terra-webchat-private.h"
#include "terra-webchat-resources.h"

#define RESOURCE_PATH "/io/github/terrasales/Terra/webchat/"
#define DEFAULT_COLOR "#3584e4"

/* How many sockets may be open at once, in all and per visitor: enough
 * for a busy small-business site; a flood of sockets is refused instead of
 * exhausting file descriptors. */
#define MAX_CLIENTS             1000
#define MAX_SOCKETS_PER_VISITOR 8

TerraWebchat *
_terra_webchat_ref (TerraWebchat *self)
{
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
_terra_webchat_unref (TerraWebchat *self)
{
  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_assert (self->clients->len == 0);
  g_clear_object (&self->store);
  g_clear_object (&self->notifier);
  g_clear_object (&self->orchestrator);
  g_clear_object (&self->workspace);
  g_clear_pointer (&self->server_context, g_main_context_unref);
  g_clear_pointer (&self->changes, g_array_unref);
  g_mutex_clear (&self->lock);
  g_clear_pointer (&self->clients, g_ptr_array_unref);
  g_clear_pointer (&self->by_conversation, g_hash_table_unref);
  g_clear_pointer (&self->visitor_sockets, g_hash_table_unref);
  g_clear_pointer (&self->message_limiter, terra_rate_limiter_free);
  g_free (self);
}

/* Sources hold a reference to the state, so once the server stopped
 * none may be added: the context would keep them, and them the state,
 * forever. */
void
_terra_webchat_attach_source (TerraWebchat *self,
                              GSource      *source)
{
  g_mutex_lock (&self->lock);
  if (self->server_context != NULL)
    g_source_attach (source, self->server_context);
  g_mutex_unlock (&self->lock);
}

/* The web chat writes through its own durable connection, not the
 * server's: the server may hold that one in an open group-commit
 * transaction, and an acknowledged chat message must already be on disk. */
TerraStore *
_terra_webchat_get_store (TerraWebchat  *self,
                          GError       **error)
{
  if (self->store == NULL)
    {
      self->store = terra_workspace_open_store (self->workspace, error);
      if (self->store != NULL)
        terra_store_set_durable (self->store, TRUE);
    }
  return self->store;
}

const char *
_terra_webchat_author_name (TerraAuthor author)
{
  switch (author)
    {
    case TERRA_AUTHOR_LEAD:
      return "lead";
    case TERRA_AUTHOR_HUMAN:
      return "human";
    case TERRA_AUTHOR_SYSTEM:
      return "system";
    case TERRA_AUTHOR_ASSISTANT:
    default:
      return "assistant";
    }
}

char *
_terra_webchat_message_frame (TerraMessage *message)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, "message");
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, terra_message_get_id (message));
  json_builder_set_member_name (builder, "author");
  json_builder_add_string_value (builder, _terra_webchat_author_name (terra_message_get_author (message)));
  json_builder_set_member_name (builder, "text");
  json_builder_add_string_value (builder, terra_message_get_body (message));
  json_builder_set_member_name (builder, "created_at");
  json_builder_add_int_value (builder, terra_message_get_created_at (message));
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

/* The index of sockets by conversation */

void
_terra_webchat_bind (TerraWebchat       *self,
                     TerraWebchatClient *client,
                     gint64              conversation_id)
{
  GPtrArray *clients;

  g_assert (conversation_id > 0);

  clients = g_hash_table_lookup (self->by_conversation, &conversation_id);
  if (clients == NULL)
    {
      gint64 *key = g_new (gint64, 1);

      *key = conversation_id;
      clients = g_ptr_array_new ();
      g_hash_table_insert (self->by_conversation, key, clients);
    }
  if (!g_ptr_array_find (clients, client, NULL))
    g_ptr_array_add (clients, client);
}

void
_terra_webchat_unbind (TerraWebchat       *self,
                       TerraWebchatClient *client,
                       gint64              conversation_id)
{
  GPtrArray *clients = g_hash_table_lookup (self->by_conversation, &conversation_id);

  if (clients == NULL)
    return;
  g_ptr_array_remove (clients, client);
  if (clients->len == 0)
    g_hash_table_remove (self->by_conversation, &conversation_id);
}

void
_terra_webchat_broadcast (TerraWebchat       *self,
                          gint64              conversation_id,
                          TerraWebchatClient *except,
                          const char         *frame)
{
  GPtrArray *clients = g_hash_table_lookup (self->by_conversation, &conversation_id);

  if (clients == NULL)
    return;
  /* Sending never closes a socket synchronously, so the array stays put. */
  for (guint i = 0; i < clients->len; i++)
    if (clients->pdata[i] != except)
      _terra_webchat_client_send (clients->pdata[i], frame);
}

void
_terra_webchat_flush (TerraWebchat *self,
                      gint64        conversation_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(GArray) ids = NULL;
  TerraStore *store;

  if (self->detached || !g_hash_table_contains (self->by_conversation, &conversation_id))
    return;
  store = _terra_webchat_get_store (self, &error);
  if (store != NULL)
    messages = terra_store_webchat_list_undelivered (store, conversation_id, &error);
  if (messages == NULL)
    {
      g_warning ("Could not read the replies of conversation %" G_GINT64_FORMAT ": %s",
                 conversation_id, error->message);
      return;
    }

  ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), messages->len);
  for (guint i = 0; i < messages->len; i++)
    {
      TerraMessage *message = messages->pdata[i];
      g_autofree char *frame = _terra_webchat_message_frame (message);
      gint64 id = terra_message_get_id (message);

      _terra_webchat_broadcast (self, conversation_id, NULL, frame);
      g_array_append_val (ids, id);
    }

  if (!terra_store_webchat_mark_sent (store, (const gint64 *)ids->data, ids->len, &error))
    g_warning ("Could not mark web chat replies as sent: %s", error->message);
}

/* Changes of messages, from the main thread */

/* How long a new reply of the assistant waits for its own stream before
 * the change notifier delivers it: the worker streams right after its
 * commit, so this only matters when the stream never comes. */
#define STREAM_GRACE_SECONDS 2

typedef struct
{
  TerraWebchat *webchat;
  gint64        conversation_id;
} PendingFlush;

static void
pending_flush_free (gpointer data)
{
  PendingFlush *flush = data;

  _terra_webchat_unref (flush->webchat);
  g_free (flush);
}

static gboolean
pending_flush_cb (gpointer data)
{
  PendingFlush *flush = data;

  _terra_webchat_flush (flush->webchat, flush->conversation_id);
  return G_SOURCE_REMOVE;
}

static void
flush_later (TerraWebchat *self,
             gint64        conversation_id)
{
  g_autoptr(GSource) source = g_timeout_source_new_seconds (STREAM_GRACE_SECONDS);
  PendingFlush *flush = g_new0 (PendingFlush, 1);

  flush->webchat = _terra_webchat_ref (self);
  flush->conversation_id = conversation_id;
  g_source_set_callback (source, pending_flush_cb, flush, pending_flush_free);
  _terra_webchat_attach_source (self, source);
}

/* One changed message, from the main thread. */
static void
message_changed (TerraWebchat    *self,
                 TerraStore      *store,
                 gint64           message_id,
                 TerraChangeKind  kind)
{
  g_autoptr(TerraMessage) message = terra_store_get (store, TERRA_TYPE_MESSAGE, message_id, NULL);

  if (message == NULL || terra_message_get_channel (message) != TERRA_CHANNEL_WEBCHAT ||
      terra_message_get_direction (message) != TERRA_DIRECTION_OUTBOUND ||
      terra_message_get_delivery (message) != TERRA_DELIVERY_PENDING)
    return;

  /* A new reply of the assistant is about to be streamed word by word,
   * and the stream's end delivers it; sending it whole first would show
   * it twice. The owner's replies and approved drafts go at once. */
  if (kind == TERRA_CHANGE_CREATED && self->stream_id != 0 &&
      terra_message_get_author (message) == TERRA_AUTHOR_ASSISTANT &&
      terra_message_get_draft (message) == TERRA_DRAFT_NONE)
    flush_later (self, terra_message_get_conversation_id (message));
  else
    _terra_webchat_flush (self, terra_message_get_conversation_id (message));
}

static gboolean
messages_changed_cb (gpointer data)
{
  TerraWebchat *self = data;
  g_autoptr(GArray) changes = NULL;
  TerraStore *store;

  g_mutex_lock (&self->lock);
  changes = g_steal_pointer (&self->changes);
  self->changes = g_array_new (FALSE, FALSE, sizeof (TerraChange));
  self->changes_queued = FALSE;
  g_mutex_unlock (&self->lock);

  if (self->detached || self->clients->len == 0)
    return G_SOURCE_REMOVE;
  store = _terra_webchat_get_store (self, NULL);
  for (guint i = 0; store != NULL && i < changes->len; i++)
    {
      const TerraChange *change = &g_array_index (changes, TerraChange, i);

      message_changed (self, store, change->id, change->kind);
    }
  return G_SOURCE_REMOVE;
}

static void
unref_cb (gpointer data)
{
  _terra_webchat_unref (data);
}

/* Always through a source attached to the server's context: invoking
 * could run the callback right here when this thread can acquire it. */
static void
invoke_on_server (TerraWebchat   *self,
                  GSourceFunc     func,
                  gpointer        data,
                  GDestroyNotify  destroy)
{
  g_autoptr(GSource) source = g_idle_source_new ();

  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_name (source, "[terra] web chat");
  g_source_set_callback (source, func, data, destroy);
  _terra_webchat_attach_source (self, source);
}

/* Changes are batched like the notifier batches them: a flood of
 * messages on other channels costs the server thread one dispatch, not
 * one per message. */
static void
notifier_changed_cb (TerraChangeNotifier *notifier,
                     TerraEntity          entity,
                     TerraChangeKind      kind,
                     gint64               id,
                     gpointer             user_data)
{
  TerraWebchat *self = user_data;
  TerraChange change = { entity, kind, id };
  gboolean queue;

  if (entity != TERRA_ENTITY_MESSAGE || kind == TERRA_CHANGE_DELETED ||
      g_atomic_int_get (&self->n_clients) == 0)
    return;

  g_mutex_lock (&self->lock);
  g_array_append_val (self->changes, change);
  queue = !self->changes_queued;
  self->changes_queued = TRUE;
  g_mutex_unlock (&self->lock);

  if (queue)
    invoke_on_server (self, messages_changed_cb, _terra_webchat_ref (self), unref_cb);
}

static void
notifier_closure_destroy (gpointer  data,
                          GClosure *closure)
{
  _terra_webchat_unref (data);
}

/* The assistant's reply as it is written, from a worker thread */

typedef struct
{
  TerraWebchat *webchat;
  gint64        conversation_id;
  gint64        reply_id;
  char         *delta;
} StreamPiece;

static void
stream_piece_free (gpointer data)
{
  StreamPiece *piece = data;

  _terra_webchat_unref (piece->webchat);
  g_free (piece->delta);
  g_free (piece);
}

static gboolean
is_visible_reply (TerraWebchat *self,
                  gint64        reply_id)
{
  g_autoptr(TerraMessage) reply = NULL;
  TerraStore *store = _terra_webchat_get_store (self, NULL);

  if (reply_id <= 0 || store == NULL)
    return FALSE;
  reply = terra_store_get (store, TERRA_TYPE_MESSAGE, reply_id, NULL);
  return reply != NULL &&
         (terra_message_get_draft (reply) == TERRA_DRAFT_NONE ||
          terra_message_get_draft (reply) == TERRA_DRAFT_APPROVED);
}

static gboolean
stream_piece_cb (gpointer data)
{
  StreamPiece *piece = data;
  TerraWebchat *self = piece->webchat;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *frame = NULL;

  if (self->detached || !g_hash_table_contains (self->by_conversation, &piece->conversation_id))
    return G_SOURCE_REMOVE;

  if (piece->delta == NULL)
    {
      /* The stored reply replaces the streamed words (the same text, or
       * what the engine finally kept); a reply that is not for the
       * visitor's eyes takes the streamed words away again. */
      _terra_webchat_flush (self, piece->conversation_id);
      if (!is_visible_reply (self, piece->reply_id))
        _terra_webchat_broadcast (self, piece->conversation_id, NULL, "{\"type\":\"discard\"}");
      return G_SOURCE_REMOVE;
    }

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, "delta");
  json_builder_set_member_name (builder, "text");
  json_builder_add_string_value (builder, piece->delta);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  frame = json_to_string (root, FALSE);
  _terra_webchat_broadcast (self, piece->conversation_id, NULL, frame);
  return G_SOURCE_REMOVE;
}

/* Idle sources of one context run in the order they were attached, so
 * the pieces reach the socket in the order they were written. */
static void
reply_stream_cb (gint64      conversation_id,
                 gint64      reply_id,
                 const char *delta,
                 gpointer    user_data)
{
  TerraWebchat *self = user_data;
  StreamPiece *piece;

  if (g_atomic_int_get (&self->n_clients) == 0)
    return;

  piece = g_new0 (StreamPiece, 1);
  piece->webchat = _terra_webchat_ref (self);
  piece->conversation_id = conversation_id;
  piece->reply_id = reply_id;
  piece->delta = g_strdup (delta);
  invoke_on_server (self, stream_piece_cb, piece, stream_piece_free);
}

/* The files */

static GBytes *
lookup_file (const char *name)
{
  g_autofree char *path = g_strconcat (RESOURCE_PATH, name, NULL);

  return g_resource_lookup_data (terra_webchat_get_resource (), path, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
}

static void
set_json_error (SoupServerMessage *msg,
                guint              status,
                const char        *code,
                const char        *message)
{
  g_autofree char *body = terra_api_error_body (code, message);

  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, body, strlen (body));
}

static void
set_file_response (SoupServerMessage *msg,
                   const char        *content_type,
                   GBytes            *bytes)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  gsize size;
  gconstpointer data = g_bytes_get_data (bytes, &size);

  soup_message_headers_replace (headers, "X-Content-Type-Options", "nosniff");
  /* Short enough that a new Terra's widget reaches the site's visitors
   * the same day. */
  soup_message_headers_replace (headers, "Cache-Control", "public, max-age=600");
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, content_type, SOUP_MEMORY_COPY, data, size);
}

static gboolean
is_valid_color (const char *color)
{
  gsize length;

  if (color == NULL || color[0] != '#')
    return FALSE;
  length = strlen (color + 1);
  if (length != 3 && length != 6)
    return FALSE;
  for (gsize i = 1; i <= length; i++)
    if (!g_ascii_isxdigit (color[i]))
      return FALSE;
  return TRUE;
}

/* HTML-escapes @text for a double-quoted attribute value (or element
 * text). &#39; rather than &apos;, which HTML 4 does not know. */
static char *
escape_attribute (const char *text)
{
  GString *escaped = g_string_sized_new (strlen (text) + 16);

  for (const char *p = text; *p != '\0'; p++)
    switch (*p)
      {
      case '&': g_string_append (escaped, "&amp;"); break;
      case '<': g_string_append (escaped, "&lt;"); break;
      case '>': g_string_append (escaped, "&gt;"); break;
      case '"': g_string_append (escaped, "&quot;"); break;
      case '\'': g_string_append (escaped, "&#39;"); break;
      default: g_string_append_c (escaped, *p); break;
      }
  return g_string_free (escaped, FALSE);
}

static char *
replace_all (const char *text,
             const char *pattern,
             const char *value)
{
  g_auto(GStrv) parts = g_strsplit (text, pattern, -1);

  return g_strjoinv (value, parts);
}

/* The standalone page, for a business without a website or for a link
 * in an e-mail signature. The values come from the workspace settings and
 * are escaped for the attributes they land in. */
static char *
build_page (TerraWebchat  *self,
            GError       **error)
{
  g_autoptr(GBytes) template = lookup_file ("chat.html");
  TerraStore *store = _terra_webchat_get_store (self, error);
  g_autofree char *token = NULL;
  g_autofree char *business = NULL;
  g_autofree char *color = NULL;
  g_autofree char *greeting = NULL;
  g_autofree char *title = NULL;
  struct { const char *pattern; char *value; } fields[4] = { { NULL, NULL } };
  g_autofree char *page = NULL;

  if (store == NULL)
    return NULL;
  token = terra_store_webchat_site_token (store, FALSE, error);
  if (token == NULL)
    return NULL;
  business = terra_store_get_setting_string (store, "business.name");
  color = terra_store_get_setting_string (store, "webchat.color");
  greeting = terra_store_get_setting_string (store, "webchat.greeting");
  title = business != NULL && *business != '\0' ? g_strdup_printf (_("Chat with %s"), business)
                                                 : g_strdup (_("Chat with us"));

  fields[0].pattern = "@TOKEN@";
  fields[0].value = escape_attribute (token);
  fields[1].pattern = "@COLOR@";
  fields[1].value = escape_attribute (is_valid_color (color) ? color : DEFAULT_COLOR);
  fields[2].pattern = "@GREETING@";
  fields[2].value = escape_attribute (greeting != NULL ? greeting : "");
  fields[3].pattern = "@TITLE@";
  fields[3].value = escape_attribute (title);

  page = g_strndup (g_bytes_get_data (template, NULL), g_bytes_get_size (template));
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      char *next = replace_all (page, fields[i].pattern, fields[i].value);

      g_free (page);
      page = next;
      g_free (fields[i].value);
    }
  return g_steal_pointer (&page);
}

static void
serve_page (TerraWebchat      *self,
            SoupServerMessage *msg)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *page = build_page (self, &error);
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  if (page == NULL)
    {
      g_warning ("Could not build the chat page: %s", error->message);
      set_json_error (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, "unavailable", _("The chat is not available"));
      return;
    }

  soup_message_headers_replace (headers, "X-Content-Type-Options", "nosniff");
  soup_message_headers_replace (headers, "Cache-Control", "no-store");
  soup_message_headers_replace (headers, "Content-Security-Policy",
                                "default-src 'none'; script-src 'self'; style-src 'self'; "
                                "connect-src 'self' ws: wss:; img-src 'self' data:; "
                                "base-uri 'none'; form-action 'none'");
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "text/html; charset=utf-8", SOUP_MEMORY_COPY, page, strlen (page));
}

static void
chat_handler (SoupServer        *server,
              SoupServerMessage *msg,
              const char        *path,
              GHashTable        *query,
              gpointer           user_data)
{
  TerraWebchat *self = user_data;
  const char *method = soup_server_message_get_method (msg);
  const char *content_type = NULL;
  g_autoptr(GBytes) bytes = NULL;

  if (g_strcmp0 (path, "/chat/widget.js") == 0)
    {
      content_type = "text/javascript; charset=utf-8";
      bytes = lookup_file ("widget.js");
    }
  else if (g_strcmp0 (path, "/chat/widget.css") == 0)
    {
      content_type = "text/css; charset=utf-8";
      bytes = lookup_file ("widget.css");
    }
  else if (g_strcmp0 (path, "/chat") != 0 && g_strcmp0 (path, "/chat/") != 0)
    {
      set_json_error (msg, SOUP_STATUS_NOT_FOUND, "not_found", _("There is nothing here"));
      return;
    }

  if (method != SOUP_METHOD_GET && method != SOUP_METHOD_HEAD)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Allow", "GET, HEAD");
      set_json_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "method_not_allowed", _("Only GET is allowed here"));
      return;
    }

  if (bytes != NULL)
    set_file_response (msg, content_type, bytes);
  else
    serve_page (self, msg);
}

/* The sockets */

static void
websocket_handler (SoupServer              *server,
                   SoupServerMessage       *msg,
                   const char              *path,
                   SoupWebsocketConnection *connection,
                   gpointer                 user_data)
{
  TerraWebchat *self = user_data;
  TerraWebchatClient *client;

  client = _terra_webchat_client_new (self, connection);
  g_ptr_array_add (self->clients, client);
  g_atomic_int_inc (&self->n_clients);

  if (self->clients->len > MAX_CLIENTS)
    _terra_webchat_client_close (client, SOUP_WEBSOCKET_CLOSE_GOING_AWAY, "busy");
}

/* Forgets a socket that closed (or that the server closes as it stops). */
void
_terra_webchat_remove_client (TerraWebchat       *self,
                              TerraWebchatClient *client)
{
  const char *visitor;

  if (!g_ptr_array_remove (self->clients, client))
    return;

  if (_terra_webchat_client_get_conversation (client) > 0)
    _terra_webchat_unbind (self, client, _terra_webchat_client_get_conversation (client));
  visitor = _terra_webchat_client_get_visitor (client);
  if (visitor != NULL)
    {
      guint n = GPOINTER_TO_UINT (g_hash_table_lookup (self->visitor_sockets, visitor));

      if (n <= 1)
        g_hash_table_remove (self->visitor_sockets, visitor);
      else
        g_hash_table_insert (self->visitor_sockets, g_strdup (visitor), GUINT_TO_POINTER (n - 1));
    }
  g_atomic_int_add (&self->n_clients, -1);
  _terra_webchat_client_free (client);
}

gboolean
_terra_webchat_add_visitor_socket (TerraWebchat *self,
                                   const char   *visitor)
{
  guint n = GPOINTER_TO_UINT (g_hash_table_lookup (self->visitor_sockets, visitor));

  if (n >= MAX_SOCKETS_PER_VISITOR)
    return FALSE;
  g_hash_table_insert (self->visitor_sockets, g_strdup (visitor), GUINT_TO_POINTER (n + 1));
  return TRUE;
}

static void
forget_clients (TerraWebchat *self)
{
  while (self->clients->len > 0)
    {
      TerraWebchatClient *client = self->clients->pdata[self->clients->len - 1];

      _terra_webchat_client_close (client, SOUP_WEBSOCKET_CLOSE_GOING_AWAY, "server stopping");
      _terra_webchat_remove_client (self, client);
    }
}

/* When the server stops (its SoupServer is finalized on the server
 * thread), the sockets are closed and the listeners removed; sources
 * still queued hold a reference and find the state detached. */
static void
detach (gpointer data)
{
  TerraWebchat *self = data;
  GMainContext *server_context;

  self->detached = TRUE;
  if (self->changed_id != 0)
    g_signal_handler_disconnect (self->notifier, self->changed_id);
  self->changed_id = 0;
  if (self->stream_id != 0)
    terra_orchestrator_remove_reply_stream (self->orchestrator, self->stream_id);
  self->stream_id = 0;
  forget_clients (self);
  self->context = NULL;

  g_mutex_lock (&self->lock);
  server_context = g_steal_pointer (&self->server_context);
  g_mutex_unlock (&self->lock);
  g_main_context_unref (server_context);

  _terra_webchat_unref (self);
}

void
terra_webchat_attach (SoupServer          *soup,
                      TerraChannelContext *context)
{
  TerraWebchat *self;

  g_return_if_fail (SOUP_IS_SERVER (soup));
  g_return_if_fail (context != NULL && TERRA_IS_WORKSPACE (context->workspace));

  self = g_new0 (TerraWebchat, 1);
  g_atomic_ref_count_init (&self->ref_count);
  g_mutex_init (&self->lock);
  self->changes = g_array_new (FALSE, FALSE, sizeof (TerraChange));
  self->context = context;
  self->server_context = g_main_context_ref (context->context != NULL ? context->context
                                                                      : g_main_context_default ());
  self->workspace = g_object_ref (context->workspace);
  self->orchestrator = context->orchestrator != NULL ? g_object_ref (context->orchestrator) : NULL;
  self->notifier = g_object_ref (terra_workspace_get_notifier (context->workspace));
  self->clients = g_ptr_array_new ();
  self->by_conversation = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                                 (GDestroyNotify)g_ptr_array_unref);
  self->visitor_sockets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->message_limiter = terra_rate_limiter_new (TERRA_WEBCHAT_MAX_PER_MINUTE / 60.0,
                                                  TERRA_WEBCHAT_MAX_PER_MINUTE);

  self->changed_id = g_signal_connect_data (self->notifier, "changed", G_CALLBACK (notifier_changed_cb),
                                            _terra_webchat_ref (self), notifier_closure_destroy, 0);

  if (self->orchestrator != NULL)
    self->stream_id = terra_orchestrator_add_reply_stream (self->orchestrator, reply_stream_cb,
                                                           _terra_webchat_ref (self), unref_cb);

  soup_server_add_handler (soup, "/chat", chat_handler, self, NULL);
  soup_server_add_websocket_handler (soup, "/chat/ws", NULL, NULL, websocket_handler, self, NULL);
  g_object_set_data_full (G_OBJECT (soup), "terra-webchat", self, detach);
}

/* Site token and embed code */

char *
terra_webchat_get_site_token (TerraStore  *store,
                              GError     **error)
{
  g_return_val_if_fail (TERRA_IS_STORE (store), NULL);
  return terra_store_webchat_site_token (store, FALSE, error);
}

char *
terra_webchat_regenerate_site_token (TerraStore  *store,
                                     GError     **error)
{
  g_return_val_if_fail (TERRA_IS_STORE (store), NULL);
  return terra_store_webchat_site_token (store, TRUE, error);
}

char *
terra_webchat_embed_code (const char *base_url,
                          const char *token,
                          const char *color,
                          const char *position,
                          const char *greeting)
{
  g_autofree char *base = NULL;
  g_autofree char *src = NULL;
  g_autofree char *src_attr = NULL;
  g_autofree char *token_attr = NULL;
  g_autofree char *color_attr = NULL;
  g_autofree char *greeting_attr = NULL;
  GString *code;

  g_return_val_if_fail (base_url != NULL, NULL);
  g_return_val_if_fail (token != NULL, NULL);

  base = g_strdup (base_url);
  while (*base != '\0' && base[strlen (base) - 1] == '/')
    base[strlen (base) - 1] = '\0';
  src = g_strconcat (base, "/chat/widget.js", NULL);
  src_attr = escape_attribute (src);
  token_attr = escape_attribute (token);
  color_attr = escape_attribute (is_valid_color (color) ? color : DEFAULT_COLOR);

  code = g_string_new (NULL);
  g_string_append_printf (code, "<script src=\"%s\" data-token=\"%s\" data-color=\"%s\" data-position=\"%s\"",
                          src_attr, token_attr, color_attr,
                          g_strcmp0 (position, "left") == 0 ? "left" : "right");
  if (greeting != NULL && *greeting != '\0')
    {
      greeting_attr = escape_attribute (greeting);
      g_string_append_printf (code, " data-greeting=\"%s\"", greeting_attr);
    }
  g_string_append (code, " async></script>");
  return g_string_free (code, FALSE);
}
