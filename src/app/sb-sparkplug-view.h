/* sb-sparkplug-view.h: a decoded Sparkplug B message as the details pane shows it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "sb-sparkplug-state.h"

G_BEGIN_DECLS

#define SB_TYPE_SPARKPLUG_VIEW (sb_sparkplug_view_get_type ())
G_DECLARE_FINAL_TYPE (SbSparkplugView, sb_sparkplug_view, SB, SPARKPLUG_VIEW, GtkWidget)

/* Metrics shown at most; the rest is counted in a line below them. */
#define SB_SPARKPLUG_VIEW_MAX_ROWS 500

GtkWidget *
sb_sparkplug_view_new (void);
/* Shows @decoded (the JSON of sb_sparkplug_decode (), NULL: none) of a
 * message on @topic: the node's or device's birth and death state from
 * @state (may be NULL), the metrics (name, alias, type, value, time) and
 * the decoder's notes. */
void
sb_sparkplug_view_show (SbSparkplugView *self, const char *topic, const char *decoded,
                        SbSparkplugState *state);

G_END_DECLS
