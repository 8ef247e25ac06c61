/* terra-knowledge-import-csv.c — questions and answers from a CSV file
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * RFC 4180: fields separated by commas, quoted fields may hold commas,
 * line breaks and doubled quotes; lines end in CRLF or LF. Every row that
 * cannot be a question and its answer is reported with its line.
 */

#define G_LOG_DOMAIN "terra-knowledge-import"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "terra-knowledge-import-private.h"

typedef struct
{
  GPtrArray *fields;  /* char * */
  guint      line;    /* where the record starts, from 1 */
  char      *error;   /* why the record is malformed, or NULL */
} CsvRecord;

static void
csv_record_free (CsvRecord *record)
{
  g_ptr_array_unref (record->fields);
  g_free (record->error);
  g_free (record);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CsvRecord, csv_record_free)

/* Reads one record at *@pos, advancing it and the line count; NULL at the
 * end. A malformed record says why and ends at the end of its line. */
static CsvRecord *
csv_read_record (const char  *text,
                 gsize        length,
                 gsize       *pos,
                 guint       *line)
{
  g_autoptr(CsvRecord) record = NULL;
  g_autoptr(GString) field = NULL;
  gsize i = *pos;

  if (i >= length)
    return NULL;

  record = g_new0 (CsvRecord, 1);
  record->fields = g_ptr_array_new_with_free_func (g_free);
  record->line = *line;
  field = g_string_new (NULL);

  for (;;)
    {
      gboolean quoted = i < length && text[i] == '"';

      g_string_truncate (field, 0);
      if (quoted)
        {
          gboolean closed = FALSE;

          for (i++; i < length; i++)
            {
              if (text[i] == '"')
                {
                  if (i + 1 < length && text[i + 1] == '"')
                    {
                      g_string_append_c (field, '"');
                      i++;
                      continue;
                    }
                  closed = TRUE;
                  i++;
                  break;
                }
              if (text[i] == '\n')
                (*line)++;
              g_string_append_c (field, text[i]);
            }
          if (!closed)
            {
              record->error = g_strdup (_("A quoted field is never closed"));
              *pos = length;
              return g_steal_pointer (&record);
            }
          if (i < length && text[i] != ',' && text[i] != '\r' && text[i] != '\n')
            record->error = g_strdup (_("Text follows a closing quote"));
        }
      else
        {
          for (; i < length && text[i] != ',' && text[i] != '\r' && text[i] != '\n'; i++)
            {
              if (text[i] == '"' && record->error == NULL)
                record->error = g_strdup (_("A quote inside a field that is not quoted"));
              g_string_append_c (field, text[i]);
            }
        }

      if (record->error != NULL)
        {
          /* Skip to the end of the line. */
          while (i < length && text[i] != '\n')
            i++;
        }
      g_ptr_array_add (record->fields, g_strdup (field->str));

      if (i >= length)
        break;
      if (text[i] == ',' && record->error == NULL)
        {
          i++;
          continue;
        }
      if (text[i] == '\r')
        i++;
      if (i < length && text[i] == '\n')
        i++;
      (*line)++;
      break;
    }

  *pos = i;
  return g_steal_pointer (&record);
}

static gboolean
csv_is_header (CsvRecord *record)
{
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;

  if (record->fields->len < 2)
    return FALSE;
  first = g_strstrip (g_ascii_strdown (g_ptr_array_index (record->fields, 0), -1));
  second = g_strstrip (g_ascii_strdown (g_ptr_array_index (record->fields, 1), -1));
  return strcmp (first, "question") == 0 && strcmp (second, "answer") == 0;
}

/* The number of fields, not counting empty ones at the end (spreadsheets
 * write them). */
static guint
csv_n_fields (CsvRecord *record)
{
  guint n = record->fields->len;

  while (n > 2 && _terra_import_is_blank (g_ptr_array_index (record->fields, n - 1)))
    n--;
  return n;
}

/**
 * terra_import_parse_csv:
 *
 * Reads question,answer pairs (RFC 4180: quoted fields may hold commas,
 * line breaks and doubled quotes). A first row "question,answer" is a
 * header. Rows that are malformed, have another number of fields, an
 * empty question or answer, or repeat an earlier question are skipped,
 * each with its line and the reason.
 */
void
terra_import_parse_csv (const char        *source,
                        const char        *text,
                        gsize              length,
                        TerraImportReport *report)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gsize pos = 0;
  guint line = 1;
  gboolean first = TRUE;
  guint n_before = report->added->len;
  guint n_skipped_before = report->skipped->len;

  g_return_if_fail (text != NULL);
  g_return_if_fail (report != NULL);

  for (;;)
    {
      g_autoptr(CsvRecord) record = csv_read_record (text, length, &pos, &line);
      g_autofree char *question = NULL;
      g_autofree char *answer = NULL;
      g_autofree char *key = NULL;
      guint n_fields;
      gpointer earlier;

      if (record == NULL)
        break;
      if (record->error != NULL)
        {
          _terra_import_add_skip (report, source, record->line, record->error);
          continue;
        }
      n_fields = csv_n_fields (record);
      if (n_fields == 1 && _terra_import_is_blank (g_ptr_array_index (record->fields, 0)))
        continue;
      if (first && csv_is_header (record))
        {
          first = FALSE;
          continue;
        }
      first = FALSE;

      if (n_fields != 2)
        {
          g_autofree char *reason = g_strdup_printf (_("Expected 2 fields (question, answer), found %u"), n_fields);
          _terra_import_add_skip (report, source, record->line, reason);
          continue;
        }

      question = g_strstrip (g_strdup (g_ptr_array_index (record->fields, 0)));
      answer = g_strstrip (g_strdup (g_ptr_array_index (record->fields, 1)));
      if (question[0] == '\0')
        {
          _terra_import_add_skip (report, source, record->line, _("The question is empty"));
          continue;
        }
      if (answer[0] == '\0')
        {
          _terra_import_add_skip (report, source, record->line, _("The answer is empty"));
          continue;
        }
      if (g_utf8_strlen (question, -1) > MAX_QUESTION_CHARS)
        {
          g_autofree char *reason = g_strdup_printf (_("The question is longer than %d characters"), MAX_QUESTION_CHARS);
          _terra_import_add_skip (report, source, record->line, reason);
          continue;
        }

      key = g_utf8_casefold (question, -1);
      if (g_hash_table_lookup_extended (seen, key, NULL, &earlier))
        {
          g_autofree char *reason = g_strdup_printf (_("The same question as line %u"), GPOINTER_TO_UINT (earlier));
          _terra_import_add_skip (report, source, record->line, reason);
          continue;
        }
      g_hash_table_insert (seen, g_steal_pointer (&key), GUINT_TO_POINTER (record->line));

      {
        TerraImportEntry *entry = g_new0 (TerraImportEntry, 1);

        entry->source = g_strdup (source);
        entry->category = TERRA_KNOWLEDGE_FAQ;
        /* The question is the title in full: it is what leads ask. */
        entry->title = g_steal_pointer (&question);
        entry->body = _terra_import_tidy_text (answer);
        g_ptr_array_add (report->added, entry);
      }
    }

  if (report->added->len == n_before && report->skipped->len == n_skipped_before)
    _terra_import_add_skip (report, source, 0, _("The file holds no questions and answers"));
}
