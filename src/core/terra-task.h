/* terra-task.h — a follow-up task about a lead
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "terra-types.h"

G_BEGIN_DECLS

#define TERRA_TYPE_TASK (terra_task_get_type ())

G_DECLARE_FINAL_TYPE (TerraTask, terra_task, TERRA, TASK, GObject)

TerraTask      *terra_task_new                 (void);

gint64          terra_task_get_id              (TerraTask        *self);
gint64          terra_task_get_contact_id      (TerraTask        *self);
void            terra_task_set_contact_id      (TerraTask        *self,
                                                gint64            contact_id);
gint64          terra_task_get_conversation_id (TerraTask        *self);
void            terra_task_set_conversation_id (TerraTask        *self,
                                                gint64            conversation_id);
const char     *terra_task_get_title           (TerraTask        *self);
void            terra_task_set_title           (TerraTask        *self,
                                                const char       *title);
const char     *terra_task_get_notes           (TerraTask        *self);
void            terra_task_set_notes           (TerraTask        *self,
                                                const char       *notes);
gint64          terra_task_get_due_at          (TerraTask        *self);
void            terra_task_set_due_at          (TerraTask        *self,
                                                gint64            due_at);
TerraTaskStatus terra_task_get_status          (TerraTask        *self);
void            terra_task_set_status          (TerraTask        *self,
                                                TerraTaskStatus   status);
TerraAuthor     terra_task_get_created_by      (TerraTask        *self);
void            terra_task_set_created_by      (TerraTask        *self,
                                                TerraAuthor       author);
gint64          terra_task_get_completed_at    (TerraTask        *self);
gint64          terra_task_get_created_at      (TerraTask        *self);
gint64          terra_task_get_updated_at      (TerraTask        *self);

G_END_DECLS
