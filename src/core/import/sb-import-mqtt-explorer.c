/* sb-import-mqtt-explorer.c: MQTT Explorer's settings.json
 *
 * MQTT Explorer (an Electron app) keeps its connections in settings.json
 * under "ConnectionManager_connections", a map from its connection id to
 * {name, host, port, protocol, basePath, username, password, encryption,
 * certValidation, selfSignedCertificate, clientCertificate, clientKey,
 * clientId, subscriptions, ...}. Certificates are inline: {name, data} with
 * the file's bytes in base64. docs/import.md has the whole mapping.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sb-error.h"
#include "sb-import-common.h"
#include "sb-import-mqtt-explorer.h"

#define CONNECTIONS_KEY "ConnectionManager_connections"

static const char *const connection_keys[]
    = { "configVersion", "type", "id", "name", "host", "port", "protocol", "basePath", "username",
        "password", "encryption", "certValidation",
        /* MQTT Explorer calls the CA "selfSignedCertificate"; accept the plain name too. */
        "selfSignedCertificate", "certificateAuthority", "clientCertificate", "clientKey",
        "clientId", "subscriptions", "zlibCompression", "will", NULL };

static const char *const subscription_keys[] = { "topic", "qos", NULL };

static gboolean
is_base64 (const char *text)
{
  gsize n = 0;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (g_ascii_isspace (*p))
        continue;
      if (!g_ascii_isalnum (*p) && *p != '+' && *p != '/' && *p != '=')
        return FALSE;
      n++;
    }
  return n > 0 && n % 4 == 0;
}

/* The extension of the original file name, when it is a plain one; ".pem" otherwise. */
static char *
suffix_of (const char *name)
{
  const char *dot = name != NULL ? strrchr (name, '.') : NULL;

  if (dot == NULL || dot[1] == '\0' || strlen (dot) > 6)
    return g_strdup (".pem");
  for (const char *p = dot + 1; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p))
      return g_strdup (".pem");
  return g_ascii_strdown (dot, -1);
}

static void
take_certificate (SbImportConnection *connection, JsonObject *object, const char *key,
                  SbImportCert which, gboolean tls)
{
  JsonNode *node = json_object_get_member (object, key);
  JsonObject *cert;
  const char *data = NULL;
  const char *name = NULL;
  gsize length;
  guchar *decoded;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node) || connection->source == NULL)
    return;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      sb_import_connection_note (connection, _ ("“%s” is not a {name, data} object: left out"),
                                 key);
      return;
    }
  cert = json_node_get_object (node);
  sb_import_get_string (connection, cert, "name", &name);
  if (!sb_import_get_string (connection, cert, "data", &data) || !is_base64 (data))
    {
      sb_import_connection_note (connection, _ ("“%s” has no base64 data: left out"), key);
      return;
    }
  if (connection->certs[which] != NULL)
    {
      sb_import_connection_note (connection, _ ("“%s” left out: a CA certificate is already given"),
                                 key);
      return;
    }
  if (!tls)
    {
      sb_import_connection_note (connection, _ ("“%s” is given but encryption is off: left out"),
                                 key);
      return;
    }
  decoded = g_base64_decode (data, &length);
  connection->certs[which] = g_bytes_new_take (decoded, length);
  connection->cert_suffixes[which] = suffix_of (name);
}

static void
parse_connection (GPtrArray *connections, const char *id, JsonNode *node)
{
  SbImportConnection *connection;
  JsonObject *object;
  const char *name = NULL, *host = NULL, *protocol = "mqtt", *text = NULL;
  gint64 port = 0;
  gboolean has_port, flag, tls = FALSE;
  g_autofree char *where = NULL;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      connection = sb_import_connection_new (id);
      g_ptr_array_add (connections, connection);
      sb_import_connection_reject (connection,
                                   _ ("not imported: the entry is not a connection object"));
      return;
    }
  object = json_node_get_object (node);
  connection = sb_import_connection_new (id);
  g_ptr_array_add (connections, connection);

  sb_import_get_string (connection, object, "name", &name);
  sb_import_get_string (connection, object, "host", &host);
  /* A blank name is no name: Signalboard needs one to show. */
  if (name != NULL && !sb_import_is_blank (name))
    {
      g_free (connection->name);
      connection->name = g_strdup (name);
      sb_data_source_set_name (connection->source, name);
    }
  else
    {
      const char *fallback = host != NULL && host[0] != '\0' ? host : id;
      sb_import_connection_note (connection, _ ("no name: named “%s”"), fallback);
      sb_data_source_set_name (connection->source, fallback);
    }

  if (sb_import_get_string (connection, object, "type", &text) && g_strcmp0 (text, "mqtt") != 0)
    {
      sb_import_connection_reject (connection,
                                   _ ("not imported: a connection of type “%s”, not MQTT"), text);
      return;
    }

  if (!sb_import_check_protocol (connection, object, &protocol))
    return;
  text = NULL;
  sb_import_get_string (connection, object, "basePath", &text);
  if (g_strcmp0 (protocol, "ws") != 0 && g_strcmp0 (protocol, "wss") != 0 && text != NULL
      && text[0] != '\0')
    sb_import_connection_note (
        connection, _ ("basePath “%s” left out: it is a WebSocket path, MQTT over TCP has none"),
        text);

  has_port = sb_import_get_int (connection, object, "port", &port);
  sb_import_set_host_port (connection, host, has_port, port);
  if (connection->source == NULL)
    return;

  if (sb_import_get_bool (connection, object, "encryption", &flag))
    tls = flag;
  tls = tls || g_strcmp0 (protocol, "mqtts") == 0;
  sb_data_source_set_tls_enabled (connection->source, tls);
  {
    /* MQTT Explorer connects to PROTOCOL://HOST:PORT/BASEPATH. */
    const char *base = NULL;
    g_autofree char *path = NULL;

    if (sb_import_get_string (connection, object, "basePath", &base))
      {
        while (base[0] == '/')
          base++;
        path = g_strconcat ("/", base, NULL);
      }
    sb_import_set_transport (connection, protocol, path);
    if (connection->source == NULL)
      return;
  }
  if (sb_import_get_bool (connection, object, "certValidation", &flag))
    sb_data_source_set_tls_verify (connection->source, flag);
  if (tls && !sb_data_source_get_tls_verify (connection->source))
    sb_import_connection_note (connection,
                               _ ("certificate verification is off, as it was there: the "
                                  "connection is not safe from impostors"));

  take_certificate (connection, object, "selfSignedCertificate", SB_IMPORT_CERT_CA, tls);
  take_certificate (connection, object, "certificateAuthority", SB_IMPORT_CERT_CA, tls);
  take_certificate (connection, object, "clientCertificate", SB_IMPORT_CERT_CLIENT, tls);
  take_certificate (connection, object, "clientKey", SB_IMPORT_CERT_KEY, tls);

  if (sb_import_get_string (connection, object, "username", &text))
    sb_data_source_set_username (connection->source, text);
  if (sb_import_get_string (connection, object, "password", &text) && text[0] != '\0')
    sb_data_source_set_password (connection->source, text);
  if (sb_import_get_string (connection, object, "clientId", &text))
    sb_data_source_set_client_id (connection->source, text);

  if (sb_import_get_bool (connection, object, "zlibCompression", &flag) && flag)
    sb_import_connection_note (connection,
                               _ ("zlibCompression left out: Signalboard does not inflate "
                                  "compressed payloads"));

  /* Newer versions keep a last will {topic, payload, qos, retain}. */
  {
    JsonNode *will = json_object_get_member (object, "will");

    if (will != NULL && JSON_NODE_HOLDS_OBJECT (will))
      sb_import_set_will (connection, json_node_get_object (will), "topic", "payload", "qos",
                          "retain");
    else if (will != NULL && !JSON_NODE_HOLDS_NULL (will))
      sb_import_connection_note (connection, _ ("“will” is not an object: left out"));
  }

  sb_import_add_subscriptions (connection, object, "subscriptions", subscription_keys);

  where = g_strdup_printf (_ ("connection “%s”"), connection->name);
  sb_import_note_unknown (connection, object, connection_keys, where);
  sb_import_finish_connection (connection);
}

GPtrArray *
sb_import_mqtt_explorer_read (JsonNode *root, GError **error)
{
  JsonNode *node;
  GPtrArray *connections;
  JsonObject *map;
  g_autoptr (GList) ids = NULL;

  if (JSON_NODE_HOLDS_ARRAY (root))
    {
      g_set_error (error, SB_IMPORT_ERROR, SB_IMPORT_ERROR_SHAPE,
                   _ ("not MQTT Explorer’s settings.json: the top level is a list, as in an "
                      "MQTTX export (import it with --from mqttx)"));
      return NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, SB_IMPORT_ERROR, SB_IMPORT_ERROR_SHAPE,
                   _ ("not MQTT Explorer’s settings.json: the top level is not an object"));
      return NULL;
    }
  node = json_object_get_member (json_node_get_object (root), CONNECTIONS_KEY);
  if (node == NULL)
    {
      g_set_error (error, SB_IMPORT_ERROR, SB_IMPORT_ERROR_SHAPE,
                   _ ("not MQTT Explorer’s settings.json: it has no “%s”"), CONNECTIONS_KEY);
      return NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, SB_IMPORT_ERROR, SB_IMPORT_ERROR_SHAPE,
                   _ ("“%s” is not a map of connections"), CONNECTIONS_KEY);
      return NULL;
    }
  map = json_node_get_object (node);
  connections = g_ptr_array_new_with_free_func ((GDestroyNotify)sb_import_connection_free);
  ids = json_object_get_members (map);
  for (GList *l = ids; l != NULL; l = l->next)
    parse_connection (connections, l->data, json_object_get_member (map, l->data));
  return connections;
}
