/* terra-lead-snapshot.h — what Terra knows about a conversation's lead
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "terra-analysis.h"
#include "terra-contact.h"
#include "terra-conversation.h"

G_BEGIN_DECLS

#define TERRA_TYPE_LEAD_SNAPSHOT (terra_lead_snapshot_get_type ())

G_DECLARE_FINAL_TYPE (TerraLeadSnapshot, terra_lead_snapshot, TERRA, LEAD_SNAPSHOT, GtkWidget)

GtkWidget *terra_lead_snapshot_new  (void);
/* @analysis: (nullable): the conversation's latest analysis */
void       terra_lead_snapshot_show (TerraLeadSnapshot *self,
                                     TerraContact      *contact,
                                     TerraConversation *conversation,
                                     TerraAnalysis     *analysis);

G_END_DECLS
