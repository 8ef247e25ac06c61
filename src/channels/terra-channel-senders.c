/* terra-channel-senders.c — the channel error domain, the choice of
 * provider, and the pieces every adapter shares
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Everything here is thread-agnostic: the send helpers run on the outbox
 * thread, the webhook helpers on the server thread, the batch ingest on
 * either the server thread or the Telegram poller's.
 */
#define G_LOG_DOMAIN "terra-channels"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "terra-api.h"
#include "terra-channel-senders-private.h"

G_DEFINE_QUARK (terra-channel-error-quark, terra_channel_error)

gboolean
terra_channel_error_is_transient (const GError *error)
{
  g_return_val_if_fail (error != NULL, FALSE);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return FALSE;
  return error->domain == G_IO_ERROR ||
         g_error_matches (error, TERRA_CHANNEL_ERROR, TERRA_CHANNEL_ERROR_RETRY);
}

gboolean
terra_channel_send (SoupSession   *session,
                    TerraStore    *store,
                    TerraChannel   channel,
                    const char    *to,
                    const char    *text,
                    char         **out_external_id,
                    GCancellable  *cancellable,
                    GError       **error)
{
  g_autofree char *phone_number_id = NULL;

  g_return_val_if_fail (SOUP_IS_SESSION (session), FALSE);
  g_return_val_if_fail (TERRA_IS_STORE (store), FALSE);

  switch (channel)
    {
    case TERRA_CHANNEL_SMS:
      return terra_twilio_send (session, store, channel, to, text, out_external_id, cancellable, error);
    case TERRA_CHANNEL_WHATSAPP:
      /* The Cloud API when the owner set it up, Twilio's WhatsApp otherwise. */
      phone_number_id = terra_store_get_setting_string (store, "whatsapp.phone_number_id");
      if (phone_number_id != NULL && *phone_number_id != '\0')
        return terra_whatsapp_send (session, store, to, text, out_external_id, cancellable, error);
      return terra_twilio_send (session, store, channel, to, text, out_external_id, cancellable, error);
    case TERRA_CHANNEL_TELEGRAM:
      return terra_telegram_send (session, store, to, text, out_external_id, cancellable, error);
    case TERRA_CHANNEL_WEBCHAT:
    case TERRA_CHANNEL_API:
    default:
      g_set_error_literal (error, TERRA_CHANNEL_ERROR, TERRA_CHANNEL_ERROR_NOT_CONFIGURED,
                           _("This channel has no provider to send through"));
      return FALSE;
    }
}

/* Forms. */

void
_terra_form_field_free (TerraFormField *field)
{
  if (field == NULL)
    return;
  g_free (field->name);
  g_free (field->value);
  g_free (field);
}

static char *
form_unescape (const char *start,
               const char *end)
{
  g_autofree char *piece = g_strndup (start, end - start);
  char *decoded;

  /* In forms a space travels as '+'. */
  g_strdelimit (piece, "+", ' ');
  decoded = g_uri_unescape_segment (piece, NULL, NULL);
  if (decoded != NULL && !g_utf8_validate (decoded, -1, NULL))
    g_clear_pointer (&decoded, g_free);
  return decoded;
}

GPtrArray *
_terra_form_parse (const char  *body,
                   gsize        length,
                   GError     **error)
{
  g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func ((GDestroyNotify)_terra_form_field_free);
  const char *end = body + length;
  const char *pair = body;

  if (length > 0 && memchr (body, '\0', length) != NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("The form contains a NUL byte"));
      return NULL;
    }

  while (pair < end)
    {
      const char *pair_end = memchr (pair, '&', end - pair);
      const char *equals;
      g_autoptr(TerraFormField) field = g_new0 (TerraFormField, 1);

      if (pair_end == NULL)
        pair_end = end;
      if (pair_end == pair)
        {
          pair = pair_end + 1;
          continue;
        }
      equals = memchr (pair, '=', pair_end - pair);
      field->name = form_unescape (pair, equals != NULL ? equals : pair_end);
      field->value = equals != NULL ? form_unescape (equals + 1, pair_end) : g_strdup ("");
      if (field->name == NULL || field->value == NULL || *field->name == '\0')
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                               _("The form is not valid URL-encoded UTF-8"));
          return NULL;
        }
      g_ptr_array_add (fields, g_steal_pointer (&field));
      pair = pair_end + 1;
    }

  return g_steal_pointer (&fields);
}

const char *
_terra_form_get (GPtrArray  *fields,
                 const char *name)
{
  for (guint i = 0; i < fields->len; i++)
    {
      TerraFormField *field = g_ptr_array_index (fields, i);

      if (g_str_equal (field->name, name))
        return field->value;
    }
  return NULL;
}

gboolean
_terra_channel_strings_equal (const char *a,
                              const char *b)
{
  gsize length_a = strlen (a);
  gsize length_b = strlen (b);
  guint8 difference = length_a != length_b;

  /* Always walk the expected length so timing says nothing about where
   * the first difference lies. */
  for (gsize i = 0; i < length_b; i++)
    difference |= (guint8)(b[i] ^ (i < length_a ? a[i] : 0));
  return difference == 0;
}

/* Settings and secrets. */

char *
_terra_channel_get_secret (const char    *workspace_id,
                           const char    *name,
                           GCancellable  *cancellable,
                           GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *env_name = terra_secrets_env_name (name);
  char *value = terra_secrets_lookup (workspace_id, name, cancellable, &local_error);

  if (value != NULL)
    return value;
  if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (local_error != NULL)
    g_set_error (error, TERRA_CHANNEL_ERROR, TERRA_CHANNEL_ERROR_NOT_CONFIGURED,
                 _("The secret %s cannot be read: %s"), name, local_error->message);
  else
    g_set_error (error, TERRA_CHANNEL_ERROR, TERRA_CHANNEL_ERROR_NOT_CONFIGURED,
                 _("The secret %s is not set: store it in the keyring or set %s"), name, env_name);
  return NULL;
}

char *
_terra_channel_get_store_secret (TerraStore    *store,
                                 const char    *name,
                                 GCancellable  *cancellable,
                                 GError       **error)
{
  g_autofree char *workspace_id = terra_store_get_setting_string (store, "workspace.id");

  return _terra_channel_get_secret (workspace_id, name, cancellable, error);
}

char *
_terra_channel_require_setting (TerraStore  *store,
                                const char  *key,
                                GError     **error)
{
  g_autofree char *value = terra_store_get_setting_string (store, key);

  if (value == NULL || *g_strstrip (value) == '\0')
    {
      g_set_error (error, TERRA_CHANNEL_ERROR, TERRA_CHANNEL_ERROR_NOT_CONFIGURED,
                   _("The setting %s is not set"), key);
      return NULL;
    }
  return g_steal_pointer (&value);
}

char *
_terra_channel_base_url (TerraStore  *store,
                         const char  *key,
                         GError     **error)
{
  char *base = _terra_channel_require_setting (store, key, error);
  gsize length;

  if (base == NULL)
    return NULL;
  length = strlen (base);
  if (length > 0 && base[length - 1] == '/')
    base[length - 1] = '\0';
  return base;
}

/* Sending. */

GBytes *
_terra_channel_send_message (SoupSession   *session,
                             SoupMessage   *message,
                             guint         *status,
                             GCancellable  *cancellable,
                             GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  GBytes *body = soup_session_send_and_read (session, message, cancellable, &local_error);

  if (body == NULL)
    {
      /* The outbox tells network trouble from the provider's answer by
       * the domain: everything that is not an answer is G_IO_ERROR. */
      if (local_error->domain == G_IO_ERROR)
        g_propagate_error (error, g_steal_pointer (&local_error));
      else if (local_error->domain == G_RESOLVER_ERROR)
        g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_HOST_NOT_FOUND, local_error->message);
      else
        g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, local_error->message);
      return NULL;
    }
  *status = soup_message_get_status (message);
  return body;
}

gboolean
_terra_channel_fail_for_status (GError     **error,
                                const char  *provider,
                                guint        status,
                                const char  *provider_detail)
{
  gboolean retry = status == 429 || status >= 500 || status < 100;

  g_set_error (error, TERRA_CHANNEL_ERROR,
               retry ? TERRA_CHANNEL_ERROR_RETRY : TERRA_CHANNEL_ERROR_PERMANENT,
               _("%s answered %u: %s"), provider, status,
               provider_detail != NULL && *provider_detail != '\0' ? provider_detail
                                                                  : soup_status_get_phrase (status));
  return FALSE;
}

gboolean
_terra_channel_check_text (const char  *text,
                           GError     **error)
{
  if (text == NULL || *text == '\0')
    {
      g_set_error_literal (error, TERRA_CHANNEL_ERROR, TERRA_CHANNEL_ERROR_PERMANENT,
                           _("There is no text to send"));
      return FALSE;
    }
  if (strlen (text) > TERRA_CHANNEL_MAX_SEND_TEXT || !g_utf8_validate (text, -1, NULL))
    {
      g_set_error (error, TERRA_CHANNEL_ERROR, TERRA_CHANNEL_ERROR_PERMANENT,
                   _("The text must be valid UTF-8 of at most %d bytes"), TERRA_CHANNEL_MAX_SEND_TEXT);
      return FALSE;
    }
  return TRUE;
}

/* JSON. */

static JsonNode *
member (JsonObject *object,
        const char *name)
{
  return object != NULL ? json_object_get_member (object, name) : NULL;
}

JsonObject *
_terra_json_object (JsonObject *object,
                    const char *name)
{
  JsonNode *node = member (object, name);

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

JsonArray *
_terra_json_array (JsonObject *object,
                   const char *name)
{
  JsonNode *node = member (object, name);

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

const char *
_terra_json_string (JsonObject *object,
                    const char *name)
{
  JsonNode *node = member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

gint64
_terra_json_int (JsonObject *object,
                 const char *name,
                 gint64      fallback)
{
  JsonNode *node = member (object, name);
  const char *text;
  gint64 value;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return fallback;
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return json_node_get_int (node);
  if (json_node_get_value_type (node) != G_TYPE_STRING)
    return fallback;
  text = json_node_get_string (node);
  if (!g_ascii_string_to_signed (text, 10, G_MININT64, G_MAXINT64, &value, NULL))
    return fallback;
  return value;
}

JsonParser *
_terra_json_parse_object (GBytes      *body,
                          JsonObject **root,
                          GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local_error = NULL;
  gsize length;
  const char *data = g_bytes_get_data (body, &length);
  JsonNode *node;

  if (length == 0 || !g_utf8_validate (data, length, NULL) ||
      !json_parser_load_from_data (parser, data, length, &local_error))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("The body is not valid JSON%s%s"),
                   local_error != NULL ? ": " : "", local_error != NULL ? local_error->message : "");
      return NULL;
    }
  node = json_parser_get_root (parser);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("The body is not a JSON object"));
      return NULL;
    }
  *root = json_node_get_object (node);
  return g_steal_pointer (&parser);
}

/* Webhooks. */

void
_terra_channel_answer (SoupServerMessage *message,
                       guint              status,
                       const char        *content_type,
                       const char        *body)
{
  soup_server_message_set_status (message, status, NULL);
  soup_server_message_set_response (message, content_type, SOUP_MEMORY_COPY,
                                    body, body != NULL ? strlen (body) : 0);
}

void
_terra_channel_answer_error (SoupServerMessage *message,
                             guint              status,
                             const char        *code,
                             const char        *text)
{
  g_autofree char *body = terra_api_error_body (code, text);

  _terra_channel_answer (message, status, "application/json", body);
}

GBytes *
_terra_channel_request_body (SoupServerMessage *message)
{
  SoupMessageBody *body = soup_server_message_get_request_body (message);

  if (body == NULL)
    return g_bytes_new (NULL, 0);
  return soup_message_body_flatten (body);
}

/* Ingest. */

static void
add_conversation (GArray *conversations,
                  gint64  conversation_id)
{
  for (guint i = 0; i < conversations->len; i++)
    if (g_array_index (conversations, gint64, i) == conversation_id)
      return;
  g_array_append_val (conversations, conversation_id);
}

static gboolean
ingest_each (TerraStore  *store,
             GArray      *messages,
             GArray      *conversations,
             GError     **error)
{
  for (guint i = 0; i < messages->len; i++)
    {
      const TerraInboundMessage *message = &g_array_index (messages, TerraInboundMessage, i);
      TerraIngestResult result = { 0 };
      g_autoptr(GError) local_error = NULL;

      if (terra_store_ingest_message (store, message, &result, &local_error))
        {
          if (!result.duplicate && conversations != NULL)
            add_conversation (conversations, result.conversation_id);
          continue;
        }
      if (!g_error_matches (local_error, TERRA_STORE_ERROR, TERRA_STORE_ERROR_INVALID))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      g_warning ("Skipped an inbound %s message: %s",
                 terra_enum_to_nick (TERRA_TYPE_CHANNEL, message->channel), local_error->message);
    }
  return TRUE;
}

gboolean
_terra_channel_ingest_batch (TerraStore            *store,
                             GArray                *messages,
                             TerraChannelBatchHook  hook,
                             gpointer               hook_data,
                             GArray                *conversations,
                             GError               **error)
{
  gboolean own = !terra_store_in_transaction (store);
  guint n_before = conversations != NULL ? conversations->len : 0;

  /* Acknowledged means on disk, even if the laptop loses power next. */
  if (own)
    {
      terra_store_set_durable (store, TRUE);
      if (!terra_store_begin (store, error))
        return FALSE;
    }
  if (!ingest_each (store, messages, conversations, error) ||
      (hook != NULL && !hook (store, hook_data, error)))
    {
      if (own)
        terra_store_rollback (store);
      if (conversations != NULL)
        g_array_set_size (conversations, n_before);
      return FALSE;
    }
  if (own && !terra_store_commit (store, error))
    {
      if (conversations != NULL)
        g_array_set_size (conversations, n_before);
      return FALSE;
    }
  return TRUE;
}

void
_terra_channel_enqueue_all (TerraChannelContext *context,
                            GArray              *conversations)
{
  for (guint i = 0; i < conversations->len; i++)
    terra_channel_context_enqueue (context, g_array_index (conversations, gint64, i));
}
