/* sb-accessible.h: what GTK 4.8 leaves unnamed or names twice for a screen
 * reader, put right in one place
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Once per process (the application's startup): every button with a
 * mnemonic gets a single name once shown, a drop-down's button the
 * drop-down's label. */
void
sb_accessible_init (void);

/* Names @view and the list inside it, which takes the focus, @label. */
void
sb_accessible_label_column_view (GtkColumnView *view, const char *label);

/* Names what libadwaita 1.2 leaves unnamed in @window: the version button
 * and the lists of its sections. */
void
sb_accessible_label_about_window (GtkWindow *window);

/* Names the icon-only search button of a shortcuts window. */
void
sb_accessible_label_shortcuts_window (GtkShortcutsWindow *window);

G_END_DECLS
