/* sb-secret-entry.h: a secret typed in the Add/Edit dialog (the broker
 * password, the TLS key passphrase): the entry, where the secret is kept
 * (the keyring, or without one the file when the user chooses it)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sb-secret-placement.h"

G_BEGIN_DECLS

#define SB_TYPE_SECRET_ENTRY (sb_secret_entry_get_type ())
G_DECLARE_FINAL_TYPE (SbSecretEntry, sb_secret_entry, SB, SECRET_ENTRY, AdwPreferencesRow)

/* A row of a preferences list and a GtkEditable (the secret typed, in an
 * AdwPasswordEntryRow titled with the row's "title"). Properties: "kind" (SbSecretKind,
 * construct only: which words it uses), "keyring" (SbKeyringState: what the
 * "where it is kept" line says; without a keyring the "in the file" choice
 * shows), "in-file" (the user chose to keep it in the file). */
const char *
sb_secret_entry_get_text (SbSecretEntry *self);
void
sb_secret_entry_set_text (SbSecretEntry *self, const char *text);
gboolean
sb_secret_entry_get_in_file (SbSecretEntry *self);
void
sb_secret_entry_set_in_file (SbSecretEntry *self, gboolean in_file);
/* A stored secret arrived: shown unless the user typed one meanwhile. */
void
sb_secret_entry_offer (SbSecretEntry *self, const char *stored);

G_END_DECLS
