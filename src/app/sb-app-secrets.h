/* sb-app-secrets.h: the app's side of data source passwords: the keyring
 * (Secret Service) when one answers, a password asked for at connect time
 * when neither the file nor the keyring holds one
 *
 * Passwords the user typed are also kept in this process's memory, by data
 * source id, so that a preview started right after Save (while the keyring
 * is still storing) or a reconnect does not ask again. They never go to a log.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "sb-data-source.h"
#include "sb-secret-placement.h"

G_BEGIN_DECLS

/* TRUE when a secret @source connects with is not in the object: a user
 * name without a password, or a TLS client key whose passphrase is in the
 * keyring (tls.client_key_password_store "keyring") or in this run's memory. */
gboolean
sb_app_secrets_needs_password (SbDataSource *source);

/* The data source to connect with: a copy of @source with its password from
 * memory, the keyring (store "keyring"), or else a password dialog transient
 * for @parent, and its key passphrase from memory or the keyring (never typed
 * here: the session names a missing one). A secret the keyring holds for the
 * id but bound to another broker, user name (or key file) is used only after
 * a question says so. @source itself (a new reference) when it needs neither.
 * Fails with G_IO_ERROR_CANCELLED when the user cancels the dialog. */
void
sb_app_secrets_resolve_async (GtkWindow *parent, SbDataSource *source, GCancellable *cancellable,
                              GAsyncReadyCallback callback, gpointer user_data);
SbDataSource *
sb_app_secrets_resolve_finish (GAsyncResult *result, GError **error);

/* Keeps @password (NULL or "" forgets) for @id in memory until the app quits. */
void
sb_app_secrets_remember (const char *id, const char *password);
/* The same for the passphrase of the TLS client key. */
void
sb_app_secrets_remember_key_password (const char *id, const char *password);

/* A data source is gone for good: its keyring entry and memory go too. */
void
sb_app_secrets_forget_source (SbDataSource *source);

/* @copy (a new id) gets @source's password: in memory at once, and in the
 * keyring once it is read from there (store "keyring"). */
void
sb_app_secrets_duplicate (SbDataSource *source, SbDataSource *copy);

/* The stored secret of @kind for @source: this run's memory (typed in this
 * run, newer than the keyring, which may still be storing it), else the
 * keyring's item when the source's store is "keyring". The one place a stored
 * secret is read: the dialog shows it, connecting uses it.
 * sb_app_secrets_lookup_finish () returns it, or NULL (none, or no keyring
 * answers); it fails only with G_IO_ERROR_CANCELLED. */
void
sb_app_secrets_lookup_async (SbDataSource *source, SbSecretKind kind, GCancellable *cancellable,
                             GAsyncReadyCallback callback, gpointer user_data);
char *
sb_app_secrets_lookup_finish (GAsyncResult *result, GError **error);

/* Stores @secret in the keyring / removes it, in the background (a failure
 * is logged: the secret stays in this run's memory). */
void
sb_app_secrets_store (SbDataSource *source, SbSecretKind kind, const char *secret);
void
sb_app_secrets_clear (SbDataSource *source, SbSecretKind kind);
/* sb_app_secrets_remember () or _remember_key_password () by @kind. */
void
sb_app_secrets_remember_secret (SbDataSource *source, SbSecretKind kind, const char *secret);

G_END_DECLS
