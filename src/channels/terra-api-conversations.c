/* terra-api-conversations.c — the conversations of the REST API
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GET /api/v1/conversations lists them by filters; GET …/{id} shows one
 * with its messages and the lead; POST …/{id}/messages is the owner's
 * manual reply; POST …/{id}/takeover and …/handback move the conversation
 * between the owner and the assistant. The rules (a manual reply takes the
 * conversation over) live in the store's desk calls (terra-desk.h), shared
 * with the window.
 */

#define G_LOG_DOMAIN "terra-api"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "terra-api-handlers.h"
#include "terra-desk.h"
#include "terra-enums.h"
#include "terra-store-desk-queries.h"

#define DEFAULT_LIMIT 50
#define MAX_LIMIT 200
#define MAX_SEARCH_CHARS 200

/**
 * terra_api_list_conversations:
 *
 * GET /api/v1/conversations?status=&channel=&sentiment=&since=&q=&limit=&offset=
 */
gboolean
terra_api_list_conversations (TerraApiRequest   *request,
                              TerraApiResponse  *response,
                              GError           **error)
{
  g_autoptr(TerraQuery) query = terra_query_new (TERRA_TYPE_CONVERSATION);
  g_autoptr(GTimeZone) zone = terra_store_get_time_zone (request->store);
  g_autoptr(GPtrArray) conversations = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  const char *search = NULL;
  int status = -1, channel = -1, sentiment = -1;
  gint64 since = 0, limit = DEFAULT_LIMIT, offset = 0, total = 0;
  gboolean own;
  gboolean ok;

  if (!_terra_api_query_enum (request, "status", TERRA_TYPE_CONVERSATION_STATUS, &status, error) ||
      !_terra_api_query_enum (request, "channel", TERRA_TYPE_CHANNEL, &channel, error) ||
      !_terra_api_query_enum (request, "sentiment", TERRA_TYPE_SENTIMENT, &sentiment, error) ||
      !_terra_api_query_time (request, "since", zone, FALSE, &since, error) ||
      !_terra_api_query_string (request, "q", MAX_SEARCH_CHARS, &search, error) ||
      !_terra_api_query_int (request, "limit", 1, MAX_LIMIT, &limit, error) ||
      !_terra_api_query_int (request, "offset", 0, G_MAXINT32, &offset, error))
    return FALSE;

  if (status >= 0)
    terra_query_where_enum (query, "status", TERRA_TYPE_CONVERSATION_STATUS, status);
  if (channel >= 0)
    terra_query_where_enum (query, "channel", TERRA_TYPE_CHANNEL, channel);
  if (sentiment >= 0)
    terra_query_where_enum (query, "sentiment", TERRA_TYPE_SENTIMENT, sentiment);
  if (since > 0)
    terra_query_where_int (query, "last_activity_at", TERRA_QUERY_GE, since);
  if (search != NULL && *search != '\0')
    terra_query_where_search (query, search);
  terra_query_order_by (query, "last_activity_at", TRUE);
  terra_query_set_range (query, offset, limit);

  /* The page and the total from one snapshot, so they agree. */
  if (!_terra_api_begin_read (request->store, &own, error))
    return FALSE;
  conversations = terra_store_list (request->store, query, error);
  ok = conversations != NULL && (total = terra_store_count (request->store, query, error)) >= 0;
  _terra_api_end_read (request->store, own);
  if (!ok)
    return FALSE;

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "conversations");
  json_builder_begin_array (builder);
  for (guint i = 0; i < conversations->len; i++)
    {
      TerraConversation *conversation = g_ptr_array_index (conversations, i);

      json_builder_begin_object (builder);
      _terra_api_add_conversation (builder, conversation);
      json_builder_set_member_name (builder, "sentiment");
      json_builder_add_string_value (builder, terra_enum_to_nick (TERRA_TYPE_SENTIMENT,
                                                                  terra_conversation_get_sentiment (conversation)));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "total");
  json_builder_add_int_value (builder, total);
  json_builder_set_member_name (builder, "limit");
  json_builder_add_int_value (builder, limit);
  json_builder_set_member_name (builder, "offset");
  json_builder_add_int_value (builder, offset);
  json_builder_end_object (builder);

  _terra_api_respond (response, 200, builder);
  return TRUE;
}

static void
add_latest_analysis (JsonBuilder   *builder,
                     TerraAnalysis *analysis)
{
  json_builder_set_member_name (builder, "latest_analysis");
  if (analysis == NULL)
    {
      json_builder_add_null_value (builder);
      return;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "message_id");
  json_builder_add_int_value (builder, terra_analysis_get_message_id (analysis));
  json_builder_set_member_name (builder, "intent");
  json_builder_add_string_value (builder, terra_analysis_get_intent (analysis));
  json_builder_set_member_name (builder, "sentiment");
  json_builder_add_string_value (builder, terra_enum_to_nick (TERRA_TYPE_SENTIMENT,
                                                              terra_analysis_get_sentiment (analysis)));
  json_builder_set_member_name (builder, "language");
  json_builder_add_string_value (builder, terra_analysis_get_language (analysis));
  _terra_api_add_raw_json (builder, "entities", terra_analysis_get_entities (analysis), "[]");
  _terra_api_add_raw_json (builder, "escalations", terra_analysis_get_escalations (analysis), "[]");
  json_builder_end_object (builder);
}

/* The conversation with its messages, its lead and the lead's latest
 * analysis, read in one snapshot. */
static gboolean
respond_with_conversation (TerraApiRequest   *request,
                           TerraApiResponse  *response,
                           guint              status,
                           GError           **error)
{
  g_autoptr(TerraConversation) conversation = NULL;
  g_autoptr(TerraContact) contact = NULL;
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(TerraAnalysis) analysis = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(GError) local_error = NULL;
  gboolean own;
  gboolean ok;

  if (!_terra_api_begin_read (request->store, &own, error))
    return FALSE;
  conversation = terra_store_get (request->store, TERRA_TYPE_CONVERSATION, request->id, &local_error);
  ok = conversation != NULL &&
       (contact = terra_store_get (request->store, TERRA_TYPE_CONTACT,
                                   terra_conversation_get_contact_id (conversation), &local_error)) != NULL &&
       (messages = terra_store_list_messages (request->store, request->id, &local_error)) != NULL;
  if (ok)
    {
      analysis = terra_store_get_latest_analysis (request->store, request->id, &local_error);
      ok = local_error == NULL;
    }
  _terra_api_end_read (request->store, own);
  if (!ok)
    return _terra_api_not_found (error, local_error, _("conversation"), request->id);

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  _terra_api_add_conversation (builder, conversation);
  json_builder_set_member_name (builder, "sentiment");
  json_builder_add_string_value (builder, terra_enum_to_nick (TERRA_TYPE_SENTIMENT,
                                                              terra_conversation_get_sentiment (conversation)));

  json_builder_set_member_name (builder, "lead");
  json_builder_begin_object (builder);
  _terra_api_add_contact (builder, contact);
  json_builder_end_object (builder);
  add_latest_analysis (builder, analysis);

  json_builder_set_member_name (builder, "messages");
  json_builder_begin_array (builder);
  for (guint i = 0; i < messages->len; i++)
    {
      json_builder_begin_object (builder);
      _terra_api_add_message (builder, g_ptr_array_index (messages, i));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  _terra_api_respond (response, status, builder);
  return TRUE;
}

/**
 * terra_api_get_conversation:
 *
 * GET /api/v1/conversations/{id}
 */
gboolean
terra_api_get_conversation (TerraApiRequest   *request,
                            TerraApiResponse  *response,
                            GError           **error)
{
  return respond_with_conversation (request, response, 200, error);
}

/* A desk call's "no such conversation" becomes a 404 naming the id. */
static gboolean
desk_failed (TerraApiRequest  *request,
             GError           *local_error,
             GError          **error)
{
  return _terra_api_not_found (error, local_error, _("conversation"), request->id);
}

/**
 * terra_api_send_owner_message:
 *
 * POST /api/v1/conversations/{id}/messages {text}: the owner's reply,
 * delivered through the conversation's channel; it takes the conversation
 * over. Answers 201 with the message.
 */
gboolean
terra_api_send_owner_message (TerraApiRequest   *request,
                              TerraApiResponse  *response,
                              GError           **error)
{
  static const char *const allowed[] = { "text", NULL };
  g_autoptr(TerraMessage) message = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonObject *body;
  const char *text = NULL;
  gint64 message_id = 0;

  if ((body = _terra_api_body_object (request, allowed, error)) == NULL ||
      !_terra_api_member_string (body, "text", TRUE, TRUE, 0, &text, error))
    return FALSE;
  if (strlen (text) > TERRA_DESK_MAX_TEXT)
    return _terra_api_fail (error, TERRA_API_ERROR_BAD_REQUEST,
                            _("“text” is longer than %d bytes"), TERRA_DESK_MAX_TEXT);

  if (!terra_store_send_owner_message (request->store, request->id, text, &message_id, &local_error))
    return desk_failed (request, local_error, error);

  message = terra_store_get (request->store, TERRA_TYPE_MESSAGE, message_id, error);
  if (message == NULL)
    return FALSE;

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  _terra_api_add_message (builder, message);
  json_builder_end_object (builder);
  _terra_api_respond (response, 201, builder);
  return TRUE;
}

/* Takeover and handback take no body; one that is sent must be empty. */
static gboolean
check_no_body (TerraApiRequest  *request,
               GError          **error)
{
  if (request->body == NULL)
    return TRUE;
  return _terra_api_check_object (request->body, _("the body"), NULL, error) != NULL;
}

/**
 * terra_api_take_over:
 *
 * POST /api/v1/conversations/{id}/takeover: the owner answers from now
 * on; the assistant stays silent in it until the owner hands it back.
 */
gboolean
terra_api_take_over (TerraApiRequest   *request,
                     TerraApiResponse  *response,
                     GError           **error)
{
  g_autoptr(GError) local_error = NULL;

  if (!check_no_body (request, error))
    return FALSE;
  if (!terra_store_take_over (request->store, request->id, &local_error))
    return desk_failed (request, local_error, error);
  return respond_with_conversation (request, response, 200, error);
}

/**
 * terra_api_hand_back:
 *
 * POST /api/v1/conversations/{id}/handback: the assistant answers again.
 */
gboolean
terra_api_hand_back (TerraApiRequest   *request,
                     TerraApiResponse  *response,
                     GError           **error)
{
  g_autoptr(GError) local_error = NULL;

  if (!check_no_body (request, error))
    return FALSE;
  if (!terra_store_hand_back (request->store, request->id, &local_error))
    return desk_failed (request, local_error, error);
  return respond_with_conversation (request, response, 200, error);
}
