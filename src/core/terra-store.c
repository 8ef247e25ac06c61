/* terra-store.c — one connection to a workspace database
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "terra-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "terra-setting-keys.h"
#include "terra-store-private.h"

/* How long a writer waits for another connection's write lock before the
 * call fails with TERRA_STORE_ERROR_BUSY. */
#define BUSY_TIMEOUT_MS 10000

struct _TerraStore
{
  GObject              parent_instance;

  sqlite3             *db;
  char                *path;
  TerraChangeNotifier *notifier;

  /* SQL text → prepared statement, kept for the connection's life. */
  GHashTable          *statements;
  /* Table name → its columns (see terra-store-objects.c). */
  GHashTable          *column_cache;

  gboolean             in_transaction;
  GArray              *pending_changes; /* TerraChange */
};

G_DEFINE_FINAL_TYPE (TerraStore, terra_store, G_TYPE_OBJECT)

G_DEFINE_QUARK (terra-store-error-quark, terra_store_error)

static void
statement_free (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

static void
terra_store_finalize (GObject *object)
{
  TerraStore *self = (TerraStore *)object;

  if (self->in_transaction)
    terra_store_rollback (self);

  g_clear_pointer (&self->column_cache, g_hash_table_unref);
  g_clear_pointer (&self->statements, g_hash_table_unref);
  if (self->db != NULL)
    {
      /* Closing the last connection checkpoints the WAL into the file. */
      sqlite3_close_v2 (self->db);
      self->db = NULL;
    }
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->pending_changes, g_array_unref);
  g_clear_object (&self->notifier);

  G_OBJECT_CLASS (terra_store_parent_class)->finalize (object);
}

static void
terra_store_class_init (TerraStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = terra_store_finalize;
}

static void
terra_store_init (TerraStore *self)
{
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                            statement_free);
  self->pending_changes = g_array_new (FALSE, FALSE, sizeof (TerraChange));
}

/* Maps an SQLite result code to an error a caller can act on. */
void
_terra_store_set_error (TerraStore  *self,
                        GError     **error,
                        int          rc,
                        const char  *what)
{
  int code;
  const char *detail = self != NULL && self->db != NULL ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc);

  switch (rc & 0xff)
    {
    case SQLITE_CONSTRAINT:
      if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY)
        code = TERRA_STORE_ERROR_CONFLICT;
      else
        code = TERRA_STORE_ERROR_INVALID;
      break;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      code = TERRA_STORE_ERROR_BUSY;
      break;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      code = TERRA_STORE_ERROR_CORRUPT;
      break;
    case SQLITE_MISMATCH:
    case SQLITE_TOOBIG:
    case SQLITE_RANGE:
      code = TERRA_STORE_ERROR_INVALID;
      break;
    default:
      code = TERRA_STORE_ERROR_FAILED;
    }

  g_set_error (error, TERRA_STORE_ERROR, code, "%s: %s", what, detail);
}

GHashTable *
_terra_store_get_column_cache (TerraStore *self)
{
  g_assert (TERRA_IS_STORE (self));

  if (self->column_cache == NULL)
    self->column_cache = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                _terra_store_column_set_free);
  return self->column_cache;
}

sqlite3 *
_terra_store_get_db (TerraStore *self)
{
  g_assert (TERRA_IS_STORE (self));
  return self->db;
}

/* Returns a cached statement, ready for binding. Pair it with
 * g_autoptr(TerraStatement) so it is reset after use. */
TerraStatement *
_terra_store_prepare (TerraStore  *self,
                      const char  *sql,
                      GError     **error)
{
  sqlite3_stmt *stmt;
  int rc;

  g_assert (TERRA_IS_STORE (self));
  g_assert (sql != NULL);

  stmt = g_hash_table_lookup (self->statements, sql);
  if (stmt != NULL)
    return stmt;

  rc = sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      _terra_store_set_error (self, error, rc, _("Could not prepare a query"));
      return NULL;
    }

  g_hash_table_insert (self->statements, g_strdup (sql), stmt);
  return stmt;
}

/* Runs SQL without parameters: schema and pragmas only. */
gboolean
_terra_store_exec (TerraStore  *self,
                   const char  *sql,
                   GError     **error)
{
  char *message = NULL;
  int rc;

  g_assert (TERRA_IS_STORE (self));

  rc = sqlite3_exec (self->db, sql, NULL, NULL, &message);
  if (rc != SQLITE_OK)
    {
      int code = (rc & 0xff) == SQLITE_NOTADB || (rc & 0xff) == SQLITE_CORRUPT
                 ? TERRA_STORE_ERROR_CORRUPT
                 : (rc & 0xff) == SQLITE_BUSY ? TERRA_STORE_ERROR_BUSY : TERRA_STORE_ERROR_FAILED;

      g_set_error (error, TERRA_STORE_ERROR, code, "%s", message ? message : sqlite3_errstr (rc));
      sqlite3_free (message);
      return FALSE;
    }

  return TRUE;
}

gboolean
_terra_store_step_done (TerraStore      *self,
                        TerraStatement  *stmt,
                        const char      *what,
                        GError         **error)
{
  int rc = sqlite3_step (stmt);

  if (rc == SQLITE_DONE || rc == SQLITE_ROW)
    return TRUE;

  _terra_store_set_error (self, error, sqlite3_extended_errcode (self->db), what);
  return FALSE;
}

/* Steps to the next row: TRUE with a row, FALSE at the end or on error
 * (then error is set). */
gboolean
_terra_store_step_row (TerraStore      *self,
                       TerraStatement  *stmt,
                       const char      *what,
                       GError         **error)
{
  int rc = sqlite3_step (stmt);

  if (rc == SQLITE_ROW)
    return TRUE;
  if (rc != SQLITE_DONE)
    _terra_store_set_error (self, error, sqlite3_extended_errcode (self->db), what);
  return FALSE;
}

/* Binds text after checking it is UTF-8: broken bytes from a channel must be
 * refused with a clear error, not stored to break every later reader. */
gboolean
_terra_store_bind_text (TerraStatement  *stmt,
                        int              index,
                        const char      *text,
                        const char      *what,
                        GError         **error)
{
  if (text == NULL)
    {
      sqlite3_bind_null (stmt, index);
      return TRUE;
    }

  if (!g_utf8_validate (text, -1, NULL))
    {
      g_set_error (error, TERRA_STORE_ERROR, TERRA_STORE_ERROR_INVALID,
                   _("%s is not valid UTF-8 text"), what);
      return FALSE;
    }

  sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
  return TRUE;
}

/* terra_fold(text): Unicode case folding for search, since SQLite's LIKE
 * folds only ASCII ("émile" must find "Émile"). */
static void
fold_function (sqlite3_context  *context,
               int               argc,
               sqlite3_value   **argv)
{
  const char *text = (const char *)sqlite3_value_text (argv[0]);
  char *folded;

  if (text == NULL)
    {
      sqlite3_result_null (context);
      return;
    }

  folded = g_utf8_casefold (text, -1);
  sqlite3_result_text (context, folded, -1, g_free);
}

static gboolean
read_header (TerraStore  *self,
             int         *user_version,
             int         *application_id,
             int         *n_objects,
             GError     **error)
{
  struct { const char *sql; int *out; } probes[] = {
    { "PRAGMA user_version", user_version },
    { "PRAGMA application_id", application_id },
    { "SELECT count(*) FROM sqlite_master", n_objects },
  };

  for (guint i = 0; i < G_N_ELEMENTS (probes); i++)
    {
      sqlite3_stmt *stmt = NULL;
      int rc = sqlite3_prepare_v2 (self->db, probes[i].sql, -1, &stmt, NULL);

      if (rc == SQLITE_OK)
        rc = sqlite3_step (stmt);
      if (rc != SQLITE_ROW)
        {
          rc = sqlite3_extended_errcode (self->db);
          sqlite3_finalize (stmt);
          g_set_error (error, TERRA_STORE_ERROR,
                       (rc & 0xff) == SQLITE_BUSY ? TERRA_STORE_ERROR_BUSY : TERRA_STORE_ERROR_CORRUPT,
                       _("“%s” is not a Terra workspace database, or it is damaged (%s)"),
                       self->path, sqlite3_errstr (rc));
          return FALSE;
        }
      *probes[i].out = sqlite3_column_int (stmt, 0);
      sqlite3_finalize (stmt);
    }

  return TRUE;
}

/* Refuses, before anything is written, a file Terra must not touch. */
static gboolean
check_header (TerraStore  *self,
              int         *user_version,
              GError     **error)
{
  int application_id = 0;
  int n_objects = 0;

  if (!read_header (self, user_version, &application_id, &n_objects, error))
    return FALSE;

  if (*user_version > TERRA_STORE_SCHEMA_VERSION)
    {
      g_set_error (error, TERRA_STORE_ERROR, TERRA_STORE_ERROR_NEWER_SCHEMA,
                   _("The workspace “%s” was written by a newer version of Terra "
                     "(schema %d; this version reads up to %d). It was left untouched; "
                     "update Terra to open it."),
                   self->path, *user_version, TERRA_STORE_SCHEMA_VERSION);
      return FALSE;
    }

  if ((application_id != 0 && application_id != TERRA_STORE_APPLICATION_ID) ||
      (application_id == 0 && n_objects > 0))
    {
      g_set_error (error, TERRA_STORE_ERROR, TERRA_STORE_ERROR_CORRUPT,
                   _("“%s” is an SQLite database of another program, not a Terra workspace. "
                     "It was left untouched."),
                   self->path);
      return FALSE;
    }

  return TRUE;
}

static gboolean
configure_connection (TerraStore  *self,
                      GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  if (!_terra_store_exec (self,
                          "PRAGMA journal_mode = WAL;"
                          "PRAGMA foreign_keys = ON;"
                          "PRAGMA synchronous = NORMAL;",
                          &local_error))
    {
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                  _("Could not prepare the workspace “%s”: "), self->path);
      return FALSE;
    }

  return TRUE;
}

/**
 * terra_store_open:
 * @path: the database file; created if missing
 * @notifier: (nullable): where committed changes are posted
 *
 * Opens a connection, upgrading the schema if needed. A database of a newer
 * Terra, of another program, or a damaged file gives an error and is left
 * as it was.
 *
 * Returns: (transfer full): the connection, for the calling thread only
 */
TerraStore *
terra_store_open (const char           *path,
                  TerraChangeNotifier  *notifier,
                  GError              **error)
{
  g_autoptr(TerraStore) self = NULL;
  int user_version = 0;
  int rc;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (!notifier || TERRA_IS_CHANGE_NOTIFIER (notifier), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (TERRA_TYPE_STORE, NULL);
  self->path = g_strdup (path);
  g_set_object (&self->notifier, notifier);

  /* NOMUTEX: a connection belongs to one thread, so SQLite's per-connection
   * mutex would only cost time. */
  rc = sqlite3_open_v2 (path, &self->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, TERRA_STORE_ERROR, TERRA_STORE_ERROR_FAILED,
                   _("Could not open the workspace database “%s”: %s"),
                   path, self->db ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc));
      return NULL;
    }

  sqlite3_extended_result_codes (self->db, 1);
  sqlite3_create_function_v2 (self->db, "terra_fold", 1,
                              SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
                              NULL, fold_function, NULL, NULL, NULL);
  sqlite3_busy_timeout (self->db, BUSY_TIMEOUT_MS);

  if (!check_header (self, &user_version, error) ||
      !configure_connection (self, error))
    return NULL;

  if (user_version < TERRA_STORE_SCHEMA_VERSION &&
      !_terra_store_migrate (self, user_version, error))
    return NULL;

  return g_steal_pointer (&self);
}

const char *
terra_store_get_path (TerraStore *self)
{
  g_return_val_if_fail (TERRA_IS_STORE (self), NULL);
  return self->path;
}

/* Where this connection posts its committed changes; may be NULL. */
TerraChangeNotifier *
terra_store_get_notifier (TerraStore *self)
{
  g_return_val_if_fail (TERRA_IS_STORE (self), NULL);
  return self->notifier;
}

int
terra_store_get_schema_version (TerraStore *self)
{
  g_autoptr(TerraStatement) stmt = NULL;

  g_return_val_if_fail (TERRA_IS_STORE (self), -1);

  stmt = _terra_store_prepare (self, "PRAGMA user_version", NULL);
  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW)
    return -1;
  return sqlite3_column_int (stmt, 0);
}

/* Starts a write transaction. IMMEDIATE takes the write lock now, so two
 * connections never both read, then both try to upgrade and deadlock. */
gboolean
terra_store_begin (TerraStore  *self,
                   GError     **error)
{
  g_return_val_if_fail (TERRA_IS_STORE (self), FALSE);
  g_return_val_if_fail (!self->in_transaction, FALSE);

  if (!_terra_store_exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;

  self->in_transaction = TRUE;
  return TRUE;
}

/* Starts a read snapshot: every read until the rollback sees the workspace
 * as it was at the first one, whatever other threads commit meanwhile. It
 * takes no lock, so writers are never held up by a reader. */
gboolean
terra_store_begin_read (TerraStore  *self,
                        GError     **error)
{
  g_return_val_if_fail (TERRA_IS_STORE (self), FALSE);
  g_return_val_if_fail (!self->in_transaction, FALSE);

  if (!_terra_store_exec (self, "BEGIN DEFERRED", error))
    return FALSE;

  self->in_transaction = TRUE;
  return TRUE;
}

static void
post_pending_changes (TerraStore *self)
{
  if (self->notifier != NULL)
    terra_change_notifier_post (self->notifier,
                                (const TerraChange *)(gpointer)self->pending_changes->data,
                                self->pending_changes->len);
  g_array_set_size (self->pending_changes, 0);
}

gboolean
terra_store_commit (TerraStore  *self,
                    GError     **error)
{
  g_return_val_if_fail (TERRA_IS_STORE (self), FALSE);
  g_return_val_if_fail (self->in_transaction, FALSE);

  if (!_terra_store_exec (self, "COMMIT", error))
    {
      terra_store_rollback (self);
      return FALSE;
    }

  self->in_transaction = FALSE;
  post_pending_changes (self);
  return TRUE;
}

void
terra_store_rollback (TerraStore *self)
{
  g_return_if_fail (TERRA_IS_STORE (self));

  if (!self->in_transaction)
    return;

  /* Fails only when SQLite already rolled back by itself; either way
   * nothing of the transaction remains. */
  sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  self->in_transaction = FALSE;
  g_array_set_size (self->pending_changes, 0);
}

/* Starts a write transaction unless the caller already has one, which the
 * work then joins: a multi-step call stays atomic on its own and also
 * inside a larger transaction (the demo, an import). */
gboolean
_terra_store_begin_joined (TerraStore  *self,
                           gboolean    *own,
                           GError     **error)
{
  *own = !self->in_transaction;
  return !*own || terra_store_begin (self, error);
}

/* Ends what _terra_store_begin_joined() started: commits on success,
 * rolls back on failure; a joined transaction is left to its owner. */
gboolean
_terra_store_end_joined (TerraStore  *self,
                         gboolean     own,
                         gboolean     ok,
                         GError     **error)
{
  if (!own)
    return ok;
  if (!ok)
    {
      terra_store_rollback (self);
      return FALSE;
    }
  return terra_store_commit (self, error);
}

gboolean
terra_store_in_transaction (TerraStore *self)
{
  g_return_val_if_fail (TERRA_IS_STORE (self), FALSE);
  return self->in_transaction;
}

/* In durable mode every commit is synced to disk before it returns
 * (synchronous=FULL): used by connections that acknowledge inbound
 * messages, since a laptop loses power too. */
void
terra_store_set_durable (TerraStore *self,
                         gboolean    durable)
{
  g_return_if_fail (TERRA_IS_STORE (self));

  _terra_store_exec (self, durable ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL", NULL);
}

/* Records a change; it reaches listeners once committed. */
void
_terra_store_note_change (TerraStore      *self,
                          TerraEntity      entity,
                          TerraChangeKind  kind,
                          gint64           id)
{
  TerraChange change = { entity, kind, id };

  g_assert (TERRA_IS_STORE (self));

  g_array_append_val (self->pending_changes, change);
  if (!self->in_transaction)
    post_pending_changes (self);
}

/* Settings */

/**
 * terra_store_get_setting:
 *
 * Returns: (transfer full) (nullable): the stored value, or %NULL when the
 *   setting was never set (error stays unset then)
 */
JsonNode *
terra_store_get_setting (TerraStore  *self,
                         const char  *key,
                         GError     **error)
{
  g_autoptr(TerraStatement) stmt = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (TERRA_IS_STORE (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  stmt = _terra_store_prepare (self, "SELECT value FROM settings WHERE key = ?", error);
  if (stmt == NULL || !_terra_store_bind_text (stmt, 1, key, _("The setting’s name"), error))
    return NULL;

  if (!_terra_store_step_row (self, stmt, _("Could not read a setting"), &local_error))
    {
      if (local_error != NULL)
        g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  return json_from_string ((const char *)sqlite3_column_text (stmt, 0), error);
}

gboolean
terra_store_set_setting (TerraStore  *self,
                         const char  *key,
                         JsonNode    *value,
                         GError     **error)
{
  g_autoptr(TerraStatement) stmt = NULL;
  g_autofree char *text = NULL;

  g_return_val_if_fail (TERRA_IS_STORE (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);
  g_return_val_if_fail (value != NULL, FALSE);

  text = json_to_string (value, FALSE);
  stmt = _terra_store_prepare (self,
                               "INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) "
                               "ON CONFLICT (key) DO UPDATE SET value = excluded.value, "
                               "updated_at = excluded.updated_at",
                               error);
  if (stmt == NULL ||
      !_terra_store_bind_text (stmt, 1, key, _("The setting’s name"), error) ||
      !_terra_store_bind_text (stmt, 2, text, _("The setting’s value"), error))
    return FALSE;
  sqlite3_bind_int64 (stmt, 3, g_get_real_time ());

  if (!_terra_store_step_done (self, stmt, _("Could not save a setting"), error))
    return FALSE;

  _terra_store_note_change (self, TERRA_ENTITY_SETTING, TERRA_CHANGE_UPDATED, 0);
  return TRUE;
}

/* The setting's value, else its documented default, else NULL (an unknown
 * key that was never set). */
char *
terra_store_get_setting_string (TerraStore *self,
                                const char *key)
{
  g_autoptr(JsonNode) node = NULL;

  g_return_val_if_fail (TERRA_IS_STORE (self), NULL);

  node = terra_store_get_setting (self, key, NULL);
  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
      json_node_get_value_type (node) == G_TYPE_STRING)
    return json_node_dup_string (node);

  return g_strdup (terra_setting_keys_get_default (key));
}

gboolean
terra_store_get_setting_boolean (TerraStore *self,
                                 const char *key)
{
  g_autoptr(JsonNode) node = NULL;

  g_return_val_if_fail (TERRA_IS_STORE (self), FALSE);

  node = terra_store_get_setting (self, key, NULL);
  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
      json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    return json_node_get_boolean (node);

  return g_strcmp0 (terra_setting_keys_get_default (key), "true") == 0;
}

gint64
terra_store_get_setting_int (TerraStore *self,
                             const char *key)
{
  g_autoptr(JsonNode) node = NULL;
  const char *fallback;

  g_return_val_if_fail (TERRA_IS_STORE (self), 0);

  node = terra_store_get_setting (self, key, NULL);
  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
      json_node_get_value_type (node) == G_TYPE_INT64)
    return json_node_get_int (node);

  fallback = terra_setting_keys_get_default (key);
  return fallback != NULL ? g_ascii_strtoll (fallback, NULL, 10) : 0;
}

/* Aggregates */

static gint64
count_with (TerraStore  *self,
            const char  *sql,
            gint64       param,
            GError     **error)
{
  g_autoptr(TerraStatement) stmt = _terra_store_prepare (self, sql, error);

  if (stmt == NULL)
    return -1;
  if (sqlite3_bind_parameter_count (stmt) > 0)
    sqlite3_bind_int64 (stmt, 1, param);
  if (!_terra_store_step_row (self, stmt, _("Could not count"), error))
    return -1;
  return sqlite3_column_int64 (stmt, 0);
}

gboolean
terra_store_is_empty (TerraStore  *self,
                      GError     **error)
{
  gint64 n;

  g_return_val_if_fail (TERRA_IS_STORE (self), FALSE);

  n = count_with (self,
                  "SELECT (SELECT count(*) FROM contacts) + (SELECT count(*) FROM knowledge_items)"
                  " + (SELECT count(*) FROM bookings) + (SELECT count(*) FROM instructions)"
                  " + (SELECT count(*) FROM appointment_types)",
                  0, error);
  return n == 0;
}

/* Returns (transfer full) the business time zone: the setting, else the
 * system's. Every "today", opening hour and slot is computed in it. */
GTimeZone *
terra_store_get_time_zone (TerraStore *self)
{
  g_autofree char *zone_name = NULL;
  GTimeZone *zone = NULL;

  g_return_val_if_fail (TERRA_IS_STORE (self), NULL);

  zone_name = terra_store_get_setting_string (self, "business.timezone");
  if (zone_name != NULL && *zone_name != '\0')
    zone = g_time_zone_new_identifier (zone_name);
  return zone != NULL ? zone : g_time_zone_new_local ();
}

/* The start of today in the business time zone, as µs since the epoch. */
static gint64
start_of_today (TerraStore *self,
                gint64      now)
{
  g_autoptr(GTimeZone) zone = terra_store_get_time_zone (self);
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (now / G_USEC_PER_SEC);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, zone);
  g_autoptr(GDateTime) midnight = g_date_time_new (zone,
                                                   g_date_time_get_year (local),
                                                   g_date_time_get_month (local),
                                                   g_date_time_get_day_of_month (local),
                                                   0, 0, 0);

  return g_date_time_to_unix (midnight) * G_USEC_PER_SEC;
}

/**
 * terra_store_get_dashboard_counts:
 * @now: the current time, µs since the epoch
 *
 * Fills @counts: conversations with activity since the start of today (in
 * the business time zone), leads qualified in the last 30 days, confirmed
 * meetings from now on, and conversations waiting for the owner.
 */
gboolean
terra_store_get_dashboard_counts (TerraStore           *self,
                                  gint64                now,
                                  TerraDashboardCounts *counts,
                                  GError              **error)
{
  g_return_val_if_fail (TERRA_IS_STORE (self), FALSE);
  g_return_val_if_fail (counts != NULL, FALSE);

  counts->conversations_today =
    count_with (self, "SELECT count(*) FROM conversations WHERE last_activity_at >= ?",
                start_of_today (self, now), error);
  if (counts->conversations_today < 0)
    return FALSE;

  counts->leads_qualified =
    count_with (self, "SELECT count(*) FROM contacts WHERE qualified_at >= ?",
                now - 30 * G_TIME_SPAN_DAY, error);
  if (counts->leads_qualified < 0)
    return FALSE;

  counts->meetings_upcoming =
    count_with (self, "SELECT count(*) FROM bookings WHERE start_utc >= ? AND status = 'confirmed'",
                now, error);
  if (counts->meetings_upcoming < 0)
    return FALSE;

  counts->open_handoffs =
    count_with (self, "SELECT count(*) FROM conversations WHERE status = 'handed-off'", 0, error);
  return counts->open_handoffs >= 0;
}
