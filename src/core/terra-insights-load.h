/* terra-insights-load.h — a large workspace for the Insights benchmark
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "terra-store.h"

G_BEGIN_DECLS

/* For the Insights benchmark only: fills an empty workspace in plain SQL
 * with @n_conversations conversations (one lead each, all channels)
 * started evenly over the @span_days days before now, holding
 * @n_messages messages between them, every lead's message analysed (eight
 * intents, three sentiments), first replies, bookings, grades and
 * handoffs. No change events are posted. */
gboolean terra_store_insights_generate_load (TerraStore  *self,
                                             guint        n_conversations,
                                             guint        n_messages,
                                             guint        span_days,
                                             GError     **error);

G_END_DECLS
