/* sb-message-json.h: one message as the JSON object that `signalboard-cli
 * listen --format jsonl` prints and `signalboard-cli serve` sends, written in
 * one place so that the two cannot drift
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "sb-data-path.h"
#include "sb-json-write.h" /* sb_json_append_string (), in util for the areas below */
#include "sb-message.h"

G_BEGIN_DECLS

/* sb-sparkplug-state.h; declared here so areas above preview need not see the sparkplug area. */
typedef struct _SbSparkplugState SbSparkplugState;

/* Appends @text as a JSON string, made valid UTF-8 first if it is not. */
void
sb_json_append_text (GString *out, const char *text);
/* Appends "2026-11-25T16:20:00.123Z" (quoted) for @real_time (µs since the epoch, UTC). */
void
sb_json_append_time (GString *out, gint64 real_time);

/* Appends ,"payload":"…" (or ,"payload_base64":"…" when the payload is not
 * text) and, with a data path, ,"value":… (or ,"value":null,"value_error":"…"):
 * the keys of a message's content, shared by the jsonl object and the values
 * that serve lists. */
void
sb_message_json_append_content (GString *out, GBytes *payload, SbDataPath *path);

/* Appends ,"content_type":"…",… and ,"user_properties":[["name","value"],…],
 * each only when @props (may be NULL) has it. */
void
sb_message_json_append_properties (GString *out, SbMessageProps *props);

/* Appends the whole jsonl object (no newline):
 * {"time":…,"source":…,"topic":…,"qos":…,"retained":…, the content keys,
 * the properties}; "time" is when @message arrived. @source_json is the
 * source's name already written as a JSON string (sb_json_append_string),
 * as it is the same for every message; @path (NULL: none) the data path of
 * the message's subscription. */
void
sb_message_json_append (GString *out, const char *source_json, SbMessage *message,
                        SbDataPath *path);

/* The same, decoding a message on a Sparkplug B topic with @sparkplug (the
 * session's births and aliases): after "value"/"value_error" (the data path
 * applies to the decoded JSON) comes "sparkplug":{…} (sb-sparkplug-decode.h),
 * or "sparkplug":null,"sparkplug_error":"…" when the payload is not
 * Sparkplug B; "payload_base64" stays, before them. */
void
sb_message_json_append_sparkplug (GString *out, const char *source_json, SbMessage *message,
                                  SbDataPath *path, SbSparkplugState *sparkplug);

G_END_DECLS
