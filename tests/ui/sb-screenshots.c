/* sb-screenshots.c: renders the app's main views to PNG with GTK's own
 * snapshot, for docs/screenshots (run by tools/screenshots under Xvfb)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "sb-window.h"
#include "sb-ui-test.h"

static const char *out_dir;

static gboolean
true_after_cb (gpointer data)
{
  return g_get_monotonic_time () >= *(gint64 *)data;
}

/* Lets the window lay out and draw a few frames (animations, the revealer). */
static void
settle (guint ms)
{
  gint64 until = g_get_monotonic_time () + ms * 1000;
  sb_test_wait_for (true_after_cb, &until, ms + 1000);
}

static void
shoot (GtkWidget *window, const char *name)
{
  g_autoptr (GdkPaintable) paintable = NULL;
  g_autoptr (GtkSnapshot) snapshot = NULL;
  g_autoptr (GskRenderNode) node = NULL;
  g_autoptr (GdkTexture) texture = NULL;
  g_autofree char *path = g_strdup_printf ("%s/%s.png", out_dir, name);
  GskRenderer *renderer = gtk_native_get_renderer (GTK_NATIVE (window));
  int width, height;

  settle (700);
  width = gtk_widget_get_width (window);
  height = gtk_widget_get_height (window);
  paintable = gtk_widget_paintable_new (window);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  if (!gdk_texture_save_to_png (texture, path))
    g_error ("cannot write %s", path);
  g_print ("%s (%d×%d)\n", path, width, height);
}

static SbDataSource *
make_source (const char *name, const char *broker, guint port, const char *const *topics)
{
  SbDataSource *source = sb_data_source_new ();

  sb_data_source_set_name (source, name);
  sb_data_source_set_broker (source, broker);
  sb_data_source_set_port (source, port);
  for (guint i = 0; topics[i] != NULL; i++)
    {
      g_autoptr (SbSubscription) sub = sb_subscription_new (topics[i]);
      sb_data_source_add_subscription (source, sub);
    }
  return source;
}

static gboolean
rows_cb (gpointer data)
{
  return sb_preview_view_get_n_rows (data) >= 6;
}

static gboolean
row_state_cb (gpointer data)
{
  SbSourceRow *row = data;
  return *sb_source_row_get_state_text (row) != '\0'
         && !g_str_has_prefix (sb_source_row_get_state_text (row), "Connecting");
}

int
main (int argc, char **argv)
{
  static const char *const shopfloor[] = { "shopfloor/counter/",
                                           "shopfloor/station1/",
                                           "shopfloor/station2/",
                                           "shopfloor/station3/",
                                           "shopfloor/station4/",
                                           "shopfloor/station5/",
                                           NULL };
  static const char *const values[] = { "4711", "200", "100", "300", "200", "100" };
  static const char *const cloud[] = { "plant/+/temperature", NULL };
  static const char *const line7[] = { "line7/#", NULL };
  g_autoptr (SbTestBroker) broker = NULL;
  g_autoptr (SbApplication) app = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (SbConfig) config = NULL;
  g_autoptr (SbDataSource) source = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  SbWindow *window;
  SbSourceDialog *dialog;
  SbPreviewView *view;
  guint port;

  if (argc != 2)
    {
      g_printerr ("usage: sb-screenshots OUTPUT-DIR\n");
      return 2;
    }
  out_dir = argv[1];
  g_setenv ("GSK_RENDERER", "cairo", TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("GTK_THEME", "Adwaita", TRUE);
  gtk_init ();

  broker = sb_test_broker_new ();
  sb_test_broker_start (broker);
  port = sb_test_broker_get_port (broker);
  for (guint i = 0; shopfloor[i] != NULL; i++)
    sb_test_broker_publish (broker, shopfloor[i], values[i], 1, TRUE);

  dir = g_dir_make_tmp ("sb-shots-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "data-sources.json", NULL);

  app = sb_application_new ();
  g_application_set_flags (G_APPLICATION (app), g_application_get_flags (G_APPLICATION (app))
                                                    | G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  /* 1. The empty state. */
  window = sb_window_new (app);
  gtk_window_set_default_size (GTK_WINDOW (window), 860, 560);
  sb_window_open_path (window, path);
  gtk_window_present (GTK_WINDOW (window));
  shoot (GTK_WIDGET (window), "main-window-empty");

  /* 2. Three data sources: one listening, one failing, one idle. */
  config = sb_config_new ();
  source = make_source ("Shopfloor", "127.0.0.1", port, shopfloor);
  sb_config_append (config, source);
  g_clear_object (&source);
  source = make_source ("Cloud TLS", "mqtt.example.com", 0, cloud);
  sb_data_source_set_tls_enabled (source, TRUE);
  sb_config_append (config, source);
  g_clear_object (&source);
  source = make_source ("Line 7", "127.0.0.1", sb_test_free_port (), line7);
  sb_config_append (config, source);
  g_clear_object (&source);
  sb_config_save_to_file (config, path, &error);
  g_assert_no_error (error);
  sb_window_open_path (window, path);
  sb_window_listen (window, "Shopfloor", NULL);
  sb_window_listen (window, "Line 7", NULL);
  gtk_window_present (GTK_WINDOW (window));
  sb_test_wait_for (row_state_cb, sb_window_get_row (window, 0), 10000);
  sb_test_wait_for (row_state_cb, sb_window_get_row (window, 2), 10000);
  shoot (GTK_WIDGET (window), "main-window");
  {
    SbPreviewWindow *preview = sb_window_get_preview_window (
        window, sb_config_get_data_source (sb_window_get_config (window), 0));
    sb_test_wait_for (rows_cb, sb_preview_window_get_view (preview), 10000);
    shoot (GTK_WIDGET (preview), "preview-window");
  }

  /* 3. The Add dialog with a validation error. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.add-source", NULL);
  dialog = sb_window_get_source_dialog (window);
  ui_type (GTK_EDITABLE (sb_source_dialog_get_widget (dialog, "name_entry")), "Line 8");
  ui_type (GTK_EDITABLE (sb_source_dialog_get_widget (dialog, "broker_entry")),
           "broker.line8.local");
  ui_type (GTK_EDITABLE (sb_source_dialog_get_widget (dialog, "port_entry")), "70000");
  ui_type (
      sb_subscription_editor_get_topic_entry (sb_source_dialog_get_subscription_editor (dialog, 0)),
      "line8/counter/");
  g_signal_emit_by_name (sb_source_dialog_get_widget (dialog, "add_subscription_button"),
                         "clicked");
  ui_type (
      sb_subscription_editor_get_topic_entry (sb_source_dialog_get_subscription_editor (dialog, 1)),
      "a/#/b");
  shoot (GTK_WIDGET (dialog), "dialog-validation-error");
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* 4. The Edit dialog, filled. */
  gtk_widget_activate_action (
      GTK_WIDGET (window), "win.edit-source", "s",
      sb_data_source_get_id (sb_config_get_data_source (sb_window_get_config (window), 0)));
  dialog = sb_window_get_source_dialog (window);
  gtk_expander_set_expanded (GTK_EXPANDER (sb_source_dialog_get_widget (dialog, "auth_expander")),
                             TRUE);
  ui_type (GTK_EDITABLE (sb_source_dialog_get_widget (dialog, "username_entry")), "dashboard");
  ui_type (GTK_EDITABLE (sb_source_dialog_get_widget (dialog, "password_entry")), "secret");
  shoot (GTK_WIDGET (dialog), "dialog-filled");

  /* 5. The same dialog listening: the shopfloor topics, live. */
  ui_type (GTK_EDITABLE (sb_source_dialog_get_widget (dialog, "username_entry")), "");
  ui_type (GTK_EDITABLE (sb_source_dialog_get_widget (dialog, "password_entry")), "");
  gtk_expander_set_expanded (GTK_EXPANDER (sb_source_dialog_get_widget (dialog, "auth_expander")),
                             FALSE);
  gtk_switch_set_active (GTK_SWITCH (sb_source_dialog_get_widget (dialog, "listen_switch")), TRUE);
  view = SB_PREVIEW_VIEW (sb_source_dialog_get_widget (dialog, "preview_view"));
  sb_test_wait_for (rows_cb, view, 10000);
  sb_test_broker_publish (broker, "shopfloor/counter/", "4712", 1, FALSE);
  settle (300);
  sb_test_broker_publish (broker, "shopfloor/counter/", "4713", 1, FALSE);
  settle (1200);
  shoot (GTK_WIDGET (dialog), "dialog-live-preview");

  gtk_window_destroy (GTK_WINDOW (dialog));
  gtk_window_destroy (GTK_WINDOW (window));
  ui_drain ();
  g_unlink (path);
  g_rmdir (dir);
  return 0;
}
