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
               _("WhatsApp reaches Terra through Twilio (above) or Meta’s WhatsApp Cloud API (here). For the "
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

static const char * const position_values[] = { "right", "left", NULL };
static const char * const position_labels[] = { N_("Bottom right"), N_("Bottom left"), NULL };

static void
generate_clicked_cb (GtkButton              *button,
                     TerraPreferencesWindow *self)
{
  AdwActionRow *code_row = g_object_get_data (G_OBJECT (button), "terra-code-row");
  GtkLabel *code_label = g_object_get_data (G_OBJECT (code_row), "terra-copy-label");
  TerraStore *store = terra_workspace_get_store (self->workspace);
  g_autofree char *color = terra_store_get_setting_string (store, "webchat.color");
  g_autofree char *position = terra_store_get_setting_string (store, "webchat.position");
  g_autofree char *greeting = terra_store_get_setting_string (store, "webchat.greeting");
  g_autofree char *base = _terra_preferences_server_url (self);
  g_autofree char *code = NULL;
  g_autoptr(GError) error = NULL;

  code = terra_integrations_webchat_embed_code (store, base, color, position,
                                                greeting != NULL && *greeting != '\0' ? greeting : NULL, &error);
  if (code == NULL)
    {
      adw_action_row_set_subtitle (code_row, error->message);
      return;
    }
  adw_action_row_set_subtitle (code_row, _("Paste it before </body> on every page of your website"));
  gtk_label_set_label (code_label, code);
}

static void
new_token_response_cb (AdwMessageDialog       *dialog,
                       const char             *response,
                       TerraPreferencesWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;

  if (!g_str_equal (response, "replace"))
    return;
  token = terra_integrations_webchat_regenerate_token (terra_workspace_get_store (self->workspace), &error);
  _terra_preferences_toast (self, token != NULL ? _("New site token: make the embed code again and replace it on your website")
                                                : error->message);
}

static void
new_token_clicked_cb (GtkButton              *button,
                      TerraPreferencesWindow *self)
{
  AdwMessageDialog *dialog;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), _("Replace the Site Token?"),
                                                       _("Web chats embedded with the current code stop "
                                                         "connecting until you paste the new code.")));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "replace", _("_Replace"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "replace", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (new_token_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
webchat_init (TerraPreferencesWindow *self)
{
  AdwPreferencesGroup *group =
    add_group (self, _("Web Chat"),
               _("A chat bubble for your website, served by Terra. The page must reach this computer’s server "
                 "(on the same network, or through a tunnel)."));
  GtkWidget *button = gtk_button_new_with_label (_("Make Embed Code"));
  GtkWidget *token_button = gtk_button_new_with_label (_("New Site Token…"));
  GtkWidget *button_row = adw_action_row_new ();
  GtkWidget *code_row;

  _terra_preferences_add_setting_row (self, group, "channels.webchat", _("Answer the web chat"), NULL);
  _terra_preferences_add_setting_row (self, group, "webchat.color", _("Colour"),
                                      _("The bubble’s colour, as #rrggbb"));
  _terra_preferences_add_choice_row (self, group, "webchat.position", _("Position"), NULL,
                                     position_values, position_labels);
  _terra_preferences_add_setting_row (self, group, "webchat.greeting", _("Greeting"),
                                      _("The first words a new visitor sees; empty for none"));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (button_row), _("Embed code"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (button_row), _("One script tag with the site token"));
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (token_button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (token_button, _("Replace the token in the embed code; old embeds stop working"));
  adw_action_row_add_suffix (ADW_ACTION_ROW (button_row), token_button);
  adw_action_row_add_suffix (ADW_ACTION_ROW (button_row), button);
  adw_preferences_group_add (group, button_row);

  code_row = _terra_preferences_add_copy_row (self, group, _("Code"), "");
  adw_action_row_set_subtitle (ADW_ACTION_ROW (code_row), _("Choose the look, then make the code"));

  g_object_set_data (G_OBJECT (button), "terra-code-row", code_row);
  g_signal_connect_object (button, "clicked", G_CALLBACK (generate_clicked_cb), self, 0);
  g_signal_connect_object (token_button, "clicked", G_CALLBACK (new_token_clicked_cb), self, 0);
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
  twilio_init (self);
  whatsapp_init (self);
  webchat_init (self);
  telegram_init (self);
  api_channel_init (self);
}
