/* terra-calendar-data.c — what the Calendar shows of a period, read in one
 * go, and a worker thread that reads it off the main thread
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A period is read inside one read transaction, so the appointments, the
 * busy times and the free slots computed from them agree with each other.
 *
 * The loader owns a thread pool of one exclusive thread that keeps its own
 * connection to the workspace (a TerraStore belongs to the thread that
 * opened it). Tasks hold no reference on the loader: the thread may finish
 * a task after the view is gone, and the last reference must never be
 * dropped on the thread that stop() waits for.
 */

#define G_LOG_DOMAIN "terra-calendar"

#include "config.h"

#include <glib/gi18n.h>

#include "terra-calendar-data.h"

/* Dates and periods */

/* The UTC instant (µs) of a wall-clock minute of a local day; @minute may
 * be 1440, the next midnight. */
gint64
terra_calendar_local_to_utc (GTimeZone   *zone,
                             const GDate *date,
                             int          minute)
{
  g_autoptr(GDateTime) midnight = NULL;
  g_autoptr(GDateTime) local = NULL;

  g_return_val_if_fail (zone != NULL, 0);
  g_return_val_if_fail (date != NULL && g_date_valid (date), 0);

  midnight = g_date_time_new (zone, g_date_get_year (date), g_date_get_month (date),
                              g_date_get_day (date), 0, 0, 0);
  /* Adding a day, not 24 hours, keeps midnight on days that change to or
   * from summer time. */
  if (minute >= 24 * 60)
    local = g_date_time_add_days (midnight, 1);
  else
    local = g_date_time_new (zone, g_date_get_year (date), g_date_get_month (date),
                             g_date_get_day (date), minute / 60, minute % 60, 0);

  return g_date_time_to_unix (local) * G_USEC_PER_SEC;
}

/* Returns (transfer full) @utc (µs) as a local time in @zone. */
GDateTime *
terra_calendar_utc_to_local (GTimeZone *zone,
                             gint64     utc)
{
  g_autoptr(GDateTime) instant = g_date_time_new_from_unix_utc (utc / G_USEC_PER_SEC);

  return g_date_time_to_timezone (instant, zone);
}

/* Sets @date to the local date of @utc in @zone. */
void
terra_calendar_local_date (GTimeZone *zone,
                           gint64     utc,
                           GDate     *date)
{
  g_autoptr(GDateTime) local = terra_calendar_utc_to_local (zone, utc);

  g_date_clear (date, 1);
  g_date_set_dmy (date,
                  g_date_time_get_day_of_month (local),
                  g_date_time_get_month (local),
                  g_date_time_get_year (local));
}

/* Returns (transfer full) @date formatted with g_date_time_format(). */
char *
terra_calendar_format_date (const GDate *date,
                            const char  *format)
{
  g_autoptr(GDateTime) noon = NULL;

  g_return_val_if_fail (date != NULL && g_date_valid (date), NULL);

  noon = g_date_time_new_utc (g_date_get_year (date), g_date_get_month (date),
                              g_date_get_day (date), 12, 0, 0);
  return g_date_time_format (noon, format);
}

/* Returns (transfer full) the wall-clock time of @utc in @zone, "14:00". */
char *
terra_calendar_format_time (GTimeZone *zone,
                            gint64     utc)
{
  g_autoptr(GDateTime) local = terra_calendar_utc_to_local (zone, utc);

  /* Translators: a time of day; see g_date_time_format(). */
  return g_date_time_format (local, C_("time", "%H:%M"));
}

/* Returns (transfer full) "14:00 – 15:00". */
char *
terra_calendar_format_span (GTimeZone *zone,
                            gint64     start_utc,
                            gint64     end_utc)
{
  g_autofree char *start = terra_calendar_format_time (zone, start_utc);
  g_autofree char *end = terra_calendar_format_time (zone, end_utc);

  /* Translators: a span of time, "14:00 – 15:00". */
  return g_strdup_printf (C_("time", "%s – %s"), start, end);
}

/* Who booked an appointment, as the Calendar's legend says it. */
const char *
terra_calendar_source_name (TerraBookingSource source)
{
  return source == TERRA_BOOKING_SOURCE_ASSISTANT ? _("AI scheduled") : _("Manual");
}

const char *
terra_calendar_status_name (TerraBookingStatus status)
{
  switch (status)
    {
    case TERRA_BOOKING_STATUS_CANCELLED:
      return _("Cancelled");

    case TERRA_BOOKING_STATUS_COMPLETED:
      return _("Completed");

    case TERRA_BOOKING_STATUS_NO_SHOW:
      return _("No-show");

    case TERRA_BOOKING_STATUS_CONFIRMED:
    default:
      return _("Confirmed");
    }
}

/* Weeks start on Monday, as the opening hours do (ISO weekdays). */
static void
back_to_monday (GDate *date)
{
  g_date_subtract_days (date, g_date_get_weekday (date) - G_DATE_MONDAY);
}

void
terra_calendar_period_init (TerraCalendarPeriod *period,
                            TerraCalendarMode    mode,
                            const GDate         *anchor)
{
  GDate last;

  g_return_if_fail (period != NULL);
  g_return_if_fail (anchor != NULL && g_date_valid (anchor));

  period->mode = mode;
  period->anchor = *anchor;
  period->first_day = *anchor;

  switch (mode)
    {
    case TERRA_CALENDAR_MODE_MONTH:
      g_date_set_day (&period->first_day, 1);
      last = period->first_day;
      g_date_add_days (&last, g_date_get_days_in_month (g_date_get_month (anchor),
                                                        g_date_get_year (anchor)) - 1);
      back_to_monday (&period->first_day);
      g_date_add_days (&last, G_DATE_SUNDAY - g_date_get_weekday (&last));
      period->n_days = g_date_days_between (&period->first_day, &last) + 1;
      break;

    case TERRA_CALENDAR_MODE_WEEK:
      back_to_monday (&period->first_day);
      period->n_days = 7;
      break;

    case TERRA_CALENDAR_MODE_DAY:
    default:
      period->n_days = 1;
      break;
    }
}

/* Moves @period a month, week or day forward (@direction > 0) or back. */
void
terra_calendar_period_step (TerraCalendarPeriod *period,
                            int                  direction)
{
  GDate anchor;

  g_return_if_fail (period != NULL);

  anchor = period->anchor;
  switch (period->mode)
    {
    case TERRA_CALENDAR_MODE_MONTH:
      if (direction > 0)
        g_date_add_months (&anchor, 1);
      else
        g_date_subtract_months (&anchor, 1);
      break;

    case TERRA_CALENDAR_MODE_WEEK:
      if (direction > 0)
        g_date_add_days (&anchor, 7);
      else
        g_date_subtract_days (&anchor, 7);
      break;

    case TERRA_CALENDAR_MODE_DAY:
    default:
      if (direction > 0)
        g_date_add_days (&anchor, 1);
      else
        g_date_subtract_days (&anchor, 1);
      break;
    }

  terra_calendar_period_init (period, period->mode, &anchor);
}

/* The instants (µs, UTC) the period's first day starts and the day after
 * its last starts, in @zone. */
void
terra_calendar_period_get_range (const TerraCalendarPeriod *period,
                                 GTimeZone                 *zone,
                                 gint64                    *from_utc,
                                 gint64                    *to_utc)
{
  GDate last;

  g_return_if_fail (period != NULL);

  last = period->first_day;
  g_date_add_days (&last, period->n_days - 1);
  *from_utc = terra_calendar_local_to_utc (zone, &period->first_day, 0);
  *to_utc = terra_calendar_local_to_utc (zone, &last, 24 * 60);
}

gboolean
terra_calendar_period_contains (const TerraCalendarPeriod *period,
                                const GDate               *date)
{
  int offset = g_date_days_between (&period->first_day, date);

  return offset >= 0 && offset < (int)period->n_days;
}

static char *
format_week (const GDate *first,
             const GDate *last)
{
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;

  if (g_date_get_year (first) != g_date_get_year (last))
    {
      /* Translators: the first day of a week that spans two years, as in
       * "28 Dec 2026 – 3 Jan 2027"; see g_date_time_format(). */
      from = terra_calendar_format_date (first, C_("week", "%-d %b %Y"));
    }
  else if (g_date_get_month (first) != g_date_get_month (last))
    {
      /* Translators: the first day of a week that spans two months, as
       * in "30 Nov – 6 Dec 2026"; see g_date_time_format(). */
      from = terra_calendar_format_date (first, C_("week", "%-d %b"));
    }
  else
    {
      /* Translators: the first day of a week within one month, as in
       * "16 – 22 Nov 2026"; see g_date_time_format(). */
      from = terra_calendar_format_date (first, C_("week", "%-d"));
    }

  /* Translators: the last day of a week, as in "16 – 22 Nov 2026"; see
   * g_date_time_format(). */
  to = terra_calendar_format_date (last, C_("week", "%-d %b %Y"));

  /* Translators: a week, from its first to its last day. */
  return g_strdup_printf (C_("week", "%s – %s"), from, to);
}

/* Returns (transfer full) the period's title: "November 2026",
 * "16 – 22 Nov 2026" or "Saturday, 21 November 2026". */
char *
terra_calendar_period_format (const TerraCalendarPeriod *period)
{
  GDate last;

  g_return_val_if_fail (period != NULL, NULL);

  switch (period->mode)
    {
    case TERRA_CALENDAR_MODE_MONTH:
      /* Translators: a month and its year, as in "November 2026"; %OB is
       * the month's name on its own (not in a date). */
      return terra_calendar_format_date (&period->anchor, C_("month", "%OB %Y"));

    case TERRA_CALENDAR_MODE_WEEK:
      last = period->first_day;
      g_date_add_days (&last, 6);
      return format_week (&period->first_day, &last);

    case TERRA_CALENDAR_MODE_DAY:
    default:
      /* Translators: a day, as in "Saturday, 21 November 2026"; see
       * g_date_time_format(). */
      return terra_calendar_format_date (&period->anchor, C_("day", "%A, %-d %B %Y"));
    }
}

/* The data of a period */

G_DEFINE_BOXED_TYPE (TerraCalendarData, terra_calendar_data,
                     terra_calendar_data_ref, terra_calendar_data_unref)

static TerraCalendarData *
terra_calendar_data_new (const TerraCalendarPeriod *period)
{
  TerraCalendarData *self = g_new0 (TerraCalendarData, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->period = *period;
  return self;
}

TerraCalendarData *
terra_calendar_data_ref (TerraCalendarData *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
terra_calendar_data_unref (TerraCalendarData *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_clear_pointer (&self->zone, g_time_zone_unref);
  g_clear_pointer (&self->bookings, g_ptr_array_unref);
  g_clear_pointer (&self->busy_times, g_ptr_array_unref);
  g_clear_pointer (&self->free_slots, g_array_unref);
  g_clear_pointer (&self->types, g_ptr_array_unref);
  g_clear_pointer (&self->opening_hours, g_array_unref);
  g_clear_pointer (&self->day_overrides, g_ptr_array_unref);
  g_free (self);
}

/* Returns (transfer none) the appointment type @type_id, or NULL. */
TerraAppointmentType *
terra_calendar_data_lookup_type (TerraCalendarData *self,
                                 gint64             type_id)
{
  g_return_val_if_fail (self != NULL, NULL);

  for (guint i = 0; i < self->types->len; i++)
    {
      TerraAppointmentType *type = g_ptr_array_index (self->types, i);

      if (terra_appointment_type_get_id (type) == type_id)
        return type;
    }

  return NULL;
}

/**
 * terra_calendar_data_get_hours:
 * @date: a date of the period
 *
 * Returns: (transfer full) (element-type TerraOpeningRange): the opening
 *   ranges of @date: its special hours if it has any (none if it is
 *   closed), else its weekday's
 */
GArray *
terra_calendar_data_get_hours (TerraCalendarData *self,
                               const GDate       *date)
{
  GArray *ranges = g_array_new (FALSE, FALSE, sizeof (TerraOpeningRange));
  int weekday = g_date_get_weekday (date);
  gboolean special = FALSE;

  g_return_val_if_fail (self != NULL, ranges);

  for (guint i = 0; self->day_overrides != NULL && i < self->day_overrides->len; i++)
    {
      const TerraDayOverride *day = g_ptr_array_index (self->day_overrides, i);

      if (g_date_compare (&day->date, date) != 0)
        continue;
      special = TRUE;
      if (day->closed)
        {
          g_array_set_size (ranges, 0);
          return ranges;
        }
      g_array_append_val (ranges, ((TerraOpeningRange) { weekday, day->start_minute, day->end_minute }));
    }

  for (guint i = 0; !special && i < self->opening_hours->len; i++)
    if (g_array_index (self->opening_hours, TerraOpeningRange, i).weekday == weekday)
      g_array_append_val (ranges, g_array_index (self->opening_hours, TerraOpeningRange, i));

  return ranges;
}

/* The type whose free slots are shown: @wanted if it is active, else the
 * first active one; 0 when there is none. */
static gint64
choose_free_type (TerraCalendarData *self,
                  gint64             wanted)
{
  gint64 first = 0;

  for (guint i = 0; i < self->types->len; i++)
    {
      TerraAppointmentType *type = g_ptr_array_index (self->types, i);

      if (!terra_appointment_type_get_active (type))
        continue;

      self->n_active_types++;
      if (terra_appointment_type_get_id (type) == wanted)
        first = wanted;
      else if (first == 0)
        first = terra_appointment_type_get_id (type);
    }

  return first;
}

static gboolean
load_bookings (TerraCalendarData  *self,
               TerraStore         *store,
               GError            **error)
{
  g_autoptr(TerraQuery) query = terra_query_new (TERRA_TYPE_BOOKING);

  terra_query_where_int (query, "start_utc", TERRA_QUERY_GE, self->from_utc);
  terra_query_where_int (query, "start_utc", TERRA_QUERY_LT, self->to_utc);
  terra_query_order_by (query, "start_utc", FALSE);
  /* Every one of them, not the query's default page. */
  terra_query_set_range (query, 0, G_MAXINT);

  self->bookings = terra_store_list (store, query, error);
  return self->bookings != NULL;
}

static gboolean
load_types (TerraCalendarData  *self,
            TerraStore         *store,
            GError            **error)
{
  g_autoptr(TerraQuery) query = terra_query_new (TERRA_TYPE_APPOINTMENT_TYPE);

  terra_query_order_by (query, "id", FALSE);
  terra_query_set_range (query, 0, G_MAXINT);

  self->types = terra_store_list (store, query, error);
  return self->types != NULL;
}

static gboolean
load_day_overrides (TerraCalendarData  *self,
                    TerraStore         *store,
                    GError            **error)
{
  GDate last = self->period.first_day;

  g_date_add_days (&last, self->period.n_days - 1);
  self->day_overrides = terra_store_list_day_overrides (store, &self->period.first_day, &last, error);
  return self->day_overrides != NULL;
}

static gboolean
load_free_slots (TerraCalendarData  *self,
                 TerraScheduler     *scheduler,
                 gboolean            with_free_slots,
                 gint64              now,
                 GError            **error)
{
  if (!with_free_slots || self->free_type_id == 0)
    {
      self->free_slots = g_array_new (FALSE, FALSE, sizeof (TerraSlot));
      return TRUE;
    }

  self->free_slots = terra_scheduler_find_free_slots (scheduler, self->free_type_id,
                                                      self->from_utc, self->to_utc,
                                                      G_MAXUINT, now, error);
  return self->free_slots != NULL;
}

/**
 * terra_calendar_data_load:
 * @store: the calling thread's connection
 * @period: the days to read
 * @free_type_id: the appointment type whose free slots to find; 0 or an
 *   inactive type: the first active one. A month has no free slots.
 * @now: the current time, for the booking notice and horizon
 *
 * Reads everything the Calendar shows of @period, in the business time
 * zone as it is now.
 *
 * Returns: (transfer full): the period, or %NULL with @error set
 */
TerraCalendarData *
terra_calendar_data_load (TerraStore                 *store,
                          const TerraCalendarPeriod  *period,
                          gint64                      free_type_id,
                          gint64                      now,
                          GError                    **error)
{
  g_autoptr(TerraCalendarData) self = NULL;
  g_autoptr(TerraScheduler) scheduler = NULL;
  gboolean ok;

  g_return_val_if_fail (TERRA_IS_STORE (store), NULL);
  g_return_val_if_fail (period != NULL && g_date_valid (&period->first_day), NULL);

  self = terra_calendar_data_new (period);
  scheduler = terra_scheduler_new (store);

  if (!terra_store_begin_read (store, error))
    return NULL;

  self->zone = terra_scheduler_get_time_zone (scheduler);
  terra_calendar_period_get_range (period, self->zone, &self->from_utc, &self->to_utc);

  ok = load_types (self, store, error);
  if (ok)
    {
      self->free_type_id = choose_free_type (self, free_type_id);
      ok = load_bookings (self, store, error) &&
           (self->busy_times = terra_store_list_busy_times (store, self->from_utc, self->to_utc, error)) != NULL &&
           (self->opening_hours = terra_store_get_opening_hours (store, error)) != NULL &&
           load_day_overrides (self, store, error) &&
           load_free_slots (self, scheduler, period->mode != TERRA_CALENDAR_MODE_MONTH, now, error);
    }

  terra_store_rollback (store);

  return ok ? g_steal_pointer (&self) : NULL;
}

/* The loader */

typedef struct
{
  TerraCalendarPeriod period;
  gint64              free_type_id;
} LoadRequest;

/* The worker's state. Only the pool's single thread touches store;
 * workspace is set before the pool starts and never changes after. */
typedef struct
{
  TerraWorkspace *workspace;
  TerraStore     *store;
} LoadWorker;

struct _TerraCalendarLoader
{
  GObject      parent_instance;

  GThreadPool *pool;
  LoadWorker  *worker;
};

G_DEFINE_FINAL_TYPE (TerraCalendarLoader, terra_calendar_loader, G_TYPE_OBJECT)

/* Runs on the pool's thread, one task at a time. */
static void
load_worker_run (gpointer data,
                 gpointer user_data)
{
  g_autoptr(GTask) task = data;
  LoadWorker *worker = user_data;
  LoadRequest *request = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  TerraCalendarData *result;

  if (g_task_return_error_if_cancelled (task))
    return;

  if (worker->store == NULL)
    worker->store = terra_workspace_open_store (worker->workspace, &error);

  result = worker->store == NULL ? NULL
           : terra_calendar_data_load (worker->store, &request->period, request->free_type_id,
                                       g_get_real_time (), &error);
  if (result == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, result, (GDestroyNotify)terra_calendar_data_unref);
}

/* Waits for the tasks queued (cancel them first, and each returns at
 * once) and closes the worker's connection. */
void
terra_calendar_loader_stop (TerraCalendarLoader *self)
{
  g_return_if_fail (TERRA_IS_CALENDAR_LOADER (self));

  if (self->pool != NULL)
    g_thread_pool_free (g_steal_pointer (&self->pool), FALSE, TRUE);

  if (self->worker != NULL)
    {
      g_clear_object (&self->worker->store);
      g_clear_object (&self->worker->workspace);
      g_clear_pointer (&self->worker, g_free);
    }
}

static void
terra_calendar_loader_finalize (GObject *object)
{
  terra_calendar_loader_stop (TERRA_CALENDAR_LOADER (object));

  G_OBJECT_CLASS (terra_calendar_loader_parent_class)->finalize (object);
}

static void
terra_calendar_loader_class_init (TerraCalendarLoaderClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = terra_calendar_loader_finalize;
}

static void
terra_calendar_loader_init (TerraCalendarLoader *self)
{
}

/* Returns a loader reading @workspace on a thread of its own. */
TerraCalendarLoader *
terra_calendar_loader_new (TerraWorkspace *workspace)
{
  g_autoptr(GError) error = NULL;
  TerraCalendarLoader *self;

  g_return_val_if_fail (TERRA_IS_WORKSPACE (workspace), NULL);

  self = g_object_new (TERRA_TYPE_CALENDAR_LOADER, NULL);
  self->worker = g_new0 (LoadWorker, 1);
  self->worker->workspace = g_object_ref (workspace);

  /* Exclusive, so the connection stays on the one thread that opened it. */
  self->pool = g_thread_pool_new (load_worker_run, self->worker, 1, TRUE, &error);
  if (self->pool == NULL)
    g_warning ("Could not start the calendar’s worker thread: %s", error->message);

  return self;
}

/* Reads a period on the loader's thread; @callback runs on the calling
 * thread's main context. The task holds no reference on the loader. */
void
terra_calendar_loader_load_async (TerraCalendarLoader       *self,
                                  const TerraCalendarPeriod *period,
                                  gint64                     free_type_id,
                                  GCancellable              *cancellable,
                                  GAsyncReadyCallback        callback,
                                  gpointer                   user_data)
{
  g_autoptr(GError) error = NULL;
  LoadRequest *request;
  GTask *task;

  g_return_if_fail (TERRA_IS_CALENDAR_LOADER (self));
  g_return_if_fail (period != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, terra_calendar_loader_load_async);
  g_task_set_name (task, "[terra] calendar period");

  request = g_new0 (LoadRequest, 1);
  request->period = *period;
  request->free_type_id = free_type_id;
  g_task_set_task_data (task, request, g_free);

  if (self->pool == NULL)
    g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_CLOSED,
                         _("The calendar’s worker thread is not running"));

  if (error != NULL || !g_thread_pool_push (self->pool, task, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
    }
}

/* Returns (transfer full) the period read, or NULL with @error set. The
 * loader may be NULL: it may be gone when its last task comes back. */
TerraCalendarData *
terra_calendar_loader_load_finish (TerraCalendarLoader  *self,
                                   GAsyncResult         *result,
                                   GError              **error)
{
  g_return_val_if_fail (self == NULL || TERRA_IS_CALENDAR_LOADER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == terra_calendar_loader_load_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
