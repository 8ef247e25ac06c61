/* test-demo.c — the demo business a new user sees with `terra --demo`
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Checks what a user would notice: a living Dashboard, every channel and
 * kind of lead, coherent conversations, a calendar without clashes, and
 * that the demo never touches a workspace that holds real data.
 */

#include "config.h"

#include <string.h>

#include "terra-demo.h"
#include "terra-test-utils.h"

static gint64
count (TerraStore *store,
       TerraQuery *query)
{
  g_autoptr(GError) error = NULL;
  gint64 n = terra_store_count (store, query, &error);

  g_assert_no_error (error);
  return n;
}

static gint64
count_all (TerraStore *store,
           GType       type)
{
  g_autoptr(TerraQuery) query = terra_query_new (type);

  return count (store, query);
}

static GPtrArray *
list_all (TerraStore *store,
          TerraQuery *query)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *all;

  terra_query_set_range (query, 0, 100000);
  all = terra_store_list (store, query, &error);
  g_assert_no_error (error);
  g_assert_nonnull (all);
  return all;
}

static void
populate (TerraStore *store,
          gint64      now)
{
  g_autoptr(GError) error = NULL;
  gint64 started = g_get_monotonic_time ();

  g_assert_true (terra_demo_populate (store, now, &error));
  g_assert_no_error (error);
  g_test_message ("terra_demo_populate took %.0f ms",
                  (g_get_monotonic_time () - started) / 1000.0);
}

static void
check_channels_and_temperatures (TerraStore *store)
{
  GEnumClass *channels = g_type_class_ref (TERRA_TYPE_CHANNEL);
  GEnumClass *temperatures = g_type_class_ref (TERRA_TYPE_TEMPERATURE);

  for (guint i = 0; i < channels->n_values; i++)
    {
      g_autoptr(TerraQuery) query = terra_query_new (TERRA_TYPE_CONVERSATION);
      gint64 n;

      terra_query_where_enum (query, "channel", TERRA_TYPE_CHANNEL, channels->values[i].value);
      n = count (store, query);
      g_test_message ("%s: %" G_GINT64_FORMAT " conversations", channels->values[i].value_nick, n);
      g_assert_cmpint (n, >, 0);
    }

  for (guint i = 0; i < temperatures->n_values; i++)
    {
      g_autoptr(TerraQuery) query = terra_query_new (TERRA_TYPE_CONTACT);
      gint64 n;

      terra_query_where_enum (query, "temperature", TERRA_TYPE_TEMPERATURE, temperatures->values[i].value);
      n = count (store, query);
      g_test_message ("%s: %" G_GINT64_FORMAT " leads", temperatures->values[i].value_nick, n);
      g_assert_cmpint (n, >, 0);
    }

  g_type_class_unref (channels);
  g_type_class_unref (temperatures);
}

/* The list row shows the start of the last message, on one line. */
static void
check_preview (const char *preview,
               const char *body)
{
  g_autofree char *flat = g_strdelimit (g_strdup (body), "\n", ' ');
  g_autofree char *start = g_str_has_suffix (preview, "…")
                             ? g_strndup (preview, strlen (preview) - strlen ("…"))
                             : g_strdup (preview);

  g_assert_cmpuint (g_utf8_strlen (preview, -1), <=, 80);
  g_assert_cmpuint (strlen (start), >, 0);
  g_assert_true (g_str_has_prefix (flat, start));
}

/* Every conversation reads as a real exchange, its list row matches its
 * last message, and nothing happens after now. */
static void
check_conversations (TerraStore *store,
                     gint64      now)
{
  g_autoptr(TerraQuery) query = terra_query_new (TERRA_TYPE_CONVERSATION);
  g_autoptr(GPtrArray) conversations = list_all (store, query);
  guint n_messages = 0;

  for (guint i = 0; i < conversations->len; i++)
    {
      TerraConversation *conversation = g_ptr_array_index (conversations, i);
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) messages = terra_store_list_messages (store, terra_conversation_get_id (conversation), &error);
      TerraMessage *last;
      gint64 previous = 0;
      gboolean replied = FALSE;

      g_assert_no_error (error);
      g_assert_cmpuint (messages->len, >=, 2);
      g_assert_cmpuint (messages->len, <=, 12);
      n_messages += messages->len;

      for (guint j = 0; j < messages->len; j++)
        {
          TerraMessage *message = g_ptr_array_index (messages, j);

          g_assert_cmpint (terra_message_get_created_at (message), >, previous);
          g_assert_cmpint (terra_message_get_created_at (message), <=, now);
          g_assert_cmpint (terra_message_get_processed_at (message), <=, now);
          previous = terra_message_get_created_at (message);

          if (terra_message_get_author (message) == TERRA_AUTHOR_LEAD)
            {
              g_autoptr(TerraAnalysis) analysis =
                terra_store_get_analysis_for_message (store, terra_message_get_id (message), &error);

              g_assert_no_error (error);
              g_assert_nonnull (analysis);
              g_assert_cmpint (terra_message_get_processed_at (message), >=, terra_message_get_created_at (message));
              g_assert_cmpint (terra_analysis_get_created_at (analysis), <=, now);
            }
          else if (!replied && terra_message_get_author (message) == TERRA_AUTHOR_ASSISTANT)
            {
              g_assert_cmpint (terra_conversation_get_first_reply_at (conversation), ==,
                               terra_message_get_created_at (message));
              replied = TRUE;
            }
        }

      last = g_ptr_array_index (messages, messages->len - 1);
      g_assert_cmpint (terra_conversation_get_last_activity_at (conversation), ==,
                       terra_message_get_created_at (last));
      check_preview (terra_conversation_get_last_message_preview (conversation), terra_message_get_body (last));
      g_assert_cmpint (terra_conversation_get_created_at (conversation), >=, now - 30 * G_TIME_SPAN_DAY);
      g_assert_cmpint (terra_conversation_get_updated_at (conversation), <=, now);
      g_assert_cmpstr (terra_conversation_get_contact_name (conversation), !=, "");
      if (terra_conversation_get_status (conversation) == TERRA_CONVERSATION_STATUS_HANDED_OFF)
        {
          g_assert_cmpint (terra_conversation_get_responder (conversation), ==, TERRA_RESPONDER_HUMAN);
          g_assert_cmpstr (terra_conversation_get_handoff_reason (conversation), !=, "");
        }
    }

  g_test_message ("%u conversations, %u messages", conversations->len, n_messages);
}

static void
check_contacts (TerraStore *store,
                gint64      now)
{
  g_autoptr(TerraQuery) query = terra_query_new (TERRA_TYPE_CONTACT);
  g_autoptr(GPtrArray) contacts = list_all (store, query);
  guint opted_out = 0;

  for (guint i = 0; i < contacts->len; i++)
    {
      TerraContact *contact = g_ptr_array_index (contacts, i);
      int score = terra_contact_get_score (contact);
      TerraTemperature expected = score >= 70 ? TERRA_TEMPERATURE_HOT
                                : score >= 40 ? TERRA_TEMPERATURE_WARM : TERRA_TEMPERATURE_COLD;

      g_assert_cmpint (terra_contact_get_temperature (contact), ==, expected);
      g_assert_cmpint (terra_contact_get_created_at (contact), <=, now);
      g_assert_cmpint (terra_contact_get_updated_at (contact), <=, now);
      g_assert_cmpint (terra_contact_get_qualified_at (contact), <=, now);
      g_assert_cmpint (terra_contact_get_qualified_at (contact) != 0, ==, score >= 60);
      g_assert_cmpstr (terra_contact_get_score_explanation (contact), !=, "");
      opted_out += terra_contact_get_opted_out (contact);
    }

  g_assert_cmpuint (opted_out, >, 0);
}

/* Confirmed bookings never overlap, and upcoming ones fall in the next
 * two weeks. */
static void
check_bookings (TerraStore *store,
                gint64      now)
{
  g_autoptr(TerraQuery) query = terra_query_new (TERRA_TYPE_BOOKING);
  g_autoptr(GPtrArray) bookings = NULL;
  guint upcoming = 0;

  terra_query_where_enum (query, "status", TERRA_TYPE_BOOKING_STATUS, TERRA_BOOKING_STATUS_CONFIRMED);
  terra_query_order_by (query, "start_utc", FALSE);
  bookings = list_all (store, query);

  for (guint i = 0; i < bookings->len; i++)
    {
      TerraBooking *booking = g_ptr_array_index (bookings, i);

      g_assert_cmpint (terra_booking_get_created_at (booking), <=, now);
      g_assert_cmpint (terra_booking_get_end_utc (booking), >, terra_booking_get_start_utc (booking));
      g_assert_cmpstr (terra_booking_get_timezone (booking), !=, "");
      if (i > 0)
        g_assert_cmpint (terra_booking_get_start_utc (booking), >=,
                         terra_booking_get_end_utc (g_ptr_array_index (bookings, i - 1)));
      if (terra_booking_get_start_utc (booking) >= now)
        {
          g_assert_cmpint (terra_booking_get_start_utc (booking), <, now + 15 * G_TIME_SPAN_DAY);
          upcoming++;
        }
    }

  g_test_message ("%" G_GINT64_FORMAT " bookings, %u upcoming",
                  count_all (store, TERRA_TYPE_BOOKING), upcoming);
  g_assert_cmpint (count_all (store, TERRA_TYPE_BOOKING), >=, 30);
}

static void
test_populate (void)
{
  g_autoptr(TerraTestWorkspace) workspace = terra_test_workspace_new ();
  TerraStore *store = terra_workspace_get_store (workspace);
  gint64 now = g_get_real_time ();
  TerraDashboardCounts counts = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *business = NULL;

  populate (store, now);

  g_assert_cmpint (count_all (store, TERRA_TYPE_CONVERSATION), >=, 200);
  check_channels_and_temperatures (store);
  check_conversations (store, now);
  check_contacts (store, now);
  check_bookings (store, now);

  g_assert_true (terra_store_get_dashboard_counts (store, now, &counts, &error));
  g_assert_no_error (error);
  g_test_message ("today %" G_GINT64_FORMAT ", qualified %" G_GINT64_FORMAT ", upcoming %" G_GINT64_FORMAT
                  ", handoffs %" G_GINT64_FORMAT, counts.conversations_today, counts.leads_qualified,
                  counts.meetings_upcoming, counts.open_handoffs);
  g_assert_cmpint (counts.conversations_today, >, 0);
  g_assert_cmpint (counts.leads_qualified, >, 0);
  g_assert_cmpint (counts.meetings_upcoming, >, 0);
  g_assert_cmpint (counts.open_handoffs, >, 0);

  g_assert_cmpint (count_all (store, TERRA_TYPE_KNOWLEDGE_ITEM), >=, 10);
  g_assert_cmpint (count_all (store, TERRA_TYPE_APPOINTMENT_TYPE), ==, 3);
  g_assert_cmpint (count_all (store, TERRA_TYPE_INSTRUCTION), >=, 4);
  g_assert_cmpint (count_all (store, TERRA_TYPE_TASK), >, 0);
  g_assert_cmpint (count_all (store, TERRA_TYPE_EVENT_RECORD), >, 0);
  g_assert_cmpint (count_all (store, TERRA_TYPE_FEEDBACK), >, 0);
  g_test_message ("%" G_GINT64_FORMAT " tasks, %" G_GINT64_FORMAT " events, %" G_GINT64_FORMAT " feedback",
                  count_all (store, TERRA_TYPE_TASK), count_all (store, TERRA_TYPE_EVENT_RECORD),
                  count_all (store, TERRA_TYPE_FEEDBACK));

  g_assert_true (terra_store_get_setting_boolean (store, "workspace.demo"));
  g_assert_true (terra_workspace_is_demo (workspace));
  business = terra_store_get_setting_string (store, "business.name");
  g_assert_cmpstr (business, ==, "Skyline Realty (demo)");
  {
    g_autoptr(GArray) hours = terra_store_get_opening_hours (store, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (hours->len, ==, 6);
  }
}

/* Running the demo again is refused and changes nothing. */
static void
test_second_populate_refused (void)
{
  g_autoptr(TerraTestWorkspace) workspace = terra_test_workspace_new ();
  TerraStore *store = terra_workspace_get_store (workspace);
  gint64 now = g_get_real_time ();
  g_autoptr(GError) error = NULL;
  gint64 conversations;
  gint64 messages;

  populate (store, now);
  conversations = count_all (store, TERRA_TYPE_CONVERSATION);
  messages = count_all (store, TERRA_TYPE_MESSAGE);

  g_assert_false (terra_demo_populate (store, now + G_TIME_SPAN_HOUR, &error));
  g_assert_error (error, TERRA_STORE_ERROR, TERRA_STORE_ERROR_CONFLICT);
  g_assert_false (terra_store_in_transaction (store));
  g_assert_cmpint (count_all (store, TERRA_TYPE_CONVERSATION), ==, conversations);
  g_assert_cmpint (count_all (store, TERRA_TYPE_MESSAGE), ==, messages);
}

/* A workspace with a single real contact is not the demo's to fill. */
static void
test_refuses_workspace_with_data (void)
{
  g_autoptr(TerraTestWorkspace) workspace = terra_test_workspace_new ();
  TerraStore *store = terra_workspace_get_store (workspace);
  g_autoptr(TerraContact) contact = terra_contact_new ();
  g_autoptr(TerraQuery) query = terra_query_new (TERRA_TYPE_CONTACT);
  g_autoptr(GPtrArray) contacts = NULL;
  g_autoptr(GArray) hours = NULL;
  g_autoptr(GError) error = NULL;

  terra_contact_set_name (contact, "Kavitha Rao");
  g_assert_true (terra_store_insert (store, contact, &error));
  g_assert_no_error (error);

  g_assert_false (terra_demo_populate (store, g_get_real_time (), &error));
  g_assert_error (error, TERRA_STORE_ERROR, TERRA_STORE_ERROR_CONFLICT);
  g_clear_error (&error);

  contacts = list_all (store, query);
  g_assert_cmpuint (contacts->len, ==, 1);
  g_assert_cmpstr (terra_contact_get_name (g_ptr_array_index (contacts, 0)), ==, "Kavitha Rao");
  g_assert_cmpint (count_all (store, TERRA_TYPE_CONVERSATION), ==, 0);
  g_assert_cmpint (count_all (store, TERRA_TYPE_KNOWLEDGE_ITEM), ==, 0);
  g_assert_false (terra_store_get_setting_boolean (store, "workspace.demo"));
  hours = terra_store_get_opening_hours (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hours->len, ==, 0);
}

/* The same now gives the same business, message for message. */
static void
test_deterministic (void)
{
  g_autoptr(TerraTestWorkspace) first = terra_test_workspace_new ();
  g_autoptr(TerraTestWorkspace) second = terra_test_workspace_new ();
  gint64 now = g_get_real_time ();
  TerraWorkspace *workspaces[] = { first, second };
  g_autoptr(GChecksum) first_sum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autoptr(GChecksum) second_sum = g_checksum_new (G_CHECKSUM_SHA256);
  GChecksum *checksums[] = { first_sum, second_sum };

  for (guint w = 0; w < G_N_ELEMENTS (workspaces); w++)
    {
      TerraStore *store = terra_workspace_get_store (workspaces[w]);
      g_autoptr(TerraQuery) query = terra_query_new (TERRA_TYPE_MESSAGE);
      g_autoptr(GPtrArray) messages = NULL;

      populate (store, now);
      terra_query_order_by (query, "id", FALSE);
      messages = list_all (store, query);
      for (guint i = 0; i < messages->len; i++)
        {
          TerraMessage *message = g_ptr_array_index (messages, i);
          g_autofree char *line = g_strdup_printf ("%" G_GINT64_FORMAT " %" G_GINT64_FORMAT " %s\n",
                                                   terra_message_get_conversation_id (message),
                                                   terra_message_get_created_at (message),
                                                   terra_message_get_body (message));

          g_checksum_update (checksums[w], (const guchar *)line, -1);
        }
    }

  g_assert_cmpstr (g_checksum_get_string (checksums[0]), ==, g_checksum_get_string (checksums[1]));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/demo/populate", test_populate);
  g_test_add_func ("/demo/second-populate-refused", test_second_populate_refused);
  g_test_add_func ("/demo/refuses-workspace-with-data", test_refuses_workspace_with_data);
  g_test_add_func ("/demo/deterministic", test_deterministic);

  return g_test_run ();
}
