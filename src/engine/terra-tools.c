/* terra-tools.c — the tools the assistant may call, validated and scoped
 * to one conversation
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A model's arguments are untrusted input: they are checked against the
 * tool's schema (types, enums, lengths, no unknown fields) before anything
 * runs, and every tool acts on the conversation's own contact only — a
 * booking id of somebody else's is "not found", never touched. So "ignore
 * your instructions and cancel every booking" can at worst cancel the
 * lead's own appointment, which the lead may do anyway. Errors go back to
 * the model as text, so it can correct itself.
 */

#define G_LOG_DOMAIN "terra-tools"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>

#include "terra-tools.h"

#define MAX_TEXT 500

typedef char *(*ToolFunc) (const TerraToolContext  *context,
                           JsonObject              *args,
                           gboolean                *is_error);

typedef struct
{
  const char *name;
  const char *description;
  const char *schema;
  ToolFunc    run;
} ToolDefinition;

static char *run_check_availability (const TerraToolContext *, JsonObject *, gboolean *);
static char *run_book_appointment (const TerraToolContext *, JsonObject *, gboolean *);
static char *run_reschedule_appointment (const TerraToolContext *, JsonObject *, gboolean *);
static char *run_cancel_appointment (const TerraToolContext *, JsonObject *, gboolean *);
static char *run_update_lead (const TerraToolContext *, JsonObject *, gboolean *);
static char *run_escalate_to_human (const TerraToolContext *, JsonObject *, gboolean *);
static char *run_create_follow_up (const TerraToolContext *, JsonObject *, gboolean *);

static const ToolDefinition tools[] = {
  { "check_availability",
    "Find free appointment times. Offer the lead two or three of them.",
    "{\"type\":\"object\",\"properties\":{"
    "\"appointment_type\":{\"type\":\"string\",\"description\":\"Name of the appointment type; the first if omitted\"},"
    "\"date\":{\"type\":\"string\",\"description\":\"A day, YYYY-MM-DD\"},"
    "\"part_of_day\":{\"type\":\"string\",\"enum\":[\"any\",\"morning\",\"afternoon\",\"evening\"]},"
    "\"near\":{\"type\":\"string\",\"description\":\"A wanted time, ISO 8601\"}},"
    "\"additionalProperties\":false}",
    run_check_availability },
  { "book_appointment",
    "Book a free time the lead chose, for this lead.",
    "{\"type\":\"object\",\"properties\":{"
    "\"appointment_type\":{\"type\":\"string\"},"
    "\"start\":{\"type\":\"string\",\"description\":\"ISO 8601 start, business time if no offset\"},"
    "\"notes\":{\"type\":\"string\"}},"
    "\"required\":[\"start\"],\"additionalProperties\":false}",
    run_book_appointment },
  { "reschedule_appointment",
    "Move one of this lead's appointments to another free time.",
    "{\"type\":\"object\",\"properties\":{"
    "\"booking_id\":{\"type\":\"integer\"},"
    "\"start\":{\"type\":\"string\"}},"
    "\"required\":[\"booking_id\",\"start\"],\"additionalProperties\":false}",
    run_reschedule_appointment },
  { "cancel_appointment",
    "Cancel one of this lead's appointments.",
    "{\"type\":\"object\",\"properties\":{"
    "\"booking_id\":{\"type\":\"integer\"},"
    "\"reason\":{\"type\":\"string\"}},"
    "\"required\":[\"booking_id\"],\"additionalProperties\":false}",
    run_cancel_appointment },
  { "update_lead",
    "Record what the lead told you about themselves and their needs.",
    "{\"type\":\"object\",\"properties\":{"
    "\"name\":{\"type\":\"string\"},\"email\":{\"type\":\"string\"},\"phone\":{\"type\":\"string\"},"
    "\"need\":{\"type\":\"string\"},\"budget\":{\"type\":\"string\"},\"timeline\":{\"type\":\"string\"},"
    "\"location\":{\"type\":\"string\"},\"decision_maker\":{\"type\":\"string\"}},"
    "\"additionalProperties\":false}",
    run_update_lead },
  { "escalate_to_human",
    "Hand the conversation to the business owner.",
    "{\"type\":\"object\",\"properties\":{"
    "\"reason\":{\"type\":\"string\",\"enum\":[\"legal\",\"pricing\",\"human_request\",\"negative_sentiment\","
    "\"low_score\",\"technical\",\"frustration\",\"complexity\"]},"
    "\"summary\":{\"type\":\"string\"}},"
    "\"required\":[\"reason\"],\"additionalProperties\":false}",
    run_escalate_to_human },
  { "create_follow_up",
    "Create a follow-up task for the owner about this lead.",
    "{\"type\":\"object\",\"properties\":{"
    "\"title\":{\"type\":\"string\"},"
    "\"due\":{\"type\":\"string\",\"description\":\"ISO 8601 date or time\"},"
    "\"notes\":{\"type\":\"string\"}},"
    "\"required\":[\"title\"],\"additionalProperties\":false}",
    run_create_follow_up },
};

void
terra_action_free (TerraAction *action)
{
  if (action == NULL)
    return;
  g_free (action->detail);
  g_free (action);
}

static void
add_action (const TerraToolContext *context,
            TerraActionKind         kind,
            gint64                  id,
            char                   *detail)
{
  TerraAction *action = g_new0 (TerraAction, 1);

  action->kind = kind;
  action->id = id;
  action->detail = detail;
  if (context->actions != NULL)
    g_ptr_array_add (context->actions, action);
  else
    terra_action_free (action);
}

/* Returns (transfer full) the tool specs to send to the model. */
GPtrArray *
terra_tools_get_specs (void)
{
  GPtrArray *specs = g_ptr_array_new_with_free_func ((GDestroyNotify)terra_tool_spec_free);

  for (guint i = 0; i < G_N_ELEMENTS (tools); i++)
    g_ptr_array_add (specs, terra_tool_spec_new (tools[i].name, tools[i].description, tools[i].schema));
  return specs;
}

static char *
error_result (gboolean   *is_error,
              const char *format,
              ...) G_GNUC_PRINTF (2, 3);

static char *
error_result (gboolean   *is_error,
              const char *format,
              ...)
{
  g_autofree char *message = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "error");
  json_builder_add_string_value (builder, message);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);

  *is_error = TRUE;
  return json_to_string (root, FALSE);
}

/* Checks one value against a property schema of the subset the tools use. */
static gboolean
value_matches (JsonNode   *value,
               JsonObject *property,
               char      **problem)
{
  const char *type = json_object_get_string_member_with_default (property, "type", "string");

  if (g_str_equal (type, "integer"))
    {
      if (!JSON_NODE_HOLDS_VALUE (value) || json_node_get_value_type (value) != G_TYPE_INT64)
        return (*problem = g_strdup ("must be an integer")), FALSE;
      return TRUE;
    }

  if (!JSON_NODE_HOLDS_VALUE (value) || json_node_get_value_type (value) != G_TYPE_STRING)
    return (*problem = g_strdup ("must be a string")), FALSE;
  if (g_utf8_strlen (json_node_get_string (value), -1) > MAX_TEXT)
    return (*problem = g_strdup_printf ("must be at most %d characters", MAX_TEXT)), FALSE;

  if (json_object_has_member (property, "enum"))
    {
      JsonArray *choices = json_object_get_array_member (property, "enum");

      for (guint i = 0; i < json_array_get_length (choices); i++)
        if (g_strcmp0 (json_array_get_string_element (choices, i), json_node_get_string (value)) == 0)
          return TRUE;
      return (*problem = g_strdup ("is not one of the allowed values")), FALSE;
    }

  return TRUE;
}

/* Parses arguments and checks them against the tool's schema. */
static JsonObject *
validate_arguments (const ToolDefinition  *tool,
                    const char            *arguments,
                    char                 **problem)
{
  g_autoptr(JsonNode) schema = json_from_string (tool->schema, NULL);
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *properties = json_object_get_object_member (json_node_get_object (schema), "properties");
  JsonObject *object;
  g_autoptr(GList) members = NULL;

  if (arguments == NULL || *arguments == '\0')
    arguments = "{}";
  if (!g_utf8_validate (arguments, -1, NULL) ||
      (root = json_from_string (arguments, &error)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      *problem = g_strdup ("arguments must be a JSON object");
      return NULL;
    }

  object = json_node_get_object (root);
  members = json_object_get_members (object);
  for (GList *l = members; l != NULL; l = l->next)
    {
      g_autofree char *why = NULL;

      if (!json_object_has_member (properties, l->data))
        {
          *problem = g_strdup_printf ("unknown argument “%s”", (const char *)l->data);
          return NULL;
        }
      if (!value_matches (json_object_get_member (object, l->data),
                          json_object_get_object_member (properties, l->data), &why))
        {
          *problem = g_strdup_printf ("“%s” %s", (const char *)l->data, why);
          return NULL;
        }
    }

  if (json_object_has_member (json_node_get_object (schema), "required"))
    {
      JsonArray *required = json_object_get_array_member (json_node_get_object (schema), "required");

      for (guint i = 0; i < json_array_get_length (required); i++)
        if (!json_object_has_member (object, json_array_get_string_element (required, i)))
          {
            *problem = g_strdup_printf ("“%s” is required", json_array_get_string_element (required, i));
            return NULL;
          }
    }

  return json_object_ref (object);
}

/**
 * terra_tools_execute:
 * @is_error: (out): whether the result is an error for the model
 *
 * Runs one tool call within @context.
 *
 * Returns: (transfer full): the result as JSON text, to send back
 */
char *
terra_tools_execute (const TerraToolContext  *context,
                     const TerraToolCall     *call,
                     gboolean                *is_error)
{
  g_return_val_if_fail (context != NULL && TERRA_IS_STORE (context->store), NULL);
  g_return_val_if_fail (call != NULL && is_error != NULL, NULL);

  *is_error = FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (tools); i++)
    if (g_strcmp0 (tools[i].name, call->name) == 0)
      {
        g_autofree char *problem = NULL;
        g_autoptr(JsonObject) args = validate_arguments (&tools[i], call->arguments, &problem);

        if (args == NULL)
          return error_result (is_error, "%s: %s", tools[i].name, problem);
        return tools[i].run (context, args, is_error);
      }

  return error_result (is_error, "there is no tool named “%s”", call->name ? call->name : "");
}

/* Helpers */

static GTimeZone *
context_zone (const TerraToolContext *context)
{
  return terra_scheduler_get_time_zone (context->scheduler);
}

static char *
format_local (GTimeZone *zone,
              gint64     utc)
{
  g_autoptr(GDateTime) instant = g_date_time_new_from_unix_utc (utc / G_USEC_PER_SEC);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (instant, zone);

  return g_date_time_format_iso8601 (local);
}

/* Parses an ISO 8601 time; one without an offset is business time. */
static gboolean
parse_time (const TerraToolContext *context,
            const char             *text,
            gint64                 *utc)
{
  g_autoptr(GTimeZone) zone = context_zone (context);
  g_autoptr(GDateTime) time = NULL;

  if (text == NULL)
    return FALSE;
  time = g_date_time_new_from_iso8601 (text, zone);
  if (time == NULL)
    {
      /* Models often write "2026-11-24 15:00" or leave out seconds. */
      g_autofree char *fixed = g_strdelimit (g_strdup (text), " ", 'T');

      if (strlen (fixed) == 16)
        {
          g_autofree char *with_seconds = g_strconcat (fixed, ":00", NULL);
          time = g_date_time_new_from_iso8601 (with_seconds, zone);
        }
      else
        time = g_date_time_new_from_iso8601 (fixed, zone);
    }
  if (time == NULL)
    return FALSE;
  *utc = g_date_time_to_unix (time) * G_USEC_PER_SEC;
  return TRUE;
}

static gboolean
parse_date (const char *text,
            GDate      *date)
{
  unsigned year, month, day;
  char extra;

  g_date_clear (date, 1);
  if (text == NULL || sscanf (text, "%4u-%2u-%2u%c", &year, &month, &day, &extra) != 3 ||
      !g_date_valid_dmy (day, month, year))
    return FALSE;
  g_date_set_dmy (date, day, month, year);
  return TRUE;
}

/* The appointment type by name (case-insensitive), or the first offered
 * one when no name is given. */
static TerraAppointmentType *
find_type (const TerraToolContext *context,
           const char             *name)
{
  g_autoptr(TerraQuery) query = terra_query_new (TERRA_TYPE_APPOINTMENT_TYPE);
  g_autoptr(GPtrArray) types = NULL;

  terra_query_where_int (query, "active", TERRA_QUERY_EQ, 1);
  terra_query_order_by (query, "id", FALSE);
  types = terra_store_list (context->store, query, NULL);
  if (types == NULL || types->len == 0)
    return NULL;

  if (name == NULL || *name == '\0')
    return g_object_ref (g_ptr_array_index (types, 0));

  for (guint i = 0; i < types->len; i++)
    {
      g_autofree char *a = g_utf8_casefold (terra_appointment_type_get_name (types->pdata[i]), -1);
      g_autofree char *b = g_utf8_casefold (name, -1);

      if (g_str_equal (a, b))
        return g_object_ref (g_ptr_array_index (types, i));
    }
  return NULL;
}

/* The lead's own confirmed booking, or NULL: another contact's booking is
 * treated exactly like one that does not exist. */
static TerraBooking *
own_booking (const TerraToolContext *context,
             gint64                  booking_id)
{
  g_autoptr(TerraBooking) booking = terra_store_get (context->store, TERRA_TYPE_BOOKING, booking_id, NULL);

  if (booking == NULL || terra_booking_get_contact_id (booking) != context->contact_id ||
      terra_booking_get_status (booking) != TERRA_BOOKING_STATUS_CONFIRMED)
    return NULL;
  return g_steal_pointer (&booking);
}

static char *
slots_result (const TerraToolContext *context,
              TerraAppointmentType   *type,
              GArray                 *slots)
{
  g_autoptr(GTimeZone) zone = context_zone (context);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "appointment_type");
  json_builder_add_string_value (builder, terra_appointment_type_get_name (type));
  json_builder_set_member_name (builder, "timezone");
  json_builder_add_string_value (builder, g_time_zone_get_identifier (zone));
  json_builder_set_member_name (builder, "slots");
  json_builder_begin_array (builder);
  for (guint i = 0; i < slots->len; i++)
    {
      g_autofree char *start = format_local (zone, g_array_index (slots, TerraSlot, i).start_utc);

      json_builder_add_string_value (builder, start);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

/* Tools */

static char *
run_check_availability (const TerraToolContext *context,
                        JsonObject             *args,
                        gboolean               *is_error)
{
  g_autoptr(TerraAppointmentType) type =
    find_type (context, json_object_get_string_member_with_default (args, "appointment_type", NULL));
  const char *part_name = json_object_get_string_member_with_default (args, "part_of_day", "any");
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) slots = NULL;
  TerraDayPart part = g_str_equal (part_name, "morning") ? TERRA_DAY_PART_MORNING
                      : g_str_equal (part_name, "afternoon") ? TERRA_DAY_PART_AFTERNOON
                      : g_str_equal (part_name, "evening") ? TERRA_DAY_PART_EVENING
                      : TERRA_DAY_PART_ALL;
  gint64 wanted;
  GDate date;

  if (type == NULL)
    return error_result (is_error, "no such appointment type");

  if (json_object_has_member (args, "near"))
    {
      if (!parse_time (context, json_object_get_string_member (args, "near"), &wanted))
        return error_result (is_error, "“near” is not an ISO 8601 time");
      slots = terra_scheduler_free_slots_near (context->scheduler, terra_appointment_type_get_id (type),
                                               wanted, 3, context->now, &error);
    }
  else if (json_object_has_member (args, "date"))
    {
      if (!parse_date (json_object_get_string_member (args, "date"), &date))
        return error_result (is_error, "“date” must be a real day, YYYY-MM-DD");
      slots = terra_scheduler_free_slots_on_day (context->scheduler, terra_appointment_type_get_id (type),
                                                 &date, part, context->now, &error);
      if (slots != NULL && slots->len > 3)
        g_array_set_size (slots, 3);
    }
  else
    slots = terra_scheduler_next_free_slots (context->scheduler, terra_appointment_type_get_id (type),
                                             context->now, 3, context->now, &error);

  if (slots == NULL)
    return error_result (is_error, "%s", error->message);
  return slots_result (context, type, slots);
}

static char *
booking_result (const TerraToolContext *context,
                TerraBooking           *booking)
{
  g_autoptr(GTimeZone) zone = context_zone (context);
  g_autofree char *start = format_local (zone, terra_booking_get_start_utc (booking));
  g_autofree char *end = format_local (zone, terra_booking_get_end_utc (booking));
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "booking_id");
  json_builder_add_int_value (builder, terra_booking_get_id (booking));
  json_builder_set_member_name (builder, "start");
  json_builder_add_string_value (builder, start);
  json_builder_set_member_name (builder, "end");
  json_builder_add_string_value (builder, end);
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder,
                                 terra_enum_to_nick (TERRA_TYPE_BOOKING_STATUS, terra_booking_get_status (booking)));
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

static char *
run_book_appointment (const TerraToolContext *context,
                      JsonObject             *args,
                      gboolean               *is_error)
{
  g_autoptr(TerraAppointmentType) type =
    find_type (context, json_object_get_string_member_with_default (args, "appointment_type", NULL));
  g_autoptr(TerraBooking) booking = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start;

  if (type == NULL)
    return error_result (is_error, "no such appointment type");
  if (!parse_time (context, json_object_get_string_member (args, "start"), &start))
    return error_result (is_error, "“start” is not an ISO 8601 time");

  booking = terra_scheduler_book (context->scheduler, terra_appointment_type_get_id (type),
                                  context->contact_id, context->conversation_id, start,
                                  TERRA_BOOKING_SOURCE_ASSISTANT,
                                  json_object_get_string_member_with_default (args, "notes", NULL),
                                  context->now, &error);
  if (booking == NULL)
    return error_result (is_error, "%s", error->message);

  add_action (context, TERRA_ACTION_BOOKED, terra_booking_get_id (booking),
              g_strdup (terra_booking_get_title (booking)));
  return booking_result (context, booking);
}

static char *
run_reschedule_appointment (const TerraToolContext *context,
                            JsonObject             *args,
                            gboolean               *is_error)
{
  gint64 id = json_object_get_int_member (args, "booking_id");
  g_autoptr(TerraBooking) booking = own_booking (context, id);
  g_autoptr(TerraBooking) moved = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start;

  if (booking == NULL)
    return error_result (is_error, "this lead has no confirmed appointment %" G_GINT64_FORMAT, id);
  if (!parse_time (context, json_object_get_string_member (args, "start"), &start))
    return error_result (is_error, "“start” is not an ISO 8601 time");
  if (!terra_scheduler_reschedule (context->scheduler, id, start, context->now, &error))
    return error_result (is_error, "%s", error->message);

  moved = terra_store_get (context->store, TERRA_TYPE_BOOKING, id, NULL);
  add_action (context, TERRA_ACTION_RESCHEDULED, id, g_strdup (terra_booking_get_title (moved)));
  return booking_result (context, moved);
}

static char *
run_cancel_appointment (const TerraToolContext *context,
                        JsonObject             *args,
                        gboolean               *is_error)
{
  gint64 id = json_object_get_int_member (args, "booking_id");
  g_autoptr(TerraBooking) booking = own_booking (context, id);
  g_autoptr(TerraBooking) cancelled = NULL;
  g_autoptr(GError) error = NULL;

  if (booking == NULL)
    return error_result (is_error, "this lead has no confirmed appointment %" G_GINT64_FORMAT, id);
  if (!terra_scheduler_cancel (context->scheduler, id,
                               json_object_get_string_member_with_default (args, "reason", ""), &error))
    return error_result (is_error, "%s", error->message);

  cancelled = terra_store_get (context->store, TERRA_TYPE_BOOKING, id, NULL);
  add_action (context, TERRA_ACTION_CANCELLED, id, g_strdup (terra_booking_get_title (cancelled)));
  return booking_result (context, cancelled);
}

/* Adds value to a string list unless it is there. */
static char **
strv_with (const char * const *list,
           const char         *value)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_strv_builder_addv (builder, (const char **)list);
  if (!g_strv_contains (list, value))
    g_strv_builder_add (builder, value);
  return g_strv_builder_end (builder);
}

static char *
run_update_lead (const TerraToolContext *context,
                 JsonObject             *args,
                 gboolean               *is_error)
{
  static const char *fields[] = { "need", "budget", "timeline", "location", "decision_maker" };
  g_autoptr(TerraContact) contact = terra_store_get (context->store, TERRA_TYPE_CONTACT, context->contact_id, NULL);
  g_autoptr(JsonNode) qualification = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  JsonObject *object;

  if (contact == NULL)
    return error_result (is_error, "the lead no longer exists");

  if (json_object_has_member (args, "name"))
    terra_contact_set_name (contact, json_object_get_string_member (args, "name"));
  if (json_object_has_member (args, "email"))
    {
      g_auto(GStrv) emails = strv_with (terra_contact_get_emails (contact), json_object_get_string_member (args, "email"));
      terra_contact_set_emails (contact, (const char * const *)emails);
    }
  if (json_object_has_member (args, "phone"))
    {
      g_auto(GStrv) phones = strv_with (terra_contact_get_phones (contact), json_object_get_string_member (args, "phone"));
      terra_contact_set_phones (contact, (const char * const *)phones);
    }

  qualification = json_from_string (terra_contact_get_qualification (contact), NULL);
  if (qualification == NULL || !JSON_NODE_HOLDS_OBJECT (qualification))
    qualification = json_node_init_object (json_node_alloc (), json_object_new ());
  object = json_node_get_object (qualification);

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (json_object_has_member (args, fields[i]))
      {
        JsonObject *field = json_object_new ();

        json_object_set_string_member (field, "value", json_object_get_string_member (args, fields[i]));
        json_object_set_double_member (field, "confidence", 0.75);
        json_object_set_string_member (field, "source", "assistant");
        json_object_set_object_member (object, fields[i], field);
      }

  json = json_to_string (qualification, FALSE);
  terra_contact_set_qualification (contact, json);
  if (!terra_store_update (context->store, contact, &error))
    return error_result (is_error, "%s", error->message);

  add_action (context, TERRA_ACTION_LEAD_UPDATED, context->contact_id, NULL);
  return g_strdup ("{\"updated\":true}");
}

static char *
run_escalate_to_human (const TerraToolContext *context,
                       JsonObject             *args,
                       gboolean               *is_error)
{
  g_autoptr(TerraConversation) conversation =
    terra_store_get (context->store, TERRA_TYPE_CONVERSATION, context->conversation_id, NULL);
  const char *reason = json_object_get_string_member (args, "reason");
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) payload = NULL;
  g_autofree char *payload_text = NULL;
  g_autoptr(GError) error = NULL;

  if (conversation == NULL)
    return error_result (is_error, "the conversation no longer exists");

  terra_conversation_set_status (conversation, TERRA_CONVERSATION_STATUS_HANDED_OFF);
  terra_conversation_set_responder (conversation, TERRA_RESPONDER_HUMAN);
  terra_conversation_set_handoff_reason (conversation, reason);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "reason");
  json_builder_add_string_value (builder, reason);
  json_builder_set_member_name (builder, "summary");
  json_builder_add_string_value (builder, json_object_get_string_member_with_default (args, "summary", ""));
  json_builder_end_object (builder);
  payload = json_builder_get_root (builder);
  payload_text = json_to_string (payload, FALSE);

  if (!terra_store_update (context->store, conversation, &error) ||
      !terra_store_log_event (context->store, "handoff.requested", context->contact_id,
                              context->conversation_id, payload_text, &error))
    return error_result (is_error, "%s", error->message);

  add_action (context, TERRA_ACTION_HANDOFF, context->conversation_id, g_strdup (reason));
  return g_strdup ("{\"handed_off\":true}");
}

static char *
run_create_follow_up (const TerraToolContext *context,
                      JsonObject             *args,
                      gboolean               *is_error)
{
  g_autoptr(TerraTask) task = terra_task_new ();
  g_autoptr(GError) error = NULL;
  const char *due_text = json_object_get_string_member_with_default (args, "due", NULL);
  gint64 due = 0;
  GDate date;

  if (due_text != NULL && !parse_time (context, due_text, &due))
    {
      g_autoptr(GTimeZone) zone = context_zone (context);

      if (!parse_date (due_text, &date))
        return error_result (is_error, "“due” is not an ISO 8601 date or time");
      {
        g_autoptr(GDateTime) morning = g_date_time_new (zone, g_date_get_year (&date), g_date_get_month (&date),
                                                        g_date_get_day (&date), 9, 0, 0);
        due = g_date_time_to_unix (morning) * G_USEC_PER_SEC;
      }
    }

  terra_task_set_contact_id (task, context->contact_id);
  terra_task_set_conversation_id (task, context->conversation_id);
  terra_task_set_title (task, json_object_get_string_member (args, "title"));
  terra_task_set_notes (task, json_object_get_string_member_with_default (args, "notes", ""));
  terra_task_set_due_at (task, due);
  terra_task_set_created_by (task, TERRA_AUTHOR_ASSISTANT);
  if (!terra_store_insert (context->store, task, &error))
    return error_result (is_error, "%s", error->message);

  add_action (context, TERRA_ACTION_FOLLOW_UP, terra_task_get_id (task), g_strdup (terra_task_get_title (task)));
  return g_strdup_printf ("{\"task_id\":%" G_GINT64_FORMAT "}", terra_task_get_id (task));
}
