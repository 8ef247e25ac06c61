/* test-knowledge-import.c — documents into the knowledge base, and the
 * JSON export of knowledge and instructions
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each document type is imported the way the Training view does it, and
 * the test checks what an owner would: the items' titles and text, the
 * report's skipped rows with their reasons, and that a cancelled import
 * or a bad JSON document leaves the knowledge base exactly as it was.
 * The PDFs are made here with cairo, so no binary fixture is needed.
 */

#include "config.h"

#include <string.h>

#include <cairo.h>
#include <cairo-pdf.h>
#include <fontconfig/fontconfig.h>

#include "terra-knowledge.h"
#include "terra-knowledge-export.h"
#include "terra-knowledge-import.h"
#include "terra-test-utils.h"

/* Helpers */

static TerraImportReport *
parse (TerraImportFormat  format,
       const char        *source,
       const char        *text)
{
  TerraImportReport *report = terra_import_report_new ();
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));

  terra_import_parse (format, source, bytes, TERRA_KNOWLEDGE_COMPANY, report);
  return report;
}

static TerraImportEntry *
entry (TerraImportReport *report,
       guint              index)
{
  g_assert_cmpuint (index, <, report->added->len);
  return g_ptr_array_index (report->added, index);
}

static TerraImportSkip *
skip (TerraImportReport *report,
      guint              index)
{
  g_assert_cmpuint (index, <, report->skipped->len);
  return g_ptr_array_index (report->skipped, index);
}

static gint64
count_items (TerraStore *store)
{
  g_autoptr(TerraQuery) query = terra_query_new (TERRA_TYPE_KNOWLEDGE_ITEM);
  g_autoptr(GError) error = NULL;
  gint64 n = terra_store_count (store, query, &error);

  g_assert_no_error (error);
  return n;
}

static GPtrArray *
list_items (TerraStore *store)
{
  g_autoptr(TerraQuery) query = terra_query_new (TERRA_TYPE_KNOWLEDGE_ITEM);
  g_autoptr(GError) error = NULL;
  GPtrArray *items;

  terra_query_order_by (query, "id", FALSE);
  items = terra_store_list (store, query, &error);
  g_assert_no_error (error);
  return items;
}

static GPtrArray *
list_instructions (TerraStore *store)
{
  g_autoptr(TerraQuery) query = terra_query_new (TERRA_TYPE_INSTRUCTION);
  g_autoptr(GError) error = NULL;
  GPtrArray *instructions;

  terra_query_order_by (query, "id", FALSE);
  instructions = terra_store_list (store, query, &error);
  g_assert_no_error (error);
  return instructions;
}

static GFile *
write_file (const char *directory,
            const char *name,
            const void *data,
            gsize       length)
{
  g_autofree char *path = g_build_filename (directory, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, data, length, &error);
  g_assert_no_error (error);
  return g_file_new_for_path (path);
}

static cairo_status_t
append_to_byte_array (void                *closure,
                      const unsigned char *data,
                      unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* A real two-page PDF with a title in its metadata. */
static GBytes *
make_pdf (const char *title,
          const char *page1,
          const char *page2)
{
  GByteArray *data = g_byte_array_new ();
  cairo_surface_t *surface;
  cairo_t *cr;

  surface = cairo_pdf_surface_create_for_stream (append_to_byte_array, data, 595, 842);
  if (title != NULL)
    cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, title);
  cr = cairo_create (surface);
  cairo_select_font_face (cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size (cr, 12);
  cairo_move_to (cr, 50, 100);
  cairo_show_text (cr, page1);
  cairo_show_page (cr);
  cairo_move_to (cr, 50, 100);
  cairo_show_text (cr, page2);
  cairo_show_page (cr);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);

  return g_byte_array_free_to_bytes (data);
}

/* Parsers */

static void
test_text (void)
{
  g_autoptr(TerraImportReport) report = NULL;
  g_autoptr(TerraImportReport) sentence = NULL;
  g_autoptr(TerraImportReport) empty = NULL;

  report = parse (TERRA_IMPORT_FORMAT_TEXT, "hours.txt",
                  "Opening hours\r\n\r\nWe are open Monday to Saturday, 9:00 to 18:00.   \r\n\r\n\r\n\r\nClosed on Sundays.\r\n");
  g_assert_cmpuint (report->added->len, ==, 1);
  g_assert_cmpuint (report->skipped->len, ==, 0);
  g_assert_cmpstr (entry (report, 0)->title, ==, "Opening hours");
  g_assert_cmpstr (entry (report, 0)->body, ==, "We are open Monday to Saturday, 9:00 to 18:00.\n\nClosed on Sundays.");
  g_assert_cmpint (entry (report, 0)->category, ==, TERRA_KNOWLEDGE_COMPANY);

  /* A first line that is a sentence is text, and the file names the item. */
  sentence = parse (TERRA_IMPORT_FORMAT_TEXT, "parking_rules.txt",
                    "Visitors park in the basement, level B2.\nThe guard has the visitor passes.");
  g_assert_cmpuint (sentence->added->len, ==, 1);
  g_assert_cmpstr (entry (sentence, 0)->title, ==, "parking rules");
  g_assert_true (g_str_has_prefix (entry (sentence, 0)->body, "Visitors park"));

  empty = parse (TERRA_IMPORT_FORMAT_TEXT, "blank.txt", "  \n\n \t\n");
  g_assert_cmpuint (empty->added->len, ==, 0);
  g_assert_cmpuint (empty->skipped->len, ==, 1);
  g_assert_cmpstr (skip (empty, 0)->source, ==, "blank.txt");
  g_assert_cmpstr (skip (empty, 0)->reason, ==, "The file holds no text");
}

static void
test_text_encodings (void)
{
  g_autoptr(TerraImportReport) latin1 = NULL;
  g_autoptr(TerraImportReport) binary = NULL;
  TerraImportReport *bom;
  g_autoptr(GBytes) zeros = g_bytes_new ("ab\0cd", 5);

  /* Windows-1252 from an old editor: "Café" with é as 0xE9. */
  latin1 = parse (TERRA_IMPORT_FORMAT_TEXT, "menu.txt", "Our caf\xe9\nCoffee and cake.");
  g_assert_cmpstr (entry (latin1, 0)->title, ==, "Our café");

  bom = parse (TERRA_IMPORT_FORMAT_TEXT, "bom.txt", "\xef\xbb\xbfTitle\nBody");
  g_assert_cmpstr (entry (bom, 0)->title, ==, "Title");
  terra_import_report_free (bom);

  binary = terra_import_report_new ();
  terra_import_parse (TERRA_IMPORT_FORMAT_TEXT, "image.txt", zeros, TERRA_KNOWLEDGE_COMPANY, binary);
  g_assert_cmpuint (binary->added->len, ==, 0);
  g_assert_cmpstr (skip (binary, 0)->reason, ==, "Not a text file");
}

static void
test_markdown (void)
{
  g_autoptr(TerraImportReport) faq = NULL;
  g_autoptr(TerraImportReport) single = NULL;

  faq = parse (TERRA_IMPORT_FORMAT_MARKDOWN, "faq.md",
               "# Skyline Realty FAQ\n"
               "\n"
               "Answers to what buyers ask most.\n"
               "\n"
               "## Do you charge a brokerage fee?\n"
               "\n"
               "Yes: **1%** of the price, paid at registration.\n"
               "\n"
               "```\n"
               "## not a heading inside code\n"
               "```\n"
               "\n"
               "Is a site visit free?\n"
               "---------------------\n"
               "\n"
               "Always, on weekdays and weekends.\n"
               "\n"
               "## Can I bring my pet? ##\n"
               "\n");
  g_assert_cmpuint (faq->added->len, ==, 3);
  /* The introduction, under the document's title. */
  g_assert_cmpstr (entry (faq, 0)->title, ==, "Skyline Realty FAQ");
  g_assert_cmpstr (entry (faq, 0)->body, ==, "Answers to what buyers ask most.");
  g_assert_cmpstr (entry (faq, 1)->title, ==, "Do you charge a brokerage fee?");
  g_assert_nonnull (strstr (entry (faq, 1)->body, "**1%**"));
  g_assert_nonnull (strstr (entry (faq, 1)->body, "## not a heading inside code"));
  g_assert_cmpstr (entry (faq, 2)->title, ==, "Is a site visit free?");
  g_assert_cmpstr (entry (faq, 2)->body, ==, "Always, on weekdays and weekends.");
  g_assert_cmpuint (faq->skipped->len, ==, 1);
  g_assert_cmpstr (skip (faq, 0)->reason, ==, "The heading “Can I bring my pet?” has no text under it");
  g_assert_cmpuint (skip (faq, 0)->line, ==, 18);

  /* One topic: one item, titled by its heading. */
  single = parse (TERRA_IMPORT_FORMAT_MARKDOWN, "about.md",
                  "# About us\n\nFounded in 2009 in Indiranagar.\n\n### Team\n\nTwelve agents.\n");
  g_assert_cmpuint (single->added->len, ==, 1);
  g_assert_cmpstr (entry (single, 0)->title, ==, "About us");
  g_assert_cmpstr (entry (single, 0)->body, ==, "Founded in 2009 in Indiranagar.\n\n### Team\n\nTwelve agents.");
}

static void
test_html (void)
{
  g_autoptr(TerraImportReport) page = NULL;
  g_autoptr(TerraImportReport) faq = NULL;
  g_autofree char *title = NULL;
  g_autofree char *text = NULL;
  TerraImportEntry *item;

  page = parse (TERRA_IMPORT_FORMAT_HTML, "visit.html",
                "<!DOCTYPE html><html><head><title>Visiting &amp; parking</title>"
                "<style>body { color: red }</style>"
                "<script>document.write('<p>injected</p>'); alert(\"x\")</script></head>"
                "<body onload=\"steal()\"><!-- a comment <b>hidden</b> -->"
                "<p>Our office is at <b>12 MG&nbsp;Road</b>, Caf&eacute; d&#233;cor &#x2014; 3rd floor.</p>"
                "<p>Visitors <a href=\"javascript:steal()\" onclick='steal()'>park</a> in B2.</p>"
                "<ul><li>Free for 2 hours</li><li>Bring the pass back</li></ul>"
                "<SCRIPT type=text/javascript>var a = '</p>';</SCRIPT>"
                "<noscript>Enable scripts</noscript>"
                "<p>5 &lt; 6 &amp;&amp; 7 > 3</p>"
                "</body></html>");
  g_assert_cmpuint (page->added->len, ==, 1);
  item = entry (page, 0);
  g_assert_cmpstr (item->title, ==, "Visiting & parking");
  g_assert_null (strstr (item->body, "alert"));
  g_assert_null (strstr (item->body, "injected"));
  g_assert_null (strstr (item->body, "steal"));
  g_assert_null (strstr (item->body, "color"));
  g_assert_null (strstr (item->body, "hidden"));
  g_assert_null (strstr (item->body, "Enable scripts"));
  g_assert_null (strstr (item->body, "<b>"));
  /* Unknown entities stay as written; known ones are decoded. */
  g_assert_cmpstr (item->body, ==,
                   "Our office is at 12 MG Road, Caf&eacute; décor — 3rd floor.\n\n"
                   "Visitors park in B2.\n\n"
                   "- Free for 2 hours\n"
                   "- Bring the pass back\n\n"
                   "5 < 6 && 7 > 3");

  /* Headings split a page into items like Markdown does. */
  faq = parse (TERRA_IMPORT_FORMAT_HTML, "faq.htm",
               "<h1>FAQ</h1><h2>Do you do home loans?</h2><p>Through three partner banks.</p>"
               "<h2>Weekend visits?</h2><p>Yes, <i>Saturday</i> and Sunday.</p>");
  g_assert_cmpuint (faq->added->len, ==, 2);
  g_assert_cmpstr (entry (faq, 0)->title, ==, "Do you do home loans?");
  g_assert_cmpstr (entry (faq, 1)->body, ==, "Yes, Saturday and Sunday.");

  text = terra_import_html_to_text ("<p>a<br>b</p><script>", -1, &title);
  g_assert_cmpstr (text, ==, "a\nb");
  g_assert_null (title);
}

static void
test_csv (void)
{
  g_autoptr(TerraImportReport) report = NULL;
  TerraImportEntry *item;

  report = parse (TERRA_IMPORT_FORMAT_CSV, "faqs.csv",
                  "Question,Answer\r\n"                                         /* 1: header */
                  "Do you charge a fee?,\"Yes, 1% of the price.\"\r\n"          /* 2 */
                  "\"Where do I park?\",\"In B2.\r\nAsk the guard for \"\"Visitor\"\" passes.\"\r\n" /* 3–4 */
                  "Too many,fields,here\r\n"                                    /* 5 */
                  "No answer,\r\n"                                              /* 6 */
                  ",No question\r\n"                                            /* 7 */
                  "\r\n"                                                        /* 8: blank */
                  "do you charge a fee?,Asked again\r\n"                        /* 9 */
                  "Bad \"quote,here\r\n"                                        /* 10 */
                  "\"Closed\" early,text\r\n"                                   /* 11 */
                  "Trailing empties,are fine,,\r\n"                             /* 12 */
                  "Only one field\r\n"                                          /* 13 */
                  "\"Never closed,at the end\r\n");                             /* 14 */

  g_assert_cmpuint (report->added->len, ==, 3);
  item = entry (report, 0);
  g_assert_cmpstr (item->title, ==, "Do you charge a fee?");
  g_assert_cmpstr (item->body, ==, "Yes, 1% of the price.");
  g_assert_cmpint (item->category, ==, TERRA_KNOWLEDGE_FAQ);
  item = entry (report, 1);
  g_assert_cmpstr (item->title, ==, "Where do I park?");
  g_assert_cmpstr (item->body, ==, "In B2.\nAsk the guard for \"Visitor\" passes.");
  item = entry (report, 2);
  g_assert_cmpstr (item->title, ==, "Trailing empties");
  g_assert_cmpstr (item->body, ==, "are fine");

  g_assert_cmpuint (report->skipped->len, ==, 8);
  g_assert_cmpuint (skip (report, 0)->line, ==, 5);
  g_assert_cmpstr (skip (report, 0)->reason, ==, "Expected 2 fields (question, answer), found 3");
  g_assert_cmpuint (skip (report, 1)->line, ==, 6);
  g_assert_cmpstr (skip (report, 1)->reason, ==, "The answer is empty");
  g_assert_cmpuint (skip (report, 2)->line, ==, 7);
  g_assert_cmpstr (skip (report, 2)->reason, ==, "The question is empty");
  g_assert_cmpuint (skip (report, 3)->line, ==, 9);
  g_assert_cmpstr (skip (report, 3)->reason, ==, "The same question as line 2");
  g_assert_cmpuint (skip (report, 4)->line, ==, 10);
  g_assert_cmpstr (skip (report, 4)->reason, ==, "A quote inside a field that is not quoted");
  g_assert_cmpuint (skip (report, 5)->line, ==, 11);
  g_assert_cmpstr (skip (report, 5)->reason, ==, "Text follows a closing quote");
  g_assert_cmpuint (skip (report, 6)->line, ==, 13);
  g_assert_cmpstr (skip (report, 6)->reason, ==, "Expected 2 fields (question, answer), found 1");
  g_assert_cmpuint (skip (report, 7)->line, ==, 14);
  g_assert_cmpstr (skip (report, 7)->reason, ==, "A quoted field is never closed");
  for (guint i = 0; i < report->skipped->len; i++)
    g_assert_cmpstr (skip (report, i)->source, ==, "faqs.csv");
}

static void
test_csv_lf_without_header (void)
{
  g_autoptr(TerraImportReport) report = NULL;
  g_autoptr(TerraImportReport) empty = NULL;

  report = parse (TERRA_IMPORT_FORMAT_CSV, "plain.csv", "Is there a lift?,Yes\nPets allowed?,\"Small ones, yes\"");
  g_assert_cmpuint (report->added->len, ==, 2);
  g_assert_cmpuint (report->skipped->len, ==, 0);
  g_assert_cmpstr (entry (report, 1)->body, ==, "Small ones, yes");

  empty = parse (TERRA_IMPORT_FORMAT_CSV, "header-only.csv", "question,answer\n");
  g_assert_cmpuint (empty->added->len, ==, 0);
  g_assert_cmpstr (skip (empty, 0)->reason, ==, "The file holds no questions and answers");
}

static void
test_pdf (void)
{
  g_autoptr(GBytes) pdf = make_pdf ("Visitor guide", "Parking is free for visitors in B2.", "The lift is on the left.");
  g_autoptr(GBytes) untitled = make_pdf (NULL, "Price list 2026", "Plots from 40 lakh.");
  g_autoptr(TerraImportReport) report = terra_import_report_new ();
  TerraImportEntry *item;

  terra_import_parse (TERRA_IMPORT_FORMAT_PDF, "guide.pdf", pdf, TERRA_KNOWLEDGE_POLICIES, report);
  terra_import_parse (TERRA_IMPORT_FORMAT_PDF, "price_list.pdf", untitled, TERRA_KNOWLEDGE_PRODUCTS, report);
  g_assert_cmpuint (report->skipped->len, ==, 0);
  g_assert_cmpuint (report->added->len, ==, 2);

  item = entry (report, 0);
  g_assert_cmpstr (item->title, ==, "Visitor guide");
  g_assert_cmpint (item->category, ==, TERRA_KNOWLEDGE_POLICIES);
  g_assert_nonnull (strstr (item->body, "Parking is free for visitors in B2."));
  g_assert_nonnull (strstr (item->body, "The lift is on the left."));

  item = entry (report, 1);
  g_assert_cmpstr (item->title, ==, "price list");
  g_assert_nonnull (strstr (item->body, "Plots from 40 lakh."));
}

static void
test_pdf_broken (void)
{
  g_autoptr(GBytes) pdf = make_pdf ("Guide", "Some text", "More text");
  g_autoptr(GBytes) truncated = g_bytes_new_from_bytes (pdf, 0, g_bytes_get_size (pdf) / 3);
  g_autoptr(GBytes) garbage = g_bytes_new_static ("%PDF-1.4\nthis is not a pdf at all\n", 33);
  g_autoptr(TerraImportReport) report = terra_import_report_new ();

  terra_import_parse (TERRA_IMPORT_FORMAT_PDF, "garbage.pdf", garbage, TERRA_KNOWLEDGE_COMPANY, report);
  terra_import_parse (TERRA_IMPORT_FORMAT_PDF, "truncated.pdf", truncated, TERRA_KNOWLEDGE_COMPANY, report);

  g_assert_cmpuint (report->added->len, ==, 0);
  g_assert_cmpuint (report->skipped->len, ==, 2);
  g_assert_cmpstr (skip (report, 0)->source, ==, "garbage.pdf");
  g_assert_true (g_str_has_prefix (skip (report, 0)->reason, "Not a readable PDF"));
  g_assert_cmpstr (skip (report, 1)->source, ==, "truncated.pdf");
  g_assert_true (g_str_has_prefix (skip (report, 1)->reason, "Not a readable PDF"));
}

/* The import job */

static const char faq_csv[] =
  "question,answer\n"
  "Do you charge a brokerage fee?,\"Yes, 1% of the price.\"\n"
  "Is a site visit free?,Always.\n"
  "Broken row\n";

static TerraKnowledgeImport *
import_of_all_types (const char *directory)
{
  g_autoptr(TerraKnowledgeImport) import = terra_knowledge_import_new (NULL);
  g_autoptr(GBytes) pdf = make_pdf ("Visitor guide", "Parking is free in B2.", "Lift on the left.");
  const char *broken = "%PDF-1.7\nbroken";
  const char *text = "Opening hours\nNine to six, Monday to Saturday.";
  const char *markdown = "# Loans\n\nThree partner banks.";
  const char *html = "<title>Team</title><p>Twelve agents<script>x()</script></p>";
  g_autoptr(GFile) f1 = write_file (directory, "hours.txt", text, strlen (text));
  g_autoptr(GFile) f2 = write_file (directory, "loans.md", markdown, strlen (markdown));
  g_autoptr(GFile) f3 = write_file (directory, "team.html", html, strlen (html));
  g_autoptr(GFile) f4 = write_file (directory, "faqs.csv", faq_csv, strlen (faq_csv));
  g_autoptr(GFile) f5 = write_file (directory, "guide.pdf", g_bytes_get_data (pdf, NULL), g_bytes_get_size (pdf));
  g_autoptr(GFile) f6 = write_file (directory, "broken.pdf", broken, strlen (broken));
  g_autoptr(GFile) f7 = write_file (directory, "letter.docx", "PK", 2);
  g_autofree char *missing_path = g_build_filename (directory, "missing.txt", NULL);
  g_autoptr(GFile) f8 = g_file_new_for_path (missing_path);
  GFile *files[] = { f1, f2, f3, f4, f5, f6, f7, f8 };

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    terra_knowledge_import_add_file (import, files[i]);
  terra_knowledge_import_set_category (import, TERRA_KNOWLEDGE_COMPANY);
  terra_knowledge_import_set_publish (import, TRUE);
  return g_steal_pointer (&import);
}

static gboolean
report_skips (TerraImportReport *report,
              const char        *source,
              const char        *reason_prefix)
{
  for (guint i = 0; i < report->skipped->len; i++)
    if (g_strcmp0 (skip (report, i)->source, source) == 0 &&
        g_str_has_prefix (skip (report, i)->reason, reason_prefix))
      return TRUE;
  return FALSE;
}

static void
test_import_job (void)
{
  g_autoptr(TerraTestWorkspace) workspace = terra_test_workspace_new ();
  TerraStore *store = terra_workspace_get_store (workspace);
  g_autofree char *directory = terra_test_make_directory ();
  g_autoptr(TerraKnowledgeImport) import = import_of_all_types (directory);
  g_autoptr(TerraKnowledgeImport) again = NULL;
  g_autoptr(TerraImportReport) report = NULL;
  g_autoptr(TerraImportReport) second = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = NULL;

  report = terra_knowledge_import_run (import, store, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (report);

  /* txt, md, html, pdf: one each; csv: two rows. */
  g_assert_cmpuint (report->added->len, ==, 6);
  g_assert_cmpint (count_items (store), ==, 6);
  g_assert_cmpuint (report->skipped->len, ==, 4);
  g_assert_true (report_skips (report, "faqs.csv", "Expected 2 fields"));
  g_assert_true (report_skips (report, "broken.pdf", "Not a readable PDF"));
  g_assert_true (report_skips (report, "letter.docx", "Not a document Terra can read"));
  g_assert_true (report_skips (report, "missing.txt", "Could not read the file"));
  summary = terra_import_report_summary (report);
  g_assert_cmpstr (summary, ==, "Added 6 items, skipped 4.");

  items = list_items (store);
  for (guint i = 0; i < items->len; i++)
    {
      TerraKnowledgeItem *item = g_ptr_array_index (items, i);
      TerraImportEntry *added = entry (report, i);

      g_assert_cmpint (terra_knowledge_item_get_id (item), ==, added->item_id);
      g_assert_cmpstr (terra_knowledge_item_get_title (item), ==, added->title);
      g_assert_true (terra_knowledge_item_get_published (item));
    }
  g_assert_cmpstr (terra_knowledge_item_get_title (g_ptr_array_index (items, 2)), ==, "Team");
  g_assert_cmpstr (terra_knowledge_item_get_body (g_ptr_array_index (items, 2)), ==, "Twelve agents");

  /* Published, so the assistant finds them. */
  hits = terra_knowledge_search (store, "brokerage fee", NULL, 0, 3, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, >=, 1);
  g_assert_cmpstr (((TerraKnowledgeHit *)g_ptr_array_index (hits, 0))->title, ==, "Do you charge a brokerage fee?");

  /* The same files again: nothing doubles. */
  again = import_of_all_types (directory);
  second = terra_knowledge_import_run (again, store, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (second->added->len, ==, 0);
  g_assert_cmpint (count_items (store), ==, 6);
  g_assert_true (report_skips (second, "faqs.csv", "“Is a site visit free?” is already in the knowledge base"));

  terra_test_remove_directory (directory);
}

typedef struct
{
  GCancellable *cancellable;
  double        cancel_at;
  double        last;
  guint         calls;
} CancelAt;

static void
cancel_at_progress (double      fraction,
                    const char *what,
                    gpointer    user_data)
{
  CancelAt *cancel = user_data;

  g_assert_cmpfloat (fraction, >=, cancel->last);
  cancel->last = fraction;
  cancel->calls++;
  if (fraction >= cancel->cancel_at)
    g_cancellable_cancel (cancel->cancellable);
}

/* Cancelled while reading the files, while adding items (some already
 * inserted in the transaction) and after the last item, just before the
 * commit: never half an import. */
static void
test_import_cancel (void)
{
  const double cancel_points[] = { 0.1, 0.7, 0.9 };

  for (guint i = 0; i < G_N_ELEMENTS (cancel_points); i++)
    {
      g_autoptr(TerraTestWorkspace) workspace = terra_test_workspace_new ();
      TerraStore *store = terra_workspace_get_store (workspace);
      g_autofree char *directory = terra_test_make_directory ();
      g_autoptr(TerraKnowledgeImport) import = import_of_all_types (directory);
      g_autoptr(GCancellable) cancellable = g_cancellable_new ();
      g_autoptr(TerraImportReport) report = NULL;
      g_autoptr(GError) error = NULL;
      CancelAt cancel = { cancellable, cancel_points[i], 0.0, 0 };

      report = terra_knowledge_import_run (import, store, cancellable, cancel_at_progress, &cancel, &error);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
      g_assert_null (report);
      g_assert_cmpuint (cancel.calls, >, 0);
      g_assert_cmpint (count_items (store), ==, 0);
      g_assert_false (terra_store_in_transaction (store));
      /* No passage survives either: search finds nothing. */
      {
        g_autoptr(GPtrArray) hits = terra_knowledge_search (store, "brokerage", NULL, 0, 3, NULL);
        g_assert_cmpuint (hits->len, ==, 0);
      }
      terra_test_remove_directory (directory);
    }
}

static void
fraction_changed_cb (GObject    *object,
                     GParamSpec *pspec,
                     gpointer    user_data)
{
  guint *changes = user_data;
  (*changes)++;
}

static void
async_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  TerraImportReport **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = terra_knowledge_import_run_finish (TERRA_KNOWLEDGE_IMPORT (object), result, &error);
  g_assert_no_error (error);
}

static void
test_import_async (void)
{
  g_autoptr(TerraTestWorkspace) workspace = terra_test_workspace_new ();
  g_autofree char *directory = terra_test_make_directory ();
  g_autoptr(GFile) file = write_file (directory, "faqs.csv", faq_csv, strlen (faq_csv));
  g_autoptr(TerraKnowledgeImport) import = terra_knowledge_import_new (workspace);
  g_autoptr(TerraImportReport) report = NULL;
  guint changes = 0;

  terra_knowledge_import_add_file (import, file);
  g_signal_connect (import, "notify::fraction", G_CALLBACK (fraction_changed_cb), &changes);
  terra_knowledge_import_run_async (import, NULL, async_done_cb, &report);
  while (report == NULL)
    g_main_context_iteration (NULL, TRUE);
  /* The last progress update may follow the result by an iteration. */
  while (terra_knowledge_import_get_fraction (import) < 1.0)
    g_main_context_iteration (NULL, TRUE);

  g_assert_cmpuint (report->added->len, ==, 2);
  g_assert_cmpuint (changes, >, 1);
  g_assert_cmpint (count_items (terra_workspace_get_store (workspace)), ==, 2);
  /* Not published unless asked. */
  {
    g_autoptr(GPtrArray) items = list_items (terra_workspace_get_store (workspace));
    g_assert_false (terra_knowledge_item_get_published (g_ptr_array_index (items, 0)));
  }
  terra_test_remove_directory (directory);
}

/* JSON export and import */

static void
add_item (TerraStore             *store,
          TerraKnowledgeCategory  category,
          const char             *title,
          const char             *body,
          gboolean                published)
{
  g_autoptr(TerraKnowledgeItem) item = terra_knowledge_item_new ();
  g_autoptr(GError) error = NULL;

  terra_knowledge_item_set_category (item, category);
  terra_knowledge_item_set_title (item, title);
  terra_knowledge_item_set_body (item, body);
  terra_knowledge_item_set_published (item, published);
  g_assert_true (terra_store_insert (store, item, &error));
  g_assert_no_error (error);
}

static void
add_instruction (TerraStore           *store,
                 TerraInstructionKind  kind,
                 const char           *condition,
                 const char           *body,
                 int                   priority,
                 gboolean              enabled)
{
  g_autoptr(TerraInstruction) instruction = terra_instruction_new ();
  g_autoptr(GError) error = NULL;

  terra_instruction_set_kind (instruction, kind);
  terra_instruction_set_condition (instruction, condition);
  terra_instruction_set_body (instruction, body);
  terra_instruction_set_priority (instruction, priority);
  terra_instruction_set_enabled (instruction, enabled);
  g_assert_true (terra_store_insert (store, instruction, &error));
  g_assert_no_error (error);
}

static void
assert_same_items (GPtrArray *a,
                   GPtrArray *b)
{
  g_assert_cmpuint (a->len, ==, b->len);
  for (guint i = 0; i < a->len; i++)
    {
      TerraKnowledgeItem *x = g_ptr_array_index (a, i);
      TerraKnowledgeItem *y = g_ptr_array_index (b, i);

      g_assert_cmpint (terra_knowledge_item_get_category (x), ==, terra_knowledge_item_get_category (y));
      g_assert_cmpstr (terra_knowledge_item_get_title (x), ==, terra_knowledge_item_get_title (y));
      g_assert_cmpstr (terra_knowledge_item_get_body (x), ==, terra_knowledge_item_get_body (y));
      g_assert_cmpint (terra_knowledge_item_get_published (x), ==, terra_knowledge_item_get_published (y));
    }
}

static void
test_json_round_trip (void)
{
  g_autoptr(TerraTestWorkspace) source = terra_test_workspace_new ();
  g_autoptr(TerraTestWorkspace) target = terra_test_workspace_new ();
  TerraStore *from = terra_workspace_get_store (source);
  TerraStore *to = terra_workspace_get_store (target);
  g_autoptr(GPtrArray) items_from = NULL;
  g_autoptr(GPtrArray) items_to = NULL;
  g_autoptr(GPtrArray) rules_to = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  TerraKnowledgeImportCounts counts = { 0, };

  add_item (from, TERRA_KNOWLEDGE_COMPANY, "About Skyline", "Founded in 2009.\n\n**Bengaluru** office.", TRUE);
  add_item (from, TERRA_KNOWLEDGE_FAQ, "Brokerage fee?", "1% — paid at \"registration\".", TRUE);
  add_item (from, TERRA_KNOWLEDGE_POLICIES, "Refunds", "Token amount refundable within 7 days.", FALSE);
  add_item (from, TERRA_KNOWLEDGE_OBJECTIONS, "Too expensive", "Compare price per sq ft: ₹ 8,200.", TRUE);
  add_instruction (from, TERRA_INSTRUCTION_ALWAYS, "", "Offer a site visit.", 20, TRUE);
  add_instruction (from, TERRA_INSTRUCTION_WHEN, "the lead asks for a discount", "Hand over to Priya.", 10, TRUE);
  add_instruction (from, TERRA_INSTRUCTION_NEVER, "", "Promise a price.", 5, FALSE);
  add_instruction (from, TERRA_INSTRUCTION_TONE, "", "Warm, brief, no emoji.", 0, TRUE);

  json = terra_knowledge_export_json (from, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (json, "\"format\" : \"terra-knowledge\""));

  g_assert_true (terra_knowledge_import_json (to, json, -1, &counts, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counts.items_added, ==, 4);
  g_assert_cmpuint (counts.instructions_added, ==, 4);
  g_assert_cmpuint (counts.items_skipped + counts.instructions_skipped, ==, 0);

  items_from = list_items (from);
  items_to = list_items (to);
  assert_same_items (items_from, items_to);

  rules_to = list_instructions (to);
  g_assert_cmpuint (rules_to->len, ==, 4);
  /* Exported by priority, highest first. */
  g_assert_cmpint (terra_instruction_get_kind (g_ptr_array_index (rules_to, 0)), ==, TERRA_INSTRUCTION_ALWAYS);
  g_assert_cmpint (terra_instruction_get_priority (g_ptr_array_index (rules_to, 0)), ==, 20);
  g_assert_cmpstr (terra_instruction_get_condition (g_ptr_array_index (rules_to, 1)), ==, "the lead asks for a discount");
  g_assert_cmpstr (terra_instruction_get_body (g_ptr_array_index (rules_to, 1)), ==, "Hand over to Priya.");
  g_assert_false (terra_instruction_get_enabled (g_ptr_array_index (rules_to, 2)));
  g_assert_cmpint (terra_instruction_get_kind (g_ptr_array_index (rules_to, 3)), ==, TERRA_INSTRUCTION_TONE);

  /* The imported items are searchable like typed ones. */
  {
    g_autoptr(GPtrArray) hits = terra_knowledge_search (to, "brokerage fee", NULL, 0, 3, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (hits->len, >=, 1);
  }

  /* Importing the same file again adds nothing. */
  g_assert_true (terra_knowledge_import_json (to, json, -1, &counts, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counts.items_added + counts.instructions_added, ==, 0);
  g_assert_cmpuint (counts.items_skipped, ==, 4);
  g_assert_cmpuint (counts.instructions_skipped, ==, 4);
  g_assert_cmpint (count_items (to), ==, 4);
}

/* More than one page of the store's default query size. */
static void
test_json_many (void)
{
  g_autoptr(TerraTestWorkspace) source = terra_test_workspace_new ();
  g_autoptr(TerraTestWorkspace) target = terra_test_workspace_new ();
  TerraStore *from = terra_workspace_get_store (source);
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  TerraKnowledgeImportCounts counts = { 0, };

  g_assert_true (terra_store_begin (from, &error));
  for (guint i = 0; i < 250; i++)
    {
      g_autofree char *title = g_strdup_printf ("Question %u", i);
      g_autofree char *body = g_strdup_printf ("Answer %u", i);

      add_item (from, TERRA_KNOWLEDGE_FAQ, title, body, i % 2 == 0);
      if (i < 120)
        add_instruction (from, TERRA_INSTRUCTION_ALWAYS, "", body, (int)i, TRUE);
    }
  g_assert_true (terra_store_commit (from, &error));

  json = terra_knowledge_export_json (from, &error);
  g_assert_no_error (error);
  g_assert_true (terra_knowledge_import_json (terra_workspace_get_store (target), json, -1, &counts, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counts.items_added, ==, 250);
  g_assert_cmpuint (counts.instructions_added, ==, 120);
  g_assert_cmpint (count_items (terra_workspace_get_store (target)), ==, 250);

  /* Again: every one of them is recognised, not only the first hundred. */
  g_assert_true (terra_knowledge_import_json (terra_workspace_get_store (target), json, -1, &counts, &error));
  g_assert_cmpuint (counts.items_added + counts.instructions_added, ==, 0);
  g_assert_cmpint (count_items (terra_workspace_get_store (target)), ==, 250);
}

static void
test_json_all_or_nothing (void)
{
  g_autoptr(TerraTestWorkspace) workspace = terra_test_workspace_new ();
  TerraStore *store = terra_workspace_get_store (workspace);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) instructions = NULL;
  const char *bad_kind =
    "{\"format\":\"terra-knowledge\",\"version\":1,"
    " \"knowledge\":[{\"category\":\"faq\",\"title\":\"Good\",\"body\":\"Fine\",\"published\":true}],"
    " \"instructions\":[{\"kind\":\"always\",\"body\":\"Be kind\"},{\"kind\":\"sometimes\",\"body\":\"?\"}]}";
  const char *bad_title =
    "{\"format\":\"terra-knowledge\",\"version\":1,"
    " \"knowledge\":[{\"category\":\"faq\",\"title\":\"Good\",\"body\":\"Fine\"},"
    "                {\"category\":\"faq\",\"title\":\"\",\"body\":\"No title\"}]}";
  const char *not_ours = "{\"knowledge\":[]}";
  const char *newer = "{\"format\":\"terra-knowledge\",\"version\":99}";

  g_assert_false (terra_knowledge_import_json (store, bad_kind, -1, NULL, &error));
  g_assert_error (error, TERRA_STORE_ERROR, TERRA_STORE_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "Instruction 2: unknown kind");
  g_clear_error (&error);

  g_assert_false (terra_knowledge_import_json (store, bad_title, -1, NULL, &error));
  g_assert_error (error, TERRA_STORE_ERROR, TERRA_STORE_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "Knowledge entry 2: the title is missing, empty or too long");
  g_clear_error (&error);

  g_assert_false (terra_knowledge_import_json (store, not_ours, -1, NULL, &error));
  g_assert_error (error, TERRA_STORE_ERROR, TERRA_STORE_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_false (terra_knowledge_import_json (store, newer, -1, NULL, &error));
  g_assert_error (error, TERRA_STORE_ERROR, TERRA_STORE_ERROR_NEWER_SCHEMA);
  g_clear_error (&error);

  g_assert_false (terra_knowledge_import_json (store, "{not json", -1, NULL, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);

  /* Nothing of the good entries before the bad ones was added. */
  g_assert_cmpint (count_items (store), ==, 0);
  instructions = list_instructions (store);
  g_assert_cmpuint (instructions->len, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/knowledge-import/text", test_text);
  g_test_add_func ("/knowledge-import/text-encodings", test_text_encodings);
  g_test_add_func ("/knowledge-import/markdown", test_markdown);
  g_test_add_func ("/knowledge-import/html", test_html);
  g_test_add_func ("/knowledge-import/csv", test_csv);
  g_test_add_func ("/knowledge-import/csv-lf-without-header", test_csv_lf_without_header);
  g_test_add_func ("/knowledge-import/pdf", test_pdf);
  g_test_add_func ("/knowledge-import/pdf-broken", test_pdf_broken);
  g_test_add_func ("/knowledge-import/job", test_import_job);
  g_test_add_func ("/knowledge-import/cancel", test_import_cancel);
  g_test_add_func ("/knowledge-import/async", test_import_async);
  g_test_add_func ("/knowledge-export/round-trip", test_json_round_trip);
  g_test_add_func ("/knowledge-export/many", test_json_many);
  g_test_add_func ("/knowledge-export/all-or-nothing", test_json_all_or_nothing);

  status = g_test_run ();

  /* Drawing the PDFs' text loaded fonts once for the whole program; free
   * those caches so LeakSanitizer sees only what the tests themselves
   * allocated. */
  cairo_debug_reset_static_data ();
  FcFini ();
  return status;
}
