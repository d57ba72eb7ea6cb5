/* sb-password-dialog-private.h: the password dialog's widgets, for tests
 *
 * Not for the app's other files: each is here because tests (and the
 * screenshots and benchmarks) look into or drive the widget through it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sb-password-dialog.h"

G_BEGIN_DECLS

/* "password_entry", "connect_button", "cancel_button", "message_label", for tests. */
GtkWidget *
sb_password_dialog_get_widget (SbPasswordDialog *self, const char *name);

G_END_DECLS
