/* terra-test-utils.c — what the tests share: a temporary workspace
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "terra-test-utils.h"

/* A new empty folder under the system's temporary directory. */
char *
terra_test_make_directory (void)
{
  g_autoptr(GError) error = NULL;
  char *directory = g_dir_make_tmp ("terra-test-XXXXXX", &error);

  g_assert_no_error (error);
  return directory;
}

void
terra_test_remove_directory (const char *directory)
{
  g_autoptr(GDir) dir = g_dir_open (directory, 0, NULL);
  const char *name;

  if (dir == NULL)
    return;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (directory, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        terra_test_remove_directory (path);
      else
        g_unlink (path);
    }

  g_rmdir (directory);
}

/* A workspace in a fresh temporary folder; free it with
 * terra_test_workspace_free(), which deletes the folder too. */
TerraWorkspace *
terra_test_workspace_new (void)
{
  g_autofree char *directory = terra_test_make_directory ();
  g_autoptr(GError) error = NULL;
  TerraWorkspace *workspace = terra_workspace_open (directory, &error);

  g_assert_no_error (error);
  g_assert_nonnull (workspace);
  return workspace;
}

void
terra_test_workspace_free (TerraWorkspace *workspace)
{
  g_autofree char *directory = NULL;

  if (workspace == NULL)
    return;

  directory = g_strdup (terra_workspace_get_directory (workspace));
  g_object_unref (workspace);
  terra_test_remove_directory (directory);
}

/* Runs what is pending on the default main context, such as change events. */
void
terra_test_iterate_main_context (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}
