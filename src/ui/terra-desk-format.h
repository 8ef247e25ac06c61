/* terra-desk-format.h — how the conversation desk names things
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "terra-types.h"

G_BEGIN_DECLS

const char *terra_desk_channel_name   (TerraChannel            channel);
const char *terra_desk_channel_icon   (TerraChannel            channel);
const char *terra_desk_status_name    (TerraConversationStatus status);
const char *terra_desk_sentiment_name (TerraSentiment          sentiment);
const char *terra_desk_sentiment_emoji (TerraSentiment         sentiment);
const char *terra_desk_temperature_name (TerraTemperature      temperature);
const char *terra_desk_delivery_name  (TerraDelivery           delivery);
const char *terra_desk_delivery_ticks (TerraDelivery           delivery);
char       *terra_desk_format_since   (gint64                  then_us,
                                       gint64                  now_us);
char       *terra_desk_format_time    (gint64                  at_us);
char       *terra_desk_describe_event (const char             *kind,
                                       const char             *payload_json);

G_END_DECLS
