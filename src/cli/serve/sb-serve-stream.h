/* sb-serve-stream.h: one client of /api/v1/events, fed from the store with
 * the latest value per topic: a client that reads slowly skips values, it
 * never makes a queue grow
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sb-serve-store.h"

G_BEGIN_DECLS

#define SB_TYPE_SERVE_STREAM (sb_serve_stream_get_type ())
G_DECLARE_FINAL_TYPE (SbServeStream, sb_serve_stream, SB, SERVE_STREAM, GObject)

/* Writes Server-Sent Events to @connection (the HTTP response headers are
 * already sent): first the state of every source and the latest message of
 * every topic, then what changes, whenever sb_serve_stream_flush () is
 * called (after the store changed) and the previous write is done.
 * @source_index -1: every source. "closed" is emitted once the client went
 * away or a write failed. */
SbServeStream *
sb_serve_stream_new (SbServeStore *store, int source_index, GIOStream *connection);
void
sb_serve_stream_flush (SbServeStream *self);
void
sb_serve_stream_close (SbServeStream *self);

G_END_DECLS
