/* sb-config-load.c: reading the JSON format (version 1), strictly
 *
 * All or nothing: either every key is known, typed and valid, or the load
 * fails with every problem found, one per line ("PATH: MESSAGE"), from
 * data or from a file.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <inttypes.h>
#include <errno.h>
#include <unistd.h>
#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "sb-config-load-private.h"
#include "sb-config-private.h"
#include "sb-file.h"
#include "sb-json-scan.h"
#include "sb-validate.h"

static const char *const top_keys[] = { "format", "version", "data_sources", NULL };
static const char *const source_keys[] = { "id",
                                           "name",
                                           "type",
                                           "broker",
                                           "port",
                                           "transport",
                                           "path",
                                           "protocol",
                                           "client_id",
                                           "keep_alive",
                                           "clean_session",
                                           "qos",
                                           "auth",
                                           "tls",
                                           "session_expiry_interval",
                                           "user_properties",
                                           "will",
                                           "subscriptions",
                                           NULL };
static const char *const auth_keys[] = { "username", "password", "password_store", NULL };
static const char *const tls_keys[] = { "enabled",
                                        "ca_file",
                                        "client_cert",
                                        "client_key",
                                        "client_key_password",
                                        "client_key_password_store",
                                        "verify",
                                        NULL };
static const char *const will_keys[] = { "topic", "payload", "qos", "retain", NULL };
static const char *const user_property_keys[] = { "name", "value", NULL };
static const char *const subscription_keys[]
    = { "topic", "qos", "data_path", "no_local", "retain_as_published", "retain_handling", NULL };

/* Enters @key (or leaves the path as is for NULL); returns the length to go back to. */
static void
load_auth (Loader *l, JsonObject *auth, SbDataSource *source)
{
  const char *text;
  gboolean has_password;

  sb_loader_check_keys (l, auth, auth_keys);
  if (sb_loader_get_string (l, auth, "username", FALSE, &text))
    sb_data_source_set_username (source, text);
  if (sb_loader_get_string (l, auth, "password_store", FALSE, &text))
    {
      if (strcmp (text, "file") == 0)
        sb_data_source_set_password_store (source, SB_PASSWORD_STORE_FILE);
      else if (strcmp (text, "keyring") == 0)
        sb_data_source_set_password_store (source, SB_PASSWORD_STORE_KEYRING);
      else
        {
          g_autofree char *shown = sb_quote (text, -1);
          sb_loader_problem (l, "password_store",
                             _ ("%s is not a password store (“file” or “keyring”)"), shown);
        }
    }
  has_password = sb_loader_get_string (l, auth, "password", FALSE, &text);
  if (has_password && sb_data_source_get_password_store (source) == SB_PASSWORD_STORE_KEYRING)
    sb_loader_problem (
        l, "password",
        _ ("the password is in the keyring (password_store “keyring”); remove it from "
           "the file"));
  else if (has_password)
    sb_data_source_set_password (source, text);
}

/* The client key's passphrase follows the rules of auth.password. */
static void
load_tls_key_password (Loader *l, JsonObject *tls, SbDataSource *source)
{
  const char *text;

  if (sb_loader_get_string (l, tls, "client_key_password_store", FALSE, &text))
    {
      if (strcmp (text, "file") == 0)
        sb_data_source_set_tls_client_key_password_store (source, SB_PASSWORD_STORE_FILE);
      else if (strcmp (text, "keyring") == 0)
        sb_data_source_set_tls_client_key_password_store (source, SB_PASSWORD_STORE_KEYRING);
      else
        {
          g_autofree char *shown = sb_quote (text, -1);
          sb_loader_problem (l, "client_key_password_store",
                             _ ("%s is not a password store (“file” or “keyring”)"), shown);
        }
    }
  if (!sb_loader_get_string (l, tls, "client_key_password", FALSE, &text))
    return;
  if (sb_data_source_get_tls_client_key_password_store (source) == SB_PASSWORD_STORE_KEYRING)
    sb_loader_problem (l, "client_key_password",
                       _ ("the passphrase is in the keyring (client_key_password_store “keyring”); "
                          "remove it from the file"));
  else
    sb_data_source_set_tls_client_key_password (source, text);
}

static void
load_tls (Loader *l, JsonObject *tls, SbDataSource *source)
{
  const char *text;
  gboolean flag;

  sb_loader_check_keys (l, tls, tls_keys);
  if (sb_loader_get_boolean (l, tls, "enabled", &flag))
    sb_data_source_set_tls_enabled (source, flag);
  if (sb_loader_get_string (l, tls, "ca_file", FALSE, &text))
    sb_data_source_set_tls_ca_file (source, text);
  if (sb_loader_get_string (l, tls, "client_cert", FALSE, &text))
    sb_data_source_set_tls_client_cert (source, text);
  if (sb_loader_get_string (l, tls, "client_key", FALSE, &text))
    sb_data_source_set_tls_client_key (source, text);
  load_tls_key_password (l, tls, source);
  if (sb_loader_get_boolean (l, tls, "verify", &flag))
    sb_data_source_set_tls_verify (source, flag);
}

static void
load_will (Loader *l, JsonObject *will, SbDataSource *source)
{
  const char *text;
  gboolean flag;
  gint64 number;

  sb_loader_check_keys (l, will, will_keys);
  /* The model's "no will" is an empty topic: a will object must have one. */
  if (sb_loader_get_string (l, will, "topic", TRUE, &text))
    {
      if (text[0] == '\0')
        sb_loader_problem (l, "topic",
                           _ ("the will topic is empty (leave out “will” for no last will)"));
      sb_data_source_set_will_topic (source, text);
    }
  if (sb_loader_get_string (l, will, "payload", FALSE, &text))
    sb_data_source_set_will_payload (source, text);
  if (sb_loader_get_integer (l, will, "qos", FALSE, sb_validate_qos, &number))
    sb_data_source_set_will_qos (source, (int)number);
  if (sb_loader_get_boolean (l, will, "retain", &flag))
    sb_data_source_set_will_retain (source, flag);
}

static void
load_user_properties (Loader *l, JsonArray *array, SbDataSource *source)
{
  guint n = json_array_get_length (array);

  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      gsize length = sb_loader_push_index (l, i);
      const char *name = "", *value = "";

      if (!JSON_NODE_HOLDS_OBJECT (node))
        sb_loader_problem (
            l, NULL,
            _ ("expected an object (a user property, like {\"name\": \"site\", \"value\": "
               "\"Halle 3\"}), found %s"),
            sb_loader_describe_node (node));
      else
        {
          JsonObject *object = json_node_get_object (node);

          sb_loader_check_keys (l, object, user_property_keys);
          sb_loader_get_string (l, object, "name", TRUE, &name);
          sb_loader_get_string (l, object, "value", TRUE, &value);
        }
      /* Kept even when broken, so positions match the file's indexes. */
      sb_data_source_add_user_property (source, name, value);
      sb_loader_pop (l, length);
    }
}

static SbSubscription *
load_subscription (Loader *l, JsonNode *node)
{
  SbSubscription *sub = sb_subscription_new ("");
  JsonObject *object;
  const char *text;
  gboolean flag;
  gint64 number;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      sb_loader_problem (l, NULL,
                         _ ("expected an object (a subscription, like {\"topic\": \"a/b\"}), "
                            "found %s"),
                         sb_loader_describe_node (node));
      return sub;
    }
  object = json_node_get_object (node);
  sb_loader_check_keys (l, object, subscription_keys);
  if (sb_loader_get_string (l, object, "topic", TRUE, &text))
    sb_subscription_set_topic (sub, text);
  if (sb_loader_get_integer (l, object, "qos", FALSE, sb_validate_qos, &number))
    sb_subscription_set_qos (sub, (int)number);
  if (sb_loader_get_string (l, object, "data_path", FALSE, &text))
    sb_subscription_set_data_path (sub, text);
  if (sb_loader_get_boolean (l, object, "no_local", &flag))
    sb_subscription_set_no_local (sub, flag);
  if (sb_loader_get_boolean (l, object, "retain_as_published", &flag))
    sb_subscription_set_retain_as_published (sub, flag);
  if (sb_loader_get_integer (l, object, "retain_handling", FALSE, sb_validate_retain_handling,
                             &number))
    sb_subscription_set_retain_handling (sub, (SbRetainHandling)number);
  return sub;
}

static SbDataSource *
load_source (Loader *l, JsonNode *node)
{
  g_autoptr (SbDataSource) source = sb_data_source_new ();
  JsonObject *object, *child;
  JsonArray *subscriptions, *array;
  const char *text;
  gboolean flag;
  gint64 number;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      sb_loader_problem (l, NULL, _ ("expected an object (a data source), found %s"),
                         sb_loader_describe_node (node));
      return g_steal_pointer (&source);
    }
  object = json_node_get_object (node);
  sb_loader_check_keys (l, object, source_keys);

  /* A missing or empty id keeps the fresh one sb_data_source_new() made. */
  if (sb_loader_get_string (l, object, "id", FALSE, &text) && text[0] != '\0')
    sb_data_source_set_id (source, text);
  if (sb_loader_get_string (l, object, "name", TRUE, &text))
    sb_data_source_set_name (source, text);
  if (sb_loader_get_string (l, object, "type", TRUE, &text) && strcmp (text, "mqtt") != 0)
    {
      g_autofree char *shown = sb_quote (text, -1);
      sb_loader_problem (l, "type", _ ("%s is not a data source type (the only type is “mqtt”)"),
                         shown);
    }
  if (sb_loader_get_string (l, object, "broker", TRUE, &text))
    sb_data_source_set_broker (source, text);
  if (sb_loader_get_integer (l, object, "port", FALSE, sb_validate_port, &number))
    sb_data_source_set_port (source, (guint)number);
  if (sb_loader_get_string (l, object, "transport", FALSE, &text))
    {
      SbTransport transport;
      if (sb_transport_from_string (text, &transport))
        sb_data_source_set_transport (source, transport);
      else
        {
          g_autofree char *shown = sb_quote (text, -1);
          sb_loader_problem (l, "transport", _ ("%s is not a transport (“tcp” or “websockets”)"),
                             shown);
        }
    }
  if (sb_loader_get_string (l, object, "path", FALSE, &text))
    {
      gsize length = sb_loader_push_key (l, "transport");
      gboolean bad_transport = g_hash_table_contains (l->bad_paths, l->path->str);
      sb_loader_pop (l, length);
      /* A path with TCP would be silently ignored: the file would not say
       * how it connects. A bad transport is reported once, there. */
      if (sb_data_source_get_transport (source) != SB_TRANSPORT_WEBSOCKETS && !bad_transport)
        sb_loader_problem (l, "path",
                           _ ("a path is only used with \"transport\": \"websockets\" (MQTT "
                              "over TCP has none)"));
      else
        sb_data_source_set_path (source, text);
    }
  if (sb_loader_get_string (l, object, "protocol", FALSE, &text))
    {
      SbProtocol protocol;
      if (sb_protocol_from_string (text, &protocol))
        sb_data_source_set_protocol (source, protocol);
      else
        {
          g_autofree char *shown = sb_quote (text, -1);
          sb_loader_problem (l, "protocol", _ ("%s is not an MQTT version (“3.1.1” or “5”)"),
                             shown);
        }
    }
  /* A protocol already reported (or misspelt) is not reported again as
   * "needs protocol 5" for each MQTT 5 option: take it for 5. */
  {
    gsize length = sb_loader_push_key (l, "protocol");
    gboolean bad = g_hash_table_contains (l->bad_paths, l->path->str);
    sb_loader_pop (l, length);
    if (bad)
      sb_data_source_set_protocol (source, SB_PROTOCOL_MQTT_5);
  }
  if (sb_loader_get_string (l, object, "client_id", FALSE, &text))
    sb_data_source_set_client_id (source, text);
  if (sb_loader_get_integer (l, object, "keep_alive", FALSE, sb_validate_keep_alive, &number))
    sb_data_source_set_keep_alive (source, (guint)number);
  if (sb_loader_get_boolean (l, object, "clean_session", &flag))
    sb_data_source_set_clean_session (source, flag);
  if (sb_loader_get_integer (l, object, "qos", FALSE, sb_validate_qos, &number))
    sb_data_source_set_qos (source, (int)number);

  child = sb_loader_get_object (l, object, "auth");
  if (child != NULL)
    {
      gsize length = sb_loader_push_key (l, "auth");
      load_auth (l, child, source);
      sb_loader_pop (l, length);
    }
  child = sb_loader_get_object (l, object, "tls");
  if (child != NULL)
    {
      gsize length = sb_loader_push_key (l, "tls");
      load_tls (l, child, source);
      sb_loader_pop (l, length);
    }

  if (sb_loader_get_integer (l, object, "session_expiry_interval", FALSE,
                             sb_validate_session_expiry_interval, &number))
    sb_data_source_set_session_expiry_interval (source, (guint32)number);
  array = sb_loader_get_optional_array (l, object, "user_properties");
  if (array != NULL)
    {
      gsize length = sb_loader_push_key (l, "user_properties");
      load_user_properties (l, array, source);
      sb_loader_pop (l, length);
    }
  child = sb_loader_get_object (l, object, "will");
  if (child != NULL)
    {
      gsize length = sb_loader_push_key (l, "will");
      load_will (l, child, source);
      sb_loader_pop (l, length);
    }

  subscriptions = sb_loader_get_array (l, object, "subscriptions");
  if (subscriptions != NULL)
    {
      gsize outer = sb_loader_push_key (l, "subscriptions");
      guint n = json_array_get_length (subscriptions);

      for (guint i = 0; i < n; i++)
        {
          gsize length = sb_loader_push_index (l, i);
          g_autoptr (SbSubscription) sub
              = load_subscription (l, json_array_get_element (subscriptions, i));
          sb_data_source_add_subscription (source, sub);
          sb_loader_pop (l, length);
        }
      sb_loader_pop (l, outer);
    }
  return g_steal_pointer (&source);
}

/* FALSE with @error set only for a newer format version: then nothing else is read. */
static gboolean
load_root (Loader *l, JsonNode *root, SbConfig *config, GError **error)
{
  JsonObject *object;
  JsonArray *sources;
  const char *format;
  gint64 version;

  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      sb_loader_problem (
          l, NULL,
          _ ("the file holds %s, not a Signalboard configuration (a JSON object with "
             "“format”, “version” and “data_sources”)"),
          sb_loader_describe_node (root));
      return TRUE;
    }
  object = json_node_get_object (root);

  /* The version first: a newer file may mean anything by its other keys. */
  if (sb_loader_get_integer (l, object, "version", TRUE, NULL, &version))
    {
      if (version > SB_CONFIG_VERSION)
        {
          g_set_error (error, SB_CONFIG_ERROR, SB_CONFIG_ERROR_UNSUPPORTED_VERSION,
                       _ ("version: written by a newer Signalboard (format version %" PRId64
                          "); this one reads version %d"),
                       version, SB_CONFIG_VERSION);
          return FALSE;
        }
      if (version < 1)
        sb_loader_problem (l, "version",
                           _ ("%" PRId64 " is not a format version (this Signalboard reads "
                              "version %d)"),
                           version, SB_CONFIG_VERSION);
    }
  if (sb_loader_get_string (l, object, "format", TRUE, &format)
      && strcmp (format, SB_CONFIG_FORMAT) != 0)
    {
      /* Some other program's JSON: its keys would only bury this line. */
      g_autofree char *shown = sb_quote (format, -1);
      sb_loader_problem (l, "format", _ ("%s is not a Signalboard configuration (expected “%s”)"),
                         shown, SB_CONFIG_FORMAT);
      return TRUE;
    }
  sb_loader_check_keys (l, object, top_keys);

  sources = sb_loader_get_array (l, object, "data_sources");
  if (sources != NULL)
    {
      gsize outer = sb_loader_push_key (l, "data_sources");
      guint n = json_array_get_length (sources);

      for (guint i = 0; i < n; i++)
        {
          gsize length = sb_loader_push_index (l, i);
          g_autoptr (SbDataSource) source = load_source (l, json_array_get_element (sources, i));
          g_autoptr (GPtrArray) problems = sb_data_source_check (source);

          /* The rules on values, except where the structure already failed:
           * one problem per place. */
          for (guint j = 0; j < problems->len; j++)
            {
              SbProblem *p = g_ptr_array_index (problems, j);
              g_autofree char *where_in_source = sb_problem_dup_path (p);
              gsize field_length = l->path->len;

              g_string_append_printf (l->path, ".%s", where_in_source);
              if (!sb_loader_is_reported (l, l->path->str)
                  && ++l->n_problems <= SB_JSON_MAX_PROBLEMS)
                {
                  g_autofree char *where = sb_json_path_shown (l->path->str);
                  g_ptr_array_add (l->lines, g_strdup_printf ("%s: %s", where, p->message));
                }
              g_string_truncate (l->path, field_length);
            }
          /* Kept even when broken, so positions match the file's indexes. */
          sb_config_append (config, source);
          sb_loader_pop (l, length);
        }
      sb_loader_pop (l, outer);
    }
  else
    {
      gsize length = sb_loader_push_key (l, "data_sources");
      sb_loader_mark_bad (l);
      sb_loader_pop (l, length);
    }
  return TRUE;
}

/* One line per problem; past the limit, one line that says how many more. */
static void
set_problems_error (GError **error, GPtrArray *lines, guint n_problems)
{
  g_autoptr (GString) message = g_string_new (NULL);

  for (guint i = 0; i < lines->len; i++)
    g_string_append_printf (message, "%s%s", i > 0 ? "\n" : "",
                            (char *)g_ptr_array_index (lines, i));
  if (n_problems > lines->len)
    g_string_append_printf (message,
                            g_dngettext (GETTEXT_PACKAGE, "\n… and %u more problem",
                                         "\n… and %u more problems", n_problems - lines->len),
                            n_problems - lines->len);
  g_set_error_literal (error, SB_CONFIG_ERROR, SB_CONFIG_ERROR_INVALID, message->str);
}

SbConfig *
sb_config_load_from_data (const char *data, gssize length, GError **error)
{
  g_autoptr (SbConfig) config = NULL;
  g_autoptr (SbJsonScan) scan = NULL;
  g_autoptr (JsonParser) parser = NULL;
  g_autoptr (GError) parse_error = NULL;
  g_autoptr (GPtrArray) lines = NULL;
  g_autoptr (GHashTable) bad_paths = NULL;
  g_autoptr (GString) path = NULL;
  g_autoptr (GPtrArray) problems = NULL;
  GPtrArray *duplicates;
  Loader l;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (length < 0)
    length = strlen (data);
  if (length > SB_CONFIG_MAX_SIZE)
    {
      sb_config_set_too_large_error (error, length);
      return NULL;
    }
  /* Editors on some systems start UTF-8 files with a byte-order mark. */
  if (length >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    {
      data += 3;
      length -= 3;
    }

  scan = sb_json_scan (data ? data : "", length, error);
  if (scan == NULL)
    return NULL;
  duplicates = sb_json_scan_get_problems (scan);
  if (duplicates->len > 0)
    {
      /* json-glib would keep the last value silently: which one was meant is unknowable. */
      set_problems_error (error, duplicates, sb_json_scan_get_n_problems (scan));
      return NULL;
    }

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, length, &parse_error))
    {
      /* The scan accepts only what json-glib reads; this is a safety net. */
      g_set_error (error, SB_CONFIG_ERROR, SB_CONFIG_ERROR_SYNTAX, "%s", parse_error->message);
      return NULL;
    }

  lines = g_ptr_array_new_with_free_func (g_free);
  bad_paths = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  path = g_string_new (NULL);
  l = (Loader){ scan, lines, bad_paths, path, 0 };

  config = sb_config_new ();
  if (!load_root (&l, json_parser_get_root (parser), config, error))
    return NULL;

  problems = g_ptr_array_new_with_free_func ((GDestroyNotify)sb_problem_free);
  sb_config_check_across (config, problems);
  for (guint i = 0; i < problems->len; i++)
    {
      SbProblem *p = g_ptr_array_index (problems, i);
      g_autofree char *where = sb_problem_dup_path (p);

      if (!sb_loader_is_reported (&l, where) && ++l.n_problems <= SB_JSON_MAX_PROBLEMS)
        g_ptr_array_add (lines, g_strdup_printf ("%s: %s", where, p->message));
    }

  if (lines->len > 0)
    {
      set_problems_error (error, lines, l.n_problems);
      return NULL;
    }
  return g_steal_pointer (&config);
}

SbConfig *
sb_config_load_from_file (const char *path, GError **error)
{
  g_autoptr (GError) local_error = NULL;
  g_autofree char *data = NULL;
  gsize size = 0;
  gsize allocated;
  GStatBuf st;
  int fd;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* A FIFO or a device would hang the open or the read: refused unread. */
  fd = sb_file_open_regular (path, &st, &local_error);
  if (fd < 0)
    {
      if (g_error_matches (local_error, SB_FILE_ERROR, SB_FILE_ERROR_IS_DIRECTORY))
        g_set_error_literal (error, SB_CONFIG_ERROR, SB_CONFIG_ERROR_IO,
                             _ ("is a directory, not a configuration file"));
      else
        g_set_error_literal (error, SB_CONFIG_ERROR, SB_CONFIG_ERROR_IO, local_error->message);
      return NULL;
    }
  if (st.st_size > SB_CONFIG_MAX_SIZE)
    {
      close (fd);
      sb_config_set_too_large_error (error, st.st_size);
      return NULL;
    }

  /* Read at most one byte past the limit: a growing file is larger than
   * its size said. */
  allocated = (gsize)st.st_size + 1;
  data = g_malloc (allocated);
  for (;;)
    {
      gssize n;

      if (size == allocated)
        {
          allocated = MIN (allocated * 2, (gsize)SB_CONFIG_MAX_SIZE + 1);
          data = g_realloc (data, allocated);
        }
      n = read (fd, data + size, allocated - size);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved = errno;
          close (fd);
          g_set_error (error, SB_CONFIG_ERROR, SB_CONFIG_ERROR_IO, _ ("cannot read the file: %s"),
                       g_strerror (saved));
          return NULL;
        }
      if (n == 0)
        break;
      size += n;
      if (size > SB_CONFIG_MAX_SIZE)
        {
          close (fd);
          g_set_error (error, SB_CONFIG_ERROR, SB_CONFIG_ERROR_TOO_LARGE,
                       _ ("the file is larger than 16 MiB, the most a configuration can be"));
          return NULL;
        }
    }
  close (fd);

  return sb_config_load_from_data (data, size, error);
}
