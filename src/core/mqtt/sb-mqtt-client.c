/* sb-mqtt-client.c: a libmosquitto client set up from a data source, and its
 * connect() started off the main loop
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sb-mqtt-client.h"
#include "sb-mqtt-client-tls.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <mqtt_protocol.h>

gboolean
sb_mqtt_connack_is_auth_failure (int rc)
{
  return rc == CONNACK_REFUSED_BAD_USERNAME_PASSWORD || rc == CONNACK_REFUSED_NOT_AUTHORIZED
         || rc == MQTT_RC_BAD_USERNAME_OR_PASSWORD || rc == MQTT_RC_NOT_AUTHORIZED
         || rc == MQTT_RC_BAD_AUTHENTICATION_METHOD || rc == MQTT_RC_BANNED;
}

gboolean
sb_mqtt_connack_is_transient (int rc)
{
  return rc == CONNACK_REFUSED_SERVER_UNAVAILABLE || rc == MQTT_RC_SERVER_UNAVAILABLE
         || rc == MQTT_RC_SERVER_BUSY || rc == MQTT_RC_CONNECTION_RATE_EXCEEDED;
}

static char *
make_client_id (void)
{
  return g_strdup_printf ("signalboard-%08x%08x", g_random_int (), g_random_int ());
}

/* The last will, and the MQTT 5 CONNECT properties (session expiry, user
 * properties). */
static gboolean
set_will_and_properties (struct mosquitto *mosq, SbDataSource *src, GError **error)
{
  gboolean v5 = sb_data_source_get_protocol (src) == SB_PROTOCOL_MQTT_5;
  mosquitto_property *props = NULL;
  guint expiry = sb_data_source_get_session_expiry_interval (src);
  guint n_user = sb_data_source_get_n_user_properties (src);
  int rc = MOSQ_ERR_SUCCESS;

  if (sb_data_source_has_will (src))
    {
      const char *payload = sb_data_source_get_will_payload (src);

      rc = mosquitto_will_set (mosq, sb_data_source_get_will_topic (src), (int)strlen (payload),
                               payload, sb_data_source_get_will_qos (src),
                               sb_data_source_get_will_retain (src));
      if (rc != MOSQ_ERR_SUCCESS)
        {
          g_set_error (error, SB_MQTT_ERROR, SB_MQTT_ERROR_INVALID, _ ("Invalid last will: %s"),
                       mosquitto_strerror (rc));
          return FALSE;
        }
    }
  if (!v5 || (expiry == 0 && n_user == 0))
    return TRUE;

  if (expiry != 0)
    rc = mosquitto_property_add_int32 (&props, MQTT_PROP_SESSION_EXPIRY_INTERVAL, expiry);
  for (guint i = 0; i < n_user && rc == MOSQ_ERR_SUCCESS; i++)
    rc = mosquitto_property_add_string_pair (&props, MQTT_PROP_USER_PROPERTY,
                                             sb_data_source_get_user_property_name (src, i),
                                             sb_data_source_get_user_property_value (src, i));
  /* libmosquitto 2.0 takes CONNECT properties only through the blocking
   * mosquitto_connect_bind_v5 (), which stores them in the struct before it
   * checks its arguments; the non-blocking connect then sends what is
   * stored. An invalid port stops it right after storing, without
   * connecting. */
  if (rc == MOSQ_ERR_SUCCESS)
    {
      rc = mosquitto_connect_bind_v5 (mosq, "localhost", -1, SB_DEFAULT_KEEP_ALIVE, NULL, props);
      if (rc == MOSQ_ERR_INVAL)
        rc = MOSQ_ERR_SUCCESS;
    }
  mosquitto_property_free_all (&props);
  if (rc != MOSQ_ERR_SUCCESS)
    {
      g_set_error (error, SB_MQTT_ERROR, SB_MQTT_ERROR_INVALID,
                   _ ("Invalid MQTT 5 connect properties: %s"), mosquitto_strerror (rc));
      return FALSE;
    }
  return TRUE;
}

struct mosquitto *
sb_mqtt_client_new (SbDataSource *src, void *userdata, GError **error)
{
  const char *client_id = sb_data_source_get_client_id (src);
  g_autofree char *generated_id = NULL;
  gboolean clean = sb_data_source_get_clean_session (src);
  const char *username = sb_data_source_get_username (src);
  struct mosquitto *mosq;
  int rc = MOSQ_ERR_SUCCESS;

  if (client_id == NULL || client_id[0] == '\0')
    client_id = generated_id = make_client_id ();
  mosq = mosquitto_new (client_id, clean, userdata);
  if (mosq == NULL)
    {
      g_set_error (error, SB_MQTT_ERROR, SB_MQTT_ERROR_INVALID, _ ("Cannot create a client: %s"),
                   g_strerror (errno));
      return NULL;
    }
  /* Packets are written by the session's write watch, never from inside
   * libmosquitto's packet queue: in 2.0.11, when that direct write of a
   * PUBCOMP fails (the broker just went away), handle__pubrel takes the QoS 2
   * message out of its queue and returns without delivering or freeing it
   * (lib/handle_pubrel.c): lost, and leaked. "Threaded" only stops the direct
   * write; the session re-checks mosquitto_want_write () after every call. */
  mosquitto_threaded_set (mosq, true);
  mosquitto_int_option (mosq, MOSQ_OPT_PROTOCOL_VERSION,
                        sb_data_source_get_protocol (src) == SB_PROTOCOL_MQTT_5
                            ? MQTT_PROTOCOL_V5
                            : MQTT_PROTOCOL_V311);

  if (!set_will_and_properties (mosq, src, error))
    {
      mosquitto_destroy (mosq);
      return NULL;
    }

  if (username != NULL && username[0] != '\0')
    rc = mosquitto_username_pw_set (mosq, username, sb_data_source_get_password (src));
  if (rc != MOSQ_ERR_SUCCESS)
    {
      g_set_error (error, SB_MQTT_ERROR, SB_MQTT_ERROR_INVALID, _ ("Invalid user name: %s"),
                   mosquitto_strerror (rc));
      mosquitto_destroy (mosq);
      return NULL;
    }

  /* Over WebSocket the bridge does TLS (wss): libmosquitto talks plain MQTT to it. */
  if (sb_data_source_get_tls_enabled (src) && sb_data_source_get_transport (src) == SB_TRANSPORT_TCP
      && !sb_mqtt_client_tls_setup (mosq, src, error))
    {
      mosquitto_destroy (mosq);
      return NULL;
    }
  return mosq;
}

typedef struct
{
  struct mosquitto *mosq;
  char *host;
  int port;
  int keep_alive;
  int rc;
  int saved_errno;
} ConnectData;

static void
connect_data_free (ConnectData *data)
{
  if (data->mosq != NULL)
    mosquitto_destroy (data->mosq);
  g_free (data->host);
  g_free (data);
}

static void
connect_thread (GTask *task, gpointer source_object, gpointer task_data, GCancellable *cancellable)
{
  ConnectData *data = task_data;

  /* Resolves the name and starts a non-blocking connect(); nothing else
   * touches data->mosq meanwhile. */
  errno = 0;
  data->rc = mosquitto_connect_async (data->mosq, data->host, data->port, data->keep_alive);
  data->saved_errno = errno;
  g_task_return_boolean (task, TRUE);
}

void
sb_mqtt_client_connect_async (struct mosquitto *mosq, const char *host, int port, int keep_alive,
                              GObject *source_object, GCancellable *cancellable,
                              GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr (GTask) task = g_task_new (source_object, cancellable, callback, user_data);
  ConnectData *data = g_new0 (ConnectData, 1);

  data->mosq = mosq;
  data->host = g_strdup (host);
  data->port = port;
  data->keep_alive = keep_alive;
  g_task_set_source_tag (task, sb_mqtt_client_connect_async);
  g_task_set_name (task, "[signalboard] mqtt connect");
  g_task_set_task_data (task, data, (GDestroyNotify)connect_data_free);
  g_task_run_in_thread (task, connect_thread);
}

struct mosquitto *
sb_mqtt_client_connect_finish (GAsyncResult *result, int *rc, int *saved_errno)
{
  ConnectData *data = g_task_get_task_data (G_TASK (result));

  *rc = data->rc;
  *saved_errno = data->saved_errno;
  return g_steal_pointer (&data->mosq);
}
