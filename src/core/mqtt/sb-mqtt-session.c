/* sb-mqtt-session.c
 *
 * libmosquitto driven by the GLib main loop: the socket is watched for input
 * always and for output only while libmosquitto has something queued; only
 * the name resolution + connect() start runs in a worker thread, because
 * libmosquitto does both synchronously.
 *
 * Every connection attempt gets its own struct mosquitto. That keeps the
 * worker thread and the main loop from ever sharing one, and lets a drop or
 * a stop inside a libmosquitto callback simply retire the struct: it is
 * destroyed once libmosquitto has returned to us.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sb-mqtt-session.h"

#include <errno.h>
#include <malloc.h>
#include <glib-unix.h>
#include <glib/gstdio.h>
#include <glib/gi18n-lib.h>
#include <mosquitto.h>
#include <string.h>

#include "sb-mqtt-client.h"
#include "sb-message-props-private.h"
#include "sb-mqtt-session-private.h"
#include "sb-util.h"

#define CONNECT_TIMEOUT_SECONDS 15
#define MAX_BACKOFF_SECONDS 30
#define MIN_KEEP_ALIVE_SECONDS 5

G_DEFINE_FINAL_TYPE (SbMqttSession, sb_mqtt_session, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_SOURCE,
  PROP_STATE,
  PROP_LAST_ERROR,
  PROP_RETRY_SECONDS,
  PROP_ADDRESS,
  PROP_STABLE_SECONDS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];
guint sb_mqtt_session_signals[SB_SESSION_N_SIGNALS];

static void
begin_connect (SbMqttSession *self);

GType
sb_session_state_get_type (void)
{
  static gsize type_id;

  if (g_once_init_enter (&type_id))
    {
      static const GEnumValue values[] = {
        { SB_SESSION_DISCONNECTED, "SB_SESSION_DISCONNECTED", "disconnected" },
        { SB_SESSION_CONNECTING, "SB_SESSION_CONNECTING", "connecting" },
        { SB_SESSION_CONNECTED, "SB_SESSION_CONNECTED", "connected" },
        { SB_SESSION_RECONNECTING, "SB_SESSION_RECONNECTING", "reconnecting" },
        { SB_SESSION_FAILED, "SB_SESSION_FAILED", "failed" },
        { 0, NULL, NULL },
      };
      g_once_init_leave (&type_id, g_enum_register_static ("SbSessionState", values));
    }
  return type_id;
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

/* ---- state ---------------------------------------------------------- */

void
sb_mqtt_session_set_state (SbMqttSession *self, SbSessionState state)
{
  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

void
sb_mqtt_session_set_last_error (SbMqttSession *self, const char *message)
{
  if (sb_set_str (&self->last_error, message))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_ERROR]);
}

static void
set_retry_seconds (SbMqttSession *self, guint seconds)
{
  if (self->retry_seconds == seconds)
    return;
  self->retry_seconds = seconds;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RETRY_SECONDS]);
}

/* ---- retiring a connection ------------------------------------------ */

static gboolean
destroy_retired_cb (gpointer data)
{
  SbMqttSession *self = data;

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

/* Stops watching the live connection and hands it to an idle that destroys
 * it: we may be inside one of its callbacks. */
static void
retire_connection (SbMqttSession *self, gboolean send_disconnect)
{
  g_clear_handle_id (&self->read_id, g_source_remove);
  g_clear_handle_id (&self->write_id, g_source_remove);
  g_clear_handle_id (&self->more_id, g_source_remove);
  g_clear_handle_id (&self->misc_id, g_source_remove);
  g_clear_handle_id (&self->connect_timeout_id, g_source_remove);
  g_hash_table_remove_all (self->pending_subs);

  if (self->mosq == NULL)
    {
      if (self->bridge != NULL)
        g_ptr_array_add (self->retired_bridges, g_steal_pointer (&self->bridge));
      if (self->retired_id == 0)
        self->retired_id = g_idle_add_full (G_PRIORITY_DEFAULT, destroy_retired_cb, self, NULL);
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
  g_ptr_array_add (self->retired, g_steal_pointer (&self->mosq));
  /* The DISCONNECT (written by destroy_retired_cb) still reaches the bridge's
   * socket; the bridge goes with it. */
  if (self->bridge != NULL)
    g_ptr_array_add (self->retired_bridges, g_steal_pointer (&self->bridge));
  if (self->retired_id == 0)
    self->retired_id = g_idle_add_full (G_PRIORITY_DEFAULT, destroy_retired_cb, self, NULL);
}

/* ---- failures --------------------------------------------------------- */

static gboolean
retry_tick_cb (gpointer data)
{
  SbMqttSession *self = data;

  if (self->retry_seconds > 1)
    {
      set_retry_seconds (self, self->retry_seconds - 1);
      return G_SOURCE_CONTINUE;
    }
  self->retry_id = 0;
  set_retry_seconds (self, 0);
  begin_connect (self);
  return G_SOURCE_REMOVE;
}

/* A network problem: try again after a back-off that doubles up to a cap. */
void
sb_mqtt_session_schedule_retry (SbMqttSession *self, const char *message)
{
  /* A try that never got a CONNACK: the network's trouble, not a take-over. */
  if (self->state != SB_SESSION_CONNECTED)
    self->short_drops = 0;
  /* Only a connection that lasted starts the back-off over: a broker that
   * accepts and drops at once would otherwise get our credentials once a
   * second, forever. */
  else if (g_get_monotonic_time () - self->connected_at
           >= (gint64)self->stable_seconds * G_USEC_PER_SEC)
    self->backoff_seconds = 0;
  retire_connection (self, FALSE);
  sb_mqtt_session_set_last_error (self, message);
  g_clear_handle_id (&self->retry_id, g_source_remove);
  self->backoff_seconds = CLAMP (self->backoff_seconds * 2, 1, MAX_BACKOFF_SECONDS);
  set_retry_seconds (self, self->backoff_seconds);
  sb_mqtt_session_set_state (self, SB_SESSION_RECONNECTING);
  /* Not g_timeout_add_seconds: the countdown is shown and should tick evenly. */
  self->retry_id = g_timeout_add (1000, retry_tick_cb, self);
}

/* Retrying cannot help (credentials, certificates, settings, a duplicate client id). */
void
sb_mqtt_session_fail (SbMqttSession *self, const char *message)
{
  retire_connection (self, FALSE);
  g_clear_handle_id (&self->retry_id, g_source_remove);
  sb_mqtt_session_set_last_error (self, message);
  set_retry_seconds (self, 0);
  sb_mqtt_session_set_state (self, SB_SESSION_FAILED);
}

static char *
tls_message (SbMqttSession *self)
{
  if (self->tls_detail != NULL)
    return g_strdup_printf (_ ("TLS: %s"), self->tls_detail);
  return g_strdup (_ ("TLS: handshake failed"));
}

/* Turns a libmosquitto error code (with the errno it left) into the right reaction. */
void
sb_mqtt_session_handle_error (SbMqttSession *self, int rc, int saved_errno)
{
  g_autofree char *message = NULL;
  /* Closed by the other side, not unreachable. */
  gboolean lost = rc == MOSQ_ERR_CONN_LOST
                  || (rc == MOSQ_ERR_ERRNO
                      && (saved_errno == 0 || saved_errno == EPROTO || saved_errno == ECONNRESET
                          || saved_errno == EPIPE));

  /* A TLS connection that ends before the CONNACK: with a TLS 1.3 broker the
   * refusal of a client certificate (or of its absence) comes after the
   * handshake, as an alert the next read meets (OpenSSL's reason logged) or,
   * when the broker's reset swallowed it, as a plain lost connection. */
  if (lost && self->state == SB_SESSION_CONNECTING && sb_data_source_get_tls_enabled (self->source))
    {
      if (self->tls_detail != NULL)
        {
          message = tls_message (self);
          sb_mqtt_session_fail (self, message);
          return;
        }
      if (sb_data_source_get_tls_client_cert (self->source)[0] == '\0')
        {
          sb_mqtt_session_schedule_retry (
              self, _ ("TLS: the broker closed the connection after the handshake (does it "
                       "require a client certificate?)"));
          return;
        }
    }

  /* Over WebSocket, the bridge knows why the connection ended. */
  if (lost && self->bridge != NULL && sb_ws_bridge_get_close_reason (self->bridge) != NULL)
    {
      message = g_strdup_printf (_ ("Connection to %s lost: %s"), self->address,
                                 sb_ws_bridge_get_close_reason (self->bridge));
      sb_mqtt_session_schedule_retry (self, message);
      return;
    }

  switch (rc)
    {
      case MOSQ_ERR_TLS:
        message = tls_message (self);
        sb_mqtt_session_fail (self, message);
        return;
      case MOSQ_ERR_EAI:
        {
          g_autofree char *host = g_strdup (sb_data_source_get_broker (self->source));
          message = g_strdup_printf (_ ("Unknown host “%s”"), host);
          break;
        }
      case MOSQ_ERR_ERRNO:
        if (saved_errno == ECONNREFUSED)
          message = g_strdup_printf (_ ("Connection refused by %s"), self->address);
        else if (saved_errno == 0)
          message = g_strdup_printf (_ ("Connection to %s lost"), self->address);
        else
          message = g_strdup_printf (_ ("Cannot reach %s: %s"), self->address,
                                     g_strerror (saved_errno));
        break;
      case MOSQ_ERR_KEEPALIVE:
        message = g_strdup_printf (_ ("No answer from %s (keep alive)"), self->address);
        break;
      default:
        message = g_strdup_printf (_ ("Connection to %s lost: %s"), self->address,
                                   mosquitto_strerror (rc));
        break;
    }
  sb_mqtt_session_schedule_retry (self, message);
}

/* ---- connecting ---------------------------------------------------------- */

static void
connect_done (GObject *object, GAsyncResult *result, gpointer user_data)
{
  SbMqttSession *self = SB_MQTT_SESSION (object);
  GCancellable *cancellable = g_task_get_cancellable (G_TASK (result));
  struct mosquitto *mosq;
  int rc = MOSQ_ERR_SUCCESS;
  int saved_errno = 0;

  /* Stopped (or restarted) meanwhile: this attempt's struct just goes. */
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
      sb_mqtt_session_handle_error (self, rc, saved_errno);
      return;
    }
  self->mosq = mosq;
  self->misc_id = g_timeout_add_seconds (1, sb_mqtt_session_misc_cb, self);
  self->connect_timeout_id
      = g_timeout_add_seconds (CONNECT_TIMEOUT_SECONDS, sb_mqtt_session_connect_timeout_cb, self);
  sb_mqtt_session_update_io (self);
}

typedef struct
{
  SbMqttSession *session;
  struct mosquitto *mosq;
  int keep_alive;
} BridgeAttempt;

static void
bridge_opened (GObject *object, GAsyncResult *result, gpointer user_data)
{
  BridgeAttempt *attempt = user_data;
  g_autoptr (SbMqttSession) self = attempt->session;
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
      /* A wrong path, a server that is no MQTT broker, a certificate: retrying cannot help. */
      if (error->code == SB_MQTT_ERROR_TLS || error->code == SB_MQTT_ERROR_PROTOCOL
          || error->code == SB_MQTT_ERROR_INVALID)
        sb_mqtt_session_fail (self, error->message);
      else
        sb_mqtt_session_schedule_retry (self, error->message);
      return;
    }
  self->bridge = g_steal_pointer (&bridge);
  /* Port 0: libmosquitto connects to the unix socket at that path. */
  sb_mqtt_client_connect_async (mosq, sb_ws_bridge_get_socket_path (self->bridge), 0, keep_alive,
                                G_OBJECT (self), self->connecting, connect_done, NULL);
}

static void
begin_connect (SbMqttSession *self)
{
  g_autoptr (GError) error = NULL;
  struct mosquitto *mosq;
  guint keep_alive;

  retire_connection (self, FALSE);
  g_clear_handle_id (&self->retry_id, g_source_remove);
  set_retry_seconds (self, 0);
  if (self->connecting != NULL)
    {
      g_cancellable_cancel (self->connecting);
      g_clear_object (&self->connecting);
    }
  g_clear_pointer (&self->tls_detail, g_free);
  self->connack_rc = 0;
  sb_mqtt_session_set_state (self, SB_SESSION_CONNECTING);

  mosq = g_steal_pointer (&self->kept);
  if (mosq == NULL)
    {
      sb_qos2_guard_reset (self->qos2_guard);
      mosq = sb_mqtt_client_new (self->source, self, &error);
    }
  if (mosq == NULL)
    {
      sb_mqtt_session_fail (self, error->message);
      return;
    }
  sb_mqtt_session_set_callbacks (self, mosq);

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

      attempt->session = g_object_ref (self);
      attempt->mosq = mosq;
      attempt->keep_alive = (int)keep_alive;
      sb_ws_bridge_open_async (self->source, self->connecting, bridge_opened, attempt);
      return;
    }
  sb_mqtt_client_connect_async (mosq, sb_data_source_get_broker (self->source),
                                (int)sb_data_source_get_effective_port (self->source),
                                (int)keep_alive, G_OBJECT (self), self->connecting, connect_done,
                                NULL);
}

/* ---- GObject ------------------------------------------------------------ */

static void
sb_mqtt_session_dispose (GObject *object)
{
  SbMqttSession *self = SB_MQTT_SESSION (object);

  sb_mqtt_session_stop (self);
  g_clear_pointer (&self->kept, mosquitto_destroy);
  g_clear_handle_id (&self->retired_id, g_source_remove);
  g_ptr_array_set_size (self->retired, 0);
  g_ptr_array_set_size (self->retired_bridges, 0);

  G_OBJECT_CLASS (sb_mqtt_session_parent_class)->dispose (object);
}

static void
sb_mqtt_session_finalize (GObject *object)
{
  SbMqttSession *self = SB_MQTT_SESSION (object);

  g_clear_object (&self->source);
  g_free (self->address);
  g_strfreev (self->filters);
  g_free (self->filter_qos);
  g_free (self->last_error);
  g_free (self->tls_detail);
  g_hash_table_unref (self->pending_subs);
  g_ptr_array_unref (self->retired);
  g_ptr_array_unref (self->retired_bridges);
  sb_qos2_guard_free (self->qos2_guard);

  G_OBJECT_CLASS (sb_mqtt_session_parent_class)->finalize (object);
}

static void
sb_mqtt_session_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  SbMqttSession *self = SB_MQTT_SESSION (object);

  switch (prop_id)
    {
      case PROP_SOURCE:
        g_value_set_object (value, self->source);
        break;
      case PROP_STATE:
        g_value_set_enum (value, self->state);
        break;
      case PROP_LAST_ERROR:
        g_value_set_string (value, self->last_error);
        break;
      case PROP_RETRY_SECONDS:
        g_value_set_uint (value, self->retry_seconds);
        break;
      case PROP_ADDRESS:
        g_value_set_string (value, self->address);
        break;
      case PROP_STABLE_SECONDS:
        g_value_set_uint (value, self->stable_seconds);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sb_mqtt_session_set_property (GObject *object, guint prop_id, const GValue *value,
                              GParamSpec *pspec)
{
  SbMqttSession *self = SB_MQTT_SESSION (object);

  switch (prop_id)
    {
      case PROP_STABLE_SECONDS:
        if (self->stable_seconds != g_value_get_uint (value))
          {
            self->stable_seconds = g_value_get_uint (value);
            g_object_notify_by_pspec (object, pspec);
          }
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sb_mqtt_session_class_init (SbMqttSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = sb_mqtt_session_dispose;
  object_class->finalize = sb_mqtt_session_finalize;
  object_class->get_property = sb_mqtt_session_get_property;
  object_class->set_property = sb_mqtt_session_set_property;

  properties[PROP_SOURCE] = g_param_spec_object ("source", NULL, NULL, SB_TYPE_DATA_SOURCE, ro);
  properties[PROP_STATE]
      = g_param_spec_enum ("state", NULL, NULL, SB_TYPE_SESSION_STATE, SB_SESSION_DISCONNECTED, ro);
  properties[PROP_LAST_ERROR] = g_param_spec_string ("last-error", NULL, NULL, NULL, ro);
  properties[PROP_RETRY_SECONDS]
      = g_param_spec_uint ("retry-seconds", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_ADDRESS] = g_param_spec_string ("address", NULL, NULL, NULL, ro);
  /* How long a connection must stay up before a drop starts the back-off
   * over at 1 s (tests shorten it). */
  properties[PROP_STABLE_SECONDS] = g_param_spec_uint (
      "stable-seconds", NULL, NULL, 0, G_MAXUINT, SB_MQTT_SESSION_STABLE_SECONDS,
      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The message is passed as is (G_SIGNAL_TYPE_STATIC_SCOPE): handlers that
   * keep it take a reference. */
  sb_mqtt_session_signals[SB_SESSION_SIGNAL_MESSAGE]
      = g_signal_new ("message", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                      G_TYPE_NONE, 1, SB_TYPE_MESSAGE | G_SIGNAL_TYPE_STATIC_SCOPE);
  sb_mqtt_session_signals[SB_SESSION_SIGNAL_SUBSCRIPTION_FAILED]
      = g_signal_new ("subscription-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                      NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_STRING);
  sb_mqtt_session_signals[SB_SESSION_SIGNAL_CONNECTED]
      = g_signal_new ("connected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                      NULL, G_TYPE_NONE, 0);
  sb_mqtt_session_signals[SB_SESSION_SIGNAL_PUBLISHED]
      = g_signal_new ("published", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                      NULL, G_TYPE_NONE, 1, G_TYPE_INT);
}

static void
sb_mqtt_session_init (SbMqttSession *self)
{
  self->pending_subs = g_hash_table_new (NULL, NULL);
  self->qos2_guard = sb_qos2_guard_new ();
  self->stable_seconds = SB_MQTT_SESSION_STABLE_SECONDS;
  self->retired = g_ptr_array_new_with_free_func (destroy_mosq);
  self->retired_bridges = g_ptr_array_new_with_free_func (release_bridge);
}

SbMqttSession *
sb_mqtt_session_new (SbDataSource *source)
{
  SbMqttSession *self;
  guint n;

  g_return_val_if_fail (SB_IS_DATA_SOURCE (source), NULL);

  ensure_lib_init ();
  self = g_object_new (SB_TYPE_MQTT_SESSION, NULL);
  self->source = sb_data_source_copy (source);
  n = sb_data_source_get_n_subscriptions (self->source);
  self->n_filters = n;
  self->filters = g_new0 (char *, n + 1);
  self->filter_qos = g_new0 (int, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    {
      SbSubscription *sub = sb_data_source_get_subscription (self->source, i);
      self->filters[i] = g_strdup (sb_subscription_get_topic (sub));
      self->filter_qos[i] = sb_data_source_get_subscription_qos (self->source, i);
    }
  {
    const char *host = sb_data_source_get_broker (self->source);
    guint port = sb_data_source_get_effective_port (self->source);

    /* An IPv6 literal needs brackets to be told from its port. */
    if (host != NULL && strchr (host, ':') != NULL)
      self->address = g_strdup_printf ("[%s]:%u", host, port);
    else
      self->address = g_strdup_printf ("%s:%u", host != NULL ? host : "", port);
  }
  return self;
}

SbDataSource *
sb_mqtt_session_get_source (SbMqttSession *self)
{
  g_return_val_if_fail (SB_IS_MQTT_SESSION (self), NULL);
  return self->source;
}

void
sb_mqtt_session_start (SbMqttSession *self)
{
  g_return_if_fail (SB_IS_MQTT_SESSION (self));

  if (self->state != SB_SESSION_DISCONNECTED && self->state != SB_SESSION_FAILED)
    return;
  self->backoff_seconds = 0;
  self->short_drops = 0;
  begin_connect (self);
}

void
sb_mqtt_session_stop (SbMqttSession *self)
{
  g_return_if_fail (SB_IS_MQTT_SESSION (self));

  if (self->connecting != NULL)
    {
      g_cancellable_cancel (self->connecting);
      g_clear_object (&self->connecting);
    }
  retire_connection (self, TRUE);
  g_clear_handle_id (&self->retry_id, g_source_remove);
  set_retry_seconds (self, 0);
  sb_mqtt_session_set_state (self, SB_SESSION_DISCONNECTED);
}

void
sb_mqtt_session_reconnect_now (SbMqttSession *self)
{
  g_return_if_fail (SB_IS_MQTT_SESSION (self));

  if (self->state == SB_SESSION_CONNECTING || self->state == SB_SESSION_CONNECTED)
    return;
  if (self->state != SB_SESSION_RECONNECTING)
    self->backoff_seconds = 0;
  self->short_drops = 0;
  begin_connect (self);
}

SbSessionState
sb_mqtt_session_get_state (SbMqttSession *self)
{
  g_return_val_if_fail (SB_IS_MQTT_SESSION (self), SB_SESSION_DISCONNECTED);
  return self->state;
}

const char *
sb_mqtt_session_get_last_error (SbMqttSession *self)
{
  g_return_val_if_fail (SB_IS_MQTT_SESSION (self), NULL);
  return self->last_error;
}

guint
sb_mqtt_session_get_retry_seconds (SbMqttSession *self)
{
  g_return_val_if_fail (SB_IS_MQTT_SESSION (self), 0);
  return self->retry_seconds;
}

const char *
sb_mqtt_session_get_address (SbMqttSession *self)
{
  g_return_val_if_fail (SB_IS_MQTT_SESSION (self), NULL);
  return self->address;
}

gboolean
sb_mqtt_session_publish (SbMqttSession *self, const char *topic, GBytes *payload, int qos,
                         gboolean retain, GError **error)
{
  return sb_mqtt_session_publish_full (self, topic, payload, qos, retain, NULL, error) > 0;
}

int
sb_mqtt_session_publish_full (SbMqttSession *self, const char *topic, GBytes *payload, int qos,
                              gboolean retain, SbMessageProps *props, GError **error)
{
  gsize len = 0;
  const void *data;
  mosquitto_property *list = NULL;
  int mid = 0;
  int rc;

  g_return_val_if_fail (SB_IS_MQTT_SESSION (self), 0);
  g_return_val_if_fail (topic != NULL, 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  if (self->state != SB_SESSION_CONNECTED || self->mosq == NULL)
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
  sb_mqtt_session_update_io (self);
  if (rc != MOSQ_ERR_SUCCESS)
    {
      g_set_error (error, SB_MQTT_ERROR, SB_MQTT_ERROR_PUBLISH, _ ("Cannot publish to “%s”: %s"),
                   topic, mosquitto_strerror (rc));
      return 0;
    }
  return mid;
}
