/* terra-orchestrator.c — the worker threads and their queue
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Fields under "guarded by mutex" are shared by the main thread and the
 * workers; everything else is set on the main thread before start() and
 * only read afterwards. The queue holds conversation ids; a worker takes
 * the first one no other worker is busy with and handles all its waiting
 * messages, so one conversation is never handled by two threads at once
 * and its messages keep their order. A conversation queued again while it
 * is busy stays in the queue for another pass.
 */

#define G_LOG_DOMAIN "terra-orchestrator"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "terra-enums.h"
#include "terra-orchestrator-private.h"
#include "terra-provider-factory.h"

#define DEFAULT_WORKERS 2
#define MAX_WORKERS 16

struct _TerraOrchestrator
{
  GObject                        parent_instance;

  /* owned references */
  TerraWorkspace                *workspace;
  TerraAnalyzer                 *analyzer;
  GMainContext                  *main_context;

  /* set before start() */
  guint                          n_workers;
  TerraOrchestratorProviderFunc  provider_func;
  gpointer                       provider_data;
  GDestroyNotify                 provider_destroy;

  GPtrArray                     *threads;

  /* guarded by mutex */
  GMutex                         mutex;
  GCond                          cond;
  GQueue                         queue;      /* gint64 * */
  GHashTable                    *queued;     /* gint64 * set: ids in queue */
  GHashTable                    *busy;       /* gint64 * set: ids being handled */
  gboolean                       running;
  gint64                         now;       /* 0: the real clock */
  gboolean                       scan_pending;
  guint                          n_scanning;

  /* guarded by stream_mutex: the reply watchers */
  GMutex                         stream_mutex;
  GArray                        *streams;   /* ReplyStream */
  guint                          last_stream_id;
};

typedef struct
{
  guint                 id;
  TerraReplyStreamFunc  func;
  gpointer              user_data;
  GDestroyNotify        destroy;
} ReplyStream;

enum {
  PROP_0,
  PROP_WORKSPACE,
  PROP_N_WORKERS,
  N_PROPS
};

enum {
  MESSAGE_HANDLED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (TerraOrchestrator, terra_orchestrator, G_TYPE_OBJECT)

void
terra_simulation_free (TerraSimulation *simulation)
{
  if (simulation == NULL)
    return;
  g_free (simulation->reply);
  g_free (simulation->decision);
  g_free (simulation->provider);
  g_free (simulation->intent);
  g_free (simulation->language);
  g_free (simulation->analysis_json);
  g_clear_pointer (&simulation->actions, g_ptr_array_unref);
  g_clear_pointer (&simulation->sources, g_ptr_array_unref);
  g_free (simulation);
}

static gint64 *
id_new (gint64 id)
{
  return g_memdup2 (&id, sizeof id);
}

/* Queue (call with the mutex held) */

static void
push_locked (TerraOrchestrator *self,
             gint64             conversation_id)
{
  gint64 *id;

  if (g_hash_table_contains (self->queued, &conversation_id))
    return;
  id = id_new (conversation_id);
  g_queue_push_tail (&self->queue, id);
  g_hash_table_add (self->queued, id_new (conversation_id));
  g_cond_broadcast (&self->cond);
}

/* Takes the first queued conversation no worker is busy with; 0 if none. */
static gint64
take_locked (TerraOrchestrator *self)
{
  for (GList *l = self->queue.head; l != NULL; l = l->next)
    {
      gint64 id = *(gint64 *)l->data;

      if (g_hash_table_contains (self->busy, &id))
        continue;
      g_free (l->data);
      g_queue_delete_link (&self->queue, l);
      g_hash_table_remove (self->queued, &id);
      g_hash_table_add (self->busy, id_new (id));
      return id;
    }
  return 0;
}

static void
release (TerraOrchestrator *self,
         gint64             conversation_id)
{
  g_mutex_lock (&self->mutex);
  g_hash_table_remove (self->busy, &conversation_id);
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->mutex);
}

/* Waits until no worker handles the conversation, then claims it. */
static void
claim (TerraOrchestrator *self,
       gint64             conversation_id)
{
  g_mutex_lock (&self->mutex);
  while (g_hash_table_contains (self->busy, &conversation_id))
    g_cond_wait (&self->cond, &self->mutex);
  g_hash_table_add (self->busy, id_new (conversation_id));
  g_mutex_unlock (&self->mutex);
}

/* Workers */

/* Queues every conversation with a message a crash or a stop left
 * unanswered, oldest first. */
static void
scan_unprocessed (TerraOrchestrator *self,
                  TerraStore        *store)
{
  g_autoptr(TerraQuery) query = terra_query_new (TERRA_TYPE_MESSAGE);
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(GError) error = NULL;

  terra_query_where_null (query, "processed_at", TRUE);
  terra_query_where_enum (query, "direction", TERRA_TYPE_DIRECTION, TERRA_DIRECTION_INBOUND);
  terra_query_order_by (query, "id", FALSE);
  /* All of them: a crash under load can leave thousands. */
  terra_query_set_range (query, 0, G_MAXUINT);
  messages = terra_store_list (store, query, &error);
  if (messages == NULL)
    {
      g_warning ("Could not look for unanswered messages: %s", error->message);
      return;
    }

  g_mutex_lock (&self->mutex);
  for (guint i = 0; i < messages->len; i++)
    push_locked (self, terra_message_get_conversation_id (g_ptr_array_index (messages, i)));
  g_mutex_unlock (&self->mutex);

  if (messages->len > 0)
    g_debug ("%u unanswered messages found at start", messages->len);
}

static void
maybe_scan (TerraOrchestrator *self,
            TerraStore        *store)
{
  gboolean mine;

  g_mutex_lock (&self->mutex);
  mine = self->scan_pending;
  self->scan_pending = FALSE;
  g_mutex_unlock (&self->mutex);

  if (!mine)
    return;
  scan_unprocessed (self, store);

  g_mutex_lock (&self->mutex);
  self->n_scanning--;
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->mutex);
}

static gint64
wait_for_job (TerraOrchestrator *self)
{
  gint64 id = 0;

  g_mutex_lock (&self->mutex);
  while (self->running && (id = take_locked (self)) == 0)
    g_cond_wait (&self->cond, &self->mutex);
  g_mutex_unlock (&self->mutex);
  return id;
}

static gpointer
worker_main (gpointer data)
{
  TerraOrchestrator *self = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(TerraStore) store = terra_workspace_open_store (self->workspace, &error);
  g_autoptr(TerraWorker) worker = NULL;
  gint64 id;

  if (store == NULL)
    {
      /* The scan is left to a worker that can open it. */
      g_warning ("A worker could not open the workspace: %s", error->message);
      return NULL;
    }

  worker = _terra_worker_new (self, store);
  maybe_scan (self, store);

  while ((id = wait_for_job (self)) != 0)
    {
      if (!_terra_worker_process_conversation (worker, id, 0, NULL, &error))
        {
          g_warning ("Conversation %" G_GINT64_FORMAT " could not be handled: %s", id, error->message);
          g_clear_error (&error);
        }
      release (self, id);
    }

  return NULL;
}

/* Signals on the main context */

typedef struct
{
  GWeakRef orchestrator;
  gint64   conversation_id;
  gint64   message_id;
  gint64   reply_id;
} Handled;

static void
handled_free (gpointer data)
{
  Handled *handled = data;

  g_weak_ref_clear (&handled->orchestrator);
  g_free (handled);
}

static gboolean
emit_handled_cb (gpointer data)
{
  Handled *handled = data;
  g_autoptr(TerraOrchestrator) self = g_weak_ref_get (&handled->orchestrator);

  if (self != NULL)
    g_signal_emit (self, signals[MESSAGE_HANDLED], 0,
                   handled->conversation_id, handled->message_id, handled->reply_id);
  return G_SOURCE_REMOVE;
}

void
_terra_orchestrator_message_handled (TerraOrchestrator *self,
                                     gint64             conversation_id,
                                     gint64             message_id,
                                     gint64             reply_id)
{
  Handled *handled = g_new0 (Handled, 1);

  g_weak_ref_init (&handled->orchestrator, self);
  handled->conversation_id = conversation_id;
  handled->message_id = message_id;
  handled->reply_id = reply_id;
  g_main_context_invoke_full (self->main_context, G_PRIORITY_DEFAULT, emit_handled_cb, handled, handled_free);
}

/* Reply watchers */

guint
terra_orchestrator_add_reply_stream (TerraOrchestrator    *self,
                                     TerraReplyStreamFunc  func,
                                     gpointer              user_data,
                                     GDestroyNotify        destroy)
{
  ReplyStream stream = { 0, func, user_data, destroy };

  g_return_val_if_fail (TERRA_IS_ORCHESTRATOR (self), 0);
  g_return_val_if_fail (func != NULL, 0);

  g_mutex_lock (&self->stream_mutex);
  stream.id = ++self->last_stream_id;
  g_array_append_val (self->streams, stream);
  g_mutex_unlock (&self->stream_mutex);
  return stream.id;
}

/* After it returns, the watcher is not called again. */
void
terra_orchestrator_remove_reply_stream (TerraOrchestrator *self,
                                        guint              stream_id)
{
  ReplyStream removed = { 0 };

  g_return_if_fail (TERRA_IS_ORCHESTRATOR (self));

  g_mutex_lock (&self->stream_mutex);
  for (guint i = 0; i < self->streams->len; i++)
    if (g_array_index (self->streams, ReplyStream, i).id == stream_id)
      {
        removed = g_array_index (self->streams, ReplyStream, i);
        g_array_remove_index (self->streams, i);
        break;
      }
  g_mutex_unlock (&self->stream_mutex);

  if (removed.destroy != NULL)
    removed.destroy (removed.user_data);
}

static void
stream_piece (TerraOrchestrator *self,
              gint64             conversation_id,
              gint64             reply_id,
              const char        *delta)
{
  for (guint i = 0; i < self->streams->len; i++)
    {
      ReplyStream *stream = &g_array_index (self->streams, ReplyStream, i);

      stream->func (conversation_id, reply_id, delta, stream->user_data);
    }
}

/* Hands a stored reply to the watchers a word at a time (each piece keeps
 * the spaces after its word), then says it is complete. The lock is held
 * throughout so a watcher being removed is never called half-way. */
void
_terra_orchestrator_stream_reply (TerraOrchestrator *self,
                                  gint64             conversation_id,
                                  gint64             reply_id,
                                  const char        *text)
{
  const char *start = text;

  g_mutex_lock (&self->stream_mutex);
  if (self->streams->len > 0)
    {
      while (*start != '\0')
        {
          const char *end = start;
          g_autofree char *piece = NULL;

          while (*end != '\0' && !g_ascii_isspace (*end))
            end++;
          while (*end != '\0' && g_ascii_isspace (*end))
            end++;
          piece = g_strndup (start, end - start);
          stream_piece (self, conversation_id, 0, piece);
          start = end;
        }
      stream_piece (self, conversation_id, reply_id, NULL);
    }
  g_mutex_unlock (&self->stream_mutex);
}

gboolean
_terra_orchestrator_should_continue (TerraOrchestrator *self)
{
  gboolean running;

  g_mutex_lock (&self->mutex);
  running = self->running;
  g_mutex_unlock (&self->mutex);
  return running;
}

gboolean
_terra_orchestrator_has_provider_func (TerraOrchestrator *self)
{
  return self->provider_func != NULL;
}

TerraProvider *
_terra_orchestrator_make_provider (TerraOrchestrator  *self,
                                   TerraStore         *store,
                                   GError            **error)
{
  if (self->provider_func != NULL)
    return self->provider_func (store, terra_workspace_get_id (self->workspace), self->provider_data, error);
  return terra_provider_new_for_settings (store, terra_workspace_get_id (self->workspace), error);
}

/* Public API */

/**
 * terra_orchestrator_start:
 *
 * Starts the workers; the first of them queues the messages a crash or a
 * stop left unanswered.
 */
gboolean
terra_orchestrator_start (TerraOrchestrator  *self,
                          GError            **error)
{
  g_return_val_if_fail (TERRA_IS_ORCHESTRATOR (self), FALSE);

  if (self->threads != NULL)
    return TRUE;

  g_mutex_lock (&self->mutex);
  self->running = TRUE;
  self->scan_pending = TRUE;
  self->n_scanning = 1;
  g_mutex_unlock (&self->mutex);

  self->threads = g_ptr_array_new ();
  for (guint i = 0; i < self->n_workers; i++)
    {
      g_autofree char *name = g_strdup_printf ("terra-worker-%u", i + 1);
      GThread *thread = g_thread_try_new (name, worker_main, self, error);

      if (thread == NULL)
        {
          terra_orchestrator_stop (self);
          return FALSE;
        }
      g_ptr_array_add (self->threads, thread);
    }
  return TRUE;
}

/* Stops taking jobs and waits for the workers to finish the message each
 * is handling; what is left waits in the database for the next start. */
void
terra_orchestrator_stop (TerraOrchestrator *self)
{
  g_return_if_fail (TERRA_IS_ORCHESTRATOR (self));

  if (self->threads == NULL)
    return;

  g_mutex_lock (&self->mutex);
  self->running = FALSE;
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->mutex);

  for (guint i = 0; i < self->threads->len; i++)
    g_thread_join (g_ptr_array_index (self->threads, i));
  g_clear_pointer (&self->threads, g_ptr_array_unref);

  g_mutex_lock (&self->mutex);
  self->scan_pending = FALSE;
  self->n_scanning = 0;
  g_mutex_unlock (&self->mutex);
}

gboolean
terra_orchestrator_is_running (TerraOrchestrator *self)
{
  g_return_val_if_fail (TERRA_IS_ORCHESTRATOR (self), FALSE);

  return self->threads != NULL;
}

/* Tells the workers that conversation_id has a new inbound message (the
 * message itself must be committed already). Any thread. */
void
terra_orchestrator_enqueue (TerraOrchestrator *self,
                            gint64             conversation_id)
{
  g_return_if_fail (TERRA_IS_ORCHESTRATOR (self));
  g_return_if_fail (conversation_id > 0);

  g_mutex_lock (&self->mutex);
  push_locked (self, conversation_id);
  g_mutex_unlock (&self->mutex);
}

/* Blocks until the queue is empty and no worker is busy, or timeout_ms
 * passed (0: no limit). Returns whether it became idle. For tests and a
 * graceful shutdown. */
gboolean
terra_orchestrator_wait_idle (TerraOrchestrator *self,
                              guint              timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64)timeout_ms * 1000;
  gboolean idle;

  g_return_val_if_fail (TERRA_IS_ORCHESTRATOR (self), FALSE);

  g_mutex_lock (&self->mutex);
  while (!(idle = g_queue_is_empty (&self->queue) && g_hash_table_size (self->busy) == 0 && self->n_scanning == 0))
    {
      if (self->threads == NULL)
        break;
      if (timeout_ms == 0)
        g_cond_wait (&self->cond, &self->mutex);
      else if (!g_cond_wait_until (&self->cond, &self->mutex, deadline))
        {
          idle = g_queue_is_empty (&self->queue) && g_hash_table_size (self->busy) == 0 && self->n_scanning == 0;
          break;
        }
    }
  g_mutex_unlock (&self->mutex);
  return idle;
}

/**
 * terra_orchestrator_process:
 * @store: the calling thread's connection to the workspace
 * @out: (out) (optional): what happened to the last message handled; NULL
 *   when none was waiting
 *
 * Handles the conversation's waiting inbound messages now, on the calling
 * thread, with the same exclusion as the workers. For tools and scripts
 * that run without workers, and for measuring the engine.
 */
gboolean
terra_orchestrator_process (TerraOrchestrator  *self,
                            TerraStore         *store,
                            gint64              conversation_id,
                            TerraSimulation   **out,
                            GError            **error)
{
  g_autoptr(TerraWorker) worker = NULL;
  gboolean ok;

  g_return_val_if_fail (TERRA_IS_ORCHESTRATOR (self), FALSE);
  g_return_val_if_fail (TERRA_IS_STORE (store), FALSE);
  g_return_val_if_fail (out == NULL || *out == NULL, FALSE);

  worker = _terra_worker_new (self, store);
  claim (self, conversation_id);
  ok = _terra_worker_process_conversation (worker, conversation_id, 0, out, error);
  release (self, conversation_id);
  return ok;
}

/**
 * terra_orchestrator_simulate:
 * @store: the calling thread's connection to the workspace
 * @text: what the lead writes
 * @out: (out) (optional): what happened
 *
 * Stores @text as the lead's next message in the conversation and handles
 * it on the calling thread, through the same steps as the workers (and
 * with the same exclusion, so a worker never handles it too). For the test
 * chat and POST /api/v1/chat.
 */
gboolean
terra_orchestrator_simulate (TerraOrchestrator  *self,
                             TerraStore         *store,
                             gint64              conversation_id,
                             const char         *text,
                             TerraSimulation   **out,
                             GError            **error)
{
  g_autoptr(TerraConversation) conversation = NULL;
  g_autoptr(TerraMessage) message = NULL;
  g_autoptr(TerraWorker) worker = NULL;
  g_autoptr(TerraSimulation) simulation = NULL;
  gboolean ok;

  g_return_val_if_fail (TERRA_IS_ORCHESTRATOR (self), FALSE);
  g_return_val_if_fail (TERRA_IS_STORE (store), FALSE);
  g_return_val_if_fail (text != NULL, FALSE);

  conversation = terra_store_get (store, TERRA_TYPE_CONVERSATION, conversation_id, error);
  if (conversation == NULL)
    return FALSE;

  message = terra_message_new ();
  terra_message_set_conversation_id (message, conversation_id);
  terra_message_set_direction (message, TERRA_DIRECTION_INBOUND);
  terra_message_set_author (message, TERRA_AUTHOR_LEAD);
  terra_message_set_body (message, text);
  terra_message_set_channel (message, terra_conversation_get_channel (conversation));
  if (!terra_store_insert (store, message, error))
    return FALSE;

  worker = _terra_worker_new (self, store);
  claim (self, conversation_id);
  ok = _terra_worker_process_conversation (worker, conversation_id, terra_message_get_id (message),
                                           &simulation, error);
  release (self, conversation_id);
  if (!ok)
    return FALSE;

  if (simulation == NULL || simulation->message_id != terra_message_get_id (message))
    {
      g_set_error (error, TERRA_STORE_ERROR, TERRA_STORE_ERROR_CONFLICT,
                   _("The message was handled elsewhere"));
      return FALSE;
    }
  if (out != NULL)
    *out = g_steal_pointer (&simulation);
  return TRUE;
}

TerraWorkspace *
terra_orchestrator_get_workspace (TerraOrchestrator *self)
{
  g_return_val_if_fail (TERRA_IS_ORCHESTRATOR (self), NULL);
  return self->workspace;
}

/* The shared analyzer; it never changes, any thread may use it. */
TerraAnalyzer *
terra_orchestrator_get_analyzer (TerraOrchestrator *self)
{
  g_return_val_if_fail (TERRA_IS_ORCHESTRATOR (self), NULL);
  return self->analyzer;
}

guint
terra_orchestrator_get_n_workers (TerraOrchestrator *self)
{
  g_return_val_if_fail (TERRA_IS_ORCHESTRATOR (self), 0);
  return self->n_workers;
}

/* Takes effect at the next start. */
void
terra_orchestrator_set_n_workers (TerraOrchestrator *self,
                                  guint              n_workers)
{
  g_return_if_fail (TERRA_IS_ORCHESTRATOR (self));

  n_workers = CLAMP (n_workers, 1, MAX_WORKERS);
  if (self->n_workers == n_workers)
    return;
  self->n_workers = n_workers;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_WORKERS]);
}

/* Replaces how workers make their LLM provider (tests, a test chat with
 * another model). Call before start(). */
void
terra_orchestrator_set_provider_func (TerraOrchestrator             *self,
                                      TerraOrchestratorProviderFunc  func,
                                      gpointer                       user_data,
                                      GDestroyNotify                 destroy)
{
  g_return_if_fail (TERRA_IS_ORCHESTRATOR (self));
  g_return_if_fail (self->threads == NULL);

  if (self->provider_destroy != NULL)
    self->provider_destroy (self->provider_data);
  self->provider_func = func;
  self->provider_data = user_data;
  self->provider_destroy = destroy;
}

/* Fixes the clock the engine reads (µs since the epoch); 0 for the real
 * one. For tests, so replies that name days are the same every run. */
void
terra_orchestrator_set_now (TerraOrchestrator *self,
                            gint64             now)
{
  g_return_if_fail (TERRA_IS_ORCHESTRATOR (self));

  g_mutex_lock (&self->mutex);
  self->now = now;
  g_mutex_unlock (&self->mutex);
}

gint64
terra_orchestrator_get_now (TerraOrchestrator *self)
{
  gint64 now;

  g_return_val_if_fail (TERRA_IS_ORCHESTRATOR (self), 0);

  g_mutex_lock (&self->mutex);
  now = self->now;
  g_mutex_unlock (&self->mutex);
  return now != 0 ? now : g_get_real_time ();
}

static void
terra_orchestrator_dispose (GObject *object)
{
  TerraOrchestrator *self = TERRA_ORCHESTRATOR (object);

  terra_orchestrator_stop (self);
  if (self->provider_destroy != NULL)
    self->provider_destroy (self->provider_data);
  self->provider_destroy = NULL;
  self->provider_func = NULL;

  G_OBJECT_CLASS (terra_orchestrator_parent_class)->dispose (object);
}

static void
terra_orchestrator_finalize (GObject *object)
{
  TerraOrchestrator *self = TERRA_ORCHESTRATOR (object);

  for (guint i = 0; i < self->streams->len; i++)
    {
      ReplyStream *stream = &g_array_index (self->streams, ReplyStream, i);

      if (stream->destroy != NULL)
        stream->destroy (stream->user_data);
    }
  g_array_unref (self->streams);
  g_mutex_clear (&self->stream_mutex);
  g_queue_clear_full (&self->queue, g_free);
  g_clear_pointer (&self->queued, g_hash_table_unref);
  g_clear_pointer (&self->busy, g_hash_table_unref);
  g_mutex_clear (&self->mutex);
  g_cond_clear (&self->cond);
  g_clear_object (&self->analyzer);
  g_clear_object (&self->workspace);
  g_clear_pointer (&self->main_context, g_main_context_unref);

  G_OBJECT_CLASS (terra_orchestrator_parent_class)->finalize (object);
}

static void
terra_orchestrator_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  TerraOrchestrator *self = TERRA_ORCHESTRATOR (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      g_value_set_object (value, self->workspace);
      break;
    case PROP_N_WORKERS:
      g_value_set_uint (value, self->n_workers);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
terra_orchestrator_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  TerraOrchestrator *self = TERRA_ORCHESTRATOR (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      self->workspace = g_value_dup_object (value);
      break;
    case PROP_N_WORKERS:
      terra_orchestrator_set_n_workers (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
terra_orchestrator_class_init (TerraOrchestratorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = terra_orchestrator_dispose;
  object_class->finalize = terra_orchestrator_finalize;
  object_class->get_property = terra_orchestrator_get_property;
  object_class->set_property = terra_orchestrator_set_property;

  properties[PROP_WORKSPACE] =
    g_param_spec_object ("workspace", NULL, NULL, TERRA_TYPE_WORKSPACE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_WORKERS] =
    g_param_spec_uint ("n-workers", NULL, NULL, 1, MAX_WORKERS, DEFAULT_WORKERS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * TerraOrchestrator::message-handled:
   * @conversation_id: the conversation
   * @message_id: the inbound message now handled
   * @reply_id: the reply, or 0 when the assistant stayed silent
   *
   * Emitted on the main context after the reply is stored.
   */
  signals[MESSAGE_HANDLED] =
    g_signal_new ("message-handled", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, G_TYPE_INT64, G_TYPE_INT64, G_TYPE_INT64);
}

static void
terra_orchestrator_init (TerraOrchestrator *self)
{
  self->n_workers = DEFAULT_WORKERS;
  self->analyzer = terra_analyzer_new ();
  self->main_context = g_main_context_ref_thread_default ();
  g_mutex_init (&self->mutex);
  g_cond_init (&self->cond);
  g_queue_init (&self->queue);
  self->queued = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->busy = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_mutex_init (&self->stream_mutex);
  self->streams = g_array_new (FALSE, FALSE, sizeof (ReplyStream));
}

/* Returns (transfer full) an orchestrator for workspace; start() it. */
TerraOrchestrator *
terra_orchestrator_new (TerraWorkspace *workspace)
{
  g_return_val_if_fail (TERRA_IS_WORKSPACE (workspace), NULL);

  return g_object_new (TERRA_TYPE_ORCHESTRATOR, "workspace", workspace, NULL);
}
