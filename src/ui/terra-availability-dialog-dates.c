/* terra-availability-dialog-dates.c — the Opening Hours page: special
 * dates, holidays and days with hours of their own
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A special date is picked in a popover (a calendar, closed or special
 * hours, a note) and saved at once with terra_store_set_day_override(),
 * which replaces whatever the date had; removing one saves at once too.
 */

#define G_LOG_DOMAIN "terra-availability"

#include "config.h"

#include <glib/gi18n.h>

#include "terra-availability-dialog-private.h"

/* A date that differs from the week, as the store was told. */
typedef struct
{
  GDate     date;
  gboolean  closed;        /* closed all day; else open in the range below */
  int       start_minute;
  int       end_minute;
  char     *note;
} DayOverride;

static void
day_override_clear (DayOverride *override)
{
  g_clear_pointer (&override->note, g_free);
}

static int
compare_overrides (gconstpointer a,
                   gconstpointer b)
{
  return g_date_compare (&((const DayOverride *)a)->date, &((const DayOverride *)b)->date);
}

static char *
format_date (const GDate *date)
{
  g_autoptr(GDateTime) time = g_date_time_new_local (g_date_get_year (date),
                                                     g_date_get_month (date),
                                                     g_date_get_day (date),
                                                     12, 0, 0);

  /* Translators: a special date, as in "Friday, 25 December 2026"; see
   * g_date_time_format() for the codes. */
  return g_date_time_format (time, _("%A, %-d %B %Y"));
}

static void rebuild_overrides (TerraAvailabilityDialog *self);

static void
remove_override_clicked_cb (GtkButton               *button,
                            TerraAvailabilityDialog *self)
{
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "override-index"));
  TerraStore *store = terra_workspace_get_store (self->workspace);
  g_autoptr(GError) error = NULL;
  DayOverride *override;

  g_return_if_fail (index < self->overrides->len);
  override = &g_array_index (self->overrides, DayOverride, index);

  if (!terra_store_clear_day_override (store, &override->date, &error))
    {
      _terra_availability_dialog_toast (self, error->message);
      return;
    }

  g_array_remove_index (self->overrides, index);
  rebuild_overrides (self);
  _terra_availability_dialog_toast (self, _("Special date removed"));
}

static GtkWidget *
override_row_new (TerraAvailabilityDialog *self,
                  guint                    index)
{
  DayOverride *override = &g_array_index (self->overrides, DayOverride, index);
  g_autofree char *title = format_date (&override->date);
  g_autofree char *hours = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *remove_label = NULL;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *button = gtk_button_new_from_icon_name ("user-trash-symbolic");

  if (override->closed)
    hours = g_strdup (_("Closed all day"));
  else
    {
      g_autofree char *range = _terra_format_range (override->start_minute, override->end_minute);

      /* Translators: the hours of a special date, "Open 10:00–14:00". */
      hours = g_strdup_printf (_("Open %s"), range);
    }

  if (override->note != NULL && *override->note != '\0')
    subtitle = g_strdup_printf ("%s · %s", hours, override->note);
  else
    subtitle = g_steal_pointer (&hours);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);

  /* Translators: removes a special date, "Remove Friday, 25 December 2026". */
  remove_label = g_strdup_printf (_("Remove %s"), title);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, remove_label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, remove_label, -1);
  g_object_set_data (G_OBJECT (button), "override-index", GUINT_TO_POINTER (index));
  g_signal_connect (button, "clicked", G_CALLBACK (remove_override_clicked_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);

  return row;
}

static void
rebuild_overrides (TerraAvailabilityDialog *self)
{
  GtkListBoxRow *row;

  while ((row = gtk_list_box_get_row_at_index (self->overrides_list, 0)) != NULL)
    gtk_list_box_remove (self->overrides_list, GTK_WIDGET (row));

  for (guint i = 0; i < self->overrides->len; i++)
    gtk_list_box_append (self->overrides_list, override_row_new (self, i));
}

/* Reads the popover's fields; FALSE with a message when they are wrong. */
static gboolean
read_override (TerraAvailabilityDialog  *self,
               DayOverride              *override,
               char                    **message)
{
  g_autoptr(GDateTime) picked = gtk_calendar_get_date (self->override_calendar);
  gboolean start_ok;
  gboolean end_ok;

  g_date_clear (&override->date, 1);
  g_date_set_dmy (&override->date,
                  g_date_time_get_day_of_month (picked),
                  g_date_time_get_month (picked),
                  g_date_time_get_year (picked));
  override->closed = gtk_switch_get_active (self->override_closed_switch);
  override->note = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->override_note_entry))));

  start_ok = _terra_parse_time (gtk_editable_get_text (GTK_EDITABLE (self->override_start_entry)),
                                FALSE, &override->start_minute);
  end_ok = _terra_parse_time (gtk_editable_get_text (GTK_EDITABLE (self->override_end_entry)),
                              TRUE, &override->end_minute);

  _terra_availability_dialog_mark_invalid (GTK_WIDGET (self->override_start_entry),
                                           !override->closed && !start_ok);
  _terra_availability_dialog_mark_invalid (GTK_WIDGET (self->override_end_entry),
                                           !override->closed && (!end_ok ||
                                                                 (start_ok && override->end_minute <= override->start_minute)));
  if (override->closed)
    return TRUE;

  if (!start_ok || !end_ok)
    {
      *message = g_strdup (_("Write the times as HH:MM, such as 09:30."));
      return FALSE;
    }
  if (override->end_minute <= override->start_minute)
    {
      *message = g_strdup (_("The hours end before they start."));
      return FALSE;
    }

  return TRUE;
}

static void
override_changed_cb (TerraAvailabilityDialog *self)
{
  DayOverride override = { 0 };
  g_autofree char *message = NULL;
  gboolean valid;

  gtk_widget_set_sensitive (self->override_hours_box,
                            !gtk_switch_get_active (self->override_closed_switch));

  valid = read_override (self, &override, &message);
  _terra_availability_dialog_show_error (self->override_error_label, message);
  gtk_widget_set_sensitive (GTK_WIDGET (self->override_add_button), valid);
  day_override_clear (&override);
}

static void
override_popover_show_cb (TerraAvailabilityDialog *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) tomorrow = g_date_time_add_days (now, 1);

  gtk_calendar_select_day (self->override_calendar, tomorrow);
  gtk_switch_set_active (self->override_closed_switch, TRUE);
  gtk_editable_set_text (GTK_EDITABLE (self->override_note_entry), "");
  override_changed_cb (self);
}

static void
override_add_clicked_cb (TerraAvailabilityDialog *self)
{
  TerraStore *store = terra_workspace_get_store (self->workspace);
  DayOverride override = { 0 };
  TerraOpeningRange range = { 0 };
  g_autofree char *message = NULL;
  g_autoptr(GError) error = NULL;

  if (!read_override (self, &override, &message))
    {
      _terra_availability_dialog_show_error (self->override_error_label, message);
      day_override_clear (&override);
      return;
    }

  range.weekday = g_date_get_weekday (&override.date);
  range.start_minute = override.start_minute;
  range.end_minute = override.end_minute;

  if (!terra_store_set_day_override (store, &override.date,
                                     override.closed ? NULL : &range, override.closed ? 0 : 1,
                                     override.note, &error))
    {
      _terra_availability_dialog_show_error (self->override_error_label, error->message);
      day_override_clear (&override);
      return;
    }

  /* The store replaced what the date had; so does the list. */
  for (guint i = 0; i < self->overrides->len; i++)
    if (g_date_compare (&g_array_index (self->overrides, DayOverride, i).date, &override.date) == 0)
      {
        g_array_remove_index (self->overrides, i);
        break;
      }
  g_array_append_val (self->overrides, override);
  g_array_sort (self->overrides, compare_overrides);
  rebuild_overrides (self);

  gtk_popover_popdown (self->override_popover);
  _terra_availability_dialog_toast (self, _("Special date added"));
}

/* Shows the special dates already saved, from today on. */
void
_terra_availability_dialog_dates_load (TerraAvailabilityDialog *self)
{
  TerraStore *store = terra_workspace_get_store (self->workspace);
  g_autoptr(GPtrArray) saved = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  GDate from, to;

  g_date_clear (&from, 1);
  g_date_set_dmy (&from, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                  g_date_time_get_year (now));
  to = from;
  g_date_add_years (&to, 10);

  saved = terra_store_list_day_overrides (store, &from, &to, &error);
  if (saved == NULL)
    {
      _terra_availability_dialog_show_error (self->override_error_label, error->message);
      return;
    }

  g_array_set_size (self->overrides, 0);
  for (guint i = 0; i < saved->len; i++)
    {
      const TerraDayOverride *day = g_ptr_array_index (saved, i);
      DayOverride override = { day->date, day->closed, day->start_minute, day->end_minute, g_strdup (day->note) };

      if (g_date_valid (&day->date))
        g_array_append_val (self->overrides, override);
      else
        day_override_clear (&override);
    }
  rebuild_overrides (self);
}

void
_terra_availability_dialog_dates_init (TerraAvailabilityDialog *self)
{
  GtkWidget *placeholder;

  self->overrides = g_array_new (FALSE, TRUE, sizeof (DayOverride));
  g_array_set_clear_func (self->overrides, (GDestroyNotify)day_override_clear);

  placeholder = gtk_label_new (_("No special dates"));
  gtk_widget_add_css_class (placeholder, "dim-label");
  gtk_widget_add_css_class (placeholder, "list-placeholder");
  gtk_list_box_set_placeholder (self->overrides_list, placeholder);
}

void
_terra_availability_dialog_dates_finalize (TerraAvailabilityDialog *self)
{
  g_clear_pointer (&self->overrides, g_array_unref);
}

void
_terra_availability_dialog_dates_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_child (widget_class, TerraAvailabilityDialog, override_popover);
  gtk_widget_class_bind_template_child (widget_class, TerraAvailabilityDialog, override_calendar);
  gtk_widget_class_bind_template_child (widget_class, TerraAvailabilityDialog, override_closed_switch);
  gtk_widget_class_bind_template_child (widget_class, TerraAvailabilityDialog, override_hours_box);
  gtk_widget_class_bind_template_child (widget_class, TerraAvailabilityDialog, override_start_entry);
  gtk_widget_class_bind_template_child (widget_class, TerraAvailabilityDialog, override_end_entry);
  gtk_widget_class_bind_template_child (widget_class, TerraAvailabilityDialog, override_note_entry);
  gtk_widget_class_bind_template_child (widget_class, TerraAvailabilityDialog, override_error_label);
  gtk_widget_class_bind_template_child (widget_class, TerraAvailabilityDialog, override_add_button);
  gtk_widget_class_bind_template_child (widget_class, TerraAvailabilityDialog, overrides_list);
  gtk_widget_class_bind_template_callback (widget_class, override_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, override_popover_show_cb);
  gtk_widget_class_bind_template_callback (widget_class, override_add_clicked_cb);
}
