/* sb-source-row.h: one data source in the main window's list: name,
 * broker:port, subscription count, live connection state and its actions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "sb-data-source.h"
#include "sb-mqtt-session.h"

G_BEGIN_DECLS

#define SB_TYPE_SOURCE_ROW (sb_source_row_get_type ())
G_DECLARE_FINAL_TYPE (SbSourceRow, sb_source_row, SB, SOURCE_ROW, GtkListBoxRow)

/* The row's buttons activate win.preview-source, win.edit-source,
 * win.duplicate-source and win.delete-source with the source's id. */
GtkWidget *
sb_source_row_new (SbDataSource *source);
SbDataSource *
sb_source_row_get_source (SbSourceRow *self);

/* The running listener of this source, or NULL (the row then shows no state). */
void
sb_source_row_set_session (SbSourceRow *self, SbMqttSession *session);

G_END_DECLS
