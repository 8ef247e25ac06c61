/* terra-conversation-row.h — one conversation in the list
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "terra-conversation.h"

G_BEGIN_DECLS

#define TERRA_TYPE_CONVERSATION_ROW (terra_conversation_row_get_type ())

G_DECLARE_FINAL_TYPE (TerraConversationRow, terra_conversation_row, TERRA, CONVERSATION_ROW, GtkButton)

GtkWidget         *terra_conversation_row_new              (void);
void               terra_conversation_row_set_conversation (TerraConversationRow *self,
                                                            TerraConversation    *conversation,
                                                            gint64                now);
gint64             terra_conversation_row_get_conversation_id (TerraConversationRow *self);
void               terra_conversation_row_update_time      (TerraConversationRow *self,
                                                            gint64                now);

G_END_DECLS
