/* sb-subscription-editor-private.h: a subscription row's fields and buttons, for tests
 *
 * Not for the app's other files: each is here because tests (and the
 * screenshots and benchmarks) look into or drive the widget through it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sb-subscription-editor.h"

G_BEGIN_DECLS

/* The row's template children. */
GtkLabel *
sb_subscription_editor_get_data_path_result_label (SbSubscriptionEditor *self);
GtkEditable *
sb_subscription_editor_get_data_path_entry (SbSubscriptionEditor *self);
GtkDropDown *
sb_subscription_editor_get_qos_drop_down (SbSubscriptionEditor *self);
GtkButton *
sb_subscription_editor_get_remove_button (SbSubscriptionEditor *self);
GtkWidget *
sb_subscription_editor_get_options_box (SbSubscriptionEditor *self);
GtkCheckButton *
sb_subscription_editor_get_no_local_check (SbSubscriptionEditor *self);
GtkCheckButton *
sb_subscription_editor_get_retain_as_published_check (SbSubscriptionEditor *self);
GtkDropDown *
sb_subscription_editor_get_retain_handling_drop_down (SbSubscriptionEditor *self);

G_END_DECLS
