/* terra-preferences-window.h — Preferences: every setting that shapes what
 * the assistant does, one page per group
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "terra-workspace.h"

G_BEGIN_DECLS

#define TERRA_TYPE_PREFERENCES_WINDOW (terra_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (TerraPreferencesWindow, terra_preferences_window, TERRA, PREFERENCES_WINDOW, AdwPreferencesWindow)

TerraPreferencesWindow *terra_preferences_window_new (GtkWindow      *parent,
                                                      TerraWorkspace *workspace);

/* Stores @value as secret @name of @workspace in the keyring, as the
 * Preferences' key rows do; an empty @value removes the secret. Blocks on
 * the keyring: call it from a worker thread (the window does). */
gboolean terra_preferences_save_secret        (TerraWorkspace       *workspace,
                                               const char           *name,
                                               const char           *value,
                                               GCancellable         *cancellable,
                                               GError              **error);
void     terra_preferences_save_secret_async  (TerraWorkspace       *workspace,
                                               const char           *name,
                                               const char           *value,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
gboolean terra_preferences_save_secret_finish (GAsyncResult         *result,
                                               GError              **error);

G_END_DECLS
