/* test-ui-a11y.c: the accessibility walk over every window (issue 17): each
 * control a user can reach has an accessible name, none says it twice; and
 * the shortcuts window lists every accelerator the application sets
 *
 * Runs with GTK_A11Y=test (tests/app/meson.build): GTK_A11Y=none creates no
 * accessibility context to read.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "sb-browse-window.h"
#include "sb-import-dialog-private.h"
#include "sb-preferences-window.h"
#include "sb-publish-dialog.h"
#include "sb-test-ui-a11y.h"
#include "sb-test-ui-window.h"
#include "sb-preview-view-private.h"
#include "sb-preview-window-private.h"
#include "sb-window-private.h"

static SbDataSource *
make_source (const char *name, guint port, const char *topic)
{
  SbDataSource *source = sb_data_source_new ();
  g_autoptr (SbSubscription) sub = sb_subscription_new (topic);

  sb_data_source_set_name (source, name);
  sb_data_source_set_broker (source, "127.0.0.1");
  sb_data_source_set_port (source, port);
  sb_data_source_add_subscription (source, sub);
  return source;
}

/* A file with two data sources on @port: the main window's rows. */
static void
write_two_sources (UiWindowFixture *f, guint port)
{
  g_autoptr (SbConfig) config = sb_config_new ();
  g_autoptr (SbDataSource) a = make_source ("Shopfloor", port, "shopfloor/#");
  g_autoptr (SbDataSource) b = make_source ("Line 7", port, "line7/#");
  g_autoptr (GError) error = NULL;

  sb_config_append (config, a);
  sb_config_append (config, b);
  sb_config_save_to_file (config, f->path, &error);
  g_assert_no_error (error);
}

/* A shown toplevel of @type, or NULL. */
static GtkWidget *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GtkWidget) window = g_list_model_get_item (toplevels, i);
      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_visible (window))
        return window;
    }
  return NULL;
}

static void
test_a11y_main_window (UiWindowFixture *f, gconstpointer data)
{
  /* Empty first: the status page and its button. */
  g_assert_true (sb_window_open_path (f->window, f->path));
  ui_drain ();
  a11y_assert_window_named (GTK_WIDGET (f->window));

  write_two_sources (f, sb_test_free_port ());
  g_assert_true (sb_window_open_path (f->window, f->path));
  ui_drain ();
  g_assert_nonnull (sb_window_get_row (f->window, 1));
  g_assert_cmpuint (a11y_assert_window_named (GTK_WIDGET (f->window)), >=, 6);
}

static gboolean
rows_cb (gpointer data)
{
  return sb_preview_view_get_n_rows (data) >= 2;
}

static void
test_a11y_preview_window (UiWindowFixture *f, gconstpointer data)
{
  g_autoptr (SbTestBroker) broker = sb_test_broker_new ();
  SbPreviewWindow *preview;
  SbPreviewView *view;

  sb_test_broker_start (broker);
  sb_test_broker_publish (broker, "shopfloor/counter", "4711", 1, TRUE);
  sb_test_broker_publish (broker, "shopfloor/state", "{\"ok\":true}", 1, TRUE);
  write_two_sources (f, sb_test_broker_get_port (broker));
  g_assert_true (sb_window_open_path (f->window, f->path));
  g_assert_true (sb_window_listen (f->window, "Shopfloor", NULL));
  preview = sb_window_get_preview_window (
      f->window, sb_config_get_data_source (sb_window_get_config (f->window), 0));
  view = sb_preview_window_get_view (preview);
  g_assert_true (sb_test_wait_for (rows_cb, view, UI_DEADLINE_MS));
  sb_preview_view_set_show_details (view, TRUE);
  sb_preview_view_select_topic (view, "shopfloor/state");
  ui_drain ();
  g_assert_cmpuint (a11y_assert_window_named (GTK_WIDGET (preview)), >=, 4);
  gtk_window_destroy (GTK_WINDOW (preview));
}

static gboolean
import_loaded_cb (gpointer data)
{
  return sb_import_dialog_is_loaded (data);
}

/* The browse window shows the broker's tree: its first level is there. */
static gboolean
label_shown_cb (gpointer data)
{
  return ui_find_label (data, "plant") != NULL;
}

static void
test_a11y_secondary_windows (UiWindowFixture *f, gconstpointer data)
{
  g_autofree char *sample = g_test_build_filename (G_TEST_DIST, "tests", "core", "import",
                                                   "samples", "mqttx-export.json", NULL);
  g_autoptr (SbTestBroker) broker = sb_test_broker_new ();
  g_autoptr (SbConfig) config = sb_config_new ();
  g_autoptr (SbDataSource) source = NULL;
  g_autoptr (SbMqttSession) session = NULL;
  GtkWidget *window;

  sb_test_broker_start (broker);
  sb_test_broker_publish (broker, "plant/press4/state", "running", 1, TRUE);
  source = make_source ("Shopfloor", sb_test_broker_get_port (broker), "plant/#");
  session = sb_mqtt_session_new (source);
  g_assert_true (sb_window_open_path (f->window, f->path));

  window = GTK_WIDGET (
      sb_preferences_window_new (GTK_WINDOW (f->window), sb_application_get_settings (f->app)));
  gtk_window_present (GTK_WINDOW (window));
  ui_drain ();
  a11y_assert_window_named (window);
  gtk_window_destroy (GTK_WINDOW (window));

  window = GTK_WIDGET (sb_import_dialog_new (GTK_WINDOW (f->window), config, sample));
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (sb_test_wait_for (import_loaded_cb, window, UI_DEADLINE_MS));
  ui_drain ();
  a11y_assert_window_named (window);
  gtk_window_destroy (GTK_WINDOW (window));

  window = GTK_WIDGET (sb_publish_dialog_new (GTK_WINDOW (f->window), session, "a/b"));
  gtk_window_present (GTK_WINDOW (window));
  ui_drain ();
  a11y_assert_window_named (window);
  gtk_window_destroy (GTK_WINDOW (window));

  window = GTK_WIDGET (sb_browse_window_new (NULL, source));
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (sb_test_wait_for (label_shown_cb, window, UI_DEADLINE_MS));
  ui_drain ();
  a11y_assert_window_named (window);
  gtk_window_destroy (GTK_WINDOW (window));

  g_action_group_activate_action (G_ACTION_GROUP (f->app), "about", NULL);
  ui_drain ();
  window = find_toplevel (ADW_TYPE_ABOUT_WINDOW);
  g_assert_nonnull (window);
  a11y_assert_window_named (window);
  gtk_window_destroy (GTK_WINDOW (window));

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-help-overlay", NULL);
  ui_drain ();
  window = find_toplevel (GTK_TYPE_SHORTCUTS_WINDOW);
  g_assert_nonnull (window);
  a11y_assert_window_named (window);
  gtk_widget_set_visible (window, FALSE);
}

static void
collect_shortcuts (GtkWidget *widget, GPtrArray *accels)
{
  if (GTK_IS_SHORTCUTS_SHORTCUT (widget))
    {
      g_autofree char *accel = NULL;
      g_object_get (widget, "accelerator", &accel, NULL);
      if (accel != NULL)
        {
          g_auto (GStrv) each = g_strsplit (accel, " ", -1);
          for (guint i = 0; each[i] != NULL; i++)
            if (*each[i] != '\0')
              g_ptr_array_add (accels, g_strdup (each[i]));
        }
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_shortcuts (child, accels);
}

static gboolean
same_accel (const char *a, const char *b)
{
  guint key_a, key_b;
  GdkModifierType mods_a, mods_b;

  return gtk_accelerator_parse (a, &key_a, &mods_a) && gtk_accelerator_parse (b, &key_b, &mods_b)
         && gdk_keyval_to_lower (key_a) == gdk_keyval_to_lower (key_b) && mods_a == mods_b;
}

/* Every accelerator the application sets is in the shortcuts window, which
 * opens with Ctrl+? (itself listed), Preferences (Ctrl+,) among them. */
static void
test_a11y_shortcuts_complete (UiWindowFixture *f, gconstpointer data)
{
  g_auto (GStrv) actions = gtk_application_list_action_descriptions (GTK_APPLICATION (f->app));
  g_autoptr (GPtrArray) listed = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GString) missing = g_string_new (NULL);
  guint n_accels = 0;
  GtkWidget *overlay;

  g_assert_true (sb_window_open_path (f->window, f->path));
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-help-overlay", NULL);
  ui_drain ();
  overlay = find_toplevel (GTK_TYPE_SHORTCUTS_WINDOW);
  g_assert_nonnull (overlay);
  collect_shortcuts (overlay, listed);

  for (guint i = 0; actions[i] != NULL; i++)
    {
      g_auto (GStrv) accels
          = gtk_application_get_accels_for_action (GTK_APPLICATION (f->app), actions[i]);
      for (guint j = 0; accels[j] != NULL; j++)
        {
          gboolean found = FALSE;
          n_accels++;
          for (guint k = 0; k < listed->len && !found; k++)
            found = same_accel (accels[j], listed->pdata[k]);
          if (!found)
            g_string_append_printf (missing, " %s (%s)", actions[i], accels[j]);
        }
    }
  if (missing->len > 0)
    g_test_fail_printf ("not in the shortcuts window:%s", missing->str);
  /* The list is the real one: Preferences among at least eight. */
  g_assert_cmpuint (n_accels, >=, 8);
  {
    g_auto (GStrv) prefs
        = gtk_application_get_accels_for_action (GTK_APPLICATION (f->app), "app.preferences");
    g_assert_cmpstr (prefs[0], ==, "<Control>comma");
  }
  gtk_widget_set_visible (overlay, FALSE);
}

static void
collect_menu (GMenuModel *menu, GHashTable *names)
{
  for (int i = 0; i < g_menu_model_get_n_items (menu); i++)
    {
      g_autofree char *action = NULL;
      g_autoptr (GMenuLinkIter) links = g_menu_model_iterate_item_links (menu, i);
      GMenuModel *link;

      if (g_menu_model_get_item_attribute (menu, i, G_MENU_ATTRIBUTE_ACTION, "s", &action))
        g_hash_table_add (names, g_steal_pointer (&action));
      while (g_menu_link_iter_get_next (links, NULL, &link))
        {
          collect_menu (link, names);
          g_object_unref (link);
        }
    }
}

/* The actions a user can reach in @widget's tree: buttons, and menu buttons'
 * menus. */
static void
collect_actionables (GtkWidget *widget, GHashTable *names)
{
  if (GTK_IS_ACTIONABLE (widget) && gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)))
    g_hash_table_add (names, g_strdup (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget))));
  if (GTK_IS_MENU_BUTTON (widget) && gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (widget)))
    collect_menu (gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (widget)), names);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_actionables (child, names);
}

/* Every action of the application and the main window is reachable with the
 * keyboard: an accelerator, a button or a menu item (F10 opens the main menu,
 * Tab reaches each row's buttons and menu). The Undo toast shown after a
 * delete holds the undo. */
static void
test_a11y_actions_reachable (UiWindowFixture *f, gconstpointer data)
{
  g_autoptr (GHashTable) reachable = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GString) unreachable = g_string_new (NULL);
  const char *prefixes[] = { "app", "win" };
  GActionGroup *groups[] = { G_ACTION_GROUP (f->app), G_ACTION_GROUP (f->window) };
  guint n_actions = 0;

  write_two_sources (f, sb_test_free_port ());
  g_assert_true (sb_window_open_path (f->window, f->path));
  gtk_widget_activate_action (
      GTK_WIDGET (f->window), "win.delete-source", "s",
      sb_data_source_get_id (sb_config_get_data_source (sb_window_get_config (f->window), 1)));
  ui_drain ();
  collect_actionables (GTK_WIDGET (f->window), reachable);

  for (guint g = 0; g < G_N_ELEMENTS (groups); g++)
    {
      g_auto (GStrv) actions = g_action_group_list_actions (groups[g]);
      for (guint i = 0; actions[i] != NULL; i++)
        {
          g_autofree char *name = g_strdup_printf ("%s.%s", prefixes[g], actions[i]);
          g_auto (GStrv) accels = NULL;

          n_actions++;
          /* The toast's own close button (or its timeout) does what
           * win.dismiss-undo does for the tests. */
          if (g_hash_table_contains (reachable, name) || g_str_equal (name, "win.dismiss-undo"))
            continue;
          accels = gtk_application_get_accels_for_action (GTK_APPLICATION (f->app), name);
          if (accels[0] == NULL)
            g_string_append_printf (unreachable, " %s", name);
        }
    }
  if (unreachable->len > 0)
    g_test_fail_printf ("no key, button or menu item reaches:%s", unreachable->str);
  g_assert_cmpuint (n_actions, >=, 15);
}

/* The Add/Edit dialog, every section open: a data source with TLS, a user
 * name and two subscriptions. */
static void
test_a11y_source_dialog (UiWindowFixture *f, gconstpointer data)
{
  GtkWidget *dialog;

  ui_window_open_full_source (f);

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.add-source", NULL);
  ui_drain ();
  dialog = GTK_WIDGET (sb_window_get_source_dialog (f->window));
  g_assert_nonnull (dialog);
  a11y_assert_window_named (dialog);
  gtk_window_destroy (GTK_WINDOW (dialog));
  ui_drain ();

  dialog = ui_window_edit_dialog_every_section (f);
  ui_drain ();
  g_assert_cmpuint (a11y_assert_window_named (dialog), >=, 10);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

int
main (int argc, char **argv)
{
  int status;

  ui_test_init (&argc, &argv);
  ui_window_app_init ();
#define ADD(path, func)                                                                            \
  g_test_add (path, UiWindowFixture, NULL, ui_window_set_up, func, ui_window_tear_down)
  ADD ("/ui/a11y/main-window", test_a11y_main_window);
  ADD ("/ui/a11y/preview-window", test_a11y_preview_window);
  ADD ("/ui/a11y/secondary-windows", test_a11y_secondary_windows);
  ADD ("/ui/a11y/shortcuts-complete", test_a11y_shortcuts_complete);
  ADD ("/ui/a11y/actions-reachable", test_a11y_actions_reachable);
  ADD ("/ui/a11y/source-dialog", test_a11y_source_dialog);
#undef ADD
  status = g_test_run ();
  g_clear_object (&the_app);
  return status;
}
