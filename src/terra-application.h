/* terra-application.h — the application: workspace, command line, headless
 * mode and the desktop window
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "terra-runtime.h"
#include "terra-workspace.h"

G_BEGIN_DECLS

#define TERRA_TYPE_APPLICATION (terra_application_get_type ())

G_DECLARE_FINAL_TYPE (TerraApplication, terra_application, TERRA, APPLICATION, AdwApplication)

TerraApplication *terra_application_new           (void);
TerraWorkspace   *terra_application_get_workspace (TerraApplication *self);
TerraRuntime     *terra_application_get_runtime   (TerraApplication *self);
gboolean          terra_application_load_demo     (TerraApplication  *self,
                                                   GError          **error);

G_END_DECLS
