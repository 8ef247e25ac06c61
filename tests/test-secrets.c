/* test-secrets.c — the keyring and its environment override
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Run under build-aux/with-keyring.sh, which gives this process a private
 * session bus with a throw-away, unlocked GNOME Keyring and sets
 * TERRA_TEST_PRIVATE_KEYRING=1. Without it the tests that write to the
 * keyring skip themselves, so the developer's own keyring is never touched.
 * Each run uses fresh workspace ids, so runs never see each other's items.
 */

#include <string.h>

#include <glib.h>

#include "terra-secrets.h"

/* Both point at nothing, so GDBus cannot reach any session bus. */
#define DEAD_BUS_ADDRESS "unix:path=/nonexistent/terra-test-secrets/bus"
#define DEAD_RUNTIME_DIR "/nonexistent/terra-test-secrets"

static gboolean
have_private_keyring (void)
{
  if (g_strcmp0 (g_getenv ("TERRA_TEST_PRIVATE_KEYRING"), "1") == 0)
    return TRUE;

  g_test_skip ("needs a throw-away keyring: run under build-aux/with-keyring.sh");
  return FALSE;
}

static char *
new_workspace_id (void)
{
  g_autofree char *uuid = g_uuid_string_random ();

  return g_strconcat ("test-", uuid, NULL);
}

static void
assert_lookup (const char        *workspace_id,
               const char        *name,
               const char        *expected,
               TerraSecretSource  expected_source)
{
  g_autoptr(GError) error = NULL;
  g_auto(TerraSecretString) value = NULL;
  TerraSecretSource source;

  value = terra_secrets_lookup (workspace_id, name, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (value, ==, expected);

  source = terra_secrets_where (workspace_id, name, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (source, ==, expected_source);
}

static void
store_ok (const char *workspace_id,
          const char *name,
          const char *value)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (terra_secrets_store (workspace_id, name, value, NULL, &error));
  g_assert_no_error (error);
}

static void
delete_ok (const char *workspace_id,
           const char *name)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (terra_secrets_delete (workspace_id, name, NULL, &error));
  g_assert_no_error (error);
}

static void
test_names (void)
{
  g_autofree char *longest = g_strnfill (64, 'k');
  g_autofree char *too_long = g_strnfill (65, 'k');
  const char *valid[] = { "a", "api_key", "openai_api_key", "twilio_auth_token", "k9_", "a__b" };
  const char *invalid[] = { "", "Api_key", "1key", "_key", "api-key", "api key", "clé", "API_KEY", "key\n" };

  for (guint i = 0; i < G_N_ELEMENTS (valid); i++)
    g_assert_true (terra_secrets_name_is_valid (valid[i]));
  for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
    g_assert_false (terra_secrets_name_is_valid (invalid[i]));

  g_assert_true (terra_secrets_name_is_valid (longest));
  g_assert_false (terra_secrets_name_is_valid (too_long));
  g_assert_false (terra_secrets_name_is_valid (NULL));
}

static void
test_env_name (void)
{
  struct {
    const char *name;
    const char *env_name;
  } cases[] = {
    { "openai_api_key", "TERRA_SECRET_OPENAI_API_KEY" },
    { "twilio_auth_token", "TERRA_SECRET_TWILIO_AUTH_TOKEN" },
    { "whatsapp_app_secret", "TERRA_SECRET_WHATSAPP_APP_SECRET" },
    { "k9", "TERRA_SECRET_K9" },
    { "Bad-Name", NULL },
    { "", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *env_name = terra_secrets_env_name (cases[i].name);

      g_assert_cmpstr (env_name, ==, cases[i].env_name);
    }
}

static void
test_invalid_name (void)
{
  g_autofree char *workspace_id = new_workspace_id ();
  g_autofree char *too_long = g_strnfill (65, 'k');
  const char *names[] = { "", "OpenAI", "1key", "api-key", "../key", "\xff\xfe", too_long };

  /* Rejected before any D-Bus call, so this needs no keyring. */
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(GError) error = NULL;
      g_auto(TerraSecretString) value = NULL;

      value = terra_secrets_lookup (workspace_id, names[i], NULL, &error);
      g_assert_error (error, TERRA_SECRETS_ERROR, TERRA_SECRETS_ERROR_INVALID_NAME);
      g_assert_null (value);
      g_clear_error (&error);

      g_assert_cmpint (terra_secrets_where (workspace_id, names[i], NULL, &error),
                       ==, TERRA_SECRET_SOURCE_NONE);
      g_assert_error (error, TERRA_SECRETS_ERROR, TERRA_SECRETS_ERROR_INVALID_NAME);
      g_clear_error (&error);

      g_assert_false (terra_secrets_store (workspace_id, names[i], "value", NULL, &error));
      g_assert_error (error, TERRA_SECRETS_ERROR, TERRA_SECRETS_ERROR_INVALID_NAME);
      g_clear_error (&error);

      g_assert_false (terra_secrets_delete (workspace_id, names[i], NULL, &error));
      g_assert_error (error, TERRA_SECRETS_ERROR, TERRA_SECRETS_ERROR_INVALID_NAME);
    }
}

static void
test_invalid_value (void)
{
  g_autofree char *workspace_id = new_workspace_id ();
  const char *values[] = { "", "\xff\xfe", "sk-\xc3\x28", "abc\xe2\x82" };

  /* Rejected before any D-Bus call, so this needs no keyring. */
  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (terra_secrets_store (workspace_id, "api_key", values[i], NULL, &error));
      g_assert_error (error, TERRA_SECRETS_ERROR, TERRA_SECRETS_ERROR_FAILED);
      /* The message names the secret, never the value. */
      g_assert_nonnull (strstr (error->message, "api_key"));
    }

  if (!have_private_keyring ())
    return;

  /* Nothing was stored. */
  assert_lookup (workspace_id, "api_key", NULL, TERRA_SECRET_SOURCE_NONE);
}

static void
test_store_lookup (void)
{
  g_autofree char *workspace_id = NULL;

  if (!have_private_keyring ())
    return;

  workspace_id = new_workspace_id ();

  assert_lookup (workspace_id, "openai_api_key", NULL, TERRA_SECRET_SOURCE_NONE);

  store_ok (workspace_id, "openai_api_key", "sk-test-0123456789");
  assert_lookup (workspace_id, "openai_api_key", "sk-test-0123456789", TERRA_SECRET_SOURCE_KEYRING);

  /* Another name of the same workspace is another secret. */
  assert_lookup (workspace_id, "anthropic_api_key", NULL, TERRA_SECRET_SOURCE_NONE);

  /* Any UTF-8 survives the round trip. */
  store_ok (workspace_id, "telegram_bot_token", "jeton-privé ✓ 🔑");
  assert_lookup (workspace_id, "telegram_bot_token", "jeton-privé ✓ 🔑", TERRA_SECRET_SOURCE_KEYRING);

  delete_ok (workspace_id, "openai_api_key");
  delete_ok (workspace_id, "telegram_bot_token");
}

static void
test_replace (void)
{
  g_autofree char *workspace_id = NULL;

  if (!have_private_keyring ())
    return;

  workspace_id = new_workspace_id ();

  store_ok (workspace_id, "twilio_auth_token", "first-token");
  store_ok (workspace_id, "twilio_auth_token", "second-token");
  assert_lookup (workspace_id, "twilio_auth_token", "second-token", TERRA_SECRET_SOURCE_KEYRING);

  /* Replaced, not added beside: one delete leaves nothing behind. */
  delete_ok (workspace_id, "twilio_auth_token");
  assert_lookup (workspace_id, "twilio_auth_token", NULL, TERRA_SECRET_SOURCE_NONE);
}

static void
test_workspaces_isolated (void)
{
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *third = NULL;

  if (!have_private_keyring ())
    return;

  first = new_workspace_id ();
  second = new_workspace_id ();
  third = new_workspace_id ();

  store_ok (first, "api_key", "key-of-first");
  assert_lookup (second, "api_key", NULL, TERRA_SECRET_SOURCE_NONE);

  store_ok (second, "api_key", "key-of-second");
  assert_lookup (first, "api_key", "key-of-first", TERRA_SECRET_SOURCE_KEYRING);
  assert_lookup (second, "api_key", "key-of-second", TERRA_SECRET_SOURCE_KEYRING);
  assert_lookup (third, "api_key", NULL, TERRA_SECRET_SOURCE_NONE);

  /* Replacing or deleting in one workspace leaves the other alone. */
  store_ok (first, "api_key", "new-key-of-first");
  assert_lookup (second, "api_key", "key-of-second", TERRA_SECRET_SOURCE_KEYRING);

  delete_ok (first, "api_key");
  assert_lookup (first, "api_key", NULL, TERRA_SECRET_SOURCE_NONE);
  assert_lookup (second, "api_key", "key-of-second", TERRA_SECRET_SOURCE_KEYRING);

  delete_ok (second, "api_key");
}

static void
test_delete (void)
{
  g_autofree char *workspace_id = NULL;

  if (!have_private_keyring ())
    return;

  workspace_id = new_workspace_id ();

  store_ok (workspace_id, "whatsapp_token", "EAAG-test");
  store_ok (workspace_id, "whatsapp_app_secret", "app-secret");

  delete_ok (workspace_id, "whatsapp_token");
  assert_lookup (workspace_id, "whatsapp_token", NULL, TERRA_SECRET_SOURCE_NONE);
  /* Only the named secret went. */
  assert_lookup (workspace_id, "whatsapp_app_secret", "app-secret", TERRA_SECRET_SOURCE_KEYRING);

  /* Deleting what is not there is not an error. */
  delete_ok (workspace_id, "whatsapp_token");
  delete_ok (workspace_id, "never_stored");

  delete_ok (workspace_id, "whatsapp_app_secret");
  assert_lookup (workspace_id, "whatsapp_app_secret", NULL, TERRA_SECRET_SOURCE_NONE);
}

static void
test_env_override (void)
{
  g_autofree char *workspace_id = NULL;
  g_autofree char *other_workspace_id = NULL;
  const char *env_name = "TERRA_SECRET_GEMINI_API_KEY";

  if (!have_private_keyring ())
    return;

  workspace_id = new_workspace_id ();
  other_workspace_id = new_workspace_id ();
  g_assert_null (g_getenv (env_name));

  store_ok (workspace_id, "gemini_api_key", "from-keyring");
  assert_lookup (workspace_id, "gemini_api_key", "from-keyring", TERRA_SECRET_SOURCE_KEYRING);

  /* The environment wins over the keyring, for every workspace. */
  g_setenv (env_name, "from-environment", TRUE);
  assert_lookup (workspace_id, "gemini_api_key", "from-environment", TERRA_SECRET_SOURCE_ENVIRONMENT);
  assert_lookup (other_workspace_id, "gemini_api_key", "from-environment", TERRA_SECRET_SOURCE_ENVIRONMENT);

  /* Set to nothing is unset. */
  g_setenv (env_name, "", TRUE);
  assert_lookup (workspace_id, "gemini_api_key", "from-keyring", TERRA_SECRET_SOURCE_KEYRING);

  /* Unset: back to the keyring, which the override never touched. */
  g_setenv (env_name, "from-environment", TRUE);
  g_unsetenv (env_name);
  assert_lookup (workspace_id, "gemini_api_key", "from-keyring", TERRA_SECRET_SOURCE_KEYRING);
  assert_lookup (other_workspace_id, "gemini_api_key", NULL, TERRA_SECRET_SOURCE_NONE);

  /* Storing while an override is set changes the keyring, not the
   * override, and the override is never written to the keyring. */
  g_setenv (env_name, "from-environment", TRUE);
  store_ok (workspace_id, "gemini_api_key", "newer-from-keyring");
  assert_lookup (workspace_id, "gemini_api_key", "from-environment", TERRA_SECRET_SOURCE_ENVIRONMENT);
  g_unsetenv (env_name);
  assert_lookup (workspace_id, "gemini_api_key", "newer-from-keyring", TERRA_SECRET_SOURCE_KEYRING);
  assert_lookup (other_workspace_id, "gemini_api_key", NULL, TERRA_SECRET_SOURCE_NONE);

  delete_ok (workspace_id, "gemini_api_key");
}

#define SECRETS_BUS_NAME "org.freedesktop.secrets"
#define SECRETS_PATH     "/org/freedesktop/secrets"
#define LOGIN_COLLECTION "/org/freedesktop/secrets/collection/login"

/* Locks the login collection, or unlocks it with its password through
 * gnome-keyring's own interface: the standard Unlock would need a prompt. */
static void
set_keyring_locked (gboolean locked)
{
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;

  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);

  if (locked)
    {
      const char *collections[] = { LOGIN_COLLECTION, NULL };
      g_autofree char *prompt = NULL;

      reply = g_dbus_connection_call_sync (bus, SECRETS_BUS_NAME, SECRETS_PATH,
                                           "org.freedesktop.Secret.Service", "Lock",
                                           g_variant_new ("(^ao)", collections),
                                           G_VARIANT_TYPE ("(aoo)"),
                                           G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
      g_assert_no_error (error);
      g_variant_get (reply, "(^aoo)", NULL, &prompt);
      g_assert_cmpstr (prompt, ==, "/");
    }
  else
    {
      const char *password = g_getenv ("TERRA_TEST_KEYRING_PASSWORD");
      g_autoptr(GVariant) session_reply = NULL;
      g_autoptr(GVariant) close_reply = NULL;
      const char *session;

      g_assert_nonnull (password);

      session_reply = g_dbus_connection_call_sync (bus, SECRETS_BUS_NAME, SECRETS_PATH,
                                                   "org.freedesktop.Secret.Service", "OpenSession",
                                                   g_variant_new ("(sv)", "plain", g_variant_new_string ("")),
                                                   G_VARIANT_TYPE ("(vo)"),
                                                   G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
      g_assert_no_error (error);
      g_variant_get (session_reply, "(v&o)", NULL, &session);

      reply = g_dbus_connection_call_sync (bus, SECRETS_BUS_NAME, SECRETS_PATH,
                                           "org.gnome.keyring.InternalUnsupportedGuiltRiddenInterface",
                                           "UnlockWithMasterPassword",
                                           g_variant_new ("(o(o@ay@ays))", LOGIN_COLLECTION, session,
                                                          g_variant_new_fixed_array (G_VARIANT_TYPE_BYTE, "", 0, 1),
                                                          g_variant_new_fixed_array (G_VARIANT_TYPE_BYTE, password,
                                                                                     strlen (password), 1),
                                                          "text/plain"),
                                           G_VARIANT_TYPE_UNIT,
                                           G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
      g_assert_no_error (error);

      close_reply = g_dbus_connection_call_sync (bus, SECRETS_BUS_NAME, session,
                                                 "org.freedesktop.Secret.Session", "Close",
                                                 NULL, G_VARIANT_TYPE_UNIT,
                                                 G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
      g_assert_no_error (error);
    }
}

static void
assert_no_keyring (GError *error)
{
  g_assert_error (error, TERRA_SECRETS_ERROR, TERRA_SECRETS_ERROR_NO_KEYRING);
  g_assert_true (g_str_has_prefix (error->message, "No keyring is available: "));
}

static void
test_locked (void)
{
  g_autofree char *workspace_id = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(TerraSecretString) value = NULL;

  if (!have_private_keyring ())
    return;

  if (g_getenv ("TERRA_TEST_KEYRING_PASSWORD") == NULL)
    {
      g_test_skip ("needs the keyring's password from build-aux/with-keyring.sh");
      return;
    }

  workspace_id = new_workspace_id ();
  store_ok (workspace_id, "api_key", "locked-away");

  set_keyring_locked (TRUE);

  /* No prompt can be shown here, so libsecret alone would say "not set". */
  value = terra_secrets_lookup (workspace_id, "api_key", NULL, &error);
  g_assert_null (value);
  assert_no_keyring (error);
  g_assert_nonnull (strstr (error->message, "locked"));
  g_clear_error (&error);

  g_assert_cmpint (terra_secrets_where (workspace_id, "api_key", NULL, &error),
                   ==, TERRA_SECRET_SOURCE_NONE);
  assert_no_keyring (error);
  g_clear_error (&error);

  g_assert_false (terra_secrets_store (workspace_id, "api_key", "replacement", NULL, &error));
  assert_no_keyring (error);
  g_assert_nonnull (strstr (error->message, "locked"));
  g_clear_error (&error);

  /* Not deleted, so not reported as deleted. */
  g_assert_false (terra_secrets_delete (workspace_id, "api_key", NULL, &error));
  assert_no_keyring (error);
  g_clear_error (&error);

  /* The environment still answers. */
  g_setenv ("TERRA_SECRET_API_KEY", "from-environment", TRUE);
  assert_lookup (workspace_id, "api_key", "from-environment", TERRA_SECRET_SOURCE_ENVIRONMENT);
  g_unsetenv ("TERRA_SECRET_API_KEY");

  set_keyring_locked (FALSE);

  /* Nothing was lost or changed while locked. */
  assert_lookup (workspace_id, "api_key", "locked-away", TERRA_SECRET_SOURCE_KEYRING);
  delete_ok (workspace_id, "api_key");
  assert_lookup (workspace_id, "api_key", NULL, TERRA_SECRET_SOURCE_NONE);
}

/* Every keyring call fails with NO_KEYRING, and the environment override
 * still works: that is how a server without a keyring gets its keys. */
static void
check_no_keyring (void)
{
  g_autofree char *workspace_id = new_workspace_id ();
  g_autoptr(GError) error = NULL;
  g_auto(TerraSecretString) value = NULL;

  value = terra_secrets_lookup (workspace_id, "openai_api_key", NULL, &error);
  g_assert_null (value);
  assert_no_keyring (error);
  /* For the parent to check which cause the message names. */
  g_printerr ("%s\n", error->message);
  g_clear_error (&error);

  g_assert_cmpint (terra_secrets_where (workspace_id, "openai_api_key", NULL, &error),
                   ==, TERRA_SECRET_SOURCE_NONE);
  assert_no_keyring (error);
  g_clear_error (&error);

  g_assert_false (terra_secrets_store (workspace_id, "openai_api_key", "sk-test", NULL, &error));
  assert_no_keyring (error);
  g_clear_error (&error);

  g_assert_false (terra_secrets_delete (workspace_id, "openai_api_key", NULL, &error));
  assert_no_keyring (error);
  g_clear_error (&error);

  g_setenv ("TERRA_SECRET_OPENAI_API_KEY", "sk-from-environment", TRUE);
  value = terra_secrets_lookup (workspace_id, "openai_api_key", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (value, ==, "sk-from-environment");
  g_assert_cmpint (terra_secrets_where (workspace_id, "openai_api_key", NULL, &error),
                   ==, TERRA_SECRET_SOURCE_ENVIRONMENT);
  g_assert_no_error (error);
}

static void
test_no_bus (void)
{
  if (g_test_subprocess ())
    {
      /* Before anything in this child process talks to D-Bus. */
      g_setenv ("DBUS_SESSION_BUS_ADDRESS", DEAD_BUS_ADDRESS, TRUE);
      check_no_keyring ();
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stderr ("*No keyring is available: cannot connect to the D-Bus session bus*");
}

static void
test_bus_address_unset (void)
{
  if (g_test_subprocess ())
    {
      /* No address, no $XDG_RUNTIME_DIR/bus and no X11 to autolaunch a bus
       * with: a server started from a plain shell. */
      g_unsetenv ("DBUS_SESSION_BUS_ADDRESS");
      g_unsetenv ("DISPLAY");
      g_setenv ("XDG_RUNTIME_DIR", DEAD_RUNTIME_DIR, TRUE);
      check_no_keyring ();
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stderr ("*No keyring is available: cannot connect to the D-Bus session bus*");
}

int
main (int   argc,
      char *argv[])
{
  /* Keep a developer's real override from leaking into the expectations. */
  g_unsetenv ("TERRA_SECRET_OPENAI_API_KEY");
  g_unsetenv ("TERRA_SECRET_GEMINI_API_KEY");
  g_unsetenv ("TERRA_SECRET_API_KEY");

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/secrets/names", test_names);
  g_test_add_func ("/secrets/env-name", test_env_name);
  g_test_add_func ("/secrets/invalid-name", test_invalid_name);
  g_test_add_func ("/secrets/invalid-value", test_invalid_value);
  g_test_add_func ("/secrets/store-lookup", test_store_lookup);
  g_test_add_func ("/secrets/replace", test_replace);
  g_test_add_func ("/secrets/workspaces-isolated", test_workspaces_isolated);
  g_test_add_func ("/secrets/delete", test_delete);
  g_test_add_func ("/secrets/env-override", test_env_override);
  g_test_add_func ("/secrets/locked", test_locked);
  g_test_add_func ("/secrets/no-bus", test_no_bus);
  g_test_add_func ("/secrets/bus-address-unset", test_bus_address_unset);

  return g_test_run ();
}
