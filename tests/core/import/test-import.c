/* test-import.c: the import core (sb-import.h) on the sample files of both tools
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "import-test.h"
#include "sb-validate.h"
#include "sb-test-broker.h"

#define CA_PEM                                                                                     \
  "-----BEGIN CERTIFICATE-----\nU2lnbmFsYm9hcmQgdGVzdCBDQQ==\n-----END CERTIFICATE-----\n"
#define CERT_PEM                                                                                   \
  "-----BEGIN CERTIFICATE-----\nU2lnbmFsYm9hcmQgdGVzdCBjbGllbnQ=\n-----END CERTIFICATE-----\n"
#define KEY_PEM                                                                                    \
  "-----BEGIN PRIVATE KEY-----\nU2lnbmFsYm9hcmQgdGVzdCBrZXk=\n-----END PRIVATE KEY-----\n"

typedef struct
{
  SbImport *import;
  GError *error;
  gboolean done;
} AsyncLoad;

static void
async_loaded_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  AsyncLoad *load = user_data;

  load->import = sb_import_load_from_file_finish (result, &load->error);
  load->done = TRUE;
}

static gboolean
async_done (gpointer user_data)
{
  return ((AsyncLoad *)user_data)->done;
}

/* The UI's way: the file is read in a thread, the result arrives on the main loop. */
static void
test_load_async (void)
{
  g_autofree char *path = sample ("mqttx-export.json");
  AsyncLoad load = { 0 };
  AsyncLoad missing = { 0 };

  sb_import_load_from_file_async (SB_IMPORT_FORMAT_MQTTX, path, NULL, async_loaded_cb, &load);
  sb_import_load_from_file_async (SB_IMPORT_FORMAT_MQTTX, "/nonexistent/x.json", NULL,
                                  async_loaded_cb, &missing);
  g_assert_true (sb_test_wait_for (async_done, &load, 10000));
  g_assert_true (sb_test_wait_for (async_done, &missing, 10000));

  g_assert_no_error (load.error);
  g_assert_cmpuint (sb_import_get_n_connections (load.import), ==, 5);
  g_assert_cmpstr (sb_data_source_get_name (sb_import_get_data_source (load.import, 4)), ==,
                   "Line 1 (2)");
  sb_import_free (load.import);

  g_assert_null (missing.import);
  g_assert_error (missing.error, SB_IMPORT_ERROR, SB_IMPORT_ERROR_IO);
  g_clear_error (&missing.error);
}

static void
test_formats (void)
{
  SbImportFormat format;

  g_assert_true (sb_import_format_from_string ("mqtt-explorer", &format));
  g_assert_cmpint (format, ==, SB_IMPORT_FORMAT_MQTT_EXPLORER);
  g_assert_true (sb_import_format_from_string ("mqttx", &format));
  g_assert_cmpint (format, ==, SB_IMPORT_FORMAT_MQTTX);
  g_assert_false (sb_import_format_from_string ("MQTTX", &format));
  g_assert_false (sb_import_format_from_string (NULL, &format));
  g_assert_cmpstr (sb_import_format_to_string (SB_IMPORT_FORMAT_MQTTX), ==, "mqttx");
  g_assert_true (sb_import_format_from_string ("auto", &format));
  g_assert_cmpint (format, ==, SB_IMPORT_FORMAT_AUTO);
}

/* For a file chooser that does not ask which tool: the shape tells. */
static void
test_format_auto (void)
{
  g_autoptr (SbImport) explorer
      = load_sample (SB_IMPORT_FORMAT_AUTO, "mqtt-explorer-settings.json");
  g_autoptr (SbImport) mqttx = load_sample (SB_IMPORT_FORMAT_AUTO, "mqttx-export.json");
  g_autoptr (GError) error = NULL;
  g_autoptr (SbImport) neither = NULL;

  g_assert_cmpint (sb_import_get_format (explorer), ==, SB_IMPORT_FORMAT_MQTT_EXPLORER);
  g_assert_cmpuint (sb_import_get_n_importable (explorer), ==, 4);
  g_assert_cmpint (sb_import_get_format (mqttx), ==, SB_IMPORT_FORMAT_MQTTX);
  g_assert_cmpuint (sb_import_get_n_importable (mqttx), ==, 5);

  neither = sb_import_load_from_data (SB_IMPORT_FORMAT_AUTO, "  \"x\"", -1, &error);
  g_assert_null (neither);
  g_assert_error (error, SB_IMPORT_ERROR, SB_IMPORT_ERROR_SHAPE);
  g_assert_cmpstr (error->message, ==, "neither MQTT Explorer’s settings.json nor an MQTTX export");
}

static void
test_mqtt_explorer_mapping (void)
{
  g_autoptr (SbImport) import
      = load_sample (SB_IMPORT_FORMAT_MQTT_EXPLORER, "mqtt-explorer-settings.json");
  SbDataSource *source;

  g_assert_cmpuint (sb_import_get_n_connections (import), ==, 4);
  g_assert_cmpuint (sb_import_get_n_importable (import), ==, 4);

  /* Auth and many subscriptions, each with its own QoS. */
  g_assert_cmpstr (sb_import_get_connection_name (import, 0), ==, "Shopfloor");
  source = sb_import_get_data_source (import, 0);
  g_assert_nonnull (source);
  g_assert_cmpstr (sb_data_source_get_name (source), ==, "Shopfloor");
  g_assert_cmpstr (sb_data_source_get_broker (source), ==, "broker.plant.example");
  g_assert_cmpuint (sb_data_source_get_port (source), ==, 1883);
  g_assert_cmpstr (sb_data_source_get_username (source), ==, "operator");
  g_assert_cmpstr (sb_data_source_get_password (source), ==, "op-secret-1");
  g_assert_cmpstr (sb_data_source_get_client_id (source), ==, "mqtt-explorer-4f2a");
  g_assert_false (sb_data_source_get_tls_enabled (source));
  g_assert_cmpint (sb_data_source_get_protocol (source), ==, SB_PROTOCOL_MQTT_311);
  g_assert_cmpuint (sb_data_source_get_n_subscriptions (source), ==, 6);
  assert_subscription (source, 0, "shopfloor/counter/#", 0);
  assert_subscription (source, 1, "shopfloor/+/temperature", 1);
  assert_subscription (source, 2, "shopfloor/line1/status", 2);
  assert_subscription (source, 5, "$SYS/broker/uptime", 0);
  /* Everything mapped: not one note. */
  g_assert_cmpuint (n_notes (import, 0), ==, 0);

  /* TLS with inline certificates: not written before apply. */
  source = sb_import_get_data_source (import, 1);
  g_assert_nonnull (source);
  g_assert_cmpstr (sb_data_source_get_name (source), ==, "Secure plant");
  g_assert_true (sb_data_source_get_tls_enabled (source));
  g_assert_false (sb_data_source_get_tls_verify (source));
  g_assert_cmpuint (sb_data_source_get_effective_port (source), ==, 8883);
  g_assert_cmpstr (sb_data_source_get_tls_ca_file (source), ==, "");
  g_assert_true (has_note (import, 1, "verification is off"));
  {
    g_autofree char *summary = sb_import_dup_summary (import, 1);
    g_autofree char *none = sb_import_dup_summary (import, 2);
    g_autofree char *plain = sb_import_dup_summary (import, 0);
    g_assert_cmpstr (summary, ==, "secure.plant.example:8883, TLS, 1 subscription");
    g_assert_cmpstr (plain, ==, "broker.plant.example:1883, 6 subscriptions");
  }

  /* WebSocket: imported, with MQTT Explorer's basePath as the path. */
  g_assert_cmpstr (sb_import_get_connection_name (import, 2), ==, "Browser gateway");
  source = sb_import_get_data_source (import, 2);
  g_assert_nonnull (source);
  g_assert_cmpint (sb_data_source_get_transport (source), ==, SB_TRANSPORT_WEBSOCKETS);
  g_assert_cmpstr (sb_data_source_get_path (source), ==, "/mqtt");
  g_assert_cmpuint (sb_data_source_get_port (source), ==, 9001);
  g_assert_false (sb_data_source_get_tls_enabled (source));
  g_assert_false (has_note (import, 2, "basePath"));
  {
    g_autofree char *summary = sb_import_dup_summary (import, 2);
    g_assert_cmpstr (summary, ==, "ws://gw.plant.example:9001/mqtt, 1 subscription");
  }

  /* No subscriptions: "#", said so; unknown and unsupported fields said too. */
  source = sb_import_get_data_source (import, 3);
  g_assert_nonnull (source);
  g_assert_cmpuint (sb_data_source_get_n_subscriptions (source), ==, 1);
  assert_subscription (source, 0, "#", SB_QOS_INHERIT);
  g_assert_true (has_note (import, 3, "no subscriptions: subscribed to “#”"));
  g_assert_true (has_note (import, 3, "“mysteryField” is not known"));
  g_assert_true (has_note (import, 3, "zlibCompression left out"));
  /* The last will is mapped, not noted. */
  g_assert_false (has_note (import, 3, "last will"));
  g_assert_cmpuint (n_notes (import, 3), ==, 3);
  g_assert_true (sb_data_source_has_will (source));
  g_assert_cmpstr (sb_data_source_get_will_topic (source), ==, "sandbox/explorer/online");
  g_assert_cmpstr (sb_data_source_get_will_payload (source), ==, "offline");
  g_assert_cmpint (sb_data_source_get_will_qos (source), ==, 1);
  g_assert_true (sb_data_source_get_will_retain (source));
}

static void
test_mqttx_mapping (void)
{
  g_autoptr (SbImport) import = load_sample (SB_IMPORT_FORMAT_MQTTX, "mqttx-export.json");
  SbDataSource *source;

  g_assert_cmpuint (sb_import_get_n_connections (import), ==, 5);
  g_assert_cmpuint (sb_import_get_n_importable (import), ==, 5);

  source = sb_import_get_data_source (import, 0);
  g_assert_cmpstr (sb_data_source_get_name (source), ==, "Line 1");
  g_assert_cmpstr (sb_data_source_get_broker (source), ==, "line1.plant.example");
  g_assert_cmpuint (sb_data_source_get_port (source), ==, 1883);
  g_assert_cmpstr (sb_data_source_get_client_id (source), ==, "mqttx_line1");
  g_assert_cmpuint (sb_data_source_get_keep_alive (source), ==, 30);
  g_assert_true (sb_data_source_get_clean_session (source));
  g_assert_cmpstr (sb_data_source_get_username (source), ==, "line1");
  g_assert_cmpstr (sb_data_source_get_password (source), ==, "l1-secret-2");
  g_assert_false (sb_data_source_get_tls_enabled (source));
  /* The disabled subscription is left out, the one with "nl" kept. */
  g_assert_cmpuint (sb_data_source_get_n_subscriptions (source), ==, 4);
  assert_subscription (source, 0, "line1/counter", 0);
  assert_subscription (source, 1, "line1/+/value", 1);
  assert_subscription (source, 2, "line1/status", 2);
  assert_subscription (source, 3, "line1/own/#", 1);
  g_assert_true (sb_data_source_has_will (source));
  g_assert_cmpstr (sb_data_source_get_will_topic (source), ==, "plant/line1/online");
  g_assert_cmpstr (sb_data_source_get_will_payload (source), ==, "0");
  g_assert_cmpint (sb_data_source_get_will_qos (source), ==, 1);
  g_assert_true (sb_data_source_get_will_retain (source));
  g_assert_false (has_note (import, 0, "last will"));
  g_assert_true (has_note (import, 0, "subscription “line1/muted” is disabled there"));
  /* Line 1 is MQTT 3.1.1: its subscription's "nl" is noted, not mapped. */
  g_assert_true (has_note (import, 0, "option “nl” left out: the connection uses MQTT 3.1.1"));
  g_assert_false (sb_subscription_get_no_local (sb_data_source_get_subscription (source, 3)));
  g_assert_true (has_note (import, 0, "connectTimeout, reconnect, reconnectPeriod left out"));
  g_assert_cmpuint (n_notes (import, 0), ==, 3);

  source = sb_import_get_data_source (import, 1);
  g_assert_cmpstr (sb_data_source_get_name (source), ==, "TLS line");
  g_assert_cmpint (sb_data_source_get_protocol (source), ==, SB_PROTOCOL_MQTT_5);
  g_assert_true (sb_data_source_get_tls_enabled (source));
  g_assert_false (sb_data_source_get_tls_verify (source));
  g_assert_cmpuint (sb_data_source_get_port (source), ==, 8884);
  g_assert_cmpstr (sb_data_source_get_tls_ca_file (source), ==, "/nonexistent/mqttx/ca.crt");
  g_assert_cmpstr (sb_data_source_get_tls_client_cert (source), ==,
                   "/nonexistent/mqttx/client.crt");
  g_assert_cmpstr (sb_data_source_get_tls_client_key (source), ==, "/nonexistent/mqttx/client.key");
  g_assert_true (has_note (import, 1, "the file /nonexistent/mqttx/ca.crt does not exist here"));
  /* MQTT 5: the session expiry interval is mapped, empty userProperties need nothing. */
  g_assert_cmpuint (sb_data_source_get_session_expiry_interval (source), ==, 3600);
  g_assert_false (has_note (import, 1, "sessionExpiryInterval"));
  g_assert_false (has_note (import, 1, "userProperties"));

  source = sb_import_get_data_source (import, 2);
  g_assert_cmpstr (sb_data_source_get_broker (source), ==, "10.0.0.7");
  g_assert_cmpint (sb_data_source_get_protocol (source), ==, SB_PROTOCOL_MQTT_311);
  g_assert_false (sb_data_source_get_clean_session (source));
  g_assert_cmpstr (sb_data_source_get_client_id (source), ==, "old-client");
  g_assert_cmpuint (sb_data_source_get_keep_alive (source), ==, SB_DEFAULT_KEEP_ALIVE);
  g_assert_true (has_note (import, 2, "MQTT 3.1 is not offered: MQTT 3.1.1 is used"));
  g_assert_true (has_note (import, 2, "keepalive 0 is outside"));
  g_assert_true (has_note (import, 2, "subscribed to “#”"));

  /* MQTTX's wss connection: WebSocket with TLS, its path. */
  source = sb_import_get_data_source (import, 3);
  g_assert_nonnull (source);
  g_assert_cmpint (sb_data_source_get_transport (source), ==, SB_TRANSPORT_WEBSOCKETS);
  g_assert_true (sb_data_source_get_tls_enabled (source));
  g_assert_cmpstr (sb_data_source_get_path (source), ==, "/mqtt");
  g_assert_cmpuint (sb_data_source_get_effective_port (source), ==, 8084);

  /* Two connections named alike: the second is renamed, and says so. */
  g_assert_cmpstr (sb_import_get_connection_name (import, 4), ==, "Line 1");
  source = sb_import_get_data_source (import, 4);
  g_assert_cmpstr (sb_data_source_get_name (source), ==, "Line 1 (2)");
  g_assert_true (has_note (import, 4, "renamed “Line 1 (2)”"));
}

static void
test_apply_writes_certificates (void)
{
  g_autoptr (SbImport) import
      = load_sample (SB_IMPORT_FORMAT_MQTT_EXPLORER, "mqtt-explorer-settings.json");
  g_autofree char *dir = g_dir_make_tmp ("sb-import-XXXXXX", NULL);
  g_autofree char *certs = g_build_filename (dir, "conf", NULL);
  g_autofree char *path = g_build_filename (certs, "signalboard.json", NULL);
  g_autoptr (SbConfig) config = sb_config_new ();
  g_autoptr (SbConfig) loaded = NULL;
  g_autoptr (GError) error = NULL;
  SbDataSource *source;

  g_assert_true (sb_import_apply (import, config, certs, SB_IMPORT_PASSWORDS_FILE, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (sb_config_get_n_data_sources (config), ==, 4);
  g_assert_true (sb_config_save_to_file (config, path, &error));
  g_assert_no_error (error);

  /* What a user gets is what the file says: load it back, field by field. */
  loaded = sb_config_load_from_file (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sb_config_get_n_data_sources (loaded), ==, 4);

  source = sb_config_find_by_name (loaded, "Shopfloor");
  g_assert_nonnull (source);
  g_assert_cmpstr (sb_data_source_get_password (source), ==, "op-secret-1");
  g_assert_cmpint (sb_data_source_get_password_store (source), ==, SB_PASSWORD_STORE_FILE);
  g_assert_cmpuint (sb_data_source_get_n_subscriptions (source), ==, 6);
  assert_subscription (source, 3, "shopfloor/line2/status", 2);
  assert_subscription (source, 4, "shopfloor/alarms/#", 1);
  g_assert_true (has_note (import, 0, "stored in the configuration file"));

  source = sb_config_find_by_name (loaded, "Secure plant");
  g_assert_nonnull (source);
  g_assert_true (sb_data_source_get_tls_enabled (source));
  g_assert_false (sb_data_source_get_tls_verify (source));
  {
    g_autofree char *ca = g_build_filename (certs, "Secure-plant-ca.crt", NULL);
    g_autofree char *cert = g_build_filename (certs, "Secure-plant-cert.pem", NULL);
    g_autofree char *key = g_build_filename (certs, "Secure-plant-key.key", NULL);

    g_assert_cmpstr (sb_data_source_get_tls_ca_file (source), ==, ca);
    g_assert_cmpstr (sb_data_source_get_tls_client_cert (source), ==, cert);
    g_assert_cmpstr (sb_data_source_get_tls_client_key (source), ==, key);
  }
  assert_file (sb_data_source_get_tls_ca_file (source), CA_PEM);
  assert_file (sb_data_source_get_tls_client_cert (source), CERT_PEM);
  assert_file (sb_data_source_get_tls_client_key (source), KEY_PEM);

  source = sb_config_find_by_name (loaded, "Browser gateway");
  g_assert_nonnull (source);
  g_assert_cmpint (sb_data_source_get_transport (source), ==, SB_TRANSPORT_WEBSOCKETS);
  source = sb_config_find_by_name (loaded, "Sandbox");
  g_assert_nonnull (source);
  assert_subscription (source, 0, "#", SB_QOS_INHERIT);

  sb_test_remove_tree (dir);
}

static void
test_apply_certificate_names (void)
{
  g_autoptr (SbImport) import
      = load_sample (SB_IMPORT_FORMAT_MQTT_EXPLORER, "mqtt-explorer-settings.json");
  g_autofree char *dir = g_dir_make_tmp ("sb-import-XXXXXX", NULL);
  g_autofree char *taken = g_build_filename (dir, "Secure-plant-ca.crt", NULL);
  g_autofree char *same = g_build_filename (dir, "Secure-plant-key.key", NULL);
  g_autofree char *ca2 = g_build_filename (dir, "Secure-plant-ca-2.crt", NULL);
  g_autoptr (SbConfig) config = sb_config_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *kept = NULL;
  SbDataSource *source;

  /* A different file under the name is never overwritten; the same contents are reused. */
  g_assert_true (g_file_set_contents (taken, "someone else's CA\n", -1, NULL));
  g_assert_true (
      g_file_set_contents_full (same, KEY_PEM, -1, G_FILE_SET_CONTENTS_NONE, 0600, NULL));
  g_assert_true (sb_import_apply (import, config, dir, SB_IMPORT_PASSWORDS_LEAVE_OUT, &error));
  g_assert_no_error (error);

  g_assert_true (g_file_get_contents (taken, &kept, NULL, NULL));
  g_assert_cmpstr (kept, ==, "someone else's CA\n");
  source = sb_config_find_by_name (config, "Secure plant");
  g_assert_cmpstr (sb_data_source_get_tls_ca_file (source), ==, ca2);
  assert_file (ca2, CA_PEM);
  g_assert_cmpstr (sb_data_source_get_tls_client_key (source), ==, same);

  /* LEAVE_OUT: no password in the data source, and the note says so. */
  source = sb_config_find_by_name (config, "Shopfloor");
  g_assert_cmpstr (sb_data_source_get_password (source), ==, "");
  g_assert_cmpstr (sb_data_source_get_username (source), ==, "operator");
  g_assert_true (has_note (import, 0, "the password is left out"));
  /* What a UI needs to store it in the keyring itself: the password and the same id. */
  g_assert_cmpstr (sb_data_source_get_password (sb_import_get_data_source (import, 0)), ==,
                   "op-secret-1");
  g_assert_cmpstr (sb_data_source_get_id (sb_import_get_data_source (import, 0)), ==,
                   sb_data_source_get_id (source));

  sb_test_remove_tree (dir);
}

static void
test_apply_refuses_duplicates (void)
{
  g_autoptr (SbImport) import
      = load_sample (SB_IMPORT_FORMAT_MQTT_EXPLORER, "mqtt-explorer-settings.json");
  g_autofree char *dir = g_dir_make_tmp ("sb-import-XXXXXX", NULL);
  g_autoptr (SbConfig) config = sb_config_new ();
  g_autoptr (SbDataSource) mine = sb_data_source_new ();
  g_autoptr (SbDataSource) other = sb_data_source_new ();
  g_autoptr (SbSubscription) all = sb_subscription_new ("#");
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) conflicts = NULL;
  g_autoptr (GDir) listing = NULL;

  sb_data_source_set_name (mine, "Secure plant");
  sb_data_source_set_broker (mine, "localhost");
  sb_data_source_add_subscription (mine, all);
  sb_config_append (config, mine);
  sb_data_source_set_name (other, "Sandbox");
  sb_data_source_set_broker (other, "localhost");
  sb_data_source_add_subscription (other, all);
  sb_config_append (config, other);

  conflicts = sb_import_find_conflicts (import, config);
  g_assert_cmpuint (g_strv_length (conflicts), ==, 2);
  g_assert_cmpstr (conflicts[0], ==, "Secure plant");
  g_assert_cmpstr (conflicts[1], ==, "Sandbox");

  g_assert_false (sb_import_apply (import, config, dir, SB_IMPORT_PASSWORDS_FILE, &error));
  g_assert_error (error, SB_IMPORT_ERROR, SB_IMPORT_ERROR_DUPLICATE);
  g_assert_cmpstr (error->message, ==,
                   "the configuration already has data sources named “Secure plant”, “Sandbox”");
  /* Nothing happened: the configuration as it was, no certificate written. */
  g_assert_cmpuint (sb_config_get_n_data_sources (config), ==, 2);
  listing = g_dir_open (dir, 0, NULL);
  g_assert_null (g_dir_read_name (listing));

  sb_test_remove_tree (dir);
}

/* "Import anyway": conflicting names get the first free "NAME (N)", even
 * past names the configuration and the input already use. */
static void
test_rename_conflicts (void)
{
  const char *data = "[{\"name\": \"A\", \"host\": \"h\"}, {\"name\": \"A (2)\", \"host\": \"h\"},"
                     " {\"name\": \"B\", \"host\": \"h\"}, {\"name\": \"C\", \"host\": \"h\"}]";
  const char *existing[] = { "A", "A (3)", "B", NULL };
  g_autoptr (GError) error = NULL;
  g_autoptr (SbImport) import = sb_import_load_from_data (SB_IMPORT_FORMAT_MQTTX, data, -1, &error);
  g_autoptr (SbConfig) config = sb_config_new ();
  g_autofree char *dir = g_dir_make_tmp ("sb-import-XXXXXX", NULL);

  g_assert_no_error (error);
  for (guint i = 0; existing[i] != NULL; i++)
    {
      g_autoptr (SbDataSource) source = sb_data_source_new ();
      g_autoptr (SbSubscription) all = sb_subscription_new ("#");
      sb_data_source_set_name (source, existing[i]);
      sb_data_source_set_broker (source, "localhost");
      sb_data_source_add_subscription (source, all);
      sb_config_append (config, source);
    }

  g_assert_cmpuint (sb_import_rename_conflicts (import, config), ==, 2);
  g_assert_cmpstr (sb_data_source_get_name (sb_import_get_data_source (import, 0)), ==, "A (4)");
  g_assert_cmpstr (sb_data_source_get_name (sb_import_get_data_source (import, 1)), ==, "A (2)");
  g_assert_cmpstr (sb_data_source_get_name (sb_import_get_data_source (import, 2)), ==, "B (2)");
  g_assert_cmpstr (sb_data_source_get_name (sb_import_get_data_source (import, 3)), ==, "C");
  g_assert_true (has_note (import, 0, "already has a data source named “A”: renamed “A (4)”"));
  g_assert_cmpuint (n_notes (import, 3), ==, 1); /* only the "#" note */

  g_assert_true (sb_import_apply (import, config, dir, SB_IMPORT_PASSWORDS_LEAVE_OUT, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (sb_config_get_n_data_sources (config), ==, 7);
  {
    g_autoptr (GPtrArray) problems = sb_config_check (config);
    g_assert_cmpuint (problems->len, ==, 0);
  }

  sb_test_remove_tree (dir);
}

static void
test_apply_cert_dir_unwritable (void)
{
  g_autoptr (SbImport) import
      = load_sample (SB_IMPORT_FORMAT_MQTT_EXPLORER, "mqtt-explorer-settings.json");
  g_autofree char *dir = g_dir_make_tmp ("sb-import-XXXXXX", NULL);
  g_autofree char *file = g_build_filename (dir, "a-file", NULL);
  g_autofree char *below = g_build_filename (file, "certs", NULL);
  g_autoptr (SbConfig) config = sb_config_new ();
  g_autoptr (GError) error = NULL;

  /* A folder cannot be made inside a file: an error, and no data source added. */
  g_assert_true (g_file_set_contents (file, "", 0, NULL));
  g_assert_false (sb_import_apply (import, config, below, SB_IMPORT_PASSWORDS_FILE, &error));
  g_assert_error (error, SB_IMPORT_ERROR, SB_IMPORT_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "cannot create the folder"));
  g_assert_cmpuint (sb_config_get_n_data_sources (config), ==, 0);

  sb_test_remove_tree (dir);
}

/* A keyring that fails after certificates were written: they are removed again. */
static void
test_apply_rolls_back (void)
{
  const char *data = "{\"ConnectionManager_connections\": {"
                     " \"a\": {\"name\": \"TLS\", \"host\": \"h\", \"encryption\": true,"
                     "  \"selfSignedCertificate\": {\"name\": \"ca.pem\", \"data\": \"Q0EK\"}},"
                     " \"b\": {\"name\": \"Auth\", \"host\": \"h\", \"username\": \"u\","
                     "  \"password\": \"p-secret\"}}}";
  g_autoptr (SbImport) import = NULL;
  g_autofree char *dir = g_dir_make_tmp ("sb-import-XXXXXX", NULL);
  g_autoptr (SbConfig) config = sb_config_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (GDir) listing = NULL;

  import = sb_import_load_from_data (SB_IMPORT_FORMAT_MQTT_EXPLORER, data, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sb_import_get_n_importable (import), ==, 2);

  /* No session bus, so no Secret Service (and never the developer's own). */
  g_unsetenv ("DBUS_SESSION_BUS_ADDRESS");
  g_assert_false (sb_import_apply (import, config, dir, SB_IMPORT_PASSWORDS_KEYRING, &error));
  g_assert_error (error, SB_IMPORT_ERROR, SB_IMPORT_ERROR_KEYRING);
  g_assert_true (
      g_str_has_prefix (error->message, "cannot store the password of “Auth” in the keyring: "));
  g_assert_null (strstr (error->message, "p-secret"));
  g_assert_cmpuint (sb_config_get_n_data_sources (config), ==, 0);
  listing = g_dir_open (dir, 0, NULL);
  g_assert_null (g_dir_read_name (listing));
  g_dir_close (g_steal_pointer (&listing));
  g_clear_error (&error);

  /* The same import, passwords left out, goes through; the CA file is the decoded bytes. */
  g_assert_true (sb_import_apply (import, config, dir, SB_IMPORT_PASSWORDS_LEAVE_OUT, &error));
  g_assert_no_error (error);
  assert_file (sb_data_source_get_tls_ca_file (sb_config_get_data_source (config, 0)), "CA\n");

  sb_test_remove_tree (dir);
}

/* The message history is skipped unread; what follows it still counts. */
/* MQTT 5 options of an MQTTX connection: subscription options, user
 * properties and the session expiry interval become the data source's; what
 * Signalboard does not send is noted. */
static void
test_mqttx_mqtt5_options (void)
{
  static const char data[]
      = "[{\"name\": \"Five\", \"host\": \"five.example\", \"port\": 1883, "
        "\"protocol\": \"mqtt\", \"mqttVersion\": \"5.0\", \"clientId\": \"five\", "
        "\"properties\": {\"sessionExpiryInterval\": 600, \"receiveMaximum\": 10, "
        "\"userProperties\": {\"site\": \"plant 2\", \"shift\": [\"a\", \"b\"]}}, "
        "\"subscriptions\": [{\"topic\": \"own/#\", \"qos\": 1, \"nl\": true, \"rap\": true, "
        "\"rh\": 2}, {\"topic\": \"x/#\", \"qos\": 0, \"rh\": 7, "
        "\"subscriptionIdentifier\": 3}]}]";
  g_autoptr (GError) error = NULL;
  g_autoptr (SbImport) import = sb_import_load_from_data (SB_IMPORT_FORMAT_MQTTX, data, -1, &error);
  SbDataSource *source;
  SbSubscription *own, *x;

  g_assert_no_error (error);
  source = sb_import_get_data_source (import, 0);
  g_assert_cmpint (sb_data_source_get_protocol (source), ==, SB_PROTOCOL_MQTT_5);
  g_assert_cmpuint (sb_data_source_get_session_expiry_interval (source), ==, 600);
  g_assert_cmpuint (sb_data_source_get_n_user_properties (source), ==, 3);
  g_assert_cmpstr (sb_data_source_get_user_property_name (source, 0), ==, "site");
  g_assert_cmpstr (sb_data_source_get_user_property_value (source, 0), ==, "plant 2");
  g_assert_cmpstr (sb_data_source_get_user_property_value (source, 2), ==, "b");
  own = sb_data_source_get_subscription (source, 0);
  g_assert_true (sb_subscription_get_no_local (own));
  g_assert_true (sb_subscription_get_retain_as_published (own));
  g_assert_cmpint (sb_subscription_get_retain_handling (own), ==, 2);
  x = sb_data_source_get_subscription (source, 1);
  g_assert_cmpint (sb_subscription_get_retain_handling (x), ==, 0);
  g_assert_true (has_note (import, 0, "“x/#”: retain handling 7 is not 0, 1 or 2"));
  g_assert_true (has_note (import, 0, "subscription identifier 3 left out"));
  g_assert_true (has_note (import, 0, "property “receiveMaximum” left out"));
  g_assert_cmpuint (n_notes (import, 0), ==, 3);
  /* What was mapped passes the configuration's own rules. */
  {
    g_autoptr (GPtrArray) problems = sb_data_source_check (source);
    g_assert_cmpuint (problems->len, ==, 0);
  }
}

static void
test_mqttx_message_history (void)
{
  const char *data
      = "[{\"name\": \"A\", \"host\": \"a.example\",\n"
        "  \"messages\": [{\"topic\": \"x]\", \"payload\": \"{\\\"messages\\\": [\\\"]}\"},\n"
        "               {\"payload\": \"\\\\\", \"nested\": {\"messages\": [1, [2]]}}],\n"
        "  \"subscriptions\": [{\"topic\": \"a/#\", \"qos\": 2}], \"keepalive\": 20},\n"
        " {\"messages\": null, \"name\": \"B\", \"host\": \"b.example\",\n"
        "  \"will\": {\"lastWillTopic\": \"b/will\", \"messages\": 3}, \"clientId\": \"b\"},\n"
        " {\"name\": \"C\", \"host\": \"c.example\", \"messages\": \"]]\"}]\n";
  g_autoptr (GError) error = NULL;
  g_autoptr (SbImport) import = sb_import_load_from_data (SB_IMPORT_FORMAT_MQTTX, data, -1, &error);
  SbDataSource *source;

  g_assert_no_error (error);
  g_assert_cmpuint (sb_import_get_n_connections (import), ==, 3);
  source = sb_import_get_data_source (import, 0);
  g_assert_cmpstr (sb_data_source_get_name (source), ==, "A");
  g_assert_cmpuint (sb_data_source_get_keep_alive (source), ==, 20);
  assert_subscription (source, 0, "a/#", 2);
  g_assert_cmpuint (n_notes (import, 0), ==, 0);
  source = sb_import_get_data_source (import, 1);
  g_assert_cmpstr (sb_data_source_get_client_id (source), ==, "b");
  g_assert_cmpstr (sb_data_source_get_will_topic (source), ==, "b/will");
  g_assert_false (has_note (import, 1, "last will"));
  g_assert_cmpstr (sb_data_source_get_broker (sb_import_get_data_source (import, 2)), ==,
                   "c.example");
}

/* Passwords never end up in a note, whatever happens to them. */
static void
test_notes_hold_no_password (void)
{
  const SbImportPasswords all[] = { SB_IMPORT_PASSWORDS_FILE, SB_IMPORT_PASSWORDS_LEAVE_OUT };

  for (guint p = 0; p < G_N_ELEMENTS (all); p++)
    {
      g_autoptr (SbImport) import = load_sample (SB_IMPORT_FORMAT_MQTTX, "mqttx-export.json");
      g_autofree char *dir = g_dir_make_tmp ("sb-import-XXXXXX", NULL);
      g_autoptr (SbConfig) config = sb_config_new ();

      g_assert_true (sb_import_apply (import, config, dir, all[p], NULL));
      for (guint i = 0; i < sb_import_get_n_connections (import); i++)
        g_assert_false (has_note (import, i, "l1-secret-2"));
      sb_test_remove_tree (dir);
    }
}

static void
test_export_select (void)
{
  g_autoptr (SbImport) import = load_sample (SB_IMPORT_FORMAT_MQTTX, "mqttx-export.json");
  g_autofree char *dir = g_dir_make_tmp ("sb-import-XXXXXX", NULL);
  g_autoptr (SbConfig) config = sb_config_new ();
  g_autoptr (SbConfig) selection = NULL;
  g_autoptr (GError) error = NULL;
  const char *names[] = { "Old broker", "Line 1", NULL };
  const char *missing[] = { "Line 1", "Nope", "Neither", NULL };
  const char *twice[] = { "Line 1", "Line 1", NULL };

  g_assert_true (sb_import_apply (import, config, dir, SB_IMPORT_PASSWORDS_FILE, &error));
  selection = sb_export_select (config, names, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sb_config_get_n_data_sources (selection), ==, 2);
  /* In the order asked for, equal to the originals. */
  g_assert_true (sb_data_source_equal (sb_config_get_data_source (selection, 0),
                                       sb_config_find_by_name (config, "Old broker")));
  g_assert_true (sb_data_source_equal (sb_config_get_data_source (selection, 1),
                                       sb_config_find_by_name (config, "Line 1")));
  g_clear_object (&selection);

  selection = sb_export_select (config, missing, &error);
  g_assert_null (selection);
  g_assert_error (error, SB_IMPORT_ERROR, SB_IMPORT_ERROR_SHAPE);
  g_assert_cmpstr (error->message, ==, "no data sources named “Nope”, “Neither”");
  g_clear_error (&error);

  selection = sb_export_select (config, twice, &error);
  g_assert_null (selection);
  g_assert_error (error, SB_IMPORT_ERROR, SB_IMPORT_ERROR_SHAPE);
  g_assert_cmpstr (error->message, ==, "the data source “Line 1” is named twice");

  sb_test_remove_tree (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/import/formats", test_formats);
  g_test_add_func ("/import/format-auto", test_format_auto);
  g_test_add_func ("/import/load-async", test_load_async);
  g_test_add_func ("/import/mqtt-explorer/mapping", test_mqtt_explorer_mapping);
  g_test_add_func ("/import/mqttx/mapping", test_mqttx_mapping);
  g_test_add_func ("/import/mqttx/mqtt5-options", test_mqttx_mqtt5_options);
  g_test_add_func ("/import/mqttx/message-history", test_mqttx_message_history);
  g_test_add_func ("/import/apply/certificates", test_apply_writes_certificates);
  g_test_add_func ("/import/apply/certificate-names", test_apply_certificate_names);
  g_test_add_func ("/import/apply/duplicates", test_apply_refuses_duplicates);
  g_test_add_func ("/import/apply/rename-conflicts", test_rename_conflicts);
  g_test_add_func ("/import/apply/unwritable", test_apply_cert_dir_unwritable);
  g_test_add_func ("/import/apply/rollback", test_apply_rolls_back);
  g_test_add_func ("/import/no-password-in-notes", test_notes_hold_no_password);
  g_test_add_func ("/export/select", test_export_select);

  return g_test_run ();
}
