/* sb-prefix-input-stream.h: a pollable input stream that first gives bytes
 * already read from another stream, then that stream itself (serve reads a
 * request's headers to bound them, then hands the connection to libsoup)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define SB_TYPE_PREFIX_INPUT_STREAM (sb_prefix_input_stream_get_type ())
G_DECLARE_FINAL_TYPE (SbPrefixInputStream, sb_prefix_input_stream, SB, PREFIX_INPUT_STREAM,
                      GInputStream)

/* @base must be a GPollableInputStream that can poll (a socket's). */
GInputStream *
sb_prefix_input_stream_new (GBytes *prefix, GInputStream *base);

G_END_DECLS
