/* sb-preview-view.h: the live preview of one MQTT session: its connection
 * state line and a sortable table of topics (used by the dialog and the
 * preview window)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "sb-mqtt-session.h"
#include "sb-preview-model.h"
#include "sb-topic-table.h"

G_BEGIN_DECLS

#define SB_TYPE_PREVIEW_VIEW (sb_preview_view_get_type ())
G_DECLARE_FINAL_TYPE (SbPreviewView, sb_preview_view, SB, PREVIEW_VIEW, GtkWidget)

GtkWidget *
sb_preview_view_new (void);

/* Shows @session's state and messages; a new session starts an empty table.
 * NULL shows "Listener off". */
void
sb_preview_view_set_session (SbPreviewView *self, SbMqttSession *session);
SbMqttSession *
sb_preview_view_get_session (SbPreviewView *self);
SbPreviewModel *
sb_preview_view_get_model (SbPreviewView *self);

/* Shows @text as the state line instead of the session's (e.g. why the
 * listener cannot start); NULL goes back to the session's state. */
void
sb_preview_view_set_message (SbPreviewView *self, const char *text);

/* What the user reads, for tests and status rows. */
const char *
sb_preview_view_get_state_text (SbPreviewView *self);
GtkColumnView *
sb_preview_view_get_column_view (SbPreviewView *self);

/* "paused" (the table holds still), "show-details" (the details
 * pane of the selected row beside the table), the Ctrl+F filter (an MQTT
 * wildcard filter such as shopfloor/+/, or a substring), and the actions
 * preview.pause, preview.clear, preview.publish, preview.delete-retained. */
void
sb_preview_view_set_paused (SbPreviewView *self, gboolean paused);
gboolean
sb_preview_view_get_paused (SbPreviewView *self);
void
sb_preview_view_set_show_details (SbPreviewView *self, gboolean show_details);

/* The state line for a session (shared with the main window's rows). */
char *
sb_session_describe (SbMqttSession *session);

G_END_DECLS
