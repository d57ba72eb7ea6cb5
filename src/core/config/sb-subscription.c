/* sb-subscription.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sb-subscription.h"

#include <mosquitto.h>
#include <mqtt_protocol.h>

#include "sb-util.h"

G_DEFINE_ENUM_TYPE (SbRetainHandling, sb_retain_handling,
                    G_DEFINE_ENUM_VALUE (SB_RETAIN_HANDLING_SEND, "send"),
                    G_DEFINE_ENUM_VALUE (SB_RETAIN_HANDLING_SEND_IF_NEW, "send-if-new"),
                    G_DEFINE_ENUM_VALUE (SB_RETAIN_HANDLING_NEVER, "never"))

struct _SbSubscription
{
  GObject parent_instance;
  char *topic;
  char *data_path;
  int qos;
  SbRetainHandling retain_handling;
  guint no_local : 1;
  guint retain_as_published : 1;
};

G_DEFINE_FINAL_TYPE (SbSubscription, sb_subscription, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_TOPIC,
  PROP_QOS,
  PROP_DATA_PATH,
  PROP_NO_LOCAL,
  PROP_RETAIN_AS_PUBLISHED,
  PROP_RETAIN_HANDLING,
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
      case PROP_NO_LOCAL:
        g_value_set_boolean (value, self->no_local);
        break;
      case PROP_RETAIN_AS_PUBLISHED:
        g_value_set_boolean (value, self->retain_as_published);
        break;
      case PROP_RETAIN_HANDLING:
        g_value_set_enum (value, self->retain_handling);
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
      case PROP_NO_LOCAL:
        sb_subscription_set_no_local (self, g_value_get_boolean (value));
        break;
      case PROP_RETAIN_AS_PUBLISHED:
        sb_subscription_set_retain_as_published (self, g_value_get_boolean (value));
        break;
      case PROP_RETAIN_HANDLING:
        sb_subscription_set_retain_handling (self, g_value_get_enum (value));
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

  properties[PROP_TOPIC]
      = g_param_spec_string ("topic", NULL, NULL, "",
                             G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_QOS]
      = g_param_spec_int ("qos", NULL, NULL, SB_QOS_INHERIT, 2, SB_QOS_INHERIT,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DATA_PATH]
      = g_param_spec_string ("data-path", NULL, NULL, NULL,
                             G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NO_LOCAL]
      = g_param_spec_boolean ("no-local", NULL, NULL, FALSE,
                              G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RETAIN_AS_PUBLISHED]
      = g_param_spec_boolean ("retain-as-published", NULL, NULL, FALSE,
                              G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RETAIN_HANDLING] = g_param_spec_enum (
      "retain-handling", NULL, NULL, SB_TYPE_RETAIN_HANDLING, SB_RETAIN_HANDLING_SEND,
      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

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
                       self->data_path, "no-local", (gboolean)self->no_local, "retain-as-published",
                       (gboolean)self->retain_as_published, "retain-handling",
                       self->retain_handling, NULL);
}

gboolean
sb_subscription_equal (SbSubscription *a, SbSubscription *b)
{
  g_return_val_if_fail (SB_IS_SUBSCRIPTION (a), FALSE);
  g_return_val_if_fail (SB_IS_SUBSCRIPTION (b), FALSE);

  return g_strcmp0 (a->topic, b->topic) == 0 && a->qos == b->qos
         && g_strcmp0 (a->data_path, b->data_path) == 0 && a->no_local == b->no_local
         && a->retain_as_published == b->retain_as_published
         && a->retain_handling == b->retain_handling;
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

gboolean
sb_subscription_get_no_local (SbSubscription *self)
{
  g_return_val_if_fail (SB_IS_SUBSCRIPTION (self), FALSE);
  return self->no_local;
}

/* The broker does not send this client its own publications on the filter. */
void
sb_subscription_set_no_local (SbSubscription *self, gboolean no_local)
{
  g_return_if_fail (SB_IS_SUBSCRIPTION (self));

  no_local = !!no_local;
  if (self->no_local == (guint)no_local)
    return;
  self->no_local = no_local;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NO_LOCAL]);
}

gboolean
sb_subscription_get_retain_as_published (SbSubscription *self)
{
  g_return_val_if_fail (SB_IS_SUBSCRIPTION (self), FALSE);
  return self->retain_as_published;
}

/* Forwarded messages keep the retain flag they were published with (instead of
 * the broker clearing it on all but retained messages sent on subscribe). */
void
sb_subscription_set_retain_as_published (SbSubscription *self, gboolean retain_as_published)
{
  g_return_if_fail (SB_IS_SUBSCRIPTION (self));

  retain_as_published = !!retain_as_published;
  if (self->retain_as_published == (guint)retain_as_published)
    return;
  self->retain_as_published = retain_as_published;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RETAIN_AS_PUBLISHED]);
}

SbRetainHandling
sb_subscription_get_retain_handling (SbSubscription *self)
{
  g_return_val_if_fail (SB_IS_SUBSCRIPTION (self), SB_RETAIN_HANDLING_SEND);
  return self->retain_handling;
}

void
sb_subscription_set_retain_handling (SbSubscription *self, SbRetainHandling retain_handling)
{
  g_return_if_fail (SB_IS_SUBSCRIPTION (self));
  g_return_if_fail (retain_handling >= SB_RETAIN_HANDLING_SEND
                    && retain_handling <= SB_RETAIN_HANDLING_NEVER);

  if (self->retain_handling == retain_handling)
    return;
  self->retain_handling = retain_handling;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RETAIN_HANDLING]);
}

int
sb_subscription_get_mqtt5_options (SbSubscription *self)
{
  int options = 0;

  g_return_val_if_fail (SB_IS_SUBSCRIPTION (self), 0);

  if (self->no_local)
    options |= MQTT_SUB_OPT_NO_LOCAL;
  if (self->retain_as_published)
    options |= MQTT_SUB_OPT_RETAIN_AS_PUBLISHED;
  switch (self->retain_handling)
    {
      case SB_RETAIN_HANDLING_SEND_IF_NEW:
        options |= MQTT_SUB_OPT_SEND_RETAIN_NEW;
        break;
      case SB_RETAIN_HANDLING_NEVER:
        options |= MQTT_SUB_OPT_SEND_RETAIN_NEVER;
        break;
      case SB_RETAIN_HANDLING_SEND:
      default:
        options |= MQTT_SUB_OPT_SEND_RETAIN_ALWAYS;
        break;
    }
  return options;
}
