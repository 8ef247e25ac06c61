/* terra-store.h — one connection to a workspace database
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A TerraStore is one SQLite connection and belongs to the thread that uses
 * it: the main thread, the server thread and each worker open their own
 * (terra_workspace_open_store()). Every call is synchronous. Only this layer
 * speaks SQL; everything above it goes through the typed API here.
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "terra-types.h"
#include "terra-enums.h"
#include "terra-query.h"
#include "terra-change-notifier.h"
#include "terra-contact.h"
#include "terra-conversation.h"
#include "terra-message.h"
#include "terra-analysis.h"
#include "terra-booking.h"
#include "terra-appointment-type.h"
#include "terra-knowledge-item.h"
#include "terra-instruction.h"
#include "terra-feedback.h"
#include "terra-task.h"
#include "terra-event-record.h"
#include "terra-outbox-item.h"

G_BEGIN_DECLS

#define TERRA_STORE_SCHEMA_VERSION 5

#define TERRA_STORE_ERROR (terra_store_error_quark ())

typedef enum
{
  TERRA_STORE_ERROR_FAILED,
  TERRA_STORE_ERROR_NOT_FOUND,
  TERRA_STORE_ERROR_CONFLICT,     /* a unique value already exists */
  TERRA_STORE_ERROR_INVALID,      /* a value breaks a rule of the model */
  TERRA_STORE_ERROR_NEWER_SCHEMA, /* written by a newer Terra */
  TERRA_STORE_ERROR_CORRUPT,      /* not a Terra workspace, or damaged */
  TERRA_STORE_ERROR_BUSY,
} TerraStoreError;

/* A weekly opening range, minutes since local midnight. */
typedef struct
{
  int weekday;      /* ISO: 1 = Monday … 7 = Sunday */
  int start_minute;
  int end_minute;
} TerraOpeningRange;

/* A time the owner is busy elsewhere, imported from another calendar. */
typedef struct
{
  char   *source;   /* the file or feed it came from */
  char   *uid;
  char   *summary;
  gint64  start_utc;
  gint64  end_utc;
} TerraBusyTime;

void terra_busy_time_free (TerraBusyTime *busy_time);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TerraBusyTime, terra_busy_time_free)

/* Totals the Dashboard shows; see terra_store_get_dashboard_counts(). */
typedef struct
{
  gint64 conversations_today;
  gint64 leads_qualified;
  gint64 meetings_upcoming;
  gint64 open_handoffs;
} TerraDashboardCounts;

#define TERRA_TYPE_STORE (terra_store_get_type ())

G_DECLARE_FINAL_TYPE (TerraStore, terra_store, TERRA, STORE, GObject)

GQuark      terra_store_error_quark         (void);

TerraStore *terra_store_open                (const char           *path,
                                             TerraChangeNotifier  *notifier,
                                             GError              **error);
const char *terra_store_get_path            (TerraStore           *self);
TerraChangeNotifier *terra_store_get_notifier (TerraStore         *self);
int         terra_store_get_schema_version  (TerraStore           *self);

/* Transactions: writes between begin and commit are atomic; their change
 * events are posted only after the commit, and dropped on rollback.
 * begin_read starts a snapshot for several consistent reads; end it with
 * rollback. */
gboolean    terra_store_begin               (TerraStore           *self,
                                             GError              **error);
gboolean    terra_store_begin_read          (TerraStore           *self,
                                             GError              **error);
gboolean    terra_store_commit              (TerraStore           *self,
                                             GError              **error);
void        terra_store_rollback            (TerraStore           *self);
gboolean    terra_store_in_transaction      (TerraStore           *self);
void        terra_store_set_durable         (TerraStore           *self,
                                             gboolean              durable);

/* Entities: any of the Terra*.h objects above. */
gboolean    terra_store_insert              (TerraStore           *self,
                                             gpointer              entity,
                                             GError              **error);
gboolean    terra_store_update              (TerraStore           *self,
                                             gpointer              entity,
                                             GError              **error);
gpointer    terra_store_get                 (TerraStore           *self,
                                             GType                 entity_type,
                                             gint64                id,
                                             GError              **error);
gboolean    terra_store_delete              (TerraStore           *self,
                                             GType                 entity_type,
                                             gint64                id,
                                             GError              **error);
GPtrArray  *terra_store_list                (TerraStore           *self,
                                             TerraQuery           *query,
                                             GError              **error);
gint64      terra_store_count               (TerraStore           *self,
                                             TerraQuery           *query,
                                             GError              **error);

/* Contacts and their channel addresses. */
gboolean      terra_store_add_contact_identity   (TerraStore    *self,
                                                  gint64         contact_id,
                                                  TerraChannel   channel,
                                                  const char    *address,
                                                  GError       **error);
TerraContact *terra_store_find_contact_by_identity (TerraStore  *self,
                                                  TerraChannel   channel,
                                                  const char    *address,
                                                  GError       **error);
GPtrArray    *terra_store_list_messages          (TerraStore    *self,
                                                  gint64         conversation_id,
                                                  GError       **error);
TerraAnalysis *terra_store_get_analysis_for_message (TerraStore *self,
                                                  gint64         message_id,
                                                  GError       **error);

/* Knowledge: updating an item's title or body keeps the old text as a
 * version. */
GPtrArray  *terra_store_list_knowledge_versions (TerraStore      *self,
                                                 gint64           item_id,
                                                 GError         **error);

/* Availability. */
GArray     *terra_store_get_opening_hours    (TerraStore           *self,
                                              GError              **error);
gboolean    terra_store_set_opening_hours    (TerraStore           *self,
                                              const TerraOpeningRange *ranges,
                                              guint                 n_ranges,
                                              GError              **error);

/* A date that differs from the week: closed all day, or open in one of
 * its ranges (a date with several ranges has several of these). */
typedef struct
{
  GDate    date;
  gboolean closed;
  int      start_minute;
  int      end_minute;
  char    *note;
} TerraDayOverride;

void terra_day_override_free (TerraDayOverride *day_override);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TerraDayOverride, terra_day_override_free)

GPtrArray  *terra_store_list_day_overrides   (TerraStore           *self,
                                              const GDate          *from,
                                              const GDate          *to,
                                              GError              **error);

/* Days that differ from the week: closed (no ranges), or open only in
 * the given ranges. Replaces what the date had. */
gboolean    terra_store_set_day_override     (TerraStore           *self,
                                              const GDate          *date,
                                              const TerraOpeningRange *ranges,
                                              guint                 n_ranges,
                                              const char           *note,
                                              GError              **error);
gboolean    terra_store_clear_day_override   (TerraStore           *self,
                                              const GDate          *date,
                                              GError              **error);
/* Whether the business is open at @now_us (µs since the epoch): the
 * date's own entries if it has some, else the week's ranges, in the
 * business time zone. See terra-store-hours.c. */
gboolean    terra_store_is_open_at           (TerraStore           *self,
                                              gint64                now_us);

/* Busy times imported from the owner's other calendars. */
gboolean    terra_store_replace_busy_times   (TerraStore           *self,
                                              const char           *source,
                                              GPtrArray            *busy_times,
                                              GError              **error);
GPtrArray  *terra_store_list_busy_times      (TerraStore           *self,
                                              gint64                from_utc,
                                              gint64                to_utc,
                                              GError              **error);

/* The audit log. */
gboolean    terra_store_log_event            (TerraStore           *self,
                                              const char           *kind,
                                              gint64                contact_id,
                                              gint64                conversation_id,
                                              const char           *payload_json,
                                              GError              **error);

/* Settings: key → JSON value. See terra-setting-keys.h for the keys. */
JsonNode   *terra_store_get_setting          (TerraStore           *self,
                                              const char           *key,
                                              GError              **error);
gboolean    terra_store_set_setting          (TerraStore           *self,
                                              const char           *key,
                                              JsonNode             *value,
                                              GError              **error);
GTimeZone  *terra_store_get_time_zone        (TerraStore           *self);
char       *terra_store_get_setting_string   (TerraStore           *self,
                                              const char           *key);
gboolean    terra_store_get_setting_boolean  (TerraStore           *self,
                                              const char           *key);
gint64      terra_store_get_setting_int      (TerraStore           *self,
                                              const char           *key);

/* Whether the workspace holds anything a user made (the demo refuses to
 * touch such a workspace). */
gboolean    terra_store_is_empty             (TerraStore           *self,
                                              GError              **error);
gboolean    terra_store_get_dashboard_counts (TerraStore           *self,
                                              gint64                now,
                                              TerraDashboardCounts *counts,
                                              GError              **error);

G_END_DECLS
