/* terra-twilio-send.c — one SMS or WhatsApp message through Twilio's
 * Messages API
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs on the outbox thread: one form POST to
 * {twilio.api_base}/2010-04-01/Accounts/{sid}/Messages.json with HTTP
 * Basic auth, asking Twilio to report the message's progress to our
 * webhook (twilio.public_url) when the owner configured one.
 */
#define G_LOG_DOMAIN "terra-twilio"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "terra-channel-senders-private.h"
#include "terra-twilio.h"

#define WHATSAPP_PREFIX "whatsapp:"
/* Twilio's code for free text outside WhatsApp's 24-hour window. */
#define TWILIO_WINDOW_CLOSED 63016

static void
append_field (GString    *form,
              const char *name,
              const char *value)
{
  g_autofree char *escaped = g_uri_escape_string (value, NULL, FALSE);

  if (form->len > 0)
    g_string_append_c (form, '&');
  g_string_append (form, name);
  g_string_append_c (form, '=');
  g_string_append (form, escaped);
}

/* "whatsapp:+1…" on the WhatsApp channel; the bare number for SMS. */
static char *
address_for (TerraChannel  channel,
             const char   *number)
{
  if (channel == TERRA_CHANNEL_WHATSAPP && !g_str_has_prefix (number, WHATSAPP_PREFIX))
    return g_strconcat (WHATSAPP_PREFIX, number, NULL);
  return g_strdup (number);
}

static GBytes *
build_form (TerraStore   *store,
            TerraChannel  channel,
            const char   *from,
            const char   *to,
            const char   *text)
{
  g_autoptr(GString) form = g_string_new (NULL);
  g_autofree char *to_address = address_for (channel, to);
  g_autofree char *public_url = terra_twilio_get_webhook_url (store);

  append_field (form, "To", to_address);
  /* A Messaging Service sid ("MG…") picks the sender itself. */
  if (g_str_has_prefix (from, "MG"))
    append_field (form, "MessagingServiceSid", from);
  else
    {
      g_autofree char *from_address = address_for (channel, from);
      append_field (form, "From", from_address);
    }
  append_field (form, "Body", text);
  if (public_url != NULL)
    append_field (form, "StatusCallback", public_url);
  return g_string_free_to_bytes (g_steal_pointer (&form));
}

static void
set_basic_auth (SoupMessage *message,
                const char  *account_sid,
                const char  *token)
{
  g_autofree char *credentials = g_strconcat (account_sid, ":", token, NULL);
  g_autofree char *encoded = g_base64_encode ((const guchar *)credentials, strlen (credentials));
  g_autofree char *header = g_strconcat ("Basic ", encoded, NULL);

  soup_message_headers_replace (soup_message_get_request_headers (message), "Authorization", header);
  memset (credentials, 0, strlen (credentials));
}

static JsonObject *
parse_object (GBytes *body)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize length;
  const char *data = g_bytes_get_data (body, &length);
  JsonNode *root;

  if (!json_parser_load_from_data (parser, data != NULL ? data : "", length, NULL))
    return NULL;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  return json_object_ref (json_node_get_object (root));
}

/* Twilio's error answer: {"code": 21211, "message": "…", "status": 400}. */
static gboolean
fail_with_answer (GBytes  *body,
                  guint    status,
                  GError **error)
{
  g_autoptr(JsonObject) object = parse_object (body);
  g_autofree char *detail = NULL;
  gint64 code = 0;

  if (object != NULL)
    {
      code = json_object_get_int_member_with_default (object, "code", 0);
      detail = g_strdup_printf ("%" G_GINT64_FORMAT " %s", code,
                                json_object_get_string_member_with_default (object, "message", ""));
    }
  if (code == TWILIO_WINDOW_CLOSED)
    {
      g_set_error (error, TERRA_CHANNEL_ERROR, TERRA_CHANNEL_ERROR_WINDOW_CLOSED,
                   _("Twilio refused free text outside WhatsApp’s 24-hour window (%s)"), detail);
      return FALSE;
    }
  if (status == SOUP_STATUS_UNAUTHORIZED)
    {
      g_set_error (error, TERRA_CHANNEL_ERROR, TERRA_CHANNEL_ERROR_NOT_CONFIGURED,
                   _("Twilio refused the account SID or auth token (%s)"),
                   detail != NULL ? detail : soup_status_get_phrase (status));
      return FALSE;
    }
  return _terra_channel_fail_for_status (error, "Twilio", status, detail);
}

gboolean
terra_twilio_send (SoupSession   *session,
                   TerraStore    *store,
                   TerraChannel   channel,
                   const char    *to,
                   const char    *text,
                   char         **out_external_id,
                   GCancellable  *cancellable,
                   GError       **error)
{
  g_autofree char *api_base = NULL;
  g_autofree char *account_sid = NULL;
  g_autofree char *from = NULL;
  g_autofree char *escaped_sid = NULL;
  g_autofree char *url = NULL;
  g_auto(TerraSecretString) token = NULL;
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GBytes) form = NULL;
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(JsonObject) object = NULL;
  guint status = 0;

  g_return_val_if_fail (SOUP_IS_SESSION (session), FALSE);
  g_return_val_if_fail (TERRA_IS_STORE (store), FALSE);
  g_return_val_if_fail (channel == TERRA_CHANNEL_SMS || channel == TERRA_CHANNEL_WHATSAPP, FALSE);

  if (to == NULL || *to == '\0')
    {
      g_set_error_literal (error, TERRA_CHANNEL_ERROR, TERRA_CHANNEL_ERROR_PERMANENT,
                           _("The message has no recipient"));
      return FALSE;
    }
  if (!_terra_channel_check_text (text, error) ||
      (api_base = _terra_channel_base_url (store, "twilio.api_base", error)) == NULL ||
      (account_sid = _terra_channel_require_setting (store, "twilio.account_sid", error)) == NULL ||
      (from = _terra_channel_require_setting (store, "twilio.from_number", error)) == NULL ||
      (token = _terra_channel_get_store_secret (store, "twilio_auth_token", cancellable, error)) == NULL)
    return FALSE;

  escaped_sid = g_uri_escape_string (account_sid, NULL, FALSE);
  url = g_strconcat (api_base, "/2010-04-01/Accounts/", escaped_sid, "/Messages.json", NULL);
  message = soup_message_new (SOUP_METHOD_POST, url);
  if (message == NULL)
    {
      g_set_error (error, TERRA_CHANNEL_ERROR, TERRA_CHANNEL_ERROR_NOT_CONFIGURED,
                   _("twilio.api_base is not a usable address: %s"), api_base);
      return FALSE;
    }
  set_basic_auth (message, account_sid, token);
  form = build_form (store, channel, from, to, text);
  soup_message_set_request_body_from_bytes (message, "application/x-www-form-urlencoded", form);

  answer = _terra_channel_send_message (session, message, &status, cancellable, error);
  if (answer == NULL)
    return FALSE;
  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    return fail_with_answer (answer, status, error);

  object = parse_object (answer);
  if (out_external_id != NULL)
    *out_external_id = object != NULL
      ? g_strdup (json_object_get_string_member_with_default (object, "sid", NULL))
      : NULL;
  if (out_external_id != NULL && *out_external_id == NULL)
    g_warning ("Twilio accepted a message without naming its sid");
  return TRUE;
}
