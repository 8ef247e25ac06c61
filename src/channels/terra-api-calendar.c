/* terra-api-calendar.c — GET /calendar.ics?token=…: the bookings as an
 * iCalendar feed
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GNOME Calendar, Thunderbird, Google or Outlook subscribe to this URL and
 * poll it; they show the appointments Terra booked next to the owner's
 * own. The feed carries no bearer key (calendar clients cannot send one)
 * but a token of its own, compared in constant time: none → 401, a wrong
 * one → 403. The token is read from the keyring on every request (a feed
 * is polled rarely), so a regenerated token takes effect at once.
 */

#define G_LOG_DOMAIN "terra-api"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "terra-api-calendar.h"
#include "terra-api-handlers.h"
#include "terra-api-key.h"
#include "terra-icalendar.h"
#include "terra-secrets.h"

/* What the feed covers: recent history and everything bookable ahead
 * (the longest booking horizon is 730 days). */
#define FEED_PAST_DAYS 90
#define FEED_FUTURE_DAYS 731

char *
terra_calendar_feed_dup_token (const char  *workspace_id,
                               GError     **error)
{
  g_autofree char *fresh = NULL;
  char *token;
  GError *local_error = NULL;

  g_return_val_if_fail (workspace_id != NULL, NULL);

  token = terra_secrets_lookup (workspace_id, TERRA_CALENDAR_FEED_SECRET, NULL, &local_error);
  if (token != NULL || local_error != NULL)
    {
      if (local_error != NULL)
        g_propagate_error (error, local_error);
      return token;
    }

  if ((fresh = terra_api_key_generate (error)) == NULL ||
      !terra_secrets_store (workspace_id, TERRA_CALENDAR_FEED_SECRET, fresh, NULL, error))
    {
      if (fresh != NULL)
        explicit_bzero (fresh, strlen (fresh));
      return NULL;
    }
  return g_steal_pointer (&fresh);
}

char *
terra_calendar_feed_regenerate_token (const char  *workspace_id,
                                      GError     **error)
{
  g_autofree char *env_name = terra_secrets_env_name (TERRA_CALENDAR_FEED_SECRET);
  g_autofree char *fresh = NULL;
  const char *env_value = g_getenv (env_name);

  g_return_val_if_fail (workspace_id != NULL, NULL);

  if (env_value != NULL && *env_value != '\0')
    {
      g_set_error (error, TERRA_SECRETS_ERROR, TERRA_SECRETS_ERROR_FAILED,
                   _("The calendar feed token is set by %s; change it there"), env_name);
      return NULL;
    }

  if ((fresh = terra_api_key_generate (error)) == NULL ||
      !terra_secrets_store (workspace_id, TERRA_CALENDAR_FEED_SECRET, fresh, NULL, error))
    {
      if (fresh != NULL)
        explicit_bzero (fresh, strlen (fresh));
      return NULL;
    }
  return g_steal_pointer (&fresh);
}

/* Whether @presented is @expected, in time that depends only on the
 * length of @presented, so the token cannot be guessed byte by byte. */
static gboolean
equal_constant_time (const char *expected,
                     const char *presented)
{
  gsize expected_length = strlen (expected);
  gsize presented_length = strlen (presented);
  guint8 difference = expected_length != presented_length;

  for (gsize i = 0; i < presented_length; i++)
    difference |= (guint8)presented[i] ^ (guint8)expected[i % MAX (expected_length, 1)];
  return difference == 0;
}

static gboolean
check_token (TerraApiRequest  *request,
             GError          **error)
{
  const char *presented = g_hash_table_lookup (request->query, "token");
  g_auto(TerraSecretString) expected = NULL;
  g_autoptr(GError) local_error = NULL;

  if (presented == NULL || *presented == '\0')
    return _terra_api_fail (error, TERRA_API_ERROR_UNAUTHORIZED,
                            _("The calendar feed needs its token: /calendar.ics?token=…"));

  /* The first request makes the token (it cannot match a value nobody has
   * seen yet), so the owner finds it in the keyring afterwards. */
  expected = terra_calendar_feed_dup_token (terra_workspace_get_id (request->workspace), &local_error);
  if (local_error != NULL)
    return _terra_api_fail (error, TERRA_API_ERROR_UNAVAILABLE,
                            _("The calendar feed is off: its token cannot be read (%s)"), local_error->message);
  if (expected == NULL || !equal_constant_time (expected, presented))
    return _terra_api_fail (error, TERRA_API_ERROR_FORBIDDEN, _("The calendar feed token is wrong"));
  return TRUE;
}

/* A published feed says so (RFC 5546), which the file export does not. */
static char *
as_feed (const char *calendar)
{
  static const char begin[] = "BEGIN:VCALENDAR\r\n";

  if (!g_str_has_prefix (calendar, begin))
    return g_strdup (calendar);
  return g_strconcat (begin, "METHOD:PUBLISH\r\n", calendar + strlen (begin), NULL);
}

/**
 * terra_api_calendar_feed:
 *
 * GET /calendar.ics?token=…: every booking from 90 days ago to two years
 * ahead, cancelled ones marked as such, as text/calendar.
 */
gboolean
terra_api_calendar_feed (TerraApiRequest   *request,
                         TerraApiResponse  *response,
                         GError           **error)
{
  g_autofree char *calendar = NULL;
  char *feed;
  gint64 now = _terra_api_now (request);

  if (!check_token (request, error))
    return FALSE;

  calendar = terra_icalendar_export_bookings (request->store, now - FEED_PAST_DAYS * G_TIME_SPAN_DAY,
                                              now + FEED_FUTURE_DAYS * G_TIME_SPAN_DAY, now, error);
  if (calendar == NULL)
    return FALSE;

  feed = as_feed (calendar);
  response->status = 200;
  response->bytes = g_bytes_new_take (feed, strlen (feed));
  response->content_type = g_strdup ("text/calendar; charset=utf-8");
  return TRUE;
}
