/* sb-import-dialog.h: Import…: a preview of the connections an MQTT Explorer
 * settings.json or an MQTTX export would add, before anything is added
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "sb-config.h"

G_BEGIN_DECLS

#define SB_TYPE_IMPORT_DIALOG (sb_import_dialog_get_type ())
G_DECLARE_FINAL_TYPE (SbImportDialog, sb_import_dialog, SB, IMPORT_DIALOG, GtkWindow)

/* Reads @input_path (format told by its shape) in a worker thread and shows
 * what it would add to @config: names already in @config are renamed
 * ("NAME (2)"), and the rows say so. @config is not changed.
 * SbImportDialog::confirm (no arguments) is emitted on Import. */
SbImportDialog *
sb_import_dialog_new (GtkWindow *parent, SbConfig *config, const char *input_path);

/* On confirm: appends the importable data sources to @config (certificates
 * given inline written into @cert_dir), with each password where the dialog
 * said. Then the caller saves and calls sb_import_dialog_finish() with the
 * outcome: on success the passwords go to the keyring (when one answers);
 * on failure the data sources added are removed again and @error is shown
 * in the dialog. */
gboolean
sb_import_dialog_apply (SbImportDialog *self, SbConfig *config, const char *cert_dir,
                        GError **error);
void
sb_import_dialog_finish (SbImportDialog *self, SbConfig *config, const GError *error);

G_END_DECLS
