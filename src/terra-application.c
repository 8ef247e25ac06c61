/* terra-application.c — the application: workspace, command line, headless
 * mode and the desktop window
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Everything that needs no display happens in handle-local-options, before
 * GTK is initialised: --version, --set, --demo and --headless work on a
 * server with no screen. Only a plain launch reaches startup and opens the
 * window.
 */

#define G_LOG_DOMAIN "terra"

#include "config.h"

#include <glib/gi18n.h>
#include <glib-unix.h>

#include "terra-application.h"
#include "terra-api-key.h"
#include "terra-availability-dialog.h"
#include "terra-demo.h"
#include "terra-notifications.h"
#include "terra-reminders.h"
#include "terra-daily-summary.h"
#include "terra-setting-keys.h"
#include "terra-window.h"

struct _TerraApplication
{
  AdwApplication  parent_instance;

  TerraWorkspace *workspace;
  GMainLoop      *headless_loop;
  TerraRuntime   *runtime;
  TerraReminders *reminders;
  TerraDailySummary *daily_summary;
  TerraNotifications *notifications;
};

G_DEFINE_FINAL_TYPE (TerraApplication, terra_application, ADW_TYPE_APPLICATION)

static const GOptionEntry option_entries[] = {
  { "data-dir", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("The workspace folder (default: ~/.local/share/terra)"), N_("DIR") },
  { "headless", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Run without a window until interrupted"), NULL },
  { "demo", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Fill an empty workspace with an invented demo business"), NULL },
  { "set", 0, 0, G_OPTION_ARG_STRING_ARRAY, NULL,
    N_("Set a workspace setting (repeatable); see the README for the keys"), N_("KEY=VALUE") },
  { "bind", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("The address the server listens on (default: 127.0.0.1)"), N_("ADDR") },
  { "port", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("The port the server listens on (default: 8642; 0 picks a free one)"), N_("N") },
  { "print-api-key", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Print the workspace’s API key and exit"), NULL },
  { "version", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Print the version and exit"), NULL },
  { NULL }
};

static void
terra_application_finalize (GObject *object)
{
  TerraApplication *self = (TerraApplication *)object;

  g_clear_object (&self->reminders);
  g_clear_object (&self->daily_summary);
  g_clear_object (&self->notifications);
  g_clear_object (&self->runtime);
  g_clear_object (&self->workspace);
  g_clear_pointer (&self->headless_loop, g_main_loop_unref);

  G_OBJECT_CLASS (terra_application_parent_class)->finalize (object);
}

/* Applies every --set in one transaction: one bad value applies none. */
static gboolean
apply_settings (TerraApplication    *self,
                const char * const  *assignments,
                GError             **error)
{
  TerraStore *store = terra_workspace_get_store (self->workspace);
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func ((GDestroyNotify)json_node_unref);

  for (guint i = 0; assignments[i] != NULL; i++)
    {
      char *key = NULL;
      JsonNode *value = NULL;

      if (!terra_setting_keys_parse_assignment (assignments[i], &key, &value, error))
        return FALSE;
      g_ptr_array_add (keys, key);
      g_ptr_array_add (values, value);
    }

  if (!terra_store_begin (store, error))
    return FALSE;

  for (guint i = 0; i < keys->len; i++)
    if (!terra_store_set_setting (store, keys->pdata[i], values->pdata[i], error))
      {
        terra_store_rollback (store);
        return FALSE;
      }

  return terra_store_commit (store, error);
}

/* Fills the workspace with the demo business, unless it already is the
 * demo (so `terra --demo` can be run again) or holds real data (refused). */
gboolean
terra_application_load_demo (TerraApplication  *self,
                             GError           **error)
{
  g_return_val_if_fail (TERRA_IS_APPLICATION (self), FALSE);
  g_return_val_if_fail (self->workspace != NULL, FALSE);

  if (terra_workspace_is_demo (self->workspace))
    return TRUE;

  return terra_demo_populate (terra_workspace_get_store (self->workspace),
                              g_get_real_time (), error);
}

static void print_error (const char   *context,
                         const GError *error);

static gboolean
on_stop_signal (gpointer user_data)
{
  TerraApplication *self = user_data;

  g_message ("Stopping");
  g_main_loop_quit (self->headless_loop);
  return G_SOURCE_CONTINUE;
}

/* Starts the engine and its services. Headless, a service that cannot
 * start (a port in use) is fatal: nothing else would tell anyone. In the
 * desktop app the window says what is off and the rest runs. */
static gboolean
start_runtime (TerraApplication *self)
{
  g_autoptr(GError) error = NULL;

  if (self->runtime == NULL)
    self->runtime = terra_runtime_new (self->workspace);
  if (terra_runtime_is_running (self->runtime))
    return TRUE;
  if (terra_runtime_start (self->runtime, &error))
    return TRUE;

  print_error (NULL, error);
  return !terra_runtime_is_running (self->runtime) ? FALSE : !self->headless_loop;
}

/* Runs the workspace with no window until SIGINT or SIGTERM. Everything is
 * committed as it happens, so stopping loses nothing; the workspace is
 * closed (and the WAL checkpointed) on the way out. */
static int
run_headless (TerraApplication *self)
{
  guint sigint_id;
  guint sigterm_id;

  self->headless_loop = g_main_loop_new (NULL, FALSE);
  sigint_id = g_unix_signal_add (SIGINT, on_stop_signal, self);
  sigterm_id = g_unix_signal_add (SIGTERM, on_stop_signal, self);

  g_message ("Terra %s running headless on workspace %s",
             PACKAGE_VERSION, terra_workspace_get_directory (self->workspace));
  if (!start_runtime (self))
    {
      g_source_remove (sigint_id);
      g_source_remove (sigterm_id);
      g_clear_object (&self->runtime);
      return EXIT_FAILURE;
    }
  g_main_loop_run (self->headless_loop);

  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);
  terra_runtime_stop (self->runtime);
  g_clear_object (&self->runtime);
  g_clear_object (&self->workspace);
  g_message ("Stopped cleanly");
  return EXIT_SUCCESS;
}

static void
print_error (const char   *context,
             const GError *error)
{
  g_printerr ("terra: %s%s%s\n", context ? context : "", context ? ": " : "", error->message);
}

/* --print-api-key: for scripts on this machine; creates the key on first
 * use, like the server does. */
static int
print_api_key (TerraApplication *self)
{
  g_autoptr(TerraApiKey) api_key = terra_api_key_get_for_workspace (terra_workspace_get_id (self->workspace));
  g_autoptr(GError) error = NULL;
  g_auto(TerraSecretString) value = terra_api_key_dup_value (api_key, &error);

  if (value == NULL)
    {
      print_error ("--print-api-key", error);
      return EXIT_FAILURE;
    }
  g_print ("%s\n", value);
  return EXIT_SUCCESS;
}

/* --bind and --port go to the runtime, which starts the server. */
static gboolean
configure_server (TerraApplication *self,
                  GVariantDict     *options)
{
  g_autofree char *bind_address = NULL;
  g_autofree char *port_text = NULL;
  guint64 value = 0;
  int port = -1;

  /* A string, not an int option: GApplication drops an int option of 0,
   * and --port 0 must reach the server. */
  g_variant_dict_lookup (options, "bind", "s", &bind_address);
  if (g_variant_dict_lookup (options, "port", "s", &port_text))
    {
      if (!g_ascii_string_to_unsigned (port_text, 10, 0, 65535, &value, NULL))
        {
          g_printerr ("terra: --port: “%s” is not a port (0–65535; 0 picks a free one)\n", port_text);
          return FALSE;
        }
      port = (int)value;
    }
  if (bind_address == NULL && port < 0)
    return TRUE;

  if (self->runtime == NULL)
    self->runtime = terra_runtime_new (self->workspace);
  terra_runtime_set_server_address (self->runtime, bind_address, port);
  return TRUE;
}

static int
terra_application_handle_local_options (GApplication *app,
                                        GVariantDict *options)
{
  TerraApplication *self = TERRA_APPLICATION (app);
  g_autofree char *data_dir = NULL;
  g_autofree const char **assignments = NULL;
  g_autoptr(GError) error = NULL;
  gboolean headless = g_variant_dict_contains (options, "headless");
  gboolean demo = g_variant_dict_contains (options, "demo");

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("terra %s\n", PACKAGE_VERSION);
      return EXIT_SUCCESS;
    }

  g_variant_dict_lookup (options, "data-dir", "^ay", &data_dir);
  g_variant_dict_lookup (options, "set", "^a&s", &assignments);

  /* Another workspace is another app instance: don't hand the launch to a
   * window already showing the default one. */
  if (data_dir != NULL)
    g_application_set_flags (app, g_application_get_flags (app) | G_APPLICATION_NON_UNIQUE);

  self->workspace = terra_workspace_open (data_dir, &error);
  if (self->workspace == NULL)
    {
      print_error (NULL, error);
      return EXIT_FAILURE;
    }

  if (assignments != NULL && !apply_settings (self, assignments, &error))
    {
      print_error ("--set", error);
      return 2;
    }

  if (demo && !terra_application_load_demo (self, &error))
    {
      print_error ("--demo", error);
      return EXIT_FAILURE;
    }

  if (g_variant_dict_contains (options, "print-api-key"))
    return print_api_key (self);
  if (!configure_server (self, options))
    return 2;

  if (headless)
    return run_headless (self);

  /* --set alone is a script's call: apply and leave. */
  if (assignments != NULL && !demo)
    return EXIT_SUCCESS;

  return -1;
}

/* A desktop notification shortly before each appointment; its id replaces
 * an earlier one of the same booking instead of stacking up. */
static void
remind_cb (TerraReminders   *reminders,
           TerraBooking     *booking,
           TerraApplication *self)
{
  g_autoptr(GNotification) notification = NULL;
  g_autofree char *id = g_strdup_printf ("booking-%" G_GINT64_FORMAT, terra_booking_get_id (booking));
  g_autofree char *body = NULL;
  g_autofree char *title = terra_reminders_describe (reminders, booking, g_get_real_time (), &body);

  notification = g_notification_new (title);
  g_notification_set_body (notification, body);
  g_notification_set_category (notification, "x-gnome.calendar");
  g_notification_set_default_action_and_target_value (notification, "app.show-booking",
                                                      g_variant_new_int64 (terra_booking_get_id (booking)));
  g_application_send_notification (G_APPLICATION (self), id, notification);
}

/* Yesterday in numbers: a desktop notification (today's replaces
 * yesterday's) and a toast in the window. */
static void
daily_summary_cb (TerraDailySummary *summary,
                  const char        *title,
                  const char        *body,
                  TerraApplication  *self)
{
  g_autoptr(GNotification) notification = g_notification_new (title);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  g_notification_set_body (notification, body);
  g_application_send_notification (G_APPLICATION (self), "daily-summary", notification);
  if (TERRA_IS_WINDOW (window))
    terra_window_add_toast (TERRA_WINDOW (window), title);
}

/* A desktop notification (one per conversation and kind, the newest
 * replacing the older) and a toast in the window. */
static void
alert_cb (TerraNotifications *notifications,
           const char         *kind,
           const char         *title,
           const char         *body,
           gint64              conversation_id,
           TerraApplication   *self)
{
  g_autoptr(GNotification) notification = g_notification_new (title);
  g_autofree char *id = g_strdup_printf ("%s-%" G_GINT64_FORMAT, kind, conversation_id);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (*body != '\0')
    g_notification_set_body (notification, body);
  if (g_str_equal (kind, "lead.hot") || g_str_equal (kind, "handoff.requested"))
    g_notification_set_priority (notification, G_NOTIFICATION_PRIORITY_HIGH);
  if (conversation_id > 0)
    g_notification_set_default_action_and_target_value (notification, "app.show-conversation",
                                                        g_variant_new_int64 (conversation_id));
  g_application_send_notification (G_APPLICATION (self), id, notification);

  if (TERRA_IS_WINDOW (window))
    terra_window_add_toast (TERRA_WINDOW (window), title);
}

static void
terra_application_activate (GApplication *app)
{
  TerraApplication *self = TERRA_APPLICATION (app);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    window = GTK_WINDOW (terra_window_new (self));

  gtk_window_present (window);

  start_runtime (self);

  if (self->reminders == NULL)
    {
      self->reminders = terra_reminders_new (terra_workspace_get_store (self->workspace),
                                             terra_workspace_get_notifier (self->workspace));
      g_signal_connect_object (self->reminders, "remind", G_CALLBACK (remind_cb), self, 0);
      terra_reminders_check (self->reminders, g_get_real_time ());
    }

  if (self->daily_summary == NULL)
    {
      g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);

      self->daily_summary = terra_daily_summary_new (terra_workspace_get_store (self->workspace), settings);
      g_signal_connect_object (self->daily_summary, "summary", G_CALLBACK (daily_summary_cb), self, 0);
    }

  if (self->notifications == NULL)
    {
      g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);

      self->notifications = terra_notifications_new (terra_workspace_get_store (self->workspace),
                                                     terra_workspace_get_notifier (self->workspace), settings);
      g_signal_connect_object (self->notifications, "alert", G_CALLBACK (alert_cb), self, 0);
    }
}

/* Opens the window from a reminder; the window shows the booking if it
 * knows how (win.show-booking). */
static void
show_booking_action (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  GApplication *app = G_APPLICATION (user_data);
  GtkWindow *window;

  g_application_activate (app);
  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  if (window != NULL && g_action_group_has_action (G_ACTION_GROUP (window), "show-booking"))
    g_action_group_activate_action (G_ACTION_GROUP (window), "show-booking", parameter);
}

/* Opens the window on a conversation, from a notification; the window
 * shows it if it knows how (win.show-conversation). */
static void
show_conversation_action (GSimpleAction *action,
                          GVariant      *parameter,
                          gpointer       user_data)
{
  GApplication *app = G_APPLICATION (user_data);
  GtkWindow *window;

  g_application_activate (app);
  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  if (window != NULL && g_action_group_has_action (G_ACTION_GROUP (window), "show-conversation"))
    g_action_group_activate_action (G_ACTION_GROUP (window), "show-conversation", parameter);
}

static void
availability_action (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  TerraApplication *self = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    {
      g_application_activate (G_APPLICATION (self));
      window = gtk_application_get_active_window (GTK_APPLICATION (self));
    }

  gtk_window_present (GTK_WINDOW (terra_availability_dialog_new (window, self->workspace)));
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  TerraApplication *self = user_data;
  static const char *developers[] = { "The Terra developers", NULL };
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  adw_show_about_window (window,
                         "application-name", _("Terra"),
                         "application-icon", APPLICATION_ID,
                         "developer-name", _("The Terra developers"),
                         "version", PACKAGE_VERSION,
                         "comments", _("An AI sales assistant that answers every lead on every "
                                       "channel, qualifies it, books the appointment and hands "
                                       "the conversation to you when a person is needed. "
                                       "Everything stays on your computer."),
                         "website", "https://github.com/terrasales/terra",
                         "issue-url", "https://github.com/terrasales/terra/issues",
                         "developers", developers,
                         "copyright", "© 2026 The Terra developers",
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "translator-credits", _("translator-credits"),
                         NULL);
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static const GActionEntry app_actions[] = {
  { "about", about_action },
  { "quit", quit_action },
  { "availability", availability_action },
  { "show-booking", show_booking_action, "x" },
  { "show-conversation", show_conversation_action, "x" },
};

static void
terra_application_startup (GApplication *app)
{
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *close_accels[] = { "<Control>w", NULL };
  static const char *preferences_accels[] = { "<Control>comma", NULL };
  static const char *shortcuts_accels[] = { "<Control>question", NULL };
  static const char *availability_accels[] = { "<Control><Shift>h", NULL };

  G_APPLICATION_CLASS (terra_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions, G_N_ELEMENTS (app_actions), app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "window.close", close_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.preferences", preferences_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.show-help-overlay", shortcuts_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.availability", availability_accels);
}

/* The engine finishes the message in hand before the workspace closes. */
static void
terra_application_shutdown (GApplication *app)
{
  TerraApplication *self = TERRA_APPLICATION (app);

  if (self->runtime != NULL)
    terra_runtime_stop (self->runtime);

  G_APPLICATION_CLASS (terra_application_parent_class)->shutdown (app);
}

static void
terra_application_class_init (TerraApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = terra_application_finalize;
  app_class->handle_local_options = terra_application_handle_local_options;
  app_class->startup = terra_application_startup;
  app_class->activate = terra_application_activate;
  app_class->shutdown = terra_application_shutdown;
}

static void
terra_application_init (TerraApplication *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
  g_application_set_option_context_parameter_string (G_APPLICATION (self), NULL);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Terra answers every lead on every channel, "
                                              "qualifies it and books the appointment."));
}

TerraApplication *
terra_application_new (void)
{
  return g_object_new (TERRA_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", "/io/github/terrasales/Terra",
                       NULL);
}

/* The workspace the application works on; NULL before the command line
 * was handled. */
TerraWorkspace *
terra_application_get_workspace (TerraApplication *self)
{
  g_return_val_if_fail (TERRA_IS_APPLICATION (self), NULL);
  return self->workspace;
}

/* The engine and services of the workspace; NULL before the window or
 * headless mode started them. */
TerraRuntime *
terra_application_get_runtime (TerraApplication *self)
{
  g_return_val_if_fail (TERRA_IS_APPLICATION (self), NULL);
  return self->runtime;
}
