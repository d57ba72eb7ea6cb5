/* sb-mqtt-session.h: one data source's connection to its broker, driven by
 * the GLib main loop of the thread that creates it (no extra thread, no polling)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sb-data-source.h"
#include "sb-error.h"
#include "sb-message.h"

G_BEGIN_DECLS

typedef enum
{
  SB_SESSION_DISCONNECTED, /* not started, or stopped */
  SB_SESSION_CONNECTING,   /* resolving, TCP/TLS connect, waiting for CONNACK */
  SB_SESSION_CONNECTED,
  SB_SESSION_RECONNECTING, /* waiting "retry-seconds" before the next try */
  SB_SESSION_FAILED,       /* gave up (auth, TLS, bad settings, client id taken over by
                            * another client): see "last-error" */
} SbSessionState;

#define SB_TYPE_SESSION_STATE (sb_session_state_get_type ())
GType
sb_session_state_get_type (void);

#define SB_TYPE_MQTT_SESSION (sb_mqtt_session_get_type ())
G_DECLARE_FINAL_TYPE (SbMqttSession, sb_mqtt_session, SB, MQTT_SESSION, GObject)

/* Property "stable-seconds": a connection that drops before it has been up
 * this long (default 30 s) does not start the back-off over; the next try
 * waits twice as long as the last, up to 30 s. */
#define SB_MQTT_SESSION_STABLE_SECONDS 30

/* Takes a snapshot of @source's settings: later edits to @source do not
 * reach a running session (the dialog restarts it instead). */
SbMqttSession *
sb_mqtt_session_new (SbDataSource *source);

/* The settings this session uses (its own copy). */
SbDataSource *
sb_mqtt_session_get_source (SbMqttSession *self);

/* Starts connecting; progress is the "state" property. Never blocks:
 * name resolution runs off the main loop. */
void
sb_mqtt_session_start (SbMqttSession *self);
/* Disconnects and stops retrying; state becomes DISCONNECTED. */
void
sb_mqtt_session_stop (SbMqttSession *self);
/* For a process about to exit, after stopping (or freeing) its sessions:
 * iterates the default main context until their connections are closed on
 * the wire, at most @timeout_ms. Over WebSocket the DISCONNECT and the close
 * frame may still wait for the socket, and an exit would cut them off (the
 * broker would publish the will); over TCP nothing waits. TRUE when done. */
gboolean
sb_mqtt_session_wait_closed (guint timeout_ms);
/* Skips the back-off wait (or retries a FAILED session). */
void
sb_mqtt_session_reconnect_now (SbMqttSession *self);

SbSessionState
sb_mqtt_session_get_state (SbMqttSession *self);
/* Why the last attempt failed or the connection dropped, in SB_MQTT_ERROR
 * (the code says what happened: SB_MQTT_ERROR_AUTH, _TLS, _REFUSED, …);
 * NULL when there was no error since the last successful connect. */
const GError *
sb_mqtt_session_get_error (SbMqttSession *self);
/* Its message ("last-error"): a sentence a person understands, e.g.
 * "Connection refused by 127.0.0.1:1884" or "Not authorised: check user
 * name and password"; NULL when there is no error. */
const char *
sb_mqtt_session_get_last_error (SbMqttSession *self);
/* Seconds until the next try while RECONNECTING. */
guint
sb_mqtt_session_get_retry_seconds (SbMqttSession *self);
/* "host:port", for status lines. */
const char *
sb_mqtt_session_get_address (SbMqttSession *self);

/* Publishes through this session's connection (must be CONNECTED). */
gboolean
sb_mqtt_session_publish (SbMqttSession *self, const char *topic, GBytes *payload, int qos,
                         gboolean retain, GError **error);
/* The same with MQTT 5 properties (@props may be NULL; with MQTT 3.1.1 they
 * are not sent). Returns the message id that "published" reports when the
 * broker has the message (QoS 1: PUBACK, QoS 2: PUBCOMP; QoS 0: when it was
 * written), or 0 and an error. */
int
sb_mqtt_session_publish_full (SbMqttSession *self, const char *topic, GBytes *payload, int qos,
                              gboolean retain, SbMessageProps *props, GError **error);

/* Signals:
 *  "message" (SbMessage *message): one per delivery, borrowed (handlers
 *             that keep it take a reference); its subscription index is the
 *             first subscription whose filter matches the topic.
 *  "messages" (GPtrArray *messages): the SbMessages that arrived together
 *             (one read of the socket), in order, borrowed; emitted before
 *             their "message" emissions. For listeners to whom an emission
 *             per message costs (at the broker's full speed as much as
 *             reading the message): a session with "messages" handlers and
 *             none of "message" emits no "message". Every handler gets the
 *             whole batch; one that stops the session decides itself what
 *             it does with the rest of it (the "message" emissions for it
 *             stop there).
 *  "subscription-failed" (guint subscription_index, const char *message):
 *             the broker refused a subscription (SUBACK 0x80).
 *  "published" (int message_id): a message of sb_mqtt_session_publish_full ()
 *             reached the broker.
 *  "connected": after every successful connect, once the broker has
 *             answered every subscribe request (SUBACK), so that anything
 *             published from then on arrives (use it to note reconnects). */

G_END_DECLS
