/* terra-conversation-list.c — conversations as a paged GListModel
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A list view asks only for the rows it shows. The model therefore holds
 * just the ids of the conversations that match, in order — one query over
 * the tables, joining only what the filter needs, about 1 ms per 10,000
 * conversations — and reads the rows a page at a time, by id, when a row is
 * first asked for. A bounded number of pages stays cached, so scrolling
 * through 100,000 conversations holds a few hundred objects, and a page deep
 * down the list costs what the first one does (no OFFSET to walk).
 *
 * Changes committed anywhere reach the model through the store's notifier;
 * it reloads once per burst. With terra_conversation_list_set_background()
 * the id query of a new filter or a reload runs on a thread of its own with
 * its own connection (a search through a million messages takes longer
 * than a frame), and the model swaps the result in when it is ready.
 */

#define G_LOG_DOMAIN "terra-conversation-list"

#include "config.h"

#include "terra-conversation-list.h"
#include "terra-store-desk-queries.h"

#define PAGE_SIZE 100
#define MAX_CACHED_PAGES 16

/* The background thread's state: only its thread touches store. */
typedef struct
{
  char       *path;
  TerraStore *store;
} ListWorker;

struct _TerraConversationList
{
  GObject       parent_instance;

  TerraStore   *store;
  TerraQuery   *filter;
  GArray       *ids;          /* gint64, the matching conversations in order */

  /* page number → GPtrArray of TerraConversation (NULL where a row
   * vanished since the ids were read) */
  GHashTable   *pages;
  /* page numbers, most recently used first */
  GQueue        recent_pages;

  guint         reload_source;

  /* Background loading */
  GThreadPool  *pool;
  ListWorker   *worker;
  GCancellable *cancellable;
  guint         generation;   /* of the newest query asked for */
  gboolean      loading;
};

enum {
  PROP_0,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

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
  return TERRA_CONVERSATION_LIST (model)->ids->len;
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

static void
unref_if_any (gpointer object)
{
  if (object != NULL)
    g_object_unref (object);
}

static GPtrArray *
load_page (TerraConversationList *self,
           guint                  page)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) found = NULL;
  const gint64 *ids = &g_array_index (self->ids, gint64, page * PAGE_SIZE);
  guint n = MIN (PAGE_SIZE, self->ids->len - page * PAGE_SIZE);
  GPtrArray *rows;
  guint next = 0;

  found = terra_store_list_conversations_by_id (self->store, ids, n, &error);
  if (found == NULL)
    {
      g_warning ("Could not read conversations: %s", error->message);
      return NULL;
    }

  /* One slot per id, so positions stay where the count put them even if
   * a conversation was deleted meanwhile; the reload that follows the
   * deletion fixes the count. */
  rows = g_ptr_array_new_full (n, unref_if_any);
  for (guint i = 0; i < n; i++)
    {
      TerraConversation *conversation = next < found->len ? g_ptr_array_index (found, next) : NULL;

      if (conversation != NULL && terra_conversation_get_id (conversation) == ids[i])
        {
          g_ptr_array_add (rows, g_object_ref (conversation));
          next++;
        }
      else
        g_ptr_array_add (rows, NULL);
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
  gpointer item;

  if (position >= self->ids->len)
    return NULL;

  rows = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (page));
  if (rows == NULL && (rows = load_page (self, page)) == NULL)
    return NULL;
  touch_page (self, page);

  item = g_ptr_array_index (rows, position % PAGE_SIZE);
  return item != NULL ? g_object_ref (item) : NULL;
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = terra_conversation_list_get_item_type;
  iface->get_n_items = terra_conversation_list_get_n_items;
  iface->get_item = terra_conversation_list_get_item;
}

/* Shows @ids (taking them) instead of what the model held. */
static void
replace_ids (TerraConversationList *self,
             GArray                *ids)
{
  guint old_n_items = self->ids->len;

  g_hash_table_remove_all (self->pages);
  g_queue_clear (&self->recent_pages);
  g_array_unref (self->ids);
  self->ids = ids;

  g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n_items, self->ids->len);
}

static void
set_loading (TerraConversationList *self,
             gboolean               loading)
{
  if (self->loading == loading)
    return;
  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

/* Background loading */

static void
worker_run (gpointer data,
            gpointer user_data)
{
  g_autoptr(GTask) task = data;
  ListWorker *worker = user_data;
  TerraQuery *query = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  GArray *ids;

  if (g_task_return_error_if_cancelled (task))
    return;

  if (worker->store == NULL &&
      (worker->store = terra_store_open (worker->path, NULL, &error)) == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  ids = terra_store_list_conversation_ids (worker->store, query, &error);
  if (ids == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, ids, (GDestroyNotify)g_array_unref);
}

static void
stop_worker (TerraConversationList *self)
{
  g_cancellable_cancel (self->cancellable);
  if (self->pool != NULL)
    g_thread_pool_free (g_steal_pointer (&self->pool), FALSE, TRUE);
  if (self->worker != NULL)
    {
      g_clear_object (&self->worker->store);
      g_clear_pointer (&self->worker->path, g_free);
      g_clear_pointer (&self->worker, g_free);
    }
  g_clear_object (&self->cancellable);
}

static void
ids_loaded_cb (GObject      *source_object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(TerraConversationList) self = user_data;
  g_autoptr(GError) error = NULL;
  guint generation = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (result), "terra-generation"));
  GArray *ids = g_task_propagate_pointer (G_TASK (result), &error);

  if (ids == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not list conversations: %s", error->message);
      if (generation == self->generation)
        set_loading (self, FALSE);
      return;
    }

  /* A newer filter was asked for meanwhile: its result is on its way. */
  if (generation != self->generation || self->pool == NULL)
    {
      g_array_unref (ids);
      return;
    }

  replace_ids (self, ids);
  set_loading (self, FALSE);
}

static void
reload_in_background (TerraConversationList *self)
{
  g_autoptr(GError) error = NULL;
  GTask *task;

  g_assert (self->pool != NULL);

  self->generation++;
  task = g_task_new (NULL, self->cancellable, ids_loaded_cb, g_object_ref (self));
  g_task_set_source_tag (task, reload_in_background);
  g_task_set_name (task, "[terra] conversation ids");
  g_task_set_task_data (task, terra_query_copy (self->filter), (GDestroyNotify)terra_query_unref);
  g_object_set_data (G_OBJECT (task), "terra-generation", GUINT_TO_POINTER (self->generation));

  set_loading (self, TRUE);
  if (!g_thread_pool_push (self->pool, task, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
    }
}

static void
terra_conversation_list_dispose (GObject *object)
{
  TerraConversationList *self = (TerraConversationList *)object;

  g_clear_handle_id (&self->reload_source, g_source_remove);
  stop_worker (self);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (terra_conversation_list_parent_class)->dispose (object);
}

static void
terra_conversation_list_finalize (GObject *object)
{
  TerraConversationList *self = (TerraConversationList *)object;

  g_clear_pointer (&self->filter, terra_query_unref);
  g_clear_pointer (&self->pages, g_hash_table_unref);
  g_clear_pointer (&self->ids, g_array_unref);
  g_queue_clear (&self->recent_pages);

  G_OBJECT_CLASS (terra_conversation_list_parent_class)->finalize (object);
}

static void
terra_conversation_list_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  TerraConversationList *self = TERRA_CONVERSATION_LIST (object);

  switch (prop_id)
    {
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
terra_conversation_list_class_init (TerraConversationListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = terra_conversation_list_dispose;
  object_class->finalize = terra_conversation_list_finalize;
  object_class->get_property = terra_conversation_list_get_property;

  /**
   * TerraConversationList:loading:
   *
   * Whether a new filter or a reload is being read in the background.
   */
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
terra_conversation_list_init (TerraConversationList *self)
{
  self->pages = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify)g_ptr_array_unref);
  self->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_queue_init (&self->recent_pages);
}

/**
 * terra_conversation_list_reload:
 *
 * Reads the matching conversations again (on the background thread when
 * there is one), telling views that the whole list may have changed.
 */
void
terra_conversation_list_reload (TerraConversationList *self)
{
  g_autoptr(GError) error = NULL;
  GArray *ids;

  g_return_if_fail (TERRA_IS_CONVERSATION_LIST (self));

  g_clear_handle_id (&self->reload_source, g_source_remove);

  if (self->pool != NULL)
    {
      reload_in_background (self);
      return;
    }

  ids = terra_store_list_conversation_ids (self->store, self->filter, &error);
  if (ids == NULL)
    {
      g_warning ("Could not list conversations: %s", error->message);
      ids = g_array_new (FALSE, FALSE, sizeof (gint64));
    }
  replace_ids (self, ids);
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

/**
 * terra_conversation_list_set_background:
 *
 * From now on, reads new filters and reloads on a thread of its own, with
 * its own connection to the store's database; the model keeps showing the
 * previous rows until the new ones are ready (see #TerraConversationList:loading).
 */
void
terra_conversation_list_set_background (TerraConversationList *self)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (TERRA_IS_CONVERSATION_LIST (self));

  if (self->pool != NULL)
    return;

  self->cancellable = g_cancellable_new ();
  self->worker = g_new0 (ListWorker, 1);
  self->worker->path = g_strdup (terra_store_get_path (self->store));
  /* Exclusive, so the connection stays on the one thread that opened it. */
  self->pool = g_thread_pool_new_full (worker_run, self->worker, g_object_unref, 1, TRUE, &error);
  if (self->pool == NULL)
    {
      g_warning ("Could not start the conversation list's thread: %s", error->message);
      stop_worker (self);
    }
}

gboolean
terra_conversation_list_get_loading (TerraConversationList *self)
{
  g_return_val_if_fail (TERRA_IS_CONVERSATION_LIST (self), FALSE);
  return self->loading;
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
 * Looks for a conversation among the first @max_position rows; the view
 * uses it to keep its selection across reloads. Reads nothing.
 *
 * Returns: the conversation's position, or -1 if it is not among them
 */
int
terra_conversation_list_find (TerraConversationList *self,
                              gint64                 conversation_id,
                              guint                  max_position)
{
  g_return_val_if_fail (TERRA_IS_CONVERSATION_LIST (self), -1);

  max_position = MIN (max_position, MIN (self->ids->len, (guint)G_MAXINT));
  for (guint position = 0; position < max_position; position++)
    if (g_array_index (self->ids, gint64, position) == conversation_id)
      return (int)position;

  return -1;
}
