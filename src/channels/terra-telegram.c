/* terra-telegram.c — Telegram updates, the optional webhook, and sendMessage
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An update becomes an inbound message the same way whether the poller
 * fetched it or Telegram posted it to the webhook. Telegram numbers
 * messages per chat, so the external id is "<chat id>:<message id>"; the
 * contact's address on the channel is the chat id, which is also where
 * replies go.
 */
#define G_LOG_DOMAIN "terra-telegram"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "terra-telegram.h"
#include "terra-telegram-private.h"

static const char *
keep (GPtrArray *strings,
      char      *text)
{
  g_ptr_array_add (strings, text);
  return text;
}

static char *
attachment_json (const char *file_id,
                 const char *content_type)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *url = g_strconcat ("telegram-file:", file_id, NULL);

  /* Files are fetched with getFile and the token; the id is what the
   * conversation keeps. */
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "url");
  json_builder_add_string_value (builder, url);
  json_builder_set_member_name (builder, "content_type");
  json_builder_add_string_value (builder, content_type != NULL ? content_type : "");
  json_builder_end_object (builder);
  json_builder_end_array (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

/* A photo comes in several sizes; the last is the largest. */
static const char *
media_file (JsonObject  *message,
            const char **content_type)
{
  static const struct
  {
    const char *member;
    const char *fallback_type;
  } kinds[] = {
    { "document", "application/octet-stream" },
    { "voice", "audio/ogg" },
    { "audio", "audio/mpeg" },
    { "video", "video/mp4" },
  };
  JsonArray *photo = _terra_json_array (message, "photo");

  if (photo != NULL && json_array_get_length (photo) > 0)
    {
      JsonNode *largest = json_array_get_element (photo, json_array_get_length (photo) - 1);

      *content_type = "image/jpeg";
      return JSON_NODE_HOLDS_OBJECT (largest)
        ? _terra_json_string (json_node_get_object (largest), "file_id") : NULL;
    }
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      JsonObject *file = _terra_json_object (message, kinds[i].member);

      if (file != NULL)
        {
          *content_type = _terra_json_string (file, "mime_type");
          if (*content_type == NULL)
            *content_type = kinds[i].fallback_type;
          return _terra_json_string (file, "file_id");
        }
    }
  return NULL;
}

static const char *
sender_name (JsonObject *from,
             GPtrArray  *strings)
{
  const char *first = _terra_json_string (from, "first_name");
  const char *last = _terra_json_string (from, "last_name");

  if (first != NULL && last != NULL)
    return keep (strings, g_strconcat (first, " ", last, NULL));
  if (first != NULL)
    return first;
  return _terra_json_string (from, "username");
}

gboolean
_terra_telegram_update_to_inbound (JsonObject          *update,
                                   GPtrArray           *strings,
                                   TerraInboundMessage *inbound)
{
  JsonObject *message = _terra_json_object (update, "message");
  JsonObject *chat = _terra_json_object (message, "chat");
  gint64 chat_id = _terra_json_int (chat, "id", 0);
  gint64 message_id = _terra_json_int (message, "message_id", 0);
  const char *content_type = NULL;
  const char *file_id;

  if (message == NULL || chat_id == 0 || message_id == 0)
    return FALSE;

  memset (inbound, 0, sizeof *inbound);
  inbound->channel = TERRA_CHANNEL_TELEGRAM;
  inbound->from = keep (strings, g_strdup_printf ("%" G_GINT64_FORMAT, chat_id));
  inbound->external_id = keep (strings, g_strdup_printf ("%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT,
                                                         chat_id, message_id));
  inbound->name = sender_name (_terra_json_object (message, "from"), strings);
  inbound->received_at = MAX (_terra_json_int (message, "date", 0), 0);
  inbound->text = _terra_json_string (message, "text");
  if (inbound->text == NULL)
    inbound->text = _terra_json_string (message, "caption");
  file_id = media_file (message, &content_type);
  if (file_id != NULL)
    inbound->attachments_json = keep (strings, attachment_json (file_id, content_type));
  if (inbound->text == NULL)
    inbound->text = "";
  return *inbound->text != '\0' || inbound->attachments_json != NULL;
}

char *
_terra_telegram_method_url (TerraStore  *store,
                            const char  *token,
                            const char  *method,
                            GError     **error)
{
  g_autofree char *api_base = _terra_channel_base_url (store, "telegram.api_base", error);

  if (api_base == NULL)
    return NULL;
  return g_strconcat (api_base, "/bot", token, "/", method, NULL);
}

gboolean
_terra_telegram_fail (GBytes  *body,
                      guint    status,
                      gint64  *retry_after,
                      GError **error)
{
  g_autoptr(JsonParser) parser = NULL;
  JsonObject *root = NULL;
  const char *description;
  gint64 code;

  parser = _terra_json_parse_object (body, &root, NULL);
  description = _terra_json_string (root, "description");
  code = _terra_json_int (root, "error_code", status);
  if (retry_after != NULL)
    *retry_after = _terra_json_int (_terra_json_object (root, "parameters"), "retry_after", 0);

  if (code == SOUP_STATUS_UNAUTHORIZED || code == SOUP_STATUS_NOT_FOUND)
    {
      /* Telegram answers 404 to a token it does not know, too. */
      g_set_error (error, TERRA_CHANNEL_ERROR, TERRA_CHANNEL_ERROR_NOT_CONFIGURED,
                   _("Telegram refused the bot token (%s)"),
                   description != NULL ? description : soup_status_get_phrase (code));
      return FALSE;
    }
  return _terra_channel_fail_for_status (error, "Telegram", code >= 100 && code < 600 ? code : status,
                                         description);
}

gboolean
terra_telegram_should_poll (TerraStore *store)
{
  g_auto(TerraSecretString) token = NULL;

  g_return_val_if_fail (TERRA_IS_STORE (store), FALSE);

  if (terra_store_get_setting_boolean (store, "telegram.webhook"))
    return FALSE;
  token = _terra_channel_get_store_secret (store, "telegram_bot_token", NULL, NULL);
  return token != NULL;
}

/* The webhook. */

static gboolean
verify_secret (TerraChannelContext *context,
               SoupServerMessage   *message)
{
  g_autoptr(GError) error = NULL;
  g_auto(TerraSecretString) secret = NULL;
  const char *header;

  secret = _terra_channel_get_secret (terra_workspace_get_id (context->workspace),
                                      "telegram_webhook_secret", NULL, &error);
  if (secret == NULL)
    {
      _terra_channel_answer_error (message, SOUP_STATUS_FORBIDDEN, "forbidden", error->message);
      return FALSE;
    }
  header = soup_message_headers_get_one (soup_server_message_get_request_headers (message),
                                         "X-Telegram-Bot-Api-Secret-Token");
  if (header == NULL || !_terra_channel_strings_equal (header, secret))
    {
      _terra_channel_answer_error (message, SOUP_STATUS_FORBIDDEN, "forbidden",
                                   _("The request does not carry the webhook’s secret token"));
      return FALSE;
    }
  return TRUE;
}

static void
telegram_webhook (SoupServer        *server,
                  SoupServerMessage *message,
                  const char        *path,
                  GHashTable        *query,
                  gpointer           user_data)
{
  TerraChannelContext *context = user_data;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GPtrArray) strings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) messages = g_array_new (FALSE, TRUE, sizeof (TerraInboundMessage));
  g_autoptr(GArray) conversations = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GError) error = NULL;
  TerraInboundMessage inbound;
  JsonObject *update = NULL;

  if (soup_server_message_get_method (message) != SOUP_METHOD_POST)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (message), "Allow", "POST");
      _terra_channel_answer_error (message, SOUP_STATUS_METHOD_NOT_ALLOWED, "method_not_allowed",
                                   _("Telegram posts to this address"));
      return;
    }
  if (!verify_secret (context, message))
    return;
  body = _terra_channel_request_body (message);
  parser = _terra_json_parse_object (body, &update, &error);
  if (parser == NULL || _terra_json_int (update, "update_id", -1) < 0)
    {
      _terra_channel_answer_error (message, SOUP_STATUS_BAD_REQUEST, "bad_request",
                                   error != NULL ? error->message : _("The update has no update_id"));
      return;
    }

  if (_terra_telegram_update_to_inbound (update, strings, &inbound))
    g_array_append_val (messages, inbound);
  if (!_terra_channel_ingest_batch (context->store, messages, NULL, NULL, conversations, &error))
    {
      g_warning ("Could not store a Telegram update: %s", error->message);
      _terra_channel_answer_error (message, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal",
                                   _("The update could not be stored"));
      return;
    }
  /* An empty answer: a body would be taken as a Bot API call. */
  _terra_channel_answer (message, SOUP_STATUS_OK, "text/plain", "");
  _terra_channel_enqueue_all (context, conversations);
}

void
terra_telegram_attach (SoupServer          *soup,
                       TerraChannelContext *context)
{
  g_return_if_fail (SOUP_IS_SERVER (soup));
  g_return_if_fail (context != NULL);

  soup_server_add_handler (soup, "/webhooks/telegram", telegram_webhook, context, NULL);
}

/* Sending. */

static GBytes *
build_body (const char *chat_id,
            const char *text)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  char *json;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "chat_id");
  json_builder_add_string_value (builder, chat_id);
  json_builder_set_member_name (builder, "text");
  json_builder_add_string_value (builder, text);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json = json_to_string (root, FALSE);
  return g_bytes_new_take (json, strlen (json));
}

static char *
sent_id (GBytes     *body,
         const char *chat_id)
{
  g_autoptr(JsonParser) parser = NULL;
  JsonObject *root = NULL;
  gint64 message_id;

  parser = _terra_json_parse_object (body, &root, NULL);
  message_id = _terra_json_int (_terra_json_object (root, "result"), "message_id", 0);
  if (message_id == 0)
    return NULL;
  return g_strdup_printf ("%s:%" G_GINT64_FORMAT, chat_id, message_id);
}

gboolean
terra_telegram_send (SoupSession   *session,
                     TerraStore    *store,
                     const char    *chat_id,
                     const char    *text,
                     char         **out_external_id,
                     GCancellable  *cancellable,
                     GError       **error)
{
  g_auto(TerraSecretString) token = NULL;
  g_auto(TerraSecretString) url = NULL;
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GBytes) request_body = NULL;
  g_autoptr(GBytes) answer = NULL;
  guint status = 0;

  g_return_val_if_fail (SOUP_IS_SESSION (session), FALSE);
  g_return_val_if_fail (TERRA_IS_STORE (store), FALSE);

  if (chat_id == NULL || *chat_id == '\0')
    {
      g_set_error_literal (error, TERRA_CHANNEL_ERROR, TERRA_CHANNEL_ERROR_PERMANENT,
                           _("The message has no recipient"));
      return FALSE;
    }
  if (!_terra_channel_check_text (text, error) ||
      (token = _terra_channel_get_store_secret (store, "telegram_bot_token", cancellable, error)) == NULL ||
      (url = _terra_telegram_method_url (store, token, "sendMessage", error)) == NULL)
    return FALSE;

  message = soup_message_new (SOUP_METHOD_POST, url);
  if (message == NULL)
    {
      g_set_error_literal (error, TERRA_CHANNEL_ERROR, TERRA_CHANNEL_ERROR_NOT_CONFIGURED,
                           _("telegram.api_base is not a usable address"));
      return FALSE;
    }
  request_body = build_body (chat_id, text);
  soup_message_set_request_body_from_bytes (message, "application/json", request_body);

  answer = _terra_channel_send_message (session, message, &status, cancellable, error);
  if (answer == NULL)
    return FALSE;
  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    return _terra_telegram_fail (answer, status, NULL, error);

  if (out_external_id != NULL)
    {
      *out_external_id = sent_id (answer, chat_id);
      if (*out_external_id == NULL)
        g_warning ("Telegram accepted a message without naming its id");
    }
  return TRUE;
}
