/* terra-embedder.c — fills in the knowledge base's embeddings in the background
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "terra-embedder.h"
#include "terra-knowledge.h"
#include "terra-provider-factory.h"

/* After a failure (the provider down, a quota reached), the next try. */
#define RETRY_SECONDS 300

struct _TerraEmbedder
{
  GObject         parent_instance;

  TerraWorkspace *workspace;
  GThread        *thread;
  GCancellable   *cancellable;

  /* guarded by mutex */
  GMutex          mutex;
  GCond           cond;
  gboolean        stopping;
  gboolean        woken;
};

G_DEFINE_FINAL_TYPE (TerraEmbedder, terra_embedder, G_TYPE_OBJECT)

static void
terra_embedder_finalize (GObject *object)
{
  TerraEmbedder *self = TERRA_EMBEDDER (object);

  terra_embedder_stop (self);
  g_clear_object (&self->workspace);
  g_clear_object (&self->cancellable);
  g_mutex_clear (&self->mutex);
  g_cond_clear (&self->cond);

  G_OBJECT_CLASS (terra_embedder_parent_class)->finalize (object);
}

static void
terra_embedder_class_init (TerraEmbedderClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = terra_embedder_finalize;
}

static void
terra_embedder_init (TerraEmbedder *self)
{
  g_mutex_init (&self->mutex);
  g_cond_init (&self->cond);
}

TerraEmbedder *
terra_embedder_new (TerraWorkspace *workspace)
{
  TerraEmbedder *self;

  g_return_val_if_fail (TERRA_IS_WORKSPACE (workspace), NULL);

  self = g_object_new (TERRA_TYPE_EMBEDDER, NULL);
  self->workspace = g_object_ref (workspace);
  return self;
}

char *
terra_embedder_model_key (TerraProvider *provider,
                          TerraStore    *store)
{
  g_autofree char *model = NULL;

  if (provider == NULL || !terra_provider_can_embed (provider))
    return NULL;
  model = terra_store_get_setting_string (store, "provider.embedding_model");
  return g_strdup_printf ("%s/%s", terra_provider_get_name (provider),
                          model != NULL && *model != '\0' ? model : "default");
}

static gboolean
store_batch (TerraStore   *store,
             GArray       *chunks,
             GPtrArray    *vectors,
             const char   *model_key,
             GError      **error)
{
  if (vectors->len != chunks->len)
    {
      g_set_error (error, TERRA_PROVIDER_ERROR, TERRA_PROVIDER_ERROR_BAD_RESPONSE,
                   "%u embeddings came back for %u passages", vectors->len, chunks->len);
      return FALSE;
    }
  if (!terra_store_begin (store, error))
    return FALSE;
  for (guint i = 0; i < chunks->len; i++)
    {
      TerraKnowledgeChunk *chunk = &g_array_index (chunks, TerraKnowledgeChunk, i);
      GArray *vector = g_ptr_array_index (vectors, i);

      if (!terra_knowledge_set_embedding (store, chunk->id, (const float *) vector->data, vector->len,
                                          model_key, error))
        {
          terra_store_rollback (store);
          return FALSE;
        }
    }
  return terra_store_commit (store, error);
}

/* One request: the next batch of passages without an embedding. Returns
 * how many it embedded, 0 when none was missing, -1 on failure. */
static int
embed_batch (TerraStore    *store,
             TerraProvider *provider,
             const char    *model_key,
             GCancellable  *cancellable,
             GError       **error)
{
  g_autoptr(GArray) chunks = NULL;
  g_autoptr(GPtrArray) vectors = NULL;
  g_autofree const char **texts = NULL;

  chunks = terra_knowledge_chunks_missing_embeddings (store, model_key, TERRA_EMBEDDER_BATCH, error);
  if (chunks == NULL)
    return -1;
  if (chunks->len == 0)
    return 0;

  texts = g_new0 (const char *, chunks->len + 1);
  for (guint i = 0; i < chunks->len; i++)
    texts[i] = g_array_index (chunks, TerraKnowledgeChunk, i).text;
  vectors = terra_provider_embed (provider, texts, cancellable, error);
  if (vectors == NULL || !store_batch (store, chunks, vectors, model_key, error))
    return -1;
  return chunks->len;
}

gboolean
terra_embedder_run_once (TerraWorkspace *workspace,
                         TerraStore     *store,
                         TerraProvider  *provider,
                         guint          *n_embedded,
                         GCancellable   *cancellable,
                         GError        **error)
{
  g_autofree char *model_key = terra_embedder_model_key (provider, store);
  guint total = 0;
  int n;

  g_return_val_if_fail (TERRA_IS_STORE (store), FALSE);

  if (n_embedded != NULL)
    *n_embedded = 0;
  if (model_key == NULL)
    return TRUE;

  while ((n = embed_batch (store, provider, model_key, cancellable, error)) > 0)
    {
      total += n;
      if (n_embedded != NULL)
        *n_embedded = total;
    }
  return n == 0;
}

/* Waits until woken, stopped, or @seconds passed (0: no limit). Returns
 * FALSE when stopping. */
static gboolean
wait_for_work (TerraEmbedder *self,
               guint          seconds)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) seconds * G_USEC_PER_SEC;
  gboolean go_on;

  g_mutex_lock (&self->mutex);
  while (!self->woken && !self->stopping)
    {
      if (seconds == 0)
        g_cond_wait (&self->cond, &self->mutex);
      else if (!g_cond_wait_until (&self->cond, &self->mutex, deadline))
        break;
    }
  self->woken = FALSE;
  go_on = !self->stopping;
  g_mutex_unlock (&self->mutex);
  return go_on;
}

static gboolean
run_round (TerraEmbedder *self,
           TerraStore    *store)
{
  g_autoptr(TerraProvider) provider = NULL;
  g_autoptr(GError) error = NULL;
  guint n = 0;

  provider = terra_provider_new_for_settings (store, terra_workspace_get_id (self->workspace), &error);
  if (provider == NULL)
    return error == NULL;
  if (!terra_embedder_run_once (self->workspace, store, provider, &n, self->cancellable, &error))
    {
      g_message ("Knowledge embeddings paused: %s", error->message);
      return FALSE;
    }
  if (n > 0)
    g_debug ("Embedded %u knowledge passages", n);
  return TRUE;
}

static gpointer
embedder_thread (gpointer data)
{
  TerraEmbedder *self = data;
  g_autoptr(TerraStore) store = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok = TRUE;

  store = terra_workspace_open_store (self->workspace, &error);
  if (store == NULL)
    {
      g_warning ("The embedder cannot open the workspace: %s", error->message);
      return NULL;
    }
  do
    ok = run_round (self, store);
  while (wait_for_work (self, ok ? 0 : RETRY_SECONDS));
  return NULL;
}

gboolean
terra_embedder_start (TerraEmbedder  *self,
                      GError        **error)
{
  g_return_val_if_fail (TERRA_IS_EMBEDDER (self), FALSE);

  if (self->thread != NULL)
    return TRUE;
  self->stopping = FALSE;
  self->woken = FALSE;
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->thread = g_thread_try_new ("terra-embedder", embedder_thread, self, error);
  return self->thread != NULL;
}

/* Something changed that may leave passages without embeddings. */
void
terra_embedder_wake (TerraEmbedder *self)
{
  g_return_if_fail (TERRA_IS_EMBEDDER (self));

  g_mutex_lock (&self->mutex);
  self->woken = TRUE;
  g_cond_signal (&self->cond);
  g_mutex_unlock (&self->mutex);
}

/* Cancels a request in flight; what was stored stays, the rest is done at
 * the next start. */
void
terra_embedder_stop (TerraEmbedder *self)
{
  g_return_if_fail (TERRA_IS_EMBEDDER (self));

  if (self->thread == NULL)
    return;
  g_mutex_lock (&self->mutex);
  self->stopping = TRUE;
  g_cond_signal (&self->cond);
  g_mutex_unlock (&self->mutex);
  g_cancellable_cancel (self->cancellable);
  g_thread_join (g_steal_pointer (&self->thread));
}
