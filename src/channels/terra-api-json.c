/* terra-api-json.c — reading REST requests and writing their answers
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Everything a client sends is checked here before a handler acts on it:
 * the type of each member, its length in characters, UTF-8, ranges and
 * real calendar dates. A failed check is a 400 whose message names the
 * field, so a script author can fix the call without reading our code.
 * Text is stored as sent and returned as JSON strings (json-glib escapes
 * quotes, backslashes and control characters), never interpreted.
 */

#define G_LOG_DOMAIN "terra-api"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "terra-api-handlers.h"
#include "terra-enums.h"

gint64
_terra_api_now (TerraApiRequest *request)
{
  /* The server stamps requests in seconds; the store counts µs. */
  return request->now > 0 ? request->now * G_USEC_PER_SEC : g_get_real_time ();
}

gboolean
_terra_api_fail (GError        **error,
                 TerraApiError   code,
                 const char     *format,
                 ...)
{
  va_list args;

  if (error == NULL)
    return FALSE;
  g_assert (*error == NULL);

  va_start (args, format);
  *error = g_error_new_valist (TERRA_API_ERROR, code, format, args);
  va_end (args);
  return FALSE;
}

gboolean
_terra_api_not_found (GError     **error,
                      GError      *store_error,
                      const char  *what,
                      gint64       id)
{
  if (store_error == NULL || g_error_matches (store_error, TERRA_STORE_ERROR, TERRA_STORE_ERROR_NOT_FOUND))
    return _terra_api_fail (error, TERRA_API_ERROR_NOT_FOUND, _("There is no %s with id %" G_GINT64_FORMAT),
                            what, id);
  g_propagate_error (error, g_error_copy (store_error));
  return FALSE;
}

gboolean
_terra_api_begin_read (TerraStore  *store,
                       gboolean    *own,
                       GError     **error)
{
  *own = !terra_store_in_transaction (store);
  return !*own || terra_store_begin_read (store, error);
}

void
_terra_api_end_read (TerraStore *store,
                     gboolean    own)
{
  if (own)
    terra_store_rollback (store);
}

static gboolean
is_allowed (const char        *name,
            const char *const *allowed)
{
  return allowed != NULL && g_strv_contains (allowed, name);
}

JsonObject *
_terra_api_check_object (JsonNode          *node,
                         const char        *what,
                         const char *const *allowed,
                         GError           **error)
{
  JsonObject *object;
  g_autoptr(GList) members = NULL;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      _terra_api_fail (error, TERRA_API_ERROR_BAD_REQUEST, _("%s must be a JSON object"), what);
      return NULL;
    }

  object = json_node_get_object (node);
  members = json_object_get_members (object);
  /* An unknown member is most often a misspelt one: refusing it beats
   * silently ignoring what the caller meant to set. */
  for (GList *l = members; l != NULL; l = l->next)
    if (!is_allowed (l->data, allowed))
      {
        _terra_api_fail (error, TERRA_API_ERROR_BAD_REQUEST, _("Unknown field “%s” in %s"),
                         (const char *)l->data, what);
        return NULL;
      }

  return object;
}

JsonObject *
_terra_api_body_object (TerraApiRequest   *request,
                        const char *const *allowed,
                        GError           **error)
{
  if (request->body == NULL)
    {
      _terra_api_fail (error, TERRA_API_ERROR_BAD_REQUEST, _("The request needs a JSON object as its body"));
      return NULL;
    }
  return _terra_api_check_object (request->body, _("the body"), allowed, error);
}

/* The member's node, or NULL when it is absent or null. */
static JsonNode *
member (JsonObject *object,
        const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && !JSON_NODE_HOLDS_NULL (node) ? node : NULL;
}

static gboolean
missing (const char  *name,
         GError     **error)
{
  return _terra_api_fail (error, TERRA_API_ERROR_BAD_REQUEST, _("The field “%s” is required"), name);
}

static gboolean
is_blank (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return FALSE;
  return TRUE;
}

static gboolean
check_text (const char  *text,
            const char  *name,
            gboolean     non_empty,
            glong        max_chars,
            GError     **error)
{
  if (!g_utf8_validate (text, -1, NULL))
    return _terra_api_fail (error, TERRA_API_ERROR_BAD_REQUEST, _("“%s” is not valid UTF-8"), name);
  if (non_empty && is_blank (text))
    return _terra_api_fail (error, TERRA_API_ERROR_BAD_REQUEST, _("“%s” must not be empty"), name);
  if (max_chars > 0 && g_utf8_strlen (text, -1) > max_chars)
    return _terra_api_fail (error, TERRA_API_ERROR_BAD_REQUEST,
                            _("“%s” is longer than %ld characters"), name, max_chars);
  return TRUE;
}

gboolean
_terra_api_member_string (JsonObject   *object,
                          const char   *name,
                          gboolean      required,
                          gboolean      non_empty,
                          glong         max_chars,
                          const char  **out,
                          GError      **error)
{
  JsonNode *node = member (object, name);
  const char *text;

  if (node == NULL)
    return required ? missing (name, error) : TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return _terra_api_fail (error, TERRA_API_ERROR_BAD_REQUEST, _("“%s” must be a string"), name);

  text = json_node_get_string (node);
  if (!check_text (text, name, non_empty, max_chars, error))
    return FALSE;
  *out = text;
  return TRUE;
}

gboolean
_terra_api_member_int (JsonObject  *object,
                       const char  *name,
                       gboolean     required,
                       gint64       min,
                       gint64       max,
                       gint64      *out,
                       GError     **error)
{
  JsonNode *node = member (object, name);
  gint64 value;

  if (node == NULL)
    return required ? missing (name, error) : TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return _terra_api_fail (error, TERRA_API_ERROR_BAD_REQUEST, _("“%s” must be a whole number"), name);

  value = json_node_get_int (node);
  if (value < min || value > max)
    return _terra_api_fail (error, TERRA_API_ERROR_BAD_REQUEST,
                            _("“%s” must be between %" G_GINT64_FORMAT " and %" G_GINT64_FORMAT),
                            name, min, max);
  *out = value;
  return TRUE;
}

gboolean
_terra_api_member_boolean (JsonObject  *object,
                           const char  *name,
                           gboolean    *out,
                           GError     **error)
{
  JsonNode *node = member (object, name);

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return _terra_api_fail (error, TERRA_API_ERROR_BAD_REQUEST, _("“%s” must be true or false"), name);
  *out = json_node_get_boolean (node);
  return TRUE;
}

static guint
digits (const char *text,
        guint       n)
{
  guint value = 0;

  for (guint i = 0; i < n; i++)
    value = value * 10 + (text[i] - '0');
  return value;
}

/* "2026-06-01": a plain calendar date, checked for existence. */
static gboolean
parse_date (const char *text,
            GDate      *date)
{
  static const char shape[] = "dddd-dd-dd";
  guint year, month, day;

  if (strlen (text) != strlen (shape))
    return FALSE;
  for (guint i = 0; shape[i] != '\0'; i++)
    if (shape[i] == 'd' ? !g_ascii_isdigit (text[i]) : text[i] != shape[i])
      return FALSE;

  year = digits (text, 4);
  month = digits (text + 5, 2);
  day = digits (text + 8, 2);
  if (month < 1 || month > 12 || day < 1 || !g_date_valid_dmy (day, month, year))
    return FALSE;
  g_date_clear (date, 1);
  g_date_set_dmy (date, day, month, year);
  return TRUE;
}

/* ISO 8601 lets a time leave out its seconds ("2026-06-01T10:30+05:30");
 * GLib's parser wants them, so they are added. */
static char *
with_seconds (const char *text)
{
  const char *t = strpbrk (text, "Tt");

  if (t != NULL && strlen (t) >= 6 &&
      g_ascii_isdigit (t[1]) && g_ascii_isdigit (t[2]) && t[3] == ':' &&
      g_ascii_isdigit (t[4]) && g_ascii_isdigit (t[5]) && t[6] != ':' && t[6] != '.')
    return g_strdup_printf ("%.*s:00%s", (int)(t + 6 - text), text, t + 6);
  return g_strdup (text);
}

gboolean
_terra_api_parse_time (const char  *text,
                       const char  *name,
                       GTimeZone   *zone,
                       gboolean     end_of_day,
                       gint64      *out,
                       GError     **error)
{
  g_autoptr(GDateTime) time = NULL;
  GDate date;

  if (parse_date (text, &date))
    {
      time = g_date_time_new (zone, g_date_get_year (&date), g_date_get_month (&date),
                              g_date_get_day (&date), 0, 0, 0);
      if (time != NULL && end_of_day)
        {
          GDateTime *next = g_date_time_add_days (time, 1);

          g_date_time_unref (time);
          time = next;
        }
    }
  else if (strchr (text, 'T') != NULL || strchr (text, 't') != NULL)
    {
      g_autofree char *full = with_seconds (text);

      time = g_date_time_new_from_iso8601 (full, zone);
    }

  /* g_date_time_new_from_iso8601() refuses 2026-02-30 and 25:00 as well as
   * garbage; years outside 1970 … 9999 are no appointment either. */
  if (time == NULL || g_date_time_get_year (time) < 1970)
    return _terra_api_fail (error, TERRA_API_ERROR_BAD_REQUEST,
                            _("“%s” is not a valid date and time; use ISO 8601, such as "
                              "2026-06-01T10:30:00+05:30 or 2026-06-01"), name);

  *out = g_date_time_to_unix (time) * G_USEC_PER_SEC + g_date_time_get_microsecond (time);
  return TRUE;
}

gboolean
_terra_api_member_time (JsonObject  *object,
                        const char  *name,
                        gboolean     required,
                        GTimeZone   *zone,
                        gint64      *out,
                        GError     **error)
{
  const char *text = NULL;

  if (!_terra_api_member_string (object, name, required, TRUE, 64, &text, error))
    return FALSE;
  if (text == NULL)
    return TRUE;
  return _terra_api_parse_time (text, name, zone, FALSE, out, error);
}

gboolean
_terra_api_query_string (TerraApiRequest  *request,
                         const char       *name,
                         glong             max_chars,
                         const char      **out,
                         GError          **error)
{
  const char *text = g_hash_table_lookup (request->query, name);

  if (text == NULL)
    return TRUE;
  if (!check_text (text, name, FALSE, max_chars, error))
    return FALSE;
  *out = text;
  return TRUE;
}

gboolean
_terra_api_query_int (TerraApiRequest  *request,
                      const char       *name,
                      gint64            min,
                      gint64            max,
                      gint64           *out,
                      GError          **error)
{
  const char *text = g_hash_table_lookup (request->query, name);
  gint64 value;

  if (text == NULL)
    return TRUE;
  if (!g_ascii_string_to_signed (text, 10, min, max, &value, NULL))
    return _terra_api_fail (error, TERRA_API_ERROR_BAD_REQUEST,
                            _("“%s” must be a whole number between %" G_GINT64_FORMAT " and %" G_GINT64_FORMAT),
                            name, min, max);
  *out = value;
  return TRUE;
}

/* A list of an enumeration's nicks, for messages that say what is allowed. */
static char *
enum_nicks (GType enum_type)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (enum_type);
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < klass->n_values; i++)
    g_string_append_printf (text, "%s%s", i > 0 ? ", " : "", klass->values[i].value_nick);
  return g_string_free (text, FALSE);
}

gboolean
_terra_api_query_enum (TerraApiRequest  *request,
                       const char       *name,
                       GType             enum_type,
                       int              *out,
                       GError          **error)
{
  const char *text = g_hash_table_lookup (request->query, name);

  if (text == NULL)
    return TRUE;
  if (!terra_enum_from_nick (enum_type, text, out))
    {
      g_autofree char *nicks = enum_nicks (enum_type);

      return _terra_api_fail (error, TERRA_API_ERROR_BAD_REQUEST, _("“%s” must be one of: %s"), name, nicks);
    }
  return TRUE;
}

gboolean
_terra_api_query_time (TerraApiRequest  *request,
                       const char       *name,
                       GTimeZone        *zone,
                       gboolean          end_of_day,
                       gint64           *out,
                       GError          **error)
{
  const char *text = NULL;

  if (!_terra_api_query_string (request, name, 64, &text, error))
    return FALSE;
  if (text == NULL)
    return TRUE;
  return _terra_api_parse_time (text, name, zone, end_of_day, out, error);
}

/* Writing */

void
_terra_api_respond (TerraApiResponse *response,
                    guint             status,
                    JsonBuilder      *builder)
{
  g_clear_pointer (&response->json, json_node_unref);
  response->status = status;
  response->json = json_builder_get_root (builder);
}

void
_terra_api_add_time (JsonBuilder *builder,
                     const char  *name,
                     gint64       time_us,
                     GTimeZone   *zone)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *text = NULL;

  json_builder_set_member_name (builder, name);
  if (time_us == 0)
    {
      json_builder_add_null_value (builder);
      return;
    }

  /* Whole seconds: what a calendar shows, and what a client can parse. */
  utc = g_date_time_new_from_unix_utc (time_us / G_USEC_PER_SEC);
  local = zone != NULL ? g_date_time_to_timezone (utc, zone) : g_date_time_ref (utc);
  text = g_date_time_format_iso8601 (local);
  json_builder_add_string_value (builder, text);
}

void
_terra_api_add_raw_json (JsonBuilder *builder,
                         const char  *name,
                         const char  *json,
                         const char  *fallback)
{
  g_autoptr(JsonNode) node = json != NULL ? json_from_string (json, NULL) : NULL;

  if (node == NULL)
    node = json_from_string (fallback, NULL);
  json_builder_set_member_name (builder, name);
  json_builder_add_value (builder, g_steal_pointer (&node));
}

static void
add_string (JsonBuilder *builder,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value != NULL ? value : "");
}

static void
add_int (JsonBuilder *builder,
         const char  *name,
         gint64       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

static void
add_id (JsonBuilder *builder,
        const char  *name,
        gint64       id)
{
  json_builder_set_member_name (builder, name);
  if (id > 0)
    json_builder_add_int_value (builder, id);
  else
    json_builder_add_null_value (builder);
}

static void
add_nick (JsonBuilder *builder,
          const char  *name,
          GType        enum_type,
          int          value)
{
  add_string (builder, name, terra_enum_to_nick (enum_type, value));
}

/* The conversation's members, inside an object the caller opened. */
void
_terra_api_add_conversation (JsonBuilder       *builder,
                             TerraConversation *conversation)
{
  add_int (builder, "id", terra_conversation_get_id (conversation));
  add_int (builder, "contact_id", terra_conversation_get_contact_id (conversation));
  add_string (builder, "contact_name", terra_conversation_get_contact_name (conversation));
  add_nick (builder, "channel", TERRA_TYPE_CHANNEL, terra_conversation_get_channel (conversation));
  add_nick (builder, "status", TERRA_TYPE_CONVERSATION_STATUS, terra_conversation_get_status (conversation));
  add_nick (builder, "responder", TERRA_TYPE_RESPONDER, terra_conversation_get_responder (conversation));
  add_string (builder, "handoff_reason", terra_conversation_get_handoff_reason (conversation));
  add_int (builder, "unread_count", terra_conversation_get_unread_count (conversation));
  add_string (builder, "summary", terra_conversation_get_summary (conversation));
  add_string (builder, "last_message_preview", terra_conversation_get_last_message_preview (conversation));
  add_int (builder, "lead_score", terra_conversation_get_contact_score (conversation));
  add_nick (builder, "temperature", TERRA_TYPE_TEMPERATURE, terra_conversation_get_contact_temperature (conversation));
  _terra_api_add_time (builder, "created_at", terra_conversation_get_created_at (conversation), NULL);
  _terra_api_add_time (builder, "last_activity_at", terra_conversation_get_last_activity_at (conversation), NULL);
  _terra_api_add_time (builder, "first_reply_at", terra_conversation_get_first_reply_at (conversation), NULL);
}

void
_terra_api_add_message (JsonBuilder  *builder,
                        TerraMessage *message)
{
  add_int (builder, "id", terra_message_get_id (message));
  add_int (builder, "conversation_id", terra_message_get_conversation_id (message));
  add_nick (builder, "direction", TERRA_TYPE_DIRECTION, terra_message_get_direction (message));
  add_nick (builder, "author", TERRA_TYPE_AUTHOR, terra_message_get_author (message));
  add_string (builder, "text", terra_message_get_body (message));
  add_nick (builder, "channel", TERRA_TYPE_CHANNEL, terra_message_get_channel (message));
  add_nick (builder, "delivery", TERRA_TYPE_DELIVERY, terra_message_get_delivery (message));
  add_nick (builder, "draft", TERRA_TYPE_DRAFT, terra_message_get_draft (message));
  _terra_api_add_raw_json (builder, "attachments", terra_message_get_attachments (message), "[]");
  _terra_api_add_time (builder, "created_at", terra_message_get_created_at (message), NULL);
}

void
_terra_api_add_contact (JsonBuilder  *builder,
                        TerraContact *contact)
{
  const char * const *phones = terra_contact_get_phones (contact);
  const char * const *emails = terra_contact_get_emails (contact);

  add_int (builder, "id", terra_contact_get_id (contact));
  add_string (builder, "name", terra_contact_get_name (contact));

  json_builder_set_member_name (builder, "phones");
  json_builder_begin_array (builder);
  for (guint i = 0; phones != NULL && phones[i] != NULL; i++)
    json_builder_add_string_value (builder, phones[i]);
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "emails");
  json_builder_begin_array (builder);
  for (guint i = 0; emails != NULL && emails[i] != NULL; i++)
    json_builder_add_string_value (builder, emails[i]);
  json_builder_end_array (builder);

  add_int (builder, "score", terra_contact_get_score (contact));
  add_string (builder, "score_explanation", terra_contact_get_score_explanation (contact));
  add_nick (builder, "temperature", TERRA_TYPE_TEMPERATURE, terra_contact_get_temperature (contact));
  _terra_api_add_raw_json (builder, "qualification", terra_contact_get_qualification (contact), "{}");
  _terra_api_add_raw_json (builder, "custom_fields", terra_contact_get_custom_fields (contact), "{}");
  _terra_api_add_time (builder, "qualified_at", terra_contact_get_qualified_at (contact), NULL);
  json_builder_set_member_name (builder, "opted_out");
  json_builder_add_boolean_value (builder, terra_contact_get_opted_out (contact));
  add_nick (builder, "consent", TERRA_TYPE_CONSENT, terra_contact_get_consent (contact));
  _terra_api_add_time (builder, "created_at", terra_contact_get_created_at (contact), NULL);
}

void
_terra_api_add_booking (JsonBuilder  *builder,
                        TerraBooking *booking,
                        GTimeZone    *zone)
{
  add_int (builder, "id", terra_booking_get_id (booking));
  add_string (builder, "uid", terra_booking_get_uid (booking));
  add_int (builder, "contact_id", terra_booking_get_contact_id (booking));
  add_id (builder, "conversation_id", terra_booking_get_conversation_id (booking));
  add_id (builder, "appointment_type_id", terra_booking_get_appointment_type_id (booking));
  add_string (builder, "title", terra_booking_get_title (booking));
  _terra_api_add_time (builder, "start", terra_booking_get_start_utc (booking), zone);
  _terra_api_add_time (builder, "end", terra_booking_get_end_utc (booking), zone);
  add_string (builder, "timezone", terra_booking_get_timezone (booking));
  add_string (builder, "location", terra_booking_get_location (booking));
  add_nick (builder, "source", TERRA_TYPE_BOOKING_SOURCE, terra_booking_get_source (booking));
  add_nick (builder, "status", TERRA_TYPE_BOOKING_STATUS, terra_booking_get_status (booking));
  add_string (builder, "notes", terra_booking_get_notes (booking));
  add_string (builder, "cancel_reason", terra_booking_get_cancel_reason (booking));
  _terra_api_add_time (builder, "created_at", terra_booking_get_created_at (booking), NULL);
  _terra_api_add_time (builder, "updated_at", terra_booking_get_updated_at (booking), NULL);
}
