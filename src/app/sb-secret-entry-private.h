/* sb-secret-entry-private.h: the secret entry's widgets, for tests
 *
 * Not for the app's other files: each is here because tests (and the
 * screenshots and benchmarks) look into or drive the widget through it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sb-secret-entry.h"

G_BEGIN_DECLS

/* For tests: "entry", "store_label", "file_check". */
GtkWidget *
sb_secret_entry_get_widget (SbSecretEntry *self, const char *name);

G_END_DECLS
