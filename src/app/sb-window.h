/* sb-window.h: the main window: the data sources of one configuration file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sb-application.h"
#include "sb-config.h"
#include "sb-import-dialog.h"
#include "sb-preview-window.h"
#include "sb-source-dialog.h"
#include "sb-source-row.h"

G_BEGIN_DECLS

#define SB_TYPE_WINDOW (sb_window_get_type ())
G_DECLARE_FINAL_TYPE (SbWindow, sb_window, SB, WINDOW, AdwApplicationWindow)

SbWindow *
sb_window_new (SbApplication *app);

/* Shows the data sources of @path; a missing file is an empty configuration
 * that is created on the first change. A file that does not load is shown
 * as an error and never written; returns FALSE then. */
gboolean
sb_window_open_path (SbWindow *self, const char *path);
const char *
sb_window_get_path (SbWindow *self);
/* NULL while the file failed to load. */
SbConfig *
sb_window_get_config (SbWindow *self);

/* Opens the live preview of the data source named @name. */
gboolean
sb_window_listen (SbWindow *self, const char *name, GError **error);
/* A modal message over the window; returns it (GTK owns it). */
GtkWindow *
sb_window_show_error (SbWindow *self, const char *primary, const char *secondary);

/* Import…: the preview of what @path (MQTT Explorer's settings.json or an
 * MQTTX export) would add; the file chooser calls it, and so can a test. */
void
sb_window_import_file (SbWindow *self, const char *path);

/* Export…: writes the data sources named @names to @path as
 * signalboard-cli export does (a file that signalboard FILE opens). */
gboolean
sb_window_export (SbWindow *self, const char *const *names, const char *path, GError **error);

/* For tests: the open Add/Edit dialog, the preview window of a source, the
 * toast shown (Undo after a delete, a notice) or NULL, the row at
 * @position, and template widgets by id ("stack", "error_label",
 * "window_title", "change_bar", ...). */
SbSourceDialog *
sb_window_get_source_dialog (SbWindow *self);
SbImportDialog *
sb_window_get_import_dialog (SbWindow *self);
SbPreviewWindow *
sb_window_get_preview_window (SbWindow *self, SbDataSource *source);
AdwToast *
sb_window_get_toast (SbWindow *self);
SbSourceRow *
sb_window_get_row (SbWindow *self, guint position);
GtkWidget *
sb_window_get_widget (SbWindow *self, const char *name);
/* TRUE while another program's change of the file waits for Reload or Keep
 * My Version; how often the file was compared with what we wrote. */
gboolean
sb_window_get_change_pending (SbWindow *self);
guint
sb_window_get_n_file_checks (SbWindow *self);

G_END_DECLS
