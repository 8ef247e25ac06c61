/* terra-knowledge-search.c — ranking passages for a question
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Two rankings (terra-knowledge-lexical.c, terra-knowledge-vector.c),
 * fused by reciprocal rank: score = Σ 1 / (60 + rank) over the lists a
 * passage is in. Only passages of published items are ranked, and a
 * passage must pass the threshold of one list (a meaningful word of the
 * question, or a cosine similarity of at least min_similarity) to be in
 * it, so an unrelated question gets no hits. Ties are broken by lexical
 * score, then similarity, then the older passage, so results are stable.
 */

#define G_LOG_DOMAIN "terra-knowledge"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "terra-enums.h"
#include "terra-knowledge-private.h"

#define RRF_K 60.0

static void
search_clear (TerraKnowledgeSearch *search)
{
  g_clear_pointer (&search->unpublished, g_array_unref);
  g_clear_pointer (&search->terms, g_ptr_array_unref);
  g_clear_pointer (&search->by_id, g_hash_table_unref);
  g_clear_pointer (&search->candidates, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (TerraKnowledgeSearch, search_clear)

/* "'company', 'products', …": every category, so that the query below can
 * use the (category, published) index. */
static const char *
unpublished_chunks_sql (void)
{
  static char *sql;
  static gsize initialized;

  if (g_once_init_enter (&initialized))
    {
      g_autoptr(GEnumClass) klass = g_type_class_ref (TERRA_TYPE_KNOWLEDGE_CATEGORY);
      g_autoptr(GString) text = g_string_new ("SELECT c.id FROM knowledge_items i "
                                              "JOIN knowledge_chunks c ON c.item_id = i.id "
                                              "WHERE i.published = 0 AND i.category IN (");

      for (guint i = 0; i < klass->n_values; i++)
        g_string_append_printf (text, "%s'%s'", i > 0 ? ", " : "", klass->values[i].value_nick);
      g_string_append_c (text, ')');
      sql = g_string_free (g_steal_pointer (&text), FALSE);
      g_once_init_leave (&initialized, 1);
    }

  return sql;
}

static int
compare_ids (gconstpointer a,
             gconstpointer b)
{
  gint64 ia = *(const gint64 *)a;
  gint64 ib = *(const gint64 *)b;

  return ia < ib ? -1 : ia > ib;
}

/* The passages of unpublished items: few in practice, and knowing them
 * up front keeps them out of the ranking at little cost per candidate. */
static gboolean
load_unpublished (TerraKnowledgeSearch  *search,
                  GError               **error)
{
  g_autoptr(TerraStatement) stmt = NULL;
  g_autoptr(GError) local_error = NULL;

  search->unpublished = g_array_new (FALSE, FALSE, sizeof (gint64));

  stmt = _terra_store_prepare (search->store, unpublished_chunks_sql (), error);
  if (stmt == NULL)
    return FALSE;

  while (_terra_store_step_row (search->store, stmt, _("Could not search the knowledge base"), &local_error))
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (search->unpublished, id);
    }

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  g_array_sort (search->unpublished, compare_ids);
  return TRUE;
}

/* Whether a passage belongs to a published item. */
gboolean
_terra_knowledge_search_is_published (TerraKnowledgeSearch *search,
                                      gint64                chunk_id)
{
  return search->unpublished->len == 0 ||
         !g_array_binary_search (search->unpublished, &chunk_id, compare_ids, NULL);
}

/* The candidate of a passage, made at its first mention. */
TerraKnowledgeCandidate *
_terra_knowledge_search_get_candidate (TerraKnowledgeSearch *search,
                                       gint64                chunk_id)
{
  TerraKnowledgeCandidate *candidate = g_hash_table_lookup (search->by_id, &chunk_id);

  if (candidate == NULL)
    {
      candidate = g_new0 (TerraKnowledgeCandidate, 1);
      candidate->chunk_id = chunk_id;
      g_ptr_array_add (search->candidates, candidate);
      g_hash_table_insert (search->by_id, &candidate->chunk_id, candidate);
    }

  return candidate;
}

static int
compare_fused (gconstpointer a,
               gconstpointer b)
{
  const TerraKnowledgeCandidate *ca = *(const TerraKnowledgeCandidate * const *)a;
  const TerraKnowledgeCandidate *cb = *(const TerraKnowledgeCandidate * const *)b;

  if (ca->score != cb->score)
    return ca->score > cb->score ? -1 : 1;
  if (ca->bm25 != cb->bm25)
    return ca->bm25 > cb->bm25 ? -1 : 1;
  return _terra_knowledge_compare_by_similarity (a, b);
}

/* Reads a ranked passage; *hit stays NULL if its item was unpublished or
 * deleted after the ranking began (within a caller's transaction). */
static gboolean
load_hit (TerraKnowledgeSearch           *search,
          const TerraKnowledgeCandidate  *candidate,
          TerraKnowledgeHit             **hit,
          GError                        **error)
{
  g_autoptr(TerraStatement) stmt = NULL;
  g_autoptr(GError) local_error = NULL;
  int category = TERRA_KNOWLEDGE_FAQ;

  stmt = _terra_store_prepare (search->store,
                               "SELECT c.item_id, c.text, i.title, i.category "
                               "FROM knowledge_chunks c JOIN knowledge_items i ON i.id = c.item_id "
                               "WHERE c.id = ? AND c.ordinal >= 0 AND i.published = 1",
                               error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, candidate->chunk_id);

  if (!_terra_store_step_row (search->store, stmt, _("Could not search the knowledge base"), &local_error))
    {
      if (local_error == NULL)
        return TRUE;
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  terra_enum_from_nick (TERRA_TYPE_KNOWLEDGE_CATEGORY, (const char *)sqlite3_column_text (stmt, 3), &category);
  *hit = g_new0 (TerraKnowledgeHit, 1);
  (*hit)->chunk_id = candidate->chunk_id;
  (*hit)->item_id = sqlite3_column_int64 (stmt, 0);
  (*hit)->text = g_strdup ((const char *)sqlite3_column_text (stmt, 1));
  (*hit)->title = g_strdup ((const char *)sqlite3_column_text (stmt, 2));
  (*hit)->category = category;
  (*hit)->bm25 = candidate->bm25;
  (*hit)->similarity = candidate->similarity;
  (*hit)->score = candidate->score;
  return TRUE;
}

static GPtrArray *
collect_hits (TerraKnowledgeSearch  *search,
              GError               **error)
{
  g_autoptr(GPtrArray) hits = g_ptr_array_new_with_free_func ((GDestroyNotify)terra_knowledge_hit_free);

  for (guint i = 0; i < search->candidates->len; i++)
    {
      TerraKnowledgeCandidate *candidate = g_ptr_array_index (search->candidates, i);

      candidate->score = (candidate->lexical_rank > 0 ? 1.0 / (RRF_K + candidate->lexical_rank) : 0) +
                         (candidate->vector_rank > 0 ? 1.0 / (RRF_K + candidate->vector_rank) : 0);
    }
  g_ptr_array_sort (search->candidates, compare_fused);

  for (guint i = 0; i < search->candidates->len && hits->len < search->limit; i++)
    {
      TerraKnowledgeCandidate *candidate = g_ptr_array_index (search->candidates, i);
      TerraKnowledgeHit *hit = NULL;

      /* Not ranked by either list: below every threshold. */
      if (candidate->score <= 0)
        break;
      if (!load_hit (search, candidate, &hit, error))
        return NULL;
      if (hit != NULL)
        g_ptr_array_add (hits, hit);
    }

  return g_steal_pointer (&hits);
}

static GPtrArray *
run_search (TerraKnowledgeSearch               *search,
            const char                         *query,
            const float                        *embedding,
            guint                               dims,
            const TerraKnowledgeSearchOptions  *options,
            GError                            **error)
{
  search->candidates = g_ptr_array_new_with_free_func (g_free);
  search->by_id = g_hash_table_new (g_int64_hash, g_int64_equal);

  if (!load_unpublished (search, error) || !_terra_knowledge_rank_lexical (search, query, error))
    return NULL;
  if (embedding != NULL && !_terra_knowledge_rank_semantic (search, embedding, dims, options, error))
    return NULL;

  return collect_hits (search, error);
}

/**
 * terra_knowledge_search_full:
 * @query: (nullable): the question as the lead wrote it
 * @query_embedding: (nullable) (array length=dims): its embedding, if the
 *   engine has an embedding model; compared with passages embedded with
 *   the same number of dimensions
 * @limit: the most passages wanted
 * @options: (nullable): tuning; %NULL for the defaults
 *
 * Finds the passages of published knowledge that answer @query, best
 * first. An empty array means nothing in the knowledge base is relevant.
 * Runs in one read snapshot unless the caller has a transaction.
 *
 * Returns: (transfer full) (element-type TerraKnowledgeHit): the hits
 */
GPtrArray *
terra_knowledge_search_full (TerraStore                         *store,
                             const char                         *query,
                             const float                        *query_embedding,
                             guint                               dims,
                             guint                               limit,
                             const TerraKnowledgeSearchOptions  *options,
                             GError                            **error)
{
  g_auto(TerraKnowledgeSearch) search = { store, limit };
  TerraKnowledgeSearchOptions defaults;
  gboolean own_snapshot;
  GPtrArray *hits;

  g_return_val_if_fail (TERRA_IS_STORE (store), NULL);
  g_return_val_if_fail (query_embedding == NULL || dims > 0, NULL);
  g_return_val_if_fail (limit > 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (options == NULL)
    {
      terra_knowledge_search_options_init (&defaults);
      options = &defaults;
    }

  own_snapshot = !terra_store_in_transaction (store);
  if (own_snapshot && !terra_store_begin_read (store, error))
    return NULL;

  hits = run_search (&search, query, query_embedding, dims, options, error);

  if (own_snapshot)
    terra_store_rollback (store);
  return hits;
}

/* terra_knowledge_search_full() with the default options. */
GPtrArray *
terra_knowledge_search (TerraStore   *store,
                        const char   *query,
                        const float  *query_embedding,
                        guint         dims,
                        guint         limit,
                        GError      **error)
{
  return terra_knowledge_search_full (store, query, query_embedding, dims, limit, NULL, error);
}
