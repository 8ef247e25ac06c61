/* terra-availability-dialog-rules.c — the Booking Rules page: notice,
 * horizon, daily maximum, slot step, reminders and the time zone
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each field is one workspace setting, saved when it changes. Every value
 * goes through terra_setting_keys_parse() first, the same rules as
 * `terra --set`, so the dialog cannot store what the command line would
 * refuse; a refused value is marked and explained, and not saved.
 */

#define G_LOG_DOMAIN "terra-availability"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "terra-availability-dialog-private.h"
#include "terra-setting-keys.h"

/* The positions in the notice unit drop-down. */
enum {
  UNIT_MINUTES,
  UNIT_HOURS,
};

static const char *
key_for_spin (TerraAvailabilityDialog *self,
              GtkSpinButton           *spin)
{
  if (spin == self->notice_spin)
    return "booking.min_notice_minutes";
  if (spin == self->horizon_spin)
    return "booking.horizon_days";
  if (spin == self->max_per_day_spin)
    return "booking.max_per_day";
  if (spin == self->slot_spin)
    return "booking.slot_minutes";
  if (spin == self->reminder_spin)
    return "calendar.reminder_minutes";

  g_return_val_if_reached (NULL);
}

/* The rules' messages speak to `terra --set` users and may start with the
 * key; here the row already says which setting it is. */
static const char *
strip_key (const char *message,
           const char *key)
{
  gsize length = strlen (key);

  if (strncmp (message, key, length) == 0 && message[length] == ':' && message[length + 1] == ' ')
    return message + length + 2;
  return message;
}

/* Validates @text for @key and stores it. On failure @widget is marked and
 * the reason shown; returns whether it was saved. */
static gboolean
save_setting (TerraAvailabilityDialog *self,
              const char              *key,
              const char              *text,
              GtkWidget               *widget)
{
  TerraStore *store = terra_workspace_get_store (self->workspace);
  g_autoptr(JsonNode) value = NULL;
  g_autoptr(GError) error = NULL;

  value = terra_setting_keys_parse (key, text, &error);
  if (value == NULL || !terra_store_set_setting (store, key, value, &error))
    {
      _terra_availability_dialog_mark_invalid (widget, TRUE);
      _terra_availability_dialog_show_error (self->rules_error_label, strip_key (error->message, key));
      return FALSE;
    }

  _terra_availability_dialog_mark_invalid (widget, FALSE);
  _terra_availability_dialog_show_error (self->rules_error_label, NULL);
  return TRUE;
}

static int
notice_minutes (TerraAvailabilityDialog *self)
{
  int value = gtk_spin_button_get_value_as_int (self->notice_spin);

  if (gtk_drop_down_get_selected (self->notice_unit_dropdown) == UNIT_HOURS)
    return value * 60;
  return value;
}

static void
set_notice_unit (TerraAvailabilityDialog *self,
                 guint                    unit,
                 int                      minutes)
{
  GtkAdjustment *adjustment = gtk_spin_button_get_adjustment (self->notice_spin);
  const TerraSettingKey *definition = terra_setting_keys_lookup ("booking.min_notice_minutes");
  gint64 maximum = definition != NULL ? definition->maximum : 43200;

  if (unit == UNIT_HOURS)
    {
      gtk_adjustment_configure (adjustment, (minutes + 30) / 60, 0, (double)(maximum / 60), 1, 6, 0);
    }
  else
    {
      gtk_adjustment_configure (adjustment, minutes, 0, (double)maximum, 15, 60, 0);
    }
}

static void
notice_changed_cb (TerraAvailabilityDialog *self,
                   GtkSpinButton           *spin)
{
  g_autofree char *text = NULL;

  if (self->loading)
    return;

  text = g_strdup_printf ("%d", notice_minutes (self));
  save_setting (self, "booking.min_notice_minutes", text, GTK_WIDGET (self->notice_spin));
}

static void
notice_unit_changed_cb (TerraAvailabilityDialog *self,
                        GParamSpec              *pspec,
                        GtkDropDown             *dropdown)
{
  guint unit = gtk_drop_down_get_selected (dropdown);
  int minutes = gtk_spin_button_get_value_as_int (self->notice_spin);

  if (self->loading)
    return;

  /* The spin button still shows the old unit. */
  if (unit == UNIT_MINUTES)
    minutes *= 60;

  self->loading = TRUE;
  set_notice_unit (self, unit, minutes);
  self->loading = FALSE;

  notice_changed_cb (self, self->notice_spin);
}

static void
rule_changed_cb (TerraAvailabilityDialog *self,
                 GtkSpinButton           *spin)
{
  g_autofree char *text = NULL;

  if (self->loading)
    return;

  text = g_strdup_printf ("%d", gtk_spin_button_get_value_as_int (spin));
  save_setting (self, key_for_spin (self, spin), text, GTK_WIDGET (spin));
}

static void
timezone_changed_cb (TerraAvailabilityDialog *self,
                     GtkEditable             *editable)
{
  g_autofree char *text = NULL;
  g_autoptr(JsonNode) value = NULL;
  g_autoptr(GError) error = NULL;

  if (self->loading)
    return;

  /* Checked as typed, saved on Enter or when the entry is left. */
  text = g_strstrip (g_strdup (gtk_editable_get_text (editable)));
  value = terra_setting_keys_parse ("business.timezone", text, &error);
  _terra_availability_dialog_mark_invalid (GTK_WIDGET (editable), value == NULL);
  _terra_availability_dialog_show_error (self->rules_error_label,
                                         value == NULL ? strip_key (error->message, "business.timezone") : NULL);
}

static void
save_timezone (TerraAvailabilityDialog *self)
{
  TerraStore *store = terra_workspace_get_store (self->workspace);
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->timezone_entry))));
  g_autofree char *stored = terra_store_get_setting_string (store, "business.timezone");

  /* Leaving the entry because the dialog closes is not an edit. */
  if (gtk_widget_in_destruction (GTK_WIDGET (self)))
    return;

  if (g_strcmp0 (text, stored != NULL ? stored : "") == 0)
    return;

  if (save_setting (self, "business.timezone", text, GTK_WIDGET (self->timezone_entry)))
    {
      _terra_availability_dialog_hours_update_zone (self);
      _terra_availability_dialog_toast (self, _("Time zone saved"));
    }
}

static void
timezone_activate_cb (TerraAvailabilityDialog *self,
                      GtkEntry                *entry)
{
  save_timezone (self);
}

static void
timezone_focus_leave_cb (GtkEventControllerFocus *controller,
                         TerraAvailabilityDialog *self)
{
  save_timezone (self);
}

static void
load_spin (TerraAvailabilityDialog *self,
           GtkSpinButton           *spin)
{
  TerraStore *store = terra_workspace_get_store (self->workspace);

  gtk_spin_button_set_value (spin, (double)terra_store_get_setting_int (store, key_for_spin (self, spin)));
}

/* Fills the fields with the workspace's settings. */
void
_terra_availability_dialog_rules_load (TerraAvailabilityDialog *self)
{
  TerraStore *store = terra_workspace_get_store (self->workspace);
  g_autofree char *zone = terra_store_get_setting_string (store, "business.timezone");
  g_autoptr(GTimeZone) local = g_time_zone_new_local ();
  GtkEventController *focus;
  gint64 notice;
  guint unit;

  g_assert (self->loading);

  notice = terra_store_get_setting_int (store, "booking.min_notice_minutes");
  unit = notice > 0 && notice % 60 == 0 ? UNIT_HOURS : UNIT_MINUTES;
  gtk_drop_down_set_selected (self->notice_unit_dropdown, unit);
  set_notice_unit (self, unit, (int)notice);

  load_spin (self, self->horizon_spin);
  load_spin (self, self->max_per_day_spin);
  load_spin (self, self->slot_spin);
  load_spin (self, self->reminder_spin);

  gtk_editable_set_text (GTK_EDITABLE (self->timezone_entry), zone != NULL ? zone : "");
  gtk_entry_set_placeholder_text (self->timezone_entry, g_time_zone_get_identifier (local));

  focus = gtk_event_controller_focus_new ();
  g_signal_connect_object (focus, "leave", G_CALLBACK (timezone_focus_leave_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self->timezone_entry), focus);
}

void
_terra_availability_dialog_rules_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_child (widget_class, TerraAvailabilityDialog, notice_spin);
  gtk_widget_class_bind_template_child (widget_class, TerraAvailabilityDialog, notice_unit_dropdown);
  gtk_widget_class_bind_template_child (widget_class, TerraAvailabilityDialog, horizon_spin);
  gtk_widget_class_bind_template_child (widget_class, TerraAvailabilityDialog, max_per_day_spin);
  gtk_widget_class_bind_template_child (widget_class, TerraAvailabilityDialog, slot_spin);
  gtk_widget_class_bind_template_child (widget_class, TerraAvailabilityDialog, reminder_spin);
  gtk_widget_class_bind_template_child (widget_class, TerraAvailabilityDialog, timezone_entry);
  gtk_widget_class_bind_template_child (widget_class, TerraAvailabilityDialog, rules_error_label);
  gtk_widget_class_bind_template_callback (widget_class, notice_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, notice_unit_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, rule_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, timezone_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, timezone_activate_cb);
}
