/* sb-data-source.h: an MQTT data source, as the user configures it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sb-subscription.h"

G_BEGIN_DECLS

typedef enum
{
  SB_PROTOCOL_MQTT_311, /* "3.1.1" */
  SB_PROTOCOL_MQTT_5,   /* "5" */
} SbProtocol;

typedef enum
{
  SB_PASSWORD_STORE_FILE,    /* "auth.password" holds it (the default) */
  SB_PASSWORD_STORE_KEYRING, /* the Secret Service holds it, keyed by the data source id */
} SbPasswordStore;

typedef enum
{
  SB_TRANSPORT_TCP,        /* "tcp": MQTT on a TCP connection (the default) */
  SB_TRANSPORT_WEBSOCKETS, /* "websockets": MQTT over WebSocket (ws://, wss:// with TLS) */
} SbTransport;

#define SB_DEFAULT_PORT 1883
#define SB_DEFAULT_TLS_PORT 8883
#define SB_DEFAULT_WS_PORT 80
#define SB_DEFAULT_WSS_PORT 443
#define SB_DEFAULT_WS_PATH "/mqtt"
#define SB_DEFAULT_KEEP_ALIVE 60
#define SB_DEFAULT_QOS 1

#define SB_TYPE_PROTOCOL (sb_protocol_get_type ())
GType
sb_protocol_get_type (void);
#define SB_TYPE_PASSWORD_STORE (sb_password_store_get_type ())
GType
sb_password_store_get_type (void);
#define SB_TYPE_TRANSPORT (sb_transport_get_type ())
GType
sb_transport_get_type (void);

/* "tcp" or "websockets", as the file format writes them. */
const char *
sb_transport_to_string (SbTransport transport);
gboolean
sb_transport_from_string (const char *text, SbTransport *transport);

const char *
sb_protocol_to_string (SbProtocol protocol);
gboolean
sb_protocol_from_string (const char *text, SbProtocol *protocol);

#define SB_TYPE_DATA_SOURCE (sb_data_source_get_type ())
G_DECLARE_FINAL_TYPE (SbDataSource, sb_data_source, SB, DATA_SOURCE, GObject)

/* SbDataSource::changed is emitted after any setting or subscription changes. */

/* A new data source with every default of the file format and a fresh id. */
SbDataSource *
sb_data_source_new (void);
/* A deep copy (subscriptions included), same id. */
SbDataSource *
sb_data_source_copy (SbDataSource *self);
/* Copies every setting and subscription of @from into @self (ids included). */
void
sb_data_source_assign (SbDataSource *self, SbDataSource *from);
gboolean
sb_data_source_equal (SbDataSource *a, SbDataSource *b);

const char *
sb_data_source_get_id (SbDataSource *self);
void
sb_data_source_set_id (SbDataSource *self, const char *id);
const char *
sb_data_source_get_name (SbDataSource *self);
void
sb_data_source_set_name (SbDataSource *self, const char *name);
const char *
sb_data_source_get_broker (SbDataSource *self);
void
sb_data_source_set_broker (SbDataSource *self, const char *broker);
/* 0 means "the default": 1883, or 8883 with TLS; over WebSocket 80, or 443
 * with TLS */
guint
sb_data_source_get_port (SbDataSource *self);
void
sb_data_source_set_port (SbDataSource *self, guint port);
guint
sb_data_source_get_effective_port (SbDataSource *self);
/* "transport": TCP (the default) or WebSocket; with TLS, WebSocket is wss. */
SbTransport
sb_data_source_get_transport (SbDataSource *self);
void
sb_data_source_set_transport (SbDataSource *self, SbTransport transport);
/* "path": the HTTP path of the WebSocket endpoint, "/mqtt" by default; only
 * used with SB_TRANSPORT_WEBSOCKETS. */
const char *
sb_data_source_get_path (SbDataSource *self);
void
sb_data_source_set_path (SbDataSource *self, const char *path);
SbProtocol
sb_data_source_get_protocol (SbDataSource *self);
void
sb_data_source_set_protocol (SbDataSource *self, SbProtocol protocol);
const char *
sb_data_source_get_client_id (SbDataSource *self);
void
sb_data_source_set_client_id (SbDataSource *self, const char *client_id);
guint
sb_data_source_get_keep_alive (SbDataSource *self);
void
sb_data_source_set_keep_alive (SbDataSource *self, guint keep_alive);
gboolean
sb_data_source_get_clean_session (SbDataSource *self);
void
sb_data_source_set_clean_session (SbDataSource *self, gboolean clean_session);
/* 0 at most once, 1 at least once, 2 exactly once */
int
sb_data_source_get_qos (SbDataSource *self);
void
sb_data_source_set_qos (SbDataSource *self, int qos);
const char *
sb_data_source_get_username (SbDataSource *self);
void
sb_data_source_set_username (SbDataSource *self, const char *username);
const char *
sb_data_source_get_password (SbDataSource *self);
void
sb_data_source_set_password (SbDataSource *self, const char *password);
SbPasswordStore
sb_data_source_get_password_store (SbDataSource *self);
/* Empties every secret the object holds (auth.password and
 * tls.client_key_password; a "keyring" store stays as it is); TRUE when
 * one was not empty. The one list of what counts as a secret. */
gboolean
sb_data_source_strip_secrets (SbDataSource *self);
void
sb_data_source_set_password_store (SbDataSource *self, SbPasswordStore store);
gboolean
sb_data_source_get_tls_enabled (SbDataSource *self);
void
sb_data_source_set_tls_enabled (SbDataSource *self, gboolean enabled);
const char *
sb_data_source_get_tls_ca_file (SbDataSource *self);
void
sb_data_source_set_tls_ca_file (SbDataSource *self, const char *path);
const char *
sb_data_source_get_tls_client_cert (SbDataSource *self);
void
sb_data_source_set_tls_client_cert (SbDataSource *self, const char *path);
const char *
sb_data_source_get_tls_client_key (SbDataSource *self);
void
sb_data_source_set_tls_client_key (SbDataSource *self, const char *path);
/* The passphrase of an encrypted client key ("" for a key without one), and
 * where it is kept: in the file (the default) or, with "keyring", not in the
 * file. */
const char *
sb_data_source_get_tls_client_key_password (SbDataSource *self);
void
sb_data_source_set_tls_client_key_password (SbDataSource *self, const char *password);
SbPasswordStore
sb_data_source_get_tls_client_key_password_store (SbDataSource *self);
void
sb_data_source_set_tls_client_key_password_store (SbDataSource *self, SbPasswordStore store);
gboolean
sb_data_source_get_tls_verify (SbDataSource *self);
void
sb_data_source_set_tls_verify (SbDataSource *self, gboolean verify);

/* Properties of the settings below: "session-expiry-interval" (guint),
 * "user-properties" (GStrv of pairs), "will-topic", "will-payload",
 * "will-qos", "will-retain" and the read-only "has-will". */

/* MQTT 5 only (protocol "5"): how long, in seconds, the broker keeps the
 * session after the connection ends; 0 (the default) ends it with the
 * connection, G_MAXUINT32 never. */
guint32
sb_data_source_get_session_expiry_interval (SbDataSource *self);
void
sb_data_source_set_session_expiry_interval (SbDataSource *self, guint32 seconds);

/* MQTT 5 only: the user properties sent with CONNECT, as a NULL-terminated
 * array of pairs: name, value, name, value, ... (never NULL; empty when there
 * are none). Names may repeat, as MQTT allows. */
const char *const *
sb_data_source_get_user_properties (SbDataSource *self);
/* @pairs: NULL-terminated, an even number of strings; NULL clears them all. */
void
sb_data_source_set_user_properties (SbDataSource *self, const char *const *pairs);
guint
sb_data_source_get_n_user_properties (SbDataSource *self);
const char *
sb_data_source_get_user_property_name (SbDataSource *self, guint position);
const char *
sb_data_source_get_user_property_value (SbDataSource *self, guint position);
void
sb_data_source_add_user_property (SbDataSource *self, const char *name, const char *value);
void
sb_data_source_remove_user_property (SbDataSource *self, guint position);

/* The last will, both protocols: the broker publishes it when the connection
 * is lost without a DISCONNECT. An empty topic (the default) is no will. */
gboolean
sb_data_source_has_will (SbDataSource *self);
const char *
sb_data_source_get_will_topic (SbDataSource *self);
void
sb_data_source_set_will_topic (SbDataSource *self, const char *topic);
const char *
sb_data_source_get_will_payload (SbDataSource *self);
void
sb_data_source_set_will_payload (SbDataSource *self, const char *payload);
/* 0 (the default), 1 or 2 */
int
sb_data_source_get_will_qos (SbDataSource *self);
void
sb_data_source_set_will_qos (SbDataSource *self, int qos);
gboolean
sb_data_source_get_will_retain (SbDataSource *self);
void
sb_data_source_set_will_retain (SbDataSource *self, gboolean retain);
/* Removes the will: topic and payload empty, QoS 0, retain FALSE. */
void
sb_data_source_clear_will (SbDataSource *self);

/* A GListModel of SbSubscription; change it only through the functions below. */
GListModel *
sb_data_source_get_subscriptions (SbDataSource *self);
guint
sb_data_source_get_n_subscriptions (SbDataSource *self);
SbSubscription *
sb_data_source_get_subscription (SbDataSource *self, guint position);
void
sb_data_source_add_subscription (SbDataSource *self, SbSubscription *subscription);
void
sb_data_source_remove_subscription (SbDataSource *self, guint position);
void
sb_data_source_remove_all_subscriptions (SbDataSource *self);
/* The data path of each subscription by position (SbDataPath, or NULL where
 * it has none or it does not compile), for what fills the value columns of
 * a message (recording). */
GPtrArray *
sb_data_source_dup_data_paths (SbDataSource *self);
/* The QoS a subscription is made with: its own, or the data source's. */
int
sb_data_source_get_subscription_qos (SbDataSource *self, guint position);

G_END_DECLS
