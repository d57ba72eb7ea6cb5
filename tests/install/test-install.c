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
  g_autofree char *build = sb_data_test_build_path (NULL, NULL);
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
  g_autofree char *path = sb_data_test_build_path ("meson-info", name, NULL);
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

  status = g_test_run ();
  if (destdir != NULL)
    sb_data_test_rm_rf (destdir);
  g_free (destdir);
  return status;
}
