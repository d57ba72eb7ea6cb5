/* sb-record-bar.h: recording a session's messages to a file, and the bar
 * that says so while it runs (file, messages, size) or why it stopped
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "sb-mqtt-session.h"
#include "sb-recorder.h"

G_BEGIN_DECLS

#define SB_TYPE_RECORD_BAR (sb_record_bar_get_type ())
G_DECLARE_FINAL_TYPE (SbRecordBar, sb_record_bar, SB, RECORD_BAR, GtkWidget)

/* Properties: "session" SbMqttSession (the messages recorded; a new one
 * carries the recording on), "recording" boolean (read-only). The bar is
 * visible while recording and after a recording failed (with the reason
 * and a Dismiss button); stopping (or disposing) flushes and closes the
 * file. */
GtkWidget *
sb_record_bar_new (void);
void
sb_record_bar_set_session (SbRecordBar *self, SbMqttSession *session);
/* Starts recording into @path (created or emptied) in @format; FALSE and
 * an error naming the file when it cannot (the bar shows it too). */
gboolean
sb_record_bar_start (SbRecordBar *self, const char *path, SbRecordFormat format, GError **error);
void
sb_record_bar_stop (SbRecordBar *self);
gboolean
sb_record_bar_get_recording (SbRecordBar *self);

G_END_DECLS
