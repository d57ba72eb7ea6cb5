/* sb-data-source.c: one MQTT data source: broker, session, authentication,
 * TLS, the MQTT 5 options, the last will and its subscriptions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "sb-data-path.h"
#include "sb-data-source.h"
#include "sb-util.h"

enum
{
  PROP_0,
  /* string properties first: they live in self->strings[] */
  PROP_ID,
  PROP_NAME,
  PROP_BROKER,
  PROP_CLIENT_ID,
  PROP_USERNAME,
  PROP_PASSWORD,
  PROP_TLS_CA_FILE,
  PROP_TLS_CLIENT_CERT,
  PROP_TLS_CLIENT_KEY,
  PROP_WILL_TOPIC,
  PROP_WILL_PAYLOAD,
  PROP_TLS_CLIENT_KEY_PASSWORD,
  PROP_PATH,
  N_STRING_PROPS,
  PROP_PORT = N_STRING_PROPS,
  PROP_EFFECTIVE_PORT,
  PROP_PROTOCOL,
  PROP_KEEP_ALIVE,
  PROP_CLEAN_SESSION,
  PROP_QOS,
  PROP_PASSWORD_STORE,
  PROP_TLS_ENABLED,
  PROP_TLS_VERIFY,
  PROP_SESSION_EXPIRY_INTERVAL,
  PROP_USER_PROPERTIES,
  PROP_HAS_WILL,
  PROP_WILL_QOS,
  PROP_WILL_RETAIN,
  PROP_SUBSCRIPTIONS,
  PROP_TLS_CLIENT_KEY_PASSWORD_STORE,
  PROP_TRANSPORT,
  N_PROPS
};

struct _SbDataSource
{
  GObject parent_instance;
  char *strings[N_STRING_PROPS];
  GListStore *subscriptions;
  guint port;
  guint keep_alive;
  SbProtocol protocol;
  SbTransport transport;
  SbPasswordStore password_store;
  SbPasswordStore tls_client_key_password_store;
  int qos;
  guint32 session_expiry_interval;
  char **user_properties; /* name, value, name, value, ...; never NULL */
  int will_qos;
  guint will_retain : 1;
  guint clean_session : 1;
  guint tls_enabled : 1;
  guint tls_verify : 1;
};

G_DEFINE_ENUM_TYPE (SbProtocol, sb_protocol, G_DEFINE_ENUM_VALUE (SB_PROTOCOL_MQTT_311, "3.1.1"),
                    G_DEFINE_ENUM_VALUE (SB_PROTOCOL_MQTT_5, "5"))
G_DEFINE_ENUM_TYPE (SbPasswordStore, sb_password_store,
                    G_DEFINE_ENUM_VALUE (SB_PASSWORD_STORE_FILE, "file"),
                    G_DEFINE_ENUM_VALUE (SB_PASSWORD_STORE_KEYRING, "keyring"))
G_DEFINE_ENUM_TYPE (SbTransport, sb_transport, G_DEFINE_ENUM_VALUE (SB_TRANSPORT_TCP, "tcp"),
                    G_DEFINE_ENUM_VALUE (SB_TRANSPORT_WEBSOCKETS, "websockets"))

G_DEFINE_FINAL_TYPE (SbDataSource, sb_data_source, G_TYPE_OBJECT)

enum
{
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

const char *
sb_protocol_to_string (SbProtocol protocol)
{
  return protocol == SB_PROTOCOL_MQTT_5 ? "5" : "3.1.1";
}

gboolean
sb_protocol_from_string (const char *text, SbProtocol *protocol)
{
  if (g_strcmp0 (text, "3.1.1") == 0)
    *protocol = SB_PROTOCOL_MQTT_311;
  else if (g_strcmp0 (text, "5") == 0)
    *protocol = SB_PROTOCOL_MQTT_5;
  else
    return FALSE;
  return TRUE;
}

static gboolean
is_secret (guint prop_id)
{
  return prop_id == PROP_PASSWORD || prop_id == PROP_TLS_CLIENT_KEY_PASSWORD;
}

const char *
sb_transport_to_string (SbTransport transport)
{
  return transport == SB_TRANSPORT_WEBSOCKETS ? "websockets" : "tcp";
}

gboolean
sb_transport_from_string (const char *text, SbTransport *transport)
{
  if (g_strcmp0 (text, "tcp") == 0)
    *transport = SB_TRANSPORT_TCP;
  else if (g_strcmp0 (text, "websockets") == 0)
    *transport = SB_TRANSPORT_WEBSOCKETS;
  else
    return FALSE;
  return TRUE;
}

static void
set_string (SbDataSource *self, guint prop_id, const char *value)
{
  gboolean had_will = sb_data_source_has_will (self);

  /* Unset and empty are the same to the file format: store "" so getters never return NULL. */
  if (is_secret (prop_id) ? !sb_set_secret (&self->strings[prop_id], value ? value : "")
                          : !sb_set_str (&self->strings[prop_id], value ? value : ""))
    return;
  g_object_freeze_notify (G_OBJECT (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
  if (prop_id == PROP_WILL_TOPIC && had_will != sb_data_source_has_will (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_WILL]);
  g_object_thaw_notify (G_OBJECT (self));
}

/* Sets a string property (prop_id < N_STRING_PROPS); NULL is "". */
static void
sb_data_source_set_string (SbDataSource *self, guint prop_id, const char *value)
{
  g_return_if_fail (prop_id > PROP_0 && prop_id < N_STRING_PROPS);
  set_string (self, prop_id, value);
}

/* Notifies @prop_id (which emits SbDataSource::changed). */
static void
sb_data_source_notify (SbDataSource *self, guint prop_id)
{
  g_return_if_fail (prop_id > PROP_0 && prop_id < N_PROPS);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static void
disconnect_subscriptions (SbDataSource *self);

static void
emit_changed (SbDataSource *self)
{
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
sb_data_source_dispatch_properties_changed (GObject *object, guint n_pspecs, GParamSpec **pspecs)
{
  G_OBJECT_CLASS (sb_data_source_parent_class)
      ->dispatch_properties_changed (object, n_pspecs, pspecs);
  emit_changed (SB_DATA_SOURCE (object));
}

static void
sb_data_source_finalize (GObject *object)
{
  SbDataSource *self = SB_DATA_SOURCE (object);

  disconnect_subscriptions (self);
  g_clear_object (&self->subscriptions);
  for (guint i = 0; i < N_STRING_PROPS; i++)
    if (is_secret (i))
      sb_secret_free (self->strings[i]);
    else
      g_free (self->strings[i]);
  g_strfreev (self->user_properties);

  G_OBJECT_CLASS (sb_data_source_parent_class)->finalize (object);
}

static void
sb_data_source_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  SbDataSource *self = SB_DATA_SOURCE (object);

  if (prop_id > PROP_0 && prop_id < N_STRING_PROPS)
    {
      g_value_set_string (value, self->strings[prop_id]);
      return;
    }

  switch (prop_id)
    {
      case PROP_PORT:
        g_value_set_uint (value, self->port);
        break;
      case PROP_EFFECTIVE_PORT:
        g_value_set_uint (value, sb_data_source_get_effective_port (self));
        break;
      case PROP_TRANSPORT:
        g_value_set_enum (value, self->transport);
        break;
      case PROP_PROTOCOL:
        g_value_set_enum (value, self->protocol);
        break;
      case PROP_KEEP_ALIVE:
        g_value_set_uint (value, self->keep_alive);
        break;
      case PROP_CLEAN_SESSION:
        g_value_set_boolean (value, self->clean_session);
        break;
      case PROP_QOS:
        g_value_set_int (value, self->qos);
        break;
      case PROP_PASSWORD_STORE:
        g_value_set_enum (value, self->password_store);
        break;
      case PROP_TLS_CLIENT_KEY_PASSWORD_STORE:
        g_value_set_enum (value, self->tls_client_key_password_store);
        break;
      case PROP_TLS_ENABLED:
        g_value_set_boolean (value, self->tls_enabled);
        break;
      case PROP_TLS_VERIFY:
        g_value_set_boolean (value, self->tls_verify);
        break;
      case PROP_SESSION_EXPIRY_INTERVAL:
        g_value_set_uint (value, self->session_expiry_interval);
        break;
      case PROP_USER_PROPERTIES:
        g_value_set_boxed (value, self->user_properties);
        break;
      case PROP_HAS_WILL:
        g_value_set_boolean (value, sb_data_source_has_will (self));
        break;
      case PROP_WILL_QOS:
        g_value_set_int (value, self->will_qos);
        break;
      case PROP_WILL_RETAIN:
        g_value_set_boolean (value, self->will_retain);
        break;
      case PROP_SUBSCRIPTIONS:
        g_value_set_object (value, self->subscriptions);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sb_data_source_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  SbDataSource *self = SB_DATA_SOURCE (object);

  if (prop_id == PROP_PATH)
    {
      sb_data_source_set_path (self, g_value_get_string (value));
      return;
    }
  if (prop_id > PROP_0 && prop_id < N_STRING_PROPS)
    {
      set_string (self, prop_id, g_value_get_string (value));
      return;
    }

  switch (prop_id)
    {
      case PROP_PORT:
        sb_data_source_set_port (self, g_value_get_uint (value));
        break;
      case PROP_TRANSPORT:
        sb_data_source_set_transport (self, g_value_get_enum (value));
        break;
      case PROP_PROTOCOL:
        sb_data_source_set_protocol (self, g_value_get_enum (value));
        break;
      case PROP_KEEP_ALIVE:
        sb_data_source_set_keep_alive (self, g_value_get_uint (value));
        break;
      case PROP_CLEAN_SESSION:
        sb_data_source_set_clean_session (self, g_value_get_boolean (value));
        break;
      case PROP_QOS:
        sb_data_source_set_qos (self, g_value_get_int (value));
        break;
      case PROP_PASSWORD_STORE:
        sb_data_source_set_password_store (self, g_value_get_enum (value));
        break;
      case PROP_TLS_CLIENT_KEY_PASSWORD_STORE:
        sb_data_source_set_tls_client_key_password_store (self, g_value_get_enum (value));
        break;
      case PROP_TLS_ENABLED:
        sb_data_source_set_tls_enabled (self, g_value_get_boolean (value));
        break;
      case PROP_TLS_VERIFY:
        sb_data_source_set_tls_verify (self, g_value_get_boolean (value));
        break;
      case PROP_SESSION_EXPIRY_INTERVAL:
        sb_data_source_set_session_expiry_interval (self, g_value_get_uint (value));
        break;
      case PROP_USER_PROPERTIES:
        sb_data_source_set_user_properties (self, g_value_get_boxed (value));
        break;
      case PROP_WILL_QOS:
        sb_data_source_set_will_qos (self, g_value_get_int (value));
        break;
      case PROP_WILL_RETAIN:
        sb_data_source_set_will_retain (self, g_value_get_boolean (value));
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sb_data_source_class_init (SbDataSourceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  static const char *const string_names[N_STRING_PROPS] = { NULL,
                                                            "id",
                                                            "name",
                                                            "broker",
                                                            "client-id",
                                                            "username",
                                                            "password",
                                                            "tls-ca-file",
                                                            "tls-client-cert",
                                                            "tls-client-key",
                                                            "will-topic",
                                                            "will-payload",
                                                            "tls-client-key-password",
                                                            "path" };

  object_class->finalize = sb_data_source_finalize;
  object_class->get_property = sb_data_source_get_property;
  object_class->set_property = sb_data_source_set_property;
  object_class->dispatch_properties_changed = sb_data_source_dispatch_properties_changed;

  for (guint i = PROP_0 + 1; i < N_STRING_PROPS; i++)
    properties[i] = g_param_spec_string (string_names[i], NULL, NULL, "", rw);

  properties[PROP_PATH] = g_param_spec_string ("path", NULL, NULL, SB_DEFAULT_WS_PATH, rw);
  properties[PROP_PORT] = g_param_spec_uint ("port", NULL, NULL, 0, 65535, 0, rw);
  properties[PROP_TRANSPORT]
      = g_param_spec_enum ("transport", NULL, NULL, SB_TYPE_TRANSPORT, SB_TRANSPORT_TCP, rw);
  properties[PROP_EFFECTIVE_PORT]
      = g_param_spec_uint ("effective-port", NULL, NULL, 1, 65535, SB_DEFAULT_PORT,
                           G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROTOCOL]
      = g_param_spec_enum ("protocol", NULL, NULL, SB_TYPE_PROTOCOL, SB_PROTOCOL_MQTT_311, rw);
  properties[PROP_KEEP_ALIVE]
      = g_param_spec_uint ("keep-alive", NULL, NULL, 0, 65535, SB_DEFAULT_KEEP_ALIVE, rw);
  properties[PROP_CLEAN_SESSION] = g_param_spec_boolean ("clean-session", NULL, NULL, TRUE, rw);
  properties[PROP_QOS] = g_param_spec_int ("qos", NULL, NULL, 0, 2, SB_DEFAULT_QOS, rw);
  properties[PROP_PASSWORD_STORE] = g_param_spec_enum (
      "password-store", NULL, NULL, SB_TYPE_PASSWORD_STORE, SB_PASSWORD_STORE_FILE, rw);
  /* Where the passphrase of an encrypted client key is kept. */
  properties[PROP_TLS_CLIENT_KEY_PASSWORD_STORE]
      = g_param_spec_enum ("tls-client-key-password-store", NULL, NULL, SB_TYPE_PASSWORD_STORE,
                           SB_PASSWORD_STORE_FILE, rw);
  properties[PROP_TLS_ENABLED] = g_param_spec_boolean ("tls-enabled", NULL, NULL, FALSE, rw);
  properties[PROP_TLS_VERIFY] = g_param_spec_boolean ("tls-verify", NULL, NULL, TRUE, rw);
  /* MQTT 5 only; 0 ends the session with the connection, G_MAXUINT32 never. */
  properties[PROP_SESSION_EXPIRY_INTERVAL]
      = g_param_spec_uint ("session-expiry-interval", NULL, NULL, 0, G_MAXUINT32, 0, rw);
  /* MQTT 5 only: name, value, name, value, ... (names may repeat, as in MQTT) */
  properties[PROP_USER_PROPERTIES]
      = g_param_spec_boxed ("user-properties", NULL, NULL, G_TYPE_STRV, rw);
  /* TRUE when will-topic is set: there is a last will */
  properties[PROP_HAS_WILL]
      = g_param_spec_boolean ("has-will", NULL, NULL, FALSE,
                              G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_WILL_QOS] = g_param_spec_int ("will-qos", NULL, NULL, 0, 2, 0, rw);
  properties[PROP_WILL_RETAIN] = g_param_spec_boolean ("will-retain", NULL, NULL, FALSE, rw);
  properties[PROP_SUBSCRIPTIONS] = g_param_spec_object (
      "subscriptions", NULL, NULL, G_TYPE_LIST_MODEL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * SbDataSource::changed:
   *
   * Emitted after any setting changes, a subscription's included, so that a
   * view can revalidate or a window can save once per change.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                   NULL, NULL, G_TYPE_NONE, 0);
}

static void
sb_data_source_init (SbDataSource *self)
{
  for (guint i = PROP_0 + 1; i < N_STRING_PROPS; i++)
    self->strings[i] = g_strdup ("");
  g_free (self->strings[PROP_ID]);
  self->strings[PROP_ID] = g_uuid_string_random ();
  g_free (self->strings[PROP_PATH]);
  self->strings[PROP_PATH] = g_strdup (SB_DEFAULT_WS_PATH);
  self->subscriptions = g_list_store_new (SB_TYPE_SUBSCRIPTION);
  self->user_properties = g_new0 (char *, 1);
  self->keep_alive = SB_DEFAULT_KEEP_ALIVE;
  self->qos = SB_DEFAULT_QOS;
  self->clean_session = TRUE;
  self->tls_verify = TRUE;
}

SbDataSource *
sb_data_source_new (void)
{
  return g_object_new (SB_TYPE_DATA_SOURCE, NULL);
}

SbDataSource *
sb_data_source_copy (SbDataSource *self)
{
  SbDataSource *copy;

  g_return_val_if_fail (SB_IS_DATA_SOURCE (self), NULL);

  copy = sb_data_source_new ();
  sb_data_source_assign (copy, self);
  return copy;
}

void
sb_data_source_assign (SbDataSource *self, SbDataSource *from)
{
  guint n;

  g_return_if_fail (SB_IS_DATA_SOURCE (self));
  g_return_if_fail (SB_IS_DATA_SOURCE (from));

  if (self == from)
    return;

  g_object_freeze_notify (G_OBJECT (self));
  for (guint i = PROP_0 + 1; i < N_STRING_PROPS; i++)
    set_string (self, i, from->strings[i]);
  sb_data_source_set_port (self, from->port);
  sb_data_source_set_transport (self, from->transport);
  sb_data_source_set_protocol (self, from->protocol);
  sb_data_source_set_keep_alive (self, from->keep_alive);
  sb_data_source_set_clean_session (self, from->clean_session);
  sb_data_source_set_qos (self, from->qos);
  sb_data_source_set_password_store (self, from->password_store);
  sb_data_source_set_tls_client_key_password_store (self, from->tls_client_key_password_store);
  sb_data_source_set_tls_enabled (self, from->tls_enabled);
  sb_data_source_set_tls_verify (self, from->tls_verify);
  sb_data_source_set_session_expiry_interval (self, from->session_expiry_interval);
  sb_data_source_set_user_properties (self, (const char *const *)from->user_properties);
  sb_data_source_set_will_qos (self, from->will_qos);
  sb_data_source_set_will_retain (self, from->will_retain);

  sb_data_source_remove_all_subscriptions (self);
  n = g_list_model_get_n_items (G_LIST_MODEL (from->subscriptions));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (SbSubscription) sub
          = g_list_model_get_item (G_LIST_MODEL (from->subscriptions), i);
      g_autoptr (SbSubscription) sub_copy = sb_subscription_copy (sub);
      sb_data_source_add_subscription (self, sub_copy);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

gboolean
sb_data_source_equal (SbDataSource *a, SbDataSource *b)
{
  guint n;

  g_return_val_if_fail (SB_IS_DATA_SOURCE (a), FALSE);
  g_return_val_if_fail (SB_IS_DATA_SOURCE (b), FALSE);

  for (guint i = PROP_0 + 1; i < N_STRING_PROPS; i++)
    if (g_strcmp0 (a->strings[i], b->strings[i]) != 0)
      return FALSE;
  if (a->port != b->port || a->transport != b->transport || a->protocol != b->protocol
      || a->keep_alive != b->keep_alive || a->clean_session != b->clean_session || a->qos != b->qos
      || a->password_store != b->password_store
      || a->tls_client_key_password_store != b->tls_client_key_password_store
      || a->tls_enabled != b->tls_enabled || a->tls_verify != b->tls_verify
      || a->session_expiry_interval != b->session_expiry_interval || a->will_qos != b->will_qos
      || a->will_retain != b->will_retain
      || !g_strv_equal ((const char *const *)a->user_properties,
                        (const char *const *)b->user_properties))
    return FALSE;

  n = g_list_model_get_n_items (G_LIST_MODEL (a->subscriptions));
  if (n != g_list_model_get_n_items (G_LIST_MODEL (b->subscriptions)))
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (SbSubscription) sa = g_list_model_get_item (G_LIST_MODEL (a->subscriptions), i);
      g_autoptr (SbSubscription) sb = g_list_model_get_item (G_LIST_MODEL (b->subscriptions), i);
      if (!sb_subscription_equal (sa, sb))
        return FALSE;
    }
  return TRUE;
}

const char *
sb_data_source_get_id (SbDataSource *self)
{
  g_return_val_if_fail (SB_IS_DATA_SOURCE (self), NULL);
  return self->strings[PROP_ID];
}

void
sb_data_source_set_id (SbDataSource *self, const char *value)
{
  g_return_if_fail (SB_IS_DATA_SOURCE (self));
  set_string (self, PROP_ID, value);
}

const char *
sb_data_source_get_name (SbDataSource *self)
{
  g_return_val_if_fail (SB_IS_DATA_SOURCE (self), NULL);
  return self->strings[PROP_NAME];
}

void
sb_data_source_set_name (SbDataSource *self, const char *value)
{
  g_return_if_fail (SB_IS_DATA_SOURCE (self));
  set_string (self, PROP_NAME, value);
}

const char *
sb_data_source_get_broker (SbDataSource *self)
{
  g_return_val_if_fail (SB_IS_DATA_SOURCE (self), NULL);
  return self->strings[PROP_BROKER];
}

void
sb_data_source_set_broker (SbDataSource *self, const char *value)
{
  g_return_if_fail (SB_IS_DATA_SOURCE (self));
  set_string (self, PROP_BROKER, value);
}

const char *
sb_data_source_get_client_id (SbDataSource *self)
{
  g_return_val_if_fail (SB_IS_DATA_SOURCE (self), NULL);
  return self->strings[PROP_CLIENT_ID];
}

void
sb_data_source_set_client_id (SbDataSource *self, const char *value)
{
  g_return_if_fail (SB_IS_DATA_SOURCE (self));
  set_string (self, PROP_CLIENT_ID, value);
}

const char *
sb_data_source_get_username (SbDataSource *self)
{
  g_return_val_if_fail (SB_IS_DATA_SOURCE (self), NULL);
  return self->strings[PROP_USERNAME];
}

void
sb_data_source_set_username (SbDataSource *self, const char *value)
{
  g_return_if_fail (SB_IS_DATA_SOURCE (self));
  set_string (self, PROP_USERNAME, value);
}

const char *
sb_data_source_get_password (SbDataSource *self)
{
  g_return_val_if_fail (SB_IS_DATA_SOURCE (self), NULL);
  return self->strings[PROP_PASSWORD];
}

void
sb_data_source_set_password (SbDataSource *self, const char *value)
{
  g_return_if_fail (SB_IS_DATA_SOURCE (self));
  set_string (self, PROP_PASSWORD, value);
}

gboolean
sb_data_source_strip_secrets (SbDataSource *self)
{
  gboolean had = FALSE;

  g_return_val_if_fail (SB_IS_DATA_SOURCE (self), FALSE);
  for (guint i = 0; i < N_STRING_PROPS; i++)
    if (is_secret (i) && self->strings[i][0] != '\0')
      {
        set_string (self, i, "");
        had = TRUE;
      }
  return had;
}

const char *
sb_data_source_get_tls_ca_file (SbDataSource *self)
{
  g_return_val_if_fail (SB_IS_DATA_SOURCE (self), NULL);
  return self->strings[PROP_TLS_CA_FILE];
}

void
sb_data_source_set_tls_ca_file (SbDataSource *self, const char *value)
{
  g_return_if_fail (SB_IS_DATA_SOURCE (self));
  set_string (self, PROP_TLS_CA_FILE, value);
}

const char *
sb_data_source_get_tls_client_cert (SbDataSource *self)
{
  g_return_val_if_fail (SB_IS_DATA_SOURCE (self), NULL);
  return self->strings[PROP_TLS_CLIENT_CERT];
}

void
sb_data_source_set_tls_client_cert (SbDataSource *self, const char *value)
{
  g_return_if_fail (SB_IS_DATA_SOURCE (self));
  set_string (self, PROP_TLS_CLIENT_CERT, value);
}

const char *
sb_data_source_get_tls_client_key (SbDataSource *self)
{
  g_return_val_if_fail (SB_IS_DATA_SOURCE (self), NULL);
  return self->strings[PROP_TLS_CLIENT_KEY];
}

void
sb_data_source_set_tls_client_key (SbDataSource *self, const char *value)
{
  g_return_if_fail (SB_IS_DATA_SOURCE (self));
  set_string (self, PROP_TLS_CLIENT_KEY, value);
}

guint
sb_data_source_get_port (SbDataSource *self)
{
  g_return_val_if_fail (SB_IS_DATA_SOURCE (self), 0);
  return self->port;
}

void
sb_data_source_set_port (SbDataSource *self, guint port)
{
  g_return_if_fail (SB_IS_DATA_SOURCE (self));
  g_return_if_fail (port <= 65535);

  if (self->port == port)
    return;
  self->port = port;
  g_object_freeze_notify (G_OBJECT (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PORT]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EFFECTIVE_PORT]);
  g_object_thaw_notify (G_OBJECT (self));
}

guint
sb_data_source_get_effective_port (SbDataSource *self)
{
  g_return_val_if_fail (SB_IS_DATA_SOURCE (self), SB_DEFAULT_PORT);

  if (self->port != 0)
    return self->port;
  if (self->transport == SB_TRANSPORT_WEBSOCKETS)
    return self->tls_enabled ? SB_DEFAULT_WSS_PORT : SB_DEFAULT_WS_PORT;
  return self->tls_enabled ? SB_DEFAULT_TLS_PORT : SB_DEFAULT_PORT;
}

SbTransport
sb_data_source_get_transport (SbDataSource *self)
{
  g_return_val_if_fail (SB_IS_DATA_SOURCE (self), SB_TRANSPORT_TCP);
  return self->transport;
}

void
sb_data_source_set_transport (SbDataSource *self, SbTransport transport)
{
  g_return_if_fail (SB_IS_DATA_SOURCE (self));

  if (self->transport == transport)
    return;
  self->transport = transport;
  g_object_freeze_notify (G_OBJECT (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRANSPORT]);
  if (self->port == 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EFFECTIVE_PORT]);
  g_object_thaw_notify (G_OBJECT (self));
}

const char *
sb_data_source_get_path (SbDataSource *self)
{
  g_return_val_if_fail (SB_IS_DATA_SOURCE (self), NULL);
  return self->strings[PROP_PATH];
}

void
sb_data_source_set_path (SbDataSource *self, const char *path)
{
  g_return_if_fail (SB_IS_DATA_SOURCE (self));
  /* Empty is the default, as in the dialog's field. */
  set_string (self, PROP_PATH, path != NULL && path[0] != '\0' ? path : SB_DEFAULT_WS_PATH);
}

SbProtocol
sb_data_source_get_protocol (SbDataSource *self)
{
  g_return_val_if_fail (SB_IS_DATA_SOURCE (self), SB_PROTOCOL_MQTT_311);
  return self->protocol;
}

void
sb_data_source_set_protocol (SbDataSource *self, SbProtocol protocol)
{
  g_return_if_fail (SB_IS_DATA_SOURCE (self));

  if (self->protocol == protocol)
    return;
  self->protocol = protocol;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROTOCOL]);
}

guint
sb_data_source_get_keep_alive (SbDataSource *self)
{
  g_return_val_if_fail (SB_IS_DATA_SOURCE (self), SB_DEFAULT_KEEP_ALIVE);
  return self->keep_alive;
}

void
sb_data_source_set_keep_alive (SbDataSource *self, guint keep_alive)
{
  g_return_if_fail (SB_IS_DATA_SOURCE (self));
  g_return_if_fail (keep_alive <= 65535);

  if (self->keep_alive == keep_alive)
    return;
  self->keep_alive = keep_alive;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KEEP_ALIVE]);
}

gboolean
sb_data_source_get_clean_session (SbDataSource *self)
{
  g_return_val_if_fail (SB_IS_DATA_SOURCE (self), TRUE);
  return self->clean_session;
}

void
sb_data_source_set_clean_session (SbDataSource *self, gboolean clean_session)
{
  g_return_if_fail (SB_IS_DATA_SOURCE (self));

  clean_session = !!clean_session;
  if (self->clean_session == (guint)clean_session)
    return;
  self->clean_session = clean_session;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CLEAN_SESSION]);
}

int
sb_data_source_get_qos (SbDataSource *self)
{
  g_return_val_if_fail (SB_IS_DATA_SOURCE (self), SB_DEFAULT_QOS);
  return self->qos;
}

void
sb_data_source_set_qos (SbDataSource *self, int qos)
{
  g_return_if_fail (SB_IS_DATA_SOURCE (self));
  g_return_if_fail (qos >= 0 && qos <= 2);

  if (self->qos == qos)
    return;
  self->qos = qos;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QOS]);
}

SbPasswordStore
sb_data_source_get_password_store (SbDataSource *self)
{
  g_return_val_if_fail (SB_IS_DATA_SOURCE (self), SB_PASSWORD_STORE_FILE);
  return self->password_store;
}

void
sb_data_source_set_password_store (SbDataSource *self, SbPasswordStore store)
{
  g_return_if_fail (SB_IS_DATA_SOURCE (self));

  if (self->password_store == store)
    return;
  self->password_store = store;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PASSWORD_STORE]);
}

gboolean
sb_data_source_get_tls_enabled (SbDataSource *self)
{
  g_return_val_if_fail (SB_IS_DATA_SOURCE (self), FALSE);
  return self->tls_enabled;
}

void
sb_data_source_set_tls_enabled (SbDataSource *self, gboolean enabled)
{
  g_return_if_fail (SB_IS_DATA_SOURCE (self));

  enabled = !!enabled;
  if (self->tls_enabled == (guint)enabled)
    return;
  self->tls_enabled = enabled;
  g_object_freeze_notify (G_OBJECT (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TLS_ENABLED]);
  if (self->port == 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EFFECTIVE_PORT]);
  g_object_thaw_notify (G_OBJECT (self));
}

gboolean
sb_data_source_get_tls_verify (SbDataSource *self)
{
  g_return_val_if_fail (SB_IS_DATA_SOURCE (self), TRUE);
  return self->tls_verify;
}

void
sb_data_source_set_tls_verify (SbDataSource *self, gboolean verify)
{
  g_return_if_fail (SB_IS_DATA_SOURCE (self));

  verify = !!verify;
  if (self->tls_verify == (guint)verify)
    return;
  self->tls_verify = verify;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TLS_VERIFY]);
}

GListModel *
sb_data_source_get_subscriptions (SbDataSource *self)
{
  g_return_val_if_fail (SB_IS_DATA_SOURCE (self), NULL);
  return G_LIST_MODEL (self->subscriptions);
}

guint
sb_data_source_get_n_subscriptions (SbDataSource *self)
{
  g_return_val_if_fail (SB_IS_DATA_SOURCE (self), 0);
  return g_list_model_get_n_items (G_LIST_MODEL (self->subscriptions));
}

/* Returns a borrowed reference (the data source holds one). */
static void
data_path_free (gpointer path)
{
  if (path != NULL)
    sb_data_path_unref (path);
}

GPtrArray *
sb_data_source_dup_data_paths (SbDataSource *self)
{
  guint n;
  GPtrArray *paths;

  g_return_val_if_fail (SB_IS_DATA_SOURCE (self), NULL);

  n = sb_data_source_get_n_subscriptions (self);
  paths = g_ptr_array_new_full (n, data_path_free);
  for (guint i = 0; i < n; i++)
    {
      const char *expression
          = sb_subscription_get_data_path (sb_data_source_get_subscription (self, i));

      g_ptr_array_add (paths, expression != NULL && *expression != '\0'
                                  ? sb_data_path_new (expression, NULL)
                                  : NULL);
    }
  return paths;
}

SbSubscription *
sb_data_source_get_subscription (SbDataSource *self, guint position)
{
  SbSubscription *sub;

  g_return_val_if_fail (SB_IS_DATA_SOURCE (self), NULL);

  sub = g_list_model_get_item (G_LIST_MODEL (self->subscriptions), position);
  if (sub != NULL)
    g_object_unref (sub); /* the store keeps its own reference */
  return sub;
}

static void
subscription_notify_cb (SbSubscription *sub, GParamSpec *pspec, SbDataSource *self)
{
  emit_changed (self);
}

void
sb_data_source_add_subscription (SbDataSource *self, SbSubscription *subscription)
{
  g_return_if_fail (SB_IS_DATA_SOURCE (self));
  g_return_if_fail (SB_IS_SUBSCRIPTION (subscription));

  g_signal_connect_object (subscription, "notify", G_CALLBACK (subscription_notify_cb), self, 0);
  g_list_store_append (self->subscriptions, subscription);
  emit_changed (self);
}

void
sb_data_source_remove_subscription (SbDataSource *self, guint position)
{
  g_autoptr (SbSubscription) sub = NULL;

  g_return_if_fail (SB_IS_DATA_SOURCE (self));

  sub = g_list_model_get_item (G_LIST_MODEL (self->subscriptions), position);
  g_return_if_fail (sub != NULL);

  g_signal_handlers_disconnect_by_func (sub, subscription_notify_cb, self);
  g_list_store_remove (self->subscriptions, position);
  emit_changed (self);
}

static void
disconnect_subscriptions (SbDataSource *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->subscriptions));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr (SbSubscription) sub
          = g_list_model_get_item (G_LIST_MODEL (self->subscriptions), i);
      g_signal_handlers_disconnect_by_func (sub, subscription_notify_cb, self);
    }
}

void
sb_data_source_remove_all_subscriptions (SbDataSource *self)
{
  g_return_if_fail (SB_IS_DATA_SOURCE (self));

  if (g_list_model_get_n_items (G_LIST_MODEL (self->subscriptions)) == 0)
    return;
  disconnect_subscriptions (self);
  g_list_store_remove_all (self->subscriptions);
  emit_changed (self);
}

int
sb_data_source_get_subscription_qos (SbDataSource *self, guint position)
{
  SbSubscription *sub;
  int qos;

  g_return_val_if_fail (SB_IS_DATA_SOURCE (self), SB_DEFAULT_QOS);

  sub = sb_data_source_get_subscription (self, position);
  g_return_val_if_fail (sub != NULL, self->qos);
  qos = sb_subscription_get_qos (sub);
  return qos == SB_QOS_INHERIT ? self->qos : qos;
}

/* The MQTT 5 connection options and the last will */

guint32
sb_data_source_get_session_expiry_interval (SbDataSource *self)
{
  g_return_val_if_fail (SB_IS_DATA_SOURCE (self), 0);
  return self->session_expiry_interval;
}

void
sb_data_source_set_session_expiry_interval (SbDataSource *self, guint32 seconds)
{
  g_return_if_fail (SB_IS_DATA_SOURCE (self));

  if (self->session_expiry_interval == seconds)
    return;
  self->session_expiry_interval = seconds;
  sb_data_source_notify (self, PROP_SESSION_EXPIRY_INTERVAL);
}

const char *const *
sb_data_source_get_user_properties (SbDataSource *self)
{
  g_return_val_if_fail (SB_IS_DATA_SOURCE (self), NULL);
  return (const char *const *)self->user_properties;
}

void
sb_data_source_set_user_properties (SbDataSource *self, const char *const *pairs)
{
  static const char *const none[] = { NULL };

  g_return_if_fail (SB_IS_DATA_SOURCE (self));
  if (pairs == NULL)
    pairs = none;
  g_return_if_fail (g_strv_length ((char **)pairs) % 2 == 0);

  if (g_strv_equal (pairs, (const char *const *)self->user_properties))
    return;
  g_strfreev (self->user_properties);
  self->user_properties = g_strdupv ((char **)pairs);
  sb_data_source_notify (self, PROP_USER_PROPERTIES);
}

guint
sb_data_source_get_n_user_properties (SbDataSource *self)
{
  g_return_val_if_fail (SB_IS_DATA_SOURCE (self), 0);
  return g_strv_length (self->user_properties) / 2;
}

const char *
sb_data_source_get_user_property_name (SbDataSource *self, guint position)
{
  g_return_val_if_fail (SB_IS_DATA_SOURCE (self), NULL);
  g_return_val_if_fail (position < sb_data_source_get_n_user_properties (self), NULL);
  return self->user_properties[2 * position];
}

const char *
sb_data_source_get_user_property_value (SbDataSource *self, guint position)
{
  g_return_val_if_fail (SB_IS_DATA_SOURCE (self), NULL);
  g_return_val_if_fail (position < sb_data_source_get_n_user_properties (self), NULL);
  return self->user_properties[2 * position + 1];
}

void
sb_data_source_add_user_property (SbDataSource *self, const char *name, const char *value)
{
  guint length;

  g_return_if_fail (SB_IS_DATA_SOURCE (self));
  g_return_if_fail (name != NULL);

  length = g_strv_length (self->user_properties);
  self->user_properties = g_renew (char *, self->user_properties, length + 3);
  self->user_properties[length] = g_strdup (name);
  self->user_properties[length + 1] = g_strdup (value ? value : "");
  self->user_properties[length + 2] = NULL;
  sb_data_source_notify (self, PROP_USER_PROPERTIES);
}

void
sb_data_source_remove_user_property (SbDataSource *self, guint position)
{
  guint length;

  g_return_if_fail (SB_IS_DATA_SOURCE (self));
  g_return_if_fail (position < sb_data_source_get_n_user_properties (self));

  length = g_strv_length (self->user_properties);
  g_free (self->user_properties[2 * position]);
  g_free (self->user_properties[2 * position + 1]);
  /* the pairs after it, and the terminating NULL, move up */
  memmove (&self->user_properties[2 * position], &self->user_properties[2 * position + 2],
           (length - 2 * position - 1) * sizeof (char *));
  sb_data_source_notify (self, PROP_USER_PROPERTIES);
}

gboolean
sb_data_source_has_will (SbDataSource *self)
{
  g_return_val_if_fail (SB_IS_DATA_SOURCE (self), FALSE);
  return self->strings[PROP_WILL_TOPIC][0] != '\0';
}

const char *
sb_data_source_get_will_topic (SbDataSource *self)
{
  g_return_val_if_fail (SB_IS_DATA_SOURCE (self), NULL);
  return self->strings[PROP_WILL_TOPIC];
}

void
sb_data_source_set_will_topic (SbDataSource *self, const char *topic)
{
  g_return_if_fail (SB_IS_DATA_SOURCE (self));
  sb_data_source_set_string (self, PROP_WILL_TOPIC, topic);
}

const char *
sb_data_source_get_will_payload (SbDataSource *self)
{
  g_return_val_if_fail (SB_IS_DATA_SOURCE (self), NULL);
  return self->strings[PROP_WILL_PAYLOAD];
}

void
sb_data_source_set_will_payload (SbDataSource *self, const char *payload)
{
  g_return_if_fail (SB_IS_DATA_SOURCE (self));
  sb_data_source_set_string (self, PROP_WILL_PAYLOAD, payload);
}

int
sb_data_source_get_will_qos (SbDataSource *self)
{
  g_return_val_if_fail (SB_IS_DATA_SOURCE (self), 0);
  return self->will_qos;
}

void
sb_data_source_set_will_qos (SbDataSource *self, int qos)
{
  g_return_if_fail (SB_IS_DATA_SOURCE (self));
  g_return_if_fail (qos >= 0 && qos <= 2);

  if (self->will_qos == qos)
    return;
  self->will_qos = qos;
  sb_data_source_notify (self, PROP_WILL_QOS);
}

gboolean
sb_data_source_get_will_retain (SbDataSource *self)
{
  g_return_val_if_fail (SB_IS_DATA_SOURCE (self), FALSE);
  return self->will_retain;
}

void
sb_data_source_set_will_retain (SbDataSource *self, gboolean retain)
{
  g_return_if_fail (SB_IS_DATA_SOURCE (self));

  retain = !!retain;
  if (self->will_retain == (guint)retain)
    return;
  self->will_retain = retain;
  sb_data_source_notify (self, PROP_WILL_RETAIN);
}

void
sb_data_source_clear_will (SbDataSource *self)
{
  g_return_if_fail (SB_IS_DATA_SOURCE (self));

  /* one "changed" for the whole will */
  g_object_freeze_notify (G_OBJECT (self));
  sb_data_source_set_will_topic (self, "");
  sb_data_source_set_will_payload (self, "");
  sb_data_source_set_will_qos (self, 0);
  sb_data_source_set_will_retain (self, FALSE);
  g_object_thaw_notify (G_OBJECT (self));
}

/* ---- the passphrase of the TLS client key -------------------------------- */

const char *
sb_data_source_get_tls_client_key_password (SbDataSource *self)
{
  g_return_val_if_fail (SB_IS_DATA_SOURCE (self), NULL);
  return self->strings[PROP_TLS_CLIENT_KEY_PASSWORD];
}

void
sb_data_source_set_tls_client_key_password (SbDataSource *self, const char *password)
{
  g_return_if_fail (SB_IS_DATA_SOURCE (self));
  sb_data_source_set_string (self, PROP_TLS_CLIENT_KEY_PASSWORD, password);
}

SbPasswordStore
sb_data_source_get_tls_client_key_password_store (SbDataSource *self)
{
  g_return_val_if_fail (SB_IS_DATA_SOURCE (self), SB_PASSWORD_STORE_FILE);
  return self->tls_client_key_password_store;
}

void
sb_data_source_set_tls_client_key_password_store (SbDataSource *self, SbPasswordStore store)
{
  g_return_if_fail (SB_IS_DATA_SOURCE (self));

  if (self->tls_client_key_password_store == store)
    return;
  self->tls_client_key_password_store = store;
  sb_data_source_notify (self, PROP_TLS_CLIENT_KEY_PASSWORD_STORE);
}
