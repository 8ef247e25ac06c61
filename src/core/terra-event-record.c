/* terra-event-record.c — one row of the audit log
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every property is a column of the `events` table (see
 * terra-store-migrations.c); the store reads and writes them by name.
 *
 * The ids are plain numbers, not references: a record outlives what it
 * mentions.
 */

#define G_LOG_DOMAIN "terra-event-record"

#include "config.h"

#include "terra-event-record.h"
#include "terra-entity-util.h"
#include "terra-enums.h"

struct _TerraEventRecord
{
  GObject  parent_instance;

  gint64   id;
  char    *kind;
  gint64   contact_id;
  gint64   conversation_id;
  gint64   message_id;
  gint64   booking_id;
  char    *payload;
  gint64   created_at;
};

G_DEFINE_FINAL_TYPE (TerraEventRecord, terra_event_record, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_KIND,
  PROP_CONTACT_ID,
  PROP_CONVERSATION_ID,
  PROP_MESSAGE_ID,
  PROP_BOOKING_ID,
  PROP_PAYLOAD,
  PROP_CREATED_AT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
terra_event_record_finalize (GObject *object)
{
  TerraEventRecord *self = (TerraEventRecord *)object;

  g_clear_pointer (&self->kind, g_free);
  g_clear_pointer (&self->payload, g_free);

  G_OBJECT_CLASS (terra_event_record_parent_class)->finalize (object);
}

static void
terra_event_record_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  TerraEventRecord *self = TERRA_EVENT_RECORD (object);

  switch (prop_id)
    {
    case PROP_ID: g_value_set_int64 (value, self->id); break;
    case PROP_KIND: g_value_set_string (value, self->kind); break;
    case PROP_CONTACT_ID: g_value_set_int64 (value, self->contact_id); break;
    case PROP_CONVERSATION_ID: g_value_set_int64 (value, self->conversation_id); break;
    case PROP_MESSAGE_ID: g_value_set_int64 (value, self->message_id); break;
    case PROP_BOOKING_ID: g_value_set_int64 (value, self->booking_id); break;
    case PROP_PAYLOAD: g_value_set_string (value, self->payload); break;
    case PROP_CREATED_AT: g_value_set_int64 (value, self->created_at); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
terra_event_record_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  TerraEventRecord *self = TERRA_EVENT_RECORD (object);
  gboolean changed = TRUE;

  switch (prop_id)
    {
    case PROP_ID: changed = terra_entity_set_int64 (&self->id, g_value_get_int64 (value)); break;
    case PROP_KIND: changed = terra_entity_set_string (&self->kind, g_value_get_string (value)); break;
    case PROP_CONTACT_ID: changed = terra_entity_set_int64 (&self->contact_id, g_value_get_int64 (value)); break;
    case PROP_CONVERSATION_ID: changed = terra_entity_set_int64 (&self->conversation_id, g_value_get_int64 (value)); break;
    case PROP_MESSAGE_ID: changed = terra_entity_set_int64 (&self->message_id, g_value_get_int64 (value)); break;
    case PROP_BOOKING_ID: changed = terra_entity_set_int64 (&self->booking_id, g_value_get_int64 (value)); break;
    case PROP_PAYLOAD: changed = terra_entity_set_string (&self->payload, g_value_get_string (value)); break;
    case PROP_CREATED_AT: changed = terra_entity_set_int64 (&self->created_at, g_value_get_int64 (value)); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      return;
    }

  if (changed)
    g_object_notify_by_pspec (object, pspec);
}

static void
terra_event_record_class_init (TerraEventRecordClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = terra_event_record_finalize;
  object_class->get_property = terra_event_record_get_property;
  object_class->set_property = terra_event_record_set_property;

  properties[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_KIND] = g_param_spec_string ("kind", NULL, NULL, "", flags);
  properties[PROP_CONTACT_ID] = g_param_spec_int64 ("contact-id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_CONVERSATION_ID] = g_param_spec_int64 ("conversation-id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_MESSAGE_ID] = g_param_spec_int64 ("message-id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_BOOKING_ID] = g_param_spec_int64 ("booking-id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_PAYLOAD] = g_param_spec_string ("payload", NULL, NULL, "{}", flags);
  properties[PROP_CREATED_AT] = g_param_spec_int64 ("created-at", NULL, NULL, 0, G_MAXINT64, 0, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
terra_event_record_init (TerraEventRecord *self)
{
  self->kind = g_strdup ("");
  self->payload = g_strdup ("{}");
}

/* Returns a new, unsaved event record (id 0). */
TerraEventRecord *
terra_event_record_new (void)
{
  return g_object_new (TERRA_TYPE_EVENT_RECORD, NULL);
}

gint64
terra_event_record_get_id (TerraEventRecord *self)
{
  g_return_val_if_fail (TERRA_IS_EVENT_RECORD (self), 0);
  return self->id;
}

const char *
terra_event_record_get_kind (TerraEventRecord *self)
{
  g_return_val_if_fail (TERRA_IS_EVENT_RECORD (self), NULL);
  return self->kind;
}

void
terra_event_record_set_kind (TerraEventRecord *self,
                             const char       *kind)
{
  g_return_if_fail (TERRA_IS_EVENT_RECORD (self));
  g_object_set (self, "kind", kind ? kind : "", NULL);
}

gint64
terra_event_record_get_contact_id (TerraEventRecord *self)
{
  g_return_val_if_fail (TERRA_IS_EVENT_RECORD (self), 0);
  return self->contact_id;
}

void
terra_event_record_set_contact_id (TerraEventRecord *self,
                                   gint64            contact_id)
{
  g_return_if_fail (TERRA_IS_EVENT_RECORD (self));
  g_object_set (self, "contact-id", contact_id, NULL);
}

gint64
terra_event_record_get_conversation_id (TerraEventRecord *self)
{
  g_return_val_if_fail (TERRA_IS_EVENT_RECORD (self), 0);
  return self->conversation_id;
}

void
terra_event_record_set_conversation_id (TerraEventRecord *self,
                                        gint64            conversation_id)
{
  g_return_if_fail (TERRA_IS_EVENT_RECORD (self));
  g_object_set (self, "conversation-id", conversation_id, NULL);
}

gint64
terra_event_record_get_message_id (TerraEventRecord *self)
{
  g_return_val_if_fail (TERRA_IS_EVENT_RECORD (self), 0);
  return self->message_id;
}

void
terra_event_record_set_message_id (TerraEventRecord *self,
                                   gint64            message_id)
{
  g_return_if_fail (TERRA_IS_EVENT_RECORD (self));
  g_object_set (self, "message-id", message_id, NULL);
}

gint64
terra_event_record_get_booking_id (TerraEventRecord *self)
{
  g_return_val_if_fail (TERRA_IS_EVENT_RECORD (self), 0);
  return self->booking_id;
}

void
terra_event_record_set_booking_id (TerraEventRecord *self,
                                   gint64            booking_id)
{
  g_return_if_fail (TERRA_IS_EVENT_RECORD (self));
  g_object_set (self, "booking-id", booking_id, NULL);
}

const char *
terra_event_record_get_payload (TerraEventRecord *self)
{
  g_return_val_if_fail (TERRA_IS_EVENT_RECORD (self), NULL);
  return self->payload;
}

void
terra_event_record_set_payload (TerraEventRecord *self,
                                const char       *json)
{
  g_return_if_fail (TERRA_IS_EVENT_RECORD (self));
  g_object_set (self, "payload", json ? json : "{}", NULL);
}

gint64
terra_event_record_get_created_at (TerraEventRecord *self)
{
  g_return_val_if_fail (TERRA_IS_EVENT_RECORD (self), 0);
  return self->created_at;
}
