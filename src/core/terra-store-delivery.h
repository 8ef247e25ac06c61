/* terra-store-delivery.h — what channel providers report about messages
 * Terra sent, and what a sender needs to know before sending
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Providers name a sent message by their own id (Twilio's "SM…", WhatsApp's
 * "wamid.…"); the outbox stores that id as the message's external id, and
 * the status callbacks that arrive later on the server thread find the
 * message by it.
 */
#pragma once

#include "terra-store.h"

G_BEGIN_DECLS

/* Moves the delivery state of the outbound message with @external_id on
 * @channel forward to @delivery: pending → sent → delivered → read, and
 * failed in place of delivered. Providers report out of order (a "sent"
 * can arrive after its "delivered"), so a step back changes nothing and is
 * not an error. Joins an open transaction. A failure is also written to
 * the audit log ("message.delivery_failed", with @detail_json as payload
 * when given) so the owner can see why.
 *
 * Returns FALSE with TERRA_STORE_ERROR_NOT_FOUND when no outbound message
 * has that id. *@out_message_id (may be NULL) is the message's id;
 * *@out_changed (may be NULL) says whether the state moved. */
gboolean terra_store_set_delivery_by_external_id (TerraStore     *store,
                                                  TerraChannel    channel,
                                                  const char     *external_id,
                                                  TerraDelivery   delivery,
                                                  const char     *detail_json,
                                                  gint64         *out_message_id,
                                                  gboolean       *out_changed,
                                                  GError        **error);

/* When the contact reachable at @address on @channel last wrote on that
 * channel, in seconds since the epoch; 0 when they never did. WhatsApp
 * allows free text only within 24 hours of it. */
gboolean terra_store_get_last_inbound_at        (TerraStore     *store,
                                                  TerraChannel    channel,
                                                  const char     *address,
                                                  gint64         *out_time,
                                                  GError        **error);

G_END_DECLS
