/* test-ui-focus.c: every control that Tab reaches shows that it has the focus
 * (issue 17: "every action reachable by keyboard, with a visible focus")
 *
 * Tabs through the main window and the Add dialog as the Tab key does (the
 * window's "move-focus"), and for each control renders the window twice with
 * GTK's own snapshot: once with the focus on it, shown as after a key press
 * (focus-visible), once with the focus nowhere. The pixels in and around the
 * control must differ: a focus ring, a caret, a highlight. The controls where
 * nothing changes are listed by type and template id.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sb-preview-window-private.h"
#include "sb-test-ui-window.h"
#include "sb-preview-view-private.h"
#include "sb-window-private.h"

/* A focus ring may be drawn just outside the control (libadwaita's outlines
 * have an offset), so the pixels compared reach this far around it. */
#define RING_MARGIN 4
/* More than a caret: one pixel wide and a line high (17-35 pixels here), it
 * is too little to find the focus by in a large text. */
#define MIN_CHANGED_PIXELS 48

typedef struct
{
  int width;
  int height;
  gsize stride;
  guchar *data;
} Pixels;

static void
pixels_free (Pixels *pixels)
{
  g_free (pixels->data);
  g_free (pixels);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Pixels, pixels_free)

static void
count_paint_cb (GdkFrameClock *clock, gpointer data)
{
  (*(guint *)data)++;
}

static gboolean
painted_twice_cb (gpointer data)
{
  return *(guint *)data >= 2;
}

/* Waits until @window has painted two frames after now, so that a changed
 * focus is in its styles (they are computed in a frame) and drawn. */
static void
wait_painted (GtkWidget *window)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);
  guint painted = 0;
  gulong id = g_signal_connect (clock, "after-paint", G_CALLBACK (count_paint_cb), &painted);

  gtk_widget_queue_draw (window);
  g_assert_true (sb_test_wait_for (painted_twice_cb, &painted, UI_DEADLINE_MS));
  g_signal_handler_disconnect (clock, id);
}

/* @window as it is drawn now, in pixels (GTK's snapshot, the window's renderer). */
static Pixels *
render (GtkWidget *window)
{
  g_autoptr (GdkPaintable) paintable = gtk_widget_paintable_new (window);
  g_autoptr (GskRenderNode) node = NULL;
  g_autoptr (GdkTexture) texture = NULL;
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  Pixels *pixels = g_new0 (Pixels, 1);

  pixels->width = gtk_widget_get_width (window);
  pixels->height = gtk_widget_get_height (window);
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), pixels->width, pixels->height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, pixels->width, pixels->height));
  pixels->stride = (gsize)pixels->width * 4;
  pixels->data = g_malloc (pixels->stride * pixels->height);
  gdk_texture_download (texture, pixels->data, pixels->stride);
  return pixels;
}

/* How many pixels differ between @a and @b in @widget's bounds, widened by
 * RING_MARGIN on each side. */
static guint
changed_pixels (const Pixels *a, const Pixels *b, GtkWidget *window, GtkWidget *widget)
{
  graphene_rect_t bounds;
  guint changed = 0;
  int x0, y0, x1, y1;

  if (a->width != b->width || a->height != b->height)
    return G_MAXUINT;
  if (!gtk_widget_compute_bounds (widget, window, &bounds))
    return 0;
  x0 = MAX (0, (int)bounds.origin.x - RING_MARGIN);
  y0 = MAX (0, (int)bounds.origin.y - RING_MARGIN);
  x1 = MIN (a->width, (int)(bounds.origin.x + bounds.size.width) + RING_MARGIN);
  y1 = MIN (a->height, (int)(bounds.origin.y + bounds.size.height) + RING_MARGIN);
  for (int y = y0; y < y1; y++)
    for (int x = x0; x < x1; x++)
      if (memcmp (a->data + y * a->stride + x * 4, b->data + y * b->stride + x * 4, 4) != 0)
        changed++;
  return changed;
}

/* "GtkButton#add_button" or, inside a widget with no id of its own,
 * "GtkText in AdwEntryRow#name_row ('Name')": what a developer can find. */
static char *
describe (GtkWidget *widget)
{
  GString *text = g_string_new (G_OBJECT_TYPE_NAME (widget));

  for (GtkWidget *w = widget; w != NULL; w = gtk_widget_get_parent (w))
    {
      const char *id = gtk_buildable_get_buildable_id (GTK_BUILDABLE (w));

      if (id == NULL)
        continue;
      if (w != widget)
        g_string_append_printf (text, " in %s", G_OBJECT_TYPE_NAME (w));
      g_string_append_printf (text, "#%s", id);
      break;
    }
  for (GtkWidget *w = widget; w != NULL; w = gtk_widget_get_parent (w))
    if (ADW_IS_PREFERENCES_ROW (w))
      {
        g_string_append_printf (text, " ('%s')",
                                adw_preferences_row_get_title (ADW_PREFERENCES_ROW (w)));
        break;
      }
  return g_string_free (text, FALSE);
}

/* Presses Tab in @window until the focus comes back to where it started;
 * each control reached must look focused. Returns how many were reached. */
static guint
tab_through (GtkWidget *window)
{
  g_autoptr (GPtrArray) seen = g_ptr_array_new ();
  g_autoptr (GString) invisible = g_string_new (NULL);
  GtkWidget *focus;

  gtk_window_set_focus (GTK_WINDOW (window), NULL);
  for (guint step = 0, nowhere = 0; step < 400; step++)
    {
      g_autoptr (Pixels) focused = NULL;
      g_autoptr (Pixels) unfocused = NULL;
      guint changed;

      g_signal_emit_by_name (window, "move-focus", GTK_DIR_TAB_FORWARD);
      focus = gtk_window_get_focus (GTK_WINDOW (window));
      if (focus == NULL)
        {
          /* Past the last control the next Tab starts over; a second Tab
           * that leaves the focus nowhere is a dead end. */
          if (++nowhere < 2)
            continue;
          g_test_fail_printf ("%s: Tab reaches nothing after %s", G_OBJECT_TYPE_NAME (window),
                              seen->len > 0 ? G_OBJECT_TYPE_NAME (seen->pdata[seen->len - 1])
                                            : "the start");
          break;
        }
      nowhere = 0;
      if (g_ptr_array_find (seen, focus, NULL))
        break;
      g_ptr_array_add (seen, focus);

      /* A key press shows the focus; GTK hides it again after 3 s without
       * one, which a slow frame could outlast: then render again. */
      for (guint attempt = 0; attempt < 5; attempt++)
        {
          g_clear_pointer (&focused, pixels_free);
          gtk_window_set_focus_visible (GTK_WINDOW (window), TRUE);
          wait_painted (window);
          focused = render (window);
          if (gtk_window_get_focus_visible (GTK_WINDOW (window)))
            break;
        }
      gtk_window_set_focus (GTK_WINDOW (window), NULL);
      wait_painted (window);
      unfocused = render (window);
      gtk_window_set_focus (GTK_WINDOW (window), focus);

      changed = changed_pixels (focused, unfocused, window, focus);
      if (changed < MIN_CHANGED_PIXELS)
        {
          g_autofree char *name = describe (focus);
          g_string_append_printf (invisible, "\n  %s (%u pixels change)", name, changed);
        }
      else
        {
          g_autofree char *name = describe (focus);
          g_test_message ("focus visible: %s (%u pixels change)", name, changed);
        }
    }
  g_assert_true (focus == NULL || g_ptr_array_find (seen, focus, NULL));
  if (invisible->len > 0)
    g_test_fail_printf ("%s: no visible focus on:%s", G_OBJECT_TYPE_NAME (window), invisible->str);
  return seen->len;
}

/* Tabs through @window (see tab_through ()): at least @minimum controls. */
static void
assert_tab_through (GtkWidget *window, guint minimum)
{
  guint reached = tab_through (window);

  /* A dead end or an invisible focus is the failure to report, not the count. */
  if (!g_test_failed ())
    g_assert_cmpuint (reached, >=, minimum);
}

static SbDataSource *
make_source (const char *name, const char *topic)
{
  SbDataSource *source = sb_data_source_new ();
  g_autoptr (SbSubscription) sub = sb_subscription_new (topic);

  sb_data_source_set_name (source, name);
  sb_data_source_set_broker (source, "127.0.0.1");
  sb_data_source_set_port (source, sb_test_free_port ());
  sb_data_source_add_subscription (source, sub);
  return source;
}

static void
quiet_settings (void)
{
  /* A blinking caret and libadwaita's transitions of the focus ring would
   * make two renderings of one state differ, or two states look alike. */
  g_object_set (gtk_settings_get_default (), "gtk-cursor-blink", FALSE, "gtk-enable-animations",
                FALSE, NULL);
}

/* The main window with two data sources: the header bar's buttons and menu,
 * each row and its buttons and menu. */
static void
test_focus_main_window (UiWindowFixture *f, gconstpointer data)
{
  g_autoptr (SbConfig) config = sb_config_new ();
  g_autoptr (SbDataSource) a = make_source ("Shopfloor", "shopfloor/#");
  g_autoptr (SbDataSource) b = make_source ("Line 7", "line7/#");
  g_autoptr (GError) error = NULL;

  quiet_settings ();
  sb_config_append (config, a);
  sb_config_append (config, b);
  sb_config_save_to_file (config, f->path, &error);
  g_assert_no_error (error);
  g_assert_true (sb_window_open_path (f->window, f->path));
  g_assert_true (sb_test_wait_for (ui_widget_visible_cb, f->window, UI_DEADLINE_MS));
  ui_drain ();

  assert_tab_through (GTK_WIDGET (f->window), 5);
}

/* The Add dialog as Ctrl+N opens it: its entries, switches, sections and
 * buttons. */
static void
test_focus_add_dialog (UiWindowFixture *f, gconstpointer data)
{
  GtkWidget *dialog;

  quiet_settings ();
  g_assert_true (sb_window_open_path (f->window, f->path));
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.add-source", NULL);
  ui_drain ();
  dialog = GTK_WIDGET (sb_window_get_source_dialog (f->window));
  g_assert_nonnull (dialog);
  g_assert_true (sb_test_wait_for (ui_widget_visible_cb, dialog, UI_DEADLINE_MS));

  assert_tab_through (dialog, 8);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* The Edit dialog with every section open (TLS, a user name, two
 * subscriptions): the check buttons, spin buttons, drop-downs and the
 * subscription editors too. */
static void
test_focus_edit_dialog_open (UiWindowFixture *f, gconstpointer data)
{
  GtkWidget *dialog;

  quiet_settings ();
  ui_window_open_full_source (f);
  dialog = ui_window_edit_dialog_every_section (f);

  assert_tab_through (dialog, 20);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static gboolean
rows_cb (gpointer data)
{
  return sb_preview_view_get_n_rows (data) >= 2;
}

/* The preview of a data source on a real mosquitto, its details pane open on
 * a JSON topic: the table, the filter, the pane's pages and buttons. */
static void
test_focus_preview_window (UiWindowFixture *f, gconstpointer data)
{
  g_autoptr (SbTestBroker) broker = sb_test_broker_new ();
  g_autoptr (SbConfig) config = sb_config_new ();
  g_autoptr (SbDataSource) source = NULL;
  g_autoptr (GError) error = NULL;
  SbPreviewWindow *preview;
  SbPreviewView *view;

  quiet_settings ();
  sb_test_broker_start (broker);
  sb_test_broker_publish (broker, "shopfloor/counter", "4711", 1, TRUE);
  sb_test_broker_publish (broker, "shopfloor/state", "{\"ok\":true}", 1, TRUE);
  source = make_source ("Shopfloor", "shopfloor/#");
  sb_data_source_set_port (source, sb_test_broker_get_port (broker));
  sb_config_append (config, source);
  sb_config_save_to_file (config, f->path, &error);
  g_assert_no_error (error);
  g_assert_true (sb_window_open_path (f->window, f->path));
  g_assert_true (sb_window_listen (f->window, "Shopfloor", NULL));
  preview = sb_window_get_preview_window (
      f->window, sb_config_get_data_source (sb_window_get_config (f->window), 0));
  view = sb_preview_window_get_view (preview);
  g_assert_true (sb_test_wait_for (rows_cb, view, UI_DEADLINE_MS));
  sb_preview_view_set_show_details (view, TRUE);
  sb_preview_view_select_topic (view, "shopfloor/state");
  ui_drain ();

  assert_tab_through (GTK_WIDGET (preview), 5);
  gtk_window_destroy (GTK_WINDOW (preview));
}

int
main (int argc, char **argv)
{
  int status;

  ui_test_init (&argc, &argv);
  ui_window_app_init ();
#define ADD(path, func)                                                                            \
  g_test_add (path, UiWindowFixture, NULL, ui_window_set_up, func, ui_window_tear_down)
  ADD ("/ui/focus/main-window", test_focus_main_window);
  ADD ("/ui/focus/add-dialog", test_focus_add_dialog);
  ADD ("/ui/focus/edit-dialog-every-section", test_focus_edit_dialog_open);
  ADD ("/ui/focus/preview-window", test_focus_preview_window);
#undef ADD
  status = g_test_run ();
  g_clear_object (&the_app);
  return status;
}
