/* sb-message-props.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sb-message-props-private.h"

#include <mqtt_protocol.h>
#include <stdlib.h>

struct _SbMessageProps
{
  gatomicrefcount ref_count;
  char *content_type;
  char *response_topic;
  GBytes *correlation_data;
  int payload_format;
  guint32 message_expiry;
  GPtrArray *user_pairs; /* name, value, name, value, … (owned strings) */
};

G_DEFINE_BOXED_TYPE (SbMessageProps, sb_message_props, sb_message_props_ref, sb_message_props_unref)

static SbMessageProps *
props_alloc (void)
{
  SbMessageProps *props = g_new0 (SbMessageProps, 1);

  g_atomic_ref_count_init (&props->ref_count);
  props->payload_format = SB_PAYLOAD_FORMAT_UNSET;
  props->user_pairs = g_ptr_array_new_with_free_func (g_free);
  return props;
}

SbMessageProps *
sb_message_props_new (const char *content_type, const char *const *user_pairs)
{
  SbMessageProps *props;

  if (content_type == NULL && (user_pairs == NULL || user_pairs[0] == NULL))
    return NULL;
  props = props_alloc ();
  props->content_type = g_strdup (content_type);
  for (guint i = 0; user_pairs != NULL && user_pairs[i] != NULL && user_pairs[i + 1] != NULL;
       i += 2)
    {
      g_ptr_array_add (props->user_pairs, g_strdup (user_pairs[i]));
      g_ptr_array_add (props->user_pairs, g_strdup (user_pairs[i + 1]));
    }
  return props;
}

SbMessageProps *
sb_message_props_new_for_publish (const char *content_type, const char *const *user_pairs,
                                  const char *response_topic, GBytes *correlation_data,
                                  guint32 message_expiry)
{
  SbMessageProps *props;

  if (response_topic == NULL && correlation_data == NULL && message_expiry == 0)
    return sb_message_props_new (content_type, user_pairs);
  props = sb_message_props_new (content_type, user_pairs);
  if (props == NULL)
    props = props_alloc ();
  props->response_topic = g_strdup (response_topic);
  props->correlation_data = correlation_data != NULL ? g_bytes_ref (correlation_data) : NULL;
  props->message_expiry = message_expiry;
  return props;
}

guint32
sb_message_props_get_message_expiry (const SbMessageProps *props)
{
  g_return_val_if_fail (props != NULL, 0);
  return props->message_expiry;
}

mosquitto_property *
sb_message_props_to_mosquitto (const SbMessageProps *props)
{
  mosquitto_property *list = NULL;

  if (props == NULL)
    return NULL;
  if (props->content_type != NULL)
    mosquitto_property_add_string (&list, MQTT_PROP_CONTENT_TYPE, props->content_type);
  if (props->response_topic != NULL)
    mosquitto_property_add_string (&list, MQTT_PROP_RESPONSE_TOPIC, props->response_topic);
  if (props->correlation_data != NULL)
    {
      gsize size = 0;
      const void *data = g_bytes_get_data (props->correlation_data, &size);
      mosquitto_property_add_binary (&list, MQTT_PROP_CORRELATION_DATA, data, (uint16_t)size);
    }
  if (props->message_expiry > 0)
    mosquitto_property_add_int32 (&list, MQTT_PROP_MESSAGE_EXPIRY_INTERVAL, props->message_expiry);
  for (guint i = 0; i + 1 < props->user_pairs->len; i += 2)
    mosquitto_property_add_string_pair (&list, MQTT_PROP_USER_PROPERTY,
                                        g_ptr_array_index (props->user_pairs, i),
                                        g_ptr_array_index (props->user_pairs, i + 1));
  return list;
}

/* libmosquitto allocates what its readers return with malloc (). */
static char *
steal_mosquitto_string (char *value)
{
  char *copy = g_strdup (value);

  free (value);
  return copy;
}

SbMessageProps *
sb_message_props_new_from_mosquitto (const mosquitto_property *list)
{
  SbMessageProps *props = NULL;

  for (const mosquitto_property *p = list; p != NULL; p = mosquitto_property_next (p))
    {
      int id = mosquitto_property_identifier (p);
      char *name = NULL;
      char *value = NULL;
      void *data = NULL;
      uint16_t length = 0;
      uint8_t byte = 0;

      switch (id)
        {
          case MQTT_PROP_CONTENT_TYPE:
          case MQTT_PROP_RESPONSE_TOPIC:
            if (mosquitto_property_read_string (p, id, &value, false) == NULL)
              continue;
            if (props == NULL)
              props = props_alloc ();
            if (id == MQTT_PROP_CONTENT_TYPE)
              {
                g_free (props->content_type);
                props->content_type = steal_mosquitto_string (value);
              }
            else
              {
                g_free (props->response_topic);
                props->response_topic = steal_mosquitto_string (value);
              }
            break;
          case MQTT_PROP_USER_PROPERTY:
            if (mosquitto_property_read_string_pair (p, id, &name, &value, false) == NULL)
              continue;
            if (props == NULL)
              props = props_alloc ();
            g_ptr_array_add (props->user_pairs, steal_mosquitto_string (name));
            g_ptr_array_add (props->user_pairs, steal_mosquitto_string (value));
            break;
          case MQTT_PROP_CORRELATION_DATA:
            if (mosquitto_property_read_binary (p, id, &data, &length, false) == NULL)
              continue;
            if (props == NULL)
              props = props_alloc ();
            g_clear_pointer (&props->correlation_data, g_bytes_unref);
            props->correlation_data = g_bytes_new (data, length);
            free (data);
            break;
          case MQTT_PROP_PAYLOAD_FORMAT_INDICATOR:
            if (mosquitto_property_read_byte (p, id, &byte, false) == NULL)
              continue;
            if (props == NULL)
              props = props_alloc ();
            props->payload_format = byte;
            break;
          default:
            /* Message expiry, topic alias, subscription identifiers: the
             * broker's and libmosquitto's business. */
            break;
        }
    }
  return props;
}

SbMessageProps *
sb_message_props_ref (SbMessageProps *props)
{
  g_return_val_if_fail (props != NULL, NULL);

  g_atomic_ref_count_inc (&props->ref_count);
  return props;
}

void
sb_message_props_unref (SbMessageProps *props)
{
  g_return_if_fail (props != NULL);

  if (!g_atomic_ref_count_dec (&props->ref_count))
    return;
  g_free (props->content_type);
  g_free (props->response_topic);
  g_clear_pointer (&props->correlation_data, g_bytes_unref);
  g_ptr_array_unref (props->user_pairs);
  g_free (props);
}

const char *
sb_message_props_get_content_type (const SbMessageProps *props)
{
  g_return_val_if_fail (props != NULL, NULL);
  return props->content_type;
}

const char *
sb_message_props_get_response_topic (const SbMessageProps *props)
{
  g_return_val_if_fail (props != NULL, NULL);
  return props->response_topic;
}

GBytes *
sb_message_props_get_correlation_data (const SbMessageProps *props)
{
  g_return_val_if_fail (props != NULL, NULL);
  return props->correlation_data;
}

int
sb_message_props_get_payload_format (const SbMessageProps *props)
{
  g_return_val_if_fail (props != NULL, SB_PAYLOAD_FORMAT_UNSET);
  return props->payload_format;
}

guint
sb_message_props_get_n_user_properties (const SbMessageProps *props)
{
  g_return_val_if_fail (props != NULL, 0);
  return props->user_pairs->len / 2;
}

const char *
sb_message_props_get_user_property_name (const SbMessageProps *props, guint index)
{
  g_return_val_if_fail (props != NULL, NULL);
  g_return_val_if_fail (index < props->user_pairs->len / 2, NULL);
  return g_ptr_array_index (props->user_pairs, 2 * index);
}

const char *
sb_message_props_get_user_property_value (const SbMessageProps *props, guint index)
{
  g_return_val_if_fail (props != NULL, NULL);
  g_return_val_if_fail (index < props->user_pairs->len / 2, NULL);
  return g_ptr_array_index (props->user_pairs, 2 * index + 1);
}
