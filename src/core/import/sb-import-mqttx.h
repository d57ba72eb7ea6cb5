/* sb-import-mqttx.h: the reader of MQTTX's JSON export
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* @data (valid JSON, already scanned) with the value of every connection's
 * "messages" replaced by [], or NULL when there is none to replace. */
GString *
sb_import_mqttx_strip_messages (const char *data, gsize length);

/* Every connection of the export at @root, mapped (SbImportConnection, in
 * the file's order; free with g_ptr_array_unref()), or NULL with
 * SB_IMPORT_ERROR_SHAPE when @root is not an MQTTX export. */
GPtrArray *
sb_import_mqttx_read (JsonNode *root, GError **error);

G_END_DECLS
