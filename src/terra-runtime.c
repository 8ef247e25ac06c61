/* terra-runtime.c — what runs behind the window: the engine and its services
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "terra-inbound.h"
#include "terra-provider-factory.h"
#include "terra-secrets.h"
#include "terra-embedder.h"
#include "terra-outbox.h"
#include "terra-store-retention.h"
#include "terra-runtime.h"
#include "terra-server.h"
#include "terra-telegram-poller.h"

struct _TerraRuntime
{
  GObject            parent_instance;

  TerraWorkspace    *workspace;
  TerraOrchestrator *orchestrator;
  TerraEmbedder     *embedder;
  gulong             changed_handler;
  TerraOutbox       *outbox;
  TerraTelegramPoller *telegram; /* long polling, unless telegram.webhook */
  TerraRetentionTimer *retention;  /* privacy.retention_days, daily */
  char              *bind_address;
  int                port;          /* -1: the default */
  TerraServer       *server;        /* webhooks, REST API, web chat */
  char              *problem;
  gboolean           running;
  gint64             started_at;    /* µs since the epoch; 0 when stopped */
};

G_DEFINE_FINAL_TYPE (TerraRuntime, terra_runtime, G_TYPE_OBJECT)

static void
terra_runtime_dispose (GObject *object)
{
  TerraRuntime *self = TERRA_RUNTIME (object);

  terra_runtime_stop (self);
  g_clear_object (&self->orchestrator);
  g_clear_object (&self->embedder);
  g_clear_object (&self->server);
  g_clear_object (&self->outbox);
  g_clear_object (&self->telegram);
  g_clear_object (&self->workspace);

  G_OBJECT_CLASS (terra_runtime_parent_class)->dispose (object);
}

static void
terra_runtime_finalize (GObject *object)
{
  TerraRuntime *self = TERRA_RUNTIME (object);

  g_free (self->bind_address);
  g_free (self->problem);

  G_OBJECT_CLASS (terra_runtime_parent_class)->finalize (object);
}

static void
terra_runtime_class_init (TerraRuntimeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = terra_runtime_dispose;
  object_class->finalize = terra_runtime_finalize;
}

static void
terra_runtime_init (TerraRuntime *self)
{
  self->port = -1;
}

TerraRuntime *
terra_runtime_new (TerraWorkspace *workspace)
{
  TerraRuntime *self;

  g_return_val_if_fail (TERRA_IS_WORKSPACE (workspace), NULL);

  self = g_object_new (TERRA_TYPE_RUNTIME, NULL);
  self->workspace = g_object_ref (workspace);
  self->orchestrator = terra_orchestrator_new (workspace);
  self->embedder = terra_embedder_new (workspace);
  self->outbox = terra_outbox_new (workspace);
  self->telegram = terra_telegram_poller_new (workspace, self->orchestrator);
  return self;
}

TerraWorkspace *
terra_runtime_get_workspace (TerraRuntime *self)
{
  g_return_val_if_fail (TERRA_IS_RUNTIME (self), NULL);
  return self->workspace;
}

TerraOrchestrator *
terra_runtime_get_orchestrator (TerraRuntime *self)
{
  g_return_val_if_fail (TERRA_IS_RUNTIME (self), NULL);
  return self->orchestrator;
}

void
terra_runtime_set_server_address (TerraRuntime *self,
                                  const char   *bind_address,
                                  int           port)
{
  g_return_if_fail (TERRA_IS_RUNTIME (self));
  g_return_if_fail (!self->running);

  if (bind_address != NULL)
    {
      g_free (self->bind_address);
      self->bind_address = g_strdup (bind_address);
    }
  if (port >= 0)
    self->port = port;
}

const char *
terra_runtime_get_bind_address (TerraRuntime *self)
{
  g_return_val_if_fail (TERRA_IS_RUNTIME (self), NULL);
  return self->bind_address;
}

int
terra_runtime_get_port (TerraRuntime *self)
{
  g_return_val_if_fail (TERRA_IS_RUNTIME (self), -1);
  /* Once listening, the port really bound (--port 0 picks one). */
  if (self->running && self->server != NULL && terra_server_get_port (self->server) > 0)
    return terra_server_get_port (self->server);
  return self->port;
}

/* Remembers why a service could not start; the first reason is what the
 * window shows and what terra_runtime_start() reports. */
static void
note_problem (TerraRuntime  *self,
              GError       **first_error,
              GError        *error)
{
  /* A message, not a warning: a locked keyring or a taken port is the
   * machine's state, not a bug, and the window says it too. */
  g_message ("%s", error->message);
  if (self->problem == NULL)
    self->problem = g_strdup (error->message);
  if (*first_error == NULL)
    *first_error = error;
  else
    g_error_free (error);
}

static void
on_workspace_changed (TerraChangeNotifier *notifier,
                      TerraEntity          entity,
                      TerraChangeKind      kind,
                      gint64               id,
                      gpointer             user_data)
{
  TerraRuntime *self = user_data;

  if (entity == TERRA_ENTITY_KNOWLEDGE || entity == TERRA_ENTITY_SETTING)
    terra_embedder_wake (self->embedder);
}

gboolean
terra_runtime_start (TerraRuntime  *self,
                     GError       **error)
{
  GError *first_error = NULL;
  GError *service_error = NULL;

  g_return_val_if_fail (TERRA_IS_RUNTIME (self), FALSE);

  if (self->running)
    return TRUE;
  g_clear_pointer (&self->problem, g_free);

  /* The engine first: it picks up messages a crash left unanswered, and
   * every service after it may hand it work. */
  if (!terra_orchestrator_start (self->orchestrator, error))
    return FALSE;
  self->running = TRUE;
  self->started_at = g_get_real_time ();

  /* Knowledge embeddings follow the knowledge base and the provider. */
  if (!terra_embedder_start (self->embedder, &service_error))
    note_problem (self, &first_error, g_steal_pointer (&service_error));
  self->changed_handler = g_signal_connect (terra_workspace_get_notifier (self->workspace), "changed",
                                            G_CALLBACK (on_workspace_changed), self);

  /* The services that take in or send out work. One that cannot start is
   * reported; the others run. Each block: if (!start_x (self, &service_error))
   * note_problem (self, &first_error, g_steal_pointer (&service_error)); */
  (void) service_error;

  /* Delivers replies and event webhooks, first what a previous run left. */
  if (!terra_outbox_start (self->outbox, &service_error))
    note_problem (self, &first_error, g_steal_pointer (&service_error));

  /* The HTTP server: webhooks, the REST API and the web chat. A port in
   * use is reported and the rest runs. */
  if (self->server == NULL)
    self->server = terra_server_new (self->workspace, self->orchestrator);
  if (self->bind_address != NULL)
    terra_server_set_bind (self->server, self->bind_address);
  if (self->port >= 0)
    terra_server_set_port (self->server, self->port);
  if (!terra_server_start (self->server, &service_error))
    note_problem (self, &first_error, g_steal_pointer (&service_error));

  /* Deletes messages older than the retention period, every day. */
  self->retention = terra_retention_timer_start (self->workspace);

  /* Telegram messages by long polling; the thread waits quietly for a bot
   * token. With telegram.webhook the server's /webhooks/telegram takes them. */
  if (!terra_store_get_setting_boolean (terra_workspace_get_store (self->workspace), "telegram.webhook"))
    terra_telegram_poller_start (self->telegram);

  if (first_error != NULL)
    {
      g_propagate_error (error, first_error);
      return FALSE;
    }
  return TRUE;
}

/* Stops the services that take in work before the engine, so nothing is
 * acknowledged that no one will answer; the engine finishes the message
 * in hand (its queue is the database). */
void
terra_runtime_stop (TerraRuntime *self)
{
  g_return_if_fail (TERRA_IS_RUNTIME (self));

  if (!self->running)
    return;

  /* The server first: it answers what it took, then takes no more. */
  if (self->server != NULL)
    terra_server_stop (self->server);
  g_clear_pointer (&self->retention, terra_retention_timer_stop);
  terra_telegram_poller_stop (self->telegram);
  /* Whatever is not sent yet stays in the outbox for the next start. */
  terra_outbox_stop (self->outbox);
  g_clear_signal_handler (&self->changed_handler, terra_workspace_get_notifier (self->workspace));
  terra_embedder_stop (self->embedder);
  terra_orchestrator_stop (self->orchestrator);
  self->running = FALSE;
  self->started_at = 0;
}

gboolean
terra_runtime_is_running (TerraRuntime *self)
{
  g_return_val_if_fail (TERRA_IS_RUNTIME (self), FALSE);
  return self->running;
}

/* When the engine started, µs since the epoch (the Dashboard's uptime);
 * 0 when it is not running. */
gint64
terra_runtime_get_started_at (TerraRuntime *self)
{
  g_return_val_if_fail (TERRA_IS_RUNTIME (self), 0);
  return self->started_at;
}

const char *
terra_runtime_get_problem (TerraRuntime *self)
{
  g_return_val_if_fail (TERRA_IS_RUNTIME (self), NULL);
  return self->problem;
}

typedef struct
{
  gint64  conversation_id;
  char   *text;
} SimulateData;

static void
simulate_data_free (gpointer data)
{
  SimulateData *simulate = data;

  g_free (simulate->text);
  g_free (simulate);
}

/* Runs on a GTask thread with a connection of its own. */
static void
simulate_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  TerraRuntime *self = source_object;
  SimulateData *data = task_data;
  g_autoptr(TerraStore) store = NULL;
  g_autoptr(TerraSimulation) simulation = NULL;
  GError *error = NULL;
  gint64 conversation_id = data->conversation_id;

  store = terra_workspace_open_store (self->workspace, &error);
  if (store == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (conversation_id == 0 &&
      !terra_store_find_or_start_conversation (store, TERRA_CHANNEL_API, TERRA_RUNTIME_TEST_CHAT_ADDRESS,
                                               _("Test chat"), NULL, &conversation_id, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  if (!terra_orchestrator_simulate (self->orchestrator, store, conversation_id, data->text,
                                    &simulation, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, g_steal_pointer (&simulation), (GDestroyNotify) terra_simulation_free);
}

void
terra_runtime_simulate_async (TerraRuntime        *self,
                              gint64               conversation_id,
                              const char          *text,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  SimulateData *data;

  g_return_if_fail (TERRA_IS_RUNTIME (self));
  g_return_if_fail (text != NULL);

  data = g_new0 (SimulateData, 1);
  data->conversation_id = conversation_id;
  data->text = g_strdup (text);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, terra_runtime_simulate_async);
  g_task_set_task_data (task, data, simulate_data_free);
  g_task_run_in_thread (task, simulate_thread);
}

TerraSimulation *
terra_runtime_simulate_finish (TerraRuntime  *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

typedef struct
{
  char *kind;
  char *base_url;
  char *model;
  char *api_key;
} ProviderCheck;

static void
provider_check_free (gpointer data)
{
  ProviderCheck *check = data;

  g_free (check->kind);
  g_free (check->base_url);
  g_free (check->model);
  terra_secrets_free (check->api_key);
  g_free (check);
}

static void
test_provider_thread (GTask        *task,
                      gpointer      source_object,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  TerraRuntime *self = source_object;
  ProviderCheck *check = task_data;
  g_autoptr(TerraProvider) provider = NULL;
  g_auto(TerraSecretString) stored_key = NULL;
  const char *secret_name = terra_provider_kind_secret_name (check->kind);
  GError *error = NULL;

  if (check->api_key == NULL && secret_name != NULL)
    stored_key = terra_secrets_lookup (terra_workspace_get_id (self->workspace), secret_name, NULL, NULL);

  provider = terra_provider_new_for_config (check->kind, check->base_url, check->model, NULL,
                                            check->api_key != NULL ? check->api_key : stored_key, &error);
  if (provider == NULL && error != NULL)
    g_task_return_error (task, error);
  else if (provider != NULL && !terra_provider_test_connection (provider, cancellable, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
terra_runtime_test_provider_async (TerraRuntime        *self,
                                   const char          *kind,
                                   const char          *base_url,
                                   const char          *model,
                                   const char          *api_key,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ProviderCheck *check;

  g_return_if_fail (TERRA_IS_RUNTIME (self));

  check = g_new0 (ProviderCheck, 1);
  check->kind = g_strdup (kind);
  check->base_url = g_strdup (base_url);
  check->model = g_strdup (model);
  check->api_key = api_key != NULL && *api_key != '\0' ? g_strdup (api_key) : NULL;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, terra_runtime_test_provider_async);
  g_task_set_task_data (task, check, provider_check_free);
  g_task_run_in_thread (task, test_provider_thread);
}

gboolean
terra_runtime_test_provider_finish (TerraRuntime  *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
