/* terra-appointment-type.c — a kind of meeting a lead can book
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every property is a column of the `appointment_types` table (see
 * terra-store-migrations.c); the store reads and writes them by name.
 */

#define G_LOG_DOMAIN "terra-appointment-type"

#include "config.h"

#include "terra-appointment-type.h"
#include "terra-entity-util.h"
#include "terra-enums.h"

struct _TerraAppointmentType
{
  GObject   parent_instance;

  gint64    id;
  char     *name;
  int       duration_minutes;
  int       buffer_before_minutes;
  int       buffer_after_minutes;
  char     *location;
  char     *color;
  gboolean  active;
  gint64    created_at;
  gint64    updated_at;
};

G_DEFINE_FINAL_TYPE (TerraAppointmentType, terra_appointment_type, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_DURATION_MINUTES,
  PROP_BUFFER_BEFORE_MINUTES,
  PROP_BUFFER_AFTER_MINUTES,
  PROP_LOCATION,
  PROP_COLOR,
  PROP_ACTIVE,
  PROP_CREATED_AT,
  PROP_UPDATED_AT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
terra_appointment_type_finalize (GObject *object)
{
  TerraAppointmentType *self = (TerraAppointmentType *)object;

  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->location, g_free);
  g_clear_pointer (&self->color, g_free);

  G_OBJECT_CLASS (terra_appointment_type_parent_class)->finalize (object);
}

static void
terra_appointment_type_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  TerraAppointmentType *self = TERRA_APPOINTMENT_TYPE (object);

  switch (prop_id)
    {
    case PROP_ID: g_value_set_int64 (value, self->id); break;
    case PROP_NAME: g_value_set_string (value, self->name); break;
    case PROP_DURATION_MINUTES: g_value_set_int (value, self->duration_minutes); break;
    case PROP_BUFFER_BEFORE_MINUTES: g_value_set_int (value, self->buffer_before_minutes); break;
    case PROP_BUFFER_AFTER_MINUTES: g_value_set_int (value, self->buffer_after_minutes); break;
    case PROP_LOCATION: g_value_set_string (value, self->location); break;
    case PROP_COLOR: g_value_set_string (value, self->color); break;
    case PROP_ACTIVE: g_value_set_boolean (value, self->active); break;
    case PROP_CREATED_AT: g_value_set_int64 (value, self->created_at); break;
    case PROP_UPDATED_AT: g_value_set_int64 (value, self->updated_at); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
terra_appointment_type_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  TerraAppointmentType *self = TERRA_APPOINTMENT_TYPE (object);
  gboolean changed = TRUE;

  switch (prop_id)
    {
    case PROP_ID: changed = terra_entity_set_int64 (&self->id, g_value_get_int64 (value)); break;
    case PROP_NAME: changed = terra_entity_set_string (&self->name, g_value_get_string (value)); break;
    case PROP_DURATION_MINUTES: changed = terra_entity_set_int (&self->duration_minutes, g_value_get_int (value)); break;
    case PROP_BUFFER_BEFORE_MINUTES: changed = terra_entity_set_int (&self->buffer_before_minutes, g_value_get_int (value)); break;
    case PROP_BUFFER_AFTER_MINUTES: changed = terra_entity_set_int (&self->buffer_after_minutes, g_value_get_int (value)); break;
    case PROP_LOCATION: changed = terra_entity_set_string (&self->location, g_value_get_string (value)); break;
    case PROP_COLOR: changed = terra_entity_set_string (&self->color, g_value_get_string (value)); break;
    case PROP_ACTIVE: changed = terra_entity_set_int (&self->active, g_value_get_boolean (value)); break;
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
terra_appointment_type_class_init (TerraAppointmentTypeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = terra_appointment_type_finalize;
  object_class->get_property = terra_appointment_type_get_property;
  object_class->set_property = terra_appointment_type_set_property;

  properties[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, "", flags);
  properties[PROP_DURATION_MINUTES] = g_param_spec_int ("duration-minutes", NULL, NULL, 5, 1440, 30, flags);
  properties[PROP_BUFFER_BEFORE_MINUTES] = g_param_spec_int ("buffer-before-minutes", NULL, NULL, 0, 1440, 0, flags);
  properties[PROP_BUFFER_AFTER_MINUTES] = g_param_spec_int ("buffer-after-minutes", NULL, NULL, 0, 1440, 0, flags);
  properties[PROP_LOCATION] = g_param_spec_string ("location", NULL, NULL, "", flags);
  properties[PROP_COLOR] = g_param_spec_string ("color", NULL, NULL, "#3584e4", flags);
  properties[PROP_ACTIVE] = g_param_spec_boolean ("active", NULL, NULL, TRUE, flags);
  properties[PROP_CREATED_AT] = g_param_spec_int64 ("created-at", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_UPDATED_AT] = g_param_spec_int64 ("updated-at", NULL, NULL, 0, G_MAXINT64, 0, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
terra_appointment_type_init (TerraAppointmentType *self)
{
  self->name = g_strdup ("");
  self->duration_minutes = 30;
  self->location = g_strdup ("");
  self->color = g_strdup ("#3584e4");
  self->active = TRUE;
}

/* Returns a new, unsaved appointment type (id 0). */
TerraAppointmentType *
terra_appointment_type_new (void)
{
  return g_object_new (TERRA_TYPE_APPOINTMENT_TYPE, NULL);
}

gint64
terra_appointment_type_get_id (TerraAppointmentType *self)
{
  g_return_val_if_fail (TERRA_IS_APPOINTMENT_TYPE (self), 0);
  return self->id;
}

const char *
terra_appointment_type_get_name (TerraAppointmentType *self)
{
  g_return_val_if_fail (TERRA_IS_APPOINTMENT_TYPE (self), NULL);
  return self->name;
}

void
terra_appointment_type_set_name (TerraAppointmentType *self,
                                 const char           *name)
{
  g_return_if_fail (TERRA_IS_APPOINTMENT_TYPE (self));
  g_object_set (self, "name", name ? name : "", NULL);
}

int
terra_appointment_type_get_duration_minutes (TerraAppointmentType *self)
{
  g_return_val_if_fail (TERRA_IS_APPOINTMENT_TYPE (self), 0);
  return self->duration_minutes;
}

void
terra_appointment_type_set_duration_minutes (TerraAppointmentType *self,
                                             int                   minutes)
{
  g_return_if_fail (TERRA_IS_APPOINTMENT_TYPE (self));
  g_object_set (self, "duration-minutes", CLAMP (minutes, 5, 1440), NULL);
}

int
terra_appointment_type_get_buffer_before_minutes (TerraAppointmentType *self)
{
  g_return_val_if_fail (TERRA_IS_APPOINTMENT_TYPE (self), 0);
  return self->buffer_before_minutes;
}

void
terra_appointment_type_set_buffer_before_minutes (TerraAppointmentType *self,
                                                  int                   minutes)
{
  g_return_if_fail (TERRA_IS_APPOINTMENT_TYPE (self));
  g_object_set (self, "buffer-before-minutes", CLAMP (minutes, 0, 1440), NULL);
}

int
terra_appointment_type_get_buffer_after_minutes (TerraAppointmentType *self)
{
  g_return_val_if_fail (TERRA_IS_APPOINTMENT_TYPE (self), 0);
  return self->buffer_after_minutes;
}

void
terra_appointment_type_set_buffer_after_minutes (TerraAppointmentType *self,
                                                 int                   minutes)
{
  g_return_if_fail (TERRA_IS_APPOINTMENT_TYPE (self));
  g_object_set (self, "buffer-after-minutes", CLAMP (minutes, 0, 1440), NULL);
}

const char *
terra_appointment_type_get_location (TerraAppointmentType *self)
{
  g_return_val_if_fail (TERRA_IS_APPOINTMENT_TYPE (self), NULL);
  return self->location;
}

void
terra_appointment_type_set_location (TerraAppointmentType *self,
                                     const char           *location)
{
  g_return_if_fail (TERRA_IS_APPOINTMENT_TYPE (self));
  g_object_set (self, "location", location ? location : "", NULL);
}

const char *
terra_appointment_type_get_color (TerraAppointmentType *self)
{
  g_return_val_if_fail (TERRA_IS_APPOINTMENT_TYPE (self), NULL);
  return self->color;
}

void
terra_appointment_type_set_color (TerraAppointmentType *self,
                                  const char           *color)
{
  g_return_if_fail (TERRA_IS_APPOINTMENT_TYPE (self));
  g_object_set (self, "color", color ? color : "#3584e4", NULL);
}

gboolean
terra_appointment_type_get_active (TerraAppointmentType *self)
{
  g_return_val_if_fail (TERRA_IS_APPOINTMENT_TYPE (self), FALSE);
  return self->active;
}

void
terra_appointment_type_set_active (TerraAppointmentType *self,
                                   gboolean              active)
{
  g_return_if_fail (TERRA_IS_APPOINTMENT_TYPE (self));
  g_object_set (self, "active", active, NULL);
}

gint64
terra_appointment_type_get_created_at (TerraAppointmentType *self)
{
  g_return_val_if_fail (TERRA_IS_APPOINTMENT_TYPE (self), 0);
  return self->created_at;
}

gint64
terra_appointment_type_get_updated_at (TerraAppointmentType *self)
{
  g_return_val_if_fail (TERRA_IS_APPOINTMENT_TYPE (self), 0);
  return self->updated_at;
}
