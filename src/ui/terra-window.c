/* terra-window.c — the main window: header bar, views, demo notice, toasts
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window holds the views and the things around them. It keeps the
 * per-user interface state in GSettings (size, maximized, last view,
 * colour scheme); everything about the business comes from the workspace.
 */

#define G_LOG_DOMAIN "terra-window"

#include "config.h"

#include <glib/gi18n.h>

#include "terra-calendar-view.h"
#include "terra-conversations-view.h"
#include "terra-dashboard-view.h"
#include "terra-insights-view.h"
#include "terra-preferences-window.h"
#include "terra-test-chat-dialog.h"
#include "terra-resources.h"
#include "terra-training-view.h"
#include "terra-window.h"

struct _TerraWindow
{
  AdwApplicationWindow  parent_instance;

  /* Template widgets */
  AdwToastOverlay      *toast_overlay;
  GtkRevealer          *demo_revealer;
  AdwViewStack         *stack;
  TerraDashboardView   *dashboard_view;
  TerraInsightsView    *insights_view;
  TerraCalendarView    *calendar_view;
  TerraTrainingView    *training_view;
  TerraConversationsView *conversations_view;

  /* Owned */
  GSettings            *settings;
  TerraWorkspace       *workspace;
};

G_DEFINE_FINAL_TYPE (TerraWindow, terra_window, ADW_TYPE_APPLICATION_WINDOW)

static void
update_demo_notice (TerraWindow *self)
{
  gboolean demo;

  g_assert (TERRA_IS_WINDOW (self));

  demo = self->workspace != NULL && terra_workspace_is_demo (self->workspace);
  gtk_revealer_set_reveal_child (self->demo_revealer, demo);
  /* A folded revealer still presents its child to AT-SPI in GTK 4.8. */
  gtk_accessible_update_state (GTK_ACCESSIBLE (self->demo_revealer),
                               GTK_ACCESSIBLE_STATE_HIDDEN, !demo,
                               -1);
}

/* Only a setting can turn a workspace into the demo (the demo marks itself
 * with one), so the notice follows setting changes, whoever commits them. */
static void
workspace_changed_cb (TerraWindow     *self,
                      TerraEntity      entity,
                      TerraChangeKind  kind,
                      gint64           id)
{
  if (entity == TERRA_ENTITY_SETTING)
    update_demo_notice (self);
}

static void
apply_color_scheme (TerraWindow *self)
{
  AdwColorScheme scheme;

  /* The values of the io.github.terrasales.Terra.ColorScheme enum. */
  switch (g_settings_get_enum (self->settings, "color-scheme"))
    {
    case 1:
      scheme = ADW_COLOR_SCHEME_FORCE_LIGHT;
      break;

    case 2:
      scheme = ADW_COLOR_SCHEME_FORCE_DARK;
      break;

    default:
      scheme = ADW_COLOR_SCHEME_DEFAULT;
      break;
    }

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), scheme);
}

static void
color_scheme_changed_cb (TerraWindow *self,
                         const char  *key,
                         GSettings   *settings)
{
  apply_color_scheme (self);
}

/* An unknown name (a view of a newer or older Terra) falls back to the
 * stack's first page, the Dashboard. */
static void
restore_last_view (TerraWindow *self)
{
  g_autofree char *name = g_settings_get_string (self->settings, "last-view");

  if (adw_view_stack_get_child_by_name (self->stack, name) != NULL)
    adw_view_stack_set_visible_child_name (self->stack, name);
}

static void
visible_view_changed_cb (TerraWindow *self,
                         GParamSpec  *pspec,
                         GObject     *stack)
{
  const char *name = adw_view_stack_get_visible_child_name (self->stack);

  if (name != NULL)
    g_settings_set_string (self->settings, "last-view", name);
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  TerraWindow *self = user_data;
  GtkWindow *preferences;

  preferences = GTK_WINDOW (terra_preferences_window_new (GTK_WINDOW (self), self->workspace));
  gtk_window_present (preferences);
}

static void
load_demo_action (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  TerraWindow *self = user_data;
  TerraApplication *app = TERRA_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  g_autoptr(GError) error = NULL;

  if (!terra_application_load_demo (app, &error))
    {
      terra_window_add_toast (self, error->message);
      return;
    }

  update_demo_notice (self);
  terra_window_add_toast (self, _("Demo business loaded"));
}

/* A reminder's notification opens its appointment (app.show-booking). */
static void
show_booking_action (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  TerraWindow *self = user_data;

  adw_view_stack_set_visible_child_name (self->stack, "calendar");
  terra_calendar_view_show_booking (self->calendar_view, g_variant_get_int64 (parameter));
}

/* The Dashboard's "Chat with Terra". */
static void
test_chat_action (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  TerraWindow *self = user_data;

  gtk_window_present (GTK_WINDOW (terra_test_chat_dialog_new (GTK_WINDOW (self), self->workspace)));
}

/* Switches to a view by its page name ("dashboard", "conversations",
 * "calendar", "training", "insights"); an unknown one is ignored. */
static void
show_view_action (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  TerraWindow *self = user_data;
  const char *name = g_variant_get_string (parameter, NULL);

  if (adw_view_stack_get_child_by_name (self->stack, name) != NULL)
    adw_view_stack_set_visible_child_name (self->stack, name);
}

/* Opens a conversation (app.show-conversation from a notification, or a
 * chip of common questions in Insights). */
static void
show_conversation_action (GSimpleAction *action,
                          GVariant      *parameter,
                          gpointer       user_data)
{
  TerraWindow *self = user_data;

  adw_view_stack_set_visible_child_name (self->stack, "conversations");
  terra_conversations_view_show_conversation (self->conversations_view, g_variant_get_int64 (parameter));
}

static const GActionEntry win_actions[] = {
  { "preferences", preferences_action },
  { "test-chat", test_chat_action },
  { "show-view", show_view_action, "s" },
  { "load-demo", load_demo_action },
  { "show-booking", show_booking_action, "x" },
  { "show-conversation", show_conversation_action, "x" },
};

static void
setup_help_overlay (TerraWindow *self)
{
  g_autoptr(GtkBuilder) builder = NULL;

  builder = gtk_builder_new_from_resource ("/io/github/terrasales/Terra/ui/terra-shortcuts-window.ui");
  gtk_application_window_set_help_overlay (GTK_APPLICATION_WINDOW (self),
                                           GTK_SHORTCUTS_WINDOW (gtk_builder_get_object (builder, "help_overlay")));
}

/* Shows @workspace. The window learns it from its application, which
 * GObject sets only after construction (the property is not a construct
 * one), so terra_window_new() calls this. */
static void
set_workspace (TerraWindow    *self,
               TerraWorkspace *workspace)
{
  g_assert (TERRA_IS_WINDOW (self));
  g_assert (self->workspace == NULL);

  self->workspace = g_object_ref (workspace);
  g_signal_connect_object (terra_workspace_get_notifier (workspace), "changed",
                           G_CALLBACK (workspace_changed_cb), self,
                           G_CONNECT_SWAPPED);
  terra_dashboard_view_set_workspace (self->dashboard_view, workspace);
  terra_insights_view_set_workspace (self->insights_view, workspace);
  terra_calendar_view_set_workspace (self->calendar_view, workspace);
  terra_training_view_set_workspace (self->training_view, workspace);
  terra_conversations_view_set_workspace (self->conversations_view, workspace);
  update_demo_notice (self);
}

static void
terra_window_dispose (GObject *object)
{
  TerraWindow *self = (TerraWindow *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), TERRA_TYPE_WINDOW);

  G_OBJECT_CLASS (terra_window_parent_class)->dispose (object);
}

static void
terra_window_finalize (GObject *object)
{
  TerraWindow *self = (TerraWindow *)object;

  g_clear_object (&self->settings);
  g_clear_object (&self->workspace);

  G_OBJECT_CLASS (terra_window_parent_class)->finalize (object);
}

static void
terra_window_class_init (TerraWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = terra_window_dispose;
  object_class->finalize = terra_window_finalize;

  /* The resource bundle is compiled into a static library, where nothing
   * else names it: this call makes the linker keep it, and with it the
   * constructor that registers it before main() — early enough for
   * AdwApplication to find style.css at startup. */
  g_return_if_fail (terra_get_resource () != NULL);

  g_type_ensure (TERRA_TYPE_DASHBOARD_VIEW);
  g_type_ensure (TERRA_TYPE_INSIGHTS_VIEW);
  g_type_ensure (TERRA_TYPE_CALENDAR_VIEW);
  g_type_ensure (TERRA_TYPE_TRAINING_VIEW);
  g_type_ensure (TERRA_TYPE_CONVERSATIONS_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/terrasales/Terra/ui/terra-window.ui");
  gtk_widget_class_bind_template_child (widget_class, TerraWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, TerraWindow, demo_revealer);
  gtk_widget_class_bind_template_child (widget_class, TerraWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, TerraWindow, dashboard_view);
  gtk_widget_class_bind_template_child (widget_class, TerraWindow, insights_view);
  gtk_widget_class_bind_template_child (widget_class, TerraWindow, calendar_view);
  gtk_widget_class_bind_template_child (widget_class, TerraWindow, training_view);
  gtk_widget_class_bind_template_child (widget_class, TerraWindow, conversations_view);
}

static void
terra_window_init (TerraWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  g_action_map_add_action_entries (G_ACTION_MAP (self),
                                   win_actions, G_N_ELEMENTS (win_actions),
                                   self);

  self->settings = g_settings_new (APPLICATION_ID);
  g_settings_bind (self->settings, "window-width", self, "default-width", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-height", self, "default-height", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-maximized", self, "maximized", G_SETTINGS_BIND_DEFAULT);

  g_signal_connect_object (self->settings, "changed::color-scheme",
                           G_CALLBACK (color_scheme_changed_cb), self,
                           G_CONNECT_SWAPPED);
  apply_color_scheme (self);

  restore_last_view (self);
  g_signal_connect_object (self->stack, "notify::visible-child-name",
                           G_CALLBACK (visible_view_changed_cb), self,
                           G_CONNECT_SWAPPED);

  setup_help_overlay (self);
}

/* Creates the main window of @application, showing its workspace. */
TerraWindow *
terra_window_new (TerraApplication *application)
{
  TerraWindow *self;

  g_return_val_if_fail (TERRA_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (terra_application_get_workspace (application) != NULL, NULL);

  self = g_object_new (TERRA_TYPE_WINDOW,
                       "application", application,
                       NULL);
  set_workspace (self, terra_application_get_workspace (application));

  return self;
}

/* Shows @title (plain text, not markup) in a toast over the window. */
void
terra_window_add_toast (TerraWindow *self,
                        const char  *title)
{
  g_autofree char *escaped = NULL;

  g_return_if_fail (TERRA_IS_WINDOW (self));
  g_return_if_fail (title != NULL);

  escaped = g_markup_escape_text (title, -1);
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (escaped));
}
