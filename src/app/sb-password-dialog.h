/* sb-password-dialog.h: asks for a data source's password at connect time
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "sb-data-source.h"

G_BEGIN_DECLS

#define SB_TYPE_PASSWORD_DIALOG (sb_password_dialog_get_type ())
G_DECLARE_FINAL_TYPE (SbPasswordDialog, sb_password_dialog, SB, PASSWORD_DIALOG, GtkWindow)

/* Signal "done" (const char *password): the password typed, or NULL when the
 * user cancelled or closed the dialog. Emitted once; the dialog then destroys
 * itself. */
SbPasswordDialog *
sb_password_dialog_new (GtkWindow *parent, SbDataSource *source);

G_END_DECLS
