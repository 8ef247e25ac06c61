/* test-store.c — opening workspaces, migrations, refusals, transactions
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "terra-setting-keys.h"
#include "terra-test-utils.h"

/* Reads the bytes of a file, to prove a refused file was left untouched. */
static GBytes *
read_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (contents, length);
}

static int
pragma_int (const char *path,
            const char *pragma)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  g_autofree char *sql = g_strdup_printf ("PRAGMA %s", pragma);
  int value;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return value;
}

static void
test_new_workspace (void)
{
  g_autoptr(TerraTestWorkspace) workspace = terra_test_workspace_new ();
  TerraStore *store = terra_workspace_get_store (workspace);
  g_autoptr(GError) error = NULL;
  g_autofree char *journal = NULL;

  g_assert_true (g_file_test (terra_workspace_get_database_path (workspace), G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_test (terra_workspace_get_attachments_directory (workspace), G_FILE_TEST_IS_DIR));
  g_assert_cmpint (terra_store_get_schema_version (store), ==, TERRA_STORE_SCHEMA_VERSION);
  g_assert_true (terra_store_is_empty (store, &error));
  g_assert_no_error (error);

  /* The workspace has a stable id that names its secrets. */
  g_assert_true (g_uuid_string_is_valid (terra_workspace_get_id (workspace)));
  g_assert_false (terra_workspace_is_demo (workspace));
}

static void
test_reopen_keeps_data (void)
{
  g_autofree char *directory = terra_test_make_directory ();
  g_autoptr(GError) error = NULL;
  g_autofree char *first_id = NULL;
  gint64 contact_id;

  {
    g_autoptr(TerraWorkspace) workspace = terra_workspace_open (directory, &error);
    g_autoptr(TerraContact) contact = terra_contact_new ();

    g_assert_no_error (error);
    terra_contact_set_name (contact, "Asha Rao");
    g_assert_true (terra_store_insert (terra_workspace_get_store (workspace), contact, &error));
    g_assert_no_error (error);
    contact_id = terra_contact_get_id (contact);
    first_id = g_strdup (terra_workspace_get_id (workspace));
  }

  {
    g_autofree char *path = g_build_filename (directory, "terra.db", NULL);

    g_assert_cmpint (pragma_int (path, "user_version"), ==, TERRA_STORE_SCHEMA_VERSION);
  }

  {
    g_autoptr(TerraWorkspace) workspace = terra_workspace_open (directory, &error);
    g_autoptr(TerraContact) contact = NULL;

    g_assert_no_error (error);
    g_assert_cmpstr (terra_workspace_get_id (workspace), ==, first_id);
    contact = terra_store_get (terra_workspace_get_store (workspace), TERRA_TYPE_CONTACT, contact_id, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (terra_contact_get_name (contact), ==, "Asha Rao");
  }

  terra_test_remove_directory (directory);
}

static void
test_wal_and_foreign_keys (void)
{
  g_autoptr(TerraTestWorkspace) workspace = terra_test_workspace_new ();
  g_autoptr(TerraMessage) orphan = terra_message_new ();
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (pragma_int (terra_workspace_get_database_path (workspace), "application_id"), ==,
                   1413829185);

  /* Foreign keys are enforced: a message needs its conversation. */
  terra_message_set_conversation_id (orphan, 4242);
  terra_message_set_body (orphan, "hello");
  g_assert_false (terra_store_insert (terra_workspace_get_store (workspace), orphan, &error));
  g_assert_error (error, TERRA_STORE_ERROR, TERRA_STORE_ERROR_INVALID);
}

static void
test_refuses_newer_schema (void)
{
  g_autofree char *directory = terra_test_make_directory ();
  g_autofree char *path = g_build_filename (directory, "terra.db", NULL);
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TerraWorkspace) workspace = NULL;
  sqlite3 *db = NULL;

  /* A Terra workspace from the future: our id, a higher version. */
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db,
                                 "PRAGMA application_id = 1413829185;"
                                 "PRAGMA user_version = 99;"
                                 "CREATE TABLE future (x);",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  before = read_file (path);

  workspace = terra_workspace_open (directory, &error);
  g_assert_null (workspace);
  g_assert_error (error, TERRA_STORE_ERROR, TERRA_STORE_ERROR_NEWER_SCHEMA);
  g_assert_nonnull (strstr (error->message, "newer version of Terra"));

  after = read_file (path);
  g_assert_true (g_bytes_equal (before, after));
  {
    g_autofree char *wal = g_build_filename (directory, "terra.db-wal", NULL);

    g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
  }

  terra_test_remove_directory (directory);
}

static void
test_refuses_garbage (void)
{
  g_autofree char *directory = terra_test_make_directory ();
  g_autofree char *path = g_build_filename (directory, "terra.db", NULL);
  g_autoptr(GBytes) after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TerraWorkspace) workspace = NULL;
  g_autofree char *garbage = g_malloc (8192);

  for (guint i = 0; i < 8192; i++)
    garbage[i] = (char)(i * 31 + 7);
  g_assert_true (g_file_set_contents (path, garbage, 8192, NULL));

  workspace = terra_workspace_open (directory, &error);
  g_assert_null (workspace);
  g_assert_error (error, TERRA_STORE_ERROR, TERRA_STORE_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, path));

  after = read_file (path);
  g_assert_cmpmem (g_bytes_get_data (after, NULL), g_bytes_get_size (after), garbage, 8192);

  terra_test_remove_directory (directory);
}

static void
test_refuses_other_program_database (void)
{
  g_autofree char *directory = terra_test_make_directory ();
  g_autofree char *path = g_build_filename (directory, "terra.db", NULL);
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TerraWorkspace) workspace = NULL;
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL);",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  before = read_file (path);

  workspace = terra_workspace_open (directory, &error);
  g_assert_null (workspace);
  g_assert_error (error, TERRA_STORE_ERROR, TERRA_STORE_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, "another program"));

  after = read_file (path);
  g_assert_true (g_bytes_equal (before, after));

  terra_test_remove_directory (directory);
}

static void
test_refuses_file_as_directory (void)
{
  g_autofree char *directory = terra_test_make_directory ();
  g_autofree char *file = g_build_filename (directory, "not-a-folder", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(TerraWorkspace) workspace = NULL;

  g_assert_true (g_file_set_contents (file, "x", 1, NULL));
  workspace = terra_workspace_open (file, &error);
  g_assert_null (workspace);
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "not-a-folder"));

  terra_test_remove_directory (directory);
}

static TerraConversation *
insert_conversation (TerraStore   *store,
                     TerraChannel  channel)
{
  g_autoptr(TerraContact) contact = terra_contact_new ();
  g_autoptr(TerraConversation) conversation = terra_conversation_new ();
  g_autoptr(GError) error = NULL;

  terra_contact_set_name (contact, "Lead");
  g_assert_true (terra_store_insert (store, contact, &error));
  g_assert_no_error (error);

  terra_conversation_set_contact_id (conversation, terra_contact_get_id (contact));
  terra_conversation_set_channel (conversation, channel);
  g_assert_true (terra_store_insert (store, conversation, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&conversation);
}

static gboolean
insert_message (TerraStore    *store,
                gint64         conversation_id,
                TerraChannel   channel,
                const char    *external_id,
                GError       **error)
{
  g_autoptr(TerraMessage) message = terra_message_new ();

  terra_message_set_conversation_id (message, conversation_id);
  terra_message_set_channel (message, channel);
  terra_message_set_direction (message, TERRA_DIRECTION_INBOUND);
  terra_message_set_author (message, TERRA_AUTHOR_LEAD);
  terra_message_set_body (message, "Is the 3BHK in Whitefield still available?");
  terra_message_set_external_id (message, external_id);
  return terra_store_insert (store, message, error);
}

static gint64
count_messages (TerraStore *store)
{
  g_autoptr(TerraQuery) query = terra_query_new (TERRA_TYPE_MESSAGE);

  return terra_store_count (store, query, NULL);
}

static void
test_duplicate_external_ids (void)
{
  g_autoptr(TerraTestWorkspace) workspace = terra_test_workspace_new ();
  TerraStore *store = terra_workspace_get_store (workspace);
  g_autoptr(TerraConversation) whatsapp = insert_conversation (store, TERRA_CHANNEL_WHATSAPP);
  g_autoptr(TerraConversation) sms = insert_conversation (store, TERRA_CHANNEL_SMS);
  g_autoptr(GError) error = NULL;
  gint64 id = terra_conversation_get_id (whatsapp);

  g_assert_true (insert_message (store, id, TERRA_CHANNEL_WHATSAPP, "wamid.1", &error));
  g_assert_no_error (error);

  /* A provider retrying the same delivery is refused as a conflict… */
  g_assert_false (insert_message (store, id, TERRA_CHANNEL_WHATSAPP, "wamid.1", &error));
  g_assert_error (error, TERRA_STORE_ERROR, TERRA_STORE_ERROR_CONFLICT);
  g_clear_error (&error);
  g_assert_cmpint (count_messages (store), ==, 1);

  /* …but ids are per channel, and messages without one never clash. */
  g_assert_true (insert_message (store, terra_conversation_get_id (sms), TERRA_CHANNEL_SMS, "wamid.1", &error));
  g_assert_no_error (error);
  g_assert_true (insert_message (store, id, TERRA_CHANNEL_WHATSAPP, NULL, &error));
  g_assert_true (insert_message (store, id, TERRA_CHANNEL_WHATSAPP, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_messages (store), ==, 4);
}

static void
test_failed_transaction_leaves_nothing (void)
{
  g_autoptr(TerraTestWorkspace) workspace = terra_test_workspace_new ();
  TerraStore *store = terra_workspace_get_store (workspace);
  g_autoptr(TerraConversation) conversation = insert_conversation (store, TERRA_CHANNEL_WEBCHAT);
  gint64 id = terra_conversation_get_id (conversation);
  g_autoptr(GError) error = NULL;
  g_autoptr(TerraQuery) contacts = terra_query_new (TERRA_TYPE_CONTACT);

  /* An ingest that stores two messages and a new contact, then fails on a
   * duplicate: none of it may remain. */
  g_assert_true (insert_message (store, id, TERRA_CHANNEL_WEBCHAT, "a", &error));
  g_assert_true (terra_store_begin (store, &error));
  g_assert_true (insert_message (store, id, TERRA_CHANNEL_WEBCHAT, "b", &error));
  g_assert_true (insert_message (store, id, TERRA_CHANNEL_WEBCHAT, "c", &error));
  {
    g_autoptr(TerraContact) contact = terra_contact_new ();
    g_assert_true (terra_store_insert (store, contact, &error));
  }
  g_assert_no_error (error);
  g_assert_false (insert_message (store, id, TERRA_CHANNEL_WEBCHAT, "a", &error));
  g_assert_error (error, TERRA_STORE_ERROR, TERRA_STORE_ERROR_CONFLICT);
  terra_store_rollback (store);

  g_assert_cmpint (count_messages (store), ==, 1);
  g_assert_cmpint (terra_store_count (store, contacts, NULL), ==, 1);
  g_assert_false (terra_store_in_transaction (store));
}

static gint64
count_matching (TerraStore *store,
                const char *text)
{
  g_autoptr(TerraQuery) query = terra_query_new (TERRA_TYPE_CONVERSATION);

  terra_query_where_search (query, text);
  return terra_store_count (store, query, NULL);
}

static void
test_message_search_follows_edits (void)
{
  g_autoptr(TerraTestWorkspace) workspace = terra_test_workspace_new ();
  TerraStore *store = terra_workspace_get_store (workspace);
  g_autoptr(TerraConversation) conversation = insert_conversation (store, TERRA_CHANNEL_SMS);
  g_autoptr(TerraQuery) messages = terra_query_new (TERRA_TYPE_MESSAGE);
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  TerraMessage *message;

  g_assert_true (insert_message (store, terra_conversation_get_id (conversation), TERRA_CHANNEL_SMS, "s1", &error));
  g_assert_cmpint (count_matching (store, "whitefield"), ==, 1);

  rows = terra_store_list (store, messages, &error);
  message = rows->pdata[0];

  /* Marking it processed leaves the index as it was… */
  terra_message_set_processed_at (message, g_get_real_time ());
  g_assert_true (terra_store_update (store, message, &error));
  g_assert_cmpint (count_matching (store, "whitefield"), ==, 1);

  /* …and new text replaces the old words in it. */
  terra_message_set_body (message, "Any 2BHK in Koramangala?");
  g_assert_true (terra_store_update (store, message, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_matching (store, "whitefield"), ==, 0);
  g_assert_cmpint (count_matching (store, "koramangala"), ==, 1);
}

static void
test_set_setting_from_command_line (void)
{
  g_autoptr(TerraTestWorkspace) workspace = terra_test_workspace_new ();
  TerraStore *store = terra_workspace_get_store (workspace);
  const char *bad[] = {
    "provider.kind=skynet",            /* not a choice */
    "provider.base_url=ftp://example", /* not http(s) */
    "business.timezone=Mars/Olympus",  /* unknown zone */
    "assistant.enabled=yes",           /* not a boolean */
    "workspace.id=mine",               /* internal */
    "no.such.key=1",
    "=value",
    "provider.model",
  };
  char *key = NULL;
  JsonNode *value = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_assert_false (terra_setting_keys_parse_assignment (bad[i], &key, &value, &error));
      g_assert_error (error, TERRA_STORE_ERROR, TERRA_STORE_ERROR_INVALID);
      g_clear_error (&error);
    }

  g_assert_true (terra_setting_keys_parse_assignment ("provider.base_url=http://127.0.0.1:11434/v1=x",
                                                      &key, &value, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (key, ==, "provider.base_url");
  g_assert_cmpstr (json_node_get_string (value), ==, "http://127.0.0.1:11434/v1=x");
  g_assert_true (terra_store_set_setting (store, key, value, &error));
  g_assert_no_error (error);
  g_clear_pointer (&key, g_free);
  g_clear_pointer (&value, json_node_unref);

  {
    g_autofree char *url = terra_store_get_setting_string (store, "provider.base_url");
    g_autofree char *kind = terra_store_get_setting_string (store, "provider.kind");

    g_assert_cmpstr (url, ==, "http://127.0.0.1:11434/v1=x");
    g_assert_cmpstr (kind, ==, "builtin");
  }

  g_assert_true (terra_setting_keys_parse_assignment ("business.timezone=Asia/Kolkata", &key, &value, &error));
  g_assert_no_error (error);
  g_free (key);
  json_node_unref (value);
}

static void
test_dashboard_counts (void)
{
  g_autoptr(TerraTestWorkspace) workspace = terra_test_workspace_new ();
  TerraStore *store = terra_workspace_get_store (workspace);
  g_autoptr(JsonNode) zone = json_node_init_string (json_node_alloc (), "Asia/Kolkata");
  g_autoptr(GError) error = NULL;
  TerraDashboardCounts counts;
  /* 2026-03-10 10:00 in Kolkata (UTC+5:30) */
  gint64 now = (gint64)1773117000 * G_USEC_PER_SEC;
  gint64 kolkata_midnight = now - (10 * 3600) * (gint64)G_USEC_PER_SEC;

  g_assert_true (terra_store_set_setting (store, "business.timezone", zone, &error));

  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(TerraConversation) conversation = insert_conversation (store, TERRA_CHANNEL_SMS);

      /* one just after local midnight, one just before, one an hour ago */
      terra_conversation_set_last_activity_at (conversation,
                                               i == 0 ? kolkata_midnight + 1 :
                                               i == 1 ? kolkata_midnight - 1 : now - (gint64)3600 * G_USEC_PER_SEC);
      if (i == 1)
        terra_conversation_set_status (conversation, TERRA_CONVERSATION_STATUS_HANDED_OFF);
      g_assert_true (terra_store_update (store, conversation, &error));
      g_assert_no_error (error);
    }

  g_assert_true (terra_store_get_dashboard_counts (store, now, &counts, &error));
  g_assert_no_error (error);
  g_assert_cmpint (counts.conversations_today, ==, 2);
  g_assert_cmpint (counts.open_handoffs, ==, 1);
  g_assert_cmpint (counts.leads_qualified, ==, 0);
  g_assert_cmpint (counts.meetings_upcoming, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/store/new-workspace", test_new_workspace);
  g_test_add_func ("/store/reopen-keeps-data", test_reopen_keeps_data);
  g_test_add_func ("/store/wal-and-foreign-keys", test_wal_and_foreign_keys);
  g_test_add_func ("/store/refuses-newer-schema", test_refuses_newer_schema);
  g_test_add_func ("/store/refuses-garbage", test_refuses_garbage);
  g_test_add_func ("/store/refuses-other-program-database", test_refuses_other_program_database);
  g_test_add_func ("/store/refuses-file-as-directory", test_refuses_file_as_directory);
  g_test_add_func ("/store/duplicate-external-ids", test_duplicate_external_ids);
  g_test_add_func ("/store/failed-transaction-leaves-nothing", test_failed_transaction_leaves_nothing);
  g_test_add_func ("/store/message-search-follows-edits", test_message_search_follows_edits);
  g_test_add_func ("/store/settings-from-command-line", test_set_setting_from_command_line);
  g_test_add_func ("/store/dashboard-counts", test_dashboard_counts);

  return g_test_run ();
}
