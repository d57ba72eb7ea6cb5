/* test-ui-dialog-advanced.c: the Advanced section of the Add/Edit data
 * source dialog (protocol, client id, keep alive, clean session, MQTT 5
 * session expiry and user properties, last will) and the MQTT 5 options of
 * each subscription, driven as a person would, and against a real broker
 *
 * With SB_SCREENSHOT_DIR set, /ui/dialog-advanced/screenshot renders the
 * dialog with the section open into that directory (dialog-advanced.png).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sb-source-dialog-advanced-private.h"
#include "sb-source-dialog-private.h"
#include "sb-test-ui-dialog.h"
#include "sb-test-ui.h"
#include "sb-preview-view-private.h"
#include "sb-subscription-editor-private.h"

#define W(dialog, name) sb_source_dialog_get_widget ((dialog), (name))
#define ENTRY(dialog, name) GTK_EDITABLE (W ((dialog), (name)))
#define ADV(dialog) SB_SOURCE_DIALOG_ADVANCED (W ((dialog), "advanced"))
#define AW(dialog, name) sb_source_dialog_advanced_get_widget (ADV (dialog), (name))
#define AENTRY(dialog, name) GTK_EDITABLE (AW ((dialog), (name)))

/* For sb_test_wait_for (): on screen (a section opens with an animation). */
static gboolean
mapped_cb (gpointer data)
{
  return gtk_widget_get_mapped (data);
}

static SbSubscriptionEditor *
editor (SbSourceDialog *dialog, guint position)
{
  return sb_source_dialog_get_subscription_editor (dialog, position);
}

static void
fill_main_form (SbSourceDialog *dialog, const char *port, const char *topic)
{
  ui_type (ENTRY (dialog, "name_entry"), "Panel");
  ui_type (ENTRY (dialog, "broker_entry"), "127.0.0.1");
  if (port != NULL)
    ui_type (ENTRY (dialog, "port_entry"), port);
  ui_type (sb_subscription_editor_get_topic_entry (editor (dialog, 0)), topic);
}

static void
select_protocol (SbSourceDialog *dialog, guint position)
{
  adw_combo_row_set_selected (ADW_COMBO_ROW (AW (dialog, "protocol_drop_down")), position);
  ui_drain ();
}

static void
add_user_property (SbSourceDialog *dialog, const char *name, const char *value)
{
  SbSourceDialogAdvanced *advanced = ADV (dialog);
  guint n;

  g_signal_emit_by_name (AW (dialog, "add_user_property_button"), "clicked");
  ui_drain ();
  n = sb_source_dialog_advanced_get_n_user_property_rows (advanced);
  g_assert_cmpuint (n, >, 0);
  ui_type (sb_source_dialog_advanced_get_user_property_name_entry (advanced, n - 1), name);
  ui_type (sb_source_dialog_advanced_get_user_property_value_entry (advanced, n - 1), value);
}

static void
confirmed_cb (SbSourceDialog *dialog, SbDataSource *source, SbDataSource **out)
{
  g_set_object (out, source);
}

static gboolean
nonnull_cb (gpointer data)
{
  return *(gpointer *)data != NULL;
}

/* Every advanced field the user fills reaches the saved configuration. */
static void
test_advanced_round_trip (void)
{
  SbSourceDialog *dialog = ui_source_dialog_new (NULL, NULL);
  SbSubscriptionEditor *row;
  g_autoptr (SbDataSource) saved = NULL;
  g_autoptr (SbConfig) config = sb_config_new ();
  g_autoptr (SbConfig) loaded = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *json = NULL;
  SbDataSource *source;
  SbSubscription *sub;

  fill_main_form (dialog, NULL, "panel/#");
  /* A new data source opens with the section closed and the protocol 3.1.1. */
  g_assert_false (
      adw_expander_row_get_expanded (ADW_EXPANDER_ROW (AW (dialog, "advanced_expander"))));
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (AW (dialog, "advanced_expander")), TRUE);
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (AW (dialog, "will_expander")), TRUE);
  ui_drain ();
  row = editor (dialog, 0);
  g_assert_false (gtk_widget_get_visible (sb_subscription_editor_get_options_box (row)));

  select_protocol (dialog, 1);
  g_assert_true (gtk_widget_get_visible (sb_subscription_editor_get_options_box (row)));
  ui_type (AENTRY (dialog, "client_id_entry"), "panel-7");
  ui_type (AENTRY (dialog, "keep_alive_entry"), "30");
  gtk_switch_set_active (GTK_SWITCH (AW (dialog, "clean_session_check")), FALSE);
  ui_type (AENTRY (dialog, "session_expiry_entry"), "3600");
  add_user_property (dialog, "site", "plant 2");
  add_user_property (dialog, "line", "7");
  ui_type (AENTRY (dialog, "will_topic_entry"), "panel/7/status");
  ui_type (AENTRY (dialog, "will_payload_entry"), "offline");
  adw_combo_row_set_selected (ADW_COMBO_ROW (AW (dialog, "will_qos_drop_down")), 1);
  gtk_switch_set_active (GTK_SWITCH (AW (dialog, "will_retain_check")), TRUE);
  gtk_check_button_set_active (sb_subscription_editor_get_no_local_check (row), TRUE);
  gtk_check_button_set_active (sb_subscription_editor_get_retain_as_published_check (row), TRUE);
  gtk_drop_down_set_selected (sb_subscription_editor_get_retain_handling_drop_down (row), 1);
  ui_drain ();
  g_assert_true (ui_dialog_would_add (dialog));

  g_signal_connect (dialog, "confirm", G_CALLBACK (confirmed_cb), &saved);
  g_signal_emit_by_name (W (dialog, "confirm_button"), "clicked");
  g_assert_true (sb_test_wait_for (nonnull_cb, &saved, UI_DEADLINE_MS));
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* Through the file format and back, as the app saves and opens it. */
  sb_config_append (config, saved);
  json = sb_config_to_data (config, NULL);
  loaded = sb_config_load_from_data (json, -1, &error);
  g_assert_no_error (error);
  source = sb_config_get_data_source (loaded, 0);
  g_assert_cmpint (sb_data_source_get_protocol (source), ==, SB_PROTOCOL_MQTT_5);
  g_assert_cmpstr (sb_data_source_get_client_id (source), ==, "panel-7");
  g_assert_cmpuint (sb_data_source_get_keep_alive (source), ==, 30);
  g_assert_false (sb_data_source_get_clean_session (source));
  g_assert_cmpuint (sb_data_source_get_session_expiry_interval (source), ==, 3600);
  g_assert_cmpuint (sb_data_source_get_n_user_properties (source), ==, 2);
  g_assert_cmpstr (sb_data_source_get_user_property_name (source, 0), ==, "site");
  g_assert_cmpstr (sb_data_source_get_user_property_value (source, 0), ==, "plant 2");
  g_assert_cmpstr (sb_data_source_get_user_property_name (source, 1), ==, "line");
  g_assert_cmpstr (sb_data_source_get_user_property_value (source, 1), ==, "7");
  g_assert_cmpstr (sb_data_source_get_will_topic (source), ==, "panel/7/status");
  g_assert_cmpstr (sb_data_source_get_will_payload (source), ==, "offline");
  g_assert_cmpint (sb_data_source_get_will_qos (source), ==, 1);
  g_assert_true (sb_data_source_get_will_retain (source));
  sub = sb_data_source_get_subscription (source, 0);
  g_assert_true (sb_subscription_get_no_local (sub));
  g_assert_true (sb_subscription_get_retain_as_published (sub));
  g_assert_cmpint (sb_subscription_get_retain_handling (sub), ==, SB_RETAIN_HANDLING_SEND_IF_NEW);
}

static SbDataSource *
mqtt5_source (void)
{
  SbDataSource *source = sb_data_source_new ();
  g_autoptr (SbSubscription) sub = sb_subscription_new ("plant/#");
  static const char *const pairs[] = { "site", "plant 2", "shift", "night", NULL };

  sb_data_source_set_name (source, "Plant");
  sb_data_source_set_broker (source, "127.0.0.1");
  sb_data_source_set_protocol (source, SB_PROTOCOL_MQTT_5);
  sb_data_source_set_client_id (source, "plant-panel");
  sb_data_source_set_keep_alive (source, 45);
  sb_data_source_set_clean_session (source, FALSE);
  sb_data_source_set_session_expiry_interval (source, 600);
  sb_data_source_set_user_properties (source, pairs);
  sb_data_source_set_will_topic (source, "plant/panel/status");
  sb_data_source_set_will_payload (source, "gone");
  sb_data_source_set_will_qos (source, 2);
  sb_subscription_set_no_local (sub, TRUE);
  sb_subscription_set_retain_handling (sub, SB_RETAIN_HANDLING_NEVER);
  sb_data_source_add_subscription (source, sub);
  return source;
}

/* Edit shows what the data source has, with the section open. */
static void
test_advanced_edit_shows (void)
{
  g_autoptr (SbDataSource) original = mqtt5_source ();
  SbSourceDialog *dialog = ui_source_dialog_new (NULL, original);
  SbSourceDialogAdvanced *advanced = ADV (dialog);
  SbSubscriptionEditor *row = editor (dialog, 0);

  g_assert_true (
      adw_expander_row_get_expanded (ADW_EXPANDER_ROW (AW (dialog, "advanced_expander"))));
  g_assert_true (sb_test_wait_for (mapped_cb, AW (dialog, "client_id_entry"), UI_DEADLINE_MS));
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (AW (dialog, "protocol_drop_down"))),
                    ==, 1);
  g_assert_cmpstr (gtk_editable_get_text (AENTRY (dialog, "client_id_entry")), ==, "plant-panel");
  g_assert_cmpstr (gtk_editable_get_text (AENTRY (dialog, "keep_alive_entry")), ==, "45");
  g_assert_false (gtk_switch_get_active (GTK_SWITCH (AW (dialog, "clean_session_check"))));
  g_assert_cmpstr (gtk_editable_get_text (AENTRY (dialog, "session_expiry_entry")), ==, "600");
  g_assert_true (gtk_widget_is_sensitive (AW (dialog, "session_expiry_entry")));
  g_assert_cmpuint (sb_source_dialog_advanced_get_n_user_property_rows (advanced), ==, 2);
  g_assert_cmpstr (
      gtk_editable_get_text (sb_source_dialog_advanced_get_user_property_name_entry (advanced, 1)),
      ==, "shift");
  g_assert_cmpstr (
      gtk_editable_get_text (sb_source_dialog_advanced_get_user_property_value_entry (advanced, 1)),
      ==, "night");
  g_assert_cmpstr (gtk_editable_get_text (AENTRY (dialog, "will_topic_entry")), ==,
                   "plant/panel/status");
  g_assert_cmpstr (gtk_editable_get_text (AENTRY (dialog, "will_payload_entry")), ==, "gone");
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (AW (dialog, "will_qos_drop_down"))),
                    ==, 2);
  g_assert_true (
      sb_test_wait_for (mapped_cb, sb_subscription_editor_get_options_box (row), UI_DEADLINE_MS));
  g_assert_true (gtk_check_button_get_active (sb_subscription_editor_get_no_local_check (row)));
  g_assert_false (
      gtk_check_button_get_active (sb_subscription_editor_get_retain_as_published_check (row)));
  g_assert_cmpuint (
      gtk_drop_down_get_selected (sb_subscription_editor_get_retain_handling_drop_down (row)), ==,
      2);
  /* Loading is not editing: the copy still equals what was opened. */
  g_assert_true (sb_data_source_equal (sb_source_dialog_get_source (dialog), original));
  g_assert_true (ui_dialog_would_add (dialog));

  /* Removing a user property removes that one. */
  g_signal_emit_by_name (sb_source_dialog_advanced_get_user_property_remove_button (advanced, 0),
                         "clicked");
  ui_drain ();
  g_assert_cmpuint (sb_data_source_get_n_user_properties (sb_source_dialog_get_source (dialog)), ==,
                    1);
  g_assert_cmpstr (sb_data_source_get_user_property_name (sb_source_dialog_get_source (dialog), 0),
                   ==, "shift");
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* MQTT 3.1.1 has no session expiry, user properties or subscription options:
 * their fields go insensitive (or hidden) and are not saved, but come back
 * with MQTT 5. */
static void
test_advanced_mqtt311 (void)
{
  g_autoptr (SbDataSource) original = mqtt5_source ();
  SbSourceDialog *dialog = ui_source_dialog_new (NULL, original);
  SbDataSource *source = sb_source_dialog_get_source (dialog);
  SbSubscriptionEditor *row = editor (dialog, 0);

  g_assert_false (gtk_widget_get_visible (AW (dialog, "mqtt5_note")));
  select_protocol (dialog, 0);
  g_assert_false (gtk_widget_is_sensitive (AW (dialog, "session_expiry_entry")));
  g_assert_false (gtk_widget_is_sensitive (AW (dialog, "user_properties_area")));
  g_assert_false (gtk_widget_is_sensitive (AW (dialog, "add_user_property_button")));
  g_assert_true (sb_test_wait_for (mapped_cb, AW (dialog, "mqtt5_note"), UI_DEADLINE_MS));
  g_assert_false (gtk_widget_get_visible (sb_subscription_editor_get_options_box (row)));
  /* The last will, client id and keep alive are for both protocols. */
  g_assert_true (gtk_widget_is_sensitive (AW (dialog, "will_topic_entry")));
  g_assert_true (gtk_widget_is_sensitive (AW (dialog, "keep_alive_entry")));

  g_assert_cmpint (sb_data_source_get_protocol (source), ==, SB_PROTOCOL_MQTT_311);
  g_assert_cmpuint (sb_data_source_get_session_expiry_interval (source), ==, 0);
  g_assert_cmpuint (sb_data_source_get_n_user_properties (source), ==, 0);
  g_assert_false (sb_subscription_get_no_local (sb_data_source_get_subscription (source, 0)));
  g_assert_cmpstr (sb_data_source_get_will_topic (source), ==, "plant/panel/status");
  /* What 3.1.1 can send is valid as it is. */
  g_assert_true (ui_dialog_would_add (dialog));
  g_assert_false (gtk_widget_get_visible (W (dialog, "general_error_label")));

  select_protocol (dialog, 1);
  g_assert_true (gtk_widget_is_sensitive (AW (dialog, "session_expiry_entry")));
  g_assert_true (gtk_widget_get_visible (sb_subscription_editor_get_options_box (row)));
  g_assert_true (sb_data_source_equal (source, original));
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* Wrong values show the core validator's message at the field and block Save. */
static void
test_advanced_validation (void)
{
  SbSourceDialog *dialog = ui_source_dialog_new (NULL, NULL);
  GtkWidget *will_error, *keep_alive_error, *client_id_error;

  fill_main_form (dialog, NULL, "panel/#");
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (AW (dialog, "advanced_expander")), TRUE);
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (AW (dialog, "will_expander")), TRUE);
  ui_drain ();
  will_error = AW (dialog, "will_error");
  keep_alive_error = AW (dialog, "keep_alive_error");
  client_id_error = AW (dialog, "client_id_error");
  g_assert_true (ui_dialog_would_add (dialog));

  ui_type (AENTRY (dialog, "will_topic_entry"), "panel/+/status");
  g_assert_true (sb_test_wait_for (mapped_cb, will_error, UI_DEADLINE_MS));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (will_error)), "not a topic name"));
  g_assert_true (gtk_widget_has_css_class (AW (dialog, "will_topic_entry"), "error"));
  g_assert_false (ui_dialog_would_add (dialog));
  /* Nothing else is blamed. */
  g_assert_false (gtk_widget_get_visible (keep_alive_error));
  g_assert_false (gtk_widget_get_visible (W (dialog, "general_error_label")));
  ui_type (AENTRY (dialog, "will_topic_entry"), "panel/7/status");
  g_assert_false (gtk_widget_get_visible (will_error));
  g_assert_false (gtk_widget_has_css_class (AW (dialog, "will_topic_entry"), "error"));
  g_assert_true (ui_dialog_would_add (dialog));

  /* A payload without a topic is a will without a topic. */
  ui_type (AENTRY (dialog, "will_topic_entry"), "");
  ui_type (AENTRY (dialog, "will_payload_entry"), "offline");
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (will_error)), ==, "a last will needs a topic");
  g_assert_false (ui_dialog_would_add (dialog));
  ui_type (AENTRY (dialog, "will_payload_entry"), "");
  g_assert_true (ui_dialog_would_add (dialog));

  ui_type (AENTRY (dialog, "keep_alive_entry"), "70000");
  g_assert_true (sb_test_wait_for (mapped_cb, keep_alive_error, UI_DEADLINE_MS));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (keep_alive_error)), ==,
                   "70000 is not a keep-alive interval (5-65535 seconds)");
  g_assert_false (ui_dialog_would_add (dialog));
  ui_type (AENTRY (dialog, "keep_alive_entry"), "3");
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (keep_alive_error)), ==,
                   "3 is not a keep-alive interval (5-65535 seconds)");
  g_assert_false (ui_dialog_would_add (dialog));
  ui_type (AENTRY (dialog, "keep_alive_entry"), "1 min");
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (keep_alive_error)), "1 min"));
  g_assert_false (ui_dialog_would_add (dialog));
  ui_type (AENTRY (dialog, "keep_alive_entry"), "");
  g_assert_false (gtk_widget_get_visible (keep_alive_error));
  g_assert_cmpuint (sb_data_source_get_keep_alive (sb_source_dialog_get_source (dialog)), ==, 60);
  g_assert_true (ui_dialog_would_add (dialog));

  /* A persistent session needs a client id to be kept under. */
  gtk_switch_set_active (GTK_SWITCH (AW (dialog, "clean_session_check")), FALSE);
  ui_drain ();
  g_assert_true (sb_test_wait_for (mapped_cb, client_id_error, UI_DEADLINE_MS));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (client_id_error)), "client id"));
  g_assert_false (ui_dialog_would_add (dialog));
  ui_type (AENTRY (dialog, "client_id_entry"), "panel-7");
  g_assert_false (gtk_widget_get_visible (client_id_error));
  g_assert_true (ui_dialog_would_add (dialog));

  /* A user property without a name, once the user moved on to its value. */
  select_protocol (dialog, 1);
  add_user_property (dialog, "", "x");
  g_assert_true (
      sb_test_wait_for (mapped_cb, AW (dialog, "user_properties_error"), UI_DEADLINE_MS));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (AW (dialog, "user_properties_error"))), ==,
                   "User property 1: a user property needs a name");
  g_assert_false (ui_dialog_would_add (dialog));
  ui_type (sb_source_dialog_advanced_get_user_property_name_entry (ADV (dialog), 0), "x");
  g_assert_false (gtk_widget_get_visible (AW (dialog, "user_properties_error")));
  g_assert_true (ui_dialog_would_add (dialog));

  ui_type (AENTRY (dialog, "session_expiry_entry"), "99999999999");
  g_assert_true (sb_test_wait_for (mapped_cb, AW (dialog, "session_expiry_error"), UI_DEADLINE_MS));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (AW (dialog, "session_expiry_error"))),
                            "session expiry interval"));
  g_assert_false (ui_dialog_would_add (dialog));
  gtk_window_destroy (GTK_WINDOW (dialog));
}

typedef struct
{
  SbPreviewView *view;
  const char *topic;
  SbTestBroker *broker;
  gint64 published;
} RowWait;

static gboolean
row_shown_cb (gpointer data)
{
  RowWait *wait = data;
  guint n = sb_preview_view_get_n_rows (wait->view);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *topic = sb_preview_view_dup_cell_text (wait->view, i, 0);
      if (g_strcmp0 (topic, wait->topic) == 0)
        return TRUE;
    }
  return FALSE;
}

/* Publishes (not retained) until the row shows: a message published before
 * the broker has the subscription goes nowhere. */
static gboolean
row_shown_publishing_cb (gpointer data)
{
  RowWait *wait = data;

  if (row_shown_cb (wait))
    return TRUE;
  if (g_get_monotonic_time () - wait->published > 200 * 1000)
    {
      sb_test_broker_publish (wait->broker, wait->topic, "live", 0, FALSE);
      wait->published = g_get_monotonic_time ();
    }
  return FALSE;
}

static gboolean
connected_cb (gpointer data)
{
  return g_str_has_prefix (sb_preview_view_get_state_text (data), "Connected to ");
}

/* The live preview connects with MQTT 5 and the subscription options: with
 * retain handling "never" the broker keeps the retained message to itself,
 * which only an MQTT 5 subscription can ask for. */
static void
test_advanced_broker_mqtt5 (void)
{
  g_autoptr (SbTestBroker) broker = sb_test_broker_new ();
  g_autofree char *port = NULL;
  SbSourceDialog *dialog;
  SbPreviewView *view;
  RowWait wait = { 0 };

  sb_test_broker_start (broker);
  port = g_strdup_printf ("%u", sb_test_broker_get_port (broker));
  sb_test_broker_publish (broker, "sb5/old", "retained before", 1, TRUE);

  dialog = ui_source_dialog_new (NULL, NULL);
  view = SB_PREVIEW_VIEW (W (dialog, "preview_view"));
  fill_main_form (dialog, port, "sb5/#");
  select_protocol (dialog, 1);
  gtk_drop_down_set_selected (
      sb_subscription_editor_get_retain_handling_drop_down (editor (dialog, 0)), 2);
  ui_drain ();
  g_assert_cmpint (sb_subscription_get_retain_handling (
                       sb_data_source_get_subscription (sb_source_dialog_get_source (dialog), 0)),
                   ==, SB_RETAIN_HANDLING_NEVER);

  gtk_switch_set_active (GTK_SWITCH (W (dialog, "listen_switch")), TRUE);
  g_assert_true (sb_test_wait_for (connected_cb, view, UI_DEADLINE_MS));
  g_assert_cmpint (
      sb_data_source_get_protocol (sb_mqtt_session_get_source (sb_preview_view_get_session (view))),
      ==, SB_PROTOCOL_MQTT_5);
  wait.view = view;
  wait.broker = broker;
  wait.topic = "sb5/new";
  g_assert_true (sb_test_wait_for (row_shown_publishing_cb, &wait, UI_DEADLINE_MS));
  /* The broker handles one client's packets in order: had it sent the
   * older retained message, it would be in the table by now. */
  wait.topic = "sb5/old";
  g_assert_false (row_shown_cb (&wait));
  g_assert_cmpuint (sb_preview_view_get_n_rows (view), ==, 1);

  /* The same subscription with retain handling "send" gets it. */
  gtk_drop_down_set_selected (
      sb_subscription_editor_get_retain_handling_drop_down (editor (dialog, 0)), 0);
  g_assert_true (sb_test_wait_for (row_shown_cb, &wait, UI_DEADLINE_MS));
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* Not a check: renders the dialog for docs/screenshots when asked to. */
static void
test_advanced_screenshot (void)
{
  const char *dir = g_getenv ("SB_SCREENSHOT_DIR");
  g_autoptr (SbDataSource) original = NULL;
  SbSourceDialog *dialog;
  GtkWidget *scroller;
  GtkAdjustment *adjustment;

  if (dir == NULL)
    {
      g_test_skip ("set SB_SCREENSHOT_DIR to render docs/screenshots/dialog-advanced.png");
      return;
    }
  original = mqtt5_source ();
  dialog = ui_source_dialog_new (NULL, original);
  gtk_window_set_default_size (GTK_WINDOW (dialog), 720, 1000);
  ui_settle (300);
  /* Scrolled to the section, as a user opening it sees it. */
  scroller = W (dialog, "form_scroller");
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
  ui_shoot (GTK_WIDGET (dialog), dir, "dialog-advanced");
  gtk_window_destroy (GTK_WINDOW (dialog));
}

int
main (int argc, char **argv)
{
  ui_test_init (&argc, &argv);

  g_test_add_func ("/ui/dialog-advanced/round-trip", test_advanced_round_trip);
  g_test_add_func ("/ui/dialog-advanced/edit-shows", test_advanced_edit_shows);
  g_test_add_func ("/ui/dialog-advanced/mqtt311", test_advanced_mqtt311);
  g_test_add_func ("/ui/dialog-advanced/validation", test_advanced_validation);
  g_test_add_func ("/ui/dialog-advanced/broker-mqtt5", test_advanced_broker_mqtt5);
  g_test_add_func ("/ui/dialog-advanced/screenshot", test_advanced_screenshot);
  return g_test_run ();
}
