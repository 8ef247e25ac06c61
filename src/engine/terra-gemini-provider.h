/* terra-gemini-provider.h — Google's Gemini API, streaming with function
 * calling, and its embeddings
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "terra-http-provider.h"

G_BEGIN_DECLS

#define TERRA_GEMINI_DEFAULT_BASE_URL "https://generativelanguage.googleapis.com/v1beta"

#define TERRA_TYPE_GEMINI_PROVIDER (terra_gemini_provider_get_type ())

G_DECLARE_FINAL_TYPE (TerraGeminiProvider, terra_gemini_provider, TERRA, GEMINI_PROVIDER, TerraHttpProvider)

TerraProvider *terra_gemini_provider_new (const char *base_url,
                                          const char *model,
                                          const char *api_key);

G_END_DECLS
