/* terra-knowledge.h — passages of the knowledge base and their retrieval
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every knowledge item is split into passages ("chunks") of about 500
 * tokens that overlap by about 50, kept in step with the item by the store
 * itself: terra_store_insert() and terra_store_update() of a
 * TerraKnowledgeItem re-chunk it in the same transaction, and deleting the
 * item deletes its passages. Passages of unpublished items are kept (so
 * publishing is instant and their embeddings survive) but never found.
 *
 * Search is lexical (FTS5, BM25) and, when the caller has an embedding of
 * the question, semantic (cosine over the stored embeddings), fused by
 * reciprocal rank. A question that matches nothing relevant gets no hits:
 * the assistant must then say it will check rather than invent an answer.
 *
 * Embeddings are filled in the background by the engine:
 * terra_knowledge_chunks_missing_embeddings() lists the passages without
 * one from the current model, terra_knowledge_set_embedding() stores it.
 * Search compares the question's vector with the stored ones of the same
 * length.
 */
#pragma once

#include "terra-store.h"

G_BEGIN_DECLS

/* The size of a passage and how much of it repeats the previous one, in
 * estimated tokens (see terra_knowledge_estimate_tokens()). */
#define TERRA_KNOWLEDGE_CHUNK_TOKENS   500
#define TERRA_KNOWLEDGE_OVERLAP_TOKENS 50

/* Vector hits below this cosine similarity are noise, not answers. */
#define TERRA_KNOWLEDGE_MIN_SIMILARITY 0.3

/* A passage: what terra_knowledge_split() makes and what
 * terra_knowledge_chunks_missing_embeddings() returns (then with its id
 * and item). */
typedef struct
{
  gint64  id;
  gint64  item_id;
  guint   ordinal;
  guint   token_count;
  char   *text;
} TerraKnowledgeChunk;

void terra_knowledge_chunk_clear (TerraKnowledgeChunk *chunk);

/* One passage found by terra_knowledge_search(). */
typedef struct
{
  gint64                  chunk_id;
  gint64                  item_id;
  TerraKnowledgeCategory  category;
  char                   *title;
  char                   *text;
  double                  bm25;       /* lexical relevance, higher is better; 0: the words did not match */
  double                  similarity; /* cosine with the question's embedding; 0 without one */
  double                  score;      /* reciprocal rank fusion of both: what hits are ordered by */
} TerraKnowledgeHit;

void terra_knowledge_hit_free (TerraKnowledgeHit *hit);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TerraKnowledgeHit, terra_knowledge_hit_free)

/* Tuning a search; terra_knowledge_search() uses the defaults. */
typedef struct
{
  /* Besides the lexical candidates, the newest passages are compared with
   * the question's vector, as many as fit in this many bytes of stored
   * vectors (reading them is what costs); 0 for all of them. */
  gsize  vector_scan_bytes;
  /* Vector-only hits need at least this cosine similarity. */
  double min_similarity;
} TerraKnowledgeSearchOptions;

/* 1,024 passages of 384 dimensions, 256 of 1,536: about 2 ms. */
#define TERRA_KNOWLEDGE_VECTOR_SCAN_BYTES (1536 * 1024)

void        terra_knowledge_search_options_init (TerraKnowledgeSearchOptions *options);

guint       terra_knowledge_estimate_tokens     (const char     *text,
                                                 gssize          length);
GArray     *terra_knowledge_split               (const char     *title,
                                                 const char     *body);

gboolean    terra_knowledge_reindex_item        (TerraStore     *store,
                                                 gint64          item_id,
                                                 GError        **error);
gboolean    terra_knowledge_reindex_all         (TerraStore     *store,
                                                 GError        **error);

GPtrArray  *terra_knowledge_search              (TerraStore     *store,
                                                 const char     *query,
                                                 const float    *query_embedding,
                                                 guint           dims,
                                                 guint           limit,
                                                 GError        **error);
GPtrArray  *terra_knowledge_search_full         (TerraStore     *store,
                                                 const char     *query,
                                                 const float    *query_embedding,
                                                 guint           dims,
                                                 guint           limit,
                                                 const TerraKnowledgeSearchOptions *options,
                                                 GError        **error);

gboolean    terra_knowledge_set_embedding       (TerraStore     *store,
                                                 gint64          chunk_id,
                                                 const float    *vector,
                                                 guint           dims,
                                                 const char     *model,
                                                 GError        **error);
GArray     *terra_knowledge_chunks_missing_embeddings (TerraStore *store,
                                                 const char     *model,
                                                 guint           limit,
                                                 GError        **error);

G_END_DECLS
