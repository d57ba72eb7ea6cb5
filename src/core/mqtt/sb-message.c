/* sb-message.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sb-message.h"

#include <string.h>

struct _SbMessage
{
  gatomicrefcount ref_count;
  /* sb_message_new_take () keeps the payload as data and size, and makes
   * the GBytes at the first sb_message_get_payload (): a listener that never
   * looks at payloads (listen --format none) pays no GBytes (an allocation
   * and its free, 400 instructions a message, callgrind). */
  GBytes *payload; /* set once, atomically */
  gpointer data;   /* owned until payload takes it */
  gsize size;
  SbMessageProps *props;
  gint64 time;
  guint subscription_index;
  guint8 qos;
  gboolean retained;
  char topic[]; /* in the same allocation: a flood costs one allocation per message here */
};

G_DEFINE_BOXED_TYPE (SbMessage, sb_message, sb_message_ref, sb_message_unref)

/* A message with everything but its payload, which the caller sets. */
static SbMessage *
message_alloc (const char *topic, int qos, gboolean retained, guint subscription_index,
               SbMessageProps *props, gint64 time)
{
  gsize topic_len = strlen (topic);
  SbMessage *message = g_malloc (sizeof (SbMessage) + topic_len + 1);

  g_atomic_ref_count_init (&message->ref_count);
  message->props = props != NULL ? sb_message_props_ref (props) : NULL;
  message->time = time;
  message->subscription_index = subscription_index;
  message->qos = (guint8)(qos & 3);
  message->retained = !!retained;
  memcpy (message->topic, topic, topic_len + 1);
  return message;
}

SbMessage *
sb_message_new (const char *topic, GBytes *payload, int qos, gboolean retained,
                guint subscription_index, SbMessageProps *props, gint64 time)
{
  SbMessage *message;

  g_return_val_if_fail (topic != NULL, NULL);
  g_return_val_if_fail (payload != NULL, NULL);

  message = message_alloc (topic, qos, retained, subscription_index, props, time);
  message->payload = g_bytes_ref (payload);
  message->data = NULL;
  message->size = 0;
  return message;
}

SbMessage *
sb_message_new_take (const char *topic, gpointer data, gsize size, int qos, gboolean retained,
                     guint subscription_index, SbMessageProps *props, gint64 time)
{
  SbMessage *message;

  g_return_val_if_fail (topic != NULL, NULL);
  g_return_val_if_fail (data != NULL || size == 0, NULL);

  message = message_alloc (topic, qos, retained, subscription_index, props, time);
  message->payload = NULL;
  message->data = data;
  message->size = size;
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
  if (message->payload != NULL)
    g_bytes_unref (message->payload);
  else
    g_free (message->data);
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
  SbMessage *self = (SbMessage *)message;
  GBytes *payload;

  g_return_val_if_fail (message != NULL, NULL);

  payload = g_atomic_pointer_get (&self->payload);
  if (payload != NULL)
    return payload;
  /* The first call: the GBytes takes the data. */
  payload = g_bytes_new_with_free_func (self->data, self->size, g_free, self->data);
  if (!g_atomic_pointer_compare_and_exchange (&self->payload, NULL, payload))
    {
      gsize size;

      /* Another thread was first: ours gives the data back (a g_free ()
       * GBytes whose user data is its data returns it, not a copy). */
      g_bytes_unref_to_data (payload, &size);
      payload = g_atomic_pointer_get (&self->payload);
    }
  return payload;
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
