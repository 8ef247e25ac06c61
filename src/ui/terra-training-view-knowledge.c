/* terra-training-view-knowledge.c — the knowledge base by category:
 * publish, edit, delete with undo
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One expandable row per category, one row per item inside it, with a
 * Published switch and buttons to edit (the editor also holds the version
 * history) and delete. Deleting is immediate, so the assistant stops
 * using the item at once; the toast's Undo adds it back with the same
 * category, title, text and published state.
 */

#define G_LOG_DOMAIN "terra-training"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "terra-training-view-private.h"

/* A category shows at most this many rows (a list box of thousands would
 * be slow to build); the search finds the others. */
#define MAX_ROWS_PER_CATEGORY 200

/* The first line of @body, shortened, for a row's subtitle. */
static char *
body_excerpt (const char *body)
{
  g_autofree char *line = NULL;
  const char *newline = strchr (body, '\n');

  line = newline != NULL ? g_strndup (body, newline - body) : g_strdup (body);
  g_strstrip (line);
  if (g_utf8_strlen (line, -1) > 90)
    {
      char *cut = g_utf8_offset_to_pointer (line, 89);
      g_autofree char *shortened = g_strndup (line, cut - line);
      return g_strconcat (shortened, "…", NULL);
    }
  return g_steal_pointer (&line);
}

static void
published_changed_cb (GtkSwitch         *toggle,
                      GParamSpec        *pspec,
                      TerraTrainingView *self)
{
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (toggle), "terra-item-id"));
  gboolean published = gtk_switch_get_active (toggle);
  TerraStore *store = terra_workspace_get_store (self->workspace);
  g_autoptr(TerraKnowledgeItem) item = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  item = terra_store_get (store, TERRA_TYPE_KNOWLEDGE_ITEM, id, &error);
  if (item == NULL || terra_knowledge_item_get_published (item) == published)
    return;

  terra_knowledge_item_set_published (item, published);
  if (!terra_store_update (store, item, &error))
    {
      _terra_training_view_toast (self, error->message);
      return;
    }

  if (published)
    message = g_strdup_printf (_("“%s” is published: Terra uses it with leads"),
                               terra_knowledge_item_get_title (item));
  else
    message = g_strdup_printf (_("“%s” is a draft: Terra no longer uses it"),
                               terra_knowledge_item_get_title (item));
  _terra_training_view_toast (self, message);
}

static GtkWidget *
make_icon_button (const char *icon_name,
                  const char *tooltip,
                  const char *action_name,
                  GVariant   *target)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon_name);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
  gtk_widget_add_css_class (button, "flat");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action_name);
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), target);
  return button;
}

static GtkWidget *
make_item_row (TerraTrainingView  *self,
               TerraKnowledgeItem *item)
{
  const char *title = terra_knowledge_item_get_title (item);
  gint64 id = terra_knowledge_item_get_id (item);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *toggle = gtk_switch_new ();
  GtkWidget *edit;
  g_autofree char *excerpt = body_excerpt (terra_knowledge_item_get_body (item));
  g_autofree char *subtitle = NULL;
  g_autofree char *label = NULL;

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (terra_knowledge_item_get_version (item) > 1)
    /* Translators: a knowledge row's subtitle: its first line, then its version */
    subtitle = g_strdup_printf (_("%s · version %d"), excerpt, terra_knowledge_item_get_version (item));
  else
    subtitle = g_strdup (excerpt);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 1);

  gtk_switch_set_active (GTK_SWITCH (toggle), terra_knowledge_item_get_published (item));
  gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (toggle, _("Published: only published knowledge reaches leads"));
  label = g_strdup_printf (_("Publish “%s”"), title);
  gtk_accessible_update_property (GTK_ACCESSIBLE (toggle), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  g_object_set_data (G_OBJECT (toggle), "terra-item-id", GSIZE_TO_POINTER (id));
  g_signal_connect_object (toggle, "notify::active", G_CALLBACK (published_changed_cb), self, 0);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), toggle);

  g_free (label);
  label = g_strdup_printf (_("Edit “%s”"), title);
  edit = make_icon_button ("document-edit-symbolic", label, "training.edit-knowledge", g_variant_new_int64 (id));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), edit);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), edit);

  g_free (label);
  label = g_strdup_printf (_("Delete “%s”"), title);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             make_icon_button ("user-trash-symbolic", label, "training.delete-knowledge",
                                               g_variant_new_int64 (id)));
  return row;
}

static void
expanded_changed_cb (AdwExpanderRow    *row,
                     GParamSpec        *pspec,
                     TerraTrainingView *self)
{
  gpointer category = g_object_get_data (G_OBJECT (row), "terra-category");

  g_hash_table_insert (self->expanded, category,
                       GINT_TO_POINTER (adw_expander_row_get_expanded (row) ? 1 : 2));
}

/* Whether @item's title or text holds @needle (casefolded), or there is
 * no needle. */
static gboolean
item_matches (TerraKnowledgeItem *item,
              const char         *needle)
{
  g_autofree char *title = NULL;
  g_autofree char *body = NULL;

  if (needle == NULL)
    return TRUE;
  title = g_utf8_casefold (terra_knowledge_item_get_title (item), -1);
  if (strstr (title, needle) != NULL)
    return TRUE;
  body = g_utf8_casefold (terra_knowledge_item_get_body (item), -1);
  return strstr (body, needle) != NULL;
}

static GtkWidget *
make_note_row (const char *text)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), text);
  gtk_widget_add_css_class (row, "dim-label");
  return row;
}

static GtkWidget *
make_category_row (TerraTrainingView      *self,
                   TerraKnowledgeCategory  category,
                   GPtrArray              *items,
                   const char             *needle)
{
  const char *nick = terra_enum_to_nick (TERRA_TYPE_KNOWLEDGE_CATEGORY, category);
  GtkWidget *expander = adw_expander_row_new ();
  g_autofree char *add_label = g_strdup_printf (_("Add to %s"), _terra_training_category_title (category));
  g_autofree char *subtitle = NULL;
  guint n_items = 0;
  guint n_published = 0;
  guint n_matching = 0;
  int state;

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (expander), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander), _terra_training_category_title (category));
  adw_expander_row_add_action (ADW_EXPANDER_ROW (expander),
                               make_icon_button ("list-add-symbolic", add_label, "training.add-knowledge",
                                                 g_variant_new_string (nick)));

  for (guint i = 0; i < items->len; i++)
    {
      TerraKnowledgeItem *item = g_ptr_array_index (items, i);

      if (terra_knowledge_item_get_category (item) != category)
        continue;
      n_items++;
      if (terra_knowledge_item_get_published (item))
        n_published++;
      if (!item_matches (item, needle))
        continue;
      if (++n_matching <= MAX_ROWS_PER_CATEGORY)
        adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), make_item_row (self, item));
    }

  if (n_matching > MAX_ROWS_PER_CATEGORY)
    {
      g_autofree char *note = g_strdup_printf (_("Showing %d of %u items: search to find the others"),
                                               MAX_ROWS_PER_CATEGORY, n_matching);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), make_note_row (note));
    }

  if (n_items == 0)
    subtitle = g_strdup (_("Nothing here yet"));
  else if (needle != NULL)
    /* Translators: "2 of 12 items match" */
    subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u item matches", "%u of %u items match", n_items),
                                n_matching, n_items);
  else
    /* Translators: "4 items, 3 published" */
    subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u item, %u published", "%u items, %u published", n_items),
                                n_items, n_published);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (expander), subtitle);

  /* 0: never touched (open when it has items), 1: opened, 2: closed; a
   * search opens every category with a match. */
  state = GPOINTER_TO_INT (g_hash_table_lookup (self->expanded, GINT_TO_POINTER (category)));
  if (needle != NULL)
    adw_expander_row_set_expanded (ADW_EXPANDER_ROW (expander), n_matching > 0);
  else
    adw_expander_row_set_expanded (ADW_EXPANDER_ROW (expander), state == 1 || (state == 0 && n_items > 0));
  g_object_set_data (G_OBJECT (expander), "terra-category", GINT_TO_POINTER (category));
  g_signal_connect_object (expander, "notify::expanded", G_CALLBACK (expanded_changed_cb), self, 0);

  return expander;
}

/* Rebuilds the category rows from the workspace. */
void
_terra_training_view_refresh_knowledge (TerraTrainingView *self)
{
  g_autoptr(TerraQuery) query = terra_query_new (TERRA_TYPE_KNOWLEDGE_ITEM);
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *search = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->knowledge_search))));
  g_autofree char *needle = search[0] != '\0' ? g_utf8_casefold (search, -1) : NULL;

  _terra_training_view_clear_rows (self->knowledge_group, self->knowledge_rows);

  terra_query_order_by (query, "title", FALSE);
  terra_query_set_range (query, 0, G_MAXINT);
  items = terra_store_list (terra_workspace_get_store (self->workspace), query, &error);
  if (items == NULL)
    {
      g_warning ("Could not read the knowledge base: %s", error->message);
      return;
    }

  for (guint i = 0; i < G_N_ELEMENTS (_terra_training_categories); i++)
    {
      GtkWidget *row = make_category_row (self, _terra_training_categories[i], items, needle);

      adw_preferences_group_add (self->knowledge_group, row);
      g_ptr_array_add (self->knowledge_rows, row);
    }
}

/* Delete with undo */

typedef struct
{
  TerraTrainingView  *self;
  TerraKnowledgeItem *item;   /* a detached copy of what was deleted */
} DeletedItem;

static void
deleted_item_free (gpointer  data,
                   GClosure *closure)
{
  DeletedItem *deleted = data;

  g_object_unref (deleted->self);
  g_object_unref (deleted->item);
  g_free (deleted);
}

static void
undo_delete_cb (AdwToast    *toast,
                DeletedItem *deleted)
{
  g_autoptr(TerraKnowledgeItem) item = terra_knowledge_item_new ();
  g_autoptr(GError) error = NULL;

  if (deleted->self->workspace == NULL)
    return;

  terra_knowledge_item_set_category (item, terra_knowledge_item_get_category (deleted->item));
  terra_knowledge_item_set_title (item, terra_knowledge_item_get_title (deleted->item));
  terra_knowledge_item_set_body (item, terra_knowledge_item_get_body (deleted->item));
  terra_knowledge_item_set_published (item, terra_knowledge_item_get_published (deleted->item));
  if (!terra_store_insert (terra_workspace_get_store (deleted->self->workspace), item, &error))
    _terra_training_view_toast (deleted->self, error->message);
}

/* Deletes the item at once and offers to bring it back. */
void
_terra_training_view_delete_knowledge (TerraTrainingView *self,
                                       gint64             item_id)
{
  TerraStore *store;
  g_autoptr(TerraKnowledgeItem) item = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  DeletedItem *deleted;
  AdwToast *toast;

  if (self->workspace == NULL)
    return;

  store = terra_workspace_get_store (self->workspace);
  item = terra_store_get (store, TERRA_TYPE_KNOWLEDGE_ITEM, item_id, &error);
  if (item == NULL || !terra_store_delete (store, TERRA_TYPE_KNOWLEDGE_ITEM, item_id, &error))
    {
      _terra_training_view_toast (self, error->message);
      return;
    }

  deleted = g_new0 (DeletedItem, 1);
  deleted->self = g_object_ref (self);
  deleted->item = g_steal_pointer (&item);

  title = g_strdup_printf (_("“%s” deleted"), terra_knowledge_item_get_title (deleted->item));
  {
    g_autofree char *escaped = g_markup_escape_text (title, -1);
    toast = adw_toast_new (escaped);
  }
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  g_signal_connect_data (toast, "button-clicked", G_CALLBACK (undo_delete_cb), deleted,
                         deleted_item_free, 0);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}
