/* test-translatable.c: every string a person reads goes through gettext.
 *
 * In ui/, labels, titles, tooltips, placeholders, menu attributes and list items with
 * letters in them carry translatable="yes". In src/, the texts handed to the GTK setters that
 * show them, to GError constructors and to the app's printerr are wrapped in _() or
 * marked with N_(). Product names are exempt.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "sb-data-test.h"

/* Words that stay as they are in every language. */
static const char *const untranslated_words[]
    = { "Signalboard", "signalboard", "signalboard-cli", NULL };

/* TRUE when @text has a word of two letters or more once format directives, escapes and
 * product names are gone: such a text is prose that a translator must see. */
static gboolean
is_prose (const char *text)
{
  static GRegex *noise;
  g_autofree char *rest = NULL;

  if (noise == NULL)
    noise = g_regex_new ("%[-+ #0-9.*lhjztq]*[a-zA-Z]|\\\\.", 0, 0, NULL);
  /* A topic, path, host or JSONPath example ("shopfloor/line1/status", "$.value") is the
   * same in every language: one token with "/", "." or "$" in it. */
  if (strpbrk (text, " \t\n") == NULL && strpbrk (text, "/.$") != NULL)
    return FALSE;
  rest = g_regex_replace_literal (noise, text, -1, 0, " ", 0, NULL);
  for (guint i = 0; untranslated_words[i] != NULL; i++)
    {
      g_autoptr (GString) s = g_string_new (rest);
      g_string_replace (s, untranslated_words[i], " ", 0);
      g_free (rest);
      rest = g_string_free (g_steal_pointer (&s), FALSE);
    }
  for (const char *p = rest; *p != '\0'; p++)
    if (g_ascii_isalpha (p[0]) && g_ascii_isalpha (p[1]))
      return TRUE;
  return FALSE;
}

/* ---- ui/ files ---- */

static const char *const ui_text_names[]
    = { "label", "title",    "tooltip-text", "tooltip-markup", "placeholder-text",
        "text",  "subtitle", "description",  "secondary-text", NULL };

typedef struct
{
  const char *file;
  GPtrArray *problems;
  gboolean checking; /* inside an element whose text must be translatable */
  gboolean translatable;
  char *what;
  GString *text;
} UiCheck;

static void
ui_start (GMarkupParseContext *context, const char *element, const char **names,
          const char **values, gpointer data, GError **error)
{
  UiCheck *check = data;
  const char *name = NULL;

  check->checking = FALSE;
  check->translatable = FALSE;
  for (guint i = 0; names[i] != NULL; i++)
    {
      if (g_str_equal (names[i], "name"))
        name = values[i];
      else if (g_str_equal (names[i], "translatable"))
        check->translatable = g_str_equal (values[i], "yes") || g_str_equal (values[i], "true");
    }

  if ((g_str_equal (element, "property") || g_str_equal (element, "attribute")) && name != NULL)
    check->checking = g_strv_contains (ui_text_names, name);
  else if (g_str_equal (element, "item"))
    check->checking = TRUE; /* GtkStringList and GtkComboBoxText items */

  if (check->checking)
    {
      int line;

      g_markup_parse_context_get_position (context, &line, NULL);
      g_free (check->what);
      check->what = g_strdup_printf ("%s:%d: <%s name=\"%s\">", check->file, line, element,
                                     name != NULL ? name : "");
      g_string_truncate (check->text, 0);
    }
}

static void
ui_text (GMarkupParseContext *context, const char *text, gsize len, gpointer data, GError **error)
{
  UiCheck *check = data;

  if (check->checking)
    g_string_append_len (check->text, text, len);
}

static void
ui_end (GMarkupParseContext *context, const char *element, gpointer data, GError **error)
{
  UiCheck *check = data;

  if (check->checking && !check->translatable && is_prose (check->text->str))
    g_ptr_array_add (check->problems, g_strdup_printf ("%s%s</…> is not translatable=\"yes\"",
                                                       check->what, check->text->str));
  check->checking = FALSE;
}

static void
test_ui_marked (void)
{
  static const GMarkupParser parser = { ui_start, ui_end, ui_text, NULL, NULL };
  g_autofree char *dir_path = g_test_build_filename (G_TEST_DIST, "ui", NULL);
  g_autoptr (GDir) dir = g_dir_open (dir_path, 0, NULL);
  g_autoptr (GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  const char *name;
  guint files = 0;

  if (dir == NULL)
    {
      g_test_skip ("no ui/ folder");
      return;
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;
      g_autofree char *xml = NULL;
      g_autoptr (GString) text = g_string_new (NULL);
      g_autoptr (GMarkupParseContext) context = NULL;
      g_autoptr (GError) error = NULL;
      UiCheck check = { name, problems, FALSE, FALSE, NULL, text };

      if (!g_str_has_suffix (name, ".ui"))
        continue;
      files++;
      path = g_build_filename (dir_path, name, NULL);
      xml = sb_data_test_read (path);
      context = g_markup_parse_context_new (&parser, 0, &check, NULL);
      g_markup_parse_context_parse (context, xml, -1, &error);
      g_assert_no_error (error);
      g_markup_parse_context_end_parse (context, &error);
      g_assert_no_error (error);
      g_free (check.what);
    }
  g_test_message ("%u .ui files checked", files);
  for (guint i = 0; i < problems->len; i++)
    sb_data_test_problem ("%s", (char *)problems->pdata[i]);
}

/* ---- C files under src/ ---- */

/* Functions whose text arguments a person reads. */
static const char *const c_text_functions[] = { "gtk_label_set_text",
                                                "gtk_label_set_label",
                                                "gtk_label_set_markup",
                                                "gtk_button_set_label",
                                                "gtk_window_set_title",
                                                "gtk_widget_set_tooltip_text",
                                                "gtk_widget_set_tooltip_markup",
                                                "gtk_entry_set_placeholder_text",
                                                "gtk_check_button_set_label",
                                                "gtk_expander_set_label",
                                                "gtk_frame_set_label",
                                                "gtk_menu_button_set_label",
                                                "gtk_file_filter_set_name",
                                                "gtk_file_chooser_native_new",
                                                "gtk_string_list_append",
                                                "g_menu_append",
                                                "g_menu_item_new",
                                                "g_set_error",
                                                "g_error_new",
                                                "g_application_command_line_printerr",
                                                "sb_window_show_error",
                                                NULL };

/* The end of the string or character literal that starts at @p (a quote). */
static const char *
skip_literal (const char *p)
{
  char quote = *p++;

  while (*p != '\0' && *p != quote)
    p += (*p == '\\' && p[1] != '\0') ? 2 : 1;
  return *p != '\0' ? p + 1 : p;
}

/* The position after the parenthesis that closes the one at @p, string-aware. */
static const char *
skip_parens (const char *p)
{
  int depth = 0;

  while (*p != '\0')
    {
      if (*p == '"' || *p == '\'')
        {
          p = skip_literal (p);
          continue;
        }
      if (*p == '(')
        depth++;
      else if (*p == ')' && --depth == 0)
        return p + 1;
      p++;
    }
  return p;
}

static gboolean
is_identifier_char (char c)
{
  return g_ascii_isalnum (c) || c == '_';
}

/* Checks the arguments from @args (at the opening parenthesis) to the closing one: string
 * literals outside _(), N_(), C_(), NC_() and g_dngettext() must not be prose. */
static void
check_arguments (const char *file, guint line, const char *function, const char *args,
                 const char *end, GPtrArray *problems)
{
  static const char *const marks[]
      = { "_", "N_", "C_", "NC_", "g_dngettext", "g_dpgettext2", NULL };
  const char *p = args;

  while (p < end)
    {
      if (*p == '"')
        {
          const char *close = skip_literal (p);
          g_autofree char *text = g_strndup (p + 1, MAX (close - p - 2, 0));

          if (is_prose (text))
            g_ptr_array_add (problems, g_strdup_printf ("%s:%u: %s (…\"%s\"…) is not marked "
                                                        "for translation",
                                                        file, line, function, text));
          p = close;
          continue;
        }
      if (*p == '\'')
        {
          p = skip_literal (p);
          continue;
        }
      if (is_identifier_char (*p) && (p == args || !is_identifier_char (p[-1])))
        {
          const char *word_end = p;
          g_autofree char *word = NULL;
          const char *q;

          while (is_identifier_char (*word_end))
            word_end++;
          word = g_strndup (p, word_end - p);
          q = word_end;
          while (g_ascii_isspace (*q))
            q++;
          if (*q == '(' && g_strv_contains (marks, word))
            {
              p = skip_parens (q); /* a marked text: skip it whole */
              continue;
            }
          p = word_end;
          continue;
        }
      p++;
    }
}

static void
check_c_file (const char *relative, GPtrArray *problems)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, relative, NULL);
  g_autofree char *source = sb_data_test_read (path);
  const char *p = source;
  guint line = 1;

  while (*p != '\0')
    {
      if (*p == '\n')
        line++;
      if (*p == '"' || *p == '\'')
        {
          const char *end = skip_literal (p);
          for (const char *c = p; c < end; c++)
            line += *c == '\n';
          p = end;
          continue;
        }
      if (p[0] == '/' && p[1] == '*')
        {
          const char *end = strstr (p + 2, "*/");
          end = end != NULL ? end + 2 : p + strlen (p);
          for (const char *c = p; c < end; c++)
            line += *c == '\n';
          p = end;
          continue;
        }
      if (is_identifier_char (*p) && (p == source || !is_identifier_char (p[-1])))
        {
          const char *word_end = p;
          g_autofree char *word = NULL;
          const char *q;

          while (is_identifier_char (*word_end))
            word_end++;
          word = g_strndup (p, word_end - p);
          q = word_end;
          while (g_ascii_isspace (*q))
            q++;
          if (*q == '(' && g_strv_contains (c_text_functions, word))
            {
              const char *close = skip_parens (q);
              check_arguments (relative, line, word, q, close, problems);
            }
          p = word_end;
          continue;
        }
      p++;
    }
}

static void
collect_c_files (const char *relative_dir, GPtrArray *files)
{
  g_autofree char *dir_path = g_test_build_filename (G_TEST_DIST, relative_dir, NULL);
  g_autoptr (GDir) dir = g_dir_open (dir_path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *relative = g_build_filename (relative_dir, name, NULL);
      g_autofree char *path = g_test_build_filename (G_TEST_DIST, relative, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        collect_c_files (relative, files);
      else if (g_str_has_suffix (name, ".c"))
        g_ptr_array_add (files, g_steal_pointer (&relative));
    }
}

static void
test_c_marked (void)
{
  g_autoptr (GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);

  collect_c_files ("src", files);
  g_assert_cmpuint (files->len, >, 0);
  for (guint i = 0; i < files->len; i++)
    check_c_file (files->pdata[i], problems);
  g_test_message ("%u C files checked", files->len);
  for (guint i = 0; i < problems->len; i++)
    sb_data_test_problem ("%s", (char *)problems->pdata[i]);
}

/* The checks above must see an unmarked text when there is one. */
static void
test_checks_find_unmarked (void)
{
  g_assert_true (is_prose ("Connection lost"));
  g_assert_true (is_prose ("%s: cannot open %s\\n"));
  g_assert_false (is_prose ("%s: %s\\n"));
  g_assert_false (is_prose ("Signalboard"));
  g_assert_false (is_prose ("signalboard: %s\\n"));
  g_assert_false (is_prose ("●"));
  g_assert_false (is_prose ("shopfloor/line1/station3/status"));
  g_assert_false (is_prose ("$.temperature"));
  g_assert_true (is_prose ("e.g. shopfloor/#"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/translatable/detector", test_checks_find_unmarked);
  g_test_add_func ("/translatable/ui", test_ui_marked);
  g_test_add_func ("/translatable/c", test_c_marked);

  return g_test_run ();
}
