/* terra-webchat-private.h — what the web chat's source files share
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * terra-webchat.c holds the shared state (TerraWebchat): the files it
 * serves, the index of open sockets by conversation, and the ways replies
 * reach it from other threads. terra-webchat-socket.c holds one visitor's
 * socket (TerraWebchatClient) and the protocol spoken on it.
 *
 * Threads: everything here runs on the server thread (context->context),
 * except n_clients, which other threads read to skip work when no socket
 * is open, and server_context, which they read under lock to queue work
 * for the server thread.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "terra-rate-limiter.h"
#include "terra-webchat.h"

G_BEGIN_DECLS

typedef struct _TerraWebchatClient TerraWebchatClient;

typedef struct
{
  gatomicrefcount      ref_count;

  /* Immutable after attach. */
  TerraChannelContext *context;        /* borrowed; only while !detached */
  TerraWorkspace      *workspace;
  TerraOrchestrator   *orchestrator;   /* NULL when no engine runs */
  TerraChangeNotifier *notifier;

  /* Read from any thread. */
  gint                 n_clients;
  GMutex               lock;
  GMainContext        *server_context; /* under lock; NULL once detached */
  GArray              *changes;        /* under lock: TerraChange of messages */
  gboolean             changes_queued; /* under lock */

  /* Server thread only. */
  gboolean             detached;
  TerraStore          *store;          /* own durable connection, opened on first use */
  GPtrArray           *clients;        /* TerraWebchatClient, owned */
  GHashTable          *by_conversation; /* gint64* → GPtrArray of borrowed clients */
  GHashTable          *visitor_sockets; /* visitor → number of open sockets */
  TerraRateLimiter    *message_limiter; /* per visitor */
  gulong               changed_id;
  guint                stream_id;
} TerraWebchat;

TerraWebchat *_terra_webchat_ref             (TerraWebchat            *self);
void          _terra_webchat_unref           (TerraWebchat            *self);
TerraStore   *_terra_webchat_get_store       (TerraWebchat            *self,
                                              GError                 **error);
/* Attaches @source to the server thread's context, unless the server
 * stopped; from any thread. */
void          _terra_webchat_attach_source   (TerraWebchat            *self,
                                              GSource                 *source);

void          _terra_webchat_remove_client   (TerraWebchat            *self,
                                              TerraWebchatClient      *client);
/* Counts @visitor's sockets; FALSE when it has too many already. */
gboolean      _terra_webchat_add_visitor_socket (TerraWebchat         *self,
                                              const char              *visitor);

/* The index of sockets by conversation. */
void          _terra_webchat_bind            (TerraWebchat            *self,
                                              TerraWebchatClient      *client,
                                              gint64                   conversation_id);
void          _terra_webchat_unbind          (TerraWebchat            *self,
                                              TerraWebchatClient      *client,
                                              gint64                   conversation_id);
/* Sends @frame to every socket of @conversation_id but @except. */
void          _terra_webchat_broadcast       (TerraWebchat            *self,
                                              gint64                   conversation_id,
                                              TerraWebchatClient      *except,
                                              const char              *frame);
/* Pushes what waits for delivery in @conversation_id to its sockets and
 * marks it sent. */
void          _terra_webchat_flush           (TerraWebchat            *self,
                                              gint64                   conversation_id);
/* The "message" frame of a stored message, (transfer full). */
char         *_terra_webchat_message_frame   (TerraMessage            *message);
const char   *_terra_webchat_author_name     (TerraAuthor              author);

/* One socket. */
TerraWebchatClient *_terra_webchat_client_new    (TerraWebchat            *webchat,
                                                  SoupWebsocketConnection *connection);
void          _terra_webchat_client_free     (TerraWebchatClient      *client);
void          _terra_webchat_client_close    (TerraWebchatClient      *client,
                                              gushort                  code,
                                              const char              *reason);
void          _terra_webchat_client_send     (TerraWebchatClient      *client,
                                              const char              *frame);
gint64        _terra_webchat_client_get_conversation (TerraWebchatClient *client);
const char   *_terra_webchat_client_get_visitor (TerraWebchatClient   *client);

G_END_DECLS
