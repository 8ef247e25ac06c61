/* terra-builtin-provider-private.h — what the built-in engine's source
 * files share
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * terra-builtin-provider.c decides what to do with a message;
 * terra-builtin-replies.c holds the wording and the small parsers (which
 * offered slot the lead picked, which sentence of a passage answers).
 */
#pragma once

#include "terra-builtin-provider.h"
#include "terra-knowledge.h"

G_BEGIN_DECLS

/* "Tue 24 Nov, 11:00" in zone; English, whatever the locale. */
char       *_terra_builtin_format_slot        (GTimeZone                 *zone,
                                               gint64                     utc);
/* The index of the offered slot (starts, µs UTC) the lead picked in text,
 * by number ("2"), ordinal ("the first one"), time ("11am") or day
 * ("Tuesday"); -1 when the text picks none. */
int         _terra_builtin_pick_slot          (const char                *text,
                                               GTimeZone                 *zone,
                                               const gint64              *starts,
                                               guint                      n_starts);
/* Whether hit answers question: enough of the question's meaningful words
 * are in it, so a passage that shares one common word is not an answer. */
gboolean    _terra_builtin_passage_answers    (const char                *question,
                                               const TerraKnowledgeHit   *hit);
/* The sentences of hit that answer question, quoted, at most max_chars. */
char       *_terra_builtin_condense_passage   (const char                *question,
                                               const TerraKnowledgeHit   *hit,
                                               guint                      max_chars);
/* The question to ask for a qualification field, worded for the kind of
 * business; NULL for an unknown field. */
const char *_terra_builtin_question_for_field (const char                *field,
                                               const char                *business_type);
/* "Mon–Fri 10:00–19:00; Sat 10:00–14:00" from TerraOpeningRange rows;
 * NULL when there are none. */
char       *_terra_builtin_describe_hours     (GArray                    *ranges);
/* Whether the casefolded text contains one of words as whole words. */
gboolean    _terra_builtin_mentions           (const char                *folded,
                                               const char * const        *words);
/* Whether text reads as a question. */
gboolean    _terra_builtin_is_question        (const char                *text);

G_END_DECLS
