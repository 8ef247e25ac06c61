/* terra-store-retention.c — message retention and one contact's data
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * "Deleted" has to mean gone: the rows, their full-text entries (the
 * messages_fts delete trigger), their analyses (ON DELETE CASCADE) and the
 * copies of their text the workspace keeps for speed — the conversation's
 * running summary and preview, and the handoff summary in the event log.
 */

#define G_LOG_DOMAIN "terra-retention"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "terra-store-private.h"
#include "terra-store-retention.h"

#define USEC_PER_DAY ((gint64)24 * 60 * 60 * G_USEC_PER_SEC)

/* Runs one statement with @cutoff bound to its only parameter. */
static gboolean
exec_with_cutoff (TerraStore  *store,
                  const char  *sql,
                  gint64       cutoff,
                  guint       *n_changed,
                  GError     **error)
{
  g_autoptr(TerraStatement) stmt = _terra_store_prepare (store, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, cutoff);
  if (!_terra_store_step_done (store, stmt, _("Could not delete old messages"), error))
    return FALSE;
  if (n_changed != NULL)
    *n_changed = sqlite3_changes (_terra_store_get_db (store));
  return TRUE;
}

gboolean
terra_store_delete_messages_before (TerraStore  *store,
                                    gint64       cutoff,
                                    guint       *n_deleted,
                                    GError     **error)
{
  guint deleted = 0;
  gboolean own;
  gboolean ok;

  g_return_val_if_fail (TERRA_IS_STORE (store), FALSE);

  if (!_terra_store_begin_joined (store, &own, error))
    return FALSE;

  /* Work still to do is not history yet: a message the assistant has not
   * answered, a reply not delivered, a draft the owner has not decided. */
  ok = exec_with_cutoff (store,
                         "DELETE FROM messages WHERE created_at < ?1"
                         " AND NOT (direction = 'inbound' AND processed_at IS NULL)"
                         " AND delivery != 'pending' AND draft != 'pending'",
                         cutoff, &deleted, error) &&
       exec_with_cutoff (store,
                         "UPDATE conversations SET summary = '', last_message_preview = ''"
                         " WHERE last_activity_at < ?1 AND (summary != '' OR last_message_preview != '')",
                         cutoff, NULL, error) &&
       exec_with_cutoff (store,
                         "UPDATE events SET payload = json_remove (payload, '$.summary', '$.text', '$.body')"
                         " WHERE created_at < ?1 AND (json_type (payload, '$.summary') IS NOT NULL"
                         "  OR json_type (payload, '$.text') IS NOT NULL OR json_type (payload, '$.body') IS NOT NULL)",
                         cutoff, NULL, error) &&
       exec_with_cutoff (store,
                         "DELETE FROM outbox WHERE created_at < ?1 AND status IN ('sent', 'dead')",
                         cutoff, NULL, error);

  if (ok && deleted > 0)
    {
      _terra_store_note_change (store, TERRA_ENTITY_MESSAGE, TERRA_CHANGE_DELETED, 0);
      _terra_store_note_change (store, TERRA_ENTITY_CONVERSATION, TERRA_CHANGE_UPDATED, 0);
    }
  if (!_terra_store_end_joined (store, own, ok, error))
    return FALSE;
  if (n_deleted != NULL)
    *n_deleted = deleted;
  return TRUE;
}

gboolean
terra_store_apply_retention (TerraStore  *store,
                             gint64       now,
                             guint       *n_deleted,
                             GError     **error)
{
  gint64 days;

  g_return_val_if_fail (TERRA_IS_STORE (store), FALSE);

  if (n_deleted != NULL)
    *n_deleted = 0;
  days = terra_store_get_setting_int (store, "privacy.retention_days");
  if (days <= 0)
    return TRUE;
  return terra_store_delete_messages_before (store, now - days * USEC_PER_DAY, n_deleted, error);
}

/* Export */

/* Adds one property of @object to @builder: enums by their nick, columns
 * that hold JSON as JSON, everything else as is. */
static void
add_property (JsonBuilder *builder,
              GObject     *object,
              GParamSpec  *pspec)
{
  g_auto(GValue) value = G_VALUE_INIT;
  GType type = G_PARAM_SPEC_VALUE_TYPE (pspec);

  g_value_init (&value, type);
  g_object_get_property (object, pspec->name, &value);
  json_builder_set_member_name (builder, pspec->name);

  if (G_TYPE_IS_ENUM (type))
    json_builder_add_string_value (builder, terra_enum_to_nick (type, g_value_get_enum (&value)));
  else if (type == G_TYPE_BOOLEAN)
    json_builder_add_boolean_value (builder, g_value_get_boolean (&value));
  else if (type == G_TYPE_INT64)
    json_builder_add_int_value (builder, g_value_get_int64 (&value));
  else if (type == G_TYPE_INT)
    json_builder_add_int_value (builder, g_value_get_int (&value));
  else if (type == G_TYPE_UINT)
    json_builder_add_int_value (builder, g_value_get_uint (&value));
  else if (type == G_TYPE_DOUBLE)
    json_builder_add_double_value (builder, g_value_get_double (&value));
  else if (type == G_TYPE_STRING)
    {
      const char *text = g_value_get_string (&value);
      g_autoptr(JsonNode) parsed = NULL;

      if (text != NULL && (*text == '{' || *text == '['))
        parsed = json_from_string (text, NULL);
      if (parsed != NULL)
        json_builder_add_value (builder, g_steal_pointer (&parsed));
      else
        json_builder_add_string_value (builder, text != NULL ? text : "");
    }
  else
    json_builder_add_null_value (builder);
}

static void
add_object (JsonBuilder *builder,
            GObject     *object)
{
  guint n_properties = 0;
  g_autofree GParamSpec **properties = g_object_class_list_properties (G_OBJECT_GET_CLASS (object), &n_properties);

  json_builder_begin_object (builder);
  for (guint i = 0; i < n_properties; i++)
    if (properties[i]->flags & G_PARAM_READABLE)
      add_property (builder, object, properties[i]);
  json_builder_end_object (builder);
}

static gboolean
add_list (JsonBuilder  *builder,
          TerraStore   *store,
          const char   *member,
          GType         type,
          const char   *column,
          gint64        id,
          GError      **error)
{
  g_autoptr(TerraQuery) query = terra_query_new (type);
  g_autoptr(GPtrArray) objects = NULL;

  terra_query_where_int (query, column, TERRA_QUERY_EQ, id);
  terra_query_order_by (query, "id", FALSE);
  objects = terra_store_list (store, query, error);
  if (objects == NULL)
    return FALSE;

  json_builder_set_member_name (builder, member);
  json_builder_begin_array (builder);
  for (guint i = 0; i < objects->len; i++)
    add_object (builder, g_ptr_array_index (objects, i));
  json_builder_end_array (builder);
  return TRUE;
}

static gboolean
add_identities (JsonBuilder  *builder,
                TerraStore   *store,
                gint64        contact_id,
                GError      **error)
{
  g_autoptr(TerraStatement) stmt =
    _terra_store_prepare (store,
                          "SELECT channel, address, created_at FROM contact_identities"
                          " WHERE contact_id = ? ORDER BY id",
                          error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, contact_id);

  json_builder_set_member_name (builder, "identities");
  json_builder_begin_array (builder);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "channel");
      json_builder_add_string_value (builder, (const char *)sqlite3_column_text (stmt, 0));
      json_builder_set_member_name (builder, "address");
      json_builder_add_string_value (builder, (const char *)sqlite3_column_text (stmt, 1));
      json_builder_set_member_name (builder, "created_at");
      json_builder_add_int_value (builder, sqlite3_column_int64 (stmt, 2));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  if (rc != SQLITE_DONE)
    {
      _terra_store_set_error (store, error, rc, _("Could not read the contact’s addresses"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
add_conversations (JsonBuilder  *builder,
                   TerraStore   *store,
                   gint64        contact_id,
                   GError      **error)
{
  g_autoptr(TerraQuery) query = terra_query_new (TERRA_TYPE_CONVERSATION);
  g_autoptr(GPtrArray) conversations = NULL;

  terra_query_where_int (query, "contact_id", TERRA_QUERY_EQ, contact_id);
  terra_query_order_by (query, "id", FALSE);
  conversations = terra_store_list (store, query, error);
  if (conversations == NULL)
    return FALSE;

  json_builder_set_member_name (builder, "conversations");
  json_builder_begin_array (builder);
  for (guint i = 0; i < conversations->len; i++)
    {
      TerraConversation *conversation = g_ptr_array_index (conversations, i);
      g_autoptr(GPtrArray) messages = terra_store_list_messages (store, terra_conversation_get_id (conversation), error);

      if (messages == NULL)
        return FALSE;
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "conversation");
      add_object (builder, G_OBJECT (conversation));
      json_builder_set_member_name (builder, "messages");
      json_builder_begin_array (builder);
      for (guint j = 0; j < messages->len; j++)
        add_object (builder, g_ptr_array_index (messages, j));
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  return TRUE;
}

char *
terra_store_export_contact_json (TerraStore  *store,
                                 gint64       contact_id,
                                 GError     **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(TerraContact) contact = NULL;
  g_autoptr(JsonGenerator) generator = NULL;
  g_autoptr(JsonNode) root = NULL;
  gboolean own;
  gboolean ok;

  g_return_val_if_fail (TERRA_IS_STORE (store), NULL);

  /* One read transaction: the export is a consistent snapshot even while
   * the assistant answers the same contact. */
  own = !terra_store_in_transaction (store);
  if (own && !terra_store_begin_read (store, error))
    return NULL;
  contact = terra_store_get (store, TERRA_TYPE_CONTACT, contact_id, error);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "format");
  json_builder_add_string_value (builder, "terra-contact-export/1");
  json_builder_set_member_name (builder, "exported_at");
  json_builder_add_int_value (builder, g_get_real_time ());
  ok = contact != NULL;
  if (ok)
    {
      json_builder_set_member_name (builder, "contact");
      add_object (builder, G_OBJECT (contact));
    }
  ok = ok && add_identities (builder, store, contact_id, error) &&
       add_conversations (builder, store, contact_id, error) &&
       add_list (builder, store, "bookings", TERRA_TYPE_BOOKING, "contact_id", contact_id, error) &&
       add_list (builder, store, "tasks", TERRA_TYPE_TASK, "contact_id", contact_id, error);
  json_builder_end_object (builder);
  if (own)
    terra_store_rollback (store);
  if (!ok)
    return NULL;

  root = json_builder_get_root (builder);
  generator = json_generator_new ();
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}
