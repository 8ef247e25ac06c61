/* terra-preferences-window.c — Preferences: every setting that shapes what
 * the assistant does, one page per group
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window owns the workspace reference and a cancellable that ends the
 * keyring and network calls of its pages when it closes. Each page lives
 * in its own file (terra-preferences-window-<page>.c) and fills the groups
 * of the template; terra-preferences-window-rows.c makes the rows. The
 * style is per-user interface state and binds straight to GSettings.
 */

#define G_LOG_DOMAIN "terra-preferences"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "terra-application.h"
#include "terra-integrations.h"
#include "terra-preferences-window-private.h"
#include "terra-secrets.h"

G_DEFINE_FINAL_TYPE (TerraPreferencesWindow, terra_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

enum {
  PROP_0,
  PROP_WORKSPACE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The nicks of the io.github.terrasales.Terra.ColorScheme enum, in the
 * order of the Style row's choices. */
static const char * const color_schemes[] = { "default", "light", "dark" };

static gboolean
style_from_setting (GValue   *value,
                    GVariant *variant,
                    gpointer  user_data)
{
  const char *nick = g_variant_get_string (variant, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (color_schemes); i++)
    if (g_str_equal (nick, color_schemes[i]))
      {
        g_value_set_uint (value, i);
        return TRUE;
      }

  return FALSE;
}

static GVariant *
style_to_setting (const GValue       *value,
                  const GVariantType *expected_type,
                  gpointer            user_data)
{
  guint position = g_value_get_uint (value);

  if (position >= G_N_ELEMENTS (color_schemes))
    return NULL;

  return g_variant_new_string (color_schemes[position]);
}

/* The address webhooks and the web chat are reached at: the public URL
 * the owner gave (a tunnel), else where this computer's server listens. */
char *
_terra_preferences_server_url (TerraPreferencesWindow *self)
{
  TerraStore *store = terra_workspace_get_store (self->workspace);
  GApplication *application = g_application_get_default ();
  TerraRuntime *runtime = NULL;
  g_autofree char *public_url = NULL;
  const char *bind = NULL;
  int port = -1;

  if (terra_setting_keys_lookup ("server.public_url") != NULL)
    public_url = terra_store_get_setting_string (store, "server.public_url");
  if (public_url != NULL && *public_url != '\0')
    {
      gsize length = strlen (public_url);

      while (length > 0 && public_url[length - 1] == '/')
        public_url[--length] = '\0';
      return g_steal_pointer (&public_url);
    }

  if (TERRA_IS_APPLICATION (application))
    runtime = terra_application_get_runtime (TERRA_APPLICATION (application));
  if (runtime != NULL)
    {
      bind = terra_runtime_get_bind_address (runtime);
      port = terra_runtime_get_port (runtime);
    }
  return g_strdup_printf ("http://%s:%d", bind != NULL ? bind : "127.0.0.1", port > 0 ? port : terra_integrations_default_port ());
}

/* Desktop notifications are per-user interface state: GSettings'
 * notify-events, read by terra-notifications.c. */

static void
notify_switch_cb (GtkSwitch              *widget,
                  GParamSpec             *pspec,
                  TerraPreferencesWindow *self)
{
  const char *event = g_object_get_data (G_OBJECT (widget), "terra-event");
  g_auto(GStrv) events = g_settings_get_strv (self->settings, "notify-events");
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) wanted = NULL;
  gboolean active = gtk_switch_get_active (widget);

  if (active == g_strv_contains ((const char * const *)events, event))
    return;
  for (guint i = 0; events[i] != NULL; i++)
    if (!g_str_equal (events[i], event))
      g_strv_builder_add (builder, events[i]);
  if (active)
    g_strv_builder_add (builder, event);
  wanted = g_strv_builder_end (builder);
  g_settings_set_strv (self->settings, "notify-events", (const char * const *)wanted);
}

static void
notify_events_changed_cb (GSettings  *settings,
                          const char *key,
                          GtkSwitch  *widget)
{
  g_auto(GStrv) events = g_settings_get_strv (settings, "notify-events");

  gtk_switch_set_active (widget, g_strv_contains ((const char * const *)events,
                                                  g_object_get_data (G_OBJECT (widget), "terra-event")));
}

void
_terra_preferences_add_notify_row (TerraPreferencesWindow *self,
                                   AdwPreferencesGroup    *group,
                                   const char             *event,
                                   const char             *title,
                                   const char             *subtitle)
{
  g_autoptr(GSettingsSchema) schema = NULL;
  GtkWidget *row;
  GtkWidget *widget;

  g_object_get (self->settings, "settings-schema", &schema, NULL);
  if (!g_settings_schema_has_key (schema, "notify-events"))
    return;

  row = adw_action_row_new ();
  widget = gtk_switch_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_valign (widget, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), widget);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), widget);
  g_object_set_data (G_OBJECT (widget), "terra-event", (gpointer)event);
  notify_events_changed_cb (self->settings, "notify-events", GTK_SWITCH (widget));
  g_signal_connect_object (widget, "notify::active", G_CALLBACK (notify_switch_cb), self, 0);
  g_signal_connect_object (self->settings, "changed::notify-events", G_CALLBACK (notify_events_changed_cb),
                           widget, 0);
  adw_preferences_group_add (group, row);
}

static void
notifications_init (TerraPreferencesWindow *self)
{
  AdwPreferencesGroup *group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());

  adw_preferences_group_set_title (group, _("Desktop Notifications"));
  adw_preferences_group_set_description (group, _("For you on this computer; each also shows in the window"));
  _terra_preferences_add_notify_row (self, group, "lead.hot", _("A lead becomes hot"), NULL);
  _terra_preferences_add_notify_row (self, group, "booking.created", _("The assistant books a meeting"), NULL);
  _terra_preferences_add_notify_row (self, group, "handoff.requested", _("A conversation is handed to you"), NULL);
  _terra_preferences_add_notify_row (self, group, "delivery.failed", _("A message could not be delivered"), NULL);
  adw_preferences_page_add (self->general_page, group);
}

static void
terra_preferences_window_constructed (GObject *object)
{
  TerraPreferencesWindow *self = (TerraPreferencesWindow *)object;

  G_OBJECT_CLASS (terra_preferences_window_parent_class)->constructed (object);

  g_return_if_fail (TERRA_IS_WORKSPACE (self->workspace));

  _terra_preferences_add_setting_row (self, self->business_group, "business.name", _("Business name"), NULL);
  _terra_preferences_add_setting_row (self, self->business_group, "business.timezone", _("Time zone"),
                                      _("An IANA time zone such as Europe/Berlin or Asia/Kolkata; leave empty to use this computer’s"));

  notifications_init (self);
  _terra_preferences_provider_init (self);
  _terra_preferences_assistant_init (self);
  _terra_preferences_channels_init (self);
  _terra_preferences_privacy_init (self);
  _terra_preferences_api_init (self);
}

static void
terra_preferences_window_dispose (GObject *object)
{
  TerraPreferencesWindow *self = (TerraPreferencesWindow *)object;

  /* Keyring and network calls still running must not reach freed rows. */
  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), TERRA_TYPE_PREFERENCES_WINDOW);

  G_OBJECT_CLASS (terra_preferences_window_parent_class)->dispose (object);
}

static void
terra_preferences_window_finalize (GObject *object)
{
  TerraPreferencesWindow *self = (TerraPreferencesWindow *)object;

  g_clear_pointer (&self->api_key, terra_secrets_free);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->settings);
  g_clear_object (&self->workspace);

  G_OBJECT_CLASS (terra_preferences_window_parent_class)->finalize (object);
}

static void
terra_preferences_window_get_property (GObject    *object,
                                       guint       prop_id,
                                       GValue     *value,
                                       GParamSpec *pspec)
{
  TerraPreferencesWindow *self = TERRA_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      g_value_set_object (value, self->workspace);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
terra_preferences_window_set_property (GObject      *object,
                                       guint         prop_id,
                                       const GValue *value,
                                       GParamSpec   *pspec)
{
  TerraPreferencesWindow *self = TERRA_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      self->workspace = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
terra_preferences_window_class_init (TerraPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = terra_preferences_window_constructed;
  object_class->dispose = terra_preferences_window_dispose;
  object_class->finalize = terra_preferences_window_finalize;
  object_class->get_property = terra_preferences_window_get_property;
  object_class->set_property = terra_preferences_window_set_property;

  /**
   * TerraPreferencesWindow:workspace:
   *
   * The workspace whose business settings the window edits.
   */
  properties[PROP_WORKSPACE] =
    g_param_spec_object ("workspace", NULL, NULL,
                         TERRA_TYPE_WORKSPACE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/terrasales/Terra/ui/terra-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, TerraPreferencesWindow, style_row);
  gtk_widget_class_bind_template_child (widget_class, TerraPreferencesWindow, general_page);
  gtk_widget_class_bind_template_child (widget_class, TerraPreferencesWindow, business_group);
  gtk_widget_class_bind_template_child (widget_class, TerraPreferencesWindow, provider_group);
  gtk_widget_class_bind_template_child (widget_class, TerraPreferencesWindow, provider_test_group);
  gtk_widget_class_bind_template_child (widget_class, TerraPreferencesWindow, provider_test_row);
  gtk_widget_class_bind_template_child (widget_class, TerraPreferencesWindow, provider_test_button);
  gtk_widget_class_bind_template_child (widget_class, TerraPreferencesWindow, personality_group);
  gtk_widget_class_bind_template_child (widget_class, TerraPreferencesWindow, response_group);
  gtk_widget_class_bind_template_child (widget_class, TerraPreferencesWindow, hours_group);
  gtk_widget_class_bind_template_child (widget_class, TerraPreferencesWindow, escalation_group);
  gtk_widget_class_bind_template_child (widget_class, TerraPreferencesWindow, escalation_notify_group);
  gtk_widget_class_bind_template_child (widget_class, TerraPreferencesWindow, channels_page);
  gtk_widget_class_bind_template_child (widget_class, TerraPreferencesWindow, retention_group);
  gtk_widget_class_bind_template_child (widget_class, TerraPreferencesWindow, contact_data_group);
  gtk_widget_class_bind_template_child (widget_class, TerraPreferencesWindow, contact_search_row);
  gtk_widget_class_bind_template_child (widget_class, TerraPreferencesWindow, contact_results);
  gtk_widget_class_bind_template_child (widget_class, TerraPreferencesWindow, api_key_group);
  gtk_widget_class_bind_template_child (widget_class, TerraPreferencesWindow, api_key_row);
  gtk_widget_class_bind_template_child (widget_class, TerraPreferencesWindow, api_key_label);
  gtk_widget_class_bind_template_child (widget_class, TerraPreferencesWindow, webhooks_group);

  _terra_preferences_class_init_api (widget_class);
}

static void
terra_preferences_window_init (TerraPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->settings = g_settings_new (APPLICATION_ID);
  g_settings_bind_with_mapping (self->settings, "color-scheme",
                                self->style_row, "selected",
                                G_SETTINGS_BIND_DEFAULT,
                                style_from_setting, style_to_setting,
                                NULL, NULL);
}

/* Creates the Preferences window for @workspace, transient for @parent. */
TerraPreferencesWindow *
terra_preferences_window_new (GtkWindow      *parent,
                              TerraWorkspace *workspace)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (TERRA_IS_WORKSPACE (workspace), NULL);

  return g_object_new (TERRA_TYPE_PREFERENCES_WINDOW,
                       "transient-for", parent,
                       "workspace", workspace,
                       NULL);
}
