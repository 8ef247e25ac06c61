/* terra-training-view-instructions.c — the owner's rules for the
 * assistant: always, when, never, tone, in order of priority
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The prompt builder puts instructions by priority, highest first, so the
 * order on screen is the order Terra reads them. Moving a rule up or down
 * renumbers the whole list in steps of ten in one transaction: priorities
 * stay distinct and the order is exactly what the owner sees.
 */

#define G_LOG_DOMAIN "terra-training"

#include "config.h"

#include <glib/gi18n.h>

#include "terra-training-view-private.h"

#define PRIORITY_STEP 10

static const char *
kind_title (TerraInstructionKind kind)
{
  switch (kind)
    {
    case TERRA_INSTRUCTION_ALWAYS:
      return _("Always");
    case TERRA_INSTRUCTION_WHEN:
      return _("When");
    case TERRA_INSTRUCTION_NEVER:
      return _("Never");
    case TERRA_INSTRUCTION_TONE:
      return _("Tone");
    default:
      return "";
    }
}

/* Every instruction, in the order the prompt uses. */
static GPtrArray *
list_instructions (TerraTrainingView  *self,
                   GError            **error)
{
  g_autoptr(TerraQuery) query = terra_query_new (TERRA_TYPE_INSTRUCTION);

  /* One order column per query; the store breaks ties (only instructions
   * added through the API or an import have them) by id, newest first. */
  terra_query_order_by (query, "priority", TRUE);
  terra_query_set_range (query, 0, G_MAXINT);
  return terra_store_list (terra_workspace_get_store (self->workspace), query, error);
}

static void
enabled_changed_cb (GtkSwitch         *toggle,
                    GParamSpec        *pspec,
                    TerraTrainingView *self)
{
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (toggle), "terra-instruction-id"));
  TerraStore *store = terra_workspace_get_store (self->workspace);
  g_autoptr(TerraInstruction) instruction = NULL;
  g_autoptr(GError) error = NULL;

  instruction = terra_store_get (store, TERRA_TYPE_INSTRUCTION, id, NULL);
  if (instruction == NULL || terra_instruction_get_enabled (instruction) == gtk_switch_get_active (toggle))
    return;
  terra_instruction_set_enabled (instruction, gtk_switch_get_active (toggle));
  if (!terra_store_update (store, instruction, &error))
    _terra_training_view_toast (self, error->message);
}

static GtkWidget *
make_button (const char *icon_name,
             const char *label,
             const char *action_name,
             gint64      id)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon_name);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  gtk_widget_add_css_class (button, "flat");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action_name);
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), g_variant_new_int64 (id));
  return button;
}

static GtkWidget *
make_instruction_row (TerraTrainingView *self,
                      TerraInstruction  *instruction,
                      gboolean           first,
                      gboolean           last)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *kind = gtk_label_new (kind_title (terra_instruction_get_kind (instruction)));
  GtkWidget *toggle = gtk_switch_new ();
  GtkWidget *up;
  GtkWidget *down;
  GtkWidget *edit;
  gint64 id = terra_instruction_get_id (instruction);
  const char *condition = terra_instruction_get_condition (instruction);
  g_autofree char *subtitle = NULL;

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), terra_instruction_get_body (instruction));
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 3);
  if (terra_instruction_get_kind (instruction) == TERRA_INSTRUCTION_WHEN && condition[0] != '\0')
    /* Translators: an instruction's subtitle: its condition and its priority */
    subtitle = g_strdup_printf (_("When %s · priority %d"), condition, terra_instruction_get_priority (instruction));
  else
    subtitle = g_strdup_printf (_("Priority %d"), terra_instruction_get_priority (instruction));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);

  gtk_widget_add_css_class (kind, "instruction-kind");
  gtk_widget_add_css_class (kind, "caption-heading");
  gtk_widget_set_valign (kind, GTK_ALIGN_CENTER);
  gtk_widget_set_size_request (kind, 64, -1);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), kind);

  up = make_button ("go-up-symbolic", _("Move Up"), "training.instruction-up", id);
  down = make_button ("go-down-symbolic", _("Move Down"), "training.instruction-down", id);
  /* An actionable button takes its sensitivity from its action: the ends
   * of the list get no action rather than a disabled one. */
  if (first)
    gtk_actionable_set_action_name (GTK_ACTIONABLE (up), NULL);
  if (last)
    gtk_actionable_set_action_name (GTK_ACTIONABLE (down), NULL);
  gtk_widget_set_sensitive (up, !first);
  gtk_widget_set_sensitive (down, !last);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), up);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), down);

  gtk_switch_set_active (GTK_SWITCH (toggle), terra_instruction_get_enabled (instruction));
  gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (toggle, _("Whether Terra follows this instruction"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (toggle), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Follow this instruction"), -1);
  g_object_set_data (G_OBJECT (toggle), "terra-instruction-id", GSIZE_TO_POINTER (id));
  g_signal_connect_object (toggle, "notify::active", G_CALLBACK (enabled_changed_cb), self, 0);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), toggle);

  edit = make_button ("document-edit-symbolic", _("Edit Instruction"), "training.edit-instruction", id);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), edit);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), edit);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             make_button ("user-trash-symbolic", _("Delete Instruction"),
                                          "training.delete-instruction", id));
  return row;
}

void
_terra_training_view_refresh_instructions (TerraTrainingView *self)
{
  g_autoptr(GPtrArray) instructions = NULL;
  g_autoptr(GError) error = NULL;

  _terra_training_view_clear_rows (self->instructions_group, self->instruction_rows);

  instructions = list_instructions (self, &error);
  if (instructions == NULL)
    {
      g_warning ("Could not read the instructions: %s", error->message);
      return;
    }

  if (instructions->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No instructions yet"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                                   _("For example: always offer a site visit; never promise a discount; when a lead asks about loans, mention the partner banks."));
      gtk_widget_add_css_class (row, "dim-label");
      adw_preferences_group_add (self->instructions_group, row);
      g_ptr_array_add (self->instruction_rows, row);
      return;
    }

  for (guint i = 0; i < instructions->len; i++)
    {
      GtkWidget *row = make_instruction_row (self, g_ptr_array_index (instructions, i),
                                             i == 0, i + 1 == instructions->len);

      adw_preferences_group_add (self->instructions_group, row);
      g_ptr_array_add (self->instruction_rows, row);
    }
}

/* Gives @instructions, in their order, the priorities n×10 … 10, so they
 * are distinct, positive and in the order shown. Runs in the caller's
 * transaction; updates only what changes. */
static gboolean
renumber (TerraStore  *store,
          GPtrArray   *instructions,
          GError     **error)
{
  for (guint i = 0; i < instructions->len; i++)
    {
      TerraInstruction *instruction = g_ptr_array_index (instructions, i);
      int priority = (int)(instructions->len - i) * PRIORITY_STEP;

      if (terra_instruction_get_priority (instruction) == priority)
        continue;
      terra_instruction_set_priority (instruction, priority);
      if (!terra_store_update (store, instruction, error))
        return FALSE;
    }
  return TRUE;
}

/* Moves an instruction one place up (@direction -1) or down (+1). */
void
_terra_training_view_move_instruction (TerraTrainingView *self,
                                       gint64             instruction_id,
                                       int                direction)
{
  TerraStore *store = terra_workspace_get_store (self->workspace);
  g_autoptr(GPtrArray) instructions = NULL;
  g_autoptr(GError) error = NULL;
  int from = -1;
  int to;

  instructions = list_instructions (self, &error);
  for (guint i = 0; instructions != NULL && i < instructions->len; i++)
    if (terra_instruction_get_id (g_ptr_array_index (instructions, i)) == instruction_id)
      from = i;
  to = from + direction;
  if (from < 0 || to < 0 || to >= (int)instructions->len)
    return;

  {
    gpointer moved = instructions->pdata[from];
    instructions->pdata[from] = instructions->pdata[to];
    instructions->pdata[to] = moved;
  }

  if (!terra_store_begin (store, &error) ||
      !renumber (store, instructions, &error) ||
      !terra_store_commit (store, &error))
    {
      terra_store_rollback (store);
      _terra_training_view_toast (self, error->message);
    }
}

/* Delete with undo */

static void
instruction_closure_free (gpointer  data,
                          GClosure *closure)
{
  g_object_unref (data);
}

static void
undo_delete_cb (AdwToast         *toast,
                TerraInstruction *deleted)
{
  TerraTrainingView *self = g_object_get_data (G_OBJECT (deleted), "terra-view");
  g_autoptr(TerraInstruction) instruction = terra_instruction_new ();
  g_autoptr(GError) error = NULL;

  if (self == NULL || self->workspace == NULL)
    return;
  terra_instruction_set_kind (instruction, terra_instruction_get_kind (deleted));
  terra_instruction_set_condition (instruction, terra_instruction_get_condition (deleted));
  terra_instruction_set_body (instruction, terra_instruction_get_body (deleted));
  terra_instruction_set_priority (instruction, terra_instruction_get_priority (deleted));
  terra_instruction_set_enabled (instruction, terra_instruction_get_enabled (deleted));
  if (!terra_store_insert (terra_workspace_get_store (self->workspace), instruction, &error))
    _terra_training_view_toast (self, error->message);
}

void
_terra_training_view_delete_instruction (TerraTrainingView *self,
                                         gint64             instruction_id)
{
  TerraStore *store = terra_workspace_get_store (self->workspace);
  g_autoptr(TerraInstruction) instruction = NULL;
  g_autoptr(GError) error = NULL;
  AdwToast *toast;

  instruction = terra_store_get (store, TERRA_TYPE_INSTRUCTION, instruction_id, &error);
  if (instruction == NULL || !terra_store_delete (store, TERRA_TYPE_INSTRUCTION, instruction_id, &error))
    {
      _terra_training_view_toast (self, error->message);
      return;
    }

  g_object_set_data_full (G_OBJECT (instruction), "terra-view", g_object_ref (self), g_object_unref);
  toast = adw_toast_new (_("Instruction deleted"));
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  g_signal_connect_data (toast, "button-clicked", G_CALLBACK (undo_delete_cb),
                         g_steal_pointer (&instruction), instruction_closure_free, 0);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* The editor: a small dialog built here, as it is four fields */

typedef struct
{
  TerraTrainingView *self;
  gint64             instruction_id;
  GtkWidget         *window;
  GtkWidget         *kind;
  GtkWidget         *condition_row;
  GtkWidget         *condition;
  GtkWidget         *body;
  GtkWidget         *enabled;
  GtkWidget         *save;
  GtkWidget         *problem;
} InstructionEditor;

static void
instruction_editor_free (InstructionEditor *editor)
{
  g_object_unref (editor->self);
  g_free (editor);
}

static char *
editor_body (InstructionEditor *editor)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (editor->body));
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return g_strstrip (gtk_text_buffer_get_text (buffer, &start, &end, FALSE));
}

/* Checks the fields as they are typed; NULL when they are fine. */
static const char *
editor_problem (InstructionEditor *editor)
{
  g_autofree char *body = editor_body (editor);
  g_autofree char *condition = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (editor->condition))));
  gboolean when = gtk_drop_down_get_selected (GTK_DROP_DOWN (editor->kind)) == TERRA_INSTRUCTION_WHEN;

  if (body[0] == '\0')
    return _("Write what Terra should do.");
  if (g_utf8_strlen (body, -1) > 4000)
    return _("An instruction can be at most 4,000 characters long.");
  if (when && condition[0] == '\0')
    return _("Say when the instruction applies.");
  return NULL;
}

static void
editor_changed_cb (InstructionEditor *editor)
{
  const char *problem = editor_problem (editor);
  gboolean when = gtk_drop_down_get_selected (GTK_DROP_DOWN (editor->kind)) == TERRA_INSTRUCTION_WHEN;

  gtk_widget_set_visible (editor->condition_row, when);
  gtk_widget_set_sensitive (editor->save, problem == NULL);
  gtk_label_set_text (GTK_LABEL (editor->problem), problem != NULL ? problem : "");
}

static int
lowest_priority (TerraTrainingView *self)
{
  g_autoptr(GPtrArray) instructions = list_instructions (self, NULL);

  if (instructions == NULL || instructions->len == 0)
    return 0;
  return terra_instruction_get_priority (g_ptr_array_index (instructions, instructions->len - 1));
}

static void
editor_save_cb (InstructionEditor *editor)
{
  TerraStore *store = terra_workspace_get_store (editor->self->workspace);
  g_autoptr(TerraInstruction) instruction = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *body = editor_body (editor);
  g_autofree char *condition = NULL;
  TerraInstructionKind kind = gtk_drop_down_get_selected (GTK_DROP_DOWN (editor->kind));
  gboolean ok;

  if (editor_problem (editor) != NULL)
    return;

  if (editor->instruction_id != 0)
    instruction = terra_store_get (store, TERRA_TYPE_INSTRUCTION, editor->instruction_id, &error);
  else
    {
      instruction = terra_instruction_new ();
      /* New rules go to the bottom: the owner moves them up. */
      terra_instruction_set_priority (instruction, lowest_priority (editor->self) - PRIORITY_STEP);
    }
  if (instruction == NULL)
    {
      gtk_label_set_text (GTK_LABEL (editor->problem), error->message);
      return;
    }

  condition = kind == TERRA_INSTRUCTION_WHEN
    ? g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (editor->condition))))
    : g_strdup ("");
  terra_instruction_set_kind (instruction, kind);
  terra_instruction_set_condition (instruction, condition);
  terra_instruction_set_body (instruction, body);
  terra_instruction_set_enabled (instruction, gtk_switch_get_active (GTK_SWITCH (editor->enabled)));

  if (editor->instruction_id != 0)
    ok = terra_store_update (store, instruction, &error);
  else
    {
      g_autoptr(GPtrArray) all = NULL;

      /* At the bottom, then every priority renumbered, in one go. */
      ok = terra_store_begin (store, &error) &&
           terra_store_insert (store, instruction, &error) &&
           (all = list_instructions (editor->self, &error)) != NULL &&
           renumber (store, all, &error) &&
           terra_store_commit (store, &error);
      if (!ok)
        terra_store_rollback (store);
    }
  if (!ok)
    {
      gtk_label_set_text (GTK_LABEL (editor->problem), error->message);
      return;
    }
  gtk_window_destroy (GTK_WINDOW (editor->window));
}

/* @widget under a heading that also names it for screen readers. */
static GtkWidget *
labelled (const char *text,
          GtkWidget  *widget)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_widget_add_css_class (label, "heading");
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), widget);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_RELATION_LABELLED_BY, label, NULL, -1);
  return box;
}

static GtkWidget *
build_editor (InstructionEditor *editor)
{
  const char *kinds[] = { _("Always"), _("When…"), _("Never"), _("Tone"), NULL };
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *cancel = gtk_button_new_with_label (_("Cancel"));
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *outer = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *enabled_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *enabled_label = gtk_label_new (_("Follow this instruction"));

  editor->save = gtk_button_new_with_label (_("Save"));
  gtk_widget_add_css_class (editor->save, "suggested-action");
  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (header), FALSE);
  adw_header_bar_set_show_start_title_buttons (ADW_HEADER_BAR (header), FALSE);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), cancel);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), editor->save);
  g_signal_connect_swapped (cancel, "clicked", G_CALLBACK (gtk_window_destroy), editor->window);
  g_signal_connect_swapped (editor->save, "clicked", G_CALLBACK (editor_save_cb), editor);

  editor->kind = gtk_drop_down_new_from_strings (kinds);
  editor->condition = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (editor->condition), _("the lead asks for a discount"));
  editor->condition_row = labelled (_("When"), editor->condition);
  editor->body = gtk_text_view_new ();
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (editor->body), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_accepts_tab (GTK_TEXT_VIEW (editor->body), FALSE);
  gtk_widget_set_size_request (editor->body, -1, 120);
  gtk_widget_add_css_class (editor->body, "card");
  gtk_widget_add_css_class (editor->body, "training-editor-text");
  editor->enabled = gtk_switch_new ();
  gtk_switch_set_active (GTK_SWITCH (editor->enabled), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (editor->enabled), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Follow this instruction"), -1);
  editor->problem = gtk_label_new ("");
  gtk_label_set_xalign (GTK_LABEL (editor->problem), 0.0);
  gtk_label_set_wrap (GTK_LABEL (editor->problem), TRUE);
  gtk_widget_add_css_class (editor->problem, "error");

  gtk_widget_set_hexpand (enabled_label, TRUE);
  gtk_label_set_xalign (GTK_LABEL (enabled_label), 0.0);
  gtk_box_append (GTK_BOX (enabled_box), enabled_label);
  gtk_box_append (GTK_BOX (enabled_box), editor->enabled);

  gtk_box_append (GTK_BOX (content), labelled (_("Kind"), editor->kind));
  gtk_box_append (GTK_BOX (content), editor->condition_row);
  gtk_box_append (GTK_BOX (content), labelled (_("Instruction"), editor->body));
  gtk_box_append (GTK_BOX (content), enabled_box);
  gtk_box_append (GTK_BOX (content), editor->problem);
  g_object_set (content, "margin-top", 18, "margin-bottom", 18, "margin-start", 18, "margin-end", 18, NULL);

  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), content);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (scroller, TRUE);
  gtk_box_append (GTK_BOX (outer), header);
  gtk_box_append (GTK_BOX (outer), scroller);
  return outer;
}

/* Opens the editor for an instruction, or a new one for 0. */
void
_terra_training_view_edit_instruction (TerraTrainingView *self,
                                       gint64             instruction_id)
{
  InstructionEditor *editor;
  g_autoptr(TerraInstruction) instruction = NULL;

  if (self->workspace == NULL)
    return;
  if (instruction_id != 0)
    {
      instruction = terra_store_get (terra_workspace_get_store (self->workspace),
                                     TERRA_TYPE_INSTRUCTION, instruction_id, NULL);
      if (instruction == NULL)
        return;
    }

  editor = g_new0 (InstructionEditor, 1);
  editor->self = g_object_ref (self);
  editor->instruction_id = instruction_id;
  editor->window = adw_window_new ();
  gtk_window_set_title (GTK_WINDOW (editor->window),
                        instruction_id != 0 ? _("Edit Instruction") : _("New Instruction"));
  gtk_window_set_modal (GTK_WINDOW (editor->window), TRUE);
  gtk_window_set_transient_for (GTK_WINDOW (editor->window), _terra_training_view_get_window (self));
  gtk_window_set_default_size (GTK_WINDOW (editor->window), 480, 460);
  adw_window_set_content (ADW_WINDOW (editor->window), build_editor (editor));
  g_object_set_data_full (G_OBJECT (editor->window), "terra-editor", editor,
                          (GDestroyNotify)instruction_editor_free);

  if (instruction != NULL)
    {
      gtk_drop_down_set_selected (GTK_DROP_DOWN (editor->kind), terra_instruction_get_kind (instruction));
      gtk_editable_set_text (GTK_EDITABLE (editor->condition), terra_instruction_get_condition (instruction));
      gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (editor->body)),
                                terra_instruction_get_body (instruction), -1);
      gtk_switch_set_active (GTK_SWITCH (editor->enabled), terra_instruction_get_enabled (instruction));
    }

  g_signal_connect_swapped (editor->kind, "notify::selected", G_CALLBACK (editor_changed_cb), editor);
  g_signal_connect_swapped (editor->condition, "changed", G_CALLBACK (editor_changed_cb), editor);
  g_signal_connect_swapped (gtk_text_view_get_buffer (GTK_TEXT_VIEW (editor->body)), "changed",
                            G_CALLBACK (editor_changed_cb), editor);
  editor_changed_cb (editor);
  gtk_window_present (GTK_WINDOW (editor->window));
}
