/* test-websocket.c: MQTT over WebSocket against two implementations, mosquitto
 * 2.0 ("protocol websockets" listeners, ws and wss) and aedes with the ws
 * package: small, multi-frame (> 64 KiB) and 1 MiB messages both ways, wss
 * with the fixture's certificates (client certificate with an encrypted key),
 * a broker restart (reconnect and resubscribe), and the refusals a person
 * must understand: a wrong path (HTTP 404), a server without the "mqtt"
 * subprotocol, an unknown CA. The bridge's unix socket is private and gone
 * once libmosquitto has it.
 *
 * Floods: 500 messages of 64 KiB at QoS 0 and at QoS 1 in and 500 out,
 * every one in order and byte for byte, against aedes; against mosquitto
 * 2.0.21 a flood out of 64 KiB messages, and floods in of 2 KiB ones.
 * mosquitto's WebSocket listener (with Debian's libwebsockets 4.1) sends
 * what a message has beyond libwebsockets' 4 KiB buffer one chunk per pass of
 * its main loop, which sleeps up to 100 ms between passes: about 40 KB/s to
 * any WebSocket client (a node "ws" client measures the same), so 500 x 64 KiB
 * would take 14 minutes; its upstream issues #1390 and #2252.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sb-config.h"
#include "sb-message.h"
#include "sb-mqtt-session.h"
#include "sb-test-aedes.h"
#include "sb-test-broker.h"
#include "sb-test-run.h"

#define WAIT_MS 30000
/* A flood, or one 1 MiB message from mosquitto at its 40 KB/s (26 s idle). */
#define FLOOD_WAIT_MS 120000

typedef struct
{
  SbTestBroker *broker;
  SbTestAedes *aedes;
  SbMqttSession *session;
  SbMqttSession *receiver; /* over TCP, for what the WebSocket session sends */
  guint connected;
  guint receiver_connected;
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
  if (f->receiver != NULL)
    {
      sb_mqtt_session_stop (f->receiver);
      g_signal_handlers_disconnect_by_data (f->receiver, f);
      g_clear_object (&f->receiver);
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
  if (!sb_test_wait_for (has_messages, &c, FLOOD_WAIT_MS))
    g_error ("%u of %u messages after %u s", f->payloads->len, n, FLOOD_WAIT_MS / 1000);
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

/* ---- floods -------------------------------------------------------------- */

#define FLOOD_N 500

/* Message @i of a flood: its number, then letters up to @size bytes; no
 * newline, as mosquitto_pub -l sends a message per line. */
static GBytes *
flood_payload (guint i, gsize size)
{
  GString *text = g_string_sized_new (size);

  g_string_printf (text, "%06u", i);
  while (text->len < size)
    g_string_append_c (text, (char)('a' + (text->len * 7 + i) % 26));
  return g_string_free_to_bytes (text);
}

/* mosquitto_pub -l over TCP: @n messages of @size bytes on ws/flood, then
 * "end". It runs while the test's main loop keeps the session reading. */
static GSubprocess *
publish_flood (guint port, guint n, gsize size, int qos, char **path)
{
  g_autofree char *port_text = g_strdup_printf ("%u", port);
  g_autofree char *qos_text = g_strdup_printf ("%d", qos);
  g_autoptr (GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autoptr (GString) lines = g_string_new (NULL);
  g_autoptr (GError) error = NULL;
  GSubprocess *pub;
  int fd = g_file_open_tmp ("sb-ws-flood-XXXXXX", path, &error);

  g_assert_no_error (error);
  close (fd);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (GBytes) payload = flood_payload (i, size);
      g_string_append_len (lines, g_bytes_get_data (payload, NULL),
                           (gssize)g_bytes_get_size (payload));
      g_string_append_c (lines, '\n');
    }
  g_string_append (lines, "end\n");
  g_file_set_contents (*path, lines->str, (gssize)lines->len, &error);
  g_assert_no_error (error);
  g_subprocess_launcher_set_stdin_file_path (launcher, *path);
  pub = g_subprocess_launcher_spawn (launcher, &error, "mosquitto_pub", "-h", "127.0.0.1", "-p",
                                     port_text, "-t", "ws/flood", "-q", qos_text, "-l", NULL);
  g_assert_no_error (error);
  return pub;
}

/* All @n and the "end" after them, each once, in order, byte for byte. */
static void
check_flood (Fixture *f, guint n, gsize size, const char *topic)
{
  g_autoptr (GBytes) end = g_bytes_new_static ("end", 3);

  wait_for_messages (f, n + 1);
  g_assert_cmpuint (f->payloads->len, ==, n + 1);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (GBytes) expected = flood_payload (i, size);
      GBytes *payload = g_ptr_array_index (f->payloads, i);

      g_assert_cmpstr (g_ptr_array_index (f->topics, i), ==, topic);
      if (!g_bytes_equal (payload, expected))
        g_error ("message %u of %u: %zu bytes starting “%.6s”, not %zu starting “%06u”", i, n,
                 g_bytes_get_size (payload), (const char *)g_bytes_get_data (payload, NULL), size,
                 i);
    }
  g_assert_true (g_bytes_equal (g_ptr_array_index (f->payloads, n), end));
}

/* @n messages of @size bytes at @qos from a TCP publisher into the WebSocket session. */
static void
flood_in (Fixture *f, guint ws_port, guint tcp_port, guint n, gsize size, int qos)
{
  g_autoptr (SbDataSource) source = make_source (ws_port, FALSE);
  g_autoptr (GSubprocess) pub = NULL;
  g_autofree char *path = NULL;
  g_autoptr (GError) error = NULL;

  sb_data_source_set_qos (source, qos);
  start_and_wait (f, source);
  pub = publish_flood (tcp_port, n, size, qos, &path);
  check_flood (f, n, size, "ws/flood");
  g_subprocess_wait_check (pub, NULL, &error);
  g_assert_no_error (error);
  g_unlink (path);
}

static void
on_receiver_connected (SbMqttSession *session, Fixture *f)
{
  f->receiver_connected++;
}

static gboolean
receiver_is_connected (gpointer data)
{
  Fixture *f = data;
  return f->receiver_connected > 0;
}

/* A session over TCP that puts what arrives on @filter into f->payloads. */
static void
start_receiver (Fixture *f, guint tcp_port, const char *filter)
{
  g_autoptr (SbDataSource) tcp = sb_data_source_new ();
  g_autoptr (SbSubscription) sub = sb_subscription_new (filter);

  sb_data_source_set_name (tcp, "TCP receiver");
  sb_data_source_set_broker (tcp, "127.0.0.1");
  sb_data_source_set_port (tcp, tcp_port);
  sb_data_source_add_subscription (tcp, sub);
  f->receiver = sb_mqtt_session_new (tcp);
  g_signal_connect (f->receiver, "connected", G_CALLBACK (on_receiver_connected), f);
  g_signal_connect (f->receiver, "message", G_CALLBACK (on_message), f);
  sb_mqtt_session_start (f->receiver);
  g_assert_true (sb_test_wait_for (receiver_is_connected, f, WAIT_MS));
}

/* @n messages of @size bytes at QoS 0 from the WebSocket session, to a
 * session over TCP on the same broker. */
static void
flood_out (Fixture *f, guint ws_port, guint tcp_port, guint n, gsize size)
{
  g_autoptr (SbDataSource) source = make_source (ws_port, FALSE);
  g_autoptr (GBytes) end = g_bytes_new_static ("end", 3);
  g_autoptr (GError) error = NULL;

  start_receiver (f, tcp_port, "out/#");
  start_and_wait (f, source);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr (GBytes) payload = flood_payload (i, size);
      g_assert_true (sb_mqtt_session_publish (f->session, "out/flood", payload, 0, FALSE, &error));
      g_assert_no_error (error);
    }
  g_assert_true (sb_mqtt_session_publish (f->session, "out/flood", end, 0, FALSE, &error));
  check_flood (f, n, size, "out/flood");
}

static void
test_aedes_flood_in_qos0 (Fixture *f, gconstpointer data)
{
  f->aedes = sb_test_aedes_new ();
  sb_test_aedes_start (f->aedes);
  flood_in (f, sb_test_aedes_get_ws_port (f->aedes), sb_test_aedes_get_tcp_port (f->aedes), FLOOD_N,
            64 * 1024, 0);
}

static void
test_aedes_flood_in_qos1 (Fixture *f, gconstpointer data)
{
  f->aedes = sb_test_aedes_new ();
  sb_test_aedes_start (f->aedes);
  flood_in (f, sb_test_aedes_get_ws_port (f->aedes), sb_test_aedes_get_tcp_port (f->aedes), FLOOD_N,
            64 * 1024, 1);
}

static void
test_aedes_flood_out (Fixture *f, gconstpointer data)
{
  f->aedes = sb_test_aedes_new ();
  sb_test_aedes_start (f->aedes);
  flood_out (f, sb_test_aedes_get_ws_port (f->aedes), sb_test_aedes_get_tcp_port (f->aedes),
             FLOOD_N, 64 * 1024);
}

/* Messages that fit libwebsockets' buffer: mosquitto sends them at its full pace. */
static void
test_mosquitto_flood_in_qos0 (Fixture *f, gconstpointer data)
{
  sb_test_broker_enable_websockets (f->broker);
  sb_test_broker_start (f->broker);
  flood_in (f, sb_test_broker_get_ws_port (f->broker), sb_test_broker_get_port (f->broker),
            10 * FLOOD_N, 2 * 1024, 0);
}

static void
test_mosquitto_flood_in_qos1 (Fixture *f, gconstpointer data)
{
  sb_test_broker_enable_websockets (f->broker);
  sb_test_broker_start (f->broker);
  flood_in (f, sb_test_broker_get_ws_port (f->broker), sb_test_broker_get_port (f->broker),
            10 * FLOOD_N, 2 * 1024, 1);
}

static void
test_mosquitto_flood_out (Fixture *f, gconstpointer data)
{
  sb_test_broker_enable_websockets (f->broker);
  sb_test_broker_start (f->broker);
  flood_out (f, sb_test_broker_get_ws_port (f->broker), sb_test_broker_get_port (f->broker),
             FLOOD_N, 64 * 1024);
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
  g_auto (SbTestRun) run = { 0 };

  sb_test_broker_enable_websockets (f->broker);
  sb_test_broker_start (f->broker);
  url = g_strdup_printf ("ws://127.0.0.1:%u/mqtt", sb_test_broker_get_ws_port (f->broker));
  port = g_strdup_printf ("%u", sb_test_broker_get_ws_port (f->broker) + 1);

  sb_test_run_cli (&run, NULL, NULL, "listen", "--broker", url, "--port", port, "--topic", "ws/#",
                   NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "but --port says"));
  sb_test_run_cli (&run, NULL, NULL, "listen", "--broker", "127.0.0.1", "--path", "/mqtt",
                   "--topic", "ws/#", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "--path needs --websockets"));

  /* --websockets with a host, as the man page says, and retained so no race. */
  sb_test_broker_publish (f->broker, "ws/cli", "over websocket", 1, TRUE);
  port = (g_free (port), g_strdup_printf ("%u", sb_test_broker_get_ws_port (f->broker)));
  listen = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, sb_test_cli_path (), "listen",
                             "--broker", "127.0.0.1", "--port", port, "--websockets", "--topic",
                             "ws/#", "--count", "1", "--timeout", "20", "--format", "jsonl", NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (listen, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_subprocess_get_exit_status (listen), ==, 0);
  g_assert_nonnull (strstr (out, "\"topic\":\"ws/cli\""));
  g_assert_nonnull (strstr (out, "\"payload\":\"over websocket\""));
  g_object_unref (listen);
}

/* ---- the last will on exit ------------------------------------------------ */

typedef enum
{
  EXIT_COUNT,   /* --count reached */
  EXIT_TIMEOUT, /* --timeout (seconds) ran out */
  EXIT_SIGINT,  /* Ctrl+C */
  EXIT_SIGTERM,
  EXIT_KILLED, /* SIGKILL: no DISCONNECT, the broker must publish the will */
} ExitMode;

typedef struct
{
  Fixture *f;
  const char *needle;
} LogWait;

typedef struct
{
  const char *path;
  const char *needle;
} FileWait;

static gboolean
file_has (gpointer data)
{
  FileWait *w = data;
  g_autofree char *text = NULL;

  return g_file_get_contents (w->path, &text, NULL, NULL) && strstr (text, w->needle) != NULL;
}

static gboolean
broker_log_has (gpointer data)
{
  LogWait *w = data;
  g_autofree char *path
      = g_build_filename (sb_test_broker_get_dir (w->f->broker), "mosquitto.log", NULL);
  FileWait file = { path, w->needle };

  return file_has (&file);
}

static gboolean
has_topic (Fixture *f, const char *topic)
{
  for (guint i = 0; i < f->topics->len; i++)
    if (g_strcmp0 (g_ptr_array_index (f->topics, i), topic) == 0)
      return TRUE;
  return FALSE;
}

typedef struct
{
  Fixture *f;
  const char *topic;
} TopicWait;

static gboolean
topic_arrived (gpointer data)
{
  TopicWait *w = data;
  return has_topic (w->f, w->topic);
}

/* listen over WebSocket with a last will, ended as @mode says; a session
 * over TCP watches the will's topic. Only a killed listen leaves a will. */
static void
check_will_on_exit (Fixture *f, ExitMode mode, gboolean flood)
{
  g_autofree char *client_id = g_strdup_printf ("sb-will-%d", (int)mode);
  g_autofree char *path = g_build_filename (sb_test_broker_get_dir (f->broker), "will.json", NULL);
  g_autofree char *json = NULL;
  g_autofree char *out_path
      = g_build_filename (sb_test_broker_get_dir (f->broker), "listen.jsonl", NULL);
  g_autoptr (GSubprocessLauncher) launcher = NULL;
  g_autofree char *gone = g_strdup_printf ("Client %s disconnected", client_id);
  g_autofree char *lost = g_strdup_printf ("Client %s closed its connection", client_id);
  g_autoptr (GSubprocess) listen = NULL;
  g_autoptr (GSubprocess) pub = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *flood_path = NULL;
  FileWait first_line = { out_path, "\"topic\":\"ws/retained\"" };
  LogWait log_gone = { f, gone };
  LogWait log_lost = { f, lost };
  TopicWait marker = { f, "will/marker" };
  TopicWait will = { f, "will/ws" };
  const char *count = mode == EXIT_COUNT ? "2" : "0";

  sb_test_broker_enable_websockets (f->broker);
  sb_test_broker_start (f->broker);
  start_receiver (f, sb_test_broker_get_port (f->broker), "will/#");
  json = g_strdup_printf (
      "{\"format\": \"signalboard\", \"version\": 1, \"data_sources\": [{\"name\": \"Will\", "
      "\"type\": \"mqtt\", \"broker\": \"127.0.0.1\", \"port\": %u, \"transport\": "
      "\"websockets\", \"path\": \"/mqtt\", \"client_id\": \"%s\", \"will\": {\"topic\": "
      "\"will/ws\", \"payload\": \"gone\", \"qos\": 1}, \"subscriptions\": [{\"topic\": "
      "\"ws/#\"}]}]}",
      sb_test_broker_get_ws_port (f->broker), client_id);
  g_file_set_contents (path, json, -1, &error);
  g_assert_no_error (error);
  /* Retained: listen prints it once subscribed, whenever that is. */
  sb_test_broker_publish (f->broker, "ws/retained", "here", 1, TRUE);

  /* Its output goes to a file: a full pipe would stop it. */
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_subprocess_launcher_set_stdout_file_path (launcher, out_path);
  listen = g_subprocess_launcher_spawn (
      launcher, &error, sb_test_build_path ("src/cli/signalboard-cli"), "listen", path, "--format",
      "jsonl", "--count", count, "--timeout", mode == EXIT_TIMEOUT ? "4" : "60", NULL);
  g_assert_no_error (error);
  g_assert_true (sb_test_wait_for (file_has, &first_line, WAIT_MS));

  /* Exiting in the middle of a flood: unread data at the end of a TCP
   * connection turns its close into a reset. */
  if (flood)
    {
      pub = publish_flood (sb_test_broker_get_port (f->broker), 20, 64 * 1024, 0, &flood_path);
      g_subprocess_wait_check (pub, NULL, &error);
      g_assert_no_error (error);
    }
  else if (mode == EXIT_COUNT)
    sb_test_broker_publish (f->broker, "ws/second", "2", 0, FALSE);

  switch (mode)
    {
      case EXIT_SIGINT:
        g_subprocess_send_signal (listen, SIGINT);
        break;
      case EXIT_SIGTERM:
        g_subprocess_send_signal (listen, SIGTERM);
        break;
      case EXIT_KILLED:
        g_subprocess_force_exit (listen);
        break;
      default:
        break;
    }
  g_subprocess_wait (listen, NULL, &error);
  g_assert_no_error (error);
  if (flood_path != NULL)
    g_unlink (flood_path);

  if (mode == EXIT_KILLED)
    {
      g_assert_true (sb_test_wait_for (topic_arrived, &will, WAIT_MS));
      return;
    }
  g_assert_true (g_subprocess_get_if_exited (listen));
  g_assert_cmpint (g_subprocess_get_exit_status (listen), ==, 0);
  /* The broker saw the DISCONNECT, not a connection that just ended... */
  g_assert_true (sb_test_wait_for (broker_log_has, &log_gone, WAIT_MS));
  g_assert_false (broker_log_has (&log_lost));
  /* ...and a message published after the end arrives with no will before it. */
  sb_test_broker_publish (f->broker, "will/marker", "after", 1, FALSE);
  g_assert_true (sb_test_wait_for (topic_arrived, &marker, WAIT_MS));
  g_assert_false (has_topic (f, "will/ws"));
}

typedef struct
{
  Fixture *f;
  gsize size;
} SizeWait;

static gboolean
message_of_size_arrived (gpointer data)
{
  SizeWait *w = data;
  return w->f->payloads->len > 0
         && g_bytes_get_size (g_ptr_array_index (w->f->payloads, 0)) == w->size;
}

/* publish sends a message larger than the socket buffers over WebSocket
 * (QoS 0: "published" once libmosquitto wrote it to the bridge) and exits:
 * the whole message arrives, and the DISCONNECT after it. */
static void
test_publish_large (Fixture *f, gconstpointer data)
{
  g_autofree char *path = g_build_filename (sb_test_broker_get_dir (f->broker), "pub.json", NULL);
  g_autofree char *payload_path = NULL;
  g_autofree char *json = NULL;
  g_autoptr (GBytes) payload = make_payload (32 * 1024 * 1024, 7);
  g_autoptr (GError) error = NULL;
  SizeWait arrived = { f, 32 * 1024 * 1024 };
  LogWait log_end = { f, "Client signalboard-publish-" };
  int fd;
  g_auto (SbTestRun) run = { 0 };

  sb_test_broker_enable_websockets (f->broker);
  sb_test_broker_start (f->broker);
  start_receiver (f, sb_test_broker_get_port (f->broker), "big/#");
  json = g_strdup_printf ("{\"format\": \"signalboard\", \"version\": 1, \"data_sources\": "
                          "[{\"name\": \"Big\", \"type\": \"mqtt\", \"broker\": \"127.0.0.1\", "
                          "\"port\": %u, \"transport\": \"websockets\", \"path\": \"/mqtt\", "
                          "\"subscriptions\": [{\"topic\": \"big/#\"}]}]}",
                          sb_test_broker_get_ws_port (f->broker));
  g_file_set_contents (path, json, -1, &error);
  g_assert_no_error (error);
  fd = g_file_open_tmp ("sb-ws-big-XXXXXX", &payload_path, &error);
  g_assert_no_error (error);
  close (fd);
  g_file_set_contents (payload_path, g_bytes_get_data (payload, NULL),
                       (gssize)g_bytes_get_size (payload), &error);
  g_assert_no_error (error);

  sb_test_run_cli (&run, NULL, NULL, "publish", path, "--topic", "big/x", "--file", payload_path,
                   "--qos", "0", NULL);
  g_unlink (payload_path);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (sb_test_wait_for (message_of_size_arrived, &arrived, FLOOD_WAIT_MS));
  g_assert_true (g_bytes_equal (g_ptr_array_index (f->payloads, 0), payload));
  /* Its end in the broker's log: "Client … disconnected.", not "… closed its connection.". */
  g_assert_true (sb_test_wait_for (broker_log_has, &log_end, WAIT_MS));
  {
    g_autofree char *log
        = g_build_filename (sb_test_broker_get_dir (f->broker), "mosquitto.log", NULL);
    g_autofree char *text = NULL;
    const char *line;

    g_file_get_contents (log, &text, NULL, NULL);
    line = strstr (text, log_end.needle);
    g_assert_nonnull (line);
    if (strchr (line, '\n') != NULL)
      *strchr ((char *)line, '\n') = '\0';
    if (!g_str_has_suffix (line, " disconnected."))
      g_error ("the broker's log: “%s”", line);
  }
}

/* @data: the ExitMode; SIGTERM comes in the middle of a flood. */
static void
test_will (Fixture *f, gconstpointer data)
{
  ExitMode mode = GPOINTER_TO_INT (data);

  check_will_on_exit (f, mode, mode == EXIT_SIGTERM);
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
  ADD ("/websocket/flood/aedes/in-qos0-64k", test_aedes_flood_in_qos0);
  ADD ("/websocket/flood/aedes/in-qos1-64k", test_aedes_flood_in_qos1);
  ADD ("/websocket/flood/aedes/out-qos0-64k", test_aedes_flood_out);
  ADD ("/websocket/flood/mosquitto/in-qos0-2k", test_mosquitto_flood_in_qos0);
  ADD ("/websocket/flood/mosquitto/in-qos1-2k", test_mosquitto_flood_in_qos1);
  ADD ("/websocket/flood/mosquitto/out-qos0-64k", test_mosquitto_flood_out);
#define ADD_WILL(path, mode)                                                                       \
  g_test_add (path, Fixture, GINT_TO_POINTER (mode), fixture_setup, test_will, fixture_teardown)
  ADD_WILL ("/websocket/exit/count", EXIT_COUNT);
  ADD_WILL ("/websocket/exit/timeout", EXIT_TIMEOUT);
  ADD_WILL ("/websocket/exit/sigint", EXIT_SIGINT);
  ADD_WILL ("/websocket/exit/sigterm-in-flood", EXIT_SIGTERM);
  ADD_WILL ("/websocket/exit/killed", EXIT_KILLED);
  ADD ("/websocket/exit/publish-large", test_publish_large);
#undef ADD
#undef ADD_WILL
  return g_test_run ();
}
