/* terra-telegram-private.h — what the Telegram webhook and poller share
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "terra-channel-senders-private.h"

G_BEGIN_DECLS

/* Fills @inbound from one Telegram update (its "message"). Strings point
 * into @update or into @strings, which owns what it is given. FALSE for
 * updates that carry nothing Terra keeps (edits, service messages,
 * updates of other kinds). */
gboolean _terra_telegram_update_to_inbound (JsonObject          *update,
                                            GPtrArray           *strings,
                                            TerraInboundMessage *inbound);

/* {api_base}/bot{token}/{method}. The token is in the address, so it is
 * never logged. */
char    *_terra_telegram_method_url        (TerraStore          *store,
                                            const char          *token,
                                            const char          *method,
                                            GError             **error);

/* Sets @error from a Bot API failure answer {"ok": false, "error_code",
 * "description", "parameters": {"retry_after"}}; *@retry_after (may be
 * NULL) gets the seconds Telegram asks to wait, or 0. Returns FALSE. */
gboolean _terra_telegram_fail              (GBytes              *body,
                                            guint                status,
                                            gint64              *retry_after,
                                            GError             **error);

G_END_DECLS
