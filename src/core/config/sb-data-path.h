/* sb-data-path.h: a subscription's data path (a JsonPath expression) applied
 * to message payloads, as the preview, the dialog and the CLI show it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef struct _SbDataPath SbDataPath;

/* Compiles @expression (it must start with "$"); NULL and an
 * SB_CONFIG_ERROR_INVALID error with the sb_validate_data_path () message
 * when it does not parse. */
SbDataPath *
sb_data_path_new (const char *expression, GError **error);
/* Whether @expression is a data path this file can apply: TRUE for "" (no
 * path), else FALSE and an SB_CONFIG_ERROR_INVALID error naming the problem.
 * Safe on any text, unlike json_path_compile () in json-glib 1.6, which
 * reads past the end of "$['" and "$[:": check with this first. */
gboolean
sb_data_path_check (const char *expression, GError **error);
void
sb_data_path_unref (SbDataPath *path);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SbDataPath, sb_data_path_unref)

const char *
sb_data_path_get_expression (SbDataPath *path);

/* Applies the path to a payload. One match gives that value, several give
 * them as an array. On failure NULL and a message a person understands:
 * "The payload is not JSON" or "The data path $.x matches nothing in this
 * payload". */
JsonNode *
sb_data_path_apply (SbDataPath *path, GBytes *payload, GError **error);

/* How a value reads in one line: strings without quotes, numbers and
 * literals as JSON writes them, arrays and objects as compact JSON. */
char *
sb_data_path_value_to_text (JsonNode *value);
/* A number (or a string holding one, as shop-floor devices often send),
 * for charts; FALSE for anything else. */
gboolean
sb_data_path_value_to_double (JsonNode *value, double *number);

G_END_DECLS
