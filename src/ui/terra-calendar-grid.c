/* terra-calendar-grid.c — the month, week and day grid of the Calendar,
 * with every appointment a real, focusable child
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The grid draws only lines, tints and the "+N more" of a full day itself;
 * everything a person reads or clicks is a child widget placed by time in
 * size_allocate: appointments (buttons named for a screen reader with
 * their title, date, time and source), free time (buttons that book it),
 * imported busy times (labels), day numbers and headers (buttons that open
 * the day) and the hour labels. So the keyboard, the screen reader and the
 * UI tests reach each appointment like any button.
 *
 * A month cell shows what fits of its day; the rest is hidden with
 * gtk_widget_set_child_visible() during allocation (which queues no new
 * layout) and counted in the cell's "+N more". At most MONTH_MAX_CHIPS
 * appointments of a day get a widget at all: a busy month costs a few
 * hundred buttons, not one per appointment.
 */

#define G_LOG_DOMAIN "terra-calendar"

#include "config.h"

#include <glib/gi18n.h>

#include "terra-calendar-grid.h"

#define MONTH_MAX_CHIPS   6
#define MIN_COLUMN_WIDTH  36
#define MIN_DAY_WIDTH     200
#define MIN_MONTH_ROW     64
#define NAT_MONTH_ROW     104
#define MIN_HOUR_HEIGHT   40
#define NAT_HOUR_HEIGHT   48
#define GUTTER_WIDTH      56
#define PAD               4
#define CHIP_SPACING      2
#define MIN_BLOCK_HEIGHT  18
#define WRAP_MINUTES      30  /* a line of text, at MIN_HOUR_HEIGHT */
#define DEFAULT_FIRST_HOUR 8
#define DEFAULT_LAST_HOUR 18

typedef enum
{
  ITEM_WEEKDAY,  /* month: a weekday's name over its column */
  ITEM_DAY,      /* month: a day's number; week: a day's header */
  ITEM_HOUR,     /* week and day: an hour's label in the gutter */
  ITEM_BUSY,     /* an imported busy time */
  ITEM_FREE,     /* free time of the shown appointment type */
  ITEM_BOOKING,
} ItemKind;

typedef struct
{
  ItemKind      kind;
  GtkWidget    *widget;   /* the grid's child */
  int           day;      /* days since first_day; the column of a weekday; the hour of an hour */
  int           start;    /* minutes since the local midnight */
  int           end;
  int           lane;
  int           n_lanes;
  TerraBooking *booking;  /* borrowed from data */
  GArray       *starts;   /* gint64: the free slots' starts, for ITEM_FREE */
} GridItem;

/* A month cell: its appointments, and how many the last allocation showed. */
typedef struct
{
  guint day_item;
  guint first_chip;
  guint n_chips;
  guint n_bookings;
  guint n_shown;
} DayCell;

/* A booking, an imported busy time or a free range placed on one day. */
typedef struct
{
  ItemKind   kind;
  int        day;
  int        start;
  int        end;
  gint64     start_utc;
  gint64     end_utc;
  gpointer   object;      /* TerraBooking or TerraBusyTime, borrowed */
  GArray    *starts;      /* owned until handed to a GridItem */
} Placed;

struct _TerraCalendarGrid
{
  GtkWidget            parent_instance;

  TerraCalendarPeriod  period;
  TerraCalendarData   *data;
  gboolean             show_cancelled;
  GDate                today;
  GArray              *items;  /* GridItem */
  GArray              *cells;  /* DayCell, month only */
  int                  first_hour;
  int                  last_hour;

  /* From the last allocation, for snapshot and hit tests. */
  int                  header_height;
  double               hour_height;

  /* The last pointer press, to book the free slot under it. */
  gboolean             pressed;
  double               press_x;
  double               press_y;

  guint                tick_source;
};

G_DEFINE_FINAL_TYPE (TerraCalendarGrid, terra_calendar_grid, GTK_TYPE_WIDGET)

enum {
  BOOKING_ACTIVATED,
  FREE_SLOT_ACTIVATED,
  DAY_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
grid_item_clear (GridItem *item)
{
  g_clear_pointer (&item->starts, g_array_unref);
}

static void
placed_clear (Placed *placed)
{
  g_clear_pointer (&placed->starts, g_array_unref);
}

static gboolean
is_month (TerraCalendarGrid *self)
{
  return self->period.mode == TERRA_CALENDAR_MODE_MONTH;
}

static guint
n_columns (TerraCalendarGrid *self)
{
  return is_month (self) ? 7 : self->period.n_days;
}

static guint
n_rows (TerraCalendarGrid *self)
{
  return is_month (self) ? MAX (1, self->period.n_days / 7) : 1;
}

static int
gutter_width (TerraCalendarGrid *self)
{
  return is_month (self) ? 0 : GUTTER_WIDTH;
}

/* The left edge of column @i; the edges are rounded once so neighbouring
 * cells share them exactly. */
static int
column_x (TerraCalendarGrid *self,
          int                width,
          guint              i)
{
  int gutter = gutter_width (self);

  return gutter + (int)((double)i * (width - gutter) / n_columns (self));
}

static int
row_y (TerraCalendarGrid *self,
       int                height,
       guint              i)
{
  return self->header_height + (int)((double)i * (height - self->header_height) / n_rows (self));
}

static double
minute_y (TerraCalendarGrid *self,
          int                minute)
{
  return self->header_height + (minute - self->first_hour * 60) * self->hour_height / 60.0;
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

static void
remove_children (TerraCalendarGrid *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  g_array_set_size (self->items, 0);
  g_array_set_size (self->cells, 0);
}

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

static GridItem *
find_item (TerraCalendarGrid *self,
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
  GridItem *item = find_item (self, GTK_WIDGET (button));

  if (item != NULL && item->booking != NULL)
    g_signal_emit (self, signals[BOOKING_ACTIVATED], 0, item->booking, button);
}

static GtkWidget *
new_booking_widget (TerraCalendarGrid *self,
                    TerraBooking      *booking)
{
  GtkWidget *button = gtk_button_new ();
  GtkWidget *label = gtk_label_new (NULL);
  g_autofree char *time = terra_calendar_format_time (self->data->zone, terra_booking_get_start_utc (booking));
  g_autofree char *escaped = g_markup_escape_text (terra_booking_get_title (booking), -1);
  g_autofree char *markup = NULL;
  g_autofree char *description = terra_calendar_grid_describe_booking (booking, self->data->zone);
  gint64 lines;

  if (self->period.mode == TERRA_CALENDAR_MODE_DAY)
    {
      g_autofree char *span = terra_calendar_format_span (self->data->zone,
                                                          terra_booking_get_start_utc (booking),
                                                          terra_booking_get_end_utc (booking));
      g_autofree char *location = g_markup_escape_text (terra_booking_get_location (booking), -1);

      markup = g_strdup_printf ("<b>%s</b>\n<small>%s · %s%s%s</small>", escaped, span,
                                terra_calendar_source_name (terra_booking_get_source (booking)),
                                *location != '\0' ? " · " : "", location);
    }
  else
    markup = g_strdup_printf ("<b>%s</b> %s", time, escaped);

  gtk_label_set_markup (GTK_LABEL (label), markup);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_valign (label, GTK_ALIGN_START);
  /* A block shorter than two lines shows one: no wrapping to lay out.
   * A longer one wraps to as many lines as its length surely holds (an
   * hour is at least MIN_HOUR_HEIGHT high), the last one ellipsized. */
  lines = (terra_booking_get_end_utc (booking) - terra_booking_get_start_utc (booking)) / (WRAP_MINUTES * G_TIME_SPAN_MINUTE);
  if (!is_month (self) && lines >= 2)
    {
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
      gtk_label_set_lines (GTK_LABEL (label), lines);
    }
  else
    gtk_label_set_single_line_mode (GTK_LABEL (label), TRUE);

  gtk_button_set_child (GTK_BUTTON (button), label);
  gtk_widget_set_overflow (button, GTK_OVERFLOW_HIDDEN);
  gtk_widget_add_css_class (button, "calendar-booking");
  gtk_widget_add_css_class (button,
                            terra_booking_get_source (booking) == TERRA_BOOKING_SOURCE_ASSISTANT
                            ? "assistant" : "manual");
  if (terra_booking_get_status (booking) == TERRA_BOOKING_STATUS_CANCELLED)
    gtk_widget_add_css_class (button, "cancelled");
  set_accessible_label (button, description);

  g_signal_connect_object (button, "clicked", G_CALLBACK (booking_clicked_cb), self, G_CONNECT_SWAPPED);
  return button;
}

static void
day_clicked_cb (TerraCalendarGrid *self,
                GtkButton         *button)
{
  GridItem *item = find_item (self, GTK_WIDGET (button));
  GDate date = self->period.first_day;

  if (item == NULL)
    return;

  g_date_add_days (&date, item->day);
  g_signal_emit (self, signals[DAY_ACTIVATED], 0, g_date_get_julian (&date));
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
  GridItem *item = find_item (self, GTK_WIDGET (button));
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

  g_signal_emit (self, signals[FREE_SLOT_ACTIVATED], 0, start);
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

/* Side by side: overlapping appointments share their column in lanes. */
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

      if (item != NULL && item->kind != ITEM_BOOKING)
        continue;

      /* A cluster ends where nothing before overlaps: its items share
       * its number of lanes. */
      if (item == NULL || item->start >= cluster_end)
        {
          for (guint j = cluster; j < i; j++)
            if (g_array_index (items, GridItem, j).kind == ITEM_BOOKING)
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

/* The hours shown: the opening hours of the days shown and everything on
 * them, with an hour of air around. */
static void
compute_hours (TerraCalendarGrid *self,
               GArray            *placed)
{
  int first = 24 * 60;
  int last = 0;

  for (guint i = 0; i < self->data->opening_hours->len; i++)
    {
      const TerraOpeningRange *range = &g_array_index (self->data->opening_hours, TerraOpeningRange, i);

      for (guint day = 0; day < self->period.n_days; day++)
        {
          GDate date = self->period.first_day;

          g_date_add_days (&date, day);
          if ((int)g_date_get_weekday (&date) == range->weekday)
            {
              first = MIN (first, range->start_minute);
              last = MAX (last, range->end_minute);
            }
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

/* Focus survives a rebuild: the same appointment or day gets it back. */
typedef struct
{
  gint64 booking_id;
  int    julian;
} FocusMemo;

static FocusMemo
remember_focus (TerraCalendarGrid *self)
{
  FocusMemo memo = { 0, 0 };
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  GridItem *item;

  while (focus != NULL && gtk_widget_get_parent (focus) != GTK_WIDGET (self))
    focus = gtk_widget_get_parent (focus);
  if (focus == NULL || (item = find_item (self, focus)) == NULL)
    return memo;

  if (item->booking != NULL)
    memo.booking_id = terra_booking_get_id (item->booking);
  else if (item->kind == ITEM_DAY)
    {
      GDate date = self->period.first_day;

      g_date_add_days (&date, item->day);
      memo.julian = g_date_get_julian (&date);
    }

  return memo;
}

static void
restore_focus (TerraCalendarGrid *self,
               FocusMemo          memo)
{
  for (guint i = 0; i < self->items->len; i++)
    {
      GridItem *item = &g_array_index (self->items, GridItem, i);
      GDate date = self->period.first_day;

      g_date_add_days (&date, item->day);
      if ((memo.booking_id != 0 && item->booking != NULL &&
           terra_booking_get_id (item->booking) == memo.booking_id) ||
          (memo.julian != 0 && item->kind == ITEM_DAY && (int)g_date_get_julian (&date) == memo.julian))
        {
          gtk_widget_grab_focus (item->widget);
          return;
        }
    }
}

/**
 * terra_calendar_grid_show:
 * @data: a period and what happens in it
 * @show_cancelled: whether cancelled appointments are drawn (struck
 *   through) or left out
 *
 * Shows @data's period and what happens in it. The grid keeps a reference
 * to @data.
 */
void
terra_calendar_grid_show (TerraCalendarGrid *self,
                          TerraCalendarData *data,
                          gboolean           show_cancelled)
{
  FocusMemo memo;

  g_return_if_fail (TERRA_IS_CALENDAR_GRID (self));
  g_return_if_fail (data != NULL);

  memo = remember_focus (self);
  remove_children (self);

  self->period = data->period;
  self->show_cancelled = show_cancelled;
  g_clear_pointer (&self->data, terra_calendar_data_unref);
  self->data = terra_calendar_data_ref (data);
  terra_calendar_local_date (data->zone, g_get_real_time (), &self->today);
  self->pressed = FALSE;

  if (is_month (self))
    build_month (self);
  else
    build_timed (self);

  restore_focus (self, memo);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

/* Returns (transfer none) the button of appointment @booking_id, if shown. */
GtkWidget *
terra_calendar_grid_get_booking_widget (TerraCalendarGrid *self,
                                        gint64             booking_id)
{
  g_return_val_if_fail (TERRA_IS_CALENDAR_GRID (self), NULL);

  for (guint i = 0; i < self->items->len; i++)
    {
      GridItem *item = &g_array_index (self->items, GridItem, i);

      if (item->booking != NULL && terra_booking_get_id (item->booking) == booking_id)
        return item->widget;
    }

  return NULL;
}

/* Layout */

static int
header_height (TerraCalendarGrid *self)
{
  int height = 0;

  for (guint i = 0; i < self->items->len; i++)
    {
      GridItem *item = &g_array_index (self->items, GridItem, i);
      int min;

      if (item->kind != (is_month (self) ? ITEM_WEEKDAY : ITEM_DAY))
        continue;
      gtk_widget_measure (item->widget, GTK_ORIENTATION_VERTICAL, -1, &min, NULL, NULL, NULL);
      height = MAX (height, min);
      /* They are all alike: one measure is enough. */
      break;
    }

  return self->items->len > 0 ? height + 2 * PAD : 0;
}

static void
terra_calendar_grid_measure (GtkWidget      *widget,
                             GtkOrientation  orientation,
                             int             for_size,
                             int            *minimum,
                             int            *natural,
                             int            *minimum_baseline,
                             int            *natural_baseline)
{
  TerraCalendarGrid *self = TERRA_CALENDAR_GRID (widget);
  guint columns = n_columns (self);

  if (self->data == NULL)
    {
      *minimum = *natural = 0;
      return;
    }

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      int column = self->period.mode == TERRA_CALENDAR_MODE_DAY ? MIN_DAY_WIDTH : MIN_COLUMN_WIDTH;

      *minimum = gutter_width (self) + columns * column;
      *natural = gutter_width (self) + columns * MAX (column, 120);
    }
  else if (is_month (self))
    {
      *minimum = header_height (self) + n_rows (self) * MIN_MONTH_ROW;
      *natural = header_height (self) + n_rows (self) * NAT_MONTH_ROW;
    }
  else
    {
      int hours = self->last_hour - self->first_hour;

      *minimum = header_height (self) + hours * MIN_HOUR_HEIGHT;
      *natural = header_height (self) + hours * NAT_HOUR_HEIGHT;
    }
}

static void
allocate_child (GtkWidget *child,
                int        x,
                int        y,
                int        width,
                int        height)
{
  GtkAllocation allocation = { x, y, MAX (width, 1), MAX (height, 1) };

  gtk_widget_set_child_visible (child, TRUE);
  gtk_widget_size_allocate (child, &allocation, -1);
}

/* The height @child asks for at @width. */
static int
child_height (GtkWidget *child,
              int        width)
{
  int min;

  gtk_widget_measure (child, GTK_ORIENTATION_VERTICAL, width, &min, NULL, NULL, NULL);
  return min;
}

static void
allocate_month_cell (TerraCalendarGrid *self,
                     DayCell           *cell,
                     int                x,
                     int                y,
                     int                width,
                     int                height)
{
  GtkWidget *day = g_array_index (self->items, GridItem, cell->day_item).widget;
  int day_width, day_height, chip_width = width - 2 * PAD;
  int bottom = y + height - PAD;
  int cursor;

  gtk_widget_measure (day, GTK_ORIENTATION_HORIZONTAL, -1, &day_width, NULL, NULL, NULL);
  day_height = child_height (day, day_width);
  allocate_child (day, x + PAD, y + PAD, day_width, day_height);
  cursor = y + PAD + day_height + CHIP_SPACING;

  if (cell->n_chips > 0)
    {
      int chip_height = child_height (g_array_index (self->items, GridItem, cell->first_chip).widget,
                                       chip_width);
      /* What does not fit is counted in "+N more", beside the day's
       * number. */
      guint fit = MAX (0, bottom - cursor + CHIP_SPACING) / (chip_height + CHIP_SPACING);

      cell->n_shown = MIN (fit, cell->n_chips);

      for (guint i = 0; i < cell->n_chips; i++)
        {
          GtkWidget *chip = g_array_index (self->items, GridItem, cell->first_chip + i).widget;

          if (i >= cell->n_shown)
            {
              gtk_widget_set_child_visible (chip, FALSE);
              continue;
            }
          /* Measured once above; the others are alike but GTK wants each
           * measured before it is allocated. */
          if (i > 0)
            child_height (chip, chip_width);
          allocate_child (chip, x + PAD, cursor, chip_width, chip_height);
          cursor += chip_height + CHIP_SPACING;
        }
    }
  else
    cell->n_shown = 0;
}

static void
allocate_month (TerraCalendarGrid *self,
                int                width,
                int                height)
{
  for (guint i = 0; i < self->items->len; i++)
    {
      GridItem *item = &g_array_index (self->items, GridItem, i);
      int x, w;

      if (item->kind != ITEM_WEEKDAY)
        break;
      x = column_x (self, width, item->day);
      w = column_x (self, width, item->day + 1) - x;
      allocate_child (item->widget, x, PAD, w, child_height (item->widget, w));
    }

  for (guint day = 0; day < self->cells->len; day++)
    {
      guint column = day % 7, row = day / 7;
      int x = column_x (self, width, column);
      int y = row_y (self, height, row);

      allocate_month_cell (self, &g_array_index (self->cells, DayCell, day), x, y,
                           column_x (self, width, column + 1) - x,
                           row_y (self, height, row + 1) - y);
    }
}

static void
allocate_timed_item (TerraCalendarGrid *self,
                     GridItem          *item,
                     int                width)
{
  int x = column_x (self, width, item->day);
  int column_width = column_x (self, width, item->day + 1) - x;
  int y = (int)minute_y (self, item->start);
  int height = (int)minute_y (self, item->end) - y;
  int inner = column_width - 2 * PAD;

  switch (item->kind)
    {
    case ITEM_BOOKING:
      {
        int lane_width = inner / item->n_lanes;
        int w = lane_width - (item->n_lanes > 1 ? CHIP_SPACING : 0);
        int min_height = MIN_BLOCK_HEIGHT;

        child_height (item->widget, w);
        allocate_child (item->widget, x + PAD + item->lane * lane_width, y + 1, w,
                        MAX (height - 2, min_height));
      }
      break;

    case ITEM_FREE:
    case ITEM_BUSY:
      child_height (item->widget, inner);
      allocate_child (item->widget, x + PAD, y + 1, inner, MAX (height - 2, MIN_BLOCK_HEIGHT));
      break;

    case ITEM_DAY:
      allocate_child (item->widget, x + 2, PAD, column_width - 4,
                      MAX (self->header_height - 2 * PAD, child_height (item->widget, column_width - 4)));
      break;

    case ITEM_HOUR:
      {
        int line = (int)minute_y (self, item->day * 60);
        int w = gutter_width (self) - 2 * PAD - 4;

        allocate_child (item->widget, PAD, line + 2, w, child_height (item->widget, w));
      }
      break;

    case ITEM_WEEKDAY:
    default:
      g_assert_not_reached ();
    }
}

static void
terra_calendar_grid_size_allocate (GtkWidget *widget,
                                   int        width,
                                   int        height,
                                   int        baseline)
{
  TerraCalendarGrid *self = TERRA_CALENDAR_GRID (widget);

  if (self->data == NULL)
    return;

  self->header_height = header_height (self);

  if (is_month (self))
    {
      allocate_month (self, width, height);
      return;
    }

  self->hour_height = (double)(height - self->header_height) / MAX (1, self->last_hour - self->first_hour);
  for (guint i = 0; i < self->items->len; i++)
    allocate_timed_item (self, &g_array_index (self->items, GridItem, i), width);
}

/* Drawing */

static GdkRGBA
lookup_color (GtkWidget  *widget,
              const char *name,
              const char *fallback)
{
  GtkStyleContext *context = gtk_widget_get_style_context (widget);
  GdkRGBA color;

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  if (!gtk_style_context_lookup_color (context, name, &color))
    gdk_rgba_parse (&color, fallback);
  G_GNUC_END_IGNORE_DEPRECATIONS

  return color;
}

static GdkRGBA
foreground (GtkWidget *widget,
            float      alpha)
{
  GdkRGBA color;

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &color);
  G_GNUC_END_IGNORE_DEPRECATIONS

  color.alpha *= alpha;
  return color;
}

static void
fill (GtkSnapshot   *snapshot,
      const GdkRGBA *color,
      float          x,
      float          y,
      float          width,
      float          height)
{
  gtk_snapshot_append_color (snapshot, color, &GRAPHENE_RECT_INIT (x, y, width, height));
}

/* "+N more" at the right of the day's number, in the cell's first line. */
static void
draw_more (TerraCalendarGrid *self,
           GtkSnapshot       *snapshot,
           const DayCell     *cell,
           int                right,
           int                top)
{
  GtkWidget *day = g_array_index (self->items, GridItem, cell->day_item).widget;
  g_autofree char *text = NULL;
  g_autoptr(PangoLayout) layout = NULL;
  GdkRGBA color = foreground (GTK_WIDGET (self), 0.7);
  int text_width, text_height;

  /* Translators: the appointments of a day that a month cell has no room
   * for. */
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "+%u more", "+%u more",
                                       cell->n_bookings - cell->n_shown),
                          cell->n_bookings - cell->n_shown);
  layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);
  pango_layout_get_pixel_size (layout, &text_width, &text_height);

  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot,
                          &GRAPHENE_POINT_INIT (right - PAD - 4 - text_width,
                                                top + PAD + (gtk_widget_get_height (day) - text_height) / 2));
  gtk_snapshot_append_layout (snapshot, layout, &color);
  gtk_snapshot_restore (snapshot);
}

static void
snapshot_month (TerraCalendarGrid *self,
                GtkSnapshot       *snapshot,
                int                width,
                int                height)
{
  GdkRGBA line = foreground (GTK_WIDGET (self), 0.12);
  GdkRGBA other = foreground (GTK_WIDGET (self), 0.035);
  GdkRGBA accent = lookup_color (GTK_WIDGET (self), "accent_bg_color", "#3584e4");

  accent.alpha = 0.08;

  for (guint day = 0; day < self->cells->len; day++)
    {
      const DayCell *cell = &g_array_index (self->cells, DayCell, day);
      guint column = day % 7, row = day / 7;
      int x = column_x (self, width, column);
      int y = row_y (self, height, row);
      int w = column_x (self, width, column + 1) - x;
      int h = row_y (self, height, row + 1) - y;
      GDate date = self->period.first_day;

      g_date_add_days (&date, day);
      if (g_date_compare (&date, &self->today) == 0)
        fill (snapshot, &accent, x, y, w, h);
      else if (g_date_get_month (&date) != g_date_get_month (&self->period.anchor))
        fill (snapshot, &other, x, y, w, h);

      if (cell->n_bookings > cell->n_shown)
        draw_more (self, snapshot, cell, x + w, y);
    }

  for (guint row = 0; row < n_rows (self); row++)
    fill (snapshot, &line, 0, row_y (self, height, row), width, 1);
  for (guint column = 1; column < 7; column++)
    fill (snapshot, &line, column_x (self, width, column), self->header_height, 1, height - self->header_height);
}

static void
snapshot_now (TerraCalendarGrid *self,
              GtkSnapshot       *snapshot,
              int                width)
{
  gint64 now = g_get_real_time ();
  g_autoptr(GDateTime) local = terra_calendar_utc_to_local (self->data->zone, now);
  int day = g_date_days_between (&self->period.first_day, &self->today);
  int minute = g_date_time_get_hour (local) * 60 + g_date_time_get_minute (local);
  GdkRGBA red = lookup_color (GTK_WIDGET (self), "destructive_bg_color", "#e01b24");
  int x, w;
  double y;

  if (day < 0 || day >= (int)self->period.n_days ||
      minute < self->first_hour * 60 || minute >= self->last_hour * 60)
    return;

  x = column_x (self, width, day);
  w = column_x (self, width, day + 1) - x;
  y = minute_y (self, minute);
  fill (snapshot, &red, x, y - 1, w, 2);
  gtk_snapshot_append_border (snapshot,
                              &GSK_ROUNDED_RECT_INIT (x - 4, y - 4, 8, 8),
                              (float[4]) { 4, 4, 4, 4 },
                              (GdkRGBA[4]) { red, red, red, red });
}

static void
snapshot_timed (TerraCalendarGrid *self,
                GtkSnapshot       *snapshot,
                int                width,
                int                height)
{
  GdkRGBA line = foreground (GTK_WIDGET (self), 0.12);
  GdkRGBA half = foreground (GTK_WIDGET (self), 0.05);
  GdkRGBA accent = lookup_color (GTK_WIDGET (self), "accent_bg_color", "#3584e4");
  int gutter = gutter_width (self);
  int today = g_date_days_between (&self->period.first_day, &self->today);

  accent.alpha = 0.06;
  if (self->period.n_days > 1 && today >= 0 && today < (int)self->period.n_days)
    fill (snapshot, &accent, column_x (self, width, today), 0,
          column_x (self, width, today + 1) - column_x (self, width, today), height);

  for (int hour = self->first_hour; hour < self->last_hour; hour++)
    {
      double y = minute_y (self, hour * 60);

      fill (snapshot, &line, gutter, y, width - gutter, 1);
      fill (snapshot, &half, gutter, y + self->hour_height / 2, width - gutter, 1);
    }

  fill (snapshot, &line, 0, self->header_height, width, 1);
  for (guint column = 0; column < self->period.n_days; column++)
    fill (snapshot, &line, column_x (self, width, column), 0, 1, height);
}

static void
terra_calendar_grid_snapshot (GtkWidget   *widget,
                              GtkSnapshot *snapshot)
{
  TerraCalendarGrid *self = TERRA_CALENDAR_GRID (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);

  if (self->data == NULL)
    return;

  if (is_month (self))
    snapshot_month (self, snapshot, width, height);
  else
    snapshot_timed (self, snapshot, width, height);

  GTK_WIDGET_CLASS (terra_calendar_grid_parent_class)->snapshot (widget, snapshot);

  if (!is_month (self))
    snapshot_now (self, snapshot, width);
}

/* Input */

/* One tooltip handler for all children: setting a tooltip on each of a
 * few hundred children makes GTK query the tooltip under the pointer each
 * time, which costs more than building the child. */
static gboolean
terra_calendar_grid_query_tooltip (GtkWidget  *widget,
                                   int         x,
                                   int         y,
                                   gboolean    keyboard_mode,
                                   GtkTooltip *tooltip)
{
  TerraCalendarGrid *self = TERRA_CALENDAR_GRID (widget);
  GtkWidget *child = NULL;
  GridItem *item;
  g_autofree char *text = NULL;

  if (keyboard_mode)
    {
      GtkRoot *root = gtk_widget_get_root (widget);

      child = root != NULL ? gtk_root_get_focus (root) : NULL;
    }
  else
    child = gtk_widget_pick (widget, x, y, GTK_PICK_DEFAULT);

  while (child != NULL && gtk_widget_get_parent (child) != widget)
    child = gtk_widget_get_parent (child);
  if (child == NULL || (item = find_item (self, child)) == NULL)
    return FALSE;

  switch (item->kind)
    {
    case ITEM_BOOKING:
      text = terra_calendar_grid_describe_booking (item->booking, self->data->zone);
      break;

    case ITEM_DAY:
      text = g_strdup (_("Show this day"));
      break;

    case ITEM_FREE:
      text = g_strdup (_("Book an appointment in this free time"));
      break;

    case ITEM_BUSY:
      text = g_strdup (g_object_get_data (G_OBJECT (child), "description"));
      break;

    case ITEM_WEEKDAY:
    case ITEM_HOUR:
    default:
      return FALSE;
    }

  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
pressed_cb (TerraCalendarGrid *self,
            int                n_press,
            double             x,
            double             y,
            GtkGestureClick   *gesture)
{
  self->pressed = TRUE;
  self->press_x = x;
  self->press_y = y;
}

/* A click on a month cell's "+N more" opens its day. */
static void
released_cb (TerraCalendarGrid *self,
             int                n_press,
             double             x,
             double             y,
             GtkGestureClick   *gesture)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));

  if (!is_month (self) || self->data == NULL || y < self->header_height)
    return;

  for (guint day = 0; day < self->cells->len; day++)
    {
      const DayCell *cell = &g_array_index (self->cells, DayCell, day);
      guint column = day % 7, row = day / 7;
      GDate date = self->period.first_day;

      if (x < column_x (self, width, column) || x >= column_x (self, width, column + 1) ||
          y < row_y (self, height, row) || y >= row_y (self, height, row + 1))
        continue;

      if (cell->n_bookings > cell->n_shown)
        {
          g_date_add_days (&date, day);
          g_signal_emit (self, signals[DAY_ACTIVATED], 0, g_date_get_julian (&date));
        }
      return;
    }
}

static gboolean
tick_cb (gpointer user_data)
{
  gtk_widget_queue_draw (GTK_WIDGET (user_data));
  return G_SOURCE_CONTINUE;
}

/* The line at the current time moves once a minute while shown. */
static void
terra_calendar_grid_map (GtkWidget *widget)
{
  TerraCalendarGrid *self = TERRA_CALENDAR_GRID (widget);

  GTK_WIDGET_CLASS (terra_calendar_grid_parent_class)->map (widget);
  if (self->tick_source == 0)
    self->tick_source = g_timeout_add_seconds (60, tick_cb, self);
}

static void
terra_calendar_grid_unmap (GtkWidget *widget)
{
  TerraCalendarGrid *self = TERRA_CALENDAR_GRID (widget);

  g_clear_handle_id (&self->tick_source, g_source_remove);
  GTK_WIDGET_CLASS (terra_calendar_grid_parent_class)->unmap (widget);
}

static void
terra_calendar_grid_dispose (GObject *object)
{
  TerraCalendarGrid *self = (TerraCalendarGrid *)object;

  remove_children (self);
  g_clear_handle_id (&self->tick_source, g_source_remove);

  G_OBJECT_CLASS (terra_calendar_grid_parent_class)->dispose (object);
}

static void
terra_calendar_grid_finalize (GObject *object)
{
  TerraCalendarGrid *self = (TerraCalendarGrid *)object;

  g_clear_pointer (&self->items, g_array_unref);
  g_clear_pointer (&self->cells, g_array_unref);
  g_clear_pointer (&self->data, terra_calendar_data_unref);

  G_OBJECT_CLASS (terra_calendar_grid_parent_class)->finalize (object);
}

static void
terra_calendar_grid_class_init (TerraCalendarGridClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = terra_calendar_grid_dispose;
  object_class->finalize = terra_calendar_grid_finalize;

  widget_class->measure = terra_calendar_grid_measure;
  widget_class->size_allocate = terra_calendar_grid_size_allocate;
  widget_class->snapshot = terra_calendar_grid_snapshot;
  widget_class->query_tooltip = terra_calendar_grid_query_tooltip;
  widget_class->map = terra_calendar_grid_map;
  widget_class->unmap = terra_calendar_grid_unmap;

  /**
   * TerraCalendarGrid::booking-activated:
   * @booking: the appointment
   * @widget: its button, for a popover to point at
   */
  signals[BOOKING_ACTIVATED] = g_signal_new ("booking-activated",
                                             G_TYPE_FROM_CLASS (klass),
                                             G_SIGNAL_RUN_LAST,
                                             0, NULL, NULL, NULL,
                                             G_TYPE_NONE, 2,
                                             TERRA_TYPE_BOOKING, GTK_TYPE_WIDGET);

  /**
   * TerraCalendarGrid::free-slot-activated:
   * @start_utc: the start of the free slot chosen, µs since the epoch
   */
  signals[FREE_SLOT_ACTIVATED] = g_signal_new ("free-slot-activated",
                                               G_TYPE_FROM_CLASS (klass),
                                               G_SIGNAL_RUN_LAST,
                                               0, NULL, NULL, NULL,
                                               G_TYPE_NONE, 1,
                                               G_TYPE_INT64);

  /**
   * TerraCalendarGrid::day-activated:
   * @julian: the day, as a Julian day number (g_date_set_julian())
   */
  signals[DAY_ACTIVATED] = g_signal_new ("day-activated",
                                         G_TYPE_FROM_CLASS (klass),
                                         G_SIGNAL_RUN_LAST,
                                         0, NULL, NULL, NULL,
                                         G_TYPE_NONE, 1,
                                         G_TYPE_UINT);

  gtk_widget_class_set_css_name (widget_class, "calendar-grid");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
terra_calendar_grid_init (TerraCalendarGrid *self)
{
  GtkGesture *press = gtk_gesture_click_new ();
  GtkGesture *click = gtk_gesture_click_new ();

  self->items = g_array_new (FALSE, FALSE, sizeof (GridItem));
  g_array_set_clear_func (self->items, (GDestroyNotify)grid_item_clear);
  self->cells = g_array_new (FALSE, FALSE, sizeof (DayCell));
  self->first_hour = DEFAULT_FIRST_HOUR;
  self->last_hour = DEFAULT_LAST_HOUR;

  /* Seen before the buttons take the press, and never claimed. */
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (press), GTK_PHASE_CAPTURE);
  g_signal_connect_swapped (press, "pressed", G_CALLBACK (pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (press));

  g_signal_connect_swapped (click, "released", G_CALLBACK (released_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));

  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
}

/* Returns a grid showing nothing until terra_calendar_grid_show(). */
GtkWidget *
terra_calendar_grid_new (void)
{
  return g_object_new (TERRA_TYPE_CALENDAR_GRID, NULL);
}
