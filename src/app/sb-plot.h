/* sb-plot.h: drawing that the chart and the sparkline share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "sb-history.h"

G_BEGIN_DECLS

/* Where the entry at @index of the history goes on the plot. */
typedef void (*SbPlotPointFunc) (guint index, const SbHistoryEntry *entry, double *x, double *y,
                                 gpointer user_data);

/* Adds @history's line to @cr's path, oldest entry first, each at the point
 * @point_func gives it. An entry without a number breaks the line; a lone
 * point is a zero-length segment, which a round cap strokes as a dot. The
 * caller strokes. */
void
sb_plot_history_path (cairo_t *cr, SbHistory *history, SbPlotPointFunc point_func,
                      gpointer user_data);

G_END_DECLS
