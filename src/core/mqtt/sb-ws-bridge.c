/* sb-ws-bridge.c
 *
 * libmosquitto writes MQTT into one end of a unix socket; the bridge moves
 * the bytes into WebSocket binary messages and back. Both ends are on the
 * main loop. The socket lives in a folder only this user can enter, takes one
 * connection, only from this process, and is removed once taken: no other
 * user can reach the broker through it (a loopback TCP port would let them).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sb-ws-bridge.h"

#include <errno.h>
#include <gio/gunixsocketaddress.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "sb-mqtt-client-tls.h"

/* MQTT's largest packet (256 MiB payload and its header). libsoup's default
 * of 128 KiB would close the connection on any bigger message. */
#define MAX_INCOMING_PAYLOAD ((guint64)268435455 + 5)
/* Reads from libmosquitto per wakeup, so that a flood does not starve the loop. */
#define READS_PER_WAKEUP 16
#define READ_CHUNK 65536
/* How long a close of ours waits for the broker's answer to the close frame. */
#define CLOSE_TIMEOUT_SECONDS 5

struct _SbWsBridge
{
  GObject parent_instance;

  SoupSession *session;
  SoupWebsocketConnection *ws;
  char *socket_path; /* NULL once removed */
  GSocket *listener;
  GSource *accept_source;
  GSocket *peer; /* libmosquitto's end */
  GSource *peer_in;
  GSource *peer_out;
  GByteArray *out; /* for libmosquitto, not written yet */
  char *close_reason;
  gboolean ws_closed;
  gboolean closed;
  guint close_timeout_id; /* holds a reference while the closing handshake runs */
};

/* Bridges whose closing handshake runs: sb_ws_bridge_wait_closed () waits for them. */
static guint n_closing;

G_DEFINE_FINAL_TYPE (SbWsBridge, sb_ws_bridge, G_TYPE_OBJECT)

enum
{
  CLOSED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
remove_socket_file (SbWsBridge *self)
{
  if (self->socket_path != NULL)
    g_unlink (self->socket_path);
  g_clear_pointer (&self->socket_path, g_free);
}

static void
destroy_source (GSource **source)
{
  if (*source == NULL)
    return;
  g_source_destroy (*source);
  g_clear_pointer (source, g_source_unref);
}

static void
close_peer (SbWsBridge *self)
{
  destroy_source (&self->peer_in);
  destroy_source (&self->peer_out);
  if (self->peer != NULL)
    g_socket_close (self->peer, NULL);
  g_clear_object (&self->peer);
}

/* Both sides closed: libmosquitto sees its connection end. */
static void
finish (SbWsBridge *self)
{
  if (self->closed)
    return;
  self->closed = TRUE;
  destroy_source (&self->accept_source);
  if (self->listener != NULL)
    g_socket_close (self->listener, NULL);
  g_clear_object (&self->listener);
  remove_socket_file (self);
  close_peer (self);
  if (self->ws != NULL
      && soup_websocket_connection_get_state (self->ws) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_close (self->ws, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
  g_signal_emit (self, signals[CLOSED], 0);
}

/* The closing handshake is over (done or given up on): drops its reference. */
static void
end_closing (SbWsBridge *self)
{
  g_clear_handle_id (&self->close_timeout_id, g_source_remove);
  g_assert (n_closing > 0);
  n_closing--;
  g_object_unref (self);
}

static gboolean
close_timeout_cb (gpointer data)
{
  SbWsBridge *self = data;

  self->close_timeout_id = 0;
  end_closing (self);
  return G_SOURCE_REMOVE;
}

void
sb_ws_bridge_close (SbWsBridge *self)
{
  char buffer[READ_CHUNK];
  gssize n;

  g_return_if_fail (SB_IS_WS_BRIDGE (self));

  if (self->closed)
    return;
  /* What libmosquitto wrote last (its DISCONNECT) goes out before the close
   * frame, or the broker would publish the will. */
  while (self->peer != NULL && self->ws != NULL
         && soup_websocket_connection_get_state (self->ws) == SOUP_WEBSOCKET_STATE_OPEN
         && (n = g_socket_receive (self->peer, buffer, sizeof buffer, NULL, NULL)) > 0)
    soup_websocket_connection_send_binary (self->ws, buffer, (gsize)n);
  /* Alive until the closing handshake is done (or given up on): the frames
   * libsoup could not write yet go out meanwhile, and the broker has read
   * everything once it answers the close. */
  if (self->ws != NULL
      && soup_websocket_connection_get_state (self->ws) == SOUP_WEBSOCKET_STATE_OPEN)
    {
      g_object_ref (self);
      n_closing++;
      self->close_timeout_id
          = g_timeout_add_seconds (CLOSE_TIMEOUT_SECONDS, close_timeout_cb, self);
    }
  g_object_ref (self);
  finish (self);
  g_object_unref (self);
}

static void
sb_ws_bridge_dispose (GObject *object)
{
  SbWsBridge *self = SB_WS_BRIDGE (object);

  self->closed = TRUE; /* no signal from dispose */
  destroy_source (&self->accept_source);
  if (self->listener != NULL)
    g_socket_close (self->listener, NULL);
  g_clear_object (&self->listener);
  remove_socket_file (self);
  close_peer (self);
  if (self->ws != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->ws, self);
      if (soup_websocket_connection_get_state (self->ws) == SOUP_WEBSOCKET_STATE_OPEN)
        soup_websocket_connection_close (self->ws, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
    }
  g_clear_object (&self->ws);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (sb_ws_bridge_parent_class)->dispose (object);
}

static void
sb_ws_bridge_finalize (GObject *object)
{
  SbWsBridge *self = SB_WS_BRIDGE (object);

  g_byte_array_unref (self->out);
  g_free (self->close_reason);

  G_OBJECT_CLASS (sb_ws_bridge_parent_class)->finalize (object);
}

static void
sb_ws_bridge_class_init (SbWsBridgeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sb_ws_bridge_dispose;
  object_class->finalize = sb_ws_bridge_finalize;

  signals[CLOSED] = g_signal_new ("closed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                  NULL, NULL, G_TYPE_NONE, 0);
}

static void
sb_ws_bridge_init (SbWsBridge *self)
{
  self->out = g_byte_array_new ();
}

const char *
sb_ws_bridge_get_socket_path (SbWsBridge *self)
{
  g_return_val_if_fail (SB_IS_WS_BRIDGE (self), NULL);
  return self->socket_path;
}

const char *
sb_ws_bridge_get_close_reason (SbWsBridge *self)
{
  g_return_val_if_fail (SB_IS_WS_BRIDGE (self), NULL);
  return self->close_reason;
}

/* ---- libmosquitto's side ------------------------------------------------- */

static gboolean
peer_out_cb (GSocket *socket, GIOCondition condition, gpointer data);

/* Writes what the broker sent to libmosquitto, as far as the socket takes it. */
static void
flush_out (SbWsBridge *self)
{
  g_autoptr (GError) error = NULL;

  while (self->peer != NULL && self->out->len > 0)
    {
      gssize n
          = g_socket_send (self->peer, (const char *)self->out->data, self->out->len, NULL, &error);
      if (n > 0)
        {
          g_byte_array_remove_range (self->out, 0, (guint)n);
          continue;
        }
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
        {
          if (self->peer_out == NULL)
            {
              self->peer_out = g_socket_create_source (self->peer, G_IO_OUT, NULL);
              g_source_set_callback (self->peer_out, G_SOURCE_FUNC (peer_out_cb), self, NULL);
              g_source_attach (self->peer_out, NULL);
            }
          return;
        }
      /* libmosquitto closed its end: the connection is over. */
      finish (self);
      return;
    }
  destroy_source (&self->peer_out);
  /* What the broker said last is out: now libmosquitto may see the end. */
  if (self->ws_closed)
    finish (self);
}

static gboolean
peer_out_cb (GSocket *socket, GIOCondition condition, gpointer data)
{
  SbWsBridge *self = data;

  g_clear_pointer (&self->peer_out, g_source_unref);
  flush_out (self);
  return G_SOURCE_REMOVE;
}

static gboolean
peer_in_cb (GSocket *socket, GIOCondition condition, gpointer data)
{
  SbWsBridge *self = data;
  char buffer[READ_CHUNK];

  for (guint i = 0; i < READS_PER_WAKEUP; i++)
    {
      g_autoptr (GError) error = NULL;
      gssize n = g_socket_receive (socket, buffer, sizeof buffer, NULL, &error);

      if (n > 0)
        {
          if (self->ws != NULL
              && soup_websocket_connection_get_state (self->ws) == SOUP_WEBSOCKET_STATE_OPEN)
            soup_websocket_connection_send_binary (self->ws, buffer, (gsize)n);
          continue;
        }
      if (n < 0 && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
        return G_SOURCE_CONTINUE;
      /* End of file or an error: libmosquitto is done with the connection. */
      g_clear_pointer (&self->peer_in, g_source_unref);
      g_object_ref (self);
      finish (self);
      g_object_unref (self);
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static gboolean
accept_cb (GSocket *listener, GIOCondition condition, gpointer data)
{
  SbWsBridge *self = data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GSocket) peer = g_socket_accept (listener, NULL, &error);
  g_autoptr (GCredentials) credentials = NULL;

  if (peer == NULL)
    return G_SOURCE_CONTINUE;
  /* Only this process: the folder is private, and this makes sure. */
  credentials = g_socket_get_credentials (peer, NULL);
  if (credentials == NULL || g_credentials_get_unix_pid (credentials, NULL) != getpid ())
    {
      g_socket_close (peer, NULL);
      return G_SOURCE_CONTINUE;
    }

  g_clear_pointer (&self->accept_source, g_source_unref);
  g_socket_close (listener, NULL);
  g_clear_object (&self->listener);
  remove_socket_file (self);

  g_socket_set_blocking (peer, FALSE);
  self->peer = g_steal_pointer (&peer);
  self->peer_in = g_socket_create_source (self->peer, G_IO_IN | G_IO_HUP | G_IO_ERR, NULL);
  g_source_set_callback (self->peer_in, G_SOURCE_FUNC (peer_in_cb), self, NULL);
  g_source_attach (self->peer_in, NULL);
  flush_out (self);
  return G_SOURCE_REMOVE;
}

/* A folder of this user's runtime directory that nobody else may enter. */
static char *
private_folder (GError **error)
{
  g_autofree char *dir = g_build_filename (g_get_user_runtime_dir (), "signalboard", NULL);
  struct stat st;

  if (g_mkdir_with_parents (dir, 0700) != 0 || g_lstat (dir, &st) != 0)
    {
      int saved_errno = errno;
      g_set_error (error, SB_MQTT_ERROR, SB_MQTT_ERROR_INVALID,
                   _ ("Cannot make the folder “%s” for the WebSocket connection: %s"), dir,
                   g_strerror (saved_errno));
      return NULL;
    }
  if (!S_ISDIR (st.st_mode) || st.st_uid != getuid ()
      || ((st.st_mode & 077) != 0 && g_chmod (dir, 0700) != 0))
    {
      g_set_error (error, SB_MQTT_ERROR, SB_MQTT_ERROR_INVALID,
                   _ ("The folder “%s” for the WebSocket connection is not private to this user"),
                   dir);
      return NULL;
    }
  return g_steal_pointer (&dir);
}

static gboolean
listen_for_libmosquitto (SbWsBridge *self, GError **error)
{
  static guint counter;
  g_autofree char *dir = private_folder (error);
  g_autoptr (GSocketAddress) address = NULL;
  g_autoptr (GError) local = NULL;

  if (dir == NULL)
    return FALSE;
  self->socket_path = g_strdup_printf ("%s/ws-%d-%u-%08x.sock", dir, (int)getpid (),
                                       g_atomic_int_add (&counter, 1), g_random_int ());
  if (strlen (self->socket_path) >= sizeof (((struct sockaddr_un *)NULL)->sun_path))
    {
      g_set_error (error, SB_MQTT_ERROR, SB_MQTT_ERROR_INVALID,
                   _ ("The folder “%s” for the WebSocket connection has too long a name for a "
                      "socket"),
                   dir);
      g_clear_pointer (&self->socket_path, g_free);
      return FALSE;
    }
  g_unlink (self->socket_path);
  self->listener = g_socket_new (G_SOCKET_FAMILY_UNIX, G_SOCKET_TYPE_STREAM, 0, &local);
  address = g_unix_socket_address_new (self->socket_path);
  if (self->listener == NULL || !g_socket_bind (self->listener, address, FALSE, &local)
      || (g_socket_set_listen_backlog (self->listener, 1),
          !g_socket_listen (self->listener, &local)))
    {
      g_set_error (error, SB_MQTT_ERROR, SB_MQTT_ERROR_INVALID,
                   _ ("Cannot make the socket for the WebSocket connection in “%s”: %s"), dir,
                   local->message);
      remove_socket_file (self);
      return FALSE;
    }
  g_socket_set_blocking (self->listener, FALSE);
  self->accept_source = g_socket_create_source (self->listener, G_IO_IN, NULL);
  g_source_set_callback (self->accept_source, G_SOURCE_FUNC (accept_cb), self, NULL);
  g_source_attach (self->accept_source, NULL);
  return TRUE;
}

/* ---- the broker's side --------------------------------------------------- */

static void
on_ws_message (SoupWebsocketConnection *ws, int type, GBytes *message, SbWsBridge *self)
{
  gsize size;
  const guint8 *data = g_bytes_get_data (message, &size);

  g_byte_array_append (self->out, data, (guint)size);
  flush_out (self);
}

static void
on_ws_error (SoupWebsocketConnection *ws, GError *error, SbWsBridge *self)
{
  if (self->close_reason == NULL)
    self->close_reason = g_strdup_printf (_ ("WebSocket: %s"), error->message);
}

static void
on_ws_closed (SoupWebsocketConnection *ws, SbWsBridge *self)
{
  gushort code = soup_websocket_connection_get_close_code (ws);
  const char *data = soup_websocket_connection_get_close_data (ws);

  /* Closed by the broker (or the network), not by us after libmosquitto's end. */
  if (self->close_reason == NULL && !self->closed)
    {
      if (code == 0 || code == SOUP_WEBSOCKET_CLOSE_NO_STATUS
          || code == SOUP_WEBSOCKET_CLOSE_ABNORMAL)
        self->close_reason = g_strdup (_ ("the broker closed the WebSocket"));
      else if (data != NULL && data[0] != '\0')
        self->close_reason
            = g_strdup_printf (_ ("the broker closed the WebSocket (%u: %s)"), code, data);
      else
        self->close_reason = g_strdup_printf (_ ("the broker closed the WebSocket (%u)"), code);
    }
  self->ws_closed = TRUE;
  g_object_ref (self);
  flush_out (self);
  if (self->close_timeout_id != 0)
    end_closing (self);
  g_object_unref (self);
}

/* ---- opening ------------------------------------------------------------- */

typedef struct
{
  SbWsBridge *bridge;
  SoupMessage *message;
  char *host;
  char *address; /* host:port */
  char *path;
  gboolean tls;
  gboolean has_client_cert;
} OpenData;

static void
open_data_free (OpenData *data)
{
  g_clear_object (&data->bridge);
  g_clear_object (&data->message);
  g_free (data->host);
  g_free (data->address);
  g_free (data->path);
  g_free (data);
}

static gboolean
accept_any_certificate (SoupMessage *message, GTlsCertificate *certificate,
                        GTlsCertificateFlags errors, gpointer data)
{
  return TRUE;
}

/* What went wrong, as a person would want to hear it, and whether a retry may help. */
static GError *
describe_open_error (OpenData *data, GError *error)
{
  guint status = soup_message_get_status (data->message);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_error_copy (error);
  if (error->domain == G_TLS_ERROR)
    {
      g_autofree char *what = NULL;

      if (g_error_matches (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE))
        what = sb_mqtt_client_tls_describe_certificate (
            soup_message_get_tls_peer_certificate_errors (data->message), data->host);
      else if (g_error_matches (error, G_TLS_ERROR, G_TLS_ERROR_CERTIFICATE_REQUIRED))
        what = g_strdup (_ ("the broker requires a client certificate"));
      else if (g_error_matches (error, G_TLS_ERROR, G_TLS_ERROR_NOT_TLS))
        what = g_strdup (_ ("the broker does not speak TLS on this port"));
      if (what == NULL)
        what = g_strdup (error->message);
      return g_error_new (SB_MQTT_ERROR, SB_MQTT_ERROR_TLS, _ ("TLS: %s"), what);
    }
  if (error->domain == SOUP_WEBSOCKET_ERROR && status != SOUP_STATUS_NONE
      && status != SOUP_STATUS_SWITCHING_PROTOCOLS)
    {
      /* A proxy or server in trouble may be back later; a wrong path will not. */
      int code = status >= 500 ? SB_MQTT_ERROR_NETWORK : SB_MQTT_ERROR_PROTOCOL;

      if (status == SOUP_STATUS_NOT_FOUND)
        return g_error_new (SB_MQTT_ERROR, code, _ ("HTTP 404 at %s: is the path right?"),
                            data->path);
      return g_error_new (SB_MQTT_ERROR, code,
                          _ ("HTTP %u at %s (%s): the server did not take the WebSocket"), status,
                          data->path, soup_status_get_phrase (status));
    }
  if (error->domain == SOUP_WEBSOCKET_ERROR)
    return g_error_new (SB_MQTT_ERROR, SB_MQTT_ERROR_PROTOCOL,
                        _ ("%s%s: not a WebSocket handshake for MQTT: %s"), data->address,
                        data->path, error->message);
  if (error->domain == G_RESOLVER_ERROR)
    return g_error_new (SB_MQTT_ERROR, SB_MQTT_ERROR_RESOLVE, _ ("Unknown host “%s”"), data->host);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED))
    return g_error_new (SB_MQTT_ERROR, SB_MQTT_ERROR_REFUSED, _ ("Connection refused by %s"),
                        data->address);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    return g_error_new (SB_MQTT_ERROR, SB_MQTT_ERROR_TIMEOUT, _ ("No answer from %s"),
                        data->address);
  /* A TLS 1.3 broker refuses a missing client certificate after the
   * handshake: the connection just ends, as over TCP. */
  if (data->tls && !data->has_client_cert)
    return g_error_new_literal (SB_MQTT_ERROR, SB_MQTT_ERROR_NETWORK,
                                _ ("TLS: the broker closed the connection after the handshake "
                                   "(does it require a client certificate?)"));
  return g_error_new (SB_MQTT_ERROR, SB_MQTT_ERROR_NETWORK, _ ("Cannot reach %s: %s"),
                      data->address, error->message);
}

static void
connected_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  OpenData *data = g_task_get_task_data (task);
  SbWsBridge *self = data->bridge;
  g_autoptr (GError) error = NULL;

  self->ws = soup_session_websocket_connect_finish (SOUP_SESSION (object), result, &error);
  if (self->ws == NULL)
    {
      g_task_return_error (task, describe_open_error (data, error));
      return;
    }
  /* libsoup accepts an answer without a subprotocol: a WebSocket that is not MQTT's. */
  if (g_strcmp0 (soup_websocket_connection_get_protocol (self->ws), "mqtt") != 0)
    {
      g_task_return_new_error (
          task, SB_MQTT_ERROR, SB_MQTT_ERROR_PROTOCOL,
          _ ("%s%s does not speak MQTT over WebSocket: it did not agree to the "
             "“mqtt” subprotocol"),
          data->address, data->path);
      return;
    }
  soup_websocket_connection_set_max_incoming_payload_size (self->ws, MAX_INCOMING_PAYLOAD);
  g_signal_connect (self->ws, "message", G_CALLBACK (on_ws_message), self);
  g_signal_connect (self->ws, "error", G_CALLBACK (on_ws_error), self);
  g_signal_connect (self->ws, "closed", G_CALLBACK (on_ws_closed), self);
  if (!listen_for_libmosquitto (self, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_pointer (task, g_object_ref (self), g_object_unref);
}

void
sb_ws_bridge_open_async (SbDataSource *source, GCancellable *cancellable,
                         GAsyncReadyCallback callback, gpointer user_data)
{
  static const char *const protocols[] = { "mqtt", NULL };
  g_autoptr (GTask) task = NULL;
  g_autoptr (GTlsDatabase) database = NULL;
  g_autoptr (GTlsCertificate) certificate = NULL;
  g_autoptr (GUri) uri = NULL;
  g_autoptr (GError) error = NULL;
  OpenData *data;
  guint port;

  g_return_if_fail (SB_IS_DATA_SOURCE (source));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, sb_ws_bridge_open_async);
  data = g_new0 (OpenData, 1);
  g_task_set_task_data (task, data, (GDestroyNotify)open_data_free);
  data->bridge = g_object_new (SB_TYPE_WS_BRIDGE, NULL);
  data->host = g_strdup (sb_data_source_get_broker (source));
  data->path = g_strdup (sb_data_source_get_path (source));
  data->tls = sb_data_source_get_tls_enabled (source);
  port = sb_data_source_get_effective_port (source);
  data->address
      = g_strdup_printf (strchr (data->host, ':') ? "[%s]:%u" : "%s:%u", data->host, port);

  if (data->tls)
    {
      database = sb_mqtt_client_tls_database (source, &error);
      if (database != NULL)
        certificate = sb_mqtt_client_tls_client_certificate (source, &error);
      if (error != NULL)
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      data->has_client_cert = certificate != NULL;
    }
  /* The path was checked to be printable ASCII: it goes out as written. */
  uri = g_uri_build (G_URI_FLAGS_ENCODED_PATH, data->tls ? "wss" : "ws", NULL, data->host,
                     (int)port, data->path, NULL, NULL);
  data->message = soup_message_new_from_uri (SOUP_METHOD_GET, uri);
  if (data->tls && !sb_data_source_get_tls_verify (source))
    g_signal_connect (data->message, "accept-certificate", G_CALLBACK (accept_any_certificate),
                      NULL);
  if (certificate != NULL)
    soup_message_set_tls_client_certificate (data->message, certificate);

  /* The system's proxy settings apply: libsoup uses the default GProxyResolver. */
  data->bridge->session
      = soup_session_new_with_options ("tls-database", data->tls ? database : NULL, "user-agent",
                                       "Signalboard/" PACKAGE_VERSION, "timeout", 30, NULL);
  soup_session_websocket_connect_async (data->bridge->session, data->message, NULL,
                                        (char **)protocols, G_PRIORITY_DEFAULT, cancellable,
                                        connected_cb, g_steal_pointer (&task));
}

static gboolean
wait_timeout_cb (gpointer data)
{
  gboolean *timed_out = data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

gboolean
sb_ws_bridge_wait_closed (guint timeout_ms)
{
  gboolean timed_out = FALSE;
  guint timeout_id;

  /* What is ready runs first: a connection's close may be waiting in an idle. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  if (n_closing == 0)
    return TRUE;
  timeout_id = g_timeout_add (timeout_ms, wait_timeout_cb, &timed_out);
  while (n_closing > 0 && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (timeout_id);
  return n_closing == 0;
}

SbWsBridge *
sb_ws_bridge_open_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
