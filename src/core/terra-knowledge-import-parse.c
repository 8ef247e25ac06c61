/* terra-knowledge-import-parse.c — documents into knowledge entries
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Pure functions: bytes in, entries and skip reasons out. HTML and CSV
 * have siblings of their own (terra-knowledge-import-html.c, -csv.c). A document that
 * is one topic becomes one item (the store splits long items into
 * passages); a Markdown or HTML document with several headings of one
 * level becomes one item per heading, the usual shape of an FAQ page.
 * HTML is reduced to its text: scripts, styles and every tag and
 * attribute go, so nothing a page carries can run or render later.
 */

#define G_LOG_DOMAIN "terra-knowledge-import"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <poppler.h>

#include "terra-knowledge-import-private.h"

/* The schema allows 500; longer headings are cut at a word. */
#define MAX_TITLE_CHARS 200

void
terra_import_entry_free (TerraImportEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->source);
  g_free (entry->title);
  g_free (entry->body);
  g_free (entry);
}

void
terra_import_skip_free (TerraImportSkip *skip)
{
  if (skip == NULL)
    return;
  g_free (skip->source);
  g_free (skip->reason);
  g_free (skip);
}

/* An empty report. */
TerraImportReport *
terra_import_report_new (void)
{
  TerraImportReport *report = g_new0 (TerraImportReport, 1);

  report->added = g_ptr_array_new_with_free_func ((GDestroyNotify)terra_import_entry_free);
  report->skipped = g_ptr_array_new_with_free_func ((GDestroyNotify)terra_import_skip_free);
  return report;
}

void
terra_import_report_free (TerraImportReport *report)
{
  if (report == NULL)
    return;
  g_ptr_array_unref (report->added);
  g_ptr_array_unref (report->skipped);
  g_free (report);
}

/* One sentence for a toast: "Added 3 items, skipped 1." (transfer full) */
char *
terra_import_report_summary (const TerraImportReport *report)
{
  g_autofree char *added = NULL;
  g_autofree char *skipped = NULL;

  g_return_val_if_fail (report != NULL, NULL);

  added = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Added %u item", "Added %u items", report->added->len),
                           report->added->len);
  if (report->skipped->len == 0)
    return g_strconcat (added, ".", NULL);

  skipped = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "skipped %u", "skipped %u", report->skipped->len),
                             report->skipped->len);
  return g_strdup_printf ("%s, %s.", added, skipped);
}

void
_terra_import_add_skip (TerraImportReport *report,
          const char        *source,
          guint              line,
          const char        *reason)
{
  TerraImportSkip *skip = g_new0 (TerraImportSkip, 1);

  skip->source = g_strdup (source);
  skip->line = line;
  skip->reason = g_strdup (reason);
  g_ptr_array_add (report->skipped, skip);
}

/* Cuts @text to MAX_TITLE_CHARS characters, at a space when there is one
 * near the end, and collapses its whitespace to single spaces. */
char *
_terra_import_make_title (const char *text)
{
  g_autoptr(GString) title = g_string_new (NULL);
  gboolean space = FALSE;
  guint n_chars = 0;

  for (const char *p = text; *p != '\0' && n_chars < MAX_TITLE_CHARS; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c))
        {
          space = title->len > 0;
          continue;
        }
      if (space)
        {
          g_string_append_c (title, ' ');
          n_chars++;
        }
      space = FALSE;
      g_string_append_unichar (title, c);
      n_chars++;
    }

  if (n_chars >= MAX_TITLE_CHARS)
    {
      char *last_space = strrchr (title->str, ' ');

      if (last_space != NULL && (gsize)(last_space - title->str) > title->len / 2)
        g_string_truncate (title, last_space - title->str);
      g_string_append (title, "…");
    }

  return g_string_free (g_steal_pointer (&title), FALSE);
}

/* "price-list_2026.md" → "price list 2026" */
static char *
title_from_source (const char *source)
{
  g_autofree char *base = g_path_get_basename (source);
  char *dot = strrchr (base, '.');

  if (dot != NULL && dot != base)
    *dot = '\0';
  g_strdelimit (base, "_-", ' ');
  return _terra_import_make_title (base);
}

static char *
unix_line_ends (const char *text)
{
  g_autoptr(GRegex) crlf = g_regex_new ("\\r\\n?", 0, 0, NULL);

  return g_regex_replace_literal (crlf, text, -1, 0, "\n", 0, NULL);
}

/* Line ends to \n, trailing spaces off every line, at most one blank line
 * in a row, no blank lines around. */
char *
_terra_import_tidy_text (const char *text)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_auto(GStrv) lines = NULL;
  g_autofree char *unix_text = unix_line_ends (text);
  guint blank_run = 0;

  lines = g_strsplit (unix_text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_strchomp (lines[i]);
      if (lines[i][0] == '\0')
        {
          blank_run++;
          continue;
        }
      if (out->len > 0)
        g_string_append (out, blank_run > 0 ? "\n\n" : "\n");
      blank_run = 0;
      g_string_append (out, lines[i]);
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
add_entry (TerraImportReport      *report,
           const char             *source,
           TerraKnowledgeCategory  category,
           const char             *title,
           const char             *body)
{
  TerraImportEntry *entry = g_new0 (TerraImportEntry, 1);

  entry->source = g_strdup (source);
  entry->category = category;
  entry->title = _terra_import_make_title (title);
  entry->body = _terra_import_tidy_text (body);
  g_ptr_array_add (report->added, entry);
}

/* The text of a file in UTF-8: a BOM is dropped, UTF-16 with a BOM is
 * converted, and text that is not UTF-8 is read as Windows-1252, what old
 * office programs write. NULL for binary data. */
static char *
bytes_to_utf8 (GBytes *bytes,
               gsize  *length)
{
  gsize size;
  const char *data = g_bytes_get_data (bytes, &size);
  char *text;

  if (size >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0)
    {
      data += 3;
      size -= 3;
    }
  else if (size >= 2 && (memcmp (data, "\xff\xfe", 2) == 0 || memcmp (data, "\xfe\xff", 2) == 0))
    {
      text = g_convert (data, size, "UTF-8", "UTF-16", NULL, length, NULL);
      return text;
    }

  if (memchr (data, '\0', size) != NULL)
    return NULL;

  if (g_utf8_validate (data, size, NULL))
    {
      *length = size;
      return g_strndup (data, size);
    }

  text = g_convert (data, size, "UTF-8", "WINDOWS-1252", NULL, length, NULL);
  if (text == NULL)
    {
      text = g_utf8_make_valid (data, size);
      *length = strlen (text);
    }
  return text;
}

/* Plain text */

/* A short first line that does not read like a sentence is the title. */
static void
parse_text (const char             *source,
            const char             *text,
            TerraKnowledgeCategory  category,
            TerraImportReport      *report)
{
  g_autofree char *tidy = _terra_import_tidy_text (text);
  const char *newline;

  if (tidy[0] == '\0')
    {
      _terra_import_add_skip (report, source, 0, _("The file holds no text"));
      return;
    }

  newline = strchr (tidy, '\n');
  if (newline != NULL)
    {
      g_autofree char *first = g_strndup (tidy, newline - tidy);
      gsize n = strlen (first);

      if (g_utf8_strlen (first, -1) <= 80 && strchr (".,;:", first[n - 1]) == NULL)
        {
          add_entry (report, source, category, first, newline + 1);
          return;
        }
    }

  {
    g_autofree char *title = title_from_source (source);
    add_entry (report, source, category, title, tidy);
  }
}

/* Markdown */

typedef struct
{
  guint  line;   /* index of the heading line */
  guint  level;
  char  *text;
  guint  n_lines; /* 1 for ATX headings, 2 for setext ones */
} Heading;

static void
heading_clear (Heading *heading)
{
  g_free (heading->text);
}

/* "## Title ##" → level 2, "Title"; 0 when @line is no ATX heading. */
static guint
atx_heading (const char  *line,
             char       **text)
{
  guint level = 0;
  const char *p = line;
  g_autofree char *rest = NULL;

  while (*p == ' ' && p - line < 3)
    p++;
  while (*p == '#')
    {
      level++;
      p++;
    }
  if (level == 0 || level > 6 || (*p != ' ' && *p != '\t' && *p != '\0'))
    return 0;

  rest = g_strstrip (g_strdup (p));
  /* A closing run of #s is decoration. */
  {
    gsize n = strlen (rest);
    while (n > 0 && rest[n - 1] == '#')
      n--;
    if (n == 0 || rest[n - 1] == ' ')
      rest[n] = '\0';
  }
  *text = g_strstrip (g_steal_pointer (&rest));
  if ((*text)[0] == '\0')
    {
      g_clear_pointer (text, g_free);
      return 0;
    }
  return level;
}

static gboolean
is_rule_of (const char *line,
            char        c)
{
  g_autofree char *stripped = g_strstrip (g_strdup (line));

  if (stripped[0] == '\0')
    return FALSE;
  for (const char *p = stripped; *p != '\0'; p++)
    if (*p != c)
      return FALSE;
  return TRUE;
}

/* The headings outside fenced code blocks. */
static GArray *
find_headings (char **lines)
{
  GArray *headings = g_array_new (FALSE, TRUE, sizeof (Heading));
  gboolean fenced = FALSE;

  g_array_set_clear_func (headings, (GDestroyNotify)heading_clear);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];
      g_autofree char *stripped = g_strstrip (g_strdup (line));
      Heading heading = { i, 0, NULL, 1 };

      if (g_str_has_prefix (stripped, "```") || g_str_has_prefix (stripped, "~~~"))
        {
          fenced = !fenced;
          continue;
        }
      if (fenced)
        continue;

      heading.level = atx_heading (line, &heading.text);
      if (heading.level == 0 && i > 0 && lines[i - 1][0] != '\0' &&
          !g_ascii_isspace (lines[i - 1][0]) && (is_rule_of (line, '=') || is_rule_of (line, '-')))
        {
          /* Setext: the line before, underlined. */
          g_autofree char *above = g_strstrip (g_strdup (lines[i - 1]));

          if (above[0] != '-' && above[0] != '*' && above[0] != '#')
            {
              heading.level = is_rule_of (line, '=') ? 1 : 2;
              heading.text = g_steal_pointer (&above);
              heading.line = i - 1;
              heading.n_lines = 2;
            }
        }
      if (heading.level > 0)
        g_array_append_val (headings, heading);
    }

  return headings;
}

/* The lines [from, to) joined. */
static char *
join_lines (char  **lines,
            guint   from,
            guint   to)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = from; i < to && lines[i] != NULL; i++)
    {
      g_string_append (text, lines[i]);
      g_string_append_c (text, '\n');
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

gboolean
_terra_import_is_blank (const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isspace (*p))
      return FALSE;
  return TRUE;
}

/* The shallowest heading level (1–3) used at least twice; 0 for none. */
static guint
split_level (GArray *headings)
{
  for (guint level = 1; level <= 3; level++)
    {
      guint count = 0;

      for (guint i = 0; i < headings->len; i++)
        if (g_array_index (headings, Heading, i).level == level)
          count++;
      if (count >= 2)
        return level;
    }
  return 0;
}

static void
parse_markdown_full (const char             *source,
                     const char             *text,
                     const char             *fallback_title,
                     TerraKnowledgeCategory  category,
                     TerraImportReport      *report)
{
  g_autofree char *tidy = _terra_import_tidy_text (text);
  g_autofree char *unix_text = unix_line_ends (text);
  /* Not the tidy text: skipped headings are reported by their line. */
  g_auto(GStrv) lines = g_strsplit (unix_text, "\n", -1);
  g_autoptr(GArray) headings = find_headings (lines);
  g_autofree char *stem = fallback_title != NULL ? g_strdup (fallback_title) : title_from_source (source);
  guint level = split_level (headings);
  guint n_lines = g_strv_length (lines);
  guint n_before = report->added->len;
  guint preamble_end = n_lines;

  if (_terra_import_is_blank (tidy))
    {
      _terra_import_add_skip (report, source, 0, _("The file holds no text"));
      return;
    }

  if (level == 0)
    {
      /* One topic: titled by its first heading, which leaves the body. */
      if (headings->len > 0)
        {
          Heading *first = &g_array_index (headings, Heading, 0);
          g_autofree char *before = join_lines (lines, 0, first->line);
          g_autofree char *after = join_lines (lines, first->line + first->n_lines, n_lines);
          g_autofree char *body = g_strconcat (before, after, NULL);

          if (!_terra_import_is_blank (body))
            add_entry (report, source, category, first->text, body);
          else
            _terra_import_add_skip (report, source, 0, _("The file holds a heading but no text"));
        }
      else
        add_entry (report, source, category, stem, tidy);
      return;
    }

  /* Sections start at every heading of the split level or above. */
  for (guint i = 0; i < headings->len; i++)
    if (g_array_index (headings, Heading, i).level <= level)
      {
        preamble_end = g_array_index (headings, Heading, i).line;
        break;
      }
  {
    g_autofree char *preamble = join_lines (lines, 0, preamble_end);
    if (!_terra_import_is_blank (preamble))
      add_entry (report, source, category, stem, preamble);
  }

  for (guint i = 0; i < headings->len; i++)
    {
      Heading *heading = &g_array_index (headings, Heading, i);
      g_autofree char *body = NULL;
      guint end = n_lines;

      if (heading->level > level)
        continue;
      for (guint j = i + 1; j < headings->len; j++)
        if (g_array_index (headings, Heading, j).level <= level)
          {
            end = g_array_index (headings, Heading, j).line;
            break;
          }

      body = join_lines (lines, heading->line + heading->n_lines, end);
      if (!_terra_import_is_blank (body))
        add_entry (report, source, category, heading->text, body);
      else if (heading->level == level)
        {
          g_autofree char *reason = g_strdup_printf (_("The heading “%s” has no text under it"), heading->text);
          _terra_import_add_skip (report, source, heading->line + 1, reason);
        }
    }

  if (report->added->len == n_before && report->skipped->len == 0)
    _terra_import_add_skip (report, source, 0, _("The file holds no text"));
}

/* PDF */

static void
parse_pdf (const char             *source,
           GBytes                 *bytes,
           TerraKnowledgeCategory  category,
           TerraImportReport      *report)
{
  /* Poppler of Debian 12 declares no autoptr cleanup for its types. */
  PopplerDocument *document = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  g_autofree char *tidy = NULL;
  int n_pages;

  document = poppler_document_new_from_bytes (bytes, NULL, &error);
  if (document == NULL)
    {
      g_autofree char *reason = NULL;

      if (g_error_matches (error, POPPLER_ERROR, POPPLER_ERROR_ENCRYPTED))
        reason = g_strdup (_("The PDF is protected by a password"));
      else
        reason = g_strdup_printf (_("Not a readable PDF: %s"), error->message);
      _terra_import_add_skip (report, source, 0, reason);
      return;
    }

  n_pages = poppler_document_get_n_pages (document);
  for (int i = 0; i < n_pages; i++)
    {
      PopplerPage *page = poppler_document_get_page (document, i);
      g_autofree char *page_text = page != NULL ? poppler_page_get_text (page) : NULL;

      g_clear_object (&page);
      if (page_text != NULL && !_terra_import_is_blank (page_text))
        {
          if (text->len > 0)
            g_string_append (text, "\n\n");
          g_string_append (text, page_text);
        }
    }

  title = poppler_document_get_title (document);
  g_object_unref (document);

  tidy = _terra_import_tidy_text (text->str);
  if (tidy[0] == '\0')
    {
      _terra_import_add_skip (report, source, 0,
                _("The PDF holds no text; a scanned document needs text recognition first"));
      return;
    }

  if (title == NULL || _terra_import_is_blank (title))
    {
      g_free (title);
      title = title_from_source (source);
    }
  add_entry (report, source, category, title, tidy);
}

/* By the file name's extension. */
TerraImportFormat
terra_import_format_from_name (const char *filename)
{
  static const struct
  {
    const char        *suffix;
    TerraImportFormat  format;
  } suffixes[] = {
    { ".txt", TERRA_IMPORT_FORMAT_TEXT },
    { ".text", TERRA_IMPORT_FORMAT_TEXT },
    { ".md", TERRA_IMPORT_FORMAT_MARKDOWN },
    { ".markdown", TERRA_IMPORT_FORMAT_MARKDOWN },
    { ".html", TERRA_IMPORT_FORMAT_HTML },
    { ".htm", TERRA_IMPORT_FORMAT_HTML },
    { ".xhtml", TERRA_IMPORT_FORMAT_HTML },
    { ".csv", TERRA_IMPORT_FORMAT_CSV },
    { ".pdf", TERRA_IMPORT_FORMAT_PDF },
  };
  g_autofree char *lower = NULL;

  g_return_val_if_fail (filename != NULL, TERRA_IMPORT_FORMAT_UNKNOWN);

  lower = g_ascii_strdown (filename, -1);
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    if (g_str_has_suffix (lower, suffixes[i].suffix))
      return suffixes[i].format;
  return TERRA_IMPORT_FORMAT_UNKNOWN;
}

/**
 * terra_import_parse:
 * @source: the file's name, for titles and the report
 *
 * Parses one document into @report. Never fails: what cannot be read is
 * a skip with its reason.
 */
void
terra_import_parse (TerraImportFormat       format,
                    const char             *source,
                    GBytes                 *bytes,
                    TerraKnowledgeCategory  category,
                    TerraImportReport      *report)
{
  g_autofree char *text = NULL;
  gsize length = 0;

  g_return_if_fail (source != NULL);
  g_return_if_fail (bytes != NULL);
  g_return_if_fail (report != NULL);

  if (format == TERRA_IMPORT_FORMAT_UNKNOWN)
    {
      _terra_import_add_skip (report, source, 0, _("Not a document Terra can read (text, Markdown, HTML, CSV or PDF)"));
      return;
    }
  if (format == TERRA_IMPORT_FORMAT_PDF)
    {
      parse_pdf (source, bytes, category, report);
      return;
    }

  text = bytes_to_utf8 (bytes, &length);
  if (text == NULL)
    {
      _terra_import_add_skip (report, source, 0, _("Not a text file"));
      return;
    }

  switch (format)
    {
    case TERRA_IMPORT_FORMAT_TEXT:
      parse_text (source, text, category, report);
      break;

    case TERRA_IMPORT_FORMAT_MARKDOWN:
      parse_markdown_full (source, text, NULL, category, report);
      break;

    case TERRA_IMPORT_FORMAT_HTML:
      {
        g_autofree char *title = NULL;
        g_autofree char *plain = terra_import_html_to_text (text, length, &title);

        parse_markdown_full (source, plain, title != NULL && title[0] != '\0' ? title : NULL,
                             category, report);
      }
      break;

    case TERRA_IMPORT_FORMAT_CSV:
      terra_import_parse_csv (source, text, length, report);
      break;

    case TERRA_IMPORT_FORMAT_UNKNOWN:
    case TERRA_IMPORT_FORMAT_PDF:
    default:
      g_assert_not_reached ();
    }
}
