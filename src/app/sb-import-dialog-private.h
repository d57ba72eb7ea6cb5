/* sb-import-dialog-private.h: the import dialog's state, widgets and rows, for tests
 *
 * Not for the app's other files: each is here because tests (and the
 * screenshots and benchmarks) look into or drive the widget through it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sb-import-dialog.h"

G_BEGIN_DECLS

/* For tests: TRUE once the file was read (or failed to be); template widgets
 * by id ("stack", "summary_label", "error_label", "import_button",
 * "cancel_button", "passwords_label", "password_file_check"...); the text a
 * row shows, its labels joined by newlines. */
gboolean
sb_import_dialog_is_loaded (SbImportDialog *self);
GtkWidget *
sb_import_dialog_get_widget (SbImportDialog *self, const char *name);
guint
sb_import_dialog_get_n_rows (SbImportDialog *self);
char *
sb_import_dialog_dup_row_text (SbImportDialog *self, guint position);

G_END_DECLS
