/* sb-import-common.c: the field mappings both format readers use (members
 * read with a note when their type is wrong, host and port, subscriptions,
 * transport, last will, the final check), written once for both
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <inttypes.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "sb-import-common.h"
#include "sb-validate.h"

static JsonNode *
get_member (SbImportConnection *connection, JsonObject *object, const char *key, GType type,
            const char *expected)
{
  JsonNode *node = json_object_get_member (object, key);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != type)
    {
      sb_import_connection_note (connection, _ ("“%s” is not %s: left out"), key, expected);
      return NULL;
    }
  return node;
}

gboolean
sb_import_get_string (SbImportConnection *connection, JsonObject *object, const char *key,
                      const char **value)
{
  JsonNode *node = get_member (connection, object, key, G_TYPE_STRING, _ ("a string"));

  if (node == NULL)
    return FALSE;
  *value = json_node_get_string (node);
  return TRUE;
}

gboolean
sb_import_get_int (SbImportConnection *connection, JsonObject *object, const char *key,
                   gint64 *value)
{
  JsonNode *node = json_object_get_member (object, key);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return FALSE;
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64)
    {
      *value = json_node_get_int (node);
      return TRUE;
    }
  /* Both tools are JavaScript: a number may have come out as 1883.0, or a
   * form field may have saved "1883" as text. */
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_DOUBLE)
    {
      double d = json_node_get_double (node);
      /* Range first: casting inf or 1e300 to an integer is undefined. */
      if (d >= -1e15 && d <= 1e15 && d == (double)(gint64)d)
        {
          *value = (gint64)d;
          return TRUE;
        }
    }
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    {
      guint64 parsed;
      if (g_ascii_string_to_unsigned (json_node_get_string (node), 10, 0, G_MAXINT32, &parsed,
                                      NULL))
        {
          *value = (gint64)parsed;
          return TRUE;
        }
    }
  sb_import_connection_note (connection, _ ("“%s” is not a whole number: left out"), key);
  return FALSE;
}

gboolean
sb_import_get_bool (SbImportConnection *connection, JsonObject *object, const char *key,
                    gboolean *value)
{
  JsonNode *node = get_member (connection, object, key, G_TYPE_BOOLEAN, _ ("true or false"));

  if (node == NULL)
    return FALSE;
  *value = json_node_get_boolean (node);
  return TRUE;
}

gboolean
sb_import_is_blank (const char *text)
{
  for (const char *p = text; p != NULL && *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return FALSE;
  return TRUE;
}

void
sb_import_set_host_port (SbImportConnection *connection, const char *host, gboolean has_port,
                         gint64 port)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (host != NULL ? host : ""));
  const char *scheme_end = strstr (trimmed, "://");

  if (connection->source == NULL)
    return;

  /* People paste URLs into host fields; the tools accept them. */
  if (scheme_end != NULL)
    {
      const char *bare = scheme_end + 3;
      sb_import_connection_note (
          connection, _ ("host “%s”: the scheme was removed, the broker is “%s”"), trimmed, bare);
      sb_data_source_set_broker (connection->source, bare);
    }
  else
    sb_data_source_set_broker (connection->source, trimmed);

  /* 0 is Signalboard's "the default port" (1883, or 8883 with TLS) too. */
  if (has_port && port != 0)
    {
      g_autoptr (GError) error = NULL;

      if (!sb_validate_port (port, &error))
        sb_import_connection_reject (connection, _ ("not imported: port: %s"), error->message);
      else
        sb_data_source_set_port (connection->source, (guint)port);
    }
}

static SbSubscription *
add_one_subscription (SbImportConnection *connection, const char *topic, gboolean has_qos,
                      gint64 qos)
{
  g_autoptr (SbSubscription) subscription = NULL;
  g_autoptr (GError) error = NULL;

  if (!sb_validate_topic_filter (topic, -1, &error))
    {
      sb_import_connection_note (connection, _ ("subscription “%s” left out: %s"), topic,
                                 error->message);
      return NULL;
    }
  subscription = sb_subscription_new (topic);
  if (has_qos && qos >= 0 && qos <= 2)
    sb_subscription_set_qos (subscription, (int)qos);
  else if (has_qos)
    sb_import_connection_note (
        connection,
        _ ("subscription “%s”: QoS %" PRId64 " is not 0, 1 or 2; it takes the data source’s QoS"),
        topic, qos);
  sb_data_source_add_subscription (connection->source, subscription);
  return subscription; /* the data source holds it */
}

/* MQTTX's MQTT 5 subscription options: nl (no local), rap (retain as
 * published), rh (retain handling), subscriptionIdentifier. Mapped for an
 * MQTT 5 connection, noted otherwise; a value at its default needs nothing. */
static void
map_subscription_options (SbImportConnection *connection, JsonObject *sub,
                          SbSubscription *subscription, const char *topic)
{
  static const char *const options[] = { "nl", "rap", "rh", "subscriptionIdentifier", NULL };
  gboolean v5 = sb_data_source_get_protocol (connection->source) == SB_PROTOCOL_MQTT_5;

  for (guint k = 0; options[k] != NULL; k++)
    {
      JsonNode *option = json_object_get_member (sub, options[k]);
      gint64 value;

      if (option == NULL || !JSON_NODE_HOLDS_VALUE (option))
        continue;
      value = json_node_get_value_type (option) == G_TYPE_BOOLEAN ? json_node_get_boolean (option)
                                                                  : json_node_get_int (option);
      if (value == 0)
        continue;
      if (strcmp (options[k], "subscriptionIdentifier") == 0)
        sb_import_connection_note (connection,
                                   _ ("subscription “%s”: the subscription identifier %" PRId64
                                      " left out: Signalboard does not send one"),
                                   topic, value);
      else if (!v5)
        sb_import_connection_note (
            connection,
            _ ("subscription “%s”: the MQTT 5 option “%s” left out: the connection "
               "uses MQTT 3.1.1"),
            topic, options[k]);
      else if (strcmp (options[k], "nl") == 0)
        sb_subscription_set_no_local (subscription, TRUE);
      else if (strcmp (options[k], "rap") == 0)
        sb_subscription_set_retain_as_published (subscription, TRUE);
      else if (value == 1 || value == 2)
        sb_subscription_set_retain_handling (subscription, (SbRetainHandling)value);
      else
        sb_import_connection_note (
            connection,
            _ ("subscription “%s”: retain handling %" PRId64 " is not 0, 1 or 2: left out"), topic,
            value);
    }
}

void
sb_import_add_subscriptions (SbImportConnection *connection, JsonObject *object, const char *key,
                             const char *const *known_keys)
{
  JsonNode *node = json_object_get_member (object, key);

  if (connection->source == NULL)
    return;

  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);
      guint n = json_array_get_length (array);

      for (guint i = 0; i < n; i++)
        {
          JsonNode *element = json_array_get_element (array, i);
          JsonObject *sub;
          const char *topic = NULL;
          gint64 qos = 0;
          gboolean has_qos, disabled = FALSE;
          SbSubscription *subscription;

          /* Older MQTT Explorer versions kept bare topic strings. */
          if (JSON_NODE_HOLDS_VALUE (element)
              && json_node_get_value_type (element) == G_TYPE_STRING)
            {
              add_one_subscription (connection, json_node_get_string (element), FALSE, 0);
              continue;
            }
          if (!JSON_NODE_HOLDS_OBJECT (element))
            {
              sb_import_connection_note (
                  connection, _ ("%s[%u] is neither a topic nor a {topic, qos} object: left out"),
                  key, i);
              continue;
            }
          sub = json_node_get_object (element);
          if (!sb_import_get_string (connection, sub, "topic", &topic))
            {
              sb_import_connection_note (connection, _ ("%s[%u] has no topic: left out"), key, i);
              continue;
            }
          if (known_keys != NULL && g_strv_contains (known_keys, "disabled")
              && sb_import_get_bool (connection, sub, "disabled", &disabled) && disabled)
            {
              sb_import_connection_note (
                  connection, _ ("subscription “%s” is disabled there: left out"), topic);
              continue;
            }
          if (known_keys != NULL)
            {
              g_autofree char *where = g_strdup_printf (_ ("subscription “%s”"), topic);
              sb_import_note_unknown (connection, sub, known_keys, where);
            }
          has_qos = sb_import_get_int (connection, sub, "qos", &qos);
          subscription = add_one_subscription (connection, topic, has_qos, qos);
          if (subscription != NULL && known_keys != NULL && g_strv_contains (known_keys, "nl"))
            map_subscription_options (connection, sub, subscription, topic);
        }
    }
  else if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
    sb_import_connection_note (connection, _ ("“%s” is not a list: left out"), key);

  /* A data source needs a subscription. Both tools connect without one (MQTT
   * Explorer then shows every topic); "#" is the nearest to what the user had. */
  if (sb_data_source_get_n_subscriptions (connection->source) == 0)
    {
      g_autoptr (SbSubscription) all = sb_subscription_new ("#");
      sb_data_source_add_subscription (connection->source, all);
      sb_import_connection_note (connection,
                                 _ ("no subscriptions: subscribed to “#” (every topic)"));
    }
}

void
sb_import_note_unknown (SbImportConnection *connection, JsonObject *object,
                        const char *const *known, const char *where)
{
  g_autoptr (GList) members = json_object_get_members (object);

  for (GList *l = members; l != NULL; l = l->next)
    if (!g_strv_contains (known, l->data))
      sb_import_connection_note (connection,
                                 _ ("%s: the field “%s” is not known to Signalboard: left out"),
                                 where, (const char *)l->data);
}

void
sb_import_finish_connection (SbImportConnection *connection)
{
  g_autoptr (GPtrArray) problems = NULL;

  if (connection->source == NULL)
    return;

  problems = sb_data_source_check (connection->source);
  if (problems->len == 0)
    return;
  for (guint i = 0; i < problems->len; i++)
    {
      SbProblem *problem = g_ptr_array_index (problems, i);
      g_autofree char *where = sb_problem_dup_path (problem);

      sb_import_connection_note (connection, _ ("not imported: %s: %s"), where, problem->message);
    }
  g_clear_object (&connection->source);
}

void
sb_import_set_will (SbImportConnection *connection, JsonObject *will, const char *topic_key,
                    const char *payload_key, const char *qos_key, const char *retain_key)
{
  g_autoptr (GError) error = NULL;
  const char *topic = NULL;
  const char *payload = NULL;
  gint64 qos = 0;
  gboolean retain = FALSE;

  if (!sb_import_get_string (connection, will, topic_key, &topic) || topic[0] == '\0')
    return;
  if (!sb_import_get_string (connection, will, payload_key, &payload))
    payload = "";
  sb_import_get_int (connection, will, qos_key, &qos);
  sb_import_get_bool (connection, will, retain_key, &retain);
  if (!sb_validate_topic_name (topic, -1, &error) || !sb_validate_will_payload (payload, -1, &error)
      || !sb_validate_qos (qos, &error))
    {
      sb_import_connection_note (connection, _ ("last will on “%s” left out: %s"), topic,
                                 error->message);
      return;
    }
  sb_data_source_set_will_topic (connection->source, topic);
  sb_data_source_set_will_payload (connection->source, payload);
  sb_data_source_set_will_qos (connection->source, (int)qos);
  sb_data_source_set_will_retain (connection->source, retain);
}

gboolean
sb_import_check_protocol (SbImportConnection *connection, JsonObject *object, const char **protocol)
{
  /* *protocol keeps the caller's default when the key is missing. */
  sb_import_get_string (connection, object, "protocol", protocol);
  if (g_strcmp0 (*protocol, "mqtt") != 0 && g_strcmp0 (*protocol, "mqtts") != 0
      && g_strcmp0 (*protocol, "ws") != 0 && g_strcmp0 (*protocol, "wss") != 0)
    {
      sb_import_connection_reject (connection, _ ("not imported: the protocol “%s” is not known"),
                                   *protocol);
      return FALSE;
    }
  return TRUE;
}

void
sb_import_set_transport (SbImportConnection *connection, const char *protocol, const char *path)
{
  g_autofree char *shown = NULL;
  g_autoptr (GError) error = NULL;

  if (g_strcmp0 (protocol, "ws") != 0 && g_strcmp0 (protocol, "wss") != 0)
    return;
  sb_data_source_set_transport (connection->source, SB_TRANSPORT_WEBSOCKETS);
  if (g_strcmp0 (protocol, "wss") == 0)
    sb_data_source_set_tls_enabled (connection->source, TRUE);
  if (path == NULL)
    return;
  if (!sb_validate_ws_path (path, &error))
    {
      sb_import_connection_reject (connection, _ ("not imported: path: %s"), error->message);
      return;
    }
  sb_data_source_set_path (connection->source, path);
}
