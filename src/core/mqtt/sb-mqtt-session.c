/* sb-mqtt-session.c
 *
 * What a connection's ups and downs mean: the state a person sees, the
 * sentence of the last error, retrying with a back-off that doubles up to a
 * cap, giving up where retrying cannot help, and telling a client id taken
 * over by another client from an unsteady network. The connection itself
 * (libmosquitto, the socket on the main loop) is SbMqttConnection.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sb-mqtt-session.h"

#include <glib/gi18n-lib.h>

#include "sb-mqtt-connection.h"
#include "sb-util.h"

#define MAX_BACKOFF_SECONDS 30

/* MQTT 3.1.1 has no reason code for a take-over (and some MQTT 5 brokers,
 * mosquitto 2.0.11 among them, send none): the broker closes the older
 * connection when another client connects with its id, and both clients
 * keep taking it from each other. This many drops in a row, each this soon
 * after the CONNACK, are taken for that. */
#define TAKEOVER_SHORT_DROPS 3
#define TAKEOVER_WINDOW_USEC (5 * G_USEC_PER_SEC)

struct _SbMqttSession
{
  GObject parent_instance;

  SbDataSource *source;
  SbMqttConnection *connection;

  SbSessionState state;
  GError *error; /* since the last successful connect */
  guint retry_seconds;
  guint backoff_seconds;
  guint stable_seconds; /* "stable-seconds" */
  guint retry_id;

  /* Duplicate client id with MQTT 3.1.1: the broker just closes the older
   * connection, so a take-over looks like drops right after each connect. */
  gint64 connected_at; /* monotonic time of the last CONNACK */
  gboolean session_present;
  guint short_drops; /* consecutive drops within a few seconds of CONNACK */

  /* Counts the connection's closes and opens: a batch's "message"
   * emissions stop at a change (nothing of a read comes after a stop). */
  guint epoch;
  /* The batch being delivered, kept for the next: a new array grown to
   * hundreds of pointers per read made glibc consolidate its fast bins
   * (300 instructions a message, callgrind). */
  GPtrArray *batch;
};

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

enum
{
  SIGNAL_MESSAGE,
  SIGNAL_MESSAGES,
  SIGNAL_SUBSCRIPTION_FAILED,
  SIGNAL_CONNECTED,
  SIGNAL_PUBLISHED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
begin_connect (SbMqttSession *self);

G_DEFINE_ENUM_TYPE (SbSessionState, sb_session_state,
                    G_DEFINE_ENUM_VALUE (SB_SESSION_DISCONNECTED, "disconnected"),
                    G_DEFINE_ENUM_VALUE (SB_SESSION_CONNECTING, "connecting"),
                    G_DEFINE_ENUM_VALUE (SB_SESSION_CONNECTED, "connected"),
                    G_DEFINE_ENUM_VALUE (SB_SESSION_RECONNECTING, "reconnecting"),
                    G_DEFINE_ENUM_VALUE (SB_SESSION_FAILED, "failed"))

/* ---- state ---------------------------------------------------------- */

static void
set_state (SbMqttSession *self, SbSessionState state)
{
  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

/* Takes @error (NULL clears). */
static void
set_error (SbMqttSession *self, GError *error)
{
  gboolean changed = g_strcmp0 (self->error != NULL ? self->error->message : NULL,
                                error != NULL ? error->message : NULL)
                     != 0;

  g_clear_error (&self->error);
  self->error = error;
  if (changed)
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

/* A network problem: try again after a back-off that doubles up to a cap. Takes @error. */
static void
schedule_retry (SbMqttSession *self, GError *error)
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
  sb_mqtt_connection_close (self->connection, FALSE);
  set_error (self, error);
  g_clear_handle_id (&self->retry_id, g_source_remove);
  self->backoff_seconds = CLAMP (self->backoff_seconds * 2, 1, MAX_BACKOFF_SECONDS);
  set_retry_seconds (self, self->backoff_seconds);
  set_state (self, SB_SESSION_RECONNECTING);
  /* Not g_timeout_add_seconds: the countdown is shown and should tick evenly. */
  self->retry_id = g_timeout_add (1000, retry_tick_cb, self);
}

/* Retrying cannot help (credentials, certificates, settings, a duplicate
 * client id): stop with @error (taken). */
static void
fail (SbMqttSession *self, GError *error)
{
  sb_mqtt_connection_close (self->connection, FALSE);
  g_clear_handle_id (&self->retry_id, g_source_remove);
  set_error (self, error);
  set_retry_seconds (self, 0);
  set_state (self, SB_SESSION_FAILED);
}

/* A connection the broker closed soon after accepting it, again and again.
 * Only a fixed client id can be taken (a generated one is unique), and a
 * persistent session the broker still had (session present) was not taken
 * by a client with a clean session: those drops are the network's, and the
 * usual back-off handles them. */
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

/* ---- the connection's reports ------------------------------------------ */

static void
connection_connected_cb (SbMqttConnection *connection, gboolean session_present,
                         SbMqttSession *self)
{
  /* The back-off starts over only once this connection has lasted (schedule_retry). */
  self->connected_at = g_get_monotonic_time ();
  self->session_present = session_present;
  set_error (self, NULL);
  set_state (self, SB_SESSION_CONNECTED);
}

static void
connection_subscribed_cb (SbMqttConnection *connection, SbMqttSession *self)
{
  g_signal_emit (self, signals[SIGNAL_CONNECTED], 0);
}

static void
connection_subscription_failed_cb (SbMqttConnection *connection, guint index, const char *message,
                                   SbMqttSession *self)
{
  g_signal_emit (self, signals[SIGNAL_SUBSCRIPTION_FAILED], 0, index, message);
}

/* "messages" with the whole batch, then "message" for each, as long as the
 * session is not stopped meanwhile. Without "messages" handlers the batch
 * is not gathered: a handler that stops the session (closing the
 * connection) ends the loop, take_message () has nothing more to give. */
static void
connection_messages_cb (SbMqttConnection *connection, SbMqttSession *self)
{
  GPtrArray *batch;
  SbMessage *message;
  guint epoch = self->epoch;

  g_object_ref (self); /* a handler may drop the last reference */
  if (!g_signal_has_handler_pending (self, signals[SIGNAL_MESSAGES], 0, FALSE))
    {
      while ((message = sb_mqtt_connection_take_message (connection)) != NULL)
        {
          g_signal_emit (self, signals[SIGNAL_MESSAGE], 0, message);
          sb_message_unref (message);
        }
      g_object_unref (self);
      return;
    }
  /* Not re-entered (the connection delivers one batch at a time); a
   * nested one would get an array of its own. */
  batch = g_steal_pointer (&self->batch);
  if (batch == NULL)
    batch = g_ptr_array_new_with_free_func ((GDestroyNotify)sb_message_unref);
  while ((message = sb_mqtt_connection_take_message (connection)) != NULL)
    g_ptr_array_add (batch, message);
  g_signal_emit (self, signals[SIGNAL_MESSAGES], 0, batch);
  /* Handlers of both are rare: a listener takes one or the other. */
  if (g_signal_has_handler_pending (self, signals[SIGNAL_MESSAGE], 0, FALSE))
    for (guint i = 0; i < batch->len && self->epoch == epoch; i++)
      g_signal_emit (self, signals[SIGNAL_MESSAGE], 0, g_ptr_array_index (batch, i));
  g_ptr_array_set_size (batch, 0);
  if (self->batch == NULL)
    self->batch = batch;
  else
    g_ptr_array_unref (batch);
  g_object_unref (self);
}

static void
connection_published_cb (SbMqttConnection *connection, int message_id, SbMqttSession *self)
{
  g_signal_emit (self, signals[SIGNAL_PUBLISHED], 0, message_id);
}

static void
connection_closed_cb (SbMqttConnection *connection, const GError *error, SbMqttSession *self)
{
  /* A series of drops right after each CONNACK: another client with our id. */
  if (g_error_matches (error, SB_MQTT_ERROR, SB_MQTT_ERROR_CLOSED))
    {
      if (looks_taken_over (self))
        {
          const char *client_id = sb_data_source_get_client_id (self->source);

          fail (self, g_error_new (SB_MQTT_ERROR, SB_MQTT_ERROR_TAKEN_OVER,
                                   _ ("Another client connected with the same client id “%s”; "
                                      "the broker closed this connection"),
                                   client_id != NULL ? client_id : ""));
          return;
        }
    }
  else
    self->short_drops = 0;
  self->epoch++;

  switch (error->code)
    {
      case SB_MQTT_ERROR_INVALID:
      case SB_MQTT_ERROR_AUTH:
      case SB_MQTT_ERROR_TLS:
      case SB_MQTT_ERROR_PROTOCOL:
      case SB_MQTT_ERROR_TAKEN_OVER:
        fail (self, g_error_copy (error));
        break;
      default:
        schedule_retry (self, g_error_copy (error));
        break;
    }
}

/* ---- connecting ---------------------------------------------------------- */

static void
begin_connect (SbMqttSession *self)
{
  g_clear_handle_id (&self->retry_id, g_source_remove);
  set_retry_seconds (self, 0);
  set_state (self, SB_SESSION_CONNECTING);
  self->epoch++;
  sb_mqtt_connection_open (self->connection);
}

/* ---- GObject ------------------------------------------------------------ */

static void
sb_mqtt_session_dispose (GObject *object)
{
  SbMqttSession *self = SB_MQTT_SESSION (object);

  if (self->connection != NULL)
    {
      sb_mqtt_session_stop (self);
      /* An attempt in flight keeps the connection alive a little longer. */
      g_signal_handlers_disconnect_by_data (self->connection, self);
      g_clear_object (&self->connection);
    }

  G_OBJECT_CLASS (sb_mqtt_session_parent_class)->dispose (object);
}

static void
sb_mqtt_session_finalize (GObject *object)
{
  SbMqttSession *self = SB_MQTT_SESSION (object);

  g_clear_object (&self->source);
  g_clear_error (&self->error);
  g_clear_pointer (&self->batch, g_ptr_array_unref);

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
        g_value_set_string (value, sb_mqtt_session_get_last_error (self));
        break;
      case PROP_RETRY_SECONDS:
        g_value_set_uint (value, self->retry_seconds);
        break;
      case PROP_ADDRESS:
        g_value_set_string (value, sb_mqtt_session_get_address (self));
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
  signals[SIGNAL_MESSAGE]
      = g_signal_new ("message", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                      G_TYPE_NONE, 1, SB_TYPE_MESSAGE | G_SIGNAL_TYPE_STATIC_SCOPE);
  /* The messages of one read, in one emission (a GLib signal emission costs
   * as much as libmosquitto's reading of a small message). */
  signals[SIGNAL_MESSAGES]
      = g_signal_new ("messages", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                      G_TYPE_NONE, 1, G_TYPE_PTR_ARRAY | G_SIGNAL_TYPE_STATIC_SCOPE);
  signals[SIGNAL_SUBSCRIPTION_FAILED]
      = g_signal_new ("subscription-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                      NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_STRING);
  signals[SIGNAL_PUBLISHED]
      = g_signal_new ("published", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                      NULL, G_TYPE_NONE, 1, G_TYPE_INT);
  signals[SIGNAL_CONNECTED] = g_signal_new ("connected", G_TYPE_FROM_CLASS (klass),
                                            G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
sb_mqtt_session_init (SbMqttSession *self)
{
  self->stable_seconds = SB_MQTT_SESSION_STABLE_SECONDS;
}

SbMqttSession *
sb_mqtt_session_new (SbDataSource *source)
{
  SbMqttSession *self;

  g_return_val_if_fail (SB_IS_DATA_SOURCE (source), NULL);

  self = g_object_new (SB_TYPE_MQTT_SESSION, NULL);
  self->source = sb_data_source_copy (source);
  self->connection = sb_mqtt_connection_new (self->source);
  g_signal_connect (self->connection, "connected", G_CALLBACK (connection_connected_cb), self);
  g_signal_connect (self->connection, "subscribed", G_CALLBACK (connection_subscribed_cb), self);
  g_signal_connect (self->connection, "subscription-failed",
                    G_CALLBACK (connection_subscription_failed_cb), self);
  g_signal_connect (self->connection, "messages", G_CALLBACK (connection_messages_cb), self);
  g_signal_connect (self->connection, "published", G_CALLBACK (connection_published_cb), self);
  g_signal_connect (self->connection, "closed", G_CALLBACK (connection_closed_cb), self);
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

  self->epoch++;
  sb_mqtt_connection_close (self->connection, TRUE);
  g_clear_handle_id (&self->retry_id, g_source_remove);
  set_retry_seconds (self, 0);
  set_state (self, SB_SESSION_DISCONNECTED);
}

gboolean
sb_mqtt_session_wait_closed (guint timeout_ms)
{
  return sb_mqtt_connection_wait_closed (timeout_ms);
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

const GError *
sb_mqtt_session_get_error (SbMqttSession *self)
{
  g_return_val_if_fail (SB_IS_MQTT_SESSION (self), NULL);
  return self->error;
}

const char *
sb_mqtt_session_get_last_error (SbMqttSession *self)
{
  g_return_val_if_fail (SB_IS_MQTT_SESSION (self), NULL);
  return self->error != NULL ? self->error->message : NULL;
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
  return sb_mqtt_connection_get_address (self->connection);
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
  g_return_val_if_fail (SB_IS_MQTT_SESSION (self), 0);
  g_return_val_if_fail (topic != NULL, 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  if (self->state != SB_SESSION_CONNECTED)
    {
      g_set_error (error, SB_MQTT_ERROR, SB_MQTT_ERROR_PUBLISH,
                   _ ("Cannot publish to “%s”: not connected"), topic);
      return 0;
    }
  return sb_mqtt_connection_publish (self->connection, topic, payload, qos, retain, props, error);
}
