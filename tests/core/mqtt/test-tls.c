/* test-tls.c: TLS against a real mosquitto with certificates the fixture makes
 * (openssl): a valid chain connects; an unknown CA, an expired certificate, a
 * certificate for another host and a missing client certificate are refused,
 * each with a message that says which; verify off connects anyway.
 *
 * Each refusal is checked twice: through SbMqttSession (refused for good, a
 * "TLS: …" message, never connected) and through the client libmosquitto
 * struct sb_mqtt_client_new () builds, whose log lines
 * sb_mqtt_client_describe_tls_error () turns into the sentence a person reads.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>
#include <string.h>

#include "sb-config.h"
#include "sb-mqtt-client-tls.h"
#include "sb-mqtt-client.h"
#include "sb-mqtt-session.h"
#include "sb-test-broker.h"

#define WAIT_MS 10000

typedef struct
{
  SbTestBroker *broker;
  SbMqttSession *session;
  guint connected;
  guint messages;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  f->broker = sb_test_broker_new ();
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
  sb_test_broker_free (f->broker);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* A TLS data source for the fixture's TLS listener, subscribed to "secure/#". */
static SbDataSource *
make_source (Fixture *f, const char *ca_file)
{
  SbDataSource *source = sb_data_source_new ();
  g_autoptr (SbSubscription) sub = sb_subscription_new ("secure/#");

  sb_data_source_set_name (source, "TLS test");
  sb_data_source_set_broker (source, "127.0.0.1");
  sb_data_source_set_port (source, sb_test_broker_get_tls_port (f->broker));
  sb_data_source_set_tls_enabled (source, TRUE);
  sb_data_source_set_tls_ca_file (source, ca_file);
  sb_data_source_add_subscription (source, sub);
  return source;
}

static void
on_connected (SbMqttSession *session, Fixture *f)
{
  f->connected++;
}

static void
on_message (SbMqttSession *session, SbMessage *message, Fixture *f)
{
  f->messages++;
}

static gboolean
settled (gpointer data)
{
  Fixture *f = data;
  SbSessionState state = sb_mqtt_session_get_state (f->session);

  return f->connected > 0 || state == SB_SESSION_FAILED || state == SB_SESSION_RECONNECTING;
}

static gboolean
got_message (gpointer data)
{
  return ((Fixture *)data)->messages > 0;
}

static void
start_session (Fixture *f, SbDataSource *source)
{
  f->session = sb_mqtt_session_new (source);
  g_signal_connect (f->session, "connected", G_CALLBACK (on_connected), f);
  g_signal_connect (f->session, "message", G_CALLBACK (on_message), f);
  sb_mqtt_session_start (f->session);
  g_assert_true (sb_test_wait_for (settled, f, WAIT_MS));
}

/* Connected, and a message published over TLS by the real mosquitto_pub arrives. */
static void
assert_session_works (Fixture *f)
{
  g_autofree char *port = g_strdup_printf ("%u", sb_test_broker_get_tls_port (f->broker));

  g_assert_cmpuint (f->connected, ==, 1);
  g_assert_cmpint (sb_mqtt_session_get_state (f->session), ==, SB_SESSION_CONNECTED);
  g_assert_null (sb_mqtt_session_get_last_error (f->session));
  /* The publisher shows the client certificate, for brokers that require one. */
  sb_test_broker_publish_args (f->broker, "-t", "secure/x", "-m", "over tls", "-p", port,
                               "--cafile", sb_test_broker_get_ca_file (f->broker), "--insecure",
                               "--cert", sb_test_broker_get_client_cert (f->broker), "--key",
                               sb_test_broker_get_client_key (f->broker), NULL);
  g_assert_true (sb_test_wait_for (got_message, f, WAIT_MS));
}

static void
assert_session_refused (Fixture *f);

static void
assert_session_says (Fixture *f, const char *detail)
{
  g_autofree char *expected = g_strdup_printf ("TLS: %s", detail);

  assert_session_refused (f);
  g_assert_cmpstr (sb_mqtt_session_get_last_error (f->session), ==, expected);
}

/* Refused for good (no retry storm), never connected, and the message says TLS. */
static void
assert_session_refused (Fixture *f)
{
  const char *message = sb_mqtt_session_get_last_error (f->session);

  g_assert_cmpuint (f->connected, ==, 0);
  g_assert_cmpint (sb_mqtt_session_get_state (f->session), ==, SB_SESSION_FAILED);
  g_assert_error (sb_mqtt_session_get_error (f->session), SB_MQTT_ERROR, SB_MQTT_ERROR_TLS);
  g_assert_cmpuint (sb_mqtt_session_get_retry_seconds (f->session), ==, 0);
  g_assert_nonnull (message);
  g_assert_true (g_str_has_prefix (message, "TLS: "));
}

/* ---- the client struct, with our own log callback ----------------------- */

typedef struct
{
  char *detail;
  gboolean connected;
} Capture;

static void
capture_log (struct mosquitto *mosq, void *data, int level, const char *text)
{
  Capture *capture = data;

  /* As SbMqttSession does: the last OpenSSL line of a failure counts. */
  if (level != MOSQ_LOG_ERR || strstr (text, "OpenSSL Error") == NULL)
    return;
  g_free (capture->detail);
  capture->detail = sb_mqtt_client_describe_tls_error (mosq, text);
}

static void
capture_connect (struct mosquitto *mosq, void *data, int rc)
{
  ((Capture *)data)->connected = rc == 0;
}

/* Connects @source's client struct (blocking, as a test may) until it fails
 * or connects; returns what sb_mqtt_client_describe_tls_error () said, or
 * NULL when libmosquitto logged no OpenSSL error. */
static char *
client_tls_attempt (SbDataSource *source)
{
  Capture capture = { NULL, FALSE };
  g_autoptr (GError) error = NULL;
  struct mosquitto *mosq = sb_mqtt_client_new (source, &capture, &error);
  gint64 deadline = g_get_monotonic_time () + WAIT_MS * G_TIME_SPAN_MILLISECOND;
  int rc;

  g_assert_no_error (error);
  mosquitto_log_callback_set (mosq, capture_log);
  mosquitto_connect_callback_set (mosq, capture_connect);
  rc = mosquitto_connect (mosq, sb_data_source_get_broker (source),
                          (int)sb_data_source_get_port (source), 60);
  while (rc == MOSQ_ERR_SUCCESS && capture.detail == NULL && !capture.connected
         && g_get_monotonic_time () < deadline)
    rc = mosquitto_loop (mosq, 100, 1);
  mosquitto_destroy (mosq);
  g_assert_false (capture.connected);
  return capture.detail;
}

/* A broker that refuses a client certificate's absence closes with our
 * CONNECT unread; the reset that follows swallows its alert now and then (the
 * session then retries, see docs/robustness.md). So: a few attempts until one
 * meets the alert; the refusals of the broker's certificate need one. */
static char *
client_tls_failure (SbDataSource *source)
{
  char *detail = NULL;

  for (guint attempt = 0; attempt < 10 && detail == NULL; attempt++)
    detail = client_tls_attempt (source);
  g_assert_nonnull (detail);
  return detail;
}

/* ---- tests --------------------------------------------------------------- */

static void
test_valid_chain (Fixture *f, gconstpointer data)
{
  g_autoptr (SbDataSource) source = NULL;

  sb_test_broker_enable_tls (f->broker, FALSE);
  sb_test_broker_start (f->broker);
  source = make_source (f, sb_test_broker_get_ca_file (f->broker));
  start_session (f, source);
  assert_session_works (f);
}

static void
test_unknown_ca (Fixture *f, gconstpointer data)
{
  g_autoptr (SbDataSource) source = NULL;
  g_autofree char *detail = NULL;

  sb_test_broker_enable_tls (f->broker, FALSE);
  sb_test_broker_start (f->broker);
  source = make_source (f, sb_test_broker_get_other_ca_file (f->broker));
  detail = client_tls_failure (source);
  g_assert_cmpstr (detail, ==,
                   "unknown CA: no trusted CA signed the broker’s certificate (check the CA file)");
  start_session (f, source);
  assert_session_says (f, detail);
}

/* No CA file: the system's trust store does not know the fixture's CA either. */
static void
test_unknown_ca_system_store (Fixture *f, gconstpointer data)
{
  g_autoptr (SbDataSource) source = NULL;
  g_autofree char *detail = NULL;

  sb_test_broker_enable_tls (f->broker, FALSE);
  sb_test_broker_start (f->broker);
  source = make_source (f, NULL);
  detail = client_tls_failure (source);
  g_assert_cmpstr (detail, ==,
                   "unknown CA: no trusted CA signed the broker’s certificate (check the CA file)");
}

static void
test_expired (Fixture *f, gconstpointer data)
{
  g_autoptr (SbDataSource) source = NULL;
  g_autofree char *detail = NULL;

  sb_test_broker_enable_tls (f->broker, FALSE);
  sb_test_broker_set_tls_server_cert (f->broker, SB_TEST_TLS_SERVER_EXPIRED);
  sb_test_broker_start (f->broker);
  source = make_source (f, sb_test_broker_get_ca_file (f->broker));
  detail = client_tls_failure (source);
  g_assert_cmpstr (detail, ==, "the broker’s certificate has expired");
  start_session (f, source);
  assert_session_says (f, detail);
}

static void
test_wrong_host (Fixture *f, gconstpointer data)
{
  g_autoptr (SbDataSource) source = NULL;
  g_autofree char *detail = NULL;

  sb_test_broker_enable_tls (f->broker, FALSE);
  sb_test_broker_set_tls_server_cert (f->broker, SB_TEST_TLS_SERVER_WRONG_HOST);
  sb_test_broker_start (f->broker);
  source = make_source (f, sb_test_broker_get_ca_file (f->broker));
  detail = client_tls_failure (source);
  g_assert_cmpstr (detail, ==,
                   "the host name does not match: the broker’s certificate is not for “127.0.0.1”");
  start_session (f, source);
  assert_session_says (f, detail);
}

/* TLS 1.3 brokers refuse a missing client certificate after the handshake. */
static void
test_client_cert_required (Fixture *f, gconstpointer data)
{
  g_autoptr (SbDataSource) source = NULL;
  g_autofree char *detail = NULL;

  sb_test_broker_enable_tls (f->broker, TRUE);
  sb_test_broker_start (f->broker);
  source = make_source (f, sb_test_broker_get_ca_file (f->broker));
  detail = client_tls_failure (source);
  g_assert_cmpstr (detail, ==, "the broker requires a client certificate");

  /* The session: refused with that, or (alert swallowed) retrying with a hint. */
  start_session (f, source);
  g_assert_cmpuint (f->connected, ==, 0);
  if (strstr (sb_mqtt_session_get_last_error (f->session), "client certificate") == NULL)
    g_error ("the session says “%s”, without naming the client certificate",
             sb_mqtt_session_get_last_error (f->session));
}

/* TLS 1.2 refuses it inside the handshake, with another alert. */
static void
test_client_cert_required_tls12 (Fixture *f, gconstpointer data)
{
  g_autoptr (SbDataSource) source = NULL;
  g_autofree char *detail = NULL;

  sb_test_broker_enable_tls (f->broker, TRUE);
  sb_test_broker_add_config (f->broker, "tls_version tlsv1.2"); /* the TLS listener's */
  sb_test_broker_start (f->broker);
  source = make_source (f, sb_test_broker_get_ca_file (f->broker));
  detail = client_tls_failure (source);
  g_assert_cmpstr (detail, ==, "the broker requires a client certificate");

  /* The session: refused with that, or (alert swallowed) retrying with a hint. */
  start_session (f, source);
  g_assert_cmpuint (f->connected, ==, 0);
  if (strstr (sb_mqtt_session_get_last_error (f->session), "client certificate") == NULL)
    g_error ("the session says “%s”, without naming the client certificate",
             sb_mqtt_session_get_last_error (f->session));
}

static void
test_client_cert_given (Fixture *f, gconstpointer data)
{
  g_autoptr (SbDataSource) source = NULL;

  sb_test_broker_enable_tls (f->broker, TRUE);
  sb_test_broker_start (f->broker);
  source = make_source (f, sb_test_broker_get_ca_file (f->broker));
  sb_data_source_set_tls_client_cert (source, sb_test_broker_get_client_cert (f->broker));
  sb_data_source_set_tls_client_key (source, sb_test_broker_get_client_key (f->broker));
  start_session (f, source);
  assert_session_works (f);
}

/* An explicit "don't verify": an unknown CA and a certificate for another host
 * are accepted. */
static void
test_verify_off (Fixture *f, gconstpointer data)
{
  g_autoptr (SbDataSource) source = NULL;

  sb_test_broker_enable_tls (f->broker, FALSE);
  sb_test_broker_set_tls_server_cert (f->broker, SB_TEST_TLS_SERVER_WRONG_HOST);
  sb_test_broker_start (f->broker);
  source = make_source (f, sb_test_broker_get_other_ca_file (f->broker));
  sb_data_source_set_tls_verify (source, FALSE);
  start_session (f, source);
  assert_session_works (f);
}

/* The CLI says it on stderr and exits with 3, as for any refused connection. */
static void
test_cli_expired (Fixture *f, gconstpointer data)
{
  g_autofree char *port = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr (GError) error = NULL;
  int status = 0;

  sb_test_broker_enable_tls (f->broker, FALSE);
  sb_test_broker_set_tls_server_cert (f->broker, SB_TEST_TLS_SERVER_EXPIRED);
  sb_test_broker_start (f->broker);
  port = g_strdup_printf ("%u", sb_test_broker_get_tls_port (f->broker));
  {
    const char *argv[] = { sb_test_cli_path (),
                           "listen",
                           "--broker",
                           "127.0.0.1",
                           "--port",
                           port,
                           "--cafile",
                           sb_test_broker_get_ca_file (f->broker),
                           "--topic",
                           "secure/#",
                           "--timeout",
                           "20",
                           NULL };
    g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status,
                  &error);
  }
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 3);
  g_assert_cmpstr (out, ==, "");
  g_assert_cmpstr (err, ==, "signalboard-cli listen: TLS: the broker’s certificate has expired\n");
}

/* ---- a client key protected by a passphrase ----------------------------- */

#define PASSPHRASE "correct horse battery staple"

static SbDataSource *
make_encrypted_key_source (Fixture *f, const char *passphrase)
{
  SbDataSource *source;

  sb_test_broker_enable_tls (f->broker, TRUE);
  sb_test_broker_start (f->broker);
  source = make_source (f, sb_test_broker_get_ca_file (f->broker));
  sb_data_source_set_tls_client_cert (source, sb_test_broker_get_client_cert (f->broker));
  sb_data_source_set_tls_client_key (
      source, sb_test_broker_get_encrypted_client_key (f->broker, PASSPHRASE));
  sb_data_source_set_tls_client_key_password (source, passphrase);
  return source;
}

static void
test_key_passphrase (Fixture *f, gconstpointer data)
{
  g_autoptr (SbDataSource) source = make_encrypted_key_source (f, PASSPHRASE);

  start_session (f, source);
  assert_session_works (f);
}

static void
test_key_passphrase_wrong (Fixture *f, gconstpointer data)
{
  g_autoptr (SbDataSource) source = make_encrypted_key_source (f, "Tr0ub4dor&3");
  g_autofree char *expected = NULL;
  const char *message;

  start_session (f, source);
  assert_session_refused (f);
  message = sb_mqtt_session_get_last_error (f->session);
  expected = g_strdup_printf ("TLS: wrong passphrase for the client key “%s”",
                              sb_data_source_get_tls_client_key (source));
  g_assert_cmpstr (message, ==, expected);
  g_assert_null (strstr (message, "Tr0ub4dor"));
}

/* No passphrase set: an error now, not OpenSSL asking on the terminal. */
static void
test_key_passphrase_missing (Fixture *f, gconstpointer data)
{
  g_autoptr (SbDataSource) source = make_encrypted_key_source (f, NULL);
  g_autofree char *expected = NULL;

  start_session (f, source);
  assert_session_refused (f);
  expected
      = g_strdup_printf ("TLS: the client key “%s” is protected by a passphrase, and none is set",
                         sb_data_source_get_tls_client_key (source));
  g_assert_cmpstr (sb_mqtt_session_get_last_error (f->session), ==, expected);
}

/* The CLI, with stdin and stdout not a terminal: the same message, exit code 3,
 * and it ends by itself (the test would hang on a prompt). */
static void
test_cli_key_passphrase_missing (Fixture *f, gconstpointer data)
{
  g_autoptr (SbDataSource) source = make_encrypted_key_source (f, NULL);
  g_autofree char *port = g_strdup_printf ("%u", sb_test_broker_get_tls_port (f->broker));
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *expected = NULL;
  g_autoptr (GError) error = NULL;
  int status = 0;
  const char *argv[] = { sb_test_cli_path (),
                         "listen",
                         "--broker",
                         "127.0.0.1",
                         "--port",
                         port,
                         "--cafile",
                         sb_test_broker_get_ca_file (f->broker),
                         "--cert",
                         sb_data_source_get_tls_client_cert (source),
                         "--key",
                         sb_data_source_get_tls_client_key (source),
                         "--topic",
                         "secure/#",
                         "--timeout",
                         "20",
                         NULL };

  g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_STDIN_FROM_DEV_NULL, NULL, NULL, &out, &err,
                &status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 3);
  expected = g_strdup_printf ("signalboard-cli listen: TLS: the client key “%s” is protected by a "
                              "passphrase, and none is set\n",
                              sb_data_source_get_tls_client_key (source));
  g_assert_cmpstr (err, ==, expected);
}

/* --key-password-file and $SIGNALBOARD_KEY_PASSWORD: the passphrase never on
 * the command line. */
static void
test_cli_key_passphrase (Fixture *f, gconstpointer data)
{
  g_autoptr (SbDataSource) source = make_encrypted_key_source (f, NULL);
  g_autofree char *port = g_strdup_printf ("%u", sb_test_broker_get_tls_port (f->broker));
  g_autofree char *pass_file
      = g_build_filename (sb_test_broker_get_dir (f->broker), "key-pass", NULL);
  g_autoptr (GError) error = NULL;

  g_file_set_contents (pass_file, PASSPHRASE "\n", -1, &error);
  g_assert_no_error (error);
  /* Private, as a passphrase file should be (listen warns about one others can read). */
  g_assert_cmpint (g_chmod (pass_file, 0600), ==, 0);
  sb_test_broker_publish_args (f->broker, "-t", "secure/r", "-m", "kept", "-r", "-p", port,
                               "--cafile", sb_test_broker_get_ca_file (f->broker), "--cert",
                               sb_test_broker_get_client_cert (f->broker), "--key",
                               sb_test_broker_get_client_key (f->broker), NULL);
  for (guint way = 0; way < 2; way++)
    {
      g_autoptr (GSubprocessLauncher) launcher = g_subprocess_launcher_new (
          G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
      g_autoptr (GSubprocess) cli = NULL;
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;

      if (way == 1)
        g_subprocess_launcher_setenv (launcher, "SIGNALBOARD_KEY_PASSWORD", PASSPHRASE, TRUE);
      cli = g_subprocess_launcher_spawn (
          launcher, &error, sb_test_cli_path (), "listen", "--broker", "127.0.0.1", "--port", port,
          "--cafile", sb_test_broker_get_ca_file (f->broker), "--cert",
          sb_data_source_get_tls_client_cert (source), "--key",
          sb_data_source_get_tls_client_key (source), way == 0 ? "--key-password-file" : "--count",
          way == 0 ? pass_file : "1", "--topic", "secure/#", "--count", "1", "--timeout", "20",
          "--format", "jsonl", NULL);
      g_assert_no_error (error);
      g_subprocess_communicate_utf8 (cli, NULL, NULL, &out, &err, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (err, ==, "");
      g_assert_cmpint (g_subprocess_get_exit_status (cli), ==, 0);
      g_assert_nonnull (strstr (out, "\"payload\":\"kept\""));
    }
}

/* A configuration file with an encrypted key and its passphrase, listened to
 * by the CLI: a fresh process, whose first TLS connection uses a client key
 * (libmosquitto's own host name check failed exactly there). */
static void
test_cli_config_key_passphrase (Fixture *f, gconstpointer data)
{
  g_autoptr (SbDataSource) source = make_encrypted_key_source (f, PASSPHRASE);
  g_autoptr (SbConfig) config = sb_config_new ();
  g_autofree char *port = g_strdup_printf ("%u", sb_test_broker_get_tls_port (f->broker));
  g_autofree char *path = g_build_filename (sb_test_broker_get_dir (f->broker), "tls.json", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr (GError) error = NULL;
  int status = 0;

  sb_config_append (config, source);
  g_assert_true (sb_config_save_to_file (config, path, &error));
  g_assert_no_error (error);
  sb_test_broker_publish_args (f->broker, "-t", "secure/r", "-m", "kept", "-r", "-p", port,
                               "--cafile", sb_test_broker_get_ca_file (f->broker), "--cert",
                               sb_test_broker_get_client_cert (f->broker), "--key",
                               sb_test_broker_get_client_key (f->broker), NULL);
  {
    const char *argv[] = { sb_test_cli_path (), "listen", path,       "--count", "1",
                           "--timeout",         "20",     "--format", "jsonl",   NULL };
    g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_STDIN_FROM_DEV_NULL, NULL, NULL, &out, &err,
                  &status, &error);
  }
  g_assert_no_error (error);
  g_assert_cmpstr (err, ==, "");
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);
  g_assert_nonnull (strstr (out, "\"payload\":\"kept\""));
}

/* client_key_password_store "keyring" in the CLI, on a machine where no keyring
 * answers (a session bus address that leads nowhere): the reason and the two
 * other ways, exit 3; then $SIGNALBOARD_KEY_PASSWORD serves. */
static void
test_cli_keyring_key_passphrase (Fixture *f, gconstpointer data)
{
  g_autoptr (SbDataSource) source = make_encrypted_key_source (f, PASSPHRASE);
  g_autoptr (SbConfig) config = sb_config_new ();
  g_autofree char *port = g_strdup_printf ("%u", sb_test_broker_get_tls_port (f->broker));
  g_autofree char *path = g_build_filename (sb_test_broker_get_dir (f->broker), "tls.json", NULL);
  g_autofree char *saved = NULL;
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) env = g_get_environ ();
  const char *argv[] = { sb_test_cli_path (), "listen", path,       "--count", "1",
                         "--timeout",         "20",     "--format", "jsonl",   NULL };

  sb_data_source_set_tls_client_key_password_store (source, SB_PASSWORD_STORE_KEYRING);
  sb_config_append (config, source);
  g_assert_true (sb_config_save_to_file (config, path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &saved, NULL, NULL));
  g_assert_null (strstr (saved, PASSPHRASE));
  sb_test_broker_publish_args (f->broker, "-t", "secure/r", "-m", "kept", "-r", "-p", port,
                               "--cafile", sb_test_broker_get_ca_file (f->broker), "--cert",
                               sb_test_broker_get_client_cert (f->broker), "--key",
                               sb_test_broker_get_client_key (f->broker), NULL);
  env = g_environ_setenv (env, "DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/sb-bus", TRUE);
  env = g_environ_unsetenv (env, "SIGNALBOARD_KEY_PASSWORD");
  {
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    int status = 0;

    g_spawn_sync (NULL, (char **)argv, env, G_SPAWN_STDIN_FROM_DEV_NULL, NULL, NULL, &out, &err,
                  &status, &error);
    g_assert_no_error (error);
    g_test_message ("without a keyring: %s", err);
    g_assert_true (WIFEXITED (status));
    g_assert_cmpint (WEXITSTATUS (status), ==, 3);
    g_assert_nonnull (strstr (err, "--key-password-file"));
    g_assert_null (strstr (err, PASSPHRASE));
    g_assert_cmpstr (out, ==, "");
  }
  env = g_environ_setenv (env, "SIGNALBOARD_KEY_PASSWORD", PASSPHRASE, TRUE);
  {
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    int status = 0;

    g_spawn_sync (NULL, (char **)argv, env, G_SPAWN_STDIN_FROM_DEV_NULL, NULL, NULL, &out, &err,
                  &status, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (err, ==, "");
    g_assert_true (WIFEXITED (status));
    g_assert_cmpint (WEXITSTATUS (status), ==, 0);
    g_assert_nonnull (strstr (out, "\"payload\":\"kept\""));
  }
}

/* tls.client_key_password follows auth.password: in the file only when set,
 * never beside client_key_password_store "keyring". */
static void
test_key_passphrase_config (void)
{
  static const char *const keyring_and_file
      = "{ \"format\": \"signalboard\", \"version\": 1, \"data_sources\": [ {"
        " \"name\": \"A\", \"broker\": \"b\", \"tls\": { \"client_key_password_store\": "
        "\"keyring\", \"client_key_password\": \"s3cret\" }, \"subscriptions\": [] } ] }";
  g_autoptr (SbConfig) config = sb_config_new ();
  g_autoptr (SbConfig) loaded = NULL;
  g_autoptr (SbDataSource) source = sb_data_source_new ();
  g_autoptr (SbSubscription) sub = sb_subscription_new ("#");
  g_autoptr (GError) error = NULL;
  g_autofree char *data = NULL;
  SbDataSource *back;

  sb_data_source_set_name (source, "A");
  sb_data_source_set_broker (source, "broker.example.com");
  sb_data_source_set_tls_enabled (source, TRUE);
  sb_data_source_add_subscription (source, sub);
  sb_config_append (config, source);

  data = sb_config_to_data (config, NULL);
  g_assert_null (strstr (data, "client_key_password"));
  g_free (data);

  sb_data_source_set_tls_client_key_password (source, "s3cret");
  data = sb_config_to_data (config, NULL);
  g_assert_nonnull (strstr (data, "\"client_key_password\": \"s3cret\""));
  loaded = sb_config_load_from_data (data, -1, &error);
  g_assert_no_error (error);
  back = sb_config_get_data_source (loaded, 0);
  g_assert_cmpstr (sb_data_source_get_tls_client_key_password (back), ==, "s3cret");
  g_assert_true (sb_data_source_equal (back, source));
  g_clear_object (&loaded);
  g_free (data);

  sb_data_source_set_tls_client_key_password_store (source, SB_PASSWORD_STORE_KEYRING);
  data = sb_config_to_data (config, NULL);
  g_assert_null (strstr (data, "s3cret"));
  g_assert_nonnull (strstr (data, "\"client_key_password_store\": \"keyring\""));
  loaded = sb_config_load_from_data (data, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (
      sb_data_source_get_tls_client_key_password_store (sb_config_get_data_source (loaded, 0)), ==,
      SB_PASSWORD_STORE_KEYRING);
  g_clear_object (&loaded);

  loaded = sb_config_load_from_data (keyring_and_file, -1, &error);
  g_assert_null (loaded);
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "tls.client_key_password:"));
  g_assert_nonnull (strstr (error->message, "remove it from the file"));
  g_assert_null (strstr (error->message, "s3cret"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/tls/valid-chain", test_valid_chain);
  ADD ("/tls/unknown-ca", test_unknown_ca);
  ADD ("/tls/unknown-ca-system-store", test_unknown_ca_system_store);
  ADD ("/tls/expired", test_expired);
  ADD ("/tls/wrong-host", test_wrong_host);
  ADD ("/tls/client-cert-required", test_client_cert_required);
  ADD ("/tls/client-cert-required-tls12", test_client_cert_required_tls12);
  ADD ("/tls/client-cert-given", test_client_cert_given);
  ADD ("/tls/verify-off", test_verify_off);
  ADD ("/tls/cli-expired", test_cli_expired);
  ADD ("/tls/key-passphrase", test_key_passphrase);
  ADD ("/tls/key-passphrase-wrong", test_key_passphrase_wrong);
  ADD ("/tls/key-passphrase-missing", test_key_passphrase_missing);
  ADD ("/tls/cli-key-passphrase-missing", test_cli_key_passphrase_missing);
  ADD ("/tls/cli-key-passphrase", test_cli_key_passphrase);
  ADD ("/tls/cli-config-key-passphrase", test_cli_config_key_passphrase);
  ADD ("/tls/cli-keyring-key-passphrase", test_cli_keyring_key_passphrase);
  g_test_add_func ("/tls/key-passphrase-config", test_key_passphrase_config);
  return g_test_run ();
}
