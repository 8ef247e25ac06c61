/* terra-import-dialog.c — importing documents into the knowledge base
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The import itself (terra-knowledge-import.c) runs on a worker thread
 * and adds everything in one transaction at the end; this dialog chooses
 * the files, shows the job's progress, cancels it, and reports what was
 * added and what was skipped, file by file and row by row.
 */

#define G_LOG_DOMAIN "terra-import-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "terra-import-dialog.h"
#include "terra-knowledge-import.h"

struct _TerraImportDialog
{
  AdwWindow             parent_instance;

  /* Template widgets */
  GtkButton            *close_button;
  GtkButton            *import_button;
  GtkStack             *stack;
  AdwPreferencesGroup  *files_group;
  AdwComboRow          *category_row;
  GtkSwitch            *publish_switch;
  GtkProgressBar       *progress_bar;
  GtkLabel             *status_label;
  GtkLabel             *summary_label;
  AdwPreferencesGroup  *added_group;
  AdwPreferencesGroup  *skipped_group;

  /* Owned */
  TerraWorkspace       *workspace;
  GPtrArray            *files;        /* GFile */
  GPtrArray            *file_rows;    /* rows in files_group */
  TerraKnowledgeImport *import;
  GCancellable         *cancellable;
};

G_DEFINE_FINAL_TYPE (TerraImportDialog, terra_import_dialog, ADW_TYPE_WINDOW)

static const TerraKnowledgeCategory categories[] = {
  TERRA_KNOWLEDGE_COMPANY,
  TERRA_KNOWLEDGE_PRODUCTS,
  TERRA_KNOWLEDGE_FAQ,
  TERRA_KNOWLEDGE_POLICIES,
  TERRA_KNOWLEDGE_OBJECTIONS,
};

static void rebuild_file_rows (TerraImportDialog *self);

static void
remove_file_cb (GtkButton         *button,
                TerraImportDialog *self)
{
  GFile *file = g_object_get_data (G_OBJECT (button), "terra-file");
  guint index;

  if (g_ptr_array_find (self->files, file, &index))
    g_ptr_array_remove_index (self->files, index);
  rebuild_file_rows (self);
}

static void
rebuild_file_rows (TerraImportDialog *self)
{
  for (guint i = 0; i < self->file_rows->len; i++)
    adw_preferences_group_remove (self->files_group, g_ptr_array_index (self->file_rows, i));
  g_ptr_array_set_size (self->file_rows, 0);

  for (guint i = 0; i < self->files->len; i++)
    {
      GFile *file = g_ptr_array_index (self->files, i);
      g_autofree char *name = g_file_get_basename (file);
      g_autofree char *parent = g_file_get_parse_name (file);
      g_autofree char *label = g_strdup_printf (_("Remove “%s”"), name);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *remove = gtk_button_new_from_icon_name ("list-remove-symbolic");

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), parent);
      if (terra_import_format_from_name (name) == TERRA_IMPORT_FORMAT_UNKNOWN)
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("Not a document Terra can read; it will be skipped"));
      gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (remove, "flat");
      gtk_widget_set_tooltip_text (remove, label);
      gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
      g_object_set_data_full (G_OBJECT (remove), "terra-file", g_object_ref (file), g_object_unref);
      g_signal_connect_object (remove, "clicked", G_CALLBACK (remove_file_cb), self, 0);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);

      adw_preferences_group_add (self->files_group, row);
      g_ptr_array_add (self->file_rows, row);
    }

  if (self->files->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No documents chosen yet"));
      adw_preferences_group_add (self->files_group, row);
      g_ptr_array_add (self->file_rows, row);
    }

  gtk_widget_set_sensitive (GTK_WIDGET (self->import_button), self->files->len > 0);
}

void
terra_import_dialog_add_file (TerraImportDialog *self,
                              GFile             *file)
{
  g_return_if_fail (TERRA_IS_IMPORT_DIALOG (self));
  g_return_if_fail (G_IS_FILE (file));

  for (guint i = 0; i < self->files->len; i++)
    if (g_file_equal (file, g_ptr_array_index (self->files, i)))
      return;
  g_ptr_array_add (self->files, g_object_ref (file));
  rebuild_file_rows (self);
}

static void
chooser_response_cb (GtkNativeDialog   *chooser,
                     int                response,
                     TerraImportDialog *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (chooser));

      for (guint i = 0; i < g_list_model_get_n_items (files); i++)
        {
          g_autoptr(GFile) file = g_list_model_get_item (files, i);
          terra_import_dialog_add_file (self, file);
        }
    }
  g_object_unref (chooser);
  g_object_unref (self);
}

static void
choose_button_clicked_cb (TerraImportDialog *self)
{
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  chooser = gtk_file_chooser_native_new (_("Choose Documents"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Add"), _("_Cancel"));
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (chooser), TRUE);
  gtk_file_filter_set_name (filter, _("Documents"));
  gtk_file_filter_add_suffix (filter, "txt");
  gtk_file_filter_add_suffix (filter, "md");
  gtk_file_filter_add_suffix (filter, "markdown");
  gtk_file_filter_add_suffix (filter, "html");
  gtk_file_filter_add_suffix (filter, "htm");
  gtk_file_filter_add_suffix (filter, "csv");
  gtk_file_filter_add_suffix (filter, "pdf");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (chooser_response_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* Progress and result */

static void
progress_changed_cb (TerraImportDialog *self)
{
  const char *status = terra_knowledge_import_get_status (self->import);

  if (self->progress_bar == NULL)
    return;
  gtk_progress_bar_set_fraction (self->progress_bar, terra_knowledge_import_get_fraction (self->import));
  gtk_label_set_text (self->status_label, status != NULL ? status : "");
}

static void
add_result_row (AdwPreferencesGroup *group,
                const char          *title,
                const char          *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 3);
  adw_preferences_group_add (group, row);
}

static void
show_report (TerraImportDialog       *self,
             const TerraImportReport *report)
{
  g_autofree char *summary = terra_import_report_summary (report);

  gtk_label_set_text (self->summary_label, summary);
  for (guint i = 0; i < report->added->len; i++)
    {
      TerraImportEntry *entry = g_ptr_array_index (report->added, i);
      add_result_row (self->added_group, entry->title, entry->source);
    }
  for (guint i = 0; i < report->skipped->len; i++)
    {
      TerraImportSkip *skip = g_ptr_array_index (report->skipped, i);
      g_autofree char *where = skip->line > 0
        /* Translators: "faqs.csv, line 12" */
        ? g_strdup_printf (_("%s, line %u"), skip->source, skip->line)
        : g_strdup (skip->source);

      add_result_row (self->skipped_group, where, skip->reason);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->added_group), report->added->len > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->skipped_group), report->skipped->len > 0);
}

static void
import_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(TerraImportDialog) self = user_data;
  g_autoptr(TerraImportReport) report = NULL;
  g_autoptr(GError) error = NULL;

  report = terra_knowledge_import_run_finish (TERRA_KNOWLEDGE_IMPORT (object), result, &error);
  /* Closed while importing: the import was cancelled with the window, and
   * gtk_widget_dispose_template() has let go of the widgets. */
  if (self->stack == NULL)
    return;

  gtk_button_set_label (self->close_button, _("Close"));
  gtk_widget_set_sensitive (GTK_WIDGET (self->close_button), TRUE);
  gtk_stack_set_visible_child_name (self->stack, "result");

  if (report == NULL)
    {
      g_autofree char *message = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        message = g_strdup (_("Import cancelled. Nothing was added."));
      else
        message = g_strdup_printf (_("Nothing was added: %s"), error->message);
      gtk_label_set_text (self->summary_label, message);
      gtk_widget_set_visible (GTK_WIDGET (self->added_group), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->skipped_group), FALSE);
      return;
    }
  show_report (self, report);
}

static void
import_button_clicked_cb (TerraImportDialog *self)
{
  guint selected = adw_combo_row_get_selected (self->category_row);

  if (self->import != NULL || self->files->len == 0)
    return;

  self->import = terra_knowledge_import_new (self->workspace);
  for (guint i = 0; i < self->files->len; i++)
    terra_knowledge_import_add_file (self->import, g_ptr_array_index (self->files, i));
  terra_knowledge_import_set_category (self->import, categories[MIN (selected, G_N_ELEMENTS (categories) - 1)]);
  terra_knowledge_import_set_publish (self->import, gtk_switch_get_active (self->publish_switch));
  g_signal_connect_object (self->import, "notify::fraction", G_CALLBACK (progress_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->import, "notify::status", G_CALLBACK (progress_changed_cb), self, G_CONNECT_SWAPPED);

  gtk_widget_set_visible (GTK_WIDGET (self->import_button), FALSE);
  gtk_stack_set_visible_child_name (self->stack, "progress");
  terra_knowledge_import_run_async (self->import, self->cancellable, import_done_cb, g_object_ref (self));
}

/* Cancel while choosing closes; while importing it cancels the import and
 * waits for the worker to roll back; afterwards it closes. */
static void
close_button_clicked_cb (TerraImportDialog *self)
{
  if (g_str_equal (gtk_stack_get_visible_child_name (self->stack), "progress"))
    {
      g_cancellable_cancel (self->cancellable);
      gtk_widget_set_sensitive (GTK_WIDGET (self->close_button), FALSE);
      gtk_label_set_text (self->status_label, _("Cancelling…"));
      return;
    }
  gtk_window_destroy (GTK_WINDOW (self));
}

static gboolean
terra_import_dialog_close_request (GtkWindow *window)
{
  TerraImportDialog *self = TERRA_IMPORT_DIALOG (window);

  /* Closing the window during an import cancels it like the button. */
  g_cancellable_cancel (self->cancellable);
  return GTK_WINDOW_CLASS (terra_import_dialog_parent_class)->close_request (window);
}

static void
terra_import_dialog_dispose (GObject *object)
{
  TerraImportDialog *self = (TerraImportDialog *)object;

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), TERRA_TYPE_IMPORT_DIALOG);

  G_OBJECT_CLASS (terra_import_dialog_parent_class)->dispose (object);
}

static void
terra_import_dialog_finalize (GObject *object)
{
  TerraImportDialog *self = (TerraImportDialog *)object;

  g_clear_object (&self->workspace);
  g_clear_object (&self->import);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->files, g_ptr_array_unref);
  g_clear_pointer (&self->file_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (terra_import_dialog_parent_class)->finalize (object);
}

static void
terra_import_dialog_class_init (TerraImportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = terra_import_dialog_dispose;
  object_class->finalize = terra_import_dialog_finalize;
  window_class->close_request = terra_import_dialog_close_request;

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/terrasales/Terra/ui/terra-import-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, TerraImportDialog, close_button);
  gtk_widget_class_bind_template_child (widget_class, TerraImportDialog, import_button);
  gtk_widget_class_bind_template_child (widget_class, TerraImportDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, TerraImportDialog, files_group);
  gtk_widget_class_bind_template_child (widget_class, TerraImportDialog, category_row);
  gtk_widget_class_bind_template_child (widget_class, TerraImportDialog, publish_switch);
  gtk_widget_class_bind_template_child (widget_class, TerraImportDialog, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, TerraImportDialog, status_label);
  gtk_widget_class_bind_template_child (widget_class, TerraImportDialog, summary_label);
  gtk_widget_class_bind_template_child (widget_class, TerraImportDialog, added_group);
  gtk_widget_class_bind_template_child (widget_class, TerraImportDialog, skipped_group);
  gtk_widget_class_bind_template_callback (widget_class, choose_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, import_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, close_button_clicked_cb);
}

static void
terra_import_dialog_init (TerraImportDialog *self)
{
  const char *names[] = {
    _("Company Information"),
    _("Products & Properties"),
    _("Frequently Asked Questions"),
    _("Policies & Processes"),
    _("Objection Handling"),
    NULL
  };
  g_autoptr(GtkStringList) model = gtk_string_list_new (names);

  gtk_widget_init_template (GTK_WIDGET (self));
  self->files = g_ptr_array_new_with_free_func (g_object_unref);
  self->file_rows = g_ptr_array_new ();
  self->cancellable = g_cancellable_new ();
  adw_combo_row_set_model (self->category_row, G_LIST_MODEL (model));
  rebuild_file_rows (self);
}

GtkWidget *
terra_import_dialog_new (GtkWindow      *parent,
                         TerraWorkspace *workspace)
{
  TerraImportDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (TERRA_IS_WORKSPACE (workspace), NULL);

  self = g_object_new (TERRA_TYPE_IMPORT_DIALOG, "transient-for", parent, NULL);
  self->workspace = g_object_ref (workspace);
  return GTK_WIDGET (self);
}
