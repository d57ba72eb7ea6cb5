/* sb-import-common.c: fields both tools describe the same way (transport,
 * last will), mapped once for both importers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sb-import-private.h"
#include "sb-validate.h"

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
      sb_import_note (connection, _ ("last will on “%s” left out: %s"), topic, error->message);
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
      sb_import_reject (connection, _ ("not imported: the protocol “%s” is not known"), *protocol);
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
      sb_import_reject (connection, _ ("not imported: path: %s"), error->message);
      return;
    }
  sb_data_source_set_path (connection->source, path);
}
