/* sb-subscription-editor.h: one row of the dialog's subscription list: topic
 * filter, optional QoS override, optional data path, a remove button and the
 * row's inline error
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "sb-subscription.h"

G_BEGIN_DECLS

#define SB_TYPE_SUBSCRIPTION_EDITOR (sb_subscription_editor_get_type ())
G_DECLARE_FINAL_TYPE (SbSubscriptionEditor, sb_subscription_editor, SB, SUBSCRIPTION_EDITOR,
                      GtkWidget)

/* Edits @subscription in place. Signals: "remove" (the user asked to remove
 * this row), "edited" (the user changed a field). */
GtkWidget *
sb_subscription_editor_new (SbSubscription *subscription);
SbSubscription *
sb_subscription_editor_get_subscription (SbSubscriptionEditor *self);

/* Shows @message (NULL hides it) under the field named by @field
 * ("topic", "qos", "data_path"); the field gets the error style. */
void
sb_subscription_editor_set_error (SbSubscriptionEditor *self, const char *field,
                                  const char *message);
/* Shows the MQTT 5 subscription options (no local, retain as published,
 * retain handling) and gives them to the subscription, or hides them and
 * gives it the defaults (MQTT 3.1.1), keeping what was set for MQTT 5. */
void
sb_subscription_editor_set_mqtt5 (SbSubscriptionEditor *self, gboolean mqtt5);
/* Shows under the row what the data path gives on a live payload (@text,
 * a warning when @problem: the payload is not JSON, nothing matches); NULL
 * hides it. */
void
sb_subscription_editor_set_data_path_result (SbSubscriptionEditor *self, const char *text,
                                             gboolean problem);
/* Whether the user has changed a field yet (errors wait until then). */
gboolean
sb_subscription_editor_get_touched (SbSubscriptionEditor *self);

GtkEditable *
sb_subscription_editor_get_topic_entry (SbSubscriptionEditor *self);
GtkLabel *
sb_subscription_editor_get_error_label (SbSubscriptionEditor *self);

G_END_DECLS
