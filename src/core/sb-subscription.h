/* sb-subscription.h: one topic filter of a data source
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* A subscription's QoS when it has no override and takes the data source's. */
#define SB_QOS_INHERIT (-1)

#define SB_TYPE_SUBSCRIPTION (sb_subscription_get_type ())
G_DECLARE_FINAL_TYPE (SbSubscription, sb_subscription, SB, SUBSCRIPTION, GObject)

SbSubscription *sb_subscription_new (const char *topic);
SbSubscription *sb_subscription_copy (SbSubscription *self);
gboolean sb_subscription_equal (SbSubscription *a, SbSubscription *b);

const char *sb_subscription_get_topic (SbSubscription *self);
void sb_subscription_set_topic (SbSubscription *self, const char *topic);
/* SB_QOS_INHERIT, or 0..2 */
int sb_subscription_get_qos (SbSubscription *self);
void sb_subscription_set_qos (SbSubscription *self, int qos);
/* NULL when the subscription has no data path */
const char *sb_subscription_get_data_path (SbSubscription *self);
void sb_subscription_set_data_path (SbSubscription *self, const char *data_path);

G_END_DECLS
