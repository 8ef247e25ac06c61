/* terra-scheduler.h — free slots and atomic bookings in the business's
 * local calendar
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "terra-store.h"

G_BEGIN_DECLS

#define TERRA_SCHEDULER_ERROR (terra_scheduler_error_quark ())

typedef enum
{
  TERRA_SCHEDULER_ERROR_SLOT_TAKEN,   /* overlaps another appointment or a busy time */
  TERRA_SCHEDULER_ERROR_CLOSED,       /* outside the opening hours */
  TERRA_SCHEDULER_ERROR_TOO_SOON,     /* inside the minimum notice */
  TERRA_SCHEDULER_ERROR_TOO_FAR,      /* beyond the booking horizon */
  TERRA_SCHEDULER_ERROR_DAY_FULL,     /* the day's maximum is reached */
  TERRA_SCHEDULER_ERROR_INVALID,      /* no such type, booking or contact */
} TerraSchedulerError;

/* A part of a local day, for "tomorrow afternoon". */
typedef enum
{
  TERRA_DAY_PART_ALL,
  TERRA_DAY_PART_MORNING,    /* until 12:00 */
  TERRA_DAY_PART_AFTERNOON,  /* 12:00 to 17:00 */
  TERRA_DAY_PART_EVENING,    /* from 17:00 */
} TerraDayPart;

/* A free slot: the appointment itself, µs since the epoch, UTC. */
typedef struct
{
  gint64 start_utc;
  gint64 end_utc;
} TerraSlot;

/* The booking rules, from the workspace settings. */
typedef struct
{
  int min_notice_minutes;
  int horizon_days;
  int max_per_day;   /* 0: no limit */
  int slot_minutes;
} TerraBookingRules;

#define TERRA_TYPE_SCHEDULER (terra_scheduler_get_type ())

G_DECLARE_FINAL_TYPE (TerraScheduler, terra_scheduler, TERRA, SCHEDULER, GObject)

GQuark          terra_scheduler_error_quark     (void);

TerraScheduler *terra_scheduler_new             (TerraStore         *store);
GTimeZone      *terra_scheduler_get_time_zone   (TerraScheduler     *self);
void            terra_scheduler_get_rules       (TerraScheduler     *self,
                                                 TerraBookingRules  *rules);
void            terra_scheduler_set_moving_booking (TerraScheduler  *self,
                                                 gint64              booking_id);

GArray         *terra_scheduler_find_free_slots (TerraScheduler     *self,
                                                 gint64              appointment_type_id,
                                                 gint64              from_utc,
                                                 gint64              to_utc,
                                                 guint               max_slots,
                                                 gint64              now,
                                                 GError            **error);
GArray         *terra_scheduler_next_free_slots (TerraScheduler     *self,
                                                 gint64              appointment_type_id,
                                                 gint64              after_utc,
                                                 guint               n_slots,
                                                 gint64              now,
                                                 GError            **error);
GArray         *terra_scheduler_free_slots_on_day (TerraScheduler   *self,
                                                 gint64              appointment_type_id,
                                                 GDate              *day,
                                                 TerraDayPart        part,
                                                 gint64              now,
                                                 GError            **error);
GArray         *terra_scheduler_free_slots_near (TerraScheduler     *self,
                                                 gint64              appointment_type_id,
                                                 gint64              wanted_utc,
                                                 guint               n_slots,
                                                 gint64              now,
                                                 GError            **error);

TerraBooking   *terra_scheduler_book            (TerraScheduler     *self,
                                                 gint64              appointment_type_id,
                                                 gint64              contact_id,
                                                 gint64              conversation_id,
                                                 gint64              start_utc,
                                                 TerraBookingSource  source,
                                                 const char         *notes,
                                                 gint64              now,
                                                 GError            **error);
gboolean        terra_scheduler_reschedule      (TerraScheduler     *self,
                                                 gint64              booking_id,
                                                 gint64              new_start_utc,
                                                 gint64              now,
                                                 GError            **error);
gboolean        terra_scheduler_cancel          (TerraScheduler     *self,
                                                 gint64              booking_id,
                                                 const char         *reason,
                                                 GError            **error);

G_END_DECLS
