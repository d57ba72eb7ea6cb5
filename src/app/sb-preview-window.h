/* sb-preview-window.h: the live preview of one saved data source, in its
 * own window (Preview in the main window, and signalboard --listen)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "sb-data-source.h"
#include "sb-mqtt-session.h"

G_BEGIN_DECLS

#define SB_TYPE_PREVIEW_WINDOW (sb_preview_window_get_type ())
G_DECLARE_FINAL_TYPE (SbPreviewWindow, sb_preview_window, SB, PREVIEW_WINDOW, GtkWindow)

/* Starts listening with @source's settings at once, and again whenever
 * they change ("session" is then notified). */
SbPreviewWindow *
sb_preview_window_new (GtkApplication *app, SbDataSource *source);
SbMqttSession *
sb_preview_window_get_session (SbPreviewWindow *self);

G_END_DECLS
