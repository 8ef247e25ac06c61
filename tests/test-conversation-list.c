/* test-conversation-list.c — the paged model behind the conversation list
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "terra-conversation-list.h"
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

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/conversation-list/pages-on-demand", test_pages_on_demand);
  g_test_add_func ("/conversation-list/filter-and-live-changes", test_filter_and_live_changes);

  return g_test_run ();
}
