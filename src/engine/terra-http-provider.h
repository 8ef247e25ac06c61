/* terra-http-provider.h — what the LLM providers behind an HTTP API share:
 * the session, the key, timeouts, retries and error mapping
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A subclass builds the provider's JSON and reads its replies; this class
 * sends the requests. Calls are synchronous and meant for a worker thread:
 * the SoupSession is made on the first request, by the thread that sends
 * it (libsoup ≥ 3.2 lets other threads send through it too). Set the
 * timeout before the first request, and drop the last reference when no
 * request is running: the session goes with the provider.
 *
 * Retries follow the official SDKs: honour x-should-retry if present;
 * otherwise retry 408, 409, 429, ≥ 500 and connection failures; wait
 * retry-after-ms, else Retry-After (seconds or an HTTP date, up to a
 * minute), else an exponential backoff from 0.5 s capped at 8 s with up to
 * 25 % jitter, multiplied by the backoff-scale property (tests make it
 * small; the TERRA_PROVIDER_BACKOFF_SCALE environment variable sets its
 * default). A 429 that says insufficient_quota is never retried. Nothing
 * is retried once a reply has begun to stream: its text has been shown.
 */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "terra-provider.h"
#include "terra-sse-parser.h"

G_BEGIN_DECLS

#define TERRA_TYPE_HTTP_PROVIDER (terra_http_provider_get_type ())

G_DECLARE_DERIVABLE_TYPE (TerraHttpProvider, terra_http_provider, TERRA, HTTP_PROVIDER, GObject)

struct _TerraHttpProviderClass
{
  GObjectClass parent_class;

  /* Set by subclasses in class_init. */
  const char *display_name;      /* for error messages: "Anthropic" */
  const char *default_base_url;  /* used when base-url is empty */

  /* Adds the authentication headers; called only when there is a key. */
  void (*authorize) (TerraHttpProvider  *self,
                     SoupMessageHeaders *headers,
                     const char         *api_key);

  gpointer padding[8];
};

/* Called with each event of a streamed reply. Return FALSE to stop
 * reading: with error set for a failure, without when the reply is done. */
typedef gboolean (*TerraSseHandler) (const TerraSseEvent  *event,
                                     gpointer              user_data,
                                     GError              **error);

const char   *terra_http_provider_get_base_url        (TerraHttpProvider  *self);
const char   *terra_http_provider_get_model           (TerraHttpProvider  *self);
const char   *terra_http_provider_get_embedding_model (TerraHttpProvider  *self);
gboolean      terra_http_provider_has_api_key         (TerraHttpProvider  *self);
guint         terra_http_provider_get_timeout         (TerraHttpProvider  *self);

GInputStream *terra_http_provider_post                (TerraHttpProvider  *self,
                                                       const char         *path,
                                                       JsonNode           *body,
                                                       gboolean            retry,
                                                       GCancellable       *cancellable,
                                                       GError            **error);
gboolean      terra_http_provider_read_events         (TerraHttpProvider  *self,
                                                       GInputStream       *stream,
                                                       TerraSseHandler     handler,
                                                       gpointer            user_data,
                                                       GCancellable       *cancellable,
                                                       GError            **error);
JsonNode     *terra_http_provider_read_json           (TerraHttpProvider  *self,
                                                       GInputStream       *stream,
                                                       GCancellable       *cancellable,
                                                       GError            **error);
JsonNode     *terra_http_provider_parse_json          (TerraHttpProvider  *self,
                                                       const char         *text,
                                                       gssize              length,
                                                       GError            **error);
void          terra_http_provider_set_stream_error    (TerraHttpProvider  *self,
                                                       JsonNode           *error_node,
                                                       GError            **error);
void          terra_http_provider_set_bad_response    (TerraHttpProvider  *self,
                                                       GError            **error,
                                                       const char         *what);

/* Tolerant JSON reading: the wrong type counts as absent. */
const char   *terra_json_get_string                   (JsonObject         *object,
                                                       const char         *member);
JsonObject   *terra_json_get_object                   (JsonObject         *object,
                                                       const char         *member);
JsonArray    *terra_json_get_array                    (JsonObject         *object,
                                                       const char         *member);
gboolean      terra_json_get_int                      (JsonObject         *object,
                                                       const char         *member,
                                                       gint64             *value);
JsonNode     *terra_json_parse_object_text            (const char         *text);

G_END_DECLS
