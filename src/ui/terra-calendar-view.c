/* terra-calendar-view.c — the Calendar: the appointments by month, week
 * or day, free time, busy times, and booking by hand
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The view owns the period shown and reads it on the loader's thread
 * (terra-calendar-data.c): a refresh is asked for by navigation and by any
 * committed change to appointments, appointment types, opening hours or
 * settings, gathered for REFRESH_DELAY_MS so a burst costs one read. Only
 * one read runs at a time; a refresh asked for meanwhile runs after it.
 *
 * What the view does with an appointment (booking by hand, the details
 * card, moving and cancelling) lives in terra-calendar-view-booking.c.
 */

#define G_LOG_DOMAIN "terra-calendar"

#include "config.h"

#include <glib/gi18n.h>

#include "terra-availability-dialog.h"
#include "terra-calendar-view-private.h"

/* Long enough to gather the events of one transaction and the ones right
 * after it, short enough that the calendar feels live. */
#define REFRESH_DELAY_MS 250

/* Free time passes: what is free changes with the clock (the booking
 * notice moves on), and so does "today". */
#define TICK_SECONDS (5 * 60)

G_DEFINE_FINAL_TYPE (TerraCalendarView, terra_calendar_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_WORKSPACE,
  PROP_MODE,
  PROP_SHOW_CANCELLED,
  PROP_FREE_TYPE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char * const mode_names[] = {
  [TERRA_CALENDAR_MODE_MONTH] = "month",
  [TERRA_CALENDAR_MODE_WEEK] = "week",
  [TERRA_CALENDAR_MODE_DAY] = "day",
};

static void start_query (TerraCalendarView *self);

void
_terra_calendar_view_add_toast (TerraCalendarView *self,
                                const char        *text)
{
  g_autofree char *escaped = g_markup_escape_text (text, -1);
  AdwToast *toast = adw_toast_new (escaped);

  adw_toast_set_timeout (toast, 4);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

GtkWindow *
_terra_calendar_view_get_parent_window (TerraCalendarView *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

/* The business time zone, read now (a setting may have changed it). */
GTimeZone *
_terra_calendar_view_get_zone (TerraCalendarView *self)
{
  if (self->scheduler == NULL)
    return g_time_zone_new_local ();
  return terra_scheduler_get_time_zone (self->scheduler);
}

void
_terra_calendar_view_get_today (TerraCalendarView *self,
                                GDate             *date)
{
  g_autoptr(GTimeZone) zone = _terra_calendar_view_get_zone (self);

  terra_calendar_local_date (zone, g_get_real_time (), date);
}

static void
show_page (TerraCalendarView *self,
           const char        *name)
{
  GtkWidget *page = gtk_stack_get_child_by_name (self->stack, name);

  gtk_stack_set_visible_child (self->stack, page);

  /* GTK 4.8 presents the pages a GtkStack does not show to AT-SPI like
   * the shown one; hide them from it explicitly. */
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->stack));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    gtk_accessible_update_state (GTK_ACCESSIBLE (child),
                                 GTK_ACCESSIBLE_STATE_HIDDEN, child != page,
                                 -1);
}

static void
update_title (TerraCalendarView *self)
{
  g_autofree char *title = terra_calendar_period_format (&self->period);

  gtk_label_set_label (self->title_label, title);
}

/* Shows @anchor in @mode, and reads it. */
void
_terra_calendar_view_go_to (TerraCalendarView *self,
                            TerraCalendarMode  mode,
                            const GDate       *anchor)
{
  TerraCalendarMode old_mode = self->period.mode;

  terra_calendar_period_init (&self->period, mode, anchor);
  update_title (self);
  start_query (self);

  if (old_mode != mode)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODE]);
}

/* Reading */

static void
update_legend (TerraCalendarView *self)
{
  gboolean timed = self->period.mode != TERRA_CALENDAR_MODE_MONTH;
  TerraAppointmentType *type = NULL;

  if (self->data != NULL)
    type = terra_calendar_data_lookup_type (self->data, self->data->free_type_id);

  gtk_widget_set_visible (self->legend_free, timed && type != NULL);
  gtk_widget_set_visible (self->legend_busy, timed);

  if (type != NULL)
    {
      /* Translators: the legend of the free time shown, which is free
       * time for one appointment type: "Free for a Site visit (60 min)". */
      g_autofree char *text = g_strdup_printf (_("Free for %s (%d min)"),
                                               terra_appointment_type_get_name (type),
                                               terra_appointment_type_get_duration_minutes (type));

      gtk_label_set_label (self->legend_free_label, text);
    }
}

static void
show_pending_booking (TerraCalendarView *self)
{
  GtkWidget *button;

  if (self->pending_booking_id == 0)
    return;

  button = terra_calendar_grid_get_booking_widget (self->grid, self->pending_booking_id);
  self->pending_booking_id = 0;
  if (button == NULL)
    return;

  gtk_widget_grab_focus (button);
  gtk_widget_activate (button);
}

/* The menu's "Free Time For" section: one choice per active type. */
static void
update_free_type_menu (TerraCalendarView *self,
                       TerraCalendarData *data)
{
  g_menu_remove_all (self->free_type_section);

  for (guint i = 0; i < data->types->len; i++)
    {
      TerraAppointmentType *type = g_ptr_array_index (data->types, i);
      g_autoptr(GMenuItem) item = NULL;

      if (!terra_appointment_type_get_active (type))
        continue;

      item = g_menu_item_new (terra_appointment_type_get_name (type), NULL);
      g_menu_item_set_action_and_target_value (item, "calendar.free-type",
                                               g_variant_new_int32 ((gint32)terra_appointment_type_get_id (type)));
      g_menu_append_item (self->free_type_section, item);
    }

  /* The type the free time is shown for, as the loader chose it. */
  if (self->free_type != data->free_type_id)
    {
      self->free_type = (int)data->free_type_id;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FREE_TYPE]);
    }
}

static void
apply_data (TerraCalendarView *self,
            TerraCalendarData *data)
{
  g_clear_pointer (&self->data, terra_calendar_data_unref);
  self->data = terra_calendar_data_ref (data);
  update_free_type_menu (self, data);

  if (data->types->len == 0)
    {
      show_page (self, "empty");
      return;
    }

  terra_calendar_grid_show (self->grid, data, self->show_cancelled);
  update_legend (self);
  show_page (self, "calendar");
  show_pending_booking (self);
}

static void
query_done_cb (GObject      *source_object,
               GAsyncResult *result,
               gpointer      user_data)
{
  GWeakRef *weak = user_data;
  g_autoptr(TerraCalendarView) self = g_weak_ref_get (weak);
  g_autoptr(TerraCalendarData) data = NULL;
  g_autoptr(GError) error = NULL;

  g_weak_ref_clear (weak);
  g_free (weak);

  data = terra_calendar_loader_load_finish (self != NULL ? self->loader : NULL, result, &error);

  /* Gone, or a task of a loader stopped since: nothing to show it in. */
  if (self == NULL || g_task_get_cancellable (G_TASK (result)) != self->cancellable)
    return;

  self->query_running = FALSE;

  if (self->query_again)
    {
      /* The period or the data changed meanwhile: this one is stale. */
      self->query_again = FALSE;
      start_query (self);
      return;
    }

  if (data != NULL)
    apply_data (self, data);
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_warning ("Could not read the calendar: %s", error->message);
      _terra_calendar_view_add_toast (self, error->message);
    }
}

static void
start_query (TerraCalendarView *self)
{
  GWeakRef *weak;

  g_assert (TERRA_IS_CALENDAR_VIEW (self));

  if (self->loader == NULL)
    return;

  if (self->query_running)
    {
      self->query_again = TRUE;
      return;
    }

  /* The task holds no reference on the view: a view disposed meanwhile
   * drops the result instead of being kept alive by it. */
  weak = g_new0 (GWeakRef, 1);
  g_weak_ref_init (weak, self);

  self->query_running = TRUE;
  terra_calendar_loader_load_async (self->loader, &self->period, self->free_type,
                                    self->cancellable, query_done_cb, weak);
}

static gboolean
refresh_timeout_cb (gpointer user_data)
{
  TerraCalendarView *self = user_data;

  self->refresh_source = 0;
  start_query (self);
  return G_SOURCE_REMOVE;
}

static void
workspace_changed_cb (TerraCalendarView *self,
                      TerraEntity        entity,
                      TerraChangeKind    kind,
                      gint64             id)
{
  g_assert (TERRA_IS_CALENDAR_VIEW (self));

  switch (entity)
    {
    case TERRA_ENTITY_SETTING:
    case TERRA_ENTITY_BOOKING:
    case TERRA_ENTITY_APPOINTMENT_TYPE:
    case TERRA_ENTITY_AVAILABILITY:
      /* The first change of a burst arms the timer; the rest ride along. */
      if (self->refresh_source == 0)
        self->refresh_source = g_timeout_add (REFRESH_DELAY_MS, refresh_timeout_cb, self);
      break;

    default:
      break;
    }
}

static gboolean
tick_cb (gpointer user_data)
{
  start_query (TERRA_CALENDAR_VIEW (user_data));
  return G_SOURCE_CONTINUE;
}

static void
start_loader (TerraCalendarView *self)
{
  GDate today;

  self->cancellable = g_cancellable_new ();
  self->loader = terra_calendar_loader_new (self->workspace);
  self->scheduler = terra_scheduler_new (terra_workspace_get_store (self->workspace));
  self->tick_source = g_timeout_add_seconds (TICK_SECONDS, tick_cb, self);

  _terra_calendar_view_get_today (self, &today);
  _terra_calendar_view_go_to (self, self->period.mode, &today);
}

static void
stop_loader (TerraCalendarView *self)
{
  g_cancellable_cancel (self->cancellable);
  if (self->loader != NULL)
    terra_calendar_loader_stop (self->loader);

  g_clear_object (&self->loader);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->scheduler);
  g_clear_pointer (&self->data, terra_calendar_data_unref);
  g_clear_handle_id (&self->refresh_source, g_source_remove);
  g_clear_handle_id (&self->tick_source, g_source_remove);
  self->query_running = FALSE;
  self->query_again = FALSE;
}

static void
day_activated_cb (TerraCalendarView *self,
                  guint              julian,
                  TerraCalendarGrid *grid)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_julian (&date, julian);
  _terra_calendar_view_go_to (self, TERRA_CALENDAR_MODE_DAY, &date);
}

/* Actions */

static void
step_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  TerraCalendarView *self = TERRA_CALENDAR_VIEW (widget);
  TerraCalendarPeriod period = self->period;

  terra_calendar_period_step (&period, g_str_equal (action_name, "calendar.next") ? 1 : -1);
  _terra_calendar_view_go_to (self, period.mode, &period.anchor);
}

static void
today_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  TerraCalendarView *self = TERRA_CALENDAR_VIEW (widget);
  GDate today;

  _terra_calendar_view_get_today (self, &today);
  _terra_calendar_view_go_to (self, self->period.mode, &today);
}

static void
new_appointment_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  _terra_calendar_view_open_new_booking (TERRA_CALENDAR_VIEW (widget), NULL, 0);
}

static void
availability_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  terra_calendar_view_open_availability (TERRA_CALENDAR_VIEW (widget));
}

/* Layout: the toast overlay fills the view; the details popover, while
 * shown, is presented at each allocation so it follows the view. */

static void
terra_calendar_view_measure (GtkWidget      *widget,
                             GtkOrientation  orientation,
                             int             for_size,
                             int            *minimum,
                             int            *natural,
                             int            *minimum_baseline,
                             int            *natural_baseline)
{
  TerraCalendarView *self = TERRA_CALENDAR_VIEW (widget);

  gtk_widget_measure (GTK_WIDGET (self->toast_overlay), orientation, for_size,
                      minimum, natural, minimum_baseline, natural_baseline);
}

static void
terra_calendar_view_size_allocate (GtkWidget *widget,
                                   int        width,
                                   int        height,
                                   int        baseline)
{
  TerraCalendarView *self = TERRA_CALENDAR_VIEW (widget);

  gtk_widget_allocate (GTK_WIDGET (self->toast_overlay), width, height, baseline, NULL);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_POPOVER (child))
      gtk_popover_present (GTK_POPOVER (child));
}

/* Object */

static void
terra_calendar_view_dispose (GObject *object)
{
  TerraCalendarView *self = (TerraCalendarView *)object;
  GtkWidget *child;

  stop_loader (self);

  self->details = NULL;
  while ((child = gtk_widget_get_last_child (GTK_WIDGET (self))) != NULL &&
         GTK_IS_POPOVER (child))
    gtk_widget_unparent (child);

  gtk_widget_dispose_template (GTK_WIDGET (self), TERRA_TYPE_CALENDAR_VIEW);

  G_OBJECT_CLASS (terra_calendar_view_parent_class)->dispose (object);
}

static void
terra_calendar_view_finalize (GObject *object)
{
  TerraCalendarView *self = (TerraCalendarView *)object;

  g_clear_object (&self->workspace);

  G_OBJECT_CLASS (terra_calendar_view_parent_class)->finalize (object);
}

static void
set_mode (TerraCalendarView *self,
          const char        *name)
{
  for (guint mode = 0; mode < G_N_ELEMENTS (mode_names); mode++)
    if (g_strcmp0 (name, mode_names[mode]) == 0)
      {
        if (mode != self->period.mode)
          _terra_calendar_view_go_to (self, mode, &self->period.anchor);
        return;
      }

  g_warning ("Unknown calendar view “%s”", name);
}

static void
set_show_cancelled (TerraCalendarView *self,
                    gboolean           show)
{
  if (self->show_cancelled == show)
    return;

  self->show_cancelled = show;
  if (self->data != NULL && self->data->types->len > 0)
    terra_calendar_grid_show (self->grid, self->data, show);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_CANCELLED]);
}

static void
terra_calendar_view_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  TerraCalendarView *self = TERRA_CALENDAR_VIEW (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      g_value_set_object (value, self->workspace);
      break;

    case PROP_MODE:
      g_value_set_string (value, mode_names[self->period.mode]);
      break;

    case PROP_SHOW_CANCELLED:
      g_value_set_boolean (value, self->show_cancelled);
      break;

    case PROP_FREE_TYPE:
      g_value_set_int (value, self->free_type);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
terra_calendar_view_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  TerraCalendarView *self = TERRA_CALENDAR_VIEW (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      terra_calendar_view_set_workspace (self, g_value_get_object (value));
      break;

    case PROP_MODE:
      set_mode (self, g_value_get_string (value));
      break;

    case PROP_SHOW_CANCELLED:
      set_show_cancelled (self, g_value_get_boolean (value));
      break;

    case PROP_FREE_TYPE:
      if (self->free_type != g_value_get_int (value))
        {
          self->free_type = g_value_get_int (value);
          start_query (self);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
add_shortcuts (GtkWidgetClass *widget_class)
{
  static const struct { guint key; GdkModifierType mods; const char *action; const char *mode; } keys[] = {
    { GDK_KEY_Left, 0, "calendar.previous", NULL },
    { GDK_KEY_Page_Up, 0, "calendar.previous", NULL },
    { GDK_KEY_Right, 0, "calendar.next", NULL },
    { GDK_KEY_Page_Down, 0, "calendar.next", NULL },
    { GDK_KEY_t, 0, "calendar.today", NULL },
    { GDK_KEY_m, 0, "calendar.mode", "month" },
    { GDK_KEY_w, 0, "calendar.mode", "week" },
    { GDK_KEY_d, 0, "calendar.mode", "day" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      if (keys[i].mode != NULL)
        gtk_widget_class_add_binding_action (widget_class, keys[i].key, keys[i].mods,
                                             keys[i].action, "s", keys[i].mode);
      else
        gtk_widget_class_add_binding_action (widget_class, keys[i].key, keys[i].mods,
                                             keys[i].action, NULL);
    }
}

/* The shortcuts with Control work wherever the focus is in the window
 * while the Calendar is shown (the window manages them); the single keys
 * only once the focus is in the Calendar, so they never take a letter
 * typed elsewhere. */
static void
add_window_shortcuts (TerraCalendarView *self)
{
  static const struct { const char *trigger; const char *action; const char *mode; } keys[] = {
    { "<Control>n", "calendar.new-appointment", NULL },
    { "<Control>t", "calendar.today", NULL },
    { "<Control>Page_Up", "calendar.previous", NULL },
    { "<Control>Page_Down", "calendar.next", NULL },
    { "<Control>1", "calendar.mode", "month" },
    { "<Control>2", "calendar.mode", "week" },
    { "<Control>3", "calendar.mode", "day" },
  };
  GtkEventController *controller = gtk_shortcut_controller_new ();

  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (controller), GTK_SHORTCUT_SCOPE_MANAGED);
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      GtkShortcut *shortcut = gtk_shortcut_new (gtk_shortcut_trigger_parse_string (keys[i].trigger),
                                                gtk_named_action_new (keys[i].action));

      if (keys[i].mode != NULL)
        gtk_shortcut_set_arguments (shortcut, g_variant_new_string (keys[i].mode));
      gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller), shortcut);
    }
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
}

static void
terra_calendar_view_class_init (TerraCalendarViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = terra_calendar_view_dispose;
  object_class->finalize = terra_calendar_view_finalize;
  object_class->get_property = terra_calendar_view_get_property;
  object_class->set_property = terra_calendar_view_set_property;

  widget_class->measure = terra_calendar_view_measure;
  widget_class->size_allocate = terra_calendar_view_size_allocate;

  /**
   * TerraCalendarView:workspace:
   *
   * The workspace whose calendar the view shows.
   */
  properties[PROP_WORKSPACE] =
    g_param_spec_object ("workspace", NULL, NULL,
                         TERRA_TYPE_WORKSPACE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * TerraCalendarView:mode:
   *
   * "month", "week" or "day".
   */
  properties[PROP_MODE] =
    g_param_spec_string ("mode", NULL, NULL, "week",
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * TerraCalendarView:show-cancelled:
   *
   * Whether cancelled appointments are shown, struck through.
   */
  properties[PROP_SHOW_CANCELLED] =
    g_param_spec_boolean ("show-cancelled", NULL, NULL, FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * TerraCalendarView:free-type:
   *
   * The appointment type whose free time the week and day show; 0 or an
   * inactive one: the first active type.
   */
  properties[PROP_FREE_TYPE] =
    g_param_spec_int ("free-type", NULL, NULL, 0, G_MAXINT, 0,
                      (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (TERRA_TYPE_CALENDAR_GRID);

  gtk_widget_class_set_css_name (widget_class, "calendar-view");
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/terrasales/Terra/ui/terra-calendar-view.ui");
  gtk_widget_class_bind_template_child (widget_class, TerraCalendarView, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, TerraCalendarView, stack);
  gtk_widget_class_bind_template_child (widget_class, TerraCalendarView, title_label);
  gtk_widget_class_bind_template_child (widget_class, TerraCalendarView, scroller);
  gtk_widget_class_bind_template_child (widget_class, TerraCalendarView, grid);
  gtk_widget_class_bind_template_child (widget_class, TerraCalendarView, legend_free);
  gtk_widget_class_bind_template_child (widget_class, TerraCalendarView, legend_free_label);
  gtk_widget_class_bind_template_child (widget_class, TerraCalendarView, legend_busy);
  gtk_widget_class_bind_template_child (widget_class, TerraCalendarView, free_type_section);
  gtk_widget_class_bind_template_callback_full (widget_class, "booking_activated_cb",
                                                G_CALLBACK (_terra_calendar_view_booking_activated_cb));
  gtk_widget_class_bind_template_callback_full (widget_class, "free_slot_activated_cb",
                                                G_CALLBACK (_terra_calendar_view_free_slot_activated_cb));
  gtk_widget_class_bind_template_callback (widget_class, day_activated_cb);

  gtk_widget_class_install_action (widget_class, "calendar.previous", NULL, step_action);
  gtk_widget_class_install_action (widget_class, "calendar.next", NULL, step_action);
  gtk_widget_class_install_action (widget_class, "calendar.today", NULL, today_action);
  gtk_widget_class_install_action (widget_class, "calendar.new-appointment", NULL, new_appointment_action);
  gtk_widget_class_install_action (widget_class, "calendar.availability", NULL, availability_action);
  gtk_widget_class_install_property_action (widget_class, "calendar.mode", "mode");
  gtk_widget_class_install_property_action (widget_class, "calendar.show-cancelled", "show-cancelled");
  gtk_widget_class_install_property_action (widget_class, "calendar.free-type", "free-type");

  add_shortcuts (widget_class);
}

static void
terra_calendar_view_init (TerraCalendarView *self)
{
  GDate today;

  gtk_widget_init_template (GTK_WIDGET (self));
  add_window_shortcuts (self);

  _terra_calendar_view_get_today (self, &today);
  terra_calendar_period_init (&self->period, TERRA_CALENDAR_MODE_WEEK, &today);
  update_title (self);
  show_page (self, "loading");
}

/* Creates a Calendar showing @workspace (which may be NULL, to be set
 * later with terra_calendar_view_set_workspace()). */
GtkWidget *
terra_calendar_view_new (TerraWorkspace *workspace)
{
  g_return_val_if_fail (workspace == NULL || TERRA_IS_WORKSPACE (workspace), NULL);

  return g_object_new (TERRA_TYPE_CALENDAR_VIEW,
                       "workspace", workspace,
                       NULL);
}

/* The workspace shown; the view keeps its own reference. */
TerraWorkspace *
terra_calendar_view_get_workspace (TerraCalendarView *self)
{
  g_return_val_if_fail (TERRA_IS_CALENDAR_VIEW (self), NULL);

  return self->workspace;
}

/* Shows @workspace: starts a loader with its own connection to it,
 * follows its change events and shows this week. */
void
terra_calendar_view_set_workspace (TerraCalendarView *self,
                                   TerraWorkspace    *workspace)
{
  g_return_if_fail (TERRA_IS_CALENDAR_VIEW (self));
  g_return_if_fail (workspace == NULL || TERRA_IS_WORKSPACE (workspace));

  if (self->workspace == workspace)
    return;

  _terra_calendar_view_close_details (self);

  if (self->workspace != NULL)
    {
      stop_loader (self);
      g_signal_handlers_disconnect_by_func (terra_workspace_get_notifier (self->workspace),
                                            workspace_changed_cb, self);
    }

  g_set_object (&self->workspace, workspace);
  show_page (self, "loading");

  if (workspace != NULL)
    {
      g_signal_connect_object (terra_workspace_get_notifier (workspace), "changed",
                               G_CALLBACK (workspace_changed_cb), self,
                               G_CONNECT_SWAPPED);
      start_loader (self);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WORKSPACE]);
}

/* Shows the appointment @booking_id: its week (or day, if the day is
 * shown), with its details open. */
void
terra_calendar_view_show_booking (TerraCalendarView *self,
                                  gint64             booking_id)
{
  g_autoptr(TerraBooking) booking = NULL;
  g_autoptr(GTimeZone) zone = NULL;
  g_autoptr(GError) error = NULL;
  GDate date;

  g_return_if_fail (TERRA_IS_CALENDAR_VIEW (self));

  if (self->workspace == NULL)
    return;

  booking = terra_store_get (terra_workspace_get_store (self->workspace), TERRA_TYPE_BOOKING,
                             booking_id, &error);
  if (booking == NULL)
    {
      _terra_calendar_view_add_toast (self, error->message);
      return;
    }

  zone = _terra_calendar_view_get_zone (self);
  terra_calendar_local_date (zone, terra_booking_get_start_utc (booking), &date);
  if (terra_booking_get_status (booking) == TERRA_BOOKING_STATUS_CANCELLED)
    set_show_cancelled (self, TRUE);

  self->pending_booking_id = booking_id;
  _terra_calendar_view_go_to (self, self->period.mode == TERRA_CALENDAR_MODE_DAY ? TERRA_CALENDAR_MODE_DAY
                                                            : TERRA_CALENDAR_MODE_WEEK,
         &date);
}

/* Opens Opening Hours & Appointments for the view's workspace, over the
 * view's window. */
void
terra_calendar_view_open_availability (TerraCalendarView *self)
{
  GtkWidget *dialog;

  g_return_if_fail (TERRA_IS_CALENDAR_VIEW (self));

  if (self->workspace == NULL)
    return;

  dialog = terra_availability_dialog_new (_terra_calendar_view_get_parent_window (self), self->workspace);
  gtk_window_present (GTK_WINDOW (dialog));
}
