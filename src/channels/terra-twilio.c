/* terra-twilio.c — Twilio's webhook: signed inbound messages and status
 * callbacks
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs on the server thread. The order of checks matters: the form is
 * parsed (400 when broken), then the signature is verified over every
 * parameter received (403 when wrong, before anything is looked at), then
 * the message is stored, and only after the commit does Twilio get its
 * empty TwiML answer — an acknowledged message is never lost.
 */
#define G_LOG_DOMAIN "terra-twilio"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gi18n.h>

#include "terra-channel-senders-private.h"
#include "terra-store-delivery.h"
#include "terra-twilio.h"

#define EMPTY_TWIML "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response></Response>"
#define WHATSAPP_PREFIX "whatsapp:"
/* Twilio sends at most 10 media per message. */
#define MAX_MEDIA 10

typedef struct
{
  const char *name;
  const char *value;
} Pair;

static int
compare_pairs (gconstpointer a,
               gconstpointer b)
{
  const Pair *pair_a = a;
  const Pair *pair_b = b;
  int by_name = strcmp (pair_a->name, pair_b->name);

  return by_name != 0 ? by_name : strcmp (pair_a->value, pair_b->value);
}

char *
terra_twilio_compute_signature (const char         *auth_token,
                                const char         *url,
                                const char * const *pairs)
{
  g_autoptr(GArray) sorted = g_array_new (FALSE, FALSE, sizeof (Pair));
  g_autoptr(GHmac) hmac = NULL;
  guint8 digest[20];
  gsize digest_length = sizeof digest;

  g_return_val_if_fail (auth_token != NULL, NULL);
  g_return_val_if_fail (url != NULL, NULL);

  for (guint i = 0; pairs != NULL && pairs[i] != NULL && pairs[i + 1] != NULL; i += 2)
    {
      Pair pair = { pairs[i], pairs[i + 1] };
      g_array_append_val (sorted, pair);
    }
  g_array_sort (sorted, compare_pairs);

  hmac = g_hmac_new (G_CHECKSUM_SHA1, (const guchar *)auth_token, strlen (auth_token));
  g_hmac_update (hmac, (const guchar *)url, strlen (url));
  for (guint i = 0; i < sorted->len; i++)
    {
      const Pair *pair = &g_array_index (sorted, Pair, i);

      g_hmac_update (hmac, (const guchar *)pair->name, strlen (pair->name));
      g_hmac_update (hmac, (const guchar *)pair->value, strlen (pair->value));
    }
  g_hmac_get_digest (hmac, digest, &digest_length);
  return g_base64_encode (digest, digest_length);
}

/* @url with its default port added when it has none, or removed when it
 * has it; NULL when neither applies. */
static char *
toggle_default_port (const char *url)
{
  const char *scheme_end = strstr (url, "://");
  const char *default_port;
  const char *host;
  const char *host_end;
  const char *colon = NULL;

  if (scheme_end == NULL)
    return NULL;
  if (g_ascii_strncasecmp (url, "https", scheme_end - url) == 0 && scheme_end - url == 5)
    default_port = "443";
  else if (g_ascii_strncasecmp (url, "http", scheme_end - url) == 0 && scheme_end - url == 4)
    default_port = "80";
  else
    return NULL;

  host = scheme_end + 3;
  host_end = host + strcspn (host, "/?#");
  for (const char *p = host; p < host_end; p++)
    if (*p == ':')
      colon = p;
    else if (*p == ']')
      colon = NULL;   /* the colons of an IPv6 address */

  if (colon == NULL)
    return g_strdup_printf ("%.*s:%s%s", (int)(host_end - url), url, default_port, host_end);
  if ((gsize)(host_end - colon - 1) == strlen (default_port) &&
      strncmp (colon + 1, default_port, host_end - colon - 1) == 0)
    return g_strdup_printf ("%.*s%s", (int)(colon - url), url, host_end);
  return NULL;
}

gboolean
terra_twilio_check_signature (const char         *auth_token,
                              const char         *url,
                              const char * const *pairs,
                              const char         *signature)
{
  g_autofree char *expected = NULL;
  g_autofree char *other_url = NULL;
  g_autofree char *other_expected = NULL;
  gboolean matches;

  g_return_val_if_fail (auth_token != NULL, FALSE);
  g_return_val_if_fail (url != NULL, FALSE);

  if (signature == NULL || *signature == '\0')
    return FALSE;

  expected = terra_twilio_compute_signature (auth_token, url, pairs);
  matches = _terra_channel_strings_equal (signature, expected);
  other_url = toggle_default_port (url);
  if (other_url != NULL)
    {
      other_expected = terra_twilio_compute_signature (auth_token, other_url, pairs);
      matches |= _terra_channel_strings_equal (signature, other_expected);
    }
  return matches;
}

char *
terra_twilio_get_webhook_url (TerraStore *store)
{
  g_autofree char *public_url = NULL;
  g_autoptr(GUri) uri = NULL;
  const char *path;

  g_return_val_if_fail (TERRA_IS_STORE (store), NULL);

  public_url = terra_store_get_setting_string (store, "twilio.public_url");
  if (public_url == NULL || *g_strstrip (public_url) == '\0')
    return NULL;
  uri = g_uri_parse (public_url, G_URI_FLAGS_ENCODED, NULL);
  path = uri != NULL ? g_uri_get_path (uri) : NULL;
  /* Owners often paste only the tunnel's address. */
  if (uri != NULL && g_uri_get_query (uri) == NULL && (path == NULL || *path == '\0' || g_str_equal (path, "/")))
    {
      gsize length = strlen (public_url);

      if (length > 0 && public_url[length - 1] == '/')
        public_url[length - 1] = '\0';
      return g_strconcat (public_url, "/webhooks/twilio", NULL);
    }
  return g_steal_pointer (&public_url);
}

/* The URL Twilio signed: the configured public address, with the query
 * string of this request when the configured address has none. */
static char *
signed_url (const char        *public_url,
            SoupServerMessage *message)
{
  GUri *uri = soup_server_message_get_uri (message);
  const char *query = uri != NULL ? g_uri_get_query (uri) : NULL;

  if (query != NULL && *query != '\0' && strchr (public_url, '?') == NULL)
    return g_strconcat (public_url, "?", query, NULL);
  return g_strdup (public_url);
}

static GStrv
fields_to_pairs (GPtrArray *fields)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; i < fields->len; i++)
    {
      TerraFormField *field = g_ptr_array_index (fields, i);

      g_strv_builder_add (builder, field->name);
      g_strv_builder_add (builder, field->value);
    }
  return g_strv_builder_end (builder);
}

/* 403 unless the request carries Twilio's signature for our address. */
static gboolean
verify_request (TerraChannelContext *context,
                SoupServerMessage   *message,
                GPtrArray           *fields)
{
  g_autoptr(GError) error = NULL;
  g_auto(TerraSecretString) token = NULL;
  g_autofree char *public_url = NULL;
  g_autofree char *url = NULL;
  g_auto(GStrv) pairs = NULL;
  const char *signature;

  token = _terra_channel_get_secret (terra_workspace_get_id (context->workspace),
                                     "twilio_auth_token", NULL, &error);
  if (token == NULL)
    {
      _terra_channel_answer_error (message, SOUP_STATUS_FORBIDDEN, "forbidden", error->message);
      return FALSE;
    }
  public_url = terra_twilio_get_webhook_url (context->store);
  if (public_url == NULL)
    {
      _terra_channel_answer_error (message, SOUP_STATUS_FORBIDDEN, "forbidden",
                                   _("The setting twilio.public_url is not set, so Twilio’s "
                                     "signature cannot be checked"));
      return FALSE;
    }

  url = signed_url (public_url, message);
  pairs = fields_to_pairs (fields);
  signature = soup_message_headers_get_one (soup_server_message_get_request_headers (message),
                                            "X-Twilio-Signature");
  if (!terra_twilio_check_signature (token, url, (const char * const *)pairs, signature))
    {
      _terra_channel_answer_error (message, SOUP_STATUS_FORBIDDEN, "forbidden",
                                   _("The request does not carry a valid Twilio signature"));
      return FALSE;
    }
  return TRUE;
}

/* MediaUrlN and MediaContentTypeN as [{"url", "content_type"}]. */
static char *
media_json (GPtrArray *fields)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  guint n_media = 0;

  json_builder_begin_array (builder);
  for (guint i = 0; i < MAX_MEDIA; i++)
    {
      g_autofree char *url_name = g_strdup_printf ("MediaUrl%u", i);
      g_autofree char *type_name = g_strdup_printf ("MediaContentType%u", i);
      const char *url = _terra_form_get (fields, url_name);
      const char *type = _terra_form_get (fields, type_name);

      if (url == NULL || *url == '\0')
        continue;
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "url");
      json_builder_add_string_value (builder, url);
      json_builder_set_member_name (builder, "content_type");
      json_builder_add_string_value (builder, type != NULL ? type : "");
      json_builder_end_object (builder);
      n_media++;
    }
  json_builder_end_array (builder);
  if (n_media == 0)
    return NULL;
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

static const char *
first_of (GPtrArray  *fields,
          const char *name,
          const char *fallback_name)
{
  const char *value = _terra_form_get (fields, name);

  return value != NULL && *value != '\0' ? value : _terra_form_get (fields, fallback_name);
}

/* "Location: Label, Address (lat, long)", or NULL without coordinates. */
static char *
location_text (GPtrArray *fields)
{
  const char *latitude = _terra_form_get (fields, "Latitude");
  const char *longitude = _terra_form_get (fields, "Longitude");
  const char *label = _terra_form_get (fields, "Label");
  const char *address = _terra_form_get (fields, "Address");
  g_autoptr(GString) text = NULL;

  if (latitude == NULL || longitude == NULL || *latitude == '\0' || *longitude == '\0')
    return NULL;
  text = g_string_new (_("Location: "));
  if (label != NULL && *label != '\0')
    g_string_append_printf (text, "%s, ", label);
  if (address != NULL && *address != '\0')
    g_string_append_printf (text, "%s ", address);
  g_string_append_printf (text, "(%s, %s)", latitude, longitude);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
handle_inbound (TerraChannelContext *context,
                SoupServerMessage   *message,
                GPtrArray           *fields)
{
  TerraInboundMessage inbound = { 0 };
  TerraIngestResult result = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *attachments = media_json (fields);
  g_autofree char *location = NULL;
  const char *from = _terra_form_get (fields, "From");
  const char *text = _terra_form_get (fields, "Body");

  inbound.external_id = first_of (fields, "MessageSid", "SmsSid");
  if (inbound.external_id == NULL || *inbound.external_id == '\0' || from == NULL || *from == '\0')
    {
      _terra_channel_answer_error (message, SOUP_STATUS_BAD_REQUEST, "bad_request",
                                   _("MessageSid and From are required"));
      return;
    }

  /* WhatsApp through Twilio: the same phone number, its own channel. */
  inbound.channel = TERRA_CHANNEL_SMS;
  if (g_str_has_prefix (from, WHATSAPP_PREFIX))
    {
      inbound.channel = TERRA_CHANNEL_WHATSAPP;
      from += strlen (WHATSAPP_PREFIX);
    }
  inbound.from = from;
  inbound.name = _terra_form_get (fields, "ProfileName");
  /* A tapped quick-reply button arrives as its title, a shared WhatsApp
   * location as its coordinates. */
  if (text == NULL || *text == '\0')
    text = _terra_form_get (fields, "ButtonText");
  if ((text == NULL || *text == '\0') && (location = location_text (fields)) != NULL)
    text = location;
  inbound.text = text != NULL ? text : "";
  inbound.attachments_json = attachments;

  if (!terra_store_ingest_message (context->store, &inbound, &result, &error))
    {
      if (g_error_matches (error, TERRA_STORE_ERROR, TERRA_STORE_ERROR_INVALID))
        _terra_channel_answer_error (message, SOUP_STATUS_BAD_REQUEST, "bad_request", error->message);
      else
        {
          g_warning ("Could not store a Twilio message: %s", error->message);
          _terra_channel_answer_error (message, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal",
                                       _("The message could not be stored"));
        }
      return;
    }

  _terra_channel_answer (message, SOUP_STATUS_OK, "text/xml", EMPTY_TWIML);
  if (!result.duplicate)
    terra_channel_context_enqueue (context, result.conversation_id);
}

static gboolean
delivery_for_status (const char    *status,
                     TerraDelivery *delivery)
{
  static const struct
  {
    const char    *status;
    TerraDelivery  delivery;
  } map[] = {
    { "accepted", TERRA_DELIVERY_PENDING },
    { "scheduled", TERRA_DELIVERY_PENDING },
    { "queued", TERRA_DELIVERY_PENDING },
    { "sending", TERRA_DELIVERY_PENDING },
    { "sent", TERRA_DELIVERY_SENT },
    { "delivered", TERRA_DELIVERY_DELIVERED },
    { "read", TERRA_DELIVERY_READ },
    { "undelivered", TERRA_DELIVERY_FAILED },
    { "failed", TERRA_DELIVERY_FAILED },
  };

  for (guint i = 0; i < G_N_ELEMENTS (map); i++)
    if (g_strcmp0 (status, map[i].status) == 0)
      {
        *delivery = map[i].delivery;
        return TRUE;
      }
  return FALSE;
}

static char *
status_detail (const char *status,
               const char *error_code)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "provider");
  json_builder_add_string_value (builder, "twilio");
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, status);
  if (error_code != NULL && *error_code != '\0')
    {
      json_builder_set_member_name (builder, "error_code");
      json_builder_add_string_value (builder, error_code);
    }
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

/* A status callback for a message Terra sent. One Twilio account serves
 * SMS and WhatsApp, and the sid does not say which; the address does. */
static void
handle_status (TerraChannelContext *context,
               SoupServerMessage   *message,
               GPtrArray           *fields,
               const char          *status)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *detail = NULL;
  const char *sid = first_of (fields, "MessageSid", "SmsSid");
  const char *to = _terra_form_get (fields, "To");
  const char *from = _terra_form_get (fields, "From");
  TerraChannel channels[2] = { TERRA_CHANNEL_SMS, TERRA_CHANNEL_WHATSAPP };
  TerraDelivery delivery;

  if (sid == NULL || *sid == '\0')
    {
      _terra_channel_answer_error (message, SOUP_STATUS_BAD_REQUEST, "bad_request",
                                   _("MessageSid is required"));
      return;
    }
  /* Statuses Terra does not track (such as "receiving") need no change. */
  if (!delivery_for_status (status, &delivery))
    {
      _terra_channel_answer (message, SOUP_STATUS_OK, "text/xml", EMPTY_TWIML);
      return;
    }
  if (g_str_has_prefix (to != NULL ? to : "", WHATSAPP_PREFIX) ||
      g_str_has_prefix (from != NULL ? from : "", WHATSAPP_PREFIX))
    {
      channels[0] = TERRA_CHANNEL_WHATSAPP;
      channels[1] = TERRA_CHANNEL_SMS;
    }

  detail = status_detail (status, _terra_form_get (fields, "ErrorCode"));
  for (guint i = 0; i < G_N_ELEMENTS (channels); i++)
    {
      g_clear_error (&error);
      if (terra_store_set_delivery_by_external_id (context->store, channels[i], sid, delivery,
                                                   detail, NULL, NULL, &error))
        break;
      if (!g_error_matches (error, TERRA_STORE_ERROR, TERRA_STORE_ERROR_NOT_FOUND))
        {
          g_warning ("Could not record a Twilio status: %s", error->message);
          _terra_channel_answer_error (message, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal",
                                       _("The status could not be stored"));
          return;
        }
    }
  /* A message sent from Twilio's console is not Terra's: nothing to do,
   * and nothing Twilio should retry. */
  _terra_channel_answer (message, SOUP_STATUS_OK, "text/xml", EMPTY_TWIML);
}

static gboolean
is_form (SoupServerMessage *message)
{
  const char *type =
    soup_message_headers_get_content_type (soup_server_message_get_request_headers (message), NULL);

  return g_strcmp0 (type, "application/x-www-form-urlencoded") == 0;
}

static void
twilio_webhook (SoupServer        *server,
                SoupServerMessage *message,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  TerraChannelContext *context = user_data;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GPtrArray) fields = NULL;
  g_autoptr(GError) error = NULL;
  const char *status;
  gsize length;
  const char *data;

  if (soup_server_message_get_method (message) != SOUP_METHOD_POST)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (message), "Allow", "POST");
      _terra_channel_answer_error (message, SOUP_STATUS_METHOD_NOT_ALLOWED, "method_not_allowed",
                                   _("Twilio posts to this address"));
      return;
    }
  if (!is_form (message))
    {
      _terra_channel_answer_error (message, SOUP_STATUS_BAD_REQUEST, "bad_request",
                                   _("Twilio sends application/x-www-form-urlencoded forms"));
      return;
    }
  body = _terra_channel_request_body (message);
  data = g_bytes_get_data (body, &length);
  fields = _terra_form_parse (data, length, &error);
  if (fields == NULL)
    {
      _terra_channel_answer_error (message, SOUP_STATUS_BAD_REQUEST, "bad_request", error->message);
      return;
    }
  if (!verify_request (context, message, fields))
    return;

  /* Inbound messages carry SmsStatus "received" and no MessageStatus. */
  status = _terra_form_get (fields, "MessageStatus");
  if (status != NULL && !g_str_equal (status, "received"))
    handle_status (context, message, fields, status);
  else
    handle_inbound (context, message, fields);
}

void
terra_twilio_attach (SoupServer          *soup,
                     TerraChannelContext *context)
{
  g_return_if_fail (SOUP_IS_SERVER (soup));
  g_return_if_fail (context != NULL);

  soup_server_add_handler (soup, "/webhooks/twilio", twilio_webhook, context, NULL);
}
