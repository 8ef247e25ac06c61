/* terra-preferences-window-channels.c — Preferences: the channels leads
 * write on
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One group per channel: whether the assistant answers there (the
 * orchestrator stays silent on a switched-off channel and leaves the
 * messages to the owner), the channel's settings and secrets, and the
 * webhook address to paste into the provider's console. The web chat
 * group makes the one-line embed code for a website.
 */

#define G_LOG_DOMAIN "terra-preferences"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "terra-integrations.h"
#include "terra-preferences-window-private.h"

static AdwPreferencesGroup *
add_group (TerraPreferencesWindow *self,
           const char             *title,
           const char             *description)
{
  AdwPreferencesGroup *group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());

  adw_preferences_group_set_title (group, title);
  adw_preferences_group_set_description (group, description);
  adw_preferences_page_add (self->channels_page, group);
  return group;
}

static void
add_webhook_row (TerraPreferencesWindow *self,
                 AdwPreferencesGroup    *group,
                 const char             *path)
{
  g_autofree char *base = _terra_preferences_server_url (self);
  g_autofree char *url = g_strconcat (base, path, NULL);

  _terra_preferences_add_copy_row (self, group, _("Webhook URL"), url);
}

static void
twilio_init (TerraPreferencesWindow *self)
{
  AdwPreferencesGroup *group =
    add_group (self, _("SMS and WhatsApp through Twilio"),
               _("In the Twilio console, set the number’s “A message comes in” webhook to the address below "
                 "(with a tunnel, its public address). Twilio signs each request with the auth token."));

  _terra_preferences_add_setting_row (self, group, "channels.sms", _("Answer SMS"), NULL);
  _terra_preferences_add_setting_row (self, group, "twilio.account_sid", _("Account SID"), NULL);
  _terra_preferences_add_secret_row (self, group, "twilio_auth_token", _("Auth token"));
  _terra_preferences_add_setting_row (self, group, "twilio.from_number", _("From number"),
                                      _("E.164, such as +14155550100, or whatsapp:+14155550100"));
  _terra_preferences_add_setting_row (self, group, "twilio.public_url", _("Public webhook address"),
                                      _("The exact address Twilio posts to; its signature covers it"));
  _terra_preferences_add_setting_row (self, group, "twilio.api_base", _("API address"), NULL);
  add_webhook_row (self, group, "/webhooks/twilio");
}

static void
whatsapp_init (TerraPreferencesWindow *self)
{
  AdwPreferencesGroup *group =
    add_group (self, _("WhatsApp"),
               _("WhatsApp reaches Terra through Twilio (above) or Meta’s WhatsApp Cloud API (below). For the "
                 "Cloud API, paste the webhook address and the verify token into the Meta app’s WhatsApp "
                 "configuration."));

  _terra_preferences_add_setting_row (self, group, "channels.whatsapp", _("Answer WhatsApp"), NULL);
  _terra_preferences_add_setting_row (self, group, "whatsapp.phone_number_id", _("Phone number ID"), NULL);
  _terra_preferences_add_secret_row (self, group, "whatsapp_token", _("Access token"));
  _terra_preferences_add_secret_row (self, group, "whatsapp_app_secret", _("App secret"));
  _terra_preferences_add_secret_row (self, group, "whatsapp_verify_token", _("Verify token"));
  _terra_preferences_add_setting_row (self, group, "whatsapp.api_base", _("Graph API address"), NULL);
  add_webhook_row (self, group, "/webhooks/whatsapp");
}

static void
telegram_init (TerraPreferencesWindow *self)
{
  AdwPreferencesGroup *group =
    add_group (self, _("Telegram"),
               _("Create a bot with @BotFather and save its token. Terra asks Telegram for new messages by "
                 "itself; a webhook is only needed if you prefer Telegram to post them."));

  _terra_preferences_add_setting_row (self, group, "channels.telegram", _("Answer Telegram"), NULL);
  _terra_preferences_add_secret_row (self, group, "telegram_bot_token", _("Bot token"));
  _terra_preferences_add_setting_row (self, group, "telegram.webhook", _("Receive through a webhook"),
                                      _("Instead of asking Telegram for updates"));
  _terra_preferences_add_secret_row (self, group, "telegram_webhook_secret", _("Webhook secret"));
  _terra_preferences_add_setting_row (self, group, "telegram.api_base", _("Bot API address"), NULL);
  add_webhook_row (self, group, "/webhooks/telegram");
}

/* Web chat */

typedef struct
{
  AdwEntryRow  *color_row;
  AdwComboRow  *position_row;
  AdwEntryRow  *greeting_row;
  GtkLabel     *code_label;
  AdwActionRow *code_row;
} Embed;

static gboolean
color_is_valid (const char *text)
{
  if (*text == '\0')
    return TRUE;
  if (text[0] != '#' || strlen (text) != 7)
    return FALSE;
  for (guint i = 1; i < 7; i++)
    if (!g_ascii_isxdigit (text[i]))
      return FALSE;
  return TRUE;
}

static void
generate_clicked_cb (GtkButton              *button,
                     TerraPreferencesWindow *self)
{
  Embed *embed = g_object_get_data (G_OBJECT (button), "terra-embed");
  const char *color = gtk_editable_get_text (GTK_EDITABLE (embed->color_row));
  const char *greeting = gtk_editable_get_text (GTK_EDITABLE (embed->greeting_row));
  const char *position = adw_combo_row_get_selected (embed->position_row) == 1 ? "left" : "right";
  g_autofree char *base = _terra_preferences_server_url (self);
  g_autofree char *code = NULL;
  g_autoptr(GError) error = NULL;

  if (!color_is_valid (color))
    {
      gtk_widget_add_css_class (GTK_WIDGET (embed->color_row), "error");
      adw_action_row_set_subtitle (embed->code_row, _("The colour must be written #rrggbb, such as #3584e4"));
      return;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (embed->color_row), "error");

  code = terra_integrations_webchat_embed_code (terra_workspace_get_store (self->workspace), base,
                                                *color != '\0' ? color : NULL, position,
                                                *greeting != '\0' ? greeting : NULL, &error);
  if (code == NULL)
    {
      adw_action_row_set_subtitle (embed->code_row, error->message);
      return;
    }
  adw_action_row_set_subtitle (embed->code_row, _("Paste it before </body> on every page of your website"));
  gtk_label_set_label (embed->code_label, code);
}

static void
color_changed_cb (AdwEntryRow *row,
                  gpointer     user_data)
{
  if (color_is_valid (gtk_editable_get_text (GTK_EDITABLE (row))))
    gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (row), "error");
}

static void
webchat_init (TerraPreferencesWindow *self)
{
  AdwPreferencesGroup *group =
    add_group (self, _("Web Chat"),
               _("A chat bubble for your website, served by Terra. The page must reach this computer’s server "
                 "(on the same network, or through a tunnel)."));
  Embed *embed = g_new0 (Embed, 1);
  g_autoptr(GtkStringList) positions = gtk_string_list_new ((const char *[]) { _("Bottom right"), _("Bottom left"), NULL });
  GtkWidget *button = gtk_button_new_with_label (_("Make Embed Code"));
  GtkWidget *button_row = adw_action_row_new ();

  _terra_preferences_add_setting_row (self, group, "channels.webchat", _("Answer the web chat"), NULL);

  embed->color_row = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (embed->color_row), _("Colour (#rrggbb)"));
  g_signal_connect (embed->color_row, "changed", G_CALLBACK (color_changed_cb), NULL);
  adw_preferences_group_add (group, GTK_WIDGET (embed->color_row));

  embed->position_row = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (embed->position_row), _("Position"));
  adw_combo_row_set_model (embed->position_row, G_LIST_MODEL (positions));
  adw_preferences_group_add (group, GTK_WIDGET (embed->position_row));

  embed->greeting_row = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (embed->greeting_row), _("Greeting"));
  adw_preferences_group_add (group, GTK_WIDGET (embed->greeting_row));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (button_row), _("Embed code"));
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (button_row), button);
  adw_preferences_group_add (group, button_row);

  embed->code_row = ADW_ACTION_ROW (_terra_preferences_add_copy_row (self, group, _("Code"), ""));
  embed->code_label = GTK_LABEL (g_object_get_data (G_OBJECT (embed->code_row), "terra-copy-label"));
  adw_action_row_set_subtitle (embed->code_row, _("Choose the look, then make the code"));

  g_object_set_data_full (G_OBJECT (button), "terra-embed", embed, g_free);
  g_signal_connect_object (button, "clicked", G_CALLBACK (generate_clicked_cb), self, 0);
}

static void
api_channel_init (TerraPreferencesWindow *self)
{
  AdwPreferencesGroup *group =
    add_group (self, _("Website Forms and Other Programs"),
               _("Anything that can send an HTTP request can hand Terra a lead: POST /api/v1/messages with "
                 "the API key (see API and Integrations)."));
  g_autofree char *base = _terra_preferences_server_url (self);
  g_autofree char *url = g_strconcat (base, "/api/v1/messages", NULL);

  _terra_preferences_add_setting_row (self, group, "channels.api", _("Answer messages from the API"),
                                      _("The test chat always answers"));
  _terra_preferences_add_copy_row (self, group, _("Endpoint"), url);
}

void
_terra_preferences_channels_init (TerraPreferencesWindow *self)
{
  whatsapp_init (self);
  twilio_init (self);
  webchat_init (self);
  telegram_init (self);
  api_channel_init (self);
}
