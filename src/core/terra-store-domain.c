/* terra-store-domain.c — the store calls that are more than one entity's
 * row: channel identities, a conversation's messages, knowledge versions,
 * opening hours and the audit log
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "terra-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "terra-enums.h"
#include "terra-store-private.h"

/* Links an address on a channel (a phone number, a chat id) to a contact.
 * An address already linked to someone gives TERRA_STORE_ERROR_CONFLICT. */
gboolean
terra_store_add_contact_identity (TerraStore    *self,
                                  gint64         contact_id,
                                  TerraChannel   channel,
                                  const char    *address,
                                  GError       **error)
{
  g_autoptr(TerraStatement) stmt = NULL;

  g_return_val_if_fail (TERRA_IS_STORE (self), FALSE);
  g_return_val_if_fail (address != NULL, FALSE);

  stmt = _terra_store_prepare (self,
                               "INSERT INTO contact_identities (contact_id, channel, address, created_at) "
                               "VALUES (?, ?, ?, ?)",
                               error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, contact_id);
  sqlite3_bind_text (stmt, 2, terra_enum_to_nick (TERRA_TYPE_CHANNEL, channel), -1, SQLITE_STATIC);
  if (!_terra_store_bind_text (stmt, 3, address, _("The address"), error))
    return FALSE;
  sqlite3_bind_int64 (stmt, 4, g_get_real_time ());

  if (!_terra_store_step_done (self, stmt, _("Could not link the address to the contact"), error))
    return FALSE;

  _terra_store_note_change (self, TERRA_ENTITY_CONTACT, TERRA_CHANGE_UPDATED, contact_id);
  return TRUE;
}

/**
 * terra_store_find_contact_by_identity:
 *
 * Returns: (transfer full) (nullable): the contact reached at @address on
 *   @channel, or %NULL (with no error) when nobody is
 */
TerraContact *
terra_store_find_contact_by_identity (TerraStore    *self,
                                      TerraChannel   channel,
                                      const char    *address,
                                      GError       **error)
{
  g_autoptr(TerraStatement) stmt = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (TERRA_IS_STORE (self), NULL);
  g_return_val_if_fail (address != NULL, NULL);

  stmt = _terra_store_prepare (self,
                               "SELECT c.* FROM contacts c JOIN contact_identities i ON i.contact_id = c.id "
                               "WHERE i.channel = ? AND i.address = ?",
                               error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_text (stmt, 1, terra_enum_to_nick (TERRA_TYPE_CHANNEL, channel), -1, SQLITE_STATIC);
  if (!_terra_store_bind_text (stmt, 2, address, _("The address"), error))
    return NULL;

  if (!_terra_store_step_row (self, stmt, _("Could not look up the contact"), &local_error))
    {
      if (local_error != NULL)
        g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  return _terra_store_object_from_row (self, TERRA_TYPE_CONTACT, stmt);
}

/**
 * terra_store_list_messages:
 *
 * Returns: (transfer full) (element-type TerraMessage): the messages of a
 *   conversation, oldest first
 */
GPtrArray *
terra_store_list_messages (TerraStore  *self,
                           gint64       conversation_id,
                           GError     **error)
{
  g_autoptr(TerraStatement) stmt = NULL;

  g_return_val_if_fail (TERRA_IS_STORE (self), NULL);

  stmt = _terra_store_prepare (self,
                               "SELECT * FROM messages WHERE conversation_id = ? ORDER BY id",
                               error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, conversation_id);

  return _terra_store_collect_objects (self, TERRA_TYPE_MESSAGE, stmt,
                                       _("Could not read the conversation"), error);
}

/**
 * terra_store_get_analysis_for_message:
 *
 * Returns: (transfer full) (nullable): the message's analysis, or %NULL
 *   (with no error) if it was not analysed
 */
TerraAnalysis *
terra_store_get_analysis_for_message (TerraStore  *self,
                                      gint64       message_id,
                                      GError     **error)
{
  g_autoptr(TerraStatement) stmt = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (TERRA_IS_STORE (self), NULL);

  stmt = _terra_store_prepare (self, "SELECT * FROM analyses WHERE message_id = ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, message_id);

  if (!_terra_store_step_row (self, stmt, _("Could not read the analysis"), &local_error))
    {
      if (local_error != NULL)
        g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  return _terra_store_object_from_row (self, TERRA_TYPE_ANALYSIS, stmt);
}

/**
 * terra_store_list_knowledge_versions:
 *
 * Returns: (transfer full) (element-type TerraKnowledgeItem): the earlier
 *   texts of an item, newest first, each as an item with that version's
 *   number, title, body and time
 */
GPtrArray *
terra_store_list_knowledge_versions (TerraStore  *self,
                                     gint64       item_id,
                                     GError     **error)
{
  g_autoptr(TerraStatement) stmt = NULL;

  g_return_val_if_fail (TERRA_IS_STORE (self), NULL);

  stmt = _terra_store_prepare (self,
                               "SELECT v.item_id AS id, k.category, v.title, v.body, k.published,"
                               "       v.version, v.created_at, v.created_at AS updated_at "
                               "FROM knowledge_versions v JOIN knowledge_items k ON k.id = v.item_id "
                               "WHERE v.item_id = ? ORDER BY v.version DESC",
                               error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, item_id);

  return _terra_store_collect_objects (self, TERRA_TYPE_KNOWLEDGE_ITEM, stmt,
                                       _("Could not read the versions"), error);
}

/**
 * terra_store_get_opening_hours:
 *
 * Returns: (transfer full) (element-type TerraOpeningRange): the weekly
 *   opening ranges, by weekday and start
 */
GArray *
terra_store_get_opening_hours (TerraStore  *self,
                               GError     **error)
{
  g_autoptr(TerraStatement) stmt = NULL;
  g_autoptr(GArray) ranges = g_array_new (FALSE, FALSE, sizeof (TerraOpeningRange));
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (TERRA_IS_STORE (self), NULL);

  stmt = _terra_store_prepare (self,
                               "SELECT weekday, start_minute, end_minute FROM availability_ranges "
                               "ORDER BY weekday, start_minute",
                               error);
  if (stmt == NULL)
    return NULL;

  while (_terra_store_step_row (self, stmt, _("Could not read the opening hours"), &local_error))
    {
      TerraOpeningRange range = {
        sqlite3_column_int (stmt, 0),
        sqlite3_column_int (stmt, 1),
        sqlite3_column_int (stmt, 2),
      };

      g_array_append_val (ranges, range);
    }

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  return g_steal_pointer (&ranges);
}

static int
compare_ranges (gconstpointer a,
                gconstpointer b)
{
  const TerraOpeningRange *ra = a;
  const TerraOpeningRange *rb = b;

  if (ra->weekday != rb->weekday)
    return ra->weekday - rb->weekday;
  return ra->start_minute - rb->start_minute;
}

/* Checks each range and that no two of one weekday overlap. */
static gboolean
validate_ranges (const TerraOpeningRange  *ranges,
                 guint                     n_ranges,
                 GError                  **error)
{
  g_autofree TerraOpeningRange *sorted = g_memdup2 (ranges, sizeof *ranges * n_ranges);

  for (guint i = 0; i < n_ranges; i++)
    {
      const TerraOpeningRange *r = &ranges[i];

      if (r->weekday < 1 || r->weekday > 7 || r->start_minute < 0 ||
          r->end_minute > 24 * 60 || r->end_minute <= r->start_minute)
        {
          g_set_error (error, TERRA_STORE_ERROR, TERRA_STORE_ERROR_INVALID,
                       _("An opening range must end after it starts, within one day"));
          return FALSE;
        }
    }

  qsort (sorted, n_ranges, sizeof *sorted, compare_ranges);
  for (guint i = 1; i < n_ranges; i++)
    if (sorted[i].weekday == sorted[i - 1].weekday &&
        sorted[i].start_minute < sorted[i - 1].end_minute)
      {
        g_set_error (error, TERRA_STORE_ERROR, TERRA_STORE_ERROR_INVALID,
                     _("Two opening ranges of the same day overlap"));
        return FALSE;
      }

  return TRUE;
}

/* Replaces the weekly opening hours as a whole; invalid or overlapping
 * ranges change nothing. */
gboolean
terra_store_set_opening_hours (TerraStore               *self,
                               const TerraOpeningRange  *ranges,
                               guint                     n_ranges,
                               GError                  **error)
{
  g_return_val_if_fail (TERRA_IS_STORE (self), FALSE);
  g_return_val_if_fail (ranges != NULL || n_ranges == 0, FALSE);

  if (!validate_ranges (ranges, n_ranges, error))
    return FALSE;

  if (!terra_store_begin (self, error))
    return FALSE;

  if (!_terra_store_exec (self, "DELETE FROM availability_ranges", error))
    goto failed;

  for (guint i = 0; i < n_ranges; i++)
    {
      g_autoptr(TerraStatement) stmt =
        _terra_store_prepare (self,
                              "INSERT INTO availability_ranges (weekday, start_minute, end_minute) "
                              "VALUES (?, ?, ?)",
                              error);

      if (stmt == NULL)
        goto failed;
      sqlite3_bind_int (stmt, 1, ranges[i].weekday);
      sqlite3_bind_int (stmt, 2, ranges[i].start_minute);
      sqlite3_bind_int (stmt, 3, ranges[i].end_minute);
      if (!_terra_store_step_done (self, stmt, _("Could not save the opening hours"), error))
        goto failed;
    }

  _terra_store_note_change (self, TERRA_ENTITY_AVAILABILITY, TERRA_CHANGE_UPDATED, 0);
  return terra_store_commit (self, error);

failed:
  terra_store_rollback (self);
  return FALSE;
}

/* Appends to the audit log. payload_json must be a JSON object (NULL for
 * none). */
gboolean
terra_store_log_event (TerraStore  *self,
                       const char  *kind,
                       gint64       contact_id,
                       gint64       conversation_id,
                       const char  *payload_json,
                       GError     **error)
{
  g_autoptr(TerraEventRecord) record = terra_event_record_new ();

  g_return_val_if_fail (TERRA_IS_STORE (self), FALSE);
  g_return_val_if_fail (kind != NULL, FALSE);

  g_object_set (record,
                "kind", kind,
                "contact-id", contact_id,
                "conversation-id", conversation_id,
                "payload", payload_json != NULL ? payload_json : "{}",
                NULL);
  return terra_store_insert (self, record, error);
}
