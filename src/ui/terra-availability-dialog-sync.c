/* terra-availability-dialog-sync.c — the Calendar Sync page: importing busy
 * times from an .ics file and exporting the appointments to one
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The files are chosen with GtkFileChooserNative, which goes through the
 * file chooser portal inside a sandbox. Reading, parsing, the database
 * work and writing all happen on a worker thread (g_task_run_in_thread)
 * with a connection of its own, as DESIGN.md asks of anything that may be
 * slow; only the toast with the result comes back to the main thread.
 */

#define G_LOG_DOMAIN "terra-availability"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "terra-availability-dialog-private.h"
#include "terra-icalendar.h"

/* The export covers a year back and a year ahead. */
#define EXPORT_SPAN ((gint64)365 * 24 * 60 * 60 * G_USEC_PER_SEC)

/* One import or export, handed to the worker thread. */
typedef struct
{
  TerraWorkspace *workspace;
  GFile          *file;
  char           *display_name;
  guint           n_imported;
} SyncJob;

static void
sync_job_free (SyncJob *job)
{
  g_clear_object (&job->workspace);
  g_clear_object (&job->file);
  g_free (job->display_name);
  g_free (job);
}

static SyncJob *
sync_job_new (TerraAvailabilityDialog *self,
              GFile                   *file)
{
  SyncJob *job = g_new0 (SyncJob, 1);
  g_autofree char *basename = g_file_get_basename (file);

  job->workspace = g_object_ref (self->workspace);
  job->file = g_object_ref (file);
  job->display_name = g_filename_display_name (basename != NULL ? basename : "");

  return job;
}

static void
set_busy (GtkButton  *button,
          GtkSpinner *spinner,
          gboolean    busy)
{
  gtk_widget_set_sensitive (GTK_WIDGET (button), !busy);
  gtk_widget_set_visible (GTK_WIDGET (spinner), busy);
  gtk_spinner_set_spinning (spinner, busy);
}

static GtkFileFilter *
calendar_filter_new (void)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Calendars (.ics)"));
  gtk_file_filter_add_mime_type (filter, "text/calendar");
  gtk_file_filter_add_suffix (filter, "ics");

  return filter;
}

/* Import */

static void
import_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  SyncJob *job = task_data;
  g_autoptr(TerraStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *source = NULL;
  gsize length = 0;
  guint n_imported = 0;

  store = terra_workspace_open_store (job->workspace, &error);
  if (store == NULL ||
      !g_file_load_contents (job->file, cancellable, &contents, &length, NULL, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* Importing the same file again replaces what it added, so the source
   * is the file's full name, not just its base name. */
  source = g_file_get_parse_name (job->file);
  if (!terra_icalendar_import_busy_times (store, contents, length, source,
                                          g_get_real_time (), &n_imported, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  job->n_imported = n_imported;
  g_task_return_boolean (task, TRUE);
}

static void
import_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  TerraAvailabilityDialog *self = TERRA_AVAILABILITY_DIALOG (object);
  SyncJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      /* Translators: "Could not import work.ics: <reason>". */
      message = g_strdup_printf (_("Could not import %s: %s"), job->display_name, error->message);
    }
  else
    {
      /* Translators: "Imported 12 busy times from work.ics". */
      message = g_strdup_printf (g_dngettext (NULL,
                                              "Imported %u busy time from %s",
                                              "Imported %u busy times from %s",
                                              job->n_imported),
                                 job->n_imported, job->display_name);
    }

  set_busy (self->import_button, self->import_spinner, FALSE);
  _terra_availability_dialog_toast (self, message);
}

static void
import_response_cb (GtkNativeDialog         *chooser,
                    int                      response,
                    TerraAvailabilityDialog *self)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GTask) task = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_clear_object (&self->chooser);

  if (file == NULL)
    return;

  set_busy (self->import_button, self->import_spinner, TRUE);
  task = g_task_new (self, self->cancellable, import_done_cb, NULL);
  g_task_set_source_tag (task, import_response_cb);
  g_task_set_task_data (task, sync_job_new (self, file), (GDestroyNotify)sync_job_free);
  g_task_run_in_thread (task, import_thread);
}

static void
import_clicked_cb (TerraAvailabilityDialog *self)
{
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = calendar_filter_new ();

  if (self->chooser != NULL)
    return;

  chooser = gtk_file_chooser_native_new (_("Import Busy Times"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN,
                                         _("_Import"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  g_signal_connect_object (chooser, "response", G_CALLBACK (import_response_cb), self, 0);

  self->chooser = GTK_NATIVE_DIALOG (chooser);
  gtk_native_dialog_show (self->chooser);
}

/* Export */

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  SyncJob *job = task_data;
  g_autoptr(TerraStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  gint64 now = g_get_real_time ();

  store = terra_workspace_open_store (job->workspace, &error);
  if (store != NULL)
    text = terra_icalendar_export_bookings (store, now - EXPORT_SPAN, now + EXPORT_SPAN, now, &error);

  if (text == NULL ||
      !g_file_replace_contents (job->file, text, strlen (text), NULL, FALSE,
                                G_FILE_CREATE_REPLACE_DESTINATION, NULL, cancellable, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_boolean (task, TRUE);
}

static void
export_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  TerraAvailabilityDialog *self = TERRA_AVAILABILITY_DIALOG (object);
  SyncJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      /* Translators: "Could not export to terra-appointments.ics: <reason>". */
      message = g_strdup_printf (_("Could not export to %s: %s"), job->display_name, error->message);
    }
  else
    {
      /* Translators: %s is the file's name. */
      message = g_strdup_printf (_("Appointments exported to %s"), job->display_name);
    }

  set_busy (self->export_button, self->export_spinner, FALSE);
  _terra_availability_dialog_toast (self, message);
}

static void
export_response_cb (GtkNativeDialog         *chooser,
                    int                      response,
                    TerraAvailabilityDialog *self)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GTask) task = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_clear_object (&self->chooser);

  if (file == NULL)
    return;

  set_busy (self->export_button, self->export_spinner, TRUE);
  task = g_task_new (self, self->cancellable, export_done_cb, NULL);
  g_task_set_source_tag (task, export_response_cb);
  g_task_set_task_data (task, sync_job_new (self, file), (GDestroyNotify)sync_job_free);
  g_task_run_in_thread (task, export_thread);
}

static void
export_clicked_cb (TerraAvailabilityDialog *self)
{
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = calendar_filter_new ();

  if (self->chooser != NULL)
    return;

  chooser = gtk_file_chooser_native_new (_("Export Appointments"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), "terra-appointments.ics");
  g_signal_connect_object (chooser, "response", G_CALLBACK (export_response_cb), self, 0);

  self->chooser = GTK_NATIVE_DIALOG (chooser);
  gtk_native_dialog_show (self->chooser);
}

void
_terra_availability_dialog_sync_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_child (widget_class, TerraAvailabilityDialog, import_button);
  gtk_widget_class_bind_template_child (widget_class, TerraAvailabilityDialog, export_button);
  gtk_widget_class_bind_template_child (widget_class, TerraAvailabilityDialog, import_spinner);
  gtk_widget_class_bind_template_child (widget_class, TerraAvailabilityDialog, export_spinner);
  gtk_widget_class_bind_template_callback (widget_class, import_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, export_clicked_cb);
}
