/* terra-preferences-window-privacy.c — Preferences: privacy and compliance
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Retention (the runtime deletes older messages every day, see
 * terra-store-retention.c), the consent notice, opt-out handling and
 * whether message text is kept — all read by the engine. And one
 * contact's data: found by name, phone or email, exported as JSON to a
 * file the owner picks, or deleted after a confirmation (terra-desk.h).
 */

#define G_LOG_DOMAIN "terra-preferences"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "terra-desk.h"
#include "terra-preferences-window-private.h"

#define MAX_RESULTS 8

static const char * const opt_out_values[] = { "confirm", "silent", NULL };
static const char * const opt_out_labels[] = {
  N_("Opt out and confirm once"), N_("Opt out without a reply"), NULL,
};

static void search_changed_cb (AdwEntryRow            *row,
                               TerraPreferencesWindow *self);

static gint64
row_contact_id (GtkWidget *widget)
{
  GtkWidget *row = gtk_widget_get_ancestor (widget, ADW_TYPE_ACTION_ROW);

  return GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (row), "terra-contact-id"));
}

/* Export */

typedef struct
{
  TerraPreferencesWindow *self;
  gint64                  contact_id;
} ExportData;

static void
export_written_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(TerraPreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_file_replace_contents_finish (G_FILE (source), result, NULL, &error))
    {
      g_autofree char *message = g_strdup_printf (_("Could not write the export: %s"), error->message);

      _terra_preferences_toast (self, message);
      return;
    }
  _terra_preferences_toast (self, _("Exported"));
}

static void
export_response_cb (GtkNativeDialog *dialog,
                    int              response,
                    gpointer         user_data)
{
  g_autofree ExportData *data = user_data;
  g_autoptr(TerraPreferencesWindow) self = data->self;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  char *json;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  g_object_unref (dialog);
  if (file == NULL)
    return;

  /* One contact's rows: quick enough for the main thread's connection. */
  json = terra_store_export_contact_data (terra_workspace_get_store (self->workspace), data->contact_id, &error);
  if (json == NULL)
    {
      _terra_preferences_toast (self, error->message);
      return;
    }
  bytes = g_bytes_new_take (json, strlen (json));
  /* The file holds personal data: only the owner may read it. */
  g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE,
                                       G_FILE_CREATE_PRIVATE | G_FILE_CREATE_REPLACE_DESTINATION,
                                       NULL, export_written_cb, g_object_ref (self));
}

static void
export_clicked_cb (GtkButton              *button,
                   TerraPreferencesWindow *self)
{
  GtkFileChooserNative *chooser;
  ExportData *data = g_new0 (ExportData, 1);
  g_autofree char *name = NULL;

  data->self = g_object_ref (self);
  data->contact_id = row_contact_id (GTK_WIDGET (button));
  name = g_strdup_printf ("terra-contact-%" G_GINT64_FORMAT ".json", data->contact_id);
  chooser = gtk_file_chooser_native_new (_("Export Contact Data"), GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Export"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (export_response_cb), data);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* Delete */

static void
delete_response_cb (AdwMessageDialog       *dialog,
                    const char             *response,
                    TerraPreferencesWindow *self)
{
  gint64 contact_id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "terra-contact-id"));
  g_autoptr(GError) error = NULL;

  if (!g_str_equal (response, "delete"))
    return;
  if (!terra_store_delete_contact_data (terra_workspace_get_store (self->workspace), contact_id, &error))
    {
      _terra_preferences_toast (self, error->message);
      return;
    }
  _terra_preferences_toast (self, _("The contact and all their data are deleted"));
  search_changed_cb (self->contact_search_row, self);
}

static void
delete_clicked_cb (GtkButton              *button,
                   TerraPreferencesWindow *self)
{
  GtkWidget *row = gtk_widget_get_ancestor (GTK_WIDGET (button), ADW_TYPE_ACTION_ROW);
  const char *name = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row));
  AdwMessageDialog *dialog;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), _("Delete This Contact’s Data?"), NULL));
  adw_message_dialog_format_body (dialog,
                                  _("Everything Terra holds about %s — conversations, messages, bookings, tasks "
                                    "and their history — is deleted for good. Export it first if they asked "
                                    "for a copy."),
                                  name);
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "delete", _("_Delete"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "delete", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_object_set_data (G_OBJECT (dialog), "terra-contact-id", GSIZE_TO_POINTER (row_contact_id (GTK_WIDGET (button))));
  g_signal_connect_object (dialog, "response", G_CALLBACK (delete_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Search */

static GtkWidget *
contact_row_new (TerraPreferencesWindow *self,
                 TerraContact           *contact)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *export_button = gtk_button_new_with_mnemonic (_("_Export…"));
  GtkWidget *delete_button = gtk_button_new_with_mnemonic (_("_Delete…"));
  const char * const *phones = terra_contact_get_phones (contact);
  const char * const *emails = terra_contact_get_emails (contact);
  const char *name = terra_contact_get_name (contact);
  g_autofree char *export_label = NULL;
  g_autofree char *delete_label = NULL;
  g_autoptr(GString) subtitle = g_string_new (NULL);

  for (guint i = 0; phones != NULL && phones[i] != NULL; i++)
    g_string_append_printf (subtitle, "%s%s", subtitle->len > 0 ? ", " : "", phones[i]);
  for (guint i = 0; emails != NULL && emails[i] != NULL; i++)
    g_string_append_printf (subtitle, "%s%s", subtitle->len > 0 ? ", " : "", emails[i]);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), *name != '\0' ? name : _("Unnamed contact"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle->str);
  g_object_set_data (G_OBJECT (row), "terra-contact-id", GSIZE_TO_POINTER (terra_contact_get_id (contact)));

  export_label = g_strdup_printf (_("Export the data of %s"), name);
  delete_label = g_strdup_printf (_("Delete the data of %s"), name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (export_button), GTK_ACCESSIBLE_PROPERTY_LABEL, export_label, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (delete_button), GTK_ACCESSIBLE_PROPERTY_LABEL, delete_label, -1);
  gtk_widget_set_valign (export_button, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (delete_button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (delete_button, "destructive-action");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), export_button);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), delete_button);
  g_signal_connect_object (export_button, "clicked", G_CALLBACK (export_clicked_cb), self, 0);
  g_signal_connect_object (delete_button, "clicked", G_CALLBACK (delete_clicked_cb), self, 0);
  return row;
}

static void
search_changed_cb (AdwEntryRow            *row,
                   TerraPreferencesWindow *self)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
  g_autoptr(TerraQuery) query = NULL;
  g_autoptr(GPtrArray) contacts = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->contact_results))) != NULL)
    gtk_list_box_remove (self->contact_results, child);

  if (*text == '\0')
    {
      gtk_widget_set_visible (GTK_WIDGET (self->contact_results), FALSE);
      return;
    }

  query = terra_query_new (TERRA_TYPE_CONTACT);
  terra_query_where_search (query, text);
  terra_query_set_range (query, 0, MAX_RESULTS);
  contacts = terra_store_list (terra_workspace_get_store (self->workspace), query, NULL);

  if (contacts == NULL || contacts->len == 0)
    {
      GtkWidget *empty = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (empty), _("No contact matches"));
      gtk_list_box_append (self->contact_results, empty);
    }
  for (guint i = 0; contacts != NULL && i < contacts->len; i++)
    gtk_list_box_append (self->contact_results, contact_row_new (self, g_ptr_array_index (contacts, i)));
  gtk_widget_set_visible (GTK_WIDGET (self->contact_results), TRUE);
}

void
_terra_preferences_privacy_init (TerraPreferencesWindow *self)
{
  AdwPreferencesGroup *group = self->retention_group;

  _terra_preferences_add_setting_row (self, group, "privacy.retention_days", _("Keep messages for (days)"),
                                      _("Older messages are deleted every day, search index included; 0 keeps them"));
  _terra_preferences_add_setting_row (self, group, "privacy.consent_message", _("Consent notice"),
                                      _("Sent with the first reply to a new contact; empty for none"));
  _terra_preferences_add_choice_row (self, group, "privacy.opt_out", _("When a lead says STOP"),
                                     _("Either way the assistant never writes to them again"),
                                     opt_out_values, opt_out_labels);
  _terra_preferences_add_setting_row (self, group, "privacy.keep_message_text", _("Keep message text"),
                                      _("When off, the leads’ words are deleted once answered; only the analysis stays"));

  gtk_accessible_update_property (GTK_ACCESSIBLE (self->contact_search_row), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Find a contact"), -1);
  g_signal_connect_object (self->contact_search_row, "changed", G_CALLBACK (search_changed_cb), self, 0);
}
