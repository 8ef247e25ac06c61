/* terra-twilio.h — SMS and WhatsApp through Twilio
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Twilio posts each inbound message, and each status change of a message
 * Terra sent, as a signed form to POST /webhooks/twilio. The signature
 * covers the public address the owner configured at Twilio (the setting
 * twilio.public_url), so a request that did not come from Twilio, or was
 * changed on the way, is refused with 403 and changes nothing. Sending is
 * terra_twilio_send() in terra-channel-senders.h.
 */
#pragma once

#include <libsoup/soup.h>

#include "terra-channel-context.h"

G_BEGIN_DECLS

/* Adds POST /webhooks/twilio to @soup; runs on the server thread. */
void  terra_twilio_attach            (SoupServer          *soup,
                                      TerraChannelContext *context);

/* X-Twilio-Signature for a request to @url carrying the form parameters
 * @pairs (name, value, name, value, …, NULL), signed with @auth_token:
 * base64 (HMAC-SHA1 (token, url + every name and value, sorted by name
 * and then value)). */
char *terra_twilio_compute_signature (const char          *auth_token,
                                      const char          *url,
                                      const char * const  *pairs);

/* Whether @signature is right for @url, also accepting the URL written
 * with or without its default port (:443, :80), as Twilio's own
 * libraries do. Compares in constant time. */
gboolean terra_twilio_check_signature (const char         *auth_token,
                                       const char         *url,
                                       const char * const *pairs,
                                       const char         *signature);

/* The address Twilio calls, from the setting twilio.public_url: the
 * setting as it is, or, when it names only the tunnel or host
 * ("https://shop.example.net"), that with /webhooks/twilio. (transfer
 * full), NULL when the setting is empty. */
char *terra_twilio_get_webhook_url    (TerraStore          *store);

G_END_DECLS
