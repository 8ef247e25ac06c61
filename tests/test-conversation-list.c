/* test-conversation-list.c — the paged model behind the conversation list
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "terra-conversation-list.h"
#include "terra-store-desk-queries.h"
#include "terra-test-utils.h"

#define N_CONVERSATIONS 2500

/* Conversation i was last active i minutes before base, on channel i % 5. */
static void
fill (TerraStore *store,
      gint64      base)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TerraContact) contact = terra_contact_new ();

  g_assert_true (terra_store_begin (store, &error));
  terra_contact_set_name (contact, "Meera Iyer");
  g_assert_true (terra_store_insert (store, contact, &error));

  for (guint i = 0; i < N_CONVERSATIONS; i++)
    {
      g_autoptr(TerraConversation) conversation = terra_conversation_new ();

      terra_conversation_set_contact_id (conversation, terra_contact_get_id (contact));
      terra_conversation_set_channel (conversation, i % 5);
      terra_conversation_set_last_activity_at (conversation, base - (gint64)i * 60 * G_USEC_PER_SEC);
      g_assert_true (terra_store_insert (store, conversation, &error));
    }

  g_assert_true (terra_store_commit (store, &error));
  g_assert_no_error (error);
}

static void
test_pages_on_demand (void)
{
  g_autoptr(TerraTestWorkspace) workspace = terra_test_workspace_new ();
  TerraStore *store = terra_workspace_get_store (workspace);
  gint64 base = g_get_real_time ();
  g_autoptr(TerraConversationList) list = NULL;
  g_autoptr(TerraConversation) first = NULL;
  g_autoptr(TerraConversation) last = NULL;
  g_autoptr(TerraConversation) middle = NULL;

  fill (store, base);
  list = terra_conversation_list_new (store, NULL);

  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (list)) == TERRA_TYPE_CONVERSATION);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, N_CONVERSATIONS);
  g_assert_cmpuint (terra_conversation_list_get_n_loaded_pages (list), ==, 0);

  /* Most recent first; asking for one row loads one page only. */
  first = g_list_model_get_item (G_LIST_MODEL (list), 0);
  g_assert_cmpint (terra_conversation_get_last_activity_at (first), ==, base);
  g_assert_cmpstr (terra_conversation_get_contact_name (first), ==, "Meera Iyer");
  g_assert_cmpuint (terra_conversation_list_get_n_loaded_pages (list), ==, 1);

  middle = g_list_model_get_item (G_LIST_MODEL (list), 1234);
  g_assert_cmpint (terra_conversation_get_last_activity_at (middle), ==, base - (gint64)1234 * 60 * G_USEC_PER_SEC);
  last = g_list_model_get_item (G_LIST_MODEL (list), N_CONVERSATIONS - 1);
  g_assert_cmpint (terra_conversation_get_last_activity_at (last), ==,
                   base - (gint64)(N_CONVERSATIONS - 1) * 60 * G_USEC_PER_SEC);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (list), N_CONVERSATIONS));

  /* Scrolling through everything keeps only a bounded cache. */
  for (guint i = 0; i < N_CONVERSATIONS; i++)
    g_object_unref (g_list_model_get_item (G_LIST_MODEL (list), i));
  g_assert_cmpuint (terra_conversation_list_get_n_loaded_pages (list), <=, 16);
}

static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  guint      *calls)
{
  (*calls)++;
}

static void
test_filter_and_live_changes (void)
{
  g_autoptr(TerraTestWorkspace) workspace = terra_test_workspace_new ();
  TerraStore *store = terra_workspace_get_store (workspace);
  g_autoptr(TerraQuery) sms_only = terra_query_new (TERRA_TYPE_CONVERSATION);
  g_autoptr(TerraConversationList) list = NULL;
  g_autoptr(GError) error = NULL;
  guint calls = 0;

  fill (store, g_get_real_time ());
  terra_query_where_enum (sms_only, "channel", TERRA_TYPE_CHANNEL, TERRA_CHANNEL_SMS);
  list = terra_conversation_list_new (store, sms_only);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, N_CONVERSATIONS / 5);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (list)); i += 97)
    {
      g_autoptr(TerraConversation) conversation = g_list_model_get_item (G_LIST_MODEL (list), i);

      g_assert_cmpint (terra_conversation_get_channel (conversation), ==, TERRA_CHANNEL_SMS);
    }

  /* A conversation written on another thread's connection shows up
   * without anyone asking, once the change event arrives. */
  g_signal_connect (list, "items-changed", G_CALLBACK (on_items_changed), &calls);
  {
    g_autoptr(TerraStore) other = terra_workspace_open_store (workspace, &error);
    g_autoptr(TerraConversation) conversation = NULL;
    g_autoptr(TerraQuery) any = terra_query_new (TERRA_TYPE_CONTACT);
    g_autoptr(GPtrArray) contacts = terra_store_list (other, any, &error);

    g_assert_no_error (error);
    conversation = terra_conversation_new ();
    terra_conversation_set_contact_id (conversation, terra_contact_get_id (contacts->pdata[0]));
    terra_conversation_set_channel (conversation, TERRA_CHANNEL_SMS);
    g_assert_true (terra_store_insert (other, conversation, &error));
    g_assert_no_error (error);
  }

  {
    gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

    while (calls == 0 && g_get_monotonic_time () < deadline)
      {
        g_main_context_iteration (NULL, FALSE);
        g_usleep (1000);
      }
  }
  g_assert_cmpuint (calls, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, N_CONVERSATIONS / 5 + 1);

  terra_conversation_list_set_filter (list, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, N_CONVERSATIONS + 1);
}

/* Waits for the main context to run what it is given, up to five seconds. */
static void
wait_until (gboolean *done)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  while (!*done && g_get_monotonic_time () < deadline)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

static gint64
add_lead (TerraStore   *store,
          const char   *name,
          const char   *phone,
          int           score,
          TerraChannel  channel,
          gint64        last_activity,
          const char   *message)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TerraContact) contact = terra_contact_new ();
  g_autoptr(TerraConversation) conversation = terra_conversation_new ();
  g_autoptr(TerraMessage) inbound = terra_message_new ();

  terra_contact_set_name (contact, name);
  terra_contact_set_score (contact, score);
  g_assert_true (terra_store_insert (store, contact, &error));
  g_assert_true (terra_store_add_contact_identity (store, terra_contact_get_id (contact), channel, phone, &error));
  terra_conversation_set_contact_id (conversation, terra_contact_get_id (contact));
  terra_conversation_set_channel (conversation, channel);
  terra_conversation_set_last_activity_at (conversation, last_activity);
  terra_conversation_set_unread_count (conversation, 2);
  g_assert_true (terra_store_insert (store, conversation, &error));
  terra_message_set_conversation_id (inbound, terra_conversation_get_id (conversation));
  terra_message_set_direction (inbound, TERRA_DIRECTION_INBOUND);
  terra_message_set_author (inbound, TERRA_AUTHOR_LEAD);
  terra_message_set_channel (inbound, channel);
  terra_message_set_body (inbound, message);
  g_assert_true (terra_store_insert (store, inbound, &error));
  g_assert_no_error (error);
  return terra_conversation_get_id (conversation);
}

static void
analyse (TerraStore     *store,
         gint64          conversation_id,
         TerraSentiment  sentiment)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TerraMessage) message = terra_message_new ();
  g_autoptr(TerraAnalysis) analysis = terra_analysis_new ();

  terra_message_set_conversation_id (message, conversation_id);
  terra_message_set_direction (message, TERRA_DIRECTION_INBOUND);
  terra_message_set_author (message, TERRA_AUTHOR_LEAD);
  terra_message_set_body (message, "another message");
  g_assert_true (terra_store_insert (store, message, &error));
  terra_analysis_set_message_id (analysis, terra_message_get_id (message));
  terra_analysis_set_conversation_id (analysis, conversation_id);
  terra_analysis_set_sentiment (analysis, sentiment);
  g_assert_true (terra_store_insert (store, analysis, &error));
  g_assert_no_error (error);
}

/* The ids the model shows for query, and the ids the store's own listing
 * gives for it: the model's faster query must select the same rows in the
 * same order. */
static void
assert_same_as_store (TerraStore *store,
                      TerraQuery *query,
                      guint       expected)
{
  g_autoptr(TerraConversationList) list = terra_conversation_list_new (store, query);
  g_autoptr(TerraQuery) ranged = terra_query_copy (query);
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;

  terra_query_set_range (ranged, 0, 10000);
  rows = terra_store_list (store, ranged, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, expected);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, expected);
  for (guint i = 0; i < rows->len; i++)
    {
      g_autoptr(TerraConversation) shown = g_list_model_get_item (G_LIST_MODEL (list), i);

      g_assert_cmpint (terra_conversation_get_id (shown), ==,
                       terra_conversation_get_id (g_ptr_array_index (rows, i)));
    }
}

static void
test_sentiment_search_and_order (void)
{
  g_autoptr(TerraTestWorkspace) workspace = terra_test_workspace_new ();
  TerraStore *store = terra_workspace_get_store (workspace);
  gint64 now = g_get_real_time ();
  g_autoptr(GError) error = NULL;
  gint64 asha, ravi, meena;

  asha = add_lead (store, "Asha Rao", "+919845000001", 80, TERRA_CHANNEL_WHATSAPP, now - 3 * G_USEC_PER_SEC,
                   "Is the villa in Whitefield available?");
  ravi = add_lead (store, "Ravi Nair", "+919845000002", 20, TERRA_CHANNEL_SMS, now - 2 * G_USEC_PER_SEC,
                   "Please send the brochure");
  meena = add_lead (store, "Méena Shah", "+919845000003", 55, TERRA_CHANNEL_SMS, now - 1 * G_USEC_PER_SEC,
                    "What is the price of the 3BHK?");

  /* A conversation's sentiment is its latest analysis's: Asha was
   * negative, then positive. Meena has none yet: neutral. */
  analyse (store, asha, TERRA_SENTIMENT_NEGATIVE);
  analyse (store, asha, TERRA_SENTIMENT_POSITIVE);
  analyse (store, ravi, TERRA_SENTIMENT_NEGATIVE);

  {
    g_autoptr(TerraQuery) negative = terra_query_new (TERRA_TYPE_CONVERSATION);
    g_autoptr(TerraQuery) positive = terra_query_new (TERRA_TYPE_CONVERSATION);
    g_autoptr(TerraQuery) neutral = terra_query_new (TERRA_TYPE_CONVERSATION);
    g_autoptr(TerraConversation) shown = NULL;
    g_autoptr(TerraConversationList) list = NULL;

    terra_query_where_enum (negative, "sentiment", TERRA_TYPE_SENTIMENT, TERRA_SENTIMENT_NEGATIVE);
    terra_query_where_enum (positive, "sentiment", TERRA_TYPE_SENTIMENT, TERRA_SENTIMENT_POSITIVE);
    terra_query_where_enum (neutral, "sentiment", TERRA_TYPE_SENTIMENT, TERRA_SENTIMENT_NEUTRAL);
    assert_same_as_store (store, negative, 1);
    assert_same_as_store (store, positive, 1);
    assert_same_as_store (store, neutral, 1);

    list = terra_conversation_list_new (store, positive);
    shown = g_list_model_get_item (G_LIST_MODEL (list), 0);
    g_assert_cmpint (terra_conversation_get_id (shown), ==, asha);
    g_assert_cmpint (terra_conversation_get_sentiment (shown), ==, TERRA_SENTIMENT_POSITIVE);
  }

  /* Search by name (any case), by number, by message text. */
  {
    const struct { const char *text; guint expected; } searches[] = {
      { "MÉENA", 1 }, { "RAO", 1 }, { "9845000002", 1 }, { "+91984500000", 3 },
      { "brochure", 1 }, { "villa whitefield", 1 }, { "nobody", 0 },
    };

    for (guint i = 0; i < G_N_ELEMENTS (searches); i++)
      {
        g_autoptr(TerraQuery) query = terra_query_new (TERRA_TYPE_CONVERSATION);

        terra_query_where_search (query, searches[i].text);
        terra_query_order_by (query, "last_activity_at", TRUE);
        assert_same_as_store (store, query, searches[i].expected);
      }
  }

  /* By score, highest first, and combined with a channel. */
  {
    g_autoptr(TerraQuery) by_score = terra_query_new (TERRA_TYPE_CONVERSATION);
    g_autoptr(TerraQuery) sms_by_score = NULL;
    g_autoptr(TerraConversationList) list = NULL;
    g_autoptr(TerraConversation) first = NULL;
    g_autoptr(TerraConversation) last = NULL;

    terra_query_order_by (by_score, "contact_score", TRUE);
    assert_same_as_store (store, by_score, 3);
    list = terra_conversation_list_new (store, by_score);
    first = g_list_model_get_item (G_LIST_MODEL (list), 0);
    last = g_list_model_get_item (G_LIST_MODEL (list), 2);
    g_assert_cmpint (terra_conversation_get_id (first), ==, asha);
    g_assert_cmpint (terra_conversation_get_id (last), ==, ravi);

    sms_by_score = terra_query_copy (by_score);
    terra_query_where_enum (sms_by_score, "channel", TERRA_TYPE_CHANNEL, TERRA_CHANNEL_SMS);
    assert_same_as_store (store, sms_by_score, 2);
  }

  /* Opening a conversation marks it read, and says so. */
  {
    g_autoptr(TerraConversation) read = NULL;

    g_assert_true (terra_store_mark_conversation_read (store, meena, &error));
    g_assert_no_error (error);
    read = terra_store_get (store, TERRA_TYPE_CONVERSATION, meena, &error);
    g_assert_cmpint (terra_conversation_get_unread_count (read), ==, 0);
  }
}

static void
loading_changed (TerraConversationList *list,
                 GParamSpec            *pspec,
                 gboolean              *done)
{
  if (!terra_conversation_list_get_loading (list))
    *done = TRUE;
}

/* In the background, a new filter keeps the old rows until the new ones
 * are read on the list's thread, then shows them. */
static void
test_background (void)
{
  g_autoptr(TerraTestWorkspace) workspace = terra_test_workspace_new ();
  TerraStore *store = terra_workspace_get_store (workspace);
  g_autoptr(TerraQuery) telegram = terra_query_new (TERRA_TYPE_CONVERSATION);
  g_autoptr(TerraConversationList) list = NULL;
  g_autoptr(TerraConversation) first = NULL;
  gboolean done = FALSE;

  fill (store, g_get_real_time ());
  list = terra_conversation_list_new (store, NULL);
  terra_conversation_list_set_background (list);
  g_signal_connect (list, "notify::loading", G_CALLBACK (loading_changed), &done);

  terra_query_where_enum (telegram, "channel", TERRA_TYPE_CHANNEL, TERRA_CHANNEL_TELEGRAM);
  terra_query_order_by (telegram, "last_activity_at", TRUE);
  terra_conversation_list_set_filter (list, telegram);
  g_assert_true (terra_conversation_list_get_loading (list));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, N_CONVERSATIONS);

  wait_until (&done);
  g_assert_true (done);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, N_CONVERSATIONS / 5);
  first = g_list_model_get_item (G_LIST_MODEL (list), 0);
  g_assert_cmpint (terra_conversation_get_channel (first), ==, TERRA_CHANNEL_TELEGRAM);
  g_assert_cmpint (terra_conversation_list_find (list, terra_conversation_get_id (first), G_MAXUINT), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/conversation-list/pages-on-demand", test_pages_on_demand);
  g_test_add_func ("/conversation-list/filter-and-live-changes", test_filter_and_live_changes);
  g_test_add_func ("/conversation-list/sentiment-search-and-order", test_sentiment_search_and_order);
  g_test_add_func ("/conversation-list/background", test_background);

  return g_test_run ();
}
