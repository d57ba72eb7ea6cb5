/* sb-import-common.h: the field mappings both format readers use
 *
 * Each reads members of a connection object of the other tool's JSON and
 * maps them onto the connection's data source, noting on the connection what
 * does not fit (see sb-import-connection.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "sb-import-connection.h"

G_BEGIN_DECLS

/* Readers of one member of a connection object. Absent or null: FALSE,
 * nothing noted. Present with another type: FALSE and a note naming @key. */
gboolean
sb_import_get_string (SbImportConnection *connection, JsonObject *object, const char *key,
                      const char **value);
gboolean
sb_import_get_int (SbImportConnection *connection, JsonObject *object, const char *key,
                   gint64 *value);
gboolean
sb_import_get_bool (SbImportConnection *connection, JsonObject *object, const char *key,
                    gboolean *value);

/* Reads "protocol" (both tools say mqtt, mqtts, ws or wss) into *protocol,
 * which keeps its default when the key is missing: FALSE, with the connection
 * rejected and the reason given, for a protocol that is none of these. */
gboolean
sb_import_check_protocol (SbImportConnection *connection, JsonObject *object,
                          const char **protocol);
/* For "ws" and "wss": MQTT over WebSocket (with TLS for wss) at @path (NULL:
 * the default "/mqtt"); an invalid path rejects the connection. */
void
sb_import_set_transport (SbImportConnection *connection, const char *protocol, const char *path);

/* Maps a last will object (the key names differ per tool) onto the source,
 * or notes why it was left out. A will without a topic is no will. */
void
sb_import_set_will (SbImportConnection *connection, JsonObject *will, const char *topic_key,
                    const char *payload_key, const char *qos_key, const char *retain_key);

/* TRUE for NULL, "" and white space only. */
gboolean
sb_import_is_blank (const char *text);

/* Maps host and port, noting what does not fit. */
void
sb_import_set_host_port (SbImportConnection *connection, const char *host, gboolean has_port,
                         gint64 port);
/* Adds the subscriptions of a [{topic, qos}] (or ["topic"]) array at @key,
 * noting members that cannot be mapped; with none, subscribes to "#" and says so. */
void
sb_import_add_subscriptions (SbImportConnection *connection, JsonObject *object, const char *key,
                             const char *const *known_keys);
/* Notes every member of @object not in @known (NULL-terminated). */
void
sb_import_note_unknown (SbImportConnection *connection, JsonObject *object,
                        const char *const *known, const char *where);
/* After mapping: check the data source; rejects it with every problem. */
void
sb_import_finish_connection (SbImportConnection *connection);

G_END_DECLS
