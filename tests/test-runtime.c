/* test-runtime.c — the services behind the window: the engine answers
 * what waited, the test chat, the provider check
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "fake-provider-server.h"
#include "terra-embedder.h"
#include "terra-knowledge.h"
#include "terra-provider-factory.h"
#include "terra-inbound.h"
#include "terra-provider.h"
#include "terra-runtime.h"
#include "terra-test-utils.h"

static void
store_result (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static GAsyncResult *
iterate_until_done (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *result;
}

static GPtrArray *
outbound_messages (TerraStore *store,
                   gint64      conversation_id)
{
  g_autoptr(TerraQuery) query = terra_query_new (TERRA_TYPE_MESSAGE);

  terra_query_where_int (query, "conversation_id", TERRA_QUERY_EQ, conversation_id);
  terra_query_where_enum (query, "direction", TERRA_TYPE_DIRECTION, TERRA_DIRECTION_OUTBOUND);
  return terra_store_list (store, query, NULL);
}

/* A message acknowledged while nothing ran is answered once the runtime
 * starts: the queue is the database. */
static void
test_start_answers_waiting_messages (void)
{
  g_autoptr(TerraTestWorkspace) workspace = terra_test_workspace_new ();
  TerraStore *store = terra_workspace_get_store (workspace);
  TerraInboundMessage message = { TERRA_CHANNEL_API, "m-1", "lead-1", "Kiran", "Hello there", NULL, 0 };
  TerraIngestResult ingested = { 0 };
  g_autoptr(TerraRuntime) runtime = NULL;
  g_autoptr(GPtrArray) replies = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (terra_store_ingest_message (store, &message, &ingested, &error));
  runtime = terra_runtime_new (workspace);
  /* A free port, and the API key from the environment: no keyring here. */
  terra_runtime_set_server_address (runtime, "127.0.0.1", 0);
  g_setenv ("TERRA_SECRET_API_KEY", "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", TRUE);
  g_assert_true (terra_runtime_start (runtime, &error));
  g_assert_no_error (error);
  g_assert_null (terra_runtime_get_problem (runtime));
  g_assert_true (terra_orchestrator_wait_idle (terra_runtime_get_orchestrator (runtime), 20000));
  terra_runtime_stop (runtime);
  g_assert_false (terra_runtime_is_running (runtime));

  g_unsetenv ("TERRA_SECRET_API_KEY");
  replies = outbound_messages (store, ingested.conversation_id);
  g_assert_cmpuint (replies->len, ==, 1);
  g_assert_cmpstr (terra_message_get_body (g_ptr_array_index (replies, 0)), !=, "");
}

static void
test_test_chat (void)
{
  g_autoptr(TerraTestWorkspace) workspace = terra_test_workspace_new ();
  g_autoptr(TerraRuntime) runtime = terra_runtime_new (workspace);
  g_autoptr(GAsyncResult) first_result = NULL;
  g_autoptr(GAsyncResult) second_result = NULL;
  g_autoptr(TerraSimulation) first = NULL;
  g_autoptr(TerraSimulation) second = NULL;
  g_autoptr(GError) error = NULL;

  terra_runtime_simulate_async (runtime, 0, "Hi, what are your hours?", NULL, store_result, &first_result);
  first = terra_runtime_simulate_finish (runtime, iterate_until_done (&first_result), &error);
  g_assert_no_error (error);
  g_assert_nonnull (first->reply);
  g_assert_cmpstr (first->provider, ==, "builtin");

  /* The owner's test chat is one conversation that goes on. */
  terra_runtime_simulate_async (runtime, 0, "Thanks", NULL, store_result, &second_result);
  second = terra_runtime_simulate_finish (runtime, iterate_until_done (&second_result), &error);
  g_assert_no_error (error);
  g_assert_cmpint (second->conversation_id, ==, first->conversation_id);
}

static gboolean
check_provider (TerraRuntime  *runtime,
                const char    *kind,
                const char    *base_url,
                const char    *key,
                GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  terra_runtime_test_provider_async (runtime, kind, base_url, "fake-model", key, NULL, store_result, &result);
  return terra_runtime_test_provider_finish (runtime, iterate_until_done (&result), error);
}

/* Preferences' Test connection says what is wrong with what was typed. */
static void
test_provider_check (void)
{
  g_autoptr(TerraTestWorkspace) workspace = terra_test_workspace_new ();
  g_autoptr(TerraRuntime) runtime = terra_runtime_new (workspace);
  FakeProviderServer *server = fake_provider_server_new ();
  g_autofree char *base_url = fake_provider_server_get_url (server, "/v1");
  g_autofree char *wrong_key = fake_openai_error_body ("Incorrect API key provided.", "invalid_request_error",
                                                       "invalid_api_key");
  const char * const pieces[] = { "ok", NULL };
  g_auto(GStrv) events = fake_openai_text_events (pieces, 1, 1);
  g_autoptr(GError) error = NULL;

  g_assert_true (check_provider (runtime, "builtin", NULL, NULL, &error));
  g_assert_no_error (error);

  g_assert_false (check_provider (runtime, "openai", "https://api.openai.com/v1", NULL, &error));
  g_assert_error (error, TERRA_PROVIDER_ERROR, TERRA_PROVIDER_ERROR_NO_KEY);
  g_clear_error (&error);

  fake_provider_server_queue_json (server, 401, NULL, wrong_key);
  g_assert_false (check_provider (runtime, "openai", base_url, "sk-wrong", &error));
  g_assert_error (error, TERRA_PROVIDER_ERROR, TERRA_PROVIDER_ERROR_UNAUTHORIZED);
  g_clear_error (&error);

  fake_provider_server_queue_sse (server, (const char * const *) events, FAKE_END_COMPLETE);
  g_assert_true (check_provider (runtime, "openai", base_url, "sk-right", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (fake_request_get_header (fake_provider_server_get_request (server, 1), "Authorization"), ==,
                   "Bearer sk-right");

  fake_provider_server_free (server);
}

static void
set_string (TerraStore *store,
            const char *key,
            const char *value)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_VALUE);
  g_autoptr(GError) error = NULL;

  json_node_set_string (node, value);
  g_assert_true (terra_store_set_setting (store, key, node, &error));
  g_assert_no_error (error);
}

static gint64
add_item (TerraStore *store,
          const char *title,
          const char *body)
{
  g_autoptr(TerraKnowledgeItem) item = terra_knowledge_item_new ();
  g_autoptr(GError) error = NULL;

  terra_knowledge_item_set_category (item, TERRA_KNOWLEDGE_FAQ);
  terra_knowledge_item_set_title (item, title);
  terra_knowledge_item_set_body (item, body);
  terra_knowledge_item_set_published (item, TRUE);
  g_assert_true (terra_store_insert (store, item, &error));
  g_assert_no_error (error);
  return terra_knowledge_item_get_id (item);
}

/* With a provider that embeds, every passage gets an embedding once, and
 * search finds a passage by meaning when no word matches. */
static void
test_embedder_fills_embeddings (void)
{
  g_autoptr(TerraTestWorkspace) workspace = terra_test_workspace_new ();
  TerraStore *store = terra_workspace_get_store (workspace);
  FakeProviderServer *server = fake_provider_server_new ();
  g_autofree char *base_url = fake_provider_server_get_url (server, "/v1");
  g_autoptr(TerraProvider) provider = NULL;
  g_autoptr(GArray) missing = NULL;
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *model_key = NULL;
  const float question[] = { 0.0f, 1.0f };
  gint64 parking;
  guint n = 0;

  add_item (store, "Opening hours", "We open at nine.");
  parking = add_item (store, "Parking", "Covered spaces in the basement.");
  set_string (store, "provider.kind", "openai");
  set_string (store, "provider.base_url", base_url);
  set_string (store, "provider.embedding_model", "fake-embed");
  g_setenv ("TERRA_SECRET_OPENAI_API_KEY", "sk-test", TRUE);
  provider = terra_provider_new_for_settings (store, terra_workspace_get_id (workspace), &error);
  g_assert_no_error (error);
  model_key = terra_embedder_model_key (provider, store);
  g_assert_cmpstr (model_key, ==, "openai/fake-embed");

  /* The passages come newest-published first or oldest first; answer by
   * the text the server received. */
  fake_provider_server_queue_json (server, 200, NULL,
    "{\"object\":\"list\",\"data\":["
    "{\"object\":\"embedding\",\"index\":0,\"embedding\":[1,0]},"
    "{\"object\":\"embedding\",\"index\":1,\"embedding\":[0,1]}],"
    "\"model\":\"fake-embed\",\"usage\":{\"prompt_tokens\":6,\"total_tokens\":6}}");
  g_assert_true (terra_embedder_run_once (workspace, store, provider, &n, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 2);
  missing = terra_knowledge_chunks_missing_embeddings (store, model_key, 10, &error);
  g_assert_cmpuint (missing->len, ==, 0);

  /* Nothing left to do: no second request. */
  g_assert_true (terra_embedder_run_once (workspace, store, provider, &n, NULL, &error));
  g_assert_cmpuint (n, ==, 0);
  g_assert_cmpuint (fake_provider_server_get_n_requests (server), ==, 1);

  {
    JsonNode *body = fake_request_get_json (fake_provider_server_get_request (server, 0));
    JsonArray *input = json_object_get_array_member (json_node_get_object (body), "input");
    gboolean parking_second = strstr (json_array_get_string_element (input, 1), "basement") != NULL;
    const float other[] = { 1.0f, 0.0f };

    hits = terra_knowledge_search (store, "zzz", parking_second ? question : other, 2, 3, &error);
    json_node_unref (body);
  }
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, >=, 1);
  g_assert_cmpint (((TerraKnowledgeHit *) g_ptr_array_index (hits, 0))->item_id, ==, parking);

  g_unsetenv ("TERRA_SECRET_OPENAI_API_KEY");
  fake_provider_server_free (server);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/runtime/start-answers-waiting-messages", test_start_answers_waiting_messages);
  g_test_add_func ("/runtime/test-chat", test_test_chat);
  g_test_add_func ("/runtime/provider-check", test_provider_check);
  g_test_add_func ("/runtime/embedder-fills-embeddings", test_embedder_fills_embeddings);

  return g_test_run ();
}
