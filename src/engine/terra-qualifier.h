/* terra-qualifier.h — lead qualification: what is known about a lead, how
 * good a lead it is, and what to ask next
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "terra-analyzer.h"
#include "terra-contact.h"

G_BEGIN_DECLS

/* The default qualification fields, in the order they are asked for. */
#define TERRA_QUALIFIER_FIELDS { "need", "budget", "timeline", "location", "decision_maker", NULL }

typedef struct
{
  int              score;               /* 0–100 */
  char            *explanation;         /* one short sentence per reason */
  TerraTemperature temperature;
  char            *next_action;         /* what the owner or assistant should do next */
  double           predicted_conversion;/* 0–1 */
  char            *next_question_field; /* the field to ask about next, or NULL */
} TerraQualification;

void                terra_qualification_free        (TerraQualification        *qualification);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TerraQualification, terra_qualification_free)

char               *terra_qualifier_merge_fields    (const char                *qualification_json,
                                                     const TerraAnalyzerResult *result);
TerraQualification *terra_qualifier_evaluate        (const char                *qualification_json,
                                                     guint                      n_lead_messages,
                                                     gboolean                   has_booking,
                                                     const TerraAnalyzerResult *latest);
gboolean            terra_qualifier_update_contact  (TerraContact              *contact,
                                                     const TerraAnalyzerResult *result,
                                                     guint                      n_lead_messages,
                                                     gboolean                   has_booking,
                                                     gint64                     now);

G_END_DECLS
