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
#include <stdio.h>

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

  if (n_ranges < 2)
    return TRUE;

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
  gboolean own;

  g_return_val_if_fail (TERRA_IS_STORE (self), FALSE);
  g_return_val_if_fail (ranges != NULL || n_ranges == 0, FALSE);

  if (!validate_ranges (ranges, n_ranges, error))
    return FALSE;

  if (!_terra_store_begin_joined (self, &own, error))
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
  return _terra_store_end_joined (self, own, TRUE, error);

failed:
  return _terra_store_end_joined (self, own, FALSE, error);
}

static void
format_date (const GDate *date,
             char         iso[16])
{
  g_snprintf (iso, 16, "%04d-%02d-%02d",
              g_date_get_year (date), g_date_get_month (date), g_date_get_day (date));
}

static gboolean
delete_day_override (TerraStore   *self,
                     const char   *iso,
                     GError      **error)
{
  g_autoptr(TerraStatement) stmt =
    _terra_store_prepare (self, "DELETE FROM availability_overrides WHERE date = ?", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, iso, -1, SQLITE_TRANSIENT);
  return _terra_store_step_done (self, stmt, _("Could not change the opening hours"), error);
}

static gboolean
insert_day_override (TerraStore               *self,
                     const char               *iso,
                     const TerraOpeningRange  *range,
                     const char               *note,
                     GError                  **error)
{
  g_autoptr(TerraStatement) stmt =
    _terra_store_prepare (self,
                          "INSERT INTO availability_overrides (date, closed, start_minute, end_minute, note) "
                          "VALUES (?, ?, ?, ?, ?)",
                          error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, iso, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 2, range == NULL);
  if (range != NULL)
    {
      sqlite3_bind_int (stmt, 3, range->start_minute);
      sqlite3_bind_int (stmt, 4, range->end_minute);
    }
  if (!_terra_store_bind_text (stmt, 5, note != NULL ? note : "", _("The note"), error))
    return FALSE;
  return _terra_store_step_done (self, stmt, _("Could not change the opening hours"), error);
}

/* A holiday (no ranges) or special hours for one date, replacing what the
 * date had; invalid or overlapping ranges change nothing. */
gboolean
terra_store_set_day_override (TerraStore               *self,
                              const GDate              *date,
                              const TerraOpeningRange  *ranges,
                              guint                     n_ranges,
                              const char               *note,
                              GError                  **error)
{
  g_autofree TerraOpeningRange *checked = NULL;
  char iso[16];
  gboolean own;

  g_return_val_if_fail (TERRA_IS_STORE (self), FALSE);
  g_return_val_if_fail (date != NULL && g_date_valid (date), FALSE);
  g_return_val_if_fail (ranges != NULL || n_ranges == 0, FALSE);

  /* Validate as weekly ranges of one weekday: same rules. */
  checked = g_new0 (TerraOpeningRange, MAX (n_ranges, 1));
  for (guint i = 0; i < n_ranges; i++)
    {
      checked[i] = ranges[i];
      checked[i].weekday = g_date_get_weekday (date);
    }
  if (!validate_ranges (checked, n_ranges, error))
    return FALSE;

  format_date (date, iso);
  if (!_terra_store_begin_joined (self, &own, error))
    return FALSE;

  if (!delete_day_override (self, iso, error))
    goto failed;
  if (n_ranges == 0 && !insert_day_override (self, iso, NULL, note, error))
    goto failed;
  for (guint i = 0; i < n_ranges; i++)
    if (!insert_day_override (self, iso, &checked[i], note, error))
      goto failed;

  _terra_store_note_change (self, TERRA_ENTITY_AVAILABILITY, TERRA_CHANGE_UPDATED, 0);
  return _terra_store_end_joined (self, own, TRUE, error);

failed:
  return _terra_store_end_joined (self, own, FALSE, error);
}

void
terra_day_override_free (TerraDayOverride *day_override)
{
  if (day_override == NULL)
    return;
  g_free (day_override->note);
  g_free (day_override);
}

/**
 * terra_store_list_day_overrides:
 * @from: the first date
 * @to: the last date (included)
 *
 * Returns: (transfer full) (element-type TerraDayOverride): the special
 *   dates in the range, by date and start
 */
GPtrArray *
terra_store_list_day_overrides (TerraStore   *self,
                                const GDate  *from,
                                const GDate  *to,
                                GError      **error)
{
  g_autoptr(GPtrArray) overrides = g_ptr_array_new_with_free_func ((GDestroyNotify)terra_day_override_free);
  g_autoptr(TerraStatement) stmt = NULL;
  g_autoptr(GError) local_error = NULL;
  char from_iso[16], to_iso[16];

  g_return_val_if_fail (TERRA_IS_STORE (self), NULL);
  g_return_val_if_fail (from != NULL && g_date_valid (from), NULL);
  g_return_val_if_fail (to != NULL && g_date_valid (to), NULL);

  format_date (from, from_iso);
  format_date (to, to_iso);
  stmt = _terra_store_prepare (self,
                               "SELECT date, closed, start_minute, end_minute, note FROM availability_overrides "
                               "WHERE date BETWEEN ? AND ? ORDER BY date, start_minute",
                               error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, from_iso, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, to_iso, -1, SQLITE_TRANSIENT);

  while (_terra_store_step_row (self, stmt, _("Could not read the special dates"), &local_error))
    {
      TerraDayOverride *day = g_new0 (TerraDayOverride, 1);
      unsigned year = 0, month = 0, mday = 0;

      sscanf ((const char *)sqlite3_column_text (stmt, 0), "%4u-%2u-%2u", &year, &month, &mday);
      g_date_clear (&day->date, 1);
      if (g_date_valid_dmy (mday, month, year))
        g_date_set_dmy (&day->date, mday, month, year);
      day->closed = sqlite3_column_int (stmt, 1) != 0 || sqlite3_column_type (stmt, 2) == SQLITE_NULL;
      day->start_minute = sqlite3_column_int (stmt, 2);
      day->end_minute = sqlite3_column_int (stmt, 3);
      day->note = g_strdup ((const char *)sqlite3_column_text (stmt, 4));
      g_ptr_array_add (overrides, day);
    }

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  return g_steal_pointer (&overrides);
}

/* The date follows the week again. */
gboolean
terra_store_clear_day_override (TerraStore   *self,
                                const GDate  *date,
                                GError      **error)
{
  char iso[16];

  g_return_val_if_fail (TERRA_IS_STORE (self), FALSE);
  g_return_val_if_fail (date != NULL && g_date_valid (date), FALSE);

  format_date (date, iso);
  if (!delete_day_override (self, iso, error))
    return FALSE;

  _terra_store_note_change (self, TERRA_ENTITY_AVAILABILITY, TERRA_CHANGE_UPDATED, 0);
  return TRUE;
}

void
terra_busy_time_free (TerraBusyTime *busy_time)
{
  if (busy_time == NULL)
    return;
  g_free (busy_time->source);
  g_free (busy_time->uid);
  g_free (busy_time->summary);
  g_free (busy_time);
}

static gboolean
insert_busy_piece (TerraStore           *self,
                   const char           *source,
                   const TerraBusyTime  *busy,
                   gint64                start,
                   gint64                end,
                   GError              **error)
{
  g_autoptr(TerraStatement) insert =
    _terra_store_prepare (self,
                          "INSERT INTO busy_times (source, uid, summary, start_utc, end_utc) "
                          "VALUES (?, ?, ?, ?, ?)",
                          error);

  if (insert == NULL ||
      !_terra_store_bind_text (insert, 1, source, _("The calendar’s name"), error) ||
      !_terra_store_bind_text (insert, 2, busy->uid ? busy->uid : "", _("An event’s UID"), error) ||
      !_terra_store_bind_text (insert, 3, busy->summary ? busy->summary : "", _("An event’s summary"), error))
    return FALSE;
  sqlite3_bind_int64 (insert, 4, start);
  sqlite3_bind_int64 (insert, 5, end);
  return _terra_store_step_done (self, insert, _("Could not save a busy time"), error);
}

/**
 * terra_store_replace_busy_times:
 * @source: the calendar file or feed the times come from
 * @busy_times: (element-type TerraBusyTime): the times it now holds
 *
 * Replaces, in one transaction, every busy time of @source: importing a
 * calendar again updates it rather than doubling it. Any invalid time
 * (ending before it starts) changes nothing.
 */
gboolean
terra_store_replace_busy_times (TerraStore  *self,
                                const char  *source,
                                GPtrArray   *busy_times,
                                GError     **error)
{
  g_autoptr(TerraStatement) clear = NULL;
  gboolean own;

  g_return_val_if_fail (TERRA_IS_STORE (self), FALSE);
  g_return_val_if_fail (source != NULL, FALSE);
  g_return_val_if_fail (busy_times != NULL, FALSE);

  if (!_terra_store_begin_joined (self, &own, error))
    return FALSE;

  clear = _terra_store_prepare (self, "DELETE FROM busy_times WHERE source = ?", error);
  if (clear == NULL || !_terra_store_bind_text (clear, 1, source, _("The calendar’s name"), error) ||
      !_terra_store_step_done (self, clear, _("Could not replace the busy times"), error))
    goto failed;

  for (guint i = 0; i < busy_times->len; i++)
    {
      const TerraBusyTime *busy = g_ptr_array_index (busy_times, i);

      if (busy->end_utc <= busy->start_utc)
        {
          g_set_error (error, TERRA_STORE_ERROR, TERRA_STORE_ERROR_INVALID,
                       _("A busy time must end after it starts"));
          goto failed;
        }

      /* Stored in pieces of at most a day, so that finding what overlaps
       * a day is an index range of a few days (see terra-scheduler.c), even
       * for a three-week holiday. */
      for (gint64 start = busy->start_utc; start < busy->end_utc; start += G_TIME_SPAN_DAY)
        if (!insert_busy_piece (self, source, busy, start, MIN (busy->end_utc, start + G_TIME_SPAN_DAY), error))
          goto failed;
    }

  _terra_store_note_change (self, TERRA_ENTITY_AVAILABILITY, TERRA_CHANGE_UPDATED, 0);
  return _terra_store_end_joined (self, own, TRUE, error);

failed:
  return _terra_store_end_joined (self, own, FALSE, error);
}

/**
 * terra_store_list_busy_times:
 *
 * Returns: (transfer full) (element-type TerraBusyTime): the imported busy
 *   times overlapping [from_utc, to_utc), by start
 */
GPtrArray *
terra_store_list_busy_times (TerraStore  *self,
                             gint64       from_utc,
                             gint64       to_utc,
                             GError     **error)
{
  g_autoptr(TerraStatement) stmt = NULL;
  g_autoptr(GPtrArray) times = g_ptr_array_new_with_free_func ((GDestroyNotify)terra_busy_time_free);
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (TERRA_IS_STORE (self), NULL);

  stmt = _terra_store_prepare (self,
                               "SELECT source, uid, summary, start_utc, end_utc FROM busy_times "
                               "WHERE start_utc < ? AND end_utc > ? ORDER BY start_utc",
                               error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, to_utc);
  sqlite3_bind_int64 (stmt, 2, from_utc);

  while (_terra_store_step_row (self, stmt, _("Could not read the busy times"), &local_error))
    {
      TerraBusyTime *busy = g_new0 (TerraBusyTime, 1);

      busy->source = g_strdup ((const char *)sqlite3_column_text (stmt, 0));
      busy->uid = g_strdup ((const char *)sqlite3_column_text (stmt, 1));
      busy->summary = g_strdup ((const char *)sqlite3_column_text (stmt, 2));
      busy->start_utc = sqlite3_column_int64 (stmt, 3);
      busy->end_utc = sqlite3_column_int64 (stmt, 4);
      g_ptr_array_add (times, busy);
    }

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  return g_steal_pointer (&times);
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
