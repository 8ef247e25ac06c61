/* terra-whatsapp.c — the WhatsApp Cloud API webhook: the verify handshake
 * and signed events
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs on the server thread. The signature covers the raw body bytes, so
 * it is checked before the JSON is even parsed. One POST may carry many
 * messages and statuses (Meta batches them); they are stored in one
 * transaction and Meta gets its 200 only after the commit. Meta retries
 * what was not acknowledged, so messages are deduplicated by their
 * "wamid" id.
 */
#define G_LOG_DOMAIN "terra-whatsapp"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "terra-channel-senders-private.h"
#include "terra-store-delivery.h"
#include "terra-whatsapp.h"

#define SIGNATURE_PREFIX "sha256="

/* What one event POST asks of the store. The inbound messages point into
 * the parsed JSON and into @strings. */
typedef struct
{
  GArray    *messages;   /* TerraInboundMessage */
  GPtrArray *strings;    /* what the messages point to that is not JSON */
  GPtrArray *statuses;   /* JsonObject, the "statuses" items */
} Batch;

static void
batch_clear (Batch *batch)
{
  g_clear_pointer (&batch->messages, g_array_unref);
  g_clear_pointer (&batch->strings, g_ptr_array_unref);
  g_clear_pointer (&batch->statuses, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Batch, batch_clear)

char *
terra_whatsapp_compute_signature (const char *app_secret,
                                  const void *body,
                                  gsize       length)
{
  g_autofree char *hex = NULL;

  g_return_val_if_fail (app_secret != NULL, NULL);

  hex = g_compute_hmac_for_data (G_CHECKSUM_SHA256, (const guchar *)app_secret, strlen (app_secret),
                                 body != NULL ? body : "", length);
  return g_strconcat (SIGNATURE_PREFIX, hex, NULL);
}

char *
terra_whatsapp_normalize_address (const char *wa_id)
{
  g_return_val_if_fail (wa_id != NULL, NULL);

  if (*wa_id == '\0')
    return g_strdup ("");
  for (const char *p = wa_id; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p))
      return g_strdup (wa_id);
  return g_strconcat ("+", wa_id, NULL);
}

/* GET: Meta proves it knows the verify token and we echo its challenge. */
static void
handle_verify (TerraChannelContext *context,
               SoupServerMessage   *message,
               GHashTable          *query)
{
  g_autoptr(GError) error = NULL;
  g_auto(TerraSecretString) verify_token = NULL;
  const char *mode = query != NULL ? g_hash_table_lookup (query, "hub.mode") : NULL;
  const char *token = query != NULL ? g_hash_table_lookup (query, "hub.verify_token") : NULL;
  const char *challenge = query != NULL ? g_hash_table_lookup (query, "hub.challenge") : NULL;

  if (mode == NULL || token == NULL || challenge == NULL)
    {
      _terra_channel_answer_error (message, SOUP_STATUS_BAD_REQUEST, "bad_request",
                                   _("hub.mode, hub.verify_token and hub.challenge are required"));
      return;
    }
  verify_token = _terra_channel_get_secret (terra_workspace_get_id (context->workspace),
                                            "whatsapp_verify_token", NULL, &error);
  if (verify_token == NULL)
    {
      _terra_channel_answer_error (message, SOUP_STATUS_FORBIDDEN, "forbidden", error->message);
      return;
    }
  if (!g_str_equal (mode, "subscribe") || !_terra_channel_strings_equal (token, verify_token))
    {
      _terra_channel_answer_error (message, SOUP_STATUS_FORBIDDEN, "forbidden",
                                   _("The verify token does not match"));
      return;
    }
  _terra_channel_answer (message, SOUP_STATUS_OK, "text/plain", challenge);
}

static gboolean
verify_signature (TerraChannelContext *context,
                  SoupServerMessage   *message,
                  GBytes              *body)
{
  g_autoptr(GError) error = NULL;
  g_auto(TerraSecretString) app_secret = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *received = NULL;
  const char *header;
  gsize length;
  const void *data = g_bytes_get_data (body, &length);

  app_secret = _terra_channel_get_secret (terra_workspace_get_id (context->workspace),
                                          "whatsapp_app_secret", NULL, &error);
  if (app_secret == NULL)
    {
      _terra_channel_answer_error (message, SOUP_STATUS_FORBIDDEN, "forbidden", error->message);
      return FALSE;
    }
  header = soup_message_headers_get_one (soup_server_message_get_request_headers (message),
                                         "X-Hub-Signature-256");
  expected = terra_whatsapp_compute_signature (app_secret, data, length);
  received = header != NULL ? g_ascii_strdown (header, -1) : NULL;
  if (received == NULL || !_terra_channel_strings_equal (received, expected))
    {
      _terra_channel_answer_error (message, SOUP_STATUS_FORBIDDEN, "forbidden",
                                   _("The request does not carry a valid X-Hub-Signature-256"));
      return FALSE;
    }
  return TRUE;
}

static const char *
keep (Batch *batch,
      char  *text)
{
  g_ptr_array_add (batch->strings, text);
  return text;
}

/* The profile name Meta sends beside the messages, matched by wa_id (or
 * the business-scoped user id of newer payloads). */
static const char *
sender_name (JsonArray  *contacts,
             const char *from)
{
  guint n = contacts != NULL ? json_array_get_length (contacts) : 0;

  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (contacts, i);
      JsonObject *contact = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;

      if (g_strcmp0 (_terra_json_string (contact, "wa_id"), from) == 0 ||
          g_strcmp0 (_terra_json_string (contact, "user_id"), from) == 0 || n == 1)
        return _terra_json_string (_terra_json_object (contact, "profile"), "name");
    }
  return NULL;
}

static char *
media_attachment (JsonObject *media)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  const char *id = _terra_json_string (media, "id");
  const char *type = _terra_json_string (media, "mime_type");
  g_autofree char *url = g_strconcat ("whatsapp-media:", id != NULL ? id : "", NULL);

  /* Media ids are fetched from the Graph API with the token; the link is
   * what the conversation keeps. */
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "url");
  json_builder_add_string_value (builder, url);
  json_builder_set_member_name (builder, "content_type");
  json_builder_add_string_value (builder, type != NULL ? type : "");
  json_builder_end_object (builder);
  json_builder_end_array (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

/* The text a message means: what the lead typed, or the title of the
 * button or list item they tapped. FALSE for kinds Terra does not keep
 * (reactions, system notices). */
static gboolean
message_content (Batch               *batch,
                 JsonObject          *item,
                 TerraInboundMessage *inbound)
{
  const char *type = _terra_json_string (item, "type");
  JsonObject *interactive;

  if (g_strcmp0 (type, "text") == 0)
    inbound->text = _terra_json_string (_terra_json_object (item, "text"), "body");
  else if (g_strcmp0 (type, "button") == 0)
    inbound->text = _terra_json_string (_terra_json_object (item, "button"), "text");
  else if (g_strcmp0 (type, "interactive") == 0)
    {
      interactive = _terra_json_object (item, "interactive");
      inbound->text = _terra_json_string (_terra_json_object (interactive, "button_reply"), "title");
      if (inbound->text == NULL)
        inbound->text = _terra_json_string (_terra_json_object (interactive, "list_reply"), "title");
    }
  else if (g_strcmp0 (type, "location") == 0)
    {
      JsonObject *location = _terra_json_object (item, "location");
      JsonNode *latitude = location != NULL ? json_object_get_member (location, "latitude") : NULL;
      JsonNode *longitude = location != NULL ? json_object_get_member (location, "longitude") : NULL;
      const char *name = _terra_json_string (location, "name");
      const char *address = _terra_json_string (location, "address");

      if (latitude == NULL || longitude == NULL || !JSON_NODE_HOLDS_VALUE (latitude) ||
          !JSON_NODE_HOLDS_VALUE (longitude))
        return FALSE;
      inbound->text = keep (batch, g_strdup_printf (_("Location: %s%s%s (%.6f, %.6f)"),
                                                    name != NULL ? name : "",
                                                    name != NULL && address != NULL ? ", " : "",
                                                    address != NULL ? address : "",
                                                    json_node_get_double (latitude),
                                                    json_node_get_double (longitude)));
    }
  else if (type != NULL &&
           (g_str_equal (type, "image") || g_str_equal (type, "audio") || g_str_equal (type, "video") ||
            g_str_equal (type, "document") || g_str_equal (type, "sticker")))
    {
      JsonObject *media = _terra_json_object (item, type);

      if (media == NULL)
        return FALSE;
      inbound->attachments_json = keep (batch, media_attachment (media));
      inbound->text = _terra_json_string (media, "caption");
    }
  else
    return FALSE;

  if (inbound->text == NULL)
    inbound->text = "";
  return *inbound->text != '\0' || inbound->attachments_json != NULL;
}

static void
collect_message (Batch      *batch,
                 JsonObject *item,
                 JsonArray  *contacts)
{
  TerraInboundMessage inbound = { 0 };
  const char *from = _terra_json_string (item, "from");

  if (from == NULL)
    from = _terra_json_string (item, "from_user_id");
  inbound.channel = TERRA_CHANNEL_WHATSAPP;
  inbound.external_id = _terra_json_string (item, "id");
  if (from == NULL || inbound.external_id == NULL)
    return;
  inbound.from = keep (batch, terra_whatsapp_normalize_address (from));
  inbound.name = sender_name (contacts, from);
  inbound.received_at = MAX (_terra_json_int (item, "timestamp", 0), 0);
  if (message_content (batch, item, &inbound))
    g_array_append_val (batch->messages, inbound);
}

static void
collect_value (Batch      *batch,
               JsonObject *value)
{
  JsonArray *messages = _terra_json_array (value, "messages");
  JsonArray *statuses = _terra_json_array (value, "statuses");
  JsonArray *contacts = _terra_json_array (value, "contacts");

  for (guint i = 0; messages != NULL && i < json_array_get_length (messages); i++)
    {
      JsonNode *node = json_array_get_element (messages, i);

      if (JSON_NODE_HOLDS_OBJECT (node))
        collect_message (batch, json_node_get_object (node), contacts);
    }
  for (guint i = 0; statuses != NULL && i < json_array_get_length (statuses); i++)
    {
      JsonNode *node = json_array_get_element (statuses, i);

      if (JSON_NODE_HOLDS_OBJECT (node))
        g_ptr_array_add (batch->statuses, json_node_get_object (node));
    }
}

/* Walks entry[].changes[].value; FALSE when the envelope is not a
 * WhatsApp Business Account event at all. */
static gboolean
collect (Batch      *batch,
         JsonObject *root)
{
  JsonArray *entries = _terra_json_array (root, "entry");

  if (g_strcmp0 (_terra_json_string (root, "object"), "whatsapp_business_account") != 0 || entries == NULL)
    return FALSE;

  for (guint i = 0; i < json_array_get_length (entries); i++)
    {
      JsonNode *entry = json_array_get_element (entries, i);
      JsonArray *changes = JSON_NODE_HOLDS_OBJECT (entry)
        ? _terra_json_array (json_node_get_object (entry), "changes") : NULL;

      for (guint j = 0; changes != NULL && j < json_array_get_length (changes); j++)
        {
          JsonNode *change = json_array_get_element (changes, j);
          JsonObject *value = JSON_NODE_HOLDS_OBJECT (change)
            ? _terra_json_object (json_node_get_object (change), "value") : NULL;

          if (value != NULL)
            collect_value (batch, value);
        }
    }
  return TRUE;
}

static gboolean
delivery_for_status (const char    *status,
                     TerraDelivery *delivery)
{
  if (g_strcmp0 (status, "sent") == 0)
    *delivery = TERRA_DELIVERY_SENT;
  else if (g_strcmp0 (status, "delivered") == 0)
    *delivery = TERRA_DELIVERY_DELIVERED;
  else if (g_strcmp0 (status, "read") == 0)
    *delivery = TERRA_DELIVERY_READ;
  else if (g_strcmp0 (status, "failed") == 0)
    *delivery = TERRA_DELIVERY_FAILED;
  else
    return FALSE;
  return TRUE;
}

static char *
status_detail (JsonObject *status)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  JsonArray *errors = _terra_json_array (status, "errors");

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "provider");
  json_builder_add_string_value (builder, "whatsapp");
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, _terra_json_string (status, "status"));
  if (errors != NULL)
    {
      JsonNode *copy = json_node_alloc ();

      json_node_init_array (copy, errors);
      json_builder_set_member_name (builder, "errors");
      json_builder_add_value (builder, copy);
    }
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

/* Runs inside the batch's transaction. A status for a message Terra did
 * not send (one sent from Meta's tools) changes nothing. */
static gboolean
apply_statuses (TerraStore  *store,
                gpointer     user_data,
                GError     **error)
{
  Batch *batch = user_data;

  for (guint i = 0; i < batch->statuses->len; i++)
    {
      JsonObject *status = g_ptr_array_index (batch->statuses, i);
      const char *id = _terra_json_string (status, "id");
      g_autoptr(GError) local_error = NULL;
      g_autofree char *detail = NULL;
      TerraDelivery delivery;

      if (id == NULL || !delivery_for_status (_terra_json_string (status, "status"), &delivery))
        continue;
      detail = status_detail (status);
      if (!terra_store_set_delivery_by_external_id (store, TERRA_CHANNEL_WHATSAPP, id, delivery, detail,
                                                    NULL, NULL, &local_error) &&
          !g_error_matches (local_error, TERRA_STORE_ERROR, TERRA_STORE_ERROR_NOT_FOUND))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
    }
  return TRUE;
}

static void
handle_event (TerraChannelContext *context,
              SoupServerMessage   *message)
{
  g_autoptr(GBytes) body = _terra_channel_request_body (message);
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GArray) conversations = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GError) error = NULL;
  g_auto(Batch) batch = { 0 };
  JsonObject *root = NULL;

  if (!verify_signature (context, message, body))
    return;
  parser = _terra_json_parse_object (body, &root, &error);
  if (parser == NULL)
    {
      _terra_channel_answer_error (message, SOUP_STATUS_BAD_REQUEST, "bad_request", error->message);
      return;
    }

  batch.messages = g_array_new (FALSE, TRUE, sizeof (TerraInboundMessage));
  batch.strings = g_ptr_array_new_with_free_func (g_free);
  batch.statuses = g_ptr_array_new ();
  if (!collect (&batch, root))
    {
      _terra_channel_answer_error (message, SOUP_STATUS_BAD_REQUEST, "bad_request",
                                   _("Not a WhatsApp Business Account event"));
      return;
    }

  if (!_terra_channel_ingest_batch (context->store, batch.messages, apply_statuses, &batch,
                                    conversations, &error))
    {
      g_warning ("Could not store a WhatsApp event: %s", error->message);
      _terra_channel_answer_error (message, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal",
                                   _("The event could not be stored"));
      return;
    }
  _terra_channel_answer (message, SOUP_STATUS_OK, "application/json", "{}");
  _terra_channel_enqueue_all (context, conversations);
}

static void
whatsapp_webhook (SoupServer        *server,
                  SoupServerMessage *message,
                  const char        *path,
                  GHashTable        *query,
                  gpointer           user_data)
{
  TerraChannelContext *context = user_data;
  const char *method = soup_server_message_get_method (message);

  if (method == SOUP_METHOD_GET)
    handle_verify (context, message, query);
  else if (method == SOUP_METHOD_POST)
    handle_event (context, message);
  else
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (message), "Allow", "GET, POST");
      _terra_channel_answer_error (message, SOUP_STATUS_METHOD_NOT_ALLOWED, "method_not_allowed",
                                   _("Meta sends GET and POST to this address"));
    }
}

void
terra_whatsapp_attach (SoupServer          *soup,
                       TerraChannelContext *context)
{
  g_return_if_fail (SOUP_IS_SERVER (soup));
  g_return_if_fail (context != NULL);

  soup_server_add_handler (soup, "/webhooks/whatsapp", whatsapp_webhook, context, NULL);
}
