/* test-enum-types.c: every public enum of the core has a GType that lists
 * each of its values, under the C name and a nick (what GtkBuilder, property
 * bindings, g_enum_to_string () and GSettings read).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sb-data-source.h"
#include "sb-error.h"
#include "sb-file.h"
#include "sb-import.h"
#include "sb-mqtt-session.h"
#include "sb-payload-diff.h"
#include "sb-recorder.h"
#include "sb-secret-placement.h"
#include "sb-secrets.h"
#include "sb-sparkplug-decode.h"
#include "sb-sparkplug-state.h"
#include "sb-sparkplug-topic.h"
#include "sb-subscription.h"
#include "sb-topic-search.h"

typedef struct
{
  int value;
  const char *name;
  const char *nick;
} Value;

typedef struct
{
  GType (*get_type) (void);
  const char *type_name;
  Value values[16]; /* up to the first with name NULL */
} EnumType;

#define V(value, nick)                                                                             \
  {                                                                                                \
    value, #value, nick                                                                            \
  }

static const EnumType enum_types[] = {
  /* config */
  { sb_protocol_get_type,
    "SbProtocol",
    { V (SB_PROTOCOL_MQTT_311, "3.1.1"), V (SB_PROTOCOL_MQTT_5, "5") } },
  { sb_password_store_get_type,
    "SbPasswordStore",
    { V (SB_PASSWORD_STORE_FILE, "file"), V (SB_PASSWORD_STORE_KEYRING, "keyring") } },
  { sb_transport_get_type,
    "SbTransport",
    { V (SB_TRANSPORT_TCP, "tcp"), V (SB_TRANSPORT_WEBSOCKETS, "websockets") } },
  { sb_retain_handling_get_type,
    "SbRetainHandling",
    { V (SB_RETAIN_HANDLING_SEND, "send"), V (SB_RETAIN_HANDLING_SEND_IF_NEW, "send-if-new"),
      V (SB_RETAIN_HANDLING_NEVER, "never") } },
  /* util */
  { sb_config_error_get_type,
    "SbConfigError",
    { V (SB_CONFIG_ERROR_IO, "io"), V (SB_CONFIG_ERROR_TOO_LARGE, "too-large"),
      V (SB_CONFIG_ERROR_SYNTAX, "syntax"), V (SB_CONFIG_ERROR_INVALID, "invalid"),
      V (SB_CONFIG_ERROR_UNSUPPORTED_VERSION, "unsupported-version") } },
  { sb_mqtt_error_get_type,
    "SbMqttError",
    { V (SB_MQTT_ERROR_INVALID, "invalid"), V (SB_MQTT_ERROR_RESOLVE, "resolve"),
      V (SB_MQTT_ERROR_REFUSED, "refused"), V (SB_MQTT_ERROR_AUTH, "auth"),
      V (SB_MQTT_ERROR_TLS, "tls"), V (SB_MQTT_ERROR_PROTOCOL, "protocol"),
      V (SB_MQTT_ERROR_UNAVAILABLE, "unavailable"), V (SB_MQTT_ERROR_TIMEOUT, "timeout"),
      V (SB_MQTT_ERROR_CLOSED, "closed"), V (SB_MQTT_ERROR_NETWORK, "network"),
      V (SB_MQTT_ERROR_TAKEN_OVER, "taken-over"), V (SB_MQTT_ERROR_PUBLISH, "publish") } },
  { sb_file_error_get_type,
    "SbFileError",
    { V (SB_FILE_ERROR_NOT_FOUND, "not-found"), V (SB_FILE_ERROR_ACCESS, "access"),
      V (SB_FILE_ERROR_IS_DIRECTORY, "is-directory"), V (SB_FILE_ERROR_NOT_REGULAR, "not-regular"),
      V (SB_FILE_ERROR_TOO_LARGE, "too-large"), V (SB_FILE_ERROR_IO, "io") } },
  { sb_payload_diff_kind_get_type,
    "SbPayloadDiffKind",
    { V (SB_PAYLOAD_DIFF_SAME, "same"), V (SB_PAYLOAD_DIFF_JSON, "json"),
      V (SB_PAYLOAD_DIFF_TEXT, "text"), V (SB_PAYLOAD_DIFF_BINARY, "binary") } },
  { sb_diff_change_get_type,
    "SbDiffChange",
    { V (SB_DIFF_UNCHANGED, "unchanged"), V (SB_DIFF_CHANGED, "changed"),
      V (SB_DIFF_ADDED, "added"), V (SB_DIFF_REMOVED, "removed") } },
  /* mqtt */
  { sb_session_state_get_type,
    "SbSessionState",
    { V (SB_SESSION_DISCONNECTED, "disconnected"), V (SB_SESSION_CONNECTING, "connecting"),
      V (SB_SESSION_CONNECTED, "connected"), V (SB_SESSION_RECONNECTING, "reconnecting"),
      V (SB_SESSION_FAILED, "failed") } },
  /* secrets */
  { sb_secrets_error_get_type,
    "SbSecretsError",
    { V (SB_SECRETS_ERROR_UNAVAILABLE, "unavailable"), V (SB_SECRETS_ERROR_FAILED, "failed"),
      V (SB_SECRETS_ERROR_NOT_FOUND, "not-found"),
      V (SB_SECRETS_ERROR_PASSWORD_FILE, "password-file"),
      V (SB_SECRETS_ERROR_MISMATCH, "mismatch") } },
  { sb_secret_kind_get_type,
    "SbSecretKind",
    { V (SB_SECRET_PASSWORD, "password"), V (SB_SECRET_KEY_PASSPHRASE, "key-passphrase") } },
  { sb_keyring_state_get_type,
    "SbKeyringState",
    { V (SB_KEYRING_UNKNOWN, "unknown"), V (SB_KEYRING_AVAILABLE, "available"),
      V (SB_KEYRING_UNAVAILABLE, "unavailable") } },
  { sb_secret_keyring_action_get_type,
    "SbSecretKeyringAction",
    { V (SB_SECRET_KEYRING_UNTOUCHED, "untouched"), V (SB_SECRET_KEYRING_STORE, "store"),
      V (SB_SECRET_KEYRING_CLEAR, "clear") } },
  /* sparkplug */
  { sb_sparkplug_error_get_type,
    "SbSparkplugError",
    { V (SB_SPARKPLUG_ERROR_NOT_SPARKPLUG, "not-sparkplug"),
      V (SB_SPARKPLUG_ERROR_INVALID, "invalid"), V (SB_SPARKPLUG_ERROR_TOO_LARGE, "too-large") } },
  { sb_sparkplug_life_get_type,
    "SbSparkplugLife",
    { V (SB_SPARKPLUG_LIFE_UNKNOWN, "unknown"), V (SB_SPARKPLUG_LIFE_ONLINE, "online"),
      V (SB_SPARKPLUG_LIFE_OFFLINE, "offline") } },
  { sb_sparkplug_type_get_type,
    "SbSparkplugType",
    { V (SB_SPARKPLUG_NONE, "none"), V (SB_SPARKPLUG_NBIRTH, "nbirth"),
      V (SB_SPARKPLUG_NDEATH, "ndeath"), V (SB_SPARKPLUG_DBIRTH, "dbirth"),
      V (SB_SPARKPLUG_DDEATH, "ddeath"), V (SB_SPARKPLUG_NDATA, "ndata"),
      V (SB_SPARKPLUG_DDATA, "ddata"), V (SB_SPARKPLUG_NCMD, "ncmd"), V (SB_SPARKPLUG_DCMD, "dcmd"),
      V (SB_SPARKPLUG_HOST_STATE, "host-state") } },
  /* preview */
  { sb_topic_search_change_get_type,
    "SbTopicSearchChange",
    { V (SB_TOPIC_SEARCH_DIFFERENT, "different"), V (SB_TOPIC_SEARCH_STRICTER, "stricter"),
      V (SB_TOPIC_SEARCH_LOOSER, "looser") } },
  /* import */
  { sb_import_error_get_type,
    "SbImportError",
    { V (SB_IMPORT_ERROR_IO, "io"), V (SB_IMPORT_ERROR_SYNTAX, "syntax"),
      V (SB_IMPORT_ERROR_SHAPE, "shape"), V (SB_IMPORT_ERROR_DUPLICATE, "duplicate"),
      V (SB_IMPORT_ERROR_KEYRING, "keyring") } },
  { sb_import_format_get_type,
    "SbImportFormat",
    { V (SB_IMPORT_FORMAT_MQTT_EXPLORER, "mqtt-explorer"), V (SB_IMPORT_FORMAT_MQTTX, "mqttx"),
      V (SB_IMPORT_FORMAT_AUTO, "auto") } },
  { sb_import_passwords_get_type,
    "SbImportPasswords",
    { V (SB_IMPORT_PASSWORDS_KEYRING, "keyring"), V (SB_IMPORT_PASSWORDS_FILE, "file"),
      V (SB_IMPORT_PASSWORDS_LEAVE_OUT, "leave-out") } },
  /* discover */
  { sb_record_format_get_type,
    "SbRecordFormat",
    { V (SB_RECORD_FORMAT_JSONL, "jsonl"), V (SB_RECORD_FORMAT_CSV, "csv") } },
};

static void
test_enum_type (gconstpointer data)
{
  const EnumType *expected = data;
  GType type = expected->get_type ();
  g_autoptr (GEnumClass) klass = NULL;
  guint n_expected = 0;

  g_assert_true (G_TYPE_IS_ENUM (type));
  g_assert_cmpstr (g_type_name (type), ==, expected->type_name);
  klass = g_type_class_ref (type);

  for (const Value *v = expected->values; v->name != NULL; v++, n_expected++)
    {
      GEnumValue *by_value = g_enum_get_value (klass, v->value);

      g_test_message ("%s %d", v->name, v->value);
      /* The values are those of C, 0 to n - 1 in order. */
      g_assert_cmpint (v->value, ==, (int)n_expected);
      g_assert_nonnull (by_value);
      g_assert_cmpstr (by_value->value_name, ==, v->name);
      g_assert_cmpstr (by_value->value_nick, ==, v->nick);
      /* One value a nick. */
      g_assert_true (g_enum_get_value_by_nick (klass, v->nick) == by_value);
    }
  g_assert_cmpuint (klass->n_values, ==, n_expected);
  g_assert_cmpint (klass->minimum, ==, 0);
  g_assert_cmpint (klass->maximum, ==, (int)n_expected - 1);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  for (gsize i = 0; i < G_N_ELEMENTS (enum_types); i++)
    {
      g_autofree char *path = g_strdup_printf ("/enum-types/%s", enum_types[i].type_name);

      g_test_add_data_func (path, &enum_types[i], test_enum_type);
    }
  return g_test_run ();
}
