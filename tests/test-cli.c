/* test-cli.c — the terra command line, as scripts and servers use it
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs the real binary (TERRA_BINARY) with no display, as on a server.
 */

#include "config.h"

#include <signal.h>

#include "terra-test-utils.h"

typedef struct
{
  int   status;
  char *out;
  char *err;
} Run;

static void
run_clear (Run *run)
{
  g_free (run->out);
  g_free (run->err);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

static GSubprocessLauncher *
launcher_new (void)
{
  GSubprocessLauncher *launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);

  /* A server has no screen: nothing here may need one. */
  g_subprocess_launcher_unsetenv (launcher, "DISPLAY");
  g_subprocess_launcher_unsetenv (launcher, "WAYLAND_DISPLAY");
  return launcher;
}

/* Runs terra with args (NULL-terminated) to completion. */
static void
run_terra (Run        *run,
           const char *first_arg,
           ...)
{
  g_autoptr(GSubprocessLauncher) launcher = launcher_new ();
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  va_list args;

  g_ptr_array_add (argv, (gpointer)g_getenv ("TERRA_BINARY"));
  va_start (args, first_arg);
  for (const char *arg = first_arg; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer)arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_launcher_spawnv (launcher, (const char * const *)argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &run->out, &run->err, &error);
  g_assert_no_error (error);
  run->status = g_subprocess_get_exit_status (process);
}

static TerraWorkspace *
open_workspace (const char *directory)
{
  g_autoptr(GError) error = NULL;
  TerraWorkspace *workspace = terra_workspace_open (directory, &error);

  g_assert_no_error (error);
  return workspace;
}

static void
test_version (void)
{
  g_auto(Run) run = { 0 };

  run_terra (&run, "--version", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "terra " PACKAGE_VERSION "\n");
}

static void
test_set (void)
{
  g_autofree char *directory = terra_test_make_directory ();
  g_auto(Run) good = { 0 };
  g_auto(Run) bad = { 0 };

  run_terra (&good, "--data-dir", directory,
             "--set", "provider.kind=openai",
             "--set", "provider.base_url=http://127.0.0.1:11434/v1",
             "--set", "provider.model=llama3.2",
             NULL);
  g_assert_cmpint (good.status, ==, 0);

  /* One bad value: a clear message, exit 2, and nothing applied. */
  run_terra (&bad, "--data-dir", directory,
             "--set", "provider.model=qwen2.5",
             "--set", "provider.kind=skynet",
             NULL);
  g_assert_cmpint (bad.status, ==, 2);
  g_assert_nonnull (strstr (bad.err, "provider.kind must be one of"));

  {
    g_autoptr(TerraWorkspace) workspace = open_workspace (directory);
    TerraStore *store = terra_workspace_get_store (workspace);
    g_autofree char *kind = terra_store_get_setting_string (store, "provider.kind");
    g_autofree char *url = terra_store_get_setting_string (store, "provider.base_url");
    g_autofree char *model = terra_store_get_setting_string (store, "provider.model");

    g_assert_cmpstr (kind, ==, "openai");
    g_assert_cmpstr (url, ==, "http://127.0.0.1:11434/v1");
    g_assert_cmpstr (model, ==, "llama3.2");
  }

  terra_test_remove_directory (directory);
}

static void
test_refuses_newer_workspace (void)
{
  g_autofree char *directory = terra_test_make_directory ();
  g_autofree char *path = g_build_filename (directory, "terra.db", NULL);
  g_auto(Run) run = { 0 };

  /* Make a workspace, then pretend a future Terra upgraded it. */
  g_object_unref (open_workspace (directory));
  {
    /* user_version lives at byte 60 of the header, big-endian. */
    g_autofree char *contents = NULL;
    gsize length = 0;

    g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
    g_assert_cmpuint (length, >, 100);
    contents[60] = 0; contents[61] = 0; contents[62] = 0; contents[63] = 42;
    g_assert_true (g_file_set_contents (path, contents, length, NULL));
  }

  run_terra (&run, "--data-dir", directory, "--headless", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "newer version of Terra"));

  terra_test_remove_directory (directory);
}

static gboolean
wait_for_line (GDataInputStream *stream,
               const char       *needle)
{
  g_autoptr(GError) error = NULL;
  char *line;

  while ((line = g_data_input_stream_read_line_utf8 (stream, NULL, NULL, &error)) != NULL)
    {
      gboolean found = strstr (line, needle) != NULL;

      g_free (line);
      if (found)
        return TRUE;
    }

  return FALSE;
}

static void
test_headless_stops_cleanly (void)
{
  g_autofree char *directory = terra_test_make_directory ();
  g_autoptr(GSubprocessLauncher) launcher = launcher_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GDataInputStream) err = NULL;
  g_autoptr(GError) error = NULL;
  /* A free port: another Terra (the owner's, a parallel test) may hold the default. */
  const char *argv[] = { g_getenv ("TERRA_BINARY"), "--data-dir", directory, "--headless", "--port", "0", NULL };

  g_subprocess_launcher_setenv (launcher, "G_MESSAGES_DEBUG", "", TRUE);
  process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);

  err = g_data_input_stream_new (g_subprocess_get_stderr_pipe (process));
  g_assert_true (wait_for_line (err, "running headless"));

  g_subprocess_send_signal (process, SIGTERM);
  g_assert_true (wait_for_line (err, "Stopped cleanly"));
  g_subprocess_wait (process, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);

  /* Closed cleanly: the WAL was checkpointed into the database. */
  {
    g_autofree char *wal = g_build_filename (directory, "terra.db-wal", NULL);

    g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
  }

  terra_test_remove_directory (directory);
}

static void
test_demo_refuses_real_data (void)
{
  g_autofree char *directory = terra_test_make_directory ();
  g_auto(Run) run = { 0 };
  g_autoptr(GError) error = NULL;

  {
    g_autoptr(TerraWorkspace) workspace = open_workspace (directory);
    g_autoptr(TerraContact) contact = terra_contact_new ();

    terra_contact_set_name (contact, "A real customer");
    g_assert_true (terra_store_insert (terra_workspace_get_store (workspace), contact, &error));
    g_assert_no_error (error);
  }

  run_terra (&run, "--data-dir", directory, "--demo", "--headless", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "--demo"));

  {
    g_autoptr(TerraWorkspace) workspace = open_workspace (directory);
    g_autoptr(TerraQuery) contacts = terra_query_new (TERRA_TYPE_CONTACT);

    g_assert_cmpint (terra_store_count (terra_workspace_get_store (workspace), contacts, NULL), ==, 1);
    g_assert_false (terra_workspace_is_demo (workspace));
  }

  terra_test_remove_directory (directory);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  if (g_getenv ("TERRA_BINARY") == NULL)
    {
      g_test_skip ("TERRA_BINARY is not set");
      return g_test_run ();
    }

  g_test_add_func ("/cli/version", test_version);
  g_test_add_func ("/cli/set", test_set);
  g_test_add_func ("/cli/refuses-newer-workspace", test_refuses_newer_workspace);
  g_test_add_func ("/cli/headless-stops-cleanly", test_headless_stops_cleanly);
  g_test_add_func ("/cli/demo-refuses-real-data", test_demo_refuses_real_data);

  return g_test_run ();
}
