/* test-ui-dialog-keypass.c: the passphrase of a TLS client key in the Add/Edit
 * dialog (issue 8, "Secrets" and "TLS"): a real gnome-keyring-daemon on a
 * private bus, a real mosquitto whose TLS listener requires a client
 * certificate, the key encrypted with openssl -aes256
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <libsecret/secret.h>

#include "sb-app-secrets.h"
#include "sb-secrets.h"
#include "sb-test-keyring.h"
#include "sb-test-ui.h"
#include "sb-test-ui-dialog.h"
#include "sb-test-ui-window.h"
#include "sb-preview-view-private.h"
#include "sb-preview-window-private.h"
#include "sb-source-dialog-private.h"
#include "sb-window-private.h"

#define PASSPHRASE "correct horse battery staple"

typedef UiBrokerWindowFixture Fixture;

/* The client key, encrypted with PASSPHRASE (the broker's, made at set-up). */
static const char *encrypted_key;

static void
fixture_set_up (Fixture *f)
{
  SbTestBroker *broker = sb_test_broker_new ();

  sb_test_broker_enable_tls (broker, TRUE);
  sb_test_broker_start (broker);
  encrypted_key = sb_test_broker_get_encrypted_client_key (broker, PASSPHRASE);
  ui_broker_window_set_up (f, broker, sb_test_broker_get_tls_port (broker));
}

/* Opens Add and types a data source with TLS, the client certificate and
 * the encrypted key (the broker refuses a client without them). */
static SbSourceDialog *
fill_add_dialog (Fixture *f, const char *name, const char *passphrase)
{
  SbSourceDialog *dialog;
  g_autofree char *port = g_strdup_printf ("%u", sb_test_broker_get_tls_port (f->broker));

  ui_activate (f->window, "win.add-source", NULL);
  dialog = sb_window_get_source_dialog (f->window);
  g_assert_nonnull (dialog);
  ui_type (DENTRY (dialog, "name_entry"), name);
  ui_type (DENTRY (dialog, "broker_entry"), "127.0.0.1");
  ui_type (DENTRY (dialog, "port_entry"), port);
  ui_type (
      sb_subscription_editor_get_topic_entry (sb_source_dialog_get_subscription_editor (dialog, 0)),
      "sb/kp/#");
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (DW (dialog, "tls_expander")), TRUE);
  gtk_switch_set_active (GTK_SWITCH (DW (dialog, "tls_check")), TRUE);
  ui_type (DENTRY (dialog, "ca_entry"), sb_test_broker_get_ca_file (f->broker));
  ui_type (DENTRY (dialog, "cert_entry"), sb_test_broker_get_client_cert (f->broker));
  ui_type (DENTRY (dialog, "key_entry"), encrypted_key);
  ui_type (DENTRY (dialog, "key_password_entry"), passphrase);
  return dialog;
}

typedef struct
{
  SbDataSource *source;
  const char *expected; /* NULL: none stored */
} KeyringWait;

static gboolean
keyring_holds_cb (gpointer data)
{
  KeyringWait *wait = data;
  g_autoptr (GError) error = NULL;
  g_autofree char *password = sb_secrets_lookup_key_password (wait->source, NULL, &error);

  g_assert_no_error (error);
  return g_strcmp0 (password, wait->expected) == 0;
}

/* Connected over TLS with the client certificate, and a message arrives
 * (published on the broker's plain listener). */
static void
assert_listens (Fixture *f, SbPreviewView *view, const char *topic, const char *payload)
{
  UiPreviewWait wait = { .view = view, .text = payload };

  ui_assert_preview_state (view, f->connected);
  sb_test_broker_publish_args (f->broker, "-t", topic, "-m", payload, "-r", NULL);
  g_assert_true (sb_test_wait_for (ui_preview_value_is_cb, &wait, UI_DEADLINE_MS));
}

static void
set_listening (SbSourceDialog *dialog, gboolean on)
{
  gtk_switch_set_active (GTK_SWITCH (DW (dialog, "listen_switch")), on);
}

static void
test_keypass_keyring (void)
{
  Fixture f = { 0 };
  SbSourceDialog *dialog;
  SbDataSource *source;
  g_autofree char *contents = NULL;
  g_autofree char *id = NULL;
  g_autofree char *wrong = NULL;
  KeyringWait keyring_wait = { 0 };
  UiTextWait text_wait = { 0 };
  SbPreviewWindow *preview;

  fixture_set_up (&f);
  dialog = fill_add_dialog (&f, "Press 4", PASSPHRASE);
  /* The Secret Service answered: the dialog says where the passphrase goes. */
  g_assert_true (sb_test_wait_for (
      ui_widget_visible_cb, DSECRET (dialog, "key_password_entry", "store_label"), UI_DEADLINE_MS));
  g_assert_cmpstr (
      gtk_label_get_label (GTK_LABEL (DSECRET (dialog, "key_password_entry", "store_label"))), ==,
      "Stored in the keyring");
  g_assert_false (gtk_widget_get_visible (DSECRET (dialog, "key_password_entry", "file_check")));
  /* A password row, which always has the button that shows the text. */
  g_assert_true (ADW_IS_PASSWORD_ENTRY_ROW (DSECRET (dialog, "key_password_entry", "entry")));

  /* Enable listener before saving: the typed passphrase opens the key. */
  set_listening (dialog, TRUE);
  assert_listens (&f, SB_PREVIEW_VIEW (DW (dialog, "preview_view")), "sb/kp/a", "61");
  set_listening (dialog, FALSE);
  ui_confirm_dialog (dialog);

  /* The file says "keyring" and holds no passphrase; the keyring holds it. */
  contents = ui_read_file (f.path);
  g_assert_nonnull (contents);
  g_assert_nonnull (strstr (contents, "\"client_key_password_store\": \"keyring\""));
  g_assert_null (strstr (contents, PASSPHRASE));
  g_assert_null (strstr (contents, "\"client_key_password\""));
  source = ui_broker_window_source (&f, 0);
  id = g_strdup (sb_data_source_get_id (source));
  g_assert_cmpint (sb_data_source_get_tls_client_key_password_store (source), ==,
                   SB_PASSWORD_STORE_KEYRING);
  g_assert_cmpstr (sb_data_source_get_tls_client_key_password (source), ==, "");
  keyring_wait.source = source;
  keyring_wait.expected = PASSPHRASE;
  g_assert_true (sb_test_wait_for (keyring_holds_cb, &keyring_wait, UI_DEADLINE_MS));
  /* Not under the broker password's schema. */
  {
    g_autofree char *password = sb_secrets_lookup (source, NULL, NULL);
    g_assert_null (password);
  }

  /* Only the keyring knows it from here on, as after a restart of the app. */
  sb_app_secrets_remember_key_password (id, NULL);

  /* Edit shows the passphrase from the keyring, and the listener connects with it. */
  ui_activate (f.window, "win.edit-source", id);
  dialog = sb_window_get_source_dialog (f.window);
  g_assert_nonnull (dialog);
  text_wait.editable = DENTRY (dialog, "key_password_entry");
  text_wait.text = PASSPHRASE;
  g_assert_true (sb_test_wait_for (ui_text_is_cb, &text_wait, UI_DEADLINE_MS));
  set_listening (dialog, TRUE);
  assert_listens (&f, SB_PREVIEW_VIEW (DW (dialog, "preview_view")), "sb/kp/b", "62");

  /* A wrong passphrase typed: the listener reconnects and names the key. */
  gtk_editable_set_text (DENTRY (dialog, "key_password_entry"), "Tr0ub4dor&3");
  wrong = g_strdup_printf ("TLS: wrong passphrase for the client key “%s”", encrypted_key);
  ui_assert_preview_state (SB_PREVIEW_VIEW (DW (dialog, "preview_view")), wrong);
  set_listening (dialog, FALSE);
  /* Cancel leaves the keyring as it was. */
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *)&dialog);
  g_signal_emit_by_name (DW (dialog, "cancel_button"), "clicked");
  g_assert_true (ui_wait_destroyed ((gpointer *)&dialog));
  g_assert_true (keyring_holds_cb (&keyring_wait));

  /* Preview from the main window: the passphrase from the keyring alone. */
  ui_activate (f.window, "win.preview-source", id);
  preview = sb_window_get_preview_window (f.window, ui_broker_window_source (&f, 0));
  g_assert_nonnull (preview);
  assert_listens (&f, sb_preview_window_get_view (preview), "sb/kp/c", "63");
  gtk_window_destroy (GTK_WINDOW (preview));
  ui_drain ();

  /* Duplicate: the copy (a new id) gets the passphrase in the keyring. */
  ui_activate (f.window, "win.duplicate-source", id);
  g_assert_nonnull (ui_broker_window_source (&f, 1));
  keyring_wait.source = ui_broker_window_source (&f, 1);
  g_assert_cmpstr (sb_data_source_get_id (keyring_wait.source), !=, id);
  g_assert_true (sb_test_wait_for (keyring_holds_cb, &keyring_wait, UI_DEADLINE_MS));

  /* Delete (the undo time over): the passphrase leaves the keyring too. */
  {
    g_autoptr (SbDataSource) deleted = g_object_ref (ui_broker_window_source (&f, 0));

    ui_activate (f.window, "win.delete-source", id);
    keyring_wait.source = deleted;
    g_assert_true (keyring_holds_cb (&keyring_wait));
    ui_activate (f.window, "win.dismiss-undo", NULL);
    keyring_wait.expected = NULL;
    g_assert_true (sb_test_wait_for (keyring_holds_cb, &keyring_wait, UI_DEADLINE_MS));
  }
  /* The copy keeps its own. */
  keyring_wait.source = ui_broker_window_source (&f, 0);
  keyring_wait.expected = PASSPHRASE;
  g_assert_true (keyring_holds_cb (&keyring_wait));
  ui_broker_window_tear_down (&f);
}

static gboolean
password_gone_cb (gpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *password = sb_secrets_lookup (data, NULL, &error);

  g_assert_no_error (error);
  return password == NULL;
}

/* Both secrets of one source in the keyring: each under its own schema, so
 * emptying the password in the dialog removes it and keeps the passphrase. */
static void
test_keypass_with_password (void)
{
  Fixture f = { 0 };
  SbSourceDialog *dialog;
  g_autofree char *contents = NULL;
  g_autofree char *id = NULL;
  KeyringWait key_wait = { .expected = PASSPHRASE };
  UiTextWait text_wait = { 0 };
  g_autofree char *password = NULL;

  fixture_set_up (&f);
  dialog = fill_add_dialog (&f, "Both", PASSPHRASE);
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (DW (dialog, "auth_expander")), TRUE);
  ui_type (DENTRY (dialog, "username_entry"), "operator");
  ui_type (DENTRY (dialog, "password_entry"), "broker-Pw");
  g_assert_true (sb_test_wait_for (
      ui_widget_visible_cb, DSECRET (dialog, "key_password_entry", "store_label"), UI_DEADLINE_MS));
  ui_confirm_dialog (dialog);
  contents = ui_read_file (f.path);
  g_assert_nonnull (strstr (contents, "\"password_store\": \"keyring\""));
  g_assert_nonnull (strstr (contents, "\"client_key_password_store\": \"keyring\""));
  g_assert_null (strstr (contents, "broker-Pw"));
  g_assert_null (strstr (contents, PASSPHRASE));
  key_wait.source = ui_broker_window_source (&f, 0);
  g_assert_true (sb_test_wait_for (keyring_holds_cb, &key_wait, UI_DEADLINE_MS));
  id = g_strdup (sb_data_source_get_id (ui_broker_window_source (&f, 0)));
  password = sb_secrets_lookup (ui_broker_window_source (&f, 0), NULL, NULL);
  g_assert_cmpstr (password, ==, "broker-Pw");
  g_clear_pointer (&password, g_free);

  /* A new run: Edit loads both from the keyring. */
  sb_app_secrets_remember (id, NULL);
  sb_app_secrets_remember_key_password (id, NULL);
  ui_activate (f.window, "win.edit-source", id);
  dialog = sb_window_get_source_dialog (f.window);
  text_wait.editable = DENTRY (dialog, "key_password_entry");
  text_wait.text = PASSPHRASE;
  g_assert_true (sb_test_wait_for (ui_text_is_cb, &text_wait, UI_DEADLINE_MS));
  text_wait.editable = DENTRY (dialog, "password_entry");
  text_wait.text = "broker-Pw";
  g_assert_true (sb_test_wait_for (ui_text_is_cb, &text_wait, UI_DEADLINE_MS));

  /* The password emptied, Save: it leaves the keyring, the passphrase stays. */
  gtk_editable_set_text (DENTRY (dialog, "password_entry"), "");
  ui_confirm_dialog (dialog);
  {
    SbDataSource *source = ui_broker_window_source (&f, 0);

    g_assert_true (sb_test_wait_for (password_gone_cb, source, UI_DEADLINE_MS));
    key_wait.source = source;
    g_assert_true (keyring_holds_cb (&key_wait));
    g_assert_cmpint (sb_data_source_get_tls_client_key_password_store (source), ==,
                     SB_PASSWORD_STORE_KEYRING);
  }
  ui_broker_window_tear_down (&f);
}

static void
no_keyring_child (void)
{
  Fixture f = { 0 };
  SbSourceDialog *dialog;
  g_autofree char *contents = NULL;

  fixture_set_up (&f);
  dialog = fill_add_dialog (&f, "No keyring", PASSPHRASE);
  /* No Secret Service: the explicit choice to keep it in the file, unticked. */
  g_assert_true (sb_test_wait_for (
      ui_widget_visible_cb, DSECRET (dialog, "key_password_entry", "file_check"), UI_DEADLINE_MS));
  g_assert_cmpstr (gtk_check_button_get_label (
                       GTK_CHECK_BUTTON (DSECRET (dialog, "key_password_entry", "file_check"))),
                   ==, "Store the passphrase in the file (readable by anyone with the file)");
  g_assert_cmpstr (
      gtk_label_get_label (GTK_LABEL (DSECRET (dialog, "key_password_entry", "store_label"))), ==,
      "No keyring answers: unless stored in the file, the passphrase is kept only "
      "until Signalboard quits");
  if (g_getenv ("SB_SCREENSHOT_DIR") != NULL)
    {
      adw_expander_row_set_expanded (ADW_EXPANDER_ROW (DW (dialog, "auth_expander")), FALSE);
      ui_shoot (GTK_WIDGET (dialog), g_getenv ("SB_SCREENSHOT_DIR"),
                "dialog-tls-keypass-nokeyring");
    }
  ui_confirm_dialog (dialog);
  contents = ui_read_file (f.path);
  g_assert_nonnull (contents);
  g_assert_null (strstr (contents, PASSPHRASE));
  g_assert_null (strstr (contents, "client_key_password"));
  /* This run remembers it: Preview connects. */
  ui_activate (f.window, "win.preview-source",
               sb_data_source_get_id (ui_broker_window_source (&f, 0)));
  {
    SbPreviewWindow *preview
        = sb_window_get_preview_window (f.window, ui_broker_window_source (&f, 0));
    g_assert_nonnull (preview);
    assert_listens (&f, sb_preview_window_get_view (preview), "sb/kp/d", "64");
    gtk_window_destroy (GTK_WINDOW (preview));
    ui_drain ();
  }

  /* Ticked: the file holds the passphrase, as the user asked, and Edit shows it ticked. */
  dialog = fill_add_dialog (&f, "In the file", PASSPHRASE);
  g_assert_true (sb_test_wait_for (
      ui_widget_visible_cb, DSECRET (dialog, "key_password_entry", "file_check"), UI_DEADLINE_MS));
  gtk_check_button_set_active (
      GTK_CHECK_BUTTON (DSECRET (dialog, "key_password_entry", "file_check")), TRUE);
  ui_confirm_dialog (dialog);
  g_clear_pointer (&contents, g_free);
  contents = ui_read_file (f.path);
  g_assert_nonnull (strstr (contents, "\"client_key_password\": \"" PASSPHRASE "\""));
  ui_activate (f.window, "win.edit-source",
               sb_data_source_get_id (ui_broker_window_source (&f, 1)));
  dialog = sb_window_get_source_dialog (f.window);
  g_assert_nonnull (dialog);
  g_assert_true (sb_test_wait_for (
      ui_widget_visible_cb, DSECRET (dialog, "key_password_entry", "file_check"), UI_DEADLINE_MS));
  g_assert_true (gtk_check_button_get_active (
      GTK_CHECK_BUTTON (DSECRET (dialog, "key_password_entry", "file_check"))));
  g_assert_cmpstr (gtk_editable_get_text (DENTRY (dialog, "key_password_entry")), ==, PASSPHRASE);
  ui_confirm_dialog (dialog);
  g_assert_cmpstr (sb_data_source_get_tls_client_key_password (ui_broker_window_source (&f, 1)), ==,
                   PASSPHRASE);
  ui_broker_window_tear_down (&f);
}

static void
test_keypass_no_keyring (void)
{
  if (g_test_subprocess ())
    {
      no_keyring_child ();
      return;
    }
  g_test_trap_subprocess (NULL, 120 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

/* With SB_SCREENSHOT_DIR: the dialog with its TLS section open, to look at. */
static void
test_keypass_screenshot (void)
{
  const char *dir = g_getenv ("SB_SCREENSHOT_DIR");
  Fixture f = { 0 };
  SbSourceDialog *dialog;

  if (dir == NULL)
    {
      g_test_skip ("SB_SCREENSHOT_DIR is not set");
      return;
    }
  fixture_set_up (&f);
  dialog = fill_add_dialog (&f, "Press 4", PASSPHRASE);
  g_assert_true (sb_test_wait_for (
      ui_widget_visible_cb, DSECRET (dialog, "key_password_entry", "store_label"), UI_DEADLINE_MS));
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (DW (dialog, "auth_expander")), FALSE);
  ui_settle (300);
  ui_shoot (GTK_WIDGET (dialog), dir, "dialog-tls-keypass");
  gtk_window_destroy (GTK_WINDOW (dialog));
  ui_broker_window_tear_down (&f);
}

int
main (int argc, char **argv)
{
  SbTestKeyring *keyring;
  int status;

  ui_test_init (&argc, &argv);
  keyring = sb_test_keyring_new_unless_subprocess ();
  ui_window_app_init ();

  g_test_add_func ("/ui/keypass/keyring", test_keypass_keyring);
  g_test_add_func ("/ui/keypass/with-password", test_keypass_with_password);
  g_test_add_func ("/ui/keypass/no-keyring", test_keypass_no_keyring);
  g_test_add_func ("/ui/keypass/screenshot", test_keypass_screenshot);
  status = g_test_run ();
  g_clear_object (&the_app);
  if (keyring != NULL)
    {
      secret_service_disconnect ();
      sb_test_keyring_free (keyring);
    }
  return status;
}
