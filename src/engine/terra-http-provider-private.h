/* terra-http-provider-private.h — what the files of TerraHttpProvider
 * share and its subclasses need not see
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "terra-http-provider.h"

G_BEGIN_DECLS

#define TERRA_HTTP_READ_BUFFER_SIZE 8192

/* What an error body said, whichever provider's shape it had. */
typedef struct
{
  char     *message;
  char     *type;
  char     *code;
  char     *status;
  char     *reason;
  gint64    number;
  gboolean  daily_quota;   /* Gemini: a per-day quota is spent */
  gint64    retry_delay;   /* Gemini's RetryInfo, µs; -1 when none */
} TerraHttpErrorInfo;

#define TERRA_HTTP_ERROR_INFO_INIT { .retry_delay = -1 }

const char         *_terra_http_provider_display_name        (TerraHttpProvider         *self);
char               *_terra_http_provider_scrub               (TerraHttpProvider         *self,
                                                              const char                *text);

void                _terra_http_error_info_clear             (TerraHttpErrorInfo        *info);
void                _terra_http_error_info_read              (TerraHttpErrorInfo        *info,
                                                              JsonNode                  *root);
TerraProviderError  _terra_http_error_classify               (guint                      status,
                                                              const TerraHttpErrorInfo  *info);
void                _terra_http_provider_set_http_error      (TerraHttpProvider         *self,
                                                              GError                   **error,
                                                              TerraProviderError         code,
                                                              guint                      status,
                                                              const TerraHttpErrorInfo  *info);
TerraProviderError  _terra_http_provider_set_transport_error (TerraHttpProvider         *self,
                                                              GError                   **error,
                                                              const char                *url,
                                                              const GError              *transport_error);
void                _terra_http_provider_set_read_error      (TerraHttpProvider         *self,
                                                              GError                   **error,
                                                              const GError              *read_error);

GBytes             *_terra_http_read_body                    (GInputStream              *stream,
                                                              gsize                      limit,
                                                              gboolean                  *too_large,
                                                              GCancellable              *cancellable,
                                                              GError                   **error);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (TerraHttpErrorInfo, _terra_http_error_info_clear)

G_END_DECLS
