/* terra-calendar-grid-private.h — what the grid's two files share: its
 * children's bookkeeping, its geometry and the building of its children
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "terra-calendar-grid.h"

G_BEGIN_DECLS

#define MONTH_MAX_CHIPS   5
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

static inline gboolean
is_month (TerraCalendarGrid *self)
{
  return self->period.mode == TERRA_CALENDAR_MODE_MONTH;
}

static inline guint
n_columns (TerraCalendarGrid *self)
{
  return is_month (self) ? 7 : self->period.n_days;
}

static inline guint
n_rows (TerraCalendarGrid *self)
{
  return is_month (self) ? MAX (1, self->period.n_days / 7) : 1;
}

static inline int
gutter_width (TerraCalendarGrid *self)
{
  return is_month (self) ? 0 : GUTTER_WIDTH;
}

/* The left edge of column @i; the edges are rounded once so neighbouring
 * cells share them exactly. */
static inline int
column_x (TerraCalendarGrid *self,
          int                width,
          guint              i)
{
  int gutter = gutter_width (self);

  return gutter + (int)((double)i * (width - gutter) / n_columns (self));
}

static inline int
row_y (TerraCalendarGrid *self,
       int                height,
       guint              i)
{
  return self->header_height + (int)((double)i * (height - self->header_height) / n_rows (self));
}

static inline double
minute_y (TerraCalendarGrid *self,
          int                minute)
{
  return self->header_height + (minute - self->first_hour * 60) * self->hour_height / 60.0;
}

void      _terra_calendar_grid_build     (TerraCalendarGrid *self);
GridItem *_terra_calendar_grid_find_item (TerraCalendarGrid *self,
                                          GtkWidget         *widget);

G_END_DECLS
