/* sb-subscription-list-private.h: the subscription list's widgets and its Browse window, for tests
 *
 * Not for the app's other files: each is here because tests (and the
 * screenshots and benchmarks) look into or drive the widget through it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sb-browse-window.h"
#include "sb-subscription-list.h"

G_BEGIN_DECLS

/* The topic tree "Browse topics…" opened, while it is open (else NULL). */
SbBrowseWindow *
sb_subscription_list_get_browse_window (SbSubscriptionList *self);

/* "list", "error_label", "add_button", "browse_button", for tests. */
GtkWidget *
sb_subscription_list_get_widget (SbSubscriptionList *self, const char *name);

G_END_DECLS
