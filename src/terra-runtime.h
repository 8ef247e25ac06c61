/* terra-runtime.h — what runs behind the window: the engine and its services
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The desktop app and --headless run the same services on a workspace:
 * the orchestrator's workers, the HTTP server, the outbox, the Telegram
 * poller and the daily jobs. TerraRuntime starts them in order and stops
 * them in reverse order, so a stop never drops acknowledged work. It holds
 * no GTK: the window reaches it through the application.
 *
 * Create, start, stop and unref it on the main thread.
 */
#pragma once

#include <gio/gio.h>

#include "terra-orchestrator.h"
#include "terra-workspace.h"

G_BEGIN_DECLS

#define TERRA_TYPE_RUNTIME (terra_runtime_get_type ())

G_DECLARE_FINAL_TYPE (TerraRuntime, terra_runtime, TERRA, RUNTIME, GObject)

TerraRuntime      *terra_runtime_new              (TerraWorkspace       *workspace);
TerraWorkspace    *terra_runtime_get_workspace    (TerraRuntime         *self);
TerraOrchestrator *terra_runtime_get_orchestrator (TerraRuntime         *self);

/* Where the HTTP server listens; call before start. NULL/-1 keep the
 * defaults (127.0.0.1 and the default port). */
void               terra_runtime_set_server_address (TerraRuntime       *self,
                                                   const char           *bind_address,
                                                   int                   port);
const char        *terra_runtime_get_bind_address (TerraRuntime         *self);
int                terra_runtime_get_port         (TerraRuntime         *self);

/* Starts the services. The engine always starts; a service that cannot
 * (a port in use, a locked keyring) is reported through @error and
 * terra_runtime_get_problem() while the others run. */
gboolean           terra_runtime_start            (TerraRuntime         *self,
                                                   GError              **error);
void               terra_runtime_stop             (TerraRuntime         *self);
gboolean           terra_runtime_is_running       (TerraRuntime         *self);
/* When the engine started (µs since the epoch); 0 when it is not running. */
gint64             terra_runtime_get_started_at   (TerraRuntime         *self);
/* Why a service is off, for the window to say; NULL when all run. */
const char        *terra_runtime_get_problem      (TerraRuntime         *self);

/* Talks to the assistant as a lead, off the main thread. A
 * @conversation_id of 0 means the owner's own test chat (a conversation on
 * the API channel with the address "terra-test-chat"). */
void               terra_runtime_simulate_async   (TerraRuntime         *self,
                                                   gint64                conversation_id,
                                                   const char           *text,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
TerraSimulation   *terra_runtime_simulate_finish  (TerraRuntime         *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);

/* Tries a provider configuration before it is saved (Preferences' Test
 * connection): one small request off the main thread. @api_key NULL means
 * the key stored in the keyring for that kind. Fails with a
 * TERRA_PROVIDER_ERROR whose message says what is wrong: no key, wrong
 * key, unknown model, unreachable, timeout. The built-in engine always
 * passes. */
void               terra_runtime_test_provider_async  (TerraRuntime        *self,
                                                       const char          *kind,
                                                       const char          *base_url,
                                                       const char          *model,
                                                       const char          *api_key,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
gboolean           terra_runtime_test_provider_finish (TerraRuntime        *self,
                                                       GAsyncResult        *result,
                                                       GError             **error);

/* The address of the owner's test chat on the API channel. */
#define TERRA_RUNTIME_TEST_CHAT_ADDRESS "terra-test-chat"

G_END_DECLS
