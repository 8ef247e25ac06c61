/* terra-insights-view.c — Insights: charts of what the assistant did over
 * a period, and their export
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * As on the Dashboard, the figures are never computed on the main thread:
 * the view owns a pool of one exclusive thread with its own connection to
 * the workspace. Every period, channel or data change queues a request
 * with a cancellable of its own and cancels the one before, so a stale
 * request still queued is skipped and a stale result is dropped; the
 * window never waits. Committed changes are gathered for REFRESH_DELAY_MS.
 */

#define G_LOG_DOMAIN "terra-insights"

#include "config.h"

#include <math.h>
#include <glib/gi18n.h>
#include <adwaita.h>

#include "terra-chart-canvas.h"
#include "terra-csv.h"
#include "terra-insights.h"
#include "terra-insights-view.h"

/* Longer than the Dashboard's: the charts read more, and a burst of
 * messages should cost one query. */
#define REFRESH_DELAY_MS 1000

static const int period_days[] = { 1, 7, 30, 90 };
#define CUSTOM_PERIOD G_N_ELEMENTS (period_days)

/* The channel filter's rows, after "All channels". */
static const char *const channel_names[] = { "whatsapp", "sms", "webchat", "telegram", "api" };

typedef struct
{
  int     days;          /* 0 for the custom dates */
  GDate   first;
  GDate   last;
  char   *channel;
} InsightsRequest;

typedef struct
{
  gboolean       is_empty;
  TerraInsights *insights;
  char          *period_text;  /* the period's days, in the business time zone */
} InsightsSnapshot;

typedef struct
{
  TerraWorkspace *workspace;
  TerraStore     *store;
} InsightsWorker;

/* An export, shared by the view and its thread: the thread writes the
 * progress, the view reads it on a timer while the export runs. */
typedef struct _ExportJob
{
  TerraWorkspace  *workspace;
  InsightsRequest *request;
  GFile           *directory;
  char            *prefix;
  gint             permille;   /* atomic */
} ExportJob;

struct _TerraInsightsView
{
  GtkWidget         parent_instance;

  /* Template widgets */
  GtkStack         *stack;
  GtkToggleButton  *period_buttons[5];   /* today, 7, 30, 90 days, custom */
  GtkMenuButton    *range_button;
  GtkPopover       *range_popover;
  GtkCalendar      *from_calendar;
  GtkCalendar      *to_calendar;
  GtkButton        *range_apply_button;
  GtkDropDown      *channel_dropdown;
  GtkSpinner       *spinner;
  GtkLabel         *period_label;
  GtkButton        *export_button;
  GtkProgressBar   *export_progress;
  GtkLabel         *quiet_label;
  GtkFlowBox       *cards;

  /* Charts, built in init */
  TerraChartCanvas *quality_chart;
  GtkLabel         *quality_caption;
  TerraChartCanvas *intents_chart;
  GtkFlowBox       *questions_box;
  GtkLabel         *questions_empty;
  TerraChartCanvas *leads_chart;
  TerraChartCanvas *sentiment_chart;
  TerraChartCanvas *funnel_chart;
  TerraChartCanvas *responses_chart;
  TerraChartCanvas *handoffs_chart;

  /* Owned */
  TerraWorkspace   *workspace;
  GThreadPool      *pool;
  InsightsWorker   *worker;
  GCancellable     *cancellable;   /* the latest request's */
  guint             refresh_source;
  GDate             custom_first;
  GDate             custom_last;
  gint64            shown_from;
  gint64            shown_to;

  /* The export in progress, if any */
  struct _ExportJob *export_job;
  guint             export_timer;
  guint             export_hide_source;
};

G_DEFINE_FINAL_TYPE (TerraInsightsView, terra_insights_view, GTK_TYPE_WIDGET)

/* Which period button is down; 30 days if none is (between two toggles). */
static guint
selected_period (TerraInsightsView *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (self->period_buttons); i++)
    if (gtk_toggle_button_get_active (self->period_buttons[i]))
      return i;
  return 2;
}

static InsightsRequest *current_request (TerraInsightsView *self);

static void
request_free (InsightsRequest *request)
{
  g_free (request->channel);
  g_free (request);
}

static void
snapshot_free (InsightsSnapshot *snapshot)
{
  g_clear_pointer (&snapshot->insights, terra_insights_free);
  g_free (snapshot->period_text);
  g_free (snapshot);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (InsightsSnapshot, snapshot_free)

/* "24/10/26 – 22/11/26", or one date for one day. */
static char *
format_period (GTimeZone *zone,
               gint64     from,
               gint64     to)
{
  g_autoptr(GDateTime) from_utc = g_date_time_new_from_unix_utc (from / G_USEC_PER_SEC);
  g_autoptr(GDateTime) to_utc = g_date_time_new_from_unix_utc ((to - 1) / G_USEC_PER_SEC);
  g_autoptr(GDateTime) first_day = g_date_time_to_timezone (from_utc, zone);
  g_autoptr(GDateTime) last_day = g_date_time_to_timezone (to_utc, zone);
  g_autofree char *first = g_date_time_format (first_day, "%x");
  g_autofree char *last = g_date_time_format (last_day, "%x");

  if (g_strcmp0 (first, last) == 0)
    return g_steal_pointer (&first);
  return g_strdup_printf ("%s – %s", first, last);
}

/* Runs on the pool's thread. */
static InsightsSnapshot *
worker_query (InsightsWorker   *worker,
              InsightsRequest  *request,
              GError          **error)
{
  g_autoptr(InsightsSnapshot) snapshot = g_new0 (InsightsSnapshot, 1);
  g_autoptr(GTimeZone) zone = NULL;
  GError *local_error = NULL;
  gint64 from, to;

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
  if (snapshot->is_empty)
    return g_steal_pointer (&snapshot);

  zone = terra_store_get_time_zone (worker->store);
  if (request->days > 0)
    terra_insights_period_days (zone, g_get_real_time (), request->days, &from, &to);
  else
    terra_insights_period_dates (zone, &request->first, &request->last, &from, &to);
  snapshot->insights = terra_store_get_insights (worker->store, from, to, request->channel, error);
  if (snapshot->insights == NULL)
    return NULL;
  snapshot->period_text = format_period (zone, from, to);
  return g_steal_pointer (&snapshot);
}

static void
worker_run (gpointer data,
            gpointer user_data)
{
  g_autoptr(GTask) task = data;
  g_autoptr(GError) error = NULL;
  InsightsSnapshot *snapshot;

  /* A newer request is queued behind this one: skip it. */
  if (g_task_return_error_if_cancelled (task))
    return;
  snapshot = worker_query (user_data, g_task_get_task_data (task), &error);
  if (snapshot == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, snapshot, (GDestroyNotify)snapshot_free);
}

static void
start_worker (TerraInsightsView *self)
{
  g_autoptr(GError) error = NULL;

  self->worker = g_new0 (InsightsWorker, 1);
  self->worker->workspace = g_object_ref (self->workspace);
  self->pool = g_thread_pool_new_full (worker_run, self->worker, g_object_unref, 1, TRUE, &error);
  if (self->pool == NULL)
    g_warning ("Could not start the Insights worker thread: %s", error->message);
}

static void
stop_worker (TerraInsightsView *self)
{
  if (self->cancellable != NULL)
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
}

static void
show_page (TerraInsightsView *self,
           const char        *name)
{
  GtkWidget *page = gtk_stack_get_child_by_name (self->stack, name);

  gtk_stack_set_visible_child (self->stack, page);
  /* GTK 4.8 shows AT-SPI the hidden pages of a stack too (see the
   * Dashboard); hide them explicitly. */
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->stack));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    gtk_accessible_update_state (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_STATE_HIDDEN, child != page, -1);
}

/* A delay in words: seconds, minutes, hours or days. */
static char *
format_duration (gint64 us)
{
  double seconds = us / (double)G_USEC_PER_SEC;

  if (seconds < 60)
    return g_strdup_printf (_("%.0f s"), seconds);
  if (seconds < 3600)
    return g_strdup_printf (_("%.0f min"), seconds / 60);
  if (seconds < 86400)
    return g_strdup_printf (_("%.1f h"), seconds / 3600);
  return g_strdup_printf (_("%.1f days"), seconds / 86400);
}

static const char *
channel_title (const char *channel)
{
  if (g_strcmp0 (channel, "whatsapp") == 0)
    return "WhatsApp";
  if (g_strcmp0 (channel, "sms") == 0)
    return "SMS";
  if (g_strcmp0 (channel, "webchat") == 0)
    return _("Web chat");
  if (g_strcmp0 (channel, "telegram") == 0)
    return "Telegram";
  if (g_strcmp0 (channel, "api") == 0)
    return "API";
  return channel;
}

/* "price_question" → "price question". */
static char *
humanize (const char *key)
{
  char *text;

  if (key == NULL || *key == '\0')
    return g_strdup (_("unspecified"));
  text = g_strdup (key);
  g_strdelimit (text, "_-.", ' ');
  return text;
}

static void
show_quality (TerraInsightsView   *self,
              const TerraInsights *insights)
{
  g_autoptr(GArray) items = terra_chart_items_new ();
  g_autofree char *description = NULL;
  g_autofree char *caption = NULL;

  if (insights->quality < 0)
    {
      terra_chart_canvas_set_data (self->quality_chart, NULL, _("Quality: no analysed messages or grades in this period"),
                                   _("No analysed messages or grades"));
      gtk_label_set_label (self->quality_caption, "");
      return;
    }
  description = g_strdup_printf (_("Quality %d of 100: %" G_GINT64_FORMAT " messages analysed "
                                   "(%" G_GINT64_FORMAT " positive, %" G_GINT64_FORMAT " neutral, "
                                   "%" G_GINT64_FORMAT " negative); %" G_GINT64_FORMAT " good and "
                                   "%" G_GINT64_FORMAT " bad grades"),
                                 insights->quality, insights->analysed, insights->positive, insights->neutral,
                                 insights->negative, insights->graded_good, insights->graded_bad);
  caption = g_strdup_printf (_("%" G_GINT64_FORMAT " messages analysed · %" G_GINT64_FORMAT " of %"
                               G_GINT64_FORMAT " graded replies good"),
                             insights->analysed, insights->graded_good,
                             insights->graded_good + insights->graded_bad);
  {
    g_autofree char *value = g_strdup_printf ("%d", insights->quality);

    terra_chart_items_add (items, _("Quality"), insights->quality, value, description);
  }
  terra_chart_canvas_set_data (self->quality_chart, items, description, NULL);
  gtk_label_set_label (self->quality_caption, caption);
}

static void
show_intents (TerraInsightsView   *self,
              const TerraInsights *insights)
{
  g_autoptr(GArray) items = terra_chart_items_new ();
  g_autoptr(GString) description = g_string_new (_("Intents: "));
  gint64 total = 0;

  for (guint i = 0; i < insights->intents->len; i++)
    total += g_array_index (insights->intents, TerraInsightsCount, i).count;
  for (guint i = 0; i < insights->intents->len; i++)
    {
      const TerraInsightsCount *count = &g_array_index (insights->intents, TerraInsightsCount, i);
      g_autofree char *label = humanize (count->key);
      g_autofree char *text = g_strdup_printf ("%s · %" G_GINT64_FORMAT, label, count->count);
      g_autofree char *tooltip = g_strdup_printf (_("%s: %" G_GINT64_FORMAT " messages (%.0f %%)"), label,
                                                  count->count, 100.0 * count->count / total);

      /* Seven slices at most: the rest is one "other" slice. */
      if (i == 6 && insights->intents->len > 7)
        {
          gint64 rest = 0;

          for (guint j = i; j < insights->intents->len; j++)
            rest += g_array_index (insights->intents, TerraInsightsCount, j).count;
          g_free (text);
          text = g_strdup_printf (_("others · %" G_GINT64_FORMAT), rest);
          terra_chart_items_add (items, _("others"), rest, text, text);
        }
      else if (i < 6 || insights->intents->len == 7)
        terra_chart_items_add (items, label, count->count, text, tooltip);
      g_string_append_printf (description, "%s%s: %" G_GINT64_FORMAT, i > 0 ? "; " : "", count->key, count->count);
    }
  if (insights->intents->len == 0)
    g_string_append (description, _("none in this period"));
  terra_chart_canvas_set_data (self->intents_chart, items, description->str, _("No analysed messages"));
}

static void
question_clicked_cb (GtkButton *button,
                     gpointer   user_data)
{
  gint64 conversation_id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (button), "conversation-id"));

  gtk_widget_activate_action (GTK_WIDGET (button), "win.show-conversation", "x", conversation_id);
}

static void
show_questions (TerraInsightsView   *self,
                const TerraInsights *insights)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->questions_box))) != NULL)
    gtk_flow_box_remove (self->questions_box, child);

  for (guint i = 0; i < insights->questions->len; i++)
    {
      const TerraInsightsQuestion *question = &g_array_index (insights->questions, TerraInsightsQuestion, i);
      g_autofree char *intent = humanize (question->intent);
      g_autofree char *label = g_strdup_printf ("%s · %" G_GINT64_FORMAT, question->word, question->count);
      g_autofree char *tooltip = g_strdup_printf (_("%" G_GINT64_FORMAT " questions about “%s” (%s). "
                                                    "Click to open the latest."),
                                                  question->count, question->word, intent);
      GtkWidget *button = gtk_button_new ();
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
      GtkWidget *word = gtk_label_new (label);
      GtkWidget *kind = gtk_label_new (intent);

      /* The word, and under it the intent that tells apart two clusters
       * of the same word. */
      gtk_widget_add_css_class (kind, "caption");
      gtk_widget_add_css_class (kind, "dim-label");
      gtk_box_append (GTK_BOX (box), word);
      gtk_box_append (GTK_BOX (box), kind);
      gtk_button_set_child (GTK_BUTTON (button), box);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
      gtk_widget_set_tooltip_text (button, tooltip);
      gtk_widget_add_css_class (button, "insights-chip");
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, tooltip, -1);
      g_object_set_data (G_OBJECT (button), "conversation-id", GSIZE_TO_POINTER (question->conversation_id));
      g_signal_connect (button, "clicked", G_CALLBACK (question_clicked_cb), NULL);
      gtk_flow_box_append (self->questions_box, button);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->questions_empty), insights->questions->len == 0);
}

static void
show_leads (TerraInsightsView   *self,
            const TerraInsights *insights)
{
  g_autoptr(GArray) items = terra_chart_items_new ();
  g_autofree char *description = NULL;
  /* The colours of the Conversations view's score rings. */
  const struct { const char *label; gint64 count; TerraChartColor color; } rows[] = {
    { _("Hot"), insights->leads_hot, TERRA_CHART_COLOR_RED },
    { _("Warm"), insights->leads_warm, TERRA_CHART_COLOR_ORANGE },
    { _("Cold"), insights->leads_cold, TERRA_CHART_COLOR_BLUE },
  };
  gint64 total = insights->leads_hot + insights->leads_warm + insights->leads_cold;

  description = g_strdup_printf (_("Leads by temperature: hot %" G_GINT64_FORMAT ", warm %" G_GINT64_FORMAT
                                   ", cold %" G_GINT64_FORMAT ". Qualification accuracy: no corrections yet"),
                                 insights->leads_hot, insights->leads_warm, insights->leads_cold);
  for (guint i = 0; total > 0 && i < G_N_ELEMENTS (rows); i++)
    {
      g_autofree char *value = g_strdup_printf ("%" G_GINT64_FORMAT, rows[i].count);
      g_autofree char *tooltip = g_strdup_printf (_("%s leads: %" G_GINT64_FORMAT), rows[i].label, rows[i].count);

      terra_chart_items_add (items, rows[i].label, rows[i].count, value, tooltip);
      terra_chart_items_set_color (items, rows[i].color);
    }
  terra_chart_canvas_set_data (self->leads_chart, items, description, _("No new leads in this period"));
}

static void
show_sentiment (TerraInsightsView   *self,
                const TerraInsights *insights)
{
  g_autoptr(GArray) items = terra_chart_items_new ();
  g_autoptr(GString) description = g_string_new (_("Sentiment by day, −1 to 1: "));
  gboolean any = FALSE;

  for (guint i = 0; i < insights->days->len; i++)
    {
      const TerraInsightsDay *day = &g_array_index (insights->days, TerraInsightsDay, i);
      char date[32];
      g_autofree char *tooltip = NULL;

      g_date_strftime (date, sizeof date, "%Y-%m-%d", &day->date);
      if (day->analysed > 0)
        {
          tooltip = g_strdup_printf (_("%s: %+.2f over %" G_GINT64_FORMAT " messages"), date,
                                     day->mean_sentiment, day->analysed);
          g_string_append_printf (description, "%s%s %.2f (%" G_GINT64_FORMAT ")", any ? "; " : "", date,
                                  day->mean_sentiment, day->analysed);
          any = TRUE;
        }
      else
        tooltip = g_strdup_printf (_("%s: no messages"), date);
      terra_chart_items_add (items, date, day->analysed > 0 ? day->mean_sentiment : NAN, NULL, tooltip);
    }
  if (!any)
    {
      g_string_append (description, _("no analysed messages"));
      g_array_set_size (items, 0);
    }
  terra_chart_canvas_set_data (self->sentiment_chart, items, description->str, _("No analysed messages"));
}

static void
show_funnel (TerraInsightsView   *self,
             const TerraInsights *insights)
{
  g_autoptr(GArray) items = terra_chart_items_new ();
  g_autofree char *description = NULL;
  const struct { const char *label; gint64 count; } stages[] = {
    { _("Conversations"), insights->funnel_conversations },
    { _("Qualified"), insights->funnel_qualified },
    { _("Booked"), insights->funnel_booked },
    { _("Completed"), insights->funnel_completed },
  };

  description = g_strdup_printf (_("Funnel: conversations %" G_GINT64_FORMAT ", qualified %" G_GINT64_FORMAT
                                   ", booked %" G_GINT64_FORMAT ", completed %" G_GINT64_FORMAT),
                                 stages[0].count, stages[1].count, stages[2].count, stages[3].count);
  for (guint i = 0; insights->funnel_conversations > 0 && i < G_N_ELEMENTS (stages); i++)
    {
      g_autofree char *value = g_strdup_printf ("%" G_GINT64_FORMAT, stages[i].count);
      g_autofree char *tooltip = g_strdup_printf (_("%s: %" G_GINT64_FORMAT " (%.0f %% of the conversations)"),
                                                  stages[i].label, stages[i].count,
                                                  100.0 * stages[i].count / insights->funnel_conversations);

      terra_chart_items_add (items, stages[i].label, stages[i].count, value, tooltip);
    }
  terra_chart_canvas_set_data (self->funnel_chart, items, description, _("No conversations started"));
}

static void
show_responses (TerraInsightsView   *self,
                const TerraInsights *insights)
{
  g_autoptr(GArray) items = terra_chart_items_new ();
  g_autoptr(GString) description = g_string_new (_("First reply times: "));

  for (guint i = 0; i < insights->response_times->len; i++)
    {
      const TerraInsightsResponse *response = &g_array_index (insights->response_times, TerraInsightsResponse, i);
      g_autofree char *median = format_duration (response->median_us);
      g_autofree char *p90 = format_duration (response->p90_us);
      g_autofree char *value = g_strdup_printf (_("%s · 90%%: %s"), median, p90);
      g_autofree char *tooltip = g_strdup_printf (_("%s: half of %" G_GINT64_FORMAT " first replies within %s, "
                                                    "90 %% within %s"),
                                                  channel_title (response->channel), response->replies, median, p90);

      terra_chart_items_add (items, channel_title (response->channel), response->median_us, value, tooltip);
      g_string_append_printf (description, "%s%s median %" G_GINT64_FORMAT " s, 90th percentile %" G_GINT64_FORMAT
                              " s, %" G_GINT64_FORMAT " replies",
                              i > 0 ? "; " : "", response->channel,
                              response->median_us / G_USEC_PER_SEC, response->p90_us / G_USEC_PER_SEC,
                              response->replies);
    }
  if (insights->response_times->len == 0)
    g_string_append (description, _("no replies in this period"));
  terra_chart_canvas_set_data (self->responses_chart, items, description->str, _("No first replies"));
}

static void
show_handoffs (TerraInsightsView   *self,
               const TerraInsights *insights)
{
  g_autoptr(GArray) items = terra_chart_items_new ();
  g_autoptr(GString) description = g_string_new (_("Handoffs by reason: "));

  for (guint i = 0; i < insights->handoffs->len; i++)
    {
      const TerraInsightsCount *count = &g_array_index (insights->handoffs, TerraInsightsCount, i);
      g_autofree char *label = humanize (count->key);
      g_autofree char *value = g_strdup_printf ("%" G_GINT64_FORMAT, count->count);
      g_autofree char *tooltip = g_strdup_printf (_("%s: %" G_GINT64_FORMAT " handoffs"), label, count->count);

      terra_chart_items_add (items, label, count->count, value, tooltip);
      g_string_append_printf (description, "%s%s: %" G_GINT64_FORMAT, i > 0 ? "; " : "",
                              *count->key != '\0' ? count->key : "unspecified", count->count);
    }
  if (insights->handoffs->len == 0)
    g_string_append (description, _("none in this period"));
  terra_chart_canvas_set_data (self->handoffs_chart, items, description->str, _("No handoffs"));
}

static void
apply_snapshot (TerraInsightsView      *self,
                const InsightsSnapshot *snapshot)
{
  const TerraInsights *insights = snapshot->insights;
  gboolean quiet;

  if (snapshot->is_empty)
    {
      show_page (self, "empty");
      return;
    }

  self->shown_from = insights->from;
  self->shown_to = insights->to;
  quiet = insights->analysed == 0 && insights->funnel_conversations == 0 && insights->handoffs->len == 0 &&
          insights->graded_good + insights->graded_bad == 0;
  gtk_widget_set_visible (GTK_WIDGET (self->quiet_label), quiet);
  gtk_label_set_label (self->period_label, snapshot->period_text);
  show_quality (self, insights);
  show_intents (self, insights);
  show_questions (self, insights);
  show_leads (self, insights);
  show_sentiment (self, insights);
  show_funnel (self, insights);
  show_responses (self, insights);
  show_handoffs (self, insights);
  show_page (self, "charts");
}

static void
query_done_cb (GObject      *source_object,
               GAsyncResult *result,
               gpointer      user_data)
{
  GWeakRef *weak = user_data;
  g_autoptr(TerraInsightsView) self = g_weak_ref_get (weak);
  g_autoptr(InsightsSnapshot) snapshot = NULL;
  g_autoptr(GError) error = NULL;

  g_weak_ref_clear (weak);
  g_free (weak);
  snapshot = g_task_propagate_pointer (G_TASK (result), &error);

  /* Gone, or superseded by a newer request. */
  if (self == NULL || g_task_get_cancellable (G_TASK (result)) != self->cancellable)
    return;

  gtk_spinner_stop (self->spinner);
  if (snapshot != NULL)
    apply_snapshot (self, snapshot);
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_warning ("Could not compute the insights: %s", error->message);
}

static void
start_query (TerraInsightsView *self)
{
  g_autoptr(GError) error = NULL;
  InsightsRequest *request;
  GWeakRef *weak;
  GTask *task;

  if (self->pool == NULL)
    return;

  request = current_request (self);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  weak = g_new0 (GWeakRef, 1);
  g_weak_ref_init (weak, self);
  task = g_task_new (NULL, self->cancellable, query_done_cb, weak);
  g_task_set_source_tag (task, start_query);
  g_task_set_name (task, "[terra] insights");
  g_task_set_task_data (task, request, (GDestroyNotify)request_free);

  gtk_spinner_start (self->spinner);
  if (!g_thread_pool_push (self->pool, task, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
    }
}

static gboolean
refresh_timeout_cb (gpointer user_data)
{
  TerraInsightsView *self = user_data;

  self->refresh_source = 0;
  start_query (self);
  return G_SOURCE_REMOVE;
}

static void
workspace_changed_cb (TerraInsightsView *self,
                      TerraEntity        entity,
                      TerraChangeKind    kind,
                      gint64             id)
{
  if (self->refresh_source == 0)
    self->refresh_source = g_timeout_add (REFRESH_DELAY_MS, refresh_timeout_cb, self);
}

static void
update_range_label (TerraInsightsView *self)
{
  char first[32], last[32];
  g_autofree char *text = NULL;

  g_date_strftime (first, sizeof first, "%x", &self->custom_first);
  g_date_strftime (last, sizeof last, "%x", &self->custom_last);
  text = g_strdup_printf ("%s – %s", first, last);
  gtk_menu_button_set_label (self->range_button, text);
}

static void
period_changed_cb (GtkToggleButton   *button,
                   TerraInsightsView *self)
{
  gboolean custom;

  /* The button let go of fires too; act once, for the one pressed. */
  if (!gtk_toggle_button_get_active (button))
    return;
  custom = selected_period (self) == CUSTOM_PERIOD;

  gtk_widget_set_visible (GTK_WIDGET (self->range_button), custom);
  if (custom)
    gtk_menu_button_popup (self->range_button);
  start_query (self);
}

static void
calendar_date (GtkCalendar *calendar,
               GDate       *date)
{
  g_autoptr(GDateTime) time = gtk_calendar_get_date (calendar);

  g_date_clear (date, 1);
  g_date_set_dmy (date, g_date_time_get_day_of_month (time), g_date_time_get_month (time),
                  g_date_time_get_year (time));
}

static void
range_apply_cb (TerraInsightsView *self)
{
  GDate first, last;

  calendar_date (self->from_calendar, &first);
  calendar_date (self->to_calendar, &last);
  /* Either order means the days between. */
  if (g_date_compare (&first, &last) > 0)
    {
      GDate swap = first;

      first = last;
      last = swap;
    }
  self->custom_first = first;
  self->custom_last = last;
  update_range_label (self);
  gtk_popover_popdown (self->range_popover);
  start_query (self);
}

static void
export_job_clear (ExportJob *job)
{
  g_clear_object (&job->workspace);
  g_clear_pointer (&job->request, request_free);
  g_clear_object (&job->directory);
  g_free (job->prefix);
}

static void
export_job_unref (ExportJob *job)
{
  g_atomic_rc_box_release_full (job, (GDestroyNotify)export_job_clear);
}

/* The request for what the view shows now. */
static InsightsRequest *
current_request (TerraInsightsView *self)
{
  InsightsRequest *request = g_new0 (InsightsRequest, 1);
  guint period = selected_period (self);
  guint channel = gtk_drop_down_get_selected (self->channel_dropdown);

  if (period < CUSTOM_PERIOD)
    request->days = period_days[period];
  else
    {
      request->first = self->custom_first;
      request->last = self->custom_last;
    }
  if (channel >= 1 && channel <= G_N_ELEMENTS (channel_names))
    request->channel = g_strdup (channel_names[channel - 1]);
  return request;
}

static void
export_progress_cb (gint64   done,
                    gint64   total,
                    gpointer user_data)
{
  ExportJob *job = user_data;

  g_atomic_int_set (&job->permille, total > 0 ? (int)(1000 * done / total) : 1000);
}

/* Runs in a thread of GTask's pool, with a connection of its own. */
static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ExportJob *job = task_data;
  g_autoptr(TerraStore) store = NULL;
  g_autoptr(GTimeZone) zone = NULL;
  GError *error = NULL;
  gint64 from, to;

  store = terra_workspace_open_store (job->workspace, &error);
  if (store == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  zone = terra_store_get_time_zone (store);
  if (job->request->days > 0)
    terra_insights_period_days (zone, g_get_real_time (), job->request->days, &from, &to);
  else
    terra_insights_period_dates (zone, &job->request->first, &job->request->last, &from, &to);
  if (!terra_csv_export_period (store, from, to, job->request->channel, job->directory, job->prefix,
                                export_progress_cb, job, cancellable, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static gboolean
export_timer_cb (gpointer user_data)
{
  TerraInsightsView *self = user_data;

  if (self->export_job != NULL)
    gtk_progress_bar_set_fraction (self->export_progress,
                                   g_atomic_int_get (&self->export_job->permille) / 1000.0);
  return G_SOURCE_CONTINUE;
}

static gboolean
export_hide_cb (gpointer user_data)
{
  TerraInsightsView *self = user_data;

  self->export_hide_source = 0;
  gtk_widget_set_visible (GTK_WIDGET (self->export_progress), FALSE);
  return G_SOURCE_REMOVE;
}

static void
export_done_cb (GObject      *source_object,
                GAsyncResult *result,
                gpointer      user_data)
{
  GWeakRef *weak = user_data;
  g_autoptr(TerraInsightsView) self = g_weak_ref_get (weak);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  ExportJob *job = g_task_get_task_data (G_TASK (result));

  g_weak_ref_clear (weak);
  g_free (weak);
  g_task_propagate_boolean (G_TASK (result), &error);
  if (self == NULL)
    return;

  if (error == NULL)
    {
      g_autofree char *where = g_file_get_parse_name (job->directory);

      text = g_strdup_printf (_("Saved %sconversations.csv, leads.csv and bookings.csv in %s"), job->prefix, where);
      gtk_progress_bar_set_fraction (self->export_progress, 1.0);
    }
  else
    text = g_strdup_printf (_("Could not export: %s"), error->message);
  gtk_progress_bar_set_text (self->export_progress, text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->export_progress), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  text, -1);
  g_clear_handle_id (&self->export_timer, g_source_remove);
  g_clear_pointer (&self->export_job, export_job_unref);
  gtk_widget_set_sensitive (GTK_WIDGET (self->export_button), TRUE);
  g_clear_handle_id (&self->export_hide_source, g_source_remove);
  self->export_hide_source = g_timeout_add_seconds (8, export_hide_cb, self);
}

static void
start_export (TerraInsightsView *self,
              GFile             *directory)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *date = g_date_time_format (now, "%Y-%m-%d");
  ExportJob *job = g_atomic_rc_box_new0 (ExportJob);
  GWeakRef *weak = g_new0 (GWeakRef, 1);

  job->workspace = g_object_ref (self->workspace);
  job->request = current_request (self);
  job->directory = g_object_ref (directory);
  job->prefix = g_strdup_printf ("terra-%s-", date);

  g_weak_ref_init (weak, self);
  task = g_task_new (NULL, NULL, export_done_cb, weak);
  g_task_set_name (task, "[terra] insights export");
  g_task_set_task_data (task, g_atomic_rc_box_acquire (job), (GDestroyNotify)export_job_unref);
  self->export_job = job;

  gtk_widget_set_sensitive (GTK_WIDGET (self->export_button), FALSE);
  g_clear_handle_id (&self->export_hide_source, g_source_remove);
  gtk_progress_bar_set_fraction (self->export_progress, 0);
  gtk_progress_bar_set_text (self->export_progress, _("Exporting…"));
  gtk_widget_set_visible (GTK_WIDGET (self->export_progress), TRUE);
  self->export_timer = g_timeout_add (100, export_timer_cb, self);
  g_task_run_in_thread (task, export_thread);
}

static void
export_response_cb (GtkNativeDialog   *chooser,
                    int                response,
                    TerraInsightsView *self)
{
  if (response == GTK_RESPONSE_ACCEPT && self->workspace != NULL && self->export_job == NULL)
    {
      g_autoptr(GFile) directory = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (directory != NULL)
        start_export (self, directory);
    }
  g_object_unref (chooser);
}

/* GTK 4.8 has no GtkFileDialog; the native chooser uses the portal. */
static void
export_clicked_cb (TerraInsightsView *self)
{
  GtkFileChooserNative *chooser;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  chooser = gtk_file_chooser_native_new (_("Export the Period as CSV"),
                                         GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                                         _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (export_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* A card: a heading over @content, and an optional caption under it. */
static GtkWidget *
add_card (TerraInsightsView *self,
          const char        *title,
          GtkWidget         *content)
{
  GtkWidget *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  GtkWidget *heading = gtk_label_new (title);

  gtk_widget_add_css_class (card, "card");
  gtk_widget_add_css_class (card, "insights-card");
  gtk_widget_add_css_class (heading, "heading");
  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_box_append (GTK_BOX (card), heading);
  gtk_widget_set_vexpand (content, TRUE);
  gtk_box_append (GTK_BOX (card), content);
  gtk_flow_box_append (self->cards, card);
  return card;
}

static TerraChartCanvas *
add_chart_card (TerraInsightsView *self,
                const char        *title,
                TerraChartKind     kind)
{
  GtkWidget *chart = terra_chart_canvas_new (kind, title);

  add_card (self, title, chart);
  return TERRA_CHART_CANVAS (chart);
}

static void
build_cards (TerraInsightsView *self)
{
  GtkWidget *card, *box;

  self->quality_chart = add_chart_card (self, _("Conversation Quality"), TERRA_CHART_GAUGE);
  card = gtk_widget_get_parent (GTK_WIDGET (self->quality_chart));
  self->quality_caption = GTK_LABEL (gtk_label_new (""));
  gtk_widget_add_css_class (GTK_WIDGET (self->quality_caption), "dim-label");
  gtk_box_append (GTK_BOX (card), GTK_WIDGET (self->quality_caption));

  self->intents_chart = add_chart_card (self, _("What Leads Want"), TERRA_CHART_DONUT);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  self->questions_box = GTK_FLOW_BOX (gtk_flow_box_new ());
  gtk_flow_box_set_selection_mode (self->questions_box, GTK_SELECTION_NONE);
  gtk_flow_box_set_max_children_per_line (self->questions_box, 6);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->questions_box), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Common questions"), -1);
  self->questions_empty = GTK_LABEL (gtk_label_new (_("No questions in this period")));
  gtk_widget_add_css_class (GTK_WIDGET (self->questions_empty), "dim-label");
  gtk_widget_set_vexpand (GTK_WIDGET (self->questions_empty), TRUE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->questions_box));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->questions_empty));
  add_card (self, _("Common Questions"), box);

  self->leads_chart = add_chart_card (self, _("Leads by Temperature"), TERRA_CHART_BARS);
  card = gtk_widget_get_parent (GTK_WIDGET (self->leads_chart));
  {
    GtkWidget *note = gtk_label_new (_("Qualification accuracy: no corrections yet"));

    gtk_widget_add_css_class (note, "dim-label");
    gtk_label_set_xalign (GTK_LABEL (note), 0);
    gtk_box_append (GTK_BOX (card), note);
  }
  self->sentiment_chart = add_chart_card (self, _("Sentiment over Time"), TERRA_CHART_LINE);
  self->funnel_chart = add_chart_card (self, _("From Conversation to Appointment"), TERRA_CHART_FUNNEL);
  self->responses_chart = add_chart_card (self, _("First Reply Time by Channel"), TERRA_CHART_BARS);
  self->handoffs_chart = add_chart_card (self, _("Handoffs by Reason"), TERRA_CHART_BARS);
}

static void
terra_insights_view_dispose (GObject *object)
{
  TerraInsightsView *self = (TerraInsightsView *)object;

  stop_worker (self);
  g_clear_handle_id (&self->export_timer, g_source_remove);
  g_clear_handle_id (&self->export_hide_source, g_source_remove);
  g_clear_pointer (&self->export_job, export_job_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), TERRA_TYPE_INSIGHTS_VIEW);

  G_OBJECT_CLASS (terra_insights_view_parent_class)->dispose (object);
}

static void
terra_insights_view_finalize (GObject *object)
{
  TerraInsightsView *self = (TerraInsightsView *)object;

  g_clear_object (&self->workspace);

  G_OBJECT_CLASS (terra_insights_view_parent_class)->finalize (object);
}

static void
terra_insights_view_class_init (TerraInsightsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = terra_insights_view_dispose;
  object_class->finalize = terra_insights_view_finalize;

  g_type_ensure (TERRA_TYPE_CHART_CANVAS);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "insights");
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/terrasales/Terra/ui/terra-insights-view.ui");
  gtk_widget_class_bind_template_child (widget_class, TerraInsightsView, stack);
  gtk_widget_class_bind_template_child_full (widget_class, "period_today", FALSE,
                                             G_STRUCT_OFFSET (TerraInsightsView, period_buttons[0]));
  gtk_widget_class_bind_template_child_full (widget_class, "period_week", FALSE,
                                             G_STRUCT_OFFSET (TerraInsightsView, period_buttons[1]));
  gtk_widget_class_bind_template_child_full (widget_class, "period_month", FALSE,
                                             G_STRUCT_OFFSET (TerraInsightsView, period_buttons[2]));
  gtk_widget_class_bind_template_child_full (widget_class, "period_quarter", FALSE,
                                             G_STRUCT_OFFSET (TerraInsightsView, period_buttons[3]));
  gtk_widget_class_bind_template_child_full (widget_class, "period_custom", FALSE,
                                             G_STRUCT_OFFSET (TerraInsightsView, period_buttons[4]));
  gtk_widget_class_bind_template_child (widget_class, TerraInsightsView, range_button);
  gtk_widget_class_bind_template_child (widget_class, TerraInsightsView, range_popover);
  gtk_widget_class_bind_template_child (widget_class, TerraInsightsView, from_calendar);
  gtk_widget_class_bind_template_child (widget_class, TerraInsightsView, to_calendar);
  gtk_widget_class_bind_template_child (widget_class, TerraInsightsView, range_apply_button);
  gtk_widget_class_bind_template_child (widget_class, TerraInsightsView, channel_dropdown);
  gtk_widget_class_bind_template_child (widget_class, TerraInsightsView, spinner);
  gtk_widget_class_bind_template_child (widget_class, TerraInsightsView, period_label);
  gtk_widget_class_bind_template_child (widget_class, TerraInsightsView, export_button);
  gtk_widget_class_bind_template_child (widget_class, TerraInsightsView, export_progress);
  gtk_widget_class_bind_template_child (widget_class, TerraInsightsView, quiet_label);
  gtk_widget_class_bind_template_child (widget_class, TerraInsightsView, cards);
}

static void
terra_insights_view_init (TerraInsightsView *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) start = g_date_time_add_days (now, -13);

  gtk_widget_init_template (GTK_WIDGET (self));
  build_cards (self);

  /* The custom range starts as the last two weeks. */
  g_date_clear (&self->custom_first, 1);
  g_date_clear (&self->custom_last, 1);
  g_date_set_dmy (&self->custom_first, g_date_time_get_day_of_month (start), g_date_time_get_month (start),
                  g_date_time_get_year (start));
  g_date_set_dmy (&self->custom_last, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                  g_date_time_get_year (now));
  gtk_calendar_select_day (self->from_calendar, start);
  gtk_calendar_select_day (self->to_calendar, now);
  update_range_label (self);

  gtk_toggle_button_set_active (self->period_buttons[2], TRUE);
  for (guint i = 0; i < G_N_ELEMENTS (self->period_buttons); i++)
    g_signal_connect (self->period_buttons[i], "toggled", G_CALLBACK (period_changed_cb), self);
  g_signal_connect_swapped (self->channel_dropdown, "notify::selected", G_CALLBACK (start_query), self);
  g_signal_connect_swapped (self->range_apply_button, "clicked", G_CALLBACK (range_apply_cb), self);
  g_signal_connect_swapped (self->export_button, "clicked", G_CALLBACK (export_clicked_cb), self);
  show_page (self, "loading");
}

GtkWidget *
terra_insights_view_new (TerraWorkspace *workspace)
{
  TerraInsightsView *self = g_object_new (TERRA_TYPE_INSIGHTS_VIEW, NULL);

  if (workspace != NULL)
    terra_insights_view_set_workspace (self, workspace);
  return GTK_WIDGET (self);
}

/* Shows @workspace: starts a worker with its own connection to it and
 * follows its change events. */
void
terra_insights_view_set_workspace (TerraInsightsView *self,
                                   TerraWorkspace    *workspace)
{
  g_return_if_fail (TERRA_IS_INSIGHTS_VIEW (self));
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
                               G_CALLBACK (workspace_changed_cb), self, G_CONNECT_SWAPPED);
      start_worker (self);
      start_query (self);
    }
}
