/* terra-icalendar.h — iCalendar (RFC 5545) export of bookings and import
 * of busy times
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Export gives the owner's other calendar (GNOME Calendar, Thunderbird,
 * Google, Outlook) the appointments Terra booked; import gives Terra the
 * times the owner is busy elsewhere, so that the scheduler never offers
 * them. Both work on text in memory; reading and writing files is the
 * caller's business.
 */
#pragma once

#include "terra-store.h"

G_BEGIN_DECLS

#define TERRA_ICALENDAR_ERROR (terra_icalendar_error_quark ())

typedef enum
{
  TERRA_ICALENDAR_ERROR_INVALID,  /* not iCalendar, malformed, too large or too complex */
  TERRA_ICALENDAR_ERROR_EMPTY,    /* a calendar without a single event */
  TERRA_ICALENDAR_ERROR_FAILED,
} TerraIcalendarError;

/* Imports refuse text larger than this. */
#define TERRA_ICALENDAR_MAX_BYTES (10 * 1024 * 1024)

/* A repeating rule is followed for at most this many occurrences (from
 * DTSTART when it has a COUNT, else from just before the window). */
#define TERRA_ICALENDAR_MAX_OCCURRENCES 10000

GQuark     terra_icalendar_error_quark       (void);

char      *terra_icalendar_export_bookings   (TerraStore   *store,
                                              gint64        from_utc,
                                              gint64        to_utc,
                                              gint64        now,
                                              GError      **error);

GPtrArray *terra_icalendar_parse_busy_times  (const char   *ics_text,
                                              gsize         length,
                                              const char   *source,
                                              gint64        from_utc,
                                              gint64        to_utc,
                                              GError      **error);

gboolean   terra_icalendar_import_busy_times (TerraStore   *store,
                                              const char   *ics_text,
                                              gsize         length,
                                              const char   *source,
                                              gint64        now,
                                              guint        *n_imported,
                                              GError      **error);

G_END_DECLS
