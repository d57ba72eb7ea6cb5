/* sb-recorder.h: messages recorded to a file as they arrive
 *
 * JSON Lines (exactly the objects `signalboard-cli listen --format jsonl`
 * prints) or CSV (RFC 4180: header
 * time,source,topic,qos,retained,payload,payload_base64,value,value_error, one
 * of the two payload columns filled). Written as it goes: what was added is
 * handed to the kernel at least once a second (and whenever 256 KiB are
 * waiting), in whole lines, so a recording survives the program being killed
 * up to the last flush.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sb-data-path.h"
#include "sb-message.h"

G_BEGIN_DECLS

typedef enum
{
  SB_RECORD_FORMAT_JSONL,
  SB_RECORD_FORMAT_CSV,
} SbRecordFormat;

#define SB_TYPE_RECORD_FORMAT (sb_record_format_get_type ())
GType
sb_record_format_get_type (void);

/* CSV for a name ending in ".csv", JSON Lines otherwise. */
SbRecordFormat
sb_record_format_for_path (const char *path);

#define SB_TYPE_RECORDER (sb_recorder_get_type ())
G_DECLARE_FINAL_TYPE (SbRecorder, sb_recorder, SB, RECORDER, GObject)

/* Creates (or empties) @path and starts recording into it (the CSV header is
 * written at once). NULL and an error naming the file when it cannot. */
SbRecorder *
sb_recorder_new (const char *path, SbRecordFormat format, GError **error);

/* Records @message of the data source @source_name; @data_path (NULL: none)
 * gives the value columns. Nothing happens after a write failed or stop. */
void
sb_recorder_add (SbRecorder *self, const char *source_name, SbMessage *message,
                 SbDataPath *data_path);

/* Hands what is waiting to the kernel now. */
gboolean
sb_recorder_flush (SbRecorder *self, GError **error);
/* Flushes and closes the file; "recording" becomes FALSE. */
void
sb_recorder_stop (SbRecorder *self);

const char *
sb_recorder_get_path (SbRecorder *self);
SbRecordFormat
sb_recorder_get_format (SbRecorder *self);
/* Messages recorded (waiting ones included). */
guint64
sb_recorder_get_count (SbRecorder *self);
/* Bytes of the file (waiting ones included). */
guint64
sb_recorder_get_size (SbRecorder *self);
/* Messages in the file for certain: up to the last flush. */
guint64
sb_recorder_get_flushed_count (SbRecorder *self);
gboolean
sb_recorder_get_recording (SbRecorder *self);
/* Why recording stopped on its own ("Cannot write to FILE: No space left on
 * device"), or NULL. */
const char *
sb_recorder_get_error (SbRecorder *self);

G_END_DECLS
