/* terra-tools.h — the tools the assistant may call, validated and scoped
 * to one conversation
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "terra-provider.h"
#include "terra-scheduler.h"

G_BEGIN_DECLS

/* What a tool call did, for the reply's "actions" and the UI. */
typedef enum
{
  TERRA_ACTION_BOOKED,
  TERRA_ACTION_RESCHEDULED,
  TERRA_ACTION_CANCELLED,
  TERRA_ACTION_LEAD_UPDATED,
  TERRA_ACTION_HANDOFF,
  TERRA_ACTION_FOLLOW_UP,
} TerraActionKind;

typedef struct
{
  TerraActionKind kind;
  gint64          id;      /* the booking, contact, conversation or task */
  char           *detail;  /* a short human-readable summary */
} TerraAction;

void terra_action_free (TerraAction *action);

/* Everything a tool may touch: this conversation's contact and nothing
 * else, whatever the arguments say. */
typedef struct
{
  TerraStore     *store;
  TerraScheduler *scheduler;
  gint64          contact_id;
  gint64          conversation_id;
  gint64          now;
  GPtrArray      *actions;   /* TerraAction, appended by successful calls */
} TerraToolContext;

GPtrArray *terra_tools_get_specs (void);
char      *terra_tools_execute   (const TerraToolContext  *context,
                                  const TerraToolCall     *call,
                                  gboolean                *is_error);

G_END_DECLS
