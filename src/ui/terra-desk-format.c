/* terra-desk-format.c — how the conversation desk names things
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One place for the words, icons and emoji of channels, statuses,
 * sentiments and delivery states, so the list, the detail and the export
 * say the same thing.
 */

#define G_LOG_DOMAIN "terra-desk"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "terra-desk-format.h"

const char *
terra_desk_channel_name (TerraChannel channel)
{
  switch (channel)
    {
    case TERRA_CHANNEL_WHATSAPP: return _("WhatsApp");
    case TERRA_CHANNEL_SMS: return _("SMS");
    case TERRA_CHANNEL_WEBCHAT: return _("Web chat");
    case TERRA_CHANNEL_TELEGRAM: return _("Telegram");
    case TERRA_CHANNEL_API: return _("API");
    default: return "";
    }
}

/* Icons of the Adwaita icon theme that every GNOME system has. */
const char *
terra_desk_channel_icon (TerraChannel channel)
{
  switch (channel)
    {
    case TERRA_CHANNEL_WHATSAPP: return "chat-message-new-symbolic";
    case TERRA_CHANNEL_SMS: return "phone-symbolic";
    case TERRA_CHANNEL_WEBCHAT: return "web-browser-symbolic";
    case TERRA_CHANNEL_TELEGRAM: return "mail-send-symbolic";
    case TERRA_CHANNEL_API: return "network-server-symbolic";
    default: return "terra-conversation-symbolic";
    }
}

const char *
terra_desk_status_name (TerraConversationStatus status)
{
  switch (status)
    {
    case TERRA_CONVERSATION_STATUS_ACTIVE: return _("Active");
    case TERRA_CONVERSATION_STATUS_WAITING: return _("Waiting");
    case TERRA_CONVERSATION_STATUS_HANDED_OFF: return _("Handed off");
    case TERRA_CONVERSATION_STATUS_CLOSED: return _("Closed");
    default: return "";
    }
}

const char *
terra_desk_sentiment_name (TerraSentiment sentiment)
{
  switch (sentiment)
    {
    case TERRA_SENTIMENT_NEGATIVE: return _("Negative");
    case TERRA_SENTIMENT_NEUTRAL: return _("Neutral");
    case TERRA_SENTIMENT_POSITIVE: return _("Positive");
    default: return "";
    }
}

const char *
terra_desk_sentiment_emoji (TerraSentiment sentiment)
{
  switch (sentiment)
    {
    case TERRA_SENTIMENT_NEGATIVE: return "🙁";
    case TERRA_SENTIMENT_POSITIVE: return "🙂";
    default: return "😐";
    }
}

const char *
terra_desk_temperature_name (TerraTemperature temperature)
{
  switch (temperature)
    {
    case TERRA_TEMPERATURE_HOT: return _("Hot");
    case TERRA_TEMPERATURE_WARM: return _("Warm");
    default: return _("Cold");
    }
}

const char *
terra_desk_delivery_name (TerraDelivery delivery)
{
  switch (delivery)
    {
    case TERRA_DELIVERY_PENDING: return _("Sending");
    case TERRA_DELIVERY_SENT: return _("Sent");
    case TERRA_DELIVERY_DELIVERED: return _("Delivered");
    case TERRA_DELIVERY_READ: return _("Read");
    case TERRA_DELIVERY_FAILED: return _("Not delivered");
    default: return "";
    }
}

/* The ticks messaging apps taught everyone: one sent, two delivered. */
const char *
terra_desk_delivery_ticks (TerraDelivery delivery)
{
  switch (delivery)
    {
    case TERRA_DELIVERY_PENDING: return "🕓";
    case TERRA_DELIVERY_SENT: return "✓";
    case TERRA_DELIVERY_DELIVERED: return "✓✓";
    case TERRA_DELIVERY_READ: return "✓✓";
    case TERRA_DELIVERY_FAILED: return "⚠";
    default: return "";
    }
}

/* "now", "5 min", "3 h", "2 d", then a date. */
char *
terra_desk_format_since (gint64 then_us,
                         gint64 now_us)
{
  gint64 seconds = MAX (0, (now_us - then_us) / G_USEC_PER_SEC);

  if (seconds < 60)
    return g_strdup (_("now"));
  if (seconds < 3600)
    return g_strdup_printf (_("%d min"), (int)(seconds / 60));
  if (seconds < 86400)
    return g_strdup_printf (_("%d h"), (int)(seconds / 3600));
  if (seconds < 7 * 86400)
    return g_strdup_printf (_("%d d"), (int)(seconds / 86400));
  {
    g_autoptr(GDateTime) then = g_date_time_new_from_unix_local (then_us / G_USEC_PER_SEC);

    return then != NULL ? g_date_time_format (then, "%e %b") : g_strdup ("");
  }
}

/* A message's time: the time of day today, a date and time otherwise. */
char *
terra_desk_format_time (gint64 at_us)
{
  g_autoptr(GDateTime) at = g_date_time_new_from_unix_local (at_us / G_USEC_PER_SEC);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  if (at == NULL)
    return g_strdup ("");
  if (g_date_time_get_year (at) == g_date_time_get_year (now) &&
      g_date_time_get_day_of_year (at) == g_date_time_get_day_of_year (now))
    return g_date_time_format (at, "%H:%M");
  return g_date_time_format (at, "%e %b, %H:%M");
}

static char *
payload_string (const char *payload_json,
                const char *member)
{
  g_autoptr(JsonNode) root = payload_json ? json_from_string (payload_json, NULL) : NULL;
  JsonObject *object;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  object = json_node_get_object (root);
  if (!json_object_has_member (object, member) ||
      json_node_get_value_type (json_object_get_member (object, member)) != G_TYPE_STRING)
    return NULL;
  return g_strdup (json_object_get_string_member (object, member));
}

/* A line for an audit event shown between the messages, or NULL for the
 * events that are not worth showing there. */
char *
terra_desk_describe_event (const char *kind,
                           const char *payload_json)
{
  g_autofree char *reason = payload_string (payload_json, "reason");

  if (g_strcmp0 (kind, "handoff.requested") == 0)
    return reason && *reason
           ? g_strdup_printf (_("Handoff requested: %s"), reason)
           : g_strdup (_("Handoff requested"));
  if (g_str_has_prefix (kind, "conversation.taken") || g_strcmp0 (kind, "takeover") == 0 ||
      g_strcmp0 (kind, "conversation.takeover") == 0)
    return g_strdup (_("You took over the conversation"));
  if (g_str_has_prefix (kind, "conversation.hand") || g_strcmp0 (kind, "handback") == 0)
    return g_strdup (_("Handed back to the assistant"));
  if (g_str_has_prefix (kind, "booking."))
    {
      if (g_str_has_suffix (kind, "cancelled"))
        return g_strdup (_("Appointment cancelled"));
      if (g_str_has_suffix (kind, "rescheduled"))
        return g_strdup (_("Appointment rescheduled"));
      return g_strdup (_("Appointment booked"));
    }
  if (g_strcmp0 (kind, "contact.opted_out") == 0)
    return g_strdup (_("The lead opted out of messages"));
  if (g_str_has_prefix (kind, "draft.approved"))
    return g_strdup (_("Draft approved"));
  if (g_str_has_prefix (kind, "draft.rejected"))
    return g_strdup (_("Draft rejected"));
  if (g_str_has_prefix (kind, "draft.edited"))
    return g_strdup (_("Draft edited and approved"));
  if (g_strcmp0 (kind, "lead.hot") == 0)
    return g_strdup (_("Became a hot lead"));
  if (g_strcmp0 (kind, "message.delivery_failed") == 0 || g_strcmp0 (kind, "delivery.failed") == 0)
    return g_strdup (_("A message could not be delivered"));
  return NULL;
}
