/* sb-source-secrets.h: the secrets of the data source an Add/Edit dialog
 * edits: whether a keyring answers, the stored secrets to show, and on Save
 * where each typed secret goes (sb_secret_placement_decide ())
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sb-data-source.h"
#include "sb-secret-placement.h"

G_BEGIN_DECLS

#define SB_TYPE_SOURCE_SECRETS (sb_source_secrets_get_type ())
G_DECLARE_FINAL_TYPE (SbSourceSecrets, sb_source_secrets, SB, SOURCE_SECRETS, GObject)

/* @source: the settings being edited (read on Save); @original: the saved
 * data source, or NULL for a new one. Starts asking the keyring at once.
 *
 * Properties (read only, with notify): "keyring" (SbKeyringState), "ready"
 * (the keyring has answered every question: Save may decide).
 * Signal "found" (SbSecretKind kind, const char *secret): a stored secret to
 * show in the dialog. */
SbSourceSecrets *
sb_source_secrets_new (SbDataSource *source, SbDataSource *original);

gboolean
sb_source_secrets_get_ready (SbSourceSecrets *self);
/* Whether the saved data source keeps the secret in its file (the user's
 * earlier choice, shown as chosen). */
gboolean
sb_source_secrets_get_in_file (SbSourceSecrets *self, SbSecretKind kind);

/* Only once ready: stores or clears the keyring items as the settings need,
 * keeps the typed secrets in this run's memory, and returns the data source
 * to save (a copy of the source without the secrets the file does not keep:
 * @password_in_file, @key_in_file are the user's choices). */
SbDataSource *
sb_source_secrets_save (SbSourceSecrets *self, gboolean password_in_file, gboolean key_in_file);

G_END_DECLS
