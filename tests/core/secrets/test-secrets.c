/* test-secrets.c: passwords in a real gnome-keyring-daemon on a private bus
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <libsecret/secret.h>

#include "sb-config.h"
#include "sb-secrets.h"
#include "sb-test-broker.h"
#include "sb-test-keyring.h"

static SbDataSource *
make_source (const char *name, const char *broker, const char *username)
{
  SbDataSource *source = sb_data_source_new ();

  sb_data_source_set_name (source, name);
  sb_data_source_set_broker (source, broker);
  sb_data_source_set_username (source, username);
  return source;
}

/* What Seahorse would list for this id: every item of our schema. */
static GList *
items_for_id (const char *id)
{
  static const SecretSchema schema = {
    SB_SECRETS_SCHEMA_NAME,
    SECRET_SCHEMA_NONE,
    { { "id", SECRET_SCHEMA_ATTRIBUTE_STRING }, { NULL, 0 } },
  };
  g_autoptr (GHashTable) attributes = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GError) error = NULL;
  GList *items;

  /* SecretService's search, not secret_password_search_sync(): the latter
   * leaks in libsecret 0.20.5 (LeakSanitizer, secret_item_new_for_dbus_path). */
  g_hash_table_insert (attributes, "id", (gpointer)id);
  items = secret_service_search_sync (NULL, &schema, attributes, SECRET_SEARCH_ALL, NULL, &error);
  g_assert_no_error (error);
  return items;
}

static void
store_ok (SbDataSource *source, const char *password)
{
  g_autoptr (GError) error = NULL;
  gboolean ok = sb_secrets_store (source, password, NULL, &error);

  g_assert_no_error (error);
  g_assert_true (ok);
}

static void
clear_ok (SbDataSource *source)
{
  g_autoptr (GError) error = NULL;
  gboolean ok = sb_secrets_clear (source, NULL, &error);

  g_assert_no_error (error);
  g_assert_true (ok);
}

static void
assert_no_password_in (const GError *error, const char *password)
{
  g_assert_nonnull (error);
  g_assert_null (strstr (error->message, password));
}

static void
test_available (void)
{
  g_assert_true (sb_secrets_available ());
}

static void
test_round_trip (void)
{
  g_autoptr (SbDataSource) source = make_source ("Line 1", "broker.example", "operator");
  g_autoptr (GError) error = NULL;
  g_autofree char *none = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *after_clear = NULL;

  none = sb_secrets_lookup (source, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (none);

  store_ok (source, "s3cret pässwörd");
  g_assert_no_error (error);
  first = sb_secrets_lookup (source, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (first, ==, "s3cret pässwörd");

  store_ok (source, "changed");
  g_assert_no_error (error);
  second = sb_secrets_lookup (source, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (second, ==, "changed");

  clear_ok (source);
  g_assert_no_error (error);
  after_clear = sb_secrets_lookup (source, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (after_clear);
  /* Clearing nothing is not an error. */
  clear_ok (source);
  g_assert_no_error (error);
}

static void
test_two_sources (void)
{
  /* Same name, broker and user: only the id tells them apart. */
  g_autoptr (SbDataSource) a = make_source ("Press", "10.0.0.5", "plc");
  g_autoptr (SbDataSource) b = make_source ("Press", "10.0.0.5", "plc");
  g_autoptr (GError) error = NULL;
  g_autofree char *a_password = NULL;
  g_autofree char *b_password = NULL;
  g_autofree char *a_after = NULL;
  g_autofree char *b_after = NULL;

  g_assert_cmpstr (sb_data_source_get_id (a), !=, sb_data_source_get_id (b));
  store_ok (a, "alpha");
  store_ok (b, "bravo");
  g_assert_no_error (error);

  a_password = sb_secrets_lookup (a, NULL, &error);
  b_password = sb_secrets_lookup (b, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (a_password, ==, "alpha");
  g_assert_cmpstr (b_password, ==, "bravo");

  clear_ok (a);
  a_after = sb_secrets_lookup (a, NULL, &error);
  b_after = sb_secrets_lookup (b, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (a_after);
  g_assert_cmpstr (b_after, ==, "bravo");
  clear_ok (b);
}

static void
test_label_and_attributes (void)
{
  g_autoptr (SbDataSource) source = make_source ("Line 2", "mqtt.plant.example", "reader");
  g_autoptr (GError) error = NULL;
  g_autoptr (GHashTable) attributes = NULL;
  g_autofree char *label = NULL;
  g_autofree char *password = NULL;
  GList *items;

  store_ok (source, "first");
  /* Broker and user move: still one item for the id, with the new details. */
  sb_data_source_set_broker (source, "mqtt2.plant.example");
  sb_data_source_set_username (source, "writer");
  store_ok (source, "second");
  g_assert_no_error (error);

  items = items_for_id (sb_data_source_get_id (source));
  g_assert_cmpuint (g_list_length (items), ==, 1);
  label = secret_item_get_label (items->data);
  attributes = secret_item_get_attributes (items->data);
  g_list_free_full (items, g_object_unref);

  g_assert_cmpstr (label, ==, "Signalboard: Line 2 (writer@mqtt2.plant.example)");
  g_assert_cmpstr (g_hash_table_lookup (attributes, "id"), ==, sb_data_source_get_id (source));
  g_assert_cmpstr (g_hash_table_lookup (attributes, "broker"), ==, "mqtt2.plant.example");
  g_assert_cmpstr (g_hash_table_lookup (attributes, "username"), ==, "writer");
  g_assert_cmpstr (g_hash_table_lookup (attributes, "xdg:schema"), ==, SB_SECRETS_SCHEMA_NAME);

  password = sb_secrets_lookup (source, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (password, ==, "second");
  clear_ok (source);
}

typedef struct
{
  GAsyncResult *result;
} AsyncWait;

static void
async_done (GObject *object, GAsyncResult *result, gpointer user_data)
{
  AsyncWait *wait = user_data;

  wait->result = g_object_ref (result);
}

static gboolean
has_result (gpointer data)
{
  return ((AsyncWait *)data)->result != NULL;
}

static GAsyncResult *
wait_result (AsyncWait *wait)
{
  GAsyncResult *result;

  g_assert_true (sb_test_wait_for (has_result, wait, 10000));
  result = wait->result;
  wait->result = NULL;
  return result;
}

static void
test_async (void)
{
  g_autoptr (SbDataSource) source = make_source ("Async", "127.0.0.1", "");
  g_autoptr (GError) error = NULL;
  AsyncWait wait = { NULL };
  GAsyncResult *result;
  char *password;

  sb_secrets_available_async (NULL, async_done, &wait);
  result = wait_result (&wait);
  g_assert_true (sb_secrets_available_finish (result));
  g_object_unref (result);

  sb_secrets_store_async (source, "over the bus", NULL, async_done, &wait);
  /* The caller may edit or drop its source while the store runs. */
  sb_data_source_set_name (source, "Renamed meanwhile");
  result = wait_result (&wait);
  g_assert_true (sb_secrets_store_finish (result, &error));
  g_assert_no_error (error);
  g_object_unref (result);

  sb_secrets_lookup_async (source, NULL, async_done, &wait);
  result = wait_result (&wait);
  password = sb_secrets_lookup_finish (result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (password, ==, "over the bus");
  sb_secrets_free_password (password);
  g_object_unref (result);

  sb_secrets_clear_async (source, NULL, async_done, &wait);
  result = wait_result (&wait);
  g_assert_true (sb_secrets_clear_finish (result, &error));
  g_assert_no_error (error);
  g_object_unref (result);

  sb_secrets_lookup_async (source, NULL, async_done, &wait);
  result = wait_result (&wait);
  password = sb_secrets_lookup_finish (result, &error);
  g_assert_no_error (error);
  g_assert_null (password);
  g_object_unref (result);
}

/* Runs in a child process (g_test_trap_subprocess): no keyring there. */
static void
check_unavailable (void)
{
  g_autoptr (SbDataSource) source = make_source ("Nowhere", "127.0.0.1", "u");
  g_autoptr (GError) error = NULL;
  g_autofree char *password = NULL;

  g_assert_false (sb_secrets_available ());
  g_assert_false (sb_secrets_store (source, "hunter2-do-not-print", NULL, &error));
  g_assert_error (error, SB_SECRETS_ERROR, SB_SECRETS_ERROR_UNAVAILABLE);
  assert_no_password_in (error, "hunter2");
  g_clear_error (&error);

  password = sb_secrets_lookup (source, NULL, &error);
  g_assert_null (password);
  g_assert_error (error, SB_SECRETS_ERROR, SB_SECRETS_ERROR_UNAVAILABLE);
  g_clear_error (&error);
  g_assert_false (sb_secrets_clear (source, NULL, &error));
  g_assert_error (error, SB_SECRETS_ERROR, SB_SECRETS_ERROR_UNAVAILABLE);
}

static void
test_unavailable_dead_bus (void)
{
  if (g_test_subprocess ())
    {
      g_autofree char *dir = g_dir_make_tmp ("sb-nobus-XXXXXX", NULL);
      g_autofree char *address = g_strdup_printf ("unix:path=%s/no-bus-here", dir);

      g_setenv ("DBUS_SESSION_BUS_ADDRESS", address, TRUE);
      check_unavailable ();
      g_rmdir (dir);
      return;
    }
  g_test_trap_subprocess (NULL, 20 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

static void
test_unavailable_no_bus (void)
{
  if (g_test_subprocess ())
    {
      /* No address at all: must answer "unavailable", not autolaunch a bus. */
      g_unsetenv ("DBUS_SESSION_BUS_ADDRESS");
      g_unsetenv ("XDG_RUNTIME_DIR");
      check_unavailable ();
      return;
    }
  g_test_trap_subprocess (NULL, 20 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

static char *
write_temp (const char *name, const char *contents)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("sb-pwfile-XXXXXX", &error);
  char *path = g_build_filename (dir, name, NULL);

  g_assert_no_error (error);
  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
  return path;
}

static void
remove_temp (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);

  g_remove (path);
  g_rmdir (dir);
}

static char *
resolve (SbDataSource *source, const char *password_file)
{
  g_autoptr (GError) error = NULL;
  char *password = sb_secrets_resolve_password (source, password_file, &error);

  g_assert_no_error (error);
  return password;
}

static void
test_resolve_order_file_store (void)
{
  g_autoptr (SbDataSource) source = make_source ("Plain", "127.0.0.1", "u");
  g_autofree char *password_file = write_temp ("pw", "from-password-file\r\nsecond line\n");
  g_autofree char *p1 = NULL, *p2 = NULL, *p3 = NULL, *p4 = NULL, *p5 = NULL;

  g_unsetenv ("SIGNALBOARD_PASSWORD");
  p1 = resolve (source, NULL);
  g_assert_null (p1); /* no password anywhere: anonymous */

  sb_data_source_set_password (source, "from-config");
  p2 = resolve (source, NULL);
  g_assert_cmpstr (p2, ==, "from-config");

  g_setenv ("SIGNALBOARD_PASSWORD", "from-env", TRUE);
  p3 = resolve (source, NULL);
  g_assert_cmpstr (p3, ==, "from-env");

  p4 = resolve (source, password_file);
  g_assert_cmpstr (p4, ==, "from-password-file");

  /* An empty variable counts as unset. */
  g_setenv ("SIGNALBOARD_PASSWORD", "", TRUE);
  p5 = resolve (source, NULL);
  g_assert_cmpstr (p5, ==, "from-config");

  g_unsetenv ("SIGNALBOARD_PASSWORD");
  remove_temp (password_file);
}

static void
test_resolve_order_keyring_store (void)
{
  g_autoptr (SbDataSource) source = make_source ("Vault", "127.0.0.1", "u");
  g_autofree char *password_file = write_temp ("pw", "from-password-file");
  g_autoptr (GError) error = NULL;
  g_autofree char *p1 = NULL, *p2 = NULL, *p3 = NULL, *p4 = NULL, *p5 = NULL;

  sb_data_source_set_password_store (source, SB_PASSWORD_STORE_KEYRING);
  g_unsetenv ("SIGNALBOARD_PASSWORD");

  /* Nothing stored, nothing else given: an error that says what to do. */
  p1 = sb_secrets_resolve_password (source, NULL, &error);
  g_assert_null (p1);
  g_assert_error (error, SB_SECRETS_ERROR, SB_SECRETS_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "Vault"));
  g_assert_nonnull (strstr (error->message, "--password-file"));
  g_clear_error (&error);

  /* Nothing stored: the password file, then the environment, fill in. */
  p2 = resolve (source, password_file);
  g_assert_cmpstr (p2, ==, "from-password-file");
  g_setenv ("SIGNALBOARD_PASSWORD", "from-env", TRUE);
  p3 = resolve (source, NULL);
  g_assert_cmpstr (p3, ==, "from-env");

  /* Stored: the keyring wins over both. */
  store_ok (source, "from-keyring");
  g_assert_no_error (error);
  p4 = resolve (source, password_file);
  g_assert_cmpstr (p4, ==, "from-keyring");
  g_unsetenv ("SIGNALBOARD_PASSWORD");
  p5 = resolve (source, NULL);
  g_assert_cmpstr (p5, ==, "from-keyring");

  clear_ok (source);
  remove_temp (password_file);
}

static void
test_resolve_bad_password_file (void)
{
  g_autoptr (SbDataSource) source = make_source ("Plain", "127.0.0.1", "u");
  g_autoptr (GError) error = NULL;
  g_autofree char *password = NULL;

  sb_data_source_set_password (source, "in-config-do-not-print");
  password = sb_secrets_resolve_password (source, "/nonexistent/sb-password-file", &error);
  g_assert_null (password);
  g_assert_error (error, SB_SECRETS_ERROR, SB_SECRETS_ERROR_PASSWORD_FILE);
  g_assert_nonnull (strstr (error->message, "/nonexistent/sb-password-file"));
  assert_no_password_in (error, "do-not-print");
}

static void
test_resolve_keyring_unavailable (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr (SbDataSource) source = make_source ("Vault", "127.0.0.1", "u");
      g_autoptr (GError) error = NULL;
      g_autofree char *password = NULL;
      g_autofree char *from_env = NULL;

      g_unsetenv ("DBUS_SESSION_BUS_ADDRESS");
      g_unsetenv ("XDG_RUNTIME_DIR");
      g_unsetenv ("SIGNALBOARD_PASSWORD");
      sb_data_source_set_password_store (source, SB_PASSWORD_STORE_KEYRING);
      password = sb_secrets_resolve_password (source, NULL, &error);
      g_assert_null (password);
      g_assert_error (error, SB_SECRETS_ERROR, SB_SECRETS_ERROR_UNAVAILABLE);
      g_assert_nonnull (strstr (error->message, "not available"));
      g_assert_nonnull (strstr (error->message, "SIGNALBOARD_PASSWORD"));
      g_clear_error (&error);

      /* A headless machine without a keyring still connects with the variable. */
      g_setenv ("SIGNALBOARD_PASSWORD", "from-env", TRUE);
      from_env = sb_secrets_resolve_password (source, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (from_env, ==, "from-env");
      return;
    }
  g_test_trap_subprocess (NULL, 20 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

/* End to end: `signalboard-cli listen FILE` takes a "password_store":
 * "keyring" source's password from the keyring to a broker that needs it. */
static void
test_cli_listen_keyring (void)
{
  g_autoptr (SbTestBroker) broker = sb_test_broker_new ();
  g_autoptr (SbDataSource) source = make_source ("Line 7", "127.0.0.1", "line7");
  g_autoptr (SbConfig) config = sb_config_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (GSubprocess) cli = NULL;
  g_autoptr (GSubprocessLauncher) launcher = NULL;
  g_autoptr (SbSubscription) sub = sb_subscription_new ("line7/#");
  g_autofree char *dir = g_dir_make_tmp ("sb-cli-keyring-XXXXXX", NULL);
  g_autofree char *file = g_build_filename (dir, "config.json", NULL);
  g_autofree char *text = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  sb_test_broker_add_user (broker, "line7", "s3cret-from-keyring");
  sb_test_broker_start (broker);
  sb_test_broker_publish_args (broker, "-u", "line7", "-P", "s3cret-from-keyring", "-t",
                               "line7/state", "-m", "running", "-r", NULL);

  sb_data_source_set_port (source, sb_test_broker_get_port (broker));
  sb_data_source_set_password_store (source, SB_PASSWORD_STORE_KEYRING);
  sb_data_source_add_subscription (source, sub);
  sb_config_append (config, source);
  g_assert_true (sb_config_save_to_file (config, file, &error));
  g_assert_no_error (error);
  /* The file says where the password is, never what it is. */
  g_assert_true (g_file_get_contents (file, &text, NULL, NULL));
  g_assert_null (strstr (text, "s3cret"));
  g_assert_nonnull (strstr (text, "\"password_store\": \"keyring\""));
  store_ok (source, "s3cret-from-keyring");

  launcher
      = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_unsetenv (launcher, "SIGNALBOARD_PASSWORD");
  cli = g_subprocess_launcher_spawn (launcher, &error, sb_test_cli_path (), "listen", file,
                                     "--count", "1", "--timeout", "20", "--format", "jsonl", NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (cli, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);
  g_test_message ("stderr: %s", err);
  g_assert_cmpint (g_subprocess_get_exit_status (cli), ==, 0);
  g_assert_nonnull (strstr (out, "\"topic\":\"line7/state\""));
  g_assert_nonnull (strstr (out, "\"payload\":\"running\""));
  g_assert_null (strstr (out, "s3cret"));
  g_assert_null (strstr (err, "s3cret"));

  clear_ok (source);
  g_remove (file);
  g_autofree char *bak = g_strconcat (file, ".bak", NULL);
  g_remove (bak);
  g_rmdir (dir);
}

/* Issue 16, item 1: a stored password is bound to the id, the broker host
 * and the user name. A file that keeps the id and names another broker (or
 * user) gets no password: the lookup says whose it is, and listen exits 3
 * before connecting, telling how to give one (--password-file). */
static void
test_bound_to_broker_and_user (void)
{
  g_autoptr (SbDataSource) source = make_source ("Line 8", "broker.a.example", "line8");
  g_autoptr (SbDataSource) moved = NULL;
  g_autoptr (SbDataSource) other_user = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *password = NULL;

  store_ok (source, "s3cret-for-a");
  moved = sb_data_source_copy (source);
  sb_data_source_set_broker (moved, "broker.b.example");
  password = sb_secrets_lookup (moved, NULL, &error);
  g_assert_null (password);
  g_assert_error (error, SB_SECRETS_ERROR, SB_SECRETS_ERROR_MISMATCH);
  g_assert_cmpstr (error->message, ==,
                   "The saved password of “Line 8” belongs to broker.a.example, not to "
                   "broker.b.example: it is not sent");
  g_clear_error (&error);

  other_user = sb_data_source_copy (source);
  sb_data_source_set_username (other_user, "mallory");
  password = sb_secrets_lookup (other_user, NULL, &error);
  g_assert_null (password);
  g_assert_error (error, SB_SECRETS_ERROR, SB_SECRETS_ERROR_MISMATCH);
  g_assert_nonnull (strstr (error->message, "belongs to the user “line8”, not to “mallory”"));
  g_clear_error (&error);

  /* The app asks, and may use it anyway: what is stored, and for whom. */
  {
    AsyncWait wait = { NULL };
    g_autoptr (GAsyncResult) result = NULL;
    g_autoptr (SbSecretsStored) stored = NULL;

    sb_secrets_lookup_stored_async (moved, FALSE, NULL, async_done, &wait);
    result = wait_result (&wait);
    stored = sb_secrets_lookup_stored_finish (result, &error);
    g_assert_no_error (error);
    g_assert_nonnull (stored);
    g_assert_false (stored->matches);
    g_assert_cmpstr (stored->broker, ==, "broker.a.example");
    g_assert_cmpstr (stored->username, ==, "line8");
    g_assert_cmpstr (stored->password, ==, "s3cret-for-a");
  }
  /* The same source still gets it. */
  password = sb_secrets_lookup (source, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (password, ==, "s3cret-for-a");
  g_clear_pointer (&password, g_free);
  /* Stored again for the new broker ("yes" in the app), it follows. */
  store_ok (moved, "s3cret-for-a");
  password = sb_secrets_lookup (moved, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (password, ==, "s3cret-for-a");
  clear_ok (moved);
}

static void
test_cli_listen_other_broker (void)
{
  g_autoptr (SbTestBroker) broker = sb_test_broker_new ();
  g_autoptr (SbDataSource) source = make_source ("Line 9", "localhost", "line9");
  g_autoptr (SbConfig) config = sb_config_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (SbSubscription) sub = sb_subscription_new ("line9/#");
  g_autofree char *dir = g_dir_make_tmp ("sb-cli-keyring-XXXXXX", NULL);
  g_autofree char *file = g_build_filename (dir, "config.json", NULL);
  g_autofree char *bak = g_strconcat (file, ".bak", NULL);
  g_autofree char *password_file = g_build_filename (dir, "pw", NULL);

  sb_test_broker_add_user (broker, "line9", "s3cret-right");
  sb_test_broker_start (broker);
  sb_test_broker_publish_args (broker, "-u", "line9", "-P", "s3cret-right", "-t", "line9/state",
                               "-m", "up", "-r", NULL);
  /* Stored for "localhost"; the file is then edited to name 127.0.0.1. */
  sb_data_source_set_port (source, sb_test_broker_get_port (broker));
  sb_data_source_set_password_store (source, SB_PASSWORD_STORE_KEYRING);
  sb_data_source_add_subscription (source, sub);
  store_ok (source, "s3cret-right");
  sb_data_source_set_broker (source, "127.0.0.1");
  sb_config_append (config, source);
  g_assert_true (sb_config_save_to_file (config, file, &error));
  g_assert_no_error (error);
  {
    g_autoptr (GSubprocessLauncher) launcher = g_subprocess_launcher_new (
        G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
    g_autoptr (GSubprocess) cli = NULL;
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;

    g_subprocess_launcher_unsetenv (launcher, "SIGNALBOARD_PASSWORD");
    cli = g_subprocess_launcher_spawn (launcher, &error, sb_test_cli_path (), "listen", file,
                                       "--count", "1", "--timeout", "20", NULL);
    g_assert_no_error (error);
    g_subprocess_communicate_utf8 (cli, NULL, NULL, &out, &err, &error);
    g_assert_no_error (error);
    g_assert_cmpint (g_subprocess_get_exit_status (cli), ==, 3);
    g_assert_cmpstr (out, ==, "");
    g_assert_cmpstr (err, ==,
                     "Line 9: The saved password of “Line 9” belongs to localhost, not to "
                     "127.0.0.1: it is not sent; use --password-file or $SIGNALBOARD_PASSWORD "
                     "instead\n");
  }
  {
    /* And --password-file connects. */
    g_autoptr (GSubprocessLauncher) launcher = g_subprocess_launcher_new (
        G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
    g_autoptr (GSubprocess) cli = NULL;
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;

    g_assert_true (g_file_set_contents_full (password_file, "s3cret-right\n", -1,
                                             G_FILE_SET_CONTENTS_NONE, 0600, &error));
    g_subprocess_launcher_unsetenv (launcher, "SIGNALBOARD_PASSWORD");
    cli = g_subprocess_launcher_spawn (launcher, &error, sb_test_cli_path (), "listen", file,
                                       "--password-file", password_file, "--count", "1",
                                       "--timeout", "20", "--format", "jsonl", NULL);
    g_assert_no_error (error);
    g_subprocess_communicate_utf8 (cli, NULL, NULL, &out, &err, &error);
    g_assert_no_error (error);
    g_test_message ("stderr: %s", err);
    g_assert_cmpint (g_subprocess_get_exit_status (cli), ==, 0);
    g_assert_nonnull (strstr (out, "\"topic\":\"line9/state\""));
  }
  clear_ok (source);
  g_remove (file);
  g_remove (bak);
  g_remove (password_file);
  g_rmdir (dir);
}

/* A key passphrase stored before the binding has no "username": it keeps
 * working while id, broker and key file match, and never for another key. */
static void
test_key_migration (void)
{
  static const SecretSchema old_schema = {
    SB_SECRETS_KEY_SCHEMA_NAME,
    SECRET_SCHEMA_NONE,
    {
        { "id", SECRET_SCHEMA_ATTRIBUTE_STRING },
        { "broker", SECRET_SCHEMA_ATTRIBUTE_STRING },
        { "client_key", SECRET_SCHEMA_ATTRIBUTE_STRING },
        { NULL, 0 },
    },
  };
  g_autoptr (SbDataSource) source = make_source ("Old key", "broker.example", "operator");
  g_autoptr (SbDataSource) other_key = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *password = NULL;

  sb_data_source_set_tls_enabled (source, TRUE);
  sb_data_source_set_tls_client_key (source, "/etc/old.key");
  g_assert_true (secret_password_store_sync (&old_schema, SECRET_COLLECTION_DEFAULT, "old item",
                                             "old-passphrase", NULL, &error, "id",
                                             sb_data_source_get_id (source), "broker",
                                             "broker.example", "client_key", "/etc/old.key", NULL));
  g_assert_no_error (error);
  password = sb_secrets_lookup_key_password (source, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (password, ==, "old-passphrase");
  g_clear_pointer (&password, g_free);

  other_key = sb_data_source_copy (source);
  sb_data_source_set_tls_client_key (other_key, "/tmp/attacker.key");
  password = sb_secrets_lookup_key_password (other_key, NULL, &error);
  g_assert_null (password);
  g_assert_error (error, SB_SECRETS_ERROR, SB_SECRETS_ERROR_MISMATCH);
  g_assert_nonnull (strstr (error->message, "belongs to the key /etc/old.key"));
  g_clear_error (&error);
  g_assert_true (sb_secrets_clear_key_password (source, NULL, &error));
}

/* The TLS key passphrase: its own schema, so the broker password and it
 * never see each other. */
static SbDataSource *
make_key_source (const char *name, const char *key)
{
  SbDataSource *source = make_source (name, "broker.example", "operator");

  sb_data_source_set_tls_enabled (source, TRUE);
  sb_data_source_set_tls_client_key (source, key);
  return source;
}

static char *
lookup_key_ok (SbDataSource *source)
{
  g_autoptr (GError) error = NULL;
  char *password = sb_secrets_lookup_key_password (source, NULL, &error);

  g_assert_no_error (error);
  return password;
}

static void
store_key_ok (SbDataSource *source, const char *password)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (sb_secrets_store_key_password (source, password, NULL, &error));
  g_assert_no_error (error);
}

static void
test_key_round_trip (void)
{
  g_autoptr (SbDataSource) source = make_key_source ("Line 2", "/etc/line2/client.key");
  g_autoptr (GError) error = NULL;
  g_autofree char *none = lookup_key_ok (source);
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *after = NULL;
  g_autoptr (GHashTable) attributes = g_hash_table_new (g_str_hash, g_str_equal);
  static const SecretSchema key_schema = {
    SB_SECRETS_KEY_SCHEMA_NAME,
    SECRET_SCHEMA_NONE,
    { { "id", SECRET_SCHEMA_ATTRIBUTE_STRING }, { NULL, 0 } },
  };
  GList *items;
  g_autoptr (GHashTable) item_attributes = NULL;
  g_autofree char *label = NULL;

  g_assert_null (none);
  store_key_ok (source, "key pässphrase");
  first = lookup_key_ok (source);
  g_assert_cmpstr (first, ==, "key pässphrase");

  /* Seahorse shows which key the passphrase opens. */
  g_hash_table_insert (attributes, "id", (gpointer)sb_data_source_get_id (source));
  items
      = secret_service_search_sync (NULL, &key_schema, attributes, SECRET_SEARCH_ALL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_length (items), ==, 1);
  item_attributes = secret_item_get_attributes (items->data);
  g_assert_cmpstr (g_hash_table_lookup (item_attributes, "client_key"), ==,
                   "/etc/line2/client.key");
  g_assert_cmpstr (g_hash_table_lookup (item_attributes, "broker"), ==, "broker.example");
  label = secret_item_get_label (items->data);
  g_assert_nonnull (strstr (label, "/etc/line2/client.key"));
  g_list_free_full (items, g_object_unref);

  /* A new key file replaces the item (no stale one left for the id). */
  sb_data_source_set_tls_client_key (source, "/etc/line2/new.key");
  store_key_ok (source, "changed");
  second = lookup_key_ok (source);
  g_assert_cmpstr (second, ==, "changed");
  items
      = secret_service_search_sync (NULL, &key_schema, attributes, SECRET_SEARCH_ALL, NULL, &error);
  g_assert_cmpuint (g_list_length (items), ==, 1);
  g_list_free_full (items, g_object_unref);

  g_assert_true (sb_secrets_clear_key_password (source, NULL, &error));
  g_assert_no_error (error);
  after = lookup_key_ok (source);
  g_assert_null (after);
}

static void
test_key_independent (void)
{
  g_autoptr (SbDataSource) source = make_key_source ("Line 3", "/k/line3.key");
  g_autoptr (GError) error = NULL;
  g_autofree char *key = NULL;
  g_autofree char *password = NULL;
  g_autofree char *key_after = NULL;
  g_autofree char *password_after = NULL;
  GList *items;

  store_ok (source, "broker-password");
  store_key_ok (source, "key-passphrase");
  /* Storing one replaces neither (each clears only its own schema first). */
  password = sb_secrets_lookup (source, NULL, &error);
  g_assert_no_error (error);
  key = lookup_key_ok (source);
  g_assert_cmpstr (password, ==, "broker-password");
  g_assert_cmpstr (key, ==, "key-passphrase");
  items = items_for_id (sb_data_source_get_id (source));
  g_assert_cmpuint (g_list_length (items), ==, 1);
  g_list_free_full (items, g_object_unref);

  clear_ok (source);
  key_after = lookup_key_ok (source);
  g_assert_cmpstr (key_after, ==, "key-passphrase");

  store_ok (source, "broker-password");
  g_assert_true (sb_secrets_clear_key_password (source, NULL, &error));
  password_after = sb_secrets_lookup (source, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (password_after, ==, "broker-password");
  clear_ok (source);
}

static void
test_key_two_sources (void)
{
  g_autoptr (SbDataSource) a = make_key_source ("Press", "/k/same.key");
  g_autoptr (SbDataSource) b = make_key_source ("Press", "/k/same.key");
  g_autoptr (GError) error = NULL;
  g_autofree char *a_key = NULL;
  g_autofree char *b_key = NULL;
  g_autofree char *a_after = NULL;
  g_autofree char *b_after = NULL;

  store_key_ok (a, "alpha");
  store_key_ok (b, "bravo");
  a_key = lookup_key_ok (a);
  b_key = lookup_key_ok (b);
  g_assert_cmpstr (a_key, ==, "alpha");
  g_assert_cmpstr (b_key, ==, "bravo");
  g_assert_true (sb_secrets_clear_key_password (a, NULL, &error));
  a_after = lookup_key_ok (a);
  b_after = lookup_key_ok (b);
  g_assert_null (a_after);
  g_assert_cmpstr (b_after, ==, "bravo");
  g_assert_true (sb_secrets_clear_key_password (b, NULL, &error));
}

static void
key_async_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  *(GAsyncResult **)user_data = g_object_ref (result);
}

static GAsyncResult *
wait_key_result (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

static void
test_key_async (void)
{
  g_autoptr (SbDataSource) source = make_key_source ("Line 4", "/k/line4.key");
  g_autoptr (GError) error = NULL;
  GAsyncResult *result = NULL;
  g_autofree char *key = NULL;
  g_autofree char *password = NULL;

  store_ok (source, "broker-password");
  sb_secrets_store_key_password_async (source, "async-key", NULL, key_async_cb, &result);
  g_assert_true (sb_secrets_store_key_password_finish (wait_key_result (&result), &error));
  g_assert_no_error (error);
  g_clear_object (&result);

  sb_secrets_lookup_key_password_async (source, NULL, key_async_cb, &result);
  key = sb_secrets_lookup_key_password_finish (wait_key_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (key, ==, "async-key");
  g_clear_object (&result);

  sb_secrets_clear_key_password_async (source, NULL, key_async_cb, &result);
  g_assert_true (sb_secrets_clear_key_password_finish (wait_key_result (&result), &error));
  g_clear_object (&result);
  g_assert_null (lookup_key_ok (source));
  password = sb_secrets_lookup (source, NULL, &error);
  g_assert_cmpstr (password, ==, "broker-password");
  clear_ok (source);
}

static void
test_resolve_key_password (void)
{
  g_autoptr (SbDataSource) source = make_key_source ("Line 5", "/k/line5.key");
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("sb-keypass-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "pass", NULL);
  g_autofree char *p1 = NULL, *p2 = NULL, *p3 = NULL, *p4 = NULL, *p5 = NULL, *p6 = NULL;

  g_unsetenv ("SIGNALBOARD_KEY_PASSWORD");
  /* Store "file": the file's passphrase, the environment over it, a file over both. */
  sb_data_source_set_tls_client_key_password (source, "from-config");
  p1 = sb_secrets_resolve_key_password (source, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (p1, ==, "from-config");
  g_setenv ("SIGNALBOARD_KEY_PASSWORD", "from-env", TRUE);
  p2 = sb_secrets_resolve_key_password (source, NULL, &error);
  g_assert_cmpstr (p2, ==, "from-env");
  g_assert_true (g_file_set_contents (path, "from-file\nignored\n", -1, NULL));
  p3 = sb_secrets_resolve_key_password (source, path, &error);
  g_assert_cmpstr (p3, ==, "from-file");

  /* Store "keyring": the keyring wins; none stored and no other way names the key's source. */
  g_unsetenv ("SIGNALBOARD_KEY_PASSWORD");
  sb_data_source_set_tls_client_key_password (source, "");
  sb_data_source_set_tls_client_key_password_store (source, SB_PASSWORD_STORE_KEYRING);
  p4 = sb_secrets_resolve_key_password (source, NULL, &error);
  g_assert_error (error, SB_SECRETS_ERROR, SB_SECRETS_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "Line 5"));
  g_assert_null (p4);
  g_clear_error (&error);
  /* The broker password is not the key's passphrase. */
  store_ok (source, "broker-password");
  p5 = sb_secrets_resolve_key_password (source, path, &error);
  g_assert_cmpstr (p5, ==, "from-file");
  store_key_ok (source, "from-keyring");
  p6 = sb_secrets_resolve_key_password (source, path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (p6, ==, "from-keyring");
  g_assert_true (sb_secrets_clear_key_password (source, NULL, NULL));
  clear_ok (source);
  g_unlink (path);
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  g_autoptr (SbTestKeyring) keyring = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  /* The trapped children test a machine without a keyring: they start none. */
  if (!g_test_subprocess ())
    keyring = sb_test_keyring_new ();

  g_test_add_func ("/secrets/available", test_available);
  g_test_add_func ("/secrets/round-trip", test_round_trip);
  g_test_add_func ("/secrets/two-sources", test_two_sources);
  g_test_add_func ("/secrets/label-and-attributes", test_label_and_attributes);
  g_test_add_func ("/secrets/async", test_async);
  g_test_add_func ("/secrets/unavailable/dead-bus", test_unavailable_dead_bus);
  g_test_add_func ("/secrets/unavailable/no-bus", test_unavailable_no_bus);
  g_test_add_func ("/secrets/resolve/file-store", test_resolve_order_file_store);
  g_test_add_func ("/secrets/resolve/keyring-store", test_resolve_order_keyring_store);
  g_test_add_func ("/secrets/resolve/bad-password-file", test_resolve_bad_password_file);
  g_test_add_func ("/secrets/resolve/keyring-unavailable", test_resolve_keyring_unavailable);
  g_test_add_func ("/secrets/cli/listen-keyring", test_cli_listen_keyring);
  g_test_add_func ("/secrets/bound-to-broker-and-user", test_bound_to_broker_and_user);
  g_test_add_func ("/secrets/cli/listen-other-broker", test_cli_listen_other_broker);
  g_test_add_func ("/secrets/key/migration", test_key_migration);
  g_test_add_func ("/secrets/key/round-trip", test_key_round_trip);
  g_test_add_func ("/secrets/key/independent", test_key_independent);
  g_test_add_func ("/secrets/key/two-sources", test_key_two_sources);
  g_test_add_func ("/secrets/key/async", test_key_async);
  g_test_add_func ("/secrets/key/resolve", test_resolve_key_password);

  status = g_test_run ();
  secret_service_disconnect ();
  return status;
}
