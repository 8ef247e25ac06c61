/* terra-test-chat-dialog.h — "Chat with Terra": the test chat in a window
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "terra-workspace.h"

G_BEGIN_DECLS

#define TERRA_TYPE_TEST_CHAT_DIALOG (terra_test_chat_dialog_get_type ())

G_DECLARE_FINAL_TYPE (TerraTestChatDialog, terra_test_chat_dialog, TERRA, TEST_CHAT_DIALOG, AdwWindow)

GtkWidget *terra_test_chat_dialog_new (GtkWindow      *parent,
                                       TerraWorkspace *workspace);

G_END_DECLS
