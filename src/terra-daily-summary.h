/* terra-daily-summary.h — yesterday's numbers and the hot leads, once a
 * day at the owner's hour
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "terra-store.h"

G_BEGIN_DECLS

#define TERRA_TYPE_DAILY_SUMMARY (terra_daily_summary_get_type ())

G_DECLARE_FINAL_TYPE (TerraDailySummary, terra_daily_summary, TERRA, DAILY_SUMMARY, GObject)

/* Emits "summary" (title, body) every day at the hour of @settings' key
 * "daily-summary-hour" in the business time zone (-1: never). */
TerraDailySummary *terra_daily_summary_new      (TerraStore        *store,
                                                 GSettings         *settings);
/* The summary of the business day before the one @now (µs) is in: a title,
 * and in @body the numbers and up to three hot leads by name. */
char              *terra_daily_summary_describe (TerraDailySummary *self,
                                                 gint64             now,
                                                 char             **body,
                                                 GError           **error);

G_END_DECLS
