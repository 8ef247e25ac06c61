/* terra-test-chat.c — talk to the assistant as a lead, see what each reply
 * was made from, and grade it
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The engine runs in the runtime, off the main thread; this widget only
 * sends the text and shows the TerraSimulation that comes back. A grade is
 * one small insert of a TerraFeedback row on the main connection: the
 * owner clicked, and the row must exist when the click is answered.
 */

#define G_LOG_DOMAIN "terra-test-chat"

#include "config.h"

#include <glib/gi18n.h>

#include "terra-application.h"
#include "terra-enums.h"
#include "terra-reply-source.h"
#include "terra-test-chat.h"

struct _TerraTestChat
{
  GtkWidget        parent_instance;

  /* Template widgets */
  GtkStack        *stack;
  GtkScrolledWindow *scroller;
  GtkBox          *message_box;
  GtkEntry        *message_entry;
  GtkSpinner      *spinner;
  GtkButton       *send_button;

  /* Owned */
  TerraWorkspace  *workspace;
  GCancellable    *cancellable;

  /* The conversation the engine answered in; 0 until the first reply. */
  gint64           conversation_id;
  gboolean         busy;
};

G_DEFINE_FINAL_TYPE (TerraTestChat, terra_test_chat, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_WORKSPACE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* What a reply's grade buttons need; lives as long as the reply's box. */
typedef struct
{
  TerraTestChat *chat;        /* borrowed: the box is inside the chat */
  gint64         reply_id;
  gint64         conversation_id;
  gint64         first_item_id; /* the first knowledge item used, or 0 */
  GtkWidget     *grade_box;
  GtkWidget     *correction_box;
  GtkWidget     *correction_entry;
  GtkWidget     *grade_label;
} ReplyGrade;

static void
reply_grade_free (ReplyGrade *grade)
{
  g_free (grade);
}

static void
update_composer (TerraTestChat *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->message_entry));
  g_autofree char *stripped = g_strstrip (g_strdup (text));

  gtk_widget_set_sensitive (GTK_WIDGET (self->send_button),
                            !self->busy && stripped[0] != '\0' && self->workspace != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), self->busy);
  gtk_spinner_set_spinning (self->spinner, self->busy);
}

static gboolean
scroll_to_end_cb (gpointer data)
{
  TerraTestChat *self = data;
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->scroller);

  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
  return G_SOURCE_REMOVE;
}

/* After the new bubble has been measured. */
static void
scroll_to_end (TerraTestChat *self)
{
  g_idle_add_full (G_PRIORITY_LOW, scroll_to_end_cb, g_object_ref (self), g_object_unref);
}

static GtkWidget *
make_label (const char *text,
            const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

static void
append_bubble (TerraTestChat *self,
               GtkWidget     *bubble)
{
  gtk_box_append (self->message_box, bubble);
  gtk_stack_set_visible_child_name (self->stack, "messages");
  scroll_to_end (self);
}

static void
add_lead_message (TerraTestChat *self,
                  const char    *text)
{
  GtkWidget *bubble = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  GtkWidget *who = make_label (_("You, as a lead"), "caption-heading");

  gtk_widget_add_css_class (bubble, "test-chat-bubble");
  gtk_widget_add_css_class (bubble, "lead");
  gtk_widget_set_halign (bubble, GTK_ALIGN_END);
  gtk_label_set_selectable (GTK_LABEL (who), FALSE);
  gtk_box_append (GTK_BOX (bubble), who);
  gtk_box_append (GTK_BOX (bubble), make_label (text, NULL));
  append_bubble (self, bubble);
}

static void
add_notice (TerraTestChat *self,
            const char    *text)
{
  GtkWidget *label = make_label (text, "test-chat-notice");

  gtk_label_set_xalign (GTK_LABEL (label), 0.5);
  gtk_widget_add_css_class (label, "dim-label");
  append_bubble (self, label);
}

/* The category nick of the first knowledge item a reply used, "" when it
 * used none or the item is gone: what the grade counts towards. */
static char *
grade_category (TerraTestChat *self,
                gint64         item_id)
{
  g_autoptr(TerraKnowledgeItem) item = NULL;

  if (item_id == 0)
    return g_strdup ("");
  item = terra_store_get (terra_workspace_get_store (self->workspace),
                          TERRA_TYPE_KNOWLEDGE_ITEM, item_id, NULL);
  if (item == NULL)
    return g_strdup ("");
  return g_strdup (terra_enum_to_nick (TERRA_TYPE_KNOWLEDGE_CATEGORY,
                                       terra_knowledge_item_get_category (item)));
}

static void
save_grade (ReplyGrade *grade,
            TerraGrade  value,
            const char *correction)
{
  TerraTestChat *self = grade->chat;
  g_autoptr(TerraFeedback) feedback = terra_feedback_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *category = NULL;
  g_autofree char *stripped = g_strstrip (g_strdup (correction != NULL ? correction : ""));

  if (self->workspace == NULL)
    return;

  category = grade_category (self, grade->first_item_id);
  terra_feedback_set_message_id (feedback, grade->reply_id);
  terra_feedback_set_conversation_id (feedback, grade->conversation_id);
  terra_feedback_set_grade (feedback, value);
  terra_feedback_set_correction (feedback, stripped);
  terra_feedback_set_category (feedback, category);

  if (!terra_store_insert (terra_workspace_get_store (self->workspace), feedback, &error))
    {
      gtk_label_set_text (GTK_LABEL (grade->grade_label), error->message);
      gtk_widget_set_visible (grade->grade_label, TRUE);
      return;
    }

  gtk_widget_set_visible (grade->grade_box, FALSE);
  gtk_widget_set_visible (grade->correction_box, FALSE);
  if (value == TERRA_GRADE_GOOD)
    gtk_label_set_text (GTK_LABEL (grade->grade_label), _("Graded good"));
  else if (stripped[0] != '\0')
    gtk_label_set_text (GTK_LABEL (grade->grade_label), _("Graded bad, with a correction"));
  else
    gtk_label_set_text (GTK_LABEL (grade->grade_label), _("Graded bad"));
  gtk_widget_set_visible (grade->grade_label, TRUE);
}

static void
good_clicked_cb (GtkButton  *button,
                 ReplyGrade *grade)
{
  save_grade (grade, TERRA_GRADE_GOOD, NULL);
}

static void
bad_clicked_cb (GtkButton  *button,
                ReplyGrade *grade)
{
  gtk_widget_set_visible (grade->grade_box, FALSE);
  gtk_widget_set_visible (grade->correction_box, TRUE);
  gtk_widget_grab_focus (grade->correction_entry);
}

static void
save_bad_cb (GtkWidget  *widget,
             ReplyGrade *grade)
{
  save_grade (grade, TERRA_GRADE_BAD,
              gtk_editable_get_text (GTK_EDITABLE (grade->correction_entry)));
}

static GtkWidget *
make_button (const char *label,
             const char *tooltip)
{
  GtkWidget *button = gtk_button_new_with_label (label);

  gtk_widget_set_tooltip_text (button, tooltip);
  return button;
}

/* "Made from" lines: each knowledge passage and instruction a reply used. */
static GtkWidget *
make_sources (GPtrArray *sources,
              gint64    *first_item_id)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  guint n_knowledge = 0;
  guint n_instructions = 0;

  gtk_widget_add_css_class (box, "test-chat-sources");
  *first_item_id = 0;

  for (guint i = 0; sources != NULL && i < sources->len; i++)
    {
      TerraReplySource *source = g_ptr_array_index (sources, i);
      g_autofree char *line = NULL;
      GtkWidget *label;

      if (source->kind == TERRA_REPLY_SOURCE_KNOWLEDGE)
        {
          line = g_strdup_printf (_("Knowledge: %s"), source->title);
          if (*first_item_id == 0)
            *first_item_id = source->id;
          n_knowledge++;
        }
      else
        {
          line = g_strdup_printf (_("Instruction: %s"), source->title);
          n_instructions++;
        }
      label = make_label (line, "caption");
      gtk_box_append (GTK_BOX (box), label);
    }

  if (n_knowledge == 0 && n_instructions == 0)
    gtk_box_append (GTK_BOX (box),
                    make_label (_("Used no knowledge and no instructions"), "caption"));
  else if (n_knowledge == 0)
    gtk_box_prepend (GTK_BOX (box),
                     make_label (_("Used no knowledge passage"), "caption"));

  return box;
}

static const char *
decision_note (const TerraSimulation *simulation)
{
  const char *decision = simulation->decision != NULL ? simulation->decision : "";

  if (g_str_equal (decision, "handoff"))
    return _("Terra would hand this conversation to you");
  if (g_str_equal (decision, "away"))
    return _("The assistant is off or outside working hours: this is the away message");
  if (g_str_has_prefix (decision, "silent") || g_str_equal (decision, "opted-out"))
    return _("Terra stays silent here");
  if (simulation->draft)
    return _("In approval mode this reply would wait for you as a draft");
  if (simulation->fallback)
    return _("The AI provider failed, so the built-in engine answered");
  return NULL;
}

static GtkWidget *
make_grade_widgets (TerraTestChat         *self,
                    const TerraSimulation *simulation,
                    gint64                 first_item_id,
                    GtkWidget             *bubble)
{
  ReplyGrade *grade = g_new0 (ReplyGrade, 1);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *good = make_button (_("Good"), _("This reply is right"));
  GtkWidget *bad = make_button (_("Bad"), _("This reply is wrong; say what it should have said"));
  GtkWidget *save;

  grade->chat = self;
  grade->reply_id = simulation->reply_id;
  grade->conversation_id = simulation->conversation_id;
  grade->first_item_id = first_item_id;
  g_object_set_data_full (G_OBJECT (bubble), "terra-reply-grade", grade,
                          (GDestroyNotify)reply_grade_free);

  grade->grade_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_accessible_update_property (GTK_ACCESSIBLE (good), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Good reply"), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (bad), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Bad reply"), -1);
  gtk_widget_add_css_class (good, "flat");
  gtk_widget_add_css_class (bad, "flat");
  g_signal_connect (good, "clicked", G_CALLBACK (good_clicked_cb), grade);
  g_signal_connect (bad, "clicked", G_CALLBACK (bad_clicked_cb), grade);
  gtk_box_append (GTK_BOX (grade->grade_box), good);
  gtk_box_append (GTK_BOX (grade->grade_box), bad);
  gtk_box_append (GTK_BOX (box), grade->grade_box);

  grade->correction_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  grade->correction_entry = gtk_entry_new ();
  gtk_widget_set_hexpand (grade->correction_entry, TRUE);
  gtk_entry_set_placeholder_text (GTK_ENTRY (grade->correction_entry), _("What Terra should have said"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (grade->correction_entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Correction"), -1);
  save = make_button (_("Save Grade"), _("Grade the reply as bad, with this correction"));
  g_signal_connect (grade->correction_entry, "activate", G_CALLBACK (save_bad_cb), grade);
  g_signal_connect (save, "clicked", G_CALLBACK (save_bad_cb), grade);
  gtk_box_append (GTK_BOX (grade->correction_box), grade->correction_entry);
  gtk_box_append (GTK_BOX (grade->correction_box), save);
  gtk_widget_set_visible (grade->correction_box, FALSE);
  gtk_box_append (GTK_BOX (box), grade->correction_box);

  grade->grade_label = make_label ("", "caption");
  gtk_widget_add_css_class (grade->grade_label, "dim-label");
  gtk_widget_set_visible (grade->grade_label, FALSE);
  gtk_box_append (GTK_BOX (box), grade->grade_label);

  return box;
}

static void
add_reply (TerraTestChat         *self,
           const TerraSimulation *simulation)
{
  GtkWidget *bubble = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *who = make_label (_("Terra"), "caption-heading");
  const char *note = decision_note (simulation);
  gint64 first_item_id = 0;

  gtk_widget_add_css_class (bubble, "test-chat-bubble");
  gtk_widget_add_css_class (bubble, "assistant");
  gtk_widget_set_halign (bubble, GTK_ALIGN_START);
  gtk_label_set_selectable (GTK_LABEL (who), FALSE);
  gtk_box_append (GTK_BOX (bubble), who);

  if (simulation->reply != NULL)
    {
      GtkWidget *reply = make_label (simulation->reply, "test-chat-reply");

      gtk_accessible_update_property (GTK_ACCESSIBLE (reply), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                      _("Terra’s reply"), -1);
      gtk_box_append (GTK_BOX (bubble), reply);
    }
  else
    gtk_box_append (GTK_BOX (bubble), make_label (_("No reply"), "dim-label"));

  if (note != NULL)
    gtk_box_append (GTK_BOX (bubble), make_label (note, "caption"));

  gtk_box_append (GTK_BOX (bubble), make_sources (simulation->sources, &first_item_id));

  if (simulation->reply_id != 0)
    gtk_box_append (GTK_BOX (bubble), make_grade_widgets (self, simulation, first_item_id, bubble));

  append_bubble (self, bubble);
}

static void
simulate_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(TerraTestChat) self = user_data;
  g_autoptr(TerraSimulation) simulation = NULL;
  g_autoptr(GError) error = NULL;

  simulation = terra_runtime_simulate_finish (TERRA_RUNTIME (object), result, &error);
  /* The chat was closed: its widgets are gone, whatever the engine said. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      g_cancellable_is_cancelled (self->cancellable))
    return;

  self->busy = FALSE;
  update_composer (self);

  if (simulation == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Terra could not answer: %s"), error->message);
      add_notice (self, text);
      return;
    }

  self->conversation_id = simulation->conversation_id;
  add_reply (self, simulation);
}

static TerraRuntime *
get_runtime (void)
{
  GApplication *app = g_application_get_default ();

  if (!TERRA_IS_APPLICATION (app))
    return NULL;
  return terra_application_get_runtime (TERRA_APPLICATION (app));
}

static void
send_message (TerraTestChat *self)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->message_entry))));
  TerraRuntime *runtime = get_runtime ();

  if (self->busy || text[0] == '\0' || self->workspace == NULL)
    return;

  add_lead_message (self, text);
  gtk_editable_set_text (GTK_EDITABLE (self->message_entry), "");

  if (runtime == NULL)
    {
      add_notice (self, _("The engine is not running, so Terra cannot answer"));
      return;
    }

  self->busy = TRUE;
  update_composer (self);
  terra_runtime_simulate_async (runtime, self->conversation_id, text, self->cancellable,
                                simulate_cb, g_object_ref (self));
}

static void
send_button_clicked_cb (TerraTestChat *self)
{
  send_message (self);
}

static void
message_entry_activate_cb (TerraTestChat *self)
{
  send_message (self);
}

static void
message_entry_changed_cb (TerraTestChat *self)
{
  update_composer (self);
}

static void
terra_test_chat_dispose (GObject *object)
{
  TerraTestChat *self = (TerraTestChat *)object;

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), TERRA_TYPE_TEST_CHAT);

  G_OBJECT_CLASS (terra_test_chat_parent_class)->dispose (object);
}

static void
terra_test_chat_finalize (GObject *object)
{
  TerraTestChat *self = (TerraTestChat *)object;

  g_clear_object (&self->cancellable);
  g_clear_object (&self->workspace);

  G_OBJECT_CLASS (terra_test_chat_parent_class)->finalize (object);
}

static void
terra_test_chat_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  TerraTestChat *self = TERRA_TEST_CHAT (object);

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
terra_test_chat_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  TerraTestChat *self = TERRA_TEST_CHAT (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      terra_test_chat_set_workspace (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
terra_test_chat_class_init (TerraTestChatClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = terra_test_chat_dispose;
  object_class->finalize = terra_test_chat_finalize;
  object_class->get_property = terra_test_chat_get_property;
  object_class->set_property = terra_test_chat_set_property;

  /**
   * TerraTestChat:workspace:
   *
   * The workspace whose assistant the chat talks to and where grades go.
   */
  properties[PROP_WORKSPACE] =
    g_param_spec_object ("workspace", NULL, NULL,
                         TERRA_TYPE_WORKSPACE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "testchat");
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/terrasales/Terra/ui/terra-test-chat.ui");
  gtk_widget_class_bind_template_child (widget_class, TerraTestChat, stack);
  gtk_widget_class_bind_template_child (widget_class, TerraTestChat, scroller);
  gtk_widget_class_bind_template_child (widget_class, TerraTestChat, message_box);
  gtk_widget_class_bind_template_child (widget_class, TerraTestChat, message_entry);
  gtk_widget_class_bind_template_child (widget_class, TerraTestChat, spinner);
  gtk_widget_class_bind_template_child (widget_class, TerraTestChat, send_button);
  gtk_widget_class_bind_template_callback (widget_class, send_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, message_entry_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, message_entry_changed_cb);
}

static void
terra_test_chat_init (TerraTestChat *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  gtk_stack_set_visible_child_name (self->stack, "empty");
}

/* A test chat talking to the assistant of @workspace (or NULL, to be set
 * later). */
GtkWidget *
terra_test_chat_new (TerraWorkspace *workspace)
{
  g_return_val_if_fail (workspace == NULL || TERRA_IS_WORKSPACE (workspace), NULL);

  return g_object_new (TERRA_TYPE_TEST_CHAT, "workspace", workspace, NULL);
}

TerraWorkspace *
terra_test_chat_get_workspace (TerraTestChat *self)
{
  g_return_val_if_fail (TERRA_IS_TEST_CHAT (self), NULL);
  return self->workspace;
}

void
terra_test_chat_set_workspace (TerraTestChat  *self,
                               TerraWorkspace *workspace)
{
  g_return_if_fail (TERRA_IS_TEST_CHAT (self));
  g_return_if_fail (workspace == NULL || TERRA_IS_WORKSPACE (workspace));

  if (!g_set_object (&self->workspace, workspace))
    return;
  update_composer (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WORKSPACE]);
}

void
terra_test_chat_focus (TerraTestChat *self)
{
  g_return_if_fail (TERRA_IS_TEST_CHAT (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->message_entry));
}
