/* terra-store-migrations.c — the workspace schema, one migration per version
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Conventions every table follows, so the generic object mapping in
 * terra-store-objects.c can read and write any entity:
 *  - the key is `id INTEGER PRIMARY KEY`;
 *  - a column is named like its GObject property, with '_' for '-';
 *  - times are INTEGER microseconds since the Unix epoch, UTC
 *    (g_get_real_time()); a nullable integer column stores 0 as NULL;
 *  - enumerations are stored as their nicks, lists and structures as JSON.
 */

#define G_LOG_DOMAIN "terra-store"

#include "config.h"

#include "terra-store-private.h"

/* Version 1: everything the product needs, so later features add behaviour
 * rather than rework the data model. */
static const char schema_v1[] =
  "CREATE TABLE settings ("
  "  key TEXT PRIMARY KEY,"
  "  value TEXT NOT NULL CHECK (json_valid (value)),"
  "  updated_at INTEGER NOT NULL"
  ");"

  /* Leads. phones and emails are JSON arrays of strings; qualification maps
   * a field name to {"value": …, "confidence": 0..1}. */
  "CREATE TABLE contacts ("
  "  id INTEGER PRIMARY KEY,"
  "  name TEXT NOT NULL DEFAULT '',"
  "  phones TEXT NOT NULL DEFAULT '[]' CHECK (json_valid (phones) AND json_type (phones) = 'array'),"
  "  emails TEXT NOT NULL DEFAULT '[]' CHECK (json_valid (emails) AND json_type (emails) = 'array'),"
  "  qualification TEXT NOT NULL DEFAULT '{}' CHECK (json_valid (qualification) AND json_type (qualification) = 'object'),"
  "  custom_fields TEXT NOT NULL DEFAULT '{}' CHECK (json_valid (custom_fields) AND json_type (custom_fields) = 'object'),"
  "  score INTEGER NOT NULL DEFAULT 0 CHECK (score BETWEEN 0 AND 100),"
  "  score_explanation TEXT NOT NULL DEFAULT '',"
  "  temperature TEXT NOT NULL DEFAULT 'cold' CHECK (temperature IN ('cold', 'warm', 'hot')),"
  "  qualified_at INTEGER,"
  "  opted_out INTEGER NOT NULL DEFAULT 0 CHECK (opted_out IN (0, 1)),"
  "  opted_out_at INTEGER,"
  "  consent TEXT NOT NULL DEFAULT 'unknown' CHECK (consent IN ('unknown', 'given', 'refused')),"
  "  consent_at INTEGER,"
  "  created_at INTEGER NOT NULL,"
  "  updated_at INTEGER NOT NULL"
  ");"
  "CREATE INDEX contacts_score ON contacts (score DESC);"
  "CREATE INDEX contacts_qualified ON contacts (qualified_at) WHERE qualified_at IS NOT NULL;"

  /* How a contact is reached on each channel: a phone number, a Telegram
   * chat id, a web chat visitor id. One address belongs to one contact. */
  "CREATE TABLE contact_identities ("
  "  id INTEGER PRIMARY KEY,"
  "  contact_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,"
  "  channel TEXT NOT NULL CHECK (channel IN ('whatsapp', 'sms', 'webchat', 'telegram', 'api')),"
  "  address TEXT NOT NULL CHECK (length (address) BETWEEN 1 AND 256),"
  "  created_at INTEGER NOT NULL,"
  "  UNIQUE (channel, address)"
  ");"
  "CREATE INDEX contact_identities_contact ON contact_identities (contact_id);"

  "CREATE TABLE conversations ("
  "  id INTEGER PRIMARY KEY,"
  "  contact_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,"
  "  channel TEXT NOT NULL CHECK (channel IN ('whatsapp', 'sms', 'webchat', 'telegram', 'api')),"
  "  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'waiting', 'handed-off', 'closed')),"
  "  responder TEXT NOT NULL DEFAULT 'assistant' CHECK (responder IN ('assistant', 'human')),"
  "  handoff_reason TEXT NOT NULL DEFAULT '',"
  "  unread_count INTEGER NOT NULL DEFAULT 0 CHECK (unread_count >= 0),"
  "  summary TEXT NOT NULL DEFAULT '',"
  "  last_message_preview TEXT NOT NULL DEFAULT '',"
  "  first_reply_at INTEGER,"
  "  created_at INTEGER NOT NULL,"
  "  updated_at INTEGER NOT NULL,"
  "  last_activity_at INTEGER NOT NULL"
  ");"
  "CREATE INDEX conversations_activity ON conversations (last_activity_at DESC, id DESC);"
  "CREATE INDEX conversations_status ON conversations (status, last_activity_at DESC);"
  "CREATE INDEX conversations_channel ON conversations (channel, last_activity_at DESC);"
  "CREATE INDEX conversations_contact ON conversations (contact_id);"
  "CREATE INDEX conversations_created ON conversations (created_at);"

  /* processed_at marks inbound messages the orchestrator has handled: the
   * queue is the database, so a crash loses no job. */
  "CREATE TABLE messages ("
  "  id INTEGER PRIMARY KEY,"
  "  conversation_id INTEGER NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,"
  "  direction TEXT NOT NULL CHECK (direction IN ('inbound', 'outbound')),"
  "  author TEXT NOT NULL CHECK (author IN ('lead', 'assistant', 'human', 'system')),"
  "  body TEXT NOT NULL DEFAULT '',"
  "  attachments TEXT NOT NULL DEFAULT '[]' CHECK (json_valid (attachments) AND json_type (attachments) = 'array'),"
  "  channel TEXT NOT NULL CHECK (channel IN ('whatsapp', 'sms', 'webchat', 'telegram', 'api')),"
  "  external_id TEXT,"
  "  delivery TEXT NOT NULL DEFAULT 'none' CHECK (delivery IN ('none', 'pending', 'sent', 'delivered', 'read', 'failed')),"
  "  draft TEXT NOT NULL DEFAULT 'none' CHECK (draft IN ('none', 'pending', 'approved', 'rejected')),"
  "  prompt_tokens INTEGER NOT NULL DEFAULT 0 CHECK (prompt_tokens >= 0),"
  "  completion_tokens INTEGER NOT NULL DEFAULT 0 CHECK (completion_tokens >= 0),"
  "  latency_ms INTEGER,"
  "  processed_at INTEGER,"
  "  created_at INTEGER NOT NULL,"
  "  UNIQUE (channel, external_id)"
  ");"
  "CREATE INDEX messages_conversation ON messages (conversation_id, id);"
  "CREATE INDEX messages_created ON messages (created_at);"
  "CREATE INDEX messages_unprocessed ON messages (conversation_id, id)"
  "  WHERE processed_at IS NULL AND direction = 'inbound';"
  "CREATE VIRTUAL TABLE messages_fts USING fts5 ("
  "  body, content = 'messages', content_rowid = 'id',"
  "  tokenize = 'unicode61 remove_diacritics 2');"
  "CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN"
  "  INSERT INTO messages_fts (rowid, body) VALUES (new.id, new.body);"
  "END;"
  "CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN"
  "  INSERT INTO messages_fts (messages_fts, rowid, body) VALUES ('delete', old.id, old.body);"
  "END;"
  /* Only when the text really changes: the generic update rewrites every
   * column, and marking a message processed must not re-index it. */
  "CREATE TRIGGER messages_fts_update AFTER UPDATE OF body ON messages"
  "  WHEN old.body IS NOT new.body BEGIN"
  "  INSERT INTO messages_fts (messages_fts, rowid, body) VALUES ('delete', old.id, old.body);"
  "  INSERT INTO messages_fts (rowid, body) VALUES (new.id, new.body);"
  "END;"

  /* The local analysis of one message. entities, objections and escalations
   * are JSON arrays. */
  "CREATE TABLE analyses ("
  "  id INTEGER PRIMARY KEY,"
  "  message_id INTEGER NOT NULL UNIQUE REFERENCES messages (id) ON DELETE CASCADE,"
  "  conversation_id INTEGER NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,"
  "  intent TEXT NOT NULL DEFAULT 'other',"
  "  sentiment TEXT NOT NULL DEFAULT 'neutral' CHECK (sentiment IN ('negative', 'neutral', 'positive')),"
  "  sentiment_score REAL NOT NULL DEFAULT 0 CHECK (sentiment_score BETWEEN -1 AND 1),"
  "  language TEXT NOT NULL DEFAULT 'en',"
  "  entities TEXT NOT NULL DEFAULT '[]' CHECK (json_valid (entities) AND json_type (entities) = 'array'),"
  "  objections TEXT NOT NULL DEFAULT '[]' CHECK (json_valid (objections) AND json_type (objections) = 'array'),"
  "  escalations TEXT NOT NULL DEFAULT '[]' CHECK (json_valid (escalations) AND json_type (escalations) = 'array'),"
  "  opt_out INTEGER NOT NULL DEFAULT 0 CHECK (opt_out IN (0, 1)),"
  "  created_at INTEGER NOT NULL"
  ");"
  "CREATE INDEX analyses_conversation ON analyses (conversation_id);"
  "CREATE INDEX analyses_created ON analyses (created_at, intent);"

  "CREATE TABLE appointment_types ("
  "  id INTEGER PRIMARY KEY,"
  "  name TEXT NOT NULL UNIQUE CHECK (length (name) BETWEEN 1 AND 200),"
  "  duration_minutes INTEGER NOT NULL CHECK (duration_minutes BETWEEN 5 AND 1440),"
  "  buffer_before_minutes INTEGER NOT NULL DEFAULT 0 CHECK (buffer_before_minutes BETWEEN 0 AND 1440),"
  "  buffer_after_minutes INTEGER NOT NULL DEFAULT 0 CHECK (buffer_after_minutes BETWEEN 0 AND 1440),"
  "  location TEXT NOT NULL DEFAULT '',"
  "  color TEXT NOT NULL DEFAULT '#3584e4',"
  "  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),"
  "  created_at INTEGER NOT NULL,"
  "  updated_at INTEGER NOT NULL"
  ");"

  /* Weekly opening hours in the business time zone: ISO weekday 1 (Monday)
   * to 7, minutes since local midnight. */
  "CREATE TABLE availability_ranges ("
  "  id INTEGER PRIMARY KEY,"
  "  weekday INTEGER NOT NULL CHECK (weekday BETWEEN 1 AND 7),"
  "  start_minute INTEGER NOT NULL CHECK (start_minute BETWEEN 0 AND 1439),"
  "  end_minute INTEGER NOT NULL CHECK (end_minute BETWEEN 1 AND 1440 AND end_minute > start_minute)"
  ");"
  /* A date that differs from the week: closed, or open only in the rows'
   * ranges. */
  "CREATE TABLE availability_overrides ("
  "  id INTEGER PRIMARY KEY,"
  "  date TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),"
  "  closed INTEGER NOT NULL DEFAULT 0 CHECK (closed IN (0, 1)),"
  "  start_minute INTEGER CHECK (start_minute BETWEEN 0 AND 1439),"
  "  end_minute INTEGER CHECK (end_minute BETWEEN 1 AND 1440 AND end_minute > start_minute),"
  "  note TEXT NOT NULL DEFAULT ''"
  ");"
  "CREATE INDEX availability_overrides_date ON availability_overrides (date);"
  /* Busy times imported from the owner's other calendars. */
  "CREATE TABLE busy_times ("
  "  id INTEGER PRIMARY KEY,"
  "  source TEXT NOT NULL,"
  "  uid TEXT NOT NULL DEFAULT '',"
  "  summary TEXT NOT NULL DEFAULT '',"
  "  start_utc INTEGER NOT NULL,"
  "  end_utc INTEGER NOT NULL CHECK (end_utc > start_utc)"
  ");"
  "CREATE INDEX busy_times_range ON busy_times (start_utc, end_utc);"

  "CREATE TABLE bookings ("
  "  id INTEGER PRIMARY KEY,"
  "  uid TEXT NOT NULL UNIQUE,"
  "  contact_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,"
  "  conversation_id INTEGER REFERENCES conversations (id) ON DELETE SET NULL,"
  "  appointment_type_id INTEGER REFERENCES appointment_types (id) ON DELETE SET NULL,"
  "  title TEXT NOT NULL DEFAULT '',"
  "  start_utc INTEGER NOT NULL,"
  "  end_utc INTEGER NOT NULL CHECK (end_utc > start_utc),"
  "  timezone TEXT NOT NULL CHECK (length (timezone) > 0),"
  "  location TEXT NOT NULL DEFAULT '',"
  "  source TEXT NOT NULL CHECK (source IN ('assistant', 'manual')),"
  "  status TEXT NOT NULL DEFAULT 'confirmed' CHECK (status IN ('confirmed', 'cancelled', 'completed', 'no-show')),"
  "  notes TEXT NOT NULL DEFAULT '',"
  "  cancel_reason TEXT NOT NULL DEFAULT '',"
  "  created_at INTEGER NOT NULL,"
  "  updated_at INTEGER NOT NULL"
  ");"
  "CREATE INDEX bookings_start ON bookings (start_utc, status);"
  "CREATE INDEX bookings_contact ON bookings (contact_id);"
  "CREATE INDEX bookings_created ON bookings (created_at);"

  "CREATE TABLE knowledge_items ("
  "  id INTEGER PRIMARY KEY,"
  "  category TEXT NOT NULL CHECK (category IN ('company', 'products', 'faq', 'policies', 'objections')),"
  "  title TEXT NOT NULL CHECK (length (title) BETWEEN 1 AND 500),"
  "  body TEXT NOT NULL DEFAULT '',"
  "  published INTEGER NOT NULL DEFAULT 0 CHECK (published IN (0, 1)),"
  "  version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),"
  "  created_at INTEGER NOT NULL,"
  "  updated_at INTEGER NOT NULL"
  ");"
  "CREATE INDEX knowledge_items_category ON knowledge_items (category, published);"
  "CREATE TABLE knowledge_versions ("
  "  id INTEGER PRIMARY KEY,"
  "  item_id INTEGER NOT NULL REFERENCES knowledge_items (id) ON DELETE CASCADE,"
  "  version INTEGER NOT NULL,"
  "  title TEXT NOT NULL,"
  "  body TEXT NOT NULL,"
  "  created_at INTEGER NOT NULL,"
  "  UNIQUE (item_id, version)"
  ");"
  /* Passages of about 500 tokens that retrieval ranks; embedding is a blob
   * of little-endian floats from embedding_model. */
  "CREATE TABLE knowledge_chunks ("
  "  id INTEGER PRIMARY KEY,"
  "  item_id INTEGER NOT NULL REFERENCES knowledge_items (id) ON DELETE CASCADE,"
  "  ordinal INTEGER NOT NULL,"
  "  text TEXT NOT NULL,"
  "  token_count INTEGER NOT NULL DEFAULT 0,"
  "  embedding BLOB,"
  "  embedding_model TEXT NOT NULL DEFAULT '',"
  "  UNIQUE (item_id, ordinal)"
  ");"
  "CREATE VIRTUAL TABLE knowledge_chunks_fts USING fts5 ("
  "  text, content = 'knowledge_chunks', content_rowid = 'id',"
  "  tokenize = 'unicode61 remove_diacritics 2');"
  "CREATE TRIGGER knowledge_chunks_fts_insert AFTER INSERT ON knowledge_chunks BEGIN"
  "  INSERT INTO knowledge_chunks_fts (rowid, text) VALUES (new.id, new.text);"
  "END;"
  "CREATE TRIGGER knowledge_chunks_fts_delete AFTER DELETE ON knowledge_chunks BEGIN"
  "  INSERT INTO knowledge_chunks_fts (knowledge_chunks_fts, rowid, text) VALUES ('delete', old.id, old.text);"
  "END;"
  "CREATE TRIGGER knowledge_chunks_fts_update AFTER UPDATE OF text ON knowledge_chunks"
  "  WHEN old.text IS NOT new.text BEGIN"
  "  INSERT INTO knowledge_chunks_fts (knowledge_chunks_fts, rowid, text) VALUES ('delete', old.id, old.text);"
  "  INSERT INTO knowledge_chunks_fts (rowid, text) VALUES (new.id, new.text);"
  "END;"

  "CREATE TABLE instructions ("
  "  id INTEGER PRIMARY KEY,"
  "  kind TEXT NOT NULL CHECK (kind IN ('always', 'when', 'never', 'tone')),"
  "  condition TEXT NOT NULL DEFAULT '',"
  "  body TEXT NOT NULL CHECK (length (body) BETWEEN 1 AND 4000),"
  "  priority INTEGER NOT NULL DEFAULT 0,"
  "  enabled INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),"
  "  created_at INTEGER NOT NULL,"
  "  updated_at INTEGER NOT NULL"
  ");"
  "CREATE INDEX instructions_priority ON instructions (priority DESC, id);"

  "CREATE TABLE feedback ("
  "  id INTEGER PRIMARY KEY,"
  "  message_id INTEGER REFERENCES messages (id) ON DELETE SET NULL,"
  "  conversation_id INTEGER REFERENCES conversations (id) ON DELETE SET NULL,"
  "  grade TEXT NOT NULL CHECK (grade IN ('good', 'bad')),"
  "  correction TEXT NOT NULL DEFAULT '',"
  "  category TEXT NOT NULL DEFAULT '',"
  "  created_at INTEGER NOT NULL"
  ");"
  "CREATE INDEX feedback_created ON feedback (created_at);"

  "CREATE TABLE tasks ("
  "  id INTEGER PRIMARY KEY,"
  "  contact_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,"
  "  conversation_id INTEGER REFERENCES conversations (id) ON DELETE SET NULL,"
  "  title TEXT NOT NULL CHECK (length (title) BETWEEN 1 AND 500),"
  "  notes TEXT NOT NULL DEFAULT '',"
  "  due_at INTEGER,"
  "  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'cancelled')),"
  "  created_by TEXT NOT NULL DEFAULT 'assistant' CHECK (created_by IN ('lead', 'assistant', 'human', 'system')),"
  "  completed_at INTEGER,"
  "  created_at INTEGER NOT NULL,"
  "  updated_at INTEGER NOT NULL"
  ");"
  "CREATE INDEX tasks_open ON tasks (status, due_at);"
  "CREATE INDEX tasks_contact ON tasks (contact_id);"

  /* The audit log: every decision and change worth explaining later. The
   * ids are plain numbers, not foreign keys, so the log outlives deletions. */
  "CREATE TABLE events ("
  "  id INTEGER PRIMARY KEY,"
  "  kind TEXT NOT NULL CHECK (length (kind) BETWEEN 1 AND 64),"
  "  contact_id INTEGER,"
  "  conversation_id INTEGER,"
  "  message_id INTEGER,"
  "  booking_id INTEGER,"
  "  payload TEXT NOT NULL DEFAULT '{}' CHECK (json_valid (payload)),"
  "  created_at INTEGER NOT NULL"
  ");"
  "CREATE INDEX events_kind ON events (kind, created_at);"
  "CREATE INDEX events_conversation ON events (conversation_id, id) WHERE conversation_id IS NOT NULL;"

  /* Durable outbound deliveries: channel messages and webhook events. */
  "CREATE TABLE outbox ("
  "  id INTEGER PRIMARY KEY,"
  "  kind TEXT NOT NULL CHECK (kind IN ('message', 'webhook')),"
  "  conversation_id INTEGER REFERENCES conversations (id) ON DELETE CASCADE,"
  "  message_id INTEGER REFERENCES messages (id) ON DELETE CASCADE,"
  "  channel TEXT NOT NULL DEFAULT '',"
  "  idempotency_key TEXT NOT NULL UNIQUE,"
  "  payload TEXT NOT NULL DEFAULT '{}' CHECK (json_valid (payload)),"
  "  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'dead')),"
  "  attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),"
  "  next_attempt_at INTEGER NOT NULL,"
  "  last_error TEXT NOT NULL DEFAULT '',"
  "  created_at INTEGER NOT NULL,"
  "  updated_at INTEGER NOT NULL"
  ");"
  "CREATE INDEX outbox_due ON outbox (status, next_attempt_at);"
  "CREATE INDEX outbox_conversation ON outbox (conversation_id, id);"

  /* What the conversation list shows: a conversation with its lead's name,
   * score and temperature, read in one query. */
  "CREATE VIEW conversation_rows AS"
  "  SELECT c.*, k.name AS contact_name, k.score AS contact_score,"
  "         k.temperature AS contact_temperature"
  "  FROM conversations c JOIN contacts k ON k.id = c.contact_id;";

/* Version 2: the sentiment of a conversation — that of its latest analysed
 * message — kept in a table of its own by triggers, so that the
 * conversation list can filter 100,000 conversations by it through an
 * index instead of looking up every conversation's analyses. Every
 * conversation has a row ("neutral" until a message is analysed). */
static const char schema_v2[] =
  "CREATE TABLE conversation_sentiments ("
  "  conversation_id INTEGER PRIMARY KEY REFERENCES conversations (id) ON DELETE CASCADE,"
  "  analysis_id INTEGER NOT NULL DEFAULT 0,"
  "  sentiment TEXT NOT NULL DEFAULT 'neutral' CHECK (sentiment IN ('negative', 'neutral', 'positive'))"
  ");"
  "CREATE INDEX conversation_sentiments_sentiment ON conversation_sentiments (sentiment);"
  "INSERT INTO conversation_sentiments (conversation_id) SELECT id FROM conversations;"
  "UPDATE conversation_sentiments SET"
  "  (analysis_id, sentiment) = (SELECT a.id, a.sentiment FROM analyses a"
  "    WHERE a.conversation_id = conversation_sentiments.conversation_id ORDER BY a.id DESC LIMIT 1)"
  "  WHERE EXISTS (SELECT 1 FROM analyses a WHERE a.conversation_id = conversation_sentiments.conversation_id);"
  "CREATE TRIGGER conversation_sentiments_new AFTER INSERT ON conversations BEGIN"
  "  INSERT INTO conversation_sentiments (conversation_id) VALUES (new.id);"
  "END;"
  "CREATE TRIGGER conversation_sentiments_analysed AFTER INSERT ON analyses BEGIN"
  "  UPDATE conversation_sentiments SET analysis_id = new.id, sentiment = new.sentiment"
  "    WHERE conversation_id = new.conversation_id AND analysis_id <= new.id;"
  "END;"
  "CREATE TRIGGER conversation_sentiments_reanalysed AFTER UPDATE OF sentiment ON analyses BEGIN"
  "  UPDATE conversation_sentiments SET sentiment = new.sentiment WHERE analysis_id = new.id;"
  "END;"
  /* Views hold no data: the list's view is recreated with the column. */
  "DROP VIEW conversation_rows;"
  "CREATE VIEW conversation_rows AS"
  "  SELECT c.*, k.name AS contact_name, k.score AS contact_score,"
  "         k.temperature AS contact_temperature, s.sentiment AS sentiment"
  "  FROM conversations c JOIN contacts k ON k.id = c.contact_id"
  "  JOIN conversation_sentiments s ON s.conversation_id = c.id;";

/* Version 3: the outbox fills itself. A reply that needs a network delivery
 * (WhatsApp, SMS, Telegram) gets its outbox row in the very transaction
 * that made it pending — inserted pending by the engine or the desk, or a
 * draft released from 'none' — so no writer can forget it and a crash
 * between the two is impossible. Setting a failed message back to pending
 * revives its dead row. Events the owner subscribed to (settings
 * webhooks.url and webhooks.events) become webhook rows the same way; the
 * payload is the event as POSTed: {id, type, created_at, data}. */
#define OUTBOX_NOW_US "CAST ((julianday ('now') - 2440587.5) * 86400000000.0 AS INTEGER)"
#define OUTBOX_ISO_TIME(us) "strftime ('%Y-%m-%dT%H:%M:%SZ', (" us ") / 1000000, 'unixepoch')"
/* Whether the owner wants webhook events of the type that the SQL
 * expression names: an address is set, and the event list is unset (all
 * events) or names it (a JSON array, or one comma-separated string). */
#define OUTBOX_WEBHOOK_WANTED(type) \
  " (SELECT json_extract (value, '$') FROM settings WHERE key = 'webhooks.url') <> ''" \
  " AND (NOT EXISTS (SELECT 1 FROM settings WHERE key = 'webhooks.events')" \
  "      OR EXISTS (SELECT 1 FROM settings s, json_each (s.value) e WHERE s.key = 'webhooks.events'" \
  "                 AND instr (',' || replace (e.value, ' ', '') || ',', ',' || (" type ") || ',') > 0))"
#define OUTBOX_MESSAGE_ROW \
  "  INSERT OR IGNORE INTO outbox (kind, conversation_id, message_id, channel, idempotency_key, payload," \
  "                                status, attempts, next_attempt_at, created_at, updated_at)" \
  "  VALUES ('message', new.conversation_id, new.id, new.channel, 'message:' || new.id," \
  "          json_object ('message_id', new.id), 'pending', 0, 0, " OUTBOX_NOW_US ", " OUTBOX_NOW_US ");"
#define OUTBOX_WEBHOOK_ROW(type, conversation, key, data) \
  "  INSERT OR IGNORE INTO outbox (kind, conversation_id, channel, idempotency_key, payload," \
  "                                status, attempts, next_attempt_at, created_at, updated_at)" \
  "  VALUES ('webhook', " conversation ", '', 'event:' || (" type ") || ':' || " key "," \
  "          json_object ('id', 'evt_' || lower (hex (randomblob (12))), 'type', " type "," \
  "                       'created_at', " OUTBOX_ISO_TIME (OUTBOX_NOW_US) ", 'data', " data ")," \
  "          'pending', 0, 0, " OUTBOX_NOW_US ", " OUTBOX_NOW_US ");"
#define OUTBOX_LEAD_DATA \
  "json_object ('contact_id', new.id, 'name', new.name, 'score', new.score," \
  "             'temperature', new.temperature, 'qualification', json (new.qualification)," \
  "             'phones', json (new.phones), 'emails', json (new.emails)," \
  "             'conversation_id', (SELECT id FROM conversations WHERE contact_id = new.id" \
  "                                 ORDER BY last_activity_at DESC LIMIT 1))"
#define OUTBOX_LEAD_CONVERSATION \
  "(SELECT id FROM conversations WHERE contact_id = new.id ORDER BY last_activity_at DESC LIMIT 1)"

static const char schema_v3[] =
  "CREATE TRIGGER outbox_message_pending AFTER INSERT ON messages"
  "  WHEN new.direction = 'outbound' AND new.delivery = 'pending'"
  "   AND new.channel IN ('whatsapp', 'sms', 'telegram') BEGIN"
  OUTBOX_MESSAGE_ROW
  "END;"
  "CREATE TRIGGER outbox_message_released AFTER UPDATE OF delivery ON messages"
  "  WHEN new.direction = 'outbound' AND new.delivery = 'pending'"
  "   AND old.delivery IN ('none', 'failed')"
  "   AND new.channel IN ('whatsapp', 'sms', 'telegram') BEGIN"
  OUTBOX_MESSAGE_ROW
  "  UPDATE outbox SET status = 'pending', attempts = 0, next_attempt_at = 0, last_error = '',"
  "                    updated_at = " OUTBOX_NOW_US
  "    WHERE kind = 'message' AND message_id = new.id AND status = 'dead';"
  "END;"

  "CREATE TRIGGER outbox_event_message_received AFTER INSERT ON messages"
  "  WHEN new.direction = 'inbound' AND" OUTBOX_WEBHOOK_WANTED ("'message.received'") " BEGIN"
  OUTBOX_WEBHOOK_ROW ("'message.received'", "new.conversation_id", "new.id",
                      "json_object ('message_id', new.id, 'conversation_id', new.conversation_id,"
                      "  'contact_id', (SELECT contact_id FROM conversations WHERE id = new.conversation_id),"
                      "  'channel', new.channel, 'text', new.body, 'attachments', json (new.attachments),"
                      "  'received_at', " OUTBOX_ISO_TIME ("new.created_at") ")")
  "END;"
  "CREATE TRIGGER outbox_event_lead_qualified AFTER UPDATE OF qualified_at ON contacts"
  "  WHEN old.qualified_at IS NULL AND new.qualified_at IS NOT NULL"
  "   AND" OUTBOX_WEBHOOK_WANTED ("'lead.qualified'") " BEGIN"
  OUTBOX_WEBHOOK_ROW ("'lead.qualified'", OUTBOX_LEAD_CONVERSATION,
                      "new.id || ':' || new.qualified_at", OUTBOX_LEAD_DATA)
  "END;"
  "CREATE TRIGGER outbox_event_lead_hot AFTER UPDATE OF temperature ON contacts"
  "  WHEN new.temperature = 'hot' AND old.temperature <> 'hot'"
  "   AND" OUTBOX_WEBHOOK_WANTED ("'lead.hot'") " BEGIN"
  OUTBOX_WEBHOOK_ROW ("'lead.hot'", OUTBOX_LEAD_CONVERSATION,
                      "new.id || ':' || new.updated_at", OUTBOX_LEAD_DATA)
  "END;"
  /* Bookings and handoffs are written to the audit log by whoever makes
   * them (scheduler, engine, desk); the log is the one place to watch. */
  "CREATE TRIGGER outbox_event_logged AFTER INSERT ON events"
  "  WHEN new.kind IN ('booking.created', 'booking.cancelled', 'handoff.requested')"
  "   AND" OUTBOX_WEBHOOK_WANTED ("new.kind") " BEGIN"
  OUTBOX_WEBHOOK_ROW ("new.kind", "(SELECT id FROM conversations WHERE id = new.conversation_id)", "new.id",
                      "json_patch (json_object ('contact_id', new.contact_id, 'conversation_id', new.conversation_id,"
                      "    'booking', json ((SELECT json_object ('id', b.id, 'uid', b.uid, 'title', b.title,"
                      "                 'start', " OUTBOX_ISO_TIME ("b.start_utc") ", 'end', " OUTBOX_ISO_TIME ("b.end_utc") ","
                      "                 'timezone', b.timezone, 'location', b.location, 'status', b.status,"
                      "                 'source', b.source, 'notes', b.notes, 'cancel_reason', b.cancel_reason)"
                      "               FROM bookings b WHERE b.id = json_extract (new.payload, '$.booking_id')))),"
                      "  new.payload)")
  "END;";

/* Version 4: the Insights view groups a period's analyses by intent,
 * sentiment and quarter hour; an index holding those columns answers it
 * without reading the table. */
static const char schema_v4[] =
  "CREATE INDEX analyses_insights ON analyses"
  "  (created_at, intent, sentiment, sentiment_score, conversation_id);";

/* Version 5: the Insights view's hourly totals of the analyses, by intent
 * and sentiment, kept by triggers, so a period of months reads a few
 * thousand rows instead of every analysed message (see terra-insights.c). */
static const char schema_v5[] =
  "CREATE TABLE insights_hours ("
  "  hour INTEGER NOT NULL,"
  "  intent TEXT NOT NULL,"
  "  sentiment TEXT NOT NULL,"
  "  analysed INTEGER NOT NULL DEFAULT 0,"
  "  score_sum REAL NOT NULL DEFAULT 0,"
  "  PRIMARY KEY (hour, intent, sentiment)"
  ") WITHOUT ROWID;"
  "INSERT INTO insights_hours (hour, intent, sentiment, analysed, score_sum)"
  "  SELECT created_at / 3600000000, intent, sentiment, count(*), total (sentiment_score)"
  "  FROM analyses GROUP BY 1, 2, 3;"
  "CREATE TRIGGER insights_hours_insert AFTER INSERT ON analyses BEGIN"
  "  INSERT INTO insights_hours (hour, intent, sentiment, analysed, score_sum)"
  "  VALUES (new.created_at / 3600000000, new.intent, new.sentiment, 1, new.sentiment_score)"
  "  ON CONFLICT (hour, intent, sentiment) DO UPDATE SET analysed = analysed + 1,"
  "    score_sum = score_sum + excluded.score_sum;"
  "END;"
  "CREATE TRIGGER insights_hours_delete AFTER DELETE ON analyses BEGIN"
  "  UPDATE insights_hours SET analysed = analysed - 1, score_sum = score_sum - old.sentiment_score"
  "  WHERE hour = old.created_at / 3600000000 AND intent = old.intent AND sentiment = old.sentiment;"
  "END;"
  "CREATE TRIGGER insights_hours_update AFTER UPDATE OF intent, sentiment, sentiment_score, created_at"
  "  ON analyses BEGIN"
  "  UPDATE insights_hours SET analysed = analysed - 1, score_sum = score_sum - old.sentiment_score"
  "  WHERE hour = old.created_at / 3600000000 AND intent = old.intent AND sentiment = old.sentiment;"
  "  INSERT INTO insights_hours (hour, intent, sentiment, analysed, score_sum)"
  "  VALUES (new.created_at / 3600000000, new.intent, new.sentiment, 1, new.sentiment_score)"
  "  ON CONFLICT (hour, intent, sentiment) DO UPDATE SET analysed = analysed + 1,"
  "    score_sum = score_sum + excluded.score_sum;"
  "END;";

static const char *const migrations[] = {
  schema_v1,
  schema_v2,
  schema_v3,
  schema_v4,
  schema_v5,
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == TERRA_STORE_SCHEMA_VERSION);

/* Runs the migrations from the database's version up to ours, each in one
 * transaction together with its version bump, so a crash between two leaves
 * a database at a well-defined version. */
gboolean
_terra_store_migrate (TerraStore  *self,
                      int          from_version,
                      GError     **error)
{
  g_assert (TERRA_IS_STORE (self));
  g_assert (from_version >= 0 && from_version <= TERRA_STORE_SCHEMA_VERSION);

  for (int version = from_version + 1; version <= TERRA_STORE_SCHEMA_VERSION; version++)
    {
      g_autofree char *bump = g_strdup_printf ("PRAGMA user_version = %d;", version);

      if (!terra_store_begin (self, error))
        return FALSE;

      if (!_terra_store_exec (self, migrations[version - 1], error) ||
          (version == 1 && !_terra_store_exec (self, "PRAGMA application_id = " G_STRINGIFY (TERRA_STORE_APPLICATION_ID) ";", error)) ||
          !_terra_store_exec (self, bump, error))
        {
          terra_store_rollback (self);
          g_prefix_error (error, "Could not upgrade the workspace to version %d: ", version);
          return FALSE;
        }

      if (!terra_store_commit (self, error))
        return FALSE;

      g_debug ("Workspace schema migrated to version %d", version);
    }

  return TRUE;
}
