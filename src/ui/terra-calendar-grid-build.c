/* terra-calendar-grid-build.c — the children of the Calendar's grid: an
 * appointment, free time, a busy time, a day, an hour; where each goes
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Bookings, busy times and free slots are first placed on the days shown
 * (split at midnight, free slots merged into ranges of free time), then
 * each gets its widget, in time order within its day so that Tab and a
 * screen reader go through a day from morning to evening. Overlapping
 * blocks share their column in lanes.
 */

#define G_LOG_DOMAIN "terra-calendar"

#include "config.h"

#include <glib/gi18n.h>

#include "terra-calendar-chip.h"
#include "terra-calendar-grid-private.h"

static void
placed_clear (Placed *placed)
{
  g_clear_pointer (&placed->starts, g_array_unref);
}

/* Texts */

/* Returns (transfer full) what a screen reader says of an appointment:
 * "Site visit — Kavya Nair, Tue 24 Nov 14:00 – 15:00, AI scheduled". */
char *
terra_calendar_grid_describe_booking (TerraBooking *booking,
                                      GTimeZone    *zone)
{
  g_autoptr(GDateTime) start = NULL;
  g_autofree char *day = NULL;
  g_autofree char *span = NULL;
  TerraBookingStatus status;

  g_return_val_if_fail (TERRA_IS_BOOKING (booking), NULL);
  g_return_val_if_fail (zone != NULL, NULL);

  start = terra_calendar_utc_to_local (zone, terra_booking_get_start_utc (booking));
  /* Translators: the day of an appointment, "Tue 24 Nov"; see
   * g_date_time_format(). */
  day = g_date_time_format (start, C_("booking", "%a %-d %b"));
  span = terra_calendar_format_span (zone, terra_booking_get_start_utc (booking),
                                     terra_booking_get_end_utc (booking));
  status = terra_booking_get_status (booking);

  if (status != TERRA_BOOKING_STATUS_CONFIRMED)
    /* Translators: an appointment for a screen reader: its title, day,
     * time, who booked it and its status. */
    return g_strdup_printf (C_("booking", "%s, %s %s, %s, %s"),
                            terra_booking_get_title (booking), day, span,
                            terra_calendar_source_name (terra_booking_get_source (booking)),
                            terra_calendar_status_name (status));

  /* Translators: an appointment for a screen reader: its title, day,
   * time and who booked it. */
  return g_strdup_printf (C_("booking", "%s, %s %s, %s"),
                          terra_booking_get_title (booking), day, span,
                          terra_calendar_source_name (terra_booking_get_source (booking)));
}

static void
set_accessible_label (GtkWidget  *widget,
                      const char *label)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (widget),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
}

/* Children */

static GridItem *
add_item (TerraCalendarGrid *self,
          ItemKind           kind,
          GtkWidget         *widget,
          int                day)
{
  GridItem item = { kind, widget, day, 0, 0, 0, 1, NULL, NULL };

  gtk_widget_set_parent (widget, GTK_WIDGET (self));
  g_array_append_val (self->items, item);
  return &g_array_index (self->items, GridItem, self->items->len - 1);
}

/* Returns (transfer none) the bookkeeping of child @widget, or NULL. */
GridItem *
_terra_calendar_grid_find_item (TerraCalendarGrid *self,
                                GtkWidget         *widget)
{
  for (guint i = 0; i < self->items->len; i++)
    {
      GridItem *item = &g_array_index (self->items, GridItem, i);

      if (item->widget == widget)
        return item;
    }

  return NULL;
}

static void
booking_clicked_cb (TerraCalendarGrid *self,
                    GtkButton         *button)
{
  GridItem *item = _terra_calendar_grid_find_item (self, GTK_WIDGET (button));

  if (item != NULL && item->booking != NULL)
    g_signal_emit_by_name (self, "booking-activated", item->booking, button);
}

/* The text of an appointment's block: its time and title, and in the day
 * view, with the room there is, its span, source and place. */
static char *
booking_markup (TerraCalendarGrid *self,
                TerraBooking      *booking)
{
  gint64 start = terra_booking_get_start_utc (booking);
  g_autofree char *escaped = g_markup_escape_text (terra_booking_get_title (booking), -1);

  if (self->period.mode == TERRA_CALENDAR_MODE_DAY)
    {
      g_autofree char *span = terra_calendar_format_span (self->data->zone, start,
                                                          terra_booking_get_end_utc (booking));
      g_autofree char *location = g_markup_escape_text (terra_booking_get_location (booking), -1);

      return g_strdup_printf ("<b>%s</b>\n<small>%s · %s%s%s</small>", escaped, span,
                              terra_calendar_source_name (terra_booking_get_source (booking)),
                              *location != '\0' ? " · " : "", location);
    }
  else
    {
      g_autofree char *time = terra_calendar_format_time (self->data->zone, start);

      return g_strdup_printf ("<b>%s</b> %s", time, escaped);
    }
}

static GtkWidget *
new_booking_widget (TerraCalendarGrid *self,
                    TerraBooking      *booking)
{
  g_autofree char *markup = booking_markup (self, booking);
  g_autofree char *description = terra_calendar_grid_describe_booking (booking, self->data->zone);
  gboolean cancelled = terra_booking_get_status (booking) == TERRA_BOOKING_STATUS_CANCELLED;
  GtkWidget *chip;
  gint64 lines;

  /* A block wraps to as many lines as its length surely holds (an hour
   * is at least MIN_HOUR_HEIGHT high), the last one ellipsized. */
  lines = (terra_booking_get_end_utc (booking) - terra_booking_get_start_utc (booking))
          / (WRAP_MINUTES * G_TIME_SPAN_MINUTE);
  chip = terra_calendar_chip_new (markup, is_month (self) ? 1 : (int)CLAMP (lines, 1, 48), cancelled);

  gtk_widget_add_css_class (chip, "calendar-booking");
  gtk_widget_add_css_class (chip,
                            terra_booking_get_source (booking) == TERRA_BOOKING_SOURCE_ASSISTANT
                            ? "assistant" : "manual");
  if (cancelled)
    gtk_widget_add_css_class (chip, "cancelled");
  set_accessible_label (chip, description);

  g_signal_connect_object (chip, "clicked", G_CALLBACK (booking_clicked_cb), self, G_CONNECT_SWAPPED);
  return chip;
}

static void
day_clicked_cb (TerraCalendarGrid *self,
                GtkButton         *button)
{
  GridItem *item = _terra_calendar_grid_find_item (self, GTK_WIDGET (button));
  GDate date = self->period.first_day;

  if (item == NULL)
    return;

  g_date_add_days (&date, item->day);
  g_signal_emit_by_name (self, "day-activated", g_date_get_julian (&date));
}

static GtkWidget *
new_day_widget (TerraCalendarGrid *self,
                int                day,
                guint              n_bookings)
{
  GDate date = self->period.first_day;
  GtkWidget *button;
  g_autofree char *text = NULL;
  g_autofree char *full = NULL;
  g_autofree char *description = NULL;

  g_date_add_days (&date, day);

  if (is_month (self))
    /* Translators: a day's number in a month cell; see g_date_time_format(). */
    text = terra_calendar_format_date (&date, C_("month cell", "%-d"));
  else if (self->period.mode == TERRA_CALENDAR_MODE_WEEK)
    /* Translators: a day's header in the week view, "Mon 16"; see
     * g_date_time_format(). */
    text = terra_calendar_format_date (&date, C_("week header", "%a %-d"));
  else
    /* Translators: the day's header in the day view, "Saturday 28"; see
     * g_date_time_format(). */
    text = terra_calendar_format_date (&date, C_("day header", "%A %-d"));

  /* Translators: a day for a screen reader; see g_date_time_format(). */
  full = terra_calendar_format_date (&date, C_("day", "%A, %-d %B %Y"));
  if (is_month (self))
    description = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s, %u appointment", "%s, %u appointments",
                                                n_bookings),
                                   full, n_bookings);
  else
    description = g_strdup (full);

  button = gtk_button_new_with_label (text);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_add_css_class (button, is_month (self) ? "calendar-day-number" : "calendar-day-header");
  if (g_date_compare (&date, &self->today) == 0)
    gtk_widget_add_css_class (button, "today");
  if (is_month (self) && g_date_get_month (&date) != g_date_get_month (&self->period.anchor))
    gtk_widget_add_css_class (button, "other-month");
  set_accessible_label (button, description);

  g_signal_connect_object (button, "clicked", G_CALLBACK (day_clicked_cb), self, G_CONNECT_SWAPPED);
  return button;
}

static GtkWidget *
new_caption (const char *text,
             const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_widget_add_css_class (label, css_class);
  return label;
}

/* Placing bookings, busy times and free time on days */

static gboolean
booking_is_shown (TerraCalendarGrid *self,
                  TerraBooking      *booking)
{
  return self->show_cancelled ||
         terra_booking_get_status (booking) != TERRA_BOOKING_STATUS_CANCELLED;
}

/* Splits [start_utc, end_utc) into its pieces on each shown day. */
static void
place_span (TerraCalendarGrid *self,
            GArray            *out,
            ItemKind           kind,
            gint64             start_utc,
            gint64             end_utc,
            gpointer           object,
            gboolean           first_day_only)
{
  GTimeZone *zone = self->data->zone;
  GDate date;
  int day;

  terra_calendar_local_date (zone, start_utc, &date);
  day = g_date_days_between (&self->period.first_day, &date);

  for (; day < (int)self->period.n_days; day++, g_date_add_days (&date, 1))
    {
      gint64 midnight = terra_calendar_local_to_utc (zone, &date, 0);
      gint64 next = terra_calendar_local_to_utc (zone, &date, 24 * 60);
      gint64 from = MAX (start_utc, midnight);
      gint64 to = MIN (end_utc, next);
      g_autoptr(GDateTime) local_from = NULL;
      g_autoptr(GDateTime) local_to = NULL;
      Placed placed = { kind, day, 0, 24 * 60, start_utc, end_utc, object, NULL };

      if (from >= end_utc)
        break;
      if (day < 0 || from >= to)
        continue;

      local_from = terra_calendar_utc_to_local (zone, from);
      placed.start = g_date_time_get_hour (local_from) * 60 + g_date_time_get_minute (local_from);
      if (to < next)
        {
          local_to = terra_calendar_utc_to_local (zone, to);
          placed.end = g_date_time_get_hour (local_to) * 60 + g_date_time_get_minute (local_to);
        }
      placed.end = MAX (placed.end, placed.start + 1);
      g_array_append_val (out, placed);

      if (first_day_only)
        break;
    }
}

/* Free slots overlap each other (a one-hour visit may start every half
 * hour), so the ones that touch are merged into one range of free time. */
static void
place_free_slots (TerraCalendarGrid *self,
                  GArray            *out)
{
  GArray *slots = self->data->free_slots;
  g_autoptr(GArray) starts = NULL;
  gint64 range_start = 0;
  gint64 range_end = 0;

  for (guint i = 0; i <= slots->len; i++)
    {
      const TerraSlot *slot = i < slots->len ? &g_array_index (slots, TerraSlot, i) : NULL;
      GDate a, b;

      if (slot != NULL && starts != NULL && slot->start_utc <= range_end)
        {
          terra_calendar_local_date (self->data->zone, range_start, &a);
          terra_calendar_local_date (self->data->zone, slot->start_utc, &b);
          if (g_date_compare (&a, &b) == 0)
            {
              range_end = MAX (range_end, slot->end_utc);
              g_array_append_val (starts, slot->start_utc);
              continue;
            }
        }

      if (starts != NULL)
        {
          guint before = out->len;

          place_span (self, out, ITEM_FREE, range_start, range_end, NULL, TRUE);
          if (out->len > before)
            g_array_index (out, Placed, before).starts = g_steal_pointer (&starts);
          g_clear_pointer (&starts, g_array_unref);
        }

      if (slot != NULL)
        {
          starts = g_array_new (FALSE, FALSE, sizeof (gint64));
          g_array_append_val (starts, slot->start_utc);
          range_start = slot->start_utc;
          range_end = slot->end_utc;
        }
    }
}

static int
compare_placed (gconstpointer a,
                gconstpointer b)
{
  const Placed *pa = a;
  const Placed *pb = b;

  if (pa->day != pb->day)
    return pa->day - pb->day;
  if (pa->start != pb->start)
    return pa->start - pb->start;
  /* Busy and free time under the appointments that start with them. */
  return (int)pa->kind - (int)pb->kind;
}

static GArray *
place_everything (TerraCalendarGrid *self,
                  gboolean           with_busy)
{
  GArray *placed = g_array_new (FALSE, FALSE, sizeof (Placed));

  g_array_set_clear_func (placed, (GDestroyNotify)placed_clear);

  for (guint i = 0; i < self->data->bookings->len; i++)
    {
      TerraBooking *booking = g_ptr_array_index (self->data->bookings, i);

      if (booking_is_shown (self, booking))
        place_span (self, placed, ITEM_BOOKING, terra_booking_get_start_utc (booking),
                    terra_booking_get_end_utc (booking), booking, is_month (self));
    }

  if (with_busy)
    {
      for (guint i = 0; i < self->data->busy_times->len; i++)
        {
          TerraBusyTime *busy = g_ptr_array_index (self->data->busy_times, i);

          place_span (self, placed, ITEM_BUSY, busy->start_utc, busy->end_utc, busy, FALSE);
        }
      place_free_slots (self, placed);
    }

  g_array_sort (placed, compare_placed);
  return placed;
}

/* Month */

static void
build_month (TerraCalendarGrid *self)
{
  g_autoptr(GArray) placed = place_everything (self, FALSE);
  guint next = 0;

  for (guint column = 0; column < 7; column++)
    {
      GDate date = self->period.first_day;
      g_autofree char *name = NULL;
      GtkWidget *label;

      g_date_add_days (&date, column);
      /* Translators: a weekday over a column of the month; see
       * g_date_time_format(). */
      name = terra_calendar_format_date (&date, C_("month header", "%a"));
      label = new_caption (name, "calendar-weekday");
      gtk_accessible_update_property (GTK_ACCESSIBLE (label),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                      -1);
      add_item (self, ITEM_WEEKDAY, label, column);
    }

  for (int day = 0; day < (int)self->period.n_days; day++)
    {
      DayCell cell = { 0 };
      guint first = next;

      while (next < placed->len && g_array_index (placed, Placed, next).day == day)
        next++;

      cell.n_bookings = next - first;
      cell.day_item = self->items->len;
      add_item (self, ITEM_DAY, new_day_widget (self, day, cell.n_bookings), day);

      cell.first_chip = self->items->len;
      cell.n_chips = MIN (cell.n_bookings, MONTH_MAX_CHIPS);
      for (guint i = 0; i < cell.n_chips; i++)
        {
          Placed *p = &g_array_index (placed, Placed, first + i);
          GridItem *item = add_item (self, ITEM_BOOKING, new_booking_widget (self, p->object), day);

          item->booking = p->object;
        }

      g_array_append_val (self->cells, cell);
    }
}

/* Week and day */

static void
free_clicked_cb (TerraCalendarGrid *self,
                 GtkButton         *button)
{
  GridItem *item = _terra_calendar_grid_find_item (self, GTK_WIDGET (button));
  gint64 start;
  double y;
  int minute;

  if (item == NULL || item->starts == NULL || item->starts->len == 0)
    return;

  start = g_array_index (item->starts, gint64, 0);

  /* A click books the slot under the pointer; the keyboard books the
   * range's first. */
  if (self->pressed && gtk_widget_translate_coordinates (GTK_WIDGET (self), GTK_WIDGET (button),
                                                         self->press_x, self->press_y, NULL, &y) &&
      gtk_widget_contains (GTK_WIDGET (button), 1, y))
    {
      GDate date = self->period.first_day;
      gint64 at;

      minute = self->first_hour * 60 + (int)((self->press_y - self->header_height) * 60 / self->hour_height);
      g_date_add_days (&date, item->day);
      at = terra_calendar_local_to_utc (self->data->zone, &date, CLAMP (minute, 0, 24 * 60 - 1));

      for (guint i = 0; i < item->starts->len; i++)
        if (g_array_index (item->starts, gint64, i) <= at)
          start = g_array_index (item->starts, gint64, i);
    }
  self->pressed = FALSE;

  g_signal_emit_by_name (self, "free-slot-activated", start);
}

static GtkWidget *
new_free_widget (TerraCalendarGrid *self,
                 const Placed      *p)
{
  GtkWidget *button = gtk_button_new ();
  GtkWidget *label;
  g_autofree char *span = terra_calendar_format_span (self->data->zone, p->start_utc, p->end_utc);
  g_autofree char *text = NULL;
  g_autofree char *description = NULL;
  g_autoptr(GDateTime) local = terra_calendar_utc_to_local (self->data->zone, p->start_utc);
  g_autofree char *day = NULL;

  /* Translators: free time in the calendar, "Free 10:00 – 13:00". */
  text = g_strdup_printf (_("Free %s"), span);
  /* Translators: see g_date_time_format(). */
  day = g_date_time_format (local, C_("booking", "%a %-d %b"));
  /* Translators: a free time for a screen reader, "Free time, Tue 24 Nov
   * 10:00 – 13:00"; activating it books an appointment there. */
  description = g_strdup_printf (_("Free time, %s %s"), day, span);

  label = gtk_label_new (text);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_valign (label, GTK_ALIGN_START);
  gtk_button_set_child (GTK_BUTTON (button), label);
  gtk_widget_set_overflow (button, GTK_OVERFLOW_HIDDEN);
  gtk_widget_add_css_class (button, "calendar-free");
  set_accessible_label (button, description);

  g_signal_connect_object (button, "clicked", G_CALLBACK (free_clicked_cb), self, G_CONNECT_SWAPPED);
  return button;
}

static GtkWidget *
new_busy_widget (TerraCalendarGrid *self,
                 const Placed      *p)
{
  TerraBusyTime *busy = p->object;
  const char *summary = busy->summary != NULL && *busy->summary != '\0' ? busy->summary : _("Busy");
  g_autofree char *span = terra_calendar_format_span (self->data->zone, busy->start_utc, busy->end_utc);
  /* Translators: a time the owner is busy in another calendar, for a
   * screen reader: "Busy elsewhere: Dentist, 14:00 – 15:00". */
  g_autofree char *description = g_strdup_printf (_("Busy elsewhere: %s, %s"), summary, span);
  GtkWidget *label = gtk_label_new (summary);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_label_set_yalign (GTK_LABEL (label), 0.0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_overflow (label, GTK_OVERFLOW_HIDDEN);
  gtk_widget_add_css_class (label, "calendar-busy");
  set_accessible_label (label, description);
  g_object_set_data_full (G_OBJECT (label), "description", g_steal_pointer (&description), g_free);
  return label;
}

/* Side by side: overlapping appointments (and busy times, which should
 * not overlap them but may, being imported later) share their column in
 * lanes. Free time never overlaps either and keeps the whole column. */
static void
assign_lanes (GArray *items,
              guint   first,
              guint   last)
{
  g_autoptr(GArray) lane_ends = g_array_new (FALSE, FALSE, sizeof (int));
  guint cluster = first;
  int cluster_end = -1;

  for (guint i = first; i <= last; i++)
    {
      GridItem *item = i < last ? &g_array_index (items, GridItem, i) : NULL;
      guint lane;

      if (item != NULL && item->kind != ITEM_BOOKING && item->kind != ITEM_BUSY)
        continue;

      /* A cluster ends where nothing before overlaps: its items share
       * its number of lanes. */
      if (item == NULL || item->start >= cluster_end)
        {
          for (guint j = cluster; j < i; j++)
            g_array_index (items, GridItem, j).n_lanes = MAX (1, lane_ends->len);
          g_array_set_size (lane_ends, 0);
          cluster = i;
          cluster_end = -1;
        }
      if (item == NULL)
        break;

      for (lane = 0; lane < lane_ends->len; lane++)
        if (g_array_index (lane_ends, int, lane) <= item->start)
          break;
      if (lane == lane_ends->len)
        g_array_set_size (lane_ends, lane + 1);
      g_array_index (lane_ends, int, lane) = item->end;
      item->lane = lane;
      cluster_end = MAX (cluster_end, item->end);
    }
}

/* The hours shown: the opening hours of the days shown (special dates
 * included) and everything on them, with an hour of air around. */
static void
compute_hours (TerraCalendarGrid *self,
               GArray            *placed)
{
  int first = 24 * 60;
  int last = 0;

  for (guint day = 0; day < self->period.n_days; day++)
    {
      GDate date = self->period.first_day;
      g_autoptr(GArray) ranges = NULL;

      g_date_add_days (&date, day);
      ranges = terra_calendar_data_get_hours (self->data, &date);
      for (guint i = 0; i < ranges->len; i++)
        {
          first = MIN (first, g_array_index (ranges, TerraOpeningRange, i).start_minute);
          last = MAX (last, g_array_index (ranges, TerraOpeningRange, i).end_minute);
        }
    }

  for (guint i = 0; i < placed->len; i++)
    {
      first = MIN (first, g_array_index (placed, Placed, i).start);
      last = MAX (last, g_array_index (placed, Placed, i).end);
    }

  if (first >= last)
    {
      self->first_hour = DEFAULT_FIRST_HOUR;
      self->last_hour = DEFAULT_LAST_HOUR;
      return;
    }

  self->first_hour = MAX (0, first / 60 - 1);
  self->last_hour = MIN (24, (last + 59) / 60 + 1);
}

static void
build_timed (TerraCalendarGrid *self)
{
  g_autoptr(GArray) placed = place_everything (self, TRUE);
  guint next = 0;

  compute_hours (self, placed);

  for (guint day = 0; day < self->period.n_days; day++)
    add_item (self, ITEM_DAY, new_day_widget (self, day, 0), day);

  for (int hour = self->first_hour; hour < self->last_hour; hour++)
    {
      /* Translators: an hour in the calendar's margin; see
       * g_date_time_format(). */
      g_autoptr(GDateTime) time = g_date_time_new_utc (2000, 1, 1, hour, 0, 0);
      g_autofree char *text = g_date_time_format (time, C_("time", "%H:%M"));
      GtkWidget *label = new_caption (text, "calendar-hour");

      gtk_accessible_update_state (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);
      add_item (self, ITEM_HOUR, label, hour);
    }

  for (int day = 0; day < (int)self->period.n_days; day++)
    {
      guint first = self->items->len;

      for (; next < placed->len && g_array_index (placed, Placed, next).day == day; next++)
        {
          Placed *p = &g_array_index (placed, Placed, next);
          GtkWidget *widget;
          GridItem *item;

          widget = p->kind == ITEM_BOOKING ? new_booking_widget (self, p->object)
                   : p->kind == ITEM_FREE ? new_free_widget (self, p)
                   : new_busy_widget (self, p);
          item = add_item (self, p->kind, widget, day);
          item->start = CLAMP (p->start, self->first_hour * 60, self->last_hour * 60);
          item->end = CLAMP (p->end, item->start + 1, self->last_hour * 60);
          item->booking = p->kind == ITEM_BOOKING ? p->object : NULL;
          item->starts = g_steal_pointer (&p->starts);
        }

      assign_lanes (self->items, first, self->items->len);
    }
}

/* Builds the children of the period and data set on the grid. */
void
_terra_calendar_grid_build (TerraCalendarGrid *self)
{
  if (is_month (self))
    build_month (self);
  else
    build_timed (self);
}
