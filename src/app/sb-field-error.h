/* sb-field-error.h: the inline error under a form field, the same in every
 * dialog that checks what is typed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Shows @message in @caption (hidden when @message is NULL) and marks
 * @field, when not NULL, with the "error" style class and the message as
 * its accessible description; a NULL @message clears both. */
void
sb_field_error_show (GtkWidget *field, GtkLabel *caption, const char *message);

G_END_DECLS
