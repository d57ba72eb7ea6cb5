/* test-ui-window.c: the main window with a real configuration file:
 * add, edit, cancel, delete + undo, duplicate, a broken file, the preview
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gdk/x11/gdkx.h>
#include <glib/gstdio.h>

#include "sb-test-ui-window.h"
#include "sb-preferences-window.h"
#include "sb-test-run.h"
#include "sb-test-ui-dialog.h"
#include "sb-source-row-private.h"
#include "sb-preview-window-private.h"
#include "sb-source-dialog-private.h"
#include "sb-window-private.h"

static const char *
visible_page (UiWindowFixture *f)
{
  return gtk_stack_get_visible_child_name (GTK_STACK (sb_window_get_widget (f->window, "stack")));
}

static guint
n_rows (UiWindowFixture *f)
{
  guint n = 0;
  while (sb_window_get_row (f->window, n) != NULL)
    n++;
  return n;
}

static SbConfig *
load_disk (UiWindowFixture *f)
{
  g_autoptr (GError) error = NULL;
  SbConfig *config = sb_config_load_from_file (f->path, &error);

  g_assert_no_error (error);
  return config;
}

/* Adds a data source through the dialog, as a user does. */
static void
add_through_dialog (UiWindowFixture *f, const char *name, const char *broker, const char *port,
                    const char *topic)
{
  SbSourceDialog *dialog;

  ui_activate (f->window, "win.add-source", NULL);
  dialog = sb_window_get_source_dialog (f->window);
  g_assert_nonnull (dialog);
  ui_type (DENTRY (dialog, "name_entry"), name);
  ui_type (DENTRY (dialog, "broker_entry"), broker);
  ui_type (DENTRY (dialog, "port_entry"), port);
  ui_type (
      sb_subscription_editor_get_topic_entry (sb_source_dialog_get_subscription_editor (dialog, 0)),
      topic);
  ui_confirm_dialog (dialog);
}

static void
test_window_empty (UiWindowFixture *f, gconstpointer data)
{
  g_assert_true (sb_window_open_path (f->window, f->path));
  ui_drain ();
  g_assert_cmpstr (visible_page (f), ==, "empty");
  g_assert_cmpstr (adw_window_title_get_title (
                       ADW_WINDOW_TITLE (sb_window_get_widget (f->window, "window_title"))),
                   ==, "sources.json");
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (f->window)), ==, "sources.json — Signalboard");
  /* Merely looking creates no file. */
  g_assert_false (g_file_test (f->path, G_FILE_TEST_EXISTS));
}

static void
test_window_add_edit_cancel (UiWindowFixture *f, gconstpointer data)
{
  g_autoptr (SbConfig) disk = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  SbDataSource *source;
  SbSourceDialog *dialog;
  SbSourceRow *row;

  sb_window_open_path (f->window, f->path);
  add_through_dialog (f, "Shopfloor", "127.0.0.1", "1884", "shopfloor/#");

  /* Saved at once, holding exactly what was entered. */
  disk = load_disk (f);
  g_assert_cmpuint (sb_config_get_n_data_sources (disk), ==, 1);
  source = sb_config_get_data_source (disk, 0);
  g_assert_cmpstr (sb_data_source_get_name (source), ==, "Shopfloor");
  g_assert_cmpstr (sb_data_source_get_broker (source), ==, "127.0.0.1");
  g_assert_cmpuint (sb_data_source_get_port (source), ==, 1884);
  g_assert_cmpuint (sb_data_source_get_n_subscriptions (source), ==, 1);
  g_assert_cmpstr (sb_subscription_get_topic (sb_data_source_get_subscription (source, 0)), ==,
                   "shopfloor/#");
  g_assert_true (sb_data_source_equal (
      source, sb_config_get_data_source (sb_window_get_config (f->window), 0)));

  g_assert_cmpstr (visible_page (f), ==, "list");
  g_assert_cmpuint (n_rows (f), ==, 1);
  row = sb_window_get_row (f->window, 0);
  g_assert_cmpstr (sb_source_row_get_name_text (row), ==, "Shopfloor");
  g_assert_cmpstr (sb_source_row_get_address_text (row), ==, "127.0.0.1:1884");
  g_assert_cmpstr (sb_source_row_get_subscriptions_text (row), ==, "1 subscription");

  /* Reopen the file in a new window: the dialog shows the same values. */
  gtk_window_destroy (GTK_WINDOW (f->window));
  f->window = sb_window_new (f->app);
  g_object_add_weak_pointer (G_OBJECT (f->window), (gpointer *)&f->window);
  gtk_window_present (GTK_WINDOW (f->window));
  g_assert_true (sb_window_open_path (f->window, f->path));
  source = sb_config_get_data_source (sb_window_get_config (f->window), 0);
  ui_activate (f->window, "win.edit-source", sb_data_source_get_id (source));
  dialog = sb_window_get_source_dialog (f->window);
  g_assert_nonnull (dialog);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *)&dialog);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (dialog)), ==, "Edit data source");
  g_assert_cmpstr (gtk_editable_get_text (DENTRY (dialog, "name_entry")), ==, "Shopfloor");
  g_assert_cmpstr (gtk_editable_get_text (DENTRY (dialog, "broker_entry")), ==, "127.0.0.1");
  g_assert_cmpstr (gtk_editable_get_text (DENTRY (dialog, "port_entry")), ==, "1884");
  g_assert_cmpuint (sb_source_dialog_get_n_subscription_editors (dialog), ==, 1);
  g_assert_cmpstr (gtk_editable_get_text (sb_subscription_editor_get_topic_entry (
                       sb_source_dialog_get_subscription_editor (dialog, 0))),
                   ==, "shopfloor/#");

  /* Cancel after changes: nothing changes, on screen or on disk. */
  before = ui_read_file (f->path);
  ui_type (DENTRY (dialog, "broker_entry"), "elsewhere.example.org");
  g_signal_emit_by_name (DW (dialog, "cancel_button"), "clicked");
  g_assert_true (ui_wait_destroyed ((gpointer *)&dialog));
  after = ui_read_file (f->path);
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpstr (sb_source_row_get_address_text (sb_window_get_row (f->window, 0)), ==,
                   "127.0.0.1:1884");

  /* Escape is the same as Cancel. */
  ui_activate (f->window, "win.edit-source", sb_data_source_get_id (source));
  dialog = sb_window_get_source_dialog (f->window);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *)&dialog);
  ui_type (DENTRY (dialog, "name_entry"), "Renamed");
  gtk_widget_activate_action (GTK_WIDGET (dialog), "window.close", NULL);
  g_assert_true (ui_wait_destroyed ((gpointer *)&dialog));
  g_free (after);
  after = ui_read_file (f->path);
  g_assert_cmpstr (before, ==, after);

  /* Enter in a field confirms the edit, which is saved at once. */
  ui_activate (f->window, "win.edit-source", sb_data_source_get_id (source));
  dialog = sb_window_get_source_dialog (f->window);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *)&dialog);
  ui_type (DENTRY (dialog, "broker_entry"), "localhost");
  /* What Enter does: the entry's text widget activates the default button. */
  g_signal_emit_by_name (gtk_editable_get_delegate (DENTRY (dialog, "broker_entry")), "activate");
  g_assert_true (ui_wait_destroyed ((gpointer *)&dialog));
  g_clear_object (&disk);
  disk = load_disk (f);
  g_assert_cmpstr (sb_data_source_get_broker (sb_config_get_data_source (disk, 0)), ==,
                   "localhost");
  g_assert_cmpstr (sb_source_row_get_address_text (sb_window_get_row (f->window, 0)), ==,
                   "localhost:1884");
}

static void
test_window_delete_undo_duplicate (UiWindowFixture *f, gconstpointer data)
{
  g_autoptr (SbConfig) disk = NULL;
  g_autofree char *first_id = NULL;

  sb_window_open_path (f->window, f->path);
  add_through_dialog (f, "Line 7", "127.0.0.1", "", "line7/#");
  add_through_dialog (f, "Cloud", "127.0.0.1", "8884", "cloud/#");
  g_assert_cmpuint (n_rows (f), ==, 2);
  first_id = g_strdup (
      sb_data_source_get_id (sb_source_row_get_source (sb_window_get_row (f->window, 0))));

  g_assert_null (sb_window_get_toast (f->window));
  ui_activate (f->window, "win.delete-source", first_id);
  g_assert_cmpuint (n_rows (f), ==, 1);
  g_assert_cmpstr (sb_source_row_get_name_text (sb_window_get_row (f->window, 0)), ==, "Cloud");
  disk = load_disk (f);
  g_assert_cmpuint (sb_config_get_n_data_sources (disk), ==, 1);
  g_assert_nonnull (sb_window_get_toast (f->window));
  g_assert_cmpstr (adw_toast_get_title (sb_window_get_toast (f->window)), ==, "“Line 7” deleted");
  g_assert_cmpstr (adw_toast_get_button_label (sb_window_get_toast (f->window)), ==, "_Undo");
  g_assert_cmpstr (adw_toast_get_action_name (sb_window_get_toast (f->window)), ==,
                   "win.undo-delete");

  ui_activate (f->window, "win.undo-delete", NULL);
  g_assert_null (sb_window_get_toast (f->window));
  g_assert_cmpuint (n_rows (f), ==, 2);
  g_assert_cmpstr (sb_source_row_get_name_text (sb_window_get_row (f->window, 0)), ==, "Line 7");
  g_clear_object (&disk);
  disk = load_disk (f);
  g_assert_cmpuint (sb_config_get_n_data_sources (disk), ==, 2);
  g_assert_cmpstr (sb_data_source_get_id (sb_config_get_data_source (disk, 0)), ==, first_id);
  g_assert_cmpstr (sb_data_source_get_name (sb_config_get_data_source (disk, 0)), ==, "Line 7");

  /* Duplicate: right after the original, a name of its own and a new id. */
  ui_activate (f->window, "win.duplicate-source", first_id);
  g_assert_cmpuint (n_rows (f), ==, 3);
  g_assert_cmpstr (sb_source_row_get_name_text (sb_window_get_row (f->window, 1)), ==,
                   "Line 7 (copy)");
  g_assert_cmpstr (sb_source_row_get_address_text (sb_window_get_row (f->window, 1)), ==,
                   "127.0.0.1:1883");
  g_clear_object (&disk);
  disk = load_disk (f);
  g_assert_cmpuint (sb_config_get_n_data_sources (disk), ==, 3);
  g_assert_cmpstr (sb_data_source_get_name (sb_config_get_data_source (disk, 1)), ==,
                   "Line 7 (copy)");
  g_assert_cmpstr (sb_data_source_get_id (sb_config_get_data_source (disk, 1)), !=, first_id);
  ui_activate (f->window, "win.duplicate-source", first_id);
  g_assert_cmpstr (sb_source_row_get_name_text (sb_window_get_row (f->window, 1)), ==,
                   "Line 7 (copy 2)");

  /* Deleting everything shows the empty state again. */
  while (n_rows (f) > 0)
    ui_activate (
        f->window, "win.delete-source",
        sb_data_source_get_id (sb_source_row_get_source (sb_window_get_row (f->window, 0))));
  g_assert_cmpstr (visible_page (f), ==, "empty");
  g_clear_object (&disk);
  disk = load_disk (f);
  g_assert_cmpuint (sb_config_get_n_data_sources (disk), ==, 0);
}

static void
check_broken_file (UiWindowFixture *f, const char *contents, const char *expected)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *after = NULL;
  const char *shown;

  g_file_set_contents (f->path, contents, -1, &error);
  g_assert_no_error (error);

  g_assert_false (sb_window_open_path (f->window, f->path));
  ui_drain ();
  g_assert_cmpstr (visible_page (f), ==, "error");
  g_assert_cmpstr (adw_status_page_get_icon_name (
                       ADW_STATUS_PAGE (sb_window_get_widget (f->window, "error_page"))),
                   ==, "dialog-warning-symbolic");
  shown = gtk_label_get_label (GTK_LABEL (sb_window_get_widget (f->window, "error_label")));
  g_test_message ("shown: %s", shown);
  /* The lines signalboard-cli validate prints: "FILE: PATH: MESSAGE". */
  g_assert_true (g_str_has_prefix (shown, f->path));
  g_assert_true (strstr (shown, expected) != NULL);
  g_assert_null (sb_window_get_config (f->window));

  /* Nothing can change the file: adding is off; Open and New File are offered. */
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (f->window), "add-source"));
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (f->window), "open"));
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (f->window), "new-file"));
  g_assert_true (gtk_widget_get_mapped (sb_window_get_widget (f->window, "error_open_button")));
  g_assert_true (gtk_widget_get_mapped (sb_window_get_widget (f->window, "error_new_button")));
  ui_activate (f->window, "win.add-source", NULL);
  g_assert_null (sb_window_get_source_dialog (f->window));
  after = ui_read_file (f->path);
  g_assert_cmpstr (after, ==, contents);
}

/* For sb_test_wait_for (): the toast overlay @data shows no toast any more
 * (the toast's widget has left it at the end of its hide animation). */
static gboolean
no_toast_shown_cb (gpointer data)
{
  for (GtkWidget *child = gtk_widget_get_first_child (data); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (g_str_equal (gtk_widget_get_css_name (child), "toast"))
      return FALSE;
  return TRUE;
}

/* Delete and Undo as fast as a keyboard goes, within one frame, while the
 * toast still slides in. libadwaita 1.2 freed a toast dismissed that early
 * before its show animation ended, which then used it (a crash when the
 * toast left the screen). */
static void
test_window_undo_at_once (UiWindowFixture *f, gconstpointer data)
{
  GtkWidget *overlay = sb_window_get_widget (f->window, "toast_overlay");
  g_autofree char *id = NULL;

  sb_window_open_path (f->window, f->path);
  add_through_dialog (f, "Line 7", "127.0.0.1", "", "line7/#");
  id = g_strdup (
      sb_data_source_get_id (sb_source_row_get_source (sb_window_get_row (f->window, 0))));
  g_assert_true (gtk_widget_get_mapped (overlay));

  /* A few times: the freed memory is not always garbage when it is read. */
  for (guint round = 0; round < 3; round++)
    {
      /* Shown and dismissed in the same frame. */
      gtk_widget_activate_action (GTK_WIDGET (f->window), "win.delete-source", "s", id);
      g_assert_false (no_toast_shown_cb (overlay));
      gtk_widget_activate_action (GTK_WIDGET (f->window), "win.undo-delete", NULL);
      g_assert_null (sb_window_get_toast (f->window));
      g_assert_cmpuint (n_rows (f), ==, 1);

      /* A new toast while the first one still leaves (it slides in more
       * slowly then), dismissed long before it is in place. */
      gtk_widget_activate_action (GTK_WIDGET (f->window), "win.delete-source", "s", id);
      g_assert_nonnull (sb_window_get_toast (f->window));
      g_assert_cmpstr (adw_toast_get_button_label (sb_window_get_toast (f->window)), ==, "_Undo");
      g_assert_cmpuint (n_rows (f), ==, 0);
      gtk_widget_activate_action (GTK_WIDGET (f->window), "win.undo-delete", NULL);
      g_assert_null (sb_window_get_toast (f->window));
      g_assert_cmpuint (n_rows (f), ==, 1);

      /* Both toasts leave the screen, and the window goes on working. */
      g_assert_true (sb_test_wait_for (no_toast_shown_cb, overlay, UI_DEADLINE_MS));
    }
  g_assert_cmpstr (sb_source_row_get_name_text (sb_window_get_row (f->window, 0)), ==, "Line 7");
  ui_activate (f->window, "win.delete-source", id);
  g_assert_cmpstr (visible_page (f), ==, "empty");
  g_assert_cmpstr (adw_toast_get_title (sb_window_get_toast (f->window)), ==, "“Line 7” deleted");
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (f->window), "undo-delete"));
}

static char *
x_window_of (gpointer widget)
{
  GdkSurface *surface = gtk_native_get_surface (gtk_widget_get_native (widget));

  return g_strdup_printf ("%lu", (gulong)gdk_x11_surface_get_xid (surface));
}

/* A button of the toast shown (libadwaita 1.2: its close button, a flat
 * circular GtkButton with "window-close-symbolic", or its action button), or NULL. */
static GtkWidget *
toast_button (GtkWidget *overlay, gboolean close)
{
  for (GtkWidget *toast = gtk_widget_get_first_child (overlay); toast != NULL;
       toast = gtk_widget_get_next_sibling (toast))
    {
      /* A toast on its way out no longer takes clicks. */
      if (!g_str_equal (gtk_widget_get_css_name (toast), "toast")
          || !gtk_widget_get_can_target (toast))
        continue;
      for (GtkWidget *child = gtk_widget_get_first_child (toast); child != NULL;
           child = gtk_widget_get_next_sibling (child))
        if (GTK_IS_BUTTON (child)
            && (g_strcmp0 (gtk_button_get_icon_name (GTK_BUTTON (child)), "window-close-symbolic")
                == 0)
                   == close)
          return child;
    }
  return NULL;
}

/* Clicks the middle of @widget with the mouse, through the X server. */
static void
click (GtkWidget *widget)
{
  GtkNative *native = gtk_widget_get_native (widget);
  g_autofree char *window = x_window_of (widget);
  g_autofree char *x = NULL;
  g_autofree char *y = NULL;
  graphene_point_t point;
  double dx, dy;

  g_assert_true (
      gtk_widget_compute_point (widget, GTK_WIDGET (native),
                                &GRAPHENE_POINT_INIT (gtk_widget_get_width (widget) / 2.0,
                                                      gtk_widget_get_height (widget) / 2.0),
                                &point));
  /* The surface begins at the window's shadow. */
  gtk_native_get_surface_transform (native, &dx, &dy);
  x = g_strdup_printf ("%d", (int)(point.x + dx));
  y = g_strdup_printf ("%d", (int)(point.y + dy));
  /* Not --sync: it waits for a motion, and there is none when the pointer
   * is there already (the same button in the last round). */
  sb_test_xdotool ("mousemove", "--window", window, x, y, "click", "1", NULL);
}

static gboolean
toast_arrived_cb (gpointer data)
{
  return !sb_window_get_toast_arriving (data);
}

/* The toast's button moving in, frame by frame. */
typedef struct
{
  GtkWidget *overlay;
  double y;     /* in the last frame, or -1 */
  double moved; /* since the frame before */
  guint frames;
} Slide;

static gboolean
slide_tick_cb (GtkWidget *widget, GdkFrameClock *clock, gpointer data)
{
  Slide *slide = data;
  graphene_point_t point;

  if (!gtk_widget_compute_point (widget, slide->overlay, &GRAPHENE_POINT_INIT (0, 0), &point))
    return G_SOURCE_CONTINUE;
  if (slide->y >= 0)
    {
      slide->moved = ABS (point.y - slide->y);
      slide->frames++;
    }
  slide->y = point.y;
  return G_SOURCE_CONTINUE;
}

static gboolean
slide_slow_cb (gpointer data)
{
  Slide *slide = data;

  return slide->frames >= 2 && slide->moved < 2;
}

/* Waits until @button, on its way in, moves less than 2 px a frame. */
static gboolean
wait_slowing (GtkWidget *button, GtkWidget *overlay)
{
  Slide slide = { overlay, -1, 0, 0 };
  guint tick = gtk_widget_add_tick_callback (button, slide_tick_cb, &slide, NULL);
  gboolean slow = sb_test_wait_for (slide_slow_cb, &slide, UI_DEADLINE_MS);

  gtk_widget_remove_tick_callback (button, tick);
  return slow;
}

static gboolean
toast_gone_cb (gpointer data)
{
  return sb_window_get_toast (data) == NULL;
}

/* Escape from the keyboard, with the focus in the window's content (a
 * deleted row took it away: the key would go to the window alone). */
static void
press_escape (UiWindowFixture *f, GtkWidget *overlay)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (f->window));

  if (focus == NULL || !gtk_widget_is_ancestor (focus, overlay))
    g_assert_true (gtk_widget_child_focus (overlay, GTK_DIR_TAB_FORWARD));
  sb_test_xdotool ("key", "Escape", NULL);
}

/* Adds a data source called @name; returns its id. */
static char *
add_named (UiWindowFixture *f, const char *name)
{
  guint n = n_rows (f);

  add_through_dialog (f, name, "127.0.0.1", "", "line/#");
  g_assert_cmpuint (n_rows (f), ==, n + 1);
  for (guint i = 0; i <= n; i++)
    {
      SbDataSource *source = sb_source_row_get_source (sb_window_get_row (f->window, i));
      if (g_str_equal (sb_data_source_get_name (source), name))
        return g_strdup (sb_data_source_get_id (source));
    }
  g_assert_not_reached ();
}

/* The toast's own ways to close it, the moment it appears: Escape, its
 * close button and its Undo button. libadwaita 1.2 freed a toast dismissed
 * while it slid in before its show animation ended (the window's own
 * dismissals wait for that: see test_window_undo_at_once); its overlay then
 * showed no toast any more, or crashed. Escape right after a delete; the
 * buttons of a toast that replaces one still leaving (it slides in for
 * 500 ms, not 300). Each time the toast leaves and the next one shows; the
 * delete is final, or undone by Undo. */
static void
test_window_toast_closed_at_once (UiWindowFixture *f, gconstpointer data)
{
  GtkWidget *overlay = sb_window_get_widget (f->window, "toast_overlay");
  g_autofree char *window = NULL;
  guint undone = 0;

  sb_window_open_path (f->window, f->path);
  ui_drain ();
  window = x_window_of (f->window);
  for (guint round = 0; round < 6; round++)
    {
      g_autofree char *name = g_strdup_printf ("Line %u", round);
      g_autofree char *first = add_named (f, "First");
      g_autofree char *second = add_named (f, name);

      g_test_message ("round %u", round);
      /* No window manager under Xvfb gives the window the keyboard back after the dialog. */
      sb_test_xdotool ("windowfocus", "--sync", window, NULL);
      gtk_widget_activate_action (GTK_WIDGET (f->window), "win.delete-source", "s", first);
      g_assert_nonnull (sb_window_get_toast (f->window));
      g_assert_false (no_toast_shown_cb (overlay));
      if (round % 3 == 0)
        {
          press_escape (f, overlay);
          g_assert_true (sb_test_wait_for (no_toast_shown_cb, overlay, UI_DEADLINE_MS));
          gtk_widget_activate_action (GTK_WIDGET (f->window), "win.delete-source", "s", second);
          g_assert_false (no_toast_shown_cb (overlay));
          press_escape (f, overlay);
        }
      else
        {
          GtkWidget *button;

          /* In place, closed by Escape (libadwaita's own), and while it leaves the next one. */
          g_assert_true (sb_test_wait_for (toast_arrived_cb, f->window, UI_DEADLINE_MS));
          press_escape (f, overlay);
          g_assert_true (sb_test_wait_for (toast_gone_cb, f->window, UI_DEADLINE_MS));
          gtk_widget_activate_action (GTK_WIDGET (f->window), "win.delete-source", "s", second);
          button = toast_button (overlay, round % 3 == 1);
          g_assert_nonnull (button);
          /* On its way in, slow enough to be hit (a click lands where the
           * button was when it was sent). */
          g_assert_true (wait_slowing (button, overlay));
          g_assert_true (sb_window_get_toast_arriving (f->window));
          click (button);
          if (round % 3 == 2)
            undone++;
        }
      /* The toasts leave the screen; nothing can undo the deletes any more. */
      if (!sb_test_wait_for (no_toast_shown_cb, overlay, UI_DEADLINE_MS))
        g_error ("round %u: a toast still shown (toast %p)", round,
                 sb_window_get_toast (f->window));
      g_assert_null (sb_window_get_toast (f->window));
      g_assert_false (
          g_action_group_get_action_enabled (G_ACTION_GROUP (f->window), "undo-delete"));
      g_assert_cmpuint (n_rows (f), ==, undone);
      /* Undo brought the second one back. */
      if (undone > 0)
        g_assert_cmpstr (
            sb_data_source_get_name (sb_source_row_get_source (sb_window_get_row (f->window, 0))),
            ==, "Line 2");
    }
}

static void
test_window_broken_file (UiWindowFixture *f, gconstpointer data)
{
  check_broken_file (f, "{ \"format\": \"signalboard\",\n  oops\n", f->path);
  check_broken_file (f,
                     "{\n  \"format\": \"signalboard\",\n  \"version\": 1,\n  \"data_sources\": [\n"
                     "    { \"name\": \"A\", \"broker\": \"127.0.0.1\", \"port\": 70000,\n"
                     "      \"subscriptions\": [ { \"topic\": \"a/#\" } ] }\n  ]\n}\n",
                     "data_sources[0].port");
}

typedef struct
{
  UiWindowFixture *f;
  const char *text;
} RowWait;

static gboolean
row_state_cb (gpointer data)
{
  RowWait *wait = data;
  SbSourceRow *row = sb_window_get_row (wait->f->window, 0);
  return row != NULL && g_strcmp0 (sb_source_row_get_state_text (row), wait->text) == 0;
}

static gboolean
preview_shows_cb (gpointer data)
{
  RowWait *wait = data;
  SbDataSource *source = sb_source_row_get_source (sb_window_get_row (wait->f->window, 0));
  SbPreviewWindow *preview = sb_window_get_preview_window (wait->f->window, source);

  return preview != NULL
         && ui_find_label (GTK_WIDGET (sb_preview_window_get_view (preview)), wait->text) != NULL;
}

static void
test_window_preview_and_listen (UiWindowFixture *f, gconstpointer data)
{
  g_autoptr (SbTestBroker) broker = sb_test_broker_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *port = NULL;
  g_autofree char *connected = NULL;
  SbPreviewWindow *preview;
  SbDataSource *source;
  RowWait wait = { .f = f };

  sb_test_broker_start (broker);
  port = g_strdup_printf ("%u", sb_test_broker_get_port (broker));
  connected = g_strdup_printf ("Connected to 127.0.0.1:%s", port);
  sb_test_broker_publish (broker, "shopfloor/counter/", "4711", 1, TRUE);

  sb_window_open_path (f->window, f->path);
  add_through_dialog (f, "Shopfloor", "127.0.0.1", port, "shopfloor/#");
  source = sb_source_row_get_source (sb_window_get_row (f->window, 0));
  /* No listener, no state in the row. */
  g_assert_cmpstr (sb_source_row_get_state_text (sb_window_get_row (f->window, 0)), ==, "");

  /* --listen with a name that is not there is a clear error. */
  g_assert_false (sb_window_listen (f->window, "Nope", &error));
  g_assert_error (error, SB_CONFIG_ERROR, SB_CONFIG_ERROR_INVALID);
  g_assert_true (strstr (error->message, "“Nope”") != NULL);
  g_assert_null (sb_window_get_preview_window (f->window, source));

  g_assert_true (sb_window_listen (f->window, "Shopfloor", NULL));
  preview = sb_window_get_preview_window (f->window, source);
  g_assert_nonnull (preview);
  g_object_add_weak_pointer (G_OBJECT (preview), (gpointer *)&preview);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (preview)), ==, "Shopfloor — Preview");
  /* The history each topic keeps follows the setting. */
  {
    GSettings *settings = sb_application_get_settings (f->app);
    SbPreviewModel *model = sb_preview_view_get_model (sb_preview_window_get_view (preview));
    guint history_size = 0;

    g_object_get (model, "history-size", &history_size, NULL);
    g_assert_cmpuint (history_size, ==, 100);
    g_settings_set_int (settings, "history-size", 7);
    g_object_get (model, "history-size", &history_size, NULL);
    g_assert_cmpuint (history_size, ==, 7);
    g_settings_reset (settings, "history-size");
    /* So do the payload bytes kept per row. */
    g_assert_cmpuint (sb_preview_model_get_payload_limit (model), ==, 65536);
    g_settings_set_int (settings, "payload-display-limit", 4096);
    g_assert_cmpuint (sb_preview_model_get_payload_limit (model), ==, 4096);
    g_settings_reset (settings, "payload-display-limit");
    g_assert_cmpuint (sb_preview_model_get_payload_limit (model), ==, 65536);
  }
  wait.text = connected;
  g_assert_true (sb_test_wait_for (row_state_cb, &wait, UI_DEADLINE_MS));
  wait.text = "4711";
  g_assert_true (sb_test_wait_for (preview_shows_cb, &wait, UI_DEADLINE_MS));
  wait.text = "shopfloor/counter/";
  g_assert_true (sb_test_wait_for (preview_shows_cb, &wait, UI_DEADLINE_MS));

  /* Preview again presents the same window instead of a second one. */
  ui_activate (f->window, "win.preview-source", sb_data_source_get_id (source));
  g_assert_true (sb_window_get_preview_window (f->window, source) == preview);

  /* Closing the preview stops the listener; the row forgets the state. */
  gtk_window_destroy (GTK_WINDOW (preview));
  g_assert_true (ui_wait_destroyed ((gpointer *)&preview));
  wait.text = "";
  g_assert_true (sb_test_wait_for (row_state_cb, &wait, UI_DEADLINE_MS));
}

static GtkWidget *
find_menu_button (GtkWidget *widget)
{
  if (GTK_IS_MENU_BUTTON (widget))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_menu_button (child);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The row's "More actions" menu holds @action for @id. */
static gboolean
row_menu_has (SbSourceRow *row, const char *action, const char *id)
{
  GtkWidget *button = find_menu_button (GTK_WIDGET (row));
  GMenuModel *menu;

  g_assert_nonnull (button);
  menu = gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (button));
  for (int i = 0; i < g_menu_model_get_n_items (menu); i++)
    {
      g_autofree char *name = NULL;
      g_autoptr (GVariant) target = NULL;

      g_menu_model_get_item_attribute (menu, i, G_MENU_ATTRIBUTE_ACTION, "s", &name);
      target = g_menu_model_get_item_attribute_value (menu, i, G_MENU_ATTRIBUTE_TARGET,
                                                      G_VARIANT_TYPE_STRING);
      if (g_strcmp0 (name, action) == 0 && target != NULL
          && g_strcmp0 (g_variant_get_string (target, NULL), id) == 0)
        return TRUE;
    }
  return FALSE;
}

static void
test_window_export (UiWindowFixture *f, gconstpointer data)
{
  g_autofree char *out = g_build_filename (f->dir, "exported.json", NULL);
  g_autoptr (SbConfig) exported = NULL;
  g_autoptr (GError) error = NULL;
  SbDataSource *cloud;
  SbDataSource *copy;

  sb_window_open_path (f->window, f->path);
  add_through_dialog (f, "Line 7", "127.0.0.1", "", "line7/#");
  add_through_dialog (f, "Cloud", "broker.example.org", "8884", "cloud/#");
  cloud = sb_source_row_get_source (sb_window_get_row (f->window, 1));
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (f->window), "export-source"));
  g_assert_true (row_menu_has (sb_window_get_row (f->window, 1), "win.export-source",
                               sb_data_source_get_id (cloud)));

  g_assert_true (sb_window_export (f->window, (const char *const[]){ "Cloud", NULL }, out, &error));
  g_assert_no_error (error);
  /* Said where it went, without an Undo to press. */
  g_assert_nonnull (sb_window_get_toast (f->window));
  g_assert_cmpstr (adw_toast_get_title (sb_window_get_toast (f->window)), ==,
                   "“Cloud” exported to exported.json");
  g_assert_null (adw_toast_get_button_label (sb_window_get_toast (f->window)));
  /* The file opens with the core, holding exactly that source (same id, same settings). */
  exported = sb_config_load_from_file (out, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sb_config_get_n_data_sources (exported), ==, 1);
  copy = sb_config_get_data_source (exported, 0);
  g_assert_true (sb_data_source_equal (copy, cloud));
  g_assert_cmpstr (sb_data_source_get_broker (copy), ==, "broker.example.org");
  {
    GStatBuf st;
    g_assert_cmpint (g_stat (out, &st), ==, 0);
    g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  }

  /* A selection: both, in the order given, in one file. */
  g_clear_object (&exported);
  g_assert_true (
      sb_window_export (f->window, (const char *const[]){ "Cloud", "Line 7", NULL }, out, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (adw_toast_get_title (sb_window_get_toast (f->window)), ==,
                   "2 data sources exported to exported.json");
  exported = sb_config_load_from_file (out, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sb_config_get_n_data_sources (exported), ==, 2);
  g_assert_cmpstr (sb_data_source_get_name (sb_config_get_data_source (exported, 0)), ==, "Cloud");
  g_assert_cmpstr (sb_data_source_get_name (sb_config_get_data_source (exported, 1)), ==, "Line 7");
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (f->window), "export-all"));

  /* A name that is not there is named in the error; nothing is written. */
  g_unlink (out);
  g_assert_false (sb_window_export (f->window, (const char *const[]){ "Nope", NULL }, out, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "Nope"));
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
  g_unlink (out);
}

static void
add_source (SbConfig *config, const char *name, const char *broker, const char *username,
            const char *password, gboolean tls, gboolean verify)
{
  g_autoptr (SbDataSource) source = sb_data_source_new ();
  g_autoptr (SbSubscription) subscription = sb_subscription_new ("plant/#");

  sb_data_source_set_name (source, name);
  sb_data_source_set_broker (source, broker);
  sb_data_source_set_username (source, username);
  sb_data_source_set_password (source, password);
  sb_data_source_set_tls_enabled (source, tls);
  sb_data_source_set_tls_verify (source, verify);
  sb_data_source_add_subscription (source, subscription);
  sb_config_append (config, source);
}

static void
test_window_security_warnings (UiWindowFixture *f, gconstpointer data)
{
  g_autoptr (SbConfig) config = sb_config_new ();
  g_autoptr (GError) error = NULL;
  SbSourceRow *row;

  add_source (config, "Local", "127.0.0.1", "line7", "secret", FALSE, TRUE);
  add_source (config, "Remote plain", "broker.example.org", "line7", "secret", FALSE, TRUE);
  add_source (config, "Unchecked TLS", "broker.example.org", "", "", TRUE, FALSE);
  add_source (config, "Good TLS", "broker.example.org", "line7", "secret", TRUE, TRUE);
  add_source (config, "Anonymous", "broker.example.org", "", "", FALSE, TRUE);
  g_assert_true (sb_config_save_to_file (config, f->path, &error));
  g_assert_no_error (error);
  g_assert_true (sb_window_open_path (f->window, f->path));
  ui_drain ();

  g_assert_cmpstr (sb_source_row_get_warning_text (sb_window_get_row (f->window, 0)), ==, "");
  row = sb_window_get_row (f->window, 1);
  g_assert_cmpstr (sb_source_row_get_warning_text (row), ==, "Password sent unencrypted");
  g_assert_nonnull (ui_find_label (GTK_WIDGET (row), "Password sent unencrypted"));
  {
    GtkWidget *label = ui_find_label (GTK_WIDGET (row), "Password sent unencrypted");
    const char *tip = gtk_widget_get_tooltip_text (label);
    g_assert_cmpstr (tip, ==,
                     "TLS is off and broker.example.org is not this computer: anyone on the "
                     "network between can read the password.");
  }
  row = sb_window_get_row (f->window, 2);
  g_assert_cmpstr (sb_source_row_get_warning_text (row), ==, "Certificates not checked");
  g_assert_nonnull (ui_find_label (GTK_WIDGET (row), "Certificates not checked"));
  g_assert_cmpstr (sb_source_row_get_warning_text (sb_window_get_row (f->window, 3)), ==, "");
  g_assert_cmpstr (sb_source_row_get_warning_text (sb_window_get_row (f->window, 4)), ==, "");
  if (g_getenv ("SB_SCREENSHOT_DIR") != NULL)
    ui_shoot (GTK_WIDGET (f->window), g_getenv ("SB_SCREENSHOT_DIR"), "main-window-warnings");

  /* The row follows the setting: checking certificates again clears it. */
  sb_data_source_set_tls_verify (sb_source_row_get_source (row), TRUE);
  ui_drain ();
  g_assert_cmpstr (sb_source_row_get_warning_text (row), ==, "");
  g_assert_null (ui_find_label (GTK_WIDGET (row), "Certificates not checked"));
}

static GtkWindow *
find_preferences (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GObject) window = g_list_model_get_item (toplevels, i);
      if (SB_IS_PREFERENCES_WINDOW (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return GTK_WINDOW (window);
    }
  return NULL;
}

static GObject *
preferences_child (GtkWindow *window, const char *name)
{
  return gtk_widget_get_template_child (GTK_WIDGET (window), SB_TYPE_PREFERENCES_WINDOW, name);
}

/* The colour @name of the app's style sheets as the window sees it. */
static char *
style_color (UiWindowFixture *f, const char *name)
{
  GdkRGBA color;

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  if (!gtk_style_context_lookup_color (gtk_widget_get_style_context (GTK_WIDGET (f->window)), name,
                                       &color))
    return NULL;
  G_GNUC_END_IGNORE_DEPRECATIONS
  return gdk_rgba_to_string (&color);
}

/* Preferences (Ctrl+,): the style follows the system, or is light or dark,
 * through libadwaita's style manager, and the app's own style sheets follow
 * (style.css, style-dark.css); the preview's limits are the keys. */
static void
test_window_preferences (UiWindowFixture *f, gconstpointer data)
{
  GSettings *settings = sb_application_get_settings (f->app);
  AdwStyleManager *manager = adw_style_manager_get_default ();
  GtkWindow *preferences;

  sb_window_open_path (f->window, f->path);
  g_assert_cmpstr (g_settings_get_string (settings, "style"), ==, "follow");
  g_assert_cmpint (adw_style_manager_get_color_scheme (manager), ==, ADW_COLOR_SCHEME_DEFAULT);
  {
    g_autofree char *number = style_color (f, "sb_json_number_color");
    g_assert_cmpstr (number, ==, "rgb(198,70,0)");
  }
  g_assert_null (find_preferences ());
  g_action_group_activate_action (G_ACTION_GROUP (f->app), "preferences", NULL);
  ui_drain ();
  preferences = find_preferences ();
  g_assert_nonnull (preferences);
  g_assert_true (gtk_window_get_transient_for (preferences) == GTK_WINDOW (f->window));
  g_assert_cmpuint (
      adw_combo_row_get_selected (ADW_COMBO_ROW (preferences_child (preferences, "style_row"))), ==,
      0);

  /* Dark, chosen in the window: the key and the style change at once. */
  adw_combo_row_set_selected (ADW_COMBO_ROW (preferences_child (preferences, "style_row")), 2);
  g_assert_cmpstr (g_settings_get_string (settings, "style"), ==, "dark");
  g_assert_cmpint (adw_style_manager_get_color_scheme (manager), ==, ADW_COLOR_SCHEME_FORCE_DARK);
  g_assert_true (adw_style_manager_get_dark (manager));
  {
    g_autofree char *number = style_color (f, "sb_json_number_color");
    g_assert_cmpstr (number, ==, "rgb(255,163,72)");
  }
  /* Light, set elsewhere (dconf): the window shows it. */
  g_settings_set_string (settings, "style", "light");
  g_assert_cmpuint (
      adw_combo_row_get_selected (ADW_COMBO_ROW (preferences_child (preferences, "style_row"))), ==,
      1);
  g_assert_false (adw_style_manager_get_dark (manager));
  {
    g_autofree char *number = style_color (f, "sb_json_number_color");
    g_assert_cmpstr (number, ==, "rgb(198,70,0)");
  }

  /* The limits: a spin button each, with the key's range. */
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (preferences_child (preferences, "history_spin")),
                             250);
  g_assert_cmpint (g_settings_get_int (settings, "history-size"), ==, 250);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (preferences_child (preferences, "topic_rows_spin")),
                             50000);
  g_assert_cmpint (g_settings_get_int (settings, "topic-row-limit"), ==, 50000);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (preferences_child (preferences, "payload_spin")),
                             1e9);
  g_assert_cmpint (g_settings_get_int (settings, "payload-display-limit"), ==, 16777216);

  gtk_window_destroy (preferences);
  g_settings_reset (settings, "style");
  g_settings_reset (settings, "history-size");
  g_settings_reset (settings, "topic-row-limit");
  g_settings_reset (settings, "payload-display-limit");
  g_assert_cmpint (adw_style_manager_get_color_scheme (manager), ==, ADW_COLOR_SCHEME_DEFAULT);
}

static void
test_window_settings (UiWindowFixture *f, gconstpointer data)
{
  GSettings *settings = sb_application_get_settings (f->app);

  g_assert_nonnull (settings);
  sb_window_open_path (f->window, f->path);

  /* The keyboard: the issue's shortcuts, and Ctrl+? for the shortcuts window. */
  {
    static const char *const expected[][2] = {
      { "win.add-source", "<Control>n" },     { "win.open", "<Control>o" },
      { "win.save-as", "<Shift><Control>s" }, { "window.close", "<Control>w" },
      { "app.quit", "<Control>q" },
    };
    for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
      {
        g_auto (GStrv) accels
            = gtk_application_get_accels_for_action (GTK_APPLICATION (f->app), expected[i][0]);
        g_assert_nonnull (accels[0]);
        g_assert_cmpstr (accels[0], ==, expected[i][1]);
      }
    /* Ctrl+? shows the shortcuts window, built on first use. */
    {
      g_auto (GStrv) help = gtk_application_get_accels_for_action (GTK_APPLICATION (f->app),
                                                                   "win.show-help-overlay");
      GtkShortcutsWindow *overlay;

      g_assert_cmpstr (help[0], ==, "<Control>question");
      g_assert_null (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (f->window)));
      g_action_group_activate_action (G_ACTION_GROUP (f->window), "show-help-overlay", NULL);
      overlay = gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (f->window));
      g_assert_nonnull (overlay);
      g_assert_true (gtk_widget_get_visible (GTK_WIDGET (overlay)));
      g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (overlay)) == GTK_WINDOW (f->window));
      gtk_window_close (GTK_WINDOW (overlay));
      ui_drain ();
      /* Hidden, kept, and shown again by the same action. */
      g_assert_false (gtk_widget_get_visible (GTK_WIDGET (overlay)));
      g_action_group_activate_action (G_ACTION_GROUP (f->window), "show-help-overlay", NULL);
      g_assert_true (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (f->window))
                     == overlay);
      g_assert_true (gtk_widget_get_visible (GTK_WIDGET (overlay)));
      gtk_window_close (GTK_WINDOW (overlay));
      ui_drain ();
    }
    g_assert_true (gtk_menu_button_get_primary (
        GTK_MENU_BUTTON (sb_window_get_widget (f->window, "menu_button"))));
  }
  g_assert_cmpstr (g_settings_get_string (settings, "last-file"), ==, f->path);
  {
    g_autofree char *start = sb_application_dup_start_path (f->app);
    g_autofree char *fallback = sb_application_dup_default_path ();
    /* The last file does not exist yet, so a new start takes the default. */
    g_assert_cmpstr (start, ==, fallback);
    g_assert_true (g_str_has_suffix (fallback, "/signalboard/data-sources.json"));
  }

  gtk_window_set_default_size (GTK_WINDOW (f->window), 700, 500);
  ui_drain ();
  gtk_window_close (GTK_WINDOW (f->window));
  g_assert_true (ui_wait_destroyed ((gpointer *)&f->window));
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 700);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 500);

  f->window = sb_window_new (f->app);
  g_object_add_weak_pointer (G_OBJECT (f->window), (gpointer *)&f->window);
  {
    int width, height;
    gtk_window_get_default_size (GTK_WINDOW (f->window), &width, &height);
    g_assert_cmpint (width, ==, 700);
    g_assert_cmpint (height, ==, 500);
  }
}

int
main (int argc, char **argv)
{
  int status;

  ui_test_init (&argc, &argv);
  ui_window_app_init ();

#define ADD(path, func)                                                                            \
  g_test_add (path, UiWindowFixture, NULL, ui_window_set_up, func, ui_window_tear_down)
  ADD ("/ui/window/empty", test_window_empty);
  ADD ("/ui/window/add-edit-cancel", test_window_add_edit_cancel);
  ADD ("/ui/window/delete-undo-duplicate", test_window_delete_undo_duplicate);
  ADD ("/ui/window/undo-at-once", test_window_undo_at_once);
  ADD ("/ui/window/toast-closed-at-once", test_window_toast_closed_at_once);
  ADD ("/ui/window/broken-file", test_window_broken_file);
  ADD ("/ui/window/preview-and-listen", test_window_preview_and_listen);
  ADD ("/ui/window/settings", test_window_settings);
  ADD ("/ui/window/preferences", test_window_preferences);
  ADD ("/ui/window/export", test_window_export);
  ADD ("/ui/window/security-warnings", test_window_security_warnings);
#undef ADD
  status = g_test_run ();
  g_clear_object (&the_app);
  return status;
}
