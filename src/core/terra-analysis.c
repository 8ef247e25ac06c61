/* terra-analysis.c — the local analysis of one message
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every property is a column of the `analyses` table (see
 * terra-store-migrations.c); the store reads and writes them by name.
 */

#define G_LOG_DOMAIN "terra-analysis"

#include "config.h"

#include <math.h>

#include "terra-analysis.h"
#include "terra-entity-util.h"
#include "terra-enums.h"

struct _TerraAnalysis
{
  GObject         parent_instance;

  gint64          id;
  gint64          message_id;
  gint64          conversation_id;
  char           *intent;
  TerraSentiment  sentiment;
  double          sentiment_score;
  char           *language;
  char           *entities;
  char           *objections;
  char           *escalations;
  gboolean        opt_out;
  gint64          created_at;
};

G_DEFINE_FINAL_TYPE (TerraAnalysis, terra_analysis, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_MESSAGE_ID,
  PROP_CONVERSATION_ID,
  PROP_INTENT,
  PROP_SENTIMENT,
  PROP_SENTIMENT_SCORE,
  PROP_LANGUAGE,
  PROP_ENTITIES,
  PROP_OBJECTIONS,
  PROP_ESCALATIONS,
  PROP_OPT_OUT,
  PROP_CREATED_AT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
terra_analysis_finalize (GObject *object)
{
  TerraAnalysis *self = (TerraAnalysis *)object;

  g_clear_pointer (&self->intent, g_free);
  g_clear_pointer (&self->language, g_free);
  g_clear_pointer (&self->entities, g_free);
  g_clear_pointer (&self->objections, g_free);
  g_clear_pointer (&self->escalations, g_free);

  G_OBJECT_CLASS (terra_analysis_parent_class)->finalize (object);
}

static void
terra_analysis_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  TerraAnalysis *self = TERRA_ANALYSIS (object);

  switch (prop_id)
    {
    case PROP_ID: g_value_set_int64 (value, self->id); break;
    case PROP_MESSAGE_ID: g_value_set_int64 (value, self->message_id); break;
    case PROP_CONVERSATION_ID: g_value_set_int64 (value, self->conversation_id); break;
    case PROP_INTENT: g_value_set_string (value, self->intent); break;
    case PROP_SENTIMENT: g_value_set_enum (value, self->sentiment); break;
    case PROP_SENTIMENT_SCORE: g_value_set_double (value, self->sentiment_score); break;
    case PROP_LANGUAGE: g_value_set_string (value, self->language); break;
    case PROP_ENTITIES: g_value_set_string (value, self->entities); break;
    case PROP_OBJECTIONS: g_value_set_string (value, self->objections); break;
    case PROP_ESCALATIONS: g_value_set_string (value, self->escalations); break;
    case PROP_OPT_OUT: g_value_set_boolean (value, self->opt_out); break;
    case PROP_CREATED_AT: g_value_set_int64 (value, self->created_at); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
terra_analysis_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  TerraAnalysis *self = TERRA_ANALYSIS (object);
  gboolean changed = TRUE;

  switch (prop_id)
    {
    case PROP_ID: changed = terra_entity_set_int64 (&self->id, g_value_get_int64 (value)); break;
    case PROP_MESSAGE_ID: changed = terra_entity_set_int64 (&self->message_id, g_value_get_int64 (value)); break;
    case PROP_CONVERSATION_ID: changed = terra_entity_set_int64 (&self->conversation_id, g_value_get_int64 (value)); break;
    case PROP_INTENT: changed = terra_entity_set_string (&self->intent, g_value_get_string (value)); break;
    case PROP_SENTIMENT: changed = terra_entity_set_int ((int *)&self->sentiment, g_value_get_enum (value)); break;
    case PROP_SENTIMENT_SCORE: changed = terra_entity_set_double (&self->sentiment_score, g_value_get_double (value)); break;
    case PROP_LANGUAGE: changed = terra_entity_set_string (&self->language, g_value_get_string (value)); break;
    case PROP_ENTITIES: changed = terra_entity_set_string (&self->entities, g_value_get_string (value)); break;
    case PROP_OBJECTIONS: changed = terra_entity_set_string (&self->objections, g_value_get_string (value)); break;
    case PROP_ESCALATIONS: changed = terra_entity_set_string (&self->escalations, g_value_get_string (value)); break;
    case PROP_OPT_OUT: changed = terra_entity_set_int (&self->opt_out, g_value_get_boolean (value)); break;
    case PROP_CREATED_AT: changed = terra_entity_set_int64 (&self->created_at, g_value_get_int64 (value)); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      return;
    }

  if (changed)
    g_object_notify_by_pspec (object, pspec);
}

static void
terra_analysis_class_init (TerraAnalysisClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = terra_analysis_finalize;
  object_class->get_property = terra_analysis_get_property;
  object_class->set_property = terra_analysis_set_property;

  properties[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_MESSAGE_ID] = g_param_spec_int64 ("message-id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_CONVERSATION_ID] = g_param_spec_int64 ("conversation-id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_INTENT] = g_param_spec_string ("intent", NULL, NULL, "other", flags);
  properties[PROP_SENTIMENT] = g_param_spec_enum ("sentiment", NULL, NULL,
                                                  TERRA_TYPE_SENTIMENT, TERRA_SENTIMENT_NEUTRAL, flags);
  properties[PROP_SENTIMENT_SCORE] = g_param_spec_double ("sentiment-score", NULL, NULL, -1.0, 1.0, 0.0, flags);
  properties[PROP_LANGUAGE] = g_param_spec_string ("language", NULL, NULL, "en", flags);
  properties[PROP_ENTITIES] = g_param_spec_string ("entities", NULL, NULL, "[]", flags);
  properties[PROP_OBJECTIONS] = g_param_spec_string ("objections", NULL, NULL, "[]", flags);
  properties[PROP_ESCALATIONS] = g_param_spec_string ("escalations", NULL, NULL, "[]", flags);
  properties[PROP_OPT_OUT] = g_param_spec_boolean ("opt-out", NULL, NULL, FALSE, flags);
  properties[PROP_CREATED_AT] = g_param_spec_int64 ("created-at", NULL, NULL, 0, G_MAXINT64, 0, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
terra_analysis_init (TerraAnalysis *self)
{
  self->intent = g_strdup ("other");
  self->sentiment = TERRA_SENTIMENT_NEUTRAL;
  self->language = g_strdup ("en");
  self->entities = g_strdup ("[]");
  self->objections = g_strdup ("[]");
  self->escalations = g_strdup ("[]");
}

/* Returns a new, unsaved analysis (id 0). */
TerraAnalysis *
terra_analysis_new (void)
{
  return g_object_new (TERRA_TYPE_ANALYSIS, NULL);
}

gint64
terra_analysis_get_id (TerraAnalysis *self)
{
  g_return_val_if_fail (TERRA_IS_ANALYSIS (self), 0);
  return self->id;
}

gint64
terra_analysis_get_message_id (TerraAnalysis *self)
{
  g_return_val_if_fail (TERRA_IS_ANALYSIS (self), 0);
  return self->message_id;
}

void
terra_analysis_set_message_id (TerraAnalysis *self,
                               gint64         message_id)
{
  g_return_if_fail (TERRA_IS_ANALYSIS (self));
  g_object_set (self, "message-id", message_id, NULL);
}

gint64
terra_analysis_get_conversation_id (TerraAnalysis *self)
{
  g_return_val_if_fail (TERRA_IS_ANALYSIS (self), 0);
  return self->conversation_id;
}

void
terra_analysis_set_conversation_id (TerraAnalysis *self,
                                    gint64         conversation_id)
{
  g_return_if_fail (TERRA_IS_ANALYSIS (self));
  g_object_set (self, "conversation-id", conversation_id, NULL);
}

const char *
terra_analysis_get_intent (TerraAnalysis *self)
{
  g_return_val_if_fail (TERRA_IS_ANALYSIS (self), NULL);
  return self->intent;
}

void
terra_analysis_set_intent (TerraAnalysis *self,
                           const char    *intent)
{
  g_return_if_fail (TERRA_IS_ANALYSIS (self));
  g_object_set (self, "intent", intent ? intent : "other", NULL);
}

TerraSentiment
terra_analysis_get_sentiment (TerraAnalysis *self)
{
  g_return_val_if_fail (TERRA_IS_ANALYSIS (self), TERRA_SENTIMENT_NEUTRAL);
  return self->sentiment;
}

void
terra_analysis_set_sentiment (TerraAnalysis  *self,
                              TerraSentiment  sentiment)
{
  g_return_if_fail (TERRA_IS_ANALYSIS (self));
  g_object_set (self, "sentiment", sentiment, NULL);
}

double
terra_analysis_get_sentiment_score (TerraAnalysis *self)
{
  g_return_val_if_fail (TERRA_IS_ANALYSIS (self), 0.0);
  return self->sentiment_score;
}

void
terra_analysis_set_sentiment_score (TerraAnalysis *self,
                                    double         score)
{
  g_return_if_fail (TERRA_IS_ANALYSIS (self));
  g_return_if_fail (!isnan (score));
  g_object_set (self, "sentiment-score", CLAMP (score, -1.0, 1.0), NULL);
}

const char *
terra_analysis_get_language (TerraAnalysis *self)
{
  g_return_val_if_fail (TERRA_IS_ANALYSIS (self), NULL);
  return self->language;
}

void
terra_analysis_set_language (TerraAnalysis *self,
                             const char    *language)
{
  g_return_if_fail (TERRA_IS_ANALYSIS (self));
  g_object_set (self, "language", language ? language : "en", NULL);
}

const char *
terra_analysis_get_entities (TerraAnalysis *self)
{
  g_return_val_if_fail (TERRA_IS_ANALYSIS (self), NULL);
  return self->entities;
}

void
terra_analysis_set_entities (TerraAnalysis *self,
                             const char    *json)
{
  g_return_if_fail (TERRA_IS_ANALYSIS (self));
  g_object_set (self, "entities", json ? json : "[]", NULL);
}

const char *
terra_analysis_get_objections (TerraAnalysis *self)
{
  g_return_val_if_fail (TERRA_IS_ANALYSIS (self), NULL);
  return self->objections;
}

void
terra_analysis_set_objections (TerraAnalysis *self,
                               const char    *json)
{
  g_return_if_fail (TERRA_IS_ANALYSIS (self));
  g_object_set (self, "objections", json ? json : "[]", NULL);
}

const char *
terra_analysis_get_escalations (TerraAnalysis *self)
{
  g_return_val_if_fail (TERRA_IS_ANALYSIS (self), NULL);
  return self->escalations;
}

void
terra_analysis_set_escalations (TerraAnalysis *self,
                                const char    *json)
{
  g_return_if_fail (TERRA_IS_ANALYSIS (self));
  g_object_set (self, "escalations", json ? json : "[]", NULL);
}

gboolean
terra_analysis_get_opt_out (TerraAnalysis *self)
{
  g_return_val_if_fail (TERRA_IS_ANALYSIS (self), FALSE);
  return self->opt_out;
}

void
terra_analysis_set_opt_out (TerraAnalysis *self,
                            gboolean       opt_out)
{
  g_return_if_fail (TERRA_IS_ANALYSIS (self));
  g_object_set (self, "opt-out", opt_out, NULL);
}

gint64
terra_analysis_get_created_at (TerraAnalysis *self)
{
  g_return_val_if_fail (TERRA_IS_ANALYSIS (self), 0);
  return self->created_at;
}
