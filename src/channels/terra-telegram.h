/* terra-telegram.h — Telegram bots
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Terra fetches a bot's updates by long polling (terra-telegram-poller.h),
 * which works behind NAT with no public address. An owner who does have
 * one may instead register POST /webhooks/telegram with Telegram's
 * setWebhook and a secret token (the secret telegram_webhook_secret), and
 * set telegram.webhook=true so Terra stops polling. Sending is
 * terra_telegram_send() in terra-channel-senders.h.
 */
#pragma once

#include <libsoup/soup.h>

#include "terra-channel-context.h"

G_BEGIN_DECLS

/* Adds POST /webhooks/telegram to @soup; runs on the server thread.
 * Requests without the right X-Telegram-Bot-Api-Secret-Token get 403. */
void     terra_telegram_attach         (SoupServer          *soup,
                                        TerraChannelContext *context);

/* Whether Terra should poll Telegram for @store's workspace: a bot token
 * is set and the owner did not switch to the webhook. May block on the
 * keyring; call it off the UI thread or at start-up. */
gboolean terra_telegram_should_poll    (TerraStore          *store);

G_END_DECLS
