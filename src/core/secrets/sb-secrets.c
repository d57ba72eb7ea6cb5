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
#include "sb-util.h"

/* The quark's name is tokens: clang-format would space them ("sb - file - ..."). */
/* clang-format off */
G_DEFINE_QUARK (sb-secrets-error-quark, sb_secrets_error)
/* clang-format on */

G_DEFINE_ENUM_TYPE (SbSecretsError, sb_secrets_error,
                    G_DEFINE_ENUM_VALUE (SB_SECRETS_ERROR_UNAVAILABLE, "unavailable"),
                    G_DEFINE_ENUM_VALUE (SB_SECRETS_ERROR_FAILED, "failed"),
                    G_DEFINE_ENUM_VALUE (SB_SECRETS_ERROR_NOT_FOUND, "not-found"),
                    G_DEFINE_ENUM_VALUE (SB_SECRETS_ERROR_PASSWORD_FILE, "password-file"),
                    G_DEFINE_ENUM_VALUE (SB_SECRETS_ERROR_MISMATCH, "mismatch"))

/* Long enough for a keyring that is activated on demand, short enough that
 * a wedged bus does not hang the CLI. */
#define AVAILABLE_TIMEOUT_MS 2000

void
sb_secrets_free_password (char *password)
{
  sb_secret_free (password);
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

/* Two kinds of secret, each under its own schema, so that looking up or
 * clearing one never finds or removes the other. */
typedef enum
{
  KIND_PASSWORD,
  KIND_KEY_PASSWORD,
} Kind;

static const SecretSchema *
schema_for (Kind kind)
{
  static const SecretSchema password = {
    SB_SECRETS_SCHEMA_NAME,
    SECRET_SCHEMA_NONE,
    {
        { "id", SECRET_SCHEMA_ATTRIBUTE_STRING },
        { "broker", SECRET_SCHEMA_ATTRIBUTE_STRING },
        { "username", SECRET_SCHEMA_ATTRIBUTE_STRING },
        { NULL, 0 },
    },
  };
  static const SecretSchema key_password = {
    SB_SECRETS_KEY_SCHEMA_NAME,
    SECRET_SCHEMA_NONE,
    {
        { "id", SECRET_SCHEMA_ATTRIBUTE_STRING },
        { "broker", SECRET_SCHEMA_ATTRIBUTE_STRING },
        { "client_key", SECRET_SCHEMA_ATTRIBUTE_STRING },
        /* A passphrase is bound to the user name too (entries stored earlier lack it). */
        { "username", SECRET_SCHEMA_ATTRIBUTE_STRING },
        { NULL, 0 },
    },
  };
  return kind == KIND_PASSWORD ? &password : &key_password;
}

static GHashTable *
id_attributes (SbDataSource *source)
{
  GHashTable *attributes = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);

  g_hash_table_insert (attributes, "id", g_strdup (sb_data_source_get_id (source)));
  return attributes;
}

static GHashTable *
all_attributes (Kind kind, SbDataSource *source)
{
  GHashTable *attributes = id_attributes (source);

  const char *username = sb_data_source_get_username (source);

  g_hash_table_insert (attributes, "broker", g_strdup (sb_data_source_get_broker (source)));
  g_hash_table_insert (attributes, "username", g_strdup (username ? username : ""));
  if (kind == KIND_KEY_PASSWORD)
    {
      const char *key = sb_data_source_get_tls_client_key (source);
      g_hash_table_insert (attributes, "client_key", g_strdup (key ? key : ""));
    }
  return attributes;
}

/* A stored secret is bound to the data source's id (the lookup), broker
 * host and user name, and a key passphrase to its key file too: a file that
 * keeps the id and names another broker gets nothing. A passphrase stored
 * before the binding has no "username" attribute: it still counts when the
 * rest matches (and is bound fully when stored again). */
static gboolean
attributes_match (Kind kind, GHashTable *stored, SbDataSource *source)
{
  GHashTable *expected = all_attributes (kind, source);
  GHashTableIter iter;
  gpointer name, value;
  gboolean match = TRUE;

  g_hash_table_iter_init (&iter, expected);
  while (match && g_hash_table_iter_next (&iter, &name, &value))
    {
      const char *have = g_hash_table_lookup (stored, name);

      if (have == NULL && kind == KIND_KEY_PASSWORD && g_str_equal (name, "username"))
        continue;
      match = g_strcmp0 (have, value) == 0;
    }
  g_hash_table_unref (expected);
  return match;
}

static SbSecretsStored *
stored_new (Kind kind, GHashTable *attributes, SecretValue *value, SbDataSource *source)
{
  SbSecretsStored *stored = g_new0 (SbSecretsStored, 1);
  const char *text = secret_value_get_text (value);

  stored->password = g_strdup (text != NULL ? text : "");
  stored->broker = g_strdup (g_hash_table_lookup (attributes, "broker"));
  stored->username = g_strdup (g_hash_table_lookup (attributes, "username"));
  stored->client_key = g_strdup (g_hash_table_lookup (attributes, "client_key"));
  stored->matches = attributes_match (kind, attributes, source);
  return stored;
}

/* SB_SECRETS_ERROR_MISMATCH for @stored, which does not belong to @source. */
static void
set_mismatch (GError **error, Kind kind, SbSecretsStored *stored, SbDataSource *source)
{
  const char *name = sb_data_source_get_name (source);
  const char *broker = sb_data_source_get_broker (source);
  const char *username = sb_data_source_get_username (source);

  if (kind == KIND_KEY_PASSWORD
      && g_strcmp0 (stored->client_key, sb_data_source_get_tls_client_key (source)) != 0)
    g_set_error (error, SB_SECRETS_ERROR, SB_SECRETS_ERROR_MISMATCH,
                 _ ("The saved TLS key passphrase of “%s” belongs to the key %s, not to %s: it "
                    "is not used"),
                 name, stored->client_key ? stored->client_key : "?",
                 sb_data_source_get_tls_client_key (source));
  else if (g_strcmp0 (stored->broker, broker) != 0)
    g_set_error (error, SB_SECRETS_ERROR, SB_SECRETS_ERROR_MISMATCH,
                 kind == KIND_KEY_PASSWORD
                     ? _ ("The saved TLS key passphrase of “%s” belongs to %s, not to %s: it is "
                          "not sent")
                     : _ ("The saved password of “%s” belongs to %s, not to %s: it is not sent"),
                 name, stored->broker ? stored->broker : "?", broker);
  else
    g_set_error (error, SB_SECRETS_ERROR, SB_SECRETS_ERROR_MISMATCH,
                 kind == KIND_KEY_PASSWORD
                     ? _ ("The saved TLS key passphrase of “%s” belongs to the user “%s”, not to "
                          "“%s”: it is not sent")
                     : _ ("The saved password of “%s” belongs to the user “%s”, not to “%s”: it "
                          "is not sent"),
                 name, stored->username ? stored->username : "", username ? username : "");
}

static char *
item_label (Kind kind, SbDataSource *source)
{
  const char *username = sb_data_source_get_username (source);

  if (kind == KIND_KEY_PASSWORD)
    /* Translators: the label of a TLS key passphrase in the keyring (Seahorse shows it);
       the second %s is the key file */
    return g_strdup_printf (_ ("Signalboard: %s, passphrase of %s"),
                            sb_data_source_get_name (source),
                            sb_data_source_get_tls_client_key (source));
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
translate_error (GError *source_error, Kind kind, What what, SbDataSource *source, GError **error)
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
  if (kind == KIND_KEY_PASSWORD)
    switch (what)
      {
        case WHAT_STORE:
          g_set_error (error, SB_SECRETS_ERROR, code,
                       _ ("Cannot store the TLS key passphrase of “%s” in the keyring: %s"), name,
                       reason);
          break;
        case WHAT_LOOKUP:
          g_set_error (error, SB_SECRETS_ERROR, code,
                       _ ("Cannot read the TLS key passphrase of “%s” from the keyring: %s"), name,
                       reason);
          break;
        case WHAT_CLEAR:
        default:
          g_set_error (error, SB_SECRETS_ERROR, code,
                       _ ("Cannot remove the TLS key passphrase of “%s” from the keyring: %s"),
                       name, reason);
          break;
      }
  else
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

static gboolean
do_store (Kind kind, SbDataSource *source, const char *password, GCancellable *cancellable,
          GError **error)
{
  g_autoptr (GHashTable) ids = NULL;
  g_autoptr (GHashTable) attributes = NULL;
  g_autofree char *label = NULL;
  GError *local_error = NULL;

  if (!session_bus_configured ())
    {
      set_unavailable (error, NULL);
      return FALSE;
    }
  /* libsecret replaces only an item whose attributes all match; an earlier
   * item for this id with another broker or user name must go first, or a
   * lookup by id could find the stale one. */
  ids = id_attributes (source);
  if (!secret_password_clearv_sync (schema_for (kind), ids, cancellable, &local_error)
      && local_error != NULL)
    {
      translate_error (local_error, kind, WHAT_STORE, source, error);
      return FALSE;
    }
  attributes = all_attributes (kind, source);
  label = item_label (kind, source);
  if (!secret_password_storev_sync (schema_for (kind), attributes, SECRET_COLLECTION_DEFAULT, label,
                                    password, cancellable, &local_error))
    {
      translate_error (local_error, kind, WHAT_STORE, source, error);
      return FALSE;
    }
  return TRUE;
}

/* The first item of @items (SecretItems, with their secrets loaded) as
 * an SbSecretsStored for @source; NULL when there is none. */
static SbSecretsStored *
stored_from_items (Kind kind, GList *items, SbDataSource *source)
{
  g_autoptr (GHashTable) attributes = NULL;
  g_autoptr (SecretValue) value = NULL;
  SecretItem *item;

  if (items == NULL)
    return NULL;
  item = items->data;
  value = secret_item_get_secret (item);
  if (value == NULL)
    return NULL;
  attributes = secret_item_get_attributes (item);
  return stored_new (kind, attributes, value, source);
}

/* SecretService's search rather than secret_password_search (): the latter
 * leaks in libsecret 0.20.5 (LeakSanitizer, secret_item_new_for_dbus_path). */
#define SEARCH_FLAGS (SECRET_SEARCH_UNLOCK | SECRET_SEARCH_LOAD_SECRETS)

static SbSecretsStored *
do_lookup_stored (Kind kind, SbDataSource *source, GCancellable *cancellable, GError **error)
{
  g_autoptr (GHashTable) ids = NULL;
  GError *local_error = NULL;
  SbSecretsStored *stored;
  GList *items;

  if (!session_bus_configured ())
    {
      set_unavailable (error, NULL);
      return NULL;
    }
  ids = id_attributes (source);
  items = secret_service_search_sync (NULL, schema_for (kind), ids, SEARCH_FLAGS, cancellable,
                                      &local_error);
  if (local_error != NULL)
    {
      translate_error (local_error, kind, WHAT_LOOKUP, source, error);
      return NULL;
    }
  stored = stored_from_items (kind, items, source);
  g_list_free_full (items, g_object_unref);
  return stored;
}

static char *
do_lookup (Kind kind, SbDataSource *source, GCancellable *cancellable, GError **error)
{
  g_autoptr (SbSecretsStored) stored = do_lookup_stored (kind, source, cancellable, error);

  if (stored == NULL)
    return NULL;
  if (!stored->matches)
    {
      set_mismatch (error, kind, stored, source);
      return NULL;
    }
  return g_steal_pointer (&stored->password);
}

static gboolean
do_clear (Kind kind, SbDataSource *source, GCancellable *cancellable, GError **error)
{
  g_autoptr (GHashTable) ids = NULL;
  GError *local_error = NULL;

  if (!session_bus_configured ())
    {
      set_unavailable (error, NULL);
      return FALSE;
    }
  ids = id_attributes (source);
  /* FALSE without an error only means "nothing was stored". */
  secret_password_clearv_sync (schema_for (kind), ids, cancellable, &local_error);
  if (local_error != NULL)
    {
      translate_error (local_error, kind, WHAT_CLEAR, source, error);
      return FALSE;
    }
  return TRUE;
}

gboolean
sb_secrets_store (SbDataSource *source, const char *password, GCancellable *cancellable,
                  GError **error)
{
  g_return_val_if_fail (SB_IS_DATA_SOURCE (source), FALSE);
  g_return_val_if_fail (password != NULL, FALSE);
  return do_store (KIND_PASSWORD, source, password, cancellable, error);
}

char *
sb_secrets_lookup (SbDataSource *source, GCancellable *cancellable, GError **error)
{
  g_return_val_if_fail (SB_IS_DATA_SOURCE (source), NULL);
  return do_lookup (KIND_PASSWORD, source, cancellable, error);
}

gboolean
sb_secrets_clear (SbDataSource *source, GCancellable *cancellable, GError **error)
{
  g_return_val_if_fail (SB_IS_DATA_SOURCE (source), FALSE);
  return do_clear (KIND_PASSWORD, source, cancellable, error);
}

gboolean
sb_secrets_store_key_password (SbDataSource *source, const char *password,
                               GCancellable *cancellable, GError **error)
{
  g_return_val_if_fail (SB_IS_DATA_SOURCE (source), FALSE);
  g_return_val_if_fail (password != NULL, FALSE);
  return do_store (KIND_KEY_PASSWORD, source, password, cancellable, error);
}

char *
sb_secrets_lookup_key_password (SbDataSource *source, GCancellable *cancellable, GError **error)
{
  g_return_val_if_fail (SB_IS_DATA_SOURCE (source), NULL);
  return do_lookup (KIND_KEY_PASSWORD, source, cancellable, error);
}

gboolean
sb_secrets_clear_key_password (SbDataSource *source, GCancellable *cancellable, GError **error)
{
  g_return_val_if_fail (SB_IS_DATA_SOURCE (source), FALSE);
  return do_clear (KIND_KEY_PASSWORD, source, cancellable, error);
}

/* ---- async ----------------------------------------------------------- */

typedef struct
{
  Kind kind;
  SbDataSource *source; /* a copy: the caller may edit theirs meanwhile */
  char *password;
  gboolean stored; /* a lookup returns the SbSecretsStored, matching or not */
} TaskData;

static void
task_data_free (TaskData *data)
{
  g_clear_object (&data->source);
  sb_secrets_free_password (data->password);
  g_free (data);
}

/* A task whose data is a copy of @source, or NULL (the task has already
 * failed) when no session bus is configured. */
static GTask *
task_new (Kind kind, SbDataSource *source, const char *password, GCancellable *cancellable,
          GAsyncReadyCallback callback, gpointer user_data, gpointer tag)
{
  g_autoptr (GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  TaskData *data;

  g_task_set_source_tag (task, tag);
  if (!session_bus_configured ())
    {
      GError *error = NULL;
      set_unavailable (&error, NULL);
      g_task_return_error (task, error);
      return NULL;
    }
  data = g_new0 (TaskData, 1);
  data->kind = kind;
  data->source = sb_data_source_copy (source);
  data->password = g_strdup (password);
  g_task_set_task_data (task, data, (GDestroyNotify)task_data_free);
  return g_steal_pointer (&task);
}

static void
return_translated (GTask *task, GError *local_error, What what)
{
  TaskData *data = g_task_get_task_data (task);
  GError *error = NULL;

  translate_error (local_error, data->kind, what, data->source, &error);
  g_task_return_error (task, error);
}

static void
store_done (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  GError *local_error = NULL;

  if (!secret_password_store_finish (result, &local_error))
    {
      return_translated (task, local_error, WHAT_STORE);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

static void
store_cleared (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  TaskData *data = g_task_get_task_data (task);
  g_autoptr (GHashTable) attributes = NULL;
  g_autofree char *label = NULL;
  GError *local_error = NULL;

  if (!secret_password_clear_finish (result, &local_error) && local_error != NULL)
    {
      return_translated (task, local_error, WHAT_STORE);
      return;
    }
  attributes = all_attributes (data->kind, data->source);
  label = item_label (data->kind, data->source);
  secret_password_storev (schema_for (data->kind), attributes, SECRET_COLLECTION_DEFAULT, label,
                          data->password, g_task_get_cancellable (task), store_done,
                          g_object_ref (task));
}

static void
store_async (Kind kind, SbDataSource *source, const char *password, GCancellable *cancellable,
             GAsyncReadyCallback callback, gpointer user_data, gpointer tag)
{
  g_autoptr (GTask) task = task_new (kind, source, password, cancellable, callback, user_data, tag);
  g_autoptr (GHashTable) ids = NULL;

  if (task == NULL)
    return;
  ids = id_attributes (source);
  secret_password_clearv (schema_for (kind), ids, cancellable, store_cleared, g_object_ref (task));
}

static void
lookup_found (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  TaskData *data = g_task_get_task_data (task);
  g_autoptr (SbSecretsStored) stored = NULL;
  GError *local_error = NULL;
  GList *items = secret_service_search_finish (NULL, result, &local_error);

  if (local_error != NULL)
    {
      return_translated (task, local_error, WHAT_LOOKUP);
      return;
    }
  stored = stored_from_items (data->kind, items, data->source);
  g_list_free_full (items, g_object_unref);
  if (stored == NULL)
    {
      g_task_return_pointer (task, NULL, NULL);
      return;
    }
  if (data->stored)
    {
      g_task_return_pointer (task, g_steal_pointer (&stored),
                             (GDestroyNotify)sb_secrets_stored_free);
      return;
    }
  if (!stored->matches)
    {
      GError *error = NULL;
      set_mismatch (&error, data->kind, stored, data->source);
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, g_steal_pointer (&stored->password),
                         (GDestroyNotify)sb_secrets_free_password);
}

static void
lookup_async (Kind kind, gboolean stored, SbDataSource *source, GCancellable *cancellable,
              GAsyncReadyCallback callback, gpointer user_data, gpointer tag)
{
  g_autoptr (GTask) task = task_new (kind, source, NULL, cancellable, callback, user_data, tag);
  g_autoptr (GHashTable) ids = NULL;

  if (task == NULL)
    return;
  ((TaskData *)g_task_get_task_data (task))->stored = stored;
  ids = id_attributes (source);
  secret_service_search (NULL, schema_for (kind), ids, SEARCH_FLAGS, cancellable, lookup_found,
                         g_object_ref (task));
}

static void
clear_done (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  GError *local_error = NULL;

  if (!secret_password_clear_finish (result, &local_error) && local_error != NULL)
    {
      return_translated (task, local_error, WHAT_CLEAR);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

static void
clear_async (Kind kind, SbDataSource *source, GCancellable *cancellable,
             GAsyncReadyCallback callback, gpointer user_data, gpointer tag)
{
  g_autoptr (GTask) task = task_new (kind, source, NULL, cancellable, callback, user_data, tag);
  g_autoptr (GHashTable) ids = NULL;

  if (task == NULL)
    return;
  ids = id_attributes (source);
  secret_password_clearv (schema_for (kind), ids, cancellable, clear_done, g_object_ref (task));
}

void
sb_secrets_store_async (SbDataSource *source, const char *password, GCancellable *cancellable,
                        GAsyncReadyCallback callback, gpointer user_data)
{
  g_return_if_fail (SB_IS_DATA_SOURCE (source));
  g_return_if_fail (password != NULL);
  store_async (KIND_PASSWORD, source, password, cancellable, callback, user_data,
               sb_secrets_store_async);
}

void
sb_secrets_lookup_async (SbDataSource *source, GCancellable *cancellable,
                         GAsyncReadyCallback callback, gpointer user_data)
{
  g_return_if_fail (SB_IS_DATA_SOURCE (source));
  lookup_async (KIND_PASSWORD, FALSE, source, cancellable, callback, user_data,
                sb_secrets_lookup_async);
}

void
sb_secrets_clear_async (SbDataSource *source, GCancellable *cancellable,
                        GAsyncReadyCallback callback, gpointer user_data)
{
  g_return_if_fail (SB_IS_DATA_SOURCE (source));
  clear_async (KIND_PASSWORD, source, cancellable, callback, user_data, sb_secrets_clear_async);
}

void
sb_secrets_store_key_password_async (SbDataSource *source, const char *password,
                                     GCancellable *cancellable, GAsyncReadyCallback callback,
                                     gpointer user_data)
{
  g_return_if_fail (SB_IS_DATA_SOURCE (source));
  g_return_if_fail (password != NULL);
  store_async (KIND_KEY_PASSWORD, source, password, cancellable, callback, user_data,
               sb_secrets_store_key_password_async);
}

void
sb_secrets_lookup_key_password_async (SbDataSource *source, GCancellable *cancellable,
                                      GAsyncReadyCallback callback, gpointer user_data)
{
  g_return_if_fail (SB_IS_DATA_SOURCE (source));
  lookup_async (KIND_KEY_PASSWORD, FALSE, source, cancellable, callback, user_data,
                sb_secrets_lookup_key_password_async);
}

void
sb_secrets_clear_key_password_async (SbDataSource *source, GCancellable *cancellable,
                                     GAsyncReadyCallback callback, gpointer user_data)
{
  g_return_if_fail (SB_IS_DATA_SOURCE (source));
  clear_async (KIND_KEY_PASSWORD, source, cancellable, callback, user_data,
               sb_secrets_clear_key_password_async);
}

void
sb_secrets_lookup_stored_async (SbDataSource *source, gboolean key_password,
                                GCancellable *cancellable, GAsyncReadyCallback callback,
                                gpointer user_data)
{
  g_return_if_fail (SB_IS_DATA_SOURCE (source));
  lookup_async (key_password ? KIND_KEY_PASSWORD : KIND_PASSWORD, TRUE, source, cancellable,
                callback, user_data, sb_secrets_lookup_stored_async);
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

gboolean
sb_secrets_store_key_password (SbDataSource *source, const char *password,
                               GCancellable *cancellable, GError **error)
{
  set_unavailable (error, _ ("built without libsecret"));
  return FALSE;
}

char *
sb_secrets_lookup_key_password (SbDataSource *source, GCancellable *cancellable, GError **error)
{
  set_unavailable (error, _ ("built without libsecret"));
  return NULL;
}

gboolean
sb_secrets_clear_key_password (SbDataSource *source, GCancellable *cancellable, GError **error)
{
  set_unavailable (error, _ ("built without libsecret"));
  return FALSE;
}

void
sb_secrets_store_key_password_async (SbDataSource *source, const char *password,
                                     GCancellable *cancellable, GAsyncReadyCallback callback,
                                     gpointer user_data)
{
  return_unavailable (cancellable, callback, user_data, sb_secrets_store_key_password_async);
}

void
sb_secrets_lookup_key_password_async (SbDataSource *source, GCancellable *cancellable,
                                      GAsyncReadyCallback callback, gpointer user_data)
{
  return_unavailable (cancellable, callback, user_data, sb_secrets_lookup_key_password_async);
}

void
sb_secrets_clear_key_password_async (SbDataSource *source, GCancellable *cancellable,
                                     GAsyncReadyCallback callback, gpointer user_data)
{
  return_unavailable (cancellable, callback, user_data, sb_secrets_clear_key_password_async);
}

void
sb_secrets_lookup_stored_async (SbDataSource *source, gboolean key_password,
                                GCancellable *cancellable, GAsyncReadyCallback callback,
                                gpointer user_data)
{
  return_unavailable (cancellable, callback, user_data, sb_secrets_lookup_stored_async);
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

/* Same tasks as the broker password's: only the schema differs. */
gboolean
sb_secrets_store_key_password_finish (GAsyncResult *result, GError **error)
{
  return sb_secrets_store_finish (result, error);
}

char *
sb_secrets_lookup_key_password_finish (GAsyncResult *result, GError **error)
{
  return sb_secrets_lookup_finish (result, error);
}

gboolean
sb_secrets_clear_key_password_finish (GAsyncResult *result, GError **error)
{
  return sb_secrets_clear_finish (result, error);
}

SbSecretsStored *
sb_secrets_lookup_stored_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
sb_secrets_stored_free (SbSecretsStored *stored)
{
  if (stored == NULL)
    return;
  sb_secret_free (stored->password);
  g_free (stored->broker);
  g_free (stored->username);
  g_free (stored->client_key);
  g_free (stored);
}
