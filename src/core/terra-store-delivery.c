/* terra-store-delivery.c — delivery reports from channel providers
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Status callbacks arrive on the server thread, often several for one
 * message and not always in order; each is one indexed lookup by
 * (channel, external id) and at most one update.
 */
#define G_LOG_DOMAIN "terra-store"

#include "config.h"

#include <glib/gi18n.h>

#include "terra-store-delivery.h"
#include "terra-store-private.h"

/* How far a message has come. A failure ranks with "delivered": it ends
 * the message's journey, but a later "read" (the provider retried and
 * succeeded) still counts. */
static int
delivery_rank (TerraDelivery delivery)
{
  switch (delivery)
    {
    case TERRA_DELIVERY_NONE:
      return 0;
    case TERRA_DELIVERY_PENDING:
      return 1;
    case TERRA_DELIVERY_SENT:
      return 2;
    case TERRA_DELIVERY_DELIVERED:
    case TERRA_DELIVERY_FAILED:
      return 3;
    case TERRA_DELIVERY_READ:
      return 4;
    default:
      return 0;
    }
}

static gboolean
find_outbound (TerraStore     *store,
               const char     *channel_nick,
               const char     *external_id,
               gint64         *message_id,
               gint64         *conversation_id,
               TerraDelivery  *delivery,
               GError        **error)
{
  g_autoptr(TerraStatement) stmt =
    _terra_store_prepare (store,
                          "SELECT id, conversation_id, delivery FROM messages "
                          "WHERE channel = ? AND external_id = ? AND direction = 'outbound'",
                          error);
  int rc;
  int value = 0;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, channel_nick, -1, SQLITE_STATIC);
  if (!_terra_store_bind_text (stmt, 2, external_id, _("The message id"), error))
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, TERRA_STORE_ERROR, TERRA_STORE_ERROR_NOT_FOUND,
                   _("No message sent on %s has the id “%s”"), channel_nick, external_id);
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    {
      _terra_store_set_error (store, error, rc, _("Could not look up the message"));
      return FALSE;
    }
  *message_id = sqlite3_column_int64 (stmt, 0);
  *conversation_id = sqlite3_column_int64 (stmt, 1);
  terra_enum_from_nick (TERRA_TYPE_DELIVERY, (const char *)sqlite3_column_text (stmt, 2), &value);
  *delivery = value;
  return TRUE;
}

static gboolean
update_delivery (TerraStore     *store,
                 gint64          message_id,
                 TerraDelivery   delivery,
                 GError        **error)
{
  g_autoptr(TerraStatement) stmt =
    _terra_store_prepare (store, "UPDATE messages SET delivery = ? WHERE id = ?", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, terra_enum_to_nick (TERRA_TYPE_DELIVERY, delivery), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, message_id);
  if (!_terra_store_step_done (store, stmt, _("Could not save the delivery state"), error))
    return FALSE;
  _terra_store_note_change (store, TERRA_ENTITY_MESSAGE, TERRA_CHANGE_UPDATED, message_id);
  return TRUE;
}

static gboolean
log_failure (TerraStore  *store,
             gint64       conversation_id,
             gint64       message_id,
             const char  *detail_json,
             GError     **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) detail = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *payload = NULL;
  gint64 contact_id = 0;
  g_autoptr(TerraStatement) stmt =
    _terra_store_prepare (store, "SELECT contact_id FROM conversations WHERE id = ?", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, conversation_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    contact_id = sqlite3_column_int64 (stmt, 0);

  if (detail_json != NULL)
    detail = json_from_string (detail_json, NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "message_id");
  json_builder_add_int_value (builder, message_id);
  if (detail != NULL)
    {
      json_builder_set_member_name (builder, "detail");
      json_builder_add_value (builder, g_steal_pointer (&detail));
    }
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  payload = json_to_string (root, FALSE);

  return terra_store_log_event (store, "message.delivery_failed", contact_id, conversation_id,
                                payload, error);
}

static gboolean
set_delivery (TerraStore     *store,
              const char     *channel_nick,
              const char     *external_id,
              TerraDelivery   delivery,
              const char     *detail_json,
              gint64         *message_id,
              gboolean       *changed,
              GError        **error)
{
  gint64 conversation_id = 0;
  TerraDelivery current = TERRA_DELIVERY_NONE;

  if (!find_outbound (store, channel_nick, external_id, message_id, &conversation_id, &current, error))
    return FALSE;
  *changed = delivery_rank (delivery) > delivery_rank (current);
  if (!*changed)
    return TRUE;
  if (!update_delivery (store, *message_id, delivery, error))
    return FALSE;
  if (delivery == TERRA_DELIVERY_FAILED)
    return log_failure (store, conversation_id, *message_id, detail_json, error);
  return TRUE;
}

gboolean
terra_store_set_delivery_by_external_id (TerraStore     *store,
                                         TerraChannel    channel,
                                         const char     *external_id,
                                         TerraDelivery   delivery,
                                         const char     *detail_json,
                                         gint64         *out_message_id,
                                         gboolean       *out_changed,
                                         GError        **error)
{
  const char *channel_nick;
  gint64 message_id = 0;
  gboolean changed = FALSE;
  gboolean own;
  gboolean ok;

  g_return_val_if_fail (TERRA_IS_STORE (store), FALSE);
  g_return_val_if_fail (external_id != NULL, FALSE);

  channel_nick = terra_enum_to_nick (TERRA_TYPE_CHANNEL, channel);
  if (channel_nick == NULL)
    {
      g_set_error_literal (error, TERRA_STORE_ERROR, TERRA_STORE_ERROR_INVALID, _("Unknown channel"));
      return FALSE;
    }

  if (!_terra_store_begin_joined (store, &own, error))
    return FALSE;
  ok = set_delivery (store, channel_nick, external_id, delivery, detail_json,
                     &message_id, &changed, error);
  if (!_terra_store_end_joined (store, own, ok, ok ? error : NULL) || !ok)
    return FALSE;

  if (out_message_id != NULL)
    *out_message_id = message_id;
  if (out_changed != NULL)
    *out_changed = changed;
  return TRUE;
}

gboolean
terra_store_get_last_inbound_at (TerraStore     *store,
                                 TerraChannel    channel,
                                 const char     *address,
                                 gint64         *out_time,
                                 GError        **error)
{
  g_autoptr(TerraStatement) stmt = NULL;
  const char *channel_nick;
  int rc;

  g_return_val_if_fail (TERRA_IS_STORE (store), FALSE);
  g_return_val_if_fail (address != NULL, FALSE);
  g_return_val_if_fail (out_time != NULL, FALSE);

  channel_nick = terra_enum_to_nick (TERRA_TYPE_CHANNEL, channel);
  stmt = _terra_store_prepare (store,
                               "SELECT max (m.created_at) FROM contact_identities i "
                               "JOIN conversations c ON c.contact_id = i.contact_id AND c.channel = i.channel "
                               "JOIN messages m ON m.conversation_id = c.id AND m.direction = 'inbound' "
                               "WHERE i.channel = ? AND i.address = ?",
                               error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, channel_nick, -1, SQLITE_STATIC);
  if (!_terra_store_bind_text (stmt, 2, address, _("The address"), error))
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      _terra_store_set_error (store, error, rc, _("Could not look up the lead’s last message"));
      return FALSE;
    }
  *out_time = sqlite3_column_type (stmt, 0) == SQLITE_NULL ? 0 : sqlite3_column_int64 (stmt, 0);
  return TRUE;
}
