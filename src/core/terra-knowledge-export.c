/* terra-knowledge-export.c — JSON export and all-or-nothing import of the
 * knowledge base and the training instructions
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "terra-knowledge-export"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "terra-enums.h"
#include "terra-knowledge-export.h"

#define MAX_TITLE_CHARS       500
#define MAX_INSTRUCTION_CHARS 4000

static GPtrArray *
list_all (TerraStore  *store,
          GType        type,
          const char  *order,
          gboolean     descending,
          GError     **error)
{
  g_autoptr(TerraQuery) query = terra_query_new (type);

  terra_query_order_by (query, order, descending);
  /* Everything: a query reads 100 rows unless told otherwise. */
  terra_query_set_range (query, 0, G_MAXINT);
  return terra_store_list (store, query, error);
}

static void
add_string (JsonBuilder *builder,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value != NULL ? value : "");
}

static void
add_items (JsonBuilder *builder,
           GPtrArray   *items)
{
  json_builder_set_member_name (builder, "knowledge");
  json_builder_begin_array (builder);
  for (guint i = 0; i < items->len; i++)
    {
      TerraKnowledgeItem *item = g_ptr_array_index (items, i);

      json_builder_begin_object (builder);
      add_string (builder, "category",
                  terra_enum_to_nick (TERRA_TYPE_KNOWLEDGE_CATEGORY, terra_knowledge_item_get_category (item)));
      add_string (builder, "title", terra_knowledge_item_get_title (item));
      add_string (builder, "body", terra_knowledge_item_get_body (item));
      json_builder_set_member_name (builder, "published");
      json_builder_add_boolean_value (builder, terra_knowledge_item_get_published (item));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static void
add_instructions (JsonBuilder *builder,
                  GPtrArray   *instructions)
{
  json_builder_set_member_name (builder, "instructions");
  json_builder_begin_array (builder);
  for (guint i = 0; i < instructions->len; i++)
    {
      TerraInstruction *instruction = g_ptr_array_index (instructions, i);

      json_builder_begin_object (builder);
      add_string (builder, "kind",
                  terra_enum_to_nick (TERRA_TYPE_INSTRUCTION_KIND, terra_instruction_get_kind (instruction)));
      add_string (builder, "condition", terra_instruction_get_condition (instruction));
      add_string (builder, "body", terra_instruction_get_body (instruction));
      json_builder_set_member_name (builder, "priority");
      json_builder_add_int_value (builder, terra_instruction_get_priority (instruction));
      json_builder_set_member_name (builder, "enabled");
      json_builder_add_boolean_value (builder, terra_instruction_get_enabled (instruction));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

/**
 * terra_knowledge_export_json:
 *
 * Returns: (transfer full): every knowledge item (published or not) and
 *   every instruction as a JSON document, or NULL with @error
 */
char *
terra_knowledge_export_json (TerraStore  *store,
                             GError     **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GPtrArray) instructions = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format_iso8601 (now);

  g_return_val_if_fail (TERRA_IS_STORE (store), NULL);

  /* One snapshot, so the two lists agree. */
  if (!terra_store_begin_read (store, error))
    return NULL;
  items = list_all (store, TERRA_TYPE_KNOWLEDGE_ITEM, "id", FALSE, error);
  if (items != NULL)
    instructions = list_all (store, TERRA_TYPE_INSTRUCTION, "priority", TRUE, error);
  terra_store_rollback (store);
  if (items == NULL || instructions == NULL)
    return NULL;

  json_builder_begin_object (builder);
  add_string (builder, "format", TERRA_KNOWLEDGE_EXPORT_FORMAT);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, TERRA_KNOWLEDGE_EXPORT_VERSION);
  add_string (builder, "exported_at", stamp);
  add_items (builder, items);
  add_instructions (builder, instructions);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  return json_generator_to_data (generator, NULL);
}

/* Import */

static gboolean
invalid (GError     **error,
         const char  *what,
         guint        index,
         const char  *message)
{
  g_set_error (error, TERRA_STORE_ERROR, TERRA_STORE_ERROR_INVALID,
               /* Translators: "knowledge entry 3: the title is empty" */
               _("%s %u: %s"), what, index + 1, message);
  return FALSE;
}

/* The member @name of @object as a string; NULL if it is missing or not a
 * string. */
static const char *
get_string (JsonObject *object,
            const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gboolean
get_boolean (JsonObject *object,
             const char *name,
             gboolean    fallback)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return fallback;
  return json_node_get_boolean (node);
}

static TerraKnowledgeItem *
item_from_json (JsonNode  *node,
                guint      index,
                GError   **error)
{
  const char *what = _("Knowledge entry");
  g_autoptr(TerraKnowledgeItem) item = terra_knowledge_item_new ();
  JsonObject *object;
  const char *title;
  const char *body;
  int category;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return invalid (error, what, index, _("not an object")), NULL;
  object = json_node_get_object (node);

  if (!terra_enum_from_nick (TERRA_TYPE_KNOWLEDGE_CATEGORY, get_string (object, "category"), &category))
    return invalid (error, what, index, _("unknown category")), NULL;
  title = get_string (object, "title");
  if (title == NULL || title[0] == '\0' || g_utf8_strlen (title, -1) > MAX_TITLE_CHARS ||
      !g_utf8_validate (title, -1, NULL))
    return invalid (error, what, index, _("the title is missing, empty or too long")), NULL;
  body = get_string (object, "body");
  if (body == NULL)
    return invalid (error, what, index, _("the text is missing")), NULL;

  terra_knowledge_item_set_category (item, category);
  terra_knowledge_item_set_title (item, title);
  terra_knowledge_item_set_body (item, body);
  terra_knowledge_item_set_published (item, get_boolean (object, "published", FALSE));
  return g_steal_pointer (&item);
}

static TerraInstruction *
instruction_from_json (JsonNode  *node,
                       guint      index,
                       GError   **error)
{
  const char *what = _("Instruction");
  g_autoptr(TerraInstruction) instruction = terra_instruction_new ();
  JsonObject *object;
  JsonNode *priority;
  const char *body;
  const char *condition;
  int kind;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return invalid (error, what, index, _("not an object")), NULL;
  object = json_node_get_object (node);

  if (!terra_enum_from_nick (TERRA_TYPE_INSTRUCTION_KIND, get_string (object, "kind"), &kind))
    return invalid (error, what, index, _("unknown kind")), NULL;
  body = get_string (object, "body");
  if (body == NULL || body[0] == '\0' || g_utf8_strlen (body, -1) > MAX_INSTRUCTION_CHARS)
    return invalid (error, what, index, _("the text is missing, empty or too long")), NULL;
  condition = get_string (object, "condition");
  priority = json_object_get_member (object, "priority");
  if (priority != NULL && (!JSON_NODE_HOLDS_VALUE (priority) || json_node_get_value_type (priority) != G_TYPE_INT64))
    return invalid (error, what, index, _("the priority is not a whole number")), NULL;

  terra_instruction_set_kind (instruction, kind);
  terra_instruction_set_condition (instruction, condition != NULL ? condition : "");
  terra_instruction_set_body (instruction, body);
  terra_instruction_set_priority (instruction,
                                  priority != NULL ? (int)CLAMP (json_node_get_int (priority), G_MININT, G_MAXINT) : 0);
  terra_instruction_set_enabled (instruction, get_boolean (object, "enabled", TRUE));
  return g_steal_pointer (&instruction);
}

/* Reads @array (which may be missing) into entities with @convert; FALSE
 * at the first bad entry. */
static gboolean
read_array (JsonObject  *root,
            const char  *name,
            gpointer   (*convert) (JsonNode *, guint, GError **),
            GPtrArray   *out,
            GError     **error)
{
  JsonNode *node = json_object_get_member (root, name);
  JsonArray *array;

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error (error, TERRA_STORE_ERROR, TERRA_STORE_ERROR_INVALID,
                   _("“%s” is not a list"), name);
      return FALSE;
    }

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      gpointer entity = convert (json_array_get_element (array, i), i, error);

      if (entity == NULL)
        return FALSE;
      g_ptr_array_add (out, entity);
    }
  return TRUE;
}

/* What makes two entries the same: a knowledge item's category, title
 * and text; an instruction's kind, condition and text. The unit separator
 * cannot be typed into any of them. */
static char *
item_key (TerraKnowledgeItem *item)
{
  return g_strdup_printf ("%d\x1f%s\x1f%s", terra_knowledge_item_get_category (item),
                          terra_knowledge_item_get_title (item), terra_knowledge_item_get_body (item));
}

static char *
instruction_key (TerraInstruction *instruction)
{
  return g_strdup_printf ("%d\x1f%s\x1f%s", terra_instruction_get_kind (instruction),
                          terra_instruction_get_condition (instruction), terra_instruction_get_body (instruction));
}

/* The keys of @entities, made with @make_key. */
static GHashTable *
key_set (GPtrArray *entities,
         char     *(*make_key) (gpointer))
{
  GHashTable *keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < entities->len; i++)
    g_hash_table_add (keys, make_key (g_ptr_array_index (entities, i)));
  return keys;
}

/* Inserts what is new; runs inside the caller's transaction. */
static gboolean
insert_new (TerraStore                  *store,
            GPtrArray                   *items,
            GPtrArray                   *instructions,
            TerraKnowledgeImportCounts  *counts,
            GError                     **error)
{
  g_autoptr(GPtrArray) existing_items = list_all (store, TERRA_TYPE_KNOWLEDGE_ITEM, "id", FALSE, error);
  g_autoptr(GPtrArray) existing_instructions = NULL;
  g_autoptr(GHashTable) item_keys = NULL;
  g_autoptr(GHashTable) instruction_keys = NULL;

  if (existing_items == NULL)
    return FALSE;
  existing_instructions = list_all (store, TERRA_TYPE_INSTRUCTION, "id", FALSE, error);
  if (existing_instructions == NULL)
    return FALSE;
  item_keys = key_set (existing_items, (char *(*) (gpointer))item_key);
  instruction_keys = key_set (existing_instructions, (char *(*) (gpointer))instruction_key);

  for (guint i = 0; i < items->len; i++)
    {
      TerraKnowledgeItem *item = g_ptr_array_index (items, i);

      /* g_hash_table_add() is FALSE when the key was there already. */
      if (!g_hash_table_add (item_keys, item_key (item)))
        {
          counts->items_skipped++;
          continue;
        }
      if (!terra_store_insert (store, item, error))
        return FALSE;
      counts->items_added++;
    }

  for (guint i = 0; i < instructions->len; i++)
    {
      TerraInstruction *instruction = g_ptr_array_index (instructions, i);

      if (!g_hash_table_add (instruction_keys, instruction_key (instruction)))
        {
          counts->instructions_skipped++;
          continue;
        }
      if (!terra_store_insert (store, instruction, error))
        return FALSE;
      counts->instructions_added++;
    }
  return TRUE;
}

/**
 * terra_knowledge_import_json:
 * @counts: (out) (optional): what was added and skipped
 *
 * Adds the knowledge items and instructions of an exported document, all
 * of them or, on any error, none.
 */
gboolean
terra_knowledge_import_json (TerraStore                  *store,
                             const char                  *json,
                             gssize                       length,
                             TerraKnowledgeImportCounts  *counts,
                             GError                     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) instructions = g_ptr_array_new_with_free_func (g_object_unref);
  TerraKnowledgeImportCounts local_counts = { 0, };
  JsonNode *root;
  JsonObject *object;

  g_return_val_if_fail (TERRA_IS_STORE (store), FALSE);
  g_return_val_if_fail (json != NULL, FALSE);

  if (!json_parser_load_from_data (parser, json, length, error))
    return FALSE;

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root) ||
      g_strcmp0 (get_string (json_node_get_object (root), "format"), TERRA_KNOWLEDGE_EXPORT_FORMAT) != 0)
    {
      g_set_error (error, TERRA_STORE_ERROR, TERRA_STORE_ERROR_INVALID,
                   _("Not a knowledge export of Terra"));
      return FALSE;
    }
  object = json_node_get_object (root);
  if (json_object_get_int_member_with_default (object, "version", 0) > TERRA_KNOWLEDGE_EXPORT_VERSION)
    {
      g_set_error (error, TERRA_STORE_ERROR, TERRA_STORE_ERROR_NEWER_SCHEMA,
                   _("The file was exported by a newer Terra"));
      return FALSE;
    }

  if (!read_array (object, "knowledge", (gpointer (*) (JsonNode *, guint, GError **))item_from_json,
                   items, error) ||
      !read_array (object, "instructions", (gpointer (*) (JsonNode *, guint, GError **))instruction_from_json,
                   instructions, error))
    return FALSE;

  if (!terra_store_begin (store, error))
    return FALSE;
  if (!insert_new (store, items, instructions, &local_counts, error) ||
      !terra_store_commit (store, error))
    {
      terra_store_rollback (store);
      return FALSE;
    }

  if (counts != NULL)
    *counts = local_counts;
  return TRUE;
}
