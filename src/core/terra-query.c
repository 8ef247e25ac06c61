/* terra-query.c — a filter, order and page for listing one kind of entity
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "terra-query"

#include "config.h"

#include "terra-store-private.h"

G_DEFINE_BOXED_TYPE (TerraQuery, terra_query, terra_query_ref, terra_query_unref)

/* Pages are small: the UI asks for what it shows, never for everything. */
#define DEFAULT_LIMIT 100

static void
condition_free (TerraQueryCondition *condition)
{
  g_free (condition->column);
  if (G_IS_VALUE (&condition->value))
    g_value_unset (&condition->value);
  g_free (condition);
}

/* Returns a query that selects every entity of entity_type, newest first,
 * in pages of 100. */
TerraQuery *
terra_query_new (GType entity_type)
{
  TerraQuery *self;

  g_return_val_if_fail (_terra_store_table_for_type (entity_type) != NULL, NULL);

  self = g_new0 (TerraQuery, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->entity_type = entity_type;
  self->conditions = g_ptr_array_new_with_free_func ((GDestroyNotify)condition_free);
  self->order_descending = TRUE;
  self->limit = DEFAULT_LIMIT;
  return self;
}

TerraQuery *
terra_query_ref (TerraQuery *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
terra_query_unref (TerraQuery *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_ptr_array_unref (self->conditions);
  g_free (self->search);
  g_free (self->order_column);
  g_free (self);
}

/* Returns an independent copy, for handing to another thread. */
TerraQuery *
terra_query_copy (TerraQuery *self)
{
  TerraQuery *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = terra_query_new (self->entity_type);
  for (guint i = 0; i < self->conditions->len; i++)
    {
      TerraQueryCondition *condition = g_ptr_array_index (self->conditions, i);
      TerraQueryCondition *clone = g_new0 (TerraQueryCondition, 1);

      clone->column = g_strdup (condition->column);
      clone->op = condition->op;
      clone->is_null = condition->is_null;
      if (G_IS_VALUE (&condition->value))
        {
          g_value_init (&clone->value, G_VALUE_TYPE (&condition->value));
          g_value_copy (&condition->value, &clone->value);
        }
      g_ptr_array_add (copy->conditions, clone);
    }
  copy->search = g_strdup (self->search);
  copy->order_column = g_strdup (self->order_column);
  copy->order_descending = self->order_descending;
  copy->offset = self->offset;
  copy->limit = self->limit;
  return copy;
}

GType
terra_query_get_entity_type (TerraQuery *self)
{
  g_return_val_if_fail (self != NULL, G_TYPE_INVALID);
  return self->entity_type;
}

static gboolean
is_identifier (const char *column)
{
  if (column == NULL || !g_ascii_islower (*column))
    return FALSE;
  for (const char *p = column; *p != '\0'; p++)
    if (!g_ascii_islower (*p) && !g_ascii_isdigit (*p) && *p != '_')
      return FALSE;
  return TRUE;
}

static TerraQueryCondition *
add_condition (TerraQuery   *self,
               const char   *column,
               TerraQueryOp  op)
{
  TerraQueryCondition *condition = g_new0 (TerraQueryCondition, 1);

  condition->column = g_strdup (column);
  condition->op = op;
  g_ptr_array_add (self->conditions, condition);
  return condition;
}

void
terra_query_where_int (TerraQuery   *self,
                       const char   *column,
                       TerraQueryOp  op,
                       gint64        value)
{
  TerraQueryCondition *condition;

  g_return_if_fail (self != NULL);
  g_return_if_fail (is_identifier (column));
  g_return_if_fail (op <= TERRA_QUERY_GE);

  condition = add_condition (self, column, op);
  g_value_init (&condition->value, G_TYPE_INT64);
  g_value_set_int64 (&condition->value, value);
}

void
terra_query_where_text (TerraQuery   *self,
                        const char   *column,
                        TerraQueryOp  op,
                        const char   *value)
{
  TerraQueryCondition *condition;

  g_return_if_fail (self != NULL);
  g_return_if_fail (is_identifier (column));
  g_return_if_fail (op <= TERRA_QUERY_GE);
  g_return_if_fail (value != NULL);

  condition = add_condition (self, column, op);
  g_value_init (&condition->value, G_TYPE_STRING);
  g_value_set_string (&condition->value, value);
}

/* Selects rows whose column holds the enum value (stored as its nick). */
void
terra_query_where_enum (TerraQuery *self,
                        const char *column,
                        GType       enum_type,
                        int         value)
{
  const char *nick;

  g_return_if_fail (G_TYPE_IS_ENUM (enum_type));

  nick = terra_enum_to_nick (enum_type, value);
  g_return_if_fail (nick != NULL);
  terra_query_where_text (self, column, TERRA_QUERY_EQ, nick);
}

void
terra_query_where_null (TerraQuery *self,
                        const char *column,
                        gboolean    is_null)
{
  TerraQueryCondition *condition;

  g_return_if_fail (self != NULL);
  g_return_if_fail (is_identifier (column));

  condition = add_condition (self, column, is_null ? TERRA_QUERY_EQ : TERRA_QUERY_NE);
  condition->is_null = TRUE;
}

/* Matches free text: for conversations the lead's name, their addresses
 * and the messages' text; for contacts names, phones and emails; for
 * knowledge items the title and body. Empty text matches everything. */
void
terra_query_where_search (TerraQuery *self,
                          const char *text)
{
  g_autofree char *trimmed = NULL;

  g_return_if_fail (self != NULL);
  g_return_if_fail (self->entity_type == TERRA_TYPE_CONVERSATION ||
                    self->entity_type == TERRA_TYPE_CONTACT ||
                    self->entity_type == TERRA_TYPE_KNOWLEDGE_ITEM);

  trimmed = g_strstrip (g_strdup (text != NULL ? text : ""));
  g_clear_pointer (&self->search, g_free);
  if (*trimmed != '\0')
    self->search = g_steal_pointer (&trimmed);
}

void
terra_query_order_by (TerraQuery *self,
                      const char *column,
                      gboolean    descending)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (is_identifier (column));

  g_free (self->order_column);
  self->order_column = g_strdup (column);
  self->order_descending = descending;
}

void
terra_query_set_range (TerraQuery *self,
                       guint       offset,
                       guint       limit)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (limit > 0);

  self->offset = offset;
  self->limit = limit;
}
