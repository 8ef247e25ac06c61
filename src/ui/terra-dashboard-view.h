/* terra-dashboard-view.h — the Dashboard: the workspace's counters at a
 * glance, or an honest empty state
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "terra-workspace.h"

G_BEGIN_DECLS

#define TERRA_TYPE_DASHBOARD_VIEW (terra_dashboard_view_get_type ())

G_DECLARE_FINAL_TYPE (TerraDashboardView, terra_dashboard_view, TERRA, DASHBOARD_VIEW, GtkWidget)

GtkWidget      *terra_dashboard_view_new           (TerraWorkspace     *workspace);
TerraWorkspace *terra_dashboard_view_get_workspace (TerraDashboardView *self);
void            terra_dashboard_view_set_workspace (TerraDashboardView *self,
                                                    TerraWorkspace     *workspace);
void            terra_dashboard_view_refresh       (TerraDashboardView *self);

G_END_DECLS
