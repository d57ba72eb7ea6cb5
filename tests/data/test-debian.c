/* test-debian.c: the debian/ packaging agrees with the build: one version in meson.build,
 * debian/changelog and the metainfo's latest release; every man page renders; every
 * program has a man page that documents its options; the packages name every installed file.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "sb-data-test.h"

/* "signalboard (0.1.0) unstable; urgency=medium" -> "0.1.0" */
static char *
changelog_version (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "debian", "changelog", NULL);
  g_autofree char *text = sb_data_test_read (path);
  const char *open = strchr (text, '(');
  const char *close = open != NULL ? strchr (open, ')') : NULL;

  g_assert_true (g_str_has_prefix (text, "signalboard ("));
  g_assert_nonnull (close);
  return g_strndup (open + 1, close - open - 1);
}

/* The version of the first <release> of the metainfo (the newest, as AppStream wants). */
static char *
metainfo_version (void)
{
  g_autofree char *path
      = g_test_build_filename (G_TEST_DIST, "data", APP_ID ".metainfo.xml.in", NULL);
  g_autofree char *text = sb_data_test_read (path);
  const char *release = strstr (text, "<release ");
  const char *version = release != NULL ? strstr (release, "version=\"") : NULL;
  const char *end = version != NULL ? strchr (version + 9, '"') : NULL;

  g_assert_nonnull (end);
  return g_strndup (version + 9, end - version - 9);
}

static void
test_versions_agree (void)
{
  g_autofree char *debian = changelog_version ();
  g_autofree char *metainfo = metainfo_version ();

  g_test_message ("meson.build %s, debian/changelog %s, metainfo %s", PACKAGE_VERSION, debian,
                  metainfo);
  if (g_strcmp0 (debian, PACKAGE_VERSION) != 0)
    sb_data_test_problem ("debian/changelog says %s, meson.build %s", debian, PACKAGE_VERSION);
  if (g_strcmp0 (metainfo, PACKAGE_VERSION) != 0)
    sb_data_test_problem ("the metainfo's latest release is %s, meson.build says %s", metainfo,
                          PACKAGE_VERSION);
}

/* Each man page renders without a groff warning and names the version of the build. */
static void
test_man_pages_render (void)
{
  const char *pages[] = { "signalboard.1", "signalboard-cli.1", "signalboard-shopfloor-sim.1" };
  g_autofree char *expected = g_strdup_printf ("Signalboard %s", PACKAGE_VERSION);

  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      g_autofree char *page = g_test_build_filename (G_TEST_DIST, "docs", "man", pages[i], NULL);
      g_autofree char *source = sb_data_test_read (page);
      const char *argv[] = { "groff", "-man", "-ww", "-z", "-t", page, NULL };
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;
      int status = sb_data_test_run (argv, NULL, &out, &err);

      if (status != 0 || (err != NULL && *err != '\0'))
        sb_data_test_problem ("groff on %s: exit %d, %s", pages[i], status, err ? err : "");
      if (strstr (source, expected) == NULL)
        sb_data_test_problem ("%s does not say \"%s\" in its .TH line", pages[i], expected);
    }
}

/* Every long option a program's --help lists is in its man page. */
static void
check_options_documented (const char *program, const char *help_arg, const char *page_name)
{
  g_autofree char *binary = NULL;
  g_autofree char *page = g_test_build_filename (G_TEST_DIST, "docs", "man", page_name, NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *argv[] = { NULL, help_arg, NULL };
  /* GTK leaves allocations at exit that LeakSanitizer reports, as the UI tests know. */
  const char *env[]
      = { "LANGUAGE=C", "GSETTINGS_BACKEND=memory", "ASAN_OPTIONS=detect_leaks=0", NULL };
  g_autofree char *text = NULL;
  g_auto (GStrv) lines = NULL;
  guint checked = 0;

  if (g_str_equal (program, "signalboard"))
    {
      /* GTK opens the display before the options are parsed: in a build chroot there is none. */
      if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
        {
          g_test_skip ("signalboard --help-all needs a display (GTK opens it first)");
          return;
        }
      binary = g_test_build_filename (G_TEST_BUILT, "src", "app", "signalboard", NULL);
    }
  else
    binary = g_test_build_filename (G_TEST_BUILT, "src", "sim", program, NULL);
  if (!g_file_test (binary, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("not built in this configuration");
      return;
    }
  argv[0] = binary;
  g_assert_cmpint (sb_data_test_run (argv, env, &out, &err), ==, 0);

  /* The page as groff sees it, with the escaped hyphens of option names made plain. */
  {
    g_autofree char *source = sb_data_test_read (page);
    GString *plain = g_string_new (NULL);
    for (const char *p = source; *p != '\0'; p++)
      if (p[0] == '\\' && p[1] == '-')
        {
          g_string_append_c (plain, '-');
          p++;
        }
      else
        g_string_append_c (plain, *p);
    text = g_string_free (plain, FALSE);
  }

  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *dashes = strstr (lines[i], "--");
      g_autofree char *option = NULL;
      gsize len = 2;

      if (dashes == NULL || !g_ascii_isspace (lines[i][0]))
        continue;
      while (g_ascii_isalnum (dashes[len]) || dashes[len] == '-')
        len++;
      option = g_strndup (dashes, len);
      if (len <= 2 || g_str_has_prefix (option, "--help"))
        continue;
      checked++;
      if (strstr (text, option) == NULL)
        sb_data_test_problem ("%s's option %s is not in %s", program, option, page_name);
    }
  g_test_message ("%s: %u options checked against %s", program, checked, page_name);
  g_assert_cmpuint (checked, >, 0);
}

static void
test_app_options_documented (void)
{
  check_options_documented ("signalboard", "--help-all", "signalboard.1");
}

static void
test_sim_options_documented (void)
{
  check_options_documented ("signalboard-shopfloor-sim", "--help", "signalboard-shopfloor-sim.1");
}

/* Each packaged program (debian/PACKAGE.install) is one meson builds, and each has its man page
 * in the same package. */
static void
test_packages_name_their_man_pages (void)
{
  const char *packages[] = { "signalboard", "signalboard-cli" };

  for (guint i = 0; i < G_N_ELEMENTS (packages); i++)
    {
      g_autofree char *name = g_strconcat (packages[i], ".install", NULL);
      g_autofree char *path = g_test_build_filename (G_TEST_DIST, "debian", name, NULL);
      g_autofree char *text = sb_data_test_read (path);
      g_auto (GStrv) lines = g_strsplit (text, "\n", -1);

      for (guint j = 0; lines[j] != NULL; j++)
        {
          g_autofree char *man = NULL;

          if (!g_str_has_prefix (lines[j], "usr/bin/"))
            continue;
          man = g_strdup_printf ("usr/share/man/man1/%s.1", lines[j] + strlen ("usr/bin/"));
          if (!g_strv_contains ((const char *const *)lines, man))
            sb_data_test_problem ("debian/%s installs %s without %s", name, lines[j], man);
        }
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/debian/versions-agree", test_versions_agree);
  g_test_add_func ("/debian/man-pages-render", test_man_pages_render);
  g_test_add_func ("/debian/app-options-documented", test_app_options_documented);
  g_test_add_func ("/debian/sim-options-documented", test_sim_options_documented);
  g_test_add_func ("/debian/packages-name-their-man-pages", test_packages_name_their_man_pages);
  return g_test_run ();
}
