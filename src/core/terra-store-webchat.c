/* terra-store-webchat.c — what the web chat needs from the store
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "terra-store"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <sys/random.h>

#include "terra-store-private.h"
#include "terra-store-webchat.h"

#define TOKEN_BYTES 16

/* What a visitor may see: no system notes, no draft the owner has not
 * released. The same condition serves history and delivery. */
#define VISIBLE_TO_VISITOR \
  "author IN ('lead', 'assistant', 'human') AND draft IN ('none', 'approved')"

/* The token is printed in the business's web pages, but it still must not
 * be guessable: a guessed token would let anyone script the chat. */
static char *
new_token (GError **error)
{
  guint8 bytes[TOKEN_BYTES];
  GString *hex = g_string_sized_new (TOKEN_BYTES * 2);
  gsize filled = 0;

  while (filled < sizeof bytes)
    {
      gssize n = getrandom (bytes + filled, sizeof bytes - filled, 0);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved = errno;

          g_string_free (hex, TRUE);
          g_set_error (error, TERRA_STORE_ERROR, TERRA_STORE_ERROR_FAILED,
                       _("Could not make a random token: %s"), g_strerror (saved));
          return NULL;
        }
      filled += n;
    }

  for (guint i = 0; i < sizeof bytes; i++)
    g_string_append_printf (hex, "%02x", bytes[i]);
  return g_string_free (hex, FALSE);
}

static char *
read_token (TerraStore  *self,
            GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonNode) node = terra_store_get_setting (self, TERRA_STORE_WEBCHAT_TOKEN_KEY, &local_error);

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING &&
      strlen (json_node_get_string (node)) == TOKEN_BYTES * 2)
    return json_node_dup_string (node);
  return NULL;
}

/* Two threads may ask for the first token at once (the server and the
 * Preferences window): INSERT OR IGNORE lets one of them win, and both
 * read the winner back. */
static gboolean
store_token (TerraStore  *self,
             const char  *token,
             gboolean     replace,
             GError     **error)
{
  g_autoptr(TerraStatement) stmt = NULL;
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_VALUE);
  g_autofree char *text = NULL;

  if (replace)
    {
      json_node_set_string (node, token);
      return terra_store_set_setting (self, TERRA_STORE_WEBCHAT_TOKEN_KEY, node, error);
    }

  json_node_set_string (node, token);
  text = json_to_string (node, FALSE);
  stmt = _terra_store_prepare (self,
                               "INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) "
                               "ON CONFLICT (key) DO NOTHING",
                               error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, TERRA_STORE_WEBCHAT_TOKEN_KEY, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, text, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, g_get_real_time ());
  if (!_terra_store_step_done (self, stmt, _("Could not save a setting"), error))
    return FALSE;
  if (sqlite3_changes (_terra_store_get_db (self)) > 0)
    _terra_store_note_change (self, TERRA_ENTITY_SETTING, TERRA_CHANGE_UPDATED, 0);
  return TRUE;
}

char *
terra_store_webchat_site_token (TerraStore  *self,
                                gboolean     regenerate,
                                GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *token = NULL;

  g_return_val_if_fail (TERRA_IS_STORE (self), NULL);

  if (!regenerate)
    {
      token = read_token (self, &local_error);
      if (token != NULL || local_error != NULL)
        {
          if (local_error != NULL)
            g_propagate_error (error, g_steal_pointer (&local_error));
          return g_steal_pointer (&token);
        }
    }

  token = new_token (error);
  if (token == NULL || !store_token (self, token, regenerate, error))
    return NULL;
  if (regenerate)
    return g_steal_pointer (&token);

  g_clear_pointer (&token, g_free);
  token = read_token (self, error);
  if (token == NULL && error != NULL && *error == NULL)
    g_set_error_literal (error, TERRA_STORE_ERROR, TERRA_STORE_ERROR_CORRUPT,
                         _("The web chat token setting is damaged"));
  return g_steal_pointer (&token);
}

gint64
terra_store_webchat_find_conversation (TerraStore  *self,
                                       const char  *visitor,
                                       GError     **error)
{
  g_autoptr(TerraStatement) stmt = NULL;

  g_return_val_if_fail (TERRA_IS_STORE (self), -1);
  g_return_val_if_fail (visitor != NULL, -1);

  stmt = _terra_store_prepare (self,
                               "SELECT c.id FROM contact_identities i "
                               "JOIN conversations c ON c.contact_id = i.contact_id AND c.channel = 'webchat' "
                               "WHERE i.channel = 'webchat' AND i.address = ? "
                               "ORDER BY c.status = 'closed', c.last_activity_at DESC, c.id DESC LIMIT 1",
                               error);
  if (stmt == NULL)
    return -1;
  sqlite3_bind_text (stmt, 1, visitor, -1, SQLITE_STATIC);
  switch (sqlite3_step (stmt))
    {
    case SQLITE_ROW:
      return sqlite3_column_int64 (stmt, 0);
    case SQLITE_DONE:
      return 0;
    default:
      _terra_store_set_error (self, error, sqlite3_errcode (_terra_store_get_db (self)),
                              _("Could not look up the conversation"));
      return -1;
    }
}

GPtrArray *
terra_store_webchat_list_history (TerraStore  *self,
                                  gint64       conversation_id,
                                  guint        limit,
                                  GError     **error)
{
  g_autoptr(TerraStatement) stmt = NULL;
  GPtrArray *messages;

  g_return_val_if_fail (TERRA_IS_STORE (self), NULL);

  /* The newest @limit, then turned around to read top to bottom. A text
   * the privacy settings erased after it was answered leaves nothing to
   * show. */
  stmt = _terra_store_prepare (self,
                               "SELECT * FROM messages WHERE conversation_id = ? AND " VISIBLE_TO_VISITOR " "
                               "AND body != '' ORDER BY id DESC LIMIT ?",
                               error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, conversation_id);
  sqlite3_bind_int64 (stmt, 2, limit);

  messages = _terra_store_collect_objects (self, TERRA_TYPE_MESSAGE, stmt,
                                           _("Could not read the conversation"), error);
  if (messages == NULL)
    return NULL;
  for (guint i = 0; i < messages->len / 2; i++)
    {
      gpointer first = messages->pdata[i];

      messages->pdata[i] = messages->pdata[messages->len - 1 - i];
      messages->pdata[messages->len - 1 - i] = first;
    }
  return messages;
}

GPtrArray *
terra_store_webchat_list_undelivered (TerraStore  *self,
                                      gint64       conversation_id,
                                      GError     **error)
{
  g_autoptr(TerraStatement) stmt = NULL;

  g_return_val_if_fail (TERRA_IS_STORE (self), NULL);

  stmt = _terra_store_prepare (self,
                               "SELECT * FROM messages WHERE conversation_id = ? AND direction = 'outbound' "
                               "AND delivery = 'pending' AND " VISIBLE_TO_VISITOR " ORDER BY id",
                               error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, conversation_id);

  return _terra_store_collect_objects (self, TERRA_TYPE_MESSAGE, stmt,
                                      _("Could not read the conversation"), error);
}

gboolean
terra_store_webchat_mark_sent (TerraStore    *self,
                               const gint64  *ids,
                               guint          n_ids,
                               GError       **error)
{
  gboolean own;
  gboolean ok = TRUE;

  g_return_val_if_fail (TERRA_IS_STORE (self), FALSE);
  g_return_val_if_fail (ids != NULL || n_ids == 0, FALSE);

  if (n_ids == 0)
    return TRUE;
  if (!_terra_store_begin_joined (self, &own, error))
    return FALSE;

  for (guint i = 0; ok && i < n_ids; i++)
    {
      g_autoptr(TerraStatement) stmt =
        _terra_store_prepare (self,
                              "UPDATE messages SET delivery = 'sent' WHERE id = ? AND delivery = 'pending'",
                              error);

      ok = stmt != NULL;
      if (!ok)
        break;
      sqlite3_bind_int64 (stmt, 1, ids[i]);
      ok = _terra_store_step_done (self, stmt, _("Could not update the message"), error);
      if (ok && sqlite3_changes (_terra_store_get_db (self)) > 0)
        _terra_store_note_change (self, TERRA_ENTITY_MESSAGE, TERRA_CHANGE_UPDATED, ids[i]);
    }

  return _terra_store_end_joined (self, own, ok, ok ? error : NULL);
}
