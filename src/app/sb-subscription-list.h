/* sb-subscription-list.h: the subscriptions of the data source an Add/Edit
 * dialog edits: one SbSubscriptionEditor per subscription, "Add
 * subscription", and the list's own inline error
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "sb-data-source.h"
#include "sb-subscription-editor.h"

G_BEGIN_DECLS

#define SB_TYPE_SUBSCRIPTION_LIST (sb_subscription_list_get_type ())
G_DECLARE_FINAL_TYPE (SbSubscriptionList, sb_subscription_list, SB, SUBSCRIPTION_LIST, GtkWidget)

/* Edits the subscriptions of @source in place (adds and removes them).
 * Property "mqtt5": the rows show the MQTT 5 subscription options.
 * Signal "edited": the user changed, added or removed a subscription. */
void
sb_subscription_list_set_source (SbSubscriptionList *self, SbDataSource *source);

/* Shows @problems (SbProblem of sb_data_source_check ()) at their rows;
 * rows the user has not touched stay quiet unless @show_all. */
void
sb_subscription_list_show_problems (SbSubscriptionList *self, GPtrArray *problems,
                                    gboolean show_all);

/* Gives the keyboard to the first row that shows a problem (or "Add
 * subscription" when the list's own does); FALSE when none shows one. */
gboolean
sb_subscription_list_focus_problem (SbSubscriptionList *self);

/* What the data path of subscription @index gives on a live payload (NULL
 * hides it; @problem: shown as a warning). */
void
sb_subscription_list_set_data_path_result (SbSubscriptionList *self, guint index, const char *text,
                                           gboolean problem);

/* Adds the topic filter @filter (the first empty row takes it), unless a
 * subscription already covers it (sb_topic_filter_covers ()): then returns
 * that subscription's filter and adds nothing. "Browse topics…" picks
 * through it. */
const char *
sb_subscription_list_add_filter (SbSubscriptionList *self, const char *filter);

guint
sb_subscription_list_get_n_editors (SbSubscriptionList *self);
SbSubscriptionEditor *
sb_subscription_list_get_editor (SbSubscriptionList *self, guint position);

G_END_DECLS
