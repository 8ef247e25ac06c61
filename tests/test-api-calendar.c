/* test-api-calendar.c — the calendar feed's token in a real keyring: made
 * on first use, kept, regenerated, and the old one refused at once
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Run under build-aux/with-keyring.sh (a private session bus with a
 * throw-away GNOME Keyring, TERRA_TEST_PRIVATE_KEYRING=1); without it the
 * test skips itself, so a developer's own keyring is never touched.
 */

#include "config.h"

#include "test-api-common.h"
#include "terra-api-calendar.h"
#include "terra-secrets.h"

static gboolean
have_private_keyring (void)
{
  if (g_strcmp0 (g_getenv ("TERRA_TEST_PRIVATE_KEYRING"), "1") == 0)
    return TRUE;
  g_test_skip ("needs a throw-away keyring: run under build-aux/with-keyring.sh");
  return FALSE;
}

static gboolean
is_hex_token (const char *token)
{
  if (token == NULL || strlen (token) != 64)
    return FALSE;
  for (const char *p = token; *p != '\0'; p++)
    if (!g_ascii_isxdigit (*p) || g_ascii_isupper (*p))
      return FALSE;
  return TRUE;
}

static void
feed_status (ApiFixture *fixture,
             const char *token,
             guint       status)
{
  g_autofree char *query = g_strconcat ("token=", token, NULL);
  g_autoptr(JsonNode) answer = api_call (fixture, terra_api_calendar_feed, 0, query, NULL, status);

  if (status == 200)
    g_assert_true (g_str_has_prefix (fixture->last_text, "BEGIN:VCALENDAR\r\n"));
}

static void
test_token_lifecycle (ApiFixture    *fixture,
                      gconstpointer  data)
{
  const char *workspace_id = terra_workspace_get_id (fixture->workspace);
  g_auto(TerraSecretString) first = NULL;
  g_auto(TerraSecretString) again = NULL;
  g_auto(TerraSecretString) fresh = NULL;
  g_auto(TerraSecretString) stored = NULL;
  g_autoptr(GError) error = NULL;

  if (!have_private_keyring ())
    return;

  /* No token before the feed is first asked for; that first request makes
   * one (which it cannot know, so it is refused). */
  stored = terra_secrets_lookup (workspace_id, TERRA_CALENDAR_FEED_SECRET, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (stored);
  feed_status (fixture, "0000000000000000000000000000000000000000000000000000000000000000", 403);
  stored = terra_secrets_lookup (workspace_id, TERRA_CALENDAR_FEED_SECRET, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (is_hex_token (stored));

  first = terra_calendar_feed_dup_token (workspace_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (first, ==, stored);
  again = terra_calendar_feed_dup_token (workspace_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (again, ==, first);
  feed_status (fixture, first, 200);

  fresh = terra_calendar_feed_regenerate_token (workspace_id, &error);
  g_assert_no_error (error);
  g_assert_true (is_hex_token (fresh));
  g_assert_cmpstr (fresh, !=, first);
  feed_status (fixture, first, 403);
  feed_status (fixture, fresh, 200);
}

int
main (int   argc,
      char *argv[])
{
  g_unsetenv ("TERRA_SECRET_CALENDAR_FEED_TOKEN");
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/api/calendar-token", ApiFixture, NULL, api_fixture_set_up, test_token_lifecycle,
              api_fixture_tear_down);

  return g_test_run ();
}
