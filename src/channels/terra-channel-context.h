/* terra-channel-context.h — what a channel adapter gets from the server
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The server thread owns one SoupServer, one GMainContext and one store
 * connection. Each adapter (Twilio, WhatsApp Cloud, Telegram webhook, web
 * chat) attaches its handlers to that SoupServer before the server listens,
 * with a TerraChannelContext that stays valid until the server stops:
 *
 *   void terra_twilio_attach   (SoupServer *soup, TerraChannelContext *context);
 *   void terra_whatsapp_attach (SoupServer *soup, TerraChannelContext *context);
 *   void terra_telegram_attach (SoupServer *soup, TerraChannelContext *context);
 *   void terra_webchat_attach  (SoupServer *soup, TerraChannelContext *context);
 *
 * Handlers run on the server thread. An adapter stores what it received
 * with terra_store_ingest_message() on context->store, answers 2xx only
 * after that returned TRUE, then wakes the engine with
 * terra_channel_context_enqueue().
 */
#pragma once

#include "terra-inbound.h"
#include "terra-orchestrator.h"
#include "terra-workspace.h"

G_BEGIN_DECLS

typedef struct
{
  TerraWorkspace    *workspace;
  TerraStore        *store;        /* the server thread's own connection */
  TerraOrchestrator *orchestrator; /* NULL when no engine runs (some tests) */
  GMainContext      *context;      /* the server thread's main context */
} TerraChannelContext;

/* Tells the engine that @conversation_id has a message to answer. Safe
 * from any thread; does nothing without an orchestrator. */
static inline void
terra_channel_context_enqueue (TerraChannelContext *context,
                               gint64               conversation_id)
{
  if (context->orchestrator != NULL)
    terra_orchestrator_enqueue (context->orchestrator, conversation_id);
}

G_END_DECLS
