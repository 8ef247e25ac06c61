/* terra-chart-canvas.c — one chart of the Insights view, drawn natively
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Drawn with cairo into the widget's snapshot: no web view and no chart
 * library. Text takes the widget's own colour and the series take
 * libadwaita's palette, which reads on light and dark backgrounds alike.
 * Every item has a tooltip (the regions drawn are kept for the hit test),
 * and the chart's accessible description holds its numbers, for a screen
 * reader and for the UI tests.
 */

#define G_LOG_DOMAIN "terra-insights"

#include "config.h"

#include <math.h>
#include <pango/pangocairo.h>

#include "terra-chart-canvas.h"

struct _TerraChartCanvas
{
  GtkWidget       parent_instance;

  TerraChartKind  kind;
  GArray         *items;        /* TerraChartItem */
  char           *description;
  char           *empty_text;

  /* Where each item was drawn, for tooltips: one rectangle per item
   * (a legend row for the donut), and the donut's ring. */
  GArray         *regions;      /* graphene_rect_t */
  double          ring_x, ring_y, ring_inner, ring_outer;
};

G_DEFINE_FINAL_TYPE (TerraChartCanvas, terra_chart_canvas, GTK_TYPE_WIDGET)

/* libadwaita's palette, the 3rd shades: blue, green, yellow, orange,
 * red, purple, brown. */
static const GdkRGBA palette[] = {
  { 0.208, 0.518, 0.894, 1 },
  { 0.200, 0.820, 0.478, 1 },
  { 0.965, 0.827, 0.176, 1 },
  { 1.000, 0.471, 0.000, 1 },
  { 0.878, 0.106, 0.141, 1 },
  { 0.569, 0.255, 0.675, 1 },
  { 0.596, 0.416, 0.267, 1 },
};

static void
item_clear (gpointer data)
{
  TerraChartItem *item = data;

  g_free (item->label);
  g_free (item->value_text);
  g_free (item->tooltip);
}

GArray *
terra_chart_items_new (void)
{
  GArray *items = g_array_new (FALSE, TRUE, sizeof (TerraChartItem));

  g_array_set_clear_func (items, item_clear);
  return items;
}

void
terra_chart_items_add (GArray     *items,
                       const char *label,
                       double      value,
                       const char *value_text,
                       const char *tooltip)
{
  TerraChartItem item = { g_strdup (label), value, g_strdup (value_text), g_strdup (tooltip),
                          TERRA_CHART_COLOR_BY_POSITION };

  g_array_append_val (items, item);
}

void
terra_chart_items_set_color (GArray          *items,
                             TerraChartColor  color)
{
  g_return_if_fail (items != NULL && items->len > 0);

  g_array_index (items, TerraChartItem, items->len - 1).color = color;
}

static void
set_source (cairo_t       *cr,
            const GdkRGBA *color,
            double         alpha)
{
  cairo_set_source_rgba (cr, color->red, color->green, color->blue, color->alpha * alpha);
}

static PangoLayout *
make_layout (TerraChartCanvas *self,
             const char       *text,
             double            scale,
             gboolean          bold)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);
  PangoFontDescription *font = pango_font_description_copy (pango_context_get_font_description (pango_layout_get_context (layout)));

  pango_font_description_set_size (font, (int)(pango_font_description_get_size (font) * scale));
  if (bold)
    pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);
  return layout;
}

static int
text_width (TerraChartCanvas *self,
            const char       *text,
            double            scale)
{
  g_autoptr(PangoLayout) layout = make_layout (self, text, scale, FALSE);
  int width;

  pango_layout_get_pixel_size (layout, &width, NULL);
  return width;
}

/* Draws @text with its top left (or its centre, if @centred) at x, y;
 * returns its width. */
static int
draw_text (TerraChartCanvas *self,
           cairo_t          *cr,
           const char       *text,
           double            x,
           double            y,
           gboolean          centred,
           double            scale,
           gboolean          bold)
{
  g_autoptr(PangoLayout) layout = make_layout (self, text, scale, bold);
  int width, height;

  pango_layout_get_pixel_size (layout, &width, &height);
  cairo_move_to (cr, centred ? x - width / 2.0 : x, centred ? y - height / 2.0 : y);
  pango_cairo_show_layout (cr, layout);
  return width;
}

static void
add_region (TerraChartCanvas *self,
            double            x,
            double            y,
            double            width,
            double            height)
{
  graphene_rect_t rect;

  graphene_rect_init (&rect, x, y, width, height);
  g_array_append_val (self->regions, rect);
}

static TerraChartItem *
item_at (TerraChartCanvas *self,
         guint             i)
{
  return &g_array_index (self->items, TerraChartItem, i);
}

static void
draw_gauge (TerraChartCanvas *self,
            cairo_t          *cr,
            const GdkRGBA    *fg,
            int               width,
            int               height)
{
  TerraChartItem *item = item_at (self, 0);
  double value = CLAMP (item->value, 0, 100);
  double cx = width / 2.0, cy = height - 16;
  double radius = MIN (width / 2.0, height - 24) - 10;
  const GdkRGBA *color = value < 40 ? &palette[4] : value < 70 ? &palette[3] : &palette[1];

  cairo_set_line_width (cr, 16);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  set_source (cr, fg, 0.12);
  cairo_arc (cr, cx, cy, radius, G_PI, 2 * G_PI);
  cairo_stroke (cr);
  set_source (cr, color, 1);
  cairo_arc (cr, cx, cy, radius, G_PI, G_PI + G_PI * value / 100.0);
  cairo_stroke (cr);
  set_source (cr, fg, 1);
  draw_text (self, cr, item->value_text != NULL ? item->value_text : "", cx, cy - radius / 2.5, TRUE, 2.2, TRUE);
  add_region (self, 0, 0, width, height);
}

static void
draw_donut (TerraChartCanvas *self,
            cairo_t          *cr,
            const GdkRGBA    *fg,
            int               width,
            int               height)
{
  double total = 0, angle = -G_PI / 2;
  double size = MIN (height, width * 0.45);
  double row = MIN (24, height / (double)MAX (self->items->len, 1));

  for (guint i = 0; i < self->items->len; i++)
    total += item_at (self, i)->value;

  self->ring_x = size / 2;
  self->ring_y = height / 2.0;
  self->ring_outer = size / 2 - 4;
  self->ring_inner = self->ring_outer * 0.6;
  cairo_set_line_width (cr, self->ring_outer - self->ring_inner);
  for (guint i = 0; i < self->items->len; i++)
    {
      TerraChartItem *item = item_at (self, i);
      double sweep = total > 0 ? 2 * G_PI * item->value / total : 0;
      double y = (height - row * self->items->len) / 2 + i * row;

      set_source (cr, &palette[i % G_N_ELEMENTS (palette)], 1);
      cairo_new_path (cr);
      cairo_arc (cr, self->ring_x, self->ring_y, (self->ring_outer + self->ring_inner) / 2, angle, angle + sweep);
      cairo_stroke (cr);
      angle += sweep;

      /* The legend, one row per slice. */
      cairo_rectangle (cr, size + 12, y + row / 2 - 6, 12, 12);
      cairo_fill (cr);
      set_source (cr, fg, 1);
      draw_text (self, cr, item->value_text != NULL ? item->value_text : item->label, size + 30, y + row / 2 - 9, FALSE, 1, FALSE);
      add_region (self, size + 8, y, width - size - 8, row);
    }
}

/* Rows of horizontal bars, or a funnel: centred bars of decreasing width. */
static void
draw_rows (TerraChartCanvas *self,
           cairo_t          *cr,
           const GdkRGBA    *fg,
           int               width,
           int               height,
           gboolean          funnel)
{
  double max = 0;
  double row = MIN (funnel ? 40 : 30, height / (double)MAX (self->items->len, 1));
  double label_width = 0;
  double value_width = funnel ? 0 : width * 0.26;
  double bar_space;

  for (guint i = 0; i < self->items->len; i++)
    {
      max = MAX (max, item_at (self, i)->value);
      /* The bars start after the longest label, up to 45 % of the width. */
      if (!funnel)
        label_width = MAX (label_width, text_width (self, item_at (self, i)->label, 1) + 12);
    }
  label_width = MIN (label_width, width * 0.45);
  bar_space = width - label_width - value_width - 8;

  for (guint i = 0; i < self->items->len; i++)
    {
      TerraChartItem *item = item_at (self, i);
      double y = i * row;
      double bar = max > 0 ? bar_space * item->value / max : 0;
      const GdkRGBA *color = &palette[funnel ? 0
                                      : item->color != TERRA_CHART_COLOR_BY_POSITION ? item->color - 1
                                      : i % G_N_ELEMENTS (palette)];

      if (funnel)
        {
          g_autofree char *text = g_strdup_printf ("%s · %s", item->label, item->value_text);

          set_source (cr, color, 0.35 + 0.65 * (1.0 - i / (double)self->items->len));
          cairo_rectangle (cr, (width - MAX (bar, 2)) / 2, y + 2, MAX (bar, 2), row - 4);
          cairo_fill (cr);
          set_source (cr, fg, 1);
          draw_text (self, cr, text, width / 2.0, y + row / 2, TRUE, 1, FALSE);
        }
      else
        {
          set_source (cr, fg, 1);
          draw_text (self, cr, item->label, 0, y + row / 2 - 9, FALSE, 1, FALSE);
          set_source (cr, color, 1);
          cairo_rectangle (cr, label_width, y + row * 0.2, MAX (bar, 2), row * 0.6);
          cairo_fill (cr);
          set_source (cr, fg, 0.8);
          if (item->value_text != NULL)
            draw_text (self, cr, item->value_text, label_width + bar + 8, y + row / 2 - 9, FALSE, 0.9, FALSE);
        }
      add_region (self, 0, y, width, row);
    }
}

/* Values from -1 to 1 over days; a NAN value is a day without any. */
static void
draw_line (TerraChartCanvas *self,
           cairo_t          *cr,
           const GdkRGBA    *fg,
           int               width,
           int               height)
{
  guint n = self->items->len;
  double top = 8, bottom = height - 24, left = 4, right = width - 4;
  double step = n > 1 ? (right - left) / (n - 1) : 0;
  gboolean drawing = FALSE;

#define Y_OF(v) (top + (1.0 - (v)) / 2.0 * (bottom - top))
  set_source (cr, fg, 0.15);
  cairo_set_line_width (cr, 1);
  cairo_move_to (cr, left, Y_OF (0));
  cairo_line_to (cr, right, Y_OF (0));
  cairo_stroke (cr);

  set_source (cr, &palette[0], 1);
  cairo_set_line_width (cr, 2.5);
  for (guint i = 0; i < n; i++)
    {
      double value = item_at (self, i)->value;
      double x = n > 1 ? left + i * step : width / 2.0;

      if (isnan (value))
        {
          drawing = FALSE;
          continue;
        }
      if (drawing)
        cairo_line_to (cr, x, Y_OF (value));
      else
        cairo_move_to (cr, x, Y_OF (value));
      drawing = TRUE;
    }
  cairo_stroke (cr);
  for (guint i = 0; i < n; i++)
    {
      double value = item_at (self, i)->value;
      double x = n > 1 ? left + i * step : width / 2.0;

      if (!isnan (value))
        {
          cairo_arc (cr, x, Y_OF (value), 3.5, 0, 2 * G_PI);
          cairo_fill (cr);
        }
      add_region (self, x - MAX (step, 8) / 2, 0, MAX (step, 8), height);
    }
#undef Y_OF

  set_source (cr, fg, 0.7);
  if (n > 0)
    draw_text (self, cr, item_at (self, 0)->label, left, bottom + 4, FALSE, 0.85, FALSE);
  if (n > 1)
    draw_text (self, cr, item_at (self, n - 1)->label, right - text_width (self, item_at (self, n - 1)->label, 0.85),
               bottom + 4, FALSE, 0.85, FALSE);
  /* The scale: the top is the most positive, the bottom the most negative. */
  set_source (cr, fg, 0.45);
  draw_text (self, cr, "+1", left, top, FALSE, 0.75, FALSE);
  draw_text (self, cr, "−1", left, bottom - 14, FALSE, 0.75, FALSE);
}

static void
terra_chart_canvas_snapshot (GtkWidget   *widget,
                             GtkSnapshot *snapshot)
{
  TerraChartCanvas *self = TERRA_CHART_CANVAS (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  cairo_t *cr;
  GdkRGBA fg;

  g_array_set_size (self->regions, 0);
  if (width <= 0 || height <= 0)
    return;

  /* gtk_widget_get_color() is GTK 4.10; this is the 4.8 way. */
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
  G_GNUC_END_IGNORE_DEPRECATIONS

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));

  if (self->items->len == 0)
    {
      set_source (cr, &fg, 0.55);
      draw_text (self, cr, self->empty_text != NULL ? self->empty_text : "", width / 2.0, height / 2.0, TRUE, 1, FALSE);
      cairo_destroy (cr);
      return;
    }

  switch (self->kind)
    {
    case TERRA_CHART_GAUGE:
      draw_gauge (self, cr, &fg, width, height);
      break;
    case TERRA_CHART_DONUT:
      draw_donut (self, cr, &fg, width, height);
      break;
    case TERRA_CHART_BARS:
      draw_rows (self, cr, &fg, width, height, FALSE);
      break;
    case TERRA_CHART_FUNNEL:
      draw_rows (self, cr, &fg, width, height, TRUE);
      break;
    case TERRA_CHART_LINE:
      draw_line (self, cr, &fg, width, height);
      break;
    default:
      g_assert_not_reached ();
    }
  cairo_destroy (cr);
}

/* The item under x, y: a region drawn, or for the donut a slice of the ring. */
static int
hit_item (TerraChartCanvas *self,
          double            x,
          double            y)
{
  if (self->kind == TERRA_CHART_DONUT)
    {
      double dx = x - self->ring_x, dy = y - self->ring_y;
      double distance = sqrt (dx * dx + dy * dy);

      if (distance >= self->ring_inner && distance <= self->ring_outer)
        {
          double total = 0, angle = atan2 (dy, dx) + G_PI / 2, start = 0;

          if (angle < 0)
            angle += 2 * G_PI;
          for (guint i = 0; i < self->items->len; i++)
            total += item_at (self, i)->value;
          for (guint i = 0; i < self->items->len && total > 0; i++)
            {
              start += 2 * G_PI * item_at (self, i)->value / total;
              if (angle <= start)
                return i;
            }
        }
    }

  for (guint i = 0; i < self->regions->len && i < self->items->len; i++)
    {
      graphene_rect_t *rect = &g_array_index (self->regions, graphene_rect_t, i);

      if (graphene_rect_contains_point (rect, &GRAPHENE_POINT_INIT (x, y)))
        return i;
    }
  return -1;
}

static gboolean
query_tooltip_cb (GtkWidget  *widget,
                  int         x,
                  int         y,
                  gboolean    keyboard_mode,
                  GtkTooltip *tooltip,
                  gpointer    user_data)
{
  TerraChartCanvas *self = TERRA_CHART_CANVAS (widget);
  int i;

  /* From the keyboard, the whole description: there is no pointer. */
  if (keyboard_mode)
    {
      if (self->description == NULL)
        return FALSE;
      gtk_tooltip_set_text (tooltip, self->description);
      return TRUE;
    }

  i = hit_item (self, x, y);
  if (i < 0 || item_at (self, i)->tooltip == NULL)
    return FALSE;
  gtk_tooltip_set_text (tooltip, item_at (self, i)->tooltip);
  return TRUE;
}

static void
terra_chart_canvas_measure (GtkWidget      *widget,
                            GtkOrientation  orientation,
                            int             for_size,
                            int            *minimum,
                            int            *natural,
                            int            *minimum_baseline,
                            int            *natural_baseline)
{
  TerraChartCanvas *self = TERRA_CHART_CANVAS (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 200;
      *natural = 320;
    }
  else if (self->kind == TERRA_CHART_BARS || self->kind == TERRA_CHART_FUNNEL)
    {
      /* A row per item, so that a long list never squeezes. */
      *minimum = MAX (120, (int)self->items->len * (self->kind == TERRA_CHART_FUNNEL ? 40 : 30));
      *natural = *minimum;
    }
  else
    {
      *minimum = 140;
      *natural = 160;
    }
}

static void
terra_chart_canvas_finalize (GObject *object)
{
  TerraChartCanvas *self = (TerraChartCanvas *)object;

  g_clear_pointer (&self->items, g_array_unref);
  g_clear_pointer (&self->regions, g_array_unref);
  g_free (self->description);
  g_free (self->empty_text);

  G_OBJECT_CLASS (terra_chart_canvas_parent_class)->finalize (object);
}

static void
terra_chart_canvas_class_init (TerraChartCanvasClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = terra_chart_canvas_finalize;
  widget_class->snapshot = terra_chart_canvas_snapshot;
  widget_class->measure = terra_chart_canvas_measure;
  gtk_widget_class_set_css_name (widget_class, "chart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
terra_chart_canvas_init (TerraChartCanvas *self)
{
  self->items = terra_chart_items_new ();
  self->regions = g_array_new (FALSE, TRUE, sizeof (graphene_rect_t));
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  g_signal_connect (self, "query-tooltip", G_CALLBACK (query_tooltip_cb), NULL);
}

/* A chart of @kind, named @name for screen readers. */
GtkWidget *
terra_chart_canvas_new (TerraChartKind  kind,
                        const char     *name)
{
  TerraChartCanvas *self = g_object_new (TERRA_TYPE_CHART_CANVAS, NULL);

  self->kind = kind;
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  return GTK_WIDGET (self);
}

void
terra_chart_canvas_set_data (TerraChartCanvas *self,
                             GArray           *items,
                             const char       *description,
                             const char       *empty_text)
{
  g_return_if_fail (TERRA_IS_CHART_CANVAS (self));

  g_array_set_size (self->items, 0);
  for (guint i = 0; items != NULL && i < items->len; i++)
    {
      TerraChartItem *item = &g_array_index (items, TerraChartItem, i);

      terra_chart_items_add (self->items, item->label, item->value, item->value_text, item->tooltip);
      terra_chart_items_set_color (self->items, item->color);
    }
  g_free (self->description);
  self->description = g_strdup (description);
  g_free (self->empty_text);
  self->empty_text = g_strdup (empty_text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  description != NULL ? description : "", -1);
  gtk_widget_queue_resize (GTK_WIDGET (self));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* What a screen reader reads: the chart's numbers in words. */
const char *
terra_chart_canvas_get_description (TerraChartCanvas *self)
{
  g_return_val_if_fail (TERRA_IS_CHART_CANVAS (self), NULL);

  return self->description;
}
