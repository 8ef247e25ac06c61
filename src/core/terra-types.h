/* terra-types.h — the enumerations of Terra's domain model
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The store writes each value as its enum nick ("handed-off", "no-show"), so
 * the database stays readable by hand and by scripts.
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum
{
  TERRA_CHANNEL_WHATSAPP,
  TERRA_CHANNEL_SMS,
  TERRA_CHANNEL_WEBCHAT,
  TERRA_CHANNEL_TELEGRAM,
  TERRA_CHANNEL_API,
} TerraChannel;

typedef enum
{
  TERRA_CONVERSATION_STATUS_ACTIVE,
  TERRA_CONVERSATION_STATUS_WAITING,
  TERRA_CONVERSATION_STATUS_HANDED_OFF,
  TERRA_CONVERSATION_STATUS_CLOSED,
} TerraConversationStatus;

/* Who answers the lead in a conversation right now. */
typedef enum
{
  TERRA_RESPONDER_ASSISTANT,
  TERRA_RESPONDER_HUMAN,
} TerraResponder;

typedef enum
{
  TERRA_DIRECTION_INBOUND,
  TERRA_DIRECTION_OUTBOUND,
} TerraDirection;

typedef enum
{
  TERRA_AUTHOR_LEAD,
  TERRA_AUTHOR_ASSISTANT,
  TERRA_AUTHOR_HUMAN,
  TERRA_AUTHOR_SYSTEM,
} TerraAuthor;

typedef enum
{
  TERRA_DELIVERY_NONE,
  TERRA_DELIVERY_PENDING,
  TERRA_DELIVERY_SENT,
  TERRA_DELIVERY_DELIVERED,
  TERRA_DELIVERY_READ,
  TERRA_DELIVERY_FAILED,
} TerraDelivery;

/* Approval state of an assistant reply; "none" for messages that need none. */
typedef enum
{
  TERRA_DRAFT_NONE,
  TERRA_DRAFT_PENDING,
  TERRA_DRAFT_APPROVED,
  TERRA_DRAFT_REJECTED,
} TerraDraft;

typedef enum
{
  TERRA_TEMPERATURE_COLD,
  TERRA_TEMPERATURE_WARM,
  TERRA_TEMPERATURE_HOT,
} TerraTemperature;

typedef enum
{
  TERRA_CONSENT_UNKNOWN,
  TERRA_CONSENT_GIVEN,
  TERRA_CONSENT_REFUSED,
} TerraConsent;

typedef enum
{
  TERRA_SENTIMENT_NEGATIVE,
  TERRA_SENTIMENT_NEUTRAL,
  TERRA_SENTIMENT_POSITIVE,
} TerraSentiment;

typedef enum
{
  TERRA_BOOKING_SOURCE_ASSISTANT,
  TERRA_BOOKING_SOURCE_MANUAL,
} TerraBookingSource;

typedef enum
{
  TERRA_BOOKING_STATUS_CONFIRMED,
  TERRA_BOOKING_STATUS_CANCELLED,
  TERRA_BOOKING_STATUS_COMPLETED,
  TERRA_BOOKING_STATUS_NO_SHOW,
} TerraBookingStatus;

typedef enum
{
  TERRA_KNOWLEDGE_COMPANY,
  TERRA_KNOWLEDGE_PRODUCTS,
  TERRA_KNOWLEDGE_FAQ,
  TERRA_KNOWLEDGE_POLICIES,
  TERRA_KNOWLEDGE_OBJECTIONS,
} TerraKnowledgeCategory;

typedef enum
{
  TERRA_INSTRUCTION_ALWAYS,
  TERRA_INSTRUCTION_WHEN,
  TERRA_INSTRUCTION_NEVER,
  TERRA_INSTRUCTION_TONE,
} TerraInstructionKind;

typedef enum
{
  TERRA_GRADE_GOOD,
  TERRA_GRADE_BAD,
} TerraGrade;

typedef enum
{
  TERRA_TASK_OPEN,
  TERRA_TASK_DONE,
  TERRA_TASK_CANCELLED,
} TerraTaskStatus;

typedef enum
{
  TERRA_OUTBOX_MESSAGE,
  TERRA_OUTBOX_WEBHOOK,
} TerraOutboxKind;

typedef enum
{
  TERRA_OUTBOX_PENDING,
  TERRA_OUTBOX_SENDING,
  TERRA_OUTBOX_SENT,
  TERRA_OUTBOX_FAILED,
  TERRA_OUTBOX_DEAD,
} TerraOutboxStatus;

/* What a change event is about; the UI refreshes what shows that entity. */
typedef enum
{
  TERRA_ENTITY_SETTING,
  TERRA_ENTITY_CONTACT,
  TERRA_ENTITY_CONVERSATION,
  TERRA_ENTITY_MESSAGE,
  TERRA_ENTITY_ANALYSIS,
  TERRA_ENTITY_BOOKING,
  TERRA_ENTITY_APPOINTMENT_TYPE,
  TERRA_ENTITY_AVAILABILITY,
  TERRA_ENTITY_KNOWLEDGE,
  TERRA_ENTITY_INSTRUCTION,
  TERRA_ENTITY_FEEDBACK,
  TERRA_ENTITY_TASK,
  TERRA_ENTITY_EVENT,
  TERRA_ENTITY_OUTBOX,
} TerraEntity;

typedef enum
{
  TERRA_CHANGE_CREATED,
  TERRA_CHANGE_UPDATED,
  TERRA_CHANGE_DELETED,
} TerraChangeKind;

const char *terra_enum_to_nick   (GType        enum_type,
                                  int          value);
gboolean    terra_enum_from_nick (GType        enum_type,
                                  const char  *nick,
                                  int         *value);

G_END_DECLS
