/* terra-task.c — a follow-up task about a lead
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every property is a column of the `tasks` table (see
 * terra-store-migrations.c); the store reads and writes them by name.
 */

#define G_LOG_DOMAIN "terra-task"

#include "config.h"

#include "terra-task.h"
#include "terra-entity-util.h"
#include "terra-enums.h"

struct _TerraTask
{
  GObject          parent_instance;

  gint64           id;
  gint64           contact_id;
  gint64           conversation_id;
  char            *title;
  char            *notes;
  gint64           due_at;
  TerraTaskStatus  status;
  TerraAuthor      created_by;
  gint64           completed_at;
  gint64           created_at;
  gint64           updated_at;
};

G_DEFINE_FINAL_TYPE (TerraTask, terra_task, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_CONTACT_ID,
  PROP_CONVERSATION_ID,
  PROP_TITLE,
  PROP_NOTES,
  PROP_DUE_AT,
  PROP_STATUS,
  PROP_CREATED_BY,
  PROP_COMPLETED_AT,
  PROP_CREATED_AT,
  PROP_UPDATED_AT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
terra_task_finalize (GObject *object)
{
  TerraTask *self = (TerraTask *)object;

  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->notes, g_free);

  G_OBJECT_CLASS (terra_task_parent_class)->finalize (object);
}

static void
terra_task_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  TerraTask *self = TERRA_TASK (object);

  switch (prop_id)
    {
    case PROP_ID: g_value_set_int64 (value, self->id); break;
    case PROP_CONTACT_ID: g_value_set_int64 (value, self->contact_id); break;
    case PROP_CONVERSATION_ID: g_value_set_int64 (value, self->conversation_id); break;
    case PROP_TITLE: g_value_set_string (value, self->title); break;
    case PROP_NOTES: g_value_set_string (value, self->notes); break;
    case PROP_DUE_AT: g_value_set_int64 (value, self->due_at); break;
    case PROP_STATUS: g_value_set_enum (value, self->status); break;
    case PROP_CREATED_BY: g_value_set_enum (value, self->created_by); break;
    case PROP_COMPLETED_AT: g_value_set_int64 (value, self->completed_at); break;
    case PROP_CREATED_AT: g_value_set_int64 (value, self->created_at); break;
    case PROP_UPDATED_AT: g_value_set_int64 (value, self->updated_at); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
terra_task_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  TerraTask *self = TERRA_TASK (object);
  gboolean changed = TRUE;

  switch (prop_id)
    {
    case PROP_ID: changed = terra_entity_set_int64 (&self->id, g_value_get_int64 (value)); break;
    case PROP_CONTACT_ID: changed = terra_entity_set_int64 (&self->contact_id, g_value_get_int64 (value)); break;
    case PROP_CONVERSATION_ID: changed = terra_entity_set_int64 (&self->conversation_id, g_value_get_int64 (value)); break;
    case PROP_TITLE: changed = terra_entity_set_string (&self->title, g_value_get_string (value)); break;
    case PROP_NOTES: changed = terra_entity_set_string (&self->notes, g_value_get_string (value)); break;
    case PROP_DUE_AT: changed = terra_entity_set_int64 (&self->due_at, g_value_get_int64 (value)); break;
    case PROP_STATUS: changed = terra_entity_set_int ((int *)&self->status, g_value_get_enum (value)); break;
    case PROP_CREATED_BY: changed = terra_entity_set_int ((int *)&self->created_by, g_value_get_enum (value)); break;
    case PROP_COMPLETED_AT: changed = terra_entity_set_int64 (&self->completed_at, g_value_get_int64 (value)); break;
    case PROP_CREATED_AT: changed = terra_entity_set_int64 (&self->created_at, g_value_get_int64 (value)); break;
    case PROP_UPDATED_AT: changed = terra_entity_set_int64 (&self->updated_at, g_value_get_int64 (value)); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      return;
    }

  if (changed)
    g_object_notify_by_pspec (object, pspec);
}

static void
terra_task_class_init (TerraTaskClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = terra_task_finalize;
  object_class->get_property = terra_task_get_property;
  object_class->set_property = terra_task_set_property;

  properties[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_CONTACT_ID] = g_param_spec_int64 ("contact-id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_CONVERSATION_ID] = g_param_spec_int64 ("conversation-id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, "", flags);
  properties[PROP_NOTES] = g_param_spec_string ("notes", NULL, NULL, "", flags);
  properties[PROP_DUE_AT] = g_param_spec_int64 ("due-at", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_STATUS] = g_param_spec_enum ("status", NULL, NULL,
                                               TERRA_TYPE_TASK_STATUS, TERRA_TASK_OPEN, flags);
  properties[PROP_CREATED_BY] = g_param_spec_enum ("created-by", NULL, NULL,
                                                   TERRA_TYPE_AUTHOR, TERRA_AUTHOR_ASSISTANT, flags);
  properties[PROP_COMPLETED_AT] = g_param_spec_int64 ("completed-at", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_CREATED_AT] = g_param_spec_int64 ("created-at", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_UPDATED_AT] = g_param_spec_int64 ("updated-at", NULL, NULL, 0, G_MAXINT64, 0, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
terra_task_init (TerraTask *self)
{
  self->title = g_strdup ("");
  self->notes = g_strdup ("");
  self->created_by = TERRA_AUTHOR_ASSISTANT;
}

/* Returns a new, unsaved task (id 0). */
TerraTask *
terra_task_new (void)
{
  return g_object_new (TERRA_TYPE_TASK, NULL);
}

gint64
terra_task_get_id (TerraTask *self)
{
  g_return_val_if_fail (TERRA_IS_TASK (self), 0);
  return self->id;
}

gint64
terra_task_get_contact_id (TerraTask *self)
{
  g_return_val_if_fail (TERRA_IS_TASK (self), 0);
  return self->contact_id;
}

void
terra_task_set_contact_id (TerraTask *self,
                           gint64     contact_id)
{
  g_return_if_fail (TERRA_IS_TASK (self));
  g_object_set (self, "contact-id", contact_id, NULL);
}

gint64
terra_task_get_conversation_id (TerraTask *self)
{
  g_return_val_if_fail (TERRA_IS_TASK (self), 0);
  return self->conversation_id;
}

void
terra_task_set_conversation_id (TerraTask *self,
                                gint64     conversation_id)
{
  g_return_if_fail (TERRA_IS_TASK (self));
  g_object_set (self, "conversation-id", conversation_id, NULL);
}

const char *
terra_task_get_title (TerraTask *self)
{
  g_return_val_if_fail (TERRA_IS_TASK (self), NULL);
  return self->title;
}

void
terra_task_set_title (TerraTask  *self,
                      const char *title)
{
  g_return_if_fail (TERRA_IS_TASK (self));
  g_object_set (self, "title", title ? title : "", NULL);
}

const char *
terra_task_get_notes (TerraTask *self)
{
  g_return_val_if_fail (TERRA_IS_TASK (self), NULL);
  return self->notes;
}

void
terra_task_set_notes (TerraTask  *self,
                      const char *notes)
{
  g_return_if_fail (TERRA_IS_TASK (self));
  g_object_set (self, "notes", notes ? notes : "", NULL);
}

gint64
terra_task_get_due_at (TerraTask *self)
{
  g_return_val_if_fail (TERRA_IS_TASK (self), 0);
  return self->due_at;
}

void
terra_task_set_due_at (TerraTask *self,
                       gint64     due_at)
{
  g_return_if_fail (TERRA_IS_TASK (self));
  g_object_set (self, "due-at", due_at, NULL);
}

TerraTaskStatus
terra_task_get_status (TerraTask *self)
{
  g_return_val_if_fail (TERRA_IS_TASK (self), TERRA_TASK_OPEN);
  return self->status;
}

/* Marking a task done records when; any other status clears that time. */
void
terra_task_set_status (TerraTask       *self,
                       TerraTaskStatus  status)
{
  g_return_if_fail (TERRA_IS_TASK (self));
  if (status == self->status)
    return;
  g_object_set (self,
                "status", status,
                "completed-at", status == TERRA_TASK_DONE ? g_get_real_time () : (gint64)0,
                NULL);
}

TerraAuthor
terra_task_get_created_by (TerraTask *self)
{
  g_return_val_if_fail (TERRA_IS_TASK (self), TERRA_AUTHOR_ASSISTANT);
  return self->created_by;
}

void
terra_task_set_created_by (TerraTask   *self,
                           TerraAuthor  author)
{
  g_return_if_fail (TERRA_IS_TASK (self));
  g_object_set (self, "created-by", author, NULL);
}

gint64
terra_task_get_completed_at (TerraTask *self)
{
  g_return_val_if_fail (TERRA_IS_TASK (self), 0);
  return self->completed_at;
}

gint64
terra_task_get_created_at (TerraTask *self)
{
  g_return_val_if_fail (TERRA_IS_TASK (self), 0);
  return self->created_at;
}

gint64
terra_task_get_updated_at (TerraTask *self)
{
  g_return_val_if_fail (TERRA_IS_TASK (self), 0);
  return self->updated_at;
}
