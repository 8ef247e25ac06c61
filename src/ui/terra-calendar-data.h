/* terra-calendar-data.h — what the Calendar shows of a period, read in one
 * go, and a worker thread that reads it off the main thread
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "terra-scheduler.h"
#include "terra-workspace.h"

G_BEGIN_DECLS

typedef enum
{
  TERRA_CALENDAR_MODE_MONTH,
  TERRA_CALENDAR_MODE_WEEK,
  TERRA_CALENDAR_MODE_DAY,
} TerraCalendarMode;

/* The days a view shows: whole weeks from Monday for a month (the days
 * before the 1st and after the last belong to the neighbouring months), a
 * week from Monday, or one day. Dates are local to the business. */
typedef struct
{
  TerraCalendarMode mode;
  GDate             anchor;    /* the day navigated to */
  GDate             first_day;
  guint             n_days;
} TerraCalendarPeriod;

void     terra_calendar_period_init      (TerraCalendarPeriod       *period,
                                          TerraCalendarMode          mode,
                                          const GDate               *anchor);
void     terra_calendar_period_step      (TerraCalendarPeriod       *period,
                                          int                        direction);
void     terra_calendar_period_get_range (const TerraCalendarPeriod *period,
                                          GTimeZone                 *zone,
                                          gint64                    *from_utc,
                                          gint64                    *to_utc);
char    *terra_calendar_period_format    (const TerraCalendarPeriod *period);
gboolean terra_calendar_period_contains  (const TerraCalendarPeriod *period,
                                          const GDate               *date);

gint64      terra_calendar_local_to_utc  (GTimeZone   *zone,
                                          const GDate *date,
                                          int          minute);
GDateTime  *terra_calendar_utc_to_local  (GTimeZone   *zone,
                                          gint64       utc);
void        terra_calendar_local_date    (GTimeZone   *zone,
                                          gint64       utc,
                                          GDate       *date);
char       *terra_calendar_format_date   (const GDate *date,
                                          const char  *format);
char       *terra_calendar_format_time   (GTimeZone   *zone,
                                          gint64       utc);
char       *terra_calendar_format_span   (GTimeZone   *zone,
                                          gint64       start_utc,
                                          gint64       end_utc);
const char *terra_calendar_source_name   (TerraBookingSource source);
const char *terra_calendar_status_name   (TerraBookingStatus status);

/* The appointments, busy times and free slots of a period, with what is
 * needed to draw them (free slots only for a week or a day). Immutable once loaded; share it with
 * terra_calendar_data_ref(). */
typedef struct
{
  /*< private >*/
  gatomicrefcount  ref_count;

  /*< public >*/
  TerraCalendarPeriod period;
  gint64           from_utc;
  gint64           to_utc;
  GTimeZone       *zone;          /* the business time zone */
  GPtrArray       *bookings;      /* TerraBooking, every status, by start */
  GPtrArray       *busy_times;    /* TerraBusyTime, by start */
  GArray          *free_slots;    /* TerraSlot of free_type_id, by start */
  GPtrArray       *types;         /* TerraAppointmentType, all of them, by id */
  GArray          *opening_hours; /* TerraOpeningRange, the weekly hours */
  GPtrArray       *day_overrides; /* TerraDayOverride of the period's dates */
  gint64           free_type_id;  /* 0: no active appointment type */
  guint            n_active_types;
} TerraCalendarData;

#define TERRA_TYPE_CALENDAR_DATA (terra_calendar_data_get_type ())

GType                 terra_calendar_data_get_type    (void) G_GNUC_CONST;
TerraCalendarData    *terra_calendar_data_load        (TerraStore                *store,
                                                       const TerraCalendarPeriod *period,
                                                       gint64                     free_type_id,
                                                       gint64                     now,
                                                       GError                   **error);
TerraCalendarData    *terra_calendar_data_ref         (TerraCalendarData *self);
void                  terra_calendar_data_unref       (TerraCalendarData *self);
TerraAppointmentType *terra_calendar_data_lookup_type (TerraCalendarData *self,
                                                       gint64             type_id);
GArray               *terra_calendar_data_get_hours   (TerraCalendarData *self,
                                                       const GDate       *date);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TerraCalendarData, terra_calendar_data_unref)

#define TERRA_TYPE_CALENDAR_LOADER (terra_calendar_loader_get_type ())

G_DECLARE_FINAL_TYPE (TerraCalendarLoader, terra_calendar_loader, TERRA, CALENDAR_LOADER, GObject)

TerraCalendarLoader *terra_calendar_loader_new         (TerraWorkspace       *workspace);
void                 terra_calendar_loader_load_async  (TerraCalendarLoader       *self,
                                                        const TerraCalendarPeriod *period,
                                                        gint64                     free_type_id,
                                                        GCancellable              *cancellable,
                                                        GAsyncReadyCallback        callback,
                                                        gpointer                   user_data);
TerraCalendarData   *terra_calendar_loader_load_finish (TerraCalendarLoader  *self,
                                                        GAsyncResult         *result,
                                                        GError              **error);
void                 terra_calendar_loader_stop        (TerraCalendarLoader  *self);

G_END_DECLS
