/* sb-browse-window.h: the Browse view: a data source's broker as a topic tree
 * (its own connection, subscribed to "#"), with counts, retained marks, the
 * latest value, and deleting the retained messages under a node
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "sb-browser.h"

G_BEGIN_DECLS

#define SB_TYPE_BROWSE_WINDOW (sb_browse_window_get_type ())
G_DECLARE_FINAL_TYPE (SbBrowseWindow, sb_browse_window, SB, BROWSE_WINDOW, GtkWindow)

/* Starts browsing @source's broker (a snapshot of its settings). */
SbBrowseWindow *
sb_browse_window_new (GtkApplication *app, SbDataSource *source);

SbBrowser *
sb_browse_window_get_browser (SbBrowseWindow *self);

G_END_DECLS
