/* terra-orchestrator-private.h — what the orchestrator's source files share
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * terra-orchestrator.c owns the threads and the queue;
 * terra-orchestrator-pipeline.c handles one message on one connection.
 */
#pragma once

#include "terra-builtin-provider.h"
#include "terra-orchestrator.h"
#include "terra-prompt-builder.h"

G_BEGIN_DECLS

/* Everything one thread needs to handle messages; belongs to that thread. */
typedef struct
{
  TerraOrchestrator    *orchestrator;   /* borrowed: outlives its workers */
  TerraStore           *store;
  TerraScheduler       *scheduler;
  TerraBuiltinProvider *builtin;
  TerraPromptBuilder   *prompts;
  TerraProvider        *provider;       /* the LLM, or NULL for the built-in engine */
  char                 *provider_key;   /* the settings provider was made for */
} TerraWorker;

TerraWorker   *_terra_worker_new                  (TerraOrchestrator  *orchestrator,
                                                   TerraStore         *store);
void           _terra_worker_free                 (TerraWorker        *worker);
gboolean       _terra_worker_process_conversation (TerraWorker        *worker,
                                                   gint64              conversation_id,
                                                   gint64              last_message_id,
                                                   TerraSimulation   **out,
                                                   GError            **error);

TerraProvider *_terra_orchestrator_make_provider  (TerraOrchestrator  *self,
                                                   TerraStore         *store,
                                                   GError            **error);
gboolean       _terra_orchestrator_has_provider_func (TerraOrchestrator *self);
gboolean       _terra_orchestrator_should_continue (TerraOrchestrator *self);
void           _terra_orchestrator_message_handled (TerraOrchestrator *self,
                                                   gint64              conversation_id,
                                                   gint64              message_id,
                                                   gint64              reply_id);

void           _terra_orchestrator_stream_reply   (TerraOrchestrator *self,
                                                   gint64              conversation_id,
                                                   gint64              reply_id,
                                                   const char         *text);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TerraWorker, _terra_worker_free)

G_END_DECLS
