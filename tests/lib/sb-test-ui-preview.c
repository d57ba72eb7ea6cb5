/* sb-test-ui-preview.c: a preview window on a real mosquitto, for the
 * tests of what the preview offers beside its table (diff, recording, chart,
 * publishing)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sb-details-pane.h"
#include "sb-preview-view-private.h"
#include "sb-preview-window-private.h"
#include "sb-test-ui-preview.h"

static gboolean
preview_fixture_connected_cb (gpointer data)
{
  PreviewFixture *f = data;
  SbMqttSession *session = sb_preview_window_get_session (f->window);

  return session != NULL && sb_mqtt_session_get_state (session) == SB_SESSION_CONNECTED;
}

void
preview_fixture_open (PreviewFixture *f, const char *filter, const char *data_path, int protocol)
{
  g_autoptr (SbSubscription) subscription = sb_subscription_new (filter);

  if (data_path != NULL)
    sb_subscription_set_data_path (subscription, data_path);

  f->broker = sb_test_broker_new ();
  sb_test_broker_start (f->broker);
  f->source = sb_data_source_new ();
  sb_data_source_set_name (f->source, "Shopfloor");
  sb_data_source_set_broker (f->source, "127.0.0.1");
  sb_data_source_set_port (f->source, sb_test_broker_get_port (f->broker));
  if (protocol == 5)
    sb_data_source_set_protocol (f->source, SB_PROTOCOL_MQTT_5);
  sb_data_source_add_subscription (f->source, subscription);
  f->window = sb_preview_window_new (NULL, f->source);
  g_object_add_weak_pointer (G_OBJECT (f->window), (gpointer *)&f->window);
  f->view = sb_preview_window_get_view (f->window);
  f->model = sb_preview_view_get_model (f->view);
  gtk_window_present (GTK_WINDOW (f->window));
  g_assert_true (sb_test_wait_for (preview_fixture_connected_cb, f, UI_DEADLINE_MS));
}

void
preview_fixture_close (PreviewFixture *f)
{
  if (f->window != NULL)
    gtk_window_destroy (GTK_WINDOW (f->window));
  g_assert_true (ui_wait_destroyed ((gpointer *)&f->window));
  g_clear_object (&f->source);
  g_clear_pointer (&f->broker, sb_test_broker_free);
}

typedef struct
{
  PreviewFixture *f;
  const char *topic;
  guint64 count;
} CountWait;

static gboolean
preview_fixture_count_cb (gpointer data)
{
  CountWait *w = data;
  SbTopicRow *row = sb_preview_model_lookup (w->f->model, w->topic);

  return row != NULL && sb_topic_row_get_count (row) >= w->count;
}

void
preview_fixture_wait_count (PreviewFixture *f, const char *topic, guint64 count)
{
  CountWait w = { f, topic, count };

  g_assert_true (sb_test_wait_for (preview_fixture_count_cb, &w, UI_DEADLINE_MS));
}

typedef struct
{
  PreviewFixture *f;
  const char *topic;
} SelectWait;

static gboolean
preview_fixture_selected_cb (gpointer data)
{
  SelectWait *w = data;
  SbTopicRow *row;

  /* New rows reach the table a slice per frame: select once it is there. */
  sb_preview_view_select_topic (w->f->view, w->topic);
  row = sb_details_pane_get_row (sb_preview_view_get_details_pane (w->f->view));
  return row != NULL && g_strcmp0 (sb_topic_row_get_topic (row), w->topic) == 0;
}

void
preview_fixture_select (PreviewFixture *f, const char *topic)
{
  SelectWait w = { f, topic };

  g_assert_true (sb_test_wait_for (preview_fixture_selected_cb, &w, UI_DEADLINE_MS));
}

GtkWidget *
ui_find_button_by_tooltip (GtkWidget *widget, const char *tooltip)
{
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_widget_get_tooltip_text (widget), tooltip) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = ui_find_button_by_tooltip (child, tooltip);
      if (found != NULL)
        return found;
    }
  return NULL;
}
