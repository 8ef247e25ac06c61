/* terra-analyzer-dates-private.h — what the two halves of date finding share
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * terra-analyzer-dates-parse.c finds the pieces (a day, a time, a part of
 * a day); terra-analyzer-dates.c joins neighbours and resolves them in the
 * business's zone.
 */
#pragma once

#include "terra-analyzer-private.h"

G_BEGIN_DECLS

#define TERRA_DATE_MAX_ANCHORS 16

typedef enum
{
  ANCHOR_DATE,
  ANCHOR_TIME,
  ANCHOR_PART,
  ANCHOR_INSTANT,  /* "in 2 hours" */
} TerraDateAnchorKind;

typedef struct
{
  TerraDateAnchorKind kind;
  guint               first;      /* tokens, inclusive */
  guint               last;
  GDate               date;
  int                 span_days;  /* 1, or 7 for a week, 2 for a weekend */
  gboolean            week;
  int                 hour;
  int                 minute;
  int                 meridiem;   /* -1 unknown, 0 am, 12 pm */
  TerraPart           part;       /* a date may carry one: "tonight" */
  gint64              instant;
} TerraDateAnchor;

typedef struct
{
  TerraAnalyzerScan *msg;
  GTimeZone         *zone;
  gint64             now;
  GDate              today;
  int                weekday;      /* of today, 1 = Monday */
  gboolean           month_first;  /* 12/25 */
  TerraDateAnchor    anchors[TERRA_DATE_MAX_ANCHORS];
  guint              n_anchors;
} TerraDateScan;

static inline const TerraToken *
token_at (const TerraDateScan *d,
          guint                i)
{
  return i < d->msg->n_tokens ? &d->msg->tokens[i] : NULL;
}

static inline guint32
flags_at (const TerraDateScan *d,
          guint                i)
{
  const TerraToken *token = token_at (d, i);

  return token != NULL && token->kind != TERRA_TOKEN_SYMBOL ? _terra_token_flags (token) : 0;
}

static inline const TerraLexEntry *
lex_at (const TerraDateScan *d,
        guint                i)
{
  const TerraToken *token = token_at (d, i);

  return token != NULL ? _terra_token_lex (token) : NULL;
}

static inline gboolean
is_symbol (const TerraDateScan *d,
           guint                i,
           gunichar             c)
{
  const TerraToken *token = token_at (d, i);

  return token != NULL && token->kind == TERRA_TOKEN_SYMBOL && token->symbol == c;
}

static inline gboolean
is_word (const TerraDateScan *d,
         guint                i,
         const char          *key)
{
  const TerraToken *token = token_at (d, i);

  return token != NULL && _terra_token_is (token, key);
}

/* A plain whole number, not already part of something else. */
static inline gboolean
is_integer (const TerraDateScan *d,
            guint                i,
            guint                max_digits)
{
  const TerraToken *token = token_at (d, i);

  return token != NULL && token->kind == TERRA_TOKEN_NUMBER && !token->consumed &&
         token->n_decimals == 0 && !token->grouped && token->n_digits <= max_digits;
}

static inline gboolean
is_year (const TerraDateScan *d,
         guint                i)
{
  return is_integer (d, i, 4) && token_at (d, i)->n_digits == 4;
}

static inline gboolean
is_ordinal (const TerraDateScan *d,
            guint                i)
{
  return is_word (d, i, "st") || is_word (d, i, "nd") || is_word (d, i, "rd") ||
         is_word (d, i, "th");
}

/* Each parses a piece starting at token i into a and returns the token
 * after it, or -1. */
int _terra_dates_parse_date (TerraDateScan   *d,
                             guint            i,
                             TerraDateAnchor *a);
int _terra_dates_parse_time (TerraDateScan   *d,
                             guint            i,
                             TerraDateAnchor *a,
                             gboolean         after_date);
int _terra_dates_parse_part (TerraDateScan   *d,
                             guint            i,
                             TerraDateAnchor *a);

G_END_DECLS
