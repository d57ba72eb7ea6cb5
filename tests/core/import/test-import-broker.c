/* test-import-broker.c: an imported connection really connects
 *
 * Files in each tool's format point at a real mosquitto (the fixture); after
 * `signalboard-cli import`, `signalboard-cli listen` with the imported data
 * source receives a retained message: with user name and password (MQTTX),
 * and over TLS with a client certificate given inline (MQTT Explorer), which
 * shows the certificate files written beside the configuration are the right
 * bytes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "sb-test-broker.h"
#include "sb-test-run.h"

/* Runs signalboard-cli in @dir without a session bus; returns the exit code. */
static int
run_cli (const char *dir, char **out, const char *first, ...)
{
  g_auto (GStrv) env = g_environ_unsetenv (g_get_environ (), "DBUS_SESSION_BUS_ADDRESS");
  g_auto (SbTestRun) run = { 0 };
  va_list args;

  va_start (args, first);
  sb_test_run_cli_valist (&run, dir, (const char *const *)env, first, args);
  va_end (args);
  *out = g_steal_pointer (&run.out);
  return run.status;
}

static char *
base64_of_file (const char *path)
{
  g_autofree char *data = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (path, &data, &length, NULL));
  return g_base64_encode ((const guchar *)data, length);
}

static void
test_mqttx_with_auth (void)
{
  g_autoptr (SbTestBroker) broker = sb_test_broker_new ();
  g_autofree char *dir = g_dir_make_tmp ("sb-import-broker-XXXXXX", NULL);
  g_autofree char *input = g_build_filename (dir, "mqttx.json", NULL);
  g_autofree char *json = NULL;
  g_autofree char *out = NULL;
  g_autofree char *messages = NULL;

  sb_test_broker_add_user (broker, "line1", "l1-pass");
  sb_test_broker_start (broker);
  sb_test_broker_publish_args (broker, "-u", "line1", "-P", "l1-pass", "-t", "line1/counter", "-m",
                               "41", "-q", "1", "-r", NULL);

  json = g_strdup_printf (
      "[{\"name\": \"Line 1\", \"clientId\": \"mqttx_line1\", \"clean\": true,"
      "  \"protocol\": \"mqtt\", \"host\": \"127.0.0.1\", \"port\": %u, \"keepalive\": 30,"
      "  \"username\": \"line1\", \"password\": \"l1-pass\", \"ssl\": false,"
      "  \"mqttVersion\": \"5.0\", \"subscriptions\": [{\"topic\": \"line1/#\", \"qos\": 1}]}]",
      sb_test_broker_get_port (broker));
  g_assert_true (g_file_set_contents (input, json, -1, NULL));

  g_assert_cmpint (run_cli (dir, &out, "import", "--from", "mqttx", "--passwords", "file", input,
                            "-o", "plant.json", NULL),
                   ==, 0);
  g_assert_cmpint (run_cli (dir, &messages, "listen", "plant.json", "--source", "Line 1", "--count",
                            "1", "--timeout", "20", "--format", "jsonl", NULL),
                   ==, 0);
  g_assert_nonnull (strstr (messages, "\"topic\":\"line1/counter\""));
  g_assert_nonnull (strstr (messages, "41"));

  sb_test_remove_tree (dir);
}

static void
test_mqtt_explorer_with_inline_certificates (void)
{
  g_autoptr (SbTestBroker) broker = sb_test_broker_new ();
  g_autofree char *dir = g_dir_make_tmp ("sb-import-broker-XXXXXX", NULL);
  g_autofree char *input = g_build_filename (dir, "settings.json", NULL);
  g_autofree char *ca = NULL;
  g_autofree char *cert = NULL;
  g_autofree char *key = NULL;
  g_autofree char *json = NULL;
  g_autofree char *out = NULL;
  g_autofree char *messages = NULL;

  /* The listener refuses a client without the certificate: the imported key must work. */
  sb_test_broker_enable_tls (broker, TRUE);
  sb_test_broker_start (broker);
  sb_test_broker_publish (broker, "secure/line/state", "running", 1, TRUE);

  ca = base64_of_file (sb_test_broker_get_ca_file (broker));
  cert = base64_of_file (sb_test_broker_get_client_cert (broker));
  key = base64_of_file (sb_test_broker_get_client_key (broker));
  json = g_strdup_printf (
      "{\"ConnectionManager_connections\": {\"c1\": {"
      "  \"configVersion\": 1, \"type\": \"mqtt\", \"id\": \"c1\", \"name\": \"Secure plant\","
      "  \"host\": \"127.0.0.1\", \"port\": %u, \"protocol\": \"mqtt\", \"encryption\": true,"
      "  \"certValidation\": true,"
      "  \"selfSignedCertificate\": {\"name\": \"ca.pem\", \"data\": \"%s\"},"
      "  \"clientCertificate\": {\"name\": \"client.pem\", \"data\": \"%s\"},"
      "  \"clientKey\": {\"name\": \"client.key\", \"data\": \"%s\"},"
      "  \"subscriptions\": [{\"topic\": \"secure/#\", \"qos\": 1}]}}}",
      sb_test_broker_get_tls_port (broker), ca, cert, key);
  g_assert_true (g_file_set_contents (input, json, -1, NULL));

  g_assert_cmpint (
      run_cli (dir, &out, "import", "--from", "mqtt-explorer", input, "-o", "plant.json", NULL), ==,
      0);
  g_assert_nonnull (strstr (out, "imported “Secure plant” (127.0.0.1:"));
  g_assert_cmpint (run_cli (dir, &messages, "listen", "plant.json", "--source", "Secure plant",
                            "--count", "1", "--timeout", "20", "--format", "jsonl", NULL),
                   ==, 0);
  g_assert_nonnull (strstr (messages, "\"topic\":\"secure/line/state\""));
  g_assert_nonnull (strstr (messages, "running"));

  sb_test_remove_tree (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/import/broker/mqttx-auth", test_mqttx_with_auth);
  g_test_add_func ("/import/broker/mqtt-explorer-tls", test_mqtt_explorer_with_inline_certificates);

  return g_test_run ();
}
