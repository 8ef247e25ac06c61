/* terra-knowledge-lexical.c — BM25 ranking of passages over FTS5
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each meaningful word of the question (terra-knowledge-query.c) is first
 * counted in at most COMMON_DF + 1 passages, which tells how common it is
 * at a bounded cost. A word found in more passages is treated as a
 * stop-word of this knowledge base when the question has rarer words that
 * match: its BM25 weight is small there, and scoring its thousands of
 * passages would cost more than everything else. The rare words' passages
 * are merged and ranked without length normalisation (FTS5 gives term
 * counts cheaply, but each passage length costs a lookup); the best few
 * are then re-scored with full BM25 (k1 1.2, b 0.75).
 */

#define G_LOG_DOMAIN "terra-knowledge"

#include "config.h"

#include <math.h>

#include <glib/gi18n-lib.h>

#include "terra-knowledge-private.h"

/* A longer question is mostly noise; its first words are kept. */
#define MAX_TERMS 16

/* Words in more passages than this are this knowledge base's stop-words
 * when rarer words match. Below this size nothing is dropped. */
#define COMMON_DF 2000

#define BM25_K1 1.2
#define BM25_B 0.75

/* How many of the best candidates are re-scored with their lengths: four
 * per hit wanted, within these bounds. */
#define MIN_RESCORED 32
#define MAX_RESCORED 4096

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

static void
term_free (Term *term)
{
  g_free (term->query);
  g_clear_pointer (&term->postings, g_array_unref);
  g_free (term);
}

/* The FTS5 helper terra_knowledge_fts (knowledge_chunks_fts, what):
 * 0 how many times the query's phrases occur in the row, 1 the number of
 * rows, 2 the tokens of all rows. */
static void
fts_function (const Fts5ExtensionApi  *api,
              Fts5Context             *fts,
              sqlite3_context         *context,
              int                      n_values,
              sqlite3_value          **values)
{
  int what = n_values > 0 ? sqlite3_value_int (values[0]) : 0;
  sqlite3_int64 number = 0;
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
  GQuark registered = g_quark_from_static_string ("terra-knowledge-fts-function");
  g_autoptr(TerraStatement) stmt = NULL;
  fts5_api *api = NULL;
  int rc;

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

/* The number of passages and their average length, in FTS5 tokens. */
static gboolean
load_statistics (TerraKnowledgeSearch  *search,
                 GError               **error)
{
  g_autoptr(TerraStatement) stmt = NULL;
  g_autoptr(GError) local_error = NULL;

  stmt = _terra_store_prepare (search->store,
                               "SELECT terra_knowledge_fts (knowledge_chunks_fts, 1), "
                               "terra_knowledge_fts (knowledge_chunks_fts, 2) "
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

/* How many passages hold a term, counting no further than cap: FTS5
 * stops reading there, and without term counts it reads fast. */
static gboolean
count_passages (TerraKnowledgeSearch  *search,
                const Term            *term,
                guint                  cap,
                guint                 *count,
                GError               **error)
{
  g_autoptr(TerraStatement) stmt = NULL;

  stmt = _terra_store_prepare (search->store,
                               "SELECT count(*) FROM (SELECT 1 FROM knowledge_chunks_fts "
                               "WHERE knowledge_chunks_fts MATCH ?1 LIMIT ?2)",
                               error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, term->query, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, cap);

  if (!_terra_store_step_row (search->store, stmt, _("Could not search the knowledge base"), error))
    return FALSE;
  *count = sqlite3_column_int (stmt, 0);
  return TRUE;
}

/* Reads where a term occurs, with how often, in at most cap passages. */
static GArray *
fetch_postings (TerraKnowledgeSearch  *search,
                const Term            *term,
                guint                  cap,
                GError               **error)
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
  sqlite3_bind_int64 (stmt, 2, cap);

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

/* Counts every word in at most COMMON_DF + 1 passages, so that no word
 * costs more than that, and reads the rare ones; common words are then
 * ignored if rare ones matched. A question of nothing but common words is
 * ranked within the first COMMON_DF + 1 passages of each, its words
 * weighted as if found that often: counting them all would cost what the
 * cap saves. */
static gboolean
load_postings (TerraKnowledgeSearch  *search,
               GError               **error)
{
  g_autofree guint *counts = g_new0 (guint, search->terms->len);
  gboolean rare_matched = FALSE;

  for (guint i = 0; i < search->terms->len; i++)
    {
      Term *term = g_ptr_array_index (search->terms, i);

      if (!count_passages (search, term, COMMON_DF + 1, &counts[i], error))
        return FALSE;
      rare_matched |= counts[i] > 0 && counts[i] <= COMMON_DF;
    }

  for (guint i = 0; i < search->terms->len; i++)
    {
      Term *term = g_ptr_array_index (search->terms, i);

      if (counts[i] == 0 || (rare_matched && counts[i] > COMMON_DF))
        continue;
      if ((term->postings = fetch_postings (search, term, COMMON_DF + 1, error)) == NULL)
        return FALSE;
    }

  return TRUE;
}

static void
compute_idf (TerraKnowledgeSearch *search)
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
rank_without_lengths (TerraKnowledgeSearch *search,
                      guint                 capacity)
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

      if (_terra_knowledge_search_is_published (search, scored.rowid))
        heap_push (heap, capacity, scored);
    }

  return heap;
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

/* A passage's length in FTS5 tokens, from the index's own record of it
 * (the %_docsize table: one varint per column). FTS5's API gives it only
 * within a full-text query, which costs fifty times more. */
static gboolean
passage_length (TerraKnowledgeSearch  *search,
                gint64                 rowid,
                double                *length,
                GError               **error)
{
  g_autoptr(TerraStatement) stmt = NULL;
  g_autoptr(GError) local_error = NULL;
  const guchar *size;
  int n_bytes;
  guint64 value = 0;

  stmt = _terra_store_prepare (search->store, "SELECT sz FROM knowledge_chunks_fts_docsize WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, rowid);

  if (!_terra_store_step_row (search->store, stmt, _("Could not search the knowledge base"), &local_error))
    {
      /* No record: keep the average, which makes length neutral. */
      if (local_error == NULL)
        return TRUE;
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  size = sqlite3_column_blob (stmt, 0);
  n_bytes = sqlite3_column_bytes (stmt, 0);
  for (int i = 0; i < n_bytes && i < 9; i++)
    {
      value = (value << 7) | (size[i] & 0x7F);
      if ((size[i] & 0x80) == 0)
        {
          *length = value;
          break;
        }
    }

  return TRUE;
}

/* Full BM25 of one of the best candidates, now with its length. */
static gboolean
rescore (TerraKnowledgeSearch  *search,
         gint64                 rowid,
         GError               **error)
{
  double length = search->average_length;
  double ratio;
  double bm25 = 0;

  if (!passage_length (search, rowid, &length, error))
    return FALSE;

  ratio = search->average_length > 0 ? length / search->average_length : 1.0;
  for (guint i = 0; i < search->terms->len; i++)
    {
      const Term *term = g_ptr_array_index (search->terms, i);
      guint tf = term_frequency (term, rowid);

      if (tf > 0)
        bm25 += bm25_part (term, tf, ratio);
    }

  _terra_knowledge_search_get_candidate (search, rowid)->bm25 = bm25;
  return TRUE;
}

static int
compare_by_bm25 (gconstpointer a,
                 gconstpointer b)
{
  const TerraKnowledgeCandidate *ca = *(const TerraKnowledgeCandidate * const *)a;
  const TerraKnowledgeCandidate *cb = *(const TerraKnowledgeCandidate * const *)b;

  if (ca->bm25 != cb->bm25)
    return ca->bm25 > cb->bm25 ? -1 : 1;
  return ca->chunk_id < cb->chunk_id ? -1 : ca->chunk_id > cb->chunk_id;
}

/* Ranks the passages that match the words of text, if any, setting
 * their bm25 and lexical_rank. */
gboolean
_terra_knowledge_rank_lexical (TerraKnowledgeSearch  *search,
                               const char            *text,
                               GError               **error)
{
  g_autoptr(GPtrArray) queries = _terra_knowledge_query_terms (text, MAX_TERMS);
  g_autoptr(GArray) best = NULL;
  g_autoptr(GPtrArray) ranked = g_ptr_array_new ();

  search->terms = g_ptr_array_new_with_free_func ((GDestroyNotify)term_free);
  if (queries->len == 0)
    return TRUE;
  if (!ensure_fts_function (search->store, error))
    return FALSE;

  for (guint i = 0; i < queries->len; i++)
    {
      Term *term = g_new0 (Term, 1);

      term->query = g_strdup (g_ptr_array_index (queries, i));
      g_ptr_array_add (search->terms, term);
    }

  if (!load_postings (search, error) || !load_statistics (search, error))
    return FALSE;
  compute_idf (search);

  best = rank_without_lengths (search, MAX (MIN_RESCORED, 4 * MIN (search->limit, MAX_RESCORED / 4)));
  for (guint i = 0; i < best->len; i++)
    if (!rescore (search, g_array_index (best, Scored, i).rowid, error))
      return FALSE;

  g_ptr_array_extend (ranked, search->candidates, NULL, NULL);
  g_ptr_array_sort (ranked, compare_by_bm25);
  for (guint i = 0; i < ranked->len; i++)
    ((TerraKnowledgeCandidate *)g_ptr_array_index (ranked, i))->lexical_rank = i + 1;

  return TRUE;
}

