/* terra-http-provider-read.c — reading what an HTTP provider answered: a
 * stream of events or one JSON document
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "terra-provider"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "terra-http-provider-private.h"

#define JSON_BODY_LIMIT  (64 * 1024 * 1024)

/* Reads at most limit bytes of stream; NULL on a read error. */
GBytes *
_terra_http_read_body (GInputStream  *stream,
                       gsize          limit,
                       gboolean      *too_large,
                       GCancellable  *cancellable,
                       GError       **error)
{
  g_autoptr(GByteArray) body = g_byte_array_new ();
  guint8 buffer[TERRA_HTTP_READ_BUFFER_SIZE];

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
  char buffer[TERRA_HTTP_READ_BUFFER_SIZE];

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
          _terra_http_provider_set_read_error (self, error, local_error);
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

  body = _terra_http_read_body (stream, JSON_BODY_LIMIT, &too_large, cancellable, &local_error);
  if (body == NULL)
    {
      _terra_http_provider_set_read_error (self, error, local_error);
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
