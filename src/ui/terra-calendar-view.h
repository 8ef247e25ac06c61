/* terra-calendar-view.h — the Calendar: the appointments by month, week
 * or day, free time, busy times, and booking by hand
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "terra-workspace.h"

G_BEGIN_DECLS

#define TERRA_TYPE_CALENDAR_VIEW (terra_calendar_view_get_type ())

G_DECLARE_FINAL_TYPE (TerraCalendarView, terra_calendar_view, TERRA, CALENDAR_VIEW, GtkWidget)

GtkWidget      *terra_calendar_view_new                (TerraWorkspace    *workspace);
TerraWorkspace *terra_calendar_view_get_workspace      (TerraCalendarView *self);
void            terra_calendar_view_set_workspace      (TerraCalendarView *self,
                                                        TerraWorkspace    *workspace);
void            terra_calendar_view_show_booking       (TerraCalendarView *self,
                                                        gint64             booking_id);
void            terra_calendar_view_open_availability  (TerraCalendarView *self);

G_END_DECLS
