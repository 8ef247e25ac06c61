/* terra-provider.h — what writes the assistant's replies: an LLM behind an
 * HTTP API, or the built-in offline engine
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every call is synchronous and runs on an orchestrator worker thread,
 * with that worker's own HTTP session; the UI never calls a provider on
 * the main thread.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define TERRA_PROVIDER_ERROR (terra_provider_error_quark ())

typedef enum
{
  TERRA_PROVIDER_ERROR_NO_KEY,         /* no key in the keyring or environment */
  TERRA_PROVIDER_ERROR_UNAUTHORIZED,   /* 401/403: wrong key */
  TERRA_PROVIDER_ERROR_UNKNOWN_MODEL,  /* 404 or the API says so */
  TERRA_PROVIDER_ERROR_UNREACHABLE,    /* no connection */
  TERRA_PROVIDER_ERROR_TIMEOUT,
  TERRA_PROVIDER_ERROR_RATE_LIMITED,   /* 429 still after the retries */
  TERRA_PROVIDER_ERROR_QUOTA,          /* out of credit: retrying won't help */
  TERRA_PROVIDER_ERROR_SERVER,         /* 5xx still after the retries */
  TERRA_PROVIDER_ERROR_BAD_RESPONSE,   /* malformed JSON, a cut stream */
  TERRA_PROVIDER_ERROR_CANCELLED,
  TERRA_PROVIDER_ERROR_INVALID_REQUEST, /* 400/413/422: the provider refused the
                                         * request itself (too long, a schema it
                                         * does not take); retrying won't help */
} TerraProviderError;

typedef enum
{
  TERRA_CHAT_ROLE_SYSTEM,
  TERRA_CHAT_ROLE_USER,
  TERRA_CHAT_ROLE_ASSISTANT,
  TERRA_CHAT_ROLE_TOOL,
} TerraChatRole;

/* A tool the model may call; parameters_schema is a JSON Schema object. */
typedef struct
{
  char *name;
  char *description;
  char *parameters_schema;
} TerraToolSpec;

/* A call the model made; arguments is JSON text exactly as received (it
 * may be malformed: the caller validates it). signature is opaque data the
 * provider wants back unchanged with the call in the next request (Gemini's
 * thoughtSignature); NULL for most. */
typedef struct
{
  char *id;
  char *name;
  char *arguments;
  char *signature;
} TerraToolCall;

typedef struct
{
  TerraChatRole  role;
  char          *content;       /* NULL for an assistant turn of only tool calls */
  GPtrArray     *tool_calls;    /* TerraToolCall, assistant turns; may be NULL */
  char          *tool_call_id;  /* TOOL turns: the call answered */
  char          *tool_name;     /* TOOL turns: its name (Gemini needs it) */
  gboolean       is_error;      /* TOOL turns: the tool failed */
} TerraChatMessage;

typedef struct
{
  GPtrArray *messages;     /* TerraChatMessage */
  GPtrArray *tools;        /* TerraToolSpec; may be empty */
  int        max_tokens;   /* 0: the provider's default */
  double     temperature;  /* negative: the provider's default */
} TerraChatRequest;

/* finish_reason is one vocabulary whatever the provider: "stop", "length",
 * "tool_calls" (whenever tool_calls is not empty, whatever the provider
 * said), "content_filter", or the provider's own word in lower case. */
typedef struct
{
  char      *text;           /* may be empty when only tools were called */
  GPtrArray *tool_calls;     /* TerraToolCall; never NULL */
  char      *finish_reason;
  int        prompt_tokens;
  int        completion_tokens;
} TerraChatResponse;

/* Called with each piece of text as it streams in, on the calling thread. */
typedef void (*TerraTextDeltaFunc) (const char *delta,
                                    gpointer    user_data);

#define TERRA_TYPE_PROVIDER (terra_provider_get_type ())

G_DECLARE_INTERFACE (TerraProvider, terra_provider, TERRA, PROVIDER, GObject)

struct _TerraProviderInterface
{
  GTypeInterface parent_iface;

  const char        *(*get_name)        (TerraProvider           *self);
  TerraChatResponse *(*chat)            (TerraProvider           *self,
                                         const TerraChatRequest  *request,
                                         TerraTextDeltaFunc       on_delta,
                                         gpointer                 user_data,
                                         GCancellable            *cancellable,
                                         GError                 **error);
  /* Optional: NULL where the provider has no embeddings. Returns one
   * float array (GArray of float) per text. */
  GPtrArray         *(*embed)           (TerraProvider           *self,
                                         const char * const      *texts,
                                         GCancellable            *cancellable,
                                         GError                 **error);
  gboolean           (*test_connection) (TerraProvider           *self,
                                         GCancellable            *cancellable,
                                         GError                 **error);
  /* Optional: whether embed() can work as configured (an OpenAI-compatible
   * server without an embedding model cannot); defaults to embed != NULL. */
  gboolean           (*can_embed)       (TerraProvider           *self);
};

GQuark             terra_provider_error_quark      (void);

const char        *terra_provider_get_name         (TerraProvider           *self);
TerraChatResponse *terra_provider_chat             (TerraProvider           *self,
                                                    const TerraChatRequest  *request,
                                                    TerraTextDeltaFunc       on_delta,
                                                    gpointer                 user_data,
                                                    GCancellable            *cancellable,
                                                    GError                 **error);
gboolean           terra_provider_can_embed        (TerraProvider           *self);
GPtrArray         *terra_provider_embed            (TerraProvider           *self,
                                                    const char * const      *texts,
                                                    GCancellable            *cancellable,
                                                    GError                 **error);
gboolean           terra_provider_test_connection  (TerraProvider           *self,
                                                    GCancellable            *cancellable,
                                                    GError                 **error);

TerraToolSpec     *terra_tool_spec_new             (const char              *name,
                                                    const char              *description,
                                                    const char              *parameters_schema);
void               terra_tool_spec_free            (TerraToolSpec           *spec);
TerraToolCall     *terra_tool_call_new             (const char              *id,
                                                    const char              *name,
                                                    const char              *arguments);
TerraToolCall     *terra_tool_call_copy            (const TerraToolCall     *call);
void               terra_tool_call_free            (TerraToolCall           *call);
TerraChatMessage  *terra_chat_message_new          (TerraChatRole            role,
                                                    const char              *content);
TerraChatMessage  *terra_chat_message_new_tool_result (const char           *tool_call_id,
                                                    const char              *tool_name,
                                                    const char              *content,
                                                    gboolean                 is_error);
void               terra_chat_message_add_tool_call (TerraChatMessage       *message,
                                                    TerraToolCall           *call);
void               terra_chat_message_free         (TerraChatMessage        *message);
TerraChatRequest  *terra_chat_request_new          (void);
void               terra_chat_request_add_message  (TerraChatRequest        *request,
                                                    TerraChatMessage        *message);
void               terra_chat_request_free         (TerraChatRequest        *request);
TerraChatResponse *terra_chat_response_new         (void);
void               terra_chat_response_free        (TerraChatResponse       *response);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TerraToolSpec, terra_tool_spec_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TerraToolCall, terra_tool_call_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TerraChatMessage, terra_chat_message_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TerraChatRequest, terra_chat_request_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TerraChatResponse, terra_chat_response_free)

G_END_DECLS
