/* test-config.c: SbConfig, the JSON format (version 1) and saving
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <json-glib/json-glib.h>
#include <string.h>

#include "sb-config-file.h"
#include "sb-config.h"
#include "sb-test-broker.h"
#include "sb-validate.h"

#include "test-config-examples.h"

/* Every setting away from its default. */
static const char full_example[]
    = "{\n"
      "  \"format\": \"signalboard\",\n"
      "  \"version\": 1,\n"
      "  \"data_sources\": [\n"
      "    {\n"
      "      \"id\": \"11111111-2222-4333-8444-555555555555\",\n"
      "      \"name\": \"Halle Süd \\\"B\\\"\",\n"
      "      \"type\": \"mqtt\",\n"
      "      \"broker\": \"broker.example.com\",\n"
      "      \"port\": 8884,\n"
      "      \"protocol\": \"5\",\n"
      "      \"client_id\": \"line-7\",\n"
      "      \"keep_alive\": 30,\n"
      "      \"clean_session\": false,\n"
      "      \"qos\": 2,\n"
      "      \"auth\": { \"username\": \"operator\", \"password\": \"s3cr\\\\et\\n\\u0001\" },\n"
      "      \"tls\": { \"enabled\": true, \"ca_file\": \"/etc/ssl/ca.pem\", \"client_cert\": "
      "\"/home/u/c.pem\", \"client_key\": \"/home/u/k.pem\", \"verify\": false },\n"
      "      \"subscriptions\": [\n"
      "        { \"topic\": \"a/#\", \"qos\": 0 },\n"
      "        { \"topic\": \"b/+/c\", \"data_path\": \"$.values[0]\" }\n"
      "      ]\n"
      "    },\n"
      "    {\n"
      "      \"id\": \"x\",\n"
      "      \"name\": \"Second\",\n"
      "      \"type\": \"mqtt\",\n"
      "      \"broker\": \"::1\",\n"
      "      \"protocol\": \"3.1.1\",\n"
      "      \"client_id\": \"\",\n"
      "      \"keep_alive\": 60,\n"
      "      \"clean_session\": true,\n"
      "      \"qos\": 0,\n"
      "      \"auth\": { \"username\": \"u\", \"password_store\": \"keyring\" },\n"
      "      \"tls\": { \"enabled\": true, \"ca_file\": \"\", \"client_cert\": \"\", "
      "\"client_key\": \"\", \"verify\": true },\n"
      "      \"subscriptions\": [\n"
      "        { \"topic\": \"#\" }\n"
      "      ]\n"
      "    }\n"
      "  ]\n"
      "}\n";

static const char minimal_source[]
    = "{\"format\": \"signalboard\", \"version\": 1, \"data_sources\": [{\"name\": \"M\", "
      "\"type\": \"mqtt\", \"broker\": \"localhost\", \"subscriptions\": [{\"topic\": \"t\"}]}]}";

/* The error message of loading @text, checking its code. */
static char *
load_error (const char *text, gssize length, int code)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SbConfig) config = sb_config_load_from_data (text, length, &error);

  g_assert_null (config);
  g_assert_error (error, SB_CONFIG_ERROR, code);
  return g_strdup (error->message);
}

static void
test_defaults (void)
{
  g_autoptr (SbConfig) config = load_ok (minimal_source);
  g_autoptr (SbConfig) twice = load_ok (minimal_source);
  SbDataSource *s = sb_config_get_data_source (config, 0);
  SbSubscription *sub = sb_data_source_get_subscription (s, 0);

  g_assert_cmpuint (sb_config_get_n_data_sources (config), ==, 1);
  g_assert_true (g_uuid_string_is_valid (sb_data_source_get_id (s)));
  /* a fresh id each time the file has none */
  g_assert_cmpstr (sb_data_source_get_id (s), !=,
                   sb_data_source_get_id (sb_config_get_data_source (twice, 0)));
  g_assert_cmpstr (sb_data_source_get_name (s), ==, "M");
  g_assert_cmpstr (sb_data_source_get_broker (s), ==, "localhost");
  g_assert_cmpuint (sb_data_source_get_port (s), ==, 0);
  g_assert_cmpuint (sb_data_source_get_effective_port (s), ==, 1883);
  g_assert_cmpint (sb_data_source_get_protocol (s), ==, SB_PROTOCOL_MQTT_311);
  g_assert_cmpstr (sb_data_source_get_client_id (s), ==, "");
  g_assert_cmpuint (sb_data_source_get_keep_alive (s), ==, 60);
  g_assert_true (sb_data_source_get_clean_session (s));
  g_assert_cmpint (sb_data_source_get_qos (s), ==, 1);
  g_assert_cmpstr (sb_data_source_get_username (s), ==, "");
  g_assert_cmpstr (sb_data_source_get_password (s), ==, "");
  g_assert_cmpint (sb_data_source_get_password_store (s), ==, SB_PASSWORD_STORE_FILE);
  g_assert_false (sb_data_source_get_tls_enabled (s));
  g_assert_cmpstr (sb_data_source_get_tls_ca_file (s), ==, "");
  g_assert_cmpstr (sb_data_source_get_tls_client_cert (s), ==, "");
  g_assert_cmpstr (sb_data_source_get_tls_client_key (s), ==, "");
  g_assert_true (sb_data_source_get_tls_verify (s));
  g_assert_cmpuint (sb_data_source_get_n_subscriptions (s), ==, 1);
  g_assert_cmpstr (sb_subscription_get_topic (sub), ==, "t");
  g_assert_cmpint (sb_subscription_get_qos (sub), ==, SB_QOS_INHERIT);
  g_assert_null (sb_subscription_get_data_path (sub));
  g_assert_cmpint (sb_data_source_get_subscription_qos (s, 0), ==, 1);
}

static void
test_every_field (void)
{
  g_autoptr (SbConfig) config = load_ok (full_example);
  SbDataSource *s = sb_config_get_data_source (config, 0);
  SbDataSource *t = sb_config_get_data_source (config, 1);

  g_assert_cmpstr (sb_data_source_get_id (s), ==, "11111111-2222-4333-8444-555555555555");
  g_assert_cmpstr (sb_data_source_get_name (s), ==, "Halle Süd \"B\"");
  g_assert_cmpstr (sb_data_source_get_broker (s), ==, "broker.example.com");
  g_assert_cmpuint (sb_data_source_get_port (s), ==, 8884);
  g_assert_cmpuint (sb_data_source_get_effective_port (s), ==, 8884);
  g_assert_cmpint (sb_data_source_get_protocol (s), ==, SB_PROTOCOL_MQTT_5);
  g_assert_cmpstr (sb_data_source_get_client_id (s), ==, "line-7");
  g_assert_cmpuint (sb_data_source_get_keep_alive (s), ==, 30);
  g_assert_false (sb_data_source_get_clean_session (s));
  g_assert_cmpint (sb_data_source_get_qos (s), ==, 2);
  g_assert_cmpstr (sb_data_source_get_username (s), ==, "operator");
  g_assert_cmpstr (sb_data_source_get_password (s), ==, "s3cr\\et\n\001");
  g_assert_cmpint (sb_data_source_get_password_store (s), ==, SB_PASSWORD_STORE_FILE);
  g_assert_true (sb_data_source_get_tls_enabled (s));
  g_assert_cmpstr (sb_data_source_get_tls_ca_file (s), ==, "/etc/ssl/ca.pem");
  g_assert_cmpstr (sb_data_source_get_tls_client_cert (s), ==, "/home/u/c.pem");
  g_assert_cmpstr (sb_data_source_get_tls_client_key (s), ==, "/home/u/k.pem");
  g_assert_false (sb_data_source_get_tls_verify (s));
  g_assert_cmpuint (sb_data_source_get_n_subscriptions (s), ==, 2);
  g_assert_cmpint (sb_subscription_get_qos (sb_data_source_get_subscription (s, 0)), ==, 0);
  g_assert_cmpint (sb_data_source_get_subscription_qos (s, 0), ==, 0);
  g_assert_cmpint (sb_data_source_get_subscription_qos (s, 1), ==, 2); /* inherited */
  g_assert_cmpstr (sb_subscription_get_data_path (sb_data_source_get_subscription (s, 1)), ==,
                   "$.values[0]");

  /* TLS without a port: the TLS default */
  g_assert_cmpstr (sb_data_source_get_id (t), ==, "x");
  g_assert_cmpuint (sb_data_source_get_port (t), ==, 0);
  g_assert_cmpuint (sb_data_source_get_effective_port (t), ==, 8883);
  g_assert_cmpint (sb_data_source_get_password_store (t), ==, SB_PASSWORD_STORE_KEYRING);
  g_assert_cmpstr (sb_data_source_get_password (t), ==, "");
  g_assert_cmpint (sb_data_source_get_qos (t), ==, 0);

  g_assert_true (sb_config_find_by_name (config, "Second") == t);
  g_assert_true (sb_config_find_by_id (config, "x") == t);
  g_assert_null (sb_config_find_by_name (config, "second"));
  g_assert_null (sb_config_find_by_id (config, "y"));
}

static void
assert_round_trip (const char *text)
{
  g_autoptr (SbConfig) first = load_ok (text);
  g_autoptr (SbConfig) second = NULL;
  g_autofree char *saved = NULL;
  g_autofree char *saved_again = NULL;
  gsize length;

  saved = sb_config_to_data (first, &length);
  g_assert_cmpuint (length, ==, strlen (saved));
  second = load_ok (saved);
  g_assert_cmpuint (sb_config_get_n_data_sources (first), ==,
                    sb_config_get_n_data_sources (second));
  for (guint i = 0; i < sb_config_get_n_data_sources (first); i++)
    g_assert_true (sb_data_source_equal (sb_config_get_data_source (first, i),
                                         sb_config_get_data_source (second, i)));
  saved_again = sb_config_to_data (second, NULL);
  g_assert_cmpstr (saved, ==, saved_again);
}

static void
test_round_trip (void)
{
  g_autoptr (SbConfig) config = load_ok (issue_example);
  g_autoptr (SbConfig) full = load_ok (full_example);
  g_autofree char *saved = sb_config_to_data (config, NULL);
  g_autofree char *full_saved = sb_config_to_data (full, NULL);
  g_autofree char *example_path = NULL;
  g_autofree char *example = NULL;
  g_autoptr (SbConfig) example_config = NULL;
  g_autofree char *example_saved = NULL;

  /* A canonical file saves byte-identical */
  g_assert_cmpstr (saved, ==, issue_example);
  g_assert_cmpstr (full_saved, ==, full_example);

  assert_round_trip (issue_example);
  assert_round_trip (full_example);
  assert_round_trip (minimal_source);
  assert_round_trip ("{\"format\": \"signalboard\", \"version\": 1, \"data_sources\": []}");

  /* The shipped example is canonical too */
  example_path = g_test_build_filename (G_TEST_DIST, "data", "examples", "shopfloor.json", NULL);
  g_assert_true (g_file_get_contents (example_path, &example, NULL, NULL));
  example_config = load_ok (example);
  example_saved = sb_config_to_data (example_config, NULL);
  g_assert_cmpstr (example_saved, ==, example);
}

static void
test_canonical_layout (void)
{
  g_autoptr (SbConfig) config = load_ok (
      "\xEF\xBB\xBF{\"data_sources\":[{\"subscriptions\":[{\"data_path\":\"\",\"topic\":\"a\"}],"
      "\"broker\":\"h\",\"type\":\"mqtt\",\"name\":\"n\",\"id\":\"i\"}],\"version\":1,"
      "\"format\":\"signalboard\"}");
  g_autoptr (SbConfig) empty = sb_config_new ();
  g_autofree char *saved = sb_config_to_data (config, NULL);
  g_autofree char *empty_saved = sb_config_to_data (empty, NULL);

  /* Key order fixed, defaults written, empty data path and default port left out, no BOM */
  g_assert_cmpstr (saved, ==,
                   "{\n"
                   "  \"format\": \"signalboard\",\n"
                   "  \"version\": 1,\n"
                   "  \"data_sources\": [\n"
                   "    {\n"
                   "      \"id\": \"i\",\n"
                   "      \"name\": \"n\",\n"
                   "      \"type\": \"mqtt\",\n"
                   "      \"broker\": \"h\",\n"
                   "      \"protocol\": \"3.1.1\",\n"
                   "      \"client_id\": \"\",\n"
                   "      \"keep_alive\": 60,\n"
                   "      \"clean_session\": true,\n"
                   "      \"qos\": 1,\n"
                   "      \"auth\": { \"username\": \"\", \"password\": \"\" },\n"
                   "      \"tls\": { \"enabled\": false, \"ca_file\": \"\", \"client_cert\": "
                   "\"\", \"client_key\": \"\", \"verify\": true },\n"
                   "      \"subscriptions\": [\n"
                   "        { \"topic\": \"a\" }\n"
                   "      ]\n"
                   "    }\n"
                   "  ]\n"
                   "}\n");
  g_assert_cmpstr (empty_saved, ==,
                   "{\n  \"format\": \"signalboard\",\n  \"version\": 1,\n  \"data_sources\": "
                   "[]\n}\n");
}

/* Every key of the format, in every object, set to null and to a value of
 * the wrong type: each gives exactly one problem that names the key. */
typedef struct
{
  const char *object; /* NULL: top level; "source", "auth", "tls", "subscription" */
  const char *key;
  const char *expected;
  const char *wrong_json; /* a value of another type */
  const char *found;
} KeyCase;

static const KeyCase key_cases[] = {
  { NULL, "format", "a string", "1", "a number" },
  { NULL, "version", "a whole number", "\"1\"", "a string" },
  { NULL, "data_sources", "an array", "{}", "an object" },
  { "source", "id", "a string", "[]", "an array" },
  { "source", "name", "a string", "true", "true" },
  { "source", "type", "a string", "1", "a number" },
  { "source", "broker", "a string", "{}", "an object" },
  { "source", "port", "a whole number", "\"1883\"", "a string" },
  { "source", "protocol", "a string", "5", "a number" },
  { "source", "client_id", "a string", "false", "false" },
  { "source", "keep_alive", "a whole number", "true", "true" },
  { "source", "clean_session", "true or false", "\"true\"", "a string" },
  { "source", "qos", "a whole number", "[1]", "an array" },
  { "source", "auth", "an object", "\"u:p\"", "a string" },
  { "source", "tls", "an object", "true", "true" },
  { "source", "subscriptions", "an array", "\"a/b\"", "a string" },
  { "auth", "username", "a string", "1", "a number" },
  { "auth", "password", "a string", "1", "a number" },
  { "auth", "password_store", "a string", "1", "a number" },
  { "tls", "enabled", "true or false", "1", "a number" },
  { "tls", "ca_file", "a string", "1", "a number" },
  { "tls", "client_cert", "a string", "1", "a number" },
  { "tls", "client_key", "a string", "1", "a number" },
  { "tls", "verify", "true or false", "\"yes\"", "a string" },
  { "subscription", "topic", "a string", "[\"a\"]", "an array" },
  { "subscription", "qos", "a whole number", "\"2\"", "a string" },
  { "subscription", "data_path", "a string", "{}", "an object" },
};

static char *
example_with (const KeyCase *c, JsonNode *value)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (JsonGenerator) generator = json_generator_new ();
  JsonObject *root, *source, *target;

  g_assert_true (json_parser_load_from_data (parser, issue_example, -1, NULL));
  root = json_node_get_object (json_parser_get_root (parser));
  source = json_array_get_object_element (json_object_get_array_member (root, "data_sources"), 0);
  if (c->object == NULL)
    target = root;
  else if (strcmp (c->object, "source") == 0)
    target = source;
  else if (strcmp (c->object, "subscription") == 0)
    target
        = json_array_get_object_element (json_object_get_array_member (source, "subscriptions"), 1);
  else
    target = json_object_get_object_member (source, c->object);
  json_object_set_member (target, c->key, value);
  json_generator_set_root (generator, json_parser_get_root (parser));
  return json_generator_to_data (generator, NULL);
}

static char *
path_of (const KeyCase *c)
{
  if (c->object == NULL)
    return g_strdup (c->key);
  if (strcmp (c->object, "source") == 0)
    return g_strdup_printf ("data_sources[0].%s", c->key);
  if (strcmp (c->object, "subscription") == 0)
    return g_strdup_printf ("data_sources[0].subscriptions[1].%s", c->key);
  return g_strdup_printf ("data_sources[0].%s.%s", c->object, c->key);
}

static void
test_null_and_wrong_type (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (key_cases); i++)
    {
      const KeyCase *c = &key_cases[i];
      g_autofree char *path = path_of (c);
      g_autofree char *with_null = example_with (c, json_node_new (JSON_NODE_NULL));
      g_autoptr (JsonParser) wrong_parser = json_parser_new ();
      g_autofree char *with_wrong = NULL;
      g_autofree char *message = NULL;
      g_autofree char *expected = NULL;

      g_test_message ("key %s", path);
      message = load_error (with_null, -1, SB_CONFIG_ERROR_INVALID);
      expected = g_strdup_printf ("%s: null is not allowed here; expected %s", path, c->expected);
      g_assert_cmpstr (message, ==, expected);
      g_clear_pointer (&message, g_free);
      g_clear_pointer (&expected, g_free);

      g_assert_true (json_parser_load_from_data (wrong_parser, c->wrong_json, -1, NULL));
      with_wrong = example_with (c, json_node_copy (json_parser_get_root (wrong_parser)));
      message = load_error (with_wrong, -1, SB_CONFIG_ERROR_INVALID);
      expected = g_strdup_printf ("%s: expected %s, found %s", path, c->expected, c->found);
      g_assert_cmpstr (message, ==, expected);
    }
}

static void
test_required (void)
{
  static const struct
  {
    const char *text;
    const char *message;
  } cases[] = {
    { "{}", "version: a required key is missing\n"
            "format: a required key is missing\n"
            "data_sources: a required key is missing" },
    { "{\"format\": \"signalboard\", \"version\": 1, \"data_sources\": [{}]}",
      "data_sources[0].name: a required key is missing\n"
      "data_sources[0].type: a required key is missing\n"
      "data_sources[0].broker: a required key is missing\n"
      "data_sources[0].subscriptions: a required key is missing" },
    { "{\"format\": \"signalboard\", \"version\": 1, \"data_sources\": [{\"name\": \"a\", "
      "\"type\": \"mqtt\", \"broker\": \"b\", \"subscriptions\": [{\"qos\": 1}, 7]}]}",
      "data_sources[0].subscriptions[0].topic: a required key is missing\n"
      "data_sources[0].subscriptions[1]: expected an object (a subscription, like {\"topic\": "
      "\"a/b\"}), found a number" },
    { "[1, 2]", "the file holds an array, not a Signalboard configuration (a JSON object with "
                "“format”, “version” and “data_sources”)" },
    { "\"signalboard\"", "the file holds a string, not a Signalboard configuration (a JSON object "
                         "with “format”, “version” and “data_sources”)" },
    { "{\"format\": \"other\", \"version\": 1, \"data_sources\": 5, \"x\": 1}",
      "format: “other” is not a Signalboard configuration (expected “signalboard”)" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *message = load_error (cases[i].text, -1, SB_CONFIG_ERROR_INVALID);
      g_assert_cmpstr (message, ==, cases[i].message);
    }
}

static void
test_unknown_keys (void)
{
  g_autofree char *text = g_strdup (
      "{\"format\": \"signalboard\", \"version\": 1, \"Data_Sources\": [], \"comment\": \"x\"}");
  g_autofree char *message = load_error (text, -1, SB_CONFIG_ERROR_INVALID);
  g_autofree char *message2 = NULL;

  /* the misspelt key stands in for the missing one: no second line about it */
  g_assert_cmpstr (message, ==,
                   "Data_Sources: unknown key; did you mean “data_sources”?\n"
                   "comment: unknown key");

  message2 = load_error (
      "{\"format\": \"signalboard\", \"version\": 1, \"data_sources\": [{\"name\": \"a\", "
      "\"type\": \"mqtt\", \"brokr\": \"b\", \"keepalive\": 5, \"clientId\": \"c\", "
      "\"subscriptions\": [{\"topc\": \"a\", \"data-path\": \"$\"}], \"auth\": {\"pasword\": "
      "\"p\", \"user\": \"u\"}, \"tls\": {\"cafile\": \"\", \"enable\": true}}]}",
      -1, SB_CONFIG_ERROR_INVALID);
  g_assert_cmpstr (message2, ==,
                   "data_sources[0].brokr: unknown key; did you mean “broker”?\n"
                   "data_sources[0].keepalive: unknown key; did you mean “keep_alive”?\n"
                   "data_sources[0].clientId: unknown key; did you mean “client_id”?\n"
                   "data_sources[0].auth.pasword: unknown key; did you mean “password”?\n"
                   "data_sources[0].auth.user: unknown key\n"
                   "data_sources[0].tls.cafile: unknown key; did you mean “ca_file”?\n"
                   "data_sources[0].tls.enable: unknown key; did you mean “enabled”?\n"
                   "data_sources[0].subscriptions[0].topc: unknown key; did you mean “topic”?\n"
                   "data_sources[0].subscriptions[0][\"data-path\"]: unknown key; did you mean "
                   "“data_path”?");
}

static void
test_integers (void)
{
  static const struct
  {
    const char *key;
    const char *lexeme;
    const char *message;
  } cases[] = {
    { "port", "1e999", "data_sources[0].port: 1e999 is not a whole number" },
    { "port", "-0", "data_sources[0].port: -0 is not a plain whole number (write 0)" },
    { "port", "1883.0", "data_sources[0].port: 1883.0 is not a whole number" },
    { "port", "1.5", "data_sources[0].port: 1.5 is not a whole number" },
    { "port", "1e3", "data_sources[0].port: 1e3 is not a whole number" },
    { "port", "0", "data_sources[0].port: 0 is not a port (1-65535)" },
    { "port", "70000", "data_sources[0].port: 70000 is not a port (1-65535)" },
    { "port", "-1", "data_sources[0].port: -1 is not a port (1-65535)" },
    { "port", "99999999999999999999",
      "data_sources[0].port: 99999999999999999999 is far out of range" },
    { "keep_alive", "4",
      "data_sources[0].keep_alive: 4 is not a keep-alive interval (5-65535 "
      "seconds)" },
    { "keep_alive", "65536",
      "data_sources[0].keep_alive: 65536 is not a keep-alive interval "
      "(5-65535 seconds)" },
    { "keep_alive", "60.5", "data_sources[0].keep_alive: 60.5 is not a whole number" },
    { "qos", "3", "data_sources[0].qos: 3 is not a QoS level (0, 1 or 2)" },
    { "qos", "-1", "data_sources[0].qos: -1 is not a QoS level (0, 1 or 2)" },
    { "qos", "1E0", "data_sources[0].qos: 1E0 is not a whole number" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = g_strdup_printf (
          "{\"format\": \"signalboard\", \"version\": 1, \"data_sources\": [{\"name\": \"M\", "
          "\"type\": \"mqtt\", \"broker\": \"localhost\", \"%s\": %s, \"subscriptions\": "
          "[{\"topic\": \"t\"}]}]}",
          cases[i].key, cases[i].lexeme);
      g_autofree char *message = load_error (text, -1, SB_CONFIG_ERROR_INVALID);
      g_assert_cmpstr (message, ==, cases[i].message);
    }
}

/* Values from the file are quoted with control characters visible: one
 * problem stays one line, whatever the file holds. */
static void
test_values_quoted (void)
{
  g_autofree char *message = load_error (
      "{\"format\": \"signalboard\", \"version\": 1, \"data_sources\": [{\"name\": \"A\", "
      "\"type\": \"mq\\ntt\", \"broker\": \"h\", \"protocol\": \"3\\u007f1\", "
      "\"subscriptions\": [{\"topic\": \"t\"}], \"x\\ty\": 1}]}",
      -1, SB_CONFIG_ERROR_INVALID);
  g_autofree char *other = load_error (
      "{\"format\": \"a\\nb\", \"version\": 1, \"data_sources\": []}", -1, SB_CONFIG_ERROR_INVALID);

  g_assert_cmpstr (message, ==,
                   "data_sources[0][\"x\\u0009y\"]: unknown key\n"
                   "data_sources[0].type: “mq\\x0Att” is not a data source type (the only type "
                   "is “mqtt”)\n"
                   "data_sources[0].protocol: “3\\x7F1” is not an MQTT version (“3.1.1” or “5”)");
  g_assert_cmpstr (other, ==,
                   "format: “a\\x0Ab” is not a Signalboard configuration (expected "
                   "“signalboard”)");
}

static void
test_version (void)
{
  g_autofree char *newer = load_error (
      "{\"format\": \"signalboard\", \"version\": 2, \"data_sources\": [{\"shape\": \"new\"}], "
      "\"extra\": true}",
      -1, SB_CONFIG_ERROR_UNSUPPORTED_VERSION);
  g_autofree char *zero = NULL;
  g_autofree char *fraction = NULL;

  /* Nothing else is read: a newer file's other keys are not this version's mistakes */
  g_assert_cmpstr (newer, ==,
                   "version: written by a newer Signalboard (format version 2); this one reads "
                   "version 1");
  zero = load_error ("{\"format\": \"signalboard\", \"version\": 0, \"data_sources\": []}", -1,
                     SB_CONFIG_ERROR_INVALID);
  g_assert_cmpstr (zero, ==,
                   "version: 0 is not a format version (this Signalboard reads version 1)");
  fraction = load_error ("{\"format\": \"signalboard\", \"version\": 1.1, \"data_sources\": []}",
                         -1, SB_CONFIG_ERROR_INVALID);
  g_assert_cmpstr (fraction, ==, "version: 1.1 is not a whole number");
}

static void
test_all_problems (void)
{
  const char *text
      = "{\n"
        "  \"format\": \"signalboard\",\n"
        "  \"version\": 1,\n"
        "  \"data_sources\": [\n"
        "    { \"name\": \"A\", \"type\": \"mqtt\", \"broker\": \"mqtt://h\", \"port\": 70000,\n"
        "      \"clean_session\": false, \"protocol\": \"4\",\n"
        "      \"subscriptions\": [ { \"topic\": \"a/#/b\" }, { \"topic\": \"ok\", \"qos\": 3,"
        " \"data_path\": \"x\" } ] },\n"
        "    { \"name\": \"A\", \"type\": \"opcua\", \"broker\": \"h h\", \"keep_alive\": 1,"
        " \"subscriptions\": [] },\n"
        "    { \"id\": \"same\", \"name\": \"\", \"type\": \"mqtt\", \"broker\": \"h\","
        " \"subscriptions\": [{\"topic\": \"\"}] },\n"
        "    { \"id\": \"same\", \"name\": \"B\", \"type\": \"mqtt\", \"broker\": \"h\","
        " \"subscriptions\": [{\"topic\": \"+\"}] }\n"
        "  ]\n"
        "}\n";
  g_autofree char *message = load_error (text, -1, SB_CONFIG_ERROR_INVALID);

  g_assert_cmpstr (
      message, ==,
      "data_sources[0].port: 70000 is not a port (1-65535)\n"
      "data_sources[0].protocol: “4” is not an MQTT version (“3.1.1” or “5”)\n"
      "data_sources[0].subscriptions[1].qos: 3 is not a QoS level (0, 1 or 2)\n"
      "data_sources[0].broker: “mqtt://h” has a scheme: remove the scheme “mqtt://” and give "
      "only the host\n"
      "data_sources[0].client_id: a persistent session (clean_session false) needs a client id: "
      "the broker keeps the session under it\n"
      "data_sources[0].subscriptions[0].topic: in “a/#/b”, “#” must be the last level\n"
      "data_sources[0].subscriptions[1].data_path: the data path “x” must start with “$” (like "
      "“$.status”)\n"
      "data_sources[1].type: “opcua” is not a data source type (the only type is “mqtt”)\n"
      "data_sources[1].keep_alive: 1 is not a keep-alive interval (5-65535 seconds)\n"
      "data_sources[1].broker: “h h” contains a space; a host name has none\n"
      "data_sources[1].subscriptions: at least one subscription is required\n"
      "data_sources[2].name: a name is required\n"
      "data_sources[2].subscriptions[0].topic: the topic filter is empty\n"
      "data_sources[1].name: the name “A” is already used by data_sources[0]\n"
      "data_sources[3].id: the id “same” is already used by data_sources[2]");
}

static void
test_keyring (void)
{
  g_autoptr (SbConfig) config = load_ok (minimal_source);
  SbDataSource *s = sb_config_get_data_source (config, 0);
  g_autofree char *saved = NULL;
  g_autofree char *both = NULL;
  g_autofree char *bad_store = NULL;

  sb_data_source_set_username (s, "u");
  sb_data_source_set_password_store (s, SB_PASSWORD_STORE_KEYRING);
  saved = sb_config_to_data (config, NULL);
  g_assert_nonnull (strstr (saved, "\"auth\": { \"username\": \"u\", \"password_store\": "
                                   "\"keyring\" }"));
  g_assert_null (strstr (saved, "\"password\""));
  assert_round_trip (saved);

  both = load_error (
      "{\"format\": \"signalboard\", \"version\": 1, \"data_sources\": [{\"name\": \"M\", "
      "\"type\": \"mqtt\", \"broker\": \"h\", \"auth\": {\"password_store\": \"keyring\", "
      "\"password\": \"p\"}, \"subscriptions\": [{\"topic\": \"t\"}]}]}",
      -1, SB_CONFIG_ERROR_INVALID);
  g_assert_cmpstr (both, ==,
                   "data_sources[0].auth.password: the password is in the keyring "
                   "(password_store “keyring”); remove it from the file");
  bad_store = load_error (
      "{\"format\": \"signalboard\", \"version\": 1, \"data_sources\": [{\"name\": \"M\", "
      "\"type\": \"mqtt\", \"broker\": \"h\", \"auth\": {\"password_store\": \"vault\"}, "
      "\"subscriptions\": [{\"topic\": \"t\"}]}]}",
      -1, SB_CONFIG_ERROR_INVALID);
  g_assert_cmpstr (bad_store, ==,
                   "data_sources[0].auth.password_store: “vault” is not a password store "
                   "(“file” or “keyring”)");
}

static void
test_text_errors (void)
{
  g_autofree char *large = NULL;
  g_autofree char *message = NULL;
  g_autoptr (SbConfig) bom = NULL;

  message = load_error ("", 0, SB_CONFIG_ERROR_SYNTAX);
  g_assert_cmpstr (message, ==, "the file is empty");
  g_clear_pointer (&message, g_free);

  message = load_error ("{\"format\": \"signalboard\",\n \"version\": 1,\n \"data_sources\": [", -1,
                        SB_CONFIG_ERROR_SYNTAX);
  g_assert_cmpstr (message, ==, "3:19: the file ends where a value should be: is it truncated?");
  g_clear_pointer (&message, g_free);

  message = load_error ("{\"format\": \"signalboard\", \"version\": 1, \"version\": 1, "
                        "\"data_sources\": []}",
                        -1, SB_CONFIG_ERROR_INVALID);
  g_assert_cmpstr (message, ==, "version: duplicate key (twice on line 1; a key may appear once)");
  g_clear_pointer (&message, g_free);

  /* Over the limit: refused before any scanning */
  large = g_malloc (SB_CONFIG_MAX_SIZE + 1);
  memset (large, ' ', SB_CONFIG_MAX_SIZE + 1);
  message = load_error (large, SB_CONFIG_MAX_SIZE + 1, SB_CONFIG_ERROR_TOO_LARGE);
  g_assert_cmpstr (message, ==,
                   "the file is 16.0\u00a0MiB (16777217 bytes); a configuration is at most 16 MiB");
  g_clear_pointer (&message, g_free);

  /* A byte-order mark is accepted (and not written back) */
  bom = load_ok ("\xEF\xBB\xBF{\"format\": \"signalboard\", \"version\": 1, \"data_sources\": []}");
  g_assert_cmpuint (sb_config_get_n_data_sources (bom), ==, 0);
}

/* A file with a mistake repeated thousands of times gets a readable report. */
static void
test_problem_limit (void)
{
  g_autoptr (GString) unknown = g_string_new ("{\"format\": \"signalboard\", \"version\": 1, "
                                              "\"data_sources\": [], \"x\": {}");
  g_autoptr (GString) duplicates = g_string_new ("{\"a\": {");
  g_autofree char *message = NULL;
  g_auto (GStrv) lines = NULL;

  for (int i = 0; i < 150; i++)
    g_string_append_printf (unknown, ", \"k%d\": 1", i);
  g_string_append (unknown, "}");
  message = load_error (unknown->str, -1, SB_CONFIG_ERROR_INVALID);
  lines = g_strsplit (message, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 101);
  g_assert_cmpstr (lines[0], ==, "x: unknown key");
  g_assert_cmpstr (lines[1], ==, "k0: unknown key");
  g_assert_cmpstr (lines[99], ==, "k98: unknown key");
  g_assert_cmpstr (lines[100], ==, "… and 51 more problems");
  g_clear_pointer (&lines, g_strfreev);
  g_clear_pointer (&message, g_free);

  for (int i = 0; i < 100000; i++)
    g_string_append_printf (duplicates, "%s\"b\": 1", i > 0 ? ", " : "");
  g_string_append (duplicates, "}}");
  message = load_error (duplicates->str, -1, SB_CONFIG_ERROR_INVALID);
  lines = g_strsplit (message, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 101);
  g_assert_cmpstr (lines[0], ==, "a.b: duplicate key (twice on line 1; a key may appear once)");
  g_assert_cmpstr (lines[100], ==, "… and 99899 more problems");
}

/* One formatter for every place that names a file with its errors: a
 * position sticks to the file name, a path gets a space. */
static void
test_file_error_format (void)
{
  g_autoptr (GError) syntax = NULL;
  g_autoptr (GError) invalid = NULL;
  g_autoptr (SbConfig) config = NULL;
  g_autofree char *text = NULL;

  config = sb_config_load_from_data ("{\n  \"format\": ,", -1, &syntax);
  g_assert_null (config);
  text = sb_config_file_format_error ("/etc/sb.json", syntax);
  g_assert_true (g_str_has_prefix (text, "/etc/sb.json:2:"));
  g_clear_pointer (&text, g_free);

  invalid = g_error_new_literal (SB_CONFIG_ERROR, SB_CONFIG_ERROR_INVALID,
                                 "data_sources[0].port: 70000 is not a port\n\n"
                                 "2024: a path that starts with digits\n");
  text = sb_config_file_format_error ("a.json", invalid);
  g_assert_cmpstr (text, ==,
                   "a.json: data_sources[0].port: 70000 is not a port\n"
                   "a.json: 2024: a path that starts with digits");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/config/defaults", test_defaults);
  g_test_add_func ("/config/every-field", test_every_field);
  g_test_add_func ("/config/round-trip", test_round_trip);
  g_test_add_func ("/config/canonical-layout", test_canonical_layout);
  g_test_add_func ("/config/null-and-wrong-type", test_null_and_wrong_type);
  g_test_add_func ("/config/required", test_required);
  g_test_add_func ("/config/unknown-keys", test_unknown_keys);
  g_test_add_func ("/config/integers", test_integers);
  g_test_add_func ("/config/version", test_version);
  g_test_add_func ("/config/values-quoted", test_values_quoted);
  g_test_add_func ("/config/all-problems", test_all_problems);
  g_test_add_func ("/config/keyring", test_keyring);
  g_test_add_func ("/config/text-errors", test_text_errors);
  g_test_add_func ("/config/problem-limit", test_problem_limit);
  g_test_add_func ("/config/file-error-format", test_file_error_format);

  return g_test_run ();
}
