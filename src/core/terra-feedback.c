/* terra-feedback.c — the business's grade of one assistant reply
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every property is a column of the `feedback` table (see
 * terra-store-migrations.c); the store reads and writes them by name.
 */

#define G_LOG_DOMAIN "terra-feedback"

#include "config.h"

#include "terra-feedback.h"
#include "terra-entity-util.h"
#include "terra-enums.h"

struct _TerraFeedback
{
  GObject     parent_instance;

  gint64      id;
  gint64      message_id;
  gint64      conversation_id;
  TerraGrade  grade;
  char       *correction;
  char       *category;
  gint64      created_at;
};

G_DEFINE_FINAL_TYPE (TerraFeedback, terra_feedback, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_MESSAGE_ID,
  PROP_CONVERSATION_ID,
  PROP_GRADE,
  PROP_CORRECTION,
  PROP_CATEGORY,
  PROP_CREATED_AT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
terra_feedback_finalize (GObject *object)
{
  TerraFeedback *self = (TerraFeedback *)object;

  g_clear_pointer (&self->correction, g_free);
  g_clear_pointer (&self->category, g_free);

  G_OBJECT_CLASS (terra_feedback_parent_class)->finalize (object);
}

static void
terra_feedback_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  TerraFeedback *self = TERRA_FEEDBACK (object);

  switch (prop_id)
    {
    case PROP_ID: g_value_set_int64 (value, self->id); break;
    case PROP_MESSAGE_ID: g_value_set_int64 (value, self->message_id); break;
    case PROP_CONVERSATION_ID: g_value_set_int64 (value, self->conversation_id); break;
    case PROP_GRADE: g_value_set_enum (value, self->grade); break;
    case PROP_CORRECTION: g_value_set_string (value, self->correction); break;
    case PROP_CATEGORY: g_value_set_string (value, self->category); break;
    case PROP_CREATED_AT: g_value_set_int64 (value, self->created_at); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
terra_feedback_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  TerraFeedback *self = TERRA_FEEDBACK (object);
  gboolean changed = TRUE;

  switch (prop_id)
    {
    case PROP_ID: changed = terra_entity_set_int64 (&self->id, g_value_get_int64 (value)); break;
    case PROP_MESSAGE_ID: changed = terra_entity_set_int64 (&self->message_id, g_value_get_int64 (value)); break;
    case PROP_CONVERSATION_ID: changed = terra_entity_set_int64 (&self->conversation_id, g_value_get_int64 (value)); break;
    case PROP_GRADE: changed = terra_entity_set_int ((int *)&self->grade, g_value_get_enum (value)); break;
    case PROP_CORRECTION: changed = terra_entity_set_string (&self->correction, g_value_get_string (value)); break;
    case PROP_CATEGORY: changed = terra_entity_set_string (&self->category, g_value_get_string (value)); break;
    case PROP_CREATED_AT: changed = terra_entity_set_int64 (&self->created_at, g_value_get_int64 (value)); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      return;
    }

  if (changed)
    g_object_notify_by_pspec (object, pspec);
}

static void
terra_feedback_class_init (TerraFeedbackClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = terra_feedback_finalize;
  object_class->get_property = terra_feedback_get_property;
  object_class->set_property = terra_feedback_set_property;

  properties[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_MESSAGE_ID] = g_param_spec_int64 ("message-id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_CONVERSATION_ID] = g_param_spec_int64 ("conversation-id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_GRADE] = g_param_spec_enum ("grade", NULL, NULL,
                                              TERRA_TYPE_GRADE, TERRA_GRADE_GOOD, flags);
  properties[PROP_CORRECTION] = g_param_spec_string ("correction", NULL, NULL, "", flags);
  properties[PROP_CATEGORY] = g_param_spec_string ("category", NULL, NULL, "", flags);
  properties[PROP_CREATED_AT] = g_param_spec_int64 ("created-at", NULL, NULL, 0, G_MAXINT64, 0, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
terra_feedback_init (TerraFeedback *self)
{
  self->correction = g_strdup ("");
  self->category = g_strdup ("");
}

/* Returns a new, unsaved feedback (id 0). */
TerraFeedback *
terra_feedback_new (void)
{
  return g_object_new (TERRA_TYPE_FEEDBACK, NULL);
}

gint64
terra_feedback_get_id (TerraFeedback *self)
{
  g_return_val_if_fail (TERRA_IS_FEEDBACK (self), 0);
  return self->id;
}

gint64
terra_feedback_get_message_id (TerraFeedback *self)
{
  g_return_val_if_fail (TERRA_IS_FEEDBACK (self), 0);
  return self->message_id;
}

void
terra_feedback_set_message_id (TerraFeedback *self,
                               gint64         message_id)
{
  g_return_if_fail (TERRA_IS_FEEDBACK (self));
  g_object_set (self, "message-id", message_id, NULL);
}

gint64
terra_feedback_get_conversation_id (TerraFeedback *self)
{
  g_return_val_if_fail (TERRA_IS_FEEDBACK (self), 0);
  return self->conversation_id;
}

void
terra_feedback_set_conversation_id (TerraFeedback *self,
                                    gint64         conversation_id)
{
  g_return_if_fail (TERRA_IS_FEEDBACK (self));
  g_object_set (self, "conversation-id", conversation_id, NULL);
}

TerraGrade
terra_feedback_get_grade (TerraFeedback *self)
{
  g_return_val_if_fail (TERRA_IS_FEEDBACK (self), TERRA_GRADE_GOOD);
  return self->grade;
}

void
terra_feedback_set_grade (TerraFeedback *self,
                          TerraGrade     grade)
{
  g_return_if_fail (TERRA_IS_FEEDBACK (self));
  g_object_set (self, "grade", grade, NULL);
}

const char *
terra_feedback_get_correction (TerraFeedback *self)
{
  g_return_val_if_fail (TERRA_IS_FEEDBACK (self), NULL);
  return self->correction;
}

void
terra_feedback_set_correction (TerraFeedback *self,
                               const char    *correction)
{
  g_return_if_fail (TERRA_IS_FEEDBACK (self));
  g_object_set (self, "correction", correction ? correction : "", NULL);
}

const char *
terra_feedback_get_category (TerraFeedback *self)
{
  g_return_val_if_fail (TERRA_IS_FEEDBACK (self), NULL);
  return self->category;
}

void
terra_feedback_set_category (TerraFeedback *self,
                             const char    *category)
{
  g_return_if_fail (TERRA_IS_FEEDBACK (self));
  g_object_set (self, "category", category ? category : "", NULL);
}

gint64
terra_feedback_get_created_at (TerraFeedback *self)
{
  g_return_val_if_fail (TERRA_IS_FEEDBACK (self), 0);
  return self->created_at;
}
