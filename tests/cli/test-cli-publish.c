/* test-cli-publish.c: `signalboard-cli publish` against a real mosquitto, read back by
 * mosquitto_sub: MQTT 5 properties round trip, payloads from --file and --stdin byte for
 * byte, a data source's credentials from its file, and the exit codes of listen.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "sb-test-broker.h"

static int
run (const char *stdin_text, char **out, char **err, const char *const *argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GSubprocess) process = NULL;
  GSubprocessFlags flags = G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE;

  if (stdin_text != NULL)
    flags |= G_SUBPROCESS_FLAGS_STDIN_PIPE;
  process = g_subprocess_newv (argv, flags, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (process, stdin_text, NULL, out, err, &error));
  g_assert_no_error (error);
  g_test_message ("%s: %s", argv[1], *err);
  return g_subprocess_get_if_exited (process) ? g_subprocess_get_exit_status (process) : -1;
}

#define CLI sb_test_cli_path ()

/* What a new subscriber gets as the retained message of @topic, formatted by mosquitto_sub. */
static char *
retained (SbTestBroker *broker, const char *topic, const char *format)
{
  g_autofree char *port = g_strdup_printf ("%u", sb_test_broker_get_port (broker));
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  /* -h: "localhost" needs /etc/hosts, which a fresh build root may not have. */
  const char *argv[]
      = { "mosquitto_sub", "-h", "127.0.0.1", "-p", port, "-V", "5",    "-q", "2", "-t",
          topic,           "-C", "1",         "-W", "10", "-F", format, NULL };

  g_assert_cmpint (run (NULL, &out, &err, argv), ==, 0);
  return g_strchomp (g_steal_pointer (&out));
}

static void
test_mqtt5_properties (void)
{
  SbTestBroker *broker = sb_test_broker_new ();
  g_autofree char *port = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *got = NULL;
  int expiry = 0;

  sb_test_broker_start (broker);
  port = g_strdup_printf ("%u", sb_test_broker_get_port (broker));
  {
    const char *argv[] = { CLI,
                           "publish",
                           "--broker",
                           "127.0.0.1",
                           "--port",
                           port,
                           "--protocol",
                           "5",
                           "--topic",
                           "plant/press4/cmd",
                           "--message",
                           "{\"start\":true}",
                           "--qos",
                           "2",
                           "--retain",
                           "--content-type",
                           "application/json",
                           "--user-property",
                           "line=4",
                           "--user-property",
                           "shift=late",
                           "--response-topic",
                           "plant/press4/reply",
                           "--correlation-data",
                           "req-17",
                           "--message-expiry",
                           "600",
                           NULL };
    g_assert_cmpint (run (NULL, &out, &err, argv), ==, 0);
  }
  got = retained (broker, "plant/press4/cmd", "%t|%p|%q|%r|%C|%P|%R|%D|%E");
  g_test_message ("mosquitto_sub: %s", got);
  g_assert_true (g_str_has_prefix (got, "plant/press4/cmd|{\"start\":true}|2|1|application/json|"
                                        "line:4 shift:late|plant/press4/reply|req-17|"));
  /* The broker counts the expiry down while it keeps the message. */
  expiry = atoi (strrchr (got, '|') + 1);
  g_assert_cmpint (expiry, >, 500);
  g_assert_cmpint (expiry, <=, 600);
  sb_test_broker_free (broker);
}

static void
test_payload_sources (void)
{
  SbTestBroker *broker = sb_test_broker_new ();
  g_autofree char *port = NULL;
  g_autofree char *dir = g_dir_make_tmp ("sb-publish-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "payload.bin", NULL);
  const char binary[] = { 0x00, 0x01, (char)0xfe, 'S', 'B', 0x0a };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *got = NULL;

  sb_test_broker_start (broker);
  port = g_strdup_printf ("%u", sb_test_broker_get_port (broker));
  g_assert_true (g_file_set_contents (path, binary, sizeof binary, NULL));
  {
    const char *argv[] = { CLI,   "publish", "--broker", "127.0.0.1", "--port", port, "--topic",
                           "bin", "--file",  path,       "--retain",  "--qos",  "1",  NULL };
    g_assert_cmpint (run (NULL, &out, &err, argv), ==, 0);
  }
  got = retained (broker, "bin", "%x");
  g_assert_cmpstr (got, ==, "0001fe53420a");
  g_clear_pointer (&got, g_free);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  {
    const char *argv[] = { CLI,     "publish", "--broker", "127.0.0.1", "--port", port, "--topic",
                           "piped", "--stdin", "--retain", "--qos",     "1",      NULL };
    g_assert_cmpint (run ("line one\nline two", &out, &err, argv), ==, 0);
  }
  got = retained (broker, "piped", "%p");
  g_assert_cmpstr (got, ==, "line one\nline two");
  g_unlink (path);
  g_rmdir (dir);
  sb_test_broker_free (broker);
}

/* A data source whose password is in its file (port, password). */
#define SOURCE_FORMAT                                                                              \
  "{\"format\":\"signalboard\",\"version\":1,\"data_sources\":[{\"name\":\"Press\",\"type\":"      \
  "\"mqtt\",\"broker\":\"127.0.0.1\",\"port\":%u,\"auth\":{\"username\":\"press\","                \
  "\"password\":\"%s\"},\"subscriptions\":[{\"topic\":\"plant/#\"}]}]}"

static void
test_data_source_credentials (void)
{
  SbTestBroker *broker = sb_test_broker_new ();
  g_autofree char *dir = g_dir_make_tmp ("sb-publish-XXXXXX", NULL);
  g_autofree char *good = g_build_filename (dir, "good.json", NULL);
  g_autofree char *bad = g_build_filename (dir, "bad.json", NULL);
  g_autofree char *good_text = NULL;
  g_autofree char *bad_text = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *got = NULL;

  sb_test_broker_add_user (broker, "press", "s3cret");
  sb_test_broker_start (broker);
  good_text = g_strdup_printf (SOURCE_FORMAT, sb_test_broker_get_port (broker), "s3cret");
  bad_text = g_strdup_printf (SOURCE_FORMAT, sb_test_broker_get_port (broker), "wrong");
  g_assert_true (g_file_set_contents (good, good_text, -1, NULL));
  g_assert_true (g_file_set_contents (bad, bad_text, -1, NULL));
  g_chmod (good, 0600);
  g_chmod (bad, 0600);
  {
    const char *argv[]
        = { CLI,         "publish", good,       "--source", "Press", "--topic", "plant/x",
            "--message", "42",      "--retain", "--qos",    "1",     NULL };
    g_assert_cmpint (run (NULL, &out, &err, argv), ==, 0);
  }
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  {
    const char *argv[]
        = { CLI, "publish", bad, "--topic", "plant/x", "--message", "43", "--qos", "1", NULL };
    g_assert_cmpint (run (NULL, &out, &err, argv), ==, 3);
    g_assert_nonnull (strstr (err, "Not authorised"));
  }
  {
    g_autofree char *port = g_strdup_printf ("%u", sb_test_broker_get_port (broker));
    const char *argv[] = { "mosquitto_sub", "-h", "127.0.0.1", "-p", port, "-u", "press", "-P",
                           "s3cret",        "-t", "plant/x",   "-C", "1",  "-W", "10",    NULL };
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    g_assert_cmpint (run (NULL, &out, &err, argv), ==, 0);
    g_assert_cmpstr (out, ==, "42\n");
  }
  g_unlink (good);
  g_unlink (bad);
  g_rmdir (dir);
  sb_test_broker_free (broker);
}

static void
test_usage_errors (void)
{
  const char *cases[][8] = {
    { "--broker", "127.0.0.1", "--message", "x", NULL },                            /* no topic */
    { "--broker", "127.0.0.1", "--topic", "a/#", "--message", "x", NULL },          /* wildcard */
    { "--broker", "127.0.0.1", "--topic", "a", NULL },                              /* no payload */
    { "--broker", "127.0.0.1", "--topic", "a", "--message", "x", "--stdin", NULL }, /* two */
    { "--broker", "127.0.0.1", "--topic", "a", "--message", "x", "--qos", "3" },
    { "--broker", "127.0.0.1", "--topic", "a", "--message", "x", "--content-type", "t" },
    { "--broker", "127.0.0.1", "--topic", "a", "--message", "x", "--user-property", "novalue" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GPtrArray) argv = g_ptr_array_new ();
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;

      g_ptr_array_add (argv, (char *)CLI);
      g_ptr_array_add (argv, "publish");
      for (guint j = 0; j < 8 && cases[i][j] != NULL; j++)
        g_ptr_array_add (argv, (char *)cases[i][j]);
      g_ptr_array_add (argv, NULL);
      g_assert_cmpint (run (NULL, &out, &err, (const char *const *)argv->pdata), ==, 2);
      g_assert_true (g_str_has_prefix (err, "signalboard-cli publish: "));
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cli/publish/mqtt5-properties", test_mqtt5_properties);
  g_test_add_func ("/cli/publish/payload-sources", test_payload_sources);
  g_test_add_func ("/cli/publish/data-source-credentials", test_data_source_credentials);
  g_test_add_func ("/cli/publish/usage-errors", test_usage_errors);
  return g_test_run ();
}
