/* terra-server-limits.c — body size, rate limits, slow clients, access log
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every request is watched from its first byte: too many headers, a body
 * announced or found larger than the limit, a client address over its
 * rate, a client too slow to send its headers or body. An oversized body is
 * refused as soon as it is announced or crosses the limit: the server takes
 * the connection from libsoup, writes the 413 itself and closes, so a 10 GB
 * upload costs nothing. One access line per request goes to the log domain
 * "terra-access" at debug level: method, path without the query string,
 * status, bytes, duration. Never a header value, a token or a body.
 */
#define G_LOG_DOMAIN "terra-server"

#include "config.h"

#include <glib/gi18n.h>

#include "terra-server-private.h"

#define ACCESS_DOMAIN "terra-access"
/* After a refusal the rest of the upload is read and dropped for a
 * moment, so the client sees the answer rather than a reset. */
#define LINGER_BYTES (256 * 1024)
#define LINGER_MS    1000

static GQuark info_quark;

static void
request_info_free (gpointer data)
{
  TerraRequestInfo *info = data;

  if (info->server->in_flight != NULL)
    g_hash_table_remove (info->server->in_flight, info->msg);
  g_free (info->sender);
  g_free (info);
}

TerraRequestInfo *
_terra_server_request_info (SoupServerMessage *msg)
{
  return g_object_get_qdata (G_OBJECT (msg), info_quark);
}

void
_terra_server_access_log (TerraServer       *self,
                          SoupServerMessage *msg,
                          const char        *outcome)
{
  TerraRequestInfo *info = _terra_server_request_info (msg);
  GUri *uri;
  const char *method;
  gint64 duration_us;

  if (info == NULL || info->logged || info->headers_us == 0)
    return;
  info->logged = TRUE;

  if (g_log_writer_default_would_drop (G_LOG_LEVEL_DEBUG, ACCESS_DOMAIN))
    return;

  uri = soup_server_message_get_uri (msg);
  method = soup_server_message_get_method (msg);
  duration_us = g_get_monotonic_time () - info->started_us;
  g_log (ACCESS_DOMAIN, G_LOG_LEVEL_DEBUG,
         "%s %s %s %u %" G_GSIZE_FORMAT "B %.1fms %s",
         info->sender != NULL ? info->sender : "-",
         method != NULL ? method : "-",
         uri != NULL ? g_uri_get_path (uri) : "-",
         soup_server_message_get_status (msg),
         (gsize)soup_server_message_get_response_body (msg)->length,
         duration_us / 1000.0,
         outcome);
}

/* The client's address. Behind a tunnel on this machine (cloudflared,
 * ngrok, Tailscale Funnel) every request comes from loopback, so there the
 * last X-Forwarded-For entry — the one the tunnel added — names the
 * client. From anywhere else the header is not believed. */
static char *
sender_of (SoupServerMessage *msg)
{
  GSocket *socket = soup_server_message_get_socket (msg);
  g_autoptr(GSocketAddress) remote = NULL;
  GInetAddress *inet;
  const char *forwarded;
  const char *last;

  /* Asked of the socket itself: a client already gone is "unknown", not
   * a warning from libsoup. */
  if (socket != NULL)
    remote = g_socket_get_remote_address (socket, NULL);
  if (remote == NULL || !G_IS_INET_SOCKET_ADDRESS (remote))
    return g_strdup ("unknown");
  inet = g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (remote));

  forwarded = soup_message_headers_get_list (soup_server_message_get_request_headers (msg),
                                             "X-Forwarded-For");
  if (g_inet_address_get_is_loopback (inet) && forwarded != NULL && *forwarded != '\0')
    {
      last = strrchr (forwarded, ',');
      last = last != NULL ? last + 1 : forwarded;
      while (*last == ' ')
        last++;
      if (*last != '\0' && strlen (last) <= 64)
        return g_strstrip (g_strdup (last));
    }

  return g_inet_address_to_string (inet);
}

typedef struct
{
  GIOStream    *stream;
  GCancellable *cancellable;
  GSource      *timeout;
  gsize         drained;
  char          buffer[8192];
} Refusal;

static void
refusal_free (Refusal *refusal)
{
  if (refusal->timeout != NULL)
    {
      g_source_destroy (refusal->timeout);
      g_source_unref (refusal->timeout);
    }
  g_io_stream_close (refusal->stream, NULL, NULL);
  g_object_unref (refusal->stream);
  g_object_unref (refusal->cancellable);
  g_free (refusal);
}

static gboolean
refusal_timeout_cb (gpointer data)
{
  Refusal *refusal = data;

  g_cancellable_cancel (refusal->cancellable);
  return G_SOURCE_REMOVE;
}

static void
drain_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      data)
{
  Refusal *refusal = data;
  gssize n = g_input_stream_read_finish (G_INPUT_STREAM (source), result, NULL);

  if (n <= 0 || (refusal->drained += n) >= LINGER_BYTES)
    {
      refusal_free (refusal);
      return;
    }
  g_input_stream_read_async (G_INPUT_STREAM (source), refusal->buffer, sizeof refusal->buffer,
                             G_PRIORITY_LOW, refusal->cancellable, drain_cb, refusal);
}

static void
refusal_written_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      data)
{
  Refusal *refusal = data;
  GSocket *socket = g_object_get_data (G_OBJECT (refusal->stream), "GSocket");

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, NULL))
    {
      refusal_free (refusal);
      return;
    }

  /* Half-close: the client reads the answer and EOF while we drop what
   * it still sends, for a moment. */
  if (socket == NULL && G_IS_SOCKET_CONNECTION (refusal->stream))
    socket = g_socket_connection_get_socket (G_SOCKET_CONNECTION (refusal->stream));
  if (socket != NULL)
    g_socket_shutdown (socket, FALSE, TRUE, NULL);

  refusal->timeout = g_timeout_source_new (LINGER_MS);
  g_source_set_callback (refusal->timeout, refusal_timeout_cb, refusal, NULL);
  g_source_attach (refusal->timeout, g_main_context_get_thread_default ());
  g_input_stream_read_async (g_io_stream_get_input_stream (refusal->stream),
                             refusal->buffer, sizeof refusal->buffer,
                             G_PRIORITY_LOW, refusal->cancellable, drain_cb, refusal);
}

static const char *
reason_of (guint status)
{
  switch (status)
    {
    case 413:
      return "Payload Too Large";
    case 431:
      return "Request Header Fields Too Large";
    case 408:
      return "Request Timeout";
    default:
      return "Bad Request";
    }
}

/* Answers @status now and closes, without reading the rest of the request. */
static void
refuse_and_close (TerraServer       *self,
                  SoupServerMessage *msg,
                  guint              status,
                  const char        *code,
                  const char        *message)
{
  g_autofree char *body = terra_api_error_body (code, message);
  g_autoptr(GBytes) bytes = NULL;
  GOutputStream *out;
  GIOStream *stream;
  Refusal *refusal;
  GString *response;

  /* The access line is written now: libsoup no longer sees this request. */
  soup_server_message_set_status (msg, status, NULL);
  _terra_server_access_log (self, msg, "refused");

  stream = soup_server_message_steal_connection (msg);
  if (stream == NULL)
    {
      _terra_server_respond_json (msg, status, body, strlen (body));
      return;
    }

  response = g_string_new (NULL);
  g_string_append_printf (response,
                          "HTTP/1.1 %u %s\r\n"
                          "Content-Type: application/json\r\n"
                          "Content-Length: %" G_GSIZE_FORMAT "\r\n"
                          "Connection: close\r\n"
                          "\r\n%s",
                          status, reason_of (status), strlen (body), body);
  bytes = g_string_free_to_bytes (response);

  refusal = g_new0 (Refusal, 1);
  refusal->stream = stream;
  refusal->cancellable = g_cancellable_new ();
  out = g_io_stream_get_output_stream (stream);
  g_object_set_data_full (G_OBJECT (stream), "terra-response", g_bytes_ref (bytes),
                          (GDestroyNotify)g_bytes_unref);
  g_output_stream_write_all_async (out, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                   G_PRIORITY_DEFAULT, refusal->cancellable,
                                   refusal_written_cb, refusal);
}

static void
count_header (const char *name,
              const char *value,
              gpointer    data)
{
  (*(guint *)data)++;
}

static void
got_headers_cb (SoupServerMessage *msg,
                TerraRequestInfo  *info)
{
  TerraServer *self = info->server;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  guint n_headers = 0;
  guint retry_after = 0;

  info->headers_us = g_get_monotonic_time ();
  info->sender = sender_of (msg);

  soup_message_headers_foreach (headers, count_header, &n_headers);
  if (n_headers > TERRA_SERVER_MAX_HEADERS)
    {
      refuse_and_close (self, msg, 431, "bad_request", _("Too many request headers"));
      return;
    }

  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
      (guint64)soup_message_headers_get_content_length (headers) > self->max_body)
    {
      refuse_and_close (self, msg, 413, "too_large", _("The request body is too large"));
      return;
    }

  if (!terra_rate_limiter_take (self->address_limiter, info->sender, info->headers_us, &retry_after))
    {
      g_autofree char *seconds = g_strdup_printf ("%u", retry_after);
      g_autoptr(GError) error = g_error_new_literal (TERRA_API_ERROR, TERRA_API_ERROR_RATE_LIMITED,
                                                     _("Too many requests from this address; "
                                                       "retry later"));

      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "Retry-After", seconds);
      _terra_server_respond_error (msg, error);
    }
}

static void
got_chunk_cb (SoupServerMessage *msg,
              GBytes            *chunk,
              TerraRequestInfo  *info)
{
  info->body_bytes += g_bytes_get_size (chunk);
  if (info->body_bytes > info->server->max_body)
    refuse_and_close (info->server, msg, 413, "too_large", _("The request body is too large"));
}

static void
request_started_cb (SoupServer        *soup,
                    SoupServerMessage *msg,
                    TerraServer       *self)
{
  TerraRequestInfo *info = g_new0 (TerraRequestInfo, 1);

  info->server = self;
  info->msg = msg;
  info->started_us = g_get_monotonic_time ();
  g_object_set_qdata_full (G_OBJECT (msg), info_quark, info, request_info_free);
  g_hash_table_insert (self->in_flight, msg, info);

  g_signal_connect (msg, "got-headers", G_CALLBACK (got_headers_cb), info);
  g_signal_connect (msg, "got-chunk", G_CALLBACK (got_chunk_cb), info);
}

static void
request_read_cb (SoupServer        *soup,
                 SoupServerMessage *msg,
                 TerraServer       *self)
{
  TerraRequestInfo *info = _terra_server_request_info (msg);

  if (info != NULL)
    info->body_done = TRUE;
}

static void
request_done (TerraServer       *self,
              SoupServerMessage *msg,
              const char        *outcome)
{
  TerraRequestInfo *info = _terra_server_request_info (msg);

  _terra_server_access_log (self, msg, outcome);
  if (info != NULL)
    g_hash_table_remove (self->in_flight, msg);
  if (info != NULL && info->answered_elsewhere)
    {
      info->answered_elsewhere = FALSE;
      self->answered_pending--;
    }
}

static void
request_finished_cb (SoupServer        *soup,
                     SoupServerMessage *msg,
                     TerraServer       *self)
{
  request_done (self, msg, "finished");
}

static void
request_aborted_cb (SoupServer        *soup,
                    SoupServerMessage *msg,
                    TerraServer       *self)
{
  request_done (self, msg, "aborted");
}

/* Closes the connections of clients too slow to send their request; the
 * shutdown wakes libsoup, which drops the request unanswered. */
static gboolean
sweep_cb (gpointer data)
{
  TerraServer *self = data;
  gint64 now = g_get_monotonic_time ();
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->in_flight);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      TerraRequestInfo *info = value;
      gboolean slow_headers = info->headers_us == 0 &&
                              now - info->started_us > self->headers_timeout_us;
      gboolean slow_body = info->headers_us != 0 && !info->body_done &&
                           now - info->headers_us > self->body_timeout_us;
      GSocket *socket;

      if (!slow_headers && !slow_body)
        continue;
      socket = soup_server_message_get_socket (info->msg);
      if (socket != NULL)
        g_socket_shutdown (socket, TRUE, TRUE, NULL);
      g_hash_table_iter_remove (&iter);
    }

  return G_SOURCE_CONTINUE;
}

void
_terra_server_limits_attach (TerraServer *self)
{
  if (info_quark == 0)
    info_quark = g_quark_from_static_string ("terra-request-info");

  g_signal_connect (self->soup, "request-started", G_CALLBACK (request_started_cb), self);
  g_signal_connect (self->soup, "request-read", G_CALLBACK (request_read_cb), self);
  g_signal_connect (self->soup, "request-finished", G_CALLBACK (request_finished_cb), self);
  g_signal_connect (self->soup, "request-aborted", G_CALLBACK (request_aborted_cb), self);

  self->sweep_source = g_timeout_source_new_seconds (1);
  g_source_set_callback (self->sweep_source, sweep_cb, self, NULL);
  g_source_attach (self->sweep_source, self->context);
}

void
_terra_server_limits_detach (TerraServer *self)
{
  if (self->sweep_source != NULL)
    {
      g_source_destroy (self->sweep_source);
      g_clear_pointer (&self->sweep_source, g_source_unref);
    }
  if (self->soup != NULL)
    g_signal_handlers_disconnect_by_data (self->soup, self);
}
