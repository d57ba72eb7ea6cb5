/* sb-test-ui-window.c: the main window on a temporary configuration file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sb-test-ui-window.h"

SbApplication *the_app;

SbApplication *
ui_app_new (void)
{
  g_autoptr (GError) error = NULL;
  SbApplication *app = sb_application_new ();

  g_application_set_flags (G_APPLICATION (app), g_application_get_flags (G_APPLICATION (app))
                                                    | G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  return app;
}

void
ui_window_app_init (void)
{
  the_app = ui_app_new ();
}

void
ui_window_set_up (UiWindowFixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  f->dir = g_dir_make_tmp ("sb-ui-window-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "sources.json", NULL);
  f->app = g_object_ref (the_app);
  f->window = sb_window_new (f->app);
  g_object_add_weak_pointer (G_OBJECT (f->window), (gpointer *)&f->window);
  gtk_window_present (GTK_WINDOW (f->window));
}

void
ui_window_tear_down (UiWindowFixture *f, gconstpointer data)
{
  if (f->window != NULL)
    gtk_window_destroy (GTK_WINDOW (f->window));
  ui_drain ();
  g_clear_object (&f->app);
  sb_test_remove_tree (f->dir);
  g_free (f->path);
  g_free (f->dir);
}
