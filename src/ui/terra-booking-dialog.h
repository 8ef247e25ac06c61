/* terra-booking-dialog.h — book an appointment by hand, or move one
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "terra-workspace.h"

G_BEGIN_DECLS

#define TERRA_TYPE_BOOKING_DIALOG (terra_booking_dialog_get_type ())

G_DECLARE_FINAL_TYPE (TerraBookingDialog, terra_booking_dialog, TERRA, BOOKING_DIALOG, AdwWindow)

GtkWidget *terra_booking_dialog_new            (GtkWindow      *parent,
                                                TerraWorkspace *workspace,
                                                const GDate    *day,
                                                gint64          type_id,
                                                gint64          start_utc);
GtkWidget *terra_booking_dialog_new_reschedule (GtkWindow      *parent,
                                                TerraWorkspace *workspace,
                                                TerraBooking   *booking);

G_END_DECLS
