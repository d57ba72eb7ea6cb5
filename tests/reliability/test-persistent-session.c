/* test-persistent-session.c: no QoS 1/2 message lost by `signalboard-cli listen`
 * with a persistent session (clean_session false, fixed client id) while the
 * broker restarts or the connection is cut in the middle of a stream.
 *
 * Sizes (tools/run-soak sets the full ones):
 *   SB_RELIABILITY_MESSAGES  numbered messages per run (default 2000)
 *   SB_RELIABILITY_FAULTS    broker restarts / connection cuts per run (default 3)
 *   SB_RELIABILITY_RATE      publisher messages per second (default 500)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <mosquitto.h>
#include <signal.h>
#include <string.h>

#include "sb-test-broker.h"
#include "sb-test-proxy.h"

#define TOPIC "soak/numbers"

typedef enum
{
  FAULT_RESTART_BROKER,
  FAULT_CUT_CONNECTION,
} FaultKind;

typedef enum
{
  SUBSCRIBER_CLI,           /* signalboard-cli listen, the thing under test */
  SUBSCRIBER_MOSQUITTO_SUB, /* libmosquitto's reference client, as a control */
} Subscriber;

typedef struct
{
  /* settings */
  guint n;
  guint faults;
  int qos;
  FaultKind kind;

  /* what the CLI printed */
  guint8 *seen; /* deliveries per number, saturating */
  guint unique;
  guint total;
  guint duplicates;
  guint bad_lines;
  char *first_bad_line;
  gboolean cli_eof;
  gint64 last_line_time;
  guint total_at_fault;
  SbTestProxy *proxy; /* NULL when faults are broker restarts */

  /* what the publisher reported */
  guint acked;
  gboolean pub_eof;

  GSubprocess *cli;
  GSubprocess *pub;
  GDataInputStream *cli_out;
  GDataInputStream *pub_out;
  char *cli_log;
} Stream;

static guint
env_uint (const char *name, guint fallback)
{
  const char *text = g_getenv (name);
  guint64 value;

  if (text == NULL || !g_ascii_string_to_unsigned (text, 10, 1, G_MAXUINT, &value, NULL))
    return fallback;
  return (guint)value;
}

static void
note_line (Stream *stream, const char *line)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) node = json_from_string (line, &error);
  JsonObject *object;
  const char *payload;
  guint64 number;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    goto bad;
  object = json_node_get_object (node);
  payload = json_object_get_string_member_with_default (object, "payload", NULL);
  if (payload == NULL
      || g_strcmp0 (json_object_get_string_member_with_default (object, "topic", ""), TOPIC) != 0
      || json_object_get_int_member_with_default (object, "qos", -1) != stream->qos
      || !g_ascii_string_to_unsigned (payload, 10, 1, stream->n, &number, NULL))
    goto bad;

  stream->total++;
  stream->last_line_time = g_get_monotonic_time ();
  if (stream->seen[number] == 0)
    stream->unique++;
  else
    stream->duplicates++;
  if (stream->seen[number] < G_MAXUINT8)
    stream->seen[number]++;
  return;

bad:
  stream->bad_lines++;
  if (stream->first_bad_line == NULL)
    stream->first_bad_line = g_strdup (line);
}

static void
cli_line_ready (GObject *object, GAsyncResult *result, gpointer user_data)
{
  Stream *stream = user_data;
  g_autofree char *line = NULL;

  line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (object), result, NULL,
                                                    NULL);
  if (line == NULL)
    {
      stream->cli_eof = TRUE;
      return;
    }
  note_line (stream, line);
  g_data_input_stream_read_line_async (stream->cli_out, G_PRIORITY_DEFAULT, NULL, cli_line_ready,
                                       stream);
}

static void
pub_line_ready (GObject *object, GAsyncResult *result, gpointer user_data)
{
  Stream *stream = user_data;
  g_autofree char *line = NULL;
  guint64 acked;

  line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (object), result, NULL,
                                                    NULL);
  if (line == NULL)
    {
      stream->pub_eof = TRUE;
      return;
    }
  if (g_str_has_prefix (line, "acked ")
      && g_ascii_string_to_unsigned (line + 6, 10, 0, G_MAXUINT, &acked, NULL))
    stream->acked = (guint)acked;
  g_data_input_stream_read_line_async (stream->pub_out, G_PRIORITY_DEFAULT, NULL, pub_line_ready,
                                       stream);
}

static char *
write_config (const char *dir, guint port, const char *client_id, int qos)
{
  g_autofree char *path = g_build_filename (dir, "persistent.json", NULL);
  g_autofree char *json = NULL;
  g_autoptr (GError) error = NULL;

  json = g_strdup_printf ("{\n"
                          "  \"format\": \"signalboard\",\n"
                          "  \"version\": 1,\n"
                          "  \"data_sources\": [\n"
                          "    {\n"
                          "      \"name\": \"Soak\",\n"
                          "      \"type\": \"mqtt\",\n"
                          "      \"broker\": \"127.0.0.1\",\n"
                          "      \"port\": %u,\n"
                          "      \"client_id\": \"%s\",\n"
                          "      \"clean_session\": false,\n"
                          "      \"keep_alive\": 10,\n"
                          "      \"qos\": %d,\n"
                          "      \"subscriptions\": [ { \"topic\": \"%s\" } ]\n"
                          "    }\n"
                          "  ]\n"
                          "}\n",
                          port, client_id, qos, TOPIC);
  g_file_set_contents (path, json, -1, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&path);
}

/* The persistent session exists (and queues for the CLI) before the first
 * message is published, whenever the CLI gets round to connecting. */
static void
create_session (SbTestBroker *broker, const char *client_id, int qos)
{
  g_autofree char *port = g_strdup_printf ("%u", sb_test_broker_get_port (broker));
  g_autofree char *qos_text = g_strdup_printf ("%d", qos);
  const char *argv[] = { "mosquitto_sub", "-h", "127.0.0.1", "-p", port,  "-c", "-i",
                         client_id,       "-q", qos_text,    "-t", TOPIC, "-E", NULL };
  g_autoptr (GError) error = NULL;
  g_autofree char *err = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL, NULL,
                NULL, NULL, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("mosquitto_sub -c -E failed: %s", err);
}

static gboolean
acked_enough (gpointer data)
{
  Stream *stream = data;
  guint target = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (stream->pub), "target"));

  return stream->acked >= target || stream->pub_eof;
}

static gboolean
subscriber_up (gpointer data)
{
  Stream *stream = data;

  return stream->total > stream->total_at_fault
         && (stream->proxy == NULL || sb_test_proxy_get_n_open (stream->proxy) > 0);
}

/* Lost messages never come: once the publisher is done, 20 s without a line
 * (several back-off rounds) ends the wait early. */
#define QUIET_US (20 * G_USEC_PER_SEC)

static gboolean
all_received (gpointer data)
{
  Stream *stream = data;

  return stream->unique == stream->n || stream->cli_eof
         || (stream->pub_eof && g_get_monotonic_time () - stream->last_line_time > QUIET_US);
}

static gboolean
publisher_done (gpointer data)
{
  Stream *stream = data;

  return stream->pub_eof && g_subprocess_get_identifier (stream->pub) == NULL;
}

static gboolean
cli_finished (gpointer data)
{
  return ((Stream *)data)->cli_eof;
}

static void
describe_missing (Stream *stream)
{
  g_autoptr (GString) missing = g_string_new (NULL);
  g_autofree char *log = NULL;
  guint shown = 0;

  for (guint i = 1; i <= stream->n && shown < 20; i++)
    if (stream->seen[i] == 0)
      {
        g_string_append_printf (missing, " %u", i);
        shown++;
      }
  g_test_message ("received %u of %u numbers (%u deliveries, %u duplicates, %u bad lines); "
                  "publisher acked %u; first missing:%s",
                  stream->unique, stream->n, stream->total, stream->duplicates, stream->bad_lines,
                  stream->acked, missing->str);
  if (stream->first_bad_line != NULL)
    g_test_message ("first bad line: %s", stream->first_bad_line);
  if (g_file_get_contents (stream->cli_log, &log, NULL, NULL))
    g_test_message ("subscriber stderr:\n%s", log);
}

static void
run_stream (FaultKind kind, int qos, Subscriber subscriber)
{
  Stream stream = { 0 };
  g_autoptr (SbTestBroker) broker = sb_test_broker_new ();
  g_autoptr (SbTestProxy) proxy = NULL;
  g_autoptr (GSubprocessLauncher) launcher = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *client_id = NULL;
  g_autofree char *pub_id = NULL;
  g_autofree char *config = NULL;
  g_autofree char *port_text = NULL;
  g_autofree char *qos_text = NULL;
  g_autofree char *count_text = NULL;
  g_autofree char *rate_text = NULL;
  guint rate = env_uint ("SB_RELIABILITY_RATE", 500);
  guint deadline_ms;
  gint64 started;
  gboolean complete;

  stream.n = env_uint ("SB_RELIABILITY_MESSAGES", 2000);
  stream.faults = env_uint ("SB_RELIABILITY_FAULTS", 3);
  stream.qos = qos;
  stream.kind = kind;
  stream.seen = g_new0 (guint8, stream.n + 1);
  stream.cli_log = g_build_filename (sb_test_broker_get_dir (broker), "cli.log", NULL);

  sb_test_broker_set_persistence (broker, kind == FAULT_RESTART_BROKER);
  /* mosquitto's default window. With none (0, the fixture's setting for
   * floods), mosquitto 2.0 restores every persisted message of a client into
   * its queue, losing the QoS 2 state: after a restart it sends a message
   * whose PUBREL we had already answered as a new PUBLISH, and any client
   * must take that for a new message (the captures in docs/robustness.md). */
  sb_test_broker_add_config (broker, "max_inflight_messages 20\n");
  sb_test_broker_start (broker);
  client_id = g_strdup_printf ("sb-soak-cli-%d-%u", qos, g_random_int ());
  pub_id = g_strdup_printf ("sb-soak-pub-%d-%u", qos, g_random_int ());
  create_session (broker, client_id, qos);

  if (kind == FAULT_CUT_CONNECTION)
    proxy = sb_test_proxy_new (sb_test_broker_get_port (broker));
  stream.proxy = proxy;
  config = write_config (sb_test_broker_get_dir (broker),
                         proxy ? sb_test_proxy_get_port (proxy) : sb_test_broker_get_port (broker),
                         client_id, qos);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_set_child_setup (launcher, sb_test_die_with_parent,
                                         GINT_TO_POINTER (SIGKILL), NULL);
  g_subprocess_launcher_set_stderr_file_path (launcher, stream.cli_log);
  if (subscriber == SUBSCRIBER_CLI)
    stream.cli = g_subprocess_launcher_spawn (launcher, &error, sb_test_cli_path (), "listen",
                                              config, "--format", "jsonl", NULL);
  else
    {
      g_autofree char *sub_port = g_strdup_printf ("%u", proxy ? sb_test_proxy_get_port (proxy)
                                                               : sb_test_broker_get_port (broker));
      g_autofree char *sub_qos = g_strdup_printf ("%d", qos);

      /* -F %j: one JSON object per message with "topic", "qos" and "payload". */
      stream.cli = g_subprocess_launcher_spawn (launcher, &error, "mosquitto_sub", "-h",
                                                "127.0.0.1", "-p", sub_port, "-c", "-i", client_id,
                                                "-q", sub_qos, "-t", TOPIC, "-F", "%j", NULL);
    }
  g_assert_no_error (error);
  stream.cli_out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (stream.cli));
  g_data_input_stream_read_line_async (stream.cli_out, G_PRIORITY_DEFAULT, NULL, cli_line_ready,
                                       &stream);

  port_text = g_strdup_printf ("%u", sb_test_broker_get_port (broker));
  qos_text = g_strdup_printf ("%d", qos);
  count_text = g_strdup_printf ("%u", stream.n);
  rate_text = g_strdup_printf ("%u", rate);
  g_subprocess_launcher_set_stderr_file_path (launcher, NULL);
  started = g_get_monotonic_time ();
  stream.last_line_time = started;
  stream.pub = g_subprocess_launcher_spawn (
      launcher, &error, sb_test_build_path ("tests/reliability/sb-publish-numbers"), port_text,
      qos_text, count_text, TOPIC, pub_id, rate_text, NULL);
  g_assert_no_error (error);
  stream.pub_out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (stream.pub));
  g_data_input_stream_read_line_async (stream.pub_out, G_PRIORITY_DEFAULT, NULL, pub_line_ready,
                                       &stream);

  /* Faults spread over the stream, placed by how far the publisher got. */
  for (guint k = 1; k <= stream.faults; k++)
    {
      guint target = (guint)((guint64)stream.n * k / (stream.faults + 1));

      g_object_set_data (G_OBJECT (stream.pub), "target", GUINT_TO_POINTER (target));
      if (!sb_test_wait_for (acked_enough, &stream, 60000))
        {
          describe_missing (&stream);
          g_test_fail_printf ("the publisher did not reach %u acknowledgements", target);
          break;
        }
      /* Fault only a subscriber that is up (it has received something since
       * the last fault): a first connection that fails is exit 3 by
       * contract, and a fault during a reconnect tests the back-off, not
       * the session. */
      stream.total_at_fault = stream.total;
      if (!sb_test_wait_for (subscriber_up, &stream, 40000))
        {
          describe_missing (&stream);
          g_test_fail_printf ("the subscriber received nothing for 40 s before fault %u", k);
          break;
        }
      if (kind == FAULT_RESTART_BROKER)
        {
          sb_test_broker_stop (broker);
          sb_test_broker_start (broker);
        }
      else
        sb_test_proxy_cut_all (proxy);
    }

  /* Back-off after a drop is 1 s doubling to 30 s: allow a few of those. */
  deadline_ms = 90000 + stream.n * 2;
  complete = sb_test_wait_for (all_received, &stream, deadline_ms);
  if (!complete || stream.unique != stream.n)
    {
      describe_missing (&stream);
      if (qos == 2 && stream.n - stream.unique <= stream.n / 200)
        /* Rare (about 1 in 2,000 under ASan timing), and mosquitto_sub shows
         * it too: libmosquitto 2.0 queues a resent QoS 2 PUBLISH a second
         * time under the same mid (mosquitto#2235), which can shadow a later
         * message with that mid. Losses beyond that are Signalboard's: the
         * session once lost up to 45% here by dropping libmosquitto's QoS 2
         * state on reconnect. */
        g_test_incomplete_printf ("%s received %u of %u at QoS 2 (mosquitto#2235)",
                                  subscriber == SUBSCRIBER_CLI ? "signalboard-cli"
                                                               : "mosquitto_sub",
                                  stream.unique, stream.n);
      else
        g_test_fail_printf ("%s received %u of %u numbers",
                            subscriber == SUBSCRIBER_CLI ? "signalboard-cli" : "mosquitto_sub",
                            stream.unique, stream.n);
    }
  if (sb_test_wait_for (publisher_done, &stream, 30000))
    {
      g_assert_true (g_subprocess_get_if_exited (stream.pub));
      g_assert_cmpint (g_subprocess_get_exit_status (stream.pub), ==, 0);
    }
  else
    {
      g_test_fail_printf ("the publisher did not finish (%u acknowledged)", stream.acked);
      g_subprocess_force_exit (stream.pub);
      g_subprocess_wait (stream.pub, NULL, NULL);
      sb_test_wait_for (publisher_done, &stream, 5000);
    }

  g_test_message ("%s%s, QoS %d: %u messages, %u faults, %u received, %u duplicates, %.1f s",
                  subscriber == SUBSCRIBER_CLI ? "signalboard-cli" : "mosquitto_sub (control)",
                  kind == FAULT_RESTART_BROKER ? ", broker restarts" : ", connection cuts", qos,
                  stream.n, stream.faults, stream.unique, stream.duplicates,
                  (g_get_monotonic_time () - started) / (double)G_USEC_PER_SEC);
  if (proxy != NULL)
    g_test_message ("proxy accepted %u connections", sb_test_proxy_get_n_accepted (proxy));

  g_assert_cmpuint (stream.bad_lines, ==, 0);
  if (qos == 2 && subscriber == SUBSCRIBER_CLI)
    {
#if LIBMOSQUITTO_VERSION_NUMBER >= 2000021
      /* Exactly once (issue 16): nothing lost, nothing twice. */
      g_assert_cmpuint (stream.unique, ==, stream.n);
      g_assert_cmpuint (stream.duplicates, ==, 0);
#else
      /* libmosquitto before 2.0.21 answers a resent QoS 2 PUBLISH whose
       * packet id still waits for its PUBREL by queueing a second copy
       * (mosquitto#2235), delivered at a later PUBREL: duplicates we cannot
       * tell from new messages, so they are counted, not asserted. */
      g_test_message ("QoS 2 with libmosquitto %d.%d.%d: %u duplicates (0 asserted only with "
                      "2.0.21 or later; see docs/robustness.md)",
                      LIBMOSQUITTO_MAJOR, LIBMOSQUITTO_MINOR, LIBMOSQUITTO_REVISION,
                      stream.duplicates);
#endif
    }
  else if (qos == 2 && stream.duplicates > 0)
    /* The control: mosquitto_sub (2.0.21) still queues a second copy of a
     * resent PUBLISH (mosquitto#2235). Reported, not asserted. */
    g_test_message ("mosquitto_sub, QoS 2: %u duplicates", stream.duplicates);

  /* SIGTERM is a clean exit (0) that flushes what was printed. */
  g_subprocess_send_signal (stream.cli, SIGTERM);
  g_subprocess_wait (stream.cli, NULL, NULL);
  if (subscriber == SUBSCRIBER_CLI)
    {
      g_autofree char *log = NULL;

      if (!g_subprocess_get_if_exited (stream.cli)
          || g_subprocess_get_exit_status (stream.cli) != 0)
        {
          g_file_get_contents (stream.cli_log, &log, NULL, NULL);
          g_test_message ("signalboard-cli after SIGTERM:\n%s", log ? log : "");
        }
      /* The sanitizer build exits 1 on a leak: libmosquitto 2.0.11 once leaked
       * (and never delivered) a QoS 2 message whose PUBCOMP it failed to write
       * directly; the session now has it write nothing itself (sb-mqtt-client.c). */
      g_assert_true (g_subprocess_get_if_exited (stream.cli));
      g_assert_cmpint (g_subprocess_get_exit_status (stream.cli), ==, 0);
    }

  /* The last read callbacks (end of output) point at this stack frame. */
  g_assert_true (sb_test_wait_for (cli_finished, &stream, 10000));
  g_clear_object (&stream.cli_out);
  g_clear_object (&stream.pub_out);
  g_clear_object (&stream.cli);
  g_clear_object (&stream.pub);
  g_free (stream.seen);
  g_free (stream.first_bad_line);
  g_free (stream.cli_log);
}

static void
test_restart_qos1 (void)
{
  run_stream (FAULT_RESTART_BROKER, 1, SUBSCRIBER_CLI);
}

static void
test_restart_qos2 (void)
{
  run_stream (FAULT_RESTART_BROKER, 2, SUBSCRIBER_CLI);
}

static void
test_cut_qos1 (void)
{
  run_stream (FAULT_CUT_CONNECTION, 1, SUBSCRIBER_CLI);
}

static void
test_cut_qos2 (void)
{
  run_stream (FAULT_CUT_CONNECTION, 2, SUBSCRIBER_CLI);
}

/* The same faults with libmosquitto's own client: tells a fault of
 * Signalboard's session from one of libmosquitto or the broker. */
static void
test_control_restart_qos2 (void)
{
  run_stream (FAULT_RESTART_BROKER, 2, SUBSCRIBER_MOSQUITTO_SUB);
}

static void
test_control_cut_qos2 (void)
{
  run_stream (FAULT_CUT_CONNECTION, 2, SUBSCRIBER_MOSQUITTO_SUB);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  /* A failed check must not abort: the broker and the subscriber would
   * outlive the test (and hold meson's pipes open). */
  g_test_set_nonfatal_assertions ();

  g_test_add_func ("/reliability/persistent/broker-restarts/qos1", test_restart_qos1);
  g_test_add_func ("/reliability/persistent/broker-restarts/qos2", test_restart_qos2);
  g_test_add_func ("/reliability/persistent/connection-cuts/qos1", test_cut_qos1);
  g_test_add_func ("/reliability/persistent/connection-cuts/qos2", test_cut_qos2);
  g_test_add_func ("/reliability/persistent/control/mosquitto-sub/broker-restarts/qos2",
                   test_control_restart_qos2);
  g_test_add_func ("/reliability/persistent/control/mosquitto-sub/connection-cuts/qos2",
                   test_control_cut_qos2);
  return g_test_run ();
}
