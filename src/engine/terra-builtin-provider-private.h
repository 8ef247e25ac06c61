/* terra-builtin-provider-private.h — what the built-in engine's source
 * files share
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * terra-builtin-provider.c decides what to do with a message;
 * terra-builtin-booking.c runs the booking, moving and cancelling steps;
 * terra-builtin-replies.c holds the wording and the small parsers (which
 * offered slot the lead picked, which sentence of a passage answers).
 */
#pragma once

#include "terra-builtin-provider.h"
#include "terra-knowledge.h"

G_BEGIN_DECLS

struct _TerraBuiltinProvider
{
  GObject              parent_instance;

  /* owned references */
  TerraStore          *store;
  TerraScheduler      *scheduler;
  TerraAnalyzer       *analyzer;

  /* the message being answered, copied from terra_builtin_provider_set_context() */
  gint64               conversation_id;
  gint64               contact_id;
  gint64               now;
  TerraAnalyzerResult *analysis;
  char                *next_question_field;

  /* the state the last reply leaves, until terra_builtin_provider_save_state() */
  char                *pending_state;
  /* the passage the last reply answered from, if any */
  gint64               source_item_id;
  char                *source_title;
};


/* What the engine remembers between messages of a conversation. */
typedef struct
{
  GArray *offer;       /* gint64 starts (µs UTC) offered in the last reply */
  char   *purpose;     /* "book" or "reschedule": what a pick does */
  gint64  booking_id;  /* the booking a reschedule moves */
  char   *asked;       /* the qualification field asked about last */
} TerraBuiltinState;

typedef enum
{
  TERRA_BUILTIN_PLAN_PICK,
  TERRA_BUILTIN_PLAN_BOOK,
  TERRA_BUILTIN_PLAN_RESCHEDULE,
  TERRA_BUILTIN_PLAN_CANCEL,
  TERRA_BUILTIN_PLAN_NO_BOOKING,
  TERRA_BUILTIN_PLAN_HOURS,
  TERRA_BUILTIN_PLAN_LOCATION,
  TERRA_BUILTIN_PLAN_GREETING,
  TERRA_BUILTIN_PLAN_THANKS,
  TERRA_BUILTIN_PLAN_ANSWER,
  TERRA_BUILTIN_PLAN_UNKNOWN_QUESTION,
  TERRA_BUILTIN_PLAN_ESCALATE,
  TERRA_BUILTIN_PLAN_CHAT,
} TerraBuiltinPlan;

typedef struct
{
  char     *name;
  JsonNode *result;   /* parsed result; NULL when it was not JSON */
  gboolean  is_error;
} TerraBuiltinToolResult;

/* One round: the message, what is known, and what the tools said. */
typedef struct
{
  TerraBuiltinProvider      *self;
  const char                *text;
  char                      *folded;
  const TerraAnalyzerResult *analysis;
  TerraAnalyzerResult       *own_analysis;
  GTimeZone                 *zone;
  gint64                     now;
  TerraBuiltinState          state;
  GPtrArray                 *results;     /* TerraBuiltinToolResult, in order */

  TerraBuiltinPlan           plan;
  gint64                     pick_start;  /* TERRA_BUILTIN_PLAN_PICK */
  TerraBooking              *booking;     /* the lead's next appointment, or NULL */
  gint64                     wanted;      /* a wanted start for availability; 0: none */
  char                      *wanted_day;  /* "YYYY-MM-DD" for availability; NULL: none */
  const char                *day_part;    /* "morning", …; NULL: any */
  TerraKnowledgeHit         *hit;         /* TERRA_BUILTIN_PLAN_ANSWER */
} TerraBuiltinTurn;

/* The engine's rounds (terra-builtin-provider.c, terra-builtin-booking.c) */

TerraChatResponse    *_terra_builtin_call_tool              (TerraBuiltinTurn *turn,
                                                            const char       *name,
                                                            JsonBuilder      *arguments);
JsonBuilder          *_terra_builtin_args_begin             (void);
void                  _terra_builtin_args_string            (JsonBuilder      *builder,
                                                            const char       *name,
                                                            const char       *value);
const TerraBuiltinToolResult *_terra_builtin_last_result    (TerraBuiltinTurn *turn);
guint                 _terra_builtin_count_results          (TerraBuiltinTurn *turn,
                                                            const char       *name);
TerraBooking         *_terra_builtin_next_booking           (TerraBuiltinTurn *turn);
TerraAppointmentType *_terra_builtin_first_appointment_type (TerraBuiltinProvider *self);
void                  _terra_builtin_read_wanted_time       (TerraBuiltinTurn *turn);
TerraChatResponse    *_terra_builtin_booking_step           (TerraBuiltinTurn *turn);
char                 *_terra_builtin_booking_reply          (TerraBuiltinTurn  *turn,
                                                            TerraBuiltinState *next);

/* Wording and parsing (terra-builtin-replies.c) */

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
