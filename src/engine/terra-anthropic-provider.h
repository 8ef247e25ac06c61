/* terra-anthropic-provider.h — Anthropic's Messages API, streaming with
 * tool use
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "terra-http-provider.h"

G_BEGIN_DECLS

#define TERRA_ANTHROPIC_DEFAULT_BASE_URL "https://api.anthropic.com"
#define TERRA_ANTHROPIC_VERSION          "2023-06-01"

#define TERRA_TYPE_ANTHROPIC_PROVIDER (terra_anthropic_provider_get_type ())

G_DECLARE_FINAL_TYPE (TerraAnthropicProvider, terra_anthropic_provider, TERRA, ANTHROPIC_PROVIDER, TerraHttpProvider)

TerraProvider *terra_anthropic_provider_new (const char *base_url,
                                             const char *model,
                                             const char *api_key);

G_END_DECLS
