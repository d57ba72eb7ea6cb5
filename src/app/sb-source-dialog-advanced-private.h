/* sb-source-dialog-advanced-private.h: the Advanced section's widgets and user property rows, for
 * tests and screenshots
 *
 * Not for the app's other files: each is here because tests (and the
 * screenshots and benchmarks) look into or drive the widget through it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sb-source-dialog-advanced.h"

G_BEGIN_DECLS

/* For tests and screenshots: a widget by its id in
 * ui/sb-source-dialog-advanced.ui ("protocol_drop_down", "keep_alive_entry",
 * "will_error", ...). */
GtkWidget *
sb_source_dialog_advanced_get_widget (SbSourceDialogAdvanced *self, const char *name);
guint
sb_source_dialog_advanced_get_n_user_property_rows (SbSourceDialogAdvanced *self);
/* The name entry, value entry and remove button of user property row @position. */
GtkEditable *
sb_source_dialog_advanced_get_user_property_name_entry (SbSourceDialogAdvanced *self,
                                                        guint position);
GtkEditable *
sb_source_dialog_advanced_get_user_property_value_entry (SbSourceDialogAdvanced *self,
                                                         guint position);
GtkButton *
sb_source_dialog_advanced_get_user_property_remove_button (SbSourceDialogAdvanced *self,
                                                           guint position);

G_END_DECLS
