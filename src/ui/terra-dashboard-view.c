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
 * over, and by one more at the next opening or closing time when the
 * assistant answers only in opening hours. Nothing polls.
 *
 * On top sits the assistant's hero (status, hours, activity, the switch
 * that pauses it, quick actions); under the counters, four metric cards
 * over the last METRIC_DAYS days, each against the METRIC_DAYS before.
 */

#define G_LOG_DOMAIN "terra-dashboard"

#include "config.h"

#include <glib/gi18n.h>

#include "terra-assistant-hero.h"
#include "terra-dashboard-view.h"
#include "terra-metrics.h"
#include "terra-application.h"

/* Long enough to gather the events of one transaction and the ones right
 * after it, short enough that the counters feel live. */
#define REFRESH_DELAY_MS 250

/* The metric cards' period; the change is against the same length before. */
#define METRIC_DAYS 30

/* The counters count up to a new value in this long (none with reduced
 * motion: AdwAnimation then jumps to the end by itself). */
#define COUNT_UP_MS 600

/* What one query found; built on the worker thread, read on the main one. */
typedef struct
{
  gboolean              is_empty;
  TerraDashboardCounts  counts;
  char                 *business_name;
  gint64                next_midnight; /* µs since the epoch; or the next opening/closing */

  /* The assistant, for the hero. */
  char                 *assistant_name;
  char                 *away_message;
  char                 *hours;          /* "Mon–Fri 09:00–17:00" */
  char                 *fallback_reason;/* of the latest reply; NULL when it used the provider */
  gboolean              enabled;
  gboolean              working_hours_only;
  gboolean              open_now;
  gint64                handling;

  /* The period and the two periods together (terra_store_get_metrics()
   * counts from a start onwards, so the previous one is the difference). */
  TerraMetrics          period;
  TerraMetrics          both;
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
  TerraAssistantHero *hero;
  GtkLabel        *total_metric;
  GtkLabel        *total_change;
  GtkLabel        *qualification_metric;
  GtkLabel        *qualification_change;
  GtkLabel        *appointments_metric;
  GtkLabel        *appointments_change;
  GtkLabel        *conversion_metric;
  GtkLabel        *conversion_change;

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

  /* What the last snapshot said, for the switch's confirmation. */
  gboolean         enabled;
  char            *away_message;
  gboolean         updating_switch;
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
  g_free (snapshot->assistant_name);
  g_free (snapshot->away_message);
  g_free (snapshot->hours);
  g_free (snapshot->fallback_reason);
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

/* Conversations the assistant answers that are open and were active in
 * the last 24 hours. */
static gint64
count_handling (TerraStore *store,
                gint64      now)
{
  g_autoptr(TerraQuery) query = terra_query_new (TERRA_TYPE_CONVERSATION);

  terra_query_where_text (query, "responder", TERRA_QUERY_EQ, "assistant");
  terra_query_where_text (query, "status", TERRA_QUERY_NE, "closed");
  terra_query_where_int (query, "last_activity_at", TERRA_QUERY_GE, now - G_TIME_SPAN_DAY);
  return MAX (0, terra_store_count (store, query, NULL));
}

/* Why the latest reply came from the fallback instead of the provider,
 * or NULL when it did not (or there is no reply yet). */
static char *
latest_fallback_reason (TerraStore *store)
{
  g_autoptr(TerraQuery) query = terra_query_new (TERRA_TYPE_EVENT_RECORD);
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;
  const char *reason;

  terra_query_where_text (query, "kind", TERRA_QUERY_EQ, "assistant.replied");
  terra_query_order_by (query, "id", TRUE);
  terra_query_set_range (query, 0, 1);
  events = terra_store_list (store, query, NULL);
  if (events == NULL || events->len == 0)
    return NULL;
  if (!json_parser_load_from_data (parser, terra_event_record_get_payload (g_ptr_array_index (events, 0)), -1, NULL))
    return NULL;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  reason = json_object_get_string_member_with_default (json_node_get_object (root), "fallback_reason", NULL);
  return reason != NULL && *reason != '\0' ? g_strdup (reason) : NULL;
}

static const char *
weekday_name (int weekday)
{
  static const char * const names[] = {
    N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat"), N_("Sun")
  };

  return _(names[CLAMP (weekday, 1, 7) - 1]);
}

/* The week's opening hours in a line: days with the same ranges in a row
 * are told once ("Mon–Fri 09:00–17:00 · Sat 10:00–14:00"). Also gathers
 * the minutes at which any range starts or ends into @boundaries. */
static char *
describe_hours (GArray *hours,
                GArray *boundaries)
{
  char *day_ranges[8] = { NULL };
  GString *text = g_string_new (NULL);

  for (int day = 1; day <= 7; day++)
    {
      GString *ranges = g_string_new (NULL);

      for (guint i = 0; hours != NULL && i < hours->len; i++)
        {
          TerraOpeningRange *range = &g_array_index (hours, TerraOpeningRange, i);

          if (range->weekday != day)
            continue;
          g_string_append_printf (ranges, "%s%02d:%02d–%02d:%02d", ranges->len > 0 ? ", " : "",
                                  range->start_minute / 60, range->start_minute % 60,
                                  range->end_minute / 60, range->end_minute % 60);
          g_array_append_val (boundaries, range->start_minute);
          g_array_append_val (boundaries, range->end_minute);
        }
      day_ranges[day] = g_string_free (ranges, FALSE);
    }

  for (int day = 1; day <= 7;)
    {
      int last = day;

      while (last < 7 && g_strcmp0 (day_ranges[last + 1], day_ranges[day]) == 0)
        last++;
      if (*day_ranges[day] != '\0')
        {
          if (text->len > 0)
            g_string_append (text, " · ");
          if (last == day)
            g_string_append_printf (text, "%s %s", weekday_name (day), day_ranges[day]);
          else
            g_string_append_printf (text, "%s–%s %s", weekday_name (day), weekday_name (last), day_ranges[day]);
        }
      day = last + 1;
    }

  for (int day = 1; day <= 7; day++)
    g_free (day_ranges[day]);
  return g_string_free (text, FALSE);
}

/* The first instant after @now, today or tomorrow, at one of the
 * @boundaries minutes: the soonest the business may open or close. */
static gint64
next_boundary (GTimeZone *zone,
               gint64     now,
               GArray    *boundaries)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (now / G_USEC_PER_SEC);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, zone);
  gint64 best = G_MAXINT64;

  for (int offset = 0; offset <= 1; offset++)
    {
      g_autoptr(GDateTime) day = g_date_time_add_days (local, offset);

      for (guint i = 0; i < boundaries->len; i++)
        {
          int minute = g_array_index (boundaries, int, i);
          g_autoptr(GDateTime) at = NULL;
          gint64 instant;

          if (minute >= 24 * 60)
            continue;
          at = g_date_time_new (zone, g_date_time_get_year (day), g_date_time_get_month (day),
                                g_date_time_get_day_of_month (day), minute / 60, minute % 60, 0);
          instant = at != NULL ? g_date_time_to_unix (at) * G_USEC_PER_SEC : G_MAXINT64;
          if (instant > now && instant < best)
            best = instant;
        }
    }
  return best;
}

static void
query_assistant (TerraStore        *store,
                 GTimeZone         *zone,
                 gint64             now,
                 DashboardSnapshot *snapshot)
{
  g_autoptr(GArray) hours = terra_store_get_opening_hours (store, NULL);
  g_autoptr(GArray) boundaries = g_array_new (FALSE, FALSE, sizeof (int));
  g_autoptr(GPtrArray) overrides = NULL;
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (now / G_USEC_PER_SEC);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, zone);
  GDate today, tomorrow;

  snapshot->assistant_name = terra_store_get_setting_string (store, "assistant.name");
  snapshot->away_message = terra_store_get_setting_string (store, "assistant.away_message");
  snapshot->enabled = terra_store_get_setting_boolean (store, "assistant.enabled");
  snapshot->working_hours_only = terra_store_get_setting_boolean (store, "assistant.working_hours_only");
  snapshot->open_now = terra_store_is_open_at (store, now);
  snapshot->hours = describe_hours (hours, boundaries);
  snapshot->handling = count_handling (store, now);
  snapshot->fallback_reason = latest_fallback_reason (store);

  /* Special days have their own times to wake up at. */
  g_date_clear (&today, 1);
  g_date_set_dmy (&today, g_date_time_get_day_of_month (local), g_date_time_get_month (local),
                  g_date_time_get_year (local));
  tomorrow = today;
  g_date_add_days (&tomorrow, 1);
  overrides = terra_store_list_day_overrides (store, &today, &tomorrow, NULL);
  for (guint i = 0; overrides != NULL && i < overrides->len; i++)
    {
      TerraDayOverride *day = g_ptr_array_index (overrides, i);

      if (!day->closed)
        {
          g_array_append_val (boundaries, day->start_minute);
          g_array_append_val (boundaries, day->end_minute);
        }
    }

  if (snapshot->working_hours_only)
    snapshot->next_midnight = MIN (snapshot->next_midnight, next_boundary (zone, now, boundaries));
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

  if (!snapshot->is_empty &&
      (!terra_store_get_metrics (worker->store, now, METRIC_DAYS, &snapshot->period, error) ||
       !terra_store_get_metrics (worker->store, now, 2 * METRIC_DAYS, &snapshot->both, error)))
    return NULL;

  snapshot->business_name = terra_store_get_setting_string (worker->store, "business.name");
  zone = terra_store_get_time_zone (worker->store);
  snapshot->next_midnight = next_midnight (zone, now);
  query_assistant (worker->store, zone, now, snapshot);

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
count_up_cb (double   value,
             gpointer user_data)
{
  g_autofree char *text = g_strdup_printf ("%.0f", value);

  /* A label names itself after its text; the counter keeps its own name. */
  gtk_label_set_label (GTK_LABEL (user_data), text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (user_data),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  g_object_get_data (G_OBJECT (user_data), "terra-accessible-name"),
                                  -1);
}

static void
show_count (GtkLabel   *label,
            const char *number,
            const char *accessible_name)
{
  const char *shown = gtk_label_get_label (label);
  AdwAnimation *animation = g_object_get_data (G_OBJECT (label), "terra-count-up");
  double from = g_ascii_strtod (shown, NULL);
  double to = g_ascii_strtod (number, NULL);

  /* The accessible name has the final figure at once; only the eyes get
   * the short count up to it. */
  g_object_set_data_full (G_OBJECT (label), "terra-accessible-name", g_strdup (accessible_name), g_free);
  if (animation == NULL)
    {
      AdwAnimationTarget *target = adw_callback_animation_target_new (count_up_cb, label, NULL);

      animation = adw_timed_animation_new (GTK_WIDGET (label), 0, 0, COUNT_UP_MS, target);
      adw_timed_animation_set_easing (ADW_TIMED_ANIMATION (animation), ADW_EASE_OUT_CUBIC);
      g_object_set_data_full (G_OBJECT (label), "terra-count-up", animation, g_object_unref);
    }
  else
    adw_animation_skip (animation);

  if (from == to || !gtk_widget_get_mapped (GTK_WIDGET (label)))
    {
      count_up_cb (to, label);
      return;
    }
  adw_timed_animation_set_value_from (ADW_TIMED_ANIMATION (animation), from);
  adw_timed_animation_set_value_to (ADW_TIMED_ANIMATION (animation), to);
  adw_animation_play (animation);
}

/* "+12 %" against the previous period; "+3 pts" for a rate. */
static char *
describe_change (double   now,
                 double   before,
                 gboolean is_rate)
{
  if (is_rate)
    return g_strdup_printf (_("%+.0f pts vs previous %d days"), now - before, METRIC_DAYS);
  if (before <= 0)
    return now > 0 ? g_strdup_printf (_("new vs previous %d days"), METRIC_DAYS)
                   : g_strdup_printf (_("no change vs previous %d days"), METRIC_DAYS);
  return g_strdup_printf (_("%+.0f %% vs previous %d days"), (now - before) * 100.0 / before, METRIC_DAYS);
}

static double
rate (gint64 part,
      gint64 whole)
{
  return whole > 0 ? part * 100.0 / whole : 0.0;
}

/* One metric card: its figure and its change, read together by a screen
 * reader as "@title: figure, change". */
static void
show_metric (GtkLabel   *value_label,
             GtkLabel   *change_label,
             const char *title,
             double      now,
             double      before,
             gboolean    is_rate)
{
  g_autofree char *value = is_rate ? g_strdup_printf ("%.0f %%", now) : g_strdup_printf ("%.0f", now);
  g_autofree char *change = describe_change (now, before, is_rate);
  g_autofree char *accessible = g_strdup_printf ("%s: %s, %s", title, value, change);

  gtk_label_set_label (value_label, value);
  gtk_label_set_label (change_label, change);
  gtk_widget_remove_css_class (GTK_WIDGET (change_label), "up");
  gtk_widget_remove_css_class (GTK_WIDGET (change_label), "down");
  if (now > before)
    gtk_widget_add_css_class (GTK_WIDGET (change_label), "up");
  else if (now < before)
    gtk_widget_add_css_class (GTK_WIDGET (change_label), "down");
  gtk_accessible_update_property (GTK_ACCESSIBLE (value_label),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);
}

/* Total conversations (started in the period), qualification rate (leads
 * qualified per conversation started), appointments scheduled, and
 * conversion rate (bookings kept, not cancelled, per conversation
 * started). */
static void
show_metrics (TerraDashboardView  *self,
              const TerraMetrics  *period,
              const TerraMetrics  *both)
{
  gint64 started = period->conversations_started;
  gint64 started_before = both->conversations_started - started;
  gint64 qualified_before = both->leads_qualified - period->leads_qualified;
  gint64 booked_before = both->meetings_scheduled - period->meetings_scheduled;
  gint64 kept = period->meetings_scheduled - period->meetings_cancelled;
  gint64 kept_before = booked_before - (both->meetings_cancelled - period->meetings_cancelled);

  show_metric (self->total_metric, self->total_change, _("Total conversations"),
               started, started_before, FALSE);
  show_metric (self->qualification_metric, self->qualification_change, _("Qualification rate"),
               rate (period->leads_qualified, started), rate (qualified_before, started_before), TRUE);
  show_metric (self->appointments_metric, self->appointments_change, _("Appointments scheduled"),
               period->meetings_scheduled, booked_before, FALSE);
  show_metric (self->conversion_metric, self->conversion_change, _("Conversion rate"),
               rate (kept, started), rate (kept_before, started_before), TRUE);
}

static void
show_assistant (TerraDashboardView      *self,
                const DashboardSnapshot *snapshot)
{
  GApplication *app = g_application_get_default ();
  TerraRuntime *runtime = TERRA_IS_APPLICATION (app) ? terra_application_get_runtime (TERRA_APPLICATION (app)) : NULL;
  const char *problem = runtime != NULL ? terra_runtime_get_problem (runtime) : NULL;

  terra_assistant_hero_set_name (self->hero, snapshot->assistant_name);
  terra_assistant_hero_set_hours (self->hero, snapshot->working_hours_only, snapshot->hours);
  terra_assistant_hero_set_handling (self->hero, snapshot->handling);
  terra_assistant_hero_set_first_response (self->hero, snapshot->period.first_response_median_us);
  terra_assistant_hero_set_started_at (self->hero,
                                       runtime != NULL ? terra_runtime_get_started_at (runtime) : 0);

  self->updating_switch = TRUE;
  terra_assistant_hero_set_enabled (self->hero, snapshot->enabled);
  self->updating_switch = FALSE;
  self->enabled = snapshot->enabled;
  g_free (self->away_message);
  self->away_message = g_strdup (snapshot->away_message);

  if (!snapshot->enabled)
    terra_assistant_hero_set_status (self->hero, TERRA_HERO_PAUSED,
                                     snapshot->away_message != NULL && *snapshot->away_message != '\0'
                                     ? _("Leads get your outside-hours reply once")
                                     : _("Leads get no answer"));
  else if (snapshot->working_hours_only && !snapshot->open_now)
    terra_assistant_hero_set_status (self->hero, TERRA_HERO_OUTSIDE_HOURS, NULL);
  else if (snapshot->fallback_reason != NULL)
    terra_assistant_hero_set_status (self->hero, TERRA_HERO_PROVIDER_FAILING, snapshot->fallback_reason);
  else if (problem != NULL)
    terra_assistant_hero_set_status (self->hero, TERRA_HERO_SERVICE_OFF, problem);
  else
    terra_assistant_hero_set_status (self->hero, TERRA_HERO_ONLINE, NULL);
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
  show_assistant (self, snapshot);
  if (snapshot->is_empty)
    {
      show_page (self, "empty");
    }
  else
    {
      gboolean named = snapshot->business_name != NULL && *snapshot->business_name != '\0';

      gtk_label_set_label (self->heading_label, named ? snapshot->business_name : _("Overview"));
      show_counts (self, &snapshot->counts);
      show_metrics (self, &snapshot->period, &snapshot->both);
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
set_enabled (TerraDashboardView *self,
             gboolean            enabled)
{
  g_autoptr(JsonNode) node = json_node_init_boolean (json_node_alloc (), enabled);
  g_autoptr(GError) error = NULL;

  if (self->workspace == NULL ||
      !terra_store_set_setting (terra_workspace_get_store (self->workspace), "assistant.enabled", node, &error))
    {
      g_warning ("Could not switch the assistant: %s", error != NULL ? error->message : "no workspace");
      enabled = self->enabled;
    }

  self->updating_switch = TRUE;
  terra_assistant_hero_set_enabled (self->hero, enabled);
  self->updating_switch = FALSE;
}

static void
confirm_response_cb (TerraDashboardView *self,
                     const char         *response,
                     AdwMessageDialog   *dialog)
{
  gboolean enable = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (dialog), "terra-enable"));

  set_enabled (self, g_strcmp0 (response, "switch") == 0 ? enable : self->enabled);
}

/* What switching will do, said before it is done. */
static gboolean
switch_state_set_cb (TerraDashboardView *self,
                     gboolean            state,
                     GtkSwitch          *sw)
{
  GtkWidget *dialog;
  g_autofree char *body = NULL;
  gboolean has_away = self->away_message != NULL && *self->away_message != '\0';

  if (self->updating_switch)
    return FALSE;

  if (state)
    body = g_strdup (_("The assistant will answer new messages from leads again, and qualify and book them as before."));
  else if (has_away)
    body = g_strdup_printf (_("Leads will get your away message (“%s”) once, and no other answer until you turn the assistant back on. Conversations stay open for you to answer yourself."),
                            self->away_message);
  else
    body = g_strdup (_("Leads will get no answer at all until you turn the assistant back on: there is no away message set. Conversations stay open for you to answer yourself."));

  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                   state ? _("Turn the Assistant On?") : _("Pause the Assistant?"),
                                   body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "switch", state ? _("_Turn On") : _("_Pause"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "switch",
                                              state ? ADW_RESPONSE_SUGGESTED : ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), "terra-enable", GINT_TO_POINTER (state));
  g_signal_connect_object (dialog, "response", G_CALLBACK (confirm_response_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));

  /* The switch holds its old state until the owner answers. */
  return TRUE;
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
  g_clear_pointer (&self->away_message, g_free);

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
  gtk_widget_class_bind_template_child (widget_class, TerraDashboardView, hero);
  gtk_widget_class_bind_template_child (widget_class, TerraDashboardView, total_metric);
  gtk_widget_class_bind_template_child (widget_class, TerraDashboardView, total_change);
  gtk_widget_class_bind_template_child (widget_class, TerraDashboardView, qualification_metric);
  gtk_widget_class_bind_template_child (widget_class, TerraDashboardView, qualification_change);
  gtk_widget_class_bind_template_child (widget_class, TerraDashboardView, appointments_metric);
  gtk_widget_class_bind_template_child (widget_class, TerraDashboardView, appointments_change);
  gtk_widget_class_bind_template_child (widget_class, TerraDashboardView, conversion_metric);
  gtk_widget_class_bind_template_child (widget_class, TerraDashboardView, conversion_change);
}

static void
terra_dashboard_view_init (TerraDashboardView *self)
{
  g_type_ensure (TERRA_TYPE_ASSISTANT_HERO);
  gtk_widget_init_template (GTK_WIDGET (self));
  self->enabled = TRUE;
  g_signal_connect_object (terra_assistant_hero_get_switch (self->hero), "state-set",
                           G_CALLBACK (switch_state_set_cb), self, G_CONNECT_SWAPPED);
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
