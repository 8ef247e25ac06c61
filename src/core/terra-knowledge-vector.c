/* terra-knowledge-vector.c — ranking passages by embedding similarity
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Cosine similarity between the question's embedding and the stored ones
 * of the same length, for the lexical candidates and for the newest
 * passages whose vectors fit in vector_scan_bytes. The scan is capped:
 * reading every stored vector of 50,000 passages costs about 100 ms, while
 * the default covers a typical small business's knowledge base whole. A
 * passage needs a similarity of at least min_similarity to be ranked.
 */

#define G_LOG_DOMAIN "terra-knowledge"

#include "config.h"

#include <math.h>

#include <glib/gi18n-lib.h>

#include "terra-knowledge-private.h"

/* Cosine similarity with a query of unit length. Four running sums let
 * the compiler keep several multiplications in flight. */
static double
cosine (const float *query,
        const float *vector,
        guint        dims)
{
  float dot[4] = { 0 };
  float norm[4] = { 0 };
  double total_dot;
  double total_norm;
  guint i = 0;

  for (; i + 4 <= dims; i += 4)
    for (guint k = 0; k < 4; k++)
      {
        dot[k] += query[i + k] * vector[i + k];
        norm[k] += vector[i + k] * vector[i + k];
      }
  for (; i < dims; i++)
    {
      dot[0] += query[i] * vector[i];
      norm[0] += vector[i] * vector[i];
    }

  total_dot = (double)dot[0] + dot[1] + dot[2] + dot[3];
  total_norm = (double)norm[0] + norm[1] + norm[2] + norm[3];
  return total_norm > 0 ? total_dot / sqrt (total_norm) : 0;
}

/* The similarity of a stored embedding, or FALSE when it has another
 * length (another model, or none yet). */
static gboolean
stored_similarity (TerraStatement *stmt,
                   int             column,
                   const float    *query,
                   guint           dims,
                   float          *buffer,
                   double         *similarity)
{
  const void *blob = sqlite3_column_blob (stmt, column);

  if (blob == NULL || sqlite3_column_bytes (stmt, column) != (int)(dims * sizeof (float)))
    return FALSE;

  _terra_knowledge_read_vector (blob, dims, buffer);
  *similarity = cosine (query, buffer, dims);
  return TRUE;
}

/* The similarity of every lexical candidate, ranked or not: a hit reports
 * it, and one above the threshold joins the vector ranking too. */
static gboolean
score_lexical_candidates (TerraKnowledgeSearch  *search,
                          const float           *query,
                          guint                  dims,
                          float                 *buffer,
                          GError               **error)
{
  for (guint i = 0; i < search->candidates->len; i++)
    {
      TerraKnowledgeCandidate *candidate = g_ptr_array_index (search->candidates, i);
      g_autoptr(TerraStatement) stmt = NULL;
      g_autoptr(GError) local_error = NULL;

      stmt = _terra_store_prepare (search->store, "SELECT embedding FROM knowledge_chunks WHERE id = ?", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, candidate->chunk_id);

      if (_terra_store_step_row (search->store, stmt, _("Could not search the knowledge base"), &local_error))
        stored_similarity (stmt, 0, query, dims, buffer, &candidate->similarity);

      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
    }

  return TRUE;
}

/* Compares the newest passages whose vectors fit in scan_bytes (0: all)
 * with the query. */
static gboolean
scan_vectors (TerraKnowledgeSearch  *search,
              const float           *query,
              guint                  dims,
              gsize                  scan_bytes,
              double                 min_similarity,
              float                 *buffer,
              GError               **error)
{
  g_autoptr(TerraStatement) stmt = NULL;
  g_autoptr(GError) local_error = NULL;
  gint64 limit = scan_bytes > 0 ? (gint64)MAX (1, scan_bytes / (dims * sizeof (float))) : -1;

  stmt = _terra_store_prepare (search->store,
                               "SELECT id, embedding FROM knowledge_chunks WHERE ordinal >= 0 "
                               "ORDER BY id DESC LIMIT ?1",
                               error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, limit);

  while (_terra_store_step_row (search->store, stmt, _("Could not search the knowledge base"), &local_error))
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      double similarity;

      if (g_hash_table_contains (search->by_id, &id) || !_terra_knowledge_search_is_published (search, id))
        continue;
      if (stored_similarity (stmt, 1, query, dims, buffer, &similarity) && similarity >= min_similarity)
        _terra_knowledge_search_get_candidate (search, id)->similarity = similarity;
    }

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  return TRUE;
}

/* Higher similarity first, then the older passage. */
int
_terra_knowledge_compare_by_similarity (gconstpointer a,
                                        gconstpointer b)
{
  const TerraKnowledgeCandidate *ca = *(const TerraKnowledgeCandidate * const *)a;
  const TerraKnowledgeCandidate *cb = *(const TerraKnowledgeCandidate * const *)b;

  if (ca->similarity != cb->similarity)
    return ca->similarity > cb->similarity ? -1 : 1;
  return ca->chunk_id < cb->chunk_id ? -1 : ca->chunk_id > cb->chunk_id;
}

/* The query scaled to unit length, or NULL when it has none. */
static float *
unit_vector (const float *vector,
             guint        dims)
{
  double norm = 0;
  float *unit;

  for (guint i = 0; i < dims; i++)
    norm += (double)vector[i] * vector[i];
  norm = sqrt (norm);
  if (!(norm > 0) || !isfinite (norm))
    return NULL;

  unit = g_new (float, dims);
  for (guint i = 0; i < dims; i++)
    unit[i] = vector[i] / norm;
  return unit;
}

/* Ranks passages by similarity with embedding, setting similarity and
 * vector_rank. */
gboolean
_terra_knowledge_rank_semantic (TerraKnowledgeSearch               *search,
                                const float                        *embedding,
                                guint                               dims,
                                const TerraKnowledgeSearchOptions  *options,
                                GError                            **error)
{
  g_autofree float *query = unit_vector (embedding, dims);
  g_autofree float *buffer = g_new (float, dims);
  g_autoptr(GPtrArray) ranked = g_ptr_array_new ();

  if (query == NULL)
    return TRUE;

  if (!score_lexical_candidates (search, query, dims, buffer, error) ||
      !scan_vectors (search, query, dims, options->vector_scan_bytes, options->min_similarity, buffer, error))
    return FALSE;

  for (guint i = 0; i < search->candidates->len; i++)
    {
      TerraKnowledgeCandidate *candidate = g_ptr_array_index (search->candidates, i);

      if (candidate->similarity >= options->min_similarity)
        g_ptr_array_add (ranked, candidate);
    }

  g_ptr_array_sort (ranked, _terra_knowledge_compare_by_similarity);
  for (guint i = 0; i < ranked->len; i++)
    ((TerraKnowledgeCandidate *)g_ptr_array_index (ranked, i))->vector_rank = i + 1;

  return TRUE;
}

