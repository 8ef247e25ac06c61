/* terra-booking-dialog.c — book an appointment by hand, or move one
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The free times offered are the scheduler's for the chosen type and day,
 * read on the main thread: one day's opening hours and appointments, a
 * handful of indexed reads. Booking goes through terra_scheduler_book()
 * (source "manual") and moving through terra_scheduler_reschedule(), each
 * one transaction that checks every rule again: when the time was taken
 * meanwhile, the error says so in a toast, the free times are read again
 * and nothing is changed — a contact created for the booking is removed.
 */

#define G_LOG_DOMAIN "terra-calendar"

#include "config.h"

#include <glib/gi18n.h>

#include "terra-booking-dialog.h"
#include "terra-calendar-data.h"

/* Contacts listed at a time; the search narrows them down. */
#define MAX_CONTACTS 8

struct _TerraBookingDialog
{
  AdwWindow        parent_instance;

  /* Template widgets */
  AdwToastOverlay *toast_overlay;
  GtkWidget       *book_button;
  AdwPreferencesGroup *appointment_group;
  AdwComboRow     *type_row;
  GtkMenuButton   *day_button;
  GtkPopover      *day_popover;
  GtkCalendar     *calendar;
  AdwPreferencesGroup *slots_group;
  GtkFlowBox      *slots_box;
  GtkWidget       *no_slots_box;
  GtkWidget       *contact_group;
  GtkToggleButton *existing_toggle;
  GtkStack        *contact_stack;
  GtkSearchEntry  *contact_search;
  GtkListBox      *contact_list;
  GtkEditable     *name_row;
  GtkEditable     *phone_row;
  GtkWidget       *notes_group;
  GtkEditable     *notes_row;

  /* Owned */
  TerraWorkspace  *workspace;
  TerraScheduler  *scheduler;
  GTimeZone       *zone;
  TerraBooking    *booking;     /* the appointment moved, or NULL */
  GArray          *type_ids;    /* gint64, as listed in type_row */

  /* State */
  GDate            day;
  gint64           wanted_start;   /* to select when the day's slots are listed */
  gint64           selected_start; /* 0: none */
  gint64           selected_contact;
};

G_DEFINE_FINAL_TYPE (TerraBookingDialog, terra_booking_dialog, ADW_TYPE_WINDOW)

enum {
  BOOKED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
add_toast (TerraBookingDialog *self,
           const char         *text)
{
  g_autofree char *escaped = g_markup_escape_text (text, -1);

  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (escaped));
}

static gint64
current_type_id (TerraBookingDialog *self)
{
  guint selected = adw_combo_row_get_selected (self->type_row);

  if (self->booking != NULL)
    return terra_booking_get_appointment_type_id (self->booking);
  if (self->type_ids == NULL || selected >= self->type_ids->len)
    return 0;
  return g_array_index (self->type_ids, gint64, selected);
}

static gboolean
contact_ready (TerraBookingDialog *self)
{
  g_autofree char *name = NULL;

  if (self->booking != NULL)
    return TRUE;
  if (gtk_toggle_button_get_active (self->existing_toggle))
    return self->selected_contact != 0;

  name = g_strstrip (g_strdup (gtk_editable_get_text (self->name_row)));
  return *name != '\0';
}

static void
update_confirm (TerraBookingDialog *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "booking.confirm",
                                 current_type_id (self) != 0 &&
                                 self->selected_start != 0 &&
                                 contact_ready (self));
}

/* Free times */

static void
slot_toggled_cb (TerraBookingDialog *self,
                 GtkToggleButton    *button)
{
  gint64 *start = g_object_get_data (G_OBJECT (button), "start");

  if (gtk_toggle_button_get_active (button))
    self->selected_start = *start;
  else if (self->selected_start == *start)
    self->selected_start = 0;

  update_confirm (self);
}

static GtkWidget *
new_slot_button (TerraBookingDialog *self,
                 const TerraSlot    *slot,
                 GtkToggleButton    *group)
{
  g_autofree char *time = terra_calendar_format_time (self->zone, slot->start_utc);
  g_autofree char *span = terra_calendar_format_span (self->zone, slot->start_utc, slot->end_utc);
  GtkWidget *button = gtk_toggle_button_new_with_label (time);
  gint64 *start = g_new (gint64, 1);

  *start = slot->start_utc;
  g_object_set_data_full (G_OBJECT (button), "start", start, g_free);
  gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (button), group);
  gtk_widget_add_css_class (button, "booking-slot");
  gtk_widget_set_tooltip_text (button, span);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, span,
                                  -1);
  g_signal_connect_object (button, "toggled", G_CALLBACK (slot_toggled_cb), self, G_CONNECT_SWAPPED);
  return button;
}

static void
clear_slots (TerraBookingDialog *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->slots_box))) != NULL)
    gtk_flow_box_remove (self->slots_box, child);

  self->selected_start = 0;
}

static void
describe_slots (TerraBookingDialog *self,
                guint               n_slots)
{
  g_autoptr(GTimeZone) local = g_time_zone_new_local ();
  g_autofree char *text = NULL;

  /* Say which time zone the times are in only when it is not the
   * computer's. */
  if (n_slots > 0 && g_strcmp0 (g_time_zone_get_identifier (self->zone),
                                g_time_zone_get_identifier (local)) != 0)
    /* Translators: %s is a time zone name, "Asia/Kolkata". */
    text = g_strdup_printf (_("Times are in the business’s time zone, %s"),
                            g_time_zone_get_identifier (self->zone));

  adw_preferences_group_set_description (self->slots_group, text);
  gtk_widget_set_visible (GTK_WIDGET (self->slots_box), n_slots > 0);
  gtk_widget_set_visible (self->no_slots_box, n_slots == 0);
}

static void
load_slots (TerraBookingDialog *self)
{
  g_autoptr(GArray) slots = NULL;
  g_autoptr(GError) error = NULL;
  GtkToggleButton *group = NULL;
  gint64 type_id = current_type_id (self);

  clear_slots (self);

  if (type_id != 0)
    slots = terra_scheduler_free_slots_on_day (self->scheduler, type_id, &self->day,
                                               TERRA_DAY_PART_ALL, g_get_real_time (), &error);
  if (error != NULL)
    add_toast (self, error->message);

  for (guint i = 0; slots != NULL && i < slots->len; i++)
    {
      const TerraSlot *slot = &g_array_index (slots, TerraSlot, i);
      GtkWidget *button = new_slot_button (self, slot, group);

      gtk_flow_box_append (self->slots_box, button);
      /* The flow box's own children are not stops on the way. */
      gtk_widget_set_focusable (gtk_widget_get_parent (button), FALSE);
      if (group == NULL)
        group = GTK_TOGGLE_BUTTON (button);
      if (slot->start_utc == self->wanted_start)
        gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (button), TRUE);
    }

  describe_slots (self, slots != NULL ? slots->len : 0);
  update_confirm (self);
}

/* Days */

static void
today (TerraBookingDialog *self,
       GDate              *date)
{
  terra_calendar_local_date (self->zone, g_get_real_time (), date);
}

static void
show_day (TerraBookingDialog *self)
{
  /* Translators: the day chosen for an appointment; see
   * g_date_time_format(). */
  g_autofree char *label = terra_calendar_format_date (&self->day, C_("booking day", "%a %-d %b %Y"));
  /* Translators: see g_date_time_format(). */
  g_autofree char *full = terra_calendar_format_date (&self->day, C_("day", "%A, %-d %B %Y"));
  g_autoptr(GDateTime) selected = g_date_time_new_local (g_date_get_year (&self->day),
                                                         g_date_get_month (&self->day),
                                                         g_date_get_day (&self->day), 12, 0, 0);
  GDate first;

  gtk_menu_button_set_label (self->day_button, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->day_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, full,
                                  -1);

  g_signal_handlers_block_matched (self->calendar, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
  gtk_calendar_select_day (self->calendar, selected);
  g_signal_handlers_unblock_matched (self->calendar, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);

  today (self, &first);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "booking.previous-day",
                                 g_date_compare (&self->day, &first) > 0);
  load_slots (self);
}

static void
set_day (TerraBookingDialog *self,
         const GDate        *day)
{
  GDate first;

  today (self, &first);
  self->day = g_date_compare (day, &first) < 0 ? first : *day;
  show_day (self);
}

static void
calendar_day_selected_cb (TerraBookingDialog *self,
                          GtkCalendar        *calendar)
{
  g_autoptr(GDateTime) selected = gtk_calendar_get_date (calendar);
  GDate day;

  g_date_clear (&day, 1);
  g_date_set_dmy (&day, g_date_time_get_day_of_month (selected),
                  g_date_time_get_month (selected), g_date_time_get_year (selected));
  gtk_popover_popdown (self->day_popover);
  set_day (self, &day);
}

static void
step_day_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  TerraBookingDialog *self = TERRA_BOOKING_DIALOG (widget);
  GDate day = self->day;

  if (g_str_equal (action_name, "booking.next-day"))
    g_date_add_days (&day, 1);
  else
    g_date_subtract_days (&day, 1);
  set_day (self, &day);
}

static void
next_free_day_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  TerraBookingDialog *self = TERRA_BOOKING_DIALOG (widget);
  g_autoptr(GArray) slots = NULL;
  g_autoptr(GError) error = NULL;
  gint64 after = terra_calendar_local_to_utc (self->zone, &self->day, 24 * 60);
  GDate day;

  slots = terra_scheduler_next_free_slots (self->scheduler, current_type_id (self), after, 1,
                                           g_get_real_time (), &error);
  if (slots == NULL)
    {
      add_toast (self, error->message);
      return;
    }
  if (slots->len == 0)
    {
      add_toast (self, _("No free time within the booking horizon"));
      return;
    }

  terra_calendar_local_date (self->zone, g_array_index (slots, TerraSlot, 0).start_utc, &day);
  set_day (self, &day);
}

/* Appointment types */

static void
type_selected_cb (TerraBookingDialog *self,
                  GParamSpec         *pspec,
                  AdwComboRow        *row)
{
  /* Not while the dialog is being filled in: the day comes after. */
  if (g_date_valid (&self->day))
    load_slots (self);
}

/* Lists the active types (or, when moving, just the appointment's) and
 * selects @preferred if listed. */
static void
load_types (TerraBookingDialog *self,
            gint64              preferred)
{
  g_autoptr(TerraQuery) query = terra_query_new (TERRA_TYPE_APPOINTMENT_TYPE);
  g_autoptr(GPtrArray) types = NULL;
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr(GError) error = NULL;
  guint selected = 0;

  terra_query_order_by (query, "id", FALSE);
  types = terra_store_list (terra_workspace_get_store (self->workspace), query, &error);
  if (types == NULL)
    {
      add_toast (self, error->message);
      return;
    }

  for (guint i = 0; i < types->len; i++)
    {
      TerraAppointmentType *type = g_ptr_array_index (types, i);
      gint64 id = terra_appointment_type_get_id (type);
      g_autofree char *name = NULL;

      if (self->booking != NULL ? id != preferred : !terra_appointment_type_get_active (type))
        continue;

      /* Translators: an appointment type and its length, "Site visit (60 min)". */
      name = g_strdup_printf (_("%s (%d min)"), terra_appointment_type_get_name (type),
                              terra_appointment_type_get_duration_minutes (type));
      if (id == preferred)
        selected = self->type_ids->len;
      gtk_string_list_append (names, name);
      g_array_append_val (self->type_ids, id);
    }

  adw_combo_row_set_model (self->type_row, G_LIST_MODEL (names));
  adw_combo_row_set_selected (self->type_row, selected);
}

/* Contacts */

static void
contact_row_selected_cb (TerraBookingDialog *self,
                         GtkListBoxRow      *row,
                         GtkListBox         *list)
{
  gint64 *id = row != NULL ? g_object_get_data (G_OBJECT (row), "contact-id") : NULL;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (list));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *check = g_object_get_data (G_OBJECT (child), "check");

      if (check != NULL)
        gtk_widget_set_opacity (check, child == GTK_WIDGET (row) ? 1.0 : 0.0);
    }

  self->selected_contact = id != NULL ? *id : 0;
  update_confirm (self);
}

static GtkWidget *
new_contact_row (TerraContact *contact)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *check = gtk_image_new_from_icon_name ("object-select-symbolic");
  const char * const *phones = terra_contact_get_phones (contact);
  const char *name = terra_contact_get_name (contact);
  gint64 *id = g_new (gint64, 1);

  *id = terra_contact_get_id (contact);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), *name != '\0' ? name : _("Unnamed contact"));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  if (phones != NULL && phones[0] != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), phones[0]);

  gtk_widget_set_opacity (check, 0.0);
  gtk_accessible_update_state (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), check);

  g_object_set_data_full (G_OBJECT (row), "contact-id", id, g_free);
  g_object_set_data (G_OBJECT (row), "check", check);
  return row;
}

static void
load_contacts (TerraBookingDialog *self)
{
  g_autoptr(TerraQuery) query = terra_query_new (TERRA_TYPE_CONTACT);
  g_autoptr(GPtrArray) contacts = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *child;

  terra_query_where_search (query, gtk_editable_get_text (GTK_EDITABLE (self->contact_search)));
  terra_query_order_by (query, "updated_at", TRUE);
  terra_query_set_range (query, 0, MAX_CONTACTS);

  /* gtk_list_box_remove_all() is GTK 4.12. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->contact_list))) != NULL)
    gtk_list_box_remove (self->contact_list, child);
  self->selected_contact = 0;

  contacts = terra_store_list (terra_workspace_get_store (self->workspace), query, &error);
  if (contacts == NULL)
    add_toast (self, error->message);

  for (guint i = 0; contacts != NULL && i < contacts->len; i++)
    gtk_list_box_append (self->contact_list, new_contact_row (g_ptr_array_index (contacts, i)));

  update_confirm (self);
}

static void
contact_search_changed_cb (TerraBookingDialog *self,
                           GtkSearchEntry     *entry)
{
  load_contacts (self);
}

static void
contact_mode_toggled_cb (TerraBookingDialog *self,
                         GtkToggleButton    *existing)
{
  gtk_stack_set_visible_child_name (self->contact_stack,
                                    gtk_toggle_button_get_active (existing) ? "existing" : "new");
  update_confirm (self);
}

static void
contact_entry_changed_cb (TerraBookingDialog *self,
                          GtkEditable        *entry)
{
  update_confirm (self);
}

/* Returns the new contact's id, or 0 with @error set. */
static gint64
insert_contact (TerraBookingDialog  *self,
                GError             **error)
{
  g_autoptr(TerraContact) contact = terra_contact_new ();
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (self->name_row)));
  g_autofree char *phone = g_strstrip (g_strdup (gtk_editable_get_text (self->phone_row)));
  const char *phones[] = { phone, NULL };

  terra_contact_set_name (contact, name);
  if (*phone != '\0')
    terra_contact_set_phones (contact, phones);

  if (!terra_store_insert (terra_workspace_get_store (self->workspace), contact, error))
    return 0;
  return terra_contact_get_id (contact);
}

/* Booking */

static TerraBooking *
book (TerraBookingDialog  *self,
      GError             **error)
{
  TerraStore *store = terra_workspace_get_store (self->workspace);
  g_autofree char *notes = g_strstrip (g_strdup (gtk_editable_get_text (self->notes_row)));
  gint64 contact_id = self->selected_contact;
  gboolean created = FALSE;
  TerraBooking *booking;

  if (!gtk_toggle_button_get_active (self->existing_toggle))
    {
      if ((contact_id = insert_contact (self, error)) == 0)
        return NULL;
      created = TRUE;
    }

  booking = terra_scheduler_book (self->scheduler, current_type_id (self), contact_id, 0,
                                  self->selected_start, TERRA_BOOKING_SOURCE_MANUAL,
                                  notes, g_get_real_time (), error);

  /* Nothing changes when the booking fails, not even the contact list. */
  if (booking == NULL && created)
    terra_store_delete (store, TERRA_TYPE_CONTACT, contact_id, NULL);

  return booking;
}

static TerraBooking *
reschedule (TerraBookingDialog  *self,
            GError             **error)
{
  gint64 id = terra_booking_get_id (self->booking);

  if (!terra_scheduler_reschedule (self->scheduler, id, self->selected_start,
                                   g_get_real_time (), error))
    return NULL;

  return terra_store_get (terra_workspace_get_store (self->workspace), TERRA_TYPE_BOOKING, id, error);
}

static void
confirm_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  TerraBookingDialog *self = TERRA_BOOKING_DIALOG (widget);
  g_autoptr(TerraBooking) booking = NULL;
  g_autoptr(GError) error = NULL;
  gboolean rescheduled = self->booking != NULL;

  booking = rescheduled ? reschedule (self, &error) : book (self, &error);
  if (booking == NULL)
    {
      add_toast (self, error->message);
      /* The time may be gone: offer what is free now. */
      self->wanted_start = self->selected_start;
      load_slots (self);
      return;
    }

  g_signal_emit (self, signals[BOOKED], 0, booking, rescheduled);
  gtk_window_destroy (GTK_WINDOW (self));
}

/* Object */

static void
terra_booking_dialog_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), TERRA_TYPE_BOOKING_DIALOG);

  G_OBJECT_CLASS (terra_booking_dialog_parent_class)->dispose (object);
}

static void
terra_booking_dialog_finalize (GObject *object)
{
  TerraBookingDialog *self = (TerraBookingDialog *)object;

  g_clear_object (&self->workspace);
  g_clear_object (&self->scheduler);
  g_clear_object (&self->booking);
  g_clear_pointer (&self->zone, g_time_zone_unref);
  g_clear_pointer (&self->type_ids, g_array_unref);

  G_OBJECT_CLASS (terra_booking_dialog_parent_class)->finalize (object);
}

static void
terra_booking_dialog_class_init (TerraBookingDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = terra_booking_dialog_dispose;
  object_class->finalize = terra_booking_dialog_finalize;

  /**
   * TerraBookingDialog::booked:
   * @booking: the appointment as it is now
   * @rescheduled: whether it was moved rather than booked
   *
   * Emitted once the appointment is in the workspace, before the dialog
   * closes.
   */
  signals[BOOKED] = g_signal_new ("booked", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 2,
                                  TERRA_TYPE_BOOKING, G_TYPE_BOOLEAN);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/terrasales/Terra/ui/terra-booking-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, TerraBookingDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, TerraBookingDialog, book_button);
  gtk_widget_class_bind_template_child (widget_class, TerraBookingDialog, appointment_group);
  gtk_widget_class_bind_template_child (widget_class, TerraBookingDialog, type_row);
  gtk_widget_class_bind_template_child (widget_class, TerraBookingDialog, day_button);
  gtk_widget_class_bind_template_child (widget_class, TerraBookingDialog, day_popover);
  gtk_widget_class_bind_template_child (widget_class, TerraBookingDialog, calendar);
  gtk_widget_class_bind_template_child (widget_class, TerraBookingDialog, slots_group);
  gtk_widget_class_bind_template_child (widget_class, TerraBookingDialog, slots_box);
  gtk_widget_class_bind_template_child (widget_class, TerraBookingDialog, no_slots_box);
  gtk_widget_class_bind_template_child (widget_class, TerraBookingDialog, contact_group);
  gtk_widget_class_bind_template_child (widget_class, TerraBookingDialog, existing_toggle);
  gtk_widget_class_bind_template_child (widget_class, TerraBookingDialog, contact_stack);
  gtk_widget_class_bind_template_child (widget_class, TerraBookingDialog, contact_search);
  gtk_widget_class_bind_template_child (widget_class, TerraBookingDialog, contact_list);
  gtk_widget_class_bind_template_child (widget_class, TerraBookingDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, TerraBookingDialog, phone_row);
  gtk_widget_class_bind_template_child (widget_class, TerraBookingDialog, notes_group);
  gtk_widget_class_bind_template_child (widget_class, TerraBookingDialog, notes_row);
  gtk_widget_class_bind_template_callback (widget_class, type_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, calendar_day_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, contact_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, contact_row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, contact_mode_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, contact_entry_changed_cb);

  gtk_widget_class_install_action (widget_class, "booking.confirm", NULL, confirm_action);
  gtk_widget_class_install_action (widget_class, "booking.previous-day", NULL, step_day_action);
  gtk_widget_class_install_action (widget_class, "booking.next-day", NULL, step_day_action);
  gtk_widget_class_install_action (widget_class, "booking.next-free-day", NULL, next_free_day_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
terra_booking_dialog_init (TerraBookingDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->type_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_date_clear (&self->day, 1);
}

static TerraBookingDialog *
dialog_new (GtkWindow      *parent,
            TerraWorkspace *workspace)
{
  TerraBookingDialog *self = g_object_new (TERRA_TYPE_BOOKING_DIALOG,
                                           "transient-for", parent,
                                           NULL);

  self->workspace = g_object_ref (workspace);
  self->scheduler = terra_scheduler_new (terra_workspace_get_store (workspace));
  self->zone = terra_scheduler_get_time_zone (self->scheduler);
  return self;
}

/**
 * terra_booking_dialog_new:
 * @parent: (nullable): the window it belongs to
 * @day: (nullable): the day first shown; NULL or a past day: today
 * @type_id: the appointment type first chosen, or 0 for the first
 * @start_utc: a free time to choose at once, or 0
 *
 * Returns: a dialog that books an appointment by hand
 */
GtkWidget *
terra_booking_dialog_new (GtkWindow      *parent,
                          TerraWorkspace *workspace,
                          const GDate    *day,
                          gint64          type_id,
                          gint64          start_utc)
{
  TerraBookingDialog *self;
  GDate first;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (TERRA_IS_WORKSPACE (workspace), NULL);

  self = dialog_new (parent, workspace);
  self->wanted_start = start_utc;

  load_types (self, type_id);
  load_contacts (self);

  today (self, &first);
  set_day (self, day != NULL && g_date_valid (day) ? day : &first);

  return GTK_WIDGET (self);
}

/* Says which appointment is moved, and when it is now. */
static void
describe_moved (TerraBookingDialog *self)
{
  TerraBooking *booking = self->booking;
  g_autoptr(GDateTime) start = terra_calendar_utc_to_local (self->zone, terra_booking_get_start_utc (booking));
  g_autofree char *span = terra_calendar_format_span (self->zone, terra_booking_get_start_utc (booking),
                                                      terra_booking_get_end_utc (booking));
  /* Translators: see g_date_time_format(). */
  g_autofree char *day = g_date_time_format (start, C_("booking", "%a %-d %b"));
  /* Translators: when an appointment being moved is now, "Now Tue 24
   * Nov, 14:00 – 15:00". */
  g_autofree char *description = g_strdup_printf (_("Now %s, %s"), day, span);

  adw_preferences_group_set_title (self->appointment_group, terra_booking_get_title (booking));
  adw_preferences_group_set_description (self->appointment_group, description);
}

/* Returns a dialog that moves @booking to another free time of its day or
 * of another. */
GtkWidget *
terra_booking_dialog_new_reschedule (GtkWindow      *parent,
                                     TerraWorkspace *workspace,
                                     TerraBooking   *booking)
{
  TerraBookingDialog *self;
  GDate day;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (TERRA_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (TERRA_IS_BOOKING (booking), NULL);

  self = dialog_new (parent, workspace);
  self->booking = g_object_ref (booking);
  terra_scheduler_set_moving_booking (self->scheduler, terra_booking_get_id (booking));

  gtk_window_set_title (GTK_WINDOW (self), _("Reschedule Appointment"));
  gtk_button_set_label (GTK_BUTTON (self->book_button), _("Reschedule"));
  gtk_widget_set_visible (self->contact_group, FALSE);
  gtk_widget_set_visible (self->notes_group, FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->type_row), FALSE);

  describe_moved (self);

  load_types (self, terra_booking_get_appointment_type_id (booking));
  terra_calendar_local_date (self->zone, terra_booking_get_start_utc (booking), &day);
  set_day (self, &day);

  return GTK_WIDGET (self);
}
