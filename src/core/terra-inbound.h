/* terra-inbound.h — storing one inbound message from any channel
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every channel (the REST API, Twilio, WhatsApp Cloud, Telegram, the web
 * chat) hands what it received to terra_store_ingest_message(). It finds or
 * creates the contact by its address on that channel, finds the contact's
 * open conversation on that channel or starts one, and inserts the message,
 * deduplicated by (channel, external id): providers retry, and a retried
 * message is acknowledged again but stored once.
 */
#pragma once

#include "terra-store.h"

G_BEGIN_DECLS

/* The longest message text accepted, in bytes. */
#define TERRA_INBOUND_MAX_TEXT 16384

typedef struct
{
  TerraChannel  channel;
  const char   *external_id;      /* the channel's message id; NULL: never deduplicated */
  const char   *from;             /* the sender's address: a phone number, a Telegram chat
                                   * id, a web chat visitor id, an API sender id */
  const char   *name;             /* the sender's display name, or NULL */
  const char   *text;             /* valid UTF-8, at most TERRA_INBOUND_MAX_TEXT bytes;
                                   * may be empty when attachments are given */
  const char   *attachments_json; /* NULL or a JSON array of {"url", "content_type"} */
  gint64        received_at;      /* the channel's timestamp, seconds since the epoch;
                                   * 0 (or an implausible one) means now. Stored in µs,
                                   * like every time in the workspace. */
} TerraInboundMessage;

typedef struct
{
  gint64   contact_id;
  gint64   conversation_id;
  gint64   message_id;
  gboolean duplicate;             /* already stored: nothing was written */
} TerraIngestResult;

/* Validates @message (TERRA_STORE_ERROR_INVALID with a clear message when a
 * field is missing, too long or not UTF-8; nothing is written then) and
 * stores it. Inside an open transaction of @store it joins it — the server
 * uses that to commit many requests' messages at once (group commit);
 * otherwise it runs in its own durable transaction. The message waits for
 * the orchestrator (processed_at is NULL) and a change event is queued. */
gboolean terra_store_ingest_message (TerraStore                *store,
                                     const TerraInboundMessage *message,
                                     TerraIngestResult         *result,
                                     GError                   **error);

/* Finds the contact with address @from on @channel (creating it, named
 * @name, when there is none) and its open conversation on that channel
 * (starting one when there is none). terra_store_ingest_message() uses it;
 * so does a caller that needs the conversation before it has a message,
 * such as POST /api/v1/chat, which lets the orchestrator insert the
 * message. Joins an open transaction, like ingest. */
gboolean terra_store_find_or_start_conversation (TerraStore    *store,
                                                 TerraChannel   channel,
                                                 const char    *from,
                                                 const char    *name,
                                                 gint64        *contact_id,
                                                 gint64        *conversation_id,
                                                 GError       **error);

/* Stores @n_messages in one durable transaction (group commit) and commits
 * it. Each message gets its result, or its own error in @errors[i] (which
 * must be NULL on entry) while the others are stored: a bad message fails
 * alone. Returns FALSE with @error when the transaction itself failed, and
 * then nothing was stored. @store must not be in a transaction. Faster
 * than joining a transaction message by message: no savepoint per message
 * unless one fails. */
gboolean terra_store_ingest_batch (TerraStore                *store,
                                   const TerraInboundMessage *messages,
                                   guint                      n_messages,
                                   TerraIngestResult         *results,
                                   GError                   **errors,
                                   GError                   **error);

G_END_DECLS
