/* terra-feedback.h — the business's grade of one assistant reply
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "terra-types.h"

G_BEGIN_DECLS

#define TERRA_TYPE_FEEDBACK (terra_feedback_get_type ())

G_DECLARE_FINAL_TYPE (TerraFeedback, terra_feedback, TERRA, FEEDBACK, GObject)

TerraFeedback *terra_feedback_new                 (void);

gint64         terra_feedback_get_id              (TerraFeedback  *self);
gint64         terra_feedback_get_message_id      (TerraFeedback  *self);
void           terra_feedback_set_message_id      (TerraFeedback  *self,
                                                   gint64          message_id);
gint64         terra_feedback_get_conversation_id (TerraFeedback  *self);
void           terra_feedback_set_conversation_id (TerraFeedback  *self,
                                                   gint64          conversation_id);
TerraGrade     terra_feedback_get_grade           (TerraFeedback  *self);
void           terra_feedback_set_grade           (TerraFeedback  *self,
                                                   TerraGrade      grade);
/* What the reply should have said; "" if none given. */
const char    *terra_feedback_get_correction      (TerraFeedback  *self);
void           terra_feedback_set_correction      (TerraFeedback  *self,
                                                   const char     *correction);
const char    *terra_feedback_get_category        (TerraFeedback  *self);
void           terra_feedback_set_category        (TerraFeedback  *self,
                                                   const char     *category);
gint64         terra_feedback_get_created_at      (TerraFeedback  *self);

G_END_DECLS
