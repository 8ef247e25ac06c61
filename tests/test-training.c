/* test-training.c — the Training view's plain logic, without a display:
 * the knowledge editor's Markdown helpers and the confidence figure
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "terra-knowledge-editor.h"
#include "terra-training-view-private.h"

static char *
buffer_text (GtkTextBuffer *buffer)
{
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
select_range (GtkTextBuffer *buffer,
              int            from,
              int            to)
{
  GtkTextIter start, end;

  gtk_text_buffer_get_iter_at_offset (buffer, &start, from);
  gtk_text_buffer_get_iter_at_offset (buffer, &end, to);
  gtk_text_buffer_select_range (buffer, &start, &end);
}

static int
cursor_offset (GtkTextBuffer *buffer)
{
  GtkTextIter at;

  gtk_text_buffer_get_iter_at_mark (buffer, &at, gtk_text_buffer_get_insert (buffer));
  return gtk_text_iter_get_offset (&at);
}

static void
test_wrap (void)
{
  g_autoptr(GtkTextBuffer) buffer = gtk_text_buffer_new (NULL);
  g_autofree char *bold = NULL;
  g_autofree char *empty = NULL;

  /* A selection is wrapped in the marks. */
  gtk_text_buffer_set_text (buffer, "Parking is free for visitors", -1);
  select_range (buffer, 11, 15);
  terra_knowledge_editor_wrap_selection (buffer, "**");
  bold = buffer_text (buffer);
  g_assert_cmpstr (bold, ==, "Parking is **free** for visitors");

  /* Nothing selected: a pair of marks, the cursor between them. */
  gtk_text_buffer_set_text (buffer, "Café ", -1);
  select_range (buffer, 5, 5);
  terra_knowledge_editor_wrap_selection (buffer, "_");
  empty = buffer_text (buffer);
  g_assert_cmpstr (empty, ==, "Café __");
  g_assert_cmpint (cursor_offset (buffer), ==, 6);
}

static void
test_prefix (void)
{
  g_autoptr(GtkTextBuffer) buffer = gtk_text_buffer_new (NULL);
  g_autofree char *listed = NULL;
  g_autofree char *unlisted = NULL;
  g_autofree char *heading = NULL;

  gtk_text_buffer_set_text (buffer, "Amenities\nPool\nGym\nClubhouse", -1);
  /* From inside "Pool" to the start of "Clubhouse": Pool and Gym. */
  select_range (buffer, 12, 19);
  terra_knowledge_editor_toggle_prefix (buffer, "- ");
  listed = buffer_text (buffer);
  g_assert_cmpstr (listed, ==, "Amenities\n- Pool\n- Gym\nClubhouse");

  /* Again on the same lines: the list marks go. */
  select_range (buffer, 12, 22);
  terra_knowledge_editor_toggle_prefix (buffer, "- ");
  unlisted = buffer_text (buffer);
  g_assert_cmpstr (unlisted, ==, "Amenities\nPool\nGym\nClubhouse");

  /* The cursor's line alone. */
  select_range (buffer, 3, 3);
  terra_knowledge_editor_toggle_prefix (buffer, "## ");
  heading = buffer_text (buffer);
  g_assert_cmpstr (heading, ==, "## Amenities\nPool\nGym\nClubhouse");
}

static void
test_confidence (void)
{
  /* Nothing published: nothing to answer from, whatever the grades. */
  g_assert_cmpint (_terra_training_confidence (0, 0, 0), ==, 0);
  g_assert_cmpint (_terra_training_confidence (0, 9, 0), ==, 0);
  /* Five items cover a topic; without grades, quality starts at a half. */
  g_assert_cmpint (_terra_training_confidence (5, 0, 0), ==, 50);
  g_assert_cmpint (_terra_training_confidence (12, 0, 0), ==, 50);
  /* One of five items, one good and one bad grade: 1/5 × 2/4. */
  g_assert_cmpint (_terra_training_confidence (1, 1, 1), ==, 10);
  /* Grades move it, a single one not to the extremes. */
  g_assert_cmpint (_terra_training_confidence (5, 1, 0), ==, 67);
  g_assert_cmpint (_terra_training_confidence (5, 0, 1), ==, 33);
  g_assert_cmpint (_terra_training_confidence (5, 98, 0), ==, 99);
  g_assert_cmpint (_terra_training_confidence (5, 0, 98), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/training/editor/wrap", test_wrap);
  g_test_add_func ("/training/editor/prefix", test_prefix);
  g_test_add_func ("/training/confidence", test_confidence);

  return g_test_run ();
}
