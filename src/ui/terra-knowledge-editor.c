/* terra-knowledge-editor.c — writing one knowledge item, and bringing back
 * an earlier version of it
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The text is Markdown, which is also what the assistant reads, so the
 * formatting helpers only insert Markdown marks: what the owner sees is
 * what the engine gets. Saving an item whose title or text changed makes
 * the store keep the previous text as a version; restoring a version puts
 * its text back in the editor, and saving makes it current (and keeps the
 * text it replaces, so a restore can be undone the same way).
 */

#define G_LOG_DOMAIN "terra-knowledge-editor"

#include "config.h"

#include <glib/gi18n.h>

#include "terra-knowledge-editor.h"

struct _TerraKnowledgeEditor
{
  AdwWindow               parent_instance;

  /* Template widgets */
  GtkButton              *save_button;
  GtkEntry               *title_entry;
  GtkDropDown            *category_dropdown;
  GtkSwitch              *published_switch;
  GtkTextView            *body_view;
  GtkLabel               *problem_label;
  GtkLabel               *restore_label;
  AdwPreferencesGroup    *history_group;

  /* Owned */
  TerraWorkspace         *workspace;
  gint64                  item_id;
};

G_DEFINE_FINAL_TYPE (TerraKnowledgeEditor, terra_knowledge_editor, ADW_TYPE_WINDOW)

static const TerraKnowledgeCategory categories[] = {
  TERRA_KNOWLEDGE_COMPANY,
  TERRA_KNOWLEDGE_PRODUCTS,
  TERRA_KNOWLEDGE_FAQ,
  TERRA_KNOWLEDGE_POLICIES,
  TERRA_KNOWLEDGE_OBJECTIONS,
};

/* Formatting helpers */

void
terra_knowledge_editor_wrap_selection (GtkTextBuffer *buffer,
                                       const char    *marker)
{
  GtkTextIter start, end;
  GtkTextMark *end_mark;

  g_return_if_fail (GTK_IS_TEXT_BUFFER (buffer));
  g_return_if_fail (marker != NULL);

  gtk_text_buffer_begin_user_action (buffer);
  if (!gtk_text_buffer_get_selection_bounds (buffer, &start, &end))
    {
      /* Nothing selected: a pair of marks with the cursor between. */
      gtk_text_buffer_insert_at_cursor (buffer, marker, -1);
      gtk_text_buffer_insert_at_cursor (buffer, marker, -1);
      gtk_text_buffer_get_iter_at_mark (buffer, &start, gtk_text_buffer_get_insert (buffer));
      gtk_text_iter_backward_chars (&start, g_utf8_strlen (marker, -1));
      gtk_text_buffer_place_cursor (buffer, &start);
    }
  else
    {
      end_mark = gtk_text_buffer_create_mark (buffer, NULL, &end, FALSE);
      gtk_text_buffer_insert (buffer, &start, marker, -1);
      gtk_text_buffer_get_iter_at_mark (buffer, &end, end_mark);
      gtk_text_buffer_insert (buffer, &end, marker, -1);
      gtk_text_buffer_delete_mark (buffer, end_mark);
    }
  gtk_text_buffer_end_user_action (buffer);
}

static gboolean
line_has_prefix (GtkTextBuffer *buffer,
                 int            line,
                 const char    *prefix)
{
  GtkTextIter start, end;
  g_autofree char *text = NULL;

  gtk_text_buffer_get_iter_at_line (buffer, &start, line);
  end = start;
  if (!gtk_text_iter_ends_line (&end))
    gtk_text_iter_forward_to_line_end (&end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  return g_str_has_prefix (text, prefix);
}

void
terra_knowledge_editor_toggle_prefix (GtkTextBuffer *buffer,
                                      const char    *prefix)
{
  GtkTextIter start, end;
  int first, last;
  gboolean all_have = TRUE;
  int n_chars = g_utf8_strlen (prefix, -1);

  g_return_if_fail (GTK_IS_TEXT_BUFFER (buffer));
  g_return_if_fail (prefix != NULL);

  gtk_text_buffer_get_selection_bounds (buffer, &start, &end);
  first = gtk_text_iter_get_line (&start);
  last = gtk_text_iter_get_line (&end);
  /* A selection ending at the start of a line does not take that line. */
  if (last > first && gtk_text_iter_starts_line (&end))
    last--;

  for (int line = first; line <= last; line++)
    all_have = all_have && line_has_prefix (buffer, line, prefix);

  gtk_text_buffer_begin_user_action (buffer);
  for (int line = first; line <= last; line++)
    {
      GtkTextIter at;

      gtk_text_buffer_get_iter_at_line (buffer, &at, line);
      if (all_have)
        {
          GtkTextIter after = at;

          gtk_text_iter_forward_chars (&after, n_chars);
          gtk_text_buffer_delete (buffer, &at, &after);
        }
      else if (!line_has_prefix (buffer, line, prefix))
        gtk_text_buffer_insert (buffer, &at, prefix, -1);
    }
  gtk_text_buffer_end_user_action (buffer);
}

static void
format_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  TerraKnowledgeEditor *self = TERRA_KNOWLEDGE_EDITOR (widget);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->body_view);

  if (g_str_equal (action_name, "editor.bold"))
    terra_knowledge_editor_wrap_selection (buffer, "**");
  else if (g_str_equal (action_name, "editor.italic"))
    terra_knowledge_editor_wrap_selection (buffer, "_");
  else if (g_str_equal (action_name, "editor.list"))
    terra_knowledge_editor_toggle_prefix (buffer, "- ");
  else if (g_str_equal (action_name, "editor.heading"))
    terra_knowledge_editor_toggle_prefix (buffer, "## ");
  gtk_widget_grab_focus (GTK_WIDGET (self->body_view));
}

/* Validation and saving */

static char *
get_body (TerraKnowledgeEditor *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->body_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static char *
get_title (TerraKnowledgeEditor *self)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->title_entry))));
}

/* What keeps the item from being saved, or NULL. */
static const char *
find_problem (TerraKnowledgeEditor *self)
{
  g_autofree char *title = get_title (self);
  g_autofree char *body = g_strstrip (get_body (self));

  if (title[0] == '\0')
    return _("Give the item a title: the question leads ask, or its topic.");
  if (body[0] == '\0')
    return _("Write what Terra should know.");
  return NULL;
}

static void
field_changed_cb (TerraKnowledgeEditor *self)
{
  const char *problem = find_problem (self);

  gtk_label_set_text (self->problem_label, problem != NULL ? problem : "");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.save", problem == NULL);
  gtk_accessible_update_state (GTK_ACCESSIBLE (self->title_entry), GTK_ACCESSIBLE_STATE_INVALID,
                               problem != NULL && gtk_entry_get_text_length (self->title_entry) == 0
                                 ? GTK_ACCESSIBLE_INVALID_TRUE : GTK_ACCESSIBLE_INVALID_FALSE, -1);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  TerraKnowledgeEditor *self = TERRA_KNOWLEDGE_EDITOR (widget);
  TerraStore *store = terra_workspace_get_store (self->workspace);
  g_autoptr(TerraKnowledgeItem) item = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = get_title (self);
  g_autofree char *body = get_body (self);
  guint selected = gtk_drop_down_get_selected (self->category_dropdown);
  gboolean ok;

  if (find_problem (self) != NULL)
    return;

  if (self->item_id != 0)
    item = terra_store_get (store, TERRA_TYPE_KNOWLEDGE_ITEM, self->item_id, &error);
  else
    item = terra_knowledge_item_new ();
  if (item == NULL)
    {
      gtk_label_set_text (self->problem_label, error->message);
      return;
    }

  g_strchomp (body);
  terra_knowledge_item_set_title (item, title);
  terra_knowledge_item_set_body (item, body);
  terra_knowledge_item_set_category (item, categories[MIN (selected, G_N_ELEMENTS (categories) - 1)]);
  terra_knowledge_item_set_published (item, gtk_switch_get_active (self->published_switch));

  ok = self->item_id != 0 ? terra_store_update (store, item, &error)
                          : terra_store_insert (store, item, &error);
  if (!ok)
    {
      gtk_label_set_text (self->problem_label, error->message);
      return;
    }
  gtk_window_destroy (GTK_WINDOW (self));
}

/* History */

static void
restore_clicked_cb (GtkButton            *button,
                    TerraKnowledgeEditor *self)
{
  TerraKnowledgeItem *version = g_object_get_data (G_OBJECT (button), "terra-version");
  g_autofree char *message = NULL;

  gtk_editable_set_text (GTK_EDITABLE (self->title_entry), terra_knowledge_item_get_title (version));
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->body_view),
                            terra_knowledge_item_get_body (version), -1);
  message = g_strdup_printf (_("Version %d is in the editor. Save to make it current; the text it replaces stays in the history."),
                             terra_knowledge_item_get_version (version));
  gtk_label_set_text (self->restore_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->restore_label), TRUE);
}

static GtkWidget *
make_version_row (TerraKnowledgeEditor *self,
                  TerraKnowledgeItem   *version)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *restore = gtk_button_new_with_label (_("Restore"));
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (terra_knowledge_item_get_created_at (version));
  g_autoptr(GDateTime) local = utc != NULL ? g_date_time_to_local (utc) : NULL;
  g_autofree char *when = local != NULL ? g_date_time_format (local, _("%e %b %Y, %H:%M")) : g_strdup ("");
  g_autofree char *title = NULL;
  g_autofree char *label = NULL;

  /* Translators: "Version 2 · Do you charge a fee?" */
  title = g_strdup_printf (_("Version %d · %s"), terra_knowledge_item_get_version (version),
                           terra_knowledge_item_get_title (version));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), when);

  label = g_strdup_printf (_("Restore version %d"), terra_knowledge_item_get_version (version));
  gtk_accessible_update_property (GTK_ACCESSIBLE (restore), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  gtk_widget_set_tooltip_text (restore, label);
  gtk_widget_set_valign (restore, GTK_ALIGN_CENTER);
  g_object_set_data_full (G_OBJECT (restore), "terra-version", g_object_ref (version), g_object_unref);
  g_signal_connect_object (restore, "clicked", G_CALLBACK (restore_clicked_cb), self, 0);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), restore);
  return row;
}

static void
load_history (TerraKnowledgeEditor *self)
{
  g_autoptr(GPtrArray) versions = NULL;
  g_autoptr(GError) error = NULL;

  versions = terra_store_list_knowledge_versions (terra_workspace_get_store (self->workspace),
                                                  self->item_id, &error);
  if (versions == NULL)
    {
      g_warning ("Could not read the versions: %s", error->message);
      return;
    }

  for (guint i = 0; i < versions->len; i++)
    adw_preferences_group_add (self->history_group, make_version_row (self, g_ptr_array_index (versions, i)));
  gtk_widget_set_visible (GTK_WIDGET (self->history_group), versions->len > 0);
}

/* GObject */

static void
terra_knowledge_editor_dispose (GObject *object)
{
  TerraKnowledgeEditor *self = (TerraKnowledgeEditor *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), TERRA_TYPE_KNOWLEDGE_EDITOR);

  G_OBJECT_CLASS (terra_knowledge_editor_parent_class)->dispose (object);
}

static void
terra_knowledge_editor_finalize (GObject *object)
{
  TerraKnowledgeEditor *self = (TerraKnowledgeEditor *)object;

  g_clear_object (&self->workspace);

  G_OBJECT_CLASS (terra_knowledge_editor_parent_class)->finalize (object);
}

static void
terra_knowledge_editor_class_init (TerraKnowledgeEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = terra_knowledge_editor_dispose;
  object_class->finalize = terra_knowledge_editor_finalize;

  gtk_widget_class_install_action (widget_class, "editor.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "editor.bold", NULL, format_action);
  gtk_widget_class_install_action (widget_class, "editor.italic", NULL, format_action);
  gtk_widget_class_install_action (widget_class, "editor.list", NULL, format_action);
  gtk_widget_class_install_action (widget_class, "editor.heading", NULL, format_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "editor.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_b, GDK_CONTROL_MASK, "editor.bold", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_i, GDK_CONTROL_MASK, "editor.italic", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_asterisk, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "editor.list", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_h, GDK_CONTROL_MASK, "editor.heading", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/terrasales/Terra/ui/terra-knowledge-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, TerraKnowledgeEditor, save_button);
  gtk_widget_class_bind_template_child (widget_class, TerraKnowledgeEditor, title_entry);
  gtk_widget_class_bind_template_child (widget_class, TerraKnowledgeEditor, category_dropdown);
  gtk_widget_class_bind_template_child (widget_class, TerraKnowledgeEditor, published_switch);
  gtk_widget_class_bind_template_child (widget_class, TerraKnowledgeEditor, body_view);
  gtk_widget_class_bind_template_child (widget_class, TerraKnowledgeEditor, problem_label);
  gtk_widget_class_bind_template_child (widget_class, TerraKnowledgeEditor, restore_label);
  gtk_widget_class_bind_template_child (widget_class, TerraKnowledgeEditor, history_group);
  gtk_widget_class_bind_template_callback (widget_class, field_changed_cb);
}

static void
terra_knowledge_editor_init (TerraKnowledgeEditor *self)
{
  const char *names[] = {
    _("Company Information"),
    _("Products & Properties"),
    _("Frequently Asked Questions"),
    _("Policies & Processes"),
    _("Objection Handling"),
    NULL
  };
  g_autoptr(GtkStringList) model = gtk_string_list_new (names);

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_drop_down_set_model (self->category_dropdown, G_LIST_MODEL (model));
  g_signal_connect_object (gtk_text_view_get_buffer (self->body_view), "changed",
                           G_CALLBACK (field_changed_cb), self, G_CONNECT_SWAPPED);
}

GtkWidget *
terra_knowledge_editor_new (GtkWindow              *parent,
                            TerraWorkspace         *workspace,
                            gint64                  item_id,
                            TerraKnowledgeCategory  category)
{
  TerraKnowledgeEditor *self;
  g_autoptr(TerraKnowledgeItem) item = NULL;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (TERRA_IS_WORKSPACE (workspace), NULL);

  self = g_object_new (TERRA_TYPE_KNOWLEDGE_EDITOR,
                       "transient-for", parent,
                       "title", item_id != 0 ? _("Edit Knowledge") : _("New Knowledge"),
                       NULL);
  self->workspace = g_object_ref (workspace);
  self->item_id = item_id;

  if (item_id != 0)
    item = terra_store_get (terra_workspace_get_store (workspace), TERRA_TYPE_KNOWLEDGE_ITEM, item_id, NULL);
  if (item != NULL)
    {
      category = terra_knowledge_item_get_category (item);
      gtk_editable_set_text (GTK_EDITABLE (self->title_entry), terra_knowledge_item_get_title (item));
      gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->body_view),
                                terra_knowledge_item_get_body (item), -1);
      gtk_switch_set_active (self->published_switch, terra_knowledge_item_get_published (item));
      load_history (self);
    }

  for (guint i = 0; i < G_N_ELEMENTS (categories); i++)
    if (categories[i] == category)
      gtk_drop_down_set_selected (self->category_dropdown, i);

  field_changed_cb (self);
  return GTK_WIDGET (self);
}
