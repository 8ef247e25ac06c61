/* terra-outbox.h — the threads that deliver the outbox
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Two threads ("lanes"), each with its own SoupSession and store
 * connection, take due rows from the outbox (terra-store-outbox.h) and send
 * them: one sends channel messages through the channel senders
 * (terra-channel-senders.h), the other events to the owner's webhook
 * (terra-event-webhooks.h), so a slow webhook receiver never delays a reply
 * to a lead. A lane sleeps until its next row
 * falls due or a change in the workspace wakes it — no polling loop — and
 * retries failures with exponential backoff and jitter (by default 5 s ·
 * 2^(n-1), at most 1 h), giving a row up after 8 attempts. A row is marked
 * "sending" before its network call, so a crash never makes a sent row go
 * out again, and a row interrupted mid-call is picked up after its lease.
 *
 * Create, start and stop it on one thread (the main thread in the app);
 * terra_outbox_wake() is safe from any thread.
 */
#pragma once

#include <libsoup/soup.h>

#include "terra-workspace.h"

G_BEGIN_DECLS

#define TERRA_OUTBOX_DEFAULT_BASE_DELAY   (5 * G_USEC_PER_SEC)
#define TERRA_OUTBOX_DEFAULT_MAX_DELAY    (G_TIME_SPAN_HOUR)
#define TERRA_OUTBOX_DEFAULT_MAX_ATTEMPTS 8
/* How long a claimed row belongs to its sender: longer than any request
 * may take (the session's timeout is 30 s). */
#define TERRA_OUTBOX_DEFAULT_LEASE        (2 * G_TIME_SPAN_MINUTE)

/* Sends one channel message; the signature of terra_channel_send(), which
 * is the default. Tests replace it. */
typedef gboolean (*TerraOutboxSendFunc) (SoupSession   *session,
                                         TerraStore    *store,
                                         TerraChannel   channel,
                                         const char    *to,
                                         const char    *text,
                                         char         **out_external_id,
                                         GCancellable  *cancellable,
                                         GError       **error);

#define TERRA_TYPE_OUTBOX (terra_outbox_get_type ())

G_DECLARE_FINAL_TYPE (TerraOutbox, terra_outbox, TERRA, OUTBOX, GObject)

TerraOutbox *terra_outbox_new              (TerraWorkspace       *workspace);

/* Before start: how failures are retried. */
void         terra_outbox_set_retry_policy (TerraOutbox          *self,
                                            gint64                base_delay_usec,
                                            gint64                max_delay_usec,
                                            int                   max_attempts);
void         terra_outbox_set_lease        (TerraOutbox          *self,
                                            gint64                lease_usec);
void         terra_outbox_set_send_func    (TerraOutbox          *self,
                                            TerraOutboxSendFunc   send_func);

/* Starts the delivery threads; they first send whatever a previous run left.
 * Fails only when the workspace database cannot be opened. */
gboolean     terra_outbox_start            (TerraOutbox          *self,
                                            GError              **error);
/* Interrupts requests in flight (their rows are retried at the next start)
 * and joins the threads. Safe to call twice. */
void         terra_outbox_stop             (TerraOutbox          *self);
gboolean     terra_outbox_is_running       (TerraOutbox          *self);
/* Something was queued: look now. Any thread. */
void         terra_outbox_wake             (TerraOutbox          *self);

/* The wait before attempt @attempts + 1 after @attempts failed ones:
 * @base · 2^(attempts-1), at most @max, then ±20 % jitter (still at most
 * @max) so that many rows failing together do not retry together. */
gint64       terra_outbox_backoff          (int                   attempts,
                                            gint64                base_delay_usec,
                                            gint64                max_delay_usec);

G_END_DECLS
