/* terra-preferences-window.c — Preferences: the style, and the business
 * settings of the workspace
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The style is per-user interface state and binds straight to GSettings.
 * The business rows are workspace settings: each is validated by the same
 * rules as `terra --set` (terra-setting-keys.c) when the user applies it,
 * and a value that breaks them is shown as an error and not saved. The
 * writes are single small rows, so they go through the main thread's
 * connection.
 */

#define G_LOG_DOMAIN "terra-preferences"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "terra-preferences-window.h"
#include "terra-setting-keys.h"

struct _TerraPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  /* Template widgets */
  AdwComboRow          *style_row;
  AdwEntryRow          *business_name_row;
  AdwEntryRow          *assistant_name_row;
  AdwEntryRow          *timezone_row;
  GtkLabel             *error_label;

  /* Owned */
  GSettings            *settings;
  TerraWorkspace       *workspace;
};

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

static const char *
setting_key_for_row (TerraPreferencesWindow *self,
                     AdwEntryRow            *row)
{
  if (row == self->business_name_row)
    return "business.name";
  if (row == self->assistant_name_row)
    return "assistant.name";
  if (row == self->timezone_row)
    return "business.timezone";

  g_return_val_if_reached (NULL);
}

static void
clear_error (TerraPreferencesWindow *self,
             AdwEntryRow            *row)
{
  gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
  gtk_accessible_reset_state (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_STATE_INVALID);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
}

/* Marks @row as wrong and says why, under the rows and in a toast. */
static void
show_error (TerraPreferencesWindow *self,
            AdwEntryRow            *row,
            const char             *key,
            const GError           *error)
{
  g_autofree char *prefix = g_strconcat (key, ": ", NULL);
  const char *message = error->message;

  /* The rules speak to `terra --set` users and name the key first; here
   * the row already says which setting it is. */
  if (g_str_has_prefix (message, prefix))
    message += strlen (prefix);

  gtk_widget_add_css_class (GTK_WIDGET (row), "error");
  gtk_accessible_update_state (GTK_ACCESSIBLE (row),
                               GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_TRUE,
                               -1);
  gtk_label_set_label (self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self),
                                    adw_toast_new (_("Not saved: the value is not valid")));
}

static void
entry_row_apply_cb (AdwEntryRow            *row,
                    TerraPreferencesWindow *self)
{
  TerraStore *store = terra_workspace_get_store (self->workspace);
  const char *key = setting_key_for_row (self, row);
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
  g_autoptr(JsonNode) value = NULL;
  g_autoptr(GError) error = NULL;

  value = terra_setting_keys_parse (key, text, &error);
  if (value == NULL || !terra_store_set_setting (store, key, value, &error))
    {
      show_error (self, row, key, error);
      return;
    }

  clear_error (self, row);
}

static void
entry_row_changed_cb (AdwEntryRow            *row,
                      TerraPreferencesWindow *self)
{
  clear_error (self, row);
}

/* Fills @row with the stored value. (AdwEntryRow offers to apply only
 * text typed while it has focus, so this does not reveal the button.) */
static void
load_row (TerraPreferencesWindow *self,
          AdwEntryRow            *row)
{
  TerraStore *store = terra_workspace_get_store (self->workspace);
  g_autofree char *value = terra_store_get_setting_string (store, setting_key_for_row (self, row));

  gtk_editable_set_text (GTK_EDITABLE (row), value != NULL ? value : "");
}

static void
terra_preferences_window_constructed (GObject *object)
{
  TerraPreferencesWindow *self = (TerraPreferencesWindow *)object;

  G_OBJECT_CLASS (terra_preferences_window_parent_class)->constructed (object);

  g_return_if_fail (TERRA_IS_WORKSPACE (self->workspace));

  load_row (self, self->business_name_row);
  load_row (self, self->assistant_name_row);
  load_row (self, self->timezone_row);
}

static void
terra_preferences_window_dispose (GObject *object)
{
  TerraPreferencesWindow *self = (TerraPreferencesWindow *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), TERRA_TYPE_PREFERENCES_WINDOW);

  G_OBJECT_CLASS (terra_preferences_window_parent_class)->dispose (object);
}

static void
terra_preferences_window_finalize (GObject *object)
{
  TerraPreferencesWindow *self = (TerraPreferencesWindow *)object;

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
  gtk_widget_class_bind_template_child (widget_class, TerraPreferencesWindow, business_name_row);
  gtk_widget_class_bind_template_child (widget_class, TerraPreferencesWindow, assistant_name_row);
  gtk_widget_class_bind_template_child (widget_class, TerraPreferencesWindow, timezone_row);
  gtk_widget_class_bind_template_child (widget_class, TerraPreferencesWindow, error_label);
  gtk_widget_class_bind_template_callback (widget_class, entry_row_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, entry_row_changed_cb);
}

static void
terra_preferences_window_init (TerraPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

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
