/* sb-file-chooser.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sb-file-chooser.h"

static GtkFileFilter *
json_filter (void)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _ ("JSON files"));
  gtk_file_filter_add_mime_type (filter, "application/json");
  gtk_file_filter_add_suffix (filter, "json");
  return filter;
}

static void
response_cb (GtkNativeDialog *chooser, int response, GtkWindow *parent)
{
  SbFileChosen done = g_object_get_data (G_OBJECT (chooser), "sb-done");

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;

      if (path != NULL)
        done (parent, path);
    }
  gtk_native_dialog_destroy (chooser);
  /* Both were kept alive for the time the chooser was up. */
  g_object_unref (chooser);
  g_object_unref (parent);
}

void
sb_file_chooser_run (GtkWindow *parent, const char *title, GtkFileChooserAction action,
                     const char *accept_label, const char *near_path, const char *current_name,
                     SbFileChosen done)
{
  GtkFileChooserNative *chooser;
  g_autoptr (GtkFileFilter) filter = json_filter ();
  g_autoptr (GtkFileFilter) all = gtk_file_filter_new ();

  g_return_if_fail (GTK_IS_WINDOW (parent));
  g_return_if_fail (done != NULL);

  chooser = gtk_file_chooser_native_new (title, parent, action, accept_label, _ ("_Cancel"));
  gtk_file_filter_set_name (all, _ ("All files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), all);
  gtk_file_chooser_set_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  if (near_path != NULL)
    {
      g_autofree char *dir = g_path_get_dirname (near_path);
      g_autoptr (GFile) folder = g_file_new_for_path (dir);

      if (g_file_test (dir, G_FILE_TEST_IS_DIR))
        gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), folder, NULL);
    }
  if (current_name != NULL)
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), current_name);

  g_object_set_data (G_OBJECT (chooser), "sb-done", done);
  g_signal_connect (chooser, "response", G_CALLBACK (response_cb), g_object_ref (parent));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}
