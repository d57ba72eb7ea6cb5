/* sb-window-import.c: the main window's Import… (MQTT Explorer, MQTTX) and
 * Export… (data sources to a file of their own)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sb-file-chooser.h"
#include "sb-import.h"
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
  g_autofree char *text = NULL;
  g_autoptr (GError) error = NULL;
  guint n_before;

  if (self->config == NULL)
    return;
  n_before = sb_config_get_n_data_sources (self->config);
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
  n_before = sb_config_get_n_data_sources (self->config) - n_before;
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u data source imported",
                                       "%u data sources imported", n_before),
                          n_before);
  sb_window_show_notice (self, text);
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

/* Export */

gboolean
sb_window_export (SbWindow *self, const char *const *names, const char *path, GError **error)
{
  g_autoptr (SbConfig) selection = NULL;

  g_return_val_if_fail (SB_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (names != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (self->config == NULL)
    {
      g_set_error (error, SB_CONFIG_ERROR, SB_CONFIG_ERROR_INVALID,
                   _ ("%s could not be loaded, so nothing can be exported from it"), self->path);
      return FALSE;
    }
  /* As signalboard-cli export writes it: the same format, passwords stored
   * in the file copied (the file is written with mode 0600), a keyring
   * password left in the keyring under the same id. */
  selection = sb_export_select (self->config, names, error);
  if (selection == NULL || !sb_config_save_to_file (selection, path, error))
    return FALSE;
  {
    g_autofree char *basename = g_path_get_basename (path);
    guint n = sb_config_get_n_data_sources (selection);
    g_autofree char *text
        = n == 1 ? g_strdup_printf (_ ("“%s” exported to %s"), names[0], basename)
                 : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u data source exported to %s",
                                                 "%u data sources exported to %s", n),
                                    n, basename);
    sb_window_show_notice (self, text);
  }
  return TRUE;
}

static void
export_chosen (GtkWindow *window, const char *path)
{
  SbWindow *self = SB_WINDOW (window);
  g_autofree char *id = g_steal_pointer (&self->export_id);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) names = g_ptr_array_new ();

  if (self->config == NULL)
    return;
  /* No id: Export All… */
  for (guint i = 0; i < sb_config_get_n_data_sources (self->config); i++)
    {
      SbDataSource *source = sb_config_get_data_source (self->config, i);
      if (id == NULL || g_strcmp0 (sb_data_source_get_id (source), id) == 0)
        g_ptr_array_add (names, (gpointer)sb_data_source_get_name (source));
    }
  if (names->len == 0)
    return;
  g_ptr_array_add (names, NULL);
  if (!sb_window_export (self, (const char *const *)names->pdata, path, &error))
    {
      g_autofree char *basename = g_path_get_basename (path);
      g_autofree char *primary = g_strdup_printf (_ ("Could not export to “%s”"), basename);

      sb_window_show_error (self, primary, error->message);
    }
}

static void
export_source_activated (GSimpleAction *action, GVariant *parameter, gpointer data)
{
  SbWindow *self = data;
  const char *id = g_variant_get_string (parameter, NULL);
  SbDataSource *source = self->config != NULL ? sb_config_find_by_id (self->config, id) : NULL;
  g_autofree char *name = NULL;

  if (source == NULL)
    return;
  g_free (self->export_id);
  self->export_id = g_strdup (id);
  name = g_strdup_printf ("%s.json", sb_data_source_get_name (source));
  g_strdelimit (name, "/", '-');
  sb_file_chooser_run (GTK_WINDOW (self), _ ("Export Data Source"), GTK_FILE_CHOOSER_ACTION_SAVE,
                       _ ("_Export"), self->path, name, export_chosen);
}

static void
export_all_activated (GSimpleAction *action, GVariant *parameter, gpointer data)
{
  SbWindow *self = data;

  if (self->config == NULL || sb_config_get_n_data_sources (self->config) == 0)
    {
      sb_window_show_notice (self, _ ("There are no data sources to export"));
      return;
    }
  g_clear_pointer (&self->export_id, g_free);
  sb_file_chooser_run (GTK_WINDOW (self), _ ("Export All Data Sources"),
                       GTK_FILE_CHOOSER_ACTION_SAVE, _ ("_Export"), self->path,
                       "exported-data-sources.json", export_chosen);
}

static const GActionEntry import_entries[] = {
  { .name = "export-all", .activate = export_all_activated },
  { .name = "import", .activate = import_activated },
  { .name = "export-source", .activate = export_source_activated, .parameter_type = "s" },
};

void
sb_window_add_import_actions (SbWindow *self)
{
  g_action_map_add_action_entries (G_ACTION_MAP (self), import_entries,
                                   G_N_ELEMENTS (import_entries), self);
}
