/* terra-training-view.c — the Training view: its frame, refreshes and
 * actions
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The lists follow the workspace's change events, whoever commits (the
 * editor, an import on its worker thread, the REST API): a burst of events
 * costs one refresh of the lists it touched. The lists are the owner's
 * knowledge base and rules, tens or hundreds of rows, read in one query
 * each. The JSON export and import run on a GTask thread with their own
 * connection.
 */

#define G_LOG_DOMAIN "terra-training"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "terra-import-dialog.h"
#include "terra-knowledge-editor.h"
#include "terra-knowledge-export.h"
#include "terra-training-view-private.h"

/* Gathers the events of one transaction and the ones right after it. */
#define REFRESH_DELAY_MS 150

G_DEFINE_FINAL_TYPE (TerraTrainingView, terra_training_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_WORKSPACE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

const TerraKnowledgeCategory _terra_training_categories[5] = {
  TERRA_KNOWLEDGE_COMPANY,
  TERRA_KNOWLEDGE_PRODUCTS,
  TERRA_KNOWLEDGE_FAQ,
  TERRA_KNOWLEDGE_POLICIES,
  TERRA_KNOWLEDGE_OBJECTIONS,
};

/* The name an owner knows each category by. */
const char *
_terra_training_category_title (TerraKnowledgeCategory category)
{
  switch (category)
    {
    case TERRA_KNOWLEDGE_COMPANY:
      return _("Company Information");
    case TERRA_KNOWLEDGE_PRODUCTS:
      return _("Products & Properties");
    case TERRA_KNOWLEDGE_FAQ:
      return _("Frequently Asked Questions");
    case TERRA_KNOWLEDGE_POLICIES:
      return _("Policies & Processes");
    case TERRA_KNOWLEDGE_OBJECTIONS:
      return _("Objection Handling");
    default:
      return _("Other");
    }
}

/* Shows @title (plain text) in a toast over the view. */
void
_terra_training_view_toast (TerraTrainingView *self,
                            const char        *title)
{
  g_autofree char *escaped = NULL;

  /* An export or import may finish after the window has closed. */
  if (self->toast_overlay == NULL)
    return;
  escaped = g_markup_escape_text (title, -1);
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (escaped));
}

void
_terra_training_view_clear_rows (AdwPreferencesGroup *group,
                                 GPtrArray           *rows)
{
  for (guint i = 0; i < rows->len; i++)
    adw_preferences_group_remove (group, g_ptr_array_index (rows, i));
  g_ptr_array_set_size (rows, 0);
}

/* The window the view is in, as the parent of its dialogs. */
GtkWindow *
_terra_training_view_get_window (TerraTrainingView *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static gboolean
refresh_cb (gpointer data)
{
  TerraTrainingView *self = data;

  self->refresh_source = 0;
  if (self->workspace == NULL)
    return G_SOURCE_REMOVE;

  if (self->knowledge_dirty)
    _terra_training_view_refresh_knowledge (self);
  if (self->instructions_dirty)
    _terra_training_view_refresh_instructions (self);
  if (self->log_dirty)
    _terra_training_view_refresh_log (self);
  self->knowledge_dirty = self->instructions_dirty = self->log_dirty = FALSE;

  return G_SOURCE_REMOVE;
}

static void
queue_refresh (TerraTrainingView *self)
{
  if (self->refresh_source == 0)
    self->refresh_source = g_timeout_add (REFRESH_DELAY_MS, refresh_cb, self);
}

static void
workspace_changed_cb (TerraTrainingView *self,
                      TerraEntity        entity,
                      TerraChangeKind    kind,
                      gint64             id)
{
  switch (entity)
    {
    case TERRA_ENTITY_KNOWLEDGE:
      /* Coverage is half of the confidence figure. */
      self->knowledge_dirty = TRUE;
      self->log_dirty = TRUE;
      break;

    case TERRA_ENTITY_INSTRUCTION:
      self->instructions_dirty = TRUE;
      break;

    case TERRA_ENTITY_FEEDBACK:
      self->log_dirty = TRUE;
      break;

    default:
      return;
    }
  queue_refresh (self);
}

/* GtkSearchEntry already waits for a pause in the typing. */
static void
knowledge_search_changed_cb (TerraTrainingView *self)
{
  if (self->workspace != NULL)
    _terra_training_view_refresh_knowledge (self);
}

/* Actions */

static void
add_knowledge_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  TerraTrainingView *self = TERRA_TRAINING_VIEW (widget);
  int category = TERRA_KNOWLEDGE_COMPANY;
  GtkWidget *editor;

  if (self->workspace == NULL)
    return;
  terra_enum_from_nick (TERRA_TYPE_KNOWLEDGE_CATEGORY, g_variant_get_string (parameter, NULL), &category);
  editor = terra_knowledge_editor_new (_terra_training_view_get_window (self), self->workspace, 0, category);
  gtk_window_present (GTK_WINDOW (editor));
}

static void
edit_knowledge_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  TerraTrainingView *self = TERRA_TRAINING_VIEW (widget);
  GtkWidget *editor;

  if (self->workspace == NULL)
    return;
  editor = terra_knowledge_editor_new (_terra_training_view_get_window (self), self->workspace,
                                       g_variant_get_int64 (parameter), TERRA_KNOWLEDGE_COMPANY);
  gtk_window_present (GTK_WINDOW (editor));
}

static void
delete_knowledge_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  _terra_training_view_delete_knowledge (TERRA_TRAINING_VIEW (widget), g_variant_get_int64 (parameter));
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  TerraTrainingView *self = TERRA_TRAINING_VIEW (widget);
  GtkWidget *dialog;

  if (self->workspace == NULL)
    return;
  dialog = terra_import_dialog_new (_terra_training_view_get_window (self), self->workspace);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
add_instruction_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  _terra_training_view_edit_instruction (TERRA_TRAINING_VIEW (widget), 0);
}

static void
edit_instruction_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  _terra_training_view_edit_instruction (TERRA_TRAINING_VIEW (widget), g_variant_get_int64 (parameter));
}

static void
move_instruction_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  _terra_training_view_move_instruction (TERRA_TRAINING_VIEW (widget), g_variant_get_int64 (parameter),
                                         g_str_equal (action_name, "training.instruction-up") ? -1 : 1);
}

static void
delete_instruction_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  _terra_training_view_delete_instruction (TERRA_TRAINING_VIEW (widget), g_variant_get_int64 (parameter));
}

/* JSON export and import, on a worker thread */

typedef struct
{
  TerraWorkspace *workspace;
  GFile          *file;
} FileJob;

static void
file_job_free (FileJob *job)
{
  g_clear_object (&job->workspace);
  g_clear_object (&job->file);
  g_free (job);
}

static void
export_in_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  FileJob *job = task_data;
  g_autoptr(TerraStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;

  store = terra_workspace_open_store (job->workspace, &error);
  if (store != NULL)
    json = terra_knowledge_export_json (store, &error);
  if (json == NULL ||
      !g_file_replace_contents (job->file, json, strlen (json), NULL, FALSE,
                                G_FILE_CREATE_REPLACE_DESTINATION, NULL, cancellable, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
export_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  TerraTrainingView *self = TERRA_TRAINING_VIEW (object);
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_autofree char *message = g_strdup_printf (_("Could not export: %s"), error->message);
      _terra_training_view_toast (self, message);
      return;
    }
  _terra_training_view_toast (self, _("Knowledge and instructions exported"));
}

static void
import_json_in_thread (GTask        *task,
                       gpointer      source_object,
                       gpointer      task_data,
                       GCancellable *cancellable)
{
  FileJob *job = task_data;
  g_autoptr(TerraStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  gsize length = 0;
  TerraKnowledgeImportCounts *counts = g_new0 (TerraKnowledgeImportCounts, 1);

  store = terra_workspace_open_store (job->workspace, &error);
  if (store == NULL ||
      !g_file_load_contents (job->file, cancellable, &json, &length, NULL, &error) ||
      !terra_knowledge_import_json (store, json, length, counts, &error))
    {
      g_free (counts);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_pointer (task, counts, g_free);
}

static void
import_json_done_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  TerraTrainingView *self = TERRA_TRAINING_VIEW (object);
  g_autofree TerraKnowledgeImportCounts *counts = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  counts = g_task_propagate_pointer (G_TASK (result), &error);
  if (counts == NULL)
    {
      message = g_strdup_printf (_("Nothing was imported: %s"), error->message);
      _terra_training_view_toast (self, message);
      return;
    }

  /* Translators: "Imported 4 knowledge items and 2 instructions; 3 were already here." */
  message = g_strdup_printf (_("Imported %u knowledge items and %u instructions; %u were already here."),
                             counts->items_added, counts->instructions_added,
                             counts->items_skipped + counts->instructions_skipped);
  _terra_training_view_toast (self, message);
}

static void
run_file_job (TerraTrainingView *self,
              GFile             *file,
              GTaskThreadFunc    func,
              GAsyncReadyCallback callback)
{
  g_autoptr(GTask) task = g_task_new (self, NULL, callback, NULL);
  FileJob *job = g_new0 (FileJob, 1);

  job->workspace = g_object_ref (self->workspace);
  job->file = g_object_ref (file);
  g_task_set_task_data (task, job, (GDestroyNotify)file_job_free);
  g_task_run_in_thread (task, func);
}

static void
chooser_response_cb (GtkNativeDialog   *chooser,
                     int                response,
                     TerraTrainingView *self)
{
  gboolean saving = gtk_file_chooser_get_action (GTK_FILE_CHOOSER (chooser)) == GTK_FILE_CHOOSER_ACTION_SAVE;
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT && self->workspace != NULL)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  if (file != NULL)
    {
      if (saving)
        run_file_job (self, file, export_in_thread, export_done_cb);
      else
        run_file_job (self, file, import_json_in_thread, import_json_done_cb);
    }
  g_object_unref (chooser);
  g_object_unref (self);
}

static void
choose_json_file (TerraTrainingView    *self,
                  GtkFileChooserAction  action)
{
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  gboolean saving = action == GTK_FILE_CHOOSER_ACTION_SAVE;

  if (self->workspace == NULL)
    return;

  chooser = gtk_file_chooser_native_new (saving ? _("Export Knowledge & Instructions")
                                                : _("Import Knowledge & Instructions"),
                                         _terra_training_view_get_window (self), action,
                                         saving ? _("_Export") : _("_Import"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("Terra knowledge export (JSON)"));
  gtk_file_filter_add_suffix (filter, "json");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  if (saving)
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), "terra-knowledge.json");
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (chooser_response_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
export_json_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  choose_json_file (TERRA_TRAINING_VIEW (widget), GTK_FILE_CHOOSER_ACTION_SAVE);
}

static void
import_json_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  choose_json_file (TERRA_TRAINING_VIEW (widget), GTK_FILE_CHOOSER_ACTION_OPEN);
}

/* GObject */

static void
terra_training_view_dispose (GObject *object)
{
  TerraTrainingView *self = (TerraTrainingView *)object;

  g_clear_handle_id (&self->refresh_source, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), TERRA_TYPE_TRAINING_VIEW);

  G_OBJECT_CLASS (terra_training_view_parent_class)->dispose (object);
}

static void
terra_training_view_finalize (GObject *object)
{
  TerraTrainingView *self = (TerraTrainingView *)object;

  g_clear_object (&self->workspace);
  g_clear_pointer (&self->knowledge_rows, g_ptr_array_unref);
  g_clear_pointer (&self->instruction_rows, g_ptr_array_unref);
  g_clear_pointer (&self->confidence_rows, g_ptr_array_unref);
  g_clear_pointer (&self->log_rows, g_ptr_array_unref);
  g_clear_pointer (&self->expanded, g_hash_table_unref);

  G_OBJECT_CLASS (terra_training_view_parent_class)->finalize (object);
}

static void
terra_training_view_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  TerraTrainingView *self = TERRA_TRAINING_VIEW (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      g_value_set_object (value, self->workspace);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
terra_training_view_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  TerraTrainingView *self = TERRA_TRAINING_VIEW (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      terra_training_view_set_workspace (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
terra_training_view_class_init (TerraTrainingViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = terra_training_view_dispose;
  object_class->finalize = terra_training_view_finalize;
  object_class->get_property = terra_training_view_get_property;
  object_class->set_property = terra_training_view_set_property;

  /**
   * TerraTrainingView:workspace:
   *
   * The workspace whose knowledge, instructions and grades the view shows.
   */
  properties[PROP_WORKSPACE] =
    g_param_spec_object ("workspace", NULL, NULL,
                         TERRA_TYPE_WORKSPACE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "training.add-knowledge", "s", add_knowledge_action);
  gtk_widget_class_install_action (widget_class, "training.edit-knowledge", "x", edit_knowledge_action);
  gtk_widget_class_install_action (widget_class, "training.delete-knowledge", "x", delete_knowledge_action);
  gtk_widget_class_install_action (widget_class, "training.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "training.export-json", NULL, export_json_action);
  gtk_widget_class_install_action (widget_class, "training.import-json", NULL, import_json_action);
  gtk_widget_class_install_action (widget_class, "training.add-instruction", NULL, add_instruction_action);
  gtk_widget_class_install_action (widget_class, "training.edit-instruction", "x", edit_instruction_action);
  gtk_widget_class_install_action (widget_class, "training.instruction-up", "x", move_instruction_action);
  gtk_widget_class_install_action (widget_class, "training.instruction-down", "x", move_instruction_action);
  gtk_widget_class_install_action (widget_class, "training.delete-instruction", "x", delete_instruction_action);

  g_type_ensure (TERRA_TYPE_TEST_CHAT);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "training");
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/terrasales/Terra/ui/terra-training-view.ui");
  gtk_widget_class_bind_template_child (widget_class, TerraTrainingView, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, TerraTrainingView, stack);
  gtk_widget_class_bind_template_child (widget_class, TerraTrainingView, knowledge_search);
  gtk_widget_class_bind_template_child (widget_class, TerraTrainingView, knowledge_group);
  gtk_widget_class_bind_template_callback (widget_class, knowledge_search_changed_cb);
  gtk_widget_class_bind_template_child (widget_class, TerraTrainingView, instructions_group);
  gtk_widget_class_bind_template_child (widget_class, TerraTrainingView, confidence_group);
  gtk_widget_class_bind_template_child (widget_class, TerraTrainingView, log_group);
  gtk_widget_class_bind_template_child (widget_class, TerraTrainingView, test_chat);
}

static void
terra_training_view_init (TerraTrainingView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->knowledge_rows = g_ptr_array_new ();
  self->instruction_rows = g_ptr_array_new ();
  self->confidence_rows = g_ptr_array_new ();
  self->log_rows = g_ptr_array_new ();
  self->expanded = g_hash_table_new (NULL, NULL);
}

/* A Training view of @workspace (or NULL, to be set later). */
GtkWidget *
terra_training_view_new (TerraWorkspace *workspace)
{
  g_return_val_if_fail (workspace == NULL || TERRA_IS_WORKSPACE (workspace), NULL);

  return g_object_new (TERRA_TYPE_TRAINING_VIEW, "workspace", workspace, NULL);
}

TerraWorkspace *
terra_training_view_get_workspace (TerraTrainingView *self)
{
  g_return_val_if_fail (TERRA_IS_TRAINING_VIEW (self), NULL);
  return self->workspace;
}

/* Shows @workspace: follows its change events and fills every list. */
void
terra_training_view_set_workspace (TerraTrainingView *self,
                                   TerraWorkspace    *workspace)
{
  g_return_if_fail (TERRA_IS_TRAINING_VIEW (self));
  g_return_if_fail (workspace == NULL || TERRA_IS_WORKSPACE (workspace));

  if (self->workspace == workspace)
    return;

  if (self->workspace != NULL)
    g_signal_handlers_disconnect_by_func (terra_workspace_get_notifier (self->workspace),
                                          workspace_changed_cb, self);
  g_set_object (&self->workspace, workspace);
  terra_test_chat_set_workspace (self->test_chat, workspace);

  if (workspace != NULL)
    {
      g_signal_connect_object (terra_workspace_get_notifier (workspace), "changed",
                               G_CALLBACK (workspace_changed_cb), self,
                               G_CONNECT_SWAPPED);
      self->knowledge_dirty = self->instructions_dirty = self->log_dirty = TRUE;
      g_clear_handle_id (&self->refresh_source, g_source_remove);
      refresh_cb (self);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WORKSPACE]);
}
