/* terra-entity-util.h — helpers the entity objects share for their setters
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each returns whether the field changed, so a setter notifies only then.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean terra_entity_set_string (char               **field,
                                  const char          *value);
gboolean terra_entity_set_strv   (char              ***field,
                                  const char * const  *value);
gboolean terra_entity_set_int64  (gint64              *field,
                                  gint64               value);
gboolean terra_entity_set_int    (int                 *field,
                                  int                  value);
gboolean terra_entity_set_double (double              *field,
                                  double               value);

G_END_DECLS
