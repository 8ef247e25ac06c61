/* terra-booking.c — a meeting booked with a lead
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every property is a column of the `bookings` table (see
 * terra-store-migrations.c); the store reads and writes them by name.
 */

#define G_LOG_DOMAIN "terra-booking"

#include "config.h"

#include "terra-booking.h"
#include "terra-entity-util.h"
#include "terra-enums.h"

struct _TerraBooking
{
  GObject             parent_instance;

  gint64              id;
  char               *uid;
  gint64              contact_id;
  gint64              conversation_id;
  gint64              appointment_type_id;
  char               *title;
  gint64              start_utc;
  gint64              end_utc;
  char               *timezone;
  char               *location;
  TerraBookingSource  source;
  TerraBookingStatus  status;
  char               *notes;
  char               *cancel_reason;
  gint64              created_at;
  gint64              updated_at;
};

G_DEFINE_FINAL_TYPE (TerraBooking, terra_booking, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_UID,
  PROP_CONTACT_ID,
  PROP_CONVERSATION_ID,
  PROP_APPOINTMENT_TYPE_ID,
  PROP_TITLE,
  PROP_START_UTC,
  PROP_END_UTC,
  PROP_TIMEZONE,
  PROP_LOCATION,
  PROP_SOURCE,
  PROP_STATUS,
  PROP_NOTES,
  PROP_CANCEL_REASON,
  PROP_CREATED_AT,
  PROP_UPDATED_AT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
terra_booking_finalize (GObject *object)
{
  TerraBooking *self = (TerraBooking *)object;

  g_clear_pointer (&self->uid, g_free);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->timezone, g_free);
  g_clear_pointer (&self->location, g_free);
  g_clear_pointer (&self->notes, g_free);
  g_clear_pointer (&self->cancel_reason, g_free);

  G_OBJECT_CLASS (terra_booking_parent_class)->finalize (object);
}

static void
terra_booking_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  TerraBooking *self = TERRA_BOOKING (object);

  switch (prop_id)
    {
    case PROP_ID: g_value_set_int64 (value, self->id); break;
    case PROP_UID: g_value_set_string (value, self->uid); break;
    case PROP_CONTACT_ID: g_value_set_int64 (value, self->contact_id); break;
    case PROP_CONVERSATION_ID: g_value_set_int64 (value, self->conversation_id); break;
    case PROP_APPOINTMENT_TYPE_ID: g_value_set_int64 (value, self->appointment_type_id); break;
    case PROP_TITLE: g_value_set_string (value, self->title); break;
    case PROP_START_UTC: g_value_set_int64 (value, self->start_utc); break;
    case PROP_END_UTC: g_value_set_int64 (value, self->end_utc); break;
    case PROP_TIMEZONE: g_value_set_string (value, self->timezone); break;
    case PROP_LOCATION: g_value_set_string (value, self->location); break;
    case PROP_SOURCE: g_value_set_enum (value, self->source); break;
    case PROP_STATUS: g_value_set_enum (value, self->status); break;
    case PROP_NOTES: g_value_set_string (value, self->notes); break;
    case PROP_CANCEL_REASON: g_value_set_string (value, self->cancel_reason); break;
    case PROP_CREATED_AT: g_value_set_int64 (value, self->created_at); break;
    case PROP_UPDATED_AT: g_value_set_int64 (value, self->updated_at); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
terra_booking_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  TerraBooking *self = TERRA_BOOKING (object);
  gboolean changed = TRUE;

  switch (prop_id)
    {
    case PROP_ID: changed = terra_entity_set_int64 (&self->id, g_value_get_int64 (value)); break;
    case PROP_UID: changed = terra_entity_set_string (&self->uid, g_value_get_string (value)); break;
    case PROP_CONTACT_ID: changed = terra_entity_set_int64 (&self->contact_id, g_value_get_int64 (value)); break;
    case PROP_CONVERSATION_ID: changed = terra_entity_set_int64 (&self->conversation_id, g_value_get_int64 (value)); break;
    case PROP_APPOINTMENT_TYPE_ID: changed = terra_entity_set_int64 (&self->appointment_type_id, g_value_get_int64 (value)); break;
    case PROP_TITLE: changed = terra_entity_set_string (&self->title, g_value_get_string (value)); break;
    case PROP_START_UTC: changed = terra_entity_set_int64 (&self->start_utc, g_value_get_int64 (value)); break;
    case PROP_END_UTC: changed = terra_entity_set_int64 (&self->end_utc, g_value_get_int64 (value)); break;
    case PROP_TIMEZONE: changed = terra_entity_set_string (&self->timezone, g_value_get_string (value)); break;
    case PROP_LOCATION: changed = terra_entity_set_string (&self->location, g_value_get_string (value)); break;
    case PROP_SOURCE: changed = terra_entity_set_int ((int *)&self->source, g_value_get_enum (value)); break;
    case PROP_STATUS: changed = terra_entity_set_int ((int *)&self->status, g_value_get_enum (value)); break;
    case PROP_NOTES: changed = terra_entity_set_string (&self->notes, g_value_get_string (value)); break;
    case PROP_CANCEL_REASON: changed = terra_entity_set_string (&self->cancel_reason, g_value_get_string (value)); break;
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
terra_booking_class_init (TerraBookingClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = terra_booking_finalize;
  object_class->get_property = terra_booking_get_property;
  object_class->set_property = terra_booking_set_property;

  properties[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_UID] = g_param_spec_string ("uid", NULL, NULL, "", flags);
  properties[PROP_CONTACT_ID] = g_param_spec_int64 ("contact-id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_CONVERSATION_ID] = g_param_spec_int64 ("conversation-id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_APPOINTMENT_TYPE_ID] = g_param_spec_int64 ("appointment-type-id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, "", flags);
  properties[PROP_START_UTC] = g_param_spec_int64 ("start-utc", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_END_UTC] = g_param_spec_int64 ("end-utc", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_TIMEZONE] = g_param_spec_string ("timezone", NULL, NULL, "", flags);
  properties[PROP_LOCATION] = g_param_spec_string ("location", NULL, NULL, "", flags);
  properties[PROP_SOURCE] = g_param_spec_enum ("source", NULL, NULL,
                                               TERRA_TYPE_BOOKING_SOURCE, TERRA_BOOKING_SOURCE_ASSISTANT, flags);
  properties[PROP_STATUS] = g_param_spec_enum ("status", NULL, NULL,
                                               TERRA_TYPE_BOOKING_STATUS, TERRA_BOOKING_STATUS_CONFIRMED, flags);
  properties[PROP_NOTES] = g_param_spec_string ("notes", NULL, NULL, "", flags);
  properties[PROP_CANCEL_REASON] = g_param_spec_string ("cancel-reason", NULL, NULL, "", flags);
  properties[PROP_CREATED_AT] = g_param_spec_int64 ("created-at", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_UPDATED_AT] = g_param_spec_int64 ("updated-at", NULL, NULL, 0, G_MAXINT64, 0, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
terra_booking_init (TerraBooking *self)
{
  self->uid = g_strdup ("");
  self->title = g_strdup ("");
  self->timezone = g_strdup ("");
  self->location = g_strdup ("");
  self->notes = g_strdup ("");
  self->cancel_reason = g_strdup ("");
}

/* Returns a new, unsaved booking (id 0). */
TerraBooking *
terra_booking_new (void)
{
  return g_object_new (TERRA_TYPE_BOOKING, NULL);
}

gint64
terra_booking_get_id (TerraBooking *self)
{
  g_return_val_if_fail (TERRA_IS_BOOKING (self), 0);
  return self->id;
}

const char *
terra_booking_get_uid (TerraBooking *self)
{
  g_return_val_if_fail (TERRA_IS_BOOKING (self), NULL);
  return self->uid;
}

void
terra_booking_set_uid (TerraBooking *self,
                       const char   *uid)
{
  g_return_if_fail (TERRA_IS_BOOKING (self));
  g_object_set (self, "uid", uid ? uid : "", NULL);
}

gint64
terra_booking_get_contact_id (TerraBooking *self)
{
  g_return_val_if_fail (TERRA_IS_BOOKING (self), 0);
  return self->contact_id;
}

void
terra_booking_set_contact_id (TerraBooking *self,
                              gint64        contact_id)
{
  g_return_if_fail (TERRA_IS_BOOKING (self));
  g_object_set (self, "contact-id", contact_id, NULL);
}

gint64
terra_booking_get_conversation_id (TerraBooking *self)
{
  g_return_val_if_fail (TERRA_IS_BOOKING (self), 0);
  return self->conversation_id;
}

void
terra_booking_set_conversation_id (TerraBooking *self,
                                   gint64        conversation_id)
{
  g_return_if_fail (TERRA_IS_BOOKING (self));
  g_object_set (self, "conversation-id", conversation_id, NULL);
}

gint64
terra_booking_get_appointment_type_id (TerraBooking *self)
{
  g_return_val_if_fail (TERRA_IS_BOOKING (self), 0);
  return self->appointment_type_id;
}

void
terra_booking_set_appointment_type_id (TerraBooking *self,
                                       gint64        appointment_type_id)
{
  g_return_if_fail (TERRA_IS_BOOKING (self));
  g_object_set (self, "appointment-type-id", appointment_type_id, NULL);
}

const char *
terra_booking_get_title (TerraBooking *self)
{
  g_return_val_if_fail (TERRA_IS_BOOKING (self), NULL);
  return self->title;
}

void
terra_booking_set_title (TerraBooking *self,
                         const char   *title)
{
  g_return_if_fail (TERRA_IS_BOOKING (self));
  g_object_set (self, "title", title ? title : "", NULL);
}

gint64
terra_booking_get_start_utc (TerraBooking *self)
{
  g_return_val_if_fail (TERRA_IS_BOOKING (self), 0);
  return self->start_utc;
}

void
terra_booking_set_start_utc (TerraBooking *self,
                             gint64        start_utc)
{
  g_return_if_fail (TERRA_IS_BOOKING (self));
  g_object_set (self, "start-utc", start_utc, NULL);
}

gint64
terra_booking_get_end_utc (TerraBooking *self)
{
  g_return_val_if_fail (TERRA_IS_BOOKING (self), 0);
  return self->end_utc;
}

void
terra_booking_set_end_utc (TerraBooking *self,
                           gint64        end_utc)
{
  g_return_if_fail (TERRA_IS_BOOKING (self));
  g_object_set (self, "end-utc", end_utc, NULL);
}

const char *
terra_booking_get_timezone (TerraBooking *self)
{
  g_return_val_if_fail (TERRA_IS_BOOKING (self), NULL);
  return self->timezone;
}

void
terra_booking_set_timezone (TerraBooking *self,
                            const char   *zone)
{
  g_return_if_fail (TERRA_IS_BOOKING (self));
  g_object_set (self, "timezone", zone ? zone : "", NULL);
}

const char *
terra_booking_get_location (TerraBooking *self)
{
  g_return_val_if_fail (TERRA_IS_BOOKING (self), NULL);
  return self->location;
}

void
terra_booking_set_location (TerraBooking *self,
                            const char   *location)
{
  g_return_if_fail (TERRA_IS_BOOKING (self));
  g_object_set (self, "location", location ? location : "", NULL);
}

TerraBookingSource
terra_booking_get_source (TerraBooking *self)
{
  g_return_val_if_fail (TERRA_IS_BOOKING (self), TERRA_BOOKING_SOURCE_ASSISTANT);
  return self->source;
}

void
terra_booking_set_source (TerraBooking       *self,
                          TerraBookingSource  source)
{
  g_return_if_fail (TERRA_IS_BOOKING (self));
  g_object_set (self, "source", source, NULL);
}

TerraBookingStatus
terra_booking_get_status (TerraBooking *self)
{
  g_return_val_if_fail (TERRA_IS_BOOKING (self), TERRA_BOOKING_STATUS_CONFIRMED);
  return self->status;
}

void
terra_booking_set_status (TerraBooking       *self,
                          TerraBookingStatus  status)
{
  g_return_if_fail (TERRA_IS_BOOKING (self));
  g_object_set (self, "status", status, NULL);
}

const char *
terra_booking_get_notes (TerraBooking *self)
{
  g_return_val_if_fail (TERRA_IS_BOOKING (self), NULL);
  return self->notes;
}

void
terra_booking_set_notes (TerraBooking *self,
                         const char   *notes)
{
  g_return_if_fail (TERRA_IS_BOOKING (self));
  g_object_set (self, "notes", notes ? notes : "", NULL);
}

const char *
terra_booking_get_cancel_reason (TerraBooking *self)
{
  g_return_val_if_fail (TERRA_IS_BOOKING (self), NULL);
  return self->cancel_reason;
}

void
terra_booking_set_cancel_reason (TerraBooking *self,
                                 const char   *reason)
{
  g_return_if_fail (TERRA_IS_BOOKING (self));
  g_object_set (self, "cancel-reason", reason ? reason : "", NULL);
}

gint64
terra_booking_get_created_at (TerraBooking *self)
{
  g_return_val_if_fail (TERRA_IS_BOOKING (self), 0);
  return self->created_at;
}

gint64
terra_booking_get_updated_at (TerraBooking *self)
{
  g_return_val_if_fail (TERRA_IS_BOOKING (self), 0);
  return self->updated_at;
}
