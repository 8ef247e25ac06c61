/* terra-knowledge-import-html.c — the text a reader of a web page sees
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A small tokenizer, not a browser: tags and attributes are dropped,
 * the content of scripts, styles and other hidden elements is dropped
 * with them, entities are decoded and whitespace folds as a browser folds
 * it. Headings h1–h3 come out as Markdown headings, so an FAQ page splits
 * into one item per question like a Markdown file does.
 */

#define G_LOG_DOMAIN "terra-knowledge-import"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "terra-knowledge-import-private.h"

/* Elements whose content is never text a reader sees. */
static const char *const hidden_elements[] = {
  "script", "style", "noscript", "template", "iframe", "object", "svg", "math", "head", "select", NULL
};

static const char *const block_elements[] = {
  "p", "div", "br", "ul", "ol", "table", "tr", "section", "article", "header", "footer",
  "blockquote", "pre", "hr", "dl", "dt", "dd", "main", "nav", "aside", "form", "figure",
  "figcaption", "address", "h4", "h5", "h6", NULL
};

static const struct
{
  const char *name;
  const char *text;
} named_entities[] = {
  { "amp", "&" }, { "lt", "<" }, { "gt", ">" }, { "quot", "\"" }, { "apos", "'" },
  { "nbsp", " " }, { "mdash", "—" }, { "ndash", "–" }, { "hellip", "…" },
  { "lsquo", "‘" }, { "rsquo", "’" }, { "ldquo", "“" }, { "rdquo", "”" },
  { "copy", "©" }, { "reg", "®" }, { "trade", "™" }, { "euro", "€" }, { "pound", "£" },
  { "bull", "•" }, { "middot", "·" }, { "times", "×" }, { "deg", "°" },
};

/* Decodes the entity at @p ("&amp;", "&#233;", "&#xE9;") into @out and
 * returns where the text goes on; a lone "&" stays as it is. */
static const char *
decode_entity (const char *p,
               const char *end,
               GString    *out)
{
  const char *semicolon;
  g_autofree char *name = NULL;

  g_assert (*p == '&');

  semicolon = memchr (p, ';', MIN (end - p, 12));
  if (semicolon == NULL)
    {
      g_string_append_c (out, '&');
      return p + 1;
    }

  name = g_strndup (p + 1, semicolon - p - 1);
  if (name[0] == '#')
    {
      gboolean hex = name[1] == 'x' || name[1] == 'X';
      char *number_end = NULL;
      guint64 code = g_ascii_strtoull (name + (hex ? 2 : 1), &number_end, hex ? 16 : 10);

      if (number_end != NULL && *number_end == '\0' && number_end != name + (hex ? 2 : 1) &&
          code > 0 && code <= 0x10FFFF && g_unichar_validate ((gunichar)code))
        {
          g_string_append_unichar (out, code == 0xA0 ? ' ' : (gunichar)code);
          return semicolon + 1;
        }
    }
  else
    {
      for (guint i = 0; i < G_N_ELEMENTS (named_entities); i++)
        if (strcmp (name, named_entities[i].name) == 0)
          {
            g_string_append (out, named_entities[i].text);
            return semicolon + 1;
          }
    }

  g_string_append_c (out, '&');
  return p + 1;
}

/* Appends text, decoding entities and folding whitespace as a browser
 * does outside <pre>. */
static void
append_html_text (GString    *out,
                  const char *p,
                  const char *end)
{
  while (p < end)
    {
      if (*p == '&')
        p = decode_entity (p, end, out);
      else if (g_ascii_isspace (*p))
        {
          if (out->len > 0 && !g_ascii_isspace (out->str[out->len - 1]))
            g_string_append_c (out, ' ');
          p++;
        }
      else
        g_string_append_c (out, *p++);
    }
}

/* Where the tag starting at @p ends (after its '>'), skipping quoted
 * attribute values, which may hold '>'. */
static const char *
tag_end (const char *p,
         const char *end)
{
  char quote = 0;

  for (; p < end; p++)
    {
      if (quote != 0)
        {
          if (*p == quote)
            quote = 0;
        }
      else if (*p == '"' || *p == '\'')
        quote = *p;
      else if (*p == '>')
        return p + 1;
    }
  return end;
}

/* The position of "</name" at or after @p, case-insensitively, or @end. */
static const char *
find_closing (const char *p,
              const char *end,
              const char *name)
{
  gsize n = strlen (name);

  for (; p + n + 2 <= end; p++)
    if (p[0] == '<' && p[1] == '/' && g_ascii_strncasecmp (p + 2, name, n) == 0 &&
        (p + n + 2 == end || !g_ascii_isalnum (p[n + 2])))
      return p;
  return end;
}

static void
new_paragraph (GString *out)
{
  while (out->len > 0 && out->str[out->len - 1] == ' ')
    g_string_truncate (out, out->len - 1);
  if (out->len > 0)
    g_string_append (out, "\n\n");
}

static void
handle_tag (GString    *out,
            const char *name,
            gboolean    closing)
{
  if (strcmp (name, "h1") == 0 || strcmp (name, "h2") == 0 || strcmp (name, "h3") == 0)
    {
      new_paragraph (out);
      if (!closing)
        {
          for (int i = 0; i < name[1] - '0'; i++)
            g_string_append_c (out, '#');
          g_string_append_c (out, ' ');
        }
    }
  else if (strcmp (name, "li") == 0)
    {
      if (!closing)
        {
          while (out->len > 0 && out->str[out->len - 1] == ' ')
            g_string_truncate (out, out->len - 1);
          if (out->len > 0)
            g_string_append_c (out, '\n');
          g_string_append (out, "- ");
        }
    }
  else if (strcmp (name, "br") == 0)
    g_string_append_c (out, '\n');
  else if (strcmp (name, "td") == 0 || strcmp (name, "th") == 0)
    {
      if (closing)
        g_string_append_c (out, ' ');
    }
  else if (g_strv_contains (block_elements, name))
    new_paragraph (out);
}

/**
 * terra_import_html_to_text:
 * @title: (out) (optional): the document's <title>, or NULL
 *
 * Returns: (transfer full): the text a reader of the page sees, with
 *   headings h1–h3 written as Markdown headings and list items as "- "
 */
char *
terra_import_html_to_text (const char  *html,
                           gssize       length,
                           char       **title)
{
  g_autoptr(GString) out = g_string_new (NULL);
  const char *p = html;
  const char *end;

  g_return_val_if_fail (html != NULL, NULL);

  end = html + (length < 0 ? strlen (html) : (gsize)length);
  if (title != NULL)
    *title = NULL;

  while (p < end)
    {
      const char *lt = memchr (p, '<', end - p);
      const char *name_start;
      const char *name_end;
      g_autofree char *name = NULL;
      gboolean closing;

      if (lt == NULL)
        {
          append_html_text (out, p, end);
          break;
        }
      append_html_text (out, p, lt);
      p = lt;

      if (end - p >= 4 && strncmp (p, "<!--", 4) == 0)
        {
          const char *close = g_strstr_len (p + 4, end - p - 4, "-->");
          p = close != NULL ? close + 3 : end;
          continue;
        }
      if (end - p >= 2 && (p[1] == '!' || p[1] == '?'))
        {
          p = tag_end (p, end);
          continue;
        }

      closing = end - p >= 2 && p[1] == '/';
      name_start = p + (closing ? 2 : 1);
      if (name_start >= end || !g_ascii_isalpha (*name_start))
        {
          /* A "<" that starts no tag is text. */
          g_string_append (out, "<");
          p++;
          continue;
        }
      for (name_end = name_start; name_end < end && g_ascii_isalnum (*name_end); name_end++)
        ;
      name = g_ascii_strdown (name_start, name_end - name_start);
      p = tag_end (name_end, end);

      if (!closing && strcmp (name, "title") == 0)
        {
          const char *close = find_closing (p, end, "title");
          if (title != NULL && *title == NULL)
            {
              g_autoptr(GString) text = g_string_new (NULL);
              append_html_text (text, p, close);
              *title = g_strstrip (g_string_free (g_steal_pointer (&text), FALSE));
            }
          p = close < end ? tag_end (close, end) : end;
          continue;
        }
      if (!closing && g_strv_contains (hidden_elements, name))
        {
          /* <head> is skipped too, but its <title> is wanted. */
          if (strcmp (name, "head") == 0)
            continue;
          p = find_closing (p, end, name);
          p = p < end ? tag_end (p, end) : end;
          continue;
        }
      handle_tag (out, name, closing);
    }

  return _terra_import_tidy_text (out->str);
}
