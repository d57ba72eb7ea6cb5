/* test-cli-listen.c: signalboard-cli listen as a user runs it, against a real
 * mosquitto, compared with the real mosquitto_sub
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <signal.h>
#include <string.h>

#include "sb-test-broker.h"

typedef struct
{
  GSubprocess *process;
  GDataInputStream *out;
  GDataInputStream *err;
} Cli;

/* Starts signalboard-cli listen ARGS… with stdout and stderr piped; @env_password
 * (or NULL) becomes $SIGNALBOARD_PASSWORD. */
static Cli *
cli_spawn (const char *env_password, const char *first_arg, ...)
{
  g_autoptr (GSubprocessLauncher) launcher = NULL;
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autoptr (GError) error = NULL;
  Cli *cli = g_new0 (Cli, 1);
  va_list args;

  g_ptr_array_add (argv, (char *)sb_test_cli_path ());
  g_ptr_array_add (argv, (char *)"listen");
  va_start (args, first_arg);
  for (const char *arg = first_arg; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *)arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  launcher
      = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  if (env_password != NULL)
    g_subprocess_launcher_setenv (launcher, "SIGNALBOARD_PASSWORD", env_password, TRUE);
  else
    g_subprocess_launcher_unsetenv (launcher, "SIGNALBOARD_PASSWORD");
  cli->process = g_subprocess_launcher_spawnv (launcher, (const char *const *)argv->pdata, &error);
  g_assert_no_error (error);
  cli->out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (cli->process));
  cli->err = g_data_input_stream_new (g_subprocess_get_stderr_pipe (cli->process));
  return cli;
}

static void
cli_free (Cli *cli)
{
  g_object_unref (cli->out);
  g_object_unref (cli->err);
  g_object_unref (cli->process);
  g_free (cli);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Cli, cli_free)

/* The next line of stdout (blocking: the CLI is another process), or NULL at the end. */
static char *
cli_read_line (Cli *cli)
{
  g_autoptr (GError) error = NULL;
  char *line = g_data_input_stream_read_line_utf8 (cli->out, NULL, NULL, &error);
  g_assert_no_error (error);
  return line;
}

static char *
cli_read_err_line (Cli *cli)
{
  g_autoptr (GError) error = NULL;
  char *line = g_data_input_stream_read_line_utf8 (cli->err, NULL, NULL, &error);
  g_assert_no_error (error);
  return line;
}

/* Waits for the exit; returns the exit status and the rest of stdout/stderr. */
static int
cli_wait (Cli *cli, char **rest_out, char **rest_err)
{
  g_autoptr (GString) out = g_string_new (NULL);
  g_autoptr (GString) err = g_string_new (NULL);
  char *line;

  while ((line = cli_read_line (cli)) != NULL)
    {
      g_string_append_printf (out, "%s\n", line);
      g_free (line);
    }
  while ((line = cli_read_err_line (cli)) != NULL)
    {
      g_string_append_printf (err, "%s\n", line);
      g_free (line);
    }
  g_subprocess_wait (cli->process, NULL, NULL);
  if (rest_out != NULL)
    *rest_out = g_string_free (g_steal_pointer (&out), FALSE);
  if (rest_err != NULL)
    *rest_err = g_string_free (g_steal_pointer (&err), FALSE);
  g_assert_true (g_subprocess_get_if_exited (cli->process));
  return g_subprocess_get_exit_status (cli->process);
}

static char *
port_text (guint port)
{
  return g_strdup_printf ("%u", port);
}

static JsonObject *
parse_line (const char *line)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;

  json_parser_load_from_data (parser, line, -1, &error);
  g_assert_no_error (error);
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static void
test_bad_arguments (void)
{
  struct
  {
    const char *a, *b, *c, *d, *e, *f;
    const char *message;
  } bad[] = {
    { NULL, NULL, NULL, NULL, NULL, NULL, "give a configuration FILE or --broker HOST" },
    { "--broker", "h", NULL, NULL, NULL, NULL, "--broker needs at least one --topic FILTER" },
    { "--broker", "h", "--topic", "a", "--qos", "3", "--qos must be 0, 1 or 2, not “3”" },
    { "--broker", "h", "--topic", "a", "--format", "xml", "--format must be jsonl, table or none" },
    { "--broker", "h", "--topic", "a", "--protocol", "4", "--protocol must be 3.1.1 or 5" },
    { "--broker", "h", "--topic", "a", "--timeout", "soon", "--timeout must be a positive number" },
    { "--broker", "h", "--topic", "a", "--cert", "c.pem", "--cert and --key go together" },
    { "f.json", "--broker", "h", NULL, NULL, NULL, "give either FILE or --broker, not both" },
    { "f.json", "--topic", "a", NULL, NULL, NULL, "broker options need --broker" },
    { "--broker", "h", "--topic", "a", "--port", "70000", "--port 70000 is not a port" },
    /* Issue 16, item 14: found before connecting (to "h", which does not resolve). */
    { "--broker", "h", "--topic", "a/#/b", NULL, NULL, "“#” must be the last level" },
    { "--broker", "h", "--topic", "ok/#", "--topic", "a+/b", "“+” must fill a whole level" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr (Cli) cli
          = cli_spawn (NULL, bad[i].a, bad[i].b, bad[i].c, bad[i].d, bad[i].e, bad[i].f, NULL);
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;

      g_assert_cmpint (cli_wait (cli, &out, &err), ==, 2);
      g_assert_cmpstr (out, ==, "");
      if (strstr (err, bad[i].message) == NULL)
        g_error ("case %u: “%s” not in stderr:\n%s", i, bad[i].message, err);
    }
}

static void
test_bad_file (void)
{
  g_autoptr (Cli) cli = cli_spawn (NULL, "/nonexistent/signalboard.json", NULL);
  g_autofree char *err = NULL;

  g_assert_cmpint (cli_wait (cli, NULL, &err), ==, 1);
  g_assert_nonnull (strstr (err, "/nonexistent/signalboard.json"));
}

static void
test_connection_refused (void)
{
  guint port = sb_test_free_port ();
  g_autofree char *port_arg = port_text (port);
  g_autofree char *expected = g_strdup_printf ("Connection refused by 127.0.0.1:%u\n", port);
  g_autoptr (Cli) cli = cli_spawn (NULL, "--broker", "127.0.0.1", "--port", port_arg, "--topic",
                                   "#", "--timeout", "20", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (cli_wait (cli, &out, &err), ==, 3);
  g_assert_cmpstr (out, ==, "");
  g_assert_true (g_str_has_suffix (err, expected));
}

static void
test_unknown_host (void)
{
  g_autoptr (Cli) cli = cli_spawn (NULL, "--broker", "no-such-broker.invalid", "--topic", "#",
                                   "--timeout", "20", NULL);
  g_autofree char *err = NULL;

  g_assert_cmpint (cli_wait (cli, NULL, &err), ==, 3);
  g_assert_cmpstr (err, ==, "signalboard-cli listen: Unknown host “no-such-broker.invalid”\n");
}

/* A password over plain TCP to a broker that is not this computer: warned on
 * stderr (the password itself never printed), also when --broker is an
 * mqtt:// URL; an mqtts:// URL turns TLS on, so no warning. The name never
 * resolves, so nothing leaves the machine; 127.0.0.1 gets no warning
 * (test_wrong_password). */
static void
test_plain_password_warning (void)
{
  const char *warning = "signalboard-cli listen: warning: the password goes to "
                        "no-such-broker.invalid unencrypted (TLS is off and it is not this "
                        "computer)\n";
  struct
  {
    const char *broker;
    gboolean warned;
  } cases[] = {
    { "no-such-broker.invalid", TRUE },
    { "mqtt://no-such-broker.invalid:1884", TRUE },
    { "mqtts://no-such-broker.invalid", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (Cli) cli = cli_spawn ("s3cret-plain", "--broker", cases[i].broker, "--username",
                                       "alice", "--topic", "#", "--timeout", "20", NULL);
      g_autofree char *err = NULL;
      g_autofree char *expected
          = g_strconcat (cases[i].warned ? warning : "",
                         "signalboard-cli listen: Unknown host “no-such-broker.invalid”\n", NULL);

      g_test_message ("--broker %s", cases[i].broker);
      g_assert_cmpint (cli_wait (cli, NULL, &err), ==, 3);
      g_assert_cmpstr (err, ==, expected);
    }
}

static void
test_wrong_password (void)
{
  g_autoptr (SbTestBroker) broker = sb_test_broker_new ();
  g_autofree char *port_arg = NULL;
  g_autofree char *password_file = NULL;
  g_autoptr (GError) error = NULL;

  sb_test_broker_add_user (broker, "alice", "s3cret-right");
  sb_test_broker_start (broker);
  port_arg = port_text (sb_test_broker_get_port (broker));
  password_file = g_build_filename (sb_test_broker_get_dir (broker), "pw", NULL);

  {
    g_autoptr (Cli) cli
        = cli_spawn ("s3cret-wrong", "--broker", "127.0.0.1", "--port", port_arg, "--username",
                     "alice", "--topic", "#", "--timeout", "20", NULL);
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;

    g_assert_cmpint (cli_wait (cli, &out, &err), ==, 3);
    g_assert_cmpstr (err, ==,
                     "signalboard-cli listen: Not authorised: check user name and password\n");
    g_assert_null (strstr (out, "s3cret"));
  }
  {
    /* The right one from a file (first line) works. */
    g_autoptr (Cli) cli = NULL;
    g_autofree char *err = NULL;

    g_file_set_contents (password_file, "s3cret-right\nignored\n", -1, &error);
    g_assert_no_error (error);
    sb_test_broker_publish_args (broker, "-u", "alice", "-P", "s3cret-right", "-t", "auth/x", "-m",
                                 "in", "-r", NULL);
    /* Issue 16, item 6: a password file others can read is used, with a warning. */
    g_assert_cmpint (g_chmod (password_file, 0644), ==, 0);
    cli = cli_spawn ("s3cret-wrong", "--broker", "127.0.0.1", "--port", port_arg, "--username",
                     "alice", "--password-file", password_file, "--topic", "auth/#", "--count", "1",
                     "--timeout", "20", NULL);
    g_assert_cmpint (cli_wait (cli, NULL, &err), ==, 0);
    {
      g_autofree char *warning = g_strdup_printf (
          "signalboard-cli listen: warning: %s is readable by others (mode 0644); make it "
          "private with “chmod 600 %s”\n",
          password_file, password_file);
      g_assert_cmpstr (err, ==, warning);
    }
  }
  {
    /* A private one: no warning. */
    g_autoptr (Cli) cli = NULL;
    g_autofree char *err = NULL;

    g_assert_cmpint (g_chmod (password_file, 0600), ==, 0);
    cli = cli_spawn ("s3cret-wrong", "--broker", "127.0.0.1", "--port", port_arg, "--username",
                     "alice", "--password-file", password_file, "--topic", "auth/#", "--count", "1",
                     "--timeout", "20", NULL);
    g_assert_cmpint (cli_wait (cli, NULL, &err), ==, 0);
    g_assert_cmpstr (err, ==, "");
  }
  {
    /* Issue 16, item 6: FILE --password-file, for a data source with a user
     * name (the keyring error message recommends it); without one, a usage
     * error that says why. */
    g_autofree char *path = g_build_filename (sb_test_broker_get_dir (broker), "auth.json", NULL);
    g_autofree char *config = g_strdup_printf (
        "{\"format\":\"signalboard\",\"version\":1,\"data_sources\":["
        "{\"id\":\"0b6b7a1e-5c1b-4f0e-9d55-2f3a9b6f4c10\",\"name\":\"Alice\",\"type\":\"mqtt\","
        "\"broker\":\"127.0.0.1\",\"port\":%u,\"auth\":{\"username\":\"alice\"},"
        "\"subscriptions\":[{\"topic\":\"auth/#\"}]},"
        "{\"id\":\"1b6b7a1e-5c1b-4f0e-9d55-2f3a9b6f4c11\",\"name\":\"Nobody\",\"type\":\"mqtt\","
        "\"broker\":\"127.0.0.1\",\"port\":%u,\"subscriptions\":[{\"topic\":\"auth/#\"}]}]}",
        sb_test_broker_get_port (broker), sb_test_broker_get_port (broker));

    g_file_set_contents (path, config, -1, &error);
    g_assert_no_error (error);
    {
      g_autoptr (Cli) cli = cli_spawn (NULL, path, "--source", "Alice", "--password-file",
                                       password_file, "--count", "1", "--timeout", "20", NULL);
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;

      g_assert_cmpint (cli_wait (cli, &out, &err), ==, 0);
      g_assert_cmpstr (err, ==, "");
      g_assert_nonnull (strstr (out, "\"topic\":\"auth/x\""));
    }
    {
      g_autoptr (Cli) cli = cli_spawn (NULL, path, "--source", "Nobody", "--password-file",
                                       password_file, "--count", "1", "--timeout", "20", NULL);
      g_autofree char *err = NULL;

      g_assert_cmpint (cli_wait (cli, NULL, &err), ==, 2);
      g_assert_nonnull (
          strstr (err, "--password-file: the data source “Nobody” has no user name to go with it"));
    }
  }
}

static void
test_timeout (void)
{
  g_autoptr (SbTestBroker) broker = sb_test_broker_new ();
  g_autofree char *port_arg = NULL;

  sb_test_broker_start (broker);
  port_arg = port_text (sb_test_broker_get_port (broker));
  {
    g_autoptr (Cli) cli = cli_spawn (NULL, "--broker", "127.0.0.1", "--port", port_arg, "--topic",
                                     "quiet/#", "--count", "1", "--timeout", "0.5", NULL);
    g_autofree char *err = NULL;
    g_assert_cmpint (cli_wait (cli, NULL, &err), ==, 4);
    /* Issue 16, item 15: exit 4 says what happened. */
    g_assert_cmpstr (err, ==, "signalboard-cli listen: timed out after 0.5 s: 0 of 1 message\n");
  }
  {
    g_autoptr (Cli) cli = NULL;
    g_autofree char *err = NULL;

    sb_test_broker_publish (broker, "some/one", "1", 1, TRUE);
    cli = cli_spawn (NULL, "--broker", "127.0.0.1", "--port", port_arg, "--topic", "some/#",
                     "--count", "5", "--timeout", "2", "--format", "none", NULL);
    g_assert_cmpint (cli_wait (cli, NULL, &err), ==, 4);
    g_assert_nonnull (
        strstr (err, "signalboard-cli listen: timed out after 2 s: 1 of 5 messages\n"));
  }
  {
    g_autoptr (Cli) cli = cli_spawn (NULL, "--broker", "127.0.0.1", "--port", port_arg, "--topic",
                                     "quiet/#", "--timeout", "0.5", NULL);
    g_autofree char *out = NULL;
    g_assert_cmpint (cli_wait (cli, &out, NULL), ==, 0);
    g_assert_cmpstr (out, ==, "");
  }
}

/* The jsonl line of a message, checked key by key and in the issue's order. */
static JsonObject *
assert_jsonl (const char *line, const char *source, const char *topic, int qos, gboolean retained)
{
  JsonObject *object = parse_line (line);
  g_autoptr (GList) members = json_object_get_members (object);
  g_autoptr (GRegex) time_format
      = g_regex_new ("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z$", 0, 0, NULL);
  const char *order[] = { "time", "source", "topic", "qos", "retained", NULL };
  guint i = 0;

  g_assert_true (g_str_has_prefix (line, "{\"time\":\""));
  for (GList *l = members; l != NULL; l = l->next, i++)
    {
      if (order[i] != NULL)
        g_assert_cmpstr (l->data, ==, order[i]);
      else
        g_assert_true (g_str_equal (l->data, "payload") || g_str_equal (l->data, "payload_base64"));
    }
  g_assert_cmpuint (i, ==, 6);
  g_assert_true (
      g_regex_match (time_format, json_object_get_string_member (object, "time"), 0, NULL));
  g_assert_cmpstr (json_object_get_string_member (object, "source"), ==, source);
  g_assert_cmpstr (json_object_get_string_member (object, "topic"), ==, topic);
  g_assert_cmpint (json_object_get_int_member (object, "qos"), ==, qos);
  g_assert_cmpint (json_object_get_boolean_member (object, "retained"), ==, retained);
  return object;
}

/* The line about @topic: MQTT orders deliveries only within one QoS flow,
 * and a QoS 2 message is handed over at PUBREL, so a later QoS 0 message may
 * come first. */
static const char *
line_for_topic (char **lines, const char *topic)
{
  for (guint i = 0; lines[i] != NULL; i++)
    {
      JsonObject *object;
      gboolean match;

      if (lines[i][0] == '\0')
        continue;
      object = parse_line (lines[i]);
      match = g_strcmp0 (json_object_get_string_member (object, "topic"), topic) == 0;
      json_object_unref (object);
      if (match)
        return lines[i];
    }
  g_error ("no line about %s", topic);
}

static void
test_jsonl_live (void)
{
  g_autoptr (SbTestBroker) broker = sb_test_broker_new ();
  g_autofree char *port_arg = NULL;
  g_autofree char *bin_path = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (Cli) cli = NULL;
  g_autofree char *line = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_auto (GStrv) lines = NULL;
  guint8 all[256];
  JsonObject *o;
  g_autofree guchar *decoded = NULL;
  gsize decoded_len = 0;

  for (guint i = 0; i < 256; i++)
    all[i] = i;
  sb_test_broker_start (broker);
  port_arg = port_text (sb_test_broker_get_port (broker));
  bin_path = g_build_filename (sb_test_broker_get_dir (broker), "bin", NULL);
  g_file_set_contents (bin_path, (char *)all, sizeof all, &error);
  g_assert_no_error (error);

  /* The retained message arriving says that the CLI has subscribed. */
  sb_test_broker_publish (broker, "live/ready", "ready", 1, TRUE);
  cli = cli_spawn (NULL, "--broker", "127.0.0.1", "--port", port_arg, "--topic", "live/#",
                   "--topic", "werk/#", "--qos", "2", "--count", "5", "--timeout", "20", NULL);
  line = cli_read_line (cli);
  g_assert_nonnull (line);
  o = assert_jsonl (line, "127.0.0.1", "live/ready", 1, TRUE);
  g_assert_cmpstr (json_object_get_string_member (o, "payload"), ==, "ready");
  json_object_unref (o);

  sb_test_broker_publish_args (broker, "-t", "live/bin", "-f", bin_path, "-q", "2", NULL);
  sb_test_broker_publish_args (broker, "-t", "live/empty", "-n", NULL);
  sb_test_broker_publish (broker, "werk/straße/温度", "21 °C \"quoted\" \\ tab\t", 0, FALSE);
  sb_test_broker_publish (broker, "live/last", "last", 2, FALSE);
  g_assert_cmpint (cli_wait (cli, &out, &err), ==, 0);
  g_assert_cmpstr (err, ==, "");
  lines = g_strsplit (out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 5); /* 4 lines and the empty rest */

  o = assert_jsonl (line_for_topic (lines, "live/bin"), "127.0.0.1", "live/bin", 2, FALSE);
  g_assert_false (json_object_has_member (o, "payload"));
  decoded = g_base64_decode (json_object_get_string_member (o, "payload_base64"), &decoded_len);
  g_assert_cmpmem (decoded, decoded_len, all, sizeof all);
  json_object_unref (o);

  o = assert_jsonl (line_for_topic (lines, "live/empty"), "127.0.0.1", "live/empty", 0, FALSE);
  g_assert_cmpstr (json_object_get_string_member (o, "payload"), ==, "");
  json_object_unref (o);

  o = assert_jsonl (line_for_topic (lines, "werk/straße/温度"), "127.0.0.1", "werk/straße/温度", 0,
                    FALSE);
  g_assert_cmpstr (json_object_get_string_member (o, "payload"), ==, "21 °C \"quoted\" \\ tab\t");
  json_object_unref (o);

  o = assert_jsonl (line_for_topic (lines, "live/last"), "127.0.0.1", "live/last", 2, FALSE);
  json_object_unref (o);
}

/* Retained messages reach every new subscriber in the same order: the same
 * stream for both programs without racing their subscriptions. */
static void
test_jsonl_matches_mosquitto_sub (void)
{
  g_autoptr (SbTestBroker) broker = sb_test_broker_new ();
  g_autofree char *port_arg = NULL;
  g_autoptr (GString) expected = g_string_new (NULL);
  g_autoptr (GString) got = g_string_new (NULL);
  g_autofree char *sub_out = NULL;
  g_autofree char *out = NULL;
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) lines = NULL;
  const char *count = "40";
  int status = 0;

  sb_test_broker_start (broker);
  port_arg = port_text (sb_test_broker_get_port (broker));
  for (guint i = 0; i < 40; i++)
    {
      g_autofree char *topic = g_strdup_printf ("cmp/%s/%u", i % 2 ? "straße" : "line", i);
      g_autofree char *payload = g_strdup_printf ("%u \"v\" ü %s", i * 7, i % 3 ? "x" : "\\");
      sb_test_broker_publish (broker, topic, payload, i % 3, TRUE);
    }

  {
    const char *argv[]
        = { "mosquitto_sub", "-h", "127.0.0.1", "-p", port_arg, "-t", "cmp/#", "-v", "-C",
            count,           "-W", "20",        NULL };
    g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &sub_out, NULL,
                  &status, &error);
    g_assert_no_error (error);
    g_assert_true (g_spawn_check_wait_status (status, NULL));
  }
  {
    g_autoptr (Cli) cli = cli_spawn (NULL, "--broker", "127.0.0.1", "--port", port_arg, "--topic",
                                     "cmp/#", "--count", count, "--timeout", "20", NULL);
    g_assert_cmpint (cli_wait (cli, &out, NULL), ==, 0);
  }

  g_string_append (expected, sub_out);
  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL && lines[i][0] != '\0'; i++)
    {
      JsonObject *raw = parse_line (lines[i]);
      g_autofree char *topic = g_strdup (json_object_get_string_member (raw, "topic"));
      int qos = json_object_get_int_member (raw, "qos");
      JsonObject *o;

      json_object_unref (raw);
      o = assert_jsonl (lines[i], "127.0.0.1", topic, qos, TRUE);
      g_string_append_printf (got, "%s %s\n", json_object_get_string_member (o, "topic"),
                              json_object_get_string_member (o, "payload"));
      json_object_unref (o);
    }
  g_assert_cmpuint (g_strv_length (lines), ==, 41);
  g_assert_cmpstr (got->str, ==, expected->str);
}

static void
test_format_none (void)
{
  g_autoptr (SbTestBroker) broker = sb_test_broker_new ();
  g_autofree char *port_arg = NULL;
  g_autoptr (Cli) cli = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  sb_test_broker_start (broker);
  port_arg = port_text (sb_test_broker_get_port (broker));
  sb_test_broker_publish (broker, "n/a", "1", 0, TRUE);
  sb_test_broker_publish (broker, "n/b", "2", 0, TRUE);
  sb_test_broker_publish (broker, "n/c", "3", 0, TRUE);
  cli = cli_spawn (NULL, "--broker", "127.0.0.1", "--port", port_arg, "--topic", "n/#", "--topic",
                   "n/a", "--count", "3", "--timeout", "20", "--format", "none", NULL);
  g_assert_cmpint (cli_wait (cli, &out, &err), ==, 0);
  g_assert_cmpstr (out, ==, "");
  g_assert_true (g_str_has_prefix (err, "received 3 messages on 3 topics in "));
  g_assert_true (g_str_has_suffix (err, " s\n"));
}

/* Issue 16, item 11: --max-topics bounds the topics kept (none: the summary's
 * set; table: the rows); the rest are counted and said, and jsonl still
 * prints every message. */
static void
test_max_topics (void)
{
  g_autoptr (SbTestBroker) broker = sb_test_broker_new ();
  g_autofree char *port_arg = NULL;
  g_autoptr (Cli) none = NULL;
  g_autoptr (Cli) table = NULL;
  g_autoptr (Cli) jsonl = NULL;
  g_autofree char *err = NULL;
  g_autofree char *table_out = NULL;
  g_autofree char *jsonl_out = NULL;
  const char *topics[] = { "max/a", "max/b", "max/c", "max/d", "max/e" };

  sb_test_broker_start (broker);
  port_arg = port_text (sb_test_broker_get_port (broker));
  for (guint i = 0; i < G_N_ELEMENTS (topics); i++)
    sb_test_broker_publish (broker, topics[i], "1", 0, TRUE);

  none
      = cli_spawn (NULL, "--broker", "127.0.0.1", "--port", port_arg, "--topic", "max/#", "--count",
                   "5", "--timeout", "20", "--format", "none", "--max-topics", "2", NULL);
  g_assert_cmpint (cli_wait (none, NULL, &err), ==, 0);
  g_assert_true (g_str_has_prefix (err, "received 5 messages on 5 topics in "));
  g_assert_true (g_str_has_suffix (err, " s\n3 topics not shown: limit 2\n"));

  table
      = cli_spawn (NULL, "--broker", "127.0.0.1", "--port", port_arg, "--topic", "max/#", "--count",
                   "5", "--timeout", "20", "--format", "table", "--max-topics", "4", NULL);
  g_assert_cmpint (cli_wait (table, &table_out, NULL), ==, 0);
  g_assert_nonnull (strstr (table_out, "4 topics, 5 messages · 1 topic not shown: limit 4"));

  jsonl
      = cli_spawn (NULL, "--broker", "127.0.0.1", "--port", port_arg, "--topic", "max/#", "--count",
                   "5", "--timeout", "20", "--format", "jsonl", "--max-topics", "1", NULL);
  g_assert_cmpint (cli_wait (jsonl, &jsonl_out, NULL), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (topics); i++)
    {
      g_autofree char *key = g_strdup_printf ("\"topic\":\"%s\"", topics[i]);
      g_assert_nonnull (strstr (jsonl_out, key));
    }
}

/* What --format table draws last for two retained messages. */
typedef struct
{
  const char *filter;
  const char *topics[2];
  const char *payloads[2];
  int qos[2];
  const char *holds[2];   /* texts the drawing holds */
  const char *matches[2]; /* patterns it matches (NULL: none) */
  const char *lacks[2];   /* texts it must not hold (NULL: none) */
} TableCase;

static const TableCase table_cases[] = {
  /* A header, one line per topic with its value, a total. */
  { "tab/#",
    { "tab/temp", "tab/state" },
    { "21.5", "running" },
    { 1, 0 },
    { "TOPIC", "2 topics, 2 messages" },
    { "tab/temp +1 +1r 21\\.5", "tab/state +1 +0r running" },
    { NULL, NULL } },
  /* Issue 16, item 13: a topic cannot hide behind a bidi override or a
   * zero-width character in the table; it shows them escaped. */
  { "esc/#",
    { "esc/\u202Etxt.exe", "esc/pass\u200Bword" },
    { "1", "2" },
    { 1, 1 },
    { "esc/<U+202E>txt.exe", "esc/pass<U+200B>word" },
    { NULL, NULL },
    { "\u202E", "\u200B" } },
};

static void
test_format_table (gconstpointer data)
{
  const TableCase *c = data;
  g_autoptr (SbTestBroker) broker = sb_test_broker_new ();
  g_autofree char *port_arg = NULL;
  g_autoptr (Cli) cli = NULL;
  g_autofree char *out = NULL;

  sb_test_broker_start (broker);
  port_arg = port_text (sb_test_broker_get_port (broker));
  for (guint i = 0; i < G_N_ELEMENTS (c->topics); i++)
    sb_test_broker_publish (broker, c->topics[i], c->payloads[i], c->qos[i], TRUE);
  cli = cli_spawn (NULL, "--broker", "127.0.0.1", "--port", port_arg, "--topic", c->filter,
                   "--count", "2", "--timeout", "20", "--format", "table", NULL);
  g_assert_cmpint (cli_wait (cli, &out, NULL), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (c->holds); i++)
    g_assert_nonnull (strstr (out, c->holds[i]) ? out : NULL);
  for (guint i = 0; i < G_N_ELEMENTS (c->matches) && c->matches[i] != NULL; i++)
    g_assert_nonnull (g_regex_match_simple (c->matches[i], out, 0, 0) ? out : NULL);
  for (guint i = 0; i < G_N_ELEMENTS (c->lacks) && c->lacks[i] != NULL; i++)
    g_assert_null (strstr (out, c->lacks[i]));
}

static void
test_reconnect_and_sigterm (void)
{
  g_autoptr (SbTestBroker) broker = sb_test_broker_new ();
  g_autofree char *port_arg = NULL;
  g_autoptr (Cli) cli = NULL;
  g_autofree char *line = NULL;
  g_autofree char *err_line = NULL;
  g_autofree char *again = NULL;
  g_autofree char *after = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  sb_test_broker_start (broker);
  port_arg = port_text (sb_test_broker_get_port (broker));
  sb_test_broker_publish (broker, "rc/ready", "ready", 1, TRUE);
  cli = cli_spawn (NULL, "--broker", "127.0.0.1", "--port", port_arg, "--topic", "rc/#",
                   "--timeout", "30", NULL);
  line = cli_read_line (cli);
  g_assert_nonnull (strstr (line, "\"payload\":\"ready\""));

  /* No persistence: the restarted broker forgets the subscription and the
   * retained message, so what arrives next proves the resubscription. */
  sb_test_broker_stop (broker);
  err_line = cli_read_err_line (cli);
  g_assert_nonnull (strstr (err_line, "reconnecting in"));
  sb_test_broker_start (broker);
  again = cli_read_err_line (cli);
  g_assert_nonnull (strstr (again, "reconnected to 127.0.0.1:"));
  sb_test_broker_publish (broker, "rc/after", "after", 1, FALSE);
  after = cli_read_line (cli);
  g_assert_nonnull (strstr (after, "\"topic\":\"rc/after\""));

  g_subprocess_send_signal (cli->process, SIGTERM);
  g_assert_cmpint (cli_wait (cli, &out, &err), ==, 0);
  g_assert_cmpstr (out, ==, "");
}

static void
test_tls (void)
{
  g_autoptr (SbTestBroker) broker = sb_test_broker_new ();
  g_autofree char *tls_port = NULL;

  sb_test_broker_enable_tls (broker, FALSE);
  sb_test_broker_start (broker);
  tls_port = port_text (sb_test_broker_get_tls_port (broker));
  sb_test_broker_publish (broker, "tls/x", "secret", 1, TRUE);
  {
    g_autoptr (Cli) cli = cli_spawn (NULL, "--broker", "127.0.0.1", "--port", tls_port, "--cafile",
                                     sb_test_broker_get_ca_file (broker), "--topic", "tls/#",
                                     "--count", "1", "--timeout", "20", NULL);
    g_autofree char *out = NULL;
    g_assert_cmpint (cli_wait (cli, &out, NULL), ==, 0);
    g_assert_nonnull (strstr (out, "\"payload\":\"secret\""));
  }
  {
    g_autoptr (Cli) cli = cli_spawn (NULL, "--broker", "127.0.0.1", "--port", tls_port, "--cafile",
                                     sb_test_broker_get_other_ca_file (broker), "--topic", "tls/#",
                                     "--count", "1", "--timeout", "20", NULL);
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    g_assert_cmpint (cli_wait (cli, &out, &err), ==, 3);
    g_assert_cmpstr (out, ==, "");
    g_assert_cmpstr (err, ==,
                     "signalboard-cli listen: TLS: unknown CA: no trusted CA signed the broker’s "
                     "certificate (check the CA file)\n");
  }
}

static void
test_file_source (void)
{
  g_autoptr (SbTestBroker) broker = sb_test_broker_new ();
  g_autofree char *path = NULL;
  g_autofree char *config = NULL;
  g_autoptr (GError) error = NULL;

  sb_test_broker_start (broker);
  path = g_build_filename (sb_test_broker_get_dir (broker), "config.json", NULL);
  config = g_strdup_printf (
      "{\"format\":\"signalboard\",\"version\":1,\"data_sources\":["
      "{\"id\":\"0b6b7a1e-5c1b-4f0e-9d55-2f3a9b6f4c10\",\"name\":\"Shopfloor\",\"type\":\"mqtt\","
      "\"broker\":\"127.0.0.1\",\"port\":%u,\"qos\":1,"
      "\"subscriptions\":[{\"topic\":\"shopfloor/counter/\"}]},"
      "{\"id\":\"1b6b7a1e-5c1b-4f0e-9d55-2f3a9b6f4c11\",\"name\":\"Other\",\"type\":\"mqtt\","
      "\"broker\":\"127.0.0.1\",\"port\":%u,"
      "\"subscriptions\":[{\"topic\":\"other/#\"}]}]}",
      sb_test_broker_get_port (broker), sb_test_broker_get_port (broker));
  g_file_set_contents (path, config, -1, &error);
  g_assert_no_error (error);
  sb_test_broker_publish (broker, "shopfloor/counter/", "42", 1, TRUE);
  {
    /* Several sources and no --source: a usage error naming them. */
    g_autoptr (Cli) cli = cli_spawn (NULL, path, "--timeout", "20", NULL);
    g_autofree char *err = NULL;
    g_assert_cmpint (cli_wait (cli, NULL, &err), ==, 2);
    g_assert_nonnull (strstr (err, "“Shopfloor”, “Other”"));
  }
  {
    g_autoptr (Cli) cli
        = cli_spawn (NULL, path, "--source", "Shopfloor", "--count", "1", "--timeout", "20", NULL);
    g_autofree char *out = NULL;
    JsonObject *o;

    g_assert_cmpint (cli_wait (cli, &out, NULL), ==, 0);
    g_strchomp (out);
    o = assert_jsonl (out, "Shopfloor", "shopfloor/counter/", 1, TRUE);
    g_assert_cmpstr (json_object_get_string_member (o, "payload"), ==, "42");
    json_object_unref (o);
  }
}

/* Choosing what to listen to (FILE [--source NAME] or --broker HOST|URL), each
 * mistake with its exact message and exit code, before anything connects. */
static void
test_target_errors (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("sb-listen-XXXXXX", &error);
  g_autofree char *one = NULL;
  g_autofree char *empty = NULL;
  g_autofree char *missing_pw = NULL;
  g_autofree char *unknown_source = NULL;
  g_autofree char *no_sources = NULL;
  g_autofree char *two_files = NULL;
  g_autofree char *no_password_file = NULL;
  const char *hint = "Try “signalboard-cli listen --help” for more information.\n";

  g_assert_no_error (error);
  one = g_build_filename (dir, "one.json", NULL);
  empty = g_build_filename (dir, "empty.json", NULL);
  missing_pw = g_build_filename (dir, "missing-pw", NULL);
  g_file_set_contents (one,
                       "{\"format\":\"signalboard\",\"version\":1,\"data_sources\":[{\"id\":"
                       "\"0b6b7a1e-5c1b-4f0e-9d55-2f3a9b6f4c10\",\"name\":\"Shopfloor\",\"type\":"
                       "\"mqtt\",\"broker\":\"127.0.0.1\",\"port\":1,\"subscriptions\":[{"
                       "\"topic\":\"a/#\"}]}]}",
                       -1, &error);
  g_assert_no_error (error);
  g_file_set_contents (empty, "{\"format\":\"signalboard\",\"version\":1,\"data_sources\":[]}", -1,
                       &error);
  g_assert_no_error (error);
  unknown_source = g_strdup_printf (
      "signalboard-cli listen: %s has no data source named “Nope”\n%s", one, hint);
  no_sources = g_strdup_printf ("%s: no data sources to listen to\n", empty);
  two_files
      = g_strdup_printf ("signalboard-cli listen: one FILE at most, got “%s” too\n%s", empty, hint);
  no_password_file = g_strdup_printf (
      "signalboard-cli listen: Cannot read the password file %s: no such file\n%s", missing_pw,
      hint);

  {
    struct
    {
      const char *args[7];
      int status;
      const char *err;
    } cases[] = {
      { { one, "--source", "Nope" }, 2, unknown_source },
      { { empty }, 1, no_sources },
      { { one, empty }, 2, two_files },
      { { one, "--websockets" },
        2,
        "signalboard-cli listen: broker options need --broker; FILE has its own settings\n" },
      { { "--broker", "h", "--source", "Shopfloor", "--topic", "a" },
        2,
        "signalboard-cli listen: --source picks a data source of FILE\n" },
      { { "--broker", "", "--topic", "a" },
        2,
        "signalboard-cli listen: --broker needs a host name\n" },
      { { "--broker", "h", "--topic", "a", "--password-file", missing_pw }, 2, no_password_file },
      { { "--broker", "mqtt://h", "--websockets", "--topic", "a" },
        2,
        "signalboard-cli listen: --websockets contradicts the URL mqtt://h (use ws:// or "
        "wss://)\n" },
      { { "--broker", "ws://h/a", "--path", "/b", "--topic", "a" },
        2,
        "signalboard-cli listen: --broker ws://h/a has path /a, but --path says /b\n" },
      { { "--broker", "h", "--websockets", "--path", "a b", "--topic", "a" },
        2,
        "signalboard-cli listen: --path: “a b” does not start with “/” (like “/mqtt”)\n" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
      {
        const char *const *a = cases[i].args;
        g_autoptr (Cli) cli = cli_spawn (NULL, a[0], a[1], a[2], a[3], a[4], a[5], a[6], NULL);
        g_autofree char *out = NULL;
        g_autofree char *err = NULL;
        g_autofree char *expected = NULL;

        g_test_message ("case %u: %s %s %s", i, a[0], a[1] != NULL ? a[1] : "",
                        a[2] != NULL ? a[2] : "");
        g_assert_cmpint (cli_wait (cli, &out, &err), ==, cases[i].status);
        g_assert_cmpstr (out, ==, "");
        /* Usage errors end with the hint to --help. */
        expected = cases[i].status == 2 && !g_str_has_suffix (cases[i].err, hint)
                       ? g_strconcat (cases[i].err, hint, NULL)
                       : g_strdup (cases[i].err);
        g_assert_cmpstr (err, ==, expected);
      }
  }
  g_unlink (one);
  g_unlink (empty);
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli-listen/bad-arguments", test_bad_arguments);
  g_test_add_func ("/cli-listen/bad-file", test_bad_file);
  g_test_add_func ("/cli-listen/connection-refused", test_connection_refused);
  g_test_add_func ("/cli-listen/unknown-host", test_unknown_host);
  g_test_add_func ("/cli-listen/plain-password-warning", test_plain_password_warning);
  g_test_add_func ("/cli-listen/wrong-password", test_wrong_password);
  g_test_add_func ("/cli-listen/timeout", test_timeout);
  g_test_add_func ("/cli-listen/jsonl-live", test_jsonl_live);
  g_test_add_func ("/cli-listen/jsonl-matches-mosquitto-sub", test_jsonl_matches_mosquitto_sub);
  g_test_add_func ("/cli-listen/format-none", test_format_none);
  g_test_add_func ("/cli-listen/max-topics", test_max_topics);
  g_test_add_data_func ("/cli-listen/format-table", &table_cases[0], test_format_table);
  g_test_add_data_func ("/cli-listen/format-table-escapes-topics", &table_cases[1],
                        test_format_table);
  g_test_add_func ("/cli-listen/reconnect-and-sigterm", test_reconnect_and_sigterm);
  g_test_add_func ("/cli-listen/tls", test_tls);
  g_test_add_func ("/cli-listen/file-source", test_file_source);
  g_test_add_func ("/cli-listen/target-errors", test_target_errors);

  return g_test_run ();
}
