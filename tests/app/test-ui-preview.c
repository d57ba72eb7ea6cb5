/* test-ui-preview.c: the live preview table on its own: what each column
 * shows, sorting by a column, the flash of a changed value, relative times
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sb-preview-view-private.h"
#include "sb-test-ui.h"

enum
{
  TOPIC,
  VALUE,
  QOS,
  RETAINED,
  COUNT,
  UPDATED
};

static void
push (SbPreviewModel *model, const char *topic, const char *text, gboolean retained, gint64 time)
{
  g_autoptr (GBytes) payload = g_bytes_new (text, strlen (text));
  g_autoptr (SbMessage) message = sb_message_new (topic, payload, 1, retained, 0, NULL, time);
  sb_preview_model_push (model, message);
}

static char *
cell (SbPreviewView *view, guint row, guint column)
{
  return sb_preview_view_dup_cell_text (view, row, column);
}

static void
test_relative_time (void)
{
  gint64 now = G_GINT64_CONSTANT (1700000000) * G_USEC_PER_SEC;
  struct
  {
    gint64 ago;
    const char *text;
  } cases[] = {
    { 0, "now" },
    { G_USEC_PER_SEC / 2, "now" },
    { 4 * G_USEC_PER_SEC, "4 s ago" },
    { 59 * G_USEC_PER_SEC, "59 s ago" },
    { 61 * G_USEC_PER_SEC, "1 min ago" },
    { G_GINT64_CONSTANT (7200) * G_USEC_PER_SEC, "2 h ago" },
    { G_GINT64_CONSTANT (3 * 86400) * G_USEC_PER_SEC, "3 d ago" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = sb_format_relative_time (now, now - cases[i].ago);
      g_assert_cmpstr (text, ==, cases[i].text);
    }
  /* A clock that stepped back is "now", not a negative age. */
  {
    g_autofree char *text = sb_format_relative_time (now, now + 5 * G_USEC_PER_SEC);
    g_assert_cmpstr (text, ==, "now");
  }
}

static gboolean
not_flashing_cb (gpointer data)
{
  return !gtk_widget_has_css_class (data, "flash");
}

static void
test_columns_sort_flash (void)
{
  GtkWidget *window = gtk_window_new ();
  SbPreviewView *view = SB_PREVIEW_VIEW (sb_preview_view_new ());
  SbPreviewModel *model = sb_preview_view_get_model (view);
  GtkColumnView *column_view = sb_preview_view_get_column_view (view);
  GListModel *columns; /* owned by the column view */
  g_autoptr (GtkColumnViewColumn) count_column = NULL;
  static const guint8 binary[] = { 0x00, 0x01, 0xfe, 0xff };
  g_autoptr (GBytes) payload = g_bytes_new_static (binary, sizeof binary);
  gint64 now = g_get_real_time ();
  GtkWidget *label;
  g_autofree char *text = NULL;

  gtk_window_set_default_size (GTK_WINDOW (window), 800, 400);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (view));
  gtk_window_present (GTK_WINDOW (window));
  g_assert_cmpstr (sb_preview_view_get_state_text (view), ==, "Listener off");

  push (model, "shopfloor/station1/", "200", TRUE, now - 300 * G_USEC_PER_SEC);
  push (model, "shopfloor/counter/", "4711", FALSE, now);
  push (model, "shopfloor/counter/", "4712", FALSE, now);
  g_autoptr (SbMessage) message
      = sb_message_new ("shopfloor/blob", payload, 0, FALSE, 0, NULL, now);
  sb_preview_model_push (model, message);
  sb_preview_model_flush (model);
  ui_drain ();

  /* Sorted by topic at first, as a person scans them. */
  g_assert_cmpuint (sb_preview_view_get_n_rows (view), ==, 3);
  text = cell (view, 0, TOPIC);
  g_assert_cmpstr (text, ==, "shopfloor/blob");
  g_clear_pointer (&text, g_free);
  text = cell (view, 0, VALUE);
  g_assert_true (g_str_has_prefix (text, "<binary, 4 bytes>"));
  g_clear_pointer (&text, g_free);
  text = cell (view, 1, VALUE);
  g_assert_cmpstr (text, ==, "4712");
  g_clear_pointer (&text, g_free);
  text = cell (view, 1, COUNT);
  g_assert_cmpstr (text, ==, "2");
  g_clear_pointer (&text, g_free);
  text = cell (view, 2, RETAINED);
  g_assert_cmpstr (text, ==, "yes");
  g_clear_pointer (&text, g_free);
  text = cell (view, 2, UPDATED);
  g_assert_cmpstr (text, ==, "5 min ago");
  g_clear_pointer (&text, g_free);
  text = cell (view, 1, QOS);
  g_assert_cmpstr (text, ==, "1");
  g_clear_pointer (&text, g_free);
  g_assert_nonnull (ui_find_label (GTK_WIDGET (view), "4712"));

  /* A click on "Count" sorts by it: the busiest topic first. */
  columns = gtk_column_view_get_columns (column_view);
  count_column = g_list_model_get_item (columns, COUNT);
  g_assert_cmpstr (gtk_column_view_column_get_title (count_column), ==, "Count");
  gtk_column_view_sort_by_column (column_view, count_column, GTK_SORT_DESCENDING);
  ui_drain ();
  text = cell (view, 0, TOPIC);
  g_assert_cmpstr (text, ==, "shopfloor/counter/");
  g_clear_pointer (&text, g_free);

  /* A new value lights up, then fades back. */
  push (model, "shopfloor/counter/", "4713", FALSE, g_get_real_time ());
  sb_preview_model_flush (model);
  ui_drain ();
  label = ui_find_label (GTK_WIDGET (view), "4713");
  g_assert_nonnull (label);
  g_assert_true (gtk_widget_has_css_class (label, "flash"));
  g_assert_true (sb_test_wait_for (not_flashing_cb, label, UI_DEADLINE_MS));
  g_assert_null (ui_find_label (GTK_WIDGET (view), "4712"));

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int argc, char **argv)
{
  ui_test_init (&argc, &argv);

  g_test_add_func ("/ui/preview/relative-time", test_relative_time);
  g_test_add_func ("/ui/preview/columns-sort-flash", test_columns_sort_flash);
  return g_test_run ();
}
