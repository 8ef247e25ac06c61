/* terra-builtin-provider.h — the built-in offline engine: useful replies
 * without any LLM
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A TerraProvider that needs no key and no network and always gives the
 * same answer to the same conversation, so tests can assert its replies.
 * It speaks through the same tools as an LLM: its chat() returns tool
 * calls (check_availability, book_appointment, …) that the orchestrator's
 * tool loop executes and feeds back, and it writes its text once the
 * results are in. What it needs to remember between messages (the slots
 * it offered, the question it asked) lives in the workspace as events of
 * kind "builtin.state", so it survives a restart: the caller stores it
 * with the reply (terra_builtin_provider_save_state()).
 *
 * One instance belongs to one thread (it holds that thread's store).
 */
#pragma once

#include "terra-analyzer.h"
#include "terra-provider.h"
#include "terra-reply-source.h"
#include "terra-scheduler.h"

G_BEGIN_DECLS

/* What the engine knows about the message being answered; the
 * orchestrator sets it before each chat(). */
typedef struct
{
  gint64                     conversation_id;
  gint64                     contact_id;
  gint64                     now;                 /* µs since the epoch; 0: the clock */
  const TerraAnalyzerResult *analysis;            /* the lead's latest message; NULL: analyzed here */
  const char                *next_question_field; /* from terra_qualifier_evaluate(); may be NULL */
} TerraBuiltinContext;

#define TERRA_TYPE_BUILTIN_PROVIDER (terra_builtin_provider_get_type ())

G_DECLARE_FINAL_TYPE (TerraBuiltinProvider, terra_builtin_provider, TERRA, BUILTIN_PROVIDER, GObject)

TerraBuiltinProvider *terra_builtin_provider_new         (TerraStore                *store,
                                                          TerraScheduler            *scheduler,
                                                          TerraAnalyzer             *analyzer);
void                  terra_builtin_provider_set_context (TerraBuiltinProvider      *self,
                                                          const TerraBuiltinContext *context);
GPtrArray            *terra_builtin_provider_steal_sources (TerraBuiltinProvider    *self);
gboolean              terra_builtin_provider_save_state  (TerraBuiltinProvider      *self,
                                                          GError                   **error);

G_END_DECLS
