/* terra-provider-factory.h — the provider a workspace's settings ask for
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "terra-provider.h"
#include "terra-store.h"

G_BEGIN_DECLS

TerraProvider *terra_provider_new_for_settings  (TerraStore  *store,
                                                 const char  *workspace_id,
                                                 GError     **error);

TerraProvider *terra_provider_new_for_config    (const char  *kind,
                                                 const char  *base_url,
                                                 const char  *model,
                                                 const char  *embedding_model,
                                                 const char  *api_key,
                                                 GError     **error);

const char    *terra_provider_kind_default_model (const char *kind);
const char    *terra_provider_kind_secret_name   (const char *kind);
gboolean       terra_provider_kind_needs_key     (const char *kind,
                                                  const char *base_url);

G_END_DECLS
