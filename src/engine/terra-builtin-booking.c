/* terra-builtin-booking.c — the built-in engine books, moves and cancels
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Through the same tools as an LLM: check_availability, then
 * book_appointment or reschedule_appointment with a slot the lead chose,
 * or cancel_appointment. A booking step is a function of the plan and the
 * tool results so far, so each round of the tool loop picks up where the
 * last one left.
 */

#define G_LOG_DOMAIN "terra-builtin"

#include "config.h"

#include "terra-builtin-provider-private.h"
#include "terra-enums.h"

/* Times */

static char *
local_iso (GTimeZone *zone,
           gint64     utc)
{
  g_autoptr(GDateTime) instant = g_date_time_new_from_unix_utc (utc / G_USEC_PER_SEC);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (instant, zone);

  return g_date_time_format_iso8601 (local);
}

static gint64
parse_iso (const char *text,
           GTimeZone  *zone)
{
  g_autoptr(GDateTime) time = text != NULL ? g_date_time_new_from_iso8601 (text, zone) : NULL;

  return time != NULL ? g_date_time_to_unix (time) * G_USEC_PER_SEC : 0;
}

/* The same wall-clock time as booking_start, on day. */
static gint64
same_time_on_day (GTimeZone   *zone,
                  gint64       booking_start,
                  const GDate *day)
{
  g_autoptr(GDateTime) instant = g_date_time_new_from_unix_utc (booking_start / G_USEC_PER_SEC);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (instant, zone);
  g_autoptr(GDateTime) moved = g_date_time_new (zone, g_date_get_year (day), g_date_get_month (day),
                                                g_date_get_day (day), g_date_time_get_hour (local),
                                                g_date_time_get_minute (local), 0);

  return g_date_time_to_unix (moved) * G_USEC_PER_SEC;
}

/* Reads a wanted time from the message's first date or time. */
void
_terra_builtin_read_wanted_time (TerraBuiltinTurn *turn)
{
  const TerraAnalyzerEntity *when =
    terra_analyzer_result_find_entity (turn->analysis, TERRA_ANALYZER_ENTITY_DATETIME);

  if (when == NULL)
    return;

  switch (when->grain)
    {
    case TERRA_TIME_GRAIN_MINUTE:
      turn->wanted = when->start_utc;
      break;
    case TERRA_TIME_GRAIN_DAY_PART:
    case TERRA_TIME_GRAIN_DAY:
      if (turn->plan == TERRA_BUILTIN_PLAN_RESCHEDULE && turn->booking != NULL && g_date_valid (&when->date))
        turn->wanted = same_time_on_day (turn->zone, terra_booking_get_start_utc (turn->booking), &when->date);
      else if (g_date_valid (&when->date))
        {
          turn->wanted_day = g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (&when->date),
                                              g_date_get_month (&when->date), g_date_get_day (&when->date));
          turn->day_part = when->day_part == TERRA_DAY_PART_MORNING ? "morning"
                           : when->day_part == TERRA_DAY_PART_AFTERNOON ? "afternoon"
                           : when->day_part == TERRA_DAY_PART_EVENING ? "evening" : NULL;
        }
      break;
    case TERRA_TIME_GRAIN_WEEK:
    default:
      turn->wanted = MAX (when->start_utc, turn->now);
      break;
    }
}

static TerraChatResponse *
call_check_availability (TerraBuiltinTurn *turn)
{
  g_autoptr(JsonBuilder) args = _terra_builtin_args_begin ();

  /* A second look, after a day with nothing free, takes the next free
   * times from now. */
  if (turn->results->len == 0 && turn->wanted != 0)
    {
      g_autofree char *near = local_iso (turn->zone, turn->wanted);

      _terra_builtin_args_string (args, "near", near);
    }
  else if (turn->results->len == 0 && turn->wanted_day != NULL)
    {
      _terra_builtin_args_string (args, "date", turn->wanted_day);
      if (turn->day_part != NULL)
        _terra_builtin_args_string (args, "part_of_day", turn->day_part);
    }
  json_builder_end_object (args);
  return _terra_builtin_call_tool (turn, "check_availability", args);
}

static TerraChatResponse *
call_with_start (TerraBuiltinTurn *turn,
                 const char       *tool,
                 gint64            booking_id,
                 gint64            start)
{
  g_autoptr(JsonBuilder) args = _terra_builtin_args_begin ();
  g_autofree char *iso = local_iso (turn->zone, start);

  if (booking_id != 0)
    {
      json_builder_set_member_name (args, "booking_id");
      json_builder_add_int_value (args, booking_id);
    }
  _terra_builtin_args_string (args, "start", iso);
  json_builder_end_object (args);
  return _terra_builtin_call_tool (turn, tool, args);
}

static TerraChatResponse *
call_cancel (TerraBuiltinTurn *turn)
{
  g_autoptr(JsonBuilder) args = _terra_builtin_args_begin ();

  json_builder_set_member_name (args, "booking_id");
  json_builder_add_int_value (args, terra_booking_get_id (turn->booking));
  _terra_builtin_args_string (args, "reason", "asked by the lead");
  json_builder_end_object (args);
  return _terra_builtin_call_tool (turn, "cancel_appointment", args);
}

/* The slots a check_availability result lists. */
static GArray *
result_slots (TerraBuiltinTurn             *turn,
              const TerraBuiltinToolResult *result)
{
  GArray *slots = g_array_new (FALSE, FALSE, sizeof (gint64));
  JsonObject *object;
  JsonArray *array;

  if (result == NULL || result->is_error || result->result == NULL || !JSON_NODE_HOLDS_OBJECT (result->result))
    return slots;
  object = json_node_get_object (result->result);
  array = json_object_has_member (object, "slots") ? json_object_get_array_member (object, "slots") : NULL;

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      gint64 start = parse_iso (json_array_get_string_element (array, i), turn->zone);

      if (start != 0)
        g_array_append_val (slots, start);
    }
  return slots;
}

static char *
offer_text (TerraBuiltinTurn *turn,
            GArray           *slots,
            const char       *lead_in)
{
  g_autoptr(GString) text = g_string_new (lead_in);

  for (guint i = 0; i < slots->len; i++)
    {
      g_autofree char *slot = _terra_builtin_format_slot (turn->zone, g_array_index (slots, gint64, i));

      g_string_append_printf (text, "\n%u. %s", i + 1, slot);
    }
  g_string_append (text, slots->len > 1 ? "\nWhich one suits you best?" : "\nDoes that suit you?");
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* Keeps the offer for the next message and returns the reply offering it. */
static char *
offer_slots (TerraBuiltinTurn  *turn,
             TerraBuiltinState *next,
             GArray            *slots,
             const char        *lead_in)
{
  g_array_set_size (next->offer, 0);
  g_array_append_vals (next->offer, slots->data, slots->len);
  g_free (next->purpose);
  next->purpose = g_strdup (turn->plan == TERRA_BUILTIN_PLAN_RESCHEDULE ||
                            (turn->plan == TERRA_BUILTIN_PLAN_PICK && g_strcmp0 (turn->state.purpose, "reschedule") == 0)
                            ? "reschedule" : "book");
  next->booking_id = turn->booking != NULL ? terra_booking_get_id (turn->booking) : turn->state.booking_id;
  return offer_text (turn, slots, lead_in);
}

static char *
confirm_booking (TerraBuiltinTurn             *turn,
                 const TerraBuiltinToolResult *result,
                 const char                   *what)
{
  JsonObject *object = json_node_get_object (result->result);
  gint64 start = parse_iso (json_object_get_string_member_with_default (object, "start", NULL), turn->zone);
  g_autofree char *when = _terra_builtin_format_slot (turn->zone, start);
  g_autoptr(TerraBooking) booking =
    terra_store_get (turn->self->store, TERRA_TYPE_BOOKING,
                     json_object_get_int_member_with_default (object, "booking_id", 0), NULL);
  const char *location = booking != NULL ? terra_booking_get_location (booking) : "";

  if (*location != '\0')
    return g_strdup_printf ("%s %s (%s time), at %s. See you then!", what, when,
                            g_time_zone_get_identifier (turn->zone), location);
  return g_strdup_printf ("%s %s (%s time). See you then!", what, when, g_time_zone_get_identifier (turn->zone));
}

/* The text after the booking tools have run. */
char *
_terra_builtin_booking_reply (TerraBuiltinTurn  *turn,
                              TerraBuiltinState *next)
{
  const TerraBuiltinToolResult *result = _terra_builtin_last_result (turn);
  g_autoptr(GArray) slots = NULL;

  if (g_str_equal (result->name, "book_appointment") && !result->is_error)
    return confirm_booking (turn, result, "You’re booked! Your appointment is on");
  if (g_str_equal (result->name, "reschedule_appointment") && !result->is_error)
    return confirm_booking (turn, result, "Done — I’ve moved your appointment to");
  if (g_str_equal (result->name, "cancel_appointment"))
    return g_strdup (result->is_error ? "I couldn’t cancel that appointment. I’ve let the team know."
                                      : "Your appointment is cancelled. If you’d like another time, just tell me.");

  slots = result_slots (turn, result);
  if (slots->len == 0)
    return g_strdup ("I’m sorry, I couldn’t find a free time soon. Someone from the team will get in touch "
                     "to arrange one with you.");
  if (_terra_builtin_count_results (turn, "book_appointment") + _terra_builtin_count_results (turn, "reschedule_appointment") > 0)
    return offer_slots (turn, next, slots, "Sorry, that time was just taken. These are still free:");
  if (turn->plan == TERRA_BUILTIN_PLAN_RESCHEDULE)
    return offer_slots (turn, next, slots, "Sure, I can move your appointment. These times are free:");
  if (turn->wanted != 0 || turn->wanted_day != NULL)
    return offer_slots (turn, next, slots, _terra_builtin_count_results (turn, "check_availability") > 1
                        ? "That day is fully booked, I’m afraid. The next free times are:"
                        : "Here are the free times closest to what you asked for:");
  return offer_slots (turn, next, slots, "I’d be happy to book that for you. These times are free:");
}

static gboolean
contains_slot (GArray *slots,
               gint64  start)
{
  for (guint i = 0; i < slots->len; i++)
    if (g_array_index (slots, gint64, i) == start)
      return TRUE;
  return FALSE;
}

/* The next step of a booking, moving or cancelling plan. */
TerraChatResponse *
_terra_builtin_booking_step (TerraBuiltinTurn *turn)
{
  const TerraBuiltinToolResult *result = _terra_builtin_last_result (turn);
  g_autoptr(GArray) slots = NULL;

  if (result == NULL)
    {
      if (turn->plan == TERRA_BUILTIN_PLAN_PICK)
        return g_strcmp0 (turn->state.purpose, "reschedule") == 0 && turn->state.booking_id != 0
               ? call_with_start (turn, "reschedule_appointment", turn->state.booking_id, turn->pick_start)
               : call_with_start (turn, "book_appointment", 0, turn->pick_start);
      if (turn->plan == TERRA_BUILTIN_PLAN_CANCEL)
        return call_cancel (turn);
      return call_check_availability (turn);
    }

  /* A picked time that was taken meanwhile: look around it once. */
  if (result->is_error && turn->results->len == 1 && turn->plan == TERRA_BUILTIN_PLAN_PICK)
    {
      g_autoptr(JsonBuilder) args = _terra_builtin_args_begin ();
      g_autofree char *near = local_iso (turn->zone, turn->pick_start);

      _terra_builtin_args_string (args, "near", near);
      json_builder_end_object (args);
      return _terra_builtin_call_tool (turn, "check_availability", args);
    }

  if (!g_str_equal (result->name, "check_availability") || result->is_error)
    return NULL;

  slots = result_slots (turn, result);
  if (turn->plan == TERRA_BUILTIN_PLAN_RESCHEDULE && turn->wanted != 0 && turn->results->len == 1 &&
      contains_slot (slots, turn->wanted))
    return call_with_start (turn, "reschedule_appointment", terra_booking_get_id (turn->booking), turn->wanted);
  if (slots->len == 0 && turn->results->len == 1 && (turn->wanted != 0 || turn->wanted_day != NULL))
    return call_check_availability (turn);
  return NULL;
}

