/* terra-analyzer.c — the analyzer object, its result and the result's JSON
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "terra-analyzer"

#include "config.h"

#include <json-glib/json-glib.h>

#include "terra-analyzer-private.h"

struct _TerraAnalyzer
{
  GObject       parent_instance;

  TerraLexicon *lexicon;   /* read-only once built: shared by all threads */
};

G_DEFINE_FINAL_TYPE (TerraAnalyzer, terra_analyzer, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (TerraIntent, terra_intent,
  G_DEFINE_ENUM_VALUE (TERRA_INTENT_OTHER, "other"),
  G_DEFINE_ENUM_VALUE (TERRA_INTENT_GREETING, "greeting"),
  G_DEFINE_ENUM_VALUE (TERRA_INTENT_PRICING, "pricing"),
  G_DEFINE_ENUM_VALUE (TERRA_INTENT_BOOKING, "booking"),
  G_DEFINE_ENUM_VALUE (TERRA_INTENT_RESCHEDULE, "reschedule"),
  G_DEFINE_ENUM_VALUE (TERRA_INTENT_LOCATION, "location"),
  G_DEFINE_ENUM_VALUE (TERRA_INTENT_PROPERTY_DETAILS, "property-details"),
  G_DEFINE_ENUM_VALUE (TERRA_INTENT_HOURS, "hours"),
  G_DEFINE_ENUM_VALUE (TERRA_INTENT_FINANCING, "financing"),
  G_DEFINE_ENUM_VALUE (TERRA_INTENT_COMPLAINT, "complaint"),
  G_DEFINE_ENUM_VALUE (TERRA_INTENT_HUMAN_REQUEST, "human-request"),
  G_DEFINE_ENUM_VALUE (TERRA_INTENT_LEGAL, "legal"),
  G_DEFINE_ENUM_VALUE (TERRA_INTENT_DISCOUNT, "discount"),
  G_DEFINE_ENUM_VALUE (TERRA_INTENT_OPT_OUT, "opt-out"),
  G_DEFINE_ENUM_VALUE (TERRA_INTENT_SPAM, "spam"))

G_DEFINE_FLAGS_TYPE (TerraObjections, terra_objections,
  G_DEFINE_ENUM_VALUE (TERRA_OBJECTION_NONE, "none"),
  G_DEFINE_ENUM_VALUE (TERRA_OBJECTION_PRICE, "price"),
  G_DEFINE_ENUM_VALUE (TERRA_OBJECTION_TIMING, "timing"),
  G_DEFINE_ENUM_VALUE (TERRA_OBJECTION_COMPETITOR, "competitor"),
  G_DEFINE_ENUM_VALUE (TERRA_OBJECTION_TRUST, "trust"))

G_DEFINE_FLAGS_TYPE (TerraEscalations, terra_escalations,
  G_DEFINE_ENUM_VALUE (TERRA_ESCALATION_NONE, "none"),
  G_DEFINE_ENUM_VALUE (TERRA_ESCALATION_LEGAL, "legal"),
  G_DEFINE_ENUM_VALUE (TERRA_ESCALATION_HUMAN_REQUEST, "human-request"),
  G_DEFINE_ENUM_VALUE (TERRA_ESCALATION_DISCOUNT, "discount"),
  G_DEFINE_ENUM_VALUE (TERRA_ESCALATION_NEGATIVE_SENTIMENT, "negative-sentiment"),
  G_DEFINE_ENUM_VALUE (TERRA_ESCALATION_PROFANITY, "profanity"),
  G_DEFINE_ENUM_VALUE (TERRA_ESCALATION_FRUSTRATION, "frustration"))

G_DEFINE_ENUM_TYPE (TerraAnalyzerEntityKind, terra_analyzer_entity_kind,
  G_DEFINE_ENUM_VALUE (TERRA_ANALYZER_ENTITY_DATETIME, "datetime"),
  G_DEFINE_ENUM_VALUE (TERRA_ANALYZER_ENTITY_BUDGET, "budget"),
  G_DEFINE_ENUM_VALUE (TERRA_ANALYZER_ENTITY_PHONE, "phone"),
  G_DEFINE_ENUM_VALUE (TERRA_ANALYZER_ENTITY_EMAIL, "email"),
  G_DEFINE_ENUM_VALUE (TERRA_ANALYZER_ENTITY_NAME, "name"))

G_DEFINE_ENUM_TYPE (TerraTimeGrain, terra_time_grain,
  G_DEFINE_ENUM_VALUE (TERRA_TIME_GRAIN_MINUTE, "minute"),
  G_DEFINE_ENUM_VALUE (TERRA_TIME_GRAIN_DAY_PART, "day-part"),
  G_DEFINE_ENUM_VALUE (TERRA_TIME_GRAIN_DAY, "day"),
  G_DEFINE_ENUM_VALUE (TERRA_TIME_GRAIN_WEEK, "week"))

G_DEFINE_BOXED_TYPE (TerraAnalyzerResult,        terra_analyzer_result,
                     terra_analyzer_result_copy, terra_analyzer_result_free)

/* The same nicks as the GTypes above, without a class lookup per message. */
static const char *const intent_nicks[] = {
  "other", "greeting", "pricing", "booking", "reschedule", "location",
  "property-details", "hours", "financing", "complaint", "human-request",
  "legal", "discount", "opt-out", "spam",
};
G_STATIC_ASSERT (G_N_ELEMENTS (intent_nicks) == TERRA_N_INTENTS);

static const char *const objection_nicks[] = { "price", "timing", "competitor", "trust" };
static const char *const escalation_nicks[] = {
  "legal", "human-request", "discount", "negative-sentiment", "profanity", "frustration",
};
static const char *const entity_nicks[] = { "datetime", "budget", "phone", "email", "name" };
static const char *const grain_nicks[] = { "minute", "day-part", "day", "week" };
static const char *const part_nicks[] = { NULL, "morning", "afternoon", "evening" };

const char *
terra_intent_to_string (TerraIntent intent)
{
  if ((guint)intent >= G_N_ELEMENTS (intent_nicks))
    return "other";

  return intent_nicks[intent];
}

gboolean
terra_intent_from_string (const char  *nick,
                          TerraIntent *intent)
{
  g_return_val_if_fail (intent != NULL, FALSE);

  if (nick == NULL)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (intent_nicks); i++)
    if (strcmp (nick, intent_nicks[i]) == 0)
      {
        *intent = i;
        return TRUE;
      }

  return FALSE;
}

static void
terra_analyzer_finalize (GObject *object)
{
  TerraAnalyzer *self = (TerraAnalyzer *)object;

  g_clear_pointer (&self->lexicon, _terra_lexicon_free);

  G_OBJECT_CLASS (terra_analyzer_parent_class)->finalize (object);
}

static void
terra_analyzer_class_init (TerraAnalyzerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = terra_analyzer_finalize;
}

static void
terra_analyzer_init (TerraAnalyzer *self)
{
  self->lexicon = _terra_lexicon_new ();
}

TerraAnalyzer *
terra_analyzer_new (void)
{
  return g_object_new (TERRA_TYPE_ANALYZER, NULL);
}

static void
entity_clear (gpointer data)
{
  TerraAnalyzerEntity *entity = data;

  g_clear_pointer (&entity->text, g_free);
  g_clear_pointer (&entity->value, g_free);
}

static TerraAnalyzerResult *
result_new (void)
{
  TerraAnalyzerResult *result = g_new0 (TerraAnalyzerResult, 1);

  result->intent = TERRA_INTENT_OTHER;
  result->sentiment = TERRA_SENTIMENT_NEUTRAL;
  result->language = "other";
  result->entities = g_array_new (FALSE, TRUE, sizeof (TerraAnalyzerEntity));
  g_array_set_clear_func (result->entities, entity_clear);
  result->triggers = g_array_new (FALSE, TRUE, sizeof (TerraAnalyzerTrigger));

  return result;
}

TerraAnalyzerResult *
terra_analyzer_result_copy (const TerraAnalyzerResult *result)
{
  TerraAnalyzerResult *copy;

  g_return_val_if_fail (result != NULL, NULL);

  copy = result_new ();
  copy->text = g_strdup (result->text);
  copy->intent = result->intent;
  copy->intent_confidence = result->intent_confidence;
  copy->sentiment = result->sentiment;
  copy->sentiment_score = result->sentiment_score;
  copy->language = result->language;
  copy->objections = result->objections;
  copy->escalations = result->escalations;
  copy->opt_out = result->opt_out;

  for (guint i = 0; i < result->entities->len; i++)
    {
      TerraAnalyzerEntity entity = g_array_index (result->entities, TerraAnalyzerEntity, i);

      entity.text = g_strdup (entity.text);
      entity.value = g_strdup (entity.value);
      g_array_append_val (copy->entities, entity);
    }
  g_array_append_vals (copy->triggers, result->triggers->data, result->triggers->len);

  return copy;
}

void
terra_analyzer_result_free (TerraAnalyzerResult *result)
{
  if (result == NULL)
    return;

  g_free (result->text);
  g_array_unref (result->entities);
  g_array_unref (result->triggers);
  g_free (result);
}

const TerraAnalyzerEntity *
terra_analyzer_result_find_entity (const TerraAnalyzerResult *result,
                                   TerraAnalyzerEntityKind    kind)
{
  g_return_val_if_fail (result != NULL, NULL);

  for (guint i = 0; i < result->entities->len; i++)
    {
      const TerraAnalyzerEntity *entity = &g_array_index (result->entities, TerraAnalyzerEntity, i);

      if (entity->kind == kind)
        return entity;
    }

  return NULL;
}

static int
compare_entities (gconstpointer a,
                  gconstpointer b)
{
  const TerraAnalyzerEntity *ea = a, *eb = b;

  return (ea->offset > eb->offset) - (ea->offset < eb->offset);
}

TerraAnalyzerResult *
terra_analyzer_analyze (TerraAnalyzer              *self,
                        const char                 *text,
                        const TerraAnalyzerContext *context)
{
  TerraAnalyzerContext defaults = { 0 };
  TerraAnalyzerResult *result;
  TerraAnalyzerScan msg;

  g_return_val_if_fail (TERRA_IS_ANALYZER (self), NULL);

  if (context == NULL)
    context = &defaults;
  if (context->now == 0)
    {
      defaults = *context;
      defaults.now = g_get_real_time ();
      context = &defaults;
    }

  result = result_new ();
  result->text = _terra_analyzer_prepare_text (text);

  _terra_scan_init (&msg, self->lexicon, context, result);
  /* Order matters: each step consumes what it recognises, so the phone
   * number is no budget and the budget no time. */
  _terra_analyzer_find_contacts (&msg);
  _terra_analyzer_find_budgets (&msg);
  _terra_analyzer_find_dates (&msg);
  _terra_analyzer_classify (&msg);
  _terra_analyzer_find_names (&msg);
  result->language = _terra_scan_language (&msg);
  _terra_scan_clear (&msg);

  if (result->entities->len > 1)
    g_array_sort (result->entities, compare_entities);

  return result;
}

/* JSON */

static const char *
flag_nick (const char *const *nicks,
           guint              n_nicks,
           guint              flag)
{
  for (guint i = 0; i < n_nicks; i++)
    if (flag == 1u << i)
      return nicks[i];

  return NULL;
}

static char *
format_utc (gint64 usec)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);

  return time != NULL ? g_date_time_format (time, "%Y-%m-%dT%H:%M:%SZ") : NULL;
}

static void
add_number (JsonBuilder *builder,
            const char  *member,
            double       value)
{
  json_builder_set_member_name (builder, member);
  if (value == (gint64)value)
    json_builder_add_int_value (builder, (gint64)value);
  else
    json_builder_add_double_value (builder, value);
}

static void
build_entity (JsonBuilder               *builder,
              const TerraAnalyzerEntity *entity)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, entity_nicks[entity->kind]);
  json_builder_set_member_name (builder, "text");
  json_builder_add_string_value (builder, entity->text);

  switch (entity->kind)
    {
    case TERRA_ANALYZER_ENTITY_DATETIME:
      {
        g_autofree char *start = format_utc (entity->start_utc);
        g_autofree char *end = format_utc (entity->end_utc);

        json_builder_set_member_name (builder, "value");
        json_builder_add_string_value (builder, entity->value);
        json_builder_set_member_name (builder, "start");
        json_builder_add_string_value (builder, start);
        json_builder_set_member_name (builder, "end");
        json_builder_add_string_value (builder, end);
        json_builder_set_member_name (builder, "grain");
        json_builder_add_string_value (builder, grain_nicks[entity->grain]);
        if (entity->day_part != TERRA_DAY_PART_ALL)
          {
            json_builder_set_member_name (builder, "part");
            json_builder_add_string_value (builder, part_nicks[entity->day_part]);
          }
      }
      break;

    case TERRA_ANALYZER_ENTITY_BUDGET:
      add_number (builder, "amount", entity->amount);
      if (entity->amount_min != entity->amount)
        add_number (builder, "min", entity->amount_min);
      if (entity->currency[0] != '\0')
        {
          json_builder_set_member_name (builder, "currency");
          json_builder_add_string_value (builder, entity->currency);
        }
      break;

    case TERRA_ANALYZER_ENTITY_PHONE:
    case TERRA_ANALYZER_ENTITY_EMAIL:
    case TERRA_ANALYZER_ENTITY_NAME:
    default:
      json_builder_set_member_name (builder, "value");
      json_builder_add_string_value (builder, entity->value);
      break;
    }

  json_builder_end_object (builder);
}

static void
build_entities (JsonBuilder               *builder,
                const TerraAnalyzerResult *result)
{
  json_builder_begin_array (builder);
  for (guint i = 0; i < result->entities->len; i++)
    build_entity (builder, &g_array_index (result->entities, TerraAnalyzerEntity, i));
  json_builder_end_array (builder);
}

static void
build_triggers (JsonBuilder               *builder,
                const TerraAnalyzerResult *result,
                TerraAnalyzerTriggerKind   kind)
{
  gboolean escalation = kind == TERRA_ANALYZER_TRIGGER_ESCALATION;

  json_builder_begin_array (builder);
  for (guint i = 0; i < result->triggers->len; i++)
    {
      const TerraAnalyzerTrigger *trigger = &g_array_index (result->triggers, TerraAnalyzerTrigger, i);
      const char *nick;

      if (trigger->kind != kind)
        continue;
      nick = escalation ? flag_nick (escalation_nicks, G_N_ELEMENTS (escalation_nicks), trigger->flag)
                        : flag_nick (objection_nicks, G_N_ELEMENTS (objection_nicks), trigger->flag);
      if (nick == NULL)
        continue;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, escalation ? "reason" : "type");
      json_builder_add_string_value (builder, nick);
      if (trigger->length > 0)
        {
          g_autofree char *text = g_strndup (result->text + trigger->offset, trigger->length);

          json_builder_set_member_name (builder, "text");
          json_builder_add_string_value (builder, text);
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static char *
builder_to_string (JsonBuilder *builder)
{
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  g_autoptr(JsonGenerator) generator = json_generator_new ();

  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

char *
terra_analyzer_result_entities_to_json (const TerraAnalyzerResult *result)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (result != NULL, NULL);

  build_entities (builder, result);
  return builder_to_string (builder);
}

char *
terra_analyzer_result_objections_to_json (const TerraAnalyzerResult *result)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (result != NULL, NULL);

  build_triggers (builder, result, TERRA_ANALYZER_TRIGGER_OBJECTION);
  return builder_to_string (builder);
}

char *
terra_analyzer_result_escalations_to_json (const TerraAnalyzerResult *result)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (result != NULL, NULL);

  build_triggers (builder, result, TERRA_ANALYZER_TRIGGER_ESCALATION);
  return builder_to_string (builder);
}

char *
terra_analyzer_result_to_json (const TerraAnalyzerResult *result)
{
  static const char *const sentiments[] = { "negative", "neutral", "positive" };
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (result != NULL, NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "intent");
  json_builder_add_string_value (builder, terra_intent_to_string (result->intent));
  json_builder_set_member_name (builder, "confidence");
  json_builder_add_double_value (builder, result->intent_confidence);
  json_builder_set_member_name (builder, "sentiment");
  json_builder_add_string_value (builder, sentiments[result->sentiment]);
  json_builder_set_member_name (builder, "sentiment_score");
  json_builder_add_double_value (builder, result->sentiment_score);
  json_builder_set_member_name (builder, "language");
  json_builder_add_string_value (builder, result->language);
  json_builder_set_member_name (builder, "opt_out");
  json_builder_add_boolean_value (builder, result->opt_out);
  json_builder_set_member_name (builder, "entities");
  build_entities (builder, result);
  json_builder_set_member_name (builder, "objections");
  build_triggers (builder, result, TERRA_ANALYZER_TRIGGER_OBJECTION);
  json_builder_set_member_name (builder, "escalations");
  build_triggers (builder, result, TERRA_ANALYZER_TRIGGER_ESCALATION);
  json_builder_end_object (builder);

  return builder_to_string (builder);
}

void
terra_analyzer_result_apply (const TerraAnalyzerResult *result,
                             TerraAnalysis             *analysis)
{
  g_autofree char *entities = NULL;
  g_autofree char *objections = NULL;
  g_autofree char *escalations = NULL;

  g_return_if_fail (result != NULL);
  g_return_if_fail (TERRA_IS_ANALYSIS (analysis));

  entities = terra_analyzer_result_entities_to_json (result);
  objections = terra_analyzer_result_objections_to_json (result);
  escalations = terra_analyzer_result_escalations_to_json (result);

  terra_analysis_set_intent (analysis, terra_intent_to_string (result->intent));
  terra_analysis_set_sentiment (analysis, result->sentiment);
  terra_analysis_set_sentiment_score (analysis, result->sentiment_score);
  terra_analysis_set_language (analysis, result->language);
  terra_analysis_set_entities (analysis, entities);
  terra_analysis_set_objections (analysis, objections);
  terra_analysis_set_escalations (analysis, escalations);
  terra_analysis_set_opt_out (analysis, result->opt_out);
}
