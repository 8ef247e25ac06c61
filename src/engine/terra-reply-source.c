/* terra-reply-source.c — what a reply was made from
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "terra-reply-source.h"

TerraReplySource *
terra_reply_source_new (TerraReplySourceKind  kind,
                        gint64                id,
                        const char           *title)
{
  TerraReplySource *source = g_new0 (TerraReplySource, 1);

  source->kind = kind;
  source->id = id;
  source->title = g_strdup (title != NULL ? title : "");
  return source;
}

void
terra_reply_source_free (TerraReplySource *source)
{
  if (source == NULL)
    return;
  g_free (source->title);
  g_free (source);
}
