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

#include "terra-http-provider.h"

#define DEFAULT_TIMEOUT_SECONDS 90
#define DEFAULT_MAX_RETRIES     2
#define BACKOFF_START_SECONDS   0.5
#define BACKOFF_CAP_SECONDS     8.0
#define RETRY_AFTER_MAX_SECONDS 60.0
#define ERROR_BODY_LIMIT        (64 * 1024)
#define JSON_BODY_LIMIT         (64 * 1024 * 1024)
#define DETAIL_MAX_CHARS        300
#define READ_BUFFER_SIZE        8192

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

/* What an error body said, whichever provider's shape it had. */
typedef struct
{
  char   *message;
  char   *type;
  char   *code;
  char   *status;
  char   *reason;
  gint64  number;
  gboolean daily_quota;   /* Gemini: a per-day quota is spent */
  gint64   retry_delay;   /* Gemini's RetryInfo, µs; -1 when none */
} ErrorInfo;

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
error_info_clear (ErrorInfo *info)
{
  g_free (info->message);
  g_free (info->type);
  g_free (info->code);
  g_free (info->status);
  g_free (info->reason);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ErrorInfo, error_info_clear)

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

static const char *
display_name (TerraHttpProvider *self)
{
  return TERRA_HTTP_PROVIDER_GET_CLASS (self)->display_name;
}

/* Returns (transfer full) text with the key, should a server echo it,
 * replaced, and cut to a length an error message can carry. */
static char *
scrub (TerraHttpProvider *self,
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

static void
read_error_member (JsonObject *object,
                   const char *member,
                   char      **out)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || *out != NULL)
    return;

  if (json_node_get_value_type (node) == G_TYPE_STRING)
    *out = g_strdup (json_node_get_string (node));
  else if (json_node_get_value_type (node) == G_TYPE_INT64)
    *out = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
}

/* Gemini's google.rpc details: ErrorInfo's reason, QuotaFailure's
 * violated quotas, RetryInfo's delay ("32s"). */
static void
read_error_detail (ErrorInfo  *info,
                   JsonObject *detail)
{
  JsonArray *violations = terra_json_get_array (detail, "violations");
  const char *delay = terra_json_get_string (detail, "retryDelay");

  read_error_member (detail, "reason", &info->reason);

  for (guint i = 0; violations != NULL && i < json_array_get_length (violations); i++)
    {
      JsonNode *violation = json_array_get_element (violations, i);
      const char *quota_id = JSON_NODE_HOLDS_OBJECT (violation)
                             ? terra_json_get_string (json_node_get_object (violation), "quotaId")
                             : NULL;

      if (quota_id != NULL && strstr (quota_id, "PerDay") != NULL)
        info->daily_quota = TRUE;
    }

  if (delay != NULL)
    {
      char *end = NULL;
      double seconds = g_ascii_strtod (delay, &end);

      if (end != delay && g_str_equal (end, "s") && seconds >= 0)
        info->retry_delay = (gint64)(seconds * G_USEC_PER_SEC);
    }
}

/* Reads the shapes errors come in: OpenAI's {"error":{message,type,code}},
 * Anthropic's {"type":"error","error":{type,message}}, Gemini's
 * {"error":{code,message,status,details}} (as an array on streaming
 * endpoints), Ollama's {"error":"text"}, vLLM's {"message","type","code"}. */
static void
error_info_read (ErrorInfo *info,
                 JsonNode  *root)
{
  JsonObject *object = NULL;
  JsonNode *error_node;
  JsonArray *details;

  if (root != NULL && JSON_NODE_HOLDS_ARRAY (root) &&
      json_array_get_length (json_node_get_array (root)) > 0)
    root = json_array_get_element (json_node_get_array (root), 0);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return;

  object = json_node_get_object (root);
  error_node = json_object_get_member (object, "error");
  if (error_node != NULL && JSON_NODE_HOLDS_VALUE (error_node) &&
      json_node_get_value_type (error_node) == G_TYPE_STRING)
    {
      info->message = g_strdup (json_node_get_string (error_node));
      return;
    }
  if (error_node != NULL && JSON_NODE_HOLDS_OBJECT (error_node))
    object = json_node_get_object (error_node);

  read_error_member (object, "message", &info->message);
  read_error_member (object, "type", &info->type);
  read_error_member (object, "code", &info->code);
  read_error_member (object, "status", &info->status);
  terra_json_get_int (object, "code", &info->number);

  details = terra_json_get_array (object, "details");
  for (guint i = 0; details != NULL && i < json_array_get_length (details); i++)
    {
      JsonNode *detail = json_array_get_element (details, i);

      if (JSON_NODE_HOLDS_OBJECT (detail))
        read_error_detail (info, json_node_get_object (detail));
    }
}

static gboolean
error_info_mentions (const ErrorInfo *info,
                     const char      *word)
{
  return (info->type != NULL && strstr (info->type, word) != NULL) ||
         (info->code != NULL && strstr (info->code, word) != NULL) ||
         (info->status != NULL && strstr (info->status, word) != NULL);
}

/* Which error a status and body mean. Status 0: an error event inside a
 * stream that began with 200, known only by its words. */
static TerraProviderError
classify (guint            status,
          const ErrorInfo *info)
{
  /* Out of credit will not get better by retrying (OpenAI's
   * insufficient_quota, Anthropic's billing_error and its 400 "credit
   * balance is too low"). */
  if (error_info_mentions (info, "insufficient_quota") ||
      error_info_mentions (info, "billing") ||
      (info->message != NULL && strstr (info->message, "credit balance") != NULL) ||
      status == 402 || info->daily_quota)
    return TERRA_PROVIDER_ERROR_QUOTA;

  /* Gemini answers a wrong key with 400 INVALID_ARGUMENT. */
  if (g_strcmp0 (info->reason, "API_KEY_INVALID") == 0 ||
      (info->message != NULL && strstr (info->message, "API key not valid") != NULL))
    return TERRA_PROVIDER_ERROR_UNAUTHORIZED;

  if (status == 401 || status == 403)
    return TERRA_PROVIDER_ERROR_UNAUTHORIZED;
  if (status == 404 || error_info_mentions (info, "model_not_found"))
    return TERRA_PROVIDER_ERROR_UNKNOWN_MODEL;
  if (status == 408)
    return TERRA_PROVIDER_ERROR_TIMEOUT;
  if (status == 429)
    return TERRA_PROVIDER_ERROR_RATE_LIMITED;
  if (status == 409 || status >= 500)
    return TERRA_PROVIDER_ERROR_SERVER;
  if (status == 400 || status == 413 || status == 422)
    return TERRA_PROVIDER_ERROR_INVALID_REQUEST;
  if (status != 0)
    return TERRA_PROVIDER_ERROR_BAD_RESPONSE;

  if (error_info_mentions (info, "rate_limit") || error_info_mentions (info, "RESOURCE_EXHAUSTED"))
    return TERRA_PROVIDER_ERROR_RATE_LIMITED;
  if (error_info_mentions (info, "authentication") || error_info_mentions (info, "permission") ||
      error_info_mentions (info, "UNAUTHENTICATED") || error_info_mentions (info, "PERMISSION_DENIED"))
    return TERRA_PROVIDER_ERROR_UNAUTHORIZED;
  if (error_info_mentions (info, "not_found") || error_info_mentions (info, "NOT_FOUND"))
    return TERRA_PROVIDER_ERROR_UNKNOWN_MODEL;
  if (error_info_mentions (info, "invalid_request") || error_info_mentions (info, "INVALID_ARGUMENT"))
    return TERRA_PROVIDER_ERROR_INVALID_REQUEST;

  /* overloaded_error, api_error, server_error, INTERNAL, UNAVAILABLE and
   * whatever is new: the provider failed, not the request. */
  return TERRA_PROVIDER_ERROR_SERVER;
}

static void
set_http_error (TerraHttpProvider  *self,
                GError            **error,
                TerraProviderError  code,
                guint               status,
                const ErrorInfo    *info)
{
  TerraHttpProviderPrivate *priv = terra_http_provider_get_instance_private (self);
  g_autofree char *detail = NULL;
  const char *name = display_name (self);

  detail = scrub (self, info->message != NULL ? info->message : soup_status_get_phrase (status));

  switch (code)
    {
    case TERRA_PROVIDER_ERROR_UNAUTHORIZED:
      if (priv->api_key == NULL)
        g_set_error (error, TERRA_PROVIDER_ERROR, TERRA_PROVIDER_ERROR_NO_KEY,
                     _("%s: an API key is needed and none is set (HTTP %u): %s"),
                     name, status, detail);
      else
        g_set_error (error, TERRA_PROVIDER_ERROR, code,
                     _("%s: the API key was refused (HTTP %u): %s"), name, status, detail);
      break;
    case TERRA_PROVIDER_ERROR_UNKNOWN_MODEL:
      g_set_error (error, TERRA_PROVIDER_ERROR, code,
                   _("%s: unknown model “%s”, or a wrong address (HTTP %u): %s"),
                   name, terra_http_provider_get_model (self), status, detail);
      break;
    case TERRA_PROVIDER_ERROR_QUOTA:
      g_set_error (error, TERRA_PROVIDER_ERROR, code,
                   _("%s: the account is out of credit or quota (HTTP %u): %s"),
                   name, status, detail);
      break;
    case TERRA_PROVIDER_ERROR_RATE_LIMITED:
      g_set_error (error, TERRA_PROVIDER_ERROR, code,
                   _("%s: still rate limited after retrying (HTTP %u): %s"),
                   name, status, detail);
      break;
    case TERRA_PROVIDER_ERROR_TIMEOUT:
      g_set_error (error, TERRA_PROVIDER_ERROR, code,
                   _("%s: the request timed out (HTTP %u): %s"), name, status, detail);
      break;
    case TERRA_PROVIDER_ERROR_SERVER:
      g_set_error (error, TERRA_PROVIDER_ERROR, code,
                   _("%s: server error (HTTP %u): %s"), name, status, detail);
      break;
    case TERRA_PROVIDER_ERROR_INVALID_REQUEST:
      g_set_error (error, TERRA_PROVIDER_ERROR, code,
                   _("%s: the request was refused (HTTP %u): %s"), name, status, detail);
      break;
    default:
      g_set_error (error, TERRA_PROVIDER_ERROR, TERRA_PROVIDER_ERROR_BAD_RESPONSE,
                   _("%s: unexpected answer (HTTP %u): %s"), name, status, detail);
      break;
    }
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

/* Reads at most limit bytes of stream; NULL on a read error. */
static GBytes *
read_body (GInputStream  *stream,
           gsize          limit,
           gboolean      *too_large,
           GCancellable  *cancellable,
           GError       **error)
{
  g_autoptr(GByteArray) body = g_byte_array_new ();
  guint8 buffer[READ_BUFFER_SIZE];

  *too_large = FALSE;

  for (;;)
    {
      gssize n = g_input_stream_read (stream, buffer, sizeof buffer, cancellable, error);

      if (n < 0)
        return NULL;
      if (n == 0)
        break;
      if (body->len + (gsize)n > limit)
        {
          *too_large = TRUE;
          break;
        }
      g_byte_array_append (body, buffer, n);
    }

  return g_byte_array_free_to_bytes (g_steal_pointer (&body));
}

/* A failure of the connection itself, before any answer. */
static TerraProviderError
set_transport_error (TerraHttpProvider  *self,
                     GError            **error,
                     const char         *url,
                     const GError       *transport_error)
{
  const char *name = display_name (self);
  g_autofree char *detail = scrub (self, transport_error->message);

  if (g_error_matches (transport_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_set_error_literal (error, TERRA_PROVIDER_ERROR, TERRA_PROVIDER_ERROR_CANCELLED,
                           _("The request was cancelled"));
      return TERRA_PROVIDER_ERROR_CANCELLED;
    }

  if (g_error_matches (transport_error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    {
      g_set_error (error, TERRA_PROVIDER_ERROR, TERRA_PROVIDER_ERROR_TIMEOUT,
                   _("%s: no answer within %u seconds"),
                   name, terra_http_provider_get_timeout (self));
      return TERRA_PROVIDER_ERROR_TIMEOUT;
    }

  g_set_error (error, TERRA_PROVIDER_ERROR, TERRA_PROVIDER_ERROR_UNREACHABLE,
               _("%s: cannot connect to %s: %s"), name, url, detail);
  return TERRA_PROVIDER_ERROR_UNREACHABLE;
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
                   const ErrorInfo    *info,
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

  g_debug ("%s: retry %u in %.2f s", display_name (self), retry_index + 1,
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
      g_auto(ErrorInfo) info = { .retry_delay = -1 };
      g_autoptr(JsonParser) parser = NULL;
      TerraProviderError code;
      gboolean too_large;
      guint status;

      if (message == NULL)
        {
          g_set_error (error, TERRA_PROVIDER_ERROR, TERRA_PROVIDER_ERROR_UNREACHABLE,
                       _("%s: not a valid address: %s"), display_name (self), url);
          return NULL;
        }

      g_debug ("%s: POST %s (attempt %u of %u)", display_name (self), url, attempt, max_attempts);
      stream = soup_session_send (session, message, cancellable, &local_error);
      if (stream == NULL)
        {
          g_autoptr(GError) transport_error = NULL;

          code = set_transport_error (self, &transport_error, url, local_error);
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

      error_body = read_body (stream, ERROR_BODY_LIMIT, &too_large, cancellable, NULL);
      parser = json_parser_new ();
      if (error_body != NULL &&
          json_parser_load_from_data (parser, g_bytes_get_data (error_body, NULL),
                                      g_bytes_get_size (error_body), NULL))
        error_info_read (&info, json_parser_get_root (parser));

      code = classify (status, &info);
      g_debug ("%s: HTTP %u", display_name (self), status);

      if (attempt < max_attempts && should_retry (message, status, code))
        {
          if (!wait_before_retry (self, message, &info, attempt - 1, cancellable, error))
            return NULL;
          continue;
        }

      set_http_error (self, error, code, status, &info);
      return NULL;
    }
}

/* Sets a failure of reading a stream that had begun. */
static void
set_read_error (TerraHttpProvider  *self,
                GError            **error,
                const GError       *read_error)
{
  g_autofree char *detail = scrub (self, read_error->message);

  if (g_error_matches (read_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_set_error_literal (error, TERRA_PROVIDER_ERROR, TERRA_PROVIDER_ERROR_CANCELLED,
                         _("The request was cancelled"));
  else if (g_error_matches (read_error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    g_set_error (error, TERRA_PROVIDER_ERROR, TERRA_PROVIDER_ERROR_TIMEOUT,
                 _("%s: the reply stalled for %u seconds"),
                 display_name (self), terra_http_provider_get_timeout (self));
  else
    g_set_error (error, TERRA_PROVIDER_ERROR, TERRA_PROVIDER_ERROR_BAD_RESPONSE,
                 _("%s: the reply was cut off: %s"), display_name (self), detail);
}

static gboolean
is_json_content (GInputStream *stream)
{
  SoupMessage *message = g_object_get_data (G_OBJECT (stream), "terra-message");
  const char *type;

  if (message == NULL)
    return FALSE;

  type = soup_message_headers_get_content_type (soup_message_get_response_headers (message), NULL);
  return g_strcmp0 (type, "application/json") == 0;
}

/* Some servers answer a streaming request that failed with plain JSON
 * under status 200; read it as the error it holds. */
static gboolean
read_json_instead_of_events (TerraHttpProvider  *self,
                             GInputStream       *stream,
                             GCancellable       *cancellable,
                             GError            **error)
{
  g_autoptr(JsonNode) root = terra_http_provider_read_json (self, stream, cancellable, error);

  if (root == NULL)
    return FALSE;

  if (JSON_NODE_HOLDS_OBJECT (root) &&
      json_object_has_member (json_node_get_object (root), "error"))
    terra_http_provider_set_stream_error (self, root, error);
  else
    terra_http_provider_set_bad_response (self, error, _("a single JSON object instead of a stream"));

  return FALSE;
}

/* Reads the Server-Sent Events of stream to their end or until handler
 * returns FALSE. FALSE with error set on a failure (a timeout, a cut
 * connection, or what the handler reported). */
gboolean
terra_http_provider_read_events (TerraHttpProvider  *self,
                                 GInputStream       *stream,
                                 TerraSseHandler     handler,
                                 gpointer            user_data,
                                 GCancellable       *cancellable,
                                 GError            **error)
{
  g_autoptr(TerraSseParser) parser = terra_sse_parser_new ();
  char buffer[READ_BUFFER_SIZE];

  g_return_val_if_fail (TERRA_IS_HTTP_PROVIDER (self), FALSE);
  g_return_val_if_fail (G_IS_INPUT_STREAM (stream), FALSE);
  g_return_val_if_fail (handler != NULL, FALSE);

  if (is_json_content (stream))
    return read_json_instead_of_events (self, stream, cancellable, error);

  for (;;)
    {
      g_autoptr(GError) local_error = NULL;
      gssize n = g_input_stream_read (stream, buffer, sizeof buffer, cancellable, &local_error);
      TerraSseEvent *event;

      if (n < 0)
        {
          set_read_error (self, error, local_error);
          return FALSE;
        }

      if (n == 0)
        terra_sse_parser_finish (parser);
      else
        terra_sse_parser_feed (parser, buffer, n);

      while ((event = terra_sse_parser_next (parser)) != NULL)
        {
          g_autoptr(TerraSseEvent) owned = event;

          if (!handler (owned, user_data, &local_error))
            {
              if (local_error == NULL)
                return TRUE;
              g_propagate_error (error, g_steal_pointer (&local_error));
              return FALSE;
            }
        }

      if (n == 0)
        return TRUE;
    }
}

/* Returns (transfer full) the JSON document of a whole answer. */
JsonNode *
terra_http_provider_read_json (TerraHttpProvider  *self,
                               GInputStream       *stream,
                               GCancellable       *cancellable,
                               GError            **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GBytes) body = NULL;
  gboolean too_large;

  g_return_val_if_fail (TERRA_IS_HTTP_PROVIDER (self), NULL);
  g_return_val_if_fail (G_IS_INPUT_STREAM (stream), NULL);

  body = read_body (stream, JSON_BODY_LIMIT, &too_large, cancellable, &local_error);
  if (body == NULL)
    {
      set_read_error (self, error, local_error);
      return NULL;
    }
  if (too_large)
    {
      terra_http_provider_set_bad_response (self, error, _("the answer is too large"));
      return NULL;
    }

  return terra_http_provider_parse_json (self, g_bytes_get_data (body, NULL),
                                         g_bytes_get_size (body), error);
}

/* Returns (transfer full) the parsed text, or NULL with BAD_RESPONSE. */
JsonNode *
terra_http_provider_parse_json (TerraHttpProvider  *self,
                                const char         *text,
                                gssize              length,
                                GError            **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (TERRA_IS_HTTP_PROVIDER (self), NULL);

  if (text == NULL || !json_parser_load_from_data (parser, text, length, &local_error))
    {
      g_autofree char *what = g_strdup_printf (_("malformed JSON (%s)"),
                                               local_error != NULL ? local_error->message : "");

      terra_http_provider_set_bad_response (self, error, what);
      return NULL;
    }

  if (json_parser_get_root (parser) == NULL)
    {
      terra_http_provider_set_bad_response (self, error, _("empty JSON"));
      return NULL;
    }

  return json_parser_steal_root (parser);
}

/* Sets error from an error object that arrived inside a stream after HTTP
 * 200 (Anthropic's "error" event, an OpenAI-compatible {"error": …}). */
void
terra_http_provider_set_stream_error (TerraHttpProvider  *self,
                                      JsonNode           *error_node,
                                      GError            **error)
{
  g_auto(ErrorInfo) info = { .retry_delay = -1 };
  g_autofree char *detail = NULL;
  TerraProviderError code;
  guint status = 0;

  g_return_if_fail (TERRA_IS_HTTP_PROVIDER (self));

  error_info_read (&info, error_node);
  if (info.number >= 400 && info.number < 600)
    status = (guint)info.number;
  code = classify (status, &info);
  detail = scrub (self, info.message != NULL ? info.message
                  : info.type != NULL ? info.type : _("no details"));

  g_set_error (error, TERRA_PROVIDER_ERROR, code,
               _("%s: error in the middle of the reply: %s"),
               display_name (self), detail);
}

/* Sets BAD_RESPONSE naming what was wrong with the answer. */
void
terra_http_provider_set_bad_response (TerraHttpProvider  *self,
                                      GError            **error,
                                      const char         *what)
{
  g_return_if_fail (TERRA_IS_HTTP_PROVIDER (self));

  g_set_error (error, TERRA_PROVIDER_ERROR, TERRA_PROVIDER_ERROR_BAD_RESPONSE,
               _("%s: unexpected answer: %s"), display_name (self), what);
}

/* The string member, or NULL when absent, null or not a string. */
const char *
terra_json_get_string (JsonObject *object,
                       const char *member)
{
  JsonNode *node;

  if (object == NULL || (node = json_object_get_member (object, member)) == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

JsonObject *
terra_json_get_object (JsonObject *object,
                       const char *member)
{
  JsonNode *node;

  if (object == NULL || (node = json_object_get_member (object, member)) == NULL)
    return NULL;

  return JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

JsonArray *
terra_json_get_array (JsonObject *object,
                      const char *member)
{
  JsonNode *node;

  if (object == NULL || (node = json_object_get_member (object, member)) == NULL)
    return NULL;

  return JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

/* TRUE and value set when the member is a number. */
gboolean
terra_json_get_int (JsonObject *object,
                    const char *member,
                    gint64     *value)
{
  JsonNode *node;
  GType type;

  if (object == NULL || (node = json_object_get_member (object, member)) == NULL ||
      !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;

  type = json_node_get_value_type (node);
  if (type == G_TYPE_INT64)
    *value = json_node_get_int (node);
  else if (type == G_TYPE_DOUBLE)
    *value = (gint64)json_node_get_double (node);
  else
    return FALSE;

  return TRUE;
}

/* Returns (transfer full) text parsed as a JSON object, or NULL if it is
 * not one (tool arguments as a model wrote them). */
JsonNode *
terra_json_parse_object_text (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  if (text == NULL || !json_parser_load_from_data (parser, text, -1, NULL))
    return NULL;
  if (json_parser_get_root (parser) == NULL || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return NULL;

  return json_parser_steal_root (parser);
}
