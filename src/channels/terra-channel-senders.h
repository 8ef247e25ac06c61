/* terra-channel-senders.h — sending one message through a channel provider
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The outbox calls these from its own thread, with its own SoupSession and
 * store connection. Each call is one synchronous HTTP request to the
 * provider (Twilio's Messages API, the Graph API, the Telegram Bot API) at
 * the base URL the workspace settings name; the provider's credentials come
 * from TerraSecrets. None of them retries: the outbox decides, by the
 * error code, whether and when to try again.
 *
 * Errors: G_IO_ERROR_* when the network failed (retry), G_IO_ERROR_CANCELLED
 * when @cancellable was cancelled, or TERRA_CHANNEL_ERROR_* for what the
 * provider answered. On success *@out_external_id is the provider's id of
 * the message, or NULL in the rare case that a provider accepted it
 * without naming one (a warning is logged); store it on the message, since
 * delivery reports find the message by it.
 */
#pragma once

#include <libsoup/soup.h>

#include "terra-store.h"

G_BEGIN_DECLS

#define TERRA_CHANNEL_ERROR (terra_channel_error_quark ())

typedef enum
{
  /* The provider refused the message for good (4xx other than 429: an
   * invalid number, a lead who unsubscribed, a bad token). */
  TERRA_CHANNEL_ERROR_PERMANENT,
  /* The provider is busy or failing (429, 5xx, an unreadable answer);
   * try again later. */
  TERRA_CHANNEL_ERROR_RETRY,
  /* WhatsApp: the lead's last message is older than 24 hours, so free
   * text may not be sent; the owner has to reach the lead another way. */
  TERRA_CHANNEL_ERROR_WINDOW_CLOSED,
  /* The channel lacks a setting or a secret (the message says which), or
   * the provider refused the credentials (401, an expired token): the
   * owner has to fix the set-up; nothing was sent. */
  TERRA_CHANNEL_ERROR_NOT_CONFIGURED,
} TerraChannelError;

GQuark   terra_channel_error_quark (void);

/* The longest text a sender passes on, in bytes; longer texts are refused
 * with TERRA_CHANNEL_ERROR_PERMANENT before anything is sent. */
#define TERRA_CHANNEL_MAX_SEND_TEXT 4096

/* Sends @text to @to (E.164, "+14155550100") as an SMS or, when @channel is
 * TERRA_CHANNEL_WHATSAPP, a WhatsApp message, through Twilio's Messages API
 * (settings twilio.api_base, twilio.account_sid, twilio.from_number; secret
 * twilio_auth_token). On success *@out_external_id is Twilio's message sid
 * ("SM…"), which later status callbacks name. */
gboolean terra_twilio_send   (SoupSession   *session,
                              TerraStore    *store,
                              TerraChannel   channel,
                              const char    *to,
                              const char    *text,
                              char         **out_external_id,
                              GCancellable  *cancellable,
                              GError       **error);

/* Sends @text to the WhatsApp user @to (E.164 or the bare wa_id) through
 * the WhatsApp Cloud API (settings whatsapp.api_base,
 * whatsapp.phone_number_id; secret whatsapp_token). Refuses with
 * TERRA_CHANNEL_ERROR_WINDOW_CLOSED, without a request, when the lead's
 * last inbound message in @store is older than 24 hours (or there is
 * none). *@out_external_id is the "wamid.…" id. */
gboolean terra_whatsapp_send (SoupSession   *session,
                              TerraStore    *store,
                              const char    *to,
                              const char    *text,
                              char         **out_external_id,
                              GCancellable  *cancellable,
                              GError       **error);

/* Sends @text to the Telegram chat @chat_id with sendMessage (setting
 * telegram.api_base; secret telegram_bot_token). *@out_external_id is
 * "<chat id>:<message id>", the form inbound Telegram messages use. */
gboolean terra_telegram_send (SoupSession   *session,
                              TerraStore    *store,
                              const char    *chat_id,
                              const char    *text,
                              char         **out_external_id,
                              GCancellable  *cancellable,
                              GError       **error);

/* Sends @text to @to on @channel with the right provider: SMS through
 * Twilio; WhatsApp through the Cloud API when whatsapp.phone_number_id is
 * set, else through Twilio; Telegram through the Bot API. Other channels
 * (web chat, API) have no provider to send through:
 * TERRA_CHANNEL_ERROR_NOT_CONFIGURED. */
gboolean terra_channel_send  (SoupSession   *session,
                              TerraStore    *store,
                              TerraChannel   channel,
                              const char    *to,
                              const char    *text,
                              char         **out_external_id,
                              GCancellable  *cancellable,
                              GError       **error);

/* TRUE when @error means the same message may succeed if sent again
 * later: network trouble or TERRA_CHANNEL_ERROR_RETRY. */
gboolean terra_channel_error_is_transient (const GError *error);

G_END_DECLS
