/* test-ui-browse.c: the Browse window against a real mosquitto: retained
 * topics as rows with exact counts and marks, the empty level shown as
 * "(empty)", expanding a node shows its children, and deleting the retained
 * messages under a node (after a confirmation that says how many) leaves its
 * subtree-retained 0 and the rows without their marks.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sb-browse-window.h"
#include "sb-ui-test.h"

typedef struct
{
  GtkWidget *window;
  const char *text;
} RowWait;

/* The texts of the row widget @label sits in, cell by cell, joined by "|". */
static char *
row_text (GtkWidget *label)
{
  GtkWidget *row = label;
  GString *text = g_string_new (NULL);

  while (row != NULL && !GTK_IS_LIST_VIEW (gtk_widget_get_parent (row))
         && !GTK_IS_COLUMN_VIEW (gtk_widget_get_parent (row)))
    row = gtk_widget_get_parent (row);
  g_assert_nonnull (row);
  for (GtkWidget *cell = gtk_widget_get_first_child (row); cell != NULL;
       cell = gtk_widget_get_next_sibling (cell))
    {
      GtkWidget *w = cell;
      const char *t = NULL;

      /* The cell's label, below the expander in the first column. */
      while (w != NULL && (t = ui_widget_text (w)) == NULL)
        w = gtk_widget_get_last_child (w);
      if (cell != gtk_widget_get_first_child (row))
        g_string_append_c (text, '|');
      g_string_append (text, t != NULL ? t : "");
    }
  return g_string_free (text, FALSE);
}

static gboolean
row_shows_cb (gpointer data)
{
  RowWait *w = data;
  g_autofree char *first = g_strndup (w->text, strcspn (w->text, "|"));
  GtkWidget *label = ui_find_label (w->window, first);
  g_autofree char *text = NULL;

  if (label == NULL)
    return FALSE;
  text = row_text (label);
  return g_strcmp0 (text, w->text) == 0;
}

static void
assert_row (GtkWidget *window, const char *text)
{
  RowWait w = { window, text };

  if (!sb_test_wait_for (row_shows_cb, &w, UI_DEADLINE_MS))
    {
      g_autofree char *first = g_strndup (text, strcspn (text, "|"));
      GtkWidget *label = ui_find_label (window, first);
      g_autofree char *seen = label != NULL ? row_text (label) : NULL;
      g_error ("row “%s” not shown (seen: “%s”)", text, seen != NULL ? seen : "no row");
    }
}

static GtkWidget *
find_widget (GtkWidget *widget, GType type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
find_button (GtkWidget *widget, const char *label)
{
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button (child, label);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The row of @topic in the column view's model (a GtkTreeListRow). */
static guint
row_position (GtkColumnView *view, const char *topic)
{
  GListModel *model = G_LIST_MODEL (gtk_column_view_get_model (view));

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr (GtkTreeListRow) row = g_list_model_get_item (model, i);
      g_autoptr (SbTopicNode) node = gtk_tree_list_row_get_item (row);

      if (g_strcmp0 (sb_topic_node_get_topic (node), topic) == 0)
        return i;
    }
  g_error ("no row for %s", topic);
  return 0;
}

static void
expand (GtkColumnView *view, const char *topic)
{
  GListModel *model = G_LIST_MODEL (gtk_column_view_get_model (view));
  g_autoptr (GtkTreeListRow) row = g_list_model_get_item (model, row_position (view, topic));

  g_assert_true (gtk_tree_list_row_is_expandable (row));
  gtk_tree_list_row_set_expanded (row, TRUE);
}

static gboolean
message_dialog_cb (gpointer data)
{
  GtkWidget **dialog = data;
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GtkWidget) w = g_list_model_get_item (toplevels, i);
      if (GTK_IS_MESSAGE_DIALOG (w) && gtk_widget_get_visible (w))
        *dialog = w;
    }
  return *dialog != NULL;
}

typedef struct
{
  SbBrowser *browser;
  const char *topic;
} NodeWait;

static gboolean
retained_cleared_cb (gpointer data)
{
  NodeWait *w = data;
  SbTopicNode *node = sb_topic_tree_lookup (sb_browser_get_tree (w->browser), w->topic);

  return node != NULL && sb_topic_node_get_subtree_retained (node) == 0
         && !sb_browser_get_deleting (w->browser);
}

static void
test_browse (void)
{
  g_autoptr (SbTestBroker) broker = sb_test_broker_new ();
  g_autoptr (SbDataSource) source = sb_data_source_new ();
  GtkWidget *window;
  GtkColumnView *view;
  GtkWidget *dialog = NULL;
  GtkWidget *button;
  g_autofree char *primary = NULL;
  NodeWait nw;

  sb_test_broker_start (broker);
  sb_test_broker_publish (broker, "plant/press4/temp", "21.5", 1, TRUE);
  sb_test_broker_publish (broker, "plant/press4/state", "running", 1, TRUE);
  sb_test_broker_publish (broker, "plant/line2/speed", "3", 1, TRUE);
  sb_test_broker_publish (broker, "shopfloor/counter/", "7", 1, TRUE);

  sb_data_source_set_name (source, "Shopfloor");
  sb_data_source_set_broker (source, "127.0.0.1");
  sb_data_source_set_port (source, sb_test_broker_get_port (broker));
  window = GTK_WIDGET (sb_browse_window_new (NULL, source));
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *)&window);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Browse: Shopfloor");
  view = GTK_COLUMN_VIEW (find_widget (window, GTK_TYPE_COLUMN_VIEW));

  /* The top level: subtree counts, no message at "plant" itself. */
  assert_row (window, "plant|3||");
  assert_row (window, "shopfloor|1||");
  {
    g_autofree char *connected
        = g_strdup_printf ("Connected to 127.0.0.1:%u", sb_test_broker_get_port (broker));
    g_assert_nonnull (ui_find_label (window, connected));
  }

  expand (view, "plant");
  assert_row (window, "press4|2||");
  assert_row (window, "line2|1||");
  expand (view, "plant/press4");
  assert_row (window, "temp|1|retained|21.5");
  assert_row (window, "state|1|retained|running");
  expand (view, "shopfloor");
  expand (view, "shopfloor/counter");
  assert_row (window, "(empty)|1|retained|7");
  g_assert_true (gtk_widget_has_css_class (ui_find_label (window, "(empty)"), "dim-label"));

  if (g_getenv ("SB_SCREENSHOT_DIR") != NULL)
    {
      gtk_single_selection_set_selected (GTK_SINGLE_SELECTION (gtk_column_view_get_model (view)),
                                         row_position (view, "plant/press4"));
      ui_shoot (window, g_getenv ("SB_SCREENSHOT_DIR"), "browse-window");
    }

  /* Nothing selected: nothing to delete. */
  gtk_single_selection_set_selected (GTK_SINGLE_SELECTION (gtk_column_view_get_model (view)),
                                     GTK_INVALID_LIST_POSITION);
  ui_settle (250);
  button = find_button (window, "Delete retained messages…");
  g_assert_nonnull (button);
  g_assert_false (gtk_widget_get_sensitive (button));

  gtk_single_selection_set_selected (GTK_SINGLE_SELECTION (gtk_column_view_get_model (view)),
                                     row_position (view, "plant/press4"));
  ui_drain ();
  g_assert_true (gtk_widget_get_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
  g_assert_true (sb_test_wait_for (message_dialog_cb, &dialog, UI_DEADLINE_MS));
  g_object_get (dialog, "text", &primary, NULL);
  g_assert_cmpstr (primary, ==, "Delete 2 retained messages under “plant/press4”?");
  gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT);

  nw.browser = sb_browse_window_get_browser (SB_BROWSE_WINDOW (window));
  nw.topic = "plant/press4";
  g_assert_true (sb_test_wait_for (retained_cleared_cb, &nw, UI_DEADLINE_MS));
  /* The rows show the result: the empty messages counted, no marks, no value. */
  assert_row (window, "temp|2||");
  assert_row (window, "state|2||");
  assert_row (window, "line2|1||");
  expand (view, "plant/line2");
  assert_row (window, "speed|1|retained|3");
  g_assert_cmpstr (
      gtk_progress_bar_get_text (GTK_PROGRESS_BAR (find_widget (window, GTK_TYPE_PROGRESS_BAR))),
      ==, "2 retained messages deleted");
  g_assert_false (gtk_widget_get_sensitive (button));

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_true (ui_wait_destroyed ((gpointer *)&window));
}

int
main (int argc, char **argv)
{
  ui_test_init (&argc, &argv);
  g_test_add_func ("/ui/browse/tree-and-delete", test_browse);
  return g_test_run ();
}
