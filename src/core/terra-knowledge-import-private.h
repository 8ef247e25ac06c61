/* terra-knowledge-import-private.h — what the import's parsers share
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "terra-knowledge-import.h"

G_BEGIN_DECLS

/* A CSV question may use the whole title the schema allows. */
#define MAX_QUESTION_CHARS 500

void      _terra_import_add_skip   (TerraImportReport *report,
                                    const char        *source,
                                    guint              line,
                                    const char        *reason);
char     *_terra_import_make_title (const char        *text);
char     *_terra_import_tidy_text  (const char        *text);
gboolean  _terra_import_is_blank   (const char        *text);

G_END_DECLS
