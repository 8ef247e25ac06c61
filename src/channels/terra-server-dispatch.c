/* terra-server-dispatch.c — the REST routes, authentication, JSON errors
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One libsoup handler at "/" takes everything the channel adapters did not
 * claim: /healthz, POST /api/v1/messages (terra-server-ingest.c) and the
 * table terra_api_routes[]. A path that matches no pattern is 404, a path
 * that matches with another method 405 with Allow. Routes flagged
 * TERRA_API_ROUTE_BEARER need the workspace API key; TERRA_API_ROUTE_SLOW
 * ones run on a worker thread with that thread's own store while the
 * request is paused, so an LLM call never holds up the server thread.
 */
#define G_LOG_DOMAIN "terra-server"

#include "config.h"

#include <glib/gi18n.h>

#include "terra-server-private.h"

#define SLOW_WORKERS 4

void
_terra_server_respond_json (SoupServerMessage *msg,
                            guint              status,
                            const char        *json,
                            gsize              length)
{
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, json, length);
  soup_server_message_set_status (msg, status, NULL);
}

static void
respond_node (SoupServerMessage *msg,
              guint              status,
              JsonNode          *node)
{
  gsize length = 0;
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_root (generator, node);
  text = json_generator_to_data (generator, &length);
  _terra_server_respond_json (msg, status, text, length);
}

void
_terra_server_respond_error (SoupServerMessage *msg,
                             const GError      *error)
{
  guint status = terra_api_error_status (error);
  g_autofree char *body = NULL;

  /* An internal error's message may name files or SQL: it stays in the
   * log. */
  if (status == 500)
    g_warning ("Internal error answering a request: %s", error != NULL ? error->message : "?");

  body = terra_api_error_body (terra_api_error_code (error),
                               status == 500 || error == NULL ? _("Internal error") : error->message);
  _terra_server_respond_json (msg, status, body, strlen (body));
}

static void
respond_error_literal (SoupServerMessage *msg,
                       TerraApiError      code,
                       const char        *message)
{
  g_autoptr(GError) error = g_error_new_literal (TERRA_API_ERROR, code, message);

  _terra_server_respond_error (msg, error);
}

/* Checks Authorization: Bearer <key>, then the key's rate. */
gboolean
_terra_server_check_key (TerraServer        *self,
                         SoupServerMessage  *msg,
                         GError            **error)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *authorization = soup_message_headers_get_one (headers, "Authorization");
  const char *presented = NULL;
  guint retry_after = 0;

  if (authorization != NULL && g_ascii_strncasecmp (authorization, "Bearer ", 7) == 0)
    {
      presented = authorization + 7;
      while (*presented == ' ')
        presented++;
    }

  switch (terra_api_key_check (self->api_key, presented))
    {
    case TERRA_API_KEY_VALID:
      break;
    case TERRA_API_KEY_UNAVAILABLE:
      {
        g_autofree char *problem = terra_api_key_dup_problem (self->api_key);

        g_set_error_literal (error, TERRA_API_ERROR, TERRA_API_ERROR_UNAVAILABLE,
                             problem != NULL ? problem : _("The API key is not available"));
        return FALSE;
      }
    case TERRA_API_KEY_WRONG:
    default:
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "WWW-Authenticate", "Bearer realm=\"terra\"");
      g_set_error_literal (error, TERRA_API_ERROR, TERRA_API_ERROR_UNAUTHORIZED,
                           presented == NULL
                           ? _("An API key is needed: send Authorization: Bearer <key> (terra --print-api-key)")
                           : _("The API key is wrong"));
      return FALSE;
    }

  if (!terra_rate_limiter_take (self->key_limiter, "api", g_get_monotonic_time (), &retry_after))
    {
      g_autofree char *seconds = g_strdup_printf ("%u", retry_after);

      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "Retry-After", seconds);
      g_set_error_literal (error, TERRA_API_ERROR, TERRA_API_ERROR_RATE_LIMITED,
                           _("Too many requests with this API key; retry later"));
      return FALSE;
    }

  return TRUE;
}

void
_terra_server_unpause (TerraServer       *self,
                       SoupServerMessage *msg)
{
  TerraRequestInfo *info = _terra_server_request_info (msg);

  if (info != NULL && !info->answered_elsewhere)
    {
      info->answered_elsewhere = TRUE;
      self->answered_pending++;
    }
  soup_server_message_unpause (msg);
}

/* Matches @path against @pattern segment by segment; "{id}" takes a
 * positive integer. */
static gboolean
match_pattern (const char *pattern,
               const char *path,
               gint64     *id)
{
  *id = 0;

  while (*pattern != '\0' && *path != '\0')
    {
      if (g_str_has_prefix (pattern, "{id}"))
        {
          const char *end = path;
          guint64 value = 0;

          while (g_ascii_isdigit (*end))
            {
              value = value * 10 + (guint64)(*end - '0');
              if (value > G_MAXINT64 / 10)
                return FALSE;
              end++;
            }
          if (end == path || value == 0)
            return FALSE;
          *id = (gint64)value;
          pattern += 4;
          path = end;
          continue;
        }
      if (*pattern != *path)
        return FALSE;
      pattern++;
      path++;
    }

  return *pattern == '\0' && *path == '\0';
}

static gboolean
parse_body (TerraServer        *self,
            SoupServerMessage  *msg,
            JsonNode          **out,
            GError            **error)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local = NULL;
  const char *data;
  gsize size;

  *out = NULL;
  data = g_bytes_get_data (bytes, &size);
  if (size == 0)
    return TRUE;
  if (size > self->max_body)
    {
      g_set_error_literal (error, TERRA_API_ERROR, TERRA_API_ERROR_TOO_LARGE,
                           _("The request body is too large"));
      return FALSE;
    }
  if (!g_utf8_validate_len (data, size, NULL))
    {
      g_set_error_literal (error, TERRA_API_ERROR, TERRA_API_ERROR_BAD_REQUEST,
                           _("The request body is not valid UTF-8"));
      return FALSE;
    }

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, size, &local))
    {
      g_set_error (error, TERRA_API_ERROR, TERRA_API_ERROR_BAD_REQUEST,
                   _("The request body is not valid JSON: %s"), local->message);
      return FALSE;
    }

  *out = json_parser_steal_root (parser);
  return TRUE;
}

gboolean
_terra_server_parse_body (TerraServer        *self,
                          SoupServerMessage  *msg,
                          JsonNode          **out,
                          GError            **error)
{
  return parse_body (self, msg, out, error);
}

static void
write_response (SoupServerMessage *msg,
                TerraApiResponse  *response,
                gboolean           ok,
                const GError      *error)
{
  if (!ok)
    _terra_server_respond_error (msg, error);
  else if (response->json != NULL)
    respond_node (msg, response->status != 0 ? response->status : 200, response->json);
  else if (response->bytes != NULL)
    {
      gsize size = 0;
      gconstpointer data = g_bytes_get_data (response->bytes, &size);

      soup_server_message_set_response (msg,
                                        response->content_type != NULL
                                        ? response->content_type : "application/octet-stream",
                                        SOUP_MEMORY_COPY, data, size);
      soup_server_message_set_status (msg, response->status != 0 ? response->status : 200, NULL);
    }
  else
    soup_server_message_set_status (msg, response->status != 0 ? response->status : 204, NULL);
}

static void
response_clear (TerraApiResponse *response)
{
  g_clear_pointer (&response->json, json_node_unref);
  g_clear_pointer (&response->bytes, g_bytes_unref);
  g_clear_pointer (&response->content_type, g_free);
}

/* A slow route's request, on its way to a worker and back. */
typedef struct
{
  TerraServer          *server;
  SoupServerMessage    *msg;
  const TerraApiRoute  *route;
  char                 *method;
  char                 *path;
  gint64                id;
  GHashTable           *query;
  JsonNode             *body;
  gint64                now;
  TerraApiResponse      response;
  gboolean              ok;
  GError               *error;
} SlowJob;

static void
slow_job_free (gpointer data)
{
  SlowJob *job = data;

  g_object_unref (job->msg);
  g_free (job->method);
  g_free (job->path);
  g_hash_table_unref (job->query);
  g_clear_pointer (&job->body, json_node_unref);
  response_clear (&job->response);
  g_clear_error (&job->error);
  g_free (job);
}

static TerraStore *
take_store (TerraServer  *self,
            GError      **error)
{
  TerraStore *store = NULL;

  g_mutex_lock (&self->stores_mutex);
  if (self->idle_stores->len > 0)
    store = g_ptr_array_steal_index_fast (self->idle_stores, self->idle_stores->len - 1);
  g_mutex_unlock (&self->stores_mutex);

  return store != NULL ? store : terra_workspace_open_store (self->workspace, error);
}

static void
give_back_store (TerraServer *self,
                 TerraStore  *store)
{
  g_mutex_lock (&self->stores_mutex);
  g_ptr_array_add (self->idle_stores, store);
  g_mutex_unlock (&self->stores_mutex);
}

static gboolean
slow_job_done (gpointer data)
{
  SlowJob *job = data;

  write_response (job->msg, &job->response, job->ok, job->error);
  _terra_server_unpause (job->server, job->msg);
  return G_SOURCE_REMOVE;
}

static void
slow_job_run (gpointer data,
              gpointer user_data)
{
  SlowJob *job = data;
  TerraServer *self = job->server;
  TerraStore *store = take_store (self, &job->error);

  if (store != NULL)
    {
      TerraApiRequest request = {
        .workspace = self->workspace,
        .store = store,
        .orchestrator = self->orchestrator,
        .method = job->method,
        .path = job->path,
        .id = job->id,
        .query = job->query,
        .body = job->body,
        .now = job->now,
      };

      job->ok = job->route->handler (&request, &job->response, &job->error);
      if (terra_store_in_transaction (store))
        terra_store_rollback (store);
      give_back_store (self, store);
    }

  g_main_context_invoke_full (self->context, G_PRIORITY_DEFAULT, slow_job_done, job, slow_job_free);
}

static GHashTable *
copy_query (GHashTable *query)
{
  GHashTable *copy = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  GHashTableIter iter;
  gpointer key, value;

  if (query == NULL)
    return copy;
  g_hash_table_iter_init (&iter, query);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_insert (copy, g_strdup (key), g_strdup (value));
  return copy;
}

static void
run_route (TerraServer         *self,
           SoupServerMessage   *msg,
           const TerraApiRoute *route,
           const char          *path,
           gint64               id,
           GHashTable          *query)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) body = NULL;
  const char *method = soup_server_message_get_method (msg);

  if ((route->flags & TERRA_API_ROUTE_BEARER) && !_terra_server_check_key (self, msg, &error))
    {
      _terra_server_respond_error (msg, error);
      return;
    }
  if (!parse_body (self, msg, &body, &error))
    {
      _terra_server_respond_error (msg, error);
      return;
    }

  if (route->flags & TERRA_API_ROUTE_SLOW)
    {
      SlowJob *job = g_new0 (SlowJob, 1);

      if (g_atomic_int_get (&self->stopping) || self->slow_pool == NULL)
        {
          g_free (job);
          respond_error_literal (msg, TERRA_API_ERROR_UNAVAILABLE, _("The server is stopping"));
          return;
        }
      job->server = self;
      job->msg = g_object_ref (msg);
      job->route = route;
      job->method = g_strdup (method);
      job->path = g_strdup (path);
      job->id = id;
      job->query = copy_query (query);
      job->body = g_steal_pointer (&body);
      job->now = g_get_real_time () / G_USEC_PER_SEC;
      soup_server_message_pause (msg);
      g_thread_pool_push (self->slow_pool, job, NULL);
      return;
    }

  {
    g_autoptr(GHashTable) owned_query = copy_query (query);
    TerraApiResponse response = { 0 };
    TerraApiRequest request = {
      .workspace = self->workspace,
      .store = self->store,
      .orchestrator = self->orchestrator,
      .method = method,
      .path = path,
      .id = id,
      .query = owned_query,
      .body = body,
      .now = g_get_real_time () / G_USEC_PER_SEC,
    };
    gboolean ok = route->handler (&request, &response, &error);

    if (terra_store_in_transaction (self->store))
      terra_store_rollback (self->store);
    write_response (msg, &response, ok, error);
    response_clear (&response);
  }
}

static void
respond_health (TerraServer       *self,
                SoupServerMessage *msg)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  gint64 uptime = (g_get_monotonic_time () - self->started_at_us) / G_USEC_PER_SEC;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, "ok");
  json_builder_set_member_name (builder, "version");
  json_builder_add_string_value (builder, PACKAGE_VERSION);
  json_builder_set_member_name (builder, "uptime");
  json_builder_add_int_value (builder, uptime);
  json_builder_set_member_name (builder, "api");
  json_builder_add_string_value (builder, terra_api_key_is_loaded (self->api_key) ? "ready" : "off");
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  respond_node (msg, 200, root);
}

static void
method_not_allowed (SoupServerMessage *msg,
                    const char        *allow)
{
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Allow", allow);
  respond_error_literal (msg, TERRA_API_ERROR_METHOD_NOT_ALLOWED,
                         _("This method is not allowed here"));
}

static void
default_handler (SoupServer        *soup,
                 SoupServerMessage *msg,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           user_data)
{
  TerraServer *self = user_data;
  const char *method = soup_server_message_get_method (msg);
  g_autoptr(GString) allow = NULL;
  gint64 id = 0;

  /* Refused while its headers came in (rate limit): already answered. */
  if (soup_server_message_get_status (msg) != 0)
    return;

  if (g_str_equal (path, "/healthz"))
    {
      if (method == SOUP_METHOD_GET || method == SOUP_METHOD_HEAD)
        respond_health (self, msg);
      else
        method_not_allowed (msg, "GET, HEAD");
      return;
    }

  if (g_str_equal (path, "/api/v1/messages"))
    {
      if (method == SOUP_METHOD_POST)
        _terra_server_ingest_handle (self, msg);
      else
        method_not_allowed (msg, "POST");
      return;
    }

  for (const TerraApiRoute *route = terra_api_routes; route->method != NULL; route++)
    {
      if (!match_pattern (route->pattern, path, &id))
        continue;
      if (g_str_equal (route->method, method))
        {
          run_route (self, msg, route, path, id, query);
          return;
        }
      if (allow == NULL)
        allow = g_string_new (route->method);
      else if (strstr (allow->str, route->method) == NULL)
        g_string_append_printf (allow, ", %s", route->method);
    }

  if (allow != NULL)
    method_not_allowed (msg, allow->str);
  else
    respond_error_literal (msg, TERRA_API_ERROR_NOT_FOUND, _("There is nothing at this address"));
}

void
_terra_server_dispatch_attach (TerraServer *self)
{
  soup_server_add_handler (self->soup, NULL, default_handler, self, NULL);
  self->slow_pool = g_thread_pool_new (slow_job_run, self, SLOW_WORKERS, FALSE, NULL);
}

void
_terra_server_dispatch_detach (TerraServer *self)
{
  if (self->slow_pool != NULL)
    g_thread_pool_free (g_steal_pointer (&self->slow_pool), FALSE, TRUE);
  if (self->soup != NULL)
    soup_server_remove_handler (self->soup, "/");
}
