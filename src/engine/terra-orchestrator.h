/* terra-orchestrator.h — turns each inbound message into the right reply,
 * in worker threads, exactly once
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The queue is the database: an inbound message without processed_at is
 * work to do. terra_orchestrator_enqueue() is only a hint that a
 * conversation has some; at start the workers also scan the workspace for
 * messages left over by a crash. Each worker has its own database
 * connection and its own provider; a conversation is handled by one worker
 * at a time, its messages in order. See DESIGN.md, "One inbound message,
 * end to end", for the steps.
 *
 * Create, start, stop and unref the orchestrator on the main thread; the
 * "message-handled" signal is emitted there.
 */
#pragma once

#include "terra-analyzer.h"
#include "terra-provider.h"
#include "terra-reply-source.h"
#include "terra-tools.h"
#include "terra-workspace.h"

G_BEGIN_DECLS

/* What happened to one inbound message: the reply (NULL when the
 * assistant stayed silent), the analysis and what the tools did. */
typedef struct
{
  gint64            conversation_id;
  gint64            message_id;
  gint64            reply_id;        /* 0 without a reply */
  char             *reply;
  gboolean          draft;           /* the reply waits for the owner's approval */
  char             *decision;        /* "replied", "opted-out", "silent-opted-out",
                                      * "silent-human", "away", "handoff" */
  char             *provider;        /* who wrote the reply: "builtin", "openai", … */
  gboolean          fallback;        /* the built-in engine stood in for a failed LLM */
  char             *intent;
  TerraSentiment    sentiment;
  double            sentiment_score;
  char             *language;
  int               score;
  TerraTemperature  temperature;
  gboolean          escalate;
  char             *analysis_json;   /* terra_analyzer_result_to_json() */
  GPtrArray        *actions;         /* TerraAction */
  int               prompt_tokens;
  int               completion_tokens;
  gint64            latency_ms;
  GPtrArray        *sources;         /* TerraReplySource: the passages and
                                      * instructions the reply was made from */
} TerraSimulation;

void terra_simulation_free (TerraSimulation *simulation);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TerraSimulation, terra_simulation_free)

/* Makes a worker's LLM provider; NULL without an error means the built-in
 * engine. The default reads the workspace settings
 * (terra_provider_new_for_settings()). Called on worker threads. */
typedef TerraProvider *(*TerraOrchestratorProviderFunc) (TerraStore  *store,
                                                         const char  *workspace_id,
                                                         gpointer     user_data,
                                                         GError     **error);

/* Watches replies as they are released to a lead, for channels that show
 * them live (the web chat). Called on a worker thread: first with the
 * reply's text in pieces (@reply_id 0), then once with @delta NULL and the
 * stored reply's id. Drafts waiting for approval are not streamed. Keep it
 * short: hand the pieces to your own thread. */
typedef void (*TerraReplyStreamFunc) (gint64       conversation_id,
                                      gint64       reply_id,
                                      const char  *delta,
                                      gpointer     user_data);

#define TERRA_TYPE_ORCHESTRATOR (terra_orchestrator_get_type ())

G_DECLARE_FINAL_TYPE (TerraOrchestrator, terra_orchestrator, TERRA, ORCHESTRATOR, GObject)

TerraOrchestrator *terra_orchestrator_new                  (TerraWorkspace                *workspace);
TerraWorkspace    *terra_orchestrator_get_workspace        (TerraOrchestrator             *self);
TerraAnalyzer     *terra_orchestrator_get_analyzer         (TerraOrchestrator             *self);
guint              terra_orchestrator_get_n_workers        (TerraOrchestrator             *self);
void               terra_orchestrator_set_n_workers        (TerraOrchestrator             *self,
                                                            guint                          n_workers);
void               terra_orchestrator_set_provider_func    (TerraOrchestrator             *self,
                                                            TerraOrchestratorProviderFunc  func,
                                                            gpointer                       user_data,
                                                            GDestroyNotify                 destroy);
void               terra_orchestrator_set_now              (TerraOrchestrator             *self,
                                                            gint64                         now);
gint64             terra_orchestrator_get_now              (TerraOrchestrator             *self);

gboolean           terra_orchestrator_start                (TerraOrchestrator             *self,
                                                            GError                       **error);
void               terra_orchestrator_stop                 (TerraOrchestrator             *self);
gboolean           terra_orchestrator_is_running           (TerraOrchestrator             *self);
void               terra_orchestrator_enqueue              (TerraOrchestrator             *self,
                                                            gint64                         conversation_id);
gboolean           terra_orchestrator_wait_idle            (TerraOrchestrator             *self,
                                                            guint                          timeout_ms);

guint              terra_orchestrator_add_reply_stream     (TerraOrchestrator             *self,
                                                            TerraReplyStreamFunc           func,
                                                            gpointer                       user_data,
                                                            GDestroyNotify                 destroy);
void               terra_orchestrator_remove_reply_stream  (TerraOrchestrator             *self,
                                                            guint                          stream_id);

gboolean           terra_orchestrator_process              (TerraOrchestrator             *self,
                                                            TerraStore                    *store,
                                                            gint64                         conversation_id,
                                                            TerraSimulation              **out,
                                                            GError                       **error);
gboolean           terra_orchestrator_simulate             (TerraOrchestrator             *self,
                                                            TerraStore                    *store,
                                                            gint64                         conversation_id,
                                                            const char                    *text,
                                                            TerraSimulation              **out,
                                                            GError                       **error);

G_END_DECLS
