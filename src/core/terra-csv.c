/* terra-csv.c — RFC 4180 CSV: writing rows, reading them back, and the
 * export of a period's conversations, leads and bookings
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Spreadsheets are the reader, so the files are what RFC 4180 says and
 * what LibreOffice and Excel open without an import dialog: UTF-8 with a
 * byte order mark, CRLF line ends, fields in double quotes when they need
 * them, quotes doubled. Times are ISO 8601 in UTC.
 */

#define G_LOG_DOMAIN "terra-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "terra-store-private.h"
#include "terra-csv.h"

/* Rows gathered before a write, and between two progress reports. */
#define CHUNK_ROWS 500

static gboolean
needs_quotes (const char *field)
{
  gsize length = strlen (field);

  if (length == 0)
    return FALSE;
  return strpbrk (field, ",\"\r\n") != NULL || field[0] == ' ' || field[length - 1] == ' ';
}

void
terra_csv_append_row (GString            *out,
                      const char * const *fields,
                      guint               n_fields)
{
  for (guint i = 0; i < n_fields; i++)
    {
      const char *field = fields[i] != NULL ? fields[i] : "";

      if (i > 0)
        g_string_append_c (out, ',');
      if (!needs_quotes (field))
        {
          g_string_append (out, field);
          continue;
        }
      g_string_append_c (out, '"');
      for (const char *p = field; *p != '\0'; p++)
        {
          if (*p == '"')
            g_string_append_c (out, '"');
          g_string_append_c (out, *p);
        }
      g_string_append_c (out, '"');
    }
  g_string_append (out, "\r\n");
}

static void
end_record (GPtrArray **record,
            GPtrArray  *records)
{
  g_ptr_array_add (*record, NULL);
  g_ptr_array_add (records, g_ptr_array_free (g_steal_pointer (record), FALSE));
  *record = g_ptr_array_new ();
}

GPtrArray *
terra_csv_parse (const char  *text,
                 GError     **error)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify)g_strfreev);
  g_autoptr(GPtrArray) record = g_ptr_array_new ();
  g_autoptr(GString) field = g_string_new (NULL);
  const char *p = text;

  g_return_val_if_fail (text != NULL, NULL);

  /* A byte order mark is not part of the first field. */
  if (g_str_has_prefix (p, "\xEF\xBB\xBF"))
    p += 3;

  while (*p != '\0')
    {
      if (*p == '"')
        {
          p++;
          for (;;)
            {
              if (*p == '\0')
                {
                  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                                       _("A quoted field of the CSV file is never closed"));
                  g_ptr_array_set_free_func (record, g_free);
                  return NULL;
                }
              if (*p == '"' && p[1] == '"')
                {
                  g_string_append_c (field, '"');
                  p += 2;
                }
              else if (*p == '"')
                {
                  p++;
                  break;
                }
              else
                g_string_append_c (field, *p++);
            }
          if (*p != ',' && *p != '\r' && *p != '\n' && *p != '\0')
            {
              g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                                   _("Text follows a quoted field of the CSV file"));
              g_ptr_array_set_free_func (record, g_free);
              return NULL;
            }
        }
      else
        {
          while (*p != '\0' && *p != ',' && *p != '\r' && *p != '\n')
            g_string_append_c (field, *p++);
        }

      g_ptr_array_add (record, g_strdup (field->str));
      g_string_truncate (field, 0);

      if (*p == ',')
        {
          p++;
          /* A comma at the very end still ends an (empty) last field. */
          if (*p == '\0' || *p == '\r' || *p == '\n')
            g_ptr_array_add (record, g_strdup (""));
        }
      if (*p == '\r' && p[1] == '\n')
        p++;
      if (*p == '\r' || *p == '\n')
        {
          p++;
          end_record (&record, records);
        }
    }
  if (record->len > 0)
    end_record (&record, records);
  return g_steal_pointer (&records);
}

#define ISO_TIME(column) "strftime ('%Y-%m-%dT%H:%M:%SZ', " column " / 1000000, 'unixepoch')"

typedef struct
{
  const char *name;
  const char *const *header;
  guint n_columns;
  const char *sql;    /* {channel} stands for the channel condition on "c" */
} ExportTable;

static const char *const conversation_header[] = {
  "id", "channel", "status", "lead", "started", "last_activity", "first_reply_seconds",
  "sentiment", "messages", "handoff_reason", "summary",
};

static const char *const lead_header[] = {
  "id", "name", "phones", "emails", "score", "temperature", "qualified", "qualification", "created",
};

static const char *const booking_header[] = {
  "id", "lead", "title", "start", "end", "time_zone", "status", "source", "location", "notes", "created",
};

static const ExportTable tables[] = {
  { "conversations", conversation_header, G_N_ELEMENTS (conversation_header),
    "SELECT c.id, c.channel, c.status, k.name, " ISO_TIME ("c.created_at") ", " ISO_TIME ("c.last_activity_at") ","
    " CASE WHEN c.first_reply_at IS NULL THEN '' ELSE (c.first_reply_at - c.created_at) / 1000000 END,"
    " coalesce (s.sentiment, 'neutral'), (SELECT count(*) FROM messages m WHERE m.conversation_id = c.id),"
    " c.handoff_reason, c.summary"
    " FROM conversations c JOIN contacts k ON k.id = c.contact_id"
    " LEFT JOIN conversation_sentiments s ON s.conversation_id = c.id"
    " WHERE c.created_at >= ?1 AND c.created_at < ?2{channel} ORDER BY c.created_at, c.id" },
  { "leads", lead_header, G_N_ELEMENTS (lead_header),
    "SELECT k.id, k.name, (SELECT group_concat (value, ' ') FROM json_each (k.phones)),"
    " (SELECT group_concat (value, ' ') FROM json_each (k.emails)), k.score, k.temperature,"
    " CASE WHEN k.qualified_at IS NULL THEN '' ELSE " ISO_TIME ("k.qualified_at") " END,"
    " k.qualification, " ISO_TIME ("k.created_at")
    " FROM contacts k WHERE k.id IN (SELECT c.contact_id FROM conversations c"
    "  WHERE c.created_at >= ?1 AND c.created_at < ?2{channel}) ORDER BY k.id" },
  { "bookings", booking_header, G_N_ELEMENTS (booking_header),
    "SELECT b.id, k.name, b.title, " ISO_TIME ("b.start_utc") ", " ISO_TIME ("b.end_utc") ","
    " b.timezone, b.status, b.source, b.location, b.notes, " ISO_TIME ("b.created_at")
    " FROM bookings b JOIN contacts k ON k.id = b.contact_id"
    " LEFT JOIN conversations c ON c.id = b.conversation_id"
    " WHERE b.created_at >= ?1 AND b.created_at < ?2{channel} ORDER BY b.created_at, b.id" },
};

static TerraStatement *
prepare_table (TerraStore        *store,
               const ExportTable *table,
               gboolean           count,
               gint64             from,
               gint64             to,
               const char        *channel,
               GError           **error)
{
  g_autoptr(GString) sql = g_string_new (NULL);
  TerraStatement *stmt;

  if (count)
    g_string_append_printf (sql, "SELECT count(*) FROM (%s)", table->sql);
  else
    g_string_append (sql, table->sql);
  g_string_replace (sql, "{channel}", channel != NULL ? " AND c.channel = ?3" : "", 0);
  stmt = _terra_store_prepare (store, sql->str, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, from);
  sqlite3_bind_int64 (stmt, 2, to);
  if (channel != NULL)
    sqlite3_bind_text (stmt, 3, channel, -1, SQLITE_TRANSIENT);
  return stmt;
}

static gboolean
write_chunk (GOutputStream  *stream,
             GString        *chunk,
             GCancellable   *cancellable,
             GError        **error)
{
  gboolean ok = g_output_stream_write_all (stream, chunk->str, chunk->len, NULL, cancellable, error);

  g_string_truncate (chunk, 0);
  return ok;
}

static gboolean
export_table (TerraStore         *store,
              const ExportTable  *table,
              gint64              from,
              gint64              to,
              const char         *channel,
              GFile              *directory,
              const char         *prefix,
              gint64             *done,
              gint64              total,
              TerraCsvProgress    progress,
              gpointer            user_data,
              GCancellable       *cancellable,
              GError            **error)
{
  g_autofree char *name = g_strdup_printf ("%s%s.csv", prefix != NULL ? prefix : "", table->name);
  g_autoptr(GFile) file = g_file_get_child (directory, name);
  g_autoptr(GFileOutputStream) stream = NULL;
  g_autoptr(TerraStatement) stmt = NULL;
  g_autoptr(GString) chunk = g_string_new ("\xEF\xBB\xBF");
  g_autofree const char **fields = g_new0 (const char *, table->n_columns);
  GError *local_error = NULL;
  guint rows = 0;

  stmt = prepare_table (store, table, FALSE, from, to, channel, error);
  if (stmt == NULL)
    return FALSE;
  /* GIO writes a local file under a temporary name and renames it on
   * close: an export cancelled or failed leaves no half file. */
  stream = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION, cancellable, error);
  if (stream == NULL)
    return FALSE;

  terra_csv_append_row (chunk, table->header, table->n_columns);
  while (_terra_store_step_row (store, stmt, _("Could not export"), &local_error))
    {
      for (guint i = 0; i < table->n_columns; i++)
        fields[i] = (const char *)sqlite3_column_text (stmt, i);
      terra_csv_append_row (chunk, fields, table->n_columns);
      if (++rows % CHUNK_ROWS == 0)
        {
          if (!write_chunk (G_OUTPUT_STREAM (stream), chunk, cancellable, error))
            return FALSE;
          *done += CHUNK_ROWS;
          if (progress != NULL)
            progress (*done, total, user_data);
        }
    }
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  if (!write_chunk (G_OUTPUT_STREAM (stream), chunk, cancellable, error))
    return FALSE;
  *done += rows % CHUNK_ROWS;
  if (progress != NULL)
    progress (*done, total, user_data);
  return g_output_stream_close (G_OUTPUT_STREAM (stream), cancellable, error);
}

gboolean
terra_csv_export_period (TerraStore        *store,
                         gint64             from,
                         gint64             to,
                         const char        *channel,
                         GFile             *directory,
                         const char        *prefix,
                         TerraCsvProgress   progress,
                         gpointer           user_data,
                         GCancellable      *cancellable,
                         GError           **error)
{
  gint64 total = 0, done = 0;
  gboolean own_snapshot;
  gboolean ok = TRUE;

  g_return_val_if_fail (TERRA_IS_STORE (store), FALSE);
  g_return_val_if_fail (G_IS_FILE (directory), FALSE);

  /* One snapshot: the three files agree with each other. */
  own_snapshot = !terra_store_in_transaction (store);
  if (own_snapshot && !terra_store_begin_read (store, error))
    return FALSE;

  for (guint i = 0; ok && i < G_N_ELEMENTS (tables); i++)
    {
      g_autoptr(TerraStatement) stmt = prepare_table (store, &tables[i], TRUE, from, to, channel, error);

      ok = stmt != NULL && _terra_store_step_row (store, stmt, _("Could not export"), error);
      if (ok)
        total += sqlite3_column_int64 (stmt, 0);
    }
  for (guint i = 0; ok && i < G_N_ELEMENTS (tables); i++)
    ok = export_table (store, &tables[i], from, to, channel, directory, prefix, &done, total,
                       progress, user_data, cancellable, error);

  if (own_snapshot)
    terra_store_rollback (store);
  return ok;
}
