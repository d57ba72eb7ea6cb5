/* test-ui-dialog-warnings.c: the dialog warns, in place and without a popup,
 * when a password would cross the network unencrypted and when TLS does not
 * check the broker's certificate (issue 8)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sb-source-dialog-private.h"
#include "sb-test-ui.h"

#define W(dialog, name) sb_source_dialog_get_widget ((dialog), (name))
#define ENTRY(dialog, name) GTK_EDITABLE (W ((dialog), (name)))

static gboolean
shown (SbSourceDialog *dialog, const char *name)
{
  return gtk_widget_get_mapped (W (dialog, name));
}

static void
set_switch (SbSourceDialog *dialog, const char *name, gboolean active)
{
  gtk_switch_set_active (GTK_SWITCH (W (dialog, name)), active);
  ui_drain ();
}

static void
test_warnings_plain_password (void)
{
  SbSourceDialog *dialog = sb_source_dialog_new (NULL, NULL, NULL);
  const char *text;

  gtk_window_present (GTK_WINDOW (dialog));
  ui_drain ();
  ui_type (ENTRY (dialog, "name_entry"), "Plant");
  ui_type (ENTRY (dialog, "broker_entry"), "broker.example.com");
  ui_type (
      sb_subscription_editor_get_topic_entry (sb_source_dialog_get_subscription_editor (dialog, 0)),
      "plant/#");
  g_assert_false (shown (dialog, "password_warning"));

  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (W (dialog, "auth_expander")), TRUE);
  ui_type (ENTRY (dialog, "username_entry"), "panel");
  g_assert_false (shown (dialog, "password_warning"));
  ui_type (ENTRY (dialog, "password_entry"), "s3cret");
  g_assert_true (shown (dialog, "password_warning"));
  text = gtk_label_get_label (GTK_LABEL (W (dialog, "password_warning_label")));
  g_assert_nonnull (strstr (text, "unencrypted"));
  g_assert_nonnull (strstr (text, "broker.example.com"));
  g_assert_true (gtk_widget_has_css_class (W (dialog, "password_warning_label"), "warning"));
  /* A warning, not an error: the user may mean it. */
  g_assert_true (gtk_widget_get_sensitive (W (dialog, "confirm_button")));

  /* This computer is not the network. */
  ui_type (ENTRY (dialog, "broker_entry"), "localhost");
  g_assert_false (shown (dialog, "password_warning"));
  ui_type (ENTRY (dialog, "broker_entry"), "127.8.9.10");
  g_assert_false (shown (dialog, "password_warning"));
  ui_type (ENTRY (dialog, "broker_entry"), "::1");
  g_assert_false (shown (dialog, "password_warning"));
  ui_type (ENTRY (dialog, "broker_entry"), "192.168.1.10");
  g_assert_true (shown (dialog, "password_warning"));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (W (dialog, "password_warning_label"))),
                            "192.168.1.10"));

  /* With SB_SCREENSHOT_DIR set, a picture of it (not a check). */
  if (g_getenv ("SB_SCREENSHOT_DIR") != NULL)
    ui_shoot (GTK_WIDGET (dialog), g_getenv ("SB_SCREENSHOT_DIR"), "dialog-warning-password");

  /* TLS encrypts it. */
  set_switch (dialog, "tls_check", TRUE);
  g_assert_false (shown (dialog, "password_warning"));
  set_switch (dialog, "tls_check", FALSE);
  g_assert_true (shown (dialog, "password_warning"));

  /* No password, nothing to leak. */
  ui_type (ENTRY (dialog, "password_entry"), "");
  g_assert_false (shown (dialog, "password_warning"));
  g_assert_false (shown (dialog, "security_warnings"));
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
test_warnings_unverified (void)
{
  g_autoptr (SbDataSource) original = sb_data_source_new ();
  g_autoptr (SbSubscription) sub = sb_subscription_new ("plant/#");
  SbSourceDialog *dialog;
  const char *text;

  sb_data_source_set_name (original, "Plant");
  sb_data_source_set_broker (original, "broker.example.com");
  sb_data_source_set_tls_enabled (original, TRUE);
  sb_data_source_set_tls_verify (original, FALSE);
  sb_data_source_add_subscription (original, sub);

  /* Opened as saved: the warning is there at once. */
  dialog = sb_source_dialog_new (NULL, NULL, original);
  gtk_window_present (GTK_WINDOW (dialog));
  ui_drain ();
  g_assert_true (shown (dialog, "verify_warning"));
  text = gtk_label_get_label (GTK_LABEL (W (dialog, "verify_warning_label")));
  g_assert_nonnull (strstr (text, "Certificates are not checked"));
  g_assert_nonnull (strstr (text, "impersonate the broker"));
  g_assert_false (shown (dialog, "password_warning"));
  g_assert_true (gtk_widget_get_sensitive (W (dialog, "confirm_button")));

  set_switch (dialog, "verify_check", TRUE);
  g_assert_false (shown (dialog, "verify_warning"));
  g_assert_false (shown (dialog, "security_warnings"));
  set_switch (dialog, "verify_check", FALSE);
  g_assert_true (shown (dialog, "verify_warning"));
  /* Without TLS there is no certificate to check (nor to skip). */
  set_switch (dialog, "tls_check", FALSE);
  g_assert_false (shown (dialog, "verify_warning"));
  gtk_window_destroy (GTK_WINDOW (dialog));
}

int
main (int argc, char **argv)
{
  ui_test_init (&argc, &argv);

  g_test_add_func ("/ui/dialog-warnings/plain-password", test_warnings_plain_password);
  g_test_add_func ("/ui/dialog-warnings/unverified", test_warnings_unverified);
  return g_test_run ();
}
