/* test-ui-keyring.c: data source passwords in the app (issue 8, "Secrets"):
 * a real gnome-keyring-daemon on a private D-Bus session bus, a real
 * mosquitto that requires a user name and password, the real windows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <libsecret/secret.h>

#include "sb-app-secrets.h"
#include "sb-password-dialog-private.h"
#include "sb-secrets.h"
#include "sb-test-keyring.h"
#include "sb-test-ui.h"
#include "sb-test-ui-dialog.h"
#include "sb-test-ui-window.h"
#include "sb-preview-view-private.h"
#include "sb-preview-window-private.h"
#include "sb-source-dialog-private.h"
#include "sb-window-private.h"

#define USER "sbuser"
#define PASSWORD "s3cret-Pw"

typedef UiBrokerWindowFixture Fixture;

static void
fixture_set_up (Fixture *f)
{
  SbTestBroker *broker = sb_test_broker_new ();

  sb_test_broker_add_user (broker, USER, PASSWORD);
  sb_test_broker_start (broker);
  ui_broker_window_set_up (f, broker, sb_test_broker_get_port (broker));
}

/* Opens Add and types a data source that logs in with USER / PASSWORD. */
static SbSourceDialog *
fill_add_dialog (Fixture *f, const char *name)
{
  SbSourceDialog *dialog;
  g_autofree char *port = g_strdup_printf ("%u", sb_test_broker_get_port (f->broker));

  ui_activate (f->window, "win.add-source", NULL);
  dialog = sb_window_get_source_dialog (f->window);
  g_assert_nonnull (dialog);
  ui_type (DENTRY (dialog, "name_entry"), name);
  ui_type (DENTRY (dialog, "broker_entry"), "127.0.0.1");
  ui_type (DENTRY (dialog, "port_entry"), port);
  ui_type (
      sb_subscription_editor_get_topic_entry (sb_source_dialog_get_subscription_editor (dialog, 0)),
      "sb/k/#");
  ui_type (DENTRY (dialog, "username_entry"), USER);
  ui_type (DENTRY (dialog, "password_entry"), PASSWORD);
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
  g_autofree char *password = sb_secrets_lookup (wait->source, NULL, &error);

  g_assert_no_error (error);
  return g_strcmp0 (password, wait->expected) == 0;
}

static void
publish (Fixture *f, const char *topic, const char *payload)
{
  sb_test_broker_publish_args (f->broker, "-u", USER, "-P", PASSWORD, "-t", topic, "-m", payload,
                               "-r", NULL);
}

static void
assert_listens (Fixture *f, SbPreviewView *view, const char *topic, const char *payload)
{
  UiPreviewWait wait = { .view = view, .text = payload };

  ui_assert_preview_state (view, f->connected);
  publish (f, topic, payload);
  g_assert_true (sb_test_wait_for (ui_preview_value_is_cb, &wait, UI_DEADLINE_MS));
}

static void
test_keyring_add_edit_listen (void)
{
  Fixture f = { 0 };
  SbSourceDialog *dialog;
  SbDataSource *source;
  g_autofree char *contents = NULL;
  g_autofree char *id = NULL;
  KeyringWait keyring_wait = { 0 };
  UiTextWait text_wait = { 0 };
  SbPreviewWindow *preview;

  fixture_set_up (&f);
  dialog = fill_add_dialog (&f, "Line 1");
  /* The Secret Service answered: the dialog says where the password goes. */
  g_assert_true (sb_test_wait_for (
      ui_widget_visible_cb, DSECRET (dialog, "password_entry", "store_label"), UI_DEADLINE_MS));
  g_assert_cmpstr (
      gtk_label_get_label (GTK_LABEL (DSECRET (dialog, "password_entry", "store_label"))), ==,
      "Stored in the keyring");
  g_assert_true (
      gtk_widget_has_css_class (DSECRET (dialog, "password_entry", "store_label"), "dim-label"));
  g_assert_false (gtk_widget_get_visible (DSECRET (dialog, "password_entry", "file_check")));
  ui_confirm_dialog (dialog);

  /* The file says "keyring" and holds no password; the keyring holds it. */
  contents = ui_read_file (f.path);
  g_assert_nonnull (contents);
  g_assert_nonnull (strstr (contents, "\"password_store\": \"keyring\""));
  g_assert_null (strstr (contents, PASSWORD));
  g_assert_null (strstr (contents, "\"password\""));
  source = ui_broker_window_source (&f, 0);
  id = g_strdup (sb_data_source_get_id (source));
  g_assert_cmpint (sb_data_source_get_password_store (source), ==, SB_PASSWORD_STORE_KEYRING);
  g_assert_cmpstr (sb_data_source_get_password (source), ==, "");
  keyring_wait.source = source;
  keyring_wait.expected = PASSWORD;
  g_assert_true (sb_test_wait_for (keyring_holds_cb, &keyring_wait, UI_DEADLINE_MS));

  /* Only the keyring knows it from here on, as after a restart of the app. */
  sb_app_secrets_remember (id, NULL);

  /* Edit: the password entry shows the password from the keyring. */
  ui_activate (f.window, "win.edit-source", id);
  dialog = sb_window_get_source_dialog (f.window);
  g_assert_nonnull (dialog);
  text_wait.editable = DENTRY (dialog, "password_entry");
  text_wait.text = PASSWORD;
  g_assert_true (sb_test_wait_for (ui_text_is_cb, &text_wait, UI_DEADLINE_MS));

  /* Enable listener: the broker that requires the password lets it in. */
  gtk_switch_set_active (GTK_SWITCH (DW (dialog, "listen_switch")), TRUE);
  assert_listens (&f, SB_PREVIEW_VIEW (DW (dialog, "preview_view")), "sb/k/a", "41");
  gtk_switch_set_active (GTK_SWITCH (DW (dialog, "listen_switch")), FALSE);
  /* Saving unchanged keeps the file free of the password. */
  ui_confirm_dialog (dialog);
  g_clear_pointer (&contents, g_free);
  contents = ui_read_file (f.path);
  g_assert_null (strstr (contents, PASSWORD));
  g_assert_nonnull (strstr (contents, "\"password_store\": \"keyring\""));

  /* Preview from the main window looks the password up and connects. */
  sb_app_secrets_remember (id, NULL);
  source = ui_broker_window_source (&f, 0);
  ui_activate (f.window, "win.preview-source", id);
  preview = sb_window_get_preview_window (f.window, source);
  g_assert_nonnull (preview);
  assert_listens (&f, sb_preview_window_get_view (preview), "sb/k/b", "42");
  gtk_window_destroy (GTK_WINDOW (preview));
  ui_drain ();

  /* Duplicate: the copy (a new id) has the same password in the keyring. */
  ui_activate (f.window, "win.duplicate-source", id);
  g_assert_nonnull (ui_broker_window_source (&f, 1));
  keyring_wait.source = ui_broker_window_source (&f, 1);
  g_assert_cmpstr (sb_data_source_get_id (keyring_wait.source), !=, id);
  g_assert_true (sb_test_wait_for (keyring_holds_cb, &keyring_wait, UI_DEADLINE_MS));

  /* Delete, and the undo time runs out (dismissed): the entry goes too. */
  {
    g_autoptr (SbDataSource) deleted = g_object_ref (ui_broker_window_source (&f, 0));

    ui_activate (f.window, "win.delete-source", id);
    /* Undo is still possible: the keyring keeps it. */
    keyring_wait.source = deleted;
    g_assert_true (keyring_holds_cb (&keyring_wait));
    ui_activate (f.window, "win.dismiss-undo", NULL);
    keyring_wait.expected = NULL;
    g_assert_true (sb_test_wait_for (keyring_holds_cb, &keyring_wait, UI_DEADLINE_MS));
  }
  /* The copy keeps its own. */
  keyring_wait.source = ui_broker_window_source (&f, 0);
  keyring_wait.expected = PASSWORD;
  g_assert_true (keyring_holds_cb (&keyring_wait));
  ui_broker_window_tear_down (&f);
}

static GtkMessageDialog *
find_other_broker_question (void)
{
  GListModel *toplevels = gtk_window_get_toplevels (); /* transfer none */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GObject) window = g_list_model_get_item (toplevels, i);
      if (GTK_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window))
          && g_strcmp0 (gtk_widget_get_name (GTK_WIDGET (window)), "other-broker-question") == 0)
        return GTK_MESSAGE_DIALOG (window);
    }
  return NULL;
}

static gboolean
other_broker_question_shown_cb (gpointer data)
{
  return find_other_broker_question () != NULL;
}

static void
resolved_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  *(GAsyncResult **)user_data = g_object_ref (result);
}

static gboolean
resolved_cb_done (gpointer data)
{
  return *(GAsyncResult **)data != NULL;
}

/* The keyring gives @data's password for its broker (a mismatch until the
 * new store lands is not an error here). */
static gboolean
keyring_bound_cb (gpointer data)
{
  g_autofree char *password = sb_secrets_lookup (data, NULL, NULL);
  return g_strcmp0 (password, PASSWORD) == 0;
}

/* Issue 16, item 1: the keyring holds the password of this id for
 * "localhost", and the file now says 127.0.0.1 (someone kept the id and
 * changed the broker). The app asks before it sends anything; yes stores it
 * for the new broker, no asks for another password. */
static void
test_keyring_other_broker (void)
{
  Fixture f;
  g_autoptr (SbDataSource) source = sb_data_source_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (SbDataSource) resolved = NULL;
  g_autofree char *text = NULL;
  GtkMessageDialog *question;

  fixture_set_up (&f);
  sb_data_source_set_name (source, "Moved");
  sb_data_source_set_broker (source, "localhost");
  sb_data_source_set_username (source, USER);
  sb_data_source_set_password_store (source, SB_PASSWORD_STORE_KEYRING);
  g_assert_true (sb_secrets_store (source, PASSWORD, NULL, &error));
  g_assert_no_error (error);
  sb_data_source_set_broker (source, "127.0.0.1");

  /* Yes: used, and stored for 127.0.0.1 from now on. */
  sb_app_secrets_resolve_async (GTK_WINDOW (f.window), source, NULL, resolved_cb, &result);
  g_assert_true (sb_test_wait_for (other_broker_question_shown_cb, NULL, UI_DEADLINE_MS));
  g_assert_null (result);
  question = find_other_broker_question ();
  g_object_get (question, "text", &text, NULL);
  g_assert_cmpstr (text, ==, "The saved password belongs to localhost; use it for 127.0.0.1?");
  gtk_dialog_response (GTK_DIALOG (question), GTK_RESPONSE_YES);
  g_assert_true (sb_test_wait_for (resolved_cb_done, &result, UI_DEADLINE_MS));
  resolved = sb_app_secrets_resolve_finish (result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sb_data_source_get_password (resolved), ==, PASSWORD);
  g_assert_true (sb_test_wait_for (keyring_bound_cb, source, UI_DEADLINE_MS));

  /* No: nothing sent, the password question for this broker instead. */
  sb_app_secrets_remember (sb_data_source_get_id (source), NULL);
  sb_data_source_set_broker (source, "localhost");
  g_clear_object (&result);
  g_clear_object (&resolved);
  sb_app_secrets_resolve_async (GTK_WINDOW (f.window), source, NULL, resolved_cb, &result);
  g_assert_true (sb_test_wait_for (other_broker_question_shown_cb, NULL, UI_DEADLINE_MS));
  gtk_dialog_response (GTK_DIALOG (find_other_broker_question ()), GTK_RESPONSE_NO);
  g_assert_true (sb_test_wait_for (ui_password_dialog_shown_cb, NULL, UI_DEADLINE_MS));
  g_assert_null (result);
  gtk_window_close (GTK_WINDOW (ui_find_password_dialog ()));
  g_assert_true (sb_test_wait_for (resolved_cb_done, &result, UI_DEADLINE_MS));
  resolved = sb_app_secrets_resolve_finish (result, &error);
  g_assert_null (resolved);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_true (sb_secrets_clear (source, NULL, NULL));
  ui_broker_window_tear_down (&f);
}

/* The keyring gives @data's key passphrase for its broker, user and key. */
static gboolean
key_bound_cb (gpointer data)
{
  g_autofree char *passphrase = sb_secrets_lookup_key_password (data, NULL, NULL);
  return g_strcmp0 (passphrase, PASSWORD) == 0;
}

/* The same for the TLS key passphrase (issue 16's gap, issue 17): bound to
 * another key file or broker it is not used until the user says so; yes
 * binds it to this one, no connects without it. */
static void
test_keyring_other_key (void)
{
  Fixture f;
  g_autoptr (SbDataSource) source = sb_data_source_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (SbDataSource) resolved = NULL;
  g_autofree char *text = NULL;
  g_autofree char *secondary = NULL;
  GtkMessageDialog *question;

  fixture_set_up (&f);
  sb_data_source_set_name (source, "Press 4");
  sb_data_source_set_broker (source, "127.0.0.1");
  sb_data_source_set_tls_enabled (source, TRUE);
  sb_data_source_set_tls_client_key (source, "/etc/signalboard/old.key");
  sb_data_source_set_tls_client_key_password_store (source, SB_PASSWORD_STORE_KEYRING);
  g_assert_true (sb_secrets_store_key_password (source, PASSWORD, NULL, &error));
  g_assert_no_error (error);
  sb_data_source_set_tls_client_key (source, "/tmp/other.key");

  /* Yes: used, and bound to /tmp/other.key from now on. */
  sb_app_secrets_resolve_async (GTK_WINDOW (f.window), source, NULL, resolved_cb, &result);
  g_assert_true (sb_test_wait_for (other_broker_question_shown_cb, NULL, UI_DEADLINE_MS));
  g_assert_null (result);
  question = find_other_broker_question ();
  g_object_get (question, "text", &text, "secondary-text", &secondary, NULL);
  g_assert_cmpstr (text, ==,
                   "The saved key passphrase belongs to the key “/etc/signalboard/old.key”; use it "
                   "for “/tmp/other.key”?");
  g_assert_nonnull (strstr (secondary, "“Press 4” now connects to 127.0.0.1"));
  gtk_dialog_response (GTK_DIALOG (question), GTK_RESPONSE_YES);
  g_assert_true (sb_test_wait_for (resolved_cb_done, &result, UI_DEADLINE_MS));
  resolved = sb_app_secrets_resolve_finish (result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sb_data_source_get_tls_client_key_password (resolved), ==, PASSWORD);
  g_assert_true (sb_test_wait_for (key_bound_cb, source, UI_DEADLINE_MS));

  /* No: the broker changed; connects without the passphrase, nothing stored. */
  sb_app_secrets_remember_key_password (sb_data_source_get_id (source), NULL);
  sb_data_source_set_broker (source, "localhost");
  g_clear_object (&result);
  g_clear_object (&resolved);
  g_clear_pointer (&text, g_free);
  sb_app_secrets_resolve_async (GTK_WINDOW (f.window), source, NULL, resolved_cb, &result);
  g_assert_true (sb_test_wait_for (other_broker_question_shown_cb, NULL, UI_DEADLINE_MS));
  g_object_get (find_other_broker_question (), "text", &text, NULL);
  g_assert_cmpstr (text, ==,
                   "The saved key passphrase belongs to 127.0.0.1; use it for localhost?");
  gtk_dialog_response (GTK_DIALOG (find_other_broker_question ()), GTK_RESPONSE_NO);
  g_assert_true (sb_test_wait_for (resolved_cb_done, &result, UI_DEADLINE_MS));
  resolved = sb_app_secrets_resolve_finish (result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sb_data_source_get_tls_client_key_password (resolved), ==, "");
  g_assert_null (ui_find_password_dialog ());
  g_assert_false (key_bound_cb (source));
  g_assert_true (sb_secrets_clear_key_password (source, NULL, NULL));
  ui_broker_window_tear_down (&f);
}

static SbPreviewView *
listen_by_name (Fixture *f, const char *name)
{
  g_autoptr (GError) error = NULL;
  SbPreviewWindow *preview;

  /* What `signalboard --listen NAME` does once the file is open. */
  g_assert_true (sb_window_listen (f->window, name, &error));
  g_assert_no_error (error);
  preview = sb_window_get_preview_window (f->window, ui_broker_window_source (f, 0));
  g_assert_nonnull (preview);
  return sb_preview_window_get_view (preview);
}

static void
test_keyring_migrate_and_listen (void)
{
  Fixture f = { 0 };
  g_autoptr (GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *id = NULL;
  SbSourceDialog *dialog;
  UiTextWait text_wait = { 0 };
  KeyringWait keyring_wait = { .expected = PASSWORD };

  fixture_set_up (&f);
  {
    /* A file from before the keyring: the password in it. */
    g_autoptr (SbConfig) config = sb_config_new ();
    g_autoptr (SbDataSource) source = sb_data_source_new ();
    g_autoptr (SbSubscription) subscription = sb_subscription_new ("sb/m/#");

    sb_data_source_set_name (source, "Old line");
    sb_data_source_set_broker (source, "127.0.0.1");
    sb_data_source_set_port (source, sb_test_broker_get_port (f.broker));
    sb_data_source_set_username (source, USER);
    sb_data_source_set_password (source, PASSWORD);
    sb_data_source_add_subscription (source, subscription);
    sb_config_append (config, source);
    g_assert_true (sb_config_save_to_file (config, f.path, &error));
    g_assert_no_error (error);
  }
  g_assert_true (sb_window_open_path (f.window, f.path));
  id = g_strdup (sb_data_source_get_id (ui_broker_window_source (&f, 0)));

  /* The password from the file connects, nothing asked. */
  assert_listens (&f, listen_by_name (&f, "Old line"), "sb/m/a", "51");
  g_assert_null (ui_find_password_dialog ());
  gtk_window_destroy (
      GTK_WINDOW (sb_window_get_preview_window (f.window, ui_broker_window_source (&f, 0))));
  ui_drain ();

  /* Edit and Save where a keyring answers: the password leaves the file. */
  ui_activate (f.window, "win.edit-source", id);
  dialog = sb_window_get_source_dialog (f.window);
  g_assert_nonnull (dialog);
  text_wait.editable = DENTRY (dialog, "password_entry");
  text_wait.text = PASSWORD;
  g_assert_true (ui_text_is_cb (&text_wait));
  g_assert_true (sb_test_wait_for (
      ui_widget_visible_cb, DSECRET (dialog, "password_entry", "store_label"), UI_DEADLINE_MS));
  ui_confirm_dialog (dialog);
  contents = ui_read_file (f.path);
  g_assert_null (strstr (contents, PASSWORD));
  g_assert_nonnull (strstr (contents, "\"password_store\": \"keyring\""));
  keyring_wait.source = ui_broker_window_source (&f, 0);
  g_assert_true (sb_test_wait_for (keyring_holds_cb, &keyring_wait, UI_DEADLINE_MS));

  /* --listen NAME in a new run: from the keyring alone. */
  sb_app_secrets_remember (id, NULL);
  assert_listens (&f, listen_by_name (&f, "Old line"), "sb/m/b", "52");
  g_assert_null (ui_find_password_dialog ());
  ui_broker_window_tear_down (&f);
}

static void
no_keyring_child (void)
{
  Fixture f = { 0 };
  SbSourceDialog *dialog;
  g_autofree char *contents = NULL;
  g_autofree char *id = NULL;
  SbPreviewWindow *preview;
  SbPasswordDialog *password_dialog;

  fixture_set_up (&f);
  dialog = fill_add_dialog (&f, "No keyring");
  /* No Secret Service: the explicit choice to keep it in the file, unticked. */
  g_assert_true (sb_test_wait_for (
      ui_widget_visible_cb, DSECRET (dialog, "password_entry", "file_check"), UI_DEADLINE_MS));
  g_assert_cmpstr (gtk_check_button_get_label (
                       GTK_CHECK_BUTTON (DSECRET (dialog, "password_entry", "file_check"))),
                   ==, "Store password in the file (readable by anyone with the file)");
  g_assert_false (gtk_check_button_get_active (
      GTK_CHECK_BUTTON (DSECRET (dialog, "password_entry", "file_check"))));
  ui_confirm_dialog (dialog);
  contents = ui_read_file (f.path);
  g_assert_nonnull (contents);
  g_assert_null (strstr (contents, PASSWORD));
  g_assert_null (strstr (contents, "password_store"));
  g_assert_nonnull (strstr (contents, USER));

  /* A new run of the app knows no password: Preview asks for it. */
  id = g_strdup (sb_data_source_get_id (ui_broker_window_source (&f, 0)));
  sb_app_secrets_remember (id, NULL);
  ui_activate (f.window, "win.preview-source", id);
  preview = sb_window_get_preview_window (f.window, ui_broker_window_source (&f, 0));
  g_assert_nonnull (preview);
  g_assert_true (sb_test_wait_for (ui_password_dialog_shown_cb, NULL, UI_DEADLINE_MS));
  password_dialog = ui_find_password_dialog ();
  g_assert_null (sb_preview_view_get_session (sb_preview_window_get_view (preview)));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (
                                sb_password_dialog_get_widget (password_dialog, "message_label"))),
                            "needs the password of " USER " at 127.0.0.1"));

  /* Cancel: no connection, and the preview says why. */
  g_signal_emit_by_name (sb_password_dialog_get_widget (password_dialog, "cancel_button"),
                         "clicked");
  {
    UiPreviewWait wait = { .view = sb_preview_window_get_view (preview),
                           .text = "Not connected: no password was given" };
    g_assert_true (sb_test_wait_for (ui_preview_state_is_cb, &wait, UI_DEADLINE_MS));
  }
  g_assert_null (ui_find_password_dialog ());
  g_assert_null (sb_preview_view_get_session (sb_preview_window_get_view (preview)));
  gtk_window_destroy (GTK_WINDOW (preview));
  ui_drain ();

  /* Preview again: asked again, and the password typed connects. */
  ui_activate (f.window, "win.preview-source", id);
  preview = sb_window_get_preview_window (f.window, ui_broker_window_source (&f, 0));
  g_assert_true (sb_test_wait_for (ui_password_dialog_shown_cb, NULL, UI_DEADLINE_MS));
  password_dialog = ui_find_password_dialog ();
  ui_type (GTK_EDITABLE (sb_password_dialog_get_widget (password_dialog, "password_entry")),
           PASSWORD);
  g_signal_emit_by_name (sb_password_dialog_get_widget (password_dialog, "connect_button"),
                         "clicked");
  assert_listens (&f, sb_preview_window_get_view (preview), "sb/k/c", "43");
  gtk_window_destroy (GTK_WINDOW (preview));
  ui_drain ();

  /* Ticked: the file holds the password, as the user asked. */
  dialog = fill_add_dialog (&f, "In the file");
  g_assert_true (sb_test_wait_for (
      ui_widget_visible_cb, DSECRET (dialog, "password_entry", "file_check"), UI_DEADLINE_MS));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (DSECRET (dialog, "password_entry", "file_check")),
                               TRUE);
  ui_confirm_dialog (dialog);
  g_clear_pointer (&contents, g_free);
  contents = ui_read_file (f.path);
  g_assert_nonnull (strstr (contents, PASSWORD));
  g_assert_cmpstr (sb_data_source_get_password (ui_broker_window_source (&f, 1)), ==, PASSWORD);

  /* Editing it again shows that choice ticked, and Save keeps it. */
  ui_activate (f.window, "win.edit-source",
               sb_data_source_get_id (ui_broker_window_source (&f, 1)));
  dialog = sb_window_get_source_dialog (f.window);
  g_assert_nonnull (dialog);
  g_assert_true (sb_test_wait_for (
      ui_widget_visible_cb, DSECRET (dialog, "password_entry", "file_check"), UI_DEADLINE_MS));
  g_assert_true (gtk_check_button_get_active (
      GTK_CHECK_BUTTON (DSECRET (dialog, "password_entry", "file_check"))));
  g_assert_cmpstr (gtk_editable_get_text (DENTRY (dialog, "password_entry")), ==, PASSWORD);
  ui_confirm_dialog (dialog);
  g_assert_cmpstr (sb_data_source_get_password (ui_broker_window_source (&f, 1)), ==, PASSWORD);
  ui_broker_window_tear_down (&f);
}

static void
test_keyring_none (void)
{
  if (g_test_subprocess ())
    {
      no_keyring_child ();
      return;
    }
  g_test_trap_subprocess (NULL, 120 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

int
main (int argc, char **argv)
{
  SbTestKeyring *keyring;
  int status;

  ui_test_init (&argc, &argv);
  keyring = sb_test_keyring_new_unless_subprocess ();
  ui_window_app_init ();

  g_test_add_func ("/ui/keyring/add-edit-listen", test_keyring_add_edit_listen);
  g_test_add_func ("/ui/keyring/migrate-and-listen", test_keyring_migrate_and_listen);
  g_test_add_func ("/ui/keyring/none", test_keyring_none);
  g_test_add_func ("/ui/keyring/other-broker", test_keyring_other_broker);
  g_test_add_func ("/ui/keyring/other-key", test_keyring_other_key);
  status = g_test_run ();
  g_clear_object (&the_app);
  if (keyring != NULL)
    {
      secret_service_disconnect ();
      sb_test_keyring_free (keyring);
    }
  return status;
}
