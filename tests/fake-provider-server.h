/* fake-provider-server.h — a local HTTP server that answers like an LLM
 * provider, failures included
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * It listens on 127.0.0.1 on a free port, in its own thread with its own
 * GMainContext, so a test can make blocking provider calls on its own
 * thread as an orchestrator worker does. Each test queues the answers it
 * wants, in order, and afterwards reads the requests the server received.
 */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

typedef enum
{
  FAKE_END_COMPLETE,   /* the answer ends normally */
  FAKE_END_STALL,      /* the chunks are sent, then nothing, the connection held open */
  FAKE_END_RESET,      /* the chunks are sent, then the connection closes mid-body */
  FAKE_END_NO_ANSWER,  /* the request is read and never answered, not even headers */
} FakeEnding;

typedef struct
{
  char               *method;
  char               *path;
  char               *query;     /* NULL when none */
  SoupMessageHeaders *headers;
  char               *body;
  gint64              time;      /* g_get_monotonic_time() on arrival */
} FakeRequest;

typedef struct _FakeProviderServer FakeProviderServer;

FakeProviderServer *fake_provider_server_new              (void);
void                fake_provider_server_free             (FakeProviderServer  *self);
char               *fake_provider_server_get_url          (FakeProviderServer  *self,
                                                           const char          *path);

/* headers: "Name: value" lines separated by "\n"; may be NULL. Each chunk
 * is written as one piece (one HTTP chunk when there are several). */
void                fake_provider_server_queue            (FakeProviderServer  *self,
                                                           guint                status,
                                                           const char          *content_type,
                                                           const char          *headers,
                                                           const char * const  *chunks,
                                                           FakeEnding           ending);
void                fake_provider_server_queue_json       (FakeProviderServer  *self,
                                                           guint                status,
                                                           const char          *headers,
                                                           const char          *json);
void                fake_provider_server_queue_sse        (FakeProviderServer  *self,
                                                           const char * const  *events,
                                                           FakeEnding           ending);
/* The answer given once the queue is empty ("500 forever"). */
void                fake_provider_server_set_fallback_json (FakeProviderServer *self,
                                                           guint                status,
                                                           const char          *headers,
                                                           const char          *json);

guint               fake_provider_server_get_n_requests   (FakeProviderServer  *self);
const FakeRequest  *fake_provider_server_get_request      (FakeProviderServer  *self,
                                                           guint                index);
const char         *fake_request_get_header               (const FakeRequest   *request,
                                                           const char          *name);
JsonNode           *fake_request_get_json                 (const FakeRequest   *request);

/* The exact wire formats of a streamed text reply: one string per event,
 * each with its own blank-line ending. */
GStrv               fake_openai_text_events               (const char * const  *pieces,
                                                           int                  prompt_tokens,
                                                           int                  completion_tokens);
GStrv               fake_anthropic_text_events            (const char * const  *pieces,
                                                           int                  input_tokens,
                                                           int                  output_tokens);
GStrv               fake_gemini_text_events               (const char * const  *pieces,
                                                           int                  prompt_tokens,
                                                           int                  candidates_tokens);

/* The exact wire formats of error bodies. */
char               *fake_openai_error_body                (const char          *message,
                                                           const char          *type,
                                                           const char          *code);
char               *fake_anthropic_error_body             (const char          *type,
                                                           const char          *message);
char               *fake_gemini_error_body                (int                  code,
                                                           const char          *status,
                                                           const char          *message,
                                                           const char          *detail_json);

char               *fake_json_quote                       (const char          *text);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FakeProviderServer, fake_provider_server_free)

G_END_DECLS
