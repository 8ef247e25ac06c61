/* terra-store-private.h — what TerraStore's source files share
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * TerraStore spans terra-store.c (connection, transactions, settings,
 * aggregates), terra-store-objects.c (the generic entity mapping) and
 * terra-store-migrations.c (the schema). Nothing outside src/core/ includes
 * this header or sqlite3.h.
 */
#pragma once

#include <sqlite3.h>

#include "terra-store.h"

G_BEGIN_DECLS

/* "TERA" — marks the file as a Terra workspace (PRAGMA application_id). */
#define TERRA_STORE_APPLICATION_ID 1413829185

/* A cached statement that is reset when it goes out of scope, so no read
 * transaction stays open behind a half-stepped statement. */
typedef sqlite3_stmt TerraStatement;

static inline void
terra_statement_reset (TerraStatement *stmt)
{
  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
    }
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TerraStatement, terra_statement_reset)

/* An entity type and where it lives. view is what reads select from; it
 * may add columns that are not in table (the conversation list's contact
 * name). */
typedef struct
{
  const char  *table;
  const char  *view;
  TerraEntity  entity;
  GType        type;
} TerraTableInfo;

struct _TerraQuery
{
  gatomicrefcount  ref_count;
  GType            entity_type;
  GPtrArray       *conditions; /* TerraQueryCondition */
  char            *search;
  char            *order_column;
  gboolean         order_descending;
  guint            offset;
  guint            limit;
};

typedef struct
{
  char         *column;
  TerraQueryOp  op;
  GValue        value; /* G_TYPE_INT64, G_TYPE_STRING, or unset for IS [NOT] NULL */
  gboolean      is_null;
} TerraQueryCondition;

sqlite3              *_terra_store_get_db        (TerraStore      *self);
TerraStatement       *_terra_store_prepare       (TerraStore      *self,
                                                  const char      *sql,
                                                  GError         **error);
gboolean              _terra_store_exec          (TerraStore      *self,
                                                  const char      *sql,
                                                  GError         **error);
gboolean              _terra_store_step_done     (TerraStore      *self,
                                                  TerraStatement  *stmt,
                                                  const char      *what,
                                                  GError         **error);
gboolean              _terra_store_step_row      (TerraStore      *self,
                                                  TerraStatement  *stmt,
                                                  const char      *what,
                                                  GError         **error);
void                  _terra_store_set_error     (TerraStore      *self,
                                                  GError         **error,
                                                  int              rc,
                                                  const char      *what);
void                  _terra_store_note_change   (TerraStore      *self,
                                                  TerraEntity      entity,
                                                  TerraChangeKind  kind,
                                                  gint64           id);
gboolean              _terra_store_begin_joined  (TerraStore      *self,
                                                  gboolean        *own,
                                                  GError         **error);
gboolean              _terra_store_end_joined    (TerraStore      *self,
                                                  gboolean         own,
                                                  gboolean         ok,
                                                  GError         **error);
gboolean              _terra_store_migrate       (TerraStore      *self,
                                                  int              from_version,
                                                  GError         **error);
const TerraTableInfo *_terra_store_table_for_type (GType           type);
gboolean              _terra_store_bind_text     (TerraStatement  *stmt,
                                                  int              index,
                                                  const char      *text,
                                                  const char      *what,
                                                  GError         **error);
gpointer              _terra_store_object_from_row (TerraStore    *self,
                                                  GType            type,
                                                  TerraStatement  *stmt);
GPtrArray            *_terra_store_collect_objects (TerraStore    *self,
                                                  GType            type,
                                                  TerraStatement  *stmt,
                                                  const char      *what,
                                                  GError         **error);
GHashTable           *_terra_store_get_column_cache (TerraStore   *self);
void                  _terra_store_column_set_free  (gpointer      column_set);

G_END_DECLS
