/* terra-conversation-detail.c — one conversation: messages, composer,
 * the owner's actions and the lead snapshot
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The messages are a GtkListView over a GListStore holding the latest ones
 * (WINDOW_ITEMS; "Show Earlier Messages" adds more), so even a
 * conversation of thousands of messages opens at once. A reload replaces
 * only what changed at the end of the list: a new message binds one row. Reading one
 * (messages, events, the lead and the latest analysis) takes a few tens of
 * milliseconds even at 2,000 messages (see tests/perf/perf-desk.c), so it
 * runs on the main thread's connection. Changes committed anywhere — a new
 * message through the API, the assistant's reply, a delivery receipt —
 * reach the view through the notifier and reload it once per burst.
 */

#define G_LOG_DOMAIN "terra-conversations"

#include "config.h"

#include <glib/gi18n.h>

#include "terra-conversation-detail-private.h"
#include "terra-desk-format.h"
#include "terra-message-bubble.h"
#include "terra-store-desk-queries.h"
#include "terra-window.h"

/* Gathers the events of one transaction and those right after it. */
#define RELOAD_DELAY_MS 150

G_DEFINE_FINAL_TYPE (TerraConversationDetail, terra_conversation_detail, GTK_TYPE_WIDGET)

/* Shows @message to the owner in a toast of the window. */
void
_terra_conversation_detail_report (TerraConversationDetail *self,
                                   const char              *message)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (TERRA_IS_WINDOW (root))
    terra_window_add_toast (TERRA_WINDOW (root), message);
  else
    g_warning ("%s", message);
}

static gint64
item_time (gpointer item)
{
  if (TERRA_IS_MESSAGE (item))
    return terra_message_get_created_at (item);
  return terra_event_record_get_created_at (item);
}

static int
compare_items (gconstpointer a,
               gconstpointer b)
{
  gint64 x = item_time (*(gpointer *)a), y = item_time (*(gpointer *)b);

  if (x != y)
    return x < y ? -1 : 1;
  /* An event about a message comes after it. */
  return TERRA_IS_MESSAGE (*(gpointer *)b) - TERRA_IS_MESSAGE (*(gpointer *)a);
}

static void
scroll_to_bottom (TerraConversationDetail *self)
{
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->messages_scroller);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->items));

  /* The list view only estimates the height of rows it has not measured:
   * asking it to show the last row makes it measure the rows there. */
  if (n > 0)
    gtk_widget_activate_action (GTK_WIDGET (self->messages_view), "list.scroll-to-item", "u", n - 1);
  gtk_adjustment_set_value (adjustment,
                            gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment));
}

/* The list grows as its rows are measured; keep the newest message in
 * view while the owner has not scrolled up. */
static void
upper_changed_cb (TerraConversationDetail *self,
                  GParamSpec              *pspec,
                  GtkAdjustment           *adjustment)
{
  if (self->stick_to_bottom)
    scroll_to_bottom (self);
}

static void
value_changed_cb (TerraConversationDetail *self,
                  GtkAdjustment           *adjustment)
{
  double bottom = gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment);

  self->stick_to_bottom = gtk_adjustment_get_value (adjustment) >= bottom - 24;
}

static void
update_header (TerraConversationDetail *self)
{
  TerraConversation *conversation = self->conversation;
  const char *name = terra_contact_get_name (self->contact);
  gboolean human = terra_conversation_get_responder (conversation) == TERRA_RESPONDER_HUMAN;
  g_autofree char *subtitle = NULL;

  if (name == NULL || *name == '\0')
    name = _("Unnamed lead");
  gtk_label_set_label (self->title_label, name);
  subtitle = g_strdup_printf ("%s · %s · %s",
                              terra_desk_channel_name (terra_conversation_get_channel (conversation)),
                              terra_desk_status_name (terra_conversation_get_status (conversation)),
                              human ? _("You are answering") : _("Terra is answering"));
  gtk_label_set_label (self->subtitle_label, subtitle);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->subtitle_label),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, subtitle,
                                  -1);

  gtk_widget_set_visible (self->take_over_button, !human);
  gtk_widget_set_visible (self->hand_back_button, human);
  /* GTK 4.8 keeps hidden widgets in the accessibility tree. */
  gtk_accessible_update_state (GTK_ACCESSIBLE (self->take_over_button),
                               GTK_ACCESSIBLE_STATE_HIDDEN, human, -1);
  gtk_accessible_update_state (GTK_ACCESSIBLE (self->hand_back_button),
                               GTK_ACCESSIBLE_STATE_HIDDEN, !human, -1);
  _terra_conversation_detail_update_actions (self);
}

/* Whether @a and @b show the same thing (a reload makes new objects). */
static gboolean
same_item (gpointer a,
           gpointer b)
{
  if (TERRA_IS_MESSAGE (a) && TERRA_IS_MESSAGE (b))
    return terra_message_get_id (a) == terra_message_get_id (b) &&
           terra_message_get_draft (a) == terra_message_get_draft (b) &&
           terra_message_get_delivery (a) == terra_message_get_delivery (b) &&
           g_strcmp0 (terra_message_get_body (a), terra_message_get_body (b)) == 0;
  if (TERRA_IS_EVENT_RECORD (a) && TERRA_IS_EVENT_RECORD (b))
    return terra_event_record_get_id (a) == terra_event_record_get_id (b);
  return FALSE;
}

/* Shows all_items from shown_from, replacing only what differs from what
 * the list shows, so a reload for one new message binds one new row. */
void
_terra_conversation_detail_show_items (TerraConversationDetail *self)
{
  guint n_old = g_list_model_get_n_items (G_LIST_MODEL (self->items));
  guint n_new = self->all_items->len - self->shown_from;
  gpointer *new_items = self->all_items->pdata + self->shown_from;
  guint common = 0;
  g_autofree char *earlier = NULL;

  while (common < n_old && common < n_new)
    {
      g_autoptr(GObject) old = g_list_model_get_item (G_LIST_MODEL (self->items), common);

      if (!same_item (old, new_items[common]))
        break;
      common++;
    }

  if (common < n_old || common < n_new)
    g_list_store_splice (self->items, common, n_old - common, new_items + common, n_new - common);

  earlier = g_strdup_printf (g_dngettext (NULL, "Show %u Earlier Message", "Show %u Earlier Messages",
                                          MIN (self->shown_from, EARLIER_STEP)),
                             MIN (self->shown_from, EARLIER_STEP));
  gtk_button_set_label (GTK_BUTTON (self->earlier_button), earlier);
  gtk_widget_set_visible (self->earlier_button, self->shown_from > 0);
}

/* Reads the shown conversation again and shows what it holds now. */
void
_terra_conversation_detail_reload (TerraConversationDetail *self)
{
  TerraStore *store;
  gint64 id;
  g_autoptr(GError) error = NULL;
  g_autoptr(TerraConversation) conversation = NULL;
  g_autoptr(TerraContact) contact = NULL;
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(TerraAnalysis) analysis = NULL;
  g_autoptr(GPtrArray) items = NULL;

  g_clear_handle_id (&self->reload_source, g_source_remove);
  if (self->conversation == NULL || self->workspace == NULL)
    return;

  store = terra_workspace_get_store (self->workspace);
  id = terra_conversation_get_id (self->conversation);

  conversation = terra_store_get (store, TERRA_TYPE_CONVERSATION, id, &error);
  if (conversation == NULL)
    {
      /* Deleted meanwhile (the lead's data was removed): nothing to show. */
      terra_conversation_detail_show (self, 0);
      return;
    }
  contact = terra_store_get (store, TERRA_TYPE_CONTACT, terra_conversation_get_contact_id (conversation), &error);
  if (contact == NULL ||
      (messages = terra_store_list_messages (store, id, &error)) == NULL ||
      (events = terra_store_list_conversation_events (store, id, &error)) == NULL)
    {
      g_warning ("Could not read conversation %" G_GINT64_FORMAT ": %s", id, error->message);
      return;
    }
  analysis = terra_store_get_latest_analysis (store, id, NULL);

  g_set_object (&self->conversation, conversation);
  g_set_object (&self->contact, contact);

  /* The owner is reading it: what just arrived is read too. */
  if (terra_conversation_get_unread_count (conversation) > 0 &&
      !terra_store_mark_conversation_read (store, id, &error))
    g_warning ("Could not mark the conversation read: %s", error->message);

  items = g_ptr_array_new_full (messages->len + events->len, g_object_unref);
  for (guint i = 0; i < messages->len; i++)
    g_ptr_array_add (items, g_object_ref (g_ptr_array_index (messages, i)));
  for (guint i = 0; i < events->len; i++)
    {
      TerraEventRecord *event = g_ptr_array_index (events, i);
      g_autofree char *text = terra_desk_describe_event (terra_event_record_get_kind (event),
                                                         terra_event_record_get_payload (event));

      if (text != NULL)
        g_ptr_array_add (items, g_object_ref (event));
    }
  g_ptr_array_sort (items, compare_items);

  /* The same event twice in a row (taking over, then replying, which takes
   * over again) says nothing new. */
  for (guint i = 1; i < items->len;)
    {
      gpointer previous = g_ptr_array_index (items, i - 1);
      gpointer item = g_ptr_array_index (items, i);

      if (TERRA_IS_EVENT_RECORD (previous) && TERRA_IS_EVENT_RECORD (item) &&
          g_strcmp0 (terra_event_record_get_kind (previous), terra_event_record_get_kind (item)) == 0)
        g_ptr_array_remove_index (items, i);
      else
        i++;
    }

  g_clear_pointer (&self->all_items, g_ptr_array_unref);
  self->all_items = g_steal_pointer (&items);
  /* A conversation just opened shows its latest items; later reloads
   * keep showing from the same item, with what arrived after it. */
  if (self->shown_from == G_MAXUINT)
    self->shown_from = self->all_items->len > WINDOW_ITEMS ? self->all_items->len - WINDOW_ITEMS : 0;
  self->shown_from = MIN (self->shown_from, self->all_items->len);
  _terra_conversation_detail_show_items (self);

  update_header (self);
  terra_lead_snapshot_show (self->snapshot, contact, conversation, analysis);
  if (self->stick_to_bottom)
    scroll_to_bottom (self);
}

static gboolean
reload_cb (gpointer user_data)
{
  TerraConversationDetail *self = user_data;

  self->reload_source = 0;
  _terra_conversation_detail_reload (self);
  return G_SOURCE_REMOVE;
}

static void
workspace_changed_cb (TerraConversationDetail *self,
                      TerraEntity              entity,
                      TerraChangeKind          kind,
                      gint64                   id)
{
  if (self->conversation == NULL)
    return;

  switch (entity)
    {
    case TERRA_ENTITY_CONVERSATION:
    case TERRA_ENTITY_MESSAGE:
    case TERRA_ENTITY_CONTACT:
    case TERRA_ENTITY_ANALYSIS:
    case TERRA_ENTITY_EVENT:
    case TERRA_ENTITY_OUTBOX:
      if (self->reload_source == 0)
        self->reload_source = g_timeout_add (RELOAD_DELAY_MS, reload_cb, self);
      break;
    default:
      break;
    }
}

static void
setup_item_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               gpointer                  user_data)
{
  gtk_list_item_set_activatable (list_item, FALSE);
  gtk_list_item_set_selectable (list_item, FALSE);
  gtk_list_item_set_child (list_item, terra_message_bubble_new ());
}

static void
bind_item_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              gpointer                  user_data)
{
  terra_message_bubble_set_item (TERRA_MESSAGE_BUBBLE (gtk_list_item_get_child (list_item)),
                                 gtk_list_item_get_item (list_item));
}

/* Enter sends, Shift+Enter starts a new line, Ctrl+Enter sends too. */
static gboolean
composer_key_pressed_cb (GtkEventControllerKey   *controller,
                         guint                    keyval,
                         guint                    keycode,
                         GdkModifierType          state,
                         TerraConversationDetail *self)
{
  if (keyval != GDK_KEY_Return && keyval != GDK_KEY_KP_Enter && keyval != GDK_KEY_ISO_Enter)
    return FALSE;
  if (state & GDK_SHIFT_MASK)
    return FALSE;

  gtk_widget_activate_action (GTK_WIDGET (self), "detail.send", NULL);
  return TRUE;
}

static void
terra_conversation_detail_dispose (GObject *object)
{
  TerraConversationDetail *self = (TerraConversationDetail *)object;

  g_clear_handle_id (&self->reload_source, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), TERRA_TYPE_CONVERSATION_DETAIL);
  g_clear_object (&self->conversation);
  g_clear_object (&self->contact);
  g_clear_pointer (&self->all_items, g_ptr_array_unref);
  g_clear_object (&self->items);
  g_clear_object (&self->workspace);

  G_OBJECT_CLASS (terra_conversation_detail_parent_class)->dispose (object);
}

static void
terra_conversation_detail_class_init (TerraConversationDetailClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = terra_conversation_detail_dispose;

  g_type_ensure (TERRA_TYPE_LEAD_SNAPSHOT);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "conversationdetail");
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/terrasales/Terra/ui/terra-conversation-detail.ui");
  gtk_widget_class_bind_template_child (widget_class, TerraConversationDetail, stack);
  gtk_widget_class_bind_template_child (widget_class, TerraConversationDetail, back_button);
  gtk_widget_class_bind_template_child (widget_class, TerraConversationDetail, title_label);
  gtk_widget_class_bind_template_child (widget_class, TerraConversationDetail, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, TerraConversationDetail, take_over_button);
  gtk_widget_class_bind_template_child (widget_class, TerraConversationDetail, hand_back_button);
  gtk_widget_class_bind_template_child (widget_class, TerraConversationDetail, snapshot_button);
  gtk_widget_class_bind_template_child (widget_class, TerraConversationDetail, messages_scroller);
  gtk_widget_class_bind_template_child (widget_class, TerraConversationDetail, messages_view);
  gtk_widget_class_bind_template_child (widget_class, TerraConversationDetail, composer_view);
  gtk_widget_class_bind_template_child (widget_class, TerraConversationDetail, send_button);
  gtk_widget_class_bind_template_child (widget_class, TerraConversationDetail, snapshot);
  gtk_widget_class_bind_template_child (widget_class, TerraConversationDetail, earlier_button);

  _terra_conversation_detail_class_actions (widget_class);
}

static void
terra_conversation_detail_init (TerraConversationDetail *self)
{
  GtkListItemFactory *factory;
  GtkEventController *keys;
  GtkAdjustment *adjustment;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->items = g_list_store_new (G_TYPE_OBJECT);
  self->shown_from = G_MAXUINT;
  self->stick_to_bottom = TRUE;

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_item_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_item_cb), NULL);
  gtk_list_view_set_factory (self->messages_view, factory);
  g_object_unref (factory);
  gtk_list_view_set_model (self->messages_view,
                           GTK_SELECTION_MODEL (gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->items)))));
  g_object_unref (gtk_list_view_get_model (self->messages_view));

  adjustment = gtk_scrolled_window_get_vadjustment (self->messages_scroller);
  g_signal_connect_object (adjustment, "notify::upper", G_CALLBACK (upper_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (adjustment, "value-changed", G_CALLBACK (value_changed_cb), self, G_CONNECT_SWAPPED);

  keys = gtk_event_controller_key_new ();
  g_signal_connect (keys, "key-pressed", G_CALLBACK (composer_key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->composer_view), keys);

  gtk_stack_set_visible_child_name (self->stack, "none");
  _terra_conversation_detail_update_actions (self);
}

void
terra_conversation_detail_set_workspace (TerraConversationDetail *self,
                                         TerraWorkspace          *workspace)
{
  g_return_if_fail (TERRA_IS_CONVERSATION_DETAIL (self));
  g_return_if_fail (self->workspace == NULL);

  self->workspace = g_object_ref (workspace);
  g_signal_connect_object (terra_workspace_get_notifier (workspace), "changed",
                           G_CALLBACK (workspace_changed_cb), self, G_CONNECT_SWAPPED);
}

void
terra_conversation_detail_show (TerraConversationDetail *self,
                                gint64                   conversation_id)
{
  g_autoptr(GError) error = NULL;
  TerraStore *store;

  g_return_if_fail (TERRA_IS_CONVERSATION_DETAIL (self));

  g_clear_object (&self->conversation);
  g_clear_object (&self->contact);
  g_clear_pointer (&self->all_items, g_ptr_array_unref);
  g_list_store_remove_all (self->items);
  gtk_widget_set_visible (self->earlier_button, FALSE);
  self->shown_from = G_MAXUINT;

  if (conversation_id == 0 || self->workspace == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "none");
      _terra_conversation_detail_update_actions (self);
      return;
    }

  store = terra_workspace_get_store (self->workspace);
  self->conversation = terra_store_get (store, TERRA_TYPE_CONVERSATION, conversation_id, &error);
  if (self->conversation == NULL)
    {
      _terra_conversation_detail_report (self, error->message);
      gtk_stack_set_visible_child_name (self->stack, "none");
      return;
    }

  if (terra_conversation_get_unread_count (self->conversation) > 0 &&
      !terra_store_mark_conversation_read (store, conversation_id, &error))
    g_warning ("Could not mark the conversation read: %s", error->message);

  self->stick_to_bottom = TRUE;
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->composer_view), "", -1);
  gtk_stack_set_visible_child_name (self->stack, "conversation");
  _terra_conversation_detail_reload (self);
  scroll_to_bottom (self);
}

gint64
terra_conversation_detail_get_conversation_id (TerraConversationDetail *self)
{
  g_return_val_if_fail (TERRA_IS_CONVERSATION_DETAIL (self), 0);
  return self->conversation ? terra_conversation_get_id (self->conversation) : 0;
}

/* The back button is for the narrow layout, where the detail covers the
 * list. */
void
terra_conversation_detail_set_show_back (TerraConversationDetail *self,
                                         gboolean                 show_back)
{
  g_return_if_fail (TERRA_IS_CONVERSATION_DETAIL (self));
  gtk_widget_set_visible (self->back_button, show_back);
}

void
terra_conversation_detail_focus_composer (TerraConversationDetail *self)
{
  g_return_if_fail (TERRA_IS_CONVERSATION_DETAIL (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->composer_view));
}
