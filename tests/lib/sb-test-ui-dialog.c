/* sb-test-ui-dialog.c: driving the Add/Edit dialog
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sb-test-ui-dialog.h"

void
ui_confirm_dialog (SbSourceDialog *dialog)
{
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *)&dialog);
  g_assert_true (gtk_widget_get_sensitive (DW (dialog, "confirm_button")));
  g_signal_emit_by_name (DW (dialog, "confirm_button"), "clicked");
  g_assert_true (ui_wait_destroyed ((gpointer *)&dialog));
}

gboolean
ui_text_is_cb (gpointer data)
{
  UiTextWait *wait = data;
  return g_strcmp0 (gtk_editable_get_text (wait->editable), wait->text) == 0;
}

SbPasswordDialog *
ui_find_password_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels (); /* transfer none */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GObject) window = g_list_model_get_item (toplevels, i);
      if (SB_IS_PASSWORD_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return SB_PASSWORD_DIALOG (window);
    }
  return NULL;
}

gboolean
ui_password_dialog_shown_cb (gpointer data)
{
  return ui_find_password_dialog () != NULL;
}

SbSourceDialog *
ui_source_dialog_new (SbConfig *config, SbDataSource *original)
{
  SbSourceDialog *dialog = sb_source_dialog_new (NULL, config, original);

  gtk_window_present (GTK_WINDOW (dialog));
  ui_drain ();
  return dialog;
}

gboolean
ui_dialog_would_add (SbSourceDialog *dialog)
{
  gboolean valid = FALSE;

  g_assert_true (gtk_widget_get_sensitive (DW (dialog, "confirm_button")));
  g_object_get (dialog, "valid", &valid, NULL);
  return valid;
}
