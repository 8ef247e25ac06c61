/* terra-analyzer-entities.c — links, emails, phone numbers, budgets, names
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Links, emails and phone numbers are found in the raw text (their
 * punctuation matters); the tokens they cover are then marked consumed so
 * no later step reads "9876543210" as a budget or "gmail" as a word.
 * Budgets and names are read from the tokens.
 */

#define G_LOG_DOMAIN "terra-analyzer"

#include "config.h"

#include <math.h>

#include "terra-analyzer-private.h"

static gboolean
is_consumed_at (TerraAnalyzerScan *msg,
                guint              offset)
{
  guint i = _terra_scan_token_at (msg, offset);

  return i < msg->n_tokens && msg->tokens[i].offset <= offset && msg->tokens[i].consumed;
}

static void
find_links (TerraAnalyzerScan *msg)
{
  const char *text = msg->text;

  for (guint i = 0; i < msg->len; i++)
    {
      guint end;

      if (i > 0 && g_ascii_isalnum (text[i - 1]))
        continue;
      if (g_ascii_strncasecmp (text + i, "http://", 7) != 0 &&
          g_ascii_strncasecmp (text + i, "https://", 8) != 0 &&
          g_ascii_strncasecmp (text + i, "www.", 4) != 0 &&
          g_ascii_strncasecmp (text + i, "bit.ly/", 7) != 0)
        continue;

      for (end = i; end < msg->len && !g_ascii_isspace (text[end]); end++)
        ;
      msg->has_url = TRUE;
      _terra_scan_consume (msg, i, end);
      i = end;
    }
}

static inline gboolean
is_email_local (char c)
{
  return g_ascii_isalnum (c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
}

/* Whether text[from, to) is a top-level domain: two letters or more. */
static gboolean
is_top_level_domain (const char *text,
                     guint       from,
                     guint       to)
{
  if (to < from + 2)
    return FALSE;
  for (guint k = from; k < to; k++)
    if (!g_ascii_isalpha (text[k]))
      return FALSE;

  return TRUE;
}

static void
find_emails (TerraAnalyzerScan *msg)
{
  const char *text = msg->text;
  const char *at = text;

  while ((at = memchr (at, '@', text + msg->len - at)) != NULL)
    {
      guint i = at - text, start = i, end = i + 1, dot = 0;
      TerraAnalyzerEntity *entity;

      at++;
      while (start > 0 && is_email_local (text[start - 1]))
        start--;
      while (start < i && !g_ascii_isalnum (text[start]))
        start++;
      while (end < msg->len && (g_ascii_isalnum (text[end]) || text[end] == '.' || text[end] == '-'))
        end++;
      /* "Mail me at priya@example.com." */
      while (end > i + 1 && (text[end - 1] == '.' || text[end - 1] == '-'))
        end--;
      for (guint k = i + 1; k < end; k++)
        if (text[k] == '.')
          dot = k;

      /* A local part, a domain and a top-level domain. */
      if (start == i || dot <= i + 1 || !is_top_level_domain (text, dot + 1, end) ||
          is_consumed_at (msg, start))
        continue;

      entity = _terra_scan_add_entity (msg, TERRA_ANALYZER_ENTITY_EMAIL, start, end);
      entity->value = g_ascii_strdown (entity->text, -1);
      _terra_scan_consume (msg, start, end);
    }
}

/* A cue counts for the three words after it: "call me on …". */
static gboolean
has_phone_cue (TerraAnalyzerScan *msg,
               guint              offset)
{
  guint words = 0;

  for (guint t = _terra_scan_token_at (msg, offset); t > 0 && words < 4; t--)
    {
      const TerraToken *token = &msg->tokens[t - 1];

      if (token->kind != TERRA_TOKEN_WORD)
        continue;
      if (_terra_token_flags (token) & TERRA_LEX_PHONE_CUE)
        return TRUE;
      words++;
    }

  return FALSE;
}

/* Writes the E.164 form of a national or international number, or just
 * its digits when the country is unknown; FALSE when it is no phone
 * number. */
static gboolean
normalize_phone (TerraAnalyzerScan *msg,
                 gboolean           plus,
                 const char        *digits,
                 guint              n,
                 gboolean           cued,
                 gboolean           nanp,
                 GString           *out)
{
  const char *code = msg->context->calling_code;
  gboolean india = code == NULL || strcmp (code, "91") == 0;

  if (plus)
    {
      if (n < 8 || n > 15)
        return FALSE;
      g_string_append_c (out, '+');
      g_string_append_len (out, digits, n);
      return TRUE;
    }
  if (n < 10 || n > 15)
    return FALSE;
  if (digits[0] == '0' && digits[1] == '0')
    {
      g_string_append_c (out, '+');
      g_string_append_len (out, digits + 2, n - 2);
      return TRUE;
    }
  /* Indian mobiles: 10 digits from 6 to 9, maybe after 0 or 91. */
  if (india && n == 10 && digits[0] >= '6')
    {
      g_string_append (out, "+91");
      g_string_append_len (out, digits, n);
      return TRUE;
    }
  if (india && n == 11 && digits[0] == '0' && digits[1] >= '6')
    {
      g_string_append (out, "+91");
      g_string_append_len (out, digits + 1, 10);
      return TRUE;
    }
  if (india && n == 12 && digits[0] == '9' && digits[1] == '1' && digits[2] >= '6')
    {
      g_string_append_c (out, '+');
      g_string_append_len (out, digits, n);
      return TRUE;
    }
  if (code != NULL)
    {
      gsize code_len = strlen (code);

      if (n > code_len + 8 && strncmp (digits, code, code_len) == 0)
        g_string_append_c (out, '+');
      else
        {
          g_string_append_printf (out, "+%s", code);
          /* The trunk prefix goes when the country code comes. */
          if (digits[0] == '0')
            digits++, n--;
        }
      g_string_append_len (out, digits, n);
      return TRUE;
    }
  if (!cued && !nanp)
    return FALSE;

  g_string_append_len (out, digits, n);
  return TRUE;
}

static void
find_phones (TerraAnalyzerScan *msg)
{
  const char *text = msg->text;

  for (guint i = 0; i < msg->len; i++)
    {
      char c = text[i];
      char digits[32];
      guint group_sizes[8] = { 0 };
      guint n = 0, end = i, run = 0, groups = 0;
      gboolean nanp;
      gboolean plus = c == '+';
      g_autoptr(GString) value = NULL;
      TerraAnalyzerEntity *entity;

      if (!(plus || g_ascii_isdigit (c) || c == '('))
        continue;
      if (i > 0 && (g_ascii_isalnum (text[i - 1]) || text[i - 1] == '.' || text[i - 1] == ',' ||
                    text[i - 1] == '/' || text[i - 1] == ':'))
        {
          while (i < msg->len && g_ascii_isdigit (text[i]))
            i++;
          continue;
        }
      if (is_consumed_at (msg, i))
        continue;

      for (guint k = plus ? i + 1 : i; k < msg->len; k++)
        {
          char p = text[k];

          if (g_ascii_isdigit (p))
            {
              if (n == sizeof digits - 1)
                break;
              if (run > 0 && n > 0)
                groups++;
              if (groups < G_N_ELEMENTS (group_sizes))
                group_sizes[groups]++;
              digits[n++] = p;
              end = k + 1;
              run = 0;
            }
          else if ((p == ' ' || p == '-' || p == '.' || p == '(' || p == ')') && run < 2)
            {
              /* "9876543210 9845012345" is two numbers. */
              if (p == ' ' && n >= 10)
                break;
              /* A full stop and a space end a sentence, not a group. */
              if (p == '.' && (k + 1 >= msg->len || !g_ascii_isdigit (text[k + 1])))
                break;
              run++;
            }
          else
            break;
        }
      digits[n] = '\0';

      if (end < msg->len && g_ascii_isalpha (text[end]))
        {
          i = end;
          continue;
        }

      /* Dates and times are no numbers to call: 2026-12-25 11:00. */
      if (!plus && groups >= 2 &&
          ((group_sizes[0] == 4 && group_sizes[1] == 2 && group_sizes[2] == 2) ||
           (group_sizes[0] <= 2 && group_sizes[1] <= 2 && group_sizes[2] == 4)))
        {
          i = end;
          continue;
        }

      /* Written the North American way: (415) 555-2671, 415-555-2671. */
      nanp = n == 10 && groups == 2 && group_sizes[0] == 3 && group_sizes[1] == 3 &&
             group_sizes[2] == 4;
      value = g_string_new (NULL);
      if (n >= 8 && normalize_phone (msg, plus, digits, n, has_phone_cue (msg, i), nanp, value))
        {
          entity = _terra_scan_add_entity (msg, TERRA_ANALYZER_ENTITY_PHONE, i, end);
          entity->value = g_string_free (g_steal_pointer (&value), FALSE);
          _terra_scan_consume (msg, i, end);
        }
      i = MAX (end, i + 1) - 1;
    }
}

void
_terra_analyzer_find_contacts (TerraAnalyzerScan *msg)
{
  if (memchr (msg->text, '/', msg->len) != NULL || memchr (msg->text, '.', msg->len) != NULL)
    find_links (msg);
  if (memchr (msg->text, '@', msg->len) != NULL)
    find_emails (msg);
  find_phones (msg);
}

/* Budgets */

static inline const TerraToken *
token_at (const TerraAnalyzerScan *msg,
          guint                    i)
{
  return i < msg->n_tokens ? &msg->tokens[i] : NULL;
}

static inline guint32
flags_at (const TerraAnalyzerScan *msg,
          guint                    i)
{
  const TerraToken *token = token_at (msg, i);

  return token != NULL && !token->consumed ? _terra_token_flags (token) : 0;
}

static const char *
currency_at (const TerraAnalyzerScan *msg,
             guint                    i)
{
  const TerraToken *token = token_at (msg, i);
  const TerraLexEntry *lex;

  if (token == NULL || token->consumed)
    return NULL;
  lex = _terra_token_lex (token);

  return lex != NULL && (lex->flags & TERRA_LEX_CURRENCY) ? lex->currency : NULL;
}

static gboolean has_budget_cue (const TerraAnalyzerScan *msg,
                                guint                    first,
                                guint                    last);

typedef struct
{
  guint       first;      /* tokens, inclusive */
  guint       last;
  double      amount;
  const char *currency;
  gboolean    magnitude;
  double      scale;      /* what the magnitude multiplied by */
} Amount;

/* "₹75L", "Rs. 50,000/-", "80 lakh", "$450k", "2.5 million dollars" */
static gboolean
parse_amount (TerraAnalyzerScan *msg,
              guint              i,
              Amount            *a)
{
  const TerraToken *token = token_at (msg, i);
  guint j = i + 1;

  if (token == NULL || token->kind != TERRA_TOKEN_NUMBER || token->consumed)
    return FALSE;

  a->first = a->last = i;
  a->amount = token->number;
  a->currency = NULL;
  a->magnitude = FALSE;
  a->scale = 1;

  /* A sign or word before: "$", "₹", "Rs", "Rs.", "INR". */
  if (i > 0 && (a->currency = currency_at (msg, i - 1)) != NULL)
    a->first = i - 1;
  else if (i > 1 && token_at (msg, i - 1)->kind == TERRA_TOKEN_SYMBOL &&
           token_at (msg, i - 1)->symbol == '.' && (a->currency = currency_at (msg, i - 2)) != NULL)
    a->first = i - 2;

  if (flags_at (msg, j) & TERRA_LEX_MAGNITUDE)
    {
      const TerraToken *word = token_at (msg, j);
      const TerraLexEntry *lex = _terra_token_lex (word);
      gboolean letter = word->key_len == 1;

      /* "50k" and "75L" but not "5 l" of milk; "2.5m" only with a currency
       * or a budget around it, for "5m" is as often minutes or metres. */
      if (!letter || (word->attached &&
                      (word->key[0] == 'k' || word->key[0] == 'l' || a->currency != NULL ||
                       has_budget_cue (msg, a->first, i))))
        {
          a->scale = pow (10, lex->magnitude);
          a->amount *= a->scale;
          a->magnitude = TRUE;
          if (lex->magnitude == 5 || lex->magnitude == 7)
            a->currency = a->currency != NULL ? a->currency : "INR";
          a->last = j++;
        }
    }

  if (a->currency == NULL && (a->currency = currency_at (msg, j)) != NULL)
    a->last = j++;

  /* "50,000/-" */
  if (token_at (msg, j) != NULL && token_at (msg, j + 1) != NULL &&
      token_at (msg, j)->kind == TERRA_TOKEN_SYMBOL && token_at (msg, j)->symbol == '/' &&
      token_at (msg, j + 1)->kind == TERRA_TOKEN_SYMBOL && token_at (msg, j + 1)->symbol == '-')
    a->last = j + 1;

  return TRUE;
}

static gboolean
has_budget_cue (const TerraAnalyzerScan *msg,
                guint                    first,
                guint                    last)
{
  guint words = 0;

  for (guint t = first; t > 0 && words < 4; t--)
    {
      const TerraToken *token = &msg->tokens[t - 1];

      if (token->kind == TERRA_TOKEN_SYMBOL)
        continue;
      if (_terra_token_flags (token) & TERRA_LEX_BUDGET_CUE)
        return TRUE;
      words++;
    }

  /* "50 lakh tak" */
  return token_at (msg, last + 1) != NULL && _terra_token_is (token_at (msg, last + 1), "tak");
}

static void
add_budget (TerraAnalyzerScan *msg,
            const Amount      *low,
            const Amount      *high,
            const char        *fallback)
{
  const TerraToken *first;
  const TerraToken *last;
  TerraAnalyzerEntity *entity;
  const char *currency = high->currency != NULL ? high->currency :
                         low->currency != NULL ? low->currency : fallback;
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  g_assert (low->first <= high->last && high->last < msg->n_tokens);

  first = &msg->tokens[low->first];
  last = &msg->tokens[high->last];
  entity = _terra_scan_add_entity (msg, TERRA_ANALYZER_ENTITY_BUDGET,
                                   first->offset, last->offset + last->length);
  entity->amount = round (high->amount * 100) / 100;
  entity->amount_min = round (low->amount * 100) / 100;
  if (currency != NULL)
    g_strlcpy (entity->currency, currency, sizeof entity->currency);
  entity->value = g_strdup (g_ascii_formatd (buffer, sizeof buffer,
                                             entity->amount == floor (entity->amount) ? "%.0f" : "%.2f",
                                             entity->amount));
  _terra_scan_consume (msg, first->offset, last->offset + last->length);
}

/* "80-90 lakh", "80 lakh to 1 cr", "1.2 to 1.5 cr" */
static gboolean
range_next (TerraAnalyzerScan *msg,
            guint              after,
            Amount            *high)
{
  const TerraToken *joiner = token_at (msg, after);

  if (joiner == NULL)
    return FALSE;
  if (!((joiner->kind == TERRA_TOKEN_SYMBOL && joiner->symbol == '-') ||
        _terra_token_is (joiner, "to") || _terra_token_is (joiner, "se") ||
        _terra_token_is (joiner, "and")))
    return FALSE;

  return parse_amount (msg, after + 1, high) && (high->magnitude || high->currency != NULL);
}

void
_terra_analyzer_find_budgets (TerraAnalyzerScan *msg)
{
  const char *fallback = msg->context->currency;

  if (!(msg->seen_flags & (TERRA_LEX_MAGNITUDE | TERRA_LEX_CURRENCY | TERRA_LEX_BUDGET_CUE)))
    {
      gboolean sign = FALSE;

      for (guint i = 0; i < msg->n_tokens && !sign; i++)
        sign = msg->tokens[i].kind == TERRA_TOKEN_SYMBOL && msg->tokens[i].entry != NULL &&
               (msg->tokens[i].entry->flags & TERRA_LEX_CURRENCY);
      if (!sign)
        return;
    }

  for (guint i = 0; i < msg->n_tokens; i++)
    {
      Amount low, high;
      const TerraToken *next;

      if (!parse_amount (msg, i, &low))
        continue;

      if (range_next (msg, low.last + 1, &high))
        {
          /* The low end borrows the high end's magnitude: "80-90 lakh". */
          if (!low.magnitude)
            low.amount *= high.scale;
          add_budget (msg, &low, &high, fallback);
          i = high.last;
          continue;
        }

      next = token_at (msg, low.last + 1);
      if (!low.magnitude && low.currency == NULL)
        {
          /* A bare number is a budget only with a word that says so, and
           * not when it measures something else: "around 1200 sqft". */
          if (!has_budget_cue (msg, low.first, low.last) || low.amount < 1000 ||
              (next != NULL && (_terra_token_flags (next) & (TERRA_LEX_MEASURE | TERRA_LEX_MERIDIEM))))
            continue;
          /* Years are no budgets. */
          if (low.amount >= 1900 && low.amount <= 2100 && msg->tokens[i].n_digits == 4 &&
              !msg->tokens[i].grouped)
            continue;
        }
      add_budget (msg, &low, &low, fallback);
      i = low.last;
    }
}

/* Names */

static inline const TerraToken *
word_token (const TerraAnalyzerScan *msg,
            guint                    w)
{
  return &msg->tokens[msg->words[w]];
}

static gboolean
looks_like_name (const TerraAnalyzerScan *msg,
                 const TerraToken        *token,
                 gboolean                 strong)
{
  if (token->kind != TERRA_TOKEN_WORD || token->consumed)
    return FALSE;
  if (token->entry != NULL || token->stem != NULL)
    return FALSE;
  if (g_utf8_strlen (token->key, token->key_len) < 2)
    return FALSE;
  if (token->script == TERRA_SCRIPT_LATIN && !strong)
    return token->capitalized || !msg->has_upper;

  return TRUE;
}

static void
add_name (TerraAnalyzerScan *msg,
          guint              first,
          guint              last)
{
  const TerraToken *a, *b;
  TerraAnalyzerEntity *entity;
  GString *value;

  g_assert (first <= last && last < msg->n_words);

  a = word_token (msg, first);
  b = word_token (msg, last);
  value = g_string_new (NULL);

  for (guint w = first; w <= last; w++)
    {
      const TerraToken *token = word_token (msg, w);
      const char *word = msg->text + token->offset;

      if (value->len > 0)
        g_string_append_c (value, ' ');
      if (token->script == TERRA_SCRIPT_LATIN)
        {
          /* "rahul" → "Rahul", "RAHUL" → "Rahul", "McKenzie" stays. */
          g_autofree char *lower = token->all_caps ? g_utf8_strdown (word, token->length) : NULL;
          const char *source = lower != NULL ? lower : word;
          gsize length = lower != NULL ? strlen (lower) : token->length;
          gunichar c = g_utf8_get_char (source);
          const char *rest = g_utf8_next_char (source);

          g_string_append_unichar (value, g_unichar_totitle (c));
          g_string_append_len (value, rest, length - (rest - source));
        }
      else
        g_string_append_len (value, word, token->length);
    }

  entity = _terra_scan_add_entity (msg, TERRA_ANALYZER_ENTITY_NAME,
                                   a->offset, b->offset + b->length);
  entity->value = g_string_free (value, FALSE);
}

/* Up to three name-like words from w on, in one clause; returns how many. */
static guint
name_words (const TerraAnalyzerScan *msg,
            guint                    w,
            gboolean                 strong)
{
  guint n = 0;

  while (w + n < msg->n_words && n < 3)
    {
      const TerraToken *token = word_token (msg, w + n);

      if (n > 0)
        {
          /* Punctuation ends the name: "I'm Rahul, looking for…" */
          for (guint t = msg->words[w + n - 1] + 1; t < msg->words[w + n]; t++)
            if (msg->tokens[t].kind == TERRA_TOKEN_SYMBOL && msg->tokens[t].symbol != '.')
              return n;
          /* The surname of a weak cue must be capitalized too. */
          if (token->script == TERRA_SCRIPT_LATIN && !token->capitalized && msg->has_upper)
            return n;
        }
      if (!looks_like_name (msg, token, strong))
        return n;
      n++;
    }

  return n;
}

void
_terra_analyzer_find_names (TerraAnalyzerScan *msg)
{
  for (guint c = 0; c < msg->n_name_cues; c++)
    {
      guint w = msg->name_cues[c];
      gboolean strong = msg->name_cue_strength[c] >= 2;
      guint n;

      if (w < msg->n_words && (_terra_token_flags (word_token (msg, w)) & TERRA_LEX_TITLE))
        w++;
      if (w >= msg->n_words)
        continue;

      n = name_words (msg, w, strong);
      if (n > 0)
        {
          add_name (msg, w, w + n - 1);
          return;
        }
    }

  /* "Rahul here", "Hi, Priya this side" */
  for (guint w = 0; w < MIN (msg->n_words, 2); w++)
    {
      const TerraToken *token = word_token (msg, w);
      guint n;

      if (!token->capitalized || !looks_like_name (msg, token, FALSE))
        continue;
      n = name_words (msg, w, FALSE);
      if (w + n < msg->n_words &&
          (_terra_token_is (word_token (msg, w + n), "here") ||
           (_terra_token_is (word_token (msg, w + n), "this") && w + n + 1 < msg->n_words &&
            _terra_token_is (word_token (msg, w + n + 1), "side"))))
        {
          add_name (msg, w, w + n - 1);
          return;
        }
    }
}
