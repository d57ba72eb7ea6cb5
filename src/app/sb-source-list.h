/* sb-source-list.h: the main window's list of data sources: one SbSourceRow
 * per source of a list model, each showing the state of its listener
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "sb-data-source.h"
#include "sb-mqtt-session.h"
#include "sb-source-row.h"

G_BEGIN_DECLS

#define SB_TYPE_SOURCE_LIST (sb_source_list_get_type ())
G_DECLARE_FINAL_TYPE (SbSourceList, sb_source_list, SB, SOURCE_LIST, GtkWidget)

/* "sources": the GListModel of SbDataSource shown (NULL: none);
 * "source-activated" (SbDataSource *): a row was activated (Enter, click). */
GtkWidget *
sb_source_list_new (void);
void
sb_source_list_set_sources (SbSourceList *self, GListModel *sources);
GListModel *
sb_source_list_get_sources (SbSourceList *self);

/* The row of @source shows @session's state (NULL: no listener). */
void
sb_source_list_set_session (SbSourceList *self, SbDataSource *source, SbMqttSession *session);

SbSourceRow *
sb_source_list_get_row (SbSourceList *self, guint position);

G_END_DECLS
