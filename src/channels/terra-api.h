/* terra-api.h — the contract between the HTTP server and the REST handlers
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The server (terra-server*.c) owns sockets, limits, authentication and
 * threads. A REST endpoint is a TerraApiRoute: a method, a path pattern and
 * a handler that turns a TerraApiRequest into a TerraApiResponse or a
 * GError. Handlers never see libsoup; they are plain functions that tests
 * can call directly. Errors become {"error": {"code", "message"}} bodies
 * with the status terra_api_error_status() gives (see DESIGN.md).
 */
#pragma once

#include <json-glib/json-glib.h>

#include "terra-store.h"
#include "terra-workspace.h"
#include "terra-orchestrator.h"

G_BEGIN_DECLS

#define TERRA_API_ERROR (terra_api_error_quark ())

typedef enum
{
  TERRA_API_ERROR_BAD_REQUEST,        /* 400 bad_request */
  TERRA_API_ERROR_UNAUTHORIZED,       /* 401 unauthorized */
  TERRA_API_ERROR_FORBIDDEN,          /* 403 forbidden */
  TERRA_API_ERROR_NOT_FOUND,          /* 404 not_found */
  TERRA_API_ERROR_METHOD_NOT_ALLOWED, /* 405 method_not_allowed */
  TERRA_API_ERROR_CONFLICT,           /* 409 conflict */
  TERRA_API_ERROR_TOO_LARGE,          /* 413 too_large */
  TERRA_API_ERROR_RATE_LIMITED,       /* 429 rate_limited */
  TERRA_API_ERROR_UNAVAILABLE,        /* 503 unavailable */
  TERRA_API_ERROR_INTERNAL,           /* 500 internal */
} TerraApiError;

GQuark      terra_api_error_quark  (void);
/* Any GError maps to a status and a code: TERRA_API_ERROR by its code;
 * TERRA_STORE_ERROR_INVALID → 400, _NOT_FOUND → 404, _CONFLICT → 409,
 * _BUSY → 503; a JSON parse error → 400; everything else → 500 "internal"
 * (whose message is not shown to the client). */
guint       terra_api_error_status (const GError *error);
const char *terra_api_error_code   (const GError *error);
/* The body of every error answer, {"error": {"code", "message"}}: the REST
 * API's, the adapters' and the web chat's alike. */
char       *terra_api_error_body   (const char   *code,
                                    const char   *message);

typedef enum
{
  TERRA_API_ROUTE_BEARER = 1 << 0, /* needs Authorization: Bearer <workspace API key> */
  TERRA_API_ROUTE_SLOW   = 1 << 1, /* may wait on an LLM or disk: the server runs it on a
                                    * worker thread with that thread's own store */
} TerraApiRouteFlags;

typedef struct
{
  TerraWorkspace    *workspace;
  TerraStore        *store;        /* this thread's own connection */
  TerraOrchestrator *orchestrator; /* NULL when no engine runs: enqueue/simulate → 503 */
  const char        *method;       /* "GET", "POST", "PATCH", "DELETE" */
  const char        *path;
  gint64             id;           /* the {id} of the pattern, 0 when it has none */
  GHashTable        *query;        /* decoded query parameters (char* → char*), never NULL */
  JsonNode          *body;         /* the parsed JSON body of POST/PATCH, or NULL */
  gint64             now;          /* when the request arrived, seconds since the epoch */
} TerraApiRequest;

typedef struct
{
  guint      status;               /* defaults to 200 */
  JsonNode  *json;                 /* the body (the server frees it), or … */
  GBytes    *bytes;                /* … a body that is not JSON, with its */
  char      *content_type;         /* content type (both freed by the server) */
} TerraApiResponse;

typedef gboolean (*TerraApiHandler) (TerraApiRequest  *request,
                                     TerraApiResponse *response,
                                     GError          **error);

typedef struct
{
  const char         *method;
  const char         *pattern;     /* e.g. "/api/v1/conversations/{id}/takeover" */
  TerraApiRouteFlags  flags;
  TerraApiHandler     handler;
} TerraApiRoute;

/* The REST endpoints other than POST /api/v1/messages (which the server
 * handles itself, for group commit), terminated by a route whose method is
 * NULL. Defined in terra-api-routes.c. */
extern const TerraApiRoute terra_api_routes[];

G_END_DECLS
