/* terra-knowledge-query.c — from a question to safe FTS5 queries
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A lead types anything: "is there parking??", "AND NEAR( -price*", a
 * Hinglish question. Each word that carries meaning becomes one FTS5 query
 * of quoted strings, so nothing the lead typed is ever read as FTS syntax;
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

/* A light English stemmer for the question only: the index keeps whole
 * words, and the stem is matched as a prefix, so "parking" finds "park",
 * "parks" and "parking", and "amenities" finds "amenity". Suffixes are
 * only removed from words long enough that the stem still means something. */
static void
stem (char *word)
{
  gsize n = strlen (word);

  if (n > 5 && g_str_has_suffix (word, "ies"))
    word[n - 3] = '\0';
  else if (n > 6 && g_str_has_suffix (word, "ing"))
    word[n - 3] = '\0';
  else if (n > 5 && g_str_has_suffix (word, "ed"))
    word[n - 2] = '\0';
  else if (n > 3 && word[n - 1] == 's' && word[n - 2] != 's' &&
           word[n - 2] != 'u' && word[n - 2] != 'i')
    word[n - 1] = '\0';
}

/* The FTS5 query for one case-folded word, or NULL for a stop-word. Quoted
 * strings are literal to FTS5 (a quote inside is doubled); the * after one
 * makes its last token a prefix. */
static char *
word_query (char *word)
{
  g_autofree char *quoted = NULL;
  g_auto(GStrv) parts = NULL;

  if (is_stop_word (word))
    return NULL;
  if (g_utf8_strlen (word, -1) < 2 && !is_number (word))
    return NULL;

  if (is_ascii_word (word))
    stem (word);

  parts = g_strsplit (word, "\"", -1);
  quoted = g_strjoinv ("\"\"", parts);

  /* Numbers must match exactly: "3" is not "30". A prefix of three
   * letters or fewer matches too much ("car" would find "carpet"), so a
   * short word matches itself and its plural. */
  if (is_number (word))
    return g_strdup_printf ("\"%s\"", quoted);
  if (is_ascii_word (word) && strlen (word) <= 3)
    return g_strdup_printf ("\"%s\" OR \"%ss\"", quoted, quoted);
  return g_strdup_printf ("\"%s\"*", quoted);
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
