/* terra-training-view-log.c — the grades of test-chat replies and the
 * confidence figure of each knowledge category
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Confidence in a category, from 0 to 100 %, is coverage times quality:
 *
 *   coverage = min (published items, 5) / 5
 *   quality  = (good grades + 1) / (good grades + bad grades + 2)
 *
 * Coverage says whether Terra has anything to answer from; five published
 * items count as a well-covered topic. Quality is the share of replies
 * graded good, started at one good and one bad (Laplace's rule), so a
 * topic without grades sits at 50 % and a single grade does not swing it
 * to 0 or 100. A grade counts towards the category of the first knowledge
 * item the reply used.
 */

#define G_LOG_DOMAIN "terra-training"

#include "config.h"

#include <glib/gi18n.h>

#include "terra-training-view-private.h"

#define FULL_COVERAGE_ITEMS 5
#define LOG_LIMIT           100

int
_terra_training_confidence (gint64 published_items,
                            gint64 good_grades,
                            gint64 bad_grades)
{
  double coverage = (double)MIN (MAX (published_items, 0), FULL_COVERAGE_ITEMS) / FULL_COVERAGE_ITEMS;
  double quality = (double)(MAX (good_grades, 0) + 1) / (MAX (good_grades, 0) + MAX (bad_grades, 0) + 2);

  return (int)(coverage * quality * 100.0 + 0.5);
}

static gint64
count_published (TerraStore             *store,
                 TerraKnowledgeCategory  category)
{
  g_autoptr(TerraQuery) query = terra_query_new (TERRA_TYPE_KNOWLEDGE_ITEM);

  terra_query_where_enum (query, "category", TERRA_TYPE_KNOWLEDGE_CATEGORY, category);
  terra_query_where_int (query, "published", TERRA_QUERY_EQ, 1);
  return MAX (terra_store_count (store, query, NULL), 0);
}

static gint64
count_grades (TerraStore *store,
              const char *category,
              TerraGrade  grade)
{
  g_autoptr(TerraQuery) query = terra_query_new (TERRA_TYPE_FEEDBACK);

  terra_query_where_text (query, "category", TERRA_QUERY_EQ, category);
  terra_query_where_enum (query, "grade", TERRA_TYPE_GRADE, grade);
  return MAX (terra_store_count (store, query, NULL), 0);
}

static GtkWidget *
make_confidence_row (TerraStore             *store,
                     TerraKnowledgeCategory  category)
{
  const char *nick = terra_enum_to_nick (TERRA_TYPE_KNOWLEDGE_CATEGORY, category);
  gint64 published = count_published (store, category);
  gint64 good = count_grades (store, nick, TERRA_GRADE_GOOD);
  gint64 bad = count_grades (store, nick, TERRA_GRADE_BAD);
  int confidence = _terra_training_confidence (published, good, bad);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *bar = gtk_level_bar_new_for_interval (0, 100);
  GtkWidget *figure;
  g_autofree char *percent = g_strdup_printf (_("%d %%"), confidence);
  g_autofree char *subtitle = NULL;
  g_autofree char *tooltip = NULL;
  g_autofree char *label = NULL;

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _terra_training_category_title (category));
  /* Translators: "3 published items · 4 good and 1 bad grades" */
  subtitle = g_strdup_printf (_("%" G_GINT64_FORMAT " published · %" G_GINT64_FORMAT " good, %" G_GINT64_FORMAT " bad"),
                              published, good, bad);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);

  tooltip = g_strdup_printf (_("Confidence = coverage × quality.\n"
                               "Coverage: %" G_GINT64_FORMAT " of %d published items (five cover a topic fully).\n"
                               "Quality: (good + 1) ÷ (good + bad + 2) = %" G_GINT64_FORMAT " ÷ %" G_GINT64_FORMAT ", "
                               "so a topic without grades starts at one half."),
                             MIN (published, FULL_COVERAGE_ITEMS), FULL_COVERAGE_ITEMS,
                             good + 1, good + bad + 2);

  gtk_level_bar_set_value (GTK_LEVEL_BAR (bar), confidence);
  gtk_widget_set_size_request (bar, 120, -1);
  gtk_widget_set_valign (bar, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (bar, tooltip);
  figure = gtk_label_new (percent);
  gtk_widget_add_css_class (figure, "numeric");
  gtk_widget_set_size_request (figure, 48, -1);
  gtk_label_set_xalign (GTK_LABEL (figure), 1.0);
  gtk_widget_set_tooltip_text (figure, tooltip);
  label = g_strdup_printf (_("Confidence in %s: %d %%"), _terra_training_category_title (category), confidence);
  gtk_accessible_update_property (GTK_ACCESSIBLE (figure), GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, tooltip, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (bar), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), bar);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), figure);
  gtk_widget_set_tooltip_text (row, tooltip);

  return row;
}

static char *
format_time (gint64 unix_time)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (unix_time);
  g_autoptr(GDateTime) local = utc != NULL ? g_date_time_to_local (utc) : NULL;

  /* Translators: a grade's date and time, see g_date_time_format() */
  return local != NULL ? g_date_time_format (local, _("%e %b %Y, %H:%M")) : g_strdup ("");
}

static GtkWidget *
make_grade_row (TerraStore    *store,
                TerraFeedback *feedback)
{
  GtkWidget *row = adw_action_row_new ();
  gboolean good = terra_feedback_get_grade (feedback) == TERRA_GRADE_GOOD;
  const char *category = terra_feedback_get_category (feedback);
  const char *correction = terra_feedback_get_correction (feedback);
  g_autoptr(TerraMessage) reply = NULL;
  g_autoptr(GString) subtitle = g_string_new (NULL);
  g_autofree char *when = format_time (terra_feedback_get_created_at (feedback));
  g_autofree char *title = NULL;
  GtkWidget *time_label;
  int value;

  if (category[0] != '\0' && terra_enum_from_nick (TERRA_TYPE_KNOWLEDGE_CATEGORY, category, &value))
    /* Translators: "Good · Frequently Asked Questions" */
    title = g_strdup_printf (_("%s · %s"), good ? _("Good") : _("Bad"), _terra_training_category_title (value));
  else
    title = g_strdup (good ? _("Good") : _("Bad"));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);

  if (terra_feedback_get_message_id (feedback) != 0)
    reply = terra_store_get (store, TERRA_TYPE_MESSAGE, terra_feedback_get_message_id (feedback), NULL);
  if (reply != NULL)
    g_string_append_printf (subtitle, _("Reply: %s"), terra_message_get_body (reply));
  if (correction[0] != '\0')
    {
      if (subtitle->len > 0)
        g_string_append_c (subtitle, '\n');
      g_string_append_printf (subtitle, _("Correction: %s"), correction);
    }
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle->str);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 4);

  time_label = gtk_label_new (when);
  gtk_widget_add_css_class (time_label, "dim-label");
  gtk_widget_add_css_class (time_label, "caption");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), time_label);
  gtk_widget_add_css_class (row, good ? "grade-good" : "grade-bad");
  return row;
}

static void
add_row (AdwPreferencesGroup *group,
         GPtrArray           *rows,
         GtkWidget           *row)
{
  adw_preferences_group_add (group, row);
  g_ptr_array_add (rows, row);
}

void
_terra_training_view_refresh_log (TerraTrainingView *self)
{
  TerraStore *store = terra_workspace_get_store (self->workspace);
  g_autoptr(TerraQuery) query = terra_query_new (TERRA_TYPE_FEEDBACK);
  g_autoptr(GPtrArray) grades = NULL;
  g_autoptr(GError) error = NULL;

  _terra_training_view_clear_rows (self->confidence_group, self->confidence_rows);
  _terra_training_view_clear_rows (self->log_group, self->log_rows);

  for (guint i = 0; i < G_N_ELEMENTS (_terra_training_categories); i++)
    add_row (self->confidence_group, self->confidence_rows,
             make_confidence_row (store, _terra_training_categories[i]));

  /* Ids grow with time: the latest first. */
  terra_query_order_by (query, "id", TRUE);
  terra_query_set_range (query, 0, LOG_LIMIT);
  grades = terra_store_list (store, query, &error);
  if (grades == NULL)
    {
      g_warning ("Could not read the grades: %s", error->message);
      return;
    }

  if (grades->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No grades yet"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                                   _("Grade Terra’s replies in the Test Chat: Good, or Bad with what it should have said."));
      add_row (self->log_group, self->log_rows, row);
      return;
    }

  for (guint i = 0; i < grades->len; i++)
    add_row (self->log_group, self->log_rows, make_grade_row (store, g_ptr_array_index (grades, i)));
}
