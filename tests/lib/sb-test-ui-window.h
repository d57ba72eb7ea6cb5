/* sb-test-ui-window.h: the main window on a temporary configuration file, shared by
 * the window, reload and import tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sb-test-ui.h"
#include "sb-window.h"

/* One registered application for the whole program, as in the real app. */
extern SbApplication *the_app;

typedef struct
{
  SbApplication *app;
  SbWindow *window;
  char *dir;  /* a temporary folder, removed at tear-down */
  char *path; /* DIR/sources.json, not created */
} UiWindowFixture;

/* A registered application of its own; a test is its own instance, never a remote call
 * into a running app. */
SbApplication *
ui_app_new (void);

/* Sets the_app to ui_app_new () (once, in main). */
void
ui_window_app_init (void);

void
ui_window_set_up (UiWindowFixture *f, gconstpointer data);

void
ui_window_tear_down (UiWindowFixture *f, gconstpointer data);
