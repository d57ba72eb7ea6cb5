/* sb-source-dialog.h: the Add / Edit data source dialog, with inline
 * validation and the live preview of the settings as they are typed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sb-config.h"
#include "sb-data-source.h"
#include "sb-preview-view.h"

G_BEGIN_DECLS

#define SB_TYPE_SOURCE_DIALOG (sb_source_dialog_get_type ())
G_DECLARE_FINAL_TYPE (SbSourceDialog, sb_source_dialog, SB, SOURCE_DIALOG, GtkWindow)

/* Edits a copy of @original ("Edit data source"), or a new data source when
 * @original is NULL ("Add data source"). @config, if given, is only read, to
 * refuse a name that another data source already has.
 *
 * Signal "confirm" (SbDataSource *edited): the user confirmed valid
 * settings; the handler stores them and destroys the dialog (or calls
 * sb_source_dialog_show_error). Cancel and Escape destroy it unchanged. */
SbSourceDialog *
sb_source_dialog_new (GtkWindow *parent, SbConfig *config, SbDataSource *original);

SbDataSource *
sb_source_dialog_get_original (SbSourceDialog *self);
/* Shows a problem that has no field (e.g. the file could not be written). */
void
sb_source_dialog_show_error (SbSourceDialog *self, const char *message);

G_END_DECLS
