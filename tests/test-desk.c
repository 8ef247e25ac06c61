/* test-desk.c — the owner's actions: take over, hand back, reply by hand,
 * drafts, a contact's data exported and deleted
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "terra-desk.h"
#include "terra-inbound.h"
#include "terra-test-utils.h"

static TerraIngestResult
lead_writes (TerraStore   *store,
             TerraChannel  channel,
             const char   *from,
             const char   *text)
{
  TerraInboundMessage message = { channel, NULL, from, "Meera", text, NULL, 0 };
  TerraIngestResult result = { 0 };
  g_autoptr(GError) error = NULL;

  g_assert_true (terra_store_ingest_message (store, &message, &result, &error));
  g_assert_no_error (error);
  return result;
}

static TerraConversation *
get_conversation (TerraStore *store,
                  gint64      id)
{
  g_autoptr(GError) error = NULL;
  TerraConversation *conversation = terra_store_get (store, TERRA_TYPE_CONVERSATION, id, &error);

  g_assert_no_error (error);
  return conversation;
}

static TerraMessage *
get_message (TerraStore *store,
             gint64      id)
{
  g_autoptr(GError) error = NULL;
  TerraMessage *message = terra_store_get (store, TERRA_TYPE_MESSAGE, id, &error);

  g_assert_no_error (error);
  return message;
}

static void
test_owner_reply_takes_over (void)
{
  g_autoptr(TerraTestWorkspace) workspace = terra_test_workspace_new ();
  TerraStore *store = terra_workspace_get_store (workspace);
  TerraIngestResult lead = lead_writes (store, TERRA_CHANNEL_WHATSAPP, "+919811111111", "Can I visit today?");
  g_autoptr(TerraConversation) conversation = NULL;
  g_autoptr(TerraMessage) reply = NULL;
  g_autoptr(GError) error = NULL;
  gint64 reply_id = 0;

  g_assert_true (terra_store_send_owner_message (store, lead.conversation_id, "Yes, at 5pm works.", &reply_id, &error));
  g_assert_no_error (error);

  conversation = get_conversation (store, lead.conversation_id);
  g_assert_cmpint (terra_conversation_get_responder (conversation), ==, TERRA_RESPONDER_HUMAN);
  g_assert_cmpint (terra_conversation_get_unread_count (conversation), ==, 0);
  g_assert_cmpint (terra_conversation_get_first_reply_at (conversation), >, 0);
  g_assert_cmpstr (terra_conversation_get_last_message_preview (conversation), ==, "Yes, at 5pm works.");

  reply = get_message (store, reply_id);
  g_assert_cmpint (terra_message_get_author (reply), ==, TERRA_AUTHOR_HUMAN);
  /* µs, like every time in the workspace. */
  g_assert_cmpint (terra_message_get_created_at (reply), >, g_get_real_time () - 60 * G_USEC_PER_SEC);
  g_assert_cmpint (terra_conversation_get_first_reply_at (conversation), >, g_get_real_time () - 60 * G_USEC_PER_SEC);
  g_assert_cmpint (terra_message_get_direction (reply), ==, TERRA_DIRECTION_OUTBOUND);
  /* WhatsApp needs a delivery; the outbox takes it from here. */
  g_assert_cmpint (terra_message_get_delivery (reply), ==, TERRA_DELIVERY_PENDING);

  g_assert_true (terra_store_hand_back (store, lead.conversation_id, &error));
  g_clear_object (&conversation);
  conversation = get_conversation (store, lead.conversation_id);
  g_assert_cmpint (terra_conversation_get_responder (conversation), ==, TERRA_RESPONDER_ASSISTANT);
}

static void
test_bad_replies_change_nothing (void)
{
  g_autoptr(TerraTestWorkspace) workspace = terra_test_workspace_new ();
  TerraStore *store = terra_workspace_get_store (workspace);
  TerraIngestResult lead = lead_writes (store, TERRA_CHANNEL_SMS, "+15551234", "hi");
  g_autofree char *huge = g_strnfill (TERRA_DESK_MAX_TEXT + 1, 'x');
  const char *bad[] = { "", "  \n\t ", "broken \xe2\x28\xa1", huge };
  g_autoptr(TerraConversation) conversation = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_assert_false (terra_store_send_owner_message (store, lead.conversation_id, bad[i], NULL, &error));
      g_assert_error (error, TERRA_STORE_ERROR, TERRA_STORE_ERROR_INVALID);
      g_clear_error (&error);
    }
  g_assert_false (terra_store_send_owner_message (store, 999999, "hello", NULL, &error));
  g_assert_error (error, TERRA_STORE_ERROR, TERRA_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (terra_store_take_over (store, 999999, &error));
  g_assert_error (error, TERRA_STORE_ERROR, TERRA_STORE_ERROR_NOT_FOUND);

  conversation = get_conversation (store, lead.conversation_id);
  g_assert_cmpint (terra_conversation_get_responder (conversation), ==, TERRA_RESPONDER_ASSISTANT);
  g_assert_cmpint (terra_conversation_get_unread_count (conversation), ==, 1);
}

static gint64
add_draft (TerraStore  *store,
           gint64       conversation_id,
           const char  *text)
{
  g_autoptr(TerraMessage) draft = terra_message_new ();
  g_autoptr(GError) error = NULL;

  terra_message_set_conversation_id (draft, conversation_id);
  terra_message_set_direction (draft, TERRA_DIRECTION_OUTBOUND);
  terra_message_set_author (draft, TERRA_AUTHOR_ASSISTANT);
  terra_message_set_channel (draft, TERRA_CHANNEL_TELEGRAM);
  terra_message_set_body (draft, text);
  terra_message_set_draft (draft, TERRA_DRAFT_PENDING);
  g_assert_true (terra_store_insert (store, draft, &error));
  g_assert_no_error (error);
  return terra_message_get_id (draft);
}

static void
test_drafts (void)
{
  g_autoptr(TerraTestWorkspace) workspace = terra_test_workspace_new ();
  TerraStore *store = terra_workspace_get_store (workspace);
  TerraIngestResult lead = lead_writes (store, TERRA_CHANNEL_TELEGRAM, "4242", "Price of plot 7?");
  gint64 approved = add_draft (store, lead.conversation_id, "It is 80 lakh.");
  gint64 edited = add_draft (store, lead.conversation_id, "It is 90 lakh.");
  gint64 rejected = add_draft (store, lead.conversation_id, "We give 50% off!");
  g_autoptr(TerraMessage) message = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (terra_store_approve_draft (store, approved, NULL, &error));
  g_assert_true (terra_store_approve_draft (store, edited, "It is 85 lakh, negotiable.", &error));
  g_assert_true (terra_store_reject_draft (store, rejected, &error));
  g_assert_no_error (error);

  message = get_message (store, approved);
  g_assert_cmpint (terra_message_get_draft (message), ==, TERRA_DRAFT_APPROVED);
  g_assert_cmpint (terra_message_get_delivery (message), ==, TERRA_DELIVERY_PENDING);
  g_clear_object (&message);
  message = get_message (store, edited);
  g_assert_cmpstr (terra_message_get_body (message), ==, "It is 85 lakh, negotiable.");
  g_clear_object (&message);
  message = get_message (store, rejected);
  g_assert_cmpint (terra_message_get_draft (message), ==, TERRA_DRAFT_REJECTED);
  g_assert_cmpint (terra_message_get_delivery (message), ==, TERRA_DELIVERY_NONE);

  /* A decided draft cannot be decided again; a lead's message is no draft. */
  g_assert_false (terra_store_approve_draft (store, rejected, NULL, &error));
  g_assert_error (error, TERRA_STORE_ERROR, TERRA_STORE_ERROR_CONFLICT);
  g_clear_error (&error);
  g_assert_false (terra_store_reject_draft (store, lead.message_id, &error));
  g_assert_error (error, TERRA_STORE_ERROR, TERRA_STORE_ERROR_CONFLICT);
}

static void
test_export_and_delete_contact (void)
{
  g_autoptr(TerraTestWorkspace) workspace = terra_test_workspace_new ();
  TerraStore *store = terra_workspace_get_store (workspace);
  TerraIngestResult meera = lead_writes (store, TERRA_CHANNEL_WEBCHAT, "visitor-meera", "<b>Hi</b> \"quoted\"");
  TerraIngestResult other = lead_writes (store, TERRA_CHANNEL_WEBCHAT, "visitor-other", "Hello");
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  g_autoptr(TerraQuery) messages = terra_query_new (TERRA_TYPE_MESSAGE);
  g_autoptr(TerraContact) other_contact = NULL;
  JsonObject *root;
  JsonArray *conversations;

  g_assert_true (terra_store_send_owner_message (store, meera.conversation_id, "Welcome!", NULL, &error));
  json = terra_store_export_contact_data (store, meera.contact_id, &error);
  g_assert_no_error (error);
  g_assert_true (json_parser_load_from_data (parser, json, -1, &error));
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (root, "contact"), "name"), ==, "Meera");
  conversations = json_object_get_array_member (root, "conversations");
  g_assert_cmpuint (json_array_get_length (conversations), ==, 1);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_array_get_object_element (conversations, 0),
                                                                         "messages")), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (
                     json_object_get_array_member (json_array_get_object_element (conversations, 0), "messages"), 0),
                     "text"), ==, "<b>Hi</b> \"quoted\"");

  g_assert_true (terra_store_delete_contact_data (store, meera.contact_id, &error));
  g_assert_no_error (error);
  g_assert_null (terra_store_get (store, TERRA_TYPE_CONTACT, meera.contact_id, NULL));
  /* Only the other lead's message is left, and the search index forgot Meera's. */
  g_assert_cmpint (terra_store_count (store, messages, NULL), ==, 1);
  other_contact = terra_store_get (store, TERRA_TYPE_CONTACT, other.contact_id, NULL);
  g_assert_nonnull (other_contact);
  g_free (terra_store_export_contact_data (store, meera.contact_id, &error));
  g_assert_error (error, TERRA_STORE_ERROR, TERRA_STORE_ERROR_NOT_FOUND);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/desk/owner-reply-takes-over", test_owner_reply_takes_over);
  g_test_add_func ("/desk/bad-replies-change-nothing", test_bad_replies_change_nothing);
  g_test_add_func ("/desk/drafts", test_drafts);
  g_test_add_func ("/desk/export-and-delete-contact", test_export_and_delete_contact);

  return g_test_run ();
}
