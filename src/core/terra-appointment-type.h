/* terra-appointment-type.h — a kind of meeting a lead can book
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "terra-types.h"

G_BEGIN_DECLS

#define TERRA_TYPE_APPOINTMENT_TYPE (terra_appointment_type_get_type ())

G_DECLARE_FINAL_TYPE (TerraAppointmentType, terra_appointment_type, TERRA, APPOINTMENT_TYPE, GObject)

TerraAppointmentType *terra_appointment_type_new                       (void);

gint64                terra_appointment_type_get_id                    (TerraAppointmentType  *self);
const char           *terra_appointment_type_get_name                  (TerraAppointmentType  *self);
void                  terra_appointment_type_set_name                  (TerraAppointmentType  *self,
                                                                        const char            *name);
int                   terra_appointment_type_get_duration_minutes      (TerraAppointmentType  *self);
void                  terra_appointment_type_set_duration_minutes      (TerraAppointmentType  *self,
                                                                        int                    minutes);
/* Free time kept before and after each meeting. */
int                   terra_appointment_type_get_buffer_before_minutes (TerraAppointmentType  *self);
void                  terra_appointment_type_set_buffer_before_minutes (TerraAppointmentType  *self,
                                                                        int                    minutes);
int                   terra_appointment_type_get_buffer_after_minutes  (TerraAppointmentType  *self);
void                  terra_appointment_type_set_buffer_after_minutes  (TerraAppointmentType  *self,
                                                                        int                    minutes);
const char           *terra_appointment_type_get_location              (TerraAppointmentType  *self);
void                  terra_appointment_type_set_location              (TerraAppointmentType  *self,
                                                                        const char            *location);
/* "#rrggbb". */
const char           *terra_appointment_type_get_color                 (TerraAppointmentType  *self);
void                  terra_appointment_type_set_color                 (TerraAppointmentType  *self,
                                                                        const char            *color);
gboolean              terra_appointment_type_get_active                (TerraAppointmentType  *self);
void                  terra_appointment_type_set_active                (TerraAppointmentType  *self,
                                                                        gboolean               active);
gint64                terra_appointment_type_get_created_at            (TerraAppointmentType  *self);
gint64                terra_appointment_type_get_updated_at            (TerraAppointmentType  *self);

G_END_DECLS
