/* terra-metrics.c — the business's figures over a period
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GET /api/v1/metrics reports counts and response times that the
 * Dashboard's four totals do not cover. Everything is read in one
 * snapshot, so the figures agree with each other.
 */

#define G_LOG_DOMAIN "terra-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "terra-enums.h"
#include "terra-store-private.h"
#include "terra-metrics.h"

static gboolean
count_into (TerraStore  *self,
            const char  *sql,
            gint64       param,
            gint64      *out,
            GError     **error)
{
  g_autoptr(TerraStatement) stmt = _terra_store_prepare (self, sql, error);

  if (stmt == NULL)
    return FALSE;
  if (sqlite3_bind_parameter_count (stmt) > 0)
    sqlite3_bind_int64 (stmt, 1, param);
  if (!_terra_store_step_row (self, stmt, _("Could not compute the metrics"), error))
    return FALSE;
  *out = sqlite3_column_int64 (stmt, 0);
  return TRUE;
}

/* The delay from a conversation's first message from the lead to its first
 * reply, for the conversations started since ?1, sorted; the median and
 * the 90th percentile are read off the sorted list. */
static gboolean
first_response_delays (TerraStore    *self,
                       gint64         since,
                       TerraMetrics  *metrics,
                       GError       **error)
{
  g_autoptr(TerraStatement) stmt = NULL;
  g_autoptr(GArray) delays = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GError) local_error = NULL;

  stmt = _terra_store_prepare (self,
                               "SELECT delay FROM (SELECT c.first_reply_at -"
                               "  (SELECT m.created_at FROM messages m WHERE m.conversation_id = c.id"
                               "   AND m.direction = 'inbound' ORDER BY m.id LIMIT 1) AS delay"
                               "  FROM conversations c"
                               "  WHERE c.first_reply_at IS NOT NULL AND c.created_at >= ?1)"
                               " WHERE delay >= 0 ORDER BY delay",
                               error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, since);

  while (_terra_store_step_row (self, stmt, _("Could not compute the response times"), &local_error))
    {
      gint64 delay = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (delays, delay);
    }
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  metrics->first_responses = delays->len;
  metrics->first_response_median_us = -1;
  metrics->first_response_p90_us = -1;
  if (delays->len > 0)
    {
      guint n = delays->len;

      /* The median of an even count is the mean of the two middle ones. */
      if (n % 2 == 1)
        metrics->first_response_median_us = g_array_index (delays, gint64, n / 2);
      else
        metrics->first_response_median_us = (g_array_index (delays, gint64, n / 2 - 1) +
                                             g_array_index (delays, gint64, n / 2)) / 2;
      /* Nearest rank: the smallest value at or above 90 % of the list. */
      metrics->first_response_p90_us = g_array_index (delays, gint64, (n * 9 + 9) / 10 - 1);
    }
  return TRUE;
}

/**
 * terra_store_get_metrics:
 * @now: the current time, µs since the epoch
 * @period_days: how many days back "in the period" reaches, 1 … 365
 *
 * Fills @metrics from one snapshot of the workspace. "Today" starts at
 * midnight in the business time zone, as on the Dashboard.
 */
gboolean
terra_store_get_metrics (TerraStore    *self,
                         gint64         now,
                         int            period_days,
                         TerraMetrics  *metrics,
                         GError       **error)
{
  TerraDashboardCounts dashboard = { 0 };
  gint64 since;
  gboolean own_snapshot;
  gboolean ok;

  g_return_val_if_fail (TERRA_IS_STORE (self), FALSE);
  g_return_val_if_fail (metrics != NULL, FALSE);

  if (period_days < 1 || period_days > 365)
    {
      g_set_error_literal (error, TERRA_STORE_ERROR, TERRA_STORE_ERROR_INVALID,
                           _("The period must be 1 to 365 days"));
      return FALSE;
    }

  memset (metrics, 0, sizeof *metrics);
  metrics->period_days = period_days;
  since = now - period_days * G_TIME_SPAN_DAY;

  own_snapshot = !terra_store_in_transaction (self);
  if (own_snapshot && !terra_store_begin_read (self, error))
    return FALSE;

  ok = terra_store_get_dashboard_counts (self, now, &dashboard, error) &&
       count_into (self, "SELECT count(*) FROM conversations", 0, &metrics->conversations_total, error) &&
       count_into (self, "SELECT count(*) FROM conversations WHERE created_at >= ?1", since,
                   &metrics->conversations_started, error) &&
       count_into (self, "SELECT count(*) FROM messages WHERE created_at >= ?1 AND direction = 'inbound'",
                   since, &metrics->messages_received, error) &&
       count_into (self, "SELECT count(*) FROM messages WHERE created_at >= ?1 AND author = 'assistant'"
                         " AND draft IN ('none', 'approved')",
                   since, &metrics->replies_sent, error) &&
       count_into (self, "SELECT count(*) FROM contacts", 0, &metrics->leads_total, error) &&
       count_into (self, "SELECT count(*) FROM contacts WHERE qualified_at >= ?1", since,
                   &metrics->leads_qualified, error) &&
       count_into (self, "SELECT count(*) FROM contacts WHERE temperature = 'hot'", 0,
                   &metrics->leads_hot, error) &&
       count_into (self, "SELECT count(*) FROM bookings WHERE created_at >= ?1", since,
                   &metrics->meetings_scheduled, error) &&
       count_into (self, "SELECT count(*) FROM bookings WHERE created_at >= ?1 AND source = 'assistant'",
                   since, &metrics->meetings_by_assistant, error) &&
       count_into (self, "SELECT count(*) FROM bookings WHERE created_at >= ?1 AND status = 'cancelled'",
                   since, &metrics->meetings_cancelled, error) &&
       first_response_delays (self, since, metrics, error);

  if (own_snapshot)
    terra_store_rollback (self);
  if (!ok)
    return FALSE;

  metrics->conversations_today = dashboard.conversations_today;
  metrics->meetings_upcoming = dashboard.meetings_upcoming;
  metrics->open_handoffs = dashboard.open_handoffs;
  return TRUE;
}
