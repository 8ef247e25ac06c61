/* terra-whatsapp.h — the WhatsApp Cloud API (Meta's Graph API)
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Meta first checks the webhook with a GET handshake (the owner's verify
 * token, the secret whatsapp_verify_token), then POSTs events signed with
 * the app secret (whatsapp_app_secret) in X-Hub-Signature-256: inbound
 * messages (text, quick-reply buttons, interactive list and button
 * replies, media, locations) and the statuses of messages Terra sent.
 * Sending is terra_whatsapp_send() in terra-channel-senders.h.
 */
#pragma once

#include <libsoup/soup.h>

#include "terra-channel-context.h"

G_BEGIN_DECLS

/* Adds GET and POST /webhooks/whatsapp to @soup; runs on the server
 * thread. */
void  terra_whatsapp_attach            (SoupServer          *soup,
                                        TerraChannelContext *context);

/* X-Hub-Signature-256 for @body: "sha256=" and the lowercase hex
 * HMAC-SHA256 of the raw bytes with @app_secret. */
char *terra_whatsapp_compute_signature (const char          *app_secret,
                                        const void          *body,
                                        gsize                length);

/* The address Terra keeps for a WhatsApp user: "+" and the digits of a
 * phone number (as Twilio's WhatsApp gives it, so a lead is one contact
 * whichever way the owner connects), or a business-scoped user id as is. */
char *terra_whatsapp_normalize_address (const char          *wa_id);

G_END_DECLS
