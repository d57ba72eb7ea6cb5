/* sb-serve-store.c: the data sources of serve and their latest values
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sb-serve-store.h"

#include <string.h>

#include "sb-message-json.h"
#include "sb-mqtt-session.h"
#include "sb-sparkplug-state.h"
#include "sb-topic-overflow.h"

typedef struct
{
  SbServeStore *store;
  guint index;
  SbDataSource *source;
  SbMqttSession *session; /* NULL when it could not be set up */
  char *fixed_error;      /* why it is not connected at all */
  char *name_json;
  GPtrArray *data_paths;       /* SbDataPath or NULL, by subscription index */
  SbSparkplugState *sparkplug; /* births and aliases, as listen keeps them */
  GHashTable *by_topic;        /* topic -> SbServeTopic (owned by @topics) */
  GPtrArray *topics;           /* SbServeTopic, first come first */
  SbTopicOverflow *overflow;   /* topics beyond the limit, counted once each */
  guint64 state_seq;
  gboolean tried; /* a connection was up, or a try failed */
  const char *shown_state;
  char *shown_error;
} Source;

struct _SbServeStore
{
  GObject parent_instance;
  guint max_topics;
  GPtrArray *sources; /* Source */
  GQueue changes;     /* SbServeTopic, by seq */
  guint64 seq;
};

enum
{
  TOPIC_CHANGED,
  STATE_CHANGED,
  N_SIGNALS
};
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (SbServeStore, sb_serve_store, G_TYPE_OBJECT)

static void
topic_free (gpointer data)
{
  SbServeTopic *topic = data;

  g_free (topic->topic);
  g_string_free (topic->line, TRUE);
  g_free (topic);
}

static void
data_path_free (gpointer path)
{
  if (path != NULL)
    sb_data_path_unref (path);
}

static void
source_free (gpointer data)
{
  Source *source = data;

  if (source->session != NULL)
    {
      g_signal_handlers_disconnect_by_data (source->session, source);
      sb_mqtt_session_stop (source->session);
      g_object_unref (source->session);
    }
  g_object_unref (source->source);
  g_free (source->fixed_error);
  g_free (source->shown_error);
  g_free (source->name_json);
  g_ptr_array_unref (source->data_paths);
  g_clear_object (&source->sparkplug);
  sb_topic_overflow_free (source->overflow);
  g_hash_table_unref (source->by_topic);
  g_ptr_array_unref (source->topics);
  g_free (source);
}

static void
sb_serve_store_finalize (GObject *object)
{
  SbServeStore *self = SB_SERVE_STORE (object);

  g_queue_init (&self->changes);
  g_ptr_array_unref (self->sources);
  G_OBJECT_CLASS (sb_serve_store_parent_class)->finalize (object);
}

static void
sb_serve_store_class_init (SbServeStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sb_serve_store_finalize;
  signals[TOPIC_CHANGED]
      = g_signal_new ("topic-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                      NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);
  signals[STATE_CHANGED]
      = g_signal_new ("state-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                      NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
}

static void
sb_serve_store_init (SbServeStore *self)
{
  self->sources = g_ptr_array_new_with_free_func (source_free);
}

SbServeStore *
sb_serve_store_new (guint max_topics)
{
  SbServeStore *self = g_object_new (SB_TYPE_SERVE_STORE, NULL);

  self->max_topics = max_topics;
  return self;
}

static void
on_message (SbMqttSession *session, SbMessage *message, Source *source)
{
  const char *topic_name = sb_message_get_topic (message);
  SbServeTopic *topic = g_hash_table_lookup (source->by_topic, topic_name);
  guint subscription_index = sb_message_get_subscription_index (message);
  SbDataPath *path = subscription_index < source->data_paths->len
                         ? g_ptr_array_index (source->data_paths, subscription_index)
                         : NULL;
  gboolean retained = sb_message_get_retained (message);
  const char *retained_key;

  if (topic == NULL)
    {
      if (source->topics->len >= source->store->max_topics)
        {
          sb_topic_overflow_add (source->overflow, topic_name);
          return;
        }
      topic = g_new0 (SbServeTopic, 1);
      topic->topic = g_strdup (topic_name);
      topic->source_index = source->index;
      topic->line = g_string_sized_new (256);
      g_ptr_array_add (source->topics, topic);
      g_hash_table_insert (source->by_topic, topic->topic, topic);
    }
  else
    g_queue_unlink (&source->store->changes, &topic->link);
  topic->link.data = topic;
  g_queue_push_tail_link (&source->store->changes, &topic->link);
  topic->seq = ++source->store->seq;
  topic->count++;
  topic->time = sb_message_get_time (message);
  topic->qos = sb_message_get_qos (message);
  topic->retained = retained;
  g_string_truncate (topic->line, 0);
  sb_message_json_append_sparkplug (topic->line, source->name_json, message, path,
                                    source->sparkplug);
  /* The time, source and topic before it are JSON strings, in which this
   * text cannot occur unescaped: the first match is the key. */
  retained_key = strstr (topic->line->str, ",\"retained\":");
  topic->content_at = retained_key - topic->line->str + strlen (",\"retained\":")
                      + (retained ? strlen ("true") : strlen ("false"));
  g_signal_emit (source->store, signals[TOPIC_CHANGED], 0, topic);
}

static void
on_state (SbMqttSession *session, GParamSpec *pspec, Source *source)
{
  SbSessionState state = sb_mqtt_session_get_state (session);
  const char *text;
  const char *error;

  if (state != SB_SESSION_CONNECTING && state != SB_SESSION_DISCONNECTED)
    source->tried = TRUE;
  text = sb_serve_store_get_state (source->store, source->index);
  error = sb_serve_store_get_error (source->store, source->index);
  /* A retry that fails again is no news. */
  if (text == source->shown_state && g_strcmp0 (error, source->shown_error) == 0)
    return;
  source->shown_state = text;
  g_free (source->shown_error);
  source->shown_error = g_strdup (error);
  source->state_seq = ++source->store->seq;
  g_signal_emit (source->store, signals[STATE_CHANGED], 0, source->index);
}

guint
sb_serve_store_add (SbServeStore *self, SbDataSource *data_source, const char *error_message)
{
  Source *source = g_new0 (Source, 1);
  GString *name = g_string_new (NULL);
  const char *name_text = sb_data_source_get_name (data_source);

  source->store = self;
  source->index = self->sources->len;
  source->source = sb_data_source_copy (data_source);
  source->fixed_error = g_strdup (error_message);
  source->state_seq = ++self->seq;
  sb_json_append_text (name, name_text);
  source->name_json = g_string_free (name, FALSE);
  source->data_paths = g_ptr_array_new_with_free_func (data_path_free);
  source->sparkplug = sb_sparkplug_state_new ();
  source->overflow = sb_topic_overflow_new ();
  source->by_topic = g_hash_table_new (g_str_hash, g_str_equal);
  source->topics = g_ptr_array_new_with_free_func (topic_free);
  for (guint i = 0; i < sb_data_source_get_n_subscriptions (data_source); i++)
    {
      const char *expression
          = sb_subscription_get_data_path (sb_data_source_get_subscription (data_source, i));

      /* The file has been validated: an expression that does not compile counts as none. */
      g_ptr_array_add (source->data_paths, expression != NULL && *expression != '\0'
                                               ? sb_data_path_new (expression, NULL)
                                               : NULL);
    }
  if (error_message == NULL)
    {
      source->session = sb_mqtt_session_new (source->source);
      g_signal_connect (source->session, "message", G_CALLBACK (on_message), source);
      g_signal_connect (source->session, "notify::state", G_CALLBACK (on_state), source);
    }
  g_ptr_array_add (self->sources, source);
  return source->index;
}

void
sb_serve_store_start (SbServeStore *self)
{
  for (guint i = 0; i < self->sources->len; i++)
    {
      Source *source = g_ptr_array_index (self->sources, i);

      if (source->session != NULL)
        sb_mqtt_session_start (source->session);
    }
}

void
sb_serve_store_stop (SbServeStore *self)
{
  for (guint i = 0; i < self->sources->len; i++)
    {
      Source *source = g_ptr_array_index (self->sources, i);

      if (source->session != NULL)
        {
          g_signal_handlers_disconnect_by_data (source->session, source);
          sb_mqtt_session_stop (source->session);
        }
    }
}

guint
sb_serve_store_get_n_sources (SbServeStore *self)
{
  return self->sources->len;
}

int
sb_serve_store_find (SbServeStore *self, const char *name)
{
  for (guint i = 0; i < self->sources->len; i++)
    {
      Source *source = g_ptr_array_index (self->sources, i);

      if (g_str_equal (sb_data_source_get_name (source->source), name))
        return (int)i;
    }
  return -1;
}

static Source *
get (SbServeStore *self, guint index)
{
  g_return_val_if_fail (index < self->sources->len, NULL);
  return g_ptr_array_index (self->sources, index);
}

SbDataSource *
sb_serve_store_get_source (SbServeStore *self, guint index)
{
  return get (self, index)->source;
}

const char *
sb_serve_store_get_state (SbServeStore *self, guint index)
{
  Source *source = get (self, index);

  if (source->session == NULL)
    return "failed";
  switch (sb_mqtt_session_get_state (source->session))
    {
      case SB_SESSION_CONNECTED:
        return "connected";
      case SB_SESSION_RECONNECTING:
        return "reconnecting";
      case SB_SESSION_FAILED:
        return "failed";
      case SB_SESSION_CONNECTING:
      case SB_SESSION_DISCONNECTED:
      default:
        /* A try after a lost connection or a failed try. */
        return source->tried ? "reconnecting" : "connecting";
    }
}

const char *
sb_serve_store_get_error (SbServeStore *self, guint index)
{
  Source *source = get (self, index);

  if (source->session == NULL)
    return source->fixed_error;
  if (sb_mqtt_session_get_state (source->session) == SB_SESSION_CONNECTED)
    return NULL;
  return sb_mqtt_session_get_last_error (source->session);
}

const char *
sb_serve_store_get_name_json (SbServeStore *self, guint index)
{
  return get (self, index)->name_json;
}

GPtrArray *
sb_serve_store_get_topics (SbServeStore *self, guint index)
{
  return get (self, index)->topics;
}

guint64
sb_serve_store_get_topics_not_kept (SbServeStore *self, guint index)
{
  return sb_topic_overflow_get_count (get (self, index)->overflow);
}

GList *
sb_serve_store_get_changes (SbServeStore *self)
{
  return self->changes.head;
}

GList *
sb_serve_store_get_last_change (SbServeStore *self)
{
  return self->changes.tail;
}

guint64
sb_serve_store_get_state_seq (SbServeStore *self, guint index)
{
  return get (self, index)->state_seq;
}

void
sb_serve_store_append_state_json (SbServeStore *self, guint index, GString *out)
{
  const char *error = sb_serve_store_get_error (self, index);

  g_string_append (out, "{\"source\":");
  g_string_append (out, sb_serve_store_get_name_json (self, index));
  g_string_append_printf (out,
                          ",\"state\":\"%s\",\"error\":", sb_serve_store_get_state (self, index));
  if (error != NULL)
    sb_json_append_text (out, error);
  else
    g_string_append (out, "null");
  g_string_append_c (out, '}');
}
