/* terra-desk.h — what the owner does in a conversation
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Taking a conversation over, handing it back, replying by hand, deciding
 * on the assistant's drafts, and a contact's data (export, delete). The
 * Conversations view and the REST API both call these, so the rules live
 * in one place: any message the owner sends takes the conversation over,
 * and the assistant stays silent there until the owner hands it back.
 * Each call is one transaction (or joins the caller's) and logs an event.
 */
#pragma once

#include "terra-store.h"

G_BEGIN_DECLS

/* The longest manual reply, in bytes. */
#define TERRA_DESK_MAX_TEXT 4096

gboolean terra_store_take_over            (TerraStore  *store,
                                           gint64       conversation_id,
                                           GError     **error);
gboolean terra_store_hand_back            (TerraStore  *store,
                                           gint64       conversation_id,
                                           GError     **error);
/* Stores the owner's reply, waiting for delivery through the
 * conversation's channel, and takes the conversation over. */
gboolean terra_store_send_owner_message   (TerraStore  *store,
                                           gint64       conversation_id,
                                           const char  *text,
                                           gint64      *message_id,
                                           GError     **error);
/* Releases a draft of the assistant for delivery, with the owner's
 * wording when @edited_text is not NULL. TERRA_STORE_ERROR_CONFLICT when
 * the message is not a pending draft. */
gboolean terra_store_approve_draft        (TerraStore  *store,
                                           gint64       message_id,
                                           const char  *edited_text,
                                           GError     **error);
gboolean terra_store_reject_draft         (TerraStore  *store,
                                           gint64       message_id,
                                           GError     **error);

/* Everything Terra holds about one contact, as a JSON object: the
 * contact, its addresses, conversations with messages, bookings, tasks
 * and events. */
char    *terra_store_export_contact_data  (TerraStore  *store,
                                           gint64       contact_id,
                                           GError     **error);
/* Really deletes the contact and everything of theirs (conversations,
 * messages and their search index, analyses, bookings, tasks, events,
 * queued deliveries). */
gboolean terra_store_delete_contact_data  (TerraStore  *store,
                                           gint64       contact_id,
                                           GError     **error);

G_END_DECLS
