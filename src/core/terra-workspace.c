/* terra-workspace.c — a workspace folder
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A workspace is a folder holding terra.db and attachments/. Backing up the
 * folder backs up everything but the secrets, which live in the keyring
 * under the workspace's id. The workspace owns the main thread's
 * connection; other threads open their own with terra_workspace_open_store()
 * and share its change notifier, so whatever any of them commits reaches
 * the UI.
 */

#define G_LOG_DOMAIN "terra-workspace"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "terra-workspace.h"

struct _TerraWorkspace
{
  GObject              parent_instance;

  char                *directory;
  char                *database_path;
  char                *attachments_directory;
  char                *id;
  TerraStore          *store;
  TerraChangeNotifier *notifier;
};

G_DEFINE_FINAL_TYPE (TerraWorkspace, terra_workspace, G_TYPE_OBJECT)

static void
terra_workspace_finalize (GObject *object)
{
  TerraWorkspace *self = (TerraWorkspace *)object;

  g_clear_object (&self->store);
  g_clear_object (&self->notifier);
  g_clear_pointer (&self->directory, g_free);
  g_clear_pointer (&self->database_path, g_free);
  g_clear_pointer (&self->attachments_directory, g_free);
  g_clear_pointer (&self->id, g_free);

  G_OBJECT_CLASS (terra_workspace_parent_class)->finalize (object);
}

static void
terra_workspace_class_init (TerraWorkspaceClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = terra_workspace_finalize;
}

static void
terra_workspace_init (TerraWorkspace *self)
{
}

/* Returns $XDG_DATA_HOME/terra, where a workspace lives unless the command
 * line names another folder. */
char *
terra_workspace_default_directory (void)
{
  return g_build_filename (g_get_user_data_dir (), "terra", NULL);
}

/* Creates directory (private to the user: it holds leads' messages). */
static gboolean
ensure_directory (const char  *directory,
                  GError     **error)
{
  int saved_errno;

  if (g_mkdir_with_parents (directory, 0700) == 0 &&
      g_file_test (directory, G_FILE_TEST_IS_DIR))
    return TRUE;

  saved_errno = errno;
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
               _("Could not use the folder “%s” as a workspace: %s"),
               directory,
               g_file_test (directory, G_FILE_TEST_EXISTS) && !g_file_test (directory, G_FILE_TEST_IS_DIR)
               ? _("it is a file, not a folder") : g_strerror (saved_errno));
  return FALSE;
}

/* Reads the workspace's id, creating it on first use. */
static char *
ensure_workspace_id (TerraStore  *store,
                     GError     **error)
{
  g_autofree char *id = terra_store_get_setting_string (store, "workspace.id");
  g_autoptr(JsonNode) node = NULL;

  if (id != NULL && *id != '\0')
    return g_steal_pointer (&id);

  g_free (id);
  id = g_uuid_string_random ();
  node = json_node_init_string (json_node_alloc (), id);
  if (!terra_store_set_setting (store, "workspace.id", node, error))
    return NULL;

  return g_steal_pointer (&id);
}

/**
 * terra_workspace_open:
 * @directory: (nullable): the workspace folder, %NULL for the default
 *
 * Opens (creating if needed) a workspace and its main-thread connection.
 * Change events of every connection are delivered on the thread-default
 * main context of the caller.
 *
 * Returns: (transfer full): the workspace, or %NULL with an error a person
 *   can act on
 */
TerraWorkspace *
terra_workspace_open (const char  *directory,
                      GError     **error)
{
  g_autoptr(TerraWorkspace) self = g_object_new (TERRA_TYPE_WORKSPACE, NULL);
  g_autoptr(GMainContext) context = g_main_context_ref_thread_default ();

  self->directory = directory != NULL ? g_canonicalize_filename (directory, NULL)
                                      : terra_workspace_default_directory ();
  self->database_path = g_build_filename (self->directory, "terra.db", NULL);
  self->attachments_directory = g_build_filename (self->directory, "attachments", NULL);

  if (!ensure_directory (self->directory, error) ||
      !ensure_directory (self->attachments_directory, error))
    return NULL;

  self->notifier = terra_change_notifier_new (context);
  self->store = terra_store_open (self->database_path, self->notifier, error);
  if (self->store == NULL)
    return NULL;

  self->id = ensure_workspace_id (self->store, error);
  if (self->id == NULL)
    return NULL;

  return g_steal_pointer (&self);
}

const char *
terra_workspace_get_directory (TerraWorkspace *self)
{
  g_return_val_if_fail (TERRA_IS_WORKSPACE (self), NULL);
  return self->directory;
}

const char *
terra_workspace_get_database_path (TerraWorkspace *self)
{
  g_return_val_if_fail (TERRA_IS_WORKSPACE (self), NULL);
  return self->database_path;
}

const char *
terra_workspace_get_attachments_directory (TerraWorkspace *self)
{
  g_return_val_if_fail (TERRA_IS_WORKSPACE (self), NULL);
  return self->attachments_directory;
}

/* The id that names this workspace's secrets in the keyring. */
const char *
terra_workspace_get_id (TerraWorkspace *self)
{
  g_return_val_if_fail (TERRA_IS_WORKSPACE (self), NULL);
  return self->id;
}

/* The main thread's connection. Other threads must not use it. */
TerraStore *
terra_workspace_get_store (TerraWorkspace *self)
{
  g_return_val_if_fail (TERRA_IS_WORKSPACE (self), NULL);
  return self->store;
}

/**
 * terra_workspace_open_store:
 *
 * Opens another connection, for the calling thread only.
 *
 * Returns: (transfer full): the connection
 */
TerraStore *
terra_workspace_open_store (TerraWorkspace  *self,
                            GError         **error)
{
  g_return_val_if_fail (TERRA_IS_WORKSPACE (self), NULL);
  return terra_store_open (self->database_path, self->notifier, error);
}

TerraChangeNotifier *
terra_workspace_get_notifier (TerraWorkspace *self)
{
  g_return_val_if_fail (TERRA_IS_WORKSPACE (self), NULL);
  return self->notifier;
}

/* Whether the workspace holds the invented demo business. */
gboolean
terra_workspace_is_demo (TerraWorkspace *self)
{
  g_return_val_if_fail (TERRA_IS_WORKSPACE (self), FALSE);
  return terra_store_get_setting_boolean (self->store, "workspace.demo");
}
