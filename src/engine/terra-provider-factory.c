/* terra-provider-factory.c — the provider a workspace's settings ask for
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Reads provider.kind, provider.base_url, provider.model (and, when the
 * workspace has it, provider.embedding_model) and the kind's key through
 * terra_secrets_lookup(): the TERRA_SECRET_… environment variable, else
 * the keyring. The key is copied into the provider and the looked-up copy
 * wiped at once.
 */

#define G_LOG_DOMAIN "terra-provider"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "terra-anthropic-provider.h"
#include "terra-gemini-provider.h"
#include "terra-openai-provider.h"
#include "terra-provider-factory.h"
#include "terra-secrets.h"

typedef struct
{
  const char *kind;
  const char *display_name;
  const char *secret_name;
  const char *default_model;
  GType     (*get_type) (void);
} Kind;

static const Kind kinds[] = {
  { "openai", "OpenAI-compatible server", "openai_api_key", "gpt-4o-mini", terra_openai_provider_get_type },
  { "anthropic", "Anthropic", "anthropic_api_key", "claude-haiku-4-5", terra_anthropic_provider_get_type },
  { "gemini", "Google Gemini", "gemini_api_key", "gemini-2.5-flash", terra_gemini_provider_get_type },
};

static const Kind *
find_kind (const char *kind)
{
  for (guint i = 0; kind != NULL && i < G_N_ELEMENTS (kinds); i++)
    if (g_str_equal (kinds[i].kind, kind))
      return &kinds[i];

  return NULL;
}

/* The model used when provider.model is empty; NULL for an unknown kind. */
const char *
terra_provider_kind_default_model (const char *kind)
{
  const Kind *found = find_kind (kind);

  return found != NULL ? found->default_model : NULL;
}

/* The secret holding the kind's key ("openai_api_key"); NULL for the
 * built-in engine and unknown kinds. */
const char *
terra_provider_kind_secret_name (const char *kind)
{
  const Kind *found = find_kind (kind);

  return found != NULL ? found->secret_name : NULL;
}

/* A server on this machine or the local network (Ollama, llama.cpp,
 * LM Studio, vLLM at home) usually takes no key. */
static gboolean
is_local_address (const char *base_url)
{
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GInetAddress) address = NULL;
  g_autofree char *host = NULL;

  if (base_url == NULL || *base_url == '\0')
    return FALSE;

  uri = g_uri_parse (base_url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL)
    return FALSE;

  host = g_ascii_strdown (g_uri_get_host (uri), -1);
  if (g_str_equal (host, "localhost") || g_str_has_suffix (host, ".localhost") ||
      g_str_has_suffix (host, ".local") || g_str_has_suffix (host, ".lan"))
    return TRUE;

  address = g_inet_address_new_from_string (host);
  if (address == NULL)
    return strchr (host, '.') == NULL;  /* a bare name such as a container's */

  return g_inet_address_get_is_loopback (address) ||
         g_inet_address_get_is_site_local (address) ||
         g_inet_address_get_is_link_local (address);
}

/* Whether the kind needs a key at base_url: always, except for an
 * OpenAI-compatible server on this machine or the local network. */
gboolean
terra_provider_kind_needs_key (const char *kind,
                               const char *base_url)
{
  if (find_kind (kind) == NULL)
    return FALSE;

  return !(g_str_equal (kind, "openai") && is_local_address (base_url));
}

static void
set_no_key_error (GError       **error,
                  const Kind    *kind,
                  const GError  *keyring_error)
{
  g_autofree char *env_name = terra_secrets_env_name (kind->secret_name);

  if (keyring_error != NULL)
    g_set_error (error, TERRA_PROVIDER_ERROR, TERRA_PROVIDER_ERROR_NO_KEY,
                 _("%s: no API key, because the keyring could not be read (%s). Unlock the "
                   "keyring, or set the environment variable %s."),
                 kind->display_name, keyring_error->message, env_name);
  else
    g_set_error (error, TERRA_PROVIDER_ERROR, TERRA_PROVIDER_ERROR_NO_KEY,
                 _("%s: no API key is set. Add it in Preferences, or set the environment "
                   "variable %s."),
                 kind->display_name, env_name);
}

/* Returns (transfer full) the provider the settings of store ask for, with
 * its key; NULL without an error for the built-in engine, which is made
 * elsewhere; NULL with TERRA_PROVIDER_ERROR_NO_KEY when a key is needed
 * and none is found. May block on the keyring: call it from a worker. */
/* A provider for the given configuration, before it is saved: the
 * Preferences' "Test connection" tries what the owner typed. A NULL or
 * empty @model means the kind's default; @api_key may be NULL for a local
 * server that needs none. Returns NULL for the built-in engine. */
TerraProvider *
terra_provider_new_for_config (const char  *kind_name,
                               const char  *base_url,
                               const char  *model,
                               const char  *embedding_model,
                               const char  *api_key,
                               GError     **error)
{
  const Kind *kind;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (kind_name == NULL || *kind_name == '\0' || g_str_equal (kind_name, "builtin"))
    return NULL;

  kind = find_kind (kind_name);
  if (kind == NULL)
    {
      g_set_error (error, TERRA_PROVIDER_ERROR, TERRA_PROVIDER_ERROR_INVALID_REQUEST,
                   _("Unknown provider “%s”"), kind_name);
      return NULL;
    }
  if ((api_key == NULL || *api_key == '\0') && terra_provider_kind_needs_key (kind_name, base_url))
    {
      set_no_key_error (error, kind, NULL);
      return NULL;
    }

  g_debug ("provider %s, model %s, %s key", kind->kind, model != NULL && *model != '\0' ? model : kind->default_model,
           api_key != NULL ? "with a" : "without a");

  return g_object_new (kind->get_type (),
                       "base-url", base_url,
                       "model", model != NULL && *model != '\0' ? model : kind->default_model,
                       "embedding-model", embedding_model,
                       "api-key", api_key,
                       NULL);
}

TerraProvider *
terra_provider_new_for_settings (TerraStore  *store,
                                 const char  *workspace_id,
                                 GError     **error)
{
  g_autofree char *kind_name = NULL;
  g_autofree char *base_url = NULL;
  g_autofree char *model = NULL;
  g_autofree char *embedding_model = NULL;
  g_autoptr(GError) keyring_error = NULL;
  g_auto(TerraSecretString) key = NULL;
  const Kind *kind;

  g_return_val_if_fail (TERRA_IS_STORE (store), NULL);
  g_return_val_if_fail (workspace_id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  kind_name = terra_store_get_setting_string (store, "provider.kind");
  kind = find_kind (kind_name != NULL ? kind_name : "");
  if (kind == NULL)
    return terra_provider_new_for_config (kind_name, NULL, NULL, NULL, NULL, error);

  base_url = terra_store_get_setting_string (store, "provider.base_url");
  model = terra_store_get_setting_string (store, "provider.model");
  embedding_model = terra_store_get_setting_string (store, "provider.embedding_model");

  key = terra_secrets_lookup (workspace_id, kind->secret_name, NULL, &keyring_error);
  if (key == NULL && terra_provider_kind_needs_key (kind_name, base_url))
    {
      /* Say why the keyring had nothing: locked or missing is not the same
       * as never entered. */
      set_no_key_error (error, kind, keyring_error);
      return NULL;
    }
  return terra_provider_new_for_config (kind_name, base_url, model, embedding_model, key, error);
}
