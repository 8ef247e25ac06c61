/* terra-telegram-poller.c — long polling of the Telegram Bot API
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Thread ownership: the store connection and the SoupSession are created
 * and used only on the poller's thread. The owner's thread touches only
 * the cancellable, and the stopping flag under the mutex. Updates are
 * confirmed to Telegram by asking for the next offset, and that offset is
 * committed with the messages, so Telegram keeps an update until Terra has
 * it on disk.
 */
#define G_LOG_DOMAIN "terra-telegram"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "terra-telegram-poller.h"
#include "terra-telegram-private.h"

#define DEFAULT_POLL_TIMEOUT 50
/* The longest pause after failures, in seconds. */
#define MAX_BACKOFF 60

struct _TerraTelegramPoller
{
  GObject            parent_instance;

  TerraWorkspace    *workspace;
  TerraOrchestrator *orchestrator;
  guint              poll_timeout;
  GThread           *thread;
  GCancellable      *cancellable;
  guint              n_polls;     /* atomic */

  GMutex             mutex;
  GCond              cond;
  gboolean           stopping;    /* under mutex */
};

G_DEFINE_FINAL_TYPE (TerraTelegramPoller, terra_telegram_poller, G_TYPE_OBJECT)

/* Sleeps @seconds unless stopped first; FALSE when stopped. */
static gboolean
pause_for (TerraTelegramPoller *self,
           gint64               seconds)
{
  gint64 end = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;
  gboolean stopping;

  g_mutex_lock (&self->mutex);
  while (!self->stopping && g_cond_wait_until (&self->cond, &self->mutex, end))
    ;
  stopping = self->stopping;
  g_mutex_unlock (&self->mutex);
  return !stopping;
}

static GBytes *
get_updates_body (gint64 offset,
                  guint  timeout)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  char *json;

  json_builder_begin_object (builder);
  if (offset > 0)
    {
      json_builder_set_member_name (builder, "offset");
      json_builder_add_int_value (builder, offset);
    }
  json_builder_set_member_name (builder, "timeout");
  json_builder_add_int_value (builder, timeout);
  json_builder_set_member_name (builder, "allowed_updates");
  json_builder_begin_array (builder);
  json_builder_add_string_value (builder, "message");
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json = json_to_string (root, FALSE);
  return g_bytes_new_take (json, strlen (json));
}

/* Runs in the transaction that stores the messages. */
static gboolean
save_offset (TerraStore  *store,
             gpointer     user_data,
             GError     **error)
{
  gint64 *offset = user_data;
  g_autoptr(JsonNode) value = json_node_init_int (json_node_alloc (), *offset);

  return terra_store_set_setting (store, "telegram.update_offset", value, error);
}

static gboolean
store_updates (TerraTelegramPoller *self,
               TerraStore          *store,
               JsonArray           *updates,
               GError             **error)
{
  g_autoptr(GPtrArray) strings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) messages = g_array_new (FALSE, TRUE, sizeof (TerraInboundMessage));
  g_autoptr(GArray) conversations = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint64 next_offset = 0;

  for (guint i = 0; i < json_array_get_length (updates); i++)
    {
      JsonNode *node = json_array_get_element (updates, i);
      JsonObject *update = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      TerraInboundMessage inbound;

      next_offset = MAX (next_offset, _terra_json_int (update, "update_id", -1) + 1);
      if (update != NULL && _terra_telegram_update_to_inbound (update, strings, &inbound))
        g_array_append_val (messages, inbound);
    }
  if (next_offset <= 0)
    return TRUE;

  if (!_terra_channel_ingest_batch (store, messages, save_offset, &next_offset, conversations, error))
    return FALSE;
  for (guint i = 0; self->orchestrator != NULL && i < conversations->len; i++)
    terra_orchestrator_enqueue (self->orchestrator, g_array_index (conversations, gint64, i));
  return TRUE;
}

static gboolean
poll_once (TerraTelegramPoller *self,
           TerraStore          *store,
           SoupSession         *session,
           gint64              *retry_after,
           gboolean            *no_token,
           GError             **error)
{
  g_auto(TerraSecretString) token = NULL;
  g_auto(TerraSecretString) url = NULL;
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GBytes) request_body = NULL;
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(JsonParser) parser = NULL;
  JsonObject *root = NULL;
  JsonArray *updates;
  guint status = 0;

  token = _terra_channel_get_store_secret (store, "telegram_bot_token", self->cancellable, error);
  if (token == NULL)
    {
      /* No bot configured is the usual case, not trouble to report. */
      *no_token = TRUE;
      return FALSE;
    }
  url = _terra_telegram_method_url (store, token, "getUpdates", error);
  if (url == NULL)
    return FALSE;
  message = soup_message_new (SOUP_METHOD_POST, url);
  if (message == NULL)
    {
      g_set_error_literal (error, TERRA_CHANNEL_ERROR, TERRA_CHANNEL_ERROR_NOT_CONFIGURED,
                           _("telegram.api_base is not a usable address"));
      return FALSE;
    }
  request_body = get_updates_body (terra_store_get_setting_int (store, "telegram.update_offset"),
                                   self->poll_timeout);
  soup_message_set_request_body_from_bytes (message, "application/json", request_body);

  answer = _terra_channel_send_message (session, message, &status, self->cancellable, error);
  if (answer == NULL)
    return FALSE;
  if (status == SOUP_STATUS_CONFLICT)
    {
      /* Another program polls this bot, or a webhook is registered. */
      g_set_error_literal (error, TERRA_CHANNEL_ERROR, TERRA_CHANNEL_ERROR_RETRY,
                           _("Telegram refuses to hand out updates: a webhook is set for this bot, "
                             "or another program is polling it. Delete the webhook (deleteWebhook) "
                             "or set telegram.webhook=true"));
      return FALSE;
    }
  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    return _terra_telegram_fail (answer, status, retry_after, error);

  parser = _terra_json_parse_object (answer, &root, NULL);
  updates = _terra_json_array (root, "result");
  if (updates == NULL)
    {
      g_set_error_literal (error, TERRA_CHANNEL_ERROR, TERRA_CHANNEL_ERROR_RETRY,
                           _("Telegram answered getUpdates with something unreadable"));
      return FALSE;
    }
  if (!store_updates (self, store, updates, error))
    return FALSE;
  g_atomic_int_inc (&self->n_polls);
  return TRUE;
}

/* Says each new kind of trouble once, not once per retry. */
static void
report (char         **last_message,
        const GError  *error)
{
  if (g_strcmp0 (*last_message, error->message) == 0)
    return;
  g_warning ("Telegram polling: %s", error->message);
  g_free (*last_message);
  *last_message = g_strdup (error->message);
}

static gpointer
poller_thread (gpointer data)
{
  TerraTelegramPoller *self = data;
  g_autoptr(TerraStore) store = NULL;
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *last_message = NULL;
  gint64 backoff = 1;

  store = terra_workspace_open_store (self->workspace, &error);
  if (store == NULL)
    {
      g_warning ("Telegram polling cannot open the workspace: %s", error->message);
      return NULL;
    }
  /* Longer than the time Telegram may hold the request. */
  session = soup_session_new_with_options ("timeout", self->poll_timeout + 15, NULL);

  while (!g_cancellable_is_cancelled (self->cancellable))
    {
      gint64 retry_after = 0;
      gboolean no_token = FALSE;

      g_clear_error (&error);
      if (poll_once (self, store, session, &retry_after, &no_token, &error))
        {
          backoff = 1;
          g_clear_pointer (&last_message, g_free);
          continue;
        }
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        break;
      /* Without a token, look again now and then: the owner may add one
       * in Preferences, and polling starts without a restart. */
      if (no_token)
        {
          if (!pause_for (self, MAX_BACKOFF))
            break;
          continue;
        }
      report (&last_message, error);
      if (g_error_matches (error, TERRA_CHANNEL_ERROR, TERRA_CHANNEL_ERROR_NOT_CONFIGURED))
        backoff = MAX_BACKOFF;
      if (!pause_for (self, retry_after > 0 ? retry_after : backoff))
        break;
      backoff = MIN (backoff * 2, MAX_BACKOFF);
    }
  return NULL;
}

void
terra_telegram_poller_start (TerraTelegramPoller *self)
{
  g_return_if_fail (TERRA_IS_TELEGRAM_POLLER (self));

  if (self->thread != NULL)
    return;
  g_mutex_lock (&self->mutex);
  self->stopping = FALSE;
  g_mutex_unlock (&self->mutex);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->thread = g_thread_new ("terra-telegram", poller_thread, self);
}

void
terra_telegram_poller_stop (TerraTelegramPoller *self)
{
  g_return_if_fail (TERRA_IS_TELEGRAM_POLLER (self));

  if (self->thread == NULL)
    return;
  g_mutex_lock (&self->mutex);
  self->stopping = TRUE;
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->mutex);
  g_cancellable_cancel (self->cancellable);
  g_thread_join (g_steal_pointer (&self->thread));
}

void
terra_telegram_poller_set_poll_timeout (TerraTelegramPoller *self,
                                        guint                seconds)
{
  g_return_if_fail (TERRA_IS_TELEGRAM_POLLER (self));
  g_return_if_fail (self->thread == NULL);

  self->poll_timeout = seconds;
}

guint
terra_telegram_poller_get_n_polls (TerraTelegramPoller *self)
{
  g_return_val_if_fail (TERRA_IS_TELEGRAM_POLLER (self), 0);

  return g_atomic_int_get (&self->n_polls);
}

TerraTelegramPoller *
terra_telegram_poller_new (TerraWorkspace    *workspace,
                           TerraOrchestrator *orchestrator)
{
  TerraTelegramPoller *self;

  g_return_val_if_fail (TERRA_IS_WORKSPACE (workspace), NULL);

  self = g_object_new (TERRA_TYPE_TELEGRAM_POLLER, NULL);
  self->workspace = g_object_ref (workspace);
  self->orchestrator = orchestrator != NULL ? g_object_ref (orchestrator) : NULL;
  return self;
}

static void
terra_telegram_poller_dispose (GObject *object)
{
  TerraTelegramPoller *self = TERRA_TELEGRAM_POLLER (object);

  terra_telegram_poller_stop (self);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->orchestrator);
  g_clear_object (&self->workspace);

  G_OBJECT_CLASS (terra_telegram_poller_parent_class)->dispose (object);
}

static void
terra_telegram_poller_finalize (GObject *object)
{
  TerraTelegramPoller *self = TERRA_TELEGRAM_POLLER (object);

  g_mutex_clear (&self->mutex);
  g_cond_clear (&self->cond);

  G_OBJECT_CLASS (terra_telegram_poller_parent_class)->finalize (object);
}

static void
terra_telegram_poller_class_init (TerraTelegramPollerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = terra_telegram_poller_dispose;
  object_class->finalize = terra_telegram_poller_finalize;
}

static void
terra_telegram_poller_init (TerraTelegramPoller *self)
{
  self->poll_timeout = DEFAULT_POLL_TIMEOUT;
  g_mutex_init (&self->mutex);
  g_cond_init (&self->cond);
}
