/* terra-preferences-window-assistant.c — Preferences: how the assistant
 * speaks, when it answers, and what it hands over
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Assistant page (personality and tone, response behaviour, working
 * hours) and the Escalation page. Every row here is a setting the engine
 * reads: the prompt builder and the built-in engine for the persona, the
 * orchestrator's guards for hours, approval, length and handoffs
 * (test-settings-effects.c proves each). The weekly schedule itself is
 * edited in the availability dialog, which the Working Hours group opens.
 */

#define G_LOG_DOMAIN "terra-preferences"

#include "config.h"

#include <glib/gi18n.h>

#include "terra-availability-dialog.h"
#include "terra-preferences-window-private.h"

static const char * const type_values[] = {
  "real-estate", "clinic", "salon", "education", "legal", "finance", "retail", "other", NULL,
};
static const char * const type_labels[] = {
  N_("Real estate"), N_("Clinic"), N_("Salon"), N_("Education"), N_("Legal"), N_("Finance"), N_("Retail"),
  N_("Other"), NULL,
};

static const char * const personality_values[] = {
  "friendly", "professional", "casual", "concise", "enthusiastic", NULL,
};
static const char * const personality_labels[] = {
  N_("Friendly"), N_("Professional"), N_("Casual"), N_("Concise"), N_("Enthusiastic"), NULL,
};

/* The codes the prompt builder names (terra-prompt-builder.c). */
static const char * const language_values[] = {
  "auto", "en", "hi", "hi-Latn", "kn", "ta", "te", "mr", "bn", "gu", "ml", "pa", "es", "fr", "de", "ar", NULL,
};
static const char * const language_labels[] = {
  N_("The lead’s language"), N_("English"), N_("Hindi"), N_("Hinglish"), N_("Kannada"), N_("Tamil"),
  N_("Telugu"), N_("Marathi"), N_("Bengali"), N_("Gujarati"), N_("Malayalam"), N_("Punjabi"), N_("Spanish"),
  N_("French"), N_("German"), N_("Arabic"), NULL,
};

static const char * const approval_values[] = { "none", "first", "bookings", "all", NULL };
static const char * const approval_labels[] = {
  N_("Send at once"), N_("The first reply of each conversation"), N_("Replies that book or change appointments"),
  N_("Every reply"), NULL,
};

static const char * const hours_values[] = { "false", "true", NULL };
static const char * const hours_labels[] = { N_("Always"), N_("Only during the opening hours"), NULL };

static void
open_hours_clicked_cb (GtkButton              *button,
                       TerraPreferencesWindow *self)
{
  GtkWidget *dialog = terra_availability_dialog_new (GTK_WINDOW (self), self->workspace);

  gtk_window_present (GTK_WINDOW (dialog));
}

static void
add_hours_link (TerraPreferencesWindow *self)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *button = gtk_button_new_with_label (_("Edit…"));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Weekly schedule"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                               _("The opening hours per weekday, holidays and special dates"));
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, _("Edit the opening hours and special dates"));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), button);
  g_signal_connect_object (button, "clicked", G_CALLBACK (open_hours_clicked_cb), self, 0);
  adw_preferences_group_add (self->hours_group, row);
}

static void
personality_init (TerraPreferencesWindow *self)
{
  AdwPreferencesGroup *group = self->personality_group;

  _terra_preferences_add_setting_row (self, group, "assistant.name", _("Assistant name"),
                                      _("How the assistant introduces itself"));
  _terra_preferences_add_choice_row (self, group, "business.type", _("Business type"),
                                     _("Shapes the questions the assistant asks to qualify a lead"),
                                     type_values, type_labels);
  _terra_preferences_add_choice_row (self, group, "assistant.personality", _("Personality"), NULL,
                                     personality_values, personality_labels);
  _terra_preferences_add_choice_row (self, group, "assistant.reply_language", _("Reply language"),
                                     _("With an LLM; the built-in engine answers in English"),
                                     language_values, language_labels);
}

static void
response_init (TerraPreferencesWindow *self)
{
  AdwPreferencesGroup *group = self->response_group;

  /* The delay and the typing indicator belong to the orchestrator and the
   * live channels; their rows appear once this build has the settings. */
  _terra_preferences_add_setting_row (self, group, "assistant.reply_delay_seconds", _("Reply delay"),
                                      _("Seconds to wait before answering, so replies feel less instant"));
  _terra_preferences_add_setting_row (self, group, "assistant.typing_indicator", _("Typing indicator"),
                                      _("Show the lead that the assistant is writing, where the channel can"));
  _terra_preferences_add_setting_row (self, group, "assistant.max_reply_chars", _("Reply length"),
                                      _("The longest reply, in characters; longer ones are cut at a word"));
  _terra_preferences_add_choice_row (self, group, "assistant.approval", _("Approval"),
                                     _("Replies that wait as drafts until you approve them"),
                                     approval_values, approval_labels);
}

static void
hours_init (TerraPreferencesWindow *self)
{
  AdwPreferencesGroup *group = self->hours_group;

  _terra_preferences_add_setting_row (self, group, "assistant.enabled", _("Assistant answers leads"),
                                      _("When off, only the outside-hours reply goes out"));
  _terra_preferences_add_choice_row (self, group, "assistant.working_hours_only", _("Answer"), NULL,
                                     hours_values, hours_labels);
  add_hours_link (self);
  _terra_preferences_add_setting_row (self, group, "assistant.away_message", _("Outside-hours reply"),
                                      _("Sent once while the assistant is off or the business is closed; empty for none"));
}

static void
escalation_init (TerraPreferencesWindow *self)
{
  AdwPreferencesGroup *group = self->escalation_group;
  AdwPreferencesGroup *notify = self->escalation_notify_group;

  _terra_preferences_add_setting_row (self, group, "escalation.legal", _("A legal question"),
                                      _("Contracts, disputes, lawyers, complaints to authorities"));
  _terra_preferences_add_setting_row (self, group, "escalation.discount", _("A discount request"),
                                      _("The lead asks for a lower price or negotiates"));
  _terra_preferences_add_setting_row (self, group, "escalation.human_request", _("A request for a person"),
                                      _("The lead asks to talk to someone"));
  _terra_preferences_add_setting_row (self, group, "escalation.negative_sentiment", _("An upset lead"),
                                      _("Frustration, abuse, or a tone below the threshold"));
  _terra_preferences_add_setting_row (self, group, "escalation.sentiment_threshold", _("Sentiment threshold"),
                                      _("From −100 (furious) to 0 (neutral): at or below it, you take over"));
  _terra_preferences_add_setting_row (self, group, "escalation.low_score", _("A low lead score"),
                                      _("After three messages, a lead scoring below the threshold"));
  _terra_preferences_add_setting_row (self, group, "escalation.low_score_threshold", _("Lead score threshold"),
                                      _("From 0 to 100"));

  _terra_preferences_add_setting_row (self, notify, "escalation.contact_name", _("Name told to the lead"),
                                      _("Who takes over, as in “I’ve asked Priya to take over”; empty for “a member of our team”"));
  /* How you hear of it: on this computer, and (API page) as the
   * handoff.requested event of the outgoing webhooks. */
  _terra_preferences_add_notify_row (self, notify, "handoff.requested", _("Notify this computer"),
                                     _("A desktop notification that opens the conversation"));
}

void
_terra_preferences_assistant_init (TerraPreferencesWindow *self)
{
  personality_init (self);
  response_init (self);
  hours_init (self);
  escalation_init (self);
}
