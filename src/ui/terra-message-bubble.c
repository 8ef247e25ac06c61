/* terra-message-bubble.c — one message or event of a conversation
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The lead speaks on the left; the assistant and the owner on the right,
 * in two colours, so the owner sees at a glance who said what. A draft
 * waiting for approval is marked and carries its buttons, which name the
 * detail's actions with the message id as target. The widget is recycled
 * by the list view: setting an item resets everything it shows.
 */

#define G_LOG_DOMAIN "terra-conversations"

#include "config.h"

#include <glib/gi18n.h>

#include "terra-desk-format.h"
#include "terra-event-record.h"
#include "terra-message-bubble.h"
#include "terra-message.h"

struct _TerraMessageBubble
{
  GtkWidget  parent_instance;

  /* Template widgets */
  GtkWidget *bubble;
  GtkLabel  *author_label;
  GtkLabel  *body_label;
  GtkLabel  *meta_label;
  GtkWidget *draft_box;
  GtkWidget *approve_button;
  GtkWidget *edit_button;
  GtkWidget *reject_button;
  GtkLabel  *event_label;
};

G_DEFINE_FINAL_TYPE (TerraMessageBubble, terra_message_bubble, GTK_TYPE_WIDGET)

static void
terra_message_bubble_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), TERRA_TYPE_MESSAGE_BUBBLE);

  G_OBJECT_CLASS (terra_message_bubble_parent_class)->dispose (object);
}

static void
terra_message_bubble_class_init (TerraMessageBubbleClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = terra_message_bubble_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "messagebubble");
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/terrasales/Terra/ui/terra-message-bubble.ui");
  gtk_widget_class_bind_template_child (widget_class, TerraMessageBubble, bubble);
  gtk_widget_class_bind_template_child (widget_class, TerraMessageBubble, author_label);
  gtk_widget_class_bind_template_child (widget_class, TerraMessageBubble, body_label);
  gtk_widget_class_bind_template_child (widget_class, TerraMessageBubble, meta_label);
  gtk_widget_class_bind_template_child (widget_class, TerraMessageBubble, draft_box);
  gtk_widget_class_bind_template_child (widget_class, TerraMessageBubble, approve_button);
  gtk_widget_class_bind_template_child (widget_class, TerraMessageBubble, edit_button);
  gtk_widget_class_bind_template_child (widget_class, TerraMessageBubble, reject_button);
  gtk_widget_class_bind_template_child (widget_class, TerraMessageBubble, event_label);
}

static void
terra_message_bubble_init (TerraMessageBubble *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* Set here rather than in the template: GTK 4.8 joins a template's
   * accessible label to the button's own text. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->approve_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Approve draft"), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->edit_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Edit draft"), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->reject_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Reject draft"), -1);
}

GtkWidget *
terra_message_bubble_new (void)
{
  return g_object_new (TERRA_TYPE_MESSAGE_BUBBLE, NULL);
}

static const char *
author_name (TerraAuthor author)
{
  switch (author)
    {
    case TERRA_AUTHOR_LEAD: return _("Lead");
    case TERRA_AUTHOR_ASSISTANT: return _("Assistant");
    case TERRA_AUTHOR_HUMAN: return _("You");
    default: return _("System");
    }
}

/* GTK 4.8 keeps a hidden widget in the accessibility tree; a recycled
 * bubble must not offer the buttons of the draft it showed before. */
static void
set_shown (GtkWidget *widget,
           gboolean   shown)
{
  gtk_widget_set_visible (widget, shown);
  gtk_accessible_update_state (GTK_ACCESSIBLE (widget),
                               GTK_ACCESSIBLE_STATE_HIDDEN, !shown,
                               -1);
}

static void
show_event (TerraMessageBubble *self,
            TerraEventRecord   *event)
{
  g_autofree char *text = terra_desk_describe_event (terra_event_record_get_kind (event),
                                                     terra_event_record_get_payload (event));
  g_autofree char *when = terra_desk_format_time (terra_event_record_get_created_at (event));
  g_autofree char *line = g_strdup_printf ("%s · %s", text ? text : terra_event_record_get_kind (event), when);

  set_shown (self->bubble, FALSE);
  set_shown (GTK_WIDGET (self->event_label), TRUE);
  gtk_label_set_label (self->event_label, line);
}

static void
show_message (TerraMessageBubble *self,
              TerraMessage       *message)
{
  static const char * const author_classes[] = { "lead", "assistant", "human", "system" };
  TerraAuthor author = terra_message_get_author (message);
  TerraDraft draft = terra_message_get_draft (message);
  TerraDelivery delivery = terra_message_get_delivery (message);
  g_autofree char *when = terra_desk_format_time (terra_message_get_created_at (message));
  g_autoptr(GString) meta = g_string_new (when);
  g_autoptr(GString) accessible = g_string_new (NULL);
  GVariant *target;

  set_shown (self->bubble, TRUE);
  set_shown (GTK_WIDGET (self->event_label), FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (author_classes); i++)
    gtk_widget_remove_css_class (self->bubble, author_classes[i]);
  gtk_widget_remove_css_class (self->bubble, "draft");
  gtk_widget_remove_css_class (self->bubble, "rejected");
  if ((guint)author < G_N_ELEMENTS (author_classes))
    gtk_widget_add_css_class (self->bubble, author_classes[author]);

  gtk_widget_set_halign (self->bubble, author == TERRA_AUTHOR_LEAD ? GTK_ALIGN_START : GTK_ALIGN_END);
  gtk_widget_set_hexpand (self->bubble, TRUE);
  gtk_label_set_label (self->author_label, author_name (author));
  gtk_label_set_label (self->body_label, terra_message_get_body (message));

  if (terra_message_get_direction (message) == TERRA_DIRECTION_OUTBOUND && delivery != TERRA_DELIVERY_NONE)
    g_string_append_printf (meta, "  %s", terra_desk_delivery_ticks (delivery));

  switch (draft)
    {
    case TERRA_DRAFT_PENDING:
      gtk_widget_add_css_class (self->bubble, "draft");
      g_string_append_printf (meta, "  · %s", _("Draft — waiting for your approval"));
      break;
    case TERRA_DRAFT_REJECTED:
      gtk_widget_add_css_class (self->bubble, "rejected");
      g_string_append_printf (meta, "  · %s", _("Rejected draft, not sent"));
      break;
    case TERRA_DRAFT_APPROVED:
      g_string_append_printf (meta, "  · %s", _("Approved"));
      break;
    default:
      break;
    }
  gtk_label_set_label (self->meta_label, meta->str);

  set_shown (self->draft_box, draft == TERRA_DRAFT_PENDING);
  target = g_variant_new_int64 (terra_message_get_id (message));
  g_variant_ref_sink (target);
  /* The target before the name: a name without its int64 target would
   * not match the detail's action. */
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self->approve_button), target);
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self->edit_button), target);
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self->reject_button), target);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->approve_button), "detail.approve-draft");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->edit_button), "detail.edit-draft");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->reject_button), "detail.reject-draft");
  g_variant_unref (target);

  g_string_append_printf (accessible, "%s: %s. %s", author_name (author),
                          terra_message_get_body (message), meta->str);
  if (delivery != TERRA_DELIVERY_NONE && terra_message_get_direction (message) == TERRA_DIRECTION_OUTBOUND)
    g_string_append_printf (accessible, " %s", terra_desk_delivery_name (delivery));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->bubble),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible->str,
                                  -1);
}

void
terra_message_bubble_set_item (TerraMessageBubble *self,
                               GObject            *item)
{
  g_return_if_fail (TERRA_IS_MESSAGE_BUBBLE (self));

  if (TERRA_IS_MESSAGE (item))
    show_message (self, TERRA_MESSAGE (item));
  else if (TERRA_IS_EVENT_RECORD (item))
    show_event (self, TERRA_EVENT_RECORD (item));
}
