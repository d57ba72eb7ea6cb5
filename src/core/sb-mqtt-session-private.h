/* sb-mqtt-session-private.h: what the session's I/O half shares with the rest
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <mosquitto.h>

#include "sb-mqtt-session.h"

G_BEGIN_DECLS

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

  struct mosquitto *mosq;   /* the live connection (after connect() started) */
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

  /* A persistent session's struct whose connection dropped: reused for the
   * next connect, because libmosquitto keeps the QoS 2 messages it answered
   * with PUBREC (and delivers only at PUBREL) in it. A new struct would lose
   * them: the broker resends only the PUBREL. */
  struct mosquitto *kept;

  GPtrArray *retired; /* struct mosquitto * to destroy outside their callbacks */
  guint retired_id;
};

/* sb-mqtt-session.c */
void
sb_mqtt_session_handle_error (SbMqttSession *self, int rc, int saved_errno);
void
sb_mqtt_session_schedule_retry (SbMqttSession *self, const char *message);

/* sb-mqtt-session-io.c: the socket on the main loop */
gboolean
sb_mqtt_session_misc_cb (gpointer data);
gboolean
sb_mqtt_session_connect_timeout_cb (gpointer data);
void
sb_mqtt_session_update_io (SbMqttSession *self);

G_END_DECLS
