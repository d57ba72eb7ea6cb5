/* test-sparkplug-tahu.c: payloads encoded by Eclipse Tahu's JavaScript library
 * (npm sparkplug-payload, run by tahu-payloads.js at test time) decode to the
 * JSON the issue specifies, for every datatype, DataSets and Templates included
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <json-glib/json-glib.h>

#include "sb-sparkplug-decode.h"

static GHashTable *payloads; /* case name -> GBytes */

static GBytes *
payload (const char *name)
{
  GBytes *bytes = g_hash_table_lookup (payloads, name);

  g_assert_nonnull (bytes);
  return bytes;
}

static void
assert_decodes (SbSparkplugState *state, const char *topic, const char *name, const char *expected)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *json = sb_sparkplug_decode (state, topic, payload (name), NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (json, ==, expected);
  /* Valid JSON, as data paths and jsonl lines read it. */
  {
    g_autoptr (JsonParser) parser = json_parser_new ();
    g_assert_true (json_parser_load_from_data (parser, json, -1, NULL));
  }
}

static void
test_scalars_and_session (void)
{
  g_autoptr (SbSparkplugState) state = sb_sparkplug_state_new ();
  guint n = 0;
  g_autofree char *json = NULL;

  assert_decodes (
      state, "spBv1.0/Plant1/NBIRTH/Press4", "nbirth-scalars",
      "{\"timestamp\":1765100001000,\"seq\":0,\"metrics\":["
      "{\"name\":\"bdSeq\",\"datatype\":\"UInt64\",\"value\":3},"
      "{\"name\":\"Int8\",\"alias\":1,\"datatype\":\"Int8\",\"value\":-5},"
      "{\"name\":\"Int16\",\"alias\":2,\"datatype\":\"Int16\",\"value\":-300},"
      "{\"name\":\"Int32\",\"alias\":3,\"datatype\":\"Int32\",\"value\":-70000},"
      "{\"name\":\"Int64\",\"alias\":4,\"datatype\":\"Int64\",\"value\":-5000000000},"
      "{\"name\":\"UInt8\",\"alias\":5,\"datatype\":\"UInt8\",\"value\":200},"
      "{\"name\":\"UInt16\",\"alias\":6,\"datatype\":\"UInt16\",\"value\":60000},"
      "{\"name\":\"UInt32\",\"alias\":7,\"datatype\":\"UInt32\",\"value\":4000000000},"
      "{\"name\":\"UInt64\",\"alias\":8,\"datatype\":\"UInt64\",\"value\":\"18446744073709551615\"}"
      ","
      "{\"name\":\"Temperature\",\"alias\":9,\"timestamp\":1765100001000,\"datatype\":\"Float\","
      "\"value\":22.25},"
      "{\"name\":\"Pi\",\"alias\":10,\"datatype\":\"Double\",\"value\":3.141592653589793},"
      "{\"name\":\"Running\",\"alias\":11,\"datatype\":\"Boolean\",\"value\":true},"
      "{\"name\":\"State\",\"alias\":12,\"datatype\":\"String\",\"value\":\"läuft \\\"gut\\\"\"},"
      "{\"name\":\"Since\",\"alias\":13,\"datatype\":\"DateTime\",\"value\":1765100000000},"
      "{\"name\":\"Notes\",\"alias\":14,\"datatype\":\"Text\",\"value\":\"line 1\\nline 2\"},"
      "{\"name\":\"Id\",\"alias\":15,\"datatype\":\"UUID\","
      "\"value\":\"0b0e7c1e-5a3f-4a53-9d3c-1f2a3b4c5d6e\"},"
      "{\"name\":\"Raw\",\"alias\":16,\"datatype\":\"Bytes\",\"value\":\"AAEC/v8=\"},"
      "{\"name\":\"Recipe\",\"alias\":17,\"datatype\":\"File\",\"value\":\"RzEgWDA=\","
      "\"metadata\":{\"is_multi_part\":false,\"content_type\":\"text/plain\",\"size\":5,\"seq\":0,"
      "\"file_name\":\"recipe.gcode\",\"file_type\":\"gcode\",\"md5\":\"abc\","
      "\"description\":\"a recipe\"}},"
      "{\"name\":\"Missing\",\"alias\":18,\"datatype\":\"Int32\",\"value\":null},"
      "{\"name\":\"Speed\",\"alias\":19,\"datatype\":\"Double\",\"is_historical\":true,\"value\":1."
      "5,"
      "\"properties\":{\"engUnit\":{\"type\":\"String\",\"value\":\"m/s\"},"
      "\"max\":{\"type\":\"Int32\",\"value\":10},"
      "\"readOnly\":{\"type\":\"Boolean\",\"value\":false},"
      "\"nothing\":{\"type\":\"Float\",\"value\":null},"
      "\"limits\":{\"type\":\"PropertySet\",\"value\":{\"low\":{\"type\":\"Double\",\"value\":0.5}}"
      "},"
      "\"ranges\":{\"type\":\"PropertySetList\",\"value\":[{\"a\":{\"type\":\"Int64\",\"value\":1}}"
      "]}}}"
      "]}");
  g_assert_cmpint (sb_sparkplug_state_get_life (state, "Plant1", "Press4", NULL), ==,
                   SB_SPARKPLUG_LIFE_ONLINE);

  /* Aliases and datatypes come from the birth. */
  assert_decodes (state, "spBv1.0/Plant1/NDATA/Press4", "ndata-alias",
                  "{\"timestamp\":1765100002000,\"seq\":1,\"metrics\":["
                  "{\"name\":\"Temperature\",\"alias\":9,\"timestamp\":1765100002000,"
                  "\"datatype\":\"Float\",\"value\":23.5},"
                  "{\"name\":\"Int32\",\"alias\":3,\"datatype\":\"Int32\",\"value\":-1}]}");
  assert_decodes (state, "spBv1.0/Plant1/NDATA/Press4", "ndata-gap",
                  "{\"timestamp\":1765100003000,\"seq\":3,\"metrics\":["
                  "{\"name\":\"Running\",\"alias\":11,\"datatype\":\"Boolean\",\"value\":false}],"
                  "\"notes\":[\"seq gap: 1 to 3\"]}");
  json = sb_sparkplug_decode (state, "spBv1.0/Plant1/NDEATH/Press4", payload ("ndeath"), &n, NULL);
  g_assert_cmpstr (
      json, ==,
      "{\"timestamp\":1765100004000,\"metrics\":["
      "{\"name\":\"bdSeq\",\"datatype\":\"UInt64\",\"value\":3}],\"notes\":[\"death\"]}");
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpint (sb_sparkplug_state_get_life (state, "Plant1", "Press4", NULL), ==,
                   SB_SPARKPLUG_LIFE_OFFLINE);
}

static void
test_data_before_birth (void)
{
  g_autoptr (SbSparkplugState) state = sb_sparkplug_state_new ();

  /* Aliases kept, no names guessed, and said why. */
  assert_decodes (state, "spBv1.0/Plant1/NDATA/Press4", "ndata-alias",
                  "{\"timestamp\":1765100002000,\"seq\":1,\"metrics\":["
                  "{\"alias\":9,\"timestamp\":1765100002000,\"value\":23.5},"
                  "{\"alias\":3,\"value\":4294967295}],"
                  "\"notes\":[\"no birth seen for Plant1/Press4: names unknown\"]}");
  g_assert_cmpint (sb_sparkplug_state_get_life (state, "Plant1", "Press4", NULL), ==,
                   SB_SPARKPLUG_LIFE_UNKNOWN);
}

static void
test_data_set (void)
{
  assert_decodes (NULL, "spBv1.0/Plant1/DBIRTH/Press4/Station1", "dataset",
                  "{\"timestamp\":1765100001000,\"seq\":2,\"metrics\":["
                  "{\"name\":\"Orders\",\"alias\":30,\"datatype\":\"DataSet\",\"value\":"
                  "{\"columns\":[\"id\",\"part\",\"weight\",\"done\",\"serial\"],"
                  "\"types\":[\"Int32\",\"String\",\"Double\",\"Boolean\",\"UInt64\"],"
                  "\"rows\":[[-7,\"bolt\",0.25,true,\"9223372036854775808\"],"
                  "[8,\"nut\",1,false,42]]}}]}");
}

static void
test_template (void)
{
  assert_decodes (
      NULL, "spBv1.0/Plant1/NBIRTH/Press4", "template",
      "{\"timestamp\":1765100001000,\"seq\":0,\"metrics\":["
      "{\"name\":\"Motor\",\"datatype\":\"Template\",\"value\":{\"is_definition\":true,"
      "\"version\":\"1.0\",\"metrics\":[{\"name\":\"RPM\",\"datatype\":\"Int32\",\"value\":0},"
      "{\"name\":\"Bearing\",\"datatype\":\"Template\",\"value\":{\"template_ref\":\"Bearing\","
      "\"is_definition\":false,\"metrics\":[{\"name\":\"Temp\",\"datatype\":\"Float\","
      "\"value\":40.5}],\"parameters\":[]}}],"
      "\"parameters\":[{\"name\":\"Poles\",\"type\":\"Int32\",\"value\":4},"
      "{\"name\":\"Vendor\",\"type\":\"String\",\"value\":\"ACME\"}]}},"
      "{\"name\":\"Motor1\",\"alias\":40,\"datatype\":\"Template\",\"value\":"
      "{\"template_ref\":\"Motor\",\"is_definition\":false,"
      "\"metrics\":[{\"name\":\"RPM\",\"datatype\":\"Int32\",\"value\":1480}],"
      "\"parameters\":[{\"name\":\"Poles\",\"type\":\"Int32\",\"value\":2}]}}]}");
}

static void
test_uuid_body (void)
{
  assert_decodes (NULL, "spBv1.0/Plant1/NCMD/Press4", "uuid-body",
                  "{\"timestamp\":1765100001000,\"uuid\":\"my-uuid\",\"body\":\"aGVsbG8=\","
                  "\"metrics\":[]}");
}

static void
test_arrays (void)
{
  assert_decodes (
      NULL, "spBv1.0/Plant1/DDATA/Press4/Station1", "arrays",
      "{\"timestamp\":1765100001000,\"seq\":4,\"metrics\":["
      "{\"name\":\"i8\",\"datatype\":\"Int8Array\",\"value\":[-1,127]},"
      "{\"name\":\"i16\",\"datatype\":\"Int16Array\",\"value\":[-2,300]},"
      "{\"name\":\"i32\",\"datatype\":\"Int32Array\",\"value\":[-3,70000]},"
      "{\"name\":\"i64\",\"datatype\":\"Int64Array\",\"value\":[-4,5000000000]},"
      "{\"name\":\"u8\",\"datatype\":\"UInt8Array\",\"value\":[255,0]},"
      "{\"name\":\"u16\",\"datatype\":\"UInt16Array\",\"value\":[65535,1]},"
      "{\"name\":\"u32\",\"datatype\":\"UInt32Array\",\"value\":[4294967295,2]},"
      "{\"name\":\"u64\",\"datatype\":\"UInt64Array\",\"value\":[\"18446744073709551615\",3]},"
      "{\"name\":\"f\",\"datatype\":\"FloatArray\",\"value\":[1.5,-0.25]},"
      "{\"name\":\"d\",\"datatype\":\"DoubleArray\",\"value\":[0.1,1e+300]},"
      "{\"name\":\"b\",\"datatype\":\"BooleanArray\",\"value\":[false,false,true,true,false,true,"
      "false,false,true,true,false,true]},"
      "{\"name\":\"s\",\"datatype\":\"StringArray\",\"value\":[\"ab\",\"\",\"ç\"]},"
      "{\"name\":\"t\",\"datatype\":\"DateTimeArray\",\"value\":[1765100001000,0]}]}");
}

/* Runs tahu-payloads.js; FALSE when node or the npm packages are not installed. */
static gboolean
load_payloads (char **why)
{
  g_autofree char *script = NULL, *modules = NULL, *out = NULL, *err = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_auto (GStrv) env = NULL;
  g_autofree char *node = g_find_program_in_path ("node");
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;
  int status;

  script
      = g_test_build_filename (G_TEST_DIST, "tests", "core", "sparkplug", "tahu-payloads.js", NULL);
  modules = g_test_build_filename (G_TEST_DIST, "tests", "node", "node_modules", NULL);
  if (node == NULL || !g_file_test (modules, G_FILE_TEST_IS_DIR))
    {
      *why = g_strdup ("node or tests/node/node_modules is missing (tools/install-deps)");
      return FALSE;
    }
  env = g_environ_setenv (g_get_environ (), "NODE_PATH", modules, TRUE);
  {
    const char *argv[] = { node, script, NULL };
    g_assert_true (g_spawn_sync (NULL, (char **)argv, env, G_SPAWN_DEFAULT, NULL, NULL, &out, &err,
                                 &status, &error));
  }
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("tahu-payloads.js failed: %s", err);
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  g_assert_no_error (error);

  payloads = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify)g_bytes_unref);
  json_object_iter_init (&iter, json_node_get_object (json_parser_get_root (parser)));
  while (json_object_iter_next (&iter, &name, &value))
    {
      gsize length;
      guchar *data = g_base64_decode (json_node_get_string (value), &length);

      g_hash_table_insert (payloads, g_strdup (name), g_bytes_new_take (data, length));
    }
  return TRUE;
}

int
main (int argc, char **argv)
{
  g_autofree char *why = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  if (!load_payloads (&why))
    {
      g_test_skip (why);
      return g_test_run ();
    }
  g_test_add_func ("/sparkplug/tahu/scalars-and-session", test_scalars_and_session);
  g_test_add_func ("/sparkplug/tahu/data-before-birth", test_data_before_birth);
  g_test_add_func ("/sparkplug/tahu/data-set", test_data_set);
  g_test_add_func ("/sparkplug/tahu/template", test_template);
  g_test_add_func ("/sparkplug/tahu/uuid-body", test_uuid_body);
  g_test_add_func ("/sparkplug/tahu/arrays", test_arrays);
  status = g_test_run ();
  g_hash_table_unref (payloads);
  return status;
}
