/* sb-window-import.c: the main window's Import… (MQTT Explorer, MQTTX) and
 * Export… (data sources to a file of their own)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sb-file-chooser.h"
#include "sb-window-private.h"

/* Import */

static void
import_dialog_destroyed_cb (SbWindow *self)
{
  self->import_dialog = NULL;
}

static void
import_confirm_cb (SbImportDialog *dialog, SbWindow *self)
{
  g_autofree char *cert_dir = NULL;
  g_autoptr (GError) error = NULL;

  if (self->config == NULL)
    return;
  /* Inline certificates go beside the configuration, as the CLI puts them. */
  cert_dir = g_path_get_dirname (self->path);
  if (!sb_import_dialog_apply (dialog, self->config, cert_dir, &error)
      || !sb_window_save (self, &error))
    {
      sb_import_dialog_finish (dialog, self->config, error);
      return;
    }
  sb_import_dialog_finish (dialog, self->config, NULL);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

void
sb_window_import_file (SbWindow *self, const char *path)
{
  g_return_if_fail (SB_IS_WINDOW (self));
  g_return_if_fail (path != NULL);

  if (self->config == NULL)
    return;
  if (self->import_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->import_dialog));
  self->import_dialog = sb_import_dialog_new (GTK_WINDOW (self), self->config, path);
  g_signal_connect_object (self->import_dialog, "destroy", G_CALLBACK (import_dialog_destroyed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->import_dialog, "confirm", G_CALLBACK (import_confirm_cb), self, 0);
  gtk_window_present (GTK_WINDOW (self->import_dialog));
}

SbImportDialog *
sb_window_get_import_dialog (SbWindow *self)
{
  g_return_val_if_fail (SB_IS_WINDOW (self), NULL);
  return self->import_dialog;
}

static void
import_chosen (GtkWindow *window, const char *path)
{
  sb_window_import_file (SB_WINDOW (window), path);
}

static void
import_activated (GSimpleAction *action, GVariant *parameter, gpointer data)
{
  SbWindow *self = data;

  sb_file_chooser_run (GTK_WINDOW (self), _ ("Import MQTT Explorer or MQTTX Connections"),
                       GTK_FILE_CHOOSER_ACTION_OPEN, _ ("_Import"), NULL, NULL, import_chosen);
}

static const GActionEntry import_entries[] = {
  { .name = "import", .activate = import_activated },
};

void
sb_window_add_import_actions (SbWindow *self)
{
  g_action_map_add_action_entries (G_ACTION_MAP (self), import_entries,
                                   G_N_ELEMENTS (import_entries), self);
}
