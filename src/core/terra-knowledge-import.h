/* terra-knowledge-import.h — documents into knowledge items: text,
 * Markdown, HTML, CSV of FAQs and PDF
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Two halves. The parsers turn the bytes of one document into entries
 * (a title, a body and a category each) and say what they left out and
 * why; they touch no database and run on any thread. The import job reads
 * a list of files on a worker thread with its own connection, parses them,
 * and adds every entry in one transaction at the end: a cancelled or
 * failed import adds nothing at all. Its report lists what was added and
 * what was skipped, with the reason.
 */
#pragma once

#include "terra-workspace.h"

G_BEGIN_DECLS

typedef enum
{
  TERRA_IMPORT_FORMAT_UNKNOWN,
  TERRA_IMPORT_FORMAT_TEXT,
  TERRA_IMPORT_FORMAT_MARKDOWN,
  TERRA_IMPORT_FORMAT_HTML,
  TERRA_IMPORT_FORMAT_CSV,
  TERRA_IMPORT_FORMAT_PDF,
} TerraImportFormat;

/* Files larger than this are skipped rather than read. */
#define TERRA_IMPORT_MAX_FILE_BYTES (32 * 1024 * 1024)

/* One knowledge item an import adds. */
typedef struct
{
  char                   *source;   /* the file's name */
  TerraKnowledgeCategory  category;
  char                   *title;
  char                   *body;
  gint64                  item_id;  /* once added */
} TerraImportEntry;

/* Something left out: a whole file (line 0) or one row of a CSV file. */
typedef struct
{
  char  *source;
  guint  line;
  char  *reason;
} TerraImportSkip;

void terra_import_entry_free (TerraImportEntry *entry);
void terra_import_skip_free  (TerraImportSkip  *skip);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TerraImportEntry, terra_import_entry_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TerraImportSkip, terra_import_skip_free)

/* What an import did. */
typedef struct
{
  GPtrArray *added;   /* TerraImportEntry */
  GPtrArray *skipped; /* TerraImportSkip */
} TerraImportReport;

TerraImportReport *terra_import_report_new     (void);
void               terra_import_report_free    (TerraImportReport *report);
char              *terra_import_report_summary (const TerraImportReport *report);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TerraImportReport, terra_import_report_free)

TerraImportFormat terra_import_format_from_name (const char *filename);

/* Parses one document named @source into @report: entries go to
 * report->added (not yet added to anything), reasons to report->skipped.
 * Documents that are not a CSV of FAQs become items of @category. */
void     terra_import_parse        (TerraImportFormat       format,
                                    const char             *source,
                                    GBytes                 *bytes,
                                    TerraKnowledgeCategory  category,
                                    TerraImportReport      *report);

/* The pieces terra_import_parse() uses, for tests and other callers. */
char    *terra_import_html_to_text (const char             *html,
                                    gssize                  length,
                                    char                  **title);
void     terra_import_parse_csv    (const char             *source,
                                    const char             *text,
                                    gsize                   length,
                                    TerraImportReport      *report);

/* Called on the thread that runs the import; @fraction is 0…1. */
typedef void (*TerraImportProgressFunc) (double      fraction,
                                         const char *what,
                                         gpointer    user_data);

#define TERRA_TYPE_KNOWLEDGE_IMPORT (terra_knowledge_import_get_type ())

G_DECLARE_FINAL_TYPE (TerraKnowledgeImport, terra_knowledge_import, TERRA, KNOWLEDGE_IMPORT, GObject)

TerraKnowledgeImport *terra_knowledge_import_new          (TerraWorkspace          *workspace);
void                  terra_knowledge_import_add_file     (TerraKnowledgeImport    *self,
                                                           GFile                   *file);
void                  terra_knowledge_import_set_category (TerraKnowledgeImport    *self,
                                                           TerraKnowledgeCategory   category);
void                  terra_knowledge_import_set_publish  (TerraKnowledgeImport    *self,
                                                           gboolean                 publish);
double                terra_knowledge_import_get_fraction (TerraKnowledgeImport    *self);
const char           *terra_knowledge_import_get_status   (TerraKnowledgeImport    *self);

TerraImportReport    *terra_knowledge_import_run          (TerraKnowledgeImport    *self,
                                                           TerraStore              *store,
                                                           GCancellable            *cancellable,
                                                           TerraImportProgressFunc  progress,
                                                           gpointer                 user_data,
                                                           GError                 **error);
void                  terra_knowledge_import_run_async    (TerraKnowledgeImport    *self,
                                                           GCancellable            *cancellable,
                                                           GAsyncReadyCallback      callback,
                                                           gpointer                 user_data);
TerraImportReport    *terra_knowledge_import_run_finish   (TerraKnowledgeImport    *self,
                                                           GAsyncResult            *result,
                                                           GError                 **error);

G_END_DECLS
