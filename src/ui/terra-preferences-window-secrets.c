/* terra-preferences-window-secrets.c — keys typed in Preferences go to the
 * keyring, and only there
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The value crosses to a worker thread (libsecret may block on D-Bus or an
 * unlock prompt) and is wiped from memory when the task is done. It is
 * never written to a setting, a log line or a file.
 */

#define G_LOG_DOMAIN "terra-preferences"

#include "config.h"

#include <string.h>

#include "terra-preferences-window.h"
#include "terra-secrets.h"

gboolean
terra_preferences_save_secret (TerraWorkspace  *workspace,
                               const char      *name,
                               const char      *value,
                               GCancellable    *cancellable,
                               GError         **error)
{
  const char *workspace_id;

  g_return_val_if_fail (TERRA_IS_WORKSPACE (workspace), FALSE);
  g_return_val_if_fail (name != NULL && value != NULL, FALSE);

  workspace_id = terra_workspace_get_id (workspace);
  if (*value == '\0')
    return terra_secrets_delete (workspace_id, name, cancellable, error);
  return terra_secrets_store (workspace_id, name, value, cancellable, error);
}

typedef struct
{
  TerraWorkspace *workspace;
  char           *name;
  char           *value;
} SaveData;

static void
save_data_free (gpointer data)
{
  SaveData *save = data;

  g_clear_object (&save->workspace);
  g_free (save->name);
  terra_secrets_free (save->value);
  g_free (save);
}

static void
save_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  SaveData *save = task_data;
  GError *error = NULL;

  if (terra_preferences_save_secret (save->workspace, save->name, save->value, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
terra_preferences_save_secret_async (TerraWorkspace      *workspace,
                                     const char          *name,
                                     const char          *value,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  SaveData *save = g_new0 (SaveData, 1);

  g_return_if_fail (TERRA_IS_WORKSPACE (workspace));

  save->workspace = g_object_ref (workspace);
  save->name = g_strdup (name);
  save->value = g_strdup (value);
  g_task_set_source_tag (task, terra_preferences_save_secret_async);
  g_task_set_task_data (task, save, save_data_free);
  g_task_run_in_thread (task, save_thread);
}

gboolean
terra_preferences_save_secret_finish (GAsyncResult  *result,
                                      GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}
