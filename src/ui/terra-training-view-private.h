/* terra-training-view-private.h — what the Training view's files share
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The view spans terra-training-view.c (the frame, refreshes, actions),
 * -knowledge.c (the knowledge groups), -instructions.c (the rules and
 * their editor) and -log.c (grades and confidence).
 */
#pragma once

#include <adwaita.h>

#include "terra-test-chat.h"
#include "terra-training-view.h"

G_BEGIN_DECLS

struct _TerraTrainingView
{
  GtkWidget            parent_instance;

  /* Template widgets */
  AdwToastOverlay     *toast_overlay;
  AdwViewStack        *stack;
  GtkSearchEntry      *knowledge_search;
  AdwPreferencesGroup *knowledge_group;
  AdwPreferencesGroup *instructions_group;
  AdwPreferencesGroup *confidence_group;
  AdwPreferencesGroup *log_group;
  TerraTestChat       *test_chat;

  /* Owned */
  TerraWorkspace      *workspace;
  GPtrArray           *knowledge_rows;    /* the rows added to each group, */
  GPtrArray           *instruction_rows;  /* removed on the next refresh */
  GPtrArray           *confidence_rows;
  GPtrArray           *log_rows;
  GHashTable          *expanded;          /* category → TRUE when its row is open */
  guint                refresh_source;
  gboolean             knowledge_dirty;
  gboolean             instructions_dirty;
  gboolean             log_dirty;
};

/* The categories in the order the view shows them. */
extern const TerraKnowledgeCategory _terra_training_categories[5];

const char *_terra_training_category_title    (TerraKnowledgeCategory  category);
void        _terra_training_view_toast        (TerraTrainingView      *self,
                                               const char             *title);
void        _terra_training_view_clear_rows   (AdwPreferencesGroup    *group,
                                               GPtrArray              *rows);
GtkWindow  *_terra_training_view_get_window   (TerraTrainingView      *self);

void        _terra_training_view_refresh_knowledge    (TerraTrainingView *self);
void        _terra_training_view_refresh_instructions (TerraTrainingView *self);
void        _terra_training_view_refresh_log          (TerraTrainingView *self);

void        _terra_training_view_delete_knowledge     (TerraTrainingView *self,
                                                       gint64             item_id);
void        _terra_training_view_edit_instruction     (TerraTrainingView *self,
                                                       gint64             instruction_id);
void        _terra_training_view_move_instruction     (TerraTrainingView *self,
                                                       gint64             instruction_id,
                                                       int                direction);
void        _terra_training_view_delete_instruction   (TerraTrainingView *self,
                                                       gint64             instruction_id);

/* Confidence in one category, 0–100: see terra-training-view-log.c. */
int         _terra_training_confidence (gint64 published_items,
                                        gint64 good_grades,
                                        gint64 bad_grades);

G_END_DECLS
