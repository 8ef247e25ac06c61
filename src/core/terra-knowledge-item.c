/* terra-knowledge-item.c — a piece of business knowledge the assistant answers from
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every property is a column of the `knowledge_items` table (see
 * terra-store-migrations.c); the store reads and writes them by name.
 */

#define G_LOG_DOMAIN "terra-knowledge-item"

#include "config.h"

#include "terra-knowledge-item.h"
#include "terra-entity-util.h"
#include "terra-enums.h"

struct _TerraKnowledgeItem
{
  GObject                 parent_instance;

  gint64                  id;
  TerraKnowledgeCategory  category;
  char                   *title;
  char                   *body;
  gboolean                published;
  int                     version;
  gint64                  created_at;
  gint64                  updated_at;
};

G_DEFINE_FINAL_TYPE (TerraKnowledgeItem, terra_knowledge_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_CATEGORY,
  PROP_TITLE,
  PROP_BODY,
  PROP_PUBLISHED,
  PROP_VERSION,
  PROP_CREATED_AT,
  PROP_UPDATED_AT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
terra_knowledge_item_finalize (GObject *object)
{
  TerraKnowledgeItem *self = (TerraKnowledgeItem *)object;

  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->body, g_free);

  G_OBJECT_CLASS (terra_knowledge_item_parent_class)->finalize (object);
}

static void
terra_knowledge_item_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  TerraKnowledgeItem *self = TERRA_KNOWLEDGE_ITEM (object);

  switch (prop_id)
    {
    case PROP_ID: g_value_set_int64 (value, self->id); break;
    case PROP_CATEGORY: g_value_set_enum (value, self->category); break;
    case PROP_TITLE: g_value_set_string (value, self->title); break;
    case PROP_BODY: g_value_set_string (value, self->body); break;
    case PROP_PUBLISHED: g_value_set_boolean (value, self->published); break;
    case PROP_VERSION: g_value_set_int (value, self->version); break;
    case PROP_CREATED_AT: g_value_set_int64 (value, self->created_at); break;
    case PROP_UPDATED_AT: g_value_set_int64 (value, self->updated_at); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
terra_knowledge_item_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  TerraKnowledgeItem *self = TERRA_KNOWLEDGE_ITEM (object);
  gboolean changed = TRUE;

  switch (prop_id)
    {
    case PROP_ID: changed = terra_entity_set_int64 (&self->id, g_value_get_int64 (value)); break;
    case PROP_CATEGORY: changed = terra_entity_set_int ((int *)&self->category, g_value_get_enum (value)); break;
    case PROP_TITLE: changed = terra_entity_set_string (&self->title, g_value_get_string (value)); break;
    case PROP_BODY: changed = terra_entity_set_string (&self->body, g_value_get_string (value)); break;
    case PROP_PUBLISHED: changed = terra_entity_set_int (&self->published, g_value_get_boolean (value)); break;
    case PROP_VERSION: changed = terra_entity_set_int (&self->version, g_value_get_int (value)); break;
    case PROP_CREATED_AT: changed = terra_entity_set_int64 (&self->created_at, g_value_get_int64 (value)); break;
    case PROP_UPDATED_AT: changed = terra_entity_set_int64 (&self->updated_at, g_value_get_int64 (value)); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      return;
    }

  if (changed)
    g_object_notify_by_pspec (object, pspec);
}

static void
terra_knowledge_item_class_init (TerraKnowledgeItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = terra_knowledge_item_finalize;
  object_class->get_property = terra_knowledge_item_get_property;
  object_class->set_property = terra_knowledge_item_set_property;

  properties[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_CATEGORY] = g_param_spec_enum ("category", NULL, NULL,
                                                 TERRA_TYPE_KNOWLEDGE_CATEGORY, TERRA_KNOWLEDGE_COMPANY, flags);
  properties[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, "", flags);
  properties[PROP_BODY] = g_param_spec_string ("body", NULL, NULL, "", flags);
  properties[PROP_PUBLISHED] = g_param_spec_boolean ("published", NULL, NULL, FALSE, flags);
  properties[PROP_VERSION] = g_param_spec_int ("version", NULL, NULL, 1, G_MAXINT, 1, flags);
  properties[PROP_CREATED_AT] = g_param_spec_int64 ("created-at", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_UPDATED_AT] = g_param_spec_int64 ("updated-at", NULL, NULL, 0, G_MAXINT64, 0, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
terra_knowledge_item_init (TerraKnowledgeItem *self)
{
  self->title = g_strdup ("");
  self->body = g_strdup ("");
  self->version = 1;
}

/* Returns a new, unsaved knowledge item (id 0). */
TerraKnowledgeItem *
terra_knowledge_item_new (void)
{
  return g_object_new (TERRA_TYPE_KNOWLEDGE_ITEM, NULL);
}

gint64
terra_knowledge_item_get_id (TerraKnowledgeItem *self)
{
  g_return_val_if_fail (TERRA_IS_KNOWLEDGE_ITEM (self), 0);
  return self->id;
}

TerraKnowledgeCategory
terra_knowledge_item_get_category (TerraKnowledgeItem *self)
{
  g_return_val_if_fail (TERRA_IS_KNOWLEDGE_ITEM (self), TERRA_KNOWLEDGE_COMPANY);
  return self->category;
}

void
terra_knowledge_item_set_category (TerraKnowledgeItem     *self,
                                   TerraKnowledgeCategory  category)
{
  g_return_if_fail (TERRA_IS_KNOWLEDGE_ITEM (self));
  g_object_set (self, "category", category, NULL);
}

const char *
terra_knowledge_item_get_title (TerraKnowledgeItem *self)
{
  g_return_val_if_fail (TERRA_IS_KNOWLEDGE_ITEM (self), NULL);
  return self->title;
}

void
terra_knowledge_item_set_title (TerraKnowledgeItem *self,
                                const char         *title)
{
  g_return_if_fail (TERRA_IS_KNOWLEDGE_ITEM (self));
  g_object_set (self, "title", title ? title : "", NULL);
}

const char *
terra_knowledge_item_get_body (TerraKnowledgeItem *self)
{
  g_return_val_if_fail (TERRA_IS_KNOWLEDGE_ITEM (self), NULL);
  return self->body;
}

void
terra_knowledge_item_set_body (TerraKnowledgeItem *self,
                               const char         *body)
{
  g_return_if_fail (TERRA_IS_KNOWLEDGE_ITEM (self));
  g_object_set (self, "body", body ? body : "", NULL);
}

gboolean
terra_knowledge_item_get_published (TerraKnowledgeItem *self)
{
  g_return_val_if_fail (TERRA_IS_KNOWLEDGE_ITEM (self), FALSE);
  return self->published;
}

void
terra_knowledge_item_set_published (TerraKnowledgeItem *self,
                                    gboolean            published)
{
  g_return_if_fail (TERRA_IS_KNOWLEDGE_ITEM (self));
  g_object_set (self, "published", published, NULL);
}

int
terra_knowledge_item_get_version (TerraKnowledgeItem *self)
{
  g_return_val_if_fail (TERRA_IS_KNOWLEDGE_ITEM (self), 0);
  return self->version;
}

gint64
terra_knowledge_item_get_created_at (TerraKnowledgeItem *self)
{
  g_return_val_if_fail (TERRA_IS_KNOWLEDGE_ITEM (self), 0);
  return self->created_at;
}

gint64
terra_knowledge_item_get_updated_at (TerraKnowledgeItem *self)
{
  g_return_val_if_fail (TERRA_IS_KNOWLEDGE_ITEM (self), 0);
  return self->updated_at;
}
