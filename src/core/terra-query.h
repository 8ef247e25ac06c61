/* terra-query.h — a filter, order and page for listing one kind of entity
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Column names come from code and are checked against the entity's table;
 * values are always bound as parameters, never spliced into SQL.
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define TERRA_TYPE_QUERY (terra_query_get_type ())

typedef struct _TerraQuery TerraQuery;

typedef enum
{
  TERRA_QUERY_EQ,
  TERRA_QUERY_NE,
  TERRA_QUERY_LT,
  TERRA_QUERY_LE,
  TERRA_QUERY_GT,
  TERRA_QUERY_GE,
} TerraQueryOp;

GType        terra_query_get_type        (void) G_GNUC_CONST;
TerraQuery  *terra_query_new             (GType          entity_type);
TerraQuery  *terra_query_ref             (TerraQuery    *self);
void         terra_query_unref           (TerraQuery    *self);
TerraQuery  *terra_query_copy            (TerraQuery    *self);
GType        terra_query_get_entity_type (TerraQuery    *self);
void         terra_query_where_int       (TerraQuery    *self,
                                          const char    *column,
                                          TerraQueryOp   op,
                                          gint64         value);
void         terra_query_where_text      (TerraQuery    *self,
                                          const char    *column,
                                          TerraQueryOp   op,
                                          const char    *value);
void         terra_query_where_enum      (TerraQuery    *self,
                                          const char    *column,
                                          GType          enum_type,
                                          int            value);
void         terra_query_where_null      (TerraQuery    *self,
                                          const char    *column,
                                          gboolean       is_null);
void         terra_query_where_search    (TerraQuery    *self,
                                          const char    *text);
void         terra_query_order_by        (TerraQuery    *self,
                                          const char    *column,
                                          gboolean       descending);
void         terra_query_set_range       (TerraQuery    *self,
                                          guint          offset,
                                          guint          limit);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TerraQuery, terra_query_unref)

G_END_DECLS
