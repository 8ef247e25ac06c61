/* terra-demo.h — fills an empty workspace with a believable demo business
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "terra-store.h"

G_BEGIN_DECLS

/* Fills an empty workspace with Skyline Realty, an invented real-estate
 * agency in Bengaluru: its knowledge base, training, appointment types and
 * opening hours, and a month of leads, conversations, bookings, tasks and
 * audit events up to @now (µs since the epoch). The same @now gives the same
 * data. A workspace that holds anything (terra_store_is_empty()) is refused
 * with %TERRA_STORE_ERROR_CONFLICT and left untouched. */
gboolean terra_demo_populate (TerraStore  *store,
                              gint64       now,
                              GError     **error);

G_END_DECLS
