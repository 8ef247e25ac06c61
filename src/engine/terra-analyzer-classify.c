/* terra-analyzer-classify.c — intent, sentiment, objections, opt-out and
 * escalations from the lexicon's phrases
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every word is looked at once: the phrases starting with it are matched
 * against the words that follow. Intents collect weights and the heaviest
 * wins; sentiment sums word values the way VADER does (negation flips and
 * damps a value, "very" strengthens it, words after "but" count more) and
 * squashes the sum into -1..1.
 */

#define G_LOG_DOMAIN "terra-analyzer"

#include "config.h"

#include <math.h>

#include "terra-analyzer-private.h"

/* VADER's normalisation constant: a sum of 3 gives 0.61. */
#define SENTIMENT_ALPHA 15.0
#define SENTIMENT_THRESHOLD 0.33
#define STRONG_NEGATIVE -0.6
/* How much a negated word keeps of its value, with the opposite sign. */
#define NEGATION_SCALAR -0.74

typedef struct
{
  double intent[TERRA_N_INTENTS];
  double sentiment;
  guint  features;
  guint  feature_offset;
  guint  feature_end;
  int    but_word;   /* the last "but", or -1 */
} Scores;

/* When two intents weigh the same, the one a person must see first wins. */
static const TerraIntent priority[] = {
  TERRA_INTENT_LEGAL,
  TERRA_INTENT_OPT_OUT,
  TERRA_INTENT_COMPLAINT,
  TERRA_INTENT_HUMAN_REQUEST,
  TERRA_INTENT_RESCHEDULE,
  TERRA_INTENT_BOOKING,
  TERRA_INTENT_DISCOUNT,
  TERRA_INTENT_FINANCING,
  TERRA_INTENT_PRICING,
  TERRA_INTENT_LOCATION,
  TERRA_INTENT_HOURS,
  TERRA_INTENT_PROPERTY_DETAILS,
  TERRA_INTENT_SPAM,
  TERRA_INTENT_GREETING,
  TERRA_INTENT_OTHER,
};

static inline const TerraToken *
word_token (const TerraAnalyzerScan *msg,
            guint                    w)
{
  return &msg->tokens[msg->words[w]];
}

static inline gboolean
is_break (const TerraToken *token)
{
  if (token->kind != TERRA_TOKEN_SYMBOL)
    return FALSE;

  switch (token->symbol)
    {
    case '.': case '!': case '?': case ';': case ',': case ':':
    case 0x0964: case 0x0965: case 0x2026:
      return TRUE;
    default:
      return FALSE;
    }
}

/* Whether punctuation separates word a from the later word b. */
static gboolean
break_between (const TerraAnalyzerScan *msg,
               guint                    a,
               guint                    b)
{
  for (guint t = msg->words[a] + 1; t < msg->words[b]; t++)
    if (is_break (&msg->tokens[t]))
      return TRUE;

  return FALSE;
}

/* The word with one of flags among the window words before w, in the same
 * clause; -1 if none. */
static int
flagged_before (const TerraAnalyzerScan *msg,
                guint                    w,
                guint                    window,
                guint32                  flags)
{
  for (guint j = w; j > 0 && w - j < window; j--)
    {
      if (break_between (msg, j - 1, j))
        return -1;
      if (_terra_token_flags (word_token (msg, j - 1)) & flags)
        return j - 1;
    }

  return -1;
}

static gboolean
flagged_after (const TerraAnalyzerScan *msg,
               guint                    end,
               guint                    window,
               guint32                  flags)
{
  for (guint j = end; j < msg->n_words && j < end + window; j++)
    {
      if (j > 0 && break_between (msg, j - 1, j))
        return FALSE;
      if (_terra_token_flags (word_token (msg, j)) & flags)
        return TRUE;
    }

  return FALSE;
}

static inline gboolean
word_matches (const TerraRuleWord *rw,
              const TerraToken    *token)
{
  if (token->consumed || token->key_len < rw->len)
    return FALSE;
  if (!rw->prefix && token->key_len != rw->len)
    return FALSE;

  return memcmp (token->key, rw->word, rw->len) == 0;
}

/* Matches the rule's words from k on against the message's words from w
 * on; returns the word after the match, or -1. */
static int
match_from (const TerraAnalyzerScan *msg,
            const TerraRule         *rule,
            guint                    k,
            guint                    w)
{
  const TerraRuleWord *rw;

  if (k == rule->n_words)
    return w;

  rw = &rule->words[k];
  if (rw->optional)
    {
      int end = match_from (msg, rule, k + 1, w);

      if (end < 0 && w < msg->n_words)
        end = match_from (msg, rule, k + 1, w + 1);
      return end;
    }
  if (w >= msg->n_words)
    return -1;
  if (rw->word != NULL && !word_matches (rw, word_token (msg, w)))
    return -1;

  return match_from (msg, rule, k + 1, w + 1);
}

static inline guint
end_offset (const TerraAnalyzerScan *msg,
            guint                    end)
{
  const TerraToken *last = word_token (msg, end - 1);

  return last->offset + last->length;
}

static void
apply_intent (TerraAnalyzerScan *msg,
              Scores            *scores,
              const TerraRule   *rule,
              guint              w,
              guint              end)
{
  TerraEscalations escalation = TERRA_ESCALATION_NONE;

  if (!(_terra_token_flags (word_token (msg, w)) & TERRA_LEX_NEGATOR) &&
      flagged_before (msg, w, 2, TERRA_LEX_NEGATOR) >= 0)
    return;

  scores->intent[rule->target] += rule->weight;

  if (rule->weight < 2)
    return;
  if (rule->target == TERRA_INTENT_LEGAL)
    escalation = TERRA_ESCALATION_LEGAL;
  else if (rule->target == TERRA_INTENT_HUMAN_REQUEST)
    escalation = TERRA_ESCALATION_HUMAN_REQUEST;
  else if (rule->target == TERRA_INTENT_DISCOUNT)
    escalation = TERRA_ESCALATION_DISCOUNT;
  if (escalation != TERRA_ESCALATION_NONE)
    _terra_scan_add_trigger (msg, TERRA_ANALYZER_TRIGGER_ESCALATION, escalation,
                             word_token (msg, w)->offset, end_offset (msg, end));
}

static void
apply_sentiment (TerraAnalyzerScan *msg,
                 Scores            *scores,
                 const TerraRule   *rule,
                 guint              w,
                 guint              end)
{
  const TerraToken *token = word_token (msg, w);
  double value = rule->weight;

  if (!(_terra_token_flags (token) & TERRA_LEX_NEGATOR) &&
      (flagged_before (msg, w, 3, TERRA_LEX_NEGATOR) >= 0 ||
       flagged_after (msg, end, 2, TERRA_LEX_POST_NEGATOR)))
    value *= NEGATION_SCALAR;

  if (flagged_before (msg, w, 1, TERRA_LEX_INTENSIFIER) >= 0)
    value *= 1.3;
  if (token->all_caps && msg->has_lower)
    value *= 1.2;
  if (scores->but_word >= 0)
    value *= (int)w < scores->but_word ? 0.5 : 1.5;

  scores->sentiment += value;
}

static void
apply_opt_out (TerraAnalyzerScan *msg,
               guint              w)
{
  int negator;

  if (!(_terra_token_flags (word_token (msg, w)) & TERRA_LEX_NEGATOR))
    {
      negator = flagged_before (msg, w, 2, TERRA_LEX_NEGATOR);
      /* "don't stop sending me listings" wants more, not less; but "if you
       * don't stop messaging me…" does not. */
      if (negator >= 0 &&
          !(negator > 0 && _terra_token_is (word_token (msg, negator - 1), "if")) &&
          !(negator > 1 && _terra_token_is (word_token (msg, negator - 2), "if")))
        return;
    }

  /* "why did you stop sending offers?" */
  if (flagged_before (msg, w, 3, TERRA_LEX_GUARD) >= 0)
    return;

  msg->result->opt_out = TRUE;
}

static void
apply_rule (TerraAnalyzerScan *msg,
            Scores            *scores,
            const TerraRule   *rule,
            guint              w,
            guint              end)
{
  const TerraToken *first = word_token (msg, w);
  guint offset = first->offset;

  switch (rule->action)
    {
    case TERRA_RULE_INTENT:
      apply_intent (msg, scores, rule, w, end);
      break;

    case TERRA_RULE_SENTIMENT:
      apply_sentiment (msg, scores, rule, w, end);
      break;

    case TERRA_RULE_PROFANITY:
      scores->sentiment += rule->weight;
      _terra_scan_add_trigger (msg, TERRA_ANALYZER_TRIGGER_ESCALATION,
                               TERRA_ESCALATION_PROFANITY, offset, end_offset (msg, end));
      break;

    case TERRA_RULE_OBJECTION:
      if ((_terra_token_flags (first) & TERRA_LEX_NEGATOR) ||
          flagged_before (msg, w, 2, TERRA_LEX_NEGATOR) < 0)
        _terra_scan_add_trigger (msg, TERRA_ANALYZER_TRIGGER_OBJECTION, rule->target,
                                 offset, end_offset (msg, end));
      break;

    case TERRA_RULE_ESCALATION:
      _terra_scan_add_trigger (msg, TERRA_ANALYZER_TRIGGER_ESCALATION, rule->target,
                               offset, end_offset (msg, end));
      break;

    case TERRA_RULE_OPT_OUT:
      apply_opt_out (msg, w);
      break;

    case TERRA_RULE_NAME_CUE:
      if (msg->n_name_cues < TERRA_MAX_NAME_CUES)
        {
          msg->name_cues[msg->n_name_cues] = end;
          msg->name_cue_strength[msg->n_name_cues] = rule->target;
          msg->n_name_cues++;
        }
      break;

    case TERRA_RULE_FEATURE:
      if (rule->target == TERRA_FEATURE_RERA)
        {
          scores->feature_offset = offset;
          scores->feature_end = end_offset (msg, end);
        }
      scores->features |= rule->target;
      break;

    default:
      g_assert_not_reached ();
    }
}

static void
fire_rules (TerraAnalyzerScan *msg,
            Scores            *scores,
            const GPtrArray   *rules,
            guint              w)
{
  if (rules == NULL)
    return;

  for (guint i = 0; i < rules->len; i++)
    {
      const TerraRule *rule = g_ptr_array_index (rules, i);
      int end = match_from (msg, rule, 1, w + 1);

      if (end >= 0)
        apply_rule (msg, scores, rule, w, end);
    }
}

/* "STOP", "unsubscribe", "please stop now": the whole message is the
 * request. */
static gboolean
is_whole_opt_out (TerraAnalyzerScan *msg)
{
  char key[96];
  guint len = 0, n = 0;

  for (guint w = 0; w < msg->n_words; w++)
    {
      const TerraToken *token = word_token (msg, w);

      if (_terra_token_flags (token) & TERRA_LEX_FILLER)
        continue;
      if (++n > 3 || len + token->key_len + 1 >= sizeof key)
        return FALSE;
      if (len > 0)
        key[len++] = ' ';
      memcpy (key + len, token->key, token->key_len);
      len += token->key_len;
    }
  key[len] = '\0';

  if (n > 0 && _terra_lexicon_is_whole_opt_out (msg->lexicon, key))
    return TRUE;

  /* The carrier keyword in capitals opens a longer message: "STOP. Not
   * interested". */
  if (msg->n_words > 1)
    {
      const TerraToken *first = word_token (msg, 0);

      return _terra_token_is (first, "stop") && first->all_caps && msg->n_tokens > 1 &&
             msg->tokens[1].kind == TERRA_TOKEN_SYMBOL && is_break (&msg->tokens[1]);
    }

  return FALSE;
}

/* Shouting and "???" */
static void
find_frustration (TerraAnalyzerScan *msg)
{
  guint run = 0, run_start = 0;

  if (msg->caps_words >= 2 && msg->upper_letters >= 10 &&
      msg->caps_letters * 10 >= msg->upper_letters * 8)
    _terra_scan_add_trigger (msg, TERRA_ANALYZER_TRIGGER_ESCALATION,
                             TERRA_ESCALATION_FRUSTRATION, 0, 0);

  for (guint t = 0; t < msg->n_tokens; t++)
    {
      const TerraToken *token = &msg->tokens[t];

      if (token->kind == TERRA_TOKEN_SYMBOL && (token->symbol == '?' || token->symbol == '!'))
        {
          if (run == 0)
            run_start = t;
          if (run == 0 || token->attached)
            run++;
          else
            run = 1, run_start = t;
          if (run >= 3 && memchr (msg->text + msg->tokens[run_start].offset, '?',
                                  token->offset + 1 - msg->tokens[run_start].offset))
            {
              _terra_scan_add_trigger (msg, TERRA_ANALYZER_TRIGGER_ESCALATION,
                                       TERRA_ESCALATION_FRUSTRATION,
                                       msg->tokens[run_start].offset,
                                       token->offset + token->length);
              break;
            }
        }
      else
        run = 0;
    }
}

static double
squash (double sum)
{
  return sum / sqrt (sum * sum + SENTIMENT_ALPHA);
}

static void
finish_sentiment (TerraAnalyzerScan *msg,
                  Scores            *scores)
{
  TerraAnalyzerResult *result = msg->result;
  double sum = scores->sentiment;
  guint exclamations = 0;

  for (guint t = 0; t < msg->n_tokens; t++)
    if (msg->tokens[t].kind == TERRA_TOKEN_SYMBOL && msg->tokens[t].symbol == '!')
      exclamations++;

  /* "!" strengthens whatever was said, up to four of them. */
  if (sum != 0)
    sum += (sum > 0 ? 0.29 : -0.29) * MIN (exclamations, 4);

  /* Only the words themselves call for the owner; the nudges below colour
   * the label, and frustration escalates by itself. */
  if (squash (sum) <= STRONG_NEGATIVE)
    _terra_scan_add_trigger (msg, TERRA_ANALYZER_TRIGGER_ESCALATION,
                             TERRA_ESCALATION_NEGATIVE_SENTIMENT, 0, 0);

  if (result->escalations & TERRA_ESCALATION_FRUSTRATION)
    sum -= 1.5;
  /* Complaints and legal threats are negative even in neutral words:
   * "I was charged extra for the cleaning". */
  if (result->intent == TERRA_INTENT_COMPLAINT || result->intent == TERRA_INTENT_LEGAL)
    sum -= 1.5;

  result->sentiment_score = CLAMP (squash (sum), -1.0, 1.0);
  if (result->sentiment_score >= SENTIMENT_THRESHOLD)
    result->sentiment = TERRA_SENTIMENT_POSITIVE;
  else if (result->sentiment_score <= -SENTIMENT_THRESHOLD)
    result->sentiment = TERRA_SENTIMENT_NEGATIVE;
  else
    result->sentiment = TERRA_SENTIMENT_NEUTRAL;
}

static gboolean
has_question (const TerraAnalyzerScan *msg)
{
  for (guint t = 0; t < msg->n_tokens; t++)
    if (msg->tokens[t].kind == TERRA_TOKEN_SYMBOL &&
        (msg->tokens[t].symbol == '?' || msg->tokens[t].symbol == 0xFF1F))
      return TRUE;

  return FALSE;
}

static void
finish_intent (TerraAnalyzerScan *msg,
               Scores            *scores)
{
  TerraAnalyzerResult *result = msg->result;
  double *intent = scores->intent;
  gboolean has_date = FALSE, has_budget = FALSE;
  TerraIntent best = TERRA_INTENT_OTHER;
  double best_score = 0, second = 0;

  for (guint i = 0; i < result->entities->len; i++)
    {
      TerraAnalyzerEntityKind kind = g_array_index (result->entities, TerraAnalyzerEntity, i).kind;

      has_date |= kind == TERRA_ANALYZER_ENTITY_DATETIME;
      has_budget |= kind == TERRA_ANALYZER_ENTITY_BUDGET;
    }

  /* A complaint about RERA is a legal matter; RERA alone is a question
   * about the project. */
  if ((scores->features & TERRA_FEATURE_RERA) && (scores->features & TERRA_FEATURE_COMPLAINT))
    {
      intent[TERRA_INTENT_LEGAL] += 4;
      _terra_scan_add_trigger (msg, TERRA_ANALYZER_TRIGGER_ESCALATION, TERRA_ESCALATION_LEGAL,
                               scores->feature_offset, scores->feature_end);
    }
  if (msg->has_url)
    intent[TERRA_INTENT_SPAM] += 2;
  /* A day or a time is a lead proposing a visit, unless an explicit
   * request (4 and up) says otherwise; it outweighs product words, which
   * add up to 3.5 at most ("bridal makeup on 14 Feb"). */
  if (has_date && intent[TERRA_INTENT_RESCHEDULE] == 0 &&
      !(result->objections & TERRA_OBJECTION_TIMING))
    intent[TERRA_INTENT_BOOKING] += 3.6;
  /* "Thanks", "not interested": a question is a request all the same. */
  if (has_question (msg))
    intent[TERRA_INTENT_OTHER] = 0;
  if (has_budget)
    intent[TERRA_INTENT_PROPERTY_DETAILS] += 1;
  /* Product words pile up ("keratin treatment for long hair"); a question
   * about them must still lose to a price or a booking. */
  intent[TERRA_INTENT_PROPERTY_DETAILS] = MIN (intent[TERRA_INTENT_PROPERTY_DETAILS], 3.5);

  if (result->opt_out)
    {
      result->intent = TERRA_INTENT_OPT_OUT;
      result->intent_confidence = 0.95;
      return;
    }

  for (guint i = 0; i < G_N_ELEMENTS (priority); i++)
    {
      double score = intent[priority[i]];

      if (score > best_score)
        {
          second = best_score;
          best_score = score;
          best = priority[i];
        }
      else if (score > second)
        second = score;
    }

  if (best_score < 1.0)
    {
      result->intent = TERRA_INTENT_OTHER;
      result->intent_confidence = 0.5;
      return;
    }

  result->intent = best;
  result->intent_confidence = best_score / (best_score + second + 0.5);
}

void
_terra_analyzer_classify (TerraAnalyzerScan *msg)
{
  Scores scores = { .but_word = -1 };

  for (guint w = 0; w < msg->n_words; w++)
    if (_terra_token_flags (word_token (msg, w)) & TERRA_LEX_BUT)
      scores.but_word = w;

  for (guint w = 0; w < msg->n_words; w++)
    {
      const TerraToken *token = word_token (msg, w);

      if (token->consumed)
        continue;
      if (token->entry != NULL)
        fire_rules (msg, &scores, token->entry->rules, w);
      if (token->stem != NULL)
        fire_rules (msg, &scores, token->stem->rules, w);
    }

  /* Emoji carry sentiment by themselves. */
  for (guint t = 0; t < msg->n_tokens; t++)
    {
      const TerraToken *token = &msg->tokens[t];

      if (token->kind == TERRA_TOKEN_SYMBOL && token->entry != NULL && token->entry->rules != NULL)
        for (guint i = 0; i < token->entry->rules->len; i++)
          {
            const TerraRule *rule = g_ptr_array_index (token->entry->rules, i);

            if (rule->action == TERRA_RULE_SENTIMENT && rule->n_words == 1)
              scores.sentiment += rule->weight;
          }
    }

  if (!msg->result->opt_out && is_whole_opt_out (msg))
    msg->result->opt_out = TRUE;

  find_frustration (msg);
  finish_intent (msg, &scores);
  finish_sentiment (msg, &scores);
}
