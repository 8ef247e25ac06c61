/* terra-api-routes.c — the table of REST endpoints the server dispatches to
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every endpoint other than POST /api/v1/messages (which the server handles
 * itself) is listed here with its method, path pattern, flags and handler.
 * The handlers live in terra-api-*.c next to this file.
 */
#include "config.h"

#include "terra-api.h"

const TerraApiRoute terra_api_routes[] = {
  { NULL }
};
