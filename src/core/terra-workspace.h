/* terra-workspace.h — a workspace folder: the database, attachments, and
 * the change events of every connection to it
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "terra-store.h"

G_BEGIN_DECLS

#define TERRA_TYPE_WORKSPACE (terra_workspace_get_type ())

G_DECLARE_FINAL_TYPE (TerraWorkspace, terra_workspace, TERRA, WORKSPACE, GObject)

char                *terra_workspace_default_directory (void);
TerraWorkspace      *terra_workspace_open              (const char      *directory,
                                                        GError         **error);
const char          *terra_workspace_get_directory     (TerraWorkspace  *self);
const char          *terra_workspace_get_database_path (TerraWorkspace  *self);
const char          *terra_workspace_get_attachments_directory (TerraWorkspace *self);
const char          *terra_workspace_get_id            (TerraWorkspace  *self);
TerraStore          *terra_workspace_get_store         (TerraWorkspace  *self);
TerraStore          *terra_workspace_open_store        (TerraWorkspace  *self,
                                                        GError         **error);
TerraChangeNotifier *terra_workspace_get_notifier      (TerraWorkspace  *self);
gboolean             terra_workspace_is_demo           (TerraWorkspace  *self);

G_END_DECLS
