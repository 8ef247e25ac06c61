/* terra-daily-summary.c — yesterday's numbers and the hot leads, once a
 * day at the owner's hour
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The totals are the ones the summary.daily webhook sends
 * (terra_store_get_day_totals()), so the notification and the webhook
 * never disagree. One timer, armed for the next occurrence of the hour in
 * the business time zone and re-armed after it fires or the hour changes:
 * nothing polls.
 */

#define G_LOG_DOMAIN "terra-daily-summary"

#include "config.h"

#include <glib/gi18n.h>

#include "terra-store-outbox.h"
#include "terra-daily-summary.h"

#define HOT_LEADS_NAMED 3

struct _TerraDailySummary
{
  GObject     parent_instance;

  TerraStore *store;
  GSettings  *settings;
  guint       timer;
};

G_DEFINE_FINAL_TYPE (TerraDailySummary, terra_daily_summary, G_TYPE_OBJECT)

enum {
  SUMMARY,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void schedule (TerraDailySummary *self);

static GDateTime *
local_midnight (GTimeZone *zone,
                gint64     now)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (now / G_USEC_PER_SEC);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, zone);

  return g_date_time_new (zone, g_date_time_get_year (local), g_date_time_get_month (local),
                          g_date_time_get_day_of_month (local), 0, 0, 0);
}

/* "Ana, Bo and 3 more": the hottest leads by score. */
static char *
hot_lead_names (TerraDailySummary *self,
                gint64             hot,
                GError           **error)
{
  g_autoptr(TerraQuery) query = terra_query_new (TERRA_TYPE_CONTACT);
  g_autoptr(GPtrArray) contacts = NULL;
  g_autoptr(GString) names = g_string_new (NULL);

  terra_query_where_enum (query, "temperature", TERRA_TYPE_TEMPERATURE, TERRA_TEMPERATURE_HOT);
  terra_query_order_by (query, "score", TRUE);
  terra_query_set_range (query, 0, HOT_LEADS_NAMED);
  contacts = terra_store_list (self->store, query, error);
  if (contacts == NULL)
    return NULL;
  for (guint i = 0; i < contacts->len; i++)
    {
      const char *name = terra_contact_get_name (contacts->pdata[i]);

      if (i > 0)
        g_string_append (names, ", ");
      g_string_append (names, name != NULL && *name != '\0' ? name : _("a lead without a name"));
    }
  if (hot > (gint64)contacts->len)
    g_string_append_printf (names, _(" and %" G_GINT64_FORMAT " more"), hot - contacts->len);
  return g_string_free (g_steal_pointer (&names), FALSE);
}

char *
terra_daily_summary_describe (TerraDailySummary  *self,
                              gint64              now,
                              char              **body,
                              GError            **error)
{
  g_autoptr(GTimeZone) zone = NULL;
  g_autoptr(GDateTime) midnight = NULL;
  g_autoptr(GDateTime) yesterday = NULL;
  g_autofree char *date = NULL;
  g_autofree char *names = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  TerraDayTotals totals = { 0 };

  g_return_val_if_fail (TERRA_IS_DAILY_SUMMARY (self), NULL);
  g_return_val_if_fail (body != NULL, NULL);

  zone = terra_store_get_time_zone (self->store);
  midnight = local_midnight (zone, now);
  yesterday = g_date_time_add_days (midnight, -1);
  if (!terra_store_get_day_totals (self->store, g_date_time_to_unix (yesterday) * G_USEC_PER_SEC,
                                   g_date_time_to_unix (midnight) * G_USEC_PER_SEC, &totals, error))
    return NULL;

  g_string_append_printf (text, _("%" G_GINT64_FORMAT " new conversations, %" G_GINT64_FORMAT
                                  " messages from leads, %" G_GINT64_FORMAT " replies by Terra. "),
                          totals.conversations_started, totals.messages_received, totals.replies_sent);
  g_string_append_printf (text, _("%" G_GINT64_FORMAT " leads qualified, %" G_GINT64_FORMAT
                                  " meetings booked (%" G_GINT64_FORMAT " cancelled), %" G_GINT64_FORMAT
                                  " handoffs."),
                          totals.leads_qualified, totals.meetings_booked, totals.meetings_cancelled,
                          totals.handoffs_requested);
  if (totals.leads_hot > 0)
    {
      names = hot_lead_names (self, totals.leads_hot, error);
      if (names == NULL)
        return NULL;
      g_string_append_printf (text, _(" Hot leads waiting: %s."), names);
    }
  if (totals.open_handoffs > 0)
    g_string_append_printf (text, _(" %" G_GINT64_FORMAT " conversations wait for you."), totals.open_handoffs);

  date = g_date_time_format (yesterday, "%x");
  *body = g_string_free (g_steal_pointer (&text), FALSE);
  return g_strdup_printf (_("Yesterday with Terra (%s)"), date);
}

static gboolean
timer_cb (gpointer user_data)
{
  TerraDailySummary *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *body = NULL;
  g_autofree char *title = NULL;

  self->timer = 0;
  title = terra_daily_summary_describe (self, g_get_real_time (), &body, &error);
  if (title == NULL)
    g_warning ("Could not sum up yesterday: %s", error->message);
  else
    g_signal_emit (self, signals[SUMMARY], 0, title, body);
  schedule (self);
  return G_SOURCE_REMOVE;
}

/* Arms the timer for the next occurrence of the hour, a second late so
 * that "yesterday" has surely ended. */
static void
schedule (TerraDailySummary *self)
{
  int hour = self->settings != NULL ? g_settings_get_int (self->settings, "daily-summary-hour") : -1;
  g_autoptr(GTimeZone) zone = NULL;
  g_autoptr(GDateTime) midnight = NULL;
  g_autoptr(GDateTime) next = NULL;
  gint64 now = g_get_real_time ();
  gint64 seconds;

  g_clear_handle_id (&self->timer, g_source_remove);
  if (hour < 0 || hour > 23)
    return;

  zone = terra_store_get_time_zone (self->store);
  midnight = local_midnight (zone, now);
  next = g_date_time_add_hours (midnight, hour);
  if (g_date_time_to_unix (next) * G_USEC_PER_SEC <= now)
    {
      g_autoptr(GDateTime) tomorrow = g_date_time_add_days (midnight, 1);

      g_clear_pointer (&next, g_date_time_unref);
      next = g_date_time_add_hours (tomorrow, hour);
    }
  seconds = g_date_time_to_unix (next) - now / G_USEC_PER_SEC;
  self->timer = g_timeout_add_seconds (CLAMP (seconds + 1, 1, 2 * 24 * 3600), timer_cb, self);
}

static void
hour_changed_cb (TerraDailySummary *self)
{
  schedule (self);
}

static void
terra_daily_summary_dispose (GObject *object)
{
  TerraDailySummary *self = (TerraDailySummary *)object;

  g_clear_handle_id (&self->timer, g_source_remove);
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_func (self->settings, hour_changed_cb, self);
  g_clear_object (&self->settings);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (terra_daily_summary_parent_class)->dispose (object);
}

static void
terra_daily_summary_class_init (TerraDailySummaryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = terra_daily_summary_dispose;

  /**
   * TerraDailySummary::summary:
   * @title: the title of the notification
   * @body: yesterday's numbers and the hot leads
   */
  signals[SUMMARY] = g_signal_new ("summary", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
}

static void
terra_daily_summary_init (TerraDailySummary *self)
{
}

TerraDailySummary *
terra_daily_summary_new (TerraStore *store,
                         GSettings  *settings)
{
  TerraDailySummary *self;

  g_return_val_if_fail (TERRA_IS_STORE (store), NULL);
  g_return_val_if_fail (settings == NULL || G_IS_SETTINGS (settings), NULL);

  self = g_object_new (TERRA_TYPE_DAILY_SUMMARY, NULL);
  self->store = g_object_ref (store);
  if (settings != NULL)
    {
      self->settings = g_object_ref (settings);
      g_signal_connect_swapped (settings, "changed::daily-summary-hour", G_CALLBACK (hour_changed_cb), self);
    }
  schedule (self);
  return self;
}
