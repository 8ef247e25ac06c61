/* terra-preferences-window.h — Preferences: the style, and the business
 * settings of the workspace
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "terra-workspace.h"

G_BEGIN_DECLS

#define TERRA_TYPE_PREFERENCES_WINDOW (terra_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (TerraPreferencesWindow, terra_preferences_window, TERRA, PREFERENCES_WINDOW, AdwPreferencesWindow)

TerraPreferencesWindow *terra_preferences_window_new (GtkWindow      *parent,
                                                      TerraWorkspace *workspace);

G_END_DECLS
