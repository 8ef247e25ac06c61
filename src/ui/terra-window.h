/* terra-window.h — the main window: header bar, views, demo notice, toasts
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "terra-application.h"

G_BEGIN_DECLS

#define TERRA_TYPE_WINDOW (terra_window_get_type ())

G_DECLARE_FINAL_TYPE (TerraWindow, terra_window, TERRA, WINDOW, AdwApplicationWindow)

TerraWindow *terra_window_new       (TerraApplication *application);
void         terra_window_add_toast (TerraWindow      *self,
                                     const char       *title);

G_END_DECLS
