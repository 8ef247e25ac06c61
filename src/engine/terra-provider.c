/* terra-provider.c — what writes the assistant's replies: an LLM behind an
 * HTTP API, or the built-in offline engine
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "terra-provider"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "terra-provider.h"

G_DEFINE_QUARK (terra-provider-error-quark, terra_provider_error)

G_DEFINE_INTERFACE (TerraProvider, terra_provider, G_TYPE_OBJECT)

static void
terra_provider_default_init (TerraProviderInterface *iface)
{
}

/* A short name for logs and the UI, such as "openai". */
const char *
terra_provider_get_name (TerraProvider *self)
{
  g_return_val_if_fail (TERRA_IS_PROVIDER (self), NULL);

  return TERRA_PROVIDER_GET_IFACE (self)->get_name (self);
}

/* A cancellable already cancelled fails at once, in the provider's own
 * domain, so callers need to check for one error only. */
static gboolean
check_cancelled (GCancellable  *cancellable,
                 GError       **error)
{
  if (cancellable == NULL || !g_cancellable_is_cancelled (cancellable))
    return TRUE;

  g_set_error_literal (error, TERRA_PROVIDER_ERROR, TERRA_PROVIDER_ERROR_CANCELLED,
                       _("The request was cancelled"));
  return FALSE;
}

/* Sends request and returns (transfer full) the whole reply; on_delta, if
 * not NULL, sees each piece of text as it arrives. Blocks: call it from a
 * worker thread. */
TerraChatResponse *
terra_provider_chat (TerraProvider           *self,
                     const TerraChatRequest  *request,
                     TerraTextDeltaFunc       on_delta,
                     gpointer                 user_data,
                     GCancellable            *cancellable,
                     GError                 **error)
{
  g_return_val_if_fail (TERRA_IS_PROVIDER (self), NULL);
  g_return_val_if_fail (request != NULL, NULL);
  g_return_val_if_fail (request->messages != NULL, NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_cancelled (cancellable, error))
    return NULL;

  return TERRA_PROVIDER_GET_IFACE (self)->chat (self, request, on_delta, user_data,
                                                cancellable, error);
}

/* Whether terra_provider_embed() can work with this provider as set up. */
gboolean
terra_provider_can_embed (TerraProvider *self)
{
  TerraProviderInterface *iface;

  g_return_val_if_fail (TERRA_IS_PROVIDER (self), FALSE);

  iface = TERRA_PROVIDER_GET_IFACE (self);
  if (iface->embed == NULL)
    return FALSE;

  return iface->can_embed == NULL || iface->can_embed (self);
}

/* Returns (transfer full) one GArray of float per text, in order. */
GPtrArray *
terra_provider_embed (TerraProvider       *self,
                      const char * const  *texts,
                      GCancellable        *cancellable,
                      GError             **error)
{
  g_return_val_if_fail (TERRA_IS_PROVIDER (self), NULL);
  g_return_val_if_fail (texts != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!terra_provider_can_embed (self))
    {
      g_set_error (error, TERRA_PROVIDER_ERROR, TERRA_PROVIDER_ERROR_INVALID_REQUEST,
                   _("The provider “%s” offers no embeddings as set up"),
                   terra_provider_get_name (self));
      return NULL;
    }

  if (!check_cancelled (cancellable, error))
    return NULL;

  return TERRA_PROVIDER_GET_IFACE (self)->embed (self, texts, cancellable, error);
}

/* Makes the smallest real request the provider takes, so the owner learns
 * what is wrong: no key, wrong key, unknown model, unreachable, timeout. */
gboolean
terra_provider_test_connection (TerraProvider  *self,
                                GCancellable   *cancellable,
                                GError        **error)
{
  g_return_val_if_fail (TERRA_IS_PROVIDER (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_cancelled (cancellable, error))
    return FALSE;

  return TERRA_PROVIDER_GET_IFACE (self)->test_connection (self, cancellable, error);
}

/* Returns (transfer full) a tool description; parameters_schema is JSON
 * Schema text (an empty object schema when NULL). */
TerraToolSpec *
terra_tool_spec_new (const char *name,
                     const char *description,
                     const char *parameters_schema)
{
  TerraToolSpec *spec;

  g_return_val_if_fail (name != NULL, NULL);

  spec = g_new0 (TerraToolSpec, 1);
  spec->name = g_strdup (name);
  spec->description = g_strdup (description != NULL ? description : "");
  spec->parameters_schema = g_strdup (parameters_schema != NULL
                                      ? parameters_schema
                                      : "{\"type\":\"object\",\"properties\":{}}");
  return spec;
}

void
terra_tool_spec_free (TerraToolSpec *spec)
{
  if (spec == NULL)
    return;

  g_free (spec->name);
  g_free (spec->description);
  g_free (spec->parameters_schema);
  g_free (spec);
}

/* Returns (transfer full) a tool call; arguments NULL means "{}". */
TerraToolCall *
terra_tool_call_new (const char *id,
                     const char *name,
                     const char *arguments)
{
  TerraToolCall *call = g_new0 (TerraToolCall, 1);

  call->id = g_strdup (id);
  call->name = g_strdup (name);
  call->arguments = g_strdup (arguments != NULL ? arguments : "{}");
  return call;
}

TerraToolCall *
terra_tool_call_copy (const TerraToolCall *call)
{
  TerraToolCall *copy;

  g_return_val_if_fail (call != NULL, NULL);

  copy = terra_tool_call_new (call->id, call->name, call->arguments);
  copy->signature = g_strdup (call->signature);
  return copy;
}

void
terra_tool_call_free (TerraToolCall *call)
{
  if (call == NULL)
    return;

  g_free (call->id);
  g_free (call->name);
  g_free (call->arguments);
  g_free (call->signature);
  g_free (call);
}

/* Returns (transfer full) a message; content may be NULL for an assistant
 * turn of only tool calls. */
TerraChatMessage *
terra_chat_message_new (TerraChatRole  role,
                        const char    *content)
{
  TerraChatMessage *message = g_new0 (TerraChatMessage, 1);

  message->role = role;
  message->content = g_strdup (content);
  return message;
}

/* Returns (transfer full) the TOOL turn answering the call tool_call_id of
 * the tool tool_name. */
TerraChatMessage *
terra_chat_message_new_tool_result (const char *tool_call_id,
                                    const char *tool_name,
                                    const char *content,
                                    gboolean    is_error)
{
  TerraChatMessage *message;

  g_return_val_if_fail (tool_call_id != NULL, NULL);

  message = terra_chat_message_new (TERRA_CHAT_ROLE_TOOL, content != NULL ? content : "");
  message->tool_call_id = g_strdup (tool_call_id);
  message->tool_name = g_strdup (tool_name);
  message->is_error = !!is_error;
  return message;
}

/* Appends call (transfer full) to an assistant turn. */
void
terra_chat_message_add_tool_call (TerraChatMessage *message,
                                  TerraToolCall    *call)
{
  g_return_if_fail (message != NULL);
  g_return_if_fail (call != NULL);

  if (message->tool_calls == NULL)
    message->tool_calls = g_ptr_array_new_with_free_func ((GDestroyNotify)terra_tool_call_free);
  g_ptr_array_add (message->tool_calls, call);
}

void
terra_chat_message_free (TerraChatMessage *message)
{
  if (message == NULL)
    return;

  g_free (message->content);
  g_clear_pointer (&message->tool_calls, g_ptr_array_unref);
  g_free (message->tool_call_id);
  g_free (message->tool_name);
  g_free (message);
}

/* Returns (transfer full) an empty request with the providers' defaults
 * for length and temperature. */
TerraChatRequest *
terra_chat_request_new (void)
{
  TerraChatRequest *request = g_new0 (TerraChatRequest, 1);

  request->messages = g_ptr_array_new_with_free_func ((GDestroyNotify)terra_chat_message_free);
  request->tools = g_ptr_array_new_with_free_func ((GDestroyNotify)terra_tool_spec_free);
  request->max_tokens = 0;
  request->temperature = -1.0;
  return request;
}

/* Appends message (transfer full). */
void
terra_chat_request_add_message (TerraChatRequest *request,
                                TerraChatMessage *message)
{
  g_return_if_fail (request != NULL);
  g_return_if_fail (message != NULL);

  g_ptr_array_add (request->messages, message);
}

void
terra_chat_request_free (TerraChatRequest *request)
{
  if (request == NULL)
    return;

  g_clear_pointer (&request->messages, g_ptr_array_unref);
  g_clear_pointer (&request->tools, g_ptr_array_unref);
  g_free (request);
}

/* Returns (transfer full) an empty reply. */
TerraChatResponse *
terra_chat_response_new (void)
{
  TerraChatResponse *response = g_new0 (TerraChatResponse, 1);

  response->text = g_strdup ("");
  response->tool_calls = g_ptr_array_new_with_free_func ((GDestroyNotify)terra_tool_call_free);
  return response;
}

void
terra_chat_response_free (TerraChatResponse *response)
{
  if (response == NULL)
    return;

  g_free (response->text);
  g_clear_pointer (&response->tool_calls, g_ptr_array_unref);
  g_free (response->finish_reason);
  g_free (response);
}
