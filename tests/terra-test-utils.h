/* terra-test-utils.h — what the tests share: a temporary workspace
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "terra-workspace.h"

G_BEGIN_DECLS

char           *terra_test_make_directory   (void);
void            terra_test_remove_directory (const char     *directory);
/* A workspace that deletes its folder when freed:
 * g_autoptr(TerraTestWorkspace) workspace = terra_test_workspace_new (); */
typedef TerraWorkspace TerraTestWorkspace;

TerraTestWorkspace *terra_test_workspace_new  (void);
void            terra_test_workspace_free   (TerraTestWorkspace *workspace);
void            terra_test_iterate_main_context (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TerraTestWorkspace, terra_test_workspace_free)

G_END_DECLS
