/* terra-store-retention.c — message retention
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * "Deleted" has to mean gone: the rows, their full-text entries (the
 * messages_fts delete trigger), their analyses (ON DELETE CASCADE) and the
 * copies of their text the workspace keeps for speed — the conversation's
 * running summary and preview, and the handoff summary in the event log.
 */

#define G_LOG_DOMAIN "terra-retention"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "terra-store-private.h"
#include "terra-store-retention.h"

#define USEC_PER_DAY ((gint64)24 * 60 * 60 * G_USEC_PER_SEC)

/* Runs one statement with @cutoff bound to its only parameter. */
static gboolean
exec_with_cutoff (TerraStore  *store,
                  const char  *sql,
                  gint64       cutoff,
                  guint       *n_changed,
                  GError     **error)
{
  g_autoptr(TerraStatement) stmt = _terra_store_prepare (store, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, cutoff);
  if (!_terra_store_step_done (store, stmt, _("Could not delete old messages"), error))
    return FALSE;
  if (n_changed != NULL)
    *n_changed = sqlite3_changes (_terra_store_get_db (store));
  return TRUE;
}

gboolean
terra_store_delete_messages_before (TerraStore  *store,
                                    gint64       cutoff,
                                    guint       *n_deleted,
                                    GError     **error)
{
  guint deleted = 0;
  gboolean own;
  gboolean ok;

  g_return_val_if_fail (TERRA_IS_STORE (store), FALSE);

  if (!_terra_store_begin_joined (store, &own, error))
    return FALSE;

  /* Work still to do is not history yet: a message the assistant has not
   * answered, a reply not delivered, a draft the owner has not decided. */
  ok = exec_with_cutoff (store,
                         "DELETE FROM messages WHERE created_at < ?1"
                         " AND NOT (direction = 'inbound' AND processed_at IS NULL)"
                         " AND delivery != 'pending' AND draft != 'pending'",
                         cutoff, &deleted, error) &&
       exec_with_cutoff (store,
                         "UPDATE conversations SET summary = '', last_message_preview = ''"
                         " WHERE last_activity_at < ?1 AND (summary != '' OR last_message_preview != '')",
                         cutoff, NULL, error) &&
       exec_with_cutoff (store,
                         "UPDATE events SET payload = json_remove (payload, '$.summary', '$.text', '$.body')"
                         " WHERE created_at < ?1 AND (json_type (payload, '$.summary') IS NOT NULL"
                         "  OR json_type (payload, '$.text') IS NOT NULL OR json_type (payload, '$.body') IS NOT NULL)",
                         cutoff, NULL, error) &&
       exec_with_cutoff (store,
                         "DELETE FROM outbox WHERE created_at < ?1 AND status IN ('sent', 'dead')",
                         cutoff, NULL, error);

  if (ok && deleted > 0)
    {
      _terra_store_note_change (store, TERRA_ENTITY_MESSAGE, TERRA_CHANGE_DELETED, 0);
      _terra_store_note_change (store, TERRA_ENTITY_CONVERSATION, TERRA_CHANGE_UPDATED, 0);
    }
  if (!_terra_store_end_joined (store, own, ok, error))
    return FALSE;
  if (n_deleted != NULL)
    *n_deleted = deleted;
  return TRUE;
}

gboolean
terra_store_apply_retention (TerraStore  *store,
                             gint64       now,
                             guint       *n_deleted,
                             GError     **error)
{
  gint64 days;

  g_return_val_if_fail (TERRA_IS_STORE (store), FALSE);

  if (n_deleted != NULL)
    *n_deleted = 0;
  days = terra_store_get_setting_int (store, "privacy.retention_days");
  if (days <= 0)
    return TRUE;
  return terra_store_delete_messages_before (store, now - days * USEC_PER_DAY, n_deleted, error);
}

/* The daily job */

#define FIRST_RUN_SECONDS 60
#define PERIOD_SECONDS (24 * 60 * 60)

struct _TerraRetentionTimer
{
  TerraWorkspace *workspace;
  GMainContext   *context;
  guint           period_seconds;
  guint           source_id;
  GThread        *thread;     /* the run in progress, joined before the next */
  gboolean        running;    /* the thread is busy; only touched atomically */
};

static gpointer
retention_thread (gpointer data)
{
  TerraRetentionTimer *timer = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(TerraStore) store = terra_workspace_open_store (timer->workspace, &error);
  guint n_deleted = 0;

  if (store == NULL || !terra_store_apply_retention (store, g_get_real_time (), &n_deleted, &error))
    g_warning ("Old messages could not be deleted: %s", error->message);
  else if (n_deleted > 0)
    g_message ("Deleted %u messages older than the retention period", n_deleted);
  g_atomic_int_set (&timer->running, FALSE);
  return NULL;
}

static gboolean
retention_tick_cb (gpointer data)
{
  TerraRetentionTimer *timer = data;

  /* A run that is still busy a day later is left to finish. */
  if (g_atomic_int_get (&timer->running))
    return G_SOURCE_CONTINUE;
  g_clear_pointer (&timer->thread, g_thread_join);
  g_atomic_int_set (&timer->running, TRUE);
  timer->thread = g_thread_new ("terra-retention", retention_thread, timer);
  return G_SOURCE_CONTINUE;
}

static gboolean
retention_first_cb (gpointer data)
{
  TerraRetentionTimer *timer = data;
  GSource *source = g_timeout_source_new_seconds (timer->period_seconds);

  retention_tick_cb (timer);
  g_source_set_callback (source, retention_tick_cb, timer, NULL);
  timer->source_id = g_source_attach (source, timer->context);
  g_source_unref (source);
  return G_SOURCE_REMOVE;
}

TerraRetentionTimer *
terra_retention_timer_start (TerraWorkspace *workspace)
{
  /* Not at once: start-up has more urgent work than old messages. */
  return terra_retention_timer_start_full (workspace, FIRST_RUN_SECONDS, PERIOD_SECONDS);
}

TerraRetentionTimer *
terra_retention_timer_start_full (TerraWorkspace *workspace,
                                  guint           first_seconds,
                                  guint           period_seconds)
{
  TerraRetentionTimer *timer;
  GSource *source;

  g_return_val_if_fail (TERRA_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (period_seconds > 0, NULL);

  timer = g_new0 (TerraRetentionTimer, 1);
  timer->workspace = g_object_ref (workspace);
  timer->context = g_main_context_ref_thread_default ();
  timer->period_seconds = period_seconds;
  source = g_timeout_source_new_seconds (first_seconds);
  g_source_set_callback (source, retention_first_cb, timer, NULL);
  timer->source_id = g_source_attach (source, timer->context);
  g_source_unref (source);
  return timer;
}

void
terra_retention_timer_stop (TerraRetentionTimer *timer)
{
  GSource *source;

  if (timer == NULL)
    return;
  source = g_main_context_find_source_by_id (timer->context, timer->source_id);
  if (source != NULL)
    g_source_destroy (source);
  g_clear_pointer (&timer->thread, g_thread_join);
  g_main_context_unref (timer->context);
  g_object_unref (timer->workspace);
  g_free (timer);
}
