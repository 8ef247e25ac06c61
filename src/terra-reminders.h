/* terra-reminders.h — tells the owner shortly before each appointment
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "terra-store.h"

G_BEGIN_DECLS

#define TERRA_TYPE_REMINDERS (terra_reminders_get_type ())

G_DECLARE_FINAL_TYPE (TerraReminders, terra_reminders, TERRA, REMINDERS, GObject)

TerraReminders *terra_reminders_new   (TerraStore          *store,
                                       TerraChangeNotifier *notifier);
void            terra_reminders_check (TerraReminders      *self,
                                       gint64               now);
char           *terra_reminders_describe (TerraReminders   *self,
                                       TerraBooking        *booking,
                                       gint64               now,
                                       char               **body);

G_END_DECLS
