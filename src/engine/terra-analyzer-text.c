/* terra-analyzer-text.c — from raw bytes to tokens, scripts and a language
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A hand-written tokenizer: one pass over the text, no regular expressions,
 * a few allocations per message. Words are runs of letters and combining
 * marks (so Indic syllables stay whole), numbers are runs of digits with
 * their commas and point ("2,50,000", "1.2"), and everything else that is
 * not a space is a symbol of its own ("?", "₹", "👍"). A number followed at
 * once by letters gives two tokens, the second marked attached: "3pm",
 * "75L", "2bhk".
 */

#define G_LOG_DOMAIN "terra-analyzer"

#include "config.h"

#include "terra-analyzer-private.h"

char *
_terra_analyzer_prepare_text (const char *text)
{
  gsize len;

  if (text == NULL)
    return g_strdup ("");

  len = strnlen (text, TERRA_ANALYZER_MAX_TEXT);
  /* Cut on a character boundary, never inside one. */
  if (len == TERRA_ANALYZER_MAX_TEXT)
    while (len > 0 && ((guchar)text[len] & 0xC0) == 0x80)
      len--;

  if (g_utf8_validate_len (text, len, NULL))
    return g_strndup (text, len);

  return g_utf8_make_valid (text, len);
}

static TerraScript
script_of (gunichar c)
{
  if (c < 0x0250 || (c >= 0x1E00 && c <= 0x1EFF))
    return TERRA_SCRIPT_LATIN;
  if (c < 0x0370)
    return TERRA_SCRIPT_OTHER;
  if (c <= 0x03FF)
    return TERRA_SCRIPT_GREEK;
  if (c >= 0x0400 && c <= 0x052F)
    return TERRA_SCRIPT_CYRILLIC;
  if (c >= 0x0590 && c <= 0x05FF)
    return TERRA_SCRIPT_HEBREW;
  if ((c >= 0x0600 && c <= 0x06FF) || (c >= 0x0750 && c <= 0x077F) ||
      (c >= 0x08A0 && c <= 0x08FF) || (c >= 0xFB50 && c <= 0xFDFF) ||
      (c >= 0xFE70 && c <= 0xFEFF))
    return TERRA_SCRIPT_ARABIC;
  if (c >= 0x0900 && c <= 0x0D7F)
    {
      static const TerraScript indic[] = {
        TERRA_SCRIPT_DEVANAGARI, TERRA_SCRIPT_BENGALI, TERRA_SCRIPT_GURMUKHI,
        TERRA_SCRIPT_GUJARATI, TERRA_SCRIPT_ORIYA, TERRA_SCRIPT_TAMIL,
        TERRA_SCRIPT_TELUGU, TERRA_SCRIPT_KANNADA, TERRA_SCRIPT_MALAYALAM,
      };

      return indic[(c - 0x0900) >> 7];
    }
  if (c >= 0xA8E0 && c <= 0xA8FF)
    return TERRA_SCRIPT_DEVANAGARI;
  if (c >= 0x0E00 && c <= 0x0E7F)
    return TERRA_SCRIPT_THAI;
  if ((c >= 0x1100 && c <= 0x11FF) || (c >= 0x3130 && c <= 0x318F) ||
      (c >= 0xAC00 && c <= 0xD7AF))
    return TERRA_SCRIPT_HANGUL;
  if ((c >= 0x3040 && c <= 0x30FF) || (c >= 0x31F0 && c <= 0x31FF) ||
      (c >= 0xFF66 && c <= 0xFF9F))
    return TERRA_SCRIPT_KANA;
  if ((c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) ||
      (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x2A6DF))
    return TERRA_SCRIPT_HAN;

  return TERRA_SCRIPT_OTHER;
}

static inline gboolean
is_letter (gunichar c)
{
  if (c < 0x80)
    return g_ascii_isalpha (c);

  return g_unichar_isalpha (c) || g_unichar_ismark (c) || c == 0x200C || c == 0x200D;
}

static inline gboolean
is_apostrophe (gunichar c)
{
  return c == '\'' || c == 0x2019;
}

/* Characters that only decorate the one before: emoji variation selectors,
 * skin tones, joiners between emoji, the keycap. */
static inline gboolean
is_ignorable (gunichar c)
{
  return c == 0xFE0F || c == 0xFE0E || c == 0x200D || c == 0x200C || c == 0x20E3 ||
         (c >= 0x1F3FB && c <= 0x1F3FF);
}

static inline gunichar
char_at (const char *p)
{
  return (guchar)*p < 0x80 ? (gunichar)*p : g_utf8_get_char (p);
}

/* Collapses runs of three or more equal letters ("sooo", "hiiii") to two,
 * then to one, and looks each form up. */
static const TerraLexEntry *
lookup_elongated (const TerraLexicon *lexicon,
                  const char         *key,
                  guint               len)
{
  char two[128], one[128];
  guint n2 = 0, n1 = 0;
  gboolean any = FALSE;

  if (len >= sizeof two)
    return NULL;

  for (guint i = 0; i < len; i++)
    {
      guint run = 1;

      while (i + run < len && key[i + run] == key[i])
        run++;
      if (run >= 3)
        any = TRUE;
      for (guint k = 0; k < MIN (run, 2); k++)
        two[n2++] = key[i];
      one[n1++] = key[i];
      i += run - 1;
    }
  if (!any)
    return NULL;

  two[n2] = '\0';
  one[n1] = '\0';
  {
    const TerraLexEntry *entry = _terra_lexicon_lookup (lexicon, two, n2);

    return entry != NULL ? entry : _terra_lexicon_lookup (lexicon, one, n1);
  }
}

static void
resolve (TerraAnalyzerScan *msg,
         TerraToken        *token)
{
  const TerraLexicon *lexicon = msg->lexicon;
  const TerraLexEntry *lex;

  token->entry = _terra_lexicon_lookup (lexicon, token->key, token->key_len);
  if (token->entry != NULL)
    token->stem = token->entry->stem;
  else if (token->kind == TERRA_TOKEN_WORD)
    {
      token->stem = _terra_lexicon_lookup_stem (lexicon, token->key, token->key_len);
      if (token->stem == NULL && token->script == TERRA_SCRIPT_LATIN)
        token->entry = lookup_elongated (lexicon, token->key, token->key_len);
    }

  lex = _terra_token_lex (token);
  if (lex == NULL)
    return;

  msg->seen_flags |= lex->flags;
  if (lex->lang != 0 && token->script == TERRA_SCRIPT_LATIN)
    for (guint i = 0; i < TERRA_N_LANG_MARKERS; i++)
      if (lex->lang & (1 << i))
        msg->lang_words[i]++;
}

static const char *
scan_word (TerraAnalyzerScan  *msg,
           const char         *p,
           TerraToken         *token,
           char              **arena)
{
  const char *start = p;
  const char *end = msg->text + msg->len;
  guint upper = 0, latin = 0;
  gboolean first = TRUE;

  token->kind = TERRA_TOKEN_WORD;
  token->script = TERRA_SCRIPT_NONE;

  while (p < end)
    {
      gunichar c = char_at (p);
      const char *next = g_utf8_next_char (p);

      if (is_apostrophe (c))
        {
          if (next < end && is_letter (char_at (next)) && !first)
            {
              p = next;
              continue;
            }
          break;
        }
      if (!is_letter (c))
        break;

      if (c != 0x200C && c != 0x200D && !g_unichar_ismark (c))
        {
          TerraScript script = script_of (c);

          if (token->script == TERRA_SCRIPT_NONE)
            token->script = script;
          msg->script_letters[script]++;
          if (script == TERRA_SCRIPT_LATIN)
            {
              gboolean is_upper = c < 0x80 ? g_ascii_isupper (c) : g_unichar_isupper (c);

              latin++;
              if (is_upper)
                {
                  upper++;
                  msg->has_upper = TRUE;
                }
              else
                msg->has_lower = TRUE;
              if (first)
                token->capitalized = is_upper;
            }
        }
      else
        msg->script_letters[token->script != TERRA_SCRIPT_NONE ? token->script : TERRA_SCRIPT_OTHER]++;
      first = FALSE;
      p = next;
    }

  token->all_caps = latin >= 2 && upper == latin;
  if (latin >= 3)
    {
      msg->upper_letters += latin;
      msg->caps_letters += upper;
      if (token->all_caps)
        msg->caps_words++;
    }

  token->offset = start - msg->text;
  token->length = p - start;
  token->key = *arena;
  token->key_len = _terra_analyzer_fold (start, token->length, *arena);
  *arena += token->key_len + 1;

  return p;
}

static const char *
scan_number (TerraAnalyzerScan  *msg,
             const char         *p,
             TerraToken         *token,
             char              **arena)
{
  const char *start = p;
  const char *end = msg->text + msg->len;
  char *key = *arena;
  gboolean point = FALSE;
  guint n_digits = 0, n_decimals = 0;

  token->kind = TERRA_TOKEN_NUMBER;
  token->script = TERRA_SCRIPT_NONE;

  while (p < end)
    {
      gunichar c = char_at (p);
      const char *next = g_utf8_next_char (p);
      int digit = c < 0x80 ? (g_ascii_isdigit (c) ? (int)c - '0' : -1) : g_unichar_digit_value (c);

      if (digit >= 0)
        {
          if (point)
            n_decimals++;
          else
            n_digits++;
          *key++ = '0' + digit;
          p = next;
          continue;
        }

      /* A comma or a point continues the number only between digits. */
      if ((c == ',' || (c == '.' && !point)) && next < end && g_ascii_isdigit (*next))
        {
          if (c == '.')
            {
              point = TRUE;
              *key++ = '.';
            }
          else
            token->grouped = TRUE;
          p = next;
          continue;
        }
      break;
    }

  *key = '\0';
  /* The key holds ASCII digits and the point whatever the script. */
  token->number = g_ascii_strtod (*arena, NULL);
  token->n_digits = MIN (n_digits, 255);
  token->n_decimals = MIN (n_decimals, 255);
  token->offset = start - msg->text;
  token->length = p - start;
  token->key = *arena;
  token->key_len = key - *arena;
  *arena = key + 1;

  return p;
}

void
_terra_scan_init (TerraAnalyzerScan          *msg,
                  const TerraLexicon         *lexicon,
                  const TerraAnalyzerContext *context,
                  TerraAnalyzerResult        *result)
{
  const char *p, *end;
  char *arena;
  gboolean space_before = TRUE;

  memset (msg, 0, sizeof *msg);
  msg->lexicon = lexicon;
  msg->context = context;
  msg->result = result;
  msg->text = result->text;
  msg->len = strlen (result->text);

  msg->tokens = g_new (TerraToken, msg->len + 1);
  msg->words = g_new (guint, msg->len + 1);
  /* Folding may turn one byte into at most two (never in practice), and
   * every key has its NUL. */
  msg->arena = arena = g_malloc (msg->len * 3 + 16);

  p = msg->text;
  end = p + msg->len;
  while (p < end)
    {
      gunichar c = char_at (p);
      TerraToken *token;

      if (c < 0x80 ? g_ascii_isspace (c) : g_unichar_isspace (c))
        {
          space_before = TRUE;
          p = g_utf8_next_char (p);
          continue;
        }
      if (is_ignorable (c))
        {
          p = g_utf8_next_char (p);
          continue;
        }

      token = &msg->tokens[msg->n_tokens++];
      memset (token, 0, sizeof *token);
      token->attached = !space_before;
      space_before = FALSE;

      if (is_letter (c))
        p = scan_word (msg, p, token, &arena);
      else if (c < 0x80 ? g_ascii_isdigit (c) : g_unichar_isdigit (c))
        p = scan_number (msg, p, token, &arena);
      else
        {
          const char *next = g_utf8_next_char (p);

          token->kind = TERRA_TOKEN_SYMBOL;
          token->symbol = c;
          token->offset = p - msg->text;
          token->length = next - p;
          token->key = arena;
          token->key_len = _terra_analyzer_fold (p, token->length, arena);
          arena += token->key_len + 1;
          p = next;
          /* Only currency signs and emoji mean anything by themselves. */
          if (c >= 0x80 || c == '$')
            token->entry = _terra_lexicon_lookup (lexicon, token->key, token->key_len);
          continue;
        }

      msg->words[msg->n_words++] = msg->n_tokens - 1;
      resolve (msg, token);
    }
}

void
_terra_scan_clear (TerraAnalyzerScan *msg)
{
  g_clear_pointer (&msg->tokens, g_free);
  g_clear_pointer (&msg->words, g_free);
  g_clear_pointer (&msg->arena, g_free);
}

/* The language of the message: by script first; Latin text by its common
 * words (English, Hinglish, and a few European languages). */
const char *
_terra_scan_language (TerraAnalyzerScan *msg)
{
  static const char *const codes[TERRA_N_SCRIPTS] = {
    [TERRA_SCRIPT_NONE] = "other",
    [TERRA_SCRIPT_LATIN] = "en",
    [TERRA_SCRIPT_DEVANAGARI] = "hi",
    [TERRA_SCRIPT_BENGALI] = "bn",
    [TERRA_SCRIPT_GURMUKHI] = "pa",
    [TERRA_SCRIPT_GUJARATI] = "gu",
    [TERRA_SCRIPT_ORIYA] = "or",
    [TERRA_SCRIPT_TAMIL] = "ta",
    [TERRA_SCRIPT_TELUGU] = "te",
    [TERRA_SCRIPT_KANNADA] = "kn",
    [TERRA_SCRIPT_MALAYALAM] = "ml",
    [TERRA_SCRIPT_ARABIC] = "ar",
    [TERRA_SCRIPT_CYRILLIC] = "ru",
    [TERRA_SCRIPT_GREEK] = "el",
    [TERRA_SCRIPT_HEBREW] = "he",
    [TERRA_SCRIPT_THAI] = "th",
    [TERRA_SCRIPT_HAN] = "zh",
    [TERRA_SCRIPT_KANA] = "ja",
    [TERRA_SCRIPT_HANGUL] = "ko",
    [TERRA_SCRIPT_OTHER] = "other",
  };
  static const char *const european[] = { "es", "fr", "de", "pt" };
  guint latin = msg->script_letters[TERRA_SCRIPT_LATIN];
  guint best = TERRA_SCRIPT_NONE, best_count = 0;
  guint en, hinglish, other = 0, other_count = 0;

  for (guint s = TERRA_SCRIPT_DEVANAGARI; s < TERRA_SCRIPT_OTHER; s++)
    if (msg->script_letters[s] > best_count)
      {
        best = s;
        best_count = msg->script_letters[s];
      }

  /* Indic messages carry English words ("2BHK flat ಬೆಲೆ ಎಷ್ಟು"); the
   * other script wins from a third of the Latin letters on. */
  if (best_count > 0 && best_count * 10 >= latin * 3)
    {
      if (best == TERRA_SCRIPT_HAN && msg->script_letters[TERRA_SCRIPT_KANA] > 0)
        return "ja";
      return codes[best];
    }
  if (latin == 0)
    return "other";

  en = msg->lang_words[0];
  hinglish = msg->lang_words[1];
  for (guint i = 0; i < G_N_ELEMENTS (european); i++)
    if (msg->lang_words[2 + i] > other_count)
      {
        other = i;
        other_count = msg->lang_words[2 + i];
      }

  if (hinglish >= 2 && hinglish * 2 >= en)
    return "hi-Latn";
  if (other_count >= 2 && other_count > en && other_count > hinglish)
    return european[other];
  if (hinglish == 1 && en == 0)
    return "hi-Latn";

  return "en";
}

TerraAnalyzerEntity *
_terra_scan_add_entity (TerraAnalyzerScan       *msg,
                        TerraAnalyzerEntityKind  kind,
                        guint                    offset,
                        guint                    end)
{
  GArray *entities = msg->result->entities;
  TerraAnalyzerEntity *entity;

  g_assert (offset <= end && end <= msg->len);

  g_array_set_size (entities, entities->len + 1);
  entity = &g_array_index (entities, TerraAnalyzerEntity, entities->len - 1);
  memset (entity, 0, sizeof *entity);
  entity->kind = kind;
  entity->offset = offset;
  entity->length = end - offset;
  entity->text = g_strndup (msg->text + offset, end - offset);
  entity->hour = -1;
  entity->minute = -1;
  entity->day_part = TERRA_DAY_PART_ALL;
  g_date_clear (&entity->date, 1);

  return entity;
}

guint
_terra_scan_token_at (const TerraAnalyzerScan *msg,
                      guint                    offset)
{
  guint low = 0, high = msg->n_tokens;

  /* The tokens are in text order: the first one ending after offset. */
  while (low < high)
    {
      guint mid = low + (high - low) / 2;
      const TerraToken *token = &msg->tokens[mid];

      if (token->offset + token->length <= offset)
        low = mid + 1;
      else
        high = mid;
    }

  return low;
}

void
_terra_scan_consume (TerraAnalyzerScan *msg,
                     guint              offset,
                     guint              end)
{
  for (guint i = _terra_scan_token_at (msg, offset);
       i < msg->n_tokens && msg->tokens[i].offset < end; i++)
    msg->tokens[i].consumed = TRUE;
}

void
_terra_scan_add_trigger (TerraAnalyzerScan        *msg,
                         TerraAnalyzerTriggerKind  kind,
                         guint                     flag,
                         guint                     offset,
                         guint                     end)
{
  TerraAnalyzerResult *result = msg->result;
  TerraAnalyzerTrigger trigger = { kind, flag, offset, end - offset };

  if (kind == TERRA_ANALYZER_TRIGGER_OBJECTION)
    {
      if (result->objections & flag)
        return;
      result->objections |= flag;
    }
  else
    {
      if (result->escalations & flag)
        return;
      result->escalations |= flag;
    }

  g_array_append_val (result->triggers, trigger);
}
