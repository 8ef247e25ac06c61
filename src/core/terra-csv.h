/* terra-csv.h — RFC 4180 CSV: writing rows, reading them back, and the
 * export of a period's conversations, leads and bookings
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "terra-store.h"

G_BEGIN_DECLS

/* Appends one record of @n_fields fields to @out, each quoted when it
 * holds a comma, a quote, a line break or edge spaces; CRLF ends it. */
void       terra_csv_append_row   (GString            *out,
                                   const char * const *fields,
                                   guint               n_fields);

/* The records of @text (UTF-8, CRLF or LF), each a NULL-terminated array
 * of fields; NULL with @error set for a quote left open or text after a
 * closing quote. */
GPtrArray *terra_csv_parse        (const char         *text,
                                   GError            **error);

/* Called from the exporting thread with the rows written so far and the
 * rows in all. */
typedef void (*TerraCsvProgress) (gint64   done,
                                  gint64   total,
                                  gpointer user_data);

/* Writes conversations.csv, leads.csv and bookings.csv (prefixed with
 * @prefix) into @directory for the period [@from, @to) and @channel (NULL
 * for all), as Insights counts them: the conversations started in the
 * period, their leads, the bookings made in it. Each file is written to a
 * temporary name and renamed once complete. Run it off the main thread. */
gboolean   terra_csv_export_period (TerraStore        *store,
                                    gint64             from,
                                    gint64             to,
                                    const char        *channel,
                                    GFile             *directory,
                                    const char        *prefix,
                                    TerraCsvProgress   progress,
                                    gpointer           user_data,
                                    GCancellable      *cancellable,
                                    GError           **error);

G_END_DECLS
