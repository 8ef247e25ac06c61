/* terra-calendar-view-booking.c — what the Calendar does with an
 * appointment: book one by hand, show its details card, move it, cancel it
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Writes are one short transaction each through the main thread's
 * connection and the scheduler, which says in its error why a time cannot
 * be booked; the error is shown in a toast and nothing changes. The view
 * then follows the change events like any other change.
 */

#define G_LOG_DOMAIN "terra-calendar"

#include "config.h"

#include <glib/gi18n.h>

#include "terra-booking-details.h"
#include "terra-booking-dialog.h"
#include "terra-calendar-view-private.h"

/* Booking by hand */

static void
booked_cb (TerraCalendarView *self,
           TerraBooking      *booking,
           gboolean           rescheduled,
           TerraBookingDialog *dialog)
{
  g_autoptr(GTimeZone) zone = _terra_calendar_view_get_zone (self);
  g_autoptr(GDateTime) start = terra_calendar_utc_to_local (zone, terra_booking_get_start_utc (booking));
  /* Translators: when an appointment is, in a toast; see
   * g_date_time_format(). */
  g_autofree char *when = g_date_time_format (start, C_("toast", "%a %-d %b, %H:%M"));
  g_autofree char *text = NULL;
  GDate date;

  if (rescheduled)
    /* Translators: %s is when, "Tue 24 Nov, 14:00". */
    text = g_strdup_printf (_("Appointment moved to %s"), when);
  else
    /* Translators: %s is when, "Tue 24 Nov, 14:00". */
    text = g_strdup_printf (_("Appointment booked for %s"), when);
  _terra_calendar_view_add_toast (self, text);

  /* Show where it went. */
  terra_calendar_local_date (zone, terra_booking_get_start_utc (booking), &date);
  if (!terra_calendar_period_contains (&self->period, &date))
    _terra_calendar_view_go_to (self, self->period.mode, &date);
}

static void
present_booking_dialog (TerraCalendarView *self,
                        GtkWidget         *dialog)
{
  g_signal_connect_object (dialog, "booked", G_CALLBACK (booked_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Opens the dialog that books an appointment by hand, on @day (NULL: the
 * day shown, or today if that is past), at @start_utc if not 0. */
void
_terra_calendar_view_open_new_booking (TerraCalendarView *self,
                                       const GDate       *day,
                                       gint64             start_utc)
{
  GDate today, date;
  gint64 type_id = self->data != NULL ? self->data->free_type_id : 0;
  GtkWindow *parent;

  if (self->workspace == NULL)
    return;

  _terra_calendar_view_get_today (self, &today);
  date = day != NULL ? *day : self->period.anchor;
  if (g_date_compare (&date, &today) < 0)
    date = today;

  parent = _terra_calendar_view_get_parent_window (self);
  present_booking_dialog (self, terra_booking_dialog_new (parent, self->workspace, &date, type_id, start_utc));
}

void
_terra_calendar_view_free_slot_activated_cb (TerraCalendarView *self,
                                             gint64             start_utc,
                                             TerraCalendarGrid *grid)
{
  g_autoptr(GTimeZone) zone = _terra_calendar_view_get_zone (self);
  GDate date;

  terra_calendar_local_date (zone, start_utc, &date);
  _terra_calendar_view_open_new_booking (self, &date, start_utc);
}

/* Details, moving and cancelling */

static void
details_closed_idle (gpointer user_data)
{
  g_autoptr(GtkWidget) popover = user_data;

  if (gtk_widget_get_parent (popover) != NULL)
    gtk_widget_unparent (popover);
}

static void
details_closed_cb (TerraCalendarView *self,
                   GtkPopover        *popover)
{
  if (self->details == popover)
    self->details = NULL;

  /* Not from inside its own signal. */
  g_idle_add_once (details_closed_idle, g_object_ref (popover));
}

void
_terra_calendar_view_close_details (TerraCalendarView *self)
{
  if (self->details != NULL)
    gtk_popover_popdown (self->details);
}

static void
reschedule_cb (TerraCalendarView   *self,
               TerraBookingDetails *details)
{
  TerraBooking *booking = terra_booking_details_get_booking (details);
  GtkWindow *parent = _terra_calendar_view_get_parent_window (self);

  present_booking_dialog (self, terra_booking_dialog_new_reschedule (parent, self->workspace, booking));
  _terra_calendar_view_close_details (self);
}

static void
cancel_response_cb (AdwMessageDialog  *dialog,
                    const char        *response,
                    TerraCalendarView *self)
{
  TerraBooking *booking = g_object_get_data (G_OBJECT (dialog), "booking");
  GtkEditable *reason = g_object_get_data (G_OBJECT (dialog), "reason");
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "cancel-appointment") != 0 || self->scheduler == NULL)
    return;

  if (!terra_scheduler_cancel (self->scheduler, terra_booking_get_id (booking),
                               gtk_editable_get_text (reason), &error))
    _terra_calendar_view_add_toast (self, error->message);
  else
    _terra_calendar_view_add_toast (self, _("Appointment cancelled"));
}

/* A boxed list holding one entry row, for the reason; @entry is set to
 * the row. */
static GtkWidget *
new_reason_entry (GtkWidget **entry)
{
  GtkWidget *list = gtk_list_box_new ();
  GtkWidget *row = adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Reason (optional)"));
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_list_box_append (GTK_LIST_BOX (list), row);
  *entry = row;
  return list;
}

static void
cancel_cb (TerraCalendarView   *self,
           TerraBookingDetails *details)
{
  TerraBooking *booking = terra_booking_details_get_booking (details);
  g_autoptr(GTimeZone) zone = _terra_calendar_view_get_zone (self);
  g_autoptr(GDateTime) start = terra_calendar_utc_to_local (zone, terra_booking_get_start_utc (booking));
  /* Translators: see g_date_time_format(). */
  g_autofree char *when = g_date_time_format (start, C_("cancel", "%A %-d %B at %H:%M"));
  g_autofree char *body = NULL;
  GtkWidget *entry = NULL;
  GtkWidget *reason = new_reason_entry (&entry);
  AdwMessageDialog *dialog;

  /* Translators: the first %s is the appointment's title, the second
   * when it is. */
  body = g_strdup_printf (_("“%s” on %s will be cancelled and its time becomes free again."),
                          terra_booking_get_title (booking), when);

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (_terra_calendar_view_get_parent_window (self),
                                                       _("Cancel Appointment?"), body));
  adw_message_dialog_add_responses (dialog,
                                    "keep", _("Keep Appointment"),
                                    "cancel-appointment", _("Cancel Appointment"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "cancel-appointment", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "keep");
  adw_message_dialog_set_close_response (dialog, "keep");
  adw_message_dialog_set_extra_child (dialog, reason);

  g_object_set_data_full (G_OBJECT (dialog), "booking", g_object_ref (booking), g_object_unref);
  g_object_set_data (G_OBJECT (dialog), "reason", entry);
  g_signal_connect_object (dialog, "response", G_CALLBACK (cancel_response_cb), self, 0);
  gtk_window_set_destroy_with_parent (GTK_WINDOW (dialog), TRUE);

  _terra_calendar_view_close_details (self);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
notes_saved_cb (TerraCalendarView   *self,
                TerraBookingDetails *details)
{
  _terra_calendar_view_add_toast (self, _("Notes saved"));
}

static void
details_error_cb (TerraCalendarView   *self,
                  const char          *message,
                  TerraBookingDetails *details)
{
  _terra_calendar_view_add_toast (self, message);
}

void
_terra_calendar_view_show_details (TerraCalendarView *self,
                                   TerraBooking      *booking,
                                   GtkWidget         *button)
{
  TerraAppointmentType *type;
  GtkWidget *details;
  graphene_rect_t bounds;

  if (self->details != NULL)
    {
      /* Closed now, unparented on idle. */
      GtkPopover *old = g_steal_pointer (&self->details);

      gtk_popover_popdown (old);
    }

  type = terra_calendar_data_lookup_type (self->data, terra_booking_get_appointment_type_id (booking));
  details = terra_booking_details_new (self->workspace, booking, type, self->data->zone);
  gtk_widget_set_parent (details, GTK_WIDGET (self));
  self->details = GTK_POPOVER (details);

  if (gtk_widget_compute_bounds (button, GTK_WIDGET (self), &bounds))
    gtk_popover_set_pointing_to (self->details,
                                 &(GdkRectangle) { bounds.origin.x, bounds.origin.y,
                                                   bounds.size.width, bounds.size.height });

  g_signal_connect_object (details, "closed", G_CALLBACK (details_closed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (details, "reschedule", G_CALLBACK (reschedule_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (details, "cancel", G_CALLBACK (cancel_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (details, "notes-saved", G_CALLBACK (notes_saved_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (details, "error", G_CALLBACK (details_error_cb), self, G_CONNECT_SWAPPED);

  gtk_popover_popup (self->details);
}

void
_terra_calendar_view_booking_activated_cb (TerraCalendarView *self,
                                           TerraBooking      *booking,
                                           GtkWidget         *button,
                                           TerraCalendarGrid *grid)
{
  _terra_calendar_view_show_details (self, booking, button);
}
