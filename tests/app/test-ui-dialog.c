/* test-ui-dialog.c: the Add/Edit data source dialog, driven as a person
 * would: typing, adding and removing subscriptions, the live listener
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sb-source-dialog-private.h"
#include "sb-subscription-list-private.h"
#include "sb-test-ui-dialog.h"
#include "sb-test-ui.h"
#include "sb-preview-view-private.h"
#include "sb-subscription-editor-private.h"

#define W(dialog, name) sb_source_dialog_get_widget ((dialog), (name))
#define ENTRY(dialog, name) GTK_EDITABLE (W ((dialog), (name)))

static void
test_dialog_inline_validation (void)
{
  g_autoptr (SbConfig) config = sb_config_new ();
  SbSourceDialog *dialog = ui_source_dialog_new (config, NULL);
  GtkWidget *port_error = W (dialog, "port_error");
  GtkWidget *name_error = W (dialog, "name_error");
  SbSubscriptionEditor *editor;

  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (dialog)), ==, "Add data source");
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (W (dialog, "confirm_button"))), ==, "_Add");
  /* A fresh dialog blames nothing yet, but cannot be confirmed either. */
  g_assert_false (gtk_widget_get_visible (name_error));
  g_assert_false (ui_dialog_would_add (dialog));
  g_assert_cmpuint (sb_source_dialog_get_n_subscription_editors (dialog), ==, 1);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (W (dialog, "port_default"))), ==,
                   "1883 (default)");

  ui_type (ENTRY (dialog, "name_entry"), "Shopfloor");
  ui_type (ENTRY (dialog, "broker_entry"), "127.0.0.1");
  editor = sb_source_dialog_get_subscription_editor (dialog, 0);
  ui_type (sb_subscription_editor_get_topic_entry (editor), "shopfloor/counter/");
  ui_type (ENTRY (dialog, "port_entry"), "70000");

  g_assert_true (gtk_widget_get_visible (port_error));
  g_assert_true (strstr (gtk_label_get_label (GTK_LABEL (port_error)), "70000") != NULL);
  g_assert_true (gtk_widget_has_css_class (W (dialog, "port_entry"), "error"));
  g_assert_false (ui_dialog_would_add (dialog));

  ui_type (ENTRY (dialog, "port_entry"), "1884");
  g_assert_false (gtk_widget_get_visible (port_error));
  g_assert_false (gtk_widget_has_css_class (W (dialog, "port_entry"), "error"));
  g_assert_true (ui_dialog_would_add (dialog));
  g_assert_cmpuint (sb_data_source_get_port (sb_source_dialog_get_source (dialog)), ==, 1884);

  /* Clearing the name blames the name, and only the name. */
  ui_type (ENTRY (dialog, "name_entry"), "");
  g_assert_true (gtk_widget_get_visible (name_error));
  g_assert_true (gtk_widget_has_css_class (W (dialog, "name_entry"), "error"));
  g_assert_false (gtk_widget_get_visible (port_error));
  g_assert_false (ui_dialog_would_add (dialog));
  ui_type (ENTRY (dialog, "name_entry"), "Shopfloor");
  g_assert_true (ui_dialog_would_add (dialog));

  /* TLS changes the default port the placeholder promises. */
  gtk_switch_set_active (GTK_SWITCH (W (dialog, "tls_check")), TRUE);
  ui_drain ();
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (W (dialog, "port_default"))), ==,
                   "8883 (default)");

  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* A wss:// URL in the broker field fills transport, TLS, port and path. */
static void
test_dialog_websocket_url (void)
{
  g_autoptr (SbConfig) config = sb_config_new ();
  SbSourceDialog *dialog = ui_source_dialog_new (config, NULL);
  SbDataSource *source = sb_source_dialog_get_source (dialog);

  ui_type (ENTRY (dialog, "name_entry"), "Cloud broker");
  ui_type (ENTRY (dialog, "broker_entry"), "wss://broker.example.com:8084/mqtt");
  ui_type (
      sb_subscription_editor_get_topic_entry (sb_source_dialog_get_subscription_editor (dialog, 0)),
      "shopfloor/#");
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (W (dialog, "transport_drop_down"))),
                    ==, 1);
  g_assert_cmpstr (gtk_editable_get_text (ENTRY (dialog, "path_entry")), ==, "/mqtt");
  g_assert_cmpstr (gtk_editable_get_text (ENTRY (dialog, "port_entry")), ==, "8084");
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (W (dialog, "tls_check"))));
  g_assert_true (gtk_widget_get_sensitive (W (dialog, "path_entry")));
  g_assert_cmpstr (sb_data_source_get_broker (source), ==, "broker.example.com");
  g_assert_cmpint (sb_data_source_get_transport (source), ==, SB_TRANSPORT_WEBSOCKETS);
  g_assert_true (ui_dialog_would_add (dialog));
  /* SB_SCREENSHOT_DIR=docs/screenshots renders it for the docs. */
  if (g_getenv ("SB_SCREENSHOT_DIR") != NULL)
    ui_shoot (GTK_WIDGET (dialog), g_getenv ("SB_SCREENSHOT_DIR"), "dialog-wss");

  /* A path without its slash is blamed at the path. */
  ui_type (ENTRY (dialog, "path_entry"), "mqtt");
  g_assert_true (gtk_widget_get_visible (W (dialog, "path_error")));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (W (dialog, "path_error"))), ==,
                   "“mqtt” does not start with “/” (like “/mqtt”)");
  g_assert_false (ui_dialog_would_add (dialog));
  ui_type (ENTRY (dialog, "path_entry"), "/ws");
  g_assert_true (ui_dialog_would_add (dialog));

  /* Back to TCP: the path means nothing there, the default port is TCP's. */
  ui_type (ENTRY (dialog, "port_entry"), "");
  adw_combo_row_set_selected (ADW_COMBO_ROW (W (dialog, "transport_drop_down")), 0);
  ui_drain ();
  g_assert_false (gtk_widget_get_sensitive (W (dialog, "path_entry")));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (W (dialog, "port_default"))), ==,
                   "8883 (default)");
  adw_combo_row_set_selected (ADW_COMBO_ROW (W (dialog, "transport_drop_down")), 1);
  ui_drain ();
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (W (dialog, "port_default"))), ==,
                   "443 (default)");
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
test_dialog_duplicate_name (void)
{
  g_autoptr (SbConfig) config = sb_config_new ();
  g_autoptr (SbDataSource) existing = sb_data_source_new ();
  g_autoptr (SbSubscription) sub = sb_subscription_new ("a/b");
  SbSourceDialog *dialog;
  GtkWidget *name_error;

  sb_data_source_set_name (existing, "Line 7");
  sb_data_source_set_broker (existing, "127.0.0.1");
  sb_data_source_add_subscription (existing, sub);
  sb_config_append (config, existing);

  dialog = ui_source_dialog_new (config, NULL);
  name_error = W (dialog, "name_error");
  ui_type (ENTRY (dialog, "name_entry"), "Line 7");
  ui_type (ENTRY (dialog, "broker_entry"), "127.0.0.1");
  ui_type (
      sb_subscription_editor_get_topic_entry (sb_source_dialog_get_subscription_editor (dialog, 0)),
      "x/y");
  g_assert_true (gtk_widget_get_visible (name_error));
  g_assert_true (strstr (gtk_label_get_label (GTK_LABEL (name_error)), "Line 7") != NULL);
  g_assert_false (ui_dialog_would_add (dialog));
  ui_type (ENTRY (dialog, "name_entry"), "Line 8");
  g_assert_false (gtk_widget_get_visible (name_error));
  g_assert_true (ui_dialog_would_add (dialog));
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* Editing a data source keeps its own name without complaint. */
  dialog = ui_source_dialog_new (config, existing);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (dialog)), ==, "Edit data source");
  g_assert_cmpstr (gtk_editable_get_text (ENTRY (dialog, "name_entry")), ==, "Line 7");
  g_assert_false (gtk_widget_get_visible (W (dialog, "name_error")));
  g_assert_true (ui_dialog_would_add (dialog));
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
test_dialog_subscriptions (void)
{
  SbSourceDialog *dialog = ui_source_dialog_new (NULL, NULL);
  SbSubscriptionEditor *first, *second;
  GtkWidget *error_label;

  ui_type (ENTRY (dialog, "name_entry"), "Shopfloor");
  ui_type (ENTRY (dialog, "broker_entry"), "127.0.0.1");
  first = sb_source_dialog_get_subscription_editor (dialog, 0);
  ui_type (sb_subscription_editor_get_topic_entry (first), "shopfloor/counter/");
  g_assert_true (ui_dialog_would_add (dialog));

  g_signal_emit_by_name (sb_subscription_list_get_widget (
                             SB_SUBSCRIPTION_LIST (W (dialog, "subscription_list")), "add_button"),
                         "clicked");
  ui_drain ();
  g_assert_cmpuint (sb_source_dialog_get_n_subscription_editors (dialog), ==, 2);
  g_assert_cmpuint (sb_data_source_get_n_subscriptions (sb_source_dialog_get_source (dialog)), ==,
                    2);
  second = sb_source_dialog_get_subscription_editor (dialog, 1);
  /* The new row takes the keyboard, so the user types the filter at once. */
  g_assert_true (
      gtk_widget_has_focus (gtk_root_get_focus (GTK_ROOT (dialog)))
      && gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (dialog)), GTK_WIDGET (second)));
  /* An empty new row is not an error: saving leaves it out. */
  g_assert_false (
      gtk_widget_get_visible (GTK_WIDGET (sb_subscription_editor_get_error_label (second))));
  g_assert_true (ui_dialog_would_add (dialog));
  /* Add subscription again: the empty row takes the keyboard, no third row. */
  gtk_widget_grab_focus (W (dialog, "name_entry"));
  g_signal_emit_by_name (sb_subscription_list_get_widget (
                             SB_SUBSCRIPTION_LIST (W (dialog, "subscription_list")), "add_button"),
                         "clicked");
  ui_drain ();
  g_assert_cmpuint (sb_source_dialog_get_n_subscription_editors (dialog), ==, 2);
  g_assert_true (
      gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (dialog)), GTK_WIDGET (second)));

  ui_type (sb_subscription_editor_get_topic_entry (second), "a/#/b");
  error_label = GTK_WIDGET (sb_subscription_editor_get_error_label (second));
  g_assert_true (gtk_widget_get_visible (error_label));
  g_assert_true (strstr (gtk_label_get_label (GTK_LABEL (error_label)), "#") != NULL);
  g_assert_true (gtk_widget_has_css_class (
      GTK_WIDGET (sb_subscription_editor_get_topic_entry (second)), "error"));
  g_assert_false (
      gtk_widget_get_visible (GTK_WIDGET (sb_subscription_editor_get_error_label (first))));
  g_assert_false (ui_dialog_would_add (dialog));

  ui_type (sb_subscription_editor_get_topic_entry (second), "a/b/#");
  g_assert_false (gtk_widget_get_visible (error_label));
  g_assert_true (ui_dialog_would_add (dialog));

  /* QoS override and data path land in the subscription. */
  gtk_drop_down_set_selected (sb_subscription_editor_get_qos_drop_down (second), 3);
  ui_type (sb_subscription_editor_get_data_path_entry (second), "$.value");
  g_assert_cmpint (sb_subscription_get_qos (
                       sb_data_source_get_subscription (sb_source_dialog_get_source (dialog), 1)),
                   ==, 2);
  g_assert_cmpstr (sb_subscription_get_data_path (
                       sb_data_source_get_subscription (sb_source_dialog_get_source (dialog), 1)),
                   ==, "$.value");

  ui_type (sb_subscription_editor_get_topic_entry (second), "a/#/b");
  g_assert_false (ui_dialog_would_add (dialog));
  g_signal_emit_by_name (sb_subscription_editor_get_remove_button (second), "clicked");
  ui_drain ();
  g_assert_cmpuint (sb_source_dialog_get_n_subscription_editors (dialog), ==, 1);
  g_assert_cmpstr (sb_subscription_get_topic (
                       sb_data_source_get_subscription (sb_source_dialog_get_source (dialog), 0)),
                   ==, "shopfloor/counter/");
  g_assert_true (ui_dialog_would_add (dialog));

  /* The seed's one-line explanation follows the QoS choice. */
  adw_combo_row_set_selected (ADW_COMBO_ROW (W (dialog, "qos_drop_down")), 0);
  ui_drain ();
  g_assert_true (
      strstr (gtk_label_get_label (GTK_LABEL (W (dialog, "qos_description"))), "no acknowledgement")
      != NULL);
  g_assert_cmpint (sb_data_source_get_qos (sb_source_dialog_get_source (dialog)), ==, 0);
  adw_combo_row_set_selected (ADW_COMBO_ROW (W (dialog, "qos_drop_down")), 2);
  ui_drain ();
  g_assert_true (
      strstr (gtk_label_get_label (GTK_LABEL (W (dialog, "qos_description"))), "exactly once")
      != NULL);

  gtk_window_destroy (GTK_WINDOW (dialog));
}

typedef struct
{
  SbPreviewView *view;
  const char *text;
  guint row;
  guint column;
} CellWait;

static gboolean
state_is_cb (gpointer data)
{
  CellWait *wait = data;
  return g_strcmp0 (sb_preview_view_get_state_text (wait->view), wait->text) == 0;
}

static gboolean
cell_is_cb (gpointer data)
{
  CellWait *wait = data;
  g_autofree char *text = sb_preview_view_dup_cell_text (wait->view, wait->row, wait->column);
  return g_strcmp0 (text, wait->text) == 0;
}

static gboolean
label_shown_cb (gpointer data)
{
  CellWait *wait = data;
  return ui_find_label (GTK_WIDGET (wait->view), wait->text) != NULL;
}

static gboolean
restarted_cb (gpointer data)
{
  CellWait *wait = data;
  SbMqttSession *session = sb_preview_view_get_session (wait->view);

  return session != NULL
         && g_strcmp0 (sb_subscription_get_topic (sb_data_source_get_subscription (
                           sb_mqtt_session_get_source (session), 0)),
                       "sb/other/#")
                == 0
         && state_is_cb (wait);
}

static void
test_dialog_listener (void)
{
  g_autoptr (SbTestBroker) broker = sb_test_broker_new ();
  SbSourceDialog *dialog;
  SbPreviewView *view;
  g_autofree char *port = NULL;
  g_autofree char *connected = NULL;
  CellWait wait = { 0 };

  sb_test_broker_start (broker);
  port = g_strdup_printf ("%u", sb_test_broker_get_port (broker));
  connected = g_strdup_printf ("Connected to 127.0.0.1:%s", port);

  /* Retained and there before the listener subscribes, so that it arrives
   * flagged retained: published once the subscription is in place, a
   * message is delivered as a live one (retained: no). */
  sb_test_broker_publish (broker, "sb/test/a", "42", 1, TRUE);

  dialog = ui_source_dialog_new (NULL, NULL);
  view = SB_PREVIEW_VIEW (W (dialog, "preview_view"));
  /* Unsaved, and not even named: the listener uses what is in the dialog. */
  ui_type (ENTRY (dialog, "broker_entry"), "127.0.0.1");
  ui_type (ENTRY (dialog, "port_entry"), port);
  ui_type (
      sb_subscription_editor_get_topic_entry (sb_source_dialog_get_subscription_editor (dialog, 0)),
      "sb/test/#");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (view)));

  gtk_switch_set_active (GTK_SWITCH (W (dialog, "listen_switch")), TRUE);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (view)));
  wait.view = view;
  wait.text = connected;
  g_assert_true (sb_test_wait_for (state_is_cb, &wait, UI_DEADLINE_MS));
  g_assert_true (gtk_widget_has_css_class (ui_find_label (GTK_WIDGET (view), "●"), "connected"));

  wait.text = "42";
  wait.column = 1;
  g_assert_true (sb_test_wait_for (cell_is_cb, &wait, UI_DEADLINE_MS));
  g_assert_true (sb_test_wait_for (label_shown_cb, &wait, UI_DEADLINE_MS));
  g_assert_cmpuint (sb_preview_view_get_n_rows (view), ==, 1);
  g_assert_cmpstr (sb_preview_view_dup_cell_text (view, 0, 0), ==, "sb/test/a");
  g_assert_cmpstr (sb_preview_view_dup_cell_text (view, 0, 3), ==, "yes");
  g_assert_cmpstr (sb_preview_view_dup_cell_text (view, 0, 4), ==, "1");

  sb_test_broker_publish (broker, "sb/test/a", "43", 1, FALSE);
  wait.text = "2";
  wait.column = 4;
  g_assert_true (sb_test_wait_for (cell_is_cb, &wait, UI_DEADLINE_MS));
  wait.text = "43";
  wait.column = 1;
  g_assert_true (sb_test_wait_for (label_shown_cb, &wait, UI_DEADLINE_MS));
  g_assert_null (ui_find_label (GTK_WIDGET (view), "42"));
  g_assert_cmpuint (sb_preview_view_get_n_rows (view), ==, 1);

  /* Changing the settings restarts the listener with them (debounced). */
  ui_type (
      sb_subscription_editor_get_topic_entry (sb_source_dialog_get_subscription_editor (dialog, 0)),
      "sb/other/#");
  wait.text = connected;
  g_assert_true (sb_test_wait_for (restarted_cb, &wait, UI_DEADLINE_MS));
  sb_test_broker_publish (broker, "sb/other/b", "7", 0, TRUE);
  wait.text = "sb/other/b";
  wait.column = 0;
  g_assert_true (sb_test_wait_for (cell_is_cb, &wait, UI_DEADLINE_MS));
  g_assert_cmpuint (sb_preview_view_get_n_rows (view), ==, 1);

  /* An invalid setting stops the listener and says why. */
  ui_type (ENTRY (dialog, "port_entry"), "0x");
  wait.text = "Not listening: Port: “0x” is not a port (1-65535)";
  g_assert_true (sb_test_wait_for (state_is_cb, &wait, UI_DEADLINE_MS));

  gtk_switch_set_active (GTK_SWITCH (W (dialog, "listen_switch")), FALSE);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (view)));
  g_assert_null (sb_preview_view_get_session (view));
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static gboolean
reconnecting_cb (gpointer data)
{
  return g_str_has_prefix (sb_preview_view_get_state_text (data), "Reconnecting in ");
}

static void
test_dialog_listener_refused (void)
{
  SbSourceDialog *dialog = ui_source_dialog_new (NULL, NULL);
  SbPreviewView *view = SB_PREVIEW_VIEW (W (dialog, "preview_view"));
  g_autofree char *port = g_strdup_printf ("%u", sb_test_free_port ());
  ui_type (ENTRY (dialog, "broker_entry"), "127.0.0.1");
  ui_type (ENTRY (dialog, "port_entry"), port);
  ui_type (
      sb_subscription_editor_get_topic_entry (sb_source_dialog_get_subscription_editor (dialog, 0)),
      "sb/#");
  gtk_switch_set_active (GTK_SWITCH (W (dialog, "listen_switch")), TRUE);
  /* Nobody listens on that port: the state line counts down to the next try. */
  g_assert_true (sb_test_wait_for (reconnecting_cb, view, UI_DEADLINE_MS));
  g_assert_true (gtk_widget_has_css_class (ui_find_label (GTK_WIDGET (view), "●"), "connecting"));
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* Enter in @editable, as the keyboard gives it: the text widget inside
 * activates (the field first, then the window's default). */
static void
press_enter (GtkEditable *editable)
{
  GtkEditable *text = editable;

  while (gtk_editable_get_delegate (text) != NULL)
    text = gtk_editable_get_delegate (text);
  g_signal_emit_by_name (text, "activate");
  ui_drain ();
}

typedef struct
{
  const char *log_path;
  guint logins;
} LoginWait;

/* How often the broker logged a connection of user "press". */
static guint
count_logins (const char *log_path)
{
  g_autofree char *log = ui_read_file (log_path);
  guint n = 0;

  for (const char *p = log; p != NULL && (p = strstr (p, "u'press'")) != NULL; p++)
    n++;
  return n;
}

static gboolean
logins_reached_cb (gpointer data)
{
  LoginWait *wait = data;
  return count_logins (wait->log_path) >= wait->logins;
}

static gboolean
confirmed_cb (gpointer data)
{
  return *(gboolean *)data;
}

static void
confirm_cb (SbSourceDialog *dialog, SbDataSource *edited, gboolean *confirmed)
{
  *confirmed = TRUE;
}

static void
saved_one_cb (SbSourceDialog *dialog, SbDataSource *edited, gboolean *confirmed)
{
  g_assert_cmpuint (sb_data_source_get_n_subscriptions (edited), ==, 1);
  g_assert_cmpstr (sb_subscription_get_topic (sb_data_source_get_subscription (edited, 0)), ==,
                   "plant/press4/#");
  *confirmed = TRUE;
}

static gboolean
session_broker_is_cb (gpointer data)
{
  CellWait *wait = data;
  SbMqttSession *session = sb_preview_view_get_session (wait->view);

  return session != NULL
         && g_strcmp0 (sb_data_source_get_broker (sb_mqtt_session_get_source (session)), wait->text)
                == 0;
}

/* The stored password goes to a broker only once its name is committed:
 * never to a name still being typed that happens to answer ("127.0.0.1" on
 * the way to "127.0.0.12", a pause longer than the old 600 ms debounce). */
static void
test_dialog_listener_broker_commit (void)
{
  g_autoptr (SbTestBroker) broker = sb_test_broker_new ();
  g_autofree char *log_path = NULL;
  g_autofree char *port = NULL;
  g_autofree char *connected = NULL;
  SbSourceDialog *dialog;
  SbPreviewView *view;
  CellWait wait = { 0 };
  LoginWait logins = { 0 };
  gboolean confirmed = FALSE;

  sb_test_broker_add_user (broker, "press", "secret4");
  sb_test_broker_start (broker);
  log_path = g_build_filename (sb_test_broker_get_dir (broker), "mosquitto.log", NULL);
  port = g_strdup_printf ("%u", sb_test_broker_get_port (broker));
  connected = g_strdup_printf ("Connected to 127.0.0.1:%s", port);

  dialog = ui_source_dialog_new (NULL, NULL);
  view = SB_PREVIEW_VIEW (W (dialog, "preview_view"));
  wait.view = view;
  ui_type (ENTRY (dialog, "broker_entry"), "127.0.0.2");
  ui_type (ENTRY (dialog, "port_entry"), port);
  ui_type (ENTRY (dialog, "username_entry"), "press");
  ui_type (ENTRY (dialog, "password_entry"), "secret4");
  ui_type (
      sb_subscription_editor_get_topic_entry (sb_source_dialog_get_subscription_editor (dialog, 0)),
      "plant/#");
  gtk_switch_set_active (GTK_SWITCH (W (dialog, "listen_switch")), TRUE);
  /* Nobody answers on 127.0.0.2. */
  g_assert_true (sb_test_wait_for (reconnecting_cb, view, UI_DEADLINE_MS));

  /* Half typed, and a pause: nothing connects with the password. */
  gtk_widget_grab_focus (W (dialog, "broker_entry"));
  ui_type (ENTRY (dialog, "broker_entry"), "127.0.0.1");
  logins.log_path = log_path;
  logins.logins = 1;
  g_assert_false (sb_test_wait_for (logins_reached_cb, &logins, 2000));
  wait.text = "127.0.0.2";
  g_assert_true (session_broker_is_cb (&wait));

  /* Enter commits what the field says. */
  ui_type (ENTRY (dialog, "broker_entry"), "127.0.0.12");
  press_enter (ENTRY (dialog, "broker_entry"));
  wait.text = "127.0.0.12";
  g_assert_true (sb_test_wait_for (session_broker_is_cb, &wait, UI_DEADLINE_MS));
  g_assert_cmpuint (count_logins (log_path), ==, 0);

  /* So does the focus leaving the field; this broker takes the password. */
  ui_type (ENTRY (dialog, "broker_entry"), "127.0.0.1");
  gtk_widget_grab_focus (W (dialog, "port_entry"));
  wait.text = connected;
  g_assert_true (sb_test_wait_for (state_is_cb, &wait, UI_DEADLINE_MS));
  g_assert_true (sb_test_wait_for (logins_reached_cb, &logins, UI_DEADLINE_MS));

  /* With the form complete, Enter in the broker field also adds. */
  g_signal_connect (dialog, "confirm", G_CALLBACK (confirm_cb), &confirmed);
  ui_type (ENTRY (dialog, "name_entry"), "Press Line 4");
  press_enter (ENTRY (dialog, "broker_entry"));
  g_assert_true (sb_test_wait_for (confirmed_cb, &confirmed, UI_DEADLINE_MS));
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static gboolean
focus_in_cb (gpointer data)
{
  GtkWidget *widget = data;
  GtkWidget *focus = gtk_root_get_focus (gtk_widget_get_root (widget));

  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}

/* Add on an incomplete form: every problem shows at its field, named, and
 * the first in reading order takes the keyboard. */
static void
test_dialog_add_incomplete (void)
{
  SbSourceDialog *dialog = ui_source_dialog_new (NULL, NULL);
  SbSubscriptionEditor *first;
  GtkWidget *error;
  gboolean confirmed = FALSE;

  g_signal_connect (dialog, "confirm", G_CALLBACK (confirm_cb), &confirmed);
  ui_type (ENTRY (dialog, "broker_entry"), "broker.local");
  g_assert_false (gtk_widget_get_visible (W (dialog, "name_error")));
  g_signal_emit_by_name (W (dialog, "confirm_button"), "clicked");
  ui_drain ();
  g_assert_false (confirmed);
  g_assert_true (gtk_widget_get_visible (W (dialog, "name_error")));
  g_assert_true (sb_test_wait_for (focus_in_cb, W (dialog, "name_entry"), UI_DEADLINE_MS));
  first = sb_source_dialog_get_subscription_editor (dialog, 0);
  error = GTK_WIDGET (sb_subscription_editor_get_error_label (first));
  g_assert_true (gtk_widget_get_visible (error));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (error)), ==,
                   "Subscription 1: the topic filter is empty");

  /* Named: the subscription's problem is the first left. */
  ui_type (ENTRY (dialog, "name_entry"), "Press Line 4");
  g_signal_emit_by_name (W (dialog, "confirm_button"), "clicked");
  ui_drain ();
  g_assert_false (confirmed);
  g_assert_true (sb_test_wait_for (focus_in_cb, first, UI_DEADLINE_MS));

  /* A blank second row is left out of what is saved. */
  ui_type (sb_subscription_editor_get_topic_entry (first), "plant/press4/#");
  g_signal_emit_by_name (sb_subscription_list_get_widget (
                             SB_SUBSCRIPTION_LIST (W (dialog, "subscription_list")), "add_button"),
                         "clicked");
  ui_drain ();
  g_assert_cmpuint (sb_source_dialog_get_n_subscription_editors (dialog), ==, 2);
  g_signal_handlers_disconnect_by_func (dialog, confirm_cb, &confirmed);
  g_signal_connect (dialog, "confirm", G_CALLBACK (saved_one_cb), &confirmed);
  g_signal_emit_by_name (W (dialog, "confirm_button"), "clicked");
  g_assert_true (sb_test_wait_for (confirmed_cb, &confirmed, UI_DEADLINE_MS));
  gtk_window_destroy (GTK_WINDOW (dialog));
}

int
main (int argc, char **argv)
{
  ui_test_init (&argc, &argv);

  g_test_add_func ("/ui/dialog/inline-validation", test_dialog_inline_validation);
  g_test_add_func ("/ui/dialog/duplicate-name", test_dialog_duplicate_name);
  g_test_add_func ("/ui/dialog/websocket-url", test_dialog_websocket_url);
  g_test_add_func ("/ui/dialog/subscriptions", test_dialog_subscriptions);
  g_test_add_func ("/ui/dialog/add-incomplete", test_dialog_add_incomplete);
  g_test_add_func ("/ui/dialog/listener", test_dialog_listener);
  g_test_add_func ("/ui/dialog/listener-refused", test_dialog_listener_refused);
  g_test_add_func ("/ui/dialog/listener-broker-commit", test_dialog_listener_broker_commit);
  return g_test_run ();
}
