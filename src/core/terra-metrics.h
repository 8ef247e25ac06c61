/* terra-metrics.h — the business's figures over a period
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Counts and response times for GET /api/v1/metrics (and any report that
 * wants them): a median is not a count, so this is more than TerraQuery.
 */
#pragma once

#include "terra-store.h"

G_BEGIN_DECLS

/* Figures over a period that ends now; see terra_store_get_metrics(). */
typedef struct
{
  int    period_days;
  gint64 conversations_total;
  gint64 conversations_today;          /* active since local midnight */
  gint64 conversations_started;        /* started in the period */
  gint64 messages_received;            /* from leads, in the period */
  gint64 replies_sent;                 /* by the assistant, in the period (drafts excluded) */
  gint64 leads_total;
  gint64 leads_qualified;              /* qualified in the period */
  gint64 leads_hot;                    /* hot now */
  gint64 meetings_scheduled;           /* booked in the period, whatever became of them */
  gint64 meetings_by_assistant;        /* of those, booked by the assistant */
  gint64 meetings_cancelled;           /* of those, cancelled since */
  gint64 meetings_upcoming;            /* confirmed, from now on */
  gint64 open_handoffs;                /* waiting for the owner now */
  gint64 first_responses;              /* conversations of the period with a first reply */
  gint64 first_response_median_us;     /* median delay from the first message to it; -1 without one */
  gint64 first_response_p90_us;        /* the 90th percentile; -1 without one */
} TerraMetrics;

/* Fills @metrics for the @period_days days (1 … 365) before @now (µs). */
gboolean   terra_store_get_metrics         (TerraStore                    *self,
                                            gint64                         now,
                                            int                            period_days,
                                            TerraMetrics                  *metrics,
                                            GError                       **error);

G_END_DECLS
