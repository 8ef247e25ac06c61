/* terra-test-chat-dialog.c — "Chat with Terra": the test chat in a window
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Dashboard's quick action: the owner writes as a lead would and the
 * real engine answers, in the owner's own test conversation. The dialog is
 * a modal window around the Training view's test-chat widget, so both
 * places talk to the assistant the same way. Escape closes it.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "terra-test-chat.h"
#include "terra-test-chat-dialog.h"

struct _TerraTestChatDialog
{
  AdwWindow      parent_instance;

  TerraTestChat *chat;
};

G_DEFINE_FINAL_TYPE (TerraTestChatDialog, terra_test_chat_dialog, ADW_TYPE_WINDOW)

static void
terra_test_chat_dialog_class_init (TerraTestChatDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
terra_test_chat_dialog_init (TerraTestChatDialog *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *title = adw_window_title_new (_("Chat with Terra"),
                                           _("Write as a lead would; the assistant answers for real"));

  gtk_window_set_title (GTK_WINDOW (self), _("Chat with Terra"));
  gtk_window_set_modal (GTK_WINDOW (self), TRUE);
  gtk_window_set_default_size (GTK_WINDOW (self), 520, 640);

  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), title);
  gtk_box_append (GTK_BOX (box), header);

  self->chat = TERRA_TEST_CHAT (terra_test_chat_new (NULL));
  gtk_widget_set_vexpand (GTK_WIDGET (self->chat), TRUE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->chat));

  adw_window_set_content (ADW_WINDOW (self), box);
}

/* A dialog over @parent talking to the assistant of @workspace. */
GtkWidget *
terra_test_chat_dialog_new (GtkWindow      *parent,
                            TerraWorkspace *workspace)
{
  TerraTestChatDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (TERRA_IS_WORKSPACE (workspace), NULL);

  self = g_object_new (TERRA_TYPE_TEST_CHAT_DIALOG,
                       "transient-for", parent,
                       "application", parent != NULL ? gtk_window_get_application (parent) : NULL,
                       NULL);
  terra_test_chat_set_workspace (self->chat, workspace);
  terra_test_chat_focus (self->chat);

  return GTK_WIDGET (self);
}
