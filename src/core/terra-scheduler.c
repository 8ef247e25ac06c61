/* terra-scheduler.c — free slots and atomic bookings in the business's
 * local calendar
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Opening hours are wall-clock times in the business time zone, so a slot
 * is found by walking local days and turning each candidate's wall-clock
 * start into UTC through the zone: 10:00 stays 10:00 on the day the clocks
 * change, and a duration is always real elapsed time. Appointments are
 * stored in UTC with the zone's name.
 *
 * Buffers: an appointment with its buffers may not overlap another
 * appointment, and an appointment may not overlap another's buffers; two
 * back-to-back visits are therefore apart by the larger of the two buffers
 * between them, not their sum.
 */

#define G_LOG_DOMAIN "terra-scheduler"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "terra-scheduler.h"
#include "terra-store-private.h"

#define MINUTE ((gint64)60 * G_USEC_PER_SEC)

struct _TerraScheduler
{
  GObject     parent_instance;

  TerraStore *store;
  /* A booking being moved: its own time counts as free in searches. */
  gint64      moving_booking_id;
};

G_DEFINE_FINAL_TYPE (TerraScheduler, terra_scheduler, G_TYPE_OBJECT)

G_DEFINE_QUARK (terra-scheduler-error-quark, terra_scheduler_error)

/* Something the calendar is busy with: an appointment (with its buffers)
 * or an imported busy time (without). */
typedef struct
{
  gint64 start;
  gint64 end;
  gint64 pad_before;
  gint64 pad_after;
} Busy;

/* What one search needs, read once. */
typedef struct
{
  TerraBookingRules  rules;
  GTimeZone         *zone;
  GArray            *weekly;   /* TerraOpeningRange */
  gint64             duration;
  gint64             buffer_before;
  gint64             buffer_after;
  gint64             earliest; /* now + notice */
  gint64             latest;   /* now + horizon */
  gint64             exclude_booking_id;
} Search;

static void
search_clear (Search *search)
{
  g_clear_pointer (&search->zone, g_time_zone_unref);
  g_clear_pointer (&search->weekly, g_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Search, search_clear)

static void
terra_scheduler_finalize (GObject *object)
{
  TerraScheduler *self = (TerraScheduler *)object;

  g_clear_object (&self->store);

  G_OBJECT_CLASS (terra_scheduler_parent_class)->finalize (object);
}

static void
terra_scheduler_class_init (TerraSchedulerClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = terra_scheduler_finalize;
}

static void
terra_scheduler_init (TerraScheduler *self)
{
}

/* Returns a scheduler working through store (the calling thread's
 * connection). */
TerraScheduler *
terra_scheduler_new (TerraStore *store)
{
  TerraScheduler *self;

  g_return_val_if_fail (TERRA_IS_STORE (store), NULL);

  self = g_object_new (TERRA_TYPE_SCHEDULER, NULL);
  self->store = g_object_ref (store);
  return self;
}

/* Returns (transfer full) the business time zone: the setting, else the
 * system's. */
GTimeZone *
terra_scheduler_get_time_zone (TerraScheduler *self)
{
  g_return_val_if_fail (TERRA_IS_SCHEDULER (self), NULL);

  return terra_store_get_time_zone (self->store);
}

void
terra_scheduler_get_rules (TerraScheduler    *self,
                           TerraBookingRules *rules)
{
  g_return_if_fail (TERRA_IS_SCHEDULER (self));
  g_return_if_fail (rules != NULL);

  rules->min_notice_minutes = terra_store_get_setting_int (self->store, "booking.min_notice_minutes");
  rules->horizon_days = terra_store_get_setting_int (self->store, "booking.horizon_days");
  rules->max_per_day = terra_store_get_setting_int (self->store, "booking.max_per_day");
  rules->slot_minutes = MAX (5, terra_store_get_setting_int (self->store, "booking.slot_minutes"));
}

/* While a booking is being rescheduled, searches treat its current time as
 * free, so the lead can move it by half an hour; 0 ends that. */
void
terra_scheduler_set_moving_booking (TerraScheduler *self,
                                    gint64          booking_id)
{
  g_return_if_fail (TERRA_IS_SCHEDULER (self));
  self->moving_booking_id = booking_id;
}

static gboolean
search_init (TerraScheduler  *self,
             Search          *search,
             gint64           appointment_type_id,
             gint64           now,
             GError         **error)
{
  g_autoptr(TerraAppointmentType) type = NULL;
  g_autoptr(GError) local_error = NULL;

  type = terra_store_get (self->store, TERRA_TYPE_APPOINTMENT_TYPE, appointment_type_id, &local_error);
  if (type == NULL)
    {
      if (g_error_matches (local_error, TERRA_STORE_ERROR, TERRA_STORE_ERROR_NOT_FOUND))
        g_set_error (error, TERRA_SCHEDULER_ERROR, TERRA_SCHEDULER_ERROR_INVALID,
                     _("There is no appointment type with id %lld"), (long long)appointment_type_id);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  terra_scheduler_get_rules (self, &search->rules);
  search->zone = terra_scheduler_get_time_zone (self);
  search->weekly = terra_store_get_opening_hours (self->store, error);
  if (search->weekly == NULL)
    return FALSE;

  search->duration = terra_appointment_type_get_duration_minutes (type) * MINUTE;
  search->buffer_before = terra_appointment_type_get_buffer_before_minutes (type) * MINUTE;
  search->buffer_after = terra_appointment_type_get_buffer_after_minutes (type) * MINUTE;
  search->exclude_booking_id = self->moving_booking_id;
  search->earliest = now + search->rules.min_notice_minutes * MINUTE;
  search->latest = now + search->rules.horizon_days * G_TIME_SPAN_DAY;
  return TRUE;
}

/* The UTC instant of a wall-clock minute of a local day (minute may be
 * 1440, the next midnight). A time skipped by a clock change moves
 * forward, as GLib does it. */
static gint64
local_to_utc (GTimeZone   *zone,
              const GDate *date,
              int          minute)
{
  g_autoptr(GDateTime) midnight = g_date_time_new (zone,
                                                   g_date_get_year (date),
                                                   g_date_get_month (date),
                                                   g_date_get_day (date),
                                                   0, 0, 0);
  g_autoptr(GDateTime) local = NULL;

  if (minute >= 24 * 60)
    local = g_date_time_add_days (midnight, 1);
  else
    local = g_date_time_new (zone,
                             g_date_get_year (date),
                             g_date_get_month (date),
                             g_date_get_day (date),
                             minute / 60, minute % 60, 0);

  return g_date_time_to_unix (local) * G_USEC_PER_SEC;
}

/* The local date of a UTC instant. */
static void
utc_to_local_date (GTimeZone *zone,
                   gint64     utc,
                   GDate     *date)
{
  g_autoptr(GDateTime) instant = g_date_time_new_from_unix_utc (utc / G_USEC_PER_SEC);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (instant, zone);

  g_date_clear (date, 1);
  g_date_set_dmy (date,
                  g_date_time_get_day_of_month (local),
                  g_date_time_get_month (local),
                  g_date_time_get_year (local));
}

/* The opening ranges of one date: its overrides if it has any (a closed
 * override closes the day), else the weekday's. */
static GArray *
day_ranges (TerraScheduler  *self,
            Search          *search,
            const GDate     *date,
            GError         **error)
{
  g_autoptr(GArray) ranges = g_array_new (FALSE, FALSE, sizeof (TerraOpeningRange));
  g_autoptr(TerraStatement) stmt = NULL;
  g_autoptr(GError) local_error = NULL;
  char iso[16];
  gboolean has_override = FALSE;
  gboolean closed = FALSE;
  int weekday = g_date_get_weekday (date);

  g_snprintf (iso, sizeof iso, "%04d-%02d-%02d",
              g_date_get_year (date), g_date_get_month (date), g_date_get_day (date));

  stmt = _terra_store_prepare (self->store,
                               "SELECT closed, start_minute, end_minute FROM availability_overrides "
                               "WHERE date = ? ORDER BY start_minute",
                               error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, iso, -1, SQLITE_TRANSIENT);

  while (_terra_store_step_row (self->store, stmt, _("Could not read the opening hours"), &local_error))
    {
      has_override = TRUE;
      if (sqlite3_column_int (stmt, 0) != 0 || sqlite3_column_type (stmt, 1) == SQLITE_NULL)
        closed = TRUE;
      else
        {
          TerraOpeningRange range = { weekday, sqlite3_column_int (stmt, 1), sqlite3_column_int (stmt, 2) };

          g_array_append_val (ranges, range);
        }
    }

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  if (closed)
    g_array_set_size (ranges, 0);
  else if (!has_override)
    for (guint i = 0; i < search->weekly->len; i++)
      if (g_array_index (search->weekly, TerraOpeningRange, i).weekday == weekday)
        g_array_append_val (ranges, g_array_index (search->weekly, TerraOpeningRange, i));

  return g_steal_pointer (&ranges);
}

/* Everything the calendar is busy with between from and to. */
static GArray *
load_busy (TerraScheduler  *self,
           Search          *search,
           gint64           from,
           gint64           to,
           GError         **error)
{
  g_autoptr(GArray) busy = g_array_new (FALSE, FALSE, sizeof (Busy));
  g_autoptr(GError) local_error = NULL;
  g_autoptr(TerraStatement) bookings = NULL;
  g_autoptr(TerraStatement) imported = NULL;

  /* Buffers are at most a day, so a day's margin finds every booking
   * whose buffers reach into the window. */
  bookings = _terra_store_prepare (self->store,
                                   "SELECT b.start_utc, b.end_utc,"
                                   "       coalesce (t.buffer_before_minutes, 0), coalesce (t.buffer_after_minutes, 0) "
                                   "FROM bookings b LEFT JOIN appointment_types t ON t.id = b.appointment_type_id "
                                   "WHERE b.status = 'confirmed' AND b.start_utc < ? AND b.start_utc > ?"
                                   " AND b.end_utc > ? AND b.id != ?",
                                   error);
  if (bookings == NULL)
    return NULL;
  /* The lower bound on the start keeps this an index range of a few
   * days rather than a scan of every earlier booking: an appointment
   * lasts at most a day (appointment_types.duration_minutes). */
  sqlite3_bind_int64 (bookings, 1, to + G_TIME_SPAN_DAY);
  sqlite3_bind_int64 (bookings, 2, from - 3 * G_TIME_SPAN_DAY);
  sqlite3_bind_int64 (bookings, 3, from - G_TIME_SPAN_DAY);
  sqlite3_bind_int64 (bookings, 4, search->exclude_booking_id);

  while (_terra_store_step_row (self->store, bookings, _("Could not read the calendar"), &local_error))
    {
      Busy item = {
        sqlite3_column_int64 (bookings, 0),
        sqlite3_column_int64 (bookings, 1),
        sqlite3_column_int64 (bookings, 2) * MINUTE,
        sqlite3_column_int64 (bookings, 3) * MINUTE,
      };

      g_array_append_val (busy, item);
    }
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  imported = _terra_store_prepare (self->store,
                                   "SELECT start_utc, end_utc FROM busy_times"
                                   " WHERE start_utc < ? AND start_utc > ? AND end_utc > ?",
                                   error);
  if (imported == NULL)
    return NULL;
  /* Imported times are stored in pieces of at most a day
   * (terra_store_replace_busy_times), so the same bound holds. */
  sqlite3_bind_int64 (imported, 1, to + G_TIME_SPAN_DAY);
  sqlite3_bind_int64 (imported, 2, from - 3 * G_TIME_SPAN_DAY);
  sqlite3_bind_int64 (imported, 3, from - G_TIME_SPAN_DAY);

  while (_terra_store_step_row (self->store, imported, _("Could not read the busy times"), &local_error))
    {
      Busy item = { sqlite3_column_int64 (imported, 0), sqlite3_column_int64 (imported, 1), 0, 0 };

      g_array_append_val (busy, item);
    }
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  return g_steal_pointer (&busy);
}

static gboolean
overlaps (gint64 a_start,
          gint64 a_end,
          gint64 b_start,
          gint64 b_end)
{
  return a_start < b_end && b_start < a_end;
}

static gboolean
conflicts (const Search *search,
           GArray       *busy,
           gint64        start,
           gint64        end)
{
  for (guint i = 0; i < busy->len; i++)
    {
      const Busy *b = &g_array_index (busy, Busy, i);

      if (overlaps (start - search->buffer_before, end + search->buffer_after, b->start, b->end) ||
          overlaps (start, end, b->start - b->pad_before, b->end + b->pad_after))
        return TRUE;
    }
  return FALSE;
}

/* How many confirmed appointments start on the local day [from, to). */
static gint64
count_day_bookings (TerraScheduler  *self,
                    Search          *search,
                    gint64           from,
                    gint64           to,
                    GError         **error)
{
  g_autoptr(TerraStatement) stmt =
    _terra_store_prepare (self->store,
                          "SELECT count(*) FROM bookings WHERE status = 'confirmed'"
                          " AND start_utc >= ? AND start_utc < ? AND id != ?",
                          error);

  if (stmt == NULL)
    return -1;
  sqlite3_bind_int64 (stmt, 1, from);
  sqlite3_bind_int64 (stmt, 2, to);
  sqlite3_bind_int64 (stmt, 3, search->exclude_booking_id);
  if (!_terra_store_step_row (self->store, stmt, _("Could not read the calendar"), error))
    return -1;
  return sqlite3_column_int64 (stmt, 0);
}

static void
part_window (TerraDayPart  part,
             int          *from_minute,
             int          *to_minute)
{
  static const int windows[][2] = {
    [TERRA_DAY_PART_ALL] = { 0, 24 * 60 },
    [TERRA_DAY_PART_MORNING] = { 0, 12 * 60 },
    [TERRA_DAY_PART_AFTERNOON] = { 12 * 60, 17 * 60 },
    [TERRA_DAY_PART_EVENING] = { 17 * 60, 24 * 60 },
  };

  *from_minute = windows[part][0];
  *to_minute = windows[part][1];
}

/* Adds the free slots of one local day that start in [from, to) to out,
 * up to max_slots in all. */
static gboolean
collect_day (TerraScheduler  *self,
             Search          *search,
             const GDate     *date,
             TerraDayPart     part,
             gint64           from,
             gint64           to,
             guint            max_slots,
             GArray          *out,
             GError         **error)
{
  g_autoptr(GArray) ranges = NULL;
  g_autoptr(GArray) busy = NULL;
  gint64 day_start = local_to_utc (search->zone, date, 0);
  gint64 day_end = local_to_utc (search->zone, date, 24 * 60);
  int part_from, part_to;

  if ((ranges = day_ranges (self, search, date, error)) == NULL)
    return FALSE;
  if (ranges->len == 0)
    return TRUE;

  if (search->rules.max_per_day > 0)
    {
      gint64 n = count_day_bookings (self, search, day_start, day_end, error);

      if (n < 0)
        return FALSE;
      if (n >= search->rules.max_per_day)
        return TRUE;
    }

  if ((busy = load_busy (self, search, day_start, day_end, error)) == NULL)
    return FALSE;

  part_window (part, &part_from, &part_to);

  for (guint r = 0; r < ranges->len; r++)
    {
      const TerraOpeningRange *range = &g_array_index (ranges, TerraOpeningRange, r);
      gint64 range_end = local_to_utc (search->zone, date, range->end_minute);

      for (int minute = range->start_minute; minute < range->end_minute; minute += search->rules.slot_minutes)
        {
          gint64 start;
          TerraSlot slot;

          if (minute < part_from || minute >= part_to)
            continue;

          start = local_to_utc (search->zone, date, minute);
          slot.start_utc = start;
          slot.end_utc = start + search->duration;

          if (slot.end_utc > range_end)
            break;
          if (start < from || start < search->earliest || start >= to || start >= search->latest)
            continue;
          if (conflicts (search, busy, slot.start_utc, slot.end_utc))
            continue;
          /* A repeated wall-clock hour (clocks going back) maps two
           * minutes to one instant; offer it once. */
          if (out->len > 0 && g_array_index (out, TerraSlot, out->len - 1).start_utc >= start)
            continue;

          g_array_append_val (out, slot);
          if (out->len >= max_slots)
            return TRUE;
        }
    }

  return TRUE;
}

static GArray *
find_slots (TerraScheduler  *self,
            Search          *search,
            TerraDayPart     part,
            gint64           from,
            gint64           to,
            guint            max_slots,
            GError         **error)
{
  g_autoptr(GArray) slots = g_array_new (FALSE, FALSE, sizeof (TerraSlot));
  GDate day, last;

  from = MAX (from, search->earliest);
  to = MIN (to, search->latest);
  if (from >= to || max_slots == 0)
    return g_steal_pointer (&slots);

  utc_to_local_date (search->zone, from, &day);
  utc_to_local_date (search->zone, to, &last);

  while (g_date_compare (&day, &last) <= 0 && slots->len < max_slots)
    {
      if (!collect_day (self, search, &day, part, from, to, max_slots, slots, error))
        return NULL;
      g_date_add_days (&day, 1);
    }

  return g_steal_pointer (&slots);
}

/**
 * terra_scheduler_find_free_slots:
 * @from_utc: the earliest start
 * @to_utc: starts before this
 * @max_slots: at most this many, earliest first
 * @now: the current time; the notice and horizon count from it
 *
 * Returns: (transfer full) (element-type TerraSlot): the free slots
 */
GArray *
terra_scheduler_find_free_slots (TerraScheduler  *self,
                                 gint64           appointment_type_id,
                                 gint64           from_utc,
                                 gint64           to_utc,
                                 guint            max_slots,
                                 gint64           now,
                                 GError         **error)
{
  g_auto(Search) search = { 0 };

  g_return_val_if_fail (TERRA_IS_SCHEDULER (self), NULL);

  if (!search_init (self, &search, appointment_type_id, now, error))
    return NULL;
  return find_slots (self, &search, TERRA_DAY_PART_ALL, from_utc, to_utc, max_slots, error);
}

/* The next n free slots after after_utc — "when can you come?". */
GArray *
terra_scheduler_next_free_slots (TerraScheduler  *self,
                                 gint64           appointment_type_id,
                                 gint64           after_utc,
                                 guint            n_slots,
                                 gint64           now,
                                 GError         **error)
{
  return terra_scheduler_find_free_slots (self, appointment_type_id, after_utc, G_MAXINT64,
                                          n_slots, now, error);
}

/* The free slots of a local day, or of its morning, afternoon or evening —
 * "tomorrow afternoon". */
GArray *
terra_scheduler_free_slots_on_day (TerraScheduler  *self,
                                   gint64           appointment_type_id,
                                   GDate           *day,
                                   TerraDayPart     part,
                                   gint64           now,
                                   GError         **error)
{
  g_auto(Search) search = { 0 };

  g_return_val_if_fail (TERRA_IS_SCHEDULER (self), NULL);
  g_return_val_if_fail (day != NULL && g_date_valid (day), NULL);
  g_return_val_if_fail (part <= TERRA_DAY_PART_EVENING, NULL);

  if (!search_init (self, &search, appointment_type_id, now, error))
    return NULL;
  return find_slots (self, &search, part,
                     local_to_utc (search.zone, day, 0),
                     local_to_utc (search.zone, day, 24 * 60),
                     G_MAXUINT, error);
}

static int
compare_distance (gconstpointer a,
                  gconstpointer b,
                  gpointer      user_data)
{
  gint64 wanted = *(gint64 *)user_data;
  gint64 da = ABS (((const TerraSlot *)a)->start_utc - wanted);
  gint64 db = ABS (((const TerraSlot *)b)->start_utc - wanted);

  return da < db ? -1 : da > db ? 1 : 0;
}

static int
compare_start (gconstpointer a,
               gconstpointer b)
{
  gint64 sa = ((const TerraSlot *)a)->start_utc;
  gint64 sb = ((const TerraSlot *)b)->start_utc;

  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

/* The n free slots closest to a requested time, in time order — "is 3pm
 * on Friday possible?" when it is not. Looks a week around it. */
GArray *
terra_scheduler_free_slots_near (TerraScheduler  *self,
                                 gint64           appointment_type_id,
                                 gint64           wanted_utc,
                                 guint            n_slots,
                                 gint64           now,
                                 GError         **error)
{
  g_autoptr(GArray) slots = NULL;

  slots = terra_scheduler_find_free_slots (self, appointment_type_id,
                                           wanted_utc - 3 * G_TIME_SPAN_DAY,
                                           wanted_utc + 7 * G_TIME_SPAN_DAY,
                                           G_MAXUINT, now, error);
  if (slots == NULL)
    return NULL;

  g_array_sort_with_data (slots, compare_distance, &wanted_utc);
  if (slots->len > n_slots)
    g_array_set_size (slots, n_slots);
  g_array_sort (slots, compare_start);
  return g_steal_pointer (&slots);
}

/* Checks that [start, start + duration) may be booked now: every rule, and
 * no conflict. Run inside the write transaction, so nobody else can take
 * the slot between the check and the insert. */
static gboolean
validate_slot (TerraScheduler  *self,
               Search          *search,
               gint64           start,
               GError         **error)
{
  g_autoptr(GArray) ranges = NULL;
  g_autoptr(GArray) busy = NULL;
  gint64 end = start + search->duration;
  gboolean inside = FALSE;
  GDate date;

  if (start < search->earliest)
    {
      g_set_error (error, TERRA_SCHEDULER_ERROR, TERRA_SCHEDULER_ERROR_TOO_SOON,
                   _("Appointments need %d minutes’ notice"), search->rules.min_notice_minutes);
      return FALSE;
    }
  if (start >= search->latest)
    {
      g_set_error (error, TERRA_SCHEDULER_ERROR, TERRA_SCHEDULER_ERROR_TOO_FAR,
                   _("Appointments can be booked at most %d days ahead"), search->rules.horizon_days);
      return FALSE;
    }

  utc_to_local_date (search->zone, start, &date);
  if ((ranges = day_ranges (self, search, &date, error)) == NULL)
    return FALSE;
  for (guint i = 0; i < ranges->len && !inside; i++)
    {
      const TerraOpeningRange *range = &g_array_index (ranges, TerraOpeningRange, i);

      inside = start >= local_to_utc (search->zone, &date, range->start_minute) &&
               end <= local_to_utc (search->zone, &date, range->end_minute);
    }
  if (!inside)
    {
      g_set_error (error, TERRA_SCHEDULER_ERROR, TERRA_SCHEDULER_ERROR_CLOSED,
                   _("The business is not open for the whole appointment at that time"));
      return FALSE;
    }

  if (search->rules.max_per_day > 0)
    {
      gint64 n = count_day_bookings (self, search,
                                     local_to_utc (search->zone, &date, 0),
                                     local_to_utc (search->zone, &date, 24 * 60), error);
      if (n < 0)
        return FALSE;
      if (n >= search->rules.max_per_day)
        {
          g_set_error (error, TERRA_SCHEDULER_ERROR, TERRA_SCHEDULER_ERROR_DAY_FULL,
                       _("That day already has the most appointments allowed (%d)"),
                       search->rules.max_per_day);
          return FALSE;
        }
    }

  if ((busy = load_busy (self, search, start, end, error)) == NULL)
    return FALSE;
  if (conflicts (search, busy, start, end))
    {
      g_set_error (error, TERRA_SCHEDULER_ERROR, TERRA_SCHEDULER_ERROR_SLOT_TAKEN,
                   _("That time is no longer free"));
      return FALSE;
    }

  return TRUE;
}

static TerraBooking *
insert_booking (TerraScheduler      *self,
                Search              *search,
                gint64               appointment_type_id,
                gint64               contact_id,
                gint64               conversation_id,
                gint64               start_utc,
                TerraBookingSource   source,
                const char          *notes,
                GError             **error)
{
  g_autoptr(TerraAppointmentType) type = NULL;
  g_autoptr(TerraContact) contact = NULL;
  g_autoptr(TerraBooking) booking = terra_booking_new ();
  g_autofree char *title = NULL;
  g_autofree char *payload = NULL;
  g_autoptr(GError) local_error = NULL;

  contact = terra_store_get (self->store, TERRA_TYPE_CONTACT, contact_id, &local_error);
  if (contact == NULL)
    {
      g_set_error (error, TERRA_SCHEDULER_ERROR, TERRA_SCHEDULER_ERROR_INVALID,
                   _("There is no contact with id %lld"), (long long)contact_id);
      return NULL;
    }
  type = terra_store_get (self->store, TERRA_TYPE_APPOINTMENT_TYPE, appointment_type_id, error);
  if (type == NULL)
    return NULL;

  title = *terra_contact_get_name (contact) != '\0'
          ? g_strdup_printf ("%s — %s", terra_appointment_type_get_name (type), terra_contact_get_name (contact))
          : g_strdup (terra_appointment_type_get_name (type));

  terra_booking_set_contact_id (booking, contact_id);
  terra_booking_set_conversation_id (booking, conversation_id);
  terra_booking_set_appointment_type_id (booking, appointment_type_id);
  terra_booking_set_title (booking, title);
  terra_booking_set_start_utc (booking, start_utc);
  terra_booking_set_end_utc (booking, start_utc + search->duration);
  terra_booking_set_timezone (booking, g_time_zone_get_identifier (search->zone));
  terra_booking_set_location (booking, terra_appointment_type_get_location (type));
  terra_booking_set_source (booking, source);
  terra_booking_set_status (booking, TERRA_BOOKING_STATUS_CONFIRMED);
  terra_booking_set_notes (booking, notes);

  if (!terra_store_insert (self->store, booking, error))
    return NULL;

  payload = g_strdup_printf ("{\"booking_id\": %" G_GINT64_FORMAT ", \"source\": \"%s\"}",
                             terra_booking_get_id (booking),
                             source == TERRA_BOOKING_SOURCE_ASSISTANT ? "assistant" : "manual");
  if (!terra_store_log_event (self->store, "booking.created", contact_id, conversation_id, payload, error))
    return NULL;

  return g_steal_pointer (&booking);
}

/**
 * terra_scheduler_book:
 * @conversation_id: the conversation it was booked in, or 0
 * @notes: (nullable): notes for the owner
 *
 * Books an appointment atomically: of two connections racing for the same
 * time, exactly one gets it and the other a
 * %TERRA_SCHEDULER_ERROR_SLOT_TAKEN.
 *
 * Returns: (transfer full): the booking, or %NULL with an error that says
 *   which rule the time breaks
 */
TerraBooking *
terra_scheduler_book (TerraScheduler      *self,
                      gint64               appointment_type_id,
                      gint64               contact_id,
                      gint64               conversation_id,
                      gint64               start_utc,
                      TerraBookingSource   source,
                      const char          *notes,
                      gint64               now,
                      GError             **error)
{
  g_auto(Search) search = { 0 };
  g_autoptr(TerraBooking) booking = NULL;

  g_return_val_if_fail (TERRA_IS_SCHEDULER (self), NULL);
  g_return_val_if_fail (!terra_store_in_transaction (self->store), NULL);

  /* The write lock first: the check and the insert see the same calendar. */
  if (!terra_store_begin (self->store, error))
    return NULL;

  if (!search_init (self, &search, appointment_type_id, now, error) ||
      !validate_slot (self, &search, start_utc, error) ||
      (booking = insert_booking (self, &search, appointment_type_id, contact_id, conversation_id,
                                 start_utc, source, notes, error)) == NULL)
    {
      terra_store_rollback (self->store);
      return NULL;
    }

  if (!terra_store_commit (self->store, error))
    return NULL;

  return g_steal_pointer (&booking);
}

static TerraBooking *
get_confirmed_booking (TerraScheduler  *self,
                       gint64           booking_id,
                       GError         **error)
{
  g_autoptr(TerraBooking) booking = terra_store_get (self->store, TERRA_TYPE_BOOKING, booking_id, NULL);

  if (booking == NULL || terra_booking_get_status (booking) != TERRA_BOOKING_STATUS_CONFIRMED)
    {
      g_set_error (error, TERRA_SCHEDULER_ERROR, TERRA_SCHEDULER_ERROR_INVALID,
                   _("There is no confirmed appointment with id %lld"), (long long)booking_id);
      return NULL;
    }

  return g_steal_pointer (&booking);
}

/* Moves a confirmed appointment to another free time, atomically; the old
 * time is free again and the booking keeps its id. */
gboolean
terra_scheduler_reschedule (TerraScheduler  *self,
                            gint64           booking_id,
                            gint64           new_start_utc,
                            gint64           now,
                            GError         **error)
{
  g_auto(Search) search = { 0 };
  g_autoptr(TerraBooking) booking = NULL;
  g_autofree char *payload = NULL;

  g_return_val_if_fail (TERRA_IS_SCHEDULER (self), FALSE);
  g_return_val_if_fail (!terra_store_in_transaction (self->store), FALSE);

  if (!terra_store_begin (self->store, error))
    return FALSE;

  if ((booking = get_confirmed_booking (self, booking_id, error)) == NULL ||
      !search_init (self, &search, terra_booking_get_appointment_type_id (booking), now, error))
    goto failed;

  search.exclude_booking_id = booking_id;
  if (!validate_slot (self, &search, new_start_utc, error))
    goto failed;

  payload = g_strdup_printf ("{\"booking_id\": %" G_GINT64_FORMAT ", \"from\": %" G_GINT64_FORMAT
                             ", \"to\": %" G_GINT64_FORMAT "}",
                             booking_id, terra_booking_get_start_utc (booking), new_start_utc);
  terra_booking_set_start_utc (booking, new_start_utc);
  terra_booking_set_end_utc (booking, new_start_utc + search.duration);
  terra_booking_set_timezone (booking, g_time_zone_get_identifier (search.zone));

  if (!terra_store_update (self->store, booking, error) ||
      !terra_store_log_event (self->store, "booking.rescheduled", terra_booking_get_contact_id (booking),
                              terra_booking_get_conversation_id (booking), payload, error))
    goto failed;

  return terra_store_commit (self->store, error);

failed:
  terra_store_rollback (self->store);
  return FALSE;
}

/* Cancels a confirmed appointment with the reason the owner or lead gave;
 * its time is free again. */
gboolean
terra_scheduler_cancel (TerraScheduler  *self,
                        gint64           booking_id,
                        const char      *reason,
                        GError         **error)
{
  g_autoptr(TerraBooking) booking = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *payload = NULL;

  g_return_val_if_fail (TERRA_IS_SCHEDULER (self), FALSE);
  g_return_val_if_fail (!terra_store_in_transaction (self->store), FALSE);

  if (!terra_store_begin (self->store, error))
    return FALSE;

  if ((booking = get_confirmed_booking (self, booking_id, error)) == NULL)
    goto failed;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "booking_id");
  json_builder_add_int_value (builder, booking_id);
  json_builder_set_member_name (builder, "reason");
  json_builder_add_string_value (builder, reason != NULL ? reason : "");
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  payload = json_to_string (root, FALSE);

  terra_booking_set_status (booking, TERRA_BOOKING_STATUS_CANCELLED);
  terra_booking_set_cancel_reason (booking, reason);
  if (!terra_store_update (self->store, booking, error) ||
      !terra_store_log_event (self->store, "booking.cancelled", terra_booking_get_contact_id (booking),
                              terra_booking_get_conversation_id (booking), payload, error))
    goto failed;

  return terra_store_commit (self->store, error);

failed:
  terra_store_rollback (self->store);
  return FALSE;
}
