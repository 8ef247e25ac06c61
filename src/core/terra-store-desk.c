/* terra-store-desk.c — what the owner does in a conversation
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "terra-desk.h"
#include "terra-store-private.h"

/* Runs a cached statement whose parameters are all integers, and checks
 * that it changed a row: a conversation or message that is not there is
 * NOT_FOUND. */
static gboolean
run_on_row (TerraStore  *store,
            const char  *sql,
            gint64       first,
            gint64       second,
            const char  *not_found,
            GError     **error)
{
  g_autoptr(TerraStatement) stmt = _terra_store_prepare (store, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, first);
  if (sqlite3_bind_parameter_count (stmt) > 1)
    sqlite3_bind_int64 (stmt, 2, second);
  if (!_terra_store_step_done (store, stmt, not_found, error))
    return FALSE;
  if (sqlite3_changes (_terra_store_get_db (store)) == 0)
    {
      g_set_error_literal (error, TERRA_STORE_ERROR, TERRA_STORE_ERROR_NOT_FOUND, not_found);
      return FALSE;
    }
  return TRUE;
}

/* Times in the workspace are µs since the epoch. */
static gint64
now_us (void)
{
  return g_get_real_time ();
}

static gint64
contact_of_conversation (TerraStore *store,
                         gint64      conversation_id)
{
  g_autoptr(TerraStatement) stmt =
    _terra_store_prepare (store, "SELECT contact_id FROM conversations WHERE id = ?", NULL);

  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, conversation_id);
  return sqlite3_step (stmt) == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
}

static gboolean
log_conversation_event (TerraStore  *store,
                        const char  *kind,
                        gint64       conversation_id,
                        GError     **error)
{
  return terra_store_log_event (store, kind, contact_of_conversation (store, conversation_id),
                                conversation_id, "{}", error);
}

static gboolean
take_over_in_transaction (TerraStore  *store,
                          gint64       conversation_id,
                          GError     **error)
{
  if (!run_on_row (store,
                   "UPDATE conversations SET responder = 'human', updated_at = ?2 WHERE id = ?1",
                   conversation_id, now_us (), _("The conversation does not exist"), error))
    return FALSE;
  _terra_store_note_change (store, TERRA_ENTITY_CONVERSATION, TERRA_CHANGE_UPDATED, conversation_id);
  return log_conversation_event (store, "conversation.takeover", conversation_id, error);
}

gboolean
terra_store_take_over (TerraStore  *store,
                       gint64       conversation_id,
                       GError     **error)
{
  gboolean own;
  gboolean ok;

  g_return_val_if_fail (TERRA_IS_STORE (store), FALSE);

  if (!_terra_store_begin_joined (store, &own, error))
    return FALSE;
  ok = take_over_in_transaction (store, conversation_id, error);
  return _terra_store_end_joined (store, own, ok, error);
}

/* Handing back also closes a pending handoff: the owner has dealt with it. */
gboolean
terra_store_hand_back (TerraStore  *store,
                       gint64       conversation_id,
                       GError     **error)
{
  gboolean own;
  gboolean ok;

  g_return_val_if_fail (TERRA_IS_STORE (store), FALSE);

  if (!_terra_store_begin_joined (store, &own, error))
    return FALSE;
  ok = run_on_row (store,
                   "UPDATE conversations SET responder = 'assistant', handoff_reason = '', "
                   "  status = CASE WHEN status = 'handed-off' THEN 'active' ELSE status END, "
                   "  updated_at = ?2 "
                   "WHERE id = ?1",
                   conversation_id, now_us (), _("The conversation does not exist"), error) &&
       log_conversation_event (store, "conversation.handback", conversation_id, error);
  if (ok)
    _terra_store_note_change (store, TERRA_ENTITY_CONVERSATION, TERRA_CHANGE_UPDATED, conversation_id);
  return _terra_store_end_joined (store, own, ok, error);
}

static gboolean
is_blank (const char *text)
{
  for (; *text != '\0'; text = g_utf8_next_char (text))
    if (!g_unichar_isspace (g_utf8_get_char (text)))
      return FALSE;
  return TRUE;
}

static gboolean
validate_text (const char  *text,
               GError     **error)
{
  if (text == NULL || strlen (text) > TERRA_DESK_MAX_TEXT || !g_utf8_validate (text, -1, NULL))
    {
      g_set_error_literal (error, TERRA_STORE_ERROR, TERRA_STORE_ERROR_INVALID,
                           _("The message must be valid text of at most 4096 bytes"));
      return FALSE;
    }
  if (is_blank (text))
    {
      g_set_error_literal (error, TERRA_STORE_ERROR, TERRA_STORE_ERROR_INVALID, _("The message is empty"));
      return FALSE;
    }
  return TRUE;
}

/* The API channel has no one to deliver to: its client reads the
 * conversation. Every other channel's outbound message waits for delivery. */
#define DELIVERY_FOR_CHANNEL "CASE WHEN c.channel = 'api' THEN 'none' ELSE 'pending' END"

static gboolean
insert_owner_message (TerraStore  *store,
                      gint64       conversation_id,
                      const char  *text,
                      gint64       now,
                      gint64      *message_id,
                      GError     **error)
{
  g_autoptr(TerraStatement) stmt =
    _terra_store_prepare (store,
                          "INSERT INTO messages (conversation_id, direction, author, body, channel, delivery, created_at) "
                          "SELECT c.id, 'outbound', 'human', ?, c.channel, " DELIVERY_FOR_CHANNEL ", ? "
                          "FROM conversations c WHERE c.id = ?",
                          error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, text, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, now);
  sqlite3_bind_int64 (stmt, 3, conversation_id);
  if (!_terra_store_step_done (store, stmt, _("Could not save the message"), error))
    return FALSE;
  if (sqlite3_changes (_terra_store_get_db (store)) == 0)
    {
      g_set_error_literal (error, TERRA_STORE_ERROR, TERRA_STORE_ERROR_NOT_FOUND,
                           _("The conversation does not exist"));
      return FALSE;
    }
  *message_id = sqlite3_last_insert_rowid (_terra_store_get_db (store));
  _terra_store_note_change (store, TERRA_ENTITY_MESSAGE, TERRA_CHANGE_CREATED, *message_id);
  return TRUE;
}

/* An answer from the business: the lead's messages are read, the preview
 * shows the answer, and the first reply time is set if it was not. */
static gboolean
note_reply (TerraStore  *store,
            gint64       conversation_id,
            const char  *text,
            gint64       now,
            GError     **error)
{
  g_autoptr(TerraStatement) stmt =
    _terra_store_prepare (store,
                          "UPDATE conversations SET last_message_preview = substr (?, 1, 140), unread_count = 0, "
                          "  first_reply_at = coalesce (first_reply_at, ?2), "
                          "  last_activity_at = max (last_activity_at, ?2), updated_at = ?2 "
                          "WHERE id = ?3",
                          error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, text, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, now);
  sqlite3_bind_int64 (stmt, 3, conversation_id);
  if (!_terra_store_step_done (store, stmt, _("Could not update the conversation"), error))
    return FALSE;
  _terra_store_note_change (store, TERRA_ENTITY_CONVERSATION, TERRA_CHANGE_UPDATED, conversation_id);
  return TRUE;
}

gboolean
terra_store_send_owner_message (TerraStore  *store,
                                gint64       conversation_id,
                                const char  *text,
                                gint64      *message_id,
                                GError     **error)
{
  gint64 now = now_us ();
  gint64 id = 0;
  gboolean own;
  gboolean ok;

  g_return_val_if_fail (TERRA_IS_STORE (store), FALSE);

  if (!validate_text (text, error))
    return FALSE;
  if (!_terra_store_begin_joined (store, &own, error))
    return FALSE;
  ok = take_over_in_transaction (store, conversation_id, error) &&
       insert_owner_message (store, conversation_id, text, now, &id, error) &&
       note_reply (store, conversation_id, text, now, error);
  if (!_terra_store_end_joined (store, own, ok, error) || !ok)
    return FALSE;
  if (message_id != NULL)
    *message_id = id;
  return TRUE;
}

/* The conversation and body of a draft waiting for the owner; FALSE with
 * CONFLICT when the message exists but is not one. */
static gboolean
find_pending_draft (TerraStore  *store,
                    gint64       message_id,
                    gint64      *conversation_id,
                    char       **body,
                    GError     **error)
{
  g_autoptr(TerraStatement) stmt =
    _terra_store_prepare (store, "SELECT conversation_id, draft, body FROM messages WHERE id = ?", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, message_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error_literal (error, TERRA_STORE_ERROR, TERRA_STORE_ERROR_NOT_FOUND, _("The message does not exist"));
      return FALSE;
    }
  if (g_strcmp0 ((const char *) sqlite3_column_text (stmt, 1), "pending") != 0)
    {
      g_set_error_literal (error, TERRA_STORE_ERROR, TERRA_STORE_ERROR_CONFLICT,
                           _("The message is not a draft waiting for approval"));
      return FALSE;
    }
  *conversation_id = sqlite3_column_int64 (stmt, 0);
  *body = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
  return TRUE;
}

static gboolean
release_draft (TerraStore  *store,
               gint64       message_id,
               const char  *body,
               GError     **error)
{
  g_autoptr(TerraStatement) stmt =
    _terra_store_prepare (store,
                          "UPDATE messages SET draft = 'approved', body = ?, "
                          "  delivery = (SELECT " DELIVERY_FOR_CHANNEL " FROM conversations c "
                          "              WHERE c.id = messages.conversation_id) "
                          "WHERE id = ?",
                          error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, body, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, message_id);
  if (!_terra_store_step_done (store, stmt, _("Could not approve the draft"), error))
    return FALSE;
  _terra_store_note_change (store, TERRA_ENTITY_MESSAGE, TERRA_CHANGE_UPDATED, message_id);
  return TRUE;
}

static gboolean
approve_in_transaction (TerraStore  *store,
                        gint64       message_id,
                        const char  *edited_text,
                        GError     **error)
{
  g_autofree char *body = NULL;
  gint64 conversation_id = 0;
  const char *text;

  if (!find_pending_draft (store, message_id, &conversation_id, &body, error))
    return FALSE;
  text = edited_text != NULL ? edited_text : body;
  return release_draft (store, message_id, text, error) &&
         note_reply (store, conversation_id, text, now_us (), error) &&
         terra_store_log_event (store, edited_text != NULL ? "draft.edited" : "draft.approved",
                                contact_of_conversation (store, conversation_id), conversation_id,
                                "{}", error);
}

gboolean
terra_store_approve_draft (TerraStore  *store,
                           gint64       message_id,
                           const char  *edited_text,
                           GError     **error)
{
  gboolean own;
  gboolean ok;

  g_return_val_if_fail (TERRA_IS_STORE (store), FALSE);

  if (edited_text != NULL && !validate_text (edited_text, error))
    return FALSE;
  if (!_terra_store_begin_joined (store, &own, error))
    return FALSE;
  ok = approve_in_transaction (store, message_id, edited_text, error);
  return _terra_store_end_joined (store, own, ok, error);
}

static gboolean
reject_in_transaction (TerraStore  *store,
                       gint64       message_id,
                       GError     **error)
{
  g_autofree char *body = NULL;
  gint64 conversation_id = 0;

  if (!find_pending_draft (store, message_id, &conversation_id, &body, error))
    return FALSE;
  if (!run_on_row (store, "UPDATE messages SET draft = 'rejected', delivery = 'none' WHERE id = ?",
                   message_id, 0, _("The message does not exist"), error))
    return FALSE;
  _terra_store_note_change (store, TERRA_ENTITY_MESSAGE, TERRA_CHANGE_UPDATED, message_id);
  return terra_store_log_event (store, "draft.rejected", contact_of_conversation (store, conversation_id),
                                conversation_id, "{}", error);
}

gboolean
terra_store_reject_draft (TerraStore  *store,
                          gint64       message_id,
                          GError     **error)
{
  gboolean own;
  gboolean ok;

  g_return_val_if_fail (TERRA_IS_STORE (store), FALSE);

  if (!_terra_store_begin_joined (store, &own, error))
    return FALSE;
  ok = reject_in_transaction (store, message_id, error);
  return _terra_store_end_joined (store, own, ok, error);
}

/* One query builds the whole document, so the export is a consistent
 * snapshot and needs no JSON code of its own. */
static const char export_sql[] =
  "SELECT json_object ("
  "  'contact', (SELECT json_object ('id', id, 'name', name, 'phones', json (phones),"
  "      'emails', json (emails), 'qualification', json (qualification),"
  "      'custom_fields', json (custom_fields), 'score', score, 'score_explanation', score_explanation,"
  "      'temperature', temperature, 'opted_out', opted_out, 'consent', consent,"
  "      'created_at', created_at, 'updated_at', updated_at)"
  "    FROM contacts WHERE id = ?1),"
  "  'addresses', (SELECT json_group_array (json_object ('channel', channel, 'address', address))"
  "    FROM contact_identities WHERE contact_id = ?1),"
  "  'conversations', (SELECT json_group_array (json_object ('id', c.id, 'channel', c.channel,"
  "      'status', c.status, 'created_at', c.created_at,"
  "      'messages', (SELECT json_group_array (json_object ('id', m.id, 'direction', m.direction,"
  "          'author', m.author, 'text', m.body, 'attachments', json (m.attachments),"
  "          'created_at', m.created_at))"
  "        FROM (SELECT * FROM messages WHERE conversation_id = c.id ORDER BY id) m)))"
  "    FROM conversations c WHERE c.contact_id = ?1),"
  "  'bookings', (SELECT json_group_array (json_object ('id', id, 'title', title, 'start_utc', start_utc,"
  "      'end_utc', end_utc, 'status', status, 'notes', notes))"
  "    FROM bookings WHERE contact_id = ?1),"
  "  'tasks', (SELECT json_group_array (json_object ('id', id, 'title', title, 'notes', notes,"
  "      'due_at', due_at, 'status', status))"
  "    FROM tasks WHERE contact_id = ?1),"
  "  'events', (SELECT json_group_array (json_object ('kind', kind, 'payload', json (payload),"
  "      'created_at', created_at))"
  "    FROM events WHERE contact_id = ?1)"
  ") WHERE EXISTS (SELECT 1 FROM contacts WHERE id = ?1)";

char *
terra_store_export_contact_data (TerraStore  *store,
                                 gint64       contact_id,
                                 GError     **error)
{
  g_autoptr(TerraStatement) stmt = NULL;
  char *json = NULL;
  int rc;

  g_return_val_if_fail (TERRA_IS_STORE (store), NULL);

  if (!terra_store_begin_read (store, error))
    return NULL;
  stmt = _terra_store_prepare (store, export_sql, error);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, contact_id);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        json = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      else if (rc == SQLITE_DONE)
        g_set_error_literal (error, TERRA_STORE_ERROR, TERRA_STORE_ERROR_NOT_FOUND,
                             _("The contact does not exist"));
      else
        _terra_store_set_error (store, error, rc, _("Could not export the contact"));
    }
  terra_statement_reset (g_steal_pointer (&stmt));
  terra_store_rollback (store);
  return json;
}

gboolean
terra_store_delete_contact_data (TerraStore  *store,
                                 gint64       contact_id,
                                 GError     **error)
{
  gboolean own;
  gboolean ok;

  g_return_val_if_fail (TERRA_IS_STORE (store), FALSE);

  if (!_terra_store_begin_joined (store, &own, error))
    return FALSE;
  /* The audit log has no foreign keys (it outlives ordinary deletions);
   * a contact who asks to be forgotten takes their entries with them.
   * Everything else goes by ON DELETE CASCADE, the full-text index by its
   * triggers. */
  ok = run_on_row (store, "DELETE FROM contacts WHERE id = ?", contact_id, 0,
                   _("The contact does not exist"), error);
  if (ok)
    {
      g_autoptr(TerraStatement) events = _terra_store_prepare (store, "DELETE FROM events WHERE contact_id = ?", error);

      ok = events != NULL;
      if (ok)
        {
          sqlite3_bind_int64 (events, 1, contact_id);
          ok = _terra_store_step_done (store, events, _("Could not delete the contact"), error);
        }
    }
  if (ok)
    {
      _terra_store_note_change (store, TERRA_ENTITY_CONTACT, TERRA_CHANGE_DELETED, contact_id);
      _terra_store_note_change (store, TERRA_ENTITY_CONVERSATION, TERRA_CHANGE_DELETED, 0);
    }
  return _terra_store_end_joined (store, own, ok, error);
}
