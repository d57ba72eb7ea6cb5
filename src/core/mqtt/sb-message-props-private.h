/* sb-message-props-private.h: reading libmosquitto's property list (core only)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <mosquitto.h>

#include "sb-message-props.h"

G_BEGIN_DECLS

/* The properties of @list a person may want to see, or NULL when it holds
 * none of them (no allocation then: the common case of a flood). */
SbMessageProps *
sb_message_props_new_from_mosquitto (const mosquitto_property *list);

/* @props as a libmosquitto property list for PUBLISH (NULL for NULL); free
 * it with mosquitto_property_free_all (). */
mosquitto_property *
sb_message_props_to_mosquitto (const SbMessageProps *props);

G_END_DECLS
