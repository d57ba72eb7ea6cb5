/* test-cli-import.c: signalboard-cli import and export, run as a user runs them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#if HAVE_LIBSECRET
#include <libsecret/secret.h>
#endif

#include "sb-config.h"
#include "sb-secrets.h"
#include "sb-test-broker.h"
#include "sb-test-run.h"
#if HAVE_LIBSECRET
#include "sb-test-keyring.h"
#endif

typedef struct
{
  char *dir;
  char *explorer;
  char *mqttx;
} Fixture;

static char *
sample (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "tests", "core", "import", "samples", name, NULL);
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  f->dir = g_dir_make_tmp ("sb-cli-import-XXXXXX", NULL);
  g_assert_nonnull (f->dir);
  f->explorer = sample ("mqtt-explorer-settings.json");
  f->mqttx = sample ("mqttx-export.json");
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  sb_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->explorer);
  g_free (f->mqttx);
}

static char *
in_dir (Fixture *f, const char *name)
{
  return g_build_filename (f->dir, name, NULL);
}

/* Runs signalboard-cli with @args (NULL-terminated) in the fixture's folder.
 * Without a keyring fixture the child sees no session bus, so that a
 * developer's own keyring is never touched. */
static void
run_cli (Fixture *f, SbTestRun *run, gboolean with_bus, const char *first, ...)
{
  g_auto (GStrv) env = g_get_environ ();
  va_list args;

  if (!with_bus)
    env = g_environ_unsetenv (env, "DBUS_SESSION_BUS_ADDRESS");
  va_start (args, first);
  sb_test_run_cli_valist (run, f->dir, (const char *const *)env, first, args);
  va_end (args);
}

static void
assert_mode_0600 (const char *path)
{
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
}

static void
assert_no_password (SbTestRun *run)
{
  for (guint i = 0; i < 2; i++)
    {
      const char *text = i == 0 ? run->out : run->err;
      g_assert_null (strstr (text, "op-secret-1"));
      g_assert_null (strstr (text, "l1-secret-2"));
    }
}

static void
test_import_mqtt_explorer (Fixture *f, gconstpointer data)
{
  g_auto (SbTestRun) run = { 0 };
  g_auto (SbTestRun) validate = { 0 };
  g_autofree char *output = in_dir (f, "signalboard.json");
  g_autofree char *ca = in_dir (f, "Secure-plant-ca.crt");
  g_autofree char *key = in_dir (f, "Secure-plant-key.key");
  g_autoptr (SbConfig) config = NULL;
  g_autoptr (GError) error = NULL;
  SbDataSource *source;

  run_cli (f, &run, FALSE, "import", "--from", "mqtt-explorer", f->explorer, "-o",
           "signalboard.json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "");
  /* Per connection: what was imported, and each thing that could not be. */
  g_assert_true (g_str_has_prefix (
      run.out, "imported “Shopfloor” (broker.plant.example:1883, 6 subscriptions)\n"
               "  - the password is left out: give it when connecting\n"
               "imported “Secure plant” (secure.plant.example:8883, TLS, 1 subscription)\n"
               "  - certificate verification is off, as it was there: the connection is not "
               "safe from impostors\n"
               "imported “Browser gateway” (ws://gw.plant.example:9001/mqtt, 1 subscription)\n"
               "imported “Sandbox” (test.mosquitto.example:1883, 1 subscription)\n"));
  g_assert_nonnull (strstr (run.out, "  - no subscriptions: subscribed to “#” (every topic)\n"));
  g_assert_true (g_str_has_suffix (run.out, "4 of 4 connections imported into signalboard.json\n"));
  assert_no_password (&run);

  config = sb_config_load_from_file (output, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sb_config_get_n_data_sources (config), ==, 4);
  source = sb_config_get_data_source (config, 0);
  g_assert_cmpstr (sb_data_source_get_name (source), ==, "Shopfloor");
  g_assert_cmpstr (sb_data_source_get_username (source), ==, "operator");
  g_assert_cmpstr (sb_data_source_get_password (source), ==, "");
  source = sb_config_get_data_source (config, 1);
  g_assert_cmpstr (sb_data_source_get_tls_ca_file (source), ==, ca);
  g_assert_cmpstr (sb_data_source_get_tls_client_key (source), ==, key);
  assert_mode_0600 (ca);
  assert_mode_0600 (key);
  assert_mode_0600 (output);

  run_cli (f, &validate, FALSE, "validate", "signalboard.json", NULL);
  g_assert_cmpint (validate.status, ==, 0);
  g_assert_cmpstr (validate.out, ==, "signalboard.json: ok (4 data sources, 9 subscriptions)\n");
}

static void
test_import_mqttx_passwords_in_file (Fixture *f, gconstpointer data)
{
  g_auto (SbTestRun) run = { 0 };
  g_autofree char *output = in_dir (f, "plant.json");
  g_autoptr (SbConfig) config = NULL;
  g_autoptr (GError) error = NULL;
  SbDataSource *source;

  run_cli (f, &run, FALSE, "import", "--from=mqttx", "--passwords", "file", f->mqttx, "-o", output,
           NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "imported “Line 1” as “Line 1 (2)” "
                                     "(line1b.plant.example:1884, 1 subscription)\n"));
  g_assert_nonnull (strstr (run.out, "  - the password is stored in the configuration file "
                                     "(mode 0600)\n"));
  /* The last will is carried over, so nothing is said about it. */
  g_assert_null (strstr (run.out, "last will"));
  g_assert_nonnull (strstr (
      run.out, "imported “WS dashboard” (wss://ws.plant.example:8084/mqtt, 1 subscription)\n"));
  g_assert_nonnull (strstr (run.out, "5 of 5 connections imported into"));
  assert_no_password (&run);

  config = sb_config_load_from_file (output, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sb_config_get_n_data_sources (config), ==, 5);
  source = sb_config_find_by_name (config, "Line 1");
  g_assert_cmpstr (sb_data_source_get_password (source), ==, "l1-secret-2");
  g_assert_cmpint (sb_data_source_get_password_store (source), ==, SB_PASSWORD_STORE_FILE);
  g_assert_cmpstr (sb_data_source_get_will_topic (source), ==, "plant/line1/online");
  g_assert_true (sb_data_source_get_will_retain (source));
  source = sb_config_find_by_name (config, "TLS line");
  g_assert_cmpint (sb_data_source_get_protocol (source), ==, SB_PROTOCOL_MQTT_5);
  g_assert_cmpstr (sb_data_source_get_tls_client_cert (source), ==,
                   "/nonexistent/mqttx/client.crt");
  assert_mode_0600 (output);
}

#if HAVE_LIBSECRET
/* With a Secret Service running, passwords go there by default. */
static void
test_import_passwords_to_keyring (Fixture *f, gconstpointer data)
{
  g_autoptr (SbTestKeyring) keyring = sb_test_keyring_new ();
  g_autofree char *output = in_dir (f, "signalboard.json");
  g_autoptr (SbConfig) config = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *password = NULL;
  g_autofree char *contents = NULL;
  SbDataSource *source;

  {
    g_auto (SbTestRun) run = { 0 };
    run_cli (f, &run, TRUE, "import", "--from", "mqtt-explorer", f->explorer, "-o", output, NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_nonnull (strstr (run.out, "imported “Shopfloor” (broker.plant.example:1883, 6 "
                                       "subscriptions)\n"
                                       "  - the password is stored in the keyring\n"));
    assert_no_password (&run);
  }

  g_assert_true (g_file_get_contents (output, &contents, NULL, NULL));
  g_assert_null (strstr (contents, "op-secret-1"));
  config = sb_config_load_from_file (output, &error);
  g_assert_no_error (error);
  source = sb_config_find_by_name (config, "Shopfloor");
  g_assert_cmpint (sb_data_source_get_password_store (source), ==, SB_PASSWORD_STORE_KEYRING);
  password = sb_secrets_lookup (source, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (password, ==, "op-secret-1");

  /* A refused import (duplicate names) stores nothing more. */
  {
    g_auto (SbTestRun) run = { 0 };
    run_cli (f, &run, TRUE, "import", "--from", "mqtt-explorer", f->explorer, "-o", output, NULL);
    g_assert_cmpint (run.status, ==, 1);
  }

  g_assert_true (sb_secrets_clear (source, NULL, NULL));
  secret_service_disconnect ();
}
#endif

static void
test_import_merges (Fixture *f, gconstpointer data)
{
  g_auto (SbTestRun) run = { 0 };
  g_autofree char *output = in_dir (f, "signalboard.json");
  g_autoptr (SbConfig) existing = sb_config_new ();
  g_autoptr (SbDataSource) local = sb_data_source_new ();
  g_autoptr (SbSubscription) topic = sb_subscription_new ("shopfloor/#");
  g_autoptr (SbConfig) config = NULL;
  g_autoptr (GError) error = NULL;

  sb_data_source_set_name (local, "Local");
  sb_data_source_set_broker (local, "127.0.0.1");
  sb_data_source_add_subscription (local, topic);
  sb_config_append (existing, local);
  g_assert_true (sb_config_save_to_file (existing, output, &error));

  /* "auto" tells the MQTTX export by its shape. */
  run_cli (f, &run, FALSE, "import", "--from", "auto", f->mqttx, "-o", output, NULL);
  g_assert_cmpint (run.status, ==, 0);

  config = sb_config_load_from_file (output, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sb_config_get_n_data_sources (config), ==, 6);
  /* What was there stays first and unchanged; the imports follow in file order. */
  g_assert_true (sb_data_source_equal (sb_config_get_data_source (config, 0), local));
  g_assert_cmpstr (sb_data_source_get_name (sb_config_get_data_source (config, 1)), ==, "Line 1");
  g_assert_cmpstr (sb_data_source_get_name (sb_config_get_data_source (config, 4)), ==,
                   "WS dashboard");
  g_assert_cmpstr (sb_data_source_get_name (sb_config_get_data_source (config, 5)), ==,
                   "Line 1 (2)");
}

static void
test_import_refuses_duplicates (Fixture *f, gconstpointer data)
{
  g_auto (SbTestRun) first = { 0 };
  g_auto (SbTestRun) run = { 0 };
  g_autofree char *output = in_dir (f, "signalboard.json");
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gsize before_length, after_length;
  g_autoptr (GDir) dir = NULL;
  const char *name;
  guint n_files = 0;

  run_cli (f, &first, FALSE, "import", "--from", "mqttx", f->mqttx, "-o", output, NULL);
  g_assert_cmpint (first.status, ==, 0);
  g_assert_true (g_file_get_contents (output, &before, &before_length, NULL));

  run_cli (f, &run, FALSE, "import", "--from", "mqttx", f->mqttx, "-o", output, NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_nonnull (strstr (run.err, ": already has data sources named “Line 1”, “TLS line”, "
                                     "“Old broker”, “WS dashboard”, “Line 1 (2)”; nothing was "
                                     "imported"));
  g_assert_true (g_file_get_contents (output, &after, &after_length, NULL));
  g_assert_cmpmem (before, before_length, after, after_length);

  /* Nothing else appeared either (no backup, no certificate). */
  dir = g_dir_open (f->dir, 0, NULL);
  while ((name = g_dir_read_name (dir)) != NULL)
    n_files++;
  g_assert_cmpuint (n_files, ==, 1);
}

static void
test_import_bad_input (Fixture *f, gconstpointer data)
{
  g_autofree char *not_json = in_dir (f, "not-json.json");
  g_autofree char *shape = in_dir (f, "shape.json");
  g_autofree char *ws_only = in_dir (f, "ws-only.json");
  g_autofree char *bad_output = in_dir (f, "bad-output.json");
  g_autofree char *output = in_dir (f, "out.json");
  g_autofree char *expected = NULL;

  g_assert_true (g_file_set_contents (not_json, "host=localhost\n", -1, NULL));
  g_assert_true (g_file_set_contents (shape, "{\"connections\": []}\n", -1, NULL));
  g_assert_true (g_file_set_contents (
      ws_only, "[{\"name\": \"W\", \"host\": \"h\", \"protocol\": \"quic\"}]", -1, NULL));
  g_assert_true (g_file_set_contents (bad_output, "{\"format\": \"signalboard\"}\n", -1, NULL));

  {
    g_auto (SbTestRun) run = { 0 };
    run_cli (f, &run, FALSE, "import", "--from", "mqttx", not_json, "-o", output, NULL);
    g_assert_cmpint (run.status, ==, 1);
    expected = g_strdup_printf ("%s:1:1: ", not_json);
    g_assert_true (g_str_has_prefix (run.err, expected));
    g_assert_cmpuint (strlen (run.err) - 1, ==, strcspn (run.err, "\n"));
  }
  {
    g_auto (SbTestRun) run = { 0 };
    g_autofree char *message = g_strdup_printf (
        "%s: not an MQTTX export: the top level is not a list of connections\n", shape);
    run_cli (f, &run, FALSE, "import", "--from", "mqttx", shape, "-o", output, NULL);
    g_assert_cmpint (run.status, ==, 1);
    g_assert_cmpstr (run.err, ==, message);
  }
  {
    g_auto (SbTestRun) run = { 0 };
    g_autofree char *message = g_strdup_printf (
        "%s: not MQTT Explorer’s settings.json: the top level is a list, as in an MQTTX export "
        "(import it with --from mqttx)\n",
        f->mqttx);
    run_cli (f, &run, FALSE, "import", "--from", "mqtt-explorer", f->mqttx, "-o", output, NULL);
    g_assert_cmpint (run.status, ==, 1);
    g_assert_cmpstr (run.err, ==, message);
  }
  {
    g_auto (SbTestRun) run = { 0 };
    run_cli (f, &run, FALSE, "import", "--from", "mqttx", "missing.json", "-o", output, NULL);
    g_assert_cmpint (run.status, ==, 1);
    g_assert_cmpstr (run.err, ==, "missing.json: no such file\n");
  }
  {
    g_auto (SbTestRun) run = { 0 };
    g_autofree char *message
        = g_strdup_printf ("%s: no connection can be imported; %s is unchanged\n", ws_only, output);
    run_cli (f, &run, FALSE, "import", "--from", "mqttx", ws_only, "-o", output, NULL);
    g_assert_cmpint (run.status, ==, 1);
    g_assert_true (g_str_has_prefix (
        run.out, "not imported “W”\n  - not imported: the protocol “quic” is not known"));
    g_assert_cmpstr (run.err, ==, message);
  }
  {
    /* Asked for the keyring where none runs: refused before anything is written. */
    g_auto (SbTestRun) run = { 0 };
    g_autofree char *message
        = g_strdup_printf ("%s: cannot store the password of “Shopfloor” in the keyring: ", output);
    run_cli (f, &run, FALSE, "import", "--from", "mqtt-explorer", f->explorer, "-o", output,
             "--passwords", "keyring", NULL);
    g_assert_cmpint (run.status, ==, 1);
    g_assert_true (g_str_has_prefix (run.err, message));
    assert_no_password (&run);
  }
  /* Nothing was created by any of them: no configuration, no certificate. */
  g_assert_false (g_file_test (output, G_FILE_TEST_EXISTS));
  {
    g_autofree char *ca = in_dir (f, "Secure-plant-ca.crt");
    g_assert_false (g_file_test (ca, G_FILE_TEST_EXISTS));
  }

  {
    /* An OUTPUT that is not a valid configuration is not merged into. */
    g_auto (SbTestRun) run = { 0 };
    g_autofree char *prefix = g_strdup_printf ("%s: ", bad_output);
    run_cli (f, &run, FALSE, "import", "--from", "mqttx", f->mqttx, "-o", bad_output, NULL);
    g_assert_cmpint (run.status, ==, 1);
    g_assert_true (g_str_has_prefix (run.err, prefix));
    g_assert_nonnull (strstr (run.err, "data_sources"));
  }
}

/* A hostile file cannot drive the terminal through the report. */
static void
test_import_report_escapes (Fixture *f, gconstpointer data)
{
  g_auto (SbTestRun) run = { 0 };
  g_autofree char *input = in_dir (f, "escape.json");

  g_assert_true (g_file_set_contents (
      input,
      "[{\"name\": \"Evil\\u001b]0;owned\\u0007\", \"host\": \"h.example\","
      "  \"subscriptions\": [{\"topic\": \"a/#/\\u001b[2J\"}]},"
      " {\"name\": \"C1\\u009b31m\", \"host\": \"h.example\", \"protocol\": \"ws\"}]",
      -1, NULL));
  run_cli (f, &run, FALSE, "import", "--from", "mqttx", input, "-o", "out.json", "--passwords",
           "leave-out", NULL);
  /* Neither can be imported: a name with a control character is refused too. */
  g_assert_cmpint (run.status, ==, 1);
  g_assert_null (strchr (run.out, '\x1b'));
  g_assert_null (strchr (run.out, '\x07'));
  g_assert_null (strstr (run.out, "\xc2\x9b"));
  g_assert_nonnull (strstr (run.out, "subscription “a/#/?[2J” left out"));
  g_assert_nonnull (strstr (run.out, "not imported “Evil?]0;owned?”\n"));
  g_assert_nonnull (strstr (run.out, "not imported “C1?31m”\n"));
}

static void
test_import_usage (Fixture *f, gconstpointer data)
{
  static const char *const cases[][7] = {
    { "import", NULL },
    { "import", "in.json", "-o", "out.json", NULL },
    { "import", "--from", "hivemq", "in.json", "-o", "out.json", NULL },
    { "import", "--from", "mqttx", "in.json", NULL },
    { "import", "--from", "mqttx", "a.json", "b.json", "-o", "out.json" },
    { "import", "--from", "mqttx", "--passwords", "paper", "in.json", NULL },
    { "import", "--bogus", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto (SbTestRun) run = { 0 };
      run_cli (f, &run, FALSE, cases[i][0], cases[i][1], cases[i][2], cases[i][3], cases[i][4],
               cases[i][5], cases[i][6], NULL);
      g_assert_cmpint (run.status, ==, 2);
      g_assert_true (g_str_has_prefix (run.err, "signalboard-cli import: "));
      g_assert_nonnull (strstr (run.err, "signalboard-cli import --help"));
    }
  {
    g_auto (SbTestRun) run = { 0 };
    run_cli (f, &run, FALSE, "import", "--help", NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_nonnull (strstr (run.out, "--from"));
    g_assert_nonnull (strstr (run.out, "--passwords"));
    g_assert_nonnull (strstr (run.out, "mqtt-explorer"));
  }
}

static void
test_export (Fixture *f, gconstpointer data)
{
  g_autofree char *input = in_dir (f, "all.json");
  g_autofree char *output = in_dir (f, "two.json");
  g_autoptr (SbConfig) all = NULL;
  g_autoptr (SbConfig) two = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  {
    g_auto (SbTestRun) run = { 0 };
    run_cli (f, &run, FALSE, "import", "--from", "mqtt-explorer", f->explorer, "-o", input,
             "--passwords", "file", NULL);
    g_assert_cmpint (run.status, ==, 0);
  }
  {
    g_auto (SbTestRun) run = { 0 };
    run_cli (f, &run, FALSE, "export", input, "--source", "Sandbox", "--source", "Shopfloor", "-o",
             "two.json", NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_cmpstr (run.out, ==, "2 data sources exported to two.json\n");
    assert_no_password (&run);
  }
  {
    g_auto (SbTestRun) run = { 0 };
    run_cli (f, &run, FALSE, "validate", "two.json", NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_cmpstr (run.out, ==, "two.json: ok (2 data sources, 7 subscriptions)\n");
  }
  assert_mode_0600 (output);
  all = sb_config_load_from_file (input, &error);
  g_assert_no_error (error);
  two = sb_config_load_from_file (output, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sb_config_get_n_data_sources (two), ==, 2);
  g_assert_true (sb_data_source_equal (sb_config_get_data_source (two, 0),
                                       sb_config_find_by_name (all, "Sandbox")));
  g_assert_true (sb_data_source_equal (sb_config_get_data_source (two, 1),
                                       sb_config_find_by_name (all, "Shopfloor")));
  g_assert_cmpstr (sb_data_source_get_password (sb_config_get_data_source (two, 1)), ==,
                   "op-secret-1");
  {
    /* To pass a file on: the same, without the password. */
    g_auto (SbTestRun) run = { 0 };
    g_autofree char *shared = in_dir (f, "shared.json");
    g_autofree char *contents = NULL;
    g_autoptr (SbConfig) loaded = NULL;

    run_cli (f, &run, FALSE, "export", input, "--source", "Shopfloor", "--without-passwords", "-o",
             "shared.json", NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_true (g_file_get_contents (shared, &contents, NULL, NULL));
    g_assert_null (strstr (contents, "op-secret-1"));
    loaded = sb_config_load_from_file (shared, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (sb_data_source_get_username (sb_config_get_data_source (loaded, 0)), ==,
                     "operator");
  }
  {
    /* Issue 16, item 3: every secret goes, the key passphrase too. */
    g_auto (SbTestRun) run = { 0 };
    g_autofree char *keyed = in_dir (f, "keyed.json");
    g_autofree char *shared = in_dir (f, "shared-keyed.json");
    g_autofree char *contents = NULL;
    g_autoptr (SbConfig) loaded = NULL;
    SbDataSource *shopfloor = sb_config_find_by_name (all, "Shopfloor");

    sb_data_source_set_tls_enabled (shopfloor, TRUE);
    sb_data_source_set_tls_client_cert (shopfloor, "/etc/plant/client.pem");
    sb_data_source_set_tls_client_key (shopfloor, "/etc/plant/client.key");
    sb_data_source_set_tls_client_key_password (shopfloor, "key-secret-7");
    g_assert_true (sb_config_save_to_file (all, keyed, &error));
    g_assert_no_error (error);
    run_cli (f, &run, FALSE, "export", keyed, "--source", "Shopfloor", "--without-passwords", "-o",
             "shared-keyed.json", NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_true (g_file_get_contents (shared, &contents, NULL, NULL));
    g_assert_null (strstr (contents, "op-secret-1"));
    g_assert_null (strstr (contents, "key-secret-7"));
    g_assert_null (strstr (contents, "client_key_password"));
    loaded = sb_config_load_from_file (shared, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (sb_data_source_get_tls_client_key (sb_config_get_data_source (loaded, 0)), ==,
                     "/etc/plant/client.key");
  }

  g_assert_true (g_file_get_contents (output, &before, NULL, NULL));
  {
    g_auto (SbTestRun) run = { 0 };
    g_autofree char *message = g_strdup_printf ("%s: no data source named “Nope”\n", input);
    run_cli (f, &run, FALSE, "export", input, "--source", "Nope", "-o", "other.json", NULL);
    g_assert_cmpint (run.status, ==, 1);
    g_assert_cmpstr (run.err, ==, message);
  }
  {
    g_auto (SbTestRun) run = { 0 };
    run_cli (f, &run, FALSE, "export", input, "--source", "Secure plant", "-o", "two.json", NULL);
    g_assert_cmpint (run.status, ==, 1);
    g_assert_cmpstr (run.err, ==,
                     "two.json: exists already; export writes a new file (--force replaces it)\n");
    g_assert_true (g_file_get_contents (output, &after, NULL, NULL));
    g_assert_cmpstr (after, ==, before);
  }
  {
    g_auto (SbTestRun) run = { 0 };
    g_clear_object (&two);
    run_cli (f, &run, FALSE, "export", input, "--source", "Secure plant", "-o", "two.json",
             "--force", NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_cmpstr (run.out, ==, "1 data source exported to two.json\n");
    two = sb_config_load_from_file (output, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (sb_data_source_get_name (sb_config_get_data_source (two, 0)), ==,
                     "Secure plant");
  }
  {
    g_auto (SbTestRun) run = { 0 };
    run_cli (f, &run, FALSE, "export", input, "-o", "x.json", NULL);
    g_assert_cmpint (run.status, ==, 2);
    g_assert_nonnull (strstr (run.err, "--source NAME is required"));
  }
  {
    g_auto (SbTestRun) run = { 0 };
    run_cli (f, &run, FALSE, "export", input, "--source", "Sandbox", NULL);
    g_assert_cmpint (run.status, ==, 2);
  }
  {
    g_auto (SbTestRun) run = { 0 };
    run_cli (f, &run, FALSE, "export", "missing.json", "--source", "Sandbox", "-o", "x.json", NULL);
    g_assert_cmpint (run.status, ==, 1);
    g_assert_true (g_str_has_prefix (run.err, "missing.json: "));
  }
  {
    g_auto (SbTestRun) run = { 0 };
    run_cli (f, &run, FALSE, "export", "--help", NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_nonnull (strstr (run.out, "--source"));
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/cli/import/mqtt-explorer", test_import_mqtt_explorer);
  ADD ("/cli/import/mqttx-passwords-in-file", test_import_mqttx_passwords_in_file);
#if HAVE_LIBSECRET
  ADD ("/cli/import/passwords-to-keyring", test_import_passwords_to_keyring);
#endif
  ADD ("/cli/import/merge", test_import_merges);
  ADD ("/cli/import/duplicates", test_import_refuses_duplicates);
  ADD ("/cli/import/bad-input", test_import_bad_input);
  ADD ("/cli/import/report-escapes", test_import_report_escapes);
  ADD ("/cli/import/usage", test_import_usage);
  ADD ("/cli/export", test_export);
#undef ADD

  return g_test_run ();
}
