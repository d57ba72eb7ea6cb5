/* sb-config-save.c: writing the canonical JSON form, atomically
 *
 * The layout is written by hand rather than by JsonGenerator: json-glib
 * writes `"key" : value` and cannot keep an object on one line, and the
 * canonical form must be byte-stable across versions of json-glib.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "sb-config.h"
#include "sb-file.h"
#include "sb-util.h"
#include "sb-validate.h"

/* It may hold a password until the keyring takes it. */
#define SAVE_MODE 0600
/* Temporary files are ".FILE.sb-save-XXXXXX" beside FILE: hidden, and
 * recognisably ours when a killed save leaves one behind. */
#define TEMP_INFIX ".sb-save-"
/* A save takes milliseconds; a temporary file nobody touched for this long
 * belongs to a save that died, not to one running in another process. */
#define STALE_SECONDS 10

static void
append_string (GString *out, const char *value)
{
  g_string_append_c (out, '"');
  for (const char *p = value ? value : ""; *p != '\0'; p++)
    {
      guchar c = *p;
      switch (c)
        {
          case '"':
            g_string_append (out, "\\\"");
            break;
          case '\\':
            g_string_append (out, "\\\\");
            break;
          case '\b':
            g_string_append (out, "\\b");
            break;
          case '\f':
            g_string_append (out, "\\f");
            break;
          case '\n':
            g_string_append (out, "\\n");
            break;
          case '\r':
            g_string_append (out, "\\r");
            break;
          case '\t':
            g_string_append (out, "\\t");
            break;
          default:
            if (c < 0x20)
              g_string_append_printf (out, "\\u%04x", c);
            else
              g_string_append_c (out, c);
        }
    }
  g_string_append_c (out, '"');
}

static void
key_string (GString *out, const char *key, const char *value)
{
  g_string_append_printf (out, "\"%s\": ", key);
  append_string (out, value);
}

static void
key_literal (GString *out, const char *key, const char *format, ...) G_GNUC_PRINTF (3, 4);

static void
key_literal (GString *out, const char *key, const char *format, ...)
{
  va_list args;

  g_string_append_printf (out, "\"%s\": ", key);
  va_start (args, format);
  g_string_append_vprintf (out, format, args);
  va_end (args);
}

static const char *
boolean (gboolean value)
{
  return value ? "true" : "false";
}

static void
append_subscription (GString *out, SbSubscription *sub)
{
  int qos = sb_subscription_get_qos (sub);
  const char *data_path = sb_subscription_get_data_path (sub);

  g_string_append (out, "{ ");
  key_string (out, "topic", sb_subscription_get_topic (sub));
  if (qos != SB_QOS_INHERIT)
    {
      g_string_append (out, ", ");
      key_literal (out, "qos", "%d", qos);
    }
  if (data_path != NULL)
    {
      g_string_append (out, ", ");
      key_string (out, "data_path", data_path);
    }
  /* The MQTT 5 options only when set: a 3.1.1 file stays as it was. */
  if (sb_subscription_get_no_local (sub))
    {
      g_string_append (out, ", ");
      key_literal (out, "no_local", "true");
    }
  if (sb_subscription_get_retain_as_published (sub))
    {
      g_string_append (out, ", ");
      key_literal (out, "retain_as_published", "true");
    }
  if (sb_subscription_get_retain_handling (sub) != SB_RETAIN_HANDLING_SEND)
    {
      g_string_append (out, ", ");
      key_literal (out, "retain_handling", "%d", (int)sb_subscription_get_retain_handling (sub));
    }
  g_string_append (out, " }");
}

/* The MQTT 5 options and the last will: each left out when it is the
 * default, so that the canonical form of a file without them is unchanged. */
static void
append_options (GString *out, SbDataSource *source, const char *in)
{
  guint n = sb_data_source_get_n_user_properties (source);

  if (sb_data_source_get_session_expiry_interval (source) != 0)
    {
      g_string_append_printf (out, ",\n%s", in);
      key_literal (out, "session_expiry_interval", "%" G_GUINT32_FORMAT,
                   sb_data_source_get_session_expiry_interval (source));
    }
  if (n > 0)
    {
      g_string_append_printf (out, ",\n%s\"user_properties\": [", in);
      for (guint i = 0; i < n; i++)
        {
          g_string_append_printf (out, "%s\n%s  { ", i > 0 ? "," : "", in);
          key_string (out, "name", sb_data_source_get_user_property_name (source, i));
          g_string_append (out, ", ");
          key_string (out, "value", sb_data_source_get_user_property_value (source, i));
          g_string_append (out, " }");
        }
      g_string_append_printf (out, "\n%s]", in);
    }
  if (sb_data_source_has_will (source))
    {
      g_string_append_printf (out, ",\n%s\"will\": { ", in);
      key_string (out, "topic", sb_data_source_get_will_topic (source));
      g_string_append (out, ", ");
      key_string (out, "payload", sb_data_source_get_will_payload (source));
      g_string_append (out, ", ");
      key_literal (out, "qos", "%d", sb_data_source_get_will_qos (source));
      g_string_append (out, ", ");
      key_literal (out, "retain", "%s", boolean (sb_data_source_get_will_retain (source)));
      g_string_append (out, " }");
    }
}

static void
append_source (GString *out, SbDataSource *source)
{
  const char *in = "      ";
  guint n;

  g_string_append (out, "    {\n");

  g_string_append (out, in);
  key_string (out, "id", sb_data_source_get_id (source));
  g_string_append_printf (out, ",\n%s", in);
  key_string (out, "name", sb_data_source_get_name (source));
  g_string_append_printf (out, ",\n%s", in);
  key_string (out, "type", "mqtt");
  g_string_append_printf (out, ",\n%s", in);
  key_string (out, "broker", sb_data_source_get_broker (source));
  /* Port 0 is "the default": leaving it out keeps the TLS default (8883) dynamic. */
  if (sb_data_source_get_port (source) != 0)
    {
      g_string_append_printf (out, ",\n%s", in);
      key_literal (out, "port", "%u", sb_data_source_get_port (source));
    }
  /* TCP is the default and leaves files as they were; WebSocket always names its path. */
  if (sb_data_source_get_transport (source) == SB_TRANSPORT_WEBSOCKETS)
    {
      g_string_append_printf (out, ",\n%s", in);
      key_string (out, "transport", sb_transport_to_string (SB_TRANSPORT_WEBSOCKETS));
      g_string_append_printf (out, ",\n%s", in);
      key_string (out, "path", sb_data_source_get_path (source));
    }
  g_string_append_printf (out, ",\n%s", in);
  key_string (out, "protocol", sb_protocol_to_string (sb_data_source_get_protocol (source)));
  g_string_append_printf (out, ",\n%s", in);
  key_string (out, "client_id", sb_data_source_get_client_id (source));
  g_string_append_printf (out, ",\n%s", in);
  key_literal (out, "keep_alive", "%u", sb_data_source_get_keep_alive (source));
  g_string_append_printf (out, ",\n%s", in);
  key_literal (out, "clean_session", "%s", boolean (sb_data_source_get_clean_session (source)));
  g_string_append_printf (out, ",\n%s", in);
  key_literal (out, "qos", "%d", sb_data_source_get_qos (source));

  g_string_append_printf (out, ",\n%s\"auth\": { ", in);
  key_string (out, "username", sb_data_source_get_username (source));
  g_string_append (out, ", ");
  if (sb_data_source_get_password_store (source) == SB_PASSWORD_STORE_KEYRING)
    key_string (out, "password_store", "keyring");
  else
    key_string (out, "password", sb_data_source_get_password (source));
  g_string_append (out, " }");

  g_string_append_printf (out, ",\n%s\"tls\": { ", in);
  key_literal (out, "enabled", "%s", boolean (sb_data_source_get_tls_enabled (source)));
  g_string_append (out, ", ");
  key_string (out, "ca_file", sb_data_source_get_tls_ca_file (source));
  g_string_append (out, ", ");
  key_string (out, "client_cert", sb_data_source_get_tls_client_cert (source));
  g_string_append (out, ", ");
  key_string (out, "client_key", sb_data_source_get_tls_client_key (source));
  g_string_append (out, ", ");
  /* Only when set: files without a key passphrase stay as they were. */
  if (sb_data_source_get_tls_client_key_password_store (source) == SB_PASSWORD_STORE_KEYRING)
    {
      key_string (out, "client_key_password_store", "keyring");
      g_string_append (out, ", ");
    }
  else if (sb_data_source_get_tls_client_key_password (source)[0] != '\0')
    {
      key_string (out, "client_key_password", sb_data_source_get_tls_client_key_password (source));
      g_string_append (out, ", ");
    }
  key_literal (out, "verify", "%s", boolean (sb_data_source_get_tls_verify (source)));
  g_string_append (out, " }");

  append_options (out, source, in);

  g_string_append_printf (out, ",\n%s\"subscriptions\": [", in);
  n = sb_data_source_get_n_subscriptions (source);
  for (guint i = 0; i < n; i++)
    {
      g_string_append_printf (out, "%s\n%s  ", i > 0 ? "," : "", in);
      append_subscription (out, sb_data_source_get_subscription (source, i));
    }
  if (n > 0)
    g_string_append_printf (out, "\n%s", in);
  g_string_append (out, "]\n    }");
}

char *
sb_config_to_data (SbConfig *self, gsize *length)
{
  GString *out;
  guint n;

  g_return_val_if_fail (SB_IS_CONFIG (self), NULL);

  out = g_string_new ("{\n");
  g_string_append (out, "  \"format\": \"" SB_CONFIG_FORMAT "\",\n");
  g_string_append_printf (out, "  \"version\": %d,\n", SB_CONFIG_VERSION);
  g_string_append (out, "  \"data_sources\": [");
  n = sb_config_get_n_data_sources (self);
  for (guint i = 0; i < n; i++)
    {
      g_string_append (out, i > 0 ? ",\n" : "\n");
      append_source (out, sb_config_get_data_source (self, i));
    }
  g_string_append (out, n > 0 ? "\n  ]\n}\n" : "]\n}\n");

  if (length != NULL)
    *length = out->len;
  return g_string_free (out, FALSE);
}

static gboolean
write_all (int fd, const char *data, gsize length)
{
  while (length > 0)
    {
      gssize written = write (fd, data, length);

      if (written < 0 && errno == EINTR)
        continue;
      if (written <= 0)
        return FALSE;
      data += written;
      length -= (gsize)written;
    }
  return TRUE;
}

/* A temporary file beside @path, fsync, rename over @path, fsync the folder:
 * @path is the old or the new content, never half of one. */
static gboolean
replace_file (const char *path, const char *data, gsize length, GError **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *temp = NULL;
  int saved = 0;
  int fd;

  temp = g_strdup_printf ("%s%s.%s" TEMP_INFIX "XXXXXX", dir, G_DIR_SEPARATOR_S, base);
  fd = g_mkstemp_full (temp, O_WRONLY | O_CLOEXEC, SAVE_MODE);
  if (fd < 0)
    {
      saved = errno;
      g_set_error (error, SB_CONFIG_ERROR, SB_CONFIG_ERROR_IO,
                   _ ("cannot create a temporary file in %s: %s"), dir, g_strerror (saved));
      return FALSE;
    }
  if (!write_all (fd, data, length) || fsync (fd) != 0)
    saved = errno != 0 ? errno : EIO;
  if (close (fd) != 0 && saved == 0)
    saved = errno;
  if (saved == 0 && g_rename (temp, path) != 0)
    saved = errno;
  if (saved != 0)
    {
      g_unlink (temp);
      g_set_error (error, SB_CONFIG_ERROR, SB_CONFIG_ERROR_IO, _ ("cannot write %s: %s"), path,
                   g_strerror (saved));
      return FALSE;
    }

  /* The rename itself is durable once the folder is synced. */
  fd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd >= 0)
    {
      fsync (fd);
      close (fd);
    }
  return TRUE;
}

/* TRUE for ".BASE.sb-save-XXXXXX" and ".BASE.bak.sb-save-XXXXXX". */
static gboolean
is_our_temp_name (const char *name, const char *base)
{
  gsize base_length = strlen (base);
  const char *rest;

  if (name[0] != '.' || strncmp (name + 1, base, base_length) != 0)
    return FALSE;
  rest = name + 1 + base_length;
  if (g_str_has_prefix (rest, ".bak" TEMP_INFIX))
    rest += strlen (".bak" TEMP_INFIX);
  else if (g_str_has_prefix (rest, TEMP_INFIX))
    rest += strlen (TEMP_INFIX);
  else
    return FALSE;
  if (strlen (rest) != 6)
    return FALSE;
  for (; *rest != '\0'; rest++)
    if (!g_ascii_isalnum (*rest))
      return FALSE;
  return TRUE;
}

/* Removes the temporary files that earlier saves of @path left when they were
 * killed: only names of ours, only regular files of this user, only when
 * untouched for STALE_SECONDS before @started. Never @path or its .bak. */
static void
remove_stale_temps (const char *path, time_t started)
{
  g_autofree char *dir_path = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autoptr (GDir) dir = g_dir_open (dir_path, 0, NULL);
  const char *name;

  if (dir == NULL)
    return;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = NULL;
      GStatBuf st;

      if (!is_our_temp_name (name, base))
        continue;
      child = g_build_filename (dir_path, name, NULL);
      if (g_lstat (child, &st) == 0 && S_ISREG (st.st_mode) && st.st_uid == getuid ()
          && st.st_mtime < started - STALE_SECONDS)
        g_unlink (child);
    }
}

/* The file a save of @path writes: @path itself, or the file a symbolic
 * link (or a chain of them) at @path points to, so that the save replaces
 * the target and keeps the link. A dangling link's target is created. */
static char *
resolve_links (const char *path, GError **error)
{
  g_autofree char *current = g_strdup (path);

  /* As the kernel's limit for a path lookup: a loop ends here. */
  for (guint hops = 0; hops < 40; hops++)
    {
      g_autoptr (GError) link_error = NULL;
      g_autofree char *target = NULL;
      g_autofree char *dir = NULL;
      GStatBuf st;

      /* Not a link, or nothing there yet: this is the file to write (the
       * save reports what else may be wrong with the path). */
      if (g_lstat (current, &st) != 0 || !S_ISLNK (st.st_mode))
        return g_steal_pointer (&current);
      target = g_file_read_link (current, &link_error);
      if (target == NULL)
        {
          g_set_error (error, SB_CONFIG_ERROR, SB_CONFIG_ERROR_IO, _ ("cannot save: %s"),
                       link_error->message);
          return NULL;
        }
      if (g_path_is_absolute (target))
        {
          g_free (current);
          current = g_steal_pointer (&target);
          continue;
        }
      dir = g_path_get_dirname (current);
      g_free (current);
      current = g_build_filename (dir, target, NULL);
    }
  g_set_error (error, SB_CONFIG_ERROR, SB_CONFIG_ERROR_IO,
               _ ("cannot save: %s is a loop of symbolic links"), path);
  return NULL;
}

/* Every secret @config holds in the file (not those in the keyring). */
static GHashTable *
file_secrets (SbConfig *config)
{
  GHashTable *secrets = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < sb_config_get_n_data_sources (config); i++)
    {
      SbDataSource *source = sb_config_get_data_source (config, i);
      const char *password = sb_data_source_get_password (source);
      const char *key_password = sb_data_source_get_tls_client_key_password (source);

      if (sb_data_source_get_password_store (source) == SB_PASSWORD_STORE_FILE
          && password[0] != '\0')
        g_hash_table_add (secrets, (char *)password);
      if (sb_data_source_get_tls_client_key_password_store (source) == SB_PASSWORD_STORE_FILE
          && key_password[0] != '\0')
        g_hash_table_add (secrets, (char *)key_password);
    }
  return secrets;
}

/* What the .bak keeps of the previous version @old: all of it, unless this
 * save takes a secret out of the file (moves a password to the keyring,
 * empties it): then the previous version without any of its secrets, so that
 * the secret does not stay behind beside the file. NULL: keep @old as it is. */
static char *
backup_without_taken_secrets (SbConfig *self, const char *old, gsize old_length,
                              gsize *backup_length)
{
  g_autoptr (SbConfig) previous = sb_config_load_from_data (old, (gssize)old_length, NULL);
  g_autoptr (GHashTable) kept = NULL;
  g_autoptr (GHashTable) had = NULL;
  GHashTableIter iter;
  gpointer secret;
  gboolean taken = FALSE;

  /* A previous version we cannot read cannot be stripped either. */
  if (previous == NULL)
    return NULL;
  kept = file_secrets (self);
  had = file_secrets (previous);
  g_hash_table_iter_init (&iter, had);
  while (!taken && g_hash_table_iter_next (&iter, &secret, NULL))
    taken = !g_hash_table_contains (kept, secret);
  if (!taken)
    return NULL;
  g_clear_pointer (&had, g_hash_table_unref);
  for (guint i = 0; i < sb_config_get_n_data_sources (previous); i++)
    sb_data_source_strip_secrets (sb_config_get_data_source (previous, i));
  return sb_config_to_data (previous, backup_length);
}

gboolean
sb_config_save_to_file (SbConfig *self, const char *path, GError **error)
{
  g_autoptr (GPtrArray) problems = NULL;
  g_autoptr (GError) local_error = NULL;
  g_autofree char *data = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *old = NULL;
  g_autofree char *target = NULL;
  gsize length, old_length = 0;
  time_t started = time (NULL);

  g_return_val_if_fail (SB_IS_CONFIG (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* A file that cannot be loaded back is worse than no save at all. */
  problems = sb_config_check (self);
  if (problems->len > 0)
    {
      g_autofree char *message = sb_problems_to_text (problems);

      g_set_error_literal (error, SB_CONFIG_ERROR, SB_CONFIG_ERROR_INVALID, message);
      return FALSE;
    }

  data = sb_config_to_data (self, &length);
  /* A symbolic link stays a link: the file it points to is what is saved. */
  target = resolve_links (path, error);
  if (target == NULL)
    return FALSE;
  path = target;

  dir = g_path_get_dirname (path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, SB_CONFIG_ERROR, SB_CONFIG_ERROR_IO,
                   _ ("cannot create the folder %s: %s"), dir, g_strerror (saved));
      return FALSE;
    }

  /* Keep the previous version, unless it is what is being written (a second
   * save must not overwrite the one real backup with a copy of the file). */
  old = sb_file_read_regular (path, SB_CONFIG_MAX_SIZE, &old_length, NULL, NULL);
  if (old != NULL && (old_length != length || memcmp (old, data, length) != 0))
    {
      g_autofree char *backup = g_strconcat (path, ".bak", NULL);
      gsize backup_length = 0;
      g_autofree char *stripped
          = backup_without_taken_secrets (self, old, old_length, &backup_length);

      if (stripped != NULL)
        {
          sb_secret_free_sized (old, old_length);
          old = g_steal_pointer (&stripped);
          old_length = backup_length;
        }
      if (!replace_file (backup, old, old_length, &local_error))
        {
          g_set_error (error, SB_CONFIG_ERROR, SB_CONFIG_ERROR_IO,
                       _ ("cannot keep the previous version as a backup: %s"),
                       local_error->message);
          return FALSE;
        }
    }

  if (!replace_file (path, data, length, &local_error))
    {
      g_set_error (error, SB_CONFIG_ERROR, SB_CONFIG_ERROR_IO, _ ("cannot save: %s"),
                   local_error->message);
      return FALSE;
    }
  remove_stale_temps (path, started);
  return TRUE;
}
