/* test-ui-mnemonics.c: within each window and dialog, no two controls share a
 * mnemonic (issue 17)
 *
 * Every window a user opens is built and walked: the main window and its menu,
 * the Add and Edit data source dialog with every section open and the listener
 * on, the Import, Publish, password and preview windows and Preferences. A
 * label with an underlined letter (a button's or a row's title too) claims
 * Alt+letter for its control; two controls claiming one letter in one window
 * fail the test, naming both labels. Run once in English (LANG=C) and once with
 * --german under LANGUAGE=de with this build's catalogue.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "sb-import-dialog-private.h"
#include "sb-password-dialog.h"
#include "sb-preferences-window.h"
#include "sb-preview-view-private.h"
#include "sb-preview-window-private.h"
#include "sb-publish-dialog.h"
#include "sb-source-dialog-private.h"
#include "sb-test-ui-window.h"
#include "sb-window-private.h"

typedef struct
{
  GHashTable *claims;  /* lower-case keyval -> the label that claims it */
  GHashTable *targets; /* controls already counted (two labels of one row) */
  GPtrArray *clashes;
  guint n_labels;
} Walk;

/* The control a mnemonic label activates: its mnemonic widget, or the
 * button (or other control) it is the text of. */
static GtkWidget *
mnemonic_target (GtkLabel *label)
{
  GtkWidget *target = gtk_label_get_mnemonic_widget (label);

  if (target != NULL)
    return target;
  for (GtkWidget *w = GTK_WIDGET (label); w != NULL; w = gtk_widget_get_parent (w))
    if (gtk_widget_get_focusable (w) || GTK_IS_BUTTON (w) || GTK_IS_LIST_BOX_ROW (w))
      return w;
  return GTK_WIDGET (label);
}

static void
walk (Walk *state, GtkWidget *widget)
{
  /* Hidden parts claim nothing; a popover is a surface of its own. */
  if (!gtk_widget_get_visible (widget) || !gtk_widget_get_child_visible (widget)
      || GTK_IS_POPOVER (widget))
    return;
  if (GTK_IS_LABEL (widget) && gtk_label_get_use_underline (GTK_LABEL (widget)))
    {
      guint keyval = gtk_label_get_mnemonic_keyval (GTK_LABEL (widget));
      GtkWidget *target = mnemonic_target (GTK_LABEL (widget));

      if (keyval != GDK_KEY_VoidSymbol && keyval != 0
          && !g_hash_table_contains (state->targets, target))
        {
          gpointer key = GUINT_TO_POINTER (gdk_keyval_to_lower (keyval));
          GtkLabel *other = g_hash_table_lookup (state->claims, key);

          g_hash_table_add (state->targets, target);
          state->n_labels++;
          g_test_message ("Alt+%s: %s", gdk_keyval_name (gdk_keyval_to_upper (keyval)),
                          gtk_label_get_label (GTK_LABEL (widget)));
          if (other != NULL)
            g_ptr_array_add (state->clashes,
                             g_strdup_printf ("“%s” and “%s” both use Alt+%s",
                                              gtk_label_get_label (other),
                                              gtk_label_get_label (GTK_LABEL (widget)),
                                              gdk_keyval_name (gdk_keyval_to_upper (keyval))));
          else
            g_hash_table_insert (state->claims, key, widget);
        }
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    walk (state, child);
}

static void
report (const char *name, GPtrArray *clashes, guint n_labels, guint min_labels)
{
  g_test_message ("%s: %u controls with a mnemonic, %u clashes", name, n_labels, clashes->len);
  for (guint i = 0; i < clashes->len; i++)
    g_test_message ("%s: %s", name, (char *)clashes->pdata[i]);
  if (clashes->len > 0)
    g_test_fail_printf ("%s: %s", name, (char *)clashes->pdata[0]);
  /* A walk that found no mnemonic would pass for the wrong reason. */
  g_assert_cmpuint (n_labels, >=, min_labels);
}

static void
assert_unique (GtkWidget *window, const char *name, guint min_labels)
{
  Walk state = { g_hash_table_new (NULL, NULL), g_hash_table_new (NULL, NULL),
                 g_ptr_array_new_with_free_func (g_free), 0 };

  walk (&state, window);
  report (name, state.clashes, state.n_labels, min_labels);
  g_hash_table_unref (state.claims);
  g_hash_table_unref (state.targets);
  g_ptr_array_unref (state.clashes);
}

/* One level of a menu (its sections are the same level); submenus are
 * levels of their own. */
static void
walk_menu (GMenuModel *menu, GHashTable *claims, GPtrArray *clashes, guint *n_labels)
{
  for (int i = 0; i < g_menu_model_get_n_items (menu); i++)
    {
      g_autofree char *label = NULL;
      g_autoptr (GMenuModel) section = g_menu_model_get_item_link (menu, i, G_MENU_LINK_SECTION);
      g_autoptr (GMenuModel) submenu = g_menu_model_get_item_link (menu, i, G_MENU_LINK_SUBMENU);

      if (section != NULL)
        walk_menu (section, claims, clashes, n_labels);
      if (submenu != NULL)
        {
          g_autoptr (GHashTable) sub_claims
              = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, g_free);
          walk_menu (submenu, sub_claims, clashes, n_labels);
        }
      if (g_menu_model_get_item_attribute (menu, i, G_MENU_ATTRIBUTE_LABEL, "s", &label))
        {
          const char *mark = strchr (label, '_');
          gunichar letter;
          const char *other;

          if (mark == NULL || mark[1] == '\0')
            continue;
          letter = g_unichar_tolower (g_utf8_get_char (mark + 1));
          (*n_labels)++;
          other = g_hash_table_lookup (claims, GUINT_TO_POINTER (letter));
          if (other != NULL)
            {
              char upper[8] = { 0 };
              g_unichar_to_utf8 (g_unichar_toupper (letter), upper);
              g_ptr_array_add (
                  clashes, g_strdup_printf ("“%s” and “%s” both use Alt+%s", other, label, upper));
            }
          else
            g_hash_table_insert (claims, GUINT_TO_POINTER (letter), g_strdup (label));
        }
    }
}

static void
assert_menu_unique (GMenuModel *menu, const char *name, guint min_labels)
{
  g_autoptr (GHashTable) claims
      = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, g_free);
  g_autoptr (GPtrArray) clashes = g_ptr_array_new_with_free_func (g_free);
  guint n_labels = 0;

  walk_menu (menu, claims, clashes, &n_labels);
  report (name, clashes, n_labels, min_labels);
}

static SbDataSource *
make_source (SbTestBroker *broker)
{
  SbDataSource *source = sb_data_source_new ();
  g_autoptr (SbSubscription) subscription = sb_subscription_new ("shopfloor/#");

  sb_data_source_set_name (source, "Shopfloor");
  sb_data_source_set_broker (source, "127.0.0.1");
  sb_data_source_set_port (source, (int)sb_test_broker_get_port (broker));
  sb_data_source_add_subscription (source, subscription);
  return source;
}

static void
check_source_dialog (SbSourceDialog *dialog, const char *name)
{
  gtk_window_present (GTK_WINDOW (dialog));
  ui_expand_all (GTK_WIDGET (dialog));
  /* The listener's preview is part of the dialog while it runs. */
  gtk_switch_set_active (GTK_SWITCH (sb_source_dialog_get_widget (dialog, "listen_switch")), TRUE);
  ui_drain ();
  assert_unique (GTK_WIDGET (dialog), name, 18);
  gtk_window_destroy (GTK_WINDOW (dialog));
  ui_drain ();
}

static void
test_mnemonics (void)
{
  g_autoptr (SbTestBroker) broker = sb_test_broker_new ();
  g_autoptr (SbApplication) app = NULL;
  g_autoptr (SbConfig) config = sb_config_new ();
  g_autoptr (SbDataSource) source = NULL;
  g_autoptr (SbMqttSession) session = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr (SbDataSource) second = NULL;
  SbWindow *window;
  SbPreviewWindow *preview;
  GtkWidget *other;

  sb_test_broker_start (broker);
  sb_test_broker_publish (broker, "shopfloor/counter", "41", 1, TRUE);
  dir = g_dir_make_tmp ("sb-ui-mnemonics-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "sources.json", NULL);
  source = make_source (broker);
  sb_config_append (config, source);
  /* Two sources: a row's button must not claim a letter every other row claims too. */
  second = make_source (broker);
  sb_data_source_set_name (second, "Line 2");
  sb_config_append (config, second);
  g_assert_true (sb_config_save_to_file (config, path, &error));
  g_assert_no_error (error);

  app = ui_app_new ();

  /* The main window and its menu. */
  window = sb_window_new (app);
  g_assert_true (sb_window_open_path (window, path));
  gtk_window_present (GTK_WINDOW (window));
  ui_drain ();
  assert_unique (GTK_WIDGET (window), "main window", 1);
  assert_menu_unique (gtk_menu_button_get_menu_model (
                          GTK_MENU_BUTTON (sb_window_get_widget (window, "menu_button"))),
                      "main menu", 6);

  /* Add, then Edit (Save in place of Add). */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.add-source", NULL);
  check_source_dialog (sb_window_get_source_dialog (window), "Add data source dialog");
  check_source_dialog (sb_source_dialog_new (GTK_WINDOW (window), config, source),
                       "Edit data source dialog");

  /* A preview window with a row from the broker (the details pane open). */
  preview = ui_window_preview_with_rows (window, "Shopfloor");
  sb_preview_view_select_topic (sb_preview_window_get_view (preview), "shopfloor/counter");
  ui_drain ();
  assert_unique (GTK_WIDGET (preview), "preview window", 2);
  gtk_window_destroy (GTK_WINDOW (preview));

  /* Publish, the password question and Preferences. */
  session = sb_mqtt_session_new (source);
  other = GTK_WIDGET (sb_publish_dialog_new (GTK_WINDOW (window), session, "shopfloor/counter"));
  gtk_window_present (GTK_WINDOW (other));
  ui_drain ();
  assert_unique (other, "Publish dialog", 4);
  gtk_window_destroy (GTK_WINDOW (other));

  other = GTK_WIDGET (sb_password_dialog_new (GTK_WINDOW (window), source));
  gtk_window_present (GTK_WINDOW (other));
  ui_drain ();
  assert_unique (other, "password dialog", 2);
  gtk_window_destroy (GTK_WINDOW (other));

  other = GTK_WIDGET (
      sb_preferences_window_new (GTK_WINDOW (window), sb_application_get_settings (app)));
  gtk_window_present (GTK_WINDOW (other));
  ui_drain ();
  assert_unique (other, "Preferences", 4);
  gtk_window_destroy (GTK_WINDOW (other));

  /* The Import dialog on the MQTTX sample. */
  other = ui_window_import_sample (window);
  assert_unique (other, "Import dialog", 2);
  gtk_window_destroy (GTK_WINDOW (other));

  gtk_window_destroy (GTK_WINDOW (window));
  ui_drain ();
  sb_test_remove_tree (dir);
}

int
main (int argc, char **argv)
{
  gboolean german = argc > 1 && g_str_equal (argv[argc - 1], "--german");

  if (german)
    {
      /* Before g_test_init (), so from its variable rather than g_test_build_filename (). */
      g_autofree char *locale_dir = g_build_filename (g_getenv ("G_TEST_BUILDDIR"), "po", NULL);

      /* This build's catalogue; C.UTF-8 is not "C", so gettext honours LANGUAGE. */
      g_setenv ("LANGUAGE", "de", TRUE);
      setlocale (LC_ALL, "");
      bindtextdomain (GETTEXT_PACKAGE, locale_dir);
      bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
      textdomain (GETTEXT_PACKAGE);
      argc--;
    }
  ui_test_init (&argc, &argv);
  g_test_add_func (german ? "/ui/mnemonics/german" : "/ui/mnemonics/english", test_mnemonics);
  return g_test_run ();
}
