/* test-import-bad-input.c: files and connections the import must refuse or report
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <sys/resource.h>

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

#define N_SAME 20000

static char *
same_name_file (void)
{
  GString *data = g_string_new ("[");

  for (guint i = 0; i < N_SAME; i++)
    g_string_append_printf (data,
                            "%s{\"id\":\"c%u\",\"name\":\"Same\",\"host\":\"h.example\","
                            "\"port\":1883,\"subscriptions\":[{\"topic\":\"a/#\"}]}",
                            i > 0 ? "," : "", i);
  g_string_append (data, "]");
  return g_string_free (data, FALSE);
}

/* Issue 16, item 10: thousands of connections of one name are renamed in
 * linear time. The work runs in a child whose CPU time is capped
 * (RLIMIT_CPU, so a loaded machine does not count): 20,000 connections took
 * about 60 s of CPU when the renaming was quadratic, and take about 1 s now;
 * the cap of 20 s kills the quadratic one with SIGXCPU. The same for the
 * second import of the file into the configuration (every name conflicts). */
static void
test_same_names_linear (void)
{
  if (g_test_subprocess ())
    {
#ifdef __SANITIZE_ADDRESS__
      /* ASan and UBSan make it some ten times slower; the quadratic code took
       * minutes even without them. */
      struct rlimit cpu = { 120, 121 };
#else
      struct rlimit cpu = { 20, 21 };
#endif
      g_autofree char *data = same_name_file ();
      g_autoptr (GError) error = NULL;
      g_autoptr (SbImport) first = NULL;
      g_autoptr (SbImport) second = NULL;
      g_autoptr (SbConfig) config = sb_config_new ();
      g_autofree char *dir = g_dir_make_tmp ("sb-import-XXXXXX", NULL);

      g_assert_cmpint (setrlimit (RLIMIT_CPU, &cpu), ==, 0);
      first = sb_import_load_from_data (SB_IMPORT_FORMAT_MQTTX, data, -1, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (sb_import_get_n_connections (first), ==, N_SAME);
      g_assert_cmpstr (sb_data_source_get_name (sb_import_get_data_source (first, 0)), ==, "Same");
      g_assert_cmpstr (sb_data_source_get_name (sb_import_get_data_source (first, 1)), ==,
                       "Same (2)");
      g_assert_cmpstr (sb_data_source_get_name (sb_import_get_data_source (first, N_SAME - 1)), ==,
                       "Same (20000)");
      g_assert_true (sb_import_apply (first, config, dir, SB_IMPORT_PASSWORDS_LEAVE_OUT, &error));
      g_assert_no_error (error);

      second = sb_import_load_from_data (SB_IMPORT_FORMAT_MQTTX, data, -1, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (sb_import_rename_conflicts (second, config), ==, N_SAME);
      g_assert_cmpstr (sb_data_source_get_name (sb_import_get_data_source (second, 0)), ==,
                       "Same (20001)");
      g_assert_true (sb_import_apply (second, config, dir, SB_IMPORT_PASSWORDS_LEAVE_OUT, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (sb_config_get_n_data_sources (config), ==, 2 * N_SAME);
      g_rmdir (dir);
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
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
  g_test_add_func ("/import/same-names-linear", test_same_names_linear);

  return g_test_run ();
}
