/* test-insights.c — every Insights aggregate against a hand-built
 * workspace with known answers
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The business is in Europe/London. The period 28 … 30 March 2026 holds
 * the change to summer time (29 March, a day of 23 hours), a conversation
 * that starts at 23:50 and is answered after midnight, and a message at
 * 00:30 summer time on the 30th, which is still the 29th in UTC.
 */

#include "config.h"

#include "terra-insights.h"
#include "terra-test-utils.h"

#define MINUTE (G_GINT64_CONSTANT (60) * G_USEC_PER_SEC)

typedef struct
{
  TerraTestWorkspace *workspace;
  TerraStore         *store;
  GTimeZone          *zone;
  gint64              conv1, conv2, conv3, conv4;
} Fixture;

/* µs of a London wall-clock time. */
static gint64
london (GTimeZone *zone,
        int        month,
        int        day,
        int        hour,
        int        minute)
{
  g_autoptr(GDateTime) time = g_date_time_new (zone, 2026, month, day, hour, minute, 0);

  return g_date_time_to_unix (time) * G_USEC_PER_SEC;
}

static void
insert (TerraStore *store,
        gpointer    entity)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (terra_store_insert (store, entity, &error));
  g_assert_no_error (error);
}

static gint64
get_id (gpointer entity)
{
  gint64 id = 0;

  g_object_get (entity, "id", &id, NULL);
  g_assert_cmpint (id, >, 0);
  return id;
}

static gint64
add_contact (Fixture          *fixture,
             const char       *name,
             TerraTemperature  temperature,
             gint64            qualified_at)
{
  g_autoptr(GObject) contact = g_object_new (TERRA_TYPE_CONTACT, "name", name,
                                             "temperature", temperature,
                                             "qualified-at", qualified_at, NULL);

  insert (fixture->store, contact);
  return get_id (contact);
}

/* A conversation whose lead writes at @start and gets the first reply
 * @reply_after later. */
static gint64
add_conversation (Fixture      *fixture,
                  gint64        contact,
                  TerraChannel  channel,
                  gint64        start,
                  gint64        reply_after)
{
  g_autoptr(GObject) conversation = g_object_new (TERRA_TYPE_CONVERSATION, "contact-id", contact,
                                                  "channel", channel, "created-at", start,
                                                  "updated-at", start, "last-activity-at", start,
                                                  "first-reply-at", start + reply_after, NULL);

  insert (fixture->store, conversation);
  return get_id (conversation);
}

/* A message from the lead at @at, analysed. */
static void
add_analysed (Fixture        *fixture,
              gint64          conversation,
              TerraChannel    channel,
              gint64          at,
              const char     *body,
              const char     *intent,
              TerraSentiment  sentiment,
              double          score)
{
  g_autoptr(GObject) message = g_object_new (TERRA_TYPE_MESSAGE, "conversation-id", conversation,
                                             "direction", TERRA_DIRECTION_INBOUND,
                                             "author", TERRA_AUTHOR_LEAD, "channel", channel,
                                             "body", body, "created-at", at, NULL);
  g_autoptr(GObject) analysis = NULL;

  insert (fixture->store, message);
  analysis = g_object_new (TERRA_TYPE_ANALYSIS, "message-id", get_id (message),
                           "conversation-id", conversation, "intent", intent,
                           "sentiment", sentiment, "sentiment-score", score,
                           "created-at", at, NULL);
  insert (fixture->store, analysis);
}

static void
add_grade (Fixture    *fixture,
           gint64      conversation,
           TerraGrade  grade,
           gint64      at)
{
  g_autoptr(GObject) feedback = g_object_new (TERRA_TYPE_FEEDBACK, "conversation-id", conversation,
                                              "grade", grade, "created-at", at, NULL);

  insert (fixture->store, feedback);
}

static void
add_booking (Fixture            *fixture,
             gint64              contact,
             TerraBookingStatus  status,
             gint64              at)
{
  g_autoptr(GObject) booking = g_object_new (TERRA_TYPE_BOOKING, "contact-id", contact,
                                             "start-utc", at + 24 * 60 * MINUTE,
                                             "end-utc", at + 25 * 60 * MINUTE,
                                             "timezone", "Europe/London",
                                             "source", TERRA_BOOKING_SOURCE_ASSISTANT,
                                             "status", status, "created-at", at, NULL);

  insert (fixture->store, booking);
}

static void
add_handoff (Fixture    *fixture,
             gint64      conversation,
             const char *reason,
             gint64      at)
{
  g_autofree char *payload = g_strdup_printf ("{\"reason\": \"%s\"}", reason);
  g_autoptr(GObject) event = g_object_new (TERRA_TYPE_EVENT_RECORD, "kind", "handoff.requested",
                                           "conversation-id", conversation, "payload", payload,
                                           "created-at", at, NULL);

  insert (fixture->store, event);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(JsonNode) node = json_node_init_string (json_node_alloc (), "Europe/London");
  g_autoptr(GError) error = NULL;

  fixture->workspace = terra_test_workspace_new ();
  fixture->store = terra_workspace_get_store (fixture->workspace);
  g_assert_true (terra_store_set_setting (fixture->store, "business.timezone", node, &error));
  g_assert_no_error (error);
  fixture->zone = g_time_zone_new_identifier ("Europe/London");
  g_assert_nonnull (fixture->zone);
}

/* The known workspace (see the file's header comment). */
static void
populate (Fixture *fixture)
{
  GTimeZone *z = fixture->zone;
  gint64 a = add_contact (fixture, "Ana", TERRA_TEMPERATURE_HOT, london (z, 3, 29, 1, 0));
  gint64 b = add_contact (fixture, "Bo", TERRA_TEMPERATURE_WARM, 0);
  gint64 c = add_contact (fixture, "Cy", TERRA_TEMPERATURE_COLD, 0);
  gint64 d = add_contact (fixture, "Di", TERRA_TEMPERATURE_HOT, london (z, 3, 20, 9, 0));

  /* Spans midnight: 23:50 on the 28th, answered at 00:10 on the 29th. */
  fixture->conv1 = add_conversation (fixture, a, TERRA_CHANNEL_WHATSAPP, london (z, 3, 28, 23, 50), 20 * MINUTE);
  fixture->conv2 = add_conversation (fixture, b, TERRA_CHANNEL_WEBCHAT, london (z, 3, 29, 10, 0), 2 * MINUTE);
  fixture->conv3 = add_conversation (fixture, c, TERRA_CHANNEL_WHATSAPP, london (z, 3, 30, 0, 30), 60 * MINUTE);
  fixture->conv4 = add_conversation (fixture, d, TERRA_CHANNEL_SMS, london (z, 3, 20, 9, 0), 5 * MINUTE);

  add_analysed (fixture, fixture->conv1, TERRA_CHANNEL_WHATSAPP, london (z, 3, 28, 23, 50),
                "How much does the premium plan cost?", "pricing", TERRA_SENTIMENT_POSITIVE, 0.8);
  add_analysed (fixture, fixture->conv1, TERRA_CHANNEL_WHATSAPP, london (z, 3, 29, 0, 5),
                "Is the premium plan cheaper yearly?", "pricing", TERRA_SENTIMENT_NEUTRAL, 0.0);
  add_analysed (fixture, fixture->conv2, TERRA_CHANNEL_WEBCHAT, london (z, 3, 29, 10, 0),
                "Can I book a visit on Saturday?", "booking", TERRA_SENTIMENT_NEGATIVE, -0.6);
  add_analysed (fixture, fixture->conv3, TERRA_CHANNEL_WHATSAPP, london (z, 3, 30, 0, 30),
                "Premium price for families?", "pricing", TERRA_SENTIMENT_POSITIVE, 0.4);
  add_analysed (fixture, fixture->conv4, TERRA_CHANNEL_SMS, london (z, 3, 20, 9, 0),
                "Do you deliver on premium?", "delivery", TERRA_SENTIMENT_NEGATIVE, -1.0);

  add_grade (fixture, fixture->conv1, TERRA_GRADE_GOOD, london (z, 3, 29, 12, 0));
  add_grade (fixture, fixture->conv2, TERRA_GRADE_BAD, london (z, 3, 29, 12, 0));
  add_grade (fixture, fixture->conv4, TERRA_GRADE_GOOD, london (z, 3, 20, 12, 0));

  add_booking (fixture, a, TERRA_BOOKING_STATUS_COMPLETED, london (z, 3, 29, 2, 0));
  add_booking (fixture, d, TERRA_BOOKING_STATUS_COMPLETED, london (z, 3, 20, 10, 0));

  add_handoff (fixture, fixture->conv1, "complaint", london (z, 3, 29, 0, 20));
  add_handoff (fixture, fixture->conv2, "human_requested", london (z, 3, 29, 10, 30));
  add_handoff (fixture, fixture->conv3, "human_requested", london (z, 3, 30, 1, 0));
  add_handoff (fixture, fixture->conv4, "complaint", london (z, 3, 20, 10, 0));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_pointer (&fixture->zone, g_time_zone_unref);
  g_clear_pointer (&fixture->workspace, terra_test_workspace_free);
}

static TerraInsights *
get_insights (Fixture    *fixture,
              int         first_day,
              int         last_day,
              const char *channel)
{
  g_autoptr(GError) error = NULL;
  GDate first, last;
  gint64 from, to;
  TerraInsights *insights;

  g_date_clear (&first, 1);
  g_date_clear (&last, 1);
  g_date_set_dmy (&first, first_day, G_DATE_MARCH, 2026);
  g_date_set_dmy (&last, last_day, G_DATE_MARCH, 2026);
  terra_insights_period_dates (fixture->zone, &first, &last, &from, &to);
  insights = terra_store_get_insights (fixture->store, from, to, channel, &error);
  g_assert_no_error (error);
  g_assert_nonnull (insights);
  return insights;
}

static const TerraInsightsCount *
count_at (GArray *array,
          guint   i)
{
  g_assert_cmpuint (i, <, array->len);
  return &g_array_index (array, TerraInsightsCount, i);
}

/* The period of a spring-forward day is 23 hours; "today" starts at
 * local midnight; 7 days go back to the midnight six days before. */
static void
test_periods (Fixture       *fixture,
              gconstpointer  data)
{
  GTimeZone *z = fixture->zone;
  GDate first, last;
  gint64 from, to;

  g_date_clear (&first, 1);
  g_date_clear (&last, 1);
  g_date_set_dmy (&first, 29, G_DATE_MARCH, 2026);
  g_date_set_dmy (&last, 29, G_DATE_MARCH, 2026);
  terra_insights_period_dates (z, &first, &last, &from, &to);
  g_assert_cmpint (to - from, ==, (gint64)23 * 60 * MINUTE);

  terra_insights_period_days (z, london (z, 3, 30, 12, 0), 1, &from, &to);
  g_assert_cmpint (from, ==, london (z, 3, 30, 0, 0));
  g_assert_cmpint (to, ==, london (z, 3, 30, 12, 0) + 1);

  terra_insights_period_days (z, london (z, 3, 30, 12, 0), 7, &from, &to);
  g_assert_cmpint (from, ==, london (z, 3, 24, 0, 0));
}

static void
test_empty_workspace (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(TerraInsights) insights = get_insights (fixture, 1, 30, NULL);

  g_assert_cmpint (insights->analysed, ==, 0);
  g_assert_cmpint (insights->quality, ==, -1);
  g_assert_cmpuint (insights->intents->len, ==, 0);
  g_assert_cmpuint (insights->questions->len, ==, 0);
  g_assert_cmpint (insights->leads_cold + insights->leads_warm + insights->leads_hot, ==, 0);
  g_assert_cmpint (insights->funnel_conversations, ==, 0);
  g_assert_cmpuint (insights->response_times->len, ==, 0);
  g_assert_cmpuint (insights->handoffs->len, ==, 0);
  /* Every day of the period is there, with nothing in it. */
  g_assert_cmpuint (insights->days->len, ==, 30);
  for (guint i = 0; i < insights->days->len; i++)
    g_assert_cmpint (g_array_index (insights->days, TerraInsightsDay, i).analysed, ==, 0);
}

static void
test_empty_period (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(TerraInsights) insights = NULL;

  populate (fixture);
  insights = get_insights (fixture, 1, 7, NULL);
  g_assert_cmpint (insights->analysed, ==, 0);
  g_assert_cmpint (insights->graded_good + insights->graded_bad, ==, 0);
  g_assert_cmpint (insights->quality, ==, -1);
  g_assert_cmpuint (insights->intents->len, ==, 0);
  g_assert_cmpuint (insights->questions->len, ==, 0);
  g_assert_cmpint (insights->funnel_conversations, ==, 0);
  g_assert_cmpuint (insights->response_times->len, ==, 0);
  g_assert_cmpuint (insights->handoffs->len, ==, 0);
  g_assert_cmpuint (insights->days->len, ==, 7);
}

static void
test_known_answers (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(TerraInsights) insights = NULL;
  const TerraInsightsDay *day;
  const TerraInsightsResponse *response;
  const TerraInsightsQuestion *question;

  populate (fixture);
  insights = get_insights (fixture, 28, 30, NULL);

  /* Quality: sentiment (2 positive + half of 1 neutral) / 4 = 62.5 %,
   * grades 1 of 2 good = 50 %: the mean, 56 %. */
  g_assert_cmpint (insights->analysed, ==, 4);
  g_assert_cmpint (insights->positive, ==, 2);
  g_assert_cmpint (insights->neutral, ==, 1);
  g_assert_cmpint (insights->negative, ==, 1);
  g_assert_cmpint (insights->graded_good, ==, 1);
  g_assert_cmpint (insights->graded_bad, ==, 1);
  g_assert_cmpint (insights->quality, ==, 56);

  g_assert_cmpuint (insights->intents->len, ==, 2);
  g_assert_cmpstr (count_at (insights->intents, 0)->key, ==, "pricing");
  g_assert_cmpint (count_at (insights->intents, 0)->count, ==, 3);
  g_assert_cmpstr (count_at (insights->intents, 1)->key, ==, "booking");
  g_assert_cmpint (count_at (insights->intents, 1)->count, ==, 1);

  /* Days: the 00:05 message of the conversation that spans midnight is
   * the 29th's; 00:30 summer time on the 30th is the 30th's although it
   * is 23:30 on the 29th in UTC. */
  g_assert_cmpuint (insights->days->len, ==, 3);
  day = &g_array_index (insights->days, TerraInsightsDay, 0);
  g_assert_cmpint (g_date_get_day (&day->date), ==, 28);
  g_assert_cmpint (day->analysed, ==, 1);
  g_assert_cmpfloat_with_epsilon (day->mean_sentiment, 0.8, 1e-9);
  day = &g_array_index (insights->days, TerraInsightsDay, 1);
  g_assert_cmpint (g_date_get_day (&day->date), ==, 29);
  g_assert_cmpint (day->analysed, ==, 2);
  g_assert_cmpfloat_with_epsilon (day->mean_sentiment, -0.3, 1e-9);
  day = &g_array_index (insights->days, TerraInsightsDay, 2);
  g_assert_cmpint (g_date_get_day (&day->date), ==, 30);
  g_assert_cmpint (day->analysed, ==, 1);
  g_assert_cmpfloat_with_epsilon (day->mean_sentiment, 0.4, 1e-9);

  /* Leads who wrote in the period, by temperature; Di wrote earlier. */
  g_assert_cmpint (insights->leads_hot, ==, 1);
  g_assert_cmpint (insights->leads_warm, ==, 1);
  g_assert_cmpint (insights->leads_cold, ==, 1);

  g_assert_cmpint (insights->funnel_conversations, ==, 3);
  g_assert_cmpint (insights->funnel_qualified, ==, 1);
  g_assert_cmpint (insights->funnel_booked, ==, 1);
  g_assert_cmpint (insights->funnel_completed, ==, 1);

  /* WhatsApp: 20 min (across midnight) and 60 min; web chat: 2 min. */
  g_assert_cmpuint (insights->response_times->len, ==, 2);
  response = &g_array_index (insights->response_times, TerraInsightsResponse, 0);
  g_assert_cmpstr (response->channel, ==, "webchat");
  g_assert_cmpint (response->replies, ==, 1);
  g_assert_cmpint (response->median_us, ==, 2 * MINUTE);
  g_assert_cmpint (response->p90_us, ==, 2 * MINUTE);
  response = &g_array_index (insights->response_times, TerraInsightsResponse, 1);
  g_assert_cmpstr (response->channel, ==, "whatsapp");
  g_assert_cmpint (response->replies, ==, 2);
  g_assert_cmpint (response->median_us, ==, 40 * MINUTE);
  g_assert_cmpint (response->p90_us, ==, 60 * MINUTE);

  g_assert_cmpuint (insights->handoffs->len, ==, 2);
  g_assert_cmpstr (count_at (insights->handoffs, 0)->key, ==, "human_requested");
  g_assert_cmpint (count_at (insights->handoffs, 0)->count, ==, 2);
  g_assert_cmpstr (count_at (insights->handoffs, 1)->key, ==, "complaint");
  g_assert_cmpint (count_at (insights->handoffs, 1)->count, ==, 1);

  /* "premium" is the most frequent word of the three pricing questions;
   * the cluster opens the latest of them. */
  g_assert_cmpuint (insights->questions->len, ==, 2);
  question = &g_array_index (insights->questions, TerraInsightsQuestion, 0);
  g_assert_cmpstr (question->intent, ==, "pricing");
  g_assert_cmpstr (question->word, ==, "premium");
  g_assert_cmpint (question->count, ==, 3);
  g_assert_cmpint (question->conversation_id, ==, fixture->conv3);
  question = &g_array_index (insights->questions, TerraInsightsQuestion, 1);
  g_assert_cmpstr (question->intent, ==, "booking");
  g_assert_cmpstr (question->word, ==, "book");
  g_assert_cmpint (question->count, ==, 1);
  g_assert_cmpint (question->conversation_id, ==, fixture->conv2);
}

static void
test_channel_filter (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(TerraInsights) insights = NULL;

  populate (fixture);
  insights = get_insights (fixture, 28, 30, "whatsapp");

  /* Sentiment 2.5 / 3, grades 1 / 1: (83.3 + 100) / 2 = 92 %. */
  g_assert_cmpint (insights->analysed, ==, 3);
  g_assert_cmpint (insights->negative, ==, 0);
  g_assert_cmpint (insights->graded_good, ==, 1);
  g_assert_cmpint (insights->graded_bad, ==, 0);
  g_assert_cmpint (insights->quality, ==, 92);
  g_assert_cmpuint (insights->intents->len, ==, 1);
  g_assert_cmpint (insights->leads_hot, ==, 1);
  g_assert_cmpint (insights->leads_warm, ==, 0);
  g_assert_cmpint (insights->leads_cold, ==, 1);
  g_assert_cmpint (insights->funnel_conversations, ==, 2);
  g_assert_cmpint (insights->funnel_completed, ==, 1);
  g_assert_cmpuint (insights->response_times->len, ==, 1);
  g_assert_cmpuint (insights->handoffs->len, ==, 2);
  g_assert_cmpstr (count_at (insights->handoffs, 0)->key, ==, "complaint");
  g_assert_cmpint (count_at (insights->handoffs, 0)->count, ==, 1);
  g_assert_cmpuint (insights->questions->len, ==, 1);
  g_assert_cmpint (g_array_index (insights->days, TerraInsightsDay, 1).analysed, ==, 1);

  g_clear_pointer (&insights, terra_insights_free);
  insights = get_insights (fixture, 28, 30, "telegram");
  g_assert_cmpint (insights->analysed, ==, 0);
  g_assert_cmpint (insights->quality, ==, -1);
  g_assert_cmpint (insights->funnel_conversations, ==, 0);
}

/* The hourly totals the view reads for whole hours follow a deletion
 * (here of a conversation, whose analyses go with it), and agree with
 * the analyses read directly for the hour in progress. */
static void
test_totals_follow_changes (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(TerraInsights) insights = NULL;
  g_autoptr(GError) error = NULL;
  gint64 from, to;

  populate (fixture);
  g_assert_true (terra_store_delete (fixture->store, TERRA_TYPE_CONVERSATION, fixture->conv2, &error));
  g_assert_no_error (error);

  insights = get_insights (fixture, 28, 30, NULL);
  g_assert_cmpint (insights->analysed, ==, 3);
  g_assert_cmpint (insights->negative, ==, 0);
  g_assert_cmpuint (insights->intents->len, ==, 1);
  g_assert_cmpint (g_array_index (insights->days, TerraInsightsDay, 1).analysed, ==, 1);
  g_assert_cmpfloat_with_epsilon (g_array_index (insights->days, TerraInsightsDay, 1).mean_sentiment, 0.0, 1e-9);
  g_clear_pointer (&insights, terra_insights_free);

  /* A period ending at 00:40 on the 30th: whole hours from the totals,
   * the 40 minutes from the analyses (the message at 00:30). */
  from = london (fixture->zone, 3, 28, 0, 0);
  to = london (fixture->zone, 3, 30, 0, 40);
  insights = terra_store_get_insights (fixture->store, from, to, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (insights->analysed, ==, 3);
  g_assert_cmpint (g_array_index (insights->days, TerraInsightsDay, 2).analysed, ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/insights/periods", Fixture, NULL, fixture_set_up, test_periods, fixture_tear_down);
  g_test_add ("/insights/empty-workspace", Fixture, NULL, fixture_set_up, test_empty_workspace, fixture_tear_down);
  g_test_add ("/insights/empty-period", Fixture, NULL, fixture_set_up, test_empty_period, fixture_tear_down);
  g_test_add ("/insights/known-answers", Fixture, NULL, fixture_set_up, test_known_answers, fixture_tear_down);
  g_test_add ("/insights/totals-follow-changes", Fixture, NULL, fixture_set_up, test_totals_follow_changes,
              fixture_tear_down);
  g_test_add ("/insights/channel-filter", Fixture, NULL, fixture_set_up, test_channel_filter, fixture_tear_down);

  return g_test_run ();
}
