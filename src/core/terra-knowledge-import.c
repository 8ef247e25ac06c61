/* terra-knowledge-import.c — importing documents as knowledge items, off
 * the main thread, all or nothing
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The job reads and parses every file first (half of the progress bar),
 * then adds the entries in one transaction (the other half: splitting
 * items into passages is what takes the time). The cancellable is checked
 * between files and between items; a cancel, or any failure, rolls the
 * transaction back, so an import adds everything it reports or nothing.
 *
 * Threads: the object is made and configured on the main thread;
 * terra_knowledge_import_run() may run on any thread with that thread's
 * own store; the async variant runs it on a GTask thread with a connection
 * of its own and reports progress through the "fraction" and "status"
 * properties, which change only on the main context of the caller.
 */

#define G_LOG_DOMAIN "terra-knowledge-import"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "terra-enums.h"
#include "terra-knowledge-import.h"

struct _TerraKnowledgeImport
{
  GObject                 parent_instance;

  /* Set before running, read by the worker */
  TerraWorkspace         *workspace;
  GPtrArray              *files;
  TerraKnowledgeCategory  category;
  gboolean                publish;

  /* Main context only */
  double                  fraction;
  char                   *status;
};

G_DEFINE_FINAL_TYPE (TerraKnowledgeImport, terra_knowledge_import, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_FRACTION,
  PROP_STATUS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
terra_knowledge_import_finalize (GObject *object)
{
  TerraKnowledgeImport *self = (TerraKnowledgeImport *)object;

  g_clear_object (&self->workspace);
  g_clear_pointer (&self->files, g_ptr_array_unref);
  g_clear_pointer (&self->status, g_free);

  G_OBJECT_CLASS (terra_knowledge_import_parent_class)->finalize (object);
}

static void
terra_knowledge_import_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  TerraKnowledgeImport *self = TERRA_KNOWLEDGE_IMPORT (object);

  switch (prop_id)
    {
    case PROP_FRACTION:
      g_value_set_double (value, self->fraction);
      break;

    case PROP_STATUS:
      g_value_set_string (value, self->status);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
terra_knowledge_import_class_init (TerraKnowledgeImportClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = terra_knowledge_import_finalize;
  object_class->get_property = terra_knowledge_import_get_property;

  properties[PROP_FRACTION] =
    g_param_spec_double ("fraction", NULL, NULL, 0.0, 1.0, 0.0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATUS] =
    g_param_spec_string ("status", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
terra_knowledge_import_init (TerraKnowledgeImport *self)
{
  self->files = g_ptr_array_new_with_free_func (g_object_unref);
  self->category = TERRA_KNOWLEDGE_COMPANY;
}

/* An import into @workspace (which may be NULL for the synchronous run
 * with the caller's store). (transfer full) */
TerraKnowledgeImport *
terra_knowledge_import_new (TerraWorkspace *workspace)
{
  TerraKnowledgeImport *self;

  g_return_val_if_fail (workspace == NULL || TERRA_IS_WORKSPACE (workspace), NULL);

  self = g_object_new (TERRA_TYPE_KNOWLEDGE_IMPORT, NULL);
  if (workspace != NULL)
    self->workspace = g_object_ref (workspace);
  return self;
}

void
terra_knowledge_import_add_file (TerraKnowledgeImport *self,
                                 GFile                *file)
{
  g_return_if_fail (TERRA_IS_KNOWLEDGE_IMPORT (self));
  g_return_if_fail (G_IS_FILE (file));

  g_ptr_array_add (self->files, g_object_ref (file));
}

/* The category of items made from documents; CSV rows are always FAQs. */
void
terra_knowledge_import_set_category (TerraKnowledgeImport   *self,
                                     TerraKnowledgeCategory  category)
{
  g_return_if_fail (TERRA_IS_KNOWLEDGE_IMPORT (self));
  self->category = category;
}

/* Whether the new items reach the assistant at once. */
void
terra_knowledge_import_set_publish (TerraKnowledgeImport *self,
                                    gboolean              publish)
{
  g_return_if_fail (TERRA_IS_KNOWLEDGE_IMPORT (self));
  self->publish = !!publish;
}

double
terra_knowledge_import_get_fraction (TerraKnowledgeImport *self)
{
  g_return_val_if_fail (TERRA_IS_KNOWLEDGE_IMPORT (self), 0.0);
  return self->fraction;
}

/* What the import is doing, for a progress label; NULL before it starts. */
const char *
terra_knowledge_import_get_status (TerraKnowledgeImport *self)
{
  g_return_val_if_fail (TERRA_IS_KNOWLEDGE_IMPORT (self), NULL);
  return self->status;
}

static char *
file_display_name (GFile *file)
{
  g_autofree char *basename = g_file_get_basename (file);

  return basename != NULL ? g_steal_pointer (&basename) : g_file_get_uri (file);
}

/* Reads one file into @report, or says why it could not. */
static void
read_file (TerraKnowledgeImport *self,
           GFile                *file,
           GCancellable         *cancellable,
           TerraImportReport    *report)
{
  g_autofree char *name = file_display_name (file);
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  TerraImportFormat format = terra_import_format_from_name (name);
  TerraImportSkip *skip;

  if (format != TERRA_IMPORT_FORMAT_UNKNOWN)
    {
      info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE,
                                cancellable, &error);
      if (info != NULL && g_file_info_get_size (info) > TERRA_IMPORT_MAX_FILE_BYTES)
        {
          skip = g_new0 (TerraImportSkip, 1);
          skip->source = g_strdup (name);
          skip->reason = g_strdup_printf (_("The file is larger than %d MB"),
                                          TERRA_IMPORT_MAX_FILE_BYTES / (1024 * 1024));
          g_ptr_array_add (report->skipped, skip);
          return;
        }
      if (info != NULL)
        bytes = g_file_load_bytes (file, cancellable, NULL, &error);
      if (bytes == NULL)
        {
          skip = g_new0 (TerraImportSkip, 1);
          skip->source = g_strdup (name);
          skip->reason = g_strdup_printf (_("Could not read the file: %s"), error->message);
          g_ptr_array_add (report->skipped, skip);
          return;
        }
    }
  else
    bytes = g_bytes_new_static ("", 0);

  terra_import_parse (format, name, bytes, self->category, report);
}

/* Whether the knowledge base already holds @entry: an FAQ with the same
 * question, or any item with the same title and text. */
static gboolean
already_known (TerraStore        *store,
               TerraImportEntry  *entry,
               GError           **error)
{
  g_autoptr(TerraQuery) query = terra_query_new (TERRA_TYPE_KNOWLEDGE_ITEM);
  g_autoptr(GPtrArray) items = NULL;

  terra_query_where_enum (query, "category", TERRA_TYPE_KNOWLEDGE_CATEGORY, entry->category);
  terra_query_where_text (query, "title", TERRA_QUERY_EQ, entry->title);
  items = terra_store_list (store, query, error);
  if (items == NULL)
    return FALSE;

  for (guint i = 0; i < items->len; i++)
    {
      TerraKnowledgeItem *item = g_ptr_array_index (items, i);

      if (entry->category == TERRA_KNOWLEDGE_FAQ ||
          g_strcmp0 (terra_knowledge_item_get_body (item), entry->body) == 0)
        return TRUE;
    }
  return FALSE;
}

/* Moves the entries already in the knowledge base to the skipped list. */
static gboolean
drop_known (TerraStore         *store,
            TerraImportReport  *report,
            GError            **error)
{
  for (guint i = 0; i < report->added->len;)
    {
      TerraImportEntry *entry = g_ptr_array_index (report->added, i);
      GError *local_error = NULL;
      TerraImportSkip *skip;

      if (!already_known (store, entry, &local_error))
        {
          if (local_error != NULL)
            {
              g_propagate_error (error, local_error);
              return FALSE;
            }
          i++;
          continue;
        }

      skip = g_new0 (TerraImportSkip, 1);
      skip->source = g_strdup (entry->source);
      skip->reason = g_strdup_printf (_("“%s” is already in the knowledge base"), entry->title);
      g_ptr_array_add (report->skipped, skip);
      g_ptr_array_remove_index (report->added, i);
    }
  return TRUE;
}

static gboolean
add_entries (TerraKnowledgeImport     *self,
             TerraStore               *store,
             TerraImportReport        *report,
             GCancellable             *cancellable,
             TerraImportProgressFunc   progress,
             gpointer                  user_data,
             GError                  **error)
{
  if (!terra_store_begin (store, error))
    return FALSE;

  for (guint i = 0; i < report->added->len; i++)
    {
      TerraImportEntry *entry = g_ptr_array_index (report->added, i);
      g_autoptr(TerraKnowledgeItem) item = terra_knowledge_item_new ();

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          terra_store_rollback (store);
          return FALSE;
        }
      if (progress != NULL)
        progress (0.5 + 0.5 * i / report->added->len, entry->title, user_data);

      terra_knowledge_item_set_category (item, entry->category);
      terra_knowledge_item_set_title (item, entry->title);
      terra_knowledge_item_set_body (item, entry->body);
      terra_knowledge_item_set_published (item, self->publish);
      if (!terra_store_insert (store, item, error))
        {
          terra_store_rollback (store);
          g_prefix_error (error, _("Could not add “%s”: "), entry->title);
          return FALSE;
        }
      entry->item_id = terra_knowledge_item_get_id (item);
    }

  /* The last chance to cancel: after the commit everything is in. */
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    {
      terra_store_rollback (store);
      return FALSE;
    }
  if (!terra_store_commit (store, error))
    {
      terra_store_rollback (store);
      return FALSE;
    }
  return TRUE;
}

/**
 * terra_knowledge_import_run:
 * @store: the calling thread's connection
 * @progress: (nullable): called on this thread as the import goes on
 *
 * Imports the files. Returns: (transfer full): what was added and what was
 *   skipped and why; NULL with @error when cancelled or when the workspace
 *   refused the items, and then nothing was added.
 */
TerraImportReport *
terra_knowledge_import_run (TerraKnowledgeImport     *self,
                            TerraStore               *store,
                            GCancellable             *cancellable,
                            TerraImportProgressFunc   progress,
                            gpointer                  user_data,
                            GError                  **error)
{
  g_autoptr(TerraImportReport) report = terra_import_report_new ();

  g_return_val_if_fail (TERRA_IS_KNOWLEDGE_IMPORT (self), NULL);
  g_return_val_if_fail (TERRA_IS_STORE (store), NULL);
  g_return_val_if_fail (!terra_store_in_transaction (store), NULL);

  for (guint i = 0; i < self->files->len; i++)
    {
      GFile *file = g_ptr_array_index (self->files, i);
      g_autofree char *name = file_display_name (file);

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
      if (progress != NULL)
        progress (0.5 * i / self->files->len, name, user_data);
      read_file (self, file, cancellable, report);
    }

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  if (!drop_known (store, report, error))
    return NULL;
  if (!add_entries (self, store, report, cancellable, progress, user_data, error))
    return NULL;

  if (progress != NULL)
    progress (1.0, NULL, user_data);
  return g_steal_pointer (&report);
}

/* Asynchronous run */

typedef struct
{
  TerraKnowledgeImport *self;
  double                fraction;
  char                 *status;
} ProgressUpdate;

static void
progress_update_free (gpointer data)
{
  ProgressUpdate *update = data;

  g_object_unref (update->self);
  g_free (update->status);
  g_free (update);
}

static gboolean
apply_progress_cb (gpointer data)
{
  ProgressUpdate *update = data;
  TerraKnowledgeImport *self = update->self;

  if (self->fraction != update->fraction)
    {
      self->fraction = update->fraction;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRACTION]);
    }
  if (g_strcmp0 (self->status, update->status) != 0)
    {
      g_free (self->status);
      self->status = g_strdup (update->status);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
    }
  return G_SOURCE_REMOVE;
}

/* On the worker: hands the progress to the task's main context. */
static void
post_progress (double      fraction,
               const char *what,
               gpointer    user_data)
{
  GTask *task = user_data;
  ProgressUpdate *update = g_new0 (ProgressUpdate, 1);

  update->self = g_object_ref (g_task_get_source_object (task));
  update->fraction = fraction;
  update->status = g_strdup (what);
  g_main_context_invoke_full (g_task_get_context (task), G_PRIORITY_DEFAULT,
                              apply_progress_cb, update, progress_update_free);
}

static void
run_in_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  TerraKnowledgeImport *self = source_object;
  g_autoptr(TerraStore) store = NULL;
  g_autoptr(GError) error = NULL;
  TerraImportReport *report;

  store = terra_workspace_open_store (self->workspace, &error);
  if (store == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  report = terra_knowledge_import_run (self, store, cancellable, post_progress, task, &error);
  if (report == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, report, (GDestroyNotify)terra_import_report_free);
}

/* Runs the import on a worker thread with its own connection. */
void
terra_knowledge_import_run_async (TerraKnowledgeImport *self,
                                  GCancellable         *cancellable,
                                  GAsyncReadyCallback   callback,
                                  gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (TERRA_IS_KNOWLEDGE_IMPORT (self));
  g_return_if_fail (self->workspace != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, terra_knowledge_import_run_async);
  g_task_set_return_on_cancel (task, FALSE);
  g_task_run_in_thread (task, run_in_thread);
}

/* Returns: (transfer full): the report, or NULL with @error. */
TerraImportReport *
terra_knowledge_import_run_finish (TerraKnowledgeImport  *self,
                                   GAsyncResult          *result,
                                   GError               **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == terra_knowledge_import_run_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
