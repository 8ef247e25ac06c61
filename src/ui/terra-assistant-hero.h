/* terra-assistant-hero.h — the Dashboard's head: the assistant, alive
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

typedef enum
{
  TERRA_HERO_ONLINE,
  TERRA_HERO_PAUSED,          /* the owner switched the assistant off */
  TERRA_HERO_OUTSIDE_HOURS,   /* it answers with the away message now */
  TERRA_HERO_PROVIDER_FAILING, /* the LLM fails; the fallback answers */
  TERRA_HERO_SERVICE_OFF       /* it answers, but a service (the server, say) could not start */
} TerraHeroStatus;

#define TERRA_TYPE_ASSISTANT_HERO (terra_assistant_hero_get_type ())

G_DECLARE_FINAL_TYPE (TerraAssistantHero, terra_assistant_hero, TERRA, ASSISTANT_HERO, GtkWidget)

GtkWidget *terra_assistant_hero_new            (void);
void       terra_assistant_hero_set_name       (TerraAssistantHero *self,
                                                const char         *assistant_name);
void       terra_assistant_hero_set_status     (TerraAssistantHero *self,
                                                TerraHeroStatus     status,
                                                const char         *reason);
/* @hours describes the opening hours ("Mon–Fri 09:00–17:00"); shown when
 * @working_hours_only, else "Online 24/7". */
void       terra_assistant_hero_set_hours      (TerraAssistantHero *self,
                                                gboolean            working_hours_only,
                                                const char         *hours);
/* The median delay to the first reply, µs; -1 when there is none yet. */
void       terra_assistant_hero_set_first_response (TerraAssistantHero *self,
                                                gint64              median_us);
/* Moves the switch without asking anything (the setting changed). */
void       terra_assistant_hero_set_enabled    (TerraAssistantHero *self,
                                                gboolean            enabled);
/* The owner's switch; its "state-set" is the Dashboard's to handle. */
GtkSwitch *terra_assistant_hero_get_switch     (TerraAssistantHero *self);
void       terra_assistant_hero_set_handling   (TerraAssistantHero *self,
                                                gint64              n_conversations);
/* When the engine started (µs since the epoch), for the uptime; 0 when it
 * is not running. */
void       terra_assistant_hero_set_started_at (TerraAssistantHero *self,
                                                gint64              started_at);

G_END_DECLS
