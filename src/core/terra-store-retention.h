/* terra-store-retention.h — message retention
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Privacy settings the owner can rely on: messages older than
 * `privacy.retention_days` are really deleted (rows and full-text index).
 * One contact's export and deletion live in terra-desk.h.
 */
#pragma once

#include "terra-store.h"
#include "terra-workspace.h"

G_BEGIN_DECLS

/* Deletes the messages created before @cutoff (µs since the epoch, UTC)
 * with their analyses, full-text entries and outbox rows, and clears the
 * text the workspace keeps about them elsewhere (conversation summaries
 * and previews, handoff summaries in the event log). Messages still
 * waiting for the assistant or for delivery are kept. Runs in one
 * transaction; @n_deleted (optional) receives how many messages went. */
gboolean  terra_store_delete_messages_before (TerraStore  *store,
                                              gint64       cutoff,
                                              guint       *n_deleted,
                                              GError     **error);

/* Applies `privacy.retention_days` as of @now (µs since the epoch): does
 * nothing when it is 0 (keep everything). */
gboolean  terra_store_apply_retention        (TerraStore  *store,
                                              gint64       now,
                                              guint       *n_deleted,
                                              GError     **error);

/* The daily job: applies the retention setting on a worker thread with
 * its own connection, a minute after it starts and then every 24 hours,
 * from the thread-default main context of the caller. */
typedef struct _TerraRetentionTimer TerraRetentionTimer;

TerraRetentionTimer *terra_retention_timer_start (TerraWorkspace       *workspace);
/* The same with other times, in seconds (for tests). */
TerraRetentionTimer *terra_retention_timer_start_full (TerraWorkspace  *workspace,
                                                       guint            first_seconds,
                                                       guint            period_seconds);
/* Stops the timer and waits for a run in progress. NULL is allowed. */
void                 terra_retention_timer_stop  (TerraRetentionTimer  *timer);

G_END_DECLS
