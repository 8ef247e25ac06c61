/* terra-gemini-provider-schema.c — tool schemas in the JSON Schema
 * subset Gemini takes
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Gemini's function parameters are an OpenAPI 3.0 Schema object: keywords
 * it does not know (additionalProperties, $schema, const, …) make the
 * whole request fail with 400. Tools are written once, in JSON Schema, for
 * every provider; this keeps what Gemini knows, rewrites what has an
 * OpenAPI equivalent and drops the rest (the tools validate their
 * arguments themselves, so nothing is lost but a hint to the model).
 */

#define G_LOG_DOMAIN "terra-provider"

#include "config.h"

#include "terra-gemini-provider-private.h"

/* The OpenAPI subset of JSON Schema that Gemini accepts. */
static const char * const schema_keywords[] = {
  "type", "format", "title", "description", "nullable", "enum", "maxItems", "minItems",
  "properties", "required", "minProperties", "maxProperties", "minLength", "maxLength",
  "pattern", "example", "anyOf", "propertyOrdering", "default", "items", "minimum", "maximum",
  NULL
};

static JsonNode *sanitise_schema (JsonNode *schema);

static JsonNode *
sanitise_each (JsonNode *node,
               gboolean  is_array)
{
  JsonNode *result;

  if (is_array && JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_array_new ();

      for (guint i = 0; i < json_array_get_length (json_node_get_array (node)); i++)
        json_array_add_element (array, sanitise_schema (json_array_get_element (json_node_get_array (node), i)));
      result = json_node_new (JSON_NODE_ARRAY);
      json_node_take_array (result, array);
      return result;
    }

  if (!is_array && JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_object_new ();
      JsonObjectIter iter;
      const char *name;
      JsonNode *member;

      json_object_iter_init (&iter, json_node_get_object (node));
      while (json_object_iter_next (&iter, &name, &member))
        json_object_set_member (object, name, sanitise_schema (member));
      result = json_node_new (JSON_NODE_OBJECT);
      json_node_take_object (result, object);
      return result;
    }

  return json_node_copy (node);
}

/* "type": ["string", "null"] becomes "type": "string", "nullable": true. */
static void
set_type (JsonObject *object,
          JsonNode   *type)
{
  JsonArray *types;

  if (!JSON_NODE_HOLDS_ARRAY (type))
    {
      json_object_set_member (object, "type", json_node_copy (type));
      return;
    }

  types = json_node_get_array (type);
  for (guint i = 0; i < json_array_get_length (types); i++)
    {
      const char *name = json_array_get_string_element (types, i);

      if (g_strcmp0 (name, "null") == 0)
        json_object_set_boolean_member (object, "nullable", TRUE);
      else if (name != NULL && !json_object_has_member (object, "type"))
        json_object_set_string_member (object, "type", name);
    }
}

/* One schema object and, through sanitise_each(), those it contains. */
static JsonNode *
sanitise_schema (JsonNode *schema)
{
  JsonObject *object;
  JsonObjectIter iter;
  const char *name;
  JsonNode *member;
  JsonNode *result;

  if (!JSON_NODE_HOLDS_OBJECT (schema))
    return json_node_copy (schema);

  object = json_object_new ();
  json_object_iter_init (&iter, json_node_get_object (schema));
  while (json_object_iter_next (&iter, &name, &member))
    {
      if (g_str_equal (name, "type"))
        set_type (object, member);
      else if (g_str_equal (name, "const") && !json_object_has_member (json_node_get_object (schema), "enum"))
        {
          JsonArray *values = json_array_new ();

          json_array_add_element (values, json_node_copy (member));
          json_object_set_array_member (object, "enum", values);
        }
      else if (g_str_equal (name, "properties"))
        json_object_set_member (object, name, sanitise_each (member, FALSE));
      else if (g_str_equal (name, "anyOf"))
        json_object_set_member (object, name, sanitise_each (member, TRUE));
      else if (g_str_equal (name, "items"))
        json_object_set_member (object, name, sanitise_schema (member));
      else if (g_strv_contains (schema_keywords, name))
        json_object_set_member (object, name, json_node_copy (member));
    }

  result = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (result, object);
  return result;
}

/* Returns (transfer full) schema with only the keywords Gemini knows. */
JsonNode *
_terra_gemini_sanitise_schema (JsonNode *schema)
{
  g_return_val_if_fail (schema != NULL, NULL);

  return sanitise_schema (schema);
}
