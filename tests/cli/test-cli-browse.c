/* test-cli-browse.c: `signalboard-cli browse` against a real mosquitto: the JSON document as the
 * contract says (broker, seconds, topics, the tree with the empty level, topics_not_kept), the
 * tree on a terminal, and the exit codes of listen.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "sb-test-broker.h"
#include "sb-test-run.h"

static int
run_cli (char **out, char **err, const char *first, ...)
{
  g_auto (SbTestRun) run = { 0 };
  va_list args;

  va_start (args, first);
  sb_test_run_cli_valist (&run, NULL, NULL, first, args);
  va_end (args);
  *out = g_steal_pointer (&run.out);
  *err = g_steal_pointer (&run.err);
  return run.status;
}

static JsonObject *
child_named (JsonArray *children, const char *name)
{
  for (guint i = 0; i < json_array_get_length (children); i++)
    {
      JsonObject *node = json_array_get_object_element (children, i);
      if (g_str_equal (json_object_get_string_member (node, "name"), name))
        return node;
    }
  g_error ("no node named \"%s\"", name);
  return NULL;
}

static void
test_json (void)
{
  SbTestBroker *broker = sb_test_broker_new ();
  g_autofree char *port = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *expected_broker = NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;
  JsonObject *root, *shopfloor, *counter, *empty;
  JsonArray *tree;

  sb_test_broker_start (broker);
  port = g_strdup_printf ("%u", sb_test_broker_get_port (broker));
  sb_test_broker_publish (broker, "shopfloor/counter/", "41", 1, TRUE);
  sb_test_broker_publish (broker, "shopfloor/station1/", "200", 1, TRUE);
  sb_test_broker_publish (broker, "plant/press4", "on", 1, TRUE);

  g_assert_cmpint (run_cli (&out, &err, "browse", "--broker", "127.0.0.1", "--port", port,
                            "--seconds", "0.5", "--format", "json", NULL),
                   ==, 0);
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  expected_broker = g_strdup_printf ("127.0.0.1:%s", port);
  g_assert_cmpstr (json_object_get_string_member (root, "broker"), ==, expected_broker);
  g_assert_cmpfloat (json_object_get_double_member (root, "seconds"), ==, 0.5);
  g_assert_cmpint (json_object_get_int_member (root, "topics"), ==, 3);
  g_assert_false (json_object_has_member (root, "topics_not_kept"));
  tree = json_object_get_array_member (root, "tree");
  g_assert_cmpuint (json_array_get_length (tree), ==, 2);
  /* Sorted by name; every node has the five keys. */
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (tree, 0), "name"),
                   ==, "plant");
  shopfloor = child_named (tree, "shopfloor");
  g_assert_cmpstr (json_object_get_string_member (shopfloor, "topic"), ==, "shopfloor");
  g_assert_cmpint (json_object_get_int_member (shopfloor, "messages"), ==, 0);
  g_assert_false (json_object_get_boolean_member (shopfloor, "retained"));
  counter = child_named (json_object_get_array_member (shopfloor, "children"), "counter");
  empty = child_named (json_object_get_array_member (counter, "children"), "");
  g_assert_cmpstr (json_object_get_string_member (empty, "topic"), ==, "shopfloor/counter/");
  g_assert_cmpint (json_object_get_int_member (empty, "messages"), ==, 1);
  g_assert_true (json_object_get_boolean_member (empty, "retained"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (empty, "children")), ==,
                    0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* The limit: the rest are counted. */
  g_assert_cmpint (run_cli (&out, &err, "browse", "--broker", "127.0.0.1", "--port", port,
                            "--seconds", "0.5", "--format", "json", "--max-topics", "2", NULL),
                   ==, 0);
  g_assert_nonnull (strstr (out, "\"topics_not_kept\":"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* The tree for a person. */
  g_assert_cmpint (run_cli (&out, &err, "browse", "--broker", "127.0.0.1", "--port", port,
                            "--seconds", "0.5", "--format", "tree", NULL),
                   ==, 0);
  g_assert_nonnull (strstr (out, ": 3 topics\n"));
  g_assert_nonnull (strstr (out, "├─ counter\n│  └─ \"\"  = 41  (1 message, retained)\n"));
  sb_test_broker_free (broker);
}

static void
test_exit_codes (void)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *port = g_strdup_printf ("%u", sb_test_free_port ());
  g_autofree char *dir = g_dir_make_tmp ("sb-browse-XXXXXX", NULL);
  g_autofree char *bad = g_build_filename (dir, "bad.json", NULL);

  g_assert_cmpint (run_cli (&out, &err, "browse", "--broker", "127.0.0.1", "--format", "xml", NULL),
                   ==, 2);
  g_assert_nonnull (strstr (err, "--format must be tree or json"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_cli (&out, &err, "browse", NULL), ==, 2);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_cli (&out, &err, "browse", "--broker", "127.0.0.1", "--port", port,
                            "--seconds", "1", NULL),
                   ==, 3);
  g_assert_nonnull (strstr (err, "refused"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_true (g_file_set_contents (bad, "{", -1, NULL));
  g_assert_cmpint (run_cli (&out, &err, "browse", bad, NULL), ==, 1);
  g_unlink (bad);
  g_rmdir (dir);
}

/* --password-file as listen takes it (the man page: browse's broker options
 * are those of listen): for a data source of FILE only with a user name, and
 * a file others can read draws a warning. Neither connects. */
static void
test_password_file (void)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *dir = g_dir_make_tmp ("sb-browse-XXXXXX", NULL);
  g_autofree char *config = g_build_filename (dir, "one.json", NULL);
  g_autofree char *password = g_build_filename (dir, "pw", NULL);
  g_autofree char *expected = NULL;

  g_assert_true (g_file_set_contents (
      config,
      "{\"format\":\"signalboard\",\"version\":1,\"data_sources\":[{\"id\":"
      "\"0b6b7a1e-5c1b-4f0e-9d55-2f3a9b6f4c10\",\"name\":\"Shopfloor\",\"type\":\"mqtt\","
      "\"broker\":\"127.0.0.1\",\"port\":1,\"subscriptions\":[{\"topic\":\"a/#\"}]}]}",
      -1, NULL));
  g_assert_true (g_file_set_contents (password, "s3cret\n", -1, NULL));
  g_assert_cmpint (g_chmod (password, 0644), ==, 0);

  g_assert_cmpint (run_cli (&out, &err, "browse", config, "--password-file", password, NULL), ==,
                   2);
  g_assert_cmpstr (out, ==, "");
  expected = g_strdup_printf (
      "signalboard-cli browse: warning: %s is readable by others (mode 0644); make it private "
      "with “chmod 600 %s”\n"
      "signalboard-cli browse: --password-file: the data source “Shopfloor” has no user name to "
      "go with it\n"
      "Try “signalboard-cli browse --help” for more information.\n",
      password, password);
  g_assert_cmpstr (err, ==, expected);
  g_unlink (password);
  g_unlink (config);
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cli/browse/json", test_json);
  g_test_add_func ("/cli/browse/exit-codes", test_exit_codes);
  g_test_add_func ("/cli/browse/password-file", test_password_file);
  return g_test_run ();
}
