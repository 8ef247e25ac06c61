/* terra-instruction.h — a rule the business gives the assistant
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "terra-types.h"

G_BEGIN_DECLS

#define TERRA_TYPE_INSTRUCTION (terra_instruction_get_type ())

G_DECLARE_FINAL_TYPE (TerraInstruction, terra_instruction, TERRA, INSTRUCTION, GObject)

TerraInstruction    *terra_instruction_new            (void);

gint64               terra_instruction_get_id         (TerraInstruction      *self);
TerraInstructionKind terra_instruction_get_kind       (TerraInstruction      *self);
void                 terra_instruction_set_kind       (TerraInstruction      *self,
                                                       TerraInstructionKind   kind);
/* For "when" rules: the situation the rule applies in. */
const char          *terra_instruction_get_condition  (TerraInstruction      *self);
void                 terra_instruction_set_condition  (TerraInstruction      *self,
                                                       const char            *condition);
const char          *terra_instruction_get_body       (TerraInstruction      *self);
void                 terra_instruction_set_body       (TerraInstruction      *self,
                                                       const char            *body);
/* Higher comes first in the prompt. */
int                  terra_instruction_get_priority   (TerraInstruction      *self);
void                 terra_instruction_set_priority   (TerraInstruction      *self,
                                                       int                    priority);
gboolean             terra_instruction_get_enabled    (TerraInstruction      *self);
void                 terra_instruction_set_enabled    (TerraInstruction      *self,
                                                       gboolean               enabled);
gint64               terra_instruction_get_created_at (TerraInstruction      *self);
gint64               terra_instruction_get_updated_at (TerraInstruction      *self);

G_END_DECLS
