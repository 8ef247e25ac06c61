/* terra-entity-util.c — helpers the entity objects share for their setters
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "terra-entity-util.h"

gboolean
terra_entity_set_string (char       **field,
                         const char  *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;
  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

/* A NULL list is stored as an empty one, so getters never return NULL. */
gboolean
terra_entity_set_strv (char               ***field,
                       const char * const   *value)
{
  static const char * const empty[] = { NULL };

  if (value == NULL)
    value = empty;
  if (*field != NULL && g_strv_equal ((const char * const *)*field, value))
    return FALSE;
  g_strfreev (*field);
  *field = g_strdupv ((char **)value);
  return TRUE;
}

gboolean
terra_entity_set_int64 (gint64 *field,
                        gint64  value)
{
  if (*field == value)
    return FALSE;
  *field = value;
  return TRUE;
}

gboolean
terra_entity_set_int (int *field,
                      int  value)
{
  if (*field == value)
    return FALSE;
  *field = value;
  return TRUE;
}

gboolean
terra_entity_set_double (double *field,
                         double  value)
{
  if (*field == value)
    return FALSE;
  *field = value;
  return TRUE;
}
