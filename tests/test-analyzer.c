/* test-analyzer.c — the message analyzer: a labelled corpus and focused cases
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The corpus (tests/data/analyzer-corpus.json) holds realistic messages to
 * a real-estate agency, a clinic, a salon and a tutor, in English,
 * Hinglish, Hindi, Kannada, Tamil and Telugu, with typos and emoji. The
 * test prints the accuracy of every dimension and asserts floors; opt-out
 * and the listed entities must be right every time.
 *
 * Expected instants are written out by hand in UTC.
 */

#include "config.h"

#include <locale.h>

#include <json-glib/json-glib.h>

#include "terra-analyzer.h"

#define HOUR ((gint64)3600 * G_USEC_PER_SEC)

static TerraAnalyzer *analyzer;

static gint64
utc (int year, int month, int day, int hour, int minute)
{
  g_autoptr(GDateTime) time = g_date_time_new_utc (year, month, day, hour, minute, 0);

  return g_date_time_to_unix (time) * G_USEC_PER_SEC;
}

static gint64
local (GTimeZone *zone, int year, int month, int day, int hour, int minute)
{
  g_autoptr(GDateTime) time = g_date_time_new (zone, year, month, day, hour, minute, 0);

  return g_date_time_to_unix (time) * G_USEC_PER_SEC;
}

static TerraAnalyzerResult *
analyze_at (const char *text,
            const char *zone_name,
            gint64      now)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier (zone_name);
  TerraAnalyzerContext context = { now, zone, "INR", NULL };

  g_assert_nonnull (zone);
  return terra_analyzer_analyze (analyzer, text, &context);
}

/* The one entity of a kind the text must give. */
static const TerraAnalyzerEntity *
only_entity (const TerraAnalyzerResult *result,
             TerraAnalyzerEntityKind    kind)
{
  const TerraAnalyzerEntity *found = NULL;

  for (guint i = 0; i < result->entities->len; i++)
    {
      const TerraAnalyzerEntity *entity = &g_array_index (result->entities, TerraAnalyzerEntity, i);

      if (entity->kind != kind)
        continue;
      if (found != NULL)
        g_error ("“%s”: more than one %s entity", result->text, g_enum_to_string (TERRA_TYPE_ANALYZER_ENTITY_KIND, kind));
      found = entity;
    }

  if (found == NULL)
    g_error ("“%s”: no %s entity", result->text, g_enum_to_string (TERRA_TYPE_ANALYZER_ENTITY_KIND, kind));

  return found;
}

static guint
count_entities (const TerraAnalyzerResult *result,
                TerraAnalyzerEntityKind    kind)
{
  guint n = 0;

  for (guint i = 0; i < result->entities->len; i++)
    n += g_array_index (result->entities, TerraAnalyzerEntity, i).kind == kind;

  return n;
}

/* The corpus */

typedef struct
{
  const char *name;
  guint       right;
  guint       total;
} Score;

static void
score (Score    *s,
       gboolean  right)
{
  s->total++;
  s->right += right;
}

static double
ratio (const Score *s)
{
  return s->total > 0 ? (double)s->right / s->total : 1.0;
}

static const char *const sentiment_names[] = { "negative", "neutral", "positive" };

static char *
describe_entity (const TerraAnalyzerEntity *entity)
{
  switch (entity->kind)
    {
    case TERRA_ANALYZER_ENTITY_BUDGET:
      if (entity->amount_min != entity->amount)
        return g_strdup_printf ("budget:%.2f-%.2f:%s", entity->amount_min, entity->amount, entity->currency);
      return g_strdup_printf ("budget:%.2f:%s", entity->amount, entity->currency);
    case TERRA_ANALYZER_ENTITY_DATETIME:
      return g_strdup_printf ("datetime:%s", entity->value);
    case TERRA_ANALYZER_ENTITY_PHONE:
      return g_strdup_printf ("phone:%s", entity->value);
    case TERRA_ANALYZER_ENTITY_EMAIL:
      return g_strdup_printf ("email:%s", entity->value);
    case TERRA_ANALYZER_ENTITY_NAME:
    default:
      return g_strdup_printf ("name:%s", entity->value);
    }
}

static char *
describe_expected_entity (JsonObject *object)
{
  const char *type = json_object_get_string_member (object, "type");

  if (g_str_equal (type, "budget"))
    {
      double amount = json_object_get_double_member (object, "amount");
      const char *currency = json_object_get_string_member_with_default (object, "currency", "");

      if (json_object_has_member (object, "min"))
        return g_strdup_printf ("budget:%.2f-%.2f:%s", json_object_get_double_member (object, "min"),
                                amount, currency);
      return g_strdup_printf ("budget:%.2f:%s", amount, currency);
    }

  return g_strdup_printf ("%s:%s", type, json_object_get_string_member (object, "value"));
}

static char *
join_entities (const TerraAnalyzerResult *result)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < result->entities->len; i++)
    {
      g_autofree char *one = describe_entity (&g_array_index (result->entities, TerraAnalyzerEntity, i));

      g_string_append_printf (out, "%s%s", i > 0 ? " " : "", one);
    }

  return g_string_free (out, FALSE);
}

static char *
join_expected_entities (JsonArray *array)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *one = describe_expected_entity (json_array_get_object_element (array, i));

      g_string_append_printf (out, "%s%s", i > 0 ? " " : "", one);
    }

  return g_string_free (out, FALSE);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char *const *)a, *(const char *const *)b);
}

/* The nicks of the flags set, sorted, joined by spaces. */
static char *
join_flags (GType type,
            guint value)
{
  g_autoptr(GFlagsClass) klass = g_type_class_ref (type);
  g_autoptr(GPtrArray) nicks = g_ptr_array_new ();
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < klass->n_values; i++)
    if (klass->values[i].value != 0 && (value & klass->values[i].value))
      g_ptr_array_add (nicks, (gpointer)klass->values[i].value_nick);
  g_ptr_array_sort (nicks, compare_strings);

  for (guint i = 0; i < nicks->len; i++)
    g_string_append_printf (out, "%s%s", i > 0 ? " " : "", (char *)nicks->pdata[i]);

  return g_string_free (out, FALSE);
}

static char *
join_expected_flags (JsonArray *array)
{
  g_autoptr(GPtrArray) nicks = g_ptr_array_new ();
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < json_array_get_length (array); i++)
    g_ptr_array_add (nicks, (gpointer)json_array_get_string_element (array, i));
  g_ptr_array_sort (nicks, compare_strings);

  for (guint i = 0; i < nicks->len; i++)
    g_string_append_printf (out, "%s%s", i > 0 ? " " : "", (char *)nicks->pdata[i]);

  return g_string_free (out, FALSE);
}

static void
test_corpus (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "analyzer-corpus.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GTimeZone) zone = NULL;
  g_autoptr(GDateTime) now = NULL;
  JsonObject *root;
  JsonArray *messages;
  TerraAnalyzerContext context = { 0 };
  Score intent = { "intent" }, sentiment = { "sentiment" }, language = { "language" };
  Score opt_out = { "opt-out" }, entities = { "entities" }, objections = { "objections" };
  Score escalations = { "escalations" };
  Score *scores[] = { &intent, &sentiment, &language, &opt_out, &entities, &objections, &escalations };
  guint opt_out_false_positives = 0;

  g_assert_true (json_parser_load_from_file (parser, path, &error));
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  messages = json_object_get_array_member (root, "messages");
  g_assert_cmpuint (json_array_get_length (messages), >=, 150);

  zone = g_time_zone_new_identifier (json_object_get_string_member (root, "timezone"));
  g_assert_nonnull (zone);
  now = g_date_time_new_from_iso8601 (json_object_get_string_member (root, "now"), NULL);
  g_assert_nonnull (now);
  context.now = g_date_time_to_unix (now) * G_USEC_PER_SEC;
  context.time_zone = zone;
  context.currency = json_object_get_string_member (root, "currency");

  for (guint i = 0; i < json_array_get_length (messages); i++)
    {
      JsonObject *message = json_array_get_object_element (messages, i);
      const char *text = json_object_get_string_member (message, "text");
      const char *want_intent = json_object_get_string_member (message, "intent");
      const char *want_sentiment = json_object_get_string_member (message, "sentiment");
      const char *want_language = json_object_get_string_member (message, "language");
      gboolean want_opt_out = json_object_get_boolean_member_with_default (message, "opt_out", FALSE);
      g_autoptr(TerraAnalyzerResult) result = terra_analyzer_analyze (analyzer, text, &context);
      const char *got_intent = terra_intent_to_string (result->intent);
      const char *got_sentiment = sentiment_names[result->sentiment];

      score (&intent, g_str_equal (got_intent, want_intent));
      if (!g_str_equal (got_intent, want_intent))
        g_test_message ("intent: “%s”: %s, expected %s", text, got_intent, want_intent);

      score (&sentiment, g_str_equal (got_sentiment, want_sentiment));
      if (!g_str_equal (got_sentiment, want_sentiment))
        g_test_message ("sentiment: “%s”: %s (%.2f), expected %s", text, got_sentiment,
                        result->sentiment_score, want_sentiment);

      score (&language, g_str_equal (result->language, want_language));
      if (!g_str_equal (result->language, want_language))
        g_test_message ("language: “%s”: %s, expected %s", text, result->language, want_language);

      score (&opt_out, result->opt_out == want_opt_out);
      if (result->opt_out != want_opt_out)
        {
          g_test_message ("opt-out: “%s”: %d, expected %d", text, result->opt_out, want_opt_out);
          opt_out_false_positives += result->opt_out;
        }

      if (json_object_has_member (message, "entities"))
        {
          g_autofree char *got = join_entities (result);
          g_autofree char *want = join_expected_entities (json_object_get_array_member (message, "entities"));

          score (&entities, g_str_equal (got, want));
          if (!g_str_equal (got, want))
            g_test_message ("entities: “%s”: [%s], expected [%s]", text, got, want);
        }

      if (json_object_has_member (message, "objections"))
        {
          g_autofree char *got = join_flags (TERRA_TYPE_OBJECTIONS, result->objections);
          g_autofree char *want = join_expected_flags (json_object_get_array_member (message, "objections"));

          score (&objections, g_str_equal (got, want));
          if (!g_str_equal (got, want))
            g_test_message ("objections: “%s”: [%s], expected [%s]", text, got, want);
        }

      if (json_object_has_member (message, "escalations"))
        {
          g_autofree char *got = join_flags (TERRA_TYPE_ESCALATIONS, result->escalations);
          g_autofree char *want = join_expected_flags (json_object_get_array_member (message, "escalations"));

          score (&escalations, g_str_equal (got, want));
          if (!g_str_equal (got, want))
            g_test_message ("escalations: “%s”: [%s], expected [%s]", text, got, want);
        }
    }

  for (guint i = 0; i < G_N_ELEMENTS (scores); i++)
    g_test_message ("accuracy %-12s %5.1f%% (%u/%u)", scores[i]->name,
                    100 * ratio (scores[i]), scores[i]->right, scores[i]->total);

  g_assert_cmpfloat (ratio (&intent), >=, 0.85);
  g_assert_cmpfloat (ratio (&sentiment), >=, 0.85);
  g_assert_cmpfloat (ratio (&language), >=, 0.95);
  g_assert_cmpuint (opt_out_false_positives, ==, 0);
  g_assert_cmpfloat (ratio (&opt_out), ==, 1.0);
  g_assert_cmpfloat (ratio (&entities), ==, 1.0);
  g_assert_cmpfloat (ratio (&objections), >=, 0.9);
  g_assert_cmpfloat (ratio (&escalations), >=, 0.9);
}

/* Dates */

/* America/New_York springs forward on 2026-03-08 at 02:00 (EST, -5 → EDT,
 * -4) and falls back on 2026-11-01 at 02:00. */
static void
test_dates_dst (void)
{
  g_autoptr(GTimeZone) new_york = g_time_zone_new_identifier ("America/New_York");
  g_autoptr(GTimeZone) london = g_time_zone_new_identifier ("Europe/London");
  const TerraAnalyzerEntity *entity;

  /* The day before the change, at noon. */
  {
    g_autoptr(TerraAnalyzerResult) result =
      analyze_at ("Can I come tomorrow at 3pm?", "America/New_York", local (new_york, 2026, 3, 7, 12, 0));

    entity = only_entity (result, TERRA_ANALYZER_ENTITY_DATETIME);
    g_assert_cmpint (entity->start_utc, ==, utc (2026, 3, 8, 19, 0));
    g_assert_cmpint (entity->end_utc, ==, utc (2026, 3, 8, 20, 0));
    g_assert_cmpint (entity->grain, ==, TERRA_TIME_GRAIN_MINUTE);
    g_assert_cmpint (entity->hour, ==, 15);
    g_assert_cmpstr (entity->value, ==, "2026-03-08T15:00:00-04:00");
    g_assert_cmpstr (entity->text, ==, "tomorrow at 3pm");
  }

  /* The whole day of the change has 23 hours. */
  {
    g_autoptr(TerraAnalyzerResult) result =
      analyze_at ("tomorrow works", "America/New_York", local (new_york, 2026, 3, 7, 12, 0));

    entity = only_entity (result, TERRA_ANALYZER_ENTITY_DATETIME);
    g_assert_cmpint (entity->grain, ==, TERRA_TIME_GRAIN_DAY);
    g_assert_cmpint (entity->start_utc, ==, utc (2026, 3, 8, 5, 0));
    g_assert_cmpint (entity->end_utc, ==, utc (2026, 3, 9, 4, 0));
  }

  /* Falling back: 9am EST is 14:00 UTC. */
  {
    g_autoptr(TerraAnalyzerResult) result =
      analyze_at ("tomorrow 9am", "America/New_York", local (new_york, 2026, 10, 31, 18, 0));

    entity = only_entity (result, TERRA_ANALYZER_ENTITY_DATETIME);
    g_assert_cmpint (entity->start_utc, ==, utc (2026, 11, 1, 14, 0));
  }

  /* Europe/London: BST from 2026-03-29 01:00 UTC. */
  {
    g_autoptr(TerraAnalyzerResult) result =
      analyze_at ("tomorrow at 3pm please", "Europe/London", local (london, 2026, 3, 28, 10, 0));

    entity = only_entity (result, TERRA_ANALYZER_ENTITY_DATETIME);
    g_assert_cmpint (entity->start_utc, ==, utc (2026, 3, 29, 14, 0));
    g_assert_cmpstr (entity->value, ==, "2026-03-29T15:00:00+01:00");
  }
}

/* The local start of the entity; hour is -1 for midnight of a whole day
 * or week. */
typedef struct
{
  const char    *text;
  int            year, month, day, hour, minute;
  TerraTimeGrain grain;
} DateCase;

static void
check_dates (const char     *zone_name,
             gint64          now,
             const DateCase *cases,
             guint           n_cases)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier (zone_name);

  for (guint i = 0; i < n_cases; i++)
    {
      g_autoptr(TerraAnalyzerResult) result = analyze_at (cases[i].text, zone_name, now);
      const TerraAnalyzerEntity *entity = only_entity (result, TERRA_ANALYZER_ENTITY_DATETIME);
      gint64 want = local (zone, cases[i].year, cases[i].month, cases[i].day,
                           MAX (cases[i].hour, 0), cases[i].minute);

      g_test_message ("“%s” → %s", cases[i].text, entity->value);
      g_assert_cmpint (entity->start_utc, ==, want);
      g_assert_cmpint (entity->grain, ==, cases[i].grain);
      g_assert_cmpint (g_date_get_day (&entity->date), ==, cases[i].day);
      /* Only a time of day says an hour. */
      g_assert_cmpint (entity->hour, ==, cases[i].grain == TERRA_TIME_GRAIN_MINUTE ? cases[i].hour : -1);
    }
}

static void
test_dates_weekdays (void)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier ("Asia/Kolkata");
  /* Monday 2026-03-09, 10:00. */
  gint64 monday = local (zone, 2026, 3, 9, 10, 0);
  /* Saturday 2026-03-07, 12:00. */
  gint64 saturday = local (zone, 2026, 3, 7, 12, 0);
  const DateCase on_monday[] = {
    { "next Monday", 2026, 3, 16, -1, 0, TERRA_TIME_GRAIN_DAY },
    { "this Monday", 2026, 3, 9, -1, 0, TERRA_TIME_GRAIN_DAY },
    { "Monday", 2026, 3, 16, -1, 0, TERRA_TIME_GRAIN_DAY },
    { "next Monday morning", 2026, 3, 16, 6, 0, TERRA_TIME_GRAIN_DAY_PART },
    { "next Friday 4pm", 2026, 3, 20, 16, 0, TERRA_TIME_GRAIN_MINUTE },
    { "on wed at 11", 2026, 3, 11, 11, 0, TERRA_TIME_GRAIN_MINUTE },
    { "Sunday", 2026, 3, 15, -1, 0, TERRA_TIME_GRAIN_DAY },
    { "next week", 2026, 3, 16, -1, 0, TERRA_TIME_GRAIN_WEEK },
    { "this weekend", 2026, 3, 14, -1, 0, TERRA_TIME_GRAIN_WEEK },
  };
  const DateCase on_saturday[] = {
    { "next Monday", 2026, 3, 9, -1, 0, TERRA_TIME_GRAIN_DAY },
    { "this Saturday", 2026, 3, 7, -1, 0, TERRA_TIME_GRAIN_DAY },
    { "Saturday", 2026, 3, 14, -1, 0, TERRA_TIME_GRAIN_DAY },
    { "agle somvar", 2026, 3, 9, -1, 0, TERRA_TIME_GRAIN_DAY },
    { "ಮುಂದಿನ ಸೋಮವಾರ", 2026, 3, 9, -1, 0, TERRA_TIME_GRAIN_DAY },
    { "அடுத்த திங்கள்கிழமை", 2026, 3, 9, -1, 0, TERRA_TIME_GRAIN_DAY },
    { "సోమవారం", 2026, 3, 9, -1, 0, TERRA_TIME_GRAIN_DAY },
  };

  check_dates ("Asia/Kolkata", monday, on_monday, G_N_ELEMENTS (on_monday));
  check_dates ("Asia/Kolkata", saturday, on_saturday, G_N_ELEMENTS (on_saturday));
}

static void
test_dates_calendar (void)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier ("Asia/Kolkata");
  /* 2026-12-26: "25 Dec" has passed this year. */
  gint64 boxing_day = local (zone, 2026, 12, 26, 9, 0);
  const DateCase cases[] = {
    { "25 Dec", 2027, 12, 25, -1, 0, TERRA_TIME_GRAIN_DAY },
    { "25 Dec 11am", 2027, 12, 25, 11, 0, TERRA_TIME_GRAIN_MINUTE },
    { "26th December", 2026, 12, 26, -1, 0, TERRA_TIME_GRAIN_DAY },
    { "Dec 31st at 5:30 pm", 2026, 12, 31, 17, 30, TERRA_TIME_GRAIN_MINUTE },
    { "Jan 5", 2027, 1, 5, -1, 0, TERRA_TIME_GRAIN_DAY },
    { "5th of January, 2027", 2027, 1, 5, -1, 0, TERRA_TIME_GRAIN_DAY },
    { "on 3/1", 2027, 1, 3, -1, 0, TERRA_TIME_GRAIN_DAY },
    { "10/01/2027 at 10", 2027, 1, 10, 10, 0, TERRA_TIME_GRAIN_MINUTE },
    { "2027-02-14", 2027, 2, 14, -1, 0, TERRA_TIME_GRAIN_DAY },
    { "15.01.2027", 2027, 1, 15, -1, 0, TERRA_TIME_GRAIN_DAY },
    { "in 2 days", 2026, 12, 28, -1, 0, TERRA_TIME_GRAIN_DAY },
    { "after a couple of weeks", 2027, 1, 9, -1, 0, TERRA_TIME_GRAIN_DAY },
    { "do din baad", 2026, 12, 28, -1, 0, TERRA_TIME_GRAIN_DAY },
    { "day after tomorrow", 2026, 12, 28, -1, 0, TERRA_TIME_GRAIN_DAY },
    { "parso subah", 2026, 12, 28, 6, 0, TERRA_TIME_GRAIN_DAY_PART },
    { "tonight", 2026, 12, 26, 20, 0, TERRA_TIME_GRAIN_DAY_PART },
    { "today evening", 2026, 12, 26, 17, 0, TERRA_TIME_GRAIN_DAY_PART },
    { "this evening", 2026, 12, 26, 17, 0, TERRA_TIME_GRAIN_DAY_PART },
    { "3:30 pm", 2026, 12, 26, 15, 30, TERRA_TIME_GRAIN_MINUTE },
    { "8:30", 2026, 12, 27, 8, 30, TERRA_TIME_GRAIN_MINUTE },
    { "15:00", 2026, 12, 26, 15, 0, TERRA_TIME_GRAIN_MINUTE },
    { "at 5", 2026, 12, 26, 17, 0, TERRA_TIME_GRAIN_MINUTE },
    { "5 in the evening", 2026, 12, 26, 17, 0, TERRA_TIME_GRAIN_MINUTE },
    { "tomorrow noon", 2026, 12, 27, 12, 0, TERRA_TIME_GRAIN_MINUTE },
    { "12 noon tomorrow", 2026, 12, 27, 12, 0, TERRA_TIME_GRAIN_MINUTE },
    { "kal shaam 5 baje", 2026, 12, 27, 17, 0, TERRA_TIME_GRAIN_MINUTE },
    { "kal raat 9 baje", 2026, 12, 27, 21, 0, TERRA_TIME_GRAIN_MINUTE },
    { "कल शाम 6 बजे", 2026, 12, 27, 18, 0, TERRA_TIME_GRAIN_MINUTE },
    { "ನಾಳೆ ಬೆಳಿಗ್ಗೆ 10 ಗಂಟೆಗೆ", 2026, 12, 27, 10, 0, TERRA_TIME_GRAIN_MINUTE },
    { "நாளை மாலை 4 மணிக்கு", 2026, 12, 27, 16, 0, TERRA_TIME_GRAIN_MINUTE },
    { "రేపు ఉదయం 9 గంటలకు", 2026, 12, 27, 9, 0, TERRA_TIME_GRAIN_MINUTE },
    { "3.30pm tmrw", 2026, 12, 27, 15, 30, TERRA_TIME_GRAIN_MINUTE },
    { "10 a.m. on Monday", 2026, 12, 28, 10, 0, TERRA_TIME_GRAIN_MINUTE },
  };

  check_dates ("Asia/Kolkata", boxing_day, cases, G_N_ELEMENTS (cases));

  /* Relative hours are instants. */
  {
    g_autoptr(TerraAnalyzerResult) result = analyze_at ("call me in 2 hours", "Asia/Kolkata", boxing_day);
    const TerraAnalyzerEntity *entity = only_entity (result, TERRA_ANALYZER_ENTITY_DATETIME);

    g_assert_cmpint (entity->start_utc, ==, boxing_day + 2 * HOUR);
    g_assert_cmpint (entity->grain, ==, TERRA_TIME_GRAIN_MINUTE);
  }

  /* The Americas write the month first. */
  {
    g_autoptr(GTimeZone) new_york = g_time_zone_new_identifier ("America/New_York");
    const DateCase us[] = {
      { "12/25", 2026, 12, 25, -1, 0, TERRA_TIME_GRAIN_DAY },
      { "1/3 at 2pm", 2027, 1, 3, 14, 0, TERRA_TIME_GRAIN_MINUTE },
    };

    check_dates ("America/New_York", local (new_york, 2026, 12, 1, 9, 0), us, G_N_ELEMENTS (us));
  }
}

static void
test_dates_none (void)
{
  const char *texts[] = {
    "Good morning!",
    "I need a 2 bhk",
    "budget 80 lakh",
    "We are 3 people",
    "Call 9876543210",
    "My flat is on the 5th floor",
    "2-3 days is fine",
    "may I know the price",
    "I sat there for an hour",
    "Version 2.0 of the brochure",
    "1200 sqft",
  };
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier ("Asia/Kolkata");
  gint64 now = local (zone, 2026, 3, 7, 12, 0);

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(TerraAnalyzerResult) result = analyze_at (texts[i], "Asia/Kolkata", now);

      if (count_entities (result, TERRA_ANALYZER_ENTITY_DATETIME) != 0)
        g_error ("“%s” should name no date: %s", texts[i],
                 terra_analyzer_result_find_entity (result, TERRA_ANALYZER_ENTITY_DATETIME)->text);
    }
}

/* Budgets */

static void
test_budgets (void)
{
  const struct {
    const char *text;
    double      amount;
    double      min;
    const char *currency;
    const char *span;
  } cases[] = {
    { "budget is 80 lakh", 8000000, 8000000, "INR", "80 lakh" },
    { "around 1.2 cr", 12000000, 12000000, "INR", "1.2 cr" },
    { "1.2 crore max", 12000000, 12000000, "INR", "1.2 crore" },
    { "up to $450k", 450000, 450000, "USD", "$450k" },
    { "₹75L", 7500000, 7500000, "INR", "₹75L" },
    { "₹ 75 lakhs", 7500000, 7500000, "INR", "₹ 75 lakhs" },
    { "50k per month", 50000, 50000, "INR", "50k" },
    { "2.5 million", 2500000, 2500000, "INR", "2.5 million" },
    { "2.5 million dollars", 2500000, 2500000, "USD", "2.5 million dollars" },
    { "Rs. 50,000/- only", 50000, 50000, "INR", "Rs. 50,000/-" },
    { "budget 2,50,000", 250000, 250000, "INR", "2,50,000" },
    { "between 80-90 lakh", 9000000, 8000000, "INR", "80-90 lakh" },
    { "80 lakh to 1 cr", 10000000, 8000000, "INR", "80 lakh to 1 cr" },
    { "£300,000", 300000, 300000, "GBP", "£300,000" },
    { "€1.5m", 1500000, 1500000, "EUR", "€1.5m" },
    { "50 lakh tak", 5000000, 5000000, "INR", "50 lakh" },
    { "5000 rupees", 5000, 5000, "INR", "5000 rupees" },
    { "80 लाख", 8000000, 8000000, "INR", "80 लाख" },
    { "1.5 ಕೋಟಿ", 15000000, 15000000, "INR", "1.5 ಕೋಟಿ" },
  };
  const char *none[] = {
    "around 1200 sqft", "2 bhk", "in 2026", "at 5", "3 people", "room 101",
    "class 10", "I am 25", "9876543210",
  };
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier ("Asia/Kolkata");
  gint64 now = local (zone, 2026, 3, 7, 12, 0);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(TerraAnalyzerResult) result = analyze_at (cases[i].text, "Asia/Kolkata", now);
      const TerraAnalyzerEntity *entity = only_entity (result, TERRA_ANALYZER_ENTITY_BUDGET);

      g_test_message ("“%s” → %.2f %s", cases[i].text, entity->amount, entity->currency);
      g_assert_cmpfloat (entity->amount, ==, cases[i].amount);
      g_assert_cmpfloat (entity->amount_min, ==, cases[i].min);
      g_assert_cmpstr (entity->currency, ==, cases[i].currency);
      g_assert_cmpstr (entity->text, ==, cases[i].span);
    }

  for (guint i = 0; i < G_N_ELEMENTS (none); i++)
    {
      g_autoptr(TerraAnalyzerResult) result = analyze_at (none[i], "Asia/Kolkata", now);

      if (count_entities (result, TERRA_ANALYZER_ENTITY_BUDGET) != 0)
        g_error ("“%s” should name no budget", none[i]);
    }

  /* Without a business currency, "50k" has none. */
  {
    TerraAnalyzerContext context = { now, zone, NULL, NULL };
    g_autoptr(TerraAnalyzerResult) result = terra_analyzer_analyze (analyzer, "budget 50k", &context);

    g_assert_cmpstr (only_entity (result, TERRA_ANALYZER_ENTITY_BUDGET)->currency, ==, "");
  }
}

/* Phones, emails, names */

static void
test_phones (void)
{
  const struct {
    const char *text;
    const char *calling_code;
    const char *value;
  } cases[] = {
    { "call me on +91 98765 43210", NULL, "+919876543210" },
    { "my number 098765-43210", NULL, "+919876543210" },
    { "9876543210", NULL, "+919876543210" },
    { "919876543210 is my whatsapp", NULL, "+919876543210" },
    { "+1 (415) 555-2671", NULL, "+14155552671" },
    { "(415) 555-2671", "1", "+14155552671" },
    { "07911 123456", "44", "+447911123456" },
    { "0044 7911 123456", NULL, "+447911123456" },
    { "phone: 080 2345 6789", NULL, "+918023456789" },
    { "reach me at 98450.12345.", NULL, "+919845012345" },
  };
  const char *none[] = {
    "Order 12345", "25-12-2026", "Rs 1,20,00,000", "between 80-90 lakh", "2026-12-25 11:00",
    "version 1.2.3.4", "1234567", "ID ABC9876543210",
  };
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier ("Asia/Kolkata");
  gint64 now = local (zone, 2026, 3, 7, 12, 0);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      TerraAnalyzerContext context = { now, zone, "INR", cases[i].calling_code };
      g_autoptr(TerraAnalyzerResult) result = terra_analyzer_analyze (analyzer, cases[i].text, &context);

      g_test_message ("“%s”", cases[i].text);
      g_assert_cmpstr (only_entity (result, TERRA_ANALYZER_ENTITY_PHONE)->value, ==, cases[i].value);
      g_assert_cmpuint (count_entities (result, TERRA_ANALYZER_ENTITY_BUDGET), ==, 0);
      g_assert_cmpuint (count_entities (result, TERRA_ANALYZER_ENTITY_DATETIME), ==, 0);
    }

  for (guint i = 0; i < G_N_ELEMENTS (none); i++)
    {
      g_autoptr(TerraAnalyzerResult) result = analyze_at (none[i], "Asia/Kolkata", now);

      if (count_entities (result, TERRA_ANALYZER_ENTITY_PHONE) != 0)
        g_error ("“%s” should name no phone", none[i]);
    }

  /* Two numbers side by side stay two. */
  {
    g_autoptr(TerraAnalyzerResult) result =
      analyze_at ("9876543210 9845012345", "Asia/Kolkata", now);

    g_assert_cmpuint (count_entities (result, TERRA_ANALYZER_ENTITY_PHONE), ==, 2);
    g_assert_cmpstr (g_array_index (result->entities, TerraAnalyzerEntity, 1).value, ==, "+919845012345");
  }
}

static void
test_emails (void)
{
  const struct {
    const char *text;
    const char *value;
  } cases[] = {
    { "Mail me at Priya.Sharma@Gmail.com.", "priya.sharma@gmail.com" },
    { "email: rahul_k89+homes@yahoo.co.in", "rahul_k89+homes@yahoo.co.in" },
    { "(arjun@example.org)", "arjun@example.org" },
  };
  const char *none[] = { "a@b", "foo@bar.c", "@home", "meet @ 5pm", "x@y.123" };
  gint64 now = (gint64)1772865000 * G_USEC_PER_SEC;  /* 2026-03-07 06:30 UTC */

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(TerraAnalyzerResult) result = analyze_at (cases[i].text, "UTC", now);

      g_assert_cmpstr (only_entity (result, TERRA_ANALYZER_ENTITY_EMAIL)->value, ==, cases[i].value);
      g_assert_cmpuint (count_entities (result, TERRA_ANALYZER_ENTITY_NAME), ==, 0);
    }

  for (guint i = 0; i < G_N_ELEMENTS (none); i++)
    {
      g_autoptr(TerraAnalyzerResult) result = analyze_at (none[i], "UTC", now);

      if (count_entities (result, TERRA_ANALYZER_ENTITY_EMAIL) != 0)
        g_error ("“%s” should name no email", none[i]);
    }
}

static void
test_names (void)
{
  const struct {
    const char *text;
    const char *value;
  } cases[] = {
    { "I'm Rahul", "Rahul" },
    { "Hi, my name is Priya Sharma and I need a flat", "Priya Sharma" },
    { "this is Arjun from Koramangala", "Arjun" },
    { "my name is deepa", "Deepa" },
    { "i am suresh, need 2bhk", "Suresh" },
    { "Rahul here, any update?", "Rahul" },
    { "MY NAME IS RAVI KUMAR", "Ravi Kumar" },
    { "I am Dr. Mehta", "Mehta" },
    { "mera naam Vikram hai", "Vikram" },
    { "मेरा नाम सुनीता है", "सुनीता" },
    { "ನನ್ನ ಹೆಸರು ರಮೇಶ್", "ರಮೇಶ್" },
    { "என் பெயர் கார்த்திக்", "கார்த்திக்" },
    { "నా పేరు లక్ష్మి", "లక్ష్మి" },
  };
  const char *none[] = {
    "I'm interested", "I am looking for a flat", "This is urgent", "I'm not sure",
    "I am in Bangalore", "This is ridiculous", "I'm Available tomorrow", "I am coming at 5",
    "Thanks Priya", "I'm okay with that",
  };
  gint64 now = (gint64)1772865000 * G_USEC_PER_SEC;  /* 2026-03-07 06:30 UTC */

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(TerraAnalyzerResult) result = analyze_at (cases[i].text, "UTC", now);

      g_test_message ("“%s”", cases[i].text);
      g_assert_cmpstr (only_entity (result, TERRA_ANALYZER_ENTITY_NAME)->value, ==, cases[i].value);
    }

  for (guint i = 0; i < G_N_ELEMENTS (none); i++)
    {
      g_autoptr(TerraAnalyzerResult) result = analyze_at (none[i], "UTC", now);

      if (count_entities (result, TERRA_ANALYZER_ENTITY_NAME) != 0)
        g_error ("“%s” should name no one, not %s", none[i],
                 terra_analyzer_result_find_entity (result, TERRA_ANALYZER_ENTITY_NAME)->value);
    }
}

/* Opt-out: every request is caught; nothing else is. */
static void
test_opt_out (void)
{
  const char *yes[] = {
    "STOP", "stop", "Stop.", "STOP!!", "please stop", "STOP ALL", "unsubscribe", "UNSUBSCRIBE ME",
    "opt out", "Stop messaging me", "stop texting me pls", "Please stop sending me these messages",
    "Don't message me again", "do not contact me", "remove me from your list",
    "leave me alone", "Can you stop messaging me", "If you don't stop messaging me I'll complain",
    "STOP. Not interested", "mat bhejo", "message mat karo", "ye sab band karo",
    "msg band kar do", "मुझे मैसेज मत भेजो", "बंद करो", "ಮೆಸೇಜ್ ಕಳುಹಿಸಬೇಡಿ",
    "மெசேஜ் அனுப்பாதீர்கள்", "ఆపండి", "మెసేజ్ పంపవద్దు", "Unsubscribe 🙏",
  };
  const char *no[] = {
    "don't stop sending me listings", "Why did you stop sending updates?", "Can I stop by tomorrow?",
    "the bus stop is near", "non-stop power backup?", "never stop improving!", "I stopped by yesterday",
    "Please send me more messages about new launches", "Is the AC band working?",
    "Sunday ko band hai?", "cancel", "cancel my appointment", "I won't stop until I find a flat",
    "What's the stop-loss?", "end of the month is fine", "Don't unsubscribe me",
  };
  gint64 now = (gint64)1772865000 * G_USEC_PER_SEC;  /* 2026-03-07 06:30 UTC */

  for (guint i = 0; i < G_N_ELEMENTS (yes); i++)
    {
      g_autoptr(TerraAnalyzerResult) result = analyze_at (yes[i], "UTC", now);

      if (!result->opt_out || result->intent != TERRA_INTENT_OPT_OUT)
        g_error ("“%s” opts out", yes[i]);
    }

  for (guint i = 0; i < G_N_ELEMENTS (no); i++)
    {
      g_autoptr(TerraAnalyzerResult) result = analyze_at (no[i], "UTC", now);

      if (result->opt_out)
        g_error ("“%s” does not opt out", no[i]);
    }
}

static void
test_escalations (void)
{
  const struct {
    const char      *text;
    TerraEscalations flags;
  } cases[] = {
    { "I will take legal action", TERRA_ESCALATION_LEGAL },
    { "complaint to RERA is next", TERRA_ESCALATION_LEGAL },
    { "Is the project RERA registered?", 0 },
    { "Are all the legal documents clear?", 0 },
    { "talk to a real person", TERRA_ESCALATION_HUMAN_REQUEST },
    { "Any discount?", TERRA_ESCALATION_DISCOUNT },
    { "WHERE IS MY REFUND, NOBODY ANSWERS", TERRA_ESCALATION_FRUSTRATION },
    { "hello???", TERRA_ESCALATION_FRUSTRATION },
    { "What is the price?", 0 },
    { "I need an EMI of 2BHK", 0 },
    { "what the fuck", TERRA_ESCALATION_PROFANITY | TERRA_ESCALATION_NEGATIVE_SENTIMENT },
    { "Terrible, horrible, worst agency ever", TERRA_ESCALATION_NEGATIVE_SENTIMENT },
    { "I am the manager of a bank", 0 },
  };
  gint64 now = (gint64)1772865000 * G_USEC_PER_SEC;  /* 2026-03-07 06:30 UTC */

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(TerraAnalyzerResult) result = analyze_at (cases[i].text, "UTC", now);
      g_autofree char *got = join_flags (TERRA_TYPE_ESCALATIONS, result->escalations);
      g_autofree char *want = join_flags (TERRA_TYPE_ESCALATIONS, cases[i].flags);

      g_test_message ("“%s”: [%s]", cases[i].text, got);
      g_assert_cmpstr (got, ==, want);
    }
}

static void
test_languages (void)
{
  const struct {
    const char *text;
    const char *language;
  } cases[] = {
    { "দাম কত?", "bn" },
    { "કિંમત કેટલી છે?", "gu" },
    { "ਕੀਮਤ ਕੀ ਹੈ?", "pa" },
    { "വില എത്രയാണ്?", "ml" },
    { "मला घर पाहिजे", "hi" },
    { "كم السعر؟", "ar" },
    { "价格是多少？", "zh" },
    { "価格はいくらですか？", "ja" },
    { "가격이 얼마예요?", "ko" },
    { "Сколько стоит квартира?", "ru" },
    { "Hola, quiero información sobre el apartamento", "es" },
    { "Bonjour, je voudrais un rendez-vous", "fr" },
    { "Hallo, ich möchte einen Termin", "de" },
    { "2BHK flat ಬೆಲೆ ಎಷ್ಟು?", "kn" },
    { "kitna", "hi-Latn" },
    { "Hi, what's the price?", "en" },
    { "🙏🙏", "other" },
    { "12345", "other" },
  };
  gint64 now = (gint64)1772865000 * G_USEC_PER_SEC;  /* 2026-03-07 06:30 UTC */

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(TerraAnalyzerResult) result = analyze_at (cases[i].text, "UTC", now);

      g_test_message ("“%s”", cases[i].text);
      g_assert_cmpstr (result->language, ==, cases[i].language);
    }
}

/* Whatever arrives, the analyzer answers, with valid UTF-8 and bounded
 * work. */
static void
test_robustness (void)
{
  g_autoptr(GString) huge = g_string_new (NULL);
  g_autoptr(GString) cut = g_string_new (NULL);
  const char *texts[] = {
    "", " ", "\n\t", "???", "!!!!!!!!", "@", "+", "₹", "$", "a@", "@b.com", "1", "0000000000000000000000",
    "99999999999999999999999999999999 lakh", "1.2.3.4.5 cr", "0.000001 cr", ":", "3:", ":30", "25/", "/12",
    "<script>alert(1)</script>", "'; DROP TABLE messages; --", "\"quoted\" \\ backslash",
    "\xff\xfe invalid \xc3\x28 bytes \xe2\x82", "tomorrow\xe2\x80", "🙏🏽👨‍👩‍👧‍👦🇮🇳",
    "\xcc\x81\xcc\x81\xcc\x81", "Z\xcd\x8a\xcd\x8b\xcd\x8c\xcd\x8d", "in 999999 hours", "in 400 months",
    "31/02/2027", "32 Dec", "0 Jan", "25:99", "13pm", "00:00", "12am", "12 pm", "next next next",
    "this this Monday", "www.", "http://", "mailto:@", "+91", "+91 ", "(((((((((())))))",
    "I'm", "my name is", "call me on", "budget", "in", "in a", "day after", "~ _ * |",
  };
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier ("Asia/Kolkata");
  gint64 now = local (zone, 2026, 3, 7, 12, 0);

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(TerraAnalyzerResult) result = analyze_at (texts[i], "Asia/Kolkata", now);
      g_autofree char *json = terra_analyzer_result_to_json (result);

      g_assert_true (g_utf8_validate (result->text, -1, NULL));
      g_assert_true (g_utf8_validate (json, -1, NULL));
      g_assert_cmpfloat (result->sentiment_score, >=, -1.0);
      g_assert_cmpfloat (result->sentiment_score, <=, 1.0);
      g_assert_cmpfloat (result->intent_confidence, >=, 0.0);
      g_assert_cmpfloat (result->intent_confidence, <=, 1.0);
    }

  /* Inputs built to make a scanner go quadratic stay fast. */
  {
    const char *units[] = {
      "1 ", "@", "a@b.co ", "9876543210 ", "tomorrow at 3pm ", "stop messaging ", "1-",
      "+1 ", "80 lakh to ", "😡", "?", "ಬೆಲೆ ", "i",
    };

    for (guint i = 0; i < G_N_ELEMENTS (units); i++)
      {
        g_autoptr(GString) text = g_string_new (NULL);
        gint64 started;

        while (text->len < TERRA_ANALYZER_MAX_TEXT)
          g_string_append (text, units[i]);
        started = g_get_monotonic_time ();
        terra_analyzer_result_free (analyze_at (text->str, "Asia/Kolkata", now));
        g_test_message ("8 KiB of “%s”: %" G_GINT64_FORMAT " µs", units[i], g_get_monotonic_time () - started);
        g_assert_cmpint (g_get_monotonic_time () - started, <, G_USEC_PER_SEC / 2);
      }
  }

  /* NULL and no context at all. */
  {
    g_autoptr(TerraAnalyzerResult) result = terra_analyzer_analyze (analyzer, NULL, NULL);

    g_assert_cmpstr (result->text, ==, "");
    g_assert_cmpint (result->intent, ==, TERRA_INTENT_OTHER);
    g_assert_cmpstr (result->language, ==, "other");
  }

  /* A megabyte: only the first 8 KiB count, so "STOP" at the end is not
   * seen and the work is bounded. */
  for (guint i = 0; i < 100000; i++)
    g_string_append (huge, "flat 2bhk ");
  g_string_append (huge, "STOP");
  {
    gint64 started = g_get_monotonic_time ();
    g_autoptr(TerraAnalyzerResult) result = analyze_at (huge->str, "Asia/Kolkata", now);

    g_assert_cmpuint (strlen (result->text), <=, TERRA_ANALYZER_MAX_TEXT);
    g_assert_false (result->opt_out);
    g_assert_cmpint (result->intent, ==, TERRA_INTENT_PROPERTY_DETAILS);
    g_assert_cmpint (g_get_monotonic_time () - started, <, G_USEC_PER_SEC);
  }

  /* The cap falls inside a three-byte character: the character goes. */
  g_string_append_c (cut, 'a');
  while (cut->len < TERRA_ANALYZER_MAX_TEXT + 10)
    g_string_append (cut, "ಮ");
  {
    g_autoptr(TerraAnalyzerResult) result = analyze_at (cut->str, "Asia/Kolkata", now);

    g_assert_true (g_utf8_validate (result->text, -1, NULL));
    g_assert_cmpuint (strlen (result->text), ==, TERRA_ANALYZER_MAX_TEXT - 1);
    g_assert_cmpstr (result->language, ==, "kn");
  }

  /* Invalid bytes are replaced, the rest still analyzed. */
  {
    g_autoptr(TerraAnalyzerResult) result = analyze_at ("price \xff\xfe of 2bhk tomorrow\xc3", "Asia/Kolkata", now);

    g_assert_true (g_utf8_validate (result->text, -1, NULL));
    g_assert_cmpint (result->intent, ==, TERRA_INTENT_PRICING);
    g_assert_cmpuint (count_entities (result, TERRA_ANALYZER_ENTITY_DATETIME), ==, 1);
  }
}

static void
test_json (void)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier ("Asia/Kolkata");
  gint64 now = local (zone, 2026, 3, 7, 12, 0);
  g_autoptr(TerraAnalyzerResult) result =
    analyze_at ("I'm Priya, budget 80-90 lakh, call me tomorrow at 3pm on 9876543210 or "
                "priya@example.com. It's too expensive elsewhere, lawyer says \"fine\"",
                "Asia/Kolkata", now);
  g_autoptr(TerraAnalyzerResult) copy = terra_analyzer_result_copy (result);
  g_autoptr(TerraAnalysis) analysis = terra_analysis_new ();
  g_autofree char *entities = terra_analyzer_result_entities_to_json (result);
  g_autofree char *objections = terra_analyzer_result_objections_to_json (result);
  g_autofree char *escalations = terra_analyzer_result_escalations_to_json (result);
  g_autofree char *whole = terra_analyzer_result_to_json (result);
  g_autofree char *whole_copy = terra_analyzer_result_to_json (copy);
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  JsonArray *array;
  JsonObject *object;

  g_test_message ("%s", whole);
  g_assert_cmpstr (whole, ==, whole_copy);

  node = json_from_string (entities, &error);
  g_assert_no_error (error);
  array = json_node_get_array (node);
  g_assert_cmpuint (json_array_get_length (array), ==, 5);
  object = json_array_get_object_element (array, 0);
  g_assert_cmpstr (json_object_get_string_member (object, "type"), ==, "name");
  g_assert_cmpstr (json_object_get_string_member (object, "value"), ==, "Priya");
  object = json_array_get_object_element (array, 1);
  g_assert_cmpstr (json_object_get_string_member (object, "type"), ==, "budget");
  g_assert_cmpint (json_object_get_int_member (object, "amount"), ==, 9000000);
  g_assert_cmpint (json_object_get_int_member (object, "min"), ==, 8000000);
  g_assert_cmpstr (json_object_get_string_member (object, "currency"), ==, "INR");
  object = json_array_get_object_element (array, 2);
  g_assert_cmpstr (json_object_get_string_member (object, "type"), ==, "datetime");
  g_assert_cmpstr (json_object_get_string_member (object, "start"), ==, "2026-03-08T09:30:00Z");
  g_assert_cmpstr (json_object_get_string_member (object, "grain"), ==, "minute");
  object = json_array_get_object_element (array, 3);
  g_assert_cmpstr (json_object_get_string_member (object, "value"), ==, "+919876543210");
  object = json_array_get_object_element (array, 4);
  g_assert_cmpstr (json_object_get_string_member (object, "value"), ==, "priya@example.com");

  g_clear_pointer (&node, json_node_unref);
  node = json_from_string (objections, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (objections, ==,
                   "[{\"type\":\"price\",\"text\":\"too expensive\"},"
                   "{\"type\":\"competitor\",\"text\":\"elsewhere\"}]");

  g_clear_pointer (&node, json_node_unref);
  node = json_from_string (escalations, &error);
  g_assert_no_error (error);
  array = json_node_get_array (node);
  g_assert_cmpuint (json_array_get_length (array), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 0), "reason"), ==,
                   "human-request");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 1), "reason"), ==,
                   "legal");

  terra_analyzer_result_apply (result, analysis);
  g_assert_cmpstr (terra_analysis_get_intent (analysis), ==, terra_intent_to_string (result->intent));
  g_assert_cmpint (terra_analysis_get_sentiment (analysis), ==, result->sentiment);
  g_assert_cmpfloat (terra_analysis_get_sentiment_score (analysis), ==, result->sentiment_score);
  g_assert_cmpstr (terra_analysis_get_language (analysis), ==, "en");
  g_assert_cmpstr (terra_analysis_get_entities (analysis), ==, entities);
  g_assert_cmpstr (terra_analysis_get_objections (analysis), ==, objections);
  g_assert_cmpstr (terra_analysis_get_escalations (analysis), ==, escalations);
  g_assert_false (terra_analysis_get_opt_out (analysis));

  /* Empty arrays, never null. */
  {
    g_autoptr(TerraAnalyzerResult) empty = analyze_at ("", "UTC", now);
    g_autofree char *e = terra_analyzer_result_entities_to_json (empty);
    g_autofree char *o = terra_analyzer_result_objections_to_json (empty);
    g_autofree char *s = terra_analyzer_result_escalations_to_json (empty);

    g_assert_cmpstr (e, ==, "[]");
    g_assert_cmpstr (o, ==, "[]");
    g_assert_cmpstr (s, ==, "[]");
  }
}

static void
test_nicks (void)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (TERRA_TYPE_INTENT);

  for (guint i = 0; i < klass->n_values; i++)
    {
      TerraIntent intent = -1;

      g_assert_cmpstr (terra_intent_to_string (klass->values[i].value), ==, klass->values[i].value_nick);
      g_assert_true (terra_intent_from_string (klass->values[i].value_nick, &intent));
      g_assert_cmpint (intent, ==, klass->values[i].value);
    }
  g_assert_cmpuint (klass->n_values, ==, 15);
  g_assert_cmpstr (terra_intent_to_string (TERRA_INTENT_PROPERTY_DETAILS), ==, "property-details");
  g_assert_cmpstr (terra_intent_to_string (TERRA_INTENT_HUMAN_REQUEST), ==, "human-request");
  g_assert_cmpstr (terra_intent_to_string (TERRA_INTENT_OPT_OUT), ==, "opt-out");
  g_assert_cmpstr (terra_intent_to_string (99), ==, "other");
  g_assert_false (terra_intent_from_string ("nonsense", &(TerraIntent) { 0 }));
}

/* One analyzer, many threads, the same answers. */
typedef struct
{
  GPtrArray *texts;
  GPtrArray *expected;
  gint64     now;
} ThreadData;

static gpointer
analyze_all (gpointer user_data)
{
  ThreadData *data = user_data;
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier ("Asia/Kolkata");
  TerraAnalyzerContext context = { data->now, zone, "INR", NULL };

  for (guint round = 0; round < 20; round++)
    for (guint i = 0; i < data->texts->len; i++)
      {
        g_autoptr(TerraAnalyzerResult) result = terra_analyzer_analyze (analyzer, data->texts->pdata[i], &context);
        g_autofree char *json = terra_analyzer_result_to_json (result);

        if (g_strcmp0 (json, data->expected->pdata[i]) != 0)
          return GINT_TO_POINTER (FALSE);
      }

  return GINT_TO_POINTER (TRUE);
}

static void
test_threads (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "analyzer-corpus.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GPtrArray) texts = g_ptr_array_new ();
  g_autoptr(GPtrArray) expected = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier ("Asia/Kolkata");
  ThreadData data = { texts, expected, local (zone, 2026, 3, 7, 12, 0) };
  TerraAnalyzerContext context = { data.now, zone, "INR", NULL };
  GThread *threads[4];
  JsonArray *messages;

  g_assert_true (json_parser_load_from_file (parser, path, NULL));
  messages = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "messages");
  for (guint i = 0; i < json_array_get_length (messages); i++)
    {
      const char *text = json_object_get_string_member (json_array_get_object_element (messages, i), "text");
      g_autoptr(TerraAnalyzerResult) result = terra_analyzer_analyze (analyzer, text, &context);

      g_ptr_array_add (texts, (gpointer)text);
      g_ptr_array_add (expected, terra_analyzer_result_to_json (result));
    }

  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("analyzer", analyze_all, &data);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_assert_true (GPOINTER_TO_INT (g_thread_join (threads[i])));
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  /* Messages print readably whatever the environment's locale. */
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  analyzer = terra_analyzer_new ();

  g_test_add_func ("/analyzer/corpus", test_corpus);
  g_test_add_func ("/analyzer/dates/dst", test_dates_dst);
  g_test_add_func ("/analyzer/dates/weekdays", test_dates_weekdays);
  g_test_add_func ("/analyzer/dates/calendar", test_dates_calendar);
  g_test_add_func ("/analyzer/dates/none", test_dates_none);
  g_test_add_func ("/analyzer/budgets", test_budgets);
  g_test_add_func ("/analyzer/phones", test_phones);
  g_test_add_func ("/analyzer/emails", test_emails);
  g_test_add_func ("/analyzer/names", test_names);
  g_test_add_func ("/analyzer/opt-out", test_opt_out);
  g_test_add_func ("/analyzer/escalations", test_escalations);
  g_test_add_func ("/analyzer/languages", test_languages);
  g_test_add_func ("/analyzer/robustness", test_robustness);
  g_test_add_func ("/analyzer/json", test_json);
  g_test_add_func ("/analyzer/nicks", test_nicks);
  g_test_add_func ("/analyzer/threads", test_threads);

  ret = g_test_run ();
  g_clear_object (&analyzer);

  return ret;
}
