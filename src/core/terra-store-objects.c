/* terra-store-objects.c — reading and writing entity objects
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every entity is a GObject whose properties are named after its table's
 * columns, so one mapping serves them all: a column's value converts to the
 * property's type (enum nicks, JSON arrays for string lists, 0 for a NULL
 * number) and back. Column lists come from the schema itself (PRAGMA
 * table_info), so a property that is not a column (the contact name the
 * conversation list reads from a view) is simply never written.
 */

#define G_LOG_DOMAIN "terra-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "terra-enums.h"
#include "terra-knowledge.h"
#include "terra-store-private.h"

typedef struct
{
  GPtrArray  *names;    /* column names, in schema order */
  GArray     *not_null; /* gboolean per column */
  char       *insert_sql;
  char       *update_sql;
} ColumnSet;

void
_terra_store_column_set_free (gpointer data)
{
  ColumnSet *set = data;

  g_ptr_array_unref (set->names);
  g_array_unref (set->not_null);
  g_free (set->insert_sql);
  g_free (set->update_sql);
  g_free (set);
}

static const TerraTableInfo *
table_infos (guint *n_infos)
{
  static TerraTableInfo infos[12];
  static gsize initialized;

  if (g_once_init_enter (&initialized))
    {
      TerraTableInfo all[] = {
        { "contacts", "contacts", TERRA_ENTITY_CONTACT, TERRA_TYPE_CONTACT },
        { "conversations", "conversation_rows", TERRA_ENTITY_CONVERSATION, TERRA_TYPE_CONVERSATION },
        { "messages", "messages", TERRA_ENTITY_MESSAGE, TERRA_TYPE_MESSAGE },
        { "analyses", "analyses", TERRA_ENTITY_ANALYSIS, TERRA_TYPE_ANALYSIS },
        { "bookings", "bookings", TERRA_ENTITY_BOOKING, TERRA_TYPE_BOOKING },
        { "appointment_types", "appointment_types", TERRA_ENTITY_APPOINTMENT_TYPE, TERRA_TYPE_APPOINTMENT_TYPE },
        { "knowledge_items", "knowledge_items", TERRA_ENTITY_KNOWLEDGE, TERRA_TYPE_KNOWLEDGE_ITEM },
        { "instructions", "instructions", TERRA_ENTITY_INSTRUCTION, TERRA_TYPE_INSTRUCTION },
        { "feedback", "feedback", TERRA_ENTITY_FEEDBACK, TERRA_TYPE_FEEDBACK },
        { "tasks", "tasks", TERRA_ENTITY_TASK, TERRA_TYPE_TASK },
        { "events", "events", TERRA_ENTITY_EVENT, TERRA_TYPE_EVENT_RECORD },
        { "outbox", "outbox", TERRA_ENTITY_OUTBOX, TERRA_TYPE_OUTBOX_ITEM },
      };

      G_STATIC_ASSERT (G_N_ELEMENTS (all) == G_N_ELEMENTS (infos));
      memcpy (infos, all, sizeof infos);
      g_once_init_leave (&initialized, 1);
    }

  *n_infos = G_N_ELEMENTS (infos);
  return infos;
}

/* Returns where entities of type live, or NULL if type is no entity. */
const TerraTableInfo *
_terra_store_table_for_type (GType type)
{
  guint n_infos;
  const TerraTableInfo *infos = table_infos (&n_infos);

  for (guint i = 0; i < n_infos; i++)
    if (infos[i].type == type)
      return &infos[i];

  return NULL;
}

static char *
column_to_property (const char *column)
{
  char *name = g_strdup (column);

  g_strdelimit (name, "_", '-');
  return name;
}

static void
build_write_sql (ColumnSet  *set,
                 const char *table)
{
  g_autoptr(GString) insert_cols = g_string_new (NULL);
  g_autoptr(GString) insert_vals = g_string_new (NULL);
  g_autoptr(GString) assignments = g_string_new (NULL);

  /* Column 0 is id: the database assigns it. */
  for (guint i = 1; i < set->names->len; i++)
    {
      const char *name = g_ptr_array_index (set->names, i);

      g_string_append_printf (insert_cols, "%s%s", i > 1 ? ", " : "", name);
      g_string_append_printf (insert_vals, "%s?%u", i > 1 ? ", " : "", i);
      g_string_append_printf (assignments, "%s%s = ?%u", i > 1 ? ", " : "", name, i);
    }

  set->insert_sql = g_strdup_printf ("INSERT INTO %s (%s) VALUES (%s)",
                                     table, insert_cols->str, insert_vals->str);
  set->update_sql = g_strdup_printf ("UPDATE %s SET %s WHERE id = ?%u",
                                     table, assignments->str, set->names->len);
}

/* The columns of a table or view, read from the schema once per
 * connection. Table names come from the static list above, never from
 * input. */
static ColumnSet *
get_columns (TerraStore  *self,
             const char  *table,
             GError     **error)
{
  GHashTable *cache = _terra_store_get_column_cache (self);
  ColumnSet *set = g_hash_table_lookup (cache, table);
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (set != NULL)
    return set;

  sql = g_strdup_printf ("PRAGMA table_info (%s)", table);
  rc = sqlite3_prepare_v2 (_terra_store_get_db (self), sql, -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      _terra_store_set_error (self, error, rc, _("Could not read the workspace schema"));
      return NULL;
    }

  set = g_new0 (ColumnSet, 1);
  set->names = g_ptr_array_new_with_free_func (g_free);
  set->not_null = g_array_new (FALSE, FALSE, sizeof (gboolean));

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gboolean not_null = sqlite3_column_int (stmt, 3) != 0;

      g_ptr_array_add (set->names, g_strdup ((const char *)sqlite3_column_text (stmt, 1)));
      g_array_append_val (set->not_null, not_null);
    }
  sqlite3_finalize (stmt);

  if (rc != SQLITE_DONE || set->names->len == 0 ||
      g_strcmp0 (g_ptr_array_index (set->names, 0), "id") != 0)
    {
      _terra_store_column_set_free (set);
      g_set_error (error, TERRA_STORE_ERROR, TERRA_STORE_ERROR_CORRUPT,
                   _("The workspace table “%s” is missing or damaged"), table);
      return NULL;
    }

  build_write_sql (set, table);
  g_hash_table_insert (cache, (gpointer)table, set);
  return set;
}

static char *
strv_to_json (const char * const *strv)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_array (builder);
  for (guint i = 0; strv != NULL && strv[i] != NULL; i++)
    json_builder_add_string_value (builder, strv[i]);
  json_builder_end_array (builder);

  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

static char **
json_to_strv (const char *text)
{
  g_autoptr(JsonNode) root = text ? json_from_string (text, NULL) : NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  if (root != NULL && JSON_NODE_HOLDS_ARRAY (root))
    {
      JsonArray *array = json_node_get_array (root);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          const char *item = json_array_get_string_element (array, i);

          if (item != NULL)
            g_strv_builder_add (builder, item);
        }
    }

  return g_strv_builder_end (builder);
}

/* Binds one property's value to parameter index. */
static gboolean
bind_property (TerraStatement  *stmt,
               int              index,
               GObject         *object,
               GParamSpec      *pspec,
               gboolean         not_null,
               GError         **error)
{
  g_auto(GValue) value = G_VALUE_INIT;
  GType type = G_PARAM_SPEC_VALUE_TYPE (pspec);

  g_value_init (&value, type);
  g_object_get_property (object, pspec->name, &value);

  if (type == G_TYPE_INT64)
    {
      gint64 number = g_value_get_int64 (&value);

      if (number == 0 && !not_null)
        sqlite3_bind_null (stmt, index);
      else
        sqlite3_bind_int64 (stmt, index, number);
    }
  else if (type == G_TYPE_INT)
    sqlite3_bind_int (stmt, index, g_value_get_int (&value));
  else if (type == G_TYPE_BOOLEAN)
    sqlite3_bind_int (stmt, index, g_value_get_boolean (&value) ? 1 : 0);
  else if (type == G_TYPE_DOUBLE)
    sqlite3_bind_double (stmt, index, g_value_get_double (&value));
  else if (type == G_TYPE_STRING)
    return _terra_store_bind_text (stmt, index, g_value_get_string (&value), pspec->name, error);
  else if (type == G_TYPE_STRV)
    {
      g_autofree char *json = strv_to_json (g_value_get_boxed (&value));

      return _terra_store_bind_text (stmt, index, json, pspec->name, error);
    }
  else if (G_TYPE_IS_ENUM (type))
    sqlite3_bind_text (stmt, index, terra_enum_to_nick (type, g_value_get_enum (&value)), -1, SQLITE_STATIC);
  else
    g_assert_not_reached ();

  return TRUE;
}

/* Reads column i of the current row into value (initialised to the
 * property's type). */
static void
read_column (TerraStatement *stmt,
             int             i,
             GParamSpec     *pspec,
             GValue         *value)
{
  GType type = G_PARAM_SPEC_VALUE_TYPE (pspec);

  g_value_init (value, type);

  if (type == G_TYPE_INT64)
    g_value_set_int64 (value, sqlite3_column_int64 (stmt, i));
  else if (type == G_TYPE_INT)
    g_value_set_int (value, sqlite3_column_int (stmt, i));
  else if (type == G_TYPE_BOOLEAN)
    g_value_set_boolean (value, sqlite3_column_int (stmt, i) != 0);
  else if (type == G_TYPE_DOUBLE)
    g_value_set_double (value, sqlite3_column_double (stmt, i));
  else if (type == G_TYPE_STRING)
    g_value_set_string (value, (const char *)sqlite3_column_text (stmt, i));
  else if (type == G_TYPE_STRV)
    g_value_take_boxed (value, json_to_strv ((const char *)sqlite3_column_text (stmt, i)));
  else if (G_TYPE_IS_ENUM (type))
    {
      int number = G_PARAM_SPEC_ENUM (pspec)->default_value;
      const char *nick = (const char *)sqlite3_column_text (stmt, i);

      if (!terra_enum_from_nick (type, nick, &number))
        g_warning ("Unknown %s “%s” in the workspace; using the default", pspec->name, nick);
      g_value_set_enum (value, number);
    }
  else
    g_assert_not_reached ();
}

/* Makes an object of type from the current row of stmt. Columns with no
 * property of that name are skipped. */
gpointer
_terra_store_object_from_row (TerraStore     *self,
                              GType           type,
                              TerraStatement *stmt)
{
  g_autoptr(GTypeClass) klass = g_type_class_ref (type);
  int n_columns = sqlite3_column_count (stmt);
  const char *names[64];
  GValue values[64] = { G_VALUE_INIT };
  guint n_values = 0;
  GObject *object;

  g_assert (n_columns <= (int)G_N_ELEMENTS (names));

  for (int i = 0; i < n_columns; i++)
    {
      g_autofree char *property = column_to_property (sqlite3_column_name (stmt, i));
      GParamSpec *pspec = g_object_class_find_property (G_OBJECT_CLASS (klass), property);

      if (pspec == NULL)
        continue;

      names[n_values] = pspec->name;
      read_column (stmt, i, pspec, &values[n_values]);
      n_values++;
    }

  object = g_object_new_with_properties (type, n_values, names, values);

  for (guint i = 0; i < n_values; i++)
    g_value_unset (&values[i]);

  return object;
}

/* Steps stmt to its end, making an object of each row. */
GPtrArray *
_terra_store_collect_objects (TerraStore      *self,
                              GType            type,
                              TerraStatement  *stmt,
                              const char      *what,
                              GError         **error)
{
  g_autoptr(GPtrArray) objects = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) local_error = NULL;

  while (_terra_store_step_row (self, stmt, what, &local_error))
    g_ptr_array_add (objects, _terra_store_object_from_row (self, type, stmt));

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  return g_steal_pointer (&objects);
}

/* Binds every writable column of object, parameters 1…n-1 in column order. */
static gboolean
bind_columns (TerraStatement  *stmt,
              ColumnSet       *set,
              GObject         *object,
              GError         **error)
{
  GObjectClass *klass = G_OBJECT_GET_CLASS (object);

  for (guint i = 1; i < set->names->len; i++)
    {
      g_autofree char *property = column_to_property (g_ptr_array_index (set->names, i));
      GParamSpec *pspec = g_object_class_find_property (klass, property);

      if (pspec == NULL)
        {
          g_set_error (error, TERRA_STORE_ERROR, TERRA_STORE_ERROR_FAILED,
                       "%s has no property for column %s",
                       G_OBJECT_TYPE_NAME (object), (const char *)g_ptr_array_index (set->names, i));
          return FALSE;
        }

      if (!bind_property (stmt, i, object, pspec, g_array_index (set->not_null, gboolean, i), error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
has_property (GObject    *object,
              const char *name)
{
  return g_object_class_find_property (G_OBJECT_GET_CLASS (object), name) != NULL;
}

static gint64
get_int64 (GObject    *object,
           const char *name)
{
  gint64 value = 0;

  g_object_get (object, name, &value, NULL);
  return value;
}

/* Fills what the database needs but a caller need not choose: times, and
 * the unique keys that name a row to the outside world. */
static void
prepare_for_insert (GObject *object)
{
  gint64 now = g_get_real_time ();
  const char *required_times[] = { "created-at", "updated-at", "last-activity-at", "next-attempt-at" };
  const char *generated_keys[] = { "uid", "idempotency-key" };

  for (guint i = 0; i < G_N_ELEMENTS (required_times); i++)
    if (has_property (object, required_times[i]) && get_int64 (object, required_times[i]) == 0)
      g_object_set (object, required_times[i], now, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (generated_keys); i++)
    {
      g_autofree char *key = NULL;

      if (!has_property (object, generated_keys[i]))
        continue;
      g_object_get (object, generated_keys[i], &key, NULL);
      if (key == NULL || *key == '\0')
        {
          g_autofree char *uuid = g_uuid_string_random ();
          g_autofree char *generated = g_strdup_printf ("%s@terra", uuid);

          g_object_set (object, generated_keys[i], generated, NULL);
        }
    }
}

/* A knowledge item's search passages follow its text, in the same
 * transaction, so that no caller can forget them. */
static gboolean
sync_knowledge_chunks (TerraStore  *self,
                       GObject     *entity,
                       GError     **error)
{
  if (!TERRA_IS_KNOWLEDGE_ITEM (entity))
    return TRUE;
  return terra_knowledge_reindex_item (self, get_int64 (entity, "id"), error);
}

static gboolean
insert_row (TerraStore            *self,
            const TerraTableInfo  *info,
            GObject               *entity,
            GError               **error)
{
  g_autoptr(TerraStatement) stmt = NULL;
  ColumnSet *set;
  gint64 id;

  if ((set = get_columns (self, info->table, error)) == NULL)
    return FALSE;

  prepare_for_insert (entity);

  stmt = _terra_store_prepare (self, set->insert_sql, error);
  if (stmt == NULL || !bind_columns (stmt, set, entity, error))
    return FALSE;

  if (!_terra_store_step_done (self, stmt, _("Could not save"), error))
    return FALSE;

  id = sqlite3_last_insert_rowid (_terra_store_get_db (self));
  g_object_set (entity, "id", id, NULL);
  _terra_store_note_change (self, info->entity, TERRA_CHANGE_CREATED, id);
  return TRUE;
}

/**
 * terra_store_insert:
 * @entity: a new entity object (id 0)
 *
 * Saves @entity and sets its id. Unset creation times become now.
 */
gboolean
terra_store_insert (TerraStore  *self,
                    gpointer     entity,
                    GError     **error)
{
  const TerraTableInfo *info;
  gboolean own_transaction;
  gboolean ok;

  g_return_val_if_fail (TERRA_IS_STORE (self), FALSE);
  g_return_val_if_fail (G_IS_OBJECT (entity), FALSE);
  info = _terra_store_table_for_type (G_OBJECT_TYPE (entity));
  g_return_val_if_fail (info != NULL, FALSE);

  if (!TERRA_IS_KNOWLEDGE_ITEM (entity))
    return insert_row (self, info, entity, error);

  if (!_terra_store_begin_joined (self, &own_transaction, error))
    return FALSE;
  ok = insert_row (self, info, entity, error) && sync_knowledge_chunks (self, entity, error);
  if (!ok)
    g_object_set (entity, "id", (gint64)0, NULL);
  return _terra_store_end_joined (self, own_transaction, ok, error);
}

/* A knowledge item whose text changes keeps its previous text as a
 * version, so the owner can restore it. */
static gboolean
keep_knowledge_version (TerraStore          *self,
                        TerraKnowledgeItem  *item,
                        GError             **error)
{
  g_autoptr(TerraStatement) current = NULL;
  g_autoptr(TerraStatement) insert = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *old_title;
  const char *old_body;
  int old_version;

  current = _terra_store_prepare (self, "SELECT title, body, version FROM knowledge_items WHERE id = ?", error);
  if (current == NULL)
    return FALSE;
  sqlite3_bind_int64 (current, 1, terra_knowledge_item_get_id (item));
  if (!_terra_store_step_row (self, current, _("Could not read the knowledge item"), &local_error))
    {
      /* A missing row is the update's to report, as NOT_FOUND. */
      if (local_error == NULL)
        return TRUE;
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  old_title = (const char *)sqlite3_column_text (current, 0);
  old_body = (const char *)sqlite3_column_text (current, 1);
  old_version = sqlite3_column_int (current, 2);

  if (g_strcmp0 (old_title, terra_knowledge_item_get_title (item)) == 0 &&
      g_strcmp0 (old_body, terra_knowledge_item_get_body (item)) == 0)
    return TRUE;

  insert = _terra_store_prepare (self,
                                 "INSERT INTO knowledge_versions (item_id, version, title, body, created_at) "
                                 "VALUES (?, ?, ?, ?, ?)",
                                 error);
  if (insert == NULL)
    return FALSE;
  sqlite3_bind_int64 (insert, 1, terra_knowledge_item_get_id (item));
  sqlite3_bind_int (insert, 2, old_version);
  sqlite3_bind_text (insert, 3, old_title, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (insert, 4, old_body, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (insert, 5, g_get_real_time ());
  if (!_terra_store_step_done (self, insert, _("Could not keep the previous version"), error))
    return FALSE;

  g_object_set (item, "version", old_version + 1, NULL);
  return TRUE;
}

static gboolean
update_row (TerraStore            *self,
            const TerraTableInfo  *info,
            GObject               *entity,
            GError               **error)
{
  g_autoptr(TerraStatement) stmt = NULL;
  ColumnSet *set;
  gint64 id = get_int64 (entity, "id");
  int version = 0;
  gboolean saved = FALSE;

  if ((set = get_columns (self, info->table, error)) == NULL)
    return FALSE;

  if (TERRA_IS_KNOWLEDGE_ITEM (entity))
    {
      version = terra_knowledge_item_get_version (TERRA_KNOWLEDGE_ITEM (entity));
      if (!keep_knowledge_version (self, TERRA_KNOWLEDGE_ITEM (entity), error))
        return FALSE;
    }

  if (has_property (entity, "updated-at"))
    g_object_set (entity, "updated-at", g_get_real_time (), NULL);

  stmt = _terra_store_prepare (self, set->update_sql, error);
  if (stmt != NULL && bind_columns (stmt, set, entity, error))
    {
      sqlite3_bind_int64 (stmt, set->names->len, id);
      saved = _terra_store_step_done (self, stmt, _("Could not save"), error);
    }

  if (!saved)
    {
      /* The transaction rolls back; the object must not claim a version
       * the database does not have. */
      if (version > 0)
        g_object_set (entity, "version", version, NULL);
      return FALSE;
    }

  if (sqlite3_changes (_terra_store_get_db (self)) == 0)
    {
      g_set_error (error, TERRA_STORE_ERROR, TERRA_STORE_ERROR_NOT_FOUND,
                   _("There is no %s with id %lld"), info->table, (long long)id);
      return FALSE;
    }

  _terra_store_note_change (self, info->entity, TERRA_CHANGE_UPDATED, id);
  return TRUE;
}

/**
 * terra_store_update:
 * @entity: an entity read from or inserted into this workspace
 *
 * Saves every field of @entity. Fails with %TERRA_STORE_ERROR_NOT_FOUND if
 * the row is gone.
 */
gboolean
terra_store_update (TerraStore  *self,
                    gpointer     entity,
                    GError     **error)
{
  const TerraTableInfo *info;
  gboolean own_transaction;

  g_return_val_if_fail (TERRA_IS_STORE (self), FALSE);
  g_return_val_if_fail (G_IS_OBJECT (entity), FALSE);
  info = _terra_store_table_for_type (G_OBJECT_TYPE (entity));
  g_return_val_if_fail (info != NULL, FALSE);

  if (!_terra_store_begin_joined (self, &own_transaction, error))
    return FALSE;

  return _terra_store_end_joined (self, own_transaction,
                                  update_row (self, info, entity, error) &&
                                  sync_knowledge_chunks (self, entity, error),
                                  error);
}

/**
 * terra_store_get:
 *
 * Returns: (transfer full) (type GObject): the entity, or %NULL with
 *   %TERRA_STORE_ERROR_NOT_FOUND
 */
gpointer
terra_store_get (TerraStore  *self,
                 GType        entity_type,
                 gint64       id,
                 GError     **error)
{
  const TerraTableInfo *info;
  g_autoptr(TerraStatement) stmt = NULL;
  g_autofree char *sql = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (TERRA_IS_STORE (self), NULL);
  info = _terra_store_table_for_type (entity_type);
  g_return_val_if_fail (info != NULL, NULL);

  sql = g_strdup_printf ("SELECT * FROM %s WHERE id = ?", info->view);
  stmt = _terra_store_prepare (self, sql, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);

  if (!_terra_store_step_row (self, stmt, _("Could not read"), &local_error))
    {
      if (local_error != NULL)
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, TERRA_STORE_ERROR, TERRA_STORE_ERROR_NOT_FOUND,
                     _("There is no %s with id %lld"), info->table, (long long)id);
      return NULL;
    }

  return _terra_store_object_from_row (self, entity_type, stmt);
}

static GArray *
contact_conversation_ids (TerraStore  *self,
                          gint64       contact_id,
                          GError     **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(TerraStatement) stmt = NULL;
  g_autoptr(GError) local_error = NULL;

  stmt = _terra_store_prepare (self, "SELECT id FROM conversations WHERE contact_id = ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, contact_id);

  while (_terra_store_step_row (self, stmt, _("Could not read the conversations"), &local_error))
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

/* Deletes an entity and, through the schema's cascades, what belongs to it
 * (a contact's conversations, messages, bookings and tasks). The audit log
 * keeps its entries. */
gboolean
terra_store_delete (TerraStore  *self,
                    GType        entity_type,
                    gint64       id,
                    GError     **error)
{
  const TerraTableInfo *info;
  g_autoptr(TerraStatement) stmt = NULL;
  g_autoptr(GArray) cascaded = NULL;
  g_autofree char *sql = NULL;

  g_return_val_if_fail (TERRA_IS_STORE (self), FALSE);
  info = _terra_store_table_for_type (entity_type);
  g_return_val_if_fail (info != NULL, FALSE);

  /* The conversations a contact's deletion takes with it (ON DELETE
   * CASCADE) are announced too, so a view of conversations refreshes. */
  if (entity_type == TERRA_TYPE_CONTACT &&
      (cascaded = contact_conversation_ids (self, id, error)) == NULL)
    return FALSE;

  sql = g_strdup_printf ("DELETE FROM %s WHERE id = ?", info->table);
  stmt = _terra_store_prepare (self, sql, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);

  if (!_terra_store_step_done (self, stmt, _("Could not delete"), error))
    return FALSE;

  if (sqlite3_changes (_terra_store_get_db (self)) == 0)
    {
      g_set_error (error, TERRA_STORE_ERROR, TERRA_STORE_ERROR_NOT_FOUND,
                   _("There is no %s with id %lld"), info->table, (long long)id);
      return FALSE;
    }

  for (guint i = 0; cascaded != NULL && i < cascaded->len; i++)
    _terra_store_note_change (self, TERRA_ENTITY_CONVERSATION, TERRA_CHANGE_DELETED,
                              g_array_index (cascaded, gint64, i));
  _terra_store_note_change (self, info->entity, TERRA_CHANGE_DELETED, id);
  return TRUE;
}

/* Queries */

static gboolean
column_exists (ColumnSet  *set,
               const char *column)
{
  for (guint i = 0; i < set->names->len; i++)
    if (g_strcmp0 (g_ptr_array_index (set->names, i), column) == 0)
      return TRUE;
  return FALSE;
}

static const char *
op_to_sql (TerraQueryOp op)
{
  switch (op)
    {
    case TERRA_QUERY_EQ: return "=";
    case TERRA_QUERY_NE: return "!=";
    case TERRA_QUERY_LT: return "<";
    case TERRA_QUERY_LE: return "<=";
    case TERRA_QUERY_GT: return ">";
    case TERRA_QUERY_GE: return ">=";
    default: g_assert_not_reached ();
    }
}

/* Where a free-text search looks, per entity. ?S is a LIKE pattern, ?M an
 * FTS5 query over message text. */
static const char *
search_clause (GType type)
{
  if (type == TERRA_TYPE_CONVERSATION)
    return "(terra_fold (contact_name) LIKE ?S ESCAPE '\\'"
           " OR contact_id IN (SELECT contact_id FROM contact_identities WHERE address LIKE ?S ESCAPE '\\')"
           " OR id IN (SELECT conversation_id FROM messages WHERE id IN"
           "   (SELECT rowid FROM messages_fts WHERE messages_fts MATCH ?M)))";
  if (type == TERRA_TYPE_CONTACT)
    return "(terra_fold (name) LIKE ?S ESCAPE '\\'"
           " OR EXISTS (SELECT 1 FROM json_each (phones) WHERE terra_fold (value) LIKE ?S ESCAPE '\\')"
           " OR EXISTS (SELECT 1 FROM json_each (emails) WHERE terra_fold (value) LIKE ?S ESCAPE '\\'))";
  if (type == TERRA_TYPE_KNOWLEDGE_ITEM)
    return "(terra_fold (title) LIKE ?S ESCAPE '\\' OR terra_fold (body) LIKE ?S ESCAPE '\\')";
  return NULL;
}

/* A LIKE pattern matching the case-folded text anywhere; the columns are
 * folded by terra_fold(). */
static char *
like_pattern (const char *text)
{
  g_autofree char *folded = g_utf8_casefold (text, -1);
  GString *pattern = g_string_new ("%");

  for (const char *p = folded; *p != '\0'; p++)
    {
      if (*p == '%' || *p == '_' || *p == '\\')
        g_string_append_c (pattern, '\\');
      g_string_append_c (pattern, *p);
    }
  g_string_append_c (pattern, '%');
  return g_string_free (pattern, FALSE);
}

/* Turns what a person typed into an FTS5 query that matches every word as
 * a prefix; quoting each word keeps FTS syntax in the text inert. */
static char *
fts_query (const char *text)
{
  g_auto(GStrv) words = g_str_tokenize_and_fold (text, NULL, NULL);
  GString *query = g_string_new (NULL);

  for (guint i = 0; words != NULL && words[i] != NULL; i++)
    {
      g_autofree char *escaped = NULL;
      g_auto(GStrv) parts = g_strsplit (words[i], "\"", -1);

      escaped = g_strjoinv ("\"\"", parts);
      g_string_append_printf (query, "%s\"%s\"*", i > 0 ? " " : "", escaped);
    }

  if (query->len == 0)
    g_string_append (query, "\"\"");
  return g_string_free (query, FALSE);
}

/* Builds "FROM view WHERE …" for query, checking every column name. */
static char *
build_where (TerraStore  *self,
             TerraQuery  *query,
             const char **view,
             GError     **error)
{
  const TerraTableInfo *info = _terra_store_table_for_type (query->entity_type);
  g_autoptr(GString) sql = g_string_new (NULL);
  ColumnSet *set;

  g_assert (info != NULL);
  if ((set = get_columns (self, info->view, error)) == NULL)
    return NULL;

  *view = info->view;
  g_string_append_printf (sql, " FROM %s WHERE 1", info->view);

  for (guint i = 0; i < query->conditions->len; i++)
    {
      TerraQueryCondition *condition = g_ptr_array_index (query->conditions, i);

      if (!column_exists (set, condition->column))
        {
          g_set_error (error, TERRA_STORE_ERROR, TERRA_STORE_ERROR_INVALID,
                       "%s has no column %s", info->view, condition->column);
          return NULL;
        }

      if (condition->is_null)
        g_string_append_printf (sql, " AND %s IS %sNULL", condition->column,
                                condition->op == TERRA_QUERY_EQ ? "" : "NOT ");
      else
        g_string_append_printf (sql, " AND %s %s ?%u", condition->column, op_to_sql (condition->op), i + 1);
    }

  if (query->search != NULL)
    {
      const char *clause = search_clause (query->entity_type);
      g_autofree char *numbered_s = g_strdup_printf ("?%u", query->conditions->len + 1);
      g_autofree char *numbered_m = g_strdup_printf ("?%u", query->conditions->len + 2);
      g_autoptr(GString) text = g_string_new (clause);

      g_string_replace (text, "?S", numbered_s, 0);
      g_string_replace (text, "?M", numbered_m, 0);
      g_string_append_printf (sql, " AND %s", text->str);
    }

  if (query->order_column != NULL && !column_exists (set, query->order_column))
    {
      g_set_error (error, TERRA_STORE_ERROR, TERRA_STORE_ERROR_INVALID,
                   "%s has no column %s", info->view, query->order_column);
      return NULL;
    }

  return g_string_free (g_steal_pointer (&sql), FALSE);
}

static gboolean
bind_query (TerraStatement  *stmt,
            TerraQuery      *query,
            GError         **error)
{
  for (guint i = 0; i < query->conditions->len; i++)
    {
      TerraQueryCondition *condition = g_ptr_array_index (query->conditions, i);

      if (condition->is_null)
        continue;
      if (G_VALUE_HOLDS_INT64 (&condition->value))
        sqlite3_bind_int64 (stmt, i + 1, g_value_get_int64 (&condition->value));
      else if (!_terra_store_bind_text (stmt, i + 1, g_value_get_string (&condition->value),
                                        condition->column, error))
        return FALSE;
    }

  if (query->search != NULL)
    {
      g_autofree char *pattern = like_pattern (query->search);
      g_autofree char *match = fts_query (query->search);
      guint base = query->conditions->len;

      if (!_terra_store_bind_text (stmt, base + 1, pattern, _("The search text"), error))
        return FALSE;
      if (query->entity_type == TERRA_TYPE_CONVERSATION)
        sqlite3_bind_text (stmt, base + 2, match, -1, SQLITE_TRANSIENT);
    }

  return TRUE;
}

/**
 * terra_store_list:
 *
 * Returns: (transfer full) (element-type GObject): the entities @query
 *   selects, in its order (newest id first by default)
 */
GPtrArray *
terra_store_list (TerraStore  *self,
                  TerraQuery  *query,
                  GError     **error)
{
  g_autofree char *where = NULL;
  g_autofree char *sql = NULL;
  g_autoptr(TerraStatement) stmt = NULL;
  const char *view = NULL;

  g_return_val_if_fail (TERRA_IS_STORE (self), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  if ((where = build_where (self, query, &view, error)) == NULL)
    return NULL;

  sql = g_strdup_printf ("SELECT *%s ORDER BY %s %s, id %s LIMIT %u OFFSET %u",
                         where,
                         query->order_column ? query->order_column : "id",
                         query->order_descending ? "DESC" : "ASC",
                         query->order_descending ? "DESC" : "ASC",
                         query->limit, query->offset);
  /* LIMIT and OFFSET are numbers from code, formatted, so that every page
   * shape does not need a statement of its own: cache on the shape only. */
  if ((stmt = _terra_store_prepare (self, sql, error)) == NULL ||
      !bind_query (stmt, query, error))
    return NULL;

  return _terra_store_collect_objects (self, query->entity_type, stmt, _("Could not list"), error);
}

/* Returns how many entities query selects (ignoring its range), or -1. */
gint64
terra_store_count (TerraStore  *self,
                   TerraQuery  *query,
                   GError     **error)
{
  g_autofree char *where = NULL;
  g_autofree char *sql = NULL;
  g_autoptr(TerraStatement) stmt = NULL;
  const char *view = NULL;

  g_return_val_if_fail (TERRA_IS_STORE (self), -1);
  g_return_val_if_fail (query != NULL, -1);

  if ((where = build_where (self, query, &view, error)) == NULL)
    return -1;

  sql = g_strdup_printf ("SELECT count(*)%s", where);
  if ((stmt = _terra_store_prepare (self, sql, error)) == NULL ||
      !bind_query (stmt, query, error))
    return -1;

  if (!_terra_store_step_row (self, stmt, _("Could not count"), error))
    return -1;
  return sqlite3_column_int64 (stmt, 0);
}
