/* perf-calendar.c — the Calendar's month view in a busy month
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Goal (scheduling issue): with 600 appointments in one month, from
 * setting the month to the first complete frame of the month view — the
 * grid's children built, measured and allocated, and the whole view
 * snapshotted into a render node — under 50 ms. The read from the
 * database (on the view's worker thread in the application) is timed
 * apart; a busy week with its free slots is timed too.
 *
 * Needs a display (GTK maps the grid in a window): meson runs it through
 * build-aux/with-desktop.sh. Prints its figures and TAP; run with
 * `meson test -C _build --benchmark perf-calendar -v`.
 */

#include "config.h"

#include <adwaita.h>

#include "terra-calendar-grid.h"
#include "terra-test-utils.h"

#define N_BOOKINGS 600
#define N_RUNS     25
#define GOAL_MS    50.0
#define WIDTH      1280
#define HEIGHT     720
#define MINUTE     ((gint64)60 * G_USEC_PER_SEC)

/* From the generated terra-resources.c: the stylesheet, so the buttons
 * are measured as the application draws them. */
GResource *terra_get_resource (void);

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double da = *(const double *)a;
  double db = *(const double *)b;

  return da < db ? -1 : da > db ? 1 : 0;
}

static gint64
make_type (TerraStore *store,
           const char *name,
           int         minutes)
{
  g_autoptr(TerraAppointmentType) type = terra_appointment_type_new ();
  g_autoptr(GError) error = NULL;

  terra_appointment_type_set_name (type, name);
  terra_appointment_type_set_duration_minutes (type, minutes);
  g_assert_true (terra_store_insert (store, type, &error));
  return terra_appointment_type_get_id (type);
}

/* Twenty half-hour appointments a day, 09:00–19:00 UTC, on the 30 days
 * from @first_day; one in seven by hand, one in twenty cancelled. */
static void
fill_month (TerraStore *store,
            gint64      type_id,
            gint64      first_day)
{
  g_autoptr(TerraContact) contact = terra_contact_new ();
  g_autoptr(GError) error = NULL;

  terra_contact_set_name (contact, "Kavya Nair");
  g_assert_true (terra_store_insert (store, contact, &error));

  g_assert_true (terra_store_begin (store, &error));
  for (guint i = 0; i < N_BOOKINGS; i++)
    {
      g_autoptr(TerraBooking) booking = terra_booking_new ();
      gint64 start = first_day + (i / 20) * G_TIME_SPAN_DAY + (9 * 60 + (i % 20) * 30) * MINUTE;

      terra_booking_set_contact_id (booking, terra_contact_get_id (contact));
      terra_booking_set_appointment_type_id (booking, type_id);
      terra_booking_set_title (booking, "Site visit — Kavya Nair");
      terra_booking_set_start_utc (booking, start);
      terra_booking_set_end_utc (booking, start + 30 * MINUTE);
      terra_booking_set_timezone (booking, "UTC");
      terra_booking_set_source (booking, i % 7 == 0 ? TERRA_BOOKING_SOURCE_MANUAL
                                                    : TERRA_BOOKING_SOURCE_ASSISTANT);
      terra_booking_set_status (booking, i % 20 == 3 ? TERRA_BOOKING_STATUS_CANCELLED
                                                     : TERRA_BOOKING_STATUS_CONFIRMED);
      g_assert_true (terra_store_insert (store, booking, &error));
    }
  g_assert_true (terra_store_commit (store, &error));
  g_assert_no_error (error);
}

static void
prepare_workspace (TerraStore *store,
                   gint64      first_day)
{
  g_autoptr(JsonNode) zone = json_node_init_string (json_node_alloc (), "UTC");
  g_autoptr(GError) error = NULL;
  TerraOpeningRange ranges[6];

  g_assert_true (terra_store_set_setting (store, "business.timezone", zone, &error));
  for (int day = 1; day <= 6; day++)
    ranges[day - 1] = (TerraOpeningRange) { day, 9 * 60, 19 * 60 };
  g_assert_true (terra_store_set_opening_hours (store, ranges, 6, &error));
  g_assert_no_error (error);

  fill_month (store, make_type (store, "Site visit", 30), first_day);
}

static void
load_style (void)
{
  g_autoptr(GtkCssProvider) provider = gtk_css_provider_new ();

  g_assert_nonnull (terra_get_resource ());
  gtk_css_provider_load_from_resource (provider, "/io/github/terrasales/Terra/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

/* The first frame: build, measure, allocate and snapshot. */
static double
frame (GtkWidget         *grid,
       TerraCalendarData *data,
       guint             *n_nodes)
{
  gint64 started = g_get_monotonic_time ();
  GtkSnapshot *snapshot;
  GskRenderNode *node;
  int min_width, min_height;

  terra_calendar_grid_show (TERRA_CALENDAR_GRID (grid), data, FALSE);
  gtk_widget_measure (grid, GTK_ORIENTATION_HORIZONTAL, -1, &min_width, NULL, NULL, NULL);
  gtk_widget_measure (grid, GTK_ORIENTATION_VERTICAL, WIDTH, &min_height, NULL, NULL, NULL);
  gtk_widget_size_allocate (grid, &(GtkAllocation) { 0, 0, MAX (WIDTH, min_width), MAX (HEIGHT, min_height) }, -1);

  snapshot = gtk_snapshot_new ();
  GTK_WIDGET_GET_CLASS (grid)->snapshot (grid, snapshot);
  node = gtk_snapshot_free_to_node (snapshot);
  *n_nodes = node != NULL ? 1 : 0;
  g_clear_pointer (&node, gsk_render_node_unref);

  return (g_get_monotonic_time () - started) / 1000.0;
}

static guint
count_children (GtkWidget *widget)
{
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n++;
  return n;
}

typedef struct
{
  double load_median;
  double frame_median;
  double frame_max;
  double total_median;
  guint  n_children;
  guint  n_bookings;
  guint  n_free;
} Figures;

static void
measure (TerraStore        *store,
         GtkWidget         *grid,
         TerraCalendarMode  mode,
         const GDate       *anchor,
         gint64             now,
         Figures           *figures)
{
  g_autoptr(GArray) loads = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) frames = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) totals = g_array_new (FALSE, FALSE, sizeof (double));
  TerraCalendarPeriod period;

  terra_calendar_period_init (&period, mode, anchor);

  for (guint run = 0; run < N_RUNS; run++)
    {
      g_autoptr(TerraCalendarData) data = NULL;
      g_autoptr(GError) error = NULL;
      gint64 started = g_get_monotonic_time ();
      double load, drawn, total;
      guint nodes;

      data = terra_calendar_data_load (store, &period, 0, now, &error);
      g_assert_no_error (error);
      load = (g_get_monotonic_time () - started) / 1000.0;
      drawn = frame (grid, data, &nodes);
      total = load + drawn;
      g_assert_cmpuint (nodes, ==, 1);

      g_array_append_val (loads, load);
      g_array_append_val (frames, drawn);
      g_array_append_val (totals, total);
      figures->n_bookings = data->bookings->len;
      figures->n_free = data->free_slots->len;

      /* Let GTK catch up between runs, as between two periods shown. */
      while (g_main_context_iteration (NULL, FALSE))
        ;
    }

  g_array_sort (loads, compare_doubles);
  g_array_sort (frames, compare_doubles);
  g_array_sort (totals, compare_doubles);
  figures->load_median = g_array_index (loads, double, N_RUNS / 2);
  figures->frame_median = g_array_index (frames, double, N_RUNS / 2);
  figures->frame_max = g_array_index (frames, double, N_RUNS - 1);
  figures->total_median = g_array_index (totals, double, N_RUNS / 2);
  figures->n_children = count_children (grid);
}

static void
wait_until_mapped (GtkWidget *widget)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (!gtk_widget_get_mapped (widget) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (gtk_widget_get_mapped (widget));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(TerraTestWorkspace) workspace = NULL;
  TerraStore *store;
  /* November 2026: the month starts on a Sunday, so it spans six rows. */
  gint64 first_day = (gint64)1793491200 * G_USEC_PER_SEC; /* 2026-11-01 00:00 UTC */
  gint64 now = first_day - G_TIME_SPAN_DAY;
  GtkWidget *window;
  GtkWidget *grid;
  Figures month = { 0 }, week = { 0 };
  GDate anchor;
  gboolean ok;

  if (!gtk_init_check ())
    {
      g_print ("1..0 # SKIP no display\n");
      return 0;
    }
  adw_init ();
  load_style ();

  workspace = terra_test_workspace_new ();
  store = terra_workspace_get_store (workspace);
  prepare_workspace (store, first_day);

  grid = terra_calendar_grid_new ();
  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), WIDTH, HEIGHT);
  gtk_window_set_child (GTK_WINDOW (window), grid);
  gtk_window_present (GTK_WINDOW (window));
  wait_until_mapped (grid);

  g_date_clear (&anchor, 1);
  g_date_set_dmy (&anchor, 21, G_DATE_NOVEMBER, 2026);
  measure (store, grid, TERRA_CALENDAR_MODE_MONTH, &anchor, now, &month);
  measure (store, grid, TERRA_CALENDAR_MODE_WEEK, &anchor, now, &week);

  g_print ("# perf-calendar: %u appointments in November 2026, %d runs, %dx%d\n",
           N_BOOKINGS, N_RUNS, WIDTH, HEIGHT);
  g_print ("# month view: %u appointments read, %u child widgets\n", month.n_bookings, month.n_children);
  g_print ("#   read from the database (worker thread) median %.2f ms\n", month.load_median);
  g_print ("#   build + measure + allocate + snapshot median %.2f ms, max %.2f ms\n",
           month.frame_median, month.frame_max);
  g_print ("#   set month to first complete snapshot, median %.2f ms (goal < %.0f ms)\n",
           month.total_median, GOAL_MS);
  g_print ("# week view: %u appointments, %u free slots, %u child widgets\n",
           week.n_bookings, week.n_free, week.n_children);
  g_print ("#   read median %.2f ms, frame median %.2f ms, total median %.2f ms\n",
           week.load_median, week.frame_median, week.total_median);

  ok = month.total_median < GOAL_MS;
  g_print ("1..2\n");
  g_print ("%s 1 - busy month: set month to first complete snapshot in %.2f ms (< %.0f ms)\n",
           ok ? "ok" : "not ok", month.total_median, GOAL_MS);
  g_print ("%s 2 - busy week with free slots: %.2f ms (< %.0f ms)\n",
           week.total_median < GOAL_MS ? "ok" : "not ok", week.total_median, GOAL_MS);

  gtk_window_destroy (GTK_WINDOW (window));

  return ok && week.total_median < GOAL_MS ? 0 : 1;
}
