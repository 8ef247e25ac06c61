/* terra-analyzer-private.h — what the analyzer's files share
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The analyzer is split by responsibility:
 * - terra-analyzer.c: the object, the result, its JSON;
 * - terra-analyzer-lexicon.c: the word lists and their compiled form;
 * - terra-analyzer-text.c: validation, tokens, scripts and language;
 * - terra-analyzer-classify.c: intent, sentiment, objections, opt-out,
 *   escalations from the lexicon's rules;
 * - terra-analyzer-dates.c: dates and times;
 * - terra-analyzer-entities.c: budgets, phones, emails, links, names.
 *
 * A message is tokenized once into a TerraAnalyzerScan; every step reads its
 * tokens and writes into the result it carries.
 */
#pragma once

#include <string.h>

#include "terra-analyzer.h"

G_BEGIN_DECLS

#define TERRA_N_INTENTS (TERRA_INTENT_SPAM + 1)

/* Attributes of a single word, as bits of TerraLexEntry.flags. */
typedef enum
{
  TERRA_LEX_NEGATOR      = 1 << 0,  /* "not", "never", "mat": flips what follows */
  TERRA_LEX_POST_NEGATOR = 1 << 1,  /* "nahi", "ಇಲ್ಲ", "இல்லை": flips what precedes */
  TERRA_LEX_INTENSIFIER  = 1 << 2,
  TERRA_LEX_BUT          = 1 << 3,
  TERRA_LEX_CONNECTOR    = 1 << 4,  /* "at", "on", "ko": may sit inside a date */
  TERRA_LEX_BUDGET_CUE   = 1 << 5,
  TERRA_LEX_PHONE_CUE    = 1 << 6,
  TERRA_LEX_NOT_NAME     = 1 << 7,
  TERRA_LEX_FILLER       = 1 << 8,  /* "please", "now": ignored around a lone STOP */
  TERRA_LEX_GUARD        = 1 << 9,  /* "why", "did": a question about stopping */
  TERRA_LEX_MONTH        = 1 << 10,
  TERRA_LEX_WEEKDAY      = 1 << 11,
  TERRA_LEX_ABBREVIATION = 1 << 12, /* "sat", "wed", "may": dates only beside a number or "on" */
  TERRA_LEX_DAY_OFFSET   = 1 << 13, /* "today", "kal", "ನಾಳೆ" */
  TERRA_LEX_DAY_PART     = 1 << 14,
  TERRA_LEX_MERIDIEM     = 1 << 15, /* "am", "pm" */
  TERRA_LEX_OCLOCK       = 1 << 16, /* "o'clock", "baje", "ಗಂಟೆಗೆ" */
  TERRA_LEX_THIS         = 1 << 17,
  TERRA_LEX_NEXT         = 1 << 18,
  TERRA_LEX_UNIT         = 1 << 19, /* "days", "ghante" */
  TERRA_LEX_IN           = 1 << 20, /* "in", "after", "within" before an amount of time */
  TERRA_LEX_LATER        = 1 << 21, /* "later", "baad" after one */
  TERRA_LEX_NUMBER       = 1 << 22, /* "two", "do", "paanch" */
  TERRA_LEX_MAGNITUDE    = 1 << 23,
  TERRA_LEX_CURRENCY     = 1 << 24,
  TERRA_LEX_GOOD         = 1 << 25, /* "good" in "good morning" */
  TERRA_LEX_WEEK         = 1 << 26,
  TERRA_LEX_WEEKEND      = 1 << 27,
  TERRA_LEX_CLOCK        = 1 << 28, /* "noon", "midnight" */
  TERRA_LEX_AT           = 1 << 29, /* "at", "@", "by", "around": a bare hour may follow */
  TERRA_LEX_TITLE        = 1 << 30, /* "mr", "dr" before a name */
  TERRA_LEX_MEASURE      = 1u << 31, /* "sqft", "people": a number before it is no amount */
} TerraLexFlags;

/* Which languages a Latin-script word suggests. */
typedef enum
{
  TERRA_LANG_EN      = 1 << 0,
  TERRA_LANG_HINGLISH = 1 << 1,
  TERRA_LANG_ES      = 1 << 2,
  TERRA_LANG_FR      = 1 << 3,
  TERRA_LANG_DE      = 1 << 4,
  TERRA_LANG_PT      = 1 << 5,
} TerraLangMarker;

#define TERRA_N_LANG_MARKERS 6

/* Units of "in 2 days". */
typedef enum
{
  TERRA_UNIT_NONE,
  TERRA_UNIT_MINUTE,
  TERRA_UNIT_HOUR,
  TERRA_UNIT_DAY,
  TERRA_UNIT_WEEK,
  TERRA_UNIT_MONTH,
} TerraUnit;

/* Parts of a day; NIGHT is the scheduler's evening, later. */
typedef enum
{
  TERRA_PART_NONE,
  TERRA_PART_MORNING,
  TERRA_PART_AFTERNOON,
  TERRA_PART_EVENING,
  TERRA_PART_NIGHT,
} TerraPart;

typedef enum
{
  TERRA_RULE_INTENT,
  TERRA_RULE_SENTIMENT,
  TERRA_RULE_OBJECTION,
  TERRA_RULE_ESCALATION,
  TERRA_RULE_OPT_OUT,
  TERRA_RULE_PROFANITY,
  TERRA_RULE_NAME_CUE,   /* target: 1 weak ("I'm"), 2 strong ("my name is") */
  TERRA_RULE_FEATURE,    /* sets a TerraFeature bit for combinations */
} TerraRuleAction;

typedef enum
{
  TERRA_FEATURE_RERA      = 1 << 0,
  TERRA_FEATURE_COMPLAINT = 1 << 1,
} TerraFeature;

typedef struct
{
  const char *word;     /* folded; NULL for a wildcard */
  guint       len;
  guint       prefix   : 1;  /* "disappoint*" */
  guint       optional : 1;  /* "~": any one word, or none */
} TerraRuleWord;

/* A phrase of one or more words and what it means. */
typedef struct
{
  TerraRuleAction action;
  int             target;
  float           weight;
  guint           n_words;
  TerraRuleWord   words[];
} TerraRule;

typedef struct _TerraLexEntry TerraLexEntry;

struct _TerraLexEntry
{
  guint32              flags;
  guint8               lang;       /* TerraLangMarker */
  gint8                month;      /* 1–12 */
  gint8                weekday;    /* GDateWeekday */
  gint8                day_offset;
  gint8                part;       /* TerraPart */
  gint8                number;
  gint8                unit;       /* TerraUnit */
  gint8                hour;       /* TERRA_LEX_CLOCK; pm: 12 for TERRA_LEX_MERIDIEM */
  double               magnitude;
  const char          *currency;
  const TerraLexEntry *stem;       /* the longest stem that is a prefix of this word */
  GPtrArray           *rules;      /* borrowed TerraRule *: phrases starting here */
};

typedef struct _TerraLexicon TerraLexicon;

/* The word lists (terra-analyzer-words.c). */
typedef struct
{
  const char *words;   /* "|"-separated */
  guint32     flags;   /* TerraLexFlags, or TerraLangMarker for languages */
  int         value;   /* the month, weekday, hour, power of ten… the flags say */
} TerraLexAttribute;

typedef struct
{
  TerraRuleAction action;
  int             target;
  float           weight;
  const char     *phrases;
} TerraLexGroup;

typedef enum
{
  TERRA_CURRENCY_INR,
  TERRA_CURRENCY_USD,
  TERRA_CURRENCY_GBP,
  TERRA_CURRENCY_EUR,
  TERRA_CURRENCY_AED,
  TERRA_CURRENCY_AUD,
  TERRA_CURRENCY_CAD,
  TERRA_CURRENCY_SGD,
} TerraCurrency;

extern const char *const       terra_analyzer_currencies[];
extern const TerraLexAttribute terra_analyzer_attributes[];
extern const TerraLexAttribute terra_analyzer_languages[];
extern const TerraLexGroup     terra_analyzer_rules[];
extern const char              terra_analyzer_whole_opt_out[];

TerraLexicon        *_terra_lexicon_new              (void);
void                 _terra_lexicon_free             (TerraLexicon       *lexicon);
const TerraLexEntry *_terra_lexicon_lookup           (const TerraLexicon *lexicon,
                                                      const char         *key,
                                                      guint               len);
const TerraLexEntry *_terra_lexicon_lookup_stem      (const TerraLexicon *lexicon,
                                                      const char         *key,
                                                      guint               len);
gboolean             _terra_lexicon_is_whole_opt_out (const TerraLexicon *lexicon,
                                                      const char         *key);
/* Writes the folded form of text (lower case, no apostrophes or joiners)
 * and a NUL; returns its length. out must have room for len * 2 + 1. */
guint                _terra_analyzer_fold            (const char         *text,
                                                      guint               len,
                                                      char               *out);

typedef enum
{
  TERRA_TOKEN_WORD,
  TERRA_TOKEN_NUMBER,
  TERRA_TOKEN_SYMBOL,
} TerraTokenKind;

typedef enum
{
  TERRA_SCRIPT_NONE,
  TERRA_SCRIPT_LATIN,
  TERRA_SCRIPT_DEVANAGARI,
  TERRA_SCRIPT_BENGALI,
  TERRA_SCRIPT_GURMUKHI,
  TERRA_SCRIPT_GUJARATI,
  TERRA_SCRIPT_ORIYA,
  TERRA_SCRIPT_TAMIL,
  TERRA_SCRIPT_TELUGU,
  TERRA_SCRIPT_KANNADA,
  TERRA_SCRIPT_MALAYALAM,
  TERRA_SCRIPT_ARABIC,
  TERRA_SCRIPT_CYRILLIC,
  TERRA_SCRIPT_GREEK,
  TERRA_SCRIPT_HEBREW,
  TERRA_SCRIPT_THAI,
  TERRA_SCRIPT_HAN,
  TERRA_SCRIPT_KANA,
  TERRA_SCRIPT_HANGUL,
  TERRA_SCRIPT_OTHER,
  TERRA_N_SCRIPTS
} TerraScript;

typedef struct
{
  guint                offset;      /* bytes, in the message text */
  guint                length;
  const char          *key;         /* folded, NUL-terminated */
  guint                key_len;
  gunichar             symbol;      /* TERRA_TOKEN_SYMBOL */
  double               number;      /* TERRA_TOKEN_NUMBER */
  guint8               kind;        /* TerraTokenKind */
  guint8               script;      /* TerraScript of a word */
  guint8               n_digits;    /* integer digits of a number */
  guint8               n_decimals;  /* digits after its point */
  guint                attached    : 1; /* no space before: the "pm" of "3pm" */
  guint                consumed    : 1; /* part of an entity already */
  guint                capitalized : 1;
  guint                all_caps    : 1;
  guint                grouped     : 1; /* a number written with commas */
  const TerraLexEntry *entry;       /* the word itself, or NULL */
  const TerraLexEntry *stem;        /* the longest stem it starts with, or NULL */
} TerraToken;

#define TERRA_MAX_NAME_CUES 4

typedef struct
{
  const TerraLexicon         *lexicon;
  const TerraAnalyzerContext *context;
  TerraAnalyzerResult        *result;

  const char                 *text;           /* result->text */
  guint                       len;

  TerraToken                 *tokens;
  guint                       n_tokens;
  guint                      *words;          /* indices of the word and number tokens */
  guint                       n_words;
  char                       *arena;          /* the tokens' keys */

  guint                       script_letters[TERRA_N_SCRIPTS];
  guint                       lang_words[TERRA_N_LANG_MARKERS];
  guint32                     seen_flags;     /* every TerraLexFlags of the words */
  guint                       upper_letters;  /* Latin, in words of three letters or more */
  guint                       caps_letters;   /* of those, in upper case */
  guint                       caps_words;
  gboolean                    has_lower;      /* any Latin letter in lower case */
  gboolean                    has_upper;
  gboolean                    has_url;

  /* Filled by classification, read by name extraction. */
  guint                       name_cues[TERRA_MAX_NAME_CUES];  /* the word after the cue */
  guint8                      name_cue_strength[TERRA_MAX_NAME_CUES];
  guint                       n_name_cues;
} TerraAnalyzerScan;

/* terra-analyzer-text.c */
char                *_terra_analyzer_prepare_text  (const char                 *text);
void                 _terra_scan_init              (TerraAnalyzerScan          *msg,
                                                    const TerraLexicon         *lexicon,
                                                    const TerraAnalyzerContext *context,
                                                    TerraAnalyzerResult        *result);
void                 _terra_scan_clear             (TerraAnalyzerScan          *msg);
const char          *_terra_scan_language          (TerraAnalyzerScan          *msg);
/* Adds an entity spanning bytes [offset, end); returns it to fill in. */
TerraAnalyzerEntity *_terra_scan_add_entity        (TerraAnalyzerScan          *msg,
                                                    TerraAnalyzerEntityKind     kind,
                                                    guint                       offset,
                                                    guint                       end);
/* The first token that ends after offset; n_tokens if none. */
guint                _terra_scan_token_at          (const TerraAnalyzerScan    *msg,
                                                    guint                       offset);
/* Marks the tokens overlapping bytes [offset, end) as used by an entity. */
void                 _terra_scan_consume           (TerraAnalyzerScan          *msg,
                                                    guint                       offset,
                                                    guint                       end);
/* Sets an objection or escalation flag, remembering the first words that
 * did. */
void                 _terra_scan_add_trigger       (TerraAnalyzerScan          *msg,
                                                    TerraAnalyzerTriggerKind    kind,
                                                    guint                       flag,
                                                    guint                       offset,
                                                    guint                       end);

/* terra-analyzer-entities.c */
void                 _terra_analyzer_find_contacts (TerraAnalyzerScan          *msg);
void                 _terra_analyzer_find_budgets  (TerraAnalyzerScan          *msg);
void                 _terra_analyzer_find_names    (TerraAnalyzerScan          *msg);

/* terra-analyzer-dates.c */
void                 _terra_analyzer_find_dates    (TerraAnalyzerScan          *msg);

/* terra-analyzer-classify.c */
void                 _terra_analyzer_classify      (TerraAnalyzerScan          *msg);

static inline const TerraLexEntry *
_terra_token_lex (const TerraToken *token)
{
  return token->entry != NULL ? token->entry : token->stem;
}

static inline guint32
_terra_token_flags (const TerraToken *token)
{
  const TerraLexEntry *lex = _terra_token_lex (token);

  return lex != NULL ? lex->flags : 0;
}

static inline gboolean
_terra_token_is (const TerraToken *token,
                 const char       *key)
{
  return token->kind != TERRA_TOKEN_SYMBOL && strcmp (token->key, key) == 0;
}

G_END_DECLS
