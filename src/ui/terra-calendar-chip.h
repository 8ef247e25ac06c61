/* terra-calendar-chip.h — an appointment's block in the Calendar: a
 * button that draws its own text
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define TERRA_TYPE_CALENDAR_CHIP (terra_calendar_chip_get_type ())

G_DECLARE_FINAL_TYPE (TerraCalendarChip, terra_calendar_chip, TERRA, CALENDAR_CHIP, GtkButton)

GtkWidget *terra_calendar_chip_new (const char *markup,
                                    int         max_lines,
                                    gboolean    struck);

G_END_DECLS
