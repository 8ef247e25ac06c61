/* terra-availability-dialog-private.h — what the parts of the Opening
 * Hours & Appointments dialog share
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The dialog is one class spread over a file per page:
 *
 *   terra-availability-dialog.c        the class, loading, closing
 *   terra-availability-dialog-hours.c  the weekly hours
 *   terra-availability-dialog-dates.c  special dates: holidays, special hours
 *   terra-availability-dialog-types.c  appointment types and their editor
 *   terra-availability-dialog-rules.c  booking rules, reminders, time zone
 *   terra-availability-dialog-sync.c   importing and exporting .ics files
 *
 * Each part binds its own template children and callbacks in its
 * _class_init and reads the workspace in its _load.
 */
#pragma once

#include "terra-availability-dialog.h"

G_BEGIN_DECLS

struct _TerraAvailabilityDialog
{
  AdwPreferencesWindow  parent_instance;

  /* Template widgets: opening hours */
  AdwPreferencesGroup  *hours_group;
  GtkButton            *save_hours_button;
  GtkLabel             *hours_error_label;
  GtkPopover           *override_popover;
  GtkCalendar          *override_calendar;
  GtkSwitch            *override_closed_switch;
  GtkWidget            *override_hours_box;
  GtkEntry             *override_start_entry;
  GtkEntry             *override_end_entry;
  GtkEntry             *override_note_entry;
  GtkLabel             *override_error_label;
  GtkButton            *override_add_button;
  GtkListBox           *overrides_list;

  /* Template widgets: appointment types */
  GtkListBox           *types_list;
  GtkWidget            *type_editor;
  AdwWindowTitle       *type_editor_title;
  GtkButton            *type_save_button;
  AdwEntryRow          *type_name_row;
  GtkSpinButton        *type_duration_spin;
  GtkSpinButton        *type_buffer_before_spin;
  GtkSpinButton        *type_buffer_after_spin;
  AdwEntryRow          *type_location_row;
  GtkColorButton       *type_color_button;
  GtkSwitch            *type_active_switch;
  GtkLabel             *type_error_label;

  /* Template widgets: booking rules */
  GtkSpinButton        *notice_spin;
  GtkDropDown          *notice_unit_dropdown;
  GtkSpinButton        *horizon_spin;
  GtkSpinButton        *max_per_day_spin;
  GtkSpinButton        *slot_spin;
  GtkSpinButton        *reminder_spin;
  GtkEntry             *timezone_entry;
  GtkLabel             *rules_error_label;

  /* Template widgets: calendar sync */
  GtkButton            *import_button;
  GtkButton            *export_button;
  GtkSpinner           *import_spinner;
  GtkSpinner           *export_spinner;

  /* Owned */
  TerraWorkspace       *workspace;
  GPtrArray            *days;          /* DayHours, Monday first */
  GListStore           *types;         /* TerraAppointmentType, by name */
  TerraAppointmentType *editing_type;  /* a copy being edited; id 0 when new */
  GArray               *overrides;     /* DayOverride, by date */
  GCancellable         *cancellable;
  GtkNativeDialog      *chooser;       /* the open file chooser, if any */

  /* Opening hours edited but not saved. */
  gboolean              hours_dirty;
  /* Set while widgets are filled from the workspace, so that their change
   * signals are not taken for the user's edits. */
  gboolean              loading;
};

/* terra-availability-dialog-hours.c */
void     _terra_availability_dialog_hours_class_init (GtkWidgetClass          *widget_class);
void     _terra_availability_dialog_hours_init       (TerraAvailabilityDialog *self);
void     _terra_availability_dialog_dates_load       (TerraAvailabilityDialog *self);
void     _terra_availability_dialog_hours_load       (TerraAvailabilityDialog *self);
void     _terra_availability_dialog_hours_finalize   (TerraAvailabilityDialog *self);
void     _terra_availability_dialog_hours_update_zone (TerraAvailabilityDialog *self);
gboolean _terra_availability_dialog_hours_can_save   (TerraAvailabilityDialog *self);
gboolean _terra_availability_dialog_hours_save       (TerraAvailabilityDialog *self);

/* terra-availability-dialog-dates.c */
void     _terra_availability_dialog_dates_class_init (GtkWidgetClass          *widget_class);
void     _terra_availability_dialog_dates_init       (TerraAvailabilityDialog *self);
void     _terra_availability_dialog_dates_finalize   (TerraAvailabilityDialog *self);

/* terra-availability-dialog-types.c */
void     _terra_availability_dialog_types_class_init (GtkWidgetClass          *widget_class);
void     _terra_availability_dialog_types_init       (TerraAvailabilityDialog *self);
void     _terra_availability_dialog_types_load       (TerraAvailabilityDialog *self);

/* terra-availability-dialog-rules.c */
void     _terra_availability_dialog_rules_class_init (GtkWidgetClass          *widget_class);
void     _terra_availability_dialog_rules_load       (TerraAvailabilityDialog *self);

/* terra-availability-dialog-sync.c */
void     _terra_availability_dialog_sync_class_init  (GtkWidgetClass          *widget_class);

/* Shared helpers, in terra-availability-dialog.c */
void     _terra_availability_dialog_toast            (TerraAvailabilityDialog *self,
                                                      const char              *text);
void     _terra_availability_dialog_show_error       (GtkLabel                *label,
                                                      const char              *message);
void     _terra_availability_dialog_mark_invalid     (GtkWidget               *widget,
                                                      gboolean                 invalid);
gboolean _terra_parse_time                           (const char              *text,
                                                      gboolean                 is_end,
                                                      int                     *minute);
char    *_terra_format_time                          (int                      minute);
char    *_terra_format_range                         (int                      start,
                                                      int                      end);

G_END_DECLS
