/* test-ui-browse.c: the Browse window against a real mosquitto: retained
 * topics as rows with exact counts and marks, the empty level shown as
 * "(empty)", expanding a node shows its children, and deleting the retained
 * messages under a node (after a confirmation that says how many) leaves its
 * subtree-retained 0 and the rows without their marks. Leaves have no
 * expander until they get children; the filter (the preview's rule) and the
 * $SYS switch; the password asked for as the preview asks; the window opened
 * from a data source's row and from its preview; the pick buttons. The
 * header bar shows the title and the broker; Ctrl+F opens the filter below.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>

#include "sb-browse-window-private.h"
#include "sb-password-dialog-private.h"
#include "sb-preview-window.h"
#include "sb-source-row.h"
#include "sb-subscription-list-private.h"
#include "sb-test-ui-dialog.h"
#include "sb-test-ui-window.h"
#include "sb-source-dialog-private.h"
#include "sb-window-private.h"

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

static gboolean
title_shown_cb (gpointer data)
{
  GtkWidget *title = data;

  return gtk_widget_get_mapped (title) && gtk_widget_get_width (title) > 0;
}

static gboolean
mapped_cb (gpointer data)
{
  return gtk_widget_get_mapped (data);
}

/* The header bar shows the window's title and the broker under it (the
 * filter entry is not in the header: it hid the title); Ctrl+F opens the
 * filter below the header and the title stays. */
static void
assert_title_shown (GtkWidget *window, guint port)
{
  GtkWidget *header = find_widget (window, ADW_TYPE_HEADER_BAR);
  GtkWidget *title = header != NULL ? find_widget (header, ADW_TYPE_WINDOW_TITLE) : NULL;
  g_autofree char *broker = g_strdup_printf ("127.0.0.1:%u", port);
  GtkWidget *entry;

  g_assert_nonnull (header);
  g_assert_nonnull (title);
  g_assert_true (sb_test_wait_for (title_shown_cb, title, UI_DEADLINE_MS));
  g_assert_cmpstr (adw_window_title_get_title (ADW_WINDOW_TITLE (title)), ==,
                   gtk_window_get_title (GTK_WINDOW (window)));
  g_assert_cmpstr (adw_window_title_get_subtitle (ADW_WINDOW_TITLE (title)), ==, broker);
  g_assert_null (find_widget (header, GTK_TYPE_SEARCH_ENTRY));

  entry = find_widget (window, GTK_TYPE_SEARCH_ENTRY);
  g_assert_nonnull (entry);
  g_assert_false (gtk_widget_get_mapped (entry));
  g_assert_true (gtk_widget_activate_action (window, "browse.focus-filter", NULL));
  g_assert_true (sb_test_wait_for (mapped_cb, entry, UI_DEADLINE_MS));
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (window)), entry));
  g_assert_true (title_shown_cb (title));
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
  assert_title_shown (window, sb_test_broker_get_port (broker));

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

static gboolean
row_expandable (GtkColumnView *view, const char *topic)
{
  GListModel *model = G_LIST_MODEL (gtk_column_view_get_model (view));
  g_autoptr (GtkTreeListRow) row = g_list_model_get_item (model, row_position (view, topic));

  return gtk_tree_list_row_is_expandable (row);
}

typedef struct
{
  GtkColumnView *view;
  const char *topic;
} ExpandWait;

static gboolean
becomes_expandable_cb (gpointer data)
{
  ExpandWait *w = data;
  GListModel *model = G_LIST_MODEL (gtk_column_view_get_model (w->view));

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr (GtkTreeListRow) row = g_list_model_get_item (model, i);
      g_autoptr (SbTopicNode) node = gtk_tree_list_row_get_item (row);

      if (g_strcmp0 (sb_topic_node_get_topic (node), w->topic) == 0)
        return gtk_tree_list_row_is_expandable (row);
    }
  return FALSE;
}

/* The topics of the rows shown, in order, joined by " ". */
static char *
rows_shown (GtkColumnView *view)
{
  GListModel *model = G_LIST_MODEL (gtk_column_view_get_model (view));
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr (GtkTreeListRow) row = g_list_model_get_item (model, i);
      g_autoptr (SbTopicNode) node = gtk_tree_list_row_get_item (row);

      if (text->len > 0)
        g_string_append_c (text, ' ');
      g_string_append (text, sb_topic_node_get_topic (node));
    }
  return g_string_free (text, FALSE);
}

static GtkWidget *
browse_shopfloor (SbTestBroker *broker, const char *username)
{
  g_autoptr (SbDataSource) source = sb_data_source_new ();
  GtkWidget *window;

  sb_data_source_set_name (source, "Shopfloor");
  sb_data_source_set_broker (source, "127.0.0.1");
  sb_data_source_set_port (source, sb_test_broker_get_port (broker));
  if (username != NULL)
    sb_data_source_set_username (source, username);
  window = GTK_WIDGET (sb_browse_window_new (NULL, source));
  gtk_window_present (GTK_WINDOW (window));
  return window;
}

static void
publish_plant (SbTestBroker *broker)
{
  sb_test_broker_publish (broker, "plant/press4/temp", "21.5", 1, TRUE);
  sb_test_broker_publish (broker, "plant/press4/state", "running", 1, TRUE);
  sb_test_broker_publish (broker, "plant/line2/speed", "3", 1, TRUE);
}

/* Whether the row of @label shows an expander arrow (GtkTreeExpander's
 * "expander" icon; a leaf gets an "indent" in its place). */
static gboolean
shows_expander (GtkWidget *label)
{
  GtkWidget *expander = gtk_widget_get_parent (label);

  g_assert_true (GTK_IS_TREE_EXPANDER (expander));
  for (GtkWidget *child = gtk_widget_get_first_child (expander); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (g_strcmp0 (gtk_widget_get_css_name (child), "expander") == 0
        && gtk_widget_get_visible (child))
      return TRUE;
  return FALSE;
}

static void
test_leaves (void)
{
  g_autoptr (SbTestBroker) broker = sb_test_broker_new ();
  GtkWidget *window;
  GtkColumnView *view;
  ExpandWait w;

  sb_test_broker_start (broker);
  publish_plant (broker);
  window = browse_shopfloor (broker, NULL);
  view = GTK_COLUMN_VIEW (find_widget (window, GTK_TYPE_COLUMN_VIEW));
  assert_row (window, "plant|3||");
  expand (view, "plant");
  expand (view, "plant/press4");
  assert_row (window, "temp|1|retained|21.5");
  /* A leaf has no expander... */
  g_assert_false (row_expandable (view, "plant/press4/temp"));
  g_assert_false (shows_expander (ui_find_label (window, "temp")));
  g_assert_true (shows_expander (ui_find_label (window, "press4")));
  /* ...until a topic below it comes. */
  sb_test_broker_publish (broker, "plant/press4/temp/raw", "2150", 0, FALSE);
  w.view = view;
  w.topic = "plant/press4/temp";
  g_assert_true (sb_test_wait_for (becomes_expandable_cb, &w, UI_DEADLINE_MS));
  expand (view, "plant/press4/temp");
  assert_row (window, "raw|1||2150");
  gtk_window_destroy (GTK_WINDOW (window));
}

typedef struct
{
  GtkColumnView *view;
  const char *rows;
} RowsWait;

static gboolean
rows_are_cb (gpointer data)
{
  RowsWait *w = data;
  g_autofree char *rows = rows_shown (w->view);

  return g_strcmp0 (rows, w->rows) == 0;
}

static void
assert_rows (GtkColumnView *view, const char *rows)
{
  RowsWait w = { view, rows };

  if (!sb_test_wait_for (rows_are_cb, &w, UI_DEADLINE_MS))
    {
      g_autofree char *seen = rows_shown (view);
      g_error ("rows “%s” not shown (seen: “%s”)", rows, seen);
    }
}

static void
test_filter_and_sys (void)
{
  g_autoptr (SbTestBroker) broker = sb_test_broker_new ();
  SbBrowseWindow *window;
  GtkColumnView *view;

  sb_test_broker_start (broker);
  publish_plant (broker);
  sb_test_broker_publish (broker, "shopfloor/counter/", "7", 1, TRUE);
  window = SB_BROWSE_WINDOW (browse_shopfloor (broker, NULL));
  view = GTK_COLUMN_VIEW (find_widget (GTK_WIDGET (window), GTK_TYPE_COLUMN_VIEW));
  assert_rows (view, "plant shopfloor");

  /* A substring, ignoring case: the matches and the rows above them, expanded. */
  sb_browse_window_set_filter (window, "PRESS");
  assert_rows (view, "plant plant/press4 plant/press4/state plant/press4/temp");
  /* An MQTT filter. */
  sb_browse_window_set_filter (window, "plant/+/speed");
  assert_rows (view, "plant plant/line2 plant/line2/speed");
  /* A topic that comes later shows with the rows above it: beside a row
   * shown, and below rows the filter hid until then. */
  sb_test_broker_publish (broker, "plant/press9/speed", "1", 0, FALSE);
  assert_rows (view, "plant plant/line2 plant/line2/speed plant/press9 plant/press9/speed");
  sb_test_broker_publish (broker, "hall/press9/speed", "1", 0, FALSE);
  sb_test_broker_publish (broker, "shopfloor/counter/speed", "1", 0, FALSE);
  assert_rows (view, "plant plant/line2 plant/line2/speed plant/press9 plant/press9/speed");
  sb_browse_window_set_filter (window, "speed");
  assert_rows (view, "hall hall/press9 hall/press9/speed plant plant/line2 plant/line2/speed "
                     "plant/press9 plant/press9/speed shopfloor shopfloor/counter "
                     "shopfloor/counter/speed");
  sb_browse_window_set_filter (window, "press9");
  assert_rows (view, "hall hall/press9 hall/press9/speed plant plant/press9 plant/press9/speed");
  sb_test_broker_publish (broker, "shopfloor/counter/press9", "1", 0, FALSE);
  assert_rows (view, "hall hall/press9 hall/press9/speed plant plant/press9 plant/press9/speed "
                     "shopfloor shopfloor/counter shopfloor/counter/press9");
  sb_browse_window_set_filter (window, "");
  assert_rows (view, "hall plant shopfloor");

  /* $SYS only when asked for ("#" does not match it). */
  sb_browse_window_set_include_sys (window, TRUE);
  /* A new connection: the live "hall" message is gone, the retained ones come again. */
  assert_rows (view, "$SYS plant shopfloor");
  assert_row (GTK_WIDGET (window), "plant|3||");
  sb_browse_window_set_include_sys (window, FALSE);
  assert_rows (view, "plant shopfloor");
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
label_shown_cb (gpointer data)
{
  RowWait *w = data;
  return ui_find_label (w->window, w->text) != NULL;
}

/* No password in the file: asked for as the preview asks (the app's one flow). */
static void
test_password_asked (void)
{
  g_autoptr (SbTestBroker) broker = sb_test_broker_new ();
  GtkWidget *window;
  SbPasswordDialog *dialog;

  sb_test_broker_add_user (broker, "browser", "s3cret");
  sb_test_broker_start (broker);
  sb_test_broker_publish_args (broker, "-u", "browser", "-P", "s3cret", "-t", "plant/press4", "-m",
                               "on", "-r", NULL);

  window = browse_shopfloor (broker, "browser");
  g_assert_null (sb_browse_window_get_browser (SB_BROWSE_WINDOW (window)));
  g_assert_true (sb_test_wait_for (ui_password_dialog_shown_cb, NULL, UI_DEADLINE_MS));
  dialog = ui_find_password_dialog ();
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (window));
  /* Cancelled: not connected, and said why. */
  g_signal_emit_by_name (sb_password_dialog_get_widget (dialog, "cancel_button"), "clicked");
  {
    RowWait w = { window, "Not connected: no password was given" };
    g_assert_true (sb_test_wait_for (label_shown_cb, &w, UI_DEADLINE_MS));
  }
  g_assert_null (sb_browse_window_get_browser (SB_BROWSE_WINDOW (window)));
  gtk_window_destroy (GTK_WINDOW (window));

  window = browse_shopfloor (broker, "browser");
  g_assert_true (sb_test_wait_for (ui_password_dialog_shown_cb, NULL, UI_DEADLINE_MS));
  dialog = ui_find_password_dialog ();
  ui_type (GTK_EDITABLE (sb_password_dialog_get_widget (dialog, "password_entry")), "s3cret");
  g_signal_emit_by_name (sb_password_dialog_get_widget (dialog, "connect_button"), "clicked");
  assert_row (window, "plant|1||");
  gtk_window_destroy (GTK_WINDOW (window));
}

static SbBrowseWindow *
find_browse_window (GtkApplication *app, guint *count)
{
  SbBrowseWindow *found = NULL;

  *count = 0;
  for (GList *l = gtk_application_get_windows (app); l != NULL; l = l->next)
    if (SB_IS_BROWSE_WINDOW (l->data))
      {
        found = l->data;
        (*count)++;
      }
  return found;
}

/* The row's "More actions" menu holds "Browse Topics" for its data source. */
static gboolean
row_menu_has_browse (SbSourceRow *row, const char *id)
{
  GtkWidget *button = find_widget (GTK_WIDGET (row), GTK_TYPE_MENU_BUTTON);
  GMenuModel *menu = gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (button));

  for (int i = 0; i < g_menu_model_get_n_items (menu); i++)
    {
      g_autofree char *name = NULL;
      g_autofree char *label = NULL;
      g_autoptr (GVariant) target = NULL;

      g_menu_model_get_item_attribute (menu, i, G_MENU_ATTRIBUTE_ACTION, "s", &name);
      g_menu_model_get_item_attribute (menu, i, G_MENU_ATTRIBUTE_LABEL, "s", &label);
      target = g_menu_model_get_item_attribute_value (menu, i, G_MENU_ATTRIBUTE_TARGET,
                                                      G_VARIANT_TYPE_STRING);
      if (g_strcmp0 (name, "win.browse-source") == 0 && g_strcmp0 (label, "B_rowse Topics") == 0
          && target != NULL && g_strcmp0 (g_variant_get_string (target, NULL), id) == 0)
        return TRUE;
    }
  return FALSE;
}

static void
test_from_row (UiWindowFixture *f, gconstpointer data)
{
  g_autoptr (SbTestBroker) broker = sb_test_broker_new ();
  g_autofree char *json = NULL;
  SbDataSource *source;
  SbBrowseWindow *browse;
  SbPreviewWindow *preview;
  guint count = 0;

  sb_test_broker_start (broker);
  publish_plant (broker);
  json = g_strdup_printf ("{ \"format\": \"signalboard\", \"version\": 1, \"data_sources\": [ { "
                          "\"name\": \"Plant\", \"type\": \"mqtt\", "
                          "\"broker\": \"127.0.0.1\", \"port\": %u, "
                          "\"subscriptions\": [ { \"topic\": \"plant/press4/temp\" } ] } ] }",
                          sb_test_broker_get_port (broker));
  g_assert_true (g_file_set_contents (f->path, json, -1, NULL));
  g_assert_true (sb_window_open_path (f->window, f->path));
  ui_drain ();
  source = sb_source_row_get_source (sb_window_get_row (f->window, 0));
  g_assert_true (
      row_menu_has_browse (sb_window_get_row (f->window, 0), sb_data_source_get_id (source)));

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.browse-source", "s",
                              sb_data_source_get_id (source));
  ui_drain ();
  browse = find_browse_window (GTK_APPLICATION (f->app), &count);
  g_assert_nonnull (browse);
  g_assert_cmpuint (count, ==, 1);
  g_object_add_weak_pointer (G_OBJECT (browse), (gpointer *)&browse);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (browse)), ==, "Browse: Plant");
  /* Every topic of the broker, not only the data source's subscription. */
  assert_row (GTK_WIDGET (browse), "plant|3||");

  /* Again, and from the data source's preview (Ctrl+B): the same window. */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.browse-source", "s",
                              sb_data_source_get_id (source));
  g_assert_true (sb_window_listen (f->window, "Plant", NULL));
  preview = sb_window_get_preview_window (f->window, source);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (preview), "preview.browse-topics", NULL));
  ui_drain ();
  g_assert_true (find_browse_window (GTK_APPLICATION (f->app), &count) == browse);
  g_assert_cmpuint (count, ==, 1);

  gtk_window_destroy (GTK_WINDOW (preview));
  gtk_window_destroy (GTK_WINDOW (browse));
  g_assert_true (ui_wait_destroyed ((gpointer *)&browse));
}

static void
picked_cb (SbBrowseWindow *window, const char *filter, GPtrArray *picked)
{
  g_ptr_array_add (picked, g_strdup (filter));
  sb_browse_window_set_pick_result (window, filter);
}

/* In pick mode the three buttons offer the node, node/# and node/+. */
static void
test_pick_buttons (void)
{
  g_autoptr (SbTestBroker) broker = sb_test_broker_new ();
  g_autoptr (SbDataSource) source = sb_data_source_new ();
  g_autoptr (GPtrArray) picked = g_ptr_array_new_with_free_func (g_free);
  SbBrowseWindow *window;
  GtkWidget *topic_button, *below_button, *level_button;

  sb_test_broker_start (broker);
  publish_plant (broker);
  sb_data_source_set_name (source, "");
  sb_data_source_set_broker (source, "127.0.0.1");
  sb_data_source_set_port (source, sb_test_broker_get_port (broker));
  window = sb_browse_window_new_for_pick (NULL, source);
  g_signal_connect (window, "pick", G_CALLBACK (picked_cb), picked);
  gtk_window_present (GTK_WINDOW (window));
  topic_button = find_button (GTK_WIDGET (window), "_Subscribe to this topic");
  below_button = find_button (GTK_WIDGET (window), "…and _everything below");
  level_button = find_button (GTK_WIDGET (window), "…one _level below");
  g_assert_true (gtk_widget_get_visible (topic_button));
  g_assert_false (gtk_widget_get_sensitive (topic_button));
  assert_row (GTK_WIDGET (window), "plant|3||");

  g_assert_true (sb_browse_window_select_topic (window, "plant/press4"));
  ui_drain ();
  g_assert_true (gtk_widget_get_sensitive (topic_button));
  g_signal_emit_by_name (topic_button, "clicked");
  g_signal_emit_by_name (below_button, "clicked");
  g_signal_emit_by_name (level_button, "clicked");
  g_assert_cmpuint (picked->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (picked, 0), ==, "plant/press4");
  g_assert_cmpstr (g_ptr_array_index (picked, 1), ==, "plant/press4/#");
  g_assert_cmpstr (g_ptr_array_index (picked, 2), ==, "plant/press4/+");
  g_assert_nonnull (ui_find_label (GTK_WIDGET (window), "plant/press4/+"));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The Add/Edit dialog's "Browse topics…": the tree of the broker as typed
 * (not saved yet); "…and everything below" fills the empty subscription row,
 * a topic that filter covers is pointed out and not added, and Save stores
 * the picked filter. */
static void
test_pick_into_dialog (UiWindowFixture *f, gconstpointer data)
{
  g_autoptr (SbTestBroker) broker = sb_test_broker_new ();
  g_autoptr (SbConfig) disk = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *port = NULL;
  SbSourceDialog *dialog;
  SbSubscriptionList *list;
  SbBrowseWindow *browse;
  SbDataSource *saved;

  sb_test_broker_start (broker);
  publish_plant (broker);
  port = g_strdup_printf ("%u", sb_test_broker_get_port (broker));
  g_assert_true (sb_window_open_path (f->window, f->path));
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.add-source", NULL);
  ui_drain ();
  dialog = sb_window_get_source_dialog (f->window);
  ui_type (DENTRY (dialog, "name_entry"), "Press 4");
  ui_type (DENTRY (dialog, "broker_entry"), "127.0.0.1");
  ui_type (DENTRY (dialog, "port_entry"), port);
  g_assert_cmpuint (sb_source_dialog_get_n_subscription_editors (dialog), ==, 1);

  list = SB_SUBSCRIPTION_LIST (DW (dialog, "subscription_list"));
  g_signal_emit_by_name (sb_subscription_list_get_widget (list, "browse_button"), "clicked");
  browse = sb_subscription_list_get_browse_window (list);
  g_assert_nonnull (browse);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (browse)) == GTK_WINDOW (dialog));
  assert_row (GTK_WIDGET (browse), "plant|3||");

  g_assert_true (sb_browse_window_select_topic (browse, "plant/press4"));
  ui_drain ();
  g_signal_emit_by_name (find_button (GTK_WIDGET (browse), "…and _everything below"), "clicked");
  ui_drain ();
  g_assert_cmpstr (sb_browse_window_get_pick_result (browse), ==,
                   "“plant/press4/#” added to the subscriptions");
  g_assert_nonnull (
      ui_find_label (GTK_WIDGET (browse), "“plant/press4/#” added to the subscriptions"));
  /* The empty row took it: still one row. */
  g_assert_cmpuint (sb_source_dialog_get_n_subscription_editors (dialog), ==, 1);
  g_assert_cmpstr (gtk_editable_get_text (sb_subscription_editor_get_topic_entry (
                       sb_source_dialog_get_subscription_editor (dialog, 0))),
                   ==, "plant/press4/#");

  /* A topic below it: pointed out, not added. */
  g_assert_true (sb_browse_window_select_topic (browse, "plant/press4/temp"));
  ui_drain ();
  g_signal_emit_by_name (find_button (GTK_WIDGET (browse), "_Subscribe to this topic"), "clicked");
  ui_drain ();
  g_assert_nonnull (
      ui_find_label (GTK_WIDGET (browse), "“plant/press4/#” already covers this topic"));
  g_assert_cmpuint (sb_source_dialog_get_n_subscription_editors (dialog), ==, 1);

  /* One level below another node: a second row. */
  g_assert_true (sb_browse_window_select_topic (browse, "plant/line2"));
  ui_drain ();
  g_signal_emit_by_name (find_button (GTK_WIDGET (browse), "…one _level below"), "clicked");
  ui_drain ();
  g_assert_cmpuint (sb_source_dialog_get_n_subscription_editors (dialog), ==, 2);
  g_assert_cmpstr (gtk_editable_get_text (sb_subscription_editor_get_topic_entry (
                       sb_source_dialog_get_subscription_editor (dialog, 1))),
                   ==, "plant/line2/+");

  if (g_getenv ("SB_SCREENSHOT_DIR") != NULL)
    {
      g_assert_true (sb_browse_window_select_topic (browse, "plant/press4/temp"));
      g_signal_emit_by_name (find_button (GTK_WIDGET (browse), "_Subscribe to this topic"),
                             "clicked");
      ui_shoot (GTK_WIDGET (browse), g_getenv ("SB_SCREENSHOT_DIR"), "browse-pick");
      /* The subscriptions and the button in sight: scrolled to with the focus. */
      gtk_widget_grab_focus (sb_subscription_list_get_widget (list, "browse_button"));
      ui_shoot (GTK_WIDGET (dialog), g_getenv ("SB_SCREENSHOT_DIR"), "browse-pick-dialog");
    }

  /* The dialog closes the tree it opened; Save stores what was picked. */
  g_object_add_weak_pointer (G_OBJECT (browse), (gpointer *)&browse);
  ui_confirm_dialog (dialog);
  g_assert_true (ui_wait_destroyed ((gpointer *)&browse));
  disk = sb_config_load_from_file (f->path, &error);
  g_assert_no_error (error);
  saved = sb_config_get_data_source (disk, 0);
  g_assert_cmpuint (sb_data_source_get_n_subscriptions (saved), ==, 2);
  g_assert_cmpstr (sb_subscription_get_topic (sb_data_source_get_subscription (saved, 0)), ==,
                   "plant/press4/#");
  g_assert_cmpstr (sb_subscription_get_topic (sb_data_source_get_subscription (saved, 1)), ==,
                   "plant/line2/+");
}

int
main (int argc, char **argv)
{
  int status;

  ui_test_init (&argc, &argv);
  ui_window_app_init ();
  g_test_add_func ("/ui/browse/tree-and-delete", test_browse);
  g_test_add_func ("/ui/browse/leaves", test_leaves);
  g_test_add_func ("/ui/browse/filter-and-sys", test_filter_and_sys);
  g_test_add_func ("/ui/browse/password-asked", test_password_asked);
  g_test_add_func ("/ui/browse/pick-buttons", test_pick_buttons);
  g_test_add ("/ui/browse/from-row", UiWindowFixture, NULL, ui_window_set_up, test_from_row,
              ui_window_tear_down);
  g_test_add ("/ui/browse/pick-into-dialog", UiWindowFixture, NULL, ui_window_set_up,
              test_pick_into_dialog, ui_window_tear_down);
  status = g_test_run ();
  g_clear_object (&the_app);
  return status;
}
