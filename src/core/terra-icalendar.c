/* terra-icalendar.c — iCalendar (RFC 5545) export of bookings and import
 * of busy times
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Export. Every time is written in UTC ("…Z"): a floating time would move
 * with whoever opens the file, and a TZID would oblige us to ship a
 * VTIMEZONE for it, whose rules we would have to keep right. UTC is exact
 * and every client shows it in its own zone. libical escapes TEXT values
 * and folds lines at 75 octets without splitting a UTF-8 character (checked
 * for libical 3.0.16, and by test-icalendar); we only clean the text first
 * (see clean_text()).
 *
 * Bookings map onto VEVENT STATUS as follows, since VEVENT knows only
 * TENTATIVE, CONFIRMED and CANCELLED:
 *   confirmed, completed → CONFIRMED: the meeting was or is on;
 *   no-show              → CONFIRMED: the owner kept the time free for it,
 *                          so it stays in the calendar as it happened;
 *   cancelled            → CANCELLED, and TRANSP:TRANSPARENT so that free/busy
 *                          lookups do not count it.
 * The exact status travels in X-TERRA-STATUS (its nick), the origin in
 * X-TERRA-SOURCE ("assistant" or "manual") and, for people, in CATEGORIES.
 *
 * The DESCRIPTION is the booking's notes, then a blank line and the
 * contact: "Contact: NAME", "Phone: PHONE[, PHONE…]" and, for a cancelled
 * booking with a reason, "Cancellation reason: REASON", one per line.
 *
 * Import. Every VEVENT that is neither cancelled nor transparent becomes
 * one busy time per occurrence overlapping the window: RRULE and RDATE
 * expanded, EXDATE left out, an occurrence overridden by a VEVENT with the
 * same UID and a RECURRENCE-ID replaced by that VEVENT. A TZID is resolved
 * through the file's VTIMEZONEs, then through the system's zone database
 * (which libical reads from /usr/share/zoneinfo); floating times, unknown
 * zones and all-day dates are wall-clock time in the business time zone.
 * Without DTEND an event lasts its DURATION, or one day for a date, and an
 * event of no length at all is not a busy time.
 *
 * A calendar file is untrusted input, so everything is bounded: its size,
 * the occurrences of each repeating event, the busy times in total and the
 * time spent expanding rules. libical 3.0 itself looks for the next
 * occurrence period by period up to the year 2582, inside one call that
 * cannot be interrupted; see expand_rule() for the rules it refuses.
 */

#define G_LOG_DOMAIN "terra-icalendar"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libical/ical.h>
#include <stdlib.h>
#include <string.h>

#include "terra-icalendar.h"
#include "terra-scheduler.h"

#define PRODID "-//Terra//Terra 0.1//EN"

/* Bookings are read in pages of this size. */
#define EXPORT_PAGE 500

/* Import reads from a day ago (a meeting running now) to 400 days ahead,
 * beyond any booking horizon. */
#define IMPORT_PAST G_TIME_SPAN_DAY
#define IMPORT_FUTURE (400 * G_TIME_SPAN_DAY)

/* The store keeps a busy time as pieces of at most a day; this many pieces
 * are about 10 MB of database. */
#define MAX_BUSY_PIECES 100000

/* Enough for any calendar a person keeps; a file needing longer is built to
 * keep Terra busy. */
#define EXPANSION_SECONDS 5

G_DEFINE_QUARK (terra-icalendar-error-quark, terra_icalendar_error)

G_DEFINE_AUTOPTR_CLEANUP_FUNC (icalcomponent, icalcomponent_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (icalrecur_iterator, icalrecur_iterator_free)

/* Export */

static struct icaltimetype
utc_time (gint64 usec)
{
  /* Rounded down, also before 1970. */
  gint64 seconds = usec / G_USEC_PER_SEC - (usec % G_USEC_PER_SEC < 0 ? 1 : 0);

  return icaltime_from_timet_with_zone ((time_t)seconds, FALSE, icaltimezone_get_utc_timezone ());
}

/* libical escapes backslash, semicolon, comma and newline, but drops a
 * carriage return without a trace and passes other control characters,
 * which RFC 5545 forbids in TEXT; and its parser, like others, drops a
 * value's leading and trailing white space. So line ends become "\n",
 * other controls but the tab go, and both ends are trimmed. */
static char *
clean_text (const char *text)
{
  GString *clean = g_string_sized_new (text != NULL ? strlen (text) : 0);

  for (const char *p = text; p != NULL && *p != '\0'; p++)
    {
      guchar c = (guchar)*p;

      if (c == '\r')
        {
          g_string_append_c (clean, '\n');
          if (p[1] == '\n')
            p++;
        }
      else if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7f)
        continue;
      else
        g_string_append_c (clean, (char)c);
    }

  return g_strstrip (g_string_free (clean, FALSE));
}

static char *
describe_booking (TerraBooking *booking,
                  TerraContact *contact)
{
  g_autofree char *notes = clean_text (terra_booking_get_notes (booking));
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) text = g_string_new (notes);

  if (contact != NULL)
    {
      const char *name = terra_contact_get_name (contact);
      const char * const *phones = terra_contact_get_phones (contact);

      if (name != NULL && *name != '\0')
        g_ptr_array_add (lines, g_strdup_printf (_("Contact: %s"), name));
      if (phones != NULL && phones[0] != NULL)
        {
          g_autofree char *joined = g_strjoinv (", ", (char **)phones);

          g_ptr_array_add (lines, g_strdup_printf (_("Phone: %s"), joined));
        }
    }

  if (terra_booking_get_status (booking) == TERRA_BOOKING_STATUS_CANCELLED)
    {
      const char *reason = terra_booking_get_cancel_reason (booking);

      if (reason != NULL && *reason != '\0')
        g_ptr_array_add (lines, g_strdup_printf (_("Cancellation reason: %s"), reason));
    }

  for (guint i = 0; i < lines->len; i++)
    {
      if (text->len > 0)
        g_string_append (text, i == 0 ? "\n\n" : "\n");
      g_string_append (text, g_ptr_array_index (lines, i));
    }

  return clean_text (text->str);
}

static void
add_text (icalcomponent *event,
          icalproperty  *(*new_property) (const char *),
          const char     *text)
{
  g_autofree char *clean = clean_text (text);

  if (*clean != '\0')
    icalcomponent_add_property (event, new_property (clean));
}

static void
add_x_property (icalcomponent *component,
                const char    *name,
                const char    *value)
{
  icalproperty *property = icalproperty_new_x (value);

  icalproperty_set_x_name (property, name);
  icalcomponent_add_property (component, property);
}

static icalcomponent *
booking_to_event (TerraBooking *booking,
                  TerraContact *contact,
                  gint64        now)
{
  icalcomponent *event = icalcomponent_new_vevent ();
  TerraBookingStatus status = terra_booking_get_status (booking);
  TerraBookingSource source = terra_booking_get_source (booking);
  g_autofree char *description = describe_booking (booking, contact);

  icalcomponent_add_property (event, icalproperty_new_uid (terra_booking_get_uid (booking)));
  icalcomponent_add_property (event, icalproperty_new_dtstamp (utc_time (now)));
  icalcomponent_add_property (event, icalproperty_new_dtstart (utc_time (terra_booking_get_start_utc (booking))));
  icalcomponent_add_property (event, icalproperty_new_dtend (utc_time (terra_booking_get_end_utc (booking))));
  add_text (event, icalproperty_new_summary, terra_booking_get_title (booking));
  add_text (event, icalproperty_new_description, description);
  add_text (event, icalproperty_new_location, terra_booking_get_location (booking));

  if (status == TERRA_BOOKING_STATUS_CANCELLED)
    {
      icalcomponent_add_property (event, icalproperty_new_status (ICAL_STATUS_CANCELLED));
      icalcomponent_add_property (event, icalproperty_new_transp (ICAL_TRANSP_TRANSPARENT));
    }
  else
    icalcomponent_add_property (event, icalproperty_new_status (ICAL_STATUS_CONFIRMED));

  if (terra_booking_get_created_at (booking) > 0)
    icalcomponent_add_property (event, icalproperty_new_created (utc_time (terra_booking_get_created_at (booking))));
  if (terra_booking_get_updated_at (booking) > 0)
    icalcomponent_add_property (event, icalproperty_new_lastmodified (utc_time (terra_booking_get_updated_at (booking))));

  icalcomponent_add_property (event, icalproperty_new_categories (source == TERRA_BOOKING_SOURCE_ASSISTANT
                                                                  ? C_("calendar category", "AI scheduled")
                                                                  : C_("calendar category", "Manual")));
  add_x_property (event, "X-TERRA-SOURCE", terra_enum_to_nick (TERRA_TYPE_BOOKING_SOURCE, source));
  add_x_property (event, "X-TERRA-STATUS", terra_enum_to_nick (TERRA_TYPE_BOOKING_STATUS, status));

  return event;
}

static int
compare_bookings (gconstpointer a,
                  gconstpointer b)
{
  TerraBooking *first = *(TerraBooking **)a;
  TerraBooking *second = *(TerraBooking **)b;
  gint64 first_start = terra_booking_get_start_utc (first);
  gint64 second_start = terra_booking_get_start_utc (second);
  gint64 first_id = terra_booking_get_id (first);
  gint64 second_id = terra_booking_get_id (second);

  if (first_start != second_start)
    return first_start < second_start ? -1 : 1;
  return (first_id > second_id) - (first_id < second_id);
}

static gboolean
read_bookings (TerraStore  *store,
               gint64       from_utc,
               gint64       to_utc,
               GPtrArray   *bookings,
               GHashTable  *contacts,
               GError     **error)
{
  /* Paged by id, which is unique and so pages without gaps or repeats. */
  for (guint offset = 0;; offset += EXPORT_PAGE)
    {
      g_autoptr(TerraQuery) query = terra_query_new (TERRA_TYPE_BOOKING);
      g_autoptr(GPtrArray) page = NULL;
      guint n_page;

      terra_query_where_int (query, "start_utc", TERRA_QUERY_GE, from_utc);
      terra_query_where_int (query, "start_utc", TERRA_QUERY_LT, to_utc);
      terra_query_order_by (query, "id", FALSE);
      terra_query_set_range (query, offset, EXPORT_PAGE);
      if ((page = terra_store_list (store, query, error)) == NULL)
        return FALSE;

      n_page = page->len;
      for (guint i = 0; i < page->len; i++)
        {
          TerraBooking *booking = g_ptr_array_index (page, i);
          gint64 contact_id = terra_booking_get_contact_id (booking);
          g_autoptr(GError) local_error = NULL;
          TerraContact *contact;

          g_ptr_array_add (bookings, g_object_ref (booking));
          if (contact_id <= 0 || g_hash_table_contains (contacts, &contact_id))
            continue;

          contact = terra_store_get (store, TERRA_TYPE_CONTACT, contact_id, &local_error);
          if (contact == NULL && !g_error_matches (local_error, TERRA_STORE_ERROR, TERRA_STORE_ERROR_NOT_FOUND))
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return FALSE;
            }
          /* A contact that is gone leaves its booking without a name. */
          if (contact != NULL)
            g_hash_table_insert (contacts, g_memdup2 (&contact_id, sizeof contact_id), contact);
        }

      if (n_page < EXPORT_PAGE)
        return TRUE;
    }
}

/**
 * terra_icalendar_export_bookings:
 * @store: the workspace
 * @from_utc: the earliest start, µs since the epoch
 * @to_utc: the end of the range (exclusive)
 * @now: the time of the export, for DTSTAMP
 *
 * Writes every booking starting in [@from_utc, @to_utc), whatever its
 * status, as a VEVENT of one VCALENDAR, by start. Errors of the store are
 * passed on as they are.
 *
 * Returns: (transfer full): the iCalendar text, lines ending in CRLF
 */
char *
terra_icalendar_export_bookings (TerraStore  *store,
                                 gint64       from_utc,
                                 gint64       to_utc,
                                 gint64       now,
                                 GError     **error)
{
  g_autoptr(GPtrArray) bookings = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) contacts = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_object_unref);
  g_autoptr(icalcomponent) calendar = NULL;
  gboolean own_snapshot;
  gboolean ok;
  char *text;
  char *copy;

  g_return_val_if_fail (TERRA_IS_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* One snapshot, so that a booking moved meanwhile is neither missed nor
   * written twice. */
  own_snapshot = !terra_store_in_transaction (store);
  if (own_snapshot && !terra_store_begin_read (store, error))
    return NULL;
  ok = read_bookings (store, from_utc, to_utc, bookings, contacts, error);
  if (own_snapshot)
    terra_store_rollback (store);
  if (!ok)
    return NULL;

  g_ptr_array_sort (bookings, compare_bookings);

  calendar = icalcomponent_new_vcalendar ();
  icalcomponent_add_property (calendar, icalproperty_new_version ("2.0"));
  icalcomponent_add_property (calendar, icalproperty_new_prodid (PRODID));
  icalcomponent_add_property (calendar, icalproperty_new_calscale ("GREGORIAN"));
  add_x_property (calendar, "X-WR-CALNAME", _("Terra appointments"));

  for (guint i = 0; i < bookings->len; i++)
    {
      TerraBooking *booking = g_ptr_array_index (bookings, i);
      gint64 contact_id = terra_booking_get_contact_id (booking);

      icalcomponent_add_component (calendar,
                                   booking_to_event (booking, g_hash_table_lookup (contacts, &contact_id), now));
    }

  text = icalcomponent_as_ical_string_r (calendar);
  if (text == NULL)
    {
      icalerror_clear_errno ();
      g_set_error (error, TERRA_ICALENDAR_ERROR, TERRA_ICALENDAR_ERROR_FAILED,
                   _("Could not write the calendar"));
      return NULL;
    }

  /* libical allocates with malloc(); callers free with g_free(). */
  copy = g_strdup (text);
  free (text);
  return copy;
}

/* Import */

typedef struct
{
  GTimeZone  *floating_zone;   /* for floating times and all-day dates */
  const char *source;
  gint64      from;
  gint64      to;
  gint64      deadline;        /* monotonic time */
  guint       n_pieces;
  GPtrArray  *busy_times;
} Import;

/* How long each occurrence of an event lasts: whole calendar days (23 or
 * 25 hours when the clocks change) and then elapsed time. */
typedef struct
{
  int    days;
  gint64 exact;
} Span;

static void
set_add (GHashTable *set,
         gint64      value)
{
  g_hash_table_add (set, g_memdup2 (&value, sizeof value));
}

static GHashTable *
set_new (void)
{
  return g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
}

static gboolean
fail (GError     **error,
      const char  *message)
{
  g_set_error_literal (error, TERRA_ICALENDAR_ERROR, TERRA_ICALENDAR_ERROR_INVALID, message);
  return FALSE;
}

static gboolean
check_text (const char  *text,
            gsize        length,
            GError     **error)
{
  gsize i = 0;

  if (length > TERRA_ICALENDAR_MAX_BYTES)
    {
      g_set_error (error, TERRA_ICALENDAR_ERROR, TERRA_ICALENDAR_ERROR_INVALID,
                   _("The calendar is larger than %d MB"), TERRA_ICALENDAR_MAX_BYTES / (1024 * 1024));
      return FALSE;
    }
  /* Also refuses a NUL byte, which would cut the text short for libical. */
  if (length > 0 && !g_utf8_validate_len (text, length, NULL))
    return fail (error, _("The calendar is not UTF-8 text"));

  if (length >= 3 && memcmp (text, "\xef\xbb\xbf", 3) == 0)
    i = 3;
  while (i < length && g_ascii_isspace (text[i]))
    i++;
  if (i == length)
    return fail (error, _("The calendar is empty"));

  /* The parser would make something of any text; only a calendar is one. */
  if (length - i < strlen ("BEGIN:VCALENDAR") ||
      g_ascii_strncasecmp (text + i, "BEGIN:VCALENDAR", strlen ("BEGIN:VCALENDAR")) != 0)
    return fail (error, _("This is not an iCalendar (.ics) file"));

  return TRUE;
}

static icaltimezone *
find_zone (icalcomponent *calendar,
           icalproperty  *property)
{
  icalparameter *parameter = icalproperty_get_first_parameter (property, ICAL_TZID_PARAMETER);
  const char *tzid = parameter != NULL ? icalparameter_get_tzid (parameter) : NULL;
  icaltimezone *zone;

  if (tzid == NULL || *tzid == '\0')
    return NULL;
  if ((zone = icalcomponent_get_timezone (calendar, tzid)) != NULL)
    return zone;
  /* Files often name an IANA zone without describing it. */
  if ((zone = icaltimezone_get_builtin_timezone_from_tzid (tzid)) != NULL)
    return zone;
  return icaltimezone_get_builtin_timezone (tzid);
}

/* value, in the zone its property names: UTC, a zone, or floating. */
static struct icaltimetype
property_time (icalcomponent       *calendar,
               icalproperty        *property,
               struct icaltimetype  value)
{
  icaltimezone *zone;

  if (value.is_date || icaltime_is_utc (value))
    {
      if (value.is_date)
        value.zone = NULL;
      return value;
    }

  zone = find_zone (calendar, property);
  if (zone != NULL)
    return icaltime_set_timezone (&value, zone);
  value.zone = NULL;
  return value;
}

static gboolean
time_to_utc (Import              *import,
             struct icaltimetype  time,
             gint64              *utc)
{
  time_t seconds;

  if (icaltime_is_null_time (time) || time.year < 1 || time.year > 9999 ||
      time.month < 1 || time.month > 12 || time.day < 1 || time.day > 31)
    return FALSE;

  if (time.is_date || time.zone == NULL)
    {
      g_autoptr(GDateTime) local = g_date_time_new (import->floating_zone,
                                                    time.year, time.month, time.day,
                                                    time.is_date ? 0 : time.hour,
                                                    time.is_date ? 0 : time.minute,
                                                    time.is_date ? 0 : time.second);

      if (local == NULL)
        return FALSE;
      *utc = g_date_time_to_unix (local) * G_USEC_PER_SEC;
      return TRUE;
    }

  /* icaltime_as_timet() does no conversion: right only for UTC. */
  if (icaltime_is_utc (time))
    seconds = icaltime_as_timet (time);
  else
    seconds = icaltime_as_timet_with_zone (time, time.zone);
  *utc = (gint64)seconds * G_USEC_PER_SEC;
  return TRUE;
}

/* The instant utc as wall-clock time in the zone of like. */
static struct icaltimetype
local_time (Import              *import,
            gint64               utc,
            struct icaltimetype  like)
{
  struct icaltimetype time;

  if (!like.is_date && like.zone != NULL)
    return icaltime_from_timet_with_zone ((time_t)(utc / G_USEC_PER_SEC), FALSE, like.zone);

  {
    g_autoptr(GDateTime) instant = g_date_time_new_from_unix_utc (utc / G_USEC_PER_SEC);
    g_autoptr(GDateTime) local = g_date_time_to_timezone (instant, import->floating_zone);

    time = icaltime_null_time ();
    time.year = g_date_time_get_year (local);
    time.month = g_date_time_get_month (local);
    time.day = g_date_time_get_day_of_month (local);
    time.is_date = like.is_date;
    if (!like.is_date)
      {
        time.hour = g_date_time_get_hour (local);
        time.minute = g_date_time_get_minute (local);
        time.second = g_date_time_get_second (local);
      }
    return time;
  }
}

static gboolean
is_free (icalcomponent *event)
{
  icalproperty *transp = icalcomponent_get_first_property (event, ICAL_TRANSP_PROPERTY);

  if (icalcomponent_get_status (event) == ICAL_STATUS_CANCELLED)
    return TRUE;
  if (transp != NULL)
    {
      icalproperty_transp value = icalproperty_get_transp (transp);

      return value == ICAL_TRANSP_TRANSPARENT || value == ICAL_TRANSP_TRANSPARENTNOCONFLICT;
    }
  return FALSE;
}

static void
span_from_duration (struct icaldurationtype  duration,
                    Span                    *span)
{
  /* A DURATION's weeks and days are calendar days (RFC 5545 3.3.6). */
  span->days = (int)MIN (duration.weeks * 7 + duration.days, 10 * 366u);
  span->exact = ((gint64)duration.hours * 3600 + (gint64)duration.minutes * 60 + duration.seconds) * G_USEC_PER_SEC;
}

static gboolean
event_span (Import              *import,
            icalcomponent       *calendar,
            icalcomponent       *event,
            struct icaltimetype  start,
            Span                *span)
{
  icalproperty *dtend = icalcomponent_get_first_property (event, ICAL_DTEND_PROPERTY);
  icalproperty *duration = icalcomponent_get_first_property (event, ICAL_DURATION_PROPERTY);

  *span = (Span) { 0, 0 };

  if (dtend != NULL)
    {
      struct icaltimetype end = property_time (calendar, dtend, icalproperty_get_dtend (dtend));
      gint64 start_utc, end_utc;

      if (start.is_date && end.is_date)
        {
          GDate first, last;

          if (!g_date_valid_dmy (start.day, start.month, start.year) ||
              !g_date_valid_dmy (end.day, end.month, end.year))
            return FALSE;
          g_date_clear (&first, 1);
          g_date_clear (&last, 1);
          g_date_set_dmy (&first, start.day, start.month, start.year);
          g_date_set_dmy (&last, end.day, end.month, end.year);
          span->days = g_date_days_between (&first, &last);
        }
      else if (time_to_utc (import, start, &start_utc) && time_to_utc (import, end, &end_utc))
        span->exact = end_utc - start_utc;
    }
  else if (duration != NULL)
    {
      struct icaldurationtype value = icalproperty_get_duration (duration);

      if (value.is_neg)
        return FALSE;
      span_from_duration (value, span);
    }
  else if (start.is_date)
    span->days = 1;

  return span->days > 0 || (span->days == 0 && span->exact > 0);
}

static gboolean
add_occurrence (Import              *import,
                icalcomponent       *event,
                struct icaltimetype  start,
                const Span          *span,
                GHashTable          *excluded,
                GHashTable          *seen,
                GError             **error)
{
  TerraBusyTime *busy;
  gint64 start_utc, end_utc, first, last;

  if (!time_to_utc (import, start, &start_utc) ||
      g_hash_table_contains (excluded, &start_utc) ||
      g_hash_table_contains (seen, &start_utc))
    return TRUE;
  set_add (seen, start_utc);

  end_utc = start_utc;
  if (span->days > 0)
    {
      struct icaltimetype end = start;

      icaltime_adjust (&end, span->days, 0, 0, 0);
      if (!time_to_utc (import, end, &end_utc))
        return TRUE;
    }
  end_utc += span->exact;

  if (end_utc <= start_utc || start_utc >= import->to || end_utc <= import->from)
    return TRUE;

  /* Counted as the store will keep it: in pieces of a day, within the
   * window. */
  first = MAX (start_utc, import->from);
  last = MIN (end_utc, import->to);
  import->n_pieces += (guint)((last - first + G_TIME_SPAN_DAY - 1) / G_TIME_SPAN_DAY);
  if (import->n_pieces > MAX_BUSY_PIECES)
    return fail (error, _("The calendar has too many events to import"));

  busy = g_new0 (TerraBusyTime, 1);
  busy->source = g_strdup (import->source);
  busy->uid = g_strdup (icalcomponent_get_uid (event));
  busy->summary = g_strdup (icalcomponent_get_summary (event));
  busy->start_utc = start_utc;
  busy->end_utc = end_utc;
  g_ptr_array_add (import->busy_times, busy);
  return TRUE;
}

static gboolean
is_sub_daily (const struct icalrecurrencetype *rule)
{
  return rule->freq == ICAL_SECONDLY_RECURRENCE ||
         rule->freq == ICAL_MINUTELY_RECURRENCE ||
         rule->freq == ICAL_HOURLY_RECURRENCE;
}

static gboolean
has_by_parts (const struct icalrecurrencetype *rule)
{
  return rule->by_second[0] != ICAL_RECURRENCE_ARRAY_MAX ||
         rule->by_minute[0] != ICAL_RECURRENCE_ARRAY_MAX ||
         rule->by_hour[0] != ICAL_RECURRENCE_ARRAY_MAX ||
         rule->by_day[0] != ICAL_RECURRENCE_ARRAY_MAX ||
         rule->by_month_day[0] != ICAL_RECURRENCE_ARRAY_MAX ||
         rule->by_year_day[0] != ICAL_RECURRENCE_ARRAY_MAX ||
         rule->by_week_no[0] != ICAL_RECURRENCE_ARRAY_MAX ||
         rule->by_month[0] != ICAL_RECURRENCE_ARRAY_MAX ||
         rule->by_set_pos[0] != ICAL_RECURRENCE_ARRAY_MAX;
}

static gboolean
out_of_time (Import  *import,
             GError **error)
{
  if (g_get_monotonic_time () <= import->deadline)
    return FALSE;
  return !fail (error, _("The calendar’s repeating events are too complex to import"));
}

static gboolean
expand_rule (Import                     *import,
             icalcomponent              *event,
             struct icalrecurrencetype   rule,
             struct icaltimetype         dtstart,
             gint64                      dtstart_utc,
             const Span                 *span,
             GHashTable                 *excluded,
             GHashTable                 *seen,
             GError                    **error)
{
  g_autoptr(icalrecur_iterator) iterator = NULL;
  guint steps;

  if (rule.freq == ICAL_NO_RECURRENCE)
    return TRUE;

  /* libical 3.0 finds the next occurrence by stepping one period at a
   * time from DTSTART (or the start set below) up to the year 2582, inside
   * a single icalrecur_iterator_next() that nothing can interrupt. A rule
   * that never matches (FREQ=MINUTELY;BYMONTH=2;BYMONTHDAY=30, or
   * FREQ=HOURLY;INTERVAL=2;BYHOUR=3 from an even hour) is then hundreds of
   * millions of steps of seconds or minutes, or millions of hours. So a
   * rule shorter than a day is expanded only without any BY part, where
   * every step is an occurrence; calendar programs do not write such rules
   * anyway. For days and longer the worst is some 200,000 steps from 1900,
   * under a second, which the deadline covers; a series said to start
   * earlier is not expanded. */
  if ((is_sub_daily (&rule) && has_by_parts (&rule)) || dtstart.year < 1900)
    {
      g_debug ("Not expanding the rule of “%s”", icalcomponent_get_uid (event));
      return TRUE;
    }

  if ((iterator = icalrecur_iterator_new (rule, dtstart)) == NULL)
    {
      /* A rule that can never occur, or a malformed one. */
      icalerror_clear_errno ();
      return TRUE;
    }

  /* A series that started long ago would use up its occurrences before
   * the window; start it just before instead. libical keeps INTERVAL's
   * alignment to DTSTART when doing so for days and longer periods, not
   * for shorter ones, and COUNT needs every occurrence counted. */
  if (rule.count == 0 && !is_sub_daily (&rule))
    {
      gint64 longest = (gint64)span->days * 25 * G_TIME_SPAN_HOUR + span->exact;
      gint64 skip_to = import->from - longest - 2 * G_TIME_SPAN_DAY;

      if (skip_to > dtstart_utc &&
          !icalrecur_iterator_set_start (iterator, local_time (import, skip_to, dtstart)))
        {
          icalerror_clear_errno ();
          icalrecur_iterator_free (g_steal_pointer (&iterator));
          if ((iterator = icalrecur_iterator_new (rule, dtstart)) == NULL)
            {
              icalerror_clear_errno ();
              return TRUE;
            }
        }
    }

  for (steps = 0; steps < TERRA_ICALENDAR_MAX_OCCURRENCES; steps++)
    {
      struct icaltimetype next = icalrecur_iterator_next (iterator);
      gint64 next_utc;

      if (out_of_time (import, error))
        return FALSE;
      if (icaltime_is_null_time (next))
        break;

      next.zone = dtstart.zone;
      next.is_date = dtstart.is_date;
      if (!time_to_utc (import, next, &next_utc))
        continue;
      if (next_utc >= import->to)
        break;
      if (!add_occurrence (import, event, next, span, excluded, seen, error))
        return FALSE;
    }

  if (steps == TERRA_ICALENDAR_MAX_OCCURRENCES)
    g_debug ("Stopped expanding “%s” after %u occurrences",
             icalcomponent_get_uid (event), steps);
  return TRUE;
}

static gboolean
add_rdate (Import        *import,
           icalcomponent *calendar,
           icalcomponent *event,
           icalproperty  *property,
           const Span    *span,
           GHashTable    *excluded,
           GHashTable    *seen,
           GError       **error)
{
  struct icaldatetimeperiodtype rdate = icalproperty_get_rdate (property);
  struct icaltimetype start;
  Span period_span = { 0, 0 };
  gint64 start_utc, end_utc;

  if (!icaltime_is_null_time (rdate.time))
    return add_occurrence (import, event, property_time (calendar, property, rdate.time),
                           span, excluded, seen, error);

  if (icaltime_is_null_time (rdate.period.start))
    return TRUE;

  /* A period brings its own end or duration. */
  start = property_time (calendar, property, rdate.period.start);
  if (!icaltime_is_null_time (rdate.period.end))
    {
      struct icaltimetype end = property_time (calendar, property, rdate.period.end);

      if (!time_to_utc (import, start, &start_utc) || !time_to_utc (import, end, &end_utc))
        return TRUE;
      period_span.exact = end_utc - start_utc;
    }
  else if (!rdate.period.duration.is_neg)
    span_from_duration (rdate.period.duration, &period_span);

  return add_occurrence (import, event, start, &period_span, excluded, seen, error);
}

/* A component has one cursor over its properties, which every
 * icalcomponent_get_first_property() resets, including the one inside
 * icalcomponent_get_uid() and _get_summary(): a loop over RRULEs calling
 * them would never end. So the properties are collected first. */
static GPtrArray *
collect_properties (icalcomponent     *component,
                    icalproperty_kind  kind)
{
  GPtrArray *properties = g_ptr_array_new ();

  for (icalproperty *property = icalcomponent_get_first_property (component, kind);
       property != NULL;
       property = icalcomponent_get_next_property (component, kind))
    g_ptr_array_add (properties, property);
  return properties;
}

static gboolean
import_event (Import        *import,
              icalcomponent *calendar,
              icalcomponent *event,
              GHashTable    *overridden,
              GError       **error)
{
  icalproperty *dtstart_property = icalcomponent_get_first_property (event, ICAL_DTSTART_PROPERTY);
  g_autoptr(GHashTable) excluded = set_new ();
  g_autoptr(GHashTable) seen = set_new ();
  g_autoptr(GPtrArray) exdates = NULL;
  g_autoptr(GPtrArray) rrules = NULL;
  g_autoptr(GPtrArray) rdates = NULL;
  const char *uid = icalcomponent_get_uid (event);
  GHashTable *moved;
  struct icaltimetype dtstart;
  gint64 dtstart_utc;
  Span span;

  if (is_free (event) || dtstart_property == NULL)
    return TRUE;

  dtstart = property_time (calendar, dtstart_property, icalproperty_get_dtstart (dtstart_property));
  if (!time_to_utc (import, dtstart, &dtstart_utc) ||
      !event_span (import, calendar, event, dtstart, &span))
    return TRUE;

  /* An override is one occurrence, in place of the one it names. */
  if (icalcomponent_get_first_property (event, ICAL_RECURRENCEID_PROPERTY) != NULL)
    return add_occurrence (import, event, dtstart, &span, excluded, seen, error);

  exdates = collect_properties (event, ICAL_EXDATE_PROPERTY);
  rrules = collect_properties (event, ICAL_RRULE_PROPERTY);
  rdates = collect_properties (event, ICAL_RDATE_PROPERTY);

  for (guint i = 0; i < exdates->len; i++)
    {
      icalproperty *exdate = g_ptr_array_index (exdates, i);
      gint64 key;

      if (time_to_utc (import, property_time (calendar, exdate, icalproperty_get_exdate (exdate)), &key))
        set_add (excluded, key);
    }
  if (uid != NULL && (moved = g_hash_table_lookup (overridden, uid)) != NULL)
    {
      GHashTableIter iter;
      gint64 *key;

      g_hash_table_iter_init (&iter, moved);
      while (g_hash_table_iter_next (&iter, (gpointer *)&key, NULL))
        set_add (excluded, *key);
    }

  /* DTSTART is always the first occurrence (RFC 5545 3.8.5.3). */
  if (!add_occurrence (import, event, dtstart, &span, excluded, seen, error))
    return FALSE;

  for (guint i = 0; i < rrules->len; i++)
    if (!expand_rule (import, event, icalproperty_get_rrule (g_ptr_array_index (rrules, i)),
                      dtstart, dtstart_utc, &span, excluded, seen, error))
      return FALSE;

  for (guint i = 0; i < rdates->len; i++)
    if (!add_rdate (import, calendar, event, g_ptr_array_index (rdates, i), &span, excluded, seen, error))
      return FALSE;

  return !out_of_time (import, error);
}

static gboolean
import_calendar (Import         *import,
                 icalcomponent  *calendar,
                 guint          *n_events,
                 GError        **error)
{
  g_autoptr(GPtrArray) events = g_ptr_array_new ();
  g_autoptr(GHashTable) overridden = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                            (GDestroyNotify)g_hash_table_unref);

  for (icalcomponent *event = icalcomponent_get_first_component (calendar, ICAL_VEVENT_COMPONENT);
       event != NULL;
       event = icalcomponent_get_next_component (calendar, ICAL_VEVENT_COMPONENT))
    g_ptr_array_add (events, event);
  *n_events += events->len;

  /* First the occurrences that were moved or changed, which their series
   * must leave out, whether the change is busy or not. */
  for (guint i = 0; i < events->len; i++)
    {
      icalcomponent *event = g_ptr_array_index (events, i);
      icalproperty *property = icalcomponent_get_first_property (event, ICAL_RECURRENCEID_PROPERTY);
      const char *uid = icalcomponent_get_uid (event);
      GHashTable *moved;
      gint64 key;

      if (property == NULL || uid == NULL ||
          !time_to_utc (import, property_time (calendar, property, icalproperty_get_recurrenceid (property)), &key))
        continue;

      if ((moved = g_hash_table_lookup (overridden, uid)) == NULL)
        {
          moved = set_new ();
          g_hash_table_insert (overridden, g_strdup (uid), moved);
        }
      set_add (moved, key);
    }

  for (guint i = 0; i < events->len; i++)
    if (!import_event (import, calendar, g_ptr_array_index (events, i), overridden, error))
      return FALSE;

  return TRUE;
}

static int
compare_busy_times (gconstpointer a,
                    gconstpointer b)
{
  const TerraBusyTime *first = *(const TerraBusyTime **)a;
  const TerraBusyTime *second = *(const TerraBusyTime **)b;

  if (first->start_utc != second->start_utc)
    return first->start_utc < second->start_utc ? -1 : 1;
  return (first->end_utc > second->end_utc) - (first->end_utc < second->end_utc);
}

static GPtrArray *
parse_busy_times (const char  *ics_text,
                  gsize        length,
                  const char  *source,
                  gint64       from_utc,
                  gint64       to_utc,
                  GTimeZone   *floating_zone,
                  GError     **error)
{
  g_autoptr(GPtrArray) busy_times = g_ptr_array_new_with_free_func ((GDestroyNotify)terra_busy_time_free);
  g_autoptr(icalcomponent) root = NULL;
  g_autofree char *text = NULL;
  icalcomponent_kind kind;
  guint n_events = 0;
  Import import = {
    .floating_zone = floating_zone,
    .source = source,
    .from = from_utc,
    .to = to_utc,
    .deadline = g_get_monotonic_time () + EXPANSION_SECONDS * G_USEC_PER_SEC,
    .busy_times = busy_times,
  };

  if (!check_text (ics_text, length, error))
    return NULL;

  text = g_strndup (ics_text, length);
  root = icalparser_parse_string (text);
  icalerror_clear_errno ();
  if (root == NULL)
    {
      fail (error, _("The calendar is damaged: it could not be read"));
      return NULL;
    }

  /* Several calendars in one file come back under an XROOT. */
  kind = icalcomponent_isa (root);
  if (kind == ICAL_VCALENDAR_COMPONENT)
    {
      if (!import_calendar (&import, root, &n_events, error))
        return NULL;
    }
  else if (kind == ICAL_XROOT_COMPONENT)
    {
      g_autoptr(GPtrArray) calendars = g_ptr_array_new ();

      for (icalcomponent *calendar = icalcomponent_get_first_component (root, ICAL_VCALENDAR_COMPONENT);
           calendar != NULL;
           calendar = icalcomponent_get_next_component (root, ICAL_VCALENDAR_COMPONENT))
        g_ptr_array_add (calendars, calendar);
      if (calendars->len == 0)
        {
          fail (error, _("This is not an iCalendar (.ics) file"));
          return NULL;
        }
      for (guint i = 0; i < calendars->len; i++)
        if (!import_calendar (&import, g_ptr_array_index (calendars, i), &n_events, error))
          return NULL;
    }
  else
    {
      fail (error, _("This is not an iCalendar (.ics) file"));
      return NULL;
    }

  if (n_events == 0)
    {
      g_set_error_literal (error, TERRA_ICALENDAR_ERROR, TERRA_ICALENDAR_ERROR_EMPTY,
                           _("The calendar has no events"));
      return NULL;
    }

  g_ptr_array_sort (busy_times, compare_busy_times);
  return g_steal_pointer (&busy_times);
}

/**
 * terra_icalendar_parse_busy_times:
 * @ics_text: iCalendar text, not necessarily nul-terminated
 * @length: its length in bytes
 * @source: the name of the calendar, copied into each busy time
 * @from_utc: the start of the window, µs since the epoch
 * @to_utc: the end of the window (exclusive)
 *
 * Reads the busy occurrences overlapping [@from_utc, @to_utc), whole; see
 * the top of this file for the rules. Floating times and all-day dates
 * are taken in the system's time zone here; the import uses the
 * business's.
 *
 * Fails with %TERRA_ICALENDAR_ERROR_INVALID for text that is larger than
 * %TERRA_ICALENDAR_MAX_BYTES, not UTF-8, empty, not a VCALENDAR, damaged,
 * or too costly to expand; with %TERRA_ICALENDAR_ERROR_EMPTY for a
 * calendar without any VEVENT (a task list, say). A calendar with events
 * but none busy in the window gives an empty array.
 *
 * Returns: (transfer full) (element-type TerraBusyTime): the busy times, by
 *   start
 */
GPtrArray *
terra_icalendar_parse_busy_times (const char  *ics_text,
                                  gsize        length,
                                  const char  *source,
                                  gint64       from_utc,
                                  gint64       to_utc,
                                  GError     **error)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_local ();

  g_return_val_if_fail (ics_text != NULL || length == 0, NULL);
  g_return_val_if_fail (source != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return parse_busy_times (ics_text, length, source, from_utc, to_utc, zone, error);
}

/**
 * terra_icalendar_import_busy_times:
 * @store: the workspace
 * @ics_text: iCalendar text, not necessarily nul-terminated
 * @length: its length in bytes
 * @source: the calendar's name, e.g. the file's path: importing the same
 *   source again replaces what it brought before
 * @now: the current time
 * @n_imported: (out) (optional): the number of busy times now held for
 *   @source
 *
 * Reads the busy times from a day before @now to 400 days after it, in
 * the business time zone, and replaces those of @source with them, in one
 * transaction. On error the store is unchanged.
 */
gboolean
terra_icalendar_import_busy_times (TerraStore  *store,
                                   const char  *ics_text,
                                   gsize        length,
                                   const char  *source,
                                   gint64       now,
                                   guint       *n_imported,
                                   GError     **error)
{
  g_autoptr(TerraScheduler) scheduler = NULL;
  g_autoptr(GTimeZone) zone = NULL;
  g_autoptr(GPtrArray) busy_times = NULL;
  gint64 from = now - IMPORT_PAST;
  gint64 to = now + IMPORT_FUTURE;

  g_return_val_if_fail (TERRA_IS_STORE (store), FALSE);
  g_return_val_if_fail (ics_text != NULL || length == 0, FALSE);
  g_return_val_if_fail (source != NULL && *source != '\0', FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* Whole days are the business's days, as the scheduler sees them. */
  scheduler = terra_scheduler_new (store);
  zone = terra_scheduler_get_time_zone (scheduler);

  busy_times = parse_busy_times (ics_text, length, source, from, to, zone, error);
  if (busy_times == NULL)
    return FALSE;

  /* Only the window matters, and the store keeps each busy time in pieces
   * of a day: a holiday of years would be thousands of rows. */
  for (guint i = 0; i < busy_times->len; i++)
    {
      TerraBusyTime *busy = g_ptr_array_index (busy_times, i);

      busy->start_utc = MAX (busy->start_utc, from);
      busy->end_utc = MIN (busy->end_utc, to);
    }

  if (!terra_store_replace_busy_times (store, source, busy_times, error))
    return FALSE;

  if (n_imported != NULL)
    *n_imported = busy_times->len;
  return TRUE;
}
