/* terra-analyzer-lexicon.c — the analyzer's word lists, compiled once
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The lists themselves live in terra-analyzer-words.c as short strings of
 * phrases separated by "|". In a phrase, words are separated by spaces; a
 * word ending in "*" matches every word starting with it (stems, and the
 * case endings of Kannada, Tamil and Telugu); "~" matches any one word or
 * none ("talk to ~ human"); "_" matches exactly one word.
 *
 * Compiled, every distinct word becomes one TerraLexEntry in a hash table,
 * holding its attributes and the phrases that start with it, so analyzing a
 * message costs one hash lookup per word (and a few more for a word not in
 * the tables, trying its prefixes against the stems).
 */

#define G_LOG_DOMAIN "terra-analyzer"

#include "config.h"

#include "terra-analyzer-private.h"

struct _TerraLexicon
{
  GHashTable   *words;          /* folded word → TerraLexEntry (owned) */
  GHashTable   *stems;          /* folded stem → TerraLexEntry (owned) */
  GHashTable   *whole_opt_out;  /* folded words joined by spaces → itself */
  GPtrArray    *rules;          /* owns the TerraRules */
  GStringChunk *strings;
  guint         max_stem_len;
  /* A bit for every first two bytes of a stem, so most misses skip the
   * stem lookups entirely. */
  guint8        stem_heads[65536 / 8];
};

/* Devanagari letters with a nukta, precomposed, and their base letters:
 * people type either form, so both fold to the base. */
static const gunichar nukta_bases[] = {
  0x0915, 0x0916, 0x0917, 0x091C, 0x0921, 0x0922, 0x092B, 0x092F,
};

static inline guint
append_unichar (gunichar  c,
                char     *out)
{
  return g_unichar_to_utf8 (c, out);
}

guint
_terra_analyzer_fold (const char *text,
                      guint       len,
                      char       *out)
{
  const char *p = text;
  const char *end = text + len;
  char *o = out;

  while (p < end)
    {
      guchar b = (guchar)*p;
      gunichar c;

      if (b < 0x80)
        {
          if (b != '\'')
            *o++ = g_ascii_tolower (b);
          p++;
          continue;
        }

      c = g_utf8_get_char (p);
      p = g_utf8_next_char (p);

      switch (c)
        {
        case 0x2019: case 0x2018: case 0x02BC:  /* apostrophes */
        case 0x200C: case 0x200D:               /* joiners */
        case 0xFE0F: case 0xFE0E:               /* emoji variation */
        case 0x093C:                            /* the nukta itself */
          continue;
        case 0x0901:                            /* chandrabindu → anusvara */
          c = 0x0902;
          break;
        default:
          if (c >= 0x0958 && c <= 0x095F)
            c = nukta_bases[c - 0x0958];
          else if (c < 0x0250)
            c = g_unichar_tolower (c);
          break;
        }
      o += append_unichar (c, o);
    }

  *o = '\0';
  return o - out;
}

static TerraLexEntry *
get_entry (TerraLexicon *lexicon,
           const char   *word,
           gboolean      prefix)
{
  GHashTable *table = prefix ? lexicon->stems : lexicon->words;
  TerraLexEntry *entry = g_hash_table_lookup (table, word);

  if (entry == NULL)
    {
      char *key = g_string_chunk_insert_const (lexicon->strings, word);

      entry = g_new0 (TerraLexEntry, 1);
      g_hash_table_insert (table, key, entry);
      if (prefix)
        {
          guint len = strlen (key);
          guint16 head = ((guchar)key[0] << 8) | (guchar)key[1];

          lexicon->max_stem_len = MAX (lexicon->max_stem_len, len);
          lexicon->stem_heads[head >> 3] |= 1 << (head & 7);
        }
    }

  return entry;
}

static void
free_entry (gpointer data)
{
  TerraLexEntry *entry = data;

  g_clear_pointer (&entry->rules, g_ptr_array_unref);
  g_free (entry);
}

/* Folds one word of a list; a trailing "*" makes it a stem. Returns FALSE
 * for an empty word. */
static gboolean
fold_word (const char *word,
           guint       len,
           char       *out,
           gboolean   *prefix)
{
  *prefix = len > 1 && word[len - 1] == '*';
  if (*prefix)
    len--;
  if (len == 0)
    return FALSE;

  g_assert (len < 128);
  _terra_analyzer_fold (word, len, out);
  return out[0] != '\0';
}

/* Calls func for every word of a "|"-separated list. */
static void
foreach_word (TerraLexicon *lexicon,
              const char   *list,
              guint32       flags,
              int           value,
              void        (*func) (TerraLexEntry *, guint32, int))
{
  const char *p = list;

  while (*p != '\0')
    {
      const char *end = strchr (p, '|');
      guint len = end != NULL ? (guint)(end - p) : strlen (p);
      char folded[256];
      gboolean prefix;

      while (len > 0 && *p == ' ')
        p++, len--;
      while (len > 0 && p[len - 1] == ' ')
        len--;

      if (fold_word (p, len, folded, &prefix))
        func (get_entry (lexicon, folded, prefix), flags, value);

      if (end == NULL)
        break;
      p = end + 1;
    }
}

static void
set_attribute (TerraLexEntry *entry,
               guint32        flags,
               int            value)
{
  entry->flags |= flags;

  if (flags & TERRA_LEX_MONTH)
    entry->month = value;
  if (flags & TERRA_LEX_WEEKDAY)
    entry->weekday = value;
  if (flags & TERRA_LEX_DAY_OFFSET)
    entry->day_offset = value;
  if (flags & TERRA_LEX_DAY_PART)
    entry->part = value;
  if (flags & TERRA_LEX_NUMBER)
    entry->number = value;
  if (flags & TERRA_LEX_UNIT)
    entry->unit = value;
  if (flags & (TERRA_LEX_CLOCK | TERRA_LEX_MERIDIEM))
    entry->hour = value;
  if (flags & TERRA_LEX_MAGNITUDE)
    entry->magnitude = value;
  if (flags & TERRA_LEX_CURRENCY)
    entry->currency = terra_analyzer_currencies[value];
}

static void
set_language (TerraLexEntry *entry,
              guint32        lang,
              int            value)
{
  entry->lang |= lang;
}

static gboolean
same_rule (const TerraRule *a,
           const TerraRule *b)
{
  if (a->action != b->action || a->target != b->target || a->n_words != b->n_words)
    return FALSE;

  for (guint i = 0; i < a->n_words; i++)
    if (a->words[i].prefix != b->words[i].prefix ||
        a->words[i].optional != b->words[i].optional ||
        g_strcmp0 (a->words[i].word, b->words[i].word) != 0)
      return FALSE;

  return TRUE;
}

/* Compiles one phrase into a rule, filed under its first word. */
static void
add_rule (TerraLexicon    *lexicon,
          TerraRuleAction  action,
          int              target,
          float            weight,
          const char      *phrase,
          guint            phrase_len)
{
  TerraRuleWord words[8];
  guint n_words = 0;
  const char *p = phrase;
  const char *end = phrase + phrase_len;
  TerraLexEntry *first;
  TerraRule *rule;

  g_assert (lexicon != NULL);
  g_assert (phrase != NULL);

  while (p < end)
    {
      const char *space;
      guint len;
      char folded[256];
      gboolean prefix;

      while (p < end && *p == ' ')
        p++;
      if (p == end)
        break;
      space = memchr (p, ' ', end - p);
      len = space != NULL ? (guint)(space - p) : (guint)(end - p);

      g_assert (n_words < G_N_ELEMENTS (words));
      if (len == 1 && (*p == '~' || *p == '_'))
        words[n_words++] = (TerraRuleWord) { NULL, 0, FALSE, *p == '~' };
      else if (fold_word (p, len, folded, &prefix))
        words[n_words++] = (TerraRuleWord) {
          g_string_chunk_insert_const (lexicon->strings, folded),
          strlen (folded), prefix, FALSE
        };
      p += len;
    }

  if (n_words == 0 || words[0].word == NULL)
    {
      g_warning ("Ignoring the phrase “%.*s”", (int)phrase_len, phrase);
      return;
    }

  rule = g_malloc (sizeof (TerraRule) + n_words * sizeof (TerraRuleWord));
  rule->action = action;
  rule->target = target;
  rule->weight = weight;
  rule->n_words = n_words;
  memcpy (rule->words, words, n_words * sizeof (TerraRuleWord));
  g_ptr_array_add (lexicon->rules, rule);

  first = get_entry (lexicon, rule->words[0].word, rule->words[0].prefix);
  if (first->rules == NULL)
    first->rules = g_ptr_array_new ();

  /* Spellings that fold alike ("అపాయింట్‌మెంట్" with and without its
   * joiner) must count once. */
  for (guint i = 0; i < first->rules->len; i++)
    if (same_rule (g_ptr_array_index (first->rules, i), rule))
      {
        g_ptr_array_remove_index_fast (lexicon->rules, lexicon->rules->len - 1);
        return;
      }

  g_ptr_array_add (first->rules, rule);
}

static void
add_group (TerraLexicon        *lexicon,
           const TerraLexGroup *group)
{
  const char *p = group->phrases;

  while (*p != '\0')
    {
      const char *end = strchr (p, '|');
      guint len = end != NULL ? (guint)(end - p) : strlen (p);

      add_rule (lexicon, group->action, group->target, group->weight, p, len);
      if (end == NULL)
        break;
      p = end + 1;
    }
}

static void
add_whole_opt_out (TerraLexicon *lexicon,
                   const char   *list)
{
  g_auto(GStrv) phrases = g_strsplit (list, "|", -1);

  for (guint i = 0; phrases[i] != NULL; i++)
    {
      char folded[256];
      char *key;

      g_strstrip (phrases[i]);
      g_assert (strlen (phrases[i]) < 128);
      _terra_analyzer_fold (phrases[i], strlen (phrases[i]), folded);
      key = g_string_chunk_insert_const (lexicon->strings, folded);
      g_hash_table_add (lexicon->whole_opt_out, key);
    }
}

/* Gives every word the stem it starts with, and the stem's attributes the
 * word lacks, so a token needs one lookup to know both. */
static void
link_stems (TerraLexicon *lexicon)
{
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, lexicon->words);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      TerraLexEntry *entry = value;
      const TerraLexEntry *stem = _terra_lexicon_lookup_stem (lexicon, key, strlen (key));
      guint32 missing;

      entry->stem = stem;
      if (stem == NULL)
        continue;

      missing = stem->flags & ~entry->flags;
      entry->flags |= missing;
      entry->lang |= stem->lang;
      if (missing & TERRA_LEX_MONTH)
        entry->month = stem->month;
      if (missing & TERRA_LEX_WEEKDAY)
        entry->weekday = stem->weekday;
      if (missing & TERRA_LEX_DAY_OFFSET)
        entry->day_offset = stem->day_offset;
      if (missing & TERRA_LEX_DAY_PART)
        entry->part = stem->part;
      if (missing & TERRA_LEX_NUMBER)
        entry->number = stem->number;
      if (missing & TERRA_LEX_UNIT)
        entry->unit = stem->unit;
      if (missing & (TERRA_LEX_CLOCK | TERRA_LEX_MERIDIEM))
        entry->hour = stem->hour;
      if (missing & TERRA_LEX_MAGNITUDE)
        entry->magnitude = stem->magnitude;
      if (missing & TERRA_LEX_CURRENCY)
        entry->currency = stem->currency;
    }
}

TerraLexicon *
_terra_lexicon_new (void)
{
  TerraLexicon *lexicon = g_new0 (TerraLexicon, 1);

  lexicon->words = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, free_entry);
  lexicon->stems = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, free_entry);
  lexicon->whole_opt_out = g_hash_table_new (g_str_hash, g_str_equal);
  lexicon->rules = g_ptr_array_new_with_free_func (g_free);
  lexicon->strings = g_string_chunk_new (16384);

  for (guint i = 0; terra_analyzer_attributes[i].words != NULL; i++)
    foreach_word (lexicon, terra_analyzer_attributes[i].words,
                  terra_analyzer_attributes[i].flags,
                  terra_analyzer_attributes[i].value, set_attribute);

  for (guint i = 0; terra_analyzer_languages[i].words != NULL; i++)
    foreach_word (lexicon, terra_analyzer_languages[i].words,
                  terra_analyzer_languages[i].flags, 0, set_language);

  for (guint i = 0; terra_analyzer_rules[i].phrases != NULL; i++)
    add_group (lexicon, &terra_analyzer_rules[i]);

  add_whole_opt_out (lexicon, terra_analyzer_whole_opt_out);
  link_stems (lexicon);

  return lexicon;
}

void
_terra_lexicon_free (TerraLexicon *lexicon)
{
  if (lexicon == NULL)
    return;

  g_hash_table_unref (lexicon->words);
  g_hash_table_unref (lexicon->stems);
  g_hash_table_unref (lexicon->whole_opt_out);
  g_ptr_array_unref (lexicon->rules);
  g_string_chunk_free (lexicon->strings);
  g_free (lexicon);
}

const TerraLexEntry *
_terra_lexicon_lookup (const TerraLexicon *lexicon,
                       const char         *key,
                       guint               len)
{
  return g_hash_table_lookup (lexicon->words, key);
}

/* The longest stem key starts with, trying only prefixes that end on a
 * character boundary. */
const TerraLexEntry *
_terra_lexicon_lookup_stem (const TerraLexicon *lexicon,
                            const char         *key,
                            guint               len)
{
  char buffer[128];
  guint16 head;
  guint n;

  if (len < 2)
    return NULL;
  head = ((guchar)key[0] << 8) | (guchar)key[1];
  if ((lexicon->stem_heads[head >> 3] & (1 << (head & 7))) == 0)
    return NULL;

  n = MIN (len, lexicon->max_stem_len);
  n = MIN (n, sizeof buffer - 1);
  memcpy (buffer, key, n);

  for (; n >= 2; n--)
    {
      const TerraLexEntry *entry;

      /* Not inside a UTF-8 sequence. */
      if (n < len && ((guchar)key[n] & 0xC0) == 0x80)
        continue;
      buffer[n] = '\0';
      entry = g_hash_table_lookup (lexicon->stems, buffer);
      if (entry != NULL)
        return entry;
    }

  return NULL;
}

gboolean
_terra_lexicon_is_whole_opt_out (const TerraLexicon *lexicon,
                                 const char         *key)
{
  return g_hash_table_contains (lexicon->whole_opt_out, key);
}
