/* terra-conversations-view.h — every conversation, filtered and searched,
 * beside the one that is open
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "terra-workspace.h"

G_BEGIN_DECLS

#define TERRA_TYPE_CONVERSATIONS_VIEW (terra_conversations_view_get_type ())

G_DECLARE_FINAL_TYPE (TerraConversationsView, terra_conversations_view, TERRA, CONVERSATIONS_VIEW, GtkWidget)

void terra_conversations_view_set_workspace     (TerraConversationsView *self,
                                                 TerraWorkspace         *workspace);
/* Opens a conversation (a notification or the Dashboard asks for one). */
void terra_conversations_view_show_conversation (TerraConversationsView *self,
                                                 gint64                  conversation_id);

G_END_DECLS
