/* test-po-and-man.c: the translation set-up (po/) and the signalboard-cli man page.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "sb-data-test.h"
#include "sb-test-broker.h"

static GHashTable *
read_potfiles (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "po", "POTFILES.in", NULL);
  g_autofree char *text = sb_data_test_read (path);
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  GHashTable *files = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = g_strstrip (lines[i]);
      if (line[0] != '\0' && line[0] != '#')
        g_hash_table_add (files, g_strdup (line));
    }
  return files;
}

static void
test_potfiles_exist (void)
{
  g_autoptr (GHashTable) files = read_potfiles ();
  GHashTableIter iter;
  gpointer file;

  g_assert_cmpuint (g_hash_table_size (files), >, 0);
  g_hash_table_iter_init (&iter, files);
  while (g_hash_table_iter_next (&iter, &file, NULL))
    {
      g_autofree char *path = g_test_build_filename (G_TEST_DIST, file, NULL);
      /* xgettext stops at the first missing file, so the .pot would not update at all. */
      if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
        sb_data_test_problem ("po/POTFILES.in lists %s, which does not exist", (char *)file);
    }
}

/* Adds to @found every file below @relative_dir (recursively) whose name ends in @suffix
 * and whose text matches @regex. */
static void
collect_translatable (const char *relative_dir, const char *suffix, GRegex *regex, GPtrArray *found)
{
  g_autofree char *dir_path = g_test_build_filename (G_TEST_DIST, relative_dir, NULL);
  g_autoptr (GDir) dir = g_dir_open (dir_path, 0, NULL);
  const char *name;

  if (dir == NULL)
    return;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *relative = g_build_filename (relative_dir, name, NULL);
      g_autofree char *path = g_test_build_filename (G_TEST_DIST, relative, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        collect_translatable (relative, suffix, regex, found);
      else if (g_str_has_suffix (name, suffix))
        {
          g_autofree char *text = sb_data_test_read (path);
          if (g_regex_match (regex, text, 0, NULL))
            g_ptr_array_add (found, g_steal_pointer (&relative));
        }
    }
}

static void
test_potfiles_complete (void)
{
  g_autoptr (GHashTable) files = read_potfiles ();
  g_autoptr (GPtrArray) found = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GRegex) c_marks = NULL;
  g_autoptr (GRegex) ui_marks = NULL;
  g_autoptr (GRegex) any = NULL;
  g_autoptr (GError) error = NULL;

  /* The glib preset's keywords, as po/meson.build uses them. */
  c_marks = g_regex_new ("(?<![A-Za-z0-9_])(_|N_|C_|NC_|Q_|g_dngettext|g_dpgettext2)\\s*\\(",
                         G_REGEX_MULTILINE, 0, &error);
  g_assert_no_error (error);
  ui_marks = g_regex_new ("translatable=\"yes\"", 0, 0, &error);
  g_assert_no_error (error);
  any = g_regex_new ("\\S", 0, 0, &error);
  g_assert_no_error (error);

  collect_translatable ("src", ".c", c_marks, found);
  collect_translatable ("ui", ".ui", ui_marks, found);
  collect_translatable ("data", ".desktop.in", any, found);
  collect_translatable ("data", ".metainfo.xml.in", any, found);
  collect_translatable ("data", ".gschema.xml", any, found);

  g_assert_cmpuint (found->len, >, 0);
  for (guint i = 0; i < found->len; i++)
    if (!g_hash_table_contains (files, found->pdata[i]))
      sb_data_test_problem ("%s has strings to translate but is missing from po/POTFILES.in",
                            (char *)found->pdata[i]);
}

static void
test_de_po_compiles (void)
{
  g_autofree char *po = g_test_build_filename (G_TEST_DIST, "po", "de.po", NULL);
  const char *argv[] = { "msgfmt", "--check", "--statistics", "-o", "/dev/null", po, NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *mo = NULL;

  /* --check: format strings agree with the msgid (a wrong %s would crash the German app). */
  g_assert_cmpint (sb_data_test_run (argv, NULL, &out, &err), ==, 0);
  g_test_message ("de.po: %s", err);

  /* A fuzzy entry is msgmerge's guess from a similar text: never shipped, often wrong. */
  g_assert_null (strstr (err, "fuzzy"));

  mo = g_test_build_filename (G_TEST_BUILT, "po", "de", "LC_MESSAGES", "signalboard.mo", NULL);
  g_assert_true (g_file_test (mo, G_FILE_TEST_IS_REGULAR));
}

/* Extracts the sources' strings as `ninja signalboard-pot` does (the glib preset's keywords),
 * into a fresh .pot in a temporary directory; returns its path. */
static char *
extract_fresh_pot (char **tmpdir)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *root = g_test_build_filename (G_TEST_DIST, ".", NULL);
  g_autofree char *potfiles = g_test_build_filename (G_TEST_DIST, "po", "POTFILES.in", NULL);
  g_autofree char *pot = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  *tmpdir = g_dir_make_tmp ("sb-po-XXXXXX", &error);
  g_assert_no_error (error);
  pot = g_build_filename (*tmpdir, "fresh.pot", NULL);
  const char *argv[] = { "xgettext",
                         "--from-code=UTF-8",
                         "--keyword=_",
                         "--keyword=N_",
                         "--keyword=C_:1c,2",
                         "--keyword=NC_:1c,2",
                         "--keyword=g_dngettext:2,3",
                         "--keyword=ngettext:1,2",
                         "--no-wrap",
                         "-D",
                         root,
                         "-f",
                         potfiles,
                         "-o",
                         pot,
                         NULL };
  g_assert_cmpint (sb_data_test_run (argv, NULL, &out, &err), ==, 0);
  return g_steal_pointer (&pot);
}

/* A string pasted together from a literal and a macro ("(default " MACRO ")") or built with
 * G_GUINT64_FORMAT reaches xgettext cut short: the catalogue then holds a fragment that never
 * matches at run time, and the text stays English whatever the translation says. */
static void
test_msgids_whole (void)
{
  g_autofree char *tmpdir = NULL;
  g_autofree char *pot = extract_fresh_pot (&tmpdir);
  g_autofree char *text = sb_data_test_read (pot);
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  guint checked = 0;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];
      const char *start;
      g_autofree char *msgid = NULL;
      glong open_quotes, close_quotes, open_parens, close_parens;

      if (g_str_has_prefix (line, "msgid \""))
        start = line + strlen ("msgid \"");
      else if (g_str_has_prefix (line, "msgid_plural \""))
        start = line + strlen ("msgid_plural \"");
      else
        continue;
      msgid = g_strndup (start, strlen (start) - 1); /* without the closing quote */
      if (msgid[0] == '\0')
        continue;
      checked++;
      open_quotes = close_quotes = open_parens = close_parens = 0;
      for (const char *p = msgid; *p != '\0'; p = g_utf8_next_char (p))
        {
          gunichar c = g_utf8_get_char (p);
          open_quotes += c == 0x201C;
          close_quotes += c == 0x201D;
          open_parens += c == '(';
          close_parens += c == ')';
        }
      if (open_quotes != close_quotes || open_parens != close_parens
          || g_str_has_suffix (msgid, "%"))
        sb_data_test_problem ("the catalogue has a cut-off string “%s” (a macro pasted into a "
                              "translatable literal?)",
                              msgid);
    }
  g_test_message ("%u msgids checked", checked);
  g_assert_cmpuint (checked, >, 100);
  sb_test_remove_tree (tmpdir);
}

/* Every string the sources mark today has a German translation (msgcmp counts an
 * untranslated entry as missing), so LANGUAGE=de shows no English. */
static void
test_de_po_complete (void)
{
  g_autofree char *tmpdir = NULL;
  g_autofree char *pot = extract_fresh_pot (&tmpdir);
  g_autofree char *po = g_test_build_filename (G_TEST_DIST, "po", "de.po", NULL);
  const char *argv[] = { "msgcmp", po, pot, NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = sb_data_test_run (argv, NULL, &out, &err);

  if (status != 0)
    sb_data_test_problem ("po/de.po lacks translations (run `ninja -C BUILD "
                          "signalboard-update-po` and translate):\n%s",
                          err);
  sb_test_remove_tree (tmpdir);
}

static char *
man_page_path (void)
{
  return g_test_build_filename (G_TEST_DIST, "docs", "man", "signalboard-cli.1", NULL);
}

static void
test_man_page_groff (void)
{
  g_autofree char *page = man_page_path ();
  const char *argv[] = { "groff", "-man", "-ww", "-z", "-t", page, NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (sb_data_test_run (argv, NULL, &out, &err), ==, 0);
  g_assert_cmpstr (err, ==, "");
}

/* The page as man shows it, with the typographic dashes folded to ASCII. */
static char *
render_man_page (void)
{
  g_autofree char *page = man_page_path ();
  const char *argv[] = { "man", "--warnings", "-E", "UTF-8", "-l", page, NULL };
  const char *env[] = { "MANWIDTH=80", "MAN_KEEP_FORMATTING=", "MANPAGER=cat", "PAGER=cat", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr (GString) text = NULL;

  g_assert_cmpint (sb_data_test_run (argv, env, &out, &err), ==, 0);
  g_assert_cmpstr (err, ==, "");
  text = g_string_new (out);
  g_string_replace (text, "\xe2\x88\x92", "-", 0); /* U+2212 minus */
  g_string_replace (text, "\xe2\x80\x90", "-", 0); /* U+2010 hyphen */
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
test_man_page_contents (void)
{
  g_autofree char *text = render_man_page ();
  static const char *const expected[] = {
    "SIGNALBOARD-CLI(1)",
    "signalboard-cli validate FILE...",
    "signalboard-cli list FILE [--format table|json]",
    "signalboard-cli listen FILE [--source NAME]",
    "signalboard-cli listen --broker HOST",
    "EXIT STATUS",
    "SIGNALBOARD_PASSWORD",
    "payload_base64",
    "Signalboard " PACKAGE_VERSION,
  };

  for (gsize i = 0; i < G_N_ELEMENTS (expected); i++)
    if (strstr (text, expected[i]) == NULL)
      sb_data_test_problem ("the rendered man page lacks “%s”", expected[i]);

  /* Exit codes 0 to 4, each explained on its own line as in mosquitto_sub(1). */
  for (int code = 0; code <= 4; code++)
    {
      g_autofree char *line = g_strdup_printf ("\n       %d      ", code);
      if (strstr (text, line) == NULL)
        sb_data_test_problem ("the man page does not explain exit status %d", code);
    }
}

static char *
run_cli_help (const char *command)
{
  g_autofree char *cli
      = g_test_build_filename (G_TEST_BUILT, "src", "cli", "signalboard-cli", NULL);
  /* "signalboard-cli --help" for the list of commands, "signalboard-cli CMD --help" else. */
  const char *argv[]
      = { cli, command != NULL ? command : "--help", command != NULL ? "--help" : NULL, NULL };
  const char *env[] = { "LANGUAGE=C", "LC_ALL=C.UTF-8", NULL };
  g_autofree char *err = NULL;
  char *out = NULL;

  g_assert_cmpint (sb_data_test_run (argv, env, &out, &err), ==, 0);
  g_test_message ("signalboard-cli %s --help:\n%s%s", command ? command : "", out, err);
  return out;
}

/* The commands "signalboard-cli --help" lists under "Commands:", one per line. */
static GStrv
list_cli_commands (void)
{
  g_autofree char *out = run_cli_help (NULL);
  g_auto (GStrv) lines = g_strsplit (out, "\n", -1);
  g_autoptr (GStrvBuilder) commands = g_strv_builder_new ();
  gboolean in_commands = FALSE;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (g_str_equal (lines[i], "Commands:"))
        in_commands = TRUE;
      else if (in_commands && g_str_has_prefix (lines[i], "  ") && lines[i][2] != ' ')
        {
          g_auto (GStrv) words = g_strsplit (g_strstrip (lines[i]), " ", 2);
          g_strv_builder_add (commands, words[0]);
        }
      else if (in_commands)
        break;
    }
  return g_strv_builder_end (commands);
}

/* Every command the CLI offers has its synopsis in the man page, and every option its
 * --help lists is documented ("-o, --output" with its short form where it has one). */
static void
test_man_page_documents_cli (void)
{
  g_autofree char *text = render_man_page ();
  g_auto (GStrv) commands = list_cli_commands ();
  g_autoptr (GRegex) option = NULL;
  g_autoptr (GError) error = NULL;

  /* validate, list and listen at least (issue 3 and 4). */
  g_assert_cmpuint (g_strv_length (commands), >=, 3);
  option = g_regex_new ("(?<![\\w-])(-[A-Za-z], )?--[a-z][a-z0-9-]*", 0, 0, &error);
  g_assert_no_error (error);

  for (guint i = 0; commands[i] != NULL; i++)
    {
      const char *command = commands[i];
      g_autofree char *synopsis = g_strdup_printf ("signalboard-cli %s ", command);
      g_autofree char *out = run_cli_help (command);
      g_autoptr (GMatchInfo) match = NULL;
      guint options = 0;

      if (strstr (text, synopsis) == NULL)
        sb_data_test_problem ("signalboard-cli %s has no synopsis in the man page", command);

      g_regex_match (option, out, 0, &match);
      while (g_match_info_matches (match))
        {
          g_autofree char *name = g_match_info_fetch (match, 0);

          options++;
          /* GOption adds --help-all to commands with option groups; --help is documented. */
          if (strstr (name, "--help-") == NULL && strstr (text, name) == NULL)
            sb_data_test_problem ("signalboard-cli %s %s is not in the man page", command, name);
          g_match_info_next (match, NULL);
        }
      g_test_message ("%s: %u options in --help", command, options);
      g_assert_cmpuint (options, >=, 1);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/po/potfiles/exist", test_potfiles_exist);
  g_test_add_func ("/po/potfiles/complete", test_potfiles_complete);
  g_test_add_func ("/po/de/compiles", test_de_po_compiles);
  g_test_add_func ("/po/msgids-whole", test_msgids_whole);
  g_test_add_func ("/po/de/complete", test_de_po_complete);
  g_test_add_func ("/man/groff-warnings", test_man_page_groff);
  g_test_add_func ("/man/contents", test_man_page_contents);
  g_test_add_func ("/man/documents-cli", test_man_page_documents_cli);

  return g_test_run ();
}
