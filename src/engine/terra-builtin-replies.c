/* terra-builtin-replies.c — the built-in engine's wording and small parsers
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Everything here is a pure function of its arguments: no store, no clock,
 * no locale (day and month names are English whatever LANG says), so the
 * engine's replies are the same on every machine.
 */

#define G_LOG_DOMAIN "terra-builtin"

#include "config.h"

#include <string.h>

#include "terra-builtin-provider-private.h"

static const char * const weekday_names[] = { NULL, "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };
static const char * const month_names[] = {
  NULL, "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
};

/* Words that carry no meaning of their own in a question: a passage that
 * shares only these with it does not answer it. */
static const char * const stop_words[] = {
  "the", "and", "for", "you", "your", "yours", "are", "was", "were", "is", "it", "its", "this",
  "that", "these", "those", "there", "here", "what", "when", "where", "which", "who", "whom",
  "why", "how", "does", "did", "doing", "have", "has", "had", "can", "could", "would", "should",
  "will", "shall", "may", "might", "must", "with", "from", "into", "onto", "about", "any", "some",
  "all", "much", "many", "more", "most", "please", "pls", "plz", "tell", "know", "want", "need",
  "like", "get", "give", "let", "me", "my", "mine", "our", "ours", "we", "us", "they", "them",
  "their", "also", "just", "only", "than", "then", "too", "very", "not", "yes", "okay", "hello",
  "hi", "hey", "thanks", "thank", "one", "out", "over", "under", "again", "still", "kindly",
  "do", "be", "of", "to", "in", "on", "at", "by", "or", "an", "if", "so", "as", "up", "am",
  "allow", "allowed", "offer", "provide", "available", "possible", "there's", "what's",
  "kya", "hai", "hain", "ka", "ki", "ke", "aap", "mujhe", "batao", "bataiye",
};

char *
_terra_builtin_format_slot (GTimeZone *zone,
                            gint64     utc)
{
  g_autoptr(GDateTime) instant = g_date_time_new_from_unix_utc (utc / G_USEC_PER_SEC);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (instant, zone);

  return g_strdup_printf ("%s %d %s, %02d:%02d",
                          weekday_names[g_date_time_get_day_of_week (local)],
                          g_date_time_get_day_of_month (local),
                          month_names[g_date_time_get_month (local)],
                          g_date_time_get_hour (local),
                          g_date_time_get_minute (local));
}

/* Splits casefolded text into its runs of letters and digits. */
static GPtrArray *
split_words (const char *folded)
{
  GPtrArray *words = g_ptr_array_new_with_free_func (g_free);
  const char *start = NULL;
  const char *p;

  for (p = folded; ; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      gboolean word_char = c != 0 && (g_unichar_isalnum (c) || g_unichar_ismark (c));

      if (word_char && start == NULL)
        start = p;
      else if (!word_char && start != NULL)
        {
          g_ptr_array_add (words, g_strndup (start, p - start));
          start = NULL;
        }
      if (c == 0)
        break;
    }
  return words;
}

static gboolean
is_stop_word (const char *word)
{
  for (guint i = 0; i < G_N_ELEMENTS (stop_words); i++)
    if (g_str_equal (stop_words[i], word))
      return TRUE;
  return FALSE;
}

static gboolean
is_word_char_at (const char *p)
{
  gunichar c = g_utf8_get_char (p);

  return c != 0 && (g_unichar_isalnum (c) || g_unichar_ismark (c));
}

/* Whether needle occurs in haystack at the start of a word; with
 * whole_word, also ending at a word's end. */
static gboolean
contains_word (const char *haystack,
               const char *needle,
               gboolean    whole_word)
{
  gsize length = strlen (needle);

  for (const char *hit = strstr (haystack, needle); hit != NULL; hit = strstr (hit + 1, needle))
    {
      gboolean starts = hit == haystack || !is_word_char_at (g_utf8_find_prev_char (haystack, hit));

      if (starts && (!whole_word || !is_word_char_at (hit + length)))
        return TRUE;
    }
  return FALSE;
}

gboolean
_terra_builtin_mentions (const char         *folded,
                         const char * const *words)
{
  for (guint i = 0; words[i] != NULL; i++)
    if (contains_word (folded, words[i], TRUE))
      return TRUE;
  return FALSE;
}

gboolean
_terra_builtin_is_question (const char *text)
{
  static const char * const openers[] = {
    "what", "when", "where", "which", "who", "why", "how", "do", "does", "is", "are", "can",
    "could", "will", "would", "should", "any", "kya", "kitna", "kab", "kahan", NULL,
  };
  g_autofree char *folded = g_utf8_casefold (text, -1);
  g_autoptr(GPtrArray) words = split_words (folded);

  if (strchr (text, '?') != NULL)
    return TRUE;
  return words->len > 0 && g_strv_contains (openers, g_ptr_array_index (words, 0));
}

/* The meaningful words of a question, casefolded, without a plural s so
 * "pets" finds "pet". */
static GPtrArray *
content_words (const char *text)
{
  g_autofree char *folded = g_utf8_casefold (text, -1);
  g_autoptr(GPtrArray) words = split_words (folded);
  GPtrArray *content = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < words->len; i++)
    {
      char *word = g_ptr_array_index (words, i);
      gsize length = strlen (word);

      if (length < 3 || is_stop_word (word))
        continue;
      if (length > 3 && word[length - 1] == 's' && word[length - 2] != 's')
        word[length - 1] = '\0';
      g_ptr_array_add (content, g_strdup (word));
    }
  return content;
}

static guint
count_matches (GPtrArray  *words,
               const char *folded_text)
{
  guint matched = 0;

  for (guint i = 0; i < words->len; i++)
    if (contains_word (folded_text, g_ptr_array_index (words, i), FALSE))
      matched++;
  return matched;
}

gboolean
_terra_builtin_passage_answers (const char              *question,
                                const TerraKnowledgeHit *hit)
{
  g_autoptr(GPtrArray) words = content_words (question);
  g_autofree char *folded = NULL;
  guint matched;

  if (words->len == 0 || hit == NULL)
    return FALSE;

  folded = g_utf8_casefold (hit->text, -1);
  matched = count_matches (words, folded);

  /* Half the meaningful words, at least one: "do you have parking?" is
   * answered by the parking FAQ, "do you allow pets in the building?" is
   * not answered by a passage that only says "building". */
  return matched > 0 && matched * 2 >= words->len;
}

/* The passage without the item's title it starts with. */
static const char *
skip_title (const TerraKnowledgeHit *hit)
{
  const char *text = hit->text;

  if (hit->title != NULL && *hit->title != '\0' && g_str_has_prefix (text, hit->title))
    {
      text += strlen (hit->title);
      while (*text == '\n' || *text == ' ' || *text == '\r' || *text == '\t')
        text++;
    }
  return *text != '\0' ? text : hit->text;
}

/* Cuts text into sentences (ends at . ! ? followed by a space, and at
 * line breaks), each stripped. */
static GPtrArray *
split_sentences (const char *text)
{
  GPtrArray *sentences = g_ptr_array_new_with_free_func (g_free);
  const char *start = text;

  for (const char *p = text; ; p++)
    {
      gboolean end = *p == '\0' || *p == '\n' ||
                     ((*p == '.' || *p == '!' || *p == '?') && (p[1] == ' ' || p[1] == '\n' || p[1] == '\0'));

      if (!end)
        continue;
      {
        const char *stop = (*p == '\0' || *p == '\n') ? p : p + 1;
        g_autofree char *sentence = g_strstrip (g_strndup (start, stop - start));

        if (*sentence != '\0')
          g_ptr_array_add (sentences, g_steal_pointer (&sentence));
      }
      if (*p == '\0')
        break;
      start = p + 1;
    }
  return sentences;
}

/* Cuts text to at most max_chars bytes at a word boundary. */
static char *
truncate_text (const char *text,
               guint       max_chars)
{
  const char *cut;
  const char *space;

  if (strlen (text) <= max_chars)
    return g_strdup (text);

  cut = g_utf8_find_prev_char (text, text + max_chars);
  space = cut;
  while (space > text && *space != ' ')
    space--;
  if (space > text + max_chars / 2)
    cut = space;
  return g_strdup_printf ("%.*s…", (int)(cut - text), text);
}

char *
_terra_builtin_condense_passage (const char              *question,
                                 const TerraKnowledgeHit *hit,
                                 guint                    max_chars)
{
  g_autoptr(GPtrArray) words = content_words (question);
  g_autoptr(GPtrArray) sentences = split_sentences (skip_title (hit));
  g_autoptr(GString) answer = g_string_new (NULL);
  guint best = 0;
  guint best_score = 0;

  if (sentences->len == 0)
    return g_strdup ("");

  for (guint i = 0; i < sentences->len; i++)
    {
      g_autofree char *folded = g_utf8_casefold (g_ptr_array_index (sentences, i), -1);
      guint score = count_matches (words, folded);

      if (score > best_score)
        {
          best = i;
          best_score = score;
        }
    }

  /* A short best sentence usually needs the next one to make sense ("Yes.
   * Parking is free for visitors."). */
  g_string_append (answer, g_ptr_array_index (sentences, best));
  if (answer->len < 160 && best + 1 < sentences->len)
    g_string_append_printf (answer, " %s", (char *)g_ptr_array_index (sentences, best + 1));

  return truncate_text (answer->str, max_chars);
}

const char *
_terra_builtin_question_for_field (const char *field,
                                   const char *business_type)
{
  const char *type = business_type != NULL ? business_type : "other";

  if (g_strcmp0 (field, "need") == 0)
    {
      if (g_str_equal (type, "real-estate"))
        return "What kind of property are you looking for?";
      if (g_str_equal (type, "clinic"))
        return "What would you like to see the doctor about?";
      if (g_str_equal (type, "salon"))
        return "Which service would you like?";
      if (g_str_equal (type, "education"))
        return "Which course or subject are you interested in?";
      return "What exactly are you looking for?";
    }
  if (g_strcmp0 (field, "budget") == 0)
    return "Do you have a budget in mind?";
  if (g_strcmp0 (field, "timeline") == 0)
    return g_str_equal (type, "real-estate") ? "When are you planning to buy or move in?"
                                             : "When would you like to get started?";
  if (g_strcmp0 (field, "location") == 0)
    return "Which area or location would suit you best?";
  if (g_strcmp0 (field, "decision_maker") == 0)
    return "Will anyone else be part of the decision?";
  return NULL;
}

static char *
describe_day (const TerraOpeningRange *ranges,
              guint                    n_ranges,
              int                      weekday)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < n_ranges; i++)
    if (ranges[i].weekday == weekday)
      g_string_append_printf (text, "%s%02d:%02d–%02d:%02d", text->len > 0 ? ", " : "",
                              ranges[i].start_minute / 60, ranges[i].start_minute % 60,
                              ranges[i].end_minute / 60, ranges[i].end_minute % 60);
  return text->len > 0 ? g_string_free (g_steal_pointer (&text), FALSE) : NULL;
}

char *
_terra_builtin_describe_hours (GArray *ranges)
{
  g_autoptr(GString) text = g_string_new (NULL);
  char *days[8] = { NULL };
  int first = 1;

  if (ranges == NULL || ranges->len == 0)
    return NULL;

  for (int day = 1; day <= 7; day++)
    days[day] = describe_day ((const TerraOpeningRange *)(gpointer)ranges->data, ranges->len, day);

  /* Runs of days with the same hours read as "Mon–Fri 10:00–19:00". */
  for (int day = 2; day <= 8; day++)
    {
      if (day <= 7 && g_strcmp0 (days[day], days[first]) == 0)
        continue;
      if (days[first] != NULL)
        {
          if (text->len > 0)
            g_string_append (text, "; ");
          if (day - 1 == first)
            g_string_append_printf (text, "%s %s", weekday_names[first], days[first]);
          else
            g_string_append_printf (text, "%s–%s %s", weekday_names[first], weekday_names[day - 1], days[first]);
        }
      first = day;
    }

  for (int day = 1; day <= 7; day++)
    g_free (days[day]);
  return text->len > 0 ? g_string_free (g_steal_pointer (&text), FALSE) : NULL;
}

/* Slot picking */

typedef struct
{
  int hour;       /* -1: none given */
  int minute;     /* -1: any */
  int index;      /* -1: none given */
  int weekday;    /* 0: none named */
  gboolean agree; /* "yes", "ok" */
} Pick;

static int
ordinal_index (const char *word,
               guint       n_starts)
{
  static const char * const firsts[] = { "first", "1st", "earliest", NULL };
  static const char * const seconds[] = { "second", "2nd", "middle", NULL };
  static const char * const thirds[] = { "third", "3rd", NULL };
  static const char * const lasts[] = { "last", "latest", "later", NULL };

  if (g_strv_contains (firsts, word))
    return 0;
  if (g_strv_contains (seconds, word))
    return 1;
  if (g_strv_contains (thirds, word))
    return 2;
  if (g_strv_contains (lasts, word))
    return (int)n_starts - 1;
  return -1;
}

static int
weekday_of (const char *word)
{
  static const char * const full[] = { "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday" };
  static const char * const shorter[] = { "mon", "tue", "wed", "thu", "fri", "sat", "sun" };

  for (int i = 0; i < 7; i++)
    if (g_str_equal (word, full[i]) || g_str_equal (word, shorter[i]) ||
        (g_str_has_prefix (word, shorter[i]) && g_str_has_prefix (full[i], word)))
      return i + 1;
  return 0;
}

/* Reads a number at words[*i] and what follows it: "11", "11am", "11 am",
 * "11:30" (split as "11" "30" after the colon is dropped). */
static gboolean
is_meridiem (const char *text,
             gboolean   *pm)
{
  if (g_strcmp0 (text, "am") == 0 || g_strcmp0 (text, "pm") == 0)
    {
      *pm = text[0] == 'p';
      return TRUE;
    }
  return FALSE;
}

/* Reads a number at words[*i] and what follows it: "11", "11am", "11 am",
 * "11:30", "3:30pm" (the colon splits the words, so "3" "30pm"). */
static void
read_number (GPtrArray  *words,
             guint      *i,
             const char *folded,
             guint       n_starts,
             Pick       *pick)
{
  const char *word = g_ptr_array_index (words, *i);
  const char *next = *i + 1 < words->len ? g_ptr_array_index (words, *i + 1) : NULL;
  char *end = NULL;
  guint64 number = g_ascii_strtoull (word, &end, 10);
  gboolean pm = FALSE;
  gboolean meridiem = is_meridiem (end, &pm);
  int minute = -1;

  if (*end == '\0' && next != NULL && g_ascii_isdigit (next[0]) && g_ascii_isdigit (next[1]) &&
      (next[2] == '\0' || is_meridiem (next + 2, &pm)))
    {
      g_autofree char *minutes = g_strndup (next, 2);
      g_autofree char *colon = g_strdup_printf ("%s:%s", word, minutes);
      g_autofree char *dot = g_strdup_printf ("%s.%s", word, minutes);

      if (strstr (folded, colon) != NULL || strstr (folded, dot) != NULL)
        {
          minute = (int)g_ascii_strtoull (minutes, NULL, 10);
          meridiem = next[2] != '\0';
          (*i)++;
        }
    }
  else if (*end == '\0' && is_meridiem (next, &pm))
    meridiem = TRUE;

  if ((*end != '\0' && !meridiem) || number > 24)
    return;

  if (meridiem)
    pick->hour = (int)number % 12 + (pm ? 12 : 0);
  else if (minute >= 0)
    pick->hour = (int)number;
  else if (number >= 1 && number <= n_starts)
    pick->index = (int)number - 1;
  else if (number >= 7 && number <= 20)
    pick->hour = (int)number;
  pick->minute = minute;
}

static void
read_pick (const char *text,
           guint       n_starts,
           Pick       *pick)
{
  static const char * const agree[] = {
    "yes", "ok", "okay", "sure", "perfect", "great", "fine", "works", "haan", "ha", "theek", "done", NULL,
  };
  g_autofree char *folded = g_utf8_casefold (text, -1);
  g_autoptr(GPtrArray) words = split_words (folded);

  *pick = (Pick) { -1, -1, -1, 0, FALSE };

  for (guint i = 0; i < words->len; i++)
    {
      const char *word = g_ptr_array_index (words, i);
      int ordinal = ordinal_index (word, n_starts);

      if (ordinal >= 0)
        pick->index = ordinal;
      else if (g_ascii_isdigit (word[0]))
        read_number (words, &i, folded, n_starts, pick);
      else if (weekday_of (word) > 0)
        pick->weekday = weekday_of (word);
      else if (g_strv_contains (agree, word))
        pick->agree = TRUE;
    }
}

static gboolean
slot_matches (GTimeZone  *zone,
              gint64      start,
              const Pick *pick)
{
  g_autoptr(GDateTime) instant = g_date_time_new_from_unix_utc (start / G_USEC_PER_SEC);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (instant, zone);
  int hour = g_date_time_get_hour (local);

  if (pick->weekday > 0 && g_date_time_get_day_of_week (local) != pick->weekday)
    return FALSE;
  if (pick->hour >= 0)
    {
      /* A bare "3" or "11" means the daytime hour. */
      gboolean hour_ok = hour == pick->hour || (pick->hour < 12 && hour == pick->hour + 12 && pick->minute < 0);

      if (!hour_ok)
        return FALSE;
      if (pick->minute >= 0 && g_date_time_get_minute (local) != pick->minute)
        return FALSE;
    }
  return TRUE;
}

int
_terra_builtin_pick_slot (const char   *text,
                          GTimeZone    *zone,
                          const gint64 *starts,
                          guint         n_starts)
{
  Pick pick;
  int found = -1;

  if (text == NULL || n_starts == 0)
    return -1;

  read_pick (text, n_starts, &pick);
  if (pick.index >= 0 && pick.index < (int)n_starts)
    return pick.index;

  if (pick.hour >= 0 || pick.weekday > 0)
    {
      for (guint i = 0; i < n_starts; i++)
        if (slot_matches (zone, starts[i], &pick))
          {
            /* Two slots fit "Tuesday": the lead has not chosen yet. */
            if (found >= 0)
              return -1;
            found = (int)i;
          }
      return found;
    }

  return pick.agree && n_starts == 1 ? 0 : -1;
}
