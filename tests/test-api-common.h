/* test-api-common.h — calling REST handlers the way the server does
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The tests of the REST endpoints build a TerraApiRequest (query string
 * decoded, body parsed) and call the handler directly, then check the
 * status the server would send and the JSON it would write, round-tripped
 * through the generator as the server does.
 */
#pragma once

#include <string.h>

#include "terra-api.h"
#include "terra-api-handlers.h"
#include "terra-test-utils.h"

/* Monday 2026-06-01 09:00 in Kolkata, in seconds (the request's clock). */
#define API_NOW 1780284600
#define API_NOW_US ((gint64)API_NOW * G_USEC_PER_SEC)

typedef struct
{
  TerraWorkspace    *workspace;
  TerraStore        *store;
  TerraOrchestrator *orchestrator;  /* NULL: "no engine runs" */
  gint64             now;           /* seconds; 0 for the real clock */
  gint64             type_id;       /* the site visit appointment type */
  char              *last_error;    /* the message of the last failed call */
  char              *last_text;     /* the JSON text of the last answer */
  char              *content_type;  /* of the last non-JSON answer */
} ApiFixture;

static inline void
api_set_string (TerraStore *store,
                const char *key,
                const char *value)
{
  g_autoptr(JsonNode) node = json_node_init_string (json_node_alloc (), value);
  g_autoptr(GError) error = NULL;

  g_assert_true (terra_store_set_setting (store, key, node, &error));
  g_assert_no_error (error);
}

static inline void
api_set_int (TerraStore *store,
             const char *key,
             gint64      value)
{
  g_autoptr(JsonNode) node = json_node_init_int (json_node_alloc (), value);
  g_autoptr(GError) error = NULL;

  g_assert_true (terra_store_set_setting (store, key, node, &error));
  g_assert_no_error (error);
}

/* A business in Kolkata open Monday to Saturday 10:00–19:00, with a
 * one-hour site visit and an hour's notice; no engine yet. */
static inline void
api_fixture_set_up (ApiFixture    *fixture,
                    gconstpointer  data)
{
  g_autoptr(TerraAppointmentType) type = terra_appointment_type_new ();
  g_autoptr(GError) error = NULL;
  TerraOpeningRange week[6];

  fixture->workspace = terra_test_workspace_new ();
  fixture->store = terra_workspace_get_store (fixture->workspace);
  fixture->now = API_NOW;

  api_set_string (fixture->store, "business.timezone", "Asia/Kolkata");
  api_set_string (fixture->store, "business.name", "Sunrise Homes");
  api_set_string (fixture->store, "assistant.name", "Asha");
  api_set_int (fixture->store, "booking.min_notice_minutes", 60);

  for (int day = 1; day <= 6; day++)
    week[day - 1] = (TerraOpeningRange) { day, 10 * 60, 19 * 60 };
  g_assert_true (terra_store_set_opening_hours (fixture->store, week, 6, &error));
  g_assert_no_error (error);

  terra_appointment_type_set_name (type, "Site visit");
  terra_appointment_type_set_duration_minutes (type, 60);
  terra_appointment_type_set_location (type, "Sunrise Towers sales office");
  g_assert_true (terra_store_insert (fixture->store, type, &error));
  g_assert_no_error (error);
  fixture->type_id = terra_appointment_type_get_id (type);
}

static inline void
api_fixture_tear_down (ApiFixture    *fixture,
                       gconstpointer  data)
{
  g_clear_object (&fixture->orchestrator);
  g_clear_pointer (&fixture->last_error, g_free);
  g_clear_pointer (&fixture->last_text, g_free);
  g_clear_pointer (&fixture->content_type, g_free);
  terra_test_workspace_free (fixture->workspace);
}

/* Calls @handler with the request the server would build from @query
 * ("a=b&c=d", percent-encoded, or NULL) and @body (JSON text or NULL), and
 * checks the status. Returns (transfer full) the answer's JSON as a
 * client would parse it, or NULL for an error (its message is then in
 * fixture->last_error) or a body that is not JSON (in fixture->last_text). */
static inline JsonNode *
api_call (ApiFixture      *fixture,
          TerraApiHandler  handler,
          gint64           id,
          const char      *query,
          const char      *body,
          guint            expected_status)
{
  g_autoptr(GHashTable) params = NULL;
  g_autoptr(JsonNode) body_node = NULL;
  g_autoptr(GError) error = NULL;
  TerraApiResponse response = { 0 };
  TerraApiRequest request = { 0 };
  JsonNode *answer = NULL;
  guint status;
  gboolean ok;

  if (query != NULL)
    {
      params = g_uri_parse_params (query, -1, "&", G_URI_PARAMS_NONE, &error);
      g_assert_no_error (error);
    }
  else
    params = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  if (body != NULL)
    {
      body_node = json_from_string (body, &error);
      g_assert_no_error (error);
    }

  request.workspace = fixture->workspace;
  request.store = fixture->store;
  request.orchestrator = fixture->orchestrator;
  request.method = "TEST";
  request.path = "/test";
  request.id = id;
  request.query = params;
  request.body = body_node;
  request.now = fixture->now;

  g_clear_pointer (&fixture->last_error, g_free);
  g_clear_pointer (&fixture->last_text, g_free);
  g_clear_pointer (&fixture->content_type, g_free);

  ok = handler (&request, &response, &error);
  /* What the server does after every handler: nothing stays open. */
  g_assert_false (terra_store_in_transaction (fixture->store));

  if (!ok)
    {
      g_assert_nonnull (error);
      g_assert_null (response.json);
      status = terra_api_error_status (error);
      g_test_message ("%u %s: %s", status, terra_api_error_code (error), error->message);
      fixture->last_error = g_strdup (error->message);
      g_assert_cmpuint (status, ==, expected_status);
      return NULL;
    }

  g_assert_no_error (error);
  status = response.status != 0 ? response.status : 200;
  if (response.json != NULL)
    {
      fixture->last_text = json_to_string (response.json, FALSE);
      if (strlen (fixture->last_text) < 1000)
        g_test_message ("%u %s", status, fixture->last_text);
      answer = json_from_string (fixture->last_text, &error);
      g_assert_no_error (error);
      json_node_unref (response.json);
    }
  else
    {
      g_assert_nonnull (response.bytes);
      fixture->last_text = g_strndup (g_bytes_get_data (response.bytes, NULL), g_bytes_get_size (response.bytes));
      fixture->content_type = g_steal_pointer (&response.content_type);
      g_bytes_unref (response.bytes);
    }
  g_free (response.content_type);
  g_assert_cmpuint (status, ==, expected_status);
  return answer;
}

/* Expects a failure with @expected_status whose message contains
 * @fragment (when not NULL). */
static inline void
api_fails (ApiFixture      *fixture,
           TerraApiHandler  handler,
           gint64           id,
           const char      *query,
           const char      *body,
           guint            expected_status,
           const char      *fragment)
{
  JsonNode *answer = api_call (fixture, handler, id, query, body, expected_status);

  g_assert_null (answer);
  g_assert_nonnull (fixture->last_error);
  if (fragment != NULL && strstr (fixture->last_error, fragment) == NULL)
    g_error ("“%s” does not mention “%s”", fixture->last_error, fragment);
}

static inline JsonObject *
api_object (JsonNode *node)
{
  g_assert_nonnull (node);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  return json_node_get_object (node);
}

static inline gint64
api_count (TerraStore *store,
           GType       type)
{
  g_autoptr(TerraQuery) query = terra_query_new (type);
  g_autoptr(GError) error = NULL;
  gint64 n = terra_store_count (store, query, &error);

  g_assert_no_error (error);
  return n;
}
