/* test-orchestrator.c — the worker threads: every message answered exactly
 * once and in order, after a crash too, and when the LLM is down
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "terra-orchestrator.h"
#include "terra-knowledge.h"
#include "terra-prompt-builder.h"
#include "terra-test-utils.h"

/* Monday 2026-06-01 09:00 in Kolkata. */
#define NOW ((gint64)1780284600 * G_USEC_PER_SEC)

/* A provider that is always down: what an LLM is after its retries. */
#define TEST_TYPE_FAILING_PROVIDER (test_failing_provider_get_type ())
G_DECLARE_FINAL_TYPE (TestFailingProvider, test_failing_provider, TEST, FAILING_PROVIDER, GObject)

struct _TestFailingProvider
{
  GObject parent_instance;
  guint   delay_ms;
};

static int failing_calls;

static TerraChatResponse *
failing_chat (TerraProvider           *provider,
              const TerraChatRequest  *request,
              TerraTextDeltaFunc       on_delta,
              gpointer                 user_data,
              GCancellable            *cancellable,
              GError                 **error)
{
  TestFailingProvider *self = TEST_FAILING_PROVIDER (provider);

  g_atomic_int_inc (&failing_calls);
  if (self->delay_ms > 0)
    g_usleep (self->delay_ms * 1000);
  g_set_error (error, TERRA_PROVIDER_ERROR, TERRA_PROVIDER_ERROR_SERVER, "500 Internal Server Error after 3 retries");
  return NULL;
}

static const char *
failing_get_name (TerraProvider *provider)
{
  return "failing";
}

static gboolean
failing_test_connection (TerraProvider  *provider,
                         GCancellable   *cancellable,
                         GError        **error)
{
  g_set_error (error, TERRA_PROVIDER_ERROR, TERRA_PROVIDER_ERROR_UNREACHABLE, "down");
  return FALSE;
}

static void
failing_iface_init (TerraProviderInterface *iface)
{
  iface->get_name = failing_get_name;
  iface->chat = failing_chat;
  iface->test_connection = failing_test_connection;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (TestFailingProvider, test_failing_provider, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (TERRA_TYPE_PROVIDER, failing_iface_init))

static void
test_failing_provider_class_init (TestFailingProviderClass *klass)
{
}

static void
test_failing_provider_init (TestFailingProvider *self)
{
}

static TerraProvider *
make_failing_provider (TerraStore  *store,
                       const char  *workspace_id,
                       gpointer     user_data,
                       GError     **error)
{
  TestFailingProvider *provider = g_object_new (TEST_TYPE_FAILING_PROVIDER, NULL);

  provider->delay_ms = GPOINTER_TO_UINT (user_data);
  return TERRA_PROVIDER (provider);
}

/* A provider that follows a script, as an LLM would: a malformed call
 * first (its error must come back), then availability, then a booking of
 * the first free slot, then the text. A looping one never stops calling
 * tools. */
#define TEST_TYPE_SCRIPTED_PROVIDER (test_scripted_provider_get_type ())
G_DECLARE_FINAL_TYPE (TestScriptedProvider, test_scripted_provider, TEST, SCRIPTED_PROVIDER, GObject)

struct _TestScriptedProvider
{
  GObject  parent_instance;
  gboolean looping;
  guint    calls;
};

static TerraChatResponse *
tool_call_response (const char *name,
                    const char *arguments)
{
  TerraChatResponse *response = terra_chat_response_new ();

  g_ptr_array_add (response->tool_calls, terra_tool_call_new ("call", name, arguments));
  response->prompt_tokens = 100;
  response->completion_tokens = 10;
  return response;
}

static TerraChatResponse *
scripted_chat (TerraProvider           *provider,
               const TerraChatRequest  *request,
               TerraTextDeltaFunc       on_delta,
               gpointer                 user_data,
               GCancellable            *cancellable,
               GError                 **error)
{
  TestScriptedProvider *self = TEST_SCRIPTED_PROVIDER (provider);
  TerraChatMessage *first = g_ptr_array_index (request->messages, 0);
  TerraChatMessage *last = g_ptr_array_index (request->messages, request->messages->len - 1);
  TerraChatResponse *response;
  guint n_results = 0;

  self->calls++;
  g_assert_cmpint (first->role, ==, TERRA_CHAT_ROLE_SYSTEM);
  g_assert_nonnull (strstr (first->content, "Sunrise Homes"));
  for (guint i = 0; i < request->messages->len; i++)
    n_results += ((TerraChatMessage *)request->messages->pdata[i])->role == TERRA_CHAT_ROLE_TOOL;

  if (self->looping)
    return tool_call_response ("check_availability", "{}");

  switch (n_results)
    {
    case 0:
      g_assert_cmpuint (request->tools->len, ==, 7);
      return tool_call_response ("book_appointment", "{\"start\": \"next tuesday-ish\"}");
    case 1:
      g_assert_true (last->is_error);
      return tool_call_response ("check_availability", "{}");
    case 2:
      {
        g_autoptr(JsonNode) root = json_from_string (last->content, NULL);
        JsonArray *slots = json_object_get_array_member (json_node_get_object (root), "slots");
        g_autofree char *arguments = g_strdup_printf ("{\"start\": \"%s\"}", json_array_get_string_element (slots, 0));

        g_assert_false (last->is_error);
        return tool_call_response ("book_appointment", arguments);
      }
    default:
      g_assert_false (last->is_error);
      response = terra_chat_response_new ();
      g_free (response->text);
      response->text = g_strdup ("You are booked for Monday at 10:00.");
      response->prompt_tokens = 100;
      response->completion_tokens = 12;
      return response;
    }
}

static const char *
scripted_get_name (TerraProvider *provider)
{
  return "scripted";
}

static gboolean
scripted_test_connection (TerraProvider  *provider,
                          GCancellable   *cancellable,
                          GError        **error)
{
  return TRUE;
}

static void
scripted_iface_init (TerraProviderInterface *iface)
{
  iface->get_name = scripted_get_name;
  iface->chat = scripted_chat;
  iface->test_connection = scripted_test_connection;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (TestScriptedProvider, test_scripted_provider, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (TERRA_TYPE_PROVIDER, scripted_iface_init))

static void
test_scripted_provider_class_init (TestScriptedProviderClass *klass)
{
}

static void
test_scripted_provider_init (TestScriptedProvider *self)
{
}

static TerraProvider *
make_scripted_provider (TerraStore  *store,
                        const char  *workspace_id,
                        gpointer     user_data,
                        GError     **error)
{
  TestScriptedProvider *provider = g_object_new (TEST_TYPE_SCRIPTED_PROVIDER, NULL);

  provider->looping = GPOINTER_TO_UINT (user_data);
  return TERRA_PROVIDER (provider);
}

/* Fixtures */

typedef struct
{
  TerraWorkspace *workspace;
  TerraStore     *store;
} Fixture;

static void
set_string (TerraStore *store,
            const char *key,
            const char *value)
{
  g_autoptr(JsonNode) node = json_node_init_string (json_node_alloc (), value);

  g_assert_true (terra_store_set_setting (store, key, node, NULL));
}

static void
add_knowledge (TerraStore *store,
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
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(TerraAppointmentType) type = terra_appointment_type_new ();
  TerraOpeningRange week[6];

  fixture->workspace = terra_test_workspace_new ();
  fixture->store = terra_workspace_get_store (fixture->workspace);
  set_string (fixture->store, "business.timezone", "Asia/Kolkata");
  set_string (fixture->store, "business.name", "Sunrise Homes");
  for (int day = 1; day <= 6; day++)
    week[day - 1] = (TerraOpeningRange) { day, 10 * 60, 19 * 60 };
  g_assert_true (terra_store_set_opening_hours (fixture->store, week, 6, NULL));
  terra_appointment_type_set_name (type, "Site visit");
  terra_appointment_type_set_duration_minutes (type, 60);
  g_assert_true (terra_store_insert (fixture->store, type, NULL));
  add_knowledge (fixture->store, "Is there parking?",
                 "Yes. Every apartment comes with one covered car parking space.");
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  terra_test_workspace_free (fixture->workspace);
}

static gint64
new_conversation (Fixture *fixture,
                  guint    n)
{
  g_autoptr(TerraContact) contact = terra_contact_new ();
  g_autoptr(TerraConversation) conversation = terra_conversation_new ();
  g_autofree char *name = g_strdup_printf ("Lead %u", n);

  terra_contact_set_name (contact, name);
  g_assert_true (terra_store_insert (fixture->store, contact, NULL));
  terra_conversation_set_contact_id (conversation, terra_contact_get_id (contact));
  terra_conversation_set_channel (conversation, TERRA_CHANNEL_WEBCHAT);
  g_assert_true (terra_store_insert (fixture->store, conversation, NULL));
  return terra_conversation_get_id (conversation);
}

static gint64
insert_inbound (TerraStore *store,
                gint64      conversation_id,
                const char *text)
{
  g_autoptr(TerraMessage) message = terra_message_new ();
  g_autoptr(GError) error = NULL;

  terra_message_set_conversation_id (message, conversation_id);
  terra_message_set_direction (message, TERRA_DIRECTION_INBOUND);
  terra_message_set_author (message, TERRA_AUTHOR_LEAD);
  terra_message_set_channel (message, TERRA_CHANNEL_WEBCHAT);
  terra_message_set_body (message, text);
  g_assert_true (terra_store_insert (store, message, &error));
  g_assert_no_error (error);
  return terra_message_get_id (message);
}

static const char * const lines[] = {
  "Hello", "Do you have parking?", "I am looking for a 2BHK apartment", "My budget is 80 lakh",
  "We want to move in within a month", "Is there a gym?", "ok thanks", "Near Indiranagar please",
  "What documents do I need?", "I decide together with my wife",
};

/* Checks that every inbound message of the conversation got exactly one
 * answer, and that answers came in the order of the questions. Returns
 * how many inbound messages there are. */
static guint
assert_answered_once_in_order (Fixture  *fixture,
                               gint64    conversation_id,
                               gboolean  expect_fallback)
{
  g_autoptr(GPtrArray) messages = terra_store_list_messages (fixture->store, conversation_id, NULL);
  g_autoptr(TerraQuery) query = terra_query_new (TERRA_TYPE_EVENT_RECORD);
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GHashTable) answered = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  gint64 previous_in_reply_to = 0;
  guint n_inbound = 0;
  guint n_outbound = 0;

  for (guint i = 0; i < messages->len; i++)
    {
      TerraMessage *message = g_ptr_array_index (messages, i);

      if (terra_message_get_direction (message) == TERRA_DIRECTION_INBOUND)
        {
          n_inbound++;
          g_assert_cmpint (terra_message_get_processed_at (message), !=, 0);
        }
      else
        n_outbound++;
    }

  terra_query_where_int (query, "conversation_id", TERRA_QUERY_EQ, conversation_id);
  terra_query_where_text (query, "kind", TERRA_QUERY_EQ, "assistant.replied");
  terra_query_order_by (query, "message_id", FALSE);
  events = terra_store_list (fixture->store, query, NULL);
  g_assert_cmpuint (events->len, ==, n_outbound);

  /* Reply ids follow inbound ids: sorted by reply, the questions they
   * answer rise too. */
  for (guint i = 0; i < events->len; i++)
    {
      g_autoptr(JsonNode) payload = json_from_string (terra_event_record_get_payload (events->pdata[i]), NULL);
      JsonObject *object = json_node_get_object (payload);
      gint64 in_reply_to = json_object_get_int_member (object, "in_reply_to");

      g_assert_cmpint (in_reply_to, >, previous_in_reply_to);
      g_assert_cmpint (terra_event_record_get_message_id (events->pdata[i]), >, in_reply_to);
      g_assert_false (g_hash_table_contains (answered, &in_reply_to));
      g_hash_table_add (answered, g_memdup2 (&in_reply_to, sizeof in_reply_to));
      previous_in_reply_to = in_reply_to;
      g_assert_cmpint (json_object_has_member (object, "fallback_reason"), ==, expect_fallback);
    }

  g_assert_cmpuint (n_outbound, ==, n_inbound);
  return n_inbound;
}

static void
test_queue (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(TerraOrchestrator) orchestrator = terra_orchestrator_new (fixture->workspace);
  g_autoptr(GError) error = NULL;
  gint64 conversations[20];
  guint total = 0;
  gint64 started;

  terra_orchestrator_set_now (orchestrator, NOW);
  for (guint i = 0; i < G_N_ELEMENTS (conversations); i++)
    conversations[i] = new_conversation (fixture, i);

  g_assert_true (terra_orchestrator_start (orchestrator, &error));
  g_assert_no_error (error);
  started = g_get_monotonic_time ();

  /* Interleaved: each conversation gets a message, round after round,
   * while the workers are already answering. */
  for (guint round = 0; round < 10; round++)
    for (guint i = 0; i < G_N_ELEMENTS (conversations); i++)
      {
        insert_inbound (fixture->store, conversations[i], lines[(round + i) % G_N_ELEMENTS (lines)]);
        terra_orchestrator_enqueue (orchestrator, conversations[i]);
      }

  g_assert_true (terra_orchestrator_wait_idle (orchestrator, 120000));
  g_test_message ("200 messages, 20 conversations, 2 workers: %.1f ms",
                  (g_get_monotonic_time () - started) / 1000.0);
  terra_orchestrator_stop (orchestrator);

  for (guint i = 0; i < G_N_ELEMENTS (conversations); i++)
    total += assert_answered_once_in_order (fixture, conversations[i], FALSE);
  g_assert_cmpuint (total, ==, 200);
}

static void
test_crash_recovery (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(TerraOrchestrator) first = NULL;
  g_autoptr(TerraOrchestrator) second = NULL;
  g_autoptr(TerraQuery) waiting = terra_query_new (TERRA_TYPE_MESSAGE);
  g_autoptr(GError) error = NULL;
  gint64 conversations[5];
  gint64 left;
  guint total = 0;

  /* Messages a crashed run left: in the database, never queued. */
  for (guint i = 0; i < G_N_ELEMENTS (conversations); i++)
    {
      conversations[i] = new_conversation (fixture, i);
      for (guint j = 0; j < 8; j++)
        insert_inbound (fixture->store, conversations[i], lines[(i + j) % G_N_ELEMENTS (lines)]);
    }

  /* A run stopped in the middle: a slow failing provider keeps each
   * message busy, then the stop leaves the rest waiting. */
  first = terra_orchestrator_new (fixture->workspace);
  terra_orchestrator_set_now (first, NOW);
  terra_orchestrator_set_provider_func (first, make_failing_provider, GUINT_TO_POINTER (15), NULL);
  terra_query_where_null (waiting, "processed_at", TRUE);
  terra_query_where_enum (waiting, "direction", TERRA_TYPE_DIRECTION, TERRA_DIRECTION_INBOUND);
  g_assert_true (terra_orchestrator_start (first, &error));
  for (guint i = 0; i < 2000 && terra_store_count (fixture->store, waiting, NULL) == 40; i++)
    g_usleep (5 * 1000);
  terra_orchestrator_stop (first);
  left = terra_store_count (fixture->store, waiting, NULL);
  g_test_message ("stopped with %" G_GINT64_FORMAT " of 40 messages waiting", left);
  g_assert_cmpint (left, >, 0);
  g_assert_cmpint (left, <, 40);

  /* The restart finds them by itself. */
  second = terra_orchestrator_new (fixture->workspace);
  terra_orchestrator_set_now (second, NOW);
  terra_orchestrator_set_provider_func (second, make_failing_provider, GUINT_TO_POINTER (0), NULL);
  g_assert_true (terra_orchestrator_start (second, &error));
  g_assert_true (terra_orchestrator_wait_idle (second, 60000));
  terra_orchestrator_stop (second);

  g_assert_cmpint (terra_store_count (fixture->store, waiting, NULL), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (conversations); i++)
    total += assert_answered_once_in_order (fixture, conversations[i], TRUE);
  g_assert_cmpuint (total, ==, 40);
}

static void
test_failing_provider (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(TerraOrchestrator) orchestrator = terra_orchestrator_new (fixture->workspace);
  g_autoptr(TerraSimulation) simulation = NULL;
  g_autoptr(GError) error = NULL;
  gint64 conversation = new_conversation (fixture, 1);
  int calls_before = g_atomic_int_get (&failing_calls);

  terra_orchestrator_set_now (orchestrator, NOW);
  terra_orchestrator_set_provider_func (orchestrator, make_failing_provider, NULL, NULL);

  g_assert_true (terra_orchestrator_simulate (orchestrator, fixture->store, conversation,
                                              "Do you have parking?", &simulation, &error));
  g_assert_no_error (error);
  g_assert_true (simulation->fallback);
  g_assert_cmpstr (simulation->provider, ==, "builtin");
  g_assert_nonnull (strstr (simulation->reply, "covered car parking"));
  g_assert_cmpint (g_atomic_int_get (&failing_calls), >, calls_before);

  /* The same through the workers. */
  for (guint i = 0; i < 5; i++)
    insert_inbound (fixture->store, conversation, lines[i]);
  g_assert_true (terra_orchestrator_start (orchestrator, &error));
  terra_orchestrator_enqueue (orchestrator, conversation);
  g_assert_true (terra_orchestrator_wait_idle (orchestrator, 60000));
  terra_orchestrator_stop (orchestrator);

  g_assert_cmpuint (assert_answered_once_in_order (fixture, conversation, TRUE), ==, 6);
}

/* The owner may prefer a holding reply and the conversation to the
 * built-in engine's answer when the LLM is down. */
static void
test_failing_provider_hands_off (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autoptr(TerraOrchestrator) orchestrator = terra_orchestrator_new (fixture->workspace);
  g_autoptr(TerraSimulation) simulation = NULL;
  g_autoptr(TerraConversation) stored = NULL;
  g_autoptr(GError) error = NULL;
  gint64 conversation = new_conversation (fixture, 1);

  set_string (fixture->store, "assistant.on_provider_failure", "handoff");
  terra_orchestrator_set_now (orchestrator, NOW);
  terra_orchestrator_set_provider_func (orchestrator, make_failing_provider, NULL, NULL);

  g_assert_true (terra_orchestrator_simulate (orchestrator, fixture->store, conversation,
                                              "Do you have parking?", &simulation, &error));
  g_assert_no_error (error);
  g_assert_true (simulation->fallback);
  g_assert_true (simulation->escalate);
  g_assert_cmpstr (simulation->decision, ==, "handoff");
  g_assert_null (strstr (simulation->reply, "covered car parking"));
  g_assert_nonnull (strstr (simulation->reply, "get back to you"));

  stored = terra_store_get (fixture->store, TERRA_TYPE_CONVERSATION, conversation, &error);
  g_assert_cmpint (terra_conversation_get_status (stored), ==, TERRA_CONVERSATION_STATUS_HANDED_OFF);
  g_assert_cmpstr (terra_conversation_get_handoff_reason (stored), ==, "technical");
}

static void
test_llm_tool_loop (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(TerraOrchestrator) orchestrator = terra_orchestrator_new (fixture->workspace);
  g_autoptr(TerraSimulation) simulation = NULL;
  g_autoptr(TerraMessage) reply = NULL;
  g_autoptr(TerraQuery) query = terra_query_new (TERRA_TYPE_BOOKING);
  g_autoptr(GError) error = NULL;
  gint64 conversation = new_conversation (fixture, 1);

  terra_orchestrator_set_now (orchestrator, NOW);
  terra_orchestrator_set_provider_func (orchestrator, make_scripted_provider, GUINT_TO_POINTER (FALSE), NULL);
  g_assert_true (terra_orchestrator_simulate (orchestrator, fixture->store, conversation,
                                              "Book me a site visit please", &simulation, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (simulation->provider, ==, "scripted");
  g_assert_false (simulation->fallback);
  g_assert_cmpstr (simulation->reply, ==, "You are booked for Monday at 10:00.");
  g_assert_cmpuint (simulation->actions->len, ==, 1);
  g_assert_cmpint (((TerraAction *)simulation->actions->pdata[0])->kind, ==, TERRA_ACTION_BOOKED);
  g_assert_cmpint (simulation->prompt_tokens, ==, 400);
  g_assert_cmpint (simulation->completion_tokens, ==, 42);

  reply = terra_store_get (fixture->store, TERRA_TYPE_MESSAGE, simulation->reply_id, NULL);
  g_assert_cmpint (terra_message_get_prompt_tokens (reply), ==, 400);
  g_assert_cmpint (terra_message_get_completion_tokens (reply), ==, 42);
  g_assert_cmpint (terra_message_get_author (reply), ==, TERRA_AUTHOR_ASSISTANT);
  terra_query_where_enum (query, "source", TERRA_TYPE_BOOKING_SOURCE, TERRA_BOOKING_SOURCE_ASSISTANT);
  g_assert_cmpint (terra_store_count (fixture->store, query, NULL), ==, 1);
}

static void
test_tool_loop_bounded (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(TerraOrchestrator) orchestrator = terra_orchestrator_new (fixture->workspace);
  g_autoptr(TerraSimulation) simulation = NULL;
  g_autoptr(GError) error = NULL;
  gint64 conversation = new_conversation (fixture, 1);

  terra_orchestrator_set_now (orchestrator, NOW);
  terra_orchestrator_set_provider_func (orchestrator, make_scripted_provider, GUINT_TO_POINTER (TRUE), NULL);
  g_assert_true (terra_orchestrator_simulate (orchestrator, fixture->store, conversation,
                                              "Do you have parking?", &simulation, &error));
  g_assert_no_error (error);

  /* The model never stops calling tools: after the bound, the built-in
   * engine answers, once. */
  g_assert_true (simulation->fallback);
  g_assert_nonnull (strstr (simulation->reply, "covered car parking"));
  assert_answered_once_in_order (fixture, conversation, TRUE);
}

static void
handled_cb (TerraOrchestrator *orchestrator,
            gint64             conversation_id,
            gint64             message_id,
            gint64             reply_id,
            gpointer           user_data)
{
  guint *counts = user_data;

  g_assert_cmpint (message_id, >, 0);
  g_assert_true (reply_id == 0 || reply_id > message_id);
  counts[0]++;
  counts[1] += reply_id != 0;
}

static void
test_signal_and_away (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(TerraOrchestrator) orchestrator = terra_orchestrator_new (fixture->workspace);
  g_autoptr(JsonNode) off = json_node_init_boolean (json_node_alloc (), FALSE);
  g_autoptr(GError) error = NULL;
  gint64 conversation = new_conversation (fixture, 1);
  guint counts[2] = { 0, 0 };  /* handled, replied */
  gint64 deadline;

  terra_orchestrator_set_now (orchestrator, NOW);
  g_signal_connect (orchestrator, "message-handled", G_CALLBACK (handled_cb), counts);

  /* Off: the away message goes out once, not after every line. */
  g_assert_true (terra_store_set_setting (fixture->store, "assistant.enabled", off, NULL));
  set_string (fixture->store, "assistant.away_message", "We are away until Monday.");
  for (guint i = 0; i < 3; i++)
    insert_inbound (fixture->store, conversation, lines[i]);
  g_assert_true (terra_orchestrator_start (orchestrator, &error));
  terra_orchestrator_enqueue (orchestrator, conversation);
  g_assert_true (terra_orchestrator_wait_idle (orchestrator, 60000));
  terra_orchestrator_stop (orchestrator);

  /* The signal reaches the main context, once per message. */
  deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while (counts[0] < 3 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (counts[0], ==, 3);
  g_assert_cmpuint (counts[1], ==, 1);

  {
    g_autoptr(GPtrArray) messages = terra_store_list_messages (fixture->store, conversation, NULL);
    guint replies = 0;

    for (guint i = 0; i < messages->len; i++)
      if (terra_message_get_direction (messages->pdata[i]) == TERRA_DIRECTION_OUTBOUND)
        {
          g_assert_cmpstr (terra_message_get_body (messages->pdata[i]), ==, "We are away until Monday.");
          replies++;
        }
      else
        g_assert_cmpint (terra_message_get_processed_at (messages->pdata[i]), !=, 0);
    g_assert_cmpuint (replies, ==, 1);
  }
}

static void
add_turn (TerraStore *store,
          gint64      conversation_id,
          guint       turn)
{
  g_autoptr(TerraMessage) lead = terra_message_new ();
  g_autoptr(TerraMessage) reply = terra_message_new ();
  g_autofree char *question = g_strdup_printf ("Message %u: I am still comparing a few projects in the east of the "
                                               "city and would like to know more about the floor plans, the "
                                               "parking, the schools nearby and the payment plan.", turn);
  g_autofree char *answer = g_strdup_printf ("Reply %u: Thank you! Every apartment comes with one covered car "
                                             "parking space. Would you like to visit the site this week to see "
                                             "the floor plans in person?", turn);

  terra_message_set_conversation_id (lead, conversation_id);
  terra_message_set_direction (lead, TERRA_DIRECTION_INBOUND);
  terra_message_set_author (lead, TERRA_AUTHOR_LEAD);
  terra_message_set_channel (lead, TERRA_CHANNEL_WEBCHAT);
  terra_message_set_body (lead, question);
  terra_message_set_processed_at (lead, NOW);
  g_assert_true (terra_store_insert (store, lead, NULL));

  terra_message_set_conversation_id (reply, conversation_id);
  terra_message_set_direction (reply, TERRA_DIRECTION_OUTBOUND);
  terra_message_set_author (reply, TERRA_AUTHOR_ASSISTANT);
  terra_message_set_channel (reply, TERRA_CHANNEL_WEBCHAT);
  terra_message_set_body (reply, answer);
  g_assert_true (terra_store_insert (store, reply, NULL));
}

static void
test_prompt_budget (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(TerraPromptBuilder) builder = terra_prompt_builder_new (fixture->store);
  g_autoptr(TerraAnalyzer) analyzer = terra_analyzer_new ();
  g_autoptr(TerraAnalyzerResult) latest = terra_analyzer_analyze (analyzer, "Is there parking?", NULL);
  gint64 conversation = new_conversation (fixture, 1);
  const guint checkpoints[] = { 5, 50, 500 };
  guint turn = 0;
  guint budget = terra_prompt_builder_get_budget (builder);

  for (guint i = 0; i < 20; i++)
    {
      g_autoptr(TerraInstruction) instruction = terra_instruction_new ();
      g_autofree char *body = g_strdup_printf ("Rule %u: always mention that site visits are free and take "
                                               "about an hour, and never discuss other projects.", i);

      terra_instruction_set_kind (instruction, i % 4);
      terra_instruction_set_condition (instruction, "the lead asks about price");
      terra_instruction_set_body (instruction, body);
      terra_instruction_set_priority (instruction, i);
      g_assert_true (terra_store_insert (fixture->store, instruction, NULL));
    }
  for (guint i = 0; i < 30; i++)
    {
      g_autofree char *title = g_strdup_printf ("Parking rule %u", i);
      g_autoptr(GString) body = g_string_new (NULL);

      for (guint j = 0; j < 40; j++)
        g_string_append (body, "Visitors park in the basement; residents have one covered parking space each. ");
      add_knowledge (fixture->store, title, body->str);
    }

  for (guint c = 0; c < G_N_ELEMENTS (checkpoints); c++)
    {
      g_autoptr(TerraChatRequest) request = NULL;
      g_autoptr(TerraConversation) record = NULL;
      g_autofree char *summary = NULL;
      g_autoptr(GError) error = NULL;
      guint n_tokens = 0;

      while (turn < checkpoints[c])
        add_turn (fixture->store, conversation, ++turn);

      /* What the orchestrator does after each reply. */
      summary = terra_prompt_builder_summarize (builder, conversation, &error);
      g_assert_no_error (error);
      record = terra_store_get (fixture->store, TERRA_TYPE_CONVERSATION, conversation, NULL);
      terra_conversation_set_summary (record, summary);
      g_assert_true (terra_store_update (fixture->store, record, NULL));

      request = terra_prompt_builder_build (builder, conversation, latest, NOW, &n_tokens, &error);
      g_assert_no_error (error);
      g_assert_nonnull (request);
      g_test_message ("turn %u: prompt %u tokens (budget %u), %u messages, summary %u tokens",
                      turn, n_tokens, budget, request->messages->len,
                      terra_knowledge_estimate_tokens (summary, -1));
      g_print ("# prompt at turn %u: %u tokens of %u\n", turn, n_tokens, budget);
      g_assert_cmpuint (n_tokens, <=, budget);
      g_assert_cmpuint (n_tokens, ==, terra_prompt_builder_estimate_tokens (request));
      g_assert_cmpint (((TerraChatMessage *)request->messages->pdata[0])->role, ==, TERRA_CHAT_ROLE_SYSTEM);
      g_assert_cmpint (((TerraChatMessage *)request->messages->pdata[1])->role, ==, TERRA_CHAT_ROLE_USER);
      g_assert_nonnull (strstr (((TerraChatMessage *)request->messages->pdata[0])->content, "[K"));
      if (turn > 10)
        g_assert_cmpstr (summary, !=, "");
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/orchestrator/queue", Fixture, NULL, fixture_set_up, test_queue, fixture_tear_down);
  g_test_add ("/orchestrator/crash-recovery", Fixture, NULL, fixture_set_up, test_crash_recovery, fixture_tear_down);
  g_test_add ("/orchestrator/failing-provider", Fixture, NULL, fixture_set_up, test_failing_provider, fixture_tear_down);
  g_test_add ("/orchestrator/failing-provider-hands-off", Fixture, NULL, fixture_set_up,
              test_failing_provider_hands_off, fixture_tear_down);
  g_test_add ("/orchestrator/llm-tool-loop", Fixture, NULL, fixture_set_up, test_llm_tool_loop, fixture_tear_down);
  g_test_add ("/orchestrator/tool-loop-bounded", Fixture, NULL, fixture_set_up, test_tool_loop_bounded, fixture_tear_down);
  g_test_add ("/orchestrator/signal-and-away", Fixture, NULL, fixture_set_up, test_signal_and_away, fixture_tear_down);
  g_test_add ("/orchestrator/prompt-budget", Fixture, NULL, fixture_set_up, test_prompt_budget, fixture_tear_down);

  return g_test_run ();
}
