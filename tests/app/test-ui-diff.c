/* test-ui-diff.c: the details pane's Changes page against a real mosquitto:
 * two JSON messages with a changed, an added and a removed key show those
 * three rows (word, key, before, after) in the style's colours; a text
 * payload shows a line diff, a binary one "differs"
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sb-test-ui-preview.h"
#include "sb-details-pane-private.h"
#include "sb-preview-view-private.h"

/* The cells of the grid row @label sits in, joined by "|". */
static char *
grid_row_text (GtkWidget *label)
{
  GtkGrid *grid = GTK_GRID (gtk_widget_get_parent (label));
  GString *text = g_string_new (NULL);
  int row;

  gtk_grid_query_child (grid, label, NULL, &row, NULL, NULL);
  for (int column = 0; column < 4; column++)
    {
      GtkWidget *cell = gtk_grid_get_child_at (grid, column, row);

      if (column > 0)
        g_string_append_c (text, '|');
      if (cell != NULL && (column == 0 || gtk_grid_get_child_at (grid, column - 1, row) != cell))
        g_string_append (text, gtk_label_get_label (GTK_LABEL (cell)));
    }
  return g_string_free (text, FALSE);
}

static int
grid_rows (GtkWidget *pane)
{
  GtkWidget *grid = ui_find_label (pane, "Key") != NULL
                        ? gtk_widget_get_parent (ui_find_label (pane, "Key"))
                        : NULL;
  int rows = 0;

  if (grid == NULL)
    return 0;
  for (GtkWidget *child = gtk_widget_get_first_child (grid); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      int row;
      gtk_grid_query_child (GTK_GRID (grid), child, NULL, &row, NULL, NULL);
      rows = MAX (rows, row + 1);
    }
  return rows;
}

static void
assert_row (GtkWidget *pane, const char *path, const char *expected, const char *css_class)
{
  GtkWidget *label = ui_find_label (pane, path);
  g_autofree char *text = NULL;
  GtkWidget *word;
  int row;

  g_assert_nonnull (label);
  text = grid_row_text (label);
  g_assert_cmpstr (text, ==, expected);
  gtk_grid_query_child (GTK_GRID (gtk_widget_get_parent (label)), label, NULL, &row, NULL, NULL);
  word = gtk_grid_get_child_at (GTK_GRID (gtk_widget_get_parent (label)), 0, row);
  g_assert_true (gtk_widget_has_css_class (word, css_class));
}

static const char *
note_text (GtkWidget *pane, const char *prefix)
{
  for (GtkWidget *w = pane; w != NULL;)
    {
      const char *text = ui_widget_text (w);
      GtkWidget *next;

      if (text != NULL && g_str_has_prefix (text, prefix) && gtk_widget_get_mapped (w))
        return text;
      /* depth first */
      next = gtk_widget_get_first_child (w);
      while (next == NULL && w != pane)
        {
          next = gtk_widget_get_next_sibling (w);
          if (next == NULL)
            w = gtk_widget_get_parent (w);
        }
      if (next == NULL)
        return NULL;
      w = next;
    }
  return NULL;
}

static void
show (PreviewFixture *f, SbDetailsPane *pane, const char *topic, guint64 count)
{
  preview_fixture_wait_count (f, topic, count);
  preview_fixture_select (f, topic);
  sb_details_pane_set_view (pane, "changes");
  sb_details_pane_refresh (pane);
  ui_drain ();
}

static void
test_diff (void)
{
  PreviewFixture f = { 0 };
  SbDetailsPane *pane;
  GtkWidget *pw;
  const char *note;

  preview_fixture_open (&f, "plant/#", NULL, 4);
  pane = sb_preview_view_get_details_pane (f.view);
  pw = GTK_WIDGET (pane);

  sb_test_broker_publish (f.broker, "plant/press4",
                          "{\"temp\":21.5,\"state\":\"running\",\"door\":\"closed\"}", 1, FALSE);
  show (&f, pane, "plant/press4", 1);
  g_assert_nonnull (note_text (pw, "Only one message of this topic"));

  sb_test_broker_publish (f.broker, "plant/press4",
                          "{\"temp\":22,\"state\":\"running\",\"alarm\":true}", 1, FALSE);
  show (&f, pane, "plant/press4", 2);
  g_assert_cmpstr (note_text (pw, "Keys changed"), ==, "Keys changed against the previous message");
  /* A header and exactly the three changes: "state" is the same. */
  g_assert_cmpint (grid_rows (pw), ==, 4);
  assert_row (pw, "$.temp", "changed|$.temp|21.5|22", "diff-changed");
  assert_row (pw, "$.alarm", "added|$.alarm|—|true", "diff-added");
  assert_row (pw, "$.door", "removed|$.door|\"closed\"|—", "diff-removed");
  g_assert_null (ui_find_label (pw, "$.state"));
  g_assert_true (gtk_widget_has_css_class (ui_find_label (pw, "21.5"), "diff-old"));

  /* Text: line by line. */
  sb_test_broker_publish (f.broker, "plant/log", "start\nheating\nready", 1, FALSE);
  sb_test_broker_publish (f.broker, "plant/log", "start\npressing\nready", 1, FALSE);
  show (&f, pane, "plant/log", 2);
  g_assert_cmpstr (note_text (pw, "Lines changed"), ==,
                   "Lines changed against the previous message");
  g_assert_true (gtk_widget_has_css_class (ui_find_label (pw, "heating"), "diff-line-removed"));
  g_assert_true (gtk_widget_has_css_class (ui_find_label (pw, "pressing"), "diff-line-added"));
  g_assert_nonnull (ui_find_label (pw, "start"));

  /* Binary: only that it differs. */
  {
    static const guint8 blobs[2][3] = { { 0x00, 0xff, 0x01 }, { 0x00, 0xff, 0x02 } };
    g_autofree char *path = g_build_filename (sb_test_broker_get_dir (f.broker), "blob", NULL);

    for (guint i = 0; i < 2; i++)
      {
        g_assert_true (g_file_set_contents (path, (const char *)blobs[i], 3, NULL));
        sb_test_broker_publish_args (f.broker, "-t", "plant/blob", "-f", path, NULL);
      }
  }
  show (&f, pane, "plant/blob", 2);
  note = note_text (pw, "The payload differs");
  g_assert_nonnull (note);
  g_assert_null (ui_find_label (pw, "Key"));

  preview_fixture_close (&f);
}

int
main (int argc, char **argv)
{
  ui_test_init (&argc, &argv);
  g_test_add_func ("/ui/diff/json-text-binary", test_diff);
  return g_test_run ();
}
