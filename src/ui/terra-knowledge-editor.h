/* terra-knowledge-editor.h — writing one knowledge item, and bringing back
 * an earlier version of it
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "terra-workspace.h"

G_BEGIN_DECLS

#define TERRA_TYPE_KNOWLEDGE_EDITOR (terra_knowledge_editor_get_type ())

G_DECLARE_FINAL_TYPE (TerraKnowledgeEditor, terra_knowledge_editor, TERRA, KNOWLEDGE_EDITOR, AdwWindow)

/* Edits the item @item_id, or writes a new item of @category when
 * @item_id is 0. */
GtkWidget *terra_knowledge_editor_new (GtkWindow              *parent,
                                       TerraWorkspace         *workspace,
                                       gint64                  item_id,
                                       TerraKnowledgeCategory  category);

/* Markdown-style helpers on @buffer's selection (or the cursor's line):
 * wraps it in @marker ("**", "_"), or toggles @prefix ("- ", "## ") at
 * the start of each line. Plain functions so tests need no window. */
void       terra_knowledge_editor_wrap_selection (GtkTextBuffer *buffer,
                                                  const char    *marker);
void       terra_knowledge_editor_toggle_prefix  (GtkTextBuffer *buffer,
                                                  const char    *prefix);

G_END_DECLS
