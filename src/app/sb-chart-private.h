/* sb-chart-private.h: what the chart shows (legend, notice, time labels, colours), for tests
 *
 * Not for the app's other files: each is here because tests (and the
 * screenshots and benchmarks) look into or drive the widget through it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sb-chart.h"

G_BEGIN_DECLS

/* What the legend shows for series @index: "name  value" (value "—" when
 * the series has no number yet). */
char *
sb_chart_dup_legend_text (SbChart *self, guint index);
/* The notice under the legend ("" when none). */
const char *
sb_chart_get_notice (SbChart *self);
/* The labels of the time axis as the chart shows them at its width, left to
 * right (round local times, "12:04:30", or the two ends of a span shorter
 * than two seconds); empty when nothing is drawn. */
char **
sb_chart_dup_time_labels (SbChart *self);
/* The colour series @index is drawn in (the style's, or a built-in one). */
void
sb_chart_get_series_color (SbChart *self, guint index, GdkRGBA *color);

G_END_DECLS
