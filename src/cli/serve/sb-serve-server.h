/* sb-serve-server.h: the HTTP side of `signalboard-cli serve`: the API, the
 * event streams and the page, with its own limits on connections, header
 * size and idle time
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sb-serve-store.h"

G_BEGIN_DECLS

#define SB_SERVE_MAX_CONNECTIONS 64
#define SB_SERVE_MAX_HEADER_BYTES (16 * 1024)
#define SB_SERVE_IDLE_SECONDS 30

#define SB_TYPE_SERVE_SERVER (sb_serve_server_get_type ())
G_DECLARE_FINAL_TYPE (SbServeServer, sb_serve_server, SB, SERVE_SERVER, GObject)

/* @token: NULL for none (then nothing asks for one); @allow_origin: NULL for
 * no CORS headers. */
SbServeServer *
sb_serve_server_new (SbServeStore *store, const char *token, const char *allow_origin);
/* Binds @address (port 0: a free one) and starts accepting. */
gboolean
sb_serve_server_listen (SbServeServer *self, GInetSocketAddress *address, GError **error);
/* The port bound. */
guint
sb_serve_server_get_port (SbServeServer *self);
/* Stops accepting and closes every connection. */
void
sb_serve_server_close (SbServeServer *self);

G_END_DECLS
