/* terra-builtin-provider.c — the built-in offline engine
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each chat() looks at the lead's last message and at the tool results the
 * request already carries, and either calls the next tool or writes the
 * reply. The plan for a message (book, move, cancel, answer from the
 * knowledge base, …) is decided afresh from the same inputs on every round,
 * so the engine keeps no state in memory between rounds; between messages
 * it keeps a small state event in the workspace (see the header).
 *
 * It never invents facts: answers quote published knowledge, opening hours
 * and appointment types; anything else is "I'll check with the team" and a
 * follow-up task for the owner.
 */

#define G_LOG_DOMAIN "terra-builtin"

#include "config.h"

#include <string.h>

#include "terra-builtin-provider-private.h"
#include "terra-enums.h"
#include "terra-tools.h"

#define STATE_EVENT "builtin.state"
#define MAX_PASSAGE_CHARS 360

static void terra_builtin_provider_iface_init (TerraProviderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TerraBuiltinProvider, terra_builtin_provider, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (TERRA_TYPE_PROVIDER, terra_builtin_provider_iface_init))

static void
tool_result_free (TerraBuiltinToolResult *result)
{
  g_free (result->name);
  g_clear_pointer (&result->result, json_node_unref);
  g_free (result);
}

static void
state_clear (TerraBuiltinState *state)
{
  g_clear_pointer (&state->offer, g_array_unref);
  g_clear_pointer (&state->purpose, g_free);
  g_clear_pointer (&state->asked, g_free);
  state->booking_id = 0;
}

static void
turn_clear (TerraBuiltinTurn *turn)
{
  g_free (turn->folded);
  g_clear_pointer (&turn->own_analysis, terra_analyzer_result_free);
  g_clear_pointer (&turn->zone, g_time_zone_unref);
  state_clear (&turn->state);
  g_clear_pointer (&turn->results, g_ptr_array_unref);
  g_clear_object (&turn->booking);
  g_free (turn->wanted_day);
  g_clear_pointer (&turn->hit, terra_knowledge_hit_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (TerraBuiltinTurn, turn_clear)

/* State between messages */

static void
load_state (TerraBuiltinTurn *turn)
{
  TerraBuiltinProvider *self = turn->self;
  g_autoptr(TerraQuery) query = terra_query_new (TERRA_TYPE_EVENT_RECORD);
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object;

  turn->state.offer = g_array_new (FALSE, FALSE, sizeof (gint64));
  if (self->conversation_id == 0)
    return;

  terra_query_where_int (query, "conversation_id", TERRA_QUERY_EQ, self->conversation_id);
  terra_query_where_text (query, "kind", TERRA_QUERY_EQ, STATE_EVENT);
  terra_query_order_by (query, "id", TRUE);
  terra_query_set_range (query, 0, 1);
  events = terra_store_list (self->store, query, NULL);
  if (events == NULL || events->len == 0)
    return;

  root = json_from_string (terra_event_record_get_payload (g_ptr_array_index (events, 0)), NULL);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return;
  object = json_node_get_object (root);

  if (json_object_has_member (object, "offer"))
    {
      JsonArray *offer = json_object_get_array_member (object, "offer");

      /* An offer with a slot already past is stale: "2" then books
       * nothing, and the lead gets fresh times. */
      for (guint i = 0; offer != NULL && i < json_array_get_length (offer); i++)
        {
          gint64 start = json_array_get_int_element (offer, i);

          g_array_append_val (turn->state.offer, start);
        }
      for (guint i = 0; i < turn->state.offer->len; i++)
        if (g_array_index (turn->state.offer, gint64, i) <= turn->now)
          {
            g_array_set_size (turn->state.offer, 0);
            break;
          }
    }
  turn->state.purpose = g_strdup (json_object_get_string_member_with_default (object, "purpose", NULL));
  turn->state.booking_id = json_object_get_int_member_with_default (object, "booking_id", 0);
  turn->state.asked = g_strdup (json_object_get_string_member_with_default (object, "asked", NULL));
}

static char *
state_to_json (const TerraBuiltinState *state)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "offer");
  json_builder_begin_array (builder);
  for (guint i = 0; state->offer != NULL && i < state->offer->len; i++)
    json_builder_add_int_value (builder, g_array_index (state->offer, gint64, i));
  json_builder_end_array (builder);
  if (state->purpose != NULL)
    {
      json_builder_set_member_name (builder, "purpose");
      json_builder_add_string_value (builder, state->purpose);
    }
  if (state->booking_id != 0)
    {
      json_builder_set_member_name (builder, "booking_id");
      json_builder_add_int_value (builder, state->booking_id);
    }
  if (state->asked != NULL)
    {
      json_builder_set_member_name (builder, "asked");
      json_builder_add_string_value (builder, state->asked);
    }
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

/* Keeps the state for the next message until the reply is stored (see
 * terra_builtin_provider_save_state()), unless it did not change. */
static void
keep_state (TerraBuiltinTurn        *turn,
            const TerraBuiltinState *before,
            const TerraBuiltinState *after)
{
  TerraBuiltinProvider *self = turn->self;
  g_autofree char *old_json = state_to_json (before);
  g_autofree char *new_json = state_to_json (after);

  g_clear_pointer (&self->pending_state, g_free);
  if (self->conversation_id != 0 && !g_str_equal (old_json, new_json))
    self->pending_state = g_steal_pointer (&new_json);
}

/* Reading the store */

static char *
setting (TerraBuiltinProvider *self,
         const char           *key)
{
  char *value = terra_store_get_setting_string (self->store, key);

  return value != NULL ? value : g_strdup ("");
}

TerraBooking *
_terra_builtin_next_booking (TerraBuiltinTurn *turn)
{
  g_autoptr(TerraQuery) query = terra_query_new (TERRA_TYPE_BOOKING);
  g_autoptr(GPtrArray) bookings = NULL;

  if (turn->self->contact_id == 0)
    return NULL;
  terra_query_where_int (query, "contact_id", TERRA_QUERY_EQ, turn->self->contact_id);
  terra_query_where_enum (query, "status", TERRA_TYPE_BOOKING_STATUS, TERRA_BOOKING_STATUS_CONFIRMED);
  terra_query_where_int (query, "end_utc", TERRA_QUERY_GT, turn->now);
  terra_query_order_by (query, "start_utc", FALSE);
  terra_query_set_range (query, 0, 1);
  bookings = terra_store_list (turn->self->store, query, NULL);
  if (bookings == NULL || bookings->len == 0)
    return NULL;
  return g_object_ref (g_ptr_array_index (bookings, 0));
}

TerraAppointmentType *
_terra_builtin_first_appointment_type (TerraBuiltinProvider *self)
{
  g_autoptr(TerraQuery) query = terra_query_new (TERRA_TYPE_APPOINTMENT_TYPE);
  g_autoptr(GPtrArray) types = NULL;

  terra_query_where_int (query, "active", TERRA_QUERY_EQ, 1);
  terra_query_order_by (query, "id", FALSE);
  terra_query_set_range (query, 0, 1);
  types = terra_store_list (self->store, query, NULL);
  if (types == NULL || types->len == 0)
    return NULL;
  return g_object_ref (g_ptr_array_index (types, 0));
}

static gboolean
has_replied_before (TerraBuiltinProvider *self)
{
  g_autoptr(TerraQuery) query = terra_query_new (TERRA_TYPE_MESSAGE);

  if (self->conversation_id == 0)
    return FALSE;
  terra_query_where_int (query, "conversation_id", TERRA_QUERY_EQ, self->conversation_id);
  terra_query_where_enum (query, "direction", TERRA_TYPE_DIRECTION, TERRA_DIRECTION_OUTBOUND);
  return terra_store_count (self->store, query, NULL) > 0;
}

static char *
lead_first_name (TerraBuiltinProvider *self)
{
  g_autoptr(TerraContact) contact = NULL;
  const char *name;
  const char *space;

  if (self->contact_id == 0)
    return NULL;
  contact = terra_store_get (self->store, TERRA_TYPE_CONTACT, self->contact_id, NULL);
  name = contact != NULL ? terra_contact_get_name (contact) : NULL;
  if (name == NULL || *name == '\0' || g_ascii_isdigit (*name) || *name == '+')
    return NULL;
  space = strchr (name, ' ');
  return space != NULL ? g_strndup (name, space - name) : g_strdup (name);
}

/* Deciding */

static const char * const booking_words[] = {
  "book", "booking", "appointment", "visit", "viewing", "schedule", "meeting", "slot",
  "consultation", "come by", "come over", "site visit", NULL,
};
static const char * const cancel_words[] = {
  "cancel", "call off", "can't make it", "cannot make it", "won't make it", "not coming", NULL,
};
static const char * const move_words[] = {
  "reschedule", "move", "change the time", "change the date", "postpone", "prepone", "shift",
  "another time", "another day", "different time", "different day", NULL,
};
static const char * const thanks_words[] = {
  "thanks", "thank you", "thank", "thx", "ok", "okay", "great", "cool", "perfect", "dhanyavad", "shukriya", NULL,
};

static gboolean
try_pick (TerraBuiltinTurn *turn)
{
  int index;

  if (turn->state.offer == NULL || turn->state.offer->len == 0)
    return FALSE;

  /* "Is there parking on the first floor?" names an ordinal but picks
   * nothing: a pick is a short answer. */
  if (g_utf8_strlen (turn->text, -1) > 60 && turn->analysis->intent != TERRA_INTENT_BOOKING)
    return FALSE;

  index = _terra_builtin_pick_slot (turn->text, turn->zone,
                                    (const gint64 *)(gpointer)turn->state.offer->data, turn->state.offer->len);
  if (index < 0)
    return FALSE;

  turn->pick_start = g_array_index (turn->state.offer, gint64, index);
  return TRUE;
}

static gboolean
find_answer (TerraBuiltinTurn *turn)
{
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(GError) error = NULL;

  hits = terra_knowledge_search (turn->self->store, turn->text, NULL, 0, 3, &error);
  if (hits == NULL)
    {
      g_warning ("Knowledge search failed: %s", error->message);
      return FALSE;
    }

  for (guint i = 0; i < hits->len; i++)
    if (_terra_builtin_passage_answers (turn->text, g_ptr_array_index (hits, i)))
      {
        turn->hit = g_ptr_array_steal_index (hits, i);
        return TRUE;
      }
  return FALSE;
}

/* Moving or cancelling needs the lead's appointment; without one, "can
 * I reschedule?" is answered as such and "I'm moving to Pune" is no
 * booking matter at all. Returns FALSE when the message is not about an
 * appointment. */
static gboolean
decide_about_booking (TerraBuiltinTurn *turn,
                      TerraBuiltinPlan *plan)
{
  gboolean cancel = _terra_builtin_mentions (turn->folded, cancel_words);
  gboolean move = _terra_builtin_mentions (turn->folded, move_words);

  if (!cancel && !move && turn->analysis->intent != TERRA_INTENT_RESCHEDULE)
    return FALSE;

  /* Once cancelled there is no appointment left; the plan stays the
   * same for the rounds after the tool ran. */
  turn->booking = _terra_builtin_next_booking (turn);
  if (turn->booking != NULL || (cancel && _terra_builtin_count_results (turn, "cancel_appointment") > 0))
    *plan = cancel ? TERRA_BUILTIN_PLAN_CANCEL : TERRA_BUILTIN_PLAN_RESCHEDULE;
  else if (cancel || turn->analysis->intent == TERRA_INTENT_RESCHEDULE)
    *plan = TERRA_BUILTIN_PLAN_NO_BOOKING;
  else
    return FALSE;
  return TRUE;
}

/* "We want to move in within 3 months" has a date but asks for no
 * appointment: the timeline is the qualifier's. */
static gboolean
wants_appointment (TerraBuiltinTurn *turn)
{
  static const char * const timeline_words[] = {
    "move in", "moving in", "shift in", "possession", "planning to buy", "looking to buy", "purchase", NULL,
  };
  TerraIntent intent = turn->analysis->intent;
  gboolean asked = _terra_builtin_mentions (turn->folded, booking_words);

  if (intent == TERRA_INTENT_BOOKING)
    return asked || !_terra_builtin_mentions (turn->folded, timeline_words);
  return asked && (intent == TERRA_INTENT_OTHER || intent == TERRA_INTENT_GREETING);
}

static TerraBuiltinPlan
decide_plan (TerraBuiltinTurn *turn)
{
  TerraIntent intent = turn->analysis->intent;
  gboolean question = _terra_builtin_is_question (turn->text);
  TerraBuiltinPlan plan;

  if (try_pick (turn))
    return TERRA_BUILTIN_PLAN_PICK;
  if (decide_about_booking (turn, &plan))
    return plan;
  if (wants_appointment (turn))
    return TERRA_BUILTIN_PLAN_BOOK;
  if (intent == TERRA_INTENT_COMPLAINT)
    return TERRA_BUILTIN_PLAN_ESCALATE;
  if (intent == TERRA_INTENT_GREETING && !question)
    return TERRA_BUILTIN_PLAN_GREETING;

  if (intent == TERRA_INTENT_HOURS)
    {
      g_autoptr(GArray) hours = terra_store_get_opening_hours (turn->self->store, NULL);

      if (hours != NULL && hours->len > 0)
        return TERRA_BUILTIN_PLAN_HOURS;
    }

  if (find_answer (turn))
    return TERRA_BUILTIN_PLAN_ANSWER;
  if (intent == TERRA_INTENT_LOCATION)
    {
      g_autoptr(TerraAppointmentType) type = _terra_builtin_first_appointment_type (turn->self);

      if (type != NULL && *terra_appointment_type_get_location (type) != '\0')
        return TERRA_BUILTIN_PLAN_LOCATION;
    }
  /* "Near Indiranagar please" states a wish; "price?" asks. */
  if (question || intent == TERRA_INTENT_PRICING || intent == TERRA_INTENT_FINANCING)
    return TERRA_BUILTIN_PLAN_UNKNOWN_QUESTION;
  if (_terra_builtin_mentions (turn->folded, thanks_words))
    return TERRA_BUILTIN_PLAN_THANKS;
  return TERRA_BUILTIN_PLAN_CHAT;
}

/* Responses */

TerraChatResponse *
_terra_builtin_call_tool (TerraBuiltinTurn *turn,
                          const char       *name,
                          JsonBuilder      *arguments)
{
  TerraChatResponse *response = terra_chat_response_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (arguments);
  g_autofree char *json = json_to_string (root, FALSE);
  g_autofree char *id = g_strdup_printf ("builtin_%u", turn->results->len + 1);

  g_ptr_array_add (response->tool_calls, terra_tool_call_new (id, name, json));
  g_free (response->finish_reason);
  response->finish_reason = g_strdup ("tool_calls");
  return response;
}

JsonBuilder *
_terra_builtin_args_begin (void)
{
  JsonBuilder *builder = json_builder_new ();

  json_builder_begin_object (builder);
  return builder;
}

void
_terra_builtin_args_string (JsonBuilder *builder,
                            const char  *name,
                            const char  *value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value);
}

static TerraChatResponse *
call_follow_up (TerraBuiltinTurn *turn)
{
  g_autoptr(JsonBuilder) args = _terra_builtin_args_begin ();
  g_autofree char *notes = g_utf8_substring (turn->text, 0, MIN (g_utf8_strlen (turn->text, -1), 400));

  _terra_builtin_args_string (args, "title", "Answer the lead’s question");
  _terra_builtin_args_string (args, "notes", notes);
  json_builder_end_object (args);
  return _terra_builtin_call_tool (turn, "create_follow_up", args);
}

static TerraChatResponse *
call_escalate (TerraBuiltinTurn *turn)
{
  g_autoptr(JsonBuilder) args = _terra_builtin_args_begin ();
  g_autofree char *summary = g_utf8_substring (turn->text, 0, MIN (g_utf8_strlen (turn->text, -1), 400));

  _terra_builtin_args_string (args, "reason", "negative_sentiment");
  _terra_builtin_args_string (args, "summary", summary);
  json_builder_end_object (args);
  return _terra_builtin_call_tool (turn, "escalate_to_human", args);
}

const TerraBuiltinToolResult *
_terra_builtin_last_result (TerraBuiltinTurn *turn)
{
  return turn->results->len > 0 ? g_ptr_array_index (turn->results, turn->results->len - 1) : NULL;
}

guint
_terra_builtin_count_results (TerraBuiltinTurn *turn,
                              const char       *name)
{
  guint n = 0;

  for (guint i = 0; i < turn->results->len; i++)
    if (g_str_equal (((TerraBuiltinToolResult *)g_ptr_array_index (turn->results, i))->name, name))
      n++;
  return n;
}

static void
append_question (TerraBuiltinTurn  *turn,
                 GString           *text,
                 TerraBuiltinState *next)
{
  const char *field = turn->self->next_question_field;
  g_autofree char *type = setting (turn->self, "business.type");
  const char *question;

  /* Asked last time and not answered: asking again at once would nag. */
  if (field == NULL || g_strcmp0 (field, turn->state.asked) == 0)
    return;
  question = _terra_builtin_question_for_field (field, type);
  if (question == NULL)
    return;
  g_string_append_printf (text, " %s", question);
  g_free (next->asked);
  next->asked = g_strdup (field);
}

/* The first word of a greeting in the owner's chosen tone
 * (assistant.personality). */
static const char *
salutation (TerraBuiltinTurn *turn)
{
  g_autofree char *personality = setting (turn->self, "assistant.personality");

  if (g_str_equal (personality, "professional"))
    return "Hello";
  if (g_str_equal (personality, "casual"))
    return "Hey";
  if (g_str_equal (personality, "enthusiastic"))
    return "Hi there";
  return "Hi";
}

static char *
greeting (TerraBuiltinTurn *turn)
{
  g_autofree char *assistant = setting (turn->self, "assistant.name");
  g_autofree char *business = setting (turn->self, "business.name");
  g_autofree char *name = lead_first_name (turn->self);
  const char *word = salutation (turn);
  g_autofree char *hello = name != NULL ? g_strdup_printf ("%s %s!", word, name) : g_strdup_printf ("%s!", word);

  if (has_replied_before (turn->self))
    return g_strdup_printf ("%s How can I help you?", hello);
  if (*business != '\0')
    return g_strdup_printf ("%s I’m %s, the assistant of %s. How can I help you today?", hello, assistant, business);
  return g_strdup_printf ("%s I’m %s, the assistant here. How can I help you today?", hello, assistant);
}

static char *
chat_reply (TerraBuiltinTurn  *turn,
            TerraBuiltinState *next)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(TerraAppointmentType) type = NULL;

  switch (turn->plan)
    {
    case TERRA_BUILTIN_PLAN_GREETING:
      return greeting (turn);

    case TERRA_BUILTIN_PLAN_HOURS:
      {
        g_autoptr(GArray) hours = terra_store_get_opening_hours (turn->self->store, NULL);
        g_autofree char *described = _terra_builtin_describe_hours (hours);

        g_string_printf (text, "We’re open %s (%s time).", described, g_time_zone_get_identifier (turn->zone));
      }
      break;

    case TERRA_BUILTIN_PLAN_ANSWER:
      {
        g_autofree char *passage = _terra_builtin_condense_passage (turn->text, turn->hit, MAX_PASSAGE_CHARS);

        g_string_append (text, passage);
        turn->self->source_item_id = turn->hit->item_id;
        g_free (turn->self->source_title);
        turn->self->source_title = g_strdup (turn->hit->title);
      }
      break;

    case TERRA_BUILTIN_PLAN_LOCATION:
      type = _terra_builtin_first_appointment_type (turn->self);
      g_string_printf (text, "Our %s takes place at %s.", terra_appointment_type_get_name (type),
                       terra_appointment_type_get_location (type));
      break;

    case TERRA_BUILTIN_PLAN_NO_BOOKING:
      return g_strdup ("I can’t find an upcoming appointment for you. Would you like to book one?");

    case TERRA_BUILTIN_PLAN_UNKNOWN_QUESTION:
      return g_strdup ("Good question — I don’t want to give you wrong information, so I’ll check with the "
                       "team and get back to you shortly.");

    case TERRA_BUILTIN_PLAN_ESCALATE:
      return g_strdup ("I’m sorry about that. I’ve asked a member of our team to look into it personally; "
                       "they will reply here shortly.");

    case TERRA_BUILTIN_PLAN_THANKS:
      return g_strdup ("You’re welcome! Is there anything else I can help you with?");

    case TERRA_BUILTIN_PLAN_CHAT:
    default:
      g_string_append (text, "Thanks, noted.");
      if (turn->self->next_question_field == NULL)
        {
          type = _terra_builtin_first_appointment_type (turn->self);
          if (type != NULL && _terra_builtin_next_booking (turn) == NULL)
            g_string_append_printf (text, " Would you like to book a %s? I can check the free times for you.",
                                    terra_appointment_type_get_name (type));
          else
            g_string_append (text, " Is there anything else I can help you with?");
          return g_string_free (g_steal_pointer (&text), FALSE);
        }
      break;
    }

  append_question (turn, text, next);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static gboolean
is_booking_plan (TerraBuiltinPlan plan)
{
  return plan == TERRA_BUILTIN_PLAN_PICK || plan == TERRA_BUILTIN_PLAN_BOOK || plan == TERRA_BUILTIN_PLAN_RESCHEDULE || plan == TERRA_BUILTIN_PLAN_CANCEL;
}

/* Writes the reply text and the state it leaves behind. */
static TerraChatResponse *
final_reply (TerraBuiltinTurn *turn)
{
  TerraChatResponse *response = terra_chat_response_new ();
  TerraBuiltinState next = { g_array_new (FALSE, FALSE, sizeof (gint64)), NULL, 0, NULL };

  /* next starts empty: a reply that offers nothing ends any earlier
   * offer, so "2" never books a slot offered three messages ago. */
  g_free (response->text);
  response->text = is_booking_plan (turn->plan) ? _terra_builtin_booking_reply (turn, &next) : chat_reply (turn, &next);
  g_free (response->finish_reason);
  response->finish_reason = g_strdup ("stop");

  keep_state (turn, &turn->state, &next);
  state_clear (&next);
  return response;
}

static TerraChatResponse *
respond (TerraBuiltinTurn *turn)
{
  TerraChatResponse *response = NULL;

  if (is_booking_plan (turn->plan))
    response = _terra_builtin_booking_step (turn);
  else if (turn->plan == TERRA_BUILTIN_PLAN_UNKNOWN_QUESTION && turn->results->len == 0)
    response = call_follow_up (turn);
  else if (turn->plan == TERRA_BUILTIN_PLAN_ESCALATE && turn->results->len == 0)
    response = call_escalate (turn);

  return response != NULL ? response : final_reply (turn);
}

/* Reading the request */

static void
read_request (TerraBuiltinTurn       *turn,
              const TerraChatRequest *request)
{
  int last_user = -1;

  for (guint i = 0; i < request->messages->len; i++)
    if (((TerraChatMessage *)g_ptr_array_index (request->messages, i))->role == TERRA_CHAT_ROLE_USER)
      last_user = (int)i;

  turn->text = "";
  turn->results = g_ptr_array_new_with_free_func ((GDestroyNotify)tool_result_free);
  if (last_user < 0)
    return;

  turn->text = ((TerraChatMessage *)g_ptr_array_index (request->messages, last_user))->content;
  if (turn->text == NULL)
    turn->text = "";

  for (guint i = last_user + 1; i < request->messages->len; i++)
    {
      TerraChatMessage *message = g_ptr_array_index (request->messages, i);
      TerraBuiltinToolResult *result;

      if (message->role != TERRA_CHAT_ROLE_TOOL)
        continue;
      result = g_new0 (TerraBuiltinToolResult, 1);
      result->name = g_strdup (message->tool_name != NULL ? message->tool_name : "");
      result->result = message->content != NULL ? json_from_string (message->content, NULL) : NULL;
      result->is_error = message->is_error || result->result == NULL || !JSON_NODE_HOLDS_OBJECT (result->result);
      g_ptr_array_add (turn->results, result);
    }
}

static TerraChatResponse *
terra_builtin_provider_chat (TerraProvider           *provider,
                             const TerraChatRequest  *request,
                             TerraTextDeltaFunc       on_delta,
                             gpointer                 user_data,
                             GCancellable            *cancellable,
                             GError                 **error)
{
  TerraBuiltinProvider *self = TERRA_BUILTIN_PROVIDER (provider);
  g_auto(TerraBuiltinTurn) turn = { 0 };
  TerraChatResponse *response;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  turn.self = self;
  turn.now = self->now != 0 ? self->now : g_get_real_time ();
  turn.zone = terra_scheduler_get_time_zone (self->scheduler);
  read_request (&turn, request);
  turn.folded = g_utf8_casefold (turn.text, -1);

  if (self->analysis != NULL)
    turn.analysis = self->analysis;
  else
    {
      TerraAnalyzerContext context = { turn.now, turn.zone, NULL, NULL };

      turn.own_analysis = terra_analyzer_analyze (self->analyzer, turn.text, &context);
      turn.analysis = turn.own_analysis;
    }

  load_state (&turn);
  turn.plan = decide_plan (&turn);
  if (turn.plan == TERRA_BUILTIN_PLAN_BOOK || turn.plan == TERRA_BUILTIN_PLAN_RESCHEDULE)
    _terra_builtin_read_wanted_time (&turn);

  response = respond (&turn);
  if (on_delta != NULL && response->text != NULL && *response->text != '\0')
    on_delta (response->text, user_data);
  return response;
}

static const char *
terra_builtin_provider_get_name (TerraProvider *provider)
{
  return "builtin";
}

static gboolean
terra_builtin_provider_test_connection (TerraProvider  *provider,
                                        GCancellable   *cancellable,
                                        GError        **error)
{
  return TRUE;
}

static void
terra_builtin_provider_iface_init (TerraProviderInterface *iface)
{
  iface->get_name = terra_builtin_provider_get_name;
  iface->chat = terra_builtin_provider_chat;
  iface->test_connection = terra_builtin_provider_test_connection;
}

static void
terra_builtin_provider_finalize (GObject *object)
{
  TerraBuiltinProvider *self = TERRA_BUILTIN_PROVIDER (object);

  g_clear_object (&self->store);
  g_clear_object (&self->scheduler);
  g_clear_object (&self->analyzer);
  g_clear_pointer (&self->analysis, terra_analyzer_result_free);
  g_clear_pointer (&self->next_question_field, g_free);
  g_clear_pointer (&self->pending_state, g_free);
  g_clear_pointer (&self->source_title, g_free);

  G_OBJECT_CLASS (terra_builtin_provider_parent_class)->finalize (object);
}

static void
terra_builtin_provider_class_init (TerraBuiltinProviderClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = terra_builtin_provider_finalize;
}

static void
terra_builtin_provider_init (TerraBuiltinProvider *self)
{
}

/**
 * terra_builtin_provider_new:
 * @store: the calling thread's connection
 * @scheduler: a scheduler over @store
 * @analyzer: analyzes a message when no context gives its analysis
 *
 * Returns: (transfer full): the engine
 */
TerraBuiltinProvider *
terra_builtin_provider_new (TerraStore     *store,
                            TerraScheduler *scheduler,
                            TerraAnalyzer  *analyzer)
{
  TerraBuiltinProvider *self;

  g_return_val_if_fail (TERRA_IS_STORE (store), NULL);
  g_return_val_if_fail (TERRA_IS_SCHEDULER (scheduler), NULL);
  g_return_val_if_fail (TERRA_IS_ANALYZER (analyzer), NULL);

  self = g_object_new (TERRA_TYPE_BUILTIN_PROVIDER, NULL);
  self->store = g_object_ref (store);
  self->scheduler = g_object_ref (scheduler);
  self->analyzer = g_object_ref (analyzer);
  return self;
}

/* Tells the engine which message it answers next; the context is copied.
 * NULL forgets it (the engine then knows only the request's text). */
void
terra_builtin_provider_set_context (TerraBuiltinProvider      *self,
                                    const TerraBuiltinContext *context)
{
  g_return_if_fail (TERRA_IS_BUILTIN_PROVIDER (self));

  g_clear_pointer (&self->analysis, terra_analyzer_result_free);
  g_clear_pointer (&self->next_question_field, g_free);
  g_clear_pointer (&self->pending_state, g_free);
  g_clear_pointer (&self->source_title, g_free);
  self->source_item_id = 0;
  self->conversation_id = context != NULL ? context->conversation_id : 0;
  self->contact_id = context != NULL ? context->contact_id : 0;
  self->now = context != NULL ? context->now : 0;
  if (context == NULL)
    return;

  if (context->analysis != NULL)
    self->analysis = terra_analyzer_result_copy (context->analysis);
  self->next_question_field = g_strdup (context->next_question_field);
}

/**
 * terra_builtin_provider_save_state:
 *
 * Stores what the last reply must be remembered by (the slots it offered,
 * the question it asked), for the next message of the conversation. Call
 * it in the transaction that stores the reply, so the state and the reply
 * are kept, or lost, together. Nothing to do when nothing changed.
 */
gboolean
terra_builtin_provider_save_state (TerraBuiltinProvider  *self,
                                   GError               **error)
{
  g_autofree char *state = NULL;

  g_return_val_if_fail (TERRA_IS_BUILTIN_PROVIDER (self), FALSE);

  if (self->pending_state == NULL)
    return TRUE;
  state = g_steal_pointer (&self->pending_state);
  return terra_store_log_event (self->store, STATE_EVENT, self->contact_id, self->conversation_id, state, error);
}

/* The passage the last reply answered from (transfer full; empty when it
 * answered from none). The built-in engine follows no instructions. */
GPtrArray *
terra_builtin_provider_steal_sources (TerraBuiltinProvider *self)
{
  GPtrArray *sources = g_ptr_array_new_with_free_func ((GDestroyNotify) terra_reply_source_free);

  g_return_val_if_fail (TERRA_IS_BUILTIN_PROVIDER (self), sources);

  if (self->source_item_id != 0)
    g_ptr_array_add (sources, terra_reply_source_new (TERRA_REPLY_SOURCE_KNOWLEDGE, self->source_item_id,
                                                      self->source_title));
  self->source_item_id = 0;
  g_clear_pointer (&self->source_title, g_free);
  return sources;
}
