/* terra-api-metrics.c — GET /api/v1/metrics: how the business is doing
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The figures of terra_store_get_metrics() over the last `days` days
 * (default 30), for dashboards and scripts outside the app. Durations are
 * given in seconds; a figure that cannot be known yet (no conversation has
 * been answered) is null rather than a made-up zero.
 */

#define G_LOG_DOMAIN "terra-api"

#include "config.h"

#include "terra-api-handlers.h"
#include "terra-metrics.h"

#define DEFAULT_DAYS 30

static void
add_count (JsonBuilder *builder,
           const char  *name,
           gint64       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

static void
add_seconds (JsonBuilder *builder,
             const char  *name,
             gint64       value_us)
{
  json_builder_set_member_name (builder, name);
  if (value_us < 0)
    json_builder_add_null_value (builder);
  else
    json_builder_add_double_value (builder, (double)value_us / G_USEC_PER_SEC);
}

/* A share of a whole as a fraction 0 … 1; null when the whole is empty. */
static void
add_rate (JsonBuilder *builder,
          const char  *name,
          gint64       part,
          gint64       whole)
{
  json_builder_set_member_name (builder, name);
  if (whole <= 0)
    json_builder_add_null_value (builder);
  else
    json_builder_add_double_value (builder, (double)part / whole);
}

/**
 * terra_api_get_metrics:
 *
 * GET /api/v1/metrics?days=N (1 … 365, default 30)
 */
gboolean
terra_api_get_metrics (TerraApiRequest   *request,
                       TerraApiResponse  *response,
                       GError           **error)
{
  g_autoptr(JsonBuilder) builder = NULL;
  TerraMetrics metrics;
  gint64 days = DEFAULT_DAYS;
  gint64 now = _terra_api_now (request);

  if (!_terra_api_query_int (request, "days", 1, 365, &days, error) ||
      !terra_store_get_metrics (request->store, now, days, &metrics, error))
    return FALSE;

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  add_count (builder, "period_days", metrics.period_days);
  _terra_api_add_time (builder, "generated_at", now, NULL);

  json_builder_set_member_name (builder, "conversations");
  json_builder_begin_object (builder);
  add_count (builder, "total", metrics.conversations_total);
  add_count (builder, "today", metrics.conversations_today);
  add_count (builder, "started", metrics.conversations_started);
  add_count (builder, "open_handoffs", metrics.open_handoffs);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "messages");
  json_builder_begin_object (builder);
  add_count (builder, "received", metrics.messages_received);
  add_count (builder, "replies_sent", metrics.replies_sent);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "leads");
  json_builder_begin_object (builder);
  add_count (builder, "total", metrics.leads_total);
  add_count (builder, "qualified", metrics.leads_qualified);
  add_count (builder, "hot", metrics.leads_hot);
  add_rate (builder, "qualification_rate", metrics.leads_qualified, metrics.conversations_started);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "meetings");
  json_builder_begin_object (builder);
  add_count (builder, "scheduled", metrics.meetings_scheduled);
  add_count (builder, "by_assistant", metrics.meetings_by_assistant);
  add_count (builder, "cancelled", metrics.meetings_cancelled);
  add_count (builder, "upcoming", metrics.meetings_upcoming);
  add_rate (builder, "booking_rate", metrics.meetings_scheduled, metrics.conversations_started);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "first_response");
  json_builder_begin_object (builder);
  add_count (builder, "answered", metrics.first_responses);
  add_seconds (builder, "median_seconds", metrics.first_response_median_us);
  add_seconds (builder, "p90_seconds", metrics.first_response_p90_us);
  json_builder_end_object (builder);

  json_builder_end_object (builder);
  _terra_api_respond (response, 200, builder);
  return TRUE;
}
