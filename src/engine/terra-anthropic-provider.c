/* terra-anthropic-provider.c — Anthropic's Messages API, streaming with
 * tool use
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The API wants strictly alternating user and assistant turns, the system
 * prompt apart, and tool results as blocks of the next user turn; so
 * consecutive messages of one role merge into one turn. In the stream, a
 * tool's arguments come as partial_json pieces that are joined when its
 * block stops (the first piece is often empty); event and delta types this
 * file does not know are skipped, as the API adds new ones.
 */

#define G_LOG_DOMAIN "terra-provider"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "terra-anthropic-provider.h"

/* max_tokens is required by the API; this is enough for a chat reply. */
#define DEFAULT_MAX_TOKENS 1024

struct _TerraAnthropicProvider
{
  TerraHttpProvider parent_instance;
};

static void provider_iface_init (TerraProviderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TerraAnthropicProvider, terra_anthropic_provider, TERRA_TYPE_HTTP_PROVIDER,
                               G_IMPLEMENT_INTERFACE (TERRA_TYPE_PROVIDER, provider_iface_init))

/* One turn of the conversation as the API sees it. */
typedef struct
{
  const char *role;
  JsonArray  *blocks;
} Turn;

static void
turn_free (Turn *turn)
{
  json_array_unref (turn->blocks);
  g_free (turn);
}

/* A tool_use block of the stream, between its start and its stop. */
typedef struct
{
  gint64   index;
  char    *id;
  char    *name;
  char    *initial_input;  /* the input of content_block_start, as JSON */
  GString *partial_json;
} ToolBlock;

static void
tool_block_free (ToolBlock *block)
{
  g_free (block->id);
  g_free (block->name);
  g_free (block->initial_input);
  g_string_free (block->partial_json, TRUE);
  g_free (block);
}

typedef struct
{
  TerraHttpProvider  *provider;
  GString            *text;
  GPtrArray          *open_blocks;    /* ToolBlock */
  GPtrArray          *calls;          /* TerraToolCall, in the order they stopped */
  char               *stop_reason;
  gint64              input_tokens;
  gint64              output_tokens;
  TerraTextDeltaFunc  on_delta;
  gpointer            user_data;
  gboolean            done;
} Stream;

static void
stream_clear (Stream *stream)
{
  g_string_free (stream->text, TRUE);
  g_ptr_array_unref (stream->open_blocks);
  g_ptr_array_unref (stream->calls);
  g_free (stream->stop_reason);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Stream, stream_clear)

static void
authorize (TerraHttpProvider  *provider,
           SoupMessageHeaders *headers,
           const char         *api_key)
{
  soup_message_headers_replace (headers, "x-api-key", api_key);
  soup_message_headers_replace (headers, "anthropic-version", TERRA_ANTHROPIC_VERSION);
}

static JsonObject *
text_block (const char *text)
{
  JsonObject *block = json_object_new ();

  json_object_set_string_member (block, "type", "text");
  json_object_set_string_member (block, "text", text);
  return block;
}

static JsonObject *
tool_use_block (const TerraToolCall *call)
{
  JsonObject *block = json_object_new ();
  JsonNode *input = terra_json_parse_object_text (call->arguments);

  /* input must be an object; arguments the model garbled become {} and
   * the tool's own error tells the model what went wrong. */
  if (input == NULL)
    input = terra_json_parse_object_text ("{}");

  json_object_set_string_member (block, "type", "tool_use");
  json_object_set_string_member (block, "id", call->id != NULL ? call->id : "");
  json_object_set_string_member (block, "name", call->name != NULL ? call->name : "");
  json_object_set_member (block, "input", input);
  return block;
}

static JsonObject *
tool_result_block (const TerraChatMessage *message)
{
  JsonObject *block = json_object_new ();

  json_object_set_string_member (block, "type", "tool_result");
  json_object_set_string_member (block, "tool_use_id",
                                 message->tool_call_id != NULL ? message->tool_call_id : "");
  json_object_set_string_member (block, "content", message->content != NULL ? message->content : "");
  if (message->is_error)
    json_object_set_boolean_member (block, "is_error", TRUE);
  return block;
}

/* Appends block (transfer full) to the last turn if it has role, else to
 * a new turn. */
static void
add_block (GPtrArray  *turns,
           const char *role,
           JsonObject *block)
{
  Turn *turn = turns->len > 0 ? g_ptr_array_index (turns, turns->len - 1) : NULL;

  if (turn == NULL || !g_str_equal (turn->role, role))
    {
      turn = g_new0 (Turn, 1);
      turn->role = role;
      turn->blocks = json_array_new ();
      g_ptr_array_add (turns, turn);
    }

  json_array_add_object_element (turn->blocks, block);
}

static void
add_message (GPtrArray              *turns,
             GString                *system,
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
      /* The API refuses empty text blocks. */
      if (has_text)
        add_block (turns, "user", text_block (message->content));
      break;

    case TERRA_CHAT_ROLE_ASSISTANT:
      if (has_text)
        add_block (turns, "assistant", text_block (message->content));
      for (guint i = 0; message->tool_calls != NULL && i < message->tool_calls->len; i++)
        add_block (turns, "assistant", tool_use_block (g_ptr_array_index (message->tool_calls, i)));
      break;

    case TERRA_CHAT_ROLE_TOOL:
      add_block (turns, "user", tool_result_block (message));
      break;

    default:
      g_assert_not_reached ();
    }
}

/* A turn of one text block is sent as a plain string, as people write it. */
static JsonNode *
turn_to_node (Turn *turn)
{
  JsonObject *object = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);
  JsonObject *first = json_array_get_object_element (turn->blocks, 0);

  json_object_set_string_member (object, "role", turn->role);
  if (json_array_get_length (turn->blocks) == 1 &&
      g_strcmp0 (terra_json_get_string (first, "type"), "text") == 0)
    json_object_set_string_member (object, "content", terra_json_get_string (first, "text"));
  else
    json_object_set_array_member (object, "content", json_array_ref (turn->blocks));

  json_node_take_object (node, object);
  return node;
}

static JsonArray *
build_tools (GPtrArray *tools)
{
  JsonArray *array = json_array_new ();

  for (guint i = 0; i < tools->len; i++)
    {
      const TerraToolSpec *spec = g_ptr_array_index (tools, i);
      JsonObject *tool = json_object_new ();
      JsonNode *schema = terra_json_parse_object_text (spec->parameters_schema);

      if (schema == NULL)
        schema = terra_json_parse_object_text ("{\"type\":\"object\",\"properties\":{}}");

      json_object_set_string_member (tool, "name", spec->name);
      json_object_set_string_member (tool, "description", spec->description);
      json_object_set_member (tool, "input_schema", schema);
      json_array_add_object_element (array, tool);
    }

  return array;
}

static JsonNode *
build_body (TerraAnthropicProvider *self,
            const TerraChatRequest *request)
{
  g_autoptr(GPtrArray) turns = g_ptr_array_new_with_free_func ((GDestroyNotify)turn_free);
  g_autoptr(GString) system = g_string_new (NULL);
  JsonObject *body = json_object_new ();
  JsonArray *messages = json_array_new ();
  JsonNode *root = json_node_new (JSON_NODE_OBJECT);

  for (guint i = 0; i < request->messages->len; i++)
    add_message (turns, system, g_ptr_array_index (request->messages, i));
  for (guint i = 0; i < turns->len; i++)
    json_array_add_element (messages, turn_to_node (g_ptr_array_index (turns, i)));

  json_object_set_string_member (body, "model", terra_http_provider_get_model (TERRA_HTTP_PROVIDER (self)));
  json_object_set_int_member (body, "max_tokens",
                              request->max_tokens > 0 ? request->max_tokens : DEFAULT_MAX_TOKENS);
  if (system->len > 0)
    json_object_set_string_member (body, "system", system->str);
  json_object_set_array_member (body, "messages", messages);
  if (request->tools != NULL && request->tools->len > 0)
    json_object_set_array_member (body, "tools", build_tools (request->tools));
  if (request->temperature >= 0)
    json_object_set_double_member (body, "temperature", request->temperature);
  json_object_set_boolean_member (body, "stream", TRUE);

  json_node_take_object (root, body);
  return root;
}

static ToolBlock *
find_block (Stream *stream,
            gint64  index)
{
  for (guint i = 0; i < stream->open_blocks->len; i++)
    {
      ToolBlock *block = g_ptr_array_index (stream->open_blocks, i);

      if (block->index == index)
        return block;
    }

  return NULL;
}

static void
emit_text (Stream     *stream,
           const char *text)
{
  if (text == NULL || *text == '\0')
    return;

  g_string_append (stream->text, text);
  if (stream->on_delta != NULL)
    stream->on_delta (text, stream->user_data);
}

static void
on_block_start (Stream     *stream,
                JsonObject *object)
{
  JsonObject *content_block = terra_json_get_object (object, "content_block");
  const char *type = terra_json_get_string (content_block, "type");
  JsonNode *input;
  ToolBlock *block;
  gint64 index = -1;

  terra_json_get_int (object, "index", &index);

  if (g_strcmp0 (type, "text") == 0)
    {
      emit_text (stream, terra_json_get_string (content_block, "text"));
      return;
    }
  if (g_strcmp0 (type, "tool_use") != 0)
    return;

  block = g_new0 (ToolBlock, 1);
  block->index = index;
  block->id = g_strdup (terra_json_get_string (content_block, "id"));
  block->name = g_strdup (terra_json_get_string (content_block, "name"));
  block->partial_json = g_string_new (NULL);
  input = json_object_get_member (content_block, "input");
  if (input != NULL && JSON_NODE_HOLDS_OBJECT (input))
    block->initial_input = json_to_string (input, FALSE);
  g_ptr_array_add (stream->open_blocks, block);
}

static void
on_block_delta (Stream     *stream,
                JsonObject *object)
{
  JsonObject *delta = terra_json_get_object (object, "delta");
  const char *type = terra_json_get_string (delta, "type");
  gint64 index = -1;

  terra_json_get_int (object, "index", &index);

  if (g_strcmp0 (type, "text_delta") == 0)
    {
      emit_text (stream, terra_json_get_string (delta, "text"));
    }
  else if (g_strcmp0 (type, "input_json_delta") == 0)
    {
      ToolBlock *block = find_block (stream, index);
      const char *piece = terra_json_get_string (delta, "partial_json");

      if (block != NULL && piece != NULL)
        g_string_append (block->partial_json, piece);
    }
}

static void
on_block_stop (Stream     *stream,
               JsonObject *object)
{
  ToolBlock *block;
  const char *arguments;
  gint64 index = -1;

  terra_json_get_int (object, "index", &index);
  block = find_block (stream, index);
  if (block == NULL)
    return;

  /* The joined pieces are the input; a tool without parameters may send
   * none, and then the start's input (usually {}) stands. */
  if (block->partial_json->len > 0)
    arguments = block->partial_json->str;
  else if (block->initial_input != NULL)
    arguments = block->initial_input;
  else
    arguments = "{}";

  g_ptr_array_add (stream->calls, terra_tool_call_new (block->id, block->name, arguments));
  g_ptr_array_remove_fast (stream->open_blocks, block);
}

static void
on_message_start (Stream     *stream,
                  JsonObject *object)
{
  JsonObject *usage = terra_json_get_object (terra_json_get_object (object, "message"), "usage");
  gint64 value;

  /* Cached prompt tokens are counted apart; the prompt is all of them. */
  stream->input_tokens = 0;
  if (terra_json_get_int (usage, "input_tokens", &value))
    stream->input_tokens += value;
  if (terra_json_get_int (usage, "cache_creation_input_tokens", &value))
    stream->input_tokens += value;
  if (terra_json_get_int (usage, "cache_read_input_tokens", &value))
    stream->input_tokens += value;
  terra_json_get_int (usage, "output_tokens", &stream->output_tokens);
}

static void
on_message_delta (Stream     *stream,
                  JsonObject *object)
{
  JsonObject *delta = terra_json_get_object (object, "delta");
  JsonObject *usage = terra_json_get_object (object, "usage");
  const char *stop_reason = terra_json_get_string (delta, "stop_reason");

  if (stop_reason != NULL)
    {
      g_free (stream->stop_reason);
      stream->stop_reason = g_strdup (stop_reason);
    }

  /* Cumulative counts: the last one is the total. */
  terra_json_get_int (usage, "output_tokens", &stream->output_tokens);
}

static gboolean
handle_event (const TerraSseEvent  *event,
              gpointer              user_data,
              GError              **error)
{
  Stream *stream = user_data;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object;
  const char *type;

  root = terra_http_provider_parse_json (stream->provider, event->data, -1, error);
  if (root == NULL)
    return FALSE;
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      terra_http_provider_set_bad_response (stream->provider, error, _("an event that is not a JSON object"));
      return FALSE;
    }

  object = json_node_get_object (root);
  type = terra_json_get_string (object, "type");
  if (type == NULL)
    type = event->event;

  if (g_str_equal (type, "message_start"))
    on_message_start (stream, object);
  else if (g_str_equal (type, "content_block_start"))
    on_block_start (stream, object);
  else if (g_str_equal (type, "content_block_delta"))
    on_block_delta (stream, object);
  else if (g_str_equal (type, "content_block_stop"))
    on_block_stop (stream, object);
  else if (g_str_equal (type, "message_delta"))
    on_message_delta (stream, object);
  else if (g_str_equal (type, "message_stop"))
    {
      stream->done = TRUE;
      return FALSE;
    }
  else if (g_str_equal (type, "error"))
    {
      terra_http_provider_set_stream_error (stream->provider, root, error);
      return FALSE;
    }

  return TRUE;
}

static const char *
normalise_stop_reason (const char *reason)
{
  if (reason == NULL || g_str_equal (reason, "end_turn") || g_str_equal (reason, "stop_sequence"))
    return "stop";
  if (g_str_equal (reason, "max_tokens"))
    return "length";
  if (g_str_equal (reason, "tool_use"))
    return "tool_calls";
  if (g_str_equal (reason, "refusal"))
    return "content_filter";
  return reason;
}

static TerraChatResponse *
finish_response (Stream *stream)
{
  TerraChatResponse *response = terra_chat_response_new ();

  g_free (response->text);
  response->text = g_strndup (stream->text->str, stream->text->len);
  g_ptr_array_extend_and_steal (response->tool_calls, g_steal_pointer (&stream->calls));
  stream->calls = g_ptr_array_new ();
  response->finish_reason = g_strdup (response->tool_calls->len > 0
                                      ? "tool_calls"
                                      : normalise_stop_reason (stream->stop_reason));
  response->prompt_tokens = (int)stream->input_tokens;
  response->completion_tokens = (int)stream->output_tokens;

  return response;
}

static gboolean
check_key (TerraAnthropicProvider  *self,
           GError                 **error)
{
  if (terra_http_provider_has_api_key (TERRA_HTTP_PROVIDER (self)))
    return TRUE;

  g_set_error_literal (error, TERRA_PROVIDER_ERROR, TERRA_PROVIDER_ERROR_NO_KEY,
                       _("Anthropic: no API key is set"));
  return FALSE;
}

/* The API's path under the base address, which may or may not end in
 * the version. */
static const char *
messages_path (TerraAnthropicProvider *self)
{
  const char *base = terra_http_provider_get_base_url (TERRA_HTTP_PROVIDER (self));

  return g_str_has_suffix (base, "/v1") ? "messages" : "v1/messages";
}

static TerraChatResponse *
run_chat (TerraAnthropicProvider  *self,
          const TerraChatRequest  *request,
          gboolean                 retry,
          TerraTextDeltaFunc       on_delta,
          gpointer                 user_data,
          GCancellable            *cancellable,
          GError                 **error)
{
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(GInputStream) input = NULL;
  g_auto(Stream) stream = {
    .provider = TERRA_HTTP_PROVIDER (self),
    .text = g_string_new (NULL),
    .open_blocks = g_ptr_array_new_with_free_func ((GDestroyNotify)tool_block_free),
    .calls = g_ptr_array_new_with_free_func ((GDestroyNotify)terra_tool_call_free),
    .on_delta = on_delta,
    .user_data = user_data,
  };

  if (!check_key (self, error))
    return NULL;

  body = build_body (self, request);
  input = terra_http_provider_post (TERRA_HTTP_PROVIDER (self), messages_path (self), body, retry,
                                    cancellable, error);
  if (input == NULL)
    return NULL;

  if (!terra_http_provider_read_events (TERRA_HTTP_PROVIDER (self), input, handle_event,
                                        &stream, cancellable, error))
    return NULL;

  if (!stream.done)
    {
      terra_http_provider_set_bad_response (TERRA_HTTP_PROVIDER (self), error,
                                            _("the stream ended before message_stop"));
      return NULL;
    }

  return finish_response (&stream);
}

static TerraChatResponse *
terra_anthropic_provider_chat (TerraProvider           *provider,
                               const TerraChatRequest  *request,
                               TerraTextDeltaFunc       on_delta,
                               gpointer                 user_data,
                               GCancellable            *cancellable,
                               GError                 **error)
{
  return run_chat (TERRA_ANTHROPIC_PROVIDER (provider), request, TRUE, on_delta, user_data,
                   cancellable, error);
}

/* One token of a reply, no retries: the owner hears at once what is
 * wrong. */
static gboolean
terra_anthropic_provider_test_connection (TerraProvider  *provider,
                                          GCancellable   *cancellable,
                                          GError        **error)
{
  g_autoptr(TerraChatRequest) request = terra_chat_request_new ();
  g_autoptr(TerraChatResponse) response = NULL;

  terra_chat_request_add_message (request, terra_chat_message_new (TERRA_CHAT_ROLE_USER, "Say OK."));
  request->max_tokens = 1;

  response = run_chat (TERRA_ANTHROPIC_PROVIDER (provider), request, FALSE, NULL, NULL,
                       cancellable, error);
  return response != NULL;
}

static const char *
terra_anthropic_provider_get_name (TerraProvider *provider)
{
  return "anthropic";
}

static void
provider_iface_init (TerraProviderInterface *iface)
{
  iface->get_name = terra_anthropic_provider_get_name;
  iface->chat = terra_anthropic_provider_chat;
  iface->test_connection = terra_anthropic_provider_test_connection;
  /* Anthropic offers no embeddings. */
  iface->embed = NULL;
}

static void
terra_anthropic_provider_class_init (TerraAnthropicProviderClass *klass)
{
  TerraHttpProviderClass *http_class = TERRA_HTTP_PROVIDER_CLASS (klass);

  http_class->display_name = "Anthropic";
  http_class->default_base_url = TERRA_ANTHROPIC_DEFAULT_BASE_URL;
  http_class->authorize = authorize;
}

static void
terra_anthropic_provider_init (TerraAnthropicProvider *self)
{
}

/* Returns (transfer full) a provider for the Messages API at base_url
 * (NULL for Anthropic's own). */
TerraProvider *
terra_anthropic_provider_new (const char *base_url,
                              const char *model,
                              const char *api_key)
{
  g_return_val_if_fail (model != NULL, NULL);

  return g_object_new (TERRA_TYPE_ANTHROPIC_PROVIDER,
                       "base-url", base_url,
                       "model", model,
                       "api-key", api_key,
                       NULL);
}
