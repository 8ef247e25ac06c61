/* terra-notifications.c — what the owner should hear about, as it happens
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "terra-notifications.h"

struct _TerraNotifications
{
  GObject              parent_instance;

  TerraStore          *store;     /* the main thread's */
  TerraChangeNotifier *notifier;
  GSettings           *settings;
  gulong               changed_handler;
  gint64               last_old_event; /* events up to this id happened before we listened */
};

G_DEFINE_FINAL_TYPE (TerraNotifications, terra_notifications, G_TYPE_OBJECT)

enum {
  ALERT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
terra_notifications_dispose (GObject *object)
{
  TerraNotifications *self = TERRA_NOTIFICATIONS (object);

  if (self->notifier != NULL)
    g_clear_signal_handler (&self->changed_handler, self->notifier);
  g_clear_object (&self->notifier);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (terra_notifications_parent_class)->dispose (object);
}

static void
terra_notifications_class_init (TerraNotificationsClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = terra_notifications_dispose;

  /**
   * TerraNotifications::alert:
   * @kind: the event kind ("lead.hot", "booking.created",
   *   "handoff.requested", "delivery.failed")
   * @title: one line to show
   * @body: what to add under it
   * @conversation_id: the conversation to open, or 0
   */
  signals[ALERT] = g_signal_new ("alert", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                  G_TYPE_NONE, 4, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_INT64);
}

static void
terra_notifications_init (TerraNotifications *self)
{
}

static gboolean
is_wanted (TerraNotifications *self,
           const char         *kind)
{
  g_auto(GStrv) wanted = NULL;

  if (self->settings == NULL)
    return TRUE;
  wanted = g_settings_get_strv (self->settings, "notify-events");
  return g_strv_contains ((const char * const *) wanted, kind);
}

static char *
contact_name (TerraNotifications *self,
              gint64              contact_id)
{
  g_autoptr(TerraContact) contact = NULL;

  if (contact_id != 0)
    contact = terra_store_get (self->store, TERRA_TYPE_CONTACT, contact_id, NULL);
  if (contact == NULL || *terra_contact_get_name (contact) == '\0')
    return g_strdup (_("A lead"));
  return g_strdup (terra_contact_get_name (contact));
}

static char *
payload_string (JsonObject *payload,
                const char *member)
{
  if (payload == NULL || !json_object_has_member (payload, member))
    return g_strdup ("");
  return g_strdup (json_object_get_string_member_with_default (payload, member, ""));
}

/* Handoff reasons as the engine names them, for the owner's eyes. */
static const char *
describe_reason (const char *reason)
{
  static const struct { const char *reason; const char *text; } reasons[] = {
    { "legal", N_("A legal question") },
    { "pricing", N_("A discount or price negotiation") },
    { "human_request", N_("They asked for a person") },
    { "frustration", N_("They sound unhappy") },
    { "low_score", N_("A low lead score") },
    { "technical", N_("The AI provider is not answering") },
    { "complexity", N_("A question the assistant could not answer") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (reasons); i++)
    if (g_strcmp0 (reason, reasons[i].reason) == 0)
      return _(reasons[i].text);
  return _("The assistant handed the conversation to you");
}

static char *
describe_booking (TerraNotifications *self,
                  JsonObject         *payload,
                  const char         *name,
                  char              **body)
{
  g_autoptr(TerraBooking) booking = NULL;
  g_autoptr(GTimeZone) zone = NULL;
  g_autoptr(GDateTime) start = NULL;
  g_autofree char *source = payload_string (payload, "source");

  /* The owner knows about the meetings they booked themselves. */
  if (g_strcmp0 (source, "assistant") != 0)
    return NULL;
  if (payload != NULL && json_object_has_member (payload, "booking_id"))
    booking = terra_store_get (self->store, TERRA_TYPE_BOOKING,
                               json_object_get_int_member (payload, "booking_id"), NULL);
  if (booking != NULL)
    {
      zone = terra_store_get_time_zone (self->store);
      start = g_date_time_new_from_unix_utc (terra_booking_get_start_utc (booking) / G_USEC_PER_SEC);
      g_autoptr(GDateTime) local = g_date_time_to_timezone (start, zone);
      /* Translators: a date and time in strftime format */
      *body = g_date_time_format (local, _("%A %e %B, %H:%M"));
    }
  return g_strdup_printf (_("Meeting booked with %s"), name);
}

char *
terra_notifications_describe (TerraNotifications  *self,
                              TerraEventRecord    *event,
                              char               **body)
{
  const char *kind = terra_event_record_get_kind (event);
  g_autoptr(JsonNode) root = json_from_string (terra_event_record_get_payload (event), NULL);
  JsonObject *payload = root != NULL && JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (TERRA_IS_NOTIFICATIONS (self), NULL);
  g_return_val_if_fail (body != NULL, NULL);

  *body = NULL;
  if (!is_wanted (self, kind))
    return NULL;
  name = contact_name (self, terra_event_record_get_contact_id (event));

  if (g_str_equal (kind, "lead.hot"))
    {
      *body = payload_string (payload, "explanation");
      return g_strdup_printf (_("Hot lead: %s"), name);
    }
  if (g_str_equal (kind, "booking.created"))
    return describe_booking (self, payload, name, body);
  if (g_str_equal (kind, "handoff.requested"))
    {
      g_autofree char *reason = payload_string (payload, "reason");

      *body = g_strdup (describe_reason (reason));
      return g_strdup_printf (_("%s needs you"), name);
    }
  if (g_str_equal (kind, "delivery.failed"))
    {
      *body = payload_string (payload, "error");
      return g_strdup_printf (_("A message to %s was not delivered"), name);
    }
  return NULL;
}

static void
on_changed (TerraChangeNotifier *notifier,
            TerraEntity          entity,
            TerraChangeKind      kind,
            gint64               id,
            gpointer             user_data)
{
  TerraNotifications *self = user_data;
  g_autoptr(TerraEventRecord) event = NULL;
  g_autofree char *title = NULL;
  g_autofree char *body = NULL;

  /* Events committed before we listened (a demo business being filled
   * in, say) reach us too, a moment later: they are history, not news. */
  if (entity != TERRA_ENTITY_EVENT || kind != TERRA_CHANGE_CREATED || id <= self->last_old_event)
    return;
  /* One row by its key: cheap enough for the main thread. */
  event = terra_store_get (self->store, TERRA_TYPE_EVENT_RECORD, id, NULL);
  if (event == NULL)
    return;
  title = terra_notifications_describe (self, event, &body);
  if (title != NULL)
    g_signal_emit (self, signals[ALERT], 0, terra_event_record_get_kind (event), title,
                   body != NULL ? body : "", terra_event_record_get_conversation_id (event));
}

static gint64
newest_event (TerraStore *store)
{
  g_autoptr(TerraQuery) query = terra_query_new (TERRA_TYPE_EVENT_RECORD);
  g_autoptr(GPtrArray) newest = NULL;

  terra_query_order_by (query, "id", TRUE);
  terra_query_set_range (query, 0, 1);
  newest = terra_store_list (store, query, NULL);
  return newest != NULL && newest->len > 0 ? terra_event_record_get_id (g_ptr_array_index (newest, 0)) : 0;
}

TerraNotifications *
terra_notifications_new (TerraStore          *store,
                         TerraChangeNotifier *notifier,
                         GSettings           *settings)
{
  TerraNotifications *self;

  g_return_val_if_fail (TERRA_IS_STORE (store), NULL);
  g_return_val_if_fail (TERRA_IS_CHANGE_NOTIFIER (notifier), NULL);

  self = g_object_new (TERRA_TYPE_NOTIFICATIONS, NULL);
  self->store = g_object_ref (store);
  self->notifier = g_object_ref (notifier);
  self->settings = settings != NULL ? g_object_ref (settings) : NULL;
  self->last_old_event = newest_event (store);
  self->changed_handler = g_signal_connect (notifier, "changed", G_CALLBACK (on_changed), self);
  return self;
}
