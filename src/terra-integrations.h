/* terra-integrations.h — what the Preferences ask of the engine and the
 * channels
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The UI layer may not include the engine or the channels (DESIGN.md,
 * "Layers"); the application layer may. These calls are its door for the
 * Preferences window: testing the provider's connection, the provider's
 * secret names, the REST API key and the web chat's embed code. The
 * _async calls run in a worker thread (they reach the network or the
 * keyring); the others are quick.
 */
#pragma once

#include <gio/gio.h>

#include "terra-workspace.h"

G_BEGIN_DECLS

/* The keyring secret that holds @kind's API key ("openai_api_key"), or
 * NULL for the built-in engine. */
const char *terra_integrations_provider_secret_name (const char *kind);
/* The model @kind uses when provider.model is empty. */
const char *terra_integrations_provider_default_model (const char *kind);

/* Asks the provider the workspace settings describe whether it answers,
 * with its key from the keyring. The finish function returns (transfer
 * full) a verdict a person understands and sets @ok; NULL with @error only
 * when cancelled. */
void        terra_integrations_test_provider_async  (TerraWorkspace       *workspace,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
char       *terra_integrations_test_provider_finish (GAsyncResult         *result,
                                                     gboolean             *ok,
                                                     GError              **error);

typedef enum
{
  TERRA_INTEGRATIONS_API_KEY,       /* the REST API's bearer key */
  TERRA_INTEGRATIONS_CALENDAR_FEED, /* the token of GET /calendar.ics */
} TerraIntegrationsToken;

/* The same for a configuration as typed, before it is saved: @api_key is
 * the key typed, or NULL to use the one in the keyring (or environment).
 * Empty strings mean the provider's defaults. Finish with
 * terra_integrations_test_provider_finish(). */
void        terra_integrations_test_provider_config_async (TerraWorkspace     *workspace,
                                                           const char         *kind,
                                                           const char         *base_url,
                                                           const char         *model,
                                                           const char         *embedding_model,
                                                           const char         *api_key,
                                                           GCancellable       *cancellable,
                                                           GAsyncReadyCallback callback,
                                                           gpointer            user_data);

/* The workspace's REST API key or calendar feed token, created on first
 * use; with @regenerate a new one replaces it and the old one stops
 * working at once. The finish function returns (transfer full) the token
 * (free with terra_secrets_free()), or NULL with @error. */
void        terra_integrations_token_async          (TerraWorkspace       *workspace,
                                                     TerraIntegrationsToken which,
                                                     gboolean              regenerate,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
char       *terra_integrations_token_finish         (GAsyncResult         *result,
                                                     GError              **error);

/* The server's default port, for addresses shown before it starts. */
int         terra_integrations_default_port         (void);

/* The <script> tag that embeds the web chat in a website served from
 * @base_url; the site token is created on first use. (transfer full) */
char       *terra_integrations_webchat_embed_code   (TerraStore           *store,
                                                     const char           *base_url,
                                                     const char           *color,
                                                     const char           *position,
                                                     const char           *greeting,
                                                     GError              **error);

/* Replaces the web chat's site token; embeds with the old one stop
 * connecting. (transfer full) */
char       *terra_integrations_webchat_regenerate_token (TerraStore       *store,
                                                         GError          **error);

G_END_DECLS
