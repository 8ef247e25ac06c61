/* terra-chart-canvas.h — one chart of the Insights view, drawn natively
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef enum
{
  TERRA_CHART_GAUGE,   /* one value 0 … 100 on a half ring */
  TERRA_CHART_DONUT,   /* shares of a whole */
  TERRA_CHART_BARS,    /* horizontal bars, one row per item */
  TERRA_CHART_LINE,    /* values -1 … 1 over days */
  TERRA_CHART_FUNNEL,  /* stages, each a part of the one before */
} TerraChartKind;

/* The palette's colours, for an item whose colour means something (a hot
 * lead is red wherever Terra shows one). */
typedef enum
{
  TERRA_CHART_COLOR_BY_POSITION,
  TERRA_CHART_COLOR_BLUE,
  TERRA_CHART_COLOR_GREEN,
  TERRA_CHART_COLOR_YELLOW,
  TERRA_CHART_COLOR_ORANGE,
  TERRA_CHART_COLOR_RED,
} TerraChartColor;

/* One item: a bar, a slice, a day, a stage. */
typedef struct
{
  char            *label;
  double           value;
  char            *value_text;   /* shown next to the item; NULL for none */
  char            *tooltip;
  TerraChartColor  color;
} TerraChartItem;

#define TERRA_TYPE_CHART_CANVAS (terra_chart_canvas_get_type ())

G_DECLARE_FINAL_TYPE (TerraChartCanvas, terra_chart_canvas, TERRA, CHART_CANVAS, GtkWidget)

GtkWidget *terra_chart_canvas_new      (TerraChartKind    kind,
                                        const char       *name);
/* Replaces the items (TerraChartItem, copied) and the text a screen reader
 * reads for the chart; an empty @items draws @empty_text instead. */
void       terra_chart_canvas_set_data (TerraChartCanvas *self,
                                        GArray           *items,
                                        const char       *description,
                                        const char       *empty_text);
const char *terra_chart_canvas_get_description (TerraChartCanvas *self);

/* Adds an item to a GArray of TerraChartItem (with its clear function). */
GArray    *terra_chart_items_new       (void);
void       terra_chart_items_add       (GArray           *items,
                                        const char       *label,
                                        double            value,
                                        const char       *value_text,
                                        const char       *tooltip);
/* Gives the item added last its own colour. */
void       terra_chart_items_set_color (GArray           *items,
                                        TerraChartColor   color);

G_END_DECLS
