/* sb-source-dialog-data-path.c: while the listener runs, each subscription
 * row shows under its data path what the path gives on a real payload: the
 * selected topic's when the row's filter matches it, else the latest topic
 * that matches the filter
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <mosquitto.h>

#include "sb-data-path.h"
#include "sb-source-dialog-private.h"

/* A flood costs a few evaluations a second, not one per message. */
#define UPDATE_DELAY_MS 150

#define LATEST_TOPIC_KEY "sb-latest-topic"

static gboolean
filter_matches (SbSubscriptionEditor *editor, const char *topic)
{
  const char *filter = sb_subscription_get_topic (sb_subscription_editor_get_subscription (editor));
  bool matches = false;

  return *filter != '\0'
         && mosquitto_topic_matches_sub (filter, topic, &matches) == MOSQ_ERR_SUCCESS && matches;
}

static SbTopicRow *
selected_row (SbSourceDialog *self)
{
  GtkSelectionModel *model
      = gtk_column_view_get_model (sb_preview_view_get_column_view (self->preview_view));

  if (!GTK_IS_SINGLE_SELECTION (model))
    return NULL;
  return gtk_single_selection_get_selected_item (GTK_SINGLE_SELECTION (model));
}

/* What @editor's data path gives on its topic's latest payload. */
static void
update_editor (SbSourceDialog *self, SbSubscriptionEditor *editor, SbTopicRow *selected)
{
  SbSubscription *sub = sb_subscription_editor_get_subscription (editor);
  const char *expression = sb_subscription_get_data_path (sub);
  const char *topic = g_object_get_data (G_OBJECT (editor), LATEST_TOPIC_KEY);
  g_autoptr (SbDataPath) path = NULL;
  g_autoptr (JsonNode) value = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *value_text = NULL;
  SbTopicRow *row = NULL;
  GBytes *payload;

  if (self->session == NULL || expression == NULL || *expression == '\0')
    {
      sb_subscription_editor_set_data_path_result (editor, NULL, FALSE);
      return;
    }
  path = sb_data_path_new (expression, &error);
  if (path == NULL)
    {
      /* The row's error line already says what is wrong with the syntax, in
       * the validator's words (the same message). */
      sb_subscription_editor_set_data_path_result (editor, NULL, FALSE);
      return;
    }

  if (selected != NULL && filter_matches (editor, sb_topic_row_get_topic (selected)))
    row = selected;
  else if (topic != NULL)
    row = sb_preview_model_lookup (sb_preview_view_get_model (self->preview_view), topic);
  if (row == NULL || sb_topic_row_get_payload (row) == NULL)
    {
      sb_subscription_editor_set_data_path_result (
          editor, _ ("No message on this subscription yet to try the data path on"), FALSE);
      return;
    }

  payload = sb_topic_row_get_payload (row);
  value = sb_data_path_apply (path, payload, &error);
  if (value == NULL)
    {
      /* TRANSLATORS: a topic, then why the data path gave no value there */
      text = g_strdup_printf (_ ("%s: %s"), sb_topic_row_get_topic (row), error->message);
      sb_subscription_editor_set_data_path_result (editor, text, TRUE);
      return;
    }
  value_text = sb_data_path_value_to_text (value);
  /* TRANSLATORS: "Value in shopfloor/line1/status: 200" */
  text = g_strdup_printf (_ ("Value in %s: %s"), sb_topic_row_get_topic (row), value_text);
  sb_subscription_editor_set_data_path_result (editor, text, FALSE);
}

void
sb_source_dialog_data_paths_update (SbSourceDialog *self)
{
  SbTopicRow *selected;
  SbSubscriptionEditor *editor;

  g_clear_handle_id (&self->data_paths_update_id, g_source_remove);
  if (self->preview_view == NULL || self->subscriptions_list == NULL)
    return;
  selected = self->session != NULL ? selected_row (self) : NULL;
  for (guint i = 0; (editor = sb_source_dialog_editor_at (self, i)) != NULL; i++)
    update_editor (self, editor, selected);
}

static gboolean
update_cb (gpointer data)
{
  SbSourceDialog *self = data;

  self->data_paths_update_id = 0;
  sb_source_dialog_data_paths_update (self);
  return G_SOURCE_REMOVE;
}

static void
message_cb (SbMqttSession *session, SbMessage *message, SbSourceDialog *self)
{
  const char *topic = sb_message_get_topic (message);
  SbSubscriptionEditor *editor;

  for (guint i = 0; (editor = sb_source_dialog_editor_at (self, i)) != NULL; i++)
    if (filter_matches (editor, topic))
      {
        const char *latest = g_object_get_data (G_OBJECT (editor), LATEST_TOPIC_KEY);

        if (g_strcmp0 (latest, topic) != 0)
          g_object_set_data_full (G_OBJECT (editor), LATEST_TOPIC_KEY, g_strdup (topic), g_free);
      }
  /* The preview model takes the message in its own handler; look after it. */
  if (self->data_paths_update_id == 0)
    self->data_paths_update_id = g_timeout_add (UPDATE_DELAY_MS, update_cb, self);
}

void
sb_source_dialog_data_paths_attach (SbSourceDialog *self)
{
  SbSubscriptionEditor *editor;

  /* A new session starts an empty table: earlier topics are gone. */
  for (guint i = 0; (editor = sb_source_dialog_editor_at (self, i)) != NULL; i++)
    g_object_set_data (G_OBJECT (editor), LATEST_TOPIC_KEY, NULL);
  g_signal_connect_object (self->session, "message", G_CALLBACK (message_cb), self, 0);
  sb_source_dialog_data_paths_update (self);
}

static void
selection_changed_cb (SbSourceDialog *self)
{
  sb_source_dialog_data_paths_update (self);
}

void
sb_source_dialog_data_paths_init (SbSourceDialog *self)
{
  GtkSelectionModel *model
      = gtk_column_view_get_model (sb_preview_view_get_column_view (self->preview_view));

  if (model != NULL)
    g_signal_connect_object (model, "notify::selected-item", G_CALLBACK (selection_changed_cb),
                             self, G_CONNECT_SWAPPED);
}

void
sb_source_dialog_data_paths_dispose (SbSourceDialog *self)
{
  g_clear_handle_id (&self->data_paths_update_id, g_source_remove);
}
