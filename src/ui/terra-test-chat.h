/* terra-test-chat.h — talk to the assistant as a lead, see what each reply
 * was made from, and grade it
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A self-contained widget: a message list and a composer. Messages go to
 * the real engine through the application's runtime
 * (terra_runtime_simulate_async(), off the main thread) in the owner's own
 * test conversation. Under each reply it lists the knowledge passages and
 * instructions the reply used, and offers Good and Bad; Bad takes a
 * correction. A grade is stored as a feedback row of that reply.
 * The Training view and the Dashboard's "Chat with Terra" both embed it.
 */
#pragma once

#include <gtk/gtk.h>

#include "terra-workspace.h"

G_BEGIN_DECLS

#define TERRA_TYPE_TEST_CHAT (terra_test_chat_get_type ())

G_DECLARE_FINAL_TYPE (TerraTestChat, terra_test_chat, TERRA, TEST_CHAT, GtkWidget)

GtkWidget      *terra_test_chat_new           (TerraWorkspace *workspace);
TerraWorkspace *terra_test_chat_get_workspace (TerraTestChat  *self);
void            terra_test_chat_set_workspace (TerraTestChat  *self,
                                               TerraWorkspace *workspace);
/* Puts the keyboard focus in the composer. */
void            terra_test_chat_focus         (TerraTestChat  *self);

G_END_DECLS
