/* terra-store-desk-queries.c — what the conversation desk reads besides
 * entities, and a large workspace for its benchmark
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The reads go through TerraQuery like any other list; the generator is
 * plain SQL because a million messages inserted one object at a time
 * would take the benchmark minutes before it measured anything.
 */

#define G_LOG_DOMAIN "terra-store"

#include "config.h"

#include "terra-store-desk-queries.h"
#include "terra-store-private.h"

TerraAnalysis *
terra_store_get_latest_analysis (TerraStore  *self,
                                 gint64       conversation_id,
                                 GError     **error)
{
  g_autoptr(TerraQuery) query = NULL;
  g_autoptr(GPtrArray) rows = NULL;

  g_return_val_if_fail (TERRA_IS_STORE (self), NULL);

  query = terra_query_new (TERRA_TYPE_ANALYSIS);
  terra_query_where_int (query, "conversation_id", TERRA_QUERY_EQ, conversation_id);
  terra_query_order_by (query, "id", TRUE);
  terra_query_set_range (query, 0, 1);

  rows = terra_store_list (self, query, error);
  if (rows == NULL || rows->len == 0)
    return NULL;
  return g_object_ref (g_ptr_array_index (rows, 0));
}

GPtrArray *
terra_store_list_conversation_events (TerraStore  *self,
                                      gint64       conversation_id,
                                      GError     **error)
{
  g_autoptr(TerraQuery) query = NULL;

  g_return_val_if_fail (TERRA_IS_STORE (self), NULL);

  query = terra_query_new (TERRA_TYPE_EVENT_RECORD);
  terra_query_where_int (query, "conversation_id", TERRA_QUERY_EQ, conversation_id);
  terra_query_order_by (query, "id", FALSE);
  terra_query_set_range (query, 0, 10000);
  return terra_store_list (self, query, error);
}

GPtrArray *
terra_store_list_contact_conversations (TerraStore  *self,
                                        gint64       contact_id,
                                        GError     **error)
{
  g_autoptr(TerraQuery) query = NULL;

  g_return_val_if_fail (TERRA_IS_STORE (self), NULL);

  query = terra_query_new (TERRA_TYPE_CONVERSATION);
  terra_query_where_int (query, "contact_id", TERRA_QUERY_EQ, contact_id);
  terra_query_order_by (query, "last_activity_at", TRUE);
  terra_query_set_range (query, 0, 1000);
  return terra_store_list (self, query, error);
}

gboolean
terra_store_mark_conversation_read (TerraStore  *self,
                                    gint64       conversation_id,
                                    GError     **error)
{
  g_autoptr(TerraStatement) stmt = NULL;

  g_return_val_if_fail (TERRA_IS_STORE (self), FALSE);

  /* One statement, not a read and a write of the whole row, so that a
   * worker's change to the conversation in between is not overwritten. */
  stmt = _terra_store_prepare (self,
                               "UPDATE conversations SET unread_count = 0"
                               " WHERE id = ? AND unread_count != 0",
                               error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, conversation_id);
  if (!_terra_store_step_done (self, stmt, "Could not mark the conversation read", error))
    return FALSE;

  if (sqlite3_changes (_terra_store_get_db (self)) > 0)
    _terra_store_note_change (self, TERRA_ENTITY_CONVERSATION, TERRA_CHANGE_UPDATED, conversation_id);
  return TRUE;
}

/* Where each column of the conversation list's view comes from, so the
 * id query can read the tables and join only what a filter needs. */
static const struct {
  const char *column;
  const char *expression;
  char        join;   /* 0: none, 'k': contacts, 's': sentiments */
} id_columns[] = {
  { "id", "c.id", 0 },
  { "contact_id", "c.contact_id", 0 },
  { "channel", "c.channel", 0 },
  { "status", "c.status", 0 },
  { "responder", "c.responder", 0 },
  { "unread_count", "c.unread_count", 0 },
  { "first_reply_at", "c.first_reply_at", 0 },
  { "created_at", "c.created_at", 0 },
  { "updated_at", "c.updated_at", 0 },
  { "last_activity_at", "c.last_activity_at", 0 },
  { "contact_name", "k.name", 'k' },
  { "contact_score", "k.score", 'k' },
  { "contact_temperature", "k.temperature", 'k' },
  { "sentiment", "s.sentiment", 's' },
};

static gboolean
id_column (const char  *column,
           const char **expression,
           char        *join)
{
  for (guint i = 0; i < G_N_ELEMENTS (id_columns); i++)
    if (g_strcmp0 (id_columns[i].column, column) == 0)
      {
        *expression = id_columns[i].expression;
        *join = id_columns[i].join;
        return TRUE;
      }
  return FALSE;
}

static const char *
op_sql (TerraQueryOp op)
{
  switch (op)
    {
    case TERRA_QUERY_EQ: return "=";
    case TERRA_QUERY_NE: return "!=";
    case TERRA_QUERY_LT: return "<";
    case TERRA_QUERY_LE: return "<=";
    case TERRA_QUERY_GT: return ">";
    case TERRA_QUERY_GE: return ">=";
    default: g_assert_not_reached ();
    }
}

/* The same matching as the store's own conversation search
 * (terra-store-objects.c): a case-folded LIKE over the lead's name and
 * addresses, and every word as a prefix in the message text. */
static char *
search_like_pattern (const char *text)
{
  g_autofree char *folded = g_utf8_casefold (text, -1);
  GString *pattern = g_string_new ("%");

  for (const char *p = folded; *p != '\0'; p++)
    {
      if (*p == '%' || *p == '_' || *p == '\\')
        g_string_append_c (pattern, '\\');
      g_string_append_c (pattern, *p);
    }
  g_string_append_c (pattern, '%');
  return g_string_free (pattern, FALSE);
}

static char *
search_fts_query (const char *text)
{
  g_auto(GStrv) words = g_str_tokenize_and_fold (text, NULL, NULL);
  GString *query = g_string_new (NULL);

  for (guint i = 0; words != NULL && words[i] != NULL; i++)
    {
      g_auto(GStrv) parts = g_strsplit (words[i], "\"", -1);
      g_autofree char *escaped = g_strjoinv ("\"\"", parts);

      g_string_append_printf (query, "%s\"%s\"*", i > 0 ? " " : "", escaped);
    }
  if (query->len == 0)
    g_string_append (query, "\"\"");
  return g_string_free (query, FALSE);
}

GArray *
terra_store_list_conversation_ids (TerraStore  *self,
                                   TerraQuery  *query,
                                   GError     **error)
{
  g_autoptr(GString) where = g_string_new (" WHERE 1");
  g_autoptr(GString) sql = g_string_new ("SELECT c.id FROM conversations c");
  g_autoptr(TerraStatement) stmt = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GError) local_error = NULL;
  gboolean join_contacts = FALSE, join_sentiments = FALSE;
  const char *order = "c.id";
  char join = 0;
  guint n_params = 0;

  g_return_val_if_fail (TERRA_IS_STORE (self), NULL);
  g_return_val_if_fail (query != NULL && query->entity_type == TERRA_TYPE_CONVERSATION, NULL);

  for (guint i = 0; i < query->conditions->len; i++)
    {
      TerraQueryCondition *condition = g_ptr_array_index (query->conditions, i);
      const char *expression;

      if (!id_column (condition->column, &expression, &join))
        {
          g_set_error (error, TERRA_STORE_ERROR, TERRA_STORE_ERROR_INVALID,
                       "conversation_rows has no column %s", condition->column);
          return NULL;
        }
      join_contacts |= join == 'k';
      join_sentiments |= join == 's';
      if (condition->is_null)
        g_string_append_printf (where, " AND %s IS %sNULL", expression,
                                condition->op == TERRA_QUERY_EQ ? "" : "NOT ");
      else
        g_string_append_printf (where, " AND %s %s ?%u", expression, op_sql (condition->op), ++n_params);
    }

  if (query->search != NULL)
    {
      join_contacts = TRUE;
      g_string_append_printf (where,
                              " AND (terra_fold (k.name) LIKE ?%u ESCAPE '\\'"
                              " OR c.contact_id IN (SELECT contact_id FROM contact_identities"
                              "   WHERE address LIKE ?%u ESCAPE '\\')"
                              " OR c.id IN (SELECT conversation_id FROM messages WHERE id IN"
                              "   (SELECT rowid FROM messages_fts WHERE messages_fts MATCH ?%u)))",
                              n_params + 1, n_params + 1, n_params + 2);
    }

  if (query->order_column != NULL)
    {
      if (!id_column (query->order_column, &order, &join))
        {
          g_set_error (error, TERRA_STORE_ERROR, TERRA_STORE_ERROR_INVALID,
                       "conversation_rows has no column %s", query->order_column);
          return NULL;
        }
      join_contacts |= join == 'k';
      join_sentiments |= join == 's';
    }

  if (join_contacts)
    g_string_append (sql, " JOIN contacts k ON k.id = c.contact_id");
  if (join_sentiments)
    g_string_append (sql, " JOIN conversation_sentiments s ON s.conversation_id = c.id");
  g_string_append (sql, where->str);
  g_string_append_printf (sql, " ORDER BY %s %s, c.id %s", order,
                          query->order_descending ? "DESC" : "ASC",
                          query->order_descending ? "DESC" : "ASC");

  if ((stmt = _terra_store_prepare (self, sql->str, error)) == NULL)
    return NULL;

  n_params = 0;
  for (guint i = 0; i < query->conditions->len; i++)
    {
      TerraQueryCondition *condition = g_ptr_array_index (query->conditions, i);

      if (condition->is_null)
        continue;
      n_params++;
      if (G_VALUE_HOLDS_INT64 (&condition->value))
        sqlite3_bind_int64 (stmt, n_params, g_value_get_int64 (&condition->value));
      else if (!_terra_store_bind_text (stmt, n_params, g_value_get_string (&condition->value),
                                        condition->column, error))
        return NULL;
    }
  if (query->search != NULL)
    {
      g_autofree char *pattern = search_like_pattern (query->search);
      g_autofree char *match = search_fts_query (query->search);

      sqlite3_bind_text (stmt, n_params + 1, pattern, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, n_params + 2, match, -1, SQLITE_TRANSIENT);
    }

  ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  while (_terra_store_step_row (self, stmt, "Could not list conversations", &local_error))
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (ids, id);
    }
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  return g_steal_pointer (&ids);
}

/* Up to this many ids are read in one statement (SQLite's default limit
 * of bound parameters is far above it). */
#define BY_ID_CHUNK 100

GPtrArray *
terra_store_list_conversations_by_id (TerraStore    *self,
                                      const gint64  *ids,
                                      guint          n_ids,
                                      GError       **error)
{
  g_autoptr(GPtrArray) result = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) by_id = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_object_unref);

  g_return_val_if_fail (TERRA_IS_STORE (self), NULL);

  for (guint start = 0; start < n_ids; start += BY_ID_CHUNK)
    {
      guint n = MIN (BY_ID_CHUNK, n_ids - start);
      g_autoptr(GString) sql = g_string_new ("SELECT * FROM conversation_rows WHERE id IN (");
      g_autoptr(TerraStatement) stmt = NULL;
      g_autoptr(GPtrArray) rows = NULL;

      for (guint i = 0; i < n; i++)
        g_string_append (sql, i > 0 ? ", ?" : "?");
      g_string_append_c (sql, ')');

      if ((stmt = _terra_store_prepare (self, sql->str, error)) == NULL)
        return NULL;
      for (guint i = 0; i < n; i++)
        sqlite3_bind_int64 (stmt, i + 1, ids[start + i]);

      rows = _terra_store_collect_objects (self, TERRA_TYPE_CONVERSATION, stmt, "Could not list conversations", error);
      if (rows == NULL)
        return NULL;
      for (guint i = 0; i < rows->len; i++)
        {
          TerraConversation *conversation = g_ptr_array_index (rows, i);
          gint64 *key = g_new (gint64, 1);

          *key = terra_conversation_get_id (conversation);
          g_hash_table_insert (by_id, key, g_object_ref (conversation));
        }
    }

  for (guint i = 0; i < n_ids; i++)
    {
      TerraConversation *conversation = g_hash_table_lookup (by_id, &ids[i]);

      if (conversation != NULL)
        g_ptr_array_add (result, g_object_ref (conversation));
    }

  return g_steal_pointer (&result);
}

/* The benchmark's workspace. ?1 conversations, ?2 messages, ?3 now (µs). */
static const char generate_sql[] =
  "WITH RECURSIVE seq (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < ?1)"
  " INSERT INTO contacts (id, name, phones, score, temperature, created_at, updated_at)"
  " SELECT i,"
  "   (CASE i % 8 WHEN 0 THEN 'Asha' WHEN 1 THEN 'Ravi' WHEN 2 THEN 'Meena' WHEN 3 THEN 'John'"
  "    WHEN 4 THEN 'Priya' WHEN 5 THEN 'Karthik' WHEN 6 THEN 'Sara' ELSE 'Vikram' END)"
  "   || ' ' || (CASE (i / 8) % 6 WHEN 0 THEN 'Rao' WHEN 1 THEN 'Iyer' WHEN 2 THEN 'Shah'"
  "    WHEN 3 THEN 'Nair' WHEN 4 THEN 'Das' ELSE 'Menon' END) || ' ' || i,"
  "   json_array ('+9198' || printf ('%08d', i)),"
  "   (i * 37) % 101,"
  "   CASE WHEN (i * 37) % 101 >= 70 THEN 'hot' WHEN (i * 37) % 101 >= 40 THEN 'warm' ELSE 'cold' END,"
  "   ?3 - i * 60000000, ?3 - i * 60000000"
  " FROM seq;"

  "WITH RECURSIVE seq (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < ?1)"
  " INSERT INTO contact_identities (contact_id, channel, address, created_at)"
  " SELECT i, 'sms', '+9198' || printf ('%08d', i), ?3 FROM seq;"

  "WITH RECURSIVE seq (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < ?1)"
  " INSERT INTO conversations (id, contact_id, channel, status, responder, unread_count,"
  "                            last_message_preview, created_at, updated_at, last_activity_at)"
  " SELECT i, i,"
  "   CASE i % 5 WHEN 0 THEN 'whatsapp' WHEN 1 THEN 'sms' WHEN 2 THEN 'webchat' WHEN 3 THEN 'telegram' ELSE 'api' END,"
  "   CASE i % 7 WHEN 0 THEN 'handed-off' WHEN 1 THEN 'waiting' WHEN 2 THEN 'closed' ELSE 'active' END,"
  "   CASE i % 7 WHEN 0 THEN 'human' ELSE 'assistant' END,"
  "   i % 4, 'Is the flat still available?',"
  "   ?3 - i * 60000000, ?3 - i * 60000000, ?3 - i * 60000000"
  " FROM seq;"

  /* Message m belongs to conversation (m % n) + 1: every conversation gets
   * about the same number, alternating lead and assistant. */
  "WITH RECURSIVE seq (m) AS (SELECT 1 UNION ALL SELECT m + 1 FROM seq WHERE m < ?2)"
  " INSERT INTO messages (id, conversation_id, direction, author, body, channel, delivery,"
  "                       processed_at, created_at)"
  " SELECT m, (m % ?1) + 1,"
  "   CASE (m / ?1) % 2 WHEN 0 THEN 'inbound' ELSE 'outbound' END,"
  "   CASE (m / ?1) % 2 WHEN 0 THEN 'lead' ELSE 'assistant' END,"
  "   CASE m % 6"
  "     WHEN 0 THEN 'Hello, I am looking for a 2BHK flat near Indiranagar'"
  "     WHEN 1 THEN 'Our budget is around ' || (m % 90 + 10) || ' lakh'"
  "     WHEN 2 THEN 'Can we visit the villa in Whitefield this Saturday?'"
  "     WHEN 3 THEN 'Thank you! The site visit is booked for 11 am.'"
  "     WHEN 4 THEN 'Is parking included with the apartment ' || m || '?'"
  "     ELSE 'Please send the brochure and the floor plan' END,"
  "   CASE m % 5 WHEN 0 THEN 'whatsapp' WHEN 1 THEN 'sms' WHEN 2 THEN 'webchat' WHEN 3 THEN 'telegram' ELSE 'api' END,"
  "   CASE (m / ?1) % 2 WHEN 0 THEN 'none' ELSE 'delivered' END,"
  "   ?3, ?3 - ((m % ?1) + 1) * 60000000 - (?2 - m)"
  " FROM seq;"

  "INSERT INTO analyses (message_id, conversation_id, intent, sentiment, sentiment_score, created_at)"
  " SELECT id, conversation_id, 'inquiry',"
  "   CASE id % 3 WHEN 0 THEN 'negative' WHEN 1 THEN 'neutral' ELSE 'positive' END,"
  "   CASE id % 3 WHEN 0 THEN -0.5 WHEN 1 THEN 0 ELSE 0.5 END, created_at"
  " FROM messages WHERE id % 4 = 0;";

/* The long conversation: ?1 its id (and its lead's), ?2 messages, ?3 now,
 * ?4 the first message id. */
static const char generate_long_sql[] =
  "INSERT INTO contacts (id, name, phones, score, temperature, created_at, updated_at)"
  "  VALUES (?1, 'Long Conversation Lead', '[]', 80, 'hot', ?3, ?3);"
  "INSERT INTO conversations (id, contact_id, channel, status, last_message_preview,"
  "                           created_at, updated_at, last_activity_at)"
  "  VALUES (?1, ?1, 'whatsapp', 'active', 'And one more question', ?3, ?3, ?3);"
  "WITH RECURSIVE seq (m) AS (SELECT 0 UNION ALL SELECT m + 1 FROM seq WHERE m < ?2 - 1)"
  " INSERT INTO messages (id, conversation_id, direction, author, body, channel, delivery,"
  "                       processed_at, created_at)"
  " SELECT ?4 + m, ?1,"
  "   CASE m % 2 WHEN 0 THEN 'inbound' ELSE 'outbound' END,"
  "   CASE m % 2 WHEN 0 THEN 'lead' ELSE 'assistant' END,"
  "   'Message ' || m || ' about the three-bedroom flat, its price and the visit', 'whatsapp',"
  "   CASE m % 2 WHEN 0 THEN 'none' ELSE 'read' END, ?3, ?3 - (?2 - m) * 1000000"
  " FROM seq;";

/* Runs each statement of sql with the same numbered parameters. */
static gboolean
exec_with_params (TerraStore    *self,
                  const char    *sql,
                  const gint64  *params,
                  guint          n_params,
                  GError       **error)
{
  sqlite3 *db = _terra_store_get_db (self);
  const char *rest = sql;

  while (rest != NULL && *rest != '\0')
    {
      sqlite3_stmt *stmt = NULL;
      const char *tail = NULL;
      int rc = sqlite3_prepare_v2 (db, rest, -1, &stmt, &tail);

      if (rc != SQLITE_OK)
        {
          _terra_store_set_error (self, error, rc, "Could not generate the workspace");
          return FALSE;
        }
      if (stmt == NULL)
        break;

      for (guint i = 0; i < n_params && (int)i < sqlite3_bind_parameter_count (stmt); i++)
        sqlite3_bind_int64 (stmt, (int)i + 1, params[i]);

      rc = sqlite3_step (stmt);
      sqlite3_finalize (stmt);
      if (rc != SQLITE_DONE)
        {
          _terra_store_set_error (self, error, rc, "Could not generate the workspace");
          return FALSE;
        }
      rest = tail;
    }

  return TRUE;
}

gboolean
terra_store_desk_generate_load (TerraStore  *self,
                                guint        n_conversations,
                                guint        n_messages,
                                guint        long_messages,
                                gint64      *long_conversation_id,
                                GError     **error)
{
  gint64 now = g_get_real_time ();
  gint64 params[] = { n_conversations, n_messages, now, 0 };
  gint64 long_params[] = { (gint64)n_conversations + 1, long_messages, now, (gint64)n_messages + 1 };

  g_return_val_if_fail (TERRA_IS_STORE (self), FALSE);
  g_return_val_if_fail (n_conversations > 0 && long_messages > 0, FALSE);

  if (!terra_store_begin (self, error))
    return FALSE;

  if (!exec_with_params (self, generate_sql, params, 3, error) ||
      !exec_with_params (self, generate_long_sql, long_params, 4, error))
    {
      terra_store_rollback (self);
      return FALSE;
    }

  if (!terra_store_commit (self, error))
    return FALSE;

  if (long_conversation_id != NULL)
    *long_conversation_id = long_params[0];
  return TRUE;
}
