/* terra-conversation-list.c — conversations as a paged GListModel
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A list view asks only for the rows it shows, so the model knows how many
 * conversations match (one COUNT) and reads them a page at a time when a
 * row is first asked for. A bounded number of pages stays cached, so
 * scrolling through 100,000 conversations holds a few hundred objects, not
 * all of them. Changes committed anywhere reach it through the store's
 * notifier; it reloads once per burst.
 */

#define G_LOG_DOMAIN "terra-conversation-list"

#include "config.h"

#include "terra-conversation-list.h"

#define PAGE_SIZE 100
#define MAX_CACHED_PAGES 16

struct _TerraConversationList
{
  GObject     parent_instance;

  TerraStore *store;
  TerraQuery *filter;
  guint       n_items;

  /* page number → GPtrArray of TerraConversation */
  GHashTable *pages;
  /* page numbers, most recently used first */
  GQueue      recent_pages;

  guint       reload_source;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TerraConversationList, terra_conversation_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GType
terra_conversation_list_get_item_type (GListModel *model)
{
  return TERRA_TYPE_CONVERSATION;
}

static guint
terra_conversation_list_get_n_items (GListModel *model)
{
  return TERRA_CONVERSATION_LIST (model)->n_items;
}

static void
touch_page (TerraConversationList *self,
            guint                  page)
{
  GList *link = g_queue_find (&self->recent_pages, GUINT_TO_POINTER (page));

  if (link != NULL)
    g_queue_unlink (&self->recent_pages, link);
  else
    link = g_list_alloc ();

  link->data = GUINT_TO_POINTER (page);
  g_queue_push_head_link (&self->recent_pages, link);

  while (self->recent_pages.length > MAX_CACHED_PAGES)
    g_hash_table_remove (self->pages, g_queue_pop_tail (&self->recent_pages));
}

static GPtrArray *
load_page (TerraConversationList *self,
           guint                  page)
{
  g_autoptr(TerraQuery) query = terra_query_copy (self->filter);
  g_autoptr(GError) error = NULL;
  GPtrArray *rows;

  terra_query_set_range (query, page * PAGE_SIZE, PAGE_SIZE);
  rows = terra_store_list (self->store, query, &error);
  if (rows == NULL)
    {
      g_warning ("Could not read conversations: %s", error->message);
      return NULL;
    }

  g_hash_table_insert (self->pages, GUINT_TO_POINTER (page), rows);
  return rows;
}

static gpointer
terra_conversation_list_get_item (GListModel *model,
                                  guint       position)
{
  TerraConversationList *self = TERRA_CONVERSATION_LIST (model);
  guint page = position / PAGE_SIZE;
  GPtrArray *rows;

  if (position >= self->n_items)
    return NULL;

  rows = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (page));
  if (rows == NULL && (rows = load_page (self, page)) == NULL)
    return NULL;
  touch_page (self, page);

  /* The table may have shrunk since the count; the reload that follows the
   * change will fix n_items. */
  if (position % PAGE_SIZE >= rows->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (rows, position % PAGE_SIZE));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = terra_conversation_list_get_item_type;
  iface->get_n_items = terra_conversation_list_get_n_items;
  iface->get_item = terra_conversation_list_get_item;
}

static void
terra_conversation_list_dispose (GObject *object)
{
  TerraConversationList *self = (TerraConversationList *)object;

  g_clear_handle_id (&self->reload_source, g_source_remove);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (terra_conversation_list_parent_class)->dispose (object);
}

static void
terra_conversation_list_finalize (GObject *object)
{
  TerraConversationList *self = (TerraConversationList *)object;

  g_clear_pointer (&self->filter, terra_query_unref);
  g_clear_pointer (&self->pages, g_hash_table_unref);
  g_queue_clear (&self->recent_pages);

  G_OBJECT_CLASS (terra_conversation_list_parent_class)->finalize (object);
}

static void
terra_conversation_list_class_init (TerraConversationListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = terra_conversation_list_dispose;
  object_class->finalize = terra_conversation_list_finalize;
}

static void
terra_conversation_list_init (TerraConversationList *self)
{
  self->pages = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify)g_ptr_array_unref);
  g_queue_init (&self->recent_pages);
}

/**
 * terra_conversation_list_reload:
 *
 * Drops every cached page and counts again, telling views that the whole
 * list may have changed.
 */
void
terra_conversation_list_reload (TerraConversationList *self)
{
  g_autoptr(GError) error = NULL;
  guint old_n_items;
  gint64 count;

  g_return_if_fail (TERRA_IS_CONVERSATION_LIST (self));

  g_clear_handle_id (&self->reload_source, g_source_remove);
  g_hash_table_remove_all (self->pages);
  g_queue_clear (&self->recent_pages);

  count = terra_store_count (self->store, self->filter, &error);
  if (count < 0)
    {
      g_warning ("Could not count conversations: %s", error->message);
      count = 0;
    }

  old_n_items = self->n_items;
  self->n_items = (guint)MIN (count, (gint64)G_MAXUINT);
  g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n_items, self->n_items);
}

static gboolean
reload_cb (gpointer user_data)
{
  TerraConversationList *self = user_data;

  self->reload_source = 0;
  terra_conversation_list_reload (self);
  return G_SOURCE_REMOVE;
}

static void
on_store_changed (TerraConversationList *self,
                  TerraEntity            entity,
                  TerraChangeKind        kind,
                  gint64                 id)
{
  /* An analysis changes a conversation's sentiment (a trigger keeps it,
   * so no conversation event announces it). */
  if (entity != TERRA_ENTITY_CONVERSATION && entity != TERRA_ENTITY_CONTACT &&
      entity != TERRA_ENTITY_ANALYSIS)
    return;

  /* One reload per burst of changes, not one per row. */
  if (self->reload_source == 0)
    self->reload_source = g_timeout_add (100, reload_cb, self);
}

/**
 * terra_conversation_list_new:
 * @store: the main thread's connection
 * @filter: (nullable): a query for %TERRA_TYPE_CONVERSATION; its range is
 *   ignored. %NULL lists all, most recent activity first.
 *
 * Returns: (transfer full): the model
 */
TerraConversationList *
terra_conversation_list_new (TerraStore *store,
                             TerraQuery *filter)
{
  TerraConversationList *self;
  TerraChangeNotifier *notifier;

  g_return_val_if_fail (TERRA_IS_STORE (store), NULL);
  g_return_val_if_fail (filter == NULL ||
                        terra_query_get_entity_type (filter) == TERRA_TYPE_CONVERSATION, NULL);

  self = g_object_new (TERRA_TYPE_CONVERSATION_LIST, NULL);
  self->store = g_object_ref (store);

  notifier = terra_store_get_notifier (store);
  if (notifier != NULL)
    g_signal_connect_object (notifier, "changed", G_CALLBACK (on_store_changed),
                             self, G_CONNECT_SWAPPED);

  terra_conversation_list_set_filter (self, filter);
  return self;
}

TerraQuery *
terra_conversation_list_get_filter (TerraConversationList *self)
{
  g_return_val_if_fail (TERRA_IS_CONVERSATION_LIST (self), NULL);
  return self->filter;
}

/* Shows the conversations filter selects instead (NULL: all). */
void
terra_conversation_list_set_filter (TerraConversationList *self,
                                    TerraQuery            *filter)
{
  g_return_if_fail (TERRA_IS_CONVERSATION_LIST (self));

  g_clear_pointer (&self->filter, terra_query_unref);
  if (filter != NULL)
    self->filter = terra_query_copy (filter);
  else
    {
      self->filter = terra_query_new (TERRA_TYPE_CONVERSATION);
      terra_query_order_by (self->filter, "last_activity_at", TRUE);
    }

  terra_conversation_list_reload (self);
}

/* How many pages are held in memory; for tests of the paging. */
guint
terra_conversation_list_get_n_loaded_pages (TerraConversationList *self)
{
  g_return_val_if_fail (TERRA_IS_CONVERSATION_LIST (self), 0);
  return g_hash_table_size (self->pages);
}

/**
 * terra_conversation_list_find:
 * @conversation_id: a conversation's id
 * @max_position: how far to look
 *
 * Looks for a conversation among the first @max_position rows, reading the
 * pages it needs; the view uses it to keep its selection across reloads.
 *
 * Returns: the conversation's position, or -1 if it is not among them
 */
int
terra_conversation_list_find (TerraConversationList *self,
                              gint64                 conversation_id,
                              guint                  max_position)
{
  g_return_val_if_fail (TERRA_IS_CONVERSATION_LIST (self), -1);

  max_position = MIN (max_position, self->n_items);
  for (guint position = 0; position < max_position; position++)
    {
      g_autoptr(TerraConversation) conversation = g_list_model_get_item (G_LIST_MODEL (self), position);

      if (conversation != NULL && terra_conversation_get_id (conversation) == conversation_id)
        return (int)position;
    }

  return -1;
}
