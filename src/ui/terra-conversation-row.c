/* terra-conversation-row.c — one conversation in the list
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Rows are recycled by the list view as it scrolls, so binding one only
 * sets labels from the conversation object the paged model already read:
 * no query, no allocation beyond a few strings. The accessible name says
 * everything a sighted user reads in the row, in one sentence.
 */

#define G_LOG_DOMAIN "terra-conversations"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "terra-conversation-row.h"
#include "terra-desk-format.h"
#include "terra-score-ring.h"

struct _TerraConversationRow
{
  GtkButton       parent_instance;

  /* Template widgets */
  GtkWidget      *content;
  AdwAvatar      *avatar;
  GtkLabel       *name_label;
  GtkImage       *channel_image;
  GtkLabel       *status_label;
  GtkLabel       *time_label;
  GtkLabel       *preview_label;
  GtkLabel       *sentiment_label;
  GtkLabel       *unread_label;
  TerraScoreRing *score_ring;

  gint64          conversation_id;
  TerraConversation *conversation;
};

G_DEFINE_FINAL_TYPE (TerraConversationRow, terra_conversation_row, GTK_TYPE_BUTTON)

static void
terra_conversation_row_dispose (GObject *object)
{
  TerraConversationRow *self = (TerraConversationRow *)object;

  g_clear_object (&self->conversation);

  G_OBJECT_CLASS (terra_conversation_row_parent_class)->dispose (object);
}

static void
terra_conversation_row_class_init (TerraConversationRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = terra_conversation_row_dispose;

  g_type_ensure (TERRA_TYPE_SCORE_RING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/terrasales/Terra/ui/terra-conversation-row.ui");
  gtk_widget_class_bind_template_child (widget_class, TerraConversationRow, content);
  gtk_widget_class_bind_template_child (widget_class, TerraConversationRow, avatar);
  gtk_widget_class_bind_template_child (widget_class, TerraConversationRow, name_label);
  gtk_widget_class_bind_template_child (widget_class, TerraConversationRow, channel_image);
  gtk_widget_class_bind_template_child (widget_class, TerraConversationRow, status_label);
  gtk_widget_class_bind_template_child (widget_class, TerraConversationRow, time_label);
  gtk_widget_class_bind_template_child (widget_class, TerraConversationRow, preview_label);
  gtk_widget_class_bind_template_child (widget_class, TerraConversationRow, sentiment_label);
  gtk_widget_class_bind_template_child (widget_class, TerraConversationRow, unread_label);
  gtk_widget_class_bind_template_child (widget_class, TerraConversationRow, score_ring);
}

static void
terra_conversation_row_init (TerraConversationRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* The row's accessible name says all it shows, in one sentence; its
   * pieces would only be read a second time, one by one. */
  gtk_accessible_update_state (GTK_ACCESSIBLE (self->content),
                               GTK_ACCESSIBLE_STATE_HIDDEN, TRUE,
                               -1);
}

GtkWidget *
terra_conversation_row_new (void)
{
  return g_object_new (TERRA_TYPE_CONVERSATION_ROW, NULL);
}

static void
set_status_class (TerraConversationRow    *self,
                  TerraConversationStatus  status)
{
  static const char * const classes[] = { "active", "waiting", "handed-off", "closed" };

  for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), classes[i]);
  if ((guint)status < G_N_ELEMENTS (classes))
    gtk_widget_add_css_class (GTK_WIDGET (self->status_label), classes[status]);
}

/* Shows @conversation; @now is the time "5 min" counts from. */
void
terra_conversation_row_set_conversation (TerraConversationRow *self,
                                         TerraConversation    *conversation,
                                         gint64                now)
{
  const char *name;
  const char *channel;
  const char *status;
  const char *preview;
  int unread;
  g_autofree char *since = NULL;
  g_autofree char *unread_text = NULL;
  g_autofree char *accessible = NULL;

  g_return_if_fail (TERRA_IS_CONVERSATION_ROW (self));
  g_return_if_fail (conversation == NULL || TERRA_IS_CONVERSATION (conversation));

  if (conversation != self->conversation)
    g_set_object (&self->conversation, conversation);

  if (conversation == NULL)
    {
      self->conversation_id = 0;
      gtk_label_set_label (self->name_label, "");
      gtk_label_set_label (self->preview_label, "");
      return;
    }

  self->conversation_id = terra_conversation_get_id (conversation);
  name = terra_conversation_get_contact_name (conversation);
  if (name == NULL || *name == '\0')
    name = _("Unnamed lead");
  channel = terra_desk_channel_name (terra_conversation_get_channel (conversation));
  status = terra_desk_status_name (terra_conversation_get_status (conversation));
  preview = terra_conversation_get_last_message_preview (conversation);
  unread = terra_conversation_get_unread_count (conversation);
  since = terra_desk_format_since (terra_conversation_get_last_activity_at (conversation), now);

  adw_avatar_set_text (self->avatar, name);
  gtk_label_set_label (self->name_label, name);
  gtk_image_set_from_icon_name (self->channel_image,
                                terra_desk_channel_icon (terra_conversation_get_channel (conversation)));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->channel_image), channel);
  gtk_label_set_label (self->status_label, status);
  set_status_class (self, terra_conversation_get_status (conversation));
  gtk_label_set_label (self->time_label, since);
  gtk_label_set_label (self->preview_label, preview);
  gtk_label_set_label (self->sentiment_label,
                       terra_desk_sentiment_emoji (terra_conversation_get_sentiment (conversation)));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->sentiment_label),
                               terra_desk_sentiment_name (terra_conversation_get_sentiment (conversation)));
  unread_text = g_strdup_printf ("%d", unread);
  gtk_label_set_label (self->unread_label, unread_text);
  gtk_widget_set_visible (GTK_WIDGET (self->unread_label), unread > 0);
  terra_score_ring_set_score (self->score_ring, terra_conversation_get_contact_score (conversation));

  /* TRANSLATORS: a conversation in the list, read by screen readers:
   * name, channel, status, score, unread messages, time, last message */
  accessible = g_strdup_printf (_("%s, %s, %s, score %d, %d unread, %s: %s"),
                                name, channel, status,
                                terra_conversation_get_contact_score (conversation),
                                unread, since, preview);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);
}

gint64
terra_conversation_row_get_conversation_id (TerraConversationRow *self)
{
  g_return_val_if_fail (TERRA_IS_CONVERSATION_ROW (self), 0);
  return self->conversation_id;
}

/* Says again how long ago the conversation was active, as of @now. */
void
terra_conversation_row_update_time (TerraConversationRow *self,
                                    gint64                now)
{
  g_return_if_fail (TERRA_IS_CONVERSATION_ROW (self));

  if (self->conversation != NULL)
    {
      g_autoptr(TerraConversation) conversation = g_object_ref (self->conversation);

      terra_conversation_row_set_conversation (self, conversation, now);
    }
}
