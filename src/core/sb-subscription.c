/* sb-subscription.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sb-subscription.h"
#include "sb-util.h"

struct _SbSubscription
{
  GObject parent_instance;
  char *topic;
  char *data_path;
  int qos;
};

G_DEFINE_FINAL_TYPE (SbSubscription, sb_subscription, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_TOPIC,
  PROP_QOS,
  PROP_DATA_PATH,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
sb_subscription_finalize (GObject *object)
{
  SbSubscription *self = SB_SUBSCRIPTION (object);

  g_free (self->topic);
  g_free (self->data_path);

  G_OBJECT_CLASS (sb_subscription_parent_class)->finalize (object);
}

static void
sb_subscription_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  SbSubscription *self = SB_SUBSCRIPTION (object);

  switch (prop_id)
    {
    case PROP_TOPIC:
      g_value_set_string (value, self->topic);
      break;
    case PROP_QOS:
      g_value_set_int (value, self->qos);
      break;
    case PROP_DATA_PATH:
      g_value_set_string (value, self->data_path);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sb_subscription_set_property (GObject *object, guint prop_id, const GValue *value,
                              GParamSpec *pspec)
{
  SbSubscription *self = SB_SUBSCRIPTION (object);

  switch (prop_id)
    {
    case PROP_TOPIC:
      sb_subscription_set_topic (self, g_value_get_string (value));
      break;
    case PROP_QOS:
      sb_subscription_set_qos (self, g_value_get_int (value));
      break;
    case PROP_DATA_PATH:
      sb_subscription_set_data_path (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sb_subscription_class_init (SbSubscriptionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sb_subscription_finalize;
  object_class->get_property = sb_subscription_get_property;
  object_class->set_property = sb_subscription_set_property;

  properties[PROP_TOPIC] = g_param_spec_string (
      "topic", NULL, NULL, "", G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_QOS]
      = g_param_spec_int ("qos", NULL, NULL, SB_QOS_INHERIT, 2, SB_QOS_INHERIT,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DATA_PATH] = g_param_spec_string (
      "data-path", NULL, NULL, NULL, G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sb_subscription_init (SbSubscription *self)
{
  self->topic = g_strdup ("");
  self->qos = SB_QOS_INHERIT;
}

SbSubscription *
sb_subscription_new (const char *topic)
{
  return g_object_new (SB_TYPE_SUBSCRIPTION, "topic", topic ? topic : "", NULL);
}

SbSubscription *
sb_subscription_copy (SbSubscription *self)
{
  g_return_val_if_fail (SB_IS_SUBSCRIPTION (self), NULL);

  return g_object_new (SB_TYPE_SUBSCRIPTION, "topic", self->topic, "qos", self->qos, "data-path",
                       self->data_path, NULL);
}

gboolean
sb_subscription_equal (SbSubscription *a, SbSubscription *b)
{
  g_return_val_if_fail (SB_IS_SUBSCRIPTION (a), FALSE);
  g_return_val_if_fail (SB_IS_SUBSCRIPTION (b), FALSE);

  return g_strcmp0 (a->topic, b->topic) == 0 && a->qos == b->qos
         && g_strcmp0 (a->data_path, b->data_path) == 0;
}

const char *
sb_subscription_get_topic (SbSubscription *self)
{
  g_return_val_if_fail (SB_IS_SUBSCRIPTION (self), NULL);
  return self->topic;
}

void
sb_subscription_set_topic (SbSubscription *self, const char *topic)
{
  g_return_if_fail (SB_IS_SUBSCRIPTION (self));

  if (topic == NULL)
    topic = "";
  if (sb_set_str (&self->topic, topic))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOPIC]);
}

int
sb_subscription_get_qos (SbSubscription *self)
{
  g_return_val_if_fail (SB_IS_SUBSCRIPTION (self), SB_QOS_INHERIT);
  return self->qos;
}

void
sb_subscription_set_qos (SbSubscription *self, int qos)
{
  g_return_if_fail (SB_IS_SUBSCRIPTION (self));
  g_return_if_fail (qos >= SB_QOS_INHERIT && qos <= 2);

  if (self->qos != qos)
    {
      self->qos = qos;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QOS]);
    }
}

const char *
sb_subscription_get_data_path (SbSubscription *self)
{
  g_return_val_if_fail (SB_IS_SUBSCRIPTION (self), NULL);
  return self->data_path;
}

void
sb_subscription_set_data_path (SbSubscription *self, const char *data_path)
{
  g_return_if_fail (SB_IS_SUBSCRIPTION (self));

  /* An empty path is no path: the file format omits both the same way. */
  if (data_path != NULL && data_path[0] == '\0')
    data_path = NULL;
  if (sb_set_str (&self->data_path, data_path))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATA_PATH]);
}
