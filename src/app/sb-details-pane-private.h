/* sb-details-pane-private.h: the details pane shown at once, for tests
 *
 * Not for the app's other files: each is here because tests (and the
 * screenshots and benchmarks) look into or drive the widget through it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sb-details-pane.h"

G_BEGIN_DECLS

/* Shows the row's current state now instead of at the next throttled refresh (tests). */
void
sb_details_pane_refresh (SbDetailsPane *self);

G_END_DECLS
