/* sb-topic-row-private.h: how SbPreviewModel feeds its rows (not for views)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sb-message.h"
#include "sb-sparkplug-state.h"
#include "sb-topic-row.h"

G_BEGIN_DECLS

/* The payload bytes a row keeps for display; "payload-size" stays exact. */
/* Payload bytes a row keeps for display by default (SbPreviewModel:payload-limit,
 * the GSettings key "payload-display-limit") and at most. */
#define SB_TOPIC_ROW_MAX_KEPT_PAYLOAD (64 * 1024)
#define SB_TOPIC_ROW_KEPT_PAYLOAD_CEILING (16 * 1024 * 1024)

SbTopicRow *
sb_topic_row_new (const char *topic);
/* Records one message without notifying (O(1) for payloads up to @keep_limit
 * bytes, the most it keeps); returns TRUE when the row was clean before, i.e.
 * needs to be queued. */
gboolean
sb_topic_row_update (SbTopicRow *self, SbMessage *message, gsize keep_limit);
/* Emits the notifications of every property that changed since the last
 * call, inside one freeze/thaw. */
void
sb_topic_row_emit_changes (SbTopicRow *self);
/* After sb_topic_row_update: applies @path (NULL: none) to @message's
 * payload (the whole payload, not the kept prefix) for
 * "value-text"/"value-error" and records the message in the history. On a
 * Sparkplug B topic, with @sparkplug (the session's state; NULL: not
 * decoded), the payload is decoded first ("sparkplug") and the path applies
 * to the decoded JSON; without a path the value is "N metrics". */
void
sb_topic_row_record_value (SbTopicRow *self, SbMessage *message, SbDataPath *path,
                           SbSparkplugState *sparkplug);
/* The capacity of the row's history, now or when it is made (1..SB_HISTORY_MAX_CAPACITY). */
void
sb_topic_row_set_history_capacity (SbTopicRow *self, guint capacity);

G_END_DECLS
