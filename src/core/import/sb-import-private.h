/* sb-import-private.h: what sb_import_apply() (sb-import-apply.c) reads of a
 * load's result beyond the public accessors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sb-import-connection.h"
#include "sb-import.h"

G_BEGIN_DECLS

/* The connection at @position, with its inline certificates (borrowed). */
SbImportConnection *
sb_import_get_connection (SbImport *self, guint position);

G_END_DECLS
