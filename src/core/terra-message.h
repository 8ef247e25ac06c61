/* terra-message.h — one message of a conversation, to or from the lead
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "terra-types.h"

G_BEGIN_DECLS

#define TERRA_TYPE_MESSAGE (terra_message_get_type ())

G_DECLARE_FINAL_TYPE (TerraMessage, terra_message, TERRA, MESSAGE, GObject)

TerraMessage  *terra_message_new                   (void);

gint64         terra_message_get_id                (TerraMessage    *self);
gint64         terra_message_get_conversation_id   (TerraMessage    *self);
void           terra_message_set_conversation_id   (TerraMessage    *self,
                                                    gint64           conversation_id);
TerraDirection terra_message_get_direction         (TerraMessage    *self);
void           terra_message_set_direction         (TerraMessage    *self,
                                                    TerraDirection   direction);
TerraAuthor    terra_message_get_author            (TerraMessage    *self);
void           terra_message_set_author            (TerraMessage    *self,
                                                    TerraAuthor      author);
const char    *terra_message_get_body              (TerraMessage    *self);
void           terra_message_set_body              (TerraMessage    *self,
                                                    const char      *body);
/* JSON array, one object per attachment. */
const char    *terra_message_get_attachments       (TerraMessage    *self);
void           terra_message_set_attachments       (TerraMessage    *self,
                                                    const char      *json);
TerraChannel   terra_message_get_channel           (TerraMessage    *self);
void           terra_message_set_channel           (TerraMessage    *self,
                                                    TerraChannel     channel);
/* The channel's own id for the message, or NULL. */
const char    *terra_message_get_external_id       (TerraMessage    *self);
void           terra_message_set_external_id       (TerraMessage    *self,
                                                    const char      *external_id);
TerraDelivery  terra_message_get_delivery          (TerraMessage    *self);
void           terra_message_set_delivery          (TerraMessage    *self,
                                                    TerraDelivery    delivery);
TerraDraft     terra_message_get_draft             (TerraMessage    *self);
void           terra_message_set_draft             (TerraMessage    *self,
                                                    TerraDraft       draft);
/* What generating an assistant reply cost, and how long it took. */
int            terra_message_get_prompt_tokens     (TerraMessage    *self);
void           terra_message_set_prompt_tokens     (TerraMessage    *self,
                                                    int              tokens);
int            terra_message_get_completion_tokens (TerraMessage    *self);
void           terra_message_set_completion_tokens (TerraMessage    *self,
                                                    int              tokens);
gint64         terra_message_get_latency_ms        (TerraMessage    *self);
void           terra_message_set_latency_ms        (TerraMessage    *self,
                                                    gint64           latency_ms);
/* When the orchestrator handled an inbound message; 0 while it waits. */
gint64         terra_message_get_processed_at      (TerraMessage    *self);
void           terra_message_set_processed_at      (TerraMessage    *self,
                                                    gint64           processed_at);
gint64         terra_message_get_created_at        (TerraMessage    *self);

G_END_DECLS
