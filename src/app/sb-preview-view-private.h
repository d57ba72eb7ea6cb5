/* sb-preview-view-private.h: the preview's cells, rows, selection, filter and child widgets, for
 * tests and benchmarks
 *
 * Not for the app's other files: each is here because tests (and the
 * screenshots and benchmarks) look into or drive the widget through it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sb-chart.h"
#include "sb-details-pane.h"
#include "sb-preview-view.h"

G_BEGIN_DECLS

/* The text of the cell at (@row, @column) in display (sorted) order, or NULL. */
char *
sb_preview_view_dup_cell_text (SbPreviewView *self, guint row, guint column);
guint
sb_preview_view_get_n_rows (SbPreviewView *self);

/* As typed into the Ctrl+F filter entry. */
void
sb_preview_view_set_filter (SbPreviewView *self, const char *text);
/* Selects the row of @topic among those shown (none when it is not shown). */
void
sb_preview_view_select_topic (SbPreviewView *self, const char *topic);
SbDetailsPane *
sb_preview_view_get_details_pane (SbPreviewView *self);
/* The chart of the topics pinned from the details pane (hidden while empty). */
SbChart *
sb_preview_view_get_chart (SbPreviewView *self);

G_END_DECLS
