/* terra-server-ingest.c — POST /api/v1/messages with group commit
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The server thread checks the key, parses and validates the body, pauses
 * the request and queues it. A writer thread with its own durable store
 * (synchronous=FULL) takes everything queued, stores it in one transaction
 * — each message in its own savepoint, so a bad one fails alone — and
 * commits once: one disk sync for the whole batch. Only then are the
 * requests answered 202, back on the server thread, and the conversations
 * handed to the orchestrator. While one batch syncs, the next one fills:
 * the busier the server, the larger the batches.
 */
#define G_LOG_DOMAIN "terra-server"

#include "config.h"

#include <glib/gi18n.h>

#include "terra-inbound.h"
#include "terra-server-private.h"

/* The most messages in one transaction: bounds the latency of the first. */
#define MAX_BATCH 512

struct _TerraServerIngest
{
  TerraServer *server;
  TerraStore  *store;   /* the writer's own, durable */
  GAsyncQueue *queue;   /* IngestItem*, or the stop marker */
  GThread     *thread;
};

typedef struct
{
  SoupServerMessage   *msg;
  JsonNode            *root;     /* owns the strings of message */
  TerraInboundMessage  message;
  TerraIngestResult    result;
  GError              *error;
} IngestItem;

static int stop_marker;
#define STOP_MARKER ((gpointer)&stop_marker)

static void
ingest_item_free (gpointer data)
{
  IngestItem *item = data;

  g_object_unref (item->msg);
  json_node_unref (item->root);
  g_clear_error (&item->error);
  g_free (item);
}

typedef struct
{
  TerraServer *server;
  GPtrArray   *items;
} Batch;

static void
batch_free (gpointer data)
{
  Batch *batch = data;

  g_ptr_array_unref (batch->items);
  g_free (batch);
}

/* On the server thread: every message of the batch is committed (or
 * failed); answer them. */
static gboolean
batch_done (gpointer data)
{
  Batch *batch = data;

  for (guint i = 0; i < batch->items->len; i++)
    {
      IngestItem *item = batch->items->pdata[i];

      if (item->error != NULL)
        _terra_server_respond_error (item->msg, item->error);
      else
        {
          char json[160];
          int length = g_snprintf (json, sizeof json,
                                   "{\"conversation_id\":%" G_GINT64_FORMAT
                                   ",\"message_id\":%" G_GINT64_FORMAT
                                   ",\"duplicate\":%s}",
                                   item->result.conversation_id, item->result.message_id,
                                   item->result.duplicate ? "true" : "false");

          _terra_server_respond_json (item->msg, 202, json, length);
        }
      _terra_server_unpause (batch->server, item->msg);
    }

  return G_SOURCE_REMOVE;
}

static void
fail_all (GPtrArray    *items,
          const GError *error)
{
  for (guint i = 0; i < items->len; i++)
    {
      IngestItem *item = items->pdata[i];

      if (item->error == NULL)
        item->error = g_error_new (TERRA_API_ERROR, TERRA_API_ERROR_UNAVAILABLE,
                                   _("The message could not be stored: %s"), error->message);
    }
}

static void
store_batch (TerraServerIngest *self,
             GPtrArray         *items)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) conversations = NULL;
  g_autofree TerraInboundMessage *messages = g_new (TerraInboundMessage, items->len);
  g_autofree TerraIngestResult *results = g_new0 (TerraIngestResult, items->len);
  g_autofree GError **errors = g_new0 (GError *, items->len);

  for (guint i = 0; i < items->len; i++)
    messages[i] = ((IngestItem *)items->pdata[i])->message;

  if (!terra_store_ingest_batch (self->store, messages, items->len, results, errors, &error))
    {
      for (guint i = 0; i < items->len; i++)
        g_clear_error (&errors[i]);
      fail_all (items, error);
      return;
    }

  for (guint i = 0; i < items->len; i++)
    {
      IngestItem *item = items->pdata[i];

      item->result = results[i];
      item->error = errors[i];
    }

  if (self->server->orchestrator == NULL)
    return;

  /* Acknowledged and durable: now wake the engine, once per conversation. */
  conversations = g_array_new (FALSE, FALSE, sizeof (gint64));
  for (guint i = 0; i < items->len; i++)
    {
      IngestItem *item = items->pdata[i];
      gboolean seen = FALSE;

      if (item->error != NULL || item->result.duplicate)
        continue;
      for (guint j = 0; j < conversations->len && !seen; j++)
        seen = g_array_index (conversations, gint64, j) == item->result.conversation_id;
      if (!seen)
        g_array_append_val (conversations, item->result.conversation_id);
    }
  for (guint j = 0; j < conversations->len; j++)
    terra_orchestrator_enqueue (self->server->orchestrator, g_array_index (conversations, gint64, j));
}

static gpointer
writer_thread (gpointer data)
{
  TerraServerIngest *self = data;
  gboolean stop = FALSE;

  while (!stop)
    {
      gpointer first = g_async_queue_pop (self->queue);
      Batch *batch;

      if (first == STOP_MARKER)
        break;

      batch = g_new0 (Batch, 1);
      batch->server = self->server;
      batch->items = g_ptr_array_new_with_free_func (ingest_item_free);
      g_ptr_array_add (batch->items, first);
      while (batch->items->len < MAX_BATCH)
        {
          gpointer next = g_async_queue_try_pop (self->queue);

          if (next == NULL)
            break;
          if (next == STOP_MARKER)
            {
              stop = TRUE;
              break;
            }
          g_ptr_array_add (batch->items, next);
        }

      store_batch (self, batch->items);
      g_main_context_invoke_full (self->server->context, G_PRIORITY_DEFAULT,
                                  batch_done, batch, batch_free);
    }

  return NULL;
}

TerraServerIngest *
_terra_server_ingest_new (TerraServer  *server,
                          GError      **error)
{
  TerraServerIngest *self;
  TerraStore *store = terra_workspace_open_store (server->workspace, error);

  if (store == NULL)
    return NULL;

  /* Acknowledged means on disk, power cut or not. */
  terra_store_set_durable (store, TRUE);

  self = g_new0 (TerraServerIngest, 1);
  self->server = server;
  self->store = store;
  self->queue = g_async_queue_new ();
  self->thread = g_thread_new ("terra-ingest", writer_thread, self);
  return self;
}

void
_terra_server_ingest_free (TerraServerIngest *self)
{
  if (self == NULL)
    return;

  g_async_queue_push (self->queue, STOP_MARKER);
  g_thread_join (self->thread);
  g_async_queue_unref (self->queue);
  g_object_unref (self->store);
  g_free (self);
}

static gboolean
optional_string (JsonObject  *object,
                 const char  *member,
                 const char **out,
                 GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_set_error (error, TERRA_API_ERROR, TERRA_API_ERROR_BAD_REQUEST,
                   _("“%s” must be a string"), member);
      return FALSE;
    }
  *out = json_node_get_string (node);
  return TRUE;
}

static gboolean
required_string (JsonObject  *object,
                 const char  *member,
                 const char **out,
                 GError     **error)
{
  if (!optional_string (object, member, out, error))
    return FALSE;
  if (*out == NULL)
    {
      g_set_error (error, TERRA_API_ERROR, TERRA_API_ERROR_BAD_REQUEST,
                   _("“%s” is missing"), member);
      return FALSE;
    }
  return TRUE;
}

/* Reads {from, name, text, channel, external_id}; the strings stay owned
 * by @root. The store checks lengths and UTF-8 again. */
static gboolean
read_message (JsonNode             *root,
              TerraInboundMessage  *message,
              GError              **error)
{
  JsonObject *object;
  const char *channel = NULL;
  int value = TERRA_CHANNEL_API;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, TERRA_API_ERROR, TERRA_API_ERROR_BAD_REQUEST,
                           _("The body must be a JSON object with “from” and “text”"));
      return FALSE;
    }
  object = json_node_get_object (root);

  if (!required_string (object, "from", &message->from, error) ||
      !required_string (object, "text", &message->text, error) ||
      !optional_string (object, "name", &message->name, error) ||
      !optional_string (object, "channel", &channel, error) ||
      !optional_string (object, "external_id", &message->external_id, error))
    return FALSE;

  if (channel != NULL && !terra_enum_from_nick (TERRA_TYPE_CHANNEL, channel, &value))
    {
      g_set_error (error, TERRA_API_ERROR, TERRA_API_ERROR_BAD_REQUEST,
                   _("Unknown channel “%s” (use api, webchat, sms, whatsapp or telegram)"), channel);
      return FALSE;
    }
  message->channel = value;
  return TRUE;
}

void
_terra_server_ingest_handle (TerraServer       *self,
                             SoupServerMessage *msg)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  TerraInboundMessage message = { 0 };
  IngestItem *item;

  if (g_atomic_int_get (&self->stopping) || self->ingest == NULL)
    {
      error = g_error_new_literal (TERRA_API_ERROR, TERRA_API_ERROR_UNAVAILABLE,
                                   _("The server is stopping; send the message again later"));
      _terra_server_respond_error (msg, error);
      return;
    }

  if (!_terra_server_check_key (self, msg, &error) ||
      !_terra_server_parse_body (self, msg, &root, &error) ||
      !read_message (root, &message, &error))
    {
      _terra_server_respond_error (msg, error);
      return;
    }

  item = g_new0 (IngestItem, 1);
  item->msg = g_object_ref (msg);
  item->root = g_steal_pointer (&root);
  item->message = message;

  soup_server_message_pause (msg);
  g_async_queue_push (self->ingest->queue, item);
}
