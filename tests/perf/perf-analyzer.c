/* perf-analyzer.c — the message analyzer over the labelled corpus
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Goal (engine issue): under 50 µs a message. Analyzes every message of
 * tests/data/analyzer-corpus.json over and over, more than 100,000 times
 * in all, timing each call, and prints the mean and the median. Run with
 * `meson test -C _build --benchmark perf-analyzer -v`.
 */

#include "config.h"

#include <locale.h>
#include <time.h>

#include <json-glib/json-glib.h>

#include "terra-analyzer.h"

#define MIN_CALLS 100000
#define GOAL_US 50.0

static inline gint64
now_ns (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (gint64)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double da = *(const double *)a;
  double db = *(const double *)b;

  return da < db ? -1 : da > db ? 1 : 0;
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *path = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(TerraAnalyzer) analyzer = NULL;
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier ("Asia/Kolkata");
  g_autoptr(GPtrArray) texts = g_ptr_array_new ();
  g_autoptr(GArray) timings = NULL;
  g_autoptr(GDateTime) now = g_date_time_new (zone, 2026, 3, 7, 12, 0, 0);
  TerraAnalyzerContext context = { g_date_time_to_unix (now) * G_USEC_PER_SEC, zone, "INR", NULL };
  JsonArray *messages;
  guint rounds, calls;
  gint64 started, build_ns, json_ns, total_ns = 0;
  double mean, median, p99, json_mean;
  gsize bytes = 0;

  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  /* G_TEST_SRCDIR is tests/ (see tests/meson.build). */
  path = g_test_build_filename (G_TEST_DIST, "data", "analyzer-corpus.json", NULL);
  if (!json_parser_load_from_file (parser, path, &error))
    g_error ("%s: %s", path, error->message);

  messages = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "messages");
  for (guint i = 0; i < json_array_get_length (messages); i++)
    {
      const char *text = json_object_get_string_member (json_array_get_object_element (messages, i), "text");

      g_ptr_array_add (texts, (gpointer)text);
      bytes += strlen (text);
    }
  g_assert_cmpuint (texts->len, >, 0);

  started = now_ns ();
  analyzer = terra_analyzer_new ();
  build_ns = now_ns () - started;

  rounds = (MIN_CALLS + texts->len - 1) / texts->len;
  calls = rounds * texts->len;
  timings = g_array_sized_new (FALSE, FALSE, sizeof (double), calls);

  /* One round to warm the caches, untimed. */
  for (guint i = 0; i < texts->len; i++)
    terra_analyzer_result_free (terra_analyzer_analyze (analyzer, texts->pdata[i], &context));

  for (guint round = 0; round < rounds; round++)
    for (guint i = 0; i < texts->len; i++)
      {
        gint64 t0 = now_ns ();
        TerraAnalyzerResult *result = terra_analyzer_analyze (analyzer, texts->pdata[i], &context);
        gint64 elapsed = now_ns () - t0;
        double us = elapsed / 1000.0;

        terra_analyzer_result_free (result);
        total_ns += elapsed;
        g_array_append_val (timings, us);
      }

  /* What the orchestrator also pays: the three JSON columns. */
  started = now_ns ();
  for (guint round = 0; round < 20; round++)
    for (guint i = 0; i < texts->len; i++)
      {
        g_autoptr(TerraAnalyzerResult) result = terra_analyzer_analyze (analyzer, texts->pdata[i], &context);
        g_autofree char *entities = terra_analyzer_result_entities_to_json (result);
        g_autofree char *objections = terra_analyzer_result_objections_to_json (result);
        g_autofree char *escalations = terra_analyzer_result_escalations_to_json (result);
      }
  json_ns = now_ns () - started;
  json_mean = json_ns / 1000.0 / (20.0 * texts->len);

  g_array_sort (timings, compare_doubles);
  mean = total_ns / 1000.0 / calls;
  median = g_array_index (timings, double, calls / 2);
  p99 = g_array_index (timings, double, (gsize)calls * 99 / 100);

  g_print ("# perf-analyzer: %u messages (%.0f bytes on average), %u rounds, %u calls\n",
           texts->len, (double)bytes / texts->len, rounds, calls);
  g_print ("# building the lexicons: %.2f ms, once\n", build_ns / 1e6);
  g_print ("# per message: mean %.2f µs, median %.2f µs, p99 %.2f µs, max %.2f µs (goal: < %.0f µs)\n",
           mean, median, p99, g_array_index (timings, double, calls - 1), GOAL_US);
  g_print ("# with the three JSON columns: mean %.2f µs\n", json_mean);
  g_print ("# throughput: %.0f messages a second on one thread\n", calls / (total_ns / 1e9));
  g_print ("1..2\n");
  g_print ("%s 1 - mean analysis under %.0f µs\n", mean < GOAL_US ? "ok" : "not ok", GOAL_US);
  g_print ("%s 2 - median analysis under %.0f µs\n", median < GOAL_US ? "ok" : "not ok", GOAL_US);

  return 0;
}
