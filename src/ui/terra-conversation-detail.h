/* terra-conversation-detail.h — one conversation: messages, composer,
 * the owner's actions and the lead snapshot
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "terra-workspace.h"

G_BEGIN_DECLS

#define TERRA_TYPE_CONVERSATION_DETAIL (terra_conversation_detail_get_type ())

G_DECLARE_FINAL_TYPE (TerraConversationDetail, terra_conversation_detail, TERRA, CONVERSATION_DETAIL, GtkWidget)

void    terra_conversation_detail_set_workspace   (TerraConversationDetail *self,
                                                   TerraWorkspace          *workspace);
/* Shows a conversation (0: none) and marks it read. */
void    terra_conversation_detail_show            (TerraConversationDetail *self,
                                                   gint64                   conversation_id);
gint64  terra_conversation_detail_get_conversation_id (TerraConversationDetail *self);
void    terra_conversation_detail_set_show_back   (TerraConversationDetail *self,
                                                   gboolean                 show_back);
void    terra_conversation_detail_focus_composer  (TerraConversationDetail *self);

G_END_DECLS
