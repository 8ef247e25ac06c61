/* fake-channel-server.h — local stand-ins for Twilio, Meta's Graph API
 * and the Telegram Bot API, and a host for Terra's webhook handlers
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * FakeChannelServer listens on 127.0.0.1 on a free port in its own thread
 * and answers like the three providers: Twilio's Messages API under
 * /2010-04-01/Accounts/{sid}/Messages.json (HTTP Basic auth), the Graph
 * API under /v21.0/{phone number id}/messages (bearer token), and the Bot
 * API under /bot{token}/{method}, with getUpdates held open like real long
 * polling. It checks credentials and required fields the way the real
 * services do, records every request, and can be told to fail the next
 * request of a service with a given status and body.
 *
 * FakeWebhookHost runs a SoupServer on its own thread with its own store
 * connection, as the real server thread does, with one adapter attached,
 * so the webhook handlers are tested over real loopback sockets.
 */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "terra-channel-context.h"

G_BEGIN_DECLS

#define FAKE_TWILIO_SID        "AC00000000000000000000000000000001"
#define FAKE_TWILIO_TOKEN      "twilio-test-token"
#define FAKE_GRAPH_TOKEN       "graph-test-token"
#define FAKE_PHONE_NUMBER_ID   "109876543210"
#define FAKE_TELEGRAM_TOKEN    "123456:telegram-test-token"

typedef enum
{
  FAKE_SERVICE_TWILIO,
  FAKE_SERVICE_GRAPH,
  FAKE_SERVICE_TELEGRAM,
} FakeService;

typedef struct
{
  FakeService         service;
  char               *method;
  char               *path;
  SoupMessageHeaders *headers;
  char               *body;
} FakeChannelRequest;

typedef struct _FakeChannelServer FakeChannelServer;

FakeChannelServer *fake_channel_server_new          (void);
void               fake_channel_server_free         (FakeChannelServer *self);
/* "http://127.0.0.1:PORT" followed by @path. */
char              *fake_channel_server_get_url      (FakeChannelServer *self,
                                                     const char        *path);
/* The next request to @service gets @status and @json instead of its
 * normal answer. */
void               fake_channel_server_fail_next    (FakeChannelServer *self,
                                                     FakeService        service,
                                                     guint              status,
                                                     const char        *json);
/* Queues a Telegram update {"update_id": @update_id, "message": @message_json}
 * for getUpdates; waiting polls are answered at once. */
void               fake_channel_server_add_update   (FakeChannelServer *self,
                                                     gint64             update_id,
                                                     const char        *message_json);
/* How many queued updates Telegram still keeps (not yet confirmed by an
 * offset beyond them). */
guint              fake_channel_server_get_n_kept_updates (FakeChannelServer *self);

guint              fake_channel_server_get_n_requests (FakeChannelServer *self,
                                                     FakeService        service,
                                                     const char        *path_suffix);
/* The @index-th request to @service whose path ends with @path_suffix
 * (NULL for any); a copy the caller frees with fake_channel_request_free(). */
FakeChannelRequest *fake_channel_server_get_request (FakeChannelServer *self,
                                                     FakeService        service,
                                                     const char        *path_suffix,
                                                     guint              index);
void               fake_channel_request_free        (FakeChannelRequest *request);
const char        *fake_channel_request_get_header  (FakeChannelRequest *request,
                                                     const char         *name);
/* The form fields of a form request; name → last value. */
GHashTable        *fake_channel_request_get_form    (FakeChannelRequest *request);
JsonNode          *fake_channel_request_get_json    (FakeChannelRequest *request);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FakeChannelServer, fake_channel_server_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FakeChannelRequest, fake_channel_request_free)

typedef void (*FakeAttachFunc) (SoupServer          *soup,
                                TerraChannelContext *context);

typedef struct _FakeWebhookHost FakeWebhookHost;

FakeWebhookHost   *fake_webhook_host_new            (TerraWorkspace    *workspace,
                                                     FakeAttachFunc     attach);
void               fake_webhook_host_free           (FakeWebhookHost   *self);
char              *fake_webhook_host_get_url        (FakeWebhookHost   *self,
                                                     const char        *path);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FakeWebhookHost, fake_webhook_host_free)

/* One blocking HTTP request from the test thread. @headers are "Name",
 * "value" pairs ending with NULL (may be NULL). Returns the status;
 * *@response_body (may be NULL) gets the body. */
guint              fake_http_request                (const char         *method,
                                                     const char         *url,
                                                     const char         *content_type,
                                                     const char         *body,
                                                     gsize               length,
                                                     const char * const *headers,
                                                     char              **response_body);

/* Store helpers the channel tests share. */
gint64             fake_count                       (TerraStore         *store,
                                                     GType               entity_type);
/* The only message in the workspace (asserts there is exactly one). */
TerraMessage      *fake_only_message                (TerraStore         *store);
/* An outbound message already handed to a provider as @external_id, in
 * the conversation of the contact at @address on @channel; its id. */
gint64             fake_add_sent_message            (TerraStore         *store,
                                                     TerraChannel        channel,
                                                     const char         *address,
                                                     const char         *external_id);
void               fake_set_setting                 (TerraStore         *store,
                                                     const char         *key,
                                                     const char         *value);

G_END_DECLS
