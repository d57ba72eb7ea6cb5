/* sb-browse-window.h: the Browse view: a data source's broker as a topic tree
 * (its own connection, subscribed to "#", optionally "$SYS/#"), with counts,
 * retained marks, the latest value, the preview's filter, deleting the
 * retained messages under a node, and (for the Add/Edit dialog) picking a
 * node as a subscription
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "sb-browser.h"

G_BEGIN_DECLS

#define SB_TYPE_BROWSE_WINDOW (sb_browse_window_get_type ())
G_DECLARE_FINAL_TYPE (SbBrowseWindow, sb_browse_window, SB, BROWSE_WINDOW, GtkWindow)

/* Starts browsing @source's broker (a snapshot of its settings), with its
 * password from the file, this run's memory or the keyring, or asked for
 * (sb_app_secrets_resolve_async ()) when none holds it. */
SbBrowseWindow *
sb_browse_window_new (GtkApplication *app, SbDataSource *source);

/* The Browse window of the saved data source @source: the one already open,
 * or a new one; presented. */
SbBrowseWindow *
sb_browse_window_present_for (GtkApplication *app, SbDataSource *source);

/* A Browse window to pick subscriptions from, transient for @parent (the
 * Add/Edit dialog), on the settings @source holds now (saved or not). Its
 * pick buttons emit "pick" (const char *filter): the node's topic, "node/#"
 * or "node/+"; the caller says what became of it with
 * sb_browse_window_set_pick_result (). */
SbBrowseWindow *
sb_browse_window_new_for_pick (GtkWindow *parent, SbDataSource *source);
void
sb_browse_window_set_pick_result (SbBrowseWindow *self, const char *text);

/* The running browser (NULL while the password is looked up or was not
 * given); "browser" is notified when it changes ($SYS switched). */
SbBrowser *
sb_browse_window_get_browser (SbBrowseWindow *self);

G_END_DECLS
