/* terra-api-error.c — from a GError to an HTTP status and an error code
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every error a REST handler or the server raises reaches the client as
 * {"error": {"code", "message"}} with the status these functions give, so
 * that scripts can act on the code and people can read the message.
 */
#define G_LOG_DOMAIN "terra-api"

#include "config.h"

#include "terra-api.h"

G_DEFINE_QUARK (terra-api-error-quark, terra_api_error)

typedef struct
{
  guint       status;
  const char *code;
} StatusCode;

/* Indexed by TerraApiError. */
static const StatusCode api_errors[] = {
  [TERRA_API_ERROR_BAD_REQUEST]        = { 400, "bad_request" },
  [TERRA_API_ERROR_UNAUTHORIZED]       = { 401, "unauthorized" },
  [TERRA_API_ERROR_FORBIDDEN]          = { 403, "forbidden" },
  [TERRA_API_ERROR_NOT_FOUND]          = { 404, "not_found" },
  [TERRA_API_ERROR_METHOD_NOT_ALLOWED] = { 405, "method_not_allowed" },
  [TERRA_API_ERROR_CONFLICT]           = { 409, "conflict" },
  [TERRA_API_ERROR_TOO_LARGE]          = { 413, "too_large" },
  [TERRA_API_ERROR_RATE_LIMITED]       = { 429, "rate_limited" },
  [TERRA_API_ERROR_UNAVAILABLE]        = { 503, "unavailable" },
  [TERRA_API_ERROR_INTERNAL]           = { 500, "internal" },
};

static const StatusCode *
lookup (const GError *error)
{
  static const StatusCode internal = { 500, "internal" };
  static const StatusCode bad_request = { 400, "bad_request" };
  static const StatusCode not_found = { 404, "not_found" };
  static const StatusCode conflict = { 409, "conflict" };
  static const StatusCode unavailable = { 503, "unavailable" };

  if (error == NULL)
    return &internal;

  if (error->domain == TERRA_API_ERROR)
    {
      if (error->code >= 0 && (gsize)error->code < G_N_ELEMENTS (api_errors))
        return &api_errors[error->code];
      return &internal;
    }

  if (error->domain == TERRA_STORE_ERROR)
    {
      switch (error->code)
        {
        case TERRA_STORE_ERROR_INVALID:
          return &bad_request;
        case TERRA_STORE_ERROR_NOT_FOUND:
          return &not_found;
        case TERRA_STORE_ERROR_CONFLICT:
          return &conflict;
        case TERRA_STORE_ERROR_BUSY:
          return &unavailable;
        default:
          return &internal;
        }
    }

  if (error->domain == JSON_PARSER_ERROR)
    return &bad_request;

  return &internal;
}

/* The HTTP status for @error (500 for anything unknown). */
guint
terra_api_error_status (const GError *error)
{
  return lookup (error)->status;
}

/* The machine-readable code for @error ("internal" for anything unknown,
 * whose message the server then keeps to itself). */
const char *
terra_api_error_code (const GError *error)
{
  return lookup (error)->code;
}

char *
terra_api_error_body (const char *code,
                      const char *message)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "error");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "code");
  json_builder_add_string_value (builder, code);
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, message);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}
