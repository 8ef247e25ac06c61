/* test-ingest.c — storing inbound messages: contacts, conversations,
 * duplicates, bad input, group commit
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "terra-inbound.h"
#include "terra-test-utils.h"

static gint64
count (TerraStore *store,
       GType       type)
{
  g_autoptr(TerraQuery) query = terra_query_new (type);
  g_autoptr(GError) error = NULL;
  gint64 n = terra_store_count (store, query, &error);

  g_assert_no_error (error);
  return n;
}

static TerraIngestResult
ingest_ok (TerraStore   *store,
           TerraChannel  channel,
           const char   *from,
           const char   *name,
           const char   *text,
           const char   *external_id)
{
  TerraInboundMessage message = { channel, external_id, from, name, text, NULL, 0 };
  TerraIngestResult result = { 0 };
  g_autoptr(GError) error = NULL;

  g_assert_true (terra_store_ingest_message (store, &message, &result, &error));
  g_assert_no_error (error);
  return result;
}

static void
test_first_message_starts_a_conversation (void)
{
  g_autoptr(TerraTestWorkspace) workspace = terra_test_workspace_new ();
  TerraStore *store = terra_workspace_get_store (workspace);
  TerraIngestResult first, second;
  g_autoptr(TerraContact) contact = NULL;
  g_autoptr(TerraConversation) conversation = NULL;
  g_autoptr(GPtrArray) messages = NULL;

  gint64 before = g_get_real_time ();
  gint64 after;

  first = ingest_ok (store, TERRA_CHANNEL_WHATSAPP, "+919800000001", "Asha", "Is the 3BHK available?", "wamid.1");
  second = ingest_ok (store, TERRA_CHANNEL_WHATSAPP, "+919800000001", NULL, "And the price?", "wamid.2");
  after = g_get_real_time ();

  g_assert_false (first.duplicate);
  g_assert_cmpint (first.contact_id, ==, second.contact_id);
  g_assert_cmpint (first.conversation_id, ==, second.conversation_id);
  g_assert_cmpint (first.message_id, <, second.message_id);

  contact = terra_store_get (store, TERRA_TYPE_CONTACT, first.contact_id, NULL);
  g_assert_cmpstr (terra_contact_get_name (contact), ==, "Asha");
  conversation = terra_store_get (store, TERRA_TYPE_CONVERSATION, first.conversation_id, NULL);
  g_assert_cmpint (terra_conversation_get_channel (conversation), ==, TERRA_CHANNEL_WHATSAPP);
  g_assert_cmpint (terra_conversation_get_unread_count (conversation), ==, 2);
  /* Times are µs, like everywhere in the workspace. */
  g_assert_cmpint (terra_conversation_get_last_activity_at (conversation), >=, before);
  g_assert_cmpint (terra_conversation_get_last_activity_at (conversation), <=, after);
  g_assert_cmpint (terra_contact_get_created_at (contact), >=, before);
  g_assert_cmpstr (terra_conversation_get_last_message_preview (conversation), ==, "And the price?");
  messages = terra_store_list_messages (store, first.conversation_id, NULL);
  g_assert_cmpuint (messages->len, ==, 2);
  g_assert_cmpint (terra_message_get_created_at (g_ptr_array_index (messages, 1)), >=, before);
  g_assert_cmpstr (terra_message_get_body (g_ptr_array_index (messages, 0)), ==, "Is the 3BHK available?");

  /* The same number on another channel is another address, so another
   * conversation. */
  second = ingest_ok (store, TERRA_CHANNEL_SMS, "+919800000001", "Asha", "Hi", "SM1");
  g_assert_cmpint (second.conversation_id, !=, first.conversation_id);
}

static void
test_retried_delivery_is_stored_once (void)
{
  g_autoptr(TerraTestWorkspace) workspace = terra_test_workspace_new ();
  TerraStore *store = terra_workspace_get_store (workspace);
  TerraIngestResult first, again;

  first = ingest_ok (store, TERRA_CHANNEL_SMS, "+15550001", NULL, "hello", "SM42");
  again = ingest_ok (store, TERRA_CHANNEL_SMS, "+15550001", NULL, "hello", "SM42");

  g_assert_true (again.duplicate);
  g_assert_cmpint (again.message_id, ==, first.message_id);
  g_assert_cmpint (again.conversation_id, ==, first.conversation_id);
  g_assert_cmpint (count (store, TERRA_TYPE_MESSAGE), ==, 1);
}

static void
test_bad_input_changes_nothing (void)
{
  g_autoptr(TerraTestWorkspace) workspace = terra_test_workspace_new ();
  TerraStore *store = terra_workspace_get_store (workspace);
  g_autofree char *huge = g_strnfill (TERRA_INBOUND_MAX_TEXT + 1, 'a');
  const TerraInboundMessage bad[] = {
    { TERRA_CHANNEL_API, NULL, "", NULL, "no sender", NULL, 0 },
    { TERRA_CHANNEL_API, NULL, "bob", NULL, "broken \xc3\x28 utf-8", NULL, 0 },
    { TERRA_CHANNEL_API, NULL, "bob", "\xff", "bad name", NULL, 0 },
    { TERRA_CHANNEL_API, NULL, "bob", NULL, "", NULL, 0 },
    { TERRA_CHANNEL_API, NULL, "bob", NULL, huge, NULL, 0 },
    { TERRA_CHANNEL_API, "", "bob", NULL, "empty id", NULL, 0 },
    { TERRA_CHANNEL_API, NULL, "bob", NULL, "not an array", "{\"url\": 1}", 0 },
    { (TerraChannel) 99, NULL, "bob", NULL, "no such channel", NULL, 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (terra_store_ingest_message (store, &bad[i], NULL, &error));
      g_assert_nonnull (error);
    }
  g_assert_cmpint (count (store, TERRA_TYPE_MESSAGE), ==, 0);
  g_assert_cmpint (count (store, TERRA_TYPE_CONTACT), ==, 0);
  g_assert_cmpint (count (store, TERRA_TYPE_CONVERSATION), ==, 0);
}

/* A channel's timestamp is kept when it is plausible, and replaced by the
 * arrival time when it is in the future or long past. */
static void
test_channel_timestamps (void)
{
  g_autoptr(TerraTestWorkspace) workspace = terra_test_workspace_new ();
  TerraStore *store = terra_workspace_get_store (workspace);
  gint64 now_s = g_get_real_time () / G_USEC_PER_SEC;
  TerraInboundMessage recent = { TERRA_CHANNEL_TELEGRAM, "t-1", "42", NULL, "hi", NULL, now_s - 60 };
  TerraInboundMessage future = { TERRA_CHANNEL_TELEGRAM, "t-2", "42", NULL, "hi", NULL, now_s + 86400 };
  TerraInboundMessage ancient = { TERRA_CHANNEL_TELEGRAM, "t-3", "42", NULL, "hi", NULL, 86400 };
  TerraIngestResult result = { 0 };
  g_autoptr(TerraMessage) message = NULL;

  g_assert_true (terra_store_ingest_message (store, &recent, &result, NULL));
  message = terra_store_get (store, TERRA_TYPE_MESSAGE, result.message_id, NULL);
  g_assert_cmpint (terra_message_get_created_at (message), ==, (now_s - 60) * G_USEC_PER_SEC);
  g_clear_object (&message);

  g_assert_true (terra_store_ingest_message (store, &future, &result, NULL));
  message = terra_store_get (store, TERRA_TYPE_MESSAGE, result.message_id, NULL);
  g_assert_cmpint (terra_message_get_created_at (message), <=, g_get_real_time ());
  g_clear_object (&message);

  g_assert_true (terra_store_ingest_message (store, &ancient, &result, NULL));
  message = terra_store_get (store, TERRA_TYPE_MESSAGE, result.message_id, NULL);
  g_assert_cmpint (terra_message_get_created_at (message), >=, (now_s - 5) * G_USEC_PER_SEC);
}

static void
test_text_is_stored_verbatim (void)
{
  g_autoptr(TerraTestWorkspace) workspace = terra_test_workspace_new ();
  TerraStore *store = terra_workspace_get_store (workspace);
  const char *text = "'); DROP TABLE messages; -- <script>alert(1)</script> ನಮಸ್ಕಾರ";
  TerraIngestResult result = ingest_ok (store, TERRA_CHANNEL_WEBCHAT, "visitor-1", NULL, text, NULL);
  g_autoptr(TerraMessage) message = terra_store_get (store, TERRA_TYPE_MESSAGE, result.message_id, NULL);

  g_assert_cmpstr (terra_message_get_body (message), ==, text);
}

/* The server commits many requests at once; one bad message must not
 * take the others down, nor leave half of itself behind. */
static void
test_group_commit_isolates_failures (void)
{
  g_autoptr(TerraTestWorkspace) workspace = terra_test_workspace_new ();
  TerraStore *store = terra_workspace_get_store (workspace);
  TerraInboundMessage good = { TERRA_CHANNEL_API, "a-1", "alice", "Alice", "hi", NULL, 0 };
  TerraInboundMessage bad = { TERRA_CHANNEL_API, "b-1", "bob", "Bob", "hi", "[not json", 0 };
  TerraInboundMessage good2 = { TERRA_CHANNEL_API, "c-1", "carol", NULL, "hello", NULL, 0 };
  g_autoptr(GError) error = NULL;

  g_assert_true (terra_store_begin (store, &error));
  g_assert_true (terra_store_ingest_message (store, &good, NULL, &error));
  g_assert_false (terra_store_ingest_message (store, &bad, NULL, &error));
  g_clear_error (&error);
  g_assert_true (terra_store_ingest_message (store, &good2, NULL, &error));
  g_assert_true (terra_store_commit (store, &error));
  g_assert_no_error (error);

  g_assert_cmpint (count (store, TERRA_TYPE_MESSAGE), ==, 2);
  /* Bob's contact row was rolled back with his message. */
  g_assert_cmpint (count (store, TERRA_TYPE_CONTACT), ==, 2);
}

static void
test_find_or_start_conversation (void)
{
  g_autoptr(TerraTestWorkspace) workspace = terra_test_workspace_new ();
  TerraStore *store = terra_workspace_get_store (workspace);
  gint64 contact = 0, conversation = 0, again = 0;
  g_autoptr(GError) error = NULL;

  g_assert_true (terra_store_find_or_start_conversation (store, TERRA_CHANNEL_API, "script-7", "Ravi",
                                                         &contact, &conversation, &error));
  g_assert_true (terra_store_find_or_start_conversation (store, TERRA_CHANNEL_API, "script-7", NULL,
                                                         NULL, &again, &error));
  g_assert_no_error (error);
  g_assert_cmpint (contact, >, 0);
  g_assert_cmpint (conversation, ==, again);
  g_assert_cmpint (count (store, TERRA_TYPE_MESSAGE), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ingest/first-message-starts-a-conversation", test_first_message_starts_a_conversation);
  g_test_add_func ("/ingest/retried-delivery-is-stored-once", test_retried_delivery_is_stored_once);
  g_test_add_func ("/ingest/bad-input-changes-nothing", test_bad_input_changes_nothing);
  g_test_add_func ("/ingest/text-is-stored-verbatim", test_text_is_stored_verbatim);
  g_test_add_func ("/ingest/channel-timestamps", test_channel_timestamps);
  g_test_add_func ("/ingest/group-commit-isolates-failures", test_group_commit_isolates_failures);
  g_test_add_func ("/ingest/find-or-start-conversation", test_find_or_start_conversation);

  return g_test_run ();
}
