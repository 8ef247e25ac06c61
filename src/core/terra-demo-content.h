/* terra-demo-content.h — the words of the demo business: its knowledge
 * base, training, people, projects and the lines its leads and assistant
 * say
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Only data lives here; terra-demo.c decides who says what, and when. The
 * strings are content, not interface text, so they are not translated.
 *
 * Lines are templates: {first}, {name}, {phone}, {project}, {locality},
 * {bhk}, {area}, {price}, {budget}, {timeline}, {possession}, {amenities},
 * {landmark}, {rera}, {office}, {abroad}, {slot}, {slot2}, {owner} and
 * {agent} are filled in from the lead's profile.
 */
#pragma once

#include <glib.h>

#include "terra-types.h"

G_BEGIN_DECLS

/* Who runs the business and who shows the homes; lines name them. */
#define TERRA_DEMO_OWNER "Rohan"
#define TERRA_DEMO_AGENT "Arjun"
#define TERRA_DEMO_OFFICE "Skyline Realty, 2nd floor, 100 Feet Road, Indiranagar, Bengaluru"

typedef struct
{
  const char *text;      /* as a lead writes it: "80 lakh", "1.2 cr", "$450k" */
  gint64      value;     /* in currency units */
  const char *currency;  /* ISO 4217 */
} TerraDemoBudget;

typedef struct
{
  const char      *bhk;      /* "3BHK" */
  const char      *need;     /* "3BHK apartment", for the lead's qualification */
  const char      *area;     /* "1,640 sq ft" */
  const char      *price;    /* "₹1.12 cr" */
  TerraDemoBudget  budgets[3]; /* what leads for this unit can spend; the last is an NRI's, in USD */
} TerraDemoUnit;

typedef struct
{
  const char    *name;
  const char    *locality;
  const char    *landmark;   /* "800 m from the Kadugodi Tree Park metro station" */
  const char    *possession;
  const char    *amenities;
  const char    *rera;
  TerraDemoUnit  units[2];
} TerraDemoProject;

typedef struct
{
  const char *en;      /* as an English sentence says it */
  const char *hi;      /* as a Hinglish sentence says it */
  const char *value;   /* the qualification's normalised value */
  int         urgency; /* 0 (exploring) to 10 (now), adds to the score */
} TerraDemoTimeline;

/* One way a turn can go: the opening message and its answer. */
typedef struct
{
  const char *language; /* of the lead's words: "en" or "hi-Latn" */
  const char *first;    /* the message that opens the turn */
  const char *second;   /* the answer to it, or NULL when nobody answers */
  const char *note;     /* a date the lead names ("this weekend"), or a
                         * booking's cancellation reason */
} TerraDemoLine;

typedef enum
{
  TERRA_DEMO_TURN_GREETING,
  TERRA_DEMO_TURN_FORM,
  TERRA_DEMO_TURN_BUDGET,
  TERRA_DEMO_TURN_LOCATION,
  TERRA_DEMO_TURN_DETAILS,
  TERRA_DEMO_TURN_AMENITIES,
  TERRA_DEMO_TURN_TIMELINE,
  TERRA_DEMO_TURN_FINANCING,
  TERRA_DEMO_TURN_HOURS,
  TERRA_DEMO_TURN_BOOKING,
  TERRA_DEMO_TURN_VIDEO_BOOKING,
  TERRA_DEMO_TURN_RESCHEDULE,
  TERRA_DEMO_TURN_CANCEL,
  TERRA_DEMO_TURN_THANKS,
  TERRA_DEMO_TURN_DISCOUNT,
  TERRA_DEMO_TURN_LEGAL,
  TERRA_DEMO_TURN_HUMAN,
  TERRA_DEMO_TURN_COMPLAINT,
  TERRA_DEMO_TURN_COMPLAINT_HANDLED,
  TERRA_DEMO_TURN_FOLLOWUP,
  TERRA_DEMO_TURN_OPT_OUT,
  TERRA_DEMO_TURN_SPAM,
  TERRA_DEMO_TURN_SPAM_AGAIN,
  TERRA_DEMO_TURN_NUDGE,
  TERRA_DEMO_TURN_OWNER_DISCOUNT,
  TERRA_DEMO_TURN_OWNER_LEGAL,
  TERRA_DEMO_TURN_OWNER_HUMAN,
  TERRA_DEMO_TURN_OWNER_COMPLAINT,
  TERRA_DEMO_TURN_OWNER_BOOKING,
  TERRA_DEMO_N_TURNS
} TerraDemoTurnId;

/* A step of a conversation. The lead's message in it (the first when the
 * lead opens, else the answer) is analysed with these values. */
typedef struct
{
  TerraAuthor          opener;      /* lead, assistant (a follow-up) or human (the owner) */
  const char          *intent;
  TerraSentiment       sentiment;
  double               sentiment_score;
  const char          *objection;   /* analysis objection, or NULL */
  const char          *escalation;  /* analysis escalation, or NULL */
  const char          *handoff_reason; /* the conversation's, when this turn hands it off */
  gboolean             opt_out;
  const TerraDemoLine *lines;
  guint                n_lines;
} TerraDemoTurn;

typedef struct
{
  TerraKnowledgeCategory  category;
  const char             *title;
  const char             *body;
  gboolean                published;
} TerraDemoKnowledge;

typedef struct
{
  TerraInstructionKind  kind;
  const char           *condition;
  const char           *body;
  int                   priority;
} TerraDemoInstruction;

typedef struct
{
  TerraGrade  grade;
  const char *correction;
  const char *category;
} TerraDemoFeedback;

#define TERRA_DEMO_N_PROJECTS 5

extern const TerraDemoProject     terra_demo_projects[TERRA_DEMO_N_PROJECTS];
extern const TerraDemoTimeline    terra_demo_timelines[6];
extern const char * const         terra_demo_first_names[64];
extern const char * const         terra_demo_last_names[48];
extern const char * const         terra_demo_offices[8];
extern const char * const         terra_demo_abroad[5];
extern const char * const         terra_demo_email_domains[4];
extern const TerraDemoKnowledge   terra_demo_knowledge[14];
extern const TerraDemoInstruction terra_demo_instructions[6];
extern const TerraDemoFeedback    terra_demo_feedback[6];

const TerraDemoTurn *terra_demo_get_turn (TerraDemoTurnId id);

G_END_DECLS
