/* terra-store-retention.h — message retention and one contact's data
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Privacy settings the owner can rely on: messages older than
 * `privacy.retention_days` are really deleted (rows and full-text index),
 * and one contact's data can be handed over as JSON.
 */
#pragma once

#include "terra-store.h"

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

/* Everything the workspace holds about contact @contact_id — the contact,
 * its identities, conversations with their messages, bookings and tasks —
 * as a pretty-printed JSON document. (transfer full) */
char     *terra_store_export_contact_json    (TerraStore  *store,
                                              gint64       contact_id,
                                              GError     **error);

G_END_DECLS
