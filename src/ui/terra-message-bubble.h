/* terra-message-bubble.h — one message or event of a conversation
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define TERRA_TYPE_MESSAGE_BUBBLE (terra_message_bubble_get_type ())

G_DECLARE_FINAL_TYPE (TerraMessageBubble, terra_message_bubble, TERRA, MESSAGE_BUBBLE, GtkWidget)

GtkWidget *terra_message_bubble_new      (void);
/* @item: a TerraMessage or a TerraEventRecord */
void       terra_message_bubble_set_item (TerraMessageBubble *self,
                                          GObject            *item);

G_END_DECLS
