/* sb-secrets.c: data source passwords in the Secret Service
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#if HAVE_LIBSECRET
#include <libsecret/secret.h>
#endif

#include "sb-secrets.h"

G_DEFINE_QUARK (sb - secrets - error - quark, sb_secrets_error)

/* Long enough for a keyring that is activated on demand, short enough that
 * a wedged bus does not hang the CLI. */
#define AVAILABLE_TIMEOUT_MS 2000

void
sb_secrets_free_password (char *password)
{
  if (password == NULL)
    return;
  explicit_bzero (password, strlen (password));
  g_free (password);
}

/* GLib would otherwise "autolaunch" a fresh session bus through dbus-launch
 * when none is configured: a bus with no unlocked keyring on it is of no use
 * and leaves a stray daemon behind, so we treat that case as "no keyring". */
static gboolean
session_bus_configured (void)
{
  const char *address = g_getenv ("DBUS_SESSION_BUS_ADDRESS");
  const char *runtime_dir = g_getenv ("XDG_RUNTIME_DIR");
  g_autofree char *bus_path = NULL;

  if (address != NULL && *address != '\0')
    return TRUE;
  if (runtime_dir == NULL || *runtime_dir == '\0')
    return FALSE;
  bus_path = g_build_filename (runtime_dir, "bus", NULL);
  return g_file_test (bus_path, G_FILE_TEST_EXISTS);
}

static void
set_unavailable (GError **error, const char *reason)
{
  if (reason != NULL)
    g_set_error (error, SB_SECRETS_ERROR, SB_SECRETS_ERROR_UNAVAILABLE,
                 _ ("The keyring (Secret Service) is not available: %s"), reason);
  else
    g_set_error_literal (error, SB_SECRETS_ERROR, SB_SECRETS_ERROR_UNAVAILABLE,
                         _ ("The keyring (Secret Service) is not available: no session bus"));
}

/* ---- availability ---------------------------------------------------- */

static void
ping_done (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  g_autoptr (GVariant) reply = NULL;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (object), result, NULL);
  g_task_return_boolean (task, reply != NULL);
}

static void
bus_ready (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  g_autoptr (GDBusConnection) bus = g_bus_get_finish (result, NULL);

  if (bus == NULL)
    {
      g_task_return_boolean (task, FALSE);
      return;
    }
  g_dbus_connection_call (bus, "org.freedesktop.secrets", "/org/freedesktop/secrets",
                          "org.freedesktop.DBus.Peer", "Ping", NULL, NULL, G_DBUS_CALL_FLAGS_NONE,
                          AVAILABLE_TIMEOUT_MS, g_task_get_cancellable (task), ping_done,
                          g_object_ref (task));
}

void
sb_secrets_available_async (GCancellable *cancellable, GAsyncReadyCallback callback,
                            gpointer user_data)
{
  g_autoptr (GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, sb_secrets_available_async);
  if (!HAVE_LIBSECRET || !session_bus_configured ())
    {
      g_task_return_boolean (task, FALSE);
      return;
    }
  g_bus_get (G_BUS_TYPE_SESSION, cancellable, bus_ready, g_object_ref (task));
}

gboolean
sb_secrets_available_finish (GAsyncResult *result)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), NULL);
}

gboolean
sb_secrets_available (void)
{
  g_autoptr (GDBusConnection) bus = NULL;
  g_autoptr (GVariant) reply = NULL;

  if (!HAVE_LIBSECRET || !session_bus_configured ())
    return FALSE;
  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  if (bus == NULL)
    return FALSE;
  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.secrets", "/org/freedesktop/secrets",
                                       "org.freedesktop.DBus.Peer", "Ping", NULL, NULL,
                                       G_DBUS_CALL_FLAGS_NONE, AVAILABLE_TIMEOUT_MS, NULL, NULL);
  return reply != NULL;
}

#if HAVE_LIBSECRET

/* ---- libsecret ------------------------------------------------------- */

static const SecretSchema *
password_schema (void)
{
  static const SecretSchema schema = {
    SB_SECRETS_SCHEMA_NAME,
    SECRET_SCHEMA_NONE,
    {
        { "id", SECRET_SCHEMA_ATTRIBUTE_STRING },
        { "broker", SECRET_SCHEMA_ATTRIBUTE_STRING },
        { "username", SECRET_SCHEMA_ATTRIBUTE_STRING },
        { NULL, 0 },
    },
  };
  return &schema;
}

static GHashTable *
id_attributes (SbDataSource *source)
{
  GHashTable *attributes = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);

  g_hash_table_insert (attributes, "id", g_strdup (sb_data_source_get_id (source)));
  return attributes;
}

static GHashTable *
all_attributes (SbDataSource *source)
{
  GHashTable *attributes = id_attributes (source);
  const char *username = sb_data_source_get_username (source);

  g_hash_table_insert (attributes, "broker", g_strdup (sb_data_source_get_broker (source)));
  g_hash_table_insert (attributes, "username", g_strdup (username ? username : ""));
  return attributes;
}

static char *
item_label (SbDataSource *source)
{
  const char *username = sb_data_source_get_username (source);

  if (username != NULL && *username != '\0')
    /* Translators: the label of a password in the keyring (Seahorse shows it) */
    return g_strdup_printf (_ ("Signalboard: %s (%s@%s)"), sb_data_source_get_name (source),
                            username, sb_data_source_get_broker (source));
  return g_strdup_printf (_ ("Signalboard: %s (%s)"), sb_data_source_get_name (source),
                          sb_data_source_get_broker (source));
}

typedef enum
{
  WHAT_STORE,
  WHAT_LOOKUP,
  WHAT_CLEAR,
} What;

/* Turns a libsecret/D-Bus error into one of ours. Their messages never carry
 * the secret, but they may be technical, so ours say what was being done. */
static void
translate_error (GError *source_error, What what, SbDataSource *source, GError **error)
{
  const char *name = sb_data_source_get_name (source);
  const char *reason = source_error->message;
  SbSecretsError code = SB_SECRETS_ERROR_FAILED;

  if (g_error_matches (source_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_propagate_error (error, source_error);
      return;
    }
  /* D-Bus and I/O failures mean nobody answered; anything else is the
   * service's own refusal (a locked collection, a dismissed prompt). */
  if (source_error->domain == G_DBUS_ERROR || source_error->domain == G_IO_ERROR
      || source_error->domain == G_SPAWN_ERROR)
    code = SB_SECRETS_ERROR_UNAVAILABLE;
  switch (what)
    {
      case WHAT_STORE:
        g_set_error (error, SB_SECRETS_ERROR, code,
                     _ ("Cannot store the password of “%s” in the keyring: %s"), name, reason);
        break;
      case WHAT_LOOKUP:
        g_set_error (error, SB_SECRETS_ERROR, code,
                     _ ("Cannot read the password of “%s” from the keyring: %s"), name, reason);
        break;
      case WHAT_CLEAR:
      default:
        g_set_error (error, SB_SECRETS_ERROR, code,
                     _ ("Cannot remove the password of “%s” from the keyring: %s"), name, reason);
        break;
    }
  g_error_free (source_error);
}

gboolean
sb_secrets_store (SbDataSource *source, const char *password, GCancellable *cancellable,
                  GError **error)
{
  g_autoptr (GHashTable) ids = NULL;
  g_autoptr (GHashTable) attributes = NULL;
  g_autofree char *label = NULL;
  GError *local_error = NULL;

  g_return_val_if_fail (SB_IS_DATA_SOURCE (source), FALSE);
  g_return_val_if_fail (password != NULL, FALSE);

  if (!session_bus_configured ())
    {
      set_unavailable (error, NULL);
      return FALSE;
    }
  /* libsecret replaces only an item whose attributes all match; an earlier
   * item for this id with another broker or user name must go first, or a
   * lookup by id could find the stale one. */
  ids = id_attributes (source);
  if (!secret_password_clearv_sync (password_schema (), ids, cancellable, &local_error)
      && local_error != NULL)
    {
      translate_error (local_error, WHAT_STORE, source, error);
      return FALSE;
    }
  attributes = all_attributes (source);
  label = item_label (source);
  if (!secret_password_storev_sync (password_schema (), attributes, SECRET_COLLECTION_DEFAULT,
                                    label, password, cancellable, &local_error))
    {
      translate_error (local_error, WHAT_STORE, source, error);
      return FALSE;
    }
  return TRUE;
}

char *
sb_secrets_lookup (SbDataSource *source, GCancellable *cancellable, GError **error)
{
  g_autoptr (GHashTable) ids = NULL;
  GError *local_error = NULL;
  char *password;

  g_return_val_if_fail (SB_IS_DATA_SOURCE (source), NULL);

  if (!session_bus_configured ())
    {
      set_unavailable (error, NULL);
      return NULL;
    }
  ids = id_attributes (source);
  password = secret_password_lookupv_sync (password_schema (), ids, cancellable, &local_error);
  if (local_error != NULL)
    translate_error (local_error, WHAT_LOOKUP, source, error);
  return password;
}

gboolean
sb_secrets_clear (SbDataSource *source, GCancellable *cancellable, GError **error)
{
  g_autoptr (GHashTable) ids = NULL;
  GError *local_error = NULL;

  g_return_val_if_fail (SB_IS_DATA_SOURCE (source), FALSE);

  if (!session_bus_configured ())
    {
      set_unavailable (error, NULL);
      return FALSE;
    }
  ids = id_attributes (source);
  /* FALSE without an error only means "nothing was stored". */
  secret_password_clearv_sync (password_schema (), ids, cancellable, &local_error);
  if (local_error != NULL)
    {
      translate_error (local_error, WHAT_CLEAR, source, error);
      return FALSE;
    }
  return TRUE;
}

/* ---- async ----------------------------------------------------------- */

typedef struct
{
  SbDataSource *source; /* a copy: the caller may edit theirs meanwhile */
  char *password;
} StoreData;

static void
store_data_free (StoreData *data)
{
  g_clear_object (&data->source);
  sb_secrets_free_password (data->password);
  g_free (data);
}

static void
store_done (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  StoreData *data = g_task_get_task_data (task);
  GError *local_error = NULL;

  if (!secret_password_store_finish (result, &local_error))
    {
      GError *error = NULL;
      translate_error (local_error, WHAT_STORE, data->source, &error);
      g_task_return_error (task, error);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

static void
store_cleared (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  StoreData *data = g_task_get_task_data (task);
  g_autoptr (GHashTable) attributes = NULL;
  g_autofree char *label = NULL;
  GError *local_error = NULL;

  if (!secret_password_clear_finish (result, &local_error) && local_error != NULL)
    {
      GError *error = NULL;
      translate_error (local_error, WHAT_STORE, data->source, &error);
      g_task_return_error (task, error);
      return;
    }
  attributes = all_attributes (data->source);
  label = item_label (data->source);
  secret_password_storev (password_schema (), attributes, SECRET_COLLECTION_DEFAULT, label,
                          data->password, g_task_get_cancellable (task), store_done,
                          g_object_ref (task));
}

void
sb_secrets_store_async (SbDataSource *source, const char *password, GCancellable *cancellable,
                        GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr (GTask) task = NULL;
  g_autoptr (GHashTable) ids = NULL;
  StoreData *data;

  g_return_if_fail (SB_IS_DATA_SOURCE (source));
  g_return_if_fail (password != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, sb_secrets_store_async);
  if (!session_bus_configured ())
    {
      GError *error = NULL;
      set_unavailable (&error, NULL);
      g_task_return_error (task, error);
      return;
    }
  data = g_new0 (StoreData, 1);
  data->source = sb_data_source_copy (source);
  data->password = g_strdup (password);
  g_task_set_task_data (task, data, (GDestroyNotify)store_data_free);
  ids = id_attributes (source);
  secret_password_clearv (password_schema (), ids, cancellable, store_cleared, g_object_ref (task));
}

static void
lookup_done (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  GError *local_error = NULL;
  char *password = secret_password_lookup_finish (result, &local_error);

  if (local_error != NULL)
    {
      GError *error = NULL;
      translate_error (local_error, WHAT_LOOKUP, g_task_get_task_data (task), &error);
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, password, (GDestroyNotify)sb_secrets_free_password);
}

void
sb_secrets_lookup_async (SbDataSource *source, GCancellable *cancellable,
                         GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr (GTask) task = NULL;
  g_autoptr (GHashTable) ids = NULL;

  g_return_if_fail (SB_IS_DATA_SOURCE (source));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, sb_secrets_lookup_async);
  if (!session_bus_configured ())
    {
      GError *error = NULL;
      set_unavailable (&error, NULL);
      g_task_return_error (task, error);
      return;
    }
  g_task_set_task_data (task, sb_data_source_copy (source), g_object_unref);
  ids = id_attributes (source);
  secret_password_lookupv (password_schema (), ids, cancellable, lookup_done, g_object_ref (task));
}

static void
clear_done (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  GError *local_error = NULL;

  if (!secret_password_clear_finish (result, &local_error) && local_error != NULL)
    {
      GError *error = NULL;
      translate_error (local_error, WHAT_CLEAR, g_task_get_task_data (task), &error);
      g_task_return_error (task, error);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

void
sb_secrets_clear_async (SbDataSource *source, GCancellable *cancellable,
                        GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr (GTask) task = NULL;
  g_autoptr (GHashTable) ids = NULL;

  g_return_if_fail (SB_IS_DATA_SOURCE (source));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, sb_secrets_clear_async);
  if (!session_bus_configured ())
    {
      GError *error = NULL;
      set_unavailable (&error, NULL);
      g_task_return_error (task, error);
      return;
    }
  g_task_set_task_data (task, sb_data_source_copy (source), g_object_unref);
  ids = id_attributes (source);
  secret_password_clearv (password_schema (), ids, cancellable, clear_done, g_object_ref (task));
}

#else /* !HAVE_LIBSECRET */

static void
return_unavailable (GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data,
                    gpointer tag)
{
  g_autoptr (GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, tag);
  g_task_return_new_error (task, SB_SECRETS_ERROR, SB_SECRETS_ERROR_UNAVAILABLE, "%s",
                           _ ("Signalboard was built without keyring support (libsecret)"));
}

gboolean
sb_secrets_store (SbDataSource *source, const char *password, GCancellable *cancellable,
                  GError **error)
{
  set_unavailable (error, _ ("built without libsecret"));
  return FALSE;
}

char *
sb_secrets_lookup (SbDataSource *source, GCancellable *cancellable, GError **error)
{
  set_unavailable (error, _ ("built without libsecret"));
  return NULL;
}

gboolean
sb_secrets_clear (SbDataSource *source, GCancellable *cancellable, GError **error)
{
  set_unavailable (error, _ ("built without libsecret"));
  return FALSE;
}

void
sb_secrets_store_async (SbDataSource *source, const char *password, GCancellable *cancellable,
                        GAsyncReadyCallback callback, gpointer user_data)
{
  return_unavailable (cancellable, callback, user_data, sb_secrets_store_async);
}

void
sb_secrets_lookup_async (SbDataSource *source, GCancellable *cancellable,
                         GAsyncReadyCallback callback, gpointer user_data)
{
  return_unavailable (cancellable, callback, user_data, sb_secrets_lookup_async);
}

void
sb_secrets_clear_async (SbDataSource *source, GCancellable *cancellable,
                        GAsyncReadyCallback callback, gpointer user_data)
{
  return_unavailable (cancellable, callback, user_data, sb_secrets_clear_async);
}

#endif /* HAVE_LIBSECRET */

gboolean
sb_secrets_store_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

char *
sb_secrets_lookup_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

gboolean
sb_secrets_clear_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- the CLI's password ---------------------------------------------- */

static char *
read_password_file (const char *path, GError **error)
{
  g_autofree char *contents = NULL;
  g_autoptr (GError) local_error = NULL;
  gsize length = 0;
  char *password;

  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      /* GLib's message names the file and the reason, never the contents. */
      g_set_error (error, SB_SECRETS_ERROR, SB_SECRETS_ERROR_PASSWORD_FILE,
                   _ ("Cannot read the password file: %s"), local_error->message);
      return NULL;
    }
  password = g_strndup (contents, strcspn (contents, "\r\n"));
  explicit_bzero (contents, length);
  return password;
}

char *
sb_secrets_resolve_password (SbDataSource *source, const char *password_file, GError **error)
{
  g_autoptr (GError) keyring_error = NULL;
  gboolean from_keyring;
  const char *env_password;
  const char *file_password;

  g_return_val_if_fail (SB_IS_DATA_SOURCE (source), NULL);

  from_keyring = sb_data_source_get_password_store (source) == SB_PASSWORD_STORE_KEYRING;
  if (from_keyring)
    {
      char *password = sb_secrets_lookup (source, NULL, &keyring_error);
      if (password != NULL)
        return password;
    }

  if (password_file != NULL)
    return read_password_file (password_file, error);

  env_password = g_getenv ("SIGNALBOARD_PASSWORD");
  if (env_password != NULL && *env_password != '\0')
    return g_strdup (env_password);

  if (from_keyring)
    {
      if (keyring_error != NULL)
        g_set_error (error, SB_SECRETS_ERROR,
                     keyring_error->domain == SB_SECRETS_ERROR ? keyring_error->code
                                                               : SB_SECRETS_ERROR_FAILED,
                     _ ("%s; use --password-file or $SIGNALBOARD_PASSWORD instead"),
                     keyring_error->message);
      else
        g_set_error (error, SB_SECRETS_ERROR, SB_SECRETS_ERROR_NOT_FOUND,
                     _ ("The keyring holds no password for “%s”; store it from Signalboard, "
                        "or use --password-file or $SIGNALBOARD_PASSWORD"),
                     sb_data_source_get_name (source));
      return NULL;
    }

  file_password = sb_data_source_get_password (source);
  if (file_password != NULL && *file_password != '\0')
    return g_strdup (file_password);
  return NULL;
}
