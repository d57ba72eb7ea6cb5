/* sb-mqtt-connection.c
 *
 * libmosquitto driven by the GLib main loop: the socket is watched for input
 * always and for output only while libmosquitto has something queued; only
 * the name resolution + connect () start runs in a worker thread, because
 * libmosquitto does both synchronously. One wakeup reads until the socket is
 * drained or a budget is spent, so a flood neither starves the UI nor costs a
 * wakeup per message.
 *
 * Every connection attempt gets its own struct mosquitto. That keeps the
 * worker thread and the main loop from ever sharing one, and lets a drop or
 * a close inside a libmosquitto callback simply retire the struct: it is
 * destroyed once libmosquitto has returned to us.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sb-mqtt-connection.h"

#include <errno.h>
#include <glib-unix.h>
#include <malloc.h>
#include <glib/gi18n-lib.h>
#include <mosquitto.h>
#include <mqtt_protocol.h>
#include <string.h>

#include "sb-message-props-private.h"
#include "sb-mqtt-client-tls.h"
#include "sb-mqtt-client.h"
#include "sb-qos2-guard.h"
#include "sb-read-pacer.h"
#include "sb-ws-bridge.h"

#define CONNECT_TIMEOUT_SECONDS 15
#define MIN_KEEP_ALIVE_SECONDS 5

/* One wakeup reads at most this many packets or for this long. */
#define READ_BUDGET_PACKETS 1000
#define READ_BUDGET_USEC (8 * 1000)
/* The messages of one read go up together ("messages"), in one emission
 * per read instead of one per message (a GLib signal emission costs about
 * 700 instructions, as much as libmosquitto's reading of a small PUBLISH);
 * a read of large payloads hands them on once this many bytes are queued. */
#define READ_BATCH_BYTES (1024 * 1024)

struct _SbMqttConnection
{
  GObject parent_instance;

  SbDataSource *source;
  char *address;
  char **filters; /* the subscriptions' topic filters, NULL-terminated */
  int *filter_qos;
  guint n_filters;

  struct mosquitto *mosq;   /* the live connection (after connect () started) */
  SbWsBridge *bridge;       /* transport websockets: the WebSocket libmosquitto talks through */
  GCancellable *connecting; /* the worker thread's attempt in flight */
  gboolean connacked;       /* the broker accepted the current attempt */
  guint read_id;
  guint write_id;
  guint more_id;       /* continues reading after a spent budget */
  guint pace_id;       /* a flood: the next read when the pacer says, the watch off until then */
  SbReadPacer *pacer;  /* when the next read comes under a flood */
  guint acked;         /* QoS 1/2 messages read (their acknowledgements go out with the batch) */
  guint delivered;     /* PUBLISH packets libmosquitto handed to on_message */
  gboolean reading;    /* read_packets () runs */
  gint64 read_time;    /* the wall-clock time of the read in progress, or 0 */
  GPtrArray *queue;    /* SbMessage *: read, not yet handed on ("messages") */
  guint taken;         /* queue[0 .. taken) went to a handler */
  gsize queue_bytes;   /* the queued payloads' sizes */
  gboolean delivering; /* "messages" is being emitted */
  guint misc_id;
  guint connect_timeout_id;
  GHashTable *pending_subs; /* mid -> subscription index + 1 */
  char *tls_detail;         /* the last OpenSSL error libmosquitto logged */

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

G_DEFINE_FINAL_TYPE (SbMqttConnection, sb_mqtt_connection, G_TYPE_OBJECT)

enum
{
  SIGNAL_CONNECTED,
  SIGNAL_SUBSCRIBED,
  SIGNAL_SUBSCRIPTION_FAILED,
  SIGNAL_MESSAGES,
  SIGNAL_CLOSED,
  SIGNAL_PUBLISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

enum
{
  PROP_0,
  PROP_QOS_WINDOW,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
update_io (SbMqttConnection *self);

/* ---- the messages of a read ------------------------------------------------ */

static void
drop_queue (SbMqttConnection *self)
{
  for (guint i = self->taken; i < self->queue->len; i++)
    sb_message_unref (g_ptr_array_index (self->queue, i));
  g_ptr_array_set_size (self->queue, 0);
  self->taken = 0;
  self->queue_bytes = 0;
}

/* Hands the queued messages to the "messages" handlers, which take them in
 * order with sb_mqtt_connection_take_message (); those not taken are
 * dropped. Every other signal calls it first, so that a handler sees the
 * messages and the other events in the order they were read. A handler may
 * close the connection: check self->mosq after. */
static void
deliver_messages (SbMqttConnection *self)
{
  gboolean reading = self->reading;

  /* A main loop run inside a handler that ends in a callback of ours: the
   * outer emission goes on taking them, in order. */
  if (self->delivering || self->taken == self->queue->len)
    return;
  g_object_ref (self);
  self->delivering = TRUE;
  /* libmosquitto may not be inside a call now, but a read during the
   * emission would queue messages behind those not yet taken. */
  self->reading = TRUE;
  g_signal_emit (self, signals[SIGNAL_MESSAGES], 0);
  self->reading = reading;
  self->delivering = FALSE;
  drop_queue (self);
  g_object_unref (self);
}

SbMessage *
sb_mqtt_connection_take_message (SbMqttConnection *self)
{
  g_return_val_if_fail (SB_IS_MQTT_CONNECTION (self), NULL);

  if (self->taken >= self->queue->len)
    return NULL;
  return g_steal_pointer (&g_ptr_array_index (self->queue, self->taken++));
}

static gpointer
lib_init_once (gpointer data)
{
  mosquitto_lib_init ();
  /* Every payload is copied out of libmosquitto's buffer. With glibc's
   * defaults two live 64 KiB payloads cross the 128 KiB trim threshold, so
   * every free () handed memory back to the kernel: 57% of the CPU of a
   * 64 KiB flood went to brk/munmap (docs/performance.md). Keep it. */
  mallopt (M_TRIM_THRESHOLD, 64 * 1024 * 1024);
  mallopt (M_MMAP_THRESHOLD, 4 * 1024 * 1024);
  return NULL;
}

static void
ensure_lib_init (void)
{
  static GOnce once = G_ONCE_INIT;

  g_once (&once, lib_init_once, NULL);
}

/* ---- where to connect ------------------------------------------------- */

/* The one place that says where libmosquitto connects to: the broker's
 * host and port over TCP; over WebSocket the unix socket of the bridge
 * (port 0 makes libmosquitto connect to a unix socket at that path). A new
 * transport that brings its own bridge adds its case here and in
 * sb_mqtt_connection_open (). */
static void
connection_target (SbMqttConnection *self, const char **host, int *port)
{
  if (self->bridge != NULL)
    {
      *host = sb_ws_bridge_get_socket_path (self->bridge);
      *port = 0;
      return;
    }
  *host = sb_data_source_get_broker (self->source);
  *port = (int)sb_data_source_get_effective_port (self->source);
}

/* ---- retiring a struct mosquitto ---------------------------------------- */

static gboolean
destroy_retired_cb (gpointer data)
{
  SbMqttConnection *self = data;

  self->retired_id = 0;
  g_ptr_array_set_size (self->retired, 0);
  g_ptr_array_set_size (self->retired_bridges, 0);
  return G_SOURCE_REMOVE;
}

static void
destroy_mosq (gpointer data)
{
  struct mosquitto *mosq = data;

  /* A DISCONNECT queued inside a callback still deserves to be sent. */
  if (mosquitto_want_write (mosq))
    mosquitto_loop_write (mosq, 1);
  mosquitto_destroy (mosq);
}

static void
release_bridge (gpointer bridge)
{
  sb_ws_bridge_close (bridge);
  g_object_unref (bridge);
}

void
sb_mqtt_connection_close (SbMqttConnection *self, gboolean send_disconnect)
{
  g_return_if_fail (SB_IS_MQTT_CONNECTION (self));

  if (self->connecting != NULL)
    {
      g_cancellable_cancel (self->connecting);
      g_clear_object (&self->connecting);
    }
  g_clear_handle_id (&self->read_id, g_source_remove);
  g_clear_handle_id (&self->write_id, g_source_remove);
  g_clear_handle_id (&self->more_id, g_source_remove);
  g_clear_handle_id (&self->pace_id, g_source_remove);
  g_clear_handle_id (&self->misc_id, g_source_remove);
  g_clear_handle_id (&self->connect_timeout_id, g_source_remove);
  g_hash_table_remove_all (self->pending_subs);
  self->connacked = FALSE;
  /* Messages read before the close that no handler took yet are not
   * delivered: nothing comes after close (), as when each message had its
   * own signal and the read stopped at the close. */
  drop_queue (self);

  if (self->mosq == NULL)
    {
      if (self->bridge != NULL)
        {
          g_ptr_array_add (self->retired_bridges, g_steal_pointer (&self->bridge));
          if (self->retired_id == 0)
            self->retired_id = g_idle_add_full (G_PRIORITY_DEFAULT, destroy_retired_cb, self, NULL);
        }
      return;
    }
  /* libmosquitto closed the socket of a dropped connection before it told
   * us: nothing is in flight on it, so it can connect again later. */
  if (!send_disconnect && self->kept == NULL && !sb_data_source_get_clean_session (self->source)
      && mosquitto_socket (self->mosq) < 0)
    {
      self->kept = g_steal_pointer (&self->mosq);
      return;
    }
  if (send_disconnect)
    mosquitto_disconnect (self->mosq);
  /* We may be inside one of its callbacks: destroy it from an idle. */
  g_ptr_array_add (self->retired, g_steal_pointer (&self->mosq));
  /* The DISCONNECT (written by destroy_retired_cb) still reaches the bridge's
   * socket; the bridge goes with it. */
  if (self->bridge != NULL)
    g_ptr_array_add (self->retired_bridges, g_steal_pointer (&self->bridge));
  if (self->retired_id == 0)
    self->retired_id = g_idle_add_full (G_PRIORITY_DEFAULT, destroy_retired_cb, self, NULL);
}

gboolean
sb_mqtt_connection_wait_closed (guint timeout_ms)
{
  /* Over TCP the DISCONNECT is in the kernel's hands once written; only a
   * bridge has frames of its own that an exit would cut off. */
  return sb_ws_bridge_wait_closed (timeout_ms);
}

/* ---- failures ------------------------------------------------------------ */

/* Closes and tells the session why; takes @error. The messages read before
 * the failure are delivered first; a handler that closes the connection
 * meanwhile gets no "closed" (close () emits none). */
static void
close_with (SbMqttConnection *self, GError *error)
{
  struct mosquitto *mosq = self->mosq;

  deliver_messages (self);
  if (self->mosq != mosq)
    {
      g_error_free (error);
      return;
    }
  sb_mqtt_connection_close (self, FALSE);
  g_signal_emit (self, signals[SIGNAL_CLOSED], 0, error);
  g_error_free (error);
}

static GError *
tls_error (SbMqttConnection *self)
{
  if (self->tls_detail != NULL)
    return g_error_new (SB_MQTT_ERROR, SB_MQTT_ERROR_TLS, _ ("TLS: %s"), self->tls_detail);
  return g_error_new_literal (SB_MQTT_ERROR, SB_MQTT_ERROR_TLS, _ ("TLS: handshake failed"));
}

/* A libmosquitto error code (with the errno it left) as an error a person understands. */
static GError *
describe_error (SbMqttConnection *self, int rc, int saved_errno)
{
  /* Closed by the other side, not unreachable. */
  gboolean lost = rc == MOSQ_ERR_CONN_LOST
                  || (rc == MOSQ_ERR_ERRNO
                      && (saved_errno == 0 || saved_errno == EPROTO || saved_errno == ECONNRESET
                          || saved_errno == EPIPE));

  /* A TLS connection that ends before the CONNACK: with a TLS 1.3 broker the
   * refusal of a client certificate (or of its absence) comes after the
   * handshake, as an alert the next read meets (OpenSSL's reason logged) or,
   * when the broker's reset swallowed it, as a plain lost connection or a
   * TLS error with no reason logged (about one time in four under ASan). */
  if ((lost || rc == MOSQ_ERR_TLS) && !self->connacked
      && sb_data_source_get_tls_enabled (self->source))
    {
      if (self->tls_detail != NULL)
        return tls_error (self);
      if (sb_data_source_get_tls_client_cert (self->source)[0] == '\0')
        return g_error_new_literal (
            SB_MQTT_ERROR, SB_MQTT_ERROR_NETWORK,
            _ ("TLS: the broker closed the connection after the handshake (does it "
               "require a client certificate?)"));
    }

  /* Over WebSocket, the bridge knows why the connection ended. */
  if (lost && self->bridge != NULL && sb_ws_bridge_get_close_reason (self->bridge) != NULL)
    return g_error_new (SB_MQTT_ERROR, SB_MQTT_ERROR_NETWORK, _ ("Connection to %s lost: %s"),
                        self->address, sb_ws_bridge_get_close_reason (self->bridge));

  switch (rc)
    {
      case MOSQ_ERR_TLS:
        return tls_error (self);
      case MOSQ_ERR_EAI:
        return g_error_new (SB_MQTT_ERROR, SB_MQTT_ERROR_RESOLVE, _ ("Unknown host “%s”"),
                            sb_data_source_get_broker (self->source));
      case MOSQ_ERR_ERRNO:
        if (saved_errno == ECONNREFUSED)
          return g_error_new (SB_MQTT_ERROR, SB_MQTT_ERROR_REFUSED, _ ("Connection refused by %s"),
                              self->address);
        if (saved_errno == 0)
          return g_error_new (SB_MQTT_ERROR, SB_MQTT_ERROR_NETWORK, _ ("Connection to %s lost"),
                              self->address);
        return g_error_new (SB_MQTT_ERROR,
                            saved_errno == EHOSTUNREACH || saved_errno == ENETUNREACH
                                ? SB_MQTT_ERROR_REFUSED
                                : SB_MQTT_ERROR_NETWORK,
                            _ ("Cannot reach %s: %s"), self->address, g_strerror (saved_errno));
      case MOSQ_ERR_KEEPALIVE:
        return g_error_new (SB_MQTT_ERROR, SB_MQTT_ERROR_TIMEOUT,
                            _ ("No answer from %s (keep alive)"), self->address);
      default:
        return g_error_new (
            SB_MQTT_ERROR, rc == MOSQ_ERR_CONN_LOST ? SB_MQTT_ERROR_CLOSED : SB_MQTT_ERROR_NETWORK,
            _ ("Connection to %s lost: %s"), self->address, mosquitto_strerror (rc));
    }
}

static void
handle_error (SbMqttConnection *self, int rc, int saved_errno)
{
  close_with (self, describe_error (self, rc, saved_errno));
}

/* ---- libmosquitto's callbacks ---------------------------------------------- */

static void
subscribe_all (SbMqttConnection *self)
{
  struct mosquitto *mosq = self->mosq;

  for (guint i = 0; i < self->n_filters; i++)
    {
      int mid = 0;
      int rc;

      if (sb_data_source_get_protocol (self->source) == SB_PROTOCOL_MQTT_5)
        rc = mosquitto_subscribe_v5 (
            mosq, &mid, self->filters[i], self->filter_qos[i],
            sb_subscription_get_mqtt5_options (sb_data_source_get_subscription (self->source, i)),
            NULL);
      else
        rc = mosquitto_subscribe (mosq, &mid, self->filters[i], self->filter_qos[i]);

      if (rc == MOSQ_ERR_SUCCESS)
        g_hash_table_insert (self->pending_subs, GINT_TO_POINTER (mid), GUINT_TO_POINTER (i + 1));
      else
        {
          g_autofree char *message = g_strdup_printf (_ ("Cannot subscribe to “%s”: %s"),
                                                      self->filters[i], mosquitto_strerror (rc));
          deliver_messages (self);
          if (self->mosq != mosq)
            return;
          g_signal_emit (self, signals[SIGNAL_SUBSCRIPTION_FAILED], 0, i, message);
        }
      if (self->mosq != mosq) /* a handler closed us */
        return;
    }
}

static void
on_connect (struct mosquitto *mosq, void *data, int rc, int flags, const mosquitto_property *props)
{
  SbMqttConnection *self = data;
  const char *reason;

  if (mosq != self->mosq)
    return;
  g_clear_handle_id (&self->connect_timeout_id, g_source_remove);
  deliver_messages (self);
  if (mosq != self->mosq)
    return;

  if (rc == 0)
    {
      self->connacked = TRUE;
      g_clear_pointer (&self->tls_detail, g_free);
      /* Perhaps another broker, or the same with another configuration. */
      if (sb_read_pacer_get_qos_window (self->pacer) != 0)
        {
          sb_read_pacer_reset (self->pacer);
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QOS_WINDOW]);
          if (self->mosq != mosq)
            return;
        }
      g_signal_emit (self, signals[SIGNAL_CONNECTED], 0, (gboolean)((flags & 1) != 0));
      if (self->mosq != mosq)
        return;
      subscribe_all (self);
      /* "subscribed" waits for the SUBACKs: from then on every publish
       * reaches us, which is what the session's "connected" promises. */
      if (self->mosq == mosq && g_hash_table_size (self->pending_subs) == 0)
        g_signal_emit (self, signals[SIGNAL_SUBSCRIBED], 0);
      return;
    }

  if (sb_mqtt_connack_is_auth_failure (rc))
    {
      close_with (self, g_error_new_literal (SB_MQTT_ERROR, SB_MQTT_ERROR_AUTH,
                                             _ ("Not authorised: check user name and password")));
      return;
    }
  reason = sb_data_source_get_protocol (self->source) == SB_PROTOCOL_MQTT_5
               ? mosquitto_reason_string (rc)
               : mosquitto_connack_string (rc);
  close_with (self, g_error_new (SB_MQTT_ERROR,
                                 sb_mqtt_connack_is_transient (rc) ? SB_MQTT_ERROR_UNAVAILABLE
                                                                   : SB_MQTT_ERROR_PROTOCOL,
                                 _ ("%s refused the connection: %s"), self->address, reason));
}

static void
on_disconnect (struct mosquitto *mosq, void *data, int rc, const mosquitto_property *props)
{
  SbMqttConnection *self = data;
  int saved_errno = errno;

  /* Ours (close) or already handled (a refused CONNACK). */
  if (mosq != self->mosq || rc == MOSQ_ERR_SUCCESS)
    return;
  /* MQTT 5 says why the broker sent DISCONNECT (reason codes from 0x80;
   * libmosquitto's own error codes are small numbers). */
  if (rc == MQTT_RC_SESSION_TAKEN_OVER)
    {
      const char *client_id = sb_data_source_get_client_id (self->source);

      close_with (self,
                  g_error_new (SB_MQTT_ERROR, SB_MQTT_ERROR_TAKEN_OVER,
                               _ ("Another client connected with the same client id “%s”; the "
                                  "broker closed this connection"),
                               client_id != NULL ? client_id : ""));
      return;
    }
  if (rc >= 0x80)
    {
      close_with (self, g_error_new (SB_MQTT_ERROR, SB_MQTT_ERROR_NETWORK,
                                     _ ("%s closed the connection: %s"), self->address,
                                     mosquitto_reason_string (rc)));
      return;
    }
  handle_error (self, rc, saved_errno);
}

/* The payload of @msg, for g_free (). libmosquitto 2.0 allocates a
 * PUBLISH's payload with malloc () and frees it after on_message, unless it
 * is NULL by then, for QoS 0 and 1 (handle__publish: message__cleanup ()
 * right after the callback); we take it instead of copying it (a malloc, a
 * copy and a free per message; 64 KiB each in a flood of large payloads). A
 * QoS 2 message stays in libmosquitto's receive queue until PUBREL
 * (libmosquitto 2.1: after the callback): copied. */
static gpointer
take_payload (const struct mosquitto_message *msg)
{
#if LIBMOSQUITTO_MAJOR == 2
  if (msg->qos < 2)
    {
      struct mosquitto_message *owned = (struct mosquitto_message *)msg;

      return g_steal_pointer (&owned->payload);
    }
#endif
  return g_memdup2 (msg->payload, (gsize)msg->payloadlen);
}

static void
on_message (struct mosquitto *mosq, void *data, const struct mosquitto_message *msg,
            const mosquitto_property *props)
{
  SbMqttConnection *self = data;
  gpointer payload;
  /* NULL without properties (MQTT 3.1.1, most MQTT 5 messages): no allocation. */
  g_autoptr (SbMessageProps) message_props = NULL;
  g_autoptr (SbMessage) message = NULL;
  guint index = 0;

  if (mosq != self->mosq)
    return;
  self->delivered++;
  if (msg->qos == 2 && !sb_qos2_guard_accept (self->qos2_guard, msg->mid))
    {
      g_debug ("a second copy of QoS 2 message %d on “%s” not delivered again", msg->mid,
               msg->topic);
      return;
    }
  if (msg->qos > 0)
    self->acked++;
  payload = take_payload (msg);
  if (props != NULL)
    message_props = sb_message_props_new_from_mosquitto (props);
  /* With one subscription the index is 0 whatever matches: no matching
   * (about 150 instructions a message). */
  for (guint i = 0; self->n_filters > 1 && i < self->n_filters; i++)
    {
      bool match = false;
      if (mosquitto_topic_matches_sub (self->filters[i], msg->topic, &match) == MOSQ_ERR_SUCCESS
          && match)
        {
          index = i;
          break;
        }
    }
  /* The messages of one read arrived together: one clock read for them all
   * (a clock read per message was 2 % of a flood's CPU on a virtual machine). */
  message = sb_message_new_take (msg->topic, payload, (gsize)msg->payloadlen, msg->qos, msg->retain,
                                 index, message_props,
                                 self->read_time != 0 ? self->read_time : g_get_real_time ());
  g_ptr_array_add (self->queue, g_steal_pointer (&message));
  self->queue_bytes += (gsize)msg->payloadlen;
  /* read_packets () delivers after the read; a read of its own (the TLS
   * handshake's, in write_cb) at once. */
  if (!self->reading)
    deliver_messages (self);
}

static void
on_subscribe (struct mosquitto *mosq, void *data, int mid, int qos_count, const int *granted_qos)
{
  SbMqttConnection *self = data;
  gpointer value = NULL;
  guint index;

  if (mosq != self->mosq
      || !g_hash_table_steal_extended (self->pending_subs, GINT_TO_POINTER (mid), NULL, &value))
    return;
  index = GPOINTER_TO_UINT (value) - 1;
  deliver_messages (self);
  if (mosq != self->mosq)
    return;
  if (qos_count >= 1 && granted_qos[0] >= 0x80)
    {
      g_autofree char *message
          = g_strdup_printf (_ ("The broker refused the subscription “%s”"), self->filters[index]);
      g_signal_emit (self, signals[SIGNAL_SUBSCRIPTION_FAILED], 0, index, message);
    }
  if (mosq == self->mosq && g_hash_table_size (self->pending_subs) == 0)
    g_signal_emit (self, signals[SIGNAL_SUBSCRIBED], 0);
}

static void
on_log (struct mosquitto *mosq, void *data, int level, const char *text)
{
  SbMqttConnection *self = data;

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
  SbMqttConnection *self = data;

  if (mosq != self->mosq)
    return;
  deliver_messages (self);
  if (mosq == self->mosq)
    g_signal_emit (self, signals[SIGNAL_PUBLISHED], 0, mid);
}

static void
set_callbacks (SbMqttConnection *self, struct mosquitto *mosq)
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

/* ---- the socket on the main loop ---------------------------------------- */

static void
read_packets (SbMqttConnection *self, gboolean paced);

/* Writes what libmosquitto has queued, as far as the socket takes it; an
 * error closes @mosq. */
static void
write_queued (SbMqttConnection *self, struct mosquitto *mosq)
{
  int rc;
  int saved_errno;

  errno = 0;
  rc = mosquitto_loop_write (mosq, 1);
  saved_errno = errno;
  if (self->mosq == mosq && rc != MOSQ_ERR_SUCCESS)
    handle_error (self, rc, saved_errno);
}

static gboolean
more_cb (gpointer data)
{
  SbMqttConnection *self = data;

  self->more_id = 0;
  read_packets (self, FALSE);
  return G_SOURCE_REMOVE;
}

static gboolean
pace_cb (gpointer data)
{
  SbMqttConnection *self = data;

  self->pace_id = 0;
  read_packets (self, TRUE);
  return G_SOURCE_REMOVE;
}

/* Reads until the socket is drained or the budget is spent; @paced: pace_cb
 * called, after the watch was off for the pause the pacer asked for. */
static void
read_packets (SbMqttConnection *self, gboolean paced)
{
  struct mosquitto *mosq = self->mosq;
  gint64 now = g_get_monotonic_time ();
  gint64 deadline = now + READ_BUDGET_USEC;
  gboolean drained = FALSE;
  guint packets = 0;
  guint acked = self->acked;
  guint pause_us = 0;

  g_object_ref (self);
  self->reading = TRUE;
  self->read_time = g_get_real_time ();
  /* libmosquitto writes a packet it queues at once (one send () per PUBACK,
   * between the reads) unless it believes another thread runs its loop:
   * while we read, it does not, and the acknowledgements wait for
   * write_queued () below. */
  mosquitto_threaded_set (mosq, true);
  for (guint i = 0; i < READ_BUDGET_PACKETS; i++)
    {
      guint delivered = self->delivered;
      int rc;
      int saved_errno;

      errno = 0;
      rc = mosquitto_loop_read (mosq, 1);
      saved_errno = errno;
      if (self->mosq != mosq) /* dropped or closed inside a callback */
        break;
      if (rc != MOSQ_ERR_SUCCESS)
        {
          handle_error (self, rc, saved_errno);
          break;
        }
      /* libmosquitto gives no "drained" result: a read that stopped short
       * says EAGAIN. So does a whole PUBLISH read when its acknowledgement
       * was queued: libmosquitto writes a byte to its internal socket pair
       * for every packet it queues, which only its own select loop empties,
       * so from about the 280th acknowledgement on that write fails with
       * EAGAIN (strace). Taken for "drained", that ended every read after one
       * QoS 1/2 message: a wakeup (poll, dispatch) per message. A read that
       * delivered a message did not stop short. */
      if ((saved_errno == EAGAIN || saved_errno == EWOULDBLOCK) && self->delivered == delivered)
        {
          drained = TRUE;
          break;
        }
      packets++;
      if (self->queue_bytes >= READ_BATCH_BYTES)
        {
          deliver_messages (self);
          if (self->mosq != mosq)
            break;
        }
      if ((i & 15) == 15 && g_get_monotonic_time () > deadline)
        break;
    }
  /* The batch goes up while libmosquitto still queues what a handler
   * publishes: it leaves with the acknowledgements below. */
  if (self->mosq == mosq)
    deliver_messages (self);
  self->read_time = 0;
  self->reading = FALSE;
  mosquitto_threaded_set (mosq, false);
  /* The pacer's answer (a pause or none) is taken only if the read drained
   * the socket; its window is notified after it has learnt from this read. */
  if (self->mosq == mosq)
    {
      guint window = sb_read_pacer_get_qos_window (self->pacer);

      pause_us = sb_read_pacer_read_done (self->pacer, now, packets, self->acked - acked, paced);
      if (sb_read_pacer_get_qos_window (self->pacer) != window)
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QOS_WINDOW]);
    }
  /* The acknowledgements these reads queued (PUBACK, PUBREC, PUBCOMP) go out
   * now: the socket is nearly always writable, and waiting for the write
   * watch cost a poll, a watch added and removed per batch (QoS 1 at 16k
   * msg/s: a batch is a few messages). A full socket keeps the rest queued
   * for the watch. Outside any libmosquitto call, as write_cb. */
  if (self->mosq == mosq && self->connacked && mosquitto_want_write (mosq))
    write_queued (self, mosq);
  if (self->mosq == mosq)
    {
      /* TLS may hold decrypted bytes the socket no longer shows: come back soon. */
      if (!drained && self->more_id == 0)
        self->more_id = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, more_cb, self, NULL);
      else if (drained && pause_us > 0 && self->pace_id == 0 && self->connacked)
        {
          /* The watch goes until then: update_io () leaves it off while paced. */
          g_clear_handle_id (&self->read_id, g_source_remove);
          self->pace_id
              = g_timeout_add_full (G_PRIORITY_DEFAULT, pause_us / 1000, pace_cb, self, NULL);
        }
      update_io (self);
    }
  g_object_unref (self);
}

static gboolean
read_cb (int fd, GIOCondition condition, gpointer data)
{
  SbMqttConnection *self = data;

  /* A main loop run inside a message handler: libmosquitto is not reentrant. */
  if (!self->reading)
    read_packets (self, FALSE);
  return G_SOURCE_CONTINUE; /* close () removed us if needed */
}

static gboolean
write_cb (int fd, GIOCondition condition, gpointer data)
{
  SbMqttConnection *self = data;
  struct mosquitto *mosq = self->mosq;
  int rc;
  int saved_errno;

  g_object_ref (self);
  /* The TLS handshake advances only in loop_read (libmosquitto 2.0); a
   * handshake that waits for the socket to become writable would otherwise
   * never move. */
  if (!self->connacked)
    {
      errno = 0;
      rc = mosquitto_loop_read (mosq, 1);
      saved_errno = errno;
      if (self->mosq == mosq && rc != MOSQ_ERR_SUCCESS)
        handle_error (self, rc, saved_errno);
    }
  if (self->mosq == mosq)
    write_queued (self, mosq);
  if (self->mosq == mosq)
    update_io (self);
  g_object_unref (self);
  return G_SOURCE_CONTINUE;
}

static gboolean
misc_cb (gpointer data)
{
  SbMqttConnection *self = data;
  struct mosquitto *mosq = self->mosq;
  int rc;

  g_object_ref (self);
  rc = mosquitto_loop_misc (mosq);
  if (self->mosq == mosq && rc != MOSQ_ERR_SUCCESS)
    handle_error (self, rc, 0);
  if (self->mosq == mosq)
    update_io (self);
  g_object_unref (self);
  return G_SOURCE_CONTINUE;
}

static gboolean
connect_timeout_cb (gpointer data)
{
  SbMqttConnection *self = data;

  self->connect_timeout_id = 0;
  close_with (self, g_error_new (SB_MQTT_ERROR, SB_MQTT_ERROR_TIMEOUT,
                                 _ ("No answer from %s (connection timed out)"), self->address));
  return G_SOURCE_REMOVE;
}

/* Keeps the watches in line with the socket and with what libmosquitto
 * wants to write; called after every libmosquitto call. The socket closes
 * on a drop and may come back with the same number: watches follow it. */
static void
update_io (SbMqttConnection *self)
{
  int fd = self->mosq != NULL ? mosquitto_socket (self->mosq) : -1;

  if (fd < 0)
    {
      g_clear_handle_id (&self->read_id, g_source_remove);
      g_clear_handle_id (&self->write_id, g_source_remove);
      g_clear_handle_id (&self->pace_id, g_source_remove);
      return;
    }
  if (self->read_id == 0 && self->pace_id == 0)
    {
      g_autoptr (GSource) source = g_unix_fd_source_new (fd, G_IO_IN | G_IO_HUP | G_IO_ERR);

      /* GLib takes a source that cannot recurse off the poll set while it
       * runs and puts it back after, each time waking its own eventfd: two
       * writes, a read and a poll per wakeup (strace), which at QoS 1 full
       * speed comes every few messages. read_cb guards itself instead. */
      g_source_set_can_recurse (source, TRUE);
      g_source_set_callback (source, G_SOURCE_FUNC (read_cb), self, NULL);
      self->read_id = g_source_attach (source, NULL);
    }
  if (mosquitto_want_write (self->mosq))
    {
      if (self->write_id == 0)
        self->write_id
            = g_unix_fd_add_full (G_PRIORITY_DEFAULT, fd, G_IO_OUT, write_cb, self, NULL);
    }
  else
    g_clear_handle_id (&self->write_id, g_source_remove);
}

/* ---- connecting ---------------------------------------------------------- */

static void
connect_done (GObject *object, GAsyncResult *result, gpointer user_data)
{
  SbMqttConnection *self = SB_MQTT_CONNECTION (object);
  GCancellable *cancellable = g_task_get_cancellable (G_TASK (result));
  struct mosquitto *mosq;
  int rc = MOSQ_ERR_SUCCESS;
  int saved_errno = 0;

  /* Closed (or reopened) meanwhile: this attempt's struct just goes. */
  if (g_cancellable_is_cancelled (cancellable))
    return;
  g_clear_object (&self->connecting);

  mosq = sb_mqtt_client_connect_finish (result, &rc, &saved_errno);
  if (rc != MOSQ_ERR_SUCCESS)
    {
      /* A broker that is restarting refuses us for a while: keep a
       * persistent session's struct (and its QoS 2 state) for the retry. */
      if (self->kept == NULL && !sb_data_source_get_clean_session (self->source))
        self->kept = mosq;
      else
        mosquitto_destroy (mosq);
      handle_error (self, rc, saved_errno);
      return;
    }
  self->mosq = mosq;
  self->misc_id = g_timeout_add_seconds (1, misc_cb, self);
  self->connect_timeout_id
      = g_timeout_add_seconds (CONNECT_TIMEOUT_SECONDS, connect_timeout_cb, self);
  update_io (self);
}

/* libmosquitto's connect () to connection_target (), in a worker thread. */
static void
start_connect (SbMqttConnection *self, struct mosquitto *mosq, int keep_alive)
{
  const char *host;
  int port;

  connection_target (self, &host, &port);
  sb_mqtt_client_connect_async (mosq, host, port, keep_alive, G_OBJECT (self), self->connecting,
                                connect_done, NULL);
}

typedef struct
{
  SbMqttConnection *connection;
  struct mosquitto *mosq;
  int keep_alive;
} BridgeAttempt;

static void
bridge_opened (GObject *object, GAsyncResult *result, gpointer user_data)
{
  BridgeAttempt *attempt = user_data;
  g_autoptr (SbMqttConnection) self = attempt->connection;
  struct mosquitto *mosq = attempt->mosq;
  int keep_alive = attempt->keep_alive;
  g_autoptr (GError) error = NULL;
  g_autoptr (SbWsBridge) bridge = sb_ws_bridge_open_finish (result, &error);

  g_free (attempt);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->connecting == NULL
      || g_cancellable_is_cancelled (self->connecting))
    {
      mosquitto_destroy (mosq);
      return;
    }
  if (bridge == NULL)
    {
      if (self->kept == NULL && !sb_data_source_get_clean_session (self->source))
        self->kept = mosq;
      else
        mosquitto_destroy (mosq);
      g_clear_object (&self->connecting);
      close_with (self, g_steal_pointer (&error));
      return;
    }
  self->bridge = g_steal_pointer (&bridge);
  start_connect (self, mosq, keep_alive);
}

void
sb_mqtt_connection_open (SbMqttConnection *self)
{
  g_autoptr (GError) error = NULL;
  struct mosquitto *mosq;
  guint keep_alive;

  g_return_if_fail (SB_IS_MQTT_CONNECTION (self));

  sb_mqtt_connection_close (self, FALSE);
  g_clear_pointer (&self->tls_detail, g_free);

  mosq = g_steal_pointer (&self->kept);
  if (mosq == NULL)
    {
      sb_qos2_guard_reset (self->qos2_guard);
      mosq = sb_mqtt_client_new (self->source, self, &error);
    }
  if (mosq == NULL)
    {
      close_with (self, g_steal_pointer (&error));
      return;
    }
  set_callbacks (self, mosq);

  /* libmosquitto refuses keep alives under 5 s (MOSQ_ERR_INVAL): a shorter
   * setting gets the shortest it accepts rather than a puzzling failure. */
  keep_alive = sb_data_source_get_keep_alive (self->source);
  if (keep_alive == 0)
    keep_alive = SB_DEFAULT_KEEP_ALIVE;
  keep_alive = CLAMP (keep_alive, MIN_KEEP_ALIVE_SECONDS, G_MAXUINT16);
  self->connecting = g_cancellable_new ();
  if (sb_data_source_get_transport (self->source) == SB_TRANSPORT_WEBSOCKETS)
    {
      /* The WebSocket first: libmosquitto then connects to the bridge's socket. */
      BridgeAttempt *attempt = g_new0 (BridgeAttempt, 1);

      attempt->connection = g_object_ref (self);
      attempt->mosq = mosq;
      attempt->keep_alive = (int)keep_alive;
      sb_ws_bridge_open_async (self->source, self->connecting, bridge_opened, attempt);
      return;
    }
  start_connect (self, mosq, (int)keep_alive);
}

int
sb_mqtt_connection_publish (SbMqttConnection *self, const char *topic, GBytes *payload, int qos,
                            gboolean retain, SbMessageProps *props, GError **error)
{
  gsize len = 0;
  const void *data;
  mosquitto_property *list = NULL;
  int mid = 0;
  int rc;

  g_return_val_if_fail (SB_IS_MQTT_CONNECTION (self), 0);
  g_return_val_if_fail (topic != NULL, 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  if (self->mosq == NULL || !self->connacked)
    {
      g_set_error (error, SB_MQTT_ERROR, SB_MQTT_ERROR_PUBLISH,
                   _ ("Cannot publish to “%s”: not connected"), topic);
      return 0;
    }
  data = payload != NULL ? g_bytes_get_data (payload, &len) : NULL;
  if (len > G_MAXINT)
    {
      g_set_error (error, SB_MQTT_ERROR, SB_MQTT_ERROR_PUBLISH,
                   _ ("Cannot publish to “%s”: the payload is too large"), topic);
      return 0;
    }
  /* Properties exist in MQTT 5 only; libmosquitto refuses them with 3.1.1. */
  if (sb_data_source_get_protocol (self->source) == SB_PROTOCOL_MQTT_5)
    list = sb_message_props_to_mosquitto (props);
  rc = mosquitto_publish_v5 (self->mosq, &mid, topic, (int)len, data, qos, retain, list);
  mosquitto_property_free_all (&list);
  update_io (self);
  if (rc != MOSQ_ERR_SUCCESS)
    {
      g_set_error (error, SB_MQTT_ERROR, SB_MQTT_ERROR_PUBLISH, _ ("Cannot publish to “%s”: %s"),
                   topic, mosquitto_strerror (rc));
      return 0;
    }
  return mid;
}

guint
sb_mqtt_connection_get_qos_window (SbMqttConnection *self)
{
  g_return_val_if_fail (SB_IS_MQTT_CONNECTION (self), 0);
  return sb_read_pacer_get_qos_window (self->pacer);
}

const char *
sb_mqtt_connection_get_address (SbMqttConnection *self)
{
  g_return_val_if_fail (SB_IS_MQTT_CONNECTION (self), NULL);
  return self->address;
}

/* ---- GObject ------------------------------------------------------------ */

static void
sb_mqtt_connection_dispose (GObject *object)
{
  SbMqttConnection *self = SB_MQTT_CONNECTION (object);

  sb_mqtt_connection_close (self, TRUE);
  g_clear_pointer (&self->kept, mosquitto_destroy);
  g_clear_handle_id (&self->retired_id, g_source_remove);
  g_ptr_array_set_size (self->retired, 0);
  g_ptr_array_set_size (self->retired_bridges, 0);

  G_OBJECT_CLASS (sb_mqtt_connection_parent_class)->dispose (object);
}

static void
sb_mqtt_connection_finalize (GObject *object)
{
  SbMqttConnection *self = SB_MQTT_CONNECTION (object);

  g_clear_object (&self->source);
  g_free (self->address);
  g_strfreev (self->filters);
  g_free (self->filter_qos);
  g_free (self->tls_detail);
  g_hash_table_unref (self->pending_subs);
  drop_queue (self);
  g_ptr_array_unref (self->queue);
  g_ptr_array_unref (self->retired);
  g_ptr_array_unref (self->retired_bridges);
  sb_qos2_guard_free (self->qos2_guard);
  sb_read_pacer_free (self->pacer);

  G_OBJECT_CLASS (sb_mqtt_connection_parent_class)->finalize (object);
}

static void
sb_mqtt_connection_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  SbMqttConnection *self = SB_MQTT_CONNECTION (object);

  switch (prop_id)
    {
      case PROP_QOS_WINDOW:
        g_value_set_uint (value, sb_read_pacer_get_qos_window (self->pacer));
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sb_mqtt_connection_class_init (SbMqttConnectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sb_mqtt_connection_dispose;
  object_class->finalize = sb_mqtt_connection_finalize;
  object_class->get_property = sb_mqtt_connection_get_property;

  properties[PROP_QOS_WINDOW]
      = g_param_spec_uint ("qos-window", NULL, NULL, 0, G_MAXUINT, 0,
                           G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_CONNECTED]
      = g_signal_new ("connected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                      NULL, G_TYPE_NONE, 1, G_TYPE_BOOLEAN);
  signals[SIGNAL_SUBSCRIBED]
      = g_signal_new ("subscribed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                      NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_SUBSCRIPTION_FAILED]
      = g_signal_new ("subscription-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                      NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_STRING);
  signals[SIGNAL_MESSAGES] = g_signal_new ("messages", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                           0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_PUBLISHED]
      = g_signal_new ("published", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                      NULL, G_TYPE_NONE, 1, G_TYPE_INT);
  signals[SIGNAL_CLOSED]
      = g_signal_new ("closed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                      G_TYPE_NONE, 1, G_TYPE_ERROR | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
sb_mqtt_connection_init (SbMqttConnection *self)
{
  self->pending_subs = g_hash_table_new (NULL, NULL);
  self->queue = g_ptr_array_new ();
  self->qos2_guard = sb_qos2_guard_new ();
  self->pacer = sb_read_pacer_new ();
  self->retired = g_ptr_array_new_with_free_func (destroy_mosq);
  self->retired_bridges = g_ptr_array_new_with_free_func (release_bridge);
}

SbMqttConnection *
sb_mqtt_connection_new (SbDataSource *source)
{
  SbMqttConnection *self;
  guint n;
  const char *host;
  guint port;

  g_return_val_if_fail (SB_IS_DATA_SOURCE (source), NULL);

  ensure_lib_init ();
  self = g_object_new (SB_TYPE_MQTT_CONNECTION, NULL);
  self->source = g_object_ref (source);
  n = sb_data_source_get_n_subscriptions (source);
  self->n_filters = n;
  self->filters = g_new0 (char *, n + 1);
  self->filter_qos = g_new0 (int, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    {
      SbSubscription *sub = sb_data_source_get_subscription (source, i);
      self->filters[i] = g_strdup (sb_subscription_get_topic (sub));
      self->filter_qos[i] = sb_data_source_get_subscription_qos (source, i);
    }
  host = sb_data_source_get_broker (source);
  port = sb_data_source_get_effective_port (source);
  /* An IPv6 literal needs brackets to be told from its port. */
  if (host != NULL && strchr (host, ':') != NULL)
    self->address = g_strdup_printf ("[%s]:%u", host, port);
  else
    self->address = g_strdup_printf ("%s:%u", host != NULL ? host : "", port);
  return self;
}
