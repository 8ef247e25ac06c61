/* terra-calendar-grid.c — the month, week and day grid of the Calendar,
 * with every appointment a real, focusable child
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The grid draws only lines, tints and the "+N more" of a full day itself;
 * everything a person reads or clicks is a child widget placed by time in
 * size_allocate: appointments (buttons named for a screen reader with
 * their title, date, time and source; TerraCalendarChip, a button that
 * draws its own text, so that a busy month stays cheap), free time
 * (buttons that book it),
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

#include "terra-calendar-grid-private.h"

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
remove_children (TerraCalendarGrid *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  g_array_set_size (self->items, 0);
  g_array_set_size (self->cells, 0);
}

/* Focus survives a rebuild: the same appointment or day gets it back, or
 * else the first day, so the keys of the Calendar keep working. */
typedef struct
{
  gboolean inside;
  gint64   booking_id;
  int      julian;
} FocusMemo;

static FocusMemo
remember_focus (TerraCalendarGrid *self)
{
  FocusMemo memo = { FALSE, 0, 0 };
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  GridItem *item;

  while (focus != NULL && gtk_widget_get_parent (focus) != GTK_WIDGET (self))
    focus = gtk_widget_get_parent (focus);
  if (focus == NULL || (item = _terra_calendar_grid_find_item (self, focus)) == NULL)
    return memo;

  memo.inside = TRUE;
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

  for (guint i = 0; memo.inside && i < self->items->len; i++)
    if (g_array_index (self->items, GridItem, i).kind == ITEM_DAY)
      {
        gtk_widget_grab_focus (g_array_index (self->items, GridItem, i).widget);
        return;
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

  _terra_calendar_grid_build (self);

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
    case ITEM_BUSY:
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

/* Shades the hours of day @day outside its opening hours (its special
 * hours, if it has any), so free and closed time read apart at a glance. */
static void
shade_closed (TerraCalendarGrid *self,
              GtkSnapshot       *snapshot,
              const GdkRGBA     *color,
              guint              day,
              int                x,
              int                width)
{
  GDate date = self->period.first_day;
  g_autoptr(GArray) ranges = NULL;
  int minute = self->first_hour * 60;

  g_date_add_days (&date, day);
  ranges = terra_calendar_data_get_hours (self->data, &date);

  /* The ranges come by start. */
  for (guint i = 0; i < ranges->len; i++)
    {
      const TerraOpeningRange *range = &g_array_index (ranges, TerraOpeningRange, i);

      if (range->start_minute > minute)
        fill (snapshot, color, x, minute_y (self, minute), width,
              minute_y (self, MIN (range->start_minute, self->last_hour * 60)) - minute_y (self, minute));
      minute = MAX (minute, range->end_minute);
    }

  if (minute < self->last_hour * 60)
    fill (snapshot, color, x, minute_y (self, minute), width,
          minute_y (self, self->last_hour * 60) - minute_y (self, minute));
}

static void
snapshot_timed (TerraCalendarGrid *self,
                GtkSnapshot       *snapshot,
                int                width,
                int                height)
{
  GdkRGBA line = foreground (GTK_WIDGET (self), 0.12);
  GdkRGBA half = foreground (GTK_WIDGET (self), 0.05);
  GdkRGBA closed = foreground (GTK_WIDGET (self), 0.035);
  GdkRGBA accent = lookup_color (GTK_WIDGET (self), "accent_bg_color", "#3584e4");
  int gutter = gutter_width (self);
  int today = g_date_days_between (&self->period.first_day, &self->today);

  for (guint column = 0; column < self->period.n_days; column++)
    shade_closed (self, snapshot, &closed, column, column_x (self, width, column),
                  column_x (self, width, column + 1) - column_x (self, width, column));

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
  if (child == NULL || (item = _terra_calendar_grid_find_item (self, child)) == NULL)
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
