/* sb-test-ui-dialog.h: helpers of the tests that drive the Add/Edit dialog
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sb-test-ui.h"
#include "sb-password-dialog.h"
#include "sb-secret-entry-private.h"
#include "sb-source-dialog-private.h"
#include "sb-subscription-list.h"

#define DW(dialog, name) sb_source_dialog_get_widget ((dialog), (name))
/* A part ("store_label", "file_check") of a secret entry ("password_entry",
 * "key_password_entry"). */
#define DSECRET(dialog, entry, part)                                                               \
  sb_secret_entry_get_widget (SB_SECRET_ENTRY (DW ((dialog), (entry))), (part))
#define DENTRY(dialog, name) GTK_EDITABLE (DW ((dialog), (name)))

/* Clicks Save, as a person would, and waits for the dialog to close. */
void
ui_confirm_dialog (SbSourceDialog *dialog);

typedef struct
{
  GtkEditable *editable;
  const char *text;
} UiTextWait;

/* For sb_test_wait_for (): the entry reads exactly wait->text. */
gboolean
ui_text_is_cb (gpointer data);

/* The password dialog a connection that found no stored password shows, if
 * one is shown. */
SbPasswordDialog *
ui_find_password_dialog (void);

/* For sb_test_wait_for (): a password dialog is shown. */
gboolean
ui_password_dialog_shown_cb (gpointer data);

/* An Add (@original NULL) or Edit dialog on @config (or none), shown. */
SbSourceDialog *
ui_source_dialog_new (SbConfig *config, SbDataSource *original);

/* Whether Add would add: it stays sensitive either way (an incomplete form
 * shows its problems when Add is pressed), so this is the form's "valid". */
gboolean
ui_dialog_would_add (SbSourceDialog *dialog);
