/* test-mqtt-takeover.c: another client connecting with our client id is
 * detected and reported, not answered with a reconnect storm; against a
 * real mosquitto, with a second session or the real mosquitto_sub -i as the
 * other client, for MQTT 5 (DISCONNECT 0x8E) and 3.1.1 (drops right after
 * each connect)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <signal.h>
#include <string.h>

#include "sb-mqtt-session.h"
#include "sb-test-broker.h"

#define WAIT_MS 30000
/* How long a taken-over session is watched for further attempts. */
#define QUIET_MS 4000

typedef struct
{
  SbMqttSession *session;
  guint attempts; /* transitions to CONNECTING */
} Watched;

static void
on_state (SbMqttSession *session, GParamSpec *pspec, Watched *w)
{
  if (sb_mqtt_session_get_state (session) == SB_SESSION_CONNECTING)
    w->attempts++;
}

static gboolean
is_connected (gpointer data)
{
  return sb_mqtt_session_get_state (((Watched *)data)->session) == SB_SESSION_CONNECTED;
}

static gboolean
is_failed (gpointer data)
{
  return sb_mqtt_session_get_state (((Watched *)data)->session) == SB_SESSION_FAILED;
}

static gboolean
never (gpointer data)
{
  return FALSE;
}

static void
watch (Watched *w, guint port, SbProtocol protocol, const char *client_id)
{
  g_autoptr (SbDataSource) source = sb_data_source_new ();
  g_autoptr (SbSubscription) sub = sb_subscription_new ("takeover/#");

  sb_data_source_set_name (source, "takeover");
  sb_data_source_set_broker (source, "127.0.0.1");
  sb_data_source_set_port (source, port);
  sb_data_source_set_protocol (source, protocol);
  sb_data_source_set_client_id (source, client_id);
  sb_data_source_add_subscription (source, sub);
  w->session = sb_mqtt_session_new (source);
  w->attempts = 0;
  g_signal_connect (w->session, "notify::state", G_CALLBACK (on_state), w);
  sb_mqtt_session_start (w->session);
}

static void
unwatch (Watched *w)
{
  g_signal_handlers_disconnect_by_data (w->session, w);
  sb_mqtt_session_stop (w->session);
  g_clear_object (&w->session);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static char *
expected_message (const char *client_id)
{
  return g_strdup_printf ("Another client connected with the same client id “%s”; the broker "
                          "closed this connection",
                          client_id);
}

static GSubprocess *
spawn_sub (SbTestBroker *broker, const char *protocol, const char *client_id)
{
  g_autofree char *port = g_strdup_printf ("%u", sb_test_broker_get_port (broker));
  g_autoptr (GError) error = NULL;
  GSubprocess *sub
      = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                          &error, "mosquitto_sub", "-h", "127.0.0.1", "-p", port, "-V", protocol,
                          "-i", client_id, "-t", "takeover/#", NULL);

  g_assert_no_error (error);
  return sub;
}

/* The session connects, then mosquitto_sub -i takes its id: the session
 * stops with the message and tries no more; mosquitto_sub keeps it. */
static void
test_mosquitto_sub (gconstpointer data)
{
  SbProtocol protocol = GPOINTER_TO_INT (data);
  g_autoptr (SbTestBroker) broker = sb_test_broker_new ();
  g_autofree char *client_id = g_strdup_printf ("sb-takeover-%u", g_random_int ());
  g_autofree char *expected = expected_message (client_id);
  g_autoptr (GSubprocess) sub = NULL;
  Watched w = { 0 };
  guint attempts;

  sb_test_broker_start (broker);
  watch (&w, sb_test_broker_get_port (broker), protocol, client_id);
  g_assert_true (sb_test_wait_for (is_connected, &w, WAIT_MS));
  g_assert_cmpuint (w.attempts, ==, 1);

  sub = spawn_sub (broker, protocol == SB_PROTOCOL_MQTT_5 ? "5" : "311", client_id);
  g_assert_true (sb_test_wait_for (is_failed, &w, WAIT_MS));
  g_assert_cmpstr (sb_mqtt_session_get_last_error (w.session), ==, expected);
  g_assert_error (sb_mqtt_session_get_error (w.session), SB_MQTT_ERROR, SB_MQTT_ERROR_TAKEN_OVER);
  /* mosquitto 2.0.11 sends MQTT 5 clients no DISCONNECT 0x8E either (it
   * closes the socket): both protocols take a few short-lived connections. */
  attempts = w.attempts;
  g_assert_cmpuint (attempts, <=, 5);
  g_test_message ("%u connection attempts before the take-over was reported", attempts);

  /* No storm: no further attempt, and the other client keeps the id. */
  sb_test_wait_for (never, NULL, QUIET_MS);
  g_assert_cmpuint (w.attempts, ==, attempts);
  g_assert_cmpint (sb_mqtt_session_get_state (w.session), ==, SB_SESSION_FAILED);
  g_assert_null (g_subprocess_get_identifier (sub) == NULL ? "mosquitto_sub exited" : NULL);

  /* A person asks again: it connects (and takes the id back). */
  sb_mqtt_session_reconnect_now (w.session);
  g_assert_true (sb_test_wait_for (is_connected, &w, WAIT_MS));

  g_subprocess_force_exit (sub);
  g_subprocess_wait (sub, NULL, NULL);
  unwatch (&w);
}

static gboolean
one_failed_other_connected (gpointer data)
{
  Watched *w = data;

  return (is_failed (&w[0]) && is_connected (&w[1])) || (is_failed (&w[1]) && is_connected (&w[0]));
}

/* Two sessions with the same id (two windows of one configuration): one
 * reports the take-over and stops, the other stays connected. */
static void
test_two_sessions (gconstpointer data)
{
  SbProtocol protocol = GPOINTER_TO_INT (data);
  g_autoptr (SbTestBroker) broker = sb_test_broker_new ();
  g_autofree char *client_id = g_strdup_printf ("sb-twice-%u", g_random_int ());
  g_autofree char *expected = expected_message (client_id);
  Watched w[2] = { { 0 } };
  guint total;
  Watched *failed;

  sb_test_broker_start (broker);
  watch (&w[0], sb_test_broker_get_port (broker), protocol, client_id);
  g_assert_true (sb_test_wait_for (is_connected, &w[0], WAIT_MS));
  watch (&w[1], sb_test_broker_get_port (broker), protocol, client_id);
  g_assert_true (sb_test_wait_for (one_failed_other_connected, w, WAIT_MS));
  failed = is_failed (&w[0]) ? &w[0] : &w[1];
  g_assert_cmpstr (sb_mqtt_session_get_last_error (failed->session), ==, expected);
  g_assert_error (sb_mqtt_session_get_error (failed->session), SB_MQTT_ERROR,
                  SB_MQTT_ERROR_TAKEN_OVER);
  total = w[0].attempts + w[1].attempts;
  g_assert_cmpuint (total, <=, 10);
  g_test_message ("%u connection attempts in all", total);

  sb_test_wait_for (never, NULL, QUIET_MS);
  g_assert_cmpuint (w[0].attempts + w[1].attempts, ==, total);
  g_assert_true (one_failed_other_connected (w));
  unwatch (&w[0]);
  unwatch (&w[1]);
}

/* signalboard-cli listen taken over: a line on stderr and exit 3, as for a
 * refused connection. */
static void
test_cli (gconstpointer data)
{
  const char *protocol = data;
  g_autoptr (SbTestBroker) broker = sb_test_broker_new ();
  g_autofree char *client_id = g_strdup_printf ("sb-cli-takeover-%u", g_random_int ());
  g_autofree char *message = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *port = NULL;
  g_autoptr (GSubprocess) cli = NULL;
  g_autoptr (GSubprocess) sub = NULL;
  g_autoptr (GDataInputStream) out = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *line = NULL;
  g_autofree char *err = NULL;

  sb_test_broker_start (broker);
  port = g_strdup_printf ("%u", sb_test_broker_get_port (broker));
  /* The retained message arriving says that the CLI has subscribed. */
  sb_test_broker_publish (broker, "takeover/ready", "ready", 1, TRUE);
  cli = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                          sb_test_cli_path (), "listen", "--broker", "127.0.0.1", "--port", port,
                          "--protocol", protocol, "--client-id", client_id, "--topic", "takeover/#",
                          "--timeout", "60", "--format", "jsonl", NULL);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (cli));
  line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (line, "\"payload\":\"ready\""));

  sub = spawn_sub (broker, g_str_equal (protocol, "5") ? "5" : "311", client_id);
  g_subprocess_communicate_utf8 (cli, NULL, NULL, NULL, &err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (cli));
  g_assert_cmpint (g_subprocess_get_exit_status (cli), ==, 3);
  message = expected_message (client_id);
  expected = g_strdup_printf ("signalboard-cli listen: %s\n", message);
  g_assert_true (g_str_has_suffix (err, expected));
  g_subprocess_force_exit (sub);
  g_subprocess_wait (sub, NULL, NULL);
}

/* A broker that speaks just enough MQTT 5 to accept a CONNECT and then,
 * as HiveMQ, EMQX and newer mosquitto do, say DISCONNECT 0x8E (session
 * taken over). */
static gboolean
fake_broker_cb (GThreadedSocketService *service, GSocketConnection *connection, GObject *source,
                gpointer data)
{
  static const guint8 connack[] = { 0x20, 0x03, 0x00, 0x00, 0x00 };
  static const guint8 taken_over[] = { 0xe0, 0x02, 0x8e, 0x00 };
  GInputStream *in = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  guint8 buffer[512];

  g_atomic_int_inc ((gint *)data);
  /* The CONNECT (small: no will, no properties worth reading). */
  g_assert_cmpint (g_input_stream_read (in, buffer, sizeof buffer, NULL, NULL), >, 0);
  g_assert_true (g_output_stream_write_all (out, connack, sizeof connack, NULL, NULL, NULL));
  g_assert_true (g_output_stream_write_all (out, taken_over, sizeof taken_over, NULL, NULL, NULL));
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
  return TRUE;
}

static void
test_reason_code (void)
{
  /* Its own thread: it reads the CONNECT that this thread's loop sends. */
  g_autoptr (GSocketService) service = g_threaded_socket_service_new (2);
  g_autoptr (GError) error = NULL;
  g_autofree char *expected = expected_message ("sb-reason");
  gint accepted = 0;
  guint16 port;
  Watched w = { 0 };

  port = g_socket_listener_add_any_inet_port (G_SOCKET_LISTENER (service), NULL, &error);
  g_assert_no_error (error);
  g_signal_connect (service, "run", G_CALLBACK (fake_broker_cb), &accepted);
  g_socket_service_start (service);

  watch (&w, port, SB_PROTOCOL_MQTT_5, "sb-reason");
  g_assert_true (sb_test_wait_for (is_failed, &w, WAIT_MS));
  g_assert_cmpstr (sb_mqtt_session_get_last_error (w.session), ==, expected);
  g_assert_error (sb_mqtt_session_get_error (w.session), SB_MQTT_ERROR, SB_MQTT_ERROR_TAKEN_OVER);
  /* The reason code is enough: the first drop stops it. */
  g_assert_cmpuint (w.attempts, ==, 1);
  sb_test_wait_for (never, NULL, QUIET_MS);
  g_assert_cmpuint (w.attempts, ==, 1);
  g_assert_cmpint (g_atomic_int_get (&accepted), ==, 1);
  unwatch (&w);
  g_socket_service_stop (service);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_data_func ("/takeover/mosquitto-sub/5", GINT_TO_POINTER (SB_PROTOCOL_MQTT_5),
                        test_mosquitto_sub);
  g_test_add_data_func ("/takeover/mosquitto-sub/3.1.1", GINT_TO_POINTER (SB_PROTOCOL_MQTT_311),
                        test_mosquitto_sub);
  g_test_add_data_func ("/takeover/two-sessions/5", GINT_TO_POINTER (SB_PROTOCOL_MQTT_5),
                        test_two_sessions);
  g_test_add_data_func ("/takeover/two-sessions/3.1.1", GINT_TO_POINTER (SB_PROTOCOL_MQTT_311),
                        test_two_sessions);
  g_test_add_func ("/takeover/reason-code/5", test_reason_code);
  g_test_add_data_func ("/takeover/cli/5", "5", test_cli);
  g_test_add_data_func ("/takeover/cli/3.1.1", "3.1.1", test_cli);
  return g_test_run ();
}
