/* terra-score-ring.c — a lead's score as a small ring
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A track circle and an arc for the score (0–100) with the number in the
 * middle. The arc takes the widget's CSS colour, which style.css sets per
 * band (cold, warm, hot), so dark and high-contrast styles follow. It is
 * drawn with GtkSnapshot paths through cairo: cheap enough to bind in every
 * row of a long list.
 */

#define G_LOG_DOMAIN "terra-score-ring"

#include "config.h"

#include <math.h>
#include <glib/gi18n.h>

#include "terra-score-ring.h"

#define RING_SIZE 30
#define RING_WIDTH 3.0

struct _TerraScoreRing
{
  GtkWidget    parent_instance;

  int          score;
  PangoLayout *layout;
};

G_DEFINE_FINAL_TYPE (TerraScoreRing, terra_score_ring, GTK_TYPE_WIDGET)

static void
terra_score_ring_measure (GtkWidget      *widget,
                          GtkOrientation  orientation,
                          int             for_size,
                          int            *minimum,
                          int            *natural,
                          int            *minimum_baseline,
                          int            *natural_baseline)
{
  *minimum = *natural = RING_SIZE;
}

static void
terra_score_ring_snapshot (GtkWidget   *widget,
                           GtkSnapshot *snapshot)
{
  TerraScoreRing *self = TERRA_SCORE_RING (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  double radius = MIN (width, height) / 2.0 - RING_WIDTH / 2.0;
  GdkRGBA color;
  cairo_t *cr;
  int text_width, text_height;

  /* gtk_widget_get_color() is GTK 4.10; this is the 4.8 way. */
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &color);

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  cairo_set_line_width (cr, RING_WIDTH);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);

  cairo_set_source_rgba (cr, color.red, color.green, color.blue, color.alpha * 0.2);
  cairo_arc (cr, width / 2.0, height / 2.0, radius, 0, 2 * G_PI);
  cairo_stroke (cr);

  if (self->score > 0)
    {
      gdk_cairo_set_source_rgba (cr, &color);
      cairo_arc (cr, width / 2.0, height / 2.0, radius,
                 -G_PI / 2, -G_PI / 2 + 2 * G_PI * self->score / 100.0);
      cairo_stroke (cr);
    }
  cairo_destroy (cr);

  pango_layout_get_pixel_size (self->layout, &text_width, &text_height);
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT ((width - text_width) / 2.0,
                                                          (height - text_height) / 2.0));
  gtk_snapshot_append_layout (snapshot, self->layout, &color);
  gtk_snapshot_restore (snapshot);
}

static void
terra_score_ring_finalize (GObject *object)
{
  TerraScoreRing *self = (TerraScoreRing *)object;

  g_clear_object (&self->layout);

  G_OBJECT_CLASS (terra_score_ring_parent_class)->finalize (object);
}

static void
terra_score_ring_class_init (TerraScoreRingClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = terra_score_ring_finalize;
  widget_class->measure = terra_score_ring_measure;
  widget_class->snapshot = terra_score_ring_snapshot;

  gtk_widget_class_set_css_name (widget_class, "scorering");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
terra_score_ring_init (TerraScoreRing *self)
{
  self->layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), "0");
  terra_score_ring_set_score (self, 0);
}

GtkWidget *
terra_score_ring_new (void)
{
  return g_object_new (TERRA_TYPE_SCORE_RING, NULL);
}

int
terra_score_ring_get_score (TerraScoreRing *self)
{
  g_return_val_if_fail (TERRA_IS_SCORE_RING (self), 0);
  return self->score;
}

/* Shows @score (0–100), coloured by its band. */
void
terra_score_ring_set_score (TerraScoreRing *self,
                            int             score)
{
  g_autofree char *text = NULL;
  g_autofree char *label = NULL;

  g_return_if_fail (TERRA_IS_SCORE_RING (self));

  self->score = CLAMP (score, 0, 100);
  text = g_strdup_printf ("%d", self->score);
  pango_layout_set_text (self->layout, text, -1);

  gtk_widget_remove_css_class (GTK_WIDGET (self), "cold");
  gtk_widget_remove_css_class (GTK_WIDGET (self), "warm");
  gtk_widget_remove_css_class (GTK_WIDGET (self), "hot");
  gtk_widget_add_css_class (GTK_WIDGET (self),
                            self->score >= 70 ? "hot" : self->score >= 40 ? "warm" : "cold");

  label = g_strdup_printf (_("Lead score %d"), self->score);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}
