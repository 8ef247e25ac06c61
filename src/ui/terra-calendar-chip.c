/* terra-calendar-chip.c — an appointment's block in the Calendar: a
 * button that draws its own text
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A busy month has a few hundred of these, built anew for each period:
 * a GtkButton with a GtkLabel child costs two widgets and a text layout
 * in every measure and allocation. The chip is one widget, asks for a
 * height from the font's metrics alone (a whole number of lines, never
 * laying its text out to measure it) and lays its text out once, when it
 * is first drawn at its width, ellipsized to at most max_lines lines.
 *
 * Being a GtkButton it keeps everything a button is for a person and for
 * assistive technology: focus, Enter and Space, clicks, the "click"
 * action and the button role; its accessible label is set by its owner.
 */

#define G_LOG_DOMAIN "terra-calendar"

#include "config.h"

#include "terra-calendar-chip.h"

struct _TerraCalendarChip
{
  GtkButton    parent_instance;

  char        *markup;
  int          max_lines;
  gboolean     struck;

  PangoLayout *layout;       /* for layout_width, or NULL */
  int          layout_width;
  int          line_height;  /* 0: not known yet */
};

G_DEFINE_FINAL_TYPE (TerraCalendarChip, terra_calendar_chip, GTK_TYPE_BUTTON)

static int
line_height (TerraCalendarChip *self)
{
  PangoContext *context;
  PangoFontMetrics *metrics;

  if (self->line_height > 0)
    return self->line_height;

  context = gtk_widget_get_pango_context (GTK_WIDGET (self));
  metrics = pango_context_get_metrics (context, pango_context_get_font_description (context), NULL);
  self->line_height = PANGO_PIXELS_CEIL (pango_font_metrics_get_height (metrics));
  pango_font_metrics_unref (metrics);

  return self->line_height;
}

static void
set_up_layout (TerraCalendarChip *self,
               PangoLayout       *layout)
{
  pango_layout_set_markup (layout, self->markup, -1);
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_height (layout, -self->max_lines);

  if (self->struck)
    {
      PangoAttrList *attributes = pango_attr_list_copy (pango_layout_get_attributes (layout));

      if (attributes == NULL)
        attributes = pango_attr_list_new ();
      pango_attr_list_insert (attributes, pango_attr_strikethrough_new (TRUE));
      pango_layout_set_attributes (layout, attributes);
      pango_attr_list_unref (attributes);
    }
}

/* The layout at @width, made only when the width changes. */
static PangoLayout *
ensure_layout (TerraCalendarChip *self,
               int                width)
{
  if (self->layout == NULL)
    {
      self->layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), NULL);
      set_up_layout (self, self->layout);
      self->layout_width = -1;
    }

  if (self->layout_width != width)
    {
      pango_layout_set_width (self->layout, MAX (width, 1) * PANGO_SCALE);
      self->layout_width = width;
    }

  return self->layout;
}

static void
terra_calendar_chip_measure (GtkWidget      *widget,
                             GtkOrientation  orientation,
                             int             for_size,
                             int            *minimum,
                             int            *natural,
                             int            *minimum_baseline,
                             int            *natural_baseline)
{
  TerraCalendarChip *self = TERRA_CALENDAR_CHIP (widget);

  if (orientation == GTK_ORIENTATION_VERTICAL)
    {
      *minimum = line_height (self);
      *natural = line_height (self) * self->max_lines;
    }
  else
    {
      g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, NULL);
      int width;

      /* Only asked for by containers that want the natural width; the
       * Calendar's grid never does. */
      set_up_layout (self, layout);
      pango_layout_set_height (layout, -1);
      pango_layout_get_pixel_size (layout, &width, NULL);
      *minimum = 0;
      *natural = width;
    }
}

static void
terra_calendar_chip_snapshot (GtkWidget   *widget,
                              GtkSnapshot *snapshot)
{
  TerraCalendarChip *self = TERRA_CALENDAR_CHIP (widget);
  PangoLayout *layout = ensure_layout (self, gtk_widget_get_width (widget));

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_snapshot_render_layout (snapshot, gtk_widget_get_style_context (widget), 0, 0, layout);
  G_GNUC_END_IGNORE_DEPRECATIONS
}

/* A new font (a style change) makes a new layout and line height. */
static void
terra_calendar_chip_css_changed (GtkWidget         *widget,
                                 GtkCssStyleChange *change)
{
  TerraCalendarChip *self = TERRA_CALENDAR_CHIP (widget);

  GTK_WIDGET_CLASS (terra_calendar_chip_parent_class)->css_changed (widget, change);

  g_clear_object (&self->layout);
  self->line_height = 0;
  gtk_widget_queue_resize (widget);
}

static void
terra_calendar_chip_finalize (GObject *object)
{
  TerraCalendarChip *self = (TerraCalendarChip *)object;

  g_clear_object (&self->layout);
  g_clear_pointer (&self->markup, g_free);

  G_OBJECT_CLASS (terra_calendar_chip_parent_class)->finalize (object);
}

static void
terra_calendar_chip_class_init (TerraCalendarChipClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = terra_calendar_chip_finalize;

  widget_class->measure = terra_calendar_chip_measure;
  widget_class->snapshot = terra_calendar_chip_snapshot;
  widget_class->css_changed = terra_calendar_chip_css_changed;
}

static void
terra_calendar_chip_init (TerraCalendarChip *self)
{
  /* No child to lay out: the chip measures itself. */
  gtk_widget_set_layout_manager (GTK_WIDGET (self), NULL);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
}

/**
 * terra_calendar_chip_new:
 * @markup: the text, in Pango markup
 * @max_lines: at most this many lines, the last one ellipsized
 * @struck: whether the text is struck through (a cancelled appointment)
 *
 * Returns: a new chip
 */
GtkWidget *
terra_calendar_chip_new (const char *markup,
                         int         max_lines,
                         gboolean    struck)
{
  TerraCalendarChip *self;

  g_return_val_if_fail (markup != NULL, NULL);
  g_return_val_if_fail (max_lines > 0, NULL);

  self = g_object_new (TERRA_TYPE_CALENDAR_CHIP, NULL);
  self->markup = g_strdup (markup);
  self->max_lines = max_lines;
  self->struck = struck;

  return GTK_WIDGET (self);
}
