/* sb-test-ui.h: what the UI tests share: waiting for what a user would see
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>
#include <gtk/gtk.h>

#include "sb-test-broker.h"

/* Generous: a loaded CI machine under ASan is slow; a pass takes milliseconds. */
#define UI_DEADLINE_MS 10000

void
ui_test_init (int *argc, char ***argv);

/* Lets pending layout, signals and idles run (not a wait for a condition). */
void
ui_drain (void);

/* Activates the action @action (with the string @id as its parameter, or none) on
 * @widget, as a click does, and lets its effects run. */
void
ui_activate (gpointer widget, const char *action, const char *id);

/* For sb_test_wait_for (): the widget @data is visible. */
gboolean
ui_widget_visible_cb (gpointer data);

/* For sb_test_wait_for (): the GtkLabel @data is visible and says something. */
gboolean
ui_label_visible_cb (gpointer data);

/* Waits until *@location (a weak pointer) is NULL: the window was destroyed. */
gboolean
ui_wait_destroyed (gpointer *location);

/* Types @text into @editable, as a person would (it emits "changed"). */
void
ui_type (GtkEditable *editable, const char *text);

/* The text a GtkLabel, or a GtkInscription (the preview's cells), shows; NULL
 * for other widgets. */
const char *
ui_widget_text (GtkWidget *widget);

/* A mapped label or inscription with exactly @text under @widget, or NULL. */
GtkWidget *
ui_find_label (GtkWidget *widget, const char *text);

/* The whole file, or NULL when it cannot be read. */
char *
ui_read_file (const char *path);

/* For sb_test_wait_for (): the monotonic time has reached *(gint64 *)@data. */
gboolean
ui_true_after_cb (gpointer data);

/* Lets a window lay out and draw a few frames (animations, revealers): for
 * screenshots, not for tests, which wait for a condition instead. */
void
ui_settle (guint ms);

/* Renders @window with GTK's own snapshot into @dir/@name.png, or
 * @dir/@name-dark.png with SB_SCREENSHOT_STYLE=dark (tools/screenshots
 * --style dark: the program renders in libadwaita's dark style). */
void
ui_shoot (GtkWidget *window, const char *dir, const char *name);

/* Opens every expander and expander row in @widget's tree, so that a walk
 * over it sees what is in them. */
void
ui_expand_all (GtkWidget *widget);
