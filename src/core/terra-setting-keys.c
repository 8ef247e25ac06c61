/* terra-setting-keys.c — the workspace settings Terra knows
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Business configuration lives in the workspace database (so headless mode
 * and backups see it); this table is its one definition: what `--set`
 * accepts, what the README lists, and what a missing value defaults to.
 * Secrets are never settings: they live in the keyring (terra-secrets.h).
 */

#define G_LOG_DOMAIN "terra-settings"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "terra-setting-keys.h"
#include "terra-store.h"

static const TerraSettingKey keys[] = {
  { "business.name", TERRA_SETTING_STRING, "", NULL, 0, 0, FALSE,
    N_("The business’s name, as the assistant introduces it") },
  { "business.type", TERRA_SETTING_CHOICE, "other",
    "real-estate clinic salon education legal finance retail other", 0, 0, FALSE,
    N_("The kind of business") },
  { "business.timezone", TERRA_SETTING_TIMEZONE, "", NULL, 0, 0, FALSE,
    N_("IANA time zone of the business, such as Asia/Kolkata; empty for the system’s") },
  { "assistant.name", TERRA_SETTING_STRING, "Terra", NULL, 0, 0, FALSE,
    N_("The assistant’s name") },
  { "assistant.enabled", TERRA_SETTING_BOOLEAN, "true", NULL, 0, 0, FALSE,
    N_("Whether the assistant answers leads") },
  { "assistant.personality", TERRA_SETTING_CHOICE, "friendly",
    "friendly professional casual concise enthusiastic", 0, 0, FALSE,
    N_("The assistant’s tone: friendly, professional, casual, concise or enthusiastic") },
  { "assistant.reply_language", TERRA_SETTING_STRING, "auto", NULL, 0, 0, FALSE,
    N_("The language of replies: auto (the lead’s) or a language code such as en or hi") },
  { "assistant.approval", TERRA_SETTING_CHOICE, "none", "none first bookings all", 0, 0, FALSE,
    N_("Which replies wait for the owner’s approval: none, the first of a conversation, those that book, or all") },
  { "assistant.away_message", TERRA_SETTING_STRING, "", NULL, 0, 0, FALSE,
    N_("The automatic reply while the assistant is off or outside working hours; empty for none") },
  { "assistant.on_provider_failure", TERRA_SETTING_CHOICE, "builtin", "builtin handoff", 0, 0, FALSE,
    N_("When the AI provider stays down: the built-in engine answers (builtin), or a holding reply and a handoff to the owner (handoff)") },
  { "assistant.working_hours_only", TERRA_SETTING_BOOLEAN, "false", NULL, 0, 0, FALSE,
    N_("Whether the assistant answers only during the opening hours, and sends the away message otherwise") },
  { "assistant.reply_delay_seconds", TERRA_SETTING_INTEGER, "0", NULL, 0, 600, FALSE,
    N_("How long a reply waits before it is sent on WhatsApp, SMS or Telegram, so it does not arrive inhumanly fast") },
  { "assistant.typing_indicator", TERRA_SETTING_BOOLEAN, "true", NULL, 0, 0, FALSE,
    N_("Whether web chat visitors see the typing dots while the assistant writes its reply") },
  { "assistant.max_reply_chars", TERRA_SETTING_INTEGER, "600", NULL, 80, 4000, FALSE,
    N_("The longest reply the assistant sends, in characters") },
  { "assistant.prompt_budget_tokens", TERRA_SETTING_INTEGER, "3000", NULL, 1000, 100000, FALSE,
    N_("How many tokens a prompt to an LLM may use at most") },
  { "escalation.legal", TERRA_SETTING_BOOLEAN, "true", NULL, 0, 0, FALSE,
    N_("Hand the conversation to the owner when the lead raises a legal matter") },
  { "escalation.discount", TERRA_SETTING_BOOLEAN, "true", NULL, 0, 0, FALSE,
    N_("Hand the conversation to the owner when the lead asks for a discount or negotiates the price") },
  { "escalation.human_request", TERRA_SETTING_BOOLEAN, "true", NULL, 0, 0, FALSE,
    N_("Hand the conversation to the owner when the lead asks for a person") },
  { "escalation.negative_sentiment", TERRA_SETTING_BOOLEAN, "true", NULL, 0, 0, FALSE,
    N_("Hand the conversation to the owner when the lead is upset: frustrated, abusive, or below the sentiment threshold") },
  { "escalation.sentiment_threshold", TERRA_SETTING_INTEGER, "-60", NULL, -100, 0, FALSE,
    N_("The sentiment, from -100 (furious) to 0 (neutral), at or below which the conversation is handed over") },
  { "escalation.low_score", TERRA_SETTING_BOOLEAN, "false", NULL, 0, 0, FALSE,
    N_("Hand the conversation to the owner when the lead score stays low after three messages") },
  { "escalation.low_score_threshold", TERRA_SETTING_INTEGER, "15", NULL, 0, 100, FALSE,
    N_("The lead score, 0–100, below which a lead is handed over (with escalation.low_score)") },
  { "escalation.contact_name", TERRA_SETTING_STRING, "", NULL, 0, 0, FALSE,
    N_("Who takes over a handed-off conversation, as the assistant tells the lead; empty for “a member of our team”") },
  { "channels.whatsapp", TERRA_SETTING_BOOLEAN, "true", NULL, 0, 0, FALSE,
    N_("Whether the assistant answers leads on WhatsApp") },
  { "channels.sms", TERRA_SETTING_BOOLEAN, "true", NULL, 0, 0, FALSE,
    N_("Whether the assistant answers leads by SMS") },
  { "channels.webchat", TERRA_SETTING_BOOLEAN, "true", NULL, 0, 0, FALSE,
    N_("Whether the assistant answers leads in the web chat") },
  { "channels.telegram", TERRA_SETTING_BOOLEAN, "true", NULL, 0, 0, FALSE,
    N_("Whether the assistant answers leads on Telegram") },
  { "channels.api", TERRA_SETTING_BOOLEAN, "true", NULL, 0, 0, FALSE,
    N_("Whether the assistant answers messages that arrive through the REST API") },
  { "privacy.retention_days", TERRA_SETTING_INTEGER, "0", NULL, 0, 3650, FALSE,
    N_("Delete messages older than this many days, every day; 0 keeps them") },
  { "privacy.consent_message", TERRA_SETTING_STRING, "", NULL, 0, 0, FALSE,
    N_("A notice sent with the first reply to a new contact, such as how their data is used; empty for none") },
  { "privacy.opt_out", TERRA_SETTING_CHOICE, "confirm", "confirm silent", 0, 0, FALSE,
    N_("When a lead says STOP: opt them out and confirm once (confirm), or opt them out without a reply (silent)") },
  { "privacy.keep_message_text", TERRA_SETTING_BOOLEAN, "true", NULL, 0, 0, FALSE,
    N_("Whether the leads’ message text is kept after the assistant has answered; when false only the analysis stays") },
  { "booking.min_notice_minutes", TERRA_SETTING_INTEGER, "120", NULL, 0, 60 * 24 * 30, FALSE,
    N_("How long before an appointment it can be booked at the latest, in minutes") },
  { "booking.horizon_days", TERRA_SETTING_INTEGER, "60", NULL, 1, 730, FALSE,
    N_("How many days ahead appointments can be booked") },
  { "booking.max_per_day", TERRA_SETTING_INTEGER, "0", NULL, 0, 500, FALSE,
    N_("The most appointments on one day; 0 for no limit") },
  { "booking.slot_minutes", TERRA_SETTING_INTEGER, "30", NULL, 5, 240, FALSE,
    N_("The step between offered start times, in minutes") },
  { "calendar.reminder_minutes", TERRA_SETTING_INTEGER, "30", NULL, 0, 60 * 24 * 7, FALSE,
    N_("How many minutes before an appointment the desktop reminds you; 0 for never") },
  { "provider.kind", TERRA_SETTING_CHOICE, "builtin", "builtin openai anthropic gemini", 0, 0, FALSE,
    N_("Which engine writes replies: the built-in offline engine or an LLM provider") },
  { "provider.base_url", TERRA_SETTING_URL, "", NULL, 0, 0, FALSE,
    N_("The provider’s API address; empty for the provider’s default") },
  { "provider.model", TERRA_SETTING_STRING, "", NULL, 0, 0, FALSE,
    N_("The model name, such as gpt-4o-mini or llama3.2") },
  { "provider.embedding_model", TERRA_SETTING_STRING, "", NULL, 0, 0, FALSE,
    N_("The embedding model for knowledge search; empty for the provider's default") },
  { "twilio.account_sid", TERRA_SETTING_STRING, "", NULL, 0, 0, FALSE,
    N_("Twilio account SID") },
  { "twilio.from_number", TERRA_SETTING_STRING, "", NULL, 0, 0, FALSE,
    N_("The Twilio number replies are sent from (E.164, or whatsapp:+…)") },
  { "twilio.public_url", TERRA_SETTING_URL, "", NULL, 0, 0, FALSE,
    N_("The public address Twilio posts to; its signature covers it") },
  { "twilio.api_base", TERRA_SETTING_URL, "https://api.twilio.com", NULL, 0, 0, FALSE,
    N_("Twilio’s API address") },
  { "whatsapp.phone_number_id", TERRA_SETTING_STRING, "", NULL, 0, 0, FALSE,
    N_("WhatsApp Cloud API phone number id") },
  { "whatsapp.api_base", TERRA_SETTING_URL, "https://graph.facebook.com/v21.0", NULL, 0, 0, FALSE,
    N_("The Graph API address") },
  { "telegram.api_base", TERRA_SETTING_URL, "https://api.telegram.org", NULL, 0, 0, FALSE,
    N_("The Telegram Bot API address") },
  { "telegram.webhook", TERRA_SETTING_BOOLEAN, "false", NULL, 0, 0, FALSE,
    N_("Whether Telegram delivers updates to /webhooks/telegram instead of Terra polling for them") },
  { "telegram.update_offset", TERRA_SETTING_INTEGER, "0", NULL, 0, G_MAXINT64, TRUE,
    N_("The next Telegram update to fetch; saved with the messages it brought") },
  { "webhooks.url", TERRA_SETTING_URL, "", NULL, 0, 0, FALSE,
    N_("Where Terra POSTs signed event webhooks; empty for none") },
  { "webhooks.events", TERRA_SETTING_LIST,
    "message.received,lead.qualified,lead.hot,booking.created,booking.cancelled,handoff.requested,summary.daily",
    "message.received lead.qualified lead.hot booking.created booking.cancelled handoff.requested summary.daily",
    0, 0, FALSE,
    N_("Which events are POSTed to the webhook address, separated by commas; unset for all") },
  { "server.max_body_kib", TERRA_SETTING_INTEGER, "256", NULL, 16, 65536, FALSE,
    N_("The largest request body the server accepts, in KiB; larger ones get 413") },
  { "server.rate_per_address", TERRA_SETTING_INTEGER, "50", NULL, 0, 1000000, FALSE,
    N_("Requests per second one client address may send, with bursts of twice that; 0 for no limit") },
  { "server.rate_per_key", TERRA_SETTING_INTEGER, "200", NULL, 0, 1000000, FALSE,
    N_("Requests per second the REST API takes with the workspace API key, with bursts of twice that; 0 for no limit") },
  { "webchat.color", TERRA_SETTING_STRING, "#3584e4", NULL, 0, 0, FALSE,
    N_("The web chat's colour, as #rrggbb; an invalid value falls back to blue") },
  { "webchat.position", TERRA_SETTING_CHOICE, "right", "right left", 0, 0, FALSE,
    N_("The corner of the page the web chat's button sits in: right or left") },
  { "webchat.greeting", TERRA_SETTING_STRING, "", NULL, 0, 0, FALSE,
    N_("The first words the web chat shows a new visitor; empty for none") },
  { "webchat.allowed_origins", TERRA_SETTING_STRING, "", NULL, 0, 0, FALSE,
    N_("The websites allowed to show the web chat, such as https://example.com, separated by spaces; empty for any") },
  { "webchat.site_token", TERRA_SETTING_STRING, "", NULL, 0, 0, TRUE,
    N_("The token in the web chat's embed code; made on first use, replaced when regenerated") },
  { "workspace.id", TERRA_SETTING_STRING, "", NULL, 0, 0, TRUE,
    N_("The workspace’s own id; names its secrets in the keyring") },
  { "workspace.demo", TERRA_SETTING_BOOLEAN, "false", NULL, 0, 0, TRUE,
    N_("Whether the workspace holds the invented demo business") },
};

const TerraSettingKey *
terra_setting_keys_list (guint *n_keys)
{
  g_return_val_if_fail (n_keys != NULL, NULL);

  *n_keys = G_N_ELEMENTS (keys);
  return keys;
}

/* Returns the definition of key, or NULL if Terra has no such setting. */
const TerraSettingKey *
terra_setting_keys_lookup (const char *key)
{
  for (guint i = 0; key != NULL && i < G_N_ELEMENTS (keys); i++)
    if (g_str_equal (keys[i].key, key))
      return &keys[i];
  return NULL;
}

const char *
terra_setting_keys_get_default (const char *key)
{
  const TerraSettingKey *definition = terra_setting_keys_lookup (key);

  return definition != NULL ? definition->default_value : NULL;
}

static gboolean
choice_is_valid (const TerraSettingKey *definition,
                 const char            *text)
{
  g_auto(GStrv) choices = g_strsplit (definition->choices, " ", -1);

  return g_strv_contains ((const char * const *)choices, text);
}

static gboolean
url_is_valid (const char *text)
{
  g_autoptr(GUri) uri = NULL;
  const char *scheme;

  if (*text == '\0')
    return TRUE;

  uri = g_uri_parse (text, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    return FALSE;

  scheme = g_uri_get_scheme (uri);
  return g_ascii_strcasecmp (scheme, "http") == 0 || g_ascii_strcasecmp (scheme, "https") == 0;
}

static gboolean
timezone_is_valid (const char *text)
{
  g_autoptr(GTimeZone) zone = NULL;

  if (*text == '\0')
    return TRUE;

  zone = g_time_zone_new_identifier (text);
  return zone != NULL;
}

static JsonNode *
parse_integer (const TerraSettingKey  *definition,
               const char             *text,
               GError                **error)
{
  gint64 number = 0;

  if (!g_ascii_string_to_signed (text, 10, definition->minimum, definition->maximum, &number, NULL))
    {
      g_set_error (error, TERRA_STORE_ERROR, TERRA_STORE_ERROR_INVALID,
                   _("%s must be a whole number from %lld to %lld"),
                   definition->key, (long long)definition->minimum, (long long)definition->maximum);
      return NULL;
    }

  return json_node_init_int (json_node_alloc (), number);
}

/* "a, b" → ["a", "b"]; every item must be one of the choices. An empty
 * text is an empty list. */
static JsonNode *
parse_list (const TerraSettingKey  *definition,
            const char             *text,
            GError                **error)
{
  g_auto(GStrv) items = g_strsplit (text, ",", -1);
  g_autoptr(JsonArray) array = json_array_new ();

  for (guint i = 0; items[i] != NULL; i++)
    {
      char *item = g_strstrip (items[i]);

      if (*item == '\0')
        continue;
      if (!choice_is_valid (definition, item))
        {
          g_set_error (error, TERRA_STORE_ERROR, TERRA_STORE_ERROR_INVALID,
                       _("%s: “%s” is not one of: %s"), definition->key, item, definition->choices);
          return NULL;
        }
      json_array_add_string_element (array, item);
    }

  return json_node_init_array (json_node_alloc (), array);
}

/**
 * terra_setting_keys_parse:
 * @key: a setting's name
 * @text: its value as typed on a command line
 *
 * Checks @text against the setting's type.
 *
 * Returns: (transfer full): the JSON value to store, or %NULL with an error
 *   that says what is wrong
 */
JsonNode *
terra_setting_keys_parse (const char  *key,
                          const char  *text,
                          GError     **error)
{
  const TerraSettingKey *definition = terra_setting_keys_lookup (key);

  g_return_val_if_fail (text != NULL, NULL);

  if (definition == NULL || definition->internal)
    {
      g_set_error (error, TERRA_STORE_ERROR, TERRA_STORE_ERROR_INVALID,
                   _("Unknown setting “%s”. The README lists the settings."), key);
      return NULL;
    }

  if (!g_utf8_validate (text, -1, NULL) || strlen (text) > 4096)
    {
      g_set_error (error, TERRA_STORE_ERROR, TERRA_STORE_ERROR_INVALID,
                   _("The value of %s must be UTF-8 text of at most 4096 bytes"), key);
      return NULL;
    }

  switch (definition->type)
    {
    case TERRA_SETTING_BOOLEAN:
      if (g_str_equal (text, "true") || g_str_equal (text, "false"))
        return json_node_init_boolean (json_node_alloc (), g_str_equal (text, "true"));
      g_set_error (error, TERRA_STORE_ERROR, TERRA_STORE_ERROR_INVALID,
                   _("%s must be true or false"), key);
      return NULL;

    case TERRA_SETTING_INTEGER:
      return parse_integer (definition, text, error);

    case TERRA_SETTING_CHOICE:
      if (!choice_is_valid (definition, text))
        {
          g_set_error (error, TERRA_STORE_ERROR, TERRA_STORE_ERROR_INVALID,
                       _("%s must be one of: %s"), key, definition->choices);
          return NULL;
        }
      break;

    case TERRA_SETTING_URL:
      if (!url_is_valid (text))
        {
          g_set_error (error, TERRA_STORE_ERROR, TERRA_STORE_ERROR_INVALID,
                       _("%s must be an http:// or https:// address"), key);
          return NULL;
        }
      break;

    case TERRA_SETTING_TIMEZONE:
      if (!timezone_is_valid (text))
        {
          g_set_error (error, TERRA_STORE_ERROR, TERRA_STORE_ERROR_INVALID,
                       _("%s: “%s” is not a time zone this system knows (try Area/City, such as Europe/Berlin)"),
                       key, text);
          return NULL;
        }
      break;

    case TERRA_SETTING_LIST:
      return parse_list (definition, text, error);

    case TERRA_SETTING_STRING:
    default:
      break;
    }

  return json_node_init_string (json_node_alloc (), text);
}

/* Splits "KEY=VALUE" (as given to --set) and parses the value. */
gboolean
terra_setting_keys_parse_assignment (const char  *assignment,
                                     char       **key,
                                     JsonNode   **value,
                                     GError     **error)
{
  const char *equals;
  g_autofree char *name = NULL;
  JsonNode *parsed;

  g_return_val_if_fail (assignment != NULL, FALSE);
  g_return_val_if_fail (key != NULL && value != NULL, FALSE);

  equals = strchr (assignment, '=');
  if (equals == NULL || equals == assignment)
    {
      g_set_error (error, TERRA_STORE_ERROR, TERRA_STORE_ERROR_INVALID,
                   _("“%s” is not of the form KEY=VALUE"), assignment);
      return FALSE;
    }

  name = g_strndup (assignment, equals - assignment);
  parsed = terra_setting_keys_parse (name, equals + 1, error);
  if (parsed == NULL)
    return FALSE;

  *key = g_steal_pointer (&name);
  *value = parsed;
  return TRUE;
}
