/* test-config-websocket.c: the transport and path keys, and brokers given as
 * URLs (mqtt://, mqtts://, ws://, wss://)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "sb-broker-url.h"
#include "sb-config.h"
#include "sb-validate.h"

/* A WebSocket data source in canonical form: transport and path right after port. */
static const char ws_example[]
    = "{\n"
      "  \"format\": \"signalboard\",\n"
      "  \"version\": 1,\n"
      "  \"data_sources\": [\n"
      "    {\n"
      "      \"id\": \"c1\",\n"
      "      \"name\": \"Cloud\",\n"
      "      \"type\": \"mqtt\",\n"
      "      \"broker\": \"broker.example.com\",\n"
      "      \"port\": 8084,\n"
      "      \"transport\": \"websockets\",\n"
      "      \"path\": \"/mqtt\",\n"
      "      \"protocol\": \"3.1.1\",\n"
      "      \"client_id\": \"\",\n"
      "      \"keep_alive\": 60,\n"
      "      \"clean_session\": true,\n"
      "      \"qos\": 1,\n"
      "      \"auth\": { \"username\": \"\", \"password\": \"\" },\n"
      "      \"tls\": { \"enabled\": true, \"ca_file\": \"\", \"client_cert\": \"\", "
      "\"client_key\": \"\", \"verify\": true },\n"
      "      \"subscriptions\": [\n"
      "        { \"topic\": \"a/#\" }\n"
      "      ]\n"
      "    },\n"
      "    {\n"
      "      \"id\": \"c2\",\n"
      "      \"name\": \"Plain ws, default port\",\n"
      "      \"type\": \"mqtt\",\n"
      "      \"broker\": \"localhost\",\n"
      "      \"transport\": \"websockets\",\n"
      "      \"path\": \"/ws/mqtt\",\n"
      "      \"protocol\": \"3.1.1\",\n"
      "      \"client_id\": \"\",\n"
      "      \"keep_alive\": 60,\n"
      "      \"clean_session\": true,\n"
      "      \"qos\": 1,\n"
      "      \"auth\": { \"username\": \"\", \"password\": \"\" },\n"
      "      \"tls\": { \"enabled\": false, \"ca_file\": \"\", \"client_cert\": \"\", "
      "\"client_key\": \"\", \"verify\": true },\n"
      "      \"subscriptions\": [\n"
      "        { \"topic\": \"b\" }\n"
      "      ]\n"
      "    }\n"
      "  ]\n"
      "}\n";

static void
test_canonical_round_trip (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SbConfig) config = sb_config_load_from_data (ws_example, -1, &error);
  g_autofree char *saved = NULL;
  SbDataSource *cloud, *plain;

  g_assert_no_error (error);
  cloud = sb_config_get_data_source (config, 0);
  plain = sb_config_get_data_source (config, 1);
  g_assert_cmpint (sb_data_source_get_transport (cloud), ==, SB_TRANSPORT_WEBSOCKETS);
  g_assert_cmpstr (sb_data_source_get_path (cloud), ==, "/mqtt");
  g_assert_cmpuint (sb_data_source_get_effective_port (cloud), ==, 8084);
  g_assert_cmpstr (sb_data_source_get_path (plain), ==, "/ws/mqtt");
  /* Default ports over WebSocket: 80, and 443 with TLS. */
  g_assert_cmpuint (sb_data_source_get_effective_port (plain), ==, 80);
  sb_data_source_set_tls_enabled (plain, TRUE);
  g_assert_cmpuint (sb_data_source_get_effective_port (plain), ==, 443);
  sb_data_source_set_tls_enabled (plain, FALSE);

  saved = sb_config_to_data (config, NULL);
  g_assert_cmpstr (saved, ==, ws_example);
}

static void
test_tcp_writes_neither (void)
{
  g_autoptr (SbDataSource) source = sb_data_source_new ();
  g_autoptr (SbConfig) config = sb_config_new ();
  g_autoptr (SbSubscription) sub = sb_subscription_new ("a");
  g_autofree char *saved = NULL;

  sb_data_source_set_name (source, "TCP");
  sb_data_source_set_broker (source, "localhost");
  sb_data_source_add_subscription (source, sub);
  /* A path set while the transport is TCP is kept in the model (the dialog
   * may switch back) but never written: it means nothing over TCP. */
  sb_data_source_set_path (source, "/elsewhere");
  sb_config_append (config, source);
  saved = sb_config_to_data (config, NULL);
  g_assert_null (strstr (saved, "transport"));
  g_assert_null (strstr (saved, "\"path\""));
  g_assert_cmpuint (sb_data_source_get_effective_port (source), ==, 1883);

  /* An empty path is the default. */
  sb_data_source_set_path (source, "");
  g_assert_cmpstr (sb_data_source_get_path (source), ==, "/mqtt");
}

static void
test_copy_and_equal (void)
{
  g_autoptr (SbDataSource) a = sb_data_source_new ();
  g_autoptr (SbDataSource) b = NULL;

  sb_data_source_set_transport (a, SB_TRANSPORT_WEBSOCKETS);
  sb_data_source_set_path (a, "/x");
  b = sb_data_source_copy (a);
  g_assert_true (sb_data_source_equal (a, b));
  g_assert_cmpint (sb_data_source_get_transport (b), ==, SB_TRANSPORT_WEBSOCKETS);
  g_assert_cmpstr (sb_data_source_get_path (b), ==, "/x");
  sb_data_source_set_transport (b, SB_TRANSPORT_TCP);
  g_assert_false (sb_data_source_equal (a, b));
}

typedef struct
{
  const char *text;
  const char *host;
  guint port;
  SbTransport transport;
  gboolean tls;
  const char *path;
} UrlCase;

static void
test_url_parse (void)
{
  static const UrlCase cases[] = {
    { "wss://broker.example.com:8084/mqtt", "broker.example.com", 8084, SB_TRANSPORT_WEBSOCKETS,
      TRUE, "/mqtt" },
    { "ws://127.0.0.1", "127.0.0.1", 0, SB_TRANSPORT_WEBSOCKETS, FALSE, "/mqtt" },
    { "ws://[::1]:9001/", "::1", 9001, SB_TRANSPORT_WEBSOCKETS, FALSE, "/" },
    { "WSS://Broker.Example.com/ws", "broker.example.com", 0, SB_TRANSPORT_WEBSOCKETS, TRUE,
      "/ws" },
    { "mqtt://localhost:1884", "localhost", 1884, SB_TRANSPORT_TCP, FALSE, NULL },
    { "mqtts://broker.example.com", "broker.example.com", 0, SB_TRANSPORT_TCP, TRUE, NULL },
    { "mqtt://localhost/", "localhost", 0, SB_TRANSPORT_TCP, FALSE, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (SbBrokerUrl) url = NULL;
      g_autofree char *host = NULL;

      g_assert_true (sb_broker_url_has_scheme (cases[i].text));
      url = sb_broker_url_parse (cases[i].text, &error);
      g_assert_no_error (error);
      host = g_ascii_strdown (url->host, -1);
      g_assert_cmpstr (host, ==, cases[i].host);
      g_assert_cmpuint (url->port, ==, cases[i].port);
      g_assert_cmpint (url->transport, ==, cases[i].transport);
      g_assert_cmpint (url->tls, ==, cases[i].tls);
      g_assert_cmpstr (url->path, ==, cases[i].path);
    }
  g_assert_false (sb_broker_url_has_scheme ("localhost"));
  g_assert_false (sb_broker_url_has_scheme ("::1"));
}

static void
test_url_refused (void)
{
  static const char *const cases[][2] = {
    { "http://broker.example.com", "“http://broker.example.com”: “http://” is not a scheme of MQTT "
                                   "(mqtt://, mqtts://, ws:// or wss://)" },
    { "mqtt://localhost/mqtt",
      "“mqtt://localhost/mqtt”: MQTT over TCP has no path (a path is for ws:// and wss://)" },
    { "ws://", "“ws://” has no host" },
    { "wss://user@host/mqtt",
      "“wss://user@host/mqtt” has a user name: give it in the user name field, not in the URL" },
    { "ws://host/mqtt?x=1",
      "“ws://host/mqtt?x=1” has a query or a fragment: the broker’s URL has neither" },
    { "ws://host:0/", "“ws://host:0/”: 0 is not a port (1-65535)" },
    { "ws://host:99999/",
      "“ws://host:99999/” is not a URL (like wss://broker.example.com:8084/mqtt)" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (SbBrokerUrl) url = sb_broker_url_parse (cases[i][0], &error);

      g_assert_null (url);
      g_assert_error (error, SB_CONFIG_ERROR, SB_CONFIG_ERROR_INVALID);
      g_assert_cmpstr (error->message, ==, cases[i][1]);
    }
}

static void
test_url_apply_and_back (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SbBrokerUrl) url = sb_broker_url_parse ("wss://h.example:8084/p", &error);
  g_autoptr (SbDataSource) source = sb_data_source_new ();
  g_autofree char *keys = NULL;
  g_autofree char *back = NULL;
  g_autoptr (SbBrokerUrl) tcp = NULL;

  g_assert_no_error (error);
  sb_broker_url_apply (url, source);
  g_assert_cmpstr (sb_data_source_get_broker (source), ==, "h.example");
  g_assert_cmpuint (sb_data_source_get_port (source), ==, 8084);
  g_assert_cmpint (sb_data_source_get_transport (source), ==, SB_TRANSPORT_WEBSOCKETS);
  g_assert_cmpstr (sb_data_source_get_path (source), ==, "/p");
  g_assert_true (sb_data_source_get_tls_enabled (source));
  keys = sb_broker_url_describe_keys (url);
  g_assert_cmpstr (keys, ==,
                   "\"port\": 8084, \"transport\": \"websockets\", \"path\": \"/p\", \"tls\": { "
                   "\"enabled\": true }");
  back = sb_broker_url_from_source (source);
  g_assert_cmpstr (back, ==, "wss://h.example:8084/p");

  /* Back to TCP: an mqtt:// URL turns WebSocket and TLS off, the port to the default. */
  tcp = sb_broker_url_parse ("mqtt://[::1]", &error);
  g_assert_no_error (error);
  sb_broker_url_apply (tcp, source);
  g_assert_cmpint (sb_data_source_get_transport (source), ==, SB_TRANSPORT_TCP);
  g_assert_false (sb_data_source_get_tls_enabled (source));
  g_clear_pointer (&back, g_free);
  back = sb_broker_url_from_source (source);
  g_assert_cmpstr (back, ==, "mqtt://[::1]:1883");
}

static void
test_path_rule (void)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (sb_validate_ws_path ("/mqtt", NULL));
  g_assert_true (sb_validate_ws_path ("/", NULL));
  g_assert_true (sb_validate_ws_path ("/a/b%20c", NULL));
  g_assert_false (sb_validate_ws_path ("", &error));
  g_assert_cmpstr (error->message, ==,
                   "a WebSocket path is required (the broker’s usually is “/mqtt”)");
  g_clear_error (&error);
  g_assert_false (sb_validate_ws_path ("/a#b", &error));
  g_assert_false (sb_validate_ws_path ("/ä", NULL));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/config/websocket/canonical-round-trip", test_canonical_round_trip);
  g_test_add_func ("/config/websocket/tcp-writes-neither", test_tcp_writes_neither);
  g_test_add_func ("/config/websocket/copy-and-equal", test_copy_and_equal);
  g_test_add_func ("/config/websocket/url-parse", test_url_parse);
  g_test_add_func ("/config/websocket/url-refused", test_url_refused);
  g_test_add_func ("/config/websocket/url-apply-and-back", test_url_apply_and_back);
  g_test_add_func ("/config/websocket/path-rule", test_path_rule);
  return g_test_run ();
}
