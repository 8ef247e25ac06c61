/* terra-api-key.h — the workspace API key for the REST API
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * 256 random bits from the kernel's CSPRNG, written as 64 hex digits,
 * created on first use and kept in the keyring as the secret `api_key`
 * (TERRA_SECRET_API_KEY overrides it, for servers and CI). Clients send it
 * as `Authorization: Bearer <key>`; it is compared in constant time.
 *
 * There is one TerraApiKey per workspace in a process, so that when the
 * owner regenerates the key (from Preferences or a test) the server stops
 * taking the old one with the very next request. Safe from any thread;
 * load and regenerate may block on the keyring, so never call them from
 * the UI thread's main loop.
 */
#pragma once

#include <gio/gio.h>

#include "terra-secrets.h"

G_BEGIN_DECLS

/* The length of a key in characters. */
#define TERRA_API_KEY_LENGTH 64

typedef enum
{
  TERRA_API_KEY_VALID,
  TERRA_API_KEY_WRONG,       /* missing or not the key */
  TERRA_API_KEY_UNAVAILABLE, /* no key yet: still loading, or no keyring */
} TerraApiKeyCheck;

#define TERRA_TYPE_API_KEY (terra_api_key_get_type ())

G_DECLARE_FINAL_TYPE (TerraApiKey, terra_api_key, TERRA, API_KEY, GObject)

/* The process's one object for @workspace_id. (transfer full) */
TerraApiKey      *terra_api_key_get_for_workspace (const char    *workspace_id);

/* Reads the key (the environment, then the keyring) and creates and stores
 * one when there is none. On failure the key is unavailable and
 * terra_api_key_get_problem() says why. */
gboolean          terra_api_key_load          (TerraApiKey   *self,
                                               GCancellable  *cancellable,
                                               GError       **error);
gboolean          terra_api_key_is_loaded     (TerraApiKey   *self);

/* The key itself, loading it first if needed, for --print-api-key and the
 * Preferences. (transfer full): free with terra_secrets_free(). */
char             *terra_api_key_dup_value     (TerraApiKey   *self,
                                               GError       **error);

/* Whether @presented (may be NULL) is the key, in constant time. */
TerraApiKeyCheck  terra_api_key_check         (TerraApiKey   *self,
                                               const char    *presented);

/* Why the key is unavailable, or NULL. (transfer full) */
char             *terra_api_key_dup_problem   (TerraApiKey   *self);

/* Replaces the key by a new random one in the keyring; the old one stops
 * working at once. Fails while TERRA_SECRET_API_KEY overrides the key. */
gboolean          terra_api_key_regenerate    (TerraApiKey   *self,
                                               GCancellable  *cancellable,
                                               GError       **error);

/* A new random key (64 hex digits) from the kernel's CSPRNG. (transfer full) */
char             *terra_api_key_generate      (GError       **error);

G_END_DECLS
