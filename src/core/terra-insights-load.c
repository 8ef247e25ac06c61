/* terra-insights-load.c — a large workspace for the Insights benchmark
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Generated in SQL with recursive sequences, so a million messages take
 * seconds rather than the minutes a million inserts through the object
 * layer would.
 */

#define G_LOG_DOMAIN "terra-store"

#include "config.h"

#include "terra-store-private.h"
#include "terra-insights-load.h"

/* ?1 conversations, ?2 messages, ?3 now, ?4 the span in µs. Conversation i
 * starts at now - i × span / n; its messages follow 30 s apart. */
static const char generate_sql[] =
  "WITH RECURSIVE seq (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < ?1)"
  " INSERT INTO contacts (id, name, phones, score, temperature, qualified_at, created_at, updated_at)"
  " SELECT i, 'Lead ' || i, json_array ('+4470' || printf ('%08d', i)), (i * 37) % 101,"
  "   CASE WHEN (i * 37) % 101 >= 70 THEN 'hot' WHEN (i * 37) % 101 >= 40 THEN 'warm' ELSE 'cold' END,"
  "   CASE WHEN i % 3 = 0 THEN ?3 - i * (?4 / ?1) + 600000000 END,"
  "   ?3 - i * (?4 / ?1), ?3 - i * (?4 / ?1)"
  " FROM seq;"

  "WITH RECURSIVE seq (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < ?1)"
  " INSERT INTO conversations (id, contact_id, channel, status, first_reply_at,"
  "                            created_at, updated_at, last_activity_at)"
  " SELECT i, i,"
  "   CASE i % 5 WHEN 0 THEN 'whatsapp' WHEN 1 THEN 'sms' WHEN 2 THEN 'webchat' WHEN 3 THEN 'telegram' ELSE 'api' END,"
  "   CASE i % 7 WHEN 0 THEN 'handed-off' ELSE 'active' END,"
  "   ?3 - i * (?4 / ?1) + ((i * 7919) % 600 + 5) * 1000000,"
  "   ?3 - i * (?4 / ?1), ?3 - i * (?4 / ?1), ?3 - i * (?4 / ?1)"
  " FROM seq;"

  /* Message m belongs to conversation (m % n) + 1, the lead and the
   * assistant taking turns. */
  "WITH RECURSIVE seq (m) AS (SELECT 1 UNION ALL SELECT m + 1 FROM seq WHERE m < ?2)"
  " INSERT INTO messages (id, conversation_id, direction, author, body, channel, delivery,"
  "                       processed_at, created_at)"
  " SELECT m, (m % ?1) + 1,"
  "   CASE (m / ?1) % 2 WHEN 0 THEN 'inbound' ELSE 'outbound' END,"
  "   CASE (m / ?1) % 2 WHEN 0 THEN 'lead' ELSE 'assistant' END,"
  "   CASE m % 6"
  "     WHEN 0 THEN 'How much is the premium plan per month?'"
  "     WHEN 1 THEN 'Can I book a visit on Saturday morning?'"
  "     WHEN 2 THEN 'Do you deliver to Leeds?'"
  "     WHEN 3 THEN 'Thank you, that is helpful.'"
  "     WHEN 4 THEN 'Is parking included with the flat ' || m || '?'"
  "     ELSE 'Please send the brochure' END,"
  "   CASE ((m % ?1) + 1) % 5 WHEN 0 THEN 'whatsapp' WHEN 1 THEN 'sms' WHEN 2 THEN 'webchat'"
  "     WHEN 3 THEN 'telegram' ELSE 'api' END,"
  "   CASE (m / ?1) % 2 WHEN 0 THEN 'none' ELSE 'delivered' END,"
  "   ?3, ?3 - ((m % ?1) + 1) * (?4 / ?1) + (m / ?1) * 30000000"
  " FROM seq;"

  "INSERT INTO analyses (message_id, conversation_id, intent, sentiment, sentiment_score, created_at)"
  " SELECT id, conversation_id,"
  "   CASE id % 8 WHEN 0 THEN 'pricing' WHEN 1 THEN 'booking' WHEN 2 THEN 'delivery' WHEN 3 THEN 'greeting'"
  "     WHEN 4 THEN 'location' WHEN 5 THEN 'financing' WHEN 6 THEN 'complaint' ELSE 'other' END,"
  "   CASE id % 3 WHEN 0 THEN 'negative' WHEN 1 THEN 'neutral' ELSE 'positive' END,"
  "   CASE id % 3 WHEN 0 THEN -0.5 WHEN 1 THEN 0 ELSE 0.6 END, created_at"
  " FROM messages WHERE direction = 'inbound';"

  "INSERT INTO bookings (uid, contact_id, conversation_id, title, start_utc, end_utc, timezone, source,"
  "                      status, created_at, updated_at)"
  " SELECT 'load-' || id || '@terra', contact_id, id, 'Visit', created_at + 86400000000,"
  "   created_at + 90000000000, 'Europe/London', 'assistant',"
  "   CASE id % 8 WHEN 0 THEN 'completed' WHEN 4 THEN 'cancelled' ELSE 'confirmed' END,"
  "   created_at + 3600000000, created_at + 3600000000"
  " FROM conversations WHERE id % 6 = 0;"

  "INSERT INTO feedback (conversation_id, grade, created_at)"
  " SELECT id, CASE (id / 10) % 5 WHEN 0 THEN 'bad' ELSE 'good' END, created_at + 7200000000"
  " FROM conversations WHERE id % 10 = 0;"

  "INSERT INTO events (kind, contact_id, conversation_id, payload, created_at)"
  " SELECT 'handoff.requested', contact_id, id,"
  "   json_object ('reason', CASE id % 4 WHEN 0 THEN 'asked for a human' WHEN 1 THEN 'complaint'"
  "     WHEN 2 THEN 'discount request' ELSE 'legal question' END), created_at + 120000000"
  " FROM conversations WHERE status = 'handed-off';";

gboolean
terra_store_insights_generate_load (TerraStore  *self,
                                    guint        n_conversations,
                                    guint        n_messages,
                                    guint        span_days,
                                    GError     **error)
{
  sqlite3 *db;
  const char *rest = generate_sql;
  gint64 params[] = { n_conversations, n_messages, g_get_real_time (), (gint64)span_days * G_TIME_SPAN_DAY };

  g_return_val_if_fail (TERRA_IS_STORE (self), FALSE);
  g_return_val_if_fail (n_conversations > 0 && span_days > 0, FALSE);

  if (!terra_store_begin (self, error))
    return FALSE;
  db = _terra_store_get_db (self);

  while (*rest != '\0')
    {
      sqlite3_stmt *stmt = NULL;
      const char *tail = NULL;
      int rc = sqlite3_prepare_v2 (db, rest, -1, &stmt, &tail);

      if (rc == SQLITE_OK && stmt == NULL)
        break;
      if (rc == SQLITE_OK)
        {
          for (int i = 0; i < sqlite3_bind_parameter_count (stmt) && i < (int)G_N_ELEMENTS (params); i++)
            sqlite3_bind_int64 (stmt, i + 1, params[i]);
          rc = sqlite3_step (stmt);
          sqlite3_finalize (stmt);
          if (rc == SQLITE_DONE)
            rc = SQLITE_OK;
        }
      if (rc != SQLITE_OK)
        {
          _terra_store_set_error (self, error, rc, "Could not generate the workspace");
          terra_store_rollback (self);
          return FALSE;
        }
      rest = tail;
    }

  return terra_store_commit (self, error);
}
