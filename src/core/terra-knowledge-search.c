/* terra-knowledge-search.c — ranking passages for a question
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Two rankings, fused by reciprocal rank (score = Σ 1 / (60 + rank)):
 *
 * - Lexical: BM25 over the FTS5 index. Each meaningful word of the question
 *   is looked up on its own (terra-knowledge-query.c), which also tells how
 *   common it is. A word found in more than COMMON_DF passages is treated as
 *   a stop-word of this knowledge base when the question has rarer words
 *   that match: its BM25 weight is small there, and scoring its thousands
 *   of passages would cost more than everything else. Passages are first
 *   ranked without length normalisation (FTS5 gives term counts cheaply but
 *   each passage length costs a lookup), then the best few are re-scored
 *   with full BM25. A passage must match at least one meaningful word.
 *
 * - Semantic, when the caller has an embedding of the question: cosine
 *   similarity with the stored embeddings of the same length, for the
 *   lexical candidates and for the newest vector_scan_limit passages (a
 *   capped scan: reading every stored vector of a large knowledge base
 *   costs tens of milliseconds). A passage found only this way needs a
 *   similarity of at least min_similarity.
 *
 * Only passages of published items are ranked. Ties are broken by lexical
 * score, then similarity, then the older passage, so results are stable.
 */

#define G_LOG_DOMAIN "terra-knowledge"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "terra-enums.h"
#include "terra-knowledge-private.h"

/* A longer question is mostly noise; its first words are kept. */
#define MAX_TERMS 16

/* See above: words in more passages than this are this knowledge base's
 * stop-words when rarer words match. Below this size nothing is dropped. */
#define COMMON_DF 2500

#define RRF_K 60.0
#define BM25_K1 1.2
#define BM25_B 0.75

/* How many of the best lexical candidates are re-scored with their
 * lengths, at least. */
#define MIN_RESCORED 32

typedef struct
{
  gint64 rowid;
  guint  tf;
} Posting;

typedef struct
{
  char   *query;    /* one FTS5 query */
  GArray *postings; /* Posting, by rowid; NULL when the word is ignored */
  double  idf;
} Term;

typedef struct
{
  gint64 chunk_id;
  double bm25;
  double similarity;
  guint  lexical_rank; /* from 1; 0 when not ranked */
  guint  vector_rank;
  double score;
} Candidate;

typedef struct
{
  TerraStore  *store;
  guint        limit;
  GHashTable  *unpublished; /* chunk ids (gint64 *) of unpublished items */
  GPtrArray   *terms;       /* Term */
  double       n_passages;
  double       average_length;
  GPtrArray   *candidates;  /* Candidate */
  GHashTable  *by_id;       /* &candidate->chunk_id → candidate */
} Search;

static void
term_free (Term *term)
{
  g_free (term->query);
  g_clear_pointer (&term->postings, g_array_unref);
  g_free (term);
}

static void
search_clear (Search *search)
{
  g_clear_pointer (&search->unpublished, g_hash_table_unref);
  g_clear_pointer (&search->terms, g_ptr_array_unref);
  g_clear_pointer (&search->by_id, g_hash_table_unref);
  g_clear_pointer (&search->candidates, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Search, search_clear)

/* The FTS5 helper terra_knowledge_fts (knowledge_chunks_fts, what):
 * 0 the number of times the query's phrases occur in the row, 1 the row's
 * length in tokens, 2 the number of rows, 3 the tokens of all rows. */
static void
fts_function (const Fts5ExtensionApi  *api,
              Fts5Context             *fts,
              sqlite3_context         *context,
              int                      n_values,
              sqlite3_value          **values)
{
  int what = n_values > 0 ? sqlite3_value_int (values[0]) : 0;
  sqlite3_int64 number = 0;
  int size = 0;
  int rc = SQLITE_OK;

  if (what == 0)
    {
      for (int phrase = 0; phrase < api->xPhraseCount (fts); phrase++)
        {
          Fts5PhraseIter iter;
          int column, offset;

          for (api->xPhraseFirst (fts, phrase, &iter, &column, &offset);
               column >= 0;
               api->xPhraseNext (fts, &iter, &column, &offset))
            number++;
        }
    }
  else if (what == 1)
    {
      rc = api->xColumnSize (fts, 0, &size);
      number = size;
    }
  else if (what == 2)
    rc = api->xRowCount (fts, &number);
  else
    rc = api->xColumnTotalSize (fts, 0, &number);

  if (rc != SQLITE_OK)
    sqlite3_result_error_code (context, rc);
  else
    sqlite3_result_int64 (context, number);
}

/* Registers terra_knowledge_fts() on the store's connection, once. */
static gboolean
ensure_fts_function (TerraStore  *store,
                     GError     **error)
{
  static GQuark registered;
  g_autoptr(TerraStatement) stmt = NULL;
  fts5_api *api = NULL;
  int rc;

  if (registered == 0)
    registered = g_quark_from_static_string ("terra-knowledge-fts-function");
  if (g_object_get_qdata (G_OBJECT (store), registered) != NULL)
    return TRUE;

  stmt = _terra_store_prepare (store, "SELECT fts5 (?1)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_pointer (stmt, 1, &api, "fts5_api_ptr", NULL);
  if (!_terra_store_step_done (store, stmt, _("Could not prepare the knowledge search"), error))
    return FALSE;

  rc = api != NULL && api->iVersion >= 2
       ? api->xCreateFunction (api, "terra_knowledge_fts", NULL, fts_function, NULL)
       : SQLITE_ERROR;
  if (rc != SQLITE_OK)
    {
      _terra_store_set_error (store, error, rc, _("Could not prepare the knowledge search"));
      return FALSE;
    }

  g_object_set_qdata (G_OBJECT (store), registered, GINT_TO_POINTER (1));
  return TRUE;
}

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

/* The passages of unpublished items: few in practice, and knowing them
 * up front keeps them out of the ranking at no cost per candidate. */
static gboolean
load_unpublished (Search  *search,
                  GError **error)
{
  g_autoptr(TerraStatement) stmt = NULL;
  g_autoptr(GError) local_error = NULL;

  search->unpublished = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);

  stmt = _terra_store_prepare (search->store, unpublished_chunks_sql (), error);
  if (stmt == NULL)
    return FALSE;

  while (_terra_store_step_row (search->store, stmt, _("Could not search the knowledge base"), &local_error))
    g_hash_table_add (search->unpublished, g_memdup2 (&(gint64) { sqlite3_column_int64 (stmt, 0) }, sizeof (gint64)));

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  return TRUE;
}

static gboolean
is_published (Search *search,
              gint64  chunk_id)
{
  return g_hash_table_size (search->unpublished) == 0 ||
         !g_hash_table_contains (search->unpublished, &chunk_id);
}

/* The number of passages and their average length, in FTS5 tokens. */
static gboolean
load_statistics (Search  *search,
                 GError **error)
{
  g_autoptr(TerraStatement) stmt = NULL;
  g_autoptr(GError) local_error = NULL;

  stmt = _terra_store_prepare (search->store,
                               "SELECT terra_knowledge_fts (knowledge_chunks_fts, 2), "
                               "terra_knowledge_fts (knowledge_chunks_fts, 3) "
                               "FROM knowledge_chunks_fts LIMIT 1",
                               error);
  if (stmt == NULL)
    return FALSE;

  if (_terra_store_step_row (search->store, stmt, _("Could not search the knowledge base"), &local_error))
    {
      search->n_passages = sqlite3_column_int64 (stmt, 0);
      search->average_length = search->n_passages > 0
                               ? sqlite3_column_int64 (stmt, 1) / search->n_passages
                               : 0;
    }

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  return TRUE;
}

static int
compare_postings (gconstpointer a,
                  gconstpointer b)
{
  gint64 ra = ((const Posting *)a)->rowid;
  gint64 rb = ((const Posting *)b)->rowid;

  return ra < rb ? -1 : ra > rb;
}

/* Reads where a term occurs, at most cap passages (0: all). */
static GArray *
fetch_postings (Search      *search,
                const Term  *term,
                guint        cap,
                GError     **error)
{
  g_autoptr(TerraStatement) stmt = NULL;
  g_autoptr(GArray) postings = g_array_new (FALSE, FALSE, sizeof (Posting));
  g_autoptr(GError) local_error = NULL;
  gboolean sorted = TRUE;

  stmt = _terra_store_prepare (search->store,
                               "SELECT rowid, terra_knowledge_fts (knowledge_chunks_fts, 0) "
                               "FROM knowledge_chunks_fts WHERE knowledge_chunks_fts MATCH ?1 LIMIT ?2",
                               error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, term->query, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, cap > 0 ? (gint64)cap : -1);

  while (_terra_store_step_row (search->store, stmt, _("Could not search the knowledge base"), &local_error))
    {
      Posting posting = { sqlite3_column_int64 (stmt, 0), sqlite3_column_int (stmt, 1) };

      if (postings->len > 0 && g_array_index (postings, Posting, postings->len - 1).rowid > posting.rowid)
        sorted = FALSE;
      g_array_append_val (postings, posting);
    }

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  /* FTS5 answers in rowid order; the merge below depends on it. */
  if (!sorted)
    g_array_sort (postings, compare_postings);
  return g_steal_pointer (&postings);
}

/* Looks every word up, capped at COMMON_DF + 1 passages; then ignores the
 * common words if rarer ones matched, else looks those up in full. */
static gboolean
load_postings (Search  *search,
               GError **error)
{
  gboolean rare_matched = FALSE;
  gboolean any_common = FALSE;

  for (guint i = 0; i < search->terms->len; i++)
    {
      Term *term = g_ptr_array_index (search->terms, i);

      if ((term->postings = fetch_postings (search, term, COMMON_DF + 1, error)) == NULL)
        return FALSE;
      if (term->postings->len > COMMON_DF)
        any_common = TRUE;
      else if (term->postings->len > 0)
        rare_matched = TRUE;
    }

  for (guint i = 0; any_common && i < search->terms->len; i++)
    {
      Term *term = g_ptr_array_index (search->terms, i);

      if (term->postings->len <= COMMON_DF)
        continue;
      g_clear_pointer (&term->postings, g_array_unref);
      if (!rare_matched && (term->postings = fetch_postings (search, term, 0, error)) == NULL)
        return FALSE;
    }

  return TRUE;
}

static void
compute_idf (Search *search)
{
  for (guint i = 0; i < search->terms->len; i++)
    {
      Term *term = g_ptr_array_index (search->terms, i);
      double df = term->postings ? term->postings->len : 0;

      /* BM25's idf, kept positive for words in most passages. */
      term->idf = log (1.0 + (search->n_passages - df + 0.5) / (df + 0.5));
    }
}

static double
bm25_part (const Term *term,
           guint       tf,
           double      length_ratio)
{
  double norm = BM25_K1 * (1.0 - BM25_B + BM25_B * length_ratio);

  return term->idf * tf * (BM25_K1 + 1.0) / (tf + norm);
}

/* A min-heap of the best candidates found so far: the root is the worst,
 * the one a better candidate replaces. */
typedef struct
{
  gint64 rowid;
  double score;
} Scored;

static gboolean
scored_worse (const Scored *a,
              const Scored *b)
{
  return a->score < b->score || (a->score == b->score && a->rowid > b->rowid);
}

static void
heap_sift_down (Scored *heap,
                guint   n,
                guint   i)
{
  for (;;)
    {
      guint worst = i;
      guint left = 2 * i + 1;
      guint right = left + 1;
      Scored swap;

      if (left < n && scored_worse (&heap[left], &heap[worst]))
        worst = left;
      if (right < n && scored_worse (&heap[right], &heap[worst]))
        worst = right;
      if (worst == i)
        return;
      swap = heap[i];
      heap[i] = heap[worst];
      heap[worst] = swap;
      i = worst;
    }
}

static void
heap_push (GArray *heap,
           guint   capacity,
           Scored  scored)
{
  Scored *items = (Scored *)(gpointer)heap->data;

  if (heap->len < capacity)
    {
      guint i = heap->len;

      g_array_append_val (heap, scored);
      items = (Scored *)(gpointer)heap->data;
      while (i > 0 && scored_worse (&items[i], &items[(i - 1) / 2]))
        {
          Scored swap = items[i];

          items[i] = items[(i - 1) / 2];
          items[(i - 1) / 2] = swap;
          i = (i - 1) / 2;
        }
    }
  else if (scored_worse (&items[0], &scored))
    {
      items[0] = scored;
      heap_sift_down (items, heap->len, 0);
    }
}

/* Merges the terms' postings (all in rowid order) into one score per
 * passage, without lengths, keeping the best capacity. */
static GArray *
rank_without_lengths (Search *search,
                      guint   capacity)
{
  g_autofree guint *heads = g_new0 (guint, search->terms->len);
  GArray *heap = g_array_sized_new (FALSE, FALSE, sizeof (Scored), capacity);

  for (;;)
    {
      Scored scored = { G_MAXINT64, 0 };

      for (guint i = 0; i < search->terms->len; i++)
        {
          Term *term = g_ptr_array_index (search->terms, i);

          if (term->postings != NULL && heads[i] < term->postings->len)
            scored.rowid = MIN (scored.rowid, g_array_index (term->postings, Posting, heads[i]).rowid);
        }
      if (scored.rowid == G_MAXINT64)
        break;

      for (guint i = 0; i < search->terms->len; i++)
        {
          Term *term = g_ptr_array_index (search->terms, i);
          const Posting *posting;

          if (term->postings == NULL || heads[i] >= term->postings->len)
            continue;
          posting = &g_array_index (term->postings, Posting, heads[i]);
          if (posting->rowid != scored.rowid)
            continue;
          /* As if every passage had the average length. */
          scored.score += bm25_part (term, posting->tf, 1.0);
          heads[i]++;
        }

      if (is_published (search, scored.rowid))
        heap_push (heap, capacity, scored);
    }

  return heap;
}

static Candidate *
get_candidate (Search *search,
               gint64  chunk_id)
{
  Candidate *candidate = g_hash_table_lookup (search->by_id, &chunk_id);

  if (candidate == NULL)
    {
      candidate = g_new0 (Candidate, 1);
      candidate->chunk_id = chunk_id;
      g_ptr_array_add (search->candidates, candidate);
      g_hash_table_insert (search->by_id, &candidate->chunk_id, candidate);
    }

  return candidate;
}

static guint
term_frequency (const Term *term,
                gint64      rowid)
{
  Posting key = { rowid, 0 };
  guint index;

  if (term->postings == NULL ||
      !g_array_binary_search (term->postings, &key, compare_postings, &index))
    return 0;
  return g_array_index (term->postings, Posting, index).tf;
}

/* A passage's length in FTS5 tokens. FTS5 gives it only within a full-text
 * query, hence a query the passage is known to match. */
static gboolean
passage_length (Search      *search,
                const char  *query,
                gint64       rowid,
                double      *length,
                GError     **error)
{
  g_autoptr(TerraStatement) stmt = NULL;
  g_autoptr(GError) local_error = NULL;

  stmt = _terra_store_prepare (search->store,
                               "SELECT terra_knowledge_fts (knowledge_chunks_fts, 1) FROM knowledge_chunks_fts "
                               "WHERE knowledge_chunks_fts MATCH ?1 AND rowid = ?2",
                               error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, query, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, rowid);

  if (_terra_store_step_row (search->store, stmt, _("Could not search the knowledge base"), &local_error))
    *length = sqlite3_column_int64 (stmt, 0);

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  return TRUE;
}

/* Full BM25 of one of the best candidates, now with its length. */
static gboolean
rescore (Search      *search,
         gint64       rowid,
         GError     **error)
{
  guint tfs[MAX_TERMS] = { 0 };
  const char *matched = NULL;
  double length = search->average_length;
  double ratio;
  double bm25 = 0;

  for (guint i = 0; i < search->terms->len; i++)
    {
      const Term *term = g_ptr_array_index (search->terms, i);

      tfs[i] = term_frequency (term, rowid);
      if (tfs[i] > 0 && matched == NULL)
        matched = term->query;
    }

  g_assert (matched != NULL);
  if (!passage_length (search, matched, rowid, &length, error))
    return FALSE;

  ratio = search->average_length > 0 ? length / search->average_length : 1.0;
  for (guint i = 0; i < search->terms->len; i++)
    if (tfs[i] > 0)
      bm25 += bm25_part (g_ptr_array_index (search->terms, i), tfs[i], ratio);

  get_candidate (search, rowid)->bm25 = bm25;
  return TRUE;
}

static int
compare_by_bm25 (gconstpointer a,
                 gconstpointer b)
{
  const Candidate *ca = *(const Candidate * const *)a;
  const Candidate *cb = *(const Candidate * const *)b;

  if (ca->bm25 != cb->bm25)
    return ca->bm25 > cb->bm25 ? -1 : 1;
  return ca->chunk_id < cb->chunk_id ? -1 : ca->chunk_id > cb->chunk_id;
}

static gboolean
rank_lexical (Search      *search,
              const char  *text,
              GError     **error)
{
  g_autoptr(GPtrArray) queries = _terra_knowledge_query_terms (text, MAX_TERMS);
  g_autoptr(GArray) best = NULL;
  g_autoptr(GPtrArray) ranked = g_ptr_array_new ();

  search->terms = g_ptr_array_new_with_free_func ((GDestroyNotify)term_free);
  if (queries->len == 0)
    return TRUE;

  for (guint i = 0; i < queries->len; i++)
    {
      Term *term = g_new0 (Term, 1);

      term->query = g_strdup (g_ptr_array_index (queries, i));
      g_ptr_array_add (search->terms, term);
    }

  if (!load_postings (search, error) || !load_statistics (search, error))
    return FALSE;
  compute_idf (search);

  best = rank_without_lengths (search, MAX (MIN_RESCORED, 4 * search->limit));
  for (guint i = 0; i < best->len; i++)
    if (!rescore (search, g_array_index (best, Scored, i).rowid, error))
      return FALSE;

  g_ptr_array_extend (ranked, search->candidates, NULL, NULL);
  g_ptr_array_sort (ranked, compare_by_bm25);
  for (guint i = 0; i < ranked->len; i++)
    ((Candidate *)g_ptr_array_index (ranked, i))->lexical_rank = i + 1;

  return TRUE;
}

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

static gboolean
score_lexical_candidates (Search       *search,
                          const float  *query,
                          guint         dims,
                          float        *buffer,
                          GError      **error)
{
  for (guint i = 0; i < search->candidates->len; i++)
    {
      Candidate *candidate = g_ptr_array_index (search->candidates, i);
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

/* Compares the newest scan_limit passages (0: all) with the query. */
static gboolean
scan_vectors (Search       *search,
              const float  *query,
              guint         dims,
              guint         scan_limit,
              double        min_similarity,
              float        *buffer,
              GError      **error)
{
  g_autoptr(TerraStatement) stmt = NULL;
  g_autoptr(GError) local_error = NULL;

  stmt = _terra_store_prepare (search->store,
                               "SELECT id, embedding FROM knowledge_chunks WHERE ordinal >= 0 "
                               "ORDER BY id DESC LIMIT ?1",
                               error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, scan_limit > 0 ? (gint64)scan_limit : -1);

  while (_terra_store_step_row (search->store, stmt, _("Could not search the knowledge base"), &local_error))
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      double similarity;

      if (g_hash_table_contains (search->by_id, &id) || !is_published (search, id))
        continue;
      if (stored_similarity (stmt, 1, query, dims, buffer, &similarity) && similarity >= min_similarity)
        get_candidate (search, id)->similarity = similarity;
    }

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  return TRUE;
}

static int
compare_by_similarity (gconstpointer a,
                       gconstpointer b)
{
  const Candidate *ca = *(const Candidate * const *)a;
  const Candidate *cb = *(const Candidate * const *)b;

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

static gboolean
rank_semantic (Search                             *search,
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
      !scan_vectors (search, query, dims, options->vector_scan_limit, options->min_similarity, buffer, error))
    return FALSE;

  for (guint i = 0; i < search->candidates->len; i++)
    {
      Candidate *candidate = g_ptr_array_index (search->candidates, i);

      if (candidate->similarity >= options->min_similarity)
        g_ptr_array_add (ranked, candidate);
    }

  g_ptr_array_sort (ranked, compare_by_similarity);
  for (guint i = 0; i < ranked->len; i++)
    ((Candidate *)g_ptr_array_index (ranked, i))->vector_rank = i + 1;

  return TRUE;
}

static int
compare_fused (gconstpointer a,
               gconstpointer b)
{
  const Candidate *ca = *(const Candidate * const *)a;
  const Candidate *cb = *(const Candidate * const *)b;

  if (ca->score != cb->score)
    return ca->score > cb->score ? -1 : 1;
  if (ca->bm25 != cb->bm25)
    return ca->bm25 > cb->bm25 ? -1 : 1;
  return compare_by_similarity (a, b);
}

/* Reads a ranked passage; *hit stays NULL if its item was unpublished or
 * deleted after the ranking began (within a caller's transaction). */
static gboolean
load_hit (Search             *search,
          const Candidate    *candidate,
          TerraKnowledgeHit **hit,
          GError            **error)
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
collect_hits (Search  *search,
              GError **error)
{
  g_autoptr(GPtrArray) hits = g_ptr_array_new_with_free_func ((GDestroyNotify)terra_knowledge_hit_free);

  for (guint i = 0; i < search->candidates->len; i++)
    {
      Candidate *candidate = g_ptr_array_index (search->candidates, i);

      candidate->score = (candidate->lexical_rank > 0 ? 1.0 / (RRF_K + candidate->lexical_rank) : 0) +
                         (candidate->vector_rank > 0 ? 1.0 / (RRF_K + candidate->vector_rank) : 0);
    }
  g_ptr_array_sort (search->candidates, compare_fused);

  for (guint i = 0; i < search->candidates->len && hits->len < search->limit; i++)
    {
      Candidate *candidate = g_ptr_array_index (search->candidates, i);
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
run_search (Search                             *search,
            const char                         *query,
            const float                        *embedding,
            guint                               dims,
            const TerraKnowledgeSearchOptions  *options,
            GError                            **error)
{
  search->candidates = g_ptr_array_new_with_free_func (g_free);
  search->by_id = g_hash_table_new (g_int64_hash, g_int64_equal);

  if (!load_unpublished (search, error) || !rank_lexical (search, query, error))
    return NULL;
  if (embedding != NULL && !rank_semantic (search, embedding, dims, options, error))
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
  g_auto(Search) search = { store, limit };
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

  if (!ensure_fts_function (store, error))
    return NULL;

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
