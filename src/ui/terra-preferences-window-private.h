/* terra-preferences-window-private.h — what the Preferences pages share
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * TerraPreferencesWindow spans one file per page
 * (terra-preferences-window-<page>.c) and terra-preferences-window-rows.c,
 * which turns a setting of the registry (terra-setting-keys.c) into a row
 * that validates what is typed and saves only valid values.
 */
#pragma once

#include "terra-preferences-window.h"
#include "terra-setting-keys.h"

G_BEGIN_DECLS

struct _TerraPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  /* Template widgets */
  AdwComboRow          *style_row;
  AdwPreferencesPage   *general_page;
  AdwPreferencesGroup  *business_group;
  AdwPreferencesGroup  *provider_group;
  AdwPreferencesGroup  *provider_test_group;
  AdwPreferencesGroup  *personality_group;
  AdwPreferencesGroup  *response_group;
  AdwPreferencesGroup  *hours_group;
  AdwPreferencesGroup  *escalation_group;
  AdwPreferencesGroup  *escalation_notify_group;
  AdwPreferencesPage   *channels_page;
  AdwPreferencesGroup  *retention_group;
  AdwPreferencesGroup  *contact_data_group;
  AdwPreferencesGroup  *api_key_group;
  AdwPreferencesGroup  *webhooks_group;

  /* Provider page */
  AdwComboRow          *provider_kind_row;
  AdwEntryRow          *provider_url_row;
  AdwEntryRow          *provider_model_row;
  GtkWidget            *provider_embedding_row;
  AdwActionRow         *provider_key_row;
  GtkPasswordEntry     *provider_key_entry;
  AdwActionRow         *provider_test_row;
  GtkButton            *provider_test_button;
  GtkImage             *provider_test_icon;

  /* Privacy page */
  AdwEntryRow          *contact_search_row;
  GtkListBox           *contact_results;

  /* API page */
  AdwActionRow         *api_key_row;
  GtkLabel             *api_key_label;
  char                 *api_key;           /* wiped on finalize */

  /* Owned */
  GSettings            *settings;
  TerraWorkspace       *workspace;
  GCancellable         *cancellable;
};

/* Rows for settings of the registry. Each returns the row, or NULL when
 * the registry has no such key (the feature is not in this build). */
GtkWidget *_terra_preferences_add_setting_row (TerraPreferencesWindow *self,
                                               AdwPreferencesGroup    *group,
                                               const char             *key,
                                               const char             *title,
                                               const char             *subtitle);
/* A combo row storing one of @values (NULL-terminated), shown as @labels. */
GtkWidget *_terra_preferences_add_choice_row  (TerraPreferencesWindow *self,
                                               AdwPreferencesGroup    *group,
                                               const char             *key,
                                               const char             *title,
                                               const char             *subtitle,
                                               const char * const     *values,
                                               const char * const     *labels);
/* Saves @text as @key after the registry's check; on failure says why
 * under @row's group and returns FALSE, saving nothing. */
gboolean   _terra_preferences_save            (TerraPreferencesWindow *self,
                                               GtkWidget              *row,
                                               const char             *key,
                                               const char             *text);
/* Sets an entry row's text without it counting as an edit. */
void       _terra_preferences_set_entry_text  (AdwEntryRow            *row,
                                               const char             *text);
void       _terra_preferences_toast           (TerraPreferencesWindow *self,
                                               const char             *message);
/* A row with @text in a selectable label and a Copy button. */
GtkWidget *_terra_preferences_add_copy_row    (TerraPreferencesWindow *self,
                                               AdwPreferencesGroup    *group,
                                               const char             *title,
                                               const char             *text);
/* A row with a masked entry that stores secret @name in the keyring. */
GtkWidget *_terra_preferences_add_secret_row  (TerraPreferencesWindow *self,
                                               AdwPreferencesGroup    *group,
                                               const char             *name,
                                               const char             *title);
/* Updates a secret row's subtitle: where its secret is now. */
void       _terra_preferences_refresh_secret_row (TerraPreferencesWindow *self,
                                                  GtkWidget              *row);
/* A switch for one event of the per-user notify-events (GSettings). */
void       _terra_preferences_add_notify_row  (TerraPreferencesWindow *self,
                                               AdwPreferencesGroup    *group,
                                               const char             *event,
                                               const char             *title,
                                               const char             *subtitle);
/* The server's address as the outside world should use it, without a
 * trailing slash. (transfer full) */
char      *_terra_preferences_server_url      (TerraPreferencesWindow *self);

void       _terra_preferences_provider_init   (TerraPreferencesWindow *self);
void       _terra_preferences_assistant_init  (TerraPreferencesWindow *self);
void       _terra_preferences_channels_init   (TerraPreferencesWindow *self);
void       _terra_preferences_privacy_init    (TerraPreferencesWindow *self);
void       _terra_preferences_api_init        (TerraPreferencesWindow *self);
void       _terra_preferences_class_init_api  (GtkWidgetClass         *widget_class);

G_END_DECLS
