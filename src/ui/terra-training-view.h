/* terra-training-view.h — teaching Terra: knowledge, instructions, a test
 * chat and the log of grades
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "terra-workspace.h"

G_BEGIN_DECLS

#define TERRA_TYPE_TRAINING_VIEW (terra_training_view_get_type ())

G_DECLARE_FINAL_TYPE (TerraTrainingView, terra_training_view, TERRA, TRAINING_VIEW, GtkWidget)

GtkWidget      *terra_training_view_new           (TerraWorkspace    *workspace);
TerraWorkspace *terra_training_view_get_workspace (TerraTrainingView *self);
void            terra_training_view_set_workspace (TerraTrainingView *self,
                                                   TerraWorkspace    *workspace);

G_END_DECLS
