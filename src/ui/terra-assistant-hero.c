/* terra-assistant-hero.c — the Dashboard's head: the assistant, alive
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Terra's avatar breathes (a CSS animation, which GTK stops by itself when
 * the system asks for less motion), a dot says whether it is online,
 * paused, outside its hours or working around a failing provider, and a
 * line says how many conversations it is handling and for how long it has
 * been up. The quick actions are plain actions of the window
 * (win.test-chat, win.show-view, win.preferences); the switch's
 * confirmation belongs to the Dashboard. The hero only shows.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "terra-assistant-hero.h"

struct _TerraAssistantHero
{
  GtkWidget   parent_instance;

  /* Template widgets */
  AdwAvatar  *avatar;
  GtkWidget  *status_dot;
  GtkLabel   *name_label;
  GtkLabel   *status_label;
  GtkLabel   *hours_label;
  GtkLabel   *activity_label;
  GtkSwitch  *enabled_switch;
  GtkLabel   *switch_label;

  gint64      n_handling;
  gint64      started_at;
  gint64      first_response_us;
  guint       uptime_source;
};

G_DEFINE_FINAL_TYPE (TerraAssistantHero, terra_assistant_hero, GTK_TYPE_WIDGET)

static const char * const status_classes[] = { "online", "paused", "outside-hours", "failing", "failing" };

static char *
describe_uptime (gint64 started_at)
{
  gint64 minutes = MAX (0, (g_get_real_time () - started_at) / (60 * G_USEC_PER_SEC));

  if (minutes < 1)
    return g_strdup (_("just started"));
  if (minutes < 60)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "up %d minute", "up %d minutes", minutes), (int) minutes);
  if (minutes < 48 * 60)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "up %d hour", "up %d hours", minutes / 60),
                            (int) (minutes / 60));
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "up %d day", "up %d days", minutes / (24 * 60)),
                          (int) (minutes / (24 * 60)));
}

/* "first reply in 40 s (median)", or NULL without one. */
static char *
describe_response (gint64 median_us)
{
  gint64 seconds;

  if (median_us < 0)
    return NULL;
  seconds = (median_us + G_USEC_PER_SEC / 2) / G_USEC_PER_SEC;
  if (seconds < 60)
    return g_strdup_printf (_("first reply in %d s (median)"), (int) seconds);
  if (seconds < 60 * 60)
    return g_strdup_printf (_("first reply in %d min (median)"), (int) ((seconds + 30) / 60));
  return g_strdup_printf (_("first reply in %d h (median)"), (int) ((seconds + 1800) / 3600));
}

static void
update_activity (TerraAssistantHero *self)
{
  g_autofree char *handling =
    g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Handling %d conversation", "Handling %d conversations",
                                  self->n_handling),
                     (int) self->n_handling);
  g_autofree char *uptime = self->started_at > 0 ? describe_uptime (self->started_at) : NULL;
  g_autofree char *response = describe_response (self->first_response_us);
  GString *line = g_string_new (handling);

  if (uptime != NULL)
    g_string_append_printf (line, " · %s", uptime);
  if (response != NULL)
    g_string_append_printf (line, " · %s", response);
  gtk_label_set_label (self->activity_label, line->str);
  g_string_free (line, TRUE);
}

static gboolean
uptime_tick_cb (gpointer user_data)
{
  update_activity (user_data);
  return G_SOURCE_CONTINUE;
}

static void
terra_assistant_hero_dispose (GObject *object)
{
  TerraAssistantHero *self = TERRA_ASSISTANT_HERO (object);

  g_clear_handle_id (&self->uptime_source, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), TERRA_TYPE_ASSISTANT_HERO);

  G_OBJECT_CLASS (terra_assistant_hero_parent_class)->dispose (object);
}

static void
terra_assistant_hero_class_init (TerraAssistantHeroClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = terra_assistant_hero_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "assistant-hero");
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/terrasales/Terra/ui/terra-assistant-hero.ui");
  gtk_widget_class_bind_template_child (widget_class, TerraAssistantHero, avatar);
  gtk_widget_class_bind_template_child (widget_class, TerraAssistantHero, status_dot);
  gtk_widget_class_bind_template_child (widget_class, TerraAssistantHero, name_label);
  gtk_widget_class_bind_template_child (widget_class, TerraAssistantHero, status_label);
  gtk_widget_class_bind_template_child (widget_class, TerraAssistantHero, hours_label);
  gtk_widget_class_bind_template_child (widget_class, TerraAssistantHero, activity_label);
  gtk_widget_class_bind_template_child (widget_class, TerraAssistantHero, enabled_switch);
  gtk_widget_class_bind_template_child (widget_class, TerraAssistantHero, switch_label);
}

static void
terra_assistant_hero_init (TerraAssistantHero *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->first_response_us = -1;
  terra_assistant_hero_set_status (self, TERRA_HERO_ONLINE, NULL);
  update_activity (self);
}

GtkWidget *
terra_assistant_hero_new (void)
{
  return g_object_new (TERRA_TYPE_ASSISTANT_HERO, NULL);
}

void
terra_assistant_hero_set_name (TerraAssistantHero *self,
                               const char         *assistant_name)
{
  g_return_if_fail (TERRA_IS_ASSISTANT_HERO (self));

  if (assistant_name == NULL || *assistant_name == '\0')
    assistant_name = "Terra";
  gtk_label_set_label (self->name_label, assistant_name);
  adw_avatar_set_text (self->avatar, assistant_name);
}

/* The dot's colour and the line beside it; @reason says why a provider
 * fails, and is shown as the line's tooltip and read by screen readers. */
void
terra_assistant_hero_set_status (TerraAssistantHero *self,
                                 TerraHeroStatus     status,
                                 const char         *reason)
{
  const char *text;
  g_autofree char *accessible = NULL;

  g_return_if_fail (TERRA_IS_ASSISTANT_HERO (self));
  g_return_if_fail (status <= TERRA_HERO_SERVICE_OFF);

  switch (status)
    {
    case TERRA_HERO_ONLINE:
      text = _("Online and answering");
      break;
    case TERRA_HERO_PAUSED:
      text = _("Paused — the assistant is not answering");
      break;
    case TERRA_HERO_OUTSIDE_HOURS:
      text = _("Outside working hours — sending the away message");
      break;
    case TERRA_HERO_PROVIDER_FAILING:
      text = _("AI provider failing — the built-in engine is answering");
      break;
    case TERRA_HERO_SERVICE_OFF:
    default:
      /* Not the provider: the web chat or the webhooks may be off (a
       * port in use, a locked keyring); the reason says which. */
      text = _("Answering, but a service is off");
      break;
    }

  for (guint i = 0; i < G_N_ELEMENTS (status_classes); i++)
    gtk_widget_remove_css_class (self->status_dot, status_classes[i]);
  gtk_widget_add_css_class (self->status_dot, status_classes[status]);
  gtk_label_set_label (self->status_label, text);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->status_label), reason);

  /* Breathing is for an assistant at work; a paused one holds still. */
  if (status == TERRA_HERO_PAUSED)
    gtk_widget_remove_css_class (GTK_WIDGET (self->avatar), "breathing");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->avatar), "breathing");

  accessible = reason != NULL && *reason != '\0' ? g_strdup_printf ("%s: %s", text, reason) : g_strdup (text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->status_label),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
}

void
terra_assistant_hero_set_hours (TerraAssistantHero *self,
                                gboolean            working_hours_only,
                                const char         *hours)
{
  g_autofree char *text = NULL;

  g_return_if_fail (TERRA_IS_ASSISTANT_HERO (self));

  if (!working_hours_only)
    text = g_strdup (_("Online 24/7"));
  else if (hours == NULL || *hours == '\0')
    text = g_strdup (_("Answers during opening hours (none are set)"));
  else
    /* Translators: %s lists the opening hours, e.g. "Mon–Fri 09:00–17:00" */
    text = g_strdup_printf (_("Answers during opening hours: %s"), hours);
  gtk_label_set_label (self->hours_label, text);
}

void
terra_assistant_hero_set_first_response (TerraAssistantHero *self,
                                         gint64              median_us)
{
  g_return_if_fail (TERRA_IS_ASSISTANT_HERO (self));

  self->first_response_us = median_us;
  update_activity (self);
}

void
terra_assistant_hero_set_enabled (TerraAssistantHero *self,
                                  gboolean            enabled)
{
  g_return_if_fail (TERRA_IS_ASSISTANT_HERO (self));

  gtk_switch_set_active (self->enabled_switch, enabled);
  gtk_switch_set_state (self->enabled_switch, enabled);
  gtk_label_set_label (self->switch_label, enabled ? _("Answering") : _("Paused"));
}

GtkSwitch *
terra_assistant_hero_get_switch (TerraAssistantHero *self)
{
  g_return_val_if_fail (TERRA_IS_ASSISTANT_HERO (self), NULL);

  return self->enabled_switch;
}

void
terra_assistant_hero_set_handling (TerraAssistantHero *self,
                                   gint64              n_conversations)
{
  g_return_if_fail (TERRA_IS_ASSISTANT_HERO (self));

  self->n_handling = n_conversations;
  update_activity (self);
}

void
terra_assistant_hero_set_started_at (TerraAssistantHero *self,
                                     gint64              started_at)
{
  g_return_if_fail (TERRA_IS_ASSISTANT_HERO (self));

  self->started_at = started_at;
  g_clear_handle_id (&self->uptime_source, g_source_remove);
  /* Minutes are the finest the line shows. */
  if (started_at > 0)
    self->uptime_source = g_timeout_add_seconds (60, uptime_tick_cb, self);
  update_activity (self);
}
