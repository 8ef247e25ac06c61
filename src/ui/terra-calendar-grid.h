/* terra-calendar-grid.h — the month, week and day grid of the Calendar,
 * with every appointment a real, focusable child
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "terra-calendar-data.h"

G_BEGIN_DECLS

#define TERRA_TYPE_CALENDAR_GRID (terra_calendar_grid_get_type ())

G_DECLARE_FINAL_TYPE (TerraCalendarGrid, terra_calendar_grid, TERRA, CALENDAR_GRID, GtkWidget)

GtkWidget *terra_calendar_grid_new                (void);
void       terra_calendar_grid_show               (TerraCalendarGrid         *self,
                                                   TerraCalendarData         *data,
                                                   gboolean                   show_cancelled);
GtkWidget *terra_calendar_grid_get_booking_widget (TerraCalendarGrid         *self,
                                                   gint64                     booking_id);
char      *terra_calendar_grid_describe_booking   (TerraBooking              *booking,
                                                   GTimeZone                 *zone);

G_END_DECLS
