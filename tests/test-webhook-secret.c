/* test-webhook-secret.c — the webhook signing secret in a real keyring
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Run under build-aux/with-keyring.sh (a private, throw-away GNOME
 * Keyring). The secret is made on the first webhook, kept in the keyring
 * and nowhere in the workspace folder, reused afterwards, and the webhook
 * the outbox sends is signed with it.
 */

#include "config.h"

#include "fake-provider-server.h"
#include "terra-event-webhooks.h"
#include "terra-inbound.h"
#include "terra-outbox.h"
#include "terra-secrets.h"
#include "terra-setting-keys.h"
#include "terra-store-outbox.h"
#include "terra-test-utils.h"

static gboolean
have_private_keyring (void)
{
  if (g_strcmp0 (g_getenv ("TERRA_TEST_PRIVATE_KEYRING"), "1") == 0)
    return TRUE;
  g_test_skip ("needs a throw-away keyring: run under build-aux/with-keyring.sh");
  return FALSE;
}

/* Whether @needle occurs in any file under @directory. */
static gboolean
folder_contains (const char *directory,
                 const char *needle)
{
  g_autoptr(GDir) dir = g_dir_open (directory, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (directory, name, NULL);
      g_autofree char *contents = NULL;
      gsize length = 0;

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        {
          if (folder_contains (path, needle))
            return TRUE;
          continue;
        }
      if (g_file_get_contents (path, &contents, &length, NULL) &&
          g_strstr_len (contents, length, needle) != NULL)
        return TRUE;
    }
  return FALSE;
}

static void
test_created_on_first_use (void)
{
  g_autoptr(TerraTestWorkspace) workspace = NULL;
  g_autoptr(FakeProviderServer) receiver = NULL;
  g_autoptr(TerraOutbox) outbox = NULL;
  g_autoptr(JsonNode) url = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(TerraSecretString) before = NULL;
  g_auto(TerraSecretString) secret = NULL;
  g_auto(TerraSecretString) again = NULL;
  g_autofree char *hook_url = NULL;
  g_autofree char *expected = NULL;
  const FakeRequest *request;
  TerraInboundMessage inbound = { 0 };
  TerraIngestResult result = { 0 };
  TerraStore *store;
  const char *id;
  gint64 deadline;

  if (!have_private_keyring ())
    return;

  workspace = terra_test_workspace_new ();
  store = terra_workspace_get_store (workspace);
  id = terra_workspace_get_id (workspace);

  before = terra_secrets_lookup (id, TERRA_EVENT_WEBHOOKS_SECRET_NAME, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (before);

  /* The first webhook makes the secret. */
  receiver = fake_provider_server_new ();
  fake_provider_server_set_fallback_json (receiver, 200, NULL, "{}");
  hook_url = fake_provider_server_get_url (receiver, "/hook");
  url = terra_setting_keys_parse ("webhooks.url", hook_url, &error);
  g_assert_true (terra_store_set_setting (store, "webhooks.url", url, &error));
  g_clear_pointer (&url, json_node_unref);
  url = terra_setting_keys_parse ("webhooks.events", "message.received", &error);
  g_assert_true (terra_store_set_setting (store, "webhooks.events", url, &error));

  inbound.channel = TERRA_CHANNEL_SMS;
  inbound.from = "+14155550120";
  inbound.text = "Hello";
  g_assert_true (terra_store_ingest_message (store, &inbound, &result, &error));
  g_assert_no_error (error);

  outbox = terra_outbox_new (workspace);
  g_assert_true (terra_outbox_start (outbox, &error));
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (fake_provider_server_get_n_requests (receiver) < 1)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (10 * G_TIME_SPAN_MILLISECOND);
    }
  terra_outbox_stop (outbox);

  secret = terra_secrets_lookup (id, TERRA_EVENT_WEBHOOKS_SECRET_NAME, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (secret);
  g_assert_cmpuint (strlen (secret), ==, 64);
  g_assert_cmpint (terra_secrets_where (id, TERRA_EVENT_WEBHOOKS_SECRET_NAME, NULL, NULL), ==,
                   TERRA_SECRET_SOURCE_KEYRING);

  /* The request was signed with it. */
  request = fake_provider_server_get_request (receiver, 0);
  expected = terra_event_webhooks_sign (secret, request->body, strlen (request->body));
  g_assert_cmpstr (fake_request_get_header (request, "X-Terra-Signature"), ==, expected);

  /* Kept, not remade; and never written into the workspace folder. */
  again = terra_event_webhooks_ensure_secret (id, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (again, ==, secret);
  g_assert_false (folder_contains (terra_workspace_get_directory (workspace), secret));

  g_assert_true (terra_secrets_delete (id, TERRA_EVENT_WEBHOOKS_SECRET_NAME, NULL, &error));
}

int
main (int   argc,
      char *argv[])
{
  g_unsetenv ("TERRA_SECRET_WEBHOOK_SIGNING_SECRET");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/webhook-secret/created-on-first-use", test_created_on_first_use);

  return g_test_run ();
}
