/* terra-insights.h — what the assistant did over a period, for the
 * Insights view
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every figure of the Insights view's charts, read from one snapshot of
 * the workspace with indexed queries. Call it off the main thread.
 */
#pragma once

#include "terra-store.h"

G_BEGIN_DECLS

/* A labelled count: an intent, a handoff reason, a temperature. */
typedef struct
{
  char   *key;
  gint64  count;
} TerraInsightsCount;

/* A cluster of similar questions: the analyzer's intent and the most
 * frequent meaningful word they share. */
typedef struct
{
  char   *intent;
  char   *word;
  gint64  count;
  gint64  conversation_id;   /* the most recent conversation behind it */
} TerraInsightsQuestion;

/* First-reply times of one channel's conversations started in the period. */
typedef struct
{
  char   *channel;
  gint64  replies;
  gint64  median_us;
  gint64  p90_us;
} TerraInsightsResponse;

/* One day of the business time zone. */
typedef struct
{
  GDate   date;
  gint64  analysed;          /* messages analysed that day */
  double  mean_sentiment;    /* -1 … 1; 0 without any */
} TerraInsightsDay;

typedef struct
{
  gint64     from;           /* µs, included */
  gint64     to;             /* µs, excluded */

  /* Quality: the sentiment of the leads' analysed messages and the
   * owner's grades of the assistant's replies. quality is 0 … 100, or -1
   * when there is neither. */
  gint64     analysed;
  gint64     positive;
  gint64     neutral;
  gint64     negative;
  gint64     graded_good;
  gint64     graded_bad;
  int        quality;

  GArray    *intents;        /* TerraInsightsCount, most frequent first */
  GArray    *questions;      /* TerraInsightsQuestion, most frequent first */

  /* Leads who started a conversation in the period, by temperature now. */
  gint64     leads_cold;
  gint64     leads_warm;
  gint64     leads_hot;

  GArray    *days;           /* TerraInsightsDay, every day of the period */

  /* Conversations started in the period; of them, those whose lead is
   * qualified; of those, booked since; of those, a completed booking. */
  gint64     funnel_conversations;
  gint64     funnel_qualified;
  gint64     funnel_booked;
  gint64     funnel_completed;

  GArray    *response_times; /* TerraInsightsResponse, by channel name */
  GArray    *handoffs;       /* TerraInsightsCount by reason ("" unknown), most first */
} TerraInsights;

void           terra_insights_free        (TerraInsights *insights);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TerraInsights, terra_insights_free)

/* The period of the @days days (1 = today) that end now, in @zone's days:
 * from the midnight @days - 1 days before today's to @now. */
void           terra_insights_period_days (GTimeZone     *zone,
                                           gint64         now,
                                           int            days,
                                           gint64        *out_from,
                                           gint64        *out_to);
/* The days @first … @last (included) of @zone. */
void           terra_insights_period_dates (GTimeZone    *zone,
                                            const GDate  *first,
                                            const GDate  *last,
                                            gint64       *out_from,
                                            gint64       *out_to);

/* All figures for [@from, @to) (µs); @channel ("whatsapp", … or NULL for
 * all) limits them to one channel's conversations. */
TerraInsights *terra_store_get_insights   (TerraStore    *self,
                                           gint64         from,
                                           gint64         to,
                                           const char    *channel,
                                           GError       **error);

G_END_DECLS
