/* terra-store-outbox.h — the durable queue of outbound deliveries
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Rows of the `outbox` table are channel messages (kind "message") and
 * event webhooks (kind "webhook"). Message rows appear by themselves: the
 * schema's triggers add one in the same transaction that makes an outbound
 * WhatsApp, SMS or Telegram message pending (see terra-store-migrations.c,
 * version 3). The same triggers queue the events message.received,
 * lead.qualified, lead.hot, booking.created, booking.cancelled and
 * handoff.requested when the owner subscribed to them; other code queues
 * further events with terra_store_queue_event_webhook().
 *
 * A row's life: pending → sending (claimed, with a lease) → sent; or
 * failed (waiting for its next attempt) → … → dead after the last attempt.
 * Within one conversation, rows of a kind leave in order: a row is due only
 * when no earlier row of the same conversation and kind is still unsent.
 * The delivery threads (TerraOutbox, src/channels/) are the only callers of
 * claim and mark_*; any thread may queue.
 */
#pragma once

#include "terra-store.h"

G_BEGIN_DECLS

/* The event types a webhook subscriber can choose (setting webhooks.events). */
extern const char *const terra_event_webhook_types[];

gboolean  terra_event_webhook_type_is_valid   (const char       *type);

/* Queues the event @type with @data_json (a JSON object, or NULL for {})
 * for the owner's webhook, if webhooks.url is set and webhooks.events
 * includes @type; otherwise does nothing and returns TRUE. The body POSTed
 * is {"id": "evt_…", "type", "created_at", "data"}. A "conversation_id"
 * member of @data orders the event after earlier events of that
 * conversation. Joins an open transaction, so call it inside the
 * transaction that made the event happen.
 *
 * Events the database already queues by itself (see above) must not be
 * queued again here. */
gboolean  terra_store_queue_event_webhook     (TerraStore       *store,
                                               const char       *type,
                                               const char       *data_json,
                                               GError          **error);
/* The same, at most once per @once_key (for instance "2026-11-21" for a
 * daily summary): a second call with the same type and key adds nothing.
 * *@out_queued (may be NULL) says whether a row was added. */
gboolean  terra_store_queue_event_webhook_once (TerraStore      *store,
                                               const char       *type,
                                               const char       *once_key,
                                               const char       *data_json,
                                               gboolean         *out_queued,
                                               GError          **error);

/* Claims the next due row of @kind: it becomes "sending", its attempts grow by one
 * and it is not due again until @now + @lease_usec, so that after a crash
 * mid-send another run picks it up (and marks it interrupted) once the
 * lease ran out. *@out_item is NULL when nothing is due.
 * (transfer full) *@out_item. */
gboolean  terra_store_outbox_claim            (TerraStore       *store,
                                               TerraOutboxKind   kind,
                                               gint64            now,
                                               gint64            lease_usec,
                                               TerraOutboxItem **out_item,
                                               GError          **error);

/* Holds the delivery of message @message_id until @not_before (µs since
 * the epoch): the owner's reply delay, so an answer does not arrive
 * inhumanly fast. Call it in the transaction that queued the message. */
gboolean  terra_store_outbox_delay_message    (TerraStore       *store,
                                               gint64            message_id,
                                               gint64            not_before,
                                               GError          **error);

/* When the next row of @kind falls due (µs since the epoch; may be in the
 * past), or 0 when nothing waits. */
gint64    terra_store_outbox_next_due         (TerraStore       *store,
                                               TerraOutboxKind   kind,
                                               GError          **error);

/* What a message row sends: the message's channel and current text, and
 * the lead's address on that channel (NULL when the lead has none).
 * *@out_delivery tells whether the message left already. */
gboolean  terra_store_outbox_get_message      (TerraStore       *store,
                                               gint64            message_id,
                                               TerraChannel     *out_channel,
                                               char            **out_to,
                                               char            **out_text,
                                               TerraDelivery    *out_delivery,
                                               GError          **error);

/* The row was delivered. For a message row the message becomes "sent" and
 * keeps @external_id (the provider's id, may be NULL) for later status
 * reports. */
gboolean  terra_store_outbox_mark_sent        (TerraStore       *store,
                                               gint64            item_id,
                                               const char       *external_id,
                                               GError          **error);

/* The attempt failed and another follows at @next_attempt_at. */
gboolean  terra_store_outbox_mark_failed      (TerraStore       *store,
                                               gint64            item_id,
                                               const char       *error_message,
                                               gint64            next_attempt_at,
                                               GError          **error);

/* The row is given up (@reason: "attempts_exhausted", "permanent",
 * "not_configured", "window_closed", "no_address"…): it becomes "dead", a
 * message becomes "failed", and the audit log gets "delivery.failed" (for
 * a message) or "webhook.failed" (for an event) so the owner is told. */
gboolean  terra_store_outbox_mark_dead        (TerraStore       *store,
                                               gint64            item_id,
                                               const char       *reason,
                                               const char       *error_message,
                                               GError          **error);

/* The owner's "try again": a dead row starts over with no attempts, and
 * its message is pending again. */
gboolean  terra_store_outbox_retry            (TerraStore       *store,
                                               gint64            item_id,
                                               GError          **error);

/* How many rows have @status, for a status line ("3 messages waiting"). */
gint64    terra_store_outbox_count            (TerraStore       *store,
                                               TerraOutboxStatus status,
                                               GError          **error);

/* What happened in [from, to) (µs), for the daily summary event. */
typedef struct
{
  gint64 conversations_started;
  gint64 messages_received;
  gint64 replies_sent;        /* by the assistant; drafts only once approved */
  gint64 leads_qualified;
  gint64 meetings_booked;
  gint64 meetings_cancelled;
  gint64 handoffs_requested;
  gint64 leads_hot;           /* now, not in the period */
  gint64 open_handoffs;       /* now, not in the period */
} TerraDayTotals;

gboolean  terra_store_get_day_totals          (TerraStore       *store,
                                               gint64            from,
                                               gint64            to,
                                               TerraDayTotals   *totals,
                                               GError          **error);

G_END_DECLS
