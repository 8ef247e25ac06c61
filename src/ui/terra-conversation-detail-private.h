/* terra-conversation-detail-private.h — what the detail's source files
 * share
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * TerraConversationDetail spans terra-conversation-detail.c (showing a
 * conversation, live) and terra-conversation-detail-actions.c (what the
 * owner does in it).
 */
#pragma once

#include <adwaita.h>

#include "terra-conversation-detail.h"
#include "terra-lead-snapshot.h"

G_BEGIN_DECLS

struct _TerraConversationDetail
{
  GtkWidget          parent_instance;

  /* Template widgets */
  GtkStack          *stack;
  GtkWidget         *back_button;
  GtkLabel          *title_label;
  GtkLabel          *subtitle_label;
  GtkWidget         *take_over_button;
  GtkWidget         *hand_back_button;
  GtkToggleButton   *snapshot_button;
  GtkScrolledWindow *messages_scroller;
  GtkListView       *messages_view;
  GtkTextView       *composer_view;
  GtkWidget         *send_button;
  TerraLeadSnapshot *snapshot;

  /* Owned */
  TerraWorkspace    *workspace;
  GListStore        *items;        /* TerraMessage and TerraEventRecord, by time */
  TerraConversation *conversation; /* NULL when none is shown */
  TerraContact      *contact;
  guint              reload_source;
  gboolean           stick_to_bottom;
};

void  _terra_conversation_detail_reload        (TerraConversationDetail *self);
void  _terra_conversation_detail_report        (TerraConversationDetail *self,
                                                const char              *message);
void  _terra_conversation_detail_class_actions (GtkWidgetClass          *widget_class);
void  _terra_conversation_detail_update_actions (TerraConversationDetail *self);

G_END_DECLS
