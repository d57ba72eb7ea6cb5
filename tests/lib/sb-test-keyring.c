/* sb-test-keyring.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sb-test-keyring.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include "sb-test-broker.h"

#define SECRETS_NAME "org.freedesktop.secrets"
#define START_TIMEOUT_S 15
#define LOGIN_PASSWORD "sb-test-login"

struct _SbTestKeyring
{
  char *dir;
  char *address;
  char *old_address; /* DBUS_SESSION_BUS_ADDRESS before, to restore */
  gboolean had_address;
  GSubprocess *bus;
  GSubprocess *keyring;
};

static char *
make_subdir (SbTestKeyring *keyring, const char *name)
{
  char *path = g_build_filename (keyring->dir, name, NULL);

  g_assert_cmpint (g_mkdir_with_parents (path, 0700), ==, 0);
  return path;
}

static void
print_log (SbTestKeyring *keyring, const char *name)
{
  g_autofree char *path = g_build_filename (keyring->dir, name, NULL);
  g_autofree char *text = NULL;

  if (g_file_get_contents (path, &text, NULL, NULL))
    g_printerr ("%s:\n%s\n", name, text);
}

/* A test that crashes must not leave daemons behind (nor hold the test
 * runner's pipes open): they die with the test process. */
/* Reaped by GLib's worker: no identifier any more once the process is gone. */
static gboolean
has_exited (GSubprocess *process)
{
  return g_subprocess_get_identifier (process) == NULL;
}

static gboolean
secrets_name_has_owner (GDBusConnection *bus)
{
  g_autoptr (GVariant) reply = NULL;
  gboolean has_owner = FALSE;

  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "NameHasOwner",
                                       g_variant_new ("(s)", SECRETS_NAME), G_VARIANT_TYPE ("(b)"),
                                       G_DBUS_CALL_FLAGS_NONE, 1000, NULL, NULL);
  if (reply != NULL)
    g_variant_get (reply, "(b)", &has_owner);
  return has_owner;
}

SbTestKeyring *
sb_test_keyring_new (void)
{
  SbTestKeyring *keyring = g_new0 (SbTestKeyring, 1);
  g_autoptr (GSubprocessLauncher) launcher = NULL;
  g_autoptr (GDataInputStream) bus_out = NULL;
  g_autoptr (GDBusConnection) probe = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *runtime = NULL;
  g_autofree char *home = NULL;
  g_autofree char *data = NULL;
  g_autofree char *config = NULL;
  g_autofree char *cache = NULL;
  g_autofree char *bus_listen = NULL;
  g_autofree char *keyring_log = NULL;
  g_autofree char *bus_log = NULL;
  GOutputStream *keyring_in;
  gint64 deadline;

  keyring->dir = g_dir_make_tmp ("sb-keyring-XXXXXX", &error);
  g_assert_no_error (error);
  runtime = make_subdir (keyring, "runtime");
  home = make_subdir (keyring, "home");
  data = make_subdir (keyring, "home/.local/share");
  config = make_subdir (keyring, "home/.config");
  cache = make_subdir (keyring, "home/.cache");

  /* Both daemons see only the private directory: no real keyring of the
   * person running the tests is ever read or written. */
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_set_child_setup (launcher, sb_test_die_with_parent, NULL, NULL);
  bus_log = g_build_filename (keyring->dir, "dbus.log", NULL);
  g_subprocess_launcher_set_stderr_file_path (launcher, bus_log);
  g_subprocess_launcher_setenv (launcher, "HOME", home, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_RUNTIME_DIR", runtime, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", data, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", config, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CACHE_HOME", cache, TRUE);
  g_subprocess_launcher_unsetenv (launcher, "DBUS_SESSION_BUS_ADDRESS");
  g_subprocess_launcher_unsetenv (launcher, "DISPLAY");
  g_subprocess_launcher_unsetenv (launcher, "GNOME_KEYRING_CONTROL");

  bus_listen = g_strdup_printf ("--address=unix:path=%s/bus", runtime);
  keyring->bus
      = g_subprocess_launcher_spawn (launcher, &error, "dbus-daemon", "--session", "--nofork",
                                     "--nopidfile", "--print-address=1", bus_listen, NULL);
  g_assert_no_error (error);
  bus_out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (keyring->bus));
  keyring->address = g_data_input_stream_read_line (bus_out, NULL, NULL, &error);
  g_assert_no_error (error);
  if (keyring->address == NULL || *keyring->address == '\0')
    {
      print_log (keyring, "dbus.log");
      g_error ("dbus-daemon --session printed no address");
    }

  g_subprocess_launcher_set_flags (launcher, G_SUBPROCESS_FLAGS_STDIN_PIPE
                                                 | G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
  keyring_log = g_build_filename (keyring->dir, "keyring.log", NULL);
  g_subprocess_launcher_set_stderr_file_path (launcher, keyring_log);
  g_subprocess_launcher_setenv (launcher, "DBUS_SESSION_BUS_ADDRESS", keyring->address, TRUE);
  keyring->keyring
      = g_subprocess_launcher_spawn (launcher, &error, "gnome-keyring-daemon", "--foreground",
                                     "--unlock", "--components=secrets", NULL);
  g_assert_no_error (error);
  /* --unlock reads the login keyring's password until end of input. With an
   * empty one gnome-keyring 42 creates no login collection at all (the
   * "default" alias then points nowhere and every store fails), so the
   * private keyring gets a throw-away password instead. */
  keyring_in = g_subprocess_get_stdin_pipe (keyring->keyring);
  g_output_stream_write_all (keyring_in, LOGIN_PASSWORD, strlen (LOGIN_PASSWORD), NULL, NULL,
                             &error);
  g_assert_no_error (error);
  g_output_stream_close (keyring_in, NULL, &error);
  g_assert_no_error (error);

  probe = g_dbus_connection_new_for_address_sync (
      keyring->address,
      G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT
          | G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
      NULL, NULL, &error);
  g_assert_no_error (error);
  deadline = g_get_monotonic_time () + START_TIMEOUT_S * G_USEC_PER_SEC;
  while (!secrets_name_has_owner (probe))
    {
      if (has_exited (keyring->keyring) || g_get_monotonic_time () > deadline)
        {
          print_log (keyring, "keyring.log");
          g_error ("gnome-keyring-daemon did not take %s on the private bus", SECRETS_NAME);
        }
      g_usleep (10000);
    }
  g_dbus_connection_close_sync (probe, NULL, NULL);

  keyring->had_address = g_getenv ("DBUS_SESSION_BUS_ADDRESS") != NULL;
  keyring->old_address = g_strdup (g_getenv ("DBUS_SESSION_BUS_ADDRESS"));
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", keyring->address, TRUE);
  return keyring;
}

static void
stop_process (GSubprocess **process)
{
  if (*process == NULL)
    return;
  g_subprocess_send_signal (*process, SIGTERM);
  g_subprocess_wait (*process, NULL, NULL);
  g_clear_object (process);
}

void
sb_test_keyring_free (SbTestKeyring *keyring)
{
  g_autoptr (GDBusConnection) bus = NULL;

  if (keyring == NULL)
    return;

  /* GIO's shared session bus connection exits the process when its bus goes
   * away; this bus is going away on purpose. */
  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  if (bus != NULL)
    {
      g_dbus_connection_set_exit_on_close (bus, FALSE);
      g_dbus_connection_close_sync (bus, NULL, NULL);
    }

  stop_process (&keyring->keyring);
  stop_process (&keyring->bus);
  sb_test_remove_tree (keyring->dir);

  if (keyring->had_address)
    g_setenv ("DBUS_SESSION_BUS_ADDRESS", keyring->old_address, TRUE);
  else
    g_unsetenv ("DBUS_SESSION_BUS_ADDRESS");
  g_free (keyring->old_address);
  g_free (keyring->address);
  g_free (keyring->dir);
  g_free (keyring);
}

SbTestKeyring *
sb_test_keyring_new_unless_subprocess (void)
{
  if (g_test_subprocess ())
    {
      sb_test_no_session_bus ();
      return NULL;
    }
  return sb_test_keyring_new ();
}

void
sb_test_no_session_bus (void)
{
  g_autofree char *runtime = g_dir_make_tmp ("sb-test-nobus-XXXXXX", NULL);

  g_unsetenv ("DBUS_SESSION_BUS_ADDRESS");
  g_setenv ("XDG_RUNTIME_DIR", runtime, TRUE);
}

const char *
sb_test_keyring_get_bus_address (SbTestKeyring *keyring)
{
  return keyring->address;
}

const char *
sb_test_keyring_get_dir (SbTestKeyring *keyring)
{
  return keyring->dir;
}
