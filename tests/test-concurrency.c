/* test-concurrency.c — connections of several threads at once
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The server thread writes while the UI reads: a reader must always see a
 * consistent workspace (whole transactions, never half of one), and no
 * write may be lost.
 */

#include "config.h"

#include "terra-test-utils.h"

#define N_BATCHES 1000
#define BATCH_SIZE 10

typedef struct
{
  TerraWorkspace *workspace;
  gint64          conversation_id;
  gint            done;
} Fixture;

/* Writes 10,000 messages in transactions of ten, each also bumping the
 * conversation's unread count by ten: a reader that ever sees
 * count(messages) != unread_count saw half a transaction. */
static gpointer
writer_thread (gpointer user_data)
{
  Fixture *fixture = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(TerraStore) store = terra_workspace_open_store (fixture->workspace, &error);

  g_assert_no_error (error);

  for (guint batch = 0; batch < N_BATCHES; batch++)
    {
      g_autoptr(TerraConversation) conversation = NULL;

      g_assert_true (terra_store_begin (store, &error));
      g_assert_no_error (error);

      for (guint i = 0; i < BATCH_SIZE; i++)
        {
          g_autoptr(TerraMessage) message = terra_message_new ();
          g_autofree char *external_id = g_strdup_printf ("m-%u-%u", batch, i);

          terra_message_set_conversation_id (message, fixture->conversation_id);
          terra_message_set_channel (message, TERRA_CHANNEL_API);
          terra_message_set_body (message, "Do you have a 2BHK near Koramangala?");
          terra_message_set_external_id (message, external_id);
          g_assert_true (terra_store_insert (store, message, &error));
          g_assert_no_error (error);
        }

      conversation = terra_store_get (store, TERRA_TYPE_CONVERSATION, fixture->conversation_id, &error);
      g_assert_no_error (error);
      terra_conversation_set_unread_count (conversation, terra_conversation_get_unread_count (conversation) + BATCH_SIZE);
      g_assert_true (terra_store_update (store, conversation, &error));
      g_assert_true (terra_store_commit (store, &error));
      g_assert_no_error (error);
    }

  g_atomic_int_set (&fixture->done, 1);
  return NULL;
}

static void
test_reader_sees_whole_transactions (void)
{
  g_autoptr(TerraTestWorkspace) workspace = terra_test_workspace_new ();
  TerraStore *reader = terra_workspace_get_store (workspace);
  g_autoptr(TerraContact) contact = terra_contact_new ();
  g_autoptr(TerraConversation) conversation = terra_conversation_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(TerraQuery) messages = terra_query_new (TERRA_TYPE_MESSAGE);
  Fixture fixture = { workspace, 0, 0 };
  GThread *writer;
  guint reads = 0;
  gint64 last_seen = 0;

  g_assert_true (terra_store_insert (reader, contact, &error));
  terra_conversation_set_contact_id (conversation, terra_contact_get_id (contact));
  terra_conversation_set_channel (conversation, TERRA_CHANNEL_API);
  g_assert_true (terra_store_insert (reader, conversation, &error));
  g_assert_no_error (error);
  fixture.conversation_id = terra_conversation_get_id (conversation);

  writer = g_thread_new ("writer", writer_thread, &fixture);

  while (!g_atomic_int_get (&fixture.done))
    {
      g_autoptr(TerraConversation) seen = NULL;
      gint64 n_messages;

      /* Both reads in one read transaction, as the UI's snapshot. */
      g_assert_true (terra_store_begin_read (reader, &error));
      g_assert_no_error (error);
      n_messages = terra_store_count (reader, messages, &error);
      seen = terra_store_get (reader, TERRA_TYPE_CONVERSATION, fixture.conversation_id, &error);
      terra_store_rollback (reader);
      g_assert_no_error (error);

      g_assert_cmpint (n_messages % BATCH_SIZE, ==, 0);
      g_assert_cmpint (n_messages, ==, terra_conversation_get_unread_count (seen));
      g_assert_cmpint (n_messages, >=, last_seen);
      last_seen = n_messages;
      reads++;
    }

  g_thread_join (writer);

  g_assert_cmpint (terra_store_count (reader, messages, &error), ==, N_BATCHES * BATCH_SIZE);
  g_test_message ("%u consistent snapshots read while 10,000 messages were written", reads);
  g_assert_cmpuint (reads, >, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/concurrency/reader-sees-whole-transactions", test_reader_sees_whole_transactions);

  return g_test_run ();
}
