/* terra-conversation.h — a conversation with a lead on one channel
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "terra-types.h"

G_BEGIN_DECLS

#define TERRA_TYPE_CONVERSATION (terra_conversation_get_type ())

G_DECLARE_FINAL_TYPE (TerraConversation, terra_conversation, TERRA, CONVERSATION, GObject)

TerraConversation      *terra_conversation_new                      (void);

gint64                  terra_conversation_get_id                   (TerraConversation        *self);
gint64                  terra_conversation_get_contact_id           (TerraConversation        *self);
void                    terra_conversation_set_contact_id           (TerraConversation        *self,
                                                                     gint64                    contact_id);
TerraChannel            terra_conversation_get_channel              (TerraConversation        *self);
void                    terra_conversation_set_channel              (TerraConversation        *self,
                                                                     TerraChannel              channel);
TerraConversationStatus terra_conversation_get_status               (TerraConversation        *self);
void                    terra_conversation_set_status               (TerraConversation        *self,
                                                                     TerraConversationStatus   status);
TerraResponder          terra_conversation_get_responder            (TerraConversation        *self);
void                    terra_conversation_set_responder            (TerraConversation        *self,
                                                                     TerraResponder            responder);
/* Why the conversation went to a human; "" while the assistant answers. */
const char             *terra_conversation_get_handoff_reason       (TerraConversation        *self);
void                    terra_conversation_set_handoff_reason       (TerraConversation        *self,
                                                                     const char               *reason);
int                     terra_conversation_get_unread_count         (TerraConversation        *self);
void                    terra_conversation_set_unread_count         (TerraConversation        *self,
                                                                     int                       unread_count);
const char             *terra_conversation_get_summary              (TerraConversation        *self);
void                    terra_conversation_set_summary              (TerraConversation        *self,
                                                                     const char               *summary);
const char             *terra_conversation_get_last_message_preview (TerraConversation        *self);
void                    terra_conversation_set_last_message_preview (TerraConversation        *self,
                                                                     const char               *preview);
gint64                  terra_conversation_get_first_reply_at       (TerraConversation        *self);
void                    terra_conversation_set_first_reply_at       (TerraConversation        *self,
                                                                     gint64                    first_reply_at);
gint64                  terra_conversation_get_created_at           (TerraConversation        *self);
gint64                  terra_conversation_get_updated_at           (TerraConversation        *self);
gint64                  terra_conversation_get_last_activity_at     (TerraConversation        *self);
void                    terra_conversation_set_last_activity_at     (TerraConversation        *self,
                                                                     gint64                    last_activity_at);
/* From the conversation_rows view: the lead's name, score and temperature. */
const char             *terra_conversation_get_contact_name         (TerraConversation        *self);
int                     terra_conversation_get_contact_score        (TerraConversation        *self);
TerraTemperature        terra_conversation_get_contact_temperature  (TerraConversation        *self);
TerraSentiment          terra_conversation_get_sentiment            (TerraConversation        *self);

G_END_DECLS
