/* terra-secrets.h — API keys and tokens, kept in the keyring
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A secret is named by a workspace id and a short name such as
 * `openai_api_key`, `twilio_auth_token` or `api_key`. Lookups first read the
 * environment variable TERRA_SECRET_<NAME_IN_CAPS> (for servers and CI; never
 * written anywhere), then the Secret Service (GNOME Keyring, KeePassXC, …)
 * through libsecret. There is no plain-text fallback: when no keyring
 * answers, calls fail with TERRA_SECRETS_ERROR_NO_KEYRING and the feature
 * that needs the secret stays off and says why.
 *
 * Every call here is synchronous and may block on D-Bus (or on an unlock
 * prompt the keyring shows): call them from a worker thread or at start-up,
 * never from the UI thread's main loop. They are safe to call from any
 * thread. Secret values never reach a log line.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define TERRA_SECRETS_ERROR (terra_secrets_error_quark ())

typedef enum
{
  /* No Secret Service answers, or the keyring is locked or unusable. */
  TERRA_SECRETS_ERROR_NO_KEYRING,
  /* The name does not match ^[a-z][a-z0-9_]{0,63}$. */
  TERRA_SECRETS_ERROR_INVALID_NAME,
  /* Anything else, such as a value that is empty or not UTF-8. */
  TERRA_SECRETS_ERROR_FAILED,
} TerraSecretsError;

/* Where terra_secrets_lookup() finds a secret, so the UI can say so. */
typedef enum
{
  TERRA_SECRET_SOURCE_NONE,
  TERRA_SECRET_SOURCE_ENVIRONMENT,
  TERRA_SECRET_SOURCE_KEYRING,
} TerraSecretSource;

/* A secret value returned by terra_secrets_lookup(); for g_auto(). */
typedef char *TerraSecretString;

GQuark            terra_secrets_error_quark   (void);

/* TRUE if @name is a valid secret name: ^[a-z][a-z0-9_]{0,63}$. */
gboolean          terra_secrets_name_is_valid (const char    *name);

/* The environment variable that overrides secret @name:
 * "openai_api_key" → "TERRA_SECRET_OPENAI_API_KEY". (transfer full),
 * NULL if @name is not valid. */
char             *terra_secrets_env_name      (const char    *name);

/* The value of secret @name of workspace @workspace_id, from the environment
 * or else the keyring. Returns NULL without an error when the secret is not
 * set anywhere; NULL with TERRA_SECRETS_ERROR_NO_KEYRING when the keyring
 * cannot answer (or G_IO_ERROR_CANCELLED when @cancellable was cancelled).
 * An environment variable set to the empty string counts as unset.
 *
 * (transfer full): free with terra_secrets_free(), which wipes the memory.
 * The value is a plain g_malloc() copy — libsecret's own copy is wiped and
 * freed before returning — so it may be handed to code that frees with
 * g_free(), at the cost of not being wiped. */
char             *terra_secrets_lookup        (const char    *workspace_id,
                                               const char    *name,
                                               GCancellable  *cancellable,
                                               GError       **error);

/* Where terra_secrets_lookup() would find secret @name right now, without
 * returning its value. TERRA_SECRET_SOURCE_NONE with @error set when the
 * keyring cannot answer. */
TerraSecretSource terra_secrets_where         (const char    *workspace_id,
                                               const char    *name,
                                               GCancellable  *cancellable,
                                               GError       **error);

/* Stores @value, valid UTF-8 and not empty, as secret @name of workspace
 * @workspace_id in the keyring's default collection, replacing any previous
 * value. It does not look at, nor change, the environment override. */
gboolean          terra_secrets_store         (const char    *workspace_id,
                                               const char    *name,
                                               const char    *value,
                                               GCancellable  *cancellable,
                                               GError       **error);

/* Removes secret @name of workspace @workspace_id from the keyring. A secret
 * that is not there is not an error. */
gboolean          terra_secrets_delete        (const char    *workspace_id,
                                               const char    *name,
                                               GCancellable  *cancellable,
                                               GError       **error);

/* Wipes and frees a value from terra_secrets_lookup(). NULL is allowed. */
void              terra_secrets_free          (char          *secret);

G_DEFINE_AUTO_CLEANUP_FREE_FUNC (TerraSecretString, terra_secrets_free, NULL)

G_END_DECLS
