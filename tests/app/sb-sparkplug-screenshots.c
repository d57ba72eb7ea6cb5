/* sb-sparkplug-screenshots.c: renders issue 18's screenshots of a Sparkplug B
 * edge node (signalboard-shopfloor-sim --sparkplug on a private mosquitto) in
 * the preview and its details pane, under Xvfb. Not a test.
 * Usage: sb-sparkplug-screenshots OUT-DIR
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>

#include "sb-details-pane.h"
#include "sb-preview-view-private.h"
#include "sb-subscription.h"
#include "sb-test-ui.h"

static gboolean
node_seen_cb (gpointer data)
{
  SbPreviewModel *model = data;
  guint ddata = 0;

  for (guint s = 1; s <= 5; s++)
    {
      g_autofree char *topic = g_strdup_printf ("spBv1.0/Shopfloor/DDATA/Line1/Station%u", s);
      ddata += sb_preview_model_lookup (model, topic) != NULL;
    }
  /* Announced (in the table), not only received. */
  return ddata >= 3 && g_list_model_get_n_items (G_LIST_MODEL (model)) >= 10
         && sb_preview_model_lookup (model, "spBv1.0/Shopfloor/NDATA/Line1") != NULL
         && sb_preview_model_lookup (model, "spBv1.0/Shopfloor/DBIRTH/Line1/Station5") != NULL;
}

static void
set_true (gboolean *flag)
{
  *flag = TRUE;
}

static gboolean
subscribed_cb (gpointer data)
{
  return *(gboolean *)data;
}

static gboolean
death_seen_cb (gpointer data)
{
  GListModel *list = data;

  /* In the table: the last row announced. */
  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr (SbTopicRow) row = g_list_model_get_item (list, i);

      if (g_str_equal (sb_topic_row_get_topic (row), "spBv1.0/Shopfloor/NDEATH/Line1"))
        return TRUE;
    }
  return FALSE;
}

int
main (int argc, char **argv)
{
  g_autoptr (SbTestBroker) broker = NULL;
  g_autoptr (SbDataSource) source = sb_data_source_new ();
  /* The stations' temperature by a filter on the decoded JSON; births and the
   * node's data without a data path ("N metrics"). */
  const char *const topics[]
      = { "spBv1.0/Shopfloor/DDATA/#", "spBv1.0/Shopfloor/NBIRTH/#", "spBv1.0/Shopfloor/DBIRTH/#",
          "spBv1.0/Shopfloor/NDATA/#", "spBv1.0/Shopfloor/NDEATH/#" };
  g_autoptr (SbMqttSession) session = NULL;
  g_autoptr (GSubprocess) sim = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *port = NULL;
  const char *out_dir;
  GtkWindow *window;
  SbPreviewView *view;
  SbDetailsPane *pane;
  gboolean subscribed = FALSE;

  if (argc != 2)
    g_error ("usage: %s OUT-DIR", argv[0]);
  out_dir = argv[1];
  ui_test_init (&argc, &argv);

  broker = sb_test_broker_new ();
  sb_test_broker_start (broker);
  port = g_strdup_printf ("%u", sb_test_broker_get_port (broker));

  sb_data_source_set_name (source, "Shopfloor (Sparkplug B)");
  sb_data_source_set_broker (source, "127.0.0.1");
  sb_data_source_set_port (source, sb_test_broker_get_port (broker));
  for (guint i = 0; i < G_N_ELEMENTS (topics); i++)
    {
      g_autoptr (SbSubscription) sub = sb_subscription_new (topics[i]);

      if (i == 0)
        sb_subscription_set_data_path (sub, "$.metrics[?(@.name=='Temperature')].value");
      sb_data_source_add_subscription (source, sub);
    }
  session = sb_mqtt_session_new (source);
  g_signal_connect_swapped (session, "connected", G_CALLBACK (set_true), &subscribed);

  window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_title (window, "Shopfloor (Sparkplug B) — live preview");
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
  /* Births are not retained: the simulator starts once the preview has subscribed. */
  if (!sb_test_wait_for (subscribed_cb, &subscribed, 30000))
    g_error ("the preview did not subscribe");
  sim = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error,
                          sb_test_build_path ("src/sim/signalboard-shopfloor-sim"), "--sparkplug",
                          "--quiet", "--broker", "127.0.0.1", "--port", port, "--seed", "3",
                          "--speed", "12", NULL);
  g_assert_no_error (error);
  if (!sb_test_wait_for (node_seen_cb, sb_preview_view_get_model (view), 60000))
    g_error ("the edge node's births and data did not arrive");

  pane = sb_preview_view_get_details_pane (view);
  /* Hold the table still so that the pictures match what they show. */
  sb_preview_view_set_paused (view, TRUE);
  sb_preview_view_select_topic (view, "spBv1.0/Shopfloor/NDATA/Line1");
  sb_details_pane_set_view (pane, "sparkplug");
  ui_shoot (GTK_WIDGET (window), out_dir, "sparkplug-preview");
  sb_preview_view_select_topic (view, "spBv1.0/Shopfloor/NBIRTH/Line1");
  sb_details_pane_set_view (pane, "sparkplug");
  ui_shoot (GTK_WIDGET (window), out_dir, "sparkplug-details-nbirth");

  /* Killed, the node cannot say goodbye: the broker sends its will, NDEATH. */
  sb_preview_view_set_paused (view, FALSE);
  g_subprocess_send_signal (sim, SIGKILL);
  g_subprocess_wait (sim, NULL, NULL);
  if (!sb_test_wait_for (death_seen_cb, sb_preview_view_get_model (view), 30000))
    g_error ("the node's death did not arrive");
  if (!sb_test_wait_for (death_seen_cb, sb_preview_view_get_model (view), 30000))
    g_error ("the node's death did not reach the table");
  sb_preview_view_set_paused (view, TRUE);
  sb_preview_view_select_topic (view, "spBv1.0/Shopfloor/NDEATH/Line1");
  sb_details_pane_set_view (pane, "sparkplug");
  ui_shoot (GTK_WIDGET (window), out_dir, "sparkplug-details-death");

  sb_preview_view_set_session (view, NULL);
  sb_mqtt_session_stop (session);
  gtk_window_destroy (window);
  return 0;
}
