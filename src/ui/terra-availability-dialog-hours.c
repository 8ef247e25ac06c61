/* terra-availability-dialog-hours.c — the Opening Hours page: the weekly
 * hours
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The week is edited as a whole and saved as a whole: every change is
 * checked where it is typed (a time that is not one, a range that ends
 * before it starts, two ranges of a day that overlap), the offending
 * entries turn red and say why, and Save stays off until everything is
 * right. terra_store_set_opening_hours() then replaces the week in one
 * transaction, so nothing is ever saved half-valid.
 *
 * Special dates are in terra-availability-dialog-dates.c.
 */

#define G_LOG_DOMAIN "terra-availability"

#include "config.h"

#include <glib/gi18n.h>

#include "terra-availability-dialog-private.h"

/* The hours a day gets when it is switched on. */
#define DEFAULT_OPEN_MINUTE  (9 * 60)
#define DEFAULT_CLOSE_MINUTE (17 * 60)

typedef struct _DayHours DayHours;

/* One opening range of a day: a row with two times and a remove button. */
typedef struct
{
  DayHours  *day;            /* borrowed: the day owns its ranges */
  GtkWidget *row;            /* owned by the expander row */
  GtkEntry  *start_entry;
  GtkEntry  *end_entry;
  GtkButton *remove_button;
} RangeRow;

struct _DayHours
{
  TerraAvailabilityDialog *dialog;   /* borrowed: the dialog owns its days */
  int                      weekday;  /* ISO: 1 = Monday */
  char                    *name;
  AdwExpanderRow          *expander;
  GtkSwitch               *open_switch;
  GtkWidget               *add_row;  /* owned: moved below each new range */
  GtkButton               *add_button;
  GPtrArray               *ranges;   /* RangeRow */
};

/* A range as typed, for checking. */
typedef struct
{
  RangeRow *range;
  int       start;
  int       end;
} TypedRange;

static void validate (TerraAvailabilityDialog *self);

static void
day_hours_free (DayHours *day)
{
  g_clear_pointer (&day->ranges, g_ptr_array_unref);
  g_clear_object (&day->add_row);
  g_free (day->name);
  g_free (day);
}

/* Monday to Sunday in the user's language: 2024-01-01 was a Monday. */
static char *
weekday_name (int weekday)
{
  g_autoptr(GDateTime) day = g_date_time_new_local (2024, 1, weekday, 12, 0, 0);

  return g_date_time_format (day, "%A");
}

static void
mark_dirty (TerraAvailabilityDialog *self)
{
  if (self->loading)
    return;

  self->hours_dirty = TRUE;
  validate (self);
}

/* The entries' accessible names say which day and range they belong to,
 * so they are renumbered whenever a range comes or goes. */
static void
update_range_labels (DayHours *day)
{
  for (guint i = 0; i < day->ranges->len; i++)
    {
      RangeRow *range = g_ptr_array_index (day->ranges, i);
      g_autofree char *from = NULL;
      g_autofree char *until = NULL;
      g_autofree char *remove = NULL;

      /* Translators: "Monday, hours 1: from", read by screen readers for
       * the opening time of a day's first range. */
      from = g_strdup_printf (_("%s, hours %u: from"), day->name, i + 1);
      /* Translators: the closing time of a day's range. */
      until = g_strdup_printf (_("%s, hours %u: until"), day->name, i + 1);
      /* Translators: a button that removes one of a day's opening ranges. */
      remove = g_strdup_printf (_("Remove %s hours %u"), day->name, i + 1);

      gtk_accessible_update_property (GTK_ACCESSIBLE (range->start_entry),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, from, -1);
      gtk_accessible_update_property (GTK_ACCESSIBLE (range->end_entry),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, until, -1);
      gtk_accessible_update_property (GTK_ACCESSIBLE (range->remove_button),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, remove, -1);
      gtk_widget_set_tooltip_text (GTK_WIDGET (range->remove_button), remove);
    }
}

static void
range_entry_changed_cb (GtkEditable *editable,
                        RangeRow    *range)
{
  mark_dirty (range->day->dialog);
}

static void
remove_range (RangeRow *range)
{
  DayHours *day = range->day;

  adw_expander_row_remove (day->expander, range->row);
  g_ptr_array_remove (day->ranges, range);
  update_range_labels (day);

  /* A day without hours is a closed day, not an open one with none. */
  if (day->ranges->len == 0)
    gtk_switch_set_active (day->open_switch, FALSE);
  else
    gtk_widget_grab_focus (GTK_WIDGET (day->add_button));
}

static void
remove_range_clicked_cb (GtkButton *button,
                         RangeRow  *range)
{
  TerraAvailabilityDialog *self = range->day->dialog;

  remove_range (range);
  mark_dirty (self);
}

static GtkEntry *
time_entry_new (int         minute,
                const char *tooltip)
{
  GtkWidget *entry = gtk_entry_new ();
  g_autofree char *text = _terra_format_time (minute);

  gtk_editable_set_text (GTK_EDITABLE (entry), text);
  gtk_editable_set_width_chars (GTK_EDITABLE (entry), 5);
  gtk_editable_set_max_width_chars (GTK_EDITABLE (entry), 5);
  gtk_editable_set_alignment (GTK_EDITABLE (entry), 0.5);
  gtk_entry_set_max_length (GTK_ENTRY (entry), 5);
  gtk_entry_set_input_purpose (GTK_ENTRY (entry), GTK_INPUT_PURPOSE_DIGITS);
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), "09:00");
  gtk_widget_set_valign (entry, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (entry, tooltip);
  gtk_widget_add_css_class (entry, "time-entry");

  return GTK_ENTRY (entry);
}

static RangeRow *
add_range (DayHours *day,
           int       start_minute,
           int       end_minute)
{
  RangeRow *range = g_new0 (RangeRow, 1);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *dash = gtk_label_new ("–");

  range->day = day;
  range->start_entry = time_entry_new (start_minute, _("Opening time, as HH:MM"));
  range->end_entry = time_entry_new (end_minute, _("Closing time, as HH:MM"));
  range->remove_button = GTK_BUTTON (gtk_button_new_from_icon_name ("user-trash-symbolic"));
  gtk_widget_set_valign (GTK_WIDGET (range->remove_button), GTK_ALIGN_CENTER);
  gtk_widget_set_hexpand (GTK_WIDGET (range->remove_button), TRUE);
  gtk_widget_set_halign (GTK_WIDGET (range->remove_button), GTK_ALIGN_END);
  gtk_widget_add_css_class (GTK_WIDGET (range->remove_button), "flat");
  gtk_widget_add_css_class (GTK_WIDGET (range->remove_button), "circular");
  gtk_accessible_update_property (GTK_ACCESSIBLE (dash),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("to"), -1);

  gtk_box_append (GTK_BOX (box), GTK_WIDGET (range->start_entry));
  gtk_box_append (GTK_BOX (box), dash);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (range->end_entry));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (range->remove_button));
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 6);
  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);
  gtk_widget_add_css_class (box, "time-range");

  range->row = gtk_list_box_row_new ();
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (range->row), FALSE);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (range->row), box);

  g_signal_connect (range->start_entry, "changed", G_CALLBACK (range_entry_changed_cb), range);
  g_signal_connect (range->end_entry, "changed", G_CALLBACK (range_entry_changed_cb), range);
  g_signal_connect (range->remove_button, "clicked", G_CALLBACK (remove_range_clicked_cb), range);

  /* The Add Hours row stays last. */
  adw_expander_row_remove (day->expander, day->add_row);
  adw_expander_row_add_row (day->expander, range->row);
  adw_expander_row_add_row (day->expander, day->add_row);

  g_ptr_array_add (day->ranges, range);
  update_range_labels (day);

  return range;
}

/* A new range starts an hour after the day's last one ends, when the day
 * has room for it. */
static void
add_hours_clicked_cb (GtkButton *button,
                      DayHours  *day)
{
  int start = DEFAULT_OPEN_MINUTE;
  int end = DEFAULT_CLOSE_MINUTE;
  RangeRow *range;

  for (guint i = 0; i < day->ranges->len; i++)
    {
      RangeRow *last = g_ptr_array_index (day->ranges, i);
      int last_end;

      if (_terra_parse_time (gtk_editable_get_text (GTK_EDITABLE (last->end_entry)), TRUE, &last_end) &&
          last_end + 60 < 24 * 60)
        {
          start = MAX (start, last_end + 60);
          end = MIN (start + 4 * 60, 24 * 60);
        }
    }

  range = add_range (day, start, end);
  gtk_widget_grab_focus (GTK_WIDGET (range->start_entry));
  mark_dirty (day->dialog);
}

static void
open_switch_changed_cb (GtkSwitch  *open_switch,
                        GParamSpec *pspec,
                        DayHours   *day)
{
  gboolean open = gtk_switch_get_active (open_switch);

  if (day->dialog->loading)
    return;

  if (open && day->ranges->len == 0)
    add_range (day, DEFAULT_OPEN_MINUTE, DEFAULT_CLOSE_MINUTE);
  adw_expander_row_set_expanded (day->expander, open);

  mark_dirty (day->dialog);
}

static DayHours *
day_hours_new (TerraAvailabilityDialog *self,
               int                      weekday)
{
  DayHours *day = g_new0 (DayHours, 1);
  GtkWidget *content;
  g_autofree char *open_label = NULL;
  g_autofree char *add_label = NULL;

  day->dialog = self;
  day->weekday = weekday;
  day->name = weekday_name (weekday);
  day->ranges = g_ptr_array_new_with_free_func (g_free);

  day->expander = ADW_EXPANDER_ROW (adw_expander_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (day->expander), day->name);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (day->expander), FALSE);

  /* Translators: the switch that opens or closes a weekday, e.g. "Open on Monday". */
  open_label = g_strdup_printf (_("Open on %s"), day->name);
  day->open_switch = GTK_SWITCH (gtk_switch_new ());
  gtk_widget_set_valign (GTK_WIDGET (day->open_switch), GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (GTK_WIDGET (day->open_switch), open_label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (day->open_switch),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, open_label, -1);
  adw_expander_row_add_action (day->expander, GTK_WIDGET (day->open_switch));
  g_object_bind_property (day->open_switch, "active",
                          day->expander, "enable-expansion",
                          G_BINDING_SYNC_CREATE);
  g_signal_connect (day->open_switch, "notify::active", G_CALLBACK (open_switch_changed_cb), day);

  /* Translators: a button adding opening hours to a weekday, e.g. "Add hours on Monday". */
  add_label = g_strdup_printf (_("Add hours on %s"), day->name);
  /* The content takes no part in the accessible name, which says the day. */
  content = g_object_new (GTK_TYPE_BOX,
                          "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION,
                          "spacing", 6,
                          NULL);
  gtk_box_append (GTK_BOX (content), gtk_image_new_from_icon_name ("list-add-symbolic"));
  gtk_box_append (GTK_BOX (content), gtk_label_new (_("Add Hours")));
  day->add_button = GTK_BUTTON (gtk_button_new ());
  gtk_button_set_child (day->add_button, content);
  gtk_widget_set_halign (GTK_WIDGET (day->add_button), GTK_ALIGN_START);
  gtk_widget_add_css_class (GTK_WIDGET (day->add_button), "flat");
  gtk_widget_set_tooltip_text (GTK_WIDGET (day->add_button), add_label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (day->add_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, add_label, -1);
  g_signal_connect (day->add_button, "clicked", G_CALLBACK (add_hours_clicked_cb), day);

  day->add_row = g_object_ref_sink (gtk_list_box_row_new ());
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (day->add_row), FALSE);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (day->add_row), GTK_WIDGET (day->add_button));
  gtk_widget_add_css_class (day->add_row, "add-hours-row");
  adw_expander_row_add_row (day->expander, day->add_row);

  adw_preferences_group_add (self->hours_group, GTK_WIDGET (day->expander));

  return day;
}

static int
compare_typed (gconstpointer a,
               gconstpointer b)
{
  const TypedRange *ta = a;
  const TypedRange *tb = b;

  return ta->start != tb->start ? ta->start - tb->start : ta->end - tb->end;
}

/* Adds "Monday: <problem>" as a line of @problems; the day's row shows
 * its first problem itself. */
static void
add_problem (GString     *problems,
             char       **first_problem,
             DayHours    *day,
             const char  *problem)
{
  /* Translators: a problem with a day's hours, "Monday: 12:00–15:00 overlaps 09:00–13:00." */
  g_string_append_printf (problems, _("%s: %s"), day->name, problem);
  g_string_append_c (problems, '\n');

  if (*first_problem == NULL)
    *first_problem = g_strdup (problem);
}

/* Checks one day, marks what is wrong, adds a line per problem to
 * @problems and sets the row's summary. Returns whether all is right. */
static gboolean
validate_day (DayHours *day,
              GString  *problems)
{
  g_autoptr(GArray) typed = g_array_new (FALSE, FALSE, sizeof (TypedRange));
  g_autoptr(GPtrArray) summary = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *summary_text = NULL;
  gboolean open = gtk_switch_get_active (day->open_switch);
  gboolean valid = TRUE;
  g_autofree char *first_problem = NULL;

  for (guint i = 0; i < day->ranges->len; i++)
    {
      RangeRow *range = g_ptr_array_index (day->ranges, i);
      const char *start_text = gtk_editable_get_text (GTK_EDITABLE (range->start_entry));
      const char *end_text = gtk_editable_get_text (GTK_EDITABLE (range->end_entry));
      TypedRange parsed = { range, 0, 0 };
      gboolean start_ok = _terra_parse_time (start_text, FALSE, &parsed.start);
      gboolean end_ok = _terra_parse_time (end_text, TRUE, &parsed.end);

      _terra_availability_dialog_mark_invalid (GTK_WIDGET (range->start_entry), open && !start_ok);
      _terra_availability_dialog_mark_invalid (GTK_WIDGET (range->end_entry), open && !end_ok);

      if (!open)
        continue;

      if (!start_ok || !end_ok)
        {
          g_autofree char *problem = NULL;

          problem = g_strdup_printf (_("“%s” is not a time. Write it as HH:MM, such as 09:30."),
                                     !start_ok ? start_text : end_text);
          add_problem (problems, &first_problem, day, problem);
          valid = FALSE;
        }
      else if (parsed.end <= parsed.start)
        {
          g_autofree char *text = _terra_format_range (parsed.start, parsed.end);

          g_autofree char *problem = NULL;

          /* Translators: "13:00–09:00 ends before it starts." */
          problem = g_strdup_printf (_("%s ends before it starts."), text);
          add_problem (problems, &first_problem, day, problem);
          _terra_availability_dialog_mark_invalid (GTK_WIDGET (range->end_entry), TRUE);
          valid = FALSE;
        }
      else
        {
          g_array_append_val (typed, parsed);
        }
    }

  g_array_sort (typed, compare_typed);
  for (guint i = 0; i < typed->len; i++)
    {
      TypedRange *current = &g_array_index (typed, TypedRange, i);

      g_ptr_array_add (summary, _terra_format_range (current->start, current->end));

      for (guint j = 0; j < i; j++)
        {
          TypedRange *earlier = &g_array_index (typed, TypedRange, j);

          if (current->start < earlier->end)
            {
              g_autofree char *this_text = _terra_format_range (current->start, current->end);
              g_autofree char *other_text = _terra_format_range (earlier->start, earlier->end);

              g_autofree char *problem = NULL;

              /* Translators: "12:00–15:00 overlaps 09:00–13:00." */
              problem = g_strdup_printf (_("%s overlaps %s."), this_text, other_text);
              add_problem (problems, &first_problem, day, problem);
              _terra_availability_dialog_mark_invalid (GTK_WIDGET (current->range->start_entry), TRUE);
              _terra_availability_dialog_mark_invalid (GTK_WIDGET (earlier->range->end_entry), TRUE);
              valid = FALSE;
              break;
            }
        }
    }

  if (!open)
    summary_text = g_strdup (_("Closed"));
  else if (!valid)
    summary_text = g_steal_pointer (&first_problem);
  else
    {
      g_ptr_array_add (summary, NULL);
      summary_text = g_strjoinv (", ", (char **)summary->pdata);
    }
  adw_expander_row_set_subtitle (day->expander, summary_text);

  if (open && !valid)
    gtk_widget_add_css_class (GTK_WIDGET (day->expander), "invalid-day");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (day->expander), "invalid-day");

  return valid;
}

static gboolean
validate_week (TerraAvailabilityDialog *self,
               GString                 *problems)
{
  gboolean valid = TRUE;

  for (guint i = 0; i < self->days->len; i++)
    valid &= validate_day (g_ptr_array_index (self->days, i), problems);

  return valid;
}

static void
validate (TerraAvailabilityDialog *self)
{
  g_autoptr(GString) problems = g_string_new (NULL);
  gboolean valid = validate_week (self, problems);

  g_strchomp (problems->str);
  _terra_availability_dialog_show_error (self->hours_error_label, problems->str);
  gtk_widget_set_sensitive (GTK_WIDGET (self->save_hours_button), valid && self->hours_dirty);
}

/* Whether the weekly hours as shown could be saved. */
gboolean
_terra_availability_dialog_hours_can_save (TerraAvailabilityDialog *self)
{
  g_autoptr(GString) problems = g_string_new (NULL);

  return validate_week (self, problems);
}

/* Saves the week in one go; on failure nothing is saved and the reason is
 * shown. Returns whether it was saved. */
gboolean
_terra_availability_dialog_hours_save (TerraAvailabilityDialog *self)
{
  TerraStore *store = terra_workspace_get_store (self->workspace);
  g_autoptr(GArray) ranges = g_array_new (FALSE, FALSE, sizeof (TerraOpeningRange));
  g_autoptr(GError) error = NULL;

  if (!_terra_availability_dialog_hours_can_save (self))
    {
      validate (self);
      return FALSE;
    }

  for (guint i = 0; i < self->days->len; i++)
    {
      DayHours *day = g_ptr_array_index (self->days, i);

      if (!gtk_switch_get_active (day->open_switch))
        continue;

      for (guint j = 0; j < day->ranges->len; j++)
        {
          RangeRow *range = g_ptr_array_index (day->ranges, j);
          TerraOpeningRange opening = { day->weekday, 0, 0 };

          _terra_parse_time (gtk_editable_get_text (GTK_EDITABLE (range->start_entry)), FALSE,
                             &opening.start_minute);
          _terra_parse_time (gtk_editable_get_text (GTK_EDITABLE (range->end_entry)), TRUE,
                             &opening.end_minute);
          g_array_append_val (ranges, opening);
        }
    }

  if (!terra_store_set_opening_hours (store, (TerraOpeningRange *)(gpointer)ranges->data, ranges->len, &error))
    {
      _terra_availability_dialog_show_error (self->hours_error_label, error->message);
      _terra_availability_dialog_toast (self, _("The opening hours were not saved"));
      return FALSE;
    }

  /* Show the hours as saved: "9" becomes "09:00". */
  self->loading = TRUE;
  for (guint i = 0; i < self->days->len; i++)
    {
      DayHours *day = g_ptr_array_index (self->days, i);

      for (guint j = 0; j < day->ranges->len; j++)
        {
          RangeRow *range = g_ptr_array_index (day->ranges, j);
          int minute;

          if (_terra_parse_time (gtk_editable_get_text (GTK_EDITABLE (range->start_entry)), FALSE, &minute))
            {
              g_autofree char *text = _terra_format_time (minute);
              gtk_editable_set_text (GTK_EDITABLE (range->start_entry), text);
            }
          if (_terra_parse_time (gtk_editable_get_text (GTK_EDITABLE (range->end_entry)), TRUE, &minute))
            {
              g_autofree char *text = _terra_format_time (minute);
              gtk_editable_set_text (GTK_EDITABLE (range->end_entry), text);
            }
        }
    }
  self->loading = FALSE;

  self->hours_dirty = FALSE;
  validate (self);
  _terra_availability_dialog_toast (self, _("Opening hours saved"));
  return TRUE;
}

static void
save_hours_clicked_cb (TerraAvailabilityDialog *self,
                       GtkButton               *button)
{
  _terra_availability_dialog_hours_save (self);
}

/* Names the business time zone the hours are in. */
void
_terra_availability_dialog_hours_update_zone (TerraAvailabilityDialog *self)
{
  TerraStore *store = terra_workspace_get_store (self->workspace);
  g_autoptr(GTimeZone) zone = terra_store_get_time_zone (store);
  const char *zone_name = g_time_zone_get_identifier (zone);
  g_autofree char *description = NULL;

  /* Translators: the description of the weekly hours; %s is a time zone such as Asia/Kolkata. */
  description = g_strdup_printf (_("When leads can book, in the business time zone (%s). "
                                   "Switch a day on to open it; a day can have several ranges."),
                                 zone_name);
  adw_preferences_group_set_description (self->hours_group, description);
}

/* Loads the weekly hours into the day rows. */
void
_terra_availability_dialog_hours_load (TerraAvailabilityDialog *self)
{
  TerraStore *store = terra_workspace_get_store (self->workspace);
  g_autoptr(GArray) hours = NULL;
  g_autoptr(GError) error = NULL;

  _terra_availability_dialog_hours_update_zone (self);

  hours = terra_store_get_opening_hours (store, &error);
  if (hours == NULL)
    {
      _terra_availability_dialog_show_error (self->hours_error_label, error->message);
      return;
    }

  for (guint i = 0; i < hours->len; i++)
    {
      const TerraOpeningRange *range = &g_array_index (hours, TerraOpeningRange, i);
      DayHours *day;

      if (range->weekday < 1 || range->weekday > 7)
        continue;

      day = g_ptr_array_index (self->days, range->weekday - 1);
      add_range (day, range->start_minute, range->end_minute);
      gtk_switch_set_active (day->open_switch, TRUE);
    }

  /* Enabling expansion expands a row; the week opens folded, one line a
   * day with its hours in the subtitle. */
  for (guint i = 0; i < self->days->len; i++)
    adw_expander_row_set_expanded (((DayHours *)g_ptr_array_index (self->days, i))->expander, FALSE);

  self->hours_dirty = FALSE;
  validate (self);
}

void
_terra_availability_dialog_hours_init (TerraAvailabilityDialog *self)
{
  self->days = g_ptr_array_new_with_free_func ((GDestroyNotify)day_hours_free);
  for (int weekday = 1; weekday <= 7; weekday++)
    g_ptr_array_add (self->days, day_hours_new (self, weekday));

}

void
_terra_availability_dialog_hours_finalize (TerraAvailabilityDialog *self)
{
  g_clear_pointer (&self->days, g_ptr_array_unref);
}

void
_terra_availability_dialog_hours_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_child (widget_class, TerraAvailabilityDialog, hours_group);
  gtk_widget_class_bind_template_child (widget_class, TerraAvailabilityDialog, save_hours_button);
  gtk_widget_class_bind_template_child (widget_class, TerraAvailabilityDialog, hours_error_label);
  gtk_widget_class_bind_template_callback (widget_class, save_hours_clicked_cb);
}
