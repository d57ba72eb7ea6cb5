/* sb-config-private.h: what the configuration's files share, not public API
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sb-config.h"

G_BEGIN_DECLS

/* Adds to @problems (SbProblem) the rules across data sources: unique names and ids. */
void
sb_config_check_across (SbConfig *self, GPtrArray *problems);

/* SB_CONFIG_ERROR_TOO_LARGE for a file of @size bytes; returns FALSE. */
gboolean
sb_config_set_too_large_error (GError **error, goffset size);

G_END_DECLS
