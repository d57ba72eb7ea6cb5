/* sb-file-chooser.h: Open / Save As / New File through GtkFileChooserNative
 * with a JSON filter (GTK 4.8 has no GtkFileDialog)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Called with the chosen local path; not called on Cancel. */
typedef void (*SbFileChosen) (GtkWindow *parent, const char *path);

/* Shows a modal chooser over @parent, starting in the folder of
 * @near_path (if any), with @current_name typed in for SAVE. */
void
sb_file_chooser_run (GtkWindow *parent, const char *title, GtkFileChooserAction action,
                     const char *accept_label, const char *near_path, const char *current_name,
                     SbFileChosen done);

G_END_DECLS
