/* server-test-client.c — a plain HTTP/1.1 client over loopback sockets
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "server-test-client.h"

void
test_reply_free (TestReply *reply)
{
  if (reply == NULL)
    return;
  g_free (reply->headers);
  g_free (reply->body);
  g_free (reply);
}

char *
test_reply_header (TestReply  *reply,
                   const char *name)
{
  g_auto(GStrv) lines = g_strsplit (reply->headers != NULL ? reply->headers : "", "\r\n", -1);
  gsize name_length = strlen (name);

  for (guint i = 1; lines[i] != NULL; i++)
    if (g_ascii_strncasecmp (lines[i], name, name_length) == 0 && lines[i][name_length] == ':')
      return g_strstrip (g_strdup (lines[i] + name_length + 1));
  return NULL;
}

JsonNode *
test_reply_json (TestReply *reply)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (reply->body, &error);

  g_assert_no_error (error);
  g_assert_nonnull (node);
  return node;
}

char *
test_reply_error_code (TestReply *reply)
{
  g_autoptr(JsonNode) node = test_reply_json (reply);
  JsonObject *error;

  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  error = json_object_get_object_member (json_node_get_object (node), "error");
  g_assert_nonnull (error);
  g_assert_nonnull (json_object_get_string_member (error, "message"));
  return g_strdup (json_object_get_string_member (error, "code"));
}

/* Splits what was read into status, headers and body. */
static TestReply *
parse_reply (GByteArray *data)
{
  TestReply *reply = g_new0 (TestReply, 1);
  const char *text = (const char *)data->data;
  const char *end = g_strstr_len (text, data->len, "\r\n\r\n");
  g_autofree char *content_length = NULL;

  if (end == NULL || data->len < 12 || !g_str_has_prefix (text, "HTTP/1."))
    return reply;

  reply->status = (guint)g_ascii_strtoull (text + 9, NULL, 10);
  reply->headers = g_strndup (text, end - text);
  reply->body_length = data->len - (end + 4 - text);
  reply->body = g_strndup (end + 4, reply->body_length);
  content_length = test_reply_header (reply, "Content-Length");
  if (content_length != NULL && g_ascii_strtoull (content_length, NULL, 10) < reply->body_length)
    {
      reply->body_length = g_ascii_strtoull (content_length, NULL, 10);
      reply->body[reply->body_length] = '\0';
    }
  return reply;
}

TestReply *
test_http_raw (guint       port,
               const char *raw,
               gsize       length)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GByteArray) data = g_byte_array_new ();
  g_autoptr(GError) error = NULL;
  GOutputStream *out;
  GInputStream *in;
  char buffer[16384];
  gssize n;

  g_socket_client_set_timeout (client, 30);
  connection = g_socket_client_connect_to_host (client, "127.0.0.1", port, NULL, &error);
  if (connection == NULL)
    return g_new0 (TestReply, 1);
  out = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  in = g_io_stream_get_input_stream (G_IO_STREAM (connection));

  /* The server may answer (413) and close before taking everything. */
  g_output_stream_write_all (out, raw, length, NULL, NULL, NULL);

  while ((n = g_input_stream_read (in, buffer, sizeof buffer, NULL, NULL)) > 0)
    g_byte_array_append (data, (const guint8 *)buffer, n);
  g_byte_array_append (data, (const guint8 *)"", 1);
  g_byte_array_set_size (data, data->len - 1);

  return parse_reply (data);
}

TestReply *
test_http (guint       port,
           const char *method,
           const char *path,
           const char *api_key,
           const char *extra_headers,
           const char *body,
           gssize      length)
{
  g_autoptr(GString) request = g_string_new (NULL);

  if (body != NULL && length < 0)
    length = strlen (body);

  g_string_append_printf (request, "%s %s HTTP/1.1\r\nHost: 127.0.0.1:%u\r\nConnection: close\r\n",
                          method, path, port);
  if (api_key != NULL)
    g_string_append_printf (request, "Authorization: Bearer %s\r\n", api_key);
  if (extra_headers != NULL)
    g_string_append (request, extra_headers);
  if (body != NULL)
    {
      g_string_append_printf (request, "Content-Type: application/json\r\nContent-Length: %" G_GSSIZE_FORMAT "\r\n\r\n",
                              length);
      g_string_append_len (request, body, length);
    }
  else
    g_string_append (request, "\r\n");

  return test_http_raw (port, request->str, request->len);
}

TestReply *
test_post_message (guint       port,
                   const char *api_key,
                   const char *from,
                   const char *text,
                   const char *external_id)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *body = NULL;

  json_builder_begin_object (builder);
  if (from != NULL)
    {
      json_builder_set_member_name (builder, "from");
      json_builder_add_string_value (builder, from);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, "Test Lead");
    }
  if (text != NULL)
    {
      json_builder_set_member_name (builder, "text");
      json_builder_add_string_value (builder, text);
    }
  if (external_id != NULL)
    {
      json_builder_set_member_name (builder, "external_id");
      json_builder_add_string_value (builder, external_id);
    }
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  body = json_to_string (root, FALSE);

  return test_http (port, "POST", "/api/v1/messages", api_key, NULL, body, -1);
}
