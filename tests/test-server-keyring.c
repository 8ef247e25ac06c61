/* test-server-keyring.c — the workspace API key in a real keyring
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs under build-aux/with-keyring.sh: the key is created on the first
 * run (256 random bits, 64 hex digits) and kept in the keyring, the same
 * key comes out of `terra --print-api-key`, and after a regeneration the
 * old key is refused by the running server with the very next request.
 */
#include "config.h"

#include "server-test-client.h"
#include "terra-api-key.h"
#include "terra-secrets.h"
#include "terra-server.h"
#include "terra-test-utils.h"

static char *
print_api_key (const char *directory)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                              g_getenv ("TERRA_BINARY"), "--data-dir", directory,
                              "--print-api-key", NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_successful (process));
  return g_strdup (g_strstrip (out));
}

static gboolean
is_hex_key (const char *key)
{
  if (key == NULL || strlen (key) != TERRA_API_KEY_LENGTH)
    return FALSE;
  for (const char *p = key; *p != '\0'; p++)
    if (!g_ascii_isxdigit (*p) || g_ascii_isupper (*p))
      return FALSE;
  return TRUE;
}

static void
wait_until_ready (guint port)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (g_get_monotonic_time () < deadline)
    {
      g_autoptr(TestReply) reply = test_http (port, "GET", "/healthz", NULL, NULL, NULL, 0);

      if (strstr (reply->body, "\"api\":\"ready\"") != NULL)
        return;
      g_usleep (50 * 1000);
    }
  g_error ("The API key was not ready in time");
}

static void
test_first_run_print_regenerate (void)
{
  g_autoptr(TerraTestWorkspace) workspace = NULL;
  g_autoptr(TerraServer) server = NULL;
  g_autoptr(TerraApiKey) api_key = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(TerraSecretString) key = NULL;
  g_auto(TerraSecretString) stored = NULL;
  g_auto(TerraSecretString) new_key = NULL;
  g_autofree char *printed = NULL;
  g_autofree char *printed_again = NULL;
  g_autoptr(TestReply) with_key = NULL;
  g_autoptr(TestReply) old_key = NULL;
  g_autoptr(TestReply) with_new_key = NULL;
  const char *workspace_id;
  guint port;

  if (g_getenv ("TERRA_TEST_PRIVATE_KEYRING") == NULL)
    {
      g_test_skip ("needs the private keyring of with-keyring.sh");
      return;
    }

  workspace = terra_test_workspace_new ();
  workspace_id = terra_workspace_get_id (workspace);
  g_assert_null (terra_secrets_lookup (workspace_id, "api_key", NULL, &error));
  g_assert_no_error (error);

  server = terra_server_new (workspace, NULL);
  terra_server_set_port (server, 0);
  terra_server_start (server, &error);
  g_assert_no_error (error);
  port = terra_server_get_port (server);
  wait_until_ready (port);

  /* Created on the first run, in the keyring. */
  api_key = terra_api_key_get_for_workspace (workspace_id);
  key = terra_api_key_dup_value (api_key, &error);
  g_assert_no_error (error);
  g_assert_true (is_hex_key (key));
  stored = terra_secrets_lookup (workspace_id, "api_key", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (stored, ==, key);

  with_key = test_post_message (port, key, "+15557001", "Hello", "keyring-1");
  g_assert_cmpuint (with_key->status, ==, 202);

  printed = print_api_key (terra_workspace_get_directory (workspace));
  g_assert_cmpstr (printed, ==, key);

  /* Regenerated: the running server refuses the old key at once. */
  terra_api_key_regenerate (api_key, NULL, &error);
  g_assert_no_error (error);
  new_key = terra_api_key_dup_value (api_key, &error);
  g_assert_no_error (error);
  g_assert_true (is_hex_key (new_key));
  g_assert_cmpstr (new_key, !=, key);

  old_key = test_post_message (port, key, "+15557001", "Hello again", "keyring-2");
  g_assert_cmpuint (old_key->status, ==, 401);
  with_new_key = test_post_message (port, new_key, "+15557001", "Hello again", "keyring-2");
  g_assert_cmpuint (with_new_key->status, ==, 202);

  printed_again = print_api_key (terra_workspace_get_directory (workspace));
  g_assert_cmpstr (printed_again, ==, new_key);

  terra_server_stop (server);
}

/* Keys come from the kernel's CSPRNG: never the same twice. */
static void
test_generate (void)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < 1000; i++)
    {
      g_autoptr(GError) error = NULL;
      char *key = terra_api_key_generate (&error);

      g_assert_no_error (error);
      g_assert_true (is_hex_key (key));
      g_assert_false (g_hash_table_contains (seen, key));
      g_hash_table_add (seen, key);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_unsetenv ("TERRA_SECRET_API_KEY");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/server/api-key/generate", test_generate);
  g_test_add_func ("/server/api-key/first-run-print-regenerate", test_first_run_print_regenerate);

  return g_test_run ();
}
