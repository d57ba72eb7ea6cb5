/* test-import-bad-input.c: files and connections the import must refuse or report
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "import-test.h"

typedef struct
{
  SbImportFormat format;
  const char *data;
  SbImportError code;
  const char *message;
} BadInput;

static const BadInput bad_inputs[] = {
  { SB_IMPORT_FORMAT_MQTTX, "", SB_IMPORT_ERROR_SYNTAX, "the file is empty" },
  { SB_IMPORT_FORMAT_MQTTX, "name,host\nx,y\n", SB_IMPORT_ERROR_SYNTAX, "1:1: " },
  { SB_IMPORT_FORMAT_MQTTX, "[{\"name\": \"a\",\n", SB_IMPORT_ERROR_SYNTAX, "2:1: " },
  { SB_IMPORT_FORMAT_MQTTX, "{\"connections\": []}", SB_IMPORT_ERROR_SHAPE,
    "not an MQTTX export: the top level is not a list of connections" },
  { SB_IMPORT_FORMAT_MQTTX, "[]", SB_IMPORT_ERROR_SHAPE, "the file holds no connections" },
  { SB_IMPORT_FORMAT_MQTTX, "{\"ConnectionManager_connections\": {}}", SB_IMPORT_ERROR_SHAPE,
    "not an MQTTX export: this is MQTT Explorer’s settings.json (import it with --from "
    "mqtt-explorer)" },
  { SB_IMPORT_FORMAT_MQTT_EXPLORER, "[{\"name\": \"a\"}]", SB_IMPORT_ERROR_SHAPE,
    "not MQTT Explorer’s settings.json: the top level is a list, as in an MQTTX export (import "
    "it with --from mqttx)" },
  { SB_IMPORT_FORMAT_MQTT_EXPLORER, "{\"Settings_theme\": \"dark\"}", SB_IMPORT_ERROR_SHAPE,
    "not MQTT Explorer’s settings.json: it has no “ConnectionManager_connections”" },
  { SB_IMPORT_FORMAT_MQTT_EXPLORER, "{\"ConnectionManager_connections\": []}",
    SB_IMPORT_ERROR_SHAPE, "“ConnectionManager_connections” is not a map of connections" },
  { SB_IMPORT_FORMAT_MQTT_EXPLORER, "{\"ConnectionManager_connections\": {}}",
    SB_IMPORT_ERROR_SHAPE, "the file holds no connections" },
  { SB_IMPORT_FORMAT_MQTT_EXPLORER, "\"settings\"", SB_IMPORT_ERROR_SHAPE,
    "not MQTT Explorer’s settings.json: the top level is not an object" },
};

static void
test_bad_input (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (bad_inputs); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (SbImport) import
          = sb_import_load_from_data (bad_inputs[i].format, bad_inputs[i].data, -1, &error);

      g_test_message ("bad input %u: %s", i, bad_inputs[i].data);
      g_assert_null (import);
      g_assert_error (error, SB_IMPORT_ERROR, (int)bad_inputs[i].code);
      g_assert_true (g_str_has_prefix (error->message, bad_inputs[i].message));
    }
}

static void
test_bad_files (void)
{
  g_autofree char *dir = g_dir_make_tmp ("sb-import-XXXXXX", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing.json", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (SbImport) import = NULL;

  import = sb_import_load_from_file (SB_IMPORT_FORMAT_MQTTX, missing, &error);
  g_assert_null (import);
  g_assert_error (error, SB_IMPORT_ERROR, SB_IMPORT_ERROR_IO);
  g_assert_cmpstr (error->message, ==, "no such file");
  g_clear_error (&error);

  import = sb_import_load_from_file (SB_IMPORT_FORMAT_MQTTX, dir, &error);
  g_assert_null (import);
  g_assert_error (error, SB_IMPORT_ERROR, SB_IMPORT_ERROR_IO);
  g_assert_cmpstr (error->message, ==, "is a directory, not a file to import");

  sb_test_remove_tree (dir);
}

static void
test_bad_bytes (void)
{
  static const char nul[] = "[{\"name\": \"a\0b\", \"host\": \"h\"}]";
  static const char latin1[] = "[{\"name\": \"Halle S\xfc\x64\", \"host\": \"h\"}]";
  g_autoptr (GString) deep = g_string_new (NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (SbImport) import = NULL;

  import = sb_import_load_from_data (SB_IMPORT_FORMAT_MQTTX, nul, sizeof nul - 1, &error);
  g_assert_null (import);
  g_assert_error (error, SB_IMPORT_ERROR, SB_IMPORT_ERROR_SYNTAX);
  g_assert_true (g_str_has_prefix (error->message, "1:"));
  g_clear_error (&error);

  import = sb_import_load_from_data (SB_IMPORT_FORMAT_MQTTX, latin1, -1, &error);
  g_assert_null (import);
  g_assert_error (error, SB_IMPORT_ERROR, SB_IMPORT_ERROR_SYNTAX);
  g_clear_error (&error);

  /* 100,000 levels: refused by the scan before json-glib recurses into them. */
  for (guint i = 0; i < 100000; i++)
    g_string_append_c (deep, '[');
  for (guint i = 0; i < 100000; i++)
    g_string_append_c (deep, ']');
  import = sb_import_load_from_data (SB_IMPORT_FORMAT_MQTTX, deep->str, deep->len, &error);
  g_assert_null (import);
  g_assert_error (error, SB_IMPORT_ERROR, SB_IMPORT_ERROR_SYNTAX);
  g_clear_error (&error);

  /* A byte-order mark (some editors write one) is fine; so are 1883.0 and "1883". */
  import = sb_import_load_from_data (
      SB_IMPORT_FORMAT_MQTTX,
      "\xEF\xBB\xBF[{\"name\": \"a\", \"host\": \"h\", \"port\": 1884.0},"
      " {\"name\": \"b\", \"host\": \"h\", \"port\": 1e999},"
      " {\"name\": \"  \", \"host\": \"named.example\", \"subscriptions\": \"x/#\"}]",
      -1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sb_data_source_get_port (sb_import_get_data_source (import, 0)), ==, 1884);
  g_assert_cmpuint (sb_data_source_get_port (sb_import_get_data_source (import, 1)), ==, 0);
  g_assert_true (has_note (import, 1, "“port” is not a whole number: left out"));
  g_assert_cmpstr (sb_data_source_get_name (sb_import_get_data_source (import, 2)), ==,
                   "named.example");
  g_assert_true (has_note (import, 2, "no name: named “named.example”"));
  g_assert_true (has_note (import, 2, "“subscriptions” is not a list: left out"));
  g_assert_true (has_note (import, 2, "subscribed to “#”"));
}

static void
test_too_large (void)
{
  g_autofree char *dir = g_dir_make_tmp ("sb-import-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "huge.json", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GFileOutputStream) stream = g_file_create (file, G_FILE_CREATE_NONE, NULL, NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (SbImport) import = NULL;

  /* Sparse: one byte past the limit costs no disk. */
  g_assert_nonnull (stream);
  g_assert_true (g_seekable_truncate (G_SEEKABLE (stream), SB_IMPORT_MAX_SIZE + 1, NULL, NULL));
  g_assert_true (g_output_stream_close (G_OUTPUT_STREAM (stream), NULL, NULL));

  import = sb_import_load_from_file (SB_IMPORT_FORMAT_MQTTX, path, &error);
  g_assert_null (import);
  g_assert_error (error, SB_IMPORT_ERROR, SB_IMPORT_ERROR_IO);
  g_assert_cmpstr (error->message, ==, "the file is too large (over 64 MiB)");

  sb_test_remove_tree (dir);
}

/* A connection that is there but unusable is reported, not a reason to refuse the file. */
static void
test_bad_connections (void)
{
  const char *data
      = "[ 42,\n"
        "  {\"name\": \"No host\", \"protocol\": \"mqtt\", \"host\": \"\"},\n"
        "  {\"name\": \"Bad port\", \"host\": \"h.example\", \"port\": 70000},\n"
        "  {\"name\": \"Text port\", \"host\": \"mqtt://h.example\", \"port\": \"1884\",\n"
        "   \"subscriptions\": [{\"topic\": \"a/#/b\", \"qos\": 1}, {\"topic\": \"ok\", \"qos\": "
        "7},\n"
        "                     \"bare/topic\", 5, {\"qos\": 1}]},\n"
        "  {\"name\": \"Persistent\", \"host\": \"h.example\", \"clean\": false, \"clientId\": "
        "\"\"},\n"
        "  {\"name\": \"Odd\", \"host\": \"h.example\", \"protocol\": \"quic\"},\n"
        "  {\"name\": 7, \"host\": \"named-by-host.example\", \"keepalive\": \"often\"}\n"
        "]\n";
  g_autoptr (GError) error = NULL;
  g_autoptr (SbImport) import = sb_import_load_from_data (SB_IMPORT_FORMAT_MQTTX, data, -1, &error);
  SbDataSource *source;

  g_assert_no_error (error);
  g_assert_cmpuint (sb_import_get_n_connections (import), ==, 7);

  g_assert_cmpstr (sb_import_get_connection_name (import, 0), ==, "connection 1");
  g_assert_null (sb_import_get_data_source (import, 0));
  g_assert_true (has_note (import, 0, "not a connection object"));

  g_assert_null (sb_import_get_data_source (import, 1));
  g_assert_true (has_note (import, 1, "not imported: broker: "));

  g_assert_null (sb_import_get_data_source (import, 2));
  g_assert_true (has_note (import, 2, "not imported: port: "));

  source = sb_import_get_data_source (import, 3);
  g_assert_nonnull (source);
  g_assert_cmpstr (sb_data_source_get_broker (source), ==, "h.example");
  g_assert_cmpuint (sb_data_source_get_port (source), ==, 1884);
  g_assert_true (has_note (import, 3, "the scheme was removed"));
  g_assert_true (has_note (import, 3, "subscription “a/#/b” left out"));
  g_assert_true (has_note (import, 3, "QoS 7 is not 0, 1 or 2"));
  g_assert_true (has_note (import, 3, "subscriptions[3] is neither a topic nor"));
  g_assert_true (has_note (import, 3, "subscriptions[4] has no topic"));
  g_assert_cmpuint (sb_data_source_get_n_subscriptions (source), ==, 2);
  assert_subscription (source, 0, "ok", SB_QOS_INHERIT);
  assert_subscription (source, 1, "bare/topic", SB_QOS_INHERIT);

  g_assert_null (sb_import_get_data_source (import, 4));
  g_assert_true (has_note (import, 4, "not imported: client_id: "));

  g_assert_null (sb_import_get_data_source (import, 5));
  g_assert_true (has_note (import, 5, "the protocol “quic” is not known"));

  source = sb_import_get_data_source (import, 6);
  g_assert_nonnull (source);
  g_assert_cmpstr (sb_data_source_get_name (source), ==, "named-by-host.example");
  g_assert_true (has_note (import, 6, "“name” is not a string"));
  g_assert_true (has_note (import, 6, "“keepalive” is not a whole number"));
  g_assert_cmpuint (sb_data_source_get_keep_alive (source), ==, SB_DEFAULT_KEEP_ALIVE);

  g_assert_cmpuint (sb_import_get_n_importable (import), ==, 2);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/import/bad-input", test_bad_input);
  g_test_add_func ("/import/bad-files", test_bad_files);
  g_test_add_func ("/import/bad-bytes", test_bad_bytes);
  g_test_add_func ("/import/too-large", test_too_large);
  g_test_add_func ("/import/bad-connections", test_bad_connections);

  return g_test_run ();
}
