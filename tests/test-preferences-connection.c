/* test-preferences-connection.c — the Test Connection button's verdicts
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Preferences window asks terra_integrations_test_provider_async()
 * whether the provider the settings describe answers. Against the fake
 * provider server, each way it can go must give the owner words that say
 * what to change: a working model, a refused key, an unknown model, an
 * address where nothing listens, a missing key, and the built-in engine;
 * and what is typed can be tried before it is saved.
 */

#include "config.h"

#include <string.h>

#include "fake-provider-server.h"
#include "terra-integrations.h"
#include "terra-setting-keys.h"
#include "terra-test-utils.h"

typedef struct
{
  gboolean  done;
  gboolean  ok;
  char     *verdict;
} Verdict;

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

static void
verdict_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Verdict *verdict = user_data;
  g_autoptr(GError) error = NULL;

  verdict->verdict = terra_integrations_test_provider_finish (result, &verdict->ok, &error);
  g_assert_no_error (error);
  verdict->done = TRUE;
}

/* Runs the test as the button does and returns (transfer full) the
 * verdict; @ok says whether it is good news. */
static char *
test_connection (TerraWorkspace *workspace,
                 gboolean       *ok)
{
  Verdict verdict = { 0 };

  terra_integrations_test_provider_async (workspace, NULL, verdict_cb, &verdict);
  while (!verdict.done)
    g_main_context_iteration (NULL, TRUE);
  *ok = verdict.ok;
  g_test_message ("verdict: %s", verdict.verdict);
  return verdict.verdict;
}

/* What the button does: the rows' text and the key as typed, unsaved. */
static void
test_typed_config (void)
{
  g_autoptr(TerraTestWorkspace) workspace = terra_test_workspace_new ();
  TerraStore *store = terra_workspace_get_store (workspace);
  FakeProviderServer *server = fake_provider_server_new ();
  g_autofree char *url = fake_provider_server_get_url (server, "/v1");
  const char * const pieces[] = { "OK", NULL };
  g_auto(GStrv) events = fake_openai_text_events (pieces, 3, 1);
  Verdict verdict = { 0 };
  g_autofree char *saved_kind = NULL;

  g_unsetenv ("TERRA_SECRET_OPENAI_API_KEY");
  fake_provider_server_queue_sse (server, (const char * const *)events, FAKE_END_COMPLETE);
  terra_integrations_test_provider_config_async (workspace, "openai", url, "llama3.2", "", "sk-typed-not-saved",
                                                 NULL, verdict_cb, &verdict);
  while (!verdict.done)
    g_main_context_iteration (NULL, TRUE);

  g_assert_true (verdict.ok);
  g_assert_nonnull (strstr (verdict.verdict, "Connected"));
  g_assert_cmpuint (fake_provider_server_get_n_requests (server), ==, 1);
  g_assert_cmpstr (fake_request_get_header (fake_provider_server_get_request (server, 0), "Authorization"), ==,
                   "Bearer sk-typed-not-saved");
  /* Trying is not saving. */
  saved_kind = terra_store_get_setting_string (store, "provider.kind");
  g_assert_cmpstr (saved_kind, ==, "builtin");

  g_free (verdict.verdict);
  fake_provider_server_free (server);
}

static void
test_verdicts (void)
{
  g_autoptr(TerraTestWorkspace) workspace = terra_test_workspace_new ();
  TerraStore *store = terra_workspace_get_store (workspace);
  FakeProviderServer *server = fake_provider_server_new ();
  g_autofree char *url = fake_provider_server_get_url (server, "/v1");
  gboolean ok = FALSE;

  g_unsetenv ("TERRA_SECRET_OPENAI_API_KEY");
  g_unsetenv ("TERRA_SECRET_ANTHROPIC_API_KEY");

  {
    g_autofree char *verdict = test_connection (workspace, &ok);

    g_assert_true (ok);
    g_assert_nonnull (strstr (verdict, "built-in engine works offline"));
  }

  /* An OpenAI-compatible server on this machine needs no key. */
  set (store, "provider.kind", "openai");
  set (store, "provider.base_url", url);
  set (store, "provider.model", "llama3.2");

  {
    const char * const pieces[] = { "OK", NULL };
    g_auto(GStrv) events = fake_openai_text_events (pieces, 3, 1);

    fake_provider_server_queue_sse (server, (const char * const *)events, FAKE_END_COMPLETE);
  }
  {
    g_autofree char *verdict = test_connection (workspace, &ok);

    g_assert_true (ok);
    g_assert_nonnull (strstr (verdict, "Connected"));
  }

  /* A key the server does not take. (Without one, a 401 means a key is
   * needed, and the verdict says that instead.) */
  g_setenv ("TERRA_SECRET_OPENAI_API_KEY", "sk-wrong", TRUE);
  fake_provider_server_queue_json (server, 401, NULL,
                                   "{\"error\":{\"message\":\"Incorrect API key provided\","
                                   "\"type\":\"invalid_request_error\",\"code\":\"invalid_api_key\"}}");
  {
    g_autofree char *verdict = test_connection (workspace, &ok);

    g_assert_false (ok);
    g_assert_nonnull (strstr (verdict, "refused the key"));
  }
  g_unsetenv ("TERRA_SECRET_OPENAI_API_KEY");

  fake_provider_server_queue_json (server, 404, NULL,
                                   "{\"error\":{\"message\":\"The model `llama9` does not exist\","
                                   "\"type\":\"invalid_request_error\",\"code\":\"model_not_found\"}}");
  {
    g_autofree char *verdict = test_connection (workspace, &ok);

    g_assert_false (ok);
    g_assert_nonnull (strstr (verdict, "does not know this model"));
  }

  /* Nothing listens on port 9 of this machine. */
  set (store, "provider.base_url", "http://127.0.0.1:9/v1");
  {
    g_autofree char *verdict = test_connection (workspace, &ok);

    g_assert_false (ok);
    g_assert_nonnull (strstr (verdict, "Could not reach the provider"));
  }

  /* Anthropic always needs a key; this workspace has none. */
  set (store, "provider.kind", "anthropic");
  set (store, "provider.base_url", "");
  {
    g_autofree char *verdict = test_connection (workspace, &ok);

    g_assert_false (ok);
    g_assert_nonnull (strstr (verdict, "no API key"));
    g_assert_nonnull (strstr (verdict, "TERRA_SECRET_ANTHROPIC_API_KEY"));
  }

  fake_provider_server_free (server);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/preferences/test-connection", test_verdicts);
  g_test_add_func ("/preferences/test-typed-config", test_typed_config);

  return g_test_run ();
}
