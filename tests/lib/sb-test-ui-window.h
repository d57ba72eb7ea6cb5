/* sb-test-ui-window.h: the main window on a temporary configuration file, shared by
 * the window, reload and import tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sb-test-ui.h"
#include "sb-preview-view.h"
#include "sb-preview-window.h"
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

/* The main window on a configuration file that does not exist yet
 * (DIR/sources.json, opened), with a real broker that the test configured
 * and started; @connected is what a preview says once connected to it. */
typedef struct
{
  SbTestBroker *broker;
  SbWindow *window;
  char *dir;
  char *path;
  char *connected; /* "Connected to 127.0.0.1:PORT" */
} UiBrokerWindowFixture;

/* Takes @broker (freed at tear-down); @port is the listener the data
 * sources use. */
void
ui_broker_window_set_up (UiBrokerWindowFixture *f, SbTestBroker *broker, guint port);

void
ui_broker_window_tear_down (UiBrokerWindowFixture *f);

/* The data source at @position of the window's configuration. */
SbDataSource *
ui_broker_window_source (UiBrokerWindowFixture *f, guint position);

typedef struct
{
  SbPreviewView *view;
  const char *text;
} UiPreviewWait;

/* For sb_test_wait_for (): the preview's state line reads wait->text. */
gboolean
ui_preview_state_is_cb (gpointer data);

/* For sb_test_wait_for (): some row's Value reads wait->text. */
gboolean
ui_preview_value_is_cb (gpointer data);

/* Waits for the preview's state line to read @text; fails saying what it
 * reads instead. */
void
ui_assert_preview_state (SbPreviewView *view, const char *text);

/* Listens to the data source named @name from @window and waits until its
 * preview window lists a row (the broker must hold a retained message). */
SbPreviewWindow *
ui_window_preview_with_rows (SbWindow *window, const char *name);

/* Imports the MQTTX sample (tests/core/import/samples/mqttx-export.json)
 * into @window and waits until its Import dialog lists the connections;
 * returns that dialog with every section open. */
GtkWidget *
ui_window_import_sample (SbWindow *window);

/* Writes and opens in @f's window a file with one data source whose Edit
 * dialog has something in every section: "Press 4" on a port nobody listens
 * on, TLS on, a user name, the subscriptions plant/# and line7/+/state. */
void
ui_window_open_full_source (UiWindowFixture *f);

/* Opens the Edit dialog of the window's first data source with every section
 * open, and waits until every revealer in it has finished showing. */
GtkWidget *
ui_window_edit_dialog_every_section (UiWindowFixture *f);
