/* sb-mqtt-session-callbacks.c: what libmosquitto calls back (inside
 * loop_read/loop_write/loop_misc): CONNACK, SUBACK, messages with their MQTT 5
 * properties, and drops, including a client id taken over by another client
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <mqtt_protocol.h>
#include <string.h>

#include "sb-message-props-private.h"
#include "sb-mqtt-client-tls.h"
#include "sb-mqtt-client.h"
#include "sb-mqtt-session-private.h"

/* MQTT 3.1.1 has no reason code for a take-over (and some MQTT 5 brokers,
 * mosquitto 2.0.11 among them, send none): the broker closes the older
 * connection when another client connects with its id, and both clients
 * keep taking it from each other. This many drops in a row, each this soon
 * after the CONNACK, are taken for that. */
#define TAKEOVER_SHORT_DROPS 3
#define TAKEOVER_WINDOW_USEC (5 * G_USEC_PER_SEC)

static void
subscribe_all (SbMqttSession *self)
{
  for (guint i = 0; i < self->n_filters; i++)
    {
      int mid = 0;
      int rc;

      if (sb_data_source_get_protocol (self->source) == SB_PROTOCOL_MQTT_5)
        rc = mosquitto_subscribe_v5 (
            self->mosq, &mid, self->filters[i], self->filter_qos[i],
            sb_subscription_get_mqtt5_options (sb_data_source_get_subscription (self->source, i)),
            NULL);
      else
        rc = mosquitto_subscribe (self->mosq, &mid, self->filters[i], self->filter_qos[i]);

      if (rc == MOSQ_ERR_SUCCESS)
        g_hash_table_insert (self->pending_subs, GINT_TO_POINTER (mid), GUINT_TO_POINTER (i + 1));
      else
        {
          g_autofree char *message = g_strdup_printf (_ ("Cannot subscribe to “%s”: %s"),
                                                      self->filters[i], mosquitto_strerror (rc));
          g_signal_emit (self, sb_mqtt_session_signals[SB_SESSION_SIGNAL_SUBSCRIPTION_FAILED], 0, i,
                         message);
        }
      if (self->mosq == NULL) /* a handler stopped us */
        return;
    }
}

static void
on_connect (struct mosquitto *mosq, void *data, int rc, int flags, const mosquitto_property *props)
{
  SbMqttSession *self = data;
  g_autofree char *message = NULL;

  if (mosq != self->mosq)
    return;
  g_clear_handle_id (&self->connect_timeout_id, g_source_remove);

  if (rc == 0)
    {
      /* The back-off starts over only once this connection has lasted
       * (sb_mqtt_session_schedule_retry). */
      self->connack_rc = 0;
      self->connected_at = g_get_monotonic_time ();
      self->session_present = (flags & 1) != 0;
      g_clear_pointer (&self->tls_detail, g_free);
      sb_mqtt_session_set_last_error (self, NULL);
      sb_mqtt_session_set_state (self, SB_SESSION_CONNECTED);
      if (self->mosq != NULL)
        subscribe_all (self);
      /* "connected" waits for the SUBACKs: from then on every publish
       * reaches us, which is what its handlers (and tests) rely on. */
      if (self->mosq != NULL && g_hash_table_size (self->pending_subs) == 0)
        g_signal_emit (self, sb_mqtt_session_signals[SB_SESSION_SIGNAL_CONNECTED], 0);
      return;
    }

  self->connack_rc = rc;
  if (sb_mqtt_connack_is_auth_failure (rc))
    {
      sb_mqtt_session_fail (self, _ ("Not authorised: check user name and password"));
      return;
    }
  if (sb_data_source_get_protocol (self->source) == SB_PROTOCOL_MQTT_5)
    message = g_strdup_printf (_ ("%s refused the connection: %s"), self->address,
                               mosquitto_reason_string (rc));
  else
    message = g_strdup_printf (_ ("%s refused the connection: %s"), self->address,
                               mosquitto_connack_string (rc));
  if (sb_mqtt_connack_is_transient (rc))
    sb_mqtt_session_schedule_retry (self, message);
  else
    sb_mqtt_session_fail (self, message);
}

static char *
takeover_message (SbMqttSession *self)
{
  const char *client_id = sb_data_source_get_client_id (self->source);

  return g_strdup_printf (
      _ ("Another client connected with the same client id “%s”; the broker closed this "
         "connection"),
      client_id != NULL ? client_id : "");
}

/* A connection the broker closed soon after accepting it, again and again.
 * Only a fixed client id can be taken (a generated one is
 * unique), and a persistent session the broker still had (session present)
 * was not taken by a client with a clean session: those drops are the
 * network's, and the usual back-off handles them. */
static gboolean
looks_taken_over (SbMqttSession *self)
{
  const char *client_id = sb_data_source_get_client_id (self->source);

  if (self->state != SB_SESSION_CONNECTED || client_id == NULL || client_id[0] == '\0'
      || (!sb_data_source_get_clean_session (self->source) && self->session_present)
      || g_get_monotonic_time () - self->connected_at > TAKEOVER_WINDOW_USEC)
    {
      self->short_drops = 0;
      return FALSE;
    }
  return ++self->short_drops >= TAKEOVER_SHORT_DROPS;
}

static void
on_disconnect (struct mosquitto *mosq, void *data, int rc, const mosquitto_property *props)
{
  SbMqttSession *self = data;
  int saved_errno = errno;

  /* Ours (stop) or already handled (a refused CONNACK). */
  if (mosq != self->mosq || rc == MOSQ_ERR_SUCCESS)
    return;
  /* MQTT 5 says why the broker sent DISCONNECT (reason codes from 0x80;
   * libmosquitto's own error codes are small numbers). */
  if (rc == MQTT_RC_SESSION_TAKEN_OVER)
    {
      g_autofree char *message = takeover_message (self);
      sb_mqtt_session_fail (self, message);
      return;
    }
  if (rc >= 0x80)
    {
      g_autofree char *message = g_strdup_printf (_ ("%s closed the connection: %s"), self->address,
                                                  mosquitto_reason_string (rc));
      self->short_drops = 0;
      sb_mqtt_session_schedule_retry (self, message);
      return;
    }
  /* MQTT 3.1.1, and MQTT 5 brokers that close without a reason (mosquitto
   * 2.0.11 does): the broker just closed the socket. A protocol error,
   * keep alive or reset is something else, and breaks the series. */
  if (rc != MOSQ_ERR_CONN_LOST)
    self->short_drops = 0;
  else if (looks_taken_over (self))
    {
      g_autofree char *message = takeover_message (self);
      sb_mqtt_session_fail (self, message);
      return;
    }
  sb_mqtt_session_handle_error (self, rc, saved_errno);
}

static void
on_message (struct mosquitto *mosq, void *data, const struct mosquitto_message *msg,
            const mosquitto_property *props)
{
  SbMqttSession *self = data;
  g_autoptr (GBytes) payload = NULL;
  /* NULL without properties (MQTT 3.1.1, most MQTT 5 messages): no allocation. */
  g_autoptr (SbMessageProps) message_props = NULL;
  g_autoptr (SbMessage) message = NULL;
  guint index = 0;

  if (mosq != self->mosq)
    return;
  if (msg->qos == 2 && !sb_qos2_guard_accept (self->qos2_guard, msg->mid))
    {
      g_debug ("a second copy of QoS 2 message %d on “%s” not delivered again", msg->mid,
               msg->topic);
      return;
    }
  /* libmosquitto frees the message after we return: copy. */
  payload = g_bytes_new (msg->payload, msg->payloadlen);
  if (props != NULL)
    message_props = sb_message_props_new_from_mosquitto (props);
  for (guint i = 0; i < self->n_filters; i++)
    {
      bool match = false;
      if (mosquitto_topic_matches_sub (self->filters[i], msg->topic, &match) == MOSQ_ERR_SUCCESS
          && match)
        {
          index = i;
          break;
        }
    }
  message = sb_message_new (msg->topic, payload, msg->qos, msg->retain, index, message_props,
                            g_get_real_time ());
  g_signal_emit (self, sb_mqtt_session_signals[SB_SESSION_SIGNAL_MESSAGE], 0, message);
}

static void
on_subscribe (struct mosquitto *mosq, void *data, int mid, int qos_count, const int *granted_qos)
{
  SbMqttSession *self = data;
  gpointer value = NULL;
  guint index;

  if (mosq != self->mosq
      || !g_hash_table_steal_extended (self->pending_subs, GINT_TO_POINTER (mid), NULL, &value))
    return;
  index = GPOINTER_TO_UINT (value) - 1;
  if (qos_count >= 1 && granted_qos[0] >= 0x80)
    {
      g_autofree char *message
          = g_strdup_printf (_ ("The broker refused the subscription “%s”"), self->filters[index]);
      g_signal_emit (self, sb_mqtt_session_signals[SB_SESSION_SIGNAL_SUBSCRIPTION_FAILED], 0, index,
                     message);
    }
  if (mosq == self->mosq && g_hash_table_size (self->pending_subs) == 0)
    g_signal_emit (self, sb_mqtt_session_signals[SB_SESSION_SIGNAL_CONNECTED], 0);
}

static void
on_log (struct mosquitto *mosq, void *data, int level, const char *text)
{
  SbMqttSession *self = data;

  if (level == MOSQ_LOG_DEBUG)
    {
      sb_qos2_guard_note_log (self->qos2_guard, text);
      return;
    }
  /* libmosquitto reports OpenSSL's reason only here, e.g.
   * "OpenSSL Error[0]: error:0A000086:SSL routines::certificate verify failed";
   * put into words while @mosq still holds the failed handshake's state. */
  if (level != MOSQ_LOG_ERR || strstr (text, "OpenSSL Error") == NULL)
    return;
  g_free (self->tls_detail);
  self->tls_detail = sb_mqtt_client_describe_tls_error (mosq, text);
}

static void
on_publish (struct mosquitto *mosq, void *data, int mid, int reason_code,
            const mosquitto_property *props)
{
  SbMqttSession *self = data;

  g_signal_emit (self, sb_mqtt_session_signals[SB_SESSION_SIGNAL_PUBLISHED], 0, mid);
}

void
sb_mqtt_session_set_callbacks (SbMqttSession *self, struct mosquitto *mosq)
{
  /* The _v5 callbacks run for MQTT 3.1.1 too (without properties); they
   * bring the CONNACK flags, the DISCONNECT reason and the message properties. */
  mosquitto_connect_v5_callback_set (mosq, on_connect);
  mosquitto_disconnect_v5_callback_set (mosq, on_disconnect);
  mosquitto_message_v5_callback_set (mosq, on_message);
  mosquitto_subscribe_callback_set (mosq, on_subscribe);
  mosquitto_publish_v5_callback_set (mosq, on_publish);
  /* The log says why a TLS handshake failed, and which QoS 2 PUBLISH
   * arrived (the guard); formatting a line per packet costs the rest a few
   * percent, and only a persistent session gets PUBLISHes resent. */
  if (sb_data_source_get_tls_enabled (self->source)
      || !sb_data_source_get_clean_session (self->source))
    mosquitto_log_callback_set (mosq, on_log);
}
