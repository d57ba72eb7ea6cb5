/* sb-topic-row.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sb-topic-row.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "sb-payload.h"
#include "sb-sparkplug-decode.h"
#include "sb-topic-row-private.h"
#include "sb-util.h"

struct _SbTopicRow
{
  GObject parent_instance;

  /* One per topic: 100,000 topics make 100,000 of these, so the pointers
   * and 64-bit fields come first and the small ones share a word. */
  char *topic;
  GBytes *payload; /* at most the model's payload-limit bytes */
  guint64 payload_size;
  /* The message before the latest, kept as the latest was (the same bound),
   * for the details pane's diff. */
  GBytes *previous_payload;
  guint64 previous_payload_size;
  char *display_text; /* NULL until asked for, dropped when the payload changes */
  guint64 count;
  gint64 first_time;
  gint64 last_time;
  /* NULL until a second message arrives or somebody asks for it: a topic
   * seen once (most of a flood over 100,000 topics) keeps its one message in
   * the fields of the row alone, which saves ~300 bytes per row. */
  SbHistory *history;
  double number; /* the latest message's value (NaN: none), for that history */
  char *value_text;
  char *value_error;
  char *sparkplug; /* the decoded Sparkplug B payload (JSON); NULL: not Sparkplug or invalid */
  SbMessageProps *message_props; /* of the latest message; NULL when it had none */
  guint subscription_index;
  guint history_capacity;
  guint changed; /* bit per property changed since the last emit_changes () */
  guint qos : 2;
  guint retained : 1;
  guint is_binary : 1;
  guint is_binary_known : 1;
  guint dirty : 1;
};

G_DEFINE_FINAL_TYPE (SbTopicRow, sb_topic_row, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_TOPIC,
  PROP_PAYLOAD,
  PROP_DISPLAY_TEXT,
  PROP_IS_BINARY,
  PROP_QOS,
  PROP_RETAINED,
  PROP_COUNT,
  PROP_FIRST_TIME,
  PROP_LAST_TIME,
  PROP_SUBSCRIPTION_INDEX,
  PROP_PAYLOAD_SIZE,
  PROP_HISTORY,
  PROP_VALUE_TEXT,
  PROP_VALUE_ERROR,
  PROP_MESSAGE_PROPERTIES,
  PROP_SPARKPLUG,
  PROP_PREVIOUS_PAYLOAD,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
sb_topic_row_finalize (GObject *object)
{
  SbTopicRow *self = SB_TOPIC_ROW (object);

  g_free (self->topic);
  g_clear_pointer (&self->payload, g_bytes_unref);
  g_clear_pointer (&self->previous_payload, g_bytes_unref);
  g_free (self->display_text);
  g_clear_object (&self->history);
  g_free (self->value_text);
  g_free (self->value_error);
  g_free (self->sparkplug);
  g_clear_pointer (&self->message_props, sb_message_props_unref);

  G_OBJECT_CLASS (sb_topic_row_parent_class)->finalize (object);
}

static void
sb_topic_row_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  SbTopicRow *self = SB_TOPIC_ROW (object);

  switch (prop_id)
    {
      case PROP_TOPIC:
        g_value_set_string (value, self->topic);
        break;
      case PROP_PAYLOAD:
        g_value_set_boxed (value, self->payload);
        break;
      case PROP_DISPLAY_TEXT:
        g_value_set_string (value, sb_topic_row_get_display_text (self));
        break;
      case PROP_IS_BINARY:
        g_value_set_boolean (value, sb_topic_row_get_is_binary (self));
        break;
      case PROP_QOS:
        g_value_set_int (value, self->qos);
        break;
      case PROP_RETAINED:
        g_value_set_boolean (value, self->retained);
        break;
      case PROP_COUNT:
        g_value_set_uint64 (value, self->count);
        break;
      case PROP_FIRST_TIME:
        g_value_set_int64 (value, self->first_time);
        break;
      case PROP_LAST_TIME:
        g_value_set_int64 (value, self->last_time);
        break;
      case PROP_SUBSCRIPTION_INDEX:
        g_value_set_uint (value, self->subscription_index);
        break;
      case PROP_PAYLOAD_SIZE:
        g_value_set_uint64 (value, self->payload_size);
        break;
      case PROP_HISTORY:
        g_value_set_object (value, sb_topic_row_get_history (self));
        break;
      case PROP_VALUE_TEXT:
        g_value_set_string (value, self->value_text);
        break;
      case PROP_VALUE_ERROR:
        g_value_set_string (value, self->value_error);
        break;
      case PROP_MESSAGE_PROPERTIES:
        g_value_set_boxed (value, self->message_props);
        break;
      case PROP_SPARKPLUG:
        g_value_set_string (value, self->sparkplug);
        break;
      case PROP_PREVIOUS_PAYLOAD:
        g_value_set_boxed (value, self->previous_payload);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sb_topic_row_class_init (SbTopicRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = sb_topic_row_finalize;
  object_class->get_property = sb_topic_row_get_property;

  properties[PROP_TOPIC] = g_param_spec_string ("topic", NULL, NULL, NULL, flags);
  properties[PROP_PAYLOAD] = g_param_spec_boxed ("payload", NULL, NULL, G_TYPE_BYTES, flags);
  properties[PROP_DISPLAY_TEXT] = g_param_spec_string ("display-text", NULL, NULL, NULL, flags);
  properties[PROP_IS_BINARY] = g_param_spec_boolean ("is-binary", NULL, NULL, FALSE, flags);
  properties[PROP_QOS] = g_param_spec_int ("qos", NULL, NULL, 0, 2, 0, flags);
  properties[PROP_RETAINED] = g_param_spec_boolean ("retained", NULL, NULL, FALSE, flags);
  properties[PROP_COUNT] = g_param_spec_uint64 ("count", NULL, NULL, 0, G_MAXUINT64, 0, flags);
  properties[PROP_FIRST_TIME]
      = g_param_spec_int64 ("first-time", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_LAST_TIME]
      = g_param_spec_int64 ("last-time", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_SUBSCRIPTION_INDEX]
      = g_param_spec_uint ("subscription-index", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_PAYLOAD_SIZE]
      = g_param_spec_uint64 ("payload-size", NULL, NULL, 0, G_MAXUINT64, 0, flags);
  properties[PROP_HISTORY] = g_param_spec_object ("history", NULL, NULL, SB_TYPE_HISTORY, flags);
  properties[PROP_VALUE_TEXT] = g_param_spec_string ("value-text", NULL, NULL, NULL, flags);
  properties[PROP_VALUE_ERROR] = g_param_spec_string ("value-error", NULL, NULL, NULL, flags);
  properties[PROP_MESSAGE_PROPERTIES]
      = g_param_spec_boxed ("message-properties", NULL, NULL, SB_TYPE_MESSAGE_PROPS, flags);
  properties[PROP_SPARKPLUG] = g_param_spec_string ("sparkplug", NULL, NULL, NULL, flags);
  properties[PROP_PREVIOUS_PAYLOAD]
      = g_param_spec_boxed ("previous-payload", NULL, NULL, G_TYPE_BYTES, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sb_topic_row_init (SbTopicRow *self)
{
  self->history_capacity = SB_HISTORY_DEFAULT_CAPACITY;
  self->number = NAN;
}

/* Makes the history, holding the one message the row has seen, if any (as
 * much of its payload as the row kept). Once made, it stays. */
static SbHistory *
ensure_history (SbTopicRow *self)
{
  if (self->history == NULL)
    {
      self->history = sb_history_new (self->history_capacity);
      if (self->count > 0 && self->payload != NULL)
        sb_history_push (self->history, self->last_time, self->payload, self->payload_size,
                         self->number);
    }
  return self->history;
}

SbTopicRow *
sb_topic_row_new (const char *topic)
{
  SbTopicRow *self = g_object_new (SB_TYPE_TOPIC_ROW, NULL);

  self->topic = g_strdup (topic);
  return self;
}

#define CHANGED(prop) (1u << (prop))

static void
set_message_properties (SbTopicRow *self, SbMessageProps *props)
{
  /* Messages without properties (the flood's usual case) cost one compare. */
  if (self->message_props == props)
    return;
  g_clear_pointer (&self->message_props, sb_message_props_unref);
  if (props != NULL)
    self->message_props = sb_message_props_ref (props);
  self->changed |= CHANGED (PROP_MESSAGE_PROPERTIES);
}

gboolean
sb_topic_row_update (SbTopicRow *self, SbMessage *message, gsize keep_limit)
{
  GBytes *payload = sb_message_get_payload (message);
  int qos = sb_message_get_qos (message);
  gboolean retained = sb_message_get_retained (message);
  guint subscription_index = sb_message_get_subscription_index (message);
  gint64 time = sb_message_get_time (message);
  gsize size = g_bytes_get_size (payload);
  gboolean was_clean = !self->dirty;

  /* The second message: the first one moves into a history now. */
  if (self->history == NULL && self->count > 0)
    ensure_history (self);

  /* The latest becomes the previous one, as it was kept. */
  g_clear_pointer (&self->previous_payload, g_bytes_unref);
  self->previous_payload = g_steal_pointer (&self->payload);
  self->previous_payload_size = self->payload_size;
  if (self->previous_payload != NULL)
    self->changed |= CHANGED (PROP_PREVIOUS_PAYLOAD);

  /* A row of a 1 MiB payload must not keep 1 MiB alive per topic: copy the
   * part the display can use. Smaller payloads share the caller's bytes. */
  if (size > keep_limit)
    self->payload = g_bytes_new (g_bytes_get_data (payload, NULL), keep_limit);
  else
    self->payload = g_bytes_ref (payload);
  g_clear_pointer (&self->display_text, g_free);
  self->is_binary_known = FALSE;
  self->changed |= CHANGED (PROP_PAYLOAD) | CHANGED (PROP_DISPLAY_TEXT) | CHANGED (PROP_IS_BINARY);

  if (self->payload_size != size)
    {
      self->payload_size = size;
      self->changed |= CHANGED (PROP_PAYLOAD_SIZE);
    }
  if ((int)self->qos != qos)
    {
      self->qos = qos & 3;
      self->changed |= CHANGED (PROP_QOS);
    }
  if (self->retained != !!retained)
    {
      self->retained = !!retained;
      self->changed |= CHANGED (PROP_RETAINED);
    }
  if (self->count == 0 || self->subscription_index != subscription_index)
    {
      self->subscription_index = subscription_index;
      self->changed |= CHANGED (PROP_SUBSCRIPTION_INDEX);
    }
  if (self->count == 0)
    {
      self->first_time = time;
      self->changed |= CHANGED (PROP_FIRST_TIME);
    }
  self->count++;
  self->last_time = time;
  self->changed |= CHANGED (PROP_COUNT) | CHANGED (PROP_LAST_TIME);
  set_message_properties (self, sb_message_get_properties (message));
  self->dirty = TRUE;
  return was_clean;
}

/* On a Sparkplug B topic the value is the decoded payload's: what the data
 * path picks in it, "offline" for a death, or how many metrics it has. */
static double
record_sparkplug (SbTopicRow *self, SbMessage *message, SbDataPath *path,
                  SbSparkplugState *sparkplug, SbSparkplugType type)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GError) path_error = NULL;
  g_autoptr (JsonNode) value = NULL;
  g_autofree char *text = NULL;
  guint n_metrics = 0;
  char *decoded = sb_sparkplug_decode (sparkplug, self->topic, sb_message_get_payload (message),
                                       &n_metrics, &error);
  double number = NAN;

  if (g_strcmp0 (self->sparkplug, decoded) != 0)
    self->changed |= CHANGED (PROP_SPARKPLUG);
  g_free (self->sparkplug);
  self->sparkplug = decoded;
  if (decoded != NULL && path != NULL)
    {
      g_autoptr (GBytes) json = g_bytes_new_static (decoded, strlen (decoded));

      value = sb_data_path_apply (path, json, &path_error);
      if (value != NULL)
        {
          text = sb_data_path_value_to_text (value);
          if (!sb_data_path_value_to_double (value, &number))
            number = NAN;
        }
    }
  else if (decoded != NULL && (type == SB_SPARKPLUG_NDEATH || type == SB_SPARKPLUG_DDEATH))
    text = g_strdup (_ ("offline (death)"));
  else if (decoded != NULL && type != SB_SPARKPLUG_HOST_STATE)
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u metric", "%u metrics", n_metrics),
                            n_metrics);
  if (sb_set_str (&self->value_text, text))
    self->changed |= CHANGED (PROP_VALUE_TEXT);
  if (sb_set_str (&self->value_error, error != NULL        ? error->message
                                      : path_error != NULL ? path_error->message
                                                           : NULL))
    self->changed |= CHANGED (PROP_VALUE_ERROR);
  return number;
}

void
sb_topic_row_record_value (SbTopicRow *self, SbMessage *message, SbDataPath *path,
                           SbSparkplugState *sparkplug)
{
  GBytes *payload = sb_message_get_payload (message);
  gint64 time = sb_message_get_time (message);
  double number = NAN;
  SbSparkplugTopic topic;

  if (sparkplug != NULL && sb_sparkplug_topic_parse (self->topic, &topic))
    {
      number = record_sparkplug (self, message, path, sparkplug, topic.type);
      sb_sparkplug_topic_clear (&topic);
    }
  else if (path != NULL)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (JsonNode) value = sb_data_path_apply (path, payload, &error);
      g_autofree char *text = value != NULL ? sb_data_path_value_to_text (value) : NULL;

      if (value == NULL || !sb_data_path_value_to_double (value, &number))
        number = NAN;
      if (sb_set_str (&self->value_text, text))
        self->changed |= CHANGED (PROP_VALUE_TEXT);
      if (sb_set_str (&self->value_error, error != NULL ? error->message : NULL))
        self->changed |= CHANGED (PROP_VALUE_ERROR);
    }
  else
    {
      number = sb_history_payload_number (payload);
      if (sb_set_str (&self->value_text, NULL))
        self->changed |= CHANGED (PROP_VALUE_TEXT);
      if (sb_set_str (&self->value_error, NULL))
        self->changed |= CHANGED (PROP_VALUE_ERROR);
    }
  self->number = number;
  if (self->history != NULL)
    sb_history_push (self->history, time, payload, g_bytes_get_size (payload), number);
}

const char *
sb_topic_row_get_sparkplug (SbTopicRow *self)
{
  g_return_val_if_fail (SB_IS_TOPIC_ROW (self), NULL);
  return self->sparkplug;
}

void
sb_topic_row_set_history_capacity (SbTopicRow *self, guint capacity)
{
  self->history_capacity = capacity;
  if (self->history != NULL)
    sb_history_set_capacity (self->history, capacity);
}

void
sb_topic_row_emit_changes (SbTopicRow *self)
{
  guint changed = self->changed;

  self->changed = 0;
  self->dirty = FALSE;
  if (changed == 0)
    return;
  g_object_freeze_notify (G_OBJECT (self));
  for (guint prop = PROP_0 + 1; prop < N_PROPS; prop++)
    if (changed & CHANGED (prop))
      g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
  g_object_thaw_notify (G_OBJECT (self));
}

const char *
sb_topic_row_get_topic (SbTopicRow *self)
{
  g_return_val_if_fail (SB_IS_TOPIC_ROW (self), NULL);
  return self->topic;
}

GBytes *
sb_topic_row_get_payload (SbTopicRow *self)
{
  g_return_val_if_fail (SB_IS_TOPIC_ROW (self), NULL);
  return self->payload;
}

gboolean
sb_topic_row_get_is_binary (SbTopicRow *self)
{
  g_return_val_if_fail (SB_IS_TOPIC_ROW (self), FALSE);

  if (self->payload == NULL)
    return FALSE;
  if (!self->is_binary_known)
    {
      self->is_binary = !sb_payload_is_text_prefix (self->payload, self->payload_size);
      self->is_binary_known = TRUE;
    }
  return self->is_binary;
}

const char *
sb_topic_row_get_display_text (SbTopicRow *self)
{
  g_return_val_if_fail (SB_IS_TOPIC_ROW (self), NULL);

  if (self->payload == NULL)
    return "";
  if (self->display_text == NULL)
    {
      self->display_text = sb_payload_display_text_prefix (self->payload, self->payload_size,
                                                           SB_TOPIC_ROW_DISPLAY_CHARS);
    }
  return self->display_text;
}

int
sb_topic_row_get_qos (SbTopicRow *self)
{
  g_return_val_if_fail (SB_IS_TOPIC_ROW (self), 0);
  return self->qos;
}

gboolean
sb_topic_row_get_retained (SbTopicRow *self)
{
  g_return_val_if_fail (SB_IS_TOPIC_ROW (self), FALSE);
  return self->retained;
}

guint64
sb_topic_row_get_count (SbTopicRow *self)
{
  g_return_val_if_fail (SB_IS_TOPIC_ROW (self), 0);
  return self->count;
}

gint64
sb_topic_row_get_first_time (SbTopicRow *self)
{
  g_return_val_if_fail (SB_IS_TOPIC_ROW (self), 0);
  return self->first_time;
}

gint64
sb_topic_row_get_last_time (SbTopicRow *self)
{
  g_return_val_if_fail (SB_IS_TOPIC_ROW (self), 0);
  return self->last_time;
}

guint
sb_topic_row_get_subscription_index (SbTopicRow *self)
{
  g_return_val_if_fail (SB_IS_TOPIC_ROW (self), 0);
  return self->subscription_index;
}

guint64
sb_topic_row_get_payload_size (SbTopicRow *self)
{
  g_return_val_if_fail (SB_IS_TOPIC_ROW (self), 0);
  return self->payload_size;
}

SbHistory *
sb_topic_row_get_history (SbTopicRow *self)
{
  g_return_val_if_fail (SB_IS_TOPIC_ROW (self), NULL);
  return ensure_history (self);
}

const char *
sb_topic_row_get_value_text (SbTopicRow *self)
{
  g_return_val_if_fail (SB_IS_TOPIC_ROW (self), NULL);
  return self->value_text;
}

const char *
sb_topic_row_get_value_error (SbTopicRow *self)
{
  g_return_val_if_fail (SB_IS_TOPIC_ROW (self), NULL);
  return self->value_error;
}

GBytes *
sb_topic_row_get_previous_payload (SbTopicRow *self)
{
  g_return_val_if_fail (SB_IS_TOPIC_ROW (self), NULL);
  return self->previous_payload;
}

guint64
sb_topic_row_get_previous_payload_size (SbTopicRow *self)
{
  g_return_val_if_fail (SB_IS_TOPIC_ROW (self), 0);
  return self->previous_payload_size;
}

SbMessageProps *
sb_topic_row_get_message_properties (SbTopicRow *self)
{
  g_return_val_if_fail (SB_IS_TOPIC_ROW (self), NULL);
  return self->message_props;
}
