/* terra-integrations.c — what the Preferences ask of the engine and the
 * channels
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "terra-integrations"

#include "config.h"

#include <glib/gi18n.h>

#include "terra-api-calendar.h"
#include "terra-api-key.h"
#include "terra-integrations.h"
#include "terra-provider-factory.h"
#include "terra-secrets.h"
#include "terra-server.h"
#include "terra-webchat.h"

const char *
terra_integrations_provider_secret_name (const char *kind)
{
  return terra_provider_kind_secret_name (kind);
}

const char *
terra_integrations_provider_default_model (const char *kind)
{
  return terra_provider_kind_default_model (kind);
}

/* Words for each way a provider can fail, so the owner knows what to
 * change. */
static char *
verdict_for_error (const GError *error)
{
  if (error->domain != TERRA_PROVIDER_ERROR)
    return g_strdup (error->message);

  switch (error->code)
    {
    case TERRA_PROVIDER_ERROR_NO_KEY:
      /* The engine's words say why: none saved, or the keyring is locked. */
      return g_strdup (error->message);
    case TERRA_PROVIDER_ERROR_UNAUTHORIZED:
      return g_strdup (_("The provider refused the key: check that it is right and still active."));
    case TERRA_PROVIDER_ERROR_UNKNOWN_MODEL:
      return g_strdup (_("The provider does not know this model: check the model name."));
    case TERRA_PROVIDER_ERROR_UNREACHABLE:
      return g_strdup_printf (_("Could not reach the provider: check the base URL and the network (%s)."),
                              error->message);
    case TERRA_PROVIDER_ERROR_TIMEOUT:
      return g_strdup (_("The provider did not answer in time."));
    case TERRA_PROVIDER_ERROR_QUOTA:
      return g_strdup (_("The account is out of credit or quota."));
    case TERRA_PROVIDER_ERROR_RATE_LIMITED:
      return g_strdup (_("The provider is rate-limiting this key; try again in a minute."));
    default:
      return g_strdup (error->message);
    }
}

/* A verdict is returned as text; its first byte says whether it is good
 * news ('+') or bad ('-'), so one pointer carries both. */
static void
return_verdict (GTask      *task,
                gboolean    ok,
                const char *verdict)
{
  g_task_return_pointer (task, g_strconcat (ok ? "+" : "-", verdict, NULL), g_free);
}

static void
test_provider_thread (GTask        *task,
                      gpointer      source_object,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  TerraWorkspace *workspace = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(TerraStore) store = terra_workspace_open_store (workspace, &error);
  g_autoptr(TerraProvider) provider = NULL;
  g_autofree char *verdict = NULL;

  if (store != NULL)
    provider = terra_provider_new_for_settings (store, terra_workspace_get_id (workspace), &error);
  if (store != NULL && provider == NULL && error == NULL)
    {
      return_verdict (task, TRUE, _("The built-in engine works offline; there is nothing to connect to."));
      return;
    }
  if (provider != NULL && terra_provider_test_connection (provider, cancellable, &error))
    {
      return_verdict (task, TRUE, _("Connected: the provider answers with this address, model and key."));
      return;
    }
  verdict = verdict_for_error (error);
  return_verdict (task, FALSE, verdict);
}

void
terra_integrations_test_provider_async (TerraWorkspace      *workspace,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_return_if_fail (TERRA_IS_WORKSPACE (workspace));

  g_task_set_source_tag (task, terra_integrations_test_provider_async);
  g_task_set_task_data (task, g_object_ref (workspace), g_object_unref);
  g_task_run_in_thread (task, test_provider_thread);
}

typedef struct
{
  char *workspace_id;
  char *kind;
  char *base_url;
  char *model;
  char *embedding_model;
  char *api_key;         /* wiped when done */
} ConfigData;

static void
config_data_free (gpointer data)
{
  ConfigData *config = data;

  g_free (config->workspace_id);
  g_free (config->kind);
  g_free (config->base_url);
  g_free (config->model);
  g_free (config->embedding_model);
  terra_secrets_free (config->api_key);
  g_free (config);
}

static char *
nonempty (const char *text)
{
  return text != NULL && *text != '\0' ? g_strdup (text) : NULL;
}

static void
test_config_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  ConfigData *config = task_data;
  const char *secret_name = terra_provider_kind_secret_name (config->kind);
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) keyring_error = NULL;
  g_autoptr(TerraProvider) provider = NULL;
  g_autofree char *verdict = NULL;

  /* No key typed: the saved one, as the engine would use it. */
  if (config->api_key == NULL && secret_name != NULL)
    config->api_key = terra_secrets_lookup (config->workspace_id, secret_name, cancellable, &keyring_error);

  provider = terra_provider_new_for_config (config->kind, config->base_url, config->model, config->embedding_model,
                                            config->api_key, &error);
  if (provider == NULL && error == NULL)
    {
      return_verdict (task, TRUE, _("The built-in engine works offline; there is nothing to connect to."));
      return;
    }
  if (provider != NULL && terra_provider_test_connection (provider, cancellable, &error))
    {
      return_verdict (task, TRUE, _("Connected: the provider answers with this address, model and key."));
      return;
    }
  if (keyring_error != NULL && g_error_matches (error, TERRA_PROVIDER_ERROR, TERRA_PROVIDER_ERROR_NO_KEY))
    verdict = g_strdup_printf (_("No key typed, and the keyring could not be read: %s"), keyring_error->message);
  else
    verdict = verdict_for_error (error);
  return_verdict (task, FALSE, verdict);
}

void
terra_integrations_test_provider_config_async (TerraWorkspace      *workspace,
                                               const char          *kind,
                                               const char          *base_url,
                                               const char          *model,
                                               const char          *embedding_model,
                                               const char          *api_key,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  ConfigData *config = g_new0 (ConfigData, 1);

  g_return_if_fail (TERRA_IS_WORKSPACE (workspace));

  config->workspace_id = g_strdup (terra_workspace_get_id (workspace));
  config->kind = g_strdup (kind);
  config->base_url = nonempty (base_url);
  config->model = nonempty (model);
  config->embedding_model = nonempty (embedding_model);
  config->api_key = nonempty (api_key);
  g_task_set_source_tag (task, terra_integrations_test_provider_async);
  g_task_set_task_data (task, config, config_data_free);
  g_task_run_in_thread (task, test_config_thread);
}

char *
terra_integrations_test_provider_finish (GAsyncResult  *result,
                                         gboolean      *ok,
                                         GError       **error)
{
  g_autofree char *verdict = g_task_propagate_pointer (G_TASK (result), error);

  *ok = verdict != NULL && verdict[0] == '+';
  return verdict != NULL ? g_strdup (verdict + 1) : NULL;
}

typedef struct
{
  char                   *workspace_id;
  TerraIntegrationsToken  which;
  gboolean                regenerate;
} TokenData;

static void
token_data_free (gpointer data)
{
  TokenData *token_data = data;

  g_free (token_data->workspace_id);
  g_free (token_data);
}

static char *
api_key_value (TokenData     *data,
               GCancellable  *cancellable,
               GError       **error)
{
  g_autoptr(TerraApiKey) key = terra_api_key_get_for_workspace (data->workspace_id);

  if (data->regenerate && !terra_api_key_regenerate (key, cancellable, error))
    return NULL;
  return terra_api_key_dup_value (key, error);
}

static void
token_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  TokenData *data = task_data;
  GError *error = NULL;
  char *value;

  if (data->which == TERRA_INTEGRATIONS_API_KEY)
    value = api_key_value (data, cancellable, &error);
  else if (data->regenerate)
    value = terra_calendar_feed_regenerate_token (data->workspace_id, &error);
  else
    value = terra_calendar_feed_dup_token (data->workspace_id, &error);

  if (value == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, value, (GDestroyNotify)terra_secrets_free);
}

void
terra_integrations_token_async (TerraWorkspace         *workspace,
                                TerraIntegrationsToken  which,
                                gboolean                regenerate,
                                GCancellable           *cancellable,
                                GAsyncReadyCallback     callback,
                                gpointer                user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  TokenData *data = g_new0 (TokenData, 1);

  g_return_if_fail (TERRA_IS_WORKSPACE (workspace));

  data->workspace_id = g_strdup (terra_workspace_get_id (workspace));
  data->which = which;
  data->regenerate = regenerate;
  g_task_set_source_tag (task, terra_integrations_token_async);
  g_task_set_task_data (task, data, token_data_free);
  g_task_run_in_thread (task, token_thread);
}

char *
terra_integrations_token_finish (GAsyncResult  *result,
                                 GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

int
terra_integrations_default_port (void)
{
  return TERRA_SERVER_DEFAULT_PORT;
}

char *
terra_integrations_webchat_embed_code (TerraStore  *store,
                                       const char  *base_url,
                                       const char  *color,
                                       const char  *position,
                                       const char  *greeting,
                                       GError     **error)
{
  g_autofree char *token = terra_webchat_get_site_token (store, error);

  if (token == NULL)
    return NULL;
  return terra_webchat_embed_code (base_url, token, color, position, greeting);
}

char *
terra_integrations_webchat_regenerate_token (TerraStore  *store,
                                             GError     **error)
{
  return terra_webchat_regenerate_site_token (store, error);
}
