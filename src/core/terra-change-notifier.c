/* terra-change-notifier.c — change events, delivered on the main context
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Any thread that commits a change posts it here; listeners receive the
 * ::changed signal on the context the notifier was made for (the main
 * context of the application), never on the writer's thread. Changes are
 * batched: a burst of commits costs the main loop one dispatch, not one per
 * row, which keeps the UI smooth while a channel floods messages in.
 */

#define G_LOG_DOMAIN "terra-changes"

#include "config.h"

#include "terra-change-notifier.h"
#include "terra-enums.h"

struct _TerraChangeNotifier
{
  GObject       parent_instance;

  GMainContext *context;

  /* Guarded by lock: filled by any thread, drained on context. */
  GMutex        lock;
  GArray       *pending;
  gboolean      dispatch_queued;
};

G_DEFINE_FINAL_TYPE (TerraChangeNotifier, terra_change_notifier, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
terra_change_notifier_finalize (GObject *object)
{
  TerraChangeNotifier *self = (TerraChangeNotifier *)object;

  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_pointer (&self->pending, g_array_unref);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (terra_change_notifier_parent_class)->finalize (object);
}

static void
terra_change_notifier_class_init (TerraChangeNotifierClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = terra_change_notifier_finalize;

  /**
   * TerraChangeNotifier::changed:
   * @entity: the #TerraEntity that changed
   * @kind: a #TerraChangeKind
   * @id: the row's id
   *
   * Emitted on the notifier's context after the change was committed.
   */
  signals[CHANGED] = g_signal_new ("changed",
                                   G_TYPE_FROM_CLASS (klass),
                                   G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 3,
                                   TERRA_TYPE_ENTITY,
                                   TERRA_TYPE_CHANGE_KIND,
                                   G_TYPE_INT64);
}

static void
terra_change_notifier_init (TerraChangeNotifier *self)
{
  g_mutex_init (&self->lock);
  self->pending = g_array_new (FALSE, FALSE, sizeof (TerraChange));
}

/* Returns a notifier that emits on context (NULL: the global default). */
TerraChangeNotifier *
terra_change_notifier_new (GMainContext *context)
{
  TerraChangeNotifier *self = g_object_new (TERRA_TYPE_CHANGE_NOTIFIER, NULL);

  self->context = g_main_context_ref (context ? context : g_main_context_default ());
  return self;
}

static gboolean
dispatch_changes (gpointer user_data)
{
  TerraChangeNotifier *self = user_data;
  g_autoptr(GArray) batch = NULL;

  g_mutex_lock (&self->lock);
  batch = g_steal_pointer (&self->pending);
  self->pending = g_array_new (FALSE, FALSE, sizeof (TerraChange));
  self->dispatch_queued = FALSE;
  g_mutex_unlock (&self->lock);

  for (guint i = 0; i < batch->len; i++)
    {
      const TerraChange *change = &g_array_index (batch, TerraChange, i);

      g_signal_emit (self, signals[CHANGED], 0, change->entity, change->kind, change->id);
    }

  return G_SOURCE_REMOVE;
}

/* Queues committed changes for delivery on the notifier's context. Safe to
 * call from any thread. */
void
terra_change_notifier_post (TerraChangeNotifier *self,
                            const TerraChange   *changes,
                            guint                n_changes)
{
  gboolean queue;

  g_return_if_fail (TERRA_IS_CHANGE_NOTIFIER (self));
  g_return_if_fail (changes != NULL || n_changes == 0);

  if (n_changes == 0)
    return;

  g_mutex_lock (&self->lock);
  g_array_append_vals (self->pending, changes, n_changes);
  queue = !self->dispatch_queued;
  self->dispatch_queued = TRUE;
  g_mutex_unlock (&self->lock);

  /* Always through a source, even on the main thread: g_main_context_invoke()
   * would run the handlers right here when a worker can acquire an idle
   * context, and listeners must only ever run on the main thread. */
  if (queue)
    {
      g_autoptr(GSource) source = g_idle_source_new ();

      g_source_set_priority (source, G_PRIORITY_DEFAULT);
      g_source_set_name (source, "[terra] change dispatch");
      g_source_set_callback (source, dispatch_changes, g_object_ref (self), g_object_unref);
      g_source_attach (source, self->context);
    }
}
