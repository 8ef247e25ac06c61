/* terra-preferences-window-provider.c — Preferences: the AI provider
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Which engine writes the replies, where it is, which model, and its key.
 * A preset fills the base URL and a suggested model of a well-known
 * OpenAI-compatible service in one step; each value still goes through the
 * registry's checks. The key goes to the keyring only (see
 * terra-preferences-window-secrets.c), under the secret name the engine
 * reads for the chosen kind, and is never shown back. Test connection asks
 * the provider for a short answer off the main thread and says plainly
 * what is wrong.
 */

#define G_LOG_DOMAIN "terra-preferences"

#include "config.h"

#include <glib/gi18n.h>

#include "terra-integrations.h"
#include "terra-preferences-window-private.h"

static const char * const kind_values[] = { "builtin", "openai", "anthropic", "gemini", NULL };
static const char * const kind_labels[] = {
  N_("Built-in (offline)"), N_("OpenAI-compatible"), N_("Anthropic"), N_("Google Gemini"), NULL,
};

static const char * const failure_values[] = { "builtin", "handoff", NULL };
static const char * const failure_labels[] = {
  N_("The built-in engine answers"), N_("A holding reply, and you take over"), NULL,
};

typedef struct
{
  const char *label;
  const char *base_url;
  const char *model;
} Preset;

/* Well-known OpenAI-compatible services: their API address and a model
 * that suits a sales chat (small, fast, cheap). */
static const Preset presets[] = {
  { N_("Choose a preset…"), NULL, NULL },
  { N_("OpenAI"), "https://api.openai.com/v1", "gpt-4o-mini" },
  { N_("Ollama on this computer"), "http://127.0.0.1:11434/v1", "llama3.2" },
  { N_("Groq"), "https://api.groq.com/openai/v1", "llama-3.1-8b-instant" },
  { N_("OpenRouter"), "https://openrouter.ai/api/v1", "openai/gpt-4o-mini" },
};

static char *
current_kind (TerraPreferencesWindow *self)
{
  return terra_store_get_setting_string (terra_workspace_get_store (self->workspace), "provider.kind");
}

/* Shows the rows that mean something for the chosen kind, and points the
 * key row at the kind's secret. */
static void
update_rows (TerraPreferencesWindow *self)
{
  g_autofree char *kind = current_kind (self);
  const char *secret = terra_integrations_provider_secret_name (kind);
  const char *model = terra_integrations_provider_default_model (kind);
  gboolean llm = g_strcmp0 (kind, "builtin") != 0;
  g_autofree char *hint = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->provider_url_row), llm);
  gtk_widget_set_visible (GTK_WIDGET (self->provider_model_row), llm);
  if (self->provider_embedding_row != NULL)
    gtk_widget_set_visible (self->provider_embedding_row, llm);
  gtk_widget_set_visible (GTK_WIDGET (self->provider_key_row), secret != NULL);
  if (secret != NULL && g_strcmp0 (secret, g_object_get_data (G_OBJECT (self->provider_key_row),
                                                               "terra-setting-key")) != 0)
    {
      g_object_set_data_full (G_OBJECT (self->provider_key_row), "terra-setting-key", g_strdup (secret), g_free);
      _terra_preferences_refresh_secret_row (self, GTK_WIDGET (self->provider_key_row));
    }

  if (model != NULL)
    hint = g_strdup_printf (_("The model name; empty for %s"), model);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->provider_model_row), hint);
  adw_action_row_set_subtitle (self->provider_test_row, _("Not tested yet"));
  if (self->provider_test_icon != NULL)
    gtk_widget_set_visible (GTK_WIDGET (self->provider_test_icon), FALSE);
}

static void
kind_selected_cb (AdwComboRow            *row,
                  GParamSpec             *pspec,
                  TerraPreferencesWindow *self)
{
  /* The rows helper saved the choice first (it connected first). */
  update_rows (self);
}

static void
preset_selected_cb (AdwComboRow            *row,
                    GParamSpec             *pspec,
                    TerraPreferencesWindow *self)
{
  guint selected = adw_combo_row_get_selected (row);
  const Preset *preset;

  if (selected == 0 || selected >= G_N_ELEMENTS (presets))
    return;
  preset = &presets[selected];

  /* All three, or none: a preset never leaves a half-changed provider. */
  if (_terra_preferences_save (self, GTK_WIDGET (self->provider_url_row), "provider.base_url", preset->base_url) &&
      _terra_preferences_save (self, GTK_WIDGET (self->provider_model_row), "provider.model", preset->model))
    {
      adw_combo_row_set_selected (self->provider_kind_row, 1);
      _terra_preferences_set_entry_text (self->provider_url_row, preset->base_url);
      _terra_preferences_set_entry_text (self->provider_model_row, preset->model);
      update_rows (self);
      _terra_preferences_toast (self, _("Preset applied: enter the key if the service needs one"));
    }
  adw_combo_row_set_selected (row, 0);
}

static void
test_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  TerraPreferencesWindow *self = user_data;
  gboolean ok = FALSE;
  g_autoptr(GError) error = NULL;
  g_autofree char *verdict = terra_integrations_test_provider_finish (result, &ok, &error);

  /* Cancelled: the window is closing, and user_data may be gone. */
  if (verdict == NULL)
    return;

  adw_action_row_set_subtitle (self->provider_test_row, verdict);
  /* Only the icon is coloured: the verdict must stay readable. */
  gtk_image_set_from_icon_name (self->provider_test_icon, ok ? "emblem-ok-symbolic" : "dialog-warning-symbolic");
  gtk_widget_remove_css_class (GTK_WIDGET (self->provider_test_icon), ok ? "error" : "success");
  gtk_widget_add_css_class (GTK_WIDGET (self->provider_test_icon), ok ? "success" : "error");
  gtk_widget_set_visible (GTK_WIDGET (self->provider_test_icon), TRUE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->provider_test_button), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->provider_test_row),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, verdict, -1);
}

/* The rows' text as typed, applied or not, and the key typed but not
 * saved: the owner can try a configuration before keeping it. */
static char *
row_text (AdwEntryRow *row)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
}

static void
test_clicked_cb (GtkButton              *button,
                 TerraPreferencesWindow *self)
{
  guint selected = adw_combo_row_get_selected (self->provider_kind_row);
  const char *kind = selected < G_N_ELEMENTS (kind_values) - 1 ? kind_values[selected] : "builtin";
  g_autofree char *url = row_text (self->provider_url_row);
  g_autofree char *model = row_text (self->provider_model_row);
  g_autofree char *embedding = self->provider_embedding_row != NULL
                               ? row_text (ADW_ENTRY_ROW (self->provider_embedding_row)) : NULL;
  GtkEditable *key_entry = g_object_get_data (G_OBJECT (self->provider_key_row), "terra-secret-entry");
  const char *typed_key = key_entry != NULL ? gtk_editable_get_text (key_entry) : NULL;
  g_autoptr(JsonNode) parsed = NULL;
  g_autoptr(GError) error = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->provider_test_icon), FALSE);
  parsed = terra_setting_keys_parse ("provider.base_url", url, &error);
  if (parsed == NULL)
    {
      adw_action_row_set_subtitle (self->provider_test_row,
                                   _("Correct the base URL first: it must be an http:// or https:// address"));
      return;
    }

  gtk_widget_set_sensitive (GTK_WIDGET (button), FALSE);
  adw_action_row_set_subtitle (self->provider_test_row, _("Testing…"));
  terra_integrations_test_provider_config_async (self->workspace, kind, url, model, embedding,
                                                 typed_key != NULL && *typed_key != '\0' ? typed_key : NULL,
                                                 self->cancellable, test_done_cb, self);
}

void
_terra_preferences_provider_init (TerraPreferencesWindow *self)
{
  AdwPreferencesGroup *group = self->provider_group;
  g_autoptr(GtkStringList) preset_model = gtk_string_list_new (NULL);
  g_autofree char *kind = current_kind (self);
  const char *secret = terra_integrations_provider_secret_name (kind);
  GtkWidget *preset_row;

  self->provider_kind_row =
    ADW_COMBO_ROW (_terra_preferences_add_choice_row (self, group, "provider.kind", _("Provider"),
                                                      _("The built-in engine, or an LLM service"),
                                                      kind_values, kind_labels));
  g_signal_connect_object (self->provider_kind_row, "notify::selected", G_CALLBACK (kind_selected_cb), self,
                           G_CONNECT_AFTER);

  for (guint i = 0; i < G_N_ELEMENTS (presets); i++)
    gtk_string_list_append (preset_model, _(presets[i].label));
  preset_row = adw_combo_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (preset_row), _("Preset"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (preset_row),
                               _("Fills the address and a suggested model of an OpenAI-compatible service"));
  adw_combo_row_set_model (ADW_COMBO_ROW (preset_row), G_LIST_MODEL (preset_model));
  adw_preferences_group_add (group, preset_row);
  g_signal_connect_object (preset_row, "notify::selected", G_CALLBACK (preset_selected_cb), self, 0);

  self->provider_url_row =
    ADW_ENTRY_ROW (_terra_preferences_add_setting_row (self, group, "provider.base_url", _("Base URL"),
                                                       _("The API address, such as http://127.0.0.1:11434/v1 for Ollama; empty for the provider’s own")));
  self->provider_model_row =
    ADW_ENTRY_ROW (_terra_preferences_add_setting_row (self, group, "provider.model", _("Model"), NULL));
  self->provider_key_row =
    ADW_ACTION_ROW (_terra_preferences_add_secret_row (self, group, secret != NULL ? secret : "openai_api_key",
                                                       _("API key")));

  self->provider_embedding_row =
    _terra_preferences_add_setting_row (self, group, "provider.embedding_model", _("Embedding model"),
                                        _("For knowledge search; empty for the provider’s own"));
  _terra_preferences_add_choice_row (self, self->provider_test_group, "assistant.on_provider_failure",
                                     _("When the provider is down"), _("After its retries"),
                                     failure_values, failure_labels);
  _terra_preferences_add_setting_row (self, self->provider_test_group, "assistant.prompt_budget_tokens",
                                      _("Prompt budget"), _("The most tokens one request to the LLM may use"));

  self->provider_test_icon = GTK_IMAGE (gtk_image_new ());
  gtk_widget_set_visible (GTK_WIDGET (self->provider_test_icon), FALSE);
  adw_action_row_add_prefix (self->provider_test_row, GTK_WIDGET (self->provider_test_icon));
  g_signal_connect_object (self->provider_test_button, "clicked", G_CALLBACK (test_clicked_cb), self, 0);
  update_rows (self);
}
