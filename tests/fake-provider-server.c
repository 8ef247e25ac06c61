/* fake-provider-server.c — a local HTTP server that answers like an LLM
 * provider, failures included
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Thread ownership: the SoupServer, its messages and everything under
 * "server thread only" live on the server thread; the queue and the
 * recorded requests are shared with the test thread under the mutex.
 */

#define G_LOG_DOMAIN "fake-provider-server"

#include "config.h"

#include <string.h>

#include "fake-provider-server.h"

typedef struct
{
  guint       status;
  char       *content_type;
  GStrv       headers;   /* "Name: value" */
  GPtrArray  *chunks;    /* char * */
  FakeEnding  ending;
} Canned;

struct _FakeProviderServer
{
  GThread      *thread;
  GMainContext *context;
  GMainLoop    *loop;
  guint         port;

  /* server thread only */
  SoupServer   *server;

  /* shared, under mutex */
  GMutex        mutex;
  GCond         ready;
  gboolean      started;
  GQueue        queue;      /* Canned */
  Canned       *fallback;
  GPtrArray    *requests;   /* FakeRequest */
};

/* A RESET answer waiting for its last chunk to leave. */
typedef struct
{
  SoupServerMessage *message;
  guint              chunks_left;
} Reset;

static void
reset_free (gpointer  data,
            GClosure *closure)
{
  g_free (data);
}

static void
canned_free (Canned *canned)
{
  if (canned == NULL)
    return;

  g_free (canned->content_type);
  g_strfreev (canned->headers);
  g_ptr_array_unref (canned->chunks);
  g_free (canned);
}

static Canned *
canned_copy (const Canned *canned)
{
  Canned *copy = g_new0 (Canned, 1);

  copy->status = canned->status;
  copy->content_type = g_strdup (canned->content_type);
  copy->headers = g_strdupv (canned->headers);
  copy->chunks = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < canned->chunks->len; i++)
    g_ptr_array_add (copy->chunks, g_strdup (g_ptr_array_index (canned->chunks, i)));
  copy->ending = canned->ending;
  return copy;
}

static Canned *
canned_new (guint               status,
            const char         *content_type,
            const char         *headers,
            const char * const *chunks,
            FakeEnding          ending)
{
  Canned *canned = g_new0 (Canned, 1);

  canned->status = status;
  canned->content_type = g_strdup (content_type);
  canned->headers = headers != NULL ? g_strsplit (headers, "\n", -1) : g_new0 (char *, 1);
  canned->chunks = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; chunks != NULL && chunks[i] != NULL; i++)
    g_ptr_array_add (canned->chunks, g_strdup (chunks[i]));
  canned->ending = ending;
  return canned;
}

static void
fake_request_free (FakeRequest *request)
{
  g_free (request->method);
  g_free (request->path);
  g_free (request->query);
  soup_message_headers_unref (request->headers);
  g_free (request->body);
  g_free (request);
}

static void
copy_header (const char *name,
             const char *value,
             gpointer    user_data)
{
  soup_message_headers_append (user_data, name, value);
}

static void
record_request (FakeProviderServer *self,
                SoupServerMessage  *message)
{
  FakeRequest *request = g_new0 (FakeRequest, 1);
  g_autoptr(GBytes) body = soup_message_body_flatten (soup_server_message_get_request_body (message));
  GUri *uri = soup_server_message_get_uri (message);

  request->method = g_strdup (soup_server_message_get_method (message));
  request->path = g_strdup (g_uri_get_path (uri));
  request->query = g_strdup (g_uri_get_query (uri));
  request->headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_REQUEST);
  soup_message_headers_foreach (soup_server_message_get_request_headers (message), copy_header,
                                request->headers);
  request->body = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  request->time = g_get_monotonic_time ();

  g_mutex_lock (&self->mutex);
  g_ptr_array_add (self->requests, request);
  g_mutex_unlock (&self->mutex);
}

static Canned *
next_answer (FakeProviderServer *self)
{
  Canned *canned;

  g_mutex_lock (&self->mutex);
  canned = g_queue_pop_head (&self->queue);
  if (canned == NULL && self->fallback != NULL)
    canned = canned_copy (self->fallback);
  g_mutex_unlock (&self->mutex);

  return canned;
}

static gboolean
close_connection_cb (gpointer user_data)
{
  SoupServerMessage *message = user_data;
  g_autoptr(GIOStream) stream = soup_server_message_steal_connection (message);

  if (stream != NULL)
    g_io_stream_close (stream, NULL, NULL);

  return G_SOURCE_REMOVE;
}

/* On the server thread's own context, not the default one. */
static void
close_connection_soon (SoupServerMessage *message)
{
  g_autoptr(GSource) source = g_idle_source_new ();

  g_source_set_callback (source, close_connection_cb, g_object_ref (message), g_object_unref);
  g_source_attach (source, g_main_context_get_thread_default ());
}

/* Once the last chunk is out, the connection is cut, from an idle so
 * libsoup is not inside its own write when it loses the connection. */
static void
wrote_chunk_cb (SoupServerMessage *message,
                Reset             *reset)
{
  if (reset->chunks_left == 0 || --reset->chunks_left > 0)
    return;

  close_connection_soon (message);
}

static void
set_headers (SoupServerMessage *message,
             const Canned      *canned)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (message);

  for (guint i = 0; canned->headers[i] != NULL; i++)
    {
      g_auto(GStrv) pair = g_strsplit (canned->headers[i], ":", 2);

      if (pair[0] != NULL && pair[1] != NULL)
        soup_message_headers_append (headers, g_strstrip (pair[0]), g_strstrip (pair[1]));
    }

  if (canned->content_type != NULL)
    soup_message_headers_set_content_type (headers, canned->content_type, NULL);
}

static void
answer (SoupServerMessage *message,
        const Canned      *canned)
{
  SoupMessageBody *body = soup_server_message_get_response_body (message);
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (message);

  soup_server_message_set_status (message, canned->status, NULL);
  set_headers (message, canned);

  if (canned->ending == FAKE_END_COMPLETE && canned->chunks->len <= 1)
    {
      const char *text = canned->chunks->len == 1 ? g_ptr_array_index (canned->chunks, 0) : "";

      soup_message_body_append (body, SOUP_MEMORY_COPY, text, strlen (text));
      soup_message_body_complete (body);
      return;
    }

  soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);
  for (guint i = 0; i < canned->chunks->len; i++)
    {
      const char *chunk = g_ptr_array_index (canned->chunks, i);

      soup_message_body_append (body, SOUP_MEMORY_COPY, chunk, strlen (chunk));
    }

  if (canned->ending == FAKE_END_COMPLETE)
    soup_message_body_complete (body);

  if (canned->ending == FAKE_END_RESET)
    {
      Reset *reset = g_new0 (Reset, 1);

      reset->chunks_left = canned->chunks->len;
      g_signal_connect_data (message, "wrote-chunk", G_CALLBACK (wrote_chunk_cb), reset,
                             reset_free, 0);
      if (canned->chunks->len == 0)
        close_connection_soon (message);
    }
  /* FAKE_END_STALL: the body never completes, so libsoup waits for more. */
}

static void
handle_request_cb (SoupServer        *server,
                   SoupServerMessage *message,
                   const char        *path,
                   GHashTable        *query,
                   gpointer           user_data)
{
  FakeProviderServer *self = user_data;
  Canned *canned;

  record_request (self, message);

  canned = next_answer (self);
  if (canned == NULL)
    {
      const char *text = "{\"error\":{\"message\":\"fake server: nothing queued\"}}";

      soup_server_message_set_status (message, 599, "Nothing queued");
      soup_server_message_set_response (message, "application/json", SOUP_MEMORY_COPY,
                                        text, strlen (text));
      return;
    }

  if (canned->ending == FAKE_END_NO_ANSWER)
    soup_server_message_pause (message);
  else
    answer (message, canned);

  canned_free (canned);
}

static gboolean
quit_cb (gpointer user_data)
{
  FakeProviderServer *self = user_data;

  g_main_loop_quit (self->loop);
  return G_SOURCE_REMOVE;
}

static gpointer
server_thread (gpointer user_data)
{
  FakeProviderServer *self = user_data;
  g_autoptr(GError) error = NULL;
  GSList *uris;

  g_main_context_push_thread_default (self->context);

  self->server = soup_server_new ("server-header", "fake-provider ", NULL);
  soup_server_add_handler (self->server, NULL, handle_request_cb, self, NULL);
  soup_server_listen_local (self->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);

  uris = soup_server_get_uris (self->server);
  g_assert_nonnull (uris);

  g_mutex_lock (&self->mutex);
  self->port = g_uri_get_port (uris->data);
  self->started = TRUE;
  g_cond_signal (&self->ready);
  g_mutex_unlock (&self->mutex);
  g_slist_free_full (uris, (GDestroyNotify)g_uri_unref);

  g_main_loop_run (self->loop);

  soup_server_disconnect (self->server);
  g_clear_object (&self->server);
  while (g_main_context_iteration (self->context, FALSE))
    ;

  g_main_context_pop_thread_default (self->context);
  return NULL;
}

/* Returns (transfer full) a server listening on 127.0.0.1. */
FakeProviderServer *
fake_provider_server_new (void)
{
  FakeProviderServer *self = g_new0 (FakeProviderServer, 1);

  g_mutex_init (&self->mutex);
  g_cond_init (&self->ready);
  g_queue_init (&self->queue);
  self->requests = g_ptr_array_new_with_free_func ((GDestroyNotify)fake_request_free);
  self->context = g_main_context_new ();
  self->loop = g_main_loop_new (self->context, FALSE);
  self->thread = g_thread_new ("fake-provider-server", server_thread, self);

  g_mutex_lock (&self->mutex);
  while (!self->started)
    g_cond_wait (&self->ready, &self->mutex);
  g_mutex_unlock (&self->mutex);

  return self;
}

/* Stops the server, closing any connection it still holds. */
void
fake_provider_server_free (FakeProviderServer *self)
{
  if (self == NULL)
    return;

  g_main_context_invoke (self->context, quit_cb, self);
  g_thread_join (self->thread);

  g_main_loop_unref (self->loop);
  g_main_context_unref (self->context);
  g_queue_clear_full (&self->queue, (GDestroyNotify)canned_free);
  canned_free (self->fallback);
  g_ptr_array_unref (self->requests);
  g_cond_clear (&self->ready);
  g_mutex_clear (&self->mutex);
  g_free (self);
}

/* Returns (transfer full) "http://127.0.0.1:PORT" followed by path. */
char *
fake_provider_server_get_url (FakeProviderServer *self,
                              const char         *path)
{
  return g_strdup_printf ("http://127.0.0.1:%u%s", self->port, path != NULL ? path : "");
}

void
fake_provider_server_queue (FakeProviderServer *self,
                            guint               status,
                            const char         *content_type,
                            const char         *headers,
                            const char * const *chunks,
                            FakeEnding          ending)
{
  Canned *canned = canned_new (status, content_type, headers, chunks, ending);

  g_mutex_lock (&self->mutex);
  g_queue_push_tail (&self->queue, canned);
  g_mutex_unlock (&self->mutex);
}

void
fake_provider_server_queue_json (FakeProviderServer *self,
                                 guint               status,
                                 const char         *headers,
                                 const char         *json)
{
  const char *chunks[] = { json, NULL };

  fake_provider_server_queue (self, status, "application/json", headers, chunks, FAKE_END_COMPLETE);
}

void
fake_provider_server_queue_sse (FakeProviderServer *self,
                                const char * const *events,
                                FakeEnding          ending)
{
  fake_provider_server_queue (self, SOUP_STATUS_OK, "text/event-stream", NULL, events, ending);
}

void
fake_provider_server_set_fallback_json (FakeProviderServer *self,
                                        guint               status,
                                        const char         *headers,
                                        const char         *json)
{
  const char *chunks[] = { json, NULL };
  Canned *canned = canned_new (status, "application/json", headers, chunks, FAKE_END_COMPLETE);

  g_mutex_lock (&self->mutex);
  canned_free (self->fallback);
  self->fallback = canned;
  g_mutex_unlock (&self->mutex);
}

guint
fake_provider_server_get_n_requests (FakeProviderServer *self)
{
  guint n;

  g_mutex_lock (&self->mutex);
  n = self->requests->len;
  g_mutex_unlock (&self->mutex);

  return n;
}

/* The index-th request received; (transfer none), valid until the server
 * is freed. */
const FakeRequest *
fake_provider_server_get_request (FakeProviderServer *self,
                                  guint               index)
{
  const FakeRequest *request = NULL;

  g_mutex_lock (&self->mutex);
  if (index < self->requests->len)
    request = g_ptr_array_index (self->requests, index);
  g_mutex_unlock (&self->mutex);

  g_assert_nonnull (request);
  return request;
}

const char *
fake_request_get_header (const FakeRequest *request,
                         const char        *name)
{
  return soup_message_headers_get_one (request->headers, name);
}

/* Returns (transfer full) the request body parsed as JSON. */
JsonNode *
fake_request_get_json (const FakeRequest *request)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, request->body, -1, &error);
  g_assert_no_error (error);

  return json_parser_steal_root (parser);
}

/* Returns (transfer full) text as a JSON string literal, quotes included. */
char *
fake_json_quote (const char *text)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_VALUE);

  json_node_set_string (node, text);
  return json_to_string (node, FALSE);
}

static void
add_copy (GPtrArray  *builder,
          const char *text)
{
  g_ptr_array_add (builder, g_strdup (text));
}

/* Returns (transfer full) the strings of builder as a GStrv; builder is
 * left empty. */
static GStrv
end_strv (GPtrArray *builder)
{
  GPtrArray *strv = g_ptr_array_new ();

  for (guint i = 0; i < builder->len; i++)
    g_ptr_array_add (strv, g_strdup (g_ptr_array_index (builder, i)));
  g_ptr_array_add (strv, NULL);

  return (GStrv)g_ptr_array_free (strv, FALSE);
}

#define OPENAI_CHUNK_HEAD \
  "data: {\"id\":\"chatcmpl-fake\",\"object\":\"chat.completion.chunk\",\"created\":1700000000," \
  "\"model\":\"fake-model\",\"system_fingerprint\":\"fp_fake\","

/* As OpenAI streams: the role first, then content pieces, then the
 * finish_reason, then (include_usage) a chunk with no choices and the
 * usage, then [DONE]. */
GStrv
fake_openai_text_events (const char * const *pieces,
                         int                 prompt_tokens,
                         int                 completion_tokens)
{
  g_autoptr(GPtrArray) builder = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_add (builder, g_strdup (
    OPENAI_CHUNK_HEAD "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\","
    "\"refusal\":null},\"logprobs\":null,\"finish_reason\":null}],\"usage\":null}\n\n"));

  for (guint i = 0; pieces[i] != NULL; i++)
    {
      g_autofree char *quoted = fake_json_quote (pieces[i]);

      g_ptr_array_add (builder, g_strdup_printf (
        OPENAI_CHUNK_HEAD "\"choices\":[{\"index\":0,\"delta\":{\"content\":%s},\"logprobs\":null,"
        "\"finish_reason\":null}],\"usage\":null}\n\n", quoted));
    }

  g_ptr_array_add (builder, g_strdup (
    OPENAI_CHUNK_HEAD "\"choices\":[{\"index\":0,\"delta\":{},\"logprobs\":null,"
    "\"finish_reason\":\"stop\"}],\"usage\":null}\n\n"));
  g_ptr_array_add (builder, g_strdup_printf (
    OPENAI_CHUNK_HEAD "\"choices\":[],\"usage\":{\"prompt_tokens\":%d,\"completion_tokens\":%d,"
    "\"total_tokens\":%d}}\n\n", prompt_tokens, completion_tokens, prompt_tokens + completion_tokens));
  add_copy (builder, "data: [DONE]\n\n");

  return end_strv (builder);
}

/* As the Messages API streams (the SDK's basic_response.txt fixture):
 * named events, a ping, one text block, the cumulative output usage in
 * message_delta. */
GStrv
fake_anthropic_text_events (const char * const *pieces,
                            int                 input_tokens,
                            int                 output_tokens)
{
  g_autoptr(GPtrArray) builder = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_add (builder, g_strdup_printf (
    "event: message_start\n"
    "data: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_fake\",\"type\":\"message\","
    "\"role\":\"assistant\",\"content\":[],\"model\":\"claude-fake\",\"stop_reason\":null,"
    "\"stop_sequence\":null,\"usage\":{\"input_tokens\":%d,\"output_tokens\":1}}}\n\n", input_tokens));
  add_copy (builder,
    "event: content_block_start\n"
    "data: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n");
  add_copy (builder, "event: ping\ndata: {\"type\": \"ping\"}\n\n");

  for (guint i = 0; pieces[i] != NULL; i++)
    {
      g_autofree char *quoted = fake_json_quote (pieces[i]);

      g_ptr_array_add (builder, g_strdup_printf (
        "event: content_block_delta\n"
        "data: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":%s}}\n\n",
        quoted));
    }

  add_copy (builder,
    "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n");
  g_ptr_array_add (builder, g_strdup_printf (
    "event: message_delta\n"
    "data: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\",\"stop_sequence\":null},"
    "\"usage\":{\"output_tokens\":%d}}\n\n", output_tokens));
  add_copy (builder, "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");

  return end_strv (builder);
}

/* As streamGenerateContent?alt=sse streams: "\r\n\r\n" between events,
 * one GenerateContentResponse each, the last with finishReason and the
 * full usage, and no end marker. */
GStrv
fake_gemini_text_events (const char * const *pieces,
                         int                 prompt_tokens,
                         int                 candidates_tokens)
{
  g_autoptr(GPtrArray) builder = g_ptr_array_new_with_free_func (g_free);
  guint n = g_strv_length ((char **)pieces);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *quoted = fake_json_quote (pieces[i]);
      gboolean last = (i + 1 == n);
      g_autofree char *candidates = last ? g_strdup_printf ("\"candidatesTokenCount\": %d,",
                                                            candidates_tokens)
                                         : g_strdup ("");

      g_ptr_array_add (builder, g_strdup_printf (
        "data: {\"candidates\": [{\"content\": {\"parts\": [{\"text\": %s}],\"role\": \"model\"}%s,"
        "\"index\": 0}],\"usageMetadata\": {\"promptTokenCount\": %d,%s\"totalTokenCount\": %d},"
        "\"modelVersion\": \"gemini-fake\",\"responseId\": \"fake\"}\r\n\r\n",
        quoted, last ? ",\"finishReason\": \"STOP\"" : "", prompt_tokens, candidates,
        prompt_tokens + (last ? candidates_tokens : 0)));
    }

  return end_strv (builder);
}

char *
fake_openai_error_body (const char *message,
                        const char *type,
                        const char *code)
{
  g_autofree char *quoted_message = fake_json_quote (message);
  g_autofree char *quoted_type = fake_json_quote (type);
  g_autofree char *quoted_code = code != NULL ? fake_json_quote (code) : g_strdup ("null");

  return g_strdup_printf ("{\n  \"error\": {\n    \"message\": %s,\n    \"type\": %s,\n"
                          "    \"param\": null,\n    \"code\": %s\n  }\n}\n",
                          quoted_message, quoted_type, quoted_code);
}

char *
fake_anthropic_error_body (const char *type,
                           const char *message)
{
  g_autofree char *quoted_type = fake_json_quote (type);
  g_autofree char *quoted_message = fake_json_quote (message);

  return g_strdup_printf ("{\"type\":\"error\",\"error\":{\"type\":%s,\"message\":%s}}",
                          quoted_type, quoted_message);
}

/* detail_json: the "details" array as JSON text, or NULL for none. */
char *
fake_gemini_error_body (int         code,
                        const char *status,
                        const char *message,
                        const char *detail_json)
{
  g_autofree char *quoted_status = fake_json_quote (status);
  g_autofree char *quoted_message = fake_json_quote (message);

  return g_strdup_printf ("{\n  \"error\": {\n    \"code\": %d,\n    \"message\": %s,\n"
                          "    \"status\": %s%s%s\n  }\n}\n",
                          code, quoted_message, quoted_status,
                          detail_json != NULL ? ",\n    \"details\": " : "",
                          detail_json != NULL ? detail_json : "");
}
