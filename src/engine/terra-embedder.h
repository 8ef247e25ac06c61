/* terra-embedder.h — fills in the knowledge base's embeddings in the background
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Hybrid knowledge search needs an embedding of every passage, made by the
 * configured provider's embedding model. The embedder keeps them complete:
 * when it starts, and whenever it is woken (knowledge or provider settings
 * changed), its thread embeds the passages that have none from the current
 * model, a batch at a time. Without a provider that embeds, it does
 * nothing and search stays lexical. A provider that fails is tried again
 * after a pause, or at the next wake.
 *
 * Create, start, wake, stop and unref it on one thread (the main thread).
 */
#pragma once

#include "terra-provider.h"
#include "terra-workspace.h"

G_BEGIN_DECLS

/* How many passages go into one embeddings request. */
#define TERRA_EMBEDDER_BATCH 32

#define TERRA_TYPE_EMBEDDER (terra_embedder_get_type ())

G_DECLARE_FINAL_TYPE (TerraEmbedder, terra_embedder, TERRA, EMBEDDER, GObject)

TerraEmbedder *terra_embedder_new      (TerraWorkspace  *workspace);
gboolean       terra_embedder_start    (TerraEmbedder   *self,
                                        GError         **error);
void           terra_embedder_wake     (TerraEmbedder   *self);
void           terra_embedder_stop     (TerraEmbedder   *self);

/* The name under which @provider's vectors are stored, so vectors of
 * another model are never compared with its own: "kind/model". NULL when
 * the provider makes no embeddings. */
char          *terra_embedder_model_key (TerraProvider  *provider,
                                         TerraStore     *store);

/* Embeds every passage missing an embedding, on the caller's thread and
 * @store; returns how many it embedded through @n_embedded. */
gboolean       terra_embedder_run_once (TerraWorkspace  *workspace,
                                        TerraStore      *store,
                                        TerraProvider   *provider,
                                        guint           *n_embedded,
                                        GCancellable    *cancellable,
                                        GError         **error);

G_END_DECLS
