/* sb-window.h: the main window: the data sources of one configuration file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sb-application.h"
#include "sb-config.h"

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

G_END_DECLS
