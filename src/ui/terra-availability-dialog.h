/* terra-availability-dialog.h — Opening Hours & Appointments: opening
 * hours, special dates, appointment types, booking rules and calendar files
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "terra-workspace.h"

G_BEGIN_DECLS

#define TERRA_TYPE_AVAILABILITY_DIALOG (terra_availability_dialog_get_type ())

G_DECLARE_FINAL_TYPE (TerraAvailabilityDialog, terra_availability_dialog, TERRA, AVAILABILITY_DIALOG, AdwPreferencesWindow)

GtkWidget *terra_availability_dialog_new (GtkWindow      *parent,
                                          TerraWorkspace *workspace);

G_END_DECLS
