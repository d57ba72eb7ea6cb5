/* sb-data-path-trial.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sb-data-path-trial.h"
#include "sb-data-path.h"
#include "sb-topic-match.h"

/* A flood costs a few evaluations a second, not one per message. */
#define UPDATE_DELAY_MS 150

struct _SbDataPathTrial
{
  GObject parent_instance;

  SbDataSource *source;
  SbPreviewView *view; /* weak */
  SbMqttSession *session;
  /* SbSubscription * -> the latest topic that matched its filter */
  GHashTable *latest;
  guint update_id;
};

G_DEFINE_FINAL_TYPE (SbDataPathTrial, sb_data_path_trial, G_TYPE_OBJECT)

enum
{
  SIGNAL_RESULT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gboolean
filter_matches (SbSubscription *sub, const char *topic)
{
  const char *filter = sb_subscription_get_topic (sub);

  return *filter != '\0' && sb_topic_match (filter, topic);
}

static SbTopicRow *
selected_row (SbDataPathTrial *self)
{
  GtkSelectionModel *model
      = gtk_column_view_get_model (sb_preview_view_get_column_view (self->view));

  if (!GTK_IS_SINGLE_SELECTION (model))
    return NULL;
  return gtk_single_selection_get_selected_item (GTK_SINGLE_SELECTION (model));
}

static void
result (SbDataPathTrial *self, guint index, const char *text, gboolean problem)
{
  g_signal_emit (self, signals[SIGNAL_RESULT], 0, index, text, problem);
}

/* What subscription @index's data path gives on its topic's latest payload. */
static void
try_one (SbDataPathTrial *self, guint index, SbTopicRow *selected)
{
  SbSubscription *sub = sb_data_source_get_subscription (self->source, index);
  const char *expression = sb_subscription_get_data_path (sub);
  const char *topic = g_hash_table_lookup (self->latest, sub);
  g_autoptr (SbDataPath) path = NULL;
  g_autoptr (JsonNode) value = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *value_text = NULL;
  SbTopicRow *row = NULL;

  if (self->session == NULL || expression == NULL || *expression == '\0')
    {
      result (self, index, NULL, FALSE);
      return;
    }
  path = sb_data_path_new (expression, &error);
  if (path == NULL)
    {
      /* The row's error line already says what is wrong with the syntax, in
       * the validator's words (the same message). */
      result (self, index, NULL, FALSE);
      return;
    }

  if (selected != NULL && filter_matches (sub, sb_topic_row_get_topic (selected)))
    row = selected;
  else if (topic != NULL)
    row = sb_preview_model_lookup (sb_preview_view_get_model (self->view), topic);
  if (row == NULL || sb_topic_row_get_payload (row) == NULL)
    {
      result (self, index, _ ("No message on this subscription yet to try the data path on"),
              FALSE);
      return;
    }

  value = sb_data_path_apply (path, sb_topic_row_get_payload (row), &error);
  if (value == NULL)
    {
      /* TRANSLATORS: a topic, then why the data path gave no value there */
      text = g_strdup_printf (_ ("%s: %s"), sb_topic_row_get_topic (row), error->message);
      result (self, index, text, TRUE);
      return;
    }
  value_text = sb_data_path_value_to_text (value);
  /* TRANSLATORS: "Value in shopfloor/line1/status: 200" */
  text = g_strdup_printf (_ ("Value in %s: %s"), sb_topic_row_get_topic (row), value_text);
  result (self, index, text, FALSE);
}

void
sb_data_path_trial_update (SbDataPathTrial *self)
{
  SbTopicRow *selected;
  guint n;

  g_return_if_fail (SB_IS_DATA_PATH_TRIAL (self));

  g_clear_handle_id (&self->update_id, g_source_remove);
  if (self->view == NULL)
    return;
  selected = self->session != NULL ? selected_row (self) : NULL;
  n = sb_data_source_get_n_subscriptions (self->source);
  for (guint i = 0; i < n; i++)
    try_one (self, i, selected);
}

static gboolean
update_cb (gpointer data)
{
  SbDataPathTrial *self = data;

  self->update_id = 0;
  sb_data_path_trial_update (self);
  return G_SOURCE_REMOVE;
}

static void
message_cb (SbMqttSession *session, SbMessage *message, SbDataPathTrial *self)
{
  const char *topic = sb_message_get_topic (message);
  guint n = sb_data_source_get_n_subscriptions (self->source);

  for (guint i = 0; i < n; i++)
    {
      SbSubscription *sub = sb_data_source_get_subscription (self->source, i);

      if (filter_matches (sub, topic)
          && g_strcmp0 (g_hash_table_lookup (self->latest, sub), topic) != 0)
        g_hash_table_insert (self->latest, g_object_ref (sub), g_strdup (topic));
    }
  /* The preview model takes the message in its own handler; look after it. */
  if (self->update_id == 0)
    self->update_id = g_timeout_add (UPDATE_DELAY_MS, update_cb, self);
}

void
sb_data_path_trial_set_session (SbDataPathTrial *self, SbMqttSession *session)
{
  g_return_if_fail (SB_IS_DATA_PATH_TRIAL (self));

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_set_object (&self->session, session);
  /* A new session starts an empty table: earlier topics are gone. */
  g_hash_table_remove_all (self->latest);
  if (session != NULL)
    g_signal_connect_object (session, "message", G_CALLBACK (message_cb), self, 0);
  sb_data_path_trial_update (self);
}

static void
selection_changed_cb (SbDataPathTrial *self)
{
  sb_data_path_trial_update (self);
}

SbDataPathTrial *
sb_data_path_trial_new (SbDataSource *source, SbPreviewView *view)
{
  SbDataPathTrial *self;
  GtkSelectionModel *model;

  g_return_val_if_fail (SB_IS_DATA_SOURCE (source), NULL);
  g_return_val_if_fail (SB_IS_PREVIEW_VIEW (view), NULL);

  self = g_object_new (SB_TYPE_DATA_PATH_TRIAL, NULL);
  self->source = g_object_ref (source);
  self->view = view;
  g_object_add_weak_pointer (G_OBJECT (view), (gpointer *)&self->view);
  model = gtk_column_view_get_model (sb_preview_view_get_column_view (view));
  if (model != NULL)
    g_signal_connect_object (model, "notify::selected-item", G_CALLBACK (selection_changed_cb),
                             self, G_CONNECT_SWAPPED);
  return self;
}

static void
sb_data_path_trial_dispose (GObject *object)
{
  SbDataPathTrial *self = SB_DATA_PATH_TRIAL (object);

  g_clear_handle_id (&self->update_id, g_source_remove);
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);
  if (self->view != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->view), (gpointer *)&self->view);
  self->view = NULL;
  g_clear_object (&self->source);

  G_OBJECT_CLASS (sb_data_path_trial_parent_class)->dispose (object);
}

static void
sb_data_path_trial_finalize (GObject *object)
{
  SbDataPathTrial *self = SB_DATA_PATH_TRIAL (object);

  g_hash_table_unref (self->latest);

  G_OBJECT_CLASS (sb_data_path_trial_parent_class)->finalize (object);
}

static void
sb_data_path_trial_class_init (SbDataPathTrialClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sb_data_path_trial_dispose;
  object_class->finalize = sb_data_path_trial_finalize;

  signals[SIGNAL_RESULT]
      = g_signal_new ("result", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                      G_TYPE_NONE, 3, G_TYPE_UINT, G_TYPE_STRING, G_TYPE_BOOLEAN);
}

static void
sb_data_path_trial_init (SbDataPathTrial *self)
{
  self->latest = g_hash_table_new_full (g_direct_hash, g_direct_equal, g_object_unref, g_free);
}
