/* test-icalendar.c — iCalendar export of bookings and import of busy times
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The business is in Europe/Berlin, which changes its clocks on
 * 2026-03-29 (02:00 CET → 03:00 CEST) and 2026-10-25 (03:00 CEST → 02:00
 * CET); New York changes on 2026-03-08. Expected instants are written out
 * by hand in UTC. The process runs in TZ=Europe/Berlin too, since
 * terra_icalendar_parse_busy_times() reads all-day dates in the system's
 * zone.
 */

#include "config.h"

#include <libical/ical.h>
#include <string.h>

#include "terra-icalendar.h"
#include "terra-scheduler.h"
#include "terra-test-utils.h"

#define MINUTE ((gint64)60 * G_USEC_PER_SEC)
#define HOUR (60 * MINUTE)
#define SOURCE "/home/owner/Calendars/work.ics"
/* Seconds since the epoch, as µs. */
#define S(seconds) ((gint64)(seconds) * G_USEC_PER_SEC)

G_DEFINE_AUTOPTR_CLEANUP_FUNC (icalcomponent, icalcomponent_free)

static gint64
utc (int year, int month, int day, int hour, int minute)
{
  g_autoptr(GDateTime) time = g_date_time_new_utc (year, month, day, hour, minute, 0);

  return g_date_time_to_unix (time) * G_USEC_PER_SEC;
}

/* 2026-03-01 12:00 UTC: the import reads until 2027-04-05 12:00 UTC. */
static gint64
import_now (void)
{
  return utc (2026, 3, 1, 12, 0);
}

static char *
read_data (const char *name,
           gsize      *length)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", name, NULL);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_assert_true (g_file_get_contents (path, &contents, length, &error));
  g_assert_no_error (error);
  return contents;
}

static void
set_setting_int (TerraStore *store,
                 const char *key,
                 gint64      value)
{
  g_autoptr(JsonNode) node = json_node_init_int (json_node_alloc (), value);
  g_autoptr(GError) error = NULL;

  g_assert_true (terra_store_set_setting (store, key, node, &error));
  g_assert_no_error (error);
}

static void
set_time_zone (TerraStore *store,
               const char *zone)
{
  g_autoptr(JsonNode) node = json_node_init_string (json_node_alloc (), zone);
  g_autoptr(GError) error = NULL;

  g_assert_true (terra_store_set_setting (store, "business.timezone", node, &error));
  g_assert_no_error (error);
}

typedef struct
{
  gint64 start;
  gint64 end;
  const char *uid;
} Expected;

static void
assert_busy_times (GPtrArray      *busy_times,
                   const Expected *expected,
                   guint           n_expected)
{
  g_assert_nonnull (busy_times);
  for (guint i = 0; i < MIN (busy_times->len, n_expected); i++)
    {
      TerraBusyTime *busy = g_ptr_array_index (busy_times, i);

      g_test_message ("busy time %u: %s", i, busy->uid);
      g_assert_cmpint (busy->start_utc, ==, expected[i].start);
      g_assert_cmpint (busy->end_utc, ==, expected[i].end);
      g_assert_cmpstr (busy->uid, ==, expected[i].uid);
      g_assert_cmpstr (busy->source, ==, SOURCE);
    }
  g_assert_cmpuint (busy_times->len, ==, n_expected);
}

/* Export */

typedef struct
{
  TerraBookingStatus status;
  TerraBookingSource source;
  gint64             start;
  const char        *title;
  const char        *location;
  const char        *notes;
  const char        *cancel_reason;
  gboolean           second_contact;
  /* What the exported event must say. */
  const char        *description;
  icalproperty_status ical_status;
} BookingCase;

typedef struct
{
  TerraWorkspace *workspace;
  TerraStore     *store;
  GPtrArray      *bookings;      /* TerraBooking, in the exported range */
  GPtrArray      *cases;         /* BookingCase, alongside */
  char           *long_notes;
  char           *long_description;
} ExportFixture;

/* 300 characters: Kannada (three octets a character) with ASCII, so the
 * folded lines have multi-octet characters at their edges. */
static char *
make_long_notes (void)
{
  const char *piece = "ಬೆಂಗಳೂರು ಶಾಖೆ; call, then visit. ";
  g_autoptr(GString) text = g_string_new (NULL);

  while (g_utf8_strlen (text->str, -1) < 300)
    g_string_append (text, piece);
  g_string_truncate (text, g_utf8_offset_to_pointer (text->str, 299) - text->str);
  g_string_append (text, "!");
  g_assert_cmpint (g_utf8_strlen (text->str, -1), ==, 300);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static gint64
add_contact (TerraStore         *store,
             const char         *name,
             const char * const *phones)
{
  g_autoptr(TerraContact) contact = terra_contact_new ();
  g_autoptr(GError) error = NULL;

  terra_contact_set_name (contact, name);
  terra_contact_set_phones (contact, phones);
  g_assert_true (terra_store_insert (store, contact, &error));
  g_assert_no_error (error);
  return terra_contact_get_id (contact);
}

static void
export_set_up (ExportFixture *fixture,
               gconstpointer  data)
{
  static const char * const phones[] = { "+91 80 4123 4567", "+91 98450 12345", NULL };
  g_autoptr(TerraAppointmentType) type = terra_appointment_type_new ();
  g_autoptr(GError) error = NULL;
  gint64 ananya, jonas;

  fixture->workspace = terra_test_workspace_new ();
  fixture->store = terra_workspace_get_store (fixture->workspace);
  fixture->bookings = g_ptr_array_new_with_free_func (g_object_unref);
  fixture->cases = g_ptr_array_new_with_free_func (g_free);
  fixture->long_notes = make_long_notes ();
  fixture->long_description = g_strconcat (fixture->long_notes,
                                           "\n\nContact: Ananya Rao\nPhone: +91 80 4123 4567, +91 98450 12345",
                                           NULL);
  set_time_zone (fixture->store, "Europe/Berlin");

  ananya = add_contact (fixture->store, "Ananya Rao", phones);
  jonas = add_contact (fixture->store, "Jonas Weber", NULL);

  terra_appointment_type_set_name (type, "Site visit");
  terra_appointment_type_set_duration_minutes (type, 60);
  terra_appointment_type_set_location (type, "On site");
  g_assert_true (terra_store_insert (fixture->store, type, &error));
  g_assert_no_error (error);

  {
    const BookingCase cases[] = {
      {
        TERRA_BOOKING_STATUS_CONFIRMED, TERRA_BOOKING_SOURCE_ASSISTANT, utc (2026, 4, 2, 8, 0),
        "Site visit — Ananya Rao", "Flat 4B; MG Road, Bengaluru",
        "Bring the floor plan; she asked about parking, gate 2\\side door.\n"
        "ಬೆಂಗಳೂರು office: call \"Ravi\" on arrival",
        NULL, FALSE,
        "Bring the floor plan; she asked about parking, gate 2\\side door.\n"
        "ಬೆಂಗಳೂರು office: call \"Ravi\" on arrival\n\n"
        "Contact: Ananya Rao\nPhone: +91 80 4123 4567, +91 98450 12345",
        ICAL_STATUS_CONFIRMED,
      },
      {
        TERRA_BOOKING_STATUS_CANCELLED, TERRA_BOOKING_SOURCE_MANUAL, utc (2026, 4, 3, 10, 0),
        "Second viewing", "", "", "Client is travelling", FALSE,
        "Contact: Ananya Rao\nPhone: +91 80 4123 4567, +91 98450 12345\n"
        "Cancellation reason: Client is travelling",
        ICAL_STATUS_CANCELLED,
      },
      {
        TERRA_BOOKING_STATUS_COMPLETED, TERRA_BOOKING_SOURCE_ASSISTANT, utc (2026, 4, 14, 12, 30),
        "Survey", "Whitefield", fixture->long_notes, NULL, FALSE,
        fixture->long_description,
        ICAL_STATUS_CONFIRMED,
      },
      {
        TERRA_BOOKING_STATUS_NO_SHOW, TERRA_BOOKING_SOURCE_MANUAL, utc (2026, 4, 30, 21, 0),
        "Consultation", "", "  Lead did not come.\r\nCalled twice.\n  ", NULL, TRUE,
        "Lead did not come.\nCalled twice.\n\nContact: Jonas Weber",
        ICAL_STATUS_CONFIRMED,
      },
      /* Outside the exported range. */
      {
        TERRA_BOOKING_STATUS_CONFIRMED, TERRA_BOOKING_SOURCE_MANUAL, utc (2026, 5, 1, 0, 0),
        "Next month", "", "", NULL, FALSE, NULL, ICAL_STATUS_NONE,
      },
      {
        TERRA_BOOKING_STATUS_CONFIRMED, TERRA_BOOKING_SOURCE_MANUAL, utc (2026, 3, 31, 23, 59),
        "Last month", "", "", NULL, FALSE, NULL, ICAL_STATUS_NONE,
      },
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
      {
        g_autoptr(TerraBooking) booking = terra_booking_new ();

        terra_booking_set_contact_id (booking, cases[i].second_contact ? jonas : ananya);
        terra_booking_set_appointment_type_id (booking, terra_appointment_type_get_id (type));
        terra_booking_set_title (booking, cases[i].title);
        terra_booking_set_start_utc (booking, cases[i].start);
        terra_booking_set_end_utc (booking, cases[i].start + HOUR);
        terra_booking_set_timezone (booking, "Europe/Berlin");
        terra_booking_set_location (booking, cases[i].location);
        terra_booking_set_source (booking, cases[i].source);
        terra_booking_set_status (booking, cases[i].status);
        terra_booking_set_notes (booking, cases[i].notes);
        if (cases[i].cancel_reason != NULL)
          terra_booking_set_cancel_reason (booking, cases[i].cancel_reason);
        g_assert_true (terra_store_insert (fixture->store, booking, &error));
        g_assert_no_error (error);

        if (cases[i].description != NULL)
          {
            g_ptr_array_add (fixture->bookings, g_object_ref (booking));
            g_ptr_array_add (fixture->cases, g_memdup2 (&cases[i], sizeof cases[i]));
          }
      }
  }
}

static void
export_tear_down (ExportFixture *fixture,
                  gconstpointer  data)
{
  g_ptr_array_unref (fixture->bookings);
  g_ptr_array_unref (fixture->cases);
  g_free (fixture->long_notes);
  g_free (fixture->long_description);
  terra_test_workspace_free (fixture->workspace);
}

static char *
export_april (ExportFixture *fixture)
{
  g_autoptr(GError) error = NULL;
  char *text;

  text = terra_icalendar_export_bookings (fixture->store, utc (2026, 4, 1, 0, 0), utc (2026, 5, 1, 0, 0),
                                          utc (2026, 3, 20, 9, 15), &error);
  g_assert_no_error (error);
  g_assert_nonnull (text);
  return text;
}

static const char *
x_property (icalcomponent *component,
            const char    *name)
{
  for (icalproperty *property = icalcomponent_get_first_property (component, ICAL_X_PROPERTY);
       property != NULL;
       property = icalcomponent_get_next_property (component, ICAL_X_PROPERTY))
    if (g_strcmp0 (icalproperty_get_x_name (property), name) == 0)
      return icalproperty_get_x (property);
  return NULL;
}

static gint64
event_time (struct icaltimetype time)
{
  /* Written in UTC, never floating or with a TZID. */
  g_assert_true (icaltime_is_utc (time));
  g_assert_false (time.is_date);
  return (gint64)icaltime_as_timet (time) * G_USEC_PER_SEC;
}

static void
test_export_round_trip (ExportFixture *fixture,
                        gconstpointer  data)
{
  g_autofree char *text = export_april (fixture);
  g_autoptr(icalcomponent) calendar = icalparser_parse_string (text);
  guint n_events = 0;

  g_assert_nonnull (calendar);
  g_assert_cmpint (icalcomponent_isa (calendar), ==, ICAL_VCALENDAR_COMPONENT);
  g_assert_cmpstr (icalproperty_get_version (icalcomponent_get_first_property (calendar, ICAL_VERSION_PROPERTY)),
                   ==, "2.0");
  g_assert_cmpstr (icalproperty_get_prodid (icalcomponent_get_first_property (calendar, ICAL_PRODID_PROPERTY)),
                   ==, "-//Terra//Terra 0.1//EN");
  g_assert_cmpstr (icalproperty_get_calscale (icalcomponent_get_first_property (calendar, ICAL_CALSCALE_PROPERTY)),
                   ==, "GREGORIAN");
  g_assert_cmpstr (x_property (calendar, "X-WR-CALNAME"), ==, "Terra appointments");
  /* No VTIMEZONE: every time is UTC. */
  g_assert_null (icalcomponent_get_first_component (calendar, ICAL_VTIMEZONE_COMPONENT));

  for (icalcomponent *event = icalcomponent_get_first_component (calendar, ICAL_VEVENT_COMPONENT);
       event != NULL;
       event = icalcomponent_get_next_component (calendar, ICAL_VEVENT_COMPONENT), n_events++)
    {
      TerraBooking *booking = NULL;
      const BookingCase *expected = NULL;
      const char *location;

      for (guint i = 0; i < fixture->bookings->len; i++)
        if (g_strcmp0 (terra_booking_get_uid (g_ptr_array_index (fixture->bookings, i)),
                       icalcomponent_get_uid (event)) == 0)
          {
            booking = g_ptr_array_index (fixture->bookings, i);
            expected = g_ptr_array_index (fixture->cases, i);
          }
      g_assert_nonnull (booking);
      g_test_message ("event %s", icalcomponent_get_uid (event));

      /* In the order of their starts. */
      g_assert_true (booking == g_ptr_array_index (fixture->bookings, n_events));

      g_assert_cmpint (event_time (icalcomponent_get_dtstart (event)), ==, expected->start);
      g_assert_cmpint (event_time (icalcomponent_get_dtend (event)), ==, expected->start + HOUR);
      g_assert_cmpint (event_time (icalcomponent_get_dtstamp (event)), ==, utc (2026, 3, 20, 9, 15));
      g_assert_cmpstr (icalcomponent_get_summary (event), ==, expected->title);
      g_assert_cmpstr (icalcomponent_get_description (event), ==, expected->description);
      location = icalcomponent_get_location (event);
      g_assert_cmpstr (location != NULL ? location : "", ==, expected->location);
      g_assert_cmpint (icalcomponent_get_status (event), ==, expected->ical_status);

      g_assert_cmpint (event_time (icalproperty_get_created (icalcomponent_get_first_property (event, ICAL_CREATED_PROPERTY))),
                       ==, terra_booking_get_created_at (booking) / G_USEC_PER_SEC * G_USEC_PER_SEC);
      g_assert_cmpint (event_time (icalproperty_get_lastmodified (icalcomponent_get_first_property (event, ICAL_LASTMODIFIED_PROPERTY))),
                       ==, terra_booking_get_updated_at (booking) / G_USEC_PER_SEC * G_USEC_PER_SEC);

      g_assert_cmpstr (x_property (event, "X-TERRA-SOURCE"), ==,
                       expected->source == TERRA_BOOKING_SOURCE_ASSISTANT ? "assistant" : "manual");
      g_assert_cmpstr (icalproperty_get_categories (icalcomponent_get_first_property (event, ICAL_CATEGORIES_PROPERTY)),
                       ==, expected->source == TERRA_BOOKING_SOURCE_ASSISTANT ? "AI scheduled" : "Manual");
      g_assert_cmpstr (x_property (event, "X-TERRA-STATUS"), ==,
                       terra_enum_to_nick (TERRA_TYPE_BOOKING_STATUS, expected->status));

      /* A cancelled meeting leaves the time free in other calendars. */
      if (expected->status == TERRA_BOOKING_STATUS_CANCELLED)
        g_assert_cmpint (icalproperty_get_transp (icalcomponent_get_first_property (event, ICAL_TRANSP_PROPERTY)),
                         ==, ICAL_TRANSP_TRANSPARENT);
      else
        g_assert_null (icalcomponent_get_first_property (event, ICAL_TRANSP_PROPERTY));
    }

  g_assert_cmpuint (n_events, ==, fixture->bookings->len);
}

static void
test_export_lines (ExportFixture *fixture,
                   gconstpointer  data)
{
  g_autofree char *text = export_april (fixture);
  g_autofree char *unfolded = NULL;
  g_auto(GStrv) folded_parts = NULL;
  const char *line = text;
  guint n_lines = 0, n_folded = 0, n_split_multibyte = 0;

  g_assert_true (g_str_has_prefix (text, "BEGIN:VCALENDAR\r\n"));
  g_assert_true (g_str_has_suffix (text, "END:VCALENDAR\r\n"));

  while (*line != '\0')
    {
      const char *end = strstr (line, "\r\n");
      const char *content = line;
      gsize length;

      g_assert_nonnull (end);
      length = end - line;
      n_lines++;

      /* 75 octets at most, CRLF ends only. */
      g_assert_cmpuint (length, <=, 75);
      g_assert_null (memchr (line, '\n', length));
      g_assert_null (memchr (line, '\r', length));

      /* A folded line is whole UTF-8 on its own. */
      if (*line == ' ')
        {
          n_folded++;
          content++;
          length--;
          /* …and the fold fell beside a multi-octet character. */
          if ((guchar)content[0] >= 0x80 || (guchar)line[-3] >= 0x80)
            n_split_multibyte++;
        }
      g_assert_true (g_utf8_validate_len (content, length, NULL));
      line = end + 2;
    }

  g_assert_cmpuint (n_lines, >, 40);
  g_assert_cmpuint (n_folded, >=, 10);
  g_assert_cmpuint (n_split_multibyte, >, 0);

  /* Unfolded, the TEXT values are escaped as RFC 5545 3.3.11 says. */
  folded_parts = g_strsplit (text, "\r\n ", -1);
  unfolded = g_strjoinv ("", folded_parts);
  g_assert_nonnull (strstr (unfolded, "\r\nLOCATION:Flat 4B\\; MG Road\\, Bengaluru\r\n"));
  g_assert_nonnull (strstr (unfolded,
                            "\r\nDESCRIPTION:Bring the floor plan\\; she asked about parking\\, "
                            "gate 2\\\\side door.\\nಬೆಂಗಳೂರು office: call \"Ravi\" on arrival\\n\\n"
                            "Contact: Ananya Rao\\nPhone: +91 80 4123 4567\\, +91 98450 12345\r\n"));
  g_assert_nonnull (strstr (unfolded, "\r\nDTSTART:20260402T080000Z\r\n"));
  g_assert_nonnull (strstr (unfolded, "\r\nDTEND:20260402T090000Z\r\n"));
  g_assert_nonnull (strstr (unfolded, "\r\nDTSTAMP:20260320T091500Z\r\n"));
  g_assert_nonnull (strstr (unfolded, "\r\nSTATUS:CANCELLED\r\n"));
  g_assert_nonnull (strstr (unfolded, "\r\nX-TERRA-SOURCE:assistant\r\n"));
  g_assert_nonnull (strstr (unfolded, "\r\nCATEGORIES:AI scheduled\r\n"));
  g_assert_null (strstr (unfolded, "TZID"));
  g_assert_null (strstr (unfolded, "Next month"));
  g_assert_null (strstr (unfolded, "Last month"));
}

static void
test_export_empty_range (ExportFixture *fixture,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autoptr(icalcomponent) calendar = NULL;

  text = terra_icalendar_export_bookings (fixture->store, utc (2030, 1, 1, 0, 0), utc (2030, 2, 1, 0, 0),
                                          utc (2026, 3, 20, 9, 15), &error);
  g_assert_no_error (error);
  g_assert_nonnull (text);

  calendar = icalparser_parse_string (text);
  g_assert_nonnull (calendar);
  g_assert_cmpint (icalcomponent_isa (calendar), ==, ICAL_VCALENDAR_COMPONENT);
  g_assert_null (icalcomponent_get_first_component (calendar, ICAL_VEVENT_COMPONENT));
  g_assert_true (g_str_has_suffix (text, "END:VCALENDAR\r\n"));
}

/* What Terra exports, Terra (or any calendar) imports back: every
 * booking but the cancelled one is busy. */
static void
test_export_then_import (ExportFixture *fixture,
                         gconstpointer  data)
{
  g_autofree char *text = export_april (fixture);
  g_autoptr(GPtrArray) busy_times = NULL;
  g_autoptr(GError) error = NULL;
  guint n_busy = 0;

  busy_times = terra_icalendar_parse_busy_times (text, strlen (text), SOURCE,
                                                 utc (2026, 4, 1, 0, 0), utc (2026, 5, 1, 0, 0), &error);
  g_assert_no_error (error);
  g_assert_nonnull (busy_times);

  for (guint i = 0; i < fixture->bookings->len; i++)
    {
      TerraBooking *booking = g_ptr_array_index (fixture->bookings, i);
      TerraBusyTime *busy;

      if (terra_booking_get_status (booking) == TERRA_BOOKING_STATUS_CANCELLED)
        continue;

      g_assert_cmpuint (n_busy, <, busy_times->len);
      busy = g_ptr_array_index (busy_times, n_busy++);
      g_assert_cmpstr (busy->uid, ==, terra_booking_get_uid (booking));
      g_assert_cmpstr (busy->summary, ==, terra_booking_get_title (booking));
      g_assert_cmpint (busy->start_utc, ==, terra_booking_get_start_utc (booking));
      g_assert_cmpint (busy->end_utc, ==, terra_booking_get_end_utc (booking));
    }
  g_assert_cmpuint (busy_times->len, ==, 3);
}

/* Import */

/* Everything busy-recurring.ics holds from 2026-02-28 12:00 UTC to
 * 2027-04-05 12:00 UTC (the import window at import_now()). */
static const Expected recurring_expected[] = {
  /* 09:00–10:00 in New York, which is on summer time from 8 March. */
  { S (1773147600), S (1773151200), "new-york@example.com" },
  /* Mondays 10:00–11:00 Berlin: CET (UTC+1) on the 16th; the 23rd is an
   * EXDATE; the 30th is summer time (UTC+2). */
  { S (1773651600), S (1773655200), "team-meeting@example.com" },
  /* UTC with DURATION:PT45M. */
  { S (1774018800), S (1774021500), "bank@example.com" },
  { S (1774857600), S (1774861200), "team-meeting@example.com" },
  /* First Thursday of every third month since January 2001, 15:00 CEST. */
  { S (1775134800), S (1775138400), "quarterly-review@example.com" },
  /* 6 April moved to Tuesday 7 April 14:00 CEST by a RECURRENCE-ID. */
  { S (1775563200), S (1775566800), "team-meeting@example.com" },
  { S (1776067200), S (1776070800), "team-meeting@example.com" },
  { S (1776672000), S (1776675600), "team-meeting@example.com" },
  /* All day 5 and 6 May, Berlin days: 4 May 22:00 UTC to 6 May 22:00 UTC. */
  { S (1777932000), S (1778104800), "trade-fair@example.com" },
  { S (1782997200), S (1783000800), "quarterly-review@example.com" },
  { S (1790859600), S (1790863200), "quarterly-review@example.com" },
  /* Mondays 18:00–19:30 Berlin: CEST on 19 October, CET from 26 October,
   * until 2 November. */
  { S (1792425600), S (1792431000), "yoga@example.com" },
  { S (1793034000), S (1793039400), "yoga@example.com" },
  { S (1793638800), S (1793644200), "yoga@example.com" },
  /* 7 January 2027 is CET, 1 April 2027 CEST again. */
  { S (1799330400), S (1799334000), "quarterly-review@example.com" },
  { S (1806584400), S (1806588000), "quarterly-review@example.com" },
};

static void
test_parse_recurring (void)
{
  gsize length;
  g_autofree char *text = read_data ("busy-recurring.ics", &length);
  g_autoptr(GPtrArray) busy_times = NULL;
  g_autoptr(GError) error = NULL;

  /* The hand-written instants, spelled out once. */
  g_assert_cmpint (recurring_expected[0].start, ==, utc (2026, 3, 10, 13, 0));
  g_assert_cmpint (recurring_expected[3].start, ==, utc (2026, 3, 30, 8, 0));
  g_assert_cmpint (recurring_expected[8].end, ==, utc (2026, 5, 6, 22, 0));
  g_assert_cmpint (recurring_expected[12].start, ==, utc (2026, 10, 26, 17, 0));

  busy_times = terra_icalendar_parse_busy_times (text, length, SOURCE,
                                                 import_now () - G_TIME_SPAN_DAY,
                                                 import_now () + 400 * G_TIME_SPAN_DAY, &error);
  g_assert_no_error (error);
  assert_busy_times (busy_times, recurring_expected, G_N_ELEMENTS (recurring_expected));

  /* The moved occurrence keeps its own summary; the transparent reminder,
   * the cancelled dentist, last year's conference and the task are not
   * there. */
  g_assert_cmpstr (((TerraBusyTime *)g_ptr_array_index (busy_times, 5))->summary, ==,
                   "Team meeting (moved: Easter Monday)");
  for (guint i = 0; i < busy_times->len; i++)
    {
      TerraBusyTime *busy = g_ptr_array_index (busy_times, i);

      g_assert_cmpstr (busy->uid, !=, "reminder@example.com");
      g_assert_cmpstr (busy->uid, !=, "dentist@example.com");
      g_assert_cmpint (busy->start_utc, !=, utc (2026, 3, 23, 9, 0));
      g_assert_cmpint (busy->start_utc, !=, utc (2026, 4, 6, 8, 0));
    }
}

/* An occurrence counts when it overlaps the window, not only when it
 * starts in it, and comes back whole. */
static void
test_parse_window (void)
{
  gsize length;
  g_autofree char *text = read_data ("busy-recurring.ics", &length);
  g_autoptr(GPtrArray) busy_times = NULL;
  g_autoptr(GError) error = NULL;

  busy_times = terra_icalendar_parse_busy_times (text, length, SOURCE,
                                                 utc (2026, 3, 16, 9, 30), utc (2026, 3, 30, 8, 0), &error);
  g_assert_no_error (error);
  assert_busy_times (busy_times, recurring_expected + 1, 2);

  g_clear_pointer (&busy_times, g_ptr_array_unref);
  busy_times = terra_icalendar_parse_busy_times (text, length, SOURCE,
                                                 utc (2026, 5, 6, 0, 0), utc (2026, 5, 6, 1, 0), &error);
  g_assert_no_error (error);
  assert_busy_times (busy_times, recurring_expected + 8, 1);

  /* An empty window, and a window with nothing in it, are no error. */
  g_clear_pointer (&busy_times, g_ptr_array_unref);
  busy_times = terra_icalendar_parse_busy_times (text, length, SOURCE,
                                                 utc (2026, 6, 1, 0, 0), utc (2026, 6, 20, 0, 0), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (busy_times->len, ==, 0);
}

/* A daily series of 1960 has over 20,000 occurrences before 2026: the
 * expansion starts near the window, every other day as counted from
 * DTSTART. The zone is not described in the file: the system's is used. */
static void
test_parse_long_series (void)
{
  const char *text =
    "BEGIN:VCALENDAR\r\n"
    "VERSION:2.0\r\n"
    "PRODID:-//Example//Long series//EN\r\n"
    "BEGIN:VEVENT\r\n"
    "UID:walk@example.com\r\n"
    "SUMMARY:Walk the dog\r\n"
    "DTSTART;TZID=Europe/Berlin:19600101T073000\r\n"
    "DURATION:PT30M\r\n"
    "RRULE:FREQ=DAILY;INTERVAL=2\r\n"
    "END:VEVENT\r\n"
    "END:VCALENDAR\r\n";
  g_autoptr(GPtrArray) busy_times = NULL;
  g_autoptr(GError) error = NULL;
  GDate first, day;
  guint n = 0;

  busy_times = terra_icalendar_parse_busy_times (text, strlen (text), SOURCE,
                                                 utc (2026, 3, 1, 0, 0), utc (2026, 3, 15, 0, 0), &error);
  g_assert_no_error (error);
  g_assert_nonnull (busy_times);

  g_date_clear (&first, 1);
  g_date_clear (&day, 1);
  g_date_set_dmy (&first, 1, 1, 1960);
  for (g_date_set_dmy (&day, 1, 3, 2026); g_date_get_month (&day) == 3 && g_date_get_day (&day) < 15;
       g_date_add_days (&day, 1))
    {
      TerraBusyTime *busy;

      if (g_date_days_between (&first, &day) % 2 != 0)
        continue;
      g_assert_cmpuint (n, <, busy_times->len);
      busy = g_ptr_array_index (busy_times, n++);
      /* 07:30 CET is 06:30 UTC. */
      g_assert_cmpint (busy->start_utc, ==, utc (2026, 3, g_date_get_day (&day), 6, 30));
      g_assert_cmpint (busy->end_utc, ==, utc (2026, 3, g_date_get_day (&day), 7, 0));
    }
  g_assert_cmpuint (n, ==, 7);
  g_assert_cmpuint (busy_times->len, ==, n);
}

/* Rules built to make a calendar program spin are cut short. */
static void
test_parse_hostile_rules (void)
{
  const char *text =
    "BEGIN:VCALENDAR\r\n"
    "VERSION:2.0\r\n"
    "PRODID:-//Example//Hostile//EN\r\n"
    /* libical would look for 30 February minute by minute until 2582. */
    "BEGIN:VEVENT\r\n"
    "UID:never@example.com\r\n"
    "DTSTART:20260302T090000Z\r\n"
    "DURATION:PT1M\r\n"
    "RRULE:FREQ=MINUTELY;BYMONTH=2;BYMONTHDAY=30\r\n"
    "END:VEVENT\r\n"
    /* Every other hour at 03:00, from 10:00: never, hour by hour. */
    "BEGIN:VEVENT\r\n"
    "UID:odd-hours@example.com\r\n"
    "DTSTART:20260302T100000Z\r\n"
    "DURATION:PT1H\r\n"
    "RRULE:FREQ=HOURLY;INTERVAL=2;BYHOUR=3\r\n"
    "END:VEVENT\r\n"
    /* Never, day by day since the year 1. */
    "BEGIN:VEVENT\r\n"
    "UID:ancient@example.com\r\n"
    "DTSTART:00010101T080000Z\r\n"
    "DURATION:PT1H\r\n"
    "RRULE:FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30\r\n"
    "END:VEVENT\r\n"
    /* Every second, forever. */
    "BEGIN:VEVENT\r\n"
    "UID:every-second@example.com\r\n"
    "DTSTART:20260303T090000Z\r\n"
    "DURATION:PT1S\r\n"
    "RRULE:FREQ=SECONDLY\r\n"
    "END:VEVENT\r\n"
    /* A million days from 1900: the first 10,000 end in 1927. */
    "BEGIN:VEVENT\r\n"
    "UID:million@example.com\r\n"
    "DTSTART:19000101T080000Z\r\n"
    "DURATION:PT1H\r\n"
    "RRULE:FREQ=DAILY;COUNT=1000000\r\n"
    "END:VEVENT\r\n"
    /* Impossible: libical refuses it, the first occurrence stays. */
    "BEGIN:VEVENT\r\n"
    "UID:impossible@example.com\r\n"
    "DTSTART:20260304T090000Z\r\n"
    "DURATION:PT1H\r\n"
    "RRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30\r\n"
    "END:VEVENT\r\n"
    "END:VCALENDAR\r\n";
  g_autoptr(GPtrArray) busy_times = NULL;
  g_autoptr(GError) error = NULL;
  gint64 started = g_get_monotonic_time ();
  guint n_never = 0, n_odd_hours = 0, n_every_second = 0, n_million = 0, n_impossible = 0;

  busy_times = terra_icalendar_parse_busy_times (text, strlen (text), SOURCE,
                                                 utc (2026, 3, 1, 0, 0), utc (2027, 3, 1, 0, 0), &error);
  g_assert_no_error (error);
  g_assert_nonnull (busy_times);
  g_assert_cmpint (g_get_monotonic_time () - started, <, 4 * G_USEC_PER_SEC);

  for (guint i = 0; i < busy_times->len; i++)
    {
      const char *uid = ((TerraBusyTime *)g_ptr_array_index (busy_times, i))->uid;

      n_never += g_str_equal (uid, "never@example.com");
      n_odd_hours += g_str_equal (uid, "odd-hours@example.com");
      g_assert_cmpstr (uid, !=, "ancient@example.com");
      n_every_second += g_str_equal (uid, "every-second@example.com");
      n_million += g_str_equal (uid, "million@example.com");
      n_impossible += g_str_equal (uid, "impossible@example.com");
    }
  g_assert_cmpuint (n_never, ==, 1);
  g_assert_cmpuint (n_odd_hours, ==, 1);
  g_assert_cmpuint (n_every_second, >=, TERRA_ICALENDAR_MAX_OCCURRENCES - 1);
  g_assert_cmpuint (n_every_second, <=, TERRA_ICALENDAR_MAX_OCCURRENCES);
  g_assert_cmpuint (n_million, ==, 0);
  g_assert_cmpuint (n_impossible, ==, 1);
}

/* Many rules that each keep libical busy for a while: the import gives
 * up after a few seconds rather than hanging. */
static void
test_parse_too_complex (void)
{
  g_autoptr(GString) text = g_string_new ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Example//Slow//EN\r\n");
  g_autoptr(GPtrArray) busy_times = NULL;
  g_autoptr(GError) error = NULL;
  gint64 started;

  for (guint i = 0; i < 200; i++)
    g_string_append_printf (text,
                            "BEGIN:VEVENT\r\n"
                            "UID:slow-%u@example.com\r\n"
                            "DTSTART:19000101T080000Z\r\n"
                            "DURATION:PT1H\r\n"
                            "RRULE:FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30;COUNT=5\r\n"
                            "END:VEVENT\r\n", i);
  g_string_append (text, "END:VCALENDAR\r\n");

  started = g_get_monotonic_time ();
  busy_times = terra_icalendar_parse_busy_times (text->str, text->len, SOURCE,
                                                 utc (2026, 3, 1, 0, 0), utc (2027, 3, 1, 0, 0), &error);
  g_assert_error (error, TERRA_ICALENDAR_ERROR, TERRA_ICALENDAR_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "too complex"));
  g_assert_null (busy_times);
  g_assert_cmpint (g_get_monotonic_time () - started, <, 30 * G_USEC_PER_SEC);
}

static guint
count_busy_rows (TerraStore *store)
{
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;

  rows = terra_store_list_busy_times (store, utc (2000, 1, 1, 0, 0), utc (2100, 1, 1, 0, 0), &error);
  g_assert_no_error (error);
  return rows->len;
}

static void
import_file (TerraStore *store,
             const char *source,
             guint       expected)
{
  gsize length;
  g_autofree char *text = read_data ("busy-recurring.ics", &length);
  g_autoptr(GError) error = NULL;
  guint n_imported = 0;

  g_assert_true (terra_icalendar_import_busy_times (store, text, length, source, import_now (),
                                                    &n_imported, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_imported, ==, expected);
}

static void
test_import_replaces (void)
{
  g_autoptr(TerraTestWorkspace) workspace = terra_test_workspace_new ();
  TerraStore *store = terra_workspace_get_store (workspace);
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  guint n_rows;

  set_time_zone (store, "Europe/Berlin");
  import_file (store, SOURCE, G_N_ELEMENTS (recurring_expected));

  /* The store keeps the two-day fair as two pieces of a day. */
  n_rows = count_busy_rows (store);
  g_assert_cmpuint (n_rows, ==, G_N_ELEMENTS (recurring_expected) + 1);

  rows = terra_store_list_busy_times (store, utc (2026, 3, 30, 0, 0), utc (2026, 3, 31, 0, 0), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 1);
  g_assert_cmpint (((TerraBusyTime *)g_ptr_array_index (rows, 0))->start_utc, ==, utc (2026, 3, 30, 8, 0));
  g_assert_cmpstr (((TerraBusyTime *)g_ptr_array_index (rows, 0))->source, ==, SOURCE);

  /* Again: replaced, not doubled. */
  import_file (store, SOURCE, G_N_ELEMENTS (recurring_expected));
  g_assert_cmpuint (count_busy_rows (store), ==, n_rows);

  /* Another calendar is another source, and leaves this one alone. */
  import_file (store, "/home/owner/Calendars/copy.ics", G_N_ELEMENTS (recurring_expected));
  g_assert_cmpuint (count_busy_rows (store), ==, 2 * n_rows);
  import_file (store, SOURCE, G_N_ELEMENTS (recurring_expected));
  g_assert_cmpuint (count_busy_rows (store), ==, 2 * n_rows);
}

/* The import reads all-day dates in the business's zone, not the
 * system's. */
static void
test_import_business_days (void)
{
  g_autoptr(TerraTestWorkspace) workspace = terra_test_workspace_new ();
  TerraStore *store = terra_workspace_get_store (workspace);
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;

  set_time_zone (store, "Asia/Kolkata");
  import_file (store, SOURCE, G_N_ELEMENTS (recurring_expected));

  /* 5 May 00:00 IST is 4 May 18:30 UTC; two days, two pieces. */
  rows = terra_store_list_busy_times (store, utc (2026, 5, 4, 0, 0), utc (2026, 5, 7, 0, 0), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 2);
  g_assert_cmpint (((TerraBusyTime *)g_ptr_array_index (rows, 0))->start_utc, ==, utc (2026, 5, 4, 18, 30));
  g_assert_cmpint (((TerraBusyTime *)g_ptr_array_index (rows, 1))->end_utc, ==, utc (2026, 5, 6, 18, 30));
  g_assert_cmpstr (((TerraBusyTime *)g_ptr_array_index (rows, 0))->summary, ==, "Trade fair");
}

static GArray *
slots_on (TerraScheduler *scheduler,
          gint64          type,
          int             year,
          int             month,
          int             day)
{
  g_autoptr(GError) error = NULL;
  GArray *slots;
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, day, month, year);
  slots = terra_scheduler_free_slots_on_day (scheduler, type, &date, TERRA_DAY_PART_ALL, import_now (), &error);
  g_assert_no_error (error);
  g_assert_nonnull (slots);
  return slots;
}

static gboolean
has_slot_at (GArray *slots,
             gint64  start)
{
  for (guint i = 0; i < slots->len; i++)
    if (g_array_index (slots, TerraSlot, i).start_utc == start)
      return TRUE;
  return FALSE;
}

static void
test_import_blocks_slots (void)
{
  g_autoptr(TerraTestWorkspace) workspace = terra_test_workspace_new ();
  TerraStore *store = terra_workspace_get_store (workspace);
  g_autoptr(TerraScheduler) scheduler = terra_scheduler_new (store);
  g_autoptr(TerraAppointmentType) type = terra_appointment_type_new ();
  g_autoptr(GArray) before = NULL;
  g_autoptr(GArray) after = NULL;
  g_autoptr(GArray) next_day = NULL;
  g_autoptr(GArray) fair = NULL;
  g_autoptr(GError) error = NULL;
  TerraOpeningRange ranges[7];
  gint64 busy_start = utc (2026, 3, 30, 8, 0);   /* 10:00 CEST */
  gint64 busy_end = utc (2026, 3, 30, 9, 0);

  set_time_zone (store, "Europe/Berlin");
  set_setting_int (store, "booking.min_notice_minutes", 0);
  set_setting_int (store, "booking.horizon_days", 365);
  set_setting_int (store, "booking.slot_minutes", 30);
  for (int day = 1; day <= 7; day++)
    ranges[day - 1] = (TerraOpeningRange) { day, 9 * 60, 17 * 60 };
  g_assert_true (terra_store_set_opening_hours (store, ranges, 7, &error));
  g_assert_no_error (error);

  terra_appointment_type_set_name (type, "Consultation");
  terra_appointment_type_set_duration_minutes (type, 60);
  g_assert_true (terra_store_insert (store, type, &error));
  g_assert_no_error (error);

  before = slots_on (scheduler, terra_appointment_type_get_id (type), 2026, 3, 30);
  g_assert_true (has_slot_at (before, busy_start));

  import_file (store, SOURCE, G_N_ELEMENTS (recurring_expected));

  after = slots_on (scheduler, terra_appointment_type_get_id (type), 2026, 3, 30);
  for (guint i = 0; i < after->len; i++)
    {
      TerraSlot *slot = &g_array_index (after, TerraSlot, i);

      g_assert_false (slot->start_utc < busy_end && slot->end_utc > busy_start);
    }
  /* 09:00 ends as the meeting begins; 11:00 starts as it ends. */
  g_assert_true (has_slot_at (after, utc (2026, 3, 30, 7, 0)));
  g_assert_true (has_slot_at (after, utc (2026, 3, 30, 9, 0)));
  g_assert_cmpuint (after->len, ==, before->len - 3);

  /* The next day is free at 10:00. */
  next_day = slots_on (scheduler, terra_appointment_type_get_id (type), 2026, 3, 31);
  g_assert_true (has_slot_at (next_day, utc (2026, 3, 31, 8, 0)));

  /* The trade fair takes the whole day. */
  fair = slots_on (scheduler, terra_appointment_type_get_id (type), 2026, 5, 5);
  g_assert_cmpuint (fair->len, ==, 0);
}

typedef struct
{
  const char *name;
  char       *text;
  gsize       length;
  int         code;
} BadInput;

static void
test_import_refuses (void)
{
  g_autoptr(TerraTestWorkspace) workspace = terra_test_workspace_new ();
  TerraStore *store = terra_workspace_get_store (workspace);
  g_autoptr(GPtrArray) before = NULL;
  gsize vcard_length;
  char *huge;
  BadInput inputs[] = {
    { "vCard", read_data ("not-a-calendar.ics", &vcard_length), 0, TERRA_ICALENDAR_ERROR_INVALID },
    { "garbage", g_strdup ("Dear owner,\nplease find our calendar attached.\n"), 0, TERRA_ICALENDAR_ERROR_INVALID },
    { "empty", g_strdup (""), 0, TERRA_ICALENDAR_ERROR_INVALID },
    { "blank", g_strdup ("\xef\xbb\xbf \r\n\r\n"), 0, TERRA_ICALENDAR_ERROR_INVALID },
    { "Latin-1",
      g_strdup ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:x\r\nSUMMARY:R\xe9union\r\n"
                "DTSTART:20260330T080000Z\r\nDTEND:20260330T090000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"),
      0, TERRA_ICALENDAR_ERROR_INVALID },
    { "unterminated", g_strdup ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:x\r\n"), 0,
      TERRA_ICALENDAR_ERROR_INVALID },
    { "no events",
      g_strdup ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Example//Tasks//EN\r\nBEGIN:VTODO\r\n"
                "UID:t\r\nSUMMARY:Send the invoices\r\nEND:VTODO\r\nEND:VCALENDAR\r\n"),
      0, TERRA_ICALENDAR_ERROR_EMPTY },
    { "11 MiB", NULL, 11 * 1024 * 1024, TERRA_ICALENDAR_ERROR_INVALID },
    { "NUL byte", NULL, 0, TERRA_ICALENDAR_ERROR_INVALID },
  };

  inputs[0].length = vcard_length;
  for (guint i = 1; i < G_N_ELEMENTS (inputs) - 2; i++)
    inputs[i].length = strlen (inputs[i].text);

  /* A real calendar, padded with blank lines to 11 MiB. */
  {
    gsize valid_length;
    g_autofree char *valid = read_data ("busy-recurring.ics", &valid_length);

    huge = g_malloc (inputs[7].length);
    memset (huge, '\n', inputs[7].length);
    memcpy (huge, valid, valid_length - strlen ("END:VCALENDAR\r\n"));
    memcpy (huge + inputs[7].length - strlen ("END:VCALENDAR\r\n"), "END:VCALENDAR\r\n", strlen ("END:VCALENDAR\r\n"));
    inputs[7].text = huge;

    /* The same calendar with a NUL in the middle. */
    inputs[8].text = g_memdup2 (valid, valid_length);
    inputs[8].length = valid_length;
    inputs[8].text[valid_length / 2] = '\0';
  }

  set_time_zone (store, "Europe/Berlin");
  import_file (store, SOURCE, G_N_ELEMENTS (recurring_expected));
  before = terra_store_list_busy_times (store, utc (2000, 1, 1, 0, 0), utc (2100, 1, 1, 0, 0), NULL);

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_autoptr(GPtrArray) after = NULL;
      g_autoptr(GPtrArray) parsed = NULL;
      g_autoptr(GError) error = NULL;
      guint n_imported = 12345;

      g_test_message ("input: %s", inputs[i].name);
      g_assert_false (terra_icalendar_import_busy_times (store, inputs[i].text, inputs[i].length, SOURCE,
                                                         import_now (), &n_imported, &error));
      g_assert_error (error, TERRA_ICALENDAR_ERROR, inputs[i].code);
      g_assert_nonnull (error->message);
      g_assert_cmpuint (n_imported, ==, 12345);
      g_clear_error (&error);

      parsed = terra_icalendar_parse_busy_times (inputs[i].text, inputs[i].length, SOURCE,
                                                 utc (2026, 1, 1, 0, 0), utc (2027, 1, 1, 0, 0), &error);
      g_assert_error (error, TERRA_ICALENDAR_ERROR, inputs[i].code);
      g_assert_null (parsed);

      /* Nothing changed. */
      after = terra_store_list_busy_times (store, utc (2000, 1, 1, 0, 0), utc (2100, 1, 1, 0, 0), NULL);
      g_assert_cmpuint (after->len, ==, before->len);
      for (guint j = 0; j < after->len; j++)
        g_assert_cmpint (((TerraBusyTime *)g_ptr_array_index (after, j))->start_utc, ==,
                         ((TerraBusyTime *)g_ptr_array_index (before, j))->start_utc);

      g_free (inputs[i].text);
    }
}

int
main (int   argc,
      char *argv[])
{
  /* Before anything reads the zone: see the top of this file. */
  g_setenv ("TZ", "Europe/Berlin", TRUE);

  g_test_init (&argc, &argv, NULL);

#define ADD_EXPORT(path, func) \
  g_test_add (path, ExportFixture, NULL, export_set_up, func, export_tear_down)
  ADD_EXPORT ("/icalendar/export/round-trip", test_export_round_trip);
  ADD_EXPORT ("/icalendar/export/lines", test_export_lines);
  ADD_EXPORT ("/icalendar/export/empty-range", test_export_empty_range);
  ADD_EXPORT ("/icalendar/export/then-import", test_export_then_import);
#undef ADD_EXPORT
  g_test_add_func ("/icalendar/parse/recurring", test_parse_recurring);
  g_test_add_func ("/icalendar/parse/window", test_parse_window);
  g_test_add_func ("/icalendar/parse/long-series", test_parse_long_series);
  g_test_add_func ("/icalendar/parse/hostile-rules", test_parse_hostile_rules);
  g_test_add_func ("/icalendar/parse/too-complex", test_parse_too_complex);
  g_test_add_func ("/icalendar/import/replaces", test_import_replaces);
  g_test_add_func ("/icalendar/import/business-days", test_import_business_days);
  g_test_add_func ("/icalendar/import/blocks-slots", test_import_blocks_slots);
  g_test_add_func ("/icalendar/import/refuses", test_import_refuses);

  return g_test_run ();
}
