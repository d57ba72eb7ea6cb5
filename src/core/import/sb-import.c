/* sb-import.c: reading another tool's file (which format, the JSON), handing
 * it to that format's reader, and the result's accessors
 *
 * Calls go one way: this file calls the readers (sb-import-mqtt-explorer.c,
 * sb-import-mqttx.c), which map each connection with the helpers of
 * sb-import-common.c onto an SbImportConnection (sb-import-connection.c).
 * Applying the result to a configuration, and export, are in
 * sb-import-apply.c, above this file.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sb-file.h"
#include "sb-broker-url.h"
#include "sb-import-mqtt-explorer.h"
#include "sb-import-mqttx.h"
#include "sb-import-private.h"
#include "sb-json-scan.h"

G_DEFINE_ENUM_TYPE (SbImportFormat, sb_import_format,
                    G_DEFINE_ENUM_VALUE (SB_IMPORT_FORMAT_MQTT_EXPLORER, "mqtt-explorer"),
                    G_DEFINE_ENUM_VALUE (SB_IMPORT_FORMAT_MQTTX, "mqttx"),
                    G_DEFINE_ENUM_VALUE (SB_IMPORT_FORMAT_AUTO, "auto"))

G_DEFINE_ENUM_TYPE (SbImportPasswords, sb_import_passwords,
                    G_DEFINE_ENUM_VALUE (SB_IMPORT_PASSWORDS_KEYRING, "keyring"),
                    G_DEFINE_ENUM_VALUE (SB_IMPORT_PASSWORDS_FILE, "file"),
                    G_DEFINE_ENUM_VALUE (SB_IMPORT_PASSWORDS_LEAVE_OUT, "leave-out"))

static const char *const format_names[] = {
  [SB_IMPORT_FORMAT_MQTT_EXPLORER] = "mqtt-explorer",
  [SB_IMPORT_FORMAT_MQTTX] = "mqttx",
  [SB_IMPORT_FORMAT_AUTO] = "auto",
};

gboolean
sb_import_format_from_string (const char *text, SbImportFormat *format)
{
  g_return_val_if_fail (format != NULL, FALSE);

  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (format_names); i++)
    if (g_strcmp0 (text, format_names[i]) == 0)
      {
        *format = (SbImportFormat)i;
        return TRUE;
      }
  return FALSE;
}

const char *
sb_import_format_to_string (SbImportFormat format)
{
  g_return_val_if_fail ((guint)format < G_N_ELEMENTS (format_names), NULL);
  return format_names[format];
}

/* The result of a load: every connection of the input, in its order. */
struct _SbImport
{
  SbImportFormat format;
  GPtrArray *connections; /* SbImportConnection */
};

static SbImport *
sb_import_new (SbImportFormat format, GPtrArray *connections)
{
  SbImport *self = g_new0 (SbImport, 1);

  self->format = format;
  self->connections = g_ptr_array_ref (connections);
  return self;
}

void
sb_import_free (SbImport *self)
{
  if (self == NULL)
    return;
  g_ptr_array_unref (self->connections);
  g_free (self);
}

/* "NAME (N)" with the smallest N >= 2 that is not in @taken. @next (NAME ->
 * the N to try next) lets the search start where the last one for NAME
 * stopped: every smaller N is taken for good (@taken only grows), and a
 * file with thousands of connections of one name is renamed in linear time,
 * not quadratic. */
static char *
unique_name (GHashTable *taken, GHashTable *next, const char *name)
{
  guint n = MAX (GPOINTER_TO_UINT (g_hash_table_lookup (next, name)), 2);
  char *unique = NULL;

  for (;; n++)
    {
      g_free (unique);
      unique = g_strdup_printf ("%s (%u)", name, n);
      if (!g_hash_table_contains (taken, unique))
        break;
    }
  g_hash_table_insert (next, g_strdup (name), GUINT_TO_POINTER (n + 1));
  return unique;
}

static GHashTable *
new_next_table (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

/* Two connections of one file may share a name; a configuration may not. */
static void
deduplicate_names (SbImport *self)
{
  g_autoptr (GHashTable) taken = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GHashTable) next = new_next_table ();

  for (guint i = 0; i < self->connections->len; i++)
    {
      SbImportConnection *connection = g_ptr_array_index (self->connections, i);
      const char *name;

      if (connection->source == NULL)
        continue;
      name = sb_data_source_get_name (connection->source);
      if (g_hash_table_contains (taken, name))
        {
          g_autofree char *unique = unique_name (taken, next, name);

          sb_import_connection_note (
              connection, _ ("another connection in the file is named “%s”: renamed “%s”"), name,
              unique);
          sb_data_source_set_name (connection->source, unique);
        }
      g_hash_table_add (taken, g_strdup (sb_data_source_get_name (connection->source)));
    }
}

SbImport *
sb_import_load_from_data (SbImportFormat format, const char *data, gssize length, GError **error)
{
  g_autoptr (SbImport) self = NULL;
  g_autoptr (SbJsonScan) scan = NULL;
  g_autoptr (JsonParser) parser = NULL;
  g_autoptr (GString) stripped = NULL;
  g_autoptr (GPtrArray) connections = NULL;
  g_autoptr (GError) local_error = NULL;
  gsize size;
  gboolean parsed;

  g_return_val_if_fail ((guint)format < G_N_ELEMENTS (format_names), NULL);
  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  size = length < 0 ? strlen (data) : (gsize)length;
  if (size >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    {
      data += 3;
      size -= 3;
    }
  if (size == 0)
    {
      g_set_error (error, SB_IMPORT_ERROR, SB_IMPORT_ERROR_SYNTAX, _ ("the file is empty"));
      return NULL;
    }

  /* The strict scan gives LINE:COL and keeps json-glib's recursion shallow. */
  scan = sb_json_scan (data, size, &local_error);
  if (scan == NULL)
    {
      g_set_error_literal (error, SB_IMPORT_ERROR, SB_IMPORT_ERROR_SYNTAX, local_error->message);
      return NULL;
    }

  /* MQTTX exports a list, MQTT Explorer's settings are an object. */
  if (format == SB_IMPORT_FORMAT_AUTO)
    {
      gsize i = 0;

      while (i < size && g_ascii_isspace (data[i]))
        i++;
      if (i < size && data[i] == '[')
        format = SB_IMPORT_FORMAT_MQTTX;
      else if (i < size && data[i] == '{')
        format = SB_IMPORT_FORMAT_MQTT_EXPLORER;
      else
        {
          g_set_error (error, SB_IMPORT_ERROR, SB_IMPORT_ERROR_SHAPE,
                       _ ("neither MQTT Explorer’s settings.json nor an MQTTX export"));
          return NULL;
        }
    }

  /* json-glib takes seconds over an MQTTX message history nobody imports. */
  if (format == SB_IMPORT_FORMAT_MQTTX)
    {
      stripped = sb_import_mqttx_strip_messages (data, size);
      if (stripped != NULL)
        {
          data = stripped->str;
          size = stripped->len;
        }
    }

  parser = json_parser_new_immutable ();
  parsed = json_parser_load_from_data (parser, data, (gssize)size, &local_error);
  if (!parsed)
    {
      g_set_error_literal (error, SB_IMPORT_ERROR, SB_IMPORT_ERROR_SYNTAX, local_error->message);
      return NULL;
    }

  switch (format)
    {
      case SB_IMPORT_FORMAT_MQTT_EXPLORER:
        connections = sb_import_mqtt_explorer_read (json_parser_get_root (parser), error);
        break;
      case SB_IMPORT_FORMAT_MQTTX:
        connections = sb_import_mqttx_read (json_parser_get_root (parser), error);
        break;
      default:
        g_assert_not_reached ();
    }
  if (connections == NULL)
    return NULL;
  if (connections->len == 0)
    {
      g_set_error (error, SB_IMPORT_ERROR, SB_IMPORT_ERROR_SHAPE,
                   _ ("the file holds no connections"));
      return NULL;
    }
  self = sb_import_new (format, connections);
  deduplicate_names (self);
  return g_steal_pointer (&self);
}

SbImport *
sb_import_load_from_file (SbImportFormat format, const char *path, GError **error)
{
  g_autoptr (GError) local_error = NULL;
  g_autofree char *data = NULL;
  gsize length = 0;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* A FIFO or a device would hang the open or the read: refused unread. */
  data = sb_file_read_regular (path, SB_IMPORT_MAX_SIZE, &length, NULL, &local_error);
  if (data == NULL)
    {
      if (g_error_matches (local_error, SB_FILE_ERROR, SB_FILE_ERROR_IS_DIRECTORY))
        g_set_error (error, SB_IMPORT_ERROR, SB_IMPORT_ERROR_IO,
                     _ ("is a directory, not a file to import"));
      else if (g_error_matches (local_error, SB_FILE_ERROR, SB_FILE_ERROR_TOO_LARGE))
        g_set_error (error, SB_IMPORT_ERROR, SB_IMPORT_ERROR_IO,
                     _ ("the file is too large (over %d MiB)"), SB_IMPORT_MAX_SIZE >> 20);
      else
        g_set_error_literal (error, SB_IMPORT_ERROR, SB_IMPORT_ERROR_IO, local_error->message);
      return NULL;
    }
  return sb_import_load_from_data (format, data, (gssize)length, error);
}

typedef struct
{
  SbImportFormat format;
  char *path;
} LoadData;

static void
load_data_free (LoadData *data)
{
  g_free (data->path);
  g_free (data);
}

static void
load_thread (GTask *task, gpointer source_object, gpointer task_data, GCancellable *cancellable)
{
  LoadData *data = task_data;
  GError *error = NULL;
  SbImport *import;

  if (g_task_return_error_if_cancelled (task))
    return;
  import = sb_import_load_from_file (data->format, data->path, &error);
  if (import == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, import, (GDestroyNotify)sb_import_free);
}

void
sb_import_load_from_file_async (SbImportFormat format, const char *path, GCancellable *cancellable,
                                GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr (GTask) task = NULL;
  LoadData *data;

  g_return_if_fail ((guint)format < G_N_ELEMENTS (format_names));
  g_return_if_fail (path != NULL);

  data = g_new0 (LoadData, 1);
  data->format = format;
  data->path = g_strdup (path);
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, sb_import_load_from_file_async);
  g_task_set_task_data (task, data, (GDestroyNotify)load_data_free);
  g_task_run_in_thread (task, load_thread);
}

SbImport *
sb_import_load_from_file_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sb_import_load_from_file_async,
                        NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

SbImportFormat
sb_import_get_format (SbImport *self)
{
  g_return_val_if_fail (self != NULL, SB_IMPORT_FORMAT_MQTT_EXPLORER);
  return self->format;
}

guint
sb_import_get_n_connections (SbImport *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->connections->len;
}

SbImportConnection *
sb_import_get_connection (SbImport *self, guint position)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (position < self->connections->len, NULL);
  return g_ptr_array_index (self->connections, position);
}

const char *
sb_import_get_connection_name (SbImport *self, guint position)
{
  SbImportConnection *connection = sb_import_get_connection (self, position);
  return connection != NULL ? connection->name : NULL;
}

SbDataSource *
sb_import_get_data_source (SbImport *self, guint position)
{
  SbImportConnection *connection = sb_import_get_connection (self, position);
  return connection != NULL ? connection->source : NULL;
}

const char *const *
sb_import_get_notes (SbImport *self, guint position)
{
  SbImportConnection *connection = sb_import_get_connection (self, position);
  return connection != NULL ? (const char *const *)connection->notes->pdata : NULL;
}

/* The names of @config's data sources, for lookups in constant time
 * (sb_config_find_by_name () walks the list). */
static GHashTable *
config_names (SbConfig *config)
{
  GHashTable *names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < sb_config_get_n_data_sources (config); i++)
    g_hash_table_add (names,
                      g_strdup (sb_data_source_get_name (sb_config_get_data_source (config, i))));
  return names;
}

guint
sb_import_rename_conflicts (SbImport *self, SbConfig *config)
{
  g_autoptr (GHashTable) in_config = NULL;
  g_autoptr (GHashTable) taken = NULL;
  g_autoptr (GHashTable) next = new_next_table ();
  guint renamed = 0;

  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (SB_IS_CONFIG (config), 0);

  in_config = config_names (config);
  /* A new name must be free in the configuration and in the input. */
  taken = config_names (config);
  for (guint i = 0; i < self->connections->len; i++)
    {
      SbImportConnection *connection = g_ptr_array_index (self->connections, i);
      if (connection->source != NULL)
        g_hash_table_add (taken, g_strdup (sb_data_source_get_name (connection->source)));
    }
  for (guint i = 0; i < self->connections->len; i++)
    {
      SbImportConnection *connection = g_ptr_array_index (self->connections, i);
      g_autofree char *name = NULL;
      g_autofree char *unique = NULL;

      if (connection->source == NULL
          || !g_hash_table_contains (in_config, sb_data_source_get_name (connection->source)))
        continue;
      name = g_strdup (sb_data_source_get_name (connection->source));
      unique = unique_name (taken, next, name);
      sb_import_connection_note (connection,
                                 _ ("the configuration already has a data source named “%s”: "
                                    "renamed “%s”"),
                                 name, unique);
      /* The old name stays taken: another connection of the input may still hold it. */
      sb_data_source_set_name (connection->source, unique);
      g_hash_table_add (taken, g_steal_pointer (&unique));
      renamed++;
    }
  return renamed;
}

char *
sb_import_dup_summary (SbImport *self, guint position)
{
  SbDataSource *source = sb_import_get_data_source (self, position);
  guint n;

  if (source == NULL)
    return NULL;
  n = sb_data_source_get_n_subscriptions (source);
  if (sb_data_source_get_transport (source) == SB_TRANSPORT_WEBSOCKETS)
    {
      /* ws:// or wss:// says the TLS already. */
      g_autofree char *url = sb_broker_url_from_source (source);
      return g_strdup_printf (
          g_dngettext (GETTEXT_PACKAGE, "%s, %u subscription", "%s, %u subscriptions", n), url, n);
    }
  return g_strdup_printf (
      sb_data_source_get_tls_enabled (source)
          ? g_dngettext (GETTEXT_PACKAGE, "%s:%u, TLS, %u subscription",
                         "%s:%u, TLS, %u subscriptions", n)
          : g_dngettext (GETTEXT_PACKAGE, "%s:%u, %u subscription", "%s:%u, %u subscriptions", n),
      sb_data_source_get_broker (source), sb_data_source_get_effective_port (source), n);
}

guint
sb_import_get_n_importable (SbImport *self)
{
  guint n = 0;

  g_return_val_if_fail (self != NULL, 0);
  for (guint i = 0; i < self->connections->len; i++)
    if (((SbImportConnection *)g_ptr_array_index (self->connections, i))->source != NULL)
      n++;
  return n;
}

char **
sb_import_find_conflicts (SbImport *self, SbConfig *config)
{
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();

  g_autoptr (GHashTable) in_config = NULL;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (SB_IS_CONFIG (config), NULL);

  in_config = config_names (config);
  for (guint i = 0; i < self->connections->len; i++)
    {
      SbImportConnection *connection = g_ptr_array_index (self->connections, i);
      const char *name;

      if (connection->source == NULL)
        continue;
      name = sb_data_source_get_name (connection->source);
      if (g_hash_table_contains (in_config, name))
        g_strv_builder_add (builder, name);
    }
  return g_strv_builder_end (builder);
}
