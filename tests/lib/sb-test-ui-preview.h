/* sb-test-ui-preview.h: a preview window on a real mosquitto, for the
 * tests of what the preview offers beside its table (diff, recording, chart,
 * publishing)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sb-preview-view.h"
#include "sb-preview-window.h"
#include "sb-test-ui.h"

typedef struct
{
  SbTestBroker *broker;
  SbDataSource *source;
  SbPreviewWindow *window;
  SbPreviewView *view;
  SbPreviewModel *model;
} PreviewFixture;

/* Starts a broker and a preview window subscribed to @filter (with
 * @data_path, or none), and waits until it is connected. @protocol: 4 or 5
 * (MQTT 3.1.1 or 5). */
void
preview_fixture_open (PreviewFixture *f, const char *filter, const char *data_path, int protocol);

/* Closes the window, waits until it is gone and stops the broker. */
void
preview_fixture_close (PreviewFixture *f);

/* Waits until the preview has seen @count messages on @topic. */
void
preview_fixture_wait_count (PreviewFixture *f, const char *topic, guint64 count);

/* Selects @topic's row in the table; the details pane shows it. */
void
preview_fixture_select (PreviewFixture *f, const char *topic);

/* The first button at or under @widget whose tooltip is @tooltip, or NULL. */
GtkWidget *
ui_find_button_by_tooltip (GtkWidget *widget, const char *tooltip);
