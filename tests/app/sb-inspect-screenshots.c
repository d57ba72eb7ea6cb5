/* sb-inspect-screenshots.c: renders issue 9's screenshots (details pane as
 * JSON and hex, the counter's sparkline, the filter) from a live preview of
 * the simulator on a private mosquitto, under Xvfb. Not a test.
 * Usage: sb-inspect-screenshots OUT-DIR
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>

#include "sb-details-pane.h"
#include "sb-preview-view-private.h"
#include "sb-subscription.h"
#include "sb-test-ui.h"

static const char *out_dir;

static gboolean
counter_filled_cb (gpointer data)
{
  SbPreviewModel *model = data;
  SbTopicRow *row = sb_preview_model_lookup (model, "shopfloor/counter/");
  return row != NULL && sb_history_count_numbers (sb_topic_row_get_history (row)) >= 40
         && sb_preview_model_lookup (model, "shopfloor/station5/") != NULL;
}

int
main (int argc, char **argv)
{
  g_autoptr (SbTestBroker) broker = NULL;
  g_autoptr (SbDataSource) source = sb_data_source_new ();
  g_autoptr (SbSubscription) counter = sb_subscription_new ("shopfloor/counter/");
  g_autoptr (SbSubscription) stations = sb_subscription_new ("shopfloor/#");
  g_autoptr (SbMqttSession) session = NULL;
  g_autoptr (GSubprocess) sim = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *port = NULL;
  GtkWindow *window;
  SbPreviewView *view;
  SbDetailsPane *pane;

  if (argc != 2)
    g_error ("usage: %s OUT-DIR", argv[0]);
  out_dir = argv[1];
  ui_test_init (&argc, &argv);

  broker = sb_test_broker_new ();
  sb_test_broker_start (broker);
  port = g_strdup_printf ("%u", sb_test_broker_get_port (broker));
  /* A topic one level too deep, for the filter to hide. */
  sb_test_broker_publish (broker, "shopfloor/line1/oven", "{\"status\":200,\"temp\":181.5}", 1,
                          TRUE);
  sim = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error,
                          sb_test_build_path ("src/sim/signalboard-shopfloor-sim"), "--json",
                          "--quiet", "--broker", "127.0.0.1", "--port", port, "--seed", "3",
                          "--speed", "12", "--counter-max", "30", NULL);
  g_assert_no_error (error);

  sb_data_source_set_name (source, "Shopfloor");
  sb_data_source_set_broker (source, "127.0.0.1");
  sb_data_source_set_port (source, sb_test_broker_get_port (broker));
  sb_subscription_set_data_path (counter, "$.count");
  sb_subscription_set_data_path (stations, "$.status");
  sb_data_source_add_subscription (source, counter);
  sb_data_source_add_subscription (source, stations);
  session = sb_mqtt_session_new (source);

  window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_title (window, "Shopfloor — live preview");
  gtk_window_set_default_size (window, 1180, 720);
  view = SB_PREVIEW_VIEW (sb_preview_view_new ());
  gtk_widget_set_margin_start (GTK_WIDGET (view), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (view), 12);
  gtk_widget_set_margin_top (GTK_WIDGET (view), 12);
  gtk_widget_set_margin_bottom (GTK_WIDGET (view), 12);
  sb_preview_view_set_show_details (view, TRUE);
  gtk_window_set_child (window, GTK_WIDGET (view));
  gtk_window_present (window);
  sb_preview_view_set_session (view, session);
  sb_mqtt_session_start (session);
  if (!sb_test_wait_for (counter_filled_cb, sb_preview_view_get_model (view), 60000))
    g_error ("the simulator's counter did not fill the history");

  pane = sb_preview_view_get_details_pane (view);
  sb_preview_view_select_topic (view, "shopfloor/line1/oven");
  sb_details_pane_set_view (pane, "json");
  /* Hold the table still so that the pictures match what they show. */
  sb_preview_view_set_paused (view, TRUE);
  ui_shoot (GTK_WIDGET (window), out_dir, "inspect-details-json");
  sb_details_pane_set_view (pane, "hex");
  ui_shoot (GTK_WIDGET (window), out_dir, "inspect-details-hex");

  sb_preview_view_select_topic (view, "shopfloor/counter/");
  sb_details_pane_set_view (pane, "text");
  ui_shoot (GTK_WIDGET (window), out_dir, "inspect-sparkline-counter");

  sb_preview_view_set_filter (view, "shopfloor/+/");
  sb_preview_view_select_topic (view, "shopfloor/station3/");
  ui_shoot (GTK_WIDGET (window), out_dir, "inspect-filter");

  g_subprocess_send_signal (sim, SIGTERM);
  g_subprocess_wait (sim, NULL, NULL);
  sb_preview_view_set_session (view, NULL);
  sb_mqtt_session_stop (session);
  gtk_window_destroy (window);
  return 0;
}
