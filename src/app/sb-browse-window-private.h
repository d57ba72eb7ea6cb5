/* sb-browse-window-private.h: the Browse window's filter, $SYS switch,
 * selection and pick line, for tests and benchmarks
 *
 * Not for the app's other files: each is here because tests (and the
 * screenshots and benchmarks) look into or drive the widget through it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sb-browse-window.h"

G_BEGIN_DECLS

/* The line under the tree that says what became of the last pick. */
const char *
sb_browse_window_get_pick_result (SbBrowseWindow *self);

/* The filter as typed in the filter entry (the preview's rule). */
void
sb_browse_window_set_filter (SbBrowseWindow *self, const char *text);
/* Shows "$SYS/..." topics too (reconnects, subscribing to "$SYS/#"). */
void
sb_browse_window_set_include_sys (SbBrowseWindow *self, gboolean include_sys);

/* Selects the row of @topic (expanding the rows above it); FALSE when the
 * tree has no row for it (yet). */
gboolean
sb_browse_window_select_topic (SbBrowseWindow *self, const char *topic);

G_END_DECLS
