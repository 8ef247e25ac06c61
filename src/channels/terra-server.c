/* terra-server.c — the HTTP server object, its thread, start and stop
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The thread owns the SoupServer, a GMainContext and a store connection.
 * terra_server_start() waits until it listens (or failed to); stop drains
 * the group commit, lets every answered request finish writing, then
 * closes all connections and joins the thread.
 */
#define G_LOG_DOMAIN "terra-server"

#include "config.h"

#include <glib/gi18n.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "terra-secrets.h"
#include "terra-server-private.h"
#include "terra-telegram.h"
#include "terra-twilio.h"
#include "terra-webchat.h"
#include "terra-whatsapp.h"

/* How long stop waits for answered requests to be written out. */
#define STOP_FLUSH_TIMEOUT_MS 2000

G_DEFINE_FINAL_TYPE (TerraServer, terra_server, G_TYPE_OBJECT)

static void
terra_server_finalize (GObject *object)
{
  TerraServer *self = (TerraServer *)object;

  terra_server_stop (self);

  g_clear_object (&self->workspace);
  g_clear_object (&self->orchestrator);
  g_clear_object (&self->api_key);
  g_clear_pointer (&self->address_limiter, terra_rate_limiter_free);
  g_clear_pointer (&self->key_limiter, terra_rate_limiter_free);
  g_free (self->bind_address);
  g_free (self->url);
  g_mutex_clear (&self->mutex);
  g_cond_clear (&self->cond);
  g_mutex_clear (&self->stores_mutex);

  G_OBJECT_CLASS (terra_server_parent_class)->finalize (object);
}

static void
terra_server_class_init (TerraServerClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = terra_server_finalize;
}

static void
terra_server_init (TerraServer *self)
{
  g_mutex_init (&self->mutex);
  g_cond_init (&self->cond);
  g_mutex_init (&self->stores_mutex);
  self->bind_address = g_strdup (TERRA_SERVER_DEFAULT_BIND);
  self->port = TERRA_SERVER_DEFAULT_PORT;
  self->headers_timeout_us = TERRA_SERVER_HEADERS_TIMEOUT_S * G_USEC_PER_SEC;
  self->body_timeout_us = TERRA_SERVER_BODY_TIMEOUT_S * G_USEC_PER_SEC;
}

TerraServer *
terra_server_new (TerraWorkspace    *workspace,
                  TerraOrchestrator *orchestrator)
{
  TerraServer *self;

  g_return_val_if_fail (TERRA_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (orchestrator == NULL || TERRA_IS_ORCHESTRATOR (orchestrator), NULL);

  self = g_object_new (TERRA_TYPE_SERVER, NULL);
  self->workspace = g_object_ref (workspace);
  self->orchestrator = orchestrator != NULL ? g_object_ref (orchestrator) : NULL;
  self->api_key = terra_api_key_get_for_workspace (terra_workspace_get_id (workspace));
  return self;
}

void
terra_server_set_bind (TerraServer *self,
                       const char  *address)
{
  g_return_if_fail (TERRA_IS_SERVER (self));
  g_return_if_fail (self->thread == NULL);

  g_free (self->bind_address);
  if (address == NULL || *address == '\0')
    address = TERRA_SERVER_DEFAULT_BIND;
  self->bind_address = g_strdup (g_str_equal (address, "localhost") ? "127.0.0.1" : address);
}

const char *
terra_server_get_bind (TerraServer *self)
{
  g_return_val_if_fail (TERRA_IS_SERVER (self), NULL);
  return self->bind_address;
}

void
terra_server_set_port (TerraServer *self,
                       guint        port)
{
  g_return_if_fail (TERRA_IS_SERVER (self));
  g_return_if_fail (self->thread == NULL);
  g_return_if_fail (port <= 65535);

  self->port = port;
}

guint
terra_server_get_port (TerraServer *self)
{
  g_return_val_if_fail (TERRA_IS_SERVER (self), 0);
  return self->port;
}

const char *
terra_server_get_url (TerraServer *self)
{
  g_return_val_if_fail (TERRA_IS_SERVER (self), NULL);
  return self->url;
}

gboolean
terra_server_is_running (TerraServer *self)
{
  g_return_val_if_fail (TERRA_IS_SERVER (self), FALSE);
  return self->thread != NULL;
}

/* Limits come from the workspace settings, read once at start. */
static void
read_settings (TerraServer *self,
               TerraStore  *store)
{
  gint64 max_body_kib = terra_store_get_setting_int (store, "server.max_body_kib");
  gint64 per_address = terra_store_get_setting_int (store, "server.rate_per_address");
  gint64 per_key = terra_store_get_setting_int (store, "server.rate_per_key");

  self->max_body = (gsize)CLAMP (max_body_kib, 16, 65536) * 1024;
  self->address_limiter = terra_rate_limiter_new ((double)per_address, 2.0 * per_address);
  self->key_limiter = terra_rate_limiter_new ((double)per_key, 2.0 * per_key);
}

static gboolean
listen_on (TerraServer  *self,
           GError      **error)
{
  g_autoptr(GInetAddress) inet = g_inet_address_new_from_string (self->bind_address);
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GError) local = NULL;
  GSList *listeners;
  g_autoptr(GSocketAddress) bound = NULL;
  g_autofree char *host = NULL;

  if (inet == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not an IP address to listen on (try 127.0.0.1 or 0.0.0.0)"),
                   self->bind_address);
      return FALSE;
    }

  address = g_inet_socket_address_new (inet, self->port);
  if (!soup_server_listen (self->soup, address, 0, &local))
    {
      if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_ADDRESS_IN_USE))
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_ADDRESS_IN_USE,
                     _("Port %u on %s is already in use — is another Terra running? "
                       "Choose another with --port"),
                     self->port, self->bind_address);
      else
        g_set_error (error, local->domain, local->code,
                     _("Could not listen on %s port %u: %s"),
                     self->bind_address, self->port, local->message);
      return FALSE;
    }

  listeners = soup_server_get_listeners (self->soup);
  if (listeners != NULL)
    bound = g_socket_get_local_address (listeners->data, NULL);
  g_slist_free (listeners);
  if (bound != NULL)
    self->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));

  host = g_inet_address_get_family (inet) == G_SOCKET_FAMILY_IPV6
         ? g_strdup_printf ("[%s]", self->bind_address)
         : g_strdup (self->bind_address);
  self->url = g_strdup_printf ("http://%s:%u", host, self->port);
  return TRUE;
}

/* The channel adapters add their handlers before the server listens. */
static void
attach_adapters (TerraServer *self)
{
  self->channel_context.workspace = self->workspace;
  self->channel_context.store = self->store;
  self->channel_context.orchestrator = self->orchestrator;
  self->channel_context.context = self->context;

  terra_twilio_attach (self->soup, &self->channel_context);
  terra_whatsapp_attach (self->soup, &self->channel_context);
  terra_telegram_attach (self->soup, &self->channel_context);
  terra_webchat_attach (self->soup, &self->channel_context);
}

static gboolean
set_up (TerraServer  *self,
        GError      **error)
{
  g_autofree char *server_header = g_strdup_printf ("Terra/%s", PACKAGE_VERSION);

  self->store = terra_workspace_open_store (self->workspace, error);
  if (self->store == NULL)
    return FALSE;
  read_settings (self, self->store);

  self->soup = soup_server_new ("server-header", server_header, NULL);
  self->in_flight = g_hash_table_new (NULL, NULL);
  self->idle_stores = g_ptr_array_new_with_free_func (g_object_unref);
  _terra_server_limits_attach (self);
  _terra_server_dispatch_attach (self);
  attach_adapters (self);

  self->ingest = _terra_server_ingest_new (self, error);
  if (self->ingest == NULL)
    return FALSE;

  return listen_on (self, error);
}

static void
tear_down (TerraServer *self)
{
  if (self->soup != NULL)
    soup_server_disconnect (self->soup);
  _terra_server_dispatch_detach (self);
  _terra_server_limits_detach (self);
  g_clear_object (&self->soup);
  g_clear_pointer (&self->in_flight, g_hash_table_unref);
  g_clear_pointer (&self->idle_stores, g_ptr_array_unref);
  g_clear_object (&self->store);
  memset (&self->channel_context, 0, sizeof self->channel_context);
}

/* Reads the API key off the server thread: a keyring may take a while to
 * answer (or show an unlock prompt), and until it does the REST API
 * answers 503 while webhooks already work. */
static gpointer
load_key_thread (gpointer data)
{
  g_autoptr(TerraApiKey) api_key = data;
  g_autoptr(GError) error = NULL;

  if (!terra_api_key_load (api_key, NULL, &error))
    g_warning ("The REST API is off: %s", error->message);
  return NULL;
}

static gpointer
server_thread (gpointer data)
{
  TerraServer *self = data;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  g_main_context_push_thread_default (self->context);

  ok = set_up (self, &error);
  if (!ok && self->ingest != NULL)
    g_clear_pointer (&self->ingest, _terra_server_ingest_free);
  if (!ok)
    tear_down (self);
  else
    self->loop = g_main_loop_new (self->context, FALSE);

  g_mutex_lock (&self->mutex);
  self->ready = TRUE;
  self->start_error = g_steal_pointer (&error);
  g_cond_signal (&self->cond);
  g_mutex_unlock (&self->mutex);

  if (ok)
    {
      g_main_loop_run (self->loop);
      tear_down (self);
      g_clear_pointer (&self->loop, g_main_loop_unref);
    }

  g_main_context_pop_thread_default (self->context);
  return NULL;
}

gboolean
terra_server_start (TerraServer  *self,
                    GError      **error)
{
  g_autofree char *env_name = NULL;
  const char *env_value;

  g_return_val_if_fail (TERRA_IS_SERVER (self), FALSE);
  g_return_val_if_fail (self->thread == NULL, FALSE);

#ifdef __GLIBC__
  /* Each group commit makes SQLite's full-text index allocate and free
   * megabytes; by default glibc hands them back to the kernel every time
   * and page-faults them in again, which halves the ingest rate. Keep
   * them. */
  mallopt (M_TRIM_THRESHOLD, 64 * 1024 * 1024);
  mallopt (M_TOP_PAD, 16 * 1024 * 1024);
#endif

  self->started_at_us = g_get_monotonic_time ();
  self->context = g_main_context_new ();
  g_atomic_int_set (&self->stopping, 0);
  self->ready = FALSE;

  /* An environment override is read at once, so a script can post as soon
   * as the server says it listens; the keyring is asked on a thread. */
  env_name = terra_secrets_env_name ("api_key");
  env_value = g_getenv (env_name);
  if (env_value != NULL && *env_value != '\0')
    terra_api_key_load (self->api_key, NULL, NULL);
  else if (!terra_api_key_is_loaded (self->api_key))
    g_thread_unref (g_thread_new ("terra-api-key", load_key_thread, g_object_ref (self->api_key)));

  self->thread = g_thread_new ("terra-server", server_thread, self);

  g_mutex_lock (&self->mutex);
  while (!self->ready)
    g_cond_wait (&self->cond, &self->mutex);
  g_mutex_unlock (&self->mutex);

  if (self->start_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&self->start_error));
      g_thread_join (g_steal_pointer (&self->thread));
      g_clear_pointer (&self->context, g_main_context_unref);
      return FALSE;
    }

  g_message ("listening on %s", self->url);
  return TRUE;
}

static gboolean
flush_done (TerraServer *self)
{
  return self->answered_pending == 0;
}

static gboolean
quit_when_flushed (gpointer data)
{
  TerraServer *self = data;
  gint64 deadline;

  /* The writer commits and answers what it took; the slow routes finish.
   * Both hand their answers to this context, dispatched below. */
  g_clear_pointer (&self->ingest, _terra_server_ingest_free);
  if (self->slow_pool != NULL)
    g_thread_pool_free (g_steal_pointer (&self->slow_pool), FALSE, TRUE);

  /* Every answer was handed to libsoup; let it write them out. */
  deadline = g_get_monotonic_time () + STOP_FLUSH_TIMEOUT_MS * 1000;
  while (!flush_done (self) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (self->context, TRUE);

  g_main_loop_quit (self->loop);
  return G_SOURCE_REMOVE;
}

void
terra_server_stop (TerraServer *self)
{
  g_return_if_fail (TERRA_IS_SERVER (self));

  if (self->thread == NULL)
    return;

  /* New messages are refused from now on (503, not acknowledged); what
   * was taken is committed and answered first. */
  g_atomic_int_set (&self->stopping, 1);
  g_main_context_invoke (self->context, quit_when_flushed, self);
  g_thread_join (g_steal_pointer (&self->thread));
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_pointer (&self->url, g_free);
  g_clear_pointer (&self->address_limiter, terra_rate_limiter_free);
  g_clear_pointer (&self->key_limiter, terra_rate_limiter_free);
  g_message ("The server stopped");
}
