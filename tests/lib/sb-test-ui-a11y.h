/* sb-test-ui-a11y.h: the accessibility walk of test-ui-a11y: every control a user
 * can reach has an accessible name, and no name says the same thing twice (run under
 * GTK_A11Y=test; see sb-test-ui-a11y.c for how the name is computed)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

/* Fails the test naming every control of @window without a name or with a
 * doubled one; returns how many controls it checked. */
guint
a11y_assert_window_named (GtkWidget *window);
