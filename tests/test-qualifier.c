/* test-qualifier.c — lead qualification from a conversation
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "terra-qualifier.h"

static TerraAnalyzerResult *
analyze (TerraAnalyzer *analyzer,
         const char    *text)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier ("Asia/Kolkata");
  TerraAnalyzerContext context = { (gint64)1780284600 * G_USEC_PER_SEC, zone, "INR", "91" };

  return terra_analyzer_analyze (analyzer, text, &context);
}

static const char *
field_value (JsonObject *fields,
             const char *name)
{
  if (!json_object_has_member (fields, name))
    return NULL;
  return json_object_get_string_member (json_object_get_object_member (fields, name), "value");
}

static void
test_conversation_warms_up (void)
{
  g_autoptr(TerraAnalyzer) analyzer = terra_analyzer_new ();
  g_autoptr(TerraContact) contact = terra_contact_new ();
  const char *messages[] = {
    "Hi, I saw your ad",
    "Looking for a 3BHK apartment in Whitefield",
    "Budget is around 80 lakh",
    "We want to move next month, I decide myself",
  };
  const int expected_scores[] = { 0, 30, 58, 94 };

  for (guint i = 0; i < G_N_ELEMENTS (messages); i++)
    {
      g_autoptr(TerraAnalyzerResult) result = analyze (analyzer, messages[i]);

      terra_qualifier_update_contact (contact, result, i + 1, FALSE, 1000 + i);
      g_test_message ("%s → %d (%s)", messages[i], terra_contact_get_score (contact),
                      terra_contact_get_score_explanation (contact));
      g_assert_cmpint (terra_contact_get_score (contact), ==, expected_scores[i]);
    }

  {
    g_autoptr(JsonNode) node = json_from_string (terra_contact_get_qualification (contact), NULL);
    JsonObject *fields = json_node_get_object (node);

    g_assert_cmpstr (field_value (fields, "need"), ==, "3bhk apartment");
    g_assert_cmpstr (field_value (fields, "location"), ==, "Whitefield");
    g_assert_cmpstr (field_value (fields, "budget"), ==, "80 lakh");
    g_assert_cmpstr (field_value (fields, "timeline"), ==, "within a month");
    g_assert_cmpstr (field_value (fields, "decision_maker"), ==, "the lead");
  }

  g_assert_cmpint (terra_contact_get_temperature (contact), ==, TERRA_TEMPERATURE_HOT);
  /* Qualified once the score passed 60: on the fourth message. */
  g_assert_cmpint (terra_contact_get_qualified_at (contact), ==, 1003);
  g_assert_nonnull (strstr (terra_contact_get_score_explanation (contact), "gave a budget"));
}

/* However the lead says they decide, the assistant does not ask again. */
static void
test_decision_maker_phrasings (void)
{
  g_autoptr(TerraAnalyzer) analyzer = terra_analyzer_new ();
  const char *self[] = {
    "I decide myself", "I am the one deciding", "I'm the one deciding, my email is kabir@example.com",
    "I'm the decision maker", "I make the decision here", "I'll decide by Friday",
  };
  const char *others[] = { "I need to discuss with my wife", "Let me ask my parents first" };

  for (guint i = 0; i < G_N_ELEMENTS (self); i++)
    {
      g_autoptr(TerraContact) contact = terra_contact_new ();
      g_autoptr(TerraAnalyzerResult) result = analyze (analyzer, self[i]);
      g_autoptr(JsonNode) node = NULL;
      g_autoptr(TerraQualification) next = NULL;

      terra_qualifier_update_contact (contact, result, 1, FALSE, 1000);
      node = json_from_string (terra_contact_get_qualification (contact), NULL);
      g_assert_cmpstr (field_value (json_node_get_object (node), "decision_maker"), ==, "the lead");
      next = terra_qualifier_evaluate (terra_contact_get_qualification (contact), 1, FALSE, NULL);
      g_assert_cmpstr (next->next_question_field, !=, "decision_maker");
    }
  for (guint i = 0; i < G_N_ELEMENTS (others); i++)
    {
      g_autoptr(TerraContact) contact = terra_contact_new ();
      g_autoptr(TerraAnalyzerResult) result = analyze (analyzer, others[i]);
      g_autoptr(JsonNode) node = NULL;

      terra_qualifier_update_contact (contact, result, 1, FALSE, 1000);
      node = json_from_string (terra_contact_get_qualification (contact), NULL);
      g_assert_cmpstr (field_value (json_node_get_object (node), "decision_maker"), ==, "with family or partner");
    }
}

static void
test_next_question_is_never_known (void)
{
  g_autoptr(TerraQualification) none = terra_qualifier_evaluate ("{}", 1, FALSE, NULL);
  g_autoptr(TerraQualification) some = NULL;
  g_autoptr(TerraQualification) all = NULL;

  g_assert_cmpstr (none->next_question_field, ==, "need");
  g_assert_cmpint (none->temperature, ==, TERRA_TEMPERATURE_COLD);

  some = terra_qualifier_evaluate ("{\"need\":{\"value\":\"villa\",\"confidence\":0.8},"
                                   "\"budget\":{\"value\":\"2 cr\",\"confidence\":0.9}}", 2, FALSE, NULL);
  g_assert_cmpstr (some->next_question_field, ==, "timeline");
  g_assert_cmpint (some->score, ==, 45);
  g_assert_cmpint (some->temperature, ==, TERRA_TEMPERATURE_WARM);

  all = terra_qualifier_evaluate ("{\"need\":{\"value\":\"villa\"},\"budget\":{\"value\":\"2 cr\"},"
                                  "\"timeline\":{\"value\":\"now\"},\"location\":{\"value\":\"HSR\"},"
                                  "\"decision_maker\":{\"value\":\"the lead\"}}", 5, TRUE, NULL);
  g_assert_null (all->next_question_field);
  g_assert_cmpint (all->score, ==, 100);
  g_assert_cmpstr (all->next_action, ==, "Prepare for the appointment");
}

static void
test_confident_values_stay (void)
{
  g_autoptr(TerraAnalyzer) analyzer = terra_analyzer_new ();
  g_autoptr(TerraAnalyzerResult) vague = analyze (analyzer, "maybe something near Koramangala");
  g_autofree char *merged = terra_qualifier_merge_fields ("{\"location\":{\"value\":\"Whitefield\",\"confidence\":0.95}}",
                                                          vague);
  g_autoptr(JsonNode) node = json_from_string (merged, NULL);

  g_assert_cmpstr (field_value (json_node_get_object (node), "location"), ==, "Whitefield");
}

static void
test_opt_out_and_garbage (void)
{
  g_autoptr(TerraAnalyzer) analyzer = terra_analyzer_new ();
  g_autoptr(TerraAnalyzerResult) stop = analyze (analyzer, "STOP");
  g_autoptr(TerraQualification) q = terra_qualifier_evaluate ("{\"budget\":{\"value\":\"1 cr\"}}", 4, FALSE, stop);
  g_autofree char *from_garbage = terra_qualifier_merge_fields ("{not json", stop);

  g_assert_cmpint (q->score, ==, 0);
  g_assert_cmpstr (q->next_action, ==, "Do not contact");
  g_assert_cmpstr (from_garbage, ==, "{}");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/qualifier/conversation-warms-up", test_conversation_warms_up);
  g_test_add_func ("/qualifier/next-question-is-never-known", test_next_question_is_never_known);
  g_test_add_func ("/qualifier/decision-maker-phrasings", test_decision_maker_phrasings);
  g_test_add_func ("/qualifier/confident-values-stay", test_confident_values_stay);
  g_test_add_func ("/qualifier/opt-out-and-garbage", test_opt_out_and_garbage);

  return g_test_run ();
}
