/* test-recorder.c: SbRecorder writes JSON Lines exactly as `listen --format jsonl` and CSV as
 * RFC 4180 says, hands what it has to the kernel at least once a second, and a recording killed
 * with SIGKILL mid-flood keeps every message up to its last flush, each line whole.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <signal.h>
#include <string.h>

#include "sb-message-json.h"
#include "sb-recorder.h"
#include "sb-test-broker.h"

/* 2026-12-07T10:00:00.123Z */
#define TIME_US (G_GINT64_CONSTANT (1796637600) * G_USEC_PER_SEC + 123000)

static SbMessage *
message (const char *topic, const char *payload, gssize len, int qos, gboolean retained)
{
  g_autoptr (GBytes) bytes = g_bytes_new (payload, len < 0 ? strlen (payload) : (gsize)len);

  return sb_message_new (topic, bytes, qos, retained, 0, NULL, TIME_US);
}

static char *
read_file (const char *path)
{
  g_autoptr (GError) error = NULL;
  char *text = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, &error));
  g_assert_no_error (error);
  return text;
}

static char *
temp_path (const char *name)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("sb-recorder-XXXXXX", &error);

  g_assert_no_error (error);
  return g_build_filename (dir, name, NULL);
}

static void
remove_path (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);

  g_unlink (path);
  g_rmdir (dir);
}

static void
test_csv (void)
{
  g_autofree char *path = temp_path ("record.csv");
  g_autoptr (GError) error = NULL;
  g_autoptr (SbRecorder) recorder = NULL;
  g_autoptr (SbDataPath) status = sb_data_path_new ("$.status", &error);
  g_autoptr (SbMessage) a = message ("shopfloor/station1/", "{\"status\":200}", -1, 1, TRUE);
  g_autoptr (SbMessage) b = message ("plant/a,b", "say \"hi\"\nbye", -1, 0, FALSE);
  g_autoptr (SbMessage) c = message ("bin", "\x00\x01\xff", 3, 2, FALSE);
  g_autofree char *text = NULL;

  g_assert_cmpint (sb_record_format_for_path (path), ==, SB_RECORD_FORMAT_CSV);
  recorder = sb_recorder_new (path, SB_RECORD_FORMAT_CSV, &error);
  g_assert_no_error (error);
  /* The header is there at once. */
  text = read_file (path);
  g_assert_cmpstr (text, ==,
                   "time,source,topic,qos,retained,payload,payload_base64,value,value_error\r\n");
  g_clear_pointer (&text, g_free);

  sb_recorder_add (recorder, "Shopfloor", a, status);
  sb_recorder_add (recorder, "Shop, floor", b, status);
  sb_recorder_add (recorder, "Shopfloor", c, NULL);
  g_assert_cmpuint (sb_recorder_get_count (recorder), ==, 3);
  g_assert_cmpuint (sb_recorder_get_flushed_count (recorder), ==, 0);
  sb_recorder_stop (recorder);
  g_assert_false (sb_recorder_get_recording (recorder));
  g_assert_cmpuint (sb_recorder_get_flushed_count (recorder), ==, 3);

  text = read_file (path);
  g_assert_cmpstr (
      text, ==,
      "time,source,topic,qos,retained,payload,payload_base64,value,value_error\r\n"
      "2026-12-07T10:00:00.123Z,Shopfloor,shopfloor/station1/,1,true,\"{\"\"status\"\":200}\",,200,"
      "\r\n"
      "2026-12-07T10:00:00.123Z,\"Shop, floor\",\"plant/a,b\",0,false,\"say \"\"hi\"\"\nbye\",,,"
      "The payload is not JSON\r\n"
      "2026-12-07T10:00:00.123Z,Shopfloor,bin,2,false,,AAH/,,\r\n");
  g_assert_cmpuint (sb_recorder_get_size (recorder), ==, strlen (text));
  remove_path (path);
}

static void
test_jsonl_is_listen_jsonl (void)
{
  g_autofree char *path = temp_path ("record.jsonl");
  g_autoptr (GError) error = NULL;
  g_autoptr (SbRecorder) recorder = NULL;
  g_autoptr (SbMessage) a = message ("shopfloor/counter/", "41", -1, 0, FALSE);
  g_autoptr (SbMessage) b = message ("bin", "\x00\x01\xff", 3, 1, TRUE);
  g_autoptr (GString) expected = g_string_new (NULL);
  g_autofree char *text = NULL;

  g_assert_cmpint (sb_record_format_for_path (path), ==, SB_RECORD_FORMAT_JSONL);
  recorder = sb_recorder_new (path, SB_RECORD_FORMAT_JSONL, &error);
  g_assert_no_error (error);
  sb_recorder_add (recorder, "Shopfloor", a, NULL);
  sb_recorder_add (recorder, "Shopfloor", b, NULL);
  sb_recorder_stop (recorder);
  text = read_file (path);

  sb_message_json_append (expected, "\"Shopfloor\"", a, NULL);
  g_string_append_c (expected, '\n');
  sb_message_json_append (expected, "\"Shopfloor\"", b, NULL);
  g_string_append_c (expected, '\n');
  g_assert_cmpstr (text, ==, expected->str);
  g_assert_nonnull (strstr (text, "\"payload_base64\":\"AAH/\""));
  remove_path (path);
}

/* The one-second flush: without a stop, what was added reaches the file by itself. */
static gboolean
flushed_cb (gpointer data)
{
  return sb_recorder_get_flushed_count (data) == 1;
}

static void
test_flushes_each_second (void)
{
  g_autofree char *path = temp_path ("record.jsonl");
  g_autoptr (GError) error = NULL;
  g_autoptr (SbRecorder) recorder = sb_recorder_new (path, SB_RECORD_FORMAT_JSONL, &error);
  g_autoptr (SbMessage) a = message ("t", "1", -1, 0, FALSE);
  g_autofree char *text = NULL;

  g_assert_no_error (error);
  sb_recorder_add (recorder, "S", a, NULL);
  text = read_file (path);
  g_assert_cmpstr (text, ==, "");
  g_clear_pointer (&text, g_free);
  g_assert_true (sb_test_wait_for (flushed_cb, recorder, 3000));
  text = read_file (path);
  g_assert_true (g_str_has_suffix (text, "\"payload\":\"1\"}\n"));
  remove_path (path);
}

static void
test_errors (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SbRecorder) missing
      = sb_recorder_new ("/nonexistent/dir/x.jsonl", SB_RECORD_FORMAT_JSONL, &error);
  g_autoptr (SbRecorder) full = NULL;
  g_autoptr (SbMessage) a = message ("t", "1", -1, 0, FALSE);

  g_assert_null (missing);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "/nonexistent/dir/x.jsonl"));
  g_clear_error (&error);

  /* A disk that fills up: recording stops and says why. */
  full = sb_recorder_new ("/dev/full", SB_RECORD_FORMAT_JSONL, &error);
  g_assert_no_error (error);
  sb_recorder_add (full, "S", a, NULL);
  g_assert_false (sb_recorder_flush (full, &error));
  g_assert_nonnull (error);
  g_assert_false (sb_recorder_get_recording (full));
  g_assert_cmpstr (sb_recorder_get_error (full), ==,
                   "Cannot write to /dev/full: No space left on device");
  /* Later messages are not recorded. */
  sb_recorder_add (full, "S", a, NULL);
  g_assert_cmpuint (sb_recorder_get_count (full), ==, 1);
}

/* ---- killed mid-flood -------------------------------------------------------------------- */

typedef struct
{
  GDataInputStream *out;
  guint64 last_flushed;
  guint flushes;
  gboolean ready;
} Helper;

static gboolean
read_line_cb (gpointer data)
{
  Helper *helper = data;
  g_autoptr (GError) error = NULL;
  g_autofree char *line = NULL;

  /* One line per call: the helper prints a line at least once a second. */
  line = g_data_input_stream_read_line (helper->out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  if (g_str_equal (line, "ready"))
    helper->ready = TRUE;
  else if (g_str_has_prefix (line, "flushed "))
    {
      helper->last_flushed = g_ascii_strtoull (line + 8, NULL, 10);
      helper->flushes++;
    }
  return FALSE;
}

static gboolean
ready_cb (gpointer data)
{
  return read_line_cb (data) || ((Helper *)data)->ready;
}

static gboolean
mid_flood_cb (gpointer data)
{
  Helper *helper = data;

  read_line_cb (helper);
  /* Two flushes into the flood, with a good number of messages behind them. */
  return helper->flushes >= 2 && helper->last_flushed >= 1000;
}

static void
test_killed_mid_flood (void)
{
  SbTestBroker *broker = sb_test_broker_new ();
  g_autofree char *path = temp_path ("flood.jsonl");
  g_autofree char *port = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GSubprocess) recorder = NULL;
  g_autoptr (GSubprocess) flood = NULL;
  g_autofree char *text = NULL;
  g_auto (GStrv) lines = NULL;
  Helper helper = { 0 };
  guint64 complete = 0;
  gint64 previous = -1;

  sb_test_broker_add_config (broker, "max_queued_messages 0\nmax_inflight_messages 0\n");
  sb_test_broker_start (broker);
  port = g_strdup_printf ("%u", sb_test_broker_get_port (broker));
  recorder = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                               sb_test_build_path ("tests/core/discover/sb-record-helper"), port,
                               path, NULL);
  g_assert_no_error (error);
  helper.out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (recorder));
  g_assert_true (sb_test_wait_for (ready_cb, &helper, 20000));

  /* QoS 1 end to end: the broker drops nothing, so the numbers in the file run on. */
  flood
      = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error,
                          sb_test_build_path ("src/sim/signalboard-shopfloor-sim"), "--port", port,
                          "--quiet", "--qos", "1", "--flood", "100000000", "--rate", "20000", NULL);
  g_assert_no_error (error);
  g_assert_true (sb_test_wait_for (mid_flood_cb, &helper, 60000));
  g_subprocess_send_signal (recorder, SIGKILL);
  g_subprocess_wait (recorder, NULL, NULL);
  g_subprocess_force_exit (flood);
  g_subprocess_wait (flood, NULL, NULL);

  text = read_file (path);
  g_assert_true (g_str_has_suffix (text, "\n")); /* whole lines only */
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL && lines[i][0] != '\0'; i++)
    {
      g_autoptr (JsonParser) parser = json_parser_new ();
      JsonObject *object;
      const char *payload;
      gint64 number;

      g_assert_true (json_parser_load_from_data (parser, lines[i], -1, &error));
      g_assert_no_error (error);
      object = json_node_get_object (json_parser_get_root (parser));
      g_assert_cmpstr (json_object_get_string_member (object, "source"), ==, "Flood");
      payload = json_object_get_string_member (object, "payload");
      number = g_ascii_strtoll (payload, NULL, 10);
      if (previous >= 0)
        g_assert_cmpint (number, ==, previous + 1);
      previous = number;
      complete++;
    }
  g_test_message ("killed after a flush of %" G_GUINT64_FORMAT
                  " messages; the file holds %" G_GUINT64_FORMAT " whole lines",
                  helper.last_flushed, complete);
  g_assert_cmpuint (complete, >=, helper.last_flushed);

  g_object_unref (helper.out);
  sb_test_broker_free (broker);
  remove_path (path);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/recorder/csv", test_csv);
  g_test_add_func ("/recorder/jsonl-is-listen-jsonl", test_jsonl_is_listen_jsonl);
  g_test_add_func ("/recorder/flushes-each-second", test_flushes_each_second);
  g_test_add_func ("/recorder/errors", test_errors);
  g_test_add_func ("/recorder/killed-mid-flood", test_killed_mid_flood);
  return g_test_run ();
}
