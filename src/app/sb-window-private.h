/* sb-window-private.h: the main window's dialogs, rows, toast, widgets and file checks, for tests
 *
 * Not for the app's other files: each is here because tests (and the
 * screenshots and benchmarks) look into or drive the widget through it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sb-import-dialog.h"
#include "sb-preview-window.h"
#include "sb-source-dialog.h"
#include "sb-source-row.h"
#include "sb-window.h"

G_BEGIN_DECLS

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
/* TRUE while the toast shown may still be sliding in (libadwaita 1.2 must not
 * dismiss it itself then: see sb_window_let_toast_go ()). */
gboolean
sb_window_get_toast_arriving (SbWindow *self);
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
