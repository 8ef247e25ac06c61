/* terra-telegram-poller.h — fetching a Telegram bot's messages by long
 * polling
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A TerraTelegramPoller owns one thread with its own SoupSession and store
 * connection. It asks getUpdates for everything after the stored offset
 * (the setting telegram.update_offset), and stores the messages together
 * with the new offset in one transaction: a crash before the commit
 * fetches the same updates again, a crash after it never does, so a
 * restart neither loses nor duplicates a message. Network failures are
 * retried with a growing pause, and Telegram's retry_after is honoured.
 * Without a bot token (the secret telegram_bot_token) the thread only
 * looks for one once a minute, so it can always run.
 */
#pragma once

#include "terra-orchestrator.h"
#include "terra-workspace.h"

G_BEGIN_DECLS

#define TERRA_TYPE_TELEGRAM_POLLER (terra_telegram_poller_get_type ())

G_DECLARE_FINAL_TYPE (TerraTelegramPoller, terra_telegram_poller, TERRA, TELEGRAM_POLLER, GObject)

/* @orchestrator may be NULL: messages are stored and wait for an engine. */
TerraTelegramPoller *terra_telegram_poller_new          (TerraWorkspace      *workspace,
                                                         TerraOrchestrator   *orchestrator);
/* How long Telegram may hold one getUpdates request, in seconds
 * (default 50). Set it before starting. */
void                 terra_telegram_poller_set_poll_timeout (TerraTelegramPoller *self,
                                                         guint                seconds);
/* Starts the thread; does nothing when it runs already. */
void                 terra_telegram_poller_start        (TerraTelegramPoller *self);
/* Cancels the request in flight and joins the thread. What was fetched
 * and not yet committed is fetched again next time. Safe to call twice;
 * dispose calls it. */
void                 terra_telegram_poller_stop         (TerraTelegramPoller *self);
/* How many getUpdates answers were stored so far, for tests and status
 * displays. Safe from any thread. */
guint                terra_telegram_poller_get_n_polls  (TerraTelegramPoller *self);

G_END_DECLS
