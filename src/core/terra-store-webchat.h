/* terra-store-webchat.h — what the web chat needs from the store
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The web chat pushes replies over the visitor's open socket instead of
 * through a provider, so it keeps the delivery state itself: an outbound
 * message the visitor may see waits as 'pending' until a socket carried
 * it, then becomes 'sent'. A visitor who was away gets what waited in the
 * history of the next visit.
 */
#pragma once

#include "terra-store.h"

G_BEGIN_DECLS

/* The setting that holds the site token of the embed code. */
#define TERRA_STORE_WEBCHAT_TOKEN_KEY "webchat.site_token"

/* Returns (transfer full) the web chat site token (32 hex digits, 128
 * random bits): the stored one, or a new one stored on first use. With
 * @regenerate a new token replaces the old one. */
char      *terra_store_webchat_site_token      (TerraStore    *self,
                                                gboolean       regenerate,
                                                GError       **error);

/* The web chat conversation of visitor @visitor (the latest, open or
 * not), or 0 when the visitor never wrote; -1 with @error on failure.
 * Creates nothing, so a page view alone leaves no contact behind. */
gint64     terra_store_webchat_find_conversation (TerraStore  *self,
                                                const char    *visitor,
                                                GError       **error);

/* Returns (transfer full) (element-type TerraMessage) the last @limit
 * messages of @conversation_id the visitor may see, oldest first: the
 * lead's, and the assistant's and owner's that are not drafts waiting for
 * (or refused by) the owner. System notes, and texts erased under the
 * privacy settings, are left out. */
GPtrArray *terra_store_webchat_list_history    (TerraStore    *self,
                                                gint64         conversation_id,
                                                guint          limit,
                                                GError       **error);

/* Returns (transfer full) (element-type TerraMessage) the outbound
 * messages of @conversation_id the visitor may see that still wait for
 * delivery ('pending'), oldest first. */
GPtrArray *terra_store_webchat_list_undelivered (TerraStore   *self,
                                                gint64         conversation_id,
                                                GError       **error);

/* Marks messages @ids 'sent' if they are still 'pending' (a message
 * already marked stays as it is), in one transaction. */
gboolean   terra_store_webchat_mark_sent       (TerraStore    *self,
                                                const gint64  *ids,
                                                guint          n_ids,
                                                GError       **error);

G_END_DECLS
