/* terra-booking-details.c — the details card of an appointment
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The card saves the notes itself (one update of a fresh copy of the
 * booking, so a failed write leaves nothing changed, not even in memory)
 * and asks its owner, through signals, to reschedule or cancel: those
 * open dialogs of their own.
 */

#define G_LOG_DOMAIN "terra-calendar"

#include "config.h"

#include <glib/gi18n.h>

#include "terra-booking-details.h"
#include "terra-calendar-data.h"

struct _TerraBookingDetails
{
  GtkPopover      parent_instance;

  /* Template widgets */
  GtkLabel       *title_label;
  GtkLabel       *source_badge;
  GtkLabel       *status_badge;
  GtkLabel       *contact_label;
  GtkLabel       *phone_label;
  GtkLabel       *date_label;
  GtkLabel       *time_label;
  GtkLabel       *type_label;
  GtkWidget      *location_icon;
  GtkLabel       *location_label;
  GtkWidget      *reason_icon;
  GtkLabel       *reason_label;
  GtkTextView    *notes_view;
  GtkWidget      *actions_box;

  /* Owned */
  TerraWorkspace *workspace;
  TerraBooking   *booking;
  char           *saved_notes;
};

G_DEFINE_FINAL_TYPE (TerraBookingDetails, terra_booking_details, GTK_TYPE_POPOVER)

enum {
  RESCHEDULE,
  CANCEL,
  NOTES_SAVED,
  ERROR,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static char *
notes_text (TerraBookingDetails *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->notes_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
notes_changed_cb (TerraBookingDetails *self,
                  GtkTextBuffer       *buffer)
{
  g_autofree char *text = notes_text (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "details.save-notes",
                                 g_strcmp0 (g_strstrip (text), self->saved_notes) != 0);
}

static void
save_notes_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  TerraBookingDetails *self = TERRA_BOOKING_DETAILS (widget);
  TerraStore *store = terra_workspace_get_store (self->workspace);
  g_autoptr(TerraBooking) fresh = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = notes_text (self);

  g_strstrip (text);

  fresh = terra_store_get (store, TERRA_TYPE_BOOKING, terra_booking_get_id (self->booking), &error);
  if (fresh != NULL)
    {
      terra_booking_set_notes (fresh, text);
      terra_store_update (store, fresh, &error);
    }

  if (error != NULL)
    {
      g_signal_emit (self, signals[ERROR], 0, error->message);
      return;
    }

  g_free (self->saved_notes);
  self->saved_notes = g_steal_pointer (&text);
  gtk_widget_action_set_enabled (widget, "details.save-notes", FALSE);
  g_signal_emit (self, signals[NOTES_SAVED], 0);
}

static void
reschedule_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  g_signal_emit (widget, signals[RESCHEDULE], 0);
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  g_signal_emit (widget, signals[CANCEL], 0);
}

static void
show_optional (GtkLabel   *label,
               GtkWidget  *icon,
               const char *text)
{
  gboolean shown = text != NULL && *text != '\0';

  gtk_label_set_label (label, shown ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (label), shown);
  if (icon != NULL)
    gtk_widget_set_visible (icon, shown);
}

static void
show_contact (TerraBookingDetails *self)
{
  g_autoptr(TerraContact) contact = NULL;
  const char * const *phones;
  const char *name = NULL;

  contact = terra_store_get (terra_workspace_get_store (self->workspace), TERRA_TYPE_CONTACT,
                             terra_booking_get_contact_id (self->booking), NULL);
  if (contact != NULL && *terra_contact_get_name (contact) != '\0')
    name = terra_contact_get_name (contact);

  gtk_label_set_label (self->contact_label, name != NULL ? name : _("Unnamed contact"));

  phones = contact != NULL ? terra_contact_get_phones (contact) : NULL;
  show_optional (self->phone_label, NULL, phones != NULL ? phones[0] : NULL);
}

static void
show_when (TerraBookingDetails *self,
           GTimeZone           *zone)
{
  g_autoptr(GDateTime) start = terra_calendar_utc_to_local (zone, terra_booking_get_start_utc (self->booking));
  /* Translators: see g_date_time_format(). */
  g_autofree char *date = g_date_time_format (start, C_("day", "%A, %-d %B %Y"));
  g_autofree char *span = terra_calendar_format_span (zone, terra_booking_get_start_utc (self->booking),
                                                      terra_booking_get_end_utc (self->booking));

  gtk_label_set_label (self->date_label, date);
  gtk_label_set_label (self->time_label, span);
}

static void
show_type (TerraBookingDetails  *self,
           TerraAppointmentType *type)
{
  g_autofree char *text = NULL;

  if (type != NULL)
    /* Translators: an appointment type and its length, "Site visit · 60 min". */
    text = g_strdup_printf (_("%s · %d min"), terra_appointment_type_get_name (type),
                            terra_appointment_type_get_duration_minutes (type));
  gtk_label_set_label (self->type_label, text != NULL ? text : _("No appointment type"));
}

static void
show_status (TerraBookingDetails *self)
{
  TerraBookingSource source = terra_booking_get_source (self->booking);
  TerraBookingStatus status = terra_booking_get_status (self->booking);
  const char *reason = terra_booking_get_cancel_reason (self->booking);
  g_autofree char *reason_text = NULL;

  gtk_label_set_label (self->source_badge, terra_calendar_source_name (source));
  gtk_widget_add_css_class (GTK_WIDGET (self->source_badge),
                            source == TERRA_BOOKING_SOURCE_ASSISTANT ? "assistant" : "manual");

  gtk_label_set_label (self->status_badge, terra_calendar_status_name (status));
  if (status == TERRA_BOOKING_STATUS_CANCELLED)
    gtk_widget_add_css_class (GTK_WIDGET (self->status_badge), "cancelled");

  if (status == TERRA_BOOKING_STATUS_CANCELLED && reason != NULL && *reason != '\0')
    /* Translators: why an appointment was cancelled. */
    reason_text = g_strdup_printf (_("Cancelled: %s"), reason);
  show_optional (self->reason_label, self->reason_icon, reason_text);

  /* Only a confirmed appointment can be moved or cancelled. */
  gtk_widget_set_visible (self->actions_box, status == TERRA_BOOKING_STATUS_CONFIRMED);
}

static void
show_booking (TerraBookingDetails  *self,
              TerraAppointmentType *type,
              GTimeZone            *zone)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->notes_view);
  g_autofree char *description = NULL;

  gtk_label_set_label (self->title_label, terra_booking_get_title (self->booking));
  show_contact (self);
  show_when (self, zone);
  show_type (self, type);
  show_optional (self->location_label, self->location_icon, terra_booking_get_location (self->booking));
  show_status (self);

  self->saved_notes = g_strstrip (g_strdup (terra_booking_get_notes (self->booking)));
  gtk_text_buffer_set_text (buffer, self->saved_notes, -1);
  g_signal_connect_object (buffer, "changed", G_CALLBACK (notes_changed_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "details.save-notes", FALSE);

  /* Translators: the details card of an appointment, for a screen
   * reader; %s is its title. */
  description = g_strdup_printf (_("Appointment details: %s"), terra_booking_get_title (self->booking));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, description,
                                  -1);
}

static void
terra_booking_details_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), TERRA_TYPE_BOOKING_DETAILS);

  G_OBJECT_CLASS (terra_booking_details_parent_class)->dispose (object);
}

static void
terra_booking_details_finalize (GObject *object)
{
  TerraBookingDetails *self = (TerraBookingDetails *)object;

  g_clear_object (&self->workspace);
  g_clear_object (&self->booking);
  g_clear_pointer (&self->saved_notes, g_free);

  G_OBJECT_CLASS (terra_booking_details_parent_class)->finalize (object);
}

static void
terra_booking_details_class_init (TerraBookingDetailsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = terra_booking_details_dispose;
  object_class->finalize = terra_booking_details_finalize;

  /**
   * TerraBookingDetails::reschedule:
   *
   * The owner wants to move the appointment.
   */
  signals[RESCHEDULE] = g_signal_new ("reschedule", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                      0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  /**
   * TerraBookingDetails::cancel:
   *
   * The owner wants to cancel the appointment (after a confirmation).
   */
  signals[CANCEL] = g_signal_new ("cancel", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  /**
   * TerraBookingDetails::notes-saved:
   *
   * The notes were written to the workspace.
   */
  signals[NOTES_SAVED] = g_signal_new ("notes-saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                       0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  /**
   * TerraBookingDetails::error:
   * @message: what went wrong, for a person
   *
   * Saving the notes failed; nothing was changed.
   */
  signals[ERROR] = g_signal_new ("error", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/terrasales/Terra/ui/terra-booking-details.ui");
  gtk_widget_class_bind_template_child (widget_class, TerraBookingDetails, title_label);
  gtk_widget_class_bind_template_child (widget_class, TerraBookingDetails, source_badge);
  gtk_widget_class_bind_template_child (widget_class, TerraBookingDetails, status_badge);
  gtk_widget_class_bind_template_child (widget_class, TerraBookingDetails, contact_label);
  gtk_widget_class_bind_template_child (widget_class, TerraBookingDetails, phone_label);
  gtk_widget_class_bind_template_child (widget_class, TerraBookingDetails, date_label);
  gtk_widget_class_bind_template_child (widget_class, TerraBookingDetails, time_label);
  gtk_widget_class_bind_template_child (widget_class, TerraBookingDetails, type_label);
  gtk_widget_class_bind_template_child (widget_class, TerraBookingDetails, location_icon);
  gtk_widget_class_bind_template_child (widget_class, TerraBookingDetails, location_label);
  gtk_widget_class_bind_template_child (widget_class, TerraBookingDetails, reason_icon);
  gtk_widget_class_bind_template_child (widget_class, TerraBookingDetails, reason_label);
  gtk_widget_class_bind_template_child (widget_class, TerraBookingDetails, notes_view);
  gtk_widget_class_bind_template_child (widget_class, TerraBookingDetails, actions_box);

  gtk_widget_class_install_action (widget_class, "details.save-notes", NULL, save_notes_action);
  gtk_widget_class_install_action (widget_class, "details.reschedule", NULL, reschedule_action);
  gtk_widget_class_install_action (widget_class, "details.cancel", NULL, cancel_action);
}

static void
terra_booking_details_init (TerraBookingDetails *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * terra_booking_details_new:
 * @type: (nullable): the appointment's type, if it still exists
 * @zone: the business time zone
 *
 * Returns: a card showing @booking, to be given a parent and popped up
 */
GtkWidget *
terra_booking_details_new (TerraWorkspace       *workspace,
                           TerraBooking         *booking,
                           TerraAppointmentType *type,
                           GTimeZone            *zone)
{
  TerraBookingDetails *self;

  g_return_val_if_fail (TERRA_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (TERRA_IS_BOOKING (booking), NULL);
  g_return_val_if_fail (type == NULL || TERRA_IS_APPOINTMENT_TYPE (type), NULL);
  g_return_val_if_fail (zone != NULL, NULL);

  self = g_object_new (TERRA_TYPE_BOOKING_DETAILS, NULL);
  self->workspace = g_object_ref (workspace);
  self->booking = g_object_ref (booking);
  show_booking (self, type, zone);

  return GTK_WIDGET (self);
}

/* Returns (transfer none) the appointment shown. */
TerraBooking *
terra_booking_details_get_booking (TerraBookingDetails *self)
{
  g_return_val_if_fail (TERRA_IS_BOOKING_DETAILS (self), NULL);

  return self->booking;
}
