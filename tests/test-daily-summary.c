/* test-daily-summary.c — the daily summary says what happened yesterday in
 * the business time zone, and names the hot leads
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "terra-daily-summary.h"
#include "terra-test-utils.h"

static gint64
london (GTimeZone *zone,
        int        day,
        int        hour)
{
  g_autoptr(GDateTime) time = g_date_time_new (zone, 2026, 3, day, hour, 0, 0);

  return g_date_time_to_unix (time) * G_USEC_PER_SEC;
}

static gint64
insert (TerraStore *store,
        gpointer    entity)
{
  g_autoptr(GError) error = NULL;
  gint64 id = 0;

  g_assert_true (terra_store_insert (store, entity, &error));
  g_assert_no_error (error);
  g_object_get (entity, "id", &id, NULL);
  g_object_unref (entity);
  return id;
}

static gint64
add_conversation (TerraStore *store,
                  gint64      contact,
                  gint64      at)
{
  gint64 id = insert (store, g_object_new (TERRA_TYPE_CONVERSATION, "contact-id", contact,
                                           "channel", TERRA_CHANNEL_WHATSAPP, "created-at", at,
                                           "updated-at", at, "last-activity-at", at, NULL));

  insert (store, g_object_new (TERRA_TYPE_MESSAGE, "conversation-id", id, "direction", TERRA_DIRECTION_INBOUND,
                               "author", TERRA_AUTHOR_LEAD, "channel", TERRA_CHANNEL_WHATSAPP,
                               "body", "Hello", "created-at", at, NULL));
  return id;
}

static void
test_yesterday (void)
{
  g_autoptr(TerraTestWorkspace) workspace = terra_test_workspace_new ();
  TerraStore *store = terra_workspace_get_store (workspace);
  g_autoptr(JsonNode) node = json_node_init_string (json_node_alloc (), "Europe/London");
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier ("Europe/London");
  g_autoptr(TerraDailySummary) summary = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  g_autofree char *body = NULL;
  const char *names[] = { "Ana", "Bo", "Cy", "Di", "Ed" };
  gint64 contacts[G_N_ELEMENTS (names)];

  g_assert_true (terra_store_set_setting (store, "business.timezone", node, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    contacts[i] = insert (store, g_object_new (TERRA_TYPE_CONTACT, "name", names[i],
                                               "temperature", TERRA_TEMPERATURE_HOT,
                                               "score", 95 - (int)i, NULL));

  /* Yesterday (the 29th, the day summer time starts): two conversations,
   * one at 23:30 summer time. The 28th and today do not count. */
  add_conversation (store, contacts[0], london (zone, 29, 10));
  add_conversation (store, contacts[1], london (zone, 29, 23) + 30 * 60 * G_USEC_PER_SEC);
  add_conversation (store, contacts[2], london (zone, 28, 23));
  add_conversation (store, contacts[3], london (zone, 30, 8));

  summary = terra_daily_summary_new (store, NULL);
  title = terra_daily_summary_describe (summary, london (zone, 30, 9), &body, &error);
  g_assert_no_error (error);
  g_assert_nonnull (title);
  g_test_message ("%s: %s", title, body);

  g_assert_nonnull (strstr (body, "2 new conversations, 2 messages from leads, 0 replies by Terra."));
  g_assert_nonnull (strstr (body, "0 leads qualified, 0 meetings booked (0 cancelled), 0 handoffs."));
  /* The three hottest by score, and how many more. */
  g_assert_nonnull (strstr (body, "Hot leads waiting: Ana, Bo, Cy and 2 more."));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/daily-summary/yesterday", test_yesterday);

  return g_test_run ();
}
