/* terra-conversation-detail-actions.c — what the owner does in a
 * conversation
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every action is one call of the desk API in src/core/terra-desk.h, which
 * holds the rules (a reply takes the conversation over; only a pending
 * draft can be approved). The change events of its commit bring the
 * result back into the list and the detail, like any other change.
 */

#define G_LOG_DOMAIN "terra-conversations"

#include "config.h"

#include <glib/gi18n.h>

#include "terra-booking-dialog.h"
#include "terra-contact-profile.h"
#include "terra-conversation-detail-private.h"
#include "terra-desk-format.h"
#include "terra-desk.h"

static TerraStore *
detail_store (TerraConversationDetail *self)
{
  return terra_workspace_get_store (self->workspace);
}

static gint64
detail_id (TerraConversationDetail *self)
{
  return terra_conversation_get_id (self->conversation);
}

/* Reports what failed, or reloads at once so the owner sees the result
 * without waiting for the batched change events. */
static void
finish (TerraConversationDetail *self,
        gboolean                 ok,
        GError                  *error)
{
  if (!ok)
    _terra_conversation_detail_report (self, error->message);
  _terra_conversation_detail_reload (self);
}

void
_terra_conversation_detail_update_actions (TerraConversationDetail *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean shown = self->conversation != NULL;
  gboolean human = shown && terra_conversation_get_responder (self->conversation) == TERRA_RESPONDER_HUMAN;

  gtk_widget_action_set_enabled (widget, "detail.take-over", shown && !human);
  gtk_widget_action_set_enabled (widget, "detail.hand-back", human);
  gtk_widget_action_set_enabled (widget, "detail.send", shown);
  gtk_widget_action_set_enabled (widget, "detail.schedule-follow-up", shown);
  gtk_widget_action_set_enabled (widget, "detail.show-profile", shown);
  gtk_widget_action_set_enabled (widget, "detail.export", shown);
}

static void
take_over_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  TerraConversationDetail *self = TERRA_CONVERSATION_DETAIL (widget);
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (self->conversation == NULL)
    return;
  ok = terra_store_take_over (detail_store (self), detail_id (self), &error);
  finish (self, ok, error);
  if (ok)
    terra_conversation_detail_focus_composer (self);
}

static void
hand_back_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  TerraConversationDetail *self = TERRA_CONVERSATION_DETAIL (widget);
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (self->conversation == NULL)
    return;
  ok = terra_store_hand_back (detail_store (self), detail_id (self), &error);
  finish (self, ok, error);
}

static void
send_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  TerraConversationDetail *self = TERRA_CONVERSATION_DETAIL (widget);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->composer_view);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  GtkTextIter start, end;
  gint64 message_id = 0;
  gboolean ok;

  if (self->conversation == NULL)
    return;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  g_strstrip (text);
  if (*text == '\0')
    return;

  ok = terra_store_send_owner_message (detail_store (self), detail_id (self), text, &message_id, &error);
  if (ok)
    {
      /* Kept until it is stored, so a failed send loses nothing typed. */
      gtk_text_buffer_set_text (buffer, "", -1);
      self->stick_to_bottom = TRUE;
    }
  finish (self, ok, error);
}

static void
approve_draft_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  TerraConversationDetail *self = TERRA_CONVERSATION_DETAIL (widget);
  g_autoptr(GError) error = NULL;
  gboolean ok;

  ok = terra_store_approve_draft (detail_store (self), g_variant_get_int64 (parameter), NULL, &error);
  finish (self, ok, error);
}

static void
reject_draft_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  TerraConversationDetail *self = TERRA_CONVERSATION_DETAIL (widget);
  g_autoptr(GError) error = NULL;
  gboolean ok;

  ok = terra_store_reject_draft (detail_store (self), g_variant_get_int64 (parameter), &error);
  finish (self, ok, error);
}

static void
edit_response_cb (AdwMessageDialog *dialog,
                  const char       *response,
                  gpointer          user_data)
{
  g_autoptr(TerraConversationDetail) self = user_data;
  GtkTextView *view = g_object_get_data (G_OBJECT (dialog), "text-view");
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  gint64 message_id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "message-id"));
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  GtkTextIter start, end;
  gboolean ok;

  if (g_strcmp0 (response, "approve") != 0 || self->workspace == NULL)
    return;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  g_strstrip (text);
  if (*text == '\0')
    return;

  ok = terra_store_approve_draft (detail_store (self), message_id, text, &error);
  finish (self, ok, error);
}

/* Opens the draft in an editor; sending the edited text approves it. */
static void
edit_draft_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  TerraConversationDetail *self = TERRA_CONVERSATION_DETAIL (widget);
  gint64 message_id = g_variant_get_int64 (parameter);
  g_autoptr(TerraMessage) message = NULL;
  GtkWidget *dialog;
  GtkWidget *scroller;
  GtkWidget *view;

  message = terra_store_get (detail_store (self), TERRA_TYPE_MESSAGE, message_id, NULL);
  if (message == NULL)
    return;

  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)),
                                   _("Edit Draft"),
                                   _("Your wording is sent instead of the assistant’s."));
  view = gtk_text_view_new ();
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)),
                            terra_message_get_body (message), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (view),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Draft text"),
                                  -1);
  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scroller), 120);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), view);
  gtk_widget_add_css_class (scroller, "card");
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), scroller);

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "approve", _("_Approve and Send"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "approve",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "approve");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");

  g_object_set_data (G_OBJECT (dialog), "text-view", view);
  g_object_set_data (G_OBJECT (dialog), "message-id", GSIZE_TO_POINTER ((gsize)message_id));
  g_signal_connect (dialog, "response", G_CALLBACK (edit_response_cb), g_object_ref (self));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The booking dialog of the Calendar, on today. It chooses the contact
 * itself: it has no way to be handed one. */
static void
schedule_follow_up_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  TerraConversationDetail *self = TERRA_CONVERSATION_DETAIL (widget);
  GtkWidget *dialog;

  if (self->conversation == NULL)
    return;
  dialog = terra_booking_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), self->workspace, NULL, 0, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
show_profile_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  TerraConversationDetail *self = TERRA_CONVERSATION_DETAIL (widget);
  GtkWidget *profile;

  if (self->contact == NULL)
    return;
  profile = terra_contact_profile_new (GTK_WINDOW (gtk_widget_get_root (widget)), self->workspace,
                                       terra_contact_get_id (self->contact));
  gtk_window_present (GTK_WINDOW (profile));
}

static const char *
author_word (TerraAuthor author)
{
  switch (author)
    {
    case TERRA_AUTHOR_LEAD: return _("Lead");
    case TERRA_AUTHOR_ASSISTANT: return _("Assistant");
    case TERRA_AUTHOR_HUMAN: return _("You");
    default: return _("System");
    }
}

/* The conversation as plain text, one line per message or event. */
static char *
conversation_text (TerraConversationDetail *self)
{
  GString *text = g_string_new (NULL);
  guint n = self->all_items != NULL ? self->all_items->len : 0;

  g_string_append_printf (text, "%s — %s\n\n", terra_contact_get_name (self->contact),
                          terra_desk_channel_name (terra_conversation_get_channel (self->conversation)));
  for (guint i = 0; i < n; i++)
    {
      GObject *item = g_ptr_array_index (self->all_items, i);
      g_autofree char *when = NULL;

      if (TERRA_IS_MESSAGE (item))
        {
          TerraMessage *message = TERRA_MESSAGE (item);

          if (terra_message_get_draft (message) == TERRA_DRAFT_REJECTED)
            continue;
          when = terra_desk_format_time (terra_message_get_created_at (message));
          g_string_append_printf (text, "[%s] %s: %s\n", when, author_word (terra_message_get_author (message)),
                                  terra_message_get_body (message));
        }
      else
        {
          TerraEventRecord *event = TERRA_EVENT_RECORD (item);
          g_autofree char *line = terra_desk_describe_event (terra_event_record_get_kind (event),
                                                             terra_event_record_get_payload (event));

          when = terra_desk_format_time (terra_event_record_get_created_at (event));
          g_string_append_printf (text, "[%s] — %s —\n", when, line);
        }
    }

  return g_string_free (text, FALSE);
}

static void
export_response_cb (GtkNativeDialog *chooser,
                    int              response,
                    gpointer         user_data)
{
  g_autoptr(TerraConversationDetail) self = user_data;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  if (response == GTK_RESPONSE_ACCEPT && self->conversation != NULL)
    {
      file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      text = conversation_text (self);
      if (!g_file_replace_contents (file, text, strlen (text), NULL, FALSE,
                                    G_FILE_CREATE_REPLACE_DESTINATION, NULL, NULL, &error))
        _terra_conversation_detail_report (self, error->message);
      else
        _terra_conversation_detail_report (self, _("Conversation exported"));
    }

  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  TerraConversationDetail *self = TERRA_CONVERSATION_DETAIL (widget);
  GtkFileChooserNative *chooser;
  g_autofree char *name = NULL;

  if (self->conversation == NULL)
    return;

  chooser = gtk_file_chooser_native_new (_("Export Conversation"),
                                         GTK_WINDOW (gtk_widget_get_root (widget)),
                                         GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Export"), _("_Cancel"));
  name = g_strdup_printf ("%s.txt", terra_contact_get_name (self->contact));
  g_strdelimit (name, "/\\", '-');
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (export_response_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* Shows EARLIER_STEP more of the conversation's earlier messages. */
static void
show_earlier_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  TerraConversationDetail *self = TERRA_CONVERSATION_DETAIL (widget);

  if (self->all_items == NULL || self->shown_from == 0)
    return;
  self->shown_from = self->shown_from > EARLIER_STEP ? self->shown_from - EARLIER_STEP : 0;
  self->stick_to_bottom = FALSE;
  _terra_conversation_detail_show_items (self);
}

void
_terra_conversation_detail_class_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "detail.show-earlier", NULL, show_earlier_action);
  gtk_widget_class_install_action (widget_class, "detail.take-over", NULL, take_over_action);
  gtk_widget_class_install_action (widget_class, "detail.hand-back", NULL, hand_back_action);
  gtk_widget_class_install_action (widget_class, "detail.send", NULL, send_action);
  gtk_widget_class_install_action (widget_class, "detail.approve-draft", "x", approve_draft_action);
  gtk_widget_class_install_action (widget_class, "detail.edit-draft", "x", edit_draft_action);
  gtk_widget_class_install_action (widget_class, "detail.reject-draft", "x", reject_draft_action);
  gtk_widget_class_install_action (widget_class, "detail.schedule-follow-up", NULL, schedule_follow_up_action);
  gtk_widget_class_install_action (widget_class, "detail.show-profile", NULL, show_profile_action);
  gtk_widget_class_install_action (widget_class, "detail.export", NULL, export_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_t, GDK_CONTROL_MASK, "detail.take-over", NULL);
}
