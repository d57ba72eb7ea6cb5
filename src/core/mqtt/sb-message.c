/* sb-message.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sb-message.h"

#include <string.h>

struct _SbMessage
{
  gatomicrefcount ref_count;
  GBytes *payload;
  SbMessageProps *props;
  gint64 time;
  guint subscription_index;
  guint8 qos;
  gboolean retained;
  char topic[]; /* in the same allocation: a flood costs one allocation per message here */
};

G_DEFINE_BOXED_TYPE (SbMessage, sb_message, sb_message_ref, sb_message_unref)

SbMessage *
sb_message_new (const char *topic, GBytes *payload, int qos, gboolean retained,
                guint subscription_index, SbMessageProps *props, gint64 time)
{
  SbMessage *message;
  gsize topic_len;

  g_return_val_if_fail (topic != NULL, NULL);
  g_return_val_if_fail (payload != NULL, NULL);

  topic_len = strlen (topic);
  message = g_malloc (sizeof (SbMessage) + topic_len + 1);
  g_atomic_ref_count_init (&message->ref_count);
  message->payload = g_bytes_ref (payload);
  message->props = props != NULL ? sb_message_props_ref (props) : NULL;
  message->time = time;
  message->subscription_index = subscription_index;
  message->qos = (guint8)(qos & 3);
  message->retained = !!retained;
  memcpy (message->topic, topic, topic_len + 1);
  return message;
}

SbMessage *
sb_message_ref (SbMessage *message)
{
  g_return_val_if_fail (message != NULL, NULL);

  g_atomic_ref_count_inc (&message->ref_count);
  return message;
}

void
sb_message_unref (SbMessage *message)
{
  g_return_if_fail (message != NULL);

  if (!g_atomic_ref_count_dec (&message->ref_count))
    return;
  g_bytes_unref (message->payload);
  g_clear_pointer (&message->props, sb_message_props_unref);
  g_free (message);
}

const char *
sb_message_get_topic (const SbMessage *message)
{
  g_return_val_if_fail (message != NULL, NULL);
  return message->topic;
}

GBytes *
sb_message_get_payload (const SbMessage *message)
{
  g_return_val_if_fail (message != NULL, NULL);
  return message->payload;
}

int
sb_message_get_qos (const SbMessage *message)
{
  g_return_val_if_fail (message != NULL, 0);
  return message->qos;
}

gboolean
sb_message_get_retained (const SbMessage *message)
{
  g_return_val_if_fail (message != NULL, FALSE);
  return message->retained;
}

guint
sb_message_get_subscription_index (const SbMessage *message)
{
  g_return_val_if_fail (message != NULL, 0);
  return message->subscription_index;
}

SbMessageProps *
sb_message_get_properties (const SbMessage *message)
{
  g_return_val_if_fail (message != NULL, NULL);
  return message->props;
}

gint64
sb_message_get_time (const SbMessage *message)
{
  g_return_val_if_fail (message != NULL, 0);
  return message->time;
}
