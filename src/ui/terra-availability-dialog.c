/* terra-availability-dialog.c — Opening Hours & Appointments: the class,
 * loading, and closing with unsaved hours
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Everything the dialog edits is business configuration in the workspace
 * database. The pages read it through the main thread's connection when the
 * dialog opens (a handful of small rows); reading and writing calendar
 * files runs on a worker thread with its own connection (see
 * terra-availability-dialog-sync.c). Each page's behaviour lives in its
 * own file; terra-availability-dialog-private.h lists them.
 */

#define G_LOG_DOMAIN "terra-availability"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "terra-availability-dialog-private.h"

G_DEFINE_FINAL_TYPE (TerraAvailabilityDialog, terra_availability_dialog, ADW_TYPE_PREFERENCES_WINDOW)

enum {
  PROP_0,
  PROP_WORKSPACE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Parses "9", "09", "9:30" or "09:30" into minutes since midnight.
 * "24:00" is allowed only as an end. */
gboolean
_terra_parse_time (const char *text,
                   gboolean    is_end,
                   int        *minute)
{
  g_autofree char *copy = g_strstrip (g_strdup (text != NULL ? text : ""));
  const char *colon = strchr (copy, ':');
  g_autofree char *hours_text = NULL;
  const char *minutes_text;
  guint64 hours;
  guint64 minutes = 0;

  g_assert (minute != NULL);

  hours_text = colon != NULL ? g_strndup (copy, colon - copy) : g_strdup (copy);
  minutes_text = colon != NULL ? colon + 1 : NULL;

  if (strlen (hours_text) < 1 || strlen (hours_text) > 2 ||
      !g_ascii_string_to_unsigned (hours_text, 10, 0, 24, &hours, NULL))
    return FALSE;

  if (minutes_text != NULL &&
      (strlen (minutes_text) != 2 ||
       !g_ascii_string_to_unsigned (minutes_text, 10, 0, 59, &minutes, NULL)))
    return FALSE;

  if (hours == 24 && (minutes != 0 || !is_end))
    return FALSE;

  *minute = (int)(hours * 60 + minutes);
  return TRUE;
}

/* "09:30" for 570 minutes after midnight; 1440 is "24:00". */
char *
_terra_format_time (int minute)
{
  return g_strdup_printf ("%02d:%02d", minute / 60, minute % 60);
}

/* "09:00–13:00". */
char *
_terra_format_range (int start,
                     int end)
{
  g_autofree char *from = _terra_format_time (start);
  g_autofree char *until = _terra_format_time (end);

  /* Translators: an opening range, such as "09:00–13:00". */
  return g_strdup_printf (_("%s–%s"), from, until);
}

/* Shows @text in a toast over the dialog. */
void
_terra_availability_dialog_toast (TerraAvailabilityDialog *self,
                                  const char              *text)
{
  g_autofree char *escaped = g_markup_escape_text (text, -1);

  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (escaped));
}

/* Shows @message in an error label, or hides the label when NULL. */
void
_terra_availability_dialog_show_error (GtkLabel   *label,
                                       const char *message)
{
  gtk_label_set_label (label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (label), message != NULL && *message != '\0');
}

/* The red frame, and the state a screen reader announces. */
void
_terra_availability_dialog_mark_invalid (GtkWidget *widget,
                                         gboolean   invalid)
{
  if (invalid)
    {
      gtk_widget_add_css_class (widget, "error");
      gtk_accessible_update_state (GTK_ACCESSIBLE (widget),
                                   GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_TRUE,
                                   -1);
    }
  else
    {
      gtk_widget_remove_css_class (widget, "error");
      gtk_accessible_reset_state (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_STATE_INVALID);
    }
}

static gboolean
close_idle_cb (gpointer user_data)
{
  gtk_window_close (GTK_WINDOW (user_data));
  return G_SOURCE_REMOVE;
}

static void
unsaved_response_cb (AdwMessageDialog        *dialog,
                     const char              *response,
                     TerraAvailabilityDialog *self)
{
  if (g_str_equal (response, "save"))
    {
      if (!_terra_availability_dialog_hours_save (self))
        return;
    }
  else if (g_str_equal (response, "discard"))
    {
      self->hours_dirty = FALSE;
    }
  else
    {
      return;
    }

  /* Not from inside the response: the message dialog is destroyed with
   * this window, and it still closes itself after emitting. */
  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, close_idle_cb, g_object_ref (self), g_object_unref);
}

/* Unsaved opening hours are not lost to a stray click on the close
 * button: the owner chooses. */
static gboolean
terra_availability_dialog_close_request (GtkWindow *window)
{
  TerraAvailabilityDialog *self = TERRA_AVAILABILITY_DIALOG (window);
  AdwMessageDialog *dialog;

  if (!self->hours_dirty)
    return GTK_WINDOW_CLASS (terra_availability_dialog_parent_class)->close_request (window);

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (window,
                                                       _("Save the Opening Hours?"),
                                                       _("The weekly hours were changed and not saved.")));
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "discard", _("_Discard"),
                                    "save", _("_Save"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "discard", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_appearance (dialog, "save", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_response_enabled (dialog, "save",
                                           _terra_availability_dialog_hours_can_save (self));
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (unsaved_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));

  return TRUE;
}

static void
terra_availability_dialog_constructed (GObject *object)
{
  TerraAvailabilityDialog *self = (TerraAvailabilityDialog *)object;

  G_OBJECT_CLASS (terra_availability_dialog_parent_class)->constructed (object);

  g_return_if_fail (TERRA_IS_WORKSPACE (self->workspace));

  self->loading = TRUE;
  _terra_availability_dialog_hours_load (self);
  _terra_availability_dialog_dates_load (self);
  _terra_availability_dialog_types_load (self);
  _terra_availability_dialog_rules_load (self);
  self->loading = FALSE;
}

static void
terra_availability_dialog_dispose (GObject *object)
{
  TerraAvailabilityDialog *self = (TerraAvailabilityDialog *)object;

  g_cancellable_cancel (self->cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (self->chooser);
  g_clear_object (&self->chooser);
  gtk_widget_dispose_template (GTK_WIDGET (self), TERRA_TYPE_AVAILABILITY_DIALOG);

  G_OBJECT_CLASS (terra_availability_dialog_parent_class)->dispose (object);
}

static void
terra_availability_dialog_finalize (GObject *object)
{
  TerraAvailabilityDialog *self = (TerraAvailabilityDialog *)object;

  _terra_availability_dialog_hours_finalize (self);
  _terra_availability_dialog_dates_finalize (self);
  g_clear_object (&self->types);
  g_clear_object (&self->editing_type);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->workspace);

  G_OBJECT_CLASS (terra_availability_dialog_parent_class)->finalize (object);
}

static void
terra_availability_dialog_get_property (GObject    *object,
                                        guint       prop_id,
                                        GValue     *value,
                                        GParamSpec *pspec)
{
  TerraAvailabilityDialog *self = TERRA_AVAILABILITY_DIALOG (object);

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
terra_availability_dialog_set_property (GObject      *object,
                                        guint         prop_id,
                                        const GValue *value,
                                        GParamSpec   *pspec)
{
  TerraAvailabilityDialog *self = TERRA_AVAILABILITY_DIALOG (object);

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
terra_availability_dialog_class_init (TerraAvailabilityDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = terra_availability_dialog_constructed;
  object_class->dispose = terra_availability_dialog_dispose;
  object_class->finalize = terra_availability_dialog_finalize;
  object_class->get_property = terra_availability_dialog_get_property;
  object_class->set_property = terra_availability_dialog_set_property;
  window_class->close_request = terra_availability_dialog_close_request;

  /**
   * TerraAvailabilityDialog:workspace:
   *
   * The workspace whose hours, types and rules the dialog edits.
   */
  properties[PROP_WORKSPACE] =
    g_param_spec_object ("workspace", NULL, NULL,
                         TERRA_TYPE_WORKSPACE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/terrasales/Terra/ui/terra-availability-dialog.ui");

  _terra_availability_dialog_hours_class_init (widget_class);
  _terra_availability_dialog_dates_class_init (widget_class);
  _terra_availability_dialog_types_class_init (widget_class);
  _terra_availability_dialog_rules_class_init (widget_class);
  _terra_availability_dialog_sync_class_init (widget_class);
}

static void
terra_availability_dialog_init (TerraAvailabilityDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  _terra_availability_dialog_hours_init (self);
  _terra_availability_dialog_dates_init (self);
  _terra_availability_dialog_types_init (self);
}

/**
 * terra_availability_dialog_new:
 * @parent: (nullable): the window the dialog belongs to
 * @workspace: the workspace to edit
 *
 * Creates the Opening Hours & Appointments dialog, modal to @parent.
 *
 * Returns: (transfer none): the dialog, which GTK keeps until it is
 *   closed; present it
 */
GtkWidget *
terra_availability_dialog_new (GtkWindow      *parent,
                               TerraWorkspace *workspace)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (TERRA_IS_WORKSPACE (workspace), NULL);

  return g_object_new (TERRA_TYPE_AVAILABILITY_DIALOG,
                       "transient-for", parent,
                       "workspace", workspace,
                       NULL);
}
