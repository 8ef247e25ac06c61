/* terra-api-calendar.h — the token of the bookings feed, GET /calendar.ics
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A calendar application subscribes to
 * http://HOST:PORT/calendar.ics?token=<token>: it cannot send a bearer
 * key, so the feed has a token of its own, 256 random bits as 64 hex
 * digits, kept in the keyring as the secret `calendar_feed_token`
 * (TERRA_SECRET_CALENDAR_FEED_TOKEN overrides it). It only reads the
 * bookings; regenerating it cuts off every subscriber at once. These calls
 * may block on the keyring: never call them from the UI thread's main loop.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define TERRA_CALENDAR_FEED_SECRET "calendar_feed_token"

/* The feed's token, created and stored on first use. (transfer full):
 * free with terra_secrets_free(). */
char     *terra_calendar_feed_dup_token        (const char  *workspace_id,
                                                GError     **error);
/* Replaces the token by a new random one; the old one stops working at
 * once. Fails while the environment overrides the token. (transfer full) */
char     *terra_calendar_feed_regenerate_token (const char  *workspace_id,
                                                GError     **error);

G_END_DECLS
