/* sb-validate.c: the rules a data source's settings must follow
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <inttypes.h>
#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <mosquitto.h>
#include <string.h>

#include "sb-error.h"
#include "sb-data-path.h"
#include "sb-validate.h"

#include "sb-broker-url.h"

/* MQTT strings carry a 16-bit length prefix. */
#define MQTT_MAX_STRING 65535

static gboolean
fail (GError **error, const char *format, ...) G_GNUC_PRINTF (2, 3);

static gboolean
fail (GError **error, const char *format, ...)
{
  va_list args;

  if (error == NULL)
    return FALSE;
  g_return_val_if_fail (*error == NULL, FALSE);
  va_start (args, format);
  *error = g_error_new_valist (SB_CONFIG_ERROR, SB_CONFIG_ERROR_INVALID, format, args);
  va_end (args);
  return FALSE;
}

static gboolean
is_blank (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return FALSE;
  return TRUE;
}

gboolean
sb_validate_name (const char *name, GError **error)
{
  if (name == NULL || name[0] == '\0')
    return fail (error, _ ("a name is required"));
  if (!g_utf8_validate (name, -1, NULL))
    return fail (error, _ ("the name is not valid UTF-8"));
  if (is_blank (name))
    return fail (error, _ ("a name is required (this one is only spaces)"));
  for (const char *p = name; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_iscntrl (g_utf8_get_char (p)))
      return fail (error, _ ("the name contains a control character (a line break or tab?)"));
  return TRUE;
}

/* RFC 1123 host name (in its ASCII form): dot-separated labels of letters,
 * digits and hyphens, 1-63 characters each, no hyphen at either end. */
static gboolean
check_host_labels (const char *ascii, const char *shown, GError **error)
{
  g_auto (GStrv) labels = NULL;
  gsize length = strlen (ascii);

  /* One trailing dot is the fully qualified form ("broker.example.com."). */
  if (length > 1 && ascii[length - 1] == '.')
    length--;
  if (length > 253)
    return fail (error, _ ("%s is too long for a host name (at most 253 characters)"), shown);

  labels = g_strsplit (ascii, ".", -1);
  for (guint i = 0; labels[i] != NULL; i++)
    {
      const char *label = labels[i];
      gsize n = strlen (label);

      if (n == 0)
        {
          if (labels[i + 1] == NULL && i > 0)
            break; /* the trailing dot */
          return fail (error, _ ("%s has an empty part between dots"), shown);
        }
      if (n > 63)
        return fail (error, _ ("%s has a part longer than 63 characters"), shown);
      for (gsize j = 0; j < n; j++)
        if (!g_ascii_isalnum (label[j]) && label[j] != '-')
          {
            if (label[j] == '_')
              return fail (error, _ ("%s is not a host name: “_” is not allowed in host names"),
                           shown);
            return fail (error, _ ("%s is not a host name: “%c” is not allowed in host names"),
                         shown, label[j]);
          }
      if (label[0] == '-' || label[n - 1] == '-')
        return fail (error, _ ("%s is not a host name: a part cannot start or end with “-”"),
                     shown);
    }
  return TRUE;
}

static gboolean
looks_like_ipv4 (const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p) && *p != '.')
      return FALSE;
  return TRUE;
}

gboolean
sb_validate_broker (const char *broker, GError **error)
{
  g_autofree char *shown = NULL;
  g_autoptr (GInetAddress) address = NULL;
  g_autofree char *ascii = NULL;
  const char *colon;

  if (broker == NULL || broker[0] == '\0')
    return fail (error, _ ("a broker is required (a host name or an IP address)"));
  shown = sb_quote (broker, -1);
  if (!g_utf8_validate (broker, -1, NULL))
    return fail (error, _ ("%s is not valid UTF-8"), shown);

  if (sb_broker_url_has_scheme (broker))
    {
      g_autoptr (SbBrokerUrl) url = sb_broker_url_parse (broker, NULL);
      g_autofree char *scheme = g_strndup (broker, strstr (broker, "://") - broker + 3);
      g_autofree char *keys = url != NULL ? sb_broker_url_describe_keys (url) : NULL;

      /* The file keeps each part in its own key; the hint says which. */
      if (keys != NULL && keys[0] != '\0')
        return fail (error, _ ("%s is a URL: give only the host (“%s”) and the rest as %s"), shown,
                     url->host, keys);
      return fail (error, _ ("%s has a scheme: remove the scheme “%s” and give only the host"),
                   shown, scheme);
    }
  for (const char *p = broker; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if (g_unichar_isspace (c))
        return fail (error, _ ("%s contains a space; a host name has none"), shown);
      if (g_unichar_iscntrl (c))
        return fail (error, _ ("%s contains a control character"), shown);
    }
  if (strchr (broker, '/') != NULL)
    return fail (error, _ ("%s contains “/”: give only the host, without a path"), shown);

  address = g_inet_address_new_from_string (broker);
  if (address != NULL)
    return TRUE;

  if (broker[0] == '[')
    {
      /* "[::1]" or "[::1]:1883", as in URLs */
      const char *close = strchr (broker, ']');
      if (close != NULL)
        {
          g_autofree char *inside = g_strndup (broker + 1, close - broker - 1);
          g_autoptr (GInetAddress) v6 = g_inet_address_new_from_string (inside);
          if (v6 != NULL && close[1] == ':')
            return fail (error, _ ("%s has a port: put the port in the port field"), shown);
          if (v6 != NULL)
            return fail (error, _ ("%s: write an IPv6 address without the brackets"), shown);
        }
      return fail (error, _ ("%s is not an IP address"), shown);
    }

  colon = strrchr (broker, ':');
  if (colon != NULL)
    {
      if (strchr (broker, ':') == colon && colon[1] != '\0')
        {
          gboolean digits = TRUE;
          for (const char *p = colon + 1; *p != '\0'; p++)
            digits = digits && g_ascii_isdigit (*p);
          if (digits)
            return fail (error, _ ("%s has a port: put the port in the port field"), shown);
        }
      return fail (error, _ ("%s is not an IPv6 address"), shown);
    }

  if (looks_like_ipv4 (broker))
    return fail (error, _ ("%s is not an IPv4 address (four numbers 0-255, like 192.168.1.10)"),
                 shown);

  /* International names are allowed: check their ASCII (punycode) form. */
  ascii = g_hostname_to_ascii (broker);
  if (ascii == NULL)
    return fail (error, _ ("%s is not a host name"), shown);
  return check_host_labels (ascii, shown, error);
}

gboolean
sb_validate_port (gint64 port, GError **error)
{
  if (port < 1 || port > 65535)
    return fail (error, _ ("%" PRId64 " is not a port (1-65535)"), port);
  return TRUE;
}

gboolean
sb_validate_port_text (const char *text, guint *port, GError **error)
{
  g_autofree char *stripped = g_strstrip (g_strdup (text ? text : ""));
  g_autofree char *shown = NULL;
  guint64 value;

  if (stripped[0] == '\0')
    {
      if (port != NULL)
        *port = 0;
      return TRUE;
    }
  shown = sb_quote (stripped, -1);
  for (const char *p = stripped; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p))
      return fail (error, _ ("%s is not a port (1-65535)"), shown);
  if (!g_ascii_string_to_unsigned (stripped, 10, 0, G_MAXUINT64, &value, NULL) || value > 65535)
    return fail (error, _ ("%s is not a port (1-65535)"), stripped);
  if (!sb_validate_port ((gint64)value, error))
    return FALSE;
  if (port != NULL)
    *port = (guint)value;
  return TRUE;
}

gboolean
sb_validate_ws_path (const char *path, GError **error)
{
  g_autofree char *shown = NULL;

  if (path == NULL || path[0] == '\0')
    return fail (error, _ ("a WebSocket path is required (the broker’s usually is “/mqtt”)"));
  shown = sb_quote (path, -1);
  if (path[0] != '/')
    return fail (error, _ ("%s does not start with “/” (like “/mqtt”)"), shown);
  if (strlen (path) > 2048)
    return fail (error, _ ("%s is too long for a path (at most 2048 bytes)"), shown);
  for (const char *p = path; *p != '\0'; p++)
    {
      /* What goes on the HTTP request line as it is: printable ASCII, no
       * space, and "#" would start a fragment. */
      if ((guchar)*p <= ' ' || (guchar)*p >= 0x7f || *p == '#')
        return fail (error,
                     _ ("%s is not a URL path: “%c” is not allowed (a space, a control or a "
                        "non-ASCII character?)"),
                     shown, g_ascii_isprint (*p) ? *p : '?');
    }
  return TRUE;
}

gboolean
sb_validate_keep_alive (gint64 keep_alive, GError **error)
{
  /* Below 5 s a busy broker or a slow link drops the connection for nothing. */
  if (keep_alive < 5 || keep_alive > 65535)
    return fail (error, _ ("%" PRId64 " is not a keep-alive interval (5-65535 seconds)"),
                 keep_alive);
  return TRUE;
}

gboolean
sb_validate_qos (gint64 qos, GError **error)
{
  if (qos < 0 || qos > 2)
    return fail (error, _ ("%" PRId64 " is not a QoS level (0, 1 or 2)"), qos);
  return TRUE;
}

gboolean
sb_validate_topic_filter (const char *filter, gssize length, GError **error)
{
  g_autofree char *shown = NULL;
  const char *end;
  const char *level;

  if (filter == NULL)
    length = 0;
  else if (length < 0)
    length = strlen (filter);

  if (length == 0)
    return fail (error, _ ("the topic filter is empty"));
  if ((gsize)length > MQTT_MAX_STRING)
    return fail (error, _ ("the topic filter is %" PRId64 " bytes long (at most 65535)"),
                 (int64_t)length);
  if (memchr (filter, '\0', length) != NULL)
    return fail (error, _ ("the topic filter contains a NUL character"));

  shown = sb_quote (filter, length);
  if (!g_utf8_validate_len (filter, length, NULL))
    return fail (error, _ ("the topic filter %s is not valid UTF-8"), shown);
  /* MQTT also forbids control characters and Unicode non-characters. */
  if (mosquitto_validate_utf8 (filter, (int)length) != MOSQ_ERR_SUCCESS)
    return fail (error, _ ("the topic filter %s contains a character MQTT does not allow"), shown);

  end = filter + length;
  level = filter;
  while (level <= end)
    {
      const char *slash = memchr (level, '/', end - level);
      const char *level_end = slash ? slash : end;
      gsize n = level_end - level;

      if (memchr (level, '#', n) != NULL)
        {
          if (n != 1)
            return fail (error, _ ("in %s, “#” must fill a whole level (“a/#”, not “a#”)"), shown);
          if (level_end != end)
            return fail (error, _ ("in %s, “#” must be the last level"), shown);
        }
      if (memchr (level, '+', n) != NULL && n != 1)
        return fail (error, _ ("in %s, “+” must fill a whole level (“a/+/b”, not “a+/b”)"), shown);
      if (slash == NULL)
        break;
      level = slash + 1;
    }

  /* What the broker itself will check, should it know a rule the above misses. */
  if (mosquitto_sub_topic_check2 (filter, length) != MOSQ_ERR_SUCCESS)
    return fail (error, _ ("%s is not a valid MQTT topic filter"), shown);
  return TRUE;
}

gboolean
sb_validate_broker_is_loopback (const char *broker)
{
  g_autoptr (GInetAddress) address = NULL;

  g_return_val_if_fail (broker != NULL, FALSE);

  if (g_ascii_strcasecmp (broker, "localhost") == 0
      || g_ascii_strcasecmp (broker, "localhost.") == 0)
    return TRUE;
  address = g_inet_address_new_from_string (broker);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

gboolean
sb_validate_password_unencrypted (SbDataSource *source)
{
  const char *broker;

  g_return_val_if_fail (SB_IS_DATA_SOURCE (source), FALSE);

  broker = sb_data_source_get_broker (source);
  return !sb_data_source_get_tls_enabled (source)
         && (*sb_data_source_get_password (source) != '\0'
             || sb_data_source_get_password_store (source) == SB_PASSWORD_STORE_KEYRING)
         && *broker != '\0' && !sb_validate_broker_is_loopback (broker);
}

gboolean
sb_validate_data_path (const char *data_path, GError **error)
{
  /* The same parser that evaluates the path decides whether it is valid (json-glib 1.6's
   * json_path_compile reads past the end of "$['" and accepts paths it then loops on). */
  return sb_data_path_check (data_path != NULL ? data_path : "", error);
}

gboolean
sb_validate_topic_name (const char *topic, gssize length, GError **error)
{
  g_autofree char *shown = NULL;

  if (topic == NULL)
    length = 0;
  else if (length < 0)
    length = strlen (topic);

  if (length == 0)
    return fail (error, _ ("the topic is empty"));
  if ((gsize)length > MQTT_MAX_STRING)
    return fail (error, _ ("the topic is %" PRId64 " bytes long (at most 65535)"), (int64_t)length);
  if (memchr (topic, '\0', length) != NULL)
    return fail (error, _ ("the topic contains a NUL character"));

  shown = sb_quote (topic, length);
  if (!g_utf8_validate_len (topic, length, NULL))
    return fail (error, _ ("the topic %s is not valid UTF-8"), shown);
  if (mosquitto_validate_utf8 (topic, (int)length) != MOSQ_ERR_SUCCESS)
    return fail (error, _ ("the topic %s contains a character MQTT does not allow"), shown);
  /* A message goes to one topic: "+" and "#" only mean something in a subscription. */
  if (memchr (topic, '+', length) != NULL || memchr (topic, '#', length) != NULL)
    return fail (error,
                 _ ("%s is a topic filter, not a topic name: a message is published to one "
                    "topic, without “+” or “#”"),
                 shown);
  if (mosquitto_pub_topic_check2 (topic, length) != MOSQ_ERR_SUCCESS)
    return fail (error, _ ("%s is not a valid MQTT topic name"), shown);
  return TRUE;
}

gboolean
sb_validate_session_expiry_interval (gint64 seconds, GError **error)
{
  if (seconds < 0 || seconds > G_MAXUINT32)
    return fail (error,
                 _ ("%" PRId64 " is not a session expiry interval (0-4294967295 "
                    "seconds)"),
                 seconds);
  return TRUE;
}

gboolean
sb_validate_retain_handling (gint64 retain_handling, GError **error)
{
  if (retain_handling < 0 || retain_handling > 2)
    return fail (error,
                 _ ("%" PRId64 " is not a retain handling (0 send retained messages on "
                    "subscribe, 1 only for a new subscription, 2 never)"),
                 retain_handling);
  return TRUE;
}

gboolean
sb_validate_will_payload (const char *payload, gssize length, GError **error)
{
  if (payload == NULL)
    length = 0;
  else if (length < 0)
    length = strlen (payload);

  /* The file is text: a binary payload cannot be written in it as is. */
  if (!g_utf8_validate_len (payload, length, NULL))
    return fail (error, _ ("the will payload is not valid UTF-8 (a configuration holds text)"));
  if ((gsize)length > MQTT_MAX_STRING)
    return fail (error,
                 _ ("the will payload is %" PRId64 " bytes long; a configuration holds "
                    "at most 65535 (MQTT allows up to 256 MiB, but a configuration file is not "
                    "the place for a payload that big)"),
                 (int64_t)length);
  return TRUE;
}

gboolean
sb_validate_user_property_name (const char *name, GError **error)
{
  gsize length = name != NULL ? strlen (name) : 0;

  if (length == 0)
    return fail (error, _ ("a user property needs a name"));
  if (!g_utf8_validate_len (name, length, NULL))
    return fail (error, _ ("not valid UTF-8"));
  if (length > MQTT_MAX_STRING)
    return fail (error, _ ("longer than 65535 bytes"));
  if (mosquitto_validate_utf8 (name, (int)length) != MOSQ_ERR_SUCCESS)
    return fail (error, _ ("contains a character MQTT does not allow (a control character?)"));
  return TRUE;
}

/* A problem of the data source itself (@subscription -1) or of one of its subscriptions. */
static void
add (GPtrArray *problems, int subscription, const char *key, const char *message)
{
  g_ptr_array_add (problems, sb_problem_new (-1, subscription, key, message));
}

/* Free text the file stores: it must be UTF-8 (the file is), and what goes
 * to the broker as an MQTT string must also be one MQTT accepts. */
static void
check_text (GPtrArray *problems, const char *field, const char *value, gboolean mqtt_string)
{
  gsize length = strlen (value);

  if (!g_utf8_validate_len (value, length, NULL))
    add (problems, -1, field, _ ("not valid UTF-8"));
  else if (mqtt_string && length > MQTT_MAX_STRING)
    add (problems, -1, field, _ ("longer than 65535 bytes"));
  else if (mqtt_string && length > 0 && mosquitto_validate_utf8 (value, (int)length) != 0)
    add (problems, -1, field,
         _ ("contains a character MQTT does not allow (a control character?)"));
}

/* The MQTT 5 subscription options: only where the protocol has them. */
static void
check_subscription_options (GPtrArray *problems, SbSubscription *sub, guint index, gboolean v5)
{
  static const char *const names[] = { "no_local", "retain_as_published", "retain_handling" };
  gboolean set[G_N_ELEMENTS (names)];

  set[0] = sb_subscription_get_no_local (sub);
  set[1] = sb_subscription_get_retain_as_published (sub);
  set[2] = sb_subscription_get_retain_handling (sub) != SB_RETAIN_HANDLING_SEND;
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (set[i] && !v5)
      {
        /* TRANSLATORS: %s is a key of the file format (no_local, retain_handling...) */
        g_autofree char *message = g_strdup_printf (
            _ ("%s needs protocol 5 (MQTT 3.1.1 has no subscription options)"), names[i]);
        add (problems, (int)index, names[i], message);
      }
}

GPtrArray *
sb_data_source_check (SbDataSource *source)
{
  GPtrArray *problems;
  gboolean v5;
  guint n;

  g_return_val_if_fail (SB_IS_DATA_SOURCE (source), NULL);

  problems = g_ptr_array_new_with_free_func ((GDestroyNotify)sb_problem_free);

#define CHECK_IN(subscription, key, call)                                                          \
  G_STMT_START                                                                                     \
  {                                                                                                \
    g_autoptr (GError) e = NULL;                                                                   \
    if (!(call))                                                                                   \
      add (problems, subscription, key, e->message);                                               \
  }                                                                                                \
  G_STMT_END
#define CHECK(key, call) CHECK_IN (-1, key, call)

  CHECK ("name", sb_validate_name (sb_data_source_get_name (source), &e));
  CHECK ("broker", sb_validate_broker (sb_data_source_get_broker (source), &e));
  /* 0 is "the default port" in the model; the file cannot say 0. */
  if (sb_data_source_get_port (source) != 0)
    CHECK ("port", sb_validate_port (sb_data_source_get_port (source), &e));
  if (sb_data_source_get_transport (source) == SB_TRANSPORT_WEBSOCKETS)
    CHECK ("path", sb_validate_ws_path (sb_data_source_get_path (source), &e));
  CHECK ("keep_alive", sb_validate_keep_alive (sb_data_source_get_keep_alive (source), &e));
  CHECK ("qos", sb_validate_qos (sb_data_source_get_qos (source), &e));
  if (!sb_data_source_get_clean_session (source)
      && sb_data_source_get_client_id (source)[0] == '\0')
    add (problems, -1, "client_id",
         _ ("a persistent session (clean_session false) needs a "
            "client id: the broker keeps the session under it"));

  check_text (problems, "id", sb_data_source_get_id (source), FALSE);
  check_text (problems, "client_id", sb_data_source_get_client_id (source), TRUE);
  check_text (problems, "auth.username", sb_data_source_get_username (source), TRUE);
  check_text (problems, "auth.password", sb_data_source_get_password (source), FALSE);
  check_text (problems, "tls.ca_file", sb_data_source_get_tls_ca_file (source), FALSE);
  check_text (problems, "tls.client_cert", sb_data_source_get_tls_client_cert (source), FALSE);
  check_text (problems, "tls.client_key", sb_data_source_get_tls_client_key (source), FALSE);
  check_text (problems, "tls.client_key_password",
              sb_data_source_get_tls_client_key_password (source), FALSE);

  /* MQTT 3.1.1 has none of these: silently dropping them would connect
   * differently from what the file says. */
  v5 = sb_data_source_get_protocol (source) == SB_PROTOCOL_MQTT_5;
  if (!v5 && sb_data_source_get_session_expiry_interval (source) != 0)
    add (problems, -1, "session_expiry_interval",
         _ ("session_expiry_interval needs protocol 5 "
            "(MQTT 3.1.1 has no session expiry)"));
  n = sb_data_source_get_n_user_properties (source);
  if (!v5 && n > 0)
    add (problems, -1, "user_properties",
         _ ("user_properties needs protocol 5 (MQTT "
            "3.1.1 has no user properties)"));
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *name_field = g_strdup_printf ("user_properties[%u].name", i);
      g_autofree char *value_field = g_strdup_printf ("user_properties[%u].value", i);

      CHECK (name_field, sb_validate_user_property_name (
                             sb_data_source_get_user_property_name (source, i), &e));
      check_text (problems, value_field, sb_data_source_get_user_property_value (source, i), TRUE);
    }

  if (sb_data_source_has_will (source))
    {
      const char *payload = sb_data_source_get_will_payload (source);

      CHECK ("will.topic", sb_validate_topic_name (sb_data_source_get_will_topic (source), -1, &e));
      CHECK ("will.payload", sb_validate_will_payload (payload, -1, &e));
      CHECK ("will.qos", sb_validate_qos (sb_data_source_get_will_qos (source), &e));
    }
  else if (sb_data_source_get_will_payload (source)[0] != '\0'
           || sb_data_source_get_will_qos (source) != 0 || sb_data_source_get_will_retain (source))
    add (problems, -1, "will.topic", _ ("a last will needs a topic"));

  n = sb_data_source_get_n_subscriptions (source);
  if (n == 0)
    add (problems, -1, "subscriptions", _ ("at least one subscription is required"));
  for (guint i = 0; i < n; i++)
    {
      SbSubscription *sub = sb_data_source_get_subscription (source, i);

      CHECK_IN ((int)i, "topic",
                sb_validate_topic_filter (sb_subscription_get_topic (sub), -1, &e));
      CHECK_IN ((int)i, "data_path",
                sb_validate_data_path (sb_subscription_get_data_path (sub), &e));
      check_subscription_options (problems, sub, i, v5);
    }
#undef CHECK
#undef CHECK_IN

  return problems;
}
