/* sb-import-apply.c: adding imported data sources to a configuration (with
 * their certificates and passwords), and the selection that export writes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "sb-file.h"
#include "sb-import-private.h"
#include "sb-secrets.h"

/* A file name from a data source name: letters, digits, '-', '_' and '.'
 * only, so that it is safe in a folder and in a shell. */
static char *
file_stem (const char *name)
{
  GString *stem = g_string_new (NULL);

  for (const char *p = name; *p != '\0'; p++)
    {
      if (g_ascii_isalnum (*p) || *p == '-' || *p == '_' || (*p == '.' && stem->len > 0))
        g_string_append_c (stem, *p);
      else if (stem->len > 0 && stem->str[stem->len - 1] != '-')
        g_string_append_c (stem, '-');
    }
  while (stem->len > 0 && stem->str[stem->len - 1] == '-')
    g_string_truncate (stem, stem->len - 1);
  if (stem->len == 0)
    g_string_append (stem, "source");
  return g_string_free (stem, FALSE);
}

static gboolean
file_holds (const char *path, GBytes *bytes)
{
  gsize length = 0;
  g_autofree char *data
      = sb_file_read_regular (path, g_bytes_get_size (bytes), &length, NULL, NULL);

  return data != NULL && length == g_bytes_get_size (bytes)
         && memcmp (data, g_bytes_get_data (bytes, NULL), length) == 0;
}

/* Writes @bytes as STEM-ROLE[-N]SUFFIX in @dir; an existing file with other
 * contents is never overwritten. Returns the absolute path; *created tells
 * whether the file is new (to remove it if a later write fails). */
static char *
write_certificate (const char *dir, const char *stem, const char *role, const char *suffix,
                   GBytes *bytes, gboolean *created, GError **error)
{
  g_autoptr (GError) local_error = NULL;

  for (guint n = 1; n < 1000; n++)
    {
      g_autofree char *base = n == 1 ? g_strdup_printf ("%s-%s%s", stem, role, suffix)
                                     : g_strdup_printf ("%s-%s-%u%s", stem, role, n, suffix);
      g_autofree char *path = g_build_filename (dir, base, NULL);

      if (g_file_test (path, G_FILE_TEST_EXISTS))
        {
          if (file_holds (path, bytes))
            {
              *created = FALSE;
              return g_steal_pointer (&path);
            }
          continue;
        }
      /* The key is a secret; certificates are not, but they travel together. */
      if (!g_file_set_contents_full (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                     G_FILE_SET_CONTENTS_CONSISTENT, 0600, &local_error))
        {
          g_set_error (error, SB_IMPORT_ERROR, SB_IMPORT_ERROR_IO,
                       _ ("cannot write the certificate %s: %s"), path, local_error->message);
          return NULL;
        }
      *created = TRUE;
      return g_steal_pointer (&path);
    }
  g_set_error (error, SB_IMPORT_ERROR, SB_IMPORT_ERROR_IO,
               _ ("cannot find a free file name for the certificate %s-%s%s in %s"), stem, role,
               suffix, dir);
  return NULL;
}

/* Moves the password of @copy where @passwords says; FALSE with @error when
 * the keyring refuses. Adds the note that says where it went. */
static gboolean
place_password (SbImportConnection *connection, SbDataSource *copy, SbImportPasswords passwords,
                GPtrArray *stored, GPtrArray *notes, GError **error)
{
  g_autoptr (GError) local_error = NULL;
  const char *password = sb_data_source_get_password (copy);

  if (password == NULL || password[0] == '\0')
    return TRUE;
  switch (passwords)
    {
      case SB_IMPORT_PASSWORDS_KEYRING:
        if (!sb_secrets_store (copy, password, NULL, &local_error))
          {
            g_set_error (error, SB_IMPORT_ERROR, SB_IMPORT_ERROR_KEYRING,
                         _ ("cannot store the password of “%s” in the keyring: %s"),
                         sb_data_source_get_name (copy), local_error->message);
            return FALSE;
          }
        g_ptr_array_add (stored, g_object_ref (copy));
        sb_data_source_set_password (copy, "");
        sb_data_source_set_password_store (copy, SB_PASSWORD_STORE_KEYRING);
        g_ptr_array_add (notes, g_strdup (_ ("the password is stored in the keyring")));
        break;
      case SB_IMPORT_PASSWORDS_FILE:
        g_ptr_array_add (notes, g_strdup (_ ("the password is stored in the configuration file "
                                             "(mode 0600)")));
        break;
      case SB_IMPORT_PASSWORDS_LEAVE_OUT:
      default:
        sb_data_source_set_password (copy, "");
        g_ptr_array_add (notes, g_strdup (_ ("the password is left out: give it when connecting")));
        break;
    }
  return TRUE;
}

gboolean
sb_import_apply (SbImport *self, SbConfig *config, const char *cert_dir,
                 SbImportPasswords passwords, GError **error)
{
  static const char *const roles[SB_IMPORT_N_CERTS] = { "ca", "cert", "key" };
  g_auto (GStrv) conflicts = NULL;
  g_autoptr (GPtrArray) copies = NULL;
  g_autoptr (GPtrArray) written = NULL;
  g_autoptr (GPtrArray) stored = NULL;
  g_autoptr (GPtrArray) notes = NULL;
  g_autofree char *dir = NULL;
  gboolean ok = TRUE;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (SB_IS_CONFIG (config), FALSE);
  g_return_val_if_fail (cert_dir != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  conflicts = sb_import_find_conflicts (self, config);
  if (conflicts[0] != NULL)
    {
      g_autoptr (GString) names = g_string_new (NULL);
      for (guint i = 0; conflicts[i] != NULL; i++)
        g_string_append_printf (names, "%s“%s”", i > 0 ? ", " : "", conflicts[i]);
      g_set_error (error, SB_IMPORT_ERROR, SB_IMPORT_ERROR_DUPLICATE,
                   g_strv_length (conflicts) == 1
                       ? _ ("the configuration already has a data source named %s")
                       : _ ("the configuration already has data sources named %s"),
                   names->str);
      return FALSE;
    }

  dir = g_canonicalize_filename (cert_dir, NULL);
  copies = g_ptr_array_new_with_free_func (g_object_unref);
  written = g_ptr_array_new_with_free_func (g_free);
  stored = g_ptr_array_new_with_free_func (g_object_unref);
  /* One note (or NULL) per copy, added to the connections only on success. */
  notes = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; ok && i < sb_import_get_n_connections (self); i++)
    {
      SbImportConnection *connection = sb_import_get_connection (self, i);
      g_autoptr (SbDataSource) copy = NULL;
      g_autofree char *stem = NULL;

      if (connection->source == NULL)
        continue;
      copy = sb_data_source_copy (connection->source);
      stem = file_stem (sb_data_source_get_name (copy));
      for (guint c = 0; ok && c < SB_IMPORT_N_CERTS; c++)
        {
          g_autofree char *path = NULL;
          gboolean created = FALSE;

          if (connection->certs[c] == NULL)
            continue;
          if (g_mkdir_with_parents (dir, 0700) != 0)
            {
              int saved = errno;
              g_set_error (error, SB_IMPORT_ERROR, SB_IMPORT_ERROR_IO,
                           _ ("cannot create the folder %s: %s"), dir, g_strerror (saved));
              ok = FALSE;
              break;
            }
          path = write_certificate (dir, stem, roles[c], connection->cert_suffixes[c],
                                    connection->certs[c], &created, error);
          if (path == NULL)
            {
              ok = FALSE;
              break;
            }
          if (created)
            g_ptr_array_add (written, g_strdup (path));
          if (c == SB_IMPORT_CERT_CA)
            sb_data_source_set_tls_ca_file (copy, path);
          else if (c == SB_IMPORT_CERT_CLIENT)
            sb_data_source_set_tls_client_cert (copy, path);
          else
            sb_data_source_set_tls_client_key (copy, path);
        }
      if (ok)
        {
          guint n_notes = notes->len;
          ok = place_password (connection, copy, passwords, stored, notes, error);
          if (notes->len == n_notes)
            g_ptr_array_add (notes, NULL);
        }
      g_ptr_array_add (copies, g_steal_pointer (&copy));
    }

  if (!ok)
    {
      /* All or nothing: leave no certificate or password behind for an
       * import that did not happen. */
      for (guint i = 0; i < written->len; i++)
        g_unlink (g_ptr_array_index (written, i));
      for (guint i = 0; i < stored->len; i++)
        sb_secrets_clear (g_ptr_array_index (stored, i), NULL, NULL);
      return FALSE;
    }
  for (guint i = 0, c = 0; i < sb_import_get_n_connections (self); i++)
    {
      SbImportConnection *connection = sb_import_get_connection (self, i);

      if (connection->source == NULL)
        continue;
      if (g_ptr_array_index (notes, c) != NULL)
        sb_import_connection_note (connection, "%s", (const char *)g_ptr_array_index (notes, c));
      sb_config_append (config, g_ptr_array_index (copies, c));
      c++;
    }
  return TRUE;
}

SbConfig *
sb_export_select (SbConfig *config, const char *const *names, GError **error)
{
  g_autoptr (SbConfig) selection = sb_config_new ();
  g_autoptr (GString) missing = g_string_new (NULL);
  g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  guint n_missing = 0;

  g_return_val_if_fail (SB_IS_CONFIG (config), NULL);
  g_return_val_if_fail (names != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  for (guint i = 0; names[i] != NULL; i++)
    {
      SbDataSource *source = sb_config_find_by_name (config, names[i]);

      if (source == NULL)
        {
          g_string_append_printf (missing, "%s“%s”", n_missing > 0 ? ", " : "", names[i]);
          n_missing++;
          continue;
        }
      if (g_hash_table_contains (seen, names[i]))
        {
          g_set_error (error, SB_IMPORT_ERROR, SB_IMPORT_ERROR_SHAPE,
                       _ ("the data source “%s” is named twice"), names[i]);
          return NULL;
        }
      g_hash_table_add (seen, (char *)names[i]);
      {
        g_autoptr (SbDataSource) copy = sb_data_source_copy (source);
        sb_config_append (selection, copy);
      }
    }
  if (n_missing > 0)
    {
      g_set_error (error, SB_IMPORT_ERROR, SB_IMPORT_ERROR_SHAPE,
                   n_missing == 1 ? _ ("no data source named %s") : _ ("no data sources named %s"),
                   missing->str);
      return NULL;
    }
  if (sb_config_get_n_data_sources (selection) == 0)
    {
      g_set_error (error, SB_IMPORT_ERROR, SB_IMPORT_ERROR_SHAPE, _ ("no data source to export"));
      return NULL;
    }
  return g_steal_pointer (&selection);
}
