/* perf-ingest-bare.c — a bare libsoup handler that stores nothing
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The ceiling for perf-ingest: the same HTTP library answering 202 with a
 * small JSON body and doing nothing else. Prints "listening on
 * http://127.0.0.1:PORT" and runs until killed.
 */
#include <libsoup/soup.h>

static void
handler (SoupServer        *server,
         SoupServerMessage *msg,
         const char        *path,
         GHashTable        *query,
         gpointer           user_data)
{
  static const char body[] = "{\"conversation_id\":1,\"message_id\":1,\"duplicate\":false}";

  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, body, sizeof body - 1);
  soup_server_message_set_status (msg, 202, NULL);
}

int
main (void)
{
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GError) error = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  GSList *uris;

  soup_server_add_handler (server, NULL, handler, NULL, NULL);
  if (!soup_server_listen (server, address, 0, &error))
    g_error ("%s", error->message);
  uris = soup_server_get_uris (server);
  g_print ("listening on http://127.0.0.1:%d\n", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify)g_uri_unref);
  g_main_loop_run (loop);
  return 0;
}
