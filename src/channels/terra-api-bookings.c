/* terra-api-bookings.c — free slots and appointments over the REST API
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Everything goes through TerraScheduler, the same rules as the assistant
 * and the Calendar: opening hours, notice, horizon, the daily maximum and
 * atomic booking (of two requests racing for a slot, one gets 409). Times
 * are read as ISO 8601 (without an offset: in the business time zone) and
 * written in the business time zone with its offset.
 *
 * A caller that acts for one lead (a website's "manage my appointment"
 * page) passes that lead's contact_id to PATCH and DELETE: another lead's
 * booking is then answered 404, as if it did not exist.
 */

#define G_LOG_DOMAIN "terra-api"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "terra-api-handlers.h"
#include "terra-enums.h"
#include "terra-inbound.h"
#include "terra-scheduler.h"

#define DEFAULT_SLOT_DAYS 7
#define MAX_SLOT_DAYS 62
#define DEFAULT_SLOTS 100
#define MAX_SLOTS 500
#define MAX_NOTES_CHARS 2000
#define MAX_REASON_CHARS 500

/* The scheduler says which rule a time breaks; a client needs to know
 * whether to pick another time (409) or fix its request (400, 404). */
static gboolean
scheduler_failed (GError  *local_error,
                  GError **error)
{
  if (local_error->domain != TERRA_SCHEDULER_ERROR)
    {
      g_propagate_error (error, g_error_copy (local_error));
      return FALSE;
    }

  switch (local_error->code)
    {
    case TERRA_SCHEDULER_ERROR_SLOT_TAKEN:
    case TERRA_SCHEDULER_ERROR_DAY_FULL:
      return _terra_api_fail (error, TERRA_API_ERROR_CONFLICT, "%s", local_error->message);
    case TERRA_SCHEDULER_ERROR_INVALID:
      return _terra_api_fail (error, TERRA_API_ERROR_NOT_FOUND, "%s", local_error->message);
    case TERRA_SCHEDULER_ERROR_CLOSED:
    case TERRA_SCHEDULER_ERROR_TOO_SOON:
    case TERRA_SCHEDULER_ERROR_TOO_FAR:
    default:
      return _terra_api_fail (error, TERRA_API_ERROR_BAD_REQUEST, "%s", local_error->message);
    }
}

/* The appointment type asked for, or the first active one; a 404 for an
 * unknown id, a 400 when the business has set none up. */
static TerraAppointmentType *
find_type (TerraStore  *store,
           gint64       type_id,
           GError     **error)
{
  g_autoptr(TerraQuery) query = NULL;
  g_autoptr(GPtrArray) types = NULL;
  g_autoptr(GError) local_error = NULL;

  if (type_id > 0)
    {
      TerraAppointmentType *type = terra_store_get (store, TERRA_TYPE_APPOINTMENT_TYPE, type_id, &local_error);

      if (type == NULL)
        _terra_api_not_found (error, local_error, _("appointment type"), type_id);
      return type;
    }

  query = terra_query_new (TERRA_TYPE_APPOINTMENT_TYPE);
  terra_query_where_int (query, "active", TERRA_QUERY_EQ, 1);
  terra_query_order_by (query, "id", FALSE);
  terra_query_set_range (query, 0, 1);
  if ((types = terra_store_list (store, query, error)) == NULL)
    return NULL;
  if (types->len == 0)
    {
      _terra_api_fail (error, TERRA_API_ERROR_BAD_REQUEST,
                       _("The business has no appointment types yet; add one in the Calendar first"));
      return NULL;
    }
  return g_object_ref (g_ptr_array_index (types, 0));
}

static void
add_type (JsonBuilder          *builder,
          TerraAppointmentType *type)
{
  json_builder_set_member_name (builder, "appointment_type");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, terra_appointment_type_get_id (type));
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, terra_appointment_type_get_name (type));
  json_builder_set_member_name (builder, "duration_minutes");
  json_builder_add_int_value (builder, terra_appointment_type_get_duration_minutes (type));
  json_builder_set_member_name (builder, "location");
  json_builder_add_string_value (builder, terra_appointment_type_get_location (type));
  json_builder_end_object (builder);
}

/**
 * terra_api_list_slots:
 *
 * GET /api/v1/slots?from=&to=&type_id=&limit=: the free start times in
 * [from, to) (default: the next 7 days), earliest first.
 */
gboolean
terra_api_list_slots (TerraApiRequest   *request,
                      TerraApiResponse  *response,
                      GError           **error)
{
  g_autoptr(TerraScheduler) scheduler = terra_scheduler_new (request->store);
  g_autoptr(GTimeZone) zone = terra_scheduler_get_time_zone (scheduler);
  g_autoptr(TerraAppointmentType) type = NULL;
  g_autoptr(GArray) slots = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(GError) local_error = NULL;
  gint64 now = _terra_api_now (request);
  gint64 from = now, to = 0, type_id = 0, limit = DEFAULT_SLOTS;

  if (!_terra_api_query_time (request, "from", zone, FALSE, &from, error) ||
      !_terra_api_query_time (request, "to", zone, TRUE, &to, error) ||
      !_terra_api_query_int (request, "type_id", 1, G_MAXINT64, &type_id, error) ||
      !_terra_api_query_int (request, "limit", 1, MAX_SLOTS, &limit, error))
    return FALSE;

  if (to == 0)
    to = from + DEFAULT_SLOT_DAYS * G_TIME_SPAN_DAY;
  if (to <= from)
    return _terra_api_fail (error, TERRA_API_ERROR_BAD_REQUEST, _("“to” must be after “from”"));
  if (to - from > MAX_SLOT_DAYS * G_TIME_SPAN_DAY)
    return _terra_api_fail (error, TERRA_API_ERROR_BAD_REQUEST,
                            _("Ask for at most %d days of slots at a time"), MAX_SLOT_DAYS);

  if ((type = find_type (request->store, type_id, error)) == NULL)
    return FALSE;

  slots = terra_scheduler_find_free_slots (scheduler, terra_appointment_type_get_id (type), from, to,
                                           limit, now, &local_error);
  if (slots == NULL)
    return scheduler_failed (local_error, error);

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "timezone");
  json_builder_add_string_value (builder, g_time_zone_get_identifier (zone));
  add_type (builder, type);
  json_builder_set_member_name (builder, "slots");
  json_builder_begin_array (builder);
  for (guint i = 0; i < slots->len; i++)
    {
      const TerraSlot *slot = &g_array_index (slots, TerraSlot, i);

      json_builder_begin_object (builder);
      _terra_api_add_time (builder, "start", slot->start_utc, zone);
      _terra_api_add_time (builder, "end", slot->end_utc, zone);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  _terra_api_respond (response, 200, builder);
  return TRUE;
}

static gboolean
respond_with_booking (TerraApiRequest   *request,
                      TerraApiResponse  *response,
                      guint              status,
                      gint64             booking_id,
                      GError           **error)
{
  g_autoptr(TerraBooking) booking = terra_store_get (request->store, TERRA_TYPE_BOOKING, booking_id, error);
  g_autoptr(GTimeZone) zone = NULL;
  g_autoptr(JsonBuilder) builder = NULL;

  if (booking == NULL)
    return FALSE;

  zone = g_time_zone_new_identifier (terra_booking_get_timezone (booking));
  if (zone == NULL)
    zone = terra_store_get_time_zone (request->store);

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  _terra_api_add_booking (builder, booking, zone);
  json_builder_end_object (builder);
  _terra_api_respond (response, status, builder);
  return TRUE;
}

static gint64
count_where (TerraStore *store,
             GType       type,
             const char *column,
             gint64      value)
{
  g_autoptr(TerraQuery) query = terra_query_new (type);

  terra_query_where_int (query, column, TERRA_QUERY_EQ, value);
  return terra_store_count (store, query, NULL);
}

static gint64
newest_conversation_id (TerraStore *store)
{
  g_autoptr(TerraQuery) query = terra_query_new (TERRA_TYPE_CONVERSATION);
  g_autoptr(GPtrArray) newest = NULL;

  terra_query_order_by (query, "id", TRUE);
  terra_query_set_range (query, 0, 1);
  newest = terra_store_list (store, query, NULL);
  return newest != NULL && newest->len > 0 ? terra_conversation_get_id (g_ptr_array_index (newest, 0)) : 0;
}

/* After a refused booking, removes what resolve_lead() made for it alone:
 * a new sender (with its conversation, by cascade) or a new conversation,
 * unless something else meanwhile used it (another request of the same
 * sender booked or wrote), so a refused booking changes nothing. */
static void
forget_unused (TerraStore *store,
               gint64      contact_id,
               gint64      conversation_id,
               gboolean    created_contact,
               gboolean    created_conversation)
{
  if (!created_contact && !created_conversation)
    return;
  if (count_where (store, TERRA_TYPE_MESSAGE, "conversation_id", conversation_id) != 0 ||
      count_where (store, TERRA_TYPE_BOOKING, "conversation_id", conversation_id) != 0)
    return;

  if (created_contact &&
      count_where (store, TERRA_TYPE_BOOKING, "contact_id", contact_id) == 0 &&
      count_where (store, TERRA_TYPE_CONVERSATION, "contact_id", contact_id) == 1)
    terra_store_delete (store, TERRA_TYPE_CONTACT, contact_id, NULL);
  else
    terra_store_delete (store, TERRA_TYPE_CONVERSATION, conversation_id, NULL);
}

/* Who the booking is for: an existing contact, the lead of a conversation,
 * or an API sender, whose contact and conversation are made when new
 * (*@created_contact and *@created_conversation then say so). */
static gboolean
resolve_lead (TerraApiRequest  *request,
              JsonObject       *body,
              gint64           *contact_id,
              gint64           *conversation_id,
              gboolean         *created_contact,
              gboolean         *created_conversation,
              GError          **error)
{
  g_autoptr(GError) local_error = NULL;
  const char *from = NULL;
  const char *name = NULL;
  gint64 newest;
  guint n_given;

  if (!_terra_api_member_int (body, "contact_id", FALSE, 1, G_MAXINT64, contact_id, error) ||
      !_terra_api_member_int (body, "conversation_id", FALSE, 1, G_MAXINT64, conversation_id, error) ||
      !_terra_api_member_string (body, "from", FALSE, TRUE, 256, &from, error) ||
      !_terra_api_member_string (body, "name", FALSE, FALSE, 200, &name, error))
    return FALSE;

  n_given = (*contact_id > 0) + (*conversation_id > 0) + (from != NULL);
  if (n_given != 1)
    return _terra_api_fail (error, TERRA_API_ERROR_BAD_REQUEST,
                            _("Say who the appointment is for with exactly one of “contact_id”, "
                              "“conversation_id” or “from”"));

  if (*contact_id > 0)
    {
      g_autoptr(TerraContact) contact = terra_store_get (request->store, TERRA_TYPE_CONTACT, *contact_id,
                                                         &local_error);

      return contact != NULL || _terra_api_not_found (error, local_error, _("contact"), *contact_id);
    }

  if (*conversation_id > 0)
    {
      g_autoptr(TerraConversation) conversation = terra_store_get (request->store, TERRA_TYPE_CONVERSATION,
                                                                   *conversation_id, &local_error);

      if (conversation == NULL)
        return _terra_api_not_found (error, local_error, _("conversation"), *conversation_id);
      *contact_id = terra_conversation_get_contact_id (conversation);
      return TRUE;
    }

  {
    g_autoptr(TerraContact) known = terra_store_find_contact_by_identity (request->store, TERRA_CHANNEL_API,
                                                                          from, &local_error);
    if (local_error != NULL)
      {
        g_propagate_error (error, g_steal_pointer (&local_error));
        return FALSE;
      }
    *created_contact = known == NULL;
  }
  newest = newest_conversation_id (request->store);
  if (!terra_store_find_or_start_conversation (request->store, TERRA_CHANNEL_API, from, name,
                                               contact_id, conversation_id, error))
    return FALSE;
  *created_conversation = *conversation_id > newest;
  return TRUE;
}

/**
 * terra_api_create_booking:
 *
 * POST /api/v1/bookings {start, appointment_type_id?, contact_id? |
 * conversation_id? | from (+ name)?, notes?}: books the time if it is free
 * (201), else 409.
 */
gboolean
terra_api_create_booking (TerraApiRequest   *request,
                          TerraApiResponse  *response,
                          GError           **error)
{
  static const char *const allowed[] = {
    "start", "appointment_type_id", "contact_id", "conversation_id", "from", "name", "notes", NULL
  };
  g_autoptr(TerraScheduler) scheduler = terra_scheduler_new (request->store);
  g_autoptr(GTimeZone) zone = terra_scheduler_get_time_zone (scheduler);
  g_autoptr(TerraAppointmentType) type = NULL;
  g_autoptr(TerraBooking) booking = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonObject *body;
  const char *notes = NULL;
  gint64 start = 0, type_id = 0, contact_id = 0, conversation_id = 0;
  gboolean created_contact = FALSE;
  gboolean created_conversation = FALSE;

  if ((body = _terra_api_body_object (request, allowed, error)) == NULL ||
      !_terra_api_member_time (body, "start", TRUE, zone, &start, error) ||
      !_terra_api_member_int (body, "appointment_type_id", FALSE, 1, G_MAXINT64, &type_id, error) ||
      !_terra_api_member_string (body, "notes", FALSE, FALSE, MAX_NOTES_CHARS, &notes, error))
    return FALSE;

  if ((type = find_type (request->store, type_id, error)) == NULL ||
      !resolve_lead (request, body, &contact_id, &conversation_id, &created_contact, &created_conversation,
                     error))
    return FALSE;

  booking = terra_scheduler_book (scheduler, terra_appointment_type_get_id (type), contact_id, conversation_id,
                                  start, TERRA_BOOKING_SOURCE_MANUAL, notes, _terra_api_now (request),
                                  &local_error);
  if (booking == NULL)
    {
      forget_unused (request->store, contact_id, conversation_id, created_contact, created_conversation);
      return scheduler_failed (local_error, error);
    }

  return respond_with_booking (request, response, 201, terra_booking_get_id (booking), error);
}

/* The booking {id} of the request, confirmed, and the caller's lead's when
 * it says which lead it acts for. */
static TerraBooking *
find_booking (TerraApiRequest  *request,
              gint64            contact_id,
              GError          **error)
{
  g_autoptr(TerraBooking) booking = NULL;
  g_autoptr(GError) local_error = NULL;

  booking = terra_store_get (request->store, TERRA_TYPE_BOOKING, request->id, &local_error);
  if (booking == NULL)
    {
      _terra_api_not_found (error, local_error, _("booking"), request->id);
      return NULL;
    }
  if (contact_id > 0 && terra_booking_get_contact_id (booking) != contact_id)
    {
      _terra_api_fail (error, TERRA_API_ERROR_NOT_FOUND,
                       _("There is no booking with id %" G_GINT64_FORMAT), request->id);
      return NULL;
    }
  if (terra_booking_get_status (booking) != TERRA_BOOKING_STATUS_CONFIRMED)
    {
      _terra_api_fail (error, TERRA_API_ERROR_CONFLICT, _("Booking %" G_GINT64_FORMAT " is %s, not confirmed"),
                       request->id,
                       terra_enum_to_nick (TERRA_TYPE_BOOKING_STATUS, terra_booking_get_status (booking)));
      return NULL;
    }
  return g_steal_pointer (&booking);
}

/**
 * terra_api_update_booking:
 *
 * PATCH /api/v1/bookings/{id} {start?, notes?, contact_id?}: moves the
 * appointment to another free time and/or replaces its notes.
 */
gboolean
terra_api_update_booking (TerraApiRequest   *request,
                          TerraApiResponse  *response,
                          GError           **error)
{
  static const char *const allowed[] = { "start", "notes", "contact_id", NULL };
  g_autoptr(TerraScheduler) scheduler = terra_scheduler_new (request->store);
  g_autoptr(GTimeZone) zone = terra_scheduler_get_time_zone (scheduler);
  g_autoptr(TerraBooking) booking = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonObject *body;
  const char *notes = NULL;
  gint64 start = 0, contact_id = 0;

  if ((body = _terra_api_body_object (request, allowed, error)) == NULL ||
      !_terra_api_member_time (body, "start", FALSE, zone, &start, error) ||
      !_terra_api_member_string (body, "notes", FALSE, FALSE, MAX_NOTES_CHARS, &notes, error) ||
      !_terra_api_member_int (body, "contact_id", FALSE, 1, G_MAXINT64, &contact_id, error))
    return FALSE;
  if (start == 0 && notes == NULL)
    return _terra_api_fail (error, TERRA_API_ERROR_BAD_REQUEST, _("Give a new “start”, new “notes”, or both"));

  if ((booking = find_booking (request, contact_id, error)) == NULL)
    return FALSE;

  /* The move first: when the time is refused, the notes stay as they were
   * too. */
  if (start != 0 && start != terra_booking_get_start_utc (booking) &&
      !terra_scheduler_reschedule (scheduler, request->id, start, _terra_api_now (request), &local_error))
    return scheduler_failed (local_error, error);

  if (notes != NULL)
    {
      g_clear_object (&booking);
      if ((booking = terra_store_get (request->store, TERRA_TYPE_BOOKING, request->id, error)) == NULL)
        return FALSE;
      terra_booking_set_notes (booking, notes);
      if (!terra_store_update (request->store, booking, error))
        return FALSE;
    }

  return respond_with_booking (request, response, 200, request->id, error);
}

/**
 * terra_api_cancel_booking:
 *
 * DELETE /api/v1/bookings/{id} with an optional reason and contact_id, in
 * a JSON body or as query parameters: the appointment is cancelled (kept,
 * with its reason) and its time is free again.
 */
gboolean
terra_api_cancel_booking (TerraApiRequest   *request,
                          TerraApiResponse  *response,
                          GError           **error)
{
  static const char *const allowed[] = { "reason", "contact_id", NULL };
  g_autoptr(TerraScheduler) scheduler = terra_scheduler_new (request->store);
  g_autoptr(TerraBooking) booking = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *reason = NULL;
  gint64 contact_id = 0;

  if (!_terra_api_query_string (request, "reason", MAX_REASON_CHARS, &reason, error) ||
      !_terra_api_query_int (request, "contact_id", 1, G_MAXINT64, &contact_id, error))
    return FALSE;
  if (request->body != NULL)
    {
      JsonObject *body = _terra_api_check_object (request->body, _("the body"), allowed, error);

      if (body == NULL ||
          !_terra_api_member_string (body, "reason", FALSE, FALSE, MAX_REASON_CHARS, &reason, error) ||
          !_terra_api_member_int (body, "contact_id", FALSE, 1, G_MAXINT64, &contact_id, error))
        return FALSE;
    }

  if ((booking = find_booking (request, contact_id, error)) == NULL)
    return FALSE;
  if (!terra_scheduler_cancel (scheduler, request->id, reason, &local_error))
    return scheduler_failed (local_error, error);

  return respond_with_booking (request, response, 200, request->id, error);
}
