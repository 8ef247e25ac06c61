/* terra-openai-provider.c — any OpenAI-compatible Chat Completions server:
 * OpenAI, Ollama, llama.cpp, vLLM, LM Studio, Groq, OpenRouter
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Servers differ in small ways, so the stream is read tolerantly: a tool
 * call's fragments are matched by index, else by id, else continue the
 * last call (Gemini's compatibility layer sends no index and often whole
 * arguments); a stream that ends holding tool calls is a tool call,
 * whatever finish_reason says; but a stream that ends before "[DONE]" is a
 * failure, never a short answer.
 */

#define G_LOG_DOMAIN "terra-provider"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "terra-openai-provider.h"

#define OPENAI_EMBEDDING_MODEL "text-embedding-3-small"
#define EMBED_BATCH            256

struct _TerraOpenaiProvider
{
  TerraHttpProvider parent_instance;

  /* Set once a server said it wants max_completion_tokens (OpenAI's
   * reasoning models); read and written by any worker. */
  int               use_max_completion_tokens;
};

static void provider_iface_init (TerraProviderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TerraOpenaiProvider, terra_openai_provider, TERRA_TYPE_HTTP_PROVIDER,
                               G_IMPLEMENT_INTERFACE (TERRA_TYPE_PROVIDER, provider_iface_init))

/* A tool call being put together from its fragments. */
typedef struct
{
  gint64   index;      /* -1 when the server sent none */
  char    *id;
  char    *name;
  GString *arguments;
} PendingCall;

static void
pending_call_free (PendingCall *call)
{
  g_free (call->id);
  g_free (call->name);
  g_string_free (call->arguments, TRUE);
  g_free (call);
}

/* What one streamed reply has said so far. */
typedef struct
{
  TerraHttpProvider  *provider;
  GString            *text;
  GPtrArray          *calls;          /* PendingCall */
  char               *finish_reason;
  gint64              prompt_tokens;
  gint64              completion_tokens;
  TerraTextDeltaFunc  on_delta;
  gpointer            user_data;
  gboolean            done;
} Stream;

static void
stream_clear (Stream *stream)
{
  g_string_free (stream->text, TRUE);
  g_ptr_array_unref (stream->calls);
  g_free (stream->finish_reason);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Stream, stream_clear)

static void
authorize (TerraHttpProvider  *provider,
           SoupMessageHeaders *headers,
           const char         *api_key)
{
  g_autofree char *value = g_strconcat ("Bearer ", api_key, NULL);

  soup_message_headers_replace (headers, "Authorization", value);
}

static void
add_schema (JsonBuilder *builder,
            const char  *schema)
{
  JsonNode *node = terra_json_parse_object_text (schema);

  if (node == NULL)
    node = terra_json_parse_object_text ("{\"type\":\"object\",\"properties\":{}}");
  json_builder_add_value (builder, node);
}

static void
add_tool_calls (JsonBuilder *builder,
                GPtrArray   *calls)
{
  json_builder_set_member_name (builder, "tool_calls");
  json_builder_begin_array (builder);
  for (guint i = 0; i < calls->len; i++)
    {
      const TerraToolCall *call = g_ptr_array_index (calls, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, call->id != NULL ? call->id : "");
      json_builder_set_member_name (builder, "type");
      json_builder_add_string_value (builder, "function");
      json_builder_set_member_name (builder, "function");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, call->name != NULL ? call->name : "");
      /* A string holding JSON, echoed as the model wrote it. */
      json_builder_set_member_name (builder, "arguments");
      json_builder_add_string_value (builder, call->arguments != NULL ? call->arguments : "{}");
      json_builder_end_object (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static void
add_message (JsonBuilder            *builder,
             const TerraChatMessage *message)
{
  static const char * const roles[] = { "system", "user", "assistant", "tool" };
  gboolean has_calls = message->tool_calls != NULL && message->tool_calls->len > 0;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "role");
  json_builder_add_string_value (builder, roles[message->role]);
  json_builder_set_member_name (builder, "content");
  if (has_calls && (message->content == NULL || *message->content == '\0'))
    json_builder_add_null_value (builder);
  else
    json_builder_add_string_value (builder, message->content != NULL ? message->content : "");

  if (message->role == TERRA_CHAT_ROLE_ASSISTANT && has_calls)
    add_tool_calls (builder, message->tool_calls);

  if (message->role == TERRA_CHAT_ROLE_TOOL)
    {
      json_builder_set_member_name (builder, "tool_call_id");
      json_builder_add_string_value (builder, message->tool_call_id != NULL ? message->tool_call_id : "");
    }
  json_builder_end_object (builder);
}

static void
add_tools (JsonBuilder *builder,
           GPtrArray   *tools)
{
  json_builder_set_member_name (builder, "tools");
  json_builder_begin_array (builder);
  for (guint i = 0; i < tools->len; i++)
    {
      const TerraToolSpec *spec = g_ptr_array_index (tools, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "type");
      json_builder_add_string_value (builder, "function");
      json_builder_set_member_name (builder, "function");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, spec->name);
      json_builder_set_member_name (builder, "description");
      json_builder_add_string_value (builder, spec->description);
      json_builder_set_member_name (builder, "parameters");
      add_schema (builder, spec->parameters_schema);
      json_builder_end_object (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "tool_choice");
  json_builder_add_string_value (builder, "auto");
}

static JsonNode *
build_chat_body (TerraOpenaiProvider    *self,
                 const TerraChatRequest *request)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "model");
  json_builder_add_string_value (builder, terra_http_provider_get_model (TERRA_HTTP_PROVIDER (self)));

  json_builder_set_member_name (builder, "messages");
  json_builder_begin_array (builder);
  for (guint i = 0; i < request->messages->len; i++)
    add_message (builder, g_ptr_array_index (request->messages, i));
  json_builder_end_array (builder);

  if (request->tools != NULL && request->tools->len > 0)
    add_tools (builder, request->tools);

  if (request->temperature >= 0)
    {
      json_builder_set_member_name (builder, "temperature");
      json_builder_add_double_value (builder, request->temperature);
    }

  if (request->max_tokens > 0)
    {
      json_builder_set_member_name (builder, g_atomic_int_get (&self->use_max_completion_tokens)
                                             ? "max_completion_tokens" : "max_tokens");
      json_builder_add_int_value (builder, request->max_tokens);
    }

  json_builder_set_member_name (builder, "stream");
  json_builder_add_boolean_value (builder, TRUE);
  json_builder_set_member_name (builder, "stream_options");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "include_usage");
  json_builder_add_boolean_value (builder, TRUE);
  json_builder_end_object (builder);

  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* The call a fragment continues, or a new one. */
static PendingCall *
find_call (Stream      *stream,
           JsonObject  *fragment)
{
  const char *id = terra_json_get_string (fragment, "id");
  PendingCall *call = NULL;
  gint64 index = -1;
  gboolean has_index;

  if (id != NULL && *id == '\0')
    id = NULL;
  has_index = terra_json_get_int (fragment, "index", &index);

  for (guint i = stream->calls->len; has_index && call == NULL && i > 0; i--)
    {
      PendingCall *candidate = g_ptr_array_index (stream->calls, i - 1);

      if (candidate->index == index)
        call = candidate;
    }

  /* Some servers number every call 0; a new id is then a new call. */
  if (call != NULL && id != NULL && call->id != NULL && g_strcmp0 (call->id, id) != 0)
    call = NULL;

  for (guint i = 0; id != NULL && call == NULL && i < stream->calls->len; i++)
    {
      PendingCall *candidate = g_ptr_array_index (stream->calls, i);

      if (g_strcmp0 (candidate->id, id) == 0)
        call = candidate;
    }

  if (call == NULL && !has_index && id == NULL && stream->calls->len > 0)
    call = g_ptr_array_index (stream->calls, stream->calls->len - 1);

  if (call == NULL)
    {
      call = g_new0 (PendingCall, 1);
      call->index = has_index ? index : -1;
      call->arguments = g_string_new (NULL);
      g_ptr_array_add (stream->calls, call);
    }

  if (call->id == NULL && id != NULL)
    call->id = g_strdup (id);

  return call;
}

static void
read_tool_fragment (Stream     *stream,
                    JsonObject *fragment)
{
  PendingCall *call = find_call (stream, fragment);
  JsonObject *function = terra_json_get_object (fragment, "function");
  const char *name = terra_json_get_string (function, "name");
  JsonNode *arguments;

  /* Some servers repeat the name in every fragment: it is not a piece. */
  if (name != NULL && *name != '\0' && (call->name == NULL || *call->name == '\0'))
    {
      g_free (call->name);
      call->name = g_strdup (name);
    }

  arguments = function != NULL ? json_object_get_member (function, "arguments") : NULL;
  if (arguments == NULL || JSON_NODE_HOLDS_NULL (arguments))
    return;

  if (JSON_NODE_HOLDS_VALUE (arguments) && json_node_get_value_type (arguments) == G_TYPE_STRING)
    {
      g_string_append (call->arguments, json_node_get_string (arguments));
    }
  else
    {
      /* A few servers send the arguments as an object, not a string. */
      g_autofree char *text = json_to_string (arguments, FALSE);

      g_string_append (call->arguments, text);
    }
}

static void
read_choice (Stream     *stream,
             JsonObject *choice)
{
  JsonObject *delta = terra_json_get_object (choice, "delta");
  const char *content = terra_json_get_string (delta, "content");
  const char *finish = terra_json_get_string (choice, "finish_reason");
  JsonArray *tool_calls = terra_json_get_array (delta, "tool_calls");

  if (content != NULL && *content != '\0')
    {
      g_string_append (stream->text, content);
      if (stream->on_delta != NULL)
        stream->on_delta (content, stream->user_data);
    }

  for (guint i = 0; tool_calls != NULL && i < json_array_get_length (tool_calls); i++)
    {
      JsonNode *fragment = json_array_get_element (tool_calls, i);

      if (JSON_NODE_HOLDS_OBJECT (fragment))
        read_tool_fragment (stream, json_node_get_object (fragment));
    }

  if (finish != NULL && *finish != '\0')
    {
      g_free (stream->finish_reason);
      stream->finish_reason = g_strdup (finish);
    }
}

/* "[DONE]", give or take the spaces some servers add. */
static gboolean
is_done_marker (const char *data)
{
  while (g_ascii_isspace (*data))
    data++;
  if (!g_str_has_prefix (data, "[DONE]"))
    return FALSE;
  for (data += strlen ("[DONE]"); g_ascii_isspace (*data); data++)
    ;
  return *data == '\0';
}

static gboolean
handle_event (const TerraSseEvent  *event,
              gpointer              user_data,
              GError              **error)
{
  Stream *stream = user_data;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object;
  JsonObject *usage;
  JsonArray *choices;

  if (is_done_marker (event->data))
    {
      stream->done = TRUE;
      return FALSE;
    }

  root = terra_http_provider_parse_json (stream->provider, event->data, -1, error);
  if (root == NULL)
    return FALSE;
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      terra_http_provider_set_bad_response (stream->provider, error, _("an event that is not a JSON object"));
      return FALSE;
    }

  object = json_node_get_object (root);
  if (json_object_has_member (object, "error"))
    {
      terra_http_provider_set_stream_error (stream->provider, root, error);
      return FALSE;
    }

  choices = terra_json_get_array (object, "choices");
  if (choices != NULL && json_array_get_length (choices) > 0 &&
      JSON_NODE_HOLDS_OBJECT (json_array_get_element (choices, 0)))
    read_choice (stream, json_array_get_object_element (choices, 0));

  usage = terra_json_get_object (object, "usage");
  terra_json_get_int (usage, "prompt_tokens", &stream->prompt_tokens);
  terra_json_get_int (usage, "completion_tokens", &stream->completion_tokens);

  return TRUE;
}

static const char *
normalise_finish_reason (const char *reason)
{
  if (reason == NULL)
    return "stop";
  if (g_str_equal (reason, "function_call"))
    return "tool_calls";
  return reason;
}

/* Returns (transfer full) the reply a complete stream made. */
static TerraChatResponse *
finish_response (Stream  *stream,
                 GError **error)
{
  g_autoptr(TerraChatResponse) response = terra_chat_response_new ();

  for (guint i = 0; i < stream->calls->len; i++)
    {
      PendingCall *call = g_ptr_array_index (stream->calls, i);
      g_autofree char *id = NULL;

      if (call->name == NULL || *call->name == '\0')
        {
          terra_http_provider_set_bad_response (stream->provider, error, _("a tool call without a name"));
          return NULL;
        }

      /* Some servers omit the id; the tool turn must still name one. */
      id = call->id != NULL ? g_strdup (call->id) : g_strdup_printf ("call_%u", i);
      g_ptr_array_add (response->tool_calls,
                       terra_tool_call_new (id, call->name,
                                            call->arguments->len > 0 ? call->arguments->str : "{}"));
    }

  g_free (response->text);
  response->text = g_strndup (stream->text->str, stream->text->len);
  response->finish_reason = g_strdup (response->tool_calls->len > 0
                                      ? "tool_calls"
                                      : normalise_finish_reason (stream->finish_reason));
  response->prompt_tokens = (int)stream->prompt_tokens;
  response->completion_tokens = (int)stream->completion_tokens;

  return g_steal_pointer (&response);
}

static gboolean
wants_max_completion_tokens (const GError *error)
{
  return g_error_matches (error, TERRA_PROVIDER_ERROR, TERRA_PROVIDER_ERROR_INVALID_REQUEST) &&
         strstr (error->message, "max_completion_tokens") != NULL;
}

static GInputStream *
send_chat (TerraOpenaiProvider     *self,
           const TerraChatRequest  *request,
           gboolean                 retry,
           GCancellable            *cancellable,
           GError                 **error)
{
  g_autoptr(JsonNode) body = build_chat_body (self, request);
  g_autoptr(GError) local_error = NULL;
  GInputStream *input;

  input = terra_http_provider_post (TERRA_HTTP_PROVIDER (self), "chat/completions", body,
                                    retry, cancellable, &local_error);
  if (input != NULL || !wants_max_completion_tokens (local_error) ||
      g_atomic_int_get (&self->use_max_completion_tokens))
    {
      if (local_error != NULL)
        g_propagate_error (error, g_steal_pointer (&local_error));
      return input;
    }

  /* Newer OpenAI reasoning models refuse max_tokens and say so. */
  g_atomic_int_set (&self->use_max_completion_tokens, TRUE);
  g_clear_pointer (&body, json_node_unref);
  body = build_chat_body (self, request);

  return terra_http_provider_post (TERRA_HTTP_PROVIDER (self), "chat/completions", body,
                                   retry, cancellable, error);
}

static TerraChatResponse *
run_chat (TerraOpenaiProvider     *self,
          const TerraChatRequest  *request,
          gboolean                 retry,
          TerraTextDeltaFunc       on_delta,
          gpointer                 user_data,
          GCancellable            *cancellable,
          GError                 **error)
{
  g_autoptr(GInputStream) input = NULL;
  g_auto(Stream) stream = {
    .provider = TERRA_HTTP_PROVIDER (self),
    .text = g_string_new (NULL),
    .calls = g_ptr_array_new_with_free_func ((GDestroyNotify)pending_call_free),
    .on_delta = on_delta,
    .user_data = user_data,
  };

  input = send_chat (self, request, retry, cancellable, error);
  if (input == NULL)
    return NULL;

  if (!terra_http_provider_read_events (TERRA_HTTP_PROVIDER (self), input, handle_event,
                                        &stream, cancellable, error))
    return NULL;

  if (!stream.done)
    {
      terra_http_provider_set_bad_response (TERRA_HTTP_PROVIDER (self), error,
                                            _("the stream ended before [DONE]"));
      return NULL;
    }

  return finish_response (&stream, error);
}

static TerraChatResponse *
terra_openai_provider_chat (TerraProvider           *provider,
                            const TerraChatRequest  *request,
                            TerraTextDeltaFunc       on_delta,
                            gpointer                 user_data,
                            GCancellable            *cancellable,
                            GError                 **error)
{
  return run_chat (TERRA_OPENAI_PROVIDER (provider), request, TRUE, on_delta, user_data,
                   cancellable, error);
}

/* The cheapest real request: one token of a reply, no retries, so the
 * owner hears at once what is wrong. */
static gboolean
terra_openai_provider_test_connection (TerraProvider  *provider,
                                       GCancellable   *cancellable,
                                       GError        **error)
{
  g_autoptr(TerraChatRequest) request = terra_chat_request_new ();
  g_autoptr(TerraChatResponse) response = NULL;

  terra_chat_request_add_message (request, terra_chat_message_new (TERRA_CHAT_ROLE_USER, "Say OK."));
  request->max_tokens = 1;

  response = run_chat (TERRA_OPENAI_PROVIDER (provider), request, FALSE, NULL, NULL,
                       cancellable, error);
  return response != NULL;
}

static const char *
embedding_model (TerraOpenaiProvider *self)
{
  TerraHttpProvider *http = TERRA_HTTP_PROVIDER (self);
  const char *model = terra_http_provider_get_embedding_model (http);

  if (model != NULL)
    return model;

  /* Only OpenAI's own model names are known to work everywhere they are
   * accepted; other servers need one set. */
  if (g_str_equal (terra_http_provider_get_base_url (http), TERRA_OPENAI_DEFAULT_BASE_URL))
    return OPENAI_EMBEDDING_MODEL;

  return NULL;
}

static gboolean
terra_openai_provider_can_embed (TerraProvider *provider)
{
  return embedding_model (TERRA_OPENAI_PROVIDER (provider)) != NULL;
}

static JsonNode *
build_embed_body (TerraOpenaiProvider *self,
                  const char * const  *texts,
                  guint                n_texts)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "model");
  json_builder_add_string_value (builder, embedding_model (self));
  json_builder_set_member_name (builder, "input");
  json_builder_begin_array (builder);
  for (guint i = 0; i < n_texts; i++)
    json_builder_add_string_value (builder, texts[i]);
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static GArray *
read_vector (JsonArray *values)
{
  GArray *vector = g_array_sized_new (FALSE, FALSE, sizeof (float), json_array_get_length (values));

  for (guint i = 0; i < json_array_get_length (values); i++)
    {
      JsonNode *node = json_array_get_element (values, i);
      float value;

      if (!JSON_NODE_HOLDS_VALUE (node) ||
          (json_node_get_value_type (node) != G_TYPE_DOUBLE &&
           json_node_get_value_type (node) != G_TYPE_INT64))
        {
          g_array_unref (vector);
          return NULL;
        }
      value = (float)json_node_get_double (node);
      g_array_append_val (vector, value);
    }

  return vector;
}

static void
clear_vector (gpointer vector)
{
  if (vector != NULL)
    g_array_unref (vector);
}

/* Appends to vectors the n_texts embeddings of one answer, in the order
 * of their "index". */
static gboolean
read_embeddings (TerraOpenaiProvider  *self,
                 JsonNode             *root,
                 guint                 n_texts,
                 GPtrArray            *vectors,
                 GError              **error)
{
  g_autoptr(GPtrArray) batch = g_ptr_array_new_full (n_texts, clear_vector);
  JsonArray *data = JSON_NODE_HOLDS_OBJECT (root)
                    ? terra_json_get_array (json_node_get_object (root), "data") : NULL;

  g_ptr_array_set_size (batch, n_texts);

  for (guint i = 0; data != NULL && i < json_array_get_length (data); i++)
    {
      JsonNode *item = json_array_get_element (data, i);
      JsonArray *values;
      gint64 index = i;

      if (!JSON_NODE_HOLDS_OBJECT (item))
        continue;
      terra_json_get_int (json_node_get_object (item), "index", &index);
      values = terra_json_get_array (json_node_get_object (item), "embedding");
      if (index < 0 || index >= n_texts || values == NULL || g_ptr_array_index (batch, index) != NULL)
        continue;
      g_ptr_array_index (batch, index) = read_vector (values);
    }

  for (guint i = 0; i < n_texts; i++)
    {
      if (g_ptr_array_index (batch, i) == NULL)
        {
          terra_http_provider_set_bad_response (TERRA_HTTP_PROVIDER (self), error,
                                                _("an embedding is missing from the answer"));
          return FALSE;
        }
      g_ptr_array_add (vectors, g_steal_pointer (&g_ptr_array_index (batch, i)));
    }

  return TRUE;
}

static GPtrArray *
terra_openai_provider_embed (TerraProvider       *provider,
                             const char * const  *texts,
                             GCancellable        *cancellable,
                             GError             **error)
{
  TerraOpenaiProvider *self = TERRA_OPENAI_PROVIDER (provider);
  g_autoptr(GPtrArray) vectors = g_ptr_array_new_with_free_func ((GDestroyNotify)g_array_unref);
  guint n_texts = g_strv_length ((char **)texts);

  for (guint start = 0; start < n_texts; start += EMBED_BATCH)
    {
      guint count = MIN (EMBED_BATCH, n_texts - start);
      g_autoptr(JsonNode) body = build_embed_body (self, texts + start, count);
      g_autoptr(GInputStream) input = NULL;
      g_autoptr(JsonNode) root = NULL;

      input = terra_http_provider_post (TERRA_HTTP_PROVIDER (self), "embeddings", body, TRUE,
                                        cancellable, error);
      if (input == NULL)
        return NULL;
      root = terra_http_provider_read_json (TERRA_HTTP_PROVIDER (self), input, cancellable, error);
      if (root == NULL || !read_embeddings (self, root, count, vectors, error))
        return NULL;
    }

  return g_steal_pointer (&vectors);
}

static const char *
terra_openai_provider_get_name (TerraProvider *provider)
{
  return "openai";
}

static void
provider_iface_init (TerraProviderInterface *iface)
{
  iface->get_name = terra_openai_provider_get_name;
  iface->chat = terra_openai_provider_chat;
  iface->embed = terra_openai_provider_embed;
  iface->can_embed = terra_openai_provider_can_embed;
  iface->test_connection = terra_openai_provider_test_connection;
}

static void
terra_openai_provider_class_init (TerraOpenaiProviderClass *klass)
{
  TerraHttpProviderClass *http_class = TERRA_HTTP_PROVIDER_CLASS (klass);

  http_class->display_name = "OpenAI-compatible server";
  http_class->default_base_url = TERRA_OPENAI_DEFAULT_BASE_URL;
  http_class->authorize = authorize;
}

static void
terra_openai_provider_init (TerraOpenaiProvider *self)
{
}

/* Returns (transfer full) a provider for the server at base_url (NULL for
 * OpenAI's); api_key may be NULL for local servers that take none. */
TerraProvider *
terra_openai_provider_new (const char *base_url,
                           const char *model,
                           const char *api_key)
{
  g_return_val_if_fail (model != NULL, NULL);

  return g_object_new (TERRA_TYPE_OPENAI_PROVIDER,
                       "base-url", base_url,
                       "model", model,
                       "api-key", api_key,
                       NULL);
}
