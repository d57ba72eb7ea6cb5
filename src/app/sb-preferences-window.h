/* sb-preferences-window.h: Preferences: the style (follow the system, light,
 * dark) and the live preview's limits, each a GSettings key bound both ways
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define SB_TYPE_PREFERENCES_WINDOW (sb_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (SbPreferencesWindow, sb_preferences_window, SB, PREFERENCES_WINDOW,
                      AdwPreferencesWindow)

/* @settings NULL (no schema installed): every row is shown, insensitive. */
GtkWindow *
sb_preferences_window_new (GtkWindow *parent, GSettings *settings);

G_END_DECLS
