/* terra-event-webhooks.h — signed event webhooks to the owner's own systems
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The owner sets webhooks.url (and optionally webhooks.events); each event
 * becomes an outbox row (terra-store-outbox.h) whose payload is the exact
 * body POSTed:
 *
 *   POST <webhooks.url>
 *   Content-Type: application/json
 *   X-Terra-Event: booking.created
 *   X-Terra-Delivery: evt_3f…            (the event id; the same on every retry)
 *   X-Terra-Signature: sha256=<lowercase hex HMAC-SHA256 of the raw body>
 *
 *   {"id": "evt_3f…", "type": "booking.created", "created_at": "…Z", "data": {…}}
 *
 * The HMAC key is the secret `webhook_signing_secret` of the workspace
 * (TerraSecrets: TERRA_SECRET_WEBHOOK_SIGNING_SECRET, else the keyring),
 * made on first use. Receivers answer 2xx; anything else is retried with
 * backoff, and a receiver should drop a X-Terra-Delivery it has seen.
 */
#pragma once

#include <libsoup/soup.h>

#include "terra-store.h"

G_BEGIN_DECLS

#define TERRA_EVENT_WEBHOOKS_SECRET_NAME "webhook_signing_secret"

/* The signing secret of workspace @workspace_id, created (32 random bytes,
 * hex) and stored in the keyring if there is none yet. Blocks on D-Bus: not
 * for the UI thread. (transfer full): free with terra_secrets_free(). */
char     *terra_event_webhooks_ensure_secret (const char       *workspace_id,
                                              GCancellable     *cancellable,
                                              GError          **error);

/* "sha256=" + the lowercase hex HMAC-SHA256 of @body with @secret. */
char     *terra_event_webhooks_sign          (const char       *secret,
                                              const char       *body,
                                              gsize             length);

/* POSTs the webhook row @item once, synchronously, on @session. TRUE when
 * the receiver answered 2xx. Otherwise @error is G_IO_ERROR_* (network),
 * TERRA_CHANNEL_ERROR_RETRY (a non-2xx answer, or no keyring to sign with;
 * *@out_retry_after_usec is the receiver's Retry-After, or 0),
 * TERRA_CHANNEL_ERROR_PERMANENT (410 Gone: the receiver wants no more) or
 * TERRA_CHANNEL_ERROR_NOT_CONFIGURED (webhooks.url was cleared). */
gboolean  terra_event_webhooks_deliver       (SoupSession      *session,
                                              TerraStore       *store,
                                              const char       *workspace_id,
                                              TerraOutboxItem  *item,
                                              gint64           *out_retry_after_usec,
                                              GCancellable     *cancellable,
                                              GError          **error);

/* Queues "summary.daily" for the business day before the one @now (µs)
 * falls in, in the business time zone — at most once per day, and only
 * when the owner subscribed to it. Its data: {"date", "time_zone",
 * "conversations_started", "messages_received", "replies_sent",
 * "leads_qualified", "meetings_booked", "meetings_cancelled",
 * "handoffs_requested", "leads_hot_now", "open_handoffs_now"}. The outbox
 * calls it as days turn. */
gboolean  terra_event_webhooks_queue_daily_summary (TerraStore  *store,
                                                    gint64       now,
                                                    gboolean    *out_queued,
                                                    GError     **error);

G_END_DECLS
