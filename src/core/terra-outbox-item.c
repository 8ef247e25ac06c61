/* terra-outbox-item.c — one durable outbound delivery: a channel message or a webhook event
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every property is a column of the `outbox` table (see
 * terra-store-migrations.c); the store reads and writes them by name.
 */

#define G_LOG_DOMAIN "terra-outbox-item"

#include "config.h"

#include "terra-outbox-item.h"
#include "terra-entity-util.h"
#include "terra-enums.h"

struct _TerraOutboxItem
{
  GObject            parent_instance;

  gint64             id;
  TerraOutboxKind    kind;
  gint64             conversation_id;
  gint64             message_id;
  char              *channel;
  char              *idempotency_key;
  char              *payload;
  TerraOutboxStatus  status;
  int                attempts;
  gint64             next_attempt_at;
  char              *last_error;
  gint64             created_at;
  gint64             updated_at;
};

G_DEFINE_FINAL_TYPE (TerraOutboxItem, terra_outbox_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_KIND,
  PROP_CONVERSATION_ID,
  PROP_MESSAGE_ID,
  PROP_CHANNEL,
  PROP_IDEMPOTENCY_KEY,
  PROP_PAYLOAD,
  PROP_STATUS,
  PROP_ATTEMPTS,
  PROP_NEXT_ATTEMPT_AT,
  PROP_LAST_ERROR,
  PROP_CREATED_AT,
  PROP_UPDATED_AT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
terra_outbox_item_finalize (GObject *object)
{
  TerraOutboxItem *self = (TerraOutboxItem *)object;

  g_clear_pointer (&self->channel, g_free);
  g_clear_pointer (&self->idempotency_key, g_free);
  g_clear_pointer (&self->payload, g_free);
  g_clear_pointer (&self->last_error, g_free);

  G_OBJECT_CLASS (terra_outbox_item_parent_class)->finalize (object);
}

static void
terra_outbox_item_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  TerraOutboxItem *self = TERRA_OUTBOX_ITEM (object);

  switch (prop_id)
    {
    case PROP_ID: g_value_set_int64 (value, self->id); break;
    case PROP_KIND: g_value_set_enum (value, self->kind); break;
    case PROP_CONVERSATION_ID: g_value_set_int64 (value, self->conversation_id); break;
    case PROP_MESSAGE_ID: g_value_set_int64 (value, self->message_id); break;
    case PROP_CHANNEL: g_value_set_string (value, self->channel); break;
    case PROP_IDEMPOTENCY_KEY: g_value_set_string (value, self->idempotency_key); break;
    case PROP_PAYLOAD: g_value_set_string (value, self->payload); break;
    case PROP_STATUS: g_value_set_enum (value, self->status); break;
    case PROP_ATTEMPTS: g_value_set_int (value, self->attempts); break;
    case PROP_NEXT_ATTEMPT_AT: g_value_set_int64 (value, self->next_attempt_at); break;
    case PROP_LAST_ERROR: g_value_set_string (value, self->last_error); break;
    case PROP_CREATED_AT: g_value_set_int64 (value, self->created_at); break;
    case PROP_UPDATED_AT: g_value_set_int64 (value, self->updated_at); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
terra_outbox_item_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  TerraOutboxItem *self = TERRA_OUTBOX_ITEM (object);
  gboolean changed = TRUE;

  switch (prop_id)
    {
    case PROP_ID: changed = terra_entity_set_int64 (&self->id, g_value_get_int64 (value)); break;
    case PROP_KIND: changed = terra_entity_set_int ((int *)&self->kind, g_value_get_enum (value)); break;
    case PROP_CONVERSATION_ID: changed = terra_entity_set_int64 (&self->conversation_id, g_value_get_int64 (value)); break;
    case PROP_MESSAGE_ID: changed = terra_entity_set_int64 (&self->message_id, g_value_get_int64 (value)); break;
    case PROP_CHANNEL: changed = terra_entity_set_string (&self->channel, g_value_get_string (value)); break;
    case PROP_IDEMPOTENCY_KEY: changed = terra_entity_set_string (&self->idempotency_key, g_value_get_string (value)); break;
    case PROP_PAYLOAD: changed = terra_entity_set_string (&self->payload, g_value_get_string (value)); break;
    case PROP_STATUS: changed = terra_entity_set_int ((int *)&self->status, g_value_get_enum (value)); break;
    case PROP_ATTEMPTS: changed = terra_entity_set_int (&self->attempts, g_value_get_int (value)); break;
    case PROP_NEXT_ATTEMPT_AT: changed = terra_entity_set_int64 (&self->next_attempt_at, g_value_get_int64 (value)); break;
    case PROP_LAST_ERROR: changed = terra_entity_set_string (&self->last_error, g_value_get_string (value)); break;
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
terra_outbox_item_class_init (TerraOutboxItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = terra_outbox_item_finalize;
  object_class->get_property = terra_outbox_item_get_property;
  object_class->set_property = terra_outbox_item_set_property;

  properties[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_KIND] = g_param_spec_enum ("kind", NULL, NULL,
                                             TERRA_TYPE_OUTBOX_KIND, TERRA_OUTBOX_MESSAGE, flags);
  properties[PROP_CONVERSATION_ID] = g_param_spec_int64 ("conversation-id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_MESSAGE_ID] = g_param_spec_int64 ("message-id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_CHANNEL] = g_param_spec_string ("channel", NULL, NULL, "", flags);
  properties[PROP_IDEMPOTENCY_KEY] = g_param_spec_string ("idempotency-key", NULL, NULL, "", flags);
  properties[PROP_PAYLOAD] = g_param_spec_string ("payload", NULL, NULL, "{}", flags);
  properties[PROP_STATUS] = g_param_spec_enum ("status", NULL, NULL,
                                               TERRA_TYPE_OUTBOX_STATUS, TERRA_OUTBOX_PENDING, flags);
  properties[PROP_ATTEMPTS] = g_param_spec_int ("attempts", NULL, NULL, 0, G_MAXINT, 0, flags);
  properties[PROP_NEXT_ATTEMPT_AT] = g_param_spec_int64 ("next-attempt-at", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_LAST_ERROR] = g_param_spec_string ("last-error", NULL, NULL, "", flags);
  properties[PROP_CREATED_AT] = g_param_spec_int64 ("created-at", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_UPDATED_AT] = g_param_spec_int64 ("updated-at", NULL, NULL, 0, G_MAXINT64, 0, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
terra_outbox_item_init (TerraOutboxItem *self)
{
  self->channel = g_strdup ("");
  self->idempotency_key = g_strdup ("");
  self->payload = g_strdup ("{}");
  self->last_error = g_strdup ("");
}

/* Returns a new, unsaved outbox item (id 0). */
TerraOutboxItem *
terra_outbox_item_new (void)
{
  return g_object_new (TERRA_TYPE_OUTBOX_ITEM, NULL);
}

gint64
terra_outbox_item_get_id (TerraOutboxItem *self)
{
  g_return_val_if_fail (TERRA_IS_OUTBOX_ITEM (self), 0);
  return self->id;
}

TerraOutboxKind
terra_outbox_item_get_kind (TerraOutboxItem *self)
{
  g_return_val_if_fail (TERRA_IS_OUTBOX_ITEM (self), TERRA_OUTBOX_MESSAGE);
  return self->kind;
}

void
terra_outbox_item_set_kind (TerraOutboxItem *self,
                            TerraOutboxKind  kind)
{
  g_return_if_fail (TERRA_IS_OUTBOX_ITEM (self));
  g_object_set (self, "kind", kind, NULL);
}

gint64
terra_outbox_item_get_conversation_id (TerraOutboxItem *self)
{
  g_return_val_if_fail (TERRA_IS_OUTBOX_ITEM (self), 0);
  return self->conversation_id;
}

void
terra_outbox_item_set_conversation_id (TerraOutboxItem *self,
                                       gint64           conversation_id)
{
  g_return_if_fail (TERRA_IS_OUTBOX_ITEM (self));
  g_object_set (self, "conversation-id", conversation_id, NULL);
}

gint64
terra_outbox_item_get_message_id (TerraOutboxItem *self)
{
  g_return_val_if_fail (TERRA_IS_OUTBOX_ITEM (self), 0);
  return self->message_id;
}

void
terra_outbox_item_set_message_id (TerraOutboxItem *self,
                                  gint64           message_id)
{
  g_return_if_fail (TERRA_IS_OUTBOX_ITEM (self));
  g_object_set (self, "message-id", message_id, NULL);
}

const char *
terra_outbox_item_get_channel (TerraOutboxItem *self)
{
  g_return_val_if_fail (TERRA_IS_OUTBOX_ITEM (self), NULL);
  return self->channel;
}

void
terra_outbox_item_set_channel (TerraOutboxItem *self,
                               const char      *channel)
{
  g_return_if_fail (TERRA_IS_OUTBOX_ITEM (self));
  g_object_set (self, "channel", channel ? channel : "", NULL);
}

const char *
terra_outbox_item_get_idempotency_key (TerraOutboxItem *self)
{
  g_return_val_if_fail (TERRA_IS_OUTBOX_ITEM (self), NULL);
  return self->idempotency_key;
}

void
terra_outbox_item_set_idempotency_key (TerraOutboxItem *self,
                                       const char      *key)
{
  g_return_if_fail (TERRA_IS_OUTBOX_ITEM (self));
  g_object_set (self, "idempotency-key", key ? key : "", NULL);
}

const char *
terra_outbox_item_get_payload (TerraOutboxItem *self)
{
  g_return_val_if_fail (TERRA_IS_OUTBOX_ITEM (self), NULL);
  return self->payload;
}

void
terra_outbox_item_set_payload (TerraOutboxItem *self,
                               const char      *json)
{
  g_return_if_fail (TERRA_IS_OUTBOX_ITEM (self));
  g_object_set (self, "payload", json ? json : "{}", NULL);
}

TerraOutboxStatus
terra_outbox_item_get_status (TerraOutboxItem *self)
{
  g_return_val_if_fail (TERRA_IS_OUTBOX_ITEM (self), TERRA_OUTBOX_PENDING);
  return self->status;
}

void
terra_outbox_item_set_status (TerraOutboxItem   *self,
                              TerraOutboxStatus  status)
{
  g_return_if_fail (TERRA_IS_OUTBOX_ITEM (self));
  g_object_set (self, "status", status, NULL);
}

int
terra_outbox_item_get_attempts (TerraOutboxItem *self)
{
  g_return_val_if_fail (TERRA_IS_OUTBOX_ITEM (self), 0);
  return self->attempts;
}

void
terra_outbox_item_set_attempts (TerraOutboxItem *self,
                                int              attempts)
{
  g_return_if_fail (TERRA_IS_OUTBOX_ITEM (self));
  g_object_set (self, "attempts", MAX (attempts, 0), NULL);
}

gint64
terra_outbox_item_get_next_attempt_at (TerraOutboxItem *self)
{
  g_return_val_if_fail (TERRA_IS_OUTBOX_ITEM (self), 0);
  return self->next_attempt_at;
}

void
terra_outbox_item_set_next_attempt_at (TerraOutboxItem *self,
                                       gint64           next_attempt_at)
{
  g_return_if_fail (TERRA_IS_OUTBOX_ITEM (self));
  g_object_set (self, "next-attempt-at", next_attempt_at, NULL);
}

const char *
terra_outbox_item_get_last_error (TerraOutboxItem *self)
{
  g_return_val_if_fail (TERRA_IS_OUTBOX_ITEM (self), NULL);
  return self->last_error;
}

void
terra_outbox_item_set_last_error (TerraOutboxItem *self,
                                  const char      *error_message)
{
  g_return_if_fail (TERRA_IS_OUTBOX_ITEM (self));
  g_object_set (self, "last-error", error_message ? error_message : "", NULL);
}

gint64
terra_outbox_item_get_created_at (TerraOutboxItem *self)
{
  g_return_val_if_fail (TERRA_IS_OUTBOX_ITEM (self), 0);
  return self->created_at;
}

gint64
terra_outbox_item_get_updated_at (TerraOutboxItem *self)
{
  g_return_val_if_fail (TERRA_IS_OUTBOX_ITEM (self), 0);
  return self->updated_at;
}
