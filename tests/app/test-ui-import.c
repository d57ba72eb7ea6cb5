/* test-ui-import.c: Import… in the main window: the preview of an MQTTX export
 * and of MQTT Explorer's settings.json (tests/core/import/samples), a name that
 * is taken, Cancel, passwords without a keyring, a file that is not either
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include <libsecret/secret.h>

#include "sb-secrets.h"
#include "sb-test-keyring.h"
#include "sb-test-ui-window.h"
#include "sb-source-row-private.h"
#include "sb-import-dialog-private.h"
#include "sb-window-private.h"

#define IW(dialog, name) sb_import_dialog_get_widget ((dialog), (name))

static char *
sample (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "tests", "core", "import", "samples", name, NULL);
}

static void
write_config (UiWindowFixture *f, const char *const *names)
{
  g_autoptr (SbConfig) config = sb_config_new ();
  g_autoptr (GError) error = NULL;

  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autoptr (SbDataSource) source = sb_data_source_new ();
      g_autoptr (SbSubscription) subscription = sb_subscription_new ("plant/#");

      sb_data_source_set_name (source, names[i]);
      sb_data_source_set_broker (source, "127.0.0.1");
      sb_data_source_add_subscription (source, subscription);
      sb_config_append (config, source);
    }
  g_assert_true (sb_config_save_to_file (config, f->path, &error));
  g_assert_no_error (error);
}

static SbConfig *
load_disk (UiWindowFixture *f)
{
  g_autoptr (GError) error = NULL;
  SbConfig *config = sb_config_load_from_file (f->path, &error);

  g_assert_no_error (error);
  return config;
}

static guint
n_rows (UiWindowFixture *f)
{
  guint n = 0;
  while (sb_window_get_row (f->window, n) != NULL)
    n++;
  return n;
}

static gboolean
loaded_cb (gpointer data)
{
  return sb_import_dialog_is_loaded (data);
}

static gboolean
sensitive_cb (gpointer data)
{
  return gtk_widget_get_sensitive (data);
}

/* Import… with @file as if chosen in the file chooser; waits until it is read. */
static SbImportDialog *
open_import (UiWindowFixture *f, const char *file)
{
  SbImportDialog *dialog;

  sb_window_import_file (f->window, file);
  dialog = sb_window_get_import_dialog (f->window);
  g_assert_nonnull (dialog);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog)));
  g_assert_true (sb_test_wait_for (loaded_cb, dialog, UI_DEADLINE_MS));
  ui_drain ();
  return dialog;
}

static const char *
label_text (SbImportDialog *dialog, const char *name)
{
  return gtk_label_get_label (GTK_LABEL (IW (dialog, name)));
}

static void
assert_row (SbImportDialog *dialog, guint position, const char *const *expected)
{
  g_autofree char *text = sb_import_dialog_dup_row_text (dialog, position);

  g_test_message ("row %u: %s", position, text);
  for (guint i = 0; expected[i] != NULL; i++)
    if (strstr (text, expected[i]) == NULL)
      g_error ("row %u lacks “%s”:\n%s", position, expected[i], text);
}

#define ROW(dialog, position, ...)                                                                 \
  assert_row ((dialog), (position), (const char *const[]){ __VA_ARGS__, NULL })

static void
test_import_mqttx (UiWindowFixture *f, gconstpointer data)
{
  g_autofree char *file = sample ("mqttx-export.json");
  g_autoptr (SbConfig) disk = NULL;
  SbImportDialog *dialog;
  SbDataSource *source;

  /* "Old broker" is taken in the open file. */
  write_config (f, (const char *const[]){ "Old broker", NULL });
  g_assert_true (sb_window_open_path (f->window, f->path));
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (f->window), "import"));

  dialog = open_import (f, file);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *)&dialog);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (IW (dialog, "stack"))), ==,
                   "preview");
  g_assert_cmpstr (label_text (dialog, "summary_label"), ==,
                   "“mqttx-export.json” (MQTTX export): 5 of 5 connections will be added.");
  g_assert_cmpuint (sb_import_dialog_get_n_rows (dialog), ==, 5);
  ROW (dialog, 0, "Line 1", "Will be added", "line1.plant.example:1883, 4 subscriptions",
       "subscription “line1/muted” is disabled there: left out");
  ROW (dialog, 1, "TLS line", "tls.plant.example:8884, TLS, 1 subscription",
       "certificate verification is off");
  ROW (dialog, 2, "Old broker (2)",
       "the configuration already has a data source named “Old broker”: renamed “Old broker "
       "(2)”",
       "10.0.0.7:1883");
  ROW (dialog, 3, "WS dashboard", "Will be added",
       "wss://ws.plant.example:8084/mqtt, 1 subscription");
  ROW (dialog, 4, "Line 1 (2)", "another connection in the file is named “Line 1”");
  /* Nothing is added before Import. */
  g_assert_cmpuint (n_rows (f), ==, 1);
  /* SB_SCREENSHOT_DIR=docs/screenshots renders the preview for the docs. */
  if (g_getenv ("SB_SCREENSHOT_DIR") != NULL)
    {
      g_assert_true (sb_test_wait_for (sensitive_cb, IW (dialog, "import_button"), UI_DEADLINE_MS));
      ui_shoot (GTK_WIDGET (dialog), g_getenv ("SB_SCREENSHOT_DIR"), "import-dialog");
    }

  /* No keyring answers here: the password is left out unless the user ticks the box. */
  g_assert_true (sb_test_wait_for (sensitive_cb, IW (dialog, "import_button"), UI_DEADLINE_MS));
  g_assert_true (gtk_widget_get_visible (IW (dialog, "passwords_label")));
  g_assert_cmpstr (label_text (dialog, "passwords_label"), ==,
                   "No keyring answers: 1 password is left out and asked for when connecting, "
                   "unless stored in the file.");
  g_assert_true (gtk_widget_get_visible (IW (dialog, "password_file_check")));
  g_assert_false (
      gtk_check_button_get_active (GTK_CHECK_BUTTON (IW (dialog, "password_file_check"))));

  g_signal_emit_by_name (IW (dialog, "import_button"), "clicked");
  g_assert_true (ui_wait_destroyed ((gpointer *)&dialog));

  /* The main list shows them, and the file holds them. */
  g_assert_cmpuint (n_rows (f), ==, 6);
  g_assert_cmpstr (adw_toast_get_title (sb_window_get_toast (f->window)), ==,
                   "5 data sources imported");
  g_assert_cmpstr (sb_source_row_get_name_text (sb_window_get_row (f->window, 1)), ==, "Line 1");
  g_assert_cmpstr (sb_source_row_get_name_text (sb_window_get_row (f->window, 3)), ==,
                   "Old broker (2)");
  g_assert_cmpstr (sb_source_row_get_address_text (sb_window_get_row (f->window, 3)), ==,
                   "10.0.0.7:1883");
  disk = load_disk (f);
  g_assert_cmpuint (sb_config_get_n_data_sources (disk), ==, 6);
  g_assert_nonnull (sb_config_find_by_name (disk, "Old broker"));
  g_assert_nonnull (sb_config_find_by_name (disk, "Old broker (2)"));
  g_assert_nonnull (sb_config_find_by_name (disk, "TLS line"));
  g_assert_nonnull (sb_config_find_by_name (disk, "Line 1 (2)"));
  g_assert_nonnull (sb_config_find_by_name (disk, "WS dashboard"));
  source = sb_config_find_by_name (disk, "Line 1");
  g_assert_cmpuint (sb_data_source_get_n_subscriptions (source), ==, 4);
  g_assert_cmpstr (sb_data_source_get_username (source), ==, "line1");
  g_assert_cmpstr (sb_data_source_get_password (source), ==, "");
  {
    g_autofree char *text = ui_read_file (f->path);
    g_assert_null (strstr (text, "l1-secret"));
  }
}

static void
test_import_mqtt_explorer_cancel (UiWindowFixture *f, gconstpointer data)
{
  g_autofree char *file = sample ("mqtt-explorer-settings.json");
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *cert = NULL;
  g_autoptr (SbConfig) disk = NULL;
  SbImportDialog *dialog;

  write_config (f, (const char *const[]){ "Existing", NULL });
  g_assert_true (sb_window_open_path (f->window, f->path));
  before = ui_read_file (f->path);

  dialog = open_import (f, file);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *)&dialog);
  g_assert_cmpstr (label_text (dialog, "summary_label"), ==,
                   "“mqtt-explorer-settings.json” (MQTT Explorer settings): 4 of 4 connections "
                   "will be added.");
  g_assert_cmpuint (sb_import_dialog_get_n_rows (dialog), ==, 4);
  ROW (dialog, 0, "Shopfloor", "broker.plant.example:1883, 6 subscriptions");
  ROW (dialog, 1, "Secure plant", "secure.plant.example:8883, TLS");
  ROW (dialog, 2, "Browser gateway", "ws://gw.plant.example:9001/mqtt, 1 subscription");
  ROW (dialog, 3, "Sandbox", "the field “mysteryField” is not known to Signalboard: left out",
       "no subscriptions: subscribed to “#”");

  /* Cancel adds nothing: not to the list, not to the file, no certificate. */
  g_signal_emit_by_name (IW (dialog, "cancel_button"), "clicked");
  g_assert_true (ui_wait_destroyed ((gpointer *)&dialog));
  g_assert_cmpuint (n_rows (f), ==, 1);
  after = ui_read_file (f->path);
  g_assert_cmpstr (before, ==, after);
  cert = g_build_filename (f->dir, "Secure-plant-cert.pem", NULL);
  g_assert_false (g_file_test (cert, G_FILE_TEST_EXISTS));

  /* Again, storing the passwords in the file this time (the explicit choice). */
  dialog = open_import (f, file);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *)&dialog);
  g_assert_true (sb_test_wait_for (sensitive_cb, IW (dialog, "import_button"), UI_DEADLINE_MS));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (IW (dialog, "password_file_check")), TRUE);
  g_signal_emit_by_name (IW (dialog, "import_button"), "clicked");
  g_assert_true (ui_wait_destroyed ((gpointer *)&dialog));
  g_assert_cmpuint (n_rows (f), ==, 5);
  disk = load_disk (f);
  g_assert_cmpuint (sb_config_get_n_data_sources (disk), ==, 5);
  g_assert_cmpstr (sb_data_source_get_password (sb_config_find_by_name (disk, "Shopfloor")), !=,
                   "");
  /* The inline certificate was written beside the configuration, mode 0600. */
  g_assert_true (g_file_test (cert, G_FILE_TEST_EXISTS));
  {
    GStatBuf st;
    g_assert_cmpint (g_stat (cert, &st), ==, 0);
    g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  }
}

static void
check_bad_file (UiWindowFixture *f, const char *contents, const char *expected)
{
  g_autofree char *file = g_build_filename (f->dir, "bad.json", NULL);
  g_autoptr (GError) error = NULL;
  SbImportDialog *dialog;
  const char *shown;

  g_file_set_contents (file, contents, -1, &error);
  g_assert_no_error (error);
  dialog = open_import (f, file);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (IW (dialog, "stack"))), ==,
                   "error");
  g_assert_cmpstr (label_text (dialog, "error_title"), ==, "Cannot import “bad.json”");
  shown = label_text (dialog, "error_label");
  g_test_message ("shown: %s", shown);
  g_assert_true (g_str_has_prefix (shown, file));
  g_assert_nonnull (strstr (shown, expected));
  g_assert_false (gtk_widget_get_sensitive (IW (dialog, "import_button")));
  if (g_getenv ("SB_SCREENSHOT_DIR") != NULL)
    ui_shoot (GTK_WIDGET (dialog), g_getenv ("SB_SCREENSHOT_DIR"), "import-dialog-error");
  gtk_window_destroy (GTK_WINDOW (dialog));
  ui_drain ();
  g_assert_null (sb_window_get_import_dialog (f->window));
}

static void
test_import_bad_file (UiWindowFixture *f, gconstpointer data)
{
  g_autofree char *missing = g_build_filename (f->dir, "missing.json", NULL);

  g_assert_true (sb_window_open_path (f->window, f->path));
  check_bad_file (f, "{ \"ConnectionManager_connections\": oops", "bad.json:1:36: unknown word");
  check_bad_file (f, "{ \"theme\": \"dark\" }", "it has no “ConnectionManager_connections”");
  g_assert_cmpuint (n_rows (f), ==, 0);
  g_assert_false (g_file_test (f->path, G_FILE_TEST_EXISTS));

  /* A file that went away between the chooser and the read. */
  {
    SbImportDialog *dialog = open_import (f, missing);
    g_assert_nonnull (strstr (label_text (dialog, "error_label"), "no such file"));
  }
}

static void
test_import_menu (UiWindowFixture *f, gconstpointer data)
{
  g_auto (GStrv) accels
      = gtk_application_get_accels_for_action (GTK_APPLICATION (f->app), "win.import");
  GMenuModel *menu = gtk_menu_button_get_menu_model (
      GTK_MENU_BUTTON (sb_window_get_widget (f->window, "menu_button")));
  gboolean found = FALSE;

  g_assert_cmpstr (accels[0], ==, "<Control>i");
  for (int s = 0; s < g_menu_model_get_n_items (menu); s++)
    {
      GMenuModel *section = g_menu_model_get_item_link (menu, s, G_MENU_LINK_SECTION);
      for (int i = 0; section != NULL && i < g_menu_model_get_n_items (section); i++)
        {
          g_autofree char *action = NULL;
          g_menu_model_get_item_attribute (section, i, G_MENU_ATTRIBUTE_ACTION, "s", &action);
          found |= g_strcmp0 (action, "win.import") == 0;
        }
      g_clear_object (&section);
    }
  g_assert_true (found);

  /* A file that does not load cannot take an import. */
  g_assert_true (g_file_set_contents (f->path, "{ oops", -1, NULL));
  g_assert_false (sb_window_open_path (f->window, f->path));
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (f->window), "import"));
}

typedef struct
{
  SbDataSource *source;
  char *password;
} LookupWait;

static gboolean
stored_cb (gpointer data)
{
  LookupWait *wait = data;

  g_clear_pointer (&wait->password, g_free);
  wait->password = sb_secrets_lookup (wait->source, NULL, NULL);
  return wait->password != NULL;
}

/* With a Secret Service: the password goes to the keyring, never into the file. */
static void
test_import_keyring (UiWindowFixture *f, gconstpointer data)
{
  g_autofree char *file = sample ("mqttx-export.json");
  g_autofree char *text = NULL;
  g_autoptr (SbConfig) disk = NULL;
  LookupWait wait = { NULL };
  SbImportDialog *dialog;

  g_assert_true (sb_window_open_path (f->window, f->path));
  dialog = open_import (f, file);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *)&dialog);
  g_assert_true (sb_test_wait_for (sensitive_cb, IW (dialog, "import_button"), UI_DEADLINE_MS));
  g_assert_cmpstr (label_text (dialog, "passwords_label"), ==,
                   "1 password goes to the keyring, not into the file.");
  g_assert_false (gtk_widget_get_visible (IW (dialog, "password_file_check")));
  g_signal_emit_by_name (IW (dialog, "import_button"), "clicked");
  g_assert_true (ui_wait_destroyed ((gpointer *)&dialog));

  disk = load_disk (f);
  /* The sample's four connections and its WebSocket one, which imports now. */
  g_assert_cmpuint (sb_config_get_n_data_sources (disk), ==, 5);
  wait.source = sb_config_find_by_name (disk, "Line 1");
  g_assert_cmpint (sb_data_source_get_password_store (wait.source), ==, SB_PASSWORD_STORE_KEYRING);
  g_assert_cmpstr (sb_data_source_get_password (wait.source), ==, "");
  text = ui_read_file (f->path);
  g_assert_null (strstr (text, "l1-secret"));
  /* Stored in the background once saved; the keyring then holds it under the source's id. */
  g_assert_true (sb_test_wait_for (stored_cb, &wait, UI_DEADLINE_MS));
  g_assert_cmpstr (wait.password, ==, "l1-secret-2");
  g_free (wait.password);
}

int
main (int argc, char **argv)
{
  int status;

  /* meson runs this twice: with a real keyring (--with-keyring, started
   * before the app touches the bus), and with no Secret Service at all, where
   * passwords are left out or stored in the file by choice. */
  g_autoptr (SbTestKeyring) keyring = NULL;
  gboolean with_keyring = argc > 1 && g_strcmp0 (argv[argc - 1], "--with-keyring") == 0;

  if (with_keyring)
    argv[--argc] = NULL;
  if (!with_keyring)
    g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/sb-no-bus", TRUE);
  ui_test_init (&argc, &argv);
  if (with_keyring)
    keyring = sb_test_keyring_new ();
  ui_window_app_init ();

#define ADD(path, func)                                                                            \
  g_test_add (path, UiWindowFixture, NULL, ui_window_set_up, func, ui_window_tear_down)
  if (with_keyring)
    ADD ("/ui/import/keyring", test_import_keyring);
  else
    {
      ADD ("/ui/import/mqttx", test_import_mqttx);
      ADD ("/ui/import/mqtt-explorer-cancel", test_import_mqtt_explorer_cancel);
      ADD ("/ui/import/bad-file", test_import_bad_file);
      ADD ("/ui/import/menu", test_import_menu);
    }
#undef ADD
  status = g_test_run ();
  g_clear_object (&the_app);
  if (keyring != NULL)
    secret_service_disconnect ();
  return status;
}
