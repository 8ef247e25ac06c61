/* terra-lead-snapshot.c — what Terra knows about a conversation's lead
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Everything here is what the engine stored: the contact's score with its
 * explanation and temperature, the qualification fields ({"value": …,
 * "confidence": 0..1} per field), and the latest analysis (intent and
 * sentiment). Nothing is guessed in the interface.
 */

#define G_LOG_DOMAIN "terra-conversations"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "terra-desk-format.h"
#include "terra-lead-snapshot.h"
#include "terra-score-ring.h"

struct _TerraLeadSnapshot
{
  GtkWidget       parent_instance;

  /* Template widgets */
  TerraScoreRing *score_ring;
  GtkLabel       *score_label;
  GtkLabel       *explanation_label;
  GtkListBox     *facts_list;
  GtkListBox     *fields_list;
};

G_DEFINE_FINAL_TYPE (TerraLeadSnapshot, terra_lead_snapshot, GTK_TYPE_WIDGET)

static void
terra_lead_snapshot_dispose (GObject *object)
{
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (object), TERRA_TYPE_LEAD_SNAPSHOT);
  /* The scrolled window at the template's root has no id, so disposing
   * the template leaves it. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (terra_lead_snapshot_parent_class)->dispose (object);
}

static void
terra_lead_snapshot_class_init (TerraLeadSnapshotClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = terra_lead_snapshot_dispose;

  g_type_ensure (TERRA_TYPE_SCORE_RING);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "leadsnapshot");
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/terrasales/Terra/ui/terra-lead-snapshot.ui");
  gtk_widget_class_bind_template_child (widget_class, TerraLeadSnapshot, score_ring);
  gtk_widget_class_bind_template_child (widget_class, TerraLeadSnapshot, score_label);
  gtk_widget_class_bind_template_child (widget_class, TerraLeadSnapshot, explanation_label);
  gtk_widget_class_bind_template_child (widget_class, TerraLeadSnapshot, facts_list);
  gtk_widget_class_bind_template_child (widget_class, TerraLeadSnapshot, fields_list);
}

static void
terra_lead_snapshot_init (TerraLeadSnapshot *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
terra_lead_snapshot_new (void)
{
  return g_object_new (TERRA_TYPE_LEAD_SNAPSHOT, NULL);
}

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static void
add_fact (GtkListBox *list,
          const char *title,
          const char *value)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *label = gtk_label_new (value);

  /* Titles and values are the leads' own words, not markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 1);
  gtk_widget_add_css_class (label, "dim-label");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
  gtk_list_box_append (list, row);
}

/* "need", "decision_maker" → "Need", "Decision maker" */
static char *
field_title (const char *name)
{
  g_autofree char *spaced = g_strdup (name);
  g_autofree char *first = NULL;

  g_strdelimit (spaced, "_-", ' ');
  if (*spaced == '\0')
    return g_strdup (spaced);
  first = g_utf8_strup (spaced, g_utf8_next_char (spaced) - spaced);
  return g_strconcat (first, g_utf8_next_char (spaced), NULL);
}

static char *
field_value_text (JsonNode *node)
{
  JsonNode *value = node;
  double confidence = -1;
  g_autofree char *text = NULL;

  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);

      value = json_object_get_member (object, "value");
      if (json_object_has_member (object, "confidence"))
        confidence = json_object_get_double_member (object, "confidence");
    }

  if (value == NULL || JSON_NODE_HOLDS_NULL (value))
    return NULL;
  if (JSON_NODE_HOLDS_VALUE (value))
    {
      GType type = json_node_get_value_type (value);

      if (type == G_TYPE_STRING)
        text = g_strdup (json_node_get_string (value));
      else if (type == G_TYPE_BOOLEAN)
        text = g_strdup (json_node_get_boolean (value) ? _("Yes") : _("No"));
      else if (type == G_TYPE_DOUBLE)
        text = g_strdup_printf ("%g", json_node_get_double (value));
      else
        text = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (value));
    }
  else
    text = json_to_string (value, FALSE);

  if (confidence >= 0)
    /* TRANSLATORS: a qualification value and how sure the assistant is */
    return g_strdup_printf (_("%s (%d%% sure)"), text, (int)(confidence * 100 + 0.5));
  return g_steal_pointer (&text);
}

static guint
show_fields (TerraLeadSnapshot *self,
             const char        *qualification_json)
{
  g_autoptr(JsonNode) root = qualification_json ? json_from_string (qualification_json, NULL) : NULL;
  g_autoptr(GList) members = NULL;
  guint shown = 0;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return 0;

  members = json_object_get_members (json_node_get_object (root));
  for (GList *l = members; l != NULL; l = l->next)
    {
      JsonNode *node = json_object_get_member (json_node_get_object (root), l->data);
      g_autofree char *title = field_title (l->data);
      g_autofree char *text = field_value_text (node);

      if (text == NULL)
        continue;
      add_fact (self->fields_list, title, text);
      shown++;
    }

  return shown;
}

/* Shows what is known of @contact in @conversation. */
void
terra_lead_snapshot_show (TerraLeadSnapshot *self,
                          TerraContact      *contact,
                          TerraConversation *conversation,
                          TerraAnalysis     *analysis)
{
  g_autofree char *score = NULL;
  const char *explanation;

  g_return_if_fail (TERRA_IS_LEAD_SNAPSHOT (self));
  g_return_if_fail (TERRA_IS_CONTACT (contact));

  clear_list (self->facts_list);
  clear_list (self->fields_list);

  terra_score_ring_set_score (self->score_ring, terra_contact_get_score (contact));
  score = g_strdup_printf (_("Score %d of 100 · %s lead"), terra_contact_get_score (contact),
                           terra_desk_temperature_name (terra_contact_get_temperature (contact)));
  gtk_label_set_label (self->score_label, score);

  explanation = terra_contact_get_score_explanation (contact);
  gtk_label_set_label (self->explanation_label,
                       explanation && *explanation ? explanation : _("No score explanation yet."));

  add_fact (self->facts_list, _("Temperature"),
            terra_desk_temperature_name (terra_contact_get_temperature (contact)));
  if (analysis != NULL)
    {
      add_fact (self->facts_list, _("Latest intent"), terra_analysis_get_intent (analysis));
      add_fact (self->facts_list, _("Sentiment"),
                terra_desk_sentiment_name (terra_analysis_get_sentiment (analysis)));
    }
  if (conversation != NULL && *terra_conversation_get_handoff_reason (conversation) != '\0')
    add_fact (self->facts_list, _("Handoff reason"), terra_conversation_get_handoff_reason (conversation));
  if (terra_contact_get_opted_out (contact))
    add_fact (self->facts_list, _("Messages"), _("Opted out"));

  if (show_fields (self, terra_contact_get_qualification (contact)) == 0)
    add_fact (self->fields_list, _("Nothing yet"), _("The assistant has not learned any details"));
}
