/* terra-knowledge.c — keeping passages in step with knowledge items
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The store calls terra_knowledge_reindex_item() whenever it saves a
 * knowledge item, inside the same transaction. Re-chunking keeps every
 * passage whose text did not change, with its embedding (which may have
 * cost a call to a paid API), and gives changed passages new ids, so an
 * embedding computed meanwhile for the old text can never land on the new.
 */

#define G_LOG_DOMAIN "terra-knowledge"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "terra-knowledge-private.h"

/* Embeddings longer than this are not embeddings. */
#define MAX_DIMS 16384

void
terra_knowledge_chunk_clear (TerraKnowledgeChunk *chunk)
{
  g_clear_pointer (&chunk->text, g_free);
}

void
terra_knowledge_hit_free (TerraKnowledgeHit *hit)
{
  if (hit == NULL)
    return;

  g_free (hit->title);
  g_free (hit->text);
  g_free (hit);
}

void
terra_knowledge_search_options_init (TerraKnowledgeSearchOptions *options)
{
  g_return_if_fail (options != NULL);

  options->vector_scan_bytes = TERRA_KNOWLEDGE_VECTOR_SCAN_BYTES;
  options->min_similarity = TERRA_KNOWLEDGE_MIN_SIMILARITY;
}

void
_terra_knowledge_read_vector (const void *blob,
                              guint       dims,
                              float      *vector)
{
  memcpy (vector, blob, dims * sizeof (float));

#if G_BYTE_ORDER == G_BIG_ENDIAN
  for (guint i = 0; i < dims; i++)
    {
      guint32 bits;

      memcpy (&bits, &vector[i], sizeof bits);
      bits = GUINT32_FROM_LE (bits);
      memcpy (&vector[i], &bits, sizeof bits);
    }
#endif
}

/* The item's passages as they should be now. */
static GArray *
split_item (TerraStore  *store,
            gint64       item_id,
            GError     **error)
{
  g_autoptr(TerraStatement) stmt = NULL;
  g_autoptr(GError) local_error = NULL;

  stmt = _terra_store_prepare (store, "SELECT title, body FROM knowledge_items WHERE id = ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, item_id);

  if (!_terra_store_step_row (store, stmt, _("Could not read the knowledge item"), &local_error))
    {
      if (local_error != NULL)
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, TERRA_STORE_ERROR, TERRA_STORE_ERROR_NOT_FOUND,
                     _("There is no knowledge item with id %lld"), (long long)item_id);
      return NULL;
    }

  return terra_knowledge_split ((const char *)sqlite3_column_text (stmt, 0),
                                (const char *)sqlite3_column_text (stmt, 1));
}

/* Compares the stored passages with the new ones: marks in kept the new
 * ones already stored as they are, and returns the ids of the stored ones
 * that must go. */
static GArray *
find_stale_chunks (TerraStore  *store,
                   gint64       item_id,
                   GArray      *chunks,
                   GArray      *kept,
                   GError     **error)
{
  g_autoptr(TerraStatement) stmt = NULL;
  g_autoptr(GArray) stale = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GError) local_error = NULL;

  stmt = _terra_store_prepare (store,
                               "SELECT id, ordinal, text FROM knowledge_chunks "
                               "WHERE item_id = ? AND ordinal >= 0",
                               error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, item_id);

  while (_terra_store_step_row (store, stmt, _("Could not read the passages"), &local_error))
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      gint64 ordinal = sqlite3_column_int64 (stmt, 1);
      const char *text = (const char *)sqlite3_column_text (stmt, 2);

      if (ordinal < chunks->len &&
          g_strcmp0 (g_array_index (chunks, TerraKnowledgeChunk, ordinal).text, text) == 0)
        g_array_index (kept, gboolean, ordinal) = TRUE;
      else
        g_array_append_val (stale, id);
    }

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  return g_steal_pointer (&stale);
}

/* Moves stale passages out of the way of the new ones (UNIQUE (item_id,
 * ordinal)) without deleting them yet: while they exist, SQLite cannot
 * give their ids to the new passages. */
static gboolean
retire_chunks (TerraStore  *store,
               GArray      *stale,
               GError     **error)
{
  for (guint i = 0; i < stale->len; i++)
    {
      g_autoptr(TerraStatement) stmt = NULL;

      stmt = _terra_store_prepare (store,
                                   "UPDATE knowledge_chunks SET ordinal = -1 - ordinal WHERE id = ?",
                                   error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, g_array_index (stale, gint64, i));
      if (!_terra_store_step_done (store, stmt, _("Could not update the passages"), error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
insert_chunks (TerraStore  *store,
               gint64       item_id,
               GArray      *chunks,
               GArray      *kept,
               GError     **error)
{
  for (guint i = 0; i < chunks->len; i++)
    {
      const TerraKnowledgeChunk *chunk = &g_array_index (chunks, TerraKnowledgeChunk, i);
      g_autoptr(TerraStatement) stmt = NULL;

      if (g_array_index (kept, gboolean, i))
        continue;

      stmt = _terra_store_prepare (store,
                                   "INSERT INTO knowledge_chunks (item_id, ordinal, text, token_count) "
                                   "VALUES (?, ?, ?, ?)",
                                   error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, item_id);
      sqlite3_bind_int (stmt, 2, chunk->ordinal);
      sqlite3_bind_text (stmt, 3, chunk->text, -1, SQLITE_STATIC);
      sqlite3_bind_int (stmt, 4, chunk->token_count);
      if (!_terra_store_step_done (store, stmt, _("Could not save the passages"), error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
delete_retired_chunks (TerraStore  *store,
                       gint64       item_id,
                       GError     **error)
{
  g_autoptr(TerraStatement) stmt = NULL;

  stmt = _terra_store_prepare (store,
                               "DELETE FROM knowledge_chunks WHERE item_id = ? AND ordinal < 0",
                               error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, item_id);
  return _terra_store_step_done (store, stmt, _("Could not update the passages"), error);
}

static gboolean
reindex_item (TerraStore  *store,
              gint64       item_id,
              GError     **error)
{
  g_autoptr(GArray) chunks = NULL;
  g_autoptr(GArray) kept = NULL;
  g_autoptr(GArray) stale = NULL;

  if ((chunks = split_item (store, item_id, error)) == NULL)
    return FALSE;

  kept = g_array_sized_new (FALSE, TRUE, sizeof (gboolean), chunks->len);
  g_array_set_size (kept, chunks->len);
  if ((stale = find_stale_chunks (store, item_id, chunks, kept, error)) == NULL)
    return FALSE;

  return retire_chunks (store, stale, error) &&
         insert_chunks (store, item_id, chunks, kept, error) &&
         delete_retired_chunks (store, item_id, error);
}

/**
 * terra_knowledge_reindex_item:
 *
 * Re-cuts one item into passages: unchanged passages stay (with their
 * embeddings), changed ones are replaced. Joins the caller's transaction.
 * The store does this itself whenever it saves an item.
 */
gboolean
terra_knowledge_reindex_item (TerraStore  *store,
                              gint64       item_id,
                              GError     **error)
{
  gboolean own_transaction;

  g_return_val_if_fail (TERRA_IS_STORE (store), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!_terra_store_begin_joined (store, &own_transaction, error))
    return FALSE;

  return _terra_store_end_joined (store, own_transaction,
                                  reindex_item (store, item_id, error), error);
}

static GArray *
list_item_ids (TerraStore  *store,
               GError     **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(TerraStatement) stmt = NULL;
  g_autoptr(GError) local_error = NULL;

  stmt = _terra_store_prepare (store, "SELECT id FROM knowledge_items ORDER BY id", error);
  if (stmt == NULL)
    return NULL;

  while (_terra_store_step_row (store, stmt, _("Could not read the knowledge base"), &local_error))
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (ids, id);
    }

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  return g_steal_pointer (&ids);
}

/**
 * terra_knowledge_reindex_all:
 *
 * Re-cuts every item, in one transaction (joined with the caller's): for a
 * workspace written by a Terra that cut passages differently.
 */
gboolean
terra_knowledge_reindex_all (TerraStore  *store,
                             GError     **error)
{
  g_autoptr(GArray) ids = NULL;
  gboolean own_transaction;
  gboolean ok = TRUE;

  g_return_val_if_fail (TERRA_IS_STORE (store), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!_terra_store_begin_joined (store, &own_transaction, error))
    return FALSE;

  ids = list_item_ids (store, error);
  ok = ids != NULL;
  for (guint i = 0; ok && i < ids->len; i++)
    ok = reindex_item (store, g_array_index (ids, gint64, i), error);

  return _terra_store_end_joined (store, own_transaction, ok, error);
}

static gboolean
check_vector (const float  *vector,
              guint         dims,
              GError      **error)
{
  if (dims > MAX_DIMS)
    {
      g_set_error (error, TERRA_STORE_ERROR, TERRA_STORE_ERROR_INVALID,
                   _("An embedding of %u dimensions is too large"), dims);
      return FALSE;
    }

  for (guint i = 0; i < dims; i++)
    if (!isfinite (vector[i]))
      {
        g_set_error_literal (error, TERRA_STORE_ERROR, TERRA_STORE_ERROR_INVALID,
                             _("The embedding holds a value that is not a number"));
        return FALSE;
      }

  return TRUE;
}

/* The stored form of a vector: little-endian floats, whatever the host. */
static guint8 *
vector_to_blob (const float *vector,
                guint        dims)
{
  guint8 *blob = g_malloc (dims * sizeof (float));

  for (guint i = 0; i < dims; i++)
    {
      guint32 bits;

      memcpy (&bits, &vector[i], sizeof bits);
      bits = GUINT32_TO_LE (bits);
      memcpy (blob + i * sizeof bits, &bits, sizeof bits);
    }

  return blob;
}

/**
 * terra_knowledge_set_embedding:
 * @vector: (array length=dims): the passage's embedding
 * @model: the model that computed it
 *
 * Stores the embedding of one passage. Fails with
 * %TERRA_STORE_ERROR_NOT_FOUND when the passage was replaced meanwhile
 * (its item was edited): the caller simply drops that result.
 */
gboolean
terra_knowledge_set_embedding (TerraStore   *store,
                               gint64        chunk_id,
                               const float  *vector,
                               guint         dims,
                               const char   *model,
                               GError      **error)
{
  g_autoptr(TerraStatement) stmt = NULL;

  g_return_val_if_fail (TERRA_IS_STORE (store), FALSE);
  g_return_val_if_fail (vector != NULL && dims > 0, FALSE);
  g_return_val_if_fail (model != NULL && *model != '\0', FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_vector (vector, dims, error))
    return FALSE;

  stmt = _terra_store_prepare (store,
                               "UPDATE knowledge_chunks SET embedding = ?, embedding_model = ? WHERE id = ?",
                               error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_blob (stmt, 1, vector_to_blob (vector, dims), dims * sizeof (float), g_free);
  if (!_terra_store_bind_text (stmt, 2, model, _("The model name"), error))
    return FALSE;
  sqlite3_bind_int64 (stmt, 3, chunk_id);

  if (!_terra_store_step_done (store, stmt, _("Could not save the embedding"), error))
    return FALSE;

  if (sqlite3_changes (_terra_store_get_db (store)) == 0)
    {
      g_set_error (error, TERRA_STORE_ERROR, TERRA_STORE_ERROR_NOT_FOUND,
                   _("There is no passage with id %lld"), (long long)chunk_id);
      return FALSE;
    }

  return TRUE;
}

/**
 * terra_knowledge_chunks_missing_embeddings:
 * @model: the embedding model in use
 * @limit: at most this many
 *
 * The passages that have no embedding from @model (none yet, or one from
 * another model), those of published items first, for the engine to embed
 * in the background and store with terra_knowledge_set_embedding().
 *
 * Returns: (transfer full) (element-type TerraKnowledgeChunk): the
 *   passages, with every field set
 */
GArray *
terra_knowledge_chunks_missing_embeddings (TerraStore  *store,
                                           const char  *model,
                                           guint        limit,
                                           GError     **error)
{
  g_autoptr(GArray) chunks = g_array_new (FALSE, TRUE, sizeof (TerraKnowledgeChunk));
  g_autoptr(TerraStatement) stmt = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (TERRA_IS_STORE (store), NULL);
  g_return_val_if_fail (model != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  g_array_set_clear_func (chunks, (GDestroyNotify)terra_knowledge_chunk_clear);

  stmt = _terra_store_prepare (store,
                               "SELECT c.id, c.item_id, c.ordinal, c.token_count, c.text "
                               "FROM knowledge_chunks c JOIN knowledge_items i ON i.id = c.item_id "
                               "WHERE c.ordinal >= 0 AND (c.embedding IS NULL OR c.embedding_model != ?1) "
                               "ORDER BY i.published DESC, c.id LIMIT ?2",
                               error);
  if (stmt == NULL || !_terra_store_bind_text (stmt, 1, model, _("The model name"), error))
    return NULL;
  sqlite3_bind_int64 (stmt, 2, limit);

  while (_terra_store_step_row (store, stmt, _("Could not read the passages"), &local_error))
    {
      TerraKnowledgeChunk chunk = {
        .id = sqlite3_column_int64 (stmt, 0),
        .item_id = sqlite3_column_int64 (stmt, 1),
        .ordinal = sqlite3_column_int (stmt, 2),
        .token_count = sqlite3_column_int (stmt, 3),
        .text = g_strdup ((const char *)sqlite3_column_text (stmt, 4)),
      };

      g_array_append_val (chunks, chunk);
    }

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  return g_steal_pointer (&chunks);
}
