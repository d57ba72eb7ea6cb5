/* test-ui-reload.c: the open file changed by another program: the info bar,
 * Reload, Keep My Version, a broken file, our own saves, and a save while
 * the other change waits (issue 8, "Configuration safety")
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>

#include "sb-test-ui-window.h"
#include "sb-source-row-private.h"
#include "sb-window-private.h"

static char *
config_text (const char *const *names)
{
  g_autoptr (SbConfig) config = sb_config_new ();

  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autoptr (SbDataSource) source = sb_data_source_new ();
      g_autoptr (SbSubscription) subscription = sb_subscription_new ("plant/#");

      sb_data_source_set_name (source, names[i]);
      sb_data_source_set_broker (source, "127.0.0.1");
      sb_data_source_add_subscription (source, subscription);
      sb_config_append (config, source);
    }
  return sb_config_to_data (config, NULL);
}

#define NAMES(...) ((const char *const[]){ __VA_ARGS__, NULL })

/* Another program writes the file: atomically (an editor's rename) or in place. */
static void
write_other (UiWindowFixture *f, const char *text, gboolean in_place)
{
  g_autoptr (GError) error = NULL;

  if (!in_place)
    {
      g_assert_true (g_file_set_contents (f->path, text, -1, &error));
      g_assert_no_error (error);
      return;
    }
  {
    FILE *file = fopen (f->path, "w");
    g_assert_nonnull (file);
    g_assert_cmpint (fputs (text, file), >=, 0);
    g_assert_cmpint (fclose (file), ==, 0);
  }
}

static void
open_with (UiWindowFixture *f, const char *const *names)
{
  g_autofree char *text = config_text (names);

  write_other (f, text, FALSE);
  g_assert_true (sb_window_open_path (f->window, f->path));
  ui_drain ();
}

static guint
n_rows (UiWindowFixture *f)
{
  guint n = 0;
  while (sb_window_get_row (f->window, n) != NULL)
    n++;
  return n;
}

static gboolean
bar_shown (UiWindowFixture *f)
{
  GtkWidget *bar = sb_window_get_widget (f->window, "change_bar");
  return gtk_revealer_get_reveal_child (GTK_REVEALER (bar)) && gtk_widget_get_mapped (bar)
         && ui_find_label (bar, "The file was changed by another program") != NULL;
}

static gboolean
bar_shown_cb (gpointer data)
{
  return bar_shown (data);
}

/* Concealed, the bar is hidden too (not only folded to no height), so that the
 * window does not measure its label and buttons. */
static gboolean
bar_hidden_cb (gpointer data)
{
  UiWindowFixture *f = data;
  return !gtk_widget_get_visible (sb_window_get_widget (f->window, "change_bar"));
}

static const char *
page (UiWindowFixture *f)
{
  return gtk_stack_get_visible_child_name (GTK_STACK (sb_window_get_widget (f->window, "stack")));
}

static void
test_reload_external_change (UiWindowFixture *f, gconstpointer data)
{
  g_autofree char *other = config_text (NAMES ("Press 1", "Press 2", "Oven"));

  open_with (f, NAMES ("Press 1"));
  g_assert_cmpuint (n_rows (f), ==, 1);
  g_assert_false (bar_shown (f));
  g_assert_true (bar_hidden_cb (f));

  write_other (f, other, FALSE);
  g_assert_true (sb_test_wait_for (bar_shown_cb, f, UI_DEADLINE_MS));
  /* Nothing changes before the user says so. */
  g_assert_cmpuint (n_rows (f), ==, 1);
  if (g_getenv ("SB_SCREENSHOT_DIR") != NULL)
    ui_shoot (GTK_WIDGET (f->window), g_getenv ("SB_SCREENSHOT_DIR"), "main-window-file-changed");

  ui_activate (f->window, "win.reload-changed", NULL);
  g_assert_false (bar_shown (f));
  g_assert_true (sb_test_wait_for (bar_hidden_cb, f, UI_DEADLINE_MS));
  g_assert_cmpuint (n_rows (f), ==, 3);
  g_assert_cmpstr (sb_source_row_get_name_text (sb_window_get_row (f->window, 2)), ==, "Oven");
  {
    g_autofree char *after = ui_read_file (f->path);
    g_assert_cmpstr (after, ==, other);
  }

  /* A change written in place (not renamed) is noticed too. */
  {
    g_autofree char *again = config_text (NAMES ("Press 1"));
    write_other (f, again, TRUE);
    g_assert_true (sb_test_wait_for (bar_shown_cb, f, UI_DEADLINE_MS));
    ui_activate (f->window, "win.reload-changed", NULL);
    g_assert_cmpuint (n_rows (f), ==, 1);
    g_assert_true (sb_test_wait_for (bar_hidden_cb, f, UI_DEADLINE_MS));
  }
}

typedef struct
{
  UiWindowFixture *f;
  guint after;
} ChecksWait;

static gboolean
checked_cb (gpointer data)
{
  ChecksWait *wait = data;
  return sb_window_get_n_file_checks (wait->f->window) > wait->after;
}

static void
test_reload_own_save (UiWindowFixture *f, gconstpointer data)
{
  ChecksWait wait = { .f = f };
  const char *id;

  open_with (f, NAMES ("Press 1"));
  id = sb_data_source_get_id (sb_source_row_get_source (sb_window_get_row (f->window, 0)));
  wait.after = sb_window_get_n_file_checks (f->window);
  /* Duplicate saves at once. */
  ui_activate (f->window, "win.duplicate-source", id);
  g_assert_cmpuint (n_rows (f), ==, 2);
  /* The monitor has seen our write, and knows it as ours. */
  g_assert_true (sb_test_wait_for (checked_cb, &wait, UI_DEADLINE_MS));
  ui_drain ();
  g_assert_false (sb_window_get_change_pending (f->window));
  g_assert_false (bar_shown (f));
}

static AdwMessageDialog *
find_message_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GObject) window = g_list_model_get_item (toplevels, i);
      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return ADW_MESSAGE_DIALOG (window);
    }
  return NULL;
}

static void
test_reload_save_asks (UiWindowFixture *f, gconstpointer data)
{
  g_autofree char *other = config_text (NAMES ("Press 1", "Someone else's"));
  g_autofree char *after = NULL;
  g_autofree char *secondary = NULL;
  g_autofree char *id = NULL;
  AdwMessageDialog *message;

  open_with (f, NAMES ("Press 1"));
  id = g_strdup (
      sb_data_source_get_id (sb_source_row_get_source (sb_window_get_row (f->window, 0))));
  write_other (f, other, FALSE);
  g_assert_true (sb_test_wait_for (bar_shown_cb, f, UI_DEADLINE_MS));

  /* Deleting saves; with the other change undecided it is refused, and said why. */
  ui_activate (f->window, "win.delete-source", id);
  message = find_message_dialog ();
  g_assert_nonnull (message);
  secondary = g_strdup (adw_message_dialog_get_body (message));
  g_assert_cmpstr (secondary, ==,
                   "Not saved: another program changed “sources.json”. Choose Reload or Keep My "
                   "Version in the bar above the list first.");
  gtk_window_destroy (GTK_WINDOW (message));
  after = ui_read_file (f->path);
  g_assert_cmpstr (after, ==, other);
  g_assert_cmpuint (n_rows (f), ==, 1);
  g_assert_true (bar_shown (f));

  /* Keep My Version: the next save replaces the other program's file. */
  ui_activate (f->window, "win.keep-mine", NULL);
  g_assert_false (bar_shown (f));
  ui_activate (f->window, "win.delete-source", id);
  g_assert_null (find_message_dialog ());
  g_assert_cmpuint (n_rows (f), ==, 0);
  {
    g_autoptr (GError) error = NULL;
    g_autoptr (SbConfig) disk = sb_config_load_from_file (f->path, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (sb_config_get_n_data_sources (disk), ==, 0);
  }
}

static void
test_reload_broken (UiWindowFixture *f, gconstpointer data)
{
  static const char broken[] = "{ \"format\": \"signalboard\",\n  oops\n";
  g_autofree char *after = NULL;

  open_with (f, NAMES ("Press 1"));
  write_other (f, broken, TRUE);
  g_assert_true (sb_test_wait_for (bar_shown_cb, f, UI_DEADLINE_MS));
  ui_activate (f->window, "win.reload-changed", NULL);
  /* Its errors are shown; the file is never written. */
  g_assert_cmpstr (page (f), ==, "error");
  g_assert_null (sb_window_get_config (f->window));
  g_assert_true (g_str_has_prefix (
      gtk_label_get_label (GTK_LABEL (sb_window_get_widget (f->window, "error_label"))), f->path));
  g_assert_false (bar_shown (f));
  after = ui_read_file (f->path);
  g_assert_cmpstr (after, ==, broken);
}

int
main (int argc, char **argv)
{
  int status;

  ui_test_init (&argc, &argv);
  ui_window_app_init ();

#define ADD(path, func)                                                                            \
  g_test_add (path, UiWindowFixture, NULL, ui_window_set_up, func, ui_window_tear_down)
  ADD ("/ui/reload/external-change", test_reload_external_change);
  ADD ("/ui/reload/own-save", test_reload_own_save);
  ADD ("/ui/reload/save-asks", test_reload_save_asks);
  ADD ("/ui/reload/broken", test_reload_broken);
#undef ADD
  status = g_test_run ();
  g_clear_object (&the_app);
  return status;
}
