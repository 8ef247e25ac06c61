/* perf-webchat.c — how fast the web chat answers, through the real server
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Prints, over loopback sockets to a TerraServer on its own thread:
 * - the time from a visitor's message to its ack (each ack follows a
 *   durable commit), one message at a time, and the rate with many
 *   visitors sending at once;
 * - with the built-in engine, the time until the first word of the reply
 *   and until the stored reply reaches the visitor.
 */

#include "config.h"

#include <libsoup/soup.h>

#include "terra-orchestrator.h"
#include "terra-server.h"
#include "terra-test-utils.h"
#include "terra-webchat.h"

#define TIMEOUT_US (60 * G_USEC_PER_SEC)

typedef struct
{
  SoupWebsocketConnection *connection;
  GQueue                   frames;   /* JsonNode */
  gboolean                 closed;
} Visitor;

static SoupSession *session;
static char *base;
static char *token;

static void
message_cb (SoupWebsocketConnection *connection,
            gint                     type,
            GBytes                  *bytes,
            gpointer                 user_data)
{
  Visitor *visitor = user_data;
  gsize size;
  const char *data = g_bytes_get_data (bytes, &size);

  g_queue_push_tail (&visitor->frames, json_from_string (data, NULL));
}

static void
closed_cb (SoupWebsocketConnection *connection,
           gpointer                 user_data)
{
  ((Visitor *)user_data)->closed = TRUE;
}

static void
connected_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Visitor *visitor = user_data;

  visitor->connection = soup_session_websocket_connect_finish (SOUP_SESSION (source), result, NULL);
  g_assert_nonnull (visitor->connection);
  g_signal_connect (visitor->connection, "message", G_CALLBACK (message_cb), visitor);
  g_signal_connect (visitor->connection, "closed", G_CALLBACK (closed_cb), visitor);
}

static const char *
type_of (JsonNode *frame)
{
  return json_object_get_string_member (json_node_get_object (frame), "type");
}

/* Pops frames until one of @type; NULL on timeout. (transfer full) */
static JsonNode *
wait_frame (Visitor    *visitor,
            const char *type)
{
  gint64 deadline = g_get_monotonic_time () + TIMEOUT_US;

  while (g_get_monotonic_time () < deadline)
    {
      while (!g_queue_is_empty (&visitor->frames))
        {
          JsonNode *frame = g_queue_pop_head (&visitor->frames);

          if (g_str_equal (type_of (frame), type))
            return frame;
          json_node_unref (frame);
        }
      g_main_context_iteration (NULL, TRUE);
    }
  return NULL;
}

static void
send_frame (Visitor    *visitor,
            const char *format,
            ...) G_GNUC_PRINTF (2, 3);

static void
send_frame (Visitor    *visitor,
            const char *format,
            ...)
{
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  soup_websocket_connection_send_text (visitor->connection, text);
}

static Visitor *
visitor_new (const char *id)
{
  g_autofree char *url = g_strconcat (base, "/chat/ws", NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  Visitor *visitor = g_new0 (Visitor, 1);
  gint64 deadline = g_get_monotonic_time () + TIMEOUT_US;
  g_autoptr(JsonNode) history = NULL;

  g_queue_init (&visitor->frames);
  soup_session_websocket_connect_async (session, msg, NULL, NULL, G_PRIORITY_DEFAULT, NULL,
                                        connected_cb, visitor);
  while (visitor->connection == NULL && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (visitor->connection);
  send_frame (visitor, "{\"type\":\"hello\",\"token\":\"%s\",\"visitor\":\"%s\"}", token, id);
  history = wait_frame (visitor, "history");
  g_assert_nonnull (history);
  return visitor;
}

static void
visitor_free (Visitor *visitor)
{
  gint64 deadline = g_get_monotonic_time () + TIMEOUT_US;

  soup_websocket_connection_close (visitor->connection, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
  while (!visitor->closed && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handlers_disconnect_by_data (visitor->connection, visitor);
  g_object_unref (visitor->connection);
  g_queue_clear_full (&visitor->frames, (GDestroyNotify)json_node_unref);
  g_free (visitor);
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *)a, y = *(const double *)b;

  return (x > y) - (x < y);
}

static double
percentile (GArray *values,
            double  p)
{
  g_array_sort (values, compare_doubles);
  return g_array_index (values, double, MIN (values->len - 1, (guint)(p * values->len)));
}

/* Visitors are limited to TERRA_WEBCHAT_MAX_PER_MINUTE messages a minute,
 * so each sends that many and a new one takes over. */
static void
measure_acks (void)
{
  g_autoptr(GArray) latencies = g_array_new (FALSE, FALSE, sizeof (double));
  const guint n_messages = 200;
  gint64 started = g_get_monotonic_time ();
  Visitor *visitor = NULL;

  for (guint i = 0; i < n_messages; i++)
    {
      g_autoptr(JsonNode) ack = NULL;
      gint64 sent;
      double ms;

      if (i % TERRA_WEBCHAT_MAX_PER_MINUTE == 0)
        {
          g_autofree char *id = g_strdup_printf ("perf-serial-%03u", i / TERRA_WEBCHAT_MAX_PER_MINUTE);

          g_clear_pointer (&visitor, visitor_free);
          visitor = visitor_new (id);
        }
      sent = g_get_monotonic_time ();
      send_frame (visitor, "{\"type\":\"message\",\"text\":\"Is the flat on Park Street free? (%u)\","
                  "\"client_id\":\"c%u\"}", i, i);
      ack = wait_frame (visitor, "ack");
      g_assert_nonnull (ack);
      ms = (g_get_monotonic_time () - sent) / 1000.0;
      g_array_append_val (latencies, ms);
    }
  g_clear_pointer (&visitor, visitor_free);

  g_test_message ("one message at a time: %u messages, ack p50 %.2f ms, p99 %.2f ms "
                  "(durable commit each), %.0f messages/s including %u connects",
                  n_messages, percentile (latencies, 0.5), percentile (latencies, 0.99),
                  n_messages / ((g_get_monotonic_time () - started) / (double)G_USEC_PER_SEC),
                  n_messages / TERRA_WEBCHAT_MAX_PER_MINUTE);
}

static void
measure_concurrent (void)
{
  const guint n_visitors = 50;
  Visitor *visitors[50];
  guint acked = 0;
  gint64 started;
  double seconds;

  for (guint i = 0; i < n_visitors; i++)
    {
      g_autofree char *id = g_strdup_printf ("perf-crowd-%03u", i);

      visitors[i] = visitor_new (id);
    }

  started = g_get_monotonic_time ();
  for (guint i = 0; i < n_visitors; i++)
    for (guint j = 0; j < TERRA_WEBCHAT_MAX_PER_MINUTE; j++)
      send_frame (visitors[i], "{\"type\":\"message\",\"text\":\"Hello from visitor %u (%u)\","
                  "\"client_id\":\"m%u\"}", i, j, j);
  for (guint i = 0; i < n_visitors; i++)
    for (guint j = 0; j < TERRA_WEBCHAT_MAX_PER_MINUTE; j++)
      {
        g_autoptr(JsonNode) ack = wait_frame (visitors[i], "ack");

        g_assert_nonnull (ack);
        acked++;
      }
  seconds = (g_get_monotonic_time () - started) / (double)G_USEC_PER_SEC;

  g_test_message ("%u visitors sending at once: %u messages acknowledged in %.2f s, %.0f messages/s",
                  n_visitors, acked, seconds, acked / seconds);
  for (guint i = 0; i < n_visitors; i++)
    visitor_free (visitors[i]);
}

static void
measure_replies (void)
{
  g_autoptr(GArray) first_word = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) whole = g_array_new (FALSE, FALSE, sizeof (double));
  const guint n_questions = 30;

  for (guint i = 0; i < n_questions; i++)
    {
      g_autofree char *id = g_strdup_printf ("perf-asker-%03u", i);
      Visitor *visitor = visitor_new (id);
      g_autoptr(JsonNode) delta = NULL;
      g_autoptr(JsonNode) reply = NULL;
      gint64 sent = g_get_monotonic_time ();
      double ms;

      send_frame (visitor, "{\"type\":\"message\",\"text\":\"Hi, what are your opening hours?\",\"client_id\":\"q\"}");
      delta = wait_frame (visitor, "delta");
      g_assert_nonnull (delta);
      ms = (g_get_monotonic_time () - sent) / 1000.0;
      g_array_append_val (first_word, ms);
      reply = wait_frame (visitor, "message");
      g_assert_nonnull (reply);
      ms = (g_get_monotonic_time () - sent) / 1000.0;
      g_array_append_val (whole, ms);
      visitor_free (visitor);
    }

  g_test_message ("built-in engine, %u visitors asking: first word after p50 %.1f ms (p99 %.1f), "
                  "stored reply after p50 %.1f ms (p99 %.1f)",
                  n_questions, percentile (first_word, 0.5), percentile (first_word, 0.99),
                  percentile (whole, 0.5), percentile (whole, 0.99));
}

static void
test_webchat_speed (void)
{
  g_autoptr(TerraTestWorkspace) workspace = terra_test_workspace_new ();
  TerraStore *store = terra_workspace_get_store (workspace);
  g_autoptr(TerraOrchestrator) orchestrator = terra_orchestrator_new (workspace);
  g_autoptr(TerraServer) server = NULL;
  g_autoptr(GError) error = NULL;

  g_setenv ("TERRA_SECRET_API_KEY", "perf-webchat-api-key-0123456789abcdef", TRUE);
  token = terra_webchat_get_site_token (store, &error);
  g_assert_no_error (error);
  session = soup_session_new ();

  /* Acks alone first: no engine competing for the disk. */
  server = terra_server_new (workspace, NULL);
  terra_server_set_port (server, 0);
  g_assert_true (terra_server_start (server, &error));
  g_assert_no_error (error);
  base = g_strdup (terra_server_get_url (server));
  measure_acks ();
  measure_concurrent ();
  terra_server_stop (server);
  g_clear_object (&server);
  g_clear_pointer (&base, g_free);

  g_assert_true (terra_orchestrator_start (orchestrator, &error));
  server = terra_server_new (workspace, orchestrator);
  terra_server_set_port (server, 0);
  g_assert_true (terra_server_start (server, &error));
  g_assert_no_error (error);
  base = g_strdup (terra_server_get_url (server));
  measure_replies ();
  terra_server_stop (server);
  terra_orchestrator_stop (orchestrator);

  g_clear_pointer (&base, g_free);
  g_clear_pointer (&token, g_free);
  g_clear_object (&session);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/perf/webchat", test_webchat_speed);
  return g_test_run ();
}
