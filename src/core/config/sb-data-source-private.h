/* sb-data-source-private.h: what the files of SbDataSource share, not public API
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sb-data-source.h"

G_BEGIN_DECLS

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

/* Notifies @prop_id (which emits SbDataSource::changed). */
void
sb_data_source_notify (SbDataSource *self, guint prop_id);
/* Sets a string property (prop_id < N_STRING_PROPS); NULL is "". */
void
sb_data_source_set_string (SbDataSource *self, guint prop_id, const char *value);

G_END_DECLS
