/* terra-booking.h — a meeting booked with a lead
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "terra-types.h"

G_BEGIN_DECLS

#define TERRA_TYPE_BOOKING (terra_booking_get_type ())

G_DECLARE_FINAL_TYPE (TerraBooking, terra_booking, TERRA, BOOKING, GObject)

TerraBooking      *terra_booking_new                     (void);

gint64             terra_booking_get_id                  (TerraBooking        *self);
/* The iCalendar UID; unique among bookings. */
const char        *terra_booking_get_uid                 (TerraBooking        *self);
void               terra_booking_set_uid                 (TerraBooking        *self,
                                                          const char          *uid);
gint64             terra_booking_get_contact_id          (TerraBooking        *self);
void               terra_booking_set_contact_id          (TerraBooking        *self,
                                                          gint64               contact_id);
gint64             terra_booking_get_conversation_id     (TerraBooking        *self);
void               terra_booking_set_conversation_id     (TerraBooking        *self,
                                                          gint64               conversation_id);
gint64             terra_booking_get_appointment_type_id (TerraBooking        *self);
void               terra_booking_set_appointment_type_id (TerraBooking        *self,
                                                          gint64               appointment_type_id);
const char        *terra_booking_get_title               (TerraBooking        *self);
void               terra_booking_set_title               (TerraBooking        *self,
                                                          const char          *title);
/* Microseconds since the Unix epoch, UTC; end is after start. */
gint64             terra_booking_get_start_utc           (TerraBooking        *self);
void               terra_booking_set_start_utc           (TerraBooking        *self,
                                                          gint64               start_utc);
gint64             terra_booking_get_end_utc             (TerraBooking        *self);
void               terra_booking_set_end_utc             (TerraBooking        *self,
                                                          gint64               end_utc);
/* IANA time zone name, e.g. "Europe/Berlin"; the store rejects an empty one. */
const char        *terra_booking_get_timezone            (TerraBooking        *self);
void               terra_booking_set_timezone            (TerraBooking        *self,
                                                          const char          *zone);
const char        *terra_booking_get_location            (TerraBooking        *self);
void               terra_booking_set_location            (TerraBooking        *self,
                                                          const char          *location);
TerraBookingSource terra_booking_get_source              (TerraBooking        *self);
void               terra_booking_set_source              (TerraBooking        *self,
                                                          TerraBookingSource   source);
TerraBookingStatus terra_booking_get_status              (TerraBooking        *self);
void               terra_booking_set_status              (TerraBooking        *self,
                                                          TerraBookingStatus   status);
const char        *terra_booking_get_notes               (TerraBooking        *self);
void               terra_booking_set_notes               (TerraBooking        *self,
                                                          const char          *notes);
const char        *terra_booking_get_cancel_reason       (TerraBooking        *self);
void               terra_booking_set_cancel_reason       (TerraBooking        *self,
                                                          const char          *reason);
gint64             terra_booking_get_created_at          (TerraBooking        *self);
gint64             terra_booking_get_updated_at          (TerraBooking        *self);

G_END_DECLS
