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

/* How many of the latest messages a conversation opens with, and how many
 * more each "Show Earlier Messages" adds. GTK 4.8's list view builds a row
 * for up to 200 items around what it shows, so a list of 2,000 would build
 * 200 bubbles to show ten; the earlier ones are a click away. */
#define WINDOW_ITEMS 30
#define EARLIER_STEP 100

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
  GtkWidget         *earlier_button;

  /* Owned */
  TerraWorkspace    *workspace;
  GPtrArray         *all_items;    /* TerraMessage and TerraEventRecord, by time */
  guint              shown_from;   /* the first of all_items that items shows */
  GListStore        *items;        /* what the list shows: all_items from shown_from */
  TerraConversation *conversation; /* NULL when none is shown */
  TerraContact      *contact;
  guint              reload_source;
  gboolean           stick_to_bottom;
};

void  _terra_conversation_detail_reload        (TerraConversationDetail *self);
void  _terra_conversation_detail_show_items    (TerraConversationDetail *self);
void  _terra_conversation_detail_report        (TerraConversationDetail *self,
                                                const char              *message);
void  _terra_conversation_detail_class_actions (GtkWidgetClass          *widget_class);
void  _terra_conversation_detail_update_actions (TerraConversationDetail *self);

G_END_DECLS
