/* sb-message-props.h: the MQTT 5 properties of one received message that a
 * person may want to see (content type, user properties, response topic,
 * correlation data, payload format indicator); immutable, reference counted
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef struct _SbMessageProps SbMessageProps;

#define SB_TYPE_MESSAGE_PROPS (sb_message_props_get_type ())
GType
sb_message_props_get_type (void);

/* What a message without a payload format indicator reports. */
#define SB_PAYLOAD_FORMAT_UNSET (-1)

/* @content_type (or NULL) and @user_pairs: name, value, name, value, …,
 * NULL (or NULL for none). NULL when both are empty: a message without
 * properties has no SbMessageProps at all. */
SbMessageProps *
sb_message_props_new (const char *content_type, const char *const *user_pairs);
/* The properties a publisher sets (each may be NULL or 0: not set);
 * @user_pairs is name, value, name, value, … NULL-terminated. NULL when none
 * is set. */
SbMessageProps *
sb_message_props_new_for_publish (const char *content_type, const char *const *user_pairs,
                                  const char *response_topic, GBytes *correlation_data,
                                  guint32 message_expiry);
SbMessageProps *
sb_message_props_ref (SbMessageProps *props);
void
sb_message_props_unref (SbMessageProps *props);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SbMessageProps, sb_message_props_unref)

/* NULL when the message had none. */
const char *
sb_message_props_get_content_type (const SbMessageProps *props);
const char *
sb_message_props_get_response_topic (const SbMessageProps *props);
GBytes *
sb_message_props_get_correlation_data (const SbMessageProps *props);
/* The Message Expiry Interval in seconds (0: not set). */
guint32
sb_message_props_get_message_expiry (const SbMessageProps *props);
/* 0 (bytes) or 1 (UTF-8), SB_PAYLOAD_FORMAT_UNSET when absent. */
int
sb_message_props_get_payload_format (const SbMessageProps *props);
/* User properties in the order the broker sent them; names may repeat. */
guint
sb_message_props_get_n_user_properties (const SbMessageProps *props);
const char *
sb_message_props_get_user_property_name (const SbMessageProps *props, guint index);
const char *
sb_message_props_get_user_property_value (const SbMessageProps *props, guint index);

G_END_DECLS
