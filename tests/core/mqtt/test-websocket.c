/* test-websocket.c: MQTT over WebSocket against two implementations, mosquitto
 * 2.0 ("protocol websockets" listeners, ws and wss) and aedes with the ws
 * package: small, multi-frame (> 64 KiB) and 1 MiB messages both ways, wss
 * with the fixture's certificates (client certificate with an encrypted key),
 * a broker restart (reconnect and resubscribe), and the refusals a person
 * must understand: a wrong path (HTTP 404), a server without the "mqtt"
 * subprotocol, an unknown CA. The bridge's unix socket is private and gone
 * once libmosquitto has it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sb-config.h"
#include "sb-message.h"
#include "sb-mqtt-session.h"
#include "sb-test-aedes.h"
#include "sb-test-broker.h"

#define WAIT_MS 30000

typedef struct
{
  SbTestBroker *broker;
  SbTestAedes *aedes;
  SbMqttSession *session;
  guint connected;
  GPtrArray *payloads; /* GBytes, in arrival order */
  GPtrArray *topics;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  f->broker = sb_test_broker_new ();
  f->payloads = g_ptr_array_new_with_free_func ((GDestroyNotify)g_bytes_unref);
  f->topics = g_ptr_array_new_with_free_func (g_free);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  if (f->session != NULL)
    {
      sb_mqtt_session_stop (f->session);
      g_signal_handlers_disconnect_by_data (f->session, f);
      g_clear_object (&f->session);
    }
  while (g_main_context_iteration (NULL, FALSE))
    ;
  sb_test_broker_free (f->broker);
  g_clear_pointer (&f->aedes, sb_test_aedes_free);
  g_ptr_array_unref (f->payloads);
  g_ptr_array_unref (f->topics);
}

static void
on_connected (SbMqttSession *session, Fixture *f)
{
  f->connected++;
}

static void
on_message (SbMqttSession *session, SbMessage *message, Fixture *f)
{
  g_ptr_array_add (f->payloads, g_bytes_ref (sb_message_get_payload (message)));
  g_ptr_array_add (f->topics, g_strdup (sb_message_get_topic (message)));
}

static SbDataSource *
make_source (guint port, gboolean tls)
{
  SbDataSource *source = sb_data_source_new ();
  g_autoptr (SbSubscription) sub = sb_subscription_new ("ws/#");

  sb_data_source_set_name (source, "WebSocket test");
  sb_data_source_set_broker (source, "127.0.0.1");
  sb_data_source_set_port (source, port);
  sb_data_source_set_transport (source, SB_TRANSPORT_WEBSOCKETS);
  sb_data_source_set_tls_enabled (source, tls);
  sb_data_source_add_subscription (source, sub);
  return source;
}

static gboolean
is_connected (gpointer data)
{
  Fixture *f = data;
  return f->connected > 0 && sb_mqtt_session_get_state (f->session) == SB_SESSION_CONNECTED;
}

static gboolean
has_failed (gpointer data)
{
  Fixture *f = data;
  return sb_mqtt_session_get_state (f->session) == SB_SESSION_FAILED;
}

static void
start (Fixture *f, SbDataSource *source)
{
  f->session = sb_mqtt_session_new (source);
  g_signal_connect (f->session, "connected", G_CALLBACK (on_connected), f);
  g_signal_connect (f->session, "message", G_CALLBACK (on_message), f);
  sb_mqtt_session_start (f->session);
}

static void
start_and_wait (Fixture *f, SbDataSource *source)
{
  start (f, source);
  if (!sb_test_wait_for (is_connected, f, WAIT_MS))
    g_error ("not connected: %s", sb_mqtt_session_get_last_error (f->session));
}

typedef struct
{
  Fixture *f;
  guint n;
} Count;

static gboolean
has_messages (gpointer data)
{
  Count *c = data;
  return c->f->payloads->len >= c->n;
}

static void
wait_for_messages (Fixture *f, guint n)
{
  Count c = { f, n };
  g_assert_true (sb_test_wait_for (has_messages, &c, WAIT_MS));
}

/* A payload of @size bytes that is not the same byte over and over. */
static GBytes *
make_payload (gsize size, guint seed)
{
  guint8 *data = g_malloc (size);
  GRand *rand = g_rand_new_with_seed (seed);

  for (gsize i = 0; i < size; i++)
    data[i] = (guint8)g_rand_int (rand);
  g_rand_free (rand);
  return g_bytes_new_take (data, size);
}

static void
publish_file (guint port, const char *topic, GBytes *payload)
{
  g_autofree char *path = NULL;
  g_autofree char *port_text = g_strdup_printf ("%u", port);
  g_autoptr (GError) error = NULL;
  int fd = g_file_open_tmp ("sb-ws-payload-XXXXXX", &path, &error);
  int status = 0;

  g_assert_no_error (error);
  close (fd);
  g_file_set_contents (path, g_bytes_get_data (payload, NULL), g_bytes_get_size (payload), &error);
  g_assert_no_error (error);
  {
    const char *argv[] = { "mosquitto_pub", "-h", "127.0.0.1", "-p", port_text, "-t",
                           topic,           "-q", "1",         "-f", path,      NULL };
    g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, &status,
                  &error);
  }
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_unlink (path);
}

/* Small, several frames, 1 MiB: from a TCP publisher in, and from us out and back. */
static void
check_payloads (Fixture *f, guint tcp_port)
{
  static const gsize sizes[] = { 5, 100 * 1024, 1024 * 1024 };
  g_autoptr (GError) error = NULL;
  guint base = f->payloads->len;

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autoptr (GBytes) payload = make_payload (sizes[i], i + 1);
      g_autofree char *topic = g_strdup_printf ("ws/in/%u", i);

      publish_file (tcp_port, topic, payload);
      wait_for_messages (f, base + i + 1);
      g_assert_cmpstr (g_ptr_array_index (f->topics, base + i), ==, topic);
      g_assert_true (g_bytes_equal (g_ptr_array_index (f->payloads, base + i), payload));
    }
  base = f->payloads->len;
  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autoptr (GBytes) payload = make_payload (sizes[i], i + 10);
      g_autofree char *topic = g_strdup_printf ("ws/out/%u", i);

      g_assert_true (sb_mqtt_session_publish (f->session, topic, payload, 1, FALSE, &error));
      g_assert_no_error (error);
      wait_for_messages (f, base + i + 1);
      g_assert_cmpstr (g_ptr_array_index (f->topics, base + i), ==, topic);
      g_assert_true (g_bytes_equal (g_ptr_array_index (f->payloads, base + i), payload));
    }
}

static void
test_mosquitto_ws (Fixture *f, gconstpointer data)
{
  g_autoptr (SbDataSource) source = NULL;
  g_autofree char *folder = g_build_filename (g_get_user_runtime_dir (), "signalboard", NULL);
  g_autoptr (GDir) dir = NULL;
  g_autofree char *prefix = g_strdup_printf ("ws-%d-", (int)getpid ());
  struct stat st;

  sb_test_broker_enable_websockets (f->broker);
  sb_test_broker_start (f->broker);
  source = make_source (sb_test_broker_get_ws_port (f->broker), FALSE);
  start_and_wait (f, source);

  /* The bridge's socket folder is this user's alone, and the socket is gone
   * once libmosquitto is connected through it. */
  g_assert_cmpint (g_stat (folder, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);
  dir = g_dir_open (folder, 0, NULL);
  for (const char *name; (name = g_dir_read_name (dir)) != NULL;)
    g_assert_false (g_str_has_prefix (name, prefix) && g_str_has_suffix (name, ".sock"));

  check_payloads (f, sb_test_broker_get_port (f->broker));
}

static gboolean
is_reconnecting (gpointer data)
{
  Fixture *f = data;
  return sb_mqtt_session_get_state (f->session) == SB_SESSION_RECONNECTING;
}

static gboolean
connected_twice (gpointer data)
{
  Fixture *f = data;
  return f->connected >= 2;
}

static void
test_mosquitto_restart (Fixture *f, gconstpointer data)
{
  g_autoptr (SbDataSource) source = NULL;
  g_autoptr (GBytes) after = g_bytes_new_static ("after", 5);

  sb_test_broker_enable_websockets (f->broker);
  sb_test_broker_start (f->broker);
  source = make_source (sb_test_broker_get_ws_port (f->broker), FALSE);
  start_and_wait (f, source);

  sb_test_broker_stop (f->broker);
  g_assert_true (sb_test_wait_for (is_reconnecting, f, WAIT_MS));
  g_assert_nonnull (strstr (sb_mqtt_session_get_last_error (f->session), "lost"));
  sb_test_broker_start (f->broker);
  sb_mqtt_session_reconnect_now (f->session);
  g_assert_true (sb_test_wait_for (connected_twice, f, WAIT_MS));
  /* Subscribed again: a message published now arrives. */
  sb_test_broker_publish (f->broker, "ws/after", "after", 1, FALSE);
  wait_for_messages (f, 1);
  g_assert_cmpstr (g_ptr_array_index (f->topics, 0), ==, "ws/after");
  g_assert_true (g_bytes_equal (g_ptr_array_index (f->payloads, 0), after));
}

static void
test_mosquitto_wss (Fixture *f, gconstpointer data)
{
  g_autoptr (SbDataSource) source = NULL;

  sb_test_broker_enable_tls (f->broker, TRUE);
  sb_test_broker_enable_websockets (f->broker);
  sb_test_broker_start (f->broker);
  source = make_source (sb_test_broker_get_wss_port (f->broker), TRUE);
  sb_data_source_set_tls_ca_file (source, sb_test_broker_get_ca_file (f->broker));
  sb_data_source_set_tls_client_cert (source, sb_test_broker_get_client_cert (f->broker));
  sb_data_source_set_tls_client_key (
      source, sb_test_broker_get_encrypted_client_key (f->broker, "Geheim 42"));
  sb_data_source_set_tls_client_key_password (source, "Geheim 42");
  start_and_wait (f, source);
  check_payloads (f, sb_test_broker_get_port (f->broker));
}

static void
expect_failure (Fixture *f, SbDataSource *source, const char *expected)
{
  start (f, source);
  g_assert_true (sb_test_wait_for (has_failed, f, WAIT_MS));
  g_assert_cmpstr (sb_mqtt_session_get_last_error (f->session), ==, expected);
  g_assert_cmpuint (f->connected, ==, 0);
}

static void
test_mosquitto_wss_unknown_ca (Fixture *f, gconstpointer data)
{
  g_autoptr (SbDataSource) source = NULL;

  sb_test_broker_enable_tls (f->broker, FALSE);
  sb_test_broker_enable_websockets (f->broker);
  sb_test_broker_start (f->broker);
  source = make_source (sb_test_broker_get_wss_port (f->broker), TRUE);
  sb_data_source_set_tls_ca_file (source, sb_test_broker_get_other_ca_file (f->broker));
  /* The same sentence as over TCP (test-tls). */
  expect_failure (f, source,
                  "TLS: unknown CA: no trusted CA signed the broker’s certificate (check the CA "
                  "file)");
}

static void
test_aedes_ws (Fixture *f, gconstpointer data)
{
  g_autoptr (SbDataSource) source = NULL;

  f->aedes = sb_test_aedes_new ();
  sb_test_aedes_start (f->aedes);
  source = make_source (sb_test_aedes_get_ws_port (f->aedes), FALSE);
  start_and_wait (f, source);
  check_payloads (f, sb_test_aedes_get_tcp_port (f->aedes));
}

static void
test_aedes_wss (Fixture *f, gconstpointer data)
{
  g_autoptr (SbDataSource) source = NULL;
  g_autofree char *cert = NULL;
  g_autofree char *key = NULL;

  /* The certificates the mosquitto fixture makes, for a broker that is not mosquitto. */
  sb_test_broker_enable_tls (f->broker, FALSE);
  cert = sb_test_broker_get_server_cert (f->broker);
  key = sb_test_broker_get_server_key (f->broker);
  f->aedes = sb_test_aedes_new ();
  sb_test_aedes_set_tls (f->aedes, cert, key);
  sb_test_aedes_start (f->aedes);
  source = make_source (sb_test_aedes_get_ws_port (f->aedes), TRUE);
  sb_data_source_set_tls_ca_file (source, sb_test_broker_get_ca_file (f->broker));
  start_and_wait (f, source);
  check_payloads (f, sb_test_aedes_get_tcp_port (f->aedes));
}

static void
test_aedes_restart (Fixture *f, gconstpointer data)
{
  g_autoptr (SbDataSource) source = NULL;
  g_autoptr (GBytes) after = g_bytes_new_static ("after", 5);

  f->aedes = sb_test_aedes_new ();
  sb_test_aedes_start (f->aedes);
  source = make_source (sb_test_aedes_get_ws_port (f->aedes), FALSE);
  start_and_wait (f, source);
  sb_test_aedes_stop (f->aedes);
  g_assert_true (sb_test_wait_for (is_reconnecting, f, WAIT_MS));
  sb_test_aedes_start (f->aedes);
  sb_mqtt_session_reconnect_now (f->session);
  g_assert_true (sb_test_wait_for (connected_twice, f, WAIT_MS));
  publish_file (sb_test_aedes_get_tcp_port (f->aedes), "ws/after", g_bytes_new_static ("after", 5));
  wait_for_messages (f, 1);
  g_assert_cmpstr (g_ptr_array_index (f->topics, 0), ==, "ws/after");
}

static void
test_wrong_path (Fixture *f, gconstpointer data)
{
  g_autoptr (SbDataSource) source = NULL;

  f->aedes = sb_test_aedes_new ();
  sb_test_aedes_start (f->aedes);
  source = make_source (sb_test_aedes_get_ws_port (f->aedes), FALSE);
  sb_data_source_set_path (source, "/ws");
  expect_failure (f, source, "HTTP 404 at /ws: is the path right?");
}

static void
test_no_subprotocol (Fixture *f, gconstpointer data)
{
  g_autoptr (SbDataSource) source = NULL;
  g_autofree char *expected = NULL;

  f->aedes = sb_test_aedes_new ();
  sb_test_aedes_set_no_subprotocol (f->aedes);
  sb_test_aedes_start (f->aedes);
  source = make_source (sb_test_aedes_get_ws_port (f->aedes), FALSE);
  expected = g_strdup_printf ("127.0.0.1:%u/mqtt does not speak MQTT over WebSocket: it did not "
                              "agree to the “mqtt” subprotocol",
                              sb_test_aedes_get_ws_port (f->aedes));
  expect_failure (f, source, expected);
}

static void
test_refused (Fixture *f, gconstpointer data)
{
  g_autoptr (SbDataSource) source = make_source (sb_test_free_port (), FALSE);
  g_autofree char *expected
      = g_strdup_printf ("Connection refused by 127.0.0.1:%u", sb_data_source_get_port (source));

  start (f, source);
  g_assert_true (sb_test_wait_for (is_reconnecting, f, WAIT_MS));
  g_assert_cmpstr (sb_mqtt_session_get_last_error (f->session), ==, expected);
}

typedef struct
{
  int status;
  char *out;
  char *err;
} Run;

static void
run_cli (Run *run, const char *first, ...) G_GNUC_NULL_TERMINATED;

static void
run_cli (Run *run, const char *first, ...)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autoptr (GError) error = NULL;
  va_list args;

  g_ptr_array_add (argv, (char *)sb_test_build_path ("src/cli/signalboard-cli"));
  va_start (args, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *)arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);
  g_spawn_sync (NULL, (char **)argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, &run->out, &run->err,
                &run->status, &error);
  g_assert_no_error (error);
}

/* listen --broker ws://…/mqtt gets the messages; the usage errors exit 2. */
static void
test_cli (Fixture *f, gconstpointer data)
{
  g_autofree char *url = NULL;
  g_autofree char *port = NULL;
  GSubprocess *listen;
  g_autoptr (GError) error = NULL;
  g_autofree char *out = NULL;
  Run run = { 0 };

  sb_test_broker_enable_websockets (f->broker);
  sb_test_broker_start (f->broker);
  url = g_strdup_printf ("ws://127.0.0.1:%u/mqtt", sb_test_broker_get_ws_port (f->broker));
  port = g_strdup_printf ("%u", sb_test_broker_get_ws_port (f->broker) + 1);

  run_cli (&run, "listen", "--broker", url, "--port", port, "--topic", "ws/#", NULL);
  g_assert_cmpint (WEXITSTATUS (run.status), ==, 2);
  g_assert_nonnull (strstr (run.err, "but --port says"));
  g_clear_pointer (&run.out, g_free);
  g_clear_pointer (&run.err, g_free);
  run_cli (&run, "listen", "--broker", "127.0.0.1", "--path", "/mqtt", "--topic", "ws/#", NULL);
  g_assert_cmpint (WEXITSTATUS (run.status), ==, 2);
  g_assert_nonnull (strstr (run.err, "--path needs --websockets"));
  g_clear_pointer (&run.out, g_free);
  g_clear_pointer (&run.err, g_free);

  /* --websockets with a host, as the man page says, and retained so no race. */
  sb_test_broker_publish (f->broker, "ws/cli", "over websocket", 1, TRUE);
  port = (g_free (port), g_strdup_printf ("%u", sb_test_broker_get_ws_port (f->broker)));
  listen = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                             sb_test_build_path ("src/cli/signalboard-cli"), "listen", "--broker",
                             "127.0.0.1", "--port", port, "--websockets", "--topic", "ws/#",
                             "--count", "1", "--timeout", "20", "--format", "jsonl", NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (listen, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_subprocess_get_exit_status (listen), ==, 0);
  g_assert_nonnull (strstr (out, "\"topic\":\"ws/cli\""));
  g_assert_nonnull (strstr (out, "\"payload\":\"over websocket\""));
  g_object_unref (listen);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/websocket/mosquitto/ws", test_mosquitto_ws);
  ADD ("/websocket/mosquitto/restart", test_mosquitto_restart);
  ADD ("/websocket/mosquitto/wss-client-cert", test_mosquitto_wss);
  ADD ("/websocket/mosquitto/wss-unknown-ca", test_mosquitto_wss_unknown_ca);
  ADD ("/websocket/aedes/ws", test_aedes_ws);
  ADD ("/websocket/aedes/wss", test_aedes_wss);
  ADD ("/websocket/aedes/restart", test_aedes_restart);
  ADD ("/websocket/errors/wrong-path", test_wrong_path);
  ADD ("/websocket/errors/no-subprotocol", test_no_subprotocol);
  ADD ("/websocket/errors/refused", test_refused);
  ADD ("/websocket/cli", test_cli);
#undef ADD
  return g_test_run ();
}
