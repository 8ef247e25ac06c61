/* terra-sse-parser.h — incremental Server-Sent Events framing
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Bytes go in as they arrive, split anywhere; whole events come out. The
 * framing follows the HTML standard's event-stream rules, which is what the
 * LLM providers' own SDKs accept: lines end in "\n", "\r\n" or "\r"; a blank
 * line ends an event; lines starting with ":" are comments (keep-alives);
 * several "data:" lines join with "\n"; one space after the colon is
 * stripped; an event without data is not an event.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  char *event;  /* the "event:" name; "message" when none was given */
  char *data;   /* the "data:" lines joined with "\n" */
  char *id;     /* the last "id:" seen; NULL when none */
} TerraSseEvent;

typedef struct _TerraSseParser TerraSseParser;

TerraSseParser *terra_sse_parser_new    (void);
void            terra_sse_parser_free   (TerraSseParser *self);
void            terra_sse_parser_feed   (TerraSseParser *self,
                                         const char     *data,
                                         gsize           length);
gboolean        terra_sse_parser_finish (TerraSseParser *self);
TerraSseEvent  *terra_sse_parser_next   (TerraSseParser *self);

void            terra_sse_event_free    (TerraSseEvent  *event);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TerraSseParser, terra_sse_parser_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TerraSseEvent, terra_sse_event_free)

G_END_DECLS
