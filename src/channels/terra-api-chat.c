/* terra-api-chat.c — POST /api/v1/chat: talk to the assistant as a lead
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The caller is a lead on the "api" channel: a website form, a script, a
 * test. The conversation is found or started first, without a message;
 * terra_orchestrator_simulate() then stores the lead's text (so it is
 * stored once) and handles it on this thread, and the answer carries the
 * reply, the analysis and what the assistant's tools did.
 */

#define G_LOG_DOMAIN "terra-api"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "terra-api-handlers.h"
#include "terra-enums.h"
#include "terra-inbound.h"
#include "terra-tools.h"

static const char *
action_kind_name (TerraActionKind kind)
{
  switch (kind)
    {
    case TERRA_ACTION_BOOKED: return "booked";
    case TERRA_ACTION_RESCHEDULED: return "rescheduled";
    case TERRA_ACTION_CANCELLED: return "cancelled";
    case TERRA_ACTION_LEAD_UPDATED: return "lead-updated";
    case TERRA_ACTION_HANDOFF: return "handoff";
    case TERRA_ACTION_FOLLOW_UP: return "follow-up";
    default: return "other";
    }
}

static void
add_simulation (JsonBuilder     *builder,
                TerraSimulation *simulation)
{
  json_builder_set_member_name (builder, "reply");
  if (simulation->reply != NULL)
    json_builder_add_string_value (builder, simulation->reply);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "conversation_id");
  json_builder_add_int_value (builder, simulation->conversation_id);
  json_builder_set_member_name (builder, "message_id");
  json_builder_add_int_value (builder, simulation->message_id);
  json_builder_set_member_name (builder, "reply_id");
  if (simulation->reply_id > 0)
    json_builder_add_int_value (builder, simulation->reply_id);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "draft");
  json_builder_add_boolean_value (builder, simulation->draft);
  json_builder_set_member_name (builder, "decision");
  json_builder_add_string_value (builder, simulation->decision != NULL ? simulation->decision : "");

  json_builder_set_member_name (builder, "analysis");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "intent");
  json_builder_add_string_value (builder, simulation->intent != NULL ? simulation->intent : "other");
  json_builder_set_member_name (builder, "sentiment");
  json_builder_add_string_value (builder, terra_enum_to_nick (TERRA_TYPE_SENTIMENT, simulation->sentiment));
  json_builder_set_member_name (builder, "sentiment_score");
  json_builder_add_double_value (builder, simulation->sentiment_score);
  json_builder_set_member_name (builder, "language");
  json_builder_add_string_value (builder, simulation->language != NULL ? simulation->language : "");
  json_builder_set_member_name (builder, "lead_score");
  json_builder_add_int_value (builder, simulation->score);
  json_builder_set_member_name (builder, "temperature");
  json_builder_add_string_value (builder, terra_enum_to_nick (TERRA_TYPE_TEMPERATURE, simulation->temperature));
  json_builder_set_member_name (builder, "escalate");
  json_builder_add_boolean_value (builder, simulation->escalate);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "actions");
  json_builder_begin_array (builder);
  for (guint i = 0; simulation->actions != NULL && i < simulation->actions->len; i++)
    {
      TerraAction *action = g_ptr_array_index (simulation->actions, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "kind");
      json_builder_add_string_value (builder, action_kind_name (action->kind));
      json_builder_set_member_name (builder, "id");
      json_builder_add_int_value (builder, action->id);
      json_builder_set_member_name (builder, "detail");
      json_builder_add_string_value (builder, action->detail != NULL ? action->detail : "");
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "provider");
  json_builder_add_string_value (builder, simulation->provider != NULL ? simulation->provider : "");
  json_builder_set_member_name (builder, "fallback");
  json_builder_add_boolean_value (builder, simulation->fallback);
}

/* An existing conversation named by the caller: it must be an API
 * conversation, and when the caller also says who it is, that lead's. A
 * conversation of another sender is answered as unknown, so that ids
 * cannot be probed. */
static gboolean
check_conversation (TerraApiRequest  *request,
                    gint64            conversation_id,
                    const char       *from,
                    GError          **error)
{
  g_autoptr(TerraConversation) conversation = NULL;
  g_autoptr(GError) local_error = NULL;

  conversation = terra_store_get (request->store, TERRA_TYPE_CONVERSATION, conversation_id, &local_error);
  if (conversation == NULL)
    return _terra_api_not_found (error, local_error, _("conversation"), conversation_id);

  if (terra_conversation_get_channel (conversation) != TERRA_CHANNEL_API)
    return _terra_api_fail (error, TERRA_API_ERROR_BAD_REQUEST,
                            _("Conversation %" G_GINT64_FORMAT " is on %s; the chat endpoint talks only in "
                              "API conversations"),
                            conversation_id,
                            terra_enum_to_nick (TERRA_TYPE_CHANNEL, terra_conversation_get_channel (conversation)));

  if (from != NULL)
    {
      g_autoptr(TerraContact) contact = NULL;

      contact = terra_store_find_contact_by_identity (request->store, TERRA_CHANNEL_API, from, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      if (contact == NULL || terra_contact_get_id (contact) != terra_conversation_get_contact_id (conversation))
        return _terra_api_fail (error, TERRA_API_ERROR_NOT_FOUND,
                                _("There is no conversation with id %" G_GINT64_FORMAT " for this sender"),
                                conversation_id);
    }
  return TRUE;
}

/**
 * terra_api_chat:
 *
 * POST /api/v1/chat {from, name?, text, conversation_id?}: stores the
 * lead's text, runs the assistant on it and answers with its reply.
 */
gboolean
terra_api_chat (TerraApiRequest   *request,
                TerraApiResponse  *response,
                GError           **error)
{
  static const char *const allowed[] = { "from", "name", "text", "conversation_id", NULL };
  g_autoptr(TerraSimulation) simulation = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  JsonObject *body;
  const char *from = NULL;
  const char *name = NULL;
  const char *text = NULL;
  gint64 conversation_id = 0;
  gint64 contact_id = 0;

  if ((body = _terra_api_body_object (request, allowed, error)) == NULL ||
      !_terra_api_member_string (body, "from", FALSE, TRUE, 256, &from, error) ||
      !_terra_api_member_string (body, "name", FALSE, FALSE, 200, &name, error) ||
      !_terra_api_member_string (body, "text", TRUE, TRUE, 0, &text, error) ||
      !_terra_api_member_int (body, "conversation_id", FALSE, 1, G_MAXINT64, &conversation_id, error))
    return FALSE;

  if (strlen (text) > TERRA_INBOUND_MAX_TEXT)
    return _terra_api_fail (error, TERRA_API_ERROR_BAD_REQUEST,
                            _("“text” is longer than %d bytes"), TERRA_INBOUND_MAX_TEXT);
  if (from == NULL && conversation_id == 0)
    return _terra_api_fail (error, TERRA_API_ERROR_BAD_REQUEST,
                            _("Say who is writing: give “from” (or the “conversation_id” of an earlier chat)"));

  /* Before anything is written: without an engine nobody would answer. */
  if (request->orchestrator == NULL)
    return _terra_api_fail (error, TERRA_API_ERROR_UNAVAILABLE,
                            _("The assistant is not running; try again later"));

  if (conversation_id != 0)
    {
      if (!check_conversation (request, conversation_id, from, error))
        return FALSE;
    }
  else if (!terra_store_find_or_start_conversation (request->store, TERRA_CHANNEL_API, from, name,
                                                    &contact_id, &conversation_id, error))
    return FALSE;

  if (!terra_orchestrator_simulate (request->orchestrator, request->store, conversation_id, text,
                                    &simulation, error))
    return FALSE;

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  add_simulation (builder, simulation);
  json_builder_end_object (builder);
  _terra_api_respond (response, 200, builder);
  return TRUE;
}
