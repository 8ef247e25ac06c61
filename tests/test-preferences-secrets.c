/* test-preferences-secrets.c — keys entered in Preferences live in the
 * keyring and nowhere in the workspace
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Run under build-aux/with-keyring.sh (a private session bus with a
 * throw-away, unlocked GNOME Keyring; TERRA_TEST_PRIVATE_KEYRING=1).
 * Saves keys the way the Preferences window does — its save function, and
 * its asynchronous form that the key rows call — together with the
 * provider settings a user types around them, then reads every byte of
 * every file in the workspace folder (the database, its WAL, attachments)
 * looking for the keys.
 */

#define _GNU_SOURCE  /* memmem */

#include "config.h"

#include <string.h>

#include "terra-preferences-window.h"
#include "terra-secrets.h"
#include "terra-setting-keys.h"
#include "terra-test-utils.h"

static gboolean
have_private_keyring (void)
{
  if (g_strcmp0 (g_getenv ("TERRA_TEST_PRIVATE_KEYRING"), "1") == 0)
    return TRUE;

  g_test_skip ("needs a throw-away keyring: run under build-aux/with-keyring.sh");
  return FALSE;
}

static void
set (TerraStore *store,
     const char *key,
     const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) value = terra_setting_keys_parse (key, text, &error);

  g_assert_no_error (error);
  g_assert_true (terra_store_set_setting (store, key, value, &error));
}

/* Whether @needle occurs in any file under @directory, at any depth. */
static gboolean
directory_contains (const char *directory,
                    const char *needle)
{
  g_autoptr(GDir) dir = g_dir_open (directory, 0, NULL);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (directory, name, NULL);
      g_autofree char *contents = NULL;
      gsize length = 0;

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        {
          if (directory_contains (path, needle))
            return TRUE;
          continue;
        }
      g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
      if (memmem (contents, length, needle, strlen (needle)) != NULL)
        {
          g_test_message ("found in %s", path);
          return TRUE;
        }
    }
  return FALSE;
}

static void
assert_in_keyring (TerraWorkspace *workspace,
                   const char     *name,
                   const char     *expected)
{
  g_autoptr(GError) error = NULL;
  g_auto(TerraSecretString) value = terra_secrets_lookup (terra_workspace_get_id (workspace), name, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (value, ==, expected);
  g_assert_cmpint (terra_secrets_where (terra_workspace_get_id (workspace), name, NULL, &error), ==,
                   TERRA_SECRET_SOURCE_KEYRING);
}

static void
saved_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  GError **error = user_data;

  if (!terra_preferences_save_secret_finish (result, error) && *error == NULL)
    g_assert_not_reached ();
  if (*error == NULL)
    *error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_EXISTS, "done");
}

static void
test_keys_only_in_keyring (void)
{
  g_autoptr(TerraTestWorkspace) workspace = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) async_result = NULL;
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *openai_key = g_strconcat ("sk-proj-", uuid, NULL);
  g_autofree char *twilio_token = g_strconcat ("twilio-", uuid, NULL);
  TerraStore *store;

  if (!have_private_keyring ())
    return;
  /* Nothing may come from the environment: the keyring must answer. */
  g_unsetenv ("TERRA_SECRET_OPENAI_API_KEY");
  g_unsetenv ("TERRA_SECRET_TWILIO_AUTH_TOKEN");

  workspace = terra_test_workspace_new ();
  store = terra_workspace_get_store (workspace);

  /* What a user fills in on the AI Provider page around the key. */
  set (store, "provider.kind", "openai");
  set (store, "provider.base_url", "https://api.openai.com/v1");
  set (store, "provider.model", "gpt-4o-mini");
  g_assert_true (terra_preferences_save_secret (workspace, "openai_api_key", openai_key, NULL, &error));
  g_assert_no_error (error);

  /* The key rows save through the worker thread. */
  terra_preferences_save_secret_async (workspace, "twilio_auth_token", twilio_token, NULL, saved_cb, &async_result);
  while (async_result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (async_result, G_IO_ERROR, G_IO_ERROR_EXISTS);

  assert_in_keyring (workspace, "openai_api_key", openai_key);
  assert_in_keyring (workspace, "twilio_auth_token", twilio_token);

  g_assert_false (directory_contains (terra_workspace_get_directory (workspace), openai_key));
  g_assert_false (directory_contains (terra_workspace_get_directory (workspace), twilio_token));
  g_assert_false (directory_contains (terra_workspace_get_directory (workspace), uuid));
  /* The check itself finds what is there. */
  g_assert_true (directory_contains (terra_workspace_get_directory (workspace), "gpt-4o-mini"));

  /* Saving it empty removes it from the keyring. */
  g_assert_true (terra_preferences_save_secret (workspace, "openai_api_key", "", NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (terra_secrets_where (terra_workspace_get_id (workspace), "openai_api_key", NULL, &error), ==,
                   TERRA_SECRET_SOURCE_NONE);
  g_assert_true (terra_preferences_save_secret (workspace, "twilio_auth_token", "", NULL, &error));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/preferences/keys-only-in-keyring", test_keys_only_in_keyring);

  return g_test_run ();
}
