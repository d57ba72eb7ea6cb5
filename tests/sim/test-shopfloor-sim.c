/* test-shopfloor-sim.c: signalboard-shopfloor-sim against a real mosquitto, seen through
 * mosquitto_sub
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <json-glib/json-glib.h>
#include <string.h>

#include "sb-test-broker.h"
#include "sim-test-util.h"

static const char *const seed_topics[] = {
  "shopfloor/counter/",  "shopfloor/station1/", "shopfloor/station2/",
  "shopfloor/station3/", "shopfloor/station4/", "shopfloor/station5/",
};

/* One message as mosquitto_sub -F "%r %t %p" prints it. */
typedef struct
{
  gboolean retained;
  char *topic;
  char *payload;
} Message;

static void
message_clear (Message *message)
{
  g_free (message->topic);
  g_free (message->payload);
}

static GArray *
parse_messages (GPtrArray *lines)
{
  GArray *messages = g_array_new (FALSE, TRUE, sizeof (Message));

  g_array_set_clear_func (messages, (GDestroyNotify)message_clear);
  for (guint i = 0; i < lines->len; i++)
    {
      g_auto (GStrv) parts = g_strsplit (g_ptr_array_index (lines, i), " ", 3);
      Message message;

      g_assert_cmpint (g_strv_length (parts), ==, 3);
      message.retained = g_str_equal (parts[0], "1");
      message.topic = g_strdup (parts[1]);
      message.payload = g_strdup (parts[2]);
      g_array_append_val (messages, message);
    }
  return messages;
}

static int
topic_index (const char *topic)
{
  for (guint i = 0; i < G_N_ELEMENTS (seed_topics); i++)
    if (g_str_equal (topic, seed_topics[i]))
      return (int)i;
  return -1;
}

/* mosquitto_sub on shopfloor/#, printing "RETAINED TOPIC PAYLOAD" lines. */
static SimTestProc *
subscribe (SbTestBroker *broker, const char *filter, guint count)
{
  g_autofree char *port = g_strdup_printf ("%u", sb_test_broker_get_port (broker));
  g_autofree char *count_text = g_strdup_printf ("%u", count);
  const char *argv[] = { "mosquitto_sub", "-h", "127.0.0.1", "-p", port, "-t", filter, "-F",
                         "%r %t %p",      "-C", count_text,  "-W", "60", NULL };

  return sim_test_proc_start (argv);
}

static SimTestProc *
start_sim (SbTestBroker *broker, const char *first_arg, ...) G_GNUC_NULL_TERMINATED;

static SimTestProc *
start_sim (SbTestBroker *broker, const char *first_arg, ...)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  va_list args;

  g_ptr_array_add (argv, g_strdup (sim_test_sim_path ()));
  g_ptr_array_add (argv, g_strdup ("--port"));
  g_ptr_array_add (argv, g_strdup_printf ("%u", sb_test_broker_get_port (broker)));
  va_start (args, first_arg);
  for (const char *arg = first_arg; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, g_strdup (arg));
  va_end (args);
  g_ptr_array_add (argv, NULL);
  return sim_test_proc_start ((const char *const *)argv->pdata);
}

static SbTestBroker *
broker_started (void)
{
  SbTestBroker *broker = sb_test_broker_new ();

  sb_test_broker_start (broker);
  return broker;
}

/* Stops @sim with SIGTERM and asserts the clean exit. */
static void
stop_sim (SimTestProc *sim)
{
  g_subprocess_send_signal (sim->process, SIGTERM);
  g_assert_true (sim_test_proc_wait (sim, 10000));
  g_assert_cmpint (sim_test_proc_exit_status (sim), ==, 0);
}

/* The six topics, their value ranges and the counter's course, as a subscriber sees them. */
static void
test_feed_values (void)
{
  g_autoptr (SbTestBroker) broker = broker_started ();
  g_autoptr (SimTestProc) sim
      = start_sim (broker, "--seed", "1", "--speed", "20", "--counter-max", "5", "--quiet", NULL);
  g_autoptr (SimTestProc) first = subscribe (broker, "shopfloor/#", 6);
  g_autoptr (SimTestProc) sub = NULL;
  g_autoptr (GArray) messages = NULL;
  int last_status[6] = { 0 };
  int last_count = -1;
  guint resets = 0, station_changes = 0;
  gboolean seen[6] = { FALSE };

  /* Once a first subscriber has six messages the simulator's initial state is at the
   * broker, so the next one starts with six retained messages. */
  g_assert_true (sim_test_proc_wait (first, 10000));
  g_assert_cmpint (sim_test_proc_exit_status (first), ==, 0);
  sub = subscribe (broker, "shopfloor/#", 90);
  g_assert_true (sim_test_proc_wait (sub, 30000));
  g_assert_cmpint (sim_test_proc_exit_status (sub), ==, 0);
  messages = parse_messages (sub->lines);
  g_assert_cmpuint (messages->len, ==, 90);

  for (guint i = 0; i < messages->len; i++)
    {
      Message *m = &g_array_index (messages, Message, i);
      int index = topic_index (m->topic);
      char *end = NULL;
      gint64 value = g_ascii_strtoll (m->payload, &end, 10);

      g_test_message ("%u: %s %s", i, m->topic, m->payload);
      g_assert_cmpint (index, >=, 0);
      g_assert_true (end != m->payload && *end == '\0');
      /* A late subscriber gets the current state, retained, before anything live. */
      g_assert_true (m->retained == (i < 6));
      seen[index] = TRUE;
      if (index == 0)
        {
          g_assert_cmpint (value, >=, 0);
          g_assert_cmpint (value, <=, 5);
          if (last_count >= 0)
            {
              if (value == 0)
                {
                  g_assert_cmpint (last_count, ==, 5);
                  resets++;
                }
              else
                g_assert_cmpint (value, ==, last_count + 1);
            }
          last_count = (int)value;
        }
      else
        {
          g_assert_true (value == 100 || value == 200 || value == 300);
          /* A station publishes only when its status changes. */
          if (last_status[index] != 0)
            {
              g_assert_cmpint (value, !=, last_status[index]);
              station_changes++;
            }
          last_status[index] = (int)value;
        }
    }
  for (guint i = 0; i < 6; i++)
    g_assert_true (seen[i]);
  g_assert_cmpuint (resets, >=, 2);
  g_assert_cmpuint (station_changes, >=, 5);
  stop_sim (sim);
}

static void
test_feed_json (void)
{
  g_autoptr (SbTestBroker) broker = broker_started ();
  g_autoptr (SimTestProc) sim = start_sim (broker, "--json", "--speed", "20", "--quiet", NULL);
  g_autoptr (SimTestProc) sub = subscribe (broker, "shopfloor/#", 30);
  g_autoptr (GArray) messages = NULL;
  int last_count = -1;

  g_assert_true (sim_test_proc_wait (sub, 30000));
  messages = parse_messages (sub->lines);
  g_assert_cmpuint (messages->len, ==, 30);
  for (guint i = 0; i < messages->len; i++)
    {
      Message *m = &g_array_index (messages, Message, i);
      g_autoptr (JsonParser) parser = json_parser_new ();
      g_autoptr (GError) error = NULL;
      JsonObject *object;
      int index = topic_index (m->topic);

      g_test_message ("%s %s", m->topic, m->payload);
      g_assert_cmpint (index, >=, 0);
      json_parser_load_from_data (parser, m->payload, -1, &error);
      g_assert_no_error (error);
      g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
      object = json_node_get_object (json_parser_get_root (parser));
      if (index == 0)
        {
          gint64 count;

          g_assert_cmpuint (json_object_get_size (object), ==, 1);
          g_assert_true (json_object_has_member (object, "count"));
          g_assert_cmpint (json_node_get_value_type (json_object_get_member (object, "count")), ==,
                           G_TYPE_INT64);
          count = json_object_get_int_member (object, "count");
          if (last_count >= 0)
            g_assert_cmpint (count, ==, last_count + 1);
          last_count = (int)count;
        }
      else
        {
          g_autoptr (GDateTime) since = NULL;
          g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
          const char *text;
          gint64 status;

          g_assert_cmpuint (json_object_get_size (object), ==, 2);
          status = json_object_get_int_member (object, "status");
          g_assert_true (status == 100 || status == 200 || status == 300);
          text = json_object_get_string_member (object, "since");
          g_assert_nonnull (text);
          /* Exactly the documented form, "2026-11-25T16:20:00Z". */
          g_assert_cmpuint (strlen (text), ==, 20);
          g_assert_true (
              g_regex_match_simple ("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ$", text, 0, 0));
          since = g_date_time_new_from_iso8601 (text, NULL);
          g_assert_nonnull (since);
          g_assert_cmpint (g_date_time_difference (now, since), >=, 0);
          g_assert_cmpint (g_date_time_difference (now, since), <, 120 * G_TIME_SPAN_SECOND);
        }
    }
  stop_sim (sim);
}

/* After the simulator stops, a new subscriber still gets all six at once,
 * retained, with the last values the simulator reported. */
static void
test_retained (void)
{
  g_autoptr (SbTestBroker) broker = broker_started ();
  g_autoptr (SimTestProc) sim = start_sim (broker, "--seed", "7", "--speed", "50", "--duration",
                                           "20", "--verbose", "--quiet", "--qos", "1", NULL);
  g_autoptr (SimTestProc) sub = NULL;
  g_autoptr (GArray) messages = NULL;
  g_autoptr (GHashTable) last = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  g_assert_true (sim_test_proc_wait (sim, 20000));
  g_assert_cmpint (sim_test_proc_exit_status (sim), ==, 0);
  for (guint i = 0; i < sim->lines->len; i++)
    {
      g_auto (GStrv) parts = g_strsplit (g_ptr_array_index (sim->lines, i), " ", 3);

      g_assert_cmpint (g_strv_length (parts), ==, 3);
      g_hash_table_insert (last, g_strdup (parts[1]), g_strdup (parts[2]));
    }
  g_assert_cmpuint (g_hash_table_size (last), ==, 6);
  /* 20 simulated seconds: the counter went 0, 1, .. 20. */
  g_assert_cmpstr (g_hash_table_lookup (last, "shopfloor/counter/"), ==, "20");

  sub = subscribe (broker, "shopfloor/#", 6);
  g_assert_true (sim_test_proc_wait (sub, 10000));
  g_assert_cmpint (sim_test_proc_exit_status (sub), ==, 0);
  messages = parse_messages (sub->lines);
  g_assert_cmpuint (messages->len, ==, 6);
  for (guint i = 0; i < messages->len; i++)
    {
      Message *m = &g_array_index (messages, Message, i);

      g_assert_true (m->retained);
      g_assert_cmpstr (m->payload, ==, g_hash_table_lookup (last, m->topic));
      g_hash_table_remove (last, m->topic);
    }
  g_assert_cmpuint (g_hash_table_size (last), ==, 0);
}

static char *
run_seeded (SbTestBroker *broker, const char *seed)
{
  g_autoptr (SimTestProc) sim = start_sim (broker, "--seed", seed, "--speed", "2000", "--duration",
                                           "300", "--verbose", "--quiet", NULL);
  g_autoptr (GString) out = g_string_new (NULL);

  g_assert_true (sim_test_proc_wait (sim, 30000));
  g_assert_cmpint (sim_test_proc_exit_status (sim), ==, 0);
  for (guint i = 0; i < sim->lines->len; i++)
    g_string_append_printf (out, "%s\n", (char *)g_ptr_array_index (sim->lines, i));
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* The same seed gives the same course of events, however the timers fire. */
static void
test_seed (void)
{
  g_autoptr (SbTestBroker) broker = broker_started ();
  g_autofree char *first = run_seeded (broker, "42");
  g_autofree char *second = run_seeded (broker, "42");
  g_autofree char *other = run_seeded (broker, "43");
  g_auto (GStrv) lines = g_strsplit (first, "\n", -1);
  guint station_lines = 0;

  g_assert_cmpstr (first, ==, second);
  g_assert_cmpstr (first, !=, other);
  /* 300 simulated seconds with changes every 2-8 s: each station changed 37 to 150 times. */
  for (guint i = 0; lines[i] != NULL; i++)
    if (strstr (lines[i], "station") != NULL)
      station_lines++;
  g_assert_cmpuint (station_lines, >=, 5 + 5 * 37);
  g_assert_cmpuint (station_lines, <=, 5 + 5 * 150);
}

static SimTestProc *
start_flood_subscriber (SbTestBroker *broker, const char *marker)
{
  g_autofree char *port = g_strdup_printf ("%u", sb_test_broker_get_port (broker));
  const char *argv[] = { "mosquitto_sub", "-h", "127.0.0.1", "-p", port, "-t", "bench/#", "-t",
                         marker,          "-v", "-W",        "60", NULL };
  g_autofree char *ready = g_strdup_printf ("%s ready", marker);
  SimTestProc *sub;

  /* A retained "ready" on the marker topic tells when the subscription is in place. */
  sb_test_broker_publish (broker, marker, "ready", 1, TRUE);
  sub = sim_test_proc_start (argv);
  g_assert_true (sim_test_proc_wait_line (sub, ready, 10000));
  return sub;
}

/* Exactly N messages, round robin over K topics, then the marker; exit 0 and the summary. */
static void
test_flood_exact (gconstpointer data)
{
  const char *qos = data;
  const guint n = 20000, k = 7;
  g_autoptr (SbTestBroker) broker = broker_started ();
  g_autoptr (SimTestProc) sub = start_flood_subscriber (broker, "test/marker");
  g_autoptr (SimTestProc) sim
      = start_sim (broker, "--flood", "20000", "--topics", "7", "--prefix", "bench",
                   "--marker-topic", "test/marker", "--qos", qos, "--payload-size", "20", NULL);
  g_autofree guint *per_topic = g_new0 (guint, k);
  g_autofree char *err = NULL;
  guint flood_lines = 0;
  gboolean marker_seen = FALSE;

  g_assert_true (sim_test_proc_wait (sim, 60000));
  err = sim_test_proc_stderr (sim);
  g_test_message ("%s", err);
  g_assert_cmpint (sim_test_proc_exit_status (sim), ==, 0);
  g_assert_true (g_regex_match_simple (
      "^published 20000 messages on 7 topics in [0-9.]+ s \\([0-9]+ msg/s\\)\n$", err, 0, 0));

  /* The marker's PUBACK came before the exit: everything is at the broker. */
  g_assert_true (sim_test_proc_wait_line (sub, "test/marker 20000", 30000));
  for (guint i = 1; i < sub->lines->len; i++)
    {
      const char *line = g_ptr_array_index (sub->lines, i);
      guint64 topic = 0;
      const char *payload;

      if (g_str_equal (line, "test/marker 20000"))
        {
          marker_seen = TRUE;
          g_assert_cmpuint (i, ==, sub->lines->len - 1);
          break;
        }
      g_assert_true (g_str_has_prefix (line, "bench/"));
      topic = g_ascii_strtoull (line + 6, NULL, 10);
      g_assert_cmpuint (topic, <, k);
      /* Round robin: message i goes to topic i % K, payload = i padded to 20 bytes. */
      g_assert_cmpuint (topic, ==, flood_lines % k);
      payload = strchr (line, ' ') + 1;
      g_assert_cmpuint (strlen (payload), ==, 20);
      g_assert_cmpuint (g_ascii_strtoull (payload, NULL, 10), ==, flood_lines);
      per_topic[topic]++;
      flood_lines++;
    }
  g_assert_true (marker_seen);
  g_assert_cmpuint (flood_lines, ==, n);
  for (guint t = 0; t < k; t++)
    g_assert_cmpuint (per_topic[t], ==, n / k + (t < n % k ? 1 : 0));
}

/* As the benchmarks use it: mosquitto_sub -C N on PREFIX/# exits 0 with N messages. */
static void
test_flood_count (void)
{
  g_autoptr (SbTestBroker) broker = broker_started ();
  g_autofree char *port = g_strdup_printf ("%u", sb_test_broker_get_port (broker));
  /* -d shows the SUBACK, so the flood starts only once the subscription is in place
   * (line-buffered: mosquitto_sub flushes only its message lines). */
  const char *argv[]
      = { "stdbuf", "-oL", "mosquitto_sub", "-h", "127.0.0.1", "-p", port, "-t", "flood/#",
          "-d",     "-C",  "50000",         "-W", "60",        NULL };
  g_autoptr (SimTestProc) sub = sim_test_proc_start (argv);
  g_autoptr (SimTestProc) sim = NULL;
  guint publishes = 0;

  while (sim == NULL)
    {
      g_assert_true (sim_test_proc_wait_lines (sub, sub->lines->len + 1, 10000));
      if (strstr (g_ptr_array_index (sub->lines, sub->lines->len - 1), "received SUBACK"))
        sim = start_sim (broker, "--flood", "50000", "--topics", "10000", "--quiet", NULL);
    }
  g_assert_true (sim_test_proc_wait (sim, 60000));
  g_assert_cmpint (sim_test_proc_exit_status (sim), ==, 0);
  g_assert_true (sim_test_proc_wait (sub, 60000));
  g_assert_cmpint (sim_test_proc_exit_status (sub), ==, 0);
  for (guint i = 0; i < sub->lines->len; i++)
    if (strstr (g_ptr_array_index (sub->lines, i), "received PUBLISH") != NULL)
      {
        g_assert_nonnull (strstr (g_ptr_array_index (sub->lines, i), "'flood/"));
        publishes++;
      }
  g_assert_cmpuint (publishes, ==, 50000);
}

/* --rate paces the flood: 300 messages at 1000 msg/s take about 0.3 s, never
 * much less (an upper bound would time the machine, not the program). */
static void
test_flood_rate (void)
{
  g_autoptr (SbTestBroker) broker = broker_started ();
  g_autoptr (SimTestProc) sim = start_sim (broker, "--flood", "300", "--rate", "1000", NULL);
  g_autofree char *err = NULL;
  g_autoptr (GMatchInfo) match = NULL;
  g_autoptr (GRegex) regex = g_regex_new ("in ([0-9.]+) s", 0, 0, NULL);
  g_autofree char *seconds = NULL;

  g_assert_true (sim_test_proc_wait (sim, 30000));
  g_assert_cmpint (sim_test_proc_exit_status (sim), ==, 0);
  err = sim_test_proc_stderr (sim);
  g_assert_true (g_regex_match (regex, err, 0, &match));
  seconds = g_match_info_fetch (match, 1);
  g_assert_cmpfloat (g_ascii_strtod (seconds, NULL), >=, 0.29);
}

/* Waits until a subscriber on flood/# has seen the flood's first message. */
static void
wait_flood_started (SbTestBroker *broker)
{
  g_autoptr (SimTestProc) sub = subscribe (broker, "flood/#", 1);

  g_assert_true (sim_test_proc_wait (sub, 20000));
  g_assert_cmpint (sim_test_proc_exit_status (sub), ==, 0);
}

/* SIGTERM stops a flood at once: exit 1 (not everything was sent), and it says how far it got. */
static void
test_flood_interrupted (void)
{
  g_autoptr (SbTestBroker) broker = broker_started ();
  g_autoptr (SimTestProc) sim = start_sim (broker, "--flood", "1000000", "--rate", "200", NULL);
  g_autofree char *err = NULL;

  wait_flood_started (broker);
  g_subprocess_send_signal (sim->process, SIGTERM);
  g_assert_true (sim_test_proc_wait (sim, 10000));
  g_assert_cmpint (sim_test_proc_exit_status (sim), ==, 1);
  err = sim_test_proc_stderr (sim);
  g_assert_true (g_regex_match_simple ("interrupted after [0-9]+ of 1000000 messages", err, 0, 0));
}

/* The broker goes away mid-flood: exit 3, never a hang. */
static void
test_flood_broker_lost (void)
{
  g_autoptr (SbTestBroker) broker = broker_started ();
  g_autoptr (SimTestProc) sim
      = start_sim (broker, "--flood", "1000000", "--rate", "200", "--qos", "1", NULL);
  g_autofree char *err = NULL;

  wait_flood_started (broker);
  sb_test_broker_stop (broker);
  g_assert_true (sim_test_proc_wait (sim, 20000));
  g_assert_cmpint (sim_test_proc_exit_status (sim), ==, 3);
  err = sim_test_proc_stderr (sim);
  g_assert_true (g_regex_match_simple ("connection to 127.0.0.1:[0-9]+ lost after [0-9]+ of "
                                       "1000000 messages",
                                       err, 0, 0));
}

static void
test_usage_errors (void)
{
  const char *const cases[][4] = {
    { "--bogus", NULL },
    { "--qos", "3", NULL },
    { "--port", "0", NULL },
    { "--port", "70000", NULL },
    { "--speed", "0", NULL },
    { "--speed", "-2", NULL },
    { "--counter-max", "0", NULL },
    { "--seed", "-1", NULL },
    { "--flood", "-5", NULL },
    { "--flood", "10", "--json", NULL },
    { "--topics", "5", NULL },
    { "--flood", "10", "--topics", "0" },
    { "--flood", "10", "--prefix", "a/#" },
    { "--flood", "10", "--rate", "-1" },
    { "--flood", "ten", NULL },
    { "extra-argument", NULL },
  };
  /* A port nothing listens on: a usage error must come before any connection attempt. */
  g_autofree char *port = g_strdup_printf ("%u", sb_test_free_port ());

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const char *argv[8] = { sim_test_sim_path (), "--port", port };
      g_autofree char *err = NULL;
      guint n = 3;

      for (guint j = 0; j < 4 && cases[i][j] != NULL; j++)
        argv[n++] = cases[i][j];
      g_test_message ("case %u: %s", i, cases[i][0]);
      g_assert_cmpint (sim_test_run (argv, NULL, &err, 10000), ==, 2);
      g_assert_true (g_str_has_prefix (err, "signalboard-shopfloor-sim: "));
      g_assert_nonnull (strstr (err, "--help"));
    }
}

static void
test_help (void)
{
  const char *argv[] = { sim_test_sim_path (), "--help", NULL };
  g_autofree char *out = NULL;

  g_assert_cmpint (sim_test_run (argv, &out, NULL, 10000), ==, 0);
  g_assert_nonnull (strstr (out, "--flood"));
  g_assert_nonnull (strstr (out, "--seed"));
  g_assert_nonnull (strstr (out, "signalboard-sim/flood-done"));
}

static void
test_unreachable (void)
{
  g_autofree char *port = g_strdup_printf ("%u", sb_test_free_port ());
  g_autofree char *expected = g_strdup_printf ("cannot connect to 127.0.0.1:%s: ", port);
  const char *feed[] = { sim_test_sim_path (), "--port", port, NULL };
  const char *flood[] = { sim_test_sim_path (), "--port", port, "--flood", "10", NULL };
  g_autofree char *err1 = NULL, *err2 = NULL;

  g_assert_cmpint (sim_test_run (feed, NULL, &err1, 15000), ==, 3);
  g_assert_nonnull (strstr (err1, expected));
  g_assert_nonnull (strstr (err1, "refused"));
  g_assert_cmpint (sim_test_run (flood, NULL, &err2, 15000), ==, 3);
  g_assert_nonnull (strstr (err2, expected));
}

static void
test_password (void)
{
  g_autoptr (SbTestBroker) broker = sb_test_broker_new ();
  g_autofree char *port = NULL;
  g_autofree char *good = NULL, *bad = NULL;
  g_autofree char *err = NULL;
  g_autoptr (GError) error = NULL;

  sb_test_broker_add_user (broker, "line", "s3cret pass");
  sb_test_broker_start (broker);
  port = g_strdup_printf ("%u", sb_test_broker_get_port (broker));
  good = g_build_filename (sb_test_broker_get_dir (broker), "good.pw", NULL);
  bad = g_build_filename (sb_test_broker_get_dir (broker), "bad.pw", NULL);
  g_file_set_contents (good, "s3cret pass\n", -1, &error);
  g_assert_no_error (error);
  g_file_set_contents (bad, "wrong\n", -1, &error);
  g_assert_no_error (error);

  {
    const char *argv[]
        = { sim_test_sim_path (), "--port", port, "--flood", "10", "--username", "line",
            "--password-file",    good,     NULL };
    g_assert_cmpint (sim_test_run (argv, NULL, NULL, 15000), ==, 0);
  }
  {
    const char *argv[]
        = { sim_test_sim_path (), "--port", port, "--flood", "10", "--username", "line",
            "--password-file",    bad,      NULL };
    g_assert_cmpint (sim_test_run (argv, NULL, &err, 15000), ==, 3);
    g_assert_nonnull (strstr (err, "not authorised"));
    g_clear_pointer (&err, g_free);
  }
  {
    /* Feed mode, password from the environment (never on the command line). */
    const char *argv[] = { "env",
                           "SIGNALBOARD_PASSWORD=s3cret pass",
                           sim_test_sim_path (),
                           "--port",
                           port,
                           "--username",
                           "line",
                           "--duration",
                           "1",
                           "--speed",
                           "10",
                           NULL };
    const char *wrong[] = { "env",
                            "SIGNALBOARD_PASSWORD=nope",
                            sim_test_sim_path (),
                            "--port",
                            port,
                            "--username",
                            "line",
                            NULL };
    g_assert_cmpint (sim_test_run (argv, NULL, &err, 15000), ==, 0);
    g_clear_pointer (&err, g_free);
    g_assert_cmpint (sim_test_run (wrong, NULL, &err, 15000), ==, 3);
    g_assert_nonnull (strstr (err, "not authorised"));
  }
}

/* The broker goes away and comes back empty: the simulator reconnects and
 * publishes the whole state again. */
static void
test_reconnect (void)
{
  g_autoptr (SbTestBroker) broker = broker_started ();
  g_autoptr (SimTestProc) sim = start_sim (broker, "--speed", "5", NULL);
  g_autoptr (SimTestProc) first = subscribe (broker, "shopfloor/#", 6);
  g_autoptr (SimTestProc) second = NULL;
  g_autoptr (GArray) messages = NULL;

  g_assert_true (sim_test_proc_wait (first, 10000));
  g_assert_cmpuint (first->lines->len, ==, 6);
  sb_test_broker_stop (broker);
  sb_test_broker_start (broker);

  /* Without persistence the new broker starts empty; retained values are back only if the
   * simulator republished them. -R drops nothing here: we want the retained ones. */
  second = subscribe (broker, "shopfloor/#", 6);
  g_assert_true (sim_test_proc_wait (second, 30000));
  g_assert_cmpint (sim_test_proc_exit_status (second), ==, 0);
  messages = parse_messages (second->lines);
  g_assert_cmpuint (messages->len, ==, 6);
  stop_sim (sim);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sim/help", test_help);
  g_test_add_func ("/sim/usage-errors", test_usage_errors);
  g_test_add_func ("/sim/unreachable", test_unreachable);
  g_test_add_func ("/sim/feed/values", test_feed_values);
  g_test_add_func ("/sim/feed/json", test_feed_json);
  g_test_add_func ("/sim/feed/retained", test_retained);
  g_test_add_func ("/sim/feed/seed", test_seed);
  g_test_add_func ("/sim/feed/reconnect", test_reconnect);
  g_test_add_func ("/sim/password", test_password);
  g_test_add_data_func ("/sim/flood/exact-qos0", "0", test_flood_exact);
  g_test_add_data_func ("/sim/flood/exact-qos1", "1", test_flood_exact);
  g_test_add_data_func ("/sim/flood/exact-qos2", "2", test_flood_exact);
  g_test_add_func ("/sim/flood/count", test_flood_count);
  g_test_add_func ("/sim/flood/rate", test_flood_rate);
  g_test_add_func ("/sim/flood/interrupted", test_flood_interrupted);
  g_test_add_func ("/sim/flood/broker-lost", test_flood_broker_lost);
  return g_test_run ();
}
