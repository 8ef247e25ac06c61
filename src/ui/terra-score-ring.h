/* terra-score-ring.h — a lead's score as a small ring
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define TERRA_TYPE_SCORE_RING (terra_score_ring_get_type ())

G_DECLARE_FINAL_TYPE (TerraScoreRing, terra_score_ring, TERRA, SCORE_RING, GtkWidget)

GtkWidget *terra_score_ring_new       (void);
int        terra_score_ring_get_score (TerraScoreRing *self);
void       terra_score_ring_set_score (TerraScoreRing *self,
                                       int             score);

G_END_DECLS
