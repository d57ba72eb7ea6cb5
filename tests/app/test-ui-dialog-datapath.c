/* test-ui-dialog-datapath.c: the dialog tries each subscription's data path
 * live, as it is typed, on what the listener receives from a real broker
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sb-source-dialog-private.h"
#include "sb-test-ui.h"
#include "sb-preview-view-private.h"
#include "sb-subscription-editor-private.h"

#define W(dialog, name) sb_source_dialog_get_widget ((dialog), (name))
#define ENTRY(dialog, name) GTK_EDITABLE (W ((dialog), (name)))

typedef struct
{
  GtkWidget *label;
  const char *text;
} LabelWait;

static gboolean
label_is_cb (gpointer data)
{
  LabelWait *wait = data;

  return gtk_widget_get_mapped (wait->label)
         && g_strcmp0 (gtk_label_get_label (GTK_LABEL (wait->label)), wait->text) == 0;
}

static gboolean
connected_cb (gpointer data)
{
  return g_str_has_prefix (sb_preview_view_get_state_text (data), "Connected to ");
}

static void
test_datapath_live (void)
{
  g_autoptr (SbTestBroker) broker = sb_test_broker_new ();
  g_autofree char *port = NULL;
  SbSourceDialog *dialog;
  SbSubscriptionEditor *editor;
  GtkEditable *path_entry;
  SbPreviewView *view;
  LabelWait wait = { 0 };

  sb_test_broker_start (broker);
  port = g_strdup_printf ("%u", sb_test_broker_get_port (broker));
  sb_test_broker_publish (broker, "sb/dp/a", "{\"status\":200}", 1, TRUE);

  dialog = sb_source_dialog_new (NULL, NULL, NULL);
  gtk_window_present (GTK_WINDOW (dialog));
  ui_drain ();
  view = SB_PREVIEW_VIEW (W (dialog, "preview_view"));
  editor = sb_source_dialog_get_subscription_editor (dialog, 0);
  path_entry = sb_subscription_editor_get_data_path_entry (editor);
  wait.label = GTK_WIDGET (sb_subscription_editor_get_data_path_result_label (editor));
  ui_type (ENTRY (dialog, "broker_entry"), "127.0.0.1");
  ui_type (ENTRY (dialog, "port_entry"), port);
  ui_type (sb_subscription_editor_get_topic_entry (editor), "sb/dp/#");

  /* No listener, no payload to try a path on: nothing shows. */
  ui_type (path_entry, "$.status");
  g_assert_false (gtk_widget_get_mapped (wait.label));

  gtk_switch_set_active (GTK_SWITCH (W (dialog, "listen_switch")), TRUE);
  g_assert_true (sb_test_wait_for (connected_cb, view, UI_DEADLINE_MS));
  wait.text = "Value in sb/dp/a: 200";
  g_assert_true (sb_test_wait_for (label_is_cb, &wait, UI_DEADLINE_MS));
  g_assert_false (gtk_widget_has_css_class (wait.label, "warning"));
  /* Typing a path does not reconnect: the table keeps what it has. */
  {
    SbMqttSession *session = sb_preview_view_get_session (view);

    ui_type (path_entry, "$.nope");
    wait.text = "sb/dp/a: The data path $.nope matches nothing in this payload";
    g_assert_true (sb_test_wait_for (label_is_cb, &wait, UI_DEADLINE_MS));
    g_assert_true (gtk_widget_has_css_class (wait.label, "warning"));
    g_assert_true (sb_preview_view_get_session (view) == session);
  }

  /* A path that does not parse: the row's error line says why, once. */
  ui_type (path_entry, "$[");
  g_assert_false (gtk_widget_get_mapped (wait.label));
  g_assert_true (
      gtk_widget_get_mapped (GTK_WIDGET (sb_subscription_editor_get_error_label (editor))));
  g_assert_nonnull (strstr (gtk_label_get_label (sb_subscription_editor_get_error_label (editor)),
                            "is not a JSONPath expression"));

  ui_type (path_entry, "$.status");
  wait.text = "Value in sb/dp/a: 200";
  g_assert_true (sb_test_wait_for (label_is_cb, &wait, UI_DEADLINE_MS));

  /* The latest topic of the subscription is the one tried... */
  sb_test_broker_publish (broker, "sb/dp/b", "{\"status\":404}", 0, FALSE);
  wait.text = "Value in sb/dp/b: 404";
  g_assert_true (sb_test_wait_for (label_is_cb, &wait, UI_DEADLINE_MS));
  /* With SB_SCREENSHOT_DIR set, a picture of it (not a check). */
  if (g_getenv ("SB_SCREENSHOT_DIR") != NULL)
    ui_shoot (GTK_WIDGET (dialog), g_getenv ("SB_SCREENSHOT_DIR"), "dialog-datapath");
  /* ...unless the user selects a row. */
  sb_preview_view_select_topic (view, "sb/dp/a");
  wait.text = "Value in sb/dp/a: 200";
  g_assert_true (sb_test_wait_for (label_is_cb, &wait, UI_DEADLINE_MS));

  /* A payload that is not JSON says so. */
  sb_test_broker_publish (broker, "sb/dp/a", "hello", 0, FALSE);
  wait.text = "sb/dp/a: The payload is not JSON";
  g_assert_true (sb_test_wait_for (label_is_cb, &wait, UI_DEADLINE_MS));

  /* No data path, nothing to show; the listener off, neither. */
  ui_type (path_entry, "");
  g_assert_false (gtk_widget_get_mapped (wait.label));
  ui_type (path_entry, "$.status");
  wait.text = "sb/dp/a: The payload is not JSON";
  g_assert_true (sb_test_wait_for (label_is_cb, &wait, UI_DEADLINE_MS));
  gtk_switch_set_active (GTK_SWITCH (W (dialog, "listen_switch")), FALSE);
  ui_drain ();
  g_assert_false (gtk_widget_get_visible (wait.label) && gtk_widget_get_mapped (wait.label));
  gtk_window_destroy (GTK_WINDOW (dialog));
}

int
main (int argc, char **argv)
{
  ui_test_init (&argc, &argv);

  g_test_add_func ("/ui/dialog-datapath/live", test_datapath_live);
  return g_test_run ();
}
