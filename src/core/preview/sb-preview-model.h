/* sb-preview-model.h: a GListModel of SbTopicRow, one row per topic, with
 * coalesced updates so that a flood costs one update per frame, not one per message
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sb-mqtt-session.h"
#include "sb-topic-row.h"

G_BEGIN_DECLS

/* sb-sparkplug-state.h, declared here for the areas above preview. */
typedef struct _SbSparkplugState SbSparkplugState;

#define SB_TYPE_PREVIEW_MODEL (sb_preview_model_get_type ())
G_DECLARE_FINAL_TYPE (SbPreviewModel, sb_preview_model, SB, PREVIEW_MODEL, GObject)

SbPreviewModel *
sb_preview_model_new (void);

/* Feeds the model from @session's "message" signal (NULL detaches). */
void
sb_preview_model_set_session (SbPreviewModel *self, SbMqttSession *session);

/* Records one message in the row of its topic (its MQTT 5 properties
 * become the row's "message-properties"); borrowed. */
void
sb_preview_model_push (SbPreviewModel *self, SbMessage *message);
/* Emits the pending coalesced updates now, every new row at once (tests,
 * shutdown, the CLI's table). The model's own timed flushes announce
 * thousands of new rows in slices of a few hundred, one frame apart, so
 * that a view never builds them all in one frame. */
void
sb_preview_model_flush (SbPreviewModel *self);
/* O(1); borrowed reference or NULL. */
/* Paced: new rows reach the list one slice per sb_preview_model_frame_done ()
 * (a view calls it after each frame it paints), or after 250 ms without one;
 * sb_preview_model_flush () still announces everything. Off by default. */
void
sb_preview_model_set_paced (SbPreviewModel *self, gboolean paced);
void
sb_preview_model_frame_done (SbPreviewModel *self);

SbTopicRow *
sb_preview_model_lookup (SbPreviewModel *self, const char *topic);
void
sb_preview_model_clear (SbPreviewModel *self);
/* Messages received since creation or the last clear. */
guint64
sb_preview_model_get_message_count (SbPreviewModel *self);

/* Property "history-size": how many messages each row's history keeps
 * (default SB_HISTORY_DEFAULT_CAPACITY, the GSettings key "history-size");
 * changing it resizes every row's history. */
guint
sb_preview_model_get_history_size (SbPreviewModel *self);
void
sb_preview_model_set_history_size (SbPreviewModel *self, guint history_size);
/* Property "payload-limit": how many payload bytes each row keeps for display
 * (default 64 KiB, at most 16 MiB; the GSettings key "payload-display-limit");
 * longer payloads are cut, their full size still known. Data paths and the
 * history see the whole payload. Applies to messages pushed from now on. */
guint
sb_preview_model_get_payload_limit (SbPreviewModel *self);
void
sb_preview_model_set_payload_limit (SbPreviewModel *self, guint payload_limit);
/* The data path of subscription @subscription_index (NULL or "" for none),
 * applied to the messages pushed from now on. Setting the session takes
 * them from its data source's subscriptions; an expression that does not
 * compile counts as none (the dialog and validate report it). */
void
sb_preview_model_set_data_path (SbPreviewModel *self, guint subscription_index,
                                const char *expression);

/* The births, aliases and deaths of Sparkplug B edge nodes this preview has
 * seen (borrowed), for views of a node's state. */
SbSparkplugState *
sb_preview_model_get_sparkplug_state (SbPreviewModel *self);

/* Property "topic-limit": rows kept at most (default SB_TOPIC_LIMIT_DEFAULT,
 * 200,000; the GSettings key "topic-row-limit"). Messages on further new
 * topics are counted (message-count), their topics too ("topics-not-shown",
 * following the coalesced updates), but no row is made. */
guint
sb_preview_model_get_topic_limit (SbPreviewModel *self);
void
sb_preview_model_set_topic_limit (SbPreviewModel *self, guint topic_limit);
guint
sb_preview_model_get_topics_not_shown (SbPreviewModel *self);
/* "1,234 topics not shown: limit 200,000", or NULL when none were refused. */
char *
sb_preview_model_describe_topics_not_shown (SbPreviewModel *self);

G_END_DECLS
