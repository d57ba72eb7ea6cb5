/* sb-browser.c: a data source's broker browsed as a topic tree
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sb-browser.h"
#include "sb-subscription.h"

struct _SbBrowser
{
  GObject parent_instance;

  SbDataSource *source;
  SbMqttSession *session;
  SbTopicTree *tree;

  GHashTable *deleting; /* topics whose empty message has not come back yet */
  guint delete_total;
  guint delete_done;
};

G_DEFINE_FINAL_TYPE (SbBrowser, sb_browser, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_DELETING,
  PROP_DELETE_TOTAL,
  PROP_DELETE_DONE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
sb_browser_dispose (GObject *object)
{
  SbBrowser *self = SB_BROWSER (object);

  if (self->session != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->session, self);
      sb_mqtt_session_stop (self->session);
    }
  g_clear_object (&self->session);
  g_clear_object (&self->tree);
  g_clear_object (&self->source);
  g_clear_pointer (&self->deleting, g_hash_table_unref);
  G_OBJECT_CLASS (sb_browser_parent_class)->dispose (object);
}

static void
sb_browser_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  SbBrowser *self = SB_BROWSER (object);

  switch (prop_id)
    {
      case PROP_DELETING:
        g_value_set_boolean (value, sb_browser_get_deleting (self));
        break;
      case PROP_DELETE_TOTAL:
        g_value_set_uint (value, self->delete_total);
        break;
      case PROP_DELETE_DONE:
        g_value_set_uint (value, self->delete_done);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sb_browser_class_init (SbBrowserClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = sb_browser_dispose;
  object_class->get_property = sb_browser_get_property;

  properties[PROP_DELETING] = g_param_spec_boolean ("deleting", NULL, NULL, FALSE, flags);
  properties[PROP_DELETE_TOTAL]
      = g_param_spec_uint ("delete-total", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_DELETE_DONE]
      = g_param_spec_uint ("delete-done", NULL, NULL, 0, G_MAXUINT, 0, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sb_browser_init (SbBrowser *self)
{
}

static void
on_message (SbMqttSession *session, SbMessage *message, SbBrowser *self)
{
  const char *topic = sb_message_get_topic (message);
  GBytes *payload = sb_message_get_payload (message);

  sb_topic_tree_add (self->tree, topic, payload, sb_message_get_retained (message),
                     sb_message_get_time (message));
  if (self->deleting != NULL && g_bytes_get_size (payload) == 0
      && g_hash_table_remove (self->deleting, topic))
    {
      self->delete_done++;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DELETE_DONE]);
      if (g_hash_table_size (self->deleting) == 0)
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DELETING]);
    }
}

SbBrowser *
sb_browser_new (SbDataSource *source, gboolean include_sys, guint topic_limit, gsize payload_limit)
{
  SbBrowser *self;
  g_autoptr (SbSubscription) all = sb_subscription_new ("#");
  g_autofree char *client_id = NULL;

  g_return_val_if_fail (SB_IS_DATA_SOURCE (source), NULL);

  self = g_object_new (SB_TYPE_BROWSER, NULL);
  self->source = sb_data_source_copy (source);
  /* A connection of its own: the broker would otherwise drop the data
   * source's preview (same client id) or queue into its persistent session. */
  client_id = g_strdup_printf ("signalboard-browse-%08x", g_random_int ());
  sb_data_source_set_client_id (self->source, client_id);
  sb_data_source_set_clean_session (self->source, TRUE);
  if (sb_data_source_get_protocol (self->source) == SB_PROTOCOL_MQTT_5)
    sb_data_source_set_session_expiry_interval (self->source, 0);
  sb_data_source_clear_will (self->source);
  sb_data_source_remove_all_subscriptions (self->source);
  sb_subscription_set_qos (all, 0);
  sb_data_source_add_subscription (self->source, all);
  if (include_sys)
    {
      g_autoptr (SbSubscription) sys = sb_subscription_new ("$SYS/#");
      sb_subscription_set_qos (sys, 0);
      sb_data_source_add_subscription (self->source, sys);
    }

  self->tree = sb_topic_tree_new (topic_limit, payload_limit);
  self->session = sb_mqtt_session_new (self->source);
  g_signal_connect (self->session, "message", G_CALLBACK (on_message), self);
  return self;
}

void
sb_browser_start (SbBrowser *self)
{
  g_return_if_fail (SB_IS_BROWSER (self));
  sb_mqtt_session_start (self->session);
}

void
sb_browser_stop (SbBrowser *self)
{
  g_return_if_fail (SB_IS_BROWSER (self));
  sb_mqtt_session_stop (self->session);
}

SbTopicTree *
sb_browser_get_tree (SbBrowser *self)
{
  g_return_val_if_fail (SB_IS_BROWSER (self), NULL);
  return self->tree;
}

SbMqttSession *
sb_browser_get_session (SbBrowser *self)
{
  g_return_val_if_fail (SB_IS_BROWSER (self), NULL);
  return self->session;
}

SbDataSource *
sb_browser_get_source (SbBrowser *self)
{
  g_return_val_if_fail (SB_IS_BROWSER (self), NULL);
  return self->source;
}

int
sb_browser_delete_retained (SbBrowser *self, SbTopicNode *node, GError **error)
{
  g_autoptr (GPtrArray) topics = NULL;
  g_autoptr (GBytes) empty = g_bytes_new_static ("", 0);

  g_return_val_if_fail (SB_IS_BROWSER (self), -1);

  if (sb_mqtt_session_get_state (self->session) != SB_SESSION_CONNECTED)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED,
                           _ ("Not connected to the broker: retained messages cannot be deleted "
                              "now"));
      return -1;
    }
  topics = sb_topic_tree_collect_retained (self->tree, node);
  if (self->deleting == NULL)
    self->deleting = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  if (g_hash_table_size (self->deleting) == 0)
    {
      self->delete_total = 0;
      self->delete_done = 0;
    }
  for (guint i = 0; i < topics->len; i++)
    {
      const char *topic = g_ptr_array_index (topics, i);

      if (g_hash_table_contains (self->deleting, topic))
        continue;
      /* QoS 1: the broker acknowledges it; its copy through "#" says it is done. */
      if (!sb_mqtt_session_publish (self->session, topic, empty, 1, TRUE, error))
        break;
      g_hash_table_add (self->deleting, g_strdup (topic));
      self->delete_total++;
    }
  g_object_freeze_notify (G_OBJECT (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DELETE_TOTAL]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DELETE_DONE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DELETING]);
  g_object_thaw_notify (G_OBJECT (self));
  if (error != NULL && *error != NULL)
    return -1;
  return (int)topics->len;
}

gboolean
sb_browser_get_deleting (SbBrowser *self)
{
  g_return_val_if_fail (SB_IS_BROWSER (self), FALSE);
  return self->deleting != NULL && g_hash_table_size (self->deleting) > 0;
}

guint
sb_browser_get_delete_total (SbBrowser *self)
{
  g_return_val_if_fail (SB_IS_BROWSER (self), 0);
  return self->delete_total;
}

guint
sb_browser_get_delete_done (SbBrowser *self)
{
  g_return_val_if_fail (SB_IS_BROWSER (self), 0);
  return self->delete_done;
}
