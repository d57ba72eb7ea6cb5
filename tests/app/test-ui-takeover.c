/* test-ui-takeover.c: the live preview says so when another client takes
 * its client id (a real mosquitto, the real mosquitto_sub -i as the other
 * client), and stops there instead of fighting for the id
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sb-preview-view.h"
#include "sb-test-ui.h"

#define TAKEOVER_DEADLINE_MS 30000

typedef struct
{
  GtkWidget *window;
  const char *text;
} LabelWait;

static gboolean
label_shown_cb (gpointer data)
{
  LabelWait *w = data;
  return ui_find_label (w->window, w->text) != NULL;
}

static void
count_connecting (SbMqttSession *session, GParamSpec *pspec, guint *attempts)
{
  if (sb_mqtt_session_get_state (session) == SB_SESSION_CONNECTING)
    (*attempts)++;
}

static void
test_preview_shows_takeover (gconstpointer data)
{
  SbProtocol protocol = GPOINTER_TO_INT (data);
  g_autoptr (SbTestBroker) broker = sb_test_broker_new ();
  g_autoptr (SbDataSource) source = sb_data_source_new ();
  g_autoptr (SbSubscription) sub = sb_subscription_new ("plant/#");
  g_autoptr (SbMqttSession) session = NULL;
  g_autoptr (GSubprocess) other = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *client_id = g_strdup_printf ("line-7-dashboard-%u", g_random_int ());
  g_autofree char *port = NULL;
  g_autofree char *connected = NULL;
  g_autofree char *message = NULL;
  SbPreviewView *view = SB_PREVIEW_VIEW (sb_preview_view_new ());
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  LabelWait w = { GTK_WIDGET (window), NULL };
  guint attempts = 0;
  guint reported;

  sb_test_broker_start (broker);
  port = g_strdup_printf ("%u", sb_test_broker_get_port (broker));
  sb_data_source_set_name (source, "Line 7");
  sb_data_source_set_broker (source, "127.0.0.1");
  sb_data_source_set_port (source, sb_test_broker_get_port (broker));
  sb_data_source_set_protocol (source, protocol);
  sb_data_source_set_client_id (source, client_id);
  sb_data_source_add_subscription (source, sub);
  session = sb_mqtt_session_new (source);
  g_signal_connect (session, "notify::state", G_CALLBACK (count_connecting), &attempts);

  gtk_window_set_default_size (window, 900, 500);
  gtk_window_set_child (window, GTK_WIDGET (view));
  gtk_window_present (window);
  sb_preview_view_set_session (view, session);
  sb_mqtt_session_start (session);
  connected = g_strdup_printf ("Connected to 127.0.0.1:%s", port);
  w.text = connected;
  g_assert_true (sb_test_wait_for (label_shown_cb, &w, UI_DEADLINE_MS));

  other = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                            &error, "mosquitto_sub", "-h", "127.0.0.1", "-p", port, "-i", client_id,
                            "-t", "plant/#", NULL);
  g_assert_no_error (error);
  message = g_strdup_printf (
      "Another client connected with the same client id “%s”; the broker closed this connection",
      client_id);
  w.text = message;
  g_assert_true (sb_test_wait_for (label_shown_cb, &w, TAKEOVER_DEADLINE_MS));
  g_assert_cmpstr (sb_preview_view_get_state_text (view), ==, message);
  reported = attempts;
  g_assert_cmpuint (reported, <=, 5);

  /* It stays that way: no more attempts, the message stays up. */
  g_assert_false (sb_test_wait_for (ui_true_after_cb, &(gint64){ G_MAXINT64 }, 3000));
  g_assert_cmpuint (attempts, ==, reported);
  g_assert_nonnull (ui_find_label (GTK_WIDGET (window), message));

  g_signal_handlers_disconnect_by_data (session, &attempts);
  sb_preview_view_set_session (view, NULL);
  sb_mqtt_session_stop (session);
  gtk_window_destroy (window);
  g_subprocess_force_exit (other);
  g_subprocess_wait (other, NULL, NULL);
}

int
main (int argc, char **argv)
{
  ui_test_init (&argc, &argv);
  g_test_add_data_func ("/ui/takeover/3.1.1", GINT_TO_POINTER (SB_PROTOCOL_MQTT_311),
                        test_preview_shows_takeover);
  g_test_add_data_func ("/ui/takeover/5", GINT_TO_POINTER (SB_PROTOCOL_MQTT_5),
                        test_preview_shows_takeover);
  return g_test_run ();
}
