/* terra-types.c — helpers for the domain enumerations
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "terra-enums.h"
#include "terra-types.h"

/* Returns the nick the store writes for value, or NULL if it is not one of
 * enum_type's values. */
const char *
terra_enum_to_nick (GType enum_type,
                    int   value)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (enum_type);
  GEnumValue *ev = g_enum_get_value (klass, value);

  return ev != NULL ? ev->value_nick : NULL;
}

/* Parses a nick; FALSE leaves *value untouched. */
gboolean
terra_enum_from_nick (GType       enum_type,
                      const char *nick,
                      int        *value)
{
  g_autoptr(GEnumClass) klass = NULL;
  GEnumValue *ev;

  if (nick == NULL)
    return FALSE;

  klass = g_type_class_ref (enum_type);
  ev = g_enum_get_value_by_nick (klass, nick);
  if (ev == NULL)
    return FALSE;

  *value = ev->value;
  return TRUE;
}
