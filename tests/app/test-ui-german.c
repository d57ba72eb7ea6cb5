/* test-ui-german.c: the app under LANGUAGE=de shows no English (issue 10)
 *
 * The main window with data sources and its menu, the Add dialog with every section open,
 * a preview window on a real broker and the Import dialog are built with the German
 * catalogue from this build (BUILD/po). Every fixed text they show (labels, buttons,
 * titles, placeholders, tooltips, drop-down items, menu items) is compared with the
 * catalogue: a text that is an English msgid with a different German translation is
 * English the user would see. Runtime texts (names, topics, counts) match no msgid.
 *
 * With SB_SCREENSHOT_DIR set, the window and the dialog are rendered as
 * main-window-de.png and dialog-de.png.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "sb-import-dialog-private.h"
#include "sb-window-private.h"
#include "sb-test-ui-window.h"
#include "sb-preview-view-private.h"
#include "sb-preview-window-private.h"

/* English msgid (mnemonic underscores removed) → its German msgstr or "not translated",
 * for every text the sources mark that is not German as it stands; and the German texts. */
static GHashTable *english;
static GHashTable *german;

typedef struct
{
  guint checked;
  guint translated;
  GPtrArray *problems;
} Scan;

static char *
strip_mnemonic (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++)
    if (*p != '_' || p[1] == '_')
      g_string_append_c (out, *p);
    else if (p[1] == '_')
      p++;
  return g_string_free (out, FALSE);
}

static char *
po_unescape (const char *quoted)
{
  /* The line's text between its quotes, C escapes resolved. */
  g_autofree char *inner = g_strndup (quoted + 1, strlen (quoted) - 2);
  return g_strcompress (inner);
}

/* Reads the msgid/msgstr pairs of a PO text (plural forms are not fixed texts) into
 * @pairs, mnemonic underscores removed. */
static void
parse_po (const char *text, GHashTable *pairs)
{
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  GString *msgid = NULL;
  GString *msgstr = NULL;
  GString *current = NULL;
  gboolean plural = FALSE;

  for (guint i = 0;; i++)
    {
      const char *line = lines[i];

      if (line == NULL || g_str_has_prefix (line, "msgid ") || g_str_has_prefix (line, "msgctxt ")
          || g_str_has_prefix (line, "#"))
        {
          /* The previous entry is complete. */
          if (msgid != NULL && msgid->len > 0 && !plural)
            g_hash_table_replace (pairs, strip_mnemonic (msgid->str),
                                  strip_mnemonic (msgstr != NULL ? msgstr->str : ""));
          if (msgid != NULL)
            g_string_free (msgid, TRUE);
          if (msgstr != NULL)
            g_string_free (msgstr, TRUE);
          msgid = msgstr = current = NULL;
          plural = FALSE;
          if (line == NULL)
            break;
        }
      if (g_str_has_prefix (line, "msgid \""))
        {
          g_autofree char *part = po_unescape (line + strlen ("msgid "));
          msgid = current = g_string_new (part);
        }
      else if (g_str_has_prefix (line, "msgstr \""))
        {
          g_autofree char *part = po_unescape (line + strlen ("msgstr "));
          msgstr = current = g_string_new (part);
        }
      else if (g_str_has_prefix (line, "msgid_plural ") || g_str_has_prefix (line, "msgstr["))
        {
          plural = TRUE;
          current = NULL;
        }
      else if (line[0] == '"' && current != NULL)
        {
          g_autofree char *part = po_unescape (line);
          g_string_append (current, part);
        }
    }
}

static char *
run_text (const char *const *argv)
{
  g_autofree char *err = NULL;
  g_autoptr (GError) error = NULL;
  char *out = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status,
                &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("%s failed: %s", argv[0], err);
  return out;
}

/* English: every text the sources mark today (a fresh xgettext run, as in
 * tests/data/test-po-and-man.c) that the built catalogue does not render as itself;
 * German: every translation in the built catalogue. */
static void
load_catalogue (void)
{
  g_autofree char *mo
      = g_test_build_filename (G_TEST_BUILT, "po", "de", "LC_MESSAGES", "signalboard.mo", NULL);
  g_autofree char *potfiles = g_test_build_filename (G_TEST_DIST, "po", "POTFILES.in", NULL);
  g_autofree char *tmpdir = g_dir_make_tmp ("sb-ui-german-pot-XXXXXX", NULL);
  g_autofree char *pot = g_build_filename (tmpdir, "fresh.pot", NULL);
  const char *unfmt[] = { "msgunfmt", "--no-wrap", mo, NULL };
  const char *xgettext[] = { "xgettext",
                             "--from-code=UTF-8",
                             "--keyword=_",
                             "--keyword=N_",
                             "--keyword=C_:1c,2",
                             "--keyword=NC_:1c,2",
                             "--keyword=g_dngettext:2,3",
                             "--no-wrap",
                             "-D",
                             g_test_get_dir (G_TEST_DIST),
                             "-f",
                             potfiles,
                             "-o",
                             pot,
                             NULL };
  g_autofree char *catalogue_text = run_text (unfmt);
  g_autofree char *ignored = run_text (xgettext);
  g_autofree char *pot_text = NULL;
  g_autoptr (GHashTable) catalogue
      = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr (GHashTable) sources = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  GHashTableIter iter;
  gpointer key, value;

  g_assert_true (g_file_get_contents (pot, &pot_text, NULL, NULL));
  g_remove (pot);
  g_rmdir (tmpdir);
  parse_po (catalogue_text, catalogue);
  parse_po (pot_text, sources);

  english = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  german = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_hash_table_iter_init (&iter, catalogue);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (*(char *)value != '\0')
      g_hash_table_add (german, g_strdup (value));
  g_hash_table_iter_init (&iter, sources);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      const char *translation = g_hash_table_lookup (catalogue, key);

      if (translation == NULL || *translation == '\0')
        g_hash_table_replace (english, g_strdup (key), g_strdup ("not translated"));
      else if (!g_str_equal (translation, key))
        g_hash_table_replace (english, g_strdup (key), g_strdup (translation));
    }
  g_test_message ("catalogue: %u German texts; %u texts in the sources that are not German "
                  "as they stand",
                  g_hash_table_size (german), g_hash_table_size (english));
  g_assert_cmpuint (g_hash_table_size (german), >, 500);
}

static void
check_text (Scan *scan, const char *what, const char *text)
{
  g_autofree char *plain = NULL;

  if (text == NULL || text[0] == '\0')
    return;
  plain = strip_mnemonic (text);
  scan->checked++;
  if (g_hash_table_contains (english, plain))
    g_ptr_array_add (scan->problems,
                     g_strdup_printf ("%s “%s” is English (German: “%s”)", what, plain,
                                      (char *)g_hash_table_lookup (english, plain)));
  else if (g_hash_table_contains (german, plain))
    scan->translated++;
}

/* A mapped label under @widget that reads @text (mnemonic underscores aside). */
static gboolean
shows_label (GtkWidget *widget, const char *text)
{
  if (ui_widget_text (widget) != NULL && gtk_widget_get_mapped (widget))
    {
      g_autofree char *plain = strip_mnemonic (ui_widget_text (widget));
      if (g_str_equal (plain, text))
        return TRUE;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (shows_label (child, text))
      return TRUE;
  return FALSE;
}

static void
check_menu (Scan *scan, GMenuModel *menu)
{
  for (int i = 0; i < g_menu_model_get_n_items (menu); i++)
    {
      g_autofree char *label = NULL;
      GMenuModel *link;

      if (g_menu_model_get_item_attribute (menu, i, G_MENU_ATTRIBUTE_LABEL, "s", &label))
        check_text (scan, "menu item", label);
      link = g_menu_model_get_item_link (menu, i, G_MENU_LINK_SECTION);
      if (link == NULL)
        link = g_menu_model_get_item_link (menu, i, G_MENU_LINK_SUBMENU);
      if (link != NULL)
        {
          check_menu (scan, link);
          g_object_unref (link);
        }
    }
}

static void
check_widget (Scan *scan, GtkWidget *widget)
{
  const char *type = G_OBJECT_TYPE_NAME (widget);

  if (GTK_IS_LABEL (widget))
    {
      if (gtk_label_get_use_markup (GTK_LABEL (widget)))
        check_text (scan, type, gtk_label_get_text (GTK_LABEL (widget)));
      else
        check_text (scan, type, gtk_label_get_label (GTK_LABEL (widget)));
    }
  if (GTK_IS_INSCRIPTION (widget))
    check_text (scan, type, gtk_inscription_get_text (GTK_INSCRIPTION (widget)));
  if (GTK_IS_WINDOW (widget))
    check_text (scan, "window title", gtk_window_get_title (GTK_WINDOW (widget)));
  if (GTK_IS_ENTRY (widget))
    check_text (scan, "placeholder", gtk_entry_get_placeholder_text (GTK_ENTRY (widget)));
  if (GTK_IS_TEXT (widget))
    check_text (scan, "placeholder", gtk_text_get_placeholder_text (GTK_TEXT (widget)));
  if (GTK_IS_SEARCH_ENTRY (widget) || GTK_IS_PASSWORD_ENTRY (widget))
    {
      g_autofree char *placeholder = NULL;
      g_object_get (widget, "placeholder-text", &placeholder, NULL);
      check_text (scan, "placeholder", placeholder);
    }
  if (GTK_IS_DROP_DOWN (widget))
    {
      GListModel *model = gtk_drop_down_get_model (GTK_DROP_DOWN (widget));
      if (GTK_IS_STRING_LIST (model))
        for (guint i = 0; i < g_list_model_get_n_items (model); i++)
          check_text (scan, "drop-down item",
                      gtk_string_list_get_string (GTK_STRING_LIST (model), i));
    }
  if (ADW_IS_COMBO_ROW (widget))
    {
      GListModel *model = adw_combo_row_get_model (ADW_COMBO_ROW (widget));
      if (GTK_IS_STRING_LIST (model))
        for (guint i = 0; i < g_list_model_get_n_items (model); i++)
          check_text (scan, "combo row item",
                      gtk_string_list_get_string (GTK_STRING_LIST (model), i));
    }
  if (GTK_IS_MENU_BUTTON (widget) && gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (widget)))
    check_menu (scan, gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (widget)));
  if (GTK_IS_COLUMN_VIEW (widget))
    {
      GListModel *columns = gtk_column_view_get_columns (GTK_COLUMN_VIEW (widget));
      for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
        {
          g_autoptr (GtkColumnViewColumn) column = g_list_model_get_item (columns, i);
          check_text (scan, "column title", gtk_column_view_column_get_title (column));
        }
    }
  check_text (scan, "tooltip", gtk_widget_get_tooltip_text (widget));

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    check_widget (scan, child);
}

static void
assert_german (GtkWidget *widget, const char *name, guint min_translated)
{
  Scan scan = { 0, 0, g_ptr_array_new_with_free_func (g_free) };

  check_widget (&scan, widget);
  g_test_message ("%s: %u texts, %u of them German from the catalogue, %u English", name,
                  scan.checked, scan.translated, scan.problems->len);
  for (guint i = 0; i < scan.problems->len; i++)
    g_test_message ("%s: %s", name, (char *)scan.problems->pdata[i]);
  if (scan.problems->len > 0)
    g_test_fail_printf ("%s shows %u English texts under LANGUAGE=de, e.g. %s", name,
                        scan.problems->len, (char *)scan.problems->pdata[0]);
  /* A scan that found no German at all would pass for the wrong reason. */
  g_assert_cmpuint (scan.translated, >=, min_translated);
  g_ptr_array_unref (scan.problems);
}

static SbDataSource *
make_source (const char *name, guint port, gboolean tls)
{
  SbDataSource *source = sb_data_source_new ();
  g_autoptr (SbSubscription) subscription = sb_subscription_new ("shopfloor/#");

  sb_data_source_set_name (source, name);
  sb_data_source_set_broker (source, tls ? "broker.example.com" : "127.0.0.1");
  sb_data_source_set_port (source, (int)port);
  sb_data_source_add_subscription (source, subscription);
  if (tls)
    {
      sb_data_source_set_tls_enabled (source, TRUE);
      sb_data_source_set_tls_verify (source, FALSE);
    }
  return source;
}

static void
test_german (void)
{
  const char *shots = g_getenv ("SB_SCREENSHOT_DIR");
  g_autoptr (SbTestBroker) broker = sb_test_broker_new ();
  g_autoptr (SbApplication) app = NULL;
  g_autoptr (SbConfig) config = sb_config_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  SbWindow *window;
  SbSourceDialog *dialog;
  SbPreviewWindow *preview;
  GtkWidget *import_dialog;

  sb_test_broker_start (broker);
  sb_test_broker_publish (broker, "shopfloor/counter/", "41", 1, TRUE);

  dir = g_dir_make_tmp ("sb-ui-german-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "sources.json", NULL);
  {
    g_autoptr (SbDataSource) local
        = make_source ("Shopfloor", sb_test_broker_get_port (broker), FALSE);
    g_autoptr (SbDataSource) remote = make_source ("Halle 2", 8883, TRUE);
    sb_config_append (config, local);
    sb_config_append (config, remote);
  }
  g_assert_true (sb_config_save_to_file (config, path, &error));
  g_assert_no_error (error);

  app = ui_app_new ();

  /* The main window and its menu. */
  window = sb_window_new (app);
  gtk_window_set_default_size (GTK_WINDOW (window), 860, 520);
  g_assert_true (sb_window_open_path (window, path));
  gtk_window_present (GTK_WINDOW (window));
  ui_drain ();
  /* Something German the user reads at once: the Add button. */
  g_assert_true (shows_label (GTK_WIDGET (window), "Datenquelle hinzufügen"));
  assert_german (GTK_WIDGET (window), "main window", 5);
  if (shots != NULL)
    ui_shoot (GTK_WIDGET (window), shots, "main-window-de");

  /* The Add dialog, every section open. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.add-source", NULL);
  dialog = sb_window_get_source_dialog (window);
  g_assert_nonnull (dialog);
  ui_expand_all (GTK_WIDGET (dialog));
  ui_drain ();
  assert_german (GTK_WIDGET (dialog), "Add dialog", 20);
  if (shots != NULL)
    {
      gtk_window_set_default_size (GTK_WINDOW (dialog), 720, 1000);
      ui_shoot (GTK_WIDGET (dialog), shots, "dialog-de");
    }
  gtk_window_destroy (GTK_WINDOW (dialog));
  ui_drain ();

  /* A preview window with a row from the broker. */
  preview = ui_window_preview_with_rows (window, "Shopfloor");
  assert_german (GTK_WIDGET (preview), "preview window", 5);
  gtk_window_destroy (GTK_WINDOW (preview));

  /* The Import dialog on the MQTTX sample. */
  import_dialog = ui_window_import_sample (window);
  assert_german (import_dialog, "Import dialog", 3);
  gtk_window_destroy (GTK_WINDOW (import_dialog));

  gtk_window_destroy (GTK_WINDOW (window));
  ui_drain ();
  sb_test_remove_tree (dir);
}

int
main (int argc, char **argv)
{
  g_autofree char *locale_dir = NULL;

  /* German, from this build's catalogue (the installed one may be older or absent). C.UTF-8
   * is not "C", so gettext honours LANGUAGE. */
  g_setenv ("LANGUAGE", "de", TRUE);
  setlocale (LC_ALL, "");
  ui_test_init (&argc, &argv);
  /* After g_test_init (), which g_test_build_filename () needs; before any window. */
  locale_dir = g_test_build_filename (G_TEST_BUILT, "po", NULL);
  bindtextdomain (GETTEXT_PACKAGE, locale_dir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  load_catalogue ();
  g_test_add_func ("/ui/german/no-english", test_german);
  return g_test_run ();
}
