/* sb-mqtt-connection.h: the link to one broker: libmosquitto's client with
 * its socket on the GLib main loop, one connection attempt at a time
 *
 * SbMqttSession owns one and decides what a failure means (retry, back off,
 * give up); the connection only connects, subscribes, reads and writes, and
 * reports upward with signals. It is the seam for a second transport: the
 * one place that picks where libmosquitto connects to (host and port, or a
 * unix socket path with port 0 for a bridge such as MQTT over WebSocket) is
 * connection_target () in sb-mqtt-connection.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sb-data-source.h"
#include "sb-error.h"
#include "sb-message.h"

G_BEGIN_DECLS

#define SB_TYPE_MQTT_CONNECTION (sb_mqtt_connection_get_type ())
G_DECLARE_FINAL_TYPE (SbMqttConnection, sb_mqtt_connection, SB, MQTT_CONNECTION, GObject)

/* Uses @source (referenced, not copied: the session's own snapshot). */
SbMqttConnection *
sb_mqtt_connection_new (SbDataSource *source);

/* "host:port" ("[v6]:port" for an IPv6 literal), for messages and status lines. */
const char *
sb_mqtt_connection_get_address (SbMqttConnection *self);

/* The most QoS 1/2 messages one read found since the CONNACK (property
 * "qos-window"): all were unacknowledged, so the broker's in-flight window
 * toward us is at least this large. QoS 1/2 reads are paced like QoS 0 only
 * while it holds three pauses' worth of the stream (SbReadPacer: a broker
 * with a smaller window would wait for late acknowledgements). */
guint
sb_mqtt_connection_get_qos_window (SbMqttConnection *self);
/* Starts a new attempt (closing the current one): name resolution and
 * connect () run in a worker thread, everything after on the main loop.
 * The outcome is a signal: "connected", or "closed". */
void
sb_mqtt_connection_open (SbMqttConnection *self);
/* Ends the current attempt or connection (sending DISCONNECT when
 * @send_disconnect); no signal. Safe inside the connection's own signals. */
void
sb_mqtt_connection_close (SbMqttConnection *self, gboolean send_disconnect);

/* The next message of the batch that "messages" announced (full transfer),
 * or NULL: none left, or the connection was closed meanwhile. */
SbMessage *
sb_mqtt_connection_take_message (SbMqttConnection *self);

/* Iterates the default main context until the connections that close ()
 * ended are closed on the wire (a bridge's closing handshake), at most
 * @timeout_ms; TRUE when they are. See sb_mqtt_session_wait_closed (). */
gboolean
sb_mqtt_connection_wait_closed (guint timeout_ms);

/* Publishes on the open connection with @props (NULL: none; not sent with
 * MQTT 3.1.1): the message id that "published" reports, or 0 and
 * SB_MQTT_ERROR_PUBLISH. */
int
sb_mqtt_connection_publish (SbMqttConnection *self, const char *topic, GBytes *payload, int qos,
                            gboolean retain, SbMessageProps *props, GError **error);

/* Signals (each may close the connection from its handler):
 *  "connected" (gboolean session_present): the broker accepted (CONNACK);
 *             subscribing every subscription of the source follows.
 *  "subscribed": every subscribe request has its answer (SUBACK), at once
 *             when there are none.
 *  "subscription-failed" (guint subscription_index, const char *message)
 *  "messages": what one read brought (at least one message); the handler
 *             takes them in order with sb_mqtt_connection_take_message ()
 *             until it returns NULL. Those not taken when the emission ends
 *             are dropped, and so are those after a close () (or open ())
 *             that a handler called: take_message () returns NULL from then
 *             on. Every other signal comes after the messages read before
 *             it (a failure's "closed" too).
 *  "published" (int message_id): the broker has a published message (QoS 1:
 *             PUBACK, QoS 2: PUBCOMP; QoS 0: once written).
 *  "closed" (GError *error): the attempt or the connection ended by itself
 *             (not by close ()); already closed when emitted. The error is in
 *             SB_MQTT_ERROR: INVALID, RESOLVE, REFUSED, AUTH, TLS, PROTOCOL,
 *             UNAVAILABLE, TIMEOUT, CLOSED, NETWORK or TAKEN_OVER. */

G_END_DECLS
