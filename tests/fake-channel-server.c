/* fake-channel-server.c — local stand-ins for Twilio, the Graph API and
 * the Telegram Bot API, and a host for Terra's webhook handlers
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Thread ownership: each server's SoupServer, its messages and the held
 * getUpdates polls live on that server's thread; the recorded requests,
 * failures to give and Telegram updates are shared with the test thread
 * under the mutex.
 */

#define G_LOG_DOMAIN "fake-channel-server"

#include "config.h"

#include <string.h>

#include "fake-channel-server.h"

/* How long the fake holds a getUpdates poll at most, whatever its timeout
 * asks, so tests stay fast. */
#define MAX_HOLD_MS 2000

typedef struct
{
  guint  status;
  char  *json;
} Failure;

typedef struct
{
  gint64  update_id;
  char   *json;
} Update;

/* A getUpdates request waiting for updates. */
typedef struct
{
  FakeChannelServer *server;
  SoupServerMessage *message;
  gint64             offset;
  GSource           *timeout;
} Poll;

struct _FakeChannelServer
{
  GThread      *thread;
  GMainContext *context;
  GMainLoop    *loop;
  guint         port;

  /* server thread only */
  SoupServer   *server;
  GList        *polls;       /* Poll */
  guint         next_sid;

  /* shared, under mutex */
  GMutex        mutex;
  GCond         ready;
  gboolean      started;
  GQueue        failures[3]; /* Failure, per FakeService */
  GPtrArray    *updates;     /* Update */
  GPtrArray    *requests;    /* FakeChannelRequest */
};

static void
failure_free (Failure *failure)
{
  g_free (failure->json);
  g_free (failure);
}

static void
update_free (Update *update)
{
  g_free (update->json);
  g_free (update);
}

void
fake_channel_request_free (FakeChannelRequest *request)
{
  if (request == NULL)
    return;
  g_free (request->method);
  g_free (request->path);
  g_clear_pointer (&request->headers, soup_message_headers_unref);
  g_free (request->body);
  g_free (request);
}

static void
copy_header (const char *name,
             const char *value,
             gpointer    user_data)
{
  soup_message_headers_append (user_data, name, value);
}

static FakeChannelRequest *
request_copy (const FakeChannelRequest *request)
{
  FakeChannelRequest *copy = g_new0 (FakeChannelRequest, 1);

  copy->service = request->service;
  copy->method = g_strdup (request->method);
  copy->path = g_strdup (request->path);
  copy->headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_REQUEST);
  soup_message_headers_foreach (request->headers, copy_header, copy->headers);
  copy->body = g_strdup (request->body);
  return copy;
}

static FakeChannelRequest *
record (FakeChannelServer *self,
        FakeService        service,
        SoupServerMessage *message)
{
  FakeChannelRequest *request = g_new0 (FakeChannelRequest, 1);
  g_autoptr(GBytes) body = soup_message_body_flatten (soup_server_message_get_request_body (message));

  request->service = service;
  request->method = g_strdup (soup_server_message_get_method (message));
  request->path = g_strdup (g_uri_get_path (soup_server_message_get_uri (message)));
  request->headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_REQUEST);
  soup_message_headers_foreach (soup_server_message_get_request_headers (message), copy_header,
                                request->headers);
  request->body = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));

  g_mutex_lock (&self->mutex);
  g_ptr_array_add (self->requests, request);
  g_mutex_unlock (&self->mutex);
  return request;
}

static void
answer_json (SoupServerMessage *message,
             guint              status,
             const char        *json)
{
  soup_server_message_set_status (message, status, NULL);
  soup_server_message_set_response (message, "application/json", SOUP_MEMORY_COPY, json, strlen (json));
}

/* A queued failure for @service, if the test asked for one. */
static gboolean
answer_failure (FakeChannelServer *self,
                FakeService        service,
                SoupServerMessage *message)
{
  Failure *failure;

  g_mutex_lock (&self->mutex);
  failure = g_queue_pop_head (&self->failures[service]);
  g_mutex_unlock (&self->mutex);
  if (failure == NULL)
    return FALSE;
  answer_json (message, failure->status, failure->json);
  failure_free (failure);
  return TRUE;
}

GHashTable *
fake_channel_request_get_form (FakeChannelRequest *request)
{
  GHashTable *form = soup_form_decode (request->body != NULL ? request->body : "");

  return form != NULL ? form : g_hash_table_new (g_str_hash, g_str_equal);
}

JsonNode *
fake_channel_request_get_json (FakeChannelRequest *request)
{
  return json_from_string (request->body, NULL);
}

const char *
fake_channel_request_get_header (FakeChannelRequest *request,
                                 const char         *name)
{
  return soup_message_headers_get_one (request->headers, name);
}

/* Twilio: POST /2010-04-01/Accounts/{sid}/Messages.json */

static void
handle_twilio (FakeChannelServer  *self,
               SoupServerMessage  *message,
               FakeChannelRequest *request)
{
  g_autofree char *credentials = g_strconcat (FAKE_TWILIO_SID, ":", FAKE_TWILIO_TOKEN, NULL);
  g_autofree char *encoded = g_base64_encode ((const guchar *)credentials, strlen (credentials));
  g_autofree char *expected_auth = g_strconcat ("Basic ", encoded, NULL);
  g_autofree char *expected_path = g_strconcat ("/2010-04-01/Accounts/", FAKE_TWILIO_SID, "/Messages.json", NULL);
  g_autoptr(GHashTable) form = NULL;
  g_autofree char *answer = NULL;
  const char *to;
  const char *body;

  if (g_strcmp0 (fake_channel_request_get_header (request, "Authorization"), expected_auth) != 0)
    {
      answer_json (message, 401, "{\"code\":20003,\"message\":\"Authenticate\",\"status\":401}");
      return;
    }
  if (!g_str_equal (request->path, expected_path) || !g_str_equal (request->method, "POST"))
    {
      answer_json (message, 404, "{\"code\":20404,\"message\":\"The requested resource was not found\",\"status\":404}");
      return;
    }
  form = fake_channel_request_get_form (request);
  to = g_hash_table_lookup (form, "To");
  body = g_hash_table_lookup (form, "Body");
  if (to == NULL || body == NULL ||
      (g_hash_table_lookup (form, "From") == NULL && g_hash_table_lookup (form, "MessagingServiceSid") == NULL))
    {
      answer_json (message, 400, "{\"code\":21604,\"message\":\"A 'To' phone number is required.\",\"status\":400}");
      return;
    }
  answer = g_strdup_printf ("{\"sid\":\"SM%032x\",\"status\":\"queued\",\"num_segments\":\"1\"}", ++self->next_sid);
  answer_json (message, 201, answer);
}

/* Graph: POST /v21.0/{phone number id}/messages */

static void
handle_graph (FakeChannelServer  *self,
              SoupServerMessage  *message,
              FakeChannelRequest *request)
{
  g_autofree char *expected_path = g_strconcat ("/v21.0/", FAKE_PHONE_NUMBER_ID, "/messages", NULL);
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *answer = NULL;
  JsonObject *object;
  JsonObject *text;

  if (g_strcmp0 (fake_channel_request_get_header (request, "Authorization"), "Bearer " FAKE_GRAPH_TOKEN) != 0)
    {
      answer_json (message, 401, "{\"error\":{\"message\":\"Invalid OAuth access token.\",\"type\":\"OAuthException\",\"code\":190,\"fbtrace_id\":\"Afake\"}}");
      return;
    }
  if (!g_str_equal (request->path, expected_path))
    {
      answer_json (message, 400, "{\"error\":{\"message\":\"Unsupported post request.\",\"type\":\"GraphMethodException\",\"code\":100}}");
      return;
    }
  root = fake_channel_request_get_json (request);
  object = root != NULL && JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
  text = object != NULL && json_object_has_member (object, "text") ? json_object_get_object_member (object, "text") : NULL;
  if (object == NULL || text == NULL ||
      g_strcmp0 (json_object_get_string_member_with_default (object, "messaging_product", ""), "whatsapp") != 0 ||
      !json_object_has_member (object, "to") || !json_object_has_member (text, "body"))
    {
      answer_json (message, 400, "{\"error\":{\"message\":\"(#100) Invalid parameter\",\"type\":\"OAuthException\",\"code\":100}}");
      return;
    }
  answer = g_strdup_printf ("{\"messaging_product\":\"whatsapp\",\"contacts\":[{\"input\":\"%s\",\"wa_id\":\"%s\"}],"
                            "\"messages\":[{\"id\":\"wamid.FAKE%06u\"}]}",
                            json_object_get_string_member (object, "to"),
                            json_object_get_string_member (object, "to"), ++self->next_sid);
  answer_json (message, 200, answer);
}

/* Telegram: /bot{token}/getUpdates and /bot{token}/sendMessage */

/* {"ok":true,"result":[updates with update_id >= offset]}. When the
 * request has just arrived (@confirm), older ones are confirmed by its
 * offset and forgotten, as Telegram does. */
static char *
take_updates (FakeChannelServer *self,
              gint64             offset,
              gboolean           confirm,
              guint             *n_updates)
{
  g_autoptr(GString) json = g_string_new ("{\"ok\":true,\"result\":[");

  *n_updates = 0;
  g_mutex_lock (&self->mutex);
  for (guint i = 0; i < self->updates->len;)
    {
      Update *update = g_ptr_array_index (self->updates, i);

      if (offset > 0 && update->update_id < offset)
        {
          if (confirm)
            g_ptr_array_remove_index (self->updates, i);
          else
            i++;
          continue;
        }
      g_string_append_printf (json, "%s{\"update_id\":%" G_GINT64_FORMAT ",\"message\":%s}",
                              *n_updates > 0 ? "," : "", update->update_id, update->json);
      (*n_updates)++;
      i++;
    }
  g_mutex_unlock (&self->mutex);
  g_string_append (json, "]}");
  return g_string_free (g_steal_pointer (&json), FALSE);
}

static void
poll_free (Poll *poll)
{
  if (poll->timeout != NULL)
    {
      g_source_destroy (poll->timeout);
      g_source_unref (poll->timeout);
    }
  g_object_unref (poll->message);
  g_free (poll);
}

static void
answer_poll (Poll *poll)
{
  guint n_updates;
  g_autofree char *json = take_updates (poll->server, poll->offset, FALSE, &n_updates);

  answer_json (poll->message, 200, json);
  soup_server_message_unpause (poll->message);
  poll->server->polls = g_list_remove (poll->server->polls, poll);
  poll_free (poll);
}

static gboolean
poll_timeout_cb (gpointer user_data)
{
  answer_poll (user_data);
  return G_SOURCE_REMOVE;
}

/* Answers every held poll that now has updates (or all of them). */
static gboolean
flush_polls (gpointer user_data)
{
  FakeChannelServer *self = user_data;
  GList *polls = g_list_copy (self->polls);

  for (GList *l = polls; l != NULL; l = l->next)
    {
      Poll *poll = l->data;
      guint n_updates;
      g_autofree char *json = take_updates (self, poll->offset, FALSE, &n_updates);

      if (n_updates > 0)
        answer_poll (poll);
    }
  g_list_free (polls);
  return G_SOURCE_REMOVE;
}

static void
handle_get_updates (FakeChannelServer  *self,
                    SoupServerMessage  *message,
                    FakeChannelRequest *request)
{
  g_autoptr(JsonNode) root = fake_channel_request_get_json (request);
  JsonObject *object = root != NULL && JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
  gint64 offset = object != NULL ? json_object_get_int_member_with_default (object, "offset", 0) : 0;
  gint64 timeout = object != NULL ? json_object_get_int_member_with_default (object, "timeout", 0) : 0;
  g_autofree char *json = NULL;
  guint n_updates;
  Poll *poll;

  json = take_updates (self, offset, TRUE, &n_updates);
  if (n_updates > 0 || timeout <= 0)
    {
      answer_json (message, 200, json);
      return;
    }

  /* Long polling: hold the request until an update comes or time is up. */
  poll = g_new0 (Poll, 1);
  poll->server = self;
  poll->message = g_object_ref (message);
  poll->offset = offset;
  poll->timeout = g_timeout_source_new (MIN (timeout * 1000, MAX_HOLD_MS));
  g_source_set_callback (poll->timeout, poll_timeout_cb, poll, NULL);
  g_source_attach (poll->timeout, self->context);
  self->polls = g_list_prepend (self->polls, poll);
  soup_server_message_pause (message);
}

static void
handle_send_message (FakeChannelServer  *self,
                     SoupServerMessage  *message,
                     FakeChannelRequest *request)
{
  g_autoptr(JsonNode) root = fake_channel_request_get_json (request);
  JsonObject *object = root != NULL && JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
  g_autofree char *answer = NULL;
  g_autofree char *chat_id = NULL;

  if (object == NULL || !json_object_has_member (object, "chat_id") || !json_object_has_member (object, "text"))
    {
      answer_json (message, 400, "{\"ok\":false,\"error_code\":400,\"description\":\"Bad Request: message text is empty\"}");
      return;
    }
  chat_id = json_node_get_value_type (json_object_get_member (object, "chat_id")) == G_TYPE_STRING
    ? g_strdup (json_object_get_string_member (object, "chat_id"))
    : g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (object, "chat_id"));
  answer = g_strdup_printf ("{\"ok\":true,\"result\":{\"message_id\":%u,\"chat\":{\"id\":%s,\"type\":\"private\"},"
                            "\"date\":%" G_GINT64_FORMAT ",\"text\":\"sent\"}}",
                            100 + ++self->next_sid, chat_id, g_get_real_time () / G_USEC_PER_SEC);
  answer_json (message, 200, answer);
}

static void
handle_telegram (FakeChannelServer  *self,
                 SoupServerMessage  *message,
                 FakeChannelRequest *request)
{
  const char *prefix = "/bot" FAKE_TELEGRAM_TOKEN "/";
  const char *method;

  if (!g_str_has_prefix (request->path, prefix))
    {
      answer_json (message, 401, "{\"ok\":false,\"error_code\":401,\"description\":\"Unauthorized\"}");
      return;
    }
  method = request->path + strlen (prefix);
  if (g_str_equal (method, "getUpdates"))
    handle_get_updates (self, message, request);
  else if (g_str_equal (method, "sendMessage"))
    handle_send_message (self, message, request);
  else
    answer_json (message, 404, "{\"ok\":false,\"error_code\":404,\"description\":\"Not Found\"}");
}

static void
server_callback (SoupServer        *server,
                 SoupServerMessage *message,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           user_data)
{
  FakeChannelServer *self = user_data;
  FakeService service;
  FakeChannelRequest *request;

  if (g_str_has_prefix (path, "/2010-04-01/"))
    service = FAKE_SERVICE_TWILIO;
  else if (g_str_has_prefix (path, "/v21.0/"))
    service = FAKE_SERVICE_GRAPH;
  else if (g_str_has_prefix (path, "/bot"))
    service = FAKE_SERVICE_TELEGRAM;
  else
    {
      answer_json (message, 404, "{}");
      return;
    }

  request = record (self, service, message);
  if (answer_failure (self, service, message))
    return;
  switch (service)
    {
    case FAKE_SERVICE_TWILIO:
      handle_twilio (self, message, request);
      break;
    case FAKE_SERVICE_GRAPH:
      handle_graph (self, message, request);
      break;
    case FAKE_SERVICE_TELEGRAM:
    default:
      handle_telegram (self, message, request);
      break;
    }
}

static gpointer
server_thread (gpointer data)
{
  FakeChannelServer *self = data;
  g_autoptr(GError) error = NULL;
  GSList *uris;

  g_main_context_push_thread_default (self->context);
  self->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (self->server, NULL, server_callback, self, NULL);
  if (!soup_server_listen_local (self->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error))
    g_error ("fake channel server: %s", error->message);
  uris = soup_server_get_uris (self->server);
  self->port = g_uri_get_port (uris->data);
  g_slist_free_full (uris, (GDestroyNotify)g_uri_unref);

  g_mutex_lock (&self->mutex);
  self->started = TRUE;
  g_cond_signal (&self->ready);
  g_mutex_unlock (&self->mutex);

  g_main_loop_run (self->loop);

  while (self->polls != NULL)
    answer_poll (self->polls->data);
  soup_server_disconnect (self->server);
  g_clear_object (&self->server);
  /* Let the disconnected connections finish closing. */
  while (g_main_context_iteration (self->context, FALSE))
    ;
  g_main_context_pop_thread_default (self->context);
  return NULL;
}

FakeChannelServer *
fake_channel_server_new (void)
{
  FakeChannelServer *self = g_new0 (FakeChannelServer, 1);

  g_mutex_init (&self->mutex);
  g_cond_init (&self->ready);
  for (guint i = 0; i < G_N_ELEMENTS (self->failures); i++)
    g_queue_init (&self->failures[i]);
  self->updates = g_ptr_array_new_with_free_func ((GDestroyNotify)update_free);
  self->requests = g_ptr_array_new_with_free_func ((GDestroyNotify)fake_channel_request_free);
  self->context = g_main_context_new ();
  self->loop = g_main_loop_new (self->context, FALSE);
  self->thread = g_thread_new ("fake-channel-server", server_thread, self);

  g_mutex_lock (&self->mutex);
  while (!self->started)
    g_cond_wait (&self->ready, &self->mutex);
  g_mutex_unlock (&self->mutex);
  return self;
}

static gboolean
quit_cb (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

void
fake_channel_server_free (FakeChannelServer *self)
{
  if (self == NULL)
    return;

  g_main_context_invoke (self->context, quit_cb, self->loop);
  g_thread_join (self->thread);
  g_main_loop_unref (self->loop);
  g_main_context_unref (self->context);
  for (guint i = 0; i < G_N_ELEMENTS (self->failures); i++)
    g_queue_clear_full (&self->failures[i], (GDestroyNotify)failure_free);
  g_ptr_array_unref (self->updates);
  g_ptr_array_unref (self->requests);
  g_mutex_clear (&self->mutex);
  g_cond_clear (&self->ready);
  g_free (self);
}

char *
fake_channel_server_get_url (FakeChannelServer *self,
                             const char        *path)
{
  return g_strdup_printf ("http://127.0.0.1:%u%s", self->port, path != NULL ? path : "");
}

void
fake_channel_server_fail_next (FakeChannelServer *self,
                               FakeService        service,
                               guint              status,
                               const char        *json)
{
  Failure *failure = g_new0 (Failure, 1);

  failure->status = status;
  failure->json = g_strdup (json);
  g_mutex_lock (&self->mutex);
  g_queue_push_tail (&self->failures[service], failure);
  g_mutex_unlock (&self->mutex);
}

void
fake_channel_server_add_update (FakeChannelServer *self,
                                gint64             update_id,
                                const char        *message_json)
{
  Update *update = g_new0 (Update, 1);

  update->update_id = update_id;
  update->json = g_strdup (message_json);
  g_mutex_lock (&self->mutex);
  g_ptr_array_add (self->updates, update);
  g_mutex_unlock (&self->mutex);
  g_main_context_invoke (self->context, flush_polls, self);
}

guint
fake_channel_server_get_n_kept_updates (FakeChannelServer *self)
{
  guint n;

  g_mutex_lock (&self->mutex);
  n = self->updates->len;
  g_mutex_unlock (&self->mutex);
  return n;
}

static gboolean
request_matches (const FakeChannelRequest *request,
                 FakeService               service,
                 const char               *path_suffix)
{
  return request->service == service &&
         (path_suffix == NULL || g_str_has_suffix (request->path, path_suffix));
}

guint
fake_channel_server_get_n_requests (FakeChannelServer *self,
                                    FakeService        service,
                                    const char        *path_suffix)
{
  guint n = 0;

  g_mutex_lock (&self->mutex);
  for (guint i = 0; i < self->requests->len; i++)
    n += request_matches (g_ptr_array_index (self->requests, i), service, path_suffix);
  g_mutex_unlock (&self->mutex);
  return n;
}

FakeChannelRequest *
fake_channel_server_get_request (FakeChannelServer *self,
                                 FakeService        service,
                                 const char        *path_suffix,
                                 guint              index)
{
  FakeChannelRequest *found = NULL;
  guint n = 0;

  g_mutex_lock (&self->mutex);
  for (guint i = 0; i < self->requests->len && found == NULL; i++)
    {
      FakeChannelRequest *request = g_ptr_array_index (self->requests, i);

      if (request_matches (request, service, path_suffix) && n++ == index)
        found = request_copy (request);
    }
  g_mutex_unlock (&self->mutex);
  return found;
}

/* The webhook host. */

struct _FakeWebhookHost
{
  GThread        *thread;
  GMainContext   *context;
  GMainLoop      *loop;
  guint           port;
  TerraWorkspace *workspace;
  FakeAttachFunc  attach;

  GMutex          mutex;
  GCond           ready;
  gboolean        started;
};

static gpointer
host_thread (gpointer data)
{
  FakeWebhookHost *self = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(TerraStore) store = NULL;
  g_autoptr(SoupServer) server = NULL;
  TerraChannelContext context = { 0 };
  GSList *uris;

  g_main_context_push_thread_default (self->context);
  store = terra_workspace_open_store (self->workspace, &error);
  g_assert_no_error (error);
  context.workspace = self->workspace;
  context.store = store;
  context.context = self->context;

  server = soup_server_new (NULL, NULL);
  self->attach (server, &context);
  if (!soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error))
    g_error ("webhook host: %s", error->message);
  uris = soup_server_get_uris (server);
  self->port = g_uri_get_port (uris->data);
  g_slist_free_full (uris, (GDestroyNotify)g_uri_unref);

  g_mutex_lock (&self->mutex);
  self->started = TRUE;
  g_cond_signal (&self->ready);
  g_mutex_unlock (&self->mutex);

  g_main_loop_run (self->loop);

  soup_server_disconnect (server);
  g_clear_object (&server);
  while (g_main_context_iteration (self->context, FALSE))
    ;
  g_main_context_pop_thread_default (self->context);
  return NULL;
}

FakeWebhookHost *
fake_webhook_host_new (TerraWorkspace *workspace,
                       FakeAttachFunc  attach)
{
  FakeWebhookHost *self = g_new0 (FakeWebhookHost, 1);

  self->workspace = g_object_ref (workspace);
  self->attach = attach;
  g_mutex_init (&self->mutex);
  g_cond_init (&self->ready);
  self->context = g_main_context_new ();
  self->loop = g_main_loop_new (self->context, FALSE);
  self->thread = g_thread_new ("fake-webhook-host", host_thread, self);

  g_mutex_lock (&self->mutex);
  while (!self->started)
    g_cond_wait (&self->ready, &self->mutex);
  g_mutex_unlock (&self->mutex);
  return self;
}

void
fake_webhook_host_free (FakeWebhookHost *self)
{
  if (self == NULL)
    return;

  g_main_context_invoke (self->context, quit_cb, self->loop);
  g_thread_join (self->thread);
  g_main_loop_unref (self->loop);
  g_main_context_unref (self->context);
  g_object_unref (self->workspace);
  g_mutex_clear (&self->mutex);
  g_cond_clear (&self->ready);
  g_free (self);
}

char *
fake_webhook_host_get_url (FakeWebhookHost *self,
                           const char      *path)
{
  return g_strdup_printf ("http://127.0.0.1:%u%s", self->port, path != NULL ? path : "");
}

/* The client. */

guint
fake_http_request (const char         *method,
                   const char         *url,
                   const char         *content_type,
                   const char         *body,
                   gsize               length,
                   const char * const *headers,
                   char              **response_body)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) message = soup_message_new (method, url);
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (message);
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, length);
      soup_message_set_request_body_from_bytes (message, content_type, bytes);
    }
  for (guint i = 0; headers != NULL && headers[i] != NULL && headers[i + 1] != NULL; i += 2)
    soup_message_headers_replace (soup_message_get_request_headers (message), headers[i], headers[i + 1]);

  answer = soup_session_send_and_read (session, message, NULL, &error);
  g_assert_no_error (error);
  if (response_body != NULL)
    *response_body = g_strndup (g_bytes_get_data (answer, NULL), g_bytes_get_size (answer));
  return soup_message_get_status (message);
}

/* Store helpers. */

gint64
fake_count (TerraStore *store,
            GType       entity_type)
{
  g_autoptr(TerraQuery) query = terra_query_new (entity_type);
  g_autoptr(GError) error = NULL;
  gint64 n = terra_store_count (store, query, &error);

  g_assert_no_error (error);
  return n;
}

TerraMessage *
fake_only_message (TerraStore *store)
{
  g_autoptr(TerraQuery) query = terra_query_new (TERRA_TYPE_MESSAGE);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) messages = terra_store_list (store, query, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (messages->len, ==, 1);
  return g_object_ref (g_ptr_array_index (messages, 0));
}

gint64
fake_add_sent_message (TerraStore   *store,
                       TerraChannel  channel,
                       const char   *address,
                       const char   *external_id)
{
  g_autoptr(TerraMessage) message = terra_message_new ();
  g_autoptr(GError) error = NULL;
  gint64 conversation_id = 0;

  terra_store_find_or_start_conversation (store, channel, address, NULL, NULL, &conversation_id, &error);
  g_assert_no_error (error);
  terra_message_set_conversation_id (message, conversation_id);
  terra_message_set_direction (message, TERRA_DIRECTION_OUTBOUND);
  terra_message_set_author (message, TERRA_AUTHOR_ASSISTANT);
  terra_message_set_body (message, "Yes, we have two flats free.");
  terra_message_set_channel (message, channel);
  terra_message_set_external_id (message, external_id);
  terra_message_set_delivery (message, TERRA_DELIVERY_PENDING);
  terra_store_insert (store, message, &error);
  g_assert_no_error (error);
  return terra_message_get_id (message);
}

void
fake_set_setting (TerraStore *store,
                  const char *key,
                  const char *value)
{
  g_autoptr(JsonNode) node = json_node_init_string (json_node_alloc (), value);
  g_autoptr(GError) error = NULL;

  terra_store_set_setting (store, key, node, &error);
  g_assert_no_error (error);
}
