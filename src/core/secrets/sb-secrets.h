/* sb-secrets.h: data source passwords in the Secret Service (libsecret)
 *
 * Items use the schema "io.github.signalboard.Password" and are keyed by the
 * data source id (attribute "id"); "broker" and "username" are stored too so
 * that a person browsing the keyring (Seahorse) can tell them apart. The
 * label reads "Signalboard: NAME (USER@BROKER)".
 *
 * The passphrase of a TLS client key lives under a second schema,
 * "io.github.signalboard.TlsKeyPassword" (attributes "id", "broker",
 * "client_key"), so that storing, looking up or clearing one of the two
 * secrets of a data source never touches the other.
 *
 * No function here ever puts a password into a log message or a GError.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sb-data-source.h"

G_BEGIN_DECLS

#define SB_SECRETS_SCHEMA_NAME "io.github.signalboard.Password"
#define SB_SECRETS_KEY_SCHEMA_NAME "io.github.signalboard.TlsKeyPassword"

#define SB_SECRETS_ERROR (sb_secrets_error_quark ())

typedef enum
{
  SB_SECRETS_ERROR_UNAVAILABLE,   /* no Secret Service answers (or built without libsecret) */
  SB_SECRETS_ERROR_FAILED,        /* the Secret Service refused or failed (locked, ...) */
  SB_SECRETS_ERROR_NOT_FOUND,     /* resolve: the keyring holds no password for the source */
  SB_SECRETS_ERROR_PASSWORD_FILE, /* resolve: the --password-file cannot be read */
  SB_SECRETS_ERROR_MISMATCH,      /* the keyring holds one for the id, stored for another
                                     broker, user name or key file: not used */
} SbSecretsError;

#define SB_TYPE_SECRETS_ERROR (sb_secrets_error_get_type ())
GType
sb_secrets_error_get_type (void);

/* What the keyring holds for a data source's id, whichever broker it was
 * stored for: the secret, the broker host, user name (NULL in a key
 * passphrase stored before passphrases were bound to one) and key file it
 * is bound to, and whether they are the data source's. */
typedef struct
{
  char *password;
  char *broker;
  char *username;
  char *client_key; /* key passphrases only */
  gboolean matches;
} SbSecretsStored;

/* Wipes the secret, frees the rest. */
void
sb_secrets_stored_free (SbSecretsStored *stored);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SbSecretsStored, sb_secrets_stored_free)

GQuark
sb_secrets_error_quark (void);

/* TRUE when a Secret Service answers on the session bus. Never starts a
 * session bus (no D-Bus autolaunch) and waits at most about two seconds;
 * the GUI should call it once at start-up, or use the _async variant. */
gboolean
sb_secrets_available (void);
void
sb_secrets_available_async (GCancellable *cancellable, GAsyncReadyCallback callback,
                            gpointer user_data);
gboolean
sb_secrets_available_finish (GAsyncResult *result);

/* Stores @password for @source (replacing any password stored before under
 * the same id, even when broker or user name changed since). */
gboolean
sb_secrets_store (SbDataSource *source, const char *password, GCancellable *cancellable,
                  GError **error);
void
sb_secrets_store_async (SbDataSource *source, const char *password, GCancellable *cancellable,
                        GAsyncReadyCallback callback, gpointer user_data);
gboolean
sb_secrets_store_finish (GAsyncResult *result, GError **error);

/* The password stored for @source's id, when it is bound to @source's
 * broker host and user name; NULL and no error when none is stored; NULL
 * and SB_SECRETS_ERROR_MISMATCH (naming both brokers or users) when the one
 * stored for the id belongs to another broker or user name.
 * Free with sb_secrets_free_password() (wipes it first). */
char *
sb_secrets_lookup (SbDataSource *source, GCancellable *cancellable, GError **error);
void
sb_secrets_lookup_async (SbDataSource *source, GCancellable *cancellable,
                         GAsyncReadyCallback callback, gpointer user_data);
char *
sb_secrets_lookup_finish (GAsyncResult *result, GError **error);

/* The secret stored for @source's id (the key passphrase when
 * @key_password), matching or not, for a caller that asks the user whether
 * to use it anyway; NULL and no error when none is stored. */
void
sb_secrets_lookup_stored_async (SbDataSource *source, gboolean key_password,
                                GCancellable *cancellable, GAsyncReadyCallback callback,
                                gpointer user_data);
SbSecretsStored *
sb_secrets_lookup_stored_finish (GAsyncResult *result, GError **error);

/* Removes every password stored for @source's id; TRUE also when there was none. */
gboolean
sb_secrets_clear (SbDataSource *source, GCancellable *cancellable, GError **error);
void
sb_secrets_clear_async (SbDataSource *source, GCancellable *cancellable,
                        GAsyncReadyCallback callback, gpointer user_data);
gboolean
sb_secrets_clear_finish (GAsyncResult *result, GError **error);

/* The password the CLI connects with, first match wins:
 *  1. the keyring, when @source's password store is "keyring" (and the
 *     keyring answers and holds one);
 *  2. the first line of @password_file (without its line ending), when given;
 *  3. $SIGNALBOARD_PASSWORD, when set;
 *  4. the file's auth.password (password store "file"), when not empty.
 * Returns NULL and no error when none of them holds a password. Fails when
 * @password_file cannot be read, or when the source says "keyring" and no
 * other way gives a password (the error says why the keyring did not). */
char *
sb_secrets_resolve_password (SbDataSource *source, const char *password_file, GError **error);

/* The same three for the passphrase of @source's TLS client key
 * (tls.client_key_password_store "keyring"); same contracts as above, the
 * passphrase bound to the key file as well. */
gboolean
sb_secrets_store_key_password (SbDataSource *source, const char *password,
                               GCancellable *cancellable, GError **error);
void
sb_secrets_store_key_password_async (SbDataSource *source, const char *password,
                                     GCancellable *cancellable, GAsyncReadyCallback callback,
                                     gpointer user_data);
gboolean
sb_secrets_store_key_password_finish (GAsyncResult *result, GError **error);

char *
sb_secrets_lookup_key_password (SbDataSource *source, GCancellable *cancellable, GError **error);
void
sb_secrets_lookup_key_password_async (SbDataSource *source, GCancellable *cancellable,
                                      GAsyncReadyCallback callback, gpointer user_data);
char *
sb_secrets_lookup_key_password_finish (GAsyncResult *result, GError **error);

gboolean
sb_secrets_clear_key_password (SbDataSource *source, GCancellable *cancellable, GError **error);
void
sb_secrets_clear_key_password_async (SbDataSource *source, GCancellable *cancellable,
                                     GAsyncReadyCallback callback, gpointer user_data);
gboolean
sb_secrets_clear_key_password_finish (GAsyncResult *result, GError **error);

/* The TLS client key passphrase the CLI connects with, first match wins:
 *  1. the keyring, when tls.client_key_password_store is "keyring";
 *  2. the first line of @password_file (for a --key-password-file option);
 *  3. $SIGNALBOARD_KEY_PASSWORD, when set;
 *  4. the file's tls.client_key_password (store "file"), when not empty.
 * NULL and no error when none holds one (an unencrypted key needs none).
 * Fails like sb_secrets_resolve_password (). */
char *
sb_secrets_resolve_key_password (SbDataSource *source, const char *password_file, GError **error);

/* The first line of @password_file (without its line ending), read as a
 * regular file only (a FIFO is refused, not waited on); the error names the
 * file and the reason (@key: "key passphrase file"). */
char *
sb_secrets_read_password_file (const char *path, gboolean key, GError **error);

/* A warning to show when the password file @path can be read by others
 * than its owner (as ssh warns of a private key), else NULL. */
char *
sb_secrets_password_file_warning (const char *path);

/* Overwrites @password with zeros, then frees it. */
void
sb_secrets_free_password (char *password);

G_END_DECLS
