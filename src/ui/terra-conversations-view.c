/* terra-conversations-view.c — every conversation, filtered and searched,
 * beside the one that is open
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The list is a GtkListView over TerraConversationList, the store's paged
 * model: it counts what matches and reads a hundred rows at a time as they
 * scroll into view, so 100,000 conversations cost what a screenful does.
 * The filters (status, sentiment and channel chips, a date range, the
 * search, the order) become one TerraQuery; changing one replaces the
 * model's query. The model follows committed changes by itself; the view
 * keeps the open conversation selected across those reloads. New filters
 * and reloads are read on the model's own thread, so typing a search over
 * a million messages never freezes the window.
 */

#define G_LOG_DOMAIN "terra-conversations"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "terra-conversation-detail.h"
#include "terra-conversation-list.h"
#include "terra-conversation-row.h"
#include "terra-conversations-view.h"
#include "terra-desk-format.h"

/* "5 min" becomes "6 min": the rows' times are said again every minute
 * (a clock of the window; the database is not read). */
#define TIME_REFRESH_SECONDS 60

/* Typing settles before a search runs: each one reads the whole index. */
#define SEARCH_DELAY_MS 250

typedef enum
{
  CHIP_STATUS,
  CHIP_SENTIMENT,
  CHIP_CHANNEL,
} ChipKind;

struct _TerraConversationsView
{
  GtkWidget                parent_instance;

  /* Template widgets */
  AdwLeaflet              *leaflet;
  GtkSearchEntry          *search_entry;
  GtkFlowBox              *chips_box;
  GtkDropDown             *range_dropdown;
  GtkDropDown             *sort_dropdown;
  GtkLabel                *count_label;
  GtkStack                *list_stack;
  GtkListView             *list_view;
  TerraConversationDetail *detail;

  /* Owned */
  TerraWorkspace          *workspace;
  TerraConversationList   *model;
  GtkSingleSelection      *selection;
  GPtrArray               *chips;   /* GtkToggleButton, kind and value as data */
  GPtrArray               *rows;    /* TerraConversationRow, the ones the list made */
  guint                    search_source;
  guint                    time_source;

  /* The current filter */
  int                      status;     /* -1: any */
  int                      sentiment;  /* -1: any */
  int                      channel;    /* -1: any */
  gboolean                 updating_chips;
};

G_DEFINE_FINAL_TYPE (TerraConversationsView, terra_conversations_view, GTK_TYPE_WIDGET)

static TerraQuery *
build_query (TerraConversationsView *self)
{
  TerraQuery *query = terra_query_new (TERRA_TYPE_CONVERSATION);
  const char *search = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  gint64 now = g_get_real_time ();

  if (self->status >= 0)
    terra_query_where_enum (query, "status", TERRA_TYPE_CONVERSATION_STATUS, self->status);
  if (self->sentiment >= 0)
    terra_query_where_enum (query, "sentiment", TERRA_TYPE_SENTIMENT, self->sentiment);
  if (self->channel >= 0)
    terra_query_where_enum (query, "channel", TERRA_TYPE_CHANNEL, self->channel);

  switch (gtk_drop_down_get_selected (self->range_dropdown))
    {
    case 1:
      {
        g_autoptr(GDateTime) today = g_date_time_new_now_local ();
        g_autoptr(GDateTime) midnight = g_date_time_new_local (g_date_time_get_year (today),
                                                               g_date_time_get_month (today),
                                                               g_date_time_get_day_of_month (today), 0, 0, 0);

        terra_query_where_int (query, "last_activity_at", TERRA_QUERY_GE,
                               g_date_time_to_unix (midnight) * G_USEC_PER_SEC);
      }
      break;
    case 2:
      terra_query_where_int (query, "last_activity_at", TERRA_QUERY_GE, now - 7 * G_TIME_SPAN_DAY);
      break;
    case 3:
      terra_query_where_int (query, "last_activity_at", TERRA_QUERY_GE, now - 30 * G_TIME_SPAN_DAY);
      break;
    case 4:
      terra_query_where_int (query, "last_activity_at", TERRA_QUERY_LT, now - 30 * G_TIME_SPAN_DAY);
      break;
    default:
      break;
    }

  if (search != NULL && *search != '\0')
    terra_query_where_search (query, search);

  if (gtk_drop_down_get_selected (self->sort_dropdown) == 1)
    terra_query_order_by (query, "contact_score", TRUE);
  else
    terra_query_order_by (query, "last_activity_at", TRUE);

  return query;
}

static gboolean
filters_active (TerraConversationsView *self)
{
  const char *search = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  return self->status >= 0 || self->sentiment >= 0 || self->channel >= 0 ||
         gtk_drop_down_get_selected (self->range_dropdown) != 0 ||
         (search != NULL && *search != '\0');
}

/* The count, the empty states, and the open conversation selected again. */
static void
update_list_state (TerraConversationsView *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->model));
  gint64 open_id = terra_conversation_detail_get_conversation_id (self->detail);
  g_autofree char *count = NULL;

  if (terra_conversation_list_get_loading (self->model))
    count = g_strdup (_("Searching…"));
  else
    count = g_strdup_printf (g_dngettext (NULL, "%u conversation", "%u conversations", n), n);
  gtk_label_set_label (self->count_label, count);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->count_label),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, count,
                                  -1);

  if (n > 0)
    gtk_stack_set_visible_child_name (self->list_stack, "list");
  else
    gtk_stack_set_visible_child_name (self->list_stack, filters_active (self) ? "no-matches" : "empty");

  if (open_id != 0)
    {
      int position = terra_conversation_list_find (self->model, open_id, G_MAXUINT);

      gtk_single_selection_set_selected (self->selection,
                                         position >= 0 ? (guint)position : GTK_INVALID_LIST_POSITION);
    }
}

static void
model_items_changed_cb (TerraConversationsView *self,
                        guint                   position,
                        guint                   removed,
                        guint                   added,
                        GListModel             *model)
{
  update_list_state (self);
}

static void
loading_changed_cb (TerraConversationsView *self,
                    GParamSpec             *pspec,
                    TerraConversationList  *model)
{
  update_list_state (self);
}

static void
apply_filter (TerraConversationsView *self)
{
  g_autoptr(TerraQuery) query = NULL;

  if (self->model == NULL)
    return;

  query = build_query (self);
  terra_conversation_list_set_filter (self->model, query);
}

static void
open_conversation (TerraConversationsView *self,
                   gint64                  conversation_id)
{
  terra_conversation_detail_show (self->detail, conversation_id);
  update_list_state (self);
  if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_set_visible_child_name (self->leaflet, "detail");
}

/* Opens the row at @position and moves the selection there. */
static void
open_position (TerraConversationsView *self,
               guint                   position)
{
  g_autoptr(TerraConversation) conversation = NULL;

  conversation = g_list_model_get_item (G_LIST_MODEL (self->model), position);
  if (conversation == NULL)
    return;

  gtk_single_selection_set_selected (self->selection, position);
  open_conversation (self, terra_conversation_get_id (conversation));
}

static void
row_clicked_cb (TerraConversationRow *row,
                TerraConversationsView *self)
{
  GtkListItem *list_item = g_object_get_data (G_OBJECT (row), "list-item");

  if (list_item != NULL && gtk_list_item_get_position (list_item) != GTK_INVALID_LIST_POSITION)
    open_position (self, gtk_list_item_get_position (list_item));
}

static void row_finalized_cb (gpointer  user_data,
                              GObject  *row);

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              TerraConversationsView   *self)
{
  GtkWidget *row = terra_conversation_row_new ();

  /* The list view may drop a row without tearing it down first: the weak
   * reference takes it off the clock's list whatever happens. */
  g_ptr_array_add (self->rows, row);
  g_object_weak_ref (G_OBJECT (row), row_finalized_cb, self);
  g_object_set_data (G_OBJECT (row), "list-item", list_item);
  g_signal_connect_object (row, "clicked", G_CALLBACK (row_clicked_cb), self, 0);
  gtk_list_item_set_activatable (list_item, FALSE);
  gtk_list_item_set_child (list_item, row);
}

static void
row_finalized_cb (gpointer  user_data,
                  GObject  *row)
{
  TerraConversationsView *self = user_data;

  g_ptr_array_remove (self->rows, row);
}

static gboolean
time_refresh_cb (gpointer user_data)
{
  TerraConversationsView *self = user_data;
  gint64 now = g_get_real_time ();
  g_autoptr(GPtrArray) rows = NULL;

  /* Updating a row may make the list view drop or recycle rows, which
   * changes self->rows under the loop: walk a referenced copy. */
  rows = g_ptr_array_new_full (self->rows->len, g_object_unref);
  for (guint i = 0; i < self->rows->len; i++)
    g_ptr_array_add (rows, g_object_ref (g_ptr_array_index (self->rows, i)));
  for (guint i = 0; i < rows->len; i++)
    terra_conversation_row_update_time (g_ptr_array_index (rows, i), now);
  return G_SOURCE_CONTINUE;
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item,
             TerraConversationsView   *self)
{
  terra_conversation_row_set_conversation (TERRA_CONVERSATION_ROW (gtk_list_item_get_child (list_item)),
                                           gtk_list_item_get_item (list_item),
                                           g_get_real_time ());
}

/* Chips */

static void
chip_toggled_cb (GtkToggleButton        *chip,
                 TerraConversationsView *self)
{
  ChipKind kind = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (chip), "kind"));
  int value = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (chip), "value"));
  gboolean active = gtk_toggle_button_get_active (chip);
  int *field;

  if (self->updating_chips)
    return;

  field = kind == CHIP_STATUS ? &self->status : kind == CHIP_SENTIMENT ? &self->sentiment : &self->channel;
  *field = active ? value : -1;

  /* One chip of a kind at a time; pressing the active one again clears it. */
  self->updating_chips = TRUE;
  for (guint i = 0; i < self->chips->len; i++)
    {
      GtkToggleButton *other = g_ptr_array_index (self->chips, i);

      if (other != chip && GPOINTER_TO_INT (g_object_get_data (G_OBJECT (other), "kind")) == (int)kind)
        gtk_toggle_button_set_active (other, FALSE);
    }
  self->updating_chips = FALSE;

  apply_filter (self);
}

static void
add_chip (TerraConversationsView *self,
          ChipKind                kind,
          int                     value,
          const char             *label,
          const char             *accessible)
{
  GtkWidget *chip = gtk_toggle_button_new_with_label (label);

  gtk_widget_add_css_class (chip, "filter-chip");
  gtk_widget_set_tooltip_text (chip, accessible);
  gtk_accessible_update_property (GTK_ACCESSIBLE (chip),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);
  g_object_set_data (G_OBJECT (chip), "kind", GINT_TO_POINTER (kind));
  g_object_set_data (G_OBJECT (chip), "value", GINT_TO_POINTER (value));
  g_signal_connect_object (chip, "toggled", G_CALLBACK (chip_toggled_cb), self, 0);
  gtk_flow_box_append (self->chips_box, chip);
  g_ptr_array_add (self->chips, chip);
}

static void
add_chips (TerraConversationsView *self)
{
  for (int status = TERRA_CONVERSATION_STATUS_ACTIVE; status <= TERRA_CONVERSATION_STATUS_CLOSED; status++)
    {
      g_autofree char *name = g_strdup_printf (_("Status: %s"), terra_desk_status_name (status));

      add_chip (self, CHIP_STATUS, status, terra_desk_status_name (status), name);
    }

  for (int channel = TERRA_CHANNEL_WHATSAPP; channel <= TERRA_CHANNEL_API; channel++)
    {
      g_autofree char *name = g_strdup_printf (_("Channel: %s"), terra_desk_channel_name (channel));

      add_chip (self, CHIP_CHANNEL, channel, terra_desk_channel_name (channel), name);
    }

  for (int sentiment = TERRA_SENTIMENT_POSITIVE; sentiment >= TERRA_SENTIMENT_NEGATIVE; sentiment--)
    {
      g_autofree char *name = g_strdup_printf (_("Sentiment: %s"), terra_desk_sentiment_name (sentiment));
      /* The word beside the emoji: not every system has an emoji font. */
      g_autofree char *label = g_strdup_printf ("%s %s", terra_desk_sentiment_emoji (sentiment),
                                                terra_desk_sentiment_name (sentiment));

      add_chip (self, CHIP_SENTIMENT, sentiment, label, name);
    }
}

/* Search, dropdowns */

static gboolean
search_timeout_cb (gpointer user_data)
{
  TerraConversationsView *self = user_data;

  self->search_source = 0;
  apply_filter (self);
  return G_SOURCE_REMOVE;
}

static void
search_changed_cb (TerraConversationsView *self,
                   GtkSearchEntry         *entry)
{
  g_clear_handle_id (&self->search_source, g_source_remove);
  self->search_source = g_timeout_add (SEARCH_DELAY_MS, search_timeout_cb, self);
}

/* Enter in the search opens the first match. */
static void
search_activate_cb (TerraConversationsView *self,
                    GtkSearchEntry         *entry)
{
  if (self->search_source != 0)
    {
      g_clear_handle_id (&self->search_source, g_source_remove);
      apply_filter (self);
    }
  if (g_list_model_get_n_items (G_LIST_MODEL (self->model)) > 0)
    open_position (self, 0);
}

static void
dropdown_changed_cb (TerraConversationsView *self,
                     GParamSpec             *pspec,
                     GtkDropDown            *dropdown)
{
  apply_filter (self);
}

static void
folded_changed_cb (TerraConversationsView *self,
                   GParamSpec             *pspec,
                   AdwLeaflet             *leaflet)
{
  terra_conversation_detail_set_show_back (self->detail, adw_leaflet_get_folded (leaflet));
}

/* Actions */

static void
clear_filters_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  TerraConversationsView *self = TERRA_CONVERSATIONS_VIEW (widget);

  self->updating_chips = TRUE;
  for (guint i = 0; i < self->chips->len; i++)
    gtk_toggle_button_set_active (g_ptr_array_index (self->chips, i), FALSE);
  self->updating_chips = FALSE;
  self->status = self->sentiment = self->channel = -1;

  g_signal_handlers_block_by_func (self->search_entry, search_changed_cb, self);
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  g_signal_handlers_unblock_by_func (self->search_entry, search_changed_cb, self);
  gtk_drop_down_set_selected (self->range_dropdown, 0);
  apply_filter (self);
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  TerraConversationsView *self = TERRA_CONVERSATIONS_VIEW (widget);

  adw_leaflet_set_visible_child_name (self->leaflet, "list");
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  TerraConversationsView *self = TERRA_CONVERSATIONS_VIEW (widget);

  if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_set_visible_child_name (self->leaflet, "list");
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

/* Alt+Down / Alt+Up: the next or previous conversation of the list. */
static void
step_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  TerraConversationsView *self = TERRA_CONVERSATIONS_VIEW (widget);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->model));
  guint selected = gtk_single_selection_get_selected (self->selection);
  gboolean next = g_str_equal (action_name, "conversations.next");
  guint position;

  if (n == 0)
    return;
  if (selected == GTK_INVALID_LIST_POSITION)
    position = 0;
  else if (next)
    position = MIN (selected + 1, n - 1);
  else
    position = selected > 0 ? selected - 1 : 0;

  open_position (self, position);
  gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", position);
}

static void
take_over_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  TerraConversationsView *self = TERRA_CONVERSATIONS_VIEW (widget);

  gtk_widget_activate_action (GTK_WIDGET (self->detail), "detail.take-over", NULL);
}

/* The shortcuts work wherever the focus is in the window while the view
 * is shown (a managed controller on the view). */
static void
add_shortcuts (TerraConversationsView *self)
{
  static const struct {
    const char *trigger;
    const char *action;
  } keys[] = {
    { "<Control>f", "conversations.search" },
    { "<Alt>Down", "conversations.next" },
    { "<Alt>Up", "conversations.previous" },
    { "<Control>t", "conversations.take-over" },
  };
  GtkEventController *controller = gtk_shortcut_controller_new ();

  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (controller), GTK_SHORTCUT_SCOPE_MANAGED);
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
                                          gtk_shortcut_new (gtk_shortcut_trigger_parse_string (keys[i].trigger),
                                                            gtk_named_action_new (keys[i].action)));
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
}

static void
terra_conversations_view_dispose (GObject *object)
{
  TerraConversationsView *self = (TerraConversationsView *)object;

  g_clear_handle_id (&self->search_source, g_source_remove);
  g_clear_handle_id (&self->time_source, g_source_remove);
  while (self->rows != NULL && self->rows->len > 0)
    {
      GObject *row = g_ptr_array_steal_index (self->rows, self->rows->len - 1);

      g_object_weak_unref (row, row_finalized_cb, self);
    }
  if (self->list_view != NULL)
    gtk_list_view_set_model (self->list_view, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), TERRA_TYPE_CONVERSATIONS_VIEW);
  g_clear_object (&self->selection);
  g_clear_object (&self->model);
  g_clear_object (&self->workspace);
  g_clear_pointer (&self->chips, g_ptr_array_unref);
  g_clear_pointer (&self->rows, g_ptr_array_unref);

  G_OBJECT_CLASS (terra_conversations_view_parent_class)->dispose (object);
}

static void
terra_conversations_view_class_init (TerraConversationsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = terra_conversations_view_dispose;

  g_type_ensure (TERRA_TYPE_CONVERSATION_DETAIL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "conversations");
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/terrasales/Terra/ui/terra-conversations-view.ui");
  gtk_widget_class_bind_template_child (widget_class, TerraConversationsView, leaflet);
  gtk_widget_class_bind_template_child (widget_class, TerraConversationsView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, TerraConversationsView, chips_box);
  gtk_widget_class_bind_template_child (widget_class, TerraConversationsView, range_dropdown);
  gtk_widget_class_bind_template_child (widget_class, TerraConversationsView, sort_dropdown);
  gtk_widget_class_bind_template_child (widget_class, TerraConversationsView, count_label);
  gtk_widget_class_bind_template_child (widget_class, TerraConversationsView, list_stack);
  gtk_widget_class_bind_template_child (widget_class, TerraConversationsView, list_view);
  gtk_widget_class_bind_template_child (widget_class, TerraConversationsView, detail);

  gtk_widget_class_install_action (widget_class, "conversations.clear-filters", NULL, clear_filters_action);
  gtk_widget_class_install_action (widget_class, "conversations.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "conversations.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "conversations.next", NULL, step_action);
  gtk_widget_class_install_action (widget_class, "conversations.previous", NULL, step_action);
  gtk_widget_class_install_action (widget_class, "conversations.take-over", NULL, take_over_action);
}

static void
terra_conversations_view_init (TerraConversationsView *self)
{
  GtkListItemFactory *factory;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->status = self->sentiment = self->channel = -1;
  self->chips = g_ptr_array_new ();
  self->rows = g_ptr_array_new ();
  self->time_source = g_timeout_add_seconds (TIME_REFRESH_SECONDS, time_refresh_cb, self);
  add_chips (self);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), self);
  gtk_list_view_set_factory (self->list_view, factory);
  g_object_unref (factory);

  g_signal_connect_object (self->search_entry, "search-changed", G_CALLBACK (search_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->search_entry, "activate", G_CALLBACK (search_activate_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->range_dropdown, "notify::selected", G_CALLBACK (dropdown_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sort_dropdown, "notify::selected", G_CALLBACK (dropdown_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->leaflet, "notify::folded", G_CALLBACK (folded_changed_cb),
                           self, G_CONNECT_SWAPPED);
  terra_conversation_detail_set_show_back (self->detail, adw_leaflet_get_folded (self->leaflet));

  add_shortcuts (self);
  gtk_stack_set_visible_child_name (self->list_stack, "empty");
}

/* Shows the conversations of @workspace; set once. */
void
terra_conversations_view_set_workspace (TerraConversationsView *self,
                                        TerraWorkspace         *workspace)
{
  g_autoptr(TerraQuery) query = NULL;

  g_return_if_fail (TERRA_IS_CONVERSATIONS_VIEW (self));
  g_return_if_fail (TERRA_IS_WORKSPACE (workspace));
  g_return_if_fail (self->workspace == NULL);

  self->workspace = g_object_ref (workspace);
  terra_conversation_detail_set_workspace (self->detail, workspace);

  query = build_query (self);
  /* The first read is synchronous (the window shows rows at once); later
   * filters and reloads are read in the background. */
  self->model = terra_conversation_list_new (terra_workspace_get_store (workspace), query);
  terra_conversation_list_set_background (self->model);
  g_signal_connect_object (self->model, "notify::loading", G_CALLBACK (loading_changed_cb),
                           self, G_CONNECT_SWAPPED);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->model)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  /* After the selection model has seen the change, so the reselection
   * is not undone by it. */
  g_signal_connect_object (self->selection, "items-changed", G_CALLBACK (model_items_changed_cb),
                           self, G_CONNECT_SWAPPED);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));
  update_list_state (self);
}

void
terra_conversations_view_show_conversation (TerraConversationsView *self,
                                            gint64                  conversation_id)
{
  g_return_if_fail (TERRA_IS_CONVERSATIONS_VIEW (self));

  open_conversation (self, conversation_id);
}
