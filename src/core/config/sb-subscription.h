/* sb-subscription.h: one topic filter of a data source
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* A subscription's QoS when it has no override and takes the data source's. */
#define SB_QOS_INHERIT (-1)

/* MQTT 5 "retain handling": when the broker sends the retained messages of a
 * filter. The values are those of the file format and of the protocol. */
typedef enum
{
  SB_RETAIN_HANDLING_SEND = 0,        /* on every subscribe (the default, as in MQTT 3.1.1) */
  SB_RETAIN_HANDLING_SEND_IF_NEW = 1, /* only when the subscription did not exist yet */
  SB_RETAIN_HANDLING_NEVER = 2,       /* never */
} SbRetainHandling;

#define SB_TYPE_RETAIN_HANDLING (sb_retain_handling_get_type ())
GType
sb_retain_handling_get_type (void);

#define SB_TYPE_SUBSCRIPTION (sb_subscription_get_type ())
G_DECLARE_FINAL_TYPE (SbSubscription, sb_subscription, SB, SUBSCRIPTION, GObject)

SbSubscription *
sb_subscription_new (const char *topic);
SbSubscription *
sb_subscription_copy (SbSubscription *self);
gboolean
sb_subscription_equal (SbSubscription *a, SbSubscription *b);

const char *
sb_subscription_get_topic (SbSubscription *self);
void
sb_subscription_set_topic (SbSubscription *self, const char *topic);
/* SB_QOS_INHERIT, or 0..2 */
int
sb_subscription_get_qos (SbSubscription *self);
void
sb_subscription_set_qos (SbSubscription *self, int qos);
/* NULL when the subscription has no data path */
const char *
sb_subscription_get_data_path (SbSubscription *self);
void
sb_subscription_set_data_path (SbSubscription *self, const char *data_path);

/* MQTT 5 subscription options (a data source with protocol 3.1.1 must leave
 * them at their defaults: FALSE, FALSE, SB_RETAIN_HANDLING_SEND). */
gboolean
sb_subscription_get_no_local (SbSubscription *self);
void
sb_subscription_set_no_local (SbSubscription *self, gboolean no_local);
gboolean
sb_subscription_get_retain_as_published (SbSubscription *self);
void
sb_subscription_set_retain_as_published (SbSubscription *self, gboolean retain_as_published);
SbRetainHandling
sb_subscription_get_retain_handling (SbSubscription *self);
void
sb_subscription_set_retain_handling (SbSubscription *self, SbRetainHandling retain_handling);
/* The options above as libmosquitto's mosquitto_subscribe_v5() takes them
 * (MQTT_SUB_OPT_NO_LOCAL | ...), without the QoS: 0 when all are defaults. */
int
sb_subscription_get_mqtt5_options (SbSubscription *self);

G_END_DECLS
