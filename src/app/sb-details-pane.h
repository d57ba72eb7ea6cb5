/* sb-details-pane.h: the selected topic's latest payload (text, JSON, hex,
 * base64), its metadata, a chart and the history of its last messages
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "sb-sparkplug-state.h"

#include "sb-history.h"
#include "sb-topic-row.h"

G_BEGIN_DECLS

#define SB_TYPE_DETAILS_PANE (sb_details_pane_get_type ())
G_DECLARE_FINAL_TYPE (SbDetailsPane, sb_details_pane, SB, DETAILS_PANE, GtkWidget)

/* Properties: "row" SbTopicRow (NULL shows a hint), "history" SbHistory
 * (the chart and list; when the row has a "history" property of its own,
 * setting the row takes that one), "view" string: "text", "json", "changes"
 * (the latest payload against the previous one), "hex", "base64" or
 * "sparkplug". Actions: details.copy-topic, details.copy-value,
 * details.pin (signal "pin" (SbTopicRow *row): chart the row's values). */
GtkWidget *
sb_details_pane_new (void);
void
sb_details_pane_set_row (SbDetailsPane *self, SbTopicRow *row);
SbTopicRow *
sb_details_pane_get_row (SbDetailsPane *self);
void
sb_details_pane_set_history (SbDetailsPane *self, SbHistory *history);
SbHistory *
sb_details_pane_get_history (SbDetailsPane *self);
void
sb_details_pane_set_view (SbDetailsPane *self, const char *view);
/* The births and deaths the Sparkplug page shows a node's state from (borrowed:
 * the preview model's, which outlives the pane's use of it). */
void
sb_details_pane_set_sparkplug_state (SbDetailsPane *self, SbSparkplugState *state);
const char *
sb_details_pane_get_view (SbDetailsPane *self);

G_END_DECLS
