/* terra-whatsapp-send.c — one text message through the WhatsApp Cloud API
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs on the outbox thread. WhatsApp allows free text only within 24
 * hours of the customer's last message; after that only approved
 * templates. The window is checked here, against the store, before any
 * request: outside it the sender refuses with WINDOW_CLOSED and the outbox
 * tells the owner, instead of Meta answering 131047 after the fact (which
 * is mapped the same way, for clocks that disagree).
 */
#define G_LOG_DOMAIN "terra-whatsapp"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "terra-channel-senders-private.h"
#include "terra-store-delivery.h"
#include "terra-whatsapp.h"

#define WINDOW_SECONDS (24 * 60 * 60)

/* Graph API error codes that mean something to the outbox. */
#define GRAPH_TOKEN_INVALID     190
#define GRAPH_RATE_LIMITED      4
#define GRAPH_SPAM_RATE_LIMITED 130429
#define GRAPH_PAIR_RATE_LIMITED 131056
#define GRAPH_OUTSIDE_WINDOW    131047

static gboolean
check_window (TerraStore  *store,
              const char  *address,
              GError     **error)
{
  gint64 last = 0;   /* µs, like every time in the workspace */
  gint64 now = g_get_real_time ();

  if (!terra_store_get_last_inbound_at (store, TERRA_CHANNEL_WHATSAPP, address, &last, error))
    return FALSE;
  if (last == 0 || now - last > (gint64) WINDOW_SECONDS * G_USEC_PER_SEC)
    {
      g_set_error_literal (error, TERRA_CHANNEL_ERROR, TERRA_CHANNEL_ERROR_WINDOW_CLOSED,
                           _("The lead last wrote on WhatsApp more than 24 hours ago; "
                             "WhatsApp allows only approved templates now"));
      return FALSE;
    }
  return TRUE;
}

static GBytes *
build_body (const char *to,
            const char *text)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  char *json;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "messaging_product");
  json_builder_add_string_value (builder, "whatsapp");
  json_builder_set_member_name (builder, "recipient_type");
  json_builder_add_string_value (builder, "individual");
  json_builder_set_member_name (builder, "to");
  json_builder_add_string_value (builder, to);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, "text");
  json_builder_set_member_name (builder, "text");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "body");
  json_builder_add_string_value (builder, text);
  json_builder_set_member_name (builder, "preview_url");
  json_builder_add_boolean_value (builder, FALSE);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json = json_to_string (root, FALSE);
  return g_bytes_new_take (json, strlen (json));
}

/* {"error": {"message", "type", "code", "error_subcode", "fbtrace_id"}} */
static gboolean
fail_with_answer (GBytes  *body,
                  guint    status,
                  GError **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autofree char *detail = NULL;
  JsonObject *root = NULL;
  JsonObject *graph_error;
  gint64 code = 0;

  parser = _terra_json_parse_object (body, &root, NULL);
  graph_error = _terra_json_object (root, "error");
  if (graph_error != NULL)
    {
      code = _terra_json_int (graph_error, "code", 0);
      detail = g_strdup_printf ("%" G_GINT64_FORMAT " %s", code,
                                _terra_json_string (graph_error, "message") != NULL
                                  ? _terra_json_string (graph_error, "message") : "");
    }

  if (code == GRAPH_OUTSIDE_WINDOW)
    {
      g_set_error (error, TERRA_CHANNEL_ERROR, TERRA_CHANNEL_ERROR_WINDOW_CLOSED,
                   _("WhatsApp refused free text outside the 24-hour window (%s)"), detail);
      return FALSE;
    }
  if (status == SOUP_STATUS_UNAUTHORIZED || code == GRAPH_TOKEN_INVALID)
    {
      g_set_error (error, TERRA_CHANNEL_ERROR, TERRA_CHANNEL_ERROR_NOT_CONFIGURED,
                   _("WhatsApp refused the access token (%s)"),
                   detail != NULL ? detail : soup_status_get_phrase (status));
      return FALSE;
    }
  if (code == GRAPH_RATE_LIMITED || code == GRAPH_SPAM_RATE_LIMITED || code == GRAPH_PAIR_RATE_LIMITED)
    status = 429;
  return _terra_channel_fail_for_status (error, "WhatsApp", status, detail);
}

static char *
message_id (GBytes *body)
{
  g_autoptr(JsonParser) parser = NULL;
  JsonObject *root = NULL;
  JsonArray *messages;
  JsonNode *first;

  parser = _terra_json_parse_object (body, &root, NULL);
  messages = _terra_json_array (root, "messages");
  if (messages == NULL || json_array_get_length (messages) == 0)
    return NULL;
  first = json_array_get_element (messages, 0);
  if (!JSON_NODE_HOLDS_OBJECT (first))
    return NULL;
  return g_strdup (_terra_json_string (json_node_get_object (first), "id"));
}

gboolean
terra_whatsapp_send (SoupSession   *session,
                     TerraStore    *store,
                     const char    *to,
                     const char    *text,
                     char         **out_external_id,
                     GCancellable  *cancellable,
                     GError       **error)
{
  g_autofree char *address = NULL;
  g_autofree char *api_base = NULL;
  g_autofree char *phone_number_id = NULL;
  g_autofree char *escaped_id = NULL;
  g_autofree char *url = NULL;
  g_autofree char *authorization = NULL;
  g_auto(TerraSecretString) token = NULL;
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GBytes) request_body = NULL;
  g_autoptr(GBytes) answer = NULL;
  guint status = 0;

  g_return_val_if_fail (SOUP_IS_SESSION (session), FALSE);
  g_return_val_if_fail (TERRA_IS_STORE (store), FALSE);

  if (to == NULL || *to == '\0')
    {
      g_set_error_literal (error, TERRA_CHANNEL_ERROR, TERRA_CHANNEL_ERROR_PERMANENT,
                           _("The message has no recipient"));
      return FALSE;
    }
  /* The store keeps "+<digits>"; callers may pass the bare wa_id. */
  address = terra_whatsapp_normalize_address (to);
  if (!_terra_channel_check_text (text, error) ||
      !check_window (store, address, error) ||
      (api_base = _terra_channel_base_url (store, "whatsapp.api_base", error)) == NULL ||
      (phone_number_id = _terra_channel_require_setting (store, "whatsapp.phone_number_id", error)) == NULL ||
      (token = _terra_channel_get_store_secret (store, "whatsapp_token", cancellable, error)) == NULL)
    return FALSE;

  escaped_id = g_uri_escape_string (phone_number_id, NULL, FALSE);
  url = g_strconcat (api_base, "/", escaped_id, "/messages", NULL);
  message = soup_message_new (SOUP_METHOD_POST, url);
  if (message == NULL)
    {
      g_set_error (error, TERRA_CHANNEL_ERROR, TERRA_CHANNEL_ERROR_NOT_CONFIGURED,
                   _("whatsapp.api_base is not a usable address: %s"), api_base);
      return FALSE;
    }
  authorization = g_strconcat ("Bearer ", token, NULL);
  soup_message_headers_replace (soup_message_get_request_headers (message), "Authorization", authorization);
  memset (authorization, 0, strlen (authorization));
  /* Graph wants the number without its "+"; a user id goes as it is. */
  request_body = build_body (address[0] == '+' ? address + 1 : address, text);
  soup_message_set_request_body_from_bytes (message, "application/json", request_body);

  answer = _terra_channel_send_message (session, message, &status, cancellable, error);
  if (answer == NULL)
    return FALSE;
  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    return fail_with_answer (answer, status, error);

  if (out_external_id != NULL)
    {
      *out_external_id = message_id (answer);
      if (*out_external_id == NULL)
        g_warning ("WhatsApp accepted a message without naming its id");
    }
  return TRUE;
}
