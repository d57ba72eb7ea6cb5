/* sb-chart.h: several topics' numbers in one chart: one line per pinned
 * series over a common time axis, the smallest and largest value on the
 * value axis, and a legend with each series' name, colour and latest value
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "sb-history.h"

G_BEGIN_DECLS

/* The most series one chart holds: more lines stop being readable. */
#define SB_CHART_MAX_SERIES 8

#define SB_TYPE_CHART (sb_chart_get_type ())
G_DECLARE_FINAL_TYPE (SbChart, sb_chart, SB, CHART, GtkWidget)

/* Property "n-series" guint (read-only). The colours are the style's
 * sb_chart_color_1 … sb_chart_color_8 (style.css, style-dark.css). */
GtkWidget *
sb_chart_new (void);
/* Pins @history's numbers (a topic's, or its data-path values) as @name.
 * FALSE, an error and a notice under the legend when @name is pinned
 * already or the chart holds SB_CHART_MAX_SERIES. */
gboolean
sb_chart_add_series (SbChart *self, const char *name, SbHistory *history, GError **error);
/* Unpins @name (the legend's × does the same); FALSE when it is not pinned. */
gboolean
sb_chart_remove_series (SbChart *self, const char *name);
guint
sb_chart_get_n_series (SbChart *self);

G_END_DECLS
