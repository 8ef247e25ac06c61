/* test-entities.c — what a user of the store API relies on: every entity
 * survives a round trip, lists filter and page, and the rules of the model
 * (identities, cascades, versions, opening hours, settings, invalid input,
 * change events) hold
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "terra-test-utils.h"

/* Text that must survive storage byte for byte. */
#define KANNADA "ಬೆಂಗಳೂರು"
#define HOSTILE "O'Brien \"quoted\" ; DROP TABLE contacts; --"

/* Fixed times (µs since the epoch), clearly not "now". */
#define T_2023 G_GINT64_CONSTANT (1700000000000000)
#define T_2024 G_GINT64_CONSTANT (1710000000000000)
#define T_2025 G_GINT64_CONSTANT (1740000000000000)

/* Helpers */

static gboolean
is_view_only (GObject    *object,
              const char *name)
{
  /* The conversation list reads these from the contact (conversation_rows),
   * and the sentiment from the lead's latest analysis (kept by triggers);
   * they are never written. */
  return TERRA_IS_CONVERSATION (object) &&
         ((g_str_has_prefix (name, "contact-") && !g_str_equal (name, "contact-id")) ||
          g_str_equal (name, "sentiment"));
}

/* The properties the store fills on insert; a round trip leaves them unset
 * so the test sees the store set them. */
static gboolean
is_store_filled (const char *name)
{
  return g_str_equal (name, "id") || g_str_equal (name, "created-at") ||
         g_str_equal (name, "updated-at");
}

static gboolean
values_equal (GParamSpec   *pspec,
              const GValue *a,
              const GValue *b)
{
  /* A boxed GParamSpec compares pointers; compare string lists by content. */
  if (G_PARAM_SPEC_VALUE_TYPE (pspec) == G_TYPE_STRV)
    {
      const char * const *sa = g_value_get_boxed (a);
      const char * const *sb = g_value_get_boxed (b);
      const char * const empty[] = { NULL };

      return g_strv_equal (sa ? sa : empty, sb ? sb : empty);
    }

  return g_param_values_cmp (pspec, a, b) == 0;
}

static char *
value_to_string (const GValue *value)
{
  if (G_VALUE_HOLDS (value, G_TYPE_STRV))
    {
      const char * const *strv = g_value_get_boxed (value);
      g_autofree char *joined = strv ? g_strjoinv ("|", (char **)strv) : g_strdup ("(null)");

      return g_strdup_printf ("[%s]", joined);
    }
  return g_strdup_value_contents (value);
}

/* Asserts that property name of a and b holds the same value. */
static void
assert_property_equal (GObject    *a,
                       GObject    *b,
                       GParamSpec *pspec)
{
  g_auto(GValue) va = G_VALUE_INIT;
  g_auto(GValue) vb = G_VALUE_INIT;

  g_value_init (&va, G_PARAM_SPEC_VALUE_TYPE (pspec));
  g_value_init (&vb, G_PARAM_SPEC_VALUE_TYPE (pspec));
  g_object_get_property (a, pspec->name, &va);
  g_object_get_property (b, pspec->name, &vb);

  if (!values_equal (pspec, &va, &vb))
    {
      g_autofree char *sa = value_to_string (&va);
      g_autofree char *sb = value_to_string (&vb);
      g_autofree char *message = g_strdup_printf ("%s:%s differs: %s != %s",
                                                  G_OBJECT_TYPE_NAME (a), pspec->name, sa, sb);

      g_assertion_message (G_LOG_DOMAIN, __FILE__, __LINE__, G_STRFUNC, message);
    }
}

/* Asserts that every readable property (except the conversation's view-only
 * ones) is equal in a and b. */
static void
assert_same_entity (gpointer a,
                    gpointer b)
{
  g_autofree GParamSpec **pspecs = NULL;
  guint n_pspecs;

  g_assert_true (G_OBJECT_TYPE (a) == G_OBJECT_TYPE (b));
  pspecs = g_object_class_list_properties (G_OBJECT_GET_CLASS (a), &n_pspecs);
  g_assert_cmpuint (n_pspecs, >, 2);

  for (guint i = 0; i < n_pspecs; i++)
    if ((pspecs[i]->flags & G_PARAM_READABLE) != 0 && !is_view_only (a, pspecs[i]->name))
      assert_property_equal (a, b, pspecs[i]);
}

/* How many properties differ between a and b. */
static guint
count_differences (gpointer a,
                   gpointer b)
{
  g_autofree GParamSpec **pspecs = g_object_class_list_properties (G_OBJECT_GET_CLASS (a), NULL);
  guint n = 0;

  for (guint i = 0; pspecs[i] != NULL; i++)
    {
      g_auto(GValue) va = G_VALUE_INIT;
      g_auto(GValue) vb = G_VALUE_INIT;

      if (is_view_only (a, pspecs[i]->name))
        continue;
      g_value_init (&va, G_PARAM_SPEC_VALUE_TYPE (pspecs[i]));
      g_value_init (&vb, G_PARAM_SPEC_VALUE_TYPE (pspecs[i]));
      g_object_get_property (a, pspecs[i]->name, &va);
      g_object_get_property (b, pspecs[i]->name, &vb);
      if (!values_equal (pspecs[i], &va, &vb))
        n++;
    }

  return n;
}

/* Guards the test itself: a round trip must exercise every property with
 * a value that is not its default, or a column the mapping drops would go
 * unnoticed. */
static void
assert_no_defaults (gpointer entity)
{
  g_autofree GParamSpec **pspecs = g_object_class_list_properties (G_OBJECT_GET_CLASS (entity), NULL);

  for (guint i = 0; pspecs[i] != NULL; i++)
    {
      g_auto(GValue) value = G_VALUE_INIT;

      if (is_store_filled (pspecs[i]->name) || is_view_only (entity, pspecs[i]->name))
        continue;

      g_value_init (&value, G_PARAM_SPEC_VALUE_TYPE (pspecs[i]));
      g_object_get_property (entity, pspecs[i]->name, &value);
      if (g_param_value_defaults (pspecs[i], &value))
        g_error ("the test leaves %s:%s at its default", G_OBJECT_TYPE_NAME (entity), pspecs[i]->name);
    }
}

static gint64
get_int64 (gpointer    object,
           const char *name)
{
  gint64 value = 0;

  g_object_get (object, name, &value, NULL);
  return value;
}

static gboolean
has_property (gpointer    object,
              const char *name)
{
  return g_object_class_find_property (G_OBJECT_GET_CLASS (object), name) != NULL;
}

typedef void (*ChangeFunc) (gpointer entity);

/* The round trip every entity must survive: insert, read back equal,
 * change, read back changed, delete, and NOT_FOUND afterwards. entity has
 * every property but id and creation times set to a value of its own. */
static void
check_round_trip (TerraStore *store,
                  gpointer    entity,
                  ChangeFunc  change)
{
  GType type = G_OBJECT_TYPE (entity);
  g_autoptr(GError) error = NULL;
  g_autoptr(GObject) fetched = NULL;
  g_autoptr(GObject) refetched = NULL;
  g_autoptr(GObject) gone = NULL;
  gint64 before, after, id;

  assert_no_defaults (entity);

  before = g_get_real_time ();
  g_assert_true (terra_store_insert (store, entity, &error));
  g_assert_no_error (error);
  after = g_get_real_time ();

  id = get_int64 (entity, "id");
  g_assert_cmpint (id, >, 0);
  g_assert_cmpint (get_int64 (entity, "created-at"), >=, before);
  g_assert_cmpint (get_int64 (entity, "created-at"), <=, after);
  if (has_property (entity, "updated-at"))
    g_assert_cmpint (get_int64 (entity, "updated-at"), >=, before);

  fetched = terra_store_get (store, type, id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (fetched);
  g_assert_true (G_OBJECT_TYPE (fetched) == type);
  assert_same_entity (entity, fetched);

  /* Change fields; the update saves every one of them. */
  change (entity);
  g_assert_cmpuint (count_differences (entity, fetched), >, 0);
  g_assert_true (terra_store_update (store, entity, &error));
  g_assert_no_error (error);

  refetched = terra_store_get (store, type, id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (refetched);
  assert_same_entity (entity, refetched);
  g_assert_cmpuint (count_differences (fetched, refetched), >, 0);
  g_assert_cmpint (get_int64 (refetched, "created-at"), ==, get_int64 (fetched, "created-at"));
  if (has_property (entity, "updated-at"))
    g_assert_cmpint (get_int64 (refetched, "updated-at"), >=, get_int64 (fetched, "updated-at"));

  /* Delete: gone for get, delete and update alike. */
  g_assert_true (terra_store_delete (store, type, id, &error));
  g_assert_no_error (error);

  gone = terra_store_get (store, type, id, &error);
  g_assert_null (gone);
  g_assert_error (error, TERRA_STORE_ERROR, TERRA_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_false (terra_store_delete (store, type, id, &error));
  g_assert_error (error, TERRA_STORE_ERROR, TERRA_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_false (terra_store_update (store, entity, &error));
  g_assert_error (error, TERRA_STORE_ERROR, TERRA_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (terra_store_in_transaction (store));
}

static gint64
count_where (TerraStore *store,
             GType       type,
             const char *column,
             gint64      value)
{
  g_autoptr(TerraQuery) query = terra_query_new (type);
  g_autoptr(GError) error = NULL;
  gint64 n;

  if (column != NULL)
    terra_query_where_int (query, column, TERRA_QUERY_EQ, value);
  n = terra_store_count (store, query, &error);
  g_assert_no_error (error);
  return n;
}

static gint64
count_all (TerraStore *store,
           GType       type)
{
  return count_where (store, type, NULL, 0);
}

/* Entities the others point at, with plain values. */

static TerraContact *
add_contact (TerraStore *store,
             const char *name)
{
  g_autoptr(TerraContact) contact = terra_contact_new ();
  g_autoptr(GError) error = NULL;

  terra_contact_set_name (contact, name);
  g_assert_true (terra_store_insert (store, contact, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&contact);
}

static TerraConversation *
add_conversation (TerraStore   *store,
                  gint64        contact_id,
                  TerraChannel  channel)
{
  g_autoptr(TerraConversation) conversation = terra_conversation_new ();
  g_autoptr(GError) error = NULL;

  terra_conversation_set_contact_id (conversation, contact_id);
  terra_conversation_set_channel (conversation, channel);
  g_assert_true (terra_store_insert (store, conversation, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&conversation);
}

static TerraMessage *
add_message (TerraStore *store,
             gint64      conversation_id,
             const char *body,
             gint64      created_at)
{
  g_autoptr(TerraMessage) message = terra_message_new ();
  g_autoptr(GError) error = NULL;

  terra_message_set_conversation_id (message, conversation_id);
  terra_message_set_body (message, body);
  g_object_set (message, "created-at", created_at, NULL);
  g_assert_true (terra_store_insert (store, message, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&message);
}

static TerraAppointmentType *
add_appointment_type (TerraStore *store,
                      const char *name)
{
  g_autoptr(TerraAppointmentType) type = terra_appointment_type_new ();
  g_autoptr(GError) error = NULL;

  terra_appointment_type_set_name (type, name);
  g_assert_true (terra_store_insert (store, type, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&type);
}

/* Round trips, one per entity */

static void
change_contact (gpointer entity)
{
  const char *phones[] = { "+49 30 1234567", NULL };
  const char *emails[] = { NULL };

  g_object_set (entity,
                "name", "Renamed " KANNADA,
                "phones", phones,
                "emails", emails,
                "qualification", "{\"budget\": {\"value\": null, \"confidence\": 0}}",
                "score", 12,
                "temperature", TERRA_TEMPERATURE_WARM,
                "opted-out", FALSE,
                "opted-out-at", (gint64)0,
                "consent", TERRA_CONSENT_REFUSED,
                NULL);
}

static void
test_contact_round_trip (void)
{
  g_autoptr(TerraTestWorkspace) ws = terra_test_workspace_new ();
  TerraStore *store = terra_workspace_get_store (ws);
  g_autoptr(TerraContact) contact = terra_contact_new ();
  const char *phones[] = { "+91 98765 43210", KANNADA, HOSTILE, NULL };
  const char *emails[] = { "asha@example.org", HOSTILE, "ümlaut@例え.jp", NULL };

  g_object_set (contact,
                "name", KANNADA " " HOSTILE,
                "phones", phones,
                "emails", emails,
                "qualification", "{\"budget\": {\"value\": \"₹80 lakh\", \"confidence\": 0.8},"
                                 " \"city\": {\"value\": \"" KANNADA "\", \"confidence\": 1}}",
                "custom-fields", "{\"note\": \"O'Brien \\\"quoted\\\" ; DROP TABLE contacts; --\"}",
                "score", 87,
                "score-explanation", "Budget and timeline known; " KANNADA,
                "temperature", TERRA_TEMPERATURE_HOT,
                "qualified-at", T_2024,
                "opted-out", TRUE,
                "opted-out-at", T_2024 + 1,
                "consent", TERRA_CONSENT_GIVEN,
                "consent-at", T_2023,
                NULL);

  check_round_trip (store, contact, change_contact);
}

static void
change_conversation (gpointer entity)
{
  g_object_set (entity,
                "status", TERRA_CONVERSATION_STATUS_CLOSED,
                "responder", TERRA_RESPONDER_ASSISTANT,
                "handoff-reason", "",
                "unread-count", 0,
                "summary", "Closed: " HOSTILE,
                "last-activity-at", T_2025,
                NULL);
}

static void
test_conversation_round_trip (void)
{
  g_autoptr(TerraTestWorkspace) ws = terra_test_workspace_new ();
  TerraStore *store = terra_workspace_get_store (ws);
  g_autoptr(TerraContact) contact = terra_contact_new ();
  g_autoptr(TerraConversation) conversation = terra_conversation_new ();
  g_autoptr(TerraConversation) fetched = NULL;
  g_autoptr(GError) error = NULL;

  terra_contact_set_name (contact, "Asha " KANNADA);
  terra_contact_set_score (contact, 64);
  terra_contact_set_temperature (contact, TERRA_TEMPERATURE_WARM);
  g_assert_true (terra_store_insert (store, contact, &error));
  g_assert_no_error (error);

  g_object_set (conversation,
                "contact-id", terra_contact_get_id (contact),
                "channel", TERRA_CHANNEL_TELEGRAM,
                "status", TERRA_CONVERSATION_STATUS_HANDED_OFF,
                "responder", TERRA_RESPONDER_HUMAN,
                "handoff-reason", "Asked for a discount: " HOSTILE,
                "unread-count", 7,
                "summary", "Wants a 2BHK in " KANNADA,
                "last-message-preview", "ನಮಸ್ಕಾರ, is it available?",
                "first-reply-at", T_2024,
                "last-activity-at", T_2024 + 5,
                /* View-only: never written, whatever the object holds. */
                "contact-name", "Not the contact's name",
                "contact-score", 3,
                "contact-temperature", TERRA_TEMPERATURE_HOT,
                NULL);

  /* Checked here before the generic round trip deletes it. */
  g_assert_true (terra_store_insert (store, conversation, &error));
  g_assert_no_error (error);
  fetched = terra_store_get (store, TERRA_TYPE_CONVERSATION, terra_conversation_get_id (conversation), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (terra_conversation_get_contact_name (fetched), ==, terra_contact_get_name (contact));
  g_assert_cmpint (terra_conversation_get_contact_score (fetched), ==, terra_contact_get_score (contact));
  g_assert_cmpint (terra_conversation_get_contact_temperature (fetched), ==, terra_contact_get_temperature (contact));
  g_assert_true (terra_store_delete (store, TERRA_TYPE_CONVERSATION, terra_conversation_get_id (conversation), &error));
  g_assert_no_error (error);

  /* A fresh copy for the generic round trip (ids and times unset). */
  g_object_set (conversation, "id", (gint64)0, "created-at", (gint64)0, "updated-at", (gint64)0, NULL);
  check_round_trip (store, conversation, change_conversation);
}

static void
change_message (gpointer entity)
{
  g_object_set (entity,
                "body", "Edited " KANNADA,
                "delivery", TERRA_DELIVERY_FAILED,
                "draft", TERRA_DRAFT_REJECTED,
                "external-id", NULL,
                "processed-at", (gint64)0,
                NULL);
}

static void
test_message_round_trip (void)
{
  g_autoptr(TerraTestWorkspace) ws = terra_test_workspace_new ();
  TerraStore *store = terra_workspace_get_store (ws);
  g_autoptr(TerraContact) contact = add_contact (store, "Asha");
  g_autoptr(TerraConversation) conversation =
    add_conversation (store, terra_contact_get_id (contact), TERRA_CHANNEL_SMS);
  g_autoptr(TerraMessage) message = terra_message_new ();

  g_object_set (message,
                "conversation-id", terra_conversation_get_id (conversation),
                "direction", TERRA_DIRECTION_OUTBOUND,
                "author", TERRA_AUTHOR_HUMAN,
                "body", "ನಮಸ್ಕಾರ! " HOSTILE " 🙂\nline two",
                "attachments", "[{\"path\": \"attachments/" KANNADA ".jpg\", \"mime\": \"image/jpeg\"}]",
                "channel", TERRA_CHANNEL_SMS,
                "external-id", "SM" KANNADA "-1",
                "delivery", TERRA_DELIVERY_READ,
                "draft", TERRA_DRAFT_APPROVED,
                "prompt-tokens", 1234,
                "completion-tokens", 56,
                "latency-ms", (gint64)789,
                "processed-at", T_2024,
                NULL);

  check_round_trip (store, message, change_message);
}

static void
change_analysis (gpointer entity)
{
  g_object_set (entity,
                "intent", "booking",
                "sentiment", TERRA_SENTIMENT_POSITIVE,
                "sentiment-score", 0.5,
                "objections", "[]",
                "opt-out", FALSE,
                NULL);
}

static void
test_analysis_round_trip (void)
{
  g_autoptr(TerraTestWorkspace) ws = terra_test_workspace_new ();
  TerraStore *store = terra_workspace_get_store (ws);
  g_autoptr(TerraContact) contact = add_contact (store, "Asha");
  g_autoptr(TerraConversation) conversation =
    add_conversation (store, terra_contact_get_id (contact), TERRA_CHANNEL_WHATSAPP);
  g_autoptr(TerraMessage) message =
    add_message (store, terra_conversation_get_id (conversation), "Too expensive", T_2024);
  g_autoptr(TerraAnalysis) analysis = terra_analysis_new ();

  g_object_set (analysis,
                "message-id", terra_message_get_id (message),
                "conversation-id", terra_conversation_get_id (conversation),
                "intent", "pricing",
                "sentiment", TERRA_SENTIMENT_NEGATIVE,
                "sentiment-score", -0.75,
                "language", "kn",
                "entities", "[{\"type\": \"place\", \"value\": \"" KANNADA "\"}]",
                "objections", "[\"price\", \"O'Brien \\\"quoted\\\"\"]",
                "escalations", "[\"legal\"]",
                "opt-out", TRUE,
                NULL);

  check_round_trip (store, analysis, change_analysis);
}

static void
change_booking (gpointer entity)
{
  g_object_set (entity,
                "status", TERRA_BOOKING_STATUS_CANCELLED,
                "cancel-reason", "Lead asked: " KANNADA,
                "start-utc", T_2025,
                "end-utc", T_2025 + 30 * G_TIME_SPAN_MINUTE,
                "conversation-id", (gint64)0,
                NULL);
}

static void
test_booking_round_trip (void)
{
  g_autoptr(TerraTestWorkspace) ws = terra_test_workspace_new ();
  TerraStore *store = terra_workspace_get_store (ws);
  g_autoptr(TerraContact) contact = add_contact (store, "Asha");
  g_autoptr(TerraConversation) conversation =
    add_conversation (store, terra_contact_get_id (contact), TERRA_CHANNEL_WHATSAPP);
  g_autoptr(TerraAppointmentType) type = add_appointment_type (store, "Site visit");
  g_autoptr(TerraBooking) booking = terra_booking_new ();

  g_object_set (booking,
                "uid", "b7f3c0de-" KANNADA "@terra",
                "contact-id", terra_contact_get_id (contact),
                "conversation-id", terra_conversation_get_id (conversation),
                "appointment-type-id", terra_appointment_type_get_id (type),
                "title", "Site visit — " KANNADA,
                "start-utc", T_2024,
                "end-utc", T_2024 + G_TIME_SPAN_HOUR,
                "timezone", "Asia/Kolkata",
                "location", "MG Road, " KANNADA,
                "source", TERRA_BOOKING_SOURCE_MANUAL,
                "status", TERRA_BOOKING_STATUS_NO_SHOW,
                "notes", HOSTILE,
                "cancel-reason", "n/a",
                NULL);

  check_round_trip (store, booking, change_booking);
}

static void
change_appointment_type (gpointer entity)
{
  g_object_set (entity,
                "name", "Video call",
                "duration-minutes", 15,
                "active", TRUE,
                "color", "#e01b24",
                NULL);
}

static void
test_appointment_type_round_trip (void)
{
  g_autoptr(TerraTestWorkspace) ws = terra_test_workspace_new ();
  TerraStore *store = terra_workspace_get_store (ws);
  g_autoptr(TerraAppointmentType) type = terra_appointment_type_new ();

  g_object_set (type,
                "name", "Site visit " KANNADA " " HOSTILE,
                "duration-minutes", 90,
                "buffer-before-minutes", 15,
                "buffer-after-minutes", 20,
                "location", "Office, " KANNADA,
                "color", "#2ec27e",
                "active", FALSE,
                NULL);

  check_round_trip (store, type, change_appointment_type);
}

static void
change_knowledge_item (gpointer entity)
{
  g_object_set (entity,
                "category", TERRA_KNOWLEDGE_FAQ,
                "title", "Refunds (updated)",
                "published", FALSE,
                NULL);
}

static void
test_knowledge_item_round_trip (void)
{
  g_autoptr(TerraTestWorkspace) ws = terra_test_workspace_new ();
  TerraStore *store = terra_workspace_get_store (ws);
  g_autoptr(TerraKnowledgeItem) item = terra_knowledge_item_new ();

  g_object_set (item,
                "category", TERRA_KNOWLEDGE_POLICIES,
                "title", "Refunds " KANNADA,
                "body", "Full refund within 7 days.\n" HOSTILE,
                "published", TRUE,
                "version", 3,
                NULL);

  check_round_trip (store, item, change_knowledge_item);
  /* The title changed, so the update kept version 3 and made it 4. */
  g_assert_cmpint (terra_knowledge_item_get_version (item), ==, 4);
}

static void
change_instruction (gpointer entity)
{
  g_object_set (entity,
                "kind", TERRA_INSTRUCTION_NEVER,
                "condition", "",
                "priority", -3,
                "enabled", TRUE,
                NULL);
}

static void
test_instruction_round_trip (void)
{
  g_autoptr(TerraTestWorkspace) ws = terra_test_workspace_new ();
  TerraStore *store = terra_workspace_get_store (ws);
  g_autoptr(TerraInstruction) instruction = terra_instruction_new ();

  g_object_set (instruction,
                "kind", TERRA_INSTRUCTION_WHEN,
                "condition", "the lead asks about " KANNADA,
                "body", "Mention the metro line. " HOSTILE,
                "priority", 42,
                "enabled", FALSE,
                NULL);

  check_round_trip (store, instruction, change_instruction);
}

static void
change_feedback (gpointer entity)
{
  g_object_set (entity,
                "grade", TERRA_GRADE_GOOD,
                "correction", "",
                "message-id", (gint64)0,
                NULL);
}

static void
test_feedback_round_trip (void)
{
  g_autoptr(TerraTestWorkspace) ws = terra_test_workspace_new ();
  TerraStore *store = terra_workspace_get_store (ws);
  g_autoptr(TerraContact) contact = add_contact (store, "Asha");
  g_autoptr(TerraConversation) conversation =
    add_conversation (store, terra_contact_get_id (contact), TERRA_CHANNEL_WHATSAPP);
  g_autoptr(TerraMessage) message =
    add_message (store, terra_conversation_get_id (conversation), "Reply", T_2024);
  g_autoptr(TerraFeedback) feedback = terra_feedback_new ();

  g_object_set (feedback,
                "message-id", terra_message_get_id (message),
                "conversation-id", terra_conversation_get_id (conversation),
                "grade", TERRA_GRADE_BAD,
                "correction", "Say " KANNADA ", not Bangalore. " HOSTILE,
                "category", "tone",
                NULL);

  check_round_trip (store, feedback, change_feedback);
}

static void
change_task (gpointer entity)
{
  g_object_set (entity,
                "status", TERRA_TASK_OPEN,
                "completed-at", (gint64)0,
                "title", "Call back again",
                "due-at", T_2025,
                NULL);
}

static void
test_task_round_trip (void)
{
  g_autoptr(TerraTestWorkspace) ws = terra_test_workspace_new ();
  TerraStore *store = terra_workspace_get_store (ws);
  g_autoptr(TerraContact) contact = add_contact (store, "Asha");
  g_autoptr(TerraConversation) conversation =
    add_conversation (store, terra_contact_get_id (contact), TERRA_CHANNEL_WHATSAPP);
  g_autoptr(TerraTask) task = terra_task_new ();

  g_object_set (task,
                "contact-id", terra_contact_get_id (contact),
                "conversation-id", terra_conversation_get_id (conversation),
                "title", "Call back about " KANNADA,
                "notes", HOSTILE,
                "due-at", T_2024,
                "status", TERRA_TASK_DONE,
                "created-by", TERRA_AUTHOR_HUMAN,
                "completed-at", T_2024 + 1,
                NULL);

  check_round_trip (store, task, change_task);
}

static void
change_event_record (gpointer entity)
{
  g_object_set (entity,
                "kind", "booking.cancelled",
                "payload", "[1, 2, 3]",
                "booking-id", (gint64)0,
                NULL);
}

static void
test_event_record_round_trip (void)
{
  g_autoptr(TerraTestWorkspace) ws = terra_test_workspace_new ();
  TerraStore *store = terra_workspace_get_store (ws);
  g_autoptr(TerraEventRecord) record = terra_event_record_new ();

  /* The audit log's ids are plain numbers, not foreign keys. */
  g_object_set (record,
                "kind", "handoff.requested",
                "contact-id", (gint64)101,
                "conversation-id", (gint64)202,
                "message-id", (gint64)303,
                "booking-id", (gint64)404,
                "payload", "{\"reason\": \"" KANNADA "\", \"who\": \"O'Brien \\\"quoted\\\"\"}",
                NULL);

  check_round_trip (store, record, change_event_record);
}

static void
change_outbox_item (gpointer entity)
{
  g_object_set (entity,
                "status", TERRA_OUTBOX_SENT,
                "attempts", 6,
                "last-error", "",
                "next-attempt-at", T_2025,
                NULL);
}

static void
test_outbox_item_round_trip (void)
{
  g_autoptr(TerraTestWorkspace) ws = terra_test_workspace_new ();
  TerraStore *store = terra_workspace_get_store (ws);
  g_autoptr(TerraContact) contact = add_contact (store, "Asha");
  g_autoptr(TerraConversation) conversation =
    add_conversation (store, terra_contact_get_id (contact), TERRA_CHANNEL_WHATSAPP);
  g_autoptr(TerraMessage) message =
    add_message (store, terra_conversation_get_id (conversation), "Reply", T_2024);
  g_autoptr(TerraOutboxItem) item = terra_outbox_item_new ();

  g_object_set (item,
                "kind", TERRA_OUTBOX_WEBHOOK,
                "conversation-id", terra_conversation_get_id (conversation),
                "message-id", terra_message_get_id (message),
                "channel", "whatsapp",
                "idempotency-key", "key-" KANNADA,
                "payload", "{\"text\": \"" KANNADA "\", \"sql\": \"'; DROP TABLE outbox; --\"}",
                "status", TERRA_OUTBOX_DEAD,
                "attempts", 5,
                "next-attempt-at", T_2024,
                "last-error", "HTTP 500: " HOSTILE,
                NULL);

  check_round_trip (store, item, change_outbox_item);
}

/* Lists */

static const TerraChannel list_channels[] = {
  TERRA_CHANNEL_WHATSAPP, TERRA_CHANNEL_SMS, TERRA_CHANNEL_WEBCHAT,
};
static const TerraConversationStatus list_statuses[] = {
  TERRA_CONVERSATION_STATUS_ACTIVE, TERRA_CONVERSATION_STATUS_WAITING,
};

static GPtrArray *
list_or_fail (TerraStore *store,
              TerraQuery *query)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *items = terra_store_list (store, query, &error);

  g_assert_no_error (error);
  g_assert_nonnull (items);
  return items;
}

static void
test_list_filters_and_pages (void)
{
  g_autoptr(TerraTestWorkspace) ws = terra_test_workspace_new ();
  TerraStore *store = terra_workspace_get_store (ws);
  g_autoptr(TerraContact) contact = add_contact (store, "Asha");
  g_autoptr(GError) error = NULL;
  g_autoptr(TerraQuery) all = terra_query_new (TERRA_TYPE_CONVERSATION);
  g_autoptr(TerraQuery) page = NULL;
  g_autoptr(TerraQuery) bad = terra_query_new (TERRA_TYPE_CONVERSATION);
  g_autoptr(GPtrArray) full = NULL;
  g_autoptr(GPtrArray) paged = NULL;
  g_autoptr(GPtrArray) none = NULL;

  for (guint i = 0; i < 25; i++)
    {
      g_autoptr(TerraConversation) conversation = terra_conversation_new ();

      /* Activity times repeat (ties), so paging must break them stably. */
      g_object_set (conversation,
                    "contact-id", terra_contact_get_id (contact),
                    "channel", list_channels[i % 3],
                    "status", list_statuses[i % 2],
                    "last-activity-at", T_2024 + (gint64)((i * 7) % 10) * G_TIME_SPAN_MINUTE,
                    NULL);
      g_assert_true (terra_store_insert (store, conversation, &error));
      g_assert_no_error (error);
    }

  g_assert_cmpint (terra_store_count (store, all, &error), ==, 25);
  g_assert_no_error (error);

  /* Counts per channel, per status, and both. */
  for (guint c = 0; c < G_N_ELEMENTS (list_channels); c++)
    {
      g_autoptr(TerraQuery) query = terra_query_new (TERRA_TYPE_CONVERSATION);
      g_autoptr(GPtrArray) items = NULL;
      gint64 expected = 0;

      for (guint i = 0; i < 25; i++)
        expected += i % 3 == c;

      terra_query_where_enum (query, "channel", TERRA_TYPE_CHANNEL, list_channels[c]);
      g_assert_cmpint (terra_store_count (store, query, &error), ==, expected);
      g_assert_no_error (error);
      items = list_or_fail (store, query);
      g_assert_cmpuint (items->len, ==, expected);
      for (guint i = 0; i < items->len; i++)
        g_assert_cmpint (terra_conversation_get_channel (items->pdata[i]), ==, list_channels[c]);

      for (guint s = 0; s < G_N_ELEMENTS (list_statuses); s++)
        {
          g_autoptr(TerraQuery) both = terra_query_copy (query);
          gint64 expected_both = 0;

          for (guint i = 0; i < 25; i++)
            expected_both += i % 3 == c && i % 2 == s;
          terra_query_where_enum (both, "status", TERRA_TYPE_CONVERSATION_STATUS, list_statuses[s]);
          g_assert_cmpint (terra_store_count (store, both, &error), ==, expected_both);
          g_assert_no_error (error);
        }
    }

  for (guint s = 0; s < G_N_ELEMENTS (list_statuses); s++)
    {
      g_autoptr(TerraQuery) query = terra_query_new (TERRA_TYPE_CONVERSATION);

      terra_query_where_enum (query, "status", TERRA_TYPE_CONVERSATION_STATUS, list_statuses[s]);
      g_assert_cmpint (terra_store_count (store, query, &error), ==, s == 0 ? 13 : 12);
      g_assert_no_error (error);
    }

  {
    g_autoptr(TerraQuery) closed = terra_query_new (TERRA_TYPE_CONVERSATION);

    terra_query_where_enum (closed, "status", TERRA_TYPE_CONVERSATION_STATUS, TERRA_CONVERSATION_STATUS_CLOSED);
    g_assert_cmpint (terra_store_count (store, closed, &error), ==, 0);
    g_assert_no_error (error);
  }

  /* Newest activity first, and a page is a slice of the full order. */
  terra_query_order_by (all, "last_activity_at", TRUE);
  full = list_or_fail (store, all);
  g_assert_cmpuint (full->len, ==, 25);
  for (guint i = 1; i < full->len; i++)
    g_assert_cmpint (terra_conversation_get_last_activity_at (full->pdata[i - 1]), >=,
                     terra_conversation_get_last_activity_at (full->pdata[i]));

  page = terra_query_copy (all);
  terra_query_set_range (page, 10, 10);
  paged = list_or_fail (store, page);
  g_assert_cmpuint (paged->len, ==, 10);
  for (guint i = 0; i < paged->len; i++)
    g_assert_cmpint (terra_conversation_get_id (paged->pdata[i]), ==,
                     terra_conversation_get_id (full->pdata[10 + i]));
  /* The count ignores the range. */
  g_assert_cmpint (terra_store_count (store, page, &error), ==, 25);
  g_assert_no_error (error);

  /* The last page is short; past the end is empty. */
  {
    g_autoptr(TerraQuery) last = terra_query_copy (all);
    g_autoptr(TerraQuery) beyond = terra_query_copy (all);
    g_autoptr(GPtrArray) last_items = NULL;
    g_autoptr(GPtrArray) beyond_items = NULL;

    terra_query_set_range (last, 20, 10);
    last_items = list_or_fail (store, last);
    g_assert_cmpuint (last_items->len, ==, 5);
    g_assert_cmpint (terra_conversation_get_id (last_items->pdata[4]), ==,
                     terra_conversation_get_id (full->pdata[24]));

    terra_query_set_range (beyond, 30, 10);
    beyond_items = list_or_fail (store, beyond);
    g_assert_cmpuint (beyond_items->len, ==, 0);
  }

  /* Column names are checked, not spliced into SQL. */
  terra_query_where_int (bad, "no_such_column", TERRA_QUERY_EQ, 1);
  none = terra_store_list (store, bad, &error);
  g_assert_null (none);
  g_assert_error (error, TERRA_STORE_ERROR, TERRA_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (terra_store_count (store, bad, &error), ==, -1);
  g_assert_error (error, TERRA_STORE_ERROR, TERRA_STORE_ERROR_INVALID);
  g_clear_error (&error);

  {
    g_autoptr(TerraQuery) bad_order = terra_query_new (TERRA_TYPE_CONVERSATION);
    g_autoptr(GPtrArray) items = NULL;

    terra_query_order_by (bad_order, "no_such_column", FALSE);
    items = terra_store_list (store, bad_order, &error);
    g_assert_null (items);
    g_assert_error (error, TERRA_STORE_ERROR, TERRA_STORE_ERROR_INVALID);
    g_clear_error (&error);
  }
}

/* Returns the ids of the conversations a search finds, sorted. */
static GArray *
search_conversations (TerraStore *store,
                      const char *text)
{
  g_autoptr(TerraQuery) query = terra_query_new (TERRA_TYPE_CONVERSATION);
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  terra_query_where_search (query, text);
  items = terra_store_list (store, query, &error);
  g_assert_no_error (error);
  g_assert_nonnull (items);
  g_assert_cmpint (terra_store_count (store, query, &error), ==, items->len);
  g_assert_no_error (error);

  /* Newest id first by default. */
  for (guint i = items->len; i > 0; i--)
    {
      gint64 id = terra_conversation_get_id (items->pdata[i - 1]);

      g_array_append_val (ids, id);
    }
  return ids;
}

static void
assert_search_finds (TerraStore *store,
                     const char *text,
                     gint64      expected)
{
  g_autoptr(GArray) ids = search_conversations (store, text);

  if (expected == 0)
    {
      if (ids->len != 0)
        g_error ("search “%s” found %u conversations, expected none", text, ids->len);
      return;
    }

  if (ids->len != 1 || g_array_index (ids, gint64, 0) != expected)
    g_error ("search “%s” found %u conversations (first %" G_GINT64_FORMAT "), expected only %" G_GINT64_FORMAT,
             text, ids->len, ids->len > 0 ? g_array_index (ids, gint64, 0) : 0, expected);
}

static void
test_search_conversations (void)
{
  g_autoptr(TerraTestWorkspace) ws = terra_test_workspace_new ();
  TerraStore *store = terra_workspace_get_store (ws);
  g_autoptr(GError) error = NULL;
  g_autoptr(TerraContact) meera = add_contact (store, "Meera Krishnan");
  g_autoptr(TerraContact) kannada = add_contact (store, KANNADA " Homes");
  g_autoptr(TerraContact) percent = add_contact (store, "Deal%_Maker");
  g_autoptr(TerraContact) phone = add_contact (store, "Plain Person");
  g_autoptr(TerraContact) writer = add_contact (store, "Ravi");
  g_autoptr(TerraConversation) c_meera = add_conversation (store, terra_contact_get_id (meera), TERRA_CHANNEL_WHATSAPP);
  g_autoptr(TerraConversation) c_kannada = add_conversation (store, terra_contact_get_id (kannada), TERRA_CHANNEL_SMS);
  g_autoptr(TerraConversation) c_percent = add_conversation (store, terra_contact_get_id (percent), TERRA_CHANNEL_WEBCHAT);
  g_autoptr(TerraConversation) c_phone = add_conversation (store, terra_contact_get_id (phone), TERRA_CHANNEL_WHATSAPP);
  g_autoptr(TerraConversation) c_writer = add_conversation (store, terra_contact_get_id (writer), TERRA_CHANNEL_TELEGRAM);
  g_autoptr(TerraMessage) m1 = add_message (store, terra_conversation_get_id (c_writer),
                                            "Could you send the brochure, please?", T_2024);
  g_autoptr(TerraMessage) m2 = add_message (store, terra_conversation_get_id (c_meera),
                                            "Hello, what does the flat cost?", T_2024);
  g_autoptr(GArray) everything = NULL;

  g_assert_true (terra_store_add_contact_identity (store, terra_contact_get_id (phone),
                                                   TERRA_CHANNEL_WHATSAPP, "+919812345678", &error));
  g_assert_no_error (error);

  /* The lead's name, in any case. */
  assert_search_finds (store, "meera", terra_conversation_get_id (c_meera));
  assert_search_finds (store, "KRISHNAN", terra_conversation_get_id (c_meera));
  assert_search_finds (store, "  mEeRa kRiS ", terra_conversation_get_id (c_meera));
  assert_search_finds (store, KANNADA, terra_conversation_get_id (c_kannada));

  /* A phone number the lead writes from. */
  assert_search_finds (store, "98123456", terra_conversation_get_id (c_phone));
  assert_search_finds (store, "+919812345678", terra_conversation_get_id (c_phone));

  /* A word of a message, whole or begun, in any case. */
  assert_search_finds (store, "brochure", terra_conversation_get_id (c_writer));
  assert_search_finds (store, "BROCH", terra_conversation_get_id (c_writer));
  assert_search_finds (store, "flat cost", terra_conversation_get_id (c_meera));

  /* FTS and LIKE syntax in the text is inert: it neither fails nor
   * widens the match. */
  assert_search_finds (store, "\"foo* OR bar(", 0);
  assert_search_finds (store, "brochure OR flat", 0);
  assert_search_finds (store, "NEAR(brochure flat)", 0);
  assert_search_finds (store, "brochure*)", terra_conversation_get_id (c_writer));
  assert_search_finds (store, "^flat", terra_conversation_get_id (c_meera));
  assert_search_finds (store, "body:brochure", 0);
  assert_search_finds (store, "\"", 0);
  assert_search_finds (store, "*", 0);
  assert_search_finds (store, "%_", terra_conversation_get_id (c_percent));
  assert_search_finds (store, "_", terra_conversation_get_id (c_percent));
  assert_search_finds (store, "%", terra_conversation_get_id (c_percent));
  assert_search_finds (store, "l%_m", terra_conversation_get_id (c_percent));
  assert_search_finds (store, "e_l", 0); /* "_" is no wildcard: "Deal" */
  assert_search_finds (store, "\\", 0);
  assert_search_finds (store, "'; DROP TABLE conversations; --", 0);
  assert_search_finds (store, "nobody by that name", 0);

  /* Empty or blank text matches everything. */
  everything = search_conversations (store, "   ");
  g_assert_cmpuint (everything->len, ==, 5);
}

/* Identities */

static void
test_identities (void)
{
  g_autoptr(TerraTestWorkspace) ws = terra_test_workspace_new ();
  TerraStore *store = terra_workspace_get_store (ws);
  g_autoptr(GError) error = NULL;
  g_autoptr(TerraContact) asha = add_contact (store, "Asha");
  g_autoptr(TerraContact) ravi = add_contact (store, "Ravi");
  g_autoptr(TerraContact) found = NULL;
  const char *address = "+919800000001";

  g_assert_true (terra_store_add_contact_identity (store, terra_contact_get_id (asha),
                                                   TERRA_CHANNEL_WHATSAPP, address, &error));
  g_assert_no_error (error);

  /* One address on one channel belongs to one contact. */
  g_assert_false (terra_store_add_contact_identity (store, terra_contact_get_id (ravi),
                                                    TERRA_CHANNEL_WHATSAPP, address, &error));
  g_assert_error (error, TERRA_STORE_ERROR, TERRA_STORE_ERROR_CONFLICT);
  g_clear_error (&error);
  /* Not even twice for the same contact. */
  g_assert_false (terra_store_add_contact_identity (store, terra_contact_get_id (asha),
                                                    TERRA_CHANNEL_WHATSAPP, address, &error));
  g_assert_error (error, TERRA_STORE_ERROR, TERRA_STORE_ERROR_CONFLICT);
  g_clear_error (&error);

  /* The same address on another channel is someone else's. */
  g_assert_true (terra_store_add_contact_identity (store, terra_contact_get_id (ravi),
                                                   TERRA_CHANNEL_SMS, address, &error));
  g_assert_no_error (error);
  g_assert_true (terra_store_add_contact_identity (store, terra_contact_get_id (ravi),
                                                   TERRA_CHANNEL_WEBCHAT, HOSTILE, &error));
  g_assert_no_error (error);

  /* Nobody: an identity for a contact that does not exist, or broken text. */
  g_assert_false (terra_store_add_contact_identity (store, 999999, TERRA_CHANNEL_TELEGRAM, "42", &error));
  g_assert_error (error, TERRA_STORE_ERROR, TERRA_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (terra_store_add_contact_identity (store, terra_contact_get_id (ravi),
                                                    TERRA_CHANNEL_TELEGRAM, "\xff\xfe", &error));
  g_assert_error (error, TERRA_STORE_ERROR, TERRA_STORE_ERROR_INVALID);
  g_clear_error (&error);

  found = terra_store_find_contact_by_identity (store, TERRA_CHANNEL_WHATSAPP, address, &error);
  g_assert_no_error (error);
  g_assert_nonnull (found);
  g_assert_cmpint (terra_contact_get_id (found), ==, terra_contact_get_id (asha));
  assert_same_entity (asha, found);
  g_clear_object (&found);

  found = terra_store_find_contact_by_identity (store, TERRA_CHANNEL_SMS, address, &error);
  g_assert_no_error (error);
  g_assert_nonnull (found);
  g_assert_cmpint (terra_contact_get_id (found), ==, terra_contact_get_id (ravi));
  g_clear_object (&found);

  found = terra_store_find_contact_by_identity (store, TERRA_CHANNEL_WEBCHAT, HOSTILE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (found);
  g_assert_cmpint (terra_contact_get_id (found), ==, terra_contact_get_id (ravi));
  g_clear_object (&found);

  /* Unknown: NULL and no error. */
  found = terra_store_find_contact_by_identity (store, TERRA_CHANNEL_WHATSAPP, "+10000000000", &error);
  g_assert_no_error (error);
  g_assert_null (found);
  found = terra_store_find_contact_by_identity (store, TERRA_CHANNEL_TELEGRAM, address, &error);
  g_assert_no_error (error);
  g_assert_null (found);

  /* A deleted contact takes its identities along; the address is free. */
  g_assert_true (terra_store_delete (store, TERRA_TYPE_CONTACT, terra_contact_get_id (asha), &error));
  g_assert_no_error (error);
  found = terra_store_find_contact_by_identity (store, TERRA_CHANNEL_WHATSAPP, address, &error);
  g_assert_no_error (error);
  g_assert_null (found);
  found = terra_store_find_contact_by_identity (store, TERRA_CHANNEL_SMS, address, &error);
  g_assert_no_error (error);
  g_assert_nonnull (found);
  g_assert_cmpint (terra_contact_get_id (found), ==, terra_contact_get_id (ravi));
  g_clear_object (&found);

  g_assert_true (terra_store_add_contact_identity (store, terra_contact_get_id (ravi),
                                                   TERRA_CHANNEL_WHATSAPP, address, &error));
  g_assert_no_error (error);
  found = terra_store_find_contact_by_identity (store, TERRA_CHANNEL_WHATSAPP, address, &error);
  g_assert_no_error (error);
  g_assert_nonnull (found);
  g_assert_cmpint (terra_contact_get_id (found), ==, terra_contact_get_id (ravi));
}

/* Cascade */

typedef struct
{
  TerraContact      *contact;
  TerraConversation *conversation;
  TerraMessage      *messages[2];
  TerraAnalysis     *analysis;
  TerraBooking      *booking;
  TerraTask         *task;
  TerraFeedback     *feedback;
  TerraOutboxItem   *outbox;
} Lead;

static void
lead_clear (Lead *lead)
{
  g_clear_object (&lead->contact);
  g_clear_object (&lead->conversation);
  g_clear_object (&lead->messages[0]);
  g_clear_object (&lead->messages[1]);
  g_clear_object (&lead->analysis);
  g_clear_object (&lead->booking);
  g_clear_object (&lead->task);
  g_clear_object (&lead->feedback);
  g_clear_object (&lead->outbox);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Lead, lead_clear)

static void
insert_or_fail (TerraStore *store,
                gpointer    entity)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (terra_store_insert (store, entity, &error));
  g_assert_no_error (error);
}

/* A contact with one of everything that hangs off it. */
static void
make_lead (TerraStore *store,
           const char *name,
           gint64      appointment_type_id,
           Lead       *lead)
{
  g_autoptr(GError) error = NULL;
  gint64 contact_id, conversation_id;

  lead->contact = add_contact (store, name);
  contact_id = terra_contact_get_id (lead->contact);
  lead->conversation = add_conversation (store, contact_id, TERRA_CHANNEL_WHATSAPP);
  conversation_id = terra_conversation_get_id (lead->conversation);
  lead->messages[0] = add_message (store, conversation_id, "Hello from a cascading lead", T_2024);
  lead->messages[1] = add_message (store, conversation_id, "Second", T_2024 + 1);

  lead->analysis = terra_analysis_new ();
  terra_analysis_set_message_id (lead->analysis, terra_message_get_id (lead->messages[0]));
  terra_analysis_set_conversation_id (lead->analysis, conversation_id);
  insert_or_fail (store, lead->analysis);

  lead->booking = terra_booking_new ();
  g_object_set (lead->booking,
                "contact-id", contact_id,
                "conversation-id", conversation_id,
                "appointment-type-id", appointment_type_id,
                "start-utc", T_2025,
                "end-utc", T_2025 + G_TIME_SPAN_HOUR,
                "timezone", "Asia/Kolkata",
                NULL);
  insert_or_fail (store, lead->booking);

  lead->task = terra_task_new ();
  terra_task_set_contact_id (lead->task, contact_id);
  terra_task_set_conversation_id (lead->task, conversation_id);
  terra_task_set_title (lead->task, "Follow up");
  insert_or_fail (store, lead->task);

  lead->feedback = terra_feedback_new ();
  terra_feedback_set_message_id (lead->feedback, terra_message_get_id (lead->messages[1]));
  terra_feedback_set_conversation_id (lead->feedback, conversation_id);
  insert_or_fail (store, lead->feedback);

  lead->outbox = terra_outbox_item_new ();
  terra_outbox_item_set_conversation_id (lead->outbox, conversation_id);
  terra_outbox_item_set_message_id (lead->outbox, terra_message_get_id (lead->messages[1]));
  insert_or_fail (store, lead->outbox);

  g_assert_true (terra_store_add_contact_identity (store, contact_id, TERRA_CHANNEL_WHATSAPP, name, &error));
  g_assert_no_error (error);
  g_assert_true (terra_store_log_event (store, "lead.created", contact_id, conversation_id,
                                        "{\"name\": \"x\"}", &error));
  g_assert_no_error (error);
  g_assert_true (terra_store_log_event (store, "message.received", contact_id, conversation_id, NULL, &error));
  g_assert_no_error (error);
}

static void
test_cascade (void)
{
  g_autoptr(TerraTestWorkspace) ws = terra_test_workspace_new ();
  TerraStore *store = terra_workspace_get_store (ws);
  g_autoptr(GError) error = NULL;
  g_autoptr(TerraAppointmentType) type = add_appointment_type (store, "Call");
  g_auto(Lead) gone = { 0 };
  g_auto(Lead) kept = { 0 };
  g_autoptr(TerraFeedback) feedback = NULL;
  g_autoptr(TerraAppointmentType) type_again = NULL;
  g_autoptr(TerraContact) by_identity = NULL;
  gint64 contact_id, conversation_id;

  make_lead (store, "Gone", terra_appointment_type_get_id (type), &gone);
  make_lead (store, "Kept", terra_appointment_type_get_id (type), &kept);
  contact_id = terra_contact_get_id (gone.contact);
  conversation_id = terra_conversation_get_id (gone.conversation);

  g_assert_cmpint (count_where (store, TERRA_TYPE_CONVERSATION, "contact_id", contact_id), ==, 1);
  g_assert_cmpint (count_where (store, TERRA_TYPE_MESSAGE, "conversation_id", conversation_id), ==, 2);
  g_assert_cmpint (count_where (store, TERRA_TYPE_EVENT_RECORD, "contact_id", contact_id), ==, 2);

  g_assert_true (terra_store_delete (store, TERRA_TYPE_CONTACT, contact_id, &error));
  g_assert_no_error (error);

  /* Everything of the lead is gone… */
  g_assert_cmpint (count_where (store, TERRA_TYPE_CONTACT, "id", contact_id), ==, 0);
  g_assert_cmpint (count_where (store, TERRA_TYPE_CONVERSATION, "contact_id", contact_id), ==, 0);
  g_assert_cmpint (count_where (store, TERRA_TYPE_MESSAGE, "conversation_id", conversation_id), ==, 0);
  g_assert_cmpint (count_where (store, TERRA_TYPE_ANALYSIS, "conversation_id", conversation_id), ==, 0);
  g_assert_cmpint (count_where (store, TERRA_TYPE_BOOKING, "contact_id", contact_id), ==, 0);
  g_assert_cmpint (count_where (store, TERRA_TYPE_TASK, "contact_id", contact_id), ==, 0);
  g_assert_cmpint (count_where (store, TERRA_TYPE_OUTBOX_ITEM, "conversation_id", conversation_id), ==, 0);
  by_identity = terra_store_find_contact_by_identity (store, TERRA_CHANNEL_WHATSAPP, "Gone", &error);
  g_assert_no_error (error);
  g_assert_null (by_identity);

  /* …but the audit log remains, and feedback stays, detached. */
  g_assert_cmpint (count_where (store, TERRA_TYPE_EVENT_RECORD, "contact_id", contact_id), ==, 2);
  g_assert_cmpint (count_where (store, TERRA_TYPE_EVENT_RECORD, "conversation_id", conversation_id), ==, 2);
  feedback = terra_store_get (store, TERRA_TYPE_FEEDBACK, terra_feedback_get_id (gone.feedback), &error);
  g_assert_no_error (error);
  g_assert_nonnull (feedback);
  g_assert_cmpint (terra_feedback_get_conversation_id (feedback), ==, 0);
  g_assert_cmpint (terra_feedback_get_message_id (feedback), ==, 0);

  /* The appointment type is shared, not the lead's. */
  type_again = terra_store_get (store, TERRA_TYPE_APPOINTMENT_TYPE, terra_appointment_type_get_id (type), &error);
  g_assert_no_error (error);
  g_assert_nonnull (type_again);

  /* The other lead is untouched. */
  g_assert_cmpint (count_all (store, TERRA_TYPE_CONTACT), ==, 1);
  g_assert_cmpint (count_all (store, TERRA_TYPE_CONVERSATION), ==, 1);
  g_assert_cmpint (count_all (store, TERRA_TYPE_MESSAGE), ==, 2);
  g_assert_cmpint (count_all (store, TERRA_TYPE_ANALYSIS), ==, 1);
  g_assert_cmpint (count_all (store, TERRA_TYPE_BOOKING), ==, 1);
  g_assert_cmpint (count_all (store, TERRA_TYPE_TASK), ==, 1);
  g_assert_cmpint (count_all (store, TERRA_TYPE_OUTBOX_ITEM), ==, 1);
  g_assert_cmpint (count_all (store, TERRA_TYPE_FEEDBACK), ==, 2);
  g_assert_cmpint (count_all (store, TERRA_TYPE_EVENT_RECORD), ==, 4);
  g_assert_cmpint (count_where (store, TERRA_TYPE_MESSAGE, "conversation_id",
                                terra_conversation_get_id (kept.conversation)), ==, 2);

  /* Deleting a conversation takes its messages, not its contact. */
  g_assert_true (terra_store_delete (store, TERRA_TYPE_CONVERSATION,
                                     terra_conversation_get_id (kept.conversation), &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_all (store, TERRA_TYPE_MESSAGE), ==, 0);
  g_assert_cmpint (count_all (store, TERRA_TYPE_ANALYSIS), ==, 0);
  g_assert_cmpint (count_all (store, TERRA_TYPE_CONTACT), ==, 1);
  g_assert_cmpint (count_all (store, TERRA_TYPE_BOOKING), ==, 1);
  g_assert_cmpint (count_all (store, TERRA_TYPE_TASK), ==, 1);
}

/* Messages */

static void
test_messages (void)
{
  g_autoptr(TerraTestWorkspace) ws = terra_test_workspace_new ();
  TerraStore *store = terra_workspace_get_store (ws);
  g_autoptr(GError) error = NULL;
  g_autoptr(TerraContact) contact = add_contact (store, "Asha");
  g_autoptr(TerraConversation) conversation =
    add_conversation (store, terra_contact_get_id (contact), TERRA_CHANNEL_WHATSAPP);
  g_autoptr(TerraConversation) other =
    add_conversation (store, terra_contact_get_id (contact), TERRA_CHANNEL_SMS);
  gint64 id = terra_conversation_get_id (conversation);
  g_autoptr(TerraMessage) first = add_message (store, id, "first", T_2024);
  g_autoptr(TerraMessage) elsewhere = add_message (store, terra_conversation_get_id (other), "elsewhere", T_2024 + 1);
  g_autoptr(TerraMessage) second = add_message (store, id, "second", T_2024 + 2);
  g_autoptr(TerraMessage) third = add_message (store, id, "third", T_2024 + 3);
  g_autoptr(TerraAnalysis) analysis = terra_analysis_new ();
  g_autoptr(TerraAnalysis) found = NULL;
  g_autoptr(TerraAnalysis) duplicate = terra_analysis_new ();
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(GPtrArray) empty = NULL;

  messages = terra_store_list_messages (store, id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (messages);
  g_assert_cmpuint (messages->len, ==, 3);
  g_assert_cmpstr (terra_message_get_body (messages->pdata[0]), ==, "first");
  g_assert_cmpstr (terra_message_get_body (messages->pdata[1]), ==, "second");
  g_assert_cmpstr (terra_message_get_body (messages->pdata[2]), ==, "third");
  for (guint i = 1; i < messages->len; i++)
    {
      g_assert_cmpint (terra_message_get_created_at (messages->pdata[i - 1]), <=,
                       terra_message_get_created_at (messages->pdata[i]));
      g_assert_cmpint (terra_message_get_id (messages->pdata[i - 1]), <,
                       terra_message_get_id (messages->pdata[i]));
    }
  assert_same_entity (second, messages->pdata[1]);

  empty = terra_store_list_messages (store, 999999, &error);
  g_assert_no_error (error);
  g_assert_nonnull (empty);
  g_assert_cmpuint (empty->len, ==, 0);

  /* A message's analysis, or NULL without error when there is none. */
  terra_analysis_set_message_id (analysis, terra_message_get_id (second));
  terra_analysis_set_conversation_id (analysis, id);
  terra_analysis_set_intent (analysis, "pricing");
  insert_or_fail (store, analysis);

  found = terra_store_get_analysis_for_message (store, terra_message_get_id (second), &error);
  g_assert_no_error (error);
  g_assert_nonnull (found);
  assert_same_entity (analysis, found);
  g_clear_object (&found);

  found = terra_store_get_analysis_for_message (store, terra_message_get_id (first), &error);
  g_assert_no_error (error);
  g_assert_null (found);
  found = terra_store_get_analysis_for_message (store, 999999, &error);
  g_assert_no_error (error);
  g_assert_null (found);

  /* One analysis per message. */
  terra_analysis_set_message_id (duplicate, terra_message_get_id (second));
  terra_analysis_set_conversation_id (duplicate, id);
  g_assert_false (terra_store_insert (store, duplicate, &error));
  g_assert_error (error, TERRA_STORE_ERROR, TERRA_STORE_ERROR_CONFLICT);
  g_clear_error (&error);
  g_assert_cmpint (count_all (store, TERRA_TYPE_ANALYSIS), ==, 1);

  (void)elsewhere;
  (void)third;
}

/* Knowledge versions */

static void
test_knowledge_versions (void)
{
  g_autoptr(TerraTestWorkspace) ws = terra_test_workspace_new ();
  TerraStore *store = terra_workspace_get_store (ws);
  g_autoptr(GError) error = NULL;
  g_autoptr(TerraKnowledgeItem) item = terra_knowledge_item_new ();
  g_autoptr(TerraKnowledgeItem) fetched = NULL;
  g_autoptr(GPtrArray) versions = NULL;
  TerraKnowledgeItem *old;
  gint64 id;

  terra_knowledge_item_set_category (item, TERRA_KNOWLEDGE_PRODUCTS);
  terra_knowledge_item_set_title (item, "Prices " KANNADA);
  terra_knowledge_item_set_body (item, "2BHK from ₹80 lakh");
  insert_or_fail (store, item);
  id = terra_knowledge_item_get_id (item);
  g_assert_cmpint (terra_knowledge_item_get_version (item), ==, 1);

  versions = terra_store_list_knowledge_versions (store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (versions->len, ==, 0);
  g_clear_pointer (&versions, g_ptr_array_unref);

  /* Changing the text keeps the old one as version 1. */
  terra_knowledge_item_set_body (item, "2BHK from ₹85 lakh");
  g_assert_true (terra_store_update (store, item, &error));
  g_assert_no_error (error);
  g_assert_cmpint (terra_knowledge_item_get_version (item), ==, 2);

  fetched = terra_store_get (store, TERRA_TYPE_KNOWLEDGE_ITEM, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (terra_knowledge_item_get_version (fetched), ==, 2);
  g_assert_cmpstr (terra_knowledge_item_get_body (fetched), ==, "2BHK from ₹85 lakh");
  g_clear_object (&fetched);

  versions = terra_store_list_knowledge_versions (store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (versions->len, ==, 1);
  old = versions->pdata[0];
  g_assert_cmpint (terra_knowledge_item_get_id (old), ==, id);
  g_assert_cmpint (terra_knowledge_item_get_version (old), ==, 1);
  g_assert_cmpstr (terra_knowledge_item_get_title (old), ==, "Prices " KANNADA);
  g_assert_cmpstr (terra_knowledge_item_get_body (old), ==, "2BHK from ₹80 lakh");
  g_assert_cmpint (terra_knowledge_item_get_created_at (old), >, 0);
  g_clear_pointer (&versions, g_ptr_array_unref);

  /* Publishing alone is no new text. */
  terra_knowledge_item_set_published (item, TRUE);
  g_assert_true (terra_store_update (store, item, &error));
  g_assert_no_error (error);
  g_assert_cmpint (terra_knowledge_item_get_version (item), ==, 2);
  fetched = terra_store_get (store, TERRA_TYPE_KNOWLEDGE_ITEM, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (terra_knowledge_item_get_version (fetched), ==, 2);
  g_assert_true (terra_knowledge_item_get_published (fetched));
  g_clear_object (&fetched);
  versions = terra_store_list_knowledge_versions (store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (versions->len, ==, 1);
  g_clear_pointer (&versions, g_ptr_array_unref);

  /* A new title makes version 3; the list is newest first. */
  terra_knowledge_item_set_title (item, "Prices 2026");
  g_assert_true (terra_store_update (store, item, &error));
  g_assert_no_error (error);
  g_assert_cmpint (terra_knowledge_item_get_version (item), ==, 3);
  versions = terra_store_list_knowledge_versions (store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (versions->len, ==, 2);
  g_assert_cmpint (terra_knowledge_item_get_version (versions->pdata[0]), ==, 2);
  g_assert_cmpstr (terra_knowledge_item_get_title (versions->pdata[0]), ==, "Prices " KANNADA);
  g_assert_cmpstr (terra_knowledge_item_get_body (versions->pdata[0]), ==, "2BHK from ₹85 lakh");
  g_assert_cmpint (terra_knowledge_item_get_version (versions->pdata[1]), ==, 1);
  g_clear_pointer (&versions, g_ptr_array_unref);

  /* Deleting the item deletes its versions. */
  g_assert_true (terra_store_delete (store, TERRA_TYPE_KNOWLEDGE_ITEM, id, &error));
  g_assert_no_error (error);
  versions = terra_store_list_knowledge_versions (store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (versions->len, ==, 0);
}

/* Opening hours */

static void
assert_hours (TerraStore              *store,
              const TerraOpeningRange *expected,
              guint                    n_expected)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) hours = terra_store_get_opening_hours (store, &error);

  g_assert_no_error (error);
  g_assert_nonnull (hours);
  g_assert_cmpuint (hours->len, ==, n_expected);
  for (guint i = 0; i < n_expected; i++)
    {
      const TerraOpeningRange *range = &g_array_index (hours, TerraOpeningRange, i);

      g_assert_cmpint (range->weekday, ==, expected[i].weekday);
      g_assert_cmpint (range->start_minute, ==, expected[i].start_minute);
      g_assert_cmpint (range->end_minute, ==, expected[i].end_minute);
    }
}

static void
assert_hours_refused (TerraStore              *store,
                      const TerraOpeningRange *ranges,
                      guint                    n_ranges)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (terra_store_set_opening_hours (store, ranges, n_ranges, &error));
  g_assert_error (error, TERRA_STORE_ERROR, TERRA_STORE_ERROR_INVALID);
  g_assert_false (terra_store_in_transaction (store));
}

static void
test_opening_hours (void)
{
  g_autoptr(TerraTestWorkspace) ws = terra_test_workspace_new ();
  TerraStore *store = terra_workspace_get_store (ws);
  g_autoptr(GError) error = NULL;
  const TerraOpeningRange week[] = {
    { 3, 9 * 60, 12 * 60 },
    { 1, 13 * 60, 17 * 60 },
    { 7, 0, 24 * 60 },
    { 1, 9 * 60, 12 * 60 },
    { 1, 12 * 60, 13 * 60 }, /* touching is not overlapping */
  };
  const TerraOpeningRange sorted[] = {
    { 1, 9 * 60, 12 * 60 },
    { 1, 12 * 60, 13 * 60 },
    { 1, 13 * 60, 17 * 60 },
    { 3, 9 * 60, 12 * 60 },
    { 7, 0, 24 * 60 },
  };
  const TerraOpeningRange overlapping[] = {
    { 2, 9 * 60, 12 * 60 },
    { 4, 9 * 60, 12 * 60 },
    { 2, 11 * 60 + 59, 14 * 60 },
  };
  const TerraOpeningRange contained[] = {
    { 5, 9 * 60, 18 * 60 },
    { 5, 10 * 60, 11 * 60 },
  };
  const TerraOpeningRange backwards[] = { { 2, 10 * 60, 9 * 60 } };
  const TerraOpeningRange empty_range[] = { { 2, 10 * 60, 10 * 60 } };
  const TerraOpeningRange weekday_8[] = { { 8, 9 * 60, 10 * 60 } };
  const TerraOpeningRange weekday_0[] = { { 0, 9 * 60, 10 * 60 } };
  const TerraOpeningRange past_midnight[] = { { 2, 23 * 60, 24 * 60 + 1 } };
  const TerraOpeningRange negative[] = { { 2, -1, 60 } };

  assert_hours (store, NULL, 0);

  g_assert_true (terra_store_set_opening_hours (store, week, G_N_ELEMENTS (week), &error));
  g_assert_no_error (error);
  assert_hours (store, sorted, G_N_ELEMENTS (sorted));

  /* Refusals change nothing. */
  assert_hours_refused (store, overlapping, G_N_ELEMENTS (overlapping));
  assert_hours (store, sorted, G_N_ELEMENTS (sorted));
  assert_hours_refused (store, contained, G_N_ELEMENTS (contained));
  assert_hours_refused (store, backwards, G_N_ELEMENTS (backwards));
  assert_hours_refused (store, empty_range, G_N_ELEMENTS (empty_range));
  assert_hours_refused (store, weekday_8, G_N_ELEMENTS (weekday_8));
  assert_hours_refused (store, weekday_0, G_N_ELEMENTS (weekday_0));
  assert_hours_refused (store, past_midnight, G_N_ELEMENTS (past_midnight));
  assert_hours_refused (store, negative, G_N_ELEMENTS (negative));
  assert_hours (store, sorted, G_N_ELEMENTS (sorted));

  /* Setting replaces as a whole; nothing is closed every day. */
  g_assert_true (terra_store_set_opening_hours (store, NULL, 0, &error));
  g_assert_no_error (error);
  assert_hours (store, NULL, 0);
  g_assert_true (terra_store_set_opening_hours (store, sorted + 3, 1, &error));
  g_assert_no_error (error);
  assert_hours (store, sorted + 3, 1);
}

/* Settings */

static void
test_settings (void)
{
  g_autoptr(TerraTestWorkspace) ws = terra_test_workspace_new ();
  TerraStore *store = terra_workspace_get_store (ws);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) name = json_node_init_string (json_node_alloc (), KANNADA " " HOSTILE);
  g_autoptr(JsonNode) enabled = json_node_init_boolean (json_node_alloc (), FALSE);
  g_autoptr(JsonNode) minutes = json_node_init_int (json_node_alloc (), 45);
  g_autoptr(JsonNode) kind = json_node_init_string (json_node_alloc (), "openai");
  g_autoptr(JsonNode) object = json_from_string ("{\"a\": [1, \"" KANNADA "\"], \"b\": null}", &error);
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *text = NULL;

  g_assert_no_error (error);

  /* Unset: the documented defaults. */
  text = terra_store_get_setting_string (store, "provider.kind");
  g_assert_cmpstr (text, ==, "builtin");
  g_clear_pointer (&text, g_free);
  text = terra_store_get_setting_string (store, "assistant.name");
  g_assert_cmpstr (text, ==, "Terra");
  g_clear_pointer (&text, g_free);
  g_assert_true (terra_store_get_setting_boolean (store, "assistant.enabled"));
  g_assert_false (terra_store_get_setting_boolean (store, "workspace.demo"));
  g_assert_cmpint (terra_store_get_setting_int (store, "booking.slot_minutes"), ==, 30);
  g_assert_cmpint (terra_store_get_setting_int (store, "booking.min_notice_minutes"), ==, 120);

  node = terra_store_get_setting (store, "no.such.key", &error);
  g_assert_no_error (error);
  g_assert_null (node);
  node = terra_store_get_setting (store, "provider.kind", &error);
  g_assert_no_error (error);
  g_assert_null (node);
  g_assert_false (terra_store_get_setting_boolean (store, "no.such.key"));
  g_assert_cmpint (terra_store_get_setting_int (store, "no.such.key"), ==, 0);

  /* Set: each type comes back as it went in. */
  g_assert_true (terra_store_set_setting (store, "business.name", name, &error));
  g_assert_true (terra_store_set_setting (store, "assistant.enabled", enabled, &error));
  g_assert_true (terra_store_set_setting (store, "booking.slot_minutes", minutes, &error));
  g_assert_true (terra_store_set_setting (store, "provider.kind", kind, &error));
  g_assert_true (terra_store_set_setting (store, "custom.structure", object, &error));
  g_assert_no_error (error);

  node = terra_store_get_setting (store, "business.name", &error);
  g_assert_no_error (error);
  g_assert_nonnull (node);
  g_assert_true (json_node_equal (node, name));
  g_clear_pointer (&node, json_node_unref);
  node = terra_store_get_setting (store, "assistant.enabled", &error);
  g_assert_no_error (error);
  g_assert_true (json_node_equal (node, enabled));
  g_clear_pointer (&node, json_node_unref);
  node = terra_store_get_setting (store, "booking.slot_minutes", &error);
  g_assert_no_error (error);
  g_assert_true (json_node_equal (node, minutes));
  g_clear_pointer (&node, json_node_unref);
  node = terra_store_get_setting (store, "custom.structure", &error);
  g_assert_no_error (error);
  g_assert_true (json_node_equal (node, object));
  g_clear_pointer (&node, json_node_unref);

  text = terra_store_get_setting_string (store, "business.name");
  g_assert_cmpstr (text, ==, KANNADA " " HOSTILE);
  g_clear_pointer (&text, g_free);
  text = terra_store_get_setting_string (store, "provider.kind");
  g_assert_cmpstr (text, ==, "openai");
  g_clear_pointer (&text, g_free);
  g_assert_false (terra_store_get_setting_boolean (store, "assistant.enabled"));
  g_assert_cmpint (terra_store_get_setting_int (store, "booking.slot_minutes"), ==, 45);

  /* Setting again replaces. */
  json_node_set_int (minutes, 15);
  g_assert_true (terra_store_set_setting (store, "booking.slot_minutes", minutes, &error));
  g_assert_no_error (error);
  g_assert_cmpint (terra_store_get_setting_int (store, "booking.slot_minutes"), ==, 15);

  /* A value of the wrong type reads as the default. */
  g_assert_true (terra_store_set_setting (store, "booking.horizon_days", name, &error));
  g_assert_no_error (error);
  g_assert_cmpint (terra_store_get_setting_int (store, "booking.horizon_days"), ==, 60);
}

/* Invalid input changes nothing */

static void
test_invalid_input (void)
{
  g_autoptr(TerraTestWorkspace) ws = terra_test_workspace_new ();
  TerraStore *store = terra_workspace_get_store (ws);
  g_autoptr(GError) error = NULL;
  g_autoptr(TerraContact) broken = terra_contact_new ();
  g_autoptr(TerraContact) not_object = terra_contact_new ();
  g_autoptr(TerraContact) contact = NULL;
  g_autoptr(TerraConversation) conversation = NULL;
  g_autoptr(TerraMessage) bad_text = terra_message_new ();
  g_autoptr(TerraMessage) orphan = terra_message_new ();
  g_autoptr(TerraMessage) bad_attachments = terra_message_new ();
  g_autoptr(TerraContact) fetched = NULL;

  /* JSON columns must hold valid JSON of the right shape. */
  terra_contact_set_name (broken, "Broken");
  terra_contact_set_qualification (broken, "{not json");
  g_assert_false (terra_store_insert (store, broken, &error));
  g_assert_error (error, TERRA_STORE_ERROR, TERRA_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (terra_contact_get_id (broken), ==, 0);
  g_assert_cmpint (count_all (store, TERRA_TYPE_CONTACT), ==, 0);

  terra_contact_set_custom_fields (not_object, "[1, 2]");
  g_assert_false (terra_store_insert (store, not_object, &error));
  g_assert_error (error, TERRA_STORE_ERROR, TERRA_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (count_all (store, TERRA_TYPE_CONTACT), ==, 0);

  /* Broken UTF-8 in a name is refused too. */
  terra_contact_set_qualification (broken, "{}");
  terra_contact_set_name (broken, "Bad \xff\xfe name");
  g_assert_false (terra_store_insert (store, broken, &error));
  g_assert_error (error, TERRA_STORE_ERROR, TERRA_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (count_all (store, TERRA_TYPE_CONTACT), ==, 0);

  contact = add_contact (store, "Asha");
  conversation = add_conversation (store, terra_contact_get_id (contact), TERRA_CHANNEL_SMS);

  /* An update that breaks a rule leaves the row as it was. */
  terra_contact_set_qualification (contact, "{not json");
  g_assert_false (terra_store_update (store, contact, &error));
  g_assert_error (error, TERRA_STORE_ERROR, TERRA_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (terra_store_in_transaction (store));
  fetched = terra_store_get (store, TERRA_TYPE_CONTACT, terra_contact_get_id (contact), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (terra_contact_get_qualification (fetched), ==, "{}");

  /* Broken UTF-8 from a channel is refused, not stored. */
  terra_message_set_conversation_id (bad_text, terra_conversation_get_id (conversation));
  terra_message_set_body (bad_text, "\xff\xfe");
  g_assert_false (terra_store_insert (store, bad_text, &error));
  g_assert_error (error, TERRA_STORE_ERROR, TERRA_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (terra_message_get_id (bad_text), ==, 0);
  g_assert_cmpint (count_all (store, TERRA_TYPE_MESSAGE), ==, 0);

  terra_message_set_conversation_id (bad_attachments, terra_conversation_get_id (conversation));
  terra_message_set_attachments (bad_attachments, "{\"not\": \"an array\"}");
  g_assert_false (terra_store_insert (store, bad_attachments, &error));
  g_assert_error (error, TERRA_STORE_ERROR, TERRA_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (count_all (store, TERRA_TYPE_MESSAGE), ==, 0);

  /* A message needs a conversation that exists. */
  terra_message_set_conversation_id (orphan, terra_conversation_get_id (conversation) + 1000);
  terra_message_set_body (orphan, "Hello?");
  g_assert_false (terra_store_insert (store, orphan, &error));
  g_assert_error (error, TERRA_STORE_ERROR, TERRA_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (terra_message_get_id (orphan), ==, 0);
  g_assert_cmpint (count_all (store, TERRA_TYPE_MESSAGE), ==, 0);

  /* The search index did not keep the refused text either. */
  {
    g_autoptr(GArray) ids = search_conversations (store, "Hello");

    g_assert_cmpuint (ids->len, ==, 0);
  }
}

/* Change events */

static void
on_changed (TerraChangeNotifier *notifier,
            TerraEntity          entity,
            TerraChangeKind      kind,
            gint64               id,
            GArray              *changes)
{
  TerraChange change = { entity, kind, id };

  g_array_append_val (changes, change);
}

static guint
count_changes (GArray          *changes,
               TerraEntity      entity,
               TerraChangeKind  kind,
               gint64           id)
{
  guint n = 0;

  for (guint i = 0; i < changes->len; i++)
    {
      const TerraChange *change = &g_array_index (changes, TerraChange, i);

      n += change->entity == entity && change->kind == kind && change->id == id;
    }
  return n;
}

static void
test_change_events (void)
{
  g_autoptr(TerraTestWorkspace) ws = terra_test_workspace_new ();
  TerraStore *store = terra_workspace_get_store (ws);
  TerraChangeNotifier *notifier = terra_workspace_get_notifier (ws);
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) changes = g_array_new (FALSE, FALSE, sizeof (TerraChange));
  g_autoptr(TerraContact) contact = terra_contact_new ();
  g_autoptr(TerraContact) rolled_back = terra_contact_new ();
  g_autoptr(TerraContact) committed = terra_contact_new ();
  g_autoptr(TerraContact) gone = NULL;
  gulong handler;

  /* Whatever opening the workspace posted is not this test's. */
  terra_test_iterate_main_context ();
  handler = g_signal_connect (notifier, "changed", G_CALLBACK (on_changed), changes);

  /* A plain insert: delivered on the main context, once. */
  terra_contact_set_name (contact, "Asha");
  insert_or_fail (store, contact);
  g_assert_cmpuint (changes->len, ==, 0);
  terra_test_iterate_main_context ();
  g_assert_cmpuint (changes->len, ==, 1);
  g_assert_cmpuint (count_changes (changes, TERRA_ENTITY_CONTACT, TERRA_CHANGE_CREATED,
                                   terra_contact_get_id (contact)), ==, 1);
  g_array_set_size (changes, 0);

  /* Rolled back: nothing is delivered, nothing is stored. */
  g_assert_true (terra_store_begin (store, &error));
  g_assert_no_error (error);
  insert_or_fail (store, rolled_back);
  terra_contact_set_score (contact, 50);
  g_assert_true (terra_store_update (store, contact, &error));
  g_assert_no_error (error);
  terra_test_iterate_main_context ();
  g_assert_cmpuint (changes->len, ==, 0);
  terra_store_rollback (store);
  terra_test_iterate_main_context ();
  g_assert_cmpuint (changes->len, ==, 0);
  gone = terra_store_get (store, TERRA_TYPE_CONTACT, terra_contact_get_id (rolled_back), &error);
  g_assert_error (error, TERRA_STORE_ERROR, TERRA_STORE_ERROR_NOT_FOUND);
  g_assert_null (gone);
  g_clear_error (&error);

  /* Committed: delivered only after the commit, in order. */
  g_assert_true (terra_store_begin (store, &error));
  g_assert_no_error (error);
  insert_or_fail (store, committed);
  terra_contact_set_name (committed, "Ravi");
  g_assert_true (terra_store_update (store, committed, &error));
  g_assert_true (terra_store_delete (store, TERRA_TYPE_CONTACT, terra_contact_get_id (contact), &error));
  g_assert_no_error (error);
  terra_test_iterate_main_context ();
  g_assert_cmpuint (changes->len, ==, 0);
  g_assert_true (terra_store_commit (store, &error));
  g_assert_no_error (error);
  terra_test_iterate_main_context ();
  g_assert_cmpuint (changes->len, ==, 3);
  g_assert_cmpint (g_array_index (changes, TerraChange, 0).kind, ==, TERRA_CHANGE_CREATED);
  g_assert_cmpint (g_array_index (changes, TerraChange, 1).kind, ==, TERRA_CHANGE_UPDATED);
  g_assert_cmpint (g_array_index (changes, TerraChange, 2).kind, ==, TERRA_CHANGE_DELETED);
  g_assert_cmpuint (count_changes (changes, TERRA_ENTITY_CONTACT, TERRA_CHANGE_CREATED,
                                   terra_contact_get_id (committed)), ==, 1);
  g_assert_cmpuint (count_changes (changes, TERRA_ENTITY_CONTACT, TERRA_CHANGE_UPDATED,
                                   terra_contact_get_id (committed)), ==, 1);
  g_assert_cmpuint (count_changes (changes, TERRA_ENTITY_CONTACT, TERRA_CHANGE_DELETED,
                                   terra_contact_get_id (contact)), ==, 1);
  g_array_set_size (changes, 0);

  /* A failed write posts nothing. */
  terra_contact_set_qualification (committed, "{not json");
  g_assert_false (terra_store_update (store, committed, &error));
  g_assert_error (error, TERRA_STORE_ERROR, TERRA_STORE_ERROR_INVALID);
  g_clear_error (&error);
  terra_test_iterate_main_context ();
  g_assert_cmpuint (changes->len, ==, 0);

  /* Other entities name themselves. */
  {
    g_autoptr(TerraKnowledgeItem) item = terra_knowledge_item_new ();
    const TerraOpeningRange range = { 1, 540, 600 };

    terra_knowledge_item_set_title (item, "FAQ");
    insert_or_fail (store, item);
    g_assert_true (terra_store_set_opening_hours (store, &range, 1, &error));
    g_assert_no_error (error);
    terra_test_iterate_main_context ();
    g_assert_cmpuint (count_changes (changes, TERRA_ENTITY_KNOWLEDGE, TERRA_CHANGE_CREATED,
                                     terra_knowledge_item_get_id (item)), ==, 1);
    g_assert_cmpuint (count_changes (changes, TERRA_ENTITY_AVAILABILITY, TERRA_CHANGE_UPDATED, 0), ==, 1);
    g_assert_cmpuint (changes->len, ==, 2);
  }

  g_signal_handler_disconnect (notifier, handler);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/entities/contact/round-trip", test_contact_round_trip);
  g_test_add_func ("/entities/conversation/round-trip", test_conversation_round_trip);
  g_test_add_func ("/entities/message/round-trip", test_message_round_trip);
  g_test_add_func ("/entities/analysis/round-trip", test_analysis_round_trip);
  g_test_add_func ("/entities/booking/round-trip", test_booking_round_trip);
  g_test_add_func ("/entities/appointment-type/round-trip", test_appointment_type_round_trip);
  g_test_add_func ("/entities/knowledge-item/round-trip", test_knowledge_item_round_trip);
  g_test_add_func ("/entities/instruction/round-trip", test_instruction_round_trip);
  g_test_add_func ("/entities/feedback/round-trip", test_feedback_round_trip);
  g_test_add_func ("/entities/task/round-trip", test_task_round_trip);
  g_test_add_func ("/entities/event-record/round-trip", test_event_record_round_trip);
  g_test_add_func ("/entities/outbox-item/round-trip", test_outbox_item_round_trip);
  g_test_add_func ("/entities/list/filters-and-pages", test_list_filters_and_pages);
  g_test_add_func ("/entities/list/search-conversations", test_search_conversations);
  g_test_add_func ("/entities/identities", test_identities);
  g_test_add_func ("/entities/cascade", test_cascade);
  g_test_add_func ("/entities/messages", test_messages);
  g_test_add_func ("/entities/knowledge-versions", test_knowledge_versions);
  g_test_add_func ("/entities/opening-hours", test_opening_hours);
  g_test_add_func ("/entities/settings", test_settings);
  g_test_add_func ("/entities/invalid-input", test_invalid_input);
  g_test_add_func ("/entities/change-events", test_change_events);

  return g_test_run ();
}
