/* terra-dashboard-view.c — the Dashboard: the workspace's counters at a
 * glance, or an honest empty state
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The counts come from the database, so they are never computed on the
 * main thread: the view owns a thread pool of one exclusive thread that
 * keeps its own connection to the workspace, and every refresh is a GTask
 * queued to it. Results come back to the main thread through the task's
 * callback.
 *
 * A refresh is asked for by any committed change (gathered for
 * REFRESH_DELAY_MS, so a burst of events costs one query) and by one timer
 * at the next midnight of the business time zone, when "today" starts
 * over. Nothing polls.
 */

#define G_LOG_DOMAIN "terra-dashboard"

#include "config.h"

#include <glib/gi18n.h>

#include "terra-dashboard-view.h"

/* Long enough to gather the events of one transaction and the ones right
 * after it, short enough that the counters feel live. */
#define REFRESH_DELAY_MS 250

/* What one query found; built on the worker thread, read on the main one. */
typedef struct
{
  gboolean              is_empty;
  TerraDashboardCounts  counts;
  char                 *business_name;
  gint64                next_midnight; /* µs since the epoch */
} DashboardSnapshot;

/* The worker's state. Only the pool's single thread touches store;
 * workspace is set before the pool starts and never changes after. */
typedef struct
{
  TerraWorkspace *workspace;
  TerraStore     *store;
} DashboardWorker;

struct _TerraDashboardView
{
  GtkWidget        parent_instance;

  /* Template widgets */
  GtkStack        *stack;
  GtkLabel        *heading_label;
  GtkLabel        *conversations_value;
  GtkLabel        *leads_value;
  GtkLabel        *meetings_value;
  GtkLabel        *handoffs_value;
  GtkWidget       *handoffs_card;

  /* Owned */
  TerraWorkspace  *workspace;
  GThreadPool     *pool;
  DashboardWorker *worker;
  GCancellable    *cancellable;
  guint            refresh_source;
  guint            midnight_source;

  /* One query at a time; a refresh asked for meanwhile runs after it. */
  gboolean         query_running;
  gboolean         query_again;
};

G_DEFINE_FINAL_TYPE (TerraDashboardView, terra_dashboard_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_WORKSPACE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void start_query (TerraDashboardView *self);

static void
dashboard_snapshot_free (DashboardSnapshot *snapshot)
{
  g_free (snapshot->business_name);
  g_free (snapshot);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DashboardSnapshot, dashboard_snapshot_free)

/* The first instant of tomorrow in @zone, as µs since the epoch. */
static gint64
next_midnight (GTimeZone *zone,
               gint64     now)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GDateTime) today = NULL;
  g_autoptr(GDateTime) tomorrow = NULL;

  utc = g_date_time_new_from_unix_utc (now / G_USEC_PER_SEC);
  local = g_date_time_to_timezone (utc, zone);
  today = g_date_time_new (zone,
                           g_date_time_get_year (local),
                           g_date_time_get_month (local),
                           g_date_time_get_day_of_month (local),
                           0, 0, 0);
  /* Adding a day, not 24 hours, keeps midnight on days that change to or
   * from summer time. */
  tomorrow = g_date_time_add_days (today, 1);

  return g_date_time_to_unix (tomorrow) * G_USEC_PER_SEC;
}

static DashboardSnapshot *
dashboard_worker_query (DashboardWorker  *worker,
                        GError          **error)
{
  g_autoptr(DashboardSnapshot) snapshot = g_new0 (DashboardSnapshot, 1);
  g_autoptr(GTimeZone) zone = NULL;
  GError *local_error = NULL;
  gint64 now = g_get_real_time ();

  g_assert (worker != NULL);

  if (worker->store == NULL)
    {
      worker->store = terra_workspace_open_store (worker->workspace, error);
      if (worker->store == NULL)
        return NULL;
    }

  snapshot->is_empty = terra_store_is_empty (worker->store, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }

  if (!snapshot->is_empty &&
      !terra_store_get_dashboard_counts (worker->store, now, &snapshot->counts, error))
    return NULL;

  snapshot->business_name = terra_store_get_setting_string (worker->store, "business.name");
  zone = terra_store_get_time_zone (worker->store);
  snapshot->next_midnight = next_midnight (zone, now);

  return g_steal_pointer (&snapshot);
}

/* Runs on the pool's thread, one task at a time. */
static void
dashboard_worker_run (gpointer data,
                      gpointer user_data)
{
  g_autoptr(GTask) task = data;
  DashboardWorker *worker = user_data;
  g_autoptr(GError) error = NULL;
  DashboardSnapshot *snapshot;

  if (g_task_return_error_if_cancelled (task))
    return;

  snapshot = dashboard_worker_query (worker, &error);
  if (snapshot == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, snapshot, (GDestroyNotify)dashboard_snapshot_free);
}

static void
start_worker (TerraDashboardView *self)
{
  g_autoptr(GError) error = NULL;

  g_assert (self->pool == NULL);
  g_assert (self->workspace != NULL);

  self->cancellable = g_cancellable_new ();
  self->worker = g_new0 (DashboardWorker, 1);
  self->worker->workspace = g_object_ref (self->workspace);

  /* Exclusive, so the connection stays on the one thread that opened it. */
  self->pool = g_thread_pool_new_full (dashboard_worker_run, self->worker,
                                       g_object_unref, 1, TRUE, &error);
  if (self->pool == NULL)
    g_warning ("Could not start the dashboard’s worker thread: %s", error->message);
}

/* Cancels what is queued, waits for the query in progress (one short
 * query at most) and closes the worker's connection. */
static void
stop_worker (TerraDashboardView *self)
{
  g_cancellable_cancel (self->cancellable);

  if (self->pool != NULL)
    g_thread_pool_free (g_steal_pointer (&self->pool), FALSE, TRUE);

  if (self->worker != NULL)
    {
      g_clear_object (&self->worker->store);
      g_clear_object (&self->worker->workspace);
      g_clear_pointer (&self->worker, g_free);
    }

  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->refresh_source, g_source_remove);
  g_clear_handle_id (&self->midnight_source, g_source_remove);
  self->query_running = FALSE;
  self->query_again = FALSE;
}

/* Shows @number as the visible text and names the label after its card
 * (@accessible_name), so a screen reader says what the number counts. */
static void
show_count (GtkLabel   *label,
            const char *number,
            const char *accessible_name)
{
  gtk_label_set_label (label, number);
  gtk_accessible_update_property (GTK_ACCESSIBLE (label),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible_name,
                                  -1);
}

static void
show_counts (TerraDashboardView         *self,
             const TerraDashboardCounts *counts)
{
  g_autofree char *conversations = g_strdup_printf ("%" G_GINT64_FORMAT, counts->conversations_today);
  g_autofree char *leads = g_strdup_printf ("%" G_GINT64_FORMAT, counts->leads_qualified);
  g_autofree char *meetings = g_strdup_printf ("%" G_GINT64_FORMAT, counts->meetings_upcoming);
  g_autofree char *handoffs = g_strdup_printf ("%" G_GINT64_FORMAT, counts->open_handoffs);
  g_autofree char *conversations_name = g_strdup_printf (_("Conversations today: %s"), conversations);
  g_autofree char *leads_name = g_strdup_printf (_("Leads qualified: %s"), leads);
  g_autofree char *meetings_name = g_strdup_printf (_("Meetings scheduled: %s"), meetings);
  g_autofree char *handoffs_name = g_strdup_printf (_("Open handoffs: %s"), handoffs);

  show_count (self->conversations_value, conversations, conversations_name);
  show_count (self->leads_value, leads, leads_name);
  show_count (self->meetings_value, meetings, meetings_name);
  show_count (self->handoffs_value, handoffs, handoffs_name);

  if (counts->open_handoffs > 0)
    gtk_widget_add_css_class (self->handoffs_card, "attention");
  else
    gtk_widget_remove_css_class (self->handoffs_card, "attention");
}

static void
show_page (TerraDashboardView *self,
           const char         *name)
{
  GtkWidget *page = gtk_stack_get_child_by_name (self->stack, name);

  g_assert (page != NULL);

  gtk_stack_set_visible_child (self->stack, page);

  /* GTK 4.8 presents the pages a GtkStack does not show to AT-SPI like the
   * shown one (and marks none "showing"), so a screen reader would read
   * the empty state under the counters. Hide them from it explicitly. */
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->stack));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    gtk_accessible_update_state (GTK_ACCESSIBLE (child),
                                 GTK_ACCESSIBLE_STATE_HIDDEN, child != page,
                                 -1);
}

static gboolean
midnight_cb (gpointer user_data)
{
  TerraDashboardView *self = user_data;

  self->midnight_source = 0;
  start_query (self);
  return G_SOURCE_REMOVE;
}

/* One timer, re-armed after every query, so the business time zone can
 * change under it. */
static void
schedule_midnight (TerraDashboardView *self,
                   gint64              next_midnight_us)
{
  gint64 seconds = (next_midnight_us - g_get_real_time ()) / G_USEC_PER_SEC;

  g_clear_handle_id (&self->midnight_source, g_source_remove);
  /* A second late rather than early, so that the query sees the new day. */
  self->midnight_source = g_timeout_add_seconds (CLAMP (seconds + 1, 1, 2 * 24 * 60 * 60),
                                                 midnight_cb, self);
}

static void
apply_snapshot (TerraDashboardView      *self,
                const DashboardSnapshot *snapshot)
{
  if (snapshot->is_empty)
    {
      show_page (self, "empty");
    }
  else
    {
      gboolean named = snapshot->business_name != NULL && *snapshot->business_name != '\0';

      gtk_label_set_label (self->heading_label, named ? snapshot->business_name : _("Overview"));
      show_counts (self, &snapshot->counts);
      show_page (self, "counters");
    }

  schedule_midnight (self, snapshot->next_midnight);
}

static void
query_done_cb (GObject      *source_object,
               GAsyncResult *result,
               gpointer      user_data)
{
  GWeakRef *weak = user_data;
  g_autoptr(TerraDashboardView) self = g_weak_ref_get (weak);
  g_autoptr(DashboardSnapshot) snapshot = NULL;
  g_autoptr(GError) error = NULL;

  g_weak_ref_clear (weak);
  g_free (weak);

  snapshot = g_task_propagate_pointer (G_TASK (result), &error);

  /* Gone, or a task of a worker stopped since: nothing to show it in. */
  if (self == NULL || g_task_get_cancellable (G_TASK (result)) != self->cancellable)
    return;

  self->query_running = FALSE;

  if (snapshot != NULL)
    apply_snapshot (self, snapshot);
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_warning ("Could not count the dashboard: %s", error->message);

  if (self->query_again)
    {
      self->query_again = FALSE;
      start_query (self);
    }
}

static void
start_query (TerraDashboardView *self)
{
  g_autoptr(GError) error = NULL;
  GWeakRef *weak;
  GTask *task;

  g_assert (TERRA_IS_DASHBOARD_VIEW (self));

  if (self->pool == NULL)
    return;

  if (self->query_running)
    {
      self->query_again = TRUE;
      return;
    }

  /* The task holds no reference on the view: a view disposed meanwhile
   * drops the result instead of being kept alive by it. */
  weak = g_new0 (GWeakRef, 1);
  g_weak_ref_init (weak, self);
  task = g_task_new (NULL, self->cancellable, query_done_cb, weak);
  g_task_set_source_tag (task, start_query);
  g_task_set_name (task, "[terra] dashboard counts");

  self->query_running = TRUE;
  if (!g_thread_pool_push (self->pool, task, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
    }
}

static gboolean
refresh_timeout_cb (gpointer user_data)
{
  TerraDashboardView *self = user_data;

  self->refresh_source = 0;
  start_query (self);
  return G_SOURCE_REMOVE;
}

static void
workspace_changed_cb (TerraDashboardView *self,
                      TerraEntity         entity,
                      TerraChangeKind     kind,
                      gint64              id)
{
  g_assert (TERRA_IS_DASHBOARD_VIEW (self));

  /* The first change of a burst arms the timer; the rest ride along. */
  if (self->refresh_source == 0)
    self->refresh_source = g_timeout_add (REFRESH_DELAY_MS, refresh_timeout_cb, self);
}

static void
terra_dashboard_view_dispose (GObject *object)
{
  TerraDashboardView *self = (TerraDashboardView *)object;

  stop_worker (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), TERRA_TYPE_DASHBOARD_VIEW);

  G_OBJECT_CLASS (terra_dashboard_view_parent_class)->dispose (object);
}

static void
terra_dashboard_view_finalize (GObject *object)
{
  TerraDashboardView *self = (TerraDashboardView *)object;

  g_clear_object (&self->workspace);

  G_OBJECT_CLASS (terra_dashboard_view_parent_class)->finalize (object);
}

static void
terra_dashboard_view_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  TerraDashboardView *self = TERRA_DASHBOARD_VIEW (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      g_value_set_object (value, self->workspace);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
terra_dashboard_view_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  TerraDashboardView *self = TERRA_DASHBOARD_VIEW (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      terra_dashboard_view_set_workspace (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
terra_dashboard_view_class_init (TerraDashboardViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = terra_dashboard_view_dispose;
  object_class->finalize = terra_dashboard_view_finalize;
  object_class->get_property = terra_dashboard_view_get_property;
  object_class->set_property = terra_dashboard_view_set_property;

  /**
   * TerraDashboardView:workspace:
   *
   * The workspace whose counters the view shows.
   */
  properties[PROP_WORKSPACE] =
    g_param_spec_object ("workspace", NULL, NULL,
                         TERRA_TYPE_WORKSPACE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "dashboard");
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/terrasales/Terra/ui/terra-dashboard-view.ui");
  gtk_widget_class_bind_template_child (widget_class, TerraDashboardView, stack);
  gtk_widget_class_bind_template_child (widget_class, TerraDashboardView, heading_label);
  gtk_widget_class_bind_template_child (widget_class, TerraDashboardView, conversations_value);
  gtk_widget_class_bind_template_child (widget_class, TerraDashboardView, leads_value);
  gtk_widget_class_bind_template_child (widget_class, TerraDashboardView, meetings_value);
  gtk_widget_class_bind_template_child (widget_class, TerraDashboardView, handoffs_value);
  gtk_widget_class_bind_template_child (widget_class, TerraDashboardView, handoffs_card);
}

static void
terra_dashboard_view_init (TerraDashboardView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  show_page (self, "loading");
}

/* Creates a Dashboard showing @workspace (which may be NULL, to be set
 * later with terra_dashboard_view_set_workspace()). */
GtkWidget *
terra_dashboard_view_new (TerraWorkspace *workspace)
{
  g_return_val_if_fail (workspace == NULL || TERRA_IS_WORKSPACE (workspace), NULL);

  return g_object_new (TERRA_TYPE_DASHBOARD_VIEW,
                       "workspace", workspace,
                       NULL);
}

/* The workspace shown; the view keeps its own reference. */
TerraWorkspace *
terra_dashboard_view_get_workspace (TerraDashboardView *self)
{
  g_return_val_if_fail (TERRA_IS_DASHBOARD_VIEW (self), NULL);

  return self->workspace;
}

/* Shows @workspace: starts a worker with its own connection to it, follows
 * its change events and counts at once. */
void
terra_dashboard_view_set_workspace (TerraDashboardView *self,
                                    TerraWorkspace     *workspace)
{
  g_return_if_fail (TERRA_IS_DASHBOARD_VIEW (self));
  g_return_if_fail (workspace == NULL || TERRA_IS_WORKSPACE (workspace));

  if (self->workspace == workspace)
    return;

  if (self->workspace != NULL)
    {
      stop_worker (self);
      g_signal_handlers_disconnect_by_func (terra_workspace_get_notifier (self->workspace),
                                            workspace_changed_cb, self);
    }

  g_set_object (&self->workspace, workspace);
  show_page (self, "loading");

  if (workspace != NULL)
    {
      g_signal_connect_object (terra_workspace_get_notifier (workspace), "changed",
                               G_CALLBACK (workspace_changed_cb), self,
                               G_CONNECT_SWAPPED);
      start_worker (self);
      start_query (self);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WORKSPACE]);
}
