/* terra-api-routes.c — the table of REST endpoints the server dispatches to
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every endpoint other than POST /api/v1/messages (which the server handles
 * itself) is listed here with its method, path pattern, flags and handler.
 * The handlers live in terra-api-*.c next to this file.
 *
 * All of them run on the server's worker threads (TERRA_API_ROUTE_SLOW):
 * the server thread's time belongs to inbound messages, and even a read
 * (a search over many conversations, the metrics, the keyring behind the
 * calendar token) can take milliseconds it should not wait for.
 */
#include "config.h"

#include "terra-api.h"
#include "terra-api-handlers.h"

#define AUTHED (TERRA_API_ROUTE_BEARER | TERRA_API_ROUTE_SLOW)

const TerraApiRoute terra_api_routes[] = {
  { "POST",   "/api/v1/chat",                          AUTHED, terra_api_chat },

  { "GET",    "/api/v1/conversations",                 AUTHED, terra_api_list_conversations },
  { "GET",    "/api/v1/conversations/{id}",            AUTHED, terra_api_get_conversation },
  { "POST",   "/api/v1/conversations/{id}/messages",   AUTHED, terra_api_send_owner_message },
  { "POST",   "/api/v1/conversations/{id}/takeover",   AUTHED, terra_api_take_over },
  { "POST",   "/api/v1/conversations/{id}/handback",   AUTHED, terra_api_hand_back },

  { "GET",    "/api/v1/slots",                         AUTHED, terra_api_list_slots },
  { "POST",   "/api/v1/bookings",                      AUTHED, terra_api_create_booking },
  { "PATCH",  "/api/v1/bookings/{id}",                 AUTHED, terra_api_update_booking },
  { "DELETE", "/api/v1/bookings/{id}",                 AUTHED, terra_api_cancel_booking },

  { "GET",    "/api/v1/metrics",                       AUTHED, terra_api_get_metrics },

  { "POST",   "/api/v1/knowledge",                     AUTHED, terra_api_add_knowledge },
  { "POST",   "/api/v1/knowledge/faqs",                AUTHED, terra_api_add_faqs },
  { "GET",    "/api/v1/knowledge/search",              AUTHED, terra_api_search_knowledge },

  /* Calendar clients cannot send a bearer key: the feed checks its own
   * token (terra-api-calendar.c). */
  { "GET",    "/calendar.ics",                         TERRA_API_ROUTE_SLOW, terra_api_calendar_feed },

  { NULL }
};
