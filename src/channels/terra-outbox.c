/* terra-outbox.c — the threads that deliver the outbox
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Fields are grouped by the thread that may touch them: the owner's thread
 * (start/stop), the delivery thread, and those shared under the mutex.
 */

#define G_LOG_DOMAIN "terra-outbox"

#include "config.h"

#include <math.h>
#include <glib/gi18n-lib.h>

#include "terra-channel-senders.h"
#include "terra-event-webhooks.h"
#include "terra-outbox.h"
#include "terra-store-outbox.h"

/* Without any wake-up a lane still looks this often, for rows written
 * by another process on the same workspace (a `terra --set` run). */
#define IDLE_CHECK (G_TIME_SPAN_MINUTE)
/* After a database error (another writer held the lock too long). */
#define ERROR_PAUSE (2 * G_USEC_PER_SEC)
#define REQUEST_TIMEOUT_SECONDS 30

/* A delivery thread with its own connection and session. Channel messages
 * and webhooks have one each, so a slow or failing webhook receiver never
 * holds up a reply to a lead. */
typedef struct
{
  TerraOutbox     *outbox;
  TerraOutboxKind  kind;
  GThread         *thread;

  /* the lane's thread */
  TerraStore      *store;
  SoupSession     *session;
  char            *summary_checked;  /* the local date of the last daily summary check */

  /* under the outbox's lock */
  gboolean         wake_pending;
} Lane;

struct _TerraOutbox
{
  GObject               parent_instance;

  /* owner's thread */
  TerraWorkspace       *workspace;
  char                 *workspace_id;
  gboolean              running;
  gulong                changed_id;
  TerraChangeNotifier  *notifier;

  /* set before start, read by the lanes */
  gint64                base_delay;
  gint64                max_delay;
  int                   max_attempts;
  gint64                lease;
  TerraOutboxSendFunc   send_func;
  GCancellable         *cancellable;

  Lane                  lanes[2];   /* by TerraOutboxKind */

  /* shared, under lock */
  GMutex                lock;
  GCond                 cond;
  gboolean              stopping;
};

G_DEFINE_FINAL_TYPE (TerraOutbox, terra_outbox, G_TYPE_OBJECT)

static void
terra_outbox_dispose (GObject *object)
{
  TerraOutbox *self = (TerraOutbox *)object;

  terra_outbox_stop (self);

  G_OBJECT_CLASS (terra_outbox_parent_class)->dispose (object);
}

static void
terra_outbox_finalize (GObject *object)
{
  TerraOutbox *self = (TerraOutbox *)object;

  g_clear_object (&self->workspace);
  g_clear_pointer (&self->workspace_id, g_free);
  g_clear_object (&self->cancellable);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);

  G_OBJECT_CLASS (terra_outbox_parent_class)->finalize (object);
}

static void
terra_outbox_class_init (TerraOutboxClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = terra_outbox_dispose;
  object_class->finalize = terra_outbox_finalize;
}

static void
terra_outbox_init (TerraOutbox *self)
{
  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
  self->base_delay = TERRA_OUTBOX_DEFAULT_BASE_DELAY;
  self->max_delay = TERRA_OUTBOX_DEFAULT_MAX_DELAY;
  self->max_attempts = TERRA_OUTBOX_DEFAULT_MAX_ATTEMPTS;
  self->lease = TERRA_OUTBOX_DEFAULT_LEASE;
  self->send_func = terra_channel_send;
  for (guint i = 0; i < G_N_ELEMENTS (self->lanes); i++)
    {
      self->lanes[i].outbox = self;
      self->lanes[i].kind = i;
    }
}

/* Returns (transfer full) an outbox for @workspace, not yet started. */
TerraOutbox *
terra_outbox_new (TerraWorkspace *workspace)
{
  TerraOutbox *self;

  g_return_val_if_fail (TERRA_IS_WORKSPACE (workspace), NULL);

  self = g_object_new (TERRA_TYPE_OUTBOX, NULL);
  self->workspace = g_object_ref (workspace);
  self->workspace_id = g_strdup (terra_workspace_get_id (workspace));
  return self;
}

void
terra_outbox_set_retry_policy (TerraOutbox *self,
                               gint64       base_delay_usec,
                               gint64       max_delay_usec,
                               int          max_attempts)
{
  g_return_if_fail (TERRA_IS_OUTBOX (self));
  g_return_if_fail (!self->running);
  g_return_if_fail (base_delay_usec > 0 && max_delay_usec >= base_delay_usec && max_attempts >= 1);

  self->base_delay = base_delay_usec;
  self->max_delay = max_delay_usec;
  self->max_attempts = max_attempts;
}

void
terra_outbox_set_lease (TerraOutbox *self,
                        gint64       lease_usec)
{
  g_return_if_fail (TERRA_IS_OUTBOX (self));
  g_return_if_fail (!self->running);
  g_return_if_fail (lease_usec > 0);

  self->lease = lease_usec;
}

void
terra_outbox_set_send_func (TerraOutbox         *self,
                            TerraOutboxSendFunc  send_func)
{
  g_return_if_fail (TERRA_IS_OUTBOX (self));
  g_return_if_fail (!self->running);

  self->send_func = send_func != NULL ? send_func : terra_channel_send;
}

gint64
terra_outbox_backoff (int    attempts,
                      gint64 base_delay_usec,
                      gint64 max_delay_usec)
{
  double delay;

  g_return_val_if_fail (base_delay_usec > 0, 0);

  /* 2^40 times any base is beyond any cap: stop doubling there. */
  delay = (double)base_delay_usec * ldexp (1.0, CLAMP (attempts - 1, 0, 40));
  delay = MIN (delay, (double)max_delay_usec);
  delay *= g_random_double_range (0.8, 1.2);
  return (gint64)MIN (delay, (double)max_delay_usec);
}

/* Delivery thread */

typedef enum
{
  OUTCOME_SENT,
  OUTCOME_RETRY,
  OUTCOME_DEAD,
  OUTCOME_INTERRUPTED,
} Outcome;

static gboolean
is_stopping (TerraOutbox *self)
{
  gboolean stopping;

  g_mutex_lock (&self->lock);
  stopping = self->stopping;
  g_mutex_unlock (&self->lock);
  return stopping;
}

/* What a failed send means for its row, and the reason a dead row gets. */
static Outcome
classify (TerraOutbox   *self,
          const GError  *error,
          const char   **reason)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && is_stopping (self))
    return OUTCOME_INTERRUPTED;

  if (error->domain == TERRA_CHANNEL_ERROR)
    {
      switch ((TerraChannelError)error->code)
        {
        case TERRA_CHANNEL_ERROR_RETRY:
          return OUTCOME_RETRY;
        case TERRA_CHANNEL_ERROR_WINDOW_CLOSED:
          *reason = "window_closed";
          return OUTCOME_DEAD;
        case TERRA_CHANNEL_ERROR_NOT_CONFIGURED:
          *reason = "not_configured";
          return OUTCOME_DEAD;
        case TERRA_CHANNEL_ERROR_PERMANENT:
        default:
          *reason = "permanent";
          return OUTCOME_DEAD;
        }
    }

  /* Network trouble (refused, reset, timed out, no route, TLS): the same
   * request may well pass later. */
  if (error->domain == G_IO_ERROR || error->domain == G_RESOLVER_ERROR ||
      error->domain == G_TLS_ERROR || error->domain == SOUP_SESSION_ERROR)
    return OUTCOME_RETRY;

  *reason = "permanent";
  return OUTCOME_DEAD;
}

/* Sends the message of @item; the row is reconciled without a request when
 * the message already left (a provider report, or an earlier run). */
static Outcome
send_message (Lane             *lane,
              TerraOutboxItem  *item,
              char            **external_id,
              const char      **reason,
              GError          **error)
{
  g_autofree char *to = NULL;
  g_autofree char *text = NULL;
  TerraOutbox *self = lane->outbox;
  TerraChannel channel = TERRA_CHANNEL_SMS;
  TerraDelivery delivery = TERRA_DELIVERY_NONE;

  if (!terra_store_outbox_get_message (lane->store, terra_outbox_item_get_message_id (item),
                                       &channel, &to, &text, &delivery, error))
    {
      /* A busy or failing database is no reason to give a message up. */
      if (!g_error_matches (*error, TERRA_STORE_ERROR, TERRA_STORE_ERROR_NOT_FOUND))
        return OUTCOME_RETRY;
      *reason = "permanent";
      return OUTCOME_DEAD;
    }

  if (delivery == TERRA_DELIVERY_SENT || delivery == TERRA_DELIVERY_DELIVERED ||
      delivery == TERRA_DELIVERY_READ)
    return OUTCOME_SENT;

  if (to == NULL || *to == '\0')
    {
      g_set_error (error, TERRA_CHANNEL_ERROR, TERRA_CHANNEL_ERROR_PERMANENT,
                   _("The lead has no %s address to send to"),
                   terra_enum_to_nick (TERRA_TYPE_CHANNEL, channel));
      *reason = "no_address";
      return OUTCOME_DEAD;
    }

  if (self->send_func (lane->session, lane->store, channel, to, text, external_id,
                       self->cancellable, error))
    return OUTCOME_SENT;
  return classify (self, *error, reason);
}

static Outcome
send_webhook (Lane             *lane,
              TerraOutboxItem  *item,
              gint64           *retry_after,
              const char      **reason,
              GError          **error)
{
  TerraOutbox *self = lane->outbox;

  if (terra_event_webhooks_deliver (lane->session, lane->store, self->workspace_id, item,
                                    retry_after, self->cancellable, error))
    return OUTCOME_SENT;
  return classify (self, *error, reason);
}

static gboolean
record_outcome (Lane             *lane,
                TerraOutboxItem  *item,
                Outcome           outcome,
                const char       *external_id,
                const char       *reason,
                gint64            retry_after,
                const GError     *send_error,
                GError          **error)
{
  TerraOutbox *self = lane->outbox;
  gint64 id = terra_outbox_item_get_id (item);
  int attempts = terra_outbox_item_get_attempts (item);
  const char *message = send_error != NULL ? send_error->message : "";
  gint64 delay;

  switch (outcome)
    {
    case OUTCOME_SENT:
      return terra_store_outbox_mark_sent (lane->store, id, external_id, error);

    case OUTCOME_INTERRUPTED:
      /* The next start sends it again at once. */
      return terra_store_outbox_mark_failed (lane->store, id, _("Terra stopped while sending"),
                                             g_get_real_time (), error);

    case OUTCOME_RETRY:
      if (attempts >= self->max_attempts)
        {
          g_autofree char *final = g_strdup_printf (_("Gave up after %d attempts; the last said: %s"),
                                                    attempts, message);

          return terra_store_outbox_mark_dead (lane->store, id, "attempts_exhausted", final, error);
        }
      delay = MAX (terra_outbox_backoff (attempts, self->base_delay, self->max_delay),
                   MIN (retry_after, self->max_delay));
      return terra_store_outbox_mark_failed (lane->store, id, message, g_get_real_time () + delay, error);

    case OUTCOME_DEAD:
    default:
      return terra_store_outbox_mark_dead (lane->store, id, reason != NULL ? reason : "permanent",
                                           message, error);
    }
}

static void
deliver_item (Lane            *lane,
              TerraOutboxItem *item)
{
  g_autoptr(GError) send_error = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *external_id = NULL;
  const char *reason = NULL;
  gint64 retry_after = 0;
  Outcome outcome;

  if (terra_outbox_item_get_kind (item) == TERRA_OUTBOX_WEBHOOK)
    outcome = send_webhook (lane, item, &retry_after, &reason, &send_error);
  else
    outcome = send_message (lane, item, &external_id, &reason, &send_error);

  if (send_error != NULL && outcome != OUTCOME_INTERRUPTED)
    g_debug ("Outbox item %" G_GINT64_FORMAT " (attempt %d): %s",
             terra_outbox_item_get_id (item), terra_outbox_item_get_attempts (item), send_error->message);

  /* If this fails the row stays "sending" and its lease brings it back. */
  if (!record_outcome (lane, item, outcome, external_id, reason, retry_after, send_error, &error))
    g_warning ("Could not record the delivery of outbox item %" G_GINT64_FORMAT ": %s",
               terra_outbox_item_get_id (item), error->message);
}

/* Sends every due row; FALSE after a database error. */
static gboolean
deliver_due (Lane *lane)
{
  TerraOutbox *self = lane->outbox;

  while (!is_stopping (self))
    {
      g_autoptr(TerraOutboxItem) item = NULL;
      g_autoptr(GError) error = NULL;

      if (!terra_store_outbox_claim (lane->store, lane->kind, g_get_real_time (), self->lease, &item, &error))
        {
          g_warning ("Could not read the outbox: %s", error->message);
          return FALSE;
        }
      if (item == NULL)
        return TRUE;
      deliver_item (lane, item);
    }
  return TRUE;
}

/* Sleeps until the next row is due, a wake-up, or a stop. */
static void
wait_for_work (Lane     *lane,
               gboolean  had_error)
{
  TerraOutbox *self = lane->outbox;
  g_autoptr(GError) error = NULL;
  gint64 next_due = terra_store_outbox_next_due (lane->store, lane->kind, &error);
  gint64 delay = IDLE_CHECK;
  gint64 deadline;

  if (had_error || error != NULL)
    delay = ERROR_PAUSE;
  else if (next_due != 0)
    delay = CLAMP (next_due - g_get_real_time (), 0, IDLE_CHECK);

  deadline = g_get_monotonic_time () + delay;
  g_mutex_lock (&self->lock);
  while (!lane->wake_pending && !self->stopping)
    if (!g_cond_wait_until (&self->cond, &self->lock, deadline))
      break;
  lane->wake_pending = FALSE;
  g_mutex_unlock (&self->lock);
}

/* Once a day, after midnight in the business time zone, yesterday's
 * summary joins the outbox (if the owner wants it); the idle check wakes
 * webhook lane within a minute of midnight. */
static void
queue_daily_summary (Lane *lane)
{
  g_autoptr(GTimeZone) zone = terra_store_get_time_zone (lane->store);
  g_autoptr(GDateTime) now = g_date_time_new_now (zone);
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (today, lane->summary_checked) == 0)
    return;
  if (!terra_event_webhooks_queue_daily_summary (lane->store, g_get_real_time (), NULL, &error))
    {
      g_warning ("Could not queue the daily summary: %s", error->message);
      return;
    }
  g_free (lane->summary_checked);
  lane->summary_checked = g_steal_pointer (&today);
}

static gpointer
delivery_thread (gpointer data)
{
  Lane *lane = data;
  TerraOutbox *self = lane->outbox;
  g_autoptr(GMainContext) context = g_main_context_new ();

  /* The session belongs to this thread's context; its synchronous calls
   * never need the context to run. */
  g_main_context_push_thread_default (context);
  lane->session = soup_session_new_with_options ("timeout", REQUEST_TIMEOUT_SECONDS,
                                                 "user-agent", "Terra/" PACKAGE_VERSION,
                                                 NULL);

  while (!is_stopping (self))
    {
      gboolean ok;

      if (lane->kind == TERRA_OUTBOX_WEBHOOK)
        queue_daily_summary (lane);
      ok = deliver_due (lane);
      wait_for_work (lane, !ok);
    }

  g_clear_object (&lane->session);
  g_clear_object (&lane->store);
  g_clear_pointer (&lane->summary_checked, g_free);
  g_main_context_pop_thread_default (context);
  return NULL;
}

static void
notifier_changed_cb (TerraChangeNotifier *notifier,
                     TerraEntity          entity,
                     TerraChangeKind      kind,
                     gint64               id,
                     gpointer             user_data)
{
  TerraOutbox *self = user_data;

  /* Rows appear with messages (triggers), contacts and audit events (event
   * webhooks) or directly. */
  if (entity == TERRA_ENTITY_MESSAGE || entity == TERRA_ENTITY_OUTBOX ||
      entity == TERRA_ENTITY_CONTACT || entity == TERRA_ENTITY_EVENT)
    terra_outbox_wake (self);
}

gboolean
terra_outbox_start (TerraOutbox  *self,
                    GError      **error)
{
  g_return_val_if_fail (TERRA_IS_OUTBOX (self), FALSE);
  g_return_val_if_fail (!self->running, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (self->lanes); i++)
    {
      self->lanes[i].store = terra_workspace_open_store (self->workspace, error);
      if (self->lanes[i].store == NULL)
        {
          for (guint j = 0; j < i; j++)
            g_clear_object (&self->lanes[j].store);
          return FALSE;
        }
      self->lanes[i].wake_pending = FALSE;
    }

  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->stopping = FALSE;

  self->notifier = terra_workspace_get_notifier (self->workspace);
  if (self->notifier != NULL)
    self->changed_id = g_signal_connect (self->notifier, "changed",
                                         G_CALLBACK (notifier_changed_cb), self);

  self->lanes[TERRA_OUTBOX_MESSAGE].thread = g_thread_new ("terra-outbox", delivery_thread,
                                                           &self->lanes[TERRA_OUTBOX_MESSAGE]);
  self->lanes[TERRA_OUTBOX_WEBHOOK].thread = g_thread_new ("terra-webhooks", delivery_thread,
                                                           &self->lanes[TERRA_OUTBOX_WEBHOOK]);
  self->running = TRUE;
  return TRUE;
}

void
terra_outbox_stop (TerraOutbox *self)
{
  g_return_if_fail (TERRA_IS_OUTBOX (self));

  if (!self->running)
    return;

  if (self->notifier != NULL)
    g_clear_signal_handler (&self->changed_id, self->notifier);
  self->notifier = NULL;

  g_mutex_lock (&self->lock);
  self->stopping = TRUE;
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);
  g_cancellable_cancel (self->cancellable);

  for (guint i = 0; i < G_N_ELEMENTS (self->lanes); i++)
    g_thread_join (g_steal_pointer (&self->lanes[i].thread));
  self->running = FALSE;
}

gboolean
terra_outbox_is_running (TerraOutbox *self)
{
  g_return_val_if_fail (TERRA_IS_OUTBOX (self), FALSE);
  return self->running;
}

void
terra_outbox_wake (TerraOutbox *self)
{
  g_return_if_fail (TERRA_IS_OUTBOX (self));

  g_mutex_lock (&self->lock);
  for (guint i = 0; i < G_N_ELEMENTS (self->lanes); i++)
    self->lanes[i].wake_pending = TRUE;
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);
}
