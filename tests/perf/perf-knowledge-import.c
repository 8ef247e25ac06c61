/* perf-knowledge-import.c — how long importing documents takes, and how
 * fast a cancel lets go
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An owner imports an FAQ spreadsheet of a few thousand rows or a price
 * list of a hundred PDF pages. Measured here: a CSV of 5,000 questions
 * (parsing, then adding them in one transaction, where splitting into
 * passages and indexing is the cost); a 100-page PDF drawn with cairo;
 * the time from Cancel to the worker's rollback in a 10,000-row import;
 * and the JSON export and import of the 5,000 items. Run with
 * `meson test -C _build --benchmark perf-knowledge-import -v`.
 */

#include "config.h"

#include <string.h>

#include <cairo.h>
#include <cairo-pdf.h>
#include <fontconfig/fontconfig.h>

#include "terra-knowledge-export.h"
#include "terra-knowledge-import.h"
#include "terra-test-utils.h"

#define N_ROWS        5000
#define N_CANCEL_ROWS 10000
#define N_PAGES       100

static double
ms_since (gint64 started)
{
  return (g_get_monotonic_time () - started) / 1000.0;
}

static GFile *
write_csv (const char *directory,
           const char *name,
           guint       n_rows)
{
  g_autoptr(GString) csv = g_string_new ("question,answer\r\n");
  g_autofree char *path = g_build_filename (directory, name, NULL);

  for (guint i = 0; i < n_rows; i++)
    g_string_append_printf (csv,
                            "\"Is parking included with apartment %u, tower %u?\","
                            "\"Yes. Apartment %u has one covered car park in the basement, level B%u, "
                            "and visitors park free for two hours. A second slot costs %u,000 rupees a year, "
                            "paid with the maintenance fee; ask the \"\"facility desk\"\" for a pass.\"\r\n",
                            i, i % 12, i, 1 + i % 3, 10 + i % 40);
  g_assert_true (g_file_set_contents (path, csv->str, csv->len, NULL));
  return g_file_new_for_path (path);
}

static cairo_status_t
append_cb (void                *closure,
           const unsigned char *data,
           unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static GBytes *
make_pdf (guint n_pages)
{
  GByteArray *data = g_byte_array_new ();
  cairo_surface_t *surface = cairo_pdf_surface_create_for_stream (append_cb, data, 595, 842);
  cairo_t *cr = cairo_create (surface);

  cairo_select_font_face (cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size (cr, 10);
  for (guint page = 0; page < n_pages; page++)
    {
      for (guint line = 0; line < 60; line++)
        {
          g_autofree char *text = g_strdup_printf ("Plot %u-%u: 1,200 sq ft, east facing, %u lakh, ready in %u.",
                                                   page, line, 40 + (page * 7 + line) % 90, 2026 + line % 3);
          cairo_move_to (cr, 40, 40 + line * 12.5);
          cairo_show_text (cr, text);
        }
      cairo_show_page (cr);
    }
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  cairo_surface_destroy (surface);
  return g_byte_array_free_to_bytes (data);
}

static gint64
count_items (TerraStore *store)
{
  g_autoptr(TerraQuery) query = terra_query_new (TERRA_TYPE_KNOWLEDGE_ITEM);

  return terra_store_count (store, query, NULL);
}

typedef struct
{
  gint64 parsed_at;
} Phases;

static void
phases_cb (double      fraction,
           const char *what,
           gpointer    user_data)
{
  Phases *phases = user_data;

  /* The second half of the bar is the adding. */
  if (fraction >= 0.5 && phases->parsed_at == 0)
    phases->parsed_at = g_get_monotonic_time ();
}

static void
bench_csv (const char *directory)
{
  g_autoptr(TerraTestWorkspace) workspace = terra_test_workspace_new ();
  TerraStore *store = terra_workspace_get_store (workspace);
  g_autoptr(GFile) file = write_csv (directory, "faqs.csv", N_ROWS);
  g_autoptr(TerraKnowledgeImport) import = terra_knowledge_import_new (NULL);
  g_autoptr(TerraImportReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  Phases phases = { 0 };
  gint64 started;
  double total;

  terra_knowledge_import_add_file (import, file);
  terra_knowledge_import_set_publish (import, TRUE);
  started = g_get_monotonic_time ();
  report = terra_knowledge_import_run (import, store, NULL, phases_cb, &phases, &error);
  total = ms_since (started);
  g_assert_no_error (error);
  g_assert_cmpuint (report->added->len, ==, N_ROWS);

  g_print ("# CSV of %u questions: read and parsed in %.0f ms, added in one transaction in %.0f ms "
           "(%.0f ms in all, %.0f rows/s)\n",
           N_ROWS, (phases.parsed_at - started) / 1000.0, (g_get_monotonic_time () - phases.parsed_at) / 1000.0,
           total, N_ROWS / (total / 1000.0));

  started = g_get_monotonic_time ();
  json = terra_knowledge_export_json (store, &error);
  g_assert_no_error (error);
  g_print ("# JSON export of %u items: %.0f ms, %.1f MB\n", N_ROWS, ms_since (started), strlen (json) / 1e6);

  {
    g_autoptr(TerraTestWorkspace) other = terra_test_workspace_new ();
    TerraKnowledgeImportCounts counts;

    started = g_get_monotonic_time ();
    g_assert_true (terra_knowledge_import_json (terra_workspace_get_store (other), json, -1, &counts, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (counts.items_added, ==, N_ROWS);
    g_print ("# JSON import of %u items into an empty workspace: %.0f ms\n", N_ROWS, ms_since (started));

    started = g_get_monotonic_time ();
    g_assert_true (terra_knowledge_import_json (terra_workspace_get_store (other), json, -1, &counts, &error));
    g_assert_cmpuint (counts.items_skipped, ==, N_ROWS);
    g_print ("# the same JSON again, every item recognised and skipped: %.0f ms\n", ms_since (started));
  }
}

static void
bench_pdf (void)
{
  g_autoptr(GBytes) pdf = make_pdf (N_PAGES);
  g_autoptr(TerraImportReport) report = terra_import_report_new ();
  TerraImportEntry *entry;
  gint64 started = g_get_monotonic_time ();

  terra_import_parse (TERRA_IMPORT_FORMAT_PDF, "price-list.pdf", pdf, TERRA_KNOWLEDGE_PRODUCTS, report);
  g_assert_cmpuint (report->added->len, ==, 1);
  entry = g_ptr_array_index (report->added, 0);
  g_print ("# PDF of %u pages (%.1f MB): text extracted in %.0f ms, %.1f ms a page, %zu characters\n",
           N_PAGES, g_bytes_get_size (pdf) / 1e6, ms_since (started), ms_since (started) / N_PAGES,
           strlen (entry->body));
}

typedef struct
{
  GCancellable *cancellable;
  gint64        cancelled_at;
  gint64        finished_at;
  gboolean      done;
  gboolean      was_cancelled;
} CancelRun;

static void
fraction_cb (GObject    *object,
             GParamSpec *pspec,
             gpointer    user_data)
{
  CancelRun *run = user_data;

  /* Well into the adding: thousands of rows inserted but not committed. */
  if (run->cancelled_at == 0 && terra_knowledge_import_get_fraction (TERRA_KNOWLEDGE_IMPORT (object)) >= 0.75)
    {
      run->cancelled_at = g_get_monotonic_time ();
      g_cancellable_cancel (run->cancellable);
    }
}

static void
cancel_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  CancelRun *run = user_data;
  g_autoptr(TerraImportReport) report = NULL;
  g_autoptr(GError) error = NULL;

  report = terra_knowledge_import_run_finish (TERRA_KNOWLEDGE_IMPORT (object), result, &error);
  run->finished_at = g_get_monotonic_time ();
  run->was_cancelled = g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  run->done = TRUE;
}

static void
bench_cancel (const char *directory)
{
  g_autoptr(TerraTestWorkspace) workspace = terra_test_workspace_new ();
  g_autoptr(GFile) file = write_csv (directory, "many.csv", N_CANCEL_ROWS);
  g_autoptr(TerraKnowledgeImport) import = terra_knowledge_import_new (workspace);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  CancelRun run = { cancellable, 0, 0, FALSE, FALSE };

  terra_knowledge_import_add_file (import, file);
  g_signal_connect (import, "notify::fraction", G_CALLBACK (fraction_cb), &run);
  terra_knowledge_import_run_async (import, cancellable, cancel_done_cb, &run);
  while (!run.done)
    g_main_context_iteration (NULL, TRUE);

  g_assert_true (run.was_cancelled);
  g_assert_cmpint (count_items (terra_workspace_get_store (workspace)), ==, 0);
  g_print ("# cancel at 75 %% of a %u-row import: rolled back and reported %.1f ms after Cancel; "
           "0 items in the workspace\n", N_CANCEL_ROWS, (run.finished_at - run.cancelled_at) / 1000.0);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *directory = terra_test_make_directory ();

  g_print ("1..1\n");
  bench_csv (directory);
  bench_pdf ();
  bench_cancel (directory);
  terra_test_remove_directory (directory);

  cairo_debug_reset_static_data ();
  FcFini ();
  g_print ("ok 1 - knowledge import benchmarks\n");
  return 0;
}
