/* test-cli-config.c: signalboard-cli validate and list, run as a user runs
 * them, over the bad-input corpus and the cases made at run time
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <errno.h>
#include <gio/gio.h>
#include <sys/resource.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sb-test-broker.h"
#include "sb-test-run.h"

static guint
count_lines (const char *text)
{
  guint n = 0;

  for (const char *p = text; *p != '\0'; p++)
    n += *p == '\n';
  return n;
}

static int
compare_names (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *)a, *(const char *const *)b);
}

/* Every file of the corpus: exit 1, nothing on stdout, and exactly the one
 * line of its .expected file on stderr. */
static void
test_corpus (void)
{
  const char *dir_path = g_test_get_filename (G_TEST_DIST, "tests", "core", "config", "bad", NULL);
  g_autoptr (GDir) dir = g_dir_open (dir_path, 0, NULL);
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      if (g_str_has_suffix (name, ".json"))
        g_ptr_array_add (names, g_strdup (name));
      else
        {
          /* an .expected without its case would test nothing */
          g_autofree char *base = g_strndup (name, strlen (name) - strlen (".expected"));
          g_autofree char *json = g_strconcat (base, ".json", NULL);
          g_autofree char *json_path = g_build_filename (dir_path, json, NULL);
          g_assert_true (g_str_has_suffix (name, ".expected"));
          g_assert_true (g_file_test (json_path, G_FILE_TEST_IS_REGULAR));
        }
    }
  g_ptr_array_sort (names, compare_names);
  g_assert_cmpuint (names->len, >=, 40);

  for (guint i = 0; i < names->len; i++)
    {
      const char *json = g_ptr_array_index (names, i);
      g_autofree char *base = g_strndup (json, strlen (json) - strlen (".json"));
      g_autofree char *expected_path = g_strconcat (dir_path, "/", base, ".expected", NULL);
      g_autofree char *expected = NULL;
      g_auto (SbTestRun) run = { 0 };

      g_test_message ("corpus: %s", json);
      g_assert_true (g_file_get_contents (expected_path, &expected, NULL, NULL));
      sb_test_run_cli (&run, dir_path, NULL, "validate", json, NULL);
      g_assert_cmpstr (run.err, ==, expected);
      g_assert_cmpint (run.status, ==, 1);
      g_assert_cmpstr (run.out, ==, "");
      g_assert_cmpuint (count_lines (run.err), ==, 1);
      g_assert_true (g_str_has_prefix (run.err, json));
    }
}

static char *
make_tmp_dir (void)
{
  g_autoptr (GError) error = NULL;
  char *dir = g_dir_make_tmp ("sb-test-cli-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static void
write_file (const char *dir, const char *name, const char *data, gsize length)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr (GError) error = NULL;

  g_file_set_contents (path, data, length, &error);
  g_assert_no_error (error);
}

static void
assert_bad (const char *dir, const char *name, const char *expected_err)
{
  g_auto (SbTestRun) run = { 0 };

  g_test_message ("generated: %s", name);
  sb_test_run_cli (&run, dir, NULL, "validate", name, NULL);
  g_assert_cmpstr (run.err, ==, expected_err);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpstr (run.out, ==, "");
}

static void
test_generated (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autoptr (GString) deep = g_string_new (NULL);
  g_autofree char *big_path = g_build_filename (dir, "big.json", NULL);
  g_autofree char *sub_dir = g_build_filename (dir, "folder.json", NULL);
  FILE *big;

  /* 100,000 levels, of arrays and of objects */
  for (int i = 0; i < 100000; i++)
    g_string_append_c (deep, '[');
  for (int i = 0; i < 100000; i++)
    g_string_append_c (deep, ']');
  write_file (dir, "deep-arrays.json", deep->str, deep->len);
  assert_bad (dir, "deep-arrays.json",
              "deep-arrays.json:1:65: objects and arrays are nested more than 64 deep\n");
  g_string_truncate (deep, 0);
  for (int i = 0; i < 100000; i++)
    g_string_append (deep, "{\"a\":");
  write_file (dir, "deep-objects.json", deep->str, deep->len);
  assert_bad (dir, "deep-objects.json",
              "deep-objects.json:1:321: objects and arrays are nested more than 64 deep\n");

  /* 17 MiB of real text, refused by its size */
  big = fopen (big_path, "w");
  g_assert_nonnull (big);
  fputs ("{\"format\": \"signalboard\", \"version\": 1, \"data_sources\": [", big);
  for (int i = 0; i < 17 * 1024; i++)
    {
      char line[1024];
      memset (line, ' ', sizeof line);
      line[sizeof line - 1] = '\n';
      g_assert_cmpuint (fwrite (line, 1, sizeof line, big), ==, sizeof line);
    }
  fputs ("]}\n", big);
  fclose (big);
  assert_bad (dir, "big.json",
              "big.json: the file is 17.0\u00a0MiB (17825852 bytes); a configuration is at most "
              "16 MiB\n");

  write_file (dir, "nul.json", "{\"format\":\n\0\0}", 14);
  assert_bad (dir, "nul.json",
              "nul.json:2:1: the file contains a NUL byte: it is not a text file\n");
  write_file (dir, "latin1.json", "{\"name\": \"K\xf6ln\"}", -1);
  assert_bad (dir, "latin1.json", "latin1.json:1:12: invalid UTF-8: the file must be UTF-8 text\n");
  g_assert_cmpint (g_mkdir (sub_dir, 0755), ==, 0);
  assert_bad (dir, "folder.json", "folder.json: is a directory, not a configuration file\n");
  assert_bad (dir, "missing.json", "missing.json: no such file\n");

  sb_test_remove_tree (dir);
}

/* The address-space limit of the hostile-file runs: a 12 MiB file must be
 * refused well inside it. */
#define AMPLIFY_RLIMIT_AS (256 * 1024 * 1024)

static void
limit_address_space (gpointer data)
{
  struct rlimit limit = { AMPLIFY_RLIMIT_AS, AMPLIFY_RLIMIT_AS };

  setrlimit (RLIMIT_AS, &limit);
}

/* validate FILE under a 256 MiB RLIMIT_AS (ASan reserves terabytes of address
 * space for its shadow: there the file runs unlimited, and its own checks
 * still apply). */
static void
run_validate_limited (SbTestRun *run, const char *dir, const char *name)
{
  g_autoptr (GSubprocessLauncher) launcher
      = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr (GSubprocess) process = NULL;
  g_autoptr (GBytes) out = NULL;
  g_autoptr (GBytes) err = NULL;
  g_autoptr (GError) error = NULL;

  g_subprocess_launcher_set_cwd (launcher, dir);
#ifndef __SANITIZE_ADDRESS__
  g_subprocess_launcher_set_child_setup (launcher, limit_address_space, NULL, NULL);
#endif
  process
      = g_subprocess_launcher_spawn (launcher, &error, sb_test_cli_path (), "validate", name, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate (process, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);
  /* a crash from a failed allocation is exactly what this guards against */
  g_assert_true (g_subprocess_get_if_exited (process));
  run->status = g_subprocess_get_exit_status (process);
  run->out = g_strndup (g_bytes_get_data (out, NULL), g_bytes_get_size (out));
  run->err = g_strndup (g_bytes_get_data (err, NULL), g_bytes_get_size (err));
  if (run->out == NULL)
    run->out = g_strdup ("");
}

/* Issue 16, item 7: a 12 MiB file with a 1 MiB key over five million numbers
 * made validate grow past 11 GB (the scan copied the path per number). */
static void
test_amplification (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autoptr (GString) text = g_string_sized_new (13 * 1024 * 1024);
  g_auto (SbTestRun) long_key = { 0 };
  g_auto (SbTestRun) many = { 0 };

  g_string_append (text, "{\"");
  for (guint i = 0; i < 1024 * 1024; i++)
    g_string_append_c (text, 'k');
  g_string_append (text, "\":[0");
  for (guint i = 1; i < 5000000; i++)
    g_string_append (text, ",0");
  g_string_append (text, "]}\n");
  write_file (dir, "amplify.json", text->str, text->len);
  run_validate_limited (&long_key, dir, "amplify.json");
  g_assert_cmpstr (long_key.err, ==,
                   "amplify.json:1:2: a key of 1048576 bytes: keys are at most 4096 bytes\n");
  g_assert_cmpint (long_key.status, ==, 1);
  g_assert_cmpstr (long_key.out, ==, "");

  /* the same numbers under a short key: json-glib would keep ~100 bytes each */
  g_string_erase (text, 2, 1024 * 1024 - 1);
  write_file (dir, "many.json", text->str, text->len);
  run_validate_limited (&many, dir, "many.json");
  g_assert_cmpstr (many.err, ==,
                   "many.json:1:2000003: more than 1000000 values: no configuration is that "
                   "large\n");
  g_assert_cmpint (many.status, ==, 1);

  sb_test_remove_tree (dir);
}

/* Tests run as root, who reads everything: the CLI runs as "nobody" for this one. */
static void
test_unreadable (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "secret.json", NULL);
  g_autofree char *setpriv = g_find_program_in_path ("setpriv");
  g_auto (SbTestRun) run = { 0 };

  if (getuid () != 0 || setpriv == NULL)
    {
      if (getuid () != 0)
        {
          /* not root: a 0000 file is unreadable for us directly */
          write_file (dir, "secret.json", "{}", 2);
          g_assert_cmpint (g_chmod (path, 0), ==, 0);
          sb_test_run_cli (&run, dir, NULL, "validate", "secret.json", NULL);
          g_assert_cmpstr (run.err, ==, "secret.json: permission denied: cannot read the file\n");
          g_assert_cmpint (run.status, ==, 1);
          sb_test_remove_tree (dir);
          return;
        }
      g_test_skip ("running as root without setpriv: cannot drop privileges to test this");
      sb_test_remove_tree (dir);
      return;
    }

  g_assert_cmpint (g_chmod (dir, 0755), ==, 0);
  write_file (dir, "secret.json", "{}", 2);
  g_assert_cmpint (g_chmod (path, 0), ==, 0);
  {
    const char *argv[] = { setpriv,
                           "--reuid=nobody",
                           "--regid=nogroup",
                           "--clear-groups",
                           sb_test_cli_path (),
                           "validate",
                           "secret.json",
                           NULL };
    sb_test_run_argv (&run, dir, NULL, argv);
  }
  if (run.status != 1 && strstr (run.err, "signalboard-cli") == NULL)
    {
      /* setpriv itself failed (no such user here, say): say so instead of passing */
      g_test_message ("setpriv: %s", run.err);
      g_test_skip ("cannot run the CLI as user nobody");
      sb_test_remove_tree (dir);
      return;
    }
  g_assert_cmpstr (run.err, ==, "secret.json: permission denied: cannot read the file\n");
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpstr (run.out, ==, "");
  sb_test_remove_tree (dir);
}

static const char two_sources[]
    = "\xEF\xBB\xBF{\"format\": \"signalboard\", \"version\": 1, \"data_sources\": ["
      "{\"name\": \"Halle Süd\", \"type\": \"mqtt\", \"broker\": \"broker.example.com\", "
      "\"qos\": 0, \"tls\": {\"enabled\": true}, \"subscriptions\": [{\"topic\": \"a\"}, "
      "{\"topic\": \"b\"}, {\"topic\": \"c\"}]},"
      "{\"name\": \"L\", \"type\": \"mqtt\", \"broker\": \"::1\", \"port\": 11883, "
      "\"subscriptions\": [{\"topic\": \"#\"}]}]}";

/* Wide and combining characters: 東京 takes 4 columns, "é" written e + U+0301 one. */
static const char wide_names[]
    = "{\"format\": \"signalboard\", \"version\": 1, \"data_sources\": ["
      "{\"name\": \"東京\", \"type\": \"mqtt\", \"broker\": \"h\", \"subscriptions\": "
      "[{\"topic\": \"a\"}]},"
      "{\"name\": \"Caf\\u0065\\u0301 line\", \"type\": \"mqtt\", \"broker\": \"h\", "
      "\"subscriptions\": [{\"topic\": \"a\"}]}]}";

static void
test_validate_ok (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *example = g_build_filename (dir, "shopfloor.json", NULL);
  g_autofree char *contents = NULL;
  g_auto (SbTestRun) run = { 0 };
  g_auto (SbTestRun) mixed = { 0 };
  g_auto (SbTestRun) empty = { 0 };

  g_assert_true (g_file_get_contents (
      g_test_get_filename (G_TEST_DIST, "data", "examples", "shopfloor.json", NULL), &contents,
      NULL, NULL));
  write_file (dir, "shopfloor.json", contents, -1);
  write_file (dir, "two.json", two_sources, -1);
  write_file (dir, "none.json",
              "{\"format\": \"signalboard\", \"version\": 1, \"data_sources\": []}", -1);

  /* The shipped example validates */
  sb_test_run_cli (&run, dir, NULL, "validate", "shopfloor.json", NULL);
  g_assert_cmpstr (run.out, ==, "shopfloor.json: ok (1 data source, 6 subscriptions)\n");
  g_assert_cmpstr (run.err, ==, "");
  g_assert_cmpint (run.status, ==, 0);

  /* Several files: each reported; one bad file makes the exit status 1 */
  sb_test_run_cli (&mixed, dir, NULL, "validate", "two.json", "missing.json", "shopfloor.json",
                   NULL);
  g_assert_cmpstr (mixed.out, ==,
                   "two.json: ok (2 data sources, 4 subscriptions)\n"
                   "shopfloor.json: ok (1 data source, 6 subscriptions)\n");
  g_assert_cmpstr (mixed.err, ==, "missing.json: no such file\n");
  g_assert_cmpint (mixed.status, ==, 1);

  sb_test_run_cli (&empty, dir, NULL, "validate", "none.json", NULL);
  g_assert_cmpstr (empty.out, ==, "none.json: ok (0 data sources, 0 subscriptions)\n");
  g_assert_cmpint (empty.status, ==, 0);

  sb_test_remove_tree (dir);
}

static void
test_validate_many_problems (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_auto (SbTestRun) run = { 0 };

  write_file (dir, "bad.json",
              "{\"format\": \"signalboard\", \"version\": 1, \"data_sources\": [{\"name\": \"\", "
              "\"type\": \"mqtt\", \"broker\": \"mqtt://h\", \"port\": 0, \"subscriptions\": "
              "[{\"topic\": \"a#\"}]}]}",
              -1);
  sb_test_run_cli (&run, dir, NULL, "validate", "bad.json", NULL);
  g_assert_cmpstr (run.err, ==,
                   "bad.json: data_sources[0].port: 0 is not a port (1-65535)\n"
                   "bad.json: data_sources[0].name: a name is required\n"
                   "bad.json: data_sources[0].broker: “mqtt://h” has a scheme: remove the scheme "
                   "“mqtt://” and give only the host\n"
                   "bad.json: data_sources[0].subscriptions[0].topic: in “a#”, “#” must fill a "
                   "whole level (“a/#”, not “a#”)\n");
  g_assert_cmpint (run.status, ==, 1);
  sb_test_remove_tree (dir);
}

static void
test_list (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *contents = NULL;
  g_auto (SbTestRun) table = { 0 };
  g_auto (SbTestRun) example_table = { 0 };
  g_auto (SbTestRun) json = { 0 };
  g_auto (SbTestRun) json_short = { 0 };
  g_auto (SbTestRun) bad = { 0 };

  g_assert_true (g_file_get_contents (
      g_test_get_filename (G_TEST_DIST, "data", "examples", "shopfloor.json", NULL), &contents,
      NULL, NULL));
  write_file (dir, "shopfloor.json", contents, -1);
  write_file (dir, "two.json", two_sources, -1);

  sb_test_run_cli (&example_table, dir, NULL, "list", "shopfloor.json", NULL);
  g_assert_cmpstr (example_table.out, ==,
                   "NAME       BROKER     PORT  QOS  SUBSCRIPTIONS\n"
                   "Shopfloor  localhost  1883  1    6\n");
  g_assert_cmpint (example_table.status, ==, 0);

  /* Columns line up by characters; PORT is the port in use (TLS default 8883) */
  sb_test_run_cli (&table, dir, NULL, "list", "--format", "table", "two.json", NULL);
  g_assert_cmpstr (table.out, ==,
                   "NAME       BROKER              PORT   QOS  SUBSCRIPTIONS\n"
                   "Halle Süd  broker.example.com  8883   0    3\n"
                   "L          ::1                 11883  1    1\n");
  g_assert_cmpstr (table.err, ==, "");
  g_assert_cmpint (table.status, ==, 0);

  /* --format json is the canonical file: the example is canonical already */
  sb_test_run_cli (&json, dir, NULL, "list", "shopfloor.json", "--format", "json", NULL);
  g_assert_cmpstr (json.out, ==, contents);
  g_assert_cmpint (json.status, ==, 0);
  sb_test_run_cli (&json_short, dir, NULL, "list", "-f", "json", "two.json", NULL);
  g_assert_true (g_str_has_prefix (json_short.out, "{\n  \"format\": \"signalboard\",\n"));
  g_assert_null (strstr (json_short.out, "\xEF\xBB\xBF"));
  g_assert_nonnull (strstr (json_short.out, "\"name\": \"Halle Süd\""));
  g_assert_cmpint (json_short.status, ==, 0);

  {
    g_auto (SbTestRun) wide = { 0 };
    write_file (dir, "wide.json", wide_names, -1);
    sb_test_run_cli (&wide, dir, NULL, "list", "wide.json", NULL);
    g_assert_cmpstr (wide.out, ==,
                     "NAME       BROKER  PORT  QOS  SUBSCRIPTIONS\n"
                     "東京       h       1883  1    1\n"
                     "Cafe\xcc\x81 line  h       1883  1    1\n");
    g_assert_cmpint (wide.status, ==, 0);
  }

  sb_test_run_cli (&bad, dir, NULL, "list", "missing.json", NULL);
  g_assert_cmpstr (bad.out, ==, "");
  g_assert_cmpstr (bad.err, ==, "missing.json: no such file\n");
  g_assert_cmpint (bad.status, ==, 1);

  sb_test_remove_tree (dir);
}

static void
assert_usage_error (const char *command, const char *message, ...)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *expected = NULL;
  g_auto (SbTestRun) run = { 0 };
  const char *arg;
  va_list args;

  g_ptr_array_add (argv, (gpointer)sb_test_cli_path ());
  g_ptr_array_add (argv, (gpointer)command);
  va_start (args, message);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (gpointer)arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  sb_test_run_argv (&run, NULL, NULL, (const char *const *)argv->pdata);
  expected = g_strdup_printf ("signalboard-cli %s: %s\n"
                              "Try “signalboard-cli %s --help” for more information.\n",
                              command, message, command);
  g_assert_cmpstr (run.err, ==, expected);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_cmpint (run.status, ==, 2);
}

static void
test_usage (void)
{
  g_auto (SbTestRun) version = { 0 };
  g_auto (SbTestRun) help = { 0 };
  g_auto (SbTestRun) validate_help = { 0 };
  g_auto (SbTestRun) list_help = { 0 };

  assert_usage_error ("validate", "no configuration file given", NULL);
  assert_usage_error ("validate", "Unknown option --strict", "--strict", "a.json", NULL);
  assert_usage_error ("list", "no configuration file given", NULL);
  assert_usage_error ("list", "one configuration file at a time (got 2)", "a.json", "b.json", NULL);
  assert_usage_error ("list", "unknown format “xml” (use “table” or “json”)", "--format", "xml",
                      "a.json", NULL);
  assert_usage_error ("list", "Missing argument for --format", "a.json", "--format", NULL);

  sb_test_run_cli (&version, NULL, NULL, "--version", NULL);
  g_assert_cmpint (version.status, ==, 0);
  g_assert_true (g_str_has_prefix (version.out, "signalboard-cli "));
  g_assert_true (g_ascii_isdigit (version.out[strlen ("signalboard-cli ")]));

  sb_test_run_cli (&help, NULL, NULL, "--help", NULL);
  g_assert_cmpint (help.status, ==, 0);
  g_assert_nonnull (strstr (help.out, "validate"));
  g_assert_nonnull (strstr (help.out, "list"));

  sb_test_run_cli (&validate_help, NULL, NULL, "validate", "--help", NULL);
  g_assert_cmpint (validate_help.status, ==, 0);
  g_assert_nonnull (strstr (validate_help.out, "FILE…"));
  g_assert_nonnull (strstr (validate_help.out, "Exit status: 0 all valid, 1 a file is invalid"));

  sb_test_run_cli (&list_help, NULL, NULL, "list", "--help", NULL);
  g_assert_cmpint (list_help.status, ==, 0);
  g_assert_nonnull (strstr (list_help.out, "--format"));
  g_assert_nonnull (strstr (list_help.out, "table|json"));
}

/* Issue 16, item 8: a FIFO nobody writes to, or a device, given as the file
 * must not hang validate, list or import (timeout(1) kills a hang: exit 124);
 * each is refused with what it is, exit 1. */
static void
test_not_regular (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *fifo = g_build_filename (dir, "config.json", NULL);
  const char *cli = sb_test_cli_path ();
  struct
  {
    const char *command, *file, *message;
  } cases[] = {
    { "validate", "config.json", "config.json: is a named pipe (FIFO), not a regular file\n" },
    { "list", "config.json", "config.json: is a named pipe (FIFO), not a regular file\n" },
    { "validate", "/dev/zero", "/dev/zero: is a character device, not a regular file\n" },
    { "import", "config.json", "is a named pipe (FIFO), not a regular file" },
  };

  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto (SbTestRun) run = { 0 };
      const char *argv[] = { "timeout", "20", cli, cases[i].command, cases[i].file, NULL };

      if (g_str_equal (cases[i].command, "import"))
        {
          const char *import_argv[] = { "timeout", "20",          cli,  "import",   "--from",
                                        "mqttx",   cases[i].file, "-o", "out.json", NULL };
          sb_test_run_argv (&run, dir, NULL, import_argv);
        }
      else
        sb_test_run_argv (&run, dir, NULL, argv);
      if (run.status != 1 || strstr (run.err, cases[i].message) == NULL)
        g_error ("case %u: exit %d, stderr “%s”", i, run.status, run.err);
      g_assert_cmpstr (run.out, ==, "");
    }
  g_assert_false (g_file_test (fifo, G_FILE_TEST_IS_REGULAR));
  sb_test_remove_tree (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli-config/corpus", test_corpus);
  g_test_add_func ("/cli-config/generated", test_generated);
  g_test_add_func ("/cli-config/amplification", test_amplification);
  g_test_add_func ("/cli-config/unreadable", test_unreadable);
  g_test_add_func ("/cli-config/not-regular", test_not_regular);
  g_test_add_func ("/cli-config/validate-ok", test_validate_ok);
  g_test_add_func ("/cli-config/validate-many-problems", test_validate_many_problems);
  g_test_add_func ("/cli-config/list", test_list);
  g_test_add_func ("/cli-config/usage", test_usage);

  return g_test_run ();
}
