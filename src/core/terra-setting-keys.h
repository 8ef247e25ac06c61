/* terra-setting-keys.h — the workspace settings Terra knows, with their
 * types, defaults and validation
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum
{
  TERRA_SETTING_STRING,
  TERRA_SETTING_URL,      /* http(s)://…, or empty for the default */
  TERRA_SETTING_BOOLEAN,
  TERRA_SETTING_INTEGER,
  TERRA_SETTING_CHOICE,   /* one of choices */
  TERRA_SETTING_TIMEZONE, /* an IANA zone name, or empty for the system's */
  TERRA_SETTING_LIST,     /* comma-separated choices, stored as a JSON array */
} TerraSettingType;

typedef struct
{
  const char       *key;
  TerraSettingType  type;
  const char       *default_value;
  const char       *choices;     /* space-separated, for TERRA_SETTING_CHOICE and _LIST */
  gint64            minimum;     /* for TERRA_SETTING_INTEGER */
  gint64            maximum;
  gboolean          internal;    /* kept by Terra itself; not for --set */
  const char       *description;
} TerraSettingKey;

const TerraSettingKey *terra_setting_keys_lookup      (const char  *key);
const TerraSettingKey *terra_setting_keys_list        (guint       *n_keys);
const char            *terra_setting_keys_get_default (const char  *key);
JsonNode              *terra_setting_keys_parse       (const char  *key,
                                                       const char  *text,
                                                       GError     **error);
gboolean               terra_setting_keys_parse_assignment (const char  *assignment,
                                                       char       **key,
                                                       JsonNode   **value,
                                                       GError     **error);

G_END_DECLS
