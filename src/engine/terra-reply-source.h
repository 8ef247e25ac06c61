/* terra-reply-source.h — what a reply was made from
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Training view shows, under each test-chat reply, the knowledge
 * passages and the owner's instructions the engine put before the model
 * (or the passage the built-in engine answered from), so the owner can
 * see why it said what it said.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  TERRA_REPLY_SOURCE_KNOWLEDGE,   /* id: a knowledge item */
  TERRA_REPLY_SOURCE_INSTRUCTION, /* id: an instruction */
} TerraReplySourceKind;

typedef struct
{
  TerraReplySourceKind  kind;
  gint64                id;
  char                 *title;    /* the item's title, or the instruction's text */
} TerraReplySource;

TerraReplySource *terra_reply_source_new  (TerraReplySourceKind  kind,
                                           gint64                id,
                                           const char           *title);
void              terra_reply_source_free (TerraReplySource     *source);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TerraReplySource, terra_reply_source_free)

G_END_DECLS
