/* test-install.c: `meson install --destdir` puts every file where a desktop and a
 * distribution look for it, and the installed programs run.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "sb-data-test.h"
#include "sb-test-broker.h"

/* Filled once by the first test; later tests look into the same tree. */
static char *destdir;

static char *
installed (const char *dir, const char *name)
{
  /* DESTDIR is prepended to the absolute install path, as packagers use it. */
  return g_build_filename (destdir, dir, name, NULL);
}

static void
test_install_runs (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *build = g_test_build_filename (G_TEST_BUILT, NULL, NULL);
  const char *argv[]
      = { SB_MESON, "install", "-C", build, "--no-rebuild", "--quiet", "--destdir", NULL, NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status;

  destdir = g_dir_make_tmp ("signalboard-install-XXXXXX", &error);
  g_assert_no_error (error);
  argv[7] = destdir;

  status = sb_data_test_run (argv, NULL, &out, &err);
  g_test_message ("%s%s", out, err);
  g_assert_cmpint (status, ==, 0);
}

static JsonNode *
read_introspection (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_BUILT, "meson-info", name, NULL);
  g_autofree char *text = sb_data_test_read (path);
  g_autoptr (GError) error = NULL;
  JsonNode *root = json_from_string (text, &error);

  g_assert_no_error (error);
  g_assert_nonnull (root);
  return root;
}

/* Whether this build has the app (-Dgui and src/app with its sources): meson's own list of
 * targets says so, whatever the options were. */
static gboolean
build_has_app (void)
{
  g_autoptr (JsonNode) root = read_introspection ("intro-targets.json");
  JsonArray *targets = json_node_get_array (root);

  for (guint i = 0; i < json_array_get_length (targets); i++)
    {
      JsonObject *target = json_array_get_object_element (targets, i);

      if (g_str_equal (json_object_get_string_member (target, "name"), "signalboard")
          && g_str_equal (json_object_get_string_member (target, "type"), "executable")
          && json_object_get_boolean_member (target, "installed"))
        return TRUE;
    }
  return FALSE;
}

static void
assert_installed (const char *dir, const char *name, gboolean executable)
{
  g_autofree char *path = installed (dir, name);

  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    sb_data_test_problem ("%s was not installed", path);
  else if (executable && !g_file_test (path, G_FILE_TEST_IS_EXECUTABLE))
    sb_data_test_problem ("%s is not executable", path);
}

static void
test_install_files (void)
{
  g_assert_nonnull (destdir);

  assert_installed (SB_BINDIR, "signalboard-cli", TRUE);
  assert_installed (SB_BINDIR, "signalboard-shopfloor-sim", TRUE);
  if (build_has_app ())
    assert_installed (SB_BINDIR, "signalboard", TRUE);
  else
    g_test_message ("no app in this build: bin/signalboard not expected");
  assert_installed (SB_DATADIR "/applications", APP_ID ".desktop", FALSE);
  assert_installed (SB_DATADIR "/metainfo", APP_ID ".metainfo.xml", FALSE);
  assert_installed (SB_DATADIR "/icons/hicolor/scalable/apps", APP_ID ".svg", FALSE);
  assert_installed (SB_DATADIR "/icons/hicolor/symbolic/apps", APP_ID "-symbolic.svg", FALSE);
  assert_installed (SB_DATADIR "/glib-2.0/schemas", APP_ID ".gschema.xml", FALSE);
  assert_installed (SB_MANDIR "/man1", "signalboard-cli.1", FALSE);
  assert_installed (SB_LOCALEDIR "/de/LC_MESSAGES", "signalboard.mo", FALSE);
}

/* Whatever meson plans to install (intro-installed.json: build file -> destination) is
 * there after the install, including what other parts of the tree add later. */
static void
test_install_plan_complete (void)
{
  g_autoptr (JsonNode) root = read_introspection ("intro-installed.json");
  JsonObject *plan = json_node_get_object (root);
  g_autoptr (GList) sources = json_object_get_members (plan);

  g_assert_nonnull (destdir);
  g_assert_cmpuint (g_list_length (sources), >=, 9);
  for (GList *l = sources; l != NULL; l = l->next)
    {
      const char *destination = json_object_get_string_member (plan, l->data);
      g_autofree char *path = g_build_filename (destdir, destination, NULL);

      if (!g_file_test (path, G_FILE_TEST_EXISTS))
        sb_data_test_problem ("%s (from %s) was not installed", destination, (char *)l->data);
    }
}

/* Everything lands below the prefix: an absolute install_dir elsewhere would write
 * outside a package's tree. */
static void
check_under_prefix (const char *path, const char *prefix, guint *files)
{
  g_autoptr (GDir) dir = NULL;
  const char *name;

  if (!g_file_test (path, G_FILE_TEST_IS_DIR) || g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      (*files)++;
      if (!g_str_has_prefix (path, prefix))
        sb_data_test_problem ("%s is installed outside the prefix", path);
      return;
    }
  dir = g_dir_open (path, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      check_under_prefix (child, prefix, files);
    }
}

static void
test_install_stays_in_prefix (void)
{
  g_autofree char *prefix = NULL;
  guint files = 0;

  g_assert_nonnull (destdir);
  prefix = g_build_filename (destdir, SB_PREFIX, "", NULL);
  check_under_prefix (destdir, prefix, &files);
  g_test_message ("%u files installed", files);
  g_assert_cmpuint (files, >=, 9);
}

static void
test_installed_cli_runs (void)
{
  g_autofree char *cli = installed (SB_BINDIR, "signalboard-cli");
  const char *argv[] = { cli, "--version", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_nonnull (destdir);
  g_assert_cmpint (sb_data_test_run (argv, NULL, &out, &err), ==, 0);
  g_assert_cmpstr (out, ==, "signalboard-cli " PACKAGE_VERSION "\n");
  g_assert_cmpstr (err, ==, "");
}

static void
test_installed_schema_compiles (void)
{
  g_autofree char *dir = installed (SB_DATADIR, "glib-2.0/schemas");
  const char *argv[] = { "glib-compile-schemas", "--strict", "--dry-run", dir, NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_nonnull (destdir);
  g_assert_cmpint (sb_data_test_run (argv, NULL, &out, &err), ==, 0);
  g_assert_cmpstr (err, ==, "");
}

/* The installed desktop file launches a program the same install put in bindir. */
static void
test_installed_desktop_file_exec (void)
{
  g_autofree char *path = installed (SB_DATADIR "/applications", APP_ID ".desktop");
  g_autoptr (GKeyFile) key_file = g_key_file_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *exec = NULL;
  g_auto (GStrv) words = NULL;
  g_autofree char *program = NULL;

  g_assert_nonnull (destdir);
  g_key_file_load_from_file (key_file, path, G_KEY_FILE_NONE, &error);
  g_assert_no_error (error);
  exec = g_key_file_get_string (key_file, G_KEY_FILE_DESKTOP_GROUP, G_KEY_FILE_DESKTOP_KEY_EXEC,
                                &error);
  g_assert_no_error (error);
  words = g_strsplit (exec, " ", 2);
  g_assert_cmpstr (words[0], ==, "signalboard");
  if (!build_has_app ())
    {
      g_test_skip ("no app in this build");
      return;
    }
  program = installed (SB_BINDIR, words[0]);
  g_assert_true (g_file_test (program, G_FILE_TEST_IS_EXECUTABLE));
}

/* The installed catalog is the German one, with the CLI's and the desktop file's texts. */
static void
test_installed_translations (void)
{
  g_autofree char *mo = installed (SB_LOCALEDIR "/de/LC_MESSAGES", "signalboard.mo");
  const char *argv[] = { "msgunfmt", mo, NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_nonnull (destdir);
  g_assert_cmpint (sb_data_test_run (argv, NULL, &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "Language: de"));
  g_assert_nonnull (strstr (out, "msgstr \"Befehle:\""));
  g_assert_nonnull (strstr (out, "msgstr \"MQTT-Datenquellen\""));
}

/* What the metainfo promises in <provides><binary> is what the install put in bindir. */
static void
test_installed_metainfo_binaries (void)
{
  g_autofree char *path = installed (SB_DATADIR "/metainfo", APP_ID ".metainfo.xml");
  g_autofree char *xml = NULL;
  g_autoptr (GRegex) binary = NULL;
  g_autoptr (GMatchInfo) match = NULL;
  g_autoptr (GError) error = NULL;
  gboolean has_app = build_has_app ();
  guint binaries = 0;

  g_assert_nonnull (destdir);
  xml = sb_data_test_read (path);
  binary = g_regex_new ("<binary>([^<]+)</binary>", 0, 0, &error);
  g_assert_no_error (error);
  g_regex_match (binary, xml, 0, &match);
  while (g_match_info_matches (match))
    {
      g_autofree char *name = g_match_info_fetch (match, 1);
      g_autofree char *program = installed (SB_BINDIR, name);

      binaries++;
      if (!has_app && g_str_equal (name, "signalboard"))
        g_test_message ("no app in this build: bin/signalboard not expected");
      else if (!g_file_test (program, G_FILE_TEST_IS_EXECUTABLE))
        sb_data_test_problem ("the metainfo provides %s, which was not installed", name);
      g_match_info_next (match, NULL);
    }
  g_assert_cmpuint (binaries, >=, 2);
}

typedef struct
{
  gboolean appeared;
  gboolean exited;
} AppRun;

static void
app_name_appeared (GDBusConnection *connection, const char *name, const char *owner, gpointer data)
{
  ((AppRun *)data)->appeared = TRUE;
}

static void
app_exited (GObject *object, GAsyncResult *result, gpointer data)
{
  g_subprocess_wait_finish (G_SUBPROCESS (object), result, NULL);
  ((AppRun *)data)->exited = TRUE;
}

static gboolean
app_appeared_or_exited (gpointer data)
{
  AppRun *run = data;
  return run->appeared || run->exited;
}

static gboolean
app_has_exited (gpointer data)
{
  return ((AppRun *)data)->exited;
}

/* The installed app starts as a desktop would start it: the schema found through
 * XDG_DATA_DIRS in the installed tree (compiled as the packaging trigger does), on its own
 * session bus; it registers its name, shows its window and quits through app.quit. */
static void
test_installed_app_starts (void)
{
  g_autofree char *app = installed (SB_BINDIR, "signalboard");
  g_autofree char *schemas = installed (SB_DATADIR, "glib-2.0/schemas");
  g_autofree char *data_dir = installed (SB_DATADIR, "");
  g_autofree char *home = g_build_filename (destdir, "home", NULL);
  g_autofree char *stderr_path = g_build_filename (destdir, "app-stderr.txt", NULL);
  g_autofree char *data_dirs = NULL;
  g_autofree char *app_stderr = NULL;
  g_autofree char *display = NULL;
  const char *compile_argv[] = { "glib-compile-schemas", "--strict", schemas, NULL };
  g_autoptr (GTestDBus) bus = NULL;
  g_autoptr (GDBusConnection) connection = NULL;
  g_autoptr (GSubprocessLauncher) launcher = NULL;
  g_autoptr (GSubprocess) process = NULL;
  g_autoptr (GError) error = NULL;
  AppRun run = { FALSE, FALSE };
  guint watch;

  g_assert_nonnull (destdir);
  if (!build_has_app ())
    {
      g_test_skip ("no app in this build");
      return;
    }
  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_test_skip ("no display: tools/run-tests runs the suite under Xvfb");
      return;
    }

  g_assert_cmpint (sb_data_test_run (compile_argv, NULL, NULL, NULL), ==, 0);

  /* g_test_dbus_up() blanks DISPLAY (against X11 autolaunch of a bus); the app needs it. */
  display = g_strdup (g_getenv ("DISPLAY"));
  bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_test_dbus_up (bus);
  connection = g_dbus_connection_new_for_address_sync (
      g_test_dbus_get_bus_address (bus),
      G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT
          | G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
      NULL, NULL, &error);
  g_assert_no_error (error);
  watch = g_bus_watch_name_on_connection (connection, APP_ID, G_BUS_NAME_WATCHER_FLAGS_NONE,
                                          app_name_appeared, NULL, &run, NULL);

  data_dirs = g_strconcat (data_dir, ":/usr/local/share:/usr/share", NULL);
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_subprocess_launcher_setenv (launcher, "DBUS_SESSION_BUS_ADDRESS",
                                g_test_dbus_get_bus_address (bus), TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_DIRS", data_dirs, TRUE);
  if (display != NULL)
    g_subprocess_launcher_setenv (launcher, "DISPLAY", display, TRUE);
  g_subprocess_launcher_unsetenv (launcher, "GSETTINGS_SCHEMA_DIR");
  g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", home, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", home, TRUE);
  /* GTK and fontconfig keep caches for the life of the process (see tests/app). */
  g_subprocess_launcher_setenv (launcher, "ASAN_OPTIONS", "detect_leaks=0", TRUE);
  g_subprocess_launcher_set_stderr_file_path (launcher, stderr_path);
  process = g_subprocess_launcher_spawn (launcher, &error, app, NULL);
  g_assert_no_error (error);
  g_subprocess_wait_async (process, NULL, app_exited, &run);

  g_assert_true (sb_test_wait_for (app_appeared_or_exited, &run, 30000));
  g_assert_false (run.exited);
  g_assert_true (run.appeared);

  /* The app quits while handling the call, so no reply is expected: its exit status is. */
  g_dbus_connection_call (connection, APP_ID, "/io/github/signalboard/Signalboard",
                          "org.gtk.Actions", "Activate",
                          g_variant_new ("(sava{sv})", "quit", NULL, NULL), NULL,
                          G_DBUS_CALL_FLAGS_NO_AUTO_START, -1, NULL, NULL, NULL);
  g_assert_true (sb_test_wait_for (app_has_exited, &run, 30000));

  app_stderr = sb_data_test_read (stderr_path);
  g_test_message ("installed app's stderr:\n%s", app_stderr);
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
  /* The app says so when it runs without its schema (sb-application.c). */
  g_assert_null (strstr (app_stderr, "is not installed"));

  g_bus_unwatch_name (watch);
  g_dbus_connection_close_sync (connection, NULL, NULL);
  g_test_dbus_down (bus);
}

int
main (int argc, char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);

  /* In order: the first installs, the others inspect the result. */
  g_test_add_func ("/install/meson-install", test_install_runs);
  g_test_add_func ("/install/files", test_install_files);
  g_test_add_func ("/install/plan-complete", test_install_plan_complete);
  g_test_add_func ("/install/within-prefix", test_install_stays_in_prefix);
  g_test_add_func ("/install/cli-version", test_installed_cli_runs);
  g_test_add_func ("/install/schema", test_installed_schema_compiles);
  g_test_add_func ("/install/desktop-exec", test_installed_desktop_file_exec);
  g_test_add_func ("/install/metainfo-binaries", test_installed_metainfo_binaries);
  g_test_add_func ("/install/translations", test_installed_translations);
  g_test_add_func ("/install/app-starts", test_installed_app_starts);

  status = g_test_run ();
  if (destdir != NULL)
    sb_test_remove_tree (destdir);
  g_free (destdir);
  return status;
}
