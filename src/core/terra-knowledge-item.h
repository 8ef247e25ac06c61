/* terra-knowledge-item.h — a piece of business knowledge the assistant answers from
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "terra-types.h"

G_BEGIN_DECLS

#define TERRA_TYPE_KNOWLEDGE_ITEM (terra_knowledge_item_get_type ())

G_DECLARE_FINAL_TYPE (TerraKnowledgeItem, terra_knowledge_item, TERRA, KNOWLEDGE_ITEM, GObject)

TerraKnowledgeItem    *terra_knowledge_item_new            (void);

gint64                 terra_knowledge_item_get_id         (TerraKnowledgeItem      *self);
TerraKnowledgeCategory terra_knowledge_item_get_category   (TerraKnowledgeItem      *self);
void                   terra_knowledge_item_set_category   (TerraKnowledgeItem      *self,
                                                            TerraKnowledgeCategory   category);
const char            *terra_knowledge_item_get_title      (TerraKnowledgeItem      *self);
void                   terra_knowledge_item_set_title      (TerraKnowledgeItem      *self,
                                                            const char              *title);
const char            *terra_knowledge_item_get_body       (TerraKnowledgeItem      *self);
void                   terra_knowledge_item_set_body       (TerraKnowledgeItem      *self,
                                                            const char              *body);
/* Only published items reach the assistant. */
gboolean               terra_knowledge_item_get_published  (TerraKnowledgeItem      *self);
void                   terra_knowledge_item_set_published  (TerraKnowledgeItem      *self,
                                                            gboolean                 published);
/* Starts at 1; the store bumps it when the title or body changes. */
int                    terra_knowledge_item_get_version    (TerraKnowledgeItem      *self);
gint64                 terra_knowledge_item_get_created_at (TerraKnowledgeItem      *self);
gint64                 terra_knowledge_item_get_updated_at (TerraKnowledgeItem      *self);

G_END_DECLS
