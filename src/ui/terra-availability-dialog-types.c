/* terra-availability-dialog-types.c — the Appointment Types page: the list,
 * the editor subpage, and deleting with a confirmation
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The list is a GListStore of the workspace's types, read again whenever a
 * type changes (here or anywhere else: the change notifier says so). The
 * editor works on its own copy, so a save the store refuses leaves the
 * list as it was. Deleting a type keeps its bookings: the store sets their
 * type to none (ON DELETE SET NULL), and they keep time, contact and place.
 */

#define G_LOG_DOMAIN "terra-availability"

#include "config.h"

#include <glib/gi18n.h>

#include "terra-availability-dialog-private.h"

#define DEFAULT_COLOR "#3584e4"

static void reload_types (TerraAvailabilityDialog *self);

static void
color_dot_draw (GtkDrawingArea *area,
                cairo_t        *cr,
                int             width,
                int             height,
                gpointer        user_data)
{
  const char *color = g_object_get_data (G_OBJECT (area), "color");
  GdkRGBA rgba;
  double radius = MIN (width, height) / 2.0;

  if (color == NULL || !gdk_rgba_parse (&rgba, color))
    gdk_rgba_parse (&rgba, DEFAULT_COLOR);

  cairo_arc (cr, width / 2.0, height / 2.0, radius, 0, 2 * G_PI);
  gdk_cairo_set_source_rgba (cr, &rgba);
  cairo_fill (cr);
}

static char *
describe_type (TerraAppointmentType *type)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  int duration = terra_appointment_type_get_duration_minutes (type);
  int before = terra_appointment_type_get_buffer_before_minutes (type);
  int after = terra_appointment_type_get_buffer_after_minutes (type);
  const char *location = terra_appointment_type_get_location (type);

  g_ptr_array_add (parts, g_strdup_printf (g_dngettext (NULL, "%d minute", "%d minutes", duration),
                                           duration));
  if (before > 0 && after > 0)
    /* Translators: the free time kept around an appointment. */
    g_ptr_array_add (parts, g_strdup_printf (_("%d min free before, %d after"), before, after));
  else if (before > 0)
    g_ptr_array_add (parts, g_strdup_printf (_("%d min free before"), before));
  else if (after > 0)
    g_ptr_array_add (parts, g_strdup_printf (_("%d min free after"), after));

  if (location != NULL && *location != '\0')
    g_ptr_array_add (parts, g_strdup (location));
  if (!terra_appointment_type_get_active (type))
    g_ptr_array_add (parts, g_strdup (_("not offered to leads")));

  g_ptr_array_add (parts, NULL);
  return g_strjoinv (" · ", (char **)parts->pdata);
}

static void
open_editor (TerraAvailabilityDialog *self,
             TerraAppointmentType    *type)
{
  const char *color;
  GdkRGBA rgba;

  g_assert (TERRA_IS_AVAILABILITY_DIALOG (self));
  g_assert (TERRA_IS_APPOINTMENT_TYPE (type));

  g_set_object (&self->editing_type, type);

  adw_window_title_set_title (self->type_editor_title,
                              terra_appointment_type_get_id (type) == 0
                                ? _("New Appointment Type")
                                : _("Edit Appointment Type"));

  gtk_editable_set_text (GTK_EDITABLE (self->type_name_row),
                         terra_appointment_type_get_name (type) ? terra_appointment_type_get_name (type) : "");
  gtk_spin_button_set_value (self->type_duration_spin, terra_appointment_type_get_duration_minutes (type));
  gtk_spin_button_set_value (self->type_buffer_before_spin, terra_appointment_type_get_buffer_before_minutes (type));
  gtk_spin_button_set_value (self->type_buffer_after_spin, terra_appointment_type_get_buffer_after_minutes (type));
  gtk_editable_set_text (GTK_EDITABLE (self->type_location_row),
                         terra_appointment_type_get_location (type) ? terra_appointment_type_get_location (type) : "");
  color = terra_appointment_type_get_color (type);
  if (color == NULL || !gdk_rgba_parse (&rgba, color))
    gdk_rgba_parse (&rgba, DEFAULT_COLOR);
  gtk_color_chooser_set_rgba (GTK_COLOR_CHOOSER (self->type_color_button), &rgba);
  gtk_switch_set_active (self->type_active_switch, terra_appointment_type_get_active (type));

  _terra_availability_dialog_mark_invalid (GTK_WIDGET (self->type_name_row), FALSE);
  _terra_availability_dialog_show_error (self->type_error_label, NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->type_save_button),
                            terra_appointment_type_get_id (type) != 0);

  adw_preferences_window_present_subpage (ADW_PREFERENCES_WINDOW (self), self->type_editor);
  gtk_widget_grab_focus (GTK_WIDGET (self->type_name_row));
}

static void
edit_type (TerraAvailabilityDialog *self,
           gint64                   id)
{
  TerraStore *store = terra_workspace_get_store (self->workspace);
  g_autoptr(TerraAppointmentType) copy = NULL;
  g_autoptr(GError) error = NULL;

  copy = terra_store_get (store, TERRA_TYPE_APPOINTMENT_TYPE, id, &error);
  if (copy == NULL)
    {
      _terra_availability_dialog_toast (self, error->message);
      reload_types (self);
      return;
    }

  open_editor (self, copy);
}

static void
type_row_activated_cb (AdwActionRow            *row,
                       TerraAvailabilityDialog *self)
{
  TerraAppointmentType *type = g_object_get_data (G_OBJECT (row), "type");

  edit_type (self, terra_appointment_type_get_id (type));
}

static void
edit_clicked_cb (GtkButton               *button,
                 TerraAvailabilityDialog *self)
{
  TerraAppointmentType *type = g_object_get_data (G_OBJECT (button), "type");

  edit_type (self, terra_appointment_type_get_id (type));
}

static void
delete_response_cb (AdwMessageDialog        *dialog,
                    const char              *response,
                    TerraAvailabilityDialog *self)
{
  TerraAppointmentType *type = g_object_get_data (G_OBJECT (dialog), "type");
  TerraStore *store = terra_workspace_get_store (self->workspace);
  g_autoptr(GError) error = NULL;
  g_autofree char *done = NULL;

  if (!g_str_equal (response, "delete"))
    return;

  if (!terra_store_delete (store, TERRA_TYPE_APPOINTMENT_TYPE, terra_appointment_type_get_id (type), &error))
    {
      _terra_availability_dialog_toast (self, error->message);
      return;
    }

  /* Translators: a toast; %s is the type's name. */
  done = g_strdup_printf (_("“%s” deleted"), terra_appointment_type_get_name (type));
  _terra_availability_dialog_toast (self, done);
  reload_types (self);
}

static void
delete_clicked_cb (GtkButton               *button,
                   TerraAvailabilityDialog *self)
{
  TerraAppointmentType *type = g_object_get_data (G_OBJECT (button), "type");
  g_autofree char *heading = NULL;
  AdwMessageDialog *dialog;

  /* Translators: %s is an appointment type's name. */
  heading = g_strdup_printf (_("Delete “%s”?"), terra_appointment_type_get_name (type));
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), heading,
                                                       _("Leads can no longer book it. Appointments "
                                                         "already booked keep their time, contact and "
                                                         "place; they just no longer name a type.")));
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "delete", _("_Delete"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "delete", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "type", g_object_ref (type), g_object_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (delete_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static GtkWidget *
suffix_button_new (TerraAppointmentType    *type,
                   const char              *icon_name,
                   const char              *label,
                   GCallback                callback,
                   TerraAvailabilityDialog *self)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon_name);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  g_object_set_data_full (G_OBJECT (button), "type", g_object_ref (type), g_object_unref);
  g_signal_connect (button, "clicked", callback, self);

  return button;
}

static GtkWidget *
create_type_row (gpointer item,
                 gpointer user_data)
{
  TerraAvailabilityDialog *self = user_data;
  TerraAppointmentType *type = item;
  const char *name = terra_appointment_type_get_name (type);
  g_autofree char *subtitle = describe_type (type);
  g_autofree char *edit_label = NULL;
  g_autofree char *delete_label = NULL;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *dot = gtk_drawing_area_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_object_set_data_full (G_OBJECT (row), "type", g_object_ref (type), g_object_unref);
  g_signal_connect (row, "activated", G_CALLBACK (type_row_activated_cb), self);

  gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (dot), 14);
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (dot), 14);
  gtk_widget_set_valign (dot, GTK_ALIGN_CENTER);
  g_object_set_data_full (G_OBJECT (dot), "color",
                          g_strdup (terra_appointment_type_get_color (type)), g_free);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (dot), color_dot_draw, NULL, NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (dot),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Colour"), -1);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), dot);

  /* Translators: buttons on an appointment type's row; %s is its name. */
  edit_label = g_strdup_printf (_("Edit %s"), name);
  delete_label = g_strdup_printf (_("Delete %s"), name);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             suffix_button_new (type, "document-edit-symbolic", edit_label,
                                                G_CALLBACK (edit_clicked_cb), self));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             suffix_button_new (type, "user-trash-symbolic", delete_label,
                                                G_CALLBACK (delete_clicked_cb), self));

  return row;
}

static void
add_type_clicked_cb (TerraAvailabilityDialog *self)
{
  g_autoptr(TerraAppointmentType) type = terra_appointment_type_new ();

  terra_appointment_type_set_duration_minutes (type, 30);
  terra_appointment_type_set_color (type, DEFAULT_COLOR);
  terra_appointment_type_set_active (type, TRUE);
  open_editor (self, type);
}

/* The name as typed, or NULL with a message when it cannot be saved:
 * empty, or the name of another type (compared without case, as a person
 * would). */
static char *
check_name (TerraAvailabilityDialog  *self,
            const char              **message)
{
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->type_name_row))));
  g_autofree char *folded = g_utf8_casefold (name, -1);
  guint n_types = g_list_model_get_n_items (G_LIST_MODEL (self->types));

  if (*name == '\0')
    {
      *message = _("The type needs a name.");
      return NULL;
    }

  for (guint i = 0; i < n_types; i++)
    {
      g_autoptr(TerraAppointmentType) other = g_list_model_get_item (G_LIST_MODEL (self->types), i);
      g_autofree char *other_folded = g_utf8_casefold (terra_appointment_type_get_name (other), -1);

      if (terra_appointment_type_get_id (other) != terra_appointment_type_get_id (self->editing_type) &&
          g_str_equal (folded, other_folded))
        {
          *message = _("A type with that name exists");
          return NULL;
        }
    }

  *message = NULL;
  return g_steal_pointer (&name);
}

static void
type_changed_cb (TerraAvailabilityDialog *self)
{
  g_autofree char *name = NULL;
  const char *message = NULL;

  if (self->editing_type == NULL)
    return;

  name = check_name (self, &message);
  /* An empty name is not an error yet while the editor is fresh. */
  _terra_availability_dialog_mark_invalid (GTK_WIDGET (self->type_name_row),
                                           name == NULL && gtk_editable_get_text (GTK_EDITABLE (self->type_name_row))[0] != '\0');
  _terra_availability_dialog_show_error (self->type_error_label,
                                         gtk_editable_get_text (GTK_EDITABLE (self->type_name_row))[0] != '\0' ? message : NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->type_save_button), name != NULL);
}

static void
type_cancel_clicked_cb (TerraAvailabilityDialog *self)
{
  adw_preferences_window_close_subpage (ADW_PREFERENCES_WINDOW (self));
  g_clear_object (&self->editing_type);
}

static void
type_save_clicked_cb (TerraAvailabilityDialog *self)
{
  TerraStore *store = terra_workspace_get_store (self->workspace);
  TerraAppointmentType *type = self->editing_type;
  g_autofree char *name = NULL;
  g_autofree char *location = NULL;
  g_autofree char *color = NULL;
  g_autofree char *done = NULL;
  g_autoptr(GError) error = NULL;
  const char *message = NULL;
  GdkRGBA rgba;
  gboolean saved;

  if (type == NULL)
    return;

  name = check_name (self, &message);
  if (name == NULL)
    {
      _terra_availability_dialog_mark_invalid (GTK_WIDGET (self->type_name_row), TRUE);
      _terra_availability_dialog_show_error (self->type_error_label, message);
      gtk_widget_grab_focus (GTK_WIDGET (self->type_name_row));
      return;
    }

  /* The spin buttons hold what was typed until they lose focus. */
  gtk_spin_button_update (self->type_duration_spin);
  gtk_spin_button_update (self->type_buffer_before_spin);
  gtk_spin_button_update (self->type_buffer_after_spin);

  gtk_color_chooser_get_rgba (GTK_COLOR_CHOOSER (self->type_color_button), &rgba);
  color = g_strdup_printf ("#%02x%02x%02x",
                           (guint)CLAMP (rgba.red * 255.0 + 0.5, 0, 255),
                           (guint)CLAMP (rgba.green * 255.0 + 0.5, 0, 255),
                           (guint)CLAMP (rgba.blue * 255.0 + 0.5, 0, 255));
  location = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->type_location_row))));

  terra_appointment_type_set_name (type, name);
  terra_appointment_type_set_duration_minutes (type, gtk_spin_button_get_value_as_int (self->type_duration_spin));
  terra_appointment_type_set_buffer_before_minutes (type, gtk_spin_button_get_value_as_int (self->type_buffer_before_spin));
  terra_appointment_type_set_buffer_after_minutes (type, gtk_spin_button_get_value_as_int (self->type_buffer_after_spin));
  terra_appointment_type_set_location (type, location);
  terra_appointment_type_set_color (type, color);
  terra_appointment_type_set_active (type, gtk_switch_get_active (self->type_active_switch));

  if (terra_appointment_type_get_id (type) == 0)
    saved = terra_store_insert (store, type, &error);
  else
    saved = terra_store_update (store, type, &error);

  if (!saved)
    {
      if (g_error_matches (error, TERRA_STORE_ERROR, TERRA_STORE_ERROR_CONFLICT))
        _terra_availability_dialog_show_error (self->type_error_label, _("A type with that name exists"));
      else
        _terra_availability_dialog_show_error (self->type_error_label, error->message);
      _terra_availability_dialog_mark_invalid (GTK_WIDGET (self->type_name_row),
                                               g_error_matches (error, TERRA_STORE_ERROR, TERRA_STORE_ERROR_CONFLICT));
      return;
    }

  /* Translators: a toast; %s is the type's name. */
  done = g_strdup_printf (_("“%s” saved"), name);
  adw_preferences_window_close_subpage (ADW_PREFERENCES_WINDOW (self));
  g_clear_object (&self->editing_type);
  reload_types (self);
  _terra_availability_dialog_toast (self, done);
}

static void
reload_types (TerraAvailabilityDialog *self)
{
  TerraStore *store = terra_workspace_get_store (self->workspace);
  g_autoptr(TerraQuery) query = terra_query_new (TERRA_TYPE_APPOINTMENT_TYPE);
  g_autoptr(GPtrArray) types = NULL;
  g_autoptr(GError) error = NULL;

  terra_query_order_by (query, "name", FALSE);
  types = terra_store_list (store, query, &error);
  if (types == NULL)
    {
      _terra_availability_dialog_toast (self, error->message);
      return;
    }

  g_list_store_splice (self->types, 0, g_list_model_get_n_items (G_LIST_MODEL (self->types)),
                       types->pdata, types->len);
}

static void
workspace_changed_cb (TerraAvailabilityDialog *self,
                      TerraEntity              entity,
                      TerraChangeKind          kind,
                      gint64                   id)
{
  if (entity == TERRA_ENTITY_APPOINTMENT_TYPE)
    reload_types (self);
}

/* Lists the workspace's types and follows their changes. */
void
_terra_availability_dialog_types_load (TerraAvailabilityDialog *self)
{
  g_signal_connect_object (terra_workspace_get_notifier (self->workspace), "changed",
                           G_CALLBACK (workspace_changed_cb), self,
                           G_CONNECT_SWAPPED);
  reload_types (self);
}

void
_terra_availability_dialog_types_init (TerraAvailabilityDialog *self)
{
  GtkWidget *placeholder;

  self->types = g_list_store_new (TERRA_TYPE_APPOINTMENT_TYPE);
  gtk_list_box_bind_model (self->types_list, G_LIST_MODEL (self->types),
                           create_type_row, self, NULL);

  placeholder = gtk_label_new (_("No appointment types yet. Add one so that leads can book it."));
  gtk_label_set_wrap (GTK_LABEL (placeholder), TRUE);
  gtk_widget_add_css_class (placeholder, "dim-label");
  gtk_widget_add_css_class (placeholder, "list-placeholder");
  gtk_list_box_set_placeholder (self->types_list, placeholder);
}

void
_terra_availability_dialog_types_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_child (widget_class, TerraAvailabilityDialog, types_list);
  gtk_widget_class_bind_template_child (widget_class, TerraAvailabilityDialog, type_editor);
  gtk_widget_class_bind_template_child (widget_class, TerraAvailabilityDialog, type_editor_title);
  gtk_widget_class_bind_template_child (widget_class, TerraAvailabilityDialog, type_save_button);
  gtk_widget_class_bind_template_child (widget_class, TerraAvailabilityDialog, type_name_row);
  gtk_widget_class_bind_template_child (widget_class, TerraAvailabilityDialog, type_duration_spin);
  gtk_widget_class_bind_template_child (widget_class, TerraAvailabilityDialog, type_buffer_before_spin);
  gtk_widget_class_bind_template_child (widget_class, TerraAvailabilityDialog, type_buffer_after_spin);
  gtk_widget_class_bind_template_child (widget_class, TerraAvailabilityDialog, type_location_row);
  gtk_widget_class_bind_template_child (widget_class, TerraAvailabilityDialog, type_color_button);
  gtk_widget_class_bind_template_child (widget_class, TerraAvailabilityDialog, type_active_switch);
  gtk_widget_class_bind_template_child (widget_class, TerraAvailabilityDialog, type_error_label);
  gtk_widget_class_bind_template_callback (widget_class, add_type_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, type_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, type_cancel_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, type_save_clicked_cb);
}
