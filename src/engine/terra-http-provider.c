/* terra-http-provider.c — what the LLM providers behind an HTTP API share:
 * the session, the key, timeouts, retries and error mapping
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The key lives only in this object's memory: it goes into a request
 * header and nowhere else. Messages a provider sends back are scrubbed of
 * it before they become an error a log or the UI may show.
 */

#define G_LOG_DOMAIN "terra-provider"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "terra-http-provider-private.h"

#define DEFAULT_TIMEOUT_SECONDS 90
#define DEFAULT_MAX_RETRIES     2
#define BACKOFF_START_SECONDS   0.5
#define BACKOFF_CAP_SECONDS     8.0
#define RETRY_AFTER_MAX_SECONDS 60.0
#define ERROR_BODY_LIMIT        (64 * 1024)
#define DETAIL_MAX_CHARS        300

typedef struct
{
  char        *base_url;         /* without a trailing slash */
  char        *model;
  char        *embedding_model;
  char        *api_key;          /* never logged; wiped when freed */
  guint        timeout;
  guint        max_retries;
  double       backoff_scale;

  GMutex       session_lock;
  SoupSession *session;          /* made by the first request */
} TerraHttpProviderPrivate;

enum {
  PROP_0,
  PROP_BASE_URL,
  PROP_MODEL,
  PROP_EMBEDDING_MODEL,
  PROP_API_KEY,
  PROP_TIMEOUT,
  PROP_MAX_RETRIES,
  PROP_BACKOFF_SCALE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_TYPE_WITH_PRIVATE (TerraHttpProvider, terra_http_provider, G_TYPE_OBJECT)

static void
wipe_string (char *text)
{
  if (text == NULL)
    return;

  /* volatile so the compiler keeps the writes to memory about to be freed */
  for (volatile char *p = text; *p != '\0'; p++)
    *p = '\0';
  g_free (text);
}

static double
default_backoff_scale (void)
{
  const char *text = g_getenv ("TERRA_PROVIDER_BACKOFF_SCALE");
  char *end = NULL;
  double value;

  if (text == NULL || *text == '\0')
    return 1.0;

  value = g_ascii_strtod (text, &end);
  if (end == text || *end != '\0' || value < 0.0 || value > 100.0)
    return 1.0;

  return value;
}

static char *
normalise_base_url (const char *url)
{
  gsize length;

  if (url == NULL)
    return NULL;

  length = strlen (url);
  while (length > 0 && url[length - 1] == '/')
    length--;

  return length > 0 ? g_strndup (url, length) : NULL;
}

static void
terra_http_provider_finalize (GObject *object)
{
  TerraHttpProvider *self = (TerraHttpProvider *)object;
  TerraHttpProviderPrivate *priv = terra_http_provider_get_instance_private (self);

  g_clear_object (&priv->session);
  g_mutex_clear (&priv->session_lock);
  g_free (priv->base_url);
  g_free (priv->model);
  g_free (priv->embedding_model);
  g_clear_pointer (&priv->api_key, wipe_string);

  G_OBJECT_CLASS (terra_http_provider_parent_class)->finalize (object);
}

static void
terra_http_provider_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  TerraHttpProvider *self = TERRA_HTTP_PROVIDER (object);
  TerraHttpProviderPrivate *priv = terra_http_provider_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_BASE_URL:
      g_value_set_string (value, terra_http_provider_get_base_url (self));
      break;
    case PROP_MODEL:
      g_value_set_string (value, priv->model);
      break;
    case PROP_EMBEDDING_MODEL:
      g_value_set_string (value, priv->embedding_model);
      break;
    case PROP_TIMEOUT:
      g_value_set_uint (value, priv->timeout);
      break;
    case PROP_MAX_RETRIES:
      g_value_set_uint (value, priv->max_retries);
      break;
    case PROP_BACKOFF_SCALE:
      g_value_set_double (value, priv->backoff_scale);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
terra_http_provider_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  TerraHttpProvider *self = TERRA_HTTP_PROVIDER (object);
  TerraHttpProviderPrivate *priv = terra_http_provider_get_instance_private (self);
  const char *text;

  switch (prop_id)
    {
    case PROP_BASE_URL:
      g_free (priv->base_url);
      priv->base_url = normalise_base_url (g_value_get_string (value));
      break;
    case PROP_MODEL:
      g_free (priv->model);
      priv->model = g_value_dup_string (value);
      break;
    case PROP_EMBEDDING_MODEL:
      text = g_value_get_string (value);
      g_free (priv->embedding_model);
      priv->embedding_model = (text != NULL && *text != '\0') ? g_strdup (text) : NULL;
      break;
    case PROP_API_KEY:
      text = g_value_get_string (value);
      g_clear_pointer (&priv->api_key, wipe_string);
      priv->api_key = (text != NULL && *text != '\0') ? g_strdup (text) : NULL;
      break;
    case PROP_TIMEOUT:
      priv->timeout = g_value_get_uint (value);
      break;
    case PROP_MAX_RETRIES:
      priv->max_retries = g_value_get_uint (value);
      break;
    case PROP_BACKOFF_SCALE:
      priv->backoff_scale = g_value_get_double (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
terra_http_provider_class_init (TerraHttpProviderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = terra_http_provider_finalize;
  object_class->get_property = terra_http_provider_get_property;
  object_class->set_property = terra_http_provider_set_property;

  klass->display_name = "LLM provider";

  properties[PROP_BASE_URL] =
    g_param_spec_string ("base-url", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MODEL] =
    g_param_spec_string ("model", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_EMBEDDING_MODEL] =
    g_param_spec_string ("embedding-model", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* Write-only: nothing can read the key back out of the object. */
  properties[PROP_API_KEY] =
    g_param_spec_string ("api-key", NULL, NULL, NULL,
                         G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* Seconds without a byte from the server, while connecting, waiting for
   * the answer or between two pieces of a stream. Read when the first
   * request makes the session. */
  properties[PROP_TIMEOUT] =
    g_param_spec_uint ("timeout", NULL, NULL, 1, 3600, DEFAULT_TIMEOUT_SECONDS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MAX_RETRIES] =
    g_param_spec_uint ("max-retries", NULL, NULL, 0, 10, DEFAULT_MAX_RETRIES,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BACKOFF_SCALE] =
    g_param_spec_double ("backoff-scale", NULL, NULL, 0.0, 100.0, 1.0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
terra_http_provider_init (TerraHttpProvider *self)
{
  TerraHttpProviderPrivate *priv = terra_http_provider_get_instance_private (self);

  g_mutex_init (&priv->session_lock);
  priv->timeout = DEFAULT_TIMEOUT_SECONDS;
  priv->max_retries = DEFAULT_MAX_RETRIES;
  priv->backoff_scale = default_backoff_scale ();
}

/* The API address without a trailing slash: the base-url property, else
 * the provider's default. */
const char *
terra_http_provider_get_base_url (TerraHttpProvider *self)
{
  TerraHttpProviderPrivate *priv = terra_http_provider_get_instance_private (self);

  g_return_val_if_fail (TERRA_IS_HTTP_PROVIDER (self), NULL);

  if (priv->base_url != NULL)
    return priv->base_url;

  return TERRA_HTTP_PROVIDER_GET_CLASS (self)->default_base_url;
}

const char *
terra_http_provider_get_model (TerraHttpProvider *self)
{
  TerraHttpProviderPrivate *priv = terra_http_provider_get_instance_private (self);

  g_return_val_if_fail (TERRA_IS_HTTP_PROVIDER (self), NULL);

  return priv->model != NULL ? priv->model : "";
}

/* The model for embeddings, or NULL when none is set. */
const char *
terra_http_provider_get_embedding_model (TerraHttpProvider *self)
{
  TerraHttpProviderPrivate *priv = terra_http_provider_get_instance_private (self);

  g_return_val_if_fail (TERRA_IS_HTTP_PROVIDER (self), NULL);

  return priv->embedding_model;
}

gboolean
terra_http_provider_has_api_key (TerraHttpProvider *self)
{
  TerraHttpProviderPrivate *priv = terra_http_provider_get_instance_private (self);

  g_return_val_if_fail (TERRA_IS_HTTP_PROVIDER (self), FALSE);

  return priv->api_key != NULL;
}

guint
terra_http_provider_get_timeout (TerraHttpProvider *self)
{
  TerraHttpProviderPrivate *priv = terra_http_provider_get_instance_private (self);

  g_return_val_if_fail (TERRA_IS_HTTP_PROVIDER (self), 0);

  return priv->timeout;
}

const char *
_terra_http_provider_display_name (TerraHttpProvider *self)
{
  return TERRA_HTTP_PROVIDER_GET_CLASS (self)->display_name;
}

/* Returns (transfer full) text with the key, should a server echo it,
 * replaced, and cut to a length an error message can carry. */
char *
_terra_http_provider_scrub (TerraHttpProvider *self,
                            const char        *text)
{
  TerraHttpProviderPrivate *priv = terra_http_provider_get_instance_private (self);
  g_autoptr(GString) result = g_string_new (text != NULL ? text : "");

  if (priv->api_key != NULL)
    g_string_replace (result, priv->api_key, "[key]", 0);

  if (g_utf8_strlen (result->str, -1) > DETAIL_MAX_CHARS)
    {
      const char *end = g_utf8_offset_to_pointer (result->str, DETAIL_MAX_CHARS);

      g_string_truncate (result, end - result->str);
      g_string_append (result, "…");
    }

  return g_string_free (g_steal_pointer (&result), FALSE);
}

/* The session, made on first use by the thread that needs it. */
static SoupSession *
ensure_session (TerraHttpProvider *self)
{
  TerraHttpProviderPrivate *priv = terra_http_provider_get_instance_private (self);
  SoupSession *session;

  g_mutex_lock (&priv->session_lock);
  if (priv->session == NULL)
    priv->session = soup_session_new_with_options ("timeout", priv->timeout,
                                                   "user-agent", "Terra/" PACKAGE_VERSION " ",
                                                   NULL);
  session = priv->session;
  g_mutex_unlock (&priv->session_lock);

  return session;
}

/* Waiting for a retry, woken early by a cancellation. */
typedef struct
{
  GMutex   mutex;
  GCond    cond;
  gboolean cancelled;
} Waiter;

static void
waiter_cancelled_cb (GCancellable *cancellable,
                     Waiter       *waiter)
{
  g_mutex_lock (&waiter->mutex);
  waiter->cancelled = TRUE;
  g_cond_signal (&waiter->cond);
  g_mutex_unlock (&waiter->mutex);
}

/* Sleeps for usec; FALSE if cancellable was cancelled meanwhile. */
static gboolean
wait_cancellable (gint64        usec,
                  GCancellable *cancellable)
{
  gint64 deadline = g_get_monotonic_time () + usec;
  Waiter waiter = { 0 };
  gboolean cancelled;
  gulong handler = 0;

  g_mutex_init (&waiter.mutex);
  g_cond_init (&waiter.cond);

  if (cancellable != NULL)
    handler = g_cancellable_connect (cancellable, G_CALLBACK (waiter_cancelled_cb), &waiter, NULL);

  g_mutex_lock (&waiter.mutex);
  while (!waiter.cancelled)
    if (!g_cond_wait_until (&waiter.cond, &waiter.mutex, deadline))
      break;
  cancelled = waiter.cancelled;
  g_mutex_unlock (&waiter.mutex);

  /* Not under the mutex: disconnecting waits for a running callback. */
  if (cancellable != NULL)
    g_cancellable_disconnect (cancellable, handler);

  g_cond_clear (&waiter.cond);
  g_mutex_clear (&waiter.mutex);

  return !cancelled;
}

static gint64
backoff_usec (TerraHttpProvider *self,
              guint              retry_index)
{
  TerraHttpProviderPrivate *priv = terra_http_provider_get_instance_private (self);
  double seconds = BACKOFF_START_SECONDS;

  for (guint i = 0; i < retry_index && seconds < BACKOFF_CAP_SECONDS; i++)
    seconds *= 2;
  seconds = MIN (seconds, BACKOFF_CAP_SECONDS);
  seconds *= 1.0 - g_random_double () * 0.25;

  return (gint64)(seconds * priv->backoff_scale * G_USEC_PER_SEC);
}

/* What the server asked us to wait, or -1: retry-after-ms, then
 * Retry-After in seconds or as an HTTP date. Like the SDKs, a wait longer
 * than a minute is not believed. */
static gint64
retry_after_usec (SoupMessageHeaders *headers)
{
  const char *value;
  double seconds = -1;
  char *end = NULL;

  value = soup_message_headers_get_one (headers, "retry-after-ms");
  if (value != NULL)
    {
      double ms = g_ascii_strtod (value, &end);

      if (end != value && *end == '\0')
        seconds = ms / 1000.0;
    }

  value = soup_message_headers_get_one (headers, "retry-after");
  if (seconds < 0 && value != NULL)
    {
      double parsed = g_ascii_strtod (value, &end);

      if (end != value && *end == '\0')
        {
          seconds = parsed;
        }
      else
        {
          g_autoptr(GDateTime) when = soup_date_time_new_from_http_string (value);
          g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

          if (when != NULL)
            seconds = g_date_time_difference (when, now) / (double)G_USEC_PER_SEC;
        }
    }

  if (seconds < 0 || seconds > RETRY_AFTER_MAX_SECONDS)
    return -1;

  return (gint64)(seconds * G_USEC_PER_SEC);
}

static gboolean
should_retry (SoupMessage        *message,
              guint               status,
              TerraProviderError  code)
{
  const char *header;

  if (code == TERRA_PROVIDER_ERROR_QUOTA)
    return FALSE;

  header = soup_message_headers_get_one (soup_message_get_response_headers (message),
                                         "x-should-retry");
  if (g_strcmp0 (header, "true") == 0)
    return TRUE;
  if (g_strcmp0 (header, "false") == 0)
    return FALSE;

  return status == 408 || status == 409 || status == 429 || status >= 500;
}

static SoupMessage *
build_message (TerraHttpProvider *self,
               const char        *url,
               GBytes            *body)
{
  TerraHttpProviderPrivate *priv = terra_http_provider_get_instance_private (self);
  SoupMessage *message = soup_message_new (SOUP_METHOD_POST, url);
  SoupMessageHeaders *headers;

  if (message == NULL)
    return NULL;

  headers = soup_message_get_request_headers (message);
  soup_message_set_request_body_from_bytes (message, "application/json", body);
  soup_message_headers_replace (headers, "Accept", "application/json, text/event-stream");

  if (priv->api_key != NULL)
    TERRA_HTTP_PROVIDER_GET_CLASS (self)->authorize (self, headers, priv->api_key);

  return message;
}

/* After a failed attempt: waits before the next one. FALSE with error
 * set when cancelled meanwhile. */
static gboolean
wait_before_retry (TerraHttpProvider  *self,
                   SoupMessage        *message,
                   const TerraHttpErrorInfo    *info,
                   guint               retry_index,
                   GCancellable       *cancellable,
                   GError            **error)
{
  gint64 delay = -1;

  if (message != NULL)
    delay = retry_after_usec (soup_message_get_response_headers (message));
  if (delay < 0 && info != NULL && info->retry_delay >= 0 &&
      info->retry_delay <= RETRY_AFTER_MAX_SECONDS * G_USEC_PER_SEC)
    delay = info->retry_delay;
  if (delay < 0)
    delay = backoff_usec (self, retry_index);

  g_debug ("%s: retry %u in %.2f s", _terra_http_provider_display_name (self), retry_index + 1,
           delay / (double)G_USEC_PER_SEC);

  if (wait_cancellable (delay, cancellable))
    return TRUE;

  g_set_error_literal (error, TERRA_PROVIDER_ERROR, TERRA_PROVIDER_ERROR_CANCELLED,
                       _("The request was cancelled"));
  return FALSE;
}

/* POSTs body to path under the base URL, retrying what is worth retrying
 * when retry is TRUE. Returns (transfer full) the body of a 2xx answer, to
 * be read with terra_http_provider_read_events() or _read_json(); NULL with
 * a TERRA_PROVIDER_ERROR otherwise. */
GInputStream *
terra_http_provider_post (TerraHttpProvider  *self,
                          const char         *path,
                          JsonNode           *body,
                          gboolean            retry,
                          GCancellable       *cancellable,
                          GError            **error)
{
  TerraHttpProviderPrivate *priv = terra_http_provider_get_instance_private (self);
  g_autofree char *url = NULL;
  g_autoptr(GBytes) bytes = NULL;
  SoupSession *session;
  guint max_attempts;
  gsize length;
  char *json;

  g_return_val_if_fail (TERRA_IS_HTTP_PROVIDER (self), NULL);
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (body != NULL, NULL);

  url = g_strconcat (terra_http_provider_get_base_url (self), "/", path, NULL);
  json = json_to_string (body, FALSE);
  length = strlen (json);
  bytes = g_bytes_new_take (json, length);
  max_attempts = retry ? priv->max_retries + 1 : 1;
  session = ensure_session (self);

  for (guint attempt = 1; ; attempt++)
    {
      g_autoptr(SoupMessage) message = build_message (self, url, bytes);
      g_autoptr(GInputStream) stream = NULL;
      g_autoptr(GError) local_error = NULL;
      g_autoptr(GBytes) error_body = NULL;
      g_auto(TerraHttpErrorInfo) info = TERRA_HTTP_ERROR_INFO_INIT;
      g_autoptr(JsonParser) parser = NULL;
      TerraProviderError code;
      gboolean too_large;
      guint status;

      if (message == NULL)
        {
          g_set_error (error, TERRA_PROVIDER_ERROR, TERRA_PROVIDER_ERROR_UNREACHABLE,
                       _("%s: not a valid address: %s"), _terra_http_provider_display_name (self), url);
          return NULL;
        }

      g_debug ("%s: POST %s (attempt %u of %u)", _terra_http_provider_display_name (self), url, attempt, max_attempts);
      stream = soup_session_send (session, message, cancellable, &local_error);
      if (stream == NULL)
        {
          g_autoptr(GError) transport_error = NULL;

          code = _terra_http_provider_set_transport_error (self, &transport_error, url, local_error);
          if (code != TERRA_PROVIDER_ERROR_UNREACHABLE || attempt >= max_attempts)
            {
              g_propagate_error (error, g_steal_pointer (&transport_error));
              return NULL;
            }
          if (!wait_before_retry (self, NULL, NULL, attempt - 1, cancellable, error))
            return NULL;
          continue;
        }

      status = soup_message_get_status (message);
      if (SOUP_STATUS_IS_SUCCESSFUL (status))
        {
          /* The reader needs the content type; the message lives as long
           * as its body. */
          g_object_set_data_full (G_OBJECT (stream), "terra-message",
                                  g_object_ref (message), g_object_unref);
          return g_steal_pointer (&stream);
        }

      error_body = _terra_http_read_body (stream, ERROR_BODY_LIMIT, &too_large, cancellable, NULL);
      parser = json_parser_new ();
      if (error_body != NULL &&
          json_parser_load_from_data (parser, g_bytes_get_data (error_body, NULL),
                                      g_bytes_get_size (error_body), NULL))
        _terra_http_error_info_read (&info, json_parser_get_root (parser));

      code = _terra_http_error_classify (status, &info);
      g_debug ("%s: HTTP %u", _terra_http_provider_display_name (self), status);

      if (attempt < max_attempts && should_retry (message, status, code))
        {
          if (!wait_before_retry (self, message, &info, attempt - 1, cancellable, error))
            return NULL;
          continue;
        }

      _terra_http_provider_set_http_error (self, error, code, status, &info);
      return NULL;
    }
}
