/* terra-import-dialog.h — importing documents into the knowledge base
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "terra-workspace.h"

G_BEGIN_DECLS

#define TERRA_TYPE_IMPORT_DIALOG (terra_import_dialog_get_type ())

G_DECLARE_FINAL_TYPE (TerraImportDialog, terra_import_dialog, TERRA, IMPORT_DIALOG, AdwWindow)

GtkWidget *terra_import_dialog_new       (GtkWindow         *parent,
                                          TerraWorkspace    *workspace);
/* Adds @file to the documents to import (what Choose Files… does). */
void       terra_import_dialog_add_file  (TerraImportDialog *self,
                                          GFile             *file);

G_END_DECLS
