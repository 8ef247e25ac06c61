/* terra-store-desk-queries.h — what the conversation desk reads besides
 * entities, and a large workspace for its benchmark
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "terra-store.h"

G_BEGIN_DECLS

/* The newest analysis of a conversation's messages, or NULL (and no error)
 * when none has been analysed. */
TerraAnalysis *terra_store_get_latest_analysis     (TerraStore  *self,
                                                    gint64       conversation_id,
                                                    GError     **error);

/* The audit events of one conversation, oldest first. */
GPtrArray     *terra_store_list_conversation_events (TerraStore  *self,
                                                    gint64       conversation_id,
                                                    GError     **error);

/* Every conversation of a contact, most recent activity first. */
GPtrArray     *terra_store_list_contact_conversations (TerraStore *self,
                                                    gint64       contact_id,
                                                    GError     **error);

/* The ids of the conversations @query selects, in its order (an array of
 * gint64), ignoring its range. Reading ids only, from the tables rather
 * than the list's view, is what lets the conversation list count and page
 * 100,000 conversations quickly; the rows of a page are then read by id
 * with terra_store_list_conversations_by_id(). */
GArray        *terra_store_list_conversation_ids   (TerraStore  *self,
                                                    TerraQuery  *query,
                                                    GError     **error);
/* The conversations with the given ids, in that order (ids that no longer
 * exist are left out). */
GPtrArray     *terra_store_list_conversations_by_id (TerraStore  *self,
                                                    const gint64 *ids,
                                                    guint        n_ids,
                                                    GError     **error);

/* Marks a conversation's messages as read (its unread count drops to 0). */
gboolean       terra_store_mark_conversation_read  (TerraStore  *self,
                                                    gint64       conversation_id,
                                                    GError     **error);

/* For the desk's benchmark only: fills an empty workspace in plain SQL with
 * @n_conversations conversations (one lead each, all channels and
 * statuses) holding @n_messages messages between them, a quarter of them
 * analysed, plus one more conversation of @long_messages messages, whose id
 * goes to @long_conversation_id. No change events are posted. */
gboolean       terra_store_desk_generate_load      (TerraStore  *self,
                                                    guint        n_conversations,
                                                    guint        n_messages,
                                                    guint        long_messages,
                                                    gint64      *long_conversation_id,
                                                    GError     **error);

G_END_DECLS
