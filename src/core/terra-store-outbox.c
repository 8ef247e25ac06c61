/* terra-store-outbox.c — the durable queue of outbound deliveries
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every state change is one short transaction, so a crash at any point
 * leaves each row in a state the next run understands: "sending" with a
 * lease that ran out means the process died during the network call.
 */

#define G_LOG_DOMAIN "terra-outbox"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "terra-store-outbox.h"
#include "terra-store-private.h"

const char *const terra_event_webhook_types[] = {
  "message.received",
  "lead.qualified",
  "lead.hot",
  "booking.created",
  "booking.cancelled",
  "handoff.requested",
  "summary.daily",
  NULL,
};

/* Rows still on their way; an earlier one of these holds back later rows
 * of its conversation. A dead row does not: one undeliverable message must
 * not silence a conversation for ever. */
#define UNSENT "('pending', 'sending', 'failed')"

/* The first unsent row of each conversation and kind (and every row that
 * belongs to no conversation). */
#define HEAD_OF_LINE \
  " o.status IN " UNSENT \
  " AND NOT EXISTS (SELECT 1 FROM outbox e WHERE e.conversation_id = o.conversation_id" \
  "                 AND e.kind = o.kind AND e.id < o.id AND e.status IN " UNSENT ")"

gboolean
terra_event_webhook_type_is_valid (const char *type)
{
  return type != NULL && g_strv_contains (terra_event_webhook_types, type);
}

static gboolean
step_done (TerraStore     *store,
           TerraStatement *stmt,
           const char     *what,
           GError        **error)
{
  return _terra_store_step_done (store, stmt, what, error);
}

/* Whether the owner subscribed to @type: an address is set, and the event
 * list is unset (all events) or names it. */
static gboolean
webhook_wanted (TerraStore *store,
                const char *type)
{
  g_autofree char *url = terra_store_get_setting_string (store, "webhooks.url");
  g_autoptr(JsonNode) events = NULL;

  if (url == NULL || *url == '\0')
    return FALSE;

  events = terra_store_get_setting (store, "webhooks.events", NULL);
  if (events == NULL)
    return TRUE;

  if (JSON_NODE_HOLDS_ARRAY (events))
    {
      JsonArray *array = json_node_get_array (events);

      for (guint i = 0; i < json_array_get_length (array); i++)
        if (g_strcmp0 (json_array_get_string_element (array, i), type) == 0)
          return TRUE;
      return FALSE;
    }

  if (JSON_NODE_HOLDS_VALUE (events) && json_node_get_value_type (events) == G_TYPE_STRING)
    {
      g_auto(GStrv) items = g_strsplit (json_node_get_string (events), ",", -1);

      for (guint i = 0; items[i] != NULL; i++)
        if (g_str_equal (g_strstrip (items[i]), type))
          return TRUE;
    }
  return FALSE;
}

/* "2026-11-22T01:25:00Z" */
static char *
iso_time (gint64 usec)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);

  return g_date_time_format (time, "%Y-%m-%dT%H:%M:%SZ");
}

/* A random event id, "evt_" and 24 hex digits, as the triggers make. */
static char *
new_event_id (void)
{
  GString *id = g_string_new ("evt_");

  for (int i = 0; i < 3; i++)
    g_string_append_printf (id, "%08x", g_random_int ());
  return g_string_free (id, FALSE);
}

static char *
build_event (const char  *event_id,
             const char  *type,
             gint64       now,
             JsonNode    *data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *created_at = iso_time (now);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, event_id);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, type);
  json_builder_set_member_name (builder, "created_at");
  json_builder_add_string_value (builder, created_at);
  json_builder_set_member_name (builder, "data");
  json_builder_add_value (builder, json_node_copy (data));
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

static gboolean
insert_event (TerraStore  *store,
              const char  *type,
              const char  *key,
              JsonNode    *data,
              gboolean    *queued,
              GError     **error)
{
  g_autoptr(TerraStatement) stmt = NULL;
  g_autofree char *event_id = new_event_id ();
  g_autofree char *idempotency_key = g_strdup_printf ("event:%s:%s", type, key != NULL ? key : event_id);
  g_autofree char *payload = NULL;
  JsonObject *object = json_node_get_object (data);
  gint64 conversation_id = 0;
  gint64 now = g_get_real_time ();

  if (json_object_has_member (object, "conversation_id"))
    {
      JsonNode *member = json_object_get_member (object, "conversation_id");

      if (JSON_NODE_HOLDS_VALUE (member) && json_node_get_value_type (member) == G_TYPE_INT64)
        conversation_id = json_node_get_int (member);
    }

  payload = build_event (event_id, type, now, data);
  /* A conversation that no longer exists orders nothing. */
  stmt = _terra_store_prepare (store,
                               "INSERT OR IGNORE INTO outbox (kind, conversation_id, channel, idempotency_key,"
                               " payload, status, attempts, next_attempt_at, created_at, updated_at)"
                               " VALUES ('webhook', (SELECT id FROM conversations WHERE id = ?), '', ?, ?,"
                               " 'pending', 0, 0, ?, ?)",
                               error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, conversation_id);
  if (!_terra_store_bind_text (stmt, 2, idempotency_key, _("The event’s key"), error) ||
      !_terra_store_bind_text (stmt, 3, payload, _("The event"), error))
    return FALSE;
  sqlite3_bind_int64 (stmt, 4, now);
  sqlite3_bind_int64 (stmt, 5, now);
  if (!step_done (store, stmt, _("Could not queue the event"), error))
    return FALSE;

  *queued = sqlite3_changes (_terra_store_get_db (store)) > 0;
  if (*queued)
    _terra_store_note_change (store, TERRA_ENTITY_OUTBOX, TERRA_CHANGE_CREATED,
                              sqlite3_last_insert_rowid (_terra_store_get_db (store)));
  return TRUE;
}

gboolean
terra_store_queue_event_webhook_once (TerraStore  *store,
                                      const char  *type,
                                      const char  *once_key,
                                      const char  *data_json,
                                      gboolean    *out_queued,
                                      GError     **error)
{
  g_autoptr(JsonNode) data = NULL;
  gboolean queued = FALSE;

  g_return_val_if_fail (TERRA_IS_STORE (store), FALSE);
  g_return_val_if_fail (type != NULL, FALSE);

  if (out_queued != NULL)
    *out_queued = FALSE;

  if (!terra_event_webhook_type_is_valid (type))
    {
      g_set_error (error, TERRA_STORE_ERROR, TERRA_STORE_ERROR_INVALID,
                   _("“%s” is not an event type Terra sends"), type);
      return FALSE;
    }

  data = json_from_string (data_json != NULL ? data_json : "{}", NULL);
  if (data == NULL || !JSON_NODE_HOLDS_OBJECT (data))
    {
      g_set_error_literal (error, TERRA_STORE_ERROR, TERRA_STORE_ERROR_INVALID,
                           _("An event’s data must be a JSON object"));
      return FALSE;
    }

  if (!webhook_wanted (store, type))
    return TRUE;

  if (!insert_event (store, type, once_key, data, &queued, error))
    return FALSE;
  if (out_queued != NULL)
    *out_queued = queued;
  return TRUE;
}

gboolean
terra_store_queue_event_webhook (TerraStore  *store,
                                 const char  *type,
                                 const char  *data_json,
                                 GError     **error)
{
  return terra_store_queue_event_webhook_once (store, type, NULL, data_json, NULL, error);
}

/* Claiming */

static gboolean
find_due (TerraStore       *store,
          TerraOutboxKind   kind,
          gint64            now,
          gint64           *item_id,
          GError          **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(TerraStatement) stmt =
    _terra_store_prepare (store,
                          "SELECT o.id FROM outbox o WHERE" HEAD_OF_LINE
                          " AND o.kind = ? AND o.next_attempt_at <= ? ORDER BY o.next_attempt_at, o.id LIMIT 1",
                          error);

  *item_id = 0;
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, terra_enum_to_nick (TERRA_TYPE_OUTBOX_KIND, kind), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, now);
  if (_terra_store_step_row (store, stmt, _("Could not read the outbox"), &local_error))
    *item_id = sqlite3_column_int64 (stmt, 0);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

static gboolean
claim_row (TerraStore  *store,
           gint64       item_id,
           gint64       now,
           gint64       lease_usec,
           GError     **error)
{
  /* A row found "sending" was claimed by a run that never came back: its
   * message may or may not have left, and the row says so. */
  g_autoptr(TerraStatement) stmt =
    _terra_store_prepare (store,
                          "UPDATE outbox SET"
                          " last_error = CASE WHEN status = 'sending'"
                          "   THEN 'The previous attempt was interrupted (Terra stopped while sending); sending again'"
                          "   ELSE last_error END,"
                          " status = 'sending', attempts = attempts + 1,"
                          " next_attempt_at = ?, updated_at = ? WHERE id = ?",
                          error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, now + lease_usec);
  sqlite3_bind_int64 (stmt, 2, now);
  sqlite3_bind_int64 (stmt, 3, item_id);
  if (!step_done (store, stmt, _("Could not claim an outbox item"), error))
    return FALSE;
  _terra_store_note_change (store, TERRA_ENTITY_OUTBOX, TERRA_CHANGE_UPDATED, item_id);
  return TRUE;
}

gboolean
terra_store_outbox_claim (TerraStore       *store,
                          TerraOutboxKind   kind,
                          gint64            now,
                          gint64            lease_usec,
                          TerraOutboxItem **out_item,
                          GError          **error)
{
  g_autoptr(TerraOutboxItem) item = NULL;
  gint64 item_id = 0;
  gboolean ok;

  g_return_val_if_fail (TERRA_IS_STORE (store), FALSE);
  g_return_val_if_fail (!terra_store_in_transaction (store), FALSE);
  g_return_val_if_fail (out_item != NULL, FALSE);

  *out_item = NULL;
  /* Find and claim in one write transaction, so two processes on one
   * workspace never claim the same row. */
  if (!terra_store_begin (store, error))
    return FALSE;
  ok = find_due (store, kind, now, &item_id, error);
  if (ok && item_id != 0)
    ok = claim_row (store, item_id, now, lease_usec, error) &&
         (item = terra_store_get (store, TERRA_TYPE_OUTBOX_ITEM, item_id, error)) != NULL;
  if (!ok)
    {
      terra_store_rollback (store);
      return FALSE;
    }
  if (!terra_store_commit (store, error))
    return FALSE;

  *out_item = g_steal_pointer (&item);
  return TRUE;
}

gboolean
terra_store_outbox_delay_message (TerraStore  *store,
                                  gint64       message_id,
                                  gint64       not_before,
                                  GError     **error)
{
  g_autoptr(TerraStatement) stmt = NULL;

  g_return_val_if_fail (TERRA_IS_STORE (store), FALSE);

  stmt = _terra_store_prepare (store,
                               "UPDATE outbox SET next_attempt_at = max (next_attempt_at, ?)"
                               " WHERE kind = 'message' AND message_id = ? AND status = 'pending'",
                               error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, not_before);
  sqlite3_bind_int64 (stmt, 2, message_id);
  return step_done (store, stmt, _("Could not delay the reply"), error);
}

gint64
terra_store_outbox_next_due (TerraStore       *store,
                             TerraOutboxKind   kind,
                             GError          **error)
{
  g_autoptr(TerraStatement) stmt = NULL;

  g_return_val_if_fail (TERRA_IS_STORE (store), 0);

  /* Only heads of line: a row waiting behind an earlier one is due when
   * that one is sent, whatever its own time says. */
  stmt = _terra_store_prepare (store, "SELECT min (o.next_attempt_at) FROM outbox o WHERE" HEAD_OF_LINE
                               " AND o.kind = ?", error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, terra_enum_to_nick (TERRA_TYPE_OUTBOX_KIND, kind), -1, SQLITE_STATIC);
  if (!_terra_store_step_row (store, stmt, _("Could not read the outbox"), error))
    return 0;
  if (sqlite3_column_type (stmt, 0) == SQLITE_NULL)
    return 0;
  /* 0 is "due at once"; keep it distinct from "nothing waits". */
  return MAX (sqlite3_column_int64 (stmt, 0), 1);
}

gboolean
terra_store_outbox_get_message (TerraStore     *store,
                                gint64          message_id,
                                TerraChannel   *out_channel,
                                char          **out_to,
                                char          **out_text,
                                TerraDelivery  *out_delivery,
                                GError        **error)
{
  g_autoptr(TerraStatement) stmt = NULL;
  g_autoptr(GError) local_error = NULL;
  int channel = 0;
  int delivery = 0;
  const char *to;

  g_return_val_if_fail (TERRA_IS_STORE (store), FALSE);
  g_return_val_if_fail (out_channel != NULL && out_to != NULL && out_text != NULL && out_delivery != NULL, FALSE);

  /* The newest address wins: a lead who changed numbers is reached at the
   * one they wrote from last. */
  stmt = _terra_store_prepare (store,
                               "SELECT m.channel, m.body, m.delivery,"
                               " (SELECT i.address FROM contact_identities i"
                               "  WHERE i.contact_id = c.contact_id AND i.channel = m.channel"
                               "  ORDER BY i.id DESC LIMIT 1)"
                               " FROM messages m JOIN conversations c ON c.id = m.conversation_id"
                               " WHERE m.id = ?",
                               error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, message_id);
  if (!_terra_store_step_row (store, stmt, _("Could not read the message to send"), &local_error))
    {
      if (local_error == NULL)
        g_set_error (&local_error, TERRA_STORE_ERROR, TERRA_STORE_ERROR_NOT_FOUND,
                     _("The message to send no longer exists"));
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  terra_enum_from_nick (TERRA_TYPE_CHANNEL, (const char *)sqlite3_column_text (stmt, 0), &channel);
  terra_enum_from_nick (TERRA_TYPE_DELIVERY, (const char *)sqlite3_column_text (stmt, 2), &delivery);
  to = (const char *)sqlite3_column_text (stmt, 3);

  *out_channel = channel;
  *out_text = g_strdup ((const char *)sqlite3_column_text (stmt, 1));
  *out_to = g_strdup (to);
  *out_delivery = delivery;
  return TRUE;
}

/* Results */

static gboolean
read_row (TerraStore *store,
          gint64      item_id,
          char      **kind,
          gint64     *message_id,
          gint64     *conversation_id,
          GError    **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(TerraStatement) stmt =
    _terra_store_prepare (store, "SELECT kind, message_id, conversation_id FROM outbox WHERE id = ?", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, item_id);
  if (!_terra_store_step_row (store, stmt, _("Could not read the outbox"), &local_error))
    {
      if (local_error == NULL)
        g_set_error (&local_error, TERRA_STORE_ERROR, TERRA_STORE_ERROR_NOT_FOUND,
                     _("The outbox item no longer exists"));
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  *kind = g_strdup ((const char *)sqlite3_column_text (stmt, 0));
  *message_id = sqlite3_column_int64 (stmt, 1);
  *conversation_id = sqlite3_column_int64 (stmt, 2);
  return TRUE;
}

static gboolean
set_row_status (TerraStore  *store,
                gint64       item_id,
                const char  *status,
                const char  *error_message,
                gint64       next_attempt_at,
                GError     **error)
{
  g_autoptr(TerraStatement) stmt =
    _terra_store_prepare (store,
                          "UPDATE outbox SET status = ?, last_error = ?, next_attempt_at = ?, updated_at = ?"
                          " WHERE id = ?",
                          error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, status, -1, SQLITE_STATIC);
  if (!_terra_store_bind_text (stmt, 2, error_message != NULL ? error_message : "",
                               _("The delivery error"), error))
    return FALSE;
  sqlite3_bind_int64 (stmt, 3, next_attempt_at);
  sqlite3_bind_int64 (stmt, 4, g_get_real_time ());
  sqlite3_bind_int64 (stmt, 5, item_id);
  if (!step_done (store, stmt, _("Could not update the outbox"), error))
    return FALSE;
  _terra_store_note_change (store, TERRA_ENTITY_OUTBOX, TERRA_CHANGE_UPDATED, item_id);
  return TRUE;
}

/* Moves a message's delivery from pending (or from where the outbox left
 * it) to @delivery; a provider's report that already moved it further
 * stays. */
static gboolean
set_message_delivery (TerraStore  *store,
                      gint64       message_id,
                      const char  *delivery,
                      const char  *external_id,
                      GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(TerraStatement) stmt =
    _terra_store_prepare (store,
                          "UPDATE messages SET delivery = ?, external_id = coalesce (external_id, ?)"
                          " WHERE id = ? AND delivery IN ('none', 'pending', 'failed')",
                          error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, delivery, -1, SQLITE_STATIC);
  if (!_terra_store_bind_text (stmt, 2, external_id, _("The provider’s message id"), error))
    return FALSE;
  sqlite3_bind_int64 (stmt, 3, message_id);
  if (!step_done (store, stmt, _("Could not save the delivery state"), &local_error))
    {
      g_autoptr(TerraStatement) plain = NULL;

      /* The provider reused an id another message has: the delivery state
       * matters more than the id. */
      if (!g_error_matches (local_error, TERRA_STORE_ERROR, TERRA_STORE_ERROR_CONFLICT))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      g_clear_pointer (&stmt, terra_statement_reset);
      plain = _terra_store_prepare (store,
                                    "UPDATE messages SET delivery = ?"
                                    " WHERE id = ? AND delivery IN ('none', 'pending', 'failed')",
                                    error);
      if (plain == NULL)
        return FALSE;
      sqlite3_bind_text (plain, 1, delivery, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (plain, 2, message_id);
      if (!step_done (store, plain, _("Could not save the delivery state"), error))
        return FALSE;
    }
  _terra_store_note_change (store, TERRA_ENTITY_MESSAGE, TERRA_CHANGE_UPDATED, message_id);
  return TRUE;
}

gboolean
terra_store_outbox_mark_sent (TerraStore  *store,
                              gint64       item_id,
                              const char  *external_id,
                              GError     **error)
{
  g_autofree char *kind = NULL;
  gint64 message_id = 0;
  gint64 conversation_id = 0;
  gboolean own;
  gboolean ok;

  g_return_val_if_fail (TERRA_IS_STORE (store), FALSE);

  if (!_terra_store_begin_joined (store, &own, error))
    return FALSE;
  ok = read_row (store, item_id, &kind, &message_id, &conversation_id, error) &&
       set_row_status (store, item_id, "sent", "", 0, error) &&
       (message_id == 0 || set_message_delivery (store, message_id, "sent", external_id, error));
  return _terra_store_end_joined (store, own, ok, ok ? error : NULL) && ok;
}

gboolean
terra_store_outbox_mark_failed (TerraStore  *store,
                                gint64       item_id,
                                const char  *error_message,
                                gint64       next_attempt_at,
                                GError     **error)
{
  g_return_val_if_fail (TERRA_IS_STORE (store), FALSE);

  return set_row_status (store, item_id, "failed", error_message, next_attempt_at, error);
}

static char *
failure_payload (TerraStore  *store,
                 gint64       item_id,
                 const char  *kind,
                 gint64       message_id,
                 const char  *reason,
                 const char  *error_message)
{
  g_autoptr(TerraOutboxItem) item = terra_store_get (store, TERRA_TYPE_OUTBOX_ITEM, item_id, NULL);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "outbox_id");
  json_builder_add_int_value (builder, item_id);
  if (message_id != 0)
    {
      json_builder_set_member_name (builder, "message_id");
      json_builder_add_int_value (builder, message_id);
    }
  if (item != NULL && g_str_equal (kind, "message"))
    {
      json_builder_set_member_name (builder, "channel");
      json_builder_add_string_value (builder, terra_outbox_item_get_channel (item));
    }
  if (item != NULL && g_str_equal (kind, "webhook"))
    {
      g_autoptr(JsonNode) event = json_from_string (terra_outbox_item_get_payload (item), NULL);

      if (event != NULL && JSON_NODE_HOLDS_OBJECT (event))
        {
          JsonObject *object = json_node_get_object (event);

          json_builder_set_member_name (builder, "event_id");
          json_builder_add_string_value (builder, json_object_get_string_member_with_default (object, "id", ""));
          json_builder_set_member_name (builder, "event_type");
          json_builder_add_string_value (builder, json_object_get_string_member_with_default (object, "type", ""));
        }
    }
  json_builder_set_member_name (builder, "reason");
  json_builder_add_string_value (builder, reason);
  json_builder_set_member_name (builder, "error");
  json_builder_add_string_value (builder, error_message != NULL ? error_message : "");
  json_builder_set_member_name (builder, "attempts");
  json_builder_add_int_value (builder, item != NULL ? terra_outbox_item_get_attempts (item) : 0);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

static gint64
contact_of (TerraStore *store,
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
mark_dead (TerraStore  *store,
           gint64       item_id,
           const char  *reason,
           const char  *error_message,
           GError     **error)
{
  g_autofree char *kind = NULL;
  g_autofree char *payload = NULL;
  gint64 message_id = 0;
  gint64 conversation_id = 0;
  gboolean is_message;

  if (!read_row (store, item_id, &kind, &message_id, &conversation_id, error) ||
      !set_row_status (store, item_id, "dead", error_message, 0, error))
    return FALSE;

  is_message = g_str_equal (kind, "message");
  if (is_message && message_id != 0 &&
      !set_message_delivery (store, message_id, "failed", NULL, error))
    return FALSE;

  payload = failure_payload (store, item_id, kind, message_id, reason, error_message);
  return terra_store_log_event (store, is_message ? "delivery.failed" : "webhook.failed",
                                conversation_id != 0 ? contact_of (store, conversation_id) : 0,
                                conversation_id, payload, error);
}

gboolean
terra_store_outbox_mark_dead (TerraStore  *store,
                              gint64       item_id,
                              const char  *reason,
                              const char  *error_message,
                              GError     **error)
{
  gboolean own;
  gboolean ok;

  g_return_val_if_fail (TERRA_IS_STORE (store), FALSE);
  g_return_val_if_fail (reason != NULL, FALSE);

  if (!_terra_store_begin_joined (store, &own, error))
    return FALSE;
  ok = mark_dead (store, item_id, reason, error_message, error);
  return _terra_store_end_joined (store, own, ok, ok ? error : NULL) && ok;
}

gboolean
terra_store_outbox_retry (TerraStore  *store,
                          gint64       item_id,
                          GError     **error)
{
  g_autofree char *kind = NULL;
  g_autoptr(TerraStatement) stmt = NULL;
  gint64 message_id = 0;
  gint64 conversation_id = 0;
  gboolean own;
  gboolean ok;

  g_return_val_if_fail (TERRA_IS_STORE (store), FALSE);

  if (!_terra_store_begin_joined (store, &own, error))
    return FALSE;
  ok = read_row (store, item_id, &kind, &message_id, &conversation_id, error);
  if (ok)
    {
      stmt = _terra_store_prepare (store,
                                   "UPDATE outbox SET status = 'pending', attempts = 0, next_attempt_at = 0,"
                                   " last_error = '', updated_at = ? WHERE id = ? AND status = 'dead'",
                                   error);
      ok = stmt != NULL;
    }
  if (ok)
    {
      sqlite3_bind_int64 (stmt, 1, g_get_real_time ());
      sqlite3_bind_int64 (stmt, 2, item_id);
      ok = step_done (store, stmt, _("Could not update the outbox"), error);
    }
  if (ok)
    {
      _terra_store_note_change (store, TERRA_ENTITY_OUTBOX, TERRA_CHANGE_UPDATED, item_id);
      if (message_id != 0)
        ok = set_message_delivery (store, message_id, "pending", NULL, error);
    }
  return _terra_store_end_joined (store, own, ok, ok ? error : NULL) && ok;
}

gint64
terra_store_outbox_count (TerraStore         *store,
                          TerraOutboxStatus   status,
                          GError            **error)
{
  g_autoptr(TerraStatement) stmt = NULL;

  g_return_val_if_fail (TERRA_IS_STORE (store), -1);

  stmt = _terra_store_prepare (store, "SELECT count (*) FROM outbox WHERE status = ?", error);
  if (stmt == NULL)
    return -1;
  sqlite3_bind_text (stmt, 1, terra_enum_to_nick (TERRA_TYPE_OUTBOX_STATUS, status), -1, SQLITE_STATIC);
  if (!_terra_store_step_row (store, stmt, _("Could not count the outbox"), error))
    return -1;
  return sqlite3_column_int64 (stmt, 0);
}

static gboolean
count_between (TerraStore  *store,
               const char  *sql,
               gint64       from,
               gint64       to,
               gint64      *count,
               GError     **error)
{
  g_autoptr(TerraStatement) stmt = _terra_store_prepare (store, sql, error);

  if (stmt == NULL)
    return FALSE;
  if (sqlite3_bind_parameter_count (stmt) >= 2)
    {
      sqlite3_bind_int64 (stmt, 1, from);
      sqlite3_bind_int64 (stmt, 2, to);
    }
  if (!_terra_store_step_row (store, stmt, _("Could not count"), error))
    return FALSE;
  *count = sqlite3_column_int64 (stmt, 0);
  return TRUE;
}

gboolean
terra_store_get_day_totals (TerraStore      *store,
                            gint64           from,
                            gint64           to,
                            TerraDayTotals  *totals,
                            GError         **error)
{
  g_return_val_if_fail (TERRA_IS_STORE (store), FALSE);
  g_return_val_if_fail (totals != NULL, FALSE);

  return count_between (store, "SELECT count (*) FROM conversations WHERE created_at >= ?1 AND created_at < ?2",
                        from, to, &totals->conversations_started, error) &&
         count_between (store, "SELECT count (*) FROM messages WHERE created_at >= ?1 AND created_at < ?2"
                               " AND direction = 'inbound'",
                        from, to, &totals->messages_received, error) &&
         count_between (store, "SELECT count (*) FROM messages WHERE created_at >= ?1 AND created_at < ?2"
                               " AND author = 'assistant' AND draft IN ('none', 'approved')",
                        from, to, &totals->replies_sent, error) &&
         count_between (store, "SELECT count (*) FROM contacts WHERE qualified_at >= ?1 AND qualified_at < ?2",
                        from, to, &totals->leads_qualified, error) &&
         count_between (store, "SELECT count (*) FROM bookings WHERE created_at >= ?1 AND created_at < ?2",
                        from, to, &totals->meetings_booked, error) &&
         count_between (store, "SELECT count (*) FROM events WHERE kind = 'booking.cancelled'"
                               " AND created_at >= ?1 AND created_at < ?2",
                        from, to, &totals->meetings_cancelled, error) &&
         count_between (store, "SELECT count (*) FROM events WHERE kind = 'handoff.requested'"
                               " AND created_at >= ?1 AND created_at < ?2",
                        from, to, &totals->handoffs_requested, error) &&
         count_between (store, "SELECT count (*) FROM contacts WHERE temperature = 'hot'",
                        0, 0, &totals->leads_hot, error) &&
         count_between (store, "SELECT count (*) FROM conversations WHERE status = 'handed-off'",
                        0, 0, &totals->open_handoffs, error);
}
