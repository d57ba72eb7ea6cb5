/* test-ui-dialog-password.c: the dialog's listener, for a data source whose
 * password is in a keyring that cannot be read (no Secret Service), asks for
 * the password instead of connecting without it, and keeps the answer in
 * memory only (issue 8)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sb-password-dialog-private.h"
#include "sb-source-dialog-private.h"
#include "sb-test-keyring.h"
#include "sb-test-ui-dialog.h"
#include "sb-test-ui.h"
#include "sb-preview-view-private.h"

#define W(dialog, name) sb_source_dialog_get_widget ((dialog), (name))
#define USER "panel"
#define PASSWORD "s3cret pw"

typedef struct
{
  SbPreviewView *view;
  const char *text;
  SbMqttSession *before;
} StateWait;

static gboolean
state_is_cb (gpointer data)
{
  StateWait *wait = data;
  return g_strcmp0 (sb_preview_view_get_state_text (wait->view), wait->text) == 0;
}

/* A new session, connected. */
static gboolean
reconnected_cb (gpointer data)
{
  StateWait *wait = data;
  return sb_preview_view_get_session (wait->view) != wait->before && state_is_cb (wait);
}

static gboolean
row_is_cb (gpointer data)
{
  StateWait *wait = data;
  g_autofree char *topic = sb_preview_view_dup_cell_text (wait->view, 0, 0);
  return g_strcmp0 (topic, wait->text) == 0;
}

static void
test_password_asked (void)
{
  g_autoptr (SbTestBroker) broker = sb_test_broker_new ();
  g_autoptr (SbDataSource) original = sb_data_source_new ();
  g_autoptr (SbSubscription) sub = sb_subscription_new ("sb/pw/#");
  g_autofree char *connected = NULL;
  SbPasswordDialog *password_dialog;
  SbSourceDialog *dialog;
  SbPreviewView *view;
  GtkSwitch *listen;
  StateWait wait = { 0 };

  sb_test_broker_add_user (broker, USER, PASSWORD);
  sb_test_broker_start (broker);
  connected = g_strdup_printf ("Connected to 127.0.0.1:%u", sb_test_broker_get_port (broker));
  sb_test_broker_publish_args (broker, "-u", USER, "-P", PASSWORD, "-t", "sb/pw/a", "-m", "1", "-r",
                               NULL);

  /* As a file saved where a keyring answered, opened where none does. */
  sb_data_source_set_name (original, "Keyring elsewhere");
  sb_data_source_set_broker (original, "127.0.0.1");
  sb_data_source_set_port (original, sb_test_broker_get_port (broker));
  sb_data_source_set_username (original, USER);
  sb_data_source_set_password_store (original, SB_PASSWORD_STORE_KEYRING);
  sb_data_source_add_subscription (original, sub);

  dialog = sb_source_dialog_new (NULL, NULL, original);
  gtk_window_present (GTK_WINDOW (dialog));
  ui_drain ();
  view = SB_PREVIEW_VIEW (W (dialog, "preview_view"));
  listen = GTK_SWITCH (W (dialog, "listen_switch"));
  wait.view = view;
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (W (dialog, "password_entry"))), ==, "");

  gtk_switch_set_active (listen, TRUE);
  g_assert_true (sb_test_wait_for (ui_password_dialog_shown_cb, NULL, UI_DEADLINE_MS));
  password_dialog = ui_find_password_dialog ();
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (password_dialog))
                 == GTK_WINDOW (dialog));
  g_assert_null (sb_preview_view_get_session (view));
  g_assert_cmpstr (sb_preview_view_get_state_text (view), ==, "Waiting for the password…");

  /* Cancel: no connection, and the preview says why. */
  g_signal_emit_by_name (sb_password_dialog_get_widget (password_dialog, "cancel_button"),
                         "clicked");
  wait.text = "Not connected: no password was given";
  g_assert_true (sb_test_wait_for (state_is_cb, &wait, UI_DEADLINE_MS));
  g_assert_null (sb_preview_view_get_session (view));

  /* Again: the password typed connects. */
  gtk_switch_set_active (listen, FALSE);
  gtk_switch_set_active (listen, TRUE);
  g_assert_true (sb_test_wait_for (ui_password_dialog_shown_cb, NULL, UI_DEADLINE_MS));
  password_dialog = ui_find_password_dialog ();
  ui_type (GTK_EDITABLE (sb_password_dialog_get_widget (password_dialog, "password_entry")),
           PASSWORD);
  g_signal_emit_by_name (sb_password_dialog_get_widget (password_dialog, "connect_button"),
                         "clicked");
  wait.text = connected;
  g_assert_true (sb_test_wait_for (state_is_cb, &wait, UI_DEADLINE_MS));
  wait.text = "sb/pw/a";
  g_assert_true (sb_test_wait_for (row_is_cb, &wait, UI_DEADLINE_MS));
  /* In memory only: neither the field nor the settings to save hold it. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (W (dialog, "password_entry"))), ==, "");
  g_assert_cmpstr (sb_data_source_get_password (sb_source_dialog_get_source (dialog)), ==, "");

  /* A changed setting reconnects with the password it has, without asking.
   * The old session is held, so the new one cannot take its address. */
  wait.before = g_object_ref (sb_preview_view_get_session (view));
  ui_type (
      sb_subscription_editor_get_topic_entry (sb_source_dialog_get_subscription_editor (dialog, 0)),
      "sb/#");
  wait.text = connected;
  g_assert_true (sb_test_wait_for (reconnected_cb, &wait, UI_DEADLINE_MS));
  g_assert_null (ui_find_password_dialog ());
  g_clear_object (&wait.before);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

int
main (int argc, char **argv)
{
  sb_test_no_session_bus ();
  ui_test_init (&argc, &argv);

  g_test_add_func ("/ui/dialog-password/asked", test_password_asked);
  return g_test_run ();
}
