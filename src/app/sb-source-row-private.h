/* sb-source-row-private.h: what a data source's row shows, as text
 *
 * Not for the app's other files: each is here because tests (and the
 * screenshots and benchmarks) look into or drive the widget through it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sb-source-row.h"

G_BEGIN_DECLS

/* What the user reads, for tests. */
const char *
sb_source_row_get_name_text (SbSourceRow *self);
const char *
sb_source_row_get_address_text (SbSourceRow *self);
const char *
sb_source_row_get_subscriptions_text (SbSourceRow *self);
const char *
sb_source_row_get_state_text (SbSourceRow *self);
/* The security warnings shown under the address ("Certificates not
 * checked", "Password sent unencrypted"); "" when none is shown. */
const char *
sb_source_row_get_warning_text (SbSourceRow *self);

G_END_DECLS
