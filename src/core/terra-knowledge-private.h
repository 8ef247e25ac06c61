/* terra-knowledge-private.h — what the knowledge files share
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * terra-knowledge.c keeps the passages in step with the items and stores
 * embeddings; terra-knowledge-chunker.c cuts text into passages;
 * terra-knowledge-query.c turns a question into FTS5 queries;
 * terra-knowledge-search.c ranks passages with terra-knowledge-lexical.c
 * and terra-knowledge-vector.c.
 */
#pragma once

#include "terra-knowledge.h"
#include "terra-store-private.h"

G_BEGIN_DECLS

/* One question being ranked: what terra-knowledge-search.c,
 * terra-knowledge-lexical.c and terra-knowledge-vector.c share. */
typedef struct
{
  gint64 chunk_id;
  double bm25;
  double similarity;
  guint  lexical_rank; /* from 1; 0 when not in the lexical list */
  guint  vector_rank;  /* from 1; 0 when not in the vector list */
  double score;
} TerraKnowledgeCandidate;

typedef struct
{
  TerraStore *store;
  guint       limit;
  GArray     *unpublished;    /* sorted chunk ids (gint64) of unpublished items */
  GPtrArray  *candidates;     /* TerraKnowledgeCandidate */
  GHashTable *by_id;          /* &candidate->chunk_id → candidate */

  /* The lexical ranking's */
  GPtrArray  *terms;
  double      n_passages;
  double      average_length; /* in FTS5 tokens */
} TerraKnowledgeSearch;

gboolean                 _terra_knowledge_search_is_published  (TerraKnowledgeSearch  *search,
                                                                gint64                 chunk_id);
TerraKnowledgeCandidate *_terra_knowledge_search_get_candidate (TerraKnowledgeSearch  *search,
                                                                gint64                 chunk_id);
gboolean                 _terra_knowledge_rank_lexical         (TerraKnowledgeSearch  *search,
                                                                const char            *text,
                                                                GError               **error);
gboolean                 _terra_knowledge_rank_semantic        (TerraKnowledgeSearch  *search,
                                                                const float           *embedding,
                                                                guint                  dims,
                                                                const TerraKnowledgeSearchOptions *options,
                                                                GError               **error);
int                      _terra_knowledge_compare_by_similarity (gconstpointer         a,
                                                                gconstpointer          b);

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
