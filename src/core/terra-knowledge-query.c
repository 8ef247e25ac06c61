/* terra-knowledge-query.c — from a question to safe FTS5 queries
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A lead types anything: "is there parking??", "AND NEAR( -price*", a
 * Hinglish question. Each word that carries meaning becomes one FTS5 query
 * of quoted strings (the word's forms, ORed), so nothing the lead typed is
 * ever read as FTS syntax;
 * words that carry none (stop-words) are dropped, so that "is there" cannot
 * make an unrelated passage relevant.
 */

#define G_LOG_DOMAIN "terra-knowledge"

#include "config.h"

#include <string.h>

#include "terra-knowledge-private.h"

/* Case-folded words that say nothing about what is asked: English function
 * words and chat fillers, and their Hinglish, Hindi and Kannada
 * counterparts. Domain words ("price", "available") are not here. */
static const char * const stop_words[] = {
  "a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and", "any",
  "anything", "are", "aren", "as", "ask", "at", "be", "because", "been", "before", "being",
  "below", "between", "both", "but", "by", "can", "cannot", "could", "dear", "did", "do",
  "does", "doing", "don", "down", "during", "each", "else", "even", "ever", "few", "for",
  "from", "further", "get", "getting", "give", "go", "got", "had", "has", "have", "having",
  "he", "hello", "her", "here", "hers", "hey", "hi", "him", "his", "how", "i", "if", "im",
  "in", "into", "is", "isn", "it", "its", "itself", "just", "kindly", "know", "let", "like",
  "ll", "madam", "many", "may", "me", "might", "more", "most", "much", "must", "my", "no",
  "nor", "not", "now", "of", "off", "ok", "okay", "on", "once", "one", "only", "or", "other",
  "our", "ours", "out", "over", "own", "please", "pls", "plz", "re", "really", "same", "say",
  "see", "shall", "she", "should", "so", "some", "something", "such", "sure", "tell", "than",
  "thank", "thanks", "that", "the", "their", "theirs", "them", "then", "there", "these",
  "they", "thing", "things", "this", "those", "through", "to", "too", "under", "until", "up",
  "us", "ve", "very", "want", "wanted", "was", "way", "we", "well", "were", "what", "whats",
  "when", "where", "whether", "which", "while", "who", "whom", "why", "will", "with", "would",
  "yes", "you", "your", "yours",
  /* Hinglish */
  "aap", "aapka", "aapke", "aur", "bhi", "hai", "hain", "ho", "hoga", "kab", "kahan", "kaise",
  "kar", "karo", "ke", "ki", "kitna", "kitne", "kitni", "ko", "kya", "mein", "mujhe", "na",
  "nahi", "se", "toh", "tha", "yeh", "woh",
  /* Hindi */
  "और", "क", "क्या", "का", "कि", "की", "के", "को", "तो", "भी", "में", "यह", "वह", "से", "है", "हैं",
  "हो", "नहीं", "मुझे", "आप", "आपका", "कितना", "कब", "कहाँ", "कैसे",
  /* Kannada */
  "ಇದೆ", "ಇದು", "ಅದು", "ಏನು", "ಮತ್ತು", "ಹೇಗೆ", "ಯಾವ", "ಎಷ್ಟು", "ನನಗೆ", "ನೀವು", "ಇಲ್ಲ",
};

static gboolean
is_stop_word (const char *word)
{
  static GHashTable *table;
  static gsize initialized;

  /* Built once and kept for the life of the process. */
  if (g_once_init_enter (&initialized))
    {
      table = g_hash_table_new (g_str_hash, g_str_equal);
      for (guint i = 0; i < G_N_ELEMENTS (stop_words); i++)
        g_hash_table_add (table, (gpointer)stop_words[i]);
      g_once_init_leave (&initialized, 1);
    }

  return g_hash_table_contains (table, word);
}

/* The characters FTS5's unicode61 tokenizer keeps in a token, and the
 * marks that Indic words are written with. */
static gboolean
is_word_char (gunichar c)
{
  return g_unichar_isalnum (c) || g_unichar_ismark (c);
}

static gboolean
is_ascii_word (const char *word)
{
  for (const char *p = word; *p != '\0'; p++)
    if (!g_ascii_isalpha (*p))
      return FALSE;
  return TRUE;
}

static gboolean
is_number (const char *word)
{
  for (const char *p = word; *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isdigit (g_utf8_get_char (p)))
      return FALSE;
  return TRUE;
}

/* A light English stemmer for the question only: "parking" → "park",
 * "amenities" → "amenit", "allowed" → "allow". Suffixes are only removed
 * from words long enough that the stem still means something. */
static char *
stem (const char *word)
{
  gsize n = strlen (word);

  if (n > 5 && g_str_has_suffix (word, "ies"))
    return g_strndup (word, n - 3);
  if (n > 6 && g_str_has_suffix (word, "ing"))
    return g_strndup (word, n - 3);
  if (n > 5 && g_str_has_suffix (word, "ed"))
    return g_strndup (word, n - 2);
  if (n > 3 && word[n - 1] == 's' && word[n - 2] != 's' && word[n - 2] != 'u' && word[n - 2] != 'i')
    return g_strndup (word, n - 1);
  return g_strdup (word);
}

static void
add_form (GPtrArray  *forms,
          const char *form)
{
  if (!g_ptr_array_find_with_equal_func (forms, form, g_str_equal, NULL))
    g_ptr_array_add (forms, g_strdup (form));
}

/* The forms of an English word that the question's word stands for:
 * itself, its stem and the stem's usual endings. The index keeps whole
 * words, and a list of exact words is read lazily by FTS5, where a prefix
 * query ("park*") would first merge the lists of every word it matches —
 * far too slow for a common prefix in a large knowledge base. */
static GPtrArray *
english_forms (const char *word)
{
  g_autofree char *root = stem (word);
  GPtrArray *forms = g_ptr_array_new_with_free_func (g_free);
  gsize n = strlen (root);
  const char *endings[] = { "", "s", "es", "ed", "ing" };

  add_form (forms, word);
  for (guint i = 0; i < G_N_ELEMENTS (endings); i++)
    {
      g_autofree char *form = NULL;

      /* "gym" is not "gymed": short words take plurals only. */
      if (n <= 3 && i > 2)
        break;
      form = g_strconcat (root, endings[i], NULL);
      add_form (forms, form);
    }

  if (g_str_has_suffix (word, "ies") && n + 3 == strlen (word))
    {
      /* "amenities": "amenity" */
      g_autofree char *y = g_strconcat (root, "y", NULL);

      add_form (forms, y);
    }
  else if (g_str_has_suffix (word, "y") && n > 3)
    {
      /* "amenity": "amenities" */
      g_autofree char *ies = g_strndup (root, n - 1);
      g_autofree char *plural = g_strconcat (ies, "ies", NULL);

      add_form (forms, plural);
    }
  else if (n > 3 && root[n - 1] == 'e')
    {
      /* "charge": "charged", "charging" */
      g_autofree char *d = g_strconcat (root, "d", NULL);
      g_autofree char *base = g_strndup (root, n - 1);
      g_autofree char *ing = g_strconcat (base, "ing", NULL);

      add_form (forms, d);
      add_form (forms, ing);
    }

  return forms;
}

/* The FTS5 query for one case-folded word, or NULL for a stop-word. Each
 * form is a quoted string, literal to FTS5 (a quote inside is doubled),
 * and the forms are ORed. */
static char *
word_query (const char *word)
{
  g_autoptr(GPtrArray) forms = NULL;
  GString *query;

  if (is_stop_word (word) || (g_utf8_strlen (word, -1) < 2 && !is_number (word)))
    return NULL;

  if (is_ascii_word (word))
    forms = english_forms (word);
  else
    {
      /* Numbers match exactly ("3" is not "30"), and so do words of other
       * scripts, whose endings this code does not know. */
      forms = g_ptr_array_new_with_free_func (g_free);
      g_ptr_array_add (forms, g_strdup (word));
    }

  query = g_string_new (NULL);
  for (guint i = 0; i < forms->len; i++)
    {
      g_auto(GStrv) parts = g_strsplit (g_ptr_array_index (forms, i), "\"", -1);
      g_autofree char *quoted = g_strjoinv ("\"\"", parts);

      g_string_append_printf (query, "%s\"%s\"", i > 0 ? " OR " : "", quoted);
    }

  return g_string_free (query, FALSE);
}

GPtrArray *
_terra_knowledge_query_terms (const char *text,
                              guint       max_terms)
{
  g_autofree char *valid = g_utf8_make_valid (text ? text : "", -1);
  g_autofree char *folded = g_utf8_casefold (valid, -1);
  GPtrArray *queries = g_ptr_array_new_with_free_func (g_free);
  const char *p = folded;

  while (*p != '\0' && queries->len < max_terms)
    {
      g_autofree char *word = NULL;
      char *query;
      const char *start;

      while (*p != '\0' && !is_word_char (g_utf8_get_char (p)))
        p = g_utf8_next_char (p);
      for (start = p; *p != '\0' && is_word_char (g_utf8_get_char (p));)
        p = g_utf8_next_char (p);
      if (p == start)
        break;

      word = g_strndup (start, p - start);
      query = word_query (word);
      if (query == NULL)
        continue;
      if (g_ptr_array_find_with_equal_func (queries, query, g_str_equal, NULL))
        g_free (query);
      else
        g_ptr_array_add (queries, query);
    }

  return queries;
}
