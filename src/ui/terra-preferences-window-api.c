/* terra-preferences-window-api.c — Preferences: API and integrations
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The REST API key (masked until asked, copied, or regenerated after a
 * confirmation: the old key stops working at once), the outgoing event
 * webhook's address and events, and the address of the bookings feed a
 * calendar subscribes to. Keys and tokens come from the keyring through a
 * worker thread (terra-integrations.h) and are wiped when the window goes.
 */

#define G_LOG_DOMAIN "terra-preferences"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "terra-integrations.h"
#include "terra-preferences-window-private.h"
#include "terra-secrets.h"

/* The events of the outgoing webhooks (webhooks.events), with words. */
static const struct
{
  const char *event;
  const char *label;
} webhook_events[] = {
  { "message.received", N_("A lead writes") },
  { "lead.qualified", N_("A lead is qualified") },
  { "lead.hot", N_("A lead becomes hot") },
  { "booking.created", N_("An appointment is booked") },
  { "booking.cancelled", N_("An appointment is cancelled") },
  { "handoff.requested", N_("A conversation is handed to you") },
  { "summary.daily", N_("The daily summary") },
};

static void
show_api_key (TerraPreferencesWindow *self,
              gboolean                revealed)
{
  g_autofree char *masked = NULL;

  if (self->api_key == NULL)
    return;
  if (revealed)
    {
      gtk_label_set_label (self->api_key_label, self->api_key);
      return;
    }
  masked = g_strdup_printf ("••••••••%s", self->api_key + MAX ((gssize)strlen (self->api_key) - 4, 0));
  gtk_label_set_label (self->api_key_label, masked);
}

static void
api_key_loaded_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(TerraPreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  char *key = terra_integrations_token_finish (result, &error);

  if (key == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        adw_action_row_set_subtitle (self->api_key_row, error->message);
      return;
    }
  if (self->api_key != NULL && !g_str_equal (self->api_key, key))
    _terra_preferences_toast (self, _("New API key: the old one no longer works"));
  g_clear_pointer (&self->api_key, terra_secrets_free);
  self->api_key = key;
  adw_action_row_set_subtitle (self->api_key_row, _("Kept in the keyring, or given by TERRA_SECRET_API_KEY"));
  show_api_key (self, FALSE);
}

static void
show_api_key_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  TerraPreferencesWindow *self = TERRA_PREFERENCES_WINDOW (widget);

  show_api_key (self, g_strcmp0 (gtk_label_get_label (self->api_key_label), self->api_key) != 0);
}

static void
copy_api_key_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  TerraPreferencesWindow *self = TERRA_PREFERENCES_WINDOW (widget);

  if (self->api_key == NULL)
    return;
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), self->api_key);
  _terra_preferences_toast (self, _("API key copied"));
}

static void
regenerate_response_cb (AdwMessageDialog       *dialog,
                        const char             *response,
                        TerraPreferencesWindow *self)
{
  if (!g_str_equal (response, "regenerate"))
    return;
  adw_action_row_set_subtitle (self->api_key_row, _("Making a new key…"));
  terra_integrations_token_async (self->workspace, TERRA_INTEGRATIONS_API_KEY, TRUE, self->cancellable,
                                  api_key_loaded_cb, g_object_ref (self));
}

static void
regenerate_api_key_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  TerraPreferencesWindow *self = TERRA_PREFERENCES_WINDOW (widget);
  AdwMessageDialog *dialog;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), _("Regenerate the API Key?"),
                                                       _("Scripts and programs that use the current key stop "
                                                         "working at once, until you give them the new one.")));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "regenerate", _("_Regenerate"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "regenerate", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (regenerate_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Outgoing webhooks: one switch per event, saved as the list. */

static char **
enabled_events (TerraPreferencesWindow *self)
{
  g_autoptr(JsonNode) node = terra_store_get_setting (terra_workspace_get_store (self->workspace),
                                                      "webhooks.events", NULL);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        g_strv_builder_add (builder, json_array_get_string_element (array, i));
      return g_strv_builder_end (builder);
    }
  return g_strsplit (terra_setting_keys_get_default ("webhooks.events"), ",", -1);
}

static void
event_switched_cb (GtkSwitch              *widget,
                   GParamSpec             *pspec,
                   TerraPreferencesWindow *self)
{
  GtkWidget *group = gtk_widget_get_ancestor (GTK_WIDGET (widget), ADW_TYPE_PREFERENCES_GROUP);
  GPtrArray *switches = g_object_get_data (G_OBJECT (group), "terra-event-switches");
  g_autoptr(GString) list = g_string_new (NULL);

  for (guint i = 0; i < switches->len; i++)
    if (gtk_switch_get_active (g_ptr_array_index (switches, i)))
      g_string_append_printf (list, "%s%s", list->len > 0 ? "," : "", webhook_events[i].event);
  _terra_preferences_save (self, gtk_widget_get_ancestor (GTK_WIDGET (widget), ADW_TYPE_ACTION_ROW),
                           "webhooks.events", list->str);
}

static void
webhooks_init (TerraPreferencesWindow *self)
{
  AdwPreferencesGroup *group = self->webhooks_group;
  g_auto(GStrv) enabled = NULL;
  GPtrArray *switches;
  GtkWidget *expander;

  if (_terra_preferences_add_setting_row (self, group, "webhooks.url", _("Webhook address"),
                                          _("Terra POSTs each event there, signed with HMAC-SHA256; empty for none")) == NULL ||
      terra_setting_keys_lookup ("webhooks.events") == NULL)
    return;

  enabled = enabled_events (self);
  switches = g_ptr_array_new ();
  expander = adw_expander_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander), _("Webhook events"));
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (expander), _("Which events are sent"));
  for (guint i = 0; i < G_N_ELEMENTS (webhook_events); i++)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *widget = gtk_switch_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(webhook_events[i].label));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), webhook_events[i].event);
      gtk_switch_set_active (GTK_SWITCH (widget), g_strv_contains ((const char * const *)enabled,
                                                                   webhook_events[i].event));
      gtk_widget_set_valign (widget, GTK_ALIGN_CENTER);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), widget);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), widget);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), row);
      g_ptr_array_add (switches, widget);
      g_signal_connect_object (widget, "notify::active", G_CALLBACK (event_switched_cb), self, 0);
    }
  g_object_set_data_full (G_OBJECT (group), "terra-event-switches", switches, (GDestroyNotify)g_ptr_array_unref);
  adw_preferences_group_add (group, expander);
}

/* The calendar feed */

static void
feed_token_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(TerraPreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_auto(TerraSecretString) token = terra_integrations_token_finish (result, &error);
  g_autofree char *base = NULL;
  g_autofree char *url = NULL;

  if (token == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autofree char *message = g_strdup_printf (_("Calendar feed unavailable: %s"), error->message);

          _terra_preferences_toast (self, message);
        }
      return;
    }
  base = _terra_preferences_server_url (self);
  url = g_strdup_printf ("%s/calendar.ics?token=%s", base, token);
  _terra_preferences_add_copy_row (self, self->webhooks_group, _("Calendar feed"), url);
}

void
_terra_preferences_api_init (TerraPreferencesWindow *self)
{
  adw_action_row_set_subtitle (self->api_key_row, _("Reading the keyring…"));
  terra_integrations_token_async (self->workspace, TERRA_INTEGRATIONS_API_KEY, FALSE, self->cancellable,
                                  api_key_loaded_cb, g_object_ref (self));
  /* The server's limits protect the REST API and the webhooks alike. */
  _terra_preferences_add_setting_row (self, self->api_key_group, "server.rate_per_key", _("Requests per second with the key"),
                                      _("Bursts of twice that; 0 for no limit"));
  _terra_preferences_add_setting_row (self, self->api_key_group, "server.rate_per_address",
                                      _("Requests per second from one address"), _("Bursts of twice that; 0 for no limit"));
  _terra_preferences_add_setting_row (self, self->api_key_group, "server.max_body_kib", _("Largest request (KiB)"),
                                      _("Larger requests are refused with 413"));
  webhooks_init (self);
  terra_integrations_token_async (self->workspace, TERRA_INTEGRATIONS_CALENDAR_FEED, FALSE, self->cancellable,
                                  feed_token_cb, g_object_ref (self));
}

void
_terra_preferences_class_init_api (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "prefs.show-api-key", NULL, show_api_key_action);
  gtk_widget_class_install_action (widget_class, "prefs.copy-api-key", NULL, copy_api_key_action);
  gtk_widget_class_install_action (widget_class, "prefs.regenerate-api-key", NULL, regenerate_api_key_action);
}
