/* sb-screenshots.c: renders the app's main views to PNG with GTK's own
 * snapshot, for docs/screenshots (run by tools/screenshots under Xvfb)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "sb-subscription-list-private.h"
#include "sb-details-pane.h"
#include "sb-window-private.h"
#include "sb-test-ui-window.h"
#include "sb-source-row-private.h"
#include "sb-preview-view-private.h"
#include "sb-preview-window-private.h"
#include "sb-source-dialog-private.h"

static const char *out_dir;

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

static gboolean
list_shown_cb (gpointer data)
{
  return g_strcmp0 (gtk_stack_get_visible_child_name (data), "list") == 0
         && !gtk_stack_get_transition_running (data);
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
  gboolean dark;

  if (argc != 2)
    {
      g_printerr ("usage: sb-screenshots OUTPUT-DIR\n");
      return 2;
    }
  out_dir = argv[1];
  g_setenv ("GSK_RENDERER", "cairo", TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  /* libadwaita's own style, light or dark (GTK_THEME would put GTK's
   * Adwaita over it). */
  g_unsetenv ("GTK_THEME");
  dark = g_strcmp0 (g_getenv ("SB_SCREENSHOT_STYLE"), "dark") == 0;
  sb_application_prepare_display ();
  adw_init ();

  broker = sb_test_broker_new ();
  sb_test_broker_start (broker);
  port = sb_test_broker_get_port (broker);
  for (guint i = 0; shopfloor[i] != NULL; i++)
    sb_test_broker_publish (broker, shopfloor[i], values[i], 1, TRUE);

  dir = g_dir_make_tmp ("sb-shots-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "data-sources.json", NULL);

  app = ui_app_new ();
  /* The Preferences' style, as a user would choose it. */
  if (sb_application_get_settings (app) != NULL)
    g_settings_set_string (sb_application_get_settings (app), "style", dark ? "dark" : "light");

  /* 1. The empty state. */
  window = sb_window_new (app);
  gtk_window_set_default_size (GTK_WINDOW (window), 860, 560);
  sb_window_open_path (window, path);
  gtk_window_present (GTK_WINDOW (window));
  ui_shoot (GTK_WIDGET (window), out_dir, "main-window-empty");

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
  /* A loaded machine may still be fading from the empty page. */
  sb_test_wait_for (list_shown_cb, sb_window_get_widget (window, "stack"), 10000);
  ui_shoot (GTK_WIDGET (window), out_dir, "main-window");
  {
    SbPreviewWindow *preview = sb_window_get_preview_window (
        window, sb_config_get_data_source (sb_window_get_config (window), 0));
    SbPreviewView *preview_view = sb_preview_window_get_view (preview);

    sb_test_wait_for (rows_cb, preview_view, 10000);
    ui_shoot (GTK_WIDGET (preview), out_dir, "preview-window");
    /* The details pane beside the table: the counter's value, chart, history. */
    sb_preview_view_set_show_details (preview_view, TRUE);
    for (guint i = 0; i < 4; i++)
      {
        g_autofree char *count = g_strdup_printf ("%u", 4712 + i * i * 3);
        sb_test_broker_publish (broker, "shopfloor/counter/", count, 1, TRUE);
        ui_settle (250);
      }
    sb_preview_view_select_topic (preview_view, "shopfloor/counter/");
    ui_settle (1500); /* past the value flash */
    sb_preview_view_set_paused (preview_view, TRUE);
    ui_shoot (GTK_WIDGET (preview), out_dir, "preview-details");
    sb_preview_view_set_paused (preview_view, FALSE);

    /* The Changes page: a station's JSON status against the one before. */
    sb_test_broker_publish (broker, "shopfloor/station1/",
                            "{\"status\":200,\"mode\":\"auto\",\"door\":\"closed\"}", 1, TRUE);
    ui_settle (250);
    sb_test_broker_publish (broker, "shopfloor/station1/",
                            "{\"status\":503,\"mode\":\"auto\",\"alarm\":\"overheat\"}", 1, TRUE);
    ui_settle (500);
    sb_preview_view_select_topic (preview_view, "shopfloor/station1/");
    sb_details_pane_set_view (sb_preview_view_get_details_pane (preview_view), "changes");
    ui_settle (1500);
    sb_preview_view_set_paused (preview_view, TRUE);
    ui_shoot (GTK_WIDGET (preview), out_dir, "preview-diff");
    sb_preview_view_set_paused (preview_view, FALSE);
    sb_details_pane_set_view (sb_preview_view_get_details_pane (preview_view), "text");

    /* Three stations pinned to one chart, over six seconds: the time axis
     * labels round seconds between its ends. */
    for (guint i = 0; i < 12; i++)
      {
        static const char *const stations[]
            = { "shopfloor/station2/", "shopfloor/station3/", "shopfloor/station4/" };
        for (guint k = 0; k < G_N_ELEMENTS (stations); k++)
          {
            g_autofree char *value = g_strdup_printf ("%u", 100 * (k + 1) + (i * (k + 3) * 7) % 60);
            sb_test_broker_publish (broker, stations[k], value, 1, TRUE);
          }
        ui_settle (500);
      }
    for (guint k = 2; k <= 4; k++)
      {
        g_autofree char *topic = g_strdup_printf ("shopfloor/station%u/", k);
        sb_preview_view_select_topic (preview_view, topic);
        ui_settle (100);
        gtk_widget_activate_action (GTK_WIDGET (sb_preview_view_get_details_pane (preview_view)),
                                    "details.pin", NULL);
      }
    ui_settle (1500);
    sb_preview_view_set_paused (preview_view, TRUE);
    ui_shoot (GTK_WIDGET (preview), out_dir, "preview-chart");
    sb_preview_view_set_paused (preview_view, FALSE);
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
  g_signal_emit_by_name (
      sb_subscription_list_get_widget (
          SB_SUBSCRIPTION_LIST (sb_source_dialog_get_widget (dialog, "subscription_list")),
          "add_button"),
      "clicked");
  ui_type (
      sb_subscription_editor_get_topic_entry (sb_source_dialog_get_subscription_editor (dialog, 1)),
      "a/#/b");
  ui_shoot (GTK_WIDGET (dialog), out_dir, "dialog-validation-error");
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* 4. The Edit dialog, filled. */
  gtk_widget_activate_action (
      GTK_WIDGET (window), "win.edit-source", "s",
      sb_data_source_get_id (sb_config_get_data_source (sb_window_get_config (window), 0)));
  dialog = sb_window_get_source_dialog (window);
  adw_expander_row_set_expanded (
      ADW_EXPANDER_ROW (sb_source_dialog_get_widget (dialog, "auth_expander")), TRUE);
  ui_type (GTK_EDITABLE (sb_source_dialog_get_widget (dialog, "username_entry")), "dashboard");
  ui_type (GTK_EDITABLE (sb_source_dialog_get_widget (dialog, "password_entry")), "secret");
  ui_shoot (GTK_WIDGET (dialog), out_dir, "dialog-filled");

  /* 5. The same dialog listening: the shopfloor topics, live. */
  ui_type (GTK_EDITABLE (sb_source_dialog_get_widget (dialog, "username_entry")), "");
  ui_type (GTK_EDITABLE (sb_source_dialog_get_widget (dialog, "password_entry")), "");
  adw_expander_row_set_expanded (
      ADW_EXPANDER_ROW (sb_source_dialog_get_widget (dialog, "auth_expander")), FALSE);
  gtk_switch_set_active (GTK_SWITCH (sb_source_dialog_get_widget (dialog, "listen_switch")), TRUE);
  view = SB_PREVIEW_VIEW (sb_source_dialog_get_widget (dialog, "preview_view"));
  sb_test_wait_for (rows_cb, view, 10000);
  sb_test_broker_publish (broker, "shopfloor/counter/", "4712", 1, FALSE);
  ui_settle (300);
  sb_test_broker_publish (broker, "shopfloor/counter/", "4713", 1, FALSE);
  ui_settle (1200);
  ui_shoot (GTK_WIDGET (dialog), out_dir, "dialog-live-preview");

  gtk_window_destroy (GTK_WINDOW (dialog));
  gtk_window_destroy (GTK_WINDOW (window));
  ui_drain ();
  g_unlink (path);
  g_rmdir (dir);
  return 0;
}
