/* terra-message.c — one message of a conversation, to or from the lead
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every property is a column of the `messages` table (see
 * terra-store-migrations.c); the store reads and writes them by name.
 */

#define G_LOG_DOMAIN "terra-message"

#include "config.h"

#include "terra-message.h"
#include "terra-entity-util.h"
#include "terra-enums.h"

struct _TerraMessage
{
  GObject         parent_instance;

  gint64          id;
  gint64          conversation_id;
  TerraDirection  direction;
  TerraAuthor     author;
  char           *body;
  char           *attachments;
  TerraChannel    channel;
  char           *external_id;
  TerraDelivery   delivery;
  TerraDraft      draft;
  int             prompt_tokens;
  int             completion_tokens;
  gint64          latency_ms;
  gint64          processed_at;
  gint64          created_at;
};

G_DEFINE_FINAL_TYPE (TerraMessage, terra_message, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_CONVERSATION_ID,
  PROP_DIRECTION,
  PROP_AUTHOR,
  PROP_BODY,
  PROP_ATTACHMENTS,
  PROP_CHANNEL,
  PROP_EXTERNAL_ID,
  PROP_DELIVERY,
  PROP_DRAFT,
  PROP_PROMPT_TOKENS,
  PROP_COMPLETION_TOKENS,
  PROP_LATENCY_MS,
  PROP_PROCESSED_AT,
  PROP_CREATED_AT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
terra_message_finalize (GObject *object)
{
  TerraMessage *self = (TerraMessage *)object;

  g_clear_pointer (&self->body, g_free);
  g_clear_pointer (&self->attachments, g_free);
  g_clear_pointer (&self->external_id, g_free);

  G_OBJECT_CLASS (terra_message_parent_class)->finalize (object);
}

static void
terra_message_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  TerraMessage *self = TERRA_MESSAGE (object);

  switch (prop_id)
    {
    case PROP_ID: g_value_set_int64 (value, self->id); break;
    case PROP_CONVERSATION_ID: g_value_set_int64 (value, self->conversation_id); break;
    case PROP_DIRECTION: g_value_set_enum (value, self->direction); break;
    case PROP_AUTHOR: g_value_set_enum (value, self->author); break;
    case PROP_BODY: g_value_set_string (value, self->body); break;
    case PROP_ATTACHMENTS: g_value_set_string (value, self->attachments); break;
    case PROP_CHANNEL: g_value_set_enum (value, self->channel); break;
    case PROP_EXTERNAL_ID: g_value_set_string (value, self->external_id); break;
    case PROP_DELIVERY: g_value_set_enum (value, self->delivery); break;
    case PROP_DRAFT: g_value_set_enum (value, self->draft); break;
    case PROP_PROMPT_TOKENS: g_value_set_int (value, self->prompt_tokens); break;
    case PROP_COMPLETION_TOKENS: g_value_set_int (value, self->completion_tokens); break;
    case PROP_LATENCY_MS: g_value_set_int64 (value, self->latency_ms); break;
    case PROP_PROCESSED_AT: g_value_set_int64 (value, self->processed_at); break;
    case PROP_CREATED_AT: g_value_set_int64 (value, self->created_at); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
terra_message_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  TerraMessage *self = TERRA_MESSAGE (object);
  gboolean changed = TRUE;

  switch (prop_id)
    {
    case PROP_ID: changed = terra_entity_set_int64 (&self->id, g_value_get_int64 (value)); break;
    case PROP_CONVERSATION_ID: changed = terra_entity_set_int64 (&self->conversation_id, g_value_get_int64 (value)); break;
    case PROP_DIRECTION: changed = terra_entity_set_int ((int *)&self->direction, g_value_get_enum (value)); break;
    case PROP_AUTHOR: changed = terra_entity_set_int ((int *)&self->author, g_value_get_enum (value)); break;
    case PROP_BODY: changed = terra_entity_set_string (&self->body, g_value_get_string (value)); break;
    case PROP_ATTACHMENTS: changed = terra_entity_set_string (&self->attachments, g_value_get_string (value)); break;
    case PROP_CHANNEL: changed = terra_entity_set_int ((int *)&self->channel, g_value_get_enum (value)); break;
    case PROP_EXTERNAL_ID: changed = terra_entity_set_string (&self->external_id, g_value_get_string (value)); break;
    case PROP_DELIVERY: changed = terra_entity_set_int ((int *)&self->delivery, g_value_get_enum (value)); break;
    case PROP_DRAFT: changed = terra_entity_set_int ((int *)&self->draft, g_value_get_enum (value)); break;
    case PROP_PROMPT_TOKENS: changed = terra_entity_set_int (&self->prompt_tokens, g_value_get_int (value)); break;
    case PROP_COMPLETION_TOKENS: changed = terra_entity_set_int (&self->completion_tokens, g_value_get_int (value)); break;
    case PROP_LATENCY_MS: changed = terra_entity_set_int64 (&self->latency_ms, g_value_get_int64 (value)); break;
    case PROP_PROCESSED_AT: changed = terra_entity_set_int64 (&self->processed_at, g_value_get_int64 (value)); break;
    case PROP_CREATED_AT: changed = terra_entity_set_int64 (&self->created_at, g_value_get_int64 (value)); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      return;
    }

  if (changed)
    g_object_notify_by_pspec (object, pspec);
}

static void
terra_message_class_init (TerraMessageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = terra_message_finalize;
  object_class->get_property = terra_message_get_property;
  object_class->set_property = terra_message_set_property;

  properties[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_CONVERSATION_ID] = g_param_spec_int64 ("conversation-id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_DIRECTION] = g_param_spec_enum ("direction", NULL, NULL,
                                                  TERRA_TYPE_DIRECTION, TERRA_DIRECTION_INBOUND, flags);
  properties[PROP_AUTHOR] = g_param_spec_enum ("author", NULL, NULL,
                                               TERRA_TYPE_AUTHOR, TERRA_AUTHOR_LEAD, flags);
  properties[PROP_BODY] = g_param_spec_string ("body", NULL, NULL, "", flags);
  properties[PROP_ATTACHMENTS] = g_param_spec_string ("attachments", NULL, NULL, "[]", flags);
  properties[PROP_CHANNEL] = g_param_spec_enum ("channel", NULL, NULL,
                                                TERRA_TYPE_CHANNEL, TERRA_CHANNEL_WHATSAPP, flags);
  properties[PROP_EXTERNAL_ID] = g_param_spec_string ("external-id", NULL, NULL, NULL, flags);
  properties[PROP_DELIVERY] = g_param_spec_enum ("delivery", NULL, NULL,
                                                 TERRA_TYPE_DELIVERY, TERRA_DELIVERY_NONE, flags);
  properties[PROP_DRAFT] = g_param_spec_enum ("draft", NULL, NULL,
                                              TERRA_TYPE_DRAFT, TERRA_DRAFT_NONE, flags);
  properties[PROP_PROMPT_TOKENS] = g_param_spec_int ("prompt-tokens", NULL, NULL, 0, G_MAXINT, 0, flags);
  properties[PROP_COMPLETION_TOKENS] = g_param_spec_int ("completion-tokens", NULL, NULL, 0, G_MAXINT, 0, flags);
  properties[PROP_LATENCY_MS] = g_param_spec_int64 ("latency-ms", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_PROCESSED_AT] = g_param_spec_int64 ("processed-at", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_CREATED_AT] = g_param_spec_int64 ("created-at", NULL, NULL, 0, G_MAXINT64, 0, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
terra_message_init (TerraMessage *self)
{
  self->body = g_strdup ("");
  self->attachments = g_strdup ("[]");
}

/* Returns a new, unsaved message (id 0). */
TerraMessage *
terra_message_new (void)
{
  return g_object_new (TERRA_TYPE_MESSAGE, NULL);
}

gint64
terra_message_get_id (TerraMessage *self)
{
  g_return_val_if_fail (TERRA_IS_MESSAGE (self), 0);
  return self->id;
}

gint64
terra_message_get_conversation_id (TerraMessage *self)
{
  g_return_val_if_fail (TERRA_IS_MESSAGE (self), 0);
  return self->conversation_id;
}

void
terra_message_set_conversation_id (TerraMessage *self,
                                   gint64        conversation_id)
{
  g_return_if_fail (TERRA_IS_MESSAGE (self));
  g_object_set (self, "conversation-id", conversation_id, NULL);
}

TerraDirection
terra_message_get_direction (TerraMessage *self)
{
  g_return_val_if_fail (TERRA_IS_MESSAGE (self), TERRA_DIRECTION_INBOUND);
  return self->direction;
}

void
terra_message_set_direction (TerraMessage   *self,
                             TerraDirection  direction)
{
  g_return_if_fail (TERRA_IS_MESSAGE (self));
  g_object_set (self, "direction", direction, NULL);
}

TerraAuthor
terra_message_get_author (TerraMessage *self)
{
  g_return_val_if_fail (TERRA_IS_MESSAGE (self), TERRA_AUTHOR_LEAD);
  return self->author;
}

void
terra_message_set_author (TerraMessage *self,
                          TerraAuthor   author)
{
  g_return_if_fail (TERRA_IS_MESSAGE (self));
  g_object_set (self, "author", author, NULL);
}

const char *
terra_message_get_body (TerraMessage *self)
{
  g_return_val_if_fail (TERRA_IS_MESSAGE (self), NULL);
  return self->body;
}

void
terra_message_set_body (TerraMessage *self,
                        const char   *body)
{
  g_return_if_fail (TERRA_IS_MESSAGE (self));
  g_object_set (self, "body", body ? body : "", NULL);
}

const char *
terra_message_get_attachments (TerraMessage *self)
{
  g_return_val_if_fail (TERRA_IS_MESSAGE (self), NULL);
  return self->attachments;
}

void
terra_message_set_attachments (TerraMessage *self,
                               const char   *json)
{
  g_return_if_fail (TERRA_IS_MESSAGE (self));
  g_object_set (self, "attachments", json ? json : "[]", NULL);
}

TerraChannel
terra_message_get_channel (TerraMessage *self)
{
  g_return_val_if_fail (TERRA_IS_MESSAGE (self), TERRA_CHANNEL_WHATSAPP);
  return self->channel;
}

void
terra_message_set_channel (TerraMessage *self,
                           TerraChannel  channel)
{
  g_return_if_fail (TERRA_IS_MESSAGE (self));
  g_object_set (self, "channel", channel, NULL);
}

const char *
terra_message_get_external_id (TerraMessage *self)
{
  g_return_val_if_fail (TERRA_IS_MESSAGE (self), NULL);
  return self->external_id;
}

/* An empty id is stored as NULL, so it never clashes with another message. */
void
terra_message_set_external_id (TerraMessage *self,
                               const char   *external_id)
{
  g_return_if_fail (TERRA_IS_MESSAGE (self));
  if (external_id != NULL && *external_id == '\0')
    external_id = NULL;
  g_object_set (self, "external-id", external_id, NULL);
}

TerraDelivery
terra_message_get_delivery (TerraMessage *self)
{
  g_return_val_if_fail (TERRA_IS_MESSAGE (self), TERRA_DELIVERY_NONE);
  return self->delivery;
}

void
terra_message_set_delivery (TerraMessage  *self,
                            TerraDelivery  delivery)
{
  g_return_if_fail (TERRA_IS_MESSAGE (self));
  g_object_set (self, "delivery", delivery, NULL);
}

TerraDraft
terra_message_get_draft (TerraMessage *self)
{
  g_return_val_if_fail (TERRA_IS_MESSAGE (self), TERRA_DRAFT_NONE);
  return self->draft;
}

void
terra_message_set_draft (TerraMessage *self,
                         TerraDraft    draft)
{
  g_return_if_fail (TERRA_IS_MESSAGE (self));
  g_object_set (self, "draft", draft, NULL);
}

int
terra_message_get_prompt_tokens (TerraMessage *self)
{
  g_return_val_if_fail (TERRA_IS_MESSAGE (self), 0);
  return self->prompt_tokens;
}

void
terra_message_set_prompt_tokens (TerraMessage *self,
                                 int           tokens)
{
  g_return_if_fail (TERRA_IS_MESSAGE (self));
  g_object_set (self, "prompt-tokens", MAX (tokens, 0), NULL);
}

int
terra_message_get_completion_tokens (TerraMessage *self)
{
  g_return_val_if_fail (TERRA_IS_MESSAGE (self), 0);
  return self->completion_tokens;
}

void
terra_message_set_completion_tokens (TerraMessage *self,
                                     int           tokens)
{
  g_return_if_fail (TERRA_IS_MESSAGE (self));
  g_object_set (self, "completion-tokens", MAX (tokens, 0), NULL);
}

gint64
terra_message_get_latency_ms (TerraMessage *self)
{
  g_return_val_if_fail (TERRA_IS_MESSAGE (self), 0);
  return self->latency_ms;
}

void
terra_message_set_latency_ms (TerraMessage *self,
                              gint64        latency_ms)
{
  g_return_if_fail (TERRA_IS_MESSAGE (self));
  g_object_set (self, "latency-ms", latency_ms, NULL);
}

gint64
terra_message_get_processed_at (TerraMessage *self)
{
  g_return_val_if_fail (TERRA_IS_MESSAGE (self), 0);
  return self->processed_at;
}

void
terra_message_set_processed_at (TerraMessage *self,
                                gint64        processed_at)
{
  g_return_if_fail (TERRA_IS_MESSAGE (self));
  g_object_set (self, "processed-at", processed_at, NULL);
}

gint64
terra_message_get_created_at (TerraMessage *self)
{
  g_return_val_if_fail (TERRA_IS_MESSAGE (self), 0);
  return self->created_at;
}
