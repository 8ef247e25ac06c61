/* test-notifications.c — the owner hears about hot leads, meetings the
 * assistant booked, handoffs and failed deliveries, and only those
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "terra-inbound.h"
#include "terra-notifications.h"
#include "terra-test-utils.h"

typedef struct
{
  GPtrArray *titles;
  gint64     conversation_id;
} Heard;

static void
on_alert (TerraNotifications *notifications,
           const char         *kind,
           const char         *title,
           const char         *body,
           gint64              conversation_id,
           Heard              *heard)
{
  g_ptr_array_add (heard->titles, g_strdup_printf ("%s|%s", title, body));
  heard->conversation_id = conversation_id;
}

static void
log_event (TerraStore *store,
           const char *kind,
           gint64      contact_id,
           gint64      conversation_id,
           const char *payload)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (terra_store_log_event (store, kind, contact_id, conversation_id, payload, &error));
  g_assert_no_error (error);
}

static void
test_events_become_notifications (void)
{
  g_autoptr(TerraTestWorkspace) workspace = terra_test_workspace_new ();
  TerraStore *store = terra_workspace_get_store (workspace);
  TerraInboundMessage message = { TERRA_CHANNEL_WHATSAPP, NULL, "+919822222222", "Devika", "hi", NULL, 0 };
  TerraIngestResult lead = { 0 };
  g_autoptr(TerraNotifications) notifications = NULL;
  Heard heard = { g_ptr_array_new_with_free_func (g_free), 0 };

  g_assert_true (terra_store_ingest_message (store, &message, &lead, NULL));
  /* Committed before the app listened, delivered after: history, not news. */
  log_event (store, "lead.hot", lead.contact_id, lead.conversation_id, "{}");
  notifications = terra_notifications_new (store, terra_workspace_get_notifier (workspace), NULL);
  g_signal_connect (notifications, "alert", G_CALLBACK (on_alert), &heard);
  terra_test_iterate_main_context ();
  g_assert_cmpuint (heard.titles->len, ==, 0);

  log_event (store, "lead.hot", lead.contact_id, lead.conversation_id,
             "{\"score\": 85, \"explanation\": \"Budget and timeline known\"}");
  log_event (store, "handoff.requested", lead.contact_id, lead.conversation_id, "{\"reason\": \"legal\"}");
  log_event (store, "delivery.failed", lead.contact_id, lead.conversation_id,
             "{\"reason\": \"dead\", \"error\": \"The number is not on WhatsApp\"}");
  /* Not news: what the owner did, and the assistant's routine. */
  log_event (store, "booking.created", lead.contact_id, lead.conversation_id, "{\"booking_id\": 1, \"source\": \"manual\"}");
  log_event (store, "booking.created", lead.contact_id, lead.conversation_id,
             "{\"booking_id\": 99, \"source\": \"assistant\"}");
  log_event (store, "assistant.replied", lead.contact_id, lead.conversation_id, "{}");
  terra_test_iterate_main_context ();

  g_assert_cmpuint (heard.titles->len, ==, 4);
  g_assert_cmpstr (g_ptr_array_index (heard.titles, 0), ==, "Hot lead: Devika|Budget and timeline known");
  g_assert_cmpstr (g_ptr_array_index (heard.titles, 1), ==, "Devika needs you|A legal question");
  g_assert_cmpstr (g_ptr_array_index (heard.titles, 2), ==,
                   "A message to Devika was not delivered|The number is not on WhatsApp");
  /* A booking that no longer exists is still news, without a time. */
  g_assert_cmpstr (g_ptr_array_index (heard.titles, 3), ==, "Meeting booked with Devika|");
  g_assert_cmpint (heard.conversation_id, ==, lead.conversation_id);
  g_ptr_array_unref (heard.titles);
}

/* The owner chooses which kinds they hear about. */
static void
test_choice_of_events (void)
{
  g_autoptr(TerraTestWorkspace) workspace = terra_test_workspace_new ();
  TerraStore *store = terra_workspace_get_store (workspace);
  g_autoptr(GSettings) settings = g_settings_new ("io.github.terrasales.Terra");
  const char * const only_handoffs[] = { "handoff.requested", NULL };
  g_autoptr(TerraNotifications) notifications = NULL;
  Heard heard = { g_ptr_array_new_with_free_func (g_free), 0 };

  g_assert_true (g_settings_set_strv (settings, "notify-events", only_handoffs));
  notifications = terra_notifications_new (store, terra_workspace_get_notifier (workspace), settings);
  g_signal_connect (notifications, "alert", G_CALLBACK (on_alert), &heard);

  log_event (store, "lead.hot", 0, 0, "{}");
  log_event (store, "handoff.requested", 0, 0, "{\"reason\": \"human_request\"}");
  terra_test_iterate_main_context ();

  g_assert_cmpuint (heard.titles->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (heard.titles, 0), ==, "A lead needs you|They asked for a person");
  g_settings_reset (settings, "notify-events");
  g_ptr_array_unref (heard.titles);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/notifications/events-become-notifications", test_events_become_notifications);
  g_test_add_func ("/notifications/choice-of-events", test_choice_of_events);

  return g_test_run ();
}
