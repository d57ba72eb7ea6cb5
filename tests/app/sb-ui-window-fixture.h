/* sb-ui-window-fixture.h: the main window on a temporary configuration file, shared by
 * the window, reload and import tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sb-ui-test.h"
#include "sb-window.h"

/* One registered application for the whole program, as in the real app. */
static SbApplication *the_app;

typedef struct
{
  SbApplication *app;
  SbWindow *window;
  char *dir;  /* a temporary folder, removed at tear-down */
  char *path; /* DIR/sources.json, not created */
} Fixture;

/* Registers the_app; a test is its own instance, never a remote call into a running app. */
static inline void
ui_window_app_init (void)
{
  g_autoptr (GError) error = NULL;

  the_app = sb_application_new ();
  g_application_set_flags (G_APPLICATION (the_app),
                           g_application_get_flags (G_APPLICATION (the_app))
                               | G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (the_app), NULL, &error);
  g_assert_no_error (error);
}

static inline void
fixture_set_up (Fixture *f, gconstpointer data)
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

static inline void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  if (f->window != NULL)
    gtk_window_destroy (GTK_WINDOW (f->window));
  ui_drain ();
  g_clear_object (&f->app);
  sb_test_remove_tree (f->dir);
  g_free (f->path);
  g_free (f->dir);
}
