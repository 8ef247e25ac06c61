/* terra-outbox-item.h — one durable outbound delivery: a channel message or a webhook event
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "terra-types.h"

G_BEGIN_DECLS

#define TERRA_TYPE_OUTBOX_ITEM (terra_outbox_item_get_type ())

G_DECLARE_FINAL_TYPE (TerraOutboxItem, terra_outbox_item, TERRA, OUTBOX_ITEM, GObject)

TerraOutboxItem  *terra_outbox_item_new                 (void);

gint64            terra_outbox_item_get_id              (TerraOutboxItem    *self);
TerraOutboxKind   terra_outbox_item_get_kind            (TerraOutboxItem    *self);
void              terra_outbox_item_set_kind            (TerraOutboxItem    *self,
                                                         TerraOutboxKind     kind);
gint64            terra_outbox_item_get_conversation_id (TerraOutboxItem    *self);
void              terra_outbox_item_set_conversation_id (TerraOutboxItem    *self,
                                                         gint64              conversation_id);
gint64            terra_outbox_item_get_message_id      (TerraOutboxItem    *self);
void              terra_outbox_item_set_message_id      (TerraOutboxItem    *self,
                                                         gint64              message_id);
const char       *terra_outbox_item_get_channel         (TerraOutboxItem    *self);
void              terra_outbox_item_set_channel         (TerraOutboxItem    *self,
                                                         const char         *channel);
/* Unique among outbox items, so one delivery is never queued twice. */
const char       *terra_outbox_item_get_idempotency_key (TerraOutboxItem    *self);
void              terra_outbox_item_set_idempotency_key (TerraOutboxItem    *self,
                                                         const char         *key);
/* JSON: what is sent. */
const char       *terra_outbox_item_get_payload         (TerraOutboxItem    *self);
void              terra_outbox_item_set_payload         (TerraOutboxItem    *self,
                                                         const char         *json);
TerraOutboxStatus terra_outbox_item_get_status          (TerraOutboxItem    *self);
void              terra_outbox_item_set_status          (TerraOutboxItem    *self,
                                                         TerraOutboxStatus   status);
int               terra_outbox_item_get_attempts        (TerraOutboxItem    *self);
void              terra_outbox_item_set_attempts        (TerraOutboxItem    *self,
                                                         int                 attempts);
gint64            terra_outbox_item_get_next_attempt_at (TerraOutboxItem    *self);
void              terra_outbox_item_set_next_attempt_at (TerraOutboxItem    *self,
                                                         gint64              next_attempt_at);
const char       *terra_outbox_item_get_last_error      (TerraOutboxItem    *self);
void              terra_outbox_item_set_last_error      (TerraOutboxItem    *self,
                                                         const char         *error_message);
gint64            terra_outbox_item_get_created_at      (TerraOutboxItem    *self);
gint64            terra_outbox_item_get_updated_at      (TerraOutboxItem    *self);

G_END_DECLS
