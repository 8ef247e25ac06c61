/* test-csv.c — CSV that survives a round trip: commas, quotes, line
 * breaks and non-Latin scripts, in the writer, the reader and the export
 * of a period
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "terra-csv.h"
#include "terra-test-utils.h"

static const char *const tricky[] = {
  "plain",
  "a, comma",
  "a \"quoted\" word",
  "two\r\nlines",
  "line\nfeed",
  " edge spaces ",
  "",
  "مرحبا، كيف حالك؟",
  "你好，世界",
  "Привет \"мир\"",
  "emoji 🎉,\"",
};

static void
test_round_trip (void)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) error = NULL;
  const char *const second[] = { "x", "", "y" };

  terra_csv_append_row (out, tricky, G_N_ELEMENTS (tricky));
  terra_csv_append_row (out, second, G_N_ELEMENTS (second));

  /* RFC 4180: CRLF ends a record, quotes are doubled inside quotes. */
  g_assert_true (g_str_has_suffix (out->str, "x,,y\r\n"));
  g_assert_nonnull (strstr (out->str, "\"a \"\"quoted\"\" word\""));
  g_assert_true (g_str_has_prefix (out->str, "plain,\"a, comma\","));

  records = terra_csv_parse (out->str, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, 2);
  g_assert_cmpuint (g_strv_length (records->pdata[0]), ==, G_N_ELEMENTS (tricky));
  for (guint i = 0; i < G_N_ELEMENTS (tricky); i++)
    g_assert_cmpstr (((char **)records->pdata[0])[i], ==, tricky[i]);
  g_assert_cmpuint (g_strv_length (records->pdata[1]), ==, 3);
  g_assert_cmpstr (((char **)records->pdata[1])[1], ==, "");
  g_assert_cmpstr (((char **)records->pdata[1])[2], ==, "y");
}

static void
test_malformed (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) records = NULL;

  records = terra_csv_parse ("a,\"never closed\r\n", &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_null (records);
  g_clear_error (&error);

  records = terra_csv_parse ("\"closed\"then text\r\n", &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_null (records);
}

static gint64
insert (TerraStore *store,
        gpointer    entity)
{
  g_autoptr(GError) error = NULL;
  gint64 id = 0;

  g_assert_true (terra_store_insert (store, entity, &error));
  g_assert_no_error (error);
  g_object_get (entity, "id", &id, NULL);
  g_object_unref (entity);
  return id;
}

static char **
read_csv (GFile      *directory,
          const char *name,
          guint      *n_records,
          GPtrArray **out_records)
{
  g_autoptr(GFile) file = g_file_get_child (directory, name);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *records;

  g_assert_true (g_file_load_contents (file, NULL, &contents, NULL, NULL, &error));
  g_assert_no_error (error);
  /* UTF-8 with a byte order mark, for spreadsheets. */
  g_assert_true (g_str_has_prefix (contents, "\xEF\xBB\xBF"));
  g_assert_true (g_utf8_validate (contents, -1, NULL));
  records = terra_csv_parse (contents, &error);
  g_assert_no_error (error);
  *n_records = records->len;
  *out_records = records;
  return records->len > 1 ? records->pdata[1] : NULL;
}

/* The export of a period holds its conversation, lead and booking, with
 * every awkward character intact, and nothing from outside the period. */
static void
test_export (void)
{
  g_autoptr(TerraTestWorkspace) workspace = terra_test_workspace_new ();
  TerraStore *store = terra_workspace_get_store (workspace);
  g_autofree char *path = terra_test_make_directory ();
  g_autoptr(GFile) directory = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) conversations = NULL;
  g_autoptr(GPtrArray) leads = NULL;
  g_autoptr(GPtrArray) bookings = NULL;
  const char *phones[] = { "+44 20 7946 0958", NULL };
  const char *name = "Zoë \"Z\" Ünal, 张伟";
  const char *summary = "Wants a quote, \"fast\".\nCall back after 5, مساء";
  gint64 day = G_GINT64_CONSTANT (1774000000) * G_USEC_PER_SEC;
  gint64 contact, conversation;
  guint n;
  char **row;

  contact = insert (store, g_object_new (TERRA_TYPE_CONTACT, "name", name, "phones", phones,
                                         "temperature", TERRA_TEMPERATURE_HOT, NULL));
  conversation = insert (store, g_object_new (TERRA_TYPE_CONVERSATION, "contact-id", contact,
                                              "channel", TERRA_CHANNEL_WHATSAPP, "summary", summary,
                                              "created-at", day, "updated-at", day, "last-activity-at", day,
                                              "first-reply-at", day + 90 * G_USEC_PER_SEC, NULL));
  insert (store, g_object_new (TERRA_TYPE_BOOKING, "contact-id", contact, "conversation-id", conversation,
                               "title", "Visit, \"flat 3\"", "start-utc", day + G_TIME_SPAN_DAY,
                               "end-utc", day + G_TIME_SPAN_DAY + G_TIME_SPAN_HOUR, "timezone", "Europe/London",
                               "source", TERRA_BOOKING_SOURCE_ASSISTANT, "notes", "Line one\r\nline two",
                               "created-at", day + G_TIME_SPAN_HOUR, NULL));
  /* Outside the period: a day later. */
  insert (store, g_object_new (TERRA_TYPE_CONVERSATION, "contact-id", contact, "channel", TERRA_CHANNEL_SMS,
                               "created-at", day + 2 * G_TIME_SPAN_DAY, "updated-at", day + 2 * G_TIME_SPAN_DAY,
                               "last-activity-at", day + 2 * G_TIME_SPAN_DAY, NULL));

  g_assert_true (terra_csv_export_period (store, day - G_TIME_SPAN_HOUR, day + G_TIME_SPAN_DAY, NULL,
                                          directory, "terra-", NULL, NULL, NULL, &error));
  g_assert_no_error (error);

  row = read_csv (directory, "terra-conversations.csv", &n, &conversations);
  g_assert_cmpuint (n, ==, 2);
  g_assert_cmpstr (((char **)conversations->pdata[0])[0], ==, "id");
  g_assert_cmpstr (row[1], ==, "whatsapp");
  g_assert_cmpstr (row[3], ==, name);
  g_assert_cmpstr (row[6], ==, "90");
  g_assert_cmpstr (row[10], ==, summary);

  row = read_csv (directory, "terra-leads.csv", &n, &leads);
  g_assert_cmpuint (n, ==, 2);
  g_assert_cmpstr (row[1], ==, name);
  g_assert_cmpstr (row[2], ==, "+44 20 7946 0958");
  g_assert_cmpstr (row[5], ==, "hot");

  row = read_csv (directory, "terra-bookings.csv", &n, &bookings);
  g_assert_cmpuint (n, ==, 2);
  g_assert_cmpstr (row[2], ==, "Visit, \"flat 3\"");
  g_assert_cmpstr (row[9], ==, "Line one\r\nline two");
  g_assert_cmpstr (row[6], ==, "confirmed");

  /* Another channel: the headers alone. */
  g_clear_pointer (&conversations, g_ptr_array_unref);
  g_clear_pointer (&bookings, g_ptr_array_unref);
  g_assert_true (terra_csv_export_period (store, day - G_TIME_SPAN_HOUR, day + G_TIME_SPAN_DAY, "sms",
                                          directory, "sms-", NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  read_csv (directory, "sms-conversations.csv", &n, &conversations);
  g_assert_cmpuint (n, ==, 1);
  read_csv (directory, "sms-bookings.csv", &n, &bookings);
  g_assert_cmpuint (n, ==, 1);

  terra_test_remove_directory (path);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/csv/round-trip", test_round_trip);
  g_test_add_func ("/csv/malformed", test_malformed);
  g_test_add_func ("/csv/export", test_export);

  return g_test_run ();
}
