/* sb-import-mqttx.c: MQTTX's JSON export
 *
 * MQTTX exports its connections as a top-level array of objects {name, host,
 * port, protocol, clientId, clean, keepalive, username, password, ssl,
 * rejectUnauthorized, certType, ca, cert, key, mqttVersion, will,
 * properties, subscriptions, ...}. Certificates are paths on the machine
 * that exported them. docs/import.md has the whole mapping.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <inttypes.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "sb-error.h"
#include "sb-import-common.h"
#include "sb-import-mqttx.h"

/* Mapped, or noted when they would change what the connection does. */
static const char *const mapped_keys[] = { "name",
                                           "host",
                                           "port",
                                           "protocol",
                                           "clientId",
                                           "clean",
                                           "keepalive",
                                           "username",
                                           "password",
                                           "ssl",
                                           "rejectUnauthorized",
                                           "certType",
                                           "ca",
                                           "cert",
                                           "key",
                                           "mqttVersion",
                                           "will",
                                           "properties",
                                           "subscriptions",
                                           "path",
                                           "clientIdWithTime",
                                           "ALPNProtocols",
                                           "connectTimeout",
                                           "reconnect",
                                           "reconnectPeriod",
                                           NULL };

/* MQTTX's own bookkeeping and message history: nothing a connection needs
 * (docs/import.md lists them as ignored). */
static const char *const bookkeeping_keys[]
    = { "id",     "createAt",     "updateAt", "orderId",   "messages",  "unreadMessageCount",
        "client", "isCollection", "parentId", "parseType", "pushProps", "collectionId",
        NULL };

static const char *const subscription_keys[] = { "topic",
                                                 "qos",
                                                 "id",
                                                 "alias",
                                                 "color",
                                                 "createAt",
                                                 "disabled",
                                                 "nl",
                                                 "rap",
                                                 "rh",
                                                 "subscriptionIdentifier",
                                                 NULL };

/* Settings whose behaviour Signalboard has its own rules for. */
static const char *const timing_keys[] = { "connectTimeout", "reconnect", "reconnectPeriod", NULL };

static void
take_path (SbImportConnection *connection, JsonObject *object, const char *key,
           void (*setter) (SbDataSource *, const char *))
{
  const char *path = NULL;

  if (!sb_import_get_string (connection, object, key, &path) || path[0] == '\0')
    return;
  setter (connection->source, path);
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    sb_import_connection_note (connection,
                               _ ("“%s”: the file %s does not exist here; copy it there or "
                                  "change the path"),
                               key, path);
}

static void
map_will (SbImportConnection *connection, JsonObject *object)
{
  JsonNode *node = json_object_get_member (object, "will");

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      sb_import_connection_note (connection, _ ("“will” is not an object: left out"));
      return;
    }
  sb_import_set_will (connection, json_node_get_object (node), "lastWillTopic", "lastWillPayload",
                      "lastWillQos", "lastWillRetain");
}

/* MQTTX's userProperties: {"name": "value"} (a value may also be a list of
 * values, MQTT allowing a name more than once). */
static void
map_user_properties (SbImportConnection *connection, JsonNode *node)
{
  g_autoptr (GList) names = NULL;
  JsonObject *object;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      sb_import_connection_note (connection, _ ("“userProperties” is not an object: left out"));
      return;
    }
  object = json_node_get_object (node);
  names = json_object_get_members (object);
  for (GList *l = names; l != NULL; l = l->next)
    {
      JsonNode *value = json_object_get_member (object, l->data);
      JsonArray *values = JSON_NODE_HOLDS_ARRAY (value) ? json_node_get_array (value) : NULL;
      guint n = values != NULL ? json_array_get_length (values) : 1;

      for (guint i = 0; i < n; i++)
        {
          JsonNode *one = values != NULL ? json_array_get_element (values, i) : value;

          if (JSON_NODE_HOLDS_VALUE (one) && json_node_get_value_type (one) == G_TYPE_STRING)
            sb_data_source_add_user_property (connection->source, l->data,
                                              json_node_get_string (one));
          else
            sb_import_connection_note (connection,
                                       _ ("the user property “%s” is not text: left out"),
                                       (const char *)l->data);
        }
    }
}

/* MQTT 5 connect properties: the session expiry interval and user properties
 * are mapped (for an MQTT 5 connection); any other one set is noted. */
static void
map_properties (SbImportConnection *connection, JsonObject *object)
{
  JsonNode *node = json_object_get_member (object, "properties");
  gboolean v5 = sb_data_source_get_protocol (connection->source) == SB_PROTOCOL_MQTT_5;
  g_autoptr (GList) members = NULL;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      sb_import_connection_note (connection, _ ("“properties” is not an object: left out"));
      return;
    }
  members = json_object_get_members (json_node_get_object (node));
  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *name = l->data;
      JsonNode *value = json_object_get_member (json_node_get_object (node), name);

      if (JSON_NODE_HOLDS_NULL (value)
          || (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING
              && json_node_get_string (value)[0] == '\0')
          || (JSON_NODE_HOLDS_OBJECT (value)
              && json_object_get_size (json_node_get_object (value)) == 0)
          || (JSON_NODE_HOLDS_ARRAY (value)
              && json_array_get_length (json_node_get_array (value)) == 0))
        continue;
      if (!v5)
        sb_import_connection_note (
            connection, _ ("the MQTT 5 property “%s” left out: the connection uses MQTT 3.1.1"),
            name);
      else if (strcmp (name, "sessionExpiryInterval") == 0)
        {
          gint64 seconds
              = JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_INT64
                    ? json_node_get_int (value)
                    : -1;

          if (seconds >= 0 && seconds <= G_MAXUINT32)
            sb_data_source_set_session_expiry_interval (connection->source, (guint32)seconds);
          else
            sb_import_connection_note (connection,
                                       _ ("sessionExpiryInterval is not a number of seconds "
                                          "(0-4294967295): left out"));
        }
      else if (strcmp (name, "userProperties") == 0)
        map_user_properties (connection, value);
      else
        sb_import_connection_note (
            connection, _ ("the MQTT 5 property “%s” left out: Signalboard does not set it"), name);
    }
}

static void
parse_connection (GPtrArray *connections, guint index, JsonNode *node)
{
  SbImportConnection *connection;
  JsonObject *object;
  const char *name = NULL, *host = NULL, *protocol = "mqtt", *text = NULL;
  gint64 number = 0;
  gboolean flag, tls = FALSE, has_port;
  gint64 port = 0;
  g_autoptr (GString) timing = g_string_new (NULL);
  g_autoptr (GStrvBuilder) known = g_strv_builder_new ();
  g_auto (GStrv) known_keys = NULL;
  g_autofree char *where = NULL;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_autofree char *label = g_strdup_printf (_ ("connection %u"), index + 1);
      connection = sb_import_connection_new (label);
      g_ptr_array_add (connections, connection);
      sb_import_connection_reject (connection,
                                   _ ("not imported: the entry is not a connection object"));
      return;
    }
  object = json_node_get_object (node);
  connection = sb_import_connection_new (NULL);
  g_ptr_array_add (connections, connection);

  sb_import_get_string (connection, object, "name", &name);
  sb_import_get_string (connection, object, "host", &host);
  /* A blank name is no name: Signalboard needs one to show. */
  if (name != NULL && !sb_import_is_blank (name))
    connection->name = g_strdup (name);
  else
    {
      connection->name = host != NULL && host[0] != '\0'
                             ? g_strdup (host)
                             : g_strdup_printf (_ ("connection %u"), index + 1);
      sb_import_connection_note (connection, _ ("no name: named “%s”"), connection->name);
    }
  sb_data_source_set_name (connection->source, connection->name);

  if (!sb_import_check_protocol (connection, object, &protocol))
    return;

  has_port = sb_import_get_int (connection, object, "port", &port);
  sb_import_set_host_port (connection, host, has_port, port);
  if (connection->source == NULL)
    return;

  if (sb_import_get_string (connection, object, "mqttVersion", &text))
    {
      if (strcmp (text, "5.0") == 0 || strcmp (text, "5") == 0)
        sb_data_source_set_protocol (connection->source, SB_PROTOCOL_MQTT_5);
      else if (strcmp (text, "3.1") == 0)
        sb_import_connection_note (connection,
                                   _ ("MQTT 3.1 is not offered: MQTT 3.1.1 is used, which "
                                      "brokers that speak 3.1 accept as well"));
      else if (strcmp (text, "3.1.1") != 0)
        sb_import_connection_note (connection,
                                   _ ("MQTT version “%s” is not known: MQTT 3.1.1 is used"), text);
    }

  if (sb_import_get_string (connection, object, "clientId", &text))
    sb_data_source_set_client_id (connection->source, text);
  if (sb_import_get_bool (connection, object, "clientIdWithTime", &flag) && flag)
    sb_import_connection_note (
        connection, _ ("clientIdWithTime left out: the client id is used as it is, without "
                       "MQTTX’s time stamp"));
  if (sb_import_get_bool (connection, object, "clean", &flag))
    sb_data_source_set_clean_session (connection->source, flag);
  if (sb_import_get_int (connection, object, "keepalive", &number))
    {
      if (number >= 5 && number <= 65535)
        sb_data_source_set_keep_alive (connection->source, (guint)number);
      else
        sb_import_connection_note (connection,
                                   _ ("keepalive %" PRId64 " is outside 5–65535 seconds: %d is "
                                      "used"),
                                   number, SB_DEFAULT_KEEP_ALIVE);
    }

  if (sb_import_get_string (connection, object, "username", &text))
    sb_data_source_set_username (connection->source, text);
  if (sb_import_get_string (connection, object, "password", &text) && text[0] != '\0')
    sb_data_source_set_password (connection->source, text);

  if (sb_import_get_bool (connection, object, "ssl", &flag))
    tls = flag;
  tls = tls || g_strcmp0 (protocol, "mqtts") == 0;
  sb_data_source_set_tls_enabled (connection->source, tls);
  /* MQTTX connects to PROTOCOL://HOST:PORT + path ("/mqtt" by default). */
  text = NULL;
  sb_import_get_string (connection, object, "path", &text);
  sb_import_set_transport (connection, protocol, text);
  if (connection->source == NULL)
    return;
  if (sb_import_get_bool (connection, object, "rejectUnauthorized", &flag))
    sb_data_source_set_tls_verify (connection->source, flag);
  if (tls && !sb_data_source_get_tls_verify (connection->source))
    sb_import_connection_note (connection,
                               _ ("certificate verification is off, as it was there: the "
                                  "connection is not safe from impostors"));
  /* MQTTX reads ca/cert/key only for a self-signed set-up ("self"); with
   * "server" (a CA-signed server) it ignores them, and so does the import. */
  text = NULL;
  sb_import_get_string (connection, object, "certType", &text);
  if (tls && (text == NULL || text[0] == '\0' || strcmp (text, "self") == 0))
    {
      take_path (connection, object, "ca", sb_data_source_set_tls_ca_file);
      take_path (connection, object, "cert", sb_data_source_set_tls_client_cert);
      take_path (connection, object, "key", sb_data_source_set_tls_client_key);
    }
  if (sb_import_get_string (connection, object, "ALPNProtocols", &text) && text[0] != '\0')
    sb_import_connection_note (connection, _ ("ALPNProtocols “%s” left out: not supported"), text);

  map_will (connection, object);
  map_properties (connection, object);

  for (guint i = 0; timing_keys[i] != NULL; i++)
    if (json_object_has_member (object, timing_keys[i]))
      g_string_append_printf (timing, "%s%s", timing->len > 0 ? ", " : "", timing_keys[i]);
  if (timing->len > 0)
    sb_import_connection_note (
        connection, _ ("%s left out: Signalboard’s own connect timeout and reconnection apply"),
        timing->str);

  sb_import_add_subscriptions (connection, object, "subscriptions", subscription_keys);

  g_strv_builder_addv (known, (const char **)mapped_keys);
  g_strv_builder_addv (known, (const char **)bookkeeping_keys);
  known_keys = g_strv_builder_end (known);
  where = g_strdup_printf (_ ("connection “%s”"), connection->name);
  sb_import_note_unknown (connection, object, (const char *const *)known_keys, where);
  sb_import_finish_connection (connection);
}

/* The end of the JSON string starting at data[i] == '"'. */
static gsize
skip_string (const char *data, gsize length, gsize i)
{
  for (i++; i < length && data[i] != '"'; i++)
    if (data[i] == '\\')
      i++;
  return i + 1;
}

static gsize
skip_space (const char *data, gsize length, gsize i)
{
  while (i < length && g_ascii_isspace (data[i]))
    i++;
  return i;
}

/* The end of the JSON value starting at data[i]. */
static gsize
skip_value (const char *data, gsize length, gsize i)
{
  guint depth = 0;

  while (i < length)
    {
      char c = data[i];

      if (c == '"')
        {
          i = skip_string (data, length, i);
          if (depth == 0)
            return i;
          continue;
        }
      if (c == '[' || c == '{')
        depth++;
      else if (c == ']' || c == '}')
        {
          if (depth == 0)
            return i; /* the end of the enclosing object: a scalar ended */
          if (--depth == 0)
            return i + 1;
        }
      else if (c == ',' && depth == 0)
        return i;
      i++;
    }
  return i;
}

GString *
sb_import_mqttx_strip_messages (const char *data, gsize length)
{
  static const char key[] = "\"messages\"";
  GString *out = NULL;
  gsize copied = 0;
  guint depth = 0;

  /* The text was scanned: it is valid JSON, so strings and brackets pair up. */
  for (gsize i = 0; i < length;)
    {
      char c = data[i];

      if (c == '"')
        {
          gsize end = skip_string (data, length, i);
          gsize colon = skip_space (data, length, end);

          /* A key of a connection (depth 2: inside the top-level array's objects). */
          if (depth == 2 && end - i == sizeof key - 1 && memcmp (data + i, key, end - i) == 0
              && colon < length && data[colon] == ':')
            {
              gsize value = skip_space (data, length, colon + 1);
              gsize value_end = skip_value (data, length, value);

              if (out == NULL)
                out = g_string_sized_new (length);
              g_string_append_len (out, data + copied, value - copied);
              g_string_append (out, "[]");
              copied = value_end;
              i = value_end;
              continue;
            }
          i = end;
          continue;
        }
      if (c == '[' || c == '{')
        depth++;
      else if (c == ']' || c == '}')
        depth--;
      i++;
    }
  if (out != NULL)
    g_string_append_len (out, data + copied, length - copied);
  return out;
}

GPtrArray *
sb_import_mqttx_read (JsonNode *root, GError **error)
{
  JsonArray *array;
  GPtrArray *connections;

  if (JSON_NODE_HOLDS_OBJECT (root)
      && json_object_has_member (json_node_get_object (root), "ConnectionManager_connections"))
    {
      g_set_error (error, SB_IMPORT_ERROR, SB_IMPORT_ERROR_SHAPE,
                   _ ("not an MQTTX export: this is MQTT Explorer’s settings.json "
                      "(import it with --from mqtt-explorer)"));
      return NULL;
    }
  if (!JSON_NODE_HOLDS_ARRAY (root))
    {
      g_set_error (error, SB_IMPORT_ERROR, SB_IMPORT_ERROR_SHAPE,
                   _ ("not an MQTTX export: the top level is not a list of connections"));
      return NULL;
    }
  array = json_node_get_array (root);
  connections = g_ptr_array_new_with_free_func ((GDestroyNotify)sb_import_connection_free);
  for (guint i = 0; i < json_array_get_length (array); i++)
    parse_connection (connections, i, json_array_get_element (array, i));
  return connections;
}
