/* terra-analyzer.h — the local, deterministic analysis of one inbound message
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The analyzer runs on every inbound message before anything else (see
 * DESIGN.md, "One inbound message", step 5): intent, sentiment, objections,
 * language, entities (dates and times resolved in the business's time zone,
 * budgets, phone numbers, emails, names), opt-out and escalation triggers.
 * It uses no network and no clock of its own, so the same text and context
 * always give the same result; a message takes microseconds.
 *
 * One TerraAnalyzer holds the compiled lexicons and never changes after
 * construction: share it between threads freely.
 */
#pragma once

#include <glib-object.h>

#include "terra-analysis.h"
#include "terra-scheduler.h"

G_BEGIN_DECLS

/* Only this many bytes of a message are analyzed; the rest is ignored. */
#define TERRA_ANALYZER_MAX_TEXT 8192

/* What the lead wants. The nicks ("property-details", "opt-out") are what
 * TerraAnalysis stores as its intent. */
typedef enum
{
  TERRA_INTENT_OTHER,
  TERRA_INTENT_GREETING,
  TERRA_INTENT_PRICING,
  TERRA_INTENT_BOOKING,
  TERRA_INTENT_RESCHEDULE,   /* reschedule or cancel */
  TERRA_INTENT_LOCATION,
  TERRA_INTENT_PROPERTY_DETAILS, /* the product, service or property itself */
  TERRA_INTENT_HOURS,
  TERRA_INTENT_FINANCING,
  TERRA_INTENT_COMPLAINT,
  TERRA_INTENT_HUMAN_REQUEST,
  TERRA_INTENT_LEGAL,
  TERRA_INTENT_DISCOUNT,     /* discount or negotiation */
  TERRA_INTENT_OPT_OUT,
  TERRA_INTENT_SPAM,
} TerraIntent;

/* Why a lead hesitates. */
typedef enum /*< flags >*/
{
  TERRA_OBJECTION_NONE       = 0,
  TERRA_OBJECTION_PRICE      = 1 << 0,
  TERRA_OBJECTION_TIMING     = 1 << 1,
  TERRA_OBJECTION_COMPETITOR = 1 << 2,
  TERRA_OBJECTION_TRUST      = 1 << 3,
} TerraObjections;

/* Why the conversation may need the owner; the nicks match the reasons of
 * the escalate_to_human tool. */
typedef enum /*< flags >*/
{
  TERRA_ESCALATION_NONE               = 0,
  TERRA_ESCALATION_LEGAL              = 1 << 0,
  TERRA_ESCALATION_HUMAN_REQUEST      = 1 << 1,
  TERRA_ESCALATION_DISCOUNT           = 1 << 2,
  TERRA_ESCALATION_NEGATIVE_SENTIMENT = 1 << 3,
  TERRA_ESCALATION_PROFANITY          = 1 << 4,
  TERRA_ESCALATION_FRUSTRATION        = 1 << 5,
} TerraEscalations;

typedef enum
{
  TERRA_ANALYZER_ENTITY_DATETIME,
  TERRA_ANALYZER_ENTITY_BUDGET,
  TERRA_ANALYZER_ENTITY_PHONE,
  TERRA_ANALYZER_ENTITY_EMAIL,
  TERRA_ANALYZER_ENTITY_NAME,
} TerraAnalyzerEntityKind;

/* How precise a date or time is. */
typedef enum
{
  TERRA_TIME_GRAIN_MINUTE,   /* "tomorrow at 3pm": start is the moment */
  TERRA_TIME_GRAIN_DAY_PART, /* "next Monday morning": day_part says which */
  TERRA_TIME_GRAIN_DAY,      /* "this Saturday", "25 Dec" */
  TERRA_TIME_GRAIN_WEEK,     /* "next week", "this weekend", "next month": days */
} TerraTimeGrain;

/* One thing found in the text. offset and length locate it in
 * TerraAnalyzerResult.text (bytes); text is that span, value its normal
 * form:
 * - datetime: the local start, ISO 8601 with offset ("2026-03-08T15:00:00-04:00");
 * - budget: the amount in plain digits ("8000000"), see also amount;
 * - phone: E.164 when the country is known ("+919876543210"), else digits;
 * - email: lower-cased; name: as written, each word capitalized. */
typedef struct
{
  TerraAnalyzerEntityKind kind;
  guint                   offset;
  guint                   length;
  char                   *text;
  char                   *value;

  /* datetime: [start_utc, end_utc) in µs since the epoch; for a minute, end
   * is start + 1 hour, the default length of an appointment. */
  gint64                  start_utc;
  gint64                  end_utc;
  TerraTimeGrain          grain;
  TerraDayPart            day_part;   /* TERRA_DAY_PART_ALL unless a part was named */
  GDate                   date;       /* the local day of start_utc */
  int                     hour;       /* local; -1 unless a time of day was given */
  int                     minute;

  /* budget: amount_min < amount for a range ("80-90 lakh"), else equal. */
  double                  amount;
  double                  amount_min;
  char                    currency[4]; /* ISO 4217, "" when unknown */
} TerraAnalyzerEntity;

typedef enum
{
  TERRA_ANALYZER_TRIGGER_OBJECTION,
  TERRA_ANALYZER_TRIGGER_ESCALATION,
} TerraAnalyzerTriggerKind;

/* The words that set an objection or escalation flag; length is 0 when the
 * message as a whole did ("ALL CAPS", a strongly negative tone). */
typedef struct
{
  TerraAnalyzerTriggerKind kind;
  guint                    flag;   /* one TerraObjections or TerraEscalations bit */
  guint                    offset;
  guint                    length;
} TerraAnalyzerTrigger;

/* What analysis needs from outside the text. */
typedef struct
{
  gint64      now;           /* µs since the epoch, UTC, that "tomorrow" counts from; 0: now */
  GTimeZone  *time_zone;     /* the business's zone; NULL means UTC */
  const char *currency;      /* ISO 4217 for amounts written without one; NULL: unknown */
  const char *calling_code;  /* "91", "1", "44": for national phone numbers; NULL: guess */
} TerraAnalyzerContext;

typedef struct
{
  char            *text;               /* the analyzed text: valid UTF-8, capped */
  TerraIntent      intent;
  double           intent_confidence;  /* 0 to 1 */
  TerraSentiment   sentiment;
  double           sentiment_score;    /* -1 (most negative) to 1 */
  const char      *language;           /* static: "en", "hi", "hi-Latn", "kn", … "other" */
  TerraObjections  objections;
  TerraEscalations escalations;
  gboolean         opt_out;
  GArray          *entities;           /* of TerraAnalyzerEntity, in text order */
  GArray          *triggers;           /* of TerraAnalyzerTrigger, one per flag set */
} TerraAnalyzerResult;

#define TERRA_TYPE_INTENT               (terra_intent_get_type ())
#define TERRA_TYPE_OBJECTIONS           (terra_objections_get_type ())
#define TERRA_TYPE_ESCALATIONS          (terra_escalations_get_type ())
#define TERRA_TYPE_ANALYZER_ENTITY_KIND (terra_analyzer_entity_kind_get_type ())
#define TERRA_TYPE_TIME_GRAIN           (terra_time_grain_get_type ())
#define TERRA_TYPE_ANALYZER_RESULT      (terra_analyzer_result_get_type ())
#define TERRA_TYPE_ANALYZER             (terra_analyzer_get_type ())

GType terra_intent_get_type               (void) G_GNUC_CONST;
GType terra_objections_get_type           (void) G_GNUC_CONST;
GType terra_escalations_get_type          (void) G_GNUC_CONST;
GType terra_analyzer_entity_kind_get_type (void) G_GNUC_CONST;
GType terra_time_grain_get_type           (void) G_GNUC_CONST;
GType terra_analyzer_result_get_type      (void) G_GNUC_CONST;

G_DECLARE_FINAL_TYPE (TerraAnalyzer, terra_analyzer, TERRA, ANALYZER, GObject)

/* The nick of an intent ("property-details"); never NULL. */
const char                *terra_intent_to_string                    (TerraIntent                 intent);
/* Parses a nick; FALSE leaves *intent untouched. */
gboolean                   terra_intent_from_string                  (const char                 *nick,
                                                                      TerraIntent                *intent);

/* Compiles the lexicons; (transfer full). */
TerraAnalyzer             *terra_analyzer_new                        (void);
/* Analyzes text (NULL counts as empty; invalid UTF-8 is repaired, anything
 * past TERRA_ANALYZER_MAX_TEXT bytes ignored). context may be NULL: now and
 * UTC. (transfer full) */
TerraAnalyzerResult       *terra_analyzer_analyze                    (TerraAnalyzer              *self,
                                                                      const char                 *text,
                                                                      const TerraAnalyzerContext *context);

TerraAnalyzerResult       *terra_analyzer_result_copy                (const TerraAnalyzerResult  *result);
void                       terra_analyzer_result_free                (TerraAnalyzerResult        *result);
/* The first entity of a kind, or NULL; owned by result. */
const TerraAnalyzerEntity *terra_analyzer_result_find_entity         (const TerraAnalyzerResult  *result,
                                                                      TerraAnalyzerEntityKind     kind);
/* The JSON arrays TerraAnalysis stores; (transfer full). */
char                      *terra_analyzer_result_entities_to_json    (const TerraAnalyzerResult  *result);
char                      *terra_analyzer_result_objections_to_json  (const TerraAnalyzerResult  *result);
char                      *terra_analyzer_result_escalations_to_json (const TerraAnalyzerResult  *result);
/* The whole analysis as one JSON object (intent, confidence, sentiment,
 * sentiment_score, language, opt_out, entities, objections, escalations),
 * for the API and logs; (transfer full). */
char                      *terra_analyzer_result_to_json             (const TerraAnalyzerResult  *result);
/* Writes the result into the columns of analysis (not its ids). */
void                       terra_analyzer_result_apply               (const TerraAnalyzerResult  *result,
                                                                      TerraAnalysis              *analysis);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TerraAnalyzerResult, terra_analyzer_result_free)

G_END_DECLS
