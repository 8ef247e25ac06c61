/* terra-orchestrator-pipeline.c — one inbound message, end to end
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * analyze → qualify → guards (opt-out, human takeover, away, escalation) →
 * the provider with its bounded tool loop (the built-in engine stands in
 * when an LLM fails) → one transaction with the reply, the analysis, the
 * lead's fields and score, the processed mark and the events.
 *
 * Exactly once: the transaction re-reads the inbound message under the
 * write lock and gives up if another connection marked it meanwhile, so
 * a message is never answered twice; and nothing marks it before the reply
 * is stored, so a crash leaves it to be answered after the restart. Tool
 * effects (a booking) are committed by the tools themselves before that
 * transaction, like any call to the outside world.
 */

#define G_LOG_DOMAIN "terra-orchestrator"

#include "config.h"

#include <string.h>

#include "terra-builtin-provider-private.h"
#include "terra-enums.h"
#include "terra-orchestrator-private.h"
#include "terra-qualifier.h"
#include "terra-setting-keys.h"
#include "terra-store-outbox.h"

/* Rounds of tool calls before the model must answer in text. */
#define MAX_TOOL_ROUNDS 4
#define PREVIEW_CHARS 140

/* A low lead score says something only after a few messages: every lead
 * starts at zero. */
#define LOW_SCORE_MIN_MESSAGES 3

typedef struct
{
  TerraWorker          *worker;
  TerraMessage         *message;
  TerraConversation    *conversation;
  TerraContact         *contact;
  TerraAnalyzerResult  *analysis;
  TerraQualification   *qualification;
  gint64                now;
  gint64                started;      /* monotonic µs */
  guint                 n_lead_messages;
  gboolean              had_booking;

  const char           *decision;
  char                 *reply;
  gboolean              draft;
  gboolean              opt_out_now;
  gboolean              forget_text;  /* privacy.keep_message_text is off */
  char                 *handoff_reason;
  const char           *provider_name;
  gboolean              builtin_used;  /* its state is stored with the reply */
  gboolean              fallback;
  char                 *provider_error;
  int                   prompt_tokens;
  int                   completion_tokens;
  GPtrArray            *actions;      /* TerraAction */
  GPtrArray            *sources;      /* TerraReplySource */
  gint64                reply_id;
} Job;

static void
job_clear (Job *job)
{
  g_clear_object (&job->message);
  g_clear_object (&job->conversation);
  g_clear_object (&job->contact);
  g_clear_pointer (&job->analysis, terra_analyzer_result_free);
  g_clear_pointer (&job->qualification, terra_qualification_free);
  g_clear_pointer (&job->reply, g_free);
  g_clear_pointer (&job->handoff_reason, g_free);
  g_clear_pointer (&job->provider_error, g_free);
  g_clear_pointer (&job->actions, g_ptr_array_unref);
  g_clear_pointer (&job->sources, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Job, job_clear)

TerraWorker *
_terra_worker_new (TerraOrchestrator *orchestrator,
                   TerraStore        *store)
{
  TerraWorker *worker = g_new0 (TerraWorker, 1);

  worker->orchestrator = orchestrator;
  worker->store = g_object_ref (store);
  worker->scheduler = terra_scheduler_new (store);
  worker->builtin = terra_builtin_provider_new (store, worker->scheduler,
                                                terra_orchestrator_get_analyzer (orchestrator));
  worker->prompts = terra_prompt_builder_new (store);
  return worker;
}

void
_terra_worker_free (TerraWorker *worker)
{
  if (worker == NULL)
    return;
  g_clear_object (&worker->provider);
  g_clear_object (&worker->prompts);
  g_clear_object (&worker->builtin);
  g_clear_object (&worker->scheduler);
  g_clear_object (&worker->store);
  g_free (worker->provider_key);
  g_free (worker);
}

/* The LLM the settings ask for, made again when they change; NULL for
 * the built-in engine or when it cannot be made (then the built-in engine
 * answers, and job->provider_error says why). */
static TerraProvider *
worker_get_provider (TerraWorker *worker,
                     Job         *job)
{
  g_autofree char *kind = terra_store_get_setting_string (worker->store, "provider.kind");
  g_autofree char *url = terra_store_get_setting_string (worker->store, "provider.base_url");
  g_autofree char *model = terra_store_get_setting_string (worker->store, "provider.model");
  g_autofree char *key = _terra_orchestrator_has_provider_func (worker->orchestrator)
                         ? g_strdup ("custom") : g_strjoin ("|", kind, url, model, NULL);
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (key, worker->provider_key) == 0)
    return worker->provider;

  g_clear_object (&worker->provider);
  g_free (worker->provider_key);
  worker->provider_key = g_steal_pointer (&key);
  worker->provider = _terra_orchestrator_make_provider (worker->orchestrator, worker->store, &error);
  if (error != NULL)
    {
      g_message ("The configured provider is unavailable, the built-in engine answers: %s", error->message);
      job->provider_error = g_strdup (error->message);
      /* Try again with the next message: the key may be added meanwhile. */
      g_clear_pointer (&worker->provider_key, g_free);
    }
  return worker->provider;
}

/* Reading */

static gint64
count_lead_messages (Job *job)
{
  g_autoptr(TerraQuery) query = terra_query_new (TERRA_TYPE_MESSAGE);

  terra_query_where_int (query, "conversation_id", TERRA_QUERY_EQ, terra_message_get_conversation_id (job->message));
  terra_query_where_enum (query, "direction", TERRA_TYPE_DIRECTION, TERRA_DIRECTION_INBOUND);
  terra_query_where_int (query, "id", TERRA_QUERY_LE, terra_message_get_id (job->message));
  return MAX (terra_store_count (job->worker->store, query, NULL), 1);
}

static gboolean
has_upcoming_booking (Job *job)
{
  g_autoptr(TerraQuery) query = terra_query_new (TERRA_TYPE_BOOKING);

  terra_query_where_int (query, "contact_id", TERRA_QUERY_EQ, terra_contact_get_id (job->contact));
  terra_query_where_enum (query, "status", TERRA_TYPE_BOOKING_STATUS, TERRA_BOOKING_STATUS_CONFIRMED);
  terra_query_where_int (query, "end_utc", TERRA_QUERY_GT, job->now);
  return terra_store_count (job->worker->store, query, NULL) > 0;
}

static gboolean
load_job (Job     *job,
          GError **error)
{
  TerraStore *store = job->worker->store;
  g_autoptr(GTimeZone) zone = terra_scheduler_get_time_zone (job->worker->scheduler);
  TerraAnalyzerContext context = { job->now, zone, NULL, NULL };
  g_autofree char *merged = NULL;

  job->conversation = terra_store_get (store, TERRA_TYPE_CONVERSATION,
                                       terra_message_get_conversation_id (job->message), error);
  if (job->conversation == NULL)
    return FALSE;
  job->contact = terra_store_get (store, TERRA_TYPE_CONTACT, terra_conversation_get_contact_id (job->conversation), error);
  if (job->contact == NULL)
    return FALSE;

  job->analysis = terra_analyzer_analyze (terra_orchestrator_get_analyzer (job->worker->orchestrator),
                                          terra_message_get_body (job->message), &context);
  job->n_lead_messages = count_lead_messages (job);
  job->had_booking = has_upcoming_booking (job);
  merged = terra_qualifier_merge_fields (terra_contact_get_qualification (job->contact), job->analysis);
  job->qualification = terra_qualifier_evaluate (merged, job->n_lead_messages, job->had_booking, job->analysis);
  return TRUE;
}

/* Guards */

/* Whether the last thing said in the conversation is already text: the
 * away message goes out once, not after every line the lead sends. */
static gboolean
last_reply_is (Job        *job,
               const char *text)
{
  g_autoptr(TerraQuery) query = terra_query_new (TERRA_TYPE_MESSAGE);
  g_autoptr(GPtrArray) replies = NULL;

  terra_query_where_int (query, "conversation_id", TERRA_QUERY_EQ, terra_conversation_get_id (job->conversation));
  terra_query_where_enum (query, "direction", TERRA_TYPE_DIRECTION, TERRA_DIRECTION_OUTBOUND);
  terra_query_order_by (query, "id", TRUE);
  terra_query_set_range (query, 0, 1);
  replies = terra_store_list (job->worker->store, query, NULL);
  return replies != NULL && replies->len > 0 &&
         g_strcmp0 (terra_message_get_body (g_ptr_array_index (replies, 0)), text) == 0;
}

/* Why the escalation rules (escalation.* settings) hand this message to
 * the owner, or NULL when none of the switched-on rules matches. A merely
 * negative tone above the threshold is the provider's to handle. */
static const char *
handoff_reason (Job *job)
{
  TerraStore *store = job->worker->store;
  TerraEscalations escalations = job->analysis->escalations;

  if ((escalations & TERRA_ESCALATION_LEGAL) && terra_store_get_setting_boolean (store, "escalation.legal"))
    return "legal";
  if ((escalations & TERRA_ESCALATION_HUMAN_REQUEST) &&
      terra_store_get_setting_boolean (store, "escalation.human_request"))
    return "human_request";
  if ((escalations & TERRA_ESCALATION_DISCOUNT) && terra_store_get_setting_boolean (store, "escalation.discount"))
    return "pricing";
  if (terra_store_get_setting_boolean (store, "escalation.negative_sentiment") &&
      ((escalations & (TERRA_ESCALATION_PROFANITY | TERRA_ESCALATION_FRUSTRATION)) ||
       job->analysis->sentiment_score * 100.0 <=
         (double)terra_store_get_setting_int (store, "escalation.sentiment_threshold")))
    return "frustration";
  if (terra_store_get_setting_boolean (store, "escalation.low_score") &&
      job->n_lead_messages >= LOW_SCORE_MIN_MESSAGES &&
      job->qualification->score < terra_store_get_setting_int (store, "escalation.low_score_threshold"))
    return "low_score";
  return NULL;
}

/* The handoff note names whom escalation.contact_name says takes over. */
static char *
handoff_note (Job *job)
{
  g_autofree char *who = terra_store_get_setting_string (job->worker->store, "escalation.contact_name");

  if (who != NULL && *g_strstrip (who) != '\0')
    return g_strdup_printf ("Of course — I’ve asked %s to take over. They will reply here shortly.", who);
  return g_strdup ("Of course — I’ve asked a member of our team to take over. They will reply here shortly.");
}

/* Whether the owner lets the assistant answer on the conversation's
 * channel (channels.* settings). */
static gboolean
channel_enabled (Job *job)
{
  TerraChannel channel = terra_conversation_get_channel (job->conversation);
  g_autofree char *key = g_strconcat ("channels.", terra_enum_to_nick (TERRA_TYPE_CHANNEL, channel), NULL);
  g_autoptr(TerraContact) tester = NULL;

  if (terra_setting_keys_lookup (key) == NULL || terra_store_get_setting_boolean (job->worker->store, key))
    return TRUE;
  /* The owner's own test chat runs on the API channel (TerraRuntime's
   * TERRA_RUNTIME_TEST_CHAT_ADDRESS) and answers whatever the switch. */
  if (channel != TERRA_CHANNEL_API)
    return FALSE;
  tester = terra_store_find_contact_by_identity (job->worker->store, TERRA_CHANNEL_API, "terra-test-chat", NULL);
  return tester != NULL && terra_contact_get_id (tester) == terra_contact_get_id (job->contact);
}

static char *
business_name (Job *job)
{
  g_autofree char *name = terra_store_get_setting_string (job->worker->store, "business.name");

  return g_strdup (name != NULL && *name != '\0' ? name : "us");
}

/* Runs the guards of DESIGN.md in order; TRUE when one of them decided
 * (job->decision and job->reply say what), FALSE when the provider
 * answers. */
static gboolean
run_guards (Job *job)
{
  TerraStore *store = job->worker->store;

  if (terra_contact_get_opted_out (job->contact))
    {
      job->decision = "silent-opted-out";
      return TRUE;
    }

  if (job->analysis->opt_out)
    {
      g_autofree char *business = business_name (job);
      g_autofree char *handling = terra_store_get_setting_string (store, "privacy.opt_out");

      job->decision = "opted-out";
      job->opt_out_now = TRUE;
      if (g_strcmp0 (handling, "silent") != 0)
        job->reply = g_strdup_printf ("Understood — you won’t receive any more messages from %s.", business);
      return TRUE;
    }

  if (terra_conversation_get_responder (job->conversation) == TERRA_RESPONDER_HUMAN ||
      terra_conversation_get_status (job->conversation) == TERRA_CONVERSATION_STATUS_HANDED_OFF)
    {
      job->decision = "silent-human";
      return TRUE;
    }

  if (!channel_enabled (job))
    {
      job->decision = "silent-channel-off";
      return TRUE;
    }

  if (!terra_store_get_setting_boolean (store, "assistant.enabled") ||
      (terra_store_get_setting_boolean (store, "assistant.working_hours_only") && !terra_store_is_open_at (store, job->now)))
    {
      g_autofree char *away = terra_store_get_setting_string (store, "assistant.away_message");

      job->decision = "away";
      if (away != NULL && *away != '\0' && !last_reply_is (job, away))
        job->reply = g_steal_pointer (&away);
      return TRUE;
    }

  if (handoff_reason (job) != NULL)
    {
      job->decision = "handoff";
      job->handoff_reason = g_strdup (handoff_reason (job));
      job->reply = handoff_note (job);
      return TRUE;
    }

  return FALSE;
}

/* The provider */

static TerraChatMessage *
assistant_turn (TerraChatResponse *response)
{
  TerraChatMessage *turn = terra_chat_message_new (TERRA_CHAT_ROLE_ASSISTANT,
                                                   response->text != NULL && *response->text != '\0'
                                                   ? response->text : NULL);

  for (guint i = 0; i < response->tool_calls->len; i++)
    terra_chat_message_add_tool_call (turn, terra_tool_call_copy (g_ptr_array_index (response->tool_calls, i)));
  return turn;
}

/* The chat loop: tool calls are run, scoped to this conversation, and
 * their results (errors too) fed back, for at most MAX_TOOL_ROUNDS rounds;
 * then the model must answer without tools. */
static gboolean
run_tool_loop (Job               *job,
               TerraProvider     *provider,
               TerraChatRequest  *request,
               GError           **error)
{
  TerraToolContext tools = {
    job->worker->store, job->worker->scheduler, terra_contact_get_id (job->contact),
    terra_conversation_get_id (job->conversation), job->now, job->actions,
  };

  for (guint round = 0; round <= MAX_TOOL_ROUNDS; round++)
    {
      g_autoptr(TerraChatResponse) response = NULL;

      if (round == MAX_TOOL_ROUNDS)
        g_ptr_array_set_size (request->tools, 0);

      response = terra_provider_chat (provider, request, NULL, NULL, NULL, error);
      if (response == NULL)
        return FALSE;
      job->prompt_tokens += MAX (response->prompt_tokens, 0);
      job->completion_tokens += MAX (response->completion_tokens, 0);

      if (response->tool_calls->len == 0 || round == MAX_TOOL_ROUNDS)
        {
          if (response->text == NULL || *g_strstrip (response->text) == '\0')
            {
              g_set_error (error, TERRA_PROVIDER_ERROR, TERRA_PROVIDER_ERROR_BAD_RESPONSE,
                           "The provider gave no reply text");
              return FALSE;
            }
          job->reply = g_steal_pointer (&response->text);
          return TRUE;
        }

      terra_chat_request_add_message (request, assistant_turn (response));
      for (guint i = 0; i < response->tool_calls->len; i++)
        {
          TerraToolCall *call = g_ptr_array_index (response->tool_calls, i);
          gboolean is_error = FALSE;
          g_autofree char *result = terra_tools_execute (&tools, call, &is_error);

          g_debug ("tool %s(%s) → %s", call->name, call->arguments, result);
          terra_chat_request_add_message (request,
                                          terra_chat_message_new_tool_result (call->id, call->name, result, is_error));
        }
    }

  g_assert_not_reached ();
}

static gboolean
run_builtin (Job     *job,
             GError **error)
{
  TerraBuiltinContext context = {
    terra_conversation_get_id (job->conversation), terra_contact_get_id (job->contact), job->now,
    job->analysis, job->qualification->next_question_field,
  };
  g_autoptr(TerraChatRequest) request = terra_chat_request_new ();
  gboolean ok;

  terra_builtin_provider_set_context (job->worker->builtin, &context);
  terra_chat_request_add_message (request, terra_chat_message_new (TERRA_CHAT_ROLE_USER,
                                                                   terra_message_get_body (job->message)));
  ok = run_tool_loop (job, TERRA_PROVIDER (job->worker->builtin), request, error);
  g_clear_pointer (&job->sources, g_ptr_array_unref);
  job->sources = terra_builtin_provider_steal_sources (job->worker->builtin);
  job->provider_name = "builtin";
  job->builtin_used = TRUE;
  return ok;
}

/* Knowledge search is hybrid when the provider makes embeddings: the
 * question is embedded like the passages were. Without one (or when the
 * request fails) search is lexical, which is still good. */
static void
embed_question (Job           *job,
                TerraProvider *provider)
{
  const char *texts[] = { terra_message_get_body (job->message), NULL };
  g_autoptr(GPtrArray) vectors = NULL;
  g_autoptr(GError) error = NULL;
  GArray *vector;

  terra_prompt_builder_set_query_embedding (job->worker->prompts, NULL, 0);
  if (!terra_provider_can_embed (provider) || *texts[0] == '\0')
    return;
  vectors = terra_provider_embed (provider, texts, NULL, &error);
  if (vectors == NULL || vectors->len != 1)
    {
      g_debug ("Lexical knowledge search only: %s", error != NULL ? error->message : "no embedding");
      return;
    }
  vector = g_ptr_array_index (vectors, 0);
  terra_prompt_builder_set_query_embedding (job->worker->prompts, (const float *) vector->data, vector->len);
}

/* assistant.on_provider_failure = handoff: the lead hears that someone
 * will get back to them, and the owner gets the conversation, rather than
 * an answer from the simpler built-in engine. */
static gboolean
hold_on_provider_failure (Job *job)
{
  g_autofree char *policy = terra_store_get_setting_string (job->worker->store, "assistant.on_provider_failure");

  if (g_strcmp0 (policy, "handoff") != 0)
    return FALSE;
  job->decision = "handoff";
  job->handoff_reason = g_strdup ("technical");
  job->reply = g_strdup ("Thanks for your message! Let me check this and get back to you shortly.");
  job->provider_name = "builtin";
  return TRUE;
}

/* Asks the configured provider; when it fails (after its own retries) the
 * built-in engine answers instead, so the lead always gets a reply. */
static gboolean
run_provider (Job     *job,
              GError **error)
{
  TerraProvider *provider = worker_get_provider (job->worker, job);
  g_autoptr(TerraChatRequest) request = NULL;
  g_autoptr(GError) local_error = NULL;

  job->decision = "replied";
  if (provider == NULL)
    {
      job->fallback = job->provider_error != NULL;
      return run_builtin (job, error);
    }

  embed_question (job, provider);
  request = terra_prompt_builder_build (job->worker->prompts, terra_conversation_get_id (job->conversation),
                                        job->analysis, job->now, NULL, &local_error);
  if (request != NULL && run_tool_loop (job, provider, request, &local_error))
    {
      job->sources = terra_prompt_builder_steal_sources (job->worker->prompts);
      job->provider_name = terra_provider_get_name (provider);
      return TRUE;
    }

  job->provider_error = g_strdup (local_error->message);
  job->fallback = TRUE;
  g_clear_pointer (&job->reply, g_free);
  if (hold_on_provider_failure (job))
    {
      g_message ("Provider %s failed, the owner takes over: %s", terra_provider_get_name (provider),
                 local_error->message);
      return TRUE;
    }
  g_message ("Provider %s failed, the built-in engine answers: %s", terra_provider_get_name (provider),
             local_error->message);
  return run_builtin (job, error);
}

/* Storing */

static char *
cut_text (const char *text,
          glong       max_chars)
{
  g_autofree char *cut = NULL;
  char *space;

  if (g_utf8_strlen (text, -1) <= max_chars)
    return g_strdup (text);
  cut = g_utf8_substring (text, 0, max_chars - 1);
  space = strrchr (cut, ' ');
  if (space != NULL && space - cut > (gssize)strlen (cut) / 2)
    *space = '\0';
  return g_strconcat (cut, "…", NULL);
}

static gboolean
has_action (Job             *job,
            TerraActionKind  kind)
{
  for (guint i = 0; i < job->actions->len; i++)
    if (((TerraAction *)g_ptr_array_index (job->actions, i))->kind == kind)
      return TRUE;
  return FALSE;
}

/* Whether the reply must wait for the owner (assistant.approval). Opt-out
 * confirmations, away messages and handoff notes never wait. */
static gboolean
needs_approval (Job *job)
{
  g_autofree char *mode = terra_store_get_setting_string (job->worker->store, "assistant.approval");

  if (g_strcmp0 (job->decision, "replied") != 0 || mode == NULL)
    return FALSE;
  if (g_str_equal (mode, "all"))
    return TRUE;
  if (g_str_equal (mode, "first"))
    return terra_conversation_get_first_reply_at (job->conversation) == 0;
  if (g_str_equal (mode, "bookings"))
    return has_action (job, TERRA_ACTION_BOOKED) || has_action (job, TERRA_ACTION_RESCHEDULED) ||
           has_action (job, TERRA_ACTION_CANCELLED);
  return FALSE;
}

static gboolean
log_event (Job          *job,
           const char   *kind,
           gint64        message_id,
           JsonBuilder  *payload,
           GError      **error)
{
  g_autoptr(TerraEventRecord) record = terra_event_record_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *json = NULL;

  if (payload != NULL)
    {
      json_builder_end_object (payload);
      root = json_builder_get_root (payload);
      json = json_to_string (root, FALSE);
    }
  terra_event_record_set_kind (record, kind);
  terra_event_record_set_contact_id (record, terra_contact_get_id (job->contact));
  terra_event_record_set_conversation_id (record, terra_conversation_get_id (job->conversation));
  terra_event_record_set_message_id (record, message_id);
  terra_event_record_set_payload (record, json != NULL ? json : "{}");
  return terra_store_insert (job->worker->store, record, error);
}

static JsonBuilder *
payload_new (void)
{
  JsonBuilder *builder = json_builder_new ();

  json_builder_begin_object (builder);
  return builder;
}

static void
payload_string (JsonBuilder *builder,
                const char  *name,
                const char  *value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value != NULL ? value : "");
}

static void
payload_int (JsonBuilder *builder,
             const char  *name,
             gint64       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

static gboolean
store_analysis (Job     *job,
                GError **error)
{
  TerraStore *store = job->worker->store;
  g_autoptr(TerraAnalysis) analysis = terra_store_get_analysis_for_message (store, terra_message_get_id (job->message), NULL);
  gboolean existed = analysis != NULL;

  if (!existed)
    analysis = terra_analysis_new ();
  terra_analyzer_result_apply (job->analysis, analysis);
  terra_analysis_set_message_id (analysis, terra_message_get_id (job->message));
  terra_analysis_set_conversation_id (analysis, terra_conversation_get_id (job->conversation));
  return existed ? terra_store_update (store, analysis, error) : terra_store_insert (store, analysis, error);
}

/* The contact as it is now (a tool may have changed it), with this
 * message's fields and score folded in. */
/* A lead that just became qualified, or hot, is news for the owner (a
 * desktop notification) and for outgoing webhooks: one event each time it
 * happens, not on every message after. */
static gboolean
log_lead_changes (Job       *job,
                  gboolean   was_qualified,
                  gboolean   was_hot,
                  GError   **error)
{
  gint64 message_id = terra_message_get_id (job->message);

  if (!was_qualified && terra_contact_get_qualified_at (job->contact) != 0)
    {
      g_autoptr(JsonBuilder) payload = payload_new ();

      payload_int (payload, "score", terra_contact_get_score (job->contact));
      if (!log_event (job, "lead.qualified", message_id, payload, error))
        return FALSE;
    }
  if (!was_hot && terra_contact_get_temperature (job->contact) == TERRA_TEMPERATURE_HOT)
    {
      g_autoptr(JsonBuilder) payload = payload_new ();

      payload_int (payload, "score", terra_contact_get_score (job->contact));
      payload_string (payload, "explanation", terra_contact_get_score_explanation (job->contact));
      if (!log_event (job, "lead.hot", message_id, payload, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
store_contact (Job     *job,
               GError **error)
{
  TerraStore *store = job->worker->store;
  g_autoptr(TerraContact) contact = terra_store_get (store, TERRA_TYPE_CONTACT, terra_contact_get_id (job->contact), error);
  gboolean has_booking = job->had_booking;
  gboolean was_qualified;
  gboolean was_hot;
  gboolean changed;

  if (contact == NULL)
    return FALSE;
  /* Only the booking tools change whether there is an appointment. */
  if (has_action (job, TERRA_ACTION_BOOKED) || has_action (job, TERRA_ACTION_RESCHEDULED) ||
      has_action (job, TERRA_ACTION_CANCELLED))
    has_booking = has_upcoming_booking (job);
  was_qualified = terra_contact_get_qualified_at (contact) != 0;
  was_hot = terra_contact_get_temperature (contact) == TERRA_TEMPERATURE_HOT;
  changed = terra_qualifier_update_contact (contact, job->analysis, job->n_lead_messages, has_booking, job->now);
  if (job->opt_out_now)
    terra_contact_set_opted_out (contact, TRUE);
  if ((changed || job->opt_out_now) && !terra_store_update (store, contact, error))
    return FALSE;
  g_set_object (&job->contact, contact);
  return log_lead_changes (job, was_qualified, was_hot, error);
}

/* assistant.reply_delay_seconds: the outbox holds the reply (queued by a
 * trigger in this same transaction) until then. Drafts wait for the
 * owner anyway. */
static gboolean
delay_delivery (Job     *job,
                GError **error)
{
  gint64 delay = terra_store_get_setting_int (job->worker->store, "assistant.reply_delay_seconds");

  if (delay <= 0 || job->draft)
    return TRUE;
  return terra_store_outbox_delay_message (job->worker->store, job->reply_id,
                                           g_get_real_time () + delay * G_USEC_PER_SEC, error);
}

static gboolean
store_reply (Job     *job,
             GError **error)
{
  g_autoptr(TerraMessage) reply = terra_message_new ();
  TerraChannel channel = terra_conversation_get_channel (job->conversation);

  terra_message_set_conversation_id (reply, terra_conversation_get_id (job->conversation));
  terra_message_set_direction (reply, TERRA_DIRECTION_OUTBOUND);
  terra_message_set_author (reply, TERRA_AUTHOR_ASSISTANT);
  terra_message_set_body (reply, job->reply);
  terra_message_set_channel (reply, channel);
  terra_message_set_draft (reply, job->draft ? TERRA_DRAFT_PENDING : TERRA_DRAFT_NONE);
  /* The API answers in the same request; every other channel has a
   * delivery to make once the reply is released. */
  terra_message_set_delivery (reply, job->draft || channel == TERRA_CHANNEL_API ? TERRA_DELIVERY_NONE
                                                                                : TERRA_DELIVERY_PENDING);
  terra_message_set_prompt_tokens (reply, job->prompt_tokens);
  terra_message_set_completion_tokens (reply, job->completion_tokens);
  terra_message_set_latency_ms (reply, MAX ((g_get_monotonic_time () - job->started) / 1000, 0));
  if (!terra_store_insert (job->worker->store, reply, error))
    return FALSE;
  job->reply_id = terra_message_get_id (reply);
  return delay_delivery (job, error);
}

static gboolean
store_conversation (Job     *job,
                    GError **error)
{
  TerraStore *store = job->worker->store;
  g_autoptr(TerraConversation) conversation =
    terra_store_get (store, TERRA_TYPE_CONVERSATION, terra_conversation_get_id (job->conversation), error);
  g_autofree char *summary = NULL;
  g_autofree char *preview = NULL;

  if (conversation == NULL)
    return FALSE;

  preview = cut_text (job->reply != NULL && !job->draft ? job->reply
                      : job->forget_text ? "" : terra_message_get_body (job->message),
                      PREVIEW_CHARS);
  g_strdelimit (preview, "\r\n", ' ');
  terra_conversation_set_last_message_preview (conversation, preview);
  terra_conversation_set_last_activity_at (conversation, MAX (job->now, terra_conversation_get_last_activity_at (conversation)));
  if (job->reply_id != 0 && !job->draft && terra_conversation_get_first_reply_at (conversation) == 0)
    terra_conversation_set_first_reply_at (conversation, job->now);
  if (job->handoff_reason != NULL)
    {
      terra_conversation_set_status (conversation, TERRA_CONVERSATION_STATUS_HANDED_OFF);
      terra_conversation_set_responder (conversation, TERRA_RESPONDER_HUMAN);
      terra_conversation_set_handoff_reason (conversation, job->handoff_reason);
    }

  summary = terra_prompt_builder_summarize (job->worker->prompts, terra_conversation_get_id (conversation), error);
  if (summary == NULL)
    return FALSE;
  terra_conversation_set_summary (conversation, summary);
  return terra_store_update (store, conversation, error);
}

static gboolean
store_events (Job     *job,
              GError **error)
{
  g_autoptr(JsonBuilder) payload = payload_new ();

  payload_int (payload, "in_reply_to", terra_message_get_id (job->message));
  payload_string (payload, "decision", job->decision);
  payload_string (payload, "intent", terra_intent_to_string (job->analysis->intent));
  if (job->provider_name != NULL)
    payload_string (payload, "provider", job->provider_name);
  if (job->fallback)
    payload_string (payload, "fallback_reason", job->provider_error);
  json_builder_set_member_name (payload, "draft");
  json_builder_add_boolean_value (payload, job->draft);
  if (!log_event (job, job->reply_id != 0 ? "assistant.replied" : "assistant.silent",
                  job->reply_id != 0 ? job->reply_id : terra_message_get_id (job->message), payload, error))
    return FALSE;

  if (job->opt_out_now && !log_event (job, "contact.opted_out", terra_message_get_id (job->message), NULL, error))
    return FALSE;
  if (job->handoff_reason != NULL)
    {
      g_autoptr(JsonBuilder) handoff = payload_new ();
      g_autofree char *summary = cut_text (terra_message_get_body (job->message), 200);

      payload_string (handoff, "reason", job->handoff_reason);
      if (!job->forget_text)
        payload_string (handoff, "summary", summary);
      if (!log_event (job, "handoff.requested", terra_message_get_id (job->message), handoff, error))
        return FALSE;
    }
  return TRUE;
}

/* Stores everything in one transaction; FALSE with no error when another
 * connection handled the message first. */
static gboolean
commit_job (Job       *job,
            gboolean  *stored,
            GError   **error)
{
  TerraStore *store = job->worker->store;
  g_autoptr(TerraMessage) fresh = NULL;

  *stored = FALSE;
  if (!terra_store_begin (store, error))
    return FALSE;

  fresh = terra_store_get (store, TERRA_TYPE_MESSAGE, terra_message_get_id (job->message), error);
  if (fresh == NULL || terra_message_get_processed_at (fresh) != 0)
    {
      terra_store_rollback (store);
      return fresh != NULL;
    }

  terra_message_set_processed_at (fresh, job->now);
  /* The analysis is stored; the lead's words go once they are answered. */
  if (job->forget_text)
    terra_message_set_body (fresh, "");
  if (!store_analysis (job, error) || !store_contact (job, error) ||
      (job->reply != NULL && !store_reply (job, error)) ||
      !terra_store_update (store, fresh, error) ||
      !store_conversation (job, error) || !store_events (job, error) ||
      (job->builtin_used && !terra_builtin_provider_save_state (job->worker->builtin, error)))
    {
      terra_store_rollback (store);
      return FALSE;
    }

  if (!terra_store_commit (store, error))
    return FALSE;
  *stored = TRUE;
  return TRUE;
}

static void
fill_simulation (Job              *job,
                 TerraSimulation **out)
{
  TerraSimulation *simulation = g_new0 (TerraSimulation, 1);

  simulation->conversation_id = terra_conversation_get_id (job->conversation);
  simulation->message_id = terra_message_get_id (job->message);
  simulation->reply_id = job->reply_id;
  simulation->reply = g_strdup (job->reply);
  simulation->draft = job->draft;
  simulation->decision = g_strdup (job->decision);
  simulation->provider = g_strdup (job->provider_name);
  simulation->fallback = job->fallback;
  simulation->intent = g_strdup (terra_intent_to_string (job->analysis->intent));
  simulation->sentiment = job->analysis->sentiment;
  simulation->sentiment_score = job->analysis->sentiment_score;
  simulation->language = g_strdup (job->analysis->language);
  simulation->score = terra_contact_get_score (job->contact);
  simulation->temperature = terra_contact_get_temperature (job->contact);
  simulation->escalate = job->handoff_reason != NULL || has_action (job, TERRA_ACTION_HANDOFF);
  simulation->analysis_json = terra_analyzer_result_to_json (job->analysis);
  simulation->actions = g_steal_pointer (&job->actions);
  simulation->prompt_tokens = job->prompt_tokens;
  simulation->completion_tokens = job->completion_tokens;
  simulation->latency_ms = (g_get_monotonic_time () - job->started) / 1000;
  simulation->sources = job->sources != NULL
                        ? g_steal_pointer (&job->sources)
                        : g_ptr_array_new_with_free_func ((GDestroyNotify) terra_reply_source_free);

  g_clear_pointer (out, terra_simulation_free);
  *out = simulation;
}

/* Whether this is the first time the assistant talks to this contact:
 * their first message, in their only conversation. */
static gboolean
is_first_contact (Job *job)
{
  g_autoptr(TerraQuery) query = terra_query_new (TERRA_TYPE_CONVERSATION);

  if (job->n_lead_messages != 1 || terra_conversation_get_first_reply_at (job->conversation) != 0)
    return FALSE;
  terra_query_where_int (query, "contact_id", TERRA_QUERY_EQ, terra_contact_get_id (job->contact));
  return terra_store_count (job->worker->store, query, NULL) <= 1;
}

/* privacy.consent_message goes out with the first reply to a new contact,
 * after the length cap so the notice is never cut. */
static void
add_consent_notice (Job *job)
{
  g_autofree char *consent = NULL;
  char *reply;

  if (job->reply == NULL || job->opt_out_now || !is_first_contact (job))
    return;
  consent = terra_store_get_setting_string (job->worker->store, "privacy.consent_message");
  if (consent == NULL || *g_strstrip (consent) == '\0')
    return;
  reply = g_strconcat (job->reply, "\n\n", consent, NULL);
  g_free (job->reply);
  job->reply = reply;
}

static gboolean
process_message (TerraWorker      *worker,
                 TerraMessage     *message,
                 TerraSimulation **out,
                 GError          **error)
{
  g_auto(Job) job = { 0 };
  gboolean stored;
  gboolean ok;
  glong max_chars;

  job.worker = worker;
  job.message = g_object_ref (message);
  job.now = terra_orchestrator_get_now (worker->orchestrator);
  job.started = g_get_monotonic_time ();
  job.actions = g_ptr_array_new_with_free_func ((GDestroyNotify)terra_action_free);

  if (!load_job (&job, error))
    return FALSE;
  if (!run_guards (&job) && !run_provider (&job, error))
    return FALSE;

  if (job.reply != NULL)
    {
      max_chars = (glong)terra_store_get_setting_int (worker->store, "assistant.max_reply_chars");
      if (max_chars > 0)
        {
          g_autofree char *cut = cut_text (job.reply, max_chars);

          g_free (job.reply);
          job.reply = g_steal_pointer (&cut);
        }
    }
  add_consent_notice (&job);
  job.draft = job.reply != NULL && needs_approval (&job);
  job.forget_text = !terra_store_get_setting_boolean (worker->store, "privacy.keep_message_text");

  ok = commit_job (&job, &stored, error);
  terra_builtin_provider_set_context (worker->builtin, NULL);
  if (!ok)
    return FALSE;
  if (!stored)
    return TRUE;

  _terra_orchestrator_message_handled (worker->orchestrator, terra_conversation_get_id (job.conversation),
                                       terra_message_get_id (message), job.reply_id);
  if (job.reply_id != 0 && !job.draft)
    _terra_orchestrator_stream_reply (worker->orchestrator, terra_conversation_get_id (job.conversation),
                                      job.reply_id, job.reply);
  if (out != NULL)
    fill_simulation (&job, out);
  return TRUE;
}

/* Marks a message the engine cannot handle as processed without a reply,
 * with an "assistant.failed" event saying why: it stays in the
 * conversation for the owner, and the lead's later messages go on. */
static gboolean
give_up_on (TerraWorker   *worker,
            TerraMessage  *message,
            const char    *reason,
            GError       **error)
{
  g_autoptr(TerraMessage) fresh = NULL;
  g_autofree char *payload = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "message_id");
  json_builder_add_int_value (builder, terra_message_get_id (message));
  json_builder_set_member_name (builder, "error");
  json_builder_add_string_value (builder, reason);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  payload = json_to_string (root, FALSE);

  if (!terra_store_begin (worker->store, error))
    return FALSE;
  fresh = terra_store_get (worker->store, TERRA_TYPE_MESSAGE, terra_message_get_id (message), error);
  if (fresh == NULL)
    {
      terra_store_rollback (worker->store);
      return FALSE;
    }
  if (terra_message_get_processed_at (fresh) == 0)
    {
      terra_message_set_processed_at (fresh, g_get_real_time ());
      if (!terra_store_update (worker->store, fresh, error) ||
          !terra_store_log_event (worker->store, "assistant.failed", 0, terra_message_get_conversation_id (fresh),
                                  payload, error))
        {
          terra_store_rollback (worker->store);
          return FALSE;
        }
    }
  return terra_store_commit (worker->store, error);
}

/* The conversation's inbound messages still waiting, oldest first. */
static GPtrArray *
unprocessed_messages (TerraWorker  *worker,
                      gint64        conversation_id,
                      gint64        last_message_id,
                      GError      **error)
{
  g_autoptr(TerraQuery) query = terra_query_new (TERRA_TYPE_MESSAGE);

  terra_query_where_int (query, "conversation_id", TERRA_QUERY_EQ, conversation_id);
  terra_query_where_enum (query, "direction", TERRA_TYPE_DIRECTION, TERRA_DIRECTION_INBOUND);
  terra_query_where_null (query, "processed_at", TRUE);
  if (last_message_id > 0)
    terra_query_where_int (query, "id", TERRA_QUERY_LE, last_message_id);
  terra_query_order_by (query, "id", FALSE);
  return terra_store_list (worker->store, query, error);
}

/**
 * _terra_worker_process_conversation:
 * @last_message_id: handle messages up to this one; 0 for all
 * @out: (optional): the simulation of the last message handled
 *
 * Handles the conversation's waiting messages in order. The caller makes
 * sure no other thread handles this conversation meanwhile.
 */
gboolean
_terra_worker_process_conversation (TerraWorker      *worker,
                                    gint64            conversation_id,
                                    gint64            last_message_id,
                                    TerraSimulation **out,
                                    GError          **error)
{
  g_autoptr(GPtrArray) messages = unprocessed_messages (worker, conversation_id, last_message_id, error);

  if (messages == NULL)
    return FALSE;

  for (guint i = 0; i < messages->len; i++)
    {
      g_autoptr(GError) local_error = NULL;

      if (out == NULL && !_terra_orchestrator_should_continue (worker->orchestrator))
        break;
      if (process_message (worker, g_ptr_array_index (messages, i), out, &local_error))
        continue;

      /* A simulation reports its error; a worker must not let one broken
       * message hold up the rest of the conversation forever, unless the
       * workspace is only busy (then the next pass tries again). */
      if (out != NULL || g_error_matches (local_error, TERRA_STORE_ERROR, TERRA_STORE_ERROR_BUSY) ||
          !give_up_on (worker, g_ptr_array_index (messages, i), local_error->message, NULL))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      g_warning ("Message %" G_GINT64_FORMAT " could not be answered and is left to the owner: %s",
                 terra_message_get_id (g_ptr_array_index (messages, i)), local_error->message);
    }
  return TRUE;
}
