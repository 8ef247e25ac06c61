/* terra-conversation-list.h — conversations as a paged GListModel
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "terra-store.h"

G_BEGIN_DECLS

#define TERRA_TYPE_CONVERSATION_LIST (terra_conversation_list_get_type ())

G_DECLARE_FINAL_TYPE (TerraConversationList, terra_conversation_list, TERRA, CONVERSATION_LIST, GObject)

TerraConversationList *terra_conversation_list_new        (TerraStore            *store,
                                                           TerraQuery            *filter);
TerraQuery            *terra_conversation_list_get_filter (TerraConversationList *self);
void                   terra_conversation_list_set_filter (TerraConversationList *self,
                                                           TerraQuery            *filter);
void                   terra_conversation_list_reload     (TerraConversationList *self);
void                   terra_conversation_list_set_background (TerraConversationList *self);
gboolean               terra_conversation_list_get_loading (TerraConversationList *self);
guint                  terra_conversation_list_get_n_loaded_pages (TerraConversationList *self);
int                    terra_conversation_list_find       (TerraConversationList *self,
                                                           gint64                 conversation_id,
                                                           guint                  max_position);

G_END_DECLS
