/* sb-preview-model.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sb-preview-model.h"

#include "sb-subscription.h"
#include "sb-topic-overflow.h"
#include "sb-topic-row-private.h"

/* About one frame: a flood costs one batch of signals per frame. */
#define FLUSH_INTERVAL_MS 16
/* New rows a timed flush announces at most: 10,000 new topics in one batch
 * (100,000 retained on connect) would make a list view build and measure
 * them all in one frame. The rest follow one frame apart.
 *
 * The slice grows with the rows already shown. GTK 4.8's list views keep
 * widgets for about 200 rows around the visible ones, and a new row sorted
 * in among those costs a row of widgets made (and one pushed out, freed):
 * ~0.5-1 ms each on a slow machine. A slice of k new rows among n shown
 * lands ~200k/(n+k) of them there, so k = n/8 (at least 24) keeps it to
 * about 25 rows of widgets per frame, where 500 into an empty table made
 * 200 rows at once (the window's longest stall, 100-190 ms). */
#define ANNOUNCE_MIN_ROWS 24
#define ANNOUNCE_MAX_ROWS 500
/* Paced (a view on screen): one slice per painted frame. A frame that takes
 * long let the 16 ms timer announce several slices before the next one (up
 * to 23 counted under a flood), and that frame then had all their widgets
 * to make. Without a frame for this long, the next slice goes anyway. */
#define PACED_FALLBACK_USEC (250 * 1000)

struct _SbPreviewModel
{
  GObject parent_instance;

  GPtrArray *rows;      /* SbTopicRow, arrival order */
  GHashTable *by_topic; /* topic (owned by the row) -> SbTopicRow */
  guint n_announced;    /* rows[0..n_announced) are visible through GListModel */
  GPtrArray *dirty;     /* announced rows with pending changes (borrowed) */
  guint flush_id;
  gint64 last_flush; /* monotonic time of the last flush */
  guint64 message_count;
  guint64 announced_message_count;
  gboolean paced; /* announce a slice only after a frame_done () */
  gboolean frame_since_slice;
  gint64 last_slice; /* monotonic time new rows were last announced */

  SbMqttSession *session;
  gulong message_handler;

  guint history_size;
  guint payload_limit;
  GPtrArray *data_paths;       /* SbDataPath or NULL, by subscription index */
  SbSparkplugState *sparkplug; /* births, aliases and deaths seen in this preview */
  guint topic_limit;           /* rows kept at most */
  SbTopicOverflow *overflow;   /* the topics beyond it, counted */
  guint announced_overflow;
};

static void
sb_preview_model_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SbPreviewModel, sb_preview_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      sb_preview_model_list_model_init))

enum
{
  PROP_0,
  PROP_SESSION,
  PROP_MESSAGE_COUNT,
  PROP_N_ITEMS,
  PROP_HISTORY_SIZE,
  PROP_PAYLOAD_LIMIT,
  PROP_TOPIC_LIMIT,
  PROP_TOPICS_NOT_SHOWN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The arrays of data paths hold NULL for a subscription without one. */
static void
data_path_free (gpointer path)
{
  if (path != NULL)
    sb_data_path_unref (path);
}

static GType
sb_preview_model_get_item_type (GListModel *model)
{
  return SB_TYPE_TOPIC_ROW;
}

static guint
sb_preview_model_get_n_items (GListModel *model)
{
  return SB_PREVIEW_MODEL (model)->n_announced;
}

static gpointer
sb_preview_model_get_item (GListModel *model, guint position)
{
  SbPreviewModel *self = SB_PREVIEW_MODEL (model);

  if (position >= self->n_announced)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->rows, position));
}

static void
sb_preview_model_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = sb_preview_model_get_item_type;
  iface->get_n_items = sb_preview_model_get_n_items;
  iface->get_item = sb_preview_model_get_item;
}

static void
on_message (SbMqttSession *session, SbMessage *message, SbPreviewModel *self)
{
  sb_preview_model_push (self, message);
}

static void
sb_preview_model_dispose (GObject *object)
{
  SbPreviewModel *self = SB_PREVIEW_MODEL (object);

  sb_preview_model_set_session (self, NULL);
  g_clear_handle_id (&self->flush_id, g_source_remove);

  G_OBJECT_CLASS (sb_preview_model_parent_class)->dispose (object);
}

static void
sb_preview_model_finalize (GObject *object)
{
  SbPreviewModel *self = SB_PREVIEW_MODEL (object);

  g_hash_table_unref (self->by_topic);
  g_ptr_array_unref (self->dirty);
  g_ptr_array_unref (self->rows);
  g_ptr_array_unref (self->data_paths);
  g_clear_object (&self->sparkplug);
  sb_topic_overflow_free (self->overflow);

  G_OBJECT_CLASS (sb_preview_model_parent_class)->finalize (object);
}

static void
sb_preview_model_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  SbPreviewModel *self = SB_PREVIEW_MODEL (object);

  switch (prop_id)
    {
      case PROP_SESSION:
        g_value_set_object (value, self->session);
        break;
      case PROP_MESSAGE_COUNT:
        g_value_set_uint64 (value, self->announced_message_count);
        break;
      case PROP_N_ITEMS:
        g_value_set_uint (value, self->n_announced);
        break;
      case PROP_HISTORY_SIZE:
        g_value_set_uint (value, self->history_size);
        break;
      case PROP_PAYLOAD_LIMIT:
        g_value_set_uint (value, self->payload_limit);
        break;
      case PROP_TOPIC_LIMIT:
        g_value_set_uint (value, self->topic_limit);
        break;
      case PROP_TOPICS_NOT_SHOWN:
        g_value_set_uint (value, self->announced_overflow);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sb_preview_model_set_property (GObject *object, guint prop_id, const GValue *value,
                               GParamSpec *pspec)
{
  SbPreviewModel *self = SB_PREVIEW_MODEL (object);

  switch (prop_id)
    {
      case PROP_SESSION:
        sb_preview_model_set_session (self, g_value_get_object (value));
        break;
      case PROP_HISTORY_SIZE:
        sb_preview_model_set_history_size (self, g_value_get_uint (value));
        break;
      case PROP_PAYLOAD_LIMIT:
        sb_preview_model_set_payload_limit (self, g_value_get_uint (value));
        break;
      case PROP_TOPIC_LIMIT:
        sb_preview_model_set_topic_limit (self, g_value_get_uint (value));
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sb_preview_model_class_init (SbPreviewModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sb_preview_model_dispose;
  object_class->finalize = sb_preview_model_finalize;
  object_class->get_property = sb_preview_model_get_property;
  object_class->set_property = sb_preview_model_set_property;

  properties[PROP_SESSION]
      = g_param_spec_object ("session", NULL, NULL, SB_TYPE_MQTT_SESSION,
                             G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Both follow the coalesced updates, like the rows. */
  properties[PROP_MESSAGE_COUNT]
      = g_param_spec_uint64 ("message-count", NULL, NULL, 0, G_MAXUINT64, 0,
                             G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_ITEMS]
      = g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                           G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_HISTORY_SIZE] = g_param_spec_uint (
      "history-size", NULL, NULL, 1, SB_HISTORY_MAX_CAPACITY, SB_HISTORY_DEFAULT_CAPACITY,
      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PAYLOAD_LIMIT]
      = g_param_spec_uint ("payload-limit", NULL, NULL, 1, SB_TOPIC_ROW_KEPT_PAYLOAD_CEILING,
                           SB_TOPIC_ROW_MAX_KEPT_PAYLOAD,
                           G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TOPIC_LIMIT]
      = g_param_spec_uint ("topic-limit", NULL, NULL, 1, G_MAXUINT, SB_TOPIC_LIMIT_DEFAULT,
                           G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Follows the coalesced updates too. */
  properties[PROP_TOPICS_NOT_SHOWN]
      = g_param_spec_uint ("topics-not-shown", NULL, NULL, 0, G_MAXUINT, 0,
                           G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sb_preview_model_init (SbPreviewModel *self)
{
  self->rows = g_ptr_array_new_with_free_func (g_object_unref);
  self->by_topic = g_hash_table_new (g_str_hash, g_str_equal);
  self->dirty = g_ptr_array_new ();
  self->history_size = SB_HISTORY_DEFAULT_CAPACITY;
  self->payload_limit = SB_TOPIC_ROW_MAX_KEPT_PAYLOAD;
  self->topic_limit = SB_TOPIC_LIMIT_DEFAULT;
  self->overflow = sb_topic_overflow_new ();
  self->data_paths = g_ptr_array_new_with_free_func (data_path_free);
  self->sparkplug = sb_sparkplug_state_new ();
}

SbSparkplugState *
sb_preview_model_get_sparkplug_state (SbPreviewModel *self)
{
  g_return_val_if_fail (SB_IS_PREVIEW_MODEL (self), NULL);
  return self->sparkplug;
}

SbPreviewModel *
sb_preview_model_new (void)
{
  return g_object_new (SB_TYPE_PREVIEW_MODEL, NULL);
}

void
sb_preview_model_set_session (SbPreviewModel *self, SbMqttSession *session)
{
  g_return_if_fail (SB_IS_PREVIEW_MODEL (self));
  g_return_if_fail (session == NULL || SB_IS_MQTT_SESSION (session));

  if (self->session == session)
    return;
  if (self->session != NULL)
    g_clear_signal_handler (&self->message_handler, self->session);
  g_set_object (&self->session, session);
  if (session != NULL)
    {
      SbDataSource *source = sb_mqtt_session_get_source (session);

      self->message_handler
          = g_signal_connect_object (session, "message", G_CALLBACK (on_message), self, 0);
      g_ptr_array_set_size (self->data_paths, 0);
      for (guint i = 0; i < sb_data_source_get_n_subscriptions (source); i++)
        sb_preview_model_set_data_path (
            self, i, sb_subscription_get_data_path (sb_data_source_get_subscription (source, i)));
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

static void
flush_rows (SbPreviewModel *self, guint max_new_rows);

static void
schedule_flush (SbPreviewModel *self, guint delay_ms);

/* How many new rows the next timed flush may announce. */
static guint
slice_rows (SbPreviewModel *self)
{
  if (self->paced && !self->frame_since_slice
      && g_get_monotonic_time () - self->last_slice < PACED_FALLBACK_USEC)
    return 0;
  return CLAMP (self->n_announced / 8, ANNOUNCE_MIN_ROWS, ANNOUNCE_MAX_ROWS);
}

static gboolean
flush_cb (gpointer data)
{
  SbPreviewModel *self = data;

  self->flush_id = 0;
  /* A handler may drop the last reference to the model. */
  g_object_ref (self);
  flush_rows (self, slice_rows (self));
  /* More new rows than a slice: the next ones a frame later. */
  if (self->n_announced < self->rows->len && self->flush_id == 0)
    schedule_flush (self, FLUSH_INTERVAL_MS);
  g_object_unref (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_flush (SbPreviewModel *self, guint delay_ms)
{
  if (delay_ms == 0)
    self->flush_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, flush_cb, self, NULL);
  else
    self->flush_id = g_timeout_add_full (G_PRIORITY_DEFAULT, delay_ms, flush_cb, self, NULL);
  g_source_set_static_name (g_main_context_find_source_by_id (NULL, self->flush_id),
                            "[signalboard] preview flush");
}

void
sb_preview_model_push (SbPreviewModel *self, SbMessage *message)
{
  const char *topic;
  guint subscription_index;
  SbTopicRow *row;
  gboolean was_clean;
  SbDataPath *data_path;

  g_return_if_fail (SB_IS_PREVIEW_MODEL (self));
  g_return_if_fail (message != NULL);

  topic = sb_message_get_topic (message);
  subscription_index = sb_message_get_subscription_index (message);

  data_path = subscription_index < self->data_paths->len
                  ? g_ptr_array_index (self->data_paths, subscription_index)
                  : NULL;

  row = g_hash_table_lookup (self->by_topic, topic);
  if (row == NULL && self->rows->len >= self->topic_limit)
    {
      /* A broker with millions of topics: counted, not kept. */
      sb_topic_overflow_add (self->overflow, topic);
    }
  else if (row == NULL)
    {
      row = sb_topic_row_new (topic);
      g_ptr_array_add (self->rows, row);
      g_hash_table_insert (self->by_topic, (gpointer)sb_topic_row_get_topic (row), row);
      if (self->history_size != SB_HISTORY_DEFAULT_CAPACITY)
        sb_topic_row_set_history_capacity (row, self->history_size);
      /* Not announced yet: the flush adds it with the others of its batch. */
      sb_topic_row_update (row, message, self->payload_limit);
      sb_topic_row_record_value (row, message, data_path, self->sparkplug);
    }
  else
    {
      was_clean = sb_topic_row_update (row, message, self->payload_limit);
      sb_topic_row_record_value (row, message, data_path, self->sparkplug);
      /* A new row stays dirty until the flush announces it, so only an
       * announced row can come back clean: queue it once per batch. */
      if (was_clean)
        g_ptr_array_add (self->dirty, row);
    }
  self->message_count++;

  if (self->flush_id == 0)
    {
      gint64 since = g_get_monotonic_time () - self->last_flush;

      /* After a quiet spell the first message shows as soon as the reads
       * that brought it are done (the idle runs after them and before the
       * next frame); within a burst, flushes stay FLUSH_INTERVAL_MS apart. */
      if (since >= FLUSH_INTERVAL_MS * 1000)
        schedule_flush (self, 0);
      else
        schedule_flush (self, (guint)((FLUSH_INTERVAL_MS * 1000 - since) / 1000) + 1);
    }
}

void
sb_preview_model_flush (SbPreviewModel *self)
{
  g_return_if_fail (SB_IS_PREVIEW_MODEL (self));

  flush_rows (self, G_MAXUINT);
}

/* Notifies the changed rows and announces at most @max_new_rows new ones. */
static void
flush_rows (SbPreviewModel *self, guint max_new_rows)
{
  guint old_n, added;

  g_clear_handle_id (&self->flush_id, g_source_remove);
  self->last_flush = g_get_monotonic_time ();

  /* Hold the rows: a handler may clear the model while we notify. */
  g_object_ref (self);
  for (guint i = 0; i < self->dirty->len; i++)
    sb_topic_row_emit_changes (g_ptr_array_index (self->dirty, i));
  g_ptr_array_set_size (self->dirty, 0);

  old_n = self->n_announced;
  added = MIN (self->rows->len - old_n, max_new_rows);
  if (added > 0)
    {
      for (guint i = old_n; i < old_n + added; i++)
        sb_topic_row_emit_changes (g_ptr_array_index (self->rows, i));
      self->n_announced = old_n + added;
      self->frame_since_slice = FALSE;
      self->last_slice = g_get_monotonic_time ();
      g_list_model_items_changed (G_LIST_MODEL (self), old_n, 0, added);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
    }
  if (self->announced_message_count != self->message_count)
    {
      self->announced_message_count = self->message_count;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MESSAGE_COUNT]);
    }
  if (self->announced_overflow != sb_topic_overflow_get_count (self->overflow))
    {
      self->announced_overflow = sb_topic_overflow_get_count (self->overflow);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOPICS_NOT_SHOWN]);
    }
  g_object_unref (self);
}

void
sb_preview_model_set_paced (SbPreviewModel *self, gboolean paced)
{
  g_return_if_fail (SB_IS_PREVIEW_MODEL (self));

  self->paced = !!paced;
  self->frame_since_slice = TRUE;
}

void
sb_preview_model_frame_done (SbPreviewModel *self)
{
  g_return_if_fail (SB_IS_PREVIEW_MODEL (self));

  if (self->frame_since_slice)
    return;
  self->frame_since_slice = TRUE;
  /* The next slice now, not at the next tick of the timer. */
  if (self->n_announced < self->rows->len)
    {
      g_clear_handle_id (&self->flush_id, g_source_remove);
      schedule_flush (self, 0);
    }
}

SbTopicRow *
sb_preview_model_lookup (SbPreviewModel *self, const char *topic)
{
  g_return_val_if_fail (SB_IS_PREVIEW_MODEL (self), NULL);
  g_return_val_if_fail (topic != NULL, NULL);

  return g_hash_table_lookup (self->by_topic, topic);
}

void
sb_preview_model_clear (SbPreviewModel *self)
{
  guint old_n;

  g_return_if_fail (SB_IS_PREVIEW_MODEL (self));

  g_clear_handle_id (&self->flush_id, g_source_remove);
  old_n = self->n_announced;
  g_ptr_array_set_size (self->dirty, 0);
  g_hash_table_remove_all (self->by_topic);
  /* Keep the rows alive until the views have let go of the old items. */
  g_autoptr (GPtrArray) old_rows = g_steal_pointer (&self->rows);
  self->rows = g_ptr_array_new_with_free_func (g_object_unref);
  self->n_announced = 0;
  self->message_count = 0;
  sb_topic_overflow_clear (self->overflow);
  if (self->announced_overflow != 0)
    {
      self->announced_overflow = 0;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOPICS_NOT_SHOWN]);
    }
  if (old_n > 0)
    {
      g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n, 0);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
    }
  if (self->announced_message_count != 0)
    {
      self->announced_message_count = 0;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MESSAGE_COUNT]);
    }
}

guint64
sb_preview_model_get_message_count (SbPreviewModel *self)
{
  g_return_val_if_fail (SB_IS_PREVIEW_MODEL (self), 0);
  return self->message_count;
}

guint
sb_preview_model_get_history_size (SbPreviewModel *self)
{
  g_return_val_if_fail (SB_IS_PREVIEW_MODEL (self), 0);
  return self->history_size;
}

void
sb_preview_model_set_history_size (SbPreviewModel *self, guint history_size)
{
  g_return_if_fail (SB_IS_PREVIEW_MODEL (self));
  g_return_if_fail (history_size >= 1 && history_size <= SB_HISTORY_MAX_CAPACITY);

  if (self->history_size == history_size)
    return;
  self->history_size = history_size;
  for (guint i = 0; i < self->rows->len; i++)
    sb_topic_row_set_history_capacity (g_ptr_array_index (self->rows, i), history_size);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HISTORY_SIZE]);
}

void
sb_preview_model_set_data_path (SbPreviewModel *self, guint subscription_index,
                                const char *expression)
{
  SbDataPath *path = NULL;

  g_return_if_fail (SB_IS_PREVIEW_MODEL (self));

  if (expression != NULL && *expression != '\0')
    path = sb_data_path_new (expression, NULL);
  if (subscription_index >= self->data_paths->len)
    g_ptr_array_set_size (self->data_paths, subscription_index + 1);
  /* set_size fills with NULL; replacing frees the old path. */
  if (g_ptr_array_index (self->data_paths, subscription_index) != NULL)
    sb_data_path_unref (g_ptr_array_index (self->data_paths, subscription_index));
  g_ptr_array_index (self->data_paths, subscription_index) = path;
}

guint
sb_preview_model_get_payload_limit (SbPreviewModel *self)
{
  g_return_val_if_fail (SB_IS_PREVIEW_MODEL (self), SB_TOPIC_ROW_MAX_KEPT_PAYLOAD);
  return self->payload_limit;
}

void
sb_preview_model_set_payload_limit (SbPreviewModel *self, guint payload_limit)
{
  g_return_if_fail (SB_IS_PREVIEW_MODEL (self));
  g_return_if_fail (payload_limit >= 1 && payload_limit <= SB_TOPIC_ROW_KEPT_PAYLOAD_CEILING);

  if (self->payload_limit == payload_limit)
    return;
  /* Applies to the messages that arrive from now on: a row's latest payload
   * is not cut again (nor can a cut one grow back). */
  self->payload_limit = payload_limit;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAYLOAD_LIMIT]);
}

guint
sb_preview_model_get_topic_limit (SbPreviewModel *self)
{
  g_return_val_if_fail (SB_IS_PREVIEW_MODEL (self), SB_TOPIC_LIMIT_DEFAULT);
  return self->topic_limit;
}

void
sb_preview_model_set_topic_limit (SbPreviewModel *self, guint topic_limit)
{
  g_return_if_fail (SB_IS_PREVIEW_MODEL (self));
  g_return_if_fail (topic_limit >= 1);

  if (self->topic_limit == topic_limit)
    return;
  /* Rows already kept stay; the limit applies to new topics. */
  self->topic_limit = topic_limit;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOPIC_LIMIT]);
}

guint
sb_preview_model_get_topics_not_shown (SbPreviewModel *self)
{
  g_return_val_if_fail (SB_IS_PREVIEW_MODEL (self), 0);
  return self->announced_overflow;
}

char *
sb_preview_model_describe_topics_not_shown (SbPreviewModel *self)
{
  g_return_val_if_fail (SB_IS_PREVIEW_MODEL (self), NULL);
  return sb_topic_overflow_describe (self->announced_overflow, self->topic_limit);
}
