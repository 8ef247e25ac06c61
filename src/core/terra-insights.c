/* terra-insights.c — what the assistant did over a period, for the
 * Insights view
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each chart is one query over an index on the time column; the results
 * are small (grouped in SQL), so years of data cost what the period holds.
 * Days are those of the business time zone: SQL groups analyses by
 * quarter hour (every zone's offset is a whole number of quarter hours),
 * and C puts each quarter in its local day, which is right on days that
 * change to or from summer time.
 */

#define G_LOG_DOMAIN "terra-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "terra-store-private.h"
#include "terra-insights.h"

#define QUARTER_US (15 * 60 * G_USEC_PER_SEC)

/* How many recent questions the clusters are drawn from: enough for the
 * common ones to stand out, bounded so that a busy year costs the same. */
#define QUESTION_SAMPLE 2000
#define QUESTION_CLUSTERS 12

static void
count_clear (gpointer data)
{
  TerraInsightsCount *count = data;

  g_free (count->key);
}

static void
question_clear (gpointer data)
{
  TerraInsightsQuestion *question = data;

  g_free (question->intent);
  g_free (question->word);
}

static void
response_clear (gpointer data)
{
  TerraInsightsResponse *response = data;

  g_free (response->channel);
}

void
terra_insights_free (TerraInsights *insights)
{
  if (insights == NULL)
    return;
  g_clear_pointer (&insights->intents, g_array_unref);
  g_clear_pointer (&insights->questions, g_array_unref);
  g_clear_pointer (&insights->days, g_array_unref);
  g_clear_pointer (&insights->response_times, g_array_unref);
  g_clear_pointer (&insights->handoffs, g_array_unref);
  g_free (insights);
}

static GDateTime *
local_midnight (GTimeZone *zone,
                int        year,
                int        month,
                int        day)
{
  return g_date_time_new (zone, year, month, day, 0, 0, 0);
}

void
terra_insights_period_days (GTimeZone *zone,
                            gint64     now,
                            int        days,
                            gint64    *out_from,
                            gint64    *out_to)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (now / G_USEC_PER_SEC);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, zone);
  g_autoptr(GDateTime) today = local_midnight (zone, g_date_time_get_year (local),
                                               g_date_time_get_month (local),
                                               g_date_time_get_day_of_month (local));
  /* Days, not 24 hours: a day of a change of clock is 23 or 25 hours. */
  g_autoptr(GDateTime) first = g_date_time_add_days (today, -(MAX (days, 1) - 1));

  *out_from = g_date_time_to_unix (first) * G_USEC_PER_SEC;
  *out_to = now + 1;
}

void
terra_insights_period_dates (GTimeZone   *zone,
                             const GDate *first,
                             const GDate *last,
                             gint64      *out_from,
                             gint64      *out_to)
{
  g_autoptr(GDateTime) start = local_midnight (zone, g_date_get_year (first), g_date_get_month (first),
                                               g_date_get_day (first));
  g_autoptr(GDateTime) end_day = local_midnight (zone, g_date_get_year (last), g_date_get_month (last),
                                                 g_date_get_day (last));
  g_autoptr(GDateTime) end = g_date_time_add_days (end_day, 1);

  *out_from = g_date_time_to_unix (start) * G_USEC_PER_SEC;
  *out_to = g_date_time_to_unix (end) * G_USEC_PER_SEC;
}

/* The local date of @us in @zone. */
static void
date_of (GTimeZone *zone,
         gint64     us,
         GDate     *date)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (us / G_USEC_PER_SEC);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, zone);

  g_date_clear (date, 1);
  g_date_set_dmy (date, g_date_time_get_day_of_month (local), g_date_time_get_month (local),
                  g_date_time_get_year (local));
}

/* Prepares @sql_template, where "{join}" stands for @join (a join of the
 * conversation "c") and "{channel}" for the channel condition on it, and
 * binds the period and the channel. */
static TerraStatement *
prepare_period (TerraStore  *self,
                const char  *sql_template,
                const char  *join,
                gint64       from,
                gint64       to,
                const char  *channel,
                GError     **error)
{
  g_autoptr(GString) sql = g_string_new (sql_template);
  TerraStatement *stmt;

  /* Without a channel the join is left out: most charts then read one
   * table's index alone. */
  g_string_replace (sql, "{join}", channel != NULL ? join : "", 0);
  g_string_replace (sql, "{channel}", channel != NULL ? " AND c.channel = ?3" : "", 0);
  stmt = _terra_store_prepare (self, sql->str, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, from);
  sqlite3_bind_int64 (stmt, 2, to);
  if (channel != NULL)
    sqlite3_bind_text (stmt, 3, channel, -1, SQLITE_TRANSIENT);
  return stmt;
}

#define ERROR_TEXT _("Could not compute the insights")

/* After a loop of _terra_store_step_row(): FALSE, with @error set, if a
 * step failed rather than ran out of rows. */
static gboolean
finish_rows (GError  *local_error,
             GError **error)
{
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  return TRUE;
}

static int
count_compare (gconstpointer a,
               gconstpointer b)
{
  const TerraInsightsCount *ca = a, *cb = b;

  if (ca->count != cb->count)
    return ca->count < cb->count ? 1 : -1;
  return g_strcmp0 (ca->key, cb->key);
}

#define HOUR_US (G_GINT64_CONSTANT (3600) * G_USEC_PER_SEC)

/* A stretch of the period, read from the analyses themselves or from
 * their hourly totals (table insights_hours, kept by triggers). */
typedef struct
{
  gint64   from;
  gint64   to;
  gboolean hourly;
} Part;

/* The whole hours of the period come from the hourly totals, the rest
 * (the hour in progress) from the analyses. Only without a channel (the
 * totals are for all channels) and when the period starts on the hour,
 * as a day does in every zone whose offset is whole hours; a zone of half
 * hours reads the analyses. Returns the number of parts. */
static guint
plan_parts (const TerraInsights *insights,
            const char          *channel,
            Part                 parts[2])
{
  gint64 whole_hours_end = insights->to - insights->to % HOUR_US;

  if (channel != NULL || insights->from % HOUR_US != 0 || whole_hours_end <= insights->from)
    {
      parts[0] = (Part) { insights->from, insights->to, FALSE };
      return 1;
    }
  parts[0] = (Part) { insights->from, whole_hours_end, TRUE };
  if (whole_hours_end == insights->to)
    return 1;
  parts[1] = (Part) { whole_hours_end, insights->to, FALSE };
  return 2;
}

static gboolean
query_sentiment_and_intents (TerraStore     *self,
                             const char     *channel,
                             TerraInsights  *insights,
                             GError        **error)
{
  g_autoptr(GHashTable) intents = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  Part parts[2];
  GHashTableIter iter;
  gpointer key, value;

  for (guint p = 0; p < plan_parts (insights, channel, parts); p++)
    {
      g_autoptr(TerraStatement) stmt = NULL;
      GError *local_error = NULL;

      if (parts[p].hourly)
        stmt = prepare_period (self,
                               "SELECT intent, sentiment, sum (analysed) FROM insights_hours"
                               " WHERE hour >= ?1 / 3600000000 AND hour < ?2 / 3600000000"
                               " GROUP BY 1, 2 HAVING sum (analysed) > 0",
                               "", parts[p].from, parts[p].to, NULL, error);
      else
        stmt = prepare_period (self,
                               "SELECT a.intent, a.sentiment, count(*) FROM analyses a{join}"
                               " WHERE a.created_at >= ?1 AND a.created_at < ?2{channel} GROUP BY 1, 2",
                               " JOIN conversations c ON c.id = a.conversation_id",
                               parts[p].from, parts[p].to, channel, error);
      if (stmt == NULL)
        return FALSE;

      while (_terra_store_step_row (self, stmt, ERROR_TEXT, &local_error))
        {
          const char *intent = (const char *)sqlite3_column_text (stmt, 0);
          const char *sentiment = (const char *)sqlite3_column_text (stmt, 1);
          gint64 n = sqlite3_column_int64 (stmt, 2);
          gint64 before = GPOINTER_TO_SIZE (g_hash_table_lookup (intents, intent));

          insights->analysed += n;
          if (g_strcmp0 (sentiment, "positive") == 0)
            insights->positive += n;
          else if (g_strcmp0 (sentiment, "negative") == 0)
            insights->negative += n;
          else
            insights->neutral += n;
          g_hash_table_replace (intents, g_strdup (intent), GSIZE_TO_POINTER (before + n));
        }
      if (!finish_rows (local_error, error))
        return FALSE;
    }

  g_hash_table_iter_init (&iter, intents);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      TerraInsightsCount count = { g_strdup (key), GPOINTER_TO_SIZE (value) };

      g_array_append_val (insights->intents, count);
    }
  g_array_sort (insights->intents, count_compare);
  return TRUE;
}

static gboolean
query_grades (TerraStore     *self,
              const char     *channel,
              TerraInsights  *insights,
              GError        **error)
{
  g_autoptr(TerraStatement) stmt = NULL;
  GError *local_error = NULL;

  stmt = prepare_period (self,
                         "SELECT f.grade, count(*) FROM feedback f{join}"
                         " WHERE f.created_at >= ?1 AND f.created_at < ?2{channel} GROUP BY 1",
                         " JOIN conversations c ON c.id = f.conversation_id",
                         insights->from, insights->to, channel, error);
  if (stmt == NULL)
    return FALSE;
  while (_terra_store_step_row (self, stmt, ERROR_TEXT, &local_error))
    {
      if (g_strcmp0 ((const char *)sqlite3_column_text (stmt, 0), "good") == 0)
        insights->graded_good += sqlite3_column_int64 (stmt, 1);
      else
        insights->graded_bad += sqlite3_column_int64 (stmt, 1);
    }
  return finish_rows (local_error, error);
}

/* The mean of the shares that exist: how positive the leads are (a
 * neutral message counts half) and how many graded replies were good. */
static void
compute_quality (TerraInsights *insights)
{
  double sum = 0;
  int parts = 0;
  gint64 graded = insights->graded_good + insights->graded_bad;

  if (insights->analysed > 0)
    {
      sum += (insights->positive + 0.5 * insights->neutral) / (double)insights->analysed;
      parts++;
    }
  if (graded > 0)
    {
      sum += insights->graded_good / (double)graded;
      parts++;
    }
  insights->quality = parts > 0 ? (int)(100.0 * sum / parts + 0.5) : -1;
}

static void
fill_days (GTimeZone     *zone,
           TerraInsights *insights)
{
  GDate day, last;

  date_of (zone, insights->from, &day);
  date_of (zone, insights->to - 1, &last);
  while (g_date_compare (&day, &last) <= 0)
    {
      TerraInsightsDay entry = { 0 };

      entry.date = day;
      g_array_append_val (insights->days, entry);
      g_date_add_days (&day, 1);
    }
}

static gboolean
query_days (TerraStore     *self,
            GTimeZone      *zone,
            const char     *channel,
            TerraInsights  *insights,
            GError        **error)
{
  g_autofree double *sums = NULL;
  Part parts[2];
  GDate first;

  fill_days (zone, insights);
  if (insights->days->len == 0)
    return TRUE;
  first = g_array_index (insights->days, TerraInsightsDay, 0).date;
  sums = g_new0 (double, insights->days->len);

  /* Both sources give quarter hours: an hour is its first quarter. */
  for (guint p = 0; p < plan_parts (insights, channel, parts); p++)
    {
      g_autoptr(TerraStatement) stmt = NULL;
      GError *local_error = NULL;

      if (parts[p].hourly)
        stmt = prepare_period (self,
                               "SELECT hour * 4, sum (analysed), total (score_sum) FROM insights_hours"
                               " WHERE hour >= ?1 / 3600000000 AND hour < ?2 / 3600000000 GROUP BY hour",
                               "", parts[p].from, parts[p].to, NULL, error);
      else
        stmt = prepare_period (self,
                               "SELECT a.created_at / 900000000, count(*), total (a.sentiment_score)"
                               " FROM analyses a{join}"
                               " WHERE a.created_at >= ?1 AND a.created_at < ?2{channel} GROUP BY 1",
                               " JOIN conversations c ON c.id = a.conversation_id",
                               parts[p].from, parts[p].to, channel, error);
      if (stmt == NULL)
        return FALSE;
      while (_terra_store_step_row (self, stmt, ERROR_TEXT, &local_error))
        {
          GDate date;
          int index;

          date_of (zone, sqlite3_column_int64 (stmt, 0) * QUARTER_US, &date);
          index = g_date_days_between (&first, &date);
          if (index < 0 || (guint)index >= insights->days->len)
            continue;
          g_array_index (insights->days, TerraInsightsDay, index).analysed += sqlite3_column_int64 (stmt, 1);
          sums[index] += sqlite3_column_double (stmt, 2);
        }
      if (!finish_rows (local_error, error))
        return FALSE;
    }

  for (guint i = 0; i < insights->days->len; i++)
    {
      TerraInsightsDay *day = &g_array_index (insights->days, TerraInsightsDay, i);

      day->mean_sentiment = day->analysed > 0 ? sums[i] / day->analysed : 0;
    }
  return TRUE;
}

static gboolean
query_leads (TerraStore     *self,
             const char     *channel,
             TerraInsights  *insights,
             GError        **error)
{
  g_autoptr(TerraStatement) stmt = NULL;
  GError *local_error = NULL;

  stmt = prepare_period (self,
                         "SELECT k.temperature, count(*) FROM contacts k WHERE k.id IN"
                         " (SELECT c.contact_id FROM conversations c{join}"
                         "  WHERE c.created_at >= ?1 AND c.created_at < ?2{channel}) GROUP BY 1",
                         "", insights->from, insights->to, channel, error);
  if (stmt == NULL)
    return FALSE;
  while (_terra_store_step_row (self, stmt, ERROR_TEXT, &local_error))
    {
      const char *temperature = (const char *)sqlite3_column_text (stmt, 0);
      gint64 n = sqlite3_column_int64 (stmt, 1);

      if (g_strcmp0 (temperature, "hot") == 0)
        insights->leads_hot = n;
      else if (g_strcmp0 (temperature, "warm") == 0)
        insights->leads_warm = n;
      else
        insights->leads_cold = n;
    }
  return finish_rows (local_error, error);
}

static gboolean
query_funnel (TerraStore     *self,
              const char     *channel,
              TerraInsights  *insights,
              GError        **error)
{
  g_autoptr(TerraStatement) stmt = NULL;
  GError *local_error = NULL;

  /* Each stage is a subset of the one before, so the funnel never widens:
   * a booking counts when it was made for the lead once the conversation
   * had started. */
  stmt = prepare_period (self,
                         "SELECT count(*), total (qualified), total (booked), total (completed) FROM"
                         " (SELECT q.qualified,"
                         "   q.qualified AND EXISTS (SELECT 1 FROM bookings b WHERE b.contact_id = q.contact_id"
                         "     AND b.created_at >= q.created_at) AS booked,"
                         "   q.qualified AND EXISTS (SELECT 1 FROM bookings b WHERE b.contact_id = q.contact_id"
                         "     AND b.created_at >= q.created_at AND b.status = 'completed') AS completed"
                         "  FROM (SELECT c.contact_id, c.created_at,"
                         "          (SELECT k.qualified_at IS NOT NULL FROM contacts k WHERE k.id = c.contact_id) AS qualified"
                         "        FROM conversations c{join} WHERE c.created_at >= ?1 AND c.created_at < ?2{channel}) q)",
                         "", insights->from, insights->to, channel, error);
  if (stmt == NULL)
    return FALSE;
  if (_terra_store_step_row (self, stmt, ERROR_TEXT, &local_error))
    {
      insights->funnel_conversations = sqlite3_column_int64 (stmt, 0);
      insights->funnel_qualified = sqlite3_column_int64 (stmt, 1);
      insights->funnel_booked = sqlite3_column_int64 (stmt, 2);
      insights->funnel_completed = sqlite3_column_int64 (stmt, 3);
    }
  return finish_rows (local_error, error);
}

/* Median and 90th percentile (nearest rank) of the sorted @delays. */
static void
add_response (TerraInsights *insights,
              const char    *channel,
              GArray        *delays)
{
  TerraInsightsResponse response = { 0 };
  guint n = delays->len;

  if (n == 0)
    return;
  response.channel = g_strdup (channel);
  response.replies = n;
  if (n % 2 == 1)
    response.median_us = g_array_index (delays, gint64, n / 2);
  else
    response.median_us = (g_array_index (delays, gint64, n / 2 - 1) + g_array_index (delays, gint64, n / 2)) / 2;
  response.p90_us = g_array_index (delays, gint64, (n * 9 + 9) / 10 - 1);
  g_array_append_val (insights->response_times, response);
}

static gboolean
query_response_times (TerraStore     *self,
                      const char     *channel,
                      TerraInsights  *insights,
                      GError        **error)
{
  g_autoptr(TerraStatement) stmt = NULL;
  g_autoptr(GArray) delays = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *current = NULL;
  GError *local_error = NULL;

  /* From the conversation's start — the lead's first message opens it —
   * to its first reply: no look-up of the messages per conversation. */
  stmt = prepare_period (self,
                         "SELECT c.channel, c.first_reply_at - c.created_at AS delay"
                         "  FROM conversations c{join}"
                         "  WHERE c.first_reply_at IS NOT NULL AND c.created_at >= ?1 AND c.created_at < ?2{channel}"
                         "   AND c.first_reply_at >= c.created_at ORDER BY 1, 2",
                         "", insights->from, insights->to, channel, error);
  if (stmt == NULL)
    return FALSE;
  while (_terra_store_step_row (self, stmt, ERROR_TEXT, &local_error))
    {
      const char *name = (const char *)sqlite3_column_text (stmt, 0);
      gint64 delay = sqlite3_column_int64 (stmt, 1);

      if (current != NULL && g_strcmp0 (current, name) != 0)
        {
          add_response (insights, current, delays);
          g_array_set_size (delays, 0);
        }
      if (current == NULL || g_strcmp0 (current, name) != 0)
        {
          g_free (current);
          current = g_strdup (name);
        }
      g_array_append_val (delays, delay);
    }
  if (!finish_rows (local_error, error))
    return FALSE;
  if (current != NULL)
    add_response (insights, current, delays);
  return TRUE;
}

static gboolean
query_handoffs (TerraStore     *self,
                const char     *channel,
                TerraInsights  *insights,
                GError        **error)
{
  g_autoptr(TerraStatement) stmt = NULL;
  GError *local_error = NULL;

  stmt = prepare_period (self,
                         "SELECT coalesce (json_extract (e.payload, '$.reason'), ''), count(*) FROM events e{join}"
                         " WHERE e.kind = 'handoff.requested' AND e.created_at >= ?1 AND e.created_at < ?2{channel}"
                         " GROUP BY 1 ORDER BY 2 DESC, 1",
                         " JOIN conversations c ON c.id = e.conversation_id",
                         insights->from, insights->to, channel, error);
  if (stmt == NULL)
    return FALSE;
  while (_terra_store_step_row (self, stmt, ERROR_TEXT, &local_error))
    {
      TerraInsightsCount count = { g_strdup ((const char *)sqlite3_column_text (stmt, 0)),
                                   sqlite3_column_int64 (stmt, 1) };

      g_array_append_val (insights->handoffs, count);
    }
  return finish_rows (local_error, error);
}

/* Words too common to tell one question from another. */
static const char *const stop_words[] = {
  "about", "also", "anyone", "been", "can't", "could", "does", "doing", "from", "have", "hello",
  "here", "into", "just", "know", "like", "many", "more", "much", "need", "please", "should",
  "some", "than", "thank", "thanks", "that", "their", "them", "then", "there", "they", "this",
  "want", "were", "what", "when", "where", "which", "will", "with", "would", "your", "you're",
};

/* The lower-case words of @text of four letters or more, stop words left out. */
static GPtrArray *
question_words (const char *text)
{
  g_autofree char *lower = g_utf8_strdown (text, -1);
  GPtrArray *words = g_ptr_array_new_with_free_func (g_free);
  const char *start = NULL;

  for (const char *p = lower;; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      gboolean in_word = c != 0 && (g_unichar_isalnum (c) || c == '\'');

      if (in_word && start == NULL)
        start = p;
      else if (!in_word && start != NULL)
        {
          g_autofree char *word = g_strndup (start, p - start);
          gboolean stop = FALSE;

          for (guint i = 0; i < G_N_ELEMENTS (stop_words) && !stop; i++)
            stop = g_str_equal (word, stop_words[i]);
          if (!stop && g_utf8_strlen (word, -1) >= 4)
            g_ptr_array_add (words, g_steal_pointer (&word));
          start = NULL;
        }
      if (c == 0)
        break;
    }
  return words;
}

static int
question_compare (gconstpointer a,
                  gconstpointer b)
{
  const TerraInsightsQuestion *qa = a, *qb = b;
  int by_word;

  if (qa->count != qb->count)
    return qa->count < qb->count ? 1 : -1;
  by_word = g_strcmp0 (qa->word, qb->word);
  return by_word != 0 ? by_word : g_strcmp0 (qa->intent, qb->intent);
}

typedef struct
{
  char      *intent;
  GPtrArray *words;
  gint64     conversation_id;
} SampledQuestion;

static void
sampled_question_free (gpointer data)
{
  SampledQuestion *question = data;

  g_free (question->intent);
  g_ptr_array_unref (question->words);
  g_free (question);
}

/* Clusters the period's most recent questions (messages with a "?") by
 * intent and by their most frequent word across all of them. */
static gboolean
query_questions (TerraStore     *self,
                 const char     *channel,
                 TerraInsights  *insights,
                 GError        **error)
{
  g_autoptr(TerraStatement) stmt = NULL;
  g_autoptr(GPtrArray) sample = g_ptr_array_new_with_free_func (sampled_question_free);
  g_autoptr(GHashTable) frequency = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GError *local_error = NULL;

  stmt = prepare_period (self,
                         "SELECT a.intent, m.body, m.conversation_id FROM analyses a"
                         " JOIN messages m ON m.id = a.message_id{join}"
                         " WHERE a.created_at >= ?1 AND a.created_at < ?2{channel} AND instr (m.body, '?') > 0"
                         " ORDER BY a.created_at DESC, a.id DESC LIMIT " G_STRINGIFY (QUESTION_SAMPLE),
                         " JOIN conversations c ON c.id = a.conversation_id",
                         insights->from, insights->to, channel, error);
  if (stmt == NULL)
    return FALSE;
  while (_terra_store_step_row (self, stmt, ERROR_TEXT, &local_error))
    {
      SampledQuestion *question = g_new0 (SampledQuestion, 1);

      question->intent = g_strdup ((const char *)sqlite3_column_text (stmt, 0));
      question->words = question_words ((const char *)sqlite3_column_text (stmt, 1));
      question->conversation_id = sqlite3_column_int64 (stmt, 2);
      for (guint i = 0; i < question->words->len; i++)
        {
          const char *word = question->words->pdata[i];
          gsize n = GPOINTER_TO_SIZE (g_hash_table_lookup (frequency, word));

          g_hash_table_replace (frequency, g_strdup (word), GSIZE_TO_POINTER (n + 1));
        }
      g_ptr_array_add (sample, question);
    }
  if (!finish_rows (local_error, error))
    return FALSE;

  /* The sample is newest first, so a cluster's first question is its
   * latest. The clusters array owns the strings; the table only looks up. */
  {
    g_autoptr(GArray) all = g_array_new (FALSE, TRUE, sizeof (TerraInsightsQuestion));
    g_autoptr(GHashTable) index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

    g_array_set_clear_func (all, question_clear);
    for (guint i = 0; i < sample->len; i++)
      {
        SampledQuestion *question = sample->pdata[i];
        const char *best = NULL;
        gsize best_n = 0;
        g_autofree char *key = NULL;
        gpointer found;

        for (guint j = 0; j < question->words->len; j++)
          {
            const char *word = question->words->pdata[j];
            gsize n = GPOINTER_TO_SIZE (g_hash_table_lookup (frequency, word));

            if (n > best_n || (n == best_n && g_strcmp0 (word, best) < 0))
              {
                best = word;
                best_n = n;
              }
          }
        if (best == NULL)
          continue;
        key = g_strconcat (question->intent, "\n", best, NULL);
        if (g_hash_table_lookup_extended (index, key, NULL, &found))
          g_array_index (all, TerraInsightsQuestion, GPOINTER_TO_UINT (found)).count++;
        else
          {
            TerraInsightsQuestion cluster = { g_strdup (question->intent), g_strdup (best), 1,
                                              question->conversation_id };

            g_hash_table_insert (index, g_steal_pointer (&key), GUINT_TO_POINTER (all->len));
            g_array_append_val (all, cluster);
          }
      }
    g_array_sort (all, question_compare);
    for (guint i = 0; i < all->len && i < QUESTION_CLUSTERS; i++)
      {
        TerraInsightsQuestion *cluster = &g_array_index (all, TerraInsightsQuestion, i);
        TerraInsightsQuestion copy = { g_steal_pointer (&cluster->intent), g_steal_pointer (&cluster->word),
                                       cluster->count, cluster->conversation_id };

        g_array_append_val (insights->questions, copy);
      }
  }
  return TRUE;
}

static GArray *
new_array (gsize          element_size,
           GDestroyNotify clear)
{
  GArray *array = g_array_new (FALSE, TRUE, element_size);

  if (clear != NULL)
    g_array_set_clear_func (array, clear);
  return array;
}

/**
 * terra_store_get_insights:
 * @from: the first instant of the period, µs since the epoch
 * @to: the instant after the period
 * @channel: (nullable): a channel's name, or %NULL for every channel
 *
 * Reads every chart's figures from one snapshot of the workspace.
 *
 * Returns: (transfer full): the figures, or %NULL with @error set
 */
TerraInsights *
terra_store_get_insights (TerraStore  *self,
                          gint64       from,
                          gint64       to,
                          const char  *channel,
                          GError     **error)
{
  g_autoptr(TerraInsights) insights = g_new0 (TerraInsights, 1);
  g_autoptr(GTimeZone) zone = NULL;
  gboolean own_snapshot;
  gboolean ok;

  g_return_val_if_fail (TERRA_IS_STORE (self), NULL);

  if (to <= from)
    {
      g_set_error_literal (error, TERRA_STORE_ERROR, TERRA_STORE_ERROR_INVALID,
                           _("The period ends before it starts"));
      return NULL;
    }

  insights->from = from;
  insights->to = to;
  insights->intents = new_array (sizeof (TerraInsightsCount), count_clear);
  insights->questions = new_array (sizeof (TerraInsightsQuestion), question_clear);
  insights->days = new_array (sizeof (TerraInsightsDay), NULL);
  insights->response_times = new_array (sizeof (TerraInsightsResponse), response_clear);
  insights->handoffs = new_array (sizeof (TerraInsightsCount), count_clear);
  zone = terra_store_get_time_zone (self);

  own_snapshot = !terra_store_in_transaction (self);
  if (own_snapshot && !terra_store_begin_read (self, error))
    return NULL;

  ok = query_sentiment_and_intents (self, channel, insights, error) &&
       query_grades (self, channel, insights, error) &&
       query_days (self, zone, channel, insights, error) &&
       query_leads (self, channel, insights, error) &&
       query_funnel (self, channel, insights, error) &&
       query_response_times (self, channel, insights, error) &&
       query_handoffs (self, channel, insights, error) &&
       query_questions (self, channel, insights, error);

  if (own_snapshot)
    terra_store_rollback (self);
  if (!ok)
    return NULL;

  compute_quality (insights);
  return g_steal_pointer (&insights);
}
