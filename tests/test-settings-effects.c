/* test-settings-effects.c — every group of Preferences changes what the
 * engine does
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One test per group of the Preferences window. Each sets the workspace
 * settings the way the window saves them and asserts what a lead (or the
 * owner) would see: the reply, whether it waits as a draft, whether the
 * conversation was handed over, which messages are still in the
 * workspace.
 */

#include "config.h"

#include <string.h>

#include "terra-desk.h"
#include "terra-orchestrator.h"
#include "terra-setting-keys.h"
#include "terra-store-retention.h"
#include "terra-test-utils.h"

/* Monday 2026-06-01 09:00 in Kolkata: an hour before opening. */
#define NOW ((gint64)1780284600 * G_USEC_PER_SEC)
#define HOUR ((gint64)3600 * G_USEC_PER_SEC)
#define DAY (24 * HOUR)

/* An LLM that answers with a fixed text and keeps the system prompt it
 * was given, so a test can see what the settings put into it. */
#define TEST_TYPE_RECORDING_PROVIDER (test_recording_provider_get_type ())
G_DECLARE_FINAL_TYPE (TestRecordingProvider, test_recording_provider, TEST, RECORDING_PROVIDER, GObject)

struct _TestRecordingProvider
{
  GObject parent_instance;
};

static char *recorded_prompt;
static const char *recording_answer = "Thank you for asking, we would be glad to help you.";

static TerraChatResponse *
recording_chat (TerraProvider           *provider,
                const TerraChatRequest  *request,
                TerraTextDeltaFunc       on_delta,
                gpointer                 user_data,
                GCancellable            *cancellable,
                GError                 **error)
{
  TerraChatResponse *response = terra_chat_response_new ();
  TerraChatMessage *system = g_ptr_array_index (request->messages, 0);

  g_free (recorded_prompt);
  recorded_prompt = g_strdup (system->content);
  g_free (response->text);
  response->text = g_strdup (recording_answer);
  return response;
}

static const char *
recording_get_name (TerraProvider *provider)
{
  return "recording";
}

static gboolean
recording_test_connection (TerraProvider  *provider,
                           GCancellable   *cancellable,
                           GError        **error)
{
  return TRUE;
}

static void
recording_iface_init (TerraProviderInterface *iface)
{
  iface->get_name = recording_get_name;
  iface->chat = recording_chat;
  iface->test_connection = recording_test_connection;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (TestRecordingProvider, test_recording_provider, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (TERRA_TYPE_PROVIDER, recording_iface_init))

static void
test_recording_provider_class_init (TestRecordingProviderClass *klass)
{
}

static void
test_recording_provider_init (TestRecordingProvider *self)
{
}

static TerraProvider *
make_recording_provider (TerraStore  *store,
                         const char  *workspace_id,
                         gpointer     user_data,
                         GError     **error)
{
  return g_object_new (TEST_TYPE_RECORDING_PROVIDER, NULL);
}

typedef struct
{
  TerraTestWorkspace *workspace;
  TerraStore         *store;
  TerraOrchestrator  *orchestrator;
} Fixture;

/* Sets @key as the Preferences window does: through the registry's
 * validation, so a test cannot set what the window could not. */
static void
set (TerraStore *store,
     const char *key,
     const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) value = terra_setting_keys_parse (key, text, &error);

  g_assert_no_error (error);
  g_assert_true (terra_store_set_setting (store, key, value, &error));
  g_assert_no_error (error);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  TerraOpeningRange week[6];

  fixture->workspace = terra_test_workspace_new ();
  fixture->store = terra_workspace_get_store (fixture->workspace);
  set (fixture->store, "business.timezone", "Asia/Kolkata");
  set (fixture->store, "business.name", "Sunrise Homes");
  for (int day = 1; day <= 6; day++)
    week[day - 1] = (TerraOpeningRange) { day, 10 * 60, 19 * 60 };
  g_assert_true (terra_store_set_opening_hours (fixture->store, week, 6, NULL));

  fixture->orchestrator = terra_orchestrator_new (fixture->workspace);
  terra_orchestrator_set_now (fixture->orchestrator, NOW + 2 * HOUR);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->orchestrator);
  terra_test_workspace_free (fixture->workspace);
  g_clear_pointer (&recorded_prompt, g_free);
}

static gint64
new_conversation (Fixture      *fixture,
                  const char   *name,
                  TerraChannel  channel)
{
  g_autoptr(TerraContact) contact = terra_contact_new ();
  g_autoptr(TerraConversation) conversation = terra_conversation_new ();

  terra_contact_set_name (contact, name);
  g_assert_true (terra_store_insert (fixture->store, contact, NULL));
  terra_conversation_set_contact_id (conversation, terra_contact_get_id (contact));
  terra_conversation_set_channel (conversation, channel);
  g_assert_true (terra_store_insert (fixture->store, conversation, NULL));
  return terra_conversation_get_id (conversation);
}

/* What the lead sees after writing @text. */
static TerraSimulation *
say (Fixture    *fixture,
     gint64      conversation_id,
     const char *text)
{
  TerraSimulation *simulation = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (terra_orchestrator_simulate (fixture->orchestrator, fixture->store, conversation_id, text,
                                              &simulation, &error));
  g_assert_no_error (error);
  g_assert_nonnull (simulation);
  return simulation;
}

static TerraConversation *
get_conversation (Fixture *fixture,
                  gint64   conversation_id)
{
  return terra_store_get (fixture->store, TERRA_TYPE_CONVERSATION, conversation_id, NULL);
}

/* AI provider: the built-in engine answers by itself; an OpenAI-compatible
 * provider at an address where nothing listens fails, and the built-in
 * engine stands in, so the lead still gets a reply. */
static void
test_provider (Fixture       *fixture,
               gconstpointer  data)
{
  gint64 conversation = new_conversation (fixture, "Ravi", TERRA_CHANNEL_WEBCHAT);
  g_autoptr(TerraSimulation) builtin = NULL;
  g_autoptr(TerraSimulation) fallback = NULL;

  builtin = say (fixture, conversation, "Hello, do you have 2BHK flats?");
  g_assert_cmpstr (builtin->provider, ==, "builtin");
  g_assert_false (builtin->fallback);
  g_assert_nonnull (builtin->reply);

  g_setenv ("TERRA_SECRET_OPENAI_API_KEY", "sk-test-not-a-real-key", TRUE);
  set (fixture->store, "provider.kind", "openai");
  set (fixture->store, "provider.base_url", "http://127.0.0.1:9/v1");
  set (fixture->store, "provider.model", "gpt-4o-mini");
  fallback = say (fixture, conversation, "What is the price of a 2BHK?");
  g_unsetenv ("TERRA_SECRET_OPENAI_API_KEY");
  g_assert_true (fallback->fallback);
  g_assert_cmpstr (fallback->provider, ==, "builtin");
  g_assert_nonnull (fallback->reply);
  g_assert_cmpstr (fallback->reply, !=, "");
}

/* Personality and tone: what the owner chose is what the LLM is told. */
static void
test_personality (Fixture       *fixture,
                  gconstpointer  data)
{
  gint64 conversation = new_conversation (fixture, "Meera", TERRA_CHANNEL_WEBCHAT);
  g_autoptr(TerraSimulation) first = NULL;
  g_autoptr(TerraSimulation) second = NULL;

  terra_orchestrator_set_provider_func (fixture->orchestrator, make_recording_provider, NULL, NULL);
  set (fixture->store, "assistant.name", "Asha");
  set (fixture->store, "business.type", "clinic");
  set (fixture->store, "assistant.personality", "professional");
  set (fixture->store, "assistant.reply_language", "hi");
  first = say (fixture, conversation, "Do you have an appointment tomorrow?");
  g_assert_cmpstr (first->provider, ==, "recording");
  g_assert_nonnull (strstr (recorded_prompt, "You are Asha"));
  g_assert_nonnull (strstr (recorded_prompt, "a clinic business"));
  g_assert_nonnull (strstr (recorded_prompt, "Personality: professional"));
  g_assert_nonnull (strstr (recorded_prompt, "Reply in Hindi"));

  set (fixture->store, "assistant.personality", "casual");
  set (fixture->store, "assistant.reply_language", "kn");
  second = say (fixture, conversation, "And the day after?");
  g_assert_nonnull (strstr (recorded_prompt, "Personality: casual"));
  g_assert_nonnull (strstr (recorded_prompt, "Reply in Kannada"));
}

/* Personality and tone without an LLM: the built-in engine greets in the
 * chosen tone and with the assistant's name. */
static void
test_personality_builtin (Fixture       *fixture,
                          gconstpointer  data)
{
  gint64 formal = new_conversation (fixture, "Formal", TERRA_CHANNEL_WEBCHAT);
  gint64 relaxed = new_conversation (fixture, "Relaxed", TERRA_CHANNEL_WEBCHAT);
  g_autoptr(TerraSimulation) professional = NULL;
  g_autoptr(TerraSimulation) casual = NULL;

  set (fixture->store, "assistant.name", "Asha");
  set (fixture->store, "assistant.personality", "professional");
  professional = say (fixture, formal, "Hello");
  set (fixture->store, "assistant.personality", "casual");
  casual = say (fixture, relaxed, "Hello");

  g_assert_cmpstr (professional->provider, ==, "builtin");
  g_assert_true (g_str_has_prefix (professional->reply, "Hello"));
  g_assert_nonnull (strstr (professional->reply, "Asha"));
  g_assert_true (g_str_has_prefix (casual->reply, "Hey"));
}

/* Response behaviour: the reply length caps what the lead receives;
 * approval mode keeps the reply as a draft for the owner. */
static void
test_response (Fixture       *fixture,
               gconstpointer  data)
{
  gint64 conversation = new_conversation (fixture, "Kiran", TERRA_CHANNEL_WEBCHAT);
  g_autoptr(TerraSimulation) capped = NULL;
  g_autoptr(TerraSimulation) drafted = NULL;
  g_autoptr(TerraMessage) reply = NULL;
  g_autoptr(GString) long_answer = g_string_new (NULL);

  while (long_answer->len < 1000)
    g_string_append (long_answer, "Every apartment has a covered parking space and a balcony. ");
  recording_answer = long_answer->str;
  terra_orchestrator_set_provider_func (fixture->orchestrator, make_recording_provider, NULL, NULL);

  set (fixture->store, "assistant.max_reply_chars", "120");
  capped = say (fixture, conversation, "Tell me about the apartments");
  g_assert_cmpstr (capped->decision, ==, "replied");
  g_assert_cmpint (g_utf8_strlen (capped->reply, -1), <=, 120);
  g_assert_cmpint (g_utf8_strlen (capped->reply, -1), >, 60);
  g_assert_false (capped->draft);

  set (fixture->store, "assistant.approval", "all");
  drafted = say (fixture, conversation, "And the parking?");
  recording_answer = "Thank you for asking, we would be glad to help you.";
  g_assert_true (drafted->draft);
  reply = terra_store_get (fixture->store, TERRA_TYPE_MESSAGE, drafted->reply_id, NULL);
  g_assert_nonnull (reply);
  g_assert_cmpint (terra_message_get_draft (reply), ==, TERRA_DRAFT_PENDING);
  g_assert_cmpint (terra_message_get_delivery (reply), ==, TERRA_DELIVERY_NONE);
}

/* Escalation rules: a discount request hands the conversation over when
 * the rule is on, and not when it is off; the handoff note names whom
 * the owner chose. */
static void
test_escalation (Fixture       *fixture,
                 gconstpointer  data)
{
  const char *ask = "Can you give me a discount on the price?";
  gint64 off_conversation = new_conversation (fixture, "Off", TERRA_CHANNEL_WEBCHAT);
  gint64 on_conversation = new_conversation (fixture, "On", TERRA_CHANNEL_WEBCHAT);
  gint64 human_conversation = new_conversation (fixture, "Human", TERRA_CHANNEL_WEBCHAT);
  g_autoptr(TerraSimulation) off = NULL;
  g_autoptr(TerraSimulation) on = NULL;
  g_autoptr(TerraSimulation) human = NULL;
  g_autoptr(TerraConversation) off_record = NULL;
  g_autoptr(TerraConversation) on_record = NULL;
  g_autoptr(TerraConversation) human_record = NULL;

  set (fixture->store, "escalation.discount", "false");
  off = say (fixture, off_conversation, ask);
  off_record = get_conversation (fixture, off_conversation);
  g_assert_cmpstr (off->decision, ==, "replied");
  g_assert_cmpint (terra_conversation_get_status (off_record), !=, TERRA_CONVERSATION_STATUS_HANDED_OFF);

  set (fixture->store, "escalation.discount", "true");
  set (fixture->store, "escalation.contact_name", "Priya");
  on = say (fixture, on_conversation, ask);
  on_record = get_conversation (fixture, on_conversation);
  g_assert_cmpstr (on->decision, ==, "handoff");
  g_assert_true (on->escalate);
  g_assert_nonnull (strstr (on->reply, "Priya"));
  g_assert_cmpint (terra_conversation_get_status (on_record), ==, TERRA_CONVERSATION_STATUS_HANDED_OFF);
  g_assert_cmpstr (terra_conversation_get_handoff_reason (on_record), ==, "pricing");

  /* A request for a person, with that rule off, is the assistant's. */
  set (fixture->store, "escalation.human_request", "false");
  human = say (fixture, human_conversation, "I want to talk to a real person");
  human_record = get_conversation (fixture, human_conversation);
  g_assert_cmpstr (human->decision, ==, "replied");
  g_assert_cmpint (terra_conversation_get_responder (human_record), ==, TERRA_RESPONDER_ASSISTANT);
}

/* Escalation on a low lead score: only once the lead has written a few
 * messages, and only with the rule on. */
static void
test_escalation_low_score (Fixture       *fixture,
                           gconstpointer  data)
{
  gint64 conversation = new_conversation (fixture, "Vague", TERRA_CHANNEL_WEBCHAT);
  const char *lines[] = { "hi", "ok", "hmm" };

  set (fixture->store, "escalation.low_score", "true");
  set (fixture->store, "escalation.low_score_threshold", "90");
  for (guint i = 0; i < G_N_ELEMENTS (lines); i++)
    {
      g_autoptr(TerraSimulation) simulation = say (fixture, conversation, lines[i]);

      g_assert_cmpstr (simulation->decision, ==, i + 1 < G_N_ELEMENTS (lines) ? "replied" : "handoff");
    }
  {
    g_autoptr(TerraConversation) record = get_conversation (fixture, conversation);

    g_assert_cmpstr (terra_conversation_get_handoff_reason (record), ==, "low_score");
  }
}

/* Working hours: outside them the autoresponder answers with the
 * outside-hours reply; inside them the assistant does. */
static void
test_working_hours (Fixture       *fixture,
                    gconstpointer  data)
{
  gint64 early = new_conversation (fixture, "Early", TERRA_CHANNEL_WEBCHAT);
  gint64 later = new_conversation (fixture, "Later", TERRA_CHANNEL_WEBCHAT);
  g_autoptr(TerraSimulation) closed = NULL;
  g_autoptr(TerraSimulation) open = NULL;

  set (fixture->store, "assistant.working_hours_only", "true");
  set (fixture->store, "assistant.away_message", "We open at 10:00 and will answer you then.");

  terra_orchestrator_set_now (fixture->orchestrator, NOW);
  closed = say (fixture, early, "Are you there?");
  g_assert_cmpstr (closed->decision, ==, "away");
  g_assert_cmpstr (closed->reply, ==, "We open at 10:00 and will answer you then.");

  terra_orchestrator_set_now (fixture->orchestrator, NOW + 2 * HOUR);
  open = say (fixture, later, "Are you there?");
  g_assert_cmpstr (open->decision, ==, "replied");
  g_assert_cmpstr (open->reply, !=, "We open at 10:00 and will answer you then.");
}

/* Channels: with a channel switched off the assistant stays silent there
 * and leaves the message to the owner; other channels go on. */
static void
test_channels (Fixture       *fixture,
               gconstpointer  data)
{
  gint64 sms = new_conversation (fixture, "Sms", TERRA_CHANNEL_SMS);
  gint64 webchat = new_conversation (fixture, "Web", TERRA_CHANNEL_WEBCHAT);
  g_autoptr(TerraSimulation) silent = NULL;
  g_autoptr(TerraSimulation) answered = NULL;
  g_autoptr(GPtrArray) messages = NULL;

  set (fixture->store, "channels.sms", "false");
  silent = say (fixture, sms, "Hello, is the flat available?");
  answered = say (fixture, webchat, "Hello, is the flat available?");
  g_assert_cmpstr (silent->decision, ==, "silent-channel-off");
  g_assert_null (silent->reply);
  g_assert_cmpint (silent->reply_id, ==, 0);
  g_assert_cmpstr (answered->decision, ==, "replied");

  messages = terra_store_list_messages (fixture->store, sms, NULL);
  g_assert_cmpuint (messages->len, ==, 1);
  g_assert_cmpstr (terra_message_get_body (messages->pdata[0]), ==, "Hello, is the flat available?");
}

static gint64
insert_message (Fixture      *fixture,
                gint64        conversation_id,
                TerraDirection direction,
                const char   *text,
                gint64        created_at)
{
  g_autoptr(TerraMessage) message = terra_message_new ();

  terra_message_set_conversation_id (message, conversation_id);
  terra_message_set_direction (message, direction);
  terra_message_set_author (message, direction == TERRA_DIRECTION_INBOUND ? TERRA_AUTHOR_LEAD
                                                                           : TERRA_AUTHOR_ASSISTANT);
  terra_message_set_channel (message, TERRA_CHANNEL_WEBCHAT);
  terra_message_set_body (message, text);
  g_object_set (message, "created-at", created_at, NULL);
  if (direction == TERRA_DIRECTION_INBOUND)
    terra_message_set_processed_at (message, created_at);
  g_assert_true (terra_store_insert (fixture->store, message, NULL));
  return terra_message_get_id (message);
}

/* How many conversations full-text search finds for @word (it searches
 * the messages' text through messages_fts). */
static guint
count_search (Fixture    *fixture,
              const char *word)
{
  g_autoptr(TerraQuery) query = terra_query_new (TERRA_TYPE_CONVERSATION);

  terra_query_where_search (query, word);
  return terra_store_count (fixture->store, query, NULL);
}

/* Privacy: retention deletes exactly the messages older than the limit —
 * from search too — and nothing while it is 0. */
static void
test_retention (Fixture       *fixture,
                gconstpointer  data)
{
  gint64 conversation = new_conversation (fixture, "Old", TERRA_CHANNEL_WEBCHAT);
  gint64 old_in = insert_message (fixture, conversation, TERRA_DIRECTION_INBOUND, "marigold question", NOW - 40 * DAY);
  gint64 old_out = insert_message (fixture, conversation, TERRA_DIRECTION_OUTBOUND, "marigold answer", NOW - 31 * DAY);
  gint64 kept_in = insert_message (fixture, conversation, TERRA_DIRECTION_INBOUND, "sunflower question", NOW - 29 * DAY);
  gint64 kept_out = insert_message (fixture, conversation, TERRA_DIRECTION_OUTBOUND, "sunflower answer", NOW - DAY);
  const gint64 deleted[] = { old_in, old_out };
  const gint64 kept[] = { kept_in, kept_out };
  g_autoptr(GError) error = NULL;
  guint n_deleted = 99;

  g_assert_cmpuint (count_search (fixture, "marigold"), ==, 1);

  /* 0 keeps everything. */
  g_assert_true (terra_store_apply_retention (fixture->store, NOW, &n_deleted, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_deleted, ==, 0);

  set (fixture->store, "privacy.retention_days", "30");
  g_assert_true (terra_store_apply_retention (fixture->store, NOW, &n_deleted, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_deleted, ==, 2);

  for (guint i = 0; i < G_N_ELEMENTS (deleted); i++)
    {
      g_autoptr(GError) missing = NULL;
      g_autoptr(TerraMessage) message = terra_store_get (fixture->store, TERRA_TYPE_MESSAGE, deleted[i], &missing);

      g_assert_null (message);
      g_assert_error (missing, TERRA_STORE_ERROR, TERRA_STORE_ERROR_NOT_FOUND);
    }
  for (guint i = 0; i < G_N_ELEMENTS (kept); i++)
    {
      g_autoptr(TerraMessage) message = terra_store_get (fixture->store, TERRA_TYPE_MESSAGE, kept[i], NULL);

      g_assert_nonnull (message);
    }
  g_assert_cmpuint (count_search (fixture, "marigold"), ==, 0);
  g_assert_cmpuint (count_search (fixture, "sunflower"), ==, 1);
}

/* Privacy, on schedule: the runtime's daily job deletes the old messages
 * by itself, on its own thread and connection. */
static void
test_retention_timer (Fixture       *fixture,
                      gconstpointer  data)
{
  gint64 conversation = new_conversation (fixture, "Old", TERRA_CHANNEL_WEBCHAT);
  gint64 now = g_get_real_time ();
  gint64 old = insert_message (fixture, conversation, TERRA_DIRECTION_INBOUND, "begonia", now - 10 * DAY);
  gint64 kept = insert_message (fixture, conversation, TERRA_DIRECTION_INBOUND, "dahlia", now - DAY);
  TerraRetentionTimer *timer;
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  gboolean gone = FALSE;

  set (fixture->store, "privacy.retention_days", "7");
  timer = terra_retention_timer_start_full (fixture->workspace, 0, 3600);
  while (!gone && g_get_monotonic_time () < deadline)
    {
      g_autoptr(TerraMessage) message = NULL;

      g_main_context_iteration (NULL, FALSE);
      g_usleep (20000);
      message = terra_store_get (fixture->store, TERRA_TYPE_MESSAGE, old, NULL);
      gone = message == NULL;
    }
  terra_retention_timer_stop (timer);

  g_assert_true (gone);
  {
    g_autoptr(TerraMessage) message = terra_store_get (fixture->store, TERRA_TYPE_MESSAGE, kept, NULL);

    g_assert_nonnull (message);
  }
}

/* Privacy: the consent notice goes with the first reply to a new contact
 * only; STOP opts out silently when asked to; without keeping message
 * text the lead's words are gone once answered, the analysis stays. */
static void
test_privacy (Fixture       *fixture,
              gconstpointer  data)
{
  gint64 conversation = new_conversation (fixture, "Asha", TERRA_CHANNEL_WEBCHAT);
  gint64 quitter = new_conversation (fixture, "Quitter", TERRA_CHANNEL_WEBCHAT);
  const char *consent = "We keep this chat to answer you; reply STOP to opt out.";
  g_autoptr(TerraSimulation) first = NULL;
  g_autoptr(TerraSimulation) second = NULL;
  g_autoptr(TerraSimulation) stop = NULL;
  g_autoptr(TerraMessage) inbound = NULL;
  g_autoptr(TerraAnalysis) analysis = NULL;
  g_autoptr(TerraConversation) record = NULL;
  g_autoptr(TerraContact) contact = NULL;

  set (fixture->store, "privacy.consent_message", consent);
  first = say (fixture, conversation, "Hello, I need a 2BHK near the lake");
  second = say (fixture, conversation, "What about parking?");
  g_assert_true (g_str_has_suffix (first->reply, consent));
  g_assert_null (strstr (second->reply, consent));

  set (fixture->store, "privacy.opt_out", "silent");
  stop = say (fixture, quitter, "STOP");
  g_assert_cmpstr (stop->decision, ==, "opted-out");
  g_assert_null (stop->reply);
  record = get_conversation (fixture, quitter);
  contact = terra_store_get (fixture->store, TERRA_TYPE_CONTACT, terra_conversation_get_contact_id (record), NULL);
  g_assert_true (terra_contact_get_opted_out (contact));

  set (fixture->store, "privacy.keep_message_text", "false");
  g_clear_pointer (&second, terra_simulation_free);
  second = say (fixture, conversation, "My phone number is 98450 12345, call me about the lakeside flat");
  inbound = terra_store_get (fixture->store, TERRA_TYPE_MESSAGE, second->message_id, NULL);
  g_assert_cmpstr (terra_message_get_body (inbound), ==, "");
  g_assert_cmpuint (count_search (fixture, "lakeside"), ==, 0);
  analysis = terra_store_get_analysis_for_message (fixture->store, second->message_id, NULL);
  g_assert_nonnull (analysis);
  g_clear_object (&record);
  record = get_conversation (fixture, conversation);
  g_assert_null (strstr (terra_conversation_get_last_message_preview (record), "lakeside"));
  g_assert_null (strstr (terra_conversation_get_summary (record), "lakeside"));
}

/* Privacy: one contact's data, exported as JSON, holds their messages and
 * nobody else's. */
static void
test_export_contact (Fixture       *fixture,
                     gconstpointer  data)
{
  gint64 conversation = new_conversation (fixture, "Exported Person", TERRA_CHANNEL_WEBCHAT);
  gint64 other = new_conversation (fixture, "Someone Else", TERRA_CHANNEL_WEBCHAT);
  g_autoptr(TerraConversation) record = get_conversation (fixture, conversation);
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object;
  JsonArray *conversations;

  insert_message (fixture, conversation, TERRA_DIRECTION_INBOUND, "orchid balcony", NOW - DAY);
  insert_message (fixture, other, TERRA_DIRECTION_INBOUND, "tulip garden", NOW - DAY);
  json = terra_store_export_contact_data (fixture->store, terra_conversation_get_contact_id (record), &error);
  g_assert_no_error (error);
  root = json_from_string (json, &error);
  g_assert_no_error (error);
  object = json_node_get_object (root);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (object, "contact"), "name"),
                   ==, "Exported Person");
  conversations = json_object_get_array_member (object, "conversations");
  g_assert_cmpuint (json_array_get_length (conversations), ==, 1);
  g_assert_nonnull (strstr (json, "orchid balcony"));
  g_assert_null (strstr (json, "tulip garden"));
  g_assert_true (json_object_has_member (object, "bookings"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/settings-effects/provider", test_provider);
  ADD ("/settings-effects/personality", test_personality);
  ADD ("/settings-effects/personality-builtin", test_personality_builtin);
  ADD ("/settings-effects/response", test_response);
  ADD ("/settings-effects/escalation", test_escalation);
  ADD ("/settings-effects/escalation-low-score", test_escalation_low_score);
  ADD ("/settings-effects/working-hours", test_working_hours);
  ADD ("/settings-effects/channels", test_channels);
  ADD ("/settings-effects/retention", test_retention);
  ADD ("/settings-effects/retention-timer", test_retention_timer);
  ADD ("/settings-effects/privacy", test_privacy);
  ADD ("/settings-effects/export-contact", test_export_contact);
#undef ADD

  return g_test_run ();
}
