/* test-ui-inspect-preview.c: the live preview's data-path values, trend,
 * filter, details, pause/clear, publish and "Delete retained message", in a
 * real window under Xvfb against a real mosquitto
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "sb-details-pane.h"
#include "sb-preview-view-private.h"
#include "sb-publish-dialog.h"
#include "sb-subscription.h"
#include "sb-test-ui.h"

enum
{
  COL_TOPIC,
  COL_VALUE,
  COL_QOS,
  COL_RETAINED,
  COL_COUNT
};

typedef struct
{
  SbPreviewView *view;
  const char *topic;
  const char *value;
  guint n_rows;
} Expect;

/* The row of @topic's cell in @column, or NULL when it is not shown. */
static char *
cell_of (SbPreviewView *view, const char *topic, guint column)
{
  for (guint i = 0; i < sb_preview_view_get_n_rows (view); i++)
    {
      g_autofree char *shown = sb_preview_view_dup_cell_text (view, i, COL_TOPIC);
      if (g_strcmp0 (shown, topic) == 0)
        return sb_preview_view_dup_cell_text (view, i, column);
    }
  return NULL;
}

static gboolean
value_is_cb (gpointer data)
{
  Expect *e = data;
  g_autofree char *value = cell_of (e->view, e->topic, COL_VALUE);
  return g_strcmp0 (value, e->value) == 0;
}

static gboolean
n_rows_cb (gpointer data)
{
  Expect *e = data;
  return sb_preview_view_get_n_rows (e->view) == e->n_rows;
}

static gboolean
connected_cb (gpointer data)
{
  return sb_mqtt_session_get_state (data) == SB_SESSION_CONNECTED;
}

static void
expect_value (SbPreviewView *view, const char *topic, const char *value)
{
  Expect e = { view, topic, value, 0 };
  g_assert_true (sb_test_wait_for (value_is_cb, &e, UI_DEADLINE_MS));
}

static void
expect_rows (SbPreviewView *view, guint n_rows)
{
  Expect e = { view, NULL, NULL, n_rows };
  g_assert_true (sb_test_wait_for (n_rows_cb, &e, UI_DEADLINE_MS));
}

static SbPublishDialog *
find_publish_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels (); /* not ours to unref */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GObject) window = g_list_model_get_item (toplevels, i);
      if (SB_IS_PUBLISH_DIALOG (window))
        return SB_PUBLISH_DIALOG (window);
    }
  return NULL;
}

static gboolean
dialog_sensitive_cb (gpointer data)
{
  return gtk_widget_get_sensitive (
      GTK_WIDGET (gtk_widget_get_template_child (data, SB_TYPE_PUBLISH_DIALOG, "publish_button")));
}

static void
on_message (SbMqttSession *session, SbMessage *message, gboolean *got_paused)
{
  const char *topic = sb_message_get_topic (message);
  GBytes *payload = sb_message_get_payload (message);

  if (g_str_equal (topic, "shopfloor/station3/") && g_bytes_get_size (payload) == 14
      && memcmp (g_bytes_get_data (payload, NULL), "{\"status\":100}", 14) == 0)
    *got_paused = TRUE;
}

static gboolean
got_paused_message_cb (gpointer data)
{
  return *(gboolean *)data;
}

static void
test_preview (void)
{
  g_autoptr (SbTestBroker) broker = sb_test_broker_new ();
  g_autoptr (SbDataSource) source = sb_data_source_new ();
  g_autoptr (SbSubscription) sub = sb_subscription_new ("shopfloor/#");
  g_autoptr (SbMqttSession) session = NULL;
  SbPreviewView *view = SB_PREVIEW_VIEW (sb_preview_view_new ());
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  SbDetailsPane *pane;
  SbPublishDialog *dialog;
  GtkWidget *payload_view;
  g_autofree char *port = NULL;
  g_autofree char *out = NULL;
  g_autoptr (GError) error = NULL;
  int status = -1;
  gboolean got_paused = FALSE;

  sb_test_broker_start (broker);
  sb_test_broker_publish (broker, "shopfloor/station3/", "{\"status\":200}", 1, TRUE);
  sb_test_broker_publish (broker, "shopfloor/a/b", "{\"status\":1}", 1, TRUE);
  sb_test_broker_publish (broker, "shopfloor/text/", "running", 1, TRUE);
  sb_test_broker_publish (broker, "shopfloor/keep/", "{\"status\":7}", 1, TRUE);

  sb_data_source_set_name (source, "Test");
  sb_data_source_set_broker (source, "127.0.0.1");
  sb_data_source_set_port (source, sb_test_broker_get_port (broker));
  sb_subscription_set_data_path (sub, "$.status");
  sb_data_source_add_subscription (source, sub);
  session = sb_mqtt_session_new (source);
  g_signal_connect (session, "message", G_CALLBACK (on_message), &got_paused);

  gtk_window_set_default_size (window, 1000, 600);
  gtk_window_set_child (window, GTK_WIDGET (view));
  sb_preview_view_set_show_details (view, TRUE);
  gtk_window_present (window);
  sb_preview_view_set_session (view, session);
  sb_mqtt_session_start (session);
  g_assert_true (sb_test_wait_for (connected_cb, session, UI_DEADLINE_MS));

  /* The Value column shows what the data path picks, or why it picks nothing. */
  expect_rows (view, 4);
  expect_value (view, "shopfloor/station3/", "200");
  expect_value (view, "shopfloor/text/", "The payload is not JSON");
  g_assert_cmpstr (gtk_column_view_column_get_title (g_list_model_get_item (
                       gtk_column_view_get_columns (sb_preview_view_get_column_view (view)), 6)),
                   ==, "Trend");

  /* Filter: an MQTT wildcard hides what it does not match; text matches as a substring. */
  sb_preview_view_set_filter (view, "shopfloor/+/");
  expect_rows (view, 3);
  g_assert_null (cell_of (view, "shopfloor/a/b", COL_TOPIC));
  sb_preview_view_set_filter (view, "STATION");
  expect_rows (view, 1);
  sb_preview_view_set_filter (view, NULL);
  expect_rows (view, 4);

  /* The details of the selected row. */
  sb_preview_view_select_topic (view, "shopfloor/station3/");
  pane = sb_preview_view_get_details_pane (view);
  g_assert_true (sb_details_pane_get_row (pane) != NULL);
  ui_drain ();
  g_assert_nonnull (ui_find_label (GTK_WIDGET (window), "Value: 200"));

  /* Publish… from the row: the message comes back to the preview. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "preview.publish", NULL));
  dialog = find_publish_dialog ();
  g_assert_nonnull (dialog);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (gtk_widget_get_template_child (
                       GTK_WIDGET (dialog), SB_TYPE_PUBLISH_DIALOG, "topic_entry"))),
                   ==, "shopfloor/station3/");
  payload_view = GTK_WIDGET (
      gtk_widget_get_template_child (GTK_WIDGET (dialog), SB_TYPE_PUBLISH_DIALOG, "payload_view"));
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (payload_view)),
                            "{\"status\":300}", -1);
  g_assert_true (sb_test_wait_for (dialog_sensitive_cb, dialog, UI_DEADLINE_MS));
  g_signal_emit_by_name (
      gtk_widget_get_template_child (GTK_WIDGET (dialog), SB_TYPE_PUBLISH_DIALOG, "publish_button"),
      "clicked");
  expect_value (view, "shopfloor/station3/", "300");

  /* Paused, the table holds still; resumed, it follows again. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "preview.pause", NULL));
  g_assert_true (sb_preview_view_get_paused (view));
  sb_test_broker_publish (broker, "shopfloor/station3/", "{\"status\":100}", 1, FALSE);
  /* Resume only once the session has received it (the table did not take it). */
  g_assert_true (sb_test_wait_for (got_paused_message_cb, &got_paused, UI_DEADLINE_MS));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "preview.pause", NULL));
  g_assert_false (sb_preview_view_get_paused (view));
  sb_test_broker_publish (broker, "shopfloor/station3/", "{\"status\":222}", 1, FALSE);
  expect_value (view, "shopfloor/station3/", "222");
  {
    /* 200, 300, 222: the message sent while paused never showed. */
    g_autofree char *count = cell_of (view, "shopfloor/station3/", COL_COUNT);
    g_assert_cmpstr (count, ==, "3");
  }

  /* Delete retained message: a new subscriber then sees nothing. */
  sb_preview_view_select_topic (view, "shopfloor/keep/");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "preview.delete-retained", NULL));
  expect_value (view, "shopfloor/keep/",
                "The payload is not JSON"); /* the empty message came back */
  port = g_strdup_printf ("%u", sb_test_broker_get_port (broker));
  {
    const char *argv[]
        = { "mosquitto_sub",   "-h", "127.0.0.1", "-p", port, "-t", "shopfloor/keep/",
            "--retained-only", "-C", "1",         "-W", "2",  NULL };
    g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL, NULL,
                  NULL, &out, NULL, &status, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (out, ==, "");
  }

  /* Clear empties the table. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "preview.clear", NULL));
  expect_rows (view, 0);

  sb_preview_view_set_session (view, NULL);
  sb_mqtt_session_stop (session);
  gtk_window_destroy (window);
}

int
main (int argc, char **argv)
{
  ui_test_init (&argc, &argv);

  g_test_add_func ("/inspect/preview", test_preview);

  return g_test_run ();
}
