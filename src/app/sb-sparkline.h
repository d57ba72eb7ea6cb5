/* sb-sparkline.h: a history's numbers drawn as a line: small in a preview
 * row, larger with min/max labels in the details pane
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "sb-history.h"

G_BEGIN_DECLS

#define SB_TYPE_SPARKLINE (sb_sparkline_get_type ())
G_DECLARE_FINAL_TYPE (SbSparkline, sb_sparkline, SB, SPARKLINE, GtkWidget)

/* Properties: "history" SbHistory (may be NULL: draws nothing),
 * "show-labels" boolean (the largest and smallest value beside the chart). */
GtkWidget *
sb_sparkline_new (void);
void
sb_sparkline_set_history (SbSparkline *self, SbHistory *history);
void
sb_sparkline_set_show_labels (SbSparkline *self, gboolean show_labels);

/* How a value reads on the chart's labels and in the history list. */
char *
sb_sparkline_format_value (double value);

G_END_DECLS
