/* sb-error.h: error domains of the Signalboard core
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define SB_CONFIG_ERROR (sb_config_error_quark ())
#define SB_MQTT_ERROR (sb_mqtt_error_quark ())
#define SB_IMPORT_ERROR (sb_import_error_quark ())

typedef enum
{
  SB_CONFIG_ERROR_IO,                  /* missing, unreadable, a directory, cannot write */
  SB_CONFIG_ERROR_TOO_LARGE,           /* over the size limit */
  SB_CONFIG_ERROR_SYNTAX,              /* not JSON: message carries LINE:COL */
  SB_CONFIG_ERROR_INVALID,             /* JSON, but not a valid configuration */
  SB_CONFIG_ERROR_UNSUPPORTED_VERSION, /* a newer format version */
} SbConfigError;

#define SB_TYPE_CONFIG_ERROR (sb_config_error_get_type ())
GType
sb_config_error_get_type (void);

typedef enum
{
  SB_MQTT_ERROR_INVALID,     /* the data source's settings cannot be used */
  SB_MQTT_ERROR_RESOLVE,     /* unknown host */
  SB_MQTT_ERROR_REFUSED,     /* TCP connection refused, host or network unreachable */
  SB_MQTT_ERROR_AUTH,        /* not authorised, bad user name or password */
  SB_MQTT_ERROR_TLS,         /* TLS handshake or verification failed */
  SB_MQTT_ERROR_PROTOCOL,    /* the broker refused the connection for good (protocol
                              * version, client id, ...) */
  SB_MQTT_ERROR_UNAVAILABLE, /* the broker refused the connection for now (unavailable, busy) */
  SB_MQTT_ERROR_TIMEOUT,     /* no CONNACK in time, or no answer to keep alive */
  SB_MQTT_ERROR_CLOSED,      /* the broker closed the connection without saying why */
  SB_MQTT_ERROR_NETWORK,     /* the connection broke otherwise */
  SB_MQTT_ERROR_TAKEN_OVER,  /* another client connected with the same client id */
  SB_MQTT_ERROR_PUBLISH,     /* a publish could not be sent */
} SbMqttError;

#define SB_TYPE_MQTT_ERROR (sb_mqtt_error_get_type ())
GType
sb_mqtt_error_get_type (void);

typedef enum
{
  SB_IMPORT_ERROR_IO,        /* the input cannot be read, a certificate cannot be written */
  SB_IMPORT_ERROR_SYNTAX,    /* the input is not JSON: message carries LINE:COL */
  SB_IMPORT_ERROR_SHAPE,     /* JSON, but not what the other tool writes */
  SB_IMPORT_ERROR_DUPLICATE, /* a name is already taken in the target configuration */
  SB_IMPORT_ERROR_KEYRING,   /* a password cannot be stored in the Secret Service */
} SbImportError;

#define SB_TYPE_IMPORT_ERROR (sb_import_error_get_type ())
GType
sb_import_error_get_type (void);

GQuark
sb_config_error_quark (void);
GQuark
sb_mqtt_error_quark (void);
/* Reading another tool's file (src/core/import): the readers of each format
 * and the load above them report in it. */
GQuark
sb_import_error_quark (void);

G_END_DECLS
