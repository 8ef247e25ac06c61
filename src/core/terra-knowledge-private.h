/* terra-knowledge-private.h — what the knowledge files share
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * terra-knowledge.c keeps the passages in step with the items and stores
 * embeddings; terra-knowledge-chunker.c cuts text into passages;
 * terra-knowledge-query.c turns a question into FTS5 queries;
 * terra-knowledge-search.c ranks passages.
 */
#pragma once

#include "terra-knowledge.h"
#include "terra-store-private.h"

G_BEGIN_DECLS

/* The FTS5 query of each word of text that carries meaning, at most
 * max_terms, in the order typed. Each is safe to pass to MATCH whatever
 * the text holds. */
GPtrArray *_terra_knowledge_query_terms  (const char   *text,
                                          guint         max_terms);

/* Embeddings are stored as little-endian 32-bit floats. */
void       _terra_knowledge_read_vector  (const void   *blob,
                                          guint         dims,
                                          float        *vector);

G_END_DECLS
