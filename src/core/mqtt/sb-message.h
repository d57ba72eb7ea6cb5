/* sb-message.h: one received MQTT message as a single immutable value
 *
 * The session's "message" signal carries one, the preview model and the CLI
 * take it whole: a new consumer (a decoder, a recorder, a server) gets every
 * field through one parameter. Reference counted; never changes after
 * sb_message_new ().
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "sb-message-props.h"

G_BEGIN_DECLS

typedef struct _SbMessage SbMessage;

#define SB_TYPE_MESSAGE (sb_message_get_type ())
GType
sb_message_get_type (void);

/* @payload is referenced, not copied; @props (NULL: none) is referenced;
 * @subscription_index is the first subscription whose filter matches @topic;
 * @time is when it arrived, g_get_real_time () microseconds. */
SbMessage *
sb_message_new (const char *topic, GBytes *payload, int qos, gboolean retained,
                guint subscription_index, SbMessageProps *props, gint64 time);
/* The same with the payload as @data (taken: g_free () frees it; NULL
 * when @size is 0) and @size; its GBytes is made at the first
 * sb_message_get_payload (), so that a listener that never looks at
 * payloads pays for none. */
SbMessage *
sb_message_new_take (const char *topic, gpointer data, gsize size, int qos, gboolean retained,
                     guint subscription_index, SbMessageProps *props, gint64 time);
SbMessage *
sb_message_ref (SbMessage *message);
void
sb_message_unref (SbMessage *message);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SbMessage, sb_message_unref)

const char *
sb_message_get_topic (const SbMessage *message);
/* Never NULL (an empty payload is an empty GBytes); borrowed; the same
 * GBytes at every call (thread-safe). */
GBytes *
sb_message_get_payload (const SbMessage *message);
int
sb_message_get_qos (const SbMessage *message);
gboolean
sb_message_get_retained (const SbMessage *message);
guint
sb_message_get_subscription_index (const SbMessage *message);
/* The MQTT 5 properties (content type, user properties, …), borrowed;
 * NULL when it had none (always with MQTT 3.1.1). */
SbMessageProps *
sb_message_get_properties (const SbMessage *message);
gint64
sb_message_get_time (const SbMessage *message);

G_END_DECLS
