/* test-server-durability.c — kill -9 while clients send 2,000 messages
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs the real binary (TERRA_BINARY) headless, has four clients post
 * 2,000 messages through POST /api/v1/messages, kills the process with
 * SIGKILL part-way, starts it again and sends what was not acknowledged.
 * Then every acknowledged message must be in the workspace exactly once,
 * and every message must get its reply from the assistant, the ones a
 * crash left waiting included.
 */
#include "config.h"

#include <signal.h>
#include <sys/prctl.h>

#include "server-test-client.h"
#include "terra-test-utils.h"

#define KEY "durability-key-5f1c9e"
#define N_MESSAGES 2000
#define N_CLIENTS 4
#define KILL_AFTER 600

typedef struct
{
  GSubprocess *process;
  GThread     *drain;
  guint        port;
} Terra;

/* Reads the child's stderr to the end so it never blocks on a full
 * pipe. */
static gpointer
drain_thread (gpointer data)
{
  g_autoptr(GDataInputStream) in = data;
  char *line;

  while ((line = g_data_input_stream_read_line (in, NULL, NULL, NULL)) != NULL)
    g_free (line);
  return NULL;
}

/* A failing test must not leave Terra running: the child dies with us. */
static void
die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static void
terra_start (Terra      *terra,
             const char *directory)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) in = NULL;
  char *line;

  g_subprocess_launcher_unsetenv (launcher, "DISPLAY");
  g_subprocess_launcher_unsetenv (launcher, "WAYLAND_DISPLAY");
  g_subprocess_launcher_setenv (launcher, "TERRA_SECRET_API_KEY", KEY, TRUE);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  terra->process = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("TERRA_BINARY"),
                                                "--headless", "--data-dir", directory,
                                                "--port", "0",
                                                /* The four clients share one address. */
                                                "--set", "server.rate_per_address=0",
                                                NULL);
  g_assert_no_error (error);

  in = g_data_input_stream_new (g_subprocess_get_stderr_pipe (terra->process));
  terra->port = 0;
  while (terra->port == 0 && (line = g_data_input_stream_read_line (in, NULL, NULL, NULL)) != NULL)
    {
      const char *url = strstr (line, "listening on http://127.0.0.1:");

      if (url != NULL)
        terra->port = (guint)g_ascii_strtoull (url + strlen ("listening on http://127.0.0.1:"), NULL, 10);
      g_free (line);
    }
  g_assert_cmpuint (terra->port, >, 0);
  terra->drain = g_thread_new ("drain", drain_thread, g_steal_pointer (&in));
}

static void
terra_finish (Terra *terra)
{
  g_subprocess_wait (terra->process, NULL, NULL);
  g_thread_join (terra->drain);
  g_clear_object (&terra->process);
}

typedef struct
{
  guint  port;
  guint  first;         /* this client sends first, first + N_CLIENTS, … */
  gint  *acknowledged;  /* per message: 1 once answered 202 (atomic) */
  gint  *n_acknowledged;
  gint   duplicates;
} Client;

static char *
external_id (guint i)
{
  return g_strdup_printf ("durable-%04u", i);
}

/* Sends its share until the server goes away. */
static gpointer
client_thread (gpointer data)
{
  Client *client = data;

  for (guint i = client->first; i < N_MESSAGES; i += N_CLIENTS)
    {
      g_autofree char *id = external_id (i);
      g_autofree char *from = g_strdup_printf ("+9198%08u", i);
      g_autofree char *text = g_strdup_printf ("Hello, I am looking for a flat (%u)", i);
      g_autoptr(TestReply) reply = NULL;

      if (g_atomic_int_get (&client->acknowledged[i]))
        continue;
      reply = test_post_message (client->port, KEY, from, text, id);
      /* Over the key's rate: wait as told and send it again. */
      while (reply->status == 429)
        {
          g_autofree char *retry_after = test_reply_header (reply, "Retry-After");

          g_assert_nonnull (retry_after);
          g_usleep (g_ascii_strtoull (retry_after, NULL, 10) * G_USEC_PER_SEC);
          test_reply_free (reply);
          reply = test_post_message (client->port, KEY, from, text, id);
        }
      if (reply->status == 0)
        break;
      g_assert_cmpuint (reply->status, ==, 202);
      if (strstr (reply->body, "\"duplicate\":true") != NULL)
        client->duplicates++;
      g_atomic_int_set (&client->acknowledged[i], 1);
      g_atomic_int_inc (client->n_acknowledged);
    }
  return NULL;
}

static guint
run_clients (guint  port,
             gint  *acknowledged,
             gint  *n_acknowledged,
             Terra *kill_after)
{
  Client clients[N_CLIENTS];
  GThread *threads[N_CLIENTS];
  guint duplicates = 0;

  for (guint c = 0; c < N_CLIENTS; c++)
    {
      clients[c] = (Client) { .port = port, .first = c, .acknowledged = acknowledged,
                              .n_acknowledged = n_acknowledged };
      threads[c] = g_thread_new ("client", client_thread, &clients[c]);
    }

  if (kill_after != NULL)
    {
      while (g_atomic_int_get (n_acknowledged) < KILL_AFTER)
        g_usleep (1000);
      g_subprocess_send_signal (kill_after->process, SIGKILL);
    }

  for (guint c = 0; c < N_CLIENTS; c++)
    {
      g_thread_join (threads[c]);
      duplicates += clients[c].duplicates;
    }
  return duplicates;
}

/* Waits until the assistant has handled every inbound message. */
static void
wait_for_replies (const char *directory)
{
  g_autoptr(TerraWorkspace) workspace = terra_workspace_open (directory, NULL);
  gint64 deadline = g_get_monotonic_time () + 400 * G_USEC_PER_SEC;
  gint64 waiting = -1;

  g_assert_nonnull (workspace);
  while (g_get_monotonic_time () < deadline)
    {
      g_autoptr(TerraQuery) query = terra_query_new (TERRA_TYPE_MESSAGE);

      terra_query_where_enum (query, "direction", TERRA_TYPE_DIRECTION, TERRA_DIRECTION_INBOUND);
      terra_query_where_null (query, "processed_at", TRUE);
      waiting = terra_store_count (terra_workspace_get_store (workspace), query, NULL);
      if (waiting == 0)
        return;
      g_usleep (250 * 1000);
    }
  g_error ("%" G_GINT64_FORMAT " messages still wait for the assistant", waiting);
}

static void
check_workspace (const char *directory,
                 const gint *acknowledged)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TerraWorkspace) workspace = terra_workspace_open (directory, &error);
  TerraStore *store;
  g_autoptr(TerraQuery) inbound_query = terra_query_new (TERRA_TYPE_MESSAGE);
  g_autoptr(TerraQuery) outbound_query = terra_query_new (TERRA_TYPE_MESSAGE);
  g_autoptr(GPtrArray) inbound = NULL;
  g_autoptr(GPtrArray) outbound = NULL;
  g_autoptr(GHashTable) stored = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) answered = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);

  g_assert_no_error (error);
  store = terra_workspace_get_store (workspace);

  terra_query_where_enum (inbound_query, "direction", TERRA_TYPE_DIRECTION, TERRA_DIRECTION_INBOUND);
  terra_query_set_range (inbound_query, 0, G_MAXUINT);
  inbound = terra_store_list (store, inbound_query, &error);
  g_assert_no_error (error);
  terra_query_where_enum (outbound_query, "direction", TERRA_TYPE_DIRECTION, TERRA_DIRECTION_OUTBOUND);
  terra_query_set_range (outbound_query, 0, G_MAXUINT);
  outbound = terra_store_list (store, outbound_query, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < outbound->len; i++)
    {
      TerraMessage *reply = outbound->pdata[i];
      gint64 *conversation_id = g_new (gint64, 1);

      *conversation_id = terra_message_get_conversation_id (reply);
      g_hash_table_add (answered, conversation_id);
    }

  for (guint i = 0; i < inbound->len; i++)
    {
      TerraMessage *message = inbound->pdata[i];
      gint64 conversation_id = terra_message_get_conversation_id (message);
      const char *id = terra_message_get_external_id (message);

      /* Stored once… */
      g_assert_nonnull (id);
      g_assert_false (g_hash_table_contains (stored, id));
      g_hash_table_add (stored, (gpointer)id);
      /* …and answered. */
      g_assert_cmpint (terra_message_get_processed_at (message), >, 0);
      g_assert_true (g_hash_table_contains (answered, &conversation_id));
    }

  for (guint i = 0; i < N_MESSAGES; i++)
    {
      g_autofree char *id = external_id (i);

      g_assert_true (acknowledged[i]);
      g_assert_true (g_hash_table_contains (stored, id));
    }
  g_assert_cmpuint (inbound->len, ==, N_MESSAGES);
}

static void
test_kill_and_restart (void)
{
  g_autofree char *directory = terra_test_make_directory ();
  g_autofree gint *acknowledged = g_new0 (gint, N_MESSAGES);
  gint n_acknowledged = 0;
  Terra first = { 0 };
  Terra second = { 0 };
  guint acknowledged_before;
  guint duplicates;

  terra_start (&first, directory);
  run_clients (first.port, acknowledged, &n_acknowledged, &first);
  terra_finish (&first);
  acknowledged_before = g_atomic_int_get (&n_acknowledged);
  g_test_message ("%u of %u messages acknowledged before kill -9", acknowledged_before, N_MESSAGES);
  g_assert_cmpuint (acknowledged_before, >=, KILL_AFTER);

  /* The clients send again what got no answer; what was stored but not
   * yet answered when the process died comes back as a duplicate. */
  terra_start (&second, directory);
  duplicates = run_clients (second.port, acknowledged, &n_acknowledged, NULL);
  g_test_message ("%u sent again after the restart, %u of them already stored",
                  N_MESSAGES - acknowledged_before, duplicates);
  g_assert_cmpint (g_atomic_int_get (&n_acknowledged), ==, N_MESSAGES);

  wait_for_replies (directory);
  g_subprocess_send_signal (second.process, SIGTERM);
  terra_finish (&second);

  check_workspace (directory, acknowledged);
  terra_test_remove_directory (directory);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/server/durability/kill-and-restart", test_kill_and_restart);

  return g_test_run ();
}
