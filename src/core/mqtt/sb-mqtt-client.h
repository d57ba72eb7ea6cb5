/* sb-mqtt-client.h: libmosquitto set-up shared by SbMqttSession (not public API)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <mosquitto.h>

#include "sb-data-source.h"
#include "sb-error.h"

G_BEGIN_DECLS

/* A struct mosquitto with every setting of @source (client id, clean
 * session, protocol, user name and password, TLS), or NULL and an
 * SB_MQTT_ERROR_INVALID (SB_MQTT_ERROR_TLS for the TLS settings) error a
 * person understands. No callbacks set. */
struct mosquitto *
sb_mqtt_client_new (SbDataSource *source, void *userdata, GError **error);

/* Runs mosquitto_connect_async () (name resolution and the start of a
 * non-blocking connect) in a worker thread; @mosq belongs to the task until
 * finish, and goes with it when nobody finishes (a cancelled attempt). */
void
sb_mqtt_client_connect_async (struct mosquitto *mosq, const char *host, int port, int keep_alive,
                              GObject *source_object, GCancellable *cancellable,
                              GAsyncReadyCallback callback, gpointer user_data);
/* The struct (the caller's now, whether or not it connects), with
 * libmosquitto's result code and errno. */
struct mosquitto *
sb_mqtt_client_connect_finish (GAsyncResult *result, int *rc, int *saved_errno);

/* CONNACK return codes (3.1.1) and reason codes (5) that retrying cannot fix
 * because of credentials, or that a later retry may well fix. */
gboolean
sb_mqtt_connack_is_auth_failure (int rc);
gboolean
sb_mqtt_connack_is_transient (int rc);

G_END_DECLS
