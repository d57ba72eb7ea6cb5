/* sb-secrets-resolve.c: the secrets the CLI connects with (keyring, file, environment)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "sb-file.h"
#include "sb-util.h"
#include "sb-secrets.h"

/* ---- the CLI's password ---------------------------------------------- */

/* A password file is a line of text, not a document. */
#define PASSWORD_FILE_MAX_SIZE (64 * 1024)

char *
sb_secrets_read_password_file (const char *path, gboolean key, GError **error)
{
  g_autoptr (GError) local_error = NULL;
  gsize length = 0;
  char *contents;
  char *password;

  g_return_val_if_fail (path != NULL, NULL);

  /* Never blocks on a FIFO or a device given as the file. */
  contents = sb_file_read_regular (path, PASSWORD_FILE_MAX_SIZE, &length, NULL, &local_error);
  if (contents == NULL)
    {
      /* The message names the reason, never the contents. */
      if (key)
        g_set_error (error, SB_SECRETS_ERROR, SB_SECRETS_ERROR_PASSWORD_FILE,
                     _ ("Cannot read the key passphrase file %s: %s"), path, local_error->message);
      else
        g_set_error (error, SB_SECRETS_ERROR, SB_SECRETS_ERROR_PASSWORD_FILE,
                     _ ("Cannot read the password file %s: %s"), path, local_error->message);
      return NULL;
    }
  /* The first line is the password, as with other tools' password files. */
  password = g_strndup (contents, strcspn (contents, "\r\n"));
  sb_secret_free_sized (contents, length);
  return password;
}

char *
sb_secrets_password_file_warning (const char *path)
{
  GStatBuf st;

  g_return_val_if_fail (path != NULL, NULL);
  /* As ssh does for private keys: a secret others may read is no secret. */
  if (g_stat (path, &st) != 0 || !S_ISREG (st.st_mode) || (st.st_mode & 0077) == 0)
    return NULL;
  return g_strdup_printf (_ ("warning: %s is readable by others (mode %04o); make it private "
                             "with “chmod 600 %s”"),
                          path, (unsigned)(st.st_mode & 07777), path);
}

/* The broker password (@key FALSE) or the client key's passphrase (@key
 * TRUE): the keyring when the data source says so, then @password_file, then
 * the environment, then the file's own. */
static char *
resolve (SbDataSource *source, gboolean key, const char *password_file, GError **error)
{
  g_autoptr (GError) keyring_error = NULL;
  SbPasswordStore store = key ? sb_data_source_get_tls_client_key_password_store (source)
                              : sb_data_source_get_password_store (source);
  gboolean from_keyring = store == SB_PASSWORD_STORE_KEYRING;
  const char *env_password;
  const char *file_password;

  if (from_keyring)
    {
      char *password = key ? sb_secrets_lookup_key_password (source, NULL, &keyring_error)
                           : sb_secrets_lookup (source, NULL, &keyring_error);
      if (password != NULL)
        return password;
    }

  if (password_file != NULL)
    return sb_secrets_read_password_file (password_file, key, error);

  env_password = g_getenv (key ? "SIGNALBOARD_KEY_PASSWORD" : "SIGNALBOARD_PASSWORD");
  if (env_password != NULL && *env_password != '\0')
    return g_strdup (env_password);

  if (from_keyring)
    {
      if (keyring_error != NULL)
        g_set_error (error, SB_SECRETS_ERROR,
                     keyring_error->domain == SB_SECRETS_ERROR ? keyring_error->code
                                                               : SB_SECRETS_ERROR_FAILED,
                     key ? _ ("%s; use --key-password-file or $SIGNALBOARD_KEY_PASSWORD instead")
                         : _ ("%s; use --password-file or $SIGNALBOARD_PASSWORD instead"),
                     keyring_error->message);
      else if (key)
        g_set_error (error, SB_SECRETS_ERROR, SB_SECRETS_ERROR_NOT_FOUND,
                     _ ("The keyring holds no TLS key passphrase for “%s”; store it from "
                        "Signalboard, or use --key-password-file or $SIGNALBOARD_KEY_PASSWORD"),
                     sb_data_source_get_name (source));
      else
        g_set_error (error, SB_SECRETS_ERROR, SB_SECRETS_ERROR_NOT_FOUND,
                     _ ("The keyring holds no password for “%s”; store it from Signalboard, "
                        "or use --password-file or $SIGNALBOARD_PASSWORD"),
                     sb_data_source_get_name (source));
      return NULL;
    }

  file_password = key ? sb_data_source_get_tls_client_key_password (source)
                      : sb_data_source_get_password (source);
  if (file_password != NULL && *file_password != '\0')
    return g_strdup (file_password);
  return NULL;
}

char *
sb_secrets_resolve_password (SbDataSource *source, const char *password_file, GError **error)
{
  g_return_val_if_fail (SB_IS_DATA_SOURCE (source), NULL);
  return resolve (source, FALSE, password_file, error);
}

char *
sb_secrets_resolve_key_password (SbDataSource *source, const char *password_file, GError **error)
{
  g_return_val_if_fail (SB_IS_DATA_SOURCE (source), NULL);
  return resolve (source, TRUE, password_file, error);
}
