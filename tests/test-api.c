/* test-api.c — the REST endpoints for the assistant, conversations,
 * knowledge and metrics, called as the server calls them
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "test-api-common.h"
#include "terra-inbound.h"
#include "terra-orchestrator.h"

#define FAQ_FACT "one covered car parking space"

/* Text a lead or an owner may well type that must never be interpreted:
 * markup, SQL, quotes, a backslash, a newline and non-ASCII. */
#define HOSTILE "<script>alert(\"hi\")</script>'; DROP TABLE messages; -- \\ \n café ✓"
#define HOSTILE_JSON "<script>alert(\\\"hi\\\")</script>'; DROP TABLE messages; -- \\\\ \\n café ✓"

static void
add_faq (TerraStore *store,
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
with_engine (ApiFixture *fixture)
{
  add_faq (fixture->store, "Is there parking?",
           "Yes. Every apartment comes with " FAQ_FACT ", and visitors can park free of charge in the basement.");
  fixture->orchestrator = terra_orchestrator_new (fixture->workspace);
  terra_orchestrator_set_now (fixture->orchestrator, API_NOW_US);
}

static gint64
count_messages (ApiFixture     *fixture,
                gint64          conversation_id,
                TerraDirection  direction)
{
  g_autoptr(TerraQuery) query = terra_query_new (TERRA_TYPE_MESSAGE);
  g_autoptr(GError) error = NULL;
  gint64 n;

  terra_query_where_int (query, "conversation_id", TERRA_QUERY_EQ, conversation_id);
  terra_query_where_enum (query, "direction", TERRA_TYPE_DIRECTION, direction);
  n = terra_store_count (fixture->store, query, &error);
  g_assert_no_error (error);
  return n;
}

/* A lead who wrote on @channel through the ingest path, as a webhook would
 * store it. */
static gint64
ingest (ApiFixture   *fixture,
        TerraChannel  channel,
        const char   *from,
        const char   *name,
        const char   *text)
{
  TerraInboundMessage message = { .channel = channel, .from = from, .name = name, .text = text };
  TerraIngestResult result = { 0 };
  g_autoptr(GError) error = NULL;

  g_assert_true (terra_store_ingest_message (fixture->store, &message, &result, &error));
  g_assert_no_error (error);
  return result.conversation_id;
}

static void
set_status (ApiFixture              *fixture,
            gint64                   conversation_id,
            TerraConversationStatus  status)
{
  g_autoptr(TerraConversation) conversation = NULL;
  g_autoptr(GError) error = NULL;

  conversation = terra_store_get (fixture->store, TERRA_TYPE_CONVERSATION, conversation_id, &error);
  g_assert_no_error (error);
  terra_conversation_set_status (conversation, status);
  g_assert_true (terra_store_update (fixture->store, conversation, &error));
  g_assert_no_error (error);
}

/* When the lead last wrote, as the list sorts and filters by it. */
static void
set_activity (ApiFixture *fixture,
              gint64      conversation_id,
              const char *iso8601)
{
  g_autoptr(TerraConversation) conversation = NULL;
  g_autoptr(GDateTime) time = g_date_time_new_from_iso8601 (iso8601, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (time);
  conversation = terra_store_get (fixture->store, TERRA_TYPE_CONVERSATION, conversation_id, &error);
  g_assert_no_error (error);
  terra_conversation_set_last_activity_at (conversation, g_date_time_to_unix (time) * G_USEC_PER_SEC);
  g_assert_true (terra_store_update (fixture->store, conversation, &error));
  g_assert_no_error (error);
}

/* Analyses the conversation's newest message with @sentiment, as the
 * orchestrator would. */
static void
set_sentiment (ApiFixture     *fixture,
               gint64          conversation_id,
               TerraSentiment  sentiment)
{
  g_autoptr(GPtrArray) messages = terra_store_list_messages (fixture->store, conversation_id, NULL);
  g_autoptr(TerraAnalysis) analysis = terra_analysis_new ();
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (messages->len, >, 0);
  terra_analysis_set_message_id (analysis, terra_message_get_id (g_ptr_array_index (messages, messages->len - 1)));
  terra_analysis_set_conversation_id (analysis, conversation_id);
  terra_analysis_set_intent (analysis, "complaint");
  terra_analysis_set_sentiment (analysis, sentiment);
  g_assert_true (terra_store_insert (fixture->store, analysis, &error));
  g_assert_no_error (error);
}

static const char *
member_string (JsonObject *object,
               const char *name)
{
  g_assert_true (json_object_has_member (object, name));
  return json_object_get_string_member (object, name);
}

/* Chat */

static void
test_chat_reply (ApiFixture    *fixture,
                 gconstpointer  data)
{
  g_autoptr(JsonNode) first = NULL;
  g_autoptr(JsonNode) second = NULL;
  JsonObject *answer, *analysis;
  gint64 conversation_id;

  with_engine (fixture);
  first = api_call (fixture, terra_api_chat, 0, NULL,
                    "{\"from\": \"visitor-17\", \"name\": \"Priya\", \"text\": \"Is there parking for visitors?\"}",
                    200);
  answer = api_object (first);
  g_assert_nonnull (strstr (member_string (answer, "reply"), FAQ_FACT));
  conversation_id = json_object_get_int_member (answer, "conversation_id");
  g_assert_cmpint (conversation_id, >, 0);
  g_assert_cmpstr (member_string (answer, "decision"), ==, "replied");
  g_assert_false (json_object_get_boolean_member (answer, "draft"));

  analysis = json_object_get_object_member (answer, "analysis");
  g_assert_nonnull (analysis);
  g_assert_cmpstr (member_string (analysis, "intent"), !=, "");
  g_assert_nonnull (member_string (analysis, "sentiment"));
  g_assert_true (json_object_has_member (analysis, "lead_score"));
  g_assert_cmpint (json_object_get_int_member (analysis, "lead_score"), >=, 0);
  g_assert_nonnull (member_string (analysis, "temperature"));
  g_assert_false (json_object_get_boolean_member (analysis, "escalate"));
  g_assert_true (JSON_NODE_HOLDS_ARRAY (json_object_get_member (answer, "actions")));

  /* The lead's message was stored once (simulate stores it), and the
   * reply once. */
  g_assert_cmpint (count_messages (fixture, conversation_id, TERRA_DIRECTION_INBOUND), ==, 1);
  g_assert_cmpint (count_messages (fixture, conversation_id, TERRA_DIRECTION_OUTBOUND), ==, 1);

  /* The same sender goes on in the same conversation. */
  second = api_call (fixture, terra_api_chat, 0, NULL,
                     "{\"from\": \"visitor-17\", \"text\": \"Thanks! Which floors are free?\"}", 200);
  g_assert_cmpint (json_object_get_int_member (api_object (second), "conversation_id"), ==, conversation_id);
  g_assert_cmpint (count_messages (fixture, conversation_id, TERRA_DIRECTION_INBOUND), ==, 2);
  g_assert_cmpint (api_count (fixture->store, TERRA_TYPE_CONTACT), ==, 1);
}

static void
test_chat_booking_action (ApiFixture    *fixture,
                          gconstpointer  data)
{
  g_autoptr(JsonNode) offer = NULL;
  g_autoptr(JsonNode) booked = NULL;
  JsonArray *actions;
  JsonObject *action;

  with_engine (fixture);
  offer = api_call (fixture, terra_api_chat, 0, NULL,
                    "{\"from\": \"visitor-3\", \"name\": \"Rohan\", \"text\": \"Can I book a site visit tomorrow afternoon?\"}",
                    200);
  g_assert_nonnull (strstr (member_string (api_object (offer), "reply"), "Tue 2 Jun"));

  booked = api_call (fixture, terra_api_chat, 0, NULL, "{\"from\": \"visitor-3\", \"text\": \"1pm works\"}", 200);
  actions = json_object_get_array_member (api_object (booked), "actions");
  g_assert_cmpuint (json_array_get_length (actions), >=, 1);
  action = json_array_get_object_element (actions, 0);
  g_assert_cmpstr (member_string (action, "kind"), ==, "booked");
  g_assert_cmpint (json_object_get_int_member (action, "id"), >, 0);
  g_assert_cmpint (api_count (fixture->store, TERRA_TYPE_BOOKING), ==, 1);
}

static void
test_chat_conversation_id (ApiFixture    *fixture,
                           gconstpointer  data)
{
  g_autoptr(JsonNode) first = NULL;
  g_autoptr(JsonNode) again = NULL;
  g_autofree char *body = NULL;
  gint64 conversation_id, whatsapp_id;

  with_engine (fixture);
  first = api_call (fixture, terra_api_chat, 0, NULL, "{\"from\": \"a@example.com\", \"text\": \"Hello\"}", 200);
  conversation_id = json_object_get_int_member (api_object (first), "conversation_id");

  /* By its id alone, and by its id with its own sender. */
  body = g_strdup_printf ("{\"conversation_id\": %" G_GINT64_FORMAT ", \"text\": \"Is there parking?\"}",
                          conversation_id);
  again = api_call (fixture, terra_api_chat, 0, NULL, body, 200);
  g_assert_cmpint (json_object_get_int_member (api_object (again), "conversation_id"), ==, conversation_id);
  g_free (body);

  /* Another sender cannot write into it, nor learn that it exists. */
  body = g_strdup_printf ("{\"conversation_id\": %" G_GINT64_FORMAT ", \"from\": \"b@example.com\", "
                          "\"text\": \"Hi\"}", conversation_id);
  api_fails (fixture, terra_api_chat, 0, NULL, body, 404, NULL);
  g_free (body);

  api_fails (fixture, terra_api_chat, 0, NULL, "{\"conversation_id\": 999999, \"text\": \"Hi\"}", 404, "999999");

  /* A WhatsApp conversation is answered on WhatsApp, not here. */
  whatsapp_id = ingest (fixture, TERRA_CHANNEL_WHATSAPP, "+919800000001", "Meera", "Hi");
  body = g_strdup_printf ("{\"conversation_id\": %" G_GINT64_FORMAT ", \"text\": \"Hi\"}", whatsapp_id);
  api_fails (fixture, terra_api_chat, 0, NULL, body, 400, "whatsapp");

  g_assert_cmpint (count_messages (fixture, conversation_id, TERRA_DIRECTION_INBOUND), ==, 2);
  g_assert_cmpint (count_messages (fixture, whatsapp_id, TERRA_DIRECTION_INBOUND), ==, 1);
}

static void
test_chat_without_engine (ApiFixture    *fixture,
                          gconstpointer  data)
{
  api_fails (fixture, terra_api_chat, 0, NULL, "{\"from\": \"visitor-1\", \"text\": \"Hello\"}", 503, NULL);
  g_assert_cmpint (api_count (fixture->store, TERRA_TYPE_CONTACT), ==, 0);
  g_assert_cmpint (api_count (fixture->store, TERRA_TYPE_MESSAGE), ==, 0);
}

static void
test_chat_bad_input (ApiFixture    *fixture,
                     gconstpointer  data)
{
  g_autofree char *long_text = g_strnfill (TERRA_INBOUND_MAX_TEXT + 1, 'a');
  g_autofree char *too_long = g_strdup_printf ("{\"from\": \"v\", \"text\": \"%s\"}", long_text);
  struct { const char *body; const char *fragment; } cases[] = {
    { "{\"from\": \"v\"}", "text" },
    { "{\"from\": \"v\", \"text\": 42}", "text" },
    { "{\"from\": \"v\", \"text\": \"   \"}", "text" },
    { "{\"from\": \"v\", \"text\": \"hi\", \"txet\": \"typo\"}", "txet" },
    { "{\"text\": \"hi\"}", "from" },
    { "{\"from\": \"\", \"text\": \"hi\"}", "from" },
    { "{\"from\": 7, \"text\": \"hi\"}", "from" },
    { "{\"from\": \"v\", \"text\": \"hi\", \"conversation_id\": \"1\"}", "conversation_id" },
    { "{\"from\": \"v\", \"text\": \"hi\", \"conversation_id\": -4}", "conversation_id" },
    { "[\"from\", \"text\"]", "object" },
    { "\"hello\"", "object" },
    { too_long, "text" },
    { NULL, "body" },
  };

  with_engine (fixture);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    api_fails (fixture, terra_api_chat, 0, NULL, cases[i].body, 400, cases[i].fragment);

  /* Nothing of it was stored. */
  g_assert_cmpint (api_count (fixture->store, TERRA_TYPE_CONTACT), ==, 0);
  g_assert_cmpint (api_count (fixture->store, TERRA_TYPE_CONVERSATION), ==, 0);
  g_assert_cmpint (api_count (fixture->store, TERRA_TYPE_MESSAGE), ==, 0);
}

/* Markup and SQL in what a lead writes are stored as written and come
 * back as the same string, escaped by JSON, never interpreted. */
static void
test_chat_verbatim (ApiFixture    *fixture,
                    gconstpointer  data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) request = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(JsonNode) detail = NULL;
  g_autoptr(GPtrArray) messages = NULL;
  g_autofree char *body = NULL;
  JsonArray *listed;
  gint64 conversation_id;

  with_engine (fixture);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "from");
  json_builder_add_string_value (builder, "visitor-<b>");
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, "Robert'); DROP TABLE contacts;--");
  json_builder_set_member_name (builder, "text");
  json_builder_add_string_value (builder, HOSTILE);
  json_builder_end_object (builder);
  request = json_builder_get_root (builder);
  body = json_to_string (request, FALSE);

  answer = api_call (fixture, terra_api_chat, 0, NULL, body, 200);
  conversation_id = json_object_get_int_member (api_object (answer), "conversation_id");

  messages = terra_store_list_messages (fixture->store, conversation_id, NULL);
  g_assert_cmpstr (terra_message_get_body (g_ptr_array_index (messages, 0)), ==, HOSTILE);

  detail = api_call (fixture, terra_api_get_conversation, conversation_id, NULL, NULL, 200);
  g_assert_nonnull (strstr (fixture->last_text, HOSTILE_JSON));
  listed = json_object_get_array_member (api_object (detail), "messages");
  g_assert_cmpstr (member_string (json_array_get_object_element (listed, 0), "text"), ==, HOSTILE);
  g_assert_cmpstr (member_string (json_object_get_object_member (api_object (detail), "lead"), "name"), ==,
                   "Robert'); DROP TABLE contacts;--");
  /* Every table is still there. */
  g_assert_cmpint (api_count (fixture->store, TERRA_TYPE_CONTACT), ==, 1);
}

/* Conversations */

static gint64
listed_total (ApiFixture *fixture,
              const char *query,
              gint64     *first_id)
{
  g_autoptr(JsonNode) answer = api_call (fixture, terra_api_list_conversations, 0, query, NULL, 200);
  JsonObject *object = api_object (answer);
  JsonArray *page = json_object_get_array_member (object, "conversations");

  if (first_id != NULL)
    *first_id = json_array_get_length (page) > 0
                ? json_object_get_int_member (json_array_get_object_element (page, 0), "id") : 0;
  return json_object_get_int_member (object, "total");
}

static void
test_conversation_filters (ApiFixture    *fixture,
                           gconstpointer  data)
{
  g_autoptr(JsonNode) page = NULL;
  gint64 priya, meera, ravi, anil, first = 0;
  JsonArray *conversations;

  priya = ingest (fixture, TERRA_CHANNEL_WHATSAPP, "+919800000001", "Priya Sharma", "Looking for a 2BHK");
  meera = ingest (fixture, TERRA_CHANNEL_SMS, "+919800000002", "Meera Iyer", "Your agent never called back");
  ravi = ingest (fixture, TERRA_CHANNEL_TELEGRAM, "5550001", "Ravi Kumar", "Is the balcony south facing?");
  anil = ingest (fixture, TERRA_CHANNEL_WHATSAPP, "+919800000004", "Anil Rao", "Do you have villas?");
  set_status (fixture, meera, TERRA_CONVERSATION_STATUS_HANDED_OFF);
  set_sentiment (fixture, meera, TERRA_SENTIMENT_NEGATIVE);
  set_sentiment (fixture, ravi, TERRA_SENTIMENT_POSITIVE);
  set_activity (fixture, priya, "2026-05-20T10:00:00+05:30");
  set_activity (fixture, meera, "2026-05-28T10:00:00+05:30");
  set_activity (fixture, ravi, "2026-05-31T10:00:00+05:30");
  set_activity (fixture, anil, "2026-06-01T08:00:00+05:30");

  g_assert_cmpint (listed_total (fixture, NULL, &first), ==, 4);
  g_assert_cmpint (first, ==, anil);
  g_assert_cmpint (listed_total (fixture, "channel=whatsapp", NULL), ==, 2);
  g_assert_cmpint (listed_total (fixture, "status=handed-off", &first), ==, 1);
  g_assert_cmpint (first, ==, meera);
  g_assert_cmpint (listed_total (fixture, "sentiment=negative", &first), ==, 1);
  g_assert_cmpint (first, ==, meera);
  g_assert_cmpint (listed_total (fixture, "sentiment=positive&channel=telegram", &first), ==, 1);
  g_assert_cmpint (first, ==, ravi);
  g_assert_cmpint (listed_total (fixture, "sentiment=positive&channel=sms", NULL), ==, 0);
  /* By the lead's name, and by words of the messages. */
  g_assert_cmpint (listed_total (fixture, "q=priya", &first), ==, 1);
  g_assert_cmpint (first, ==, priya);
  g_assert_cmpint (listed_total (fixture, "q=balcony", &first), ==, 1);
  g_assert_cmpint (first, ==, ravi);
  g_assert_cmpint (listed_total (fixture, "q=%22%20OR%201%3D1%20--", NULL), ==, 0);
  /* Active since a day (midnight in the business's zone) or an instant. */
  g_assert_cmpint (listed_total (fixture, "since=2026-05-28", &first), ==, 3);
  g_assert_cmpint (first, ==, anil);
  g_assert_cmpint (listed_total (fixture, "since=2026-05-31T04:30:00Z&channel=telegram", &first), ==, 1);
  g_assert_cmpint (first, ==, ravi);
  g_assert_cmpint (listed_total (fixture, "since=2026-05-31T04:31:00Z&channel=telegram", NULL), ==, 0);

  /* Pages: the newest first, the total over all pages. */
  page = api_call (fixture, terra_api_list_conversations, 0, "limit=2&offset=2", NULL, 200);
  conversations = json_object_get_array_member (api_object (page), "conversations");
  g_assert_cmpuint (json_array_get_length (conversations), ==, 2);
  g_assert_cmpint (json_object_get_int_member (api_object (page), "total"), ==, 4);
  g_assert_cmpint (json_object_get_int_member (api_object (page), "limit"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (api_object (page), "offset"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (conversations, 0), "id"), ==, meera);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (conversations, 1), "id"), ==, priya);
}

static void
test_conversation_filters_invalid (ApiFixture    *fixture,
                                   gconstpointer  data)
{
  struct { const char *query; const char *fragment; } cases[] = {
    { "status=open", "status" },
    { "channel=fax", "channel" },
    { "sentiment=angry", "sentiment" },
    { "limit=0", "limit" },
    { "limit=201", "limit" },
    { "limit=ten", "limit" },
    { "offset=-1", "offset" },
    { "since=2026-02-30", "since" },
    { "since=yesterday", "since" },
    { "since=2026-06-01T25:00:00Z", "since" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    api_fails (fixture, terra_api_list_conversations, 0, cases[i].query, NULL, 400, cases[i].fragment);
}

static void
test_conversation_detail (ApiFixture    *fixture,
                          gconstpointer  data)
{
  g_autoptr(JsonNode) detail = NULL;
  gint64 conversation_id;
  JsonObject *object, *lead;
  JsonArray *messages;

  conversation_id = ingest (fixture, TERRA_CHANNEL_WHATSAPP, "+919800000001", "Priya Sharma", "Looking for a 2BHK");
  ingest (fixture, TERRA_CHANNEL_WHATSAPP, "+919800000001", "Priya Sharma", "Budget 80 lakh");
  set_sentiment (fixture, conversation_id, TERRA_SENTIMENT_POSITIVE);

  detail = api_call (fixture, terra_api_get_conversation, conversation_id, NULL, NULL, 200);
  object = api_object (detail);
  g_assert_cmpint (json_object_get_int_member (object, "id"), ==, conversation_id);
  g_assert_cmpstr (member_string (object, "channel"), ==, "whatsapp");
  g_assert_cmpstr (member_string (object, "responder"), ==, "assistant");
  g_assert_cmpstr (member_string (object, "sentiment"), ==, "positive");

  messages = json_object_get_array_member (object, "messages");
  g_assert_cmpuint (json_array_get_length (messages), ==, 2);
  g_assert_cmpstr (member_string (json_array_get_object_element (messages, 0), "text"), ==, "Looking for a 2BHK");
  g_assert_cmpstr (member_string (json_array_get_object_element (messages, 1), "author"), ==, "lead");

  lead = json_object_get_object_member (object, "lead");
  g_assert_cmpstr (member_string (lead, "name"), ==, "Priya Sharma");
  g_assert_true (json_object_has_member (lead, "score"));
  g_assert_cmpstr (member_string (lead, "temperature"), ==, "cold");
  g_assert_cmpstr (member_string (json_object_get_object_member (object, "latest_analysis"), "sentiment"), ==,
                   "positive");

  api_fails (fixture, terra_api_get_conversation, conversation_id + 100, NULL, NULL, 404, NULL);
}

static gint64
responder_is_human (ApiFixture *fixture,
                    gint64      conversation_id)
{
  g_autoptr(TerraConversation) conversation = terra_store_get (fixture->store, TERRA_TYPE_CONVERSATION,
                                                               conversation_id, NULL);

  return terra_conversation_get_responder (conversation) == TERRA_RESPONDER_HUMAN;
}

/* The owner's reply takes the conversation over: the assistant is silent
 * there until it is handed back. */
static void
test_owner_reply_and_handback (ApiFixture    *fixture,
                               gconstpointer  data)
{
  g_autoptr(JsonNode) first = NULL;
  g_autoptr(JsonNode) sent = NULL;
  g_autoptr(JsonNode) silent = NULL;
  g_autoptr(JsonNode) handed = NULL;
  g_autoptr(JsonNode) answered = NULL;
  g_autoptr(JsonNode) taken = NULL;
  gint64 conversation_id;
  JsonObject *message;

  with_engine (fixture);
  first = api_call (fixture, terra_api_chat, 0, NULL, "{\"from\": \"v-9\", \"text\": \"Hello\"}", 200);
  conversation_id = json_object_get_int_member (api_object (first), "conversation_id");

  sent = api_call (fixture, terra_api_send_owner_message, conversation_id, NULL,
                   "{\"text\": \"Hi, this is Suresh. " HOSTILE_JSON "\"}", 201);
  message = api_object (sent);
  g_assert_cmpstr (member_string (message, "author"), ==, "human");
  g_assert_cmpstr (member_string (message, "direction"), ==, "outbound");
  g_assert_cmpstr (member_string (message, "text"), ==, "Hi, this is Suresh. " HOSTILE);
  g_assert_true (responder_is_human (fixture, conversation_id));

  silent = api_call (fixture, terra_api_chat, 0, NULL, "{\"from\": \"v-9\", \"text\": \"Is there parking?\"}", 200);
  g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (api_object (silent), "reply")));
  g_assert_cmpstr (member_string (api_object (silent), "decision"), ==, "silent-human");

  handed = api_call (fixture, terra_api_hand_back, conversation_id, NULL, NULL, 200);
  g_assert_cmpstr (member_string (api_object (handed), "responder"), ==, "assistant");
  g_assert_false (responder_is_human (fixture, conversation_id));

  answered = api_call (fixture, terra_api_chat, 0, NULL, "{\"from\": \"v-9\", \"text\": \"Is there parking?\"}", 200);
  g_assert_nonnull (strstr (member_string (api_object (answered), "reply"), FAQ_FACT));

  taken = api_call (fixture, terra_api_take_over, conversation_id, NULL, "{}", 200);
  g_assert_cmpstr (member_string (api_object (taken), "responder"), ==, "human");
  g_assert_true (responder_is_human (fixture, conversation_id));
}

static void
test_owner_reply_invalid (ApiFixture    *fixture,
                          gconstpointer  data)
{
  g_autofree char *long_text = g_strnfill (5000, 'x');
  g_autofree char *too_long = g_strdup_printf ("{\"text\": \"%s\"}", long_text);
  gint64 conversation_id = ingest (fixture, TERRA_CHANNEL_SMS, "+919800000002", "Meera", "Hello");
  gint64 before = api_count (fixture->store, TERRA_TYPE_MESSAGE);

  api_fails (fixture, terra_api_send_owner_message, conversation_id, NULL, "{\"text\": \"  \"}", 400, "text");
  api_fails (fixture, terra_api_send_owner_message, conversation_id, NULL, "{}", 400, "text");
  api_fails (fixture, terra_api_send_owner_message, conversation_id, NULL, too_long, 400, "text");
  api_fails (fixture, terra_api_send_owner_message, conversation_id, NULL, NULL, 400, NULL);
  api_fails (fixture, terra_api_take_over, conversation_id, NULL, "{\"now\": true}", 400, "now");
  g_assert_cmpint (api_count (fixture->store, TERRA_TYPE_MESSAGE), ==, before);
  g_assert_false (responder_is_human (fixture, conversation_id));

  api_fails (fixture, terra_api_send_owner_message, 424242, NULL, "{\"text\": \"Hi\"}", 404, "424242");
  api_fails (fixture, terra_api_take_over, 424242, NULL, NULL, 404, "424242");
  api_fails (fixture, terra_api_hand_back, 424242, NULL, NULL, 404, "424242");
  g_assert_cmpint (api_count (fixture->store, TERRA_TYPE_MESSAGE), ==, before);
}

/* Knowledge */

static gint64
search_hits (ApiFixture *fixture,
             const char *query,
             const char *expected_title)
{
  g_autoptr(JsonNode) answer = api_call (fixture, terra_api_search_knowledge, 0, query, NULL, 200);
  JsonArray *hits = json_object_get_array_member (api_object (answer), "hits");

  if (expected_title != NULL)
    {
      g_assert_cmpuint (json_array_get_length (hits), >, 0);
      g_assert_cmpstr (member_string (json_array_get_object_element (hits, 0), "title"), ==, expected_title);
    }
  return json_array_get_length (hits);
}

static void
test_knowledge_item (ApiFixture    *fixture,
                     gconstpointer  data)
{
  g_autoptr(JsonNode) added = NULL;
  g_autoptr(JsonNode) hidden = NULL;
  JsonObject *item;

  added = api_call (fixture, terra_api_add_knowledge, 0, NULL,
                    "{\"category\": \"policies\", \"title\": \"Refunds\", "
                    "\"body\": \"The booking amount is refunded in full within 14 days of cancellation.\"}", 201);
  item = api_object (added);
  g_assert_cmpint (json_object_get_int_member (item, "id"), >, 0);
  g_assert_cmpstr (member_string (item, "category"), ==, "policies");
  g_assert_true (json_object_get_boolean_member (item, "published"));
  g_assert_cmpint (search_hits (fixture, "q=refund%20cancellation", "Refunds"), ==, 1);

  /* An unpublished item is kept but never found. */
  hidden = api_call (fixture, terra_api_add_knowledge, 0, NULL,
                     "{\"title\": \"Draft pricing\", \"body\": \"Penthouse pricing negotiable\", \"published\": false}",
                     201);
  g_assert_cmpstr (member_string (api_object (hidden), "category"), ==, "faq");
  g_assert_cmpint (search_hits (fixture, "q=penthouse", NULL), ==, 0);
  g_assert_cmpint (api_count (fixture->store, TERRA_TYPE_KNOWLEDGE_ITEM), ==, 2);
}

static void
test_knowledge_invalid (ApiFixture    *fixture,
                        gconstpointer  data)
{
  g_autofree char *long_title = g_strnfill (501, 't');
  g_autofree char *too_long = g_strdup_printf ("{\"title\": \"%s\", \"body\": \"b\"}", long_title);
  struct { const char *body; const char *fragment; } cases[] = {
    { "{\"category\": \"gossip\", \"title\": \"t\", \"body\": \"b\"}", "category" },
    { "{\"body\": \"b\"}", "title" },
    { "{\"title\": \"t\"}", "body" },
    { "{\"title\": \"t\", \"body\": \"b\", \"published\": \"yes\"}", "published" },
    { "{\"title\": \"t\", \"body\": \"b\", \"author\": \"me\"}", "author" },
    { too_long, "title" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    api_fails (fixture, terra_api_add_knowledge, 0, NULL, cases[i].body, 400, cases[i].fragment);
  api_fails (fixture, terra_api_search_knowledge, 0, NULL, NULL, 400, "q");
  api_fails (fixture, terra_api_search_knowledge, 0, "q=%20%20", NULL, 400, "q");
  api_fails (fixture, terra_api_search_knowledge, 0, "q=parking&limit=51", NULL, 400, "limit");
  g_assert_cmpint (api_count (fixture->store, TERRA_TYPE_KNOWLEDGE_ITEM), ==, 0);
}

static void
test_knowledge_faqs (ApiFixture    *fixture,
                     gconstpointer  data)
{
  g_autoptr(JsonNode) added = NULL;
  JsonArray *items;

  added = api_call (fixture, terra_api_add_faqs, 0, NULL,
                    "{\"faqs\": ["
                    "{\"question\": \"Is there parking?\", \"answer\": \"Yes, " FAQ_FACT ".\"},"
                    "{\"question\": \"Are pets allowed?\", \"answer\": \"Small pets are welcome.\"},"
                    "{\"question\": \"Is there a gym?\", \"answer\": \"A gym and a pool on the roof.\", "
                    "\"category\": \"products\"}]}",
                    201);
  g_assert_cmpint (json_object_get_int_member (api_object (added), "added"), ==, 3);
  items = json_object_get_array_member (api_object (added), "items");
  g_assert_cmpuint (json_array_get_length (items), ==, 3);
  g_assert_cmpstr (member_string (json_array_get_object_element (items, 2), "category"), ==, "products");
  g_assert_cmpint (search_hits (fixture, "q=pets", "Are pets allowed?"), ==, 1);
  g_assert_cmpint (search_hits (fixture, "q=roof%20pool", "Is there a gym?"), ==, 1);

  /* One bad pair: none is added, and the message says which. */
  api_fails (fixture, terra_api_add_faqs, 0, NULL,
             "{\"faqs\": ["
             "{\"question\": \"Do you charge brokerage?\", \"answer\": \"No brokerage for new projects.\"},"
             "{\"question\": \"Is there a school nearby?\", \"answer\": \"Two, within a kilometre.\"},"
             "{\"question\": \"\", \"answer\": \"An answer to nothing\"}]}",
             400, "faqs[2]");
  api_fails (fixture, terra_api_add_faqs, 0, NULL,
             "{\"faqs\": [{\"question\": \"Q?\", \"answer\": \"A\"}, \"just text\"]}", 400, "faqs[1]");
  api_fails (fixture, terra_api_add_faqs, 0, NULL, "{\"faqs\": []}", 400, "faqs");
  api_fails (fixture, terra_api_add_faqs, 0, NULL, "{\"faqs\": {\"question\": \"Q?\"}}", 400, "faqs");
  g_assert_cmpint (api_count (fixture->store, TERRA_TYPE_KNOWLEDGE_ITEM), ==, 3);
  g_assert_cmpint (search_hits (fixture, "q=brokerage", NULL), ==, 0);
}

/* Metrics */

static gint64
add_conversation (ApiFixture *fixture,
                  const char *name,
                  int         reply_after_seconds)
{
  g_autoptr(TerraContact) contact = terra_contact_new ();
  g_autoptr(TerraConversation) conversation = terra_conversation_new ();
  g_autoptr(TerraMessage) message = terra_message_new ();
  g_autoptr(GError) error = NULL;

  terra_contact_set_name (contact, name);
  g_assert_true (terra_store_insert (fixture->store, contact, &error));
  terra_conversation_set_contact_id (conversation, terra_contact_get_id (contact));
  terra_conversation_set_channel (conversation, TERRA_CHANNEL_WEBCHAT);
  terra_conversation_set_last_activity_at (conversation, g_get_real_time ());
  g_assert_true (terra_store_insert (fixture->store, conversation, &error));
  terra_message_set_conversation_id (message, terra_conversation_get_id (conversation));
  terra_message_set_direction (message, TERRA_DIRECTION_INBOUND);
  terra_message_set_author (message, TERRA_AUTHOR_LEAD);
  terra_message_set_channel (message, TERRA_CHANNEL_WEBCHAT);
  terra_message_set_body (message, "Hello");
  g_assert_true (terra_store_insert (fixture->store, message, &error));
  g_assert_no_error (error);

  if (reply_after_seconds >= 0)
    {
      terra_conversation_set_first_reply_at (conversation, terra_message_get_created_at (message) +
                                                           (gint64)reply_after_seconds * G_USEC_PER_SEC);
      g_assert_true (terra_store_update (fixture->store, conversation, &error));
      g_assert_no_error (error);
    }
  return terra_conversation_get_id (conversation);
}

static void
test_metrics (ApiFixture    *fixture,
              gconstpointer  data)
{
  g_autoptr(JsonNode) empty = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(TerraContact) hot = NULL;
  JsonObject *metrics, *first_response;
  gint64 handed;

  /* The real clock: the rows below are stamped with it. */
  fixture->now = 0;

  empty = api_call (fixture, terra_api_get_metrics, 0, NULL, NULL, 200);
  metrics = api_object (empty);
  g_assert_cmpint (json_object_get_int_member (metrics, "period_days"), ==, 30);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (metrics, "conversations"), "total"), ==, 0);
  first_response = json_object_get_object_member (metrics, "first_response");
  g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (first_response, "median_seconds")));

  add_conversation (fixture, "A", 10);
  add_conversation (fixture, "B", 50);
  handed = add_conversation (fixture, "C", 30);
  add_conversation (fixture, "D", -1);
  set_status (fixture, handed, TERRA_CONVERSATION_STATUS_HANDED_OFF);
  hot = terra_store_get (fixture->store, TERRA_TYPE_CONTACT, 1, NULL);
  terra_contact_set_temperature (hot, TERRA_TEMPERATURE_HOT);
  terra_contact_set_qualified_at (hot, g_get_real_time ());
  g_assert_true (terra_store_update (fixture->store, hot, NULL));

  answer = api_call (fixture, terra_api_get_metrics, 0, "days=7", NULL, 200);
  metrics = api_object (answer);
  g_assert_cmpint (json_object_get_int_member (metrics, "period_days"), ==, 7);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (metrics, "conversations"), "total"), ==, 4);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (metrics, "conversations"), "today"), ==, 4);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (metrics, "conversations"), "started"), ==, 4);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (metrics, "conversations"), "open_handoffs"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (metrics, "messages"), "received"), ==, 4);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (metrics, "leads"), "total"), ==, 4);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (metrics, "leads"), "hot"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (metrics, "leads"), "qualified"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (metrics, "meetings"), "scheduled"), ==, 0);

  /* Three answered conversations: 10 s, 30 s and 50 s. */
  first_response = json_object_get_object_member (metrics, "first_response");
  g_assert_cmpint (json_object_get_int_member (first_response, "answered"), ==, 3);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (first_response, "median_seconds"), 30.0, 0.001);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (first_response, "p90_seconds"), 50.0, 0.001);

  api_fails (fixture, terra_api_get_metrics, 0, "days=0", NULL, 400, "days");
  api_fails (fixture, terra_api_get_metrics, 0, "days=366", NULL, 400, "days");
  api_fails (fixture, terra_api_get_metrics, 0, "days=week", NULL, 400, "days");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, ApiFixture, NULL, api_fixture_set_up, func, api_fixture_tear_down)
  ADD ("/api/chat/reply", test_chat_reply);
  ADD ("/api/chat/booking-action", test_chat_booking_action);
  ADD ("/api/chat/conversation-id", test_chat_conversation_id);
  ADD ("/api/chat/without-engine", test_chat_without_engine);
  ADD ("/api/chat/bad-input", test_chat_bad_input);
  ADD ("/api/chat/verbatim", test_chat_verbatim);
  ADD ("/api/conversations/filters", test_conversation_filters);
  ADD ("/api/conversations/filters-invalid", test_conversation_filters_invalid);
  ADD ("/api/conversations/detail", test_conversation_detail);
  ADD ("/api/conversations/owner-reply-and-handback", test_owner_reply_and_handback);
  ADD ("/api/conversations/owner-reply-invalid", test_owner_reply_invalid);
  ADD ("/api/knowledge/item", test_knowledge_item);
  ADD ("/api/knowledge/invalid", test_knowledge_invalid);
  ADD ("/api/knowledge/faqs", test_knowledge_faqs);
  ADD ("/api/metrics", test_metrics);
#undef ADD

  return g_test_run ();
}
