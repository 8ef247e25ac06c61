/* terra-http-provider-errors.c — what an HTTP provider's failures mean, as
 * TERRA_PROVIDER_ERROR codes a caller can act on
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every provider has its own error body; they are read into one shape
 * and classified by status first and words second, so the same rules hold
 * for OpenAI-compatible servers that borrow another's words.
 */

#define G_LOG_DOMAIN "terra-provider"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "terra-http-provider-private.h"

void
_terra_http_error_info_clear (TerraHttpErrorInfo *info)
{
  g_free (info->message);
  g_free (info->type);
  g_free (info->code);
  g_free (info->status);
  g_free (info->reason);
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

/* Gemini's google.rpc details: TerraHttpErrorInfo's reason, QuotaFailure's
 * violated quotas, RetryInfo's delay ("32s"). */
static void
read_error_detail (TerraHttpErrorInfo *info,
                   JsonObject         *detail)
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
void
_terra_http_error_info_read (TerraHttpErrorInfo *info,
                             JsonNode           *root)
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
error_info_mentions (const TerraHttpErrorInfo *info,
                     const char               *word)
{
  return (info->type != NULL && strstr (info->type, word) != NULL) ||
         (info->code != NULL && strstr (info->code, word) != NULL) ||
         (info->status != NULL && strstr (info->status, word) != NULL);
}

/* Which error a status and body mean. Status 0: an error event inside a
 * stream that began with 200, known only by its words. */
TerraProviderError
_terra_http_error_classify (guint                     status,
                            const TerraHttpErrorInfo *info)
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

void
_terra_http_provider_set_http_error (TerraHttpProvider         *self,
                                     GError                   **error,
                                     TerraProviderError         code,
                                     guint                      status,
                                     const TerraHttpErrorInfo  *info)
{
  g_autofree char *detail = NULL;
  const char *name = _terra_http_provider_display_name (self);

  detail = _terra_http_provider_scrub (self, info->message != NULL ? info->message : soup_status_get_phrase (status));

  switch (code)
    {
    case TERRA_PROVIDER_ERROR_UNAUTHORIZED:
      if (!terra_http_provider_has_api_key (self))
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

/* A failure of the connection itself, before any answer. */
TerraProviderError
_terra_http_provider_set_transport_error (TerraHttpProvider  *self,
                                          GError            **error,
                                          const char         *url,
                                          const GError       *transport_error)
{
  const char *name = _terra_http_provider_display_name (self);
  g_autofree char *detail = _terra_http_provider_scrub (self, transport_error->message);

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

/* Sets a failure of reading a stream that had begun. */
void
_terra_http_provider_set_read_error (TerraHttpProvider  *self,
                                     GError            **error,
                                     const GError       *read_error)
{
  g_autofree char *detail = _terra_http_provider_scrub (self, read_error->message);

  if (g_error_matches (read_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_set_error_literal (error, TERRA_PROVIDER_ERROR, TERRA_PROVIDER_ERROR_CANCELLED,
                         _("The request was cancelled"));
  else if (g_error_matches (read_error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    g_set_error (error, TERRA_PROVIDER_ERROR, TERRA_PROVIDER_ERROR_TIMEOUT,
                 _("%s: the reply stalled for %u seconds"),
                 _terra_http_provider_display_name (self), terra_http_provider_get_timeout (self));
  else
    g_set_error (error, TERRA_PROVIDER_ERROR, TERRA_PROVIDER_ERROR_BAD_RESPONSE,
                 _("%s: the reply was cut off: %s"), _terra_http_provider_display_name (self), detail);
}

/* Sets error from an error object that arrived inside a stream after HTTP
 * 200 (Anthropic's "error" event, an OpenAI-compatible {"error": …}). */
void
terra_http_provider_set_stream_error (TerraHttpProvider  *self,
                                      JsonNode           *error_node,
                                      GError            **error)
{
  g_auto(TerraHttpErrorInfo) info = TERRA_HTTP_ERROR_INFO_INIT;
  g_autofree char *detail = NULL;
  TerraProviderError code;
  guint status = 0;

  g_return_if_fail (TERRA_IS_HTTP_PROVIDER (self));

  _terra_http_error_info_read (&info, error_node);
  if (info.number >= 400 && info.number < 600)
    status = (guint)info.number;
  code = _terra_http_error_classify (status, &info);
  detail = _terra_http_provider_scrub (self, info.message != NULL ? info.message
                                       : info.type != NULL ? info.type : _("no details"));

  g_set_error (error, TERRA_PROVIDER_ERROR, code,
               _("%s: error in the middle of the reply: %s"),
               _terra_http_provider_display_name (self), detail);
}

/* Sets BAD_RESPONSE naming what was wrong with the answer. */
void
terra_http_provider_set_bad_response (TerraHttpProvider  *self,
                                      GError            **error,
                                      const char         *what)
{
  g_return_if_fail (TERRA_IS_HTTP_PROVIDER (self));

  g_set_error (error, TERRA_PROVIDER_ERROR, TERRA_PROVIDER_ERROR_BAD_RESPONSE,
               _("%s: unexpected answer: %s"), _terra_http_provider_display_name (self), what);
}
