/* sb-data-source-options.c: the MQTT 5 connection options and the last will
 * of a data source (the rest of SbDataSource is in sb-data-source.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sb-data-source-private.h"

#include <string.h>

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
