/* perf-outbox.c — what the outbox costs: its triggers on the ingest path,
 * and how fast it drains
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Prints figures; asserts only that every row arrived. Goals: the
 * message.received trigger adds little to an inbound insert, and the
 * outbox drains faster than any provider accepts messages (Twilio's
 * default is about 1 message per second per number; WhatsApp Cloud about
 * 80 per second).
 */

#include "config.h"

#include <stdio.h>

#include "fake-provider-server.h"
#include "terra-inbound.h"
#include "terra-outbox.h"
#include "terra-setting-keys.h"
#include "terra-store-outbox.h"
#include "terra-test-utils.h"

#define N_INBOUND 5000
#define BATCH 100
#define N_REPLIES 2000
#define N_CONVERSATIONS 100

static void
set_setting (TerraStore *store,
             const char *key,
             const char *text)
{
  g_autoptr(JsonNode) value = terra_setting_keys_parse (key, text, NULL);

  g_assert_nonnull (value);
  g_assert_true (terra_store_set_setting (store, key, value, NULL));
}

/* µs per inbound message, ingested in group commits of BATCH. */
static double
ingest_cost (TerraStore *store,
             const char *prefix)
{
  gint64 started = g_get_monotonic_time ();

  for (int i = 0; i < N_INBOUND; i += BATCH)
    {
      g_assert_true (terra_store_begin (store, NULL));
      for (int j = i; j < i + BATCH; j++)
        {
          g_autofree char *from = g_strdup_printf ("%s-%d", prefix, j % 500);
          g_autofree char *external_id = g_strdup_printf ("%s-%d", prefix, j);
          TerraInboundMessage inbound = { 0 };
          TerraIngestResult result = { 0 };

          inbound.channel = TERRA_CHANNEL_API;
          inbound.from = from;
          inbound.external_id = external_id;
          inbound.text = "Hello, is the two-bedroom flat on Elm Street still available?";
          g_assert_true (terra_store_ingest_message (store, &inbound, &result, NULL));
        }
      g_assert_true (terra_store_commit (store, NULL));
    }
  return (g_get_monotonic_time () - started) / (double)N_INBOUND;
}

/* Two fresh workspaces, one with event webhooks on, measured in turns so
 * that the load of a shared machine hits both alike. */
static void
test_trigger_overhead (void)
{
  g_autoptr(TerraTestWorkspace) plain = terra_test_workspace_new ();
  g_autoptr(TerraTestWorkspace) hooked = terra_test_workspace_new ();
  double without = 0, with = 0;

  set_setting (terra_workspace_get_store (hooked), "webhooks.url", "https://example.com/hook");
  for (int round = 0; round < 4; round++)
    {
      g_autofree char *prefix = g_strdup_printf ("r%d", round);

      without += ingest_cost (terra_workspace_get_store (plain), prefix) / 4;
      with += ingest_cost (terra_workspace_get_store (hooked), prefix) / 4;
    }

  g_assert_cmpint (terra_store_outbox_count (terra_workspace_get_store (hooked), TERRA_OUTBOX_PENDING, NULL),
                   ==, 4 * N_INBOUND);
  g_assert_cmpint (terra_store_outbox_count (terra_workspace_get_store (plain), TERRA_OUTBOX_PENDING, NULL), ==, 0);
  printf ("# inbound insert (group commits of %d): %.1f us without event webhooks, %.1f us with "
          "message.received queued by the trigger (+%.1f us)\n", BATCH, without, with, with - without);
  printf ("# ingest without webhooks: %.0f messages/s; with: %.0f messages/s\n", 1e6 / without, 1e6 / with);
}

static gboolean
instant_send (SoupSession   *session,
              TerraStore    *store,
              TerraChannel   channel,
              const char    *to,
              const char    *text,
              char         **out_external_id,
              GCancellable  *cancellable,
              GError       **error)
{
  static int counter;

  *out_external_id = g_strdup_printf ("SM%d", g_atomic_int_add (&counter, 1));
  return TRUE;
}

/* Queues N_REPLIES pending SMS replies over N_CONVERSATIONS conversations,
 * then times the outbox draining them. */
static double
drain_rate (TerraOutboxSendFunc  send_func,
            const char          *url)
{
  g_autoptr(TerraTestWorkspace) workspace = terra_test_workspace_new ();
  g_autoptr(TerraOutbox) outbox = terra_outbox_new (workspace);
  TerraStore *store = terra_workspace_get_store (workspace);
  gint64 conversations[N_CONVERSATIONS];
  gint64 started;

  g_assert_true (terra_store_begin (store, NULL));
  for (int i = 0; i < N_CONVERSATIONS; i++)
    {
      g_autofree char *from = g_strdup_printf ("+1415555%04d", i);
      gint64 contact_id = 0;

      g_assert_true (terra_store_find_or_start_conversation (store, TERRA_CHANNEL_SMS, from, NULL,
                                                             &contact_id, &conversations[i], NULL));
    }
  for (int i = 0; i < N_REPLIES; i++)
    {
      g_autoptr(TerraMessage) reply = terra_message_new ();

      terra_message_set_conversation_id (reply, conversations[i % N_CONVERSATIONS]);
      terra_message_set_direction (reply, TERRA_DIRECTION_OUTBOUND);
      terra_message_set_author (reply, TERRA_AUTHOR_ASSISTANT);
      terra_message_set_channel (reply, TERRA_CHANNEL_SMS);
      terra_message_set_body (reply, "Yes! Would Tuesday at 10:00 suit you for a viewing?");
      terra_message_set_delivery (reply, TERRA_DELIVERY_PENDING);
      g_assert_true (terra_store_insert (store, reply, NULL));
    }
  g_assert_true (terra_store_commit (store, NULL));

  if (url != NULL)
    {
      g_autoptr(JsonNode) value = json_node_init_string (json_node_alloc (), url);

      g_assert_true (terra_store_set_setting (store, "twilio.api_base", value, NULL));
      set_setting (store, "twilio.account_sid", "AC0000000000000000000000000000perf");
      set_setting (store, "twilio.from_number", "+14155550000");
    }
  terra_outbox_set_send_func (outbox, send_func);

  started = g_get_monotonic_time ();
  g_assert_true (terra_outbox_start (outbox, NULL));
  while (terra_store_outbox_count (store, TERRA_OUTBOX_SENT, NULL) < N_REPLIES)
    {
      g_assert_cmpint (terra_store_outbox_count (store, TERRA_OUTBOX_DEAD, NULL), ==, 0);
      g_usleep (2 * G_TIME_SPAN_MILLISECOND);
    }
  terra_outbox_stop (outbox);
  return N_REPLIES / ((g_get_monotonic_time () - started) / (double)G_USEC_PER_SEC);
}

static void
test_drain_bookkeeping (void)
{
  double rate = drain_rate (instant_send, NULL);

  printf ("# outbox bookkeeping alone (claim, mark sent, per-conversation order): %.0f rows/s\n", rate);
}

static void
test_drain_twilio_loopback (void)
{
  g_autoptr(FakeProviderServer) server = fake_provider_server_new ();
  g_autofree char *url = fake_provider_server_get_url (server, "");
  double rate;

  fake_provider_server_set_fallback_json (server, 201, NULL, "{\"sid\": \"SM00000000000000000000000000000000\", \"status\": \"queued\"}");
  rate = drain_rate (NULL, url);
  printf ("# outbox through the real Twilio sender to a loopback server: %.0f messages/s\n", rate);
  g_assert_cmpuint (fake_provider_server_get_n_requests (server), ==, N_REPLIES);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("TERRA_SECRET_TWILIO_AUTH_TOKEN", "perf-token", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/perf/outbox/trigger-overhead", test_trigger_overhead);
  g_test_add_func ("/perf/outbox/drain-bookkeeping", test_drain_bookkeeping);
  g_test_add_func ("/perf/outbox/drain-twilio-loopback", test_drain_twilio_loopback);

  return g_test_run ();
}
