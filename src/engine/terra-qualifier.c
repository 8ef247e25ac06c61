/* terra-qualifier.c — lead qualification
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Deterministic and explainable: every point of a score comes from a
 * field the lead told us or a thing the lead did, and the explanation
 * lists them, so an owner can see why a lead is hot and correct it.
 * Fields are filled from each message's analysis with a confidence; a
 * value is only replaced by one at least as confident, so a stray word
 * does not overwrite what the lead said plainly.
 */

#define G_LOG_DOMAIN "terra-qualifier"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "terra-qualifier.h"

/* Points per field: what a sales team would weigh (BANT and friends). */
static const struct
{
  const char *field;
  int         points;
  const char *label;
} weights[] = {
  { "need", 20, N_("knows what they want") },
  { "budget", 25, N_("gave a budget") },
  { "timeline", 20, N_("has a timeline") },
  { "location", 10, N_("named a location") },
  { "decision_maker", 10, N_("decides themselves") },
};

#define HOT_SCORE 70
#define WARM_SCORE 40
#define QUALIFIED_SCORE 60

void
terra_qualification_free (TerraQualification *qualification)
{
  if (qualification == NULL)
    return;
  g_free (qualification->explanation);
  g_free (qualification->next_action);
  g_free (qualification->next_question_field);
  g_free (qualification);
}

/* Finds the first of words (casefolded) in text; returns its position. */
static const char *
find_any (const char         *folded,
          const char * const *words)
{
  for (guint i = 0; words[i] != NULL; i++)
    {
      const char *hit = strstr (folded, words[i]);

      if (hit != NULL)
        return hit;
    }
  return NULL;
}

static char *
timeline_from_text (const char *folded)
{
  static const char * const now_words[] = { "immediately", "asap", "urgent", "right away", "this week", "turant", "jaldi", NULL };
  static const char * const month_words[] = { "this month", "next month", "within a month", "in a month", "agle mahine", NULL };
  static const char * const later_words[] = { "months", "next year", "this year", "by diwali", "by december", NULL };
  static const char * const browsing_words[] = { "just browsing", "just looking", "no hurry", "not in a hurry", NULL };

  if (find_any (folded, now_words))
    return g_strdup ("immediately");
  if (find_any (folded, month_words))
    return g_strdup ("within a month");
  if (find_any (folded, browsing_words))
    return g_strdup ("just browsing");
  if (find_any (folded, later_words))
    return g_strdup ("within months");
  return NULL;
}

static char *
need_from_text (const char *folded)
{
  static const char * const needs[] = {
    "1bhk", "2bhk", "3bhk", "4bhk", "1 bhk", "2 bhk", "3 bhk", "4 bhk", "villa", "plot", "apartment",
    "flat", "office space", "shop", "penthouse", "row house", "cleaning", "root canal", "braces",
    "whitening", "haircut", "facial", "bridal", "tuition", "coaching", "consultation", NULL
  };
  const char *hit = find_any (folded, needs);
  const char *end;

  if (hit == NULL)
    return NULL;

  /* Keep the phrase around the keyword: "3bhk apartment", "bridal makeup". */
  end = hit;
  for (int words = 0; *end != '\0' && words < 2; end++)
    if (*end == ' ' && end > hit)
      words++;
  return g_strstrip (g_strndup (hit, end - hit));
}

static char *
decision_maker_from_text (const char *folded)
{
  static const char * const others[] = { "my wife", "my husband", "my family", "my parents", "my partner",
                                         "my boss", "consult my", "discuss with", "ask my", NULL };
  static const char * const self[] = { "i decide", "my decision", "i will decide", "i'll decide", "i'm the owner",
                                       "i am the owner", "i am the one deciding", "i'm the one deciding",
                                       "i am deciding", "i'm deciding", "i make the decision",
                                       "i am the decision maker", "i'm the decision maker", NULL };

  if (find_any (folded, self))
    return g_strdup ("the lead");
  if (find_any (folded, others))
    return g_strdup ("with family or partner");
  return NULL;
}

/* "in Whitefield", "near HSR Layout": the capitalised words after it. */
static char *
location_from_text (const char *text)
{
  static const char * const cues[] = { " in ", " near ", " at ", " around ", NULL };

  for (guint i = 0; cues[i] != NULL; i++)
    {
      const char *p = strstr (text, cues[i]);

      while (p != NULL)
        {
          const char *start = p + strlen (cues[i]);
          const char *end = start;

          while (g_ascii_isupper (*end))
            {
              while (*end != '\0' && *end != ' ' && *end != ',' && *end != '.' && *end != '?' && *end != '!')
                end++;
              if (end[0] == ' ' && g_ascii_isupper (end[1]))
                end++;
              else
                break;
            }
          if (end > start)
            return g_strndup (start, end - start);
          p = strstr (start, cues[i]);
        }
    }
  return NULL;
}

static void
set_field (JsonObject *fields,
           const char *name,
           const char *value,
           double      confidence)
{
  JsonObject *field;

  if (value == NULL || *value == '\0')
    return;

  /* A value is only replaced by one at least as sure. */
  if (json_object_has_member (fields, name))
    {
      JsonObject *old = json_object_get_object_member (fields, name);

      if (old != NULL && json_object_get_double_member_with_default (old, "confidence", 0) > confidence)
        return;
    }

  field = json_object_new ();
  json_object_set_string_member (field, "value", value);
  json_object_set_double_member (field, "confidence", confidence);
  json_object_set_object_member (fields, name, field);
}

static JsonNode *
parse_fields (const char *qualification_json)
{
  JsonNode *node = qualification_json ? json_from_string (qualification_json, NULL) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_clear_pointer (&node, json_node_unref);
      node = json_node_init_object (json_node_alloc (), json_object_new ());
    }
  return node;
}

/**
 * terra_qualifier_merge_fields:
 * @qualification_json: the contact's qualification (field → {value, confidence})
 * @result: the analysis of the lead's latest message
 *
 * Returns: (transfer full): the qualification with what the message told
 */
char *
terra_qualifier_merge_fields (const char                *qualification_json,
                              const TerraAnalyzerResult *result)
{
  g_autoptr(JsonNode) node = parse_fields (qualification_json);
  JsonObject *fields = json_node_get_object (node);
  g_autofree char *folded = NULL;
  const TerraAnalyzerEntity *budget;
  g_autofree char *need = NULL;
  g_autofree char *timeline = NULL;
  g_autofree char *location = NULL;
  g_autofree char *decider = NULL;

  g_return_val_if_fail (result != NULL, NULL);

  folded = g_utf8_casefold (result->text != NULL ? result->text : "", -1);

  budget = terra_analyzer_result_find_entity (result, TERRA_ANALYZER_ENTITY_BUDGET);
  if (budget != NULL)
    set_field (fields, "budget", budget->text, 0.9);

  need = need_from_text (folded);
  set_field (fields, "need", need, 0.8);
  timeline = timeline_from_text (folded);
  set_field (fields, "timeline", timeline, 0.7);
  location = location_from_text (result->text != NULL ? result->text : "");
  set_field (fields, "location", location, 0.6);
  decider = decision_maker_from_text (folded);
  set_field (fields, "decision_maker", decider, 0.7);

  return json_to_string (node, FALSE);
}

static gboolean
has_field (JsonObject *fields,
           const char *name)
{
  JsonObject *field = json_object_has_member (fields, name) ? json_object_get_object_member (fields, name) : NULL;

  return field != NULL && *json_object_get_string_member_with_default (field, "value", "") != '\0';
}

/**
 * terra_qualifier_evaluate:
 * @n_lead_messages: how many messages the lead has sent
 * @has_booking: whether the lead has an upcoming appointment
 * @latest: (nullable): the analysis of the latest message
 *
 * Returns: (transfer full): the score, its explanation, the temperature,
 *   the next action and the next field to ask about (never one known)
 */
TerraQualification *
terra_qualifier_evaluate (const char                *qualification_json,
                          guint                      n_lead_messages,
                          gboolean                   has_booking,
                          const TerraAnalyzerResult *latest)
{
  g_autoptr(JsonNode) node = parse_fields (qualification_json);
  JsonObject *fields = json_node_get_object (node);
  TerraQualification *q = g_new0 (TerraQualification, 1);
  g_autoptr(GPtrArray) reasons = g_ptr_array_new ();
  int score = 0;

  for (guint i = 0; i < G_N_ELEMENTS (weights); i++)
    if (has_field (fields, weights[i].field))
      {
        score += weights[i].points;
        g_ptr_array_add (reasons, (gpointer)_(weights[i].label));
      }
    else if (q->next_question_field == NULL)
      q->next_question_field = g_strdup (weights[i].field);

  if (n_lead_messages >= 3)
    {
      score += MIN ((int)n_lead_messages, 10);
      g_ptr_array_add (reasons, (gpointer)_("is engaged"));
    }
  if (has_booking)
    {
      score += 15;
      g_ptr_array_add (reasons, (gpointer)_("booked an appointment"));
    }
  if (latest != NULL && latest->intent == TERRA_INTENT_BOOKING)
    {
      score += 5;
      g_ptr_array_add (reasons, (gpointer)_("wants to meet"));
    }
  if (latest != NULL && (latest->opt_out || latest->intent == TERRA_INTENT_SPAM))
    {
      score = 0;
      g_ptr_array_set_size (reasons, 0);
      g_ptr_array_add (reasons, latest->opt_out ? (gpointer)_("opted out") : (gpointer)_("looks like spam"));
    }

  q->score = CLAMP (score, 0, 100);
  q->temperature = q->score >= HOT_SCORE ? TERRA_TEMPERATURE_HOT
                   : q->score >= WARM_SCORE ? TERRA_TEMPERATURE_WARM : TERRA_TEMPERATURE_COLD;
  g_ptr_array_add (reasons, NULL);
  q->explanation = reasons->len > 1 ? g_strjoinv (", ", (char **)reasons->pdata) : g_strdup (_("nothing known yet"));
  q->predicted_conversion = CLAMP (q->score / 100.0 * (has_booking ? 0.8 : 0.5), 0.0, 1.0);

  if (latest != NULL && latest->opt_out)
    q->next_action = g_strdup (_("Do not contact"));
  else if (has_booking)
    q->next_action = g_strdup (_("Prepare for the appointment"));
  else if (q->temperature == TERRA_TEMPERATURE_HOT)
    q->next_action = g_strdup (_("Offer an appointment"));
  else if (q->next_question_field != NULL)
    q->next_action = g_strdup_printf (_("Ask about %s"), q->next_question_field);
  else
    q->next_action = g_strdup (_("Follow up"));

  return q;
}

/* Folds a message's analysis into the contact: fields, score, explanation,
 * temperature, and when it first qualified. Returns whether anything
 * changed. */
gboolean
terra_qualifier_update_contact (TerraContact              *contact,
                                const TerraAnalyzerResult *result,
                                guint                      n_lead_messages,
                                gboolean                   has_booking,
                                gint64                     now)
{
  g_autofree char *merged = NULL;
  g_autoptr(TerraQualification) q = NULL;
  gboolean changed;

  g_return_val_if_fail (TERRA_IS_CONTACT (contact), FALSE);
  g_return_val_if_fail (result != NULL, FALSE);

  merged = terra_qualifier_merge_fields (terra_contact_get_qualification (contact), result);
  q = terra_qualifier_evaluate (merged, n_lead_messages, has_booking, result);

  changed = g_strcmp0 (merged, terra_contact_get_qualification (contact)) != 0 ||
            q->score != terra_contact_get_score (contact) ||
            g_strcmp0 (q->explanation, terra_contact_get_score_explanation (contact)) != 0;

  terra_contact_set_qualification (contact, merged);
  terra_contact_set_score (contact, q->score);
  terra_contact_set_score_explanation (contact, q->explanation);
  terra_contact_set_temperature (contact, q->temperature);
  if (q->score >= QUALIFIED_SCORE && terra_contact_get_qualified_at (contact) == 0)
    terra_contact_set_qualified_at (contact, now);

  return changed;
}
