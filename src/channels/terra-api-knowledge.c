/* terra-api-knowledge.c — the knowledge base over the REST API
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * POST /api/v1/knowledge adds one item; POST /api/v1/knowledge/faqs adds
 * many question/answer pairs at once, all or none (one bad pair and
 * nothing is added, and the answer says which pair); GET
 * /api/v1/knowledge/search finds passages by their words (lexical search:
 * embedding the question would mean a call to the provider per request).
 * The store splits every item into passages in the same transaction, so an
 * item is searchable as soon as the request returns.
 */

#define G_LOG_DOMAIN "terra-api"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "terra-api-handlers.h"
#include "terra-enums.h"
#include "terra-knowledge.h"

#define MAX_TITLE_CHARS 500
#define MAX_BODY_CHARS 100000
#define MAX_FAQS 1000
#define MAX_QUERY_CHARS 500
#define DEFAULT_HITS 5
#define MAX_HITS 50

static gboolean
read_category (JsonObject              *object,
               TerraKnowledgeCategory   fallback,
               TerraKnowledgeCategory  *category,
               GError                 **error)
{
  const char *nick = NULL;
  int value;

  if (!_terra_api_member_string (object, "category", FALSE, TRUE, 32, &nick, error))
    return FALSE;
  if (nick == NULL)
    {
      *category = fallback;
      return TRUE;
    }
  if (!terra_enum_from_nick (TERRA_TYPE_KNOWLEDGE_CATEGORY, nick, &value))
    return _terra_api_fail (error, TERRA_API_ERROR_BAD_REQUEST,
                            _("“category” must be one of: company, products, faq, policies, objections"));
  *category = value;
  return TRUE;
}

static void
add_item (JsonBuilder        *builder,
          TerraKnowledgeItem *item)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, terra_knowledge_item_get_id (item));
  json_builder_set_member_name (builder, "category");
  json_builder_add_string_value (builder, terra_enum_to_nick (TERRA_TYPE_KNOWLEDGE_CATEGORY,
                                                              terra_knowledge_item_get_category (item)));
  json_builder_set_member_name (builder, "title");
  json_builder_add_string_value (builder, terra_knowledge_item_get_title (item));
  json_builder_set_member_name (builder, "body");
  json_builder_add_string_value (builder, terra_knowledge_item_get_body (item));
  json_builder_set_member_name (builder, "published");
  json_builder_add_boolean_value (builder, terra_knowledge_item_get_published (item));
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, terra_knowledge_item_get_version (item));
  _terra_api_add_time (builder, "created_at", terra_knowledge_item_get_created_at (item), NULL);
  json_builder_end_object (builder);
}

static TerraKnowledgeItem *
new_item (TerraKnowledgeCategory  category,
          const char             *title,
          const char             *body,
          gboolean                published)
{
  TerraKnowledgeItem *item = terra_knowledge_item_new ();

  terra_knowledge_item_set_category (item, category);
  terra_knowledge_item_set_title (item, title);
  terra_knowledge_item_set_body (item, body);
  terra_knowledge_item_set_published (item, published);
  return item;
}

/**
 * terra_api_add_knowledge:
 *
 * POST /api/v1/knowledge {category?, title, body, published?}: one item
 * (category "faq" and published by default). Answers 201 with the item.
 */
gboolean
terra_api_add_knowledge (TerraApiRequest   *request,
                         TerraApiResponse  *response,
                         GError           **error)
{
  static const char *const allowed[] = { "category", "title", "body", "published", NULL };
  g_autoptr(TerraKnowledgeItem) item = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  JsonObject *body_object;
  TerraKnowledgeCategory category;
  const char *title = NULL;
  const char *body = NULL;
  gboolean published = TRUE;

  if ((body_object = _terra_api_body_object (request, allowed, error)) == NULL ||
      !read_category (body_object, TERRA_KNOWLEDGE_FAQ, &category, error) ||
      !_terra_api_member_string (body_object, "title", TRUE, TRUE, MAX_TITLE_CHARS, &title, error) ||
      !_terra_api_member_string (body_object, "body", TRUE, TRUE, MAX_BODY_CHARS, &body, error) ||
      !_terra_api_member_boolean (body_object, "published", &published, error))
    return FALSE;

  item = new_item (category, title, body, published);
  if (!terra_store_insert (request->store, item, error))
    return FALSE;

  builder = json_builder_new ();
  add_item (builder, item);
  _terra_api_respond (response, 201, builder);
  return TRUE;
}

/* Checks every pair before anything is written; the message names the
 * first bad one by its position (from 0, as in the array). */
static GPtrArray *
read_faqs (JsonObject  *body,
           gboolean     published,
           GError     **error)
{
  static const char *const pair_members[] = { "question", "answer", "category", NULL };
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  JsonNode *node = json_object_get_member (body, "faqs");
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      _terra_api_fail (error, TERRA_API_ERROR_BAD_REQUEST,
                       _("“faqs” must be an array of {\"question\", \"answer\"} objects"));
      return NULL;
    }
  array = json_node_get_array (node);
  if (json_array_get_length (array) == 0 || json_array_get_length (array) > MAX_FAQS)
    {
      _terra_api_fail (error, TERRA_API_ERROR_BAD_REQUEST, _("“faqs” must hold 1 to %d pairs"), MAX_FAQS);
      return NULL;
    }

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autoptr(GError) local_error = NULL;
      g_autofree char *what = g_strdup_printf ("faqs[%u]", i);
      JsonObject *pair;
      TerraKnowledgeCategory category;
      const char *question = NULL;
      const char *answer = NULL;

      if ((pair = _terra_api_check_object (json_array_get_element (array, i), what, pair_members,
                                           &local_error)) == NULL ||
          !read_category (pair, TERRA_KNOWLEDGE_FAQ, &category, &local_error) ||
          !_terra_api_member_string (pair, "question", TRUE, TRUE, MAX_TITLE_CHARS, &question, &local_error) ||
          !_terra_api_member_string (pair, "answer", TRUE, TRUE, MAX_BODY_CHARS, &answer, &local_error))
        {
          _terra_api_fail (error, TERRA_API_ERROR_BAD_REQUEST, "%s: %s", what, local_error->message);
          return NULL;
        }
      g_ptr_array_add (items, new_item (category, question, answer, published));
    }
  return g_steal_pointer (&items);
}

/**
 * terra_api_add_faqs:
 *
 * POST /api/v1/knowledge/faqs {faqs: [{question, answer, category?}],
 * published?}: every pair becomes an item, in one transaction. Answers 201
 * with the items.
 */
gboolean
terra_api_add_faqs (TerraApiRequest   *request,
                    TerraApiResponse  *response,
                    GError           **error)
{
  static const char *const allowed[] = { "faqs", "published", NULL };
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  JsonObject *body;
  gboolean published = TRUE;
  gboolean ok = TRUE;

  if ((body = _terra_api_body_object (request, allowed, error)) == NULL ||
      !_terra_api_member_boolean (body, "published", &published, error) ||
      (items = read_faqs (body, published, error)) == NULL)
    return FALSE;

  if (!terra_store_begin (request->store, error))
    return FALSE;
  for (guint i = 0; ok && i < items->len; i++)
    ok = terra_store_insert (request->store, g_ptr_array_index (items, i), error);
  if (!ok)
    {
      terra_store_rollback (request->store);
      return FALSE;
    }
  if (!terra_store_commit (request->store, error))
    return FALSE;

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "added");
  json_builder_add_int_value (builder, items->len);
  json_builder_set_member_name (builder, "items");
  json_builder_begin_array (builder);
  for (guint i = 0; i < items->len; i++)
    add_item (builder, g_ptr_array_index (items, i));
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  _terra_api_respond (response, 201, builder);
  return TRUE;
}

/**
 * terra_api_search_knowledge:
 *
 * GET /api/v1/knowledge/search?q=&limit=: the published passages that
 * answer @q best, best first; none when nothing is relevant.
 */
gboolean
terra_api_search_knowledge (TerraApiRequest   *request,
                            TerraApiResponse  *response,
                            GError           **error)
{
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autofree char *trimmed = NULL;
  const char *query = NULL;
  gint64 limit = DEFAULT_HITS;

  if (!_terra_api_query_string (request, "q", MAX_QUERY_CHARS, &query, error) ||
      !_terra_api_query_int (request, "limit", 1, MAX_HITS, &limit, error))
    return FALSE;
  if (query != NULL)
    trimmed = g_strstrip (g_strdup (query));
  if (trimmed == NULL || *trimmed == '\0')
    return _terra_api_fail (error, TERRA_API_ERROR_BAD_REQUEST, _("Give the question to search for in “q”"));

  if ((hits = terra_knowledge_search (request->store, query, NULL, 0, limit, error)) == NULL)
    return FALSE;

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "query");
  json_builder_add_string_value (builder, query);
  json_builder_set_member_name (builder, "hits");
  json_builder_begin_array (builder);
  for (guint i = 0; i < hits->len; i++)
    {
      TerraKnowledgeHit *hit = g_ptr_array_index (hits, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "item_id");
      json_builder_add_int_value (builder, hit->item_id);
      json_builder_set_member_name (builder, "category");
      json_builder_add_string_value (builder, terra_enum_to_nick (TERRA_TYPE_KNOWLEDGE_CATEGORY, hit->category));
      json_builder_set_member_name (builder, "title");
      json_builder_add_string_value (builder, hit->title);
      json_builder_set_member_name (builder, "text");
      json_builder_add_string_value (builder, hit->text);
      json_builder_set_member_name (builder, "score");
      json_builder_add_double_value (builder, hit->score);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  _terra_api_respond (response, 200, builder);
  return TRUE;
}
