/* terra-server.h — Terra's HTTP server: webhooks, the REST API, the web chat
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The server runs on its own thread with its own GMainContext and its own
 * store connection (see DESIGN.md, "Threads"). It enforces the limits
 * (body size, rate per client address and per API key, slow clients),
 * authenticates the REST API with the workspace API key, logs one access
 * line per request (domain "terra-access", without query strings, secrets
 * or message text) and ingests POST /api/v1/messages with group commit:
 * many requests' messages go into one durable transaction and each is
 * answered 202 only after that commit.
 *
 * Create, start, stop and unref it on one thread (the main thread).
 */
#pragma once

#include "terra-orchestrator.h"
#include "terra-workspace.h"

G_BEGIN_DECLS

/* The port the server listens on unless told otherwise. */
#define TERRA_SERVER_DEFAULT_PORT 8642
#define TERRA_SERVER_DEFAULT_BIND "127.0.0.1"

#define TERRA_TYPE_SERVER (terra_server_get_type ())

G_DECLARE_FINAL_TYPE (TerraServer, terra_server, TERRA, SERVER, GObject)

/* @orchestrator may be NULL: messages are then stored and wait. */
TerraServer *terra_server_new         (TerraWorkspace    *workspace,
                                       TerraOrchestrator *orchestrator);
/* An IP address such as 127.0.0.1, 0.0.0.0 or ::1 ("localhost" is
 * 127.0.0.1). Call before start. */
void         terra_server_set_bind    (TerraServer       *self,
                                       const char        *address);
const char  *terra_server_get_bind    (TerraServer       *self);
/* 0 picks a free port. Call before start. */
void         terra_server_set_port    (TerraServer       *self,
                                       guint              port);
/* The port asked for before start; the port listened on after. */
guint        terra_server_get_port    (TerraServer       *self);
/* "http://ADDR:PORT" once listening, else NULL. */
const char  *terra_server_get_url     (TerraServer       *self);

/* Starts the thread and returns once the server listens (and has logged
 * "listening on http://ADDR:PORT"), or with a clear error such as a port
 * already in use. */
gboolean     terra_server_start       (TerraServer       *self,
                                       GError           **error);
gboolean     terra_server_is_running  (TerraServer       *self);
/* Finishes what was received (each request is answered after its commit,
 * or dropped unanswered — never acknowledged and then lost), closes every
 * connection and joins the thread. */
void         terra_server_stop        (TerraServer       *self);

G_END_DECLS
