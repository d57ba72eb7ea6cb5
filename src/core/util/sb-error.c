/* sb-error.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sb-error.h"

/* The quark's name is tokens: clang-format would space them ("sb - file - ..."). */
/* clang-format off */
G_DEFINE_QUARK (sb-config-error-quark, sb_config_error)
G_DEFINE_QUARK (sb-mqtt-error-quark, sb_mqtt_error)
G_DEFINE_QUARK (sb-import-error-quark, sb_import_error)
/* clang-format on */

G_DEFINE_ENUM_TYPE (SbConfigError, sb_config_error, G_DEFINE_ENUM_VALUE (SB_CONFIG_ERROR_IO, "io"),
                    G_DEFINE_ENUM_VALUE (SB_CONFIG_ERROR_TOO_LARGE, "too-large"),
                    G_DEFINE_ENUM_VALUE (SB_CONFIG_ERROR_SYNTAX, "syntax"),
                    G_DEFINE_ENUM_VALUE (SB_CONFIG_ERROR_INVALID, "invalid"),
                    G_DEFINE_ENUM_VALUE (SB_CONFIG_ERROR_UNSUPPORTED_VERSION,
                                         "unsupported-version"))

G_DEFINE_ENUM_TYPE (SbMqttError, sb_mqtt_error,
                    G_DEFINE_ENUM_VALUE (SB_MQTT_ERROR_INVALID, "invalid"),
                    G_DEFINE_ENUM_VALUE (SB_MQTT_ERROR_RESOLVE, "resolve"),
                    G_DEFINE_ENUM_VALUE (SB_MQTT_ERROR_REFUSED, "refused"),
                    G_DEFINE_ENUM_VALUE (SB_MQTT_ERROR_AUTH, "auth"),
                    G_DEFINE_ENUM_VALUE (SB_MQTT_ERROR_TLS, "tls"),
                    G_DEFINE_ENUM_VALUE (SB_MQTT_ERROR_PROTOCOL, "protocol"),
                    G_DEFINE_ENUM_VALUE (SB_MQTT_ERROR_UNAVAILABLE, "unavailable"),
                    G_DEFINE_ENUM_VALUE (SB_MQTT_ERROR_TIMEOUT, "timeout"),
                    G_DEFINE_ENUM_VALUE (SB_MQTT_ERROR_CLOSED, "closed"),
                    G_DEFINE_ENUM_VALUE (SB_MQTT_ERROR_NETWORK, "network"),
                    G_DEFINE_ENUM_VALUE (SB_MQTT_ERROR_TAKEN_OVER, "taken-over"),
                    G_DEFINE_ENUM_VALUE (SB_MQTT_ERROR_PUBLISH, "publish"))

G_DEFINE_ENUM_TYPE (SbImportError, sb_import_error, G_DEFINE_ENUM_VALUE (SB_IMPORT_ERROR_IO, "io"),
                    G_DEFINE_ENUM_VALUE (SB_IMPORT_ERROR_SYNTAX, "syntax"),
                    G_DEFINE_ENUM_VALUE (SB_IMPORT_ERROR_SHAPE, "shape"),
                    G_DEFINE_ENUM_VALUE (SB_IMPORT_ERROR_DUPLICATE, "duplicate"),
                    G_DEFINE_ENUM_VALUE (SB_IMPORT_ERROR_KEYRING, "keyring"))
