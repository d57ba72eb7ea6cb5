/* sb-import-mqtt-explorer.h: the reader of MQTT Explorer's settings.json
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Every connection of the settings at @root, mapped (SbImportConnection, in
 * the file's order; free with g_ptr_array_unref()), or NULL with
 * SB_IMPORT_ERROR_SHAPE when @root is not MQTT Explorer's settings.json. */
GPtrArray *
sb_import_mqtt_explorer_read (JsonNode *root, GError **error);

G_END_DECLS
