/* sb-test-ui-window.c: the main window on a temporary configuration file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sb-test-ui-window.h"
#include "sb-preview-view-private.h"

#include "sb-import-dialog-private.h"
#include "sb-preview-window-private.h"
#include "sb-window-private.h"

SbApplication *the_app;

SbApplication *
ui_app_new (void)
{
  g_autoptr (GError) error = NULL;
  SbApplication *app = sb_application_new ();

  g_application_set_flags (G_APPLICATION (app), g_application_get_flags (G_APPLICATION (app))
                                                    | G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  return app;
}

void
ui_window_app_init (void)
{
  the_app = ui_app_new ();
}

void
ui_window_set_up (UiWindowFixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  f->dir = g_dir_make_tmp ("sb-ui-window-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "sources.json", NULL);
  f->app = g_object_ref (the_app);
  f->window = sb_window_new (f->app);
  g_object_add_weak_pointer (G_OBJECT (f->window), (gpointer *)&f->window);
  gtk_window_present (GTK_WINDOW (f->window));
}

void
ui_window_tear_down (UiWindowFixture *f, gconstpointer data)
{
  if (f->window != NULL)
    gtk_window_destroy (GTK_WINDOW (f->window));
  ui_drain ();
  g_clear_object (&f->app);
  sb_test_remove_tree (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

void
ui_broker_window_set_up (UiBrokerWindowFixture *f, SbTestBroker *broker, guint port)
{
  g_autoptr (GError) error = NULL;

  f->broker = broker;
  f->connected = g_strdup_printf ("Connected to 127.0.0.1:%u", port);
  f->dir = g_dir_make_tmp ("sb-ui-broker-window-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "sources.json", NULL);
  f->window = sb_window_new (the_app);
  g_object_add_weak_pointer (G_OBJECT (f->window), (gpointer *)&f->window);
  gtk_window_present (GTK_WINDOW (f->window));
  sb_window_open_path (f->window, f->path);
  ui_drain ();
}

void
ui_broker_window_tear_down (UiBrokerWindowFixture *f)
{
  if (f->window != NULL)
    gtk_window_destroy (GTK_WINDOW (f->window));
  ui_drain ();
  sb_test_broker_free (f->broker);
  sb_test_remove_tree (f->dir);
  g_free (f->path);
  g_free (f->dir);
  g_free (f->connected);
}

SbDataSource *
ui_broker_window_source (UiBrokerWindowFixture *f, guint position)
{
  return sb_config_get_data_source (sb_window_get_config (f->window), position);
}

gboolean
ui_preview_state_is_cb (gpointer data)
{
  UiPreviewWait *wait = data;

  return g_strcmp0 (sb_preview_view_get_state_text (wait->view), wait->text) == 0;
}

gboolean
ui_preview_value_is_cb (gpointer data)
{
  UiPreviewWait *wait = data;

  for (guint row = 0; row < sb_preview_view_get_n_rows (wait->view); row++)
    {
      g_autofree char *text = sb_preview_view_dup_cell_text (wait->view, row, 1);
      if (g_strcmp0 (text, wait->text) == 0)
        return TRUE;
    }
  return FALSE;
}

void
ui_assert_preview_state (SbPreviewView *view, const char *text)
{
  UiPreviewWait wait = { .view = view, .text = text };

  if (!sb_test_wait_for (ui_preview_state_is_cb, &wait, UI_DEADLINE_MS))
    g_error ("the preview says “%s”, not “%s”", sb_preview_view_get_state_text (view), text);
}

static gboolean
preview_has_rows_cb (gpointer data)
{
  return sb_preview_view_get_n_rows (data) > 0;
}

SbPreviewWindow *
ui_window_preview_with_rows (SbWindow *window, const char *name)
{
  g_autoptr (GError) error = NULL;
  SbPreviewWindow *preview;

  sb_window_listen (window, name, &error);
  g_assert_no_error (error);
  preview = sb_window_get_preview_window (
      window, sb_config_find_by_name (sb_window_get_config (window), name));
  g_assert_nonnull (preview);
  g_assert_true (
      sb_test_wait_for (preview_has_rows_cb, sb_preview_window_get_view (preview), UI_DEADLINE_MS));
  return preview;
}

static gboolean
import_ready_cb (gpointer data)
{
  SbImportDialog *dialog = sb_window_get_import_dialog (data);

  /* The preview lists the connections once the file is read. */
  return dialog != NULL && sb_import_dialog_is_loaded (dialog)
         && sb_import_dialog_get_n_rows (dialog) > 0;
}

GtkWidget *
ui_window_import_sample (SbWindow *window)
{
  g_autofree char *sample = g_test_build_filename (G_TEST_DIST, "tests", "core", "import",
                                                   "samples", "mqttx-export.json", NULL);
  GtkWidget *dialog;

  sb_window_import_file (window, sample);
  g_assert_true (sb_test_wait_for (import_ready_cb, window, UI_DEADLINE_MS));
  dialog = GTK_WIDGET (sb_window_get_import_dialog (window));
  ui_expand_all (dialog);
  ui_drain ();
  return dialog;
}

void
ui_window_open_full_source (UiWindowFixture *f)
{
  g_autoptr (SbConfig) config = sb_config_new ();
  g_autoptr (SbDataSource) source = sb_data_source_new ();
  g_autoptr (SbSubscription) first = sb_subscription_new ("plant/#");
  g_autoptr (SbSubscription) second = sb_subscription_new ("line7/+/state");
  g_autoptr (GError) error = NULL;

  sb_data_source_set_name (source, "Press 4");
  sb_data_source_set_broker (source, "127.0.0.1");
  sb_data_source_set_port (source, (int)sb_test_free_port ());
  sb_data_source_set_username (source, "dashboard");
  sb_data_source_set_tls_enabled (source, TRUE);
  sb_data_source_add_subscription (source, first);
  sb_data_source_add_subscription (source, second);
  sb_config_append (config, source);
  sb_config_save_to_file (config, f->path, &error);
  g_assert_no_error (error);
  g_assert_true (sb_window_open_path (f->window, f->path));
}

/* Every revealer in @data's tree that is mapped and asked to show has shown. */
static gboolean
revealed_cb (gpointer data)
{
  GtkWidget *widget = data;

  if (GTK_IS_REVEALER (widget) && gtk_widget_get_mapped (widget)
      && gtk_revealer_get_reveal_child (GTK_REVEALER (widget))
      && !gtk_revealer_get_child_revealed (GTK_REVEALER (widget)))
    return FALSE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (!revealed_cb (child))
      return FALSE;
  return TRUE;
}

GtkWidget *
ui_window_edit_dialog_every_section (UiWindowFixture *f)
{
  GtkWidget *dialog;

  gtk_widget_activate_action (
      GTK_WIDGET (f->window), "win.edit-source", "s",
      sb_data_source_get_id (sb_config_get_data_source (sb_window_get_config (f->window), 0)));
  ui_drain ();
  dialog = GTK_WIDGET (sb_window_get_source_dialog (f->window));
  g_assert_nonnull (dialog);
  ui_expand_all (dialog);
  g_assert_true (sb_test_wait_for (revealed_cb, dialog, UI_DEADLINE_MS));
  return dialog;
}
