/* terra-gemini-provider.c — Google's Gemini API, streaming with function
 * calling, and its embeddings
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * streamGenerateContent?alt=sse sends one GenerateContentResponse per
 * event: text parts are increments, a functionCall comes whole, usage
 * comes last, and there is no end marker — so a stream is complete when a
 * candidate said its finishReason (or the prompt was blocked), and one
 * that ends before is a cut stream. Tool schemas are JSON Schema, which
 * Gemini takes only as an OpenAPI subset: unknown keywords such as
 * additionalProperties are refused with 400, so they are left out.
 */

#define G_LOG_DOMAIN "terra-provider"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "terra-gemini-provider-private.h"

#define GEMINI_EMBEDDING_MODEL "gemini-embedding-001"
/* batchEmbedContents takes at most 100 requests. */
#define EMBED_BATCH            100

struct _TerraGeminiProvider
{
  TerraHttpProvider parent_instance;
};

static void provider_iface_init (TerraProviderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TerraGeminiProvider, terra_gemini_provider, TERRA_TYPE_HTTP_PROVIDER,
                               G_IMPLEMENT_INTERFACE (TERRA_TYPE_PROVIDER, provider_iface_init))

typedef struct
{
  const char *role;
  JsonArray  *parts;
} Turn;

static void
turn_free (Turn *turn)
{
  json_array_unref (turn->parts);
  g_free (turn);
}

typedef struct
{
  TerraHttpProvider  *provider;
  GString            *text;
  GPtrArray          *calls;          /* TerraToolCall */
  char               *finish_reason;
  gint64              prompt_tokens;
  gint64              completion_tokens;
  TerraTextDeltaFunc  on_delta;
  gpointer            user_data;
  gboolean            blocked;
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
  /* The header, never the key= parameter: URLs end up in logs. */
  soup_message_headers_replace (headers, "x-goog-api-key", api_key);
}

static void
add_part (GPtrArray  *turns,
          const char *role,
          JsonObject *part)
{
  Turn *turn = turns->len > 0 ? g_ptr_array_index (turns, turns->len - 1) : NULL;

  if (turn == NULL || !g_str_equal (turn->role, role))
    {
      turn = g_new0 (Turn, 1);
      turn->role = role;
      turn->parts = json_array_new ();
      g_ptr_array_add (turns, turn);
    }

  json_array_add_object_element (turn->parts, part);
}

static JsonObject *
text_part (const char *text)
{
  JsonObject *part = json_object_new ();

  json_object_set_string_member (part, "text", text);
  return part;
}

static JsonObject *
function_call_part (const TerraToolCall *call)
{
  JsonObject *part = json_object_new ();
  JsonObject *function_call = json_object_new ();
  JsonNode *args = terra_json_parse_object_text (call->arguments);

  if (args == NULL)
    args = terra_json_parse_object_text ("{}");

  json_object_set_string_member (function_call, "name", call->name != NULL ? call->name : "");
  json_object_set_member (function_call, "args", args);
  json_object_set_object_member (part, "functionCall", function_call);
  /* Newer models reject a turn of calls whose signatures are missing. */
  if (call->signature != NULL)
    json_object_set_string_member (part, "thoughtSignature", call->signature);
  return part;
}

/* The name of the call call_id, for a TOOL turn that lacks it. */
static const char *
find_call_name (const TerraChatRequest *request,
                const char             *call_id)
{
  for (guint i = 0; call_id != NULL && i < request->messages->len; i++)
    {
      const TerraChatMessage *message = g_ptr_array_index (request->messages, i);

      for (guint j = 0; message->tool_calls != NULL && j < message->tool_calls->len; j++)
        {
          const TerraToolCall *call = g_ptr_array_index (message->tool_calls, j);

          if (g_strcmp0 (call->id, call_id) == 0)
            return call->name;
        }
    }

  return "";
}

/* Gemini's convention: "output" holds a result, "error" a failure; a
 * result that is a JSON object is sent as it is. */
static JsonObject *
function_response_part (const TerraChatRequest *request,
                        const TerraChatMessage *message)
{
  JsonObject *part = json_object_new ();
  JsonObject *function_response = json_object_new ();
  const char *content = message->content != NULL ? message->content : "";
  JsonNode *response = message->is_error ? NULL : terra_json_parse_object_text (content);

  if (response == NULL)
    {
      JsonObject *wrapper = json_object_new ();

      json_object_set_string_member (wrapper, message->is_error ? "error" : "output", content);
      response = json_node_new (JSON_NODE_OBJECT);
      json_node_take_object (response, wrapper);
    }

  json_object_set_string_member (function_response, "name",
                                 message->tool_name != NULL
                                 ? message->tool_name
                                 : find_call_name (request, message->tool_call_id));
  json_object_set_member (function_response, "response", response);
  json_object_set_object_member (part, "functionResponse", function_response);
  return part;
}

static void
add_message (GPtrArray              *turns,
             GString                *system,
             const TerraChatRequest *request,
             const TerraChatMessage *message)
{
  gboolean has_text = message->content != NULL && *message->content != '\0';

  switch (message->role)
    {
    case TERRA_CHAT_ROLE_SYSTEM:
      if (has_text)
        {
          if (system->len > 0)
            g_string_append (system, "\n\n");
          g_string_append (system, message->content);
        }
      break;

    case TERRA_CHAT_ROLE_USER:
      if (has_text)
        add_part (turns, "user", text_part (message->content));
      break;

    case TERRA_CHAT_ROLE_ASSISTANT:
      if (has_text)
        add_part (turns, "model", text_part (message->content));
      for (guint i = 0; message->tool_calls != NULL && i < message->tool_calls->len; i++)
        add_part (turns, "model", function_call_part (g_ptr_array_index (message->tool_calls, i)));
      break;

    case TERRA_CHAT_ROLE_TOOL:
      add_part (turns, "user", function_response_part (request, message));
      break;

    default:
      g_assert_not_reached ();
    }
}

static JsonArray *
build_tools (GPtrArray *tools)
{
  JsonArray *array = json_array_new ();
  JsonObject *holder = json_object_new ();
  JsonArray *declarations = json_array_new ();

  for (guint i = 0; i < tools->len; i++)
    {
      const TerraToolSpec *spec = g_ptr_array_index (tools, i);
      g_autoptr(JsonNode) schema = terra_json_parse_object_text (spec->parameters_schema);
      JsonObject *declaration = json_object_new ();

      json_object_set_string_member (declaration, "name", spec->name);
      json_object_set_string_member (declaration, "description", spec->description);
      if (schema != NULL)
        json_object_set_member (declaration, "parameters", _terra_gemini_sanitise_schema (schema));
      json_array_add_object_element (declarations, declaration);
    }

  json_object_set_array_member (holder, "functionDeclarations", declarations);
  json_array_add_object_element (array, holder);
  return array;
}

static JsonObject *
build_system (const char *text)
{
  JsonObject *system = json_object_new ();
  JsonArray *parts = json_array_new ();

  json_array_add_object_element (parts, text_part (text));
  json_object_set_array_member (system, "parts", parts);
  return system;
}

static JsonNode *
build_body (const TerraChatRequest *request)
{
  g_autoptr(GPtrArray) turns = g_ptr_array_new_with_free_func ((GDestroyNotify)turn_free);
  g_autoptr(GString) system = g_string_new (NULL);
  JsonObject *body = json_object_new ();
  JsonArray *contents = json_array_new ();
  JsonObject *config = json_object_new ();
  JsonNode *root = json_node_new (JSON_NODE_OBJECT);

  for (guint i = 0; i < request->messages->len; i++)
    add_message (turns, system, request, g_ptr_array_index (request->messages, i));

  for (guint i = 0; i < turns->len; i++)
    {
      Turn *turn = g_ptr_array_index (turns, i);
      JsonObject *content = json_object_new ();

      json_object_set_string_member (content, "role", turn->role);
      json_object_set_array_member (content, "parts", json_array_ref (turn->parts));
      json_array_add_object_element (contents, content);
    }

  json_object_set_array_member (body, "contents", contents);
  if (system->len > 0)
    json_object_set_object_member (body, "systemInstruction", build_system (system->str));
  if (request->tools != NULL && request->tools->len > 0)
    json_object_set_array_member (body, "tools", build_tools (request->tools));

  if (request->temperature >= 0)
    json_object_set_double_member (config, "temperature", request->temperature);
  if (request->max_tokens > 0)
    json_object_set_int_member (config, "maxOutputTokens", request->max_tokens);
  if (json_object_get_size (config) > 0)
    json_object_set_object_member (body, "generationConfig", config);
  else
    json_object_unref (config);

  json_node_take_object (root, body);
  return root;
}

static void
read_part (Stream     *stream,
           JsonObject *part)
{
  const char *text = terra_json_get_string (part, "text");
  JsonObject *function_call = terra_json_get_object (part, "functionCall");
  JsonNode *thought = json_object_get_member (part, "thought");

  if (function_call != NULL)
    {
      JsonNode *args = json_object_get_member (function_call, "args");
      g_autofree char *arguments = NULL;
      g_autofree char *id = NULL;
      TerraToolCall *call;

      arguments = args != NULL && JSON_NODE_HOLDS_OBJECT (args) ? json_to_string (args, FALSE) : g_strdup ("{}");
      id = g_strdup (terra_json_get_string (function_call, "id"));
      if (id == NULL || *id == '\0')
        {
          g_free (id);
          id = g_strdup_printf ("call_%u", stream->calls->len);
        }

      call = terra_tool_call_new (id, terra_json_get_string (function_call, "name"), arguments);
      call->signature = g_strdup (terra_json_get_string (part, "thoughtSignature"));
      g_ptr_array_add (stream->calls, call);
      return;
    }

  /* A thinking model's thoughts are not the reply. */
  if (thought != NULL && JSON_NODE_HOLDS_VALUE (thought) && json_node_get_boolean (thought))
    return;

  if (text != NULL && *text != '\0')
    {
      g_string_append (stream->text, text);
      if (stream->on_delta != NULL)
        stream->on_delta (text, stream->user_data);
    }
}

static void
read_candidate (Stream     *stream,
                JsonObject *candidate)
{
  JsonArray *parts = terra_json_get_array (terra_json_get_object (candidate, "content"), "parts");
  const char *finish = terra_json_get_string (candidate, "finishReason");

  for (guint i = 0; parts != NULL && i < json_array_get_length (parts); i++)
    {
      JsonNode *part = json_array_get_element (parts, i);

      if (JSON_NODE_HOLDS_OBJECT (part))
        read_part (stream, json_node_get_object (part));
    }

  if (finish != NULL && *finish != '\0')
    {
      g_free (stream->finish_reason);
      stream->finish_reason = g_strdup (finish);
    }
}

static gboolean
handle_event (const TerraSseEvent  *event,
              gpointer              user_data,
              GError              **error)
{
  Stream *stream = user_data;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object;
  JsonArray *candidates;
  JsonObject *usage;
  gint64 thoughts = 0;

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

  candidates = terra_json_get_array (object, "candidates");
  if (candidates != NULL && json_array_get_length (candidates) > 0 &&
      JSON_NODE_HOLDS_OBJECT (json_array_get_element (candidates, 0)))
    read_candidate (stream, json_array_get_object_element (candidates, 0));
  else if (terra_json_get_string (terra_json_get_object (object, "promptFeedback"), "blockReason") != NULL)
    stream->blocked = TRUE;

  /* Counts are running totals; the last is the reply's. */
  usage = terra_json_get_object (object, "usageMetadata");
  terra_json_get_int (usage, "promptTokenCount", &stream->prompt_tokens);
  if (terra_json_get_int (usage, "candidatesTokenCount", &stream->completion_tokens))
    {
      terra_json_get_int (usage, "thoughtsTokenCount", &thoughts);
      stream->completion_tokens += thoughts;
    }

  return TRUE;
}

static char *
normalise_finish_reason (const char *reason)
{
  static const char * const filtered[] = {
    "SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII", "IMAGE_SAFETY", NULL
  };

  if (reason == NULL || g_str_equal (reason, "STOP"))
    return g_strdup ("stop");
  if (g_str_equal (reason, "MAX_TOKENS"))
    return g_strdup ("length");
  if (g_strv_contains (filtered, reason))
    return g_strdup ("content_filter");
  return g_ascii_strdown (reason, -1);
}

static TerraChatResponse *
finish_response (Stream *stream)
{
  TerraChatResponse *response = terra_chat_response_new ();

  g_free (response->text);
  response->text = g_strndup (stream->text->str, stream->text->len);
  for (guint i = 0; i < stream->calls->len; i++)
    g_ptr_array_add (response->tool_calls, terra_tool_call_copy (g_ptr_array_index (stream->calls, i)));

  if (response->tool_calls->len > 0)
    response->finish_reason = g_strdup ("tool_calls");
  else if (stream->blocked)
    response->finish_reason = g_strdup ("content_filter");
  else
    response->finish_reason = normalise_finish_reason (stream->finish_reason);
  response->prompt_tokens = (int)stream->prompt_tokens;
  response->completion_tokens = (int)stream->completion_tokens;

  return response;
}

static gboolean
check_key (TerraGeminiProvider  *self,
           GError              **error)
{
  if (terra_http_provider_has_api_key (TERRA_HTTP_PROVIDER (self)))
    return TRUE;

  g_set_error_literal (error, TERRA_PROVIDER_ERROR, TERRA_PROVIDER_ERROR_NO_KEY,
                       _("Google Gemini: no API key is set"));
  return FALSE;
}

/* "models/NAME:method", whether the model was written with "models/" or
 * without. */
static char *
model_path (const char *model,
            const char *method)
{
  g_autofree char *escaped = NULL;

  if (g_str_has_prefix (model, "models/"))
    model += strlen ("models/");
  escaped = g_uri_escape_string (model, NULL, FALSE);

  return g_strconcat ("models/", escaped, ":", method, NULL);
}

static TerraChatResponse *
run_chat (TerraGeminiProvider     *self,
          const TerraChatRequest  *request,
          gboolean                 retry,
          TerraTextDeltaFunc       on_delta,
          gpointer                 user_data,
          GCancellable            *cancellable,
          GError                 **error)
{
  TerraHttpProvider *http = TERRA_HTTP_PROVIDER (self);
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(GInputStream) input = NULL;
  g_autofree char *path = NULL;
  g_auto(Stream) stream = {
    .provider = http,
    .text = g_string_new (NULL),
    .calls = g_ptr_array_new_with_free_func ((GDestroyNotify)terra_tool_call_free),
    .on_delta = on_delta,
    .user_data = user_data,
  };

  if (!check_key (self, error))
    return NULL;

  body = build_body (request);
  path = model_path (terra_http_provider_get_model (http), "streamGenerateContent?alt=sse");
  input = terra_http_provider_post (http, path, body, retry, cancellable, error);
  if (input == NULL)
    return NULL;

  if (!terra_http_provider_read_events (http, input, handle_event, &stream, cancellable, error))
    return NULL;

  if (stream.finish_reason == NULL && !stream.blocked)
    {
      terra_http_provider_set_bad_response (http, error, _("the stream ended before a finishReason"));
      return NULL;
    }

  return finish_response (&stream);
}

static TerraChatResponse *
terra_gemini_provider_chat (TerraProvider           *provider,
                            const TerraChatRequest  *request,
                            TerraTextDeltaFunc       on_delta,
                            gpointer                 user_data,
                            GCancellable            *cancellable,
                            GError                 **error)
{
  return run_chat (TERRA_GEMINI_PROVIDER (provider), request, TRUE, on_delta, user_data,
                   cancellable, error);
}

/* One token of a reply, no retries: the owner hears at once what is
 * wrong. */
static gboolean
terra_gemini_provider_test_connection (TerraProvider  *provider,
                                       GCancellable   *cancellable,
                                       GError        **error)
{
  g_autoptr(TerraChatRequest) request = terra_chat_request_new ();
  g_autoptr(TerraChatResponse) response = NULL;

  terra_chat_request_add_message (request, terra_chat_message_new (TERRA_CHAT_ROLE_USER, "Say OK."));
  request->max_tokens = 1;

  response = run_chat (TERRA_GEMINI_PROVIDER (provider), request, FALSE, NULL, NULL,
                       cancellable, error);
  return response != NULL;
}

static const char *
embedding_model (TerraGeminiProvider *self)
{
  const char *model = terra_http_provider_get_embedding_model (TERRA_HTTP_PROVIDER (self));

  return model != NULL ? model : GEMINI_EMBEDDING_MODEL;
}

static JsonObject *
content_of_text (const char *text)
{
  JsonObject *content = json_object_new ();
  JsonArray *parts = json_array_new ();

  json_array_add_object_element (parts, text_part (text));
  json_object_set_array_member (content, "parts", parts);
  return content;
}

/* embedContent for one text, batchEmbedContents for more. */
static JsonNode *
build_embed_body (TerraGeminiProvider *self,
                  const char * const  *texts,
                  guint                n_texts)
{
  JsonObject *body = json_object_new ();
  JsonNode *root = json_node_new (JSON_NODE_OBJECT);

  if (n_texts == 1)
    {
      json_object_set_object_member (body, "content", content_of_text (texts[0]));
    }
  else
    {
      const char *model = embedding_model (self);
      g_autofree char *name = g_str_has_prefix (model, "models/") ? g_strdup (model)
                                                                  : g_strconcat ("models/", model, NULL);
      JsonArray *requests = json_array_new ();

      for (guint i = 0; i < n_texts; i++)
        {
          JsonObject *item = json_object_new ();

          json_object_set_string_member (item, "model", name);
          json_object_set_object_member (item, "content", content_of_text (texts[i]));
          json_array_add_object_element (requests, item);
        }
      json_object_set_array_member (body, "requests", requests);
    }

  json_node_take_object (root, body);
  return root;
}

static GArray *
read_values (JsonObject *embedding)
{
  JsonArray *values = terra_json_get_array (embedding, "values");
  GArray *vector;

  if (values == NULL)
    return NULL;

  vector = g_array_sized_new (FALSE, FALSE, sizeof (float), json_array_get_length (values));
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

static gboolean
read_embeddings (TerraGeminiProvider  *self,
                 JsonNode             *root,
                 guint                 n_texts,
                 GPtrArray            *vectors,
                 GError              **error)
{
  JsonObject *object = JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
  JsonArray *embeddings = terra_json_get_array (object, "embeddings");
  guint added = 0;

  if (n_texts == 1)
    {
      GArray *vector = read_values (terra_json_get_object (object, "embedding"));

      if (vector != NULL)
        {
          g_ptr_array_add (vectors, vector);
          added = 1;
        }
    }
  else
    {
      for (guint i = 0; embeddings != NULL && i < json_array_get_length (embeddings) && i < n_texts; i++)
        {
          JsonNode *item = json_array_get_element (embeddings, i);
          GArray *vector = JSON_NODE_HOLDS_OBJECT (item) ? read_values (json_node_get_object (item)) : NULL;

          if (vector == NULL)
            break;
          g_ptr_array_add (vectors, vector);
          added++;
        }
    }

  if (added == n_texts)
    return TRUE;

  terra_http_provider_set_bad_response (TERRA_HTTP_PROVIDER (self), error,
                                        _("an embedding is missing from the answer"));
  return FALSE;
}

static GPtrArray *
terra_gemini_provider_embed (TerraProvider       *provider,
                             const char * const  *texts,
                             GCancellable        *cancellable,
                             GError             **error)
{
  TerraGeminiProvider *self = TERRA_GEMINI_PROVIDER (provider);
  TerraHttpProvider *http = TERRA_HTTP_PROVIDER (self);
  g_autoptr(GPtrArray) vectors = g_ptr_array_new_with_free_func ((GDestroyNotify)g_array_unref);
  guint n_texts = g_strv_length ((char **)texts);

  if (!check_key (self, error))
    return NULL;

  for (guint start = 0; start < n_texts; start += EMBED_BATCH)
    {
      guint count = MIN (EMBED_BATCH, n_texts - start);
      g_autoptr(JsonNode) body = build_embed_body (self, texts + start, count);
      g_autofree char *path = model_path (embedding_model (self),
                                          count == 1 ? "embedContent" : "batchEmbedContents");
      g_autoptr(GInputStream) input = NULL;
      g_autoptr(JsonNode) root = NULL;

      input = terra_http_provider_post (http, path, body, TRUE, cancellable, error);
      if (input == NULL)
        return NULL;
      root = terra_http_provider_read_json (http, input, cancellable, error);
      if (root == NULL || !read_embeddings (self, root, count, vectors, error))
        return NULL;
    }

  return g_steal_pointer (&vectors);
}

static const char *
terra_gemini_provider_get_name (TerraProvider *provider)
{
  return "gemini";
}

static void
provider_iface_init (TerraProviderInterface *iface)
{
  iface->get_name = terra_gemini_provider_get_name;
  iface->chat = terra_gemini_provider_chat;
  iface->embed = terra_gemini_provider_embed;
  iface->test_connection = terra_gemini_provider_test_connection;
}

static void
terra_gemini_provider_class_init (TerraGeminiProviderClass *klass)
{
  TerraHttpProviderClass *http_class = TERRA_HTTP_PROVIDER_CLASS (klass);

  http_class->display_name = "Google Gemini";
  http_class->default_base_url = TERRA_GEMINI_DEFAULT_BASE_URL;
  http_class->authorize = authorize;
}

static void
terra_gemini_provider_init (TerraGeminiProvider *self)
{
}

/* Returns (transfer full) a provider for the Gemini API at base_url (NULL
 * for Google's own). */
TerraProvider *
terra_gemini_provider_new (const char *base_url,
                           const char *model,
                           const char *api_key)
{
  g_return_val_if_fail (model != NULL, NULL);

  return g_object_new (TERRA_TYPE_GEMINI_PROVIDER,
                       "base-url", base_url,
                       "model", model,
                       "api-key", api_key,
                       NULL);
}
