/* terra-openai-provider.h — any OpenAI-compatible Chat Completions server:
 * OpenAI, Ollama, llama.cpp, vLLM, LM Studio, Groq, OpenRouter
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "terra-http-provider.h"

G_BEGIN_DECLS

#define TERRA_OPENAI_DEFAULT_BASE_URL "https://api.openai.com/v1"

#define TERRA_TYPE_OPENAI_PROVIDER (terra_openai_provider_get_type ())

G_DECLARE_FINAL_TYPE (TerraOpenaiProvider, terra_openai_provider, TERRA, OPENAI_PROVIDER, TerraHttpProvider)

TerraProvider *terra_openai_provider_new (const char *base_url,
                                          const char *model,
                                          const char *api_key);

G_END_DECLS
