/* terra-contact-profile.c — a lead's profile: details, conversations,
 * opt-out, and deleting everything of theirs
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Edits are saved together with Save. Deleting asks first and then
 * removes the contact with every conversation, message, booking and event
 * of theirs (terra_store_delete_contact_data()): the right to be forgotten
 * is a real delete, not a flag.
 */

#define G_LOG_DOMAIN "terra-conversations"

#include "config.h"

#include <glib/gi18n.h>

#include "terra-contact-profile.h"
#include "terra-desk-format.h"
#include "terra-desk.h"
#include "terra-store-desk-queries.h"

struct _TerraContactProfile
{
  AdwWindow             parent_instance;

  /* Template widgets */
  AdwEntryRow          *name_row;
  AdwEntryRow          *phones_row;
  AdwEntryRow          *emails_row;
  GtkSwitch            *opted_out_switch;
  AdwPreferencesGroup  *conversations_group;

  /* Owned */
  TerraWorkspace       *workspace;
  TerraContact         *contact;
};

G_DEFINE_FINAL_TYPE (TerraContactProfile, terra_contact_profile, ADW_TYPE_WINDOW)

static char **
split_list (const char *text)
{
  g_auto(GStrv) parts = g_strsplit (text, ",", -1);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_strstrip (parts[i]);
      if (*parts[i] != '\0')
        g_strv_builder_add (builder, parts[i]);
    }
  return g_strv_builder_end (builder);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  TerraContactProfile *self = TERRA_CONTACT_PROFILE (widget);
  g_auto(GStrv) phones = split_list (gtk_editable_get_text (GTK_EDITABLE (self->phones_row)));
  g_auto(GStrv) emails = split_list (gtk_editable_get_text (GTK_EDITABLE (self->emails_row)));
  g_autoptr(GError) error = NULL;

  terra_contact_set_name (self->contact, gtk_editable_get_text (GTK_EDITABLE (self->name_row)));
  terra_contact_set_phones (self->contact, (const char * const *)phones);
  terra_contact_set_emails (self->contact, (const char * const *)emails);
  terra_contact_set_opted_out (self->contact, gtk_switch_get_active (self->opted_out_switch));

  if (!terra_store_update (terra_workspace_get_store (self->workspace), self->contact, &error))
    {
      GtkWidget *alert = adw_message_dialog_new (GTK_WINDOW (self), _("Could Not Save"), error->message);

      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (alert), "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (alert));
      return;
    }

  gtk_window_close (GTK_WINDOW (self));
}

static gboolean
close_idle_cb (gpointer user_data)
{
  gtk_window_close (GTK_WINDOW (user_data));
  return G_SOURCE_REMOVE;
}

static void
delete_response_cb (AdwMessageDialog    *dialog,
                    const char          *response,
                    TerraContactProfile *self)
{
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "delete") != 0)
    return;

  if (!terra_store_delete_contact_data (terra_workspace_get_store (self->workspace),
                                        terra_contact_get_id (self->contact), &error))
    {
      GtkWidget *alert = adw_message_dialog_new (GTK_WINDOW (self), _("Could Not Delete"), error->message);

      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (alert), "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (alert));
      return;
    }

  /* Once the confirmation, which is transient for this window, is gone:
   * closing its parent under it leaves GTK 4.8 a dangling parent. */
  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, close_idle_cb, g_object_ref (self), g_object_unref);
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  TerraContactProfile *self = TERRA_CONTACT_PROFILE (widget);
  GtkWidget *dialog;
  g_autofree char *body = NULL;

  body = g_strdup_printf (_("Everything Terra holds about %s — their conversations and messages, "
                            "bookings, tasks and history — is deleted for good. This cannot be undone."),
                          terra_contact_get_name (self->contact));
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Delete Contact and Data?"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "delete", _("_Delete"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (delete_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
terra_contact_profile_dispose (GObject *object)
{
  TerraContactProfile *self = (TerraContactProfile *)object;

  g_clear_object (&self->contact);
  g_clear_object (&self->workspace);

  G_OBJECT_CLASS (terra_contact_profile_parent_class)->dispose (object);
}

static void
terra_contact_profile_class_init (TerraContactProfileClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = terra_contact_profile_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/terrasales/Terra/ui/terra-contact-profile.ui");
  gtk_widget_class_bind_template_child (widget_class, TerraContactProfile, name_row);
  gtk_widget_class_bind_template_child (widget_class, TerraContactProfile, phones_row);
  gtk_widget_class_bind_template_child (widget_class, TerraContactProfile, emails_row);
  gtk_widget_class_bind_template_child (widget_class, TerraContactProfile, opted_out_switch);
  gtk_widget_class_bind_template_child (widget_class, TerraContactProfile, conversations_group);

  gtk_widget_class_install_action (widget_class, "profile.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "profile.delete", NULL, delete_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
terra_contact_profile_init (TerraContactProfile *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

static void
show_conversations (TerraContactProfile *self)
{
  g_autoptr(GPtrArray) conversations = NULL;
  g_autoptr(GError) error = NULL;
  gint64 now = g_get_real_time ();

  conversations = terra_store_list_contact_conversations (terra_workspace_get_store (self->workspace),
                                                          terra_contact_get_id (self->contact), &error);
  if (conversations == NULL)
    {
      g_warning ("Could not list the lead's conversations: %s", error->message);
      return;
    }

  for (guint i = 0; i < conversations->len; i++)
    {
      TerraConversation *conversation = g_ptr_array_index (conversations, i);
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *since = terra_desk_format_since (terra_conversation_get_last_activity_at (conversation), now);
      g_autofree char *title = g_strdup_printf ("%s · %s · %s",
                                                terra_desk_channel_name (terra_conversation_get_channel (conversation)),
                                                terra_desk_status_name (terra_conversation_get_status (conversation)),
                                                since);

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), terra_conversation_get_last_message_preview (conversation));
      adw_action_row_set_icon_name (ADW_ACTION_ROW (row),
                                    terra_desk_channel_icon (terra_conversation_get_channel (conversation)));
      adw_preferences_group_add (self->conversations_group, row);
    }
}

/* A profile window for @contact_id, or an alert when it cannot be read. */
GtkWidget *
terra_contact_profile_new (GtkWindow      *parent,
                           TerraWorkspace *workspace,
                           gint64          contact_id)
{
  TerraContactProfile *self;
  g_autoptr(GError) error = NULL;
  g_autofree char *phones = NULL;
  g_autofree char *emails = NULL;

  g_return_val_if_fail (TERRA_IS_WORKSPACE (workspace), NULL);

  self = g_object_new (TERRA_TYPE_CONTACT_PROFILE, "transient-for", parent, NULL);
  self->workspace = g_object_ref (workspace);
  self->contact = terra_store_get (terra_workspace_get_store (workspace), TERRA_TYPE_CONTACT, contact_id, &error);
  if (self->contact == NULL)
    {
      g_warning ("Could not read contact %" G_GINT64_FORMAT ": %s", contact_id, error->message);
      self->contact = terra_contact_new ();
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "profile.save", FALSE);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "profile.delete", FALSE);
      return GTK_WIDGET (self);
    }

  if (terra_contact_get_phones (self->contact) != NULL)
    phones = g_strjoinv (", ", (char **)terra_contact_get_phones (self->contact));
  if (terra_contact_get_emails (self->contact) != NULL)
    emails = g_strjoinv (", ", (char **)terra_contact_get_emails (self->contact));
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), terra_contact_get_name (self->contact));
  gtk_editable_set_text (GTK_EDITABLE (self->phones_row), phones ? phones : "");
  gtk_editable_set_text (GTK_EDITABLE (self->emails_row), emails ? emails : "");
  gtk_switch_set_active (self->opted_out_switch, terra_contact_get_opted_out (self->contact));
  show_conversations (self);

  return GTK_WIDGET (self);
}
