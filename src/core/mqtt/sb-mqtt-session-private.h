/* sb-mqtt-session-private.h: what the session's I/O half shares with the rest
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <mosquitto.h>

#include "sb-mqtt-session.h"
#include "sb-ws-bridge.h"
#include "sb-qos2-guard.h"

G_BEGIN_DECLS

enum
{
  SB_SESSION_SIGNAL_MESSAGE,
  SB_SESSION_SIGNAL_SUBSCRIPTION_FAILED,
  SB_SESSION_SIGNAL_CONNECTED,
  SB_SESSION_SIGNAL_PUBLISHED,
  SB_SESSION_N_SIGNALS
};

extern guint sb_mqtt_session_signals[SB_SESSION_N_SIGNALS];

struct _SbMqttSession
{
  GObject parent_instance;

  SbDataSource *source;
  char *address;
  char **filters; /* the subscriptions' topic filters, NULL-terminated */
  int *filter_qos;
  guint n_filters;

  SbSessionState state;
  char *last_error;
  guint retry_seconds;
  guint backoff_seconds;
  guint stable_seconds; /* "stable-seconds" */

  struct mosquitto *mosq;   /* the live connection (after connect() started) */
  SbWsBridge *bridge;       /* transport websockets: the WebSocket libmosquitto talks through */
  GCancellable *connecting; /* the worker thread's attempt in flight */
  guint read_id;
  guint write_id;
  guint more_id; /* continues reading after a spent budget */
  guint misc_id;
  guint connect_timeout_id;
  guint retry_id;
  GHashTable *pending_subs; /* mid -> subscription index + 1 */
  char *tls_detail;         /* the last OpenSSL error libmosquitto logged */
  int connack_rc;           /* a refusal seen in on_connect, for on_disconnect */

  /* Duplicate client id with MQTT 3.1.1: the broker just closes the older
   * connection, so a take-over looks like drops right after each connect. */
  gint64 connected_at; /* monotonic time of the last CONNACK */
  gboolean session_present;
  guint short_drops; /* consecutive drops within a few seconds of CONNACK */

  /* A persistent session's struct whose connection dropped: reused for the
   * next connect, because libmosquitto keeps the QoS 2 messages it answered
   * with PUBREC (and delivers only at PUBREL) in it. A new struct would lose
   * them: the broker resends only the PUBREL. */
  struct mosquitto *kept;
  /* What libmosquitto's receive queue holds of QoS 2 messages (persistent
   * sessions): second copies of a resent PUBLISH are not delivered twice. */
  SbQos2Guard *qos2_guard;

  GPtrArray *retired;         /* struct mosquitto * to destroy outside their callbacks */
  GPtrArray *retired_bridges; /* SbWsBridge * to close after them */
  guint retired_id;
};

/* sb-mqtt-session.c */
void
sb_mqtt_session_set_state (SbMqttSession *self, SbSessionState state);
void
sb_mqtt_session_set_last_error (SbMqttSession *self, const char *message);
/* Retrying cannot help: stop with @message (state FAILED). */
void
sb_mqtt_session_fail (SbMqttSession *self, const char *message);
void
sb_mqtt_session_handle_error (SbMqttSession *self, int rc, int saved_errno);
void
sb_mqtt_session_schedule_retry (SbMqttSession *self, const char *message);

/* sb-mqtt-session-callbacks.c: what libmosquitto calls back */
void
sb_mqtt_session_set_callbacks (SbMqttSession *self, struct mosquitto *mosq);

/* sb-mqtt-session-io.c: the socket on the main loop */
gboolean
sb_mqtt_session_misc_cb (gpointer data);
gboolean
sb_mqtt_session_connect_timeout_cb (gpointer data);
void
sb_mqtt_session_update_io (SbMqttSession *self);

G_END_DECLS
