/* terra-calendar-view-private.h — what the Calendar view's two files
 * share: its state, and the booking, moving and cancelling it starts
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "terra-calendar-data.h"
#include "terra-calendar-grid.h"
#include "terra-calendar-view.h"

G_BEGIN_DECLS

struct _TerraCalendarView
{
  GtkWidget            parent_instance;

  /* Template widgets */
  AdwToastOverlay     *toast_overlay;
  GtkStack            *stack;
  GtkLabel            *title_label;
  GtkScrolledWindow   *scroller;
  TerraCalendarGrid   *grid;
  GtkWidget           *legend_free;
  GtkLabel            *legend_free_label;
  GtkWidget           *legend_busy;
  GMenu               *free_type_section;

  /* Owned */
  TerraWorkspace      *workspace;
  TerraScheduler      *scheduler;   /* on the main thread's connection */
  TerraCalendarLoader *loader;
  GCancellable        *cancellable;
  TerraCalendarData   *data;        /* the period shown */
  GtkPopover          *details;     /* a child while shown */
  guint                refresh_source;
  guint                tick_source;

  /* State */
  TerraCalendarPeriod  period;
  gboolean             show_cancelled;
  int                  free_type;
  gint64               pending_booking_id;  /* to show once its period is read */
  gboolean             query_running;
  gboolean             query_again;
};

/* terra-calendar-view.c */
void        _terra_calendar_view_add_toast         (TerraCalendarView *self,
                                                    const char        *text);
GtkWindow  *_terra_calendar_view_get_parent_window (TerraCalendarView *self);
GTimeZone  *_terra_calendar_view_get_zone          (TerraCalendarView *self);
void        _terra_calendar_view_get_today         (TerraCalendarView *self,
                                                    GDate             *date);
void        _terra_calendar_view_go_to             (TerraCalendarView *self,
                                                    TerraCalendarMode  mode,
                                                    const GDate       *anchor);

/* terra-calendar-view-booking.c */
void        _terra_calendar_view_open_new_booking  (TerraCalendarView *self,
                                                    const GDate       *day,
                                                    gint64             start_utc);
void        _terra_calendar_view_show_details      (TerraCalendarView *self,
                                                    TerraBooking      *booking,
                                                    GtkWidget         *button);
void        _terra_calendar_view_close_details     (TerraCalendarView *self);
void        _terra_calendar_view_booking_activated_cb (TerraCalendarView *self,
                                                    TerraBooking      *booking,
                                                    GtkWidget         *button,
                                                    TerraCalendarGrid *grid);
void        _terra_calendar_view_free_slot_activated_cb (TerraCalendarView *self,
                                                    gint64             start_utc,
                                                    TerraCalendarGrid *grid);

G_END_DECLS
