/* sb-import.c: reading another tool's file, the mapping both formats share,
 * and the result's accessors
 *
 * The per-format mappings are in sb-import-mqtt-explorer.c and sb-import-mqttx.c;
 * applying the result to a configuration, and export, in sb-import-apply.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <inttypes.h>
#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "sb-file.h"
#include "sb-broker-url.h"
#include "sb-import-private.h"
#include "sb-json-scan.h"
#include "sb-validate.h"

/* clang-format off */
G_DEFINE_QUARK (sb-import-error-quark, sb_import_error)
/* clang-format on */

G_DEFINE_ENUM_TYPE (SbImportError, sb_import_error, G_DEFINE_ENUM_VALUE (SB_IMPORT_ERROR_IO, "io"),
                    G_DEFINE_ENUM_VALUE (SB_IMPORT_ERROR_SYNTAX, "syntax"),
                    G_DEFINE_ENUM_VALUE (SB_IMPORT_ERROR_SHAPE, "shape"),
                    G_DEFINE_ENUM_VALUE (SB_IMPORT_ERROR_DUPLICATE, "duplicate"),
                    G_DEFINE_ENUM_VALUE (SB_IMPORT_ERROR_KEYRING, "keyring"))

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

static void
connection_free (SbImportConnection *connection)
{
  g_free (connection->name);
  g_clear_object (&connection->source);
  g_ptr_array_unref (connection->notes);
  for (guint i = 0; i < SB_IMPORT_N_CERTS; i++)
    {
      g_clear_pointer (&connection->certs[i], g_bytes_unref);
      g_free (connection->cert_suffixes[i]);
    }
  g_free (connection);
}

static SbImport *
sb_import_new (SbImportFormat format)
{
  SbImport *self = g_new0 (SbImport, 1);

  self->format = format;
  self->connections = g_ptr_array_new_with_free_func ((GDestroyNotify)connection_free);
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

SbImportConnection *
sb_import_add_connection (SbImport *self, const char *name)
{
  SbImportConnection *connection = g_new0 (SbImportConnection, 1);

  connection->name = g_strdup (name);
  connection->source = sb_data_source_new ();
  connection->notes = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (connection->notes, NULL);
  g_ptr_array_add (self->connections, connection);
  return connection;
}

static void
add_note (SbImportConnection *connection, char *note)
{
  /* Keep the array NULL-terminated for sb_import_get_notes(). */
  g_ptr_array_insert (connection->notes, connection->notes->len - 1, note);
}

void
sb_import_note (SbImportConnection *connection, const char *format, ...)
{
  va_list args;

  va_start (args, format);
  add_note (connection, g_strdup_vprintf (format, args));
  va_end (args);
}

void
sb_import_reject (SbImportConnection *connection, const char *format, ...)
{
  va_list args;

  va_start (args, format);
  add_note (connection, g_strdup_vprintf (format, args));
  va_end (args);
  g_clear_object (&connection->source);
}

static JsonNode *
get_member (SbImportConnection *connection, JsonObject *object, const char *key, GType type,
            const char *expected)
{
  JsonNode *node = json_object_get_member (object, key);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != type)
    {
      sb_import_note (connection, _ ("“%s” is not %s: left out"), key, expected);
      return NULL;
    }
  return node;
}

gboolean
sb_import_get_string (SbImportConnection *connection, JsonObject *object, const char *key,
                      const char **value)
{
  JsonNode *node = get_member (connection, object, key, G_TYPE_STRING, _ ("a string"));

  if (node == NULL)
    return FALSE;
  *value = json_node_get_string (node);
  return TRUE;
}

gboolean
sb_import_get_int (SbImportConnection *connection, JsonObject *object, const char *key,
                   gint64 *value)
{
  JsonNode *node = json_object_get_member (object, key);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return FALSE;
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64)
    {
      *value = json_node_get_int (node);
      return TRUE;
    }
  /* Both tools are JavaScript: a number may have come out as 1883.0, or a
   * form field may have saved "1883" as text. */
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_DOUBLE)
    {
      double d = json_node_get_double (node);
      /* Range first: casting inf or 1e300 to an integer is undefined. */
      if (d >= -1e15 && d <= 1e15 && d == (double)(gint64)d)
        {
          *value = (gint64)d;
          return TRUE;
        }
    }
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    {
      guint64 parsed;
      if (g_ascii_string_to_unsigned (json_node_get_string (node), 10, 0, G_MAXINT32, &parsed,
                                      NULL))
        {
          *value = (gint64)parsed;
          return TRUE;
        }
    }
  sb_import_note (connection, _ ("“%s” is not a whole number: left out"), key);
  return FALSE;
}

gboolean
sb_import_get_bool (SbImportConnection *connection, JsonObject *object, const char *key,
                    gboolean *value)
{
  JsonNode *node = get_member (connection, object, key, G_TYPE_BOOLEAN, _ ("true or false"));

  if (node == NULL)
    return FALSE;
  *value = json_node_get_boolean (node);
  return TRUE;
}

gboolean
sb_import_is_blank (const char *text)
{
  for (const char *p = text; p != NULL && *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return FALSE;
  return TRUE;
}

void
sb_import_set_host_port (SbImportConnection *connection, const char *host, gboolean has_port,
                         gint64 port)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (host != NULL ? host : ""));
  const char *scheme_end = strstr (trimmed, "://");

  if (connection->source == NULL)
    return;

  /* People paste URLs into host fields; the tools accept them. */
  if (scheme_end != NULL)
    {
      const char *bare = scheme_end + 3;
      sb_import_note (connection, _ ("host “%s”: the scheme was removed, the broker is “%s”"),
                      trimmed, bare);
      sb_data_source_set_broker (connection->source, bare);
    }
  else
    sb_data_source_set_broker (connection->source, trimmed);

  /* 0 is Signalboard's "the default port" (1883, or 8883 with TLS) too. */
  if (has_port && port != 0)
    {
      g_autoptr (GError) error = NULL;

      if (!sb_validate_port (port, &error))
        sb_import_reject (connection, _ ("not imported: port: %s"), error->message);
      else
        sb_data_source_set_port (connection->source, (guint)port);
    }
}

static SbSubscription *
add_one_subscription (SbImportConnection *connection, const char *topic, gboolean has_qos,
                      gint64 qos)
{
  g_autoptr (SbSubscription) subscription = NULL;
  g_autoptr (GError) error = NULL;

  if (!sb_validate_topic_filter (topic, -1, &error))
    {
      sb_import_note (connection, _ ("subscription “%s” left out: %s"), topic, error->message);
      return NULL;
    }
  subscription = sb_subscription_new (topic);
  if (has_qos && qos >= 0 && qos <= 2)
    sb_subscription_set_qos (subscription, (int)qos);
  else if (has_qos)
    sb_import_note (
        connection,
        _ ("subscription “%s”: QoS %" PRId64 " is not 0, 1 or 2; it takes the data source’s QoS"),
        topic, qos);
  sb_data_source_add_subscription (connection->source, subscription);
  return subscription; /* the data source holds it */
}

/* MQTTX's MQTT 5 subscription options: nl (no local), rap (retain as
 * published), rh (retain handling), subscriptionIdentifier. Mapped for an
 * MQTT 5 connection, noted otherwise; a value at its default needs nothing. */
static void
map_subscription_options (SbImportConnection *connection, JsonObject *sub,
                          SbSubscription *subscription, const char *topic)
{
  static const char *const options[] = { "nl", "rap", "rh", "subscriptionIdentifier", NULL };
  gboolean v5 = sb_data_source_get_protocol (connection->source) == SB_PROTOCOL_MQTT_5;

  for (guint k = 0; options[k] != NULL; k++)
    {
      JsonNode *option = json_object_get_member (sub, options[k]);
      gint64 value;

      if (option == NULL || !JSON_NODE_HOLDS_VALUE (option))
        continue;
      value = json_node_get_value_type (option) == G_TYPE_BOOLEAN ? json_node_get_boolean (option)
                                                                  : json_node_get_int (option);
      if (value == 0)
        continue;
      if (strcmp (options[k], "subscriptionIdentifier") == 0)
        sb_import_note (connection,
                        _ ("subscription “%s”: the subscription identifier %" PRId64
                           " left out: Signalboard does not send one"),
                        topic, value);
      else if (!v5)
        sb_import_note (connection,
                        _ ("subscription “%s”: the MQTT 5 option “%s” left out: the connection "
                           "uses MQTT 3.1.1"),
                        topic, options[k]);
      else if (strcmp (options[k], "nl") == 0)
        sb_subscription_set_no_local (subscription, TRUE);
      else if (strcmp (options[k], "rap") == 0)
        sb_subscription_set_retain_as_published (subscription, TRUE);
      else if (value == 1 || value == 2)
        sb_subscription_set_retain_handling (subscription, (SbRetainHandling)value);
      else
        sb_import_note (
            connection,
            _ ("subscription “%s”: retain handling %" PRId64 " is not 0, 1 or 2: left out"), topic,
            value);
    }
}

void
sb_import_add_subscriptions (SbImportConnection *connection, JsonObject *object, const char *key,
                             const char *const *known_keys)
{
  JsonNode *node = json_object_get_member (object, key);

  if (connection->source == NULL)
    return;

  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);
      guint n = json_array_get_length (array);

      for (guint i = 0; i < n; i++)
        {
          JsonNode *element = json_array_get_element (array, i);
          JsonObject *sub;
          const char *topic = NULL;
          gint64 qos = 0;
          gboolean has_qos, disabled = FALSE;
          SbSubscription *subscription;

          /* Older MQTT Explorer versions kept bare topic strings. */
          if (JSON_NODE_HOLDS_VALUE (element)
              && json_node_get_value_type (element) == G_TYPE_STRING)
            {
              add_one_subscription (connection, json_node_get_string (element), FALSE, 0);
              continue;
            }
          if (!JSON_NODE_HOLDS_OBJECT (element))
            {
              sb_import_note (connection,
                              _ ("%s[%u] is neither a topic nor a {topic, qos} object: left out"),
                              key, i);
              continue;
            }
          sub = json_node_get_object (element);
          if (!sb_import_get_string (connection, sub, "topic", &topic))
            {
              sb_import_note (connection, _ ("%s[%u] has no topic: left out"), key, i);
              continue;
            }
          if (known_keys != NULL && g_strv_contains (known_keys, "disabled")
              && sb_import_get_bool (connection, sub, "disabled", &disabled) && disabled)
            {
              sb_import_note (connection, _ ("subscription “%s” is disabled there: left out"),
                              topic);
              continue;
            }
          if (known_keys != NULL)
            {
              g_autofree char *where = g_strdup_printf (_ ("subscription “%s”"), topic);
              sb_import_note_unknown (connection, sub, known_keys, where);
            }
          has_qos = sb_import_get_int (connection, sub, "qos", &qos);
          subscription = add_one_subscription (connection, topic, has_qos, qos);
          if (subscription != NULL && known_keys != NULL && g_strv_contains (known_keys, "nl"))
            map_subscription_options (connection, sub, subscription, topic);
        }
    }
  else if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
    sb_import_note (connection, _ ("“%s” is not a list: left out"), key);

  /* A data source needs a subscription. Both tools connect without one (MQTT
   * Explorer then shows every topic); "#" is the nearest to what the user had. */
  if (sb_data_source_get_n_subscriptions (connection->source) == 0)
    {
      g_autoptr (SbSubscription) all = sb_subscription_new ("#");
      sb_data_source_add_subscription (connection->source, all);
      sb_import_note (connection, _ ("no subscriptions: subscribed to “#” (every topic)"));
    }
}

void
sb_import_note_unknown (SbImportConnection *connection, JsonObject *object,
                        const char *const *known, const char *where)
{
  g_autoptr (GList) members = json_object_get_members (object);

  for (GList *l = members; l != NULL; l = l->next)
    if (!g_strv_contains (known, l->data))
      sb_import_note (connection, _ ("%s: the field “%s” is not known to Signalboard: left out"),
                      where, (const char *)l->data);
}

void
sb_import_finish_connection (SbImport *self, SbImportConnection *connection)
{
  g_autoptr (GPtrArray) problems = NULL;

  if (connection->source == NULL)
    return;

  problems = sb_data_source_check (connection->source);
  if (problems->len == 0)
    return;
  for (guint i = 0; i < problems->len; i++)
    {
      SbProblem *problem = g_ptr_array_index (problems, i);
      g_autofree char *where = sb_problem_dup_path (problem);

      sb_import_note (connection, _ ("not imported: %s: %s"), where, problem->message);
    }
  g_clear_object (&connection->source);
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

          sb_import_note (connection,
                          _ ("another connection in the file is named “%s”: renamed “%s”"), name,
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

  self = sb_import_new (format);
  switch (format)
    {
      case SB_IMPORT_FORMAT_MQTT_EXPLORER:
        parsed = sb_import_parse_mqtt_explorer (self, json_parser_get_root (parser), error);
        break;
      case SB_IMPORT_FORMAT_MQTTX:
        parsed = sb_import_parse_mqttx (self, json_parser_get_root (parser), error);
        break;
      default:
        g_assert_not_reached ();
    }
  if (!parsed)
    return NULL;
  if (self->connections->len == 0)
    {
      g_set_error (error, SB_IMPORT_ERROR, SB_IMPORT_ERROR_SHAPE,
                   _ ("the file holds no connections"));
      return NULL;
    }
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

static SbImportConnection *
get_connection (SbImport *self, guint position)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (position < self->connections->len, NULL);
  return g_ptr_array_index (self->connections, position);
}

const char *
sb_import_get_connection_name (SbImport *self, guint position)
{
  SbImportConnection *connection = get_connection (self, position);
  return connection != NULL ? connection->name : NULL;
}

SbDataSource *
sb_import_get_data_source (SbImport *self, guint position)
{
  SbImportConnection *connection = get_connection (self, position);
  return connection != NULL ? connection->source : NULL;
}

const char *const *
sb_import_get_notes (SbImport *self, guint position)
{
  SbImportConnection *connection = get_connection (self, position);
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
      sb_import_note (connection,
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
