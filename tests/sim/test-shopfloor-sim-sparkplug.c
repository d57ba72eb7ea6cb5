/* test-shopfloor-sim-sparkplug.c: signalboard-shopfloor-sim --sparkplug against a real
 * mosquitto, seen through mosquitto_sub and decoded by the core's Sparkplug decoder
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <json-glib/json-glib.h>
#include <string.h>

#include "sb-sparkplug-decode.h"
#include "sb-test-broker.h"
#include "sim-test-util.h"

#define NODE "spBv1.0/Shopfloor/%s/Line1"

/* mosquitto_sub printing "TOPIC HEXPAYLOAD" lines. */
static SimTestProc *
subscribe (SbTestBroker *broker, guint count)
{
  g_autofree char *port = g_strdup_printf ("%u", sb_test_broker_get_port (broker));
  g_autofree char *count_text = g_strdup_printf ("%u", count);
  const char *argv[] = { "mosquitto_sub", "-h", "127.0.0.1", "-p", port, "-t", "spBv1.0/#", "-F",
                         "%t %x",         "-C", count_text,  "-W", "60", NULL };

  return sim_test_proc_start (argv);
}

/* Decodes line @i of @sub with @state; returns the JSON object (owned by @parser). */
static JsonObject *
decode_line (SbSparkplugState *state, SimTestProc *sub, guint i, JsonParser *parser,
             char **topic_out)
{
  g_auto (GStrv) parts = g_strsplit (g_ptr_array_index (sub->lines, i), " ", 2);
  g_autoptr (GByteArray) bytes = g_byte_array_new ();
  g_autoptr (GBytes) payload = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *json = NULL;
  const char *hex = parts[1] != NULL ? parts[1] : "";

  for (gsize k = 0; hex[k] != '\0' && hex[k + 1] != '\0'; k += 2)
    {
      guint8 byte
          = (guint8)(g_ascii_xdigit_value (hex[k]) * 16 + g_ascii_xdigit_value (hex[k + 1]));
      g_byte_array_append (bytes, &byte, 1);
    }
  payload = g_bytes_new (bytes->data, bytes->len);
  json = sb_sparkplug_decode (state, parts[0], payload, NULL, &error);
  g_assert_no_error (error);
  g_test_message ("%s %s", parts[0], json);
  g_assert_true (json_parser_load_from_data (parser, json, -1, NULL));
  *topic_out = g_strdup (parts[0]);
  return json_node_get_object (json_parser_get_root (parser));
}

static void
test_edge_node (void)
{
  g_autoptr (SbTestBroker) broker = sb_test_broker_new ();
  g_autoptr (SimTestProc) sub = NULL;
  g_autoptr (SimTestProc) sim = NULL;
  g_autoptr (SbSparkplugState) state = sb_sparkplug_state_new ();
  g_autofree char *port = NULL;
  guint dbirths = 0, ddata = 0;
  gboolean death = FALSE;

  sb_test_broker_start (broker);
  port = g_strdup_printf ("%u", sb_test_broker_get_port (broker));
  /* A retained marker first: when it arrives the subscription is in place, and
   * the births (never retained) cannot be missed. */
  sb_test_broker_publish (broker, "spBv1.0/ready", "x", 1, TRUE);
  sub = subscribe (broker, 41);
  g_assert_true (sim_test_proc_wait_lines (sub, 1, 10000));
  g_assert_cmpstr (g_ptr_array_index (sub->lines, 0), ==, "spBv1.0/ready 78");
  {
    const char *argv[]
        = { sim_test_sim_path (), "--port", port, "--sparkplug", "--speed", "20", "--quiet", NULL };
    sim = sim_test_proc_start (argv);
  }
  g_assert_true (sim_test_proc_wait_lines (sub, 31, 30000));
  /* Killed, the node cannot say goodbye: the broker publishes its will. */
  g_subprocess_force_exit (sim->process);
  g_assert_true (sim_test_proc_wait (sim, 10000));

  for (guint i = 1; !death; i++)
    {
      g_autoptr (JsonParser) parser = json_parser_new ();
      g_autofree char *topic = NULL;
      JsonObject *decoded;
      JsonArray *metrics;

      g_assert_true (sim_test_proc_wait_lines (sub, i + 1, 30000));
      decoded = decode_line (state, sub, i, parser, &topic);
      metrics = json_object_get_array_member (decoded, "metrics");
      /* In order, by alias, with no gap, until the will. */
      if (i == 1)
        {
          g_assert_cmpstr (topic, ==, "spBv1.0/Shopfloor/NBIRTH/Line1");
          g_assert_cmpint (json_object_get_int_member (decoded, "seq"), ==, 0);
          g_assert_cmpstr (
              json_object_get_string_member (json_array_get_object_element (metrics, 0), "name"),
              ==, "bdSeq");
        }
      else if (g_str_has_prefix (topic, "spBv1.0/Shopfloor/DBIRTH/Line1/Station"))
        dbirths++;
      else if (g_str_has_prefix (topic, "spBv1.0/Shopfloor/DDATA/Line1/Station"))
        {
          JsonObject *status = json_array_get_object_element (metrics, 0);
          JsonObject *temperature = json_array_get_object_element (metrics, 1);

          g_assert_cmpuint (dbirths, ==, 5);
          ddata++;
          g_assert_cmpstr (json_object_get_string_member (status, "name"), ==, "Status");
          g_assert_cmpstr (json_object_get_string_member (status, "datatype"), ==, "Int32");
          g_assert_cmpstr (json_object_get_string_member (temperature, "name"), ==, "Temperature");
          g_assert_cmpstr (json_object_get_string_member (temperature, "datatype"), ==, "Float");
        }
      else if (g_str_equal (topic, "spBv1.0/Shopfloor/NDATA/Line1"))
        g_assert_cmpstr (
            json_object_get_string_member (json_array_get_object_element (metrics, 0), "name"), ==,
            "Counter");
      else
        {
          g_assert_cmpstr (topic, ==, "spBv1.0/Shopfloor/NDEATH/Line1");
          death = TRUE;
          g_assert_cmpint (sb_sparkplug_state_get_life (state, "Shopfloor", "Line1", NULL), ==,
                           SB_SPARKPLUG_LIFE_OFFLINE);
          g_assert_cmpint (sb_sparkplug_state_get_life (state, "Shopfloor", "Line1", "Station3"),
                           ==, SB_SPARKPLUG_LIFE_OFFLINE);
        }
      /* No seq gap, no unknown alias, no birth missing: the only note is the death. */
      if (json_object_has_member (decoded, "notes"))
        {
          JsonArray *notes = json_object_get_array_member (decoded, "notes");

          g_assert_true (death);
          g_assert_cmpuint (json_array_get_length (notes), ==, 1);
          g_assert_cmpstr (json_array_get_string_element (notes, 0), ==, "death");
        }
    }
  g_assert_cmpuint (ddata, >, 0);
}

static void
test_usage (void)
{
  const char *argv[] = { sim_test_sim_path (), "--sparkplug", "--json", NULL };
  g_autofree char *err = NULL;

  g_assert_cmpint (sim_test_run (argv, NULL, &err, 10000), ==, 2);
  g_assert_nonnull (strstr (err, "--json and --sparkplug are two payload formats"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sim/sparkplug/edge-node", test_edge_node);
  g_test_add_func ("/sim/sparkplug/usage", test_usage);
  return g_test_run ();
}
