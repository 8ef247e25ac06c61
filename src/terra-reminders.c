/* terra-reminders.c — tells the owner shortly before each appointment
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A confirmed booking is due for its reminder from calendar.reminder_minutes
 * before it starts until it starts. terra_reminders_check() emits ::remind
 * for every booking that is due and was not reminded yet, then arms one
 * timeout for the next booking that will become due. Nothing polls: the
 * timeout is the only clock, and it is re-armed when a booking or a
 * setting changes (the change notifier's events).
 *
 * What was reminded is remembered as (booking id, start): a booking that is
 * moved to a new time is reminded again for it, one that stays is never
 * reminded twice. The queries are two lookups on the bookings' start index,
 * cheap enough for the main thread's connection.
 */

#define G_LOG_DOMAIN "terra-reminders"

#include "config.h"

#include <glib/gi18n.h>

#include "terra-enums.h"
#include "terra-reminders.h"

#define MINUTE ((gint64)60 * G_USEC_PER_SEC)

/* GLib's timeouts run on the monotonic clock, which stands still while the
 * computer sleeps. Waiting at most this long before looking at the real
 * time again bounds how late a reminder can be after a resume. */
#define MAX_WAIT_MS (10 * 60 * 1000)

/* When the database cannot be read (locked by a long write, say), the
 * next attempt is this much later. */
#define RETRY_MS (60 * 1000)

typedef struct
{
  gint64 booking_id;
  gint64 start_utc;
} Reminded;

struct _TerraReminders
{
  GObject              parent_instance;

  /* Owned */
  TerraStore          *store;
  TerraChangeNotifier *notifier;
  GHashTable          *reminded;  /* Reminded set */
  guint                timeout_source;
  guint                recheck_source;
};

G_DEFINE_FINAL_TYPE (TerraReminders, terra_reminders, G_TYPE_OBJECT)

enum {
  REMIND,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static guint
reminded_hash (gconstpointer key)
{
  const Reminded *reminded = key;

  return g_int64_hash (&reminded->booking_id) * 31 + g_int64_hash (&reminded->start_utc);
}

static gboolean
reminded_equal (gconstpointer a,
                gconstpointer b)
{
  const Reminded *ra = a;
  const Reminded *rb = b;

  return ra->booking_id == rb->booking_id && ra->start_utc == rb->start_utc;
}

/* Confirmed bookings starting in (after, until], earliest first; at most
 * limit of them when limit > 0. */
static GPtrArray *
list_confirmed (TerraReminders  *self,
                gint64           after,
                gint64           until,
                guint            limit,
                GError         **error)
{
  g_autoptr(TerraQuery) query = terra_query_new (TERRA_TYPE_BOOKING);

  g_assert (TERRA_IS_REMINDERS (self));

  terra_query_where_enum (query, "status", TERRA_TYPE_BOOKING_STATUS, TERRA_BOOKING_STATUS_CONFIRMED);
  terra_query_where_int (query, "start_utc", TERRA_QUERY_GT, after);
  if (until != G_MAXINT64)
    terra_query_where_int (query, "start_utc", TERRA_QUERY_LE, until);
  terra_query_order_by (query, "start_utc", FALSE);
  if (limit > 0)
    terra_query_set_range (query, 0, limit);

  return terra_store_list (self->store, query, error);
}

static gboolean
timeout_cb (gpointer user_data)
{
  TerraReminders *self = user_data;

  self->timeout_source = 0;
  terra_reminders_check (self, g_get_real_time ());
  return G_SOURCE_REMOVE;
}

static void
arm (TerraReminders *self,
     gint64          delay_us)
{
  guint delay_ms;

  g_assert (TERRA_IS_REMINDERS (self));
  g_assert (self->timeout_source == 0);

  /* Rounded up: waking a little early would find nothing due yet. */
  delay_ms = (guint)CLAMP ((delay_us + 999) / 1000, 1, MAX_WAIT_MS);
  self->timeout_source = g_timeout_add_full (G_PRIORITY_DEFAULT, delay_ms, timeout_cb, self, NULL);
  g_source_set_name_by_id (self->timeout_source, "[terra] next reminder");
}

/* Forgets what can never be due again: bookings that have started. */
static void
forget_past (TerraReminders *self,
             gint64          now)
{
  GHashTableIter iter;
  Reminded *reminded;

  g_assert (TERRA_IS_REMINDERS (self));

  g_hash_table_iter_init (&iter, self->reminded);
  while (g_hash_table_iter_next (&iter, (gpointer *)&reminded, NULL))
    if (reminded->start_utc <= now)
      g_hash_table_iter_remove (&iter);
}

/**
 * terra_reminders_check:
 * @now: the current time, µs since the epoch, UTC
 *
 * Emits ::remind for each confirmed booking that starts within the reminder
 * time after @now and was not reminded for that start yet, and arms the
 * timer for the next one. The application calls it with the real time;
 * tests call it with the time they want.
 */
void
terra_reminders_check (TerraReminders *self,
                       gint64          now)
{
  g_autoptr(GPtrArray) due = NULL;
  g_autoptr(GPtrArray) next = NULL;
  g_autoptr(GError) error = NULL;
  gint64 lead;

  g_return_if_fail (TERRA_IS_REMINDERS (self));

  g_clear_handle_id (&self->timeout_source, g_source_remove);
  forget_past (self, now);

  lead = terra_store_get_setting_int (self->store, "calendar.reminder_minutes") * MINUTE;
  if (lead <= 0)
    return;

  due = list_confirmed (self, now, now + lead, 0, &error);
  if (due == NULL)
    {
      g_warning ("Could not look for appointments to remind of: %s", error->message);
      arm (self, RETRY_MS * 1000);
      return;
    }

  for (guint i = 0; i < due->len; i++)
    {
      TerraBooking *booking = g_ptr_array_index (due, i);
      Reminded key = { terra_booking_get_id (booking), terra_booking_get_start_utc (booking) };

      if (g_hash_table_contains (self->reminded, &key))
        continue;

      g_hash_table_add (self->reminded, g_memdup2 (&key, sizeof key));
      g_signal_emit (self, signals[REMIND], 0, booking);
    }

  next = list_confirmed (self, now + lead, G_MAXINT64, 1, &error);
  if (next == NULL)
    {
      g_warning ("Could not look for the next appointment: %s", error->message);
      arm (self, RETRY_MS * 1000);
      return;
    }

  /* No booking ahead: nothing to wait for until one is made. */
  if (next->len > 0)
    arm (self, terra_booking_get_start_utc (g_ptr_array_index (next, 0)) - lead - now);
}

/* "14:00" in @zone_name (the system's zone when unknown). */
static char *
format_local_time (gint64      time,
                   const char *zone_name)
{
  g_autoptr(GTimeZone) zone = NULL;
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (time / G_USEC_PER_SEC);
  g_autoptr(GDateTime) local = NULL;

  if (zone_name != NULL && *zone_name != '\0')
    zone = g_time_zone_new_identifier (zone_name);
  if (zone == NULL)
    zone = g_time_zone_new_local ();

  local = g_date_time_to_timezone (utc, zone);
  return g_date_time_format (local, "%H:%M");
}

/**
 * terra_reminders_describe:
 * @booking: a booking being reminded of
 * @now: the current time, µs since the epoch, UTC
 * @body: (out) (transfer full): the details: who, when, where
 *
 * Words a reminder for the desktop: the title says what and how soon
 * ("Site visit in 30 minutes"), @body who, when and where ("Kavya Nair ·
 * 14:00–15:00 · Whitefield"), in the booking's time zone.
 *
 * Returns: (transfer full): the title
 */
char *
terra_reminders_describe (TerraReminders  *self,
                          TerraBooking    *booking,
                          gint64           now,
                          char           **body)
{
  g_autoptr(TerraAppointmentType) type = NULL;
  g_autoptr(TerraContact) contact = NULL;
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *start = NULL;
  g_autofree char *end = NULL;
  const char *zone = terra_booking_get_timezone (booking);
  const char *what = terra_booking_get_title (booking);
  const char *location = terra_booking_get_location (booking);
  gint64 minutes;

  g_return_val_if_fail (TERRA_IS_REMINDERS (self), NULL);
  g_return_val_if_fail (TERRA_IS_BOOKING (booking), NULL);
  g_return_val_if_fail (body != NULL, NULL);

  if (terra_booking_get_appointment_type_id (booking) > 0)
    type = terra_store_get (self->store, TERRA_TYPE_APPOINTMENT_TYPE,
                            terra_booking_get_appointment_type_id (booking), NULL);
  if (terra_booking_get_contact_id (booking) > 0)
    contact = terra_store_get (self->store, TERRA_TYPE_CONTACT,
                               terra_booking_get_contact_id (booking), NULL);

  if ((what == NULL || *what == '\0') && type != NULL)
    what = terra_appointment_type_get_name (type);
  if (what == NULL || *what == '\0')
    what = _("Appointment");
  if ((location == NULL || *location == '\0') && type != NULL)
    location = terra_appointment_type_get_location (type);

  if (contact != NULL && terra_contact_get_name (contact) != NULL && *terra_contact_get_name (contact) != '\0')
    g_ptr_array_add (parts, g_strdup (terra_contact_get_name (contact)));
  start = format_local_time (terra_booking_get_start_utc (booking), zone);
  end = format_local_time (terra_booking_get_end_utc (booking), zone);
  /* Translators: the time of an appointment, "14:00–15:00". */
  g_ptr_array_add (parts, g_strdup_printf (_("%s–%s"), start, end));
  if (location != NULL && *location != '\0')
    g_ptr_array_add (parts, g_strdup (location));
  g_ptr_array_add (parts, NULL);
  *body = g_strjoinv (" · ", (char **)parts->pdata);

  /* Rounded up: at 29 minutes and 30 seconds it is "in 30 minutes". */
  minutes = MAX (1, (terra_booking_get_start_utc (booking) - now + MINUTE - 1) / MINUTE);
  if (minutes < 60)
    /* Translators: a reminder's title, "Site visit in 30 minutes". */
    return g_strdup_printf (g_dngettext (NULL, "%s in %d minute", "%s in %d minutes", minutes),
                            what, (int)minutes);
  if (minutes % 60 == 0)
    /* Translators: a reminder's title, "Site visit in 2 hours". */
    return g_strdup_printf (g_dngettext (NULL, "%s in %d hour", "%s in %d hours", minutes / 60),
                            what, (int)(minutes / 60));
  /* Translators: a reminder's title, "Site visit at 14:00". */
  return g_strdup_printf (_("%s at %s"), what, start);
}

static gboolean
recheck_cb (gpointer user_data)
{
  TerraReminders *self = user_data;

  self->recheck_source = 0;
  terra_reminders_check (self, g_get_real_time ());
  return G_SOURCE_REMOVE;
}

/* A batch of changes arrives as many signals in one dispatch; the idle
 * source makes it one check after all of them. */
static void
changed_cb (TerraReminders  *self,
            TerraEntity      entity,
            TerraChangeKind  kind,
            gint64           id)
{
  if (entity != TERRA_ENTITY_BOOKING && entity != TERRA_ENTITY_SETTING)
    return;

  if (self->recheck_source == 0)
    {
      self->recheck_source = g_idle_add (recheck_cb, self);
      g_source_set_name_by_id (self->recheck_source, "[terra] reminders recheck");
    }
}

static void
terra_reminders_dispose (GObject *object)
{
  TerraReminders *self = (TerraReminders *)object;

  g_clear_handle_id (&self->timeout_source, g_source_remove);
  g_clear_handle_id (&self->recheck_source, g_source_remove);

  G_OBJECT_CLASS (terra_reminders_parent_class)->dispose (object);
}

static void
terra_reminders_finalize (GObject *object)
{
  TerraReminders *self = (TerraReminders *)object;

  g_clear_object (&self->store);
  g_clear_object (&self->notifier);
  g_clear_pointer (&self->reminded, g_hash_table_unref);

  G_OBJECT_CLASS (terra_reminders_parent_class)->finalize (object);
}

static void
terra_reminders_class_init (TerraRemindersClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = terra_reminders_dispose;
  object_class->finalize = terra_reminders_finalize;

  /**
   * TerraReminders::remind:
   * @booking: the confirmed #TerraBooking that starts soon
   *
   * Emitted once per booking and start time, when the reminder time
   * before it has begun.
   */
  signals[REMIND] = g_signal_new ("remind",
                                  G_TYPE_FROM_CLASS (klass),
                                  G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL,
                                  G_TYPE_NONE, 1,
                                  TERRA_TYPE_BOOKING);
}

static void
terra_reminders_init (TerraReminders *self)
{
  self->reminded = g_hash_table_new_full (reminded_hash, reminded_equal, g_free, NULL);
}

/* Creates the reminders of @store's bookings, following @notifier's
 * changes. Call terra_reminders_check() once to start it. */
TerraReminders *
terra_reminders_new (TerraStore          *store,
                     TerraChangeNotifier *notifier)
{
  TerraReminders *self;

  g_return_val_if_fail (TERRA_IS_STORE (store), NULL);
  g_return_val_if_fail (TERRA_IS_CHANGE_NOTIFIER (notifier), NULL);

  self = g_object_new (TERRA_TYPE_REMINDERS, NULL);
  self->store = g_object_ref (store);
  self->notifier = g_object_ref (notifier);
  g_signal_connect_object (notifier, "changed", G_CALLBACK (changed_cb), self, G_CONNECT_SWAPPED);

  return self;
}
