/* terra-knowledge-export.h — the knowledge base and the training
 * instructions as one JSON document, and back
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The document:
 *
 *   { "format": "terra-knowledge", "version": 1, "exported_at": "…Z",
 *     "knowledge": [ { "category": "faq", "title": "…", "body": "…",
 *                      "published": true }, … ],
 *     "instructions": [ { "kind": "when", "condition": "…", "body": "…",
 *                         "priority": 10, "enabled": true }, … ] }
 *
 * Importing checks the whole document before it changes anything and adds
 * everything in one transaction: a document with one bad entry adds
 * nothing. Entries the workspace already holds (the same category, title
 * and text; the same rule) are counted as skipped, so importing a file
 * twice does not double it.
 */
#pragma once

#include "terra-store.h"

G_BEGIN_DECLS

#define TERRA_KNOWLEDGE_EXPORT_FORMAT  "terra-knowledge"
#define TERRA_KNOWLEDGE_EXPORT_VERSION 1

typedef struct
{
  guint items_added;
  guint items_skipped;
  guint instructions_added;
  guint instructions_skipped;
} TerraKnowledgeImportCounts;

char     *terra_knowledge_export_json (TerraStore                  *store,
                                       GError                     **error);
gboolean  terra_knowledge_import_json (TerraStore                  *store,
                                       const char                  *json,
                                       gssize                       length,
                                       TerraKnowledgeImportCounts  *counts,
                                       GError                     **error);

G_END_DECLS
