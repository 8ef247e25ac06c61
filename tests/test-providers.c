/* test-providers.c — the LLM providers against a fake server speaking
 * their wire formats, failures included; the SSE framing; the factory
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The provider calls run on the test's thread, as on an orchestrator
 * worker; the fake server answers from its own thread. Backoff is scaled
 * down so the retry tests take milliseconds, except where a test asserts
 * that the server's own Retry-After was honoured.
 */

#include "config.h"

#include "fake-provider-server.h"
#include "terra-anthropic-provider.h"
#include "terra-gemini-provider.h"
#include "terra-openai-provider.h"
#include "terra-provider-factory.h"
#include "terra-sse-parser.h"
#include "terra-test-utils.h"

#define TEST_KEY       "sk-test-0123456789"
#define BACKOFF_SCALE  0.01

/* ------------------------------------------------------------------ */
/* SSE framing                                                         */
/* ------------------------------------------------------------------ */

/* Returns (transfer full) the events of stream fed in the given pieces,
 * each as "event|data|id". */
static GPtrArray *
parse_pieces (const char * const *pieces,
              const gsize        *lengths)
{
  g_autoptr(TerraSseParser) parser = terra_sse_parser_new ();
  GPtrArray *events = g_ptr_array_new_with_free_func (g_free);
  TerraSseEvent *event;

  for (guint i = 0; pieces[i] != NULL; i++)
    {
      terra_sse_parser_feed (parser, pieces[i], lengths[i]);
      while ((event = terra_sse_parser_next (parser)) != NULL)
        {
          g_ptr_array_add (events, g_strdup_printf ("%s|%s|%s", event->event, event->data,
                                                    event->id != NULL ? event->id : ""));
          terra_sse_event_free (event);
        }
    }

  terra_sse_parser_finish (parser);
  while ((event = terra_sse_parser_next (parser)) != NULL)
    {
      g_ptr_array_add (events, g_strdup_printf ("%s|%s|%s", event->event, event->data,
                                                event->id != NULL ? event->id : ""));
      terra_sse_event_free (event);
    }

  return events;
}

static GPtrArray *
parse_split (const char *stream,
             gsize       at)
{
  gsize length = strlen (stream);
  const char *pieces[] = { stream, stream + at, NULL };
  gsize lengths[] = { at, length - at };

  return parse_pieces (pieces, lengths);
}

static GPtrArray *
parse_whole (const char *stream)
{
  return parse_split (stream, strlen (stream));
}

static void
assert_events (GPtrArray          *events,
               const char * const *expected)
{
  for (guint i = 0; i < events->len && expected[i] != NULL; i++)
    g_assert_cmpstr (g_ptr_array_index (events, i), ==, expected[i]);
  g_assert_cmpuint (events->len, ==, g_strv_length ((char **)expected));
}

/* Every framing at once: a byte-order mark, LF, CRLF and CR line ends,
 * comments, names, ids, several data lines, a field without a colon, an
 * event without data. */
static const char mixed_stream[] =
  "\xEF\xBB\xBF: keep-alive\n"
  "\n"
  "event: message_start\n"
  "data: {\"type\":\"message_start\"}\n"
  "\n"
  "data:no space\r\n"
  "data:  two spaces\r\n"
  "\r\n"
  ": OPENROUTER PROCESSING\r"
  "\r"
  "id: 7\r"
  "data: après\r"
  "\r"
  "event: lonely\n"
  "\n"
  "data\n"
  "\n"
  "data: [DONE]\n\n";

static const char * const mixed_events[] = {
  "message_start|{\"type\":\"message_start\"}|",
  "message|no space\n two spaces|",
  "message|après|7",
  "message||7",
  "message|[DONE]|7",
  NULL
};

static void
test_sse_split_anywhere (void)
{
  gsize length = strlen (mixed_stream);

  for (gsize at = 0; at <= length; at++)
    {
      g_autoptr(GPtrArray) events = parse_split (mixed_stream, at);

      assert_events (events, mixed_events);
    }

  /* One byte at a time. */
  {
    g_autoptr(TerraSseParser) parser = terra_sse_parser_new ();
    g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func (g_free);
    TerraSseEvent *event;

    for (gsize i = 0; i < length; i++)
      terra_sse_parser_feed (parser, mixed_stream + i, 1);
    g_assert_true (terra_sse_parser_finish (parser));
    while ((event = terra_sse_parser_next (parser)) != NULL)
      {
        g_ptr_array_add (events, g_strdup_printf ("%s|%s|%s", event->event, event->data,
                                                  event->id != NULL ? event->id : ""));
        terra_sse_event_free (event);
      }
    assert_events (events, mixed_events);
  }
}

static void
test_sse_comments (void)
{
  g_autoptr(GPtrArray) only_comments = parse_whole (": ping\n\n:\n\n: OPENROUTER PROCESSING\n\n");
  g_autoptr(GPtrArray) mixed = parse_whole (": OPENROUTER PROCESSING\n\n"
                                            "data: {\"a\":1}\n"
                                            ": a comment inside an event\n"
                                            "data: {\"b\":2}\n\n");
  const char * const expected[] = { "message|{\"a\":1}\n{\"b\":2}|", NULL };

  g_assert_cmpuint (only_comments->len, ==, 0);
  assert_events (mixed, expected);
}

static void
test_sse_line_endings (void)
{
  const char * const streams[] = {
    "event: a\ndata: 1\n\ndata: 2\ndata: 3\n\n",
    "event: a\r\ndata: 1\r\n\r\ndata: 2\r\ndata: 3\r\n\r\n",
    "event: a\rdata: 1\r\rdata: 2\rdata: 3\r\r",
    NULL
  };
  const char * const expected[] = { "a|1|", "message|2\n3|", NULL };

  for (guint i = 0; streams[i] != NULL; i++)
    {
      gsize length = strlen (streams[i]);

      for (gsize at = 0; at <= length; at++)
        {
          g_autoptr(GPtrArray) events = parse_split (streams[i], at);

          assert_events (events, expected);
        }
    }
}

/* A stream that ends without its blank line still yields its last event;
 * finish() says it was left unterminated. */
static void
test_sse_unterminated (void)
{
  g_autoptr(TerraSseParser) parser = terra_sse_parser_new ();
  g_autoptr(TerraSseEvent) event = NULL;

  terra_sse_parser_feed (parser, "data: [DONE]", strlen ("data: [DONE]"));
  g_assert_null (terra_sse_parser_next (parser));
  g_assert_false (terra_sse_parser_finish (parser));

  event = terra_sse_parser_next (parser);
  g_assert_nonnull (event);
  g_assert_cmpstr (event->data, ==, "[DONE]");
  g_assert_cmpstr (event->event, ==, "message");
}

/* ------------------------------------------------------------------ */
/* What the three providers have in common                             */
/* ------------------------------------------------------------------ */

typedef enum
{
  FAIL_AUTH,
  FAIL_MODEL,
  FAIL_RATE,
  FAIL_SERVER,
  FAIL_UNAVAILABLE,
  FAIL_QUOTA,
} Failure;

typedef struct
{
  const char  *name;
  GType      (*get_type) (void);
  const char  *url_suffix;       /* the base URL under the server's */
  const char  *chat_path;
  const char  *chat_query;
  GStrv      (*text_events) (const char * const *pieces, int prompt, int completion);
  char      *(*error_body) (Failure failure, guint *status);
  void       (*assert_auth) (const FakeRequest *request, const char *key);
  const char  *error_event;      /* an error after HTTP 200 */
  const char  *malformed_event;
} Dialect;

static char *
openai_error (Failure  failure,
              guint   *status)
{
  switch (failure)
    {
    case FAIL_AUTH:
      *status = 401;
      return fake_openai_error_body ("Incorrect API key provided: sk-wrong. You can find your API "
                                     "key at https://platform.openai.com/account/api-keys.",
                                     "invalid_request_error", "invalid_api_key");
    case FAIL_MODEL:
      *status = 404;
      return fake_openai_error_body ("The model `fake-model` does not exist or you do not have "
                                     "access to it.", "invalid_request_error", "model_not_found");
    case FAIL_RATE:
      *status = 429;
      return fake_openai_error_body ("Rate limit reached for fake-model on requests per min (RPM): "
                                     "Limit 3, Used 3, Requested 1.", "requests", "rate_limit_exceeded");
    case FAIL_SERVER:
      *status = 500;
      return fake_openai_error_body ("The server had an error while processing your request. "
                                     "Sorry about that!", "server_error", NULL);
    case FAIL_UNAVAILABLE:
      *status = 503;
      return fake_openai_error_body ("The engine is currently overloaded, please try again later.",
                                     "server_error", NULL);
    case FAIL_QUOTA:
      *status = 429;
      return fake_openai_error_body ("You exceeded your current quota, please check your plan and "
                                     "billing details.", "insufficient_quota", "insufficient_quota");
    default:
      g_assert_not_reached ();
    }
}

static char *
anthropic_error (Failure  failure,
                 guint   *status)
{
  switch (failure)
    {
    case FAIL_AUTH:
      *status = 401;
      return fake_anthropic_error_body ("authentication_error", "invalid x-api-key");
    case FAIL_MODEL:
      *status = 404;
      return fake_anthropic_error_body ("not_found_error", "model: fake-model");
    case FAIL_RATE:
      *status = 429;
      return fake_anthropic_error_body ("rate_limit_error", "Number of request tokens has exceeded "
                                        "your per-minute rate limit");
    case FAIL_SERVER:
      *status = 500;
      return fake_anthropic_error_body ("api_error", "Internal server error");
    case FAIL_UNAVAILABLE:
      *status = 503;
      return fake_anthropic_error_body ("overloaded_error", "Overloaded");
    case FAIL_QUOTA:
      *status = 400;
      return fake_anthropic_error_body ("invalid_request_error", "Your credit balance is too low to "
                                        "access the Anthropic API. Please go to Plans & Billing to "
                                        "upgrade or purchase credits.");
    default:
      g_assert_not_reached ();
    }
}

static char *
gemini_error (Failure  failure,
              guint   *status)
{
  switch (failure)
    {
    case FAIL_AUTH:
      *status = 400;
      return fake_gemini_error_body (400, "INVALID_ARGUMENT", "API key not valid. Please pass a valid API key.",
                                     "[{\"@type\": \"type.googleapis.com/google.rpc.ErrorInfo\","
                                     "\"reason\": \"API_KEY_INVALID\",\"domain\": \"googleapis.com\","
                                     "\"metadata\": {\"service\": \"generativelanguage.googleapis.com\"}}]");
    case FAIL_MODEL:
      {
        g_autofree char *body = fake_gemini_error_body (404, "NOT_FOUND",
                                                        "models/fake-model is not found for API version "
                                                        "v1beta, or is not supported for generateContent.",
                                                        NULL);

        /* Streaming endpoints wrap the error in an array. */
        *status = 404;
        return g_strdup_printf ("[%s]", body);
      }
    case FAIL_RATE:
      *status = 429;
      return fake_gemini_error_body (429, "RESOURCE_EXHAUSTED", "Resource has been exhausted (e.g. check quota).", NULL);
    case FAIL_SERVER:
      *status = 500;
      return fake_gemini_error_body (500, "INTERNAL", "An internal error has occurred.", NULL);
    case FAIL_UNAVAILABLE:
      *status = 503;
      return fake_gemini_error_body (503, "UNAVAILABLE", "The model is overloaded. Please try again later.", NULL);
    case FAIL_QUOTA:
      *status = 429;
      return fake_gemini_error_body (429, "RESOURCE_EXHAUSTED",
                                     "You exceeded your current quota, please check your plan and billing details.",
                                     "[{\"@type\": \"type.googleapis.com/google.rpc.QuotaFailure\","
                                     "\"violations\": [{\"quotaMetric\": \"generativelanguage.googleapis.com/"
                                     "generate_content_free_tier_requests\",\"quotaId\": "
                                     "\"GenerateRequestsPerDayPerProjectPerModel-FreeTier\"}]},"
                                     "{\"@type\": \"type.googleapis.com/google.rpc.RetryInfo\",\"retryDelay\": \"3s\"}]");
    default:
      g_assert_not_reached ();
    }
}

static void
openai_assert_auth (const FakeRequest *request,
                    const char        *key)
{
  g_autofree char *expected = g_strconcat ("Bearer ", key, NULL);

  g_assert_cmpstr (fake_request_get_header (request, "Authorization"), ==, expected);
  g_assert_cmpstr (fake_request_get_header (request, "Content-Type"), ==, "application/json");
}

static void
anthropic_assert_auth (const FakeRequest *request,
                       const char        *key)
{
  g_assert_cmpstr (fake_request_get_header (request, "x-api-key"), ==, key);
  g_assert_cmpstr (fake_request_get_header (request, "anthropic-version"), ==, "2023-06-01");
  g_assert_null (fake_request_get_header (request, "Authorization"));
}

static void
gemini_assert_auth (const FakeRequest *request,
                    const char        *key)
{
  g_assert_cmpstr (fake_request_get_header (request, "x-goog-api-key"), ==, key);
  /* Never in the URL, which ends up in logs. */
  g_assert_true (request->query == NULL || strstr (request->query, "key=") == NULL);
}

static const Dialect openai_dialect = {
  .name = "openai",
  .get_type = terra_openai_provider_get_type,
  .url_suffix = "/v1",
  .chat_path = "/v1/chat/completions",
  .chat_query = NULL,
  .text_events = fake_openai_text_events,
  .error_body = openai_error,
  .assert_auth = openai_assert_auth,
  .error_event = "data: {\"error\":{\"message\":\"The server had an error while processing your request.\","
                 "\"type\":\"server_error\",\"param\":null,\"code\":null}}\n\n",
  .malformed_event = "data: {\"id\":\"chatcmpl-fake\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hel}\n\n",
};

static const Dialect anthropic_dialect = {
  .name = "anthropic",
  .get_type = terra_anthropic_provider_get_type,
  .url_suffix = "",
  .chat_path = "/v1/messages",
  .chat_query = NULL,
  .text_events = fake_anthropic_text_events,
  .error_body = anthropic_error,
  .assert_auth = anthropic_assert_auth,
  .error_event = "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\","
                 "\"message\":\"Overloaded\"}}\n\n",
  .malformed_event = "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
                     "\"delta\":{\"type\":\"text_delta\",\"text\":\"Hel}\n\n",
};

static const Dialect gemini_dialect = {
  .name = "gemini",
  .get_type = terra_gemini_provider_get_type,
  .url_suffix = "/v1beta",
  .chat_path = "/v1beta/models/fake-model:streamGenerateContent",
  .chat_query = "alt=sse",
  .text_events = fake_gemini_text_events,
  .error_body = gemini_error,
  .assert_auth = gemini_assert_auth,
  .error_event = "data: {\"error\": {\"code\": 503,\"message\": \"The model is overloaded.\","
                 "\"status\": \"UNAVAILABLE\"}}\r\n\r\n",
  .malformed_event = "data: {\"candidates\": [{\"content\": {\"parts\": [{\"text\": \"Hel}\r\n\r\n",
};

static const char * const text_pieces[] = { "Namaste! ", "The 2BHK is ", "still available", " — when can you visit?", NULL };
#define TEXT_WHOLE "Namaste! The 2BHK is still available — when can you visit?"

typedef struct
{
  FakeProviderServer *server;
  TerraProvider      *provider;
  const Dialect      *dialect;
  GPtrArray          *deltas;
} Fixture;

static TerraProvider *
make_provider (const Dialect      *dialect,
               FakeProviderServer *server,
               const char         *key)
{
  g_autofree char *url = fake_provider_server_get_url (server, dialect->url_suffix);

  return g_object_new (dialect->get_type (),
                       "base-url", url,
                       "model", "fake-model",
                       "api-key", key,
                       "timeout", 5,
                       "backoff-scale", BACKOFF_SCALE,
                       NULL);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->dialect = data;
  fixture->server = fake_provider_server_new ();
  fixture->provider = make_provider (fixture->dialect, fixture->server, TEST_KEY);
  fixture->deltas = g_ptr_array_new_with_free_func (g_free);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->provider);
  g_clear_pointer (&fixture->server, fake_provider_server_free);
  g_clear_pointer (&fixture->deltas, g_ptr_array_unref);
}

static void
collect_delta (const char *delta,
               gpointer    user_data)
{
  g_ptr_array_add (user_data, g_strdup (delta));
}

static TerraChatRequest *
simple_request (void)
{
  TerraChatRequest *request = terra_chat_request_new ();

  terra_chat_request_add_message (request, terra_chat_message_new (TERRA_CHAT_ROLE_SYSTEM,
                                                                   "You are Asha, the assistant of Green Homes."));
  terra_chat_request_add_message (request, terra_chat_message_new (TERRA_CHAT_ROLE_USER,
                                                                   "Is the 2BHK still available?"));
  return request;
}

static TerraChatResponse *
chat (Fixture       *fixture,
      GCancellable  *cancellable,
      GError       **error)
{
  g_autoptr(TerraChatRequest) request = simple_request ();

  return terra_provider_chat (fixture->provider, request, collect_delta, fixture->deltas,
                              cancellable, error);
}

static void
queue_failure (Fixture    *fixture,
               Failure     failure,
               const char *headers)
{
  guint status = 0;
  g_autofree char *body = fixture->dialect->error_body (failure, &status);

  fake_provider_server_queue_json (fixture->server, status, headers, body);
}

static void
queue_text (Fixture *fixture)
{
  g_auto(GStrv) events = fixture->dialect->text_events (text_pieces, 12, 17);

  fake_provider_server_queue_sse (fixture->server, (const char * const *)events, FAKE_END_COMPLETE);
}

/* The first n events of a text reply, then the ending. */
static void
queue_text_prefix (Fixture    *fixture,
                   guint       n,
                   FakeEnding  ending)
{
  g_auto(GStrv) events = fixture->dialect->text_events (text_pieces, 12, 17);

  g_assert_cmpuint (n, <, g_strv_length (events));
  g_clear_pointer (&events[n], g_free);
  for (guint i = n + 1; events[i] != NULL; i++)
    g_clear_pointer (&events[i], g_free);
  fake_provider_server_queue_sse (fixture->server, (const char * const *)events, ending);
}

static void
test_text_stream (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(TerraChatResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) body = NULL;
  const FakeRequest *request;

  queue_text (fixture);
  response = chat (fixture, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (response);

  /* Whole, in order, piece by piece. */
  g_assert_cmpuint (fixture->deltas->len, ==, g_strv_length ((char **)text_pieces));
  for (guint i = 0; text_pieces[i] != NULL; i++)
    g_assert_cmpstr (g_ptr_array_index (fixture->deltas, i), ==, text_pieces[i]);
  g_assert_cmpstr (response->text, ==, TEXT_WHOLE);
  g_assert_cmpuint (response->tool_calls->len, ==, 0);
  g_assert_cmpstr (response->finish_reason, ==, "stop");
  g_assert_cmpint (response->prompt_tokens, ==, 12);
  g_assert_cmpint (response->completion_tokens, ==, 17);

  g_assert_cmpuint (fake_provider_server_get_n_requests (fixture->server), ==, 1);
  request = fake_provider_server_get_request (fixture->server, 0);
  g_assert_cmpstr (request->method, ==, "POST");
  g_assert_cmpstr (request->path, ==, fixture->dialect->chat_path);
  g_assert_cmpstr (request->query, ==, fixture->dialect->chat_query);
  fixture->dialect->assert_auth (request, TEST_KEY);

  body = fake_request_get_json (request);
  if (fixture->dialect == &openai_dialect)
    {
      JsonObject *object = json_node_get_object (body);

      g_assert_true (json_object_get_boolean_member (object, "stream"));
      g_assert_true (json_object_get_boolean_member (json_object_get_object_member (object, "stream_options"),
                                                     "include_usage"));
      g_assert_false (json_object_has_member (object, "tools"));
    }
  else if (fixture->dialect == &anthropic_dialect)
    {
      g_assert_true (json_object_get_boolean_member (json_node_get_object (body), "stream"));
    }
}

static void
test_retry_after (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(TerraChatResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  gint64 waited;

  queue_failure (fixture, FAIL_RATE, "Retry-After: 1");
  queue_text (fixture);

  response = chat (fixture, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (response->text, ==, TEXT_WHOLE);

  /* Retried once, and not before the server said (the backoff scale
   * would have made it milliseconds). */
  g_assert_cmpuint (fake_provider_server_get_n_requests (fixture->server), ==, 2);
  waited = fake_provider_server_get_request (fixture->server, 1)->time -
           fake_provider_server_get_request (fixture->server, 0)->time;
  g_assert_cmpint (waited, >=, G_USEC_PER_SEC);
  g_assert_cmpint (waited, <, 3 * G_USEC_PER_SEC);
}

static void
test_unavailable_then_ok (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(TerraChatResponse) response = NULL;
  g_autoptr(GError) error = NULL;

  queue_failure (fixture, FAIL_UNAVAILABLE, NULL);
  queue_text (fixture);

  response = chat (fixture, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (response->text, ==, TEXT_WHOLE);
  g_assert_cmpuint (fake_provider_server_get_n_requests (fixture->server), ==, 2);
}

static void
test_server_error_forever (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(TerraChatResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *body = NULL;
  guint status = 0;

  body = fixture->dialect->error_body (FAIL_SERVER, &status);
  fake_provider_server_set_fallback_json (fixture->server, status, NULL, body);

  response = chat (fixture, NULL, &error);
  g_assert_error (error, TERRA_PROVIDER_ERROR, TERRA_PROVIDER_ERROR_SERVER);
  g_assert_null (response);
  /* The first try and two retries, then it gives up. */
  g_assert_cmpuint (fake_provider_server_get_n_requests (fixture->server), ==, 3);
  g_assert_cmpuint (fixture->deltas->len, ==, 0);
}

static void
test_rate_limited_forever (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(TerraChatResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *body = NULL;
  guint status = 0;

  body = fixture->dialect->error_body (FAIL_RATE, &status);
  fake_provider_server_set_fallback_json (fixture->server, status, NULL, body);

  response = chat (fixture, NULL, &error);
  g_assert_error (error, TERRA_PROVIDER_ERROR, TERRA_PROVIDER_ERROR_RATE_LIMITED);
  g_assert_cmpuint (fake_provider_server_get_n_requests (fixture->server), ==, 3);
}

static void
test_stall_before_headers (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(TerraChatResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start;

  g_clear_object (&fixture->provider);
  fixture->provider = make_provider (fixture->dialect, fixture->server, TEST_KEY);
  g_object_set (fixture->provider, "timeout", 1, NULL);
  fake_provider_server_queue (fixture->server, 200, NULL, NULL, NULL, FAKE_END_NO_ANSWER);

  start = g_get_monotonic_time ();
  response = chat (fixture, NULL, &error);
  g_assert_error (error, TERRA_PROVIDER_ERROR, TERRA_PROVIDER_ERROR_TIMEOUT);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 3 * G_USEC_PER_SEC);
  g_assert_cmpuint (fake_provider_server_get_n_requests (fixture->server), ==, 1);
}

static void
test_stall_mid_stream (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(TerraChatResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start;

  g_clear_object (&fixture->provider);
  fixture->provider = make_provider (fixture->dialect, fixture->server, TEST_KEY);
  g_object_set (fixture->provider, "timeout", 1, NULL);
  queue_text_prefix (fixture, 2, FAKE_END_STALL);

  start = g_get_monotonic_time ();
  response = chat (fixture, NULL, &error);
  g_assert_error (error, TERRA_PROVIDER_ERROR, TERRA_PROVIDER_ERROR_TIMEOUT);
  g_assert_null (response);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 3 * G_USEC_PER_SEC);
  /* Text had been shown: never sent again by a retry. */
  g_assert_cmpuint (fake_provider_server_get_n_requests (fixture->server), ==, 1);
}

static void
test_cut_stream (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(TerraChatResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) events = fixture->dialect->text_events (text_pieces, 12, 17);
  guint n = g_strv_length (events);

  /* Everything but the end marker (for Gemini: the finishReason chunk). */
  queue_text_prefix (fixture, n - 1, FAKE_END_COMPLETE);

  response = chat (fixture, NULL, &error);
  g_assert_error (error, TERRA_PROVIDER_ERROR, TERRA_PROVIDER_ERROR_BAD_RESPONSE);
  g_assert_null (response);
  g_assert_cmpuint (fake_provider_server_get_n_requests (fixture->server), ==, 1);
}

static void
test_reset_stream (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(TerraChatResponse) response = NULL;
  g_autoptr(GError) error = NULL;

  queue_text_prefix (fixture, 3, FAKE_END_RESET);

  response = chat (fixture, NULL, &error);
  g_assert_error (error, TERRA_PROVIDER_ERROR, TERRA_PROVIDER_ERROR_BAD_RESPONSE);
  g_assert_null (response);
}

static void
test_malformed_json (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(TerraChatResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) events = fixture->dialect->text_events (text_pieces, 12, 17);

  g_free (events[1]);
  events[1] = g_strdup (fixture->dialect->malformed_event);
  fake_provider_server_queue_sse (fixture->server, (const char * const *)events, FAKE_END_COMPLETE);

  response = chat (fixture, NULL, &error);
  g_assert_error (error, TERRA_PROVIDER_ERROR, TERRA_PROVIDER_ERROR_BAD_RESPONSE);
  g_assert_null (response);
}

static void
test_error_event (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(TerraChatResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) events = fixture->dialect->text_events (text_pieces, 12, 17);

  g_free (events[2]);
  events[2] = g_strdup (fixture->dialect->error_event);
  fake_provider_server_queue_sse (fixture->server, (const char * const *)events, FAKE_END_COMPLETE);

  response = chat (fixture, NULL, &error);
  g_assert_error (error, TERRA_PROVIDER_ERROR, TERRA_PROVIDER_ERROR_SERVER);
  g_assert_null (response);
  g_assert_cmpuint (fake_provider_server_get_n_requests (fixture->server), ==, 1);
}

static void
test_unauthorized (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(TerraChatResponse) response = NULL;
  g_autoptr(GError) error = NULL;

  queue_failure (fixture, FAIL_AUTH, NULL);

  response = chat (fixture, NULL, &error);
  g_assert_error (error, TERRA_PROVIDER_ERROR, TERRA_PROVIDER_ERROR_UNAUTHORIZED);
  g_assert_null (strstr (error->message, TEST_KEY));
  g_assert_cmpuint (fake_provider_server_get_n_requests (fixture->server), ==, 1);
}

static void
test_unknown_model (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(TerraChatResponse) response = NULL;
  g_autoptr(GError) error = NULL;

  queue_failure (fixture, FAIL_MODEL, NULL);

  response = chat (fixture, NULL, &error);
  g_assert_error (error, TERRA_PROVIDER_ERROR, TERRA_PROVIDER_ERROR_UNKNOWN_MODEL);
  g_assert_nonnull (strstr (error->message, "fake-model"));
  g_assert_cmpuint (fake_provider_server_get_n_requests (fixture->server), ==, 1);
}

static void
test_quota (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(TerraChatResponse) response = NULL;
  g_autoptr(GError) error = NULL;

  queue_failure (fixture, FAIL_QUOTA, "Retry-After: 1");
  queue_text (fixture);

  response = chat (fixture, NULL, &error);
  g_assert_error (error, TERRA_PROVIDER_ERROR, TERRA_PROVIDER_ERROR_QUOTA);
  /* Out of credit does not get better by asking again. */
  g_assert_cmpuint (fake_provider_server_get_n_requests (fixture->server), ==, 1);
}

/* The URL of a port where nothing listens any more. */
static char *
dead_url (const char *suffix)
{
  g_autoptr(FakeProviderServer) server = fake_provider_server_new ();

  return fake_provider_server_get_url (server, suffix);
}

static void
test_unreachable (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(TerraChatResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = dead_url (fixture->dialect->url_suffix);

  g_clear_object (&fixture->provider);
  fixture->provider = g_object_new (fixture->dialect->get_type (),
                                    "base-url", url, "model", "fake-model", "api-key", TEST_KEY,
                                    "timeout", 2, "backoff-scale", BACKOFF_SCALE, NULL);

  response = chat (fixture, NULL, &error);
  g_assert_error (error, TERRA_PROVIDER_ERROR, TERRA_PROVIDER_ERROR_UNREACHABLE);
  g_assert_null (response);
}

static gpointer
cancel_soon (gpointer data)
{
  g_usleep (300 * 1000);
  g_cancellable_cancel (data);
  return NULL;
}

static void
test_cancel (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(TerraChatResponse) response = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  GThread *thread;
  gint64 start;

  g_clear_object (&fixture->provider);
  fixture->provider = make_provider (fixture->dialect, fixture->server, TEST_KEY);
  g_object_set (fixture->provider, "timeout", 30, NULL);
  queue_text_prefix (fixture, 2, FAKE_END_STALL);

  start = g_get_monotonic_time ();
  thread = g_thread_new ("cancel", cancel_soon, cancellable);
  response = chat (fixture, cancellable, &error);
  g_thread_join (thread);

  g_assert_error (error, TERRA_PROVIDER_ERROR, TERRA_PROVIDER_ERROR_CANCELLED);
  g_assert_null (response);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
}

/* Cancelled while waiting to retry: no further request. */
static void
test_cancel_during_backoff (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(TerraChatResponse) response = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  GThread *thread;

  queue_failure (fixture, FAIL_RATE, "Retry-After: 30");
  queue_text (fixture);

  thread = g_thread_new ("cancel", cancel_soon, cancellable);
  response = chat (fixture, cancellable, &error);
  g_thread_join (thread);

  g_assert_error (error, TERRA_PROVIDER_ERROR, TERRA_PROVIDER_ERROR_CANCELLED);
  g_assert_cmpuint (fake_provider_server_get_n_requests (fixture->server), ==, 1);
}

static void
test_connection_verdicts (Fixture       *fixture,
                          gconstpointer  data)
{
  const Dialect *dialect = fixture->dialect;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = dead_url (dialect->url_suffix);
  g_autoptr(TerraProvider) keyless = make_provider (dialect, fixture->server, NULL);
  g_autoptr(TerraProvider) unreachable = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *server_body = NULL;
  guint n_before;
  guint status = 0;

  /* OK, with the smallest request that proves it. */
  queue_text (fixture);
  g_assert_true (terra_provider_test_connection (fixture->provider, NULL, &error));
  g_assert_no_error (error);
  body = fake_request_get_json (fake_provider_server_get_request (fixture->server, 0));
  if (dialect == &gemini_dialect)
    g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (json_node_get_object (body),
                                                                                "generationConfig"),
                                                 "maxOutputTokens"), ==, 1);
  else
    g_assert_cmpint (json_object_get_int_member (json_node_get_object (body), "max_tokens"), ==, 1);

  /* Wrong key. */
  queue_failure (fixture, FAIL_AUTH, NULL);
  g_assert_false (terra_provider_test_connection (fixture->provider, NULL, &error));
  g_assert_error (error, TERRA_PROVIDER_ERROR, TERRA_PROVIDER_ERROR_UNAUTHORIZED);
  g_clear_error (&error);

  /* Unknown model. */
  queue_failure (fixture, FAIL_MODEL, NULL);
  g_assert_false (terra_provider_test_connection (fixture->provider, NULL, &error));
  g_assert_error (error, TERRA_PROVIDER_ERROR, TERRA_PROVIDER_ERROR_UNKNOWN_MODEL);
  g_clear_error (&error);

  /* A server failure is reported at once, not retried. */
  n_before = fake_provider_server_get_n_requests (fixture->server);
  server_body = dialect->error_body (FAIL_SERVER, &status);
  fake_provider_server_queue_json (fixture->server, status, NULL, server_body);
  g_assert_false (terra_provider_test_connection (fixture->provider, NULL, &error));
  g_assert_error (error, TERRA_PROVIDER_ERROR, TERRA_PROVIDER_ERROR_SERVER);
  g_assert_cmpuint (fake_provider_server_get_n_requests (fixture->server), ==, n_before + 1);
  g_clear_error (&error);

  /* No key: the hosted APIs are not even asked; an OpenAI-compatible
   * server may take none, so it is asked, and its 401 means "no key". */
  n_before = fake_provider_server_get_n_requests (fixture->server);
  if (dialect == &openai_dialect)
    queue_failure (fixture, FAIL_AUTH, NULL);
  g_assert_false (terra_provider_test_connection (keyless, NULL, &error));
  g_assert_error (error, TERRA_PROVIDER_ERROR, TERRA_PROVIDER_ERROR_NO_KEY);
  g_clear_error (&error);
  if (dialect == &openai_dialect)
    {
      const FakeRequest *request = fake_provider_server_get_request (fixture->server, n_before);

      g_assert_null (fake_request_get_header (request, "Authorization"));
    }
  else
    {
      g_assert_cmpuint (fake_provider_server_get_n_requests (fixture->server), ==, n_before);
    }

  /* Unreachable. */
  unreachable = g_object_new (dialect->get_type (), "base-url", url, "model", "fake-model",
                              "api-key", TEST_KEY, "timeout", 2, NULL);
  g_assert_false (terra_provider_test_connection (unreachable, NULL, &error));
  g_assert_error (error, TERRA_PROVIDER_ERROR, TERRA_PROVIDER_ERROR_UNREACHABLE);
  g_clear_error (&error);

  /* Timeout. */
  g_clear_object (&fixture->provider);
  fixture->provider = make_provider (dialect, fixture->server, TEST_KEY);
  g_object_set (fixture->provider, "timeout", 1, NULL);
  fake_provider_server_queue (fixture->server, 200, NULL, NULL, NULL, FAKE_END_NO_ANSWER);
  g_assert_false (terra_provider_test_connection (fixture->provider, NULL, &error));
  g_assert_error (error, TERRA_PROVIDER_ERROR, TERRA_PROVIDER_ERROR_TIMEOUT);
}

/* ------------------------------------------------------------------ */
/* Requests with tools, serialised exactly                             */
/* ------------------------------------------------------------------ */

#define AVAILABILITY_SCHEMA \
  "{\"type\":\"object\",\"properties\":{\"date\":{\"type\":\"string\",\"description\":\"A day, YYYY-MM-DD\"}," \
  "\"part_of_day\":{\"type\":\"string\",\"enum\":[\"any\",\"morning\",\"afternoon\",\"evening\"]}}," \
  "\"additionalProperties\":false}"
#define LEAD_SCHEMA \
  "{\"$schema\":\"http://json-schema.org/draft-07/schema#\",\"type\":\"object\"," \
  "\"properties\":{\"need\":{\"type\":[\"string\",\"null\"]},\"budget\":{\"type\":\"integer\",\"minimum\":0}," \
  "\"kind\":{\"const\":\"buyer\"}},\"required\":[\"need\"],\"additionalProperties\":false}"
#define SYSTEM_TEXT "You are Asha, the assistant of Green Homes."
#define USER_TEXT "Is the 2BHK in Indiranagar available? Can I see it tomorrow at 3pm?"
#define RESULT_TEXT "Free: 2026-03-14T15:00, 2026-03-14T16:00"
#define ERROR_TEXT "unknown field “location”"
#define FOLLOW_UP_TEXT "3pm works."

/* A conversation after the model called two tools: one worked, one
 * failed; then the lead wrote again. */
static TerraChatRequest *
tool_turn_request (void)
{
  TerraChatRequest *request = terra_chat_request_new ();
  TerraChatMessage *assistant = terra_chat_message_new (TERRA_CHAT_ROLE_ASSISTANT, NULL);
  TerraToolCall *availability = terra_tool_call_new ("call_1", "check_availability",
                                                     "{\"date\":\"2026-03-14\",\"part_of_day\":\"afternoon\"}");

  availability->signature = g_strdup ("c2lnLTE=");
  terra_chat_message_add_tool_call (assistant, availability);
  terra_chat_message_add_tool_call (assistant, terra_tool_call_new ("call_2", "update_lead",
                                                                    "{\"need\":\"2BHK\",\"location\":\"Indiranagar\"}"));

  terra_chat_request_add_message (request, terra_chat_message_new (TERRA_CHAT_ROLE_SYSTEM, SYSTEM_TEXT));
  terra_chat_request_add_message (request, terra_chat_message_new (TERRA_CHAT_ROLE_USER, USER_TEXT));
  terra_chat_request_add_message (request, assistant);
  terra_chat_request_add_message (request, terra_chat_message_new_tool_result ("call_1", "check_availability",
                                                                               RESULT_TEXT, FALSE));
  /* No name: Gemini's functionResponse finds it from the call. */
  terra_chat_request_add_message (request, terra_chat_message_new_tool_result ("call_2", NULL,
                                                                               ERROR_TEXT, TRUE));
  terra_chat_request_add_message (request, terra_chat_message_new (TERRA_CHAT_ROLE_USER, FOLLOW_UP_TEXT));

  g_ptr_array_add (request->tools, terra_tool_spec_new ("check_availability", "Find free times.",
                                                        AVAILABILITY_SCHEMA));
  g_ptr_array_add (request->tools, terra_tool_spec_new ("update_lead", "Record the lead's needs.",
                                                        LEAD_SCHEMA));
  request->temperature = 0.5;
  request->max_tokens = 300;
  return request;
}

static void
assert_json_equal (JsonNode   *actual,
                   const char *expected_text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, expected_text, -1, &error);
  g_assert_no_error (error);

  if (!json_node_equal (actual, json_parser_get_root (parser)))
    {
      g_autofree char *got = json_to_string (actual, TRUE);
      g_autofree char *want = json_to_string (json_parser_get_root (parser), TRUE);

      g_printerr ("got:\n%s\nexpected:\n%s\n", got, want);
      g_assert_not_reached ();
    }
}

static void
send_tool_turn (Fixture *fixture)
{
  g_autoptr(TerraChatRequest) request = tool_turn_request ();
  g_autoptr(TerraChatResponse) response = NULL;
  g_autoptr(GError) error = NULL;

  queue_text (fixture);
  response = terra_provider_chat (fixture->provider, request, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (response->text, ==, TEXT_WHOLE);
}

static void
test_openai_tool_turn_request (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(JsonNode) body = NULL;

  send_tool_turn (fixture);
  body = fake_request_get_json (fake_provider_server_get_request (fixture->server, 0));
  assert_json_equal (body,
    "{\"model\":\"fake-model\",\"messages\":["
    "{\"role\":\"system\",\"content\":\"" SYSTEM_TEXT "\"},"
    "{\"role\":\"user\",\"content\":\"" USER_TEXT "\"},"
    "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":["
    "{\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"check_availability\","
    "\"arguments\":\"{\\\"date\\\":\\\"2026-03-14\\\",\\\"part_of_day\\\":\\\"afternoon\\\"}\"}},"
    "{\"id\":\"call_2\",\"type\":\"function\",\"function\":{\"name\":\"update_lead\","
    "\"arguments\":\"{\\\"need\\\":\\\"2BHK\\\",\\\"location\\\":\\\"Indiranagar\\\"}\"}}]},"
    "{\"role\":\"tool\",\"tool_call_id\":\"call_1\",\"content\":\"" RESULT_TEXT "\"},"
    "{\"role\":\"tool\",\"tool_call_id\":\"call_2\",\"content\":\"" ERROR_TEXT "\"},"
    "{\"role\":\"user\",\"content\":\"" FOLLOW_UP_TEXT "\"}],"
    "\"tools\":["
    "{\"type\":\"function\",\"function\":{\"name\":\"check_availability\",\"description\":\"Find free times.\","
    "\"parameters\":" AVAILABILITY_SCHEMA "}},"
    "{\"type\":\"function\",\"function\":{\"name\":\"update_lead\",\"description\":\"Record the lead's needs.\","
    "\"parameters\":" LEAD_SCHEMA "}}],"
    "\"tool_choice\":\"auto\",\"temperature\":0.5,\"max_tokens\":300,"
    "\"stream\":true,\"stream_options\":{\"include_usage\":true}}");
}

static void
test_anthropic_tool_turn_request (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autoptr(JsonNode) body = NULL;

  send_tool_turn (fixture);
  body = fake_request_get_json (fake_provider_server_get_request (fixture->server, 0));
  /* The system prompt apart; tool results and the lead's next words in
   * one user turn, results first. */
  assert_json_equal (body,
    "{\"model\":\"fake-model\",\"max_tokens\":300,\"system\":\"" SYSTEM_TEXT "\","
    "\"messages\":["
    "{\"role\":\"user\",\"content\":\"" USER_TEXT "\"},"
    "{\"role\":\"assistant\",\"content\":["
    "{\"type\":\"tool_use\",\"id\":\"call_1\",\"name\":\"check_availability\","
    "\"input\":{\"date\":\"2026-03-14\",\"part_of_day\":\"afternoon\"}},"
    "{\"type\":\"tool_use\",\"id\":\"call_2\",\"name\":\"update_lead\","
    "\"input\":{\"need\":\"2BHK\",\"location\":\"Indiranagar\"}}]},"
    "{\"role\":\"user\",\"content\":["
    "{\"type\":\"tool_result\",\"tool_use_id\":\"call_1\",\"content\":\"" RESULT_TEXT "\"},"
    "{\"type\":\"tool_result\",\"tool_use_id\":\"call_2\",\"content\":\"" ERROR_TEXT "\",\"is_error\":true},"
    "{\"type\":\"text\",\"text\":\"" FOLLOW_UP_TEXT "\"}]}],"
    "\"tools\":["
    "{\"name\":\"check_availability\",\"description\":\"Find free times.\",\"input_schema\":" AVAILABILITY_SCHEMA "},"
    "{\"name\":\"update_lead\",\"description\":\"Record the lead's needs.\",\"input_schema\":" LEAD_SCHEMA "}],"
    "\"temperature\":0.5,\"stream\":true}");
}

static void
test_gemini_tool_turn_request (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(JsonNode) body = NULL;

  send_tool_turn (fixture);
  body = fake_request_get_json (fake_provider_server_get_request (fixture->server, 0));
  /* The schemas lose what Gemini refuses ($schema, additionalProperties);
   * const becomes enum, a nullable type becomes nullable; the call's
   * thoughtSignature goes back unchanged. */
  assert_json_equal (body,
    "{\"contents\":["
    "{\"role\":\"user\",\"parts\":[{\"text\":\"" USER_TEXT "\"}]},"
    "{\"role\":\"model\",\"parts\":["
    "{\"functionCall\":{\"name\":\"check_availability\",\"args\":{\"date\":\"2026-03-14\",\"part_of_day\":\"afternoon\"}},"
    "\"thoughtSignature\":\"c2lnLTE=\"},"
    "{\"functionCall\":{\"name\":\"update_lead\",\"args\":{\"need\":\"2BHK\",\"location\":\"Indiranagar\"}}}]},"
    "{\"role\":\"user\",\"parts\":["
    "{\"functionResponse\":{\"name\":\"check_availability\",\"response\":{\"output\":\"" RESULT_TEXT "\"}}},"
    "{\"functionResponse\":{\"name\":\"update_lead\",\"response\":{\"error\":\"" ERROR_TEXT "\"}}},"
    "{\"text\":\"" FOLLOW_UP_TEXT "\"}]}],"
    "\"systemInstruction\":{\"parts\":[{\"text\":\"" SYSTEM_TEXT "\"}]},"
    "\"tools\":[{\"functionDeclarations\":["
    "{\"name\":\"check_availability\",\"description\":\"Find free times.\",\"parameters\":"
    "{\"type\":\"object\",\"properties\":{\"date\":{\"type\":\"string\",\"description\":\"A day, YYYY-MM-DD\"},"
    "\"part_of_day\":{\"type\":\"string\",\"enum\":[\"any\",\"morning\",\"afternoon\",\"evening\"]}}}},"
    "{\"name\":\"update_lead\",\"description\":\"Record the lead's needs.\",\"parameters\":"
    "{\"type\":\"object\",\"properties\":{\"need\":{\"type\":\"string\",\"nullable\":true},"
    "\"budget\":{\"type\":\"integer\",\"minimum\":0},\"kind\":{\"enum\":[\"buyer\"]}},\"required\":[\"need\"]}}]}],"
    "\"generationConfig\":{\"temperature\":0.5,\"maxOutputTokens\":300}}");
}

/* ------------------------------------------------------------------ */
/* Streamed tool calls                                                 */
/* ------------------------------------------------------------------ */

static TerraChatResponse *
chat_with_events (Fixture            *fixture,
                  const char * const *events)
{
  g_autoptr(TerraChatRequest) request = tool_turn_request ();
  g_autoptr(GError) error = NULL;
  TerraChatResponse *response;

  fake_provider_server_queue_sse (fixture->server, events, FAKE_END_COMPLETE);
  response = terra_provider_chat (fixture->provider, request, collect_delta, fixture->deltas, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (response);
  return response;
}

static void
assert_call (TerraChatResponse *response,
             guint              index,
             const char        *id,
             const char        *name,
             const char        *arguments)
{
  const TerraToolCall *call;

  g_assert_cmpuint (index, <, response->tool_calls->len);
  call = g_ptr_array_index (response->tool_calls, index);
  if (id != NULL)
    g_assert_cmpstr (call->id, ==, id);
  g_assert_nonnull (call->id);
  g_assert_cmpstr (call->id, !=, "");
  g_assert_cmpstr (call->name, ==, name);
  g_assert_cmpstr (call->arguments, ==, arguments);
}

#define OPENAI_TOOL_HEAD \
  "data: {\"id\":\"chatcmpl-tool\",\"object\":\"chat.completion.chunk\",\"created\":1700000000," \
  "\"model\":\"fake-model\",\"choices\":[{\"index\":0,\"delta\":"

/* As OpenAI streams parallel calls: the first fragment of each with id,
 * type and name, then argument pieces keyed by index. */
static void
test_openai_tool_stream (Fixture       *fixture,
                         gconstpointer  data)
{
  const char * const events[] = {
    ": OPENROUTER PROCESSING\n\n",
    OPENAI_TOOL_HEAD "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"index\":0,\"id\":\"call_abc\","
    "\"type\":\"function\",\"function\":{\"name\":\"check_availability\",\"arguments\":\"\"}}]},"
    "\"logprobs\":null,\"finish_reason\":null}]}\n\n",
    OPENAI_TOOL_HEAD "{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"da\"}}]},"
    "\"logprobs\":null,\"finish_reason\":null}]}\n\n",
    OPENAI_TOOL_HEAD "{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"te\\\": \\\"2026-03-14\\\"}\"}}]},"
    "\"logprobs\":null,\"finish_reason\":null}]}\n\n",
    OPENAI_TOOL_HEAD "{\"tool_calls\":[{\"index\":1,\"id\":\"call_def\",\"type\":\"function\","
    "\"function\":{\"name\":\"update_lead\",\"arguments\":\"\"}}]},\"logprobs\":null,\"finish_reason\":null}]}\n\n",
    OPENAI_TOOL_HEAD "{\"tool_calls\":[{\"index\":1,\"function\":{\"arguments\":\"{\\\"need\\\":\"}}]},"
    "\"logprobs\":null,\"finish_reason\":null}]}\n\n",
    OPENAI_TOOL_HEAD "{\"tool_calls\":[{\"index\":1,\"function\":{\"arguments\":\" \\\"2BHK\\\"}\"}}]},"
    "\"logprobs\":null,\"finish_reason\":null}]}\n\n",
    OPENAI_TOOL_HEAD "{},\"logprobs\":null,\"finish_reason\":\"tool_calls\"}]}\n\n",
    "data: {\"id\":\"chatcmpl-tool\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
    "\"model\":\"fake-model\",\"choices\":[],\"usage\":{\"prompt_tokens\":210,\"completion_tokens\":41,"
    "\"total_tokens\":251}}\n\n",
    "data: [DONE]\n\n",
    NULL
  };
  g_autoptr(TerraChatResponse) response = chat_with_events (fixture, events);

  g_assert_cmpuint (response->tool_calls->len, ==, 2);
  assert_call (response, 0, "call_abc", "check_availability", "{\"date\": \"2026-03-14\"}");
  assert_call (response, 1, "call_def", "update_lead", "{\"need\": \"2BHK\"}");
  g_assert_cmpstr (response->text, ==, "");
  g_assert_cmpuint (fixture->deltas->len, ==, 0);
  g_assert_cmpstr (response->finish_reason, ==, "tool_calls");
  g_assert_cmpint (response->prompt_tokens, ==, 210);
  g_assert_cmpint (response->completion_tokens, ==, 41);
}

/* Gemini's OpenAI-compatible layer: no index, whole arguments, two calls
 * in one chunk, and finish_reason "stop". */
static void
test_openai_tool_stream_without_index (Fixture       *fixture,
                                       gconstpointer  data)
{
  const char * const events[] = {
    "data: {\"choices\":[{\"delta\":{\"role\":\"assistant\",\"tool_calls\":["
    "{\"function\":{\"arguments\":\"{\\\"date\\\":\\\"2026-03-14\\\"}\",\"name\":\"check_availability\"},"
    "\"id\":\"function-call-1\",\"type\":\"function\"},"
    "{\"function\":{\"arguments\":\"{\\\"need\\\":\\\"2BHK\\\"}\",\"name\":\"update_lead\"},"
    "\"id\":\"function-call-2\",\"type\":\"function\"}]},"
    "\"finish_reason\":\"stop\",\"index\":0}],\"created\":1700000000,\"id\":\"x\",\"model\":\"gemini-2.0-flash\","
    "\"object\":\"chat.completion.chunk\",\"usage\":{\"completion_tokens\":9,\"prompt_tokens\":40,"
    "\"total_tokens\":49}}\n\n",
    "data: [DONE]\n\n",
    NULL
  };
  g_autoptr(TerraChatResponse) response = chat_with_events (fixture, events);

  g_assert_cmpuint (response->tool_calls->len, ==, 2);
  assert_call (response, 0, "function-call-1", "check_availability", "{\"date\":\"2026-03-14\"}");
  assert_call (response, 1, "function-call-2", "update_lead", "{\"need\":\"2BHK\"}");
  /* A stream that ends holding tool calls is a tool call. */
  g_assert_cmpstr (response->finish_reason, ==, "tool_calls");
  g_assert_cmpint (response->prompt_tokens, ==, 40);
}

/* As the SDK's tool_use_response.txt fixture: a text block, a tool_use
 * block whose first partial_json is empty, and a tool without input. */
static void
test_anthropic_tool_stream (Fixture       *fixture,
                            gconstpointer  data)
{
  const char * const events[] = {
    "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_01\",\"type\":\"message\","
    "\"role\":\"assistant\",\"model\":\"claude-fake\",\"content\":[],\"stop_reason\":null,\"stop_sequence\":null,"
    "\"usage\":{\"input_tokens\":350,\"cache_read_input_tokens\":50,\"output_tokens\":1}}}\n\n",
    "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,"
    "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n",
    "event: ping\ndata: {\"type\": \"ping\"}\n\n",
    "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
    "\"delta\":{\"type\":\"text_delta\",\"text\":\"Let me check \"}}\n\n",
    "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
    "\"delta\":{\"type\":\"text_delta\",\"text\":\"the calendar.\"}}\n\n",
    "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n",
    "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":1,"
    "\"content_block\":{\"type\":\"tool_use\",\"id\":\"toolu_01\",\"name\":\"check_availability\",\"input\":{}}}\n\n",
    "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":1,"
    "\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"\"}}\n\n",
    "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":1,"
    "\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"date\\\": \\\"2026-\"}}\n\n",
    "event: some_new_event\ndata: {\"type\":\"some_new_event\"}\n\n",
    "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":1,"
    "\"delta\":{\"type\":\"some_new_delta\",\"x\":1}}\n\n",
    "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":1,"
    "\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"03-14\\\"}\"}}\n\n",
    "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":1}\n\n",
    "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":2,"
    "\"content_block\":{\"type\":\"tool_use\",\"id\":\"toolu_02\",\"name\":\"escalate_to_human\",\"input\":{}}}\n\n",
    "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":2}\n\n",
    "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\","
    "\"stop_sequence\":null},\"usage\":{\"output_tokens\":89}}\n\n",
    "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n",
    NULL
  };
  g_autoptr(TerraChatResponse) response = chat_with_events (fixture, events);

  g_assert_cmpstr (response->text, ==, "Let me check the calendar.");
  g_assert_cmpuint (fixture->deltas->len, ==, 2);
  g_assert_cmpuint (response->tool_calls->len, ==, 2);
  assert_call (response, 0, "toolu_01", "check_availability", "{\"date\": \"2026-03-14\"}");
  assert_call (response, 1, "toolu_02", "escalate_to_human", "{}");
  g_assert_cmpstr (response->finish_reason, ==, "tool_calls");
  g_assert_cmpint (response->prompt_tokens, ==, 400);
  g_assert_cmpint (response->completion_tokens, ==, 89);
}

/* Gemini sends each functionCall whole, without an index or (usually) an
 * id, and says STOP after calls. */
static void
test_gemini_tool_stream (Fixture       *fixture,
                         gconstpointer  data)
{
  const char * const events[] = {
    "data: {\"candidates\": [{\"content\": {\"parts\": [{\"text\": \"Checking.\"}],\"role\": \"model\"},"
    "\"index\": 0}],\"usageMetadata\": {\"promptTokenCount\": 50,\"totalTokenCount\": 50}}\r\n\r\n",
    "data: {\"candidates\": [{\"content\": {\"parts\": ["
    "{\"functionCall\": {\"name\": \"check_availability\",\"args\": {\"date\": \"2026-03-14\"}},"
    "\"thoughtSignature\": \"c2lnLTI=\"},"
    "{\"functionCall\": {\"name\": \"update_lead\",\"args\": {\"need\": \"2BHK\"}}}],\"role\": \"model\"},"
    "\"finishReason\": \"STOP\",\"index\": 0}],\"usageMetadata\": {\"promptTokenCount\": 50,"
    "\"candidatesTokenCount\": 20,\"thoughtsTokenCount\": 5,\"totalTokenCount\": 75}}\r\n\r\n",
    NULL
  };
  g_autoptr(TerraChatResponse) response = chat_with_events (fixture, events);
  const TerraToolCall *first;
  const TerraToolCall *second;

  g_assert_cmpstr (response->text, ==, "Checking.");
  g_assert_cmpuint (response->tool_calls->len, ==, 2);
  assert_call (response, 0, NULL, "check_availability", "{\"date\":\"2026-03-14\"}");
  assert_call (response, 1, NULL, "update_lead", "{\"need\":\"2BHK\"}");
  first = g_ptr_array_index (response->tool_calls, 0);
  second = g_ptr_array_index (response->tool_calls, 1);
  g_assert_cmpstr (first->id, !=, second->id);
  g_assert_cmpstr (first->signature, ==, "c2lnLTI=");
  g_assert_null (second->signature);
  g_assert_cmpstr (response->finish_reason, ==, "tool_calls");
  g_assert_cmpint (response->prompt_tokens, ==, 50);
  g_assert_cmpint (response->completion_tokens, ==, 25);
}

/* ------------------------------------------------------------------ */
/* Embeddings                                                          */
/* ------------------------------------------------------------------ */

static void
assert_vector (GPtrArray *vectors,
               guint      index,
               float      first,
               float      second)
{
  GArray *vector = g_ptr_array_index (vectors, index);

  g_assert_cmpuint (vector->len, ==, 2);
  g_assert_cmpfloat_with_epsilon (g_array_index (vector, float, 0), first, 1e-6);
  g_assert_cmpfloat_with_epsilon (g_array_index (vector, float, 1), second, 1e-6);
}

static void
test_openai_embeddings (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *url = fake_provider_server_get_url (fixture->server, "/v1");
  g_autoptr(TerraProvider) provider = NULL;
  g_autoptr(GPtrArray) vectors = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) body = NULL;
  const char * const texts[] = { "2BHK in Indiranagar", "parking included", NULL };

  /* Another server knows no embedding model unless one is set. */
  g_assert_false (terra_provider_can_embed (fixture->provider));

  provider = g_object_new (TERRA_TYPE_OPENAI_PROVIDER, "base-url", url, "model", "fake-model",
                           "embedding-model", "fake-embed", "api-key", TEST_KEY, NULL);
  g_assert_true (terra_provider_can_embed (provider));

  /* Out of order on purpose: "index" says where each belongs. */
  fake_provider_server_queue_json (fixture->server, 200, NULL,
    "{\"object\":\"list\",\"data\":["
    "{\"object\":\"embedding\",\"index\":1,\"embedding\":[0.5,-1]},"
    "{\"object\":\"embedding\",\"index\":0,\"embedding\":[0.25,2]}],"
    "\"model\":\"fake-embed\",\"usage\":{\"prompt_tokens\":6,\"total_tokens\":6}}");

  vectors = terra_provider_embed (provider, texts, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (vectors->len, ==, 2);
  assert_vector (vectors, 0, 0.25f, 2.0f);
  assert_vector (vectors, 1, 0.5f, -1.0f);

  g_assert_cmpstr (fake_provider_server_get_request (fixture->server, 0)->path, ==, "/v1/embeddings");
  openai_assert_auth (fake_provider_server_get_request (fixture->server, 0), TEST_KEY);
  body = fake_request_get_json (fake_provider_server_get_request (fixture->server, 0));
  assert_json_equal (body, "{\"model\":\"fake-embed\",\"input\":[\"2BHK in Indiranagar\",\"parking included\"]}");

  /* OpenAI itself has a default embedding model. */
  {
    g_autoptr(TerraProvider) openai = terra_openai_provider_new (NULL, "gpt-4o-mini", TEST_KEY);

    g_assert_true (terra_provider_can_embed (openai));
  }
}

static void
test_gemini_embeddings (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GPtrArray) one = NULL;
  g_autoptr(GPtrArray) two = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) body = NULL;
  const char * const single[] = { "2BHK in Indiranagar", NULL };
  const char * const pair[] = { "2BHK in Indiranagar", "parking included", NULL };
  const FakeRequest *request;

  g_assert_true (terra_provider_can_embed (fixture->provider));

  fake_provider_server_queue_json (fixture->server, 200, NULL,
                                   "{\"embedding\": {\"values\": [0.25, 2]}}");
  one = terra_provider_embed (fixture->provider, single, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (one->len, ==, 1);
  assert_vector (one, 0, 0.25f, 2.0f);

  request = fake_provider_server_get_request (fixture->server, 0);
  g_assert_cmpstr (request->path, ==, "/v1beta/models/gemini-embedding-001:embedContent");
  gemini_assert_auth (request, TEST_KEY);
  body = fake_request_get_json (request);
  assert_json_equal (body, "{\"content\":{\"parts\":[{\"text\":\"2BHK in Indiranagar\"}]}}");
  g_clear_pointer (&body, json_node_unref);

  fake_provider_server_queue_json (fixture->server, 200, NULL,
                                   "{\"embeddings\": [{\"values\": [0.25, 2]}, {\"values\": [0.5, -1]}]}");
  two = terra_provider_embed (fixture->provider, pair, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (two->len, ==, 2);
  assert_vector (two, 0, 0.25f, 2.0f);
  assert_vector (two, 1, 0.5f, -1.0f);

  request = fake_provider_server_get_request (fixture->server, 1);
  g_assert_cmpstr (request->path, ==, "/v1beta/models/gemini-embedding-001:batchEmbedContents");
  body = fake_request_get_json (request);
  assert_json_equal (body,
    "{\"requests\":["
    "{\"model\":\"models/gemini-embedding-001\",\"content\":{\"parts\":[{\"text\":\"2BHK in Indiranagar\"}]}},"
    "{\"model\":\"models/gemini-embedding-001\",\"content\":{\"parts\":[{\"text\":\"parking included\"}]}}]}");
}

/* A reasoning model refuses max_tokens; the request is sent again with
 * max_completion_tokens, once, and remembered. */
static void
test_openai_max_completion_tokens (Fixture       *fixture,
                                   gconstpointer  data)
{
  g_autoptr(TerraChatRequest) request = simple_request ();
  g_autoptr(TerraChatResponse) response = NULL;
  g_autoptr(TerraChatResponse) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *refusal = fake_openai_error_body ("Unsupported parameter: 'max_tokens' is not supported "
                                                     "with this model. Use 'max_completion_tokens' instead.",
                                                     "invalid_request_error", "unsupported_parameter");
  g_autoptr(JsonNode) first = NULL;
  g_autoptr(JsonNode) second = NULL;
  g_autoptr(JsonNode) third = NULL;

  request->max_tokens = 200;
  fake_provider_server_queue_json (fixture->server, 400, NULL, refusal);
  queue_text (fixture);
  queue_text (fixture);

  response = terra_provider_chat (fixture->provider, request, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  again = terra_provider_chat (fixture->provider, request, NULL, NULL, NULL, &error);
  g_assert_no_error (error);

  g_assert_cmpuint (fake_provider_server_get_n_requests (fixture->server), ==, 3);
  first = fake_request_get_json (fake_provider_server_get_request (fixture->server, 0));
  second = fake_request_get_json (fake_provider_server_get_request (fixture->server, 1));
  third = fake_request_get_json (fake_provider_server_get_request (fixture->server, 2));
  g_assert_true (json_object_has_member (json_node_get_object (first), "max_tokens"));
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (second), "max_completion_tokens"), ==, 200);
  g_assert_false (json_object_has_member (json_node_get_object (second), "max_tokens"));
  g_assert_true (json_object_has_member (json_node_get_object (third), "max_completion_tokens"));
}

/* A server that echoes the key in its error text: the error a log or the
 * UI shows never holds it. */
static void
test_key_never_in_errors (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(TerraChatResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *body = fake_openai_error_body ("Incorrect API key provided: " TEST_KEY ".",
                                                  "invalid_request_error", "invalid_api_key");

  fake_provider_server_queue_json (fixture->server, 401, NULL, body);
  response = chat (fixture, NULL, &error);
  g_assert_error (error, TERRA_PROVIDER_ERROR, TERRA_PROVIDER_ERROR_UNAUTHORIZED);
  g_assert_null (strstr (error->message, TEST_KEY));
  g_assert_nonnull (strstr (error->message, "Incorrect API key provided"));
}

/* TERRA_PROVIDER_BACKOFF_SCALE sets the default scale, for test runs of
 * the whole application. */
static void
test_backoff_scale_from_environment (void)
{
  g_autoptr(TerraProvider) scaled = NULL;
  g_autoptr(TerraProvider) plain = NULL;
  double scale = 0;

  g_setenv ("TERRA_PROVIDER_BACKOFF_SCALE", "0.25", TRUE);
  scaled = terra_anthropic_provider_new (NULL, "fake-model", TEST_KEY);
  g_setenv ("TERRA_PROVIDER_BACKOFF_SCALE", "nonsense", TRUE);
  plain = terra_anthropic_provider_new (NULL, "fake-model", TEST_KEY);
  g_unsetenv ("TERRA_PROVIDER_BACKOFF_SCALE");

  g_object_get (scaled, "backoff-scale", &scale, NULL);
  g_assert_cmpfloat (scale, ==, 0.25);
  g_object_get (plain, "backoff-scale", &scale, NULL);
  g_assert_cmpfloat (scale, ==, 1.0);
}

/* ------------------------------------------------------------------ */
/* The factory                                                         */
/* ------------------------------------------------------------------ */

static void
set_setting (TerraStore *store,
             const char *key,
             const char *value)
{
  g_autoptr(JsonNode) node = json_node_init_string (json_node_alloc (), value);
  g_autoptr(GError) error = NULL;

  g_assert_true (terra_store_set_setting (store, key, node, &error));
  g_assert_no_error (error);
}

static void
test_factory_builtin (void)
{
  g_autoptr(TerraTestWorkspace) workspace = terra_test_workspace_new ();
  TerraStore *store = terra_workspace_get_store (workspace);
  g_autoptr(TerraProvider) provider = NULL;
  g_autoptr(GError) error = NULL;

  /* The default is the built-in engine, made elsewhere. */
  provider = terra_provider_new_for_settings (store, terra_workspace_get_id (workspace), &error);
  g_assert_no_error (error);
  g_assert_null (provider);

  set_setting (store, "provider.kind", "builtin");
  provider = terra_provider_new_for_settings (store, terra_workspace_get_id (workspace), &error);
  g_assert_no_error (error);
  g_assert_null (provider);
}

static void
test_factory_no_key (void)
{
  g_autoptr(TerraTestWorkspace) workspace = terra_test_workspace_new ();
  TerraStore *store = terra_workspace_get_store (workspace);
  const char * const kinds[] = { "anthropic", "gemini", "openai", NULL };
  const char * const variables[] = {
    "TERRA_SECRET_ANTHROPIC_API_KEY", "TERRA_SECRET_GEMINI_API_KEY", "TERRA_SECRET_OPENAI_API_KEY", NULL
  };

  for (guint i = 0; kinds[i] != NULL; i++)
    {
      g_autoptr(TerraProvider) provider = NULL;
      g_autoptr(GError) error = NULL;

      g_unsetenv (variables[i]);
      set_setting (store, "provider.kind", kinds[i]);
      provider = terra_provider_new_for_settings (store, terra_workspace_get_id (workspace), &error);
      g_assert_error (error, TERRA_PROVIDER_ERROR, TERRA_PROVIDER_ERROR_NO_KEY);
      g_assert_null (provider);
      /* The message says where a key can come from. */
      g_assert_nonnull (strstr (error->message, variables[i]));
    }
}

static void
test_factory_from_settings (void)
{
  g_autoptr(TerraTestWorkspace) workspace = terra_test_workspace_new ();
  TerraStore *store = terra_workspace_get_store (workspace);
  g_autoptr(FakeProviderServer) server = fake_provider_server_new ();
  g_autofree char *url = fake_provider_server_get_url (server, "/v1");
  g_autoptr(TerraProvider) provider = NULL;
  g_autoptr(TerraChatRequest) request = simple_request ();
  g_autoptr(TerraChatResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) events = fake_openai_text_events (text_pieces, 1, 2);
  g_autoptr(JsonNode) body = NULL;

  g_setenv ("TERRA_SECRET_OPENAI_API_KEY", "sk-from-env", TRUE);
  set_setting (store, "provider.kind", "openai");
  set_setting (store, "provider.base_url", url);
  set_setting (store, "provider.model", "llama3.2");

  provider = terra_provider_new_for_settings (store, terra_workspace_get_id (workspace), &error);
  g_unsetenv ("TERRA_SECRET_OPENAI_API_KEY");
  g_assert_no_error (error);
  g_assert_true (TERRA_IS_OPENAI_PROVIDER (provider));
  g_assert_cmpstr (terra_provider_get_name (provider), ==, "openai");

  fake_provider_server_queue_sse (server, (const char * const *)events, FAKE_END_COMPLETE);
  response = terra_provider_chat (provider, request, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  openai_assert_auth (fake_provider_server_get_request (server, 0), "sk-from-env");
  body = fake_request_get_json (fake_provider_server_get_request (server, 0));
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (body), "model"), ==, "llama3.2");
}

/* A local OpenAI-compatible server (Ollama, llama.cpp) takes no key. */
static void
test_factory_local_without_key (void)
{
  g_autoptr(TerraTestWorkspace) workspace = terra_test_workspace_new ();
  TerraStore *store = terra_workspace_get_store (workspace);
  g_autoptr(TerraProvider) provider = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *model = NULL;

  g_unsetenv ("TERRA_SECRET_OPENAI_API_KEY");
  set_setting (store, "provider.kind", "openai");
  set_setting (store, "provider.base_url", "http://localhost:11434/v1");

  provider = terra_provider_new_for_settings (store, terra_workspace_get_id (workspace), &error);
  g_assert_no_error (error);
  g_assert_nonnull (provider);
  g_object_get (provider, "model", &model, NULL);
  g_assert_cmpstr (model, ==, terra_provider_kind_default_model ("openai"));

  g_assert_true (terra_provider_kind_needs_key ("openai", "https://api.groq.com/openai/v1"));
  g_assert_true (terra_provider_kind_needs_key ("openai", ""));
  g_assert_false (terra_provider_kind_needs_key ("openai", "http://192.168.1.20:8000/v1"));
  g_assert_true (terra_provider_kind_needs_key ("anthropic", "http://localhost:8080"));
}

/* ------------------------------------------------------------------ */

static void
add_provider_test (const Dialect *dialect,
                   const char    *name,
                   void         (*func) (Fixture *, gconstpointer))
{
  g_autofree char *path = g_strdup_printf ("/provider/%s/%s", dialect->name, name);

  g_test_add (path, Fixture, dialect, fixture_set_up, func, fixture_tear_down);
}

static void
add_common_tests (const Dialect *dialect)
{
  add_provider_test (dialect, "text-stream", test_text_stream);
  add_provider_test (dialect, "retry-after", test_retry_after);
  add_provider_test (dialect, "unavailable-then-ok", test_unavailable_then_ok);
  add_provider_test (dialect, "server-error-forever", test_server_error_forever);
  add_provider_test (dialect, "rate-limited-forever", test_rate_limited_forever);
  add_provider_test (dialect, "stall-before-headers", test_stall_before_headers);
  add_provider_test (dialect, "stall-mid-stream", test_stall_mid_stream);
  add_provider_test (dialect, "cut-stream", test_cut_stream);
  add_provider_test (dialect, "reset-stream", test_reset_stream);
  add_provider_test (dialect, "malformed-json", test_malformed_json);
  add_provider_test (dialect, "error-event", test_error_event);
  add_provider_test (dialect, "unauthorized", test_unauthorized);
  add_provider_test (dialect, "unknown-model", test_unknown_model);
  add_provider_test (dialect, "quota", test_quota);
  add_provider_test (dialect, "unreachable", test_unreachable);
  add_provider_test (dialect, "cancel", test_cancel);
  add_provider_test (dialect, "cancel-during-backoff", test_cancel_during_backoff);
  add_provider_test (dialect, "test-connection", test_connection_verdicts);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  /* Nothing here may reach a real keyring, a proxy or the network. */
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/terra-test-bus", TRUE);
  g_unsetenv ("http_proxy");
  g_unsetenv ("HTTP_PROXY");
  g_unsetenv ("all_proxy");
  g_unsetenv ("ALL_PROXY");
  g_unsetenv ("TERRA_PROVIDER_BACKOFF_SCALE");

  g_test_add_func ("/sse/split-anywhere", test_sse_split_anywhere);
  g_test_add_func ("/sse/comments", test_sse_comments);
  g_test_add_func ("/sse/line-endings", test_sse_line_endings);
  g_test_add_func ("/sse/unterminated", test_sse_unterminated);

  add_common_tests (&openai_dialect);
  add_common_tests (&anthropic_dialect);
  add_common_tests (&gemini_dialect);

  add_provider_test (&openai_dialect, "tool-stream", test_openai_tool_stream);
  add_provider_test (&openai_dialect, "tool-stream-without-index", test_openai_tool_stream_without_index);
  add_provider_test (&openai_dialect, "tool-turn-request", test_openai_tool_turn_request);
  add_provider_test (&openai_dialect, "embeddings", test_openai_embeddings);
  add_provider_test (&openai_dialect, "max-completion-tokens", test_openai_max_completion_tokens);
  add_provider_test (&openai_dialect, "key-never-in-errors", test_key_never_in_errors);
  add_provider_test (&anthropic_dialect, "tool-stream", test_anthropic_tool_stream);
  add_provider_test (&anthropic_dialect, "tool-turn-request", test_anthropic_tool_turn_request);
  add_provider_test (&gemini_dialect, "tool-stream", test_gemini_tool_stream);
  add_provider_test (&gemini_dialect, "tool-turn-request", test_gemini_tool_turn_request);
  add_provider_test (&gemini_dialect, "embeddings", test_gemini_embeddings);

  g_test_add_func ("/provider/backoff-scale-from-environment", test_backoff_scale_from_environment);
  g_test_add_func ("/factory/builtin", test_factory_builtin);
  g_test_add_func ("/factory/no-key", test_factory_no_key);
  g_test_add_func ("/factory/from-settings", test_factory_from_settings);
  g_test_add_func ("/factory/local-without-key", test_factory_local_without_key);

  return g_test_run ();
}
