/* perf-ingest.c — durable ingest through POST /api/v1/messages, with wrk
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs wrk (64 connections, perf-ingest.lua for the bodies) against three
 * servers in turn, each started fresh on a free loopback port:
 *   (a) a bare libsoup handler that stores nothing (perf-ingest-bare),
 *   (b) a Python-standard-library receiver that commits each message to
 *       SQLite with synchronous=FULL (perf-ingest-receiver.py),
 *   (c) Terra itself: `terra --headless --port 0`, engine running, rate
 *       limits off (they are per-client protections, not throughput caps).
 * It prints requests/s and p99 latency for each, Terra as a fraction of
 * (a) and a multiple of (b), against the goals (≥ 15,000 msg/s, p99 <
 * 10 ms, ≥ 40 % of (a), ≥ 10× (b)), and checks that every message Terra
 * acknowledged is in its workspace. Without wrk it says SKIP.
 *
 * TERRA_PERF_SECONDS sets the length of each run (default 5).
 */
#include "config.h"

#include <signal.h>
#include <sys/prctl.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "terra-inbound.h"
#include "terra-test-utils.h"

#define KEY "perf-ingest-key"

typedef struct
{
  double  requests_per_second;
  double  p99_ms;
  guint64 requests;
  guint64 failures;     /* non-2xx answers and socket errors */
} WrkResult;

typedef struct
{
  GSubprocess *process;
  GThread     *drain;
  guint        port;
} Target;

static gpointer
drain_thread (gpointer data)
{
  g_autoptr(GDataInputStream) in = data;
  char *line;

  while ((line = g_data_input_stream_read_line (in, NULL, NULL, NULL)) != NULL)
    g_free (line);
  return NULL;
}

/* Starts @argv and waits for its "listening on http://127.0.0.1:PORT". */
static gboolean
target_start (Target              *target,
              GSubprocessLauncher *launcher,
              const char * const  *argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) in = NULL;
  const char *prefix = "listening on http://127.0.0.1:";
  char *line;

  target->process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  if (target->process == NULL)
    {
      g_test_message ("could not start %s: %s", argv[0], error->message);
      return FALSE;
    }

  in = g_data_input_stream_new (g_subprocess_get_stdout_pipe (target->process));
  while (target->port == 0 && (line = g_data_input_stream_read_line (in, NULL, NULL, NULL)) != NULL)
    {
      const char *url = strstr (line, prefix);

      if (url != NULL)
        target->port = (guint)g_ascii_strtoull (url + strlen (prefix), NULL, 10);
      g_free (line);
    }
  target->drain = g_thread_new ("drain", drain_thread, g_steal_pointer (&in));
  return target->port != 0;
}

static void
target_stop (Target *target)
{
  if (target->process == NULL)
    return;
  g_subprocess_send_signal (target->process, SIGTERM);
  g_subprocess_wait (target->process, NULL, NULL);
  g_thread_join (target->drain);
  g_clear_object (&target->process);
}

/* "12.34ms" → milliseconds. */
static double
parse_duration (const char *text)
{
  char *end = NULL;
  double value = g_ascii_strtod (text, &end);

  if (g_str_has_prefix (end, "us"))
    return value / 1000.0;
  if (g_str_has_prefix (end, "ms"))
    return value;
  if (g_str_has_prefix (end, "s"))
    return value * 1000.0;
  if (g_str_has_prefix (end, "m"))
    return value * 60000.0;
  return value;
}

static void
parse_wrk (const char *output,
           WrkResult  *result)
{
  g_auto(GStrv) lines = g_strsplit (output, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = g_strstrip (lines[i]);

      if (g_str_has_prefix (line, "Requests/sec:"))
        result->requests_per_second = g_ascii_strtod (line + strlen ("Requests/sec:"), NULL);
      else if (g_str_has_prefix (line, "99%"))
        result->p99_ms = parse_duration (g_strchug ((char *)line + 3));
      else if (strstr (line, " requests in ") != NULL)
        result->requests = g_ascii_strtoull (line, NULL, 10);
      else if (g_str_has_prefix (line, "Non-2xx or 3xx responses:"))
        result->failures += g_ascii_strtoull (line + strlen ("Non-2xx or 3xx responses:"), NULL, 10);
      else if (g_str_has_prefix (line, "Socket errors:"))
        {
          /* "Socket errors: connect 0, read 0, write 0, timeout 0" */
          g_auto(GStrv) parts = g_strsplit_set (line + strlen ("Socket errors:"), ",", -1);

          for (guint j = 0; parts[j] != NULL; j++)
            {
              const char *number = strrchr (g_strstrip (parts[j]), ' ');

              if (number != NULL)
                result->failures += g_ascii_strtoull (number + 1, NULL, 10);
            }
        }
    }
}

static gboolean
run_wrk (guint      port,
         WrkResult *result)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_MERGE);
  g_autoptr(GSubprocess) wrk = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u/api/v1/messages", port);
  g_autofree char *duration = g_strdup_printf ("%ss", g_getenv ("TERRA_PERF_SECONDS") != NULL
                                                      ? g_getenv ("TERRA_PERF_SECONDS") : "5");
  g_autofree char *output = NULL;

  g_subprocess_launcher_setenv (launcher, "TERRA_BENCH_KEY", KEY, TRUE);
  wrk = g_subprocess_launcher_spawn (launcher, &error, "wrk", "-t2", "-c64", "-d", duration,
                                     "--latency", "-s", g_getenv ("PERF_INGEST_LUA"), url, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (wrk, NULL, NULL, &output, NULL, &error);
  g_assert_no_error (error);

  memset (result, 0, sizeof *result);
  parse_wrk (output, result);
  if (result->requests_per_second <= 0)
    g_test_message ("wrk said: %s", output);
  return result->requests_per_second > 0;
}

static gboolean
measure (const char         *name,
         GSubprocessLauncher *launcher,
         const char * const  *argv,
         WrkResult           *result)
{
  Target target = { 0 };
  gboolean ok = target_start (&target, launcher, argv) && run_wrk (target.port, result);

  target_stop (&target);
  if (ok)
    g_test_message ("%-34s %8.0f req/s   p99 %8.2f ms   (%" G_GUINT64_FORMAT " requests, %"
                    G_GUINT64_FORMAT " failed)",
                    name, result->requests_per_second, result->p99_ms, result->requests,
                    result->failures);
  return ok;
}

/* A failing benchmark must not leave its servers running. */
static void
die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static GSubprocessLauncher *
launcher_new (void)
{
  GSubprocessLauncher *launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                             G_SUBPROCESS_FLAGS_STDERR_MERGE);

  g_subprocess_launcher_unsetenv (launcher, "DISPLAY");
  g_subprocess_launcher_unsetenv (launcher, "WAYLAND_DISPLAY");
  g_subprocess_launcher_unsetenv (launcher, "G_MESSAGES_DEBUG");
  g_subprocess_launcher_setenv (launcher, "TERRA_SECRET_API_KEY", KEY, TRUE);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  return launcher;
}

static gint64
count_inbound (const char *directory)
{
  g_autoptr(TerraWorkspace) workspace = terra_workspace_open (directory, NULL);
  g_autoptr(TerraQuery) query = terra_query_new (TERRA_TYPE_MESSAGE);

  g_assert_nonnull (workspace);
  terra_query_where_enum (query, "direction", TERRA_TYPE_DIRECTION, TERRA_DIRECTION_INBOUND);
  return terra_store_count (terra_workspace_get_store (workspace), query, NULL);
}

static void
perf_ingest (void)
{
  g_autoptr(GSubprocessLauncher) launcher = launcher_new ();
  g_autofree char *directory = terra_test_make_directory ();
  g_autofree char *python_db = g_build_filename (directory, "python-receiver.db", NULL);
  g_autofree char *terra_dir = g_build_filename (directory, "terra", NULL);
  g_autofree char *wrk = g_find_program_in_path ("wrk");
  WrkResult bare = { 0 }, python = { 0 }, terra = { 0 };
  const char *bare_argv[] = { g_getenv ("PERF_INGEST_BARE"), NULL };
  const char *python_argv[] = { "/usr/bin/python3", g_getenv ("PERF_INGEST_RECEIVER"), python_db, NULL };
  const char *set_argv[] = { g_getenv ("TERRA_BINARY"), "--data-dir", terra_dir,
                             "--set", "server.rate_per_address=0", "--set", "server.rate_per_key=0", NULL };
  const char *terra_argv[] = { g_getenv ("TERRA_BINARY"), "--headless", "--data-dir", terra_dir,
                               "--port", "0", NULL };
  gint64 stored;

  if (wrk == NULL)
    {
      g_test_skip ("SKIP: wrk is not installed (Debian package wrk)");
      terra_test_remove_directory (directory);
      return;
    }

  /* Rate limits off: they protect against one abusive client, and here
   * one client is the whole load on purpose. */
  {
    g_autoptr(GSubprocess) set = g_subprocess_launcher_spawnv (launcher, set_argv, NULL);

    g_assert_nonnull (set);
    g_subprocess_wait_check (set, NULL, NULL);
  }

  g_assert_true (measure ("(a) bare libsoup handler, no storage", launcher, bare_argv, &bare));
  g_assert_true (measure ("(b) Python stdlib + durable SQLite", launcher, python_argv, &python));
  g_assert_true (measure ("(c) Terra, durable group commit", launcher, terra_argv, &terra));

  g_test_message ("Terra: %.0f msg/s (goal >= 15000), p99 %.2f ms (goal < 10)",
                  terra.requests_per_second, terra.p99_ms);
  g_test_message ("Terra = %.0f %% of the bare handler (goal >= 40 %%), %.1fx the Python receiver (goal >= 10x)",
                  100.0 * terra.requests_per_second / bare.requests_per_second,
                  terra.requests_per_second / python.requests_per_second);

  /* Every acknowledged message is in the workspace. */
  stored = count_inbound (terra_dir);
  g_test_message ("Terra stored %" G_GINT64_FORMAT " messages for %" G_GUINT64_FORMAT
                  " requests (%" G_GUINT64_FORMAT " not answered 202)",
                  stored, terra.requests, terra.failures);
  g_assert_cmpint (stored, >=, (gint64)(terra.requests - terra.failures));
  g_assert_cmpuint (terra.failures, ==, 0);

  terra_test_remove_directory (directory);
}

/* The store alone, no HTTP: what one message costs the writer thread in
 * batches of 64 durable commits, the ceiling for (c). */
static void
perf_store (void)
{
  g_autoptr(TerraTestWorkspace) workspace = terra_test_workspace_new ();
  g_autoptr(TerraStore) store = terra_workspace_open_store (workspace, NULL);
  guint n = 20000;
  const guint batch = 64;
  gint64 started;
  double seconds;

#ifdef __GLIBC__
  /* As the server does (terra-server.c): keep freed heap. */
  mallopt (M_TRIM_THRESHOLD, 64 * 1024 * 1024);
  mallopt (M_TOP_PAD, 16 * 1024 * 1024);
#endif
  started = g_get_monotonic_time ();
  for (guint i = 0; i < n; i += batch)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) strings = g_ptr_array_new_with_free_func (g_free);
      TerraInboundMessage messages[64];
      TerraIngestResult results[64];
      GError *errors[64] = { NULL };
      guint count = MIN (batch, n - i);

      for (guint j = 0; j < count; j++)
        {
          char *from = g_strdup_printf ("+9198%08u", (i + j) % 1000);
          char *text = g_strdup_printf ("Hi, is the 2BHK in Indiranagar still available? (%u)", i + j);
          char *id = g_strdup_printf ("store-%u", i + j);

          g_ptr_array_add (strings, from);
          g_ptr_array_add (strings, text);
          g_ptr_array_add (strings, id);
          messages[j] = (TerraInboundMessage) {
            .channel = TERRA_CHANNEL_API, .external_id = id, .from = from, .name = "Lead", .text = text,
          };
        }
      terra_store_ingest_batch (store, messages, count, results, errors, &error);
      g_assert_no_error (error);
      for (guint j = 0; j < count; j++)
        g_assert_no_error (errors[j]);
    }
  seconds = (g_get_monotonic_time () - started) / (double)G_USEC_PER_SEC;
  g_test_message ("(d) the store alone, batches of %u: %.0f msg/s (%.1f us a message)",
                  batch, n / seconds, 1e6 * seconds / n);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/perf/ingest/store", perf_store);
  g_test_add_func ("/perf/ingest/http", perf_ingest);

  return g_test_run ();
}
