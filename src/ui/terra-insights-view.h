/* terra-insights-view.h — Insights: charts of what the assistant did over
 * a period, and their export
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "terra-workspace.h"

G_BEGIN_DECLS

#define TERRA_TYPE_INSIGHTS_VIEW (terra_insights_view_get_type ())

G_DECLARE_FINAL_TYPE (TerraInsightsView, terra_insights_view, TERRA, INSIGHTS_VIEW, GtkWidget)

GtkWidget *terra_insights_view_new           (TerraWorkspace    *workspace);
void       terra_insights_view_set_workspace (TerraInsightsView *self,
                                              TerraWorkspace    *workspace);

G_END_DECLS
