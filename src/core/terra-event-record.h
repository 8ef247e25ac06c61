/* terra-event-record.h — one row of the audit log
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "terra-types.h"

G_BEGIN_DECLS

#define TERRA_TYPE_EVENT_RECORD (terra_event_record_get_type ())

G_DECLARE_FINAL_TYPE (TerraEventRecord, terra_event_record, TERRA, EVENT_RECORD, GObject)

TerraEventRecord *terra_event_record_new                 (void);

gint64            terra_event_record_get_id              (TerraEventRecord  *self);
/* What happened, a short name of 1 to 64 characters. */
const char       *terra_event_record_get_kind            (TerraEventRecord  *self);
void              terra_event_record_set_kind            (TerraEventRecord  *self,
                                                          const char        *kind);
/* What the event is about; 0 where it is about none. */
gint64            terra_event_record_get_contact_id      (TerraEventRecord  *self);
void              terra_event_record_set_contact_id      (TerraEventRecord  *self,
                                                          gint64             contact_id);
gint64            terra_event_record_get_conversation_id (TerraEventRecord  *self);
void              terra_event_record_set_conversation_id (TerraEventRecord  *self,
                                                          gint64             conversation_id);
gint64            terra_event_record_get_message_id      (TerraEventRecord  *self);
void              terra_event_record_set_message_id      (TerraEventRecord  *self,
                                                          gint64             message_id);
gint64            terra_event_record_get_booking_id      (TerraEventRecord  *self);
void              terra_event_record_set_booking_id      (TerraEventRecord  *self,
                                                          gint64             booking_id);
/* JSON value with the details. */
const char       *terra_event_record_get_payload         (TerraEventRecord  *self);
void              terra_event_record_set_payload         (TerraEventRecord  *self,
                                                          const char        *json);
gint64            terra_event_record_get_created_at      (TerraEventRecord  *self);

G_END_DECLS
