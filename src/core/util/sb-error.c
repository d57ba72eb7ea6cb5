/* sb-error.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sb-error.h"

/* The quark's name is tokens: clang-format would space them ("sb - file - ..."). */
/* clang-format off */
G_DEFINE_QUARK (sb-config-error-quark, sb_config_error)
G_DEFINE_QUARK (sb-mqtt-error-quark, sb_mqtt_error)
/* clang-format on */
