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
