/* terra-analysis.h — the local analysis of one message
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "terra-types.h"

G_BEGIN_DECLS

#define TERRA_TYPE_ANALYSIS (terra_analysis_get_type ())

G_DECLARE_FINAL_TYPE (TerraAnalysis, terra_analysis, TERRA, ANALYSIS, GObject)

TerraAnalysis *terra_analysis_new                 (void);

gint64         terra_analysis_get_id              (TerraAnalysis   *self);
gint64         terra_analysis_get_message_id      (TerraAnalysis   *self);
void           terra_analysis_set_message_id      (TerraAnalysis   *self,
                                                   gint64           message_id);
gint64         terra_analysis_get_conversation_id (TerraAnalysis   *self);
void           terra_analysis_set_conversation_id (TerraAnalysis   *self,
                                                   gint64           conversation_id);
const char    *terra_analysis_get_intent          (TerraAnalysis   *self);
void           terra_analysis_set_intent          (TerraAnalysis   *self,
                                                   const char      *intent);
TerraSentiment terra_analysis_get_sentiment       (TerraAnalysis   *self);
void           terra_analysis_set_sentiment       (TerraAnalysis   *self,
                                                   TerraSentiment   sentiment);
/* -1 (most negative) to 1 (most positive). */
double         terra_analysis_get_sentiment_score (TerraAnalysis   *self);
void           terra_analysis_set_sentiment_score (TerraAnalysis   *self,
                                                   double           score);
/* ISO 639-1 code, e.g. "en". */
const char    *terra_analysis_get_language        (TerraAnalysis   *self);
void           terra_analysis_set_language        (TerraAnalysis   *self,
                                                   const char      *language);
/* entities, objections and escalations are JSON arrays. */
const char    *terra_analysis_get_entities        (TerraAnalysis   *self);
void           terra_analysis_set_entities        (TerraAnalysis   *self,
                                                   const char      *json);
const char    *terra_analysis_get_objections      (TerraAnalysis   *self);
void           terra_analysis_set_objections      (TerraAnalysis   *self,
                                                   const char      *json);
const char    *terra_analysis_get_escalations     (TerraAnalysis   *self);
void           terra_analysis_set_escalations     (TerraAnalysis   *self,
                                                   const char      *json);
/* Whether the message asks to stop being contacted. */
gboolean       terra_analysis_get_opt_out         (TerraAnalysis   *self);
void           terra_analysis_set_opt_out         (TerraAnalysis   *self,
                                                   gboolean         opt_out);
gint64         terra_analysis_get_created_at      (TerraAnalysis   *self);

G_END_DECLS
