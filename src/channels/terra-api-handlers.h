/* terra-api-handlers.h — the REST handlers and the helpers they share
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each handler is a TerraApiHandler (terra-api.h); terra-api-routes.c maps
 * them to methods and paths, and tests call them directly. The helpers read
 * and check request fields — every failure is a TERRA_API_ERROR_BAD_REQUEST
 * naming the field, raised before anything is written — and turn domain
 * objects into JSON.
 */
#pragma once

#include "terra-api.h"

G_BEGIN_DECLS

/* terra-api-chat.c */
gboolean terra_api_chat                  (TerraApiRequest *request, TerraApiResponse *response, GError **error);

/* terra-api-conversations.c */
gboolean terra_api_list_conversations    (TerraApiRequest *request, TerraApiResponse *response, GError **error);
gboolean terra_api_get_conversation      (TerraApiRequest *request, TerraApiResponse *response, GError **error);
gboolean terra_api_send_owner_message    (TerraApiRequest *request, TerraApiResponse *response, GError **error);
gboolean terra_api_take_over             (TerraApiRequest *request, TerraApiResponse *response, GError **error);
gboolean terra_api_hand_back             (TerraApiRequest *request, TerraApiResponse *response, GError **error);

/* terra-api-bookings.c */
gboolean terra_api_list_slots            (TerraApiRequest *request, TerraApiResponse *response, GError **error);
gboolean terra_api_create_booking        (TerraApiRequest *request, TerraApiResponse *response, GError **error);
gboolean terra_api_update_booking        (TerraApiRequest *request, TerraApiResponse *response, GError **error);
gboolean terra_api_cancel_booking        (TerraApiRequest *request, TerraApiResponse *response, GError **error);

/* terra-api-metrics.c */
gboolean terra_api_get_metrics           (TerraApiRequest *request, TerraApiResponse *response, GError **error);

/* terra-api-knowledge.c */
gboolean terra_api_add_knowledge         (TerraApiRequest *request, TerraApiResponse *response, GError **error);
gboolean terra_api_add_faqs              (TerraApiRequest *request, TerraApiResponse *response, GError **error);
gboolean terra_api_search_knowledge      (TerraApiRequest *request, TerraApiResponse *response, GError **error);

/* terra-api-calendar.c */
gboolean terra_api_calendar_feed         (TerraApiRequest *request, TerraApiResponse *response, GError **error);

/* terra-api-json.c: reading requests */

/* The request's time in µs since the epoch (the real clock when unset). */
gint64       _terra_api_now              (TerraApiRequest  *request);
gboolean     _terra_api_fail             (GError          **error,
                                          TerraApiError     code,
                                          const char       *format,
                                          ...) G_GNUC_PRINTF (3, 4);

/* The body as an object whose members are all in @allowed (NULL-terminated):
 * a missing body, another JSON type or an unknown member is a 400. */
JsonObject  *_terra_api_body_object      (TerraApiRequest  *request,
                                          const char *const *allowed,
                                          GError          **error);
JsonObject  *_terra_api_check_object     (JsonNode         *node,
                                          const char       *what,
                                          const char *const *allowed,
                                          GError          **error);

/* Optional member @name: absent or null leaves *@out as it was and
 * returns TRUE. A string must be valid UTF-8 of at most @max_chars
 * characters (and not blank when @non_empty). */
gboolean     _terra_api_member_string    (JsonObject       *object,
                                          const char       *name,
                                          gboolean          required,
                                          gboolean          non_empty,
                                          glong             max_chars,
                                          const char      **out,
                                          GError          **error);
gboolean     _terra_api_member_int       (JsonObject       *object,
                                          const char       *name,
                                          gboolean          required,
                                          gint64            min,
                                          gint64            max,
                                          gint64           *out,
                                          GError          **error);
gboolean     _terra_api_member_boolean   (JsonObject       *object,
                                          const char       *name,
                                          gboolean         *out,
                                          GError          **error);
/* A time: ISO 8601 with a UTC offset or "Z", or without one in the
 * business time zone @zone; or a plain date (its midnight in @zone). */
gboolean     _terra_api_member_time      (JsonObject       *object,
                                          const char       *name,
                                          gboolean          required,
                                          GTimeZone        *zone,
                                          gint64           *out,
                                          GError          **error);

/* Query parameters, same rules: absent leaves *@out unchanged. */
gboolean     _terra_api_query_string     (TerraApiRequest  *request,
                                          const char       *name,
                                          glong             max_chars,
                                          const char      **out,
                                          GError          **error);
gboolean     _terra_api_query_int        (TerraApiRequest  *request,
                                          const char       *name,
                                          gint64            min,
                                          gint64            max,
                                          gint64           *out,
                                          GError          **error);
gboolean     _terra_api_query_enum       (TerraApiRequest  *request,
                                          const char       *name,
                                          GType             enum_type,
                                          int              *out,
                                          GError          **error);
gboolean     _terra_api_query_time       (TerraApiRequest  *request,
                                          const char       *name,
                                          GTimeZone        *zone,
                                          gboolean          end_of_day,
                                          gint64           *out,
                                          GError          **error);
gboolean     _terra_api_parse_time       (const char       *text,
                                          const char       *name,
                                          GTimeZone        *zone,
                                          gboolean          end_of_day,
                                          gint64           *out,
                                          GError          **error);

/* Store errors keep their meaning (the server maps them); this turns a
 * TERRA_STORE_ERROR_NOT_FOUND into a 404 that names @what. */
gboolean     _terra_api_not_found        (GError          **error,
                                          GError           *store_error,
                                          const char       *what,
                                          gint64            id);

/* A read snapshot, unless the caller's connection is already inside a
 * transaction (whose view is then consistent already). */
gboolean     _terra_api_begin_read       (TerraStore       *store,
                                          gboolean         *own,
                                          GError          **error);
void         _terra_api_end_read         (TerraStore       *store,
                                          gboolean          own);

/* terra-api-json.c: writing responses */

void         _terra_api_respond          (TerraApiResponse *response,
                                          guint             status,
                                          JsonBuilder      *builder);
/* ISO 8601: in @zone with its offset, or UTC ("Z") when @zone is NULL;
 * a JSON null for 0. */
void         _terra_api_add_time         (JsonBuilder      *builder,
                                          const char       *name,
                                          gint64            time_us,
                                          GTimeZone        *zone);
/* @json parsed as a member value; an empty value when it does not parse. */
void         _terra_api_add_raw_json     (JsonBuilder      *builder,
                                          const char       *name,
                                          const char       *json,
                                          const char       *fallback);
void         _terra_api_add_conversation (JsonBuilder      *builder,
                                          TerraConversation *conversation);
void         _terra_api_add_message      (JsonBuilder      *builder,
                                          TerraMessage     *message);
void         _terra_api_add_contact      (JsonBuilder      *builder,
                                          TerraContact     *contact);
void         _terra_api_add_booking      (JsonBuilder      *builder,
                                          TerraBooking     *booking,
                                          GTimeZone        *zone);

G_END_DECLS
