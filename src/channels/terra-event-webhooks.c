/* terra-event-webhooks.c — signed event webhooks to the owner's own systems
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs on the outbox thread. The body is sent byte for byte as stored, so
 * the signature a receiver checks covers exactly what it parses.
 */

#define G_LOG_DOMAIN "terra-webhooks"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "terra-channel-senders.h"
#include "terra-event-webhooks.h"
#include "terra-secrets.h"
#include "terra-store-outbox.h"

char *
terra_event_webhooks_sign (const char *secret,
                           const char *body,
                           gsize       length)
{
  g_autoptr(GHmac) hmac = NULL;

  g_return_val_if_fail (secret != NULL, NULL);
  g_return_val_if_fail (body != NULL || length == 0, NULL);

  hmac = g_hmac_new (G_CHECKSUM_SHA256, (const guchar *)secret, strlen (secret));
  g_hmac_update (hmac, (const guchar *)body, length);
  return g_strconcat ("sha256=", g_hmac_get_string (hmac), NULL);
}

static char *
random_secret (void)
{
  GString *secret = g_string_sized_new (64);

  /* 256 bits from GLib's generator, seeded from /dev/urandom. */
  for (int i = 0; i < 8; i++)
    g_string_append_printf (secret, "%08x", g_random_int ());
  return g_string_free (secret, FALSE);
}

char *
terra_event_webhooks_ensure_secret (const char    *workspace_id,
                                    GCancellable  *cancellable,
                                    GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  char *secret;

  g_return_val_if_fail (workspace_id != NULL, NULL);

  secret = terra_secrets_lookup (workspace_id, TERRA_EVENT_WEBHOOKS_SECRET_NAME, cancellable, &local_error);
  if (secret != NULL)
    return secret;
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  secret = random_secret ();
  if (!terra_secrets_store (workspace_id, TERRA_EVENT_WEBHOOKS_SECRET_NAME, secret, cancellable, error))
    {
      terra_secrets_free (secret);
      return NULL;
    }
  g_message ("Created the webhook signing secret of this workspace");
  return secret;
}

/* Retry-After is seconds or an HTTP date. */
static gint64
parse_retry_after (const char *value)
{
  g_autofree char *trimmed = NULL;
  g_autoptr(GDateTime) when = NULL;
  guint64 seconds = 0;

  if (value == NULL)
    return 0;
  trimmed = g_strstrip (g_strdup (value));
  if (g_ascii_string_to_unsigned (trimmed, 10, 0, 86400, &seconds, NULL))
    return (gint64)seconds * G_USEC_PER_SEC;
  when = soup_date_time_new_from_http_string (value);
  if (when != NULL)
    return MAX (g_date_time_to_unix (when) * G_USEC_PER_SEC - g_get_real_time (), 0);
  return 0;
}

static SoupMessage *
build_request (const char       *url,
               const char       *type,
               const char       *event_id,
               const char       *body,
               const char       *signature,
               GError          **error)
{
  g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));
  g_autoptr(GUri) uri = g_uri_parse (url, SOUP_HTTP_URI_FLAGS, NULL);
  SoupMessage *message;
  SoupMessageHeaders *headers;

  if (uri == NULL)
    {
      g_set_error (error, TERRA_CHANNEL_ERROR, TERRA_CHANNEL_ERROR_NOT_CONFIGURED,
                   _("The webhook address “%s” is not a valid http(s) address"), url);
      return NULL;
    }

  message = soup_message_new_from_uri (SOUP_METHOD_POST, uri);
  /* A redirect would repeat a signed POST to an address the owner never
   * chose. */
  soup_message_add_flags (message, SOUP_MESSAGE_NO_REDIRECT);
  soup_message_set_request_body_from_bytes (message, "application/json", bytes);
  headers = soup_message_get_request_headers (message);
  soup_message_headers_replace (headers, "X-Terra-Event", type);
  soup_message_headers_replace (headers, "X-Terra-Delivery", event_id);
  soup_message_headers_replace (headers, "X-Terra-Signature", signature);
  soup_message_headers_replace (headers, "User-Agent", "Terra/" PACKAGE_VERSION);
  return message;
}

/* Sends, reading (and dropping) the answer's body so the connection can be
 * reused; the body may say why a receiver refused, so a short start of it
 * goes into the error. */
static gboolean
send_request (SoupSession   *session,
              SoupMessage   *message,
              gint64        *retry_after,
              GCancellable  *cancellable,
              GError       **error)
{
  g_autoptr(GBytes) answer = NULL;
  guint status;

  answer = soup_session_send_and_read (session, message, cancellable, error);
  if (answer == NULL)
    return FALSE;

  status = soup_message_get_status (message);
  if (SOUP_STATUS_IS_SUCCESSFUL (status))
    return TRUE;

  if (status == SOUP_STATUS_GONE)
    {
      g_set_error (error, TERRA_CHANNEL_ERROR, TERRA_CHANNEL_ERROR_PERMANENT,
                   _("The webhook receiver answered 410 Gone: it accepts no more events"));
      return FALSE;
    }

  *retry_after = parse_retry_after (soup_message_headers_get_one (soup_message_get_response_headers (message),
                                                                  "Retry-After"));
  g_set_error (error, TERRA_CHANNEL_ERROR, TERRA_CHANNEL_ERROR_RETRY,
               _("The webhook receiver answered %u %s"), status,
               soup_message_get_reason_phrase (message) ? soup_message_get_reason_phrase (message) : "");
  return FALSE;
}

gboolean
terra_event_webhooks_deliver (SoupSession      *session,
                              TerraStore       *store,
                              const char       *workspace_id,
                              TerraOutboxItem  *item,
                              gint64           *out_retry_after_usec,
                              GCancellable     *cancellable,
                              GError          **error)
{
  g_autofree char *url = NULL;
  g_autofree char *signature = NULL;
  g_autoptr(JsonNode) event = NULL;
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GError) secret_error = NULL;
  g_auto(TerraSecretString) secret = NULL;
  const char *body;
  JsonObject *object;
  gint64 retry_after = 0;
  gboolean ok;

  g_return_val_if_fail (SOUP_IS_SESSION (session), FALSE);
  g_return_val_if_fail (TERRA_IS_STORE (store), FALSE);
  g_return_val_if_fail (TERRA_IS_OUTBOX_ITEM (item), FALSE);

  if (out_retry_after_usec != NULL)
    *out_retry_after_usec = 0;

  url = terra_store_get_setting_string (store, "webhooks.url");
  if (url == NULL || *url == '\0')
    {
      g_set_error_literal (error, TERRA_CHANNEL_ERROR, TERRA_CHANNEL_ERROR_NOT_CONFIGURED,
                           _("No webhook address is set (webhooks.url)"));
      return FALSE;
    }

  body = terra_outbox_item_get_payload (item);
  event = json_from_string (body, NULL);
  if (event == NULL || !JSON_NODE_HOLDS_OBJECT (event))
    {
      g_set_error_literal (error, TERRA_CHANNEL_ERROR, TERRA_CHANNEL_ERROR_PERMANENT,
                           _("The queued event is not a JSON object"));
      return FALSE;
    }
  object = json_node_get_object (event);

  secret = terra_event_webhooks_ensure_secret (workspace_id, cancellable, &secret_error);
  if (secret == NULL)
    {
      /* A locked keyring may open later: wait rather than send unsigned. */
      g_set_error (error, TERRA_CHANNEL_ERROR, TERRA_CHANNEL_ERROR_RETRY,
                   _("Webhooks are not signed and not sent until the keyring answers: %s"),
                   secret_error != NULL ? secret_error->message : _("no secret"));
      return FALSE;
    }

  signature = terra_event_webhooks_sign (secret, body, strlen (body));
  message = build_request (url,
                           json_object_get_string_member_with_default (object, "type", ""),
                           json_object_get_string_member_with_default (object, "id", ""),
                           body, signature, error);
  if (message == NULL)
    return FALSE;

  ok = send_request (session, message, &retry_after, cancellable, error);
  if (out_retry_after_usec != NULL)
    *out_retry_after_usec = retry_after;
  return ok;
}

static void
add_count (JsonBuilder *builder,
           const char  *name,
           gint64       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

static char *
summary_data (const char           *date,
              GTimeZone            *zone,
              const TerraDayTotals *totals)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "date");
  json_builder_add_string_value (builder, date);
  json_builder_set_member_name (builder, "time_zone");
  json_builder_add_string_value (builder, g_time_zone_get_identifier (zone));
  add_count (builder, "conversations_started", totals->conversations_started);
  add_count (builder, "messages_received", totals->messages_received);
  add_count (builder, "replies_sent", totals->replies_sent);
  add_count (builder, "leads_qualified", totals->leads_qualified);
  add_count (builder, "meetings_booked", totals->meetings_booked);
  add_count (builder, "meetings_cancelled", totals->meetings_cancelled);
  add_count (builder, "handoffs_requested", totals->handoffs_requested);
  add_count (builder, "leads_hot_now", totals->leads_hot);
  add_count (builder, "open_handoffs_now", totals->open_handoffs);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

gboolean
terra_event_webhooks_queue_daily_summary (TerraStore  *store,
                                          gint64       now,
                                          gboolean    *out_queued,
                                          GError     **error)
{
  g_autoptr(GTimeZone) zone = NULL;
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GDateTime) midnight = NULL;
  g_autoptr(GDateTime) yesterday = NULL;
  g_autofree char *date = NULL;
  g_autofree char *data = NULL;
  TerraDayTotals totals = { 0 };

  g_return_val_if_fail (TERRA_IS_STORE (store), FALSE);

  if (out_queued != NULL)
    *out_queued = FALSE;

  zone = terra_store_get_time_zone (store);
  utc = g_date_time_new_from_unix_utc (now / G_USEC_PER_SEC);
  local = g_date_time_to_timezone (utc, zone);
  midnight = g_date_time_new (zone, g_date_time_get_year (local), g_date_time_get_month (local),
                              g_date_time_get_day_of_month (local), 0, 0, 0);
  yesterday = g_date_time_add_days (midnight, -1);
  date = g_date_time_format (yesterday, "%Y-%m-%d");

  if (!terra_store_get_day_totals (store, g_date_time_to_unix (yesterday) * G_USEC_PER_SEC,
                                   g_date_time_to_unix (midnight) * G_USEC_PER_SEC, &totals, error))
    return FALSE;
  data = summary_data (date, zone, &totals);
  return terra_store_queue_event_webhook_once (store, "summary.daily", date, data, out_queued, error);
}
