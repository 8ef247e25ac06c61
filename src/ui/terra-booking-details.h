/* terra-booking-details.h — the details card of an appointment
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "terra-workspace.h"

G_BEGIN_DECLS

#define TERRA_TYPE_BOOKING_DETAILS (terra_booking_details_get_type ())

G_DECLARE_FINAL_TYPE (TerraBookingDetails, terra_booking_details, TERRA, BOOKING_DETAILS, GtkPopover)

GtkWidget    *terra_booking_details_new         (TerraWorkspace       *workspace,
                                                 TerraBooking         *booking,
                                                 TerraAppointmentType *type,
                                                 GTimeZone            *zone);
TerraBooking *terra_booking_details_get_booking (TerraBookingDetails  *self);

G_END_DECLS
