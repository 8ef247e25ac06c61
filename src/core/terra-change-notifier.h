/* terra-change-notifier.h — change events, delivered on the main context
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "terra-types.h"

G_BEGIN_DECLS

#define TERRA_TYPE_CHANGE_NOTIFIER (terra_change_notifier_get_type ())

G_DECLARE_FINAL_TYPE (TerraChangeNotifier, terra_change_notifier, TERRA, CHANGE_NOTIFIER, GObject)

typedef struct
{
  TerraEntity     entity;
  TerraChangeKind kind;
  gint64          id;
} TerraChange;

TerraChangeNotifier *terra_change_notifier_new  (GMainContext        *context);
void                 terra_change_notifier_post (TerraChangeNotifier *self,
                                                 const TerraChange   *changes,
                                                 guint                n_changes);

G_END_DECLS
