/* test-cli-sparkplug.c: signalboard-cli listen on Sparkplug B topics, against a real
 * mosquitto: "sparkplug" after "value", names from the birth, a data path with a
 * filter on the decoded JSON, and a bad payload shown raw with the reason
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <json-glib/json-glib.h>
#include <string.h>

#include "sb-test-broker.h"
#include "sparkplug_b.pb-c.h"

typedef Org__Eclipse__Tahu__Protobuf__Payload Payload;
typedef Org__Eclipse__Tahu__Protobuf__Payload__Metric Metric;

/* A payload of one Float metric "Temperature" (named when @birth) with alias 5. */
static char *
write_payload (SbTestBroker *broker, const char *name, gboolean birth, guint64 seq, float value)
{
  Payload payload = ORG__ECLIPSE__TAHU__PROTOBUF__PAYLOAD__INIT;
  Metric metric = ORG__ECLIPSE__TAHU__PROTOBUF__PAYLOAD__METRIC__INIT;
  Metric *metrics[] = { &metric };
  g_autofree guint8 *data = NULL;
  g_autoptr (GError) error = NULL;
  char *path = g_build_filename (sb_test_broker_get_dir (broker), name, NULL);
  gsize size;

  metric.name = birth ? (char *)"Temperature" : NULL;
  metric.has_alias = TRUE;
  metric.alias = 5;
  metric.has_datatype = birth;
  metric.datatype = 9; /* Float */
  metric.value_case = ORG__ECLIPSE__TAHU__PROTOBUF__PAYLOAD__METRIC__VALUE_FLOAT_VALUE;
  metric.float_value = value;
  payload.metrics = metrics;
  payload.n_metrics = 1;
  payload.has_seq = TRUE;
  payload.seq = seq;
  size = org__eclipse__tahu__protobuf__payload__get_packed_size (&payload);
  data = g_malloc (size);
  org__eclipse__tahu__protobuf__payload__pack (&payload, data);
  g_file_set_contents (path, (const char *)data, size, &error);
  g_assert_no_error (error);
  return path;
}

static void
test_listen (void)
{
  g_autoptr (SbTestBroker) broker = sb_test_broker_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (GSubprocess) cli = NULL;
  g_autofree char *config = NULL, *config_path = NULL, *out = NULL, *err = NULL;
  g_autofree char *birth = NULL, *data = NULL;
  g_auto (GStrv) lines = NULL;
  JsonObject *o;
  GList *keys;

  sb_test_broker_start (broker);
  config = g_strdup_printf (
      "{\"format\":\"signalboard\",\"version\":1,\"data_sources\":[{"
      "\"id\":\"0b6b7a1e-5c1b-4f0e-9d55-2f3a9b6f4c10\",\"name\":\"Plant\",\"type\":\"mqtt\","
      "\"broker\":\"127.0.0.1\",\"port\":%u,\"protocol\":\"3.1.1\",\"client_id\":\"\","
      "\"keep_alive\":60,\"clean_session\":true,\"qos\":1,"
      "\"auth\":{\"username\":\"\",\"password\":\"\"},"
      "\"tls\":{\"enabled\":false,\"ca_file\":\"\",\"client_cert\":\"\",\"client_key\":\"\","
      "\"verify\":true},\"subscriptions\":[{\"topic\":\"spBv1.0/#\","
      "\"data_path\":\"$.metrics[?(@.name=='Temperature')].value\"}]}]}",
      sb_test_broker_get_port (broker));
  config_path = g_build_filename (sb_test_broker_get_dir (broker), "plant.json", NULL);
  g_file_set_contents (config_path, config, -1, &error);
  g_assert_no_error (error);
  birth = write_payload (broker, "birth", TRUE, 0, 22.25f);
  data = write_payload (broker, "data", FALSE, 1, 23.5f);

  /* The retained message arriving says that the CLI has subscribed. */
  sb_test_broker_publish_args (broker, "-t", "spBv1.0/Plant1/NBIRTH/Press4", "-f", birth, "-q", "1",
                               "-r", NULL);
  {
    const char *argv[] = { sb_test_cli_path (), "listen", config_path, "--format", "jsonl",
                           "--count",           "3",      "--timeout", "20",       NULL };
    g_autoptr (GSubprocessLauncher) launcher = g_subprocess_launcher_new (
        G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
    g_autoptr (GDataInputStream) stdout_lines = NULL;
    g_autofree char *first = NULL;

    cli = g_subprocess_launcher_spawnv (launcher, argv, &error);
    g_assert_no_error (error);
    stdout_lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (cli));
    first = g_data_input_stream_read_line_utf8 (stdout_lines, NULL, NULL, &error);
    g_assert_no_error (error);
    g_assert_nonnull (first);
    sb_test_broker_publish_args (broker, "-t", "spBv1.0/Plant1/NDATA/Press4", "-f", data, "-q", "1",
                                 NULL);
    sb_test_broker_publish (broker, "spBv1.0/Plant1/NDATA/Press4", "{\"temp\":22}", 1, FALSE);
    g_subprocess_communicate_utf8 (cli, NULL, NULL, &out, &err, &error);
    g_assert_no_error (error);
    g_assert_cmpint (g_subprocess_get_exit_status (cli), ==, 0);
    {
      g_autofree char *rest = out;
      out = g_strconcat (first, "\n", rest, NULL);
    }
  }
  g_test_message ("%s", out);
  lines = g_strsplit (out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 4);

  /* The birth: the keys in the documented order, the value picked by the filter. */
  {
    g_autoptr (JsonParser) parser = json_parser_new ();
    const char *const order[]
        = { "time", "source", "topic", "qos", "retained", "payload_base64", "value", "sparkplug" };
    guint i = 0;

    g_assert_true (json_parser_load_from_data (parser, lines[0], -1, NULL));
    o = json_node_get_object (json_parser_get_root (parser));
    keys = json_object_get_members (o);
    for (GList *k = keys; k != NULL; k = k->next, i++)
      g_assert_cmpstr (k->data, ==, order[i]);
    g_list_free (keys);
    g_assert_cmpuint (i, ==, G_N_ELEMENTS (order));
    g_assert_cmpfloat (json_object_get_double_member (o, "value"), ==, 22.25);
  }
  g_assert_nonnull (strstr (lines[0], ",\"sparkplug\":{\"seq\":0,\"metrics\":[{\"name\":"
                                      "\"Temperature\",\"alias\":5,\"datatype\":\"Float\","
                                      "\"value\":22.25}]}}"));
  /* The data by alias: named from the birth, so the filter finds it. */
  g_assert_nonnull (strstr (lines[1], ",\"value\":23.5,\"sparkplug\":{\"seq\":1,\"metrics\":["
                                      "{\"name\":\"Temperature\",\"alias\":5,\"datatype\":"
                                      "\"Float\",\"value\":23.5}]}}"));
  /* JSON on a Sparkplug topic: raw (text here), with the reason, never guessed. */
  g_assert_nonnull (strstr (lines[2], "\"payload\":\"{\\\"temp\\\":22}\",\"value\":null,"
                                      "\"value_error\":\"not a Sparkplug B payload: field 15 of "
                                      "the payload at byte 0 has the wrong wire type (3)\","
                                      "\"sparkplug\":null,\"sparkplug_error\":\"not a Sparkplug "
                                      "B payload: field 15 of the payload at byte 0 has the "
                                      "wrong wire type (3)\"}"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sparkplug/cli/listen", test_listen);
  return g_test_run ();
}
