/* terra-notifications.h — what the owner should hear about, as it happens
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Watches the workspace's events as they commit (the engine's, the
 * server's, the outbox's) and turns the ones the owner cares about — a
 * hot lead, a meeting the assistant booked, a handoff, a delivery that
 * failed — into an "alert" signal with a title, a body and the
 * conversation to open. The application shows it as a desktop
 * notification and a toast in the window. Which kinds are wanted is the
 * owner's choice (GSettings "notify-events").
 */
#pragma once

#include <gio/gio.h>

#include "terra-store.h"

G_BEGIN_DECLS

#define TERRA_TYPE_NOTIFICATIONS (terra_notifications_get_type ())

G_DECLARE_FINAL_TYPE (TerraNotifications, terra_notifications, TERRA, NOTIFICATIONS, GObject)

/* @settings may be NULL: every kind is wanted. */
TerraNotifications *terra_notifications_new      (TerraStore          *store,
                                                  TerraChangeNotifier *notifier,
                                                  GSettings           *settings);
/* The title and body of an event worth telling, or NULL when it is not
 * (another kind, or a kind switched off). */
char               *terra_notifications_describe (TerraNotifications  *self,
                                                  TerraEventRecord    *event,
                                                  char               **body);

G_END_DECLS
