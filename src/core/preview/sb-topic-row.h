/* sb-topic-row.h: one topic of the preview: its latest value and counters
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "sb-history.h"
#include "sb-message-props.h"

G_BEGIN_DECLS

#define SB_TYPE_TOPIC_ROW (sb_topic_row_get_type ())
G_DECLARE_FINAL_TYPE (SbTopicRow, sb_topic_row, SB, TOPIC_ROW, GObject)

/* Properties (read-only, notified once per coalesced update):
 *  "topic" string, "payload" GBytes, "display-text" string (computed lazily),
 *  "is-binary" boolean, "qos" int, "retained" boolean, "count" guint64,
 *  "first-time" / "last-time" gint64 (g_get_real_time () microseconds),
 *  "subscription-index" guint,
 *  "payload-size" guint64 (exact size of the latest payload; "payload" keeps
 *  at most the first 64 KiB of a larger one),
 *  "history" SbHistory (the last messages, its capacity the model's
 *  "history-size"; the same object for the row's life: it emits "changed"
 *  per message, before the row's coalesced notifications. Made on the
 *  second message or when first asked for, holding the first message with
 *  as much of its payload as the row kept),
 *  "value-text" string: the subscription's data-path value of the latest
 *  payload as one line (NULL without a data path, or when it failed),
 *  "value-error" string: why the data path gave no value ("The payload is
 *  not JSON", "The data path $.x matches nothing in this payload"; NULL
 *  when it gave one or there is no data path),
 *  "message-properties" SbMessageProps: the MQTT 5 properties of the latest
 *  message (content type, user properties, …); NULL when it had none,
 *  "sparkplug" string: on a Sparkplug B topic, the latest payload decoded
 *  (JSON, sb-sparkplug-decode.h); NULL elsewhere and when it is not
 *  Sparkplug B ("value-error" says why),
 *  "previous-payload" GBytes: the message before the latest, kept with the
 *  same bound as "payload" (NULL until a second message); its full size is
 *  sb_topic_row_get_previous_payload_size (). */
const char *
sb_topic_row_get_topic (SbTopicRow *self);
GBytes *
sb_topic_row_get_payload (SbTopicRow *self);
const char *
sb_topic_row_get_display_text (SbTopicRow *self);
gboolean
sb_topic_row_get_is_binary (SbTopicRow *self);
int
sb_topic_row_get_qos (SbTopicRow *self);
gboolean
sb_topic_row_get_retained (SbTopicRow *self);
guint64
sb_topic_row_get_count (SbTopicRow *self);
gint64
sb_topic_row_get_first_time (SbTopicRow *self);
gint64
sb_topic_row_get_last_time (SbTopicRow *self);
guint
sb_topic_row_get_subscription_index (SbTopicRow *self);
guint64
sb_topic_row_get_payload_size (SbTopicRow *self);
SbHistory *
sb_topic_row_get_history (SbTopicRow *self);
const char *
sb_topic_row_get_value_text (SbTopicRow *self);
const char *
sb_topic_row_get_value_error (SbTopicRow *self);
SbMessageProps *
sb_topic_row_get_message_properties (SbTopicRow *self);
const char *
sb_topic_row_get_sparkplug (SbTopicRow *self);
GBytes *
sb_topic_row_get_previous_payload (SbTopicRow *self);
guint64
sb_topic_row_get_previous_payload_size (SbTopicRow *self);

/* The number of characters "display-text" is cut to. */
#define SB_TOPIC_ROW_DISPLAY_CHARS 200

G_END_DECLS
