/* terra-store-ingest.c — storing one inbound message from any channel
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * This is the hot path of the server: every acknowledged message passes
 * here, so it speaks SQL directly with cached statements instead of going
 * through the generic entity mapping, and it allocates nothing per call
 * beyond what SQLite needs.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "terra-inbound.h"
#include "terra-store-private.h"

/* How much of a message the conversation list shows. */
#define PREVIEW_CHARS 140

static gboolean
invalid (GError    **error,
         const char *message)
{
  g_set_error_literal (error, TERRA_STORE_ERROR, TERRA_STORE_ERROR_INVALID, message);
  return FALSE;
}

static gboolean
validate_address (TerraChannel  channel,
                  const char   *from,
                  const char   *name,
                  GError      **error)
{
  if (channel < TERRA_CHANNEL_WHATSAPP || channel > TERRA_CHANNEL_API)
    return invalid (error, _("Unknown channel"));
  if (from == NULL || *from == '\0')
    return invalid (error, _("The sender is missing"));
  if (strlen (from) > 256 || !g_utf8_validate (from, -1, NULL))
    return invalid (error, _("The sender must be valid UTF-8 of at most 256 bytes"));
  if (name != NULL && (strlen (name) > 200 || !g_utf8_validate (name, -1, NULL)))
    return invalid (error, _("The name must be valid UTF-8 of at most 200 bytes"));
  return TRUE;
}

static gboolean
validate_message (const TerraInboundMessage  *message,
                  GError                    **error)
{
  const char *text = message->text != NULL ? message->text : "";
  gboolean has_attachments = message->attachments_json != NULL &&
                             g_strcmp0 (message->attachments_json, "[]") != 0;

  if (!validate_address (message->channel, message->from, message->name, error))
    return FALSE;
  if (strlen (text) > TERRA_INBOUND_MAX_TEXT)
    return invalid (error, _("The message is too long"));
  if (!g_utf8_validate (text, -1, NULL))
    return invalid (error, _("The message is not valid UTF-8"));
  if (*text == '\0' && !has_attachments)
    return invalid (error, _("The message has neither text nor attachments"));
  if (message->external_id != NULL &&
      (*message->external_id == '\0' || strlen (message->external_id) > 256 ||
       !g_utf8_validate (message->external_id, -1, NULL)))
    return invalid (error, _("The message id must be valid UTF-8 of 1 to 256 bytes"));
  if (message->received_at < 0)
    return invalid (error, _("The time of the message is impossible"));
  return TRUE;
}

static gboolean
is_phone_channel (TerraChannel channel)
{
  return channel == TERRA_CHANNEL_SMS || channel == TERRA_CHANNEL_WHATSAPP;
}

static gint64
find_contact (TerraStore    *store,
              const char    *channel_nick,
              const char    *from,
              GError       **error)
{
  g_autoptr(TerraStatement) stmt =
    _terra_store_prepare (store,
                          "SELECT contact_id FROM contact_identities WHERE channel = ? AND address = ?",
                          error);

  if (stmt == NULL)
    return -1;
  sqlite3_bind_text (stmt, 1, channel_nick, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, from, -1, SQLITE_STATIC);
  switch (sqlite3_step (stmt))
    {
    case SQLITE_ROW:
      return sqlite3_column_int64 (stmt, 0);
    case SQLITE_DONE:
      return 0;
    default:
      _terra_store_set_error (store, error, sqlite3_errcode (_terra_store_get_db (store)),
                              _("Could not look up the sender"));
      return -1;
    }
}

/* A new contact, reachable at @from on the channel; on a phone channel the
 * address is also the contact's phone number. */
static gint64
create_contact (TerraStore   *store,
                TerraChannel  channel,
                const char   *channel_nick,
                const char   *from,
                const char   *name,
                gint64        now,
                GError      **error)
{
  g_autoptr(TerraStatement) insert = NULL;
  g_autoptr(TerraStatement) identity = NULL;
  gint64 contact_id;

  insert = _terra_store_prepare (store,
                                 "INSERT INTO contacts (name, phones, created_at, updated_at) "
                                 "VALUES (?, CASE WHEN ? THEN json_array (?) ELSE '[]' END, ?, ?)",
                                 error);
  if (insert == NULL)
    return -1;
  sqlite3_bind_text (insert, 1, name != NULL ? name : "", -1, SQLITE_STATIC);
  sqlite3_bind_int (insert, 2, is_phone_channel (channel));
  sqlite3_bind_text (insert, 3, from, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (insert, 4, now);
  sqlite3_bind_int64 (insert, 5, now);
  if (!_terra_store_step_done (store, insert, _("Could not save the contact"), error))
    return -1;
  contact_id = sqlite3_last_insert_rowid (_terra_store_get_db (store));

  identity = _terra_store_prepare (store,
                                   "INSERT INTO contact_identities (contact_id, channel, address, created_at) "
                                   "VALUES (?, ?, ?, ?)",
                                   error);
  if (identity == NULL)
    return -1;
  sqlite3_bind_int64 (identity, 1, contact_id);
  sqlite3_bind_text (identity, 2, channel_nick, -1, SQLITE_STATIC);
  sqlite3_bind_text (identity, 3, from, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (identity, 4, now);
  if (!_terra_store_step_done (store, identity, _("Could not save the contact"), error))
    return -1;

  _terra_store_note_change (store, TERRA_ENTITY_CONTACT, TERRA_CHANGE_CREATED, contact_id);
  return contact_id;
}

/* A lead who first wrote without a name and then gives one (a Telegram
 * profile, a web chat form) gets it; a name the owner typed is kept. */
static gboolean
fill_missing_name (TerraStore  *store,
                   gint64       contact_id,
                   const char  *name,
                   gint64       now,
                   GError     **error)
{
  g_autoptr(TerraStatement) stmt = NULL;

  if (name == NULL || *name == '\0')
    return TRUE;
  stmt = _terra_store_prepare (store,
                               "UPDATE contacts SET name = ?, updated_at = ? WHERE id = ? AND name = ''",
                               error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, now);
  sqlite3_bind_int64 (stmt, 3, contact_id);
  if (!_terra_store_step_done (store, stmt, _("Could not save the contact"), error))
    return FALSE;
  if (sqlite3_changes (_terra_store_get_db (store)) > 0)
    _terra_store_note_change (store, TERRA_ENTITY_CONTACT, TERRA_CHANGE_UPDATED, contact_id);
  return TRUE;
}

static gint64
find_open_conversation (TerraStore  *store,
                        gint64       contact_id,
                        const char  *channel_nick,
                        GError     **error)
{
  g_autoptr(TerraStatement) stmt =
    _terra_store_prepare (store,
                          /* "+channel": look up by contact (a handful of rows), not
                           * by channel, which the ORDER BY tempts SQLite into and
                           * which scans every conversation of the channel. */
                          "SELECT id FROM conversations "
                          "WHERE contact_id = ? AND +channel = ? AND status != 'closed' "
                          "ORDER BY last_activity_at DESC, id DESC LIMIT 1",
                          error);

  if (stmt == NULL)
    return -1;
  sqlite3_bind_int64 (stmt, 1, contact_id);
  sqlite3_bind_text (stmt, 2, channel_nick, -1, SQLITE_STATIC);
  switch (sqlite3_step (stmt))
    {
    case SQLITE_ROW:
      return sqlite3_column_int64 (stmt, 0);
    case SQLITE_DONE:
      return 0;
    default:
      _terra_store_set_error (store, error, sqlite3_errcode (_terra_store_get_db (store)),
                              _("Could not look up the conversation"));
      return -1;
    }
}

static gint64
start_conversation (TerraStore  *store,
                    gint64       contact_id,
                    const char  *channel_nick,
                    gint64       now,
                    GError     **error)
{
  g_autoptr(TerraStatement) stmt =
    _terra_store_prepare (store,
                          "INSERT INTO conversations (contact_id, channel, created_at, updated_at, last_activity_at) "
                          "VALUES (?, ?, ?, ?, ?)",
                          error);
  gint64 conversation_id;

  if (stmt == NULL)
    return -1;
  sqlite3_bind_int64 (stmt, 1, contact_id);
  sqlite3_bind_text (stmt, 2, channel_nick, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, now);
  sqlite3_bind_int64 (stmt, 4, now);
  sqlite3_bind_int64 (stmt, 5, now);
  if (!_terra_store_step_done (store, stmt, _("Could not start the conversation"), error))
    return -1;
  conversation_id = sqlite3_last_insert_rowid (_terra_store_get_db (store));
  _terra_store_note_change (store, TERRA_ENTITY_CONVERSATION, TERRA_CHANGE_CREATED, conversation_id);
  return conversation_id;
}

static gboolean
find_or_start (TerraStore    *store,
               TerraChannel   channel,
               const char    *from,
               const char    *name,
               gint64         now,
               gint64        *contact_id_out,
               gint64        *conversation_id_out,
               GError       **error)
{
  const char *channel_nick = terra_enum_to_nick (TERRA_TYPE_CHANNEL, channel);
  gint64 contact_id;
  gint64 conversation_id;

  contact_id = find_contact (store, channel_nick, from, error);
  if (contact_id < 0)
    return FALSE;
  if (contact_id == 0)
    contact_id = create_contact (store, channel, channel_nick, from, name, now, error);
  else if (!fill_missing_name (store, contact_id, name, now, error))
    return FALSE;
  if (contact_id < 0)
    return FALSE;

  conversation_id = find_open_conversation (store, contact_id, channel_nick, error);
  if (conversation_id == 0)
    conversation_id = start_conversation (store, contact_id, channel_nick, now, error);
  if (conversation_id < 0)
    return FALSE;

  *contact_id_out = contact_id;
  *conversation_id_out = conversation_id;
  return TRUE;
}

gboolean
terra_store_find_or_start_conversation (TerraStore    *store,
                                        TerraChannel   channel,
                                        const char    *from,
                                        const char    *name,
                                        gint64        *contact_id,
                                        gint64        *conversation_id,
                                        GError       **error)
{
  gint64 contact = 0, conversation = 0;
  gboolean own;
  gboolean ok;

  g_return_val_if_fail (TERRA_IS_STORE (store), FALSE);

  if (!validate_address (channel, from, name, error))
    return FALSE;
  if (!_terra_store_begin_joined (store, &own, error))
    return FALSE;
  ok = find_or_start (store, channel, from, name, g_get_real_time (),
                      &contact, &conversation, error);
  if (!_terra_store_end_joined (store, own, ok, ok ? error : NULL) || !ok)
    return FALSE;
  if (contact_id != NULL)
    *contact_id = contact;
  if (conversation_id != NULL)
    *conversation_id = conversation;
  return TRUE;
}

/* A retried delivery: the provider sends the same message id again. */
static gboolean
find_duplicate (TerraStore                *store,
                const TerraInboundMessage *message,
                TerraIngestResult         *result,
                GError                   **error)
{
  g_autoptr(TerraStatement) stmt = NULL;
  int rc;

  if (message->external_id == NULL)
    return TRUE;
  stmt = _terra_store_prepare (store,
                               "SELECT m.id, m.conversation_id, c.contact_id "
                               "FROM messages m JOIN conversations c ON c.id = m.conversation_id "
                               "WHERE m.channel = ? AND m.external_id = ?",
                               error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, terra_enum_to_nick (TERRA_TYPE_CHANNEL, message->channel), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, message->external_id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      result->message_id = sqlite3_column_int64 (stmt, 0);
      result->conversation_id = sqlite3_column_int64 (stmt, 1);
      result->contact_id = sqlite3_column_int64 (stmt, 2);
      result->duplicate = TRUE;
      return TRUE;
    }
  if (rc != SQLITE_DONE)
    {
      _terra_store_set_error (store, error, rc, _("Could not look up the message"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
insert_message (TerraStore                *store,
                const TerraInboundMessage *message,
                gint64                     conversation_id,
                gint64                     now,
                gint64                    *message_id,
                GError                   **error)
{
  g_autoptr(TerraStatement) stmt =
    _terra_store_prepare (store,
                          "INSERT INTO messages (conversation_id, direction, author, body, attachments, "
                          "  channel, external_id, created_at) "
                          "VALUES (?, 'inbound', 'lead', ?, ?, ?, ?, ?)",
                          error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, conversation_id);
  sqlite3_bind_text (stmt, 2, message->text != NULL ? message->text : "", -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, message->attachments_json != NULL ? message->attachments_json : "[]",
                     -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, terra_enum_to_nick (TERRA_TYPE_CHANNEL, message->channel), -1, SQLITE_STATIC);
  if (message->external_id != NULL)
    sqlite3_bind_text (stmt, 5, message->external_id, -1, SQLITE_STATIC);
  else
    sqlite3_bind_null (stmt, 5);
  sqlite3_bind_int64 (stmt, 6, now);
  /* The attachments CHECK constraint is the last line of defence against
   * a channel that hands over something that is not a JSON array. */
  if (!_terra_store_step_done (store, stmt, _("Could not save the message"), error))
    return FALSE;
  *message_id = sqlite3_last_insert_rowid (_terra_store_get_db (store));
  _terra_store_note_change (store, TERRA_ENTITY_MESSAGE, TERRA_CHANGE_CREATED, *message_id);
  return TRUE;
}

static gboolean
touch_conversation (TerraStore  *store,
                    gint64       conversation_id,
                    const char  *text,
                    gint64       now,
                    GError     **error)
{
  g_autoptr(TerraStatement) stmt =
    _terra_store_prepare (store,
                          "UPDATE conversations SET last_message_preview = substr (?, 1, ?), "
                          "  unread_count = unread_count + 1, updated_at = ?, "
                          "  last_activity_at = max (last_activity_at, ?) "
                          "WHERE id = ?",
                          error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, text != NULL ? text : "", -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 2, PREVIEW_CHARS);
  sqlite3_bind_int64 (stmt, 3, now);
  sqlite3_bind_int64 (stmt, 4, now);
  sqlite3_bind_int64 (stmt, 5, conversation_id);
  if (!_terra_store_step_done (store, stmt, _("Could not update the conversation"), error))
    return FALSE;
  _terra_store_note_change (store, TERRA_ENTITY_CONVERSATION, TERRA_CHANGE_UPDATED, conversation_id);
  return TRUE;
}

/* When the message was written, in µs like every time in the workspace:
 * the channel's own timestamp (seconds) when it is plausible — a message
 * that waited in a provider's retry queue keeps its place — and the time
 * it arrived here otherwise, so a wrong clock elsewhere cannot put a
 * message in the future or years back. */
static gint64
arrival_time (const TerraInboundMessage *message)
{
  gint64 now = g_get_real_time ();
  gint64 stated = message->received_at * G_USEC_PER_SEC;

  if (message->received_at <= 0 || stated > now + (gint64) 5 * 60 * G_USEC_PER_SEC ||
      stated < now - (gint64) 7 * 24 * 3600 * G_USEC_PER_SEC)
    return now;
  return stated;
}

static gboolean
ingest_in_transaction (TerraStore                *store,
                       const TerraInboundMessage *message,
                       TerraIngestResult         *result,
                       GError                   **error)
{
  gint64 now = arrival_time (message);

  if (!find_duplicate (store, message, result, error))
    return FALSE;
  if (result->duplicate)
    return TRUE;
  if (!find_or_start (store, message->channel, message->from, message->name, now,
                      &result->contact_id, &result->conversation_id, error))
    return FALSE;
  if (!insert_message (store, message, result->conversation_id, now, &result->message_id, error))
    return FALSE;
  return touch_conversation (store, result->conversation_id, message->text, now, error);
}

/* In a group commit a failed message must not leave half its rows in the
 * batch the others commit with. */
static gboolean
run_cached (TerraStore  *store,
            const char  *sql,
            GError     **error)
{
  g_autoptr(TerraStatement) stmt = _terra_store_prepare (store, sql, error);

  return stmt != NULL && _terra_store_step_done (store, stmt, _("Could not save the message"), error);
}

static gboolean
ingest_in_savepoint (TerraStore                *store,
                     const TerraInboundMessage *message,
                     TerraIngestResult         *result,
                     GError                   **error)
{
  if (!run_cached (store, "SAVEPOINT ingest", error))
    return FALSE;
  if (ingest_in_transaction (store, message, result, error))
    return run_cached (store, "RELEASE ingest", error);
  run_cached (store, "ROLLBACK TO ingest", NULL);
  run_cached (store, "RELEASE ingest", NULL);
  return FALSE;
}

gboolean
terra_store_ingest_message (TerraStore                *store,
                            const TerraInboundMessage *message,
                            TerraIngestResult         *result,
                            GError                   **error)
{
  TerraIngestResult local = { 0 };
  gboolean own;
  gboolean ok;

  g_return_val_if_fail (TERRA_IS_STORE (store), FALSE);
  g_return_val_if_fail (message != NULL, FALSE);

  if (!validate_message (message, error))
    return FALSE;

  /* An acknowledged message must survive a power cut: whoever ingests
   * commits with synchronous=FULL. Only outside a transaction may the
   * setting change. */
  if (!terra_store_in_transaction (store))
    terra_store_set_durable (store, TRUE);

  if (!_terra_store_begin_joined (store, &own, error))
    return FALSE;
  if (own)
    ok = ingest_in_transaction (store, message, &local, error);
  else
    ok = ingest_in_savepoint (store, message, &local, error);
  if (!_terra_store_end_joined (store, own, ok, ok ? error : NULL) || !ok)
    return FALSE;

  if (result != NULL)
    *result = local;
  return TRUE;
}

/* A batch without a savepoint per message, which costs FTS5 a flush each
 * and halves the rate: invalid messages are set aside first (they write
 * nothing), the rest go in one transaction; should one of them still fail
 * half-way, the whole transaction is rolled back — nothing of it was
 * acknowledged yet — and done again with a savepoint per message, so the
 * failure stays that message's alone. */
static gboolean
ingest_batch_once (TerraStore                *store,
                   const TerraInboundMessage *messages,
                   guint                      n_messages,
                   TerraIngestResult         *results,
                   GError                   **errors,
                   gboolean                   savepoints,
                   GError                   **error)
{
  if (!terra_store_begin (store, error))
    return FALSE;

  for (guint i = 0; i < n_messages; i++)
    {
      if (errors[i] != NULL)
        continue;
      if (savepoints)
        ingest_in_savepoint (store, &messages[i], &results[i], &errors[i]);
      else if (!ingest_in_transaction (store, &messages[i], &results[i], &errors[i]))
        {
          terra_store_rollback (store);
          g_clear_error (&errors[i]);
          return ingest_batch_once (store, messages, n_messages, results, errors, TRUE, error);
        }
    }

  return terra_store_commit (store, error);
}

gboolean
terra_store_ingest_batch (TerraStore                *store,
                          const TerraInboundMessage *messages,
                          guint                      n_messages,
                          TerraIngestResult         *results,
                          GError                   **errors,
                          GError                   **error)
{
  g_return_val_if_fail (TERRA_IS_STORE (store), FALSE);
  g_return_val_if_fail (!terra_store_in_transaction (store), FALSE);
  g_return_val_if_fail (n_messages == 0 || (messages != NULL && results != NULL && errors != NULL), FALSE);

  terra_store_set_durable (store, TRUE);
  memset (results, 0, n_messages * sizeof *results);
  for (guint i = 0; i < n_messages; i++)
    validate_message (&messages[i], &errors[i]);

  return ingest_batch_once (store, messages, n_messages, results, errors, FALSE, error);
}
