/* sb-message-json.c: one message as the jsonl object of listen and serve
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sb-message-json.h"

#include <string.h>
#include <time.h>

#include "sb-payload.h"
#include "sb-sparkplug-decode.h"

/* Broker strings are UTF-8 by the protocol; a broken one still makes valid JSON. */
void
sb_json_append_text (GString *out, const char *text)
{
  if (g_utf8_validate (text, -1, NULL))
    sb_json_append_string (out, text, strlen (text));
  else
    {
      g_autofree char *valid = g_utf8_make_valid (text, -1);
      sb_json_append_string (out, valid, strlen (valid));
    }
}

void
sb_json_append_time (GString *out, gint64 real_time)
{
  /* The part up to the seconds changes once a second: a flood formats it
   * once a second, not once a message. Each thread keeps its own. */
  static _Thread_local gint64 cached_second = -1;
  static _Thread_local char prefix[32];
  gint64 second = real_time / G_USEC_PER_SEC;

  if (second != cached_second)
    {
      time_t t = (time_t)second;
      struct tm tm;

      gmtime_r (&t, &tm);
      strftime (prefix, sizeof prefix, "%Y-%m-%dT%H:%M:%S", &tm);
      cached_second = second;
    }
  g_string_append_printf (out, "\"%s.%03dZ\"", prefix, (int)((real_time % G_USEC_PER_SEC) / 1000));
}

/* ,"value":... (or "value":null,"value_error":"...") for a subscription with a data path. */
static void
append_value (GString *out, SbDataPath *path, GBytes *payload)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) value = sb_data_path_apply (path, payload, &error);

  if (value != NULL)
    {
      g_autofree char *json = json_to_string (value, FALSE);
      g_string_append (out, ",\"value\":");
      g_string_append (out, json);
    }
  else
    {
      g_string_append (out, ",\"value\":null,\"value_error\":");
      sb_json_append_string (out, error->message, strlen (error->message));
    }
}

/* The payload keys and, for a Sparkplug B message decoded with @state (NULL: not
 * decoded), the data path applied to the decoded JSON and "sparkplug" after it. */
static void
append_content (GString *out, GBytes *payload, SbDataPath *path, const char *topic,
                SbSparkplugState *state)
{
  gsize len = 0;
  const char *data = g_bytes_get_data (payload, &len);
  g_autofree char *decoded = NULL;
  g_autoptr (GError) decode_error = NULL;

  if (sb_payload_is_text (payload))
    {
      g_string_append (out, ",\"payload\":");
      sb_json_append_string (out, len > 0 ? data : "", len);
    }
  else
    {
      g_autofree char *base64 = g_base64_encode ((const guchar *)data, len);
      g_string_append (out, ",\"payload_base64\":\"");
      g_string_append (out, base64);
      g_string_append_c (out, '"');
    }
  if (state == NULL || topic == NULL || !sb_sparkplug_topic_parse (topic, NULL))
    {
      if (path != NULL)
        append_value (out, path, payload);
      return;
    }

  decoded = sb_sparkplug_decode (state, topic, payload, NULL, &decode_error);
  if (path != NULL && decoded != NULL)
    {
      g_autoptr (GBytes) json = g_bytes_new_static (decoded, strlen (decoded));
      append_value (out, path, json);
    }
  else if (path != NULL)
    {
      g_string_append (out, ",\"value\":null,\"value_error\":");
      sb_json_append_string (out, decode_error->message, strlen (decode_error->message));
    }
  if (decoded != NULL)
    {
      g_string_append (out, ",\"sparkplug\":");
      g_string_append (out, decoded);
    }
  else
    {
      /* Shown raw (payload_base64 above), with the reason. */
      g_string_append (out, ",\"sparkplug\":null,\"sparkplug_error\":");
      sb_json_append_string (out, decode_error->message, strlen (decode_error->message));
    }
}

void
sb_message_json_append_content (GString *out, GBytes *payload, SbDataPath *path)
{
  append_content (out, payload, path, NULL, NULL);
}

void
sb_message_json_append_properties (GString *out, SbMessageProps *props)
{
  const char *content_type;
  guint n_user;

  if (props == NULL)
    return;
  content_type = sb_message_props_get_content_type (props);
  n_user = sb_message_props_get_n_user_properties (props);
  if (content_type != NULL)
    {
      g_string_append (out, ",\"content_type\":");
      sb_json_append_text (out, content_type);
    }
  if (n_user > 0)
    {
      g_string_append (out, ",\"user_properties\":[");
      for (guint i = 0; i < n_user; i++)
        {
          g_string_append (out, i > 0 ? ",[" : "[");
          sb_json_append_text (out, sb_message_props_get_user_property_name (props, i));
          g_string_append_c (out, ',');
          sb_json_append_text (out, sb_message_props_get_user_property_value (props, i));
          g_string_append_c (out, ']');
        }
      g_string_append_c (out, ']');
    }
}

static void
append_message (GString *out, const char *source_json, SbMessage *message, SbDataPath *path,
                SbSparkplugState *sparkplug)
{
  const char *topic = sb_message_get_topic (message);

  g_string_append (out, "{\"time\":");
  sb_json_append_time (out, sb_message_get_time (message));
  g_string_append (out, ",\"source\":");
  g_string_append (out, source_json);
  g_string_append (out, ",\"topic\":");
  sb_json_append_string (out, topic, strlen (topic));
  g_string_append_printf (out, ",\"qos\":%d,\"retained\":%s", sb_message_get_qos (message),
                          sb_message_get_retained (message) ? "true" : "false");
  append_content (out, sb_message_get_payload (message), path, topic, sparkplug);
  sb_message_json_append_properties (out, sb_message_get_properties (message));
  g_string_append_c (out, '}');
}

void
sb_message_json_append (GString *out, const char *source_json, SbMessage *message, SbDataPath *path)
{
  append_message (out, source_json, message, path, NULL);
}

void
sb_message_json_append_sparkplug (GString *out, const char *source_json, SbMessage *message,
                                  SbDataPath *path, SbSparkplugState *sparkplug)
{
  append_message (out, source_json, message, path, sparkplug);
}
