/* terra-gemini-provider-private.h — what the files of the Gemini provider
 * share
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "terra-gemini-provider.h"

G_BEGIN_DECLS

JsonNode *_terra_gemini_sanitise_schema (JsonNode *schema);

G_END_DECLS
