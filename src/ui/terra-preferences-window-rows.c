/* terra-preferences-window-rows.c — rows that edit workspace settings
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One helper per kind of setting in the registry: a switch for a boolean,
 * a spin button bounded by the registry's range for a number, a combo for
 * a choice and an entry row for text. Text is checked by the same rules
 * as `terra --set` while it is typed; the reason shows under the group at
 * once, and Apply saves nothing while it is wrong. The writes are single
 * small rows, so they go through the main thread's connection.
 */

#define G_LOG_DOMAIN "terra-preferences"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "terra-preferences-window-private.h"
#include "terra-secrets.h"

#define KEY_DATA "terra-setting-key"
#define VALUES_DATA "terra-setting-values"
#define ERROR_LABEL_DATA "terra-error-label"
#define LOADING_DATA "terra-loading"

void
_terra_preferences_toast (TerraPreferencesWindow *self,
                          const char             *message)
{
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (message));
}

/* The label under @row's group that says what is wrong, made on first use. */
static GtkLabel *
error_label_for (GtkWidget *row)
{
  GtkWidget *group = gtk_widget_get_ancestor (row, ADW_TYPE_PREFERENCES_GROUP);
  GtkLabel *label;

  if (group == NULL)
    return NULL;
  label = g_object_get_data (G_OBJECT (group), ERROR_LABEL_DATA);
  if (label == NULL)
    {
      label = GTK_LABEL (gtk_label_new (NULL));
      gtk_label_set_wrap (label, TRUE);
      gtk_label_set_xalign (label, 0);
      gtk_widget_set_margin_top (GTK_WIDGET (label), 12);
      gtk_widget_add_css_class (GTK_WIDGET (label), "error");
      gtk_widget_set_visible (GTK_WIDGET (label), FALSE);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (label));
      g_object_set_data (G_OBJECT (group), ERROR_LABEL_DATA, label);
    }
  return label;
}

static void
show_row_error (GtkWidget    *row,
                const char   *key,
                const GError *error)
{
  GtkLabel *label = error_label_for (row);
  g_autofree char *prefix = g_strconcat (key, ": ", NULL);
  const char *message = error->message;
  g_autofree char *text = NULL;

  /* The rules speak to `terra --set` users and name the key first; here
   * the row's title says which setting it is. */
  if (g_str_has_prefix (message, prefix))
    message += strlen (prefix);
  text = g_strdup_printf ("%s: %s", adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), message);

  gtk_widget_add_css_class (row, "error");
  gtk_accessible_update_state (GTK_ACCESSIBLE (row),
                               GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_TRUE,
                               -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text, -1);
  if (label != NULL)
    {
      gtk_label_set_label (label, text);
      gtk_widget_set_visible (GTK_WIDGET (label), TRUE);
    }
}

static void
clear_row_error (GtkWidget *row)
{
  GtkLabel *label = error_label_for (row);

  gtk_widget_remove_css_class (row, "error");
  gtk_accessible_reset_state (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_STATE_INVALID);
  gtk_accessible_reset_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
  if (label != NULL)
    gtk_widget_set_visible (GTK_WIDGET (label), FALSE);
}

/* Checks the registry cannot make: a colour the web chat would otherwise
 * quietly replace by its default. */
static gboolean
check_value (const char  *key,
             const char  *text,
             GError     **error)
{
  if (g_str_equal (key, "webchat.color") && *text != '\0')
    {
      gboolean ok = text[0] == '#' && strlen (text) == 7;

      for (guint i = 1; ok && i < 7; i++)
        ok = g_ascii_isxdigit (text[i]);
      if (!ok)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       _("write the colour as #rrggbb, such as #3584e4"));
          return FALSE;
        }
    }
  return TRUE;
}

gboolean
_terra_preferences_save (TerraPreferencesWindow *self,
                         GtkWidget              *row,
                         const char             *key,
                         const char             *text)
{
  TerraStore *store = terra_workspace_get_store (self->workspace);
  g_autoptr(JsonNode) value = NULL;
  g_autoptr(GError) error = NULL;

  if (check_value (key, text, &error))
    value = terra_setting_keys_parse (key, text, &error);
  if (value == NULL || !terra_store_set_setting (store, key, value, &error))
    {
      show_row_error (row, key, error);
      _terra_preferences_toast (self, _("Not saved: the value is not valid"));
      return FALSE;
    }
  clear_row_error (row);
  return TRUE;
}

void
_terra_preferences_set_entry_text (AdwEntryRow *row,
                                   const char  *text)
{
  g_object_set_data (G_OBJECT (row), LOADING_DATA, GINT_TO_POINTER (TRUE));
  gtk_editable_set_text (GTK_EDITABLE (row), text != NULL ? text : "");
  g_object_set_data (G_OBJECT (row), LOADING_DATA, NULL);
}

static const char *
row_key (gpointer row)
{
  return g_object_get_data (G_OBJECT (row), KEY_DATA);
}

static void
switch_active_cb (GtkSwitch              *widget,
                  GParamSpec             *pspec,
                  TerraPreferencesWindow *self)
{
  GtkWidget *row = gtk_widget_get_ancestor (GTK_WIDGET (widget), ADW_TYPE_ACTION_ROW);

  _terra_preferences_save (self, row, row_key (row), gtk_switch_get_active (widget) ? "true" : "false");
}

static void
spin_value_cb (GtkSpinButton          *spin,
               TerraPreferencesWindow *self)
{
  GtkWidget *row = gtk_widget_get_ancestor (GTK_WIDGET (spin), ADW_TYPE_ACTION_ROW);
  g_autofree char *text = g_strdup_printf ("%d", gtk_spin_button_get_value_as_int (spin));

  _terra_preferences_save (self, row, row_key (row), text);
}

static void
combo_selected_cb (AdwComboRow            *row,
                   GParamSpec             *pspec,
                   TerraPreferencesWindow *self)
{
  const char * const *values = g_object_get_data (G_OBJECT (row), VALUES_DATA);
  guint selected = adw_combo_row_get_selected (row);

  if (values == NULL || selected == GTK_INVALID_LIST_POSITION || selected >= g_strv_length ((char **)values))
    return;
  _terra_preferences_save (self, GTK_WIDGET (row), row_key (row), values[selected]);
}

/* Checks as the user types, so the reason shows before Apply. */
static void
entry_changed_cb (AdwEntryRow            *row,
                  TerraPreferencesWindow *self)
{
  g_autofree char *text = NULL;
  g_autoptr(JsonNode) value = NULL;
  g_autoptr(GError) error = NULL;

  if (g_object_get_data (G_OBJECT (row), LOADING_DATA) != NULL)
    return;
  text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
  if (check_value (row_key (row), text, &error))
    value = terra_setting_keys_parse (row_key (row), text, &error);
  if (value == NULL)
    show_row_error (GTK_WIDGET (row), row_key (row), error);
  else
    clear_row_error (GTK_WIDGET (row));
}

static void
entry_apply_cb (AdwEntryRow            *row,
                TerraPreferencesWindow *self)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));

  if (_terra_preferences_save (self, GTK_WIDGET (row), row_key (row), text))
    _terra_preferences_toast (self, _("Saved"));
}

static GtkWidget *
new_switch_row (TerraPreferencesWindow *self,
                const char             *key)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *widget = gtk_switch_new ();
  TerraStore *store = terra_workspace_get_store (self->workspace);

  gtk_switch_set_active (GTK_SWITCH (widget), terra_store_get_setting_boolean (store, key));
  gtk_widget_set_valign (widget, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), widget);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), widget);
  g_signal_connect_object (widget, "notify::active", G_CALLBACK (switch_active_cb), self, 0);
  return row;
}

static GtkWidget *
new_spin_row (TerraPreferencesWindow *self,
              const TerraSettingKey  *definition)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *spin = gtk_spin_button_new_with_range ((double)definition->minimum, (double)definition->maximum, 1);
  TerraStore *store = terra_workspace_get_store (self->workspace);

  gtk_spin_button_set_numeric (GTK_SPIN_BUTTON (spin), TRUE);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), (double)terra_store_get_setting_int (store, definition->key));
  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), spin);
  g_signal_connect_object (spin, "value-changed", G_CALLBACK (spin_value_cb), self, 0);
  return row;
}

static GtkWidget *
new_entry_row (TerraPreferencesWindow *self,
               const char             *key)
{
  GtkWidget *row = adw_entry_row_new ();
  g_autofree char *value = terra_store_get_setting_string (terra_workspace_get_store (self->workspace), key);

  adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (row), TRUE);
  g_object_set_data_full (G_OBJECT (row), KEY_DATA, g_strdup (key), g_free);
  _terra_preferences_set_entry_text (ADW_ENTRY_ROW (row), value);
  g_signal_connect_object (row, "changed", G_CALLBACK (entry_changed_cb), self, 0);
  g_signal_connect_object (row, "apply", G_CALLBACK (entry_apply_cb), self, 0);
  /* Enter saves too, as the apply button does. */
  g_signal_connect_object (row, "entry-activated", G_CALLBACK (entry_apply_cb), self, 0);
  return row;
}

static void
finish_row (GtkWidget           *row,
            AdwPreferencesGroup *group,
            const char          *key,
            const char          *title,
            const char          *subtitle)
{
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL && ADW_IS_ACTION_ROW (row))
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  else if (subtitle != NULL)
    gtk_widget_set_tooltip_text (row, subtitle);
  g_object_set_data_full (G_OBJECT (row), KEY_DATA, g_strdup (key), g_free);
  adw_preferences_group_add (group, row);
}

GtkWidget *
_terra_preferences_add_choice_row (TerraPreferencesWindow *self,
                                   AdwPreferencesGroup    *group,
                                   const char             *key,
                                   const char             *title,
                                   const char             *subtitle,
                                   const char * const     *values,
                                   const char * const     *labels)
{
  const TerraSettingKey *definition = terra_setting_keys_lookup (key);
  TerraStore *store = terra_workspace_get_store (self->workspace);
  g_autofree char *current = NULL;
  g_autoptr(GtkStringList) model = NULL;
  g_autoptr(GStrvBuilder) choices = NULL;
  GtkWidget *row;
  guint selected = GTK_INVALID_LIST_POSITION;

  if (definition == NULL)
    return NULL;

  /* A switch with two long names reads better as a choice. */
  if (definition->type == TERRA_SETTING_BOOLEAN)
    current = g_strdup (terra_store_get_setting_boolean (store, key) ? "true" : "false");
  else
    current = terra_store_get_setting_string (store, key);
  model = gtk_string_list_new (NULL);
  choices = g_strv_builder_new ();
  for (guint i = 0; values[i] != NULL; i++)
    {
      gtk_string_list_append (model, _(labels[i]));
      g_strv_builder_add (choices, values[i]);
      if (g_strcmp0 (current, values[i]) == 0)
        selected = i;
    }
  /* A value set from the shell that the list does not name (a language
   * code, say) is shown as it is, rather than as the first choice. */
  if (selected == GTK_INVALID_LIST_POSITION && current != NULL && *current != '\0')
    {
      selected = g_list_model_get_n_items (G_LIST_MODEL (model));
      gtk_string_list_append (model, current);
      g_strv_builder_add (choices, current);
    }

  row = adw_combo_row_new ();
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (model));
  if (selected != GTK_INVALID_LIST_POSITION)
    adw_combo_row_set_selected (ADW_COMBO_ROW (row), selected);
  g_object_set_data_full (G_OBJECT (row), VALUES_DATA, g_strv_builder_end (choices), (GDestroyNotify)g_strfreev);
  finish_row (row, group, key, title, subtitle);
  g_signal_connect_object (row, "notify::selected", G_CALLBACK (combo_selected_cb), self, 0);
  return row;
}

GtkWidget *
_terra_preferences_add_setting_row (TerraPreferencesWindow *self,
                                    AdwPreferencesGroup    *group,
                                    const char             *key,
                                    const char             *title,
                                    const char             *subtitle)
{
  const TerraSettingKey *definition = terra_setting_keys_lookup (key);
  GtkWidget *row;

  if (definition == NULL)
    return NULL;

  switch (definition->type)
    {
    case TERRA_SETTING_BOOLEAN:
      row = new_switch_row (self, key);
      break;
    case TERRA_SETTING_INTEGER:
      row = new_spin_row (self, definition);
      break;
    case TERRA_SETTING_STRING:
    case TERRA_SETTING_URL:
    case TERRA_SETTING_TIMEZONE:
    case TERRA_SETTING_CHOICE:
    default:
      row = new_entry_row (self, key);
      break;
    }
  finish_row (row, group, key, title, subtitle);
  return row;
}

static void
copy_clicked_cb (GtkButton              *button,
                 TerraPreferencesWindow *self)
{
  GtkLabel *label = g_object_get_data (G_OBJECT (button), "terra-copy-label");

  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (button)), gtk_label_get_label (label));
  _terra_preferences_toast (self, _("Copied"));
}

GtkWidget *
_terra_preferences_add_copy_row (TerraPreferencesWindow *self,
                                 AdwPreferencesGroup    *group,
                                 const char             *title,
                                 const char             *text)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *label = gtk_label_new (text);
  GtkWidget *button = gtk_button_new_from_icon_name ("edit-copy-symbolic");
  g_autofree char *copy_name = g_strdup_printf (_("Copy %s"), title);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "monospace");
  gtk_widget_add_css_class (label, "caption");
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, copy_name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, copy_name, -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  g_object_set_data (G_OBJECT (button), "terra-copy-label", label);
  g_signal_connect_object (button, "clicked", G_CALLBACK (copy_clicked_cb), self, 0);
  adw_preferences_group_add (group, row);
  return row;
}

/* Secrets */

typedef struct
{
  TerraPreferencesWindow *self;   /* weak: see secret_saved_cb */
  GtkWidget              *row;
  gboolean                removed;
} SecretSave;

static void
secret_saved_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autofree SecretSave *save = user_data;
  g_autoptr(GError) error = NULL;

  if (!terra_preferences_save_secret_finish (result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      adw_action_row_set_subtitle (ADW_ACTION_ROW (save->row), error->message);
      _terra_preferences_toast (save->self, _("Not saved: the keyring did not take the key"));
      return;
    }
  adw_action_row_set_subtitle (ADW_ACTION_ROW (save->row),
                               save->removed ? _("Not set") : _("Stored in the keyring"));
  _terra_preferences_toast (save->self, save->removed ? _("Removed from the keyring") : _("Saved in the keyring"));
}

static void
secret_activate_cb (GtkWidget              *entry,
                    TerraPreferencesWindow *self)
{
  GtkWidget *row = gtk_widget_get_ancestor (entry, ADW_TYPE_ACTION_ROW);
  SecretSave *save = g_new0 (SecretSave, 1);
  const char *value = gtk_editable_get_text (GTK_EDITABLE (entry));

  save->self = self;
  save->row = row;
  save->removed = *value == '\0';
  /* The window's cancellable ends the save if the window goes first. */
  terra_preferences_save_secret_async (self->workspace, row_key (row), value, self->cancellable,
                                       secret_saved_cb, save);
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
}

static void
secret_button_cb (GtkButton *button,
                  GtkWidget *entry)
{
  g_signal_emit_by_name (entry, "activate");
}

typedef struct
{
  char *workspace_id;
  char *name;
} WhereData;

static void
where_data_free (gpointer data)
{
  WhereData *where = data;

  g_free (where->workspace_id);
  g_free (where->name);
  g_free (where);
}

static void
where_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  WhereData *where = task_data;
  g_autoptr(GError) error = NULL;
  TerraSecretSource source = terra_secrets_where (where->workspace_id, where->name, cancellable, &error);
  g_autofree char *env = terra_secrets_env_name (where->name);

  if (error != NULL)
    g_task_return_pointer (task, g_strdup_printf (_("Keyring unavailable: %s"), error->message), g_free);
  else if (source == TERRA_SECRET_SOURCE_ENVIRONMENT)
    g_task_return_pointer (task, g_strdup_printf (_("Set by the environment variable %s"), env), g_free);
  else if (source == TERRA_SECRET_SOURCE_KEYRING)
    g_task_return_pointer (task, g_strdup (_("Stored in the keyring")), g_free);
  else
    g_task_return_pointer (task, g_strdup (_("Not set")), g_free);
}

static void
where_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autofree char *status = g_task_propagate_pointer (G_TASK (result), NULL);
  AdwActionRow *row = user_data;

  if (status != NULL)
    adw_action_row_set_subtitle (row, status);
}

GtkWidget *
_terra_preferences_add_secret_row (TerraPreferencesWindow *self,
                                   AdwPreferencesGroup    *group,
                                   const char             *name,
                                   const char             *title)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *entry = gtk_password_entry_new ();
  GtkWidget *button = gtk_button_new_with_label (_("Save"));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_password_entry_set_show_peek_icon (GTK_PASSWORD_ENTRY (entry), TRUE);
  gtk_widget_set_valign (entry, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  gtk_widget_set_tooltip_text (button, _("Store the key in the keyring; saving it empty removes it"));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), entry);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  g_object_set_data_full (G_OBJECT (row), KEY_DATA, g_strdup (name), g_free);
  g_object_set_data (G_OBJECT (row), "terra-secret-entry", entry);
  g_signal_connect_object (entry, "activate", G_CALLBACK (secret_activate_cb), self, 0);
  g_signal_connect_object (button, "clicked", G_CALLBACK (secret_button_cb), entry, 0);
  adw_preferences_group_add (group, row);
  _terra_preferences_refresh_secret_row (self, row);
  return row;
}

/* Says where the row's secret is now (keyring, environment, nowhere),
 * without reading its value. */
void
_terra_preferences_refresh_secret_row (TerraPreferencesWindow *self,
                                       GtkWidget              *row)
{
  g_autoptr(GTask) task = NULL;
  WhereData *where = g_new0 (WhereData, 1);

  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("Checking the keyring…"));
  where->workspace_id = g_strdup (terra_workspace_get_id (self->workspace));
  where->name = g_strdup (row_key (row));
  task = g_task_new (NULL, self->cancellable, where_done_cb, row);
  g_task_set_task_data (task, where, where_data_free);
  g_task_run_in_thread (task, where_thread);
}
