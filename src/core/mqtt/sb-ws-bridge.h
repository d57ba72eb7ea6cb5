/* sb-ws-bridge.h: MQTT over WebSocket for libmosquitto, which has no
 * WebSocket client of its own: a WebSocket connection (libsoup, on the GLib
 * main loop, no thread) joined to a private unix socket that libmosquitto
 * connects to (a port of 0 makes it connect to a unix socket)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sb-data-source.h"
#include "sb-error.h"

G_BEGIN_DECLS

#define SB_TYPE_WS_BRIDGE (sb_ws_bridge_get_type ())
G_DECLARE_FINAL_TYPE (SbWsBridge, sb_ws_bridge, SB, WS_BRIDGE, GObject)

/* Opens the WebSocket to @source's broker (ws:// or, with TLS, wss:// with
 * the source's CA file or the system's trust store, its client certificate
 * and verification; the system's proxy settings apply), with the "mqtt"
 * subprotocol, then listens on a new unix socket in a private folder of
 * $XDG_RUNTIME_DIR for libmosquitto. Errors are SB_MQTT_ERROR_* with a
 * sentence a person understands: RESOLVE, REFUSED and NETWORK may pass on a
 * retry; TLS, PROTOCOL (the server refused the upgrade: "HTTP 404 at /mqtt:
 * is the path right?", or offered no "mqtt" subprotocol) and INVALID will
 * not. */
void
sb_ws_bridge_open_async (SbDataSource *source, GCancellable *cancellable,
                         GAsyncReadyCallback callback, gpointer user_data);
SbWsBridge *
sb_ws_bridge_open_finish (GAsyncResult *result, GError **error);

/* Where libmosquitto connects: mosquitto_connect_async (mosq, path, 0, …).
 * The bridge takes one connection, from this process only, and removes the
 * socket file when it has it. */
const char *
sb_ws_bridge_get_socket_path (SbWsBridge *self);

/* Why the WebSocket ended ("the broker closed the WebSocket (1001: going
 * away)"), once it has; NULL while it is open or after a close of ours. */
const char *
sb_ws_bridge_get_close_reason (SbWsBridge *self);

/* Closes both sides: what libmosquitto wrote last (its DISCONNECT) goes to
 * the WebSocket, then the close frame; the bridge lives on until the broker
 * answers it (or 5 s pass). Also done on finalize. */
void
sb_ws_bridge_close (SbWsBridge *self);

/* Iterates the default main context until no bridge is in its closing
 * handshake, or @timeout_ms pass; TRUE when none is. For a process about
 * to exit: the end of the process would cut a WebSocket whose last frames
 * (a DISCONNECT among them) wait for the socket, and the broker would
 * publish the will. */
gboolean
sb_ws_bridge_wait_closed (guint timeout_ms);

/* Signal "closed": the WebSocket or libmosquitto's side ended; both are
 * closed now (libmosquitto sees its connection end). */

G_END_DECLS
