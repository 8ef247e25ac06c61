/* perf-insights.c — every Insights aggregate over a large workspace
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Goal: all the Insights charts' figures for 90 days over 100,000
 * conversations and 1,000,000 messages in under 150 ms together. The
 * workspace is generated in SQL (terra_store_insights_generate_load()),
 * its conversations spread over the 90 days, so the period holds all of
 * it: the worst case. Prints the best and the median of several runs for
 * 90, 30 and 7 days, all channels and one channel; TAP.
 */

#include "config.h"

#include <stdio.h>

#include "terra-insights.h"
#include "terra-insights-load.h"
#include "terra-test-utils.h"

#define N_CONVERSATIONS 100000
#define N_MESSAGES 1000000
#define SPAN_DAYS 90
#define RUNS 7
#define GOAL_MS 150.0

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *)a, y = *(const double *)b;

  return x < y ? -1 : x > y;
}

/* Best and median of RUNS runs, in ms; the first run warms the cache. */
static void
measure (TerraStore *store,
         int         days,
         const char *channel,
         double     *best,
         double     *median,
         gint64     *conversations)
{
  g_autoptr(GTimeZone) zone = terra_store_get_time_zone (store);
  double times[RUNS];

  for (int run = 0; run < RUNS; run++)
    {
      g_autoptr(TerraInsights) insights = NULL;
      g_autoptr(GError) error = NULL;
      gint64 from, to, start;

      terra_insights_period_days (zone, g_get_real_time (), days, &from, &to);
      start = g_get_monotonic_time ();
      insights = terra_store_get_insights (store, from, to, channel, &error);
      times[run] = (g_get_monotonic_time () - start) / 1000.0;
      g_assert_no_error (error);
      *conversations = insights->funnel_conversations;
    }
  qsort (times, RUNS, sizeof (double), compare_doubles);
  *best = times[0];
  *median = times[RUNS / 2];
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(TerraTestWorkspace) workspace = terra_test_workspace_new ();
  TerraStore *store = terra_workspace_get_store (workspace);
  g_autoptr(GError) error = NULL;
  const struct { int days; const char *channel; } cases[] = {
    { 90, NULL }, { 90, "whatsapp" }, { 30, NULL }, { 7, NULL },
  };
  gint64 start = g_get_monotonic_time ();

  printf ("1..%u\n", (guint)G_N_ELEMENTS (cases));
  if (!terra_store_insights_generate_load (store, N_CONVERSATIONS, N_MESSAGES, SPAN_DAYS, &error))
    {
      printf ("Bail out! %s\n", error->message);
      return 1;
    }
  printf ("# generated %d conversations and %d messages over %d days in %.1f s\n",
          N_CONVERSATIONS, N_MESSAGES, SPAN_DAYS, (g_get_monotonic_time () - start) / 1e6);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      double best, median;
      gint64 conversations = 0;

      measure (store, cases[i].days, cases[i].channel, &best, &median, &conversations);
      printf ("%s %u - all Insights aggregates, %d days, %s: best %.1f ms, median %.1f ms"
              " (%" G_GINT64_FORMAT " conversations; goal < %.0f ms)\n",
              cases[i].days != 90 || median < GOAL_MS ? "ok" : "not ok", i + 1, cases[i].days,
              cases[i].channel != NULL ? cases[i].channel : "all channels", best, median,
              conversations, GOAL_MS);
    }
  return 0;
}
