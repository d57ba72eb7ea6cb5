/* sb-source-dialog-private.h: the Add/Edit dialog's settings, widgets and subscription rows, for
 * tests and screenshots
 *
 * Not for the app's other files: each is here because tests (and the
 * screenshots and benchmarks) look into or drive the widget through it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sb-source-dialog.h"
#include "sb-subscription-editor.h"

G_BEGIN_DECLS

/* The settings as they stand in the dialog (a private copy). */
SbDataSource *
sb_source_dialog_get_source (SbSourceDialog *self);

/* A widget of the dialog's template by its id in ui/sb-source-dialog.ui
 * ("name_entry", "port_error", "confirm_button", "listen_switch",
 * "preview_view", ...), for tests and screenshots. */
GtkWidget *
sb_source_dialog_get_widget (SbSourceDialog *self, const char *name);
guint
sb_source_dialog_get_n_subscription_editors (SbSourceDialog *self);
SbSubscriptionEditor *
sb_source_dialog_get_subscription_editor (SbSourceDialog *self, guint position);

G_END_DECLS
