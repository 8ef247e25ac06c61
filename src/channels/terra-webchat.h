/* terra-webchat.h — the web chat a business embeds on its website
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * terra_webchat_attach() adds to the server:
 *   GET /chat/widget.js   the embeddable widget (one script tag, no framework)
 *   GET /chat/widget.css  its style sheet (the script loads it itself)
 *   GET /chat             a standalone chat page
 *   WS  /chat/ws          the visitor's socket: JSON text frames
 *
 * The socket speaks, client → server:
 *   {"type":"hello","visitor":ID,"token":SITE_TOKEN,"name"?:NAME}
 *   {"type":"message","text":TEXT,"client_id":ID}
 *   {"type":"typing"}
 * and server → client:
 *   {"type":"history","messages":[{"id","author","text","created_at"}…]}
 *   {"type":"ack","client_id":ID,"message_id":N}     (after the commit)
 *   {"type":"typing"}                                (the assistant is writing)
 *   {"type":"delta","text":TEXT}                     (a piece of the reply)
 *   {"type":"message","id":N,"author":A,"text":TEXT} (a stored reply)
 *   {"type":"error","code":C,"message":M}
 * A wrong site token closes the socket with code 1008 (policy violation),
 * and so does a browser on a site that webchat.allowed_origins leaves out.
 */
#pragma once

#include <libsoup/soup.h>

#include "terra-channel-context.h"

G_BEGIN_DECLS

/* The workspace setting holding the site token that authorises widgets.
 * It is not a keyring secret: it is printed in every page of the website
 * that embeds the widget, and it must survive a backup and restore, or
 * every embedded widget would stop working. */
#define TERRA_WEBCHAT_TOKEN_SETTING "webchat.site_token"

/* Limits of the socket. */
#define TERRA_WEBCHAT_MAX_FRAME          (32 * 1024)
#define TERRA_WEBCHAT_MAX_PER_MINUTE     20
#define TERRA_WEBCHAT_MAX_VISITOR_ID     64
#define TERRA_WEBCHAT_HISTORY_LIMIT      50

/* Adds the web chat's handlers to @soup. @context must stay valid until
 * the server stops; the handlers run on the server thread. */
void      terra_webchat_attach          (SoupServer          *soup,
                                         TerraChannelContext *context);

/* Returns (transfer full) the workspace's web chat site token, creating
 * it (128 random bits, hex) on first use; NULL with @error when the
 * store fails. */
char     *terra_webchat_get_site_token  (TerraStore          *store,
                                         GError             **error);

/* Replaces the site token: widgets embedded with the old one are refused
 * from their next connection on. Returns (transfer full) the new token. */
char     *terra_webchat_regenerate_site_token (TerraStore    *store,
                                               GError       **error);

/* Returns (transfer full) the one-line <script> tag to paste into a
 * website. @base_url is the server's public address ("http://host:port",
 * a trailing slash is fine); @color ("#rrggbb"), @position ("left" or
 * "right") and @greeting may be NULL for the defaults. Every attribute
 * value is HTML-escaped. */
char     *terra_webchat_embed_code      (const char          *base_url,
                                         const char          *token,
                                         const char          *color,
                                         const char          *position,
                                         const char          *greeting);

G_END_DECLS
