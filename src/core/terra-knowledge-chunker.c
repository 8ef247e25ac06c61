/* terra-knowledge-chunker.c — cutting knowledge into overlapping passages
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An item's title and body become passages of at most
 * TERRA_KNOWLEDGE_CHUNK_TOKENS estimated tokens, each repeating about
 * TERRA_KNOWLEDGE_OVERLAP_TOKENS of the previous one so that a fact on a
 * boundary is whole in one of them. Passages end at a paragraph, else a
 * sentence, else a word; text is only ever cut between characters.
 */

#define G_LOG_DOMAIN "terra-knowledge"

#include "config.h"

#include <string.h>

#include "terra-knowledge-private.h"

/* A longer run without spaces (a URL, text in a script written without
 * spaces) is cut into pieces of at most this many bytes, so that a passage
 * can always end inside it. 128 bytes are 32 estimated tokens. */
#define MAX_WORD_BYTES 128

/* A passage may end early at a paragraph or sentence end, but not below
 * this share of its budget: tiny passages rank badly and multiply. */
#define MIN_SHARE_NUM 3
#define MIN_SHARE_DEN 5

/* A title is repeated at the head of every later passage so that each one
 * stands on its own, in search and in a prompt; not one so long that it
 * would crowd out the passage. */
#define MAX_HEADING_TOKENS 100

typedef enum
{
  BREAK_NONE,
  BREAK_SENTENCE,   /* a sentence end or a line break */
  BREAK_PARAGRAPH,  /* an empty line */
} BreakKind;

typedef struct
{
  gsize     start;  /* bytes into the text */
  gsize     end;
  guint     tokens;
  BreakKind after;  /* the boundary that follows the word */
} Word;

/* The token estimate: one token per 4 bytes of UTF-8, at least one per
 * word. That gives about 1.3 tokens per English word, as word-piece
 * tokenizers count, and several per word in Indic scripts (3 bytes a
 * character), which those tokenizers also split finely. It is cheap and
 * deterministic, and errs on the generous side, which keeps passages
 * within an embedding model's input. */
static guint
word_tokens (gsize n_bytes)
{
  return MAX (1, (n_bytes + 3) / 4);
}

static gboolean
is_space (const char *p)
{
  return g_unichar_isspace (g_utf8_get_char (p));
}

/**
 * terra_knowledge_estimate_tokens:
 * @length: bytes of @text, or -1 if nul-terminated
 *
 * Estimates how many tokens a language model counts in @text.
 */
guint
terra_knowledge_estimate_tokens (const char *text,
                                 gssize      length)
{
  const char *end;
  const char *p;
  guint tokens = 0;

  g_return_val_if_fail (text != NULL || length == 0, 0);

  if (length < 0)
    length = strlen (text);
  end = text + length;

  for (p = text; p < end;)
    {
      const char *start;

      while (p < end && is_space (p))
        p = g_utf8_next_char (p);
      if (p >= end)
        break;

      for (start = p; p < end && !is_space (p);)
        p = g_utf8_next_char (p);
      tokens += word_tokens (p - start);
    }

  return tokens;
}

/* Whether a word closes a sentence, looking through closing quotes and
 * brackets: "done." and (done!) do. Abbreviations give false ends, which
 * only make a passage end a little early. */
static gboolean
ends_sentence (const char *start,
               const char *end)
{
  const char *p = end;

  g_assert (start < end);

  while (p > start)
    {
      gunichar c;
      GUnicodeType type;

      p = g_utf8_prev_char (p);
      c = g_utf8_get_char (p);
      type = g_unichar_type (c);
      if (c == '"' || c == '\'' || type == G_UNICODE_CLOSE_PUNCTUATION ||
          type == G_UNICODE_FINAL_PUNCTUATION)
        continue;

      /* . ! ? … and the Devanagari danda, CJK, full-width and Arabic marks */
      return c == '.' || c == '!' || c == '?' || c == 0x2026 ||
             c == 0x0964 || c == 0x0965 || c == 0x3002 || c == 0xFF01 ||
             c == 0xFF1F || c == 0x061F;
    }

  return FALSE;
}

/* Where to cut a long word: at most MAX_WORD_BYTES in, on a character
 * boundary, and not before a combining mark (an Indic vowel sign, a
 * virama), which belongs with the letter before it. */
static gsize
long_word_cut (const char *text,
               gsize       start,
               gsize       end)
{
  gsize cut = start + MAX_WORD_BYTES;
  gsize boundary;

  g_assert (end - start > MAX_WORD_BYTES);

  while (((guchar)text[cut] & 0xC0) == 0x80)
    cut--;
  boundary = cut;

  while (cut > start && g_unichar_ismark (g_utf8_get_char (text + cut)))
    cut = g_utf8_prev_char (text + cut) - text;

  /* A run of nothing but marks has no better place. */
  return cut > start ? cut : boundary;
}

static void
add_word (GArray     *words,
          const char *text,
          gsize       start,
          gsize       end)
{
  Word word;

  while (end - start > MAX_WORD_BYTES)
    {
      gsize cut = long_word_cut (text, start, end);

      word = (Word) { start, cut, word_tokens (cut - start), BREAK_NONE };
      g_array_append_val (words, word);
      start = cut;
    }

  word = (Word) { start, end, word_tokens (end - start),
                  ends_sentence (text + start, text + end) ? BREAK_SENTENCE : BREAK_NONE };
  g_array_append_val (words, word);
}

/* Splits text into words, noting after each whether a sentence or a
 * paragraph ends there. A single line break counts as a sentence end:
 * list items and question/answer lines are units of their own. */
static GArray *
scan_words (const char *text)
{
  GArray *words = g_array_new (FALSE, FALSE, sizeof (Word));
  const char *p = text;

  while (*p != '\0')
    {
      const char *start;
      guint newlines = 0;

      while (*p != '\0' && is_space (p))
        {
          newlines += *p == '\n';
          p = g_utf8_next_char (p);
        }

      if (newlines > 0 && words->len > 0)
        {
          Word *last = &g_array_index (words, Word, words->len - 1);

          last->after = MAX (last->after, newlines > 1 ? BREAK_PARAGRAPH : BREAK_SENTENCE);
        }

      if (*p == '\0')
        break;

      for (start = p; *p != '\0' && !is_space (p);)
        p = g_utf8_next_char (p);
      add_word (words, text, start - text, p - text);
    }

  return words;
}

/* The end (exclusive) of the passage that starts at word start and may
 * hold budget tokens. */
static guint
pick_end (const Word *words,
          guint       n_words,
          guint       start,
          guint       budget)
{
  guint min_tokens = budget * MIN_SHARE_NUM / MIN_SHARE_DEN;
  guint tokens = 0;
  guint end = start;

  while (end < n_words && tokens + words[end].tokens <= budget)
    tokens += words[end++].tokens;

  /* Words are at most 32 tokens, budgets far more; this only guards
   * progress. */
  if (end == start)
    return start + 1;
  if (end == n_words)
    return end;

  for (int kind = BREAK_PARAGRAPH; kind >= BREAK_SENTENCE; kind--)
    {
      guint t = tokens;

      for (guint i = end; i > start && t >= min_tokens; t -= words[i - 1].tokens, i--)
        if ((int)words[i - 1].after >= kind)
          return i;
    }

  return end;
}

/* Where the passage after [start, end) begins: about
 * TERRA_KNOWLEDGE_OVERLAP_TOKENS back, at the start of a sentence if one
 * is near (half to one and a half times the overlap back), else at the
 * word that reaches the overlap. Always after start, so passages advance. */
static guint
pick_next_start (const Word *words,
                 guint       start,
                 guint       end)
{
  const guint overlap = TERRA_KNOWLEDGE_OVERLAP_TOKENS;
  guint sentence = 0;
  guint sentence_distance = G_MAXUINT;
  guint word = 0;
  guint tokens = 0;
  guint i = end;

  while (i > start + 1 && tokens <= overlap * 3 / 2)
    {
      i--;
      tokens += words[i].tokens;

      if (word == 0 && tokens >= overlap)
        word = i;

      if (tokens >= overlap / 2 && tokens <= overlap * 3 / 2 &&
          words[i - 1].after >= BREAK_SENTENCE &&
          (guint)ABS ((int)tokens - (int)overlap) < sentence_distance)
        {
          sentence = i;
          sentence_distance = ABS ((int)tokens - (int)overlap);
        }
    }

  if (sentence != 0)
    return sentence;
  if (word != 0)
    return word;
  return i;
}

static void
add_chunk (GArray     *chunks,
           const char *heading,
           const char *text,
           const Word *first,
           const Word *last)
{
  GString *passage = g_string_new (NULL);
  TerraKnowledgeChunk chunk = { 0 };

  if (heading != NULL)
    g_string_append_printf (passage, "%s\n\n", heading);
  g_string_append_len (passage, text + first->start, last->end - first->start);

  chunk.ordinal = chunks->len;
  chunk.token_count = terra_knowledge_estimate_tokens (passage->str, passage->len);
  chunk.text = g_string_free (passage, FALSE);
  g_array_append_val (chunks, chunk);
}

/**
 * terra_knowledge_split:
 * @title: the item's title
 * @body: (nullable): the item's text
 *
 * Cuts an item into passages; the first starts with the title, later ones
 * repeat it as a heading.
 *
 * Returns: (transfer full) (element-type TerraKnowledgeChunk): the
 *   passages, with ordinal, token_count and text set (no ids)
 */
GArray *
terra_knowledge_split (const char *title,
                       const char *body)
{
  g_autofree char *heading = g_utf8_make_valid (title ? title : "", -1);
  g_autofree char *valid_body = g_utf8_make_valid (body ? body : "", -1);
  g_autofree char *text = NULL;
  g_autoptr(GArray) words = NULL;
  GArray *chunks = g_array_new (FALSE, FALSE, sizeof (TerraKnowledgeChunk));
  guint heading_tokens;
  guint start = 0;

  g_array_set_clear_func (chunks, (GDestroyNotify)terra_knowledge_chunk_clear);

  g_strstrip (heading);
  text = g_strconcat (heading, "\n\n", valid_body, NULL);
  words = scan_words (text);
  heading_tokens = terra_knowledge_estimate_tokens (heading, -1);
  if (heading_tokens == 0 || heading_tokens > MAX_HEADING_TOKENS)
    g_clear_pointer (&heading, g_free);

  while (start < words->len)
    {
      const Word *w = (const Word *)(gpointer)words->data;
      gboolean headed = chunks->len > 0 && heading != NULL;
      guint budget = TERRA_KNOWLEDGE_CHUNK_TOKENS - (headed ? heading_tokens : 0);
      guint end = pick_end (w, words->len, start, budget);

      add_chunk (chunks, headed ? heading : NULL, text, &w[start], &w[end - 1]);
      if (end >= words->len)
        break;
      start = pick_next_start (w, start, end);
    }

  return chunks;
}
