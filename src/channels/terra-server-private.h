/* terra-server-private.h — what the server's source files share
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * TerraServer spans terra-server.c (the object, its thread, start and
 * stop), terra-server-limits.c (body size, rate limits, slow clients, the
 * access log), terra-server-dispatch.c (the REST routes, authentication,
 * JSON errors, slow routes on worker threads) and terra-server-ingest.c
 * (POST /api/v1/messages with group commit on a writer thread).
 *
 * Fields marked [server] belong to the server thread; [any] are set
 * before the thread starts and read-only after, or guarded as noted.
 */
#pragma once

#include <libsoup/soup.h>

#include "terra-api.h"
#include "terra-api-key.h"
#include "terra-channel-context.h"
#include "terra-rate-limiter.h"
#include "terra-server.h"

G_BEGIN_DECLS

/* Slow clients: the request line and headers must arrive within this many
 * seconds of the request's start (which includes a kept-alive connection's
 * idle time), the body within this many after the headers. */
#define TERRA_SERVER_HEADERS_TIMEOUT_S 15
#define TERRA_SERVER_BODY_TIMEOUT_S    30
/* More request headers than this is a flood, whatever their size. */
#define TERRA_SERVER_MAX_HEADERS       100

typedef struct _TerraServerIngest TerraServerIngest;

struct _TerraServer
{
  GObject            parent_instance;

  /* [any] */
  TerraWorkspace    *workspace;
  TerraOrchestrator *orchestrator;
  char              *bind_address;
  guint              port;
  char              *url;
  TerraApiKey       *api_key;
  gint64             started_at_us;   /* monotonic */
  gsize              max_body;
  TerraRateLimiter  *address_limiter;
  TerraRateLimiter  *key_limiter;
  GMainContext      *context;
  gint               stopping;        /* atomic */
  gint64             headers_timeout_us; /* tests shorten these two */
  gint64             body_timeout_us;

  /* start-up handshake with the thread */
  GThread           *thread;
  GMutex             mutex;
  GCond              cond;
  gboolean           ready;
  GError            *start_error;

  /* [server] */
  GMainLoop         *loop;
  SoupServer        *soup;
  TerraStore        *store;
  TerraChannelContext channel_context;
  GHashTable        *in_flight;       /* SoupServerMessage* → RequestInfo* (not owned) */
  GSource           *sweep_source;
  guint              answered_pending; /* answered from another thread, not yet finished */

  /* slow routes */
  GThreadPool       *slow_pool;
  GMutex             stores_mutex;
  GPtrArray         *idle_stores;     /* TerraStore*, for the pool's threads */

  TerraServerIngest *ingest;
};

/* What the server knows of a request while it runs. */
typedef struct
{
  TerraServer       *server;
  SoupServerMessage *msg;
  gint64             started_us;
  gint64             headers_us;      /* 0 until the headers arrived */
  gboolean           body_done;
  gboolean           logged;
  gboolean           answered_elsewhere; /* counted in answered_pending */
  gsize              body_bytes;
  char              *sender;          /* the client address, for rate limits */
} TerraRequestInfo;

/* terra-server-limits.c */
void              _terra_server_limits_attach   (TerraServer       *self);
void              _terra_server_limits_detach   (TerraServer       *self);
TerraRequestInfo *_terra_server_request_info    (SoupServerMessage *msg);
void              _terra_server_access_log      (TerraServer       *self,
                                                 SoupServerMessage *msg,
                                                 const char        *outcome);

/* terra-server-dispatch.c */
void              _terra_server_dispatch_attach (TerraServer       *self);
void              _terra_server_dispatch_detach (TerraServer       *self);
void              _terra_server_respond_error   (SoupServerMessage *msg,
                                                 const GError      *error);
void              _terra_server_respond_json    (SoupServerMessage *msg,
                                                 guint              status,
                                                 const char        *json,
                                                 gsize              length);
gboolean          _terra_server_check_key       (TerraServer       *self,
                                                 SoupServerMessage *msg,
                                                 GError           **error);
/* The JSON body of @msg, NULL when empty; 400 for broken UTF-8 or JSON. */
gboolean          _terra_server_parse_body      (TerraServer       *self,
                                                 SoupServerMessage *msg,
                                                 JsonNode         **out,
                                                 GError           **error);
/* Called on the server thread when a paused message got its answer from
 * another thread: unpauses it and counts it until it is finished. */
void              _terra_server_unpause         (TerraServer       *self,
                                                 SoupServerMessage *msg);

/* terra-server-ingest.c */
TerraServerIngest *_terra_server_ingest_new     (TerraServer       *self,
                                                 GError           **error);
/* Answers everything queued (after its commit) and joins the writer. */
void              _terra_server_ingest_free     (TerraServerIngest *ingest);
void              _terra_server_ingest_handle   (TerraServer       *self,
                                                 SoupServerMessage *msg);

G_END_DECLS
