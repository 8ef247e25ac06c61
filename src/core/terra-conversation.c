/* terra-conversation.c — a conversation with a lead on one channel
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every property is a column of the `conversations` table (see
 * terra-store-migrations.c); the store reads and writes them by name.
 *
 * contact-name, contact-score, contact-temperature and sentiment are not
 * columns: the store fills them from the `conversation_rows` view when it
 * reads a conversation, and does not write them back.
 */

#define G_LOG_DOMAIN "terra-conversation"

#include "config.h"

#include "terra-conversation.h"
#include "terra-entity-util.h"
#include "terra-enums.h"

struct _TerraConversation
{
  GObject                  parent_instance;

  gint64                   id;
  gint64                   contact_id;
  TerraChannel             channel;
  TerraConversationStatus  status;
  TerraResponder           responder;
  char                    *handoff_reason;
  int                      unread_count;
  char                    *summary;
  char                    *last_message_preview;
  gint64                   first_reply_at;
  gint64                   created_at;
  gint64                   updated_at;
  gint64                   last_activity_at;
  char                    *contact_name;
  int                      contact_score;
  TerraTemperature         contact_temperature;
  TerraSentiment           sentiment;
};

G_DEFINE_FINAL_TYPE (TerraConversation, terra_conversation, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_CONTACT_ID,
  PROP_CHANNEL,
  PROP_STATUS,
  PROP_RESPONDER,
  PROP_HANDOFF_REASON,
  PROP_UNREAD_COUNT,
  PROP_SUMMARY,
  PROP_LAST_MESSAGE_PREVIEW,
  PROP_FIRST_REPLY_AT,
  PROP_CREATED_AT,
  PROP_UPDATED_AT,
  PROP_LAST_ACTIVITY_AT,
  PROP_CONTACT_NAME,
  PROP_CONTACT_SCORE,
  PROP_CONTACT_TEMPERATURE,
  PROP_SENTIMENT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
terra_conversation_finalize (GObject *object)
{
  TerraConversation *self = (TerraConversation *)object;

  g_clear_pointer (&self->handoff_reason, g_free);
  g_clear_pointer (&self->summary, g_free);
  g_clear_pointer (&self->last_message_preview, g_free);
  g_clear_pointer (&self->contact_name, g_free);

  G_OBJECT_CLASS (terra_conversation_parent_class)->finalize (object);
}

static void
terra_conversation_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  TerraConversation *self = TERRA_CONVERSATION (object);

  switch (prop_id)
    {
    case PROP_ID: g_value_set_int64 (value, self->id); break;
    case PROP_CONTACT_ID: g_value_set_int64 (value, self->contact_id); break;
    case PROP_CHANNEL: g_value_set_enum (value, self->channel); break;
    case PROP_STATUS: g_value_set_enum (value, self->status); break;
    case PROP_RESPONDER: g_value_set_enum (value, self->responder); break;
    case PROP_HANDOFF_REASON: g_value_set_string (value, self->handoff_reason); break;
    case PROP_UNREAD_COUNT: g_value_set_int (value, self->unread_count); break;
    case PROP_SUMMARY: g_value_set_string (value, self->summary); break;
    case PROP_LAST_MESSAGE_PREVIEW: g_value_set_string (value, self->last_message_preview); break;
    case PROP_FIRST_REPLY_AT: g_value_set_int64 (value, self->first_reply_at); break;
    case PROP_CREATED_AT: g_value_set_int64 (value, self->created_at); break;
    case PROP_UPDATED_AT: g_value_set_int64 (value, self->updated_at); break;
    case PROP_LAST_ACTIVITY_AT: g_value_set_int64 (value, self->last_activity_at); break;
    case PROP_CONTACT_NAME: g_value_set_string (value, self->contact_name); break;
    case PROP_CONTACT_SCORE: g_value_set_int (value, self->contact_score); break;
    case PROP_CONTACT_TEMPERATURE: g_value_set_enum (value, self->contact_temperature); break;
    case PROP_SENTIMENT: g_value_set_enum (value, self->sentiment); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
terra_conversation_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  TerraConversation *self = TERRA_CONVERSATION (object);
  gboolean changed = TRUE;

  switch (prop_id)
    {
    case PROP_ID: changed = terra_entity_set_int64 (&self->id, g_value_get_int64 (value)); break;
    case PROP_CONTACT_ID: changed = terra_entity_set_int64 (&self->contact_id, g_value_get_int64 (value)); break;
    case PROP_CHANNEL: changed = terra_entity_set_int ((int *)&self->channel, g_value_get_enum (value)); break;
    case PROP_STATUS: changed = terra_entity_set_int ((int *)&self->status, g_value_get_enum (value)); break;
    case PROP_RESPONDER: changed = terra_entity_set_int ((int *)&self->responder, g_value_get_enum (value)); break;
    case PROP_HANDOFF_REASON: changed = terra_entity_set_string (&self->handoff_reason, g_value_get_string (value)); break;
    case PROP_UNREAD_COUNT: changed = terra_entity_set_int (&self->unread_count, g_value_get_int (value)); break;
    case PROP_SUMMARY: changed = terra_entity_set_string (&self->summary, g_value_get_string (value)); break;
    case PROP_LAST_MESSAGE_PREVIEW: changed = terra_entity_set_string (&self->last_message_preview, g_value_get_string (value)); break;
    case PROP_FIRST_REPLY_AT: changed = terra_entity_set_int64 (&self->first_reply_at, g_value_get_int64 (value)); break;
    case PROP_CREATED_AT: changed = terra_entity_set_int64 (&self->created_at, g_value_get_int64 (value)); break;
    case PROP_UPDATED_AT: changed = terra_entity_set_int64 (&self->updated_at, g_value_get_int64 (value)); break;
    case PROP_LAST_ACTIVITY_AT: changed = terra_entity_set_int64 (&self->last_activity_at, g_value_get_int64 (value)); break;
    case PROP_CONTACT_NAME: changed = terra_entity_set_string (&self->contact_name, g_value_get_string (value)); break;
    case PROP_CONTACT_SCORE: changed = terra_entity_set_int (&self->contact_score, g_value_get_int (value)); break;
    case PROP_CONTACT_TEMPERATURE: changed = terra_entity_set_int ((int *)&self->contact_temperature, g_value_get_enum (value)); break;
    case PROP_SENTIMENT: changed = terra_entity_set_int ((int *)&self->sentiment, g_value_get_enum (value)); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      return;
    }

  if (changed)
    g_object_notify_by_pspec (object, pspec);
}

static void
terra_conversation_class_init (TerraConversationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = terra_conversation_finalize;
  object_class->get_property = terra_conversation_get_property;
  object_class->set_property = terra_conversation_set_property;

  properties[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_CONTACT_ID] = g_param_spec_int64 ("contact-id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_CHANNEL] = g_param_spec_enum ("channel", NULL, NULL,
                                                TERRA_TYPE_CHANNEL, TERRA_CHANNEL_WHATSAPP, flags);
  properties[PROP_STATUS] = g_param_spec_enum ("status", NULL, NULL,
                                               TERRA_TYPE_CONVERSATION_STATUS, TERRA_CONVERSATION_STATUS_ACTIVE, flags);
  properties[PROP_RESPONDER] = g_param_spec_enum ("responder", NULL, NULL,
                                                  TERRA_TYPE_RESPONDER, TERRA_RESPONDER_ASSISTANT, flags);
  properties[PROP_HANDOFF_REASON] = g_param_spec_string ("handoff-reason", NULL, NULL, "", flags);
  properties[PROP_UNREAD_COUNT] = g_param_spec_int ("unread-count", NULL, NULL, 0, G_MAXINT, 0, flags);
  properties[PROP_SUMMARY] = g_param_spec_string ("summary", NULL, NULL, "", flags);
  properties[PROP_LAST_MESSAGE_PREVIEW] = g_param_spec_string ("last-message-preview", NULL, NULL, "", flags);
  properties[PROP_FIRST_REPLY_AT] = g_param_spec_int64 ("first-reply-at", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_CREATED_AT] = g_param_spec_int64 ("created-at", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_UPDATED_AT] = g_param_spec_int64 ("updated-at", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_LAST_ACTIVITY_AT] = g_param_spec_int64 ("last-activity-at", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_CONTACT_NAME] = g_param_spec_string ("contact-name", NULL, NULL, "", flags);
  properties[PROP_CONTACT_SCORE] = g_param_spec_int ("contact-score", NULL, NULL, 0, 100, 0, flags);
  properties[PROP_CONTACT_TEMPERATURE] = g_param_spec_enum ("contact-temperature", NULL, NULL,
                                                            TERRA_TYPE_TEMPERATURE, TERRA_TEMPERATURE_COLD, flags);
  /* The sentiment of the latest analysed message of the lead. */
  properties[PROP_SENTIMENT] = g_param_spec_enum ("sentiment", NULL, NULL,
                                                  TERRA_TYPE_SENTIMENT, TERRA_SENTIMENT_NEUTRAL, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
terra_conversation_init (TerraConversation *self)
{
  self->handoff_reason = g_strdup ("");
  self->summary = g_strdup ("");
  self->last_message_preview = g_strdup ("");
  self->contact_name = g_strdup ("");
  self->sentiment = TERRA_SENTIMENT_NEUTRAL;
}

/* Returns a new, unsaved conversation (id 0). */
TerraConversation *
terra_conversation_new (void)
{
  return g_object_new (TERRA_TYPE_CONVERSATION, NULL);
}

gint64
terra_conversation_get_id (TerraConversation *self)
{
  g_return_val_if_fail (TERRA_IS_CONVERSATION (self), 0);
  return self->id;
}

gint64
terra_conversation_get_contact_id (TerraConversation *self)
{
  g_return_val_if_fail (TERRA_IS_CONVERSATION (self), 0);
  return self->contact_id;
}

void
terra_conversation_set_contact_id (TerraConversation *self,
                                   gint64             contact_id)
{
  g_return_if_fail (TERRA_IS_CONVERSATION (self));
  g_object_set (self, "contact-id", contact_id, NULL);
}

TerraChannel
terra_conversation_get_channel (TerraConversation *self)
{
  g_return_val_if_fail (TERRA_IS_CONVERSATION (self), TERRA_CHANNEL_WHATSAPP);
  return self->channel;
}

void
terra_conversation_set_channel (TerraConversation *self,
                                TerraChannel       channel)
{
  g_return_if_fail (TERRA_IS_CONVERSATION (self));
  g_object_set (self, "channel", channel, NULL);
}

TerraConversationStatus
terra_conversation_get_status (TerraConversation *self)
{
  g_return_val_if_fail (TERRA_IS_CONVERSATION (self), TERRA_CONVERSATION_STATUS_ACTIVE);
  return self->status;
}

void
terra_conversation_set_status (TerraConversation       *self,
                               TerraConversationStatus  status)
{
  g_return_if_fail (TERRA_IS_CONVERSATION (self));
  g_object_set (self, "status", status, NULL);
}

TerraResponder
terra_conversation_get_responder (TerraConversation *self)
{
  g_return_val_if_fail (TERRA_IS_CONVERSATION (self), TERRA_RESPONDER_ASSISTANT);
  return self->responder;
}

void
terra_conversation_set_responder (TerraConversation *self,
                                  TerraResponder     responder)
{
  g_return_if_fail (TERRA_IS_CONVERSATION (self));
  g_object_set (self, "responder", responder, NULL);
}

const char *
terra_conversation_get_handoff_reason (TerraConversation *self)
{
  g_return_val_if_fail (TERRA_IS_CONVERSATION (self), NULL);
  return self->handoff_reason;
}

void
terra_conversation_set_handoff_reason (TerraConversation *self,
                                       const char        *reason)
{
  g_return_if_fail (TERRA_IS_CONVERSATION (self));
  g_object_set (self, "handoff-reason", reason ? reason : "", NULL);
}

int
terra_conversation_get_unread_count (TerraConversation *self)
{
  g_return_val_if_fail (TERRA_IS_CONVERSATION (self), 0);
  return self->unread_count;
}

void
terra_conversation_set_unread_count (TerraConversation *self,
                                     int                unread_count)
{
  g_return_if_fail (TERRA_IS_CONVERSATION (self));
  g_object_set (self, "unread-count", MAX (unread_count, 0), NULL);
}

const char *
terra_conversation_get_summary (TerraConversation *self)
{
  g_return_val_if_fail (TERRA_IS_CONVERSATION (self), NULL);
  return self->summary;
}

void
terra_conversation_set_summary (TerraConversation *self,
                                const char        *summary)
{
  g_return_if_fail (TERRA_IS_CONVERSATION (self));
  g_object_set (self, "summary", summary ? summary : "", NULL);
}

const char *
terra_conversation_get_last_message_preview (TerraConversation *self)
{
  g_return_val_if_fail (TERRA_IS_CONVERSATION (self), NULL);
  return self->last_message_preview;
}

void
terra_conversation_set_last_message_preview (TerraConversation *self,
                                             const char        *preview)
{
  g_return_if_fail (TERRA_IS_CONVERSATION (self));
  g_object_set (self, "last-message-preview", preview ? preview : "", NULL);
}

gint64
terra_conversation_get_first_reply_at (TerraConversation *self)
{
  g_return_val_if_fail (TERRA_IS_CONVERSATION (self), 0);
  return self->first_reply_at;
}

void
terra_conversation_set_first_reply_at (TerraConversation *self,
                                       gint64             first_reply_at)
{
  g_return_if_fail (TERRA_IS_CONVERSATION (self));
  g_object_set (self, "first-reply-at", first_reply_at, NULL);
}

gint64
terra_conversation_get_created_at (TerraConversation *self)
{
  g_return_val_if_fail (TERRA_IS_CONVERSATION (self), 0);
  return self->created_at;
}

gint64
terra_conversation_get_updated_at (TerraConversation *self)
{
  g_return_val_if_fail (TERRA_IS_CONVERSATION (self), 0);
  return self->updated_at;
}

gint64
terra_conversation_get_last_activity_at (TerraConversation *self)
{
  g_return_val_if_fail (TERRA_IS_CONVERSATION (self), 0);
  return self->last_activity_at;
}

void
terra_conversation_set_last_activity_at (TerraConversation *self,
                                         gint64             last_activity_at)
{
  g_return_if_fail (TERRA_IS_CONVERSATION (self));
  g_object_set (self, "last-activity-at", last_activity_at, NULL);
}

const char *
terra_conversation_get_contact_name (TerraConversation *self)
{
  g_return_val_if_fail (TERRA_IS_CONVERSATION (self), NULL);
  return self->contact_name;
}

int
terra_conversation_get_contact_score (TerraConversation *self)
{
  g_return_val_if_fail (TERRA_IS_CONVERSATION (self), 0);
  return self->contact_score;
}

TerraTemperature
terra_conversation_get_contact_temperature (TerraConversation *self)
{
  g_return_val_if_fail (TERRA_IS_CONVERSATION (self), TERRA_TEMPERATURE_COLD);
  return self->contact_temperature;
}

TerraSentiment
terra_conversation_get_sentiment (TerraConversation *self)
{
  g_return_val_if_fail (TERRA_IS_CONVERSATION (self), TERRA_SENTIMENT_NEUTRAL);
  return self->sentiment;
}
