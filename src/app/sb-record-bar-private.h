/* sb-record-bar-private.h: what the Record bar says, for tests
 *
 * Not for the app's other files: each is here because tests (and the
 * screenshots and benchmarks) look into or drive the widget through it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sb-record-bar.h"

G_BEGIN_DECLS

/* What the bar says ("Recording to x.jsonl · 12 messages · 1.2 kB"). */
const char *
sb_record_bar_get_text (SbRecordBar *self);

G_END_DECLS
