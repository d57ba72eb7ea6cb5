/* sb-preview-window-private.h: the preview window's view and Record bar, for tests and benchmarks
 *
 * Not for the app's other files: each is here because tests (and the
 * screenshots and benchmarks) look into or drive the widget through it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sb-preview-view.h"
#include "sb-preview-window.h"
#include "sb-record-bar.h"

G_BEGIN_DECLS

SbPreviewView *
sb_preview_window_get_view (SbPreviewWindow *self);
/* Recording (the header's Record button opens a file chooser: JSON Lines or
 * CSV by the name's extension or the chosen type; a second click stops). */
SbRecordBar *
sb_preview_window_get_record_bar (SbPreviewWindow *self);

G_END_DECLS
