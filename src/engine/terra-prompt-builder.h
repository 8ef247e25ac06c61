/* terra-prompt-builder.h — the request an LLM gets for one lead message,
 * within a token budget
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The prompt holds, in this order of priority: the persona and the rules,
 * the business facts, the owner's training instructions by priority, the
 * best knowledge passages with their ids, the lead snapshot, a rolling
 * summary of older turns, and the last turns verbatim. Each part has a
 * share of the budget; the last turns take what is left, newest first, so
 * the prompt stays bounded however long the conversation grows.
 *
 * One builder belongs to the thread of its store.
 */
#pragma once

#include "terra-analyzer.h"
#include "terra-provider.h"
#include "terra-reply-source.h"
#include "terra-store.h"

G_BEGIN_DECLS

/* How many of the newest messages the prompt may quote verbatim; older
 * ones live on in the rolling summary. */
#define TERRA_PROMPT_VERBATIM_MESSAGES 12

#define TERRA_TYPE_PROMPT_BUILDER (terra_prompt_builder_get_type ())

G_DECLARE_FINAL_TYPE (TerraPromptBuilder, terra_prompt_builder, TERRA, PROMPT_BUILDER, GObject)

TerraPromptBuilder *terra_prompt_builder_new            (TerraStore                *store);
guint               terra_prompt_builder_get_budget     (TerraPromptBuilder        *self);
void                terra_prompt_builder_set_budget     (TerraPromptBuilder        *self,
                                                         guint                      budget_tokens);
TerraChatRequest   *terra_prompt_builder_build          (TerraPromptBuilder        *self,
                                                         gint64                     conversation_id,
                                                         const TerraAnalyzerResult *latest,
                                                         gint64                     now,
                                                         guint                     *n_tokens,
                                                         GError                   **error);
char               *terra_prompt_builder_summarize      (TerraPromptBuilder        *self,
                                                         gint64                     conversation_id,
                                                         GError                   **error);
guint               terra_prompt_builder_estimate_tokens (const TerraChatRequest   *request);
GPtrArray          *terra_prompt_builder_steal_sources  (TerraPromptBuilder        *self);
void                terra_prompt_builder_set_query_embedding (TerraPromptBuilder   *self,
                                                         const float               *vector,
                                                         guint                      dims);

G_END_DECLS
