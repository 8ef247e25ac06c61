/* terra-instruction.c — a rule the business gives the assistant
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every property is a column of the `instructions` table (see
 * terra-store-migrations.c); the store reads and writes them by name.
 */

#define G_LOG_DOMAIN "terra-instruction"

#include "config.h"

#include "terra-instruction.h"
#include "terra-entity-util.h"
#include "terra-enums.h"

struct _TerraInstruction
{
  GObject               parent_instance;

  gint64                id;
  TerraInstructionKind  kind;
  char                 *condition;
  char                 *body;
  int                   priority;
  gboolean              enabled;
  gint64                created_at;
  gint64                updated_at;
};

G_DEFINE_FINAL_TYPE (TerraInstruction, terra_instruction, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_KIND,
  PROP_CONDITION,
  PROP_BODY,
  PROP_PRIORITY,
  PROP_ENABLED,
  PROP_CREATED_AT,
  PROP_UPDATED_AT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
terra_instruction_finalize (GObject *object)
{
  TerraInstruction *self = (TerraInstruction *)object;

  g_clear_pointer (&self->condition, g_free);
  g_clear_pointer (&self->body, g_free);

  G_OBJECT_CLASS (terra_instruction_parent_class)->finalize (object);
}

static void
terra_instruction_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  TerraInstruction *self = TERRA_INSTRUCTION (object);

  switch (prop_id)
    {
    case PROP_ID: g_value_set_int64 (value, self->id); break;
    case PROP_KIND: g_value_set_enum (value, self->kind); break;
    case PROP_CONDITION: g_value_set_string (value, self->condition); break;
    case PROP_BODY: g_value_set_string (value, self->body); break;
    case PROP_PRIORITY: g_value_set_int (value, self->priority); break;
    case PROP_ENABLED: g_value_set_boolean (value, self->enabled); break;
    case PROP_CREATED_AT: g_value_set_int64 (value, self->created_at); break;
    case PROP_UPDATED_AT: g_value_set_int64 (value, self->updated_at); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
terra_instruction_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  TerraInstruction *self = TERRA_INSTRUCTION (object);
  gboolean changed = TRUE;

  switch (prop_id)
    {
    case PROP_ID: changed = terra_entity_set_int64 (&self->id, g_value_get_int64 (value)); break;
    case PROP_KIND: changed = terra_entity_set_int ((int *)&self->kind, g_value_get_enum (value)); break;
    case PROP_CONDITION: changed = terra_entity_set_string (&self->condition, g_value_get_string (value)); break;
    case PROP_BODY: changed = terra_entity_set_string (&self->body, g_value_get_string (value)); break;
    case PROP_PRIORITY: changed = terra_entity_set_int (&self->priority, g_value_get_int (value)); break;
    case PROP_ENABLED: changed = terra_entity_set_int (&self->enabled, g_value_get_boolean (value)); break;
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
terra_instruction_class_init (TerraInstructionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = terra_instruction_finalize;
  object_class->get_property = terra_instruction_get_property;
  object_class->set_property = terra_instruction_set_property;

  properties[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_KIND] = g_param_spec_enum ("kind", NULL, NULL,
                                             TERRA_TYPE_INSTRUCTION_KIND, TERRA_INSTRUCTION_ALWAYS, flags);
  properties[PROP_CONDITION] = g_param_spec_string ("condition", NULL, NULL, "", flags);
  properties[PROP_BODY] = g_param_spec_string ("body", NULL, NULL, "", flags);
  properties[PROP_PRIORITY] = g_param_spec_int ("priority", NULL, NULL, G_MININT, G_MAXINT, 0, flags);
  properties[PROP_ENABLED] = g_param_spec_boolean ("enabled", NULL, NULL, TRUE, flags);
  properties[PROP_CREATED_AT] = g_param_spec_int64 ("created-at", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_UPDATED_AT] = g_param_spec_int64 ("updated-at", NULL, NULL, 0, G_MAXINT64, 0, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
terra_instruction_init (TerraInstruction *self)
{
  self->condition = g_strdup ("");
  self->body = g_strdup ("");
  self->enabled = TRUE;
}

/* Returns a new, unsaved instruction (id 0). */
TerraInstruction *
terra_instruction_new (void)
{
  return g_object_new (TERRA_TYPE_INSTRUCTION, NULL);
}

gint64
terra_instruction_get_id (TerraInstruction *self)
{
  g_return_val_if_fail (TERRA_IS_INSTRUCTION (self), 0);
  return self->id;
}

TerraInstructionKind
terra_instruction_get_kind (TerraInstruction *self)
{
  g_return_val_if_fail (TERRA_IS_INSTRUCTION (self), TERRA_INSTRUCTION_ALWAYS);
  return self->kind;
}

void
terra_instruction_set_kind (TerraInstruction     *self,
                            TerraInstructionKind  kind)
{
  g_return_if_fail (TERRA_IS_INSTRUCTION (self));
  g_object_set (self, "kind", kind, NULL);
}

const char *
terra_instruction_get_condition (TerraInstruction *self)
{
  g_return_val_if_fail (TERRA_IS_INSTRUCTION (self), NULL);
  return self->condition;
}

void
terra_instruction_set_condition (TerraInstruction *self,
                                 const char       *condition)
{
  g_return_if_fail (TERRA_IS_INSTRUCTION (self));
  g_object_set (self, "condition", condition ? condition : "", NULL);
}

const char *
terra_instruction_get_body (TerraInstruction *self)
{
  g_return_val_if_fail (TERRA_IS_INSTRUCTION (self), NULL);
  return self->body;
}

void
terra_instruction_set_body (TerraInstruction *self,
                            const char       *body)
{
  g_return_if_fail (TERRA_IS_INSTRUCTION (self));
  g_object_set (self, "body", body ? body : "", NULL);
}

int
terra_instruction_get_priority (TerraInstruction *self)
{
  g_return_val_if_fail (TERRA_IS_INSTRUCTION (self), 0);
  return self->priority;
}

void
terra_instruction_set_priority (TerraInstruction *self,
                                int               priority)
{
  g_return_if_fail (TERRA_IS_INSTRUCTION (self));
  g_object_set (self, "priority", priority, NULL);
}

gboolean
terra_instruction_get_enabled (TerraInstruction *self)
{
  g_return_val_if_fail (TERRA_IS_INSTRUCTION (self), FALSE);
  return self->enabled;
}

void
terra_instruction_set_enabled (TerraInstruction *self,
                               gboolean          enabled)
{
  g_return_if_fail (TERRA_IS_INSTRUCTION (self));
  g_object_set (self, "enabled", enabled, NULL);
}

gint64
terra_instruction_get_created_at (TerraInstruction *self)
{
  g_return_val_if_fail (TERRA_IS_INSTRUCTION (self), 0);
  return self->created_at;
}

gint64
terra_instruction_get_updated_at (TerraInstruction *self)
{
  g_return_val_if_fail (TERRA_IS_INSTRUCTION (self), 0);
  return self->updated_at;
}
